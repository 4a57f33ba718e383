package beanstalk_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
)

// A web-server environment creates a load balancer, a target group, a
// group of MinSize instances and two alarms with AWS's names; it is
// Launching until its instances are in service and healthy, then Ready
// and Green, and its CNAME answers with the version's server.
func TestWebServerEnvironmentLaunchesAndServesItsVersion(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil)
	assert.Equal(t, beanstalk.StatusLaunching, e.Status)
	assert.Equal(t, beanstalk.HealthGrey, e.Health)
	assert.Regexp(t, `^e-[a-z0-9]{10}$`, e.EnvironmentId)
	assert.Regexp(t, `^shop-prod\.[a-z0-9]{10}\.us-east-1\.elasticbeanstalk\.com$`, e.CNAME)

	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	r := res.EnvironmentResources
	require.Len(t, r.AutoScalingGroups, 1)
	assert.Regexp(t, `^awseb-`+e.EnvironmentId+`-stack-AWSEBAutoScalingGroup-[A-Z0-9]{12}$`, r.AutoScalingGroups[0].Name)
	assert.Len(t, r.LoadBalancers, 1)
	assert.Len(t, w.targetGroups("shop-prod"), 1)
	require.Len(t, r.LaunchTemplates, 1)
	assert.Regexp(t, `^lt-`, r.LaunchTemplates[0].Id)
	require.Len(t, r.Triggers, 2)
	assert.Contains(t, r.Triggers[0].Name, "-stack-AWSEBCloudwatchAlarmHigh-")
	assert.Contains(t, r.Triggers[1].Name, "-stack-AWSEBCloudwatchAlarmLow-")

	alarms, err := w.svc.CloudWatch().DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: triggerNames(r)})
	require.NoError(t, err)
	require.Len(t, alarms.MetricAlarms, 2)
	high := alarms.MetricAlarms[0]
	assert.Equal(t, "NetworkOut", high.MetricName)
	assert.Equal(t, 5*time.Minute, high.Period)
	assert.Equal(t, 6e6, high.Threshold)

	w.clk.Advance(2 * time.Minute)
	e = w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, e.Status)
	assert.Equal(t, beanstalk.HealthGreen, e.Health)
	rec := w.get(e.CNAME)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Body.String(), "hello from i-"), rec.Body.String())

	events := w.events("shop-prod")
	assert.Equal(t, "createEnvironment is starting.", events[0])
	assert.Contains(t, events, "Created Auto Scaling group named: "+r.AutoScalingGroups[0].Name)
	assert.Equal(t, "Successfully launched environment: shop-prod", events[len(events)-1])
}

// Terminating an environment deletes everything it created; it is
// Terminated once its instances are gone, and its name is free again.
func TestTerminateEnvironmentRemovesWhatItCreated(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil)
	w.clk.Advance(2 * time.Minute)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	r := res.EnvironmentResources

	out, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusTerminating, out.Status)
	w.clk.Advance(5 * time.Minute)
	assert.Equal(t, beanstalk.StatusTerminated, w.env("shop-prod").Status)

	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, groups.AutoScalingGroups)
	lbs, err := w.svc.ELB().DescribeLoadBalancers(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, lbs.LoadBalancers)
	tgs, err := w.svc.ELB().DescribeTargetGroups(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, tgs.TargetGroups)
	alarms, err := w.svc.CloudWatch().DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: triggerNames(r)})
	require.NoError(t, err)
	assert.Empty(t, alarms.MetricAlarms)
	templates, err := w.svc.AutoScaling().DescribeLaunchTemplates(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, templates.LaunchTemplates)
	events := w.events("shop-prod")
	assert.Equal(t, "terminateEnvironment completed successfully.", events[len(events)-1])

	w.create("shop-prod", nil) // the name is free again
}

// The trigger's options make the group scale: on CPU above the upper
// threshold for the breach duration the group adds an instance.
func TestTriggerScalesTheGroupOnItsMetric(t *testing.T) {
	w := newWorld(t)
	w.work = 50 * time.Millisecond
	w.create("shop-prod", nil,
		option(beanstalk.NamespaceTrigger, "MeasureName", "CPUUtilization"),
		option(beanstalk.NamespaceTrigger, "Unit", "Percent"),
		option(beanstalk.NamespaceTrigger, "Period", "1"),
		option(beanstalk.NamespaceTrigger, "BreachDuration", "2"),
		option(beanstalk.NamespaceTrigger, "UpperThreshold", "60"),
		option(beanstalk.NamespaceTrigger, "LowerThreshold", "10"),
		option(beanstalk.NamespaceASG, "Cooldown", "60"),
	)
	w.clk.Advance(2 * time.Minute)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	listeners, err := w.svc.ELB().DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: res.EnvironmentResources.LoadBalancers[0].Name})
	require.NoError(t, err)
	// 40 requests/s of 50 ms on one t3.micro of 2 vCPUs: 100 % busy.
	_, err = w.svc.ELB().StartTraffic(listeners.Listeners[0].ListenerArn, elb.Traffic{
		Rate: func(time.Time) float64 { return 40 }, Kinds: []elb.RequestKind{{Work: w.work}},
	})
	require.NoError(t, err)
	w.clk.Advance(6 * time.Minute)
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{res.EnvironmentResources.AutoScalingGroups[0].Name}})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, groups.AutoScalingGroups[0].DesiredCapacity, 2)
}

// Bad names, unknown applications, versions and options are refused.
func TestCreateEnvironmentRefusesWhatAWSRefuses(t *testing.T) {
	w := newWorld(t)
	for name, in := range map[string]beanstalk.CreateEnvironmentInput{
		"short name":      {ApplicationName: "shop", EnvironmentName: "abc", VersionLabel: "v1"},
		"hyphen at end":   {ApplicationName: "shop", EnvironmentName: "shop-", VersionLabel: "v1"},
		"no application":  {ApplicationName: "nope", EnvironmentName: "shop-prod", VersionLabel: "v1"},
		"no version":      {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v9"},
		"unknown option":  {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", OptionSettings: []beanstalk.ConfigurationOptionSetting{option("aws:made:up", "X", "1")}},
		"min above max":   {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", "5")}},
		"bad period":      {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceTrigger, "Period", "0")}},
		"unknown type":    {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceLaunch, "InstanceType", "z9.huge")}},
		"worker with dns": {ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", CNAMEPrefix: "shop", Tier: &beanstalk.EnvironmentTier{Name: beanstalk.TierWorker, Type: "SQS/HTTP"}},
	} {
		_, err := w.svc.CreateEnvironment(ctx, &in)
		var e *beanstalk.Error
		assert.ErrorAs(t, err, &e, name)
	}
	out, err := w.svc.DescribeEnvironments(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, out.Environments)

	w.create("shop-prod", nil)
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "a taken name")
	_, err = w.svc.DeleteApplicationVersion(ctx, &beanstalk.DeleteApplicationVersionInput{ApplicationName: "shop", VersionLabel: "v1"})
	assert.ErrorIs(t, err, beanstalk.ErrOperationInProgress, "a version in use")
}

// A CNAME prefix gives the CNAME, which CheckDNSAvailability then
// reports taken.
func TestCNAMEPrefixAndDNSAvailability(t *testing.T) {
	w := newWorld(t)
	avail, err := w.svc.CheckDNSAvailability(ctx, &beanstalk.CheckDNSAvailabilityInput{CNAMEPrefix: "myshop"})
	require.NoError(t, err)
	assert.True(t, avail.Available)
	assert.Equal(t, "myshop.us-east-1.elasticbeanstalk.com", avail.FullyQualifiedCNAME)
	out, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", CNAMEPrefix: "myshop"})
	require.NoError(t, err)
	assert.Equal(t, "myshop.us-east-1.elasticbeanstalk.com", out.CNAME)
	avail, err = w.svc.CheckDNSAvailability(ctx, &beanstalk.CheckDNSAvailabilityInput{CNAMEPrefix: "myshop"})
	require.NoError(t, err)
	assert.False(t, avail.Available)
}

// RebuildEnvironment replaces every resource with a new one of the same
// configuration; the environment keeps its name, ID and CNAME and is
// Ready again once the new instances serve.
func TestRebuildEnvironmentReplacesEveryResource(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"))
	w.clk.Advance(2 * time.Minute)
	before, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	_, err = w.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusLaunching, w.env("shop-prod").Status)
	w.clk.Advance(5 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, e.EnvironmentId, got.EnvironmentId)
	assert.Equal(t, e.CNAME, got.CNAME)
	after, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.NotEqual(t, before.EnvironmentResources.AutoScalingGroups, after.EnvironmentResources.AutoScalingGroups)
	assert.NotEqual(t, before.EnvironmentResources.LoadBalancers, after.EnvironmentResources.LoadBalancers)
	assert.Len(t, after.EnvironmentResources.Instances, 2)
	for _, i := range after.EnvironmentResources.Instances {
		assert.NotContains(t, before.EnvironmentResources.Instances, i)
	}
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, groups.AutoScalingGroups, 1, "the old group is gone")
	assert.Equal(t, 200, w.get(got.CNAME).Code)
}

// The default triggers watch NetworkOut, which the instances publish from
// the bytes they serve: an idle environment's low alarm goes to ALARM.
func TestDefaultTriggersWatchTheBytesTheInstancesServe(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil)
	w.clk.Advance(15 * time.Minute)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	alarms, err := w.svc.CloudWatch().DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: triggerNames(res.EnvironmentResources)})
	require.NoError(t, err)
	require.Len(t, alarms.MetricAlarms, 2)
	assert.Equal(t, cloudwatch.StateOK, alarms.MetricAlarms[0].StateValue, "the high alarm")
	assert.Equal(t, cloudwatch.StateAlarm, alarms.MetricAlarms[1].StateValue, "the low alarm: next to no bytes")
}

// DescribeEvents pages with MaxRecords and NextToken, newest first, and
// the pages together are every event once.
func TestDescribeEventsPages(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil)
	w.clk.Advance(2 * time.Minute)
	all, err := w.svc.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Greater(t, len(all.Events), 5)
	assert.Empty(t, all.NextToken)
	var paged []beanstalk.Event
	in := &beanstalk.DescribeEventsInput{EnvironmentName: "shop-prod", MaxRecords: 4}
	for {
		out, err := w.svc.DescribeEvents(ctx, in)
		require.NoError(t, err)
		require.LessOrEqual(t, len(out.Events), 4)
		paged = append(paged, out.Events...)
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	assert.Equal(t, all.Events, paged)
}
