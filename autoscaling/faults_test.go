package autoscaling_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/golden"
)

// A rule of the account's fault plan impairs instances at the group's
// health checks: the instance it fires on is replaced as an instance
// whose EC2 status checks fail, with AWS's cause, and the fault is in the
// account's event log with the rule and the instance.
func TestInstanceImpairedFaultReplacesTheInstance(t *testing.T) {
	w := newWorld(t)
	w.group("app", 2, 4, 2, nil)
	w.clk.Advance(2 * time.Minute)
	before := w.inService("app")
	require.Len(t, before, 2)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "host-failure", Fault: autoscaling.FaultInstanceImpaired, Resource: "app", Probability: 1, Count: 1,
	}))

	w.clk.Advance(10 * time.Minute)

	acts := w.activities("app")
	assert.True(t, contains(acts, "Terminating EC2 instance", "in response to an EC2 instance status checks failure."), acts)
	after := w.inService("app")
	require.Len(t, after, 2, "replaced")
	kept := 0
	for _, id := range before {
		if contains(after, id) {
			kept++
		}
	}
	assert.Equal(t, 1, kept, "only the impaired instance was replaced")
	assert.Equal(t, map[string]int{"host-failure": 1}, w.acct.FaultsFired())
	var logged []cloud.Event
	for _, e := range w.acct.Events() {
		if e.Kind == "Fault" {
			logged = append(logged, e)
		}
	}
	require.Len(t, logged, 1)
	assert.Contains(t, before, logged[0].ID, "the event names the instance")
}

// A rule for another group, or no plan, impairs nothing.
func TestInstanceImpairedFaultKeepsToItsGroup(t *testing.T) {
	w := newWorld(t)
	w.group("app", 2, 4, 2, nil)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "elsewhere", Fault: autoscaling.FaultInstanceImpaired, Resource: "other", Probability: 1,
	}))
	w.clk.Advance(10 * time.Minute)
	assert.False(t, contains(w.activities("app"), "status checks failure"))
	assert.Equal(t, map[string]int{"elsewhere": 0}, w.acct.FaultsFired())
}

// zoneCounts counts the group's instances that count toward its
// capacity (pending or in service) by zone.
func (w *world) zoneCounts(name string) map[string]int {
	w.t.Helper()
	out := map[string]int{}
	for _, i := range w.describe(name).Instances {
		switch i.LifecycleState {
		case autoscaling.StatePending, autoscaling.StateInService:
			out[i.AvailabilityZone]++
		}
	}
	return out
}

// An Availability Zone that goes dark: the group's instances there are
// impaired and replaced, the launches into it fail with EC2's
// InsufficientInstanceCapacity message, and the group launches in its
// other zones instead; once the zone is back, AZRebalance moves the
// instances back into it (the user guide's "Availability Zone outage").
func TestZoneOutageMovesTheGroupToItsOtherZonesAndBack(t *testing.T) {
	w := newWorld(t)
	w.webGroup("app", 6, 6, 6, nil)
	w.clk.Advance(2 * time.Minute)
	require.Equal(t, map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}, w.zoneCounts("app"))
	dark, back := w.clk.Now(), w.clk.Now().Add(30*time.Minute)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "az-a-down", Fault: cloud.FaultZoneOutage, Resource: "us-east-1a", Probability: 1, From: dark, Until: back,
	}))

	w.clk.Advance(10 * time.Minute)
	assert.Equal(t, map[string]int{"us-east-1b": 3, "us-east-1c": 3}, w.zoneCounts("app"), "replaced in the zones that are up")
	acts := w.activities("app")
	assert.True(t, contains(acts, "in response to an EC2 instance status checks failure."), acts)
	assert.True(t, contains(acts, "Launching a new EC2 instance.  Status Reason: We currently do not have sufficient m5.large capacity in the Availability Zone you requested (us-east-1a).",
		"You can currently get m5.large capacity by not specifying an Availability Zone in your request or choosing us-east-1b, us-east-1c. Launching EC2 instance failed. | Failed"), acts)
	assert.Len(t, w.inService("app"), 6)

	w.clk.AdvanceTo(back.Add(15 * time.Minute))
	assert.Equal(t, map[string]int{"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}, w.zoneCounts("app"), "rebalanced once the zone is back")
	assert.True(t, contains(w.activities("app"), "instances were launched to balance instances in zones us-east-1a"))
	assert.Equal(t, map[string]int{"az-a-down": 1}, w.acct.FaultsFired())
}

// With every zone of the group dark, a launch fails once, with no zone
// to offer, and nothing launches.
func TestZoneOutageOfEveryZoneLaunchesNothing(t *testing.T) {
	w := newWorld(t)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{Name: "region-down", Fault: cloud.FaultZoneOutage, Probability: 1}))
	w.group("app", 1, 1, 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = []string{"us-east-1a"} })
	assert.Empty(t, w.describe("app").Instances)
	acts := w.activities("app")
	require.Len(t, acts, 1)
	assert.Equal(t, "Launching a new EC2 instance.  Status Reason: We currently do not have sufficient m5.large capacity in the Availability Zone you requested (us-east-1a). Our system will be working on provisioning additional capacity. Launching EC2 instance failed. | Failed", acts[0][:strings.Index(acts[0], " | At")])
}

// A Spot capacity shortage of the cheapest override sends the group's
// Spot launches to the next pool; On-Demand launches are not affected.
func TestSpotCapacityShortageLaunchesTheNextPool(t *testing.T) {
	w := newWorld(t)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "no-c5", Fault: autoscaling.FaultSpotCapacityShortage, Resource: "c5.large", Probability: 1,
	}))
	w.mixedGroup("app", 2, 0, 5, nil)
	assert.Equal(t, map[string]int{"on-demand m5.large": 2, "spot m5.large": 3}, w.lifecycles("app"))
	assert.False(t, contains(w.activities("app"), "| Failed"), "a pool with capacity takes them")
}

// With no Spot capacity in any pool, the Spot launches fail with EC2's
// InsufficientInstanceCapacity message and are tried again at the
// health checks, the On-Demand base launches, and the group fills up
// once the shortage is over.
func TestSpotCapacityShortageOfEveryPoolFailsTheSpotLaunches(t *testing.T) {
	w := newWorld(t)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "no-spot", Fault: autoscaling.FaultSpotCapacityShortage, Probability: 1, Until: start.Add(5 * time.Minute),
	}))
	w.mixedGroup("app", 2, 0, 4, nil)
	assert.Equal(t, map[string]int{"on-demand m5.large": 2}, w.lifecycles("app"), "On-Demand is unaffected")
	acts := w.activities("app")
	assert.True(t, contains(acts, "Launching a new EC2 instance.  Status Reason: Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that matches your request. Launching EC2 instance failed. | Failed"), acts)

	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, map[string]int{"on-demand m5.large": 2}, w.lifecycles("app"), "tried again, still short")
	w.clk.Advance(4 * time.Minute)
	assert.Equal(t, map[string]int{"on-demand m5.large": 2, "spot c5.large": 2}, w.lifecycles("app"), "launched once the shortage is over")
	assert.Equal(t, map[string]int{"no-spot": 2}, w.acct.FaultsFired(), "one shortage per pool")
}

// A Spot interruption of the plan gives a Spot instance in service EC2's
// two-minute notice, and the group replaces it.
func TestSpotInterruptionFaultGivesTheNotice(t *testing.T) {
	w := newWorld(t)
	w.mixedGroup("app", 0, 0, 2, nil)
	w.clk.Advance(2 * time.Minute)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "reclaim", Fault: autoscaling.FaultSpotInterruption, Resource: "app", Probability: 1, Count: 1,
	}))
	w.clk.Advance(autoscaling.HealthCheckInterval)
	got := w.svc.Inspect().Interruptions()
	require.Len(t, got, 1)
	assert.Equal(t, got[0].NoticeTime.Add(autoscaling.SpotNotice), got[0].TerminateTime)
	w.clk.Advance(autoscaling.SpotNotice + autoscaling.HealthCheckInterval)
	assert.NotContains(t, w.inService("app"), got[0].InstanceId)
	assert.Equal(t, map[string]int{"spot c5.large": 2}, w.lifecycles("app"), "replaced")
}

// Drawn zone outages and Spot interruptions replay from the account's
// seed: the same seed darkens the same zones and interrupts the same
// instances at the same instants, another seed others.
func TestZoneOutagesAndSpotInterruptionsReplayFromTheSeed(t *testing.T) {
	run := func(seed uint64) (faults, acts []string) {
		w := newWorldSeed(t, seed)
		require.NoError(t, w.acct.SetFaultPlan(
			cloud.FaultRule{Name: "az", Fault: cloud.FaultZoneOutage, Probability: 0.002, Delay: 20 * time.Minute},
			cloud.FaultRule{Name: "reclaim", Fault: autoscaling.FaultSpotInterruption, Probability: 0.001},
		))
		w.mixedGroup("app", 2, 0, 6, func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = zones })
		w.clk.Advance(6 * time.Hour)
		for _, e := range w.acct.Events() {
			if e.Kind == "Fault" {
				faults = append(faults, e.String())
			}
		}
		return faults, w.activities("app")
	}
	faults, acts := run(7)
	require.NotEmpty(t, faults, "the plan drew faults")
	again, actsAgain := run(7)
	assert.Equal(t, faults, again)
	assert.Equal(t, acts, actsAgain)
	other, _ := run(8)
	assert.NotEqual(t, faults, other)
}

// With capacity rebalancing, a rebalance recommendation launches the
// at-risk Spot instance's replacement at once, and the at-risk instance
// serves until the replacement is in service, then terminates (the user
// guide's "Capacity Rebalancing behavior"); without it the group does
// nothing.
func TestRebalanceRecommendationReplacesTheInstanceBeforeItsNotice(t *testing.T) {
	for _, rebalance := range []bool{true, false} {
		w := newWorld(t)
		w.mixedGroup("app", 0, 0, 2, func(in *autoscaling.CreateAutoScalingGroupInput) {
			in.TargetGroupARNs = []string{w.tg}
			in.CapacityRebalance = rebalance
		})
		w.clk.Advance(2 * time.Minute)
		before := w.inService("app")
		require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
			Name: "at-risk", Fault: autoscaling.FaultSpotRebalanceRecommendation, Resource: "app", Probability: 1, Count: 1,
		}))
		w.clk.Advance(autoscaling.HealthCheckInterval)
		require.Equal(t, map[string]int{"at-risk": 1}, w.acct.FaultsFired())
		if !rebalance {
			assert.Equal(t, map[string]int{autoscaling.StateInService: 2}, w.states("app"), "nothing without capacity rebalancing")
			continue
		}
		assert.Equal(t, map[string]int{autoscaling.StateInService: 2, autoscaling.StatePending: 1}, w.states("app"), "the replacement launches while the at-risk one serves")
		assert.Len(t, w.inService("app"), 2)

		w.clk.Advance(autoscaling.DefaultBootTime + autoscaling.HealthCheckInterval)
		acts := w.activities("app")
		assert.True(t, contains(acts, "Terminating EC2 instance", "in response to an EC2 instance rebalance recommendation."), acts)
		after := w.inService("app")
		assert.Len(t, after, 2)
		assert.Len(t, w.svc.Inspect().Interruptions(), 0, "no notice came")
		kept := 0
		for _, id := range before {
			if contains(after, id) {
				kept++
			}
		}
		assert.Equal(t, 1, kept, "the at-risk instance was replaced")
	}
}

// A zone outage as an operator reads it: the faults in the account's
// log and the group's activities, from the zone going dark to the group
// balanced again, compared with testdata/zone-outage.golden (regenerate
// with -update).
func TestZoneOutageGolden(t *testing.T) {
	w := newWorld(t)
	w.webGroup("web", 3, 3, 3, nil)
	w.clk.Advance(2 * time.Minute)
	require.NoError(t, w.acct.SetFaultPlan(cloud.FaultRule{
		Name: "az-b-down", Fault: cloud.FaultZoneOutage, Resource: "us-east-1b", Probability: 1, Until: w.clk.Now().Add(20 * time.Minute),
	}))
	w.clk.Advance(40 * time.Minute)

	var b strings.Builder
	for _, e := range w.acct.Events() {
		if e.Kind == "Fault" {
			b.WriteString(e.String() + "\n")
		}
	}
	b.WriteString(w.activityLog("web"))
	golden.Check(t, "zone-outage.golden", []byte(b.String()))
}
