package sns

import (
	"time"

	"github.com/awssim/awssim/cloud"
)

// The faults a topic injects from its account's fault plan
// ([cloud.Account.SetFaultPlan]) into its deliveries, each a way in which
// SNS's endpoints really misbehave. A rule's Resource is the topic's
// name; the fault's event in the account's log names the topic and the
// ID of the message whose attempt it changed. The opportunity of both is
// each delivery attempt, of every protocol, confirmations included,
// first attempts and retries alike; [FaultDeliveryFailure] is drawn
// first, and [FaultSlowEndpoint] only for an attempt it did not fail.
const (
	// FaultDeliveryFailure: a delivery attempt fails with a server-side
	// error, as it does when the SQS queue, the Lambda service, the HTTP
	// server or the mail server is unavailable. The subscription's
	// delivery policy retries it; once the retries run out, the message
	// goes to the subscription's dead-letter queue, if it has one.
	FaultDeliveryFailure = "sns:DeliveryFailure"
	// FaultSlowEndpoint: the endpoint takes the rule's Delay of virtual
	// time to take a delivery (one second when the rule sets none), so
	// the message reaches it that much later than the attempt began. An
	// attempt slower than [HTTPDeliveryTimeout] fails as a timeout when
	// the timeout passes, the endpoint receiving nothing, and is retried
	// by the delivery policy.
	FaultSlowEndpoint = "sns:SlowEndpoint"
)

// defaultSlowDelay is how long an attempt of [FaultSlowEndpoint] takes
// when the rule names no delay.
const defaultSlowDelay = time.Second

// fault returns the rule of the account's fault plan that injects fault
// into the attempt of d now, or nil.
func (s *Service) fault(fault string, d *delivery) *cloud.FaultRule {
	return s.account.Fault(fault, d.topic, d.note.MessageID)
}
