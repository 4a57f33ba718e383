package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// scheduleChecksLocked schedules the group's next health check,
// HealthCheckInterval from now. s.mu must be held.
func (s *Service) scheduleChecksLocked(g *group, now time.Time) {
	g.checks = s.sched.ScheduleAt(now.Add(HealthCheckInterval), func() { s.runChecks(g) })
}

// runChecks is a health check of a group's instances: instances in
// service past the grace period that EC2 finds impaired, or (for
// HealthCheckType ELB) that a target group finds unhealthy, are marked
// unhealthy, and unhealthy instances are replaced at the pace AWS
// replaces them.
func (s *Service) runChecks(g *group) {
	s.mu.Lock()
	if g.deleted {
		s.mu.Unlock()
		return
	}
	var sources []trafficSource
	if g.healthType == HealthCheckELB && s.elb != nil && !g.suspendedProcess(ProcessHealthCheck) {
		sources = slices.Clone(g.sources)
	}
	s.mu.Unlock()

	unhealthy := map[string]bool{}
	for _, src := range sources {
		s.unhealthyIn(src, unhealthy)
	}

	s.mu.Lock()
	now := s.sched.Now()
	if g.deleted {
		s.mu.Unlock()
		return
	}
	checking := !g.suspendedProcess(ProcessHealthCheck)
	fx := s.faultsAtCheckLocked(g, now)
	for _, i := range g.instances {
		if i.state != StateInService || i.unhealthy != "" || now.Sub(i.inService) < g.grace {
			continue
		}
		switch {
		case i.health == HealthUnhealthy: // set by SetInstanceHealth in its grace period
			s.markUnhealthyLocked(i, fmt.Sprintf("At %s an instance was taken out of service in response to a user health-check.", formatTime(now)))
		case checking && i.impaired:
			s.markUnhealthyLocked(i, fmt.Sprintf("At %s an instance was taken out of service in response to an EC2 instance status checks failure.", formatTime(now)))
		case checking && unhealthy[i.id]:
			s.markUnhealthyLocked(i, fmt.Sprintf("At %s an instance was taken out of service in response to an ELB system health check failure.", formatTime(now)))
		case g.maxLifetime > 0 && now.Sub(i.launched) >= g.maxLifetime:
			i.unhealthy = fmt.Sprintf("At %s an instance was taken out of service in response to a maximum instance lifetime policy.", formatTime(now))
		}
	}
	fx = append(fx, s.replaceLocked(g, now)...)
	fx = append(fx, s.rebalanceLocked(g, now)...)
	fx = append(fx, s.refreshStepLocked(g, now)...)
	s.scheduleChecksLocked(g, now)
	s.mu.Unlock()
	fx.run()
}

// markUnhealthyLocked marks an instance unhealthy, for the reason the
// cause of its termination gives. s.mu must be held.
func (s *Service) markUnhealthyLocked(i *instance, cause string) {
	i.health = HealthUnhealthy
	i.unhealthy = cause
}

// replaceLocked terminates instances due for replacement (unhealthy, or
// past the group's MaxInstanceLifetime), at most a tenth of the desired
// capacity (at least one) replacing at once, and launches their
// replacements. s.mu must be held.
func (s *Service) replaceLocked(g *group, now time.Time) effects {
	if g.suspendedProcess(ProcessReplaceUnhealthy) {
		return nil
	}
	budget := max(1, g.desired/10)
	for _, i := range g.instances {
		if i.terminating() && i.unhealthy != "" {
			budget--
		}
	}
	var fx effects
	if slices.ContainsFunc(g.instances, func(i *instance) bool { return !i.terminating() && (i.gone || i.unhealthy != "") }) {
		// Terminating an instance that need not drain removes it from
		// g.instances at once: walk a copy.
		instances := slices.Clone(g.instances)
		for _, i := range instances { // instances that are not running go at once
			if !i.terminating() && i.gone {
				i.cause = i.unhealthy
				fx = s.terminateLocked(i, now, fx)
			}
		}
		for _, i := range instances {
			if budget <= 0 {
				break
			}
			if i.state == StateInService && i.unhealthy != "" && !i.gone {
				i.cause = i.unhealthy
				fx = s.terminateLocked(i, now, fx)
				budget--
			}
		}
	}
	if len(fx) > 0 || g.capacity() < g.desired {
		fx = append(fx, s.reconcileLocked(g, now)...)
	}
	return fx
}

// SetInstanceHealthInput is the input of [Service.SetInstanceHealth].
type SetInstanceHealthInput struct {
	InstanceId string // Required.
	// HealthStatus is HealthHealthy or HealthUnhealthy. Required.
	HealthStatus string
	// ShouldRespectGracePeriod, true unless set, leaves an instance in
	// its grace period unreplaced until the grace period ends.
	ShouldRespectGracePeriod *bool
}

// SetInstanceHealthOutput is the output of [Service.SetInstanceHealth].
type SetInstanceHealthOutput struct{}

// SetInstanceHealth sets the health of an instance. An instance in
// service set unhealthy is replaced at once (after its grace period if
// ShouldRespectGracePeriod), within the pace of replacements.
//
// Errors: ErrValidationError (an instance in no group, a bad status).
func (s *Service) SetInstanceHealth(ctx context.Context, in *SetInstanceHealthInput) (*SetInstanceHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.HealthStatus != HealthHealthy && in.HealthStatus != HealthUnhealthy {
		return nil, ErrValidationError.With("The HealthStatus %q is not Healthy or Unhealthy.", in.HealthStatus)
	}
	respect := in.ShouldRespectGracePeriod == nil || *in.ShouldRespectGracePeriod
	s.mu.Lock()
	now := s.sched.Now()
	i := s.memberLocked(in.InstanceId)
	if i == nil {
		s.mu.Unlock()
		return nil, ErrValidationError.With("Instance Id not found - No managed instance found for instance ID: %s", in.InstanceId)
	}
	var fx effects
	switch {
	case in.HealthStatus == HealthHealthy:
		i.health, i.unhealthy = HealthHealthy, ""
	case respect && (i.state != StateInService || now.Sub(i.inService) < i.g.grace):
		i.health = HealthUnhealthy // replaced by the first health check after its grace period
	default:
		s.markUnhealthyLocked(i, fmt.Sprintf("At %s an instance was taken out of service in response to a user health-check.", formatTime(now)))
		fx = s.replaceLocked(i.g, now)
	}
	s.mu.Unlock()
	fx.run()
	return &SetInstanceHealthOutput{}, nil
}

// ImpairInstance makes an instance's EC2 status checks fail from now on,
// as a hardware or network failure of its host would: the group marks
// it unhealthy at its first health check after the grace period, and
// replaces it. It is not an AWS operation. It reports false for an
// instance in no group.
func (s *Service) ImpairInstance(instanceID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.memberLocked(instanceID)
	if i == nil {
		return false
	}
	i.impaired = true
	return true
}
