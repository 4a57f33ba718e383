package sqs_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Concurrency: a Service is safe for concurrent use (package
// documentation, "Concurrency"). Producers and consumers run
// against one service on a sim clock nobody advances, so no visibility
// timeout expires and every message must be delivered exactly once.

const (
	concProducers = 4
	concConsumers = 4
	concMessages  = 3000 // per queue
	concGroups    = 8    // FIFO message groups, two per producer
)

// concDeadline bounds a run in real time, so that a deadlock fails the
// test instead of hanging it. It is a guard, never part of the scenario.
const concDeadline = 60 * time.Second

// concResult is what a run of consumers reports.
type concResult struct {
	deleted  int64
	errs     []error
	timedOut bool
}

// concConsume runs consumers that long-poll url until total messages have
// been deleted, calling handle for each received message before deleting
// it. It returns once all consumers have stopped.
func concConsume(svc *sqs.Service, url string, total int, handle func(m sqs.Message)) concResult {
	guard, stop := context.WithTimeout(context.Background(), concDeadline)
	defer stop()
	ctx, done := context.WithCancel(guard)
	defer done()
	var deleted atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, concConsumers)
	for range concConsumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
					QueueUrl: url, MaxNumberOfMessages: 10, WaitTime: sqs.Duration(20 * time.Second),
					MessageSystemAttributeNames: []string{sqs.SysAttributeMessageGroupId},
				})
				if err != nil {
					if ctx.Err() == nil {
						errs <- err
					}
					return
				}
				for _, m := range out.Messages {
					handle(m)
					// Background, not ctx: a delete must not be cut short
					// by the end of the run.
					if _, err := svc.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle}); err != nil {
						errs <- err
						return
					}
					if deleted.Add(1) == int64(total) {
						done()
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	r := concResult{deleted: deleted.Load(), timedOut: guard.Err() != nil}
	for err := range errs {
		r.errs = append(r.errs, err)
	}
	return r
}

// concCheck asserts that a run of consumers deleted total messages
// without error.
func concCheck(t *testing.T, r concResult, total int) {
	t.Helper()
	require.Empty(t, r.errs)
	require.False(t, r.timedOut, "consumers did not finish within %v: %d of %d deleted", concDeadline, r.deleted, total)
	require.EqualValues(t, total, r.deleted)
}

// concProduce runs producers; producer p calls send(p, i) for its share i
// of the messages. It returns once all producers have finished.
func concProduce(t *testing.T, send func(p, i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, concProducers)
	for p := range concProducers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range concMessages / concProducers {
				if err := send(p, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// TestConcurrentStandardQueueDeliversEveryMessageOnce: with producers and
// consumers racing on a standard queue and no visibility timeout expiring,
// every message sent is received exactly once and deleted (at-least-once
// delivery; duplicates only after a timeout).
func TestConcurrentStandardQueueDeliversEveryMessageOnce(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "conc-std", Attributes: map[string]string{
		sqs.AttributeVisibilityTimeout: "43200",
	}})
	require.NoError(t, err)

	var mu sync.Mutex
	sentIDs := map[string]string{}  // MessageId → body
	received := map[string]int{}    // MessageId → receives
	bodies := map[string]struct{}{} // bodies received

	var consumed sync.WaitGroup
	var result concResult
	consumed.Add(1)
	go func() {
		defer consumed.Done()
		result = concConsume(svc, q.QueueUrl, concMessages, func(m sqs.Message) {
			mu.Lock()
			defer mu.Unlock()
			received[m.MessageId]++
			bodies[m.Body] = struct{}{}
		})
	}()
	concProduce(t, func(p, i int) error {
		body := fmt.Sprintf("p%d-%d", p, i)
		out, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: body})
		if err == nil {
			mu.Lock()
			sentIDs[out.MessageId] = body
			mu.Unlock()
		}
		return err
	})
	consumed.Wait()
	concCheck(t, result, concMessages)

	require.Len(t, sentIDs, concMessages, "message IDs are unique")
	require.Len(t, received, concMessages)
	for id, n := range received {
		assert.Equal(t, 1, n, "message %s received %d times", id, n)
		_, ok := sentIDs[id]
		assert.True(t, ok, "received %s, which was never sent", id)
	}
	assert.Len(t, bodies, concMessages)
	st, ok := svc.Inspect().Stats(q.QueueUrl)
	require.True(t, ok)
	assert.Equal(t, sqs.QueueStats{Sent: concMessages, Received: concMessages, Deleted: concMessages}, st)
}

// TestConcurrentFifoQueueKeepsOrderWithinEachGroup: with producers and
// consumers racing on a FIFO queue, each message is delivered once and the
// messages of each group arrive in the order they were sent, because a
// group with a message in flight yields nothing else (FIFO ordering and
// group locking).
func TestConcurrentFifoQueueKeepsOrderWithinEachGroup(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(sqs.WithClock(clk))
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "conc.fifo", Attributes: map[string]string{
		sqs.AttributeFifoQueue: "true", sqs.AttributeVisibilityTimeout: "43200",
	}})
	require.NoError(t, err)

	const perGroup = concMessages / concGroups
	const groupsPerProducer = concGroups / concProducers
	var mu sync.Mutex
	nextIndex := map[string]int{} // group → index of the next message expected
	received := map[string]int{}  // MessageId → receives
	var outOfOrder []string

	var consumed sync.WaitGroup
	var result concResult
	consumed.Add(1)
	go func() {
		defer consumed.Done()
		result = concConsume(svc, q.QueueUrl, concMessages, func(m sqs.Message) {
			group, idx, ok := strings.Cut(m.Body, "/")
			n, err := strconv.Atoi(idx)
			mu.Lock()
			defer mu.Unlock()
			received[m.MessageId]++
			if !ok || err != nil || group != m.Attributes[sqs.SysAttributeMessageGroupId] || n != nextIndex[group] {
				outOfOrder = append(outOfOrder, fmt.Sprintf("%s (expected index %d)", m.Body, nextIndex[group]))
			}
			nextIndex[group] = n + 1
		})
	}()
	// Producer p owns groups p*groupsPerProducer…, and sends their
	// messages interleaved, each group's in index order.
	concProduce(t, func(p, i int) error {
		group := "g" + strconv.Itoa(p*groupsPerProducer+i%groupsPerProducer)
		idx := i / groupsPerProducer
		body := group + "/" + strconv.Itoa(idx)
		_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: q.QueueUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: body,
		})
		return err
	})
	consumed.Wait()
	concCheck(t, result, concMessages)

	assert.Empty(t, outOfOrder, "messages out of order within their group")
	require.Len(t, received, concMessages)
	for id, n := range received {
		assert.Equal(t, 1, n, "message %s received %d times", id, n)
	}
	require.Len(t, nextIndex, concGroups)
	for g, n := range nextIndex {
		assert.Equal(t, perGroup, n, "group %s", g)
	}
	st, ok := svc.Inspect().Stats(q.QueueUrl)
	require.True(t, ok)
	assert.Equal(t, sqs.QueueStats{Sent: concMessages, Received: concMessages, Deleted: concMessages}, st)
}
