package sqs

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/awssim/awssim/sim"
)

// A Consumer is the loop that services consuming a queue share (a Lambda
// event source mapping, an Elastic Beanstalk worker daemon): its pollers
// long-poll the queue, the messages they receive gather in one pool, the
// pool is cut into batches, each batch is handed to a handler, and when
// the handler reports it done the consumer deletes the messages that were
// processed and leaves the others to come back when their visibility
// timeout expires.
//
// A Consumer has no goroutine of its own. Its pollers wait with the
// callback form of long polling ([Service.ReceiveMessageAsync]) and the
// end of a batching window is scheduled on the service's clock, so its
// work runs on whichever goroutine makes messages available, advances the
// clock or reports a batch done. With a *[sim.Clock] that is one
// goroutine, in a deterministic order; with another clock it stays correct
// but callbacks arrive on the clock's goroutines.
//
// Its steps (a receive coming back, a window ending, a batch reported
// done, a change of settings) run one at a time, each to its end, in the
// order of a call stack: a step that causes another, such as a handler
// that reports its batch done at once, has it run as soon as it returns,
// without nesting calls, so a backlog of any size costs no stack. No lock
// is held while the handler runs or while the consumer calls the service.
//
// Create one with [Service.NewConsumer]. A Consumer is safe for concurrent
// use.
type Consumer struct {
	s       *Service
	url     string
	fifo    bool
	params  receiveParams // of every poll but its size
	handler func(*Batch)
	what    string // names the handler for the account's guarded path
	idle    int    // ConsumerConfig.IdlePollers

	// mu guards everything below; it is never held while the handler runs
	// or the consumer calls the service's operations.
	mu        sync.Mutex
	batching  Batching
	stack     []step  // steps still to run, the last one first
	draining  bool    // a goroutine is running the steps
	target    int     // pollers the owner asked for, lowered as pollers stop
	running   int     // pollers running: waiting, handling a batch, or between
	polls     []*poll // waiting long polls, oldest first
	pool      []Message
	infos     []ReceiveInfo // of pool, index for index
	poolBytes int
	chunks    []int // FIFO: where each receive's messages end in the pool
	windowAt  time.Time
	window    sim.Scheduled
	stats     ConsumerStats
}

// ConsumerConfig configures a [Consumer].
type ConsumerConfig struct {
	// QueueUrl is the URL of the queue to consume. Required.
	QueueUrl string
	// Batching says how the pool is cut into batches; see [Batching].
	Batching Batching
	// WaitTime is how long each long poll waits, 1 to 20 seconds in whole
	// seconds; zero means 20 seconds, the longest SQS allows.
	WaitTime time.Duration
	// VisibilityTimeout hides received messages for this long, 0 to 12
	// hours in whole seconds. Nil means the queue's VisibilityTimeout.
	VisibilityTimeout *time.Duration
	// MessageSystemAttributeNames and MessageAttributeNames select the
	// attributes of the messages in a batch, as in
	// [ReceiveMessageInput].
	MessageSystemAttributeNames []string
	MessageAttributeNames       []string
	// ReceiveInfos fills [Batch.Infos]. A handler that needs no more of
	// the system attributes than a [ReceiveInfo] holds asks for it and
	// for none of them by name, and saves building Message.Attributes
	// for every message.
	ReceiveInfos bool
	// Pollers is how many pollers start at once, at least 0; with 0 the
	// consumer waits for [Consumer.SetPollers].
	Pollers int
	// IdlePollers, when positive, is how many pollers an idle consumer
	// keeps: a poller whose long poll comes back empty stops while more
	// than IdlePollers run, so that a consumer its owner scaled up shrinks
	// again when the queue runs dry. Zero keeps every poller.
	IdlePollers int
	// Handler is given each batch, on the goroutine that runs the
	// consumer's steps (see [Consumer]), with no lock held: it may call
	// the service, other services and the consumer's methods. It must
	// call [Batch.Done] exactly once, then or at any later instant; until
	// then the poller that took the batch is busy with it. A handler that
	// panics before it calls Done fails the whole batch, and its poller
	// goes on. Required.
	Handler func(*Batch)
}

// Batching is how a [Consumer] cuts its pool of received messages into
// batches: a batch is handed over when the pool holds Size messages, or
// MaxBytes of message bodies, or when the batching window that the pool's
// first message opened ends, whichever comes first.
//
// A batch takes the pool's messages in the order they were received, at
// most Size of them; what is left stays in the pool and opens a new
// window. MaxBytes ends the gathering, not the batch: a batch holds what
// the pool held when its bodies reached MaxBytes, so it may pass MaxBytes
// by the messages of the receive that reached it. On a FIFO queue a batch
// never splits the messages of one receive, because that is what keeps a
// message group's messages in order and in one batch at a time: SQS hands
// out a group's next messages only when none of it is in flight.
type Batching struct {
	// Size is the most messages a batch holds, at least 1; zero means 10.
	Size int
	// Window is how long the first message of a batch waits for more, in
	// any unit; zero hands over what each receive brings at once. A window
	// longer than the queue's visibility timeout lets messages waiting in
	// the pool become visible again and be received a second time, as in
	// SQS; keep it shorter.
	Window time.Duration
	// MaxBytes, when positive, hands the pool over once the sum of its
	// message bodies reaches it; zero means no such limit.
	MaxBytes int
}

// ConsumerStats are a [Consumer]'s counters.
type ConsumerStats struct {
	Pollers     int // running now: waiting on the queue or busy with a batch
	PeakPollers int // the most pollers that ran at once
	Pooled      int // messages received, waiting for their batch
	Batches     int // batches handed to the handler
	Messages    int // messages in those batches
	Deleted     int // messages deleted after Done
	// Returned counts the messages the consumer let go without deleting
	// them: those an Outcome failed, and those it held in its pool or
	// received after it stopped. They come back when their visibility
	// timeout expires.
	Returned int
}

// A Batch is a batch of messages handed to a consumer's handler.
type Batch struct {
	// Messages are the batch's messages, in the order they were received,
	// with the attributes the consumer asks for. The slice is the
	// handler's to keep.
	Messages []Message
	// Infos holds what the receive of each message knew of it, index for
	// index with Messages, when the consumer was configured with
	// ReceiveInfos, and is nil otherwise. The slice is the handler's to
	// keep.
	Infos []ReceiveInfo

	c    *Consumer
	done bool // guarded by c.mu
}

// Outcome is what a handler reports with [Batch.Done]. The zero Outcome
// says every message was processed.
type Outcome struct {
	// Failed names, by MessageId, the messages that were not processed:
	// they are not deleted and come back when their visibility timeout
	// expires. The batch's other messages are deleted. An ID not in the
	// batch is ignored.
	Failed []string
	// FailAll says no message was processed: none is deleted.
	FailAll bool
	// StopPoller stops the poller that handled the batch (its worker went
	// away): the consumer runs one poller fewer.
	StopPoller bool
}

// Done reports the handler finished with the batch: the consumer deletes
// the messages the outcome does not name as failed, at the clock's current
// time, and the batch's poller goes on to its next batch or poll. It may
// be called from the handler itself or later, from any goroutine (for a
// batch whose processing takes simulated time, from a callback scheduled
// on the clock at its end). To give failed messages another visibility
// timeout than the one they were received with, change it with
// [Service.ChangeMessageVisibility] before calling Done. Done panics when
// called twice for one batch.
func (b *Batch) Done(o Outcome) {
	c := b.c
	c.mu.Lock()
	if b.done {
		c.mu.Unlock()
		panic("sqs: Batch.Done called twice for one batch")
	}
	b.done = true
	c.mu.Unlock()
	c.post(step{kind: stepDone, batch: b, outcome: o})
}

// NewConsumer returns a consumer of a queue of the service and starts
// cfg.Pollers pollers.
//
// Errors: [ErrQueueDoesNotExist] (or [ErrMissingParameter] for an empty
// URL), [ErrInvalidParameterValue] for settings out of range or a nil
// Handler, [ErrInvalidAttributeName] for an unknown system attribute.
func (s *Service) NewConsumer(cfg ConsumerConfig) (*Consumer, error) {
	if cfg.Handler == nil {
		return nil, ErrInvalidParameterValue.With("A consumer needs a Handler.")
	}
	if cfg.Pollers < 0 || cfg.IdlePollers < 0 {
		return nil, ErrInvalidParameterValue.With("Pollers (%d) and IdlePollers (%d) must not be negative.", cfg.Pollers, cfg.IdlePollers)
	}
	b, err := cfg.Batching.valid()
	if err != nil {
		return nil, err
	}
	wait := cfg.WaitTime
	if wait == 0 {
		wait = MaxWaitTime
	}
	if wait < time.Second {
		return nil, ErrInvalidParameterValue.With("Value %v for parameter WaitTimeSeconds is invalid. Reason: A consumer long-polls for at least 1 second.", wait)
	}
	in := &ReceiveMessageInput{
		QueueUrl: cfg.QueueUrl, MaxNumberOfMessages: MaxBatchEntries, VisibilityTimeout: cfg.VisibilityTimeout, WaitTime: &wait,
		MessageSystemAttributeNames: slices.Clone(cfg.MessageSystemAttributeNames), MessageAttributeNames: slices.Clone(cfg.MessageAttributeNames),
	}
	p, err := in.params()
	if err != nil {
		return nil, err
	}
	p.infos = cfg.ReceiveInfos
	s.mu.Lock()
	q, _, err := s.lookup(cfg.QueueUrl)
	fifo := err == nil && q.fifo
	s.unlockAndDeliver()
	if err != nil {
		return nil, err
	}
	c := &Consumer{s: s, url: cfg.QueueUrl, fifo: fifo, params: p, handler: cfg.Handler, what: "sqs consumer of " + cfg.QueueUrl, idle: cfg.IdlePollers, batching: b}
	if cfg.Pollers > 0 {
		c.SetPollers(cfg.Pollers)
	}
	return c, nil
}

// valid returns b with its defaults, or an error for a value out of range.
func (b Batching) valid() (Batching, error) {
	if b.Size == 0 {
		b.Size = MaxBatchEntries
	}
	if b.Size < 0 || b.Window < 0 || b.MaxBytes < 0 {
		return b, ErrInvalidParameterValue.With("Batching %+v is invalid. Reason: Size, Window and MaxBytes must not be negative.", b)
	}
	return b, nil
}

// SetPollers sets how many pollers the consumer runs, at least 0. Missing
// pollers start at once. Extra pollers stop: one waiting on the queue at
// once, its long poll withdrawn (the most recently started first), one
// busy with a batch when the batch is done. With 0 the consumer stops: the
// messages gathered for the next batch are left to come back after their
// visibility timeout, and batches being handled still delete their
// messages when done. A consumer can be started again.
//
// Pollers that stop on their own (an idle one beyond IdlePollers, one
// whose batch said StopPoller, all of them when the queue is deleted)
// lower the number; SetPollers is how an owner raises it again. It panics
// for a negative n.
func (c *Consumer) SetPollers(n int) {
	if n < 0 {
		panic(fmt.Sprintf("sqs: Consumer.SetPollers(%d): negative", n))
	}
	c.post(step{kind: stepSetPollers, n: n})
}

// SetBatching changes how the pool is cut into batches, from the
// consumer's next step on; a batching window already open keeps its end.
// Errors: [ErrInvalidParameterValue] for a value out of range.
func (c *Consumer) SetBatching(b Batching) error {
	b, err := b.valid()
	if err != nil {
		return err
	}
	c.post(step{kind: stepBatching, batching: b})
	return nil
}

// Pollers returns the number of pollers running now.
func (c *Consumer) Pollers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// Stats returns the consumer's counters.
func (c *Consumer) Stats() ConsumerStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.Pollers = c.running
	st.Pooled = len(c.pool)
	return st
}

// The steps of a consumer.

type stepKind uint8

const (
	stepStart      stepKind = iota // a new poller is free
	stepReceived                   // a poller's long poll came back
	stepDone                       // a batch was reported done
	stepWindow                     // a batching window may have ended
	stepSetPollers                 // SetPollers
	stepBatching                   // SetBatching
)

type step struct {
	kind     stepKind
	n        int
	poll     *poll
	out      *ReceiveMessageOutput
	err      error
	batch    *Batch
	outcome  Outcome
	batching Batching
}

// post adds a step and, unless a goroutine is already running the
// consumer's steps, runs them until none is left.
func (c *Consumer) post(st step) {
	c.mu.Lock()
	c.stack = append(c.stack, st)
	if c.draining {
		c.mu.Unlock()
		return
	}
	c.draining = true
	c.mu.Unlock()
	c.drain()
}

// drain runs steps, the most recently posted first, until none is left.
func (c *Consumer) drain() {
	finished := false
	defer func() {
		if !finished { // a handler panicked: let the next post run the rest
			c.mu.Lock()
			c.draining = false
			c.mu.Unlock()
		}
	}()
	for {
		c.mu.Lock()
		n := len(c.stack)
		if n == 0 {
			c.draining = false
			c.mu.Unlock()
			finished = true
			return
		}
		st := c.stack[n-1]
		c.stack[n-1] = step{}
		c.stack = c.stack[:n-1]
		c.mu.Unlock()
		c.run(st)
		c.dispatch()
	}
}

func (c *Consumer) run(st step) {
	switch st.kind {
	case stepStart:
		c.next()
	case stepReceived:
		c.received(st.poll, st.out, st.err)
	case stepDone:
		c.finish(st.batch, st.outcome)
	case stepWindow:
		// dispatch, after every step, hands over the pool if its window
		// has ended.
	case stepSetPollers:
		c.setPollers(st.n)
	case stepBatching:
		c.mu.Lock()
		c.batching = st.batching
		c.mu.Unlock()
	}
}

// handle gives b to the handler, which is user code, through the
// account's guarded path ([cloud.Account.CallUser]). A handler that
// panics, or with a watchdog has not returned in time, is a worker that
// crashed with the batch: unless it reported the batch done first, none
// of its messages is deleted (they come back when their visibility
// timeout expires) and its poller goes on, as a restarted worker's would.
func (c *Consumer) handle(b *Batch) {
	if err := c.s.account.CallUser(c.what, func() { c.handler(b) }); err != nil {
		c.mu.Lock()
		done := b.done
		b.done = true
		c.mu.Unlock()
		if !done {
			c.post(step{kind: stepDone, batch: b, outcome: Outcome{FailAll: true}})
		}
	}
}

// next gives a free poller its next task: it stops when the consumer runs
// more pollers than it should, takes the next batch when one is ready, and
// long-polls the queue otherwise.
func (c *Consumer) next() {
	c.mu.Lock()
	if c.running > c.target {
		c.running--
		c.mu.Unlock()
		return
	}
	if b := c.cutLocked(); b != nil {
		c.mu.Unlock()
		c.handle(b)
		return
	}
	size := min(MaxBatchEntries, max(1, c.batching.Size-len(c.pool)))
	p := &poll{c: c}
	c.mu.Unlock()

	params := c.params
	params.max = size
	w, out, err := c.s.beginReceiveParams(c.url, params, p.deliver)
	if w == nil {
		p.deliver(out, err)
		return
	}
	c.mu.Lock()
	if !p.served {
		p.w = w
		p.listed = true
		c.polls = append(c.polls, p)
	}
	c.mu.Unlock()
}

// received takes what a long poll brought into the pool, and gives its
// poller its next task.
func (c *Consumer) received(p *poll, out *ReceiveMessageOutput, err error) {
	var msgs []Message
	var infos []ReceiveInfo
	if out != nil {
		msgs, infos = out.Messages, out.infos
	}
	c.mu.Lock()
	switch {
	case err != nil: // the queue is gone: every poller stops
		c.running--
		withdrawn := c.stopLocked(0)
		c.mu.Unlock()
		c.withdraw(withdrawn)
		return
	case c.target == 0: // stopped meanwhile: let what came come back
		c.stats.Returned += len(msgs)
	case len(msgs) == 0:
		if c.idle > 0 && c.running > c.idle && c.running <= c.target && !c.readyLocked() {
			c.running--
			c.target = c.running
			c.mu.Unlock()
			return
		}
	default:
		c.addLocked(msgs, infos)
	}
	c.mu.Unlock()
	c.next()
}

// finish deletes what a batch processed, and gives its poller its next
// task.
func (c *Consumer) finish(b *Batch, o Outcome) {
	deleted, returned := c.settle(b, o)
	c.mu.Lock()
	c.stats.Deleted += deleted
	c.stats.Returned += returned
	if o.StopPoller {
		c.running--
		c.target = min(c.target, c.running)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.next()
}

// settle deletes the messages of a batch that o does not fail, ten to a
// request as DeleteMessageBatch takes them, and returns how many were
// deleted and how many were left.
func (c *Consumer) settle(b *Batch, o Outcome) (deleted, returned int) {
	if o.FailAll {
		return 0, len(b.Messages)
	}
	var failed map[string]bool // only for long lists
	if len(o.Failed) > 16 {
		failed = make(map[string]bool, len(o.Failed))
		for _, id := range o.Failed {
			failed[id] = true
		}
	}
	var handles [MaxBatchEntries]string
	n := 0
	for i, m := range b.Messages {
		if (failed != nil && failed[m.MessageId]) || (failed == nil && slices.Contains(o.Failed, m.MessageId)) {
			returned++
		} else {
			handles[n] = m.ReceiptHandle
			n++
		}
		if n == len(handles) || (i == len(b.Messages)-1 && n > 0) {
			deleted += c.s.deleteHandles(c.url, handles[:n])
			n = 0
		}
	}
	return deleted, returned
}

// setPollers applies SetPollers.
func (c *Consumer) setPollers(n int) {
	c.mu.Lock()
	withdrawn := c.stopLocked(n)
	if add := n - c.running; add > 0 {
		c.running = n
		c.stats.PeakPollers = max(c.stats.PeakPollers, n)
		for range add {
			c.stack = append(c.stack, step{kind: stepStart})
		}
	}
	c.mu.Unlock()
	c.withdraw(withdrawn)
}

// stopLocked sets the target to n and takes off the list the long polls of
// the pollers beyond it, for withdraw; with 0 it also lets the pool go.
func (c *Consumer) stopLocked(n int) []*poll {
	c.target = n
	if n == 0 {
		c.stats.Returned += len(c.pool)
		c.pool, c.infos, c.poolBytes, c.chunks = nil, nil, 0, c.chunks[:0]
		c.closeWindowLocked()
	}
	var out []*poll
	for extra := c.running - n; extra > 0 && len(c.polls) > 0; extra-- {
		out = append(out, c.popNewestLocked())
	}
	return out
}

// withdraw withdraws long polls taken off the list; their pollers stop. A
// poll already being served stops its poller when its step comes.
func (c *Consumer) withdraw(polls []*poll) {
	for _, p := range polls {
		if c.s.cancelWaiter(p.w) {
			c.mu.Lock()
			c.running--
			c.mu.Unlock()
		}
	}
}

// dispatch hands a ready batch to a waiting poller, withdrawing its long
// poll, for as long as a batch is ready and a poller waits: the end of a
// batching window, and what a cut leaves over, need a poller that is not
// the one whose receive came back.
func (c *Consumer) dispatch() {
	for {
		c.mu.Lock()
		if len(c.polls) == 0 || !c.readyLocked() {
			c.mu.Unlock()
			return
		}
		p := c.popNewestLocked()
		c.mu.Unlock()
		if c.s.cancelWaiter(p.w) {
			c.next()
		} // else it is being served, and its step takes the batch
	}
}

// The pool.

// addLocked adds a receive's messages and their infos to the pool,
// opening a batching window when the pool was empty.
func (c *Consumer) addLocked(msgs []Message, infos []ReceiveInfo) {
	if len(c.pool) == 0 {
		// The receive's own slices: no copy for a batch of one receive.
		c.pool, c.infos = msgs, infos
		if c.batching.Window > 0 && len(msgs) < c.batching.Size {
			// Gathering: room for the batch, or for a good part of a large one.
			room := min(c.batching.Size, 256)
			c.pool = append(make([]Message, 0, room), msgs...)
			if c.params.infos {
				c.infos = append(make([]ReceiveInfo, 0, room), infos...)
			}
		}
		c.openWindowLocked()
	} else {
		c.pool = append(c.pool, msgs...)
		c.infos = append(c.infos, infos...)
	}
	for _, m := range msgs {
		c.poolBytes += len(m.Body)
	}
	if c.fifo {
		c.chunks = append(c.chunks, len(c.pool))
	}
}

// readyLocked reports whether the pool holds a batch to hand over.
func (c *Consumer) readyLocked() bool {
	if len(c.pool) == 0 {
		return false
	}
	b := c.batching
	return b.Window == 0 || len(c.pool) >= b.Size || (b.MaxBytes > 0 && c.poolBytes >= b.MaxBytes) ||
		!c.s.sched.Now().Before(c.windowAt)
}

// cutLocked takes the next batch off the pool when one is ready, and
// returns nil otherwise.
func (c *Consumer) cutLocked() *Batch {
	if !c.readyLocked() {
		return nil
	}
	n := min(len(c.pool), c.batching.Size)
	if c.fifo { // whole receives only: the first one, and the others that fit
		k := 1
		for k < len(c.chunks) && c.chunks[k] <= n {
			k++
		}
		n = c.chunks[k-1]
		c.chunks = append(c.chunks[:0], c.chunks[k:]...)
		for i := range c.chunks {
			c.chunks[i] -= n
		}
	}
	batch := &Batch{Messages: c.pool[:n:n], c: c}
	if c.params.infos {
		batch.Infos = c.infos[:n:n]
	}
	if n == len(c.pool) {
		c.pool, c.infos, c.poolBytes = nil, nil, 0
		c.closeWindowLocked()
	} else {
		for _, m := range c.pool[:n] {
			c.poolBytes -= len(m.Body)
		}
		c.pool = c.pool[n:]
		if c.params.infos {
			c.infos = c.infos[n:]
		}
		c.openWindowLocked() // what is left waits for a batch of its own
	}
	c.stats.Batches++
	c.stats.Messages += n
	return batch
}

// openWindowLocked opens a batching window from now, for the pool's
// messages.
func (c *Consumer) openWindowLocked() {
	c.closeWindowLocked()
	if c.batching.Window <= 0 {
		return
	}
	c.windowAt = c.s.sched.Now().Add(c.batching.Window)
	c.window = c.s.sched.ScheduleAt(c.windowAt, c.windowEnded)
}

func (c *Consumer) closeWindowLocked() {
	c.window.Cancel()
	c.window, c.windowAt = sim.Scheduled{}, time.Time{}
}

func (c *Consumer) windowEnded() { c.post(step{kind: stepWindow}) }

// Long polls.

// poll is one long poll of a poller.
type poll struct {
	c      *Consumer
	w      *waiter // while it waits
	served bool    // its result has come; guarded by c.mu
	listed bool    // in the consumer's list of waiting polls
}

// deliver is the poll's ReceiveMessageAsync callback.
func (p *poll) deliver(out *ReceiveMessageOutput, err error) {
	c := p.c
	c.mu.Lock()
	p.served = true
	if p.listed {
		c.unlistLocked(p)
	}
	c.mu.Unlock()
	c.post(step{kind: stepReceived, poll: p, out: out, err: err})
}

// unlistLocked takes a poll off the list of waiting polls. Polls are
// served, and time out, in the order they began, so it is nearly always
// the first.
func (c *Consumer) unlistLocked(p *poll) {
	p.listed = false
	if c.polls[0] == p {
		c.polls[0] = nil
		c.polls = c.polls[1:]
		return
	}
	i := slices.Index(c.polls, p)
	c.polls = slices.Delete(c.polls, i, i+1)
}

// popNewestLocked takes the most recently begun poll off the list.
func (c *Consumer) popNewestLocked() *poll {
	p := c.polls[len(c.polls)-1]
	c.polls[len(c.polls)-1] = nil
	c.polls = c.polls[:len(c.polls)-1]
	p.listed = false
	return p
}

// deleteHandles deletes messages by receipt handle, as DeleteMessageBatch
// does, and returns how many deletes succeeded.
func (s *Service) deleteHandles(url string, handles []string) int {
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(url)
	if err != nil {
		return 0
	}
	n := 0
	for _, h := range handles {
		if s.deleteMessage(q, h, now) == nil {
			n++
		}
	}
	return n
}
