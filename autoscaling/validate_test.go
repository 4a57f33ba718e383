package autoscaling_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
)

// Each bad CreateAutoScalingGroup gets AWS's error code, and no group.
func TestCreateGroupRefusesBadInput(t *testing.T) {
	valid := func() autoscaling.CreateAutoScalingGroupInput {
		return autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
			MinSize: 1, MaxSize: 3, AvailabilityZones: zones,
		}
	}
	for _, tc := range []struct {
		name string
		edit func(*autoscaling.CreateAutoScalingGroupInput)
		want error
	}{
		{"no name", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AutoScalingGroupName = "" }, autoscaling.ErrValidationError},
		{"a colon in the name", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AutoScalingGroupName = "a:b" }, autoscaling.ErrValidationError},
		{"a space in the name", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AutoScalingGroupName = "my app" }, autoscaling.ErrValidationError},
		{"a name too long", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AutoScalingGroupName = strings.Repeat("a", 256) }, autoscaling.ErrValidationError},
		{"no launch template", func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate = nil }, autoscaling.ErrValidationError},
		{"an unknown template", func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.LaunchTemplateName = "nope" }, autoscaling.ErrValidationError},
		{"an unknown version", func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.Version = "7" }, autoscaling.ErrValidationError},
		{"min above max", func(in *autoscaling.CreateAutoScalingGroupInput) { in.MinSize = 4 }, autoscaling.ErrValidationError},
		{"desired above max", func(in *autoscaling.CreateAutoScalingGroupInput) { in.DesiredCapacity = autoscaling.Int(4) }, autoscaling.ErrValidationError},
		{"desired below min", func(in *autoscaling.CreateAutoScalingGroupInput) { in.DesiredCapacity = autoscaling.Int(0) }, autoscaling.ErrValidationError},
		{"no zones", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = nil }, autoscaling.ErrValidationError},
		{"a zone of another region", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = []string{"eu-west-1a"} }, autoscaling.ErrValidationError},
		{"a bad health check type", func(in *autoscaling.CreateAutoScalingGroupInput) { in.HealthCheckType = "PING" }, autoscaling.ErrValidationError},
		{"a lifetime under a day", func(in *autoscaling.CreateAutoScalingGroupInput) { in.MaxInstanceLifetime = time.Hour }, autoscaling.ErrValidationError},
		{"an unknown termination policy", func(in *autoscaling.CreateAutoScalingGroupInput) { in.TerminationPolicies = []string{"Cheapest"} }, autoscaling.ErrValidationError},
		{"a missing target group", func(in *autoscaling.CreateAutoScalingGroupInput) {
			in.TargetGroupARNs = []string{"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/gone/0123456789abcdef"}
		}, autoscaling.ErrValidationError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := valid()
			tc.edit(&in)
			_, err := w.svc.CreateAutoScalingGroup(ctx, &in)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
			out, err := w.svc.DescribeAutoScalingGroups(ctx, nil)
			require.NoError(t, err)
			assert.Empty(t, out.AutoScalingGroups)
		})
	}
	t.Run("a name taken", func(t *testing.T) {
		w := newWorld(t)
		in := valid()
		_, err := w.svc.CreateAutoScalingGroup(ctx, &in)
		require.NoError(t, err)
		_, err = w.svc.CreateAutoScalingGroup(ctx, &in)
		assert.True(t, errors.Is(err, autoscaling.ErrAlreadyExistsFault), "%v", err)
	})
	t.Run("a nil input", func(t *testing.T) {
		w := newWorld(t)
		_, err := w.svc.CreateAutoScalingGroup(ctx, nil)
		assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
	})
}

// Bad scaling policies get ValidationError.
func TestPutScalingPolicyRefusesBadInput(t *testing.T) {
	one, two := 1.0, 2.0
	for name, in := range map[string]autoscaling.PutScalingPolicyInput{
		"simple without adjustment":   {AdjustmentType: autoscaling.ChangeInCapacity},
		"bad adjustment type":         {AdjustmentType: "Double", ScalingAdjustment: autoscaling.Int(1)},
		"magnitude without percent":   {AdjustmentType: autoscaling.ChangeInCapacity, ScalingAdjustment: autoscaling.Int(1), MinAdjustmentMagnitude: autoscaling.Int(2)},
		"negative exact capacity":     {AdjustmentType: autoscaling.ExactCapacity, ScalingAdjustment: autoscaling.Int(-1)},
		"step without steps":          {PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity},
		"steps with a gap":            {PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity, StepAdjustments: []autoscaling.StepAdjustment{{MetricIntervalUpperBound: &one, ScalingAdjustment: 1}, {MetricIntervalLowerBound: &two, ScalingAdjustment: 2}}},
		"overlapping steps":           {PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity, StepAdjustments: []autoscaling.StepAdjustment{{MetricIntervalUpperBound: &two, ScalingAdjustment: 1}, {MetricIntervalLowerBound: &one, ScalingAdjustment: 2}}},
		"a step without bounds":       {PolicyType: autoscaling.PolicyStep, AdjustmentType: autoscaling.ChangeInCapacity, StepAdjustments: []autoscaling.StepAdjustment{{ScalingAdjustment: 1}}},
		"tracking without target":     {PolicyType: autoscaling.PolicyTargetTracking, TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization}}},
		"tracking a network metric":   {PolicyType: autoscaling.PolicyTargetTracking, TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: "ASGAverageNetworkIn"}, TargetValue: 1}},
		"request count without label": {PolicyType: autoscaling.PolicyTargetTracking, TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricALBRequestCountPerTarget}, TargetValue: 1}},
		"predictive":                  {PolicyType: "PredictiveScaling"},
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.group("app", 0, 1, 0, nil)
			in.AutoScalingGroupName, in.PolicyName = "app", "p"
			_, err := w.svc.PutScalingPolicy(ctx, &in)
			assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
			out, err := w.svc.DescribePolicies(ctx, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: "app"})
			require.NoError(t, err)
			assert.Empty(t, out.ScalingPolicies)
		})
	}
}

// Launch templates keep their versions: $Latest follows new versions,
// $Default the one ModifyLaunchTemplate chose, and a version built from a
// source version keeps what it does not change.
func TestLaunchTemplateVersions(t *testing.T) {
	w := newWorld(t)
	v2, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "c5.xlarge"},
	})
	require.NoError(t, err)
	assert.Equal(t, 2, v2.LaunchTemplateVersion.VersionNumber)
	assert.NotNil(t, v2.LaunchTemplateVersion.LaunchTemplateData.Backend, "kept from version 1")

	w.group("latest", 0, 2, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate.Version = autoscaling.VersionLatest
	})
	w.group("default", 0, 2, 1, nil)
	assert.Equal(t, "c5.xlarge", w.describe("latest").Instances[0].InstanceType)
	assert.Equal(t, "m5.large", w.describe("default").Instances[0].InstanceType)

	out, err := w.svc.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: "web", DefaultVersion: "2"})
	require.NoError(t, err)
	assert.Equal(t, 2, out.LaunchTemplate.DefaultVersionNumber)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "default", DesiredCapacity: 2})
	require.NoError(t, err)
	assert.Equal(t, "c5.xlarge", w.describe("default").Instances[1].InstanceType)

	_, err = w.svc.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: "web", DefaultVersion: "3"})
	assert.True(t, errors.Is(err, autoscaling.ErrLaunchTemplateVersionNotFound), "%v", err)
	_, err = w.svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{LaunchTemplateName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrLaunchTemplateNameAlreadyExists), "%v", err)
	_, err = w.svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{LaunchTemplateName: "big", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "x9.huge"}})
	assert.True(t, errors.Is(err, autoscaling.ErrEC2InvalidParameterValue), "%v", err)
	_, err = w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{LaunchTemplateId: "lt-00000000000000000"})
	assert.True(t, errors.Is(err, autoscaling.ErrLaunchTemplateIdNotFound), "%v", err)
}

// A deleted launch template is gone from the listing, and a group that
// still names it fails its launches with EC2's error.
func TestDeletedLaunchTemplateFailsTheLaunchesOfItsGroups(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 4, 1, nil)
	out, err := w.svc.DeleteLaunchTemplate(ctx, &autoscaling.DeleteLaunchTemplateInput{LaunchTemplateName: "web"})
	require.NoError(t, err)
	assert.Equal(t, "web", out.LaunchTemplate.LaunchTemplateName)
	list, err := w.svc.DescribeLaunchTemplates(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, list.LaunchTemplates)
	_, err = w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 2})
	require.NoError(t, err)
	acts := w.activities("app")
	assert.True(t, contains(acts, "Launching a new EC2 instance.  Status Reason: The specified launch template, with template ID", "Failed"), acts)
	_, err = w.svc.DeleteLaunchTemplate(ctx, &autoscaling.DeleteLaunchTemplateInput{LaunchTemplateName: "web"})
	assert.True(t, errors.Is(err, autoscaling.ErrLaunchTemplateNameNotFound), "%v", err)
}
