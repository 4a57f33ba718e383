package elb_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
)

// reasons returns the reason code of each target of tg, by ID.
func (w *web) reasons(tg string) map[string]string {
	w.t.Helper()
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg})
	require.NoError(w.t, err)
	reasons := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		reasons[d.Target.Id] = d.TargetHealth.Reason
	}
	return reasons
}

// counting is a backend that answers 200 with its name and counts the
// requests it gets, health checks included.
func counting(name string, n *int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*n++
		named(name, http.StatusOK).ServeHTTP(w, r)
	})
}

// With an Availability Zone dark, an Application Load Balancer cannot
// reach the targets there: a request sent to one gets a 504 after the
// ten-second connection timeout, their health checks time out, and
// once UnhealthyThresholdCount checks have failed every request goes to
// the targets of the zones that are up (cross-zone load balancing). When
// the zone is back they pass their checks and serve again.
func TestZoneOutageFailsTargetsThereAndRoutesToTheOtherZones(t *testing.T) {
	w := newWeb(t)
	w.attrs(w.tg, "stickiness.enabled", "false")
	w.lbAttrs("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs")
	for id, zone := range map[string]string{"i-a": "us-east-1a", "i-b": "us-east-1b"} {
		w.svc.SetBackend(id, elb.Backend{Handler: named(id, http.StatusOK), AvailabilityZone: zone})
	}
	w.register(w.tg, nil, "i-a", "i-b")
	w.clk.Advance(5 * time.Second)
	require.Equal(t, map[string]string{"i-a": elb.HealthHealthy, "i-b": elb.HealthHealthy}, w.health(w.tg))
	require.NoError(t, w.svc.Account().SetFaultPlan(cloud.FaultRule{
		Name: "az-a", Fault: elb.FaultZoneOutage, Resource: "us-east-1a", Probability: 1, Until: w.clk.Now().Add(time.Minute),
	}))

	got := map[int]int{}
	for range 4 { // round robin: two to each target
		got[w.get("/").StatusCode]++
	}
	assert.Equal(t, map[int]int{http.StatusOK: 2, http.StatusGatewayTimeout: 2}, got, "before the checks find it")
	var timedOut elb.AccessLogEntry
	for _, e := range w.svc.Inspect().AccessLog(w.lb) {
		if e.ELBStatusCode == http.StatusGatewayTimeout {
			timedOut = e
		}
	}
	assert.Equal(t, w.clk.Now().Add(elb.ConnectTimeout), timedOut.Time, "after the connection timeout")
	assert.Equal(t, time.Duration(-1), timedOut.TargetProcessingTime)

	w.clk.Advance(10 * time.Second) // two failed checks
	assert.Equal(t, map[string]string{"i-a": elb.HealthUnhealthy, "i-b": elb.HealthHealthy}, w.health(w.tg))
	assert.Equal(t, elb.ReasonTimeout, w.reasons(w.tg)["i-a"])
	for range 6 {
		resp := w.get("/")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, "i-b", body(t, resp))
	}

	w.clk.Advance(time.Minute) // the zone is back: two passed checks
	assert.Equal(t, map[string]string{"i-a": elb.HealthHealthy, "i-b": elb.HealthHealthy}, w.health(w.tg))
	assert.Equal(t, map[string]int{"az-a": 1}, w.svc.Account().FaultsFired())
}

// A target in a zone no outage names, or with no zone, is not reached
// by one.
func TestZoneOutageLeavesTargetsOfOtherZones(t *testing.T) {
	w := newWeb(t)
	w.svc.SetBackend("i-b", elb.Backend{Handler: named("i-b", http.StatusOK), AvailabilityZone: "us-east-1b"})
	w.svc.SetBackend("i-x", elb.Backend{Handler: named("i-x", http.StatusOK)})
	w.register(w.tg, nil, "i-b", "i-x")
	require.NoError(t, w.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "az-a", Fault: elb.FaultZoneOutage, Resource: "us-east-1a", Probability: 1}))
	w.clk.Advance(time.Minute)
	assert.Equal(t, map[string]string{"i-b": elb.HealthHealthy, "i-x": elb.HealthHealthy}, w.health(w.tg))
	assert.Equal(t, map[string]int{"az-a": 0}, w.svc.Account().FaultsFired())
}

// A target that hangs takes the connection and never answers: an
// Application Load Balancer answers 504 after its idle timeout without
// the target's handler running, the health checks time out at
// HealthCheckTimeoutSeconds and make it unhealthy after
// UnhealthyThresholdCount, and when the hang is over (the rule's Delay)
// it is healthy again.
func TestHangingTargetGets504AfterTheIdleTimeoutAndFailsItsChecks(t *testing.T) {
	w := newWeb(t)
	w.lbAttrs("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs")
	calls := 0
	w.register(w.tg, counting("i-1", &calls), "i-1")
	w.clk.Advance(5 * time.Second)
	require.NoError(t, w.svc.Account().SetFaultPlan(cloud.FaultRule{
		Name: "deadlock", Fault: elb.FaultTargetHang, Resource: "i-1", Probability: 1, Count: 1, Delay: 30 * time.Second,
	}))
	calls = 0

	resp := w.get("/")
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	assert.Equal(t, "awselb/2.0", resp.Header.Get("Server"))
	log := w.svc.Inspect().AccessLog(w.lb)
	require.Len(t, log, 1)
	assert.Equal(t, w.clk.Now().Add(elb.DefaultIdleTimeout), log[0].Time, "after the idle timeout")
	assert.Equal(t, time.Duration(-1), log[0].TargetProcessingTime)

	w.clk.Advance(5 * time.Second)
	assert.Equal(t, elb.HealthHealthy, w.health(w.tg)["i-1"], "one timed-out check is below the threshold")
	w.clk.Advance(5 * time.Second)
	assert.Equal(t, elb.HealthUnhealthy, w.health(w.tg)["i-1"])
	assert.Equal(t, elb.ReasonTimeout, w.reasons(w.tg)["i-1"])
	assert.Zero(t, calls, "the handler of a hanging target is not called")

	w.clk.Advance(30 * time.Second)
	assert.Equal(t, elb.HealthHealthy, w.health(w.tg)["i-1"], "over after Delay")
	assert.Equal(t, http.StatusOK, w.get("/").StatusCode)
	assert.NotZero(t, calls)
}

// A Classic Load Balancer answers a request to a hanging instance with a
// 504 after its idle timeout, and takes it out of service after
// UnhealthyThreshold timed-out checks.
func TestClassicHangingInstanceGets504AndGoesOutOfService(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1")
	require.NoError(t, c.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "deadlock", Fault: elb.FaultTargetHang, Probability: 1}))

	assert.Equal(t, http.StatusGatewayTimeout, c.get("/").StatusCode)
	c.clk.Advance(10 * time.Second)
	assert.Equal(t, elb.InstanceOutOfService, c.state("i-1").State)
}

// A Network Load Balancer's TCP health check only connects, so a
// hanging target passes it and stays healthy, while its flows get no
// answer and are reset after the flow idle timeout; an HTTP health
// check times out.
func TestNetworkHangingTargetPassesTCPChecksAndIsReset(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-1")
	require.NoError(t, n.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "deadlock", Fault: elb.FaultTargetHang, Resource: "i-1", Probability: 1}))

	assert.True(t, n.reset("203.0.113.1:40000"))
	n.clk.Advance(time.Minute)
	assert.Equal(t, elb.HealthHealthy, n.health()["i-1"], "the TCP check connects")

	_, err := n.svc.ModifyTargetGroup(ctx, &elb.ModifyTargetGroupInput{TargetGroupArn: n.tg, HealthCheckProtocol: elb.ProtocolHTTP})
	require.NoError(t, err)
	n.clk.Advance(time.Minute)
	assert.Equal(t, elb.HealthUnhealthy, n.health()["i-1"], "the HTTP check times out")
}

// A Network Load Balancer's TCP checks of a target in a dark zone time
// out, so its flows move to the targets of the zones that are up; a flow
// sent to it before the checks find it is reset.
func TestNetworkZoneOutageMovesFlowsToTheOtherZones(t *testing.T) {
	n := newTCP(t, "")
	n.healthy("i-a", "i-b")
	n.svc.SetBackend("i-a", elb.Backend{Handler: named("i-a", http.StatusOK), AvailabilityZone: "us-east-1a"})
	n.svc.SetBackend("i-b", elb.Backend{Handler: named("i-b", http.StatusOK), AvailabilityZone: "us-east-1b"})
	require.NoError(t, n.svc.Account().SetFaultPlan(cloud.FaultRule{Name: "az-a", Fault: elb.FaultZoneOutage, Resource: "us-east-1a", Probability: 1}))

	resets := 0
	for _, c := range clients(40) {
		if n.reset(c) {
			resets++
		}
	}
	assert.Greater(t, resets, 5, "the flows hashed to i-a")
	n.clk.Advance(10 * time.Second)
	assert.Equal(t, map[string]string{"i-a": elb.HealthUnhealthy, "i-b": elb.HealthHealthy}, n.health())
	for _, c := range clients(40) {
		require.Equal(t, "i-b", n.target(c))
	}
}
