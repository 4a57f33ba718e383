package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/sqs"
)

// What an SQS event source mapping does with its queue. Its pollers are
// those of an [sqs.Consumer], so they need no goroutine: they long-poll the
// queue with the callback form of ReceiveMessage and all feed one pool, and
// a batch is cut from the pool when it holds BatchSize messages or 3 MB of
// bodies, or when the batching window its first message opened ends. The
// function is invoked synchronously with the batch at that instant, and at
// the invocation's end in virtual time the messages that succeeded are
// deleted and the poller goes on. A mapping starts with 5 pollers and, once
// a minute, adds up to 300 more while its backlog has batches for them, up
// to 1,000 or the mapping's MaximumConcurrency; a poller whose long poll
// comes back empty stops while more than 5 run.

// newConsumer returns the consumer of a mapping being created, with no
// pollers yet.
func (s *Service) newConsumer(m *mapping) (*sqs.Consumer, error) {
	return s.sqs.NewConsumer(sqs.ConsumerConfig{
		QueueUrl:                    m.queueURL,
		Batching:                    m.batching(),
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll},
		MessageAttributeNames:       []string{"All"},
		IdlePollers:                 initialPollers,
		Handler:                     func(b *sqs.Batch) { s.invokeBatch(m, b) },
	})
}

// batching is how the mapping's consumer forms batches.
func (m *mapping) batching() sqs.Batching {
	return sqs.Batching{Size: m.cfg.BatchSize, Window: m.cfg.MaximumBatchingWindow, MaxBytes: maxBatchBodies}
}

// setEnabled starts or stops a mapping's pollers. Stopping lets running
// batches finish.
func (s *Service) setEnabled(m *mapping, enabled bool) {
	s.mu.Lock()
	m.enabled = enabled
	scale := enabled && !m.scaling
	m.scaling = m.scaling || scale
	limit := m.cap()
	now := s.sched.Now()
	s.mu.Unlock()
	if enabled {
		// Pollers still busy with a batch from before a disable go on.
		m.consumer.SetPollers(min(max(m.consumer.Pollers(), initialPollers), limit))
	} else {
		m.consumer.SetPollers(0)
	}
	if scale {
		s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
	}
}

// reconfigure gives a mapping's consumer the mapping's changed settings:
// the batching from its next batch on, and a lowered MaximumConcurrency, to
// which the pollers come down as they come free.
func (s *Service) reconfigure(m *mapping) {
	s.mu.Lock()
	b, limit, enabled := m.batching(), m.cap(), m.enabled
	s.mu.Unlock()
	if err := m.consumer.SetBatching(b); err != nil {
		panic("lambda: a validated mapping's batching was refused: " + err.Error())
	}
	if enabled && m.consumer.Pollers() > limit {
		m.consumer.SetPollers(limit)
	}
}

// scale adds pollers once a minute while the backlog needs them: up to 300
// more, up to the pollers the backlog keeps busy (pollersFor), and up to
// the cap.
func (s *Service) scale(m *mapping) {
	st, _ := s.sqs.Inspect().Stats(m.queueURL)
	s.mu.Lock()
	if m.deleted || !m.enabled {
		m.scaling = false
		s.mu.Unlock()
		return
	}
	limit := min(m.cap(), pollersFor(st.Visible+st.InFlight, m.cfg.BatchSize))
	now := s.sched.Now()
	s.mu.Unlock()
	if running := m.consumer.Pollers(); running < limit {
		m.consumer.SetPollers(min(running+pollersAddedPerMinute, limit))
	}
	s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
}

// pollersFor is how many pollers a backlog of messages (visible, or in
// flight in batches) keeps busy with batches of batchSize: one per batch.
// A message or two that keep failing need no more pollers than the 5 a
// mapping starts with.
func pollersFor(backlog, batchSize int) int {
	return (backlog + batchSize - 1) / batchSize
}

// invokeBatch invokes the function with a batch the consumer formed, and
// reports the batch done at the invocation's end: what succeeded is
// deleted then, and the poller goes on.
func (s *Service) invokeBatch(m *mapping, b *sqs.Batch) {
	s.mu.Lock()
	arn, report := m.cfg.EventSourceArn, slices.Contains(m.cfg.FunctionResponseTypes, reportBatchItemFailures)
	stopped := m.deleted || !m.enabled
	s.mu.Unlock()
	if stopped { // the messages come back after their visibility timeout
		b.Done(sqs.Outcome{FailAll: true})
		return
	}
	payload := sqsEvent(arn, s.region, b.Messages)
	r, err := s.run(context.Background(), m.function, "", payload, 1, "", time.Time{})
	s.mu.Lock()
	m.stats.Batches++
	m.stats.Messages += len(b.Messages)
	s.mu.Unlock()
	var res sqs.Outcome
	switch {
	case errors.Is(err, ErrTooManyRequestsException), errors.Is(err, ErrServiceException):
		// Throttled, or Lambda failed: the messages come back after
		// their visibility timeout, and the poller waits a second.
		s.countFailed(m, len(b.Messages))
		s.sched.ScheduleAt(s.sched.Now().Add(time.Second), func() { b.Done(sqs.Outcome{FailAll: true}) })
		return
	case err != nil: // the function is gone: the poller stops
		b.Done(sqs.Outcome{FailAll: true, StopPoller: true})
		return
	case r.functionError != "":
		res.FailAll = true
	case report:
		res.Failed, res.FailAll = failures(b.Messages, r.payload)
	}
	failed := len(res.Failed)
	if res.FailAll {
		failed = len(b.Messages)
	}
	s.countFailed(m, failed)
	s.sched.ScheduleAt(r.end, func() { b.Done(res) })
}

func (s *Service) countFailed(m *mapping, n int) {
	s.mu.Lock()
	m.stats.Failed += n
	s.mu.Unlock()
}

// failures applies a partial batch response: it returns the IDs of the
// messages that batchItemFailures names, one per message of the batch and
// in its order, or all when
// the response fails the whole batch. An empty or null response, or an
// empty list, means all succeeded; invalid JSON, an empty identifier or
// one not in the batch fail the whole batch.
func failures(msgs []sqs.Message, response []byte) (failed []string, all bool) {
	var resp struct {
		BatchItemFailures []struct {
			ItemIdentifier *string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	trimmed := strings.TrimSpace(string(response))
	if trimmed == "" || trimmed == "null" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		return nil, true
	}
	named := make(map[string]bool)
	for _, f := range resp.BatchItemFailures {
		if f.ItemIdentifier == nil || *f.ItemIdentifier == "" {
			return nil, true
		}
		if !slices.ContainsFunc(msgs, func(m sqs.Message) bool { return m.MessageId == *f.ItemIdentifier }) {
			return nil, true
		}
		named[*f.ItemIdentifier] = true
	}
	for _, m := range msgs {
		if named[m.MessageId] {
			failed = append(failed, m.MessageId)
		}
	}
	return failed, false
}
