package cloudwatch_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/golden"
)

// historyLog renders the account's event log and every alarm history
// item, in their stable text forms.
func historyLog(w *world) string {
	var b strings.Builder
	b.WriteString(w.acct.Log())
	b.WriteString("\nhistory:\n")
	for _, it := range w.cw.Inspect().History() {
		fmt.Fprintf(&b, "%s %s %s %s\n  %s\n", it.Timestamp.UTC().Format(time.RFC3339), it.AlarmName, it.HistoryItemType, it.HistorySummary, it.HistoryData)
	}
	return b.String()
}

// An alarm's life through an hour: created, breached, repeated Auto
// Scaling actions, recovered, tested with SetAlarmState, updated, its
// metric gone quiet, deleted. The account's log and the alarm history
// are compared with testdata/alarm-history.golden (go test -run
// TestAlarmHistoryGolden -update rewrites it).
func TestAlarmHistoryGolden(t *testing.T) {
	w := newWorld(t, cloudwatch.WithHistory())
	w.alarm(t, "latency", 2, 3, "", func(in *cloudwatch.PutMetricAlarmInput) {
		in.AlarmActions = []string{topicARN, policyARN}
	})
	w.minute(t, 1, 5, 6, 7, 2, 1, 1)
	_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: "latency", StateValue: cloudwatch.StateAlarm, StateReason: "testing the pager"})
	require.NoError(t, err)
	w.minute(t, 1)
	w.alarm(t, "latency", 1, 1, cloudwatch.MissingDataBreaching, nil)
	w.clk.Advance(3 * time.Minute)
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"latency"}})
	require.NoError(t, err)
	golden.Check(t, "alarm-history.golden", []byte(historyLog(w)))
}

// workload drives a random but seeded mix of data, alarms, state changes
// and clock moves, and returns the log it leaves.
func workload(t *testing.T, seed uint64) string {
	w := newWorld(t, cloudwatch.WithHistory())
	r := rand.New(rand.NewPCG(seed, 0))
	treats := []cloudwatch.TreatMissingData{"missing", "ignore", "breaching", "notBreaching"}
	for i := range 5 {
		name := fmt.Sprintf("alarm-%d", i)
		n := 1 + r.IntN(3)
		w.alarm(t, name, 1+r.IntN(n), n, treats[r.IntN(4)], func(in *cloudwatch.PutMetricAlarmInput) {
			in.Period = time.Duration(1+r.IntN(2)) * time.Minute
			if r.IntN(2) == 0 {
				in.AlarmActions = append(in.AlarmActions, policyARN)
			}
		})
	}
	for range 300 {
		switch r.IntN(10) {
		case 0:
			_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{
				AlarmName: fmt.Sprintf("alarm-%d", r.IntN(5)), StateValue: cloudwatch.StateAlarm, StateReason: "chaos"})
			require.NoError(t, err)
		case 1, 2:
			w.clk.Advance(time.Duration(r.IntN(120)) * time.Second)
		default:
			if r.IntN(3) > 0 {
				w.put(t, float64(r.IntN(8)))
			}
			w.clk.Advance(time.Duration(r.IntN(30)) * time.Second)
		}
	}
	return historyLog(w)
}

// Same seed, same calls, same clock moves: the same log, byte for byte.
func TestSeededWorkloadIsDeterministic(t *testing.T) {
	first, second := workload(t, 42), workload(t, 42)
	require.Equal(t, first, second)
	assert.NotEqual(t, first, workload(t, 43), "another seed, another run")
	assert.Contains(t, first, "StateChanged")
}
