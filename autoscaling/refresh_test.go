package autoscaling_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
)

// refreshWorld is a world with a web group of n instances of template
// "web" version 1, in service, and a version 2 to refresh to.
func refreshWorld(t *testing.T, n int, edit func(*autoscaling.CreateAutoScalingGroupInput)) *world {
	w := newWorld(t)
	w.webGroup("web", 0, 10, n, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate.Version = "1"
		in.DefaultInstanceWarmup = autoscaling.Duration(time.Minute)
		if edit != nil {
			edit(in)
		}
	})
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{LaunchTemplateName: "web", SourceVersion: "1"})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	require.Len(t, w.inService("web"), n)
	return w
}

// startRefresh starts a refresh of group "web" to version 2.
func (w *world) startRefresh(p *autoscaling.RefreshPreferences) string {
	w.t.Helper()
	out, err := w.svc.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{
		AutoScalingGroupName: "web", Preferences: p,
		DesiredConfiguration: &autoscaling.DesiredConfiguration{LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web", Version: "2"}},
	})
	require.NoError(w.t, err)
	return out.InstanceRefreshId
}

// refreshOf describes group "web"'s latest refresh.
func (w *world) refreshOf() autoscaling.InstanceRefresh {
	w.t.Helper()
	out, err := w.svc.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: "web"})
	require.NoError(w.t, err)
	require.NotEmpty(w.t, out.InstanceRefreshes)
	return out.InstanceRefreshes[0]
}

// versions counts group "web"'s instances in service by launch template
// version.
func (w *world) versions() map[string]int {
	w.t.Helper()
	out := map[string]int{}
	for _, i := range w.describe("web").Instances {
		if i.LifecycleState == autoscaling.StateInService {
			out[i.LaunchTemplate.Version]++
		}
	}
	return out
}

// runRefresh advances the clock in steps of ten seconds until the
// group's refresh has ended, at most limit, and returns the fewest
// instances in service seen meanwhile.
func (w *world) runRefresh(limit time.Duration) int {
	w.t.Helper()
	fewest := len(w.inService("web"))
	for elapsed := time.Duration(0); elapsed < limit && w.refreshOf().EndTime.IsZero(); elapsed += 10 * time.Second {
		w.clk.Advance(10 * time.Second)
		fewest = min(fewest, len(w.inService("web")))
	}
	require.False(w.t, w.refreshOf().EndTime.IsZero(), "the refresh did not end in %s", limit)
	return fewest
}

// A refresh replaces instances in batches small enough to keep
// MinHealthyPercentage of the desired capacity in service, waiting for
// each batch's replacements to warm up, until every instance runs the
// desired configuration, which the group takes.
func TestInstanceRefreshReplacesInBatchesKeepingTheMinimumHealthy(t *testing.T) {
	w := refreshWorld(t, 4, nil)
	old := w.inService("web")
	w.startRefresh(&autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(50)})
	assert.Equal(t, map[string]int{autoscaling.StateInService: 2, autoscaling.StateTerminating: 2, autoscaling.StatePending: 2}, w.states("web"), "a batch of 4 − ceil(4 × 50 %)")
	acts := w.activities("web")
	assert.True(t, contains(acts, "Terminating EC2 instance: "+old[0], "At 2026-03-02T09:02:00Z an instance was taken out of service in response to an instance refresh.  At 2026-03-02T09:02:00Z instance "+old[0]+" was selected for termination."), acts)
	r := w.refreshOf()
	assert.Equal(t, autoscaling.RefreshInProgress, r.Status)
	assert.Equal(t, start.Add(2*time.Minute), r.StartTime)
	assert.Zero(t, r.PercentageComplete)
	assert.Equal(t, 50, *r.Preferences.MinHealthyPercentage)
	assert.Equal(t, 100, *r.Preferences.MaxHealthyPercentage, "the default")
	assert.Equal(t, autoscaling.PreferenceWait, r.Preferences.ScaleInProtectedInstances, "the default")
	assert.Equal(t, "2", w.describe("web").LaunchTemplate.Version, "the group takes the desired configuration")

	// The first batch boots in a minute and warms up for another; the
	// next health check starts the second batch.
	w.clk.Advance(2*time.Minute + 30*time.Second)
	r = w.refreshOf()
	assert.Equal(t, 50, r.PercentageComplete)
	assert.Equal(t, 2, r.InstancesToUpdate)
	assert.Equal(t, map[string]int{"2": 2}, w.versions(), "the second batch is on its way")

	fewest := w.runRefresh(10 * time.Minute)
	assert.GreaterOrEqual(t, fewest, 2, "ceil(4 × 50 %) stayed in service")
	r = w.refreshOf()
	assert.Equal(t, autoscaling.RefreshSuccessful, r.Status)
	assert.Equal(t, 100, r.PercentageComplete)
	assert.Zero(t, r.InstancesToUpdate)
	assert.Equal(t, map[string]int{"2": 4}, w.versions())
}

// Above 100 %, MaxHealthyPercentage launches a batch's replacements
// before the instances they replace terminate: with a minimum of 100 %
// the group never has fewer instances in service than it wants.
func TestInstanceRefreshWithMaxHealthyAbove100LaunchesBeforeItTerminates(t *testing.T) {
	w := refreshWorld(t, 2, nil)
	w.startRefresh(&autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(100), MaxHealthyPercentage: autoscaling.Int(150)})
	assert.Equal(t, map[string]int{autoscaling.StateInService: 2, autoscaling.StatePending: 1}, w.states("web"))
	assert.Equal(t, 2, w.describe("web").DesiredCapacity)
	fewest := w.runRefresh(15 * time.Minute)
	assert.Equal(t, 2, fewest)
	assert.Equal(t, map[string]int{"2": 2}, w.versions())
}

// At a checkpoint the refresh pauses for CheckpointDelay, saying so in
// its status reason, before it goes on.
func TestInstanceRefreshPausesAtACheckpoint(t *testing.T) {
	w := refreshWorld(t, 4, nil)
	w.startRefresh(&autoscaling.RefreshPreferences{
		MinHealthyPercentage: autoscaling.Int(100), CheckpointPercentages: []int{50, 100}, CheckpointDelay: autoscaling.Duration(20 * time.Minute),
	})
	w.clk.Advance(6 * time.Minute) // one at a time: two replaced and warm
	r := w.refreshOf()
	assert.Equal(t, 50, r.PercentageComplete)
	assert.Contains(t, r.StatusReason, "Checkpoint 50% reached")
	paused := w.versions()
	w.clk.Advance(15 * time.Minute)
	assert.Equal(t, paused, w.versions(), "nothing moves during the delay")
	assert.Equal(t, map[string]int{"1": 2, "2": 2}, paused)
	w.runRefresh(time.Hour)
	assert.Equal(t, autoscaling.RefreshSuccessful, w.refreshOf().Status)
	assert.Equal(t, map[string]int{"2": 4}, w.versions())
}

// SkipMatching leaves the instances that already run the desired
// version: only the others count and are replaced.
func TestInstanceRefreshWithSkipMatchingLeavesMatchingInstances(t *testing.T) {
	w := refreshWorld(t, 2, nil)
	_, err := w.svc.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: "web", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web", Version: "2"}, DesiredCapacity: autoscaling.Int(3),
	})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	require.Equal(t, map[string]int{"1": 2, "2": 1}, w.versions())
	w.startRefresh(&autoscaling.RefreshPreferences{SkipMatching: true, MinHealthyPercentage: autoscaling.Int(100)})
	assert.Equal(t, 2, w.refreshOf().InstancesToUpdate, "the two on version 1")
	w.runRefresh(20 * time.Minute)
	assert.Equal(t, map[string]int{"2": 3}, w.versions())
	acts := w.activities("web")
	terminations := 0
	for _, a := range acts {
		if contains([]string{a}, "in response to an instance refresh") {
			terminations++
		}
	}
	assert.Equal(t, 2, terminations)
}

// Instances protected from scale-in are replaced with Refresh, left with
// Ignore, and waited for with Wait, the default, which fails the refresh
// after an hour.
func TestInstanceRefreshOfProtectedInstances(t *testing.T) {
	for pref, want := range map[string]string{
		autoscaling.PreferenceRefresh: autoscaling.RefreshSuccessful,
		autoscaling.PreferenceIgnore:  autoscaling.RefreshSuccessful,
		autoscaling.PreferenceWait:    autoscaling.RefreshFailed,
	} {
		t.Run(pref, func(t *testing.T) {
			w := refreshWorld(t, 2, nil)
			protected := w.inService("web")[0]
			_, err := w.svc.SetInstanceProtection(ctx, &autoscaling.SetInstanceProtectionInput{AutoScalingGroupName: "web", InstanceIds: []string{protected}, ProtectedFromScaleIn: true})
			require.NoError(t, err)
			w.startRefresh(&autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(100), ScaleInProtectedInstances: pref})
			w.runRefresh(2 * time.Hour)
			r := w.refreshOf()
			assert.Equal(t, want, r.Status, r.StatusReason)
			kept := pref != autoscaling.PreferenceRefresh
			assert.Equal(t, kept, contains(w.inService("web"), protected))
		})
	}
}

// A cancelled refresh finishes the batch in flight, then is Cancelled:
// what it replaced stays replaced.
func TestCancelInstanceRefreshFinishesTheBatchInFlight(t *testing.T) {
	w := refreshWorld(t, 4, nil)
	id := w.startRefresh(&autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(75)})
	out, err := w.svc.CancelInstanceRefresh(ctx, &autoscaling.CancelInstanceRefreshInput{AutoScalingGroupName: "web"})
	require.NoError(t, err)
	assert.Equal(t, id, out.InstanceRefreshId)
	assert.Equal(t, autoscaling.RefreshCancelling, w.refreshOf().Status)
	w.runRefresh(10 * time.Minute)
	assert.Equal(t, autoscaling.RefreshCancelled, w.refreshOf().Status)
	assert.Equal(t, map[string]int{"1": 3, "2": 1}, w.versions())

	_, err = w.svc.CancelInstanceRefresh(ctx, &autoscaling.CancelInstanceRefreshInput{AutoScalingGroupName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrActiveInstanceRefreshNotFoundFault), "%v", err)
}

// One refresh at a time, and preferences out of AWS's ranges are
// refused.
func TestStartInstanceRefreshRefusesWhatAWSRefuses(t *testing.T) {
	w := refreshWorld(t, 2, nil)
	w.startRefresh(nil)
	_, err := w.svc.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrInstanceRefreshInProgressFault), "%v", err)
	for name, p := range map[string]autoscaling.RefreshPreferences{
		"min above 100":             {MinHealthyPercentage: autoscaling.Int(101)},
		"max without min":           {MaxHealthyPercentage: autoscaling.Int(150)},
		"max more than 100 above":   {MinHealthyPercentage: autoscaling.Int(0), MaxHealthyPercentage: autoscaling.Int(150)},
		"checkpoints not ascending": {CheckpointPercentages: []int{50, 20}},
		"delay without checkpoints": {CheckpointDelay: autoscaling.Duration(time.Minute)},
		"unknown standby behaviour": {StandbyInstances: "Reboot"},
		"rollback":                  {AutoRollback: true},
	} {
		_, err := w.svc.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: "web", Preferences: &p})
		assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%s: %v", name, err)
	}
}
