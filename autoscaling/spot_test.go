package autoscaling_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// mixedGroup creates a group of m5.large and c5.large instances with an
// On-Demand base of base and pct % On-Demand above it.
func (w *world) mixedGroup(name string, base, pct, desired int, edit func(*autoscaling.CreateAutoScalingGroupInput)) {
	w.t.Helper()
	w.group(name, 0, 20, desired, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.MixedInstancesPolicy = &autoscaling.MixedInstancesPolicy{
			LaunchTemplate: autoscaling.MixedLaunchTemplate{
				LaunchTemplateSpecification: *in.LaunchTemplate,
				Overrides:                   []autoscaling.LaunchTemplateOverrides{{InstanceType: "m5.large"}, {InstanceType: "c5.large"}},
			},
			InstancesDistribution: autoscaling.InstancesDistribution{OnDemandBaseCapacity: base, OnDemandPercentageAboveBaseCapacity: autoscaling.Int(pct)},
		}
		in.LaunchTemplate = nil
		if edit != nil {
			edit(in)
		}
	})
}

// lifecycles counts the group's instances that count toward its
// capacity by purchase option and type.
func (w *world) lifecycles(name string) map[string]int {
	w.t.Helper()
	out := map[string]int{}
	for _, i := range w.describe(name).Instances {
		if i.LifecycleState == autoscaling.StatePending || i.LifecycleState == autoscaling.StateInService {
			out[i.Lifecycle+" "+i.InstanceType]++
		}
	}
	return out
}

// Scale-in of a mixed group whose zones are balanced chooses across all
// of them, so it terminates the purchase option that is over its share
// even when the first zone holds none of it: the On-Demand base stays.
func TestScaleInOfABalancedMixedGroupKeepsTheOnDemandBase(t *testing.T) {
	w := newWorld(t)
	w.mixedGroup("app", 2, 0, 3, nil) // one instance in each of three zones
	w.clk.Advance(2 * time.Minute)
	g := w.describe("app")
	byZone := map[string]string{}
	for _, i := range g.Instances {
		byZone[i.AvailabilityZone] = i.Lifecycle
	}
	require.Equal(t, map[string]string{zones[0]: autoscaling.LifecycleOnDemand, zones[1]: autoscaling.LifecycleOnDemand, zones[2]: autoscaling.LifecycleSpot}, byZone)
	_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 2})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"on-demand m5.large": 2}, w.lifecycles("app"))
}

// A mixed instances group runs its On-Demand base, then the percentage
// of the rest On-Demand (rounded up), the first override's type; the
// Spot instances are of the cheapest Spot price. Scale-in keeps the
// split.
func TestMixedInstancesSplitTheCapacityByTheDistribution(t *testing.T) {
	w := newWorld(t)
	w.mixedGroup("app", 2, 25, 10, func(in *autoscaling.CreateAutoScalingGroupInput) { in.AvailabilityZones = zones[:1] })
	assert.Equal(t, map[string]int{"on-demand m5.large": 4, "spot c5.large": 6}, w.lifecycles("app"))
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 6})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"on-demand m5.large": 3, "spot c5.large": 3}, w.lifecycles("app"), "2 + ceil(4 × 25 %)")

	w.clk.Advance(time.Hour - 2*time.Minute)
	costs := w.svc.Inspect().Costs()
	var spot float64
	for _, c := range costs {
		if c.Lifecycle == autoscaling.LifecycleSpot && c.EndTime.IsZero() {
			spot += c.Cost
		}
	}
	assert.InDelta(t, 3*0.032, spot, 1e-9, "an hour of three c5.large at the Spot price")
}

// Without capacity rebalancing, an interrupted Spot instance serves
// through its two-minute notice; EC2 then takes it, and the group
// replaces it at its next health check.
func TestSpotInterruptionGivesTwoMinutesNoticeAndIsReplaced(t *testing.T) {
	w := newWorld(t)
	w.mixedGroup("web", 0, 0, 2, func(in *autoscaling.CreateAutoScalingGroupInput) { in.TargetGroupARNs = []string{w.tg} })
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("web")
	require.True(t, w.svc.InterruptSpotInstance(ids[0]))
	assert.False(t, w.svc.InterruptSpotInstance(ids[0]), "one notice")

	w.clk.Advance(autoscaling.SpotNotice - time.Second)
	assert.Equal(t, ids, w.inService("web"), "still serving")
	assert.Equal(t, elb.HealthHealthy, w.targets()[ids[0]])
	w.clk.Advance(time.Second + autoscaling.HealthCheckInterval)
	assert.NotContains(t, w.inService("web"), ids[0])
	assert.Equal(t, map[string]int{"spot c5.large": 2}, w.lifecycles("web"), "replaced")
	assert.True(t, contains(w.activities("web"), "Terminating EC2 instance: "+ids[0], "in response to an EC2 health check indicating it has been terminated or stopped."))
	got := w.svc.Inspect().Interruptions()
	require.Len(t, got, 1)
	assert.Equal(t, got[0].NoticeTime.Add(autoscaling.SpotNotice), got[0].TerminateTime)
}

// With capacity rebalancing the group launches the replacement as soon
// as the notice comes, and the instance drains until EC2 takes it.
func TestCapacityRebalanceReplacesASpotInstanceAtItsNotice(t *testing.T) {
	w := newWorld(t)
	w.mixedGroup("web", 0, 0, 2, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.TargetGroupARNs = []string{w.tg}
		in.CapacityRebalance = true
	})
	w.clk.Advance(2 * time.Minute)
	ids := w.inService("web")
	require.True(t, w.svc.InterruptSpotInstance(ids[0]))
	states := w.states("web")
	assert.Equal(t, map[string]int{autoscaling.StateInService: 1, autoscaling.StateTerminating: 1, autoscaling.StatePending: 1}, states)
	assert.Equal(t, elb.HealthDraining, w.targets()[ids[0]])
	w.clk.Advance(autoscaling.SpotNotice)
	assert.Equal(t, map[string]int{autoscaling.StateInService: 2}, w.states("web"), "taken at two minutes, not after the 300 s delay")
	assert.True(t, contains(w.activities("web"), "Terminating EC2 instance: "+ids[0], "in response to an EC2 instance rebalance recommendation."))
}

// With WithSpotInterruptions the service draws interruptions from its
// seed: the same seed interrupts the same instances at the same times.
func TestSpotInterruptionsComeFromTheSeed(t *testing.T) {
	run := func(seed uint64) []autoscaling.SpotInterruption {
		clk := sim.NewClock(start)
		acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(seed))
		svc := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithSpotInterruptions(6*time.Hour))
		_, err := svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.small"}})
		require.NoError(t, err)
		_, err = svc.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: "app", MinSize: 4, MaxSize: 4, AvailabilityZones: zones,
			MixedInstancesPolicy: &autoscaling.MixedInstancesPolicy{
				LaunchTemplate:        autoscaling.MixedLaunchTemplate{LaunchTemplateSpecification: autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app"}},
				InstancesDistribution: autoscaling.InstancesDistribution{OnDemandPercentageAboveBaseCapacity: autoscaling.Int(0)},
			},
		})
		require.NoError(t, err)
		clk.Advance(24 * time.Hour)
		out, err := svc.DescribeAutoScalingGroups(ctx, nil)
		require.NoError(t, err)
		assert.Len(t, out.AutoScalingGroups[0].Instances, 4, "every interruption replaced")
		return svc.Inspect().Interruptions()
	}
	a := run(3)
	assert.Greater(t, len(a), 8, "four instances, a mean of six hours: about sixteen a day")
	assert.Equal(t, a, run(3))
	assert.NotEqual(t, a, run(4))
}
