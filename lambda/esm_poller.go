package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/sqs"
)

// SQS event source mappings. A mapping runs pollers, each a chain of
// callbacks with no goroutine of its own: it long-polls the queue with
// sqs.ReceiveMessageAsync, gathers a batch (up to BatchSize, or until the
// batching window ends), invokes the function synchronously at that
// instant, and at the invocation's end in virtual time deletes the messages
// that succeeded and polls again. A mapping starts with 5 pollers and, once
// a minute while messages wait, adds up to 300 more, up to 1,000 or the
// mapping's MaximumConcurrency; a poller whose long poll comes back empty
// stops while more than 5 run.

// setEnabled starts or stops a mapping's pollers. Stopping lets running
// batches finish.
func (s *Service) setEnabled(m *mapping, enabled bool) {
	s.mu.Lock()
	m.enabled = enabled
	start := 0
	if enabled {
		start = min(initialPollers, m.cap()) - m.pollers
		m.pollers += max(start, 0)
		m.stats.PeakPollers = max(m.stats.PeakPollers, m.pollers)
	}
	scale := enabled && !m.scaling
	m.scaling = m.scaling || scale
	now := s.sched.Now()
	s.mu.Unlock()
	if !enabled {
		s.stopPolls(m)
	}
	for range start {
		s.poll(m, nil)
	}
	if scale {
		s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
	}
}

// scale adds pollers once a minute while messages wait, up to the cap.
func (s *Service) scale(m *mapping) {
	st, _ := s.sqs.Inspect().Stats(m.queueURL)
	s.mu.Lock()
	if m.deleted || !m.enabled {
		m.scaling = false
		s.mu.Unlock()
		return
	}
	add := 0
	if st.Visible > 0 {
		add = min(pollersAddedPerMinute, m.cap()-m.pollers)
		m.pollers += max(add, 0)
		m.stats.PeakPollers = max(m.stats.PeakPollers, m.pollers)
	}
	now := s.sched.Now()
	s.mu.Unlock()
	for range add {
		s.poll(m, nil)
	}
	s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
}

// batch is what a poller has gathered for its next invocation.
type batch struct {
	msgs     []sqs.Message
	size     int
	deadline time.Time // end of the batching window
}

// poll asks the queue for messages for a poller's batch.
func (s *Service) poll(m *mapping, b *batch) {
	s.mu.Lock()
	// A poller between batches stops when the mapping is over its cap (its
	// MaximumConcurrency was lowered).
	if m.deleted || !m.enabled || (b == nil && m.pollers > m.cap()) {
		m.pollers--
		s.mu.Unlock()
		return
	}
	now := s.sched.Now()
	want := m.cfg.BatchSize
	wait := 20 * time.Second
	if b != nil {
		want -= len(b.msgs)
		wait = min(wait, b.deadline.Sub(now))
		if wait < time.Second {
			s.mu.Unlock()
			// Long polls wait whole seconds: let the window end first.
			s.sched.ScheduleAt(b.deadline, func() {
				s.mu.Lock()
				stopped := m.deleted || !m.enabled
				if stopped {
					m.pollers--
				}
				s.mu.Unlock()
				if !stopped { // else its messages come back after their visibility timeout
					s.invokeBatch(m, b)
				}
			})
			return
		}
	}
	if m.waiting == nil {
		m.waiting = make(map[int]func() bool)
	}
	id := m.nextPoll
	m.nextPoll++
	m.waiting[id] = nil
	s.mu.Unlock()
	in := &sqs.ReceiveMessageInput{
		QueueUrl: m.queueURL, MaxNumberOfMessages: min(want, 10), WaitTime: sqs.Duration(max(wait, 0).Truncate(time.Second)),
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll}, MessageAttributeNames: []string{"All"},
	}
	cancel := s.sqs.ReceiveMessageAsync(in, func(out *sqs.ReceiveMessageOutput, err error) { s.received(m, b, id, out, err) })
	s.mu.Lock()
	_, waiting := m.waiting[id]
	stopped := m.deleted || !m.enabled
	if waiting && !stopped {
		m.waiting[id] = cancel
	}
	s.mu.Unlock()
	if waiting && stopped { // stopped while the poll began
		s.cancelPoll(m, id, cancel)
	}
}

// stopPolls withdraws the pending long polls of a disabled or deleted
// mapping, so that its pollers receive nothing more.
func (s *Service) stopPolls(m *mapping) {
	s.mu.Lock()
	ids := slices.Sorted(maps.Keys(m.waiting))
	cancels := make([]func() bool, len(ids))
	for i, id := range ids {
		cancels[i] = m.waiting[id]
	}
	s.mu.Unlock()
	for i, id := range ids {
		if cancels[i] != nil {
			s.cancelPoll(m, id, cancels[i])
		}
	}
}

// cancelPoll withdraws one long poll; its poller stops. A poll already
// served goes on to received, which stops the poller.
func (s *Service) cancelPoll(m *mapping, id int, cancel func() bool) {
	if !cancel() {
		return
	}
	s.mu.Lock()
	delete(m.waiting, id)
	m.pollers--
	s.mu.Unlock()
}

// received adds what a long poll returned to the batch and decides whether
// to invoke now or poll again.
func (s *Service) received(m *mapping, b *batch, id int, out *sqs.ReceiveMessageOutput, err error) {
	now := s.sched.Now()
	s.mu.Lock()
	delete(m.waiting, id) // served: nothing to cancel
	stopped := m.deleted || !m.enabled
	if err != nil || stopped { // the queue is gone, or the mapping stopped
		m.pollers--
		s.mu.Unlock()
		return // what was received comes back after its visibility timeout
	}
	s.mu.Unlock()
	var msgs []sqs.Message
	if out != nil {
		msgs = out.Messages
	}
	if b == nil && len(msgs) == 0 {
		s.mu.Lock()
		stop := m.pollers > initialPollers
		if stop {
			m.pollers--
		}
		s.mu.Unlock()
		if !stop {
			s.poll(m, nil)
		}
		return
	}
	if b == nil {
		b = &batch{deadline: now.Add(m.cfg.MaximumBatchingWindow)}
	}
	if len(b.msgs) == 0 {
		b.msgs = msgs // the receive's own slice: no copy for the common batch of one receive
	} else {
		b.msgs = append(b.msgs, msgs...)
	}
	for _, msg := range msgs {
		b.size += len(msg.Body)
	}
	if len(b.msgs) < m.cfg.BatchSize && now.Before(b.deadline) && b.size < maxBatchBodies {
		s.poll(m, b)
		return
	}
	s.invokeBatch(m, b)
}

// invokeBatch invokes the function with a batch, and at the invocation's
// end deletes what succeeded and polls again.
func (s *Service) invokeBatch(m *mapping, b *batch) {
	payload := sqsEvent(m.cfg.EventSourceArn, s.region, b.msgs)
	r, err := s.run(context.Background(), m.function, "", payload, 1, "")
	s.mu.Lock()
	m.stats.Batches++
	m.stats.Messages += len(b.msgs)
	s.mu.Unlock()
	var ok []sqs.Message
	switch {
	case errors.Is(err, ErrTooManyRequestsException):
		// Throttled: the messages come back after their visibility timeout.
		s.sched.ScheduleAt(s.sched.Now().Add(time.Second), func() { s.poll(m, nil) })
		s.countFailed(m, len(b.msgs))
		return
	case err != nil: // the function is gone: stop
		s.mu.Lock()
		m.pollers--
		s.mu.Unlock()
		return
	case r.functionError != "":
	case slices.Contains(m.cfg.FunctionResponseTypes, reportBatchItemFailures):
		ok = succeeded(b.msgs, r.payload)
	default:
		ok = b.msgs
	}
	s.countFailed(m, len(b.msgs)-len(ok))
	s.sched.ScheduleAt(r.end, func() {
		s.deleteBatch(m, ok)
		s.poll(m, nil)
	})
}

func (s *Service) countFailed(m *mapping, n int) {
	s.mu.Lock()
	m.stats.Failed += n
	s.mu.Unlock()
}

// succeeded applies a partial batch response: the messages not named in
// batchItemFailures succeeded. An empty or null response, or an empty list,
// means all succeeded; invalid JSON, an empty identifier or one not in the
// batch fail the whole batch.
func succeeded(msgs []sqs.Message, response []byte) []sqs.Message {
	var resp struct {
		BatchItemFailures []struct {
			ItemIdentifier *string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	trimmed := strings.TrimSpace(string(response))
	if trimmed == "" || trimmed == "null" {
		return msgs
	}
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		return nil
	}
	failed := make(map[string]bool)
	for _, f := range resp.BatchItemFailures {
		if f.ItemIdentifier == nil || *f.ItemIdentifier == "" {
			return nil
		}
		if !slices.ContainsFunc(msgs, func(m sqs.Message) bool { return m.MessageId == *f.ItemIdentifier }) {
			return nil
		}
		failed[*f.ItemIdentifier] = true
	}
	var ok []sqs.Message
	for _, m := range msgs {
		if !failed[m.MessageId] {
			ok = append(ok, m)
		}
	}
	return ok
}

// deleteBatch deletes messages, ten at a time.
func (s *Service) deleteBatch(m *mapping, msgs []sqs.Message) {
	for i := 0; i < len(msgs); i += 10 {
		chunk := msgs[i:min(i+10, len(msgs))]
		in := &sqs.DeleteMessageBatchInput{QueueUrl: m.queueURL}
		for j, msg := range chunk {
			in.Entries = append(in.Entries, sqs.DeleteMessageBatchRequestEntry{Id: strconv.Itoa(j), ReceiptHandle: msg.ReceiptHandle})
		}
		out, err := s.sqs.DeleteMessageBatch(context.Background(), in)
		if err == nil {
			s.mu.Lock()
			m.stats.Deleted += len(out.Successful)
			s.mu.Unlock()
		}
	}
}

// sqsEvent is the event Lambda gives a function for a batch of SQS
// messages.
func sqsEvent(queueARN, region string, msgs []sqs.Message) []byte {
	type attribute struct {
		StringValue      *string  `json:"stringValue,omitempty"`
		BinaryValue      []byte   `json:"binaryValue,omitempty"`
		StringListValues []string `json:"stringListValues"`
		BinaryListValues []string `json:"binaryListValues"`
		DataType         string   `json:"dataType"`
	}
	type record struct {
		MessageID              string               `json:"messageId"`
		ReceiptHandle          string               `json:"receiptHandle"`
		Body                   string               `json:"body"`
		Attributes             map[string]string    `json:"attributes"`
		MessageAttributes      map[string]attribute `json:"messageAttributes"`
		MD5OfMessageAttributes string               `json:"md5OfMessageAttributes,omitempty"`
		MD5OfBody              string               `json:"md5OfBody"`
		EventSource            string               `json:"eventSource"`
		EventSourceARN         string               `json:"eventSourceARN"`
		AWSRegion              string               `json:"awsRegion"`
	}
	ev := struct {
		Records []record `json:"Records"`
	}{Records: make([]record, len(msgs))}
	for i, msg := range msgs {
		attrs := make(map[string]attribute, len(msg.MessageAttributes))
		for name, v := range msg.MessageAttributes {
			a := attribute{StringListValues: []string{}, BinaryListValues: []string{}, DataType: v.DataType}
			if v.BinaryValue != nil {
				a.BinaryValue = v.BinaryValue
			} else {
				sv := v.StringValue
				a.StringValue = &sv
			}
			attrs[name] = a
		}
		system := make(map[string]string)
		for _, name := range []string{"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
			"SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader"} {
			if v, ok := msg.Attributes[name]; ok {
				system[name] = v
			}
		}
		ev.Records[i] = record{
			MessageID: msg.MessageId, ReceiptHandle: msg.ReceiptHandle, Body: msg.Body, Attributes: system,
			MessageAttributes: attrs, MD5OfMessageAttributes: msg.MD5OfMessageAttributes, MD5OfBody: msg.MD5OfBody,
			EventSource: "aws:sqs", EventSourceARN: queueARN, AWSRegion: region,
		}
	}
	b, _ := json.Marshal(ev)
	return b
}
