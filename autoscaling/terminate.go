package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Termination policies: how scale-in chooses among the unprotected
// instances of the zone it terminates in.
const (
	// TerminationDefault: in a mixed instances group, the purchase option
	// over its share first; then instances of an older launch template
	// version (or of another template), then the ones closest to their
	// next billing hour, then at random.
	TerminationDefault = "Default"
	// TerminationOldestInstance: the oldest instances first.
	TerminationOldestInstance = "OldestInstance"
	// TerminationNewestInstance: the newest instances first.
	TerminationNewestInstance = "NewestInstance"
	// TerminationOldestLaunchTemplate: instances of another template
	// first, then of the oldest version of the group's template.
	TerminationOldestLaunchTemplate = "OldestLaunchTemplate"
	// TerminationClosestToNextInstanceHour: the instances closest to
	// their next billing hour first.
	TerminationClosestToNextInstanceHour = "ClosestToNextInstanceHour"
	// TerminationAllocationStrategy: in a mixed instances group, the
	// purchase option (On-Demand or Spot) the group has more of than its
	// distribution wants.
	TerminationAllocationStrategy = "AllocationStrategy"
)

func checkTerminationPolicies(ps []string) ([]string, error) {
	if len(ps) == 0 {
		return []string{TerminationDefault}, nil
	}
	for _, p := range ps {
		switch p {
		case TerminationDefault, TerminationOldestInstance, TerminationNewestInstance, TerminationOldestLaunchTemplate,
			TerminationClosestToNextInstanceHour, TerminationAllocationStrategy:
		default:
			return nil, ErrValidationError.With("Termination policy %q is not supported.", p)
		}
	}
	return slices.Clone(ps), nil
}

// applyTerminationPolicies chooses one of cands (not empty) by g's
// termination policies in order, each keeping its best instances, and
// at random among those left; chosen are the instances already chosen in
// this scale-in. s.mu must be held.
func (s *Service) applyTerminationPolicies(g *group, cands []*instance, chosen map[*instance]bool, now time.Time) *instance {
	for _, p := range g.termination {
		if len(cands) == 1 {
			break
		}
		switch p {
		case TerminationDefault:
			cands = g.overAllocated(cands, chosen)
			cands = s.oldestTemplate(g, cands)
			cands = keepBest(cands, func(i *instance) float64 { return untilNextHour(i, now) })
		case TerminationOldestInstance:
			cands = keepBest(cands, func(i *instance) float64 { return float64(i.launched.UnixNano()) })
		case TerminationNewestInstance:
			cands = keepBest(cands, func(i *instance) float64 { return -float64(i.launched.UnixNano()) })
		case TerminationOldestLaunchTemplate:
			cands = s.oldestTemplate(g, cands)
		case TerminationClosestToNextInstanceHour:
			cands = keepBest(cands, func(i *instance) float64 { return untilNextHour(i, now) })
		case TerminationAllocationStrategy:
			cands = g.overAllocated(cands, chosen)
		}
	}
	return cands[s.rng.IntN(len(cands))]
}

// oldestTemplate keeps the instances launched from another template than
// g's, or, when there are none, those of the oldest version of it.
func (s *Service) oldestTemplate(g *group, cands []*instance) []*instance {
	return keepBest(cands, func(i *instance) float64 {
		if i.templateID != g.templ.id {
			return -1
		}
		return float64(i.version)
	})
}

// untilNextHour is how long an instance has until its next billing
// hour, in seconds.
func untilNextHour(i *instance, now time.Time) float64 {
	up := now.Sub(i.launched)
	return (time.Hour - up%time.Hour).Seconds()
}

// keepBest returns the instances with the lowest score, in their order.
func keepBest(cands []*instance, score func(*instance) float64) []*instance {
	best := score(cands[0])
	for _, i := range cands[1:] {
		best = min(best, score(i))
	}
	var out []*instance
	for _, i := range cands {
		if score(i) == best {
			out = append(out, i)
		}
	}
	return out
}

// TerminateInstanceInAutoScalingGroupInput is the input of
// [Service.TerminateInstanceInAutoScalingGroup].
type TerminateInstanceInAutoScalingGroupInput struct {
	InstanceId string // Required.
	// ShouldDecrementDesiredCapacity lowers the desired capacity by one;
	// otherwise the group launches a replacement.
	ShouldDecrementDesiredCapacity bool
}

// TerminateInstanceInAutoScalingGroupOutput is the output of
// [Service.TerminateInstanceInAutoScalingGroup].
type TerminateInstanceInAutoScalingGroupOutput struct {
	Activity Activity
}

// TerminateInstanceInAutoScalingGroup terminates an instance of a group,
// protected from scale-in or not, and either lowers the desired capacity
// or launches a replacement.
//
// Errors: ErrValidationError (an instance that is in no group or is
// already terminating, or a decrement below MinSize).
func (s *Service) TerminateInstanceInAutoScalingGroup(ctx context.Context, in *TerminateInstanceInAutoScalingGroupInput) (*TerminateInstanceInAutoScalingGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	i := s.memberLocked(in.InstanceId)
	if i == nil || i.terminating() {
		s.mu.Unlock()
		return nil, ErrValidationError.With("Instance Id not found - No managed instance found for instance ID: %s", in.InstanceId)
	}
	g := i.g
	// An instance that serves only until its replacement is ready (an
	// instance refresh or rebalancing launched ahead) still stands for
	// capacity the user means to give up.
	decrement := in.ShouldDecrementDesiredCapacity && (i.counts() || i.retiring)
	if decrement && g.desired-1 < g.min {
		s.mu.Unlock()
		return nil, ErrValidationError.With("Currently, desiredSize equals minSize (%d). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.", g.min)
	}
	i.cause = fmt.Sprintf("At %s instance %s was taken out of service in response to a user request.", formatTime(now), i.id)
	if decrement {
		i.cause = fmt.Sprintf("At %s instance %s was taken out of service in response to a user request, shrinking the capacity from %d to %d.", formatTime(now), i.id, g.desired, g.desired-1)
		g.desired--
	}
	fx := s.terminateLocked(i, now, nil)
	fx = append(fx, s.reconcileLocked(g, now)...)
	out := &TerminateInstanceInAutoScalingGroupOutput{Activity: *i.end}
	s.mu.Unlock()
	fx.run()
	return out, nil
}

// SetInstanceProtectionInput is the input of
// [Service.SetInstanceProtection].
type SetInstanceProtectionInput struct {
	AutoScalingGroupName string   // Required.
	InstanceIds          []string // Required: 1 to MaxInstanceIDs.
	ProtectedFromScaleIn bool
}

// SetInstanceProtectionOutput is the output of
// [Service.SetInstanceProtection].
type SetInstanceProtectionOutput struct{}

// SetInstanceProtection protects instances from scale-in, or lifts their
// protection. A protected instance is never chosen by scale-in; it is
// still replaced when unhealthy, and terminated on request.
//
// Errors: ErrValidationError (also for a group that does not exist, or
// an instance not in it).
func (s *Service) SetInstanceProtection(ctx context.Context, in *SetInstanceProtectionInput) (*SetInstanceProtectionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.InstanceIds) == 0 || len(in.InstanceIds) > MaxInstanceIDs {
		return nil, ErrValidationError.With("InstanceIds must have 1 to %d instance IDs.", MaxInstanceIDs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	var found []*instance
	for _, id := range in.InstanceIds {
		i := s.memberLocked(id)
		if i == nil || i.g != g {
			return nil, ErrValidationError.With("The instance %s is not part of Auto Scaling group %s.", id, g.name)
		}
		found = append(found, i)
	}
	for _, i := range found {
		i.protected = in.ProtectedFromScaleIn
	}
	return &SetInstanceProtectionOutput{}, nil
}
