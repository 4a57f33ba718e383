package beanstalk_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
)

// cronWorld is a worker environment "shop-jobs" of instances instances
// (MinSize and MaxSize) whose version has the task "report" every ten
// minutes, Ready at 09:02.
func cronWorld(t *testing.T, instances string) (*world, *posts) {
	w := newWorld(t)
	p := &posts{status: http.StatusOK}
	w.version("worker-v1", p, beanstalk.CronTask{Name: "report", URL: "/tasks/report", Schedule: "*/10 * * * *"})
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier,
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", instances), option(beanstalk.NamespaceASG, "MaxSize", instances)}})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	return w, p
}

// leaders returns the instances the events of "shop-jobs" name as the
// leader of the periodic tasks, in the order they were elected.
func (w *world) leaders() []string {
	var ids []string
	for _, m := range w.events("shop-jobs") {
		if id, ok := strings.CutSuffix(m, " is the leader of the periodic tasks."); ok {
			ids = append(ids, strings.TrimPrefix(id, "Instance "))
		}
	}
	return ids
}

// reports returns the scheduled times of the task posts so far.
func (p *posts) reports() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.tasks)
}

// Only the leader instance queues the periodic tasks: the daemons elect
// one, the first whose daemon started, and each firing is queued once,
// however many instances run.
func TestCronTasksRunOnTheLeaderOnly(t *testing.T) {
	w, p := cronWorld(t, "3")
	ids := w.instances("shop-jobs")
	require.Len(t, ids, 3)
	leaders := w.leaders()
	require.Len(t, leaders, 1, "one leader is elected")
	assert.Contains(t, ids, leaders[0])

	w.clk.Advance(29 * time.Minute) // to 09:31
	assert.Equal(t, []string{"report 2026-03-02T09:10:00Z", "report 2026-03-02T09:20:00Z", "report 2026-03-02T09:30:00Z"}, p.reports())
	assert.Len(t, w.leaders(), 1, "the leader keeps leading")
}

// When the leader terminates another instance is elected at once, and
// the tasks go on being queued once per firing.
func TestNewLeaderIsElectedWhenTheLeaderTerminates(t *testing.T) {
	w, p := cronWorld(t, "3")
	w.clk.Advance(3 * time.Minute) // 09:05
	old := w.leaders()[0]
	_, err := w.svc.AutoScaling().TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: old})
	require.NoError(t, err)

	leaders := w.leaders()
	require.Len(t, leaders, 2)
	assert.NotEqual(t, old, leaders[1])
	assert.Contains(t, w.instances("shop-jobs"), leaders[1], "one of the instances still running")
	w.clk.Advance(16 * time.Minute) // to 09:21
	assert.Equal(t, []string{"report 2026-03-02T09:10:00Z", "report 2026-03-02T09:20:00Z"}, p.reports())
}

// With no instance left to lead, a firing is lost: no daemon runs to
// queue it. The replacement's daemon leads once it starts.
func TestPeriodicTasksWaitForALeader(t *testing.T) {
	w, p := cronWorld(t, "1")
	w.clk.Advance(7*time.Minute + 30*time.Second) // 09:09:30
	old := w.leaders()[0]
	_, err := w.svc.AutoScaling().TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: old})
	require.NoError(t, err)
	assert.Contains(t, w.events("shop-jobs"), "The leader instance "+old+" of the periodic tasks left and no instance is left to lead: the tasks are not queued until one is in service.")

	w.clk.Advance(11 * time.Minute) // to 09:20:30
	leaders := w.leaders()
	require.Len(t, leaders, 2)
	assert.NotEqual(t, old, leaders[1])
	assert.Equal(t, []string{"report 2026-03-02T09:20:00Z"}, p.reports(), "the firing of 09:10 found no leader")
}

// A deployed version brings its own cron.yaml: the old version's tasks
// fire no more, the new version's do from then on.
func TestDeployedVersionBringsItsCronTasks(t *testing.T) {
	w, old := cronWorld(t, "2")
	next := &posts{status: http.StatusOK}
	w.version("worker-v2", next, beanstalk.CronTask{Name: "cleanup", URL: "/tasks/cleanup", Schedule: "5,35 * * * *"})
	_, err := w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-jobs", VersionLabel: "worker-v2"})
	require.NoError(t, err)
	w.clk.Advance(38 * time.Minute) // to 09:40
	assert.Equal(t, "worker-v2", w.env("shop-jobs").VersionLabel)
	assert.Empty(t, old.reports(), "report, due at 09:10, is v1's")
	assert.Equal(t, []string{"cleanup 2026-03-02T09:05:00Z", "cleanup 2026-03-02T09:35:00Z"}, next.reports())
}

// Deploying a version with periodic tasks to a worker environment that
// had none makes its daemons elect a leader.
func TestLeaderIsElectedWhenADeployedVersionBringsTasks(t *testing.T) {
	w := newWorld(t)
	p := &posts{status: http.StatusOK}
	w.version("worker-v1", p)
	w.version("worker-v2", p, beanstalk.CronTask{Name: "report", URL: "/tasks/report", Schedule: "*/10 * * * *"})
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.Empty(t, w.leaders(), "no cron.yaml, no election")
	_, err = w.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-jobs", VersionLabel: "worker-v2"})
	require.NoError(t, err)
	w.clk.Advance(9 * time.Minute) // to 09:11
	assert.Equal(t, w.instances("shop-jobs"), w.leaders())
	assert.Equal(t, []string{"report 2026-03-02T09:10:00Z"}, p.reports())
}
