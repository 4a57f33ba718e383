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
