package sqs

import (
	"cmp"
	"slices"
	"time"
)

// Inspector reads the state of a [Service] for tests, beside the AWS
// operations: every message with its state, what is gone and why, queue
// counters and the event log. It returns copies, in a deterministic order;
// changing them changes nothing in the service. Reading brings a queue up
// to the clock's current time, as any operation does.
type Inspector struct {
	s *Service
}

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// MessageState is the state of a message on its queue.
type MessageState string

// The states of a message on its queue.
const (
	StateDelayed  MessageState = "Delayed"
	StateVisible  MessageState = "Visible"
	StateInFlight MessageState = "InFlight"
)

// ReceiveRecord is one receive of a message, recorded with [WithHistory].
type ReceiveRecord struct {
	At        time.Time
	VisibleAt time.Time // end of the visibility timeout this receive set
}

// MessageInfo is a message on a queue, as the [Inspector] sees it.
type MessageInfo struct {
	MessageID              string
	Body                   string
	MessageAttributes      map[string]MessageAttributeValue
	State                  MessageState
	SentAt                 time.Time
	EnqueuedAt             time.Time // start of the retention period
	Until                  time.Time // end of the delay or visibility timeout
	ReceiveCount           int
	FirstReceiveAt         time.Time
	MessageGroupID         string
	MessageDeduplicationID string
	SequenceNumber         string
	DeadLetterSourceARN    string
	Receives               []ReceiveRecord // with WithHistory
}

// GoneMessage is a message that left its queue, recorded with
// [WithHistory].
type GoneMessage struct {
	MessageID string
	Reason    GoneReason
	At        time.Time
	Receives  []ReceiveRecord
}

// QueueStats are a queue's counters: its depth now and what passed through
// it since it was created. Auto Scaling and custom simulations use them as
// metrics.
type QueueStats struct {
	Visible  int // ApproximateNumberOfMessages
	InFlight int // ApproximateNumberOfMessagesNotVisible
	Delayed  int // ApproximateNumberOfMessagesDelayed
	// OldestAge is the time since the oldest message on the queue was
	// enqueued (the original enqueue time for a standard dead-letter
	// queue), zero when the queue is empty.
	OldestAge time.Duration
	// Waiting is the number of long polls blocked on the queue.
	Waiting int

	Sent       int // messages enqueued by SendMessage(Batch), not dedup'd
	Received   int // receives, counting each message once per receive
	Deleted    int
	MovedToDLQ int
	// EmptyReceives counts the ReceiveMessage calls that returned no
	// message: a short poll that found none, a long poll that waited its
	// whole WaitTimeSeconds for none.
	EmptyReceives int
}

// Queues returns the URL of every queue, sorted.
func (i *Inspector) Queues() []string {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	urls := make([]string, 0, len(s.queues))
	for url := range s.queues {
		urls = append(urls, url)
	}
	slices.Sort(urls)
	return urls
}

// Messages returns every message on the queue, in order of arrival, or nil
// for an unknown queue.
func (i *Inspector) Messages(queueURL string) []MessageInfo {
	s := i.s
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(queueURL)
	if err != nil {
		return nil
	}
	// Order of arrival: by enqueue time, then, at the same instant, by
	// arrival on this queue.
	var msgs []*message
	q.each(func(m *message) { msgs = append(msgs, m) })
	slices.SortStableFunc(msgs, func(a, b *message) int {
		return cmp.Or(cmp.Compare(a.enqueuedAt, b.enqueuedAt), cmp.Compare(a.sentAt, b.sentAt))
	})
	out := make([]MessageInfo, 0, len(msgs))
	for _, m := range msgs {
		info := MessageInfo{
			MessageID: m.id(), Body: m.body, State: publicState(m.state),
			SentAt: q.epoch.time(m.sentAt), EnqueuedAt: q.epoch.time(m.enqueuedAt), ReceiveCount: int(m.receiveCount),
			MessageGroupID: m.ext().groupID, MessageDeduplicationID: m.ext().dedupID, SequenceNumber: m.ext().seqNumber,
			DeadLetterSourceARN: m.ext().dlqSource, Receives: slices.Clone(m.ext().history),
		}
		if m.state != stateVisible {
			info.Until = q.epoch.time(m.until)
		}
		if m.receiveCount > 0 {
			info.FirstReceiveAt = q.epoch.time(m.firstReceiveAt)
		}
		if m.ext().attrs != nil {
			info.MessageAttributes = copyAttributes(m.ext().attrs)
		}
		out = append(out, info)
	}
	return out
}

func publicState(s msgState) MessageState {
	switch s {
	case stateDelayed:
		return StateDelayed
	case stateVisible:
		return StateVisible
	}
	return StateInFlight
}

// Gone returns the messages that left the queue and why, oldest first.
// It needs [WithHistory]; without it, it returns nil.
func (i *Inspector) Gone(queueURL string) []GoneMessage {
	s := i.s
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(queueURL)
	if err != nil {
		return nil
	}
	gone := slices.Clone(q.gone)
	for i := range gone {
		gone[i].Receives = slices.Clone(gone[i].Receives)
	}
	return gone
}

// Stats returns the counters of the queue, and false for an unknown queue.
func (i *Inspector) Stats(queueURL string) (QueueStats, bool) {
	s := i.s
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(queueURL)
	if err != nil {
		return QueueStats{}, false
	}
	st := q.stats
	st.Visible, st.InFlight, st.Delayed = q.nVisible, q.nInFlight, q.nDelayed
	st.Waiting = len(q.waiters)
	if m := q.age.min(); m != nil {
		st.OldestAge = now.Sub(q.epoch.time(m.enqueuedAt))
	}
	return st, true
}

// Events returns the service's part of its account's event log, which
// [WithHistory] records, in the order the events were recorded.
func (i *Inspector) Events() []Event {
	var out []Event
	for _, e := range i.s.account.Events() {
		if e.Service == "sqs" {
			out = append(out, eventOf(e))
		}
	}
	return out
}
