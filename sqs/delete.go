package sqs

import (
	"context"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// DeleteMessageInput is the input of [Service.DeleteMessage].
type DeleteMessageInput struct {
	QueueUrl      string
	ReceiptHandle string
}

// DeleteMessageOutput is the output of [Service.DeleteMessage].
type DeleteMessageOutput struct{}

// DeleteMessage deletes the message a receipt handle names.
//
// As in AWS: deleting an already deleted message succeeds. On a standard
// queue, a handle whose visibility timeout has expired still deletes the
// message if nobody received it since; once someone has, the old handle
// succeeds without deleting it. On a FIFO queue a handle whose visibility
// timeout has expired is refused.
//
// Errors: [ErrQueueDoesNotExist], [ErrReceiptHandleIsInvalid] for a handle
// this queue did not issue, [ErrInvalidParameterValue] for an expired handle
// on a FIFO queue.
func (s *Service) DeleteMessage(ctx context.Context, in *DeleteMessageInput) (*DeleteMessageOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if err := s.deleteMessage(q, in.ReceiptHandle, now); err != nil {
		return nil, err
	}
	return &DeleteMessageOutput{}, nil
}

// resolve returns the message a receipt handle names on q, nil when that
// message is gone, and whether the handle is the one of its latest receive.
func (s *Service) resolve(q *queue, handle string) (m *message, current bool, err error) {
	r, ok := s.decodeReceipt(q, handle)
	if !ok {
		if handle == "" {
			return nil, false, ErrMissingParameter.With("The request must contain the parameter ReceiptHandle.")
		}
		return nil, false, ErrReceiptHandleIsInvalid.With("The input receipt handle %q is not a valid receipt handle.", handle)
	}
	m = q.message(r.slot, r.seq)
	if m == nil {
		return nil, false, nil
	}
	return m, r.receive == uint32(m.receiveCount), nil
}

func (s *Service) deleteMessage(q *queue, handle string, now time.Time) error {
	m, current, err := s.resolve(q, handle)
	switch {
	case err != nil:
		return err
	case m == nil:
		return nil // already deleted
	case q.fifo && (!current || m.state != stateInFlight):
		return ErrInvalidParameterValue.With("Value %s for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.", handle)
	case !current:
		return nil // someone received the message since; it stays
	}
	if s.fault(FaultRedeliver, q, m.id()) != nil {
		return nil // one copy survives: visible again when the timeout ends
	}
	q.stats.Deleted++
	s.removeMessage(q, m, GoneDeleted, now)
	return nil
}

// ChangeMessageVisibilityInput is the input of
// [Service.ChangeMessageVisibility].
type ChangeMessageVisibilityInput struct {
	QueueUrl      string
	ReceiptHandle string
	// VisibilityTimeout is the new timeout, counted from now: 0 to 12
	// hours in whole seconds. 0 makes the message visible at once.
	VisibilityTimeout time.Duration
}

// ChangeMessageVisibilityOutput is the output of
// [Service.ChangeMessageVisibility].
type ChangeMessageVisibilityOutput struct{}

// ChangeMessageVisibility sets a new visibility timeout for a received
// message, counted from now. The message can stay hidden at most 12 hours
// after the receive that issued the handle; asking for more is an error
// (SQS does not clamp). The change applies to this receive only.
//
// On a standard queue, a handle whose timeout has expired while nobody
// received the message since succeeds and changes nothing, as AWS does.
//
// Errors: [ErrQueueDoesNotExist], [ErrReceiptHandleIsInvalid],
// [ErrInvalidParameterValue] (timeout out of range or past the 12-hour
// limit; the message is deleted or was received again since),
// [ErrMessageNotInflight] (a FIFO message no longer in flight).
func (s *Service) ChangeMessageVisibility(ctx context.Context, in *ChangeMessageVisibilityInput) (*ChangeMessageVisibilityOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if err := s.changeVisibility(q, in.ReceiptHandle, in.VisibilityTimeout, now); err != nil {
		return nil, err
	}
	return &ChangeMessageVisibilityOutput{}, nil
}

func (s *Service) changeVisibility(q *queue, handle string, timeout time.Duration, now time.Time) error {
	if err := validSeconds("VisibilityTimeout", &timeout, MaxVisibilityTimeout); err != nil {
		return err
	}
	m, current, err := s.resolve(q, handle)
	switch {
	case err != nil:
		return err
	case m == nil || !current:
		return ErrInvalidParameterValue.With("Value %s for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", handle)
	case q.fifo && m.state != stateInFlight:
		return ErrMessageNotInflight.With("The message referred to is not in flight.")
	case q.epoch.at(now).add(timeout) > m.receivedAt.add(MaxVisibilityTimeout):
		return ErrInvalidParameterValue.With("Value %d for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]", int(timeout/time.Second))
	}
	s.recordf(now, EventVisibilityChanged, q, m, "timeout=%v", timeout)
	if m.state == stateVisible {
		return nil // a standard message whose timeout expired: AWS says OK and does nothing
	}
	if timeout == 0 {
		q.timed.remove(m)
		q.becomeVisible(m)
		return nil
	}
	m.until = q.epoch.at(now).add(timeout)
	q.timed.fix(m)
	return nil
}

// DeleteMessageBatchRequestEntry is one message of
// [Service.DeleteMessageBatch].
type DeleteMessageBatchRequestEntry struct {
	Id            string
	ReceiptHandle string
}

// DeleteMessageBatchInput is the input of [Service.DeleteMessageBatch].
type DeleteMessageBatchInput struct {
	QueueUrl string
	Entries  []DeleteMessageBatchRequestEntry
}

// DeleteMessageBatchResultEntry is an entry that was deleted.
type DeleteMessageBatchResultEntry struct {
	Id string
}

// DeleteMessageBatchOutput is the output of [Service.DeleteMessageBatch].
type DeleteMessageBatchOutput struct {
	Successful []DeleteMessageBatchResultEntry
	Failed     []BatchResultErrorEntry
}

// DeleteMessageBatch deletes up to 10 messages, each as
// [Service.DeleteMessage] does, reporting each entry's failure in Failed.
//
// Errors of the whole request: [ErrQueueDoesNotExist],
// [ErrEmptyBatchRequest], [ErrTooManyEntriesInBatchRequest],
// [ErrInvalidBatchEntryId], [ErrBatchEntryIdsNotDistinct].
func (s *Service) DeleteMessageBatch(ctx context.Context, in *DeleteMessageBatchInput) (*DeleteMessageBatchOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	ok, failed, err := s.eachEntry(in.QueueUrl, ids, func(q *queue, i int, now time.Time) error {
		return s.deleteMessage(q, in.Entries[i].ReceiptHandle, now)
	})
	if err != nil {
		return nil, err
	}
	out := &DeleteMessageBatchOutput{Successful: make([]DeleteMessageBatchResultEntry, len(ok)), Failed: failed}
	for i, id := range ok {
		out.Successful[i].Id = id
	}
	return out, nil
}

// eachEntry runs an operation on every entry of a batch in order, after
// the checks of the whole request, and sorts the entries' IDs into those
// that succeeded and those that failed. Both lists are non-nil.
func (s *Service) eachEntry(url string, ids []string, op func(q *queue, i int, now time.Time) error) ([]string, []BatchResultErrorEntry, error) {
	if err := validBatchEntries(ids); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(url)
	if err != nil {
		return nil, nil, err
	}
	ok := make([]string, 0, len(ids))
	failed := []BatchResultErrorEntry{}
	for i, id := range ids {
		if err := op(q, i, now); err != nil {
			failed = append(failed, failedEntry(id, err))
			continue
		}
		ok = append(ok, id)
	}
	return ok, failed, nil
}

// ChangeMessageVisibilityBatchRequestEntry is one message of
// [Service.ChangeMessageVisibilityBatch].
type ChangeMessageVisibilityBatchRequestEntry struct {
	Id                string
	ReceiptHandle     string
	VisibilityTimeout time.Duration
}

// ChangeMessageVisibilityBatchInput is the input of
// [Service.ChangeMessageVisibilityBatch].
type ChangeMessageVisibilityBatchInput struct {
	QueueUrl string
	Entries  []ChangeMessageVisibilityBatchRequestEntry
}

// ChangeMessageVisibilityBatchResultEntry is an entry whose visibility
// changed.
type ChangeMessageVisibilityBatchResultEntry struct {
	Id string
}

// ChangeMessageVisibilityBatchOutput is the output of
// [Service.ChangeMessageVisibilityBatch].
type ChangeMessageVisibilityBatchOutput struct {
	Successful []ChangeMessageVisibilityBatchResultEntry
	Failed     []BatchResultErrorEntry
}

// ChangeMessageVisibilityBatch changes the visibility timeout of up to 10
// messages, each as [Service.ChangeMessageVisibility] does, reporting each
// entry's failure in Failed. Errors of the whole request are those of
// [Service.DeleteMessageBatch].
func (s *Service) ChangeMessageVisibilityBatch(ctx context.Context, in *ChangeMessageVisibilityBatchInput) (*ChangeMessageVisibilityBatchOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	ok, failed, err := s.eachEntry(in.QueueUrl, ids, func(q *queue, i int, now time.Time) error {
		return s.changeVisibility(q, in.Entries[i].ReceiptHandle, in.Entries[i].VisibilityTimeout, now)
	})
	if err != nil {
		return nil, err
	}
	out := &ChangeMessageVisibilityBatchOutput{Successful: make([]ChangeMessageVisibilityBatchResultEntry, len(ok)), Failed: failed}
	for i, id := range ok {
		out.Successful[i].Id = id
	}
	return out, nil
}
