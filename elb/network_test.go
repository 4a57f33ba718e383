package elb_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// tcp is a Network Load Balancer "edge" with a TCP listener on port 443
// forwarding to one TCP target group, "pool", on port 8443, health
// checked by TCP every 5 s (timeout 2 s, thresholds 2).
type tcp struct {
	t   *testing.T
	clk *sim.Clock
	svc *elb.Service
	lb  string // ARN
	tg  string // ARN
	h   http.Handler
}

// newTCP builds a tcp whose target group has targets of targetType
// (instance when empty).
func newTCP(t *testing.T, targetType string) *tcp {
	t.Helper()
	return newTCPOn(t, sim.NewClock(start), targetType)
}

// newTCPOn is newTCP on the given clock, with more options.
func newTCPOn(t *testing.T, clk *sim.Clock, targetType string, opts ...elb.Option) *tcp {
	t.Helper()
	svc := elb.New(append([]elb.Option{elb.WithClock(clk)}, opts...)...)
	n := &tcp{t: t, clk: clk, svc: svc}
	lb, err := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "edge", Type: elb.TypeNetwork, Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	n.lb = lb.LoadBalancers[0].LoadBalancerArn
	tg, err := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
		Name: "pool", Protocol: elb.ProtocolTCP, Port: 8443, TargetType: targetType,
		HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
	})
	require.NoError(t, err)
	n.tg = tg.TargetGroups[0].TargetGroupArn
	l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: n.lb, Protocol: elb.ProtocolTCP, Port: 443,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: n.tg}},
	})
	require.NoError(t, err)
	n.h, err = svc.Handler(l.Listeners[0].ListenerArn)
	require.NoError(t, err)
	return n
}

// healthy registers ids, each served by a named backend, and advances
// past the first health check.
func (n *tcp) healthy(ids ...string) {
	n.t.Helper()
	var targets []elb.TargetDescription
	for _, id := range ids {
		n.svc.SetBackend(id, elb.Backend{Handler: named(id, http.StatusOK)})
		targets = append(targets, elb.TargetDescription{Id: id})
	}
	_, err := n.svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: n.tg, Targets: targets})
	require.NoError(n.t, err)
	n.clk.Advance(5 * time.Second)
	states := n.health()
	for _, id := range ids {
		require.Equal(n.t, elb.HealthHealthy, states[id], id)
	}
}

func (n *tcp) health() map[string]string {
	n.t.Helper()
	out, err := n.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: n.tg})
	require.NoError(n.t, err)
	states := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		states[d.Target.Id] = d.TargetHealth.State
	}
	return states
}

// flow sends one request as the connection from client (an address and
// port) and returns the response.
func (n *tcp) flow(client string) *http.Response {
	n.t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = client
	rec := httptest.NewRecorder()
	n.h.ServeHTTP(rec, r)
	return rec.Result()
}

// target returns the name of the target that answers client.
func (n *tcp) target(client string) string {
	n.t.Helper()
	return body(n.t, n.flow(client))
}

// reset reports whether the load balancer resets client's connection: a
// handler that panics with http.ErrAbortHandler, as net/http's server
// takes it.
func (n *tcp) reset(client string) (reset bool) {
	n.t.Helper()
	defer func() {
		if v := recover(); v != nil {
			require.Equal(n.t, http.ErrAbortHandler, v)
			reset = true
		}
	}()
	n.flow(client)
	return false
}

// clients returns n client connections from distinct addresses.
func clients(n int) []string {
	var cs []string
	for i := range n {
		cs = append(cs, fmt.Sprintf("198.51.100.%d:%d", i%250+1, 40000+i))
	}
	return cs
}

// A flow's target comes from its hash: the same connection goes to the
// same target every time, and many connections spread over all targets.
func TestNetworkFlowHashKeepsAFlowOnItsTarget(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-1", "i-2", "i-3")
	seen := map[string]int{}
	for _, c := range clients(300) {
		first := n.target(c)
		for range 3 {
			require.Equal(t, first, n.target(c), c)
		}
		seen[first]++
	}
	require.Len(t, seen, 3)
	for id, count := range seen {
		require.Greater(t, count, 60, "%s got %d of 300 flows", id, count)
	}
}

// A target that leaves moves only its own flows; the others stay where
// they were.
func TestNetworkTargetLeavingMovesOnlyItsFlows(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-1", "i-2", "i-3")
	before := map[string]string{}
	for _, c := range clients(200) {
		before[c] = n.target(c)
	}
	_, err := n.svc.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: n.tg, Targets: []elb.TargetDescription{{Id: "i-2"}}})
	require.NoError(t, err)
	for c, was := range before {
		now := n.target(c)
		require.NotEqual(t, "i-2", now, "a draining target gets no flow")
		if was != "i-2" {
			require.Equal(t, was, now, c)
		}
	}
}

// With source_ip stickiness a client's connections from any port go to
// one target; without it, the port is part of the flow.
func TestNetworkSourceIPStickiness(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-1", "i-2", "i-3", "i-4")
	ports := func() map[string]bool {
		got := map[string]bool{}
		for p := range 40 {
			got[n.target(fmt.Sprintf("203.0.113.7:%d", 50000+p))] = true
		}
		return got
	}
	require.Greater(t, len(ports()), 1, "without stickiness a client's connections spread")

	_, err := n.svc.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: n.tg, Attributes: []elb.Attribute{
		{Key: "stickiness.enabled", Value: "true"}, {Key: "stickiness.type", Value: "source_ip"},
	}})
	require.NoError(t, err)
	require.Len(t, ports(), 1, "with source_ip stickiness they stay on one target")
}

// A Network Load Balancer passes the request through: no
// X-Forwarded-For or trace header is added. The target sees the
// client's address when client IP preservation is on (the default for
// instance targets) and the load balancer's own when it is off (the
// default for ip targets over TCP).
func TestNetworkPassesThroughAndPreservesClientIP(t *testing.T) {
	for _, c := range []struct {
		targetType, id string
		preserved      bool
	}{
		{elb.TargetTypeInstance, "i-1", true},
		{elb.TargetTypeIP, "10.0.1.5", false},
	} {
		t.Run(c.targetType, func(t *testing.T) {
			n := newTCP(t, c.targetType)
			var got *http.Request
			n.svc.SetBackend(c.id, elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.Clone(r.Context())
				io.WriteString(w, "ok")
			})})
			_, err := n.svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: n.tg, Targets: []elb.TargetDescription{{Id: c.id}}})
			require.NoError(t, err)
			n.clk.Advance(5 * time.Second)

			require.Equal(t, "ok", body(t, n.flow("203.0.113.9:51000")))
			require.Empty(t, got.Header.Get("X-Forwarded-For"))
			require.Empty(t, got.Header.Get("X-Amzn-Trace-Id"))
			require.Equal(t, c.preserved, got.RemoteAddr == "203.0.113.9:51000", got.RemoteAddr)

			_, err = n.svc.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: n.tg, Attributes: []elb.Attribute{
				{Key: "preserve_client_ip.enabled", Value: fmt.Sprint(!c.preserved)},
			}})
			require.NoError(t, err)
			n.flow("203.0.113.9:51000")
			require.Equal(t, !c.preserved, got.RemoteAddr == "203.0.113.9:51000", got.RemoteAddr)
		})
	}
}

// What an HTTP load balancer answers with a status a TCP one answers by
// resetting the connection: no registered target, nothing listening on
// the target, a target that closes the connection, and a target silent
// for longer than the 350 s idle timeout.
func TestNetworkResetsTheConnection(t *testing.T) {
	n := newTCP(t, "")
	require.True(t, n.reset("203.0.113.1:40000"), "no target")

	n.healthy("i-1")
	require.False(t, n.reset("203.0.113.1:40000"))

	n.svc.SetBackend("i-1", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })})
	require.True(t, n.reset("203.0.113.1:40000"), "the target closes the connection")

	slow := func(d time.Duration) elb.Backend {
		return elb.Backend{Handler: named("i-1", http.StatusOK), Latency: func(*http.Request) time.Duration { return d }}
	}
	n.svc.SetBackend("i-1", slow(350*time.Second))
	require.False(t, n.reset("203.0.113.1:40000"), "350 s is within the idle timeout")
	n.svc.SetBackend("i-1", slow(351*time.Second))
	require.True(t, n.reset("203.0.113.1:40000"), "351 s is past it")

	n.svc.RemoveBackend("i-1")
	require.True(t, n.reset("203.0.113.1:40000"), "nothing listens")
}

// A TCP health check passes while something listens on the target: a
// target whose backend goes away becomes unhealthy after the
// threshold, and its flows move to the healthy targets; when every
// target is unhealthy the load balancer fails open to all of them.
func TestNetworkTCPHealthChecksAndFailOpen(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-1", "i-2")
	n.svc.RemoveBackend("i-2")
	n.clk.Advance(10 * time.Second)
	require.Equal(t, map[string]string{"i-1": elb.HealthHealthy, "i-2": elb.HealthUnhealthy}, n.health())
	for _, c := range clients(50) {
		require.Equal(t, "i-1", n.target(c))
	}

	n.svc.RemoveBackend("i-1")
	n.svc.SetBackend("i-2", elb.Backend{Handler: named("i-2", http.StatusOK)})
	n.clk.Advance(10 * time.Second) // two checks: i-1 fails both, i-2 passes both
	require.Equal(t, map[string]string{"i-1": elb.HealthUnhealthy, "i-2": elb.HealthHealthy}, n.health())
	n.svc.RemoveBackend("i-2")
	n.clk.Advance(10 * time.Second)
	require.Equal(t, map[string]string{"i-1": elb.HealthUnhealthy, "i-2": elb.HealthUnhealthy}, n.health())

	// Fail-open: flows go to both unhealthy targets again; i-1 answers
	// once it listens, i-2 still resets.
	n.svc.SetBackend("i-1", elb.Backend{Handler: named("i-1", http.StatusOK)})
	answered, resets := 0, 0
	for _, c := range clients(100) {
		if n.reset(c) {
			resets++
		} else {
			answered++
		}
	}
	require.Greater(t, answered, 20)
	require.Greater(t, resets, 20)
}

// A Network Load Balancer's listener forwards to one target group, of
// TCP, TLS, UDP or TCP_UDP, and has no rules.
func TestNetworkListenerValidation(t *testing.T) {
	n := newTCP(t, "")
	other, err := n.svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "other", Protocol: elb.ProtocolTCP, Port: 9000})
	require.NoError(t, err)
	_, err = n.svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: n.lb, Protocol: elb.ProtocolTCP, Port: 8000,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, ForwardConfig: &elb.ForwardActionConfig{TargetGroups: []elb.TargetGroupTuple{
			{TargetGroupArn: n.tg}, {TargetGroupArn: other.TargetGroups[0].TargetGroupArn},
		}}}},
	})
	require.ErrorIs(t, err, elb.ErrInvalidLoadBalancerActionException)

	web, err := n.svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: elb.ProtocolHTTP, Port: 80})
	require.NoError(t, err)
	_, err = n.svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: n.lb, Protocol: elb.ProtocolTCP, Port: 8001,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: web.TargetGroups[0].TargetGroupArn}},
	})
	require.ErrorIs(t, err, elb.ErrIncompatibleProtocolsException)

	_, err = n.svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: n.lb, Protocol: elb.ProtocolHTTP, Port: 8002,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: n.tg}},
	})
	require.ErrorIs(t, err, elb.ErrUnsupportedProtocolException)
}

// With WithMetrics a Network Load Balancer publishes AWS/NetworkELB
// metrics: its new and active flows, the bytes both ways, the resets by
// who made them, and each target group's healthy and unhealthy hosts.
func TestNetworkPublishesAWSNetworkELBMetrics(t *testing.T) {
	clk := sim.NewClock(start)
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	n := newTCPOn(t, clk, "", elb.WithMetrics(cw))
	n.healthy("i-1")
	n.svc.SetBackend("i-1", elb.Backend{Handler: named("i-1", http.StatusOK), Latency: func(*http.Request) time.Duration { return 2 * time.Minute }})
	for _, c := range clients(3) {
		require.False(t, n.reset(c))
	}
	n.svc.SetBackend("i-1", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })})
	require.True(t, n.reset("203.0.113.1:40000"))
	clk.Advance(time.Minute)

	stat := func(metric string, stat cloudwatch.Statistic) float64 {
		t.Helper()
		out, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/NetworkELB", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancer", Value: dimension(n.lb)}},
			StartTime: start, EndTime: clk.Now(), Period: time.Hour, Statistics: []cloudwatch.Statistic{stat},
		})
		require.NoError(t, err)
		require.Len(t, out.Datapoints, 1, metric)
		p := out.Datapoints[0]
		if stat == cloudwatch.StatisticSum {
			return *p.Sum
		}
		return *p.Maximum
	}
	require.Equal(t, 4.0, stat(elb.MetricNewFlowCount, cloudwatch.StatisticSum))
	require.Equal(t, 3.0, stat(elb.MetricActiveFlowCount, cloudwatch.StatisticMaximum), "three flows answer two minutes after they came")
	require.Equal(t, float64(3*len("i-1")), stat(elb.MetricProcessedBytes, cloudwatch.StatisticSum))
	require.Equal(t, 1.0, stat(elb.MetricTCPTargetResetCount, cloudwatch.StatisticSum))
}
