package cloud_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestNoFaultPlanFiresNothing(t *testing.T) {
	a := cloud.New(cloud.WithClock(sim.NewClock(t0)))
	assert.Nil(t, a.Fault("sqs:Redeliver", "orders", "m-1"))
	assert.Nil(t, a.LastingFault(cloud.FaultZoneOutage, "us-east-1a", ""))
	assert.Empty(t, a.Events())
	assert.False(t, a.HasFaultPlan())
	require.NoError(t, a.SetFaultPlan(cloud.FaultRule{Name: "r", Fault: "sqs:Redeliver"}))
	assert.True(t, a.HasFaultPlan())
	require.NoError(t, a.SetFaultPlan())
	assert.False(t, a.HasFaultPlan(), "no rules remove the plan")
}

// A rule fires for its fault and resource only, within its window, at
// most Count times, and each firing is in the event log with the rule.
func TestFaultRuleFiresInItsWindowUpToItsCount(t *testing.T) {
	clk := sim.NewClock(t0)
	a := cloud.New(cloud.WithClock(clk))
	require.NoError(t, a.SetFaultPlan(cloud.FaultRule{
		Name: "lost-deletes", Fault: "sqs:Redeliver", Resource: "orders",
		Probability: 1, Count: 2, From: t0.Add(time.Minute), Until: t0.Add(time.Hour),
	}))
	fire := func(fault, resource string) bool { return a.Fault(fault, resource, "m") != nil }

	assert.False(t, fire("sqs:Redeliver", "orders"), "before From")
	clk.Advance(time.Minute)
	assert.False(t, fire("sqs:Redeliver", "payments"), "another queue")
	assert.False(t, fire("sqs:Shuffle", "orders"), "another fault")
	assert.True(t, fire("sqs:Redeliver", "orders"))
	assert.True(t, fire("sqs:Redeliver", "orders"))
	assert.False(t, fire("sqs:Redeliver", "orders"), "past Count")
	assert.Equal(t, map[string]int{"lost-deletes": 2}, a.FaultsFired())

	require.Len(t, a.Events(), 2)
	assert.Equal(t, "2026-01-01T00:01:00.000Z sqs    Fault orders id=m fault=Redeliver rule=lost-deletes", a.Events()[0].String())

	require.NoError(t, a.SetFaultPlan(cloud.FaultRule{Name: "late", Fault: "sqs:Redeliver", Probability: 1, Until: t0.Add(time.Hour)}))
	assert.True(t, fire("sqs:Redeliver", "payments"), "an empty Resource matches every resource")
	clk.Advance(time.Hour)
	assert.False(t, fire("sqs:Redeliver", "payments"), "Until is exclusive")
}

// Draws come from the account's seed: the same seed fires at the same
// opportunities, another seed at others, and the rate follows the
// probability.
func TestFaultDrawsReplayFromTheSeed(t *testing.T) {
	draws := func(seed uint64) []bool {
		a := cloud.New(cloud.WithClock(sim.NewClock(t0)), cloud.WithSeed(seed))
		require.NoError(t, a.SetFaultPlan(cloud.FaultRule{Name: "dup", Fault: "sqs:Redeliver", Probability: 0.25}))
		out := make([]bool, 4000)
		for i := range out {
			out[i] = a.Fault("sqs:Redeliver", "q", "") != nil
		}
		return out
	}
	a, b, c := draws(7), draws(7), draws(8)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	n := 0
	for _, f := range a {
		if f {
			n++
		}
	}
	assert.InDelta(t, 1000, n, 100, "fired %d of 4000 at p=0.25", n)
}

func TestSetFaultPlanRefusesBadRules(t *testing.T) {
	a := cloud.New(cloud.WithClock(sim.NewClock(t0)))
	for _, r := range []cloud.FaultRule{
		{Fault: "sqs:Redeliver", Probability: 1},
		{Name: "x", Fault: "Redeliver", Probability: 1},
		{Name: "x", Fault: "sqs:Redeliver", Probability: 1.5},
		{Name: "x", Fault: "sqs:Redeliver", Probability: 1, Count: -1},
		{Name: "x", Fault: "sqs:Redeliver", Probability: 1, Delay: -time.Second},
		{Name: "x", Fault: "sqs:Redeliver", Probability: 1, From: t0, Until: t0},
	} {
		assert.Error(t, a.SetFaultPlan(r), "%+v", r)
	}
	assert.Nil(t, a.Fault("sqs:Redeliver", "q", ""), "a refused plan is not set")
}

// A lasting fault holds from the opportunity it fires at to its rule's
// Until, on that resource only, and is in the event log once, with the
// instant it ends.
func TestLastingFaultHoldsToItsRulesUntil(t *testing.T) {
	clk := sim.NewClock(t0)
	a := cloud.New(cloud.WithClock(clk))
	require.NoError(t, a.SetFaultPlan(cloud.FaultRule{
		Name: "az-a", Fault: cloud.FaultZoneOutage, Resource: "us-east-1a",
		Probability: 1, From: t0.Add(time.Minute), Until: t0.Add(time.Hour),
	}))
	dark := func(zone string) bool { return a.LastingFault(cloud.FaultZoneOutage, zone, "i-1") != nil }

	assert.False(t, dark("us-east-1a"), "before From")
	clk.Advance(time.Minute)
	assert.False(t, dark("us-east-1b"))
	for range 3 {
		assert.True(t, dark("us-east-1a"))
		clk.Advance(10 * time.Minute)
	}
	clk.AdvanceTo(t0.Add(time.Hour))
	assert.False(t, dark("us-east-1a"), "Until ends it")
	assert.Equal(t, map[string]int{"az-a": 1}, a.FaultsFired())
	require.Len(t, a.Events(), 1)
	assert.Equal(t, "2026-01-01T00:01:00.000Z ec2    Fault us-east-1a id=i-1 fault=ZoneOutage rule=az-a until=2026-01-01T01:00:00.000Z", a.Events()[0].String())
}

// A lasting fault with a Delay lasts Delay from when it fires, on the
// resource it fired on: a rule for any resource with Count 1 holds one.
func TestLastingFaultLastsItsDelayOnTheResourceItFiredOn(t *testing.T) {
	clk := sim.NewClock(t0)
	a := cloud.New(cloud.WithClock(clk))
	require.NoError(t, a.SetFaultPlan(cloud.FaultRule{
		Name: "hang", Fault: "elb:TargetHang", Probability: 1, Count: 1, Delay: 5 * time.Minute,
	}))
	hangs := func(id string) bool { return a.LastingFault("elb:TargetHang", id, "") != nil }

	assert.True(t, hangs("i-1"))
	assert.False(t, hangs("i-2"), "Count is spent")
	clk.Advance(5*time.Minute - time.Second)
	assert.True(t, hangs("i-1"))
	clk.Advance(time.Second)
	assert.False(t, hangs("i-1"), "over after Delay")
	assert.Nil(t, a.Fault("elb:TargetHang", "i-1", ""), "an ordinary opportunity draws from the same count")
}
