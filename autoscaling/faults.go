package autoscaling

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
)

// Faults that an Auto Scaling group injects from its account's fault plan
// ([cloud.Account.SetFaultPlan]); see the package documentation, Faults.
const (
	// FaultInstanceImpaired is an instance's EC2 status checks starting
	// to fail, as when the hardware or network of its host fails, with
	// what [Service.ImpairInstance] does: the group marks it unhealthy at
	// its first health check past the grace period, and replaces it. The
	// opportunity is each instance in service at each health check of
	// its group (every [HealthCheckInterval]); the rule's Resource is the
	// group's name, and the event log names the instance.
	FaultInstanceImpaired = "autoscaling:InstanceImpaired"

	// FaultZoneOutage is [cloud.FaultZoneOutage], an Availability Zone
	// gone dark, as Auto Scaling meets it: the group's instances there
	// are impaired at its health checks and replaced, its launches there
	// fail with EC2's InsufficientInstanceCapacity message, and it
	// launches in its other zones instead; once the zone is back,
	// AZRebalance moves instances back into it. The rule's Resource is
	// the zone; the group looks at each of its zones at each launch and
	// at each instance's zone at each health check.
	FaultZoneOutage = cloud.FaultZoneOutage

	// FaultSpotCapacityShortage is EC2 running out of Spot capacity of an
	// instance type, a lasting fault ([cloud.Account.LastingFault]): a
	// Spot launch of a mixed instances group skips the types without
	// capacity, in the order its allocation strategy tries them, and
	// fails, with EC2's InsufficientInstanceCapacity message, when none
	// has any; On-Demand launches are not affected. The rule's Resource
	// is the instance type ("c5.large"); the opportunity is each type a
	// Spot launch tries.
	FaultSpotCapacityShortage = "autoscaling:SpotCapacityShortage"

	// FaultSpotRebalanceRecommendation is EC2's rebalance recommendation
	// for a Spot instance, the signal that it is at elevated risk of
	// interruption, which may come before the two-minute notice. A group
	// with CapacityRebalance launches a replacement at once, the at-risk
	// instance serving meanwhile (the group may go a tenth, at least one,
	// above MaxSize for it, and ignores the recommendation beyond), and
	// terminates the at-risk instance once every instance it counts is
	// in service; a group without it does nothing. The opportunity is
	// each Spot instance in service at each health check of its group;
	// the rule's Resource is the group's name, and the event log names
	// the instance.
	FaultSpotRebalanceRecommendation = "autoscaling:SpotRebalanceRecommendation"

	// FaultSpotInterruption is EC2 taking a Spot instance back, with what
	// [Service.InterruptSpotInstance] does: the two-minute notice, then
	// the instance is gone. The opportunity is each Spot instance in
	// service at each health check of its group; the rule's Resource is
	// the group's name, and the event log names the instance.
	FaultSpotInterruption = "autoscaling:SpotInterruption"
)

// darkLocked reports whether zone is dark by the account's fault plan,
// for an opportunity about id. s.mu must be held.
func (s *Service) darkLocked(zone, id string) bool {
	return s.account.LastingFault(FaultZoneOutage, zone, id) != nil
}

// capacityLocked returns the first of the instance types a launch of
// lifecycle may have that EC2 has capacity of: any type for On-Demand,
// one without a Spot capacity shortage for Spot. It reports false when
// no type has Spot capacity. s.mu must be held.
func (s *Service) capacityLocked(g *group, lifecycle string, types []InstanceType) (InstanceType, bool) {
	if lifecycle != LifecycleSpot {
		return types[0], true
	}
	for _, t := range types {
		if s.account.LastingFault(FaultSpotCapacityShortage, t.Name, g.name) == nil {
			return t, true
		}
	}
	return InstanceType{}, false
}

// launchZoneLocked returns the zone g launches its next instance of typ
// in: the zone with the fewest instances, as Auto Scaling balances
// them, of those that are not dark. Each dark zone with fewer instances
// is tried first and is a failed launch activity, with EC2's
// InsufficientInstanceCapacity message naming the zones that are up,
// as AWS tries the sparsest zone and then the others. With every zone
// dark it returns "" after one failed activity. s.mu must be held.
func (s *Service) launchZoneLocked(g *group, typ InstanceType, now time.Time, cause string, fx effects) (string, effects) {
	var up []string
	for _, z := range g.zones {
		if !s.darkLocked(z, g.name) {
			up = append(up, z)
		}
	}
	for _, z := range g.zonesBySparsity() {
		if slices.Contains(up, z) {
			return z, fx
		}
		fx = s.failLaunchLocked(g, now, cause, z, capacityMessage(typ.Name, z, up), fx)
		if len(up) == 0 {
			break
		}
	}
	return "", fx
}

// capacityMessage is the status message of a launch into zone that has
// no capacity of typ, naming the zones that have.
func capacityMessage(typ, zone string, up []string) string {
	msg := fmt.Sprintf("We currently do not have sufficient %s capacity in the Availability Zone you requested (%s). Our system will be working on provisioning additional capacity.", typ, zone)
	if len(up) > 0 {
		msg += fmt.Sprintf(" You can currently get %s capacity by not specifying an Availability Zone in your request or choosing %s.", typ, strings.Join(up, ", "))
	}
	return msg + " Launching EC2 instance failed."
}

// faultsAtCheckLocked draws the faults of the plan whose opportunity is a
// health check of g: instances in service that start failing their
// status checks, or stand in a dark zone, are impaired; Spot instances
// get rebalance recommendations, on which capacity rebalancing acts,
// and EC2 takes others back with their notice. At-risk instances whose
// replacements are ready terminate, plan or no plan. s.mu must be held.
func (s *Service) faultsAtCheckLocked(g *group, now time.Time) effects {
	var fx effects
	if s.account.HasFaultPlan() {
		var recommended, interrupted []*instance
		for _, i := range g.instances {
			if i.state != StateInService {
				continue
			}
			if !i.impaired && (s.account.Fault(FaultInstanceImpaired, g.name, i.id) != nil || s.darkLocked(i.zone, i.id)) {
				i.impaired = true
			}
			if !i.spot || !i.noticed.IsZero() {
				continue
			}
			if !i.atRisk && s.account.Fault(FaultSpotRebalanceRecommendation, g.name, i.id) != nil {
				recommended = append(recommended, i)
			}
			if s.account.Fault(FaultSpotInterruption, g.name, i.id) != nil {
				interrupted = append(interrupted, i)
			}
		}
		for _, i := range recommended {
			fx = append(fx, s.recommendLocked(i, now)...)
		}
		for _, i := range interrupted { // the notice may terminate it: not while walking g.instances
			fx = append(fx, s.interruptLocked(i, now)...)
		}
	}
	return append(fx, s.retireAtRiskLocked(g, now)...)
}

// recommendLocked is a rebalance recommendation for a Spot instance in
// service: with capacity rebalancing, and room for one more instance
// within a tenth (at least one) above MaxSize, the instance stops
// counting toward the group's capacity and its replacement launches.
// s.mu must be held.
func (s *Service) recommendLocked(i *instance, now time.Time) effects {
	g := i.g
	if !g.capacityRebalance || i.retiring || g.suspendedProcess(ProcessLaunch) {
		return nil
	}
	running := 0
	for _, o := range g.instances {
		if o.counts() || o.atRisk && !o.terminating() {
			running++
		}
	}
	if running+1 > g.max+max(1, g.max/10) {
		return nil
	}
	i.atRisk, i.retiring = true, true
	return s.reconcileLocked(g, now)
}

// retireAtRiskLocked terminates the at-risk instances of g, once every
// instance it counts is in service: their replacements are ready. s.mu
// must be held.
func (s *Service) retireAtRiskLocked(g *group, now time.Time) effects {
	var risky []*instance
	for _, i := range g.instances {
		if i.atRisk && !i.terminating() {
			risky = append(risky, i)
		}
	}
	if len(risky) == 0 || g.capacity() < g.desired || g.suspendedProcess(ProcessTerminate) {
		return nil
	}
	for _, i := range g.instances {
		if i.counts() && i.state != StateInService {
			return nil // a replacement is still launching
		}
	}
	var fx effects
	for _, i := range risky {
		i.cause = fmt.Sprintf("At %s an instance was taken out of service in response to an EC2 instance rebalance recommendation.", formatTime(now))
		fx = s.terminateLocked(i, now, fx)
	}
	return fx
}
