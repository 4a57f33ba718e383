package elb_test

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// steady is a Traffic of one kind of request, GET /, at a constant rate.
func steady(perSecond float64, work time.Duration) elb.Traffic {
	return elb.Traffic{
		Rate:  func(time.Time) float64 { return perSecond },
		Kinds: []elb.RequestKind{{Work: work}},
	}
}

// host returns what the inspector knows of the work at id.
func (w *web) host(id string) elb.HostInfo {
	w.t.Helper()
	h, ok := w.svc.Inspect().Host(id)
	require.True(w.t, ok, id)
	return h
}

// withWorkers registers ids as healthy targets of tg whose backends
// have the given workers and take the work latency returns.
func (w *web) withWorkers(tg string, workers int, latency func(*http.Request) time.Duration, ids ...string) {
	w.t.Helper()
	w.healthy(tg, ids...)
	for _, id := range ids {
		w.svc.SetBackend(id, elb.Backend{Handler: named(id, http.StatusOK), Latency: latency, Workers: workers})
	}
}

func fixed(d time.Duration) func(*http.Request) time.Duration {
	return func(*http.Request) time.Duration { return d }
}

// A backend with one worker serves requests one at a time, in arrival
// order: each waits for those before it, and one that waits past the
// idle timeout is a 504.
func TestWorkersQueueRequestsInArrivalOrder(t *testing.T) {
	w := newWeb(t)
	w.lbAttrs("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs")
	w.withWorkers(w.tg, 1, fixed(25*time.Second), "i-1")
	var statuses []int
	for range 3 {
		statuses = append(statuses, w.get("/").StatusCode)
	}
	require.Equal(t, []int{200, 200, http.StatusGatewayTimeout}, statuses, "the third would answer after 75 s")
	var took []time.Duration
	for _, e := range w.svc.Inspect().AccessLog(w.lb) {
		took = append(took, e.TargetProcessingTime)
	}
	require.Equal(t, []time.Duration{25 * time.Second, 50 * time.Second, -1}, took)
	// The worker still does the timed-out request's work, as a real
	// server does when the load balancer gives up on it.
	require.Equal(t, 75*time.Second, w.host("i-1").Busy)

	w.clk.Advance(80 * time.Second) // the worker is free again
	require.Equal(t, http.StatusOK, w.get("/").StatusCode)
	require.Equal(t, 25*time.Second, w.svc.Inspect().AccessLog(w.lb)[3].TargetProcessingTime)
}

// responseTime is the mean TargetResponseTime of the target group tg in
// cw over the whole test, and the number of responses.
func responseTime(t *testing.T, cw *cloudwatch.Service, w *web, tg string, end time.Time) (mean time.Duration, n float64) {
	t.Helper()
	out, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/ApplicationELB", MetricName: elb.MetricTargetResponseTime,
		Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancer", Value: dimension(w.lb)}, {Name: "TargetGroup", Value: dimension(tg)}},
		StartTime:  start, EndTime: end, Period: 24 * time.Hour,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum, cloudwatch.StatisticSampleCount},
	})
	require.NoError(t, err)
	require.Len(t, out.Datapoints, 1)
	p := out.Datapoints[0]
	return time.Duration(*p.Sum / *p.SampleCount * float64(time.Second)), *p.SampleCount
}

// The two modes agree: Poisson arrivals of exponential work through
// the handler, one request at a time, and the same traffic in aggregate
// mode give the same mean response time and utilisation, to within the
// sampling error of the first. The case is two targets of two workers,
// 12 requests a second of 200 ms each: 60 % busy, so that requests do
// wait (Erlang C: 45 % of them, 112.5 ms on average), and the mean
// response time, 312.5 ms, is not the work's.
func TestAggregateModeAgreesWithRequestsThroughTheHandler(t *testing.T) {
	const (
		rate    = 12.0
		work    = 200 * time.Millisecond
		workers = 2
		span    = time.Hour
	)
	run := func(aggregate bool) (time.Duration, float64, time.Duration) {
		clk := sim.NewClock(start)
		cw := cloudwatch.New(cloudwatch.WithClock(clk))
		w := newWebOn(t, clk, elb.WithMetrics(cw), elb.WithTrafficTick(time.Second))
		w.attrs(w.tg, "load_balancing.algorithm.type", "weighted_random") // a random split of Poisson arrivals is Poisson
		rng := rand.New(rand.NewPCG(1, 2))
		exp := func(*http.Request) time.Duration { return time.Duration(rng.ExpFloat64() * float64(work)) }
		w.withWorkers(w.tg, workers, exp, "i-1", "i-2")
		begin := clk.Now()
		end := begin.Add(span)
		if aggregate {
			src, err := w.svc.StartTraffic(w.listener, steady(rate, work))
			require.NoError(t, err)
			clk.AdvanceTo(end.Add(-time.Second)) // the last tick, [end-1s, end)
			src.Stop()
			clk.AdvanceTo(end)
		} else {
			for {
				next := clk.Now().Add(time.Duration(rng.ExpFloat64() / rate * float64(time.Second)))
				if next.After(end) {
					break
				}
				clk.AdvanceTo(next)
				require.Equal(t, http.StatusOK, w.get("/").StatusCode)
			}
			clk.AdvanceTo(end)
		}
		clk.Advance(time.Minute) // the last minute's metrics
		mean, n := responseTime(t, cw, w, w.tg, clk.Now())
		return mean, n, w.host("i-1").Busy + w.host("i-2").Busy
	}
	oneByOne, n1, busy1 := run(false)
	aggregate, n2, busy2 := run(true)

	require.InDelta(t, 312.5, float64(aggregate)/float64(time.Millisecond), 0.5, "Erlang C's mean")
	require.InEpsilon(t, float64(aggregate), float64(oneByOne), 0.05, "mean response time: one by one %v, aggregate %v", oneByOne, aggregate)
	require.InEpsilon(t, n2, n1, 0.02, "responses")
	util := func(busy time.Duration) float64 { return busy.Seconds() / (2 * workers * span.Seconds()) }
	require.InDelta(t, 0.6, util(busy2), 0.001)
	require.InDelta(t, util(busy2), util(busy1), 0.02, "utilisation")
}

// Past its capacity a target's backlog grows and so does the wait, until
// requests wait longer than the idle timeout and get 504s; when the
// rate falls back, the backlog drains and the 504s stop.
func TestAggregateOverloadQueuesUntilRequestsTimeOut(t *testing.T) {
	clk := sim.NewClock(start)
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	w := newWebOn(t, clk, elb.WithMetrics(cw), elb.WithTrafficTick(time.Second))
	w.withWorkers(w.tg, 4, nil, "i-1") // capacity: 4 workers × 10 requests/s
	spike := clk.Now().Add(time.Minute)
	calm := spike.Add(5 * time.Minute)
	src, err := w.svc.StartTraffic(w.listener, elb.Traffic{
		Rate: func(t time.Time) float64 {
			if !t.Before(spike) && t.Before(calm) {
				return 50 // 10 a second more than the target can take
			}
			return 20
		},
		Kinds: []elb.RequestKind{{Work: 100 * time.Millisecond}},
	})
	require.NoError(t, err)

	// A tick evaluates the second that starts with it: after the tick
	// at a second before the spike, the host is as it is at the spike.
	clk.AdvanceTo(spike.Add(-time.Second))
	require.Zero(t, w.host("i-1").Backlog)
	clk.AdvanceTo(calm.Add(-time.Second))
	// Five minutes 10 a second over: a backlog of 3,000 requests, a
	// wait of 75 s, past the 60 s idle timeout for the last minute or so.
	require.InDelta(t, 3000, w.host("i-1").Backlog, 1)
	st := src.Stats()
	require.Greater(t, st.TimedOut, 1000.0)
	require.InDelta(t, st.Requests, st.Answered+st.TimedOut, 1e-6)

	// At 20 a second it drains at 20 a second: in 150 s.
	clk.Advance(150 * time.Second)
	require.Zero(t, w.host("i-1").Backlog)
	before := src.Stats().TimedOut
	clk.Advance(10 * time.Minute)
	require.InDelta(t, before, src.Stats().TimedOut, 1e-9, "no 504 once the backlog is gone")

	src.Stop()
	clk.Advance(time.Minute) // the last minute's metrics
	sum := func(metric string) float64 {
		out, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/ApplicationELB", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancer", Value: dimension(w.lb)}},
			StartTime: start, EndTime: clk.Now(), Period: 24 * time.Hour, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		require.NoError(t, err)
		require.Len(t, out.Datapoints, 1, metric)
		return *out.Datapoints[0].Sum
	}
	require.InDelta(t, before, sum(elb.MetricHTTPCodeELB504), 1e-6)
	require.InDelta(t, src.Stats().Requests, sum(elb.MetricRequestCount), 1e-6)
}

// Aggregate traffic goes through the listener's rules: each kind of
// request to the target group its rule forwards to, a fixed response
// answered by the load balancer, and a group with no target is a 503.
func TestAggregateTrafficFollowsTheRules(t *testing.T) {
	w := newWeb(t, elb.WithTrafficTick(time.Second))
	api := w.targetGroup("api", nil)
	empty := w.targetGroup("empty", nil)
	w.rule(10, api, path("/api/*"))
	w.rule(20, empty, path("/old/*"))
	_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{
		ListenerArn: w.listener, Priority: 30, Conditions: []elb.RuleCondition{path("/health")},
		Actions: []elb.Action{{Type: elb.ActionFixedResponse, FixedResponseConfig: &elb.FixedResponseActionConfig{StatusCode: "200"}}},
	})
	require.NoError(t, err)
	w.withWorkers(w.tg, 0, nil, "i-web")
	w.withWorkers(api, 0, nil, "i-api1", "i-api2")

	req := func(p string) *http.Request { return httptest.NewRequest(http.MethodGet, p, nil) }
	src, err := w.svc.StartTraffic(w.listener, elb.Traffic{
		Rate: func(time.Time) float64 { return 100 },
		Kinds: []elb.RequestKind{
			{Request: req("/api/orders"), Weight: 5, Work: 100 * time.Millisecond},
			{Request: req("/index.html"), Weight: 3, Work: 100 * time.Millisecond},
			{Request: req("/old/page"), Weight: 1},
			{Request: req("/health"), Weight: 1},
		},
	})
	require.NoError(t, err)
	w.clk.Advance(9 * time.Second) // ten ticks, each counting the second it starts
	src.Stop()
	w.clk.Advance(time.Minute)

	st := src.Stats()
	require.InDelta(t, 1000, st.Requests, 1e-6)
	require.InDelta(t, 800, st.Answered, 1e-6)
	require.InDelta(t, 100, st.NoTarget, 1e-6)
	require.InDelta(t, 100, st.LoadBalancer, 1e-6)
	require.Equal(t, 100*time.Millisecond, st.MeanResponseTime.Round(time.Millisecond))
	// Work is busy time: 500 requests of 100 ms over two API targets,
	// 300 on the web target; none after the source stopped.
	require.Equal(t, 25*time.Second, w.host("i-api1").Busy.Round(time.Millisecond))
	require.Equal(t, 25*time.Second, w.host("i-api2").Busy.Round(time.Millisecond))
	require.Equal(t, 30*time.Second, w.host("i-web").Busy.Round(time.Millisecond))
}

// A target that a health check finds down gets no aggregate traffic
// once it is unhealthy; one with nothing listening before that gets
// 502s.
func TestAggregateTrafficFollowsHealth(t *testing.T) {
	w := newWeb(t, elb.WithTrafficTick(time.Second))
	w.withWorkers(w.tg, 0, nil, "i-1", "i-2")
	src, err := w.svc.StartTraffic(w.listener, steady(10, 10*time.Millisecond))
	require.NoError(t, err)
	w.clk.Advance(time.Second)
	w.svc.RemoveBackend("i-2")
	w.clk.Advance(time.Second)
	require.InDelta(t, 5, src.Stats().NoBackend, 1e-9, "i-2's half of a second's traffic")
	w.clk.Advance(10 * time.Second) // two failed checks: unhealthy
	require.Equal(t, elb.HealthUnhealthy, w.health(w.tg)["i-2"])
	noBackend := src.Stats().NoBackend
	busy := w.host("i-1").Busy
	w.clk.Advance(10 * time.Second)
	require.Equal(t, noBackend, src.Stats().NoBackend)
	require.Equal(t, 100*10*time.Millisecond, (w.host("i-1").Busy - busy).Round(time.Millisecond), "all of it to i-1")
}

// StartTraffic checks its input and its listener.
func TestStartTrafficValidation(t *testing.T) {
	w := newWeb(t)
	for name, tr := range map[string]elb.Traffic{
		"no rate":       {Kinds: []elb.RequestKind{{}}},
		"no kind":       {Rate: func(time.Time) float64 { return 1 }},
		"negative work": {Rate: func(time.Time) float64 { return 1 }, Kinds: []elb.RequestKind{{Work: -time.Second}}},
	} {
		_, err := w.svc.StartTraffic(w.listener, tr)
		require.ErrorIs(t, err, elb.ErrValidationError, name)
	}
	unknown := w.listener[:len(w.listener)-1] + "0"
	if unknown == w.listener {
		unknown = w.listener[:len(w.listener)-1] + "1"
	}
	_, err := w.svc.StartTraffic(unknown, steady(1, 0))
	require.ErrorIs(t, err, elb.ErrListenerNotFoundException)
}
