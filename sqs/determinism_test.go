package sqs_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/internal/golden"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Determinism: same seed, same calls, same clock moves give the same IDs,
// receipt handles, orderings and event log, byte for byte (package
// documentation, "Determinism").

var detStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// detRunResult is everything a run produces that must be reproducible.
type detRunResult struct {
	MessageIDs []string // in the order the service issued them
	Handles    []string // every receipt handle received, in order
	Log        []string // one line per operation and its outcome
	Events     []string // Inspect().Events(), as text
}

// detWorld is a service with a standard queue, a FIFO queue and their
// dead-letter queues.
type detWorld struct {
	ctx                     context.Context
	clk                     *sim.Clock
	svc                     *sqs.Service
	std, fifo, dlq, fifoDLQ string
	res                     *detRunResult
	handles                 map[string][]string // queue URL → handles received
	sent                    map[string]bool
}

func detNewWorld(t *testing.T, seed uint64) *detWorld {
	t.Helper()
	clk := sim.NewClock(detStart)
	w := &detWorld{
		ctx: context.Background(), clk: clk,
		svc:     sqs.New(sqs.WithClock(clk), sqs.WithSeed(seed), sqs.WithHistory()),
		res:     &detRunResult{},
		handles: map[string][]string{},
		sent:    map[string]bool{},
	}
	create := func(name string, attrs map[string]string) string {
		out, err := w.svc.CreateQueue(w.ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
		require.NoError(t, err)
		return out.QueueUrl
	}
	arn := func(url string) string {
		out, err := w.svc.GetQueueAttributes(w.ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeQueueArn}})
		require.NoError(t, err)
		return out.Attributes[sqs.AttributeQueueArn]
	}
	w.dlq = create("det-dlq", nil)
	w.fifoDLQ = create("det-dlq.fifo", map[string]string{sqs.AttributeFifoQueue: "true"})
	w.std = create("det-std", map[string]string{
		sqs.AttributeVisibilityTimeout: "20",
		sqs.AttributeRedrivePolicy:     `{"deadLetterTargetArn":"` + arn(w.dlq) + `","maxReceiveCount":3}`,
	})
	w.fifo = create("det-fifo.fifo", map[string]string{
		sqs.AttributeFifoQueue: "true", sqs.AttributeContentBasedDeduplication: "true",
		sqs.AttributeVisibilityTimeout: "15",
		sqs.AttributeRedrivePolicy:     `{"deadLetterTargetArn":"` + arn(w.fifoDLQ) + `","maxReceiveCount":2}`,
	})
	return w
}

func (w *detWorld) logf(format string, args ...any) {
	w.res.Log = append(w.res.Log, w.clk.Now().Format(time.RFC3339)+" "+fmt.Sprintf(format, args...))
}

// detCode returns the AWS code of err, or err's text for another error.
func detCode(err error) string {
	var e *sqs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return err.Error()
}

func (w *detWorld) noteID(id string) {
	if !w.sent[id] {
		w.sent[id] = true
		w.res.MessageIDs = append(w.res.MessageIDs, id)
	}
}

func (w *detWorld) send(url string, in sqs.SendMessageInput) {
	in.QueueUrl = url
	out, err := w.svc.SendMessage(w.ctx, &in)
	if err != nil {
		w.logf("send %s: %s", url, detCode(err))
		return
	}
	w.noteID(out.MessageId)
	w.logf("send %s %q -> %s seq=%s", url, in.MessageBody, out.MessageId, out.SequenceNumber)
}

func (w *detWorld) received(url string, out *sqs.ReceiveMessageOutput, err error) {
	if err != nil {
		w.logf("receive %s: %s", url, detCode(err))
		return
	}
	ids := make([]string, 0, len(out.Messages))
	for _, m := range out.Messages {
		w.noteID(m.MessageId)
		w.res.Handles = append(w.res.Handles, m.ReceiptHandle)
		w.handles[url] = append(w.handles[url], m.ReceiptHandle)
		ids = append(ids, m.MessageId+"@"+m.ReceiptHandle)
	}
	w.logf("receive %s -> [%s]", url, strings.Join(ids, " "))
}

func (w *detWorld) receive(url string, max int, vis time.Duration) {
	out, err := w.svc.ReceiveMessage(w.ctx, &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: max, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0),
	})
	w.received(url, out, err)
}

// pick returns a random receipt handle received from url, or "".
func (w *detWorld) pick(rng *rand.Rand, url string) string {
	hs := w.handles[url]
	if len(hs) == 0 {
		return ""
	}
	return hs[rng.IntN(len(hs))]
}

// detWorkload drives w with a random but seeded mix of operations: sends
// (with delays and duplicate bodies), short and long polls, deletes,
// visibility changes, clock moves, dead-letter consumption and a message
// move task. The workload's own seed is fixed, so runs with different
// service seeds make the same calls.
func detWorkload(t *testing.T, seed uint64) *detRunResult {
	t.Helper()
	w := detNewWorld(t, seed)
	rng := rand.New(rand.NewPCG(2026, 1))
	queues := []string{w.std, w.fifo, w.dlq, w.fifoDLQ}
	const steps = 1500
	for step := range steps {
		if step == steps/2 {
			arn, err := w.svc.GetQueueAttributes(w.ctx, &sqs.GetQueueAttributesInput{QueueUrl: w.dlq, AttributeNames: []string{sqs.AttributeQueueArn}})
			require.NoError(t, err)
			out, err := w.svc.StartMessageMoveTask(w.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: arn.Attributes[sqs.AttributeQueueArn], MaxNumberOfMessagesPerSecond: 2})
			require.NoError(t, err)
			w.logf("move task %s", out.TaskHandle)
		}
		switch r := rng.IntN(100); {
		case r < 20:
			in := sqs.SendMessageInput{MessageBody: fmt.Sprintf("s%d", step), Delay: sqs.Duration(time.Duration(rng.IntN(3)*5) * time.Second)}
			if rng.IntN(4) == 0 {
				in.MessageAttributes = map[string]sqs.MessageAttributeValue{
					"step": {DataType: "Number", StringValue: fmt.Sprint(step)},
					"kind": {DataType: "String", StringValue: "std"},
				}
			}
			w.send(w.std, in)
		case r < 35:
			// Bodies repeat, so content-based deduplication drops some.
			w.send(w.fifo, sqs.SendMessageInput{
				MessageBody: fmt.Sprintf("f%d", rng.IntN(60)), MessageGroupId: fmt.Sprintf("g%d", rng.IntN(4)),
			})
		case r < 55:
			w.receive(w.std, 1+rng.IntN(10), time.Duration(rng.IntN(40))*time.Second)
		case r < 65:
			w.receive(w.fifo, 1+rng.IntN(10), time.Duration(rng.IntN(30))*time.Second)
		case r < 75:
			url := queues[rng.IntN(len(queues))]
			if h := w.pick(rng, url); h != "" {
				_, err := w.svc.DeleteMessage(w.ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: h})
				w.logf("delete %s %s: %v", url, h, err)
			}
		case r < 82:
			url := queues[rng.IntN(2)]
			if h := w.pick(rng, url); h != "" {
				vis := time.Duration(rng.IntN(60)) * time.Second
				_, err := w.svc.ChangeMessageVisibility(w.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: h, VisibilityTimeout: vis})
				w.logf("change visibility %s %s %v: %v", url, h, vis, err)
			}
		case r < 94:
			w.clk.Advance(time.Duration(rng.IntN(30)) * time.Second)
		case r < 97:
			w.receive(queues[2+rng.IntN(2)], 10, time.Minute)
		default:
			// A long poll served later, from the goroutine that
			// advances the clock.
			url := queues[rng.IntN(2)]
			w.svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{
				QueueUrl: url, MaxNumberOfMessages: 3, WaitTime: sqs.Duration(time.Duration(1+rng.IntN(20)) * time.Second),
			}, func(out *sqs.ReceiveMessageOutput, err error) { w.received(url, out, err) })
		}
	}
	w.clk.Advance(time.Minute) // let every long poll and the move task end
	for _, e := range w.svc.Inspect().Events() {
		w.res.Events = append(w.res.Events, e.String())
	}
	return w.res
}

// TestSameSeedSameRun: the same seed, calls and clock moves give the same
// message IDs, receipt handles and event log on a standard queue, a FIFO
// queue and their dead-letter queues.
func TestSameSeedSameRun(t *testing.T) {
	a := detWorkload(t, 42)
	b := detWorkload(t, 42)

	// The workload must exercise what it claims to.
	kinds := map[string]int{}
	for _, e := range a.Events {
		kinds[strings.Fields(e)[2]]++ // time, service, kind …
	}
	for _, k := range []sqs.EventKind{
		sqs.EventSent, sqs.EventDeduplicated, sqs.EventReceived, sqs.EventDeleted, sqs.EventVisibilityChanged,
		sqs.EventVisibilityExpired, sqs.EventMovedToDLQ, sqs.EventMoveTaskStarted, sqs.EventRedriven, sqs.EventMoveTaskEnded,
	} {
		assert.Positive(t, kinds[string(k)], "the workload produced no %s event", k)
	}
	require.Greater(t, len(a.MessageIDs), 100)
	require.Greater(t, len(a.Handles), 100)

	require.Equal(t, a.MessageIDs, b.MessageIDs, "message IDs")
	require.Equal(t, a.Handles, b.Handles, "receipt handles")
	require.Equal(t, a.Log, b.Log, "operation outcomes")
	require.Equal(t, a.Events, b.Events, "event log")
}

// TestDifferentSeedsDifferentIDs: the seed reaches the IDs: two seeds give
// different message IDs and receipt handles for the same calls.
func TestDifferentSeedsDifferentIDs(t *testing.T) {
	a := detWorkload(t, 42)
	b := detWorkload(t, 43)
	require.NotEmpty(t, a.MessageIDs)
	require.NotEmpty(t, b.MessageIDs)
	ids := map[string]bool{}
	for _, id := range a.MessageIDs {
		ids[id] = true
	}
	for _, id := range b.MessageIDs {
		assert.False(t, ids[id], "message ID %s issued under both seeds", id)
	}
	assert.NotEqual(t, a.Handles, b.Handles)
}

// TestTimelineGolden: a scripted scenario's event log matches
// testdata/timeline.golden (regenerate with go test -run
// TestTimelineGolden -update): a delayed message, a visibility timeout
// expiring, a visibility change, a move to the dead-letter queue after
// maxReceiveCount receives, FIFO deduplication and group order, a purge,
// retention expiry and a message move task back to the source.
func TestTimelineGolden(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(detStart)
	svc := sqs.New(sqs.WithClock(clk), sqs.WithSeed(42), sqs.WithHistory())
	must := func(_ any, err error) {
		t.Helper()
		require.NoError(t, err)
	}
	receive := func(url string, max int) []sqs.Message {
		t.Helper()
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: max, WaitTime: sqs.Duration(0)})
		require.NoError(t, err)
		return out.Messages
	}

	dlq, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders-dlq"})
	require.NoError(t, err)
	orders, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Attributes: map[string]string{
		sqs.AttributeVisibilityTimeout: "30",
		sqs.AttributeRedrivePolicy:     `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":2}`,
	}})
	require.NoError(t, err)

	// A message now and one delayed by 10 s.
	must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: orders.QueueUrl, MessageBody: "a"}))
	must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: orders.QueueUrl, MessageBody: "b", Delay: sqs.Duration(10 * time.Second)}))
	require.Len(t, receive(orders.QueueUrl, 10), 1) // a
	clk.Advance(10 * time.Second)
	got := receive(orders.QueueUrl, 10) // b, its delay over
	require.Len(t, got, 1)
	must(svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: orders.QueueUrl, ReceiptHandle: got[0].ReceiptHandle}))

	// a's visibility timeout ends at 30 s; received again, then released
	// early; the third receive exceeds maxReceiveCount 2.
	clk.Advance(20 * time.Second)
	got = receive(orders.QueueUrl, 10)
	require.Len(t, got, 1)
	must(svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: orders.QueueUrl, ReceiptHandle: got[0].ReceiptHandle, VisibilityTimeout: 5 * time.Second}))
	clk.Advance(5 * time.Second)
	require.Empty(t, receive(orders.QueueUrl, 10))

	// FIFO: a duplicate is dropped; groups come in order of their oldest
	// message.
	jobs, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "jobs.fifo", Attributes: map[string]string{
		sqs.AttributeFifoQueue: "true", sqs.AttributeContentBasedDeduplication: "true",
	}})
	require.NoError(t, err)
	for _, m := range []struct{ body, group string }{{"x", "g1"}, {"x", "g1"}, {"y", "g2"}, {"z", "g1"}} {
		must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: jobs.QueueUrl, MessageBody: m.body, MessageGroupId: m.group}))
	}
	got = receive(jobs.QueueUrl, 10)
	require.Len(t, got, 3)
	for _, m := range got {
		must(svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: jobs.QueueUrl, ReceiptHandle: m.ReceiptHandle}))
	}

	// A purge, and a message outliving a 60 s retention period.
	must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: orders.QueueUrl, MessageBody: "c"}))
	must(svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: orders.QueueUrl}))
	short, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "short", Attributes: map[string]string{sqs.AttributeMessageRetentionPeriod: "60"}})
	require.NoError(t, err)
	must(svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: short.QueueUrl, MessageBody: "d"}))
	clk.Advance(time.Minute)
	require.Empty(t, receive(short.QueueUrl, 1))

	// Redrive the dead letter back to orders.
	must(svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: "arn:aws:sqs:us-east-1:000000000000:orders-dlq"}))
	clk.Advance(time.Second)
	st, ok := svc.Inspect().Stats(dlq.QueueUrl)
	require.True(t, ok)
	require.Zero(t, st.Visible)

	var b strings.Builder
	for _, e := range svc.Inspect().Events() {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	golden.Check(t, "timeline.golden", []byte(b.String()))
}
