package elb

import (
	"time"

	"github.com/awssim/awssim/cloud"
)

// EventKind names what happened in an [Event].
type EventKind string

// The kinds of events the service records with [WithHistory].
const (
	EventTargetRegistered   EventKind = "TargetRegistered"   // detail "i-1:80"
	EventTargetDeregistered EventKind = "TargetDeregistered" // detail "i-1:80"
	EventTargetDrained      EventKind = "TargetDrained"      // detail "i-1:80", at the end of its deregistration delay
	EventHealthChanged      EventKind = "HealthChanged"      // detail "i-1:80 initial -> unhealthy (Target.Timeout)"
)

// Event is one entry of the event log that [WithHistory] turns on: the
// service's view of its events in the account's log
// ([cloud.Account.Events]).
type Event struct {
	At          time.Time
	Kind        EventKind
	TargetGroup string // the target group's name
	Detail      string
}

// String returns the event's stable one-line text form, the form golden
// files compare: that of the account's log ([cloud.Event.String]).
func (e Event) String() string { return e.log().String() }

func (e Event) log() cloud.Event {
	return cloud.Event{At: e.At, Service: "elb", Kind: string(e.Kind), Resource: e.TargetGroup, Detail: e.Detail}
}

func eventOf(e cloud.Event) Event {
	return Event{At: e.At, Kind: EventKind(e.Kind), TargetGroup: e.Resource, Detail: e.Detail}
}

// recordLocked appends an event to the account's log when history is on.
// The account's log has a lock of its own, taken after s.mu and never the
// other way round.
func (s *Service) recordLocked(at time.Time, kind EventKind, targetGroup, detail string) {
	if s.history {
		s.account.Record(Event{At: at, Kind: kind, TargetGroup: targetGroup, Detail: detail}.log())
	}
}
