package autoscaling

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// rebalancing is an Availability Zone rebalancing in flight: an instance
// of a zone with too many, serving until the instance launched in its
// stead in a zone with too few is in service.
type rebalancing struct {
	old, new *instance
}

// rebalanceLocked moves g toward balanced zones, one instance at a time,
// launching before it terminates: when the zones' instances differ by
// more than one (or an instance is in a zone the group no longer has),
// an instance of the fullest zone stops counting and its replacement
// launches in the sparsest; once that one is in service, the old one
// terminates. Launching ahead may take the group above MaxSize by a
// tenth (at least one). It runs at each health check unless the
// AZRebalance process is suspended, and while no instance refresh is
// active. s.mu must be held.
func (s *Service) rebalanceLocked(g *group, now time.Time) effects {
	if r := g.rebalance; r != nil {
		if r.new.state != StateInService && !r.new.terminating() {
			return nil // still launching
		}
		if g.suspendedProcess(ProcessTerminate) {
			return nil // it stays above the desired capacity until Terminate resumes
		}
		g.rebalance = nil
		if r.old.terminating() {
			return nil
		}
		n := g.capacity()
		r.old.cause = fmt.Sprintf("At %s an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from %d to %d.", formatTime(now), n+1, n)
		return s.terminateLocked(r.old, now, nil)
	}
	if g.suspendedProcess(ProcessAZRebalance) || g.suspendedProcess(ProcessLaunch) || (g.refresh != nil && g.refresh.active()) {
		return nil
	}
	old, sparse := s.imbalanceLocked(g, now)
	if old == nil || g.capacity()+1 > g.max+max(1, g.max/10) {
		return nil
	}
	old.retiring = true
	g.cause = fmt.Sprintf("At %s instances were launched to balance instances in zones %s with other zones resulting in more than desired number of instances in the group.", formatTime(now), sparse)
	before := len(g.instances)
	fx := s.reconcileLocked(g, now)
	if len(g.instances) == before { // the launch failed: try again at the next check
		old.retiring = false
		return fx
	}
	g.rebalance = &rebalancing{old: old, new: g.instances[len(g.instances)-1]}
	return fx
}

// imbalanceLocked returns the instance a rebalancing of g would replace,
// and the zones with the fewest instances it would launch in, or nil
// when g is balanced: every instance is in one of its zones and no two
// zones differ by more than one instance. s.mu must be held.
func (s *Service) imbalanceLocked(g *group, now time.Time) (*instance, string) {
	perZone := make([]int, len(g.zones)) // by index in g.zones
	zoneOf := func(i *instance) int { return slices.Index(g.zones, i.zone) }
	var strays []*instance // in zones the group no longer has
	for _, i := range g.instances {
		if !i.counts() {
			continue
		}
		if z := zoneOf(i); z >= 0 {
			perZone[z]++
		} else if !i.protected {
			strays = append(strays, i)
		}
	}
	// A dark zone (see Faults) takes no part: the group waits for it to
	// come back before it moves instances into it.
	up := make([]bool, len(g.zones))
	fewest, most := -1, -1
	for z, n := range perZone {
		if up[z] = !s.darkLocked(g.zones[z], g.name); up[z] {
			if fewest < 0 || n < fewest {
				fewest = n
			}
			most = max(most, n)
		}
	}
	if fewest < 0 || len(strays) == 0 && most-fewest <= 1 {
		return nil, ""
	}
	var sparse []string
	for z, n := range perZone {
		if up[z] && n == fewest {
			sparse = append(sparse, g.zones[z])
		}
	}
	cands := strays
	if len(cands) == 0 {
		for _, i := range g.instances {
			if z := zoneOf(i); i.counts() && !i.protected && up[z] && perZone[z] == most {
				cands = append(cands, i)
			}
		}
	}
	if len(cands) == 0 {
		return nil, ""
	}
	return s.applyTerminationPolicies(g, cands, nil, now), strings.Join(sparse, " ")
}
