package autoscaling_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
)

// An instance whose web server fails the target group's health checks is
// marked unhealthy by the group's next health check once its grace
// period is over, terminated (after draining) and replaced; during the
// grace period it is left alone.
func TestUnhealthyInstanceBehindTheLoadBalancerIsReplacedAfterTheGracePeriod(t *testing.T) {
	w := newWorld(t)
	var sick string
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1",
		LaunchTemplateData: autoscaling.LaunchTemplateData{Backend: func(id string) elb.Backend {
			b := w.backend(id)
			if sick == "" {
				sick = id
				b.Handler = http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusInternalServerError) })
			}
			return b
		}},
	})
	require.NoError(t, err)
	w.webGroup("web", 1, 4, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate.Version = autoscaling.VersionLatest
		in.HealthCheckGracePeriod = 5 * time.Minute
	})
	w.clk.Advance(time.Minute) // in service; the load balancer finds it unhealthy at 10 s
	require.Equal(t, []string{sick}, w.inService("web"))
	w.clk.Advance(4*time.Minute + 29*time.Second)
	assert.Equal(t, elb.HealthUnhealthy, w.targets()[sick])
	assert.Equal(t, autoscaling.HealthHealthy, w.describe("web").Instances[0].HealthStatus, "in its grace period")

	w.clk.Advance(time.Minute) // the first check past the grace period
	g := w.describe("web")
	require.Len(t, g.Instances, 2)
	assert.Equal(t, autoscaling.StateTerminating, g.Instances[0].LifecycleState)
	assert.Equal(t, autoscaling.HealthUnhealthy, g.Instances[0].HealthStatus)
	assert.Equal(t, autoscaling.StatePending, g.Instances[1].LifecycleState)
	acts := w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+sick, "At 2026-03-02T09:06:00Z an instance was taken out of service in response to an ELB system health check failure."), acts)
	assert.True(t, contains(acts, "Launching a new EC2 instance: "+g.Instances[1].InstanceId, "increasing the capacity from 0 to 1."), acts)

	w.clk.Advance(10 * time.Minute)
	g = w.describe("web")
	require.Len(t, g.Instances, 1)
	assert.Equal(t, autoscaling.StateInService, g.Instances[0].LifecycleState)
	assert.Equal(t, elb.HealthHealthy, w.targets()[g.Instances[0].InstanceId])
}

// With HealthCheckType EC2 the load balancer's verdict is ignored; an
// impaired instance is replaced either way.
func TestEC2HealthChecksIgnoreTheLoadBalancerButNotAnImpairedInstance(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 4, 2, func(in *autoscaling.CreateAutoScalingGroupInput) { in.TargetGroupARNs = []string{w.tg} })
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("app")
	w.lbs.SetBackend(ids[0], elb.Backend{Handler: http.NotFoundHandler()})
	w.clk.Advance(5 * time.Minute)
	assert.Equal(t, elb.HealthUnhealthy, w.targets()[ids[0]])
	assert.Len(t, w.inService("app"), 2)

	require.True(t, w.svc.ImpairInstance(ids[1]))
	w.clk.Advance(autoscaling.HealthCheckInterval)
	assert.True(t, contains(w.activities("app"), "Terminating EC2 instance: "+ids[1], "in response to an EC2 instance status checks failure."))
	assert.False(t, w.svc.ImpairInstance("i-00000000000000000"))
}

// SetInstanceHealth Unhealthy replaces the instance at once, or after
// its grace period when the grace period is respected.
func TestSetInstanceHealthReplacesTheInstance(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 4, 2, func(in *autoscaling.CreateAutoScalingGroupInput) { in.HealthCheckGracePeriod = 10 * time.Minute })
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("app")

	_, err := w.svc.SetInstanceHealth(ctx, &autoscaling.SetInstanceHealthInput{InstanceId: ids[0], HealthStatus: autoscaling.HealthUnhealthy})
	require.NoError(t, err)
	assert.Len(t, w.inService("app"), 2, "its grace period is respected")
	_, err = w.svc.SetInstanceHealth(ctx, &autoscaling.SetInstanceHealthInput{InstanceId: ids[1], HealthStatus: autoscaling.HealthUnhealthy, ShouldRespectGracePeriod: autoscaling.Bool(false)})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[0]}, w.inService("app"))
	assert.True(t, contains(w.activities("app"), "Terminating EC2 instance: "+ids[1], "in response to a user health-check."))

	w.clk.Advance(9 * time.Minute) // the grace period of ids[0] ended at 09:11
	assert.NotContains(t, w.inService("app"), ids[0])
}

// Replacements go a tenth of the desired capacity at a time: with 20
// instances unhealthy at once, two are replaced before the next two.
func TestUnhealthyInstancesAreReplacedATenthOfTheCapacityAtATime(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 20, 20, 20, nil)
	w.clk.Advance(2 * time.Minute)
	for _, id := range w.inService("web") {
		w.lbs.SetBackend(id, elb.Backend{Handler: http.NotFoundHandler()})
	}
	w.clk.Advance(time.Minute)
	assert.Equal(t, 2, w.states("web")[autoscaling.StateTerminating])
	w.clk.Advance(time.Minute)
	assert.Equal(t, 2, w.states("web")[autoscaling.StateTerminating], "still draining: no more at once")
}

// An instance older than MaxInstanceLifetime is replaced.
func TestMaxInstanceLifetimeReplacesOldInstances(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 4, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.MaxInstanceLifetime = autoscaling.MinInstanceLifetime
	})
	w.clk.Advance(time.Minute)
	first := w.inService("app")[0]
	w.clk.Advance(autoscaling.MinInstanceLifetime)
	assert.NotContains(t, w.inService("app"), first)
	assert.True(t, contains(w.activities("app"), "Terminating EC2 instance: "+first, "in response to a maximum instance lifetime policy."))
}
