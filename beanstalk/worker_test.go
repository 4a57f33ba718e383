package beanstalk_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sqs"
)

var workerTier = &beanstalk.EnvironmentTier{Name: beanstalk.TierWorker, Type: "SQS/HTTP"}

// posts records what worker daemons post, and answers with status.
type posts struct {
	mu     sync.Mutex
	status int
	paths  []string
	tasks  []string
	bodies []string
}

// version creates version label of application "shop" whose server
// records into p.
func (w *world) version(label string, p *posts, tasks ...beanstalk.CronTask) {
	w.t.Helper()
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: label,
		SourceBundle: &beanstalk.SourceBundle{Cron: tasks, Server: func(string) elb.Backend {
			return elb.Backend{
				Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					p.mu.Lock()
					defer p.mu.Unlock()
					p.paths = append(p.paths, r.URL.Path)
					if name := r.Header.Get("X-Aws-Sqsd-Taskname"); name != "" {
						p.tasks = append(p.tasks, name+" "+r.Header.Get("X-Aws-Sqsd-Scheduled-At"))
					}
					var b [64]byte
					n, _ := r.Body.Read(b[:])
					p.bodies = append(p.bodies, string(b[:n]))
					rw.WriteHeader(p.status)
				}),
				Latency: func(*http.Request) time.Duration { return 100 * time.Millisecond },
			}
		}},
	})
	require.NoError(w.t, err)
}

// queues returns the worker environment's queue URLs: its queue and its
// dead-letter queue.
func (w *world) queues(name string) []string {
	w.t.Helper()
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: name})
	require.NoError(w.t, err)
	var urls []string
	for _, q := range res.EnvironmentResources.Queues {
		urls = append(urls, q.URL)
	}
	return urls
}

// depth is the number of messages in a queue, visible or not.
func (w *world) depth(url string) int {
	w.t.Helper()
	out, err := w.svc.SQS().GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeApproximateNumberOfMessages, sqs.AttributeApproximateNumberOfMessagesNotVisible}})
	require.NoError(w.t, err)
	var a, b int
	fmt.Sscan(out.Attributes[sqs.AttributeApproximateNumberOfMessages], &a)
	fmt.Sscan(out.Attributes[sqs.AttributeApproximateNumberOfMessagesNotVisible], &b)
	return a + b
}

// A worker environment creates its queue and dead-letter queue; the
// daemons of its instances post each message to the server at HttpPath,
// and a 200 deletes it.
func TestWorkerEnvironmentDrainsItsQueueIntoTheServer(t *testing.T) {
	w := newWorld(t)
	p := &posts{status: http.StatusOK}
	w.version("worker-v1", p)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier,
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceSQSD, "HttpPath", "/jobs")},
	})
	require.NoError(t, err)
	queues := w.queues("shop-jobs")
	require.Len(t, queues, 2)
	assert.Contains(t, queues[0], "-stack-AWSEBWorkerQueue-")
	assert.Contains(t, queues[1], "-stack-AWSEBWorkerDeadLetterQueue-")
	assert.Empty(t, w.env("shop-jobs").CNAME, "a worker environment has no CNAME")
	w.clk.Advance(2 * time.Minute)
	assert.Equal(t, beanstalk.StatusReady, w.env("shop-jobs").Status)

	for k := range 20 {
		_, err := w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queues[0], MessageBody: fmt.Sprintf(`{"job":%d}`, k)})
		require.NoError(t, err)
	}
	w.clk.Advance(time.Minute)
	assert.Zero(t, w.depth(queues[0]), "every message deleted")
	p.mu.Lock()
	defer p.mu.Unlock()
	assert.Len(t, p.bodies, 20)
	assert.Equal(t, "/jobs", p.paths[0])
}

// A message the server keeps refusing goes to the dead-letter queue
// after MaxRetries receives.
func TestWorkerMessageThatAlwaysFailsEndsInTheDeadLetterQueue(t *testing.T) {
	w := newWorld(t)
	p := &posts{status: http.StatusInternalServerError}
	w.version("worker-v1", p)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier,
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceSQSD, "MaxRetries", "3")},
	})
	require.NoError(t, err)
	queues := w.queues("shop-jobs")
	w.clk.Advance(2 * time.Minute)
	_, err = w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queues[0], MessageBody: "poison"})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.Zero(t, w.depth(queues[0]))
	assert.Equal(t, 1, w.depth(queues[1]))
	p.mu.Lock()
	defer p.mu.Unlock()
	assert.Len(t, p.bodies, 3, "posted once per receive, MaxRetries times")
}

// A periodic task of the version's cron.yaml is queued once at each
// firing, however many instances run (only the leader queues it), and
// posted to its URL with the task headers.
func TestPeriodicTasksArePostedToTheirURL(t *testing.T) {
	w := newWorld(t)
	p := &posts{status: http.StatusOK}
	w.version("worker-v1", p, beanstalk.CronTask{Name: "report", URL: "/tasks/report", Schedule: "*/10 * * * *"})
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-jobs", VersionLabel: "worker-v1", Tier: workerTier,
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MinSize", "3")}})
	require.NoError(t, err)
	w.clk.Advance(31 * time.Minute) // 09:10, 09:20, 09:30: once each, not once per instance
	p.mu.Lock()
	defer p.mu.Unlock()
	assert.Equal(t, []string{"report 2026-03-02T09:10:00Z", "report 2026-03-02T09:20:00Z", "report 2026-03-02T09:30:00Z"}, p.tasks)
	assert.Equal(t, "/tasks/report", p.paths[0])
}

// Terminating a worker environment deletes the queues it created.
func TestTerminatingAWorkerEnvironmentDeletesItsQueues(t *testing.T) {
	w := newWorld(t)
	w.version("worker-v1", &posts{status: http.StatusOK})
	w.create("shop-jobs", workerTier)
	queues := w.queues("shop-jobs")
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-jobs"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	assert.Equal(t, beanstalk.StatusTerminated, w.env("shop-jobs").Status)
	for _, url := range queues {
		_, err := w.svc.SQS().GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url})
		assert.ErrorIs(t, err, sqs.ErrQueueDoesNotExist, url)
	}
}
