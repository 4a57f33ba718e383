package sqs_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sqs"
)

// plan sets the fault plan of svc's account to one rule of fault that
// always fires.
func plan(t *testing.T, svc *sqs.Service, fault string, edit func(*cloud.FaultRule)) {
	t.Helper()
	r := cloud.FaultRule{Name: "test", Fault: fault, Probability: 1}
	if edit != nil {
		edit(&r)
	}
	require.NoError(t, svc.Account().SetFaultPlan(r))
}

func bodies(msgs []sqs.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Body)
	}
	return out
}

// Under FaultRedeliver a delete succeeds but the message comes back when
// its visibility timeout ends, with the next receive count, and the
// account's log names the rule.
func TestRedeliverFaultBringsADeletedMessageBack(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	plan(t, svc, sqs.FaultRedeliver, func(r *cloud.FaultRule) { r.Count = 1 })
	sent := stdSend(t, svc, url, "charge card")

	first := stdReceiveOne(t, svc, url)
	require.NoError(t, stdDelete(svc, url, first.ReceiptHandle))
	assert.Empty(t, stdReceive(t, svc, url, 10), "hidden until the visibility timeout ends")

	clk.Advance(30 * time.Second)
	again := stdReceiveOne(t, svc, url)
	assert.Equal(t, sent.MessageId, again.MessageId)
	assert.Equal(t, "2", again.Attributes[sqs.SysAttributeApproximateReceiveCount])

	require.NoError(t, stdDelete(svc, url, again.ReceiptHandle))
	clk.Advance(time.Minute)
	assert.Empty(t, stdReceive(t, svc, url, 10), "the rule's count is spent: the second delete deletes")

	var faults []string
	for _, e := range svc.Account().Events() {
		if e.Kind == "Fault" {
			faults = append(faults, e.String())
		}
	}
	assert.Equal(t, []string{"2026-01-01T00:00:00.000Z sqs    Fault orders id=" + sent.MessageId + " fault=Redeliver rule=test"}, faults)
}

// A FIFO queue keeps its promises whatever the plan: no fault fires on it.
func TestFifoQueueInjectsNoFault(t *testing.T) {
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "orders.fifo", nil)
	require.NoError(t, svc.Account().SetFaultPlan(
		cloud.FaultRule{Name: "r", Fault: sqs.FaultRedeliver, Probability: 1},
		cloud.FaultRule{Name: "p", Fault: sqs.FaultPartialReceive, Probability: 1},
		cloud.FaultRule{Name: "o", Fault: sqs.FaultReorder, Probability: 1},
		cloud.FaultRule{Name: "d", Fault: sqs.FaultDelayVisibility, Probability: 1},
	))
	for i := range 5 {
		fifoSend(t, svc, url, "g", strconv.Itoa(i), strconv.Itoa(i))
	}
	got := fifoReceive(t, svc, url, 10)
	assert.Equal(t, []string{"0", "1", "2", "3", "4"}, bodies(got))
	for _, m := range got {
		_, err := svc.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
		require.NoError(t, err)
	}
	clk.Advance(time.Hour)
	assert.Empty(t, fifoReceive(t, svc, url, 10))
	assert.Equal(t, map[string]int{"r": 0, "p": 0, "o": 0, "d": 0}, svc.Account().FaultsFired())
}

// Under FaultPartialReceive a short poll returns fewer messages than
// are visible, sometimes none; a long poll returns at least one.
func TestPartialReceiveFaultReturnsFewerMessages(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeVisibilityTimeout: "0"})
	for i := range 10 {
		stdSend(t, svc, url, strconv.Itoa(i))
	}
	plan(t, svc, sqs.FaultPartialReceive, nil)
	sawEmpty := false
	for range 50 {
		n := len(stdReceive(t, svc, url, 10))
		assert.Less(t, n, 10)
		sawEmpty = sawEmpty || n == 0
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, WaitTime: sqs.Duration(20 * time.Second)})
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(out.Messages), 1, "a long poll has no false empty")
		assert.Less(t, len(out.Messages), 10)
	}
	assert.True(t, sawEmpty, "a short poll can come back empty while messages are visible")
}

// Under FaultReorder a receive returns its messages out of the order
// they became visible.
func TestReorderFaultReturnsMessagesOutOfOrder(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	var want []string
	for i := range 10 {
		stdSend(t, svc, url, strconv.Itoa(i))
		want = append(want, strconv.Itoa(i))
	}
	plan(t, svc, sqs.FaultReorder, nil)
	got := bodies(stdReceive(t, svc, url, 10))
	assert.NotEqual(t, want, got)
	slices.SortFunc(got, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	assert.Equal(t, want, got, "the same messages")
}

// Under FaultDelayVisibility a new message becomes visible the rule's
// delay late.
func TestDelayVisibilityFaultDelaysANewMessage(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	plan(t, svc, sqs.FaultDelayVisibility, func(r *cloud.FaultRule) { r.Delay = 5 * time.Second })
	stdSend(t, svc, url, "late")
	clk.Advance(4 * time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 10))
	clk.Advance(time.Second)
	assert.Len(t, stdReceive(t, svc, url, 10), 1)
}

// The same seed draws the same faults: two runs of one scenario under a
// probabilistic plan receive the same messages in the same order.
func TestFaultsReplayFromTheSeed(t *testing.T) {
	run := func() []string {
		svc, clk, _ := stdSetup(t)
		url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeVisibilityTimeout: "1"})
		require.NoError(t, svc.Account().SetFaultPlan(
			cloud.FaultRule{Name: "dup", Fault: sqs.FaultRedeliver, Probability: 0.3},
			cloud.FaultRule{Name: "few", Fault: sqs.FaultPartialReceive, Probability: 0.3},
			cloud.FaultRule{Name: "mix", Fault: sqs.FaultReorder, Probability: 0.3},
		))
		for i := range 20 {
			stdSend(t, svc, url, strconv.Itoa(i))
		}
		var log []string
		for range 40 {
			for _, m := range stdReceive(t, svc, url, 3) {
				log = append(log, m.Body)
				require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
			}
			clk.Advance(time.Second)
		}
		return log
	}
	assert.Equal(t, run(), run())
}
