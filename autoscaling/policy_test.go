package autoscaling_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
)

// loadAlarm creates an alarm on the custom metric App/Load of one
// minute, above threshold for one period, whose action is policyARN.
func (w *world) loadAlarm(name string, threshold float64, op cloudwatch.ComparisonOperator, policyARN string) {
	w.t.Helper()
	_, err := w.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: name, Namespace: "App", MetricName: "Load", Statistic: cloudwatch.StatisticMaximum,
		Period: time.Minute, EvaluationPeriods: 1, Threshold: cloudwatch.Float64(threshold),
		ComparisonOperator: op, AlarmActions: []string{policyARN},
	})
	require.NoError(w.t, err)
}

// load puts value to App/Load once a minute, in the middle of each
// minute, for minutes minutes.
func (w *world) load(value float64, minutes int) {
	w.t.Helper()
	for range minutes {
		w.clk.Advance(30 * time.Second)
		_, err := w.cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Load", Value: cloudwatch.Float64(value)},
		}})
		require.NoError(w.t, err)
		w.clk.Advance(30 * time.Second)
	}
}

// policy puts a scaling policy and returns its ARN.
func (w *world) policy(in autoscaling.PutScalingPolicyInput) string {
	w.t.Helper()
	out, err := w.svc.PutScalingPolicy(ctx, &in)
	require.NoError(w.t, err)
	return out.PolicyARN
}

// A simple policy adds capacity once, then waits for its cooldown,
// counted from the end of the activity it started (the new instance in
// service), while its alarm keeps calling every minute.
func TestCooldownBlocksASecondSimpleScaleOut(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 1, nil)
	p := w.policy(autoscaling.PutScalingPolicyInput{AutoScalingGroupName: "app", PolicyName: "out", AdjustmentType: autoscaling.ChangeInCapacity, ScalingAdjustment: autoscaling.Int(1)})
	assert.Regexp(t, `^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]{36}:autoScalingGroupName/app:policyName/out$`, p)
	w.loadAlarm("busy", 10, cloudwatch.GreaterThanThreshold, p)

	w.load(20, 1) // 09:01 the alarm goes to ALARM: 1 → 2; in service at 09:02
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
	w.load(20, 5) // the alarm calls again at 09:02 … 09:06, inside the cooldown to 09:07
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
	w.load(20, 1) // 09:07: the cooldown is over
	assert.Equal(t, 3, w.describe("app").DesiredCapacity)
	assert.True(t, contains(w.activities("app"), "At 2026-03-02T09:07:00Z a monitor alarm busy in state ALARM triggered policy out changing the desired capacity from 2 to 3."), w.activities("app"))
}

// SetDesiredCapacity ignores the cooldown unless told to honor it.
func TestSetDesiredCapacityHonorsTheCooldownOnlyWhenAsked(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 1, nil)
	w.policy(autoscaling.PutScalingPolicyInput{AutoScalingGroupName: "app", PolicyName: "out", AdjustmentType: autoscaling.ChangeInCapacity, ScalingAdjustment: autoscaling.Int(1)})
	_, err := w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: "app", PolicyName: "out", HonorCooldown: true})
	require.NoError(t, err)
	_, err = w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: "app", PolicyName: "out", HonorCooldown: true})
	assert.True(t, errors.Is(err, autoscaling.ErrScalingActivityInProgressFault), "%v", err)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 4, HonorCooldown: true})
	assert.True(t, errors.Is(err, autoscaling.ErrScalingActivityInProgressFault), "%v", err)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 4})
	require.NoError(t, err)
	assert.Equal(t, 4, w.describe("app").DesiredCapacity)
}

// PercentChangeInCapacity rounds as AWS does (a result above 1 down,
// between 0 and 1 to 1, between 0 and -1 to -1, below -1 toward zero),
// raises it to MinAdjustmentMagnitude, and the group's bounds clamp it.
func TestPercentChangeInCapacityRoundsAsAWSDoes(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		desired, percent, mag int
		want                  int
	}{
		{"12.7 rounds down to 12", 10, 127, 0, 22},
		{"0.3 rounds up to 1", 3, 10, 0, 4},
		{"-0.3 rounds to -1", 3, -10, 0, 2},
		{"-6.67 rounds toward zero to -6", 23, -29, 0, 17},
		{"25 % of 4 with a minimum magnitude of 2", 4, 25, 2, 6},
		{"the maximum clamps", 150, 100, 0, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.group("app", 0, 200, tc.desired, func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = zones[:1] })
			in := autoscaling.PutScalingPolicyInput{AutoScalingGroupName: "app", PolicyName: "p", AdjustmentType: autoscaling.PercentChangeInCapacity, ScalingAdjustment: autoscaling.Int(tc.percent)}
			if tc.mag > 0 {
				in.MinAdjustmentMagnitude = autoscaling.Int(tc.mag)
			}
			w.policy(in)
			_, err := w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: "app", PolicyName: "p"})
			require.NoError(t, err)
			assert.Equal(t, tc.want, w.describe("app").DesiredCapacity)
		})
	}
}

// A step policy adds the step its breach falls in, counting instances
// still warming up as capacity, so a second breach in the same step adds
// nothing and a breach in a higher step adds only the difference; it
// scales in only once no instance is warming up.
func TestStepPolicyCountsWarmingInstancesAndScalesInAfterWarmUp(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 2, nil)
	w.clk.Advance(10 * time.Minute)
	lo, hi := 0.0, 10.0
	w.policy(autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "app", PolicyName: "out", PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity,
		EstimatedInstanceWarmup: autoscaling.Duration(2 * time.Minute),
		StepAdjustments: []autoscaling.StepAdjustment{
			{MetricIntervalLowerBound: &lo, MetricIntervalUpperBound: &hi, ScalingAdjustment: 1},
			{MetricIntervalLowerBound: &hi, ScalingAdjustment: 3},
		},
	})
	w.policy(autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "app", PolicyName: "in", PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity,
		EstimatedInstanceWarmup: autoscaling.Duration(2 * time.Minute),
		StepAdjustments:         []autoscaling.StepAdjustment{{MetricIntervalUpperBound: &lo, ScalingAdjustment: -1}},
	})
	run := func(name string, value, threshold float64) int {
		t.Helper()
		_, err := w.svc.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: "app", PolicyName: name, MetricValue: &value, BreachThreshold: &threshold})
		require.NoError(t, err)
		return w.describe("app").DesiredCapacity
	}
	assert.Equal(t, 3, run("out", 75, 70)) // +1
	assert.Equal(t, 3, run("out", 75, 70)) // same step: the warming instance already counts
	assert.Equal(t, 5, run("out", 85, 70)) // higher step: (3 − 1 warming) + 3
	assert.Equal(t, 5, run("in", 20, 30))  // scale-in waits for the warm-up
	w.clk.Advance(autoscaling.DefaultBootTime + 2*time.Minute)
	assert.Equal(t, 4, run("in", 20, 30))
}

// A step policy run by its alarm reads the breach from CloudWatch, and
// runs again at every evaluation while the alarm stays in ALARM.
func TestStepPolicyKeepsActingWhileItsAlarmStaysInAlarm(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "fast", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "c5.large", BootTime: 20 * time.Second},
	})
	require.NoError(t, err)
	w.group("app", 1, 10, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate = &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "fast"}
	})
	zero := 0.0
	p := w.policy(autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "app", PolicyName: "out", PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity,
		EstimatedInstanceWarmup: autoscaling.Duration(0),
		StepAdjustments:         []autoscaling.StepAdjustment{{MetricIntervalLowerBound: &zero, ScalingAdjustment: 1}},
	})
	w.loadAlarm("busy", 10, cloudwatch.GreaterThanOrEqualToThreshold, p)
	w.load(50, 1)
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
	w.load(50, 1) // the new instance is in service and warm: +1 again
	assert.Equal(t, 3, w.describe("app").DesiredCapacity)
	w.load(5, 2) // back to OK: no more
	assert.Equal(t, 3, w.describe("app").DesiredCapacity)
}

// Target tracking creates its two alarms with AWS's names and shapes;
// deleting the policy deletes them.
func TestTargetTrackingCreatesAndDeletesItsAlarms(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 1, nil)
	out, err := w.svc.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "app", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
		TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
			TargetValue:                   50,
		},
	})
	require.NoError(t, err)
	require.Len(t, out.Alarms, 2)
	assert.Regexp(t, `^TargetTracking-app-AlarmHigh-[0-9a-f-]{36}$`, out.Alarms[0].AlarmName)
	assert.Regexp(t, `^TargetTracking-app-AlarmLow-[0-9a-f-]{36}$`, out.Alarms[1].AlarmName)
	alarms, err := w.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: "TargetTracking-app-"})
	require.NoError(t, err)
	require.Len(t, alarms.MetricAlarms, 2)
	high, low := alarms.MetricAlarms[0], alarms.MetricAlarms[1]
	assert.Equal(t, out.Alarms[0].AlarmARN, high.AlarmArn)
	assert.Equal(t, "AWS/EC2", high.Namespace)
	assert.Equal(t, "CPUUtilization", high.MetricName)
	assert.Equal(t, []cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: "app"}}, high.Dimensions)
	assert.Equal(t, cloudwatch.GreaterThanThreshold, high.ComparisonOperator)
	assert.Equal(t, 50.0, high.Threshold)
	assert.Equal(t, 3, high.EvaluationPeriods)
	assert.Equal(t, cloudwatch.LessThanThreshold, low.ComparisonOperator)
	assert.Equal(t, 45.0, low.Threshold)
	assert.Equal(t, 15, low.EvaluationPeriods)
	assert.Equal(t, []string{out.PolicyARN}, high.AlarmActions)
	assert.True(t, strings.HasPrefix(high.AlarmDescription, "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy "+out.PolicyARN))

	_, err = w.svc.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{AutoScalingGroupName: "app", PolicyName: "cpu50"})
	require.NoError(t, err)
	alarms, err = w.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: "TargetTracking-app-"})
	require.NoError(t, err)
	assert.Empty(t, alarms.MetricAlarms)
}

// The loop closed: traffic through the load balancer keeps the
// instances' CPUs busy, CloudWatch's alarm on their average sees it, the
// target tracking policy adds instances in proportion, the load balancer
// spreads the traffic over them, and when the traffic goes the group
// scales back in after the low alarm's fifteen minutes.
func TestTargetTrackingAt50PercentCPUAddsInstancesWithinTheAlarmsThreeMinutes(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 2, 10, 2, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.DefaultInstanceWarmup = autoscaling.Duration(time.Minute)
	})
	_, err := w.svc.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "web", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
		TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
			TargetValue:                   50,
		},
	})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute) // in service and healthy

	// Two m5.large (2 vCPUs each) at 10 ms a request serve 400
	// requests/s at 100 %: 360/s is 90 %.
	rate := 360.0
	spike := w.clk.Now()
	_, err = w.lbs.StartTraffic(w.listener, elb.Traffic{
		Rate:  func(time.Time) float64 { return rate },
		Kinds: []elb.RequestKind{{Work: 10 * time.Millisecond}},
	})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, 2, w.describe("web").DesiredCapacity, "three datapoints are not in yet")
	w.clk.Advance(time.Minute)
	assert.Equal(t, 4, w.describe("web").DesiredCapacity, "ceil(2 × 90 / 50)")
	assert.True(t, contains(w.activities("web"), "a monitor alarm TargetTracking-web-AlarmHigh-", "in state ALARM triggered policy cpu50 changing the desired capacity from 2 to 4."))

	w.clk.Advance(10 * time.Minute)
	assert.Equal(t, 4, w.describe("web").DesiredCapacity, "at 45 % the group holds")
	assert.Len(t, w.inService("web"), 4)
	stats, err := w.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: []cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: "web"}},
		StartTime: w.clk.Now().Add(-time.Minute), EndTime: w.clk.Now(), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticAverage},
	})
	require.NoError(t, err)
	require.Len(t, stats.Datapoints, 1)
	assert.InDelta(t, 45, *stats.Datapoints[0].Average, 1)
	assert.Less(t, w.clk.Now().Sub(spike), 15*time.Minute)

	rate = 40 // 5 % over four
	w.clk.Advance(14 * time.Minute)
	assert.Equal(t, 4, w.describe("web").DesiredCapacity, "fifteen datapoints are not in yet")
	w.clk.Advance(time.Minute)
	assert.Equal(t, 2, w.describe("web").DesiredCapacity, "the minimum")
}

// With two target tracking policies, the group scales in only when both
// low alarms agree.
func TestTargetTrackingScalesInOnlyWhenEveryPolicyAgrees(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 4, nil)
	track := func(name, metric string, target float64) {
		w.policy(autoscaling.PutScalingPolicyInput{
			AutoScalingGroupName: "app", PolicyName: name, PolicyType: autoscaling.PolicyTargetTracking,
			EstimatedInstanceWarmup: autoscaling.Duration(0),
			TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
				CustomizedMetricSpecification: &autoscaling.CustomizedMetricSpecification{Namespace: "App", MetricName: metric, Statistic: cloudwatch.StatisticAverage},
				TargetValue:                   target,
			},
		})
	}
	track("a", "A", 100)
	track("b", "B", 100)
	w.clk.Advance(2 * time.Minute)
	put := func(a, b float64, minutes int) {
		for range minutes {
			w.clk.Advance(30 * time.Second)
			_, err := w.cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
				{MetricName: "A", Value: cloudwatch.Float64(a)}, {MetricName: "B", Value: cloudwatch.Float64(b)},
			}})
			require.NoError(t, err)
			w.clk.Advance(30 * time.Second)
		}
	}
	put(10, 95, 20) // a is low, b is not below 90 % of its target
	assert.Equal(t, 4, w.describe("app").DesiredCapacity)
	put(10, 40, 15) // both low: the larger want, ceil(4 × 40 / 100) = 2
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
}
