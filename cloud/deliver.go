package cloud

import (
	"context"
	"fmt"
	"maps"
	"net/http"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/awserr"
)

// Message is what one service delivers to a resource of another, named by
// its ARN, as AWS services deliver on a caller's behalf: an SNS
// notification to a queue or a function, a Lambda invocation record to a
// destination, an alarm's notification to a topic.
//
// The receiving service takes what applies to its resource: a queue sends
// a message of Body with Attributes (and, for a FIFO queue, the group and
// deduplication IDs); a topic publishes Body with Subject and Attributes;
// a function is invoked asynchronously with Body as its payload.
type Message struct {
	Body string
	// Subject is the subject of a notification published to a topic
	// (shorter than 100 characters); empty for none. Other receivers
	// ignore it.
	Subject    string
	Attributes map[string]MessageAttributeValue
	// MessageGroupID and MessageDeduplicationID are for FIFO queues and
	// topics; empty otherwise.
	MessageGroupID         string
	MessageDeduplicationID string
	// Sender is who delivers the message, for the receiving resource's
	// policy to decide on when the account has
	// [WithPolicyEnforcement] or the sender is of another account
	// ([Account.ChecksPolicy]); the zero Sender is the account itself
	// (a delivery no resource policy governs).
	Sender Sender
}

// Sender is the identity a service delivers with on a resource's behalf,
// as AWS presents it to the receiving resource's policy: the service
// principal and the ARN of the resource the delivery is for (the
// aws:SourceArn condition key; its account is aws:SourceAccount).
type Sender struct {
	// Service is the service principal, for example sns.amazonaws.com;
	// empty when no service delivers.
	Service string
	// SourceARN is the ARN of the resource on whose behalf it delivers,
	// for example the topic of an SNS notification.
	SourceARN string
}

// DeliverFunc delivers m to the resource with ARN target of the service
// that joined the account with it, and reports why it could not, with the
// error that service's API would return (a queue that does not exist is
// sqs.ErrQueueDoesNotExist). It must be safe for concurrent use and is
// called without any lock of the account held.
type DeliverFunc func(ctx context.Context, target string, m Message) error

// Join makes deliver the receiver of every ARN of the service namespace
// (the third field of an ARN: "sqs", "sns", "lambda" …): a service calls it
// once, from its constructor. name is the joining package, for messages. A
// namespace joins an account once; a second service for it panics, naming
// both.
func (a *Account) Join(namespace, name string, deliver DeliverFunc) {
	if deliver == nil {
		panic("cloud.Account.Join: nil deliver function")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	old := *a.receivers.Load()
	if r, ok := old[namespace]; ok {
		panic(fmt.Sprintf("cloud.Account.Join: %s cannot join: the account already has %s for %q ARNs", name, r.name, namespace))
	}
	joined := maps.Clone(old)
	joined[namespace] = receiver{name: name, deliver: deliver}
	a.receivers.Store(&joined)
}

// Deliver hands m to the resource with ARN target, through the service of
// the account that holds that ARN's namespace, as AWS routes a delivery by
// ARN. A target that no service of the account holds, because no service
// joined for its namespace, fails as the service would report a resource
// that does not exist; a string that is not an ARN fails with
// InvalidParameterValue.
//
// With a [Router] ([WithRouter]), a target whose account ID or region is
// not the account's own goes to the router's account of that ID and
// region, or fails as a resource that does not exist when the router has
// none; it must carry a Sender (see [WithRouter]).
//
// Deliver is synchronous: it returns once the receiving service has
// accepted m or refused it. It is safe for concurrent use; callers must not
// hold their own locks while calling it.
func (a *Account) Deliver(ctx context.Context, target string, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	namespace, ok := arn.Namespace(target)
	if !ok {
		return errInvalidTarget.With("%s is not an ARN", target)
	}
	b := a.route(target)
	if b == nil {
		return notFound(namespace, target)
	}
	return a.deliverTo(ctx, b, namespace, target, m)
}

// errInvalidTarget is what [Account.Deliver] returns for a target that is
// not an ARN.
var errInvalidTarget = awserr.New("InvalidParameterValue", http.StatusBadRequest)

// notFound is the error the service of namespace returns for a resource
// that does not exist, for an account where no such service joined.
func notFound(namespace, target string) error {
	switch namespace {
	case "sqs":
		return awserr.New("AWS.SimpleQueueService.NonExistentQueue", http.StatusBadRequest).With("The specified queue does not exist: %s", target)
	case "sns":
		return awserr.New("NotFound", http.StatusNotFound).With("Topic does not exist: %s", target)
	}
	return awserr.New("ResourceNotFoundException", http.StatusNotFound).With("Resource not found: %s", target)
}
