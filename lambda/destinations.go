package lambda

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/arn"
)

// Conditions of an invocation record.
const (
	conditionSuccess          = "Success"
	conditionRetriesExhausted = "RetriesExhausted"
	conditionEventAgeExceeded = "EventAgeExceeded"
)

// invocationRecord is what a destination receives: the JSON document AWS
// sends to on-success and on-failure destinations.
type invocationRecord struct {
	Version         string          `json:"version"`
	Timestamp       string          `json:"timestamp"`
	RequestContext  requestContext  `json:"requestContext"`
	RequestPayload  json.RawMessage `json:"requestPayload"`
	ResponseContext responseContext `json:"responseContext"`
	ResponsePayload json.RawMessage `json:"responsePayload,omitempty"`
}

type requestContext struct {
	RequestID              string `json:"requestId"`
	FunctionArn            string `json:"functionArn"`
	Condition              string `json:"condition"`
	ApproximateInvokeCount int    `json:"approximateInvokeCount"`
}

type responseContext struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion,omitempty"`
	FunctionError   string `json:"functionError,omitempty"`
}

// deliverAt delivers as deliver does, at the instant at (the end of the
// last attempt in virtual time) when that is still to come. An outcome
// with nowhere to go schedules nothing.
func (s *Service) deliverAt(at time.Time, e *event, p eventPolicy, r result, condition, errorMessage string) {
	if success := condition == conditionSuccess; (success && p.onSuccess == "") || (!success && p.onFailure == "" && p.dlq == "") {
		return
	}
	if at.After(s.sched.Now()) {
		s.sched.ScheduleAt(at, func() { s.deliver(e, p, r, condition, errorMessage) })
		return
	}
	s.deliver(e, p, r, condition, errorMessage)
}

// deliver sends the outcome of an asynchronous event where its
// configuration says: a success to the on-success destination; a failure
// to the on-failure destination and to the version's dead-letter queue. It
// runs without the service's lock, as it calls other services.
func (s *Service) deliver(e *event, p eventPolicy, r result, condition, errorMessage string) {
	success := condition == conditionSuccess
	dest := p.onFailure
	if success {
		dest = p.onSuccess
	}
	s.mu.Lock()
	now := s.sched.Now()
	fn := s.functions[functionNameOf(e.ref)]
	arn := ""
	if fn != nil {
		arn = fn.arn + ":" + qualifierOr(e.qualifier, e.ref)
	}
	s.mu.Unlock()

	if dest != "" {
		rec := invocationRecord{
			Version:   "1.0",
			Timestamp: now.UTC().Format("2006-01-02T15:04:05.000Z"),
			RequestContext: requestContext{
				RequestID: e.requestID, FunctionArn: arn, Condition: condition, ApproximateInvokeCount: e.attempts,
			},
			RequestPayload:  rawOrNull(e.payload),
			ResponseContext: responseContext{StatusCode: 200, ExecutedVersion: r.version, FunctionError: r.functionError},
		}
		if r.payload != nil {
			rec.ResponsePayload = rawOrNull(r.payload)
		}
		body, _ := json.Marshal(rec)
		if s.send(fn, dest, body, nil) {
			s.recordDelivery(e, condition, dest)
		}
	}
	if !success && p.dlq != "" {
		if len(errorMessage) > 1024 {
			// Cut where a character ends: SQS refuses invalid UTF-8.
			errorMessage = strings.ToValidUTF8(errorMessage[:1024], "")
		}
		attrs := map[string]cloud.MessageAttributeValue{
			"RequestID":    {DataType: "String", StringValue: e.requestID},
			"ErrorCode":    {DataType: "Number", StringValue: "200"},
			"ErrorMessage": {DataType: "String", StringValue: errorMessage},
		}
		switch {
		case s.send(fn, p.dlq, e.payload, attrs):
			s.recordDelivery(e, condition, p.dlq)
		case fn != nil:
			s.mu.Lock()
			fn.stats.DeadLetterErrors++
			s.mu.Unlock()
		}
	}
}

// recordDelivery notes, on the recorded invocation of the event's last
// attempt, where its outcome went.
func (s *Service) recordDelivery(e *event, condition, arn string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.invocations) - 1; i >= 0; i-- {
		if inv := &s.invocations[i]; inv.RequestID == e.requestID {
			inv.Outcome = condition
			inv.DeliveredTo = append(inv.DeliveredTo, arn)
			return
		}
	}
}

// send delivers body, with attrs, to the SQS queue, SNS topic or function
// with ARN target through the account, as an Event invocation for a
// function, and reports whether it was accepted. A destination (attrs nil)
// that did not accept it counts in the function's
// DestinationDeliveryFailures; the caller counts a dead-letter queue's. It
// runs without the service's lock, as it calls other services.
func (s *Service) send(fn *function, target string, body []byte, attrs map[string]cloud.MessageAttributeValue) bool {
	// AWS names FIFO queues and topics among the targets it cannot
	// deliver to.
	ok := !isFIFOQueueOrTopic(target)
	if ok {
		text := string(body)
		if text == "" {
			text = "{}" // SQS and SNS refuse an empty message
		}
		ok = s.account.Deliver(context.Background(), target, cloud.Message{Body: text, Attributes: attrs}) == nil
	}
	if !ok && fn != nil && attrs == nil {
		s.mu.Lock()
		fn.stats.DestinationDeliveryFailures++
		s.mu.Unlock()
	}
	return ok
}

// accept is how the service receives what its account's other services
// deliver to a function ARN (an SNS subscription, another function's
// destination): an Event invocation with the message body as payload. It
// returns the errors of [Service.Invoke], and with policy enforcement
// those of [Service.CheckInvokePermission] for m's sender.
func (s *Service) accept(ctx context.Context, target string, m cloud.Message) error {
	if err := s.CheckInvokePermission(target, m.Sender); err != nil {
		return err
	}
	_, err := s.Invoke(ctx, &InvokeInput{FunctionName: target, InvocationType: InvocationTypeEvent, Payload: []byte(m.Body)})
	return err
}

// isQueueOrTopicARN reports whether s is the ARN of an SQS queue or an
// SNS topic, standard or FIFO: the targets Lambda accepts for destinations
// and dead-letter queues, beside functions. Whether a FIFO target takes a
// delivery is decided when it is made.
func isQueueOrTopicARN(s string) bool {
	if _, err := arn.ParseQueue(s); err == nil {
		return true
	}
	_, err := arn.ParseTopic(s)
	return err == nil
}

// isFIFOQueueOrTopic reports whether s is the ARN of a FIFO queue or topic.
func isFIFOQueueOrTopic(s string) bool {
	if q, err := arn.ParseQueue(s); err == nil {
		return q.FIFO()
	}
	t, err := arn.ParseTopic(s)
	return err == nil && t.FIFO()
}

// isFunctionARN reports whether s is the full ARN of a function.
func isFunctionARN(s string) bool {
	_, err := arn.ParseFunction(s)
	return err == nil
}

// functionNameOf returns the function name in a FunctionName parameter
// already checked once, or "".
func functionNameOf(ref string) string {
	f, _ := arn.ParseFunctionName(ref)
	return f.Name
}

// qualifierOr returns the qualifier an event was invoked with, $LATEST
// when none.
func qualifierOr(qualifier, ref string) string {
	if qualifier != "" {
		return qualifier
	}
	if f, _ := arn.ParseFunctionName(ref); f.Qualifier != "" {
		return f.Qualifier
	}
	return latest
}

// rawOrNull returns a payload as raw JSON, null when empty or not JSON.
func rawOrNull(b []byte) json.RawMessage {
	if len(b) == 0 || !json.Valid(b) {
		return json.RawMessage("null")
	}
	return json.RawMessage(b)
}
