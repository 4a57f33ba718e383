package autoscaling_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
)

// An instance put in standby leaves the load balancer, drains for the
// target group's deregistration delay, then stands by, still running and
// unchecked, with the desired capacity lowered and no replacement; back
// from standby it goes through Pending, is registered again, the desired
// capacity rises, and health checks see it again.
func TestStandbyDrainsTheInstanceAndExitStandbyPutsItBack(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("web")
	require.Len(t, ids, 2)
	id := ids[0]

	out, err := w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{id}, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	require.Len(t, out.Activities, 1)
	assert.Equal(t, "Moving EC2 instance to Standby: "+id, out.Activities[0].Description)
	assert.Equal(t, "At 2026-03-02T09:02:00Z instance "+id+" was moved to standby in response to a user request, shrinking the capacity from 2 to 1.", out.Activities[0].Cause)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StateEnteringStandby: 1}, w.states("web"))
	assert.Equal(t, 1, w.describe("web").DesiredCapacity)
	assert.Equal(t, elb.HealthDraining, w.targets()[id])

	w.clk.Advance(5 * time.Minute) // the deregistration delay
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StateStandby: 1}, w.states("web"))
	assert.NotContains(t, w.targets(), id)
	require.True(t, w.svc.ImpairInstance(id))
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StateStandby: 1}, w.states("web"), "standby instances are not health checked")

	back, err := w.svc.ExitStandby(ctx, &autoscaling.ExitStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{id}})
	require.NoError(t, err)
	assert.Equal(t, "At 2026-03-02T09:09:00Z instance "+id+" was moved out of standby in response to a user request, increasing the capacity from 1 to 2.", back.Activities[0].Cause)
	assert.Equal(t, 2, w.describe("web").DesiredCapacity)
	assert.ElementsMatch(t, ids, w.inService("web"), "it has booted already: no hook holds it")
	assert.Contains(t, w.targets(), id, "registered again")
	acts := w.activities("web")
	assert.True(t, contains(acts, "Moving EC2 instance to Standby: "+id, "Successful"), acts)
	assert.True(t, contains(acts, "Moving EC2 instance out of Standby: "+id, "Successful"), acts)

	w.clk.Advance(30 * time.Second) // in service, it is checked again
	acts = w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+id, "in response to an EC2 instance status checks failure."), acts)
}

// Without the decrement the group launches a replacement for the
// instance it put in standby, at once.
func TestStandbyWithoutDecrementLaunchesAReplacement(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 1, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	id := w.inService("web")[0]
	_, err := w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{id}})
	require.NoError(t, err)
	assert.Equal(t, 2, w.describe("web").DesiredCapacity)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StateEnteringStandby: 1, autoscaling.StatePending: 1}, w.states("web"))
	acts := w.activities("web")
	assert.True(t, contains(acts, "instance "+id+" was moved to standby in response to a user request."), acts)
	assert.True(t, contains(acts, "Launching a new EC2 instance", "increasing the capacity from 1 to 2."), acts)
}

// Moves that would break the group's bounds or name instances in the
// wrong state are refused, and change nothing.
func TestStandbyAndDetachRefuseWhatAWSRefuses(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 2, 2, 2, nil)
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("web")
	require.Len(t, ids, 2)
	calls := map[string]error{}
	_, calls["standby below min"] = w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: ids[:1], ShouldDecrementDesiredCapacity: true})
	_, calls["detach below min"] = w.svc.DetachInstances(ctx, &autoscaling.DetachInstancesInput{AutoScalingGroupName: "web", InstanceIds: ids[:1], ShouldDecrementDesiredCapacity: true})
	_, calls["exit standby of one in service"] = w.svc.ExitStandby(ctx, &autoscaling.ExitStandbyInput{AutoScalingGroupName: "web", InstanceIds: ids[:1]})
	_, calls["unknown instance"] = w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{"i-0123456789abcdef0"}})
	_, calls["twice"] = w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{ids[0], ids[0]}})
	_, calls["none"] = w.svc.DetachInstances(ctx, &autoscaling.DetachInstancesInput{AutoScalingGroupName: "web"})
	_, calls["attach one in a group"] = w.svc.AttachInstances(ctx, &autoscaling.AttachInstancesInput{AutoScalingGroupName: "web", InstanceIds: ids[:1]})
	for name, err := range calls {
		assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%s: %v", name, err)
	}
	assert.Equal(t, map[string]int{autoscaling.StateInService: 2}, w.states("web"))
	assert.Equal(t, 2, w.describe("web").DesiredCapacity)
	assert.Len(t, w.activities("web"), 2, "only the two launches")
}

// A standby instance detaches at once: it has nothing left to drain, and
// the desired capacity it no longer counts toward stays.
func TestDetachingAStandbyInstanceIsImmediate(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 0, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	id := w.inService("web")[0]
	_, err := w.svc.EnterStandby(ctx, &autoscaling.EnterStandbyInput{AutoScalingGroupName: "web", InstanceIds: []string{id}, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	out, err := w.svc.DetachInstances(ctx, &autoscaling.DetachInstancesInput{AutoScalingGroupName: "web", InstanceIds: []string{id}, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	assert.Equal(t, "Detaching EC2 instance: "+id, out.Activities[0].Description)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1}, w.states("web"))
	assert.Equal(t, 1, w.describe("web").DesiredCapacity)
}

// A detached instance drains, leaves its group and keeps running, its
// worker too, and costing; attached to another group it serves there,
// counts toward that group's capacity and is notified as a launch.
func TestDetachedInstanceKeepsRunningUntilAttachedToAnotherGroup(t *testing.T) {
	w := newWorld(t)
	workers := map[string]*countingWorker{}
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1",
		LaunchTemplateData: autoscaling.LaunchTemplateData{Worker: func(id string) autoscaling.Worker {
			workers[id] = &countingWorker{}
			return workers[id]
		}},
	})
	require.NoError(t, err)
	w.webGroup("old", 0, 4, 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.Version = "2" })
	w.group("new", 0, 4, 0, nil)
	w.clk.Advance(2 * time.Minute)
	id := w.inService("old")[0]

	out, err := w.svc.DetachInstances(ctx, &autoscaling.DetachInstancesInput{AutoScalingGroupName: "old", InstanceIds: []string{id}, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	assert.Equal(t, "At 2026-03-02T09:02:00Z instance "+id+" was detached in response to a user request, shrinking the capacity from 1 to 0.", out.Activities[0].Cause)
	assert.Equal(t, map[string]int{autoscaling.StateDetaching: 1}, w.states("old"))
	w.clk.Advance(5 * time.Minute)
	assert.Empty(t, w.describe("old").Instances)
	assert.NotContains(t, w.targets(), id)
	assert.Zero(t, workers[id].stops, "its worker runs on")
	costs := w.svc.Inspect().Costs()
	require.Len(t, costs, 1)
	assert.Equal(t, id, costs[0].InstanceId)
	assert.True(t, costs[0].EndTime.IsZero(), "it still runs")
	assert.Equal(t, 7*time.Minute, costs[0].Uptime)

	_, err = w.svc.AttachInstances(ctx, &autoscaling.AttachInstancesInput{AutoScalingGroupName: "new", InstanceIds: []string{id}})
	require.NoError(t, err)
	assert.Equal(t, []string{id}, w.inService("new"))
	assert.Equal(t, 1, w.describe("new").DesiredCapacity)
	acts := w.activities("new")
	assert.True(t, contains(acts, "Attaching an existing EC2 instance: "+id, "Successful", "At 2026-03-02T09:07:00Z an instance was added in response to user request. Keeping the capacity at the new 1."), acts)

	_, err = w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: id, ShouldDecrementDesiredCapacity: true})
	require.NoError(t, err)
	assert.Equal(t, 1, workers[id].stops)
	assert.Len(t, workers, 1, "the worker started once")
}

// countingWorker is a Worker that counts its stops.
type countingWorker struct{ stops int }

func (c *countingWorker) Busy() time.Duration { return 0 }
func (c *countingWorker) Stop()               { c.stops++ }
