package autoscaling_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
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
