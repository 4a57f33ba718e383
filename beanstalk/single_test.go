package beanstalk_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
)

// singleInstance is the option of a single-instance environment.
var singleInstance = option(beanstalk.NamespaceEnvironment, "EnvironmentType", "SingleInstance")

// resources describes environment name's resources.
func (w *world) resources(name string) beanstalk.EnvironmentResources {
	w.t.Helper()
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: name})
	require.NoError(w.t, err)
	return res.EnvironmentResources
}

// instances returns the IDs of environment name's instances now.
func (w *world) instances(name string) []string {
	w.t.Helper()
	var ids []string
	for _, i := range w.resources(name).Instances {
		ids = append(ids, i.Id)
	}
	return ids
}

// group describes environment name's Auto Scaling group.
func (w *world) group(name string) autoscaling.Group {
	w.t.Helper()
	out, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{w.resources(name).AutoScalingGroups[0].Name}})
	require.NoError(w.t, err)
	require.Len(w.t, out.AutoScalingGroups, 1)
	return out.AutoScalingGroups[0]
}

// A single-instance environment has an Auto Scaling group of one
// instance (MinSize and MaxSize 1, whatever aws:autoscaling:asg says),
// no load balancer and no scaling triggers; its endpoint is the Elastic
// IP address it creates.
func TestSingleInstanceEnvironmentHasOneInstanceAndNoLoadBalancer(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, singleInstance, option(beanstalk.NamespaceASG, "MinSize", "3"), option(beanstalk.NamespaceASG, "MaxSize", "6"))
	w.clk.Advance(2 * time.Minute)

	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, beanstalk.HealthGreen, got.Health)
	assert.Regexp(t, `^\d+\.\d+\.\d+\.\d+$`, got.EndpointURL)
	assert.Equal(t, e.CNAME, got.CNAME)
	g := w.group("shop-prod")
	assert.Equal(t, 1, g.MinSize)
	assert.Equal(t, 1, g.MaxSize)
	assert.Empty(t, g.TargetGroupARNs)
	assert.Len(t, w.instances("shop-prod"), 1)
	res := w.resources("shop-prod")
	assert.Empty(t, res.LoadBalancers)
	assert.Empty(t, res.Triggers)
	lbs, err := w.svc.ELB().DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{})
	require.NoError(t, err)
	assert.Empty(t, lbs.LoadBalancers)
	alarms, err := w.svc.CloudWatch().DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
	require.NoError(t, err)
	assert.Empty(t, alarms.MetricAlarms)
	assert.Contains(t, w.events("shop-prod"), "Created EIP: "+got.EndpointURL)
}

// The CNAME of a single-instance environment reaches the instance's own
// server, with no load balancer between.
func TestSingleInstanceCNAMEReachesTheInstance(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, singleInstance)
	w.clk.Advance(2 * time.Minute)
	ids := w.instances("shop-prod")
	require.Len(t, ids, 1)

	rec := w.get(e.CNAME)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "hello from "+ids[0], rec.Body.String())
	h, ok := w.svc.ELB().Inspect().Host(ids[0])
	require.True(t, ok)
	assert.Equal(t, w.work, h.Busy, "the request's work is the instance's")
}

// Health comes from the instance (EC2 and Auto Scaling health, there
// being no target group): when Auto Scaling replaces the instance, the
// new one takes over the Elastic IP address, and the CNAME with it.
func TestReplacedInstanceTakesTheCNAMEOver(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, singleInstance)
	w.clk.Advance(2 * time.Minute)
	old := w.instances("shop-prod")
	require.Len(t, old, 1)

	_, err := w.svc.AutoScaling().SetInstanceHealth(ctx, &autoscaling.SetInstanceHealthInput{InstanceId: old[0], HealthStatus: autoscaling.HealthUnhealthy})
	require.NoError(t, err)
	w.clk.Advance(15 * time.Second)
	assert.Equal(t, http.StatusServiceUnavailable, w.get(e.CNAME).Code, "no instance in service holds the address")

	w.clk.Advance(3 * time.Minute)
	now := w.instances("shop-prod")
	require.Len(t, now, 1)
	require.NotEqual(t, old[0], now[0])
	rec := w.get(e.CNAME)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "hello from "+now[0], rec.Body.String())
}

// A single-instance environment supports the AllAtOnce and Immutable
// deployment policies only (the developer guide's table), and no
// rolling configuration updates: the others are refused, at creation
// and by UpdateEnvironment, with nothing changed.
func TestSingleInstanceRefusesRollingPolicies(t *testing.T) {
	refused := map[string]beanstalk.ConfigurationOptionSetting{
		"Rolling":                    option(beanstalk.NamespaceCommand, "DeploymentPolicy", beanstalk.DeployRolling),
		"RollingWithAdditionalBatch": option(beanstalk.NamespaceCommand, "DeploymentPolicy", beanstalk.DeployRollingWithAdditionalBatch),
		"TrafficSplitting":           option(beanstalk.NamespaceCommand, "DeploymentPolicy", beanstalk.DeployTrafficSplitting),
		"RollingUpdateEnabled":       option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"),
	}
	for name, o := range refused {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
				ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
				OptionSettings: []beanstalk.ConfigurationOptionSetting{singleInstance, o},
			})
			require.ErrorIs(t, err, beanstalk.ErrConfigurationValidation)
			out, err := w.svc.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{})
			require.NoError(t, err)
			assert.Empty(t, out.Environments)

			w.create("shop-prod", nil, singleInstance)
			w.clk.Advance(2 * time.Minute)
			_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", OptionSettings: []beanstalk.ConfigurationOptionSetting{o}})
			require.ErrorIs(t, err, beanstalk.ErrConfigurationValidation)
			settings, err := w.svc.DescribeConfigurationSettings(ctx, &beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", EnvironmentName: "shop-prod"})
			require.NoError(t, err)
			for _, s := range settings.ConfigurationSettings[0].OptionSettings {
				if s.Namespace == o.Namespace && s.OptionName == o.OptionName {
					assert.NotEqual(t, o.Value, s.Value, "the setting was not applied")
				}
			}
		})
	}
}

// An AllAtOnce deployment to a single-instance environment takes its
// one server down while the platform deploys: the instance's proxy
// answers 502 meanwhile, then the new version answers.
func TestSingleInstanceAllAtOnceDeploymentIsDownWhileDeploying(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, singleInstance)
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	seen := w.watch(e.CNAME, 2*time.Minute)
	assert.Positive(t, seen["502"], "down while deploying: %v", seen)
	assert.Positive(t, seen["v2"], "%v", seen)
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
}

// An Immutable deployment to a single-instance environment launches a
// new instance of the new version in a temporary group and moves it in;
// the old instance terminates and the new one takes over the address:
// the environment answers throughout, and ends with one instance.
func TestSingleInstanceImmutableDeploymentMovesTheAddress(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, singleInstance, option(beanstalk.NamespaceCommand, "DeploymentPolicy", beanstalk.DeployImmutable))
	w.clk.Advance(2 * time.Minute)
	old := w.instances("shop-prod")
	w.deploy("v2")
	seen := w.watch(e.CNAME, 10*time.Minute)
	assert.Zero(t, seen["502"]+seen["503"], "always answered: %v", seen)
	assert.Positive(t, seen["v2"], "%v", seen)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel)
	now := w.instances("shop-prod")
	require.Len(t, now, 1)
	assert.NotEqual(t, old, now)
	assert.Equal(t, "v2 from "+now[0], w.get(e.CNAME).Body.String())
	g := w.group("shop-prod")
	assert.Equal(t, 1, g.MaxSize)
}

// A single-instance worker environment is a group of one instance,
// with its queue and daemon and no scaling triggers; it has neither
// load balancer nor address.
func TestSingleInstanceWorkerHasOneInstanceAndNoTriggers(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-jobs", &beanstalk.EnvironmentTier{Name: beanstalk.TierWorker, Type: "SQS/HTTP"}, singleInstance, option(beanstalk.NamespaceASG, "MinSize", "2"))
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-jobs").Status)
	assert.Empty(t, e.EndpointURL)
	g := w.group("shop-jobs")
	assert.Equal(t, 1, g.MinSize)
	assert.Equal(t, 1, g.MaxSize)
	res := w.resources("shop-jobs")
	assert.Empty(t, res.Triggers)
	assert.Len(t, res.Queues, 2)
	for _, m := range w.events("shop-jobs") {
		assert.NotRegexp(t, regexp.MustCompile(`EIP|alarm|policy`), m)
	}
}

// Terminating a single-instance environment releases its Elastic IP
// address: the CNAME answers no more.
func TestTerminateSingleInstanceReleasesTheAddress(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, singleInstance)
	w.clk.Advance(2 * time.Minute)
	addr := w.env("shop-prod").EndpointURL
	h, err := w.svc.Handler(e.CNAME)
	require.NoError(t, err)
	_, err = w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, beanstalk.StatusTerminated, w.env("shop-prod").Status)
	assert.Contains(t, w.events("shop-prod"), "Deleted EIP: "+addr)
	_, err = w.svc.Handler(e.CNAME)
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+e.CNAME+"/", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
}
