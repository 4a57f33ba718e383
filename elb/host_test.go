package elb_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
)

// A request sent straight to a host is answered by its backend, and its
// work and bytes are booked as a load balancer's requests are.
func TestServeHostAnswersWithTheBackendAndBooksItsWork(t *testing.T) {
	w := newWeb(t)
	w.svc.SetBackend("i-1", elb.Backend{
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			rw.Header().Set("X-App", "shop")
			rw.WriteHeader(http.StatusCreated)
			rw.Write([]byte("made"))
		}),
		Latency: func(*http.Request) time.Duration { return 20 * time.Millisecond },
	})
	rec := httptest.NewRecorder()
	require.True(t, w.svc.ServeHost("i-1", rec, httptest.NewRequest(http.MethodPost, "http://3.1.2.3/", nil)))
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Equal(t, "shop", rec.Header().Get("X-App"))
	assert.Equal(t, "made", rec.Body.String())
	h, ok := w.svc.Inspect().Host("i-1")
	require.True(t, ok)
	assert.Equal(t, 20*time.Millisecond, h.Busy)
	assert.Equal(t, 4.0, h.BytesOut)
}

// A host with nothing listening, or whose server crashes, gives no
// response: ServeHost writes nothing and reports false.
func TestServeHostReportsNoResponse(t *testing.T) {
	w := newWeb(t)
	rec := httptest.NewRecorder()
	assert.False(t, w.svc.ServeHost("i-none", rec, httptest.NewRequest(http.MethodGet, "/", nil)))
	w.svc.SetBackend("i-2", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("crash") })})
	assert.False(t, w.svc.ServeHost("i-2", rec, httptest.NewRequest(http.MethodGet, "/", nil)))
	w.svc.RemoveBackend("i-2")
	assert.False(t, w.svc.ServeHost("i-2", rec, httptest.NewRequest(http.MethodGet, "/", nil)))
	assert.False(t, rec.Flushed)
	assert.Empty(t, rec.Body.String())
	assert.Empty(t, rec.Header())
}
