package sqs

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
)

// SendMessageInput is the input of [Service.SendMessage].
type SendMessageInput struct {
	// QueueUrl is the URL of the queue. Required.
	QueueUrl string
	// MessageBody is the message, 1 character up to the queue's
	// MaximumMessageSize (1 MiB by default) together with the attributes.
	// Required.
	MessageBody string
	// Delay hides the message for this long after the send, 0 to 15
	// minutes in whole seconds (AWS: DelaySeconds). Nil means the queue's
	// DelaySeconds. Standard queues only: a FIFO queue accepts nil or 0.
	Delay *time.Duration
	// MessageAttributes are up to 10 user attributes.
	MessageAttributes map[string]MessageAttributeValue
	// MessageSystemAttributes may hold AWSTraceHeader, of type String.
	MessageSystemAttributes map[string]MessageAttributeValue
	// MessageDeduplicationId (FIFO only) identifies the message for
	// deduplication; required unless the queue has
	// ContentBasedDeduplication.
	MessageDeduplicationId string
	// MessageGroupId names the message group: required on FIFO queues,
	// optional on standard queues (where it only has to be valid).
	MessageGroupId string
}

// SendMessageOutput is the output of [Service.SendMessage].
type SendMessageOutput struct {
	MessageId                    string
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string // empty without attributes
	MD5OfMessageSystemAttributes string // empty without system attributes
	SequenceNumber               string // FIFO only
}

// SendMessage delivers a message to a queue.
//
// On a FIFO queue a message whose deduplication ID was used in the last five
// minutes is accepted but not enqueued, and the output carries the first
// message's ID. Errors: [ErrQueueDoesNotExist], [ErrMissingParameter] (no
// body, or no MessageGroupId on a FIFO queue), [ErrInvalidMessageContents],
// [ErrInvalidParameterValue] (size, delay, attributes, IDs).
func (s *Service) SendMessage(ctx context.Context, in *SendMessageInput) (*SendMessageOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	out, err := s.sendMessage(in, func() (*queue, time.Time, error) { return s.lookup(in.QueueUrl) }, true)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// accept sends m to the queue with ARN target as another AWS service does
// on a caller's behalf (an SNS subscription, a Lambda destination): it is
// how the service receives what its account's other services deliver by
// ARN ([cloud.Account.Deliver]). The digests that SendMessage returns are
// not computed, since such a sender discards them (ReceiveMessage computes
// MD5OfBody when it first returns the message). Apart from that it is
// [Service.SendMessage], with its rules and errors.
func (s *Service) accept(ctx context.Context, target string, m cloud.Message) error {
	in := &SendMessageInput{
		MessageBody: m.Body, MessageAttributes: m.Attributes,
		MessageGroupId: m.MessageGroupID, MessageDeduplicationId: m.MessageDeduplicationID,
	}
	_, err := s.sendMessage(in, func() (*queue, time.Time, error) {
		q, now, err := s.lookupARN(target)
		if err == nil && s.account.ChecksPolicy(m.Sender) && !q.allows(m.Sender) {
			return nil, now, q.accessDenied()
		}
		return q, now, err
	}, false)
	return err
}

// sendMessage is SendMessage and accept: it validates in, then
// sends it to the queue that find returns under the lock, with the
// message's digests or without.
func (s *Service) sendMessage(in *SendMessageInput, find func() (*queue, time.Time, error), digests bool) (SendMessageOutput, error) {
	e := sendEntry{
		body: in.MessageBody, delay: in.Delay, attrs: in.MessageAttributes, sysAttrs: in.MessageSystemAttributes,
		dedupID: in.MessageDeduplicationId, groupID: in.MessageGroupId,
	}
	if err := e.validate(); err != nil {
		return SendMessageOutput{}, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := find()
	if err != nil {
		return SendMessageOutput{}, err
	}
	if in.MessageGroupId == "" && q.fifo {
		return SendMessageOutput{}, ErrMissingParameter.With("The request must contain the parameter MessageGroupId.")
	}
	return s.send(q, &e, now, digests)
}

// sendEntry is one message to send, from SendMessage or a batch entry.
type sendEntry struct {
	body     string
	delay    *time.Duration
	attrs    map[string]MessageAttributeValue
	sysAttrs map[string]MessageAttributeValue
	dedupID  string
	groupID  string
}

// validate checks what can be checked without the queue.
func (e *sendEntry) validate() error {
	if e.body == "" {
		return ErrMissingParameter.With("The request must contain the parameter MessageBody.")
	}
	if !validBody(e.body) {
		return ErrInvalidMessageContents.With("Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")
	}
	if err := validMessageAttributes(e.attrs); err != nil {
		return err
	}
	for _, name := range sortedKeys(e.sysAttrs) { // sorted: the same error on every run
		v := e.sysAttrs[name]
		if name != "AWSTraceHeader" {
			return ErrInvalidParameterValue.With("Message system attribute name '%s' is invalid.", name)
		}
		if v.DataType != "String" || v.StringValue == "" {
			return ErrInvalidParameterValue.With("Message system attribute 'AWSTraceHeader' must contain a non-empty value of type 'String'.")
		}
	}
	if err := validSeconds("DelaySeconds", e.delay, MaxDelay); err != nil {
		return err
	}
	if e.groupID != "" && !isTokenChars(e.groupID) {
		return invalidToken("MessageGroupId", e.groupID)
	}
	return nil
}

// size is what the entry counts toward the queue's MaximumMessageSize:
// the body and the user attributes.
func (e *sendEntry) size() int {
	n := len(e.body)
	if len(e.attrs) == 0 {
		return n
	}
	for name, v := range e.attrs {
		n += attributeSize(name, v)
	}
	return n
}

// send checks e against q and enqueues it. With digests it computes the
// message's MD5 digests for the output; without, the body's is left to the
// first receive.
func (s *Service) send(q *queue, e *sendEntry, now time.Time, digests bool) (SendMessageOutput, error) {
	if n := e.size(); n > q.cfg.maxSize {
		return SendMessageOutput{}, ErrInvalidParameterValue.With("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", q.cfg.maxSize)
	}
	delay := q.cfg.delay
	if q.fifo {
		if e.delay != nil && *e.delay != 0 {
			return SendMessageOutput{}, ErrInvalidParameterValue.With("Value %d for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", int(*e.delay/time.Second))
		}
		if e.dedupID == "" && !q.cfg.contentDedup {
			return SendMessageOutput{}, ErrInvalidParameterValue.With("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
		}
	} else {
		if e.dedupID != "" {
			return SendMessageOutput{}, ErrInvalidParameterValue.With("Value %s for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.", e.dedupID)
		}
		if e.delay != nil {
			delay = *e.delay
		}
	}
	if e.dedupID != "" && !isTokenChars(e.dedupID) {
		return SendMessageOutput{}, invalidToken("MessageDeduplicationId", e.dedupID)
	}

	m := &message{body: e.body, sentAt: q.epoch.at(now), enqueuedAt: q.epoch.at(now)}
	if digests {
		m.setBodyMD5()
	}
	if len(e.attrs) > 0 {
		x := m.extw()
		x.attrs = copyAttributes(e.attrs)
		x.md5Attrs = md5OfAttributes(x.attrs)
	}
	if v, ok := e.sysAttrs["AWSTraceHeader"]; ok {
		x := m.extw()
		x.traceHeader = v.StringValue
		x.md5SysAttrs = md5OfAttributes(e.sysAttrs)
	}
	if q.fifo {
		x := m.extw()
		x.groupID, x.dedupID = e.groupID, e.dedupID
		if x.dedupID == "" {
			x.dedupID = contentDedupID(e.body)
		}
		key := q.dedupKeyFor(x.groupID, x.dedupID)
		if first, ok := q.dedup[key]; ok {
			s.recordf(now, EventDeduplicated, q, nil, "msg=%s dedup=%s", first.messageID, x.dedupID)
			return SendMessageOutput{
				MessageId: first.messageID, MD5OfMessageBody: m.digest(), MD5OfMessageAttributes: x.md5Attrs,
				MD5OfMessageSystemAttributes: x.md5SysAttrs, SequenceNumber: first.seqNumber,
			}, nil
		}
		x.seqNumber = q.nextSeqNumber()
		m.setID(s.rng.UUID())
		q.remember(key, dedupEntry{messageID: m.id(), seqNumber: x.seqNumber, at: now})
	} else {
		if e.groupID != "" {
			m.extw().groupID = e.groupID
		}
		m.setID(s.rng.UUID())
		if r := s.fault(FaultDelayVisibility, q, m.id()); r != nil {
			delay += cmp.Or(r.Delay, defaultFaultDelay)
		}
	}
	q.insert(m, now, delay)
	q.stats.Sent++
	if s.metrics {
		q.sizes.add(e.size())
	}
	if s.history {
		s.recordf(now, EventSent, q, m, "delay=%v", delay)
	}
	return SendMessageOutput{
		MessageId: m.id(), MD5OfMessageBody: m.digest(), MD5OfMessageAttributes: m.ext().md5Attrs,
		MD5OfMessageSystemAttributes: m.ext().md5SysAttrs, SequenceNumber: m.ext().seqNumber,
	}, nil
}

// SendMessageBatchRequestEntry is one message of [Service.SendMessageBatch];
// its fields mean what those of [SendMessageInput] mean.
type SendMessageBatchRequestEntry struct {
	// Id identifies the entry in the result: up to 80 letters, digits,
	// hyphens and underscores, unique in the batch.
	Id                      string
	MessageBody             string
	Delay                   *time.Duration
	MessageAttributes       map[string]MessageAttributeValue
	MessageSystemAttributes map[string]MessageAttributeValue
	MessageDeduplicationId  string
	MessageGroupId          string
}

func (r *SendMessageBatchRequestEntry) entry() sendEntry {
	return sendEntry{
		body: r.MessageBody, delay: r.Delay, attrs: r.MessageAttributes, sysAttrs: r.MessageSystemAttributes,
		dedupID: r.MessageDeduplicationId, groupID: r.MessageGroupId,
	}
}

// SendMessageBatchInput is the input of [Service.SendMessageBatch].
type SendMessageBatchInput struct {
	QueueUrl string
	Entries  []SendMessageBatchRequestEntry
}

// SendMessageBatchResultEntry is a message a batch sent.
type SendMessageBatchResultEntry struct {
	Id                           string
	MessageId                    string
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string
	MD5OfMessageSystemAttributes string
	SequenceNumber               string
}

// BatchResultErrorEntry is an entry of a batch that failed; the others
// went through.
type BatchResultErrorEntry struct {
	Id          string
	SenderFault bool
	Code        string
	Message     string
}

// SendMessageBatchOutput is the output of [Service.SendMessageBatch]. Both
// lists are always present, possibly empty.
type SendMessageBatchOutput struct {
	Successful []SendMessageBatchResultEntry
	Failed     []BatchResultErrorEntry
}

// MaxBatchSize is the most bytes the messages of one SendMessageBatch may
// add up to.
const MaxBatchSize = 1 << 20

// SendMessageBatch sends up to 10 messages, in entry order. An entry that
// fails (too big, bad attributes) is reported in Failed while the others
// are sent.
//
// Errors of the whole request: [ErrQueueDoesNotExist],
// [ErrEmptyBatchRequest], [ErrTooManyEntriesInBatchRequest],
// [ErrInvalidBatchEntryId], [ErrBatchEntryIdsNotDistinct],
// [ErrBatchRequestTooLong] (entries over 1 MiB together), and
// [ErrInvalidParameterValue] for a FIFO entry without MessageGroupId.
func (s *Service) SendMessageBatch(ctx context.Context, in *SendMessageBatchInput) (*SendMessageBatchOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	total := 0
	for i := range in.Entries {
		ids[i] = in.Entries[i].Id
		e := in.Entries[i].entry()
		total += e.size()
	}
	if err := validBatchEntries(ids); err != nil {
		return nil, err
	}
	if total > MaxBatchSize {
		return nil, ErrBatchRequestTooLong.With("Batch requests cannot be longer than %d bytes. You have sent %d bytes.", MaxBatchSize, total)
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if q.fifo {
		for _, e := range in.Entries {
			if e.MessageGroupId == "" {
				return nil, ErrInvalidParameterValue.With("The request must contain the parameter MessageGroupId.")
			}
		}
	}
	out := &SendMessageBatchOutput{
		Successful: make([]SendMessageBatchResultEntry, 0, len(in.Entries)),
		Failed:     []BatchResultErrorEntry{},
	}
	for i := range in.Entries {
		e := in.Entries[i].entry()
		err := e.validate()
		var r SendMessageOutput
		if err == nil {
			r, err = s.send(q, &e, now, true)
		}
		if err != nil {
			out.Failed = append(out.Failed, failedEntry(ids[i], err))
			continue
		}
		out.Successful = append(out.Successful, SendMessageBatchResultEntry{
			Id: ids[i], MessageId: r.MessageId, MD5OfMessageBody: r.MD5OfMessageBody,
			MD5OfMessageAttributes: r.MD5OfMessageAttributes, MD5OfMessageSystemAttributes: r.MD5OfMessageSystemAttributes,
			SequenceNumber: r.SequenceNumber,
		})
	}
	return out, nil
}

// failedEntry turns the error of one batch entry into its result.
func failedEntry(id string, err error) BatchResultErrorEntry {
	var e *Error
	if !errors.As(err, &e) {
		return BatchResultErrorEntry{Id: id, Code: "InternalError", Message: err.Error()}
	}
	return BatchResultErrorEntry{Id: id, SenderFault: e.StatusCode < 500, Code: e.Code, Message: e.Message}
}
