package beanstalk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// sqsdStart is the instant every daemon test begins at.
var sqsdStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// sqsdPost is a POST the application received.
type sqsdPost struct {
	at     time.Time
	path   string
	header http.Header
	body   string
}

// sqsdHarness is a worker queue on a *sim.Clock, and the daemon of one
// instance once started, with an application that records the POSTs it
// gets.
type sqsdHarness struct {
	t      *testing.T
	clk    *sim.Clock
	queues *sqs.Service
	url    string
	d      *daemon
	posts  []sqsdPost
}

// newSQSDHarness makes the worker queue "worker-queue" with attrs.
func newSQSDHarness(t *testing.T, attrs map[string]string) *sqsdHarness {
	t.Helper()
	clk := sim.NewClock(sqsdStart)
	queues := sqs.New(sqs.WithClock(clk))
	out, err := queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "worker-queue", Attributes: attrs})
	require.NoError(t, err)
	return &sqsdHarness{t: t, clk: clk, queues: queues, url: out.QueueUrl}
}

// start starts the daemon with opts and an application of workers
// workers that answers status after latency.
func (h *sqsdHarness) start(opts sqsdOptions, workers int, status int, latency time.Duration) {
	h.t.Helper()
	h.startApp(opts, h.app(workers, status, latency))
}

// app returns an application of workers workers that records each POST
// and answers status after latency.
func (h *sqsdHarness) app(workers int, status int, latency time.Duration) elb.Backend {
	return elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			h.posts = append(h.posts, sqsdPost{at: h.clk.Now(), path: r.URL.Path, header: r.Header.Clone(), body: string(body)})
			w.WriteHeader(status)
		}),
		Latency: func(*http.Request) time.Duration { return latency },
		Workers: workers,
	}
}

// startApp starts the daemon with opts in front of app.
func (h *sqsdHarness) startApp(opts sqsdOptions, app elb.Backend) {
	h.t.Helper()
	d, err := startDaemon(daemonConfig{
		queues: h.queues, sched: h.queues.Account().Scheduler(), queueURL: h.url, queueName: "worker-queue", app: app, opts: opts,
	})
	require.NoError(h.t, err)
	h.d = d
	h.t.Cleanup(d.Stop)
}

// send sends a message to the worker queue and returns its ID.
func (h *sqsdHarness) send(body string, attrs map[string]sqs.MessageAttributeValue) string {
	h.t.Helper()
	out, err := h.queues.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: h.url, MessageBody: body, MessageAttributes: attrs})
	require.NoError(h.t, err)
	return out.MessageId
}

// at moves the clock to sqsdStart+d.
func (h *sqsdHarness) at(d time.Duration) { h.clk.AdvanceTo(sqsdStart.Add(d)) }

// stats returns the worker queue's counters.
func (h *sqsdHarness) stats() sqs.QueueStats {
	st, ok := h.queues.Inspect().Stats(h.url)
	require.True(h.t, ok)
	return st
}

// TestSQSDDeletesAMessageAnswered200: "When the application in the worker
// environment returns a 200 OK response … the daemon sends a
// DeleteMessage call", once the answer has come.
func TestSQSDDeletesAMessageAnswered200(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 1, http.StatusOK, time.Second)
	h.send("hello", nil)
	require.Len(t, h.posts, 1)
	assert.Equal(t, "hello", h.posts[0].body)

	h.at(time.Second - time.Millisecond)
	assert.Equal(t, 0, h.stats().Deleted, "deleted before the application answered")
	assert.Equal(t, 1, h.stats().InFlight)
	h.at(time.Second)
	st := h.stats()
	assert.Equal(t, 1, st.Deleted)
	assert.Zero(t, st.Visible+st.InFlight)
}

// TestSQSDReturnsAMessageAnsweredWithAnErrorAfterErrorVisibilityTimeout:
// "If the application returns any response other than 200 OK, Elastic
// Beanstalk waits to put the message back in the queue after the
// configured ErrorVisibilityTimeout period" (2 s by default), counted
// from the answer; the receive count grows.
func TestSQSDReturnsAMessageAnsweredWithAnErrorAfterErrorVisibilityTimeout(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 1, http.StatusInternalServerError, time.Second)
	h.send("hello", nil)

	h.at(3*time.Second - time.Millisecond)
	require.Len(t, h.posts, 1, "the message came back before the error visibility timeout")
	h.at(3 * time.Second)
	require.Len(t, h.posts, 2)
	assert.Equal(t, sqsdStart.Add(3*time.Second), h.posts[1].at)
	assert.Equal(t, "1", h.posts[0].header.Get("X-Aws-Sqsd-Receive-Count"))
	assert.Equal(t, "2", h.posts[1].header.Get("X-Aws-Sqsd-Receive-Count"))
	assert.Zero(t, h.stats().Deleted)
}

// TestSQSDDeletesOnlyOn200: another 2xx is "any response other than 200
// OK", and so is no response at all (nothing listening: status 0).
func TestSQSDDeletesOnlyOn200(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusAccepted, 0} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			h := newSQSDHarness(t, nil)
			if status == 0 { // the handler closes the connection
				h.startApp(defaultSQSDOptions(), elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })})
			} else {
				h.start(defaultSQSDOptions(), 1, status, 0)
			}
			h.send("hello", nil)
			h.at(time.Second)
			st := h.stats()
			assert.Zero(t, st.Deleted)
			assert.Equal(t, 1, st.InFlight)
			h.at(2 * time.Second) // ErrorVisibilityTimeout from the answer, at once
			assert.Equal(t, 2, h.stats().Received)
		})
	}
}

// TestSQSDSetsTheDocumentedHeaders: the daemon POSTs the body to HttpPath
// with User-Agent, Content-Type (MimeType), X-Aws-Sqsd-Msgid, -Queue,
// -First-Received-At (UTC ISO 8601), -Receive-Count, and an
// X-Aws-Sqsd-Attr-<name> header for every String and Number message
// attribute; "Binary attributes are discarded".
func TestSQSDSetsTheDocumentedHeaders(t *testing.T) {
	h := newSQSDHarness(t, nil)
	opts := defaultSQSDOptions()
	opts.HTTPPath, opts.MimeType = "/jobs", "text/plain"
	h.start(opts, 1, http.StatusOK, 0)
	h.at(90 * time.Second)
	id := h.send("the body", map[string]sqs.MessageAttributeValue{
		"color":  {DataType: "String", StringValue: "blue"},
		"count":  {DataType: "Number", StringValue: "42"},
		"kind":   {DataType: "String.custom", StringValue: "x"},
		"image":  {DataType: "Binary", BinaryValue: []byte{1, 2}},
		"thumbs": {DataType: "Binary.png", BinaryValue: []byte{3}},
	})
	require.Len(t, h.posts, 1)
	p := h.posts[0]
	assert.Equal(t, "/jobs", p.path)
	assert.Equal(t, "the body", p.body)
	want := http.Header{
		"User-Agent":                   {"aws-sqsd/1.1"},
		"Content-Type":                 {"text/plain"},
		"X-Aws-Sqsd-Msgid":             {id},
		"X-Aws-Sqsd-Queue":             {"worker-queue"},
		"X-Aws-Sqsd-First-Received-At": {"2026-01-01T00:01:30Z"},
		"X-Aws-Sqsd-Receive-Count":     {"1"},
		"X-Aws-Sqsd-Attr-Color":        {"blue"},
		"X-Aws-Sqsd-Attr-Count":        {"42"},
		"X-Aws-Sqsd-Attr-Kind":         {"x"},
	}
	assert.Equal(t, want, p.header)
}

// TestSQSDFirstReceivedAtIsEachMessagesFirstReceive: X-Aws-Sqsd-First-
// Received-At is when the message was first received, whichever receive
// POSTs it, and each message has its own.
func TestSQSDFirstReceivedAtIsEachMessagesFirstReceive(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 1, http.StatusInternalServerError, 0)
	h.at(90 * time.Second)
	h.send("first", nil)
	h.at(93 * time.Second) // received again after ErrorVisibilityTimeout
	h.send("second", nil)
	var got []string
	for _, p := range h.posts {
		got = append(got, p.body+" "+p.header.Get("X-Aws-Sqsd-Receive-Count")+" "+p.header.Get("X-Aws-Sqsd-First-Received-At"))
	}
	assert.Equal(t, []string{
		"first 1 2026-01-01T00:01:30Z",
		"first 2 2026-01-01T00:01:30Z",
		"second 1 2026-01-01T00:01:33Z",
	}, got)
}

// TestSQSDPostsPeriodicTasksToTheirPath: a message the cron leader
// enqueued for a periodic task is POSTed to the task's path with
// X-Aws-Sqsd-Taskname, X-Aws-Sqsd-Scheduled-At (UTC) and
// X-Aws-Sqsd-Sender-Id, and its beanstalk.sqsd.* attributes are not
// forwarded as attributes.
func TestSQSDPostsPeriodicTasksToTheirPath(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 1, http.StatusOK, 0)
	h.send("elasticbeanstalk scheduled job", map[string]sqs.MessageAttributeValue{
		attrTaskName:      {DataType: "String", StringValue: "backup-job"},
		attrScheduledTime: {DataType: "String", StringValue: "2026-01-01T02:00:00+02:00"},
		attrTaskPath:      {DataType: "String", StringValue: "/backup"},
		"extra":           {DataType: "String", StringValue: "kept"},
	})
	require.Len(t, h.posts, 1)
	p := h.posts[0]
	assert.Equal(t, "/backup", p.path)
	assert.Equal(t, "backup-job", p.header.Get("X-Aws-Sqsd-Taskname"))
	assert.Equal(t, "2026-01-01T00:00:00Z", p.header.Get("X-Aws-Sqsd-Scheduled-At"))
	assert.Equal(t, "000000000000", p.header.Get("X-Aws-Sqsd-Sender-Id"))
	assert.Equal(t, "kept", p.header.Get("X-Aws-Sqsd-Attr-Extra"))
	for name := range p.header {
		if name != "X-Aws-Sqsd-Attr-Extra" {
			assert.NotContains(t, name, "Attr", "a task attribute was forwarded")
		}
	}

	// An ordinary message keeps HttpPath and has no task headers.
	h.send("plain", nil)
	require.Len(t, h.posts, 2)
	assert.Equal(t, "/", h.posts[1].path)
	assert.Empty(t, h.posts[1].header.Get("X-Aws-Sqsd-Taskname"))
}

// TestSQSDKeepsAtMostHTTPConnectionsInFlight: HttpConnections is "the
// maximum number of concurrent connections that the daemon can make to
// any application within an Amazon EC2 instance".
func TestSQSDKeepsAtMostHTTPConnectionsInFlight(t *testing.T) {
	for _, conns := range []int{3, 25} {
		t.Run(fmt.Sprint(conns), func(t *testing.T) {
			h := newSQSDHarness(t, nil)
			const n, work = 100, 10 * time.Second
			for i := range n {
				h.send(fmt.Sprint(i), nil)
			}
			opts := defaultSQSDOptions()
			opts.HTTPConnections = conns
			h.start(opts, 1000, http.StatusOK, work)
			for range 1000 {
				if h.stats().Deleted == n {
					break
				}
				h.clk.Advance(time.Second)
			}
			require.Equal(t, n, h.stats().Deleted)
			require.Len(t, h.posts, n)

			// The most POSTs open at once: each is open for work.
			peak := 0
			for _, p := range h.posts {
				open := 0
				for _, q := range h.posts {
					if !q.at.After(p.at) && q.at.Add(work).After(p.at) {
						open++
					}
				}
				peak = max(peak, open)
			}
			assert.LessOrEqual(t, peak, conns)
			assert.GreaterOrEqual(t, peak, conns-conns/10, "the daemon used too few of its connections")
		})
	}
}

// TestSQSDPollersKeepHTTPConnectionsInFlight: batches of at most the 10
// messages a receive brings, and pollers × batch size never above
// HttpConnections.
func TestSQSDPollersKeepHTTPConnectionsInFlight(t *testing.T) {
	for _, tc := range []struct{ conns, pollers, size int }{
		{1, 1, 1}, {3, 1, 3}, {10, 1, 10}, {15, 2, 7}, {50, 5, 10}, {99, 10, 9}, {100, 10, 10},
	} {
		o := defaultSQSDOptions()
		o.HTTPConnections = tc.conns
		p, s := o.pollers()
		assert.Equal(t, [2]int{tc.pollers, tc.size}, [2]int{p, s}, "HttpConnections %d", tc.conns)
	}
}

// TestSQSDAddsPollersWhileBatchesComeFull: an idle daemon keeps one long
// poll; full batches add pollers up to HttpConnections / 10, and empty
// polls take them away again.
func TestSQSDAddsPollersWhileBatchesComeFull(t *testing.T) {
	h := newSQSDHarness(t, nil)
	for i := range 300 {
		h.send(fmt.Sprint(i), nil)
	}
	h.start(defaultSQSDOptions(), 100, http.StatusOK, time.Second)
	h.at(2 * time.Minute)
	assert.Equal(t, 300, h.stats().Deleted)
	assert.Equal(t, 5, h.d.consumer.Stats().PeakPollers)
	assert.Equal(t, 1, h.d.consumer.Pollers())
}

// TestSQSDQueuesMessagesOnTheAppWorkers: an application with 2 workers
// given 4 messages of 1 s each works on two at once: two are done at 1 s,
// two at 2 s, and the batch is deleted when the last is done.
func TestSQSDQueuesMessagesOnTheAppWorkers(t *testing.T) {
	h := newSQSDHarness(t, nil)
	for i := range 4 {
		h.send(fmt.Sprint(i), nil)
	}
	h.start(defaultSQSDOptions(), 2, http.StatusOK, time.Second)
	require.Len(t, h.posts, 4, "one batch")

	h.at(time.Second)
	assert.Equal(t, 2*time.Second, h.d.Busy(), "two messages done")
	assert.Zero(t, h.stats().Deleted, "the batch is done when its last message is")
	h.at(2*time.Second - time.Millisecond)
	assert.Zero(t, h.stats().Deleted)
	h.at(2 * time.Second)
	assert.Equal(t, 4*time.Second, h.d.Busy())
	assert.Equal(t, 4, h.stats().Deleted)
}

// TestSQSDBusySumsTheWork: Busy is the work done so far, summed over the
// application's workers, work under way counting up to now.
func TestSQSDBusySumsTheWork(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 1, http.StatusOK, 3*time.Second)
	h.send("a", nil)
	h.send("b", nil)
	assert.Zero(t, h.d.Busy())
	h.at(time.Second)
	assert.Equal(t, time.Second, h.d.Busy())
	h.at(4 * time.Second) // a done at 3 s, b at 6 s (one worker)
	assert.Equal(t, 4*time.Second, h.d.Busy())
	h.at(time.Minute)
	assert.Equal(t, 6*time.Second, h.d.Busy())
	assert.Equal(t, 2, h.stats().Deleted)
}

// TestSQSDGivesUpAfterInactivityTimeout: a message with no answer within
// InactivityTimeout is given up at that instant, not deleted, and comes
// back after its VisibilityTimeout; the application's worker stays busy
// with it until it is done.
func TestSQSDGivesUpAfterInactivityTimeout(t *testing.T) {
	h := newSQSDHarness(t, nil)
	opts := defaultSQSDOptions()
	opts.InactivityTimeout, opts.VisibilityTimeout = 5*time.Second, 30*time.Second
	h.start(opts, 1, http.StatusOK, time.Minute)
	h.send("slow", nil)

	h.at(5 * time.Second)
	st := h.stats()
	assert.Zero(t, st.Deleted)
	assert.Equal(t, 1, st.InFlight, "the visibility was changed")
	assert.Equal(t, 1, h.d.consumer.Stats().Returned, "given up")
	h.at(30*time.Second - time.Millisecond)
	require.Len(t, h.posts, 1)
	h.at(30 * time.Second)
	require.Len(t, h.posts, 2, "back after its VisibilityTimeout")
	h.at(40 * time.Second)
	assert.Equal(t, 40*time.Second, h.d.Busy(), "the worker is still on the first POST")
}

// TestSQSDStopReturnsInFlightMessagesToTheQueue: "Messages that have not
// been processed at the time an instance is terminated are returned to
// the queue": not deleted, back after their visibility timeout, and the
// stopped daemon POSTs nothing more.
func TestSQSDStopReturnsInFlightMessagesToTheQueue(t *testing.T) {
	h := newSQSDHarness(t, nil)
	opts := defaultSQSDOptions()
	opts.VisibilityTimeout = 30 * time.Second
	h.start(opts, 1, http.StatusOK, 10*time.Second)
	h.send("a", nil)
	h.at(time.Second)
	h.d.Stop()
	h.d.Stop()
	assert.Zero(t, h.d.consumer.Pollers())

	h.at(29 * time.Second)
	st := h.stats()
	assert.Zero(t, st.Deleted, "deleted after Stop")
	assert.Equal(t, 1, st.InFlight)
	h.at(30 * time.Second)
	assert.Equal(t, 1, h.stats().Visible)
	h.send("b", nil)
	h.at(time.Minute)
	assert.Len(t, h.posts, 1, "POSTed after Stop")
	assert.Equal(t, 2, h.stats().Visible)
}

// TestSQSDMovesAMessageThatAlwaysFailsToTheDLQ: MaxRetries is the SQS
// maxReceiveCount; a message that always fails is moved to the
// dead-letter queue after that many attempts.
func TestSQSDMovesAMessageThatAlwaysFailsToTheDLQ(t *testing.T) {
	clk := sim.NewClock(sqsdStart)
	queues := sqs.New(sqs.WithClock(clk))
	ctx := context.Background()
	dlq, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "worker-dlq"})
	require.NoError(t, err)
	a, err := queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn}})
	require.NoError(t, err)
	policy := fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":3}`, a.Attributes[sqs.AttributeQueueArn])
	out, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "worker-queue", Attributes: map[string]string{sqs.AttributeRedrivePolicy: policy}})
	require.NoError(t, err)
	h := &sqsdHarness{t: t, clk: clk, queues: queues, url: out.QueueUrl}

	h.start(defaultSQSDOptions(), 1, http.StatusServiceUnavailable, 100*time.Millisecond)
	id := h.send("poison", nil)
	h.at(time.Minute)
	assert.Len(t, h.posts, 3, "one POST per receive up to maxReceiveCount")
	st := h.stats()
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 1, st.MovedToDLQ)
	moved := queues.Inspect().Messages(dlq.QueueUrl)
	require.Len(t, moved, 1)
	assert.Equal(t, id, moved[0].MessageID)
}

// TestStartDaemonRefusesOptionsOutOfRange: the ranges of the
// aws:elasticbeanstalk:sqsd options.
func TestStartDaemonRefusesOptionsOutOfRange(t *testing.T) {
	for name, change := range map[string]func(*sqsdOptions){
		"HttpConnections 0":          func(o *sqsdOptions) { o.HTTPConnections = 0 },
		"HttpConnections 101":        func(o *sqsdOptions) { o.HTTPConnections = 101 },
		"InactivityTimeout 0":        func(o *sqsdOptions) { o.InactivityTimeout = 0 },
		"InactivityTimeout 36001 s":  func(o *sqsdOptions) { o.InactivityTimeout = 36001 * time.Second },
		"ConnectTimeout 61 s":        func(o *sqsdOptions) { o.ConnectTimeout = 61 * time.Second },
		"VisibilityTimeout 1.5 s":    func(o *sqsdOptions) { o.VisibilityTimeout = 1500 * time.Millisecond },
		"ErrorVisibilityTimeout -1s": func(o *sqsdOptions) { o.ErrorVisibilityTimeout = -time.Second },
		"HttpPath relative":          func(o *sqsdOptions) { o.HTTPPath = "jobs" },
	} {
		t.Run(name, func(t *testing.T) {
			h := newSQSDHarness(t, nil)
			opts := defaultSQSDOptions()
			change(&opts)
			_, err := startDaemon(daemonConfig{queues: h.queues, sched: h.queues.Account().Scheduler(), queueURL: h.url, opts: opts})
			assert.True(t, errors.Is(err, ErrInvalidParameterValue), "%v", err)
			assert.Zero(t, h.stats().Waiting, "a poller started")
		})
	}
	h := newSQSDHarness(t, nil)
	_, err := startDaemon(daemonConfig{queues: h.queues, sched: h.queues.Account().Scheduler(), queueURL: h.url + "-gone", opts: defaultSQSDOptions()})
	assert.True(t, errors.Is(err, sqs.ErrQueueDoesNotExist), "%v", err)
}

// BenchmarkDaemonDrains100kMessages: one daemon with the default options
// drains 100,000 messages from its queue through an application of two
// workers that takes 10 ms a message. It reports the real time per
// message and the simulated seconds per real second.
func BenchmarkDaemonDrains100kMessages(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	var virtual time.Duration
	for b.Loop() {
		b.StopTimer()
		clk := sim.NewClock(sqsdStart)
		queues := sqs.New(sqs.WithClock(clk))
		ctx := context.Background()
		q, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "worker-queue"})
		require.NoError(b, err)
		entries := make([]sqs.SendMessageBatchRequestEntry, 10)
		for i := 0; i < n; i += len(entries) {
			for j := range entries {
				entries[j] = sqs.SendMessageBatchRequestEntry{Id: fmt.Sprint(j), MessageBody: "{}"}
			}
			_, err := queues.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: entries})
			require.NoError(b, err)
		}
		app := elb.Backend{
			Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
			Latency: func(*http.Request) time.Duration { return 10 * time.Millisecond },
			Workers: 2,
		}
		b.StartTimer()

		d, err := startDaemon(daemonConfig{queues: queues, sched: queues.Account().Scheduler(), queueURL: q.QueueUrl, queueName: "worker-queue", app: app, opts: defaultSQSDOptions()})
		require.NoError(b, err)
		for {
			st, _ := queues.Inspect().Stats(q.QueueUrl)
			if st.Deleted == n {
				break
			}
			clk.Advance(10 * time.Second)
		}
		virtual += clk.Now().Sub(sqsdStart)
		d.Stop()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/message")
	b.ReportMetric(virtual.Seconds()/b.Elapsed().Seconds(), "sim-s/s")
}

// byBody is an application of workers workers whose answer and latency
// are given, per message body, by the table; it records each POST.
func (h *sqsdHarness) byBody(workers int, table map[string]struct {
	status  int
	latency time.Duration
}) elb.Backend {
	return elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			h.posts = append(h.posts, sqsdPost{at: h.clk.Now(), path: r.URL.Path, header: r.Header.Clone(), body: string(body)})
			e := table[string(body)]
			w.WriteHeader(e.status)
			elb.ReportLatency(r.Context(), e.latency)
		}),
		Workers: workers,
	}
}

// TestSQSDCountsErrorVisibilityFromEachAnswer: a message answered with an
// error in a batch still at work is hidden for ErrorVisibilityTimeout
// from its own answer, not from the end of its batch, which deletes the
// messages answered 200.
func TestSQSDCountsErrorVisibilityFromEachAnswer(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.send("fails", nil)
	h.send("works", nil)
	h.startApp(defaultSQSDOptions(), h.byBody(2, map[string]struct {
		status  int
		latency time.Duration
	}{"fails": {500, time.Second}, "works": {200, 10 * time.Second}}))
	require.Len(t, h.posts, 2, "one batch")

	h.at(3*time.Second - time.Millisecond)
	require.Len(t, h.posts, 2)
	h.at(3 * time.Second)
	require.Len(t, h.posts, 3, "back 2 s after its answer, to the poller waiting")
	assert.Equal(t, "fails", h.posts[2].body)
	assert.Equal(t, sqsdStart.Add(3*time.Second), h.posts[2].at)
	h.at(10 * time.Second)
	assert.Equal(t, 1, h.stats().Deleted, "only the message answered 200")
}

// TestSQSDStopLeavesTheVisibilityOfUnansweredMessages: Stop before an
// error answer comes leaves the message to its VisibilityTimeout.
func TestSQSDStopLeavesTheVisibilityOfUnansweredMessages(t *testing.T) {
	h := newSQSDHarness(t, nil)
	opts := defaultSQSDOptions()
	opts.VisibilityTimeout = 30 * time.Second
	h.send("fails", nil)
	h.send("slow", nil)
	h.startApp(opts, h.byBody(2, map[string]struct {
		status  int
		latency time.Duration
	}{"fails": {500, 5 * time.Second}, "slow": {200, 10 * time.Second}}))
	h.at(time.Second)
	h.d.Stop()
	h.at(29 * time.Second)
	st := h.stats()
	assert.Equal(t, 2, st.InFlight, "a visibility was changed after Stop")
	h.at(30 * time.Second)
	assert.Equal(t, 2, h.stats().Visible)
}

// TestSQSDIsDeterministic: the same messages and clock moves give the
// same POSTs at the same instants, with the same IDs.
func TestSQSDIsDeterministic(t *testing.T) {
	run := func() []string {
		h := newSQSDHarness(t, nil)
		h.start(defaultSQSDOptions(), 3, http.StatusOK, 700*time.Millisecond)
		var log []string
		for i := range 200 {
			h.send(fmt.Sprint(i), nil)
			if i%7 == 0 {
				h.clk.Advance(300 * time.Millisecond)
			}
		}
		h.at(10 * time.Minute)
		for _, p := range h.posts {
			log = append(log, fmt.Sprintf("%s %s %s", p.at.Format(time.RFC3339Nano), p.header.Get("X-Aws-Sqsd-Msgid"), p.body))
		}
		return log
	}
	first := run()
	require.Len(t, first, 200)
	assert.Equal(t, first, run())
}

// TestSQSDWorksOnATrickleConcurrently: messages that arrive one at a
// time, each a batch of its own, do not wait for the previous one's
// answer: a batch handed over adds a poller, up to the cap, so that one
// poller keeps waiting on the queue while the others are at work.
func TestSQSDWorksOnATrickleConcurrently(t *testing.T) {
	h := newSQSDHarness(t, nil)
	h.start(defaultSQSDOptions(), 100, http.StatusOK, 10*time.Second)
	for i := range 5 {
		h.at(time.Duration(i) * time.Second)
		h.send(fmt.Sprint(i), nil)
	}
	require.Len(t, h.posts, 5)
	for i, p := range h.posts {
		assert.Equal(t, sqsdStart.Add(time.Duration(i)*time.Second), p.at, "POST %d waited", i)
	}
	h.at(time.Minute)
	assert.Equal(t, 5, h.stats().Deleted)
	h.at(5 * time.Minute)
	assert.Equal(t, 1, h.d.consumer.Pollers(), "idle again: one poller")
}

// Each POST is a request of its own, as each of sqsd's is a new HTTP
// request: what an application changes on one (a header it adds, a path
// value it sets) is not on the next, although the daemon builds every
// POST in the same request value.
func TestSQSDEachPostIsAFreshRequest(t *testing.T) {
	h := newSQSDHarness(t, nil)
	var added, path, queue []string
	h.startApp(defaultSQSDOptions(), elb.Backend{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			added = append(added, r.Header.Get("X-Added"))
			queue = append(queue, r.Header.Get("X-Aws-Sqsd-Queue"))
			path = append(path, r.PathValue("job"))
			body, _ := io.ReadAll(r.Body)
			r.Header.Set("X-Added", string(body))
			r.Header.Del("X-Aws-Sqsd-Queue")
			r.SetPathValue("job", string(body))
			w.WriteHeader(http.StatusOK)
		}),
		Workers: 1,
	})
	h.send("first", nil)
	h.send("second", nil)
	h.at(time.Second)
	assert.Equal(t, []string{"", ""}, added)
	assert.Equal(t, []string{"", ""}, path)
	assert.Equal(t, []string{"worker-queue", "worker-queue"}, queue)
	assert.Equal(t, 2, h.stats().Deleted)
}
