package elb_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
)

// A target must pass one health check to be considered healthy; before
// that it is initial, its registration in progress (ALB guide, "Health
// checks for Application Load Balancer target groups").
func TestTargetIsHealthyAfterPassingOneHealthCheck(t *testing.T) {
	w := newWeb(t)
	w.register(w.tg, named("a", http.StatusOK), "i-a")

	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: w.tg})
	require.NoError(t, err)
	require.Equal(t, elb.TargetHealth{State: elb.HealthInitial, Reason: elb.ReasonRegistrationInProgress, Description: "Target registration is in progress"}, out.TargetHealthDescriptions[0].TargetHealth)
	require.Equal(t, "8080", out.TargetHealthDescriptions[0].HealthCheckPort)

	w.clk.Advance(5 * time.Second)
	require.Equal(t, map[string]string{"i-a": elb.HealthHealthy}, w.health(w.tg))
}

// UnhealthyThresholdCount consecutive failures take a target out; the
// reason says how it failed; traffic stops reaching it.
func TestTargetFailingItsHealthPathIsTakenOutAfterTheThreshold(t *testing.T) {
	w := newWeb(t)
	w.healthy(w.tg, "i-a", "i-b")
	failing := false
	w.svc.SetBackend("i-b", elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if failing && r.UserAgent() == elb.HealthCheckUserAgent {
			rw.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		rw.Write([]byte("i-b"))
	})})
	failing = true

	w.clk.Advance(5 * time.Second) // one failure: still healthy
	require.Equal(t, elb.HealthHealthy, w.health(w.tg)["i-b"])
	w.clk.Advance(5 * time.Second) // the second: out
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: w.tg, Targets: []elb.TargetDescription{{Id: "i-b"}}})
	require.NoError(t, err)
	require.Equal(t, elb.TargetHealth{State: elb.HealthUnhealthy, Reason: elb.ReasonResponseCodeMismatch, Description: "Health checks failed with these codes: [503]"}, out.TargetHealthDescriptions[0].TargetHealth)

	for range 4 {
		require.Equal(t, "i-a", body(t, w.get("/")))
	}
}

// A health check slower than HealthCheckTimeoutSeconds fails with
// Target.Timeout.
func TestSlowHealthCheckTimesOut(t *testing.T) {
	w := newWeb(t)
	w.svc.SetBackend("i-a", elb.Backend{Handler: named("a", http.StatusOK), Latency: func(*http.Request) time.Duration { return 3 * time.Second }})
	w.register(w.tg, nil, "i-a")
	w.clk.Advance(10 * time.Second)
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: w.tg})
	require.NoError(t, err)
	require.Equal(t, elb.TargetHealth{State: elb.HealthUnhealthy, Reason: elb.ReasonTimeout, Description: "Request timed out"}, out.TargetHealthDescriptions[0].TargetHealth)
}

// HealthyThresholdCount consecutive successes bring an unhealthy target
// back.
func TestUnhealthyTargetReturnsAfterHealthyThreshold(t *testing.T) {
	w := newWeb(t)
	w.register(w.tg, nil, "i-a") // nothing listens
	w.clk.Advance(10 * time.Second)
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: w.tg})
	require.NoError(t, err)
	require.Equal(t, elb.ReasonFailedHealthChecks, out.TargetHealthDescriptions[0].TargetHealth.Reason)

	w.svc.SetBackend("i-a", elb.Backend{Handler: named("a", http.StatusOK)})
	w.clk.Advance(5 * time.Second)
	require.Equal(t, elb.HealthUnhealthy, w.health(w.tg)["i-a"])
	w.clk.Advance(5 * time.Second)
	require.Equal(t, elb.HealthHealthy, w.health(w.tg)["i-a"])
}

// A deregistered target is draining for the deregistration delay, gets
// no new requests, and is then gone.
func TestDeregisteredTargetDrainsForTheDelay(t *testing.T) {
	w := newWeb(t)
	w.healthy(w.tg, "i-a", "i-b")
	_, err := w.svc.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: w.tg, Targets: []elb.TargetDescription{{Id: "i-b"}}})
	require.NoError(t, err)
	require.Equal(t, elb.HealthDraining, w.health(w.tg)["i-b"])
	for range 3 {
		require.Equal(t, "i-a", body(t, w.get("/")))
	}

	w.clk.Advance(elb.DefaultDeregistrationDelay - time.Second)
	require.Equal(t, elb.HealthDraining, w.health(w.tg)["i-b"])
	w.clk.Advance(time.Second)
	require.Equal(t, map[string]string{"i-a": elb.HealthHealthy}, w.health(w.tg))
}

// Targets of a target group that no listener uses are unused
// (Target.NotInUse) and not health-checked.
func TestTargetsOfAnUnusedGroupAreNotInUse(t *testing.T) {
	w := newWeb(t)
	spare := w.targetGroup("spare", nil)
	calls := 0
	w.svc.SetBackend("i-s", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ })})
	w.register(spare, nil, "i-s")
	w.clk.Advance(time.Minute)
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: spare})
	require.NoError(t, err)
	require.Equal(t, elb.TargetHealth{State: elb.HealthUnused, Reason: elb.ReasonNotInUse, Description: "Target group is not configured to receive traffic from the load balancer"}, out.TargetHealthDescriptions[0].TargetHealth)
	require.Zero(t, calls)
}

// Changing a listener's action to one that still forwards to a target
// group keeps the group in use: its targets stay healthy, where a group
// coming into use starts over at initial.
func TestModifyingAListenerKeepsTheHealthOfAGroupStillInUse(t *testing.T) {
	w := newWeb(t)
	w.healthy(w.tg, "i-1")
	other := w.targetGroup("other", nil)
	w.register(other, named("i-2", http.StatusOK), "i-2")
	_, err := w.svc.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: w.listener, DefaultActions: []elb.Action{{
		Type: elb.ActionForward, ForwardConfig: &elb.ForwardActionConfig{TargetGroups: []elb.TargetGroupTuple{
			{TargetGroupArn: w.tg, Weight: new(90)}, {TargetGroupArn: other, Weight: new(10)},
		}},
	}}})
	require.NoError(t, err)
	require.Equal(t, elb.HealthHealthy, w.health(w.tg)["i-1"], "still in use: its health kept")
	require.Equal(t, elb.HealthInitial, w.health(other)["i-2"], "newly in use: checks start over")
}
