package elb_test

import (
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
