package sdktest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsasg "github.com/aws/aws-sdk-go-v2/service/autoscaling"
	asgtypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	awseb "github.com/aws/aws-sdk-go-v2/service/elasticbeanstalk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// asgEnv is the real Auto Scaling client over an in-process server of an
// autoscaling service with CloudWatch, and a launch template "web" made
// with the Go API.
type asgEnv struct {
	clk    *sim.Clock
	groups *autoscaling.Service
	asg    *awsasg.Client
}

func newASGEnv(t *testing.T) *asgEnv {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	groups := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithMetrics(cw))
	_, err := groups.CreateLaunchTemplate(context.Background(), &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
	})
	require.NoError(t, err)
	srv := server.New(server.WithAutoScaling(groups), server.WithCloudWatch(cw))
	client := awsasg.NewFromConfig(sdkConfig(t), func(o *awsasg.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	return &asgEnv{clk: clk, groups: groups, asg: client}
}

func (e *asgEnv) createGroup(t *testing.T, name string, size int32) {
	t.Helper()
	_, err := e.asg.CreateAutoScalingGroup(context.Background(), &awsasg.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &asgtypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web"), Version: aws.String("$Latest")},
		MinSize:              aws.Int32(size), MaxSize: aws.Int32(size + 2),
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	})
	require.NoError(t, err)
}

func TestAutoScalingGroupLifecycleThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newASGEnv(t)
	e.createGroup(t, "web", 2)
	e.clk.Advance(2 * time.Minute) // the instances boot

	out, err := e.asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web"}})
	require.NoError(t, err)
	require.Len(t, out.AutoScalingGroups, 1)
	g := out.AutoScalingGroups[0]
	assert.Equal(t, int32(2), aws.ToInt32(g.DesiredCapacity))
	assert.Equal(t, []string{"us-east-1a", "us-east-1b"}, g.AvailabilityZones)
	assert.Equal(t, start, aws.ToTime(g.CreatedTime))
	require.Len(t, g.Instances, 2)
	for _, i := range g.Instances {
		assert.Equal(t, asgtypes.LifecycleStateInService, i.LifecycleState)
		assert.Equal(t, "web", aws.ToString(i.LaunchTemplate.LaunchTemplateName))
	}

	_, err = e.asg.SetDesiredCapacity(ctx, &awsasg.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("web"), DesiredCapacity: aws.Int32(3)})
	require.NoError(t, err)
	acts, err := e.asg.DescribeScalingActivities(ctx, &awsasg.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("web")})
	require.NoError(t, err)
	require.Len(t, acts.Activities, 3)
	assert.Equal(t, asgtypes.ScalingActivityStatusCodeInProgress, acts.Activities[0].StatusCode)
	assert.Contains(t, aws.ToString(acts.Activities[0].Cause), "a user request explicitly set group desired capacity changing the desired capacity from 2 to 3")

	protect, err := e.asg.SetInstanceProtection(ctx, &awsasg.SetInstanceProtectionInput{
		AutoScalingGroupName: aws.String("web"), InstanceIds: []string{aws.ToString(g.Instances[0].InstanceId)}, ProtectedFromScaleIn: aws.Bool(true),
	})
	require.NoError(t, err)
	assert.NotNil(t, protect)
	inst, err := e.asg.DescribeAutoScalingInstances(ctx, &awsasg.DescribeAutoScalingInstancesInput{InstanceIds: []string{aws.ToString(g.Instances[0].InstanceId)}})
	require.NoError(t, err)
	require.Len(t, inst.AutoScalingInstances, 1)
	assert.True(t, aws.ToBool(inst.AutoScalingInstances[0].ProtectedFromScaleIn))
	assert.Equal(t, "web", aws.ToString(inst.AutoScalingInstances[0].AutoScalingGroupName))

	standby, err := e.asg.EnterStandby(ctx, &awsasg.EnterStandbyInput{
		AutoScalingGroupName: aws.String("web"), InstanceIds: []string{aws.ToString(g.Instances[1].InstanceId)}, ShouldDecrementDesiredCapacity: aws.Bool(true),
	})
	require.NoError(t, err)
	require.Len(t, standby.Activities, 1)

	_, err = e.asg.DeleteAutoScalingGroup(ctx, &awsasg.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web"), ForceDelete: aws.Bool(true)})
	require.NoError(t, err)
}

func TestAutoScalingPaginatorWalksEveryGroup(t *testing.T) {
	e := newASGEnv(t)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		e.createGroup(t, name, 0)
	}
	var names []string
	pages := 0
	p := awsasg.NewDescribeAutoScalingGroupsPaginator(e.asg, &awsasg.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		pages++
		for _, g := range page.AutoScalingGroups {
			names = append(names, aws.ToString(g.AutoScalingGroupName))
		}
	}
	assert.Equal(t, []string{"a", "b", "c", "d", "e"}, names)
	assert.Equal(t, 3, pages)
}

func TestAutoScalingPoliciesHooksAndSchedulesThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newASGEnv(t)
	e.createGroup(t, "web", 1)

	pol, err := e.asg.PutScalingPolicy(ctx, &awsasg.PutScalingPolicyInput{
		AutoScalingGroupName: aws.String("web"), PolicyName: aws.String("cpu50"), PolicyType: aws.String("TargetTrackingScaling"),
		TargetTrackingConfiguration: &asgtypes.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &asgtypes.PredefinedMetricSpecification{PredefinedMetricType: asgtypes.MetricTypeASGAverageCPUUtilization},
			TargetValue:                   aws.Float64(50),
		},
	})
	require.NoError(t, err)
	require.Len(t, pol.Alarms, 2)
	assert.Regexp(t, `^TargetTracking-web-AlarmHigh-`, aws.ToString(pol.Alarms[0].AlarmName))

	_, err = e.asg.PutScalingPolicy(ctx, &awsasg.PutScalingPolicyInput{
		AutoScalingGroupName: aws.String("web"), PolicyName: aws.String("steps"), PolicyType: aws.String("StepScaling"),
		AdjustmentType: aws.String("ChangeInCapacity"),
		StepAdjustments: []asgtypes.StepAdjustment{
			{MetricIntervalLowerBound: aws.Float64(0), MetricIntervalUpperBound: aws.Float64(10), ScalingAdjustment: aws.Int32(1)},
			{MetricIntervalLowerBound: aws.Float64(10), ScalingAdjustment: aws.Int32(2)},
		},
	})
	require.NoError(t, err)
	pols, err := e.asg.DescribePolicies(ctx, &awsasg.DescribePoliciesInput{AutoScalingGroupName: aws.String("web")})
	require.NoError(t, err)
	require.Len(t, pols.ScalingPolicies, 2)
	tt := pols.ScalingPolicies[0].TargetTrackingConfiguration
	require.NotNil(t, tt)
	assert.Equal(t, 50.0, aws.ToFloat64(tt.TargetValue))
	steps := pols.ScalingPolicies[1].StepAdjustments
	require.Len(t, steps, 2)
	assert.Nil(t, steps[1].MetricIntervalUpperBound)
	assert.Equal(t, int32(2), aws.ToInt32(steps[1].ScalingAdjustment))

	at := start.Add(time.Hour)
	_, err = e.asg.PutScheduledUpdateGroupAction(ctx, &awsasg.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: aws.String("web"), ScheduledActionName: aws.String("morning"), StartTime: aws.Time(at), DesiredCapacity: aws.Int32(3),
	})
	require.NoError(t, err)
	sched, err := e.asg.DescribeScheduledActions(ctx, &awsasg.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String("web")})
	require.NoError(t, err)
	require.Len(t, sched.ScheduledUpdateGroupActions, 1)
	assert.Equal(t, at, aws.ToTime(sched.ScheduledUpdateGroupActions[0].StartTime))
	e.clk.AdvanceTo(at.Add(time.Second))
	g, err := e.asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web"}})
	require.NoError(t, err)
	assert.Equal(t, int32(3), aws.ToInt32(g.AutoScalingGroups[0].DesiredCapacity))

	_, err = e.asg.PutLifecycleHook(ctx, &awsasg.PutLifecycleHookInput{
		AutoScalingGroupName: aws.String("web"), LifecycleHookName: aws.String("drain"),
		LifecycleTransition: aws.String("autoscaling:EC2_INSTANCE_TERMINATING"), HeartbeatTimeout: aws.Int32(120),
	})
	require.NoError(t, err)
	hooks, err := e.asg.DescribeLifecycleHooks(ctx, &awsasg.DescribeLifecycleHooksInput{AutoScalingGroupName: aws.String("web")})
	require.NoError(t, err)
	require.Len(t, hooks.LifecycleHooks, 1)
	assert.Equal(t, int32(120), aws.ToInt32(hooks.LifecycleHooks[0].HeartbeatTimeout))
	assert.Equal(t, "ABANDON", aws.ToString(hooks.LifecycleHooks[0].DefaultResult))
}

func TestAutoScalingErrorsAreTheSDKsTypedErrors(t *testing.T) {
	ctx := context.Background()
	e := newASGEnv(t)
	e.createGroup(t, "web", 1)

	_, err := e.asg.CreateAutoScalingGroup(ctx, &awsasg.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web"), LaunchTemplate: &asgtypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web")},
		MinSize: aws.Int32(0), MaxSize: aws.Int32(1), AvailabilityZones: []string{"us-east-1a"},
	})
	var exists *asgtypes.AlreadyExistsFault
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, "AlreadyExists", exists.ErrorCode())

	e.clk.Advance(2 * time.Minute)
	_, err = e.asg.DeleteAutoScalingGroup(ctx, &awsasg.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web")})
	var inUse *asgtypes.ResourceInUseFault
	require.ErrorAs(t, err, &inUse)

	_, err = e.asg.SetDesiredCapacity(ctx, &awsasg.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("web"), DesiredCapacity: aws.Int32(9)})
	assert.Equal(t, "ValidationError", apiCode(t, err))

	// A group whose instance is still launching cannot be deleted.
	e.createGroup(t, "booting", 1)
	_, err = e.asg.DeleteAutoScalingGroup(ctx, &awsasg.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("booting")})
	var inProgress *asgtypes.ScalingActivityInProgressFault
	require.ErrorAs(t, err, &inProgress)

	for i := range autoscaling.MaxLifecycleHooks + 1 {
		_, err = e.asg.PutLifecycleHook(ctx, &awsasg.PutLifecycleHookInput{
			AutoScalingGroupName: aws.String("web"), LifecycleHookName: aws.String(fmt.Sprintf("hook-%d", i)),
			LifecycleTransition: aws.String("autoscaling:EC2_INSTANCE_LAUNCHING"),
		})
		if i < autoscaling.MaxLifecycleHooks {
			require.NoError(t, err)
		}
	}
	var limit *asgtypes.LimitExceededFault
	require.ErrorAs(t, err, &limit)

	_, err = e.asg.CancelInstanceRefresh(ctx, &awsasg.CancelInstanceRefreshInput{AutoScalingGroupName: aws.String("web")})
	var noRefresh *asgtypes.ActiveInstanceRefreshNotFoundFault
	require.ErrorAs(t, err, &noRefresh)

	_, err = e.asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{NextToken: aws.String("bogus")})
	var badToken *asgtypes.InvalidNextToken
	assert.True(t, errors.As(err, &badToken), "%v", err)
}

// With WithCredentials, the SDK's SigV4 signatures for "autoscaling" and
// "elasticbeanstalk" are verified, and each key reaches its own account's
// groups and applications; a wrong secret is SignatureDoesNotMatch.
func TestAutoScalingAndBeanstalkSignedRequestsReachTheirKeysAccount(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	opts := []server.Option{server.WithCredentials(keyA, keyB)}
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		acct := cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))
		envs := beanstalk.New(beanstalk.WithAccount(acct))
		_, err := envs.AutoScaling().CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
			LaunchTemplateName: "web", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
		})
		require.NoError(t, err)
		opts = append(opts, server.WithAutoScaling(envs.AutoScaling()), server.WithBeanstalk(envs, nil))
	}
	e := &authEnv{clk: clk, srv: server.New(opts...)}
	asgClient := func(k server.Credentials) *awsasg.Client {
		return awsasg.NewFromConfig(e.config(t, static(k)), func(o *awsasg.Options) {
			o.BaseEndpoint = aws.String("http://awssim")
			o.HTTPClient = e.srv.Client()
		})
	}
	ebClient := func(k server.Credentials) *awseb.Client {
		return awseb.NewFromConfig(e.config(t, static(k)), func(o *awseb.Options) {
			o.BaseEndpoint = aws.String("http://awssim")
			o.HTTPClient = e.srv.Client()
		})
	}

	a, b := asgClient(keyA), asgClient(keyB)
	_, err := a.CreateAutoScalingGroup(ctx, &awsasg.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web"), LaunchTemplate: &asgtypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web")},
		MinSize: aws.Int32(0), MaxSize: aws.Int32(1), AvailabilityZones: []string{"us-east-1a"},
	})
	require.NoError(t, err)
	ga, err := a.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{})
	require.NoError(t, err)
	require.Len(t, ga.AutoScalingGroups, 1)
	assert.Contains(t, aws.ToString(ga.AutoScalingGroups[0].AutoScalingGroupARN), ":111111111111:")
	gb, err := b.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{})
	require.NoError(t, err)
	assert.Empty(t, gb.AutoScalingGroups)

	app, err := ebClient(keyB).CreateApplication(ctx, &awseb.CreateApplicationInput{ApplicationName: aws.String("shop")})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:elasticbeanstalk:us-east-1:222222222222:application/shop", aws.ToString(app.Application.ApplicationArn))
	apps, err := ebClient(keyA).DescribeApplications(ctx, &awseb.DescribeApplicationsInput{})
	require.NoError(t, err)
	assert.Empty(t, apps.Applications)

	wrong := keyA
	wrong.SecretAccessKey = "not-the-secret"
	_, err = asgClient(wrong).DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{})
	assert.Equal(t, "SignatureDoesNotMatch", apiCode(t, err))
}

// A launch hook holds a new instance in Pending:Wait until the client
// completes the action; an instance refresh replaces the instances and is
// described with the preferences it applied.
func TestAutoScalingHooksAndInstanceRefreshThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newASGEnv(t)
	e.createGroup(t, "web", 1)
	e.clk.Advance(2 * time.Minute)

	_, err := e.asg.PutLifecycleHook(ctx, &awsasg.PutLifecycleHookInput{
		AutoScalingGroupName: aws.String("web"), LifecycleHookName: aws.String("warm"),
		LifecycleTransition: aws.String("autoscaling:EC2_INSTANCE_LAUNCHING"), HeartbeatTimeout: aws.Int32(600),
	})
	require.NoError(t, err)
	_, err = e.asg.SetDesiredCapacity(ctx, &awsasg.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("web"), DesiredCapacity: aws.Int32(2)})
	require.NoError(t, err)
	e.clk.Advance(2 * time.Minute)
	g, err := e.asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web"}})
	require.NoError(t, err)
	require.Len(t, g.AutoScalingGroups[0].Instances, 2)
	held := g.AutoScalingGroups[0].Instances[1]
	assert.Equal(t, asgtypes.LifecycleStatePendingWait, held.LifecycleState)

	_, err = e.asg.CompleteLifecycleAction(ctx, &awsasg.CompleteLifecycleActionInput{
		AutoScalingGroupName: aws.String("web"), LifecycleHookName: aws.String("warm"),
		InstanceId: held.InstanceId, LifecycleActionResult: aws.String("CONTINUE"),
	})
	require.NoError(t, err)
	_, err = e.asg.DeleteLifecycleHook(ctx, &awsasg.DeleteLifecycleHookInput{AutoScalingGroupName: aws.String("web"), LifecycleHookName: aws.String("warm")})
	require.NoError(t, err)
	e.clk.Advance(time.Minute)
	inst, err := e.asg.DescribeAutoScalingInstances(ctx, &awsasg.DescribeAutoScalingInstancesInput{InstanceIds: []string{aws.ToString(held.InstanceId)}})
	require.NoError(t, err)
	assert.Equal(t, "InService", aws.ToString(inst.AutoScalingInstances[0].LifecycleState))

	start, err := e.asg.StartInstanceRefresh(ctx, &awsasg.StartInstanceRefreshInput{
		AutoScalingGroupName: aws.String("web"),
		Preferences:          &asgtypes.RefreshPreferences{MinHealthyPercentage: aws.Int32(50), InstanceWarmup: aws.Int32(30)},
	})
	require.NoError(t, err)
	_, err = e.asg.StartInstanceRefresh(ctx, &awsasg.StartInstanceRefreshInput{AutoScalingGroupName: aws.String("web")})
	var busy *asgtypes.InstanceRefreshInProgressFault
	require.ErrorAs(t, err, &busy)

	e.clk.Advance(30 * time.Minute)
	refreshes, err := e.asg.DescribeInstanceRefreshes(ctx, &awsasg.DescribeInstanceRefreshesInput{AutoScalingGroupName: aws.String("web")})
	require.NoError(t, err)
	require.Len(t, refreshes.InstanceRefreshes, 1)
	r := refreshes.InstanceRefreshes[0]
	assert.Equal(t, aws.ToString(start.InstanceRefreshId), aws.ToString(r.InstanceRefreshId))
	assert.Equal(t, asgtypes.InstanceRefreshStatusSuccessful, r.Status)
	assert.Equal(t, int32(100), aws.ToInt32(r.PercentageComplete))
	assert.Equal(t, int32(50), aws.ToInt32(r.Preferences.MinHealthyPercentage))
	assert.Equal(t, int32(30), aws.ToInt32(r.Preferences.InstanceWarmup))
	g, err = e.asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web"}})
	require.NoError(t, err)
	for _, i := range g.AutoScalingGroups[0].Instances {
		assert.NotEqual(t, aws.ToString(held.InstanceId), aws.ToString(i.InstanceId), "replaced by the refresh")
	}
}
