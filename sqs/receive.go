package sqs

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/internal/service"
)

// ReceiveMessageInput is the input of [Service.ReceiveMessage].
type ReceiveMessageInput struct {
	// QueueUrl is the URL of the queue. Required.
	QueueUrl string
	// MaxNumberOfMessages is how many messages to return at most, 1 to 10.
	// Zero means 1, the AWS default.
	MaxNumberOfMessages int
	// VisibilityTimeout hides the returned messages for this long, 0 to
	// 12 hours in whole seconds. Nil means the queue's VisibilityTimeout.
	VisibilityTimeout *time.Duration
	// WaitTime is how long to wait for a message when none is available, 0
	// to 20 seconds in whole seconds (AWS: WaitTimeSeconds). Nil means the
	// queue's ReceiveMessageWaitTimeSeconds; 0 is a short poll.
	WaitTime *time.Duration
	// MessageSystemAttributeNames selects the system attributes returned
	// in Message.Attributes: "All" or any of SenderId, SentTimestamp,
	// ApproximateReceiveCount, ApproximateFirstReceiveTimestamp,
	// SequenceNumber, MessageDeduplicationId, MessageGroupId,
	// AWSTraceHeader, DeadLetterQueueSourceArn.
	MessageSystemAttributeNames []string
	// MessageAttributeNames selects the user attributes returned: names,
	// "All" or ".*" for every one, or "prefix.*".
	MessageAttributeNames []string
	// ReceiveRequestAttemptId (FIFO only) makes a retried receive within
	// five minutes return the same messages and receipt handles.
	ReceiveRequestAttemptId string
}

// ReceiveMessageOutput is the output of [Service.ReceiveMessage]. Messages
// is nil when none was available.
type ReceiveMessageOutput struct {
	Messages []Message

	// infos are the ReceiveInfo of Messages, index for index, for a
	// Consumer's receive (receiveParams.infos); nil otherwise.
	infos []ReceiveInfo
}

// ReceiveInfo is what a receive of a message knew of it, typed: the
// values of its system attributes ApproximateReceiveCount,
// ApproximateFirstReceiveTimestamp, SentTimestamp and SenderId at that
// receive. A [Consumer] configured with ReceiveInfos hands it beside
// each message of a [Batch] ([Batch.Infos]), so that an in-process
// consumer reads them without the strings of Message.Attributes.
type ReceiveInfo struct {
	ReceiveCount   int
	FirstReceiveAt time.Time
	SentAt         time.Time
	SenderId       string
}

// Message is a message as ReceiveMessage returns it.
type Message struct {
	MessageId string
	// ReceiptHandle identifies this receive of the message, for
	// DeleteMessage and ChangeMessageVisibility. Every receive issues a new
	// one.
	ReceiptHandle string
	MD5OfBody     string
	Body          string
	// Attributes holds the requested system attributes. Timestamps are
	// epoch milliseconds.
	Attributes map[string]string
	// MD5OfMessageAttributes is the digest of the returned
	// MessageAttributes, empty when none is returned.
	MD5OfMessageAttributes string
	MessageAttributes      map[string]MessageAttributeValue
}

// System attribute names of received messages.
const (
	SysAttributeAll                              = "All"
	SysAttributeSenderId                         = "SenderId"
	SysAttributeSentTimestamp                    = "SentTimestamp"
	SysAttributeApproximateReceiveCount          = "ApproximateReceiveCount"
	SysAttributeApproximateFirstReceiveTimestamp = "ApproximateFirstReceiveTimestamp"
	SysAttributeSequenceNumber                   = "SequenceNumber"
	SysAttributeMessageDeduplicationId           = "MessageDeduplicationId"
	SysAttributeMessageGroupId                   = "MessageGroupId"
	SysAttributeAWSTraceHeader                   = "AWSTraceHeader"
	SysAttributeDeadLetterQueueSourceArn         = "DeadLetterQueueSourceArn"
)

var sysAttributeNames = []string{
	SysAttributeApproximateFirstReceiveTimestamp, SysAttributeApproximateReceiveCount, SysAttributeAWSTraceHeader,
	SysAttributeDeadLetterQueueSourceArn, SysAttributeMessageDeduplicationId, SysAttributeMessageGroupId,
	SysAttributeSenderId, SysAttributeSentTimestamp, SysAttributeSequenceNumber,
}

// receiveParams is a validated ReceiveMessageInput.
type receiveParams struct {
	max        int
	visibility *time.Duration
	wait       *time.Duration
	sysNames   []string
	attrNames  []string
	attemptID  string
	infos      bool // the output carries each message's ReceiveInfo (a Consumer's)
}

func (in *ReceiveMessageInput) params() (receiveParams, error) {
	p := receiveParams{
		max: in.MaxNumberOfMessages, visibility: in.VisibilityTimeout, wait: in.WaitTime,
		sysNames: in.MessageSystemAttributeNames, attrNames: in.MessageAttributeNames, attemptID: in.ReceiveRequestAttemptId,
	}
	if p.max == 0 {
		p.max = 1
	}
	if p.max < 1 || p.max > MaxBatchEntries {
		return p, ErrInvalidParameterValue.With("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", p.max)
	}
	if err := validSeconds("WaitTimeSeconds", p.wait, MaxWaitTime); err != nil {
		return p, err
	}
	if err := validSeconds("VisibilityTimeout", p.visibility, MaxVisibilityTimeout); err != nil {
		return p, err
	}
	for _, name := range p.sysNames {
		if name != SysAttributeAll && !containsString(sysAttributeNames, name) {
			return p, ErrInvalidAttributeName.With("Unknown Attribute %s.", name)
		}
	}
	if p.attemptID != "" && !isTokenChars(p.attemptID) {
		return p, invalidToken("ReceiveRequestAttemptId", p.attemptID)
	}
	return p, nil
}

// ReceiveMessage returns up to MaxNumberOfMessages visible messages and
// hides them for the visibility timeout.
//
// With a wait time (from the input or the queue's
// ReceiveMessageWaitTimeSeconds) and no message available, it long-polls:
// it blocks until a message becomes available (sent, its delay over, its
// visibility timeout expired, moved in) or the wait ends, and then returns
// at once, without waiting to fill the batch. The wait is in the service
// clock's time. When ctx is done first it returns ctx.Err(), unless the
// poll had already been served, in which case it returns those messages.
//
// A receive that would take a message past its queue's maxReceiveCount
// moves it to the dead-letter queue instead. On a FIFO queue, a group with
// a message in flight yields nothing more, and messages come in group
// order.
//
// Errors: [ErrQueueDoesNotExist], [ErrInvalidParameterValue],
// [ErrInvalidAttributeName], and [ErrOverLimit] for a short poll of a
// standard queue at its in-flight limit.
func (s *Service) ReceiveMessage(ctx context.Context, in *ReceiveMessageInput) (*ReceiveMessageOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	w, out, err := s.beginReceive(in, nil)
	if w == nil {
		return out, err
	}
	release := s.sched.Block()
	defer release()
	select {
	case r := <-w.ch:
		return r.out, r.err
	case <-ctx.Done():
		if s.cancelWaiter(w) {
			return nil, ctx.Err()
		}
		r := <-w.ch
		return r.out, r.err
	}
}

// ReceiveMessageAsync is the non-blocking form of [Service.ReceiveMessage],
// for simulations that must not block a goroutine (a worker daemon, a
// Lambda poller). It calls fn exactly once, unless cancelled first: at once
// when messages are available, the poll is short or the input is invalid;
// otherwise later, from the goroutine that makes a message available or
// advances the clock to the end of the wait. fn runs without any lock of
// the service held, so it may call the service.
//
// cancel withdraws a waiting poll; it reports false when fn has been or is
// being called.
func (s *Service) ReceiveMessageAsync(in *ReceiveMessageInput, fn func(*ReceiveMessageOutput, error)) (cancel func() bool) {
	in = input.OrEmpty(in)
	w, out, err := s.beginReceive(in, fn)
	if w == nil {
		fn(out, err)
		return func() bool { return false }
	}
	return func() bool { return s.cancelWaiter(w) }
}

// beginReceive receives what is available. When the poll must wait, it
// registers a waiter that delivers to fn, or to a channel when fn is nil,
// and returns it.
func (s *Service) beginReceive(in *ReceiveMessageInput, fn func(*ReceiveMessageOutput, error)) (*waiter, *ReceiveMessageOutput, error) {
	p, err := in.params()
	if err != nil {
		return nil, nil, err
	}
	return s.beginReceiveParams(in.QueueUrl, p, fn)
}

// beginReceiveParams is beginReceive with parameters already validated, for
// a [Consumer], which validates them once and polls many times.
func (s *Service) beginReceiveParams(url string, p receiveParams, fn func(*ReceiveMessageOutput, error)) (*waiter, *ReceiveMessageOutput, error) {
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(url)
	if err != nil {
		return nil, nil, err
	}
	wait := q.cfg.wait
	if p.wait != nil {
		wait = *p.wait
	}
	out, err := s.receive(q, &p, now, wait == 0)
	if err == nil && out == nil && wait == 0 {
		q.stats.EmptyReceives++
	}
	if err != nil || out != nil || wait == 0 {
		if out == nil {
			out = &ReceiveMessageOutput{}
		}
		return nil, out, err
	}
	return s.addWaiter(q, p, now.Add(wait), fn), nil, nil
}

// receive takes up to p.max messages off q and returns them, with their
// ReceiveInfo when p asks for it, or a nil output when it took none.
func (s *Service) receive(q *queue, p *receiveParams, now time.Time, shortPoll bool) (*ReceiveMessageOutput, error) {
	visibility := q.cfg.visibility
	if p.visibility != nil {
		visibility = *p.visibility
	}
	if q.fifo && p.attemptID != "" {
		if out, ok := q.retryAttempt(p.attemptID, now, visibility); ok {
			return &ReceiveMessageOutput{Messages: cloneMessages(out), infos: s.infos(q.attempts[p.attemptID].msgs, p)}, nil
		}
	}
	picked := s.picked[:0]
	if q.fifo {
		picked = s.pickFIFO(q, picked, p.max, now, visibility)
	} else {
		max := p.max
		if q.ready.head != nil {
			if s.fault(FaultPartialReceive, q, "") != nil {
				max = partialMax(s.rng, max, shortPoll)
			}
		}
		var err error
		if picked, err = s.pickStandard(q, picked, max, now, visibility, shortPoll); err != nil {
			return nil, err
		}
		if len(picked) > 1 {
			if s.fault(FaultReorder, q, "") != nil {
				s.rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
			}
		}
	}
	s.picked = picked // keep the capacity for the next receive
	if len(picked) == 0 {
		return nil, nil
	}
	r, handles := newReceived(len(picked))
	out := r.Messages
	for i, m := range picked {
		out[i] = s.output(q, m, p, handles[i*receiptTextLen:(i+1)*receiptTextLen])
	}
	if q.fifo && p.attemptID != "" {
		a := &attempt{at: now, msgs: slices.Clone(picked), out: cloneMessages(out)}
		for _, m := range picked {
			a.receives = append(a.receives, m.receiveCount)
			a.untils = append(a.untils, m.until)
		}
		q.attempts[p.attemptID] = a
		q.attemptList = append(q.attemptList, dedupKey{key: p.attemptID, at: now})
	}
	r.infos = s.infos(picked, p)
	return r, nil
}

// received is the output of a receive of one message, the common case,
// with room for the message and the text of its receipt handle, so that
// the receive allocates once rather than three times.
type received struct {
	out    ReceiveMessageOutput
	msg    [1]Message
	handle [receiptTextLen]byte
}

// newReceived returns an output of n messages and the buffer their
// receipt handles are written to, receiptTextLen bytes each.
func newReceived(n int) (*ReceiveMessageOutput, []byte) {
	if n == 1 {
		r := &received{}
		r.out.Messages = r.msg[:]
		return &r.out, r.handle[:]
	}
	return &ReceiveMessageOutput{Messages: make([]Message, n)}, make([]byte, n*receiptTextLen)
}

// infos returns the ReceiveInfo of messages just received when p asks for
// it, and nil otherwise.
func (s *Service) infos(msgs []*message, p *receiveParams) []ReceiveInfo {
	if !p.infos || len(msgs) == 0 {
		return nil
	}
	infos := make([]ReceiveInfo, len(msgs))
	for i, m := range msgs {
		infos[i] = ReceiveInfo{
			ReceiveCount: int(m.receiveCount), FirstReceiveAt: s.epoch.time(m.firstReceiveAt),
			SentAt: s.epoch.time(m.sentAt), SenderId: s.accountID,
		}
	}
	return infos
}

// pickStandard appends to picked up to max visible messages of a standard
// queue, in the order they became visible, and takes them in flight.
func (s *Service) pickStandard(q *queue, picked []*message, max int, now time.Time, visibility time.Duration, shortPoll bool) ([]*message, error) {
	for len(picked) < max && q.ready.head != nil {
		if q.nInFlight >= s.inFlightLimit {
			if len(picked) == 0 && shortPoll {
				return nil, ErrOverLimit.With("The maximum number of in flight messages (%d) is reached.", s.inFlightLimit)
			}
			break
		}
		m := q.ready.head
		if s.deadLetter(q, m, now) {
			continue
		}
		q.takeInFlight(m, now, visibility)
		s.markReceived(q, m, now)
		picked = append(picked, m)
	}
	return picked, nil
}

// pickFIFO takes messages from the first receivable group in line, as
// many as it can in order, then from the next group. A FIFO queue at its
// in-flight limit returns nothing, without an error.
func (s *Service) pickFIFO(q *queue, picked []*message, max int, now time.Time, visibility time.Duration) []*message {
	for len(picked) < max && q.readyGroups.head != nil && q.nInFlight < s.inFlightLimit {
		g := q.readyGroups.head
		took := false
		for m := g.msgs.head; m != nil && m.state == stateVisible && len(picked) < max && q.nInFlight < s.inFlightLimit; {
			next := g.msgs.next(m)
			if !s.deadLetter(q, m, now) {
				q.takeInFlight(m, now, visibility)
				s.markReceived(q, m, now)
				picked = append(picked, m)
				took = true
			}
			m = next
		}
		q.refreshGroup(g)
		// Nothing taken and the group still first in line: only the
		// in-flight limit can stop a receivable group from giving a
		// message, and then no other group would give one either.
		if !took && g.queued {
			break
		}
	}
	return picked
}

// markReceived counts a receive of m and issues its new receipt.
func (s *Service) markReceived(q *queue, m *message, now time.Time) {
	m.receiveCount++
	if m.receiveCount == 1 {
		m.firstReceiveAt = q.epoch.at(now)
	}
	m.receivedAt = q.epoch.at(now)
	q.stats.Received++
	if s.history {
		x := m.extw()
		x.history = append(x.history, ReceiveRecord{At: now, VisibleAt: q.epoch.time(m.until)})
		s.recordf(now, EventReceived, q, m, "receive=%d visible-at=%s", m.receiveCount, cloud.FormatTime(q.epoch.time(m.until)))
	}
}

// output renders a received message with the attributes p asks for; the
// text of its receipt handle goes to handle.
func (s *Service) output(q *queue, m *message, p *receiveParams, handle []byte) Message {
	out := Message{
		MessageId:     m.id(),
		ReceiptHandle: s.receiptHandle(q, m, handle),
		MD5OfBody:     m.bodyMD5(),
		Body:          m.body,
	}
	if len(p.sysNames) > 0 {
		out.Attributes = s.systemAttributes(m, p.sysNames)
	}
	if len(p.attrNames) > 0 && len(m.ext().attrs) > 0 {
		out.MessageAttributes, out.MD5OfMessageAttributes = selectAttributes(m, p.attrNames)
	}
	return out
}

func (s *Service) systemAttributes(m *message, names []string) map[string]string {
	all := containsString(names, SysAttributeAll)
	attrs := make(map[string]string)
	want := func(name string) bool { return all || containsString(names, name) }
	ms := func(t instant) string { return strconv.FormatInt(s.epoch.time(t).UnixMilli(), 10) }
	if want(SysAttributeSenderId) {
		attrs[SysAttributeSenderId] = s.accountID
	}
	if want(SysAttributeSentTimestamp) {
		attrs[SysAttributeSentTimestamp] = ms(m.sentAt)
	}
	if want(SysAttributeApproximateReceiveCount) {
		attrs[SysAttributeApproximateReceiveCount] = strconv.Itoa(int(m.receiveCount))
	}
	if want(SysAttributeApproximateFirstReceiveTimestamp) {
		attrs[SysAttributeApproximateFirstReceiveTimestamp] = ms(m.firstReceiveAt)
	}
	optional := []struct{ name, value string }{
		{SysAttributeSequenceNumber, m.ext().seqNumber},
		{SysAttributeMessageDeduplicationId, m.ext().dedupID},
		{SysAttributeMessageGroupId, m.ext().groupID},
		{SysAttributeAWSTraceHeader, m.ext().traceHeader},
		{SysAttributeDeadLetterQueueSourceArn, m.ext().dlqSource},
	}
	for _, a := range optional {
		if a.value != "" && want(a.name) {
			attrs[a.name] = a.value
		}
	}
	return attrs
}

// selectAttributes returns the user attributes of m that names select, and
// their MD5.
func selectAttributes(m *message, names []string) (map[string]MessageAttributeValue, string) {
	selected := func(name string) bool {
		for _, n := range names {
			if n == "All" || n == ".*" || n == name {
				return true
			}
			if prefix, ok := strings.CutSuffix(n, ".*"); ok && strings.HasPrefix(name, prefix+".") {
				return true
			}
		}
		return false
	}
	out := make(map[string]MessageAttributeValue)
	for name, v := range m.ext().attrs {
		if selected(name) {
			out[name] = v
		}
	}
	if len(out) == 0 {
		return nil, ""
	}
	if len(out) == len(m.ext().attrs) {
		return copyAttributes(out), m.ext().md5Attrs
	}
	return copyAttributes(out), md5OfAttributes(out)
}

func cloneMessages(msgs []Message) []Message {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		out[i] = m
		if m.Attributes != nil {
			out[i].Attributes = make(map[string]string, len(m.Attributes))
			for k, v := range m.Attributes {
				out[i].Attributes[k] = v
			}
		}
		if m.MessageAttributes != nil {
			out[i].MessageAttributes = copyAttributes(m.MessageAttributes)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
