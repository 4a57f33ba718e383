package beanstalk_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/internal/golden"
)

// The same seed and the same calls give the same environments, events
// and resource names, byte for byte, and the golden event log.
func TestSameSeedSameEnvironments(t *testing.T) {
	run := func() string {
		w := newWorld(t)
		w.create("shop-prod", nil)
		w.create("shop-jobs", workerTier)
		w.clk.Advance(3 * time.Minute)
		_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
		require.NoError(t, err)
		w.clk.Advance(5 * time.Minute)
		var b strings.Builder
		envs, err := w.svc.DescribeEnvironments(ctx, nil)
		require.NoError(t, err)
		for _, e := range envs.Environments {
			fmt.Fprintln(&b, e.EnvironmentId, e.EnvironmentName, e.CNAME, e.Status, e.Health)
		}
		events, err := w.svc.DescribeEvents(ctx, nil)
		require.NoError(t, err)
		for _, e := range events.Events {
			fmt.Fprintln(&b, e.EventDate.Format(time.RFC3339), e.Severity, e.EnvironmentName, e.Message)
		}
		fmt.Fprint(&b, w.acct.Log())
		return b.String()
	}
	first, second := run(), run()
	assert.Equal(t, first, second)
	assert.Contains(t, first, "terminateEnvironment completed successfully.")
	golden.Check(t, "events.golden", []byte(first))
}
