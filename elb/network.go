package elb

import (
	"net/http"
	"net/netip"
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// networkIdleTimeout is how long a Network Load Balancer keeps a TCP
// flow with no data on it: a target silent for longer gets the
// connection reset.
const networkIdleTimeout = 350 * time.Second

// The metrics of Network Load Balancers that the service publishes with
// [WithMetrics], in the AWS/NetworkELB namespace, once a minute, per
// load balancer (dimension LoadBalancer, "net/NAME/ID"). Beside them,
// per target group (dimensions LoadBalancer and TargetGroup),
// HealthyHostCount and UnHealthyHostCount.
const (
	MetricNewFlowCount        = "NewFlowCount"
	MetricActiveFlowCount     = "ActiveFlowCount"
	MetricProcessedBytes      = "ProcessedBytes"
	MetricTCPClientResetCount = "TCP_Client_Reset_Count"
	MetricTCPELBResetCount    = "TCP_ELB_Reset_Count"
	MetricTCPTargetResetCount = "TCP_Target_Reset_Count"
	networkNamespace          = "AWS/NetworkELB"
)

// flowCounts are a Network Load Balancer's counts since its metrics were
// last collected.
type flowCounts struct {
	clientResets, elbResets, targetResets float64
	bytes                                 int64
}

// fnv1a folds s into the 64-bit FNV-1a hash h. The flow hash is FNV-1a
// so that a flow's target depends only on the flow and the load balancer
// (whose ARN, from the service's seed, salts it), the same on every run.
func fnv1a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

const fnvOffset = 14695981039346656037

// mix is the finaliser of MurmurHash3: FNV-1a's last bytes barely reach
// its high bits, and target IDs that differ only in their last digit
// must not score alike.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// serveFlow takes a request through listener l of a Network Load
// Balancer: one TCP flow, which the load balancer passes through
// unchanged to the target its flow hash picks, and whose bytes come back
// unchanged. What a load balancer that only sees TCP cannot answer with
// a status it answers by resetting the connection
// (panic(http.ErrAbortHandler)): no target, a target that refuses,
// closes or garbles, or one silent for longer than the idle timeout.
// s.mu must be held; serveFlow releases it.
func (s *Service) serveFlow(x *exchange, l *listener, w http.ResponseWriter, r *http.Request, now time.Time) {
	lb := l.lb
	lb.counts.requests++
	tg := l.def.action.forward[0].tg // a Network Load Balancer's listener has no rules and one group
	s.expireLocked(tg, now)
	t := flowTarget(lb, tg, l, r)
	if t == nil {
		lb.counts.flows.elbResets++
		s.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
	tg.counts.requests++
	x.fwd = *r.WithContext(x.rec.context(r.Context()))
	if !tg.attrs.bool("preserve_client_ip.enabled") {
		// The target sees the connection come from the load balancer's
		// node.
		x.fwd.RemoteAddr = healthNode + ":40002"
	}
	backend := t.backend()
	o := s.connectLocked(t, &backend)
	s.mu.Unlock()

	var latency time.Duration
	if o == answered {
		o, latency = serve(backend, x.rec, &x.fwd)
	}

	s.mu.Lock()
	switch o {
	case answered:
		latency = t.host.admit(now, latency)
		t.host.sent += float64(x.rec.body.Len())
	case unreachable, hung:
		// Faults of the plan: the flow stays silent until the load
		// balancer resets it.
		o, latency = answered, never
	}
	reset := true
	switch {
	case o != answered:
		lb.counts.flows.targetResets++
	case latency > networkIdleTimeout:
		lb.counts.flows.elbResets++
	case r.Context().Err() != nil:
		// The client is gone: nothing to send it.
		lb.counts.flows.clientResets++
		reset = false
	default:
		lb.counts.flows.bytes += max(x.fwd.ContentLength, 0) + int64(x.rec.body.Len())
		t.track(now, now.Add(latency))
		x.status = x.rec.status
		reset = false
	}
	s.mu.Unlock()
	if reset {
		panic(http.ErrAbortHandler)
	}
	if x.status != 0 {
		x.writeResponse(w)
	}
}

// flowTarget picks the target of a flow by rendezvous hashing: of the
// routable targets, the one whose hash with the flow is highest. The
// flow is the listener's protocol and port and the client's address and
// port (its IP alone when the group's source_ip stickiness is on), so a
// client's connection stays on its target while that target is
// routable, and a target coming or going moves only its own flows.
// The service's lock must be held.
func flowTarget(lb *loadBalancer, tg *targetGroup, l *listener, r *http.Request) *target {
	flow := r.RemoteAddr
	if tg.attrs.bool("stickiness.enabled") {
		if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
			flow = ap.Addr().String()
		}
	}
	key := fnv1a(fnv1a(fnv1a(fnv1a(fnvOffset, lb.arnString), l.protocol), itoa(l.port)), flow)
	open := tg.health.enabled && tg.failOpen()
	var best *target
	var bestScore uint64
	for _, t := range tg.targets {
		if !tg.routable(t, open) {
			continue
		}
		if score := mix(fnv1a(key, t.id)); best == nil || score > bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

// collectNetworkMetrics is the service's cloudwatch.CollectFunc for
// AWS/NetworkELB: each Network Load Balancer's flows of the minute and
// the flows active now, and the health of its target groups sampled
// now.
func (s *Service) collectNetworkMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	var data []cloudwatch.MetricDatum
	for _, lb := range sortedBySeq(s.loadBalancers, func(lb *loadBalancer) uint64 { return lb.seq }) {
		if lb.typ != TypeNetwork {
			continue
		}
		c := lb.counts
		lb.counts = lbCounts{}
		dims := []cloudwatch.Dimension{{Name: "LoadBalancer", Value: lb.dimension}}
		active := 0
		for _, tg := range s.groupsOfLocked(lb, now) {
			tg.counts = tgCounts{}
			for _, t := range tg.targets {
				active += t.outstanding(now)
			}
			data, _ = tg.appendHostCounts(data, groupDimensions(lb, tg))
		}
		data = append(data, cloudwatch.Count(MetricActiveFlowCount, dims, active))
		if c.requests == 0 {
			continue
		}
		data = append(data,
			cloudwatch.Count(MetricNewFlowCount, dims, c.requests),
			cloudwatch.MetricDatum{MetricName: MetricProcessedBytes, Dimensions: dims, Unit: cloudwatch.UnitBytes, Value: cloudwatch.Float64(float64(c.flows.bytes))})
		data = appendNonZero(data, dims, []count{
			{MetricTCPClientResetCount, c.flows.clientResets}, {MetricTCPELBResetCount, c.flows.elbResets}, {MetricTCPTargetResetCount, c.flows.targetResets},
		})
	}
	return data
}
