package beanstalk_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
)

// terminated creates environment name and terminates it once Ready.
func (w *world) terminated(name string) beanstalk.EnvironmentDescription {
	w.t.Helper()
	w.create(name, nil, option(beanstalk.NamespaceASG, "MinSize", "2"))
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: name})
	require.NoError(w.t, err)
	w.clk.Advance(5 * time.Minute)
	e := w.env(name)
	require.Equal(w.t, beanstalk.StatusTerminated, e.Status)
	return e
}

// A terminated environment rebuilt within six weeks comes back with its
// name, ID, CNAME and configuration, as the same environment, on new
// resources.
func TestRebuildTerminatedEnvironmentKeepsItsNameIDAndCNAME(t *testing.T) {
	w := newWorld(t)
	gone := w.terminated("shop-prod")
	_, err := w.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentId: gone.EnvironmentId})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusLaunching, w.env("shop-prod").Status)
	w.clk.Advance(3 * time.Minute)

	back := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, back.Status)
	assert.Equal(t, beanstalk.HealthGreen, back.Health)
	assert.Equal(t, gone.EnvironmentId, back.EnvironmentId)
	assert.Equal(t, gone.CNAME, back.CNAME)
	assert.Len(t, w.instances("shop-prod"), 2, "its configuration: MinSize 2")
	assert.Equal(t, http.StatusOK, w.get(back.CNAME).Code)
	assert.Contains(t, w.events("shop-prod"), "rebuildEnvironment is starting.")
	all, err := w.svc.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{})
	require.NoError(t, err)
	assert.Len(t, all.Environments, 1, "the same environment, not a new one")
}

// By name, the last terminated environment of the name is rebuilt when
// no running environment has it.
func TestRebuildTerminatedEnvironmentByName(t *testing.T) {
	w := newWorld(t)
	gone := w.terminated("shop-prod")
	_, err := w.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(3 * time.Minute)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-prod").Status)
	assert.Equal(t, gone.EnvironmentId, w.env("shop-prod").EnvironmentId)
}

// Six weeks (42 days) after its termination an environment can no
// longer be rebuilt.
func TestRebuildTerminatedEnvironmentOnlyWithinSixWeeks(t *testing.T) {
	w := newWorld(t)
	gone := w.terminated("shop-prod")
	w.clk.Advance(beanstalk.MaxRebuildAge + time.Minute)
	_, err := w.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentId: gone.EnvironmentId})
	require.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	assert.Equal(t, beanstalk.StatusTerminated, w.env("shop-prod").Status)
}

// A terminated environment whose name another environment took since
// is not rebuilt, and stays terminated.
func TestRebuildTerminatedEnvironmentNeedsItsNameFree(t *testing.T) {
	w := newWorld(t)
	gone := w.terminated("shop-prod")
	again := w.create("shop-prod", nil)
	_, err := w.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentId: gone.EnvironmentId})
	require.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	out, err := w.svc.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentIds: []string{gone.EnvironmentId}})
	require.NoError(t, err)
	assert.Equal(t, beanstalk.StatusTerminated, out.Environments[0].Status)
	assert.NotEqual(t, gone.EnvironmentId, again.EnvironmentId)
}
