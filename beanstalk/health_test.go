package beanstalk_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
)

var enhanced = option(beanstalk.NamespaceHealth, "SystemType", "enhanced")

// health describes environment "shop-prod"'s enhanced health.
func (w *world) health() *beanstalk.DescribeEnvironmentHealthOutput {
	w.t.Helper()
	out, err := w.svc.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(w.t, err)
	return out
}

// Enhanced health is Pending while the environment launches and Ok once
// its instances serve, with the last minute's requests counted.
func TestEnhancedHealthIsOkWhenTheInstancesServe(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, enhanced, option(beanstalk.NamespaceASG, "MinSize", "2"))
	assert.Equal(t, beanstalk.HealthStatusPending, w.health().HealthStatus)
	w.clk.Advance(2 * time.Minute)
	w.watch(e.CNAME, time.Minute)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusOk, h.HealthStatus, "%v", h.Causes)
	assert.Equal(t, beanstalk.HealthGreen, h.Color)
	assert.Equal(t, 2, h.InstancesHealth[beanstalk.HealthStatusOk])
	assert.Positive(t, h.ApplicationMetrics.RequestCount)
	assert.Equal(t, h.ApplicationMetrics.RequestCount, h.ApplicationMetrics.StatusCodes.Status2xx)
}

// A server answering 5xx never lets the launch succeed: at the command
// timeout the environment is Ready and Red; enhanced health is Severe,
// with the share of failing requests as its cause, and each instance
// Severe as the load balancer finds it unhealthy.
func TestEnhancedHealthIsSevereWhenRequestsFail(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "broken",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{enhanced, option(beanstalk.NamespaceCommand, "Timeout", "180")}})
	require.NoError(t, err)
	e := w.env("shop-prod")
	w.clk.Advance(3 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status, "the launch ends at the command timeout")
	assert.Equal(t, beanstalk.HealthRed, got.Health)
	events := w.events("shop-prod")
	assert.Equal(t, "Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.", events[len(events)-1])
	w.watch(e.CNAME, time.Minute)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusSevere, h.HealthStatus)
	assert.Equal(t, beanstalk.HealthRed, h.Color)
	assert.Contains(t, h.Causes, "100.0 % of the requests are failing with HTTP 5xx.")
	instances, err := w.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, instances.InstanceHealthList, 1)
	assert.Equal(t, beanstalk.HealthStatusSevere, instances.InstanceHealthList[0].HealthStatus)
}

// A deployment shows as Info; basic health refuses the enhanced calls.
func TestEnhancedHealthDuringADeploymentAndUnderBasicHealth(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	w.create("shop-prod", nil, enhanced)
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	assert.Equal(t, beanstalk.HealthStatusInfo, w.health().HealthStatus)

	w.create("shop-basic", nil)
	_, err := w.svc.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentName: "shop-basic"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
}
