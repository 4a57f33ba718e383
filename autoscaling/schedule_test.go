package autoscaling_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
)

// schedule puts a scheduled action on group "app".
func (w *world) schedule(in autoscaling.PutScheduledUpdateGroupActionInput) error {
	w.t.Helper()
	in.AutoScalingGroupName = "app"
	_, err := w.svc.PutScheduledUpdateGroupAction(ctx, &in)
	return err
}

// scheduled describes group "app"'s scheduled actions.
func (w *world) scheduled() []autoscaling.ScheduledAction {
	w.t.Helper()
	out, err := w.svc.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: "app"})
	require.NoError(w.t, err)
	return out.ScheduledUpdateGroupActions
}

// A recurring action runs at its local time in its time zone, through a
// change to daylight saving time, and its cause tells the constraints it
// set.
func TestScheduledActionsScaleOnWeekdaysInTheirTimeZone(t *testing.T) {
	w := newWorld(t) // Monday 2 March 2026, 09:00 UTC: 04:00 in New York
	w.group("app", 1, 10, 1, nil)
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: "morning", Recurrence: "0 8 * * MON-FRI", TimeZone: "America/New_York", DesiredCapacity: autoscaling.Int(4),
	}))
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: "evening", Recurrence: "0 18 * * mon-fri", TimeZone: "America/New_York", DesiredCapacity: autoscaling.Int(1),
	}))
	acts := w.scheduled()
	require.Len(t, acts, 2)
	assert.Equal(t, time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC), acts[0].StartTime, "08:00 EST")
	assert.Contains(t, acts[0].ScheduledActionARN, ":scheduledUpdateGroupAction:")
	assert.Contains(t, acts[0].ScheduledActionARN, ":autoScalingGroupName/app:scheduledActionName/morning")

	w.clk.AdvanceTo(time.Date(2026, 3, 2, 12, 59, 59, 0, time.UTC))
	assert.Equal(t, 1, w.describe("app").DesiredCapacity)
	w.clk.Advance(time.Second)
	assert.Equal(t, 4, w.describe("app").DesiredCapacity)
	assert.True(t, contains(w.activities("app"), "At 2026-03-02T13:00:00Z a scheduled action update of AutoScalingGroup constraints to min: 1, max: 10, desired: 4 changing the desired capacity from 1 to 4.  At 2026-03-02T13:00:00Z an instance was started"))
	w.clk.AdvanceTo(time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)) // 18:00 EST
	assert.Equal(t, 1, w.describe("app").DesiredCapacity)

	// Friday evening, then the clocks go forward on Sunday 8 March: the
	// next morning run is 08:00 EDT on Monday, 12:00 UTC.
	w.clk.AdvanceTo(time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC), w.scheduled()[0].StartTime)
	w.clk.AdvanceTo(time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC))
	assert.Equal(t, 4, w.describe("app").DesiredCapacity)
}

// A one-time action runs at its StartTime and is gone; setting only the
// minimum moves the desired capacity up to it.
func TestOneTimeScheduledActionRunsOnceAndIsDeleted(t *testing.T) {
	w := newWorld(t)
	w.group("app", 1, 10, 1, nil)
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: "launch-day", StartTime: start.Add(time.Hour), MinSize: autoscaling.Int(3),
	}))
	w.clk.Advance(time.Hour)
	g := w.describe("app")
	assert.Equal(t, 3, g.MinSize)
	assert.Equal(t, 3, g.DesiredCapacity)
	assert.Empty(t, w.scheduled())
}

// With StartTime, Recurrence and EndTime the action runs at the start,
// then at each recurrence up to the end, and then it is gone.
func TestRecurringScheduledActionRunsBetweenItsStartAndEnd(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 10, 0, nil)
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: "hourly", StartTime: start.Add(10 * time.Minute), EndTime: start.Add(3 * time.Hour),
		Recurrence: "0 * * * *", DesiredCapacity: autoscaling.Int(2),
	}))
	var runs []string
	for range 4 * 60 {
		w.clk.Advance(time.Minute)
		if w.describe("app").DesiredCapacity == 2 {
			runs = append(runs, w.clk.Now().Format("15:04"))
			_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 0})
			require.NoError(t, err)
		}
	}
	assert.Equal(t, []string{"09:10", "10:00", "11:00", "12:00"}, runs)
	assert.Empty(t, w.scheduled())
}

// While the ScheduledActions process is suspended the runs are skipped,
// not kept for later.
func TestSuspendedScheduledActionsAreSkipped(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 10, 0, nil)
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "quarter", Recurrence: "*/15 * * * *", DesiredCapacity: autoscaling.Int(2)}))
	_, err := w.svc.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: "app", ScalingProcesses: []string{autoscaling.ProcessScheduledActions}})
	require.NoError(t, err)
	w.clk.Advance(20 * time.Minute)
	assert.Equal(t, 0, w.describe("app").DesiredCapacity)
	_, err = w.svc.ResumeProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: "app"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute) // 09:25: nothing due
	assert.Equal(t, 0, w.describe("app").DesiredCapacity)
	w.clk.Advance(5 * time.Minute)
	assert.Equal(t, 2, w.describe("app").DesiredCapacity)
}

// Putting an action of an existing name replaces it and keeps its ARN;
// a deleted action does not run.
func TestPutReplacesAndDeleteRemovesAScheduledAction(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 10, 0, nil)
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "a", StartTime: start.Add(time.Hour), DesiredCapacity: autoscaling.Int(2)}))
	before := w.scheduled()[0].ScheduledActionARN
	require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "a", StartTime: start.Add(2 * time.Hour), DesiredCapacity: autoscaling.Int(3)}))
	acts := w.scheduled()
	require.Len(t, acts, 1)
	assert.Equal(t, before, acts[0].ScheduledActionARN)
	assert.Equal(t, start.Add(2*time.Hour), acts[0].StartTime)
	w.clk.Advance(time.Hour)
	assert.Equal(t, 0, w.describe("app").DesiredCapacity, "the first version does not run")

	_, err := w.svc.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{AutoScalingGroupName: "app", ScheduledActionName: "a"})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Hour)
	assert.Equal(t, 0, w.describe("app").DesiredCapacity)
	_, err = w.svc.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{AutoScalingGroupName: "app", ScheduledActionName: "a"})
	assert.True(t, errors.Is(err, autoscaling.ErrValidationError), "%v", err)
}

// Scheduled actions AWS refuses are refused, and a group has at most
// MaxScheduledActions.
func TestPutScheduledUpdateGroupActionRefusesWhatAWSRefuses(t *testing.T) {
	w := newWorld(t)
	w.group("app", 0, 10, 0, nil)
	two := autoscaling.Int(2)
	for name, in := range map[string]autoscaling.PutScheduledUpdateGroupActionInput{
		"start in the past":    {StartTime: start.Add(-time.Minute), DesiredCapacity: two},
		"no sizes":             {StartTime: start.Add(time.Hour)},
		"no time":              {DesiredCapacity: two},
		"bad recurrence":       {Recurrence: "0 25 * * *", DesiredCapacity: two},
		"six fields":           {Recurrence: "0 0 8 * * ?", DesiredCapacity: two},
		"bad time zone":        {Recurrence: "0 8 * * *", TimeZone: "Mars/Olympus", DesiredCapacity: two},
		"min above max":        {StartTime: start.Add(time.Hour), MinSize: autoscaling.Int(5), MaxSize: autoscaling.Int(4)},
		"desired above max":    {StartTime: start.Add(time.Hour), MaxSize: autoscaling.Int(4), DesiredCapacity: autoscaling.Int(5)},
		"end before start":     {StartTime: start.Add(time.Hour), EndTime: start.Add(time.Minute), Recurrence: "0 * * * *", DesiredCapacity: two},
		"never runs":           {Recurrence: "0 0 30 2 *", DesiredCapacity: two},
		"end without recurrnc": {StartTime: start.Add(time.Hour), EndTime: start.Add(2 * time.Hour), DesiredCapacity: two},
	} {
		in.ScheduledActionName = "x"
		assert.True(t, errors.Is(w.schedule(in), autoscaling.ErrValidationError), name)
	}
	assert.Empty(t, w.scheduled())

	for k := range autoscaling.MaxScheduledActions {
		require.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: fmt.Sprint(k), Recurrence: "0 0 * * *", DesiredCapacity: two}))
	}
	err := w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "one-too-many", Recurrence: "0 0 * * *", DesiredCapacity: two})
	assert.True(t, errors.Is(err, autoscaling.ErrLimitExceededFault), "%v", err)
	assert.NoError(t, w.schedule(autoscaling.PutScheduledUpdateGroupActionInput{ScheduledActionName: "0", Recurrence: "0 1 * * *", DesiredCapacity: two}), "replacing is not adding")
}
