package sqs

import (
	"fmt"
	"time"

	"github.com/awssim/awssim/cloud"
)

// EventKind names what happened in an [Event].
type EventKind string

// The kinds of events the service records with [WithHistory].
const (
	EventQueueCreated      EventKind = "QueueCreated"
	EventQueueDeleted      EventKind = "QueueDeleted"
	EventQueuePurged       EventKind = "QueuePurged"
	EventSent              EventKind = "Sent"
	EventDeduplicated      EventKind = "Deduplicated"
	EventReceived          EventKind = "Received"
	EventDeleted           EventKind = "Deleted"
	EventVisibilityChanged EventKind = "VisibilityChanged"
	EventVisibilityExpired EventKind = "VisibilityExpired"
	EventMovedToDLQ        EventKind = "MovedToDeadLetterQueue" // on the source queue
	EventDeadLettered      EventKind = "DeadLettered"           // on the dead-letter queue
	EventExpired           EventKind = "Expired"
	EventPurged            EventKind = "Purged"
	EventRedriven          EventKind = "Redriven"
	EventMoveTaskStarted   EventKind = "MoveTaskStarted"
	EventMoveTaskEnded     EventKind = "MoveTaskEnded"
)

// Event is one entry of the event log that [WithHistory] turns on: the
// service's view of its events in the account's log
// ([cloud.Account.Events]).
type Event struct {
	At        time.Time
	Kind      EventKind
	Queue     string // queue name
	MessageID string // empty for queue events
	Detail    string // kind-specific, for example "receive=2 visible-at=…"
}

// String returns the event's stable one-line text form, the form golden
// files compare: that of the account's log ([cloud.Event.String]).
func (e Event) String() string { return e.log().String() }

// log returns the event as the account's log holds it.
func (e Event) log() cloud.Event {
	return cloud.Event{At: e.At, Service: "sqs", Kind: string(e.Kind), Resource: e.Queue, ID: e.MessageID, Detail: e.Detail}
}

// eventOf returns the service's view of an event of the account's log.
func eventOf(e cloud.Event) Event {
	return Event{At: e.At, Kind: EventKind(e.Kind), Queue: e.Resource, MessageID: e.ID, Detail: e.Detail}
}

// record appends an event to the account's log when history is on.
func (s *Service) record(at time.Time, kind EventKind, q *queue, m *message, detail string) {
	if !s.history {
		return
	}
	e := Event{At: at, Kind: kind, Queue: q.name, Detail: detail}
	if m != nil {
		e.MessageID = m.id()
	}
	s.account.Record(e.log())
}

// recordf is record with a formatted detail; the formatting happens only
// when history is on.
func (s *Service) recordf(at time.Time, kind EventKind, q *queue, m *message, format string, args ...any) {
	if s.history {
		s.record(at, kind, q, m, fmt.Sprintf(format, args...))
	}
}

// GoneReason says why a message left its queue.
type GoneReason string

// The reasons a message leaves a queue.
const (
	GoneDeleted      GoneReason = "Deleted"
	GoneExpired      GoneReason = "Expired" // retention period over
	GonePurged       GoneReason = "Purged"
	GoneMovedToDLQ   GoneReason = "MovedToDeadLetterQueue"
	GoneRedriven     GoneReason = "Redriven" // moved on by a message move task
	GoneQueueDeleted GoneReason = "QueueDeleted"
)

func (r GoneReason) event() EventKind {
	switch r {
	case GoneDeleted:
		return EventDeleted
	case GoneExpired:
		return EventExpired
	case GonePurged:
		return EventPurged
	case GoneMovedToDLQ:
		return EventMovedToDLQ
	case GoneRedriven:
		return EventRedriven
	}
	return EventQueueDeleted
}
