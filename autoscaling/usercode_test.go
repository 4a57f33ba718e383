package autoscaling_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
)

// Scenario tests of the user code a launch template runs (issue 16): a
// Backend or Worker factory, or a worker, that panics is the failure of
// that instance's program, never a panic through the goroutine that
// advances the clock.

// launchMessages returns the status messages of the group's launch
// activities that have one.
func launchMessages(t *testing.T, w *world, name string) []string {
	t.Helper()
	out, err := w.svc.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: name})
	require.NoError(t, err)
	var msgs []string
	for _, a := range out.Activities {
		if strings.HasPrefix(a.Description, "Launching") && a.StatusMessage != "" {
			msgs = append(msgs, a.StatusMessage)
		}
	}
	return msgs
}

// A Backend factory that panics leaves its instance without a web server:
// the launch activity says so, the instance is registered all the same,
// fails its health checks and, with ELB health checks, is replaced by one
// whose web server starts.
func TestPanickingBackendFactoryIsAnInstanceThatFailsHealthChecks(t *testing.T) {
	w := newWorld(t)
	var broken string
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1",
		LaunchTemplateData: autoscaling.LaunchTemplateData{Backend: func(id string) elb.Backend {
			if broken == "" {
				broken = id
				panic("config file missing")
			}
			return w.backend(id)
		}},
	})
	require.NoError(t, err)
	w.webGroup("web", 1, 2, 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate.Version = autoscaling.VersionLatest
		in.HealthCheckGracePeriod = time.Minute
	})

	require.NotPanics(t, func() { w.clk.Advance(time.Minute) })
	require.Equal(t, []string{broken}, w.inService("web"))
	msgs := launchMessages(t, w, "web")
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], "Failed to start the web server")
	assert.Contains(t, msgs[0], "config file missing")

	w.clk.Advance(10 * time.Minute)
	ids := w.inService("web")
	require.Len(t, ids, 1)
	assert.NotEqual(t, broken, ids[0], "replaced")
	assert.Equal(t, http.StatusOK, httptestRecorder(w).Code)
}

// panickyWorker is a Worker whose Busy and Stop panic.
type panickyWorker struct{}

func (panickyWorker) Busy() time.Duration { panic("busy: nil map") }
func (panickyWorker) Stop()               { panic("stop: already closed") }

// A Worker factory that panics starts no worker, and the launch activity
// says so; a worker whose Busy panics reports no CPU for the minute, and
// one whose Stop panics has stopped: the instance terminates as usual.
func TestPanickingWorkerIsAnInstanceWhoseProgramCrashed(t *testing.T) {
	w := newWorld(t)
	calls := 0
	_, err := w.svc.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "web", SourceVersion: "1",
		LaunchTemplateData: autoscaling.LaunchTemplateData{Backend: nil, Worker: func(id string) autoscaling.Worker {
			if calls++; calls == 1 {
				panic("no queue URL")
			}
			return panickyWorker{}
		}},
	})
	require.NoError(t, err)
	w.group("jobs", 2, 2, 2, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.LaunchTemplate.Version = autoscaling.VersionLatest
	})

	require.NotPanics(t, func() { w.clk.Advance(10 * time.Minute) })
	ids := w.inService("jobs")
	require.Len(t, ids, 2)
	msgs := launchMessages(t, w, "jobs")
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], "Failed to start the worker")
	assert.Contains(t, msgs[0], "no queue URL")
	cpu := func(id string) int {
		out, err := w.cw.ListMetrics(ctx, &cloudwatch.ListMetricsInput{
			Namespace: "AWS/EC2", MetricName: "CPUUtilization",
			Dimensions: []cloudwatch.DimensionFilter{{Name: "InstanceId", Value: id}},
		})
		require.NoError(t, err)
		return len(out.Metrics)
	}
	metrics := map[string]int{ids[0]: cpu(ids[0]), ids[1]: cpu(ids[1])}
	assert.ElementsMatch(t, []int{0, 1}, []int{metrics[ids[0]], metrics[ids[1]]}, "only the instance without a worker reports CPU: %v", metrics)

	require.NotPanics(t, func() {
		for _, id := range ids {
			_, err := w.svc.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: id, ShouldDecrementDesiredCapacity: false})
			require.NoError(t, err)
		}
		w.clk.Advance(5 * time.Minute)
	})
	for _, id := range ids {
		assert.NotContains(t, w.inService("jobs"), id, "terminated")
	}
}
