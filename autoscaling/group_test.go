package autoscaling_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
)

// A new group launches its desired capacity at once, spread evenly over
// its Availability Zones; its instances are Pending until they boot.
func TestCreateGroupLaunchesDesiredCapacityBalancedAcrossZones(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 6, nil)
	g := w.describe("app")
	require.Len(t, g.Instances, 6)
	perZone := map[string]int{}
	for _, i := range g.Instances {
		assert.Equal(t, autoscaling.StatePending, i.LifecycleState)
		assert.Equal(t, "m5.large", i.InstanceType)
		assert.Regexp(t, `^i-[0-9a-f]{17}$`, i.InstanceId)
		perZone[i.AvailabilityZone]++
	}
	assert.Equal(t, map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}, perZone)
	assert.Regexp(t, `^arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/app$`, g.AutoScalingGroupARN)
	assert.Equal(t, autoscaling.DefaultCooldown, g.DefaultCooldown)
	assert.Equal(t, autoscaling.HealthCheckEC2, g.HealthCheckType)
}

// An instance boots (a minute by default), is registered with the
// group's target groups, and goes in service; the load balancer then
// finds it healthy and routes to the web server its launch template
// made.
func TestInstanceRegistersWithTargetGroupAndGoesInServiceAfterBoot(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 4, 1, nil)
	w.clk.Advance(autoscaling.DefaultBootTime - time.Second)
	assert.Equal(t, map[string]int{autoscaling.StatePending: 1}, w.states("web"))
	assert.Empty(t, w.targets())

	w.clk.Advance(time.Second)
	ids := w.inService("web")
	require.Len(t, ids, 1)
	assert.Equal(t, map[string]string{ids[0]: elb.HealthInitial}, w.targets())

	w.clk.Advance(10 * time.Second) // two health checks at 5 s
	assert.Equal(t, map[string]string{ids[0]: elb.HealthHealthy}, w.targets())
	assert.Contains(t, getBody(t, w), "ok from "+ids[0])
	acts := w.activities("web")
	require.Len(t, acts, 1)
	assert.Equal(t, "Launching a new EC2 instance: "+ids[0]+" | Successful | At 2026-03-02T09:00:00Z a user request created an AutoScalingGroup changing the desired capacity from 0 to 1.  At 2026-03-02T09:00:00Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1.", acts[0])
}

// Scale-in deregisters the instance first; it stays Terminating for the
// target group's deregistration delay (300 s by default) while its
// connections drain, then terminates and its web server goes.
func TestTerminatingInstanceDrainsForTheDeregistrationDelayBeforeTerminating(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 0, 4, 1, nil)
	w.clk.Advance(2 * time.Minute)
	id := w.inService("web")[0]

	_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "web", DesiredCapacity: 0})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{autoscaling.StateTerminating: 1}, w.states("web"))
	assert.Equal(t, elb.HealthDraining, w.targets()[id])

	w.clk.Advance(elb.DefaultDeregistrationDelay - time.Second)
	assert.Equal(t, map[string]int{autoscaling.StateTerminating: 1}, w.states("web"))
	w.clk.Advance(time.Second)
	assert.Empty(t, w.describe("web").Instances)
	acts := w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+id, "Successful",
		"a user request explicitly set group desired capacity changing the desired capacity from 1 to 0.  At 2026-03-02T09:02:00Z an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 1 to 0."), acts)
}

// Scale-in terminates in the zone with the most instances first, so the
// zones stay balanced whatever order the instances launched in.
func TestScaleInKeepsZonesBalanced(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 12, 9, nil)
	w.clk.Advance(2 * time.Minute)
	for _, want := range []int{8, 6, 4, 3, 1} {
		_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: want})
		require.NoError(t, err)
		perZone := map[string]int{}
		for _, i := range w.describe("app").Instances {
			if i.LifecycleState == autoscaling.StateInService {
				perZone[i.AvailabilityZone]++
			}
		}
		lo, hi := want, 0
		for _, z := range zones {
			lo, hi = min(lo, perZone[z]), max(hi, perZone[z])
		}
		assert.LessOrEqual(t, hi-lo, 1, "desired %d: %v", want, perZone)
	}
}

// Within a zone, OldestInstance picks the oldest and NewestInstance the
// newest; OldestLaunchTemplate picks instances of an older template
// version.
func TestTerminationPoliciesChooseWithinTheZone(t *testing.T) {
	for _, tc := range []struct {
		policy string
		want   func(first, second string) string
	}{
		{autoscaling.TerminationOldestInstance, func(first, _ string) string { return first }},
		{autoscaling.TerminationNewestInstance, func(_, second string) string { return second }},
		{autoscaling.TerminationOldestLaunchTemplate, func(first, _ string) string { return first }},
	} {
		t.Run(tc.policy, func(t *testing.T) {
			w := newWorld(t)
			w.group("app", 0, 4, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
				in.AvailabilityZones = zones[:1]
				in.TerminationPolicies = []string{tc.policy}
				in.LaunchTemplate.Version = autoscaling.VersionLatest
			})
			w.clk.Advance(time.Hour)
			first := w.describe("app").Instances[0].InstanceId
			_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
				LaunchTemplateName: "web", SourceVersion: "1", LaunchTemplateData: autoscaling.LaunchTemplateData{BootTime: 30 * time.Second},
			})
			require.NoError(t, err)
			_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 2})
			require.NoError(t, err)
			w.clk.Advance(time.Minute)
			g := w.describe("app")
			second := g.Instances[1].InstanceId
			assert.Equal(t, "2", g.Instances[1].LaunchTemplate.Version)

			_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})
			require.NoError(t, err)
			for _, i := range w.describe("app").Instances {
				if i.InstanceId == tc.want(first, second) {
					assert.Equal(t, autoscaling.StateTerminating, i.LifecycleState)
				} else {
					assert.Equal(t, autoscaling.StateInService, i.LifecycleState)
				}
			}
		})
	}
}

// Instances protected from scale-in are never chosen by it: when every
// instance left is protected, the desired capacity falls and nothing is
// terminated.
func TestProtectedInstancesAreNotScaledIn(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 4, 3, nil)
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("app")
	_, err := w.svc.SetInstanceProtection(ctx, &autoscaling.SetInstanceProtectionInput{AutoScalingGroupName: "app", InstanceIds: ids[:2], ProtectedFromScaleIn: true})
	require.NoError(t, err)

	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 0})
	require.NoError(t, err)
	g := w.describe("app")
	assert.Equal(t, 0, g.DesiredCapacity)
	for _, i := range g.Instances {
		assert.Equal(t, i.InstanceId != ids[2], i.LifecycleState == autoscaling.StateInService, i.InstanceId)
	}
}

// TerminateInstanceInAutoScalingGroup without decrementing launches a
// replacement; with it, the desired capacity falls by one.
func TestTerminateInstanceReplacesItUnlessTheCapacityIsDecremented(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("app")

	out, err := w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: ids[0]})
	require.NoError(t, err)
	assert.Equal(t, "Terminating EC2 instance: "+ids[0], out.Activity.Description)
	assert.Equal(t, "At 2026-03-02T09:02:00Z instance "+ids[0]+" was taken out of service in response to a user request.", out.Activity.Cause)
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StatePending: 1}, w.states("app"))

	out, err = w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: ids[1], ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	assert.Equal(t, "At 2026-03-02T09:02:00Z instance "+ids[1]+" was taken out of service in response to a user request, shrinking the capacity from 2 to 1.", out.Activity.Cause)
	assert.Equal(t, 1, w.describe("app").DesiredCapacity)
	assert.Equal(t, map[string]int{autoscaling.StatePending: 1}, w.states("app"))

	_, err = w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: ids[1]})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "a terminated instance: %v", err)
}

// A group with instances is deleted only with ForceDelete, which
// terminates them; the group is described as being deleted until they
// have terminated.
func TestDeleteGroupNeedsForceDeleteWhileItHasInstances(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 4, 2, nil)
	_, err := w.svc.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrScalingActivityInProgressFault), "%v", err)
	w.clk.Advance(2 * time.Minute)
	_, err = w.svc.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrResourceInUseFault), "%v", err)

	_, err = w.svc.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: "web", ForceDelete: true})
	require.NoError(t, err)
	assert.Equal(t, "Delete in progress", w.describe("web").Status)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "web", DesiredCapacity: 1})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)

	w.clk.Advance(elb.DefaultDeregistrationDelay)
	out, err := w.svc.DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, out.AutoScalingGroups)
	assert.Empty(t, w.targets())
}

// UpdateAutoScalingGroup moves the desired capacity into new bounds and
// writes AWS's cause for it.
func TestUpdateGroupBoundsMoveTheDesiredCapacity(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 4, 1, nil)
	_, err := w.svc.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: "app", MinSize: autoscaling.Int(3)})
	require.NoError(t, err)
	g := w.describe("app")
	assert.Equal(t, 3, g.DesiredCapacity)
	assert.Len(t, g.Instances, 3)
	assert.True(t, contains(w.activities("app"), "a user request update of AutoScalingGroup constraints to min: 3, max: 4, desired: 3 changing the desired capacity from 1 to 3."))

	_, err = w.svc.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: "app", MinSize: autoscaling.Int(0), MaxSize: autoscaling.Int(2)})
	require.NoError(t, err)
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
}

// A suspended Launch process leaves the group below its desired
// capacity until it is resumed.
func TestSuspendedLaunchWaitsForResume(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 4, 0, nil)
	_, err := w.svc.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: "app", ScalingProcesses: []string{autoscaling.ProcessLaunch}})
	require.NoError(t, err)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 2})
	require.NoError(t, err)
	assert.Empty(t, w.describe("app").Instances)
	assert.Equal(t, []string{autoscaling.ProcessLaunch}, w.describe("app").SuspendedProcesses)

	_, err = w.svc.ResumeProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: "app"})
	require.NoError(t, err)
	assert.Len(t, w.describe("app").Instances, 2)
}

// An instance costs its type's price for every second from launch to
// termination, Pending and Terminating included.
func TestCostIsPricePerSecondFromLaunchToTermination(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 4, 2, nil)
	w.clk.Advance(90 * time.Minute)
	_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})
	require.NoError(t, err)
	w.clk.Advance(30 * time.Minute)

	dollars, hours := w.svc.Inspect().GroupCost("app")
	assert.InDelta(t, 3.5, hours, 1e-9) // 1.5 h + 2 h
	assert.InDelta(t, 3.5*0.096, dollars, 1e-9)
	costs := w.svc.Inspect().Costs()
	require.Len(t, costs, 2)
	assert.Equal(t, start.Add(90*time.Minute), costs[0].EndTime)
	assert.True(t, costs[1].EndTime.IsZero())
}

// getBody sends one request through the world's listener and returns the
// body.
func getBody(t *testing.T, w *world) string {
	t.Helper()
	rec := httptestRecorder(w)
	require.Equal(t, 200, rec.Code)
	return rec.Body.String()
}

// When the group's zones change, the instance left in a zone it no
// longer has is replaced by one in a zone it has, launched first (the
// group going above MaxSize meanwhile) and then terminated, unless the
// AZRebalance process is suspended.
func TestAZRebalancingLaunchesBeforeItTerminates(t *testing.T) {
	for _, suspended := range []bool{false, true} {
		w := newWorld(t)
		w.group("app", 3, 3, 3, nil)
		w.clk.Advance(2 * time.Minute)
		if suspended {
			_, err := w.svc.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: "app", ScalingProcesses: []string{autoscaling.ProcessAZRebalance}})
			require.NoError(t, err)
		}
		_, err := w.svc.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: "app", AvailabilityZones: zones[:2]})
		require.NoError(t, err)
		w.clk.Advance(30 * time.Second)
		if suspended {
			assert.Equal(t, map[string]int{autoscaling.StateInService: 3}, w.states("app"))
			w.clk.Advance(10 * time.Minute)
			assert.Equal(t, map[string]int{autoscaling.StateInService: 3}, w.states("app"), "nothing moves")
			continue
		}
		assert.Equal(t, map[string]int{autoscaling.StateInService: 3, autoscaling.StatePending: 1}, w.states("app"), "one above MaxSize while it launches")
		acts := w.activities("app")
		assert.True(t, contains(acts, "Launching a new EC2 instance", "instances were launched to balance instances in zones us-east-1a us-east-1b with other zones resulting in more than desired number of instances in the group."), acts)
		w.clk.Advance(2 * time.Minute)
		perZone := map[string]int{}
		for _, i := range w.describe("app").Instances {
			if i.LifecycleState == autoscaling.StateInService {
				perZone[i.AvailabilityZone]++
			}
		}
		assert.Equal(t, map[string]int{zones[0]: 2, zones[1]: 1}, perZone)
		assert.Equal(t, 3, len(w.inService("app")))
	}
}

// A web server that does not say how many requests it works on at once
// gets its instance type's vCPUs.
func TestBackendWorkersDefaultToTheInstanceTypesVCPUs(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1",
		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "c5.xlarge", Backend: func(id string) elb.Backend {
			b := w.backend(id)
			b.Workers = 0
			return b
		}},
	})
	require.NoError(t, err)
	w.webGroup("web", 1, 1, 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.Version = "2" })
	w.clk.Advance(2 * time.Minute)
	h, ok := w.lbs.Inspect().Host(w.inService("web")[0])
	require.True(t, ok)
	assert.Equal(t, 4, h.Workers, "a c5.xlarge has 4 vCPUs")
}

// Terminating, with the decrement, an instance that rebalancing is
// replacing lowers the desired capacity like any other: the instance
// launched in its stead stays.
func TestTerminatingAnInstanceBeingRebalancedDecrementsTheCapacity(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 3, 3, nil)
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: "app", AvailabilityZones: zones[:2]})
	require.NoError(t, err)
	w.clk.Advance(30 * time.Second) // rebalancing launches ahead of the instance in zone c
	var stray string
	for _, i := range w.describe("app").Instances {
		if i.AvailabilityZone == zones[2] {
			stray = i.InstanceId
		}
	}
	require.NotEmpty(t, stray)
	_, err = w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: stray, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
	w.clk.Advance(5 * time.Minute)
	assert.Len(t, w.inService("app"), 2)
}

// An instance behind a load balancer publishes NetworkOut, the bytes of
// the responses it sent over the minute, by InstanceId and, as a
// statistic set over the group's instances, by AutoScalingGroupName.
func TestInstancesPublishTheBytesTheyServeAsNetworkOut(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 1, 1, nil)
	w.clk.Advance(2 * time.Minute)
	id := w.inService("web")[0]
	for range 10 {
		require.Equal(t, http.StatusOK, httptestRecorder(w).Code)
	}
	body := len("ok from " + id)
	w.clk.Advance(time.Minute)
	sum := func(dims []cloudwatch.Dimension) float64 {
		out, err := w.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/EC2", MetricName: "NetworkOut", Dimensions: dims,
			StartTime: start.Add(2 * time.Minute), EndTime: start.Add(3 * time.Minute), Period: time.Minute,
			Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		require.NoError(t, err)
		require.Len(t, out.Datapoints, 1)
		return *out.Datapoints[0].Sum
	}
	assert.Equal(t, float64(10*body), sum([]cloudwatch.Dimension{{Name: "InstanceId", Value: id}}))
	assert.Equal(t, float64(10*body), sum([]cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: "web"}}))
}
