package beanstalk_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sqs"
)

// versionSaying creates version label of "shop" whose server answers
// status with "<label> from <instance>".
func (w *world) versionSaying(label string, status int) {
	w.t.Helper()
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: label,
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
				rw.WriteHeader(status)
				fmt.Fprint(rw, label, " from ", id)
			})}
		}},
	})
	require.NoError(w.t, err)
}

// deploy deploys label to environment "shop-prod".
func (w *world) deploy(label string) {
	w.t.Helper()
	out, err := w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: label})
	require.NoError(w.t, err)
	assert.Equal(w.t, beanstalk.StatusUpdating, out.Status)
}

// watch sends a request every five seconds for d and counts the answers
// by status and by the version that gave them.
func (w *world) watch(cname string, d time.Duration) map[string]int {
	w.t.Helper()
	seen := map[string]int{}
	for elapsed := time.Duration(0); elapsed < d; elapsed += 5 * time.Second {
		rec := w.get(cname)
		version, _, _ := strings.Cut(rec.Body.String(), " ")
		if rec.Code != http.StatusOK {
			version = fmt.Sprint(rec.Code)
		}
		seen[version]++
		w.clk.Advance(5 * time.Second)
	}
	return seen
}

// AllAtOnce deploys to every instance at once: the servers are down
// while the platform deploys, then every answer is the new version's.
func TestAllAtOnceDeploymentReplacesEveryServerAtOnce(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	seen := w.watch(e.CNAME, 2*time.Minute)
	assert.Positive(t, seen["502"], "down while deploying: %v", seen)
	assert.Positive(t, seen["v2"], "%v", seen)
	assert.LessOrEqual(t, seen["hello"], 1, "the old version answers only at the instant the deployment begins: %v", seen)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, "v2", got.VersionLabel)
	assert.Contains(t, w.events("shop-prod"), "New application version was deployed to running EC2 instances.")
}

// Rolling deploys one batch at a time, each taken out of the load
// balancer first: every request is answered, by one version or the
// other, and the last ones by the new.
func TestRollingDeploymentKeepsServingWhileItReplacesBatches(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	seen := w.watch(e.CNAME, 5*time.Minute)
	assert.Zero(t, seen["502"]+seen["503"], "every request answered: %v", seen)
	assert.Positive(t, seen["hello"], "the old version serves while the first batch deploys: %v", seen)
	assert.Positive(t, seen["v2"], "%v", seen)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, "v2", got.VersionLabel)
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))
}

// A rolling deployment whose batch never passes its health check fails
// at the command's timeout: the environment is Ready and Red, keeps its
// version label, and the batches not reached keep the old version.
func TestRollingDeploymentOfAnUnhealthyVersionFails(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"),
		option(beanstalk.NamespaceCommand, "Timeout", "120"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("broken")
	w.clk.Advance(5 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, beanstalk.HealthRed, got.Health)
	assert.Equal(t, "v1", got.VersionLabel)
	events := w.events("shop-prod")
	assert.Equal(t, "Failed to deploy application.", events[len(events)-1])
	seen := w.watch(e.CNAME, 30*time.Second)
	assert.Equal(t, 6, seen["hello"], "the load balancer sends everything to the instance not reached: %v", seen)
}

// A worker environment's deployment gives the daemons the new server.
func TestDeploymentToAWorkerEnvironmentSwapsTheDaemonsServer(t *testing.T) {
	w := newWorld(t)
	old, next := &posts{status: http.StatusOK}, &posts{status: http.StatusOK}
	w.version("worker-v1", old)
	w.version("worker-v2", next)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "worker-v1", Tier: workerTier})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	w.deploy("worker-v2")
	w.clk.Advance(time.Minute)
	require.Equal(t, "worker-v2", w.env("shop-prod").VersionLabel)
	_, err = w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: w.queues("shop-prod")[0], MessageBody: "job"})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)
	next.mu.Lock()
	defer next.mu.Unlock()
	assert.Equal(t, []string{"job"}, next.bodies)
}

// Only a Ready environment updates, and a version and options do not go
// together.
func TestUpdateEnvironmentRefusesWhatAWSRefuses(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	w.create("shop-prod", nil)
	_, err := w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: "v2"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "still launching")
	w.clk.Advance(2 * time.Minute)
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: "v2",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MaxSize", "6")}})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterCombination)
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: "v9"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceProcess, "HealthCheckPath", "/health")}})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "not updatable yet")
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", "3"), option(beanstalk.NamespaceASG, "MaxSize", "6")}})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Len(t, res.EnvironmentResources.Instances, 3, "MinSize 3 applied to the group")
}

// Blue/green: swapping the CNAMEs of two environments makes each CNAME
// answer with the other environment's version.
func TestSwapEnvironmentCNAMEsIsABlueGreenDeployment(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	blue := w.create("shop-blue", nil)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-green", VersionLabel: "v2"})
	require.NoError(t, err)
	green := w.env("shop-green")
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, map[string]int{"hello": 1}, w.watch(blue.CNAME, time.Second))
	kept, err := w.svc.Handler(blue.CNAME)
	require.NoError(t, err)

	_, err = w.svc.SwapEnvironmentCNAMEs(ctx, &beanstalk.SwapEnvironmentCNAMEsInput{SourceEnvironmentName: "shop-blue", DestinationEnvironmentName: "shop-green"})
	require.NoError(t, err)
	assert.Equal(t, green.CNAME, w.env("shop-blue").CNAME)
	assert.Equal(t, blue.CNAME, w.env("shop-green").CNAME)
	assert.Equal(t, map[string]int{"v2": 1}, w.watch(blue.CNAME, time.Second), "the old CNAME answers with green")
	rec := httptest.NewRecorder()
	kept.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+blue.CNAME+"/", nil))
	assert.True(t, strings.HasPrefix(rec.Body.String(), "v2 from "), "a handler kept from before the swap follows the CNAME: %s", rec.Body.String())
	assert.Contains(t, w.events("shop-blue"), "Completed swapping CNAMEs for environments 'shop-blue' and 'shop-green'.")
}

// countingVersion creates version "counting" of "shop", whose servers
// are the world's, and returns the count of servers it started.
func (w *world) countingVersion() *int {
	w.t.Helper()
	started := new(int)
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "counting",
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			*started++
			return w.server(id)
		}},
	})
	require.NoError(w.t, err)
	return started
}

// RestartAppServer restarts every server at once: each is down for the
// deploy time, then a fresh server of the same version answers.
func TestRestartAppServerRestartsEveryServer(t *testing.T) {
	w := newWorld(t)
	started := w.countingVersion()
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "counting"})
	require.NoError(t, err)
	e := w.env("shop-prod")
	w.clk.Advance(2 * time.Minute)
	require.Equal(t, 1, *started)
	_, err = w.svc.RestartAppServer(ctx, &beanstalk.RestartAppServerInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	seen := w.watch(e.CNAME, time.Minute)
	assert.Positive(t, seen["502"], "%v", seen)
	assert.Positive(t, seen["hello"], "%v", seen)
	assert.Equal(t, 2, *started, "a fresh server")
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	events := w.events("shop-prod")
	assert.Equal(t, "restartAppServer completed successfully.", events[len(events)-1])
}

// With a rolling DeploymentPolicy, RestartAppServer restarts in batches
// of BatchSize, each out of the load balancer and healthy again before
// the next, as the developer guide's rolling restarts: every server is
// fresh at the end and the environment never stopped serving.
func TestRollingRestartKeepsServing(t *testing.T) {
	w := newWorld(t)
	started := w.countingVersion()
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "counting",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", "2"),
			option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
			option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1")}})
	require.NoError(t, err)
	e := w.env("shop-prod")
	w.clk.Advance(2 * time.Minute)
	require.Equal(t, 2, *started)
	_, err = w.svc.RestartAppServer(ctx, &beanstalk.RestartAppServerInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Equal(t, []string{"hello"}, keys(seen), "%v", seen)
	assert.Equal(t, 4, *started, "a fresh server on each instance")
	assert.Len(t, w.eventTimes("Restarting the application server on instance(s): "), 2, "one batch at a time")
}

// RollingWithAdditionalBatch launches a batch of the new version first,
// so the environment never has fewer healthy instances than before; the
// group goes back to its size at the end.
func TestRollingWithAdditionalBatchKeepsFullCapacity(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"), option(beanstalk.NamespaceASG, "MaxSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "RollingWithAdditionalBatch"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))
	w.clk.Advance(2 * time.Minute)
	tg := w.targetGroups("shop-prod")[0]
	healthy := func() int {
		th, err := w.svc.ELB().DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg})
		require.NoError(t, err)
		n := 0
		for _, d := range th.TargetHealthDescriptions {
			if d.TargetHealth.State == elb.HealthHealthy {
				n++
			}
		}
		return n
	}
	w.deploy("v2")
	instances := func() int {
		res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
		require.NoError(t, err)
		return len(res.EnvironmentResources.Instances)
	}
	fewest, most := 2, 0
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		w.clk.Advance(5 * time.Second)
		fewest, most = min(fewest, healthy()), max(most, instances())
	}
	assert.Equal(t, 2, fewest, "never fewer healthy instances than it had")
	assert.Equal(t, 3, most, "one batch above its size")
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel)
	w.clk.Advance(10 * time.Minute)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Len(t, res.EnvironmentResources.Instances, 2, "back to its size")
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))
}

// Immutable deploys to new instances in a temporary group and moves them
// in once healthy: every request is answered, the old instances go, and
// the temporary group is gone at the end.
func TestImmutableDeploymentReplacesTheInstances(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"), option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Immutable"))
	w.clk.Advance(2 * time.Minute)
	before, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.deploy("v2")
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Zero(t, seen["502"]+seen["503"], "every request answered: %v", seen)
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel, "%v", w.events("shop-prod"))
	w.clk.Advance(5 * time.Minute)
	after, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Len(t, after.EnvironmentResources.Instances, 2)
	for _, id := range after.EnvironmentResources.Instances {
		assert.NotContains(t, before.EnvironmentResources.Instances, id, "a new instance")
	}
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, groups.AutoScalingGroups, 1, "the temporary group is gone")
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))
}

// An immutable deployment of a version that fails its health check
// deletes its temporary group and leaves the environment as it was.
func TestImmutableDeploymentOfAnUnhealthyVersionRollsBackCleanly(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Immutable"), option(beanstalk.NamespaceCommand, "Timeout", "120"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("broken")
	w.clk.Advance(5 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, "v1", got.VersionLabel)
	w.clk.Advance(5 * time.Minute)
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, groups.AutoScalingGroups, 1, "the temporary group is gone")
	assert.Equal(t, map[string]int{"hello": 6}, w.watch(e.CNAME, 30*time.Second))
}

// TrafficSplitting sends NewVersionPercent of the requests to new
// instances for EvaluationTime, then moves them in: every request is
// answered, about that share by the new version meanwhile, and at the
// end the environment has one group and one target group again.
func TestTrafficSplittingEvaluatesTheNewVersionOnAShareOfTheTraffic(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceCommand, "DeploymentPolicy", "TrafficSplitting"),
		option(beanstalk.NamespaceTrafficSplitting, "NewVersionPercent", "20"), option(beanstalk.NamespaceTrafficSplitting, "EvaluationTime", "10"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Zero(t, seen["502"]+seen["503"], "every request answered: %v", seen)
	assert.Positive(t, seen["v2"], "%v", seen)
	assert.Greater(t, seen["hello"], seen["v2"], "the old version takes most of the evaluation: %v", seen)
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel, "%v", w.events("shop-prod"))
	w.clk.Advance(5 * time.Minute)
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, groups.AutoScalingGroups, 1)
	tgs, err := w.svc.ELB().DescribeTargetGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, tgs.TargetGroups, 1)
}

// A traffic-splitting deployment of a version that never gets healthy
// fails without sending it any traffic, and removes what it made; the
// environment's health stays as its instances' is.
func TestTrafficSplittingOfAnUnhealthyVersionFailsCleanly(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceCommand, "DeploymentPolicy", "TrafficSplitting"), option(beanstalk.NamespaceCommand, "Timeout", "120"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("broken")
	seen := w.watch(e.CNAME, 5*time.Minute)
	assert.Equal(t, 60, seen["hello"], "%v", seen)
	assert.Equal(t, "v1", w.env("shop-prod").VersionLabel)
	assert.Equal(t, beanstalk.HealthGreen, w.env("shop-prod").Health, "the environment's own instances were not touched")
	w.clk.Advance(5 * time.Minute)
	tgs, err := w.svc.ELB().DescribeTargetGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, tgs.TargetGroups, 1)
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, groups.AutoScalingGroups, 1)
}

// Aborting a rolling deployment puts the instances it reached back on
// the old version and in the load balancer: the environment is Aborting
// while they are deployed the old version again, then Ready with its
// old label, and every answer is the old version's.
func TestAbortEnvironmentUpdateRollsTheDeploymentBack(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	w.clk.Advance(70 * time.Second) // the first batch is back in service with v2
	_, err := w.svc.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusAborting, w.env("shop-prod").Status)
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: "v2"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "not Ready while aborting")
	w.clk.Advance(beanstalk.DeployTime)
	assert.Equal(t, beanstalk.StatusAborting, w.env("shop-prod").Status, "until the instance is healthy in the target group again")
	for w.env("shop-prod").Status == beanstalk.StatusAborting {
		w.clk.Advance(5 * time.Second)
	}
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, "v1", got.VersionLabel)
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, map[string]int{"hello": 12}, w.watch(e.CNAME, time.Minute))
	assert.Contains(t, w.events("shop-prod"), "Environment update was aborted.")
	_, err = w.svc.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentName: "shop-prod"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "nothing to abort")
}

// With IgnoreHealthCheck a rolling deployment goes on past a batch that
// does not get healthy: every instance runs the new version at the end,
// and basic health turns Red as the checks keep failing.
func TestRollingDeploymentWithIgnoreHealthCheckGoesOn(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"),
		option(beanstalk.NamespaceCommand, "Timeout", "60"), option(beanstalk.NamespaceCommand, "IgnoreHealthCheck", "true"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("broken")
	w.clk.Advance(10 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, "broken", got.VersionLabel)
	assert.Contains(t, w.events("shop-prod"), "Environment update completed successfully.")
	assert.Equal(t, beanstalk.HealthRed, got.Health, "every instance fails the load balancer's checks")
}

// Changing the instance type replaces the instances through an instance
// refresh of the group: with RollingUpdateEnabled, MinInstancesInService
// stay in service meanwhile; the environment is Updating until every
// instance is of the new type.
func TestInstanceTypeUpdateReplacesTheInstances(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"), option(beanstalk.NamespaceRollingUpdate, "MinInstancesInService", "1"))
	w.clk.Advance(3 * time.Minute)
	out, err := w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceLaunch, "InstanceType", "c5.large")}})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusUpdating, out.Status)
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Zero(t, seen["502"]+seen["503"], "one instance always serves: %v", seen)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{res.EnvironmentResources.AutoScalingGroups[0].Name}})
	require.NoError(t, err)
	types := map[string]int{}
	for _, i := range groups.AutoScalingGroups[0].Instances {
		if i.LifecycleState == autoscaling.StateInService {
			types[i.InstanceType]++
		}
	}
	assert.Equal(t, map[string]int{"c5.large": 2}, types)
	events := w.events("shop-prod")
	assert.Equal(t, "Environment update completed successfully.", events[len(events)-1])
}

// inServiceTypes counts environment "shop-prod"'s instances in service
// by instance type, and returns its groups' names.
func (w *world) inServiceTypes() (map[string]int, []string) {
	w.t.Helper()
	groups, err := w.svc.AutoScaling().DescribeAutoScalingGroups(ctx, nil)
	require.NoError(w.t, err)
	types, names := map[string]int{}, []string{}
	for _, g := range groups.AutoScalingGroups {
		names = append(names, g.AutoScalingGroupName)
		for _, i := range g.Instances {
			if i.LifecycleState == autoscaling.StateInService {
				types[i.InstanceType]++
			}
		}
	}
	return types, names
}

// eventTimes returns when environment "shop-prod"'s events whose
// message begins with prefix happened, oldest first.
func (w *world) eventTimes(prefix string) []time.Time {
	w.t.Helper()
	out, err := w.svc.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{EnvironmentName: "shop-prod"})
	require.NoError(w.t, err)
	var at []time.Time
	for k := len(out.Events) - 1; k >= 0; k-- {
		if strings.HasPrefix(out.Events[k].Message, prefix) {
			at = append(at, out.Events[k].EventDate)
		}
	}
	return at
}

// updateInstanceType changes environment "shop-prod"'s instance type.
func (w *world) updateInstanceType(typ string) {
	w.t.Helper()
	out, err := w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceLaunch, "InstanceType", typ)}})
	require.NoError(w.t, err)
	require.Equal(w.t, beanstalk.StatusUpdating, out.Status)
}

// A time-based rolling configuration update replaces MaxBatchSize
// instances at a time, terminating each batch before its replacements
// launch, keeps MinInstancesInService in service, and waits PauseTime
// after a batch is in service before the next.
func TestTimeRollingUpdateReplacesBatchesAndPauses(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "4"),
		option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"), option(beanstalk.NamespaceRollingUpdate, "RollingUpdateType", "Time"),
		option(beanstalk.NamespaceRollingUpdate, "MaxBatchSize", "2"), option(beanstalk.NamespaceRollingUpdate, "MinInstancesInService", "2"),
		option(beanstalk.NamespaceRollingUpdate, "PauseTime", "PT3M"))
	w.clk.Advance(3 * time.Minute)
	w.updateInstanceType("c5.large")
	fewest := 4
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		types, _ := w.inServiceTypes()
		fewest = min(fewest, types["t3.micro"]+types["c5.large"])
		w.clk.Advance(5 * time.Second)
	}
	assert.Equal(t, 2, fewest, "a batch of two out at a time, MinInstancesInService kept")
	types, _ := w.inServiceTypes()
	assert.Equal(t, map[string]int{"c5.large": 4}, types)
	batches := w.eventTimes("Replacing instance(s): ")
	require.Len(t, batches, 2)
	assert.GreaterOrEqual(t, batches[1].Sub(batches[0]), 3*time.Minute, "PauseTime after the first batch is in service")
	assert.LessOrEqual(t, batches[1].Sub(batches[0]), 4*time.Minute)
}

// A health-based rolling update whose new instances never pass their
// health checks fails at the rolling update's Timeout and rolls back:
// the previous configuration comes back and another rolling update
// replaces the instances it launched.
func TestHealthRollingUpdateThatFailsRollsBack(t *testing.T) {
	w := newWorld(t)
	var broken atomic.Bool
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "fragile",
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			bad := broken.Load() // an instance launched meanwhile never serves
			return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
				if bad {
					rw.WriteHeader(http.StatusInternalServerError)
				}
			})}
		}},
	})
	require.NoError(t, err)
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "fragile",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", "2"),
			option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"), option(beanstalk.NamespaceRollingUpdate, "RollingUpdateType", "Health"),
			option(beanstalk.NamespaceRollingUpdate, "MaxBatchSize", "1"), option(beanstalk.NamespaceRollingUpdate, "Timeout", "PT5M")}})
	require.NoError(t, err)
	w.clk.Advance(3 * time.Minute)
	broken.Store(true)
	w.updateInstanceType("c5.large")
	w.clk.Advance(5*time.Minute + 30*time.Second)
	back := w.eventTimes("Rolling back the configuration update.")
	require.Len(t, back, 1, "%v", w.events("shop-prod"))
	batches := w.eventTimes("Replacing instance(s): ")
	require.Len(t, batches, 2, "the update's first batch, then the rollback's")
	assert.Equal(t, 5*time.Minute, back[0].Sub(batches[0]).Truncate(time.Minute), "the rolling update's Timeout")
	broken.Store(false)
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		w.clk.Advance(5 * time.Second)
	}
	types, _ := w.inServiceTypes()
	assert.Equal(t, map[string]int{"t3.micro": 2}, types, "%q", w.events("shop-prod"))
	settings, err := w.svc.DescribeConfigurationSettings(ctx, &beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	for _, o := range settings.ConfigurationSettings[0].OptionSettings {
		if o.Namespace == beanstalk.NamespaceLaunch && o.OptionName == "InstanceType" {
			assert.Equal(t, "t3.micro", o.Value, "the previous configuration is back")
		}
	}
	events := w.events("shop-prod")
	assert.Equal(t, "The configuration update failed; the environment is back on its previous configuration.", events[len(events)-1])
}

// An immutable configuration update launches the new instances in a
// temporary group, moves them into the environment's group once
// healthy, and terminates the old ones: capacity never drops.
func TestImmutableRollingUpdateUsesATemporaryGroup(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"), option(beanstalk.NamespaceRollingUpdate, "RollingUpdateType", "Immutable"))
	w.clk.Advance(3 * time.Minute)
	w.updateInstanceType("c5.large")
	seen, groups := map[string]int{}, 1
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		_, names := w.inServiceTypes()
		groups = max(groups, len(names))
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Zero(t, seen["502"]+seen["503"], "%v", seen)
	assert.Equal(t, 2, groups, "a temporary group")
	w.clk.Advance(2 * time.Minute) // Auto Scaling rebalances the zones of the instances moved in
	types, names := w.inServiceTypes()
	assert.Equal(t, map[string]int{"c5.large": 2}, types, "%q", w.events("shop-prod"))
	assert.Len(t, names, 1)
	assert.Len(t, w.eventTimes("Created temporary Auto Scaling group named: "), 1)
}

// PauseTime and Timeout are ISO 8601 durations within their ranges.
func TestRollingUpdateDurationsAreChecked(t *testing.T) {
	w := newWorld(t)
	for _, o := range []beanstalk.ConfigurationOptionSetting{
		option(beanstalk.NamespaceRollingUpdate, "PauseTime", "5m"),
		option(beanstalk.NamespaceRollingUpdate, "PauseTime", "PT2H"),
		option(beanstalk.NamespaceRollingUpdate, "Timeout", "PT1M"),
		option(beanstalk.NamespaceRollingUpdate, "Timeout", "PT"),
	} {
		_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
			OptionSettings: []beanstalk.ConfigurationOptionSetting{o}})
		assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "%s %s", o.OptionName, o.Value)
	}
	w.create("shop-prod", nil, option(beanstalk.NamespaceRollingUpdate, "PauseTime", "PT1M30S"), option(beanstalk.NamespaceRollingUpdate, "Timeout", "PT1H"))
}

// Aborting an immutable deployment deletes its temporary group (Auto
// Scaling's force delete is done at once, and so is the abort), and the
// environment's own instances never stopped serving the old version.
func TestAbortingAnImmutableDeploymentDeletesTheTemporaryGroup(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Immutable"))
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	w.clk.Advance(20 * time.Second)
	_, names := w.inServiceTypes()
	require.Len(t, names, 2, "the temporary group")
	_, err := w.svc.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	seen := w.watch(e.CNAME, time.Minute)
	assert.Equal(t, []string{"hello"}, keys(seen), "%v", seen)
	_, names = w.inServiceTypes()
	assert.Len(t, names, 1)
	assert.Equal(t, "v1", w.env("shop-prod").VersionLabel)
	events := w.events("shop-prod")
	assert.Equal(t, "Environment update was aborted.", events[len(events)-1])
}

// Aborting a configuration update rolls it back as a failed one does,
// while the environment is Aborting: the previous instance type again.
func TestAbortingAConfigurationUpdateRollsItBack(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"), option(beanstalk.NamespaceRollingUpdate, "MaxBatchSize", "1"))
	w.clk.Advance(3 * time.Minute)
	w.updateInstanceType("c5.large")
	w.clk.Advance(90 * time.Second) // the first batch replaced
	_, err := w.svc.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusAborting, w.env("shop-prod").Status)
	for w.env("shop-prod").Status == beanstalk.StatusAborting {
		w.clk.Advance(5 * time.Second)
	}
	types, _ := w.inServiceTypes()
	assert.Equal(t, map[string]int{"t3.micro": 2}, types, "%q", w.events("shop-prod"))
	events := w.events("shop-prod")
	assert.Equal(t, "Environment update was aborted.", events[len(events)-1])
}

// keys returns a map's keys, sorted.
func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
