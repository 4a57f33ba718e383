package elb

import (
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler returns the http.Handler of a listener: a request served by it
// goes through the load balancer as AWS would take it (see the package
// documentation, Requests). The handler stays valid while the listener
// exists; once it is deleted, the handler closes every connection
// (panics with http.ErrAbortHandler, as a Go server closes one).
//
// Errors: ErrValidationError, ErrListenerNotFoundException.
func (s *Service) Handler(listenerArn string) (http.Handler, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.lookupListener(listenerArn)
	if err != nil {
		return nil, err
	}
	return &listenerHandler{s: s, l: l}, nil
}

type listenerHandler struct {
	s *Service
	l *listener
}

func (h *listenerHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.s.serve(h.l, w, r) }

// exchange is one request's way through the load balancer. Exchanges are
// pooled: a request costs no allocation of its own.
type exchange struct {
	rec    *recorder
	lb     *loadBalancer
	rule   *rule // the rule that matched
	req    request
	entry  AccessLogEntry
	logged bool // the load balancer keeps an access log
	status int  // what the client gets
	target *target
	tg     *targetGroup
	fwd    http.Request // the request forwarded to the target
	cookie []*http.Cookie
}

var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// Fixed parts of the data plane.
const (
	// serverHeader is the Server header of the responses the load
	// balancer makes itself.
	serverHeader = "awselb/2.0"
	// stickyCookie, appCookie and groupCookie are the stickiness cookies
	// of an Application Load Balancer.
	stickyCookie = "AWSALB"
	appCookie    = "AWSALBAPP-0"
	groupCookie  = "AWSALBTG"
)

// serve takes a request through listener l.
func (s *Service) serve(l *listener, w http.ResponseWriter, r *http.Request) {
	x := exchanges.Get().(*exchange)
	defer func() {
		x.rec.release()
		*x = exchange{}
		exchanges.Put(x)
	}()
	x.rec = newRecorder()

	s.mu.Lock()
	if l.deleted {
		s.mu.Unlock()
		panic(http.ErrAbortHandler)
	}
	lb := l.lb
	now := s.sched.Now()
	if lb.typ == TypeNetwork {
		s.serveFlow(x, l, w, r, now)
		return
	}
	x.begin(s, l, r, now)
	if status := refuse(r); status != 0 && lb.classic == nil {
		s.respondLocked(x, lb, status, now, 0)
		s.mu.Unlock()
		lb.writeError(w, status)
		return
	}
	ru := l.match(&x.req)
	x.rule = ru
	x.entry.MatchedRulePriority = ru.priority
	a := ru.action
	x.entry.ActionsExecuted = a.spec.Type
	switch a.spec.Type {
	case ActionFixedResponse:
		f := a.spec.FixedResponseConfig
		x.status, _ = strconv.Atoi(f.StatusCode)
		s.respondLocked(x, lb, x.status, now, 0)
		s.mu.Unlock()
		if f.ContentType != "" {
			w.Header().Set("Content-Type", f.ContentType)
		}
		w.Header().Set("Server", serverHeader)
		w.WriteHeader(x.status)
		w.Write([]byte(f.MessageBody))
		return
	case ActionRedirect:
		loc := redirectLocation(a.spec.RedirectConfig, l, r)
		x.status = http.StatusMovedPermanently
		if a.spec.RedirectConfig.StatusCode == "HTTP_302" {
			x.status = http.StatusFound
		}
		x.entry.RedirectURL = loc
		s.respondLocked(x, lb, x.status, now, 0)
		s.mu.Unlock()
		w.Header().Set("Location", loc)
		w.Header().Set("Server", serverHeader)
		w.WriteHeader(x.status)
		return
	}

	tg := s.pickGroup(x, a, r, now)
	x.tg = tg
	if x.logged {
		x.entry.TargetGroupArn = tg.arnString
	}
	s.expireLocked(tg, now)
	t := s.pickTarget(x, tg, r, now)
	if t == nil {
		s.respondLocked(x, lb, http.StatusServiceUnavailable, now, 0)
		s.mu.Unlock()
		lb.writeError(w, http.StatusServiceUnavailable)
		return
	}
	x.target = t
	if x.logged {
		x.entry.Target = t.String()
		if l.instancePort != 0 {
			x.entry.Target = t.id + ":" + itoa(l.instancePort)
		}
	}
	idle := lb.attrs.seconds("idle_timeout.timeout_seconds")
	x.forward(s, l, r)
	if tg.targetType == TargetTypeLambda {
		multi := tg.attrs.bool("lambda.multi_value_headers.enabled")
		s.mu.Unlock()
		s.serveFunction(x, w, t, multi, idle, now)
		return
	}
	backend := t.backend()
	o := s.connectLocked(t, &backend)
	s.mu.Unlock()

	var latency time.Duration
	if o == answered {
		o, latency = serve(backend, x.rec, &x.fwd)
	}

	s.mu.Lock()
	switch {
	case o == unreachable:
		// A fault of the plan: no connection within the timeout.
		x.entry.TargetProcessingTime, x.entry.ResponseProcessingTime = -1, -1
		tg.counts.connectionErrors++
		s.respondLocked(x, lb, http.StatusGatewayTimeout, now, ConnectTimeout)
	case o == hung:
		// A fault of the plan: connected, and no answer.
		s.answeredLocked(x, r, tg, never, idle, now)
	case o != answered:
		// Refused, closed or garbled: the target gave no response. An
		// Application Load Balancer answers 502 for each; a Classic one
		// 504 for a refused or closed connection, 502 for a malformed
		// response.
		x.entry.TargetProcessingTime, x.entry.ResponseProcessingTime = -1, -1
		x.status = http.StatusBadGateway
		if lb.classic != nil && o != malformed {
			x.status = http.StatusGatewayTimeout
		}
		tg.counts.connectionErrors += float64(b2i(o == noBackend))
		s.respondLocked(x, lb, x.status, now, 0)
	default:
		latency = t.host.admit(now, latency)
		t.host.sent += float64(x.rec.body.Len())
		s.answeredLocked(x, r, tg, latency, idle, now)
	}
	s.mu.Unlock()
	x.reply(w)
}

// answeredLocked decides what the client gets from a target that
// answered after latency: its response; a 504 past the load balancer's
// idle timeout; nothing (460) when the client gave up first. s.mu must
// be held.
func (s *Service) answeredLocked(x *exchange, r *http.Request, tg *targetGroup, latency, idle time.Duration, now time.Time) {
	lb, t := x.lb, x.target
	switch {
	case latency > idle:
		// The target did not answer within the idle timeout.
		x.entry.TargetProcessingTime, x.entry.ResponseProcessingTime = -1, -1
		x.status, latency = http.StatusGatewayTimeout, idle
		if lb.classic != nil {
			// A Classic Load Balancer's Latency counts the wait: a
			// timed-out request's is the idle timeout.
			lb.counts.took(1, idle)
		}
	case r.Context().Err() != nil:
		// The client closed the connection before the target answered.
		x.entry.TargetProcessingTime, x.entry.ResponseProcessingTime = -1, -1
		x.status = 460
	default:
		x.status = x.rec.status
		x.entry.TargetStatusCode = x.status
		x.entry.TargetProcessingTime = latency
		tg.counts.response(x.status, latency)
		lb.counts.response(x.status, latency)
		s.stickLocked(x, tg, t, now)
	}
	t.track(now, now.Add(latency))
	s.respondLocked(x, lb, x.status, now, latency)
}

// reply writes what the client gets: the target's response, or the load
// balancer's own.
func (x *exchange) reply(w http.ResponseWriter) {
	if x.entry.TargetStatusCode == 0 {
		x.lb.writeError(w, x.status)
		return
	}
	x.writeResponse(w)
}

// begin fills in what the access log knows of r on arrival. s.mu must be
// held.
func (x *exchange) begin(s *Service, l *listener, r *http.Request, now time.Time) {
	lb := l.lb
	x.req = newRequest(r)
	host := x.req.host
	x.logged = lb.attrs.bool("access_logs.s3.enabled")
	x.entry.MatchedRulePriority, x.entry.RequestCreationTime = -1, now
	x.lb = lb
	if !x.logged {
		return
	}
	scheme := "http"
	if l.protocol == ProtocolHTTPS {
		scheme = "https"
	}
	x.entry = AccessLogEntry{
		Type:                scheme,
		ELB:                 lb.dimension,
		Client:              r.RemoteAddr,
		Target:              "-",
		Request:             fmt.Sprintf("%s %s://%s:%d%s %s", r.Method, scheme, host, l.port, r.URL.RequestURI(), r.Proto),
		UserAgent:           r.UserAgent(),
		TargetGroupArn:      "-",
		MatchedRulePriority: -1,
		RequestCreationTime: now,
		ActionsExecuted:     "-",
		RedirectURL:         "-",
		ErrorReason:         "-",
		ReceivedBytes:       max(r.ContentLength, 0),
	}
}

// newRequest returns what the conditions of rules read of r.
func newRequest(r *http.Request) request {
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	req := request{host: host, path: r.URL.Path, method: r.Method, rawQ: r.URL.RawQuery, header: r.Header}
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		req.source = ap.Addr()
	}
	return req
}

// refuse returns the status an Application Load Balancer answers r with
// before any rule, or 0 when it takes r.
func refuse(r *http.Request) int {
	switch {
	case r.Method == http.MethodTrace:
		return http.StatusMethodNotAllowed
	case len(r.URL.RequestURI()) > 16<<10:
		return http.StatusRequestURITooLong
	}
	for _, te := range r.TransferEncoding {
		if te != "chunked" && te != "identity" {
			return http.StatusNotImplemented
		}
	}
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		n := 0
		for _, v := range xff {
			n += strings.Count(v, ",") + 1
		}
		if n > MaxForwardedFor {
			return 463
		}
	}
	size := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			if len(k)+len(v) > 16<<10 {
				return http.StatusBadRequest
			}
			size += len(k) + len(v) + 4
		}
	}
	if size > 64<<10 {
		return http.StatusBadRequest
	}
	return 0
}

// match returns the first rule of l, by priority, whose conditions r
// meets, or l's default rule.
func (l *listener) match(r *request) *rule {
rules:
	for _, ru := range l.rules {
		for i := range ru.conditions {
			if !ru.conditions[i].matches(r) {
				continue rules
			}
		}
		return ru
	}
	return l.def
}

// redirectLocation forms the Location of a redirect from its config and
// the request, expanding the #{…} keywords.
func redirectLocation(c *RedirectActionConfig, l *listener, r *http.Request) string {
	protocol := "http"
	if l.protocol == ProtocolHTTPS {
		protocol = "https"
	}
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	port := strconv.Itoa(l.port)
	expand := func(v, def string) string {
		if v == "" {
			return def
		}
		return strings.NewReplacer("#{protocol}", protocol, "#{host}", host, "#{port}", port, "#{path}", path, "#{query}", r.URL.RawQuery).Replace(v)
	}
	np := strings.ToLower(expand(c.Protocol, protocol))
	nh := expand(c.Host, host)
	nport := expand(c.Port, port)
	npath := expand(c.Path, "/"+path)
	nq := expand(c.Query, r.URL.RawQuery)
	loc := np + "://" + nh
	if !(np == "http" && nport == "80" || np == "https" && nport == "443") {
		loc += ":" + nport
	}
	loc += npath
	if nq != "" {
		loc += "?" + nq
	}
	return loc
}

// pickGroup chooses the target group of a forward action: by the
// AWSALBTG cookie when group stickiness is on and the cookie names one
// of the action's groups, else at random by weight from the service's
// seed. s.mu must be held.
func (s *Service) pickGroup(x *exchange, a *action, r *http.Request, now time.Time) *targetGroup {
	if len(a.forward) == 1 {
		return a.forward[0].tg
	}
	if a.stickiness > 0 {
		if c, err := r.Cookie(groupCookie); err == nil {
			if id, ok := readToken(c.Value, now); ok {
				for _, g := range a.forward {
					if g.tg.arn.ID == id && g.weight > 0 {
						x.cookie = append(x.cookie, tokenCookie(groupCookie, id, now, a.stickiness))
						return g.tg
					}
				}
			}
		}
	}
	n := s.draws.IntN(a.total)
	chosen := a.forward[len(a.forward)-1].tg
	for _, g := range a.forward {
		if n < g.weight {
			chosen = g.tg
			break
		}
		n -= g.weight
	}
	if a.stickiness > 0 {
		x.cookie = append(x.cookie, tokenCookie(groupCookie, chosen.arn.ID, now, a.stickiness))
	}
	return chosen
}

// routable reports whether requests may go to t: a healthy target, or
// with health checks off any registered one, or, when the group has
// fewer healthy targets than its minimum (fail-open), any registered one
// that is not draining.
func (tg *targetGroup) routable(t *target, failOpen bool) bool {
	if t.state == HealthDraining {
		return false
	}
	return failOpen || !tg.health.enabled || t.state == HealthHealthy
}

// failOpen reports whether tg routes to all its targets because too few
// are healthy: fewer than
// target_group_health.unhealthy_state_routing.minimum_healthy_targets.count
// (1 by default, so: none healthy) or .percentage.
func (tg *targetGroup) failOpen() bool {
	healthy, registered := 0, 0
	for _, t := range tg.targets {
		if t.state != HealthDraining {
			registered++
			healthy += b2i(t.state == HealthHealthy)
		}
	}
	if n, on := tg.attrs.limit("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count"); on && healthy < n {
		return true
	}
	if p, on := tg.attrs.limit("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage"); on && healthy*100 < p*registered {
		return true
	}
	return false
}

// pickTarget chooses the target of a request to tg: the one its
// stickiness cookie names, while routable, else by the group's
// algorithm. It returns nil when the group has no registered target
// that is not draining. s.mu must be held.
func (s *Service) pickTarget(x *exchange, tg *targetGroup, r *http.Request, now time.Time) *target {
	open := tg.health.enabled && tg.failOpen()
	if tg.attrs.bool("stickiness.enabled") {
		name := stickyCookie
		if tg.attrs.get("stickiness.type") == "app_cookie" {
			name = appCookie
		}
		if c, err := r.Cookie(name); err == nil {
			if id, ok := readToken(c.Value, now); ok {
				for _, t := range tg.targets {
					if t.cookie == id && tg.routable(t, open) {
						return t
					}
				}
			}
		}
	}
	switch tg.attrs.get("load_balancing.algorithm.type") {
	case AlgorithmLeastOutstandingRequests:
		// Ties go round robin: the search starts after the last choice.
		var best *target
		bestN, bestAt := 0, 0
		for i := range tg.targets {
			at := (tg.cursor + i) % len(tg.targets)
			t := tg.targets[at]
			if !tg.routable(t, open) {
				continue
			}
			if n := t.outstanding(now); best == nil || n < bestN {
				best, bestN, bestAt = t, n, at
			}
		}
		if best != nil {
			tg.cursor = (bestAt + 1) % len(tg.targets)
		}
		return best
	case AlgorithmWeightedRandom:
		total := 0.0
		for _, t := range tg.targets {
			if tg.routable(t, open) {
				total += tg.weight(t, now)
			}
		}
		if total == 0 {
			return nil
		}
		f := s.draws.Float64() * total
		var last *target
		for _, t := range tg.targets {
			if !tg.routable(t, open) {
				continue
			}
			last = t
			if f -= tg.weight(t, now); f < 0 {
				return t
			}
		}
		return last
	}
	// Round robin; a target in slow start earns its turn by its weight.
	var best *target
	for range len(tg.targets) {
		t := tg.targets[tg.cursor%len(tg.targets)]
		tg.cursor = (tg.cursor + 1) % len(tg.targets)
		if !tg.routable(t, open) {
			continue
		}
		if t.credit += tg.weight(t, now); t.credit >= 1 {
			t.credit--
			return t
		}
		if best == nil || t.credit > best.credit {
			best = t
		}
	}
	if best != nil {
		best.credit = 0
	}
	return best
}

// track records a request t works on from now until end, forgetting
// those that are over, so that the record stays as long as the requests
// in progress whatever the algorithm.
func (t *target) track(now, end time.Time) {
	t.outstanding(now)
	t.busy = append(t.busy, end)
}

// outstanding counts t's requests still in progress at now, and forgets
// those that are over.
func (t *target) outstanding(now time.Time) int {
	kept := t.busy[:0]
	for _, end := range t.busy {
		if end.After(now) {
			kept = append(kept, end)
		}
	}
	t.busy = kept
	return len(kept)
}

// forward makes the request the target receives: r with the headers the
// load balancer adds, and a context that carries the latency slot. An
// Application Load Balancer adds X-Forwarded-For, -Proto and -Port and
// X-Amzn-Trace-Id; a Classic one the first three, and nothing behind a
// TCP or SSL listener, which passes the bytes through. s.mu must be held
// (for the trace ID's randomness).
func (x *exchange) forward(s *Service, l *listener, r *http.Request) {
	x.fwd = *r.WithContext(x.rec.context(r.Context()))
	x.fwd.RemoteAddr = healthNode + ":40001"
	classic := l.lb.classic != nil
	if classic && !layer7(l.protocol) {
		return
	}
	h, spare := forwardedHeader(r.Header)
	client := clientIP(r.RemoteAddr)
	switch l.lb.attrs.get("routing.http.xff_header_processing.mode") {
	case "append":
		if l.lb.attrs.bool("routing.http.xff_client_port.enabled") {
			client = r.RemoteAddr
		}
		if prior := h.Get("X-Forwarded-For"); prior != "" {
			client = prior + ", " + client
		}
		h["X-Forwarded-For"] = spare.take(client)
	case "remove":
		h.Del("X-Forwarded-For")
	}
	proto := "http"
	if secure(l.protocol) {
		proto = "https"
	}
	h["X-Forwarded-Proto"] = spare.take(proto)
	h["X-Forwarded-Port"] = spare.take(itoa(l.port))
	x.fwd.Header = h
	if classic {
		return
	}
	trace := s.traceID(x.entry.RequestCreationTime)
	if prior := h.Get("X-Amzn-Trace-Id"); strings.HasPrefix(prior, "Root=") {
		trace = "Self=" + strings.TrimPrefix(trace, "Root=") + ";" + prior
	}
	h["X-Amzn-Trace-Id"] = spare.take(trace)
	x.entry.TraceID = trace
}

// traceID returns a new X-Amzn-Trace-Id root for a request received at
// t: version 1, the time in hexadecimal seconds, 96 random bits. s.mu
// must be held.
func (s *Service) traceID(t time.Time) string {
	var b [len("Root=1-") + 8 + 1 + 24]byte
	p := append(b[:0], "Root=1-"...)
	p = appendHex(p, uint64(t.Unix()), 8)
	p = append(p, '-')
	p = appendHex(p, uint64(s.draws.Uint32()), 8)
	p = appendHex(p, s.draws.Uint64(), 16)
	return string(p)
}

// appendHex appends the lowest digits hexadecimal digits of v, with
// leading zeros.
func appendHex(p []byte, v uint64, digits int) []byte {
	const hex = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		p = append(p, hex[v>>(4*uint(i))&0xf])
	}
	return p
}

// forwardedHeader copies the header of a request to forward, with room
// for the headers the load balancer adds, in one backing array for all
// values; spare holds the values left for the added headers.
func forwardedHeader(src http.Header) (h http.Header, spare spareValues) {
	const extra = 4 // X-Forwarded-For, -Proto, -Port, X-Amzn-Trace-Id
	n := extra
	for _, vv := range src {
		n += len(vv)
	}
	values := make([]string, n)
	h = make(http.Header, len(src)+extra)
	for k, vv := range src {
		m := copy(values, vv)
		h[k], values = values[:m:m], values[m:]
	}
	return h, values
}

// spareValues are unused elements of a header's backing array.
type spareValues []string

// take returns a one-value slice holding v, from the spare values.
func (p *spareValues) take(v string) []string {
	(*p)[0] = v
	vv := (*p)[:1:1]
	*p = (*p)[1:]
	return vv
}

// clientIP is the IP address of the client at addr (host:port) as
// X-Forwarded-For gives it: without the port, or an IPv6 address's
// brackets.
func clientIP(addr string) string {
	if _, err := netip.ParseAddrPort(addr); err != nil {
		return addr
	}
	host := addr[:strings.LastIndexByte(addr, ':')]
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// stickLocked adds the stickiness cookie of tg to the response, when
// stickiness is on: lb_cookie always, app_cookie when the target set the
// application's cookie. s.mu must be held.
func (s *Service) stickLocked(x *exchange, tg *targetGroup, t *target, now time.Time) {
	if !tg.attrs.bool("stickiness.enabled") {
		return
	}
	if tg.attrs.get("stickiness.type") == "app_cookie" {
		name := tg.attrs.get("stickiness.app_cookie.cookie_name")
		for _, v := range x.rec.header.Values("Set-Cookie") {
			if strings.HasPrefix(v, name+"=") {
				x.cookie = append(x.cookie, tokenCookie(appCookie, t.cookie, now, tg.attrs.seconds("stickiness.app_cookie.duration_seconds")))
				return
			}
		}
		return
	}
	d := tg.attrs.seconds("stickiness.lb_cookie.duration_seconds")
	x.cookie = append(x.cookie, tokenCookie(stickyCookie, t.cookie, now, d), tokenCookie(stickyCookie+"CORS", t.cookie, now, d))
}

// tokenCookie makes a stickiness cookie that names id until now+d. Its
// value carries its expiry, so that a client that keeps sending it after
// it expired (as a test may) is routed afresh.
func tokenCookie(name, id string, now time.Time, d time.Duration) *http.Cookie {
	exp := now.Add(d)
	c := &http.Cookie{Name: name, Value: id + "." + strconv.FormatInt(exp.Unix(), 10), Path: "/", Expires: exp}
	if strings.HasSuffix(name, "CORS") {
		c.SameSite = http.SameSiteNoneMode
		c.Secure = true
	}
	return c
}

// readToken reads a stickiness cookie's value: the ID it names, if it
// has not expired at now.
func readToken(v string, now time.Time) (string, bool) {
	id, exp, ok := strings.Cut(v, ".")
	if !ok {
		return "", false
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || now.Unix() >= unix {
		return "", false
	}
	return id, true
}

// respondLocked records that the client got status at now+latency:
// counts, and the access log entry. s.mu must be held.
func (s *Service) respondLocked(x *exchange, lb *loadBalancer, status int, now time.Time, latency time.Duration) {
	x.status = status
	lb.counts.requests++
	if x.tg != nil {
		x.tg.counts.requests++
	}
	if x.entry.TargetStatusCode == 0 {
		lb.counts.elb(1, status)
	}
	if !x.logged {
		return
	}
	e := &x.entry
	e.Time = now.Add(latency)
	e.ELBStatusCode = status
	switch {
	case x.entry.TargetStatusCode != 0:
		e.SentBytes = int64(x.rec.body.Len())
	case e.ActionsExecuted == ActionFixedResponse:
		e.SentBytes = int64(len(x.rule.action.spec.FixedResponseConfig.MessageBody))
	case e.ActionsExecuted != ActionRedirect:
		e.SentBytes = int64(len(lb.errorPage(status)))
	}
	if x.entry.TargetStatusCode == 0 && x.target == nil {
		e.TargetProcessingTime, e.ResponseProcessingTime = -1, -1
		if x.entry.ActionsExecuted != "-" && x.entry.ActionsExecuted != ActionForward {
			e.RequestProcessingTime, e.TargetProcessingTime, e.ResponseProcessingTime = 0, 0, 0
		}
	}
	lb.accessLog = append(lb.accessLog, *e)
}

// writeResponse copies the target's response to the client, with the
// load balancer's cookies.
func (x *exchange) writeResponse(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range x.rec.header {
		h[k] = vs
	}
	for _, c := range x.cookie {
		h.Add("Set-Cookie", c.String())
	}
	w.WriteHeader(x.status)
	w.Write(x.rec.body.Bytes())
}

// writeError writes a response the load balancer makes itself: for an
// Application Load Balancer with its Server header and HTML page, for a
// Classic one with no body.
func (lb *loadBalancer) writeError(w http.ResponseWriter, status int) {
	if status == 460 {
		return // the client is gone: nothing is sent
	}
	if lb.classic != nil {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
		return
	}
	h := w.Header()
	h.Set("Server", serverHeader)
	h.Set("Content-Type", "text/html")
	w.WriteHeader(status)
	io.WriteString(w, lb.errorPage(status))
}

// errorPage is the body of a response the load balancer makes itself, as
// AWS's load balancers send it: an Application Load Balancer's HTML, a
// Classic Load Balancer's nothing.
func (lb *loadBalancer) errorPage(status int) string {
	if lb.classic != nil {
		return ""
	}
	text := http.StatusText(status)
	switch status {
	case 460:
		return ""
	case 463:
		text = "Bad Request"
	case http.StatusServiceUnavailable:
		text = "Service Temporarily Unavailable"
	case http.StatusGatewayTimeout:
		text = "Gateway Time-out"
	}
	code := strconv.Itoa(status)
	return "<html>\r\n<head><title>" + code + " " + text + "</title></head>\r\n<body>\r\n<center><h1>" + code + " " + text + "</h1></center>\r\n</body>\r\n</html>\r\n"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
