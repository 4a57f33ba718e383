package elb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/awssim/awssim/elb"
)

// Backend.Serve answers a request outside a load balancer with the
// handler's status and the latency the handler reports, else the
// backend's Latency; a handler that panics answers status 0.
func TestBackendServeGivesTheStatusAndTheVirtualLatency(t *testing.T) {
	slow := elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/reported" {
				elb.ReportLatency(r.Context(), 3*time.Second)
			}
			w.WriteHeader(http.StatusAccepted)
		}),
		Latency: func(*http.Request) time.Duration { return time.Second },
	}
	status, latency := slow.Serve(httptest.NewRequest(http.MethodPost, "/", nil))
	assert.Equal(t, http.StatusAccepted, status)
	assert.Equal(t, time.Second, latency)
	status, latency = slow.Serve(httptest.NewRequest(http.MethodPost, "/reported", nil))
	assert.Equal(t, http.StatusAccepted, status)
	assert.Equal(t, 3*time.Second, latency)

	broken := elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}
	status, _ = broken.Serve(httptest.NewRequest(http.MethodPost, "/", nil))
	assert.Zero(t, status)
	status, _ = elb.Backend{}.Serve(httptest.NewRequest(http.MethodPost, "/", nil))
	assert.Zero(t, status)
}

// A backend's Latency model is the user's code too: one that panics is a
// crashed server, whose connection closes (status 0 from Serve, 502 from
// an Application Load Balancer), not a panic through the caller.
func TestPanickingLatencyModelClosesTheConnection(t *testing.T) {
	crash := elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }),
		Latency: func(*http.Request) time.Duration { panic("model bug") },
	}
	status, _ := crash.Serve(httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Zero(t, status)

	w := newWeb(t)
	w.healthy(w.tg, "i-1")
	w.svc.SetBackend("i-1", crash)
	assert.Equal(t, http.StatusBadGateway, w.get("/").StatusCode)
}

// A negative simulated latency, reported or modelled, is a crash of the
// backend, as a panic is (status 0 from Serve, 502 from an Application
// Load Balancer), where it used to be clamped to an instant answer.
func TestNegativeLatencyIsACrashOfTheBackend(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	for name, b := range map[string]elb.Backend{
		"ReportLatency": {Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			elb.ReportLatency(r.Context(), -time.Second)
			w.WriteHeader(http.StatusOK)
		})},
		"Latency model": {Handler: ok, Latency: func(*http.Request) time.Duration { return -time.Second }},
	} {
		t.Run(name, func(t *testing.T) {
			status, _ := b.Serve(httptest.NewRequest(http.MethodGet, "/", nil))
			assert.Zero(t, status)

			w := newWeb(t)
			w.healthy(w.tg, "i-1")
			w.svc.SetBackend("i-1", b)
			assert.Equal(t, http.StatusBadGateway, w.get("/").StatusCode)
		})
	}
}

// A Caller's requests carry its context, which holds ReportLatency's
// slot and the parent's values; a request it served can be sent again,
// and each answer is its own: the status, the latency reported or
// modelled, and none of the previous answer's headers.
func TestCallerServesItsRequestsOnItsContextOneAnswerAtATime(t *testing.T) {
	type key struct{}
	var got []any
	var leaked []string
	b := elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = append(got, r.Context().Value(key{}))
			leaked = append(leaked, w.Header().Get("X-First"))
			if r.URL.Path == "/reported" {
				elb.ReportLatency(r.Context(), 2*time.Second)
				w.Header().Set("X-First", "yes")
				w.WriteHeader(http.StatusTeapot)
			}
		}),
		Latency: func(*http.Request) time.Duration { return time.Second },
	}
	c := elb.NewCaller(context.WithValue(context.Background(), key{}, "caller's"))
	r := httptest.NewRequest(http.MethodPost, "/reported", nil).WithContext(c.Context())
	status, latency := c.Serve(b, r)
	assert.Equal(t, http.StatusTeapot, status)
	assert.Equal(t, 2*time.Second, latency)

	r.URL.Path = "/modelled"
	status, latency = c.Serve(b, r)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, time.Second, latency, "the previous request's reported latency does not carry over")
	assert.Equal(t, []any{"caller's", "caller's"}, got)
	assert.Equal(t, []string{"", ""}, leaked)
}

// ReportedLatency reads back what the handler reported, so that a
// wrapper of the handler sees the request's latency; nothing reported
// reads as false.
func TestReportedLatencyReadsWhatTheHandlerReported(t *testing.T) {
	var before, after []any
	b := elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := elb.ReportedLatency(r.Context())
		before = append(before, d, ok)
		if r.URL.Path == "/slow" {
			elb.ReportLatency(r.Context(), 4*time.Second)
		}
		d, ok = elb.ReportedLatency(r.Context())
		after = append(after, d, ok)
	})}
	b.Serve(httptest.NewRequest(http.MethodGet, "/slow", nil))
	b.Serve(httptest.NewRequest(http.MethodGet, "/fast", nil))
	assert.Equal(t, []any{time.Duration(0), false, time.Duration(0), false}, before)
	assert.Equal(t, []any{4 * time.Second, true, time.Duration(0), false}, after)
	_, ok := elb.ReportedLatency(context.Background())
	assert.False(t, ok)
}
