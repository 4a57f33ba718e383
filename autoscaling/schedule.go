package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // time zones of scheduled actions resolve alike on every machine

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/cron"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// MaxScheduledActions is the most scheduled actions a group has.
const MaxScheduledActions = 125

// scheduledAction is a scheduled action of a group, with its next run.
type scheduledAction struct {
	name, arn              string
	start, end             time.Time // end is zero for none
	recurrence             string
	schedule               cron.Schedule
	zone                   string // the TimeZone given; "" for UTC
	loc                    *time.Location
	minSize, maxSize, want *int
	next                   time.Time // its next run; zero when it will not run again
	timer                  sim.Scheduled
}

// ScheduledAction describes a scheduled action, as
// DescribeScheduledActions returns it.
type ScheduledAction struct {
	AutoScalingGroupName string
	ScheduledActionName  string
	ScheduledActionARN   string
	// StartTime is when the action runs next.
	StartTime time.Time
	// EndTime is when a recurring action stops; zero for never.
	EndTime    time.Time
	Recurrence string
	TimeZone   string
	// MinSize, MaxSize and DesiredCapacity are what the action sets; nil
	// leaves the group's value.
	MinSize, MaxSize, DesiredCapacity *int
}

// PutScheduledUpdateGroupActionInput is the input of
// [Service.PutScheduledUpdateGroupAction].
type PutScheduledUpdateGroupActionInput struct {
	AutoScalingGroupName string // Required.
	ScheduledActionName  string // Required: 1 to 255 characters.
	// StartTime is when a one-time action runs, and when a recurring
	// one runs first (then by its Recurrence). It must not be in the
	// past. A recurring action without it begins with its first
	// recurrence.
	StartTime time.Time
	// EndTime, for a recurring action, is when it stops: it does not run
	// after.
	EndTime time.Time
	// Recurrence is a Unix cron expression of five fields, minute hour
	// day-of-month month day-of-week ("30 0 1 1,6,12 *"), in TimeZone.
	Recurrence string
	// TimeZone is an IANA time zone ("America/New_York") for Recurrence;
	// UTC unless set. Recurrences follow its daylight saving time.
	TimeZone string
	// At least one of MinSize, MaxSize and DesiredCapacity is required.
	MinSize, MaxSize, DesiredCapacity *int
}

// PutScheduledUpdateGroupActionOutput is the output of
// [Service.PutScheduledUpdateGroupAction].
type PutScheduledUpdateGroupActionOutput struct{}

// PutScheduledUpdateGroupAction creates or replaces a scheduled action:
// at its times it sets the group's MinSize, MaxSize and DesiredCapacity
// to the values it has (see the package documentation, Scheduled
// actions).
//
// Errors: ErrValidationError (also for a group that does not exist),
// ErrLimitExceededFault (MaxScheduledActions).
func (s *Service) PutScheduledUpdateGroupAction(ctx context.Context, in *PutScheduledUpdateGroupActionInput) (*PutScheduledUpdateGroupActionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	a, err := newScheduledAction(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	switch {
	case !a.start.IsZero() && a.start.Before(now):
		return nil, ErrValidationError.With("Given start time is in the past")
	case !a.end.IsZero() && !a.end.After(now):
		return nil, ErrValidationError.With("Given end time is in the past")
	}
	k := slices.IndexFunc(g.scheduled, func(x *scheduledAction) bool { return x.name == a.name })
	if k < 0 && len(g.scheduled) >= MaxScheduledActions {
		return nil, ErrLimitExceededFault.With("You have reached your quota of %d scheduled actions for Auto Scaling group %s.", MaxScheduledActions, g.name)
	}
	a.next = a.firstRun(now)
	if a.next.IsZero() {
		return nil, ErrValidationError.With("The recurrence %q never runs between the action's start and end times.", a.recurrence)
	}
	if k >= 0 {
		a.arn = g.scheduled[k].arn // the action keeps its ARN
		g.scheduled[k].timer.Cancel()
		g.scheduled[k] = a
	} else {
		a.arn = arn.ScheduledAction{Region: s.region, AccountID: s.accountID, ID: s.newUUID(), GroupName: g.name, Name: a.name}.String()
		g.scheduled = append(g.scheduled, a)
	}
	s.armScheduledLocked(g, a)
	return &PutScheduledUpdateGroupActionOutput{}, nil
}

// newScheduledAction checks a scheduled action's input.
func newScheduledAction(in *PutScheduledUpdateGroupActionInput) (*scheduledAction, error) {
	a := &scheduledAction{
		name: in.ScheduledActionName, start: in.StartTime, end: in.EndTime, recurrence: in.Recurrence,
		zone: in.TimeZone, loc: time.UTC, minSize: cloneInt(in.MinSize), maxSize: cloneInt(in.MaxSize), want: cloneInt(in.DesiredCapacity),
	}
	switch {
	case a.name == "" || len(a.name) > 255:
		return nil, ErrValidationError.With("The ScheduledActionName must be 1 to 255 characters.")
	case a.minSize == nil && a.maxSize == nil && a.want == nil:
		return nil, ErrValidationError.With("At least one of MinSize, MaxSize or DesiredCapacity must be specified.")
	case a.recurrence == "" && a.start.IsZero():
		return nil, ErrValidationError.With("A scheduled action needs a StartTime or a Recurrence.")
	case a.recurrence == "" && !a.end.IsZero():
		return nil, ErrValidationError.With("An EndTime needs a Recurrence.")
	case !a.start.IsZero() && !a.end.IsZero() && !a.end.After(a.start):
		return nil, ErrValidationError.With("Given end time is before the start time")
	case a.zone != "" && a.recurrence == "":
		return nil, ErrValidationError.With("A TimeZone needs a Recurrence.")
	}
	lo, hi, want := -1, -1, -1
	for _, v := range []struct {
		p   *int
		set *int
	}{{a.minSize, &lo}, {a.maxSize, &hi}, {a.want, &want}} {
		if v.p != nil {
			if *v.p < 0 {
				return nil, ErrValidationError.With("The MinSize, MaxSize and DesiredCapacity must not be negative.")
			}
			*v.set = *v.p
		}
	}
	switch {
	case lo >= 0 && hi >= 0 && lo > hi:
		return nil, ErrValidationError.With("The MinSize must be less than or equal to the MaxSize.")
	case want >= 0 && (lo >= 0 && want < lo || hi >= 0 && want > hi):
		return nil, ErrValidationError.With("Desired capacity:%d must be between the specified min size and max size.", want)
	}
	if a.recurrence != "" {
		c, err := cron.Parse(a.recurrence)
		if err != nil {
			return nil, ErrValidationError.With("Given recurrence string is invalid: %s", err)
		}
		a.schedule = c
	}
	if a.zone != "" {
		loc, err := time.LoadLocation(a.zone)
		if err != nil || a.zone == "Local" {
			return nil, ErrValidationError.With("The time zone %q is not a valid IANA time zone.", a.zone)
		}
		a.loc = loc
	}
	return a, nil
}

// firstRun is when the action runs first after it is put at now: its
// StartTime, else its first recurrence; zero if it never runs.
func (a *scheduledAction) firstRun(now time.Time) time.Time {
	if !a.start.IsZero() {
		return a.start
	}
	return a.runAfter(now)
}

// runAfter is the action's next recurrence after t, before its end;
// zero if there is none (or it does not recur).
func (a *scheduledAction) runAfter(t time.Time) time.Time {
	if a.recurrence == "" {
		return time.Time{}
	}
	next := a.schedule.Next(t, a.loc)
	if next.IsZero() || (!a.end.IsZero() && next.After(a.end)) {
		return time.Time{}
	}
	return next.UTC()
}

// armScheduledLocked schedules the action's next run. s.mu must be held.
func (s *Service) armScheduledLocked(g *group, a *scheduledAction) {
	a.timer = s.sched.ScheduleAt(a.next, func() { s.runScheduled(g, a) })
}

// runScheduled runs a scheduled action and schedules its next run, or
// forgets it when it will not run again.
func (s *Service) runScheduled(g *group, a *scheduledAction) {
	s.mu.Lock()
	now := s.sched.Now()
	if g.deleted || !slices.Contains(g.scheduled, a) {
		s.mu.Unlock()
		return
	}
	var fx effects
	if !g.suspendedProcess(ProcessScheduledActions) {
		fx = s.applyScheduledLocked(g, a, now)
	}
	if a.next = a.runAfter(now); a.next.IsZero() {
		g.scheduled = slices.DeleteFunc(g.scheduled, func(x *scheduledAction) bool { return x == a })
	} else {
		s.armScheduledLocked(g, a)
	}
	s.mu.Unlock()
	fx.run()
}

// applyScheduledLocked sets the sizes an action gives the group: a
// desired capacity it does not set is moved inside the new bounds. A run
// that would leave MinSize above MaxSize fails, as a failed activity.
// s.mu must be held.
func (s *Service) applyScheduledLocked(g *group, a *scheduledAction, now time.Time) effects {
	lo, hi, want := g.min, g.max, g.desired
	if a.minSize != nil {
		lo = *a.minSize
	}
	if a.maxSize != nil {
		hi = *a.maxSize
	}
	if a.want != nil {
		want = *a.want
	}
	if lo > hi {
		act := s.addActivityLocked(g, now, "Updating the AutoScalingGroup constraints.", fmt.Sprintf("At %s scheduled action %s ran.", formatTime(now), a.name), activityFailed)
		act.StatusMessage = fmt.Sprintf("The scheduled action would set MinSize %d above MaxSize %d.", lo, hi)
		return nil
	}
	want = min(max(want, lo), hi)
	if want != g.desired {
		g.cause = fmt.Sprintf("At %s a scheduled action update of AutoScalingGroup constraints to min: %d, max: %d, desired: %d changing the desired capacity from %d to %d.", formatTime(now), lo, hi, want, g.desired, want)
	}
	g.min, g.max, g.desired = lo, hi, want
	return s.reconcileLocked(g, now)
}

// DescribeScheduledActionsInput is the input of
// [Service.DescribeScheduledActions].
type DescribeScheduledActionsInput struct {
	// AutoScalingGroupName, when set, is the group whose actions to
	// describe; otherwise every group's are.
	AutoScalingGroupName string
	// ScheduledActionNames, when given, are the actions to describe.
	ScheduledActionNames []string
	// StartTime and EndTime, when set, keep the actions whose next run
	// is at or after StartTime and at or before EndTime.
	StartTime, EndTime time.Time
}

// DescribeScheduledActionsOutput is the output of
// [Service.DescribeScheduledActions].
type DescribeScheduledActionsOutput struct {
	ScheduledUpdateGroupActions []ScheduledAction
}

// DescribeScheduledActions describes the scheduled actions that have not
// finished (a one-time action is gone once it has run), by group and in
// the order they were put.
//
// Errors: ErrValidationError for a group that does not exist.
func (s *Service) DescribeScheduledActions(ctx context.Context, in *DescribeScheduledActionsInput) (*DescribeScheduledActionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	groups := s.groupList
	if in.AutoScalingGroupName != "" {
		g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
		if err != nil {
			return nil, err
		}
		groups = []*group{g}
	}
	out := &DescribeScheduledActionsOutput{}
	for _, g := range groups {
		for _, a := range g.scheduled {
			switch {
			case len(in.ScheduledActionNames) > 0 && !slices.Contains(in.ScheduledActionNames, a.name):
			case !in.StartTime.IsZero() && a.next.Before(in.StartTime):
			case !in.EndTime.IsZero() && a.next.After(in.EndTime):
			default:
				out.ScheduledUpdateGroupActions = append(out.ScheduledUpdateGroupActions, ScheduledAction{
					AutoScalingGroupName: g.name, ScheduledActionName: a.name, ScheduledActionARN: a.arn,
					StartTime: a.next, EndTime: a.end, Recurrence: a.recurrence, TimeZone: a.zone,
					MinSize: cloneInt(a.minSize), MaxSize: cloneInt(a.maxSize), DesiredCapacity: cloneInt(a.want),
				})
			}
		}
	}
	return out, nil
}

// DeleteScheduledActionInput is the input of
// [Service.DeleteScheduledAction].
type DeleteScheduledActionInput struct {
	AutoScalingGroupName string // Required.
	ScheduledActionName  string // Required.
}

// DeleteScheduledActionOutput is the output of
// [Service.DeleteScheduledAction].
type DeleteScheduledActionOutput struct{}

// DeleteScheduledAction deletes a scheduled action: it does not run
// again.
//
// Errors: ErrValidationError (a group or action that does not exist).
func (s *Service) DeleteScheduledAction(ctx context.Context, in *DeleteScheduledActionInput) (*DeleteScheduledActionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	k := slices.IndexFunc(g.scheduled, func(x *scheduledAction) bool { return x.name == in.ScheduledActionName })
	if k < 0 {
		return nil, ErrValidationError.With("Scheduled Update Group Action name not found - Could not find scheduled update group action with name %s", in.ScheduledActionName)
	}
	g.scheduled[k].timer.Cancel()
	g.scheduled = slices.Delete(g.scheduled, k, k+1)
	return &DeleteScheduledActionOutput{}, nil
}
