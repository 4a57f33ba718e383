package server

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// Client returns an *http.Client whose requests the server handles in
// process, with no socket and no goroutine: give it to an AWS SDK client
// together with any endpoint, for example
//
//	client := sqs.NewFromConfig(cfg, func(o *sqs.Options) {
//		o.BaseEndpoint = aws.String("http://awssim")
//		o.HTTPClient = srv.Client()
//	})
//
// Every request goes to the server whatever its host. A long poll blocks
// the calling goroutine until the service answers on its clock, or until
// the request's context is done, when the call returns the context's
// error.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.Transport()}
}

// Transport returns the http.RoundTripper of [Server.Client], for callers
// that build their own http.Client.
func (s *Server) Transport() http.RoundTripper {
	return roundTripper{s}
}

// HandlerTransport returns the in-process transport of [Server.Client]
// for any handler h: each request is served by calling h.ServeHTTP, as a
// server would see it, with no socket. It lets a test or benchmark put
// its own handler (a stand-in, a trivial one to compare with) where the
// server would be.
func HandlerTransport(h http.Handler) http.RoundTripper {
	return roundTripper{h}
}

// roundTripper serves requests by calling a handler's ServeHTTP.
type roundTripper struct{ h http.Handler }

// RoundTrip turns the client's request into the request a server would
// see, runs the handler on it and returns what it wrote.
func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:1" // TEST-NET-1: no real peer
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	if sreq.Proto == "" {
		sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	}
	rec := &recorder{header: make(http.Header)}
	rt.h.ServeHTTP(rec, sreq)
	closeBody(req)
	if err := req.Context().Err(); err != nil {
		// The caller gave up while the handler ran (a long poll whose
		// context ended): as with a socket, the caller gets the
		// context's error, not the response nobody waits for.
		return nil, err
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	return &http.Response{
		Status:        strconv.Itoa(rec.status) + " " + http.StatusText(rec.status),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		ContentLength: int64(rec.body.Len()),
		Request:       req,
	}, nil
}

// closeBody closes the request body, as a RoundTripper must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// recorder is the http.ResponseWriter of the in-process transport. (It is
// not net/http/httptest's ResponseRecorder, whose package registers a
// command-line flag on import.)
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
