package elb_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// One scenario, several clocks (package documentation, "Time": health
// checks are scheduled on the clock, natively on a *sim.Clock and
// through AfterFunc on any other; draining is computed when read).

// bubbleStart is where time begins inside a testing/synctest bubble;
// every clock of the scenario starts there, so that the transcripts,
// trace IDs and access log times included, are equal byte for byte.
var bubbleStart = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// healthScenario runs on the service svc, whose clock advance moves:
// two healthy targets share requests in turn; one starts failing its
// health path and is taken out after two failed checks (not one); the
// other is deregistered, so the group fails open to the unhealthy one;
// after the 300 s deregistration delay the drained target is gone. It
// returns a transcript of the states, the answers and the access log.
func healthScenario(t *testing.T, svc *elb.Service, advance func(time.Duration)) string {
	t.Helper()
	w := &web{t: t, svc: svc}
	lb, err := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	w.lb = lb.LoadBalancers[0].LoadBalancerArn
	w.lbAttrs("access_logs.s3.enabled", "true")
	w.tg = w.targetGroup("web", func(in *elb.CreateTargetGroupInput) { in.HealthCheckPath = "/health" })
	l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: w.lb, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}},
	})
	require.NoError(t, err)
	w.h, err = svc.Handler(l.Listeners[0].ListenerArn)
	require.NoError(t, err)

	var failing atomic.Bool // i-b's health path answers 503
	w.register(w.tg, named("i-a", http.StatusOK), "i-a")
	w.register(w.tg, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" && failing.Load() {
			rw.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		rw.Write([]byte("i-b"))
	}), "i-b")

	var log strings.Builder
	elapsed := time.Duration(0)
	step := func(d time.Duration, what string) {
		advance(d)
		elapsed += d
		h := w.health(w.tg)
		fmt.Fprintf(&log, "%4s %-12s i-a=%s i-b=%s answers:", elapsed, what, or(h["i-a"], "gone"), or(h["i-b"], "gone"))
		for range 4 {
			resp := w.get("/")
			fmt.Fprintf(&log, " %d:%s", resp.StatusCode, body(t, resp))
		}
		log.WriteByte('\n')
	}
	step(0, "registered")
	step(5*time.Second, "checked")
	failing.Store(true)
	step(5*time.Second, "one failure")
	step(5*time.Second, "two failures")
	_, err = svc.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: w.tg, Targets: []elb.TargetDescription{{Id: "i-a"}}})
	require.NoError(t, err)
	step(0, "deregistered")
	step(299*time.Second, "draining")
	step(time.Second, "drained")
	log.WriteString("\n")
	for _, e := range svc.Inspect().AccessLog(w.lb) {
		log.WriteString(e.String() + "\n")
	}
	return log.String()
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// The health scenario gives the same transcript, byte for byte, under
// each clock: a *sim.Clock advanced by durations, the same stepped
// event by event, clock.Mock (health checks through AfterFunc on
// goroutines of their own, waited for in a synctest bubble), and the
// real clock inside a testing/synctest bubble.
func TestHealthScenarioUnderFourClocks(t *testing.T) {
	got := map[string]string{}
	t.Run("sim.Clock", func(t *testing.T) {
		clk := sim.NewClock(bubbleStart)
		got[t.Name()] = healthScenario(t, elb.New(elb.WithClock(clk)), clk.Advance)
	})
	t.Run("sim.Clock stepped", func(t *testing.T) {
		clk := sim.NewClock(bubbleStart)
		got[t.Name()] = healthScenario(t, elb.New(elb.WithClock(clk)), func(d time.Duration) {
			until := clk.Now().Add(d)
			for next, ok := clk.Next(); ok && !next.After(until); next, ok = clk.Next() {
				clk.Step()
			}
			clk.AdvanceTo(until)
		})
	})
	t.Run("clock.Mock", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			mock := clock.NewMock()
			mock.Set(bubbleStart)
			got[t.Name()] = healthScenario(t, elb.New(elb.WithClock(mock)), func(d time.Duration) {
				mock.Add(d)
				synctest.Wait() // the AfterFunc goroutines are done
			})
		})
	})
	t.Run("synctest", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			require.Equal(t, bubbleStart, time.Now().UTC())
			got[t.Name()] = healthScenario(t, elb.New(), func(d time.Duration) {
				time.Sleep(d) // fake time inside the bubble
				synctest.Wait()
			})
		})
	})

	want := got[t.Name()+"/sim.Clock"]
	require.Len(t, got, 4)
	for name, transcript := range got {
		assert.Equal(t, want, transcript, name)
	}
	// What the transcript must say, whatever the clock.
	lines := strings.Split(want, "\n")
	assert.Equal(t, "  0s registered   i-a=initial i-b=initial answers: 200:i-a 200:i-b 200:i-a 200:i-b", lines[0])
	assert.Equal(t, "  5s checked      i-a=healthy i-b=healthy answers: 200:i-a 200:i-b 200:i-a 200:i-b", lines[1])
	assert.Equal(t, " 10s one failure  i-a=healthy i-b=healthy answers: 200:i-a 200:i-b 200:i-a 200:i-b", lines[2])
	assert.Equal(t, " 15s two failures i-a=healthy i-b=unhealthy answers: 200:i-a 200:i-a 200:i-a 200:i-a", lines[3])
	assert.Equal(t, " 15s deregistered i-a=draining i-b=unhealthy answers: 200:i-b 200:i-b 200:i-b 200:i-b", lines[4])
	assert.Equal(t, "5m14s draining     i-a=draining i-b=unhealthy answers: 200:i-b 200:i-b 200:i-b 200:i-b", lines[5])
	assert.Equal(t, "5m15s drained      i-a=gone i-b=unhealthy answers: 200:i-b 200:i-b 200:i-b 200:i-b", lines[6])
	assert.Equal(t, 7*4, strings.Count(want, "http 2000-01-01T"), "one access log line per request")
}
