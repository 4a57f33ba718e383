package soak_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

var (
	seedFlag     = flag.Uint64("soak.seed", 1, "root seed of the soak's account: replays a failing run's fault plan and workload")
	messagesFlag = flag.Int("soak.messages", 5000, "messages the producers of one soak run send")
	seedsFlag    = flag.Int("soak.seeds", 0, "run TestSoakSeedSweep over seeds 1 … N; 0 skips it")
	serialFlag   = flag.Bool("soak.serial", false, "TestSoakSeedSweep runs each seed on one goroutine, so that a violating seed replays exactly")
)

// faultPlan is the soak's fault plan: one rule per fault a service names,
// so a service's new fault is one line here; the invariants that depend on
// the exact number of faults read them from the account (FaultsFired and
// the event log), never from this table.
func faultPlan() []cloud.FaultRule {
	return []cloud.FaultRule{
		{Name: ruleRedeliver, Fault: sqs.FaultRedeliver, Probability: 0.05},
		{Name: "partial-receive", Fault: sqs.FaultPartialReceive, Probability: 0.2},
		{Name: "reorder", Fault: sqs.FaultReorder, Probability: 0.2},
		{Name: "late", Fault: sqs.FaultDelayVisibility, Probability: 0.05, Delay: 3 * time.Second},
		{Name: "sns-failure", Fault: sns.FaultDeliveryFailure, Probability: 0.05},
		{Name: "sns-slow", Fault: sns.FaultSlowEndpoint, Probability: 0.05, Delay: snsSlowness},
		{Name: "lambda-error", Fault: lambda.FaultServiceError, Probability: 0.02},
		{Name: "lambda-throttle", Fault: lambda.FaultThrottle, Probability: 0.02},
		{Name: "lambda-cold", Fault: lambda.FaultSlowColdStart, Probability: 0.1, Delay: 2 * time.Second},
	}
}

// snsSlowness is how much longer an attempt the plan makes slow takes.
// An SNS delivery attempt is recorded when it ends, so a slow retry is
// recorded snsSlowness after the instant it was due.
const snsSlowness = 2 * time.Second

// ruleRedeliver names the plan's rule of sqs:Redeliver, the one fault that
// makes duplicates, which the soak counts per queue.
const ruleRedeliver = "redeliver"

// The shape of a run.
const (
	producers     = 4
	consumersEach = 2 // consumers of each queue they consume
	fifoGroups    = 3 // message groups of each producer
	// resendPercent of the FIFO messages are sent twice with the same
	// deduplication ID; failPercent of the function's attempts fail.
	resendPercent = 20
	failPercent   = 30
	// maxReceives is the mapping's queue's maxReceiveCount.
	maxReceives = 3
	// visibility is every queue's visibility timeout: far longer than a
	// step of the driver, so no message a consumer holds comes back on
	// its own.
	visibility = 5 * time.Minute
	step       = time.Second
	// horizon bounds a run in virtual time, well within the retention
	// period (4 days), so that a message lost is never one that expired.
	horizon = 24 * time.Hour
	// deadline bounds a run in real time, so that a deadlock fails the
	// test instead of hanging it; it is a guard, never part of the
	// scenario.
	deadline = 2 * time.Minute
)

// The queues, topic and function of a run.
const (
	qEvents    = "events"      // standard, consumed
	qOrders    = "orders.fifo" // FIFO, consumed
	qFanoutA   = "fanout-a"    // standard, subscribed to the topic, consumed
	qFanoutB   = "fanout-b"    // likewise
	qFanoutDLQ = "fanout-dlq"  // the subscriptions' dead-letter queue
	qGone      = "fanout-gone" // subscribed to the topic, never created
	qJobs      = "jobs"        // standard, consumed by the event source mapping
	qJobsDLQ   = "jobs-dlq"    // its dead-letter queue
	qTasks     = "tasks.fifo"  // FIFO, consumed by another event source mapping
	qTasksDLQ  = "tasks-dlq.fifo"
	topicName  = "fanout"
	function   = "worker"
	arnPrefix  = "arn:aws:sqs:us-east-1:000000000000:"
)

// consumed are the queues that consumer goroutines poll.
var consumed = []string{qEvents, qOrders, qFanoutA, qFanoutB}

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// world is one soak run: the account, its services, and what the producers,
// consumers and function saw. mu guards the maps.
type world struct {
	seed      uint64
	clk       *sim.Clock
	acct      *cloud.Account
	queues    *sqs.Service
	topics    *sns.Service
	functions *lambda.Service
	urls      map[string]string // by queue name
	topicARN  string
	subs      map[string]string // subscription ARN → queue name

	polling       atomic.Int32 // consumers inside ReceiveMessage
	producersDone atomic.Bool
	broken        atomic.Bool // an operation failed: stop the run
	// gate is held, shared, by a producer for each message it sends, and
	// by the driver while it moves the clock.
	gate sync.RWMutex

	mu        sync.Mutex
	errs      []string                  // operations that failed
	sent      map[string][]string       // queue (qEvents, qJobs, qTasks) or topic → bodies sent
	received  map[string]map[string]int // queue → body → receives
	fifoWant  map[string][]int          // group → indices as sent, resends kept apart
	fifoGot   map[string][]int          // group → indices as received
	resends   []resend
	taskSent  map[string][]int // group of qTasks → indices as sent
	taskDone  map[string][]int // group of qTasks → indices as the function processed them
	successes map[string]int   // body → the function's successes
	failures  map[string][]int // body → receive counts the function failed at
	attempts  map[string][]int // body → receive counts the function saw
}

// resend is a FIFO message sent twice with one deduplication ID.
type resend struct {
	dedupID         string
	first, second   string // the message IDs the sends returned
	within          bool   // both sends fell within the deduplication interval
	firstAt, lastAt time.Time
}

// report is what a run did and what it found.
type report struct {
	seed     uint64
	messages int
	faults   map[string]int
	checks   int // individual invariant checks made
	// traffic is what the run did besides faults: retries and
	// dead-letters.
	traffic    string
	log        string // the account's event log
	virtual    time.Duration
	real       time.Duration
	violations []string
}

func (r report) String() string {
	return fmt.Sprintf("seed %d: %d messages, faults %s, %s, %d checks, %s virtual in %s",
		r.seed, r.messages, faultList(r.faults), r.traffic, r.checks, r.virtual, r.real.Round(time.Millisecond))
}

// faultList is how many times each rule fired, in the order of the rules'
// names.
func faultList(fired map[string]int) string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(fired)) {
		out = append(out, fmt.Sprintf("%s=%d", name, fired[name]))
	}
	return strings.Join(out, " ")
}

// TestSoak runs the soak once with -soak.seed and -soak.messages and
// checks every invariant of the package documentation.
func TestSoak(t *testing.T) {
	r := soak(t, *seedFlag, *messagesFlag, false)
	t.Log(r)
	if len(r.violations) > 0 {
		t.Fatalf("soak seed %d broke %d invariants (replay its plan and workload: go test ./internal/soak -run 'TestSoak$' -soak.seed=%d -soak.messages=%d):\n%s",
			r.seed, len(r.violations), r.seed, r.messages, strings.Join(r.violations, "\n"))
	}
}

// TestSoakSerial runs the soak on one goroutine with -soak.seed and a
// fifth of -soak.messages, checks every invariant, and runs it again to
// check that the seed replays it exactly: the same faults at the same
// opportunities, the same event log.
func TestSoakSerial(t *testing.T) {
	messages := max(*messagesFlag/5, 1)
	var logs [2]string
	for i := range logs {
		r := soak(t, *seedFlag, messages, true)
		if i == 0 {
			t.Log(r)
		}
		if len(r.violations) > 0 {
			t.Fatalf("serial soak seed %d broke %d invariants (replay: go test ./internal/soak -run 'TestSoakSerial$' -soak.seed=%d -soak.messages=%d):\n%s",
				r.seed, len(r.violations), r.seed, *messagesFlag, strings.Join(r.violations, "\n"))
		}
		logs[i] = r.log
	}
	if logs[0] != logs[1] {
		a, b := strings.Split(logs[0], "\n"), strings.Split(logs[1], "\n")
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Fatalf("serial soak seed %d did not replay: event %d is\n%s\nthen\n%s", *seedFlag, i, a[min(i, len(a)-1)], b[min(i, len(b)-1)])
	}
}

// TestSoakSeedSweep runs the soak over seeds 1 … -soak.seeds and prints
// every seed that breaks an invariant. It is off by default.
func TestSoakSeedSweep(t *testing.T) {
	if *seedsFlag <= 0 {
		t.Skip("set -soak.seeds=N to sweep N seeds")
	}
	began := time.Now()
	var bad []uint64
	fired := map[string]int{}
	checks, virtual := 0, time.Duration(0)
	for seed := uint64(1); seed <= uint64(*seedsFlag); seed++ {
		r := soak(t, seed, *messagesFlag, *serialFlag)
		for k, v := range r.faults {
			fired[k] += v
		}
		checks += r.checks
		virtual += r.virtual
		if len(r.violations) > 0 {
			bad = append(bad, seed)
			t.Errorf("soak seed %d broke %d invariants:\n%s", seed, len(r.violations), strings.Join(r.violations, "\n"))
		}
	}
	t.Logf("sweep of %d seeds of %d messages: faults %s, %d checks, %s virtual in %s; violating seeds: %v",
		*seedsFlag, *messagesFlag, faultList(fired), checks, virtual, time.Since(began).Round(time.Millisecond), bad)
}

// soak runs one soak: it sets the world up, runs producers, consumers and
// the driver until everything is settled, and checks the invariants.
func soak(t *testing.T, seed uint64, messages int, serial bool) report {
	t.Helper()
	began := time.Now()
	w := newWorld(t, seed)
	run := w.run
	if serial {
		run = w.runSerial
	}
	r := w.report(messages, run(messages))
	r.real = time.Since(began)
	r.log = w.acct.Log()
	return r
}

// report checks the invariants on a run that settled, or reports err, what
// stopped it.
func (w *world) report(messages int, err error) report {
	r := report{seed: w.seed, messages: messages, virtual: w.clk.Now().Sub(start), faults: w.acct.FaultsFired()}
	if err != nil {
		r.violations = []string{err.Error()}
		return r
	}
	c := &checker{w: w}
	c.check()
	r.checks, r.violations = c.checks, c.violations
	failed := 0
	for _, f := range w.failures {
		failed += len(f)
	}
	jobs, _ := w.queues.Inspect().Stats(w.urls[qJobs])
	tasks, _ := w.queues.Inspect().Stats(w.urls[qTasks])
	r.traffic = fmt.Sprintf("%d function failures, %d+%d dead-lettered by the mappings, %d by SNS, %d FIFO resends",
		failed, jobs.MovedToDLQ, tasks.MovedToDLQ, w.topics.Inspect().Stats().DeadLettered, len(w.resends))
	return r
}

// newWorld makes the account, its services, queues, topic and mappings.
// A failure here is a broken test, not a broken invariant.
func newWorld(t *testing.T, seed uint64) *world {
	t.Helper()
	ctx := context.Background()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(seed))
	if err := acct.SetFaultPlan(faultPlan()...); err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	w := &world{
		seed: seed, clk: clk, acct: acct,
		queues:   sqs.New(sqs.WithAccount(acct)),
		topics:   sns.New(sns.WithAccount(acct), sns.WithoutSignatures(), sns.WithHistory()),
		urls:     map[string]string{},
		subs:     map[string]string{},
		sent:     map[string][]string{},
		received: map[string]map[string]int{},
		fifoWant: map[string][]int{}, fifoGot: map[string][]int{}, taskSent: map[string][]int{}, taskDone: map[string][]int{},
		successes: map[string]int{}, failures: map[string][]int{}, attempts: map[string][]int{},
	}
	w.functions = lambda.New(lambda.WithAccount(acct), lambda.WithSQS(w.queues))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %d: setting up: %v", seed, err)
		}
	}
	vis := strconv.Itoa(int(visibility / time.Second))
	dlqOf := map[string]string{qJobs: qJobsDLQ, qTasks: qTasksDLQ}
	for _, name := range []string{qFanoutDLQ, qJobsDLQ, qTasksDLQ, qEvents, qFanoutA, qFanoutB, qOrders, qJobs, qTasks} {
		attrs := map[string]string{sqs.AttributeVisibilityTimeout: vis}
		if strings.HasSuffix(name, ".fifo") {
			attrs[sqs.AttributeFifoQueue] = "true"
		}
		if dlq := dlqOf[name]; dlq != "" {
			attrs[sqs.AttributeRedrivePolicy] = fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":%d}`, arnPrefix+dlq, maxReceives)
		}
		out, err := w.queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
		must(err)
		w.urls[name] = out.QueueUrl
		w.received[name] = map[string]int{}
	}

	topic, err := w.topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: topicName})
	must(err)
	w.topicARN = topic.TopicArn
	for _, name := range []string{qFanoutA, qFanoutB, qGone} {
		sub, err := w.topics.Subscribe(ctx, &sns.SubscribeInput{
			TopicArn: topic.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: arnPrefix + name, ReturnSubscriptionArn: true,
			Attributes: map[string]string{
				sns.SubscriptionAttributeRawMessageDelivery: "true",
				sns.SubscriptionAttributeRedrivePolicy:      `{"deadLetterTargetArn":"` + arnPrefix + qFanoutDLQ + `"}`,
			},
		})
		must(err)
		w.subs[sub.SubscriptionArn] = name
	}

	_, err = w.functions.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: function, Role: "arn:aws:iam::000000000000:role/" + function,
		Code: lambda.Code{Handler: w.work, Duration: lambda.FixedDuration(100 * time.Millisecond)},
	})
	must(err)
	for _, queue := range []string{qJobs, qTasks} {
		_, err = w.functions.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
			EventSourceArn: arnPrefix + queue, FunctionName: function, FunctionResponseTypes: []string{"ReportBatchItemFailures"},
		})
		must(err)
	}
	return w
}

// fail notes an operation that failed, which stops the run: a consumer
// that failed no longer polls, so the driver would wait for it in vain.
func (w *world) fail(format string, args ...any) {
	w.mu.Lock()
	w.errs = append(w.errs, fmt.Sprintf(format, args...))
	w.mu.Unlock()
	w.broken.Store(true)
}

// run runs producers, consumers and the driver until everything is
// settled, and reports what stopped it otherwise.
func (w *world) run(messages int) error {
	guard, stop := context.WithTimeout(context.Background(), deadline)
	defer stop()
	ctx, done := context.WithCancel(guard)
	defer done()

	var consumers sync.WaitGroup
	for _, name := range consumed {
		for range consumersEach {
			consumers.Add(1)
			go func() {
				defer consumers.Done()
				w.consume(ctx, name)
			}()
		}
	}
	var sending sync.WaitGroup
	for _, pr := range w.producers(messages) {
		sending.Add(1)
		go func() {
			defer sending.Done()
			for pr.more() {
				w.gate.RLock()
				pr.step(w)
				w.gate.RUnlock()
			}
		}()
	}
	go func() {
		sending.Wait()
		w.producersDone.Store(true)
	}()

	err := w.drive(guard)
	done()
	consumers.Wait()
	sending.Wait()
	return w.outcome(err)
}

// outcome is a run's error: err, what stopped it, or the operations that
// failed.
func (w *world) outcome(err error) error {
	if err == nil && len(w.errs) > 0 {
		err = fmt.Errorf("operations failed:\n%s", strings.Join(w.errs, "\n"))
	}
	return err
}

// runSerial is run on one goroutine: each step, drawn from the seed, is a
// producer's next message, a short poll of a consumed queue with what
// follows from it, or a step of the clock. It lets no goroutine interleave,
// so the same seed replays the same run exactly, event log included.
func (w *world) runSerial(messages int) error {
	rng := sim.NewRand(sim.Derive(w.seed, "soak/serial"))
	prs := w.producers(messages)
	for !w.broken.Load() {
		prs = slices.DeleteFunc(prs, func(pr *producer) bool { return !pr.more() })
		if len(prs) == 0 && w.settled() {
			break
		}
		if w.clk.Now().Sub(start) > horizon {
			return fmt.Errorf("not settled within %s of virtual time", horizon)
		}
		switch k := rng.IntN(len(prs) + len(consumed) + 1); {
		case k < len(prs):
			prs[k].step(w)
		case k < len(prs)+len(consumed):
			queue := consumed[k-len(prs)]
			out, err := w.queues.ReceiveMessage(context.Background(), w.receiveInput(queue, 0))
			if err != nil {
				w.fail("receive from %s: %v", queue, err)
				break
			}
			w.handle(queue, out.Messages)
		default:
			w.clk.Advance(step)
		}
	}
	return w.outcome(nil)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// drive moves the clock one step at a time, until the producers are done
// and everything is settled. It moves it only while no producer is in a
// send (the gate), because a send may run the mapping's function on the
// producer's goroutine, and while every consumer waits in a long poll: so
// no message a consumer or the mapping holds outlives its visibility
// timeout while time passes.
func (w *world) drive(ctx context.Context) error {
	for {
		w.gate.Lock()
		done, err := w.step(ctx)
		w.gate.Unlock()
		if done || err != nil {
			return err
		}
	}
}

// step waits until the consumers are quiet and moves the clock a step,
// unless the run is over. The caller holds the gate.
func (w *world) step(ctx context.Context) (done bool, err error) {
	for !w.quiet() {
		if w.broken.Load() {
			return true, nil // run reports the failed operations
		}
		if ctx.Err() != nil {
			return true, fmt.Errorf("not settled after %s of real time, at %s", deadline, cloud.FormatTime(w.clk.Now()))
		}
		runtime.Gosched()
	}
	if w.producersDone.Load() && w.settled() {
		return true, nil
	}
	if w.clk.Now().Sub(start) > horizon {
		return true, fmt.Errorf("not settled within %s of virtual time", horizon)
	}
	w.clk.Advance(step)
	return false, nil
}

// quiet reports whether every consumer is waiting in a long poll of its
// queue: then none holds a message it has not deleted.
func (w *world) quiet() bool {
	if w.polling.Load() != int32(len(consumed)*consumersEach) {
		return false
	}
	for _, name := range consumed {
		if st, _ := w.queues.Inspect().Stats(w.urls[name]); st.Waiting != consumersEach {
			return false
		}
	}
	return true
}

// settled reports whether nothing is left to happen: the source queues are
// empty and SNS has finished every delivery.
func (w *world) settled() bool {
	for _, name := range append([]string{qJobs, qTasks}, consumed...) {
		st, _ := w.queues.Inspect().Stats(w.urls[name])
		if st.Visible+st.InFlight+st.Delayed > 0 {
			return false
		}
	}
	st := w.topics.Inspect().Stats()
	return st.Delivered+st.DeadLettered+st.Discarded == st.Published*len(w.subs)
}

// producer is one producer's state: the messages it has left to send and
// the next index of each of its FIFO groups.
type producer struct {
	p, i, n int
	rng     *sim.Rand
	orders  []int // next index of each group of qOrders
	tasks   []int // and of qTasks
}

// newProducer returns producer p, which sends n messages, each to a
// destination drawn from the seed.
func (w *world) newProducer(p, n int) *producer {
	return &producer{p: p, n: n, rng: sim.NewRand(sim.Derive(w.seed, "soak/producer/"+strconv.Itoa(p))),
		orders: make([]int, fifoGroups), tasks: make([]int, fifoGroups)}
}

// more reports whether the producer has messages left to send.
func (pr *producer) more() bool { return pr.i < pr.n }

// step sends the producer's next message.
func (pr *producer) step(w *world) {
	ctx := context.Background()
	body := fmt.Sprintf("p%d-%d", pr.p, pr.i)
	pr.i++
	switch pr.rng.IntN(5) {
	case 0:
		w.send(ctx, qEvents, body)
	case 1:
		g := pr.rng.IntN(fifoGroups)
		w.sendFIFO(ctx, fmt.Sprintf("p%d-g%d", pr.p, g), pr.orders[g], pr.rng.IntN(100) < resendPercent)
		pr.orders[g]++
	case 2:
		w.mu.Lock()
		w.sent[topicName] = append(w.sent[topicName], body)
		w.mu.Unlock()
		if _, err := w.topics.Publish(ctx, &sns.PublishInput{TopicArn: w.topicARN, Message: body}); err != nil {
			w.fail("publish %s: %v", body, err)
		}
	case 3:
		w.send(ctx, qJobs, body)
	case 4:
		g := pr.rng.IntN(fifoGroups)
		w.sendTask(ctx, fmt.Sprintf("t%d-g%d", pr.p, g), pr.tasks[g])
		pr.tasks[g]++
	}
}

// producers returns the run's producers, which share messages between
// them.
func (w *world) producers(messages int) []*producer {
	prs := make([]*producer, producers)
	for p := range prs {
		prs[p] = w.newProducer(p, messages/producers+boolInt(p < messages%producers))
	}
	return prs
}

// send sends body to a standard queue.
func (w *world) send(ctx context.Context, queue, body string) {
	w.mu.Lock()
	w.sent[queue] = append(w.sent[queue], body)
	w.mu.Unlock()
	if _, err := w.queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: w.urls[queue], MessageBody: body}); err != nil {
		w.fail("send %s to %s: %v", body, queue, err)
	}
}

// sendTask sends the message of index i of a group to the FIFO queue of
// the mapping.
func (w *world) sendTask(ctx context.Context, group string, i int) {
	body := taskBody(group, i)
	w.mu.Lock()
	w.sent[qTasks] = append(w.sent[qTasks], body)
	w.taskSent[group] = append(w.taskSent[group], i)
	w.mu.Unlock()
	in := &sqs.SendMessageInput{QueueUrl: w.urls[qTasks], MessageBody: body, MessageGroupId: group, MessageDeduplicationId: body}
	if _, err := w.queues.SendMessage(ctx, in); err != nil {
		w.fail("send %s: %v", body, err)
	}
}

// taskBody is the body of the message of index i of a group of qTasks.
func taskBody(group string, i int) string { return group + "-" + strconv.Itoa(i) }

// index is the index of a FIFO message from its body.
func index(body string) int {
	i, _ := strconv.Atoi(body[strings.LastIndexByte(body, '-')+1:])
	return i
}

// sendFIFO sends the message of index i of a group, twice when again.
func (w *world) sendFIFO(ctx context.Context, group string, i int, again bool) {
	dedup := group + "-" + strconv.Itoa(i)
	in := &sqs.SendMessageInput{QueueUrl: w.urls[qOrders], MessageBody: dedup, MessageGroupId: group, MessageDeduplicationId: dedup}
	// The group's order is the order of its sends, one producer's.
	w.mu.Lock()
	w.fifoWant[group] = append(w.fifoWant[group], i)
	w.mu.Unlock()
	firstAt := w.clk.Now()
	first, err := w.queues.SendMessage(ctx, in)
	if err != nil {
		w.fail("send %s: %v", dedup, err)
		return
	}
	if !again {
		return
	}
	second, err := w.queues.SendMessage(ctx, in)
	lastAt := w.clk.Now()
	if err != nil {
		w.fail("send %s again: %v", dedup, err)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.resends = append(w.resends, resend{dedupID: dedup, first: first.MessageId, second: second.MessageId,
		within: lastAt.Sub(firstAt) < sqs.DeduplicationInterval, firstAt: firstAt, lastAt: lastAt})
	if second.MessageId != first.MessageId {
		// A new message, sent after the interval: the group holds it too.
		w.fifoWant[group] = append(w.fifoWant[group], i)
	}
}

// consume long-polls a queue until ctx is done, and handles what it
// receives.
func (w *world) consume(ctx context.Context, queue string) {
	for {
		w.polling.Add(1)
		out, err := w.queues.ReceiveMessage(ctx, w.receiveInput(queue, sqs.MaxWaitTime))
		w.polling.Add(-1)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			w.fail("receive from %s: %v", queue, err)
			return
		}
		w.handle(queue, out.Messages)
	}
}

// receiveInput is a consumer's receive from queue, waiting at most wait.
func (w *world) receiveInput(queue string, wait time.Duration) *sqs.ReceiveMessageInput {
	return &sqs.ReceiveMessageInput{
		QueueUrl: w.urls[queue], MaxNumberOfMessages: sqs.MaxBatchEntries, WaitTime: sqs.Duration(wait),
		MessageSystemAttributeNames: []string{sqs.SysAttributeMessageGroupId},
	}
}

// handle records what a consumer received and deletes it, one by one on
// the standard queue, in a batch on the others.
func (w *world) handle(queue string, msgs []sqs.Message) {
	if len(msgs) == 0 {
		return
	}
	url := w.urls[queue]
	w.mu.Lock()
	for _, m := range msgs {
		w.received[queue][m.Body]++
		if queue == qOrders {
			g := m.Attributes[sqs.SysAttributeMessageGroupId]
			w.fifoGot[g] = append(w.fifoGot[g], index(m.Body))
		}
	}
	w.mu.Unlock()
	// Background: a delete must not be cut short by the end of the run.
	ctx := context.Background()
	if queue == qEvents {
		for _, m := range msgs {
			if _, err := w.queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle}); err != nil {
				w.fail("delete from %s: %v", queue, err)
			}
		}
		return
	}
	in := &sqs.DeleteMessageBatchInput{QueueUrl: url}
	for i, m := range msgs {
		in.Entries = append(in.Entries, sqs.DeleteMessageBatchRequestEntry{Id: strconv.Itoa(i), ReceiptHandle: m.ReceiptHandle})
	}
	res, err := w.queues.DeleteMessageBatch(ctx, in)
	switch {
	case err != nil:
		w.fail("delete from %s: %v", queue, err)
	case len(res.Failed) > 0:
		w.fail("delete from %s: %+v", queue, res.Failed)
	}
}

// work is the mappings' function: it fails failPercent of the attempts,
// drawn from the seed by message and receive count, and reports them with
// ReportBatchItemFailures. On the FIFO queue it stops processing a group
// at its first failure and reports the group's later messages failed too,
// as AWS asks of a function that reports batch item failures of a FIFO
// queue, so that the group's order holds. It runs on whichever goroutine
// delivers to the mapping.
func (w *world) work(_ context.Context, payload []byte) ([]byte, error) {
	var event struct {
		Records []struct {
			MessageID  string            `json:"messageId"`
			Body       string            `json:"body"`
			Attributes map[string]string `json:"attributes"`
		}
	}
	if err := json.Unmarshal(payload, &event); err != nil {
		return nil, err
	}
	type failure struct {
		ItemIdentifier string `json:"itemIdentifier"`
	}
	var failed []failure
	stopped := map[string]bool{} // FIFO groups that failed in this batch
	w.mu.Lock()
	for _, r := range event.Records {
		n, _ := strconv.Atoi(r.Attributes[sqs.SysAttributeApproximateReceiveCount])
		group := r.Attributes[sqs.SysAttributeMessageGroupId]
		w.attempts[r.Body] = append(w.attempts[r.Body], n)
		switch {
		case stopped[group]: // unprocessed
			failed = append(failed, failure{r.MessageID})
		case sim.Derive(w.seed, "soak/fail/"+r.Body+"/"+strconv.Itoa(n))%100 < failPercent:
			w.failures[r.Body] = append(w.failures[r.Body], n)
			failed = append(failed, failure{r.MessageID})
			stopped[group] = group != ""
		default:
			w.successes[r.Body]++
			if group != "" {
				w.taskDone[group] = append(w.taskDone[group], index(r.Body))
			}
		}
	}
	w.mu.Unlock()
	return json.Marshal(struct {
		BatchItemFailures []failure `json:"batchItemFailures"`
	}{failed})
}

// TestSoakCatchesBrokenPromises: the checker finds each kind of broken
// promise in what a run observed, so that a passing soak means something.
// Each case breaks one observation of a settled serial run, which the
// seed makes the same every time.
func TestSoakCatchesBrokenPromises(t *testing.T) {
	cases := []struct {
		name  string
		spoil func(w *world)
		want  string
	}{
		{"lost message", func(w *world) { delete(w.received[qEvents], w.sent[qEvents][0]) }, "lost"},
		{"duplicate not drawn", func(w *world) { w.received[qFanoutA][w.sent[topicName][0]]++ }, "duplicate receives"},
		{"fifo order", func(w *world) { swapFirst(w.fifoGot) }, "group"},
		{"fifo duplicate", func(w *world) {
			for g, got := range w.fifoGot {
				w.fifoGot[g] = append(got, got[len(got)-1])
				return
			}
		}, "group"},
		{"failure not retried", func(w *world) {
			for _, body := range w.sent[qJobs] {
				if w.successes[body] > 0 {
					w.failures[body] = append(w.failures[body], 99)
					return
				}
			}
		}, "neither retried nor dead-lettered"},
		{"mapping's fifo order", func(w *world) { swapFirst(w.taskDone) }, "processed"},
		{"message never sent", func(w *world) { w.received[qFanoutB]["stranger"] = 1 }, "never sent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, 1)
			if err := w.runSerial(200); err != nil {
				t.Fatalf("seed 1: %v", err)
			}
			tc.spoil(w)
			r := w.report(200, nil)
			if !slices.ContainsFunc(r.violations, func(v string) bool { return strings.Contains(v, tc.want) }) {
				t.Fatalf("breaking %q: want a violation mentioning %q, got %q", tc.name, tc.want, r.violations)
			}
		})
	}
}

// swapFirst swaps the first two indices of a group that has two.
func swapFirst(groups map[string][]int) {
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		if is := groups[g]; len(is) > 1 {
			is[0], is[1] = is[1], is[0]
			return
		}
	}
}
