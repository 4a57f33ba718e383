package autoscaling_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
)

// A target group attached to a running group gets its instances in
// service at once and its later launches; detached, it loses them.
func TestAttachAndDetachTargetGroupsAfterCreation(t *testing.T) {
	w := newWorld(t)
	w.group("web", 0, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	require.Empty(t, w.targets())

	_, err := w.svc.AttachLoadBalancerTargetGroups(ctx, &autoscaling.AttachLoadBalancerTargetGroupsInput{AutoScalingGroupName: "web", TargetGroupARNs: []string{w.tg}})
	require.NoError(t, err)
	assert.Len(t, w.targets(), 2)
	out, err := w.svc.DescribeLoadBalancerTargetGroups(ctx, &autoscaling.DescribeLoadBalancerTargetGroupsInput{AutoScalingGroupName: "web"})
	require.NoError(t, err)
	assert.Equal(t, []autoscaling.LoadBalancerState{{LoadBalancerTargetGroupARN: w.tg, State: "Added"}}, out.LoadBalancers)
	assert.Equal(t, []string{w.tg}, w.describe("web").TargetGroupARNs)
	w.clk.Advance(time.Minute)
	assert.Equal(t, http.StatusOK, httptestRecorder(w).Code, "the instances serve through the load balancer")

	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "web", DesiredCapacity: 3})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.Len(t, w.targets(), 3, "a later launch is registered too")

	_, err = w.svc.DetachLoadBalancerTargetGroups(ctx, &autoscaling.DetachLoadBalancerTargetGroupsInput{AutoScalingGroupName: "web", TargetGroupARNs: []string{w.tg}})
	require.NoError(t, err)
	for id, state := range w.targets() {
		assert.Equal(t, elb.HealthDraining, state, id)
	}
	w.clk.Advance(5 * time.Minute)
	assert.Empty(t, w.targets())
	assert.Empty(t, w.describe("web").TargetGroupARNs)

	_, err = w.svc.AttachLoadBalancerTargetGroups(ctx, &autoscaling.AttachLoadBalancerTargetGroupsInput{AutoScalingGroupName: "web", TargetGroupARNs: []string{w.tg + "-gone"}})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
}

// A group attached to a Classic Load Balancer registers its instances
// with it, replaces the ones it reports OutOfService (with ELB health
// checks), and drains them for its connection draining timeout.
func TestGroupBehindAClassicLoadBalancer(t *testing.T) {
	w := newWorld(t)
	classic := w.lbs.Classic()
	_, err := classic.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{
		LoadBalancerName: "legacy", Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 8080}}, AvailabilityZones: zones,
	})
	require.NoError(t, err)
	_, err = classic.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: "legacy", HealthCheck: elb.ClassicHealthCheck{
		Target: "HTTP:8080/", Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2,
	}})
	require.NoError(t, err)
	_, err = classic.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "legacy", LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{
		ConnectionDraining: &elb.ClassicConnectionDraining{Enabled: true, Timeout: 60},
	}})
	require.NoError(t, err)
	w.group("web", 1, 4, 2, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LoadBalancerNames = []string{"legacy"}
		in.HealthCheckType = autoscaling.HealthCheckELB
		in.HealthCheckGracePeriod = 2 * time.Minute
	})
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("web")
	require.Len(t, ids, 2)
	health := func() map[string]string {
		out, err := classic.DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: "legacy"})
		require.NoError(t, err)
		got := map[string]string{}
		for _, st := range out.InstanceStates {
			got[st.InstanceId] = st.State
		}
		return got
	}
	assert.Equal(t, map[string]string{ids[0]: elb.InstanceInService, ids[1]: elb.InstanceInService}, health())
	assert.Equal(t, []string{"legacy"}, w.describe("web").LoadBalancerNames)
	lbs, err := w.svc.DescribeLoadBalancers(ctx, &autoscaling.DescribeLoadBalancerTargetGroupsInput{AutoScalingGroupName: "web"})
	require.NoError(t, err)
	assert.Equal(t, []autoscaling.LoadBalancerState{{LoadBalancerName: "legacy", State: "Added"}}, lbs.LoadBalancers)

	// The first instance's server starts failing its health check.
	w.lbs.SetBackend(ids[0], elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusInternalServerError) })})
	w.clk.Advance(time.Minute)
	acts := w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+ids[0], "in response to an ELB system health check failure."), acts)
	g := w.describe("web")
	assert.Equal(t, autoscaling.StateTerminating, g.Instances[0].LifecycleState)
	acts = w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+ids[0], "WaitingForELBConnectionDraining"), acts)
	w.clk.Advance(time.Minute) // the connection draining timeout
	assert.True(t, contains(w.activities("web"), "Terminating EC2 instance: "+ids[0], "Successful"))
	assert.NotContains(t, health(), ids[0], "deregistered")

	_, err = w.svc.DetachLoadBalancers(ctx, &autoscaling.DetachLoadBalancersInput{AutoScalingGroupName: "web", LoadBalancerNames: []string{"legacy"}})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)
	assert.Empty(t, health(), "deregistered, drained")
	assert.Empty(t, w.describe("web").LoadBalancerNames)

	_, err = w.svc.AttachLoadBalancers(ctx, &autoscaling.AttachLoadBalancersInput{AutoScalingGroupName: "web", LoadBalancerNames: []string{"nope"}})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
}
