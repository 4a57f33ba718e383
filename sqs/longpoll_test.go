package sqs_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Helpers of the long-polling tests.

var lpT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// lpSetup returns a virtual clock, a service on it and a standard queue
// with the given attributes.
func lpSetup(t *testing.T, attrs map[string]string) (*sim.Clock, *sqs.Service, string) {
	t.Helper()
	clk := sim.NewClock(lpT0)
	svc := sqs.New(sqs.WithClock(clk))
	out, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "jobs", Attributes: attrs})
	require.NoError(t, err)
	return clk, svc, out.QueueUrl
}

// lpResult is what a ReceiveMessage in a goroutine returned, and the
// clock's time when it did.
type lpResult struct {
	out *sqs.ReceiveMessageOutput
	err error
	at  time.Time
}

func (r lpResult) bodies() []string {
	if r.out == nil {
		return nil
	}
	return fifoBodies(r.out.Messages)
}

// lpStart runs ReceiveMessage in a goroutine and waits until it has either
// returned or blocked on the clock, as the n-th goroutine blocked there.
// It reports which.
func lpStart(t *testing.T, ctx context.Context, clk *sim.Clock, svc *sqs.Service, in *sqs.ReceiveMessageInput, n int) (<-chan lpResult, bool) {
	t.Helper()
	res := make(chan lpResult, 1)
	go func() {
		out, err := svc.ReceiveMessage(ctx, in)
		res <- lpResult{out: out, err: err, at: clk.Now()}
	}()
	bctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	blocked := make(chan error, 1)
	go func() { blocked <- clk.BlockUntil(bctx, n) }()
	select {
	case err := <-blocked:
		require.NoError(t, err)
		return res, true
	case r := <-res:
		ch := make(chan lpResult, 1)
		ch <- r
		return ch, false
	}
}

// lpPoll starts a long poll in a goroutine and waits until it is blocked
// (the n-th goroutine blocked on the clock).
func lpPoll(t *testing.T, ctx context.Context, clk *sim.Clock, svc *sqs.Service, in *sqs.ReceiveMessageInput, n int) <-chan lpResult {
	t.Helper()
	res, blocked := lpStart(t, ctx, clk, svc, in, n)
	if !blocked {
		r := <-res
		t.Fatalf("ReceiveMessage returned without waiting: %v %v", r.bodies(), r.err)
	}
	return res
}

// lpReady reports whether a result has come, without waiting for one.
func lpReady(res <-chan lpResult) bool { return len(res) > 0 }

func lpSend(t *testing.T, svc *sqs.Service, url, body string, delay *time.Duration) {
	t.Helper()
	_, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: body, Delay: delay})
	require.NoError(t, err)
}

func lpWaiting(t *testing.T, svc *sqs.Service, url string) int {
	t.Helper()
	st, ok := svc.Inspect().Stats(url)
	require.True(t, ok)
	return st.Waiting
}

// Long polling with ReceiveMessage.

// A long poll returns as soon as a message is sent, without waiting for
// the end of its wait time.
func TestLongPollReturnsAsSoonAsMessageIsSent(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	require.Equal(t, 1, lpWaiting(t, svc, url))

	lpSend(t, svc, url, "hello", nil)
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"hello"}, r.bodies())
	assert.Equal(t, lpT0, r.at, "returned at the instant of the send")
	assert.Equal(t, lpT0, clk.Now(), "the clock never moved")
	assert.Equal(t, 0, clk.Blocked())
	assert.Equal(t, 0, lpWaiting(t, svc, url))
}

// A long poll returns when a delayed message's delay ends, at that
// instant.
func TestLongPollReturnsWhenDelayEnds(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "later", sqs.Duration(10*time.Second))
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)

	clk.Advance(9 * time.Second)
	assert.Equal(t, 1, lpWaiting(t, svc, url), "still delayed")
	assert.False(t, lpReady(res))
	clk.Advance(time.Second)
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"later"}, r.bodies())
	assert.Equal(t, lpT0.Add(10*time.Second), r.at)
}

// A long poll returns when an in-flight message's visibility timeout
// expires, at that instant, with the message's receive count raised.
func TestLongPollReturnsWhenVisibilityTimeoutExpires(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "retry me", nil)
	first, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
	require.NoError(t, err)
	require.Len(t, first.Messages, 1)

	clk.Advance(15 * time.Second)
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{
		QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second), MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount},
	}, 1)
	clk.Advance(14 * time.Second)
	assert.Equal(t, 1, lpWaiting(t, svc, url), "still in flight")
	clk.Advance(time.Second)
	r := <-res

	require.NoError(t, r.err)
	require.Equal(t, []string{"retry me"}, r.bodies())
	assert.Equal(t, lpT0.Add(sqs.DefaultVisibilityTimeout), r.at, "returned when the timeout expired")
	assert.Equal(t, "2", r.out.Messages[0].Attributes[sqs.SysAttributeApproximateReceiveCount])
	assert.Equal(t, first.Messages[0].MessageId, r.out.Messages[0].MessageId)
}

// A long poll that finds nothing returns an empty response, no error,
// when its wait time ends.
func TestLongPollReturnsEmptyAfterWaitTime(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)

	clk.Advance(19 * time.Second)
	assert.Equal(t, 1, lpWaiting(t, svc, url))
	assert.False(t, lpReady(res))
	clk.Advance(time.Second)
	r := <-res

	require.NoError(t, r.err)
	require.NotNil(t, r.out)
	assert.Empty(t, r.out.Messages)
	assert.Equal(t, lpT0.Add(20*time.Second), r.at)
	assert.Equal(t, 0, lpWaiting(t, svc, url))
}

// A long poll with messages available returns at once, even with fewer
// than MaxNumberOfMessages.
func TestLongPollReturnsAvailableMessagesWithoutFillingBatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "a", nil)
	lpSend(t, svc, url, "b", nil)

	res, blocked := lpStart(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	if blocked {
		cancel()
		t.Fatal("the long poll waited although messages were available")
	}
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"a", "b"}, r.bodies())
	assert.Equal(t, lpT0, r.at)
}

// With no WaitTime given, ReceiveMessage waits for the queue's
// ReceiveMessageWaitTimeSeconds; a WaitTime of 0 makes it a short poll.
func TestLongPollUsesQueueWaitTimeWhenWaitTimeIsNil(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk, svc, url := lpSetup(t, map[string]string{sqs.AttributeReceiveMessageWaitTimeSeconds: "10"})

	short, blocked := lpStart(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(0)}, 1)
	if blocked {
		cancel()
		t.Fatal("WaitTime 0 waited")
	}
	r := <-short
	require.NoError(t, r.err)
	assert.Empty(t, r.bodies())

	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url}, 1)
	clk.Advance(9 * time.Second)
	assert.False(t, lpReady(res))
	assert.Equal(t, 1, lpWaiting(t, svc, url))
	clk.Advance(time.Second)
	r = <-res
	require.NoError(t, r.err)
	assert.Empty(t, r.bodies())
	assert.Equal(t, lpT0.Add(10*time.Second), r.at, "waited the queue's 10 s")
}

// A long poll whose context is cancelled returns ctx.Err() at once, and
// takes no message.
func TestLongPollReturnsContextErrorWhenCancelled(t *testing.T) {
	clk, svc, url := lpSetup(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)

	cancel()
	r := <-res
	assert.Equal(t, context.Canceled, r.err, "ctx.Err() unchanged")
	assert.Nil(t, r.out)
	assert.Equal(t, lpT0, r.at)
	assert.Equal(t, 0, lpWaiting(t, svc, url))

	lpSend(t, svc, url, "kept", nil)
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Equal(t, []string{"kept"}, fifoBodies(out.Messages), "the cancelled poll took nothing")
}

// A context deadline in the service's clock ends a long poll with
// DeadlineExceeded at the deadline, before the wait time.
func TestLongPollReturnsDeadlineExceededAtContextDeadline(t *testing.T) {
	clk, svc, url := lpSetup(t, nil)
	ctx, cancel := clk.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)

	clk.Advance(5 * time.Second)
	r := <-res
	assert.True(t, errors.Is(r.err, context.DeadlineExceeded), "got %v", r.err)
	assert.Equal(t, lpT0.Add(5*time.Second), r.at)
	assert.Equal(t, 0, lpWaiting(t, svc, url))
}

// Waiting long polls are served first come first served, the same way on
// every run.
func TestLongPollsAreServedInArrivalOrder(t *testing.T) {
	run := func() []string {
		ctx := context.Background()
		clk, svc, url := lpSetup(t, nil)
		var mu sync.Mutex
		var log []string
		for _, name := range []string{"first", "second", "third"} {
			svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)},
				func(out *sqs.ReceiveMessageOutput, err error) {
					mu.Lock()
					defer mu.Unlock()
					require.NoError(t, err)
					for _, m := range out.Messages {
						log = append(log, fmt.Sprintf("%s %s %s %s", clk.Now().Format(time.TimeOnly), name, m.Body, m.MessageId))
					}
					if len(out.Messages) == 0 {
						log = append(log, fmt.Sprintf("%s %s empty", clk.Now().Format(time.TimeOnly), name))
					}
				})
		}
		require.Equal(t, 3, lpWaiting(t, svc, url))

		lpSend(t, svc, url, "m1", nil)
		clk.Advance(time.Second)
		_, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
			{Id: "2", MessageBody: "m2"}, {Id: "3", MessageBody: "m3"}, {Id: "4", MessageBody: "m4"},
		}})
		require.NoError(t, err)
		assert.Equal(t, 0, lpWaiting(t, svc, url))
		st, _ := svc.Inspect().Stats(url)
		assert.Equal(t, 1, st.Visible, "m4 is left for the next poll")
		mu.Lock()
		defer mu.Unlock()
		return log
	}

	first := run()
	require.Len(t, first, 3)
	for i, want := range []string{"00:00:00 first m1", "00:00:01 second m2", "00:00:01 third m3"} {
		assert.Contains(t, first[i], want)
	}
	assert.Equal(t, first, run(), "same calls, same clock moves: same log")
}

// Long polling with ReceiveMessageAsync.

// ReceiveMessageAsync calls back before it returns when messages are
// available (or the input is invalid); its cancel func then reports false.
func TestReceiveMessageAsyncCallsBackAtOnceWhenMessagesAreAvailable(t *testing.T) {
	_, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "ready", nil)

	var got *sqs.ReceiveMessageOutput
	cancel := svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)},
		func(out *sqs.ReceiveMessageOutput, err error) {
			require.NoError(t, err)
			got = out
		})
	require.NotNil(t, got, "called back before returning")
	assert.Equal(t, []string{"ready"}, fifoBodies(got.Messages))
	assert.False(t, cancel(), "nothing left to cancel")

	var bad error
	svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 11}, func(_ *sqs.ReceiveMessageOutput, err error) { bad = err })
	assert.True(t, errors.Is(bad, sqs.ErrInvalidParameterValue), "got %v", bad)
}

// A waiting ReceiveMessageAsync is called back later by the goroutine
// that advances the clock, at the instant a message becomes visible or the
// wait ends.
func TestReceiveMessageAsyncCallsBackFromAdvance(t *testing.T) {
	clk, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "delayed", sqs.Duration(5*time.Second))

	var calls []lpResult
	poll := func() {
		svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)},
			func(out *sqs.ReceiveMessageOutput, err error) {
				calls = append(calls, lpResult{out: out, err: err, at: clk.Now()})
			})
	}
	poll()
	assert.Empty(t, calls, "nothing available yet")
	clk.Advance(4 * time.Second)
	assert.Empty(t, calls)
	clk.Advance(time.Second)
	require.Len(t, calls, 1)
	assert.Equal(t, []string{"delayed"}, calls[0].bodies())
	assert.Equal(t, lpT0.Add(5*time.Second), calls[0].at)

	poll()
	clk.Advance(time.Minute)
	require.Len(t, calls, 2)
	require.NoError(t, calls[1].err)
	assert.Empty(t, calls[1].bodies())
	assert.Equal(t, lpT0.Add(25*time.Second), calls[1].at, "called at the end of the wait")
}

// The cancel func of ReceiveMessageAsync withdraws a waiting poll: it is
// never called back and takes no message.
func TestReceiveMessageAsyncCancelWithdrawsThePoll(t *testing.T) {
	clk, svc, url := lpSetup(t, nil)
	called := false
	cancel := svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)},
		func(*sqs.ReceiveMessageOutput, error) { called = true })
	require.Equal(t, 1, lpWaiting(t, svc, url))

	assert.True(t, cancel())
	assert.Equal(t, 0, lpWaiting(t, svc, url))
	lpSend(t, svc, url, "kept", nil)
	clk.Advance(time.Minute)

	assert.False(t, called)
	assert.False(t, cancel(), "already withdrawn")
	st, _ := svc.Inspect().Stats(url)
	assert.Equal(t, 1, st.Visible)
}

// DeleteQueue ends the long polls waiting on the queue with
// QueueDoesNotExist.
func TestDeleteQueueEndsWaitingLongPolls(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	var asyncErr error
	svc.ReceiveMessageAsync(&sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)},
		func(_ *sqs.ReceiveMessageOutput, err error) { asyncErr = err })

	_, err := svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	require.NoError(t, err)

	r := <-res
	assert.True(t, errors.Is(r.err, sqs.ErrQueueDoesNotExist), "got %v", r.err)
	assert.Equal(t, lpT0, r.at)
	assert.True(t, errors.Is(asyncErr, sqs.ErrQueueDoesNotExist), "got %v", asyncErr)
	clk.Advance(time.Minute) // their time-outs are gone: nothing runs twice
}

// Inspector Stats.Waiting counts the long polls blocked on a queue.
func TestInspectorStatsCountsWaitingLongPolls(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	in := &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}
	assert.Equal(t, 0, lpWaiting(t, svc, url))

	res1 := lpPoll(t, ctx, clk, svc, in, 1)
	res2 := lpPoll(t, ctx, clk, svc, in, 2)
	async := 0
	svc.ReceiveMessageAsync(in, func(*sqs.ReceiveMessageOutput, error) { async++ })
	assert.Equal(t, 3, lpWaiting(t, svc, url))

	lpSend(t, svc, url, "one", nil)
	r1 := <-res1
	assert.Equal(t, []string{"one"}, r1.bodies(), "the first poll gets it")
	assert.Equal(t, 2, lpWaiting(t, svc, url))

	clk.Advance(20 * time.Second)
	r2 := <-res2
	assert.Empty(t, r2.bodies())
	assert.Equal(t, 1, async)
	assert.Equal(t, 0, lpWaiting(t, svc, url))
}

// One scenario, three clocks.

// lpVisibilityScenario checks that a received message that is not deleted
// is visible again once its 30-second visibility timeout has passed.
func lpVisibilityScenario(t *testing.T, svc *sqs.Service, advance func(time.Duration)) {
	t.Helper()
	ctx := context.Background()
	q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "work"})
	require.NoError(t, err)
	_, err = svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "job"})
	require.NoError(t, err)
	receive := func() []sqs.Message {
		t.Helper()
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: q.QueueUrl, MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount},
		})
		require.NoError(t, err)
		return out.Messages
	}

	first := receive()
	require.Len(t, first, 1)
	assert.Empty(t, receive(), "in flight")
	advance(29 * time.Second)
	assert.Empty(t, receive(), "29 s: still in flight")
	advance(2 * time.Second)
	again := receive()
	require.Len(t, again, 1, "31 s: visible again")
	assert.Equal(t, first[0].MessageId, again[0].MessageId)
	assert.Equal(t, "2", again[0].Attributes[sqs.SysAttributeApproximateReceiveCount])
	assert.NotEqual(t, first[0].ReceiptHandle, again[0].ReceiptHandle)

	_, err = svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: again[0].ReceiptHandle})
	require.NoError(t, err)
	advance(31 * time.Second)
	assert.Empty(t, receive(), "deleted: never again")
}

// A message not deleted reappears after its visibility timeout, whichever
// clock drives the service: sim.Clock, clock.Mock, or the real clock in a
// synctest bubble.
func TestMessageReappearsAfterVisibilityTimeoutUnderThreeClocks(t *testing.T) {
	underThreeClocks(t, lpT0, lpVisibilityScenario)
}

// underThreeClocks runs a scenario once with each kind of clock, as a
// subtest: a sim.Clock and a clock.Mock reading start, and the real clock
// inside a testing/synctest bubble. advance moves the service's clock.
func underThreeClocks(t *testing.T, start time.Time, scenario func(t *testing.T, svc *sqs.Service, advance func(time.Duration))) {
	t.Run("sim.Clock", func(t *testing.T) {
		clk := sim.NewClock(start)
		scenario(t, sqs.New(sqs.WithClock(clk)), clk.Advance)
	})
	t.Run("clock.Mock", func(t *testing.T) {
		mock := clock.NewMock()
		mock.Set(start)
		scenario(t, sqs.New(sqs.WithClock(mock)), mock.Add)
	})
	t.Run("synctest", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			scenario(t, sqs.New(), time.Sleep) // fake time inside the bubble
		})
	})
}

// A long poll with the real clock works inside a testing/synctest bubble:
// it returns when another goroutine sends, and empty after its wait time.
func TestLongPollInsideSynctestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		svc := sqs.New()
		q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "jobs"})
		require.NoError(t, err)
		in := &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTime: sqs.Duration(20 * time.Second)}
		start := time.Now()

		res := make(chan lpResult, 1)
		go func() {
			out, err := svc.ReceiveMessage(ctx, in)
			res <- lpResult{out: out, err: err, at: time.Now()}
		}()
		synctest.Wait() // the poll is waiting
		st, _ := svc.Inspect().Stats(q.QueueUrl)
		assert.Equal(t, 1, st.Waiting)

		go func() {
			time.Sleep(5 * time.Second) // fake time inside the bubble
			_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "hello"})
			assert.NoError(t, err)
		}()
		r := <-res
		require.NoError(t, r.err)
		assert.Equal(t, []string{"hello"}, r.bodies())
		assert.Equal(t, 5*time.Second, r.at.Sub(start), "returned at the send")

		out, err := svc.ReceiveMessage(ctx, in)
		require.NoError(t, err)
		assert.Empty(t, out.Messages)
		assert.Equal(t, 25*time.Second, time.Since(start), "empty after the 20 s wait")
	})
}

// Other ways a message becomes available to a waiting poll.

// A long poll on a FIFO queue whose only group is locked returns as soon
// as the in-flight message is deleted and the group's next message can be
// received.
func TestLongPollOnFifoQueueReturnsWhenGroupIsUnlocked(t *testing.T) {
	ctx := context.Background()
	clk, svc := fifoSetup(t)
	url := fifoQueue(t, svc, "q.fifo", nil)
	fifoSend(t, svc, url, "g", "1", "first")
	fifoSend(t, svc, url, "g", "2", "second")
	got := fifoReceive(t, svc, url, 1)
	require.Equal(t, []string{"first"}, fifoBodies(got))

	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	clk.Advance(5 * time.Second)
	assert.False(t, lpReady(res), "the group is locked")
	fifoDelete(t, svc, url, got...)
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"second"}, r.bodies())
	assert.Equal(t, fifoT0.Add(5*time.Second), r.at, "returned at the delete")
}

// A long poll returns when another consumer makes a message visible again
// with ChangeMessageVisibility 0.
func TestLongPollReturnsWhenVisibilityIsChangedToZero(t *testing.T) {
	ctx := context.Background()
	clk, svc, url := lpSetup(t, nil)
	lpSend(t, svc, url, "given back", nil)
	first, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
	require.NoError(t, err)
	require.Len(t, first.Messages, 1)

	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	clk.Advance(2 * time.Second)
	_, err = svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: first.Messages[0].ReceiptHandle})
	require.NoError(t, err)
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"given back"}, r.bodies())
	assert.Equal(t, lpT0.Add(2*time.Second), r.at)
}

// A long poll on a dead-letter queue returns when a receive on the source
// queue moves a message in.
func TestLongPollOnDeadLetterQueueReturnsWhenMessageIsMovedIn(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	dlqURL, dlqARN := dlqCreate(t, svc, "dlq", nil)
	srcURL, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqSend(t, svc, srcURL, "poison")
	require.Len(t, dlqReceive(t, svc, srcURL, 1, sqs.Duration(0)), 1)

	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: dlqURL, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	clk.Advance(3 * time.Second)
	require.Empty(t, dlqReceive(t, svc, srcURL, 1, nil), "this receive moves it")
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"poison"}, r.bodies())
	assert.Equal(t, dlqT0.Add(3*time.Second), r.at)
}

// A long poll on a source queue returns when a message move task moves a
// message back into it, at the instant of the move.
func TestLongPollReturnsWhenMoveTaskMovesMessageIn(t *testing.T) {
	ctx := context.Background()
	clk, svc := dlqSetup(t)
	_, dlqARN := dlqCreate(t, svc, "dlq", nil)
	srcURL, _ := dlqCreate(t, svc, "src", dlqRedrive(dlqARN, 1))
	dlqFail(t, svc, srcURL, "retry")

	res := lpPoll(t, ctx, clk, svc, &sqs.ReceiveMessageInput{QueueUrl: srcURL, WaitTime: sqs.Duration(20 * time.Second)}, 1)
	clk.Advance(4 * time.Second)
	_, err := svc.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: dlqARN})
	require.NoError(t, err)
	clk.Advance(0) // the task's first second
	r := <-res

	require.NoError(t, r.err)
	assert.Equal(t, []string{"retry"}, r.bodies())
	assert.Equal(t, dlqT0.Add(4*time.Second), r.at)
}
