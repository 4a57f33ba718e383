package beanstalk_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
)

var classicLB = option(beanstalk.NamespaceEnvironment, "LoadBalancerType", "classic")

// With LoadBalancerType classic an environment is a Classic Load
// Balancer in front of its group: it is Ready once the instances are
// InService there, answers on its CNAME, rolls a deployment through it,
// reports enhanced health from its metrics, and terminating it deletes
// it.
func TestEnvironmentBehindAClassicLoadBalancer(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, classicLB, enhanced, option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))
	w.clk.Advance(3 * time.Minute)
	require.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	name := res.EnvironmentResources.LoadBalancers[0].Name
	assert.True(t, strings.HasPrefix(name, "awseb-AWSEB-"), name)
	health, err := w.svc.ELB().Classic().DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: name})
	require.NoError(t, err)
	require.Len(t, health.InstanceStates, 2)
	assert.Equal(t, elb.InstanceInService, health.InstanceStates[0].State)

	w.watch(e.CNAME, time.Minute)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusOk, h.HealthStatus, "%v", h.Causes)
	assert.Positive(t, h.ApplicationMetrics.RequestCount)

	w.deploy("v2")
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel, "%v", w.events("shop-prod"))
	assert.Zero(t, seen["502"]+seen["503"]+seen["504"], "every request answered: %v", seen)
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))

	_, err = w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	lbs, err := w.svc.ELB().Classic().DescribeLoadBalancers(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, lbs.LoadBalancerDescriptions)
}

// With LoadBalancerType network an environment is a Network Load
// Balancer forwarding TCP to a target group checked over TCP: it is
// Ready once the instances pass those checks, answers on its CNAME and
// rolls a deployment through the target group.
func TestEnvironmentBehindANetworkLoadBalancer(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	e := w.create("shop-prod", nil, option(beanstalk.NamespaceEnvironment, "LoadBalancerType", "network"), option(beanstalk.NamespaceASG, "MinSize", "2"),
		option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
		option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))
	w.clk.Advance(5 * time.Minute)
	require.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	lbs, err := w.svc.ELB().DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{res.EnvironmentResources.LoadBalancers[0].Name}})
	require.NoError(t, err)
	assert.Equal(t, elb.TypeNetwork, lbs.LoadBalancers[0].Type)
	assert.Equal(t, map[string]int{"hello": 6}, w.watch(e.CNAME, 30*time.Second))

	w.deploy("v2")
	seen := map[string]int{}
	for w.env("shop-prod").Status == beanstalk.StatusUpdating {
		for k, n := range w.watch(e.CNAME, 5*time.Second) {
			seen[k] += n
		}
	}
	assert.Equal(t, "v2", w.env("shop-prod").VersionLabel, "%v", w.events("shop-prod"))
	assert.Equal(t, seen["hello"]+seen["v2"], func() int {
		n := 0
		for _, c := range seen {
			n += c
		}
		return n
	}(), "every request answered: %v", seen)
	assert.Equal(t, map[string]int{"v2": 6}, w.watch(e.CNAME, 30*time.Second))
}
