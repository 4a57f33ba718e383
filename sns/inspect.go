package sns

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/arn"
)

// Outcomes of a delivery attempt, in [DeliveryAttempt].
const (
	// OutcomeDelivered: the endpoint took the message (for HTTP, a status
	// from 200 to 499).
	OutcomeDelivered = "delivered"
	// OutcomeFailed: a server-side failure (an HTTP status of 500 or more,
	// an unreachable endpoint, an injected fault), retried by the delivery
	// policy.
	OutcomeFailed = "failed"
	// OutcomeRejected: a client-side failure (the queue or function does
	// not exist, SQS refused the message), which SNS does not retry.
	OutcomeRejected = "rejected"
)

// PublishedMessage is a message as it was published, for
// [Inspector.Messages].
type PublishedMessage struct {
	MessageID              string
	TopicARN               string // empty for a publish to a phone number
	PhoneNumber            string
	Subject                string
	Message                string
	MessageStructure       string
	Attributes             map[string]MessageAttributeValue
	MessageGroupID         string
	MessageDeduplicationID string // as given, or the content hash
	SequenceNumber         string
	PublishedAt            time.Time
	// Subscriptions is how many subscriptions the message was delivered
	// to, and Filtered how many confirmed ones its filter policies turned
	// away.
	Subscriptions int
	Filtered      int
	// Duplicate reports a FIFO publish dropped as a duplicate within the
	// deduplication interval.
	Duplicate bool
}

// DeliveryAttempt is one attempt to deliver a message to a subscription's
// endpoint, for [Inspector.Deliveries].
type DeliveryAttempt struct {
	MessageID string
	// Type is Notification, SubscriptionConfirmation or
	// UnsubscribeConfirmation.
	Type            string
	SubscriptionARN string
	Protocol        string
	Endpoint        string
	// Attempt counts from 1, the first delivery.
	Attempt int
	// At is when the attempt ended: when it was made, except for an
	// endpoint that the fault plan makes slow ([FaultSlowEndpoint]),
	// whose attempt ends when it answers or times out.
	At time.Time
	// Outcome is one of the Outcome… constants; Reason says why an attempt
	// failed.
	Outcome string
	Reason  string
	// NextAttemptAt is when the failed attempt is retried; zero when it is
	// not.
	NextAttemptAt time.Time
	// DeadLetterTargetARN is the queue the message was sent to after this,
	// its last, attempt.
	DeadLetterTargetARN string
}

// String is the attempt on one line, stable from run to run: instants in
// UTC with milliseconds.
func (a DeliveryAttempt) String() string {
	return string(appendTimestamp(nil, a.At)) + " " + a.Type + " " + a.MessageID + " " + a.detail()
}

// detail is what String says after the message ID: the attempt, the
// endpoint, the outcome and what follows from it.
func (a DeliveryAttempt) detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s %s %s", a.Attempt, a.Protocol, a.Endpoint, a.Outcome)
	if a.Reason != "" {
		b.WriteString(" (" + a.Reason + ")")
	}
	if !a.NextAttemptAt.IsZero() {
		b.WriteString(" retry at " + string(appendTimestamp(nil, a.NextAttemptAt)))
	}
	if a.DeadLetterTargetARN != "" {
		b.WriteString(" dead-lettered to " + a.DeadLetterTargetARN)
	}
	return b.String()
}

// recordPublished keeps a published message for [Inspector.Messages] and
// records it in the account's log as a "Published" event of the topic (or
// phone number) named to. The caller holds s.mu and has history on.
func (s *Service) recordPublished(to string, m PublishedMessage) {
	s.published = append(s.published, m)
	detail := fmt.Sprintf("subscriptions=%d filtered=%d", m.Subscriptions, m.Filtered)
	if m.Duplicate {
		detail = "duplicate"
	}
	s.account.Record(cloud.Event{At: m.PublishedAt, Service: "sns", Kind: "Published", Resource: to, ID: m.MessageID, Detail: detail})
}

// recordAttempt keeps a delivery attempt for [Inspector.Deliveries] and
// records it in the account's log, as an event of the topic (by ARN) of
// the kind of message delivered (Notification, SubscriptionConfirmation
// …). The caller holds s.mu and has history on.
func (s *Service) recordAttempt(topicARN string, a DeliveryAttempt) {
	s.attempts = append(s.attempts, a)
	topic, _ := arn.ParseTopic(topicARN)
	s.account.Record(cloud.Event{At: a.At, Service: "sns", Kind: a.Type, Resource: topic.Name, ID: a.MessageID, Detail: a.detail()})
}

// OutboxMessage is an email or SMS that SNS sent, for [Inspector.Outbox].
type OutboxMessage struct {
	// Protocol is email, email-json or sms.
	Protocol string
	// Endpoint is the address or phone number.
	Endpoint string
	// Subject is an email's subject.
	Subject string
	// Body is the email's text (the JSON envelope for email-json) or the
	// SMS.
	Body string
	// Token is the confirmation token of a subscription confirmation
	// email, for [Service.ConfirmSubscription].
	Token           string
	TopicARN        string
	SubscriptionARN string
	MessageID       string
	SentAt          time.Time
}

// PendingConfirmation is a subscription awaiting confirmation, for
// [Inspector.PendingConfirmations].
type PendingConfirmation struct {
	SubscriptionARN string
	TopicARN        string
	Protocol        string
	Endpoint        string
	Token           string
	// TokenExpiresAt is when the token stops working; DeletedAt when SNS
	// deletes the subscription if it is still pending.
	TokenExpiresAt time.Time
	DeletedAt      time.Time
}

// Stats are the service's totals since it was created.
type Stats struct {
	// Published counts accepted publishes; Duplicates the FIFO publishes
	// dropped as duplicates.
	Published  int
	Duplicates int
	// Delivered counts attempts that succeeded, FailedAttempts the ones
	// that did not.
	Delivered      int
	FailedAttempts int
	// DeadLettered counts messages moved to a subscription's dead-letter
	// queue; Discarded those lost for good (no dead-letter queue, or it
	// refused them).
	DeadLettered int
	Discarded    int
}

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// Inspector reads the service's state for tests and simulations, beside
// the SNS API. Every method returns copies.
type Inspector struct{ s *Service }

// Messages returns every published message in publish order. It needs
// [WithHistory]; without it, it returns nothing.
func (in *Inspector) Messages() []PublishedMessage {
	s := in.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.published)
	for i := range out {
		out[i].Attributes = cloneAttributes(out[i].Attributes)
	}
	return out
}

// Deliveries returns every delivery attempt in the order they were made.
// It needs [WithHistory]; without it, it returns nothing.
func (in *Inspector) Deliveries() []DeliveryAttempt {
	s := in.s
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.attempts)
}

// Outbox returns every email and SMS sent, in order.
func (in *Inspector) Outbox() []OutboxMessage {
	s := in.s
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.outbox)
}

// PendingConfirmations returns the subscriptions awaiting confirmation, in
// creation order.
func (in *Inspector) PendingConfirmations() []PendingConfirmation {
	s := in.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []PendingConfirmation
	for _, sub := range s.subList {
		if sub.pending {
			out = append(out, PendingConfirmation{
				SubscriptionARN: sub.arn, TopicARN: sub.topic.arn, Protocol: sub.protocol, Endpoint: sub.endpoint,
				Token: sub.token, TokenExpiresAt: sub.tokenExpires, DeletedAt: sub.deleteAt,
			})
		}
	}
	return out
}

// Stats returns the service's totals.
func (in *Inspector) Stats() Stats {
	s := in.s
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totals
}
