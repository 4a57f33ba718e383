package elb

import "net/http"

// ServeHost answers r with the backend at target ID id as a client that
// reaches the host's own address, with no load balancer between, has it
// answered: with the response the backend writes, its work booked on
// the backend's Workers and counted in [HostInfo]'s Busy and BytesOut as
// a load balancer's requests are. It is not an AWS operation: it stands
// for the network between a client and an instance with a public
// address (an Elastic Beanstalk single-instance environment's). It
// writes nothing and reports false when nothing serves at id, or the
// backend gives no response (its handler panics or writes a malformed
// one): the connection was refused or closed, for the caller to answer
// as it must. It must be called with no lock held that the handler
// might need.
func (s *Service) ServeHost(id string, w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	h := s.hosts[id]
	var b Backend
	if h != nil {
		b = h.backend
	}
	s.mu.Unlock()
	if b.Handler == nil {
		return false
	}
	rec := newRecorder()
	defer rec.release()
	o, latency := serve(b, rec, r.WithContext(rec.context(r.Context())))
	if o != answered {
		return false
	}
	s.mu.Lock()
	h.admit(s.sched.Now(), latency) // hosts are never removed: h is still id's
	h.sent += float64(rec.body.Len())
	s.mu.Unlock()
	header := w.Header()
	for k, vs := range rec.header {
		header[k] = vs
	}
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
	return true
}
