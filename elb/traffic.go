package elb

import (
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"
)

// defaultTrafficTick is how often aggregate traffic is evaluated unless
// WithTrafficTick says otherwise: six times in each minute that the
// load balancer's metrics count, and at least as often as the shortest
// health check interval but one (5 s).
const defaultTrafficTick = 10 * time.Second

// Traffic is a source of requests to a listener in aggregate mode:
// rather than a handler call per request, the service evaluates the
// rate and the mix once per tick and computes, from a queueing model of
// each target, how many requests each target serves, how long they take
// and how many time out. The package documentation's "Aggregate
// traffic" has the model.
type Traffic struct {
	// Rate is the mean arrival rate at virtual time t, in requests per
	// second. It is called once per tick, at the tick's start, with no
	// lock held. Required.
	Rate func(t time.Time) float64
	// Kinds are the kinds of request in the traffic. At least one.
	Kinds []RequestKind
}

// RequestKind is one kind of request in a [Traffic]'s mix.
type RequestKind struct {
	// Request is what the requests look like to the listener's rules:
	// method, host, path, query, headers and source address. Its body is
	// not read. Nil stands for GET / from 192.0.2.1.
	Request *http.Request
	// Weight is the kind's share of the traffic against the other
	// kinds'. Zero counts as 1.
	Weight float64
	// Work is the mean time a request of this kind keeps one of its
	// target's workers busy (Backend.Workers): its service time.
	Work time.Duration
	// ResponseBytes is the mean size of its response bodies, counted in
	// the target's BytesOut ([HostInfo]).
	ResponseBytes float64
}

// TrafficStats are what a traffic source's requests met since it
// started. They are expected counts, computed from the model rather than
// counted one by one, and need not be whole.
type TrafficStats struct {
	// Requests is how many arrived at the load balancer.
	Requests float64
	// Answered is how many a target answered within the load balancer's
	// idle timeout.
	Answered float64
	// TimedOut is how many the target did not answer within it: a 504
	// (a Network Load Balancer resets the connection).
	TimedOut float64
	// NoTarget is how many found no routable target: a 503 (a Network
	// Load Balancer resets).
	NoTarget float64
	// NoBackend is how many went to a target with nothing listening: a
	// 502 (a Classic Load Balancer's 504, a Network one's reset).
	NoBackend float64
	// LoadBalancer is how many a fixed-response or redirect action
	// answered.
	LoadBalancer float64
	// Unmodelled is how many a rule sent to a lambda target group, which
	// aggregate mode does not model: they are counted here only.
	Unmodelled float64
	// MeanResponseTime is the mean time the answered requests took, from
	// arrival to the target's answer.
	MeanResponseTime time.Duration
}

// TrafficSource is aggregate traffic started with
// [Service.StartTraffic].
type TrafficSource struct {
	s       *Service
	l       *listener
	rate    func(time.Time) float64
	kinds   []trafficKind
	stopped bool // guarded by s.mu, as are the fields below
	stats   TrafficStats
	seconds float64 // the answered requests' response times, summed
	bytes   float64 // mean response bytes over the kinds
}

// trafficKind is a RequestKind as the service evaluates it.
type trafficKind struct {
	req   request
	share float64 // of the source's rate
	work  float64 // seconds
}

// hostTraffic is a host's state in aggregate mode, and its scratch
// during a tick.
type hostTraffic struct {
	backlog  float64 // requests waiting for a worker, as the model has it
	meanWork float64 // the mean work of its requests, seconds
	rate     float64 // requests arriving in this tick, per second
	work     float64 // their work arriving in this tick, seconds per second
	rt       responseTime
	inTick   bool // in the service's hosts of the tick
	// The share of requests over an idle timeout and the mean response
	// of the others, for rt and idle as they were when computed: in a
	// steady state they are the same tick after tick.
	fates struct {
		rt         responseTime
		idle       float64
		late, mean float64
	}
}

// flow is the requests of one kind of one source to one target in a
// tick.
type flow struct {
	src  *TrafficSource
	tg   *targetGroup
	t    *target
	rate float64 // requests per second
	idle float64 // the load balancer's idle timeout, seconds
}

// WithTrafficTick sets how often aggregate traffic ([Service.StartTraffic])
// is evaluated: every 10 s unless set. A shorter tick follows a
// changing rate and a growing queue more closely; a longer one costs
// less in a long simulation.
func WithTrafficTick(d time.Duration) Option {
	return func(cfg *config) {
		if d <= 0 {
			panic("elb.WithTrafficTick: the tick must be positive")
		}
		cfg.tick = d
	}
}

// StartTraffic starts aggregate traffic to the listener of ARN
// listenerArn, from the next tick on until it is stopped. Its requests
// go through the listener's rules, as the load balancer's own counts
// and metrics, the targets' work ([Inspector.Host]) and the source's
// [TrafficStats]; they call no handler and write no access log.
func (s *Service) StartTraffic(listenerArn string, tr Traffic) (*TrafficSource, error) {
	if tr.Rate == nil {
		return nil, ErrValidationError.With("traffic needs a rate")
	}
	if len(tr.Kinds) == 0 {
		return nil, ErrValidationError.With("traffic needs at least one kind of request")
	}
	src := &TrafficSource{s: s, rate: tr.Rate}
	total := 0.0
	for _, k := range tr.Kinds {
		if k.Weight < 0 || k.Work < 0 || k.ResponseBytes < 0 {
			return nil, ErrValidationError.With("a kind of request's weight, work and response bytes must not be negative")
		}
		w := k.Weight
		if w == 0 {
			w = 1
		}
		total += w
		r := k.Request
		if r == nil {
			r = httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = "192.0.2.1:40000"
		}
		src.kinds = append(src.kinds, trafficKind{req: newRequest(r), share: w, work: k.Work.Seconds()})
	}
	for i := range src.kinds {
		src.kinds[i].share /= total
		src.bytes += src.kinds[i].share * tr.Kinds[i].ResponseBytes
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.lookupListener(listenerArn)
	if err != nil {
		return nil, err
	}
	src.l = l
	s.traffic = append(s.traffic, src)
	if s.tickAt.IsZero() {
		s.scheduleTick(s.sched.Now())
	}
	return src, nil
}

// Stop stops the traffic from the next tick on. The requests already
// waiting at targets are still served.
func (src *TrafficSource) Stop() {
	s := src.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if src.stopped {
		return
	}
	src.stopped = true
	s.traffic = slices.DeleteFunc(s.traffic, func(o *TrafficSource) bool { return o == src })
}

// Stats returns what the source's requests met so far.
func (src *TrafficSource) Stats() TrafficStats {
	s := src.s
	s.mu.Lock()
	defer s.mu.Unlock()
	st := src.stats
	if st.Answered > 0 {
		st.MeanResponseTime = fromSeconds(src.seconds / st.Answered)
	}
	return st
}

// scheduleTick schedules the tick that evaluates the traffic of
// [at, at+tick). s.mu must be held.
func (s *Service) scheduleTick(at time.Time) {
	s.tickAt = at
	s.sched.ScheduleAt(at, func() { s.runTick(at) })
}

// runTick evaluates a tick of aggregate traffic starting at at: the
// rates of the sources, the routes of their requests, each host's
// queue, and the counts of what the requests met, all at at. It
// schedules the next tick while traffic flows or requests wait.
func (s *Service) runTick(at time.Time) {
	s.mu.Lock()
	sources := append(s.tickSources[:0], s.traffic...)
	s.mu.Unlock()
	rates := s.tickRates[:0]
	for _, src := range sources {
		r := src.rate(at)
		if !(r > 0) || math.IsInf(r, 0) { // also NaN
			r = 0
		}
		rates = append(rates, r)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickSources, s.tickRates = sources, rates
	dt := s.tick.Seconds()
	flows := s.flows[:0]
	for i, src := range sources {
		if !src.stopped {
			flows = s.routeLocked(flows, src, rates[i], dt, at)
		}
	}
	queued := s.tickHosts[:0]
	for _, h := range s.tickHosts {
		if h.backend.Handler != nil {
			h.busy += fromSeconds(h.model(dt))
		} else {
			h.traffic.backlog = 0 // nothing listens: its queue went with it
		}
		h.traffic.rate, h.traffic.work = 0, 0
		if h.traffic.backlog > 0 {
			queued = append(queued, h) // still working on the tick after: stays in
		} else {
			h.traffic.inTick = false
		}
	}
	for _, f := range flows {
		s.countFlowLocked(f, dt)
	}
	clear(flows)
	s.flows = flows[:0]
	s.tickHosts = queued
	s.tickAt = time.Time{}
	if len(s.traffic) > 0 || len(queued) > 0 {
		s.scheduleTick(at.Add(s.tick))
	}
}

// routeLocked takes a source's requests of a tick through its
// listener's rules and target groups, counts those that reach no target,
// and appends a flow for each target that gets some, adding their rate
// and work to its host. s.mu must be held.
func (s *Service) routeLocked(flows []flow, src *TrafficSource, rate, dt float64, now time.Time) []flow {
	l := src.l
	if l.deleted || rate == 0 {
		return flows
	}
	lb := l.lb
	idle := networkIdleTimeout
	if lb.typ != TypeNetwork {
		idle = lb.attrs.seconds("idle_timeout.timeout_seconds")
	}
	for i := range src.kinds {
		k := &src.kinds[i]
		n := rate * k.share * dt
		src.stats.Requests += n
		a := l.match(&k.req).action
		switch a.spec.Type {
		case ActionFixedResponse, ActionRedirect:
			src.stats.LoadBalancer += n
			lb.counts.requests += n
			status := http.StatusMovedPermanently
			if f := a.spec.FixedResponseConfig; f != nil {
				status, _ = strconv.Atoi(f.StatusCode)
			}
			lb.counts.elb(n, status)
			continue
		}
		for _, g := range a.forward {
			share := float64(g.weight) / float64(a.total)
			if share == 0 {
				continue
			}
			flows = s.splitLocked(flows, src, k, g.tg, rate*k.share*share, idle.Seconds(), now)
		}
	}
	return flows
}

// splitLocked splits rate, the requests of kind k to target group tg,
// over its routable targets as its algorithm would on average: equally,
// scaled by slow start, or for least outstanding requests in proportion
// to the targets' workers too. s.mu must be held.
func (s *Service) splitLocked(flows []flow, src *TrafficSource, k *trafficKind, tg *targetGroup, rate, idle float64, now time.Time) []flow {
	lb := src.l.lb
	n := rate * s.tick.Seconds()
	if tg.targetType == TargetTypeLambda {
		src.stats.Unmodelled += n
		return flows
	}
	s.expireLocked(tg, now)
	open := tg.health.enabled && tg.failOpen()
	byWorkers := tg.attrs.get("load_balancing.algorithm.type") == AlgorithmLeastOutstandingRequests
	first, total := len(flows), 0.0
	for _, t := range tg.targets {
		if tg.routable(t, open) {
			w := shareOf(tg, t, byWorkers, now)
			total += w
			flows = append(flows, flow{src: src, tg: tg, t: t, rate: w, idle: idle})
		}
	}
	if total == 0 {
		src.stats.NoTarget += n
		lb.counts.requests += n
		tg.counts.requests += n
		lb.refused(n, http.StatusServiceUnavailable)
		return flows[:first]
	}
	for i := range flows[first:] {
		f := &flows[first+i]
		f.rate *= rate / total
		q := &f.t.host.traffic
		if !q.inTick {
			q.inTick = true
			s.tickHosts = append(s.tickHosts, f.t.host)
		}
		q.rate += f.rate
		q.work += f.rate * k.work
	}
	return flows
}

// shareOf is target t's share of its group's aggregate traffic against
// a target with a share of 1.
func shareOf(tg *targetGroup, t *target, byWorkers bool, now time.Time) float64 {
	w := tg.weight(t, now)
	if byWorkers {
		w *= float64(max(t.host.backend.Workers, 1))
	}
	return w
}

// countFlowLocked counts what a flow's requests met: answered, timed
// out, or sent to nothing. s.mu must be held.
func (s *Service) countFlowLocked(f flow, dt float64) {
	lb, src := f.src.l.lb, f.src
	n := f.rate * dt
	lb.counts.requests += n
	f.tg.counts.requests += n
	if f.t.host.backend.Handler == nil {
		src.stats.NoBackend += n
		f.tg.counts.connectionErrors += n
		switch {
		case lb.typ == TypeNetwork:
			lb.counts.flows.targetResets += n
		case lb.classic != nil:
			lb.counts.elb(n, http.StatusGatewayTimeout)
		default:
			lb.counts.elb(n, http.StatusBadGateway)
		}
		return
	}
	lateShare, mean := f.t.host.traffic.fatesWithin(f.idle)
	late := n * lateShare
	answered := n - late
	src.stats.TimedOut += late
	src.stats.Answered += answered
	src.seconds += answered * mean
	lb.refused(late, http.StatusGatewayTimeout)
	if lb.classic != nil { // a Classic Load Balancer's Latency counts the wait
		lb.counts.took(late, fromSeconds(f.idle))
	}
	f.t.host.sent += answered * src.bytes
	if answered > 0 {
		f.tg.counts.many(answered, http.StatusOK, fromSeconds(mean))
		lb.counts.many(answered, http.StatusOK, fromSeconds(mean))
	}
}

// refused counts n requests of aggregate traffic that the load balancer
// answers itself with status; a Network Load Balancer resets them. s.mu
// must be held.
func (lb *loadBalancer) refused(n float64, status int) {
	if lb.typ == TypeNetwork {
		lb.counts.flows.elbResets += n
		return
	}
	lb.counts.elb(n, status)
}

// model advances h's queue over a tick of dt seconds with the requests
// that arrive in it, sets the distribution of their response times, and
// returns the work its workers did, in seconds. While the host keeps up
// and no request waits, it is in the steady state of an M/M/c queue;
// once it falls behind, its backlog is a fluid that grows at the excess
// of arrivals over capacity and drains at the excess of capacity over
// arrivals.
func (h *host) model(dt float64) (done float64) {
	q := &h.traffic
	if q.rate > 0 {
		q.meanWork = q.work / q.rate
	}
	arrived := q.rate * dt
	if q.meanWork == 0 {
		q.rt, q.backlog = responseTime{mu: math.Inf(1)}, 0
		return 0
	}
	mu := 1 / q.meanWork
	workers := h.backend.Workers
	if workers <= 0 {
		q.rt, q.backlog = responseTime{mu: mu}, 0
		return arrived * q.meanWork
	}
	capacity := float64(workers) * mu
	if q.backlog == 0 && q.rate < capacity {
		q.rt = responseTime{pw: erlangC(workers, q.rate/mu), theta: capacity - q.rate, mu: mu}
		return arrived * q.meanWork
	}
	q0 := q.backlog
	q1 := q0 + (q.rate-capacity)*dt
	mean := (q0 + q1) / 2
	if q1 < 0 { // drained within the tick
		drain := q0 / (capacity - q.rate)
		mean, q1 = q0*drain/2/dt, 0
	}
	q.rt, q.backlog = responseTime{wait: mean / capacity, mu: mu}, q1
	return (q0 + arrived - q1) * q.meanWork
}

// fatesWithin returns the share of q's requests that take longer than
// idle seconds and the mean response time of the others.
func (q *hostTraffic) fatesWithin(idle float64) (late, mean float64) {
	c := &q.fates
	if c.rt != q.rt || c.idle != idle {
		c.rt, c.idle = q.rt, idle
		c.late, c.mean = q.rt.over(idle), q.rt.meanWithin(idle)
	}
	return c.late, c.mean
}

// erlangC returns the probability that a request to c workers offered
// a erlangs of work (a < c) waits: Erlang's C formula, computed from
// his B formula's recurrence.
func erlangC(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(c) * b / (float64(c) - a*(1-b))
}

// responseTime is the distribution of a host's response times in a
// tick: R = D + W + S, where D is the fixed wait behind the backlog
// (when the host has fallen behind), W is zero or, with probability pw,
// exponential with rate theta (Erlang C's wait, when it keeps up), and S
// the work, exponential with rate mu.
type responseTime struct {
	wait, pw, theta, mu float64
}

// over returns P(R > t).
func (r responseTime) over(t float64) float64 {
	x := t - r.wait
	if x <= 0 {
		return 1
	}
	es := math.Exp(-r.mu * x)
	if r.pw == 0 {
		return es
	}
	// P(W' + S > x) for W' exponential with rate theta: the
	// hypoexponential tail.
	var both float64
	if math.Abs(r.theta-r.mu) < 1e-9*r.mu {
		both = (1 + r.mu*x) * es
	} else {
		both = (r.theta*es - r.mu*math.Exp(-r.theta*x)) / (r.theta - r.mu)
	}
	return (1-r.pw)*es + r.pw*both
}

// meanWithin returns the mean of R over the requests answered within t.
// With a fixed wait it is exact (S truncated at t - D); when the host
// keeps up it is R's mean, which the few requests slower than an idle
// timeout barely move.
func (r responseTime) meanWithin(t float64) float64 {
	if r.pw > 0 {
		return r.pw/r.theta + 1/r.mu
	}
	x := t - r.wait
	if x <= 0 || math.IsInf(r.mu, 1) {
		return r.wait
	}
	es := math.Exp(-r.mu * x)
	return r.wait + 1/r.mu - x*es/(1-es)
}

// fromSeconds converts seconds to a Duration.
func fromSeconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
