package autoscaling_test

import (
	"errors"
	"testing"
	"time"

	"github.com/awssim/awssim/autoscaling"
)

// FuzzGroupAndPolicyInputs sends arbitrary group sizes, names, zones
// and policies: every call succeeds or fails with a coded error, a
// refused group leaves nothing behind, and running an accepted policy
// keeps the desired capacity within the group's bounds.
func FuzzGroupAndPolicyInputs(f *testing.F) {
	f.Add("app", "us-east-1a", 1, 4, 2, "ChangeInCapacity", 2, 0, 0.0, 10.0, int64(300))
	f.Add("a:b", "eu-west-1a", 5, 1, 9, "PercentChangeInCapacity", -50, 3, -5.0, 0.0, int64(-1))
	f.Add("x", "us-east-1z", 0, 0, 0, "ExactCapacity", -1, 0, 1.0, 1.0, int64(0))
	f.Fuzz(func(t *testing.T, name, zone string, lo, hi, desired int, adjType string, adj, mag int, lower, upper float64, cooldown int64) {
		w := newWorld(t)
		_, err := w.svc.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: name, LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
			MinSize: lo % 50, MaxSize: hi % 50, DesiredCapacity: autoscaling.Int(desired % 50), AvailabilityZones: []string{zone},
			DefaultCooldown: autoscaling.Duration(time.Duration(cooldown) * time.Second),
		})
		groups, derr := w.svc.DescribeAutoScalingGroups(ctx, nil)
		if derr != nil {
			t.Fatal(derr)
		}
		if err != nil {
			var e *autoscaling.Error
			if !errors.As(err, &e) || e.Code == "" {
				t.Fatalf("an error without an AWS code: %v", err)
			}
			if len(groups.AutoScalingGroups) != 0 {
				t.Fatalf("a refused group was kept: %+v", groups.AutoScalingGroups)
			}
			return
		}
		in := &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: name, PolicyName: "p", AdjustmentType: adjType, ScalingAdjustment: autoscaling.Int(adj)}
		if mag != 0 {
			in.MinAdjustmentMagnitude = autoscaling.Int(mag)
		}
		if lower < upper {
			in.PolicyType, in.ScalingAdjustment = autoscaling.PolicyStep, nil
			in.StepAdjustments = []autoscaling.StepAdjustment{{MetricIntervalLowerBound: &lower, MetricIntervalUpperBound: &upper, ScalingAdjustment: adj}}
		}
		if _, err := w.svc.PutScalingPolicy(ctx, in); err != nil {
			if !errors.Is(err, autoscaling.ErrValidationError) {
				t.Fatalf("PutScalingPolicy: %v", err)
			}
			return
		}
		value, threshold := upper, lower
		_, err = w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: name, PolicyName: "p", MetricValue: &value, BreachThreshold: &threshold})
		if err != nil && !errors.Is(err, autoscaling.ErrValidationError) {
			t.Fatalf("ExecutePolicy: %v", err)
		}
		w.clk.Advance(10 * time.Minute)
		g := w.describe(name)
		if g.DesiredCapacity < g.MinSize || g.DesiredCapacity > g.MaxSize || len(g.Instances) != g.DesiredCapacity {
			t.Fatalf("desired %d of [%d, %d] with %d instances", g.DesiredCapacity, g.MinSize, g.MaxSize, len(g.Instances))
		}
	})
}

// FuzzScheduledActionAndRefreshInputs sends arbitrary scheduled actions
// (recurrence, time zone, sizes, start) and instance refresh preferences
// to a running group: a refused input fails with a coded error and
// leaves no action or refresh behind, and after a simulated day of them
// the desired capacity is within the group's bounds, every instance
// counted is in service and the refresh has ended.
func FuzzScheduledActionAndRefreshInputs(f *testing.F) {
	f.Add("*/20 * * * *", "America/New_York", 1, 4, 3, int64(0), 90, 100, 50)
	f.Add("0 25 * * *", "", -1, 2, 1, int64(60), 100, 150, 0)
	f.Add("", "Europe/Paris", 3, 2, 9, int64(-5), 0, 200, 101)
	f.Fuzz(func(t *testing.T, recurrence, zone string, lo, hi, desired int, startIn int64, minPct, maxPct, checkpoint int) {
		w := newWorld(t)
		w.group("app", 0, 10, 2, nil)
		w.clk.Advance(2 * time.Minute)
		in := autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "s", Recurrence: recurrence, TimeZone: zone}
		for _, v := range []struct {
			n   int
			set **int
		}{{lo, &in.MinSize}, {hi, &in.MaxSize}, {desired, &in.DesiredCapacity}} {
			if v.n >= 0 {
				*v.set = autoscaling.Int(v.n % 12)
			}
		}
		if startIn != 0 {
			in.StartTime = w.clk.Now().Add(time.Duration(startIn%100000) * time.Second)
		}
		if err := w.schedule(in); err != nil {
			requireCoded(t, err)
			if len(w.scheduled()) != 0 {
				t.Fatal("a refused action was kept")
			}
		}
		prefs := &autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(minPct), MaxHealthyPercentage: autoscaling.Int(maxPct)}
		if checkpoint != 0 {
			prefs.CheckpointPercentages = []int{checkpoint}
			prefs.CheckpointDelay = autoscaling.Duration(time.Minute)
		}
		_, err := w.svc.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: "app", Preferences: prefs})
		refreshed := err == nil
		if err != nil {
			requireCoded(t, err)
			out, derr := w.svc.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: "app"})
			if derr != nil || len(out.InstanceRefreshes) != 0 {
				t.Fatalf("a refused refresh was kept: %v %+v", derr, out)
			}
		}
		w.clk.Advance(24 * time.Hour)
		g := w.describe("app")
		counted := 0
		for _, i := range g.Instances {
			switch i.LifecycleState {
			case autoscaling.StateInService:
				counted++
			case autoscaling.StatePending, autoscaling.StatePendingWait:
				t.Fatalf("an instance still %s after a day", i.LifecycleState)
			}
		}
		if g.DesiredCapacity < g.MinSize || g.DesiredCapacity > g.MaxSize || counted != g.DesiredCapacity {
			t.Fatalf("desired %d of [%d, %d] with %d in service", g.DesiredCapacity, g.MinSize, g.MaxSize, counted)
		}
		if refreshed {
			out, err := w.svc.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: "app"})
			if err != nil || out.InstanceRefreshes[0].EndTime.IsZero() {
				t.Fatalf("the refresh has not ended after a day: %v %+v", err, out)
			}
		}
	})
}

// requireCoded fails the test unless err carries an AWS error code.
func requireCoded(t *testing.T, err error) {
	t.Helper()
	var e *autoscaling.Error
	if !errors.As(err, &e) || e.Code == "" {
		t.Fatalf("an error without an AWS code: %v", err)
	}
}
