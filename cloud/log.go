package cloud

import (
	"strings"
	"time"
)

// TimeFormat is the one form of instants in event logs: RFC 3339 in UTC
// with milliseconds, as AWS stamps its records ("2026-01-01T00:00:02.100Z").
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

// FormatTime formats t in [TimeFormat], in UTC.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// Event is one entry of the account's event log: something a service did,
// when, to which resource. Services record events when their history is on
// (sqs.WithHistory, lambda.WithHistory, sns.WithHistory); code under test
// may record its own with [Account.Record].
type Event struct {
	At time.Time
	// Service is the package that recorded the event: "sqs", "lambda" …
	Service string
	// Kind names what happened, in the service's terms: "Sent",
	// "Received", "Invoked", "Delivered" …
	Kind string
	// Resource is the name of the queue, function or topic concerned.
	Resource string
	// ID identifies what the event is about within the resource (a message
	// ID, a request ID); empty for events of the resource itself.
	ID string
	// Detail is kind-specific, for example "receive=2 visible-at=…".
	Detail string
}

// String returns the event's stable one-line text form, the form golden
// files compare: the time in [TimeFormat], the service padded to a
// column, the kind, the resource, then the ID and the detail when present.
//
//	2026-01-01T00:00:01.500Z sqs    Received orders id=… receive=1 visible-at=…
func (e Event) String() string {
	var b strings.Builder
	b.Grow(64 + len(e.Resource) + len(e.ID) + len(e.Detail))
	b.WriteString(FormatTime(e.At))
	b.WriteByte(' ')
	b.WriteString(e.Service)
	for i := len(e.Service); i < len("lambda"); i++ {
		b.WriteByte(' ')
	}
	b.WriteByte(' ')
	b.WriteString(e.Kind)
	b.WriteByte(' ')
	b.WriteString(e.Resource)
	if e.ID != "" {
		b.WriteString(" id=")
		b.WriteString(e.ID)
	}
	if e.Detail != "" {
		b.WriteByte(' ')
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Record appends e to the account's event log. Services call it as things
// happen, so the log is in the order they happened, across services; at
// one instant, in the order they were recorded.
func (a *Account) Record(e Event) {
	a.mu.Lock()
	a.events = append(a.events, e)
	a.mu.Unlock()
}

// Events returns a copy of the account's event log, in the order the
// events were recorded.
func (a *Account) Events() []Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Event(nil), a.events...)
}

// Log returns the account's event log in its text form, one event per
// line, each line ending in a newline: what a golden file holds.
func (a *Account) Log() string {
	var b strings.Builder
	for _, e := range a.Events() {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}
