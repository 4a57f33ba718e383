package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// MaxMovedInstances is the most instance IDs that EnterStandby,
// ExitStandby, AttachInstances and DetachInstances take in one call.
const MaxMovedInstances = 20

// EnterStandbyInput is the input of [Service.EnterStandby].
type EnterStandbyInput struct {
	AutoScalingGroupName string   // Required.
	InstanceIds          []string // Required: 1 to MaxMovedInstances, in service.
	// ShouldDecrementDesiredCapacity lowers the desired capacity by the
	// number of instances; otherwise the group launches replacements.
	ShouldDecrementDesiredCapacity bool
}

// EnterStandbyOutput is the output of [Service.EnterStandby].
type EnterStandbyOutput struct {
	Activities []Activity // one per instance, in the order given
}

// EnterStandby takes instances in service out of service without
// terminating them: each leaves its target groups, is EnteringStandby
// while its connections drain, then Standby. A standby instance keeps
// running (its worker too, and it still costs), is not health checked,
// and does not count toward the desired capacity, which either falls by
// as many instances or is made up with new ones.
//
// Errors: ErrValidationError (also for a group that does not exist, an
// instance not in it or not in service, or a decrement below MinSize).
func (s *Service) EnterStandby(ctx context.Context, in *EnterStandbyInput) (*EnterStandbyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, moved, err := s.movedInstancesLocked(in.AutoScalingGroupName, in.InstanceIds, StateInService)
	if err == nil && in.ShouldDecrementDesiredCapacity && g.desired-len(moved) < g.min {
		err = ErrValidationError.With("Moving %d instances to standby would lower the desired capacity of %d below the group's min size of %d.", len(moved), g.desired, g.min)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var fx effects
	out := &EnterStandbyOutput{}
	for _, i := range moved {
		cause := fmt.Sprintf("At %s instance %s was moved to standby in response to a user request.", formatTime(now), i.id)
		if in.ShouldDecrementDesiredCapacity {
			cause = fmt.Sprintf("At %s instance %s was moved to standby in response to a user request, shrinking the capacity from %d to %d.", formatTime(now), i.id, g.desired, g.desired-1)
			g.desired--
		}
		var a Activity
		a, fx = s.moveOutLocked(i, StateEnteringStandby, "Moving EC2 instance to Standby: "+i.id, cause, now, fx, s.standingByLocked)
		out.Activities = append(out.Activities, a)
	}
	fx = append(fx, s.reconcileLocked(g, now)...)
	s.mu.Unlock()
	fx.run()
	return out, nil
}

// moveOutLocked begins to take an instance out of service without
// terminating it: in state, with an activity (i.move) of description and
// cause, it leaves its target groups, and then is called once its
// connections have drained. It returns the activity as it began. s.mu
// must be held.
func (s *Service) moveOutLocked(i *instance, state, description, cause string, now time.Time, fx effects, then func(*instance, time.Time, effects) effects) (Activity, effects) {
	i.state = state
	i.move = s.addActivityLocked(i.g, now, description, cause, activityInProgress)
	i.move.Details = `{"Availability Zone":"` + i.zone + `"}`
	began := *i.move
	return began, s.leaveLoadBalancersLocked(i, now, fx, then)
}

// standingByLocked puts an instance that was entering standby in
// Standby, once its connections have drained. s.mu must be held.
func (s *Service) standingByLocked(i *instance, now time.Time, fx effects) effects {
	i.state = StateStandby
	s.endActivityLocked(i.move, now, activitySuccessful)
	i.move = nil
	return fx
}

// ExitStandbyInput is the input of [Service.ExitStandby].
type ExitStandbyInput struct {
	AutoScalingGroupName string   // Required.
	InstanceIds          []string // Required: 1 to MaxMovedInstances, in Standby.
}

// ExitStandbyOutput is the output of [Service.ExitStandby].
type ExitStandbyOutput struct {
	Activities []Activity // one per instance, in the order given
}

// ExitStandby puts standby instances back in service, raising the
// desired capacity by as many: each is Pending (Pending:Wait while a
// launch lifecycle hook holds it), then InService and registered with
// the group's target groups again. It is not notified as a launch.
//
// Errors: ErrValidationError (also for a group that does not exist, an
// instance not in it or not in Standby, or a desired capacity above
// MaxSize).
func (s *Service) ExitStandby(ctx context.Context, in *ExitStandbyInput) (*ExitStandbyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, moved, err := s.movedInstancesLocked(in.AutoScalingGroupName, in.InstanceIds, StateStandby)
	if err == nil && g.desired+len(moved) > g.max {
		err = ErrValidationError.With("Moving %d instances out of standby would raise the desired capacity of %d above the group's max size of %d.", len(moved), g.desired, g.max)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var fx effects
	out := &ExitStandbyOutput{}
	for _, i := range moved {
		cause := fmt.Sprintf("At %s instance %s was moved out of standby in response to a user request, increasing the capacity from %d to %d.", formatTime(now), i.id, g.desired, g.desired+1)
		g.desired++
		a := s.addActivityLocked(g, now, "Moving EC2 instance out of Standby: "+i.id, cause, activityPreInService)
		i.quiet = true
		fx = s.rejoinLocked(i, a, now, fx)
		out.Activities = append(out.Activities, *a)
	}
	s.mu.Unlock()
	fx.run()
	return out, nil
}

// rejoinLocked puts a running instance of g (back from standby, or
// attached) in service for activity a, through its launch lifecycle
// hooks. s.mu must be held.
func (s *Service) rejoinLocked(i *instance, a *Activity, now time.Time, fx effects) effects {
	a.Details = `{"Availability Zone":"` + i.zone + `"}`
	i.state, i.launch = StatePending, a
	fx = s.awaitLaunchHooksLocked(i, now, fx)
	return s.proceedLocked(i, now, fx)
}

// DetachInstancesInput is the input of [Service.DetachInstances].
type DetachInstancesInput struct {
	AutoScalingGroupName string   // Required.
	InstanceIds          []string // Required: 1 to MaxMovedInstances, in service or in Standby.
	// ShouldDecrementDesiredCapacity lowers the desired capacity by the
	// number of instances in service detached; otherwise the group
	// launches replacements.
	ShouldDecrementDesiredCapacity bool
}

// DetachInstancesOutput is the output of [Service.DetachInstances].
type DetachInstancesOutput struct {
	Activities []Activity // one per instance, in the order given
}

// DetachInstances takes instances out of their group for good, without
// terminating them: each leaves its target groups, is Detaching while its
// connections drain, then leaves the group. A detached instance keeps
// running (its worker too, and it still costs) until it is attached to a
// group again ([Service.AttachInstances]) or EC2 interrupts it.
//
// Errors: ErrValidationError (also for a group that does not exist, an
// instance not in it or neither in service nor in Standby, or a
// decrement below MinSize).
func (s *Service) DetachInstances(ctx context.Context, in *DetachInstancesInput) (*DetachInstancesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, moved, err := s.movedInstancesLocked(in.AutoScalingGroupName, in.InstanceIds, StateInService, StateStandby)
	counted := 0
	for _, i := range moved {
		if i.counts() {
			counted++
		}
	}
	if err == nil && in.ShouldDecrementDesiredCapacity && g.desired-counted < g.min {
		err = ErrValidationError.With("Detaching %d instances would lower the desired capacity of %d below the group's min size of %d.", counted, g.desired, g.min)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var fx effects
	out := &DetachInstancesOutput{}
	for _, i := range moved {
		cause := fmt.Sprintf("At %s instance %s was detached in response to a user request.", formatTime(now), i.id)
		if in.ShouldDecrementDesiredCapacity && i.counts() {
			cause = fmt.Sprintf("At %s instance %s was detached in response to a user request, shrinking the capacity from %d to %d.", formatTime(now), i.id, g.desired, g.desired-1)
			g.desired--
		}
		var a Activity
		a, fx = s.moveOutLocked(i, StateDetaching, "Detaching EC2 instance: "+i.id, cause, now, fx, s.detachedLocked)
		out.Activities = append(out.Activities, a)
	}
	fx = append(fx, s.reconcileLocked(g, now)...)
	s.mu.Unlock()
	fx.run()
	return out, nil
}

// detachedLocked takes an instance that was detaching out of its group,
// once its connections have drained. s.mu must be held.
func (s *Service) detachedLocked(i *instance, now time.Time, fx effects) effects {
	g := i.g
	s.endActivityLocked(i.move, now, activitySuccessful)
	i.move = nil
	g.instances = slices.DeleteFunc(g.instances, func(x *instance) bool { return x == i })
	i.state = StateDetached
	s.detached = append(s.detached, i)
	s.removeGroupIfDoneLocked(g)
	if i.gone { // EC2 took it back while it drained
		return s.finishLocked(i, now, fx)
	}
	return fx
}

// AttachInstancesInput is the input of [Service.AttachInstances].
type AttachInstancesInput struct {
	AutoScalingGroupName string   // Required.
	InstanceIds          []string // Required: 1 to MaxMovedInstances detached instances.
}

// AttachInstancesOutput is the output of [Service.AttachInstances].
type AttachInstancesOutput struct{}

// AttachInstances makes running instances that are in no group (those
// detached from one: the simulator has no EC2 RunInstances) part of a
// group, raising its desired capacity by as many: each is Pending
// (Pending:Wait while a launch lifecycle hook holds it), then InService
// and registered with the group's target groups, and notified as a
// launch.
//
// Errors: ErrValidationError (also for a group that does not exist, an
// instance that is not a detached one, one in a zone that is not the
// group's, or a desired capacity above MaxSize).
func (s *Service) AttachInstances(ctx context.Context, in *AttachInstancesInput) (*AttachInstancesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkMovedCount(in.InstanceIds); err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	var attached []*instance
	for k := 0; err == nil && k < len(in.InstanceIds); k++ {
		id := in.InstanceIds[k]
		i := s.instances[id]
		switch {
		case i == nil:
			err = ErrValidationError.With("Invalid instance ID(s): %s.", id)
		case i.state != StateDetached:
			err = ErrValidationError.With("The instance %s is already part of an Auto Scaling group.", id)
		case !slices.Contains(g.zones, i.zone):
			err = ErrValidationError.With("The instance %s is in %s, which is not an Availability Zone of Auto Scaling group %s.", id, i.zone, g.name)
		case slices.Contains(attached, i):
			err = ErrValidationError.With("The instance %s is given more than once.", id)
		}
		attached = append(attached, i)
	}
	if err == nil && g.desired+len(attached) > g.max {
		err = ErrValidationError.With("Attaching %d instances would raise the desired capacity of %d above the group's max size of %d.", len(attached), g.desired, g.max)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var fx effects
	for _, i := range attached {
		s.detached = slices.DeleteFunc(s.detached, func(x *instance) bool { return x == i })
		i.g = g
		g.instances = append(g.instances, i)
		g.desired++
		cause := fmt.Sprintf("At %s an instance was added in response to user request. Keeping the capacity at the new %d.", formatTime(now), g.desired)
		a := s.addActivityLocked(g, now, "Attaching an existing EC2 instance: "+i.id, cause, activityInProgress)
		fx = s.rejoinLocked(i, a, now, fx)
	}
	s.mu.Unlock()
	fx.run()
	return &AttachInstancesOutput{}, nil
}

// movedInstancesLocked looks up the group named name and the instances
// of it that ids name, each in one of states, for a call that moves
// them. s.mu must be held.
func (s *Service) movedInstancesLocked(name string, ids []string, states ...string) (*group, []*instance, error) {
	if err := checkMovedCount(ids); err != nil {
		return nil, nil, err
	}
	g, err := s.lookupGroupLocked(name)
	if err != nil {
		return nil, nil, err
	}
	var moved []*instance
	for _, id := range ids {
		i := s.instances[id]
		switch {
		case i == nil || i.g != g || i.state == StateDetached:
			return nil, nil, ErrValidationError.With("The instance %s is not part of Auto Scaling group %s.", id, g.name)
		case !slices.Contains(states, i.state):
			return nil, nil, ErrValidationError.With("The instance %s is %s, not %s.", id, i.state, strings.Join(states, " or "))
		case slices.Contains(moved, i):
			return nil, nil, ErrValidationError.With("The instance %s is given more than once.", id)
		}
		moved = append(moved, i)
	}
	return g, moved, nil
}

// checkMovedCount checks the number of instance IDs of a call that moves
// instances.
func checkMovedCount(ids []string) error {
	if len(ids) == 0 || len(ids) > MaxMovedInstances {
		return ErrValidationError.With("InstanceIds must have 1 to %d instance IDs.", MaxMovedInstances)
	}
	return nil
}
