package elb

import (
	"slices"
	"time"
)

// Inspector reads the state of a [Service] for tests, beside the AWS
// operations: the access logs, every target with its health and load,
// and the event log. It returns copies, in a deterministic order;
// changing them changes nothing in the service.
type Inspector struct {
	s *Service
}

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// AccessLog returns the access log entries of the load balancer of ARN
// lbArn, in the order its requests arrived; nil for a load balancer that
// does not exist. Entries are kept while the load balancer's
// access_logs.s3.enabled attribute is true.
func (i *Inspector) AccessLog(lbArn string) []AccessLogEntry {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if lb := s.loadBalancers[lbArn]; lb != nil {
		return slices.Clone(lb.accessLog)
	}
	return nil
}

// TargetInfo is a registered target as the [Inspector] sees it.
type TargetInfo struct {
	ID    string
	Port  int
	State string
	// Reason is the reason code of every state but healthy.
	Reason string
	// Outstanding is how many requests the target is serving at the
	// clock's time, in virtual time.
	Outstanding int
	// SlowStartEnds is when its slow start ends; zero when it has none.
	SlowStartEnds time.Time
	// DrainingEnds is when its deregistration delay ends; zero unless it
	// is draining.
	DrainingEnds time.Time
}

// Targets returns the targets registered with the target group of ARN
// tgArn, in registration order, as DescribeTargetHealth reports their
// health; nil for a target group that does not exist.
func (i *Inspector) Targets(tgArn string) []TargetInfo {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.targetGroups[tgArn]
	if tg == nil {
		return nil
	}
	now := s.sched.Now()
	s.expireLocked(tg, now)
	out := make([]TargetInfo, 0, len(tg.targets))
	for _, t := range tg.targets {
		state, reason := tg.healthOf(t)
		out = append(out, TargetInfo{
			ID: t.id, Port: t.port, State: state, Reason: reason,
			Outstanding: t.outstanding(now), SlowStartEnds: t.slowEnd, DrainingEnds: t.drainEnd,
		})
	}
	return out
}

// HostInfo is the work at one target ID, as the [Inspector] sees it.
type HostInfo struct {
	ID string
	// Workers is its backend's Workers; zero without a backend.
	Workers int
	// Busy is the work its workers have done or been given since the
	// service began, summed over them: the work of every request
	// answered, in both modes. Its growth over a span, divided by the
	// span and the workers, is the host's utilisation.
	Busy time.Duration
	// Backlog is how many requests of aggregate traffic wait for a
	// worker, as the model has it.
	Backlog float64
	// BytesOut is the bytes of response bodies it has sent since the
	// service began: those of the requests it answered one by one, and
	// the ResponseBytes of its aggregate traffic's kinds.
	BytesOut float64
}

// Host returns the work at target ID id; false when no backend was ever
// set there and no target of that ID registered.
func (i *Inspector) Host(id string) (HostInfo, bool) {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hosts[id]
	if h == nil {
		return HostInfo{}, false
	}
	return HostInfo{ID: id, Workers: h.backend.Workers, Busy: h.busy, Backlog: h.traffic.backlog, BytesOut: h.sent}, true
}

// Events returns the service's events in the account's log, in the order
// they were recorded. It is empty unless the service was made with
// [WithHistory].
func (i *Inspector) Events() []Event {
	var out []Event
	for _, e := range i.s.account.Events() {
		if e.Service == "elb" {
			out = append(out, eventOf(e))
		}
	}
	return out
}
