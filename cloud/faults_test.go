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
	assert.Empty(t, a.Events())
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
