package sqs_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Tests of the Consumer: how its pollers' receives are pooled and cut into
// batches, what Done deletes, how the number of pollers changes, and that
// it needs no goroutine, whatever the clock.

var consT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// consEnv is a queue on a virtual clock and the batches its consumer
// handed over.
type consEnv struct {
	t       testing.TB
	clk     *sim.Clock
	svc     *sqs.Service
	url     string
	c       *sqs.Consumer
	batches []consBatch
	// done answers a batch; nil reports it processed at once.
	done func(b *sqs.Batch)
}

// consBatch is a batch as the handler got it, and when.
type consBatch struct {
	at    time.Time
	batch *sqs.Batch
}

func (b consBatch) bodies() []string { return fifoBodies(b.batch.Messages) }

// consSetup returns a service on a sim.Clock reading consT0 and a queue of
// that name (FIFO when it ends in .fifo) with the given attributes.
func consSetup(t testing.TB, name string, attrs map[string]string, opts ...sqs.Option) *consEnv {
	t.Helper()
	clk := sim.NewClock(consT0)
	svc := sqs.New(append([]sqs.Option{sqs.WithClock(clk)}, opts...)...)
	all := map[string]string{}
	for k, v := range attrs {
		all[k] = v
	}
	if strings.HasSuffix(name, ".fifo") {
		all[sqs.AttributeFifoQueue] = "true"
	}
	out, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: all})
	require.NoError(t, err)
	return &consEnv{t: t, clk: clk, svc: svc, url: out.QueueUrl}
}

// handle is the consumer's handler: it records the batch and answers it.
func (e *consEnv) handle(b *sqs.Batch) {
	e.batches = append(e.batches, consBatch{at: e.clk.Now(), batch: b})
	if e.done == nil {
		b.Done(sqs.Outcome{})
		return
	}
	e.done(b)
}

// consume starts a consumer of the queue with cfg, its URL and handler
// filled in.
func (e *consEnv) consume(cfg sqs.ConsumerConfig) *sqs.Consumer {
	e.t.Helper()
	cfg.QueueUrl = e.url
	cfg.Handler = e.handle
	c, err := e.svc.NewConsumer(cfg)
	require.NoError(e.t, err)
	e.c = c
	return c
}

// send sends messages with the given bodies.
func (e *consEnv) send(bodies ...string) {
	e.t.Helper()
	for _, body := range bodies {
		_, err := e.svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: e.url, MessageBody: body})
		require.NoError(e.t, err)
	}
}

// sendBatch sends up to ten messages in one SendMessageBatch, so that one
// long poll can take them all. On a FIFO queue they go to group, each body
// its own deduplication ID.
func (e *consEnv) sendBatch(group string, bodies ...string) {
	e.t.Helper()
	in := &sqs.SendMessageBatchInput{QueueUrl: e.url}
	for i, body := range bodies {
		entry := sqs.SendMessageBatchRequestEntry{Id: strconv.Itoa(i), MessageBody: body}
		if group != "" {
			entry.MessageGroupId, entry.MessageDeduplicationId = group, body
		}
		in.Entries = append(in.Entries, entry)
	}
	out, err := e.svc.SendMessageBatch(context.Background(), in)
	require.NoError(e.t, err)
	require.Empty(e.t, out.Failed)
}

// stats returns the queue's counters.
func (e *consEnv) stats() sqs.QueueStats {
	e.t.Helper()
	st, ok := e.svc.Inspect().Stats(e.url)
	require.True(e.t, ok)
	return st
}

// bodies returns the bodies of every batch, one slice a batch.
func (e *consEnv) bodies() [][]string {
	var out [][]string
	for _, b := range e.batches {
		out = append(out, b.bodies())
	}
	return out
}

// consBodies returns n bodies prefix-0 … prefix-(n-1).
func consBodies(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + "-" + strconv.Itoa(i)
	}
	return out
}

// Batching.

// Messages that arrive one by one, each taken by whichever poller waits
// first, gather in one pool: the batching window the first one opened ends
// with one batch of all of them.
func TestConsumerPoolsMessagesSentOneByOneIntoOneBatch(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 3, Batching: sqs.Batching{Size: 10, Window: 5 * time.Second}})
	require.Equal(t, 3, e.stats().Waiting)

	for i := range 4 {
		e.send("m-" + strconv.Itoa(i))
		e.clk.Advance(time.Second)
	}
	assert.Empty(t, e.batches, "the window is open until 5 s")
	assert.Equal(t, 4, e.c.Stats().Pooled)
	e.clk.AdvanceTo(consT0.Add(5 * time.Second))

	require.Len(t, e.batches, 1)
	assert.Equal(t, consT0.Add(5*time.Second), e.batches[0].at)
	assert.Equal(t, consBodies("m", 4), e.batches[0].bodies())
	assert.Equal(t, 4, e.stats().Received, "each message received once")
	st := e.c.Stats()
	assert.Equal(t, sqs.ConsumerStats{Pollers: 3, PeakPollers: 3, Batches: 1, Messages: 4, Deleted: 4}, st)
}

// A pool that reaches Size messages is handed over at once, before its
// window ends; what is left over waits for a window of its own.
func TestConsumerHandsOverAFullBatchBeforeTheWindowEnds(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 2, Batching: sqs.Batching{Size: 3, Window: 20 * time.Second}})

	e.send(consBodies("m", 4)...)
	require.Len(t, e.batches, 1)
	assert.Equal(t, consT0, e.batches[0].at)
	assert.Equal(t, []string{"m-0", "m-1", "m-2"}, e.batches[0].bodies())

	e.clk.Advance(20*time.Second - time.Millisecond)
	assert.Len(t, e.batches, 1)
	e.clk.Advance(time.Millisecond)
	require.Len(t, e.batches, 2)
	assert.Equal(t, []string{"m-3"}, e.batches[1].bodies())
}

// Without a window, what each receive brings is a batch at once.
func TestConsumerWithoutWindowHandsOverEachReceiveAtOnce(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 1})
	e.clk.Advance(47 * time.Second)

	e.send("late")

	require.Len(t, e.batches, 1)
	assert.Equal(t, consT0.Add(47*time.Second), e.batches[0].at)
	assert.Equal(t, []string{"late"}, e.batches[0].bodies())
}

// A backlog is received ten at a time and cut into batches of Size.
func TestConsumerCutsBacklogIntoBatchesOfSize(t *testing.T) {
	e := consSetup(t, "work", nil)
	bodies := consBodies("m", 25)
	e.send(bodies...)

	e.consume(sqs.ConsumerConfig{Pollers: 1, Batching: sqs.Batching{Size: 7, Window: time.Second}})
	e.clk.Advance(time.Second)

	assert.Equal(t, [][]string{bodies[0:7], bodies[7:14], bodies[14:21], bodies[21:25]}, e.bodies())
	assert.Equal(t, []time.Time{consT0, consT0, consT0, consT0.Add(time.Second)}, []time.Time{e.batches[0].at, e.batches[1].at, e.batches[2].at, e.batches[3].at})
	assert.Zero(t, e.stats().Visible+e.stats().InFlight)
}

// Once the pool's bodies reach MaxBytes it is handed over, though Size and
// the window have room left.
func TestConsumerMaxBytesEndsTheGathering(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 1, Batching: sqs.Batching{Size: 100, Window: time.Minute, MaxBytes: 25}})

	e.send("0123456789", "0123456789")
	assert.Empty(t, e.batches)
	e.send("0123456789")

	require.Len(t, e.batches, 1)
	assert.Len(t, e.batches[0].batch.Messages, 3)
	assert.Equal(t, consT0, e.batches[0].at)
}

// On a FIFO queue a batch takes whole receives: the messages of one
// receive, which may be a whole message group, are never split over two
// batches that could be in flight together. Here the second receive does
// not fit in the first batch, and makes a batch of its own.
func TestConsumerKeepsAFIFOReceiveInOneBatch(t *testing.T) {
	e := consSetup(t, "jobs.fifo", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 2, Batching: sqs.Batching{Size: 4, Window: time.Second}})

	e.sendBatch("a", consBodies("a", 3)...) // the first poller takes them
	e.sendBatch("b", consBodies("b", 3)...) // and the second these
	require.Len(t, e.batches, 1)
	e.clk.Advance(time.Second)

	assert.Equal(t, [][]string{consBodies("a", 3), consBodies("b", 3)}, e.bodies())
	assert.Equal(t, []time.Time{consT0, consT0.Add(time.Second)}, []time.Time{e.batches[0].at, e.batches[1].at})
}

// SetBatching applies from the next batch on.
func TestConsumerSetBatchingAppliesToTheNextBatch(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.consume(sqs.ConsumerConfig{Pollers: 1, Batching: sqs.Batching{Size: 2}})
	e.sendBatch("", "a", "b")
	require.NoError(t, e.c.SetBatching(sqs.Batching{Size: 3, Window: time.Second}))

	e.send("c", "d", "e")

	assert.Equal(t, [][]string{{"a", "b"}, {"c", "d", "e"}}, e.bodies())
	err := e.c.SetBatching(sqs.Batching{Size: -1})
	assert.True(t, errors.Is(err, sqs.ErrInvalidParameterValue), "%v", err)
}

// What Done deletes.

// The messages of a batch stay in flight until Done, however long the
// handler takes in simulated time; then the processed ones are deleted and
// a failed one comes back after its visibility timeout, received again.
func TestConsumerDeletesWhatDoneReportsProcessed(t *testing.T) {
	e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "30"})
	e.done = func(b *sqs.Batch) {
		if len(e.batches) > 1 {
			b.Done(sqs.Outcome{})
			return
		}
		failed := b.Messages[1].MessageId
		e.clk.Schedule(10*time.Second, func() { b.Done(sqs.Outcome{Failed: []string{failed}}) })
	}
	e.send("a", "b", "c")
	e.consume(sqs.ConsumerConfig{Pollers: 1, MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount}})
	require.Len(t, e.batches, 1)
	require.Len(t, e.batches[0].batch.Messages, 3)

	e.clk.Advance(10*time.Second - time.Millisecond)
	assert.Equal(t, 3, e.stats().InFlight, "in flight until Done")
	assert.Equal(t, 1, e.c.Stats().Pollers)
	e.clk.Advance(time.Millisecond)
	assert.Equal(t, 2, e.stats().Deleted)
	assert.Equal(t, 1, e.stats().InFlight)

	e.clk.AdvanceTo(consT0.Add(30 * time.Second))
	require.Len(t, e.batches, 2)
	assert.Equal(t, []string{"b"}, e.batches[1].bodies())
	assert.Equal(t, "2", e.batches[1].batch.Messages[0].Attributes[sqs.SysAttributeApproximateReceiveCount])
	assert.Equal(t, 3, e.stats().Deleted)
	st := e.c.Stats()
	assert.Equal(t, 3, st.Deleted)
	assert.Equal(t, 1, st.Returned)
	assert.Equal(t, 4, st.Messages)
}

// With ReceiveInfos, Batch.Infos carries, index for index with Messages,
// what each receive knew of its message: the values of
// ApproximateReceiveCount, ApproximateFirstReceiveTimestamp,
// SentTimestamp and SenderId, typed, whether the consumer asks for those
// attributes or not; the messages' Attributes hold only what it asks for.
// Without, Infos is nil.
func TestConsumerBatchInfosAreTheMessagesSystemAttributes(t *testing.T) {
	for _, names := range [][]string{{sqs.SysAttributeAll}, nil} {
		t.Run(fmt.Sprint(names), func(t *testing.T) {
			e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "30"})
			e.done = func(b *sqs.Batch) { // a fails once
				var failed []string
				for i, m := range b.Messages {
					if m.Body == "a" && b.Infos[i].ReceiveCount == 1 {
						failed = append(failed, m.MessageId)
					}
				}
				b.Done(sqs.Outcome{Failed: failed})
			}
			e.send("a")
			e.clk.Advance(2 * time.Second)
			e.send("b", "c", "d")
			e.clk.Advance(time.Second)
			e.consume(sqs.ConsumerConfig{Pollers: 2, Batching: sqs.Batching{Size: 3, Window: 10 * time.Second}, MessageSystemAttributeNames: names, ReceiveInfos: true})
			e.clk.AdvanceTo(consT0.Add(3 * time.Minute))

			type info struct {
				body string
				sqs.ReceiveInfo
			}
			var got []info
			for _, b := range e.batches {
				require.Len(t, b.batch.Infos, len(b.batch.Messages))
				for i, m := range b.batch.Messages {
					got = append(got, info{m.Body, b.batch.Infos[i]})
					if names == nil {
						assert.Nil(t, m.Attributes)
						continue
					}
					ms := func(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 10) }
					assert.Equal(t, map[string]string{
						sqs.SysAttributeApproximateReceiveCount:          strconv.Itoa(b.batch.Infos[i].ReceiveCount),
						sqs.SysAttributeApproximateFirstReceiveTimestamp: ms(b.batch.Infos[i].FirstReceiveAt),
						sqs.SysAttributeSentTimestamp:                    ms(b.batch.Infos[i].SentAt),
						sqs.SysAttributeSenderId:                         b.batch.Infos[i].SenderId,
					}, m.Attributes)
				}
			}
			at := func(d time.Duration) time.Time { return consT0.Add(d) }
			t3 := 3 * time.Second
			assert.Equal(t, []info{
				{"a", sqs.ReceiveInfo{ReceiveCount: 1, FirstReceiveAt: at(t3), SentAt: at(0), SenderId: "000000000000"}},
				{"b", sqs.ReceiveInfo{ReceiveCount: 1, FirstReceiveAt: at(t3), SentAt: at(2 * time.Second), SenderId: "000000000000"}},
				{"c", sqs.ReceiveInfo{ReceiveCount: 1, FirstReceiveAt: at(t3), SentAt: at(2 * time.Second), SenderId: "000000000000"}},
				{"d", sqs.ReceiveInfo{ReceiveCount: 1, FirstReceiveAt: at(t3), SentAt: at(2 * time.Second), SenderId: "000000000000"}},
				{"a", sqs.ReceiveInfo{ReceiveCount: 2, FirstReceiveAt: at(t3), SentAt: at(0), SenderId: "000000000000"}},
			}, got)
		})
	}
}

// Without ReceiveInfos a batch has no Infos, with or without a window.
func TestConsumerWithoutReceiveInfosHasNoInfos(t *testing.T) {
	for _, window := range []time.Duration{0, time.Second} {
		e := consSetup(t, "work", nil)
		e.send("a", "b", "c")
		e.consume(sqs.ConsumerConfig{Pollers: 1, Batching: sqs.Batching{Size: 2, Window: window}})
		e.clk.Advance(2 * time.Second)
		require.Equal(t, [][]string{{"a", "b"}, {"c"}}, e.bodies())
		for _, b := range e.batches {
			assert.Nil(t, b.batch.Infos)
		}
	}
}

// FailAll deletes nothing: the whole batch comes back.
func TestConsumerFailAllLeavesEveryMessage(t *testing.T) {
	e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "30"})
	e.done = func(b *sqs.Batch) { b.Done(sqs.Outcome{FailAll: len(e.batches) == 1}) }
	e.send("a", "b")
	e.consume(sqs.ConsumerConfig{Pollers: 1})
	require.Len(t, e.batches, 1)
	assert.Equal(t, 2, e.stats().InFlight)

	e.clk.Advance(30 * time.Second)

	assert.Equal(t, [][]string{{"a", "b"}, {"a", "b"}}, e.bodies())
	assert.Equal(t, 2, e.stats().Deleted)
	assert.Equal(t, 2, e.c.Stats().Returned)
}

// A handler is user code: one that panics is a worker crashing with its
// batch. No message of it is deleted, they come back after the visibility
// timeout, and the poller goes on to receive them again, where the panic
// used to unwind through the goroutine that sent or advanced the clock and
// leave the poller busy for good.
func TestConsumerHandlerPanicFailsTheBatchAndThePollerGoesOn(t *testing.T) {
	e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "30"})
	e.done = func(b *sqs.Batch) {
		if len(e.batches) == 1 {
			panic("worker crashed")
		}
		b.Done(sqs.Outcome{})
	}
	e.send("a", "b")
	assert.NotPanics(t, func() { e.consume(sqs.ConsumerConfig{Pollers: 1}) })
	require.Len(t, e.batches, 1)
	assert.Equal(t, 2, e.stats().InFlight)
	assert.Equal(t, 1, e.c.Pollers())

	e.clk.Advance(30 * time.Second)

	assert.Equal(t, [][]string{{"a", "b"}, {"a", "b"}}, e.bodies())
	assert.Equal(t, 2, e.stats().Deleted)
	assert.Equal(t, 2, e.c.Stats().Returned)
}

// A handler that reports its batch done and then panics keeps the outcome
// it reported: the batch is not failed a second time.
func TestConsumerHandlerPanicAfterDoneKeepsItsOutcome(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.done = func(b *sqs.Batch) {
		b.Done(sqs.Outcome{})
		panic("crashed after the work was done")
	}
	e.send("a")
	e.consume(sqs.ConsumerConfig{Pollers: 1})

	assert.Equal(t, 1, e.stats().Deleted)
	assert.Zero(t, e.c.Stats().Returned)
	assert.Equal(t, 1, e.c.Pollers())
}

// StopPoller stops the poller that handled the batch.
func TestConsumerStopPollerRunsOnePollerFewer(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.done = func(b *sqs.Batch) { b.Done(sqs.Outcome{StopPoller: true}) }
	e.consume(sqs.ConsumerConfig{Pollers: 3})

	e.send("a")

	assert.Equal(t, 2, e.c.Pollers())
	assert.Equal(t, 2, e.stats().Waiting)
	assert.Equal(t, 1, e.stats().Deleted)
}

// Done called twice for one batch is a programmer error.
func TestBatchDoneTwicePanics(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.done = func(b *sqs.Batch) {}
	e.consume(sqs.ConsumerConfig{Pollers: 1})
	e.send("a")
	require.Len(t, e.batches, 1)
	b := e.batches[0].batch
	b.Done(sqs.Outcome{})
	assert.Panics(t, func() { b.Done(sqs.Outcome{}) })
}

// A handler that reports each batch done at once drains a backlog in one
// call, each batch's step after the last one's, without the stack growing
// with the backlog.
func TestConsumerDrainsBacklogWithoutNesting(t *testing.T) {
	e := consSetup(t, "work", nil)
	e.send(consBodies("m", 3000)...)
	depth := 0
	e.done = func(b *sqs.Batch) {
		depth = max(depth, runtime.Callers(0, make([]uintptr, 512)))
		b.Done(sqs.Outcome{})
	}

	e.consume(sqs.ConsumerConfig{Pollers: 1})

	assert.Len(t, e.batches, 300)
	assert.Equal(t, 3000, e.stats().Deleted)
	assert.Less(t, depth, 64, "stack depth of the handler")
}

// Pollers.

// SetPollers starts missing pollers at once and withdraws the long polls
// of extra ones; an extra poller busy with a batch stops when the batch is
// done.
func TestConsumerSetPollersStartsAndStopsPollers(t *testing.T) {
	e := consSetup(t, "work", nil)
	var held []*sqs.Batch
	e.done = func(b *sqs.Batch) { held = append(held, b) }
	c := e.consume(sqs.ConsumerConfig{})
	assert.Zero(t, c.Pollers())
	assert.Zero(t, e.stats().Waiting)

	c.SetPollers(5)
	assert.Equal(t, 5, c.Pollers())
	assert.Equal(t, 5, e.stats().Waiting)
	e.send("a", "b") // two pollers are busy with them
	require.Len(t, held, 2)
	assert.Equal(t, 3, e.stats().Waiting)

	c.SetPollers(1)
	assert.Zero(t, e.stats().Waiting, "the waiting extras stop at once")
	assert.Equal(t, 2, c.Pollers())
	held[0].Done(sqs.Outcome{})
	assert.Equal(t, 1, c.Pollers(), "a busy extra stops after its batch")
	assert.Zero(t, e.stats().Waiting)
	held[1].Done(sqs.Outcome{})
	assert.Equal(t, 1, c.Pollers())
	assert.Equal(t, 1, e.stats().Waiting, "the one left polls again")
	assert.Equal(t, 5, c.Stats().PeakPollers)
	assert.Panics(t, func() { c.SetPollers(-1) })
}

// With IdlePollers, a poller whose long poll comes back empty stops while
// more than IdlePollers run.
func TestConsumerIdlePollersStopDownToIdlePollers(t *testing.T) {
	e := consSetup(t, "work", nil)
	c := e.consume(sqs.ConsumerConfig{Pollers: 8, IdlePollers: 3, WaitTime: 20 * time.Second})

	e.clk.Advance(20*time.Second - time.Millisecond)
	assert.Equal(t, 8, c.Pollers())
	e.clk.Advance(time.Millisecond)
	assert.Equal(t, 3, c.Pollers())
	e.clk.Advance(time.Minute)
	assert.Equal(t, 3, c.Pollers())
	assert.Equal(t, 3, e.stats().Waiting)
}

// SetPollers(0) stops the consumer: no more receives, and what the pool
// held comes back after its visibility timeout; SetPollers starts it
// again.
func TestConsumerStoppedLeavesGatheredMessagesToComeBack(t *testing.T) {
	e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "30"})
	c := e.consume(sqs.ConsumerConfig{Pollers: 2, Batching: sqs.Batching{Window: 10 * time.Second}})
	e.send("gathered")
	require.Equal(t, 1, c.Stats().Pooled)

	c.SetPollers(0)
	e.send("while stopped")
	e.clk.Advance(time.Minute)

	assert.Empty(t, e.batches)
	assert.Zero(t, c.Pollers())
	assert.Zero(t, e.stats().Waiting)
	assert.Equal(t, 2, e.stats().Visible)
	assert.Equal(t, 1, e.stats().Received)
	st := c.Stats()
	assert.Zero(t, st.Pooled)
	assert.Equal(t, 1, st.Returned)

	c.SetPollers(1)
	e.clk.Advance(10 * time.Second)
	require.Len(t, e.batches, 1)
	assert.ElementsMatch(t, []string{"gathered", "while stopped"}, e.batches[0].bodies())
}

// Deleting the queue stops every poller.
func TestConsumerStopsWhenItsQueueIsDeleted(t *testing.T) {
	e := consSetup(t, "work", nil)
	c := e.consume(sqs.ConsumerConfig{Pollers: 3})

	_, err := e.svc.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: e.url})
	require.NoError(t, err)

	assert.Zero(t, c.Pollers())
	e.clk.Advance(time.Minute)
	assert.Zero(t, c.Pollers())
}

// Configuration.

// NewConsumer refuses settings out of range, and a queue that does not
// exist, and then starts nothing.
func TestNewConsumerRefusesBadConfig(t *testing.T) {
	handler := func(b *sqs.Batch) { b.Done(sqs.Outcome{}) }
	for _, tc := range []struct {
		name     string
		cfg      sqs.ConsumerConfig
		sentinel error
	}{
		{"no handler", sqs.ConsumerConfig{}, sqs.ErrInvalidParameterValue},
		{"negative pollers", sqs.ConsumerConfig{Handler: handler, Pollers: -1}, sqs.ErrInvalidParameterValue},
		{"negative idle pollers", sqs.ConsumerConfig{Handler: handler, IdlePollers: -1}, sqs.ErrInvalidParameterValue},
		{"negative size", sqs.ConsumerConfig{Handler: handler, Batching: sqs.Batching{Size: -1}}, sqs.ErrInvalidParameterValue},
		{"negative window", sqs.ConsumerConfig{Handler: handler, Batching: sqs.Batching{Window: -time.Second}}, sqs.ErrInvalidParameterValue},
		{"negative max bytes", sqs.ConsumerConfig{Handler: handler, Batching: sqs.Batching{MaxBytes: -1}}, sqs.ErrInvalidParameterValue},
		{"short poll", sqs.ConsumerConfig{Handler: handler, WaitTime: 500 * time.Millisecond}, sqs.ErrInvalidParameterValue},
		{"wait 21 s", sqs.ConsumerConfig{Handler: handler, WaitTime: 21 * time.Second}, sqs.ErrInvalidParameterValue},
		{"wait 1.5 s", sqs.ConsumerConfig{Handler: handler, WaitTime: 1500 * time.Millisecond}, sqs.ErrInvalidParameterValue},
		{"visibility 13 h", sqs.ConsumerConfig{Handler: handler, VisibilityTimeout: sqs.Duration(13 * time.Hour)}, sqs.ErrInvalidParameterValue},
		{"unknown attribute", sqs.ConsumerConfig{Handler: handler, MessageSystemAttributeNames: []string{"Colour"}}, sqs.ErrInvalidAttributeName},
		{"unknown queue", sqs.ConsumerConfig{Handler: handler, QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/nope"}, sqs.ErrQueueDoesNotExist},
		{"no queue", sqs.ConsumerConfig{Handler: handler, QueueUrl: "-"}, sqs.ErrMissingParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := consSetup(t, "work", nil)
			cfg := tc.cfg
			switch cfg.QueueUrl {
			case "":
				cfg.QueueUrl = e.url
			case "-":
				cfg.QueueUrl = ""
			}

			c, err := e.svc.NewConsumer(cfg)

			assert.Nil(t, c)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.sentinel), "want %v, got %v", tc.sentinel, err)
			assert.Zero(t, e.stats().Waiting)
		})
	}
}

// Clocks, determinism, concurrency.

// consClockScenario runs one consumer scenario on svc: a message whose
// batch fails comes back after the 30-second visibility timeout and is
// handed over again. advance moves the service's clock. The handler hands
// each message's body and receive count to a channel, which the scenario
// reads, so it waits for batches handed over on other goroutines without
// sleeping.
func consClockScenario(t *testing.T, svc *sqs.Service, advance func(time.Duration)) {
	t.Helper()
	ctx := context.Background()
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "work"})
	require.NoError(t, err)
	got := make(chan string, 10)
	c, err := svc.NewConsumer(sqs.ConsumerConfig{
		QueueUrl: q.QueueUrl, Pollers: 2, MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount},
		Handler: func(b *sqs.Batch) {
			var out sqs.Outcome
			for _, m := range b.Messages {
				n := m.Attributes[sqs.SysAttributeApproximateReceiveCount]
				if n == "1" {
					out.Failed = append(out.Failed, m.MessageId)
				}
				got <- m.Body + " receive " + n
			}
			b.Done(out)
		},
	})
	require.NoError(t, err)

	// The send hands the message to a waiting poller, and the batch is
	// handled and reported done before SendMessage returns.
	_, err = svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "flaky"})
	require.NoError(t, err)
	assert.Equal(t, "flaky receive 1", <-got)
	st, _ := svc.Inspect().Stats(q.QueueUrl)
	assert.Equal(t, 1, st.InFlight)
	assert.Zero(t, st.Deleted)
	assert.Equal(t, 1, c.Stats().Returned)

	advance(31 * time.Second)
	assert.Equal(t, "flaky receive 2", <-got, "handed over again after the visibility timeout")
}

// The consumer works with every clock: the sim.Clock, clock.Mock and the
// real clock inside a testing/synctest bubble.
func TestConsumerUnderThreeClocks(t *testing.T) {
	underThreeClocks(t, consT0, consClockScenario)
}

// consDeterminismRun sends a seeded random workload to a queue consumed
// with a batching window and random failures, and returns the batches and
// the queue's event log as text.
func consDeterminismRun(t *testing.T, seed uint64) []string {
	e := consSetup(t, "work", map[string]string{sqs.AttributeVisibilityTimeout: "5"}, sqs.WithSeed(seed), sqs.WithHistory())
	rng := sim.NewRand(seed)
	e.done = func(b *sqs.Batch) {
		var out sqs.Outcome
		for _, m := range b.Messages {
			if rng.IntN(4) == 0 {
				out.Failed = append(out.Failed, m.MessageId)
			}
		}
		e.clk.Schedule(time.Duration(rng.IntN(3000))*time.Millisecond, func() { b.Done(out) })
	}
	e.consume(sqs.ConsumerConfig{Pollers: 4, IdlePollers: 2, WaitTime: 2 * time.Second, Batching: sqs.Batching{Size: 6, Window: 2 * time.Second}})
	for i := range 200 {
		e.send("m-" + strconv.Itoa(i))
		e.clk.Advance(time.Duration(rng.IntN(400)) * time.Millisecond)
	}
	e.clk.Advance(5 * time.Minute)

	var log []string
	for _, b := range e.batches {
		var ids []string
		for _, m := range b.batch.Messages {
			ids = append(ids, m.MessageId+"/"+m.ReceiptHandle)
		}
		log = append(log, fmt.Sprintf("batch %s %s", b.at.Format(time.RFC3339Nano), strings.Join(ids, ",")))
	}
	for _, ev := range e.svc.Inspect().Events() {
		log = append(log, ev.String())
	}
	assert.Zero(t, e.stats().Visible+e.stats().InFlight, "seed %d: drained", seed)
	return log
}

// Determinism (package documentation): the same seed, the same calls and the same clock
// moves give the same batches, receipt handles and event log.
func TestConsumerRunsAreDeterministic(t *testing.T) {
	first := consDeterminismRun(t, 11)
	require.Greater(t, len(first), 600)
	assert.Equal(t, first, consDeterminismRun(t, 11))
	assert.NotEqual(t, first, consDeterminismRun(t, 12))
}

// Senders on several goroutines deliver to the consumer's long polls at
// once; the consumer runs its steps one at a time, and every message is
// handed over and deleted once.
func TestConsumerIsSafeForConcurrentSenders(t *testing.T) {
	e := consSetup(t, "work", nil)
	var mu sync.Mutex
	seen := map[string]int{}
	e.done = func(b *sqs.Batch) {
		mu.Lock()
		for _, m := range b.Messages {
			seen[m.Body]++
		}
		mu.Unlock()
		b.Done(sqs.Outcome{})
	}
	c, err := e.svc.NewConsumer(sqs.ConsumerConfig{QueueUrl: e.url, Pollers: 5, Handler: func(b *sqs.Batch) { e.done(b) }})
	require.NoError(t, err)

	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 250 {
				_, err := e.svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: e.url, MessageBody: fmt.Sprintf("g%d-%d", g, i)})
				assert.NoError(t, err)
				if i%50 == 0 {
					_ = c.Stats()
				}
			}
		})
	}
	wg.Wait()

	assert.Len(t, seen, 1000)
	for body, n := range seen {
		assert.Equal(t, 1, n, body)
	}
	st := e.stats()
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 1000, c.Stats().Deleted)
}
