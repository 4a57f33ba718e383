package autoscaling

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Purchase options of an instance: its EC2 InstanceLifecycle.
const (
	LifecycleOnDemand = "on-demand"
	LifecycleSpot     = "spot"
)

// Spot allocation strategies: how a mixed instances group picks the
// instance type of a Spot instance among its overrides.
const (
	// SpotLowestPrice (the API's default) picks the type of the lowest
	// Spot price that has Spot capacity (see FaultSpotCapacityShortage).
	SpotLowestPrice = "lowest-price"
	// SpotCapacityOptimized and SpotPriceCapacityOptimized pick, in the
	// simulator, as SpotLowestPrice does: its pools have capacity or
	// none, and none is deeper than another.
	SpotCapacityOptimized      = "capacity-optimized"
	SpotPriceCapacityOptimized = "price-capacity-optimized"
)

// SpotNotice is how long before EC2 takes a Spot instance back it gives
// its interruption notice.
const SpotNotice = 2 * time.Minute

// maxOverrides is the most instance type overrides a mixed instances
// policy has.
const maxOverrides = 40

// MixedInstancesPolicy makes a group launch On-Demand and Spot
// instances, of several types.
type MixedInstancesPolicy struct {
	LaunchTemplate        MixedLaunchTemplate
	InstancesDistribution InstancesDistribution
}

// MixedLaunchTemplate is the launch template of a mixed instances group
// and the instance types that may replace the template's, in priority
// order.
type MixedLaunchTemplate struct {
	LaunchTemplateSpecification LaunchTemplateSpecification
	Overrides                   []LaunchTemplateOverrides
}

// LaunchTemplateOverrides is an instance type a mixed instances group may
// launch.
type LaunchTemplateOverrides struct {
	InstanceType string
}

// InstancesDistribution splits a group's capacity between On-Demand and
// Spot instances.
type InstancesDistribution struct {
	// OnDemandBaseCapacity is how many of the first instances are
	// On-Demand.
	OnDemandBaseCapacity int
	// OnDemandPercentageAboveBaseCapacity is the On-Demand share of the
	// capacity above the base, 0 to 100; nil means 100.
	OnDemandPercentageAboveBaseCapacity *int
	// SpotAllocationStrategy is one of the Spot… strategies; empty means
	// SpotLowestPrice.
	SpotAllocationStrategy string
}

// checkMixed checks a mixed instances policy and returns a copy.
func checkMixed(m *MixedInstancesPolicy) (*MixedInstancesPolicy, error) {
	c := *m
	c.LaunchTemplate.Overrides = slices.Clone(m.LaunchTemplate.Overrides)
	d := &c.InstancesDistribution
	if d.OnDemandPercentageAboveBaseCapacity == nil {
		d.OnDemandPercentageAboveBaseCapacity = Int(100)
	} else {
		d.OnDemandPercentageAboveBaseCapacity = Int(*d.OnDemandPercentageAboveBaseCapacity)
	}
	if d.SpotAllocationStrategy == "" {
		d.SpotAllocationStrategy = SpotLowestPrice
	}
	switch {
	case d.OnDemandBaseCapacity < 0:
		return nil, ErrValidationError.With("OnDemandBaseCapacity must not be negative.")
	case *d.OnDemandPercentageAboveBaseCapacity < 0 || *d.OnDemandPercentageAboveBaseCapacity > 100:
		return nil, ErrValidationError.With("OnDemandPercentageAboveBaseCapacity must be from 0 to 100.")
	case !slices.Contains([]string{SpotLowestPrice, SpotCapacityOptimized, SpotPriceCapacityOptimized}, d.SpotAllocationStrategy):
		return nil, ErrValidationError.With("SpotAllocationStrategy %q is not supported.", d.SpotAllocationStrategy)
	case len(c.LaunchTemplate.Overrides) > maxOverrides:
		return nil, ErrValidationError.With("A mixed instances policy has at most %d overrides.", maxOverrides)
	}
	for _, o := range c.LaunchTemplate.Overrides {
		if _, ok := instanceTypes[o.InstanceType]; !ok {
			return nil, ErrValidationError.With("The instance type %q of an override is not one the simulator knows; see autoscaling.InstanceTypes.", o.InstanceType)
		}
	}
	return &c, nil
}

// onDemandWant is how many of n instances the distribution makes
// On-Demand: the base, then the percentage of the rest, rounded up.
func (d InstancesDistribution) onDemandWant(n int) int {
	base := min(n, d.OnDemandBaseCapacity)
	above := n - base
	return base + int(math.Ceil(float64(above)*float64(*d.OnDemandPercentageAboveBaseCapacity)/100))
}

// purchase returns the purchase option of g's next instance and the
// instance types it may have, in the order it tries them: On-Demand until
// the distribution's On-Demand share is met, of the first override;
// then Spot, of the overrides from the lowest Spot price up (the first
// of them on a tie), so that a Spot launch finds capacity in the next
// pool when a pool has none. Without a mixed instances policy it is
// On-Demand of the template's type.
func (g *group) purchase(templateType string) (lifecycle string, types []InstanceType) {
	if g.mixed == nil {
		return LifecycleOnDemand, []InstanceType{instanceTypes[templateType]}
	}
	overrides := g.mixed.LaunchTemplate.Overrides
	onDemand, n := 0, 0
	for _, i := range g.instances {
		if i.counts() {
			n++
			if !i.spot {
				onDemand++
			}
		}
	}
	if onDemand < g.mixed.InstancesDistribution.onDemandWant(n+1) {
		if len(overrides) == 0 {
			return LifecycleOnDemand, []InstanceType{instanceTypes[templateType]}
		}
		return LifecycleOnDemand, []InstanceType{instanceTypes[overrides[0].InstanceType]}
	}
	if len(overrides) == 0 {
		return LifecycleSpot, []InstanceType{instanceTypes[templateType]}
	}
	types = make([]InstanceType, len(overrides))
	for k, o := range overrides {
		types[k] = instanceTypes[o.InstanceType]
	}
	slices.SortStableFunc(types, func(a, b InstanceType) int { return cmp.Compare(a.SpotPrice, b.SpotPrice) })
	return LifecycleSpot, types
}

// overAllocated keeps, of cands, the instances of the purchase option a
// mixed instances group has more of than its distribution wants once one
// more instance is gone, besides those already chosen: the first step of
// the Default and AllocationStrategy termination policies.
func (g *group) overAllocated(cands []*instance, chosen map[*instance]bool) []*instance {
	if g.mixed == nil {
		return cands
	}
	onDemand, n := 0, 0
	for _, i := range g.instances {
		if i.counts() && !chosen[i] {
			n++
			if !i.spot {
				onDemand++
			}
		}
	}
	// Spot goes unless On-Demand is over what the distribution wants.
	spot := onDemand <= g.mixed.InstancesDistribution.onDemandWant(n-1)
	var out []*instance
	for _, i := range cands {
		if i.spot == spot {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// SpotInterruption is a Spot instance EC2 took back.
type SpotInterruption struct {
	InstanceId           string
	AutoScalingGroupName string
	// NoticeTime is when the two-minute notice came, and TerminateTime
	// when EC2 took the instance: SpotNotice later.
	NoticeTime, TerminateTime time.Time
}

// scheduleInterruptionLocked draws when EC2 takes a new Spot instance
// back, if the service has a mean time to interruption. s.mu must be
// held.
func (s *Service) scheduleInterruptionLocked(i *instance, now time.Time) {
	if s.spotMean <= 0 {
		return
	}
	after := time.Duration(s.rng.ExpFloat64() * float64(s.spotMean)).Truncate(time.Second)
	i.interrupt = s.sched.ScheduleAt(now.Add(after), func() { s.InterruptSpotInstance(i.id) })
}

// InterruptSpotInstance gives a Spot instance EC2's two-minute
// interruption notice, as EC2 does when it needs the capacity back: a
// group with CapacityRebalance begins to terminate it at once (draining
// for what is left of the two minutes) and launches its replacement;
// otherwise it runs until EC2 takes it, SpotNotice later, and the group
// replaces it at its next health check. It is not an AWS operation; with
// [WithSpotInterruptions] the service draws interruptions itself. It
// reports false for an instance that is not a running Spot instance of a
// group, or has had its notice.
func (s *Service) InterruptSpotInstance(instanceID string) bool {
	s.mu.Lock()
	now := s.sched.Now()
	i := s.instances[instanceID]
	if i == nil || !i.spot || !i.noticed.IsZero() {
		s.mu.Unlock()
		return false
	}
	fx := s.interruptLocked(i, now)
	s.mu.Unlock()
	fx.run()
	return true
}

// interruptLocked gives a Spot instance that has had no notice yet its
// two-minute interruption notice. s.mu must be held.
func (s *Service) interruptLocked(i *instance, now time.Time) effects {
	i.noticed = now
	i.interrupt.Cancel()
	s.interruptions = append(s.interruptions, SpotInterruption{InstanceId: i.id, AutoScalingGroupName: i.g.name, NoticeTime: now, TerminateTime: now.Add(SpotNotice)})
	s.sched.ScheduleAt(now.Add(SpotNotice), func() { s.reclaim(i) })
	var fx effects
	if i.g.capacityRebalance && (i.counts() || i.atRisk && !i.terminating()) {
		i.cause = fmt.Sprintf("At %s an instance was taken out of service in response to an EC2 instance rebalance recommendation.", formatTime(now))
		fx = s.terminateLocked(i, now, nil)
		fx = append(fx, s.reconcileLocked(i.g, now)...)
	}
	return fx
}

// reclaim is EC2 taking an interrupted Spot instance back: it stops at
// once, terminating or not; a group that had not begun to terminate it
// finds it gone at its next health check.
func (s *Service) reclaim(i *instance) {
	s.mu.Lock()
	now := s.sched.Now()
	var fx effects
	switch {
	case i.state == StateTerminated:
	case i.state == StateDetached:
		fx = s.finishLocked(i, now, fx)
	case i.terminating():
		i.drain.Cancel()
		fx = s.cancelWaitsLocked(i, fx)
		fx = s.finishLocked(i, now, fx)
	default:
		i.gone = true
		i.health = HealthUnhealthy
		i.unhealthy = fmt.Sprintf("At %s an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.", formatTime(now))
		if w := i.worker; w != nil {
			i.worker = nil
			fx = append(fx, w.Stop)
		}
		fx = s.removeBackendLocked(i, fx)
	}
	s.mu.Unlock()
	fx.run()
}

// Interruptions returns the Spot interruptions so far, in the order their
// notices came.
func (i *Inspector) Interruptions() []SpotInterruption {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	return slices.Clone(i.s.interruptions)
}
