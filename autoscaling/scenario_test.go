package autoscaling_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/golden"
	"github.com/awssim/awssim/sim"
)

// story runs a day in the life of a web group on w: created with two
// instances, scaled out by a policy, one instance failing its health
// checks and replaced, then scaled in. It returns the group's activity
// log as text, oldest first.
func story(t *testing.T, w *world) string {
	t.Helper()
	w.webGroup("web", 1, 6, 2, func(in *autoscaling.CreateAutoScalingGroupInput) { in.HealthCheckGracePeriod = time.Minute })
	w.policy(autoscaling.PutScalingPolicyInput{AutoScalingGroupName: "web", PolicyName: "plus-two", AdjustmentType: autoscaling.ChangeInCapacity, ScalingAdjustment: autoscaling.Int(2)})
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: "web", PolicyName: "plus-two"})
	require.NoError(t, err)
	w.clk.Advance(3 * time.Minute)
	sick := w.inService("web")[0]
	w.lbs.SetBackend(sick, elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusBadGateway) })})
	w.clk.Advance(10 * time.Minute)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "web", DesiredCapacity: 1})
	require.NoError(t, err)
	w.clk.Advance(10 * time.Minute)
	return w.activityLog("web")
}

// activityLog returns the activities of group name as text, oldest
// first, as the golden files hold them.
func (w *world) activityLog(name string) string {
	w.t.Helper()
	out, err := w.svc.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: name})
	require.NoError(w.t, err)
	var b strings.Builder
	for k := len(out.Activities) - 1; k >= 0; k-- {
		a := out.Activities[k]
		fmt.Fprintf(&b, "%s → %s  %s  %s  %s\n  %s\n", a.StartTime.Format(time.TimeOnly), a.EndTime.Format(time.TimeOnly), a.ActivityId, a.StatusCode, a.Description, a.Cause)
	}
	return b.String()
}

// The scaling activities of the story, as an operator reads them:
// compared with testdata/activities.golden (regenerate with -update).
func TestActivityLogGolden(t *testing.T) {
	golden.Check(t, "activities.golden", []byte(story(t, newWorld(t))))
}

// The same seed gives the same group and instance IDs, activity IDs and
// choices of victim, byte for byte; another seed gives other IDs.
func TestSameSeedSameActivities(t *testing.T) {
	a, b := story(t, newWorldSeed(t, 7)), story(t, newWorldSeed(t, 7))
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, story(t, newWorldSeed(t, 8)))
}

// scenarioOnClock runs a group's launch and scale-in on clk, moved by
// advance, and checks the states the clock's moves lead to.
func scenarioOnClock(t *testing.T, clk clock.Clock, advance func(time.Duration)) {
	svc := autoscaling.New(autoscaling.WithClock(clk))
	_, err := svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro", BootTime: 40 * time.Second},
	})
	require.NoError(t, err)
	_, err = svc.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app"},
		MinSize: 0, MaxSize: 3, DesiredCapacity: autoscaling.Int(3), AvailabilityZones: zones,
	})
	require.NoError(t, err)
	states := func() map[string]int {
		out, err := svc.DescribeAutoScalingInstances(ctx, nil)
		require.NoError(t, err)
		got := map[string]int{}
		for _, i := range out.AutoScalingInstances {
			got[i.LifecycleState]++
		}
		return got
	}
	advance(39 * time.Second)
	assert.Equal(t, map[string]int{autoscaling.StatePending: 3}, states())
	advance(time.Second)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 3}, states())
	_, err = svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1}, states())
	advance(time.Hour)
	dollars, hours := svc.Inspect().GroupCost("app")
	assert.InDelta(t, 40.0/3600*3+1, hours, 1e-9)
	assert.InDelta(t, hours*0.0104, dollars, 1e-12)
}

// One scenario, three clocks: the native sim.Clock, clock.Mock (callbacks
// through AfterFunc) and the real clock in a synctest bubble.
func TestGroupScenarioUnderThreeClocks(t *testing.T) {
	t.Run("sim.Clock", func(t *testing.T) {
		clk := sim.NewClock(start)
		scenarioOnClock(t, clk, clk.Advance)
	})
	t.Run("clock.Mock", func(t *testing.T) {
		mock := clock.NewMock()
		mock.Set(start)
		scenarioOnClock(t, mock, mock.Add)
	})
	t.Run("synctest", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			scenarioOnClock(t, clock.New(), func(d time.Duration) {
				time.Sleep(d) // fake time inside the bubble
				synctest.Wait()
			})
		})
	})
}
