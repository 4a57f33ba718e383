package sqs

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Dead-letter queues. A receive that would take a message past its queue's
// maxReceiveCount moves it to the dead-letter queue instead of returning
// it. Message move tasks take messages back out, at a rate, in virtual
// time.

// checkRedrive checks a RedrivePolicy set on the queue sourceARN: the
// dead-letter queue exists, is of the same type, and its
// RedriveAllowPolicy lets the source use it.
func (s *Service) checkRedrive(sourceARN string, fifo bool, p *RedrivePolicy) error {
	if p == nil {
		return nil
	}
	bad := func(reason string) error {
		return ErrInvalidParameterValue.With("Value {\"deadLetterTargetArn\":%q,\"maxReceiveCount\":%d} for parameter RedrivePolicy is invalid. Reason: %s", p.DeadLetterTargetArn, p.MaxReceiveCount, reason)
	}
	dlq := s.byARN[p.DeadLetterTargetArn]
	switch {
	case dlq == nil:
		return bad("Dead letter target does not exist.")
	case dlq.arn == sourceARN:
		return bad("A queue cannot be its own dead-letter queue.")
	case dlq.fifo != fifo:
		return bad("Dead-letter queue must be same type of queue as the source.")
	case !dlq.cfg.redriveAllow.allows(sourceARN):
		return bad("Queue " + dlq.arn + " does not allow " + sourceARN + " to use it as a dead-letter queue.")
	}
	return nil
}

// deadLetter moves m from q to q's dead-letter queue when this receive
// would take it past maxReceiveCount, and reports whether it did. With the
// dead-letter queue gone (or no longer allowing q) the message stays.
func (s *Service) deadLetter(q *queue, m *message, now time.Time) bool {
	p := q.cfg.redrive
	if p == nil || int(m.receiveCount) < p.MaxReceiveCount {
		return false
	}
	dlq := s.byARN[p.DeadLetterTargetArn]
	if dlq == nil || dlq == q || dlq.fifo != q.fifo || !dlq.cfg.redriveAllow.allows(q.arn) {
		return false
	}
	s.advance(dlq, now)
	old := m.ext()
	moved := &message{
		body: m.body, text: m.text, hasMD5: m.hasMD5,
		sentAt: m.sentAt, enqueuedAt: m.enqueuedAt, receiveCount: m.receiveCount, firstReceiveAt: m.firstReceiveAt,
		x: &extra{
			attrs: old.attrs, md5Attrs: old.md5Attrs, md5SysAttrs: old.md5SysAttrs, traceHeader: old.traceHeader,
			groupID: old.groupID, dlqSource: q.arn, history: slices.Clone(old.history),
		},
	}
	if q.fifo {
		// A FIFO dead-letter queue restarts the retention period, takes
		// the message ID as the deduplication ID and gives the message a
		// sequence number of its own.
		moved.enqueuedAt = dlq.epoch.at(now)
		moved.x.dedupID = m.id()
		moved.x.seqNumber = dlq.nextSeqNumber()
	}
	q.stats.MovedToDLQ++
	s.removeMessage(q, m, GoneMovedToDLQ, now)
	dlq.insert(moved, now, 0)
	s.recordf(now, EventDeadLettered, dlq, moved, "from=%s receives=%d", q.name, moved.receiveCount)
	s.touch(dlq)
	return true
}

// ListDeadLetterSourceQueuesInput is the input of
// [Service.ListDeadLetterSourceQueues].
type ListDeadLetterSourceQueuesInput struct {
	// QueueUrl is the dead-letter queue.
	QueueUrl   string
	MaxResults int
	NextToken  string
}

// ListDeadLetterSourceQueuesOutput is the output of
// [Service.ListDeadLetterSourceQueues].
type ListDeadLetterSourceQueuesOutput struct {
	QueueUrls []string
	NextToken string
}

// ListDeadLetterSourceQueues lists, in name order, the queues whose
// RedrivePolicy names this queue as their dead-letter queue. Paging is as in
// [Service.ListQueues]. Errors: [ErrQueueDoesNotExist],
// [ErrInvalidParameterValue].
func (s *Service) ListDeadLetterSourceQueues(ctx context.Context, in *ListDeadLetterSourceQueuesInput) (*ListDeadLetterSourceQueuesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	dlq, _, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(s.sourcesOf(dlq), in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListDeadLetterSourceQueuesOutput{NextToken: next}
	for _, name := range page {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(name))
	}
	return out, nil
}

// sourcesOf returns the names of the queues whose dead-letter queue is
// dlq, sorted.
func (s *Service) sourcesOf(dlq *queue) []string {
	var names []string
	for _, q := range s.queues {
		if q.cfg.redrive != nil && q.cfg.redrive.DeadLetterTargetArn == dlq.arn {
			names = append(names, q.name)
		}
	}
	slices.Sort(names)
	return names
}

// Status values of a message move task.
const (
	MoveTaskRunning    = "RUNNING"
	MoveTaskCompleted  = "COMPLETED"
	MoveTaskCancelling = "CANCELLING"
	MoveTaskCancelled  = "CANCELLED"
	MoveTaskFailed     = "FAILED"
)

// DefaultMoveRate is how many messages per second a move task moves when
// MaxNumberOfMessagesPerSecond is not given. AWS picks a "system optimised"
// rate; the simulator uses the largest rate a caller may ask for.
const DefaultMoveRate = 500

// moveTask is a message move task.
type moveTask struct {
	id         string
	handle     string
	sourceARN  string
	destARN    string // empty: back to each message's source queue
	rate       int
	explicit   bool // rate given by the caller
	status     string
	moved      int
	toMove     int
	startedAt  time.Time
	failure    string
	nextTick   sim.Scheduled
	sourceName string
}

// StartMessageMoveTaskInput is the input of [Service.StartMessageMoveTask].
type StartMessageMoveTaskInput struct {
	// SourceArn is a queue that is the dead-letter queue of some queue.
	SourceArn string
	// DestinationArn is where the messages go; empty sends each back to
	// the queue it was dead-lettered from.
	DestinationArn string
	// MaxNumberOfMessagesPerSecond, 1 to 500, caps the rate; zero means
	// [DefaultMoveRate].
	MaxNumberOfMessagesPerSecond int
}

// StartMessageMoveTaskOutput is the output of
// [Service.StartMessageMoveTask].
type StartMessageMoveTaskOutput struct {
	TaskHandle string
}

// StartMessageMoveTask starts moving the messages visible on a dead-letter
// queue to a destination, at most MaxNumberOfMessagesPerSecond each
// second of the clock. Moved messages are new messages on the destination
// (new ID, send time and retention). The task moves the messages visible
// when it starts; it completes once it moved that many or the source has
// none visible. Its first second runs as a callback scheduled for the
// instant it starts: with a *sim.Clock, at the next advance of the clock
// (Advance(0) will do).
//
// Errors: [ErrResourceNotFoundException] for an unknown source or
// destination, [ErrInvalidParameterValue] when the source is no dead-letter
// queue, the rate is out of range, or a task is already running for the
// source.
func (s *Service) StartMessageMoveTask(ctx context.Context, in *StartMessageMoveTaskInput) (*StartMessageMoveTaskOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.MaxNumberOfMessagesPerSecond < 0 || in.MaxNumberOfMessagesPerSecond > DefaultMoveRate {
		return nil, ErrInvalidParameterValue.With("Value %d for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and 500.", in.MaxNumberOfMessagesPerSecond)
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	src := s.byARN[in.SourceArn]
	if src == nil {
		return nil, ErrResourceNotFoundException.With("The resource that you specified for the SourceArn parameter doesn't exist.")
	}
	now := s.sched.Now()
	s.advance(src, now)
	if len(s.sourcesOf(src)) == 0 {
		return nil, ErrInvalidParameterValue.With("Source queue must be configured as a Dead Letter Queue.")
	}
	if in.DestinationArn != "" && s.byARN[in.DestinationArn] == nil {
		return nil, ErrResourceNotFoundException.With("The resource that you specified for the DestinationArn parameter doesn't exist.")
	}
	for _, t := range s.tasks {
		if t.sourceARN == src.arn && (t.status == MoveTaskRunning || t.status == MoveTaskCancelling) {
			return nil, ErrInvalidParameterValue.With("There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
		}
	}
	t := &moveTask{
		id: s.rng.UUID().String(), sourceARN: src.arn, sourceName: src.name, destARN: in.DestinationArn,
		rate: in.MaxNumberOfMessagesPerSecond, explicit: in.MaxNumberOfMessagesPerSecond > 0,
		status: MoveTaskRunning, toMove: src.nVisible, startedAt: now,
	}
	if t.rate == 0 {
		t.rate = DefaultMoveRate
	}
	handle, _ := json.Marshal(struct {
		TaskID    string `json:"taskId"`
		SourceArn string `json:"sourceArn"`
	}{t.id, t.sourceARN})
	t.handle = base64.StdEncoding.EncodeToString(handle)
	s.tasks = append(s.tasks, t)
	s.recordf(now, EventMoveTaskStarted, src, nil, "task=%s to-move=%d rate=%d", t.id, t.toMove, t.rate)
	t.nextTick = s.sched.ScheduleAt(now, func() { s.tick(t) })
	return &StartMessageMoveTaskOutput{TaskHandle: t.handle}, nil
}

// tick moves up to one second's worth of messages and schedules the next
// second, until the task is done.
func (s *Service) tick(t *moveTask) {
	s.mu.Lock()
	defer s.unlockAndDeliver()
	now := s.sched.Now()
	if t.status == MoveTaskCancelling {
		s.endTask(t, MoveTaskCancelled, "", now)
		return
	}
	if t.status != MoveTaskRunning {
		return
	}
	src := s.byARN[t.sourceARN]
	if src == nil {
		s.endTask(t, MoveTaskFailed, "The source queue does not exist.", now)
		return
	}
	s.advance(src, now)
	for n := 0; n < t.rate && t.moved < t.toMove; n++ {
		m := src.nextVisible()
		if m == nil {
			break
		}
		if reason := s.redrive(t, src, m, now); reason != "" {
			s.endTask(t, MoveTaskFailed, reason, now)
			return
		}
		t.moved++
	}
	if t.moved >= t.toMove || src.nextVisible() == nil {
		s.endTask(t, MoveTaskCompleted, "", now)
		return
	}
	t.nextTick = s.sched.ScheduleAt(now.Add(time.Second), func() { s.tick(t) })
}

// redrive moves m from the task's source to its destination as a new
// message, or returns why it cannot.
func (s *Service) redrive(t *moveTask, src *queue, m *message, now time.Time) string {
	destARN := t.destARN
	if destARN == "" {
		destARN = m.ext().dlqSource
	}
	dest := s.byARN[destARN]
	if dest == nil {
		return "The destination queue " + destARN + " does not exist."
	}
	s.advance(dest, now)
	e := sendEntry{body: m.body, attrs: m.ext().attrs, groupID: m.ext().groupID}
	if m.ext().traceHeader != "" {
		e.sysAttrs = map[string]MessageAttributeValue{"AWSTraceHeader": {DataType: "String", StringValue: m.ext().traceHeader}}
	}
	if dest.fifo {
		if e.groupID == "" {
			return "Message " + m.id() + " has no MessageGroupId for the FIFO destination."
		}
		e.dedupID = s.rng.UUID().String()
	} else if e.groupID != "" {
		e.groupID = ""
	}
	if _, err := s.send(dest, &e, now, false); err != nil {
		return err.Error()
	}
	s.removeMessage(src, m, GoneRedriven, now)
	s.touch(dest)
	return ""
}

// nextVisible returns the message a receive would take first, or nil.
func (q *queue) nextVisible() *message {
	if q.fifo {
		if q.readyGroups.head == nil {
			return nil
		}
		return q.readyGroups.head.msgs.head
	}
	return q.ready.head
}

func (s *Service) endTask(t *moveTask, status, failure string, now time.Time) {
	t.status, t.failure = status, failure
	t.nextTick.Cancel()
	if src := s.byARN[t.sourceARN]; src != nil {
		s.recordf(now, EventMoveTaskEnded, src, nil, "task=%s status=%s moved=%d", t.id, status, t.moved)
	}
}

// ListMessageMoveTasksInput is the input of [Service.ListMessageMoveTasks].
type ListMessageMoveTasksInput struct {
	SourceArn string
	// MaxResults, 1 to 10, is how many tasks to list; zero means 1.
	MaxResults int
}

// ListMessageMoveTasksResultEntry describes a message move task.
type ListMessageMoveTasksResultEntry struct {
	// TaskHandle is set while the task is RUNNING.
	TaskHandle                        string
	Status                            string
	SourceArn                         string
	DestinationArn                    string
	MaxNumberOfMessagesPerSecond      int // zero when the caller gave none
	ApproximateNumberOfMessagesMoved  int
	ApproximateNumberOfMessagesToMove int
	FailureReason                     string
	StartedTimestamp                  int64 // epoch milliseconds
}

// ListMessageMoveTasksOutput is the output of [Service.ListMessageMoveTasks].
type ListMessageMoveTasksOutput struct {
	Results []ListMessageMoveTasksResultEntry
}

// ListMessageMoveTasks lists the most recent move tasks of a source queue,
// newest first. Errors: [ErrResourceNotFoundException],
// [ErrInvalidParameterValue] for MaxResults out of range.
func (s *Service) ListMessageMoveTasks(ctx context.Context, in *ListMessageMoveTasksInput) (*ListMessageMoveTasksOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	max := in.MaxResults
	if max == 0 {
		max = 1
	}
	if max < 1 || max > 10 {
		return nil, ErrInvalidParameterValue.With("Value %d for parameter MaxResults is invalid. Reason: Must be between 1 and 10.", in.MaxResults)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byARN[in.SourceArn] == nil {
		return nil, ErrResourceNotFoundException.With("The resource that you specified for the SourceArn parameter doesn't exist.")
	}
	out := &ListMessageMoveTasksOutput{}
	for i := len(s.tasks) - 1; i >= 0 && len(out.Results) < max; i-- {
		t := s.tasks[i]
		if t.sourceARN != in.SourceArn {
			continue
		}
		r := ListMessageMoveTasksResultEntry{
			Status: t.status, SourceArn: t.sourceARN, DestinationArn: t.destARN,
			ApproximateNumberOfMessagesMoved: t.moved, ApproximateNumberOfMessagesToMove: t.toMove,
			FailureReason: t.failure, StartedTimestamp: t.startedAt.UnixMilli(),
		}
		if t.explicit {
			r.MaxNumberOfMessagesPerSecond = t.rate
		}
		if t.status == MoveTaskRunning {
			r.TaskHandle = t.handle
		}
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// CancelMessageMoveTaskInput is the input of
// [Service.CancelMessageMoveTask].
type CancelMessageMoveTaskInput struct {
	TaskHandle string
}

// CancelMessageMoveTaskOutput is the output of
// [Service.CancelMessageMoveTask].
type CancelMessageMoveTaskOutput struct {
	ApproximateNumberOfMessagesMoved int
}

// CancelMessageMoveTask cancels a running move task. It is CANCELLING
// until its next tick, a second later at most, then CANCELLED; messages
// already moved stay moved.
//
// Errors: [ErrInvalidParameterValue] for a malformed handle,
// [ErrResourceNotFoundException] for a task that does not exist or is not
// running.
func (s *Service) CancelMessageMoveTask(ctx context.Context, in *CancelMessageMoveTaskInput) (*CancelMessageMoveTaskOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	var ref struct {
		TaskID    string `json:"taskId"`
		SourceArn string `json:"sourceArn"`
	}
	raw, err := base64.StdEncoding.DecodeString(in.TaskHandle)
	if err != nil || json.Unmarshal(raw, &ref) != nil || ref.TaskID == "" {
		return nil, ErrInvalidParameterValue.With("Value for parameter TaskHandle is invalid.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tasks {
		if t.id == ref.TaskID && t.sourceARN == ref.SourceArn && t.status == MoveTaskRunning {
			t.status = MoveTaskCancelling
			return &CancelMessageMoveTaskOutput{ApproximateNumberOfMessagesMoved: t.moved}, nil
		}
	}
	return nil, ErrResourceNotFoundException.With("Task does not exist.")
}
