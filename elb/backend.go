package elb

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/awssim/awssim/internal/usercode"
)

// Backend is what serves at a target ID: the web server of an instance
// or an IP address, which AWS reaches over the network and the simulator
// calls in process. Set one with [Service.SetBackend].
type Backend struct {
	// Handler answers the requests the load balancer forwards and its
	// health checks. Required.
	Handler http.Handler
	// Latency gives the simulated time the backend takes to answer a
	// request, unless the handler reports one with [ReportLatency]. With
	// neither, it answers at once. It is the request's work: the time it
	// keeps one of the backend's workers busy. A negative latency is a
	// bug in the model, a crash of the backend: the connection closes
	// with no response, as when the handler panics.
	Latency func(*http.Request) time.Duration
	// Workers is how many requests the backend works on at once: its
	// worker processes or threads, or its vCPUs for work that is all
	// computation. A request that finds them all busy waits, in arrival
	// order, for the first to be free, and its latency is the wait and
	// its work. Zero means as many as there are requests: no request
	// waits.
	Workers int
	// AvailabilityZone is the zone of the backend's host ("us-east-1a"),
	// where an outage of the account's fault plan reaches it (see the
	// package documentation, Faults). Empty: in no zone an outage darkens.
	AvailabilityZone string
}

// host is what stands at a target ID: the backend serving there, if
// any, and the work it has been given.
type host struct {
	backend Backend
	free    []time.Time   // when each worker is next free
	busy    time.Duration // work done or booked, summed over workers
	sent    float64       // bytes of the response bodies it sent, in both modes
	traffic hostTraffic   // its state in aggregate mode
}

// admit books a request that arrives at now and takes work on the first
// worker to be free, and returns its latency: the wait for that worker
// and the work. s.mu must be held.
func (h *host) admit(now time.Time, work time.Duration) time.Duration {
	h.busy += work
	if h.backend.Workers <= 0 {
		return work
	}
	first := 0
	for i, f := range h.free {
		if f.Before(h.free[first]) {
			first = i
		}
	}
	begin := now
	if h.free[first].After(now) {
		begin = h.free[first]
	}
	h.free[first] = begin.Add(work)
	return h.free[first].Sub(now)
}

// SetBackend sets the backend that serves at target ID id (an instance
// ID or an IP address), in every target group it is registered with,
// from the next request or health check on. It is not an AWS operation:
// it stands for starting a web server on the instance. A registered
// target without a backend is a host with nothing listening: its health
// checks fail (Target.FailedHealthChecks) and requests to it get a 502.
//
// SetBackend panics if b has no Handler: that is a programmer error.
func (s *Service) SetBackend(id string, b Backend) {
	if b.Handler == nil {
		panic(fmt.Sprintf("elb.Service.SetBackend: backend of %q has no Handler", id))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hostLocked(id)
	h.backend = b
	if len(h.free) != max(b.Workers, 0) {
		h.free = make([]time.Time, max(b.Workers, 0))
	}
}

// RemoveBackend removes the backend of target ID id, as if its web
// server stopped: from the next request on it behaves as a host with
// nothing listening. The work it did stays counted.
func (s *Service) RemoveBackend(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.hosts[id]; h != nil {
		h.backend = Backend{}
	}
}

// hostLocked returns the host of target ID id, made on first use. Hosts
// are never removed, so that targets can keep theirs. s.mu must be held.
func (s *Service) hostLocked(id string) *host {
	h := s.hosts[id]
	if h == nil {
		h = &host{}
		s.hosts[id] = h
	}
	return h
}

// backend returns what serves at t: the zero Backend when nothing does.
// s.mu must be held.
func (t *target) backend() Backend {
	if t.host == nil {
		return Backend{}
	}
	return t.host.backend
}

// ReportLatency sets the simulated time the running backend takes to
// answer the request of ctx (the request's context), overriding
// Backend.Latency. Calling it outside a backend's handler does nothing.
// It panics if d is negative: in a handler, that is a crash of the
// backend, which closes the connection with no response.
func ReportLatency(ctx context.Context, d time.Duration) {
	if d < 0 {
		panic(fmt.Sprintf("elb.ReportLatency: negative duration %v", d))
	}
	if slot, ok := ctx.Value(latencyKey{}).(*latencySlot); ok {
		slot.d, slot.set = d, true
	}
}

// ReportedLatency returns what the running backend's handler reported
// with [ReportLatency] for the request of ctx so far, and false when it
// reported nothing (or ctx is not a backend request's): for a wrapper of
// a handler, such as a health agent that records each request's
// latency, which calls ReportLatency itself with what it settles on.
func ReportedLatency(ctx context.Context) (time.Duration, bool) {
	if slot, ok := ctx.Value(latencyKey{}).(*latencySlot); ok && slot.set {
		return slot.d, true
	}
	return 0, false
}

type latencyKey struct{}

// slotContext is the context of a request a backend answers into w: its
// parent's, with w's latency slot under latencyKey. A recorder holds one,
// so that a request costs no context allocation.
type slotContext struct {
	context.Context
	w *recorder
}

func (c *slotContext) Value(key any) any {
	if key == (latencyKey{}) {
		return &c.w.slot
	}
	return c.Context.Value(key)
}

// latencySlot is where ReportLatency leaves its value.
type latencySlot struct {
	d   time.Duration
	set bool
}

// recorder is the http.ResponseWriter a backend answers into: the load
// balancer reads the whole response before it decides what the client
// gets (a 504 when the backend was too slow). Recorders are pooled.
type recorder struct {
	header  http.Header
	status  int
	body    bytes.Buffer
	wrote   bool
	invalid bool // WriteHeader was given a code no HTTP response has
	slot    latencySlot
	ctx     slotContext
}

var recorders = sync.Pool{New: func() any { return &recorder{header: make(http.Header)} }}

func newRecorder() *recorder {
	w := recorders.Get().(*recorder)
	w.reset()
	return w
}

// reset makes w ready for the next response.
func (w *recorder) reset() {
	clear(w.header)
	w.status, w.wrote, w.invalid, w.slot = 0, false, false, latencySlot{}
	w.body.Reset()
}

func (w *recorder) release() {
	if w.body.Cap() <= 64<<10 {
		recorders.Put(w)
	}
}

// context returns parent with w's latency slot, for the request the
// backend answers into w.
func (w *recorder) context(parent context.Context) context.Context {
	w.ctx = slotContext{parent, w}
	return &w.ctx
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	switch {
	case w.wrote:
	case code < 100 || code > 999:
		w.invalid, w.wrote = true, true
	case code < 200:
		// An informational response: the final one follows.
	default:
		w.status, w.wrote = code, true
	}
}

func (w *recorder) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

// outcome is how a backend's handler ended, beside its response.
type outcome int

const (
	answered    outcome = iota
	noBackend           // nothing listens: the connection is refused
	aborted             // the handler panicked: the connection is closed
	malformed           // the handler wrote a status no response has
	unreachable         // its zone is dark: no connection (a fault)
	hung                // it takes the connection and never answers (a fault)
)

// Serve runs the backend's handler on r as a target of a load balancer
// would answer it, for a caller that sends the instance's web server
// requests of its own, and returns the response's status code and the
// virtual time the backend takes to answer: the handler's
// [ReportLatency], else Latency(r). The status is 0 when Handler is nil
// or panics. Serve does not wait for a free worker: queueing on Workers
// is the caller's to model. It must be called with no lock held that the
// handler might need. A caller that sends many requests uses a [Caller],
// which saves the copy of r that Serve makes.
func (b Backend) Serve(r *http.Request) (status int, latency time.Duration) {
	c := NewCaller(r.Context())
	return c.Serve(b, r.WithContext(c.Context()))
}

// A Caller sends backends requests of its own, one at a time, as a
// client that is not a load balancer does (Elastic Beanstalk's worker
// daemon posting to its instance's server). Its requests carry its
// [Caller.Context], made once, which holds the slot [ReportLatency]
// fills; it answers each into one response recorder that it keeps. Once
// [Caller.Serve] returns, the backend is done with the request, and the
// caller may use the request, its header map and its body again for the
// next one: a request then costs no allocation of its own. A Caller is
// not safe for concurrent use.
type Caller struct {
	w recorder
}

// NewCaller returns a Caller whose requests' context is parent's, with
// the latency slot.
func NewCaller(parent context.Context) *Caller {
	c := &Caller{w: recorder{header: make(http.Header)}}
	c.w.ctx = slotContext{parent, &c.w}
	return c
}

// Context returns the context the caller's requests must carry (make
// them with http.NewRequestWithContext or [http.Request.WithContext]):
// the parent's, and ReportLatency's slot.
func (c *Caller) Context() context.Context { return &c.w.ctx }

// Serve is [Backend.Serve] for a request r that carries c's Context.
func (c *Caller) Serve(b Backend, r *http.Request) (status int, latency time.Duration) {
	w := &c.w
	w.reset()
	o, latency := serve(b, w, r)
	if w.body.Cap() > 64<<10 {
		w.body = bytes.Buffer{} // one large answer does not stay in memory
	}
	if o != answered {
		return 0, latency
	}
	return w.status, latency
}

// serve runs b's handler on r (whose context carries w's latency slot),
// and returns how it ended and the latency in virtual time. It must be
// called without s.mu held: the handler is user code.
func serve(b Backend, w *recorder, r *http.Request) (o outcome, latency time.Duration) {
	if b.Handler == nil {
		return noBackend, 0
	}
	// A panic in the handler, with http.ErrAbortHandler or anything
	// else, closes the connection, as net/http's server does; one in the
	// latency model is the same crash of the user's server.
	if p := usercode.Call(func() {
		b.Handler.ServeHTTP(w, r)
		latency = w.slot.d
		if !w.slot.set && b.Latency != nil {
			if latency = b.Latency(r); latency < 0 {
				panic(fmt.Sprintf("elb: a Backend.Latency model returned a negative duration %v", latency))
			}
		}
	}); p != nil {
		return aborted, 0
	}
	switch {
	case w.invalid:
		return malformed, latency
	case !w.wrote:
		w.status = http.StatusOK
	}
	return answered, latency
}

func itoa(n int) string { return strconv.Itoa(n) }

func pathURL(p string) *url.URL { return &url.URL{Path: p} }
