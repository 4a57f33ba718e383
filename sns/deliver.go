package sns

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
)

// published is a message published to a topic, shared by its deliveries.
// Its fields are copied from the topic under the lock, since deliveries
// read them without it.
type published struct {
	topicARN string
	counts   *topicCounts // the topic's, for its metrics; written under the lock
	fifo     bool
	signV2   bool
	msg      message // attributes: a copy, where a raw delivery or the history needs them
	id       string
	sequence string
	dedupID  string
	at       time.Time
	// note and first are the first notification made for the message and
	// its first delivery, in use once their Type and sub are set, so that
	// a publish to one subscription allocates them with the message; more
	// has room for the deliveries after the first, made in one allocation
	// when the second is (a fan-out's deliveries then live as long as the
	// last of them).
	note  notification
	first delivery
	more  []delivery
}

// delivery is one message on its way to one subscription, through all of
// its attempts. Everything it needs of the subscription is copied when it
// is made, under the service's lock, so that attempts read it without the
// lock; only sub.removed and sub.nextSlot are read under the lock.
type delivery struct {
	sub      *subscription
	topic    string // the topic's name, for the fault plan
	subARN   string
	unsubURL string // the subscription's UnsubscribeURL
	protocol string
	endpoint string
	raw      bool
	dlq      string
	retry    retryPolicy
	// contentType and throttle come from the HTTP delivery policy of an
	// http or https subscription.
	contentType string
	throttle    int
	pub         *published    // nil for confirmations
	note        *notification // the message as delivered, signed
	text        string        // the message for this protocol
	token       string        // confirmations: the token
	final       bool          // one attempt only: an UnsubscribeConfirmation
	attempts    int
	slotted     bool   // the attempt has its throttling slot
	body        string // what the endpoint receives, built at the first attempt
}

// newDelivery makes the delivery of a published message to a subscription,
// one of at most left still to make for it. The caller holds s.mu.
func (s *Service) newDelivery(sub *subscription, p *published, left int) *delivery {
	d := &p.first
	if d.sub != nil {
		if len(p.more) == cap(p.more) {
			p.more = make([]delivery, 0, left)
		}
		p.more = p.more[:len(p.more)+1]
		d = &p.more[len(p.more)-1]
	}
	s.baseDelivery(d, sub)
	d.pub = p
	d.text = p.msg.forProtocol(sub.protocol)
	return d
}

// baseDelivery sets d to what a delivery needs of its subscription, and
// returns it. The caller holds s.mu.
func (s *Service) baseDelivery(d *delivery, sub *subscription) *delivery {
	*d = delivery{sub: sub, topic: sub.topic.name, subARN: sub.arn, unsubURL: sub.unsubscribeURL, protocol: sub.protocol, endpoint: sub.endpoint, raw: sub.raw, dlq: sub.dlq}
	switch sub.protocol {
	case ProtocolSQS, ProtocolLambda:
		d.retry = awsManagedRetries
	case ProtocolHTTP, ProtocolHTTPS:
		p := effectiveHTTPPolicy(sub.topic.delivery, sub.delivery)
		d.retry, d.contentType, d.throttle = p.retry, p.contentType(), p.maxReceivesPerSecond
	default:
		d.retry = customerManagedRetries
	}
	return d
}

// confirmationDelivery makes the SubscriptionConfirmation or
// UnsubscribeConfirmation of a subscription, signed. The caller holds s.mu.
func (s *Service) confirmationDelivery(sub *subscription, kind string, now time.Time) *delivery {
	d := s.baseDelivery(new(delivery), sub)
	d.raw = false
	t := sub.topic
	d.token = sub.token
	d.text = subscriptionConfirmationMessage(t.arn)
	if kind == typeUnsubscribeConfirmation {
		d.token = s.newToken()
		d.text = unsubscribeConfirmationMessage(sub.arn)
	}
	d.note = &notification{
		Type: kind, MessageID: s.rng.UUID().String(), Token: d.token, TopicARN: t.arn,
		Message: d.text, Timestamp: now, SubscribeURL: confirmSubscriptionURL(s.region, t.arn, d.token),
	}
	s.prepareSignature(d.note, t.fifo, t.signatureV2)
	d.note.sign()
	return d
}

// prepareSignature sets the signature fields of a notification of a topic
// (FIFO or not, with SignatureVersion 2 or not), for sign to fill in
// Signature. Messages of FIFO topics are unsigned, as AWS delivers them,
// and so is everything under [WithoutSignatures].
func (s *Service) prepareSignature(n *notification, fifo, v2 bool) {
	if !s.signing || fifo {
		return
	}
	n.SignatureVersion = "1"
	if v2 {
		n.SignatureVersion = "2"
	}
	n.SigningCertURL = signingCertURL(s.region)
}

// outgoing are the deliveries of one or more publishes to a topic, whose
// first attempts are still to be made.
type outgoing struct {
	topic      *topic
	deliveries []*delivery
}

// deliver makes the first attempts of the deliveries without the lock, in
// order: on the caller's goroutine for a standard topic; for a FIFO topic
// through the topic's queue (see [Service.drain]), so that overlapping
// publishers keep the topic's sequence order.
func (o outgoing) deliver(s *Service) {
	if len(o.deliveries) == 0 {
		return
	}
	if !o.topic.fifo {
		s.deliverAll(o.deliveries)
		return
	}
	s.mu.Lock()
	o.topic.outgoing = append(o.topic.outgoing, o.deliveries...)
	s.mu.Unlock()
	s.drain(o.topic)
}

// drain makes the first attempts of the deliveries queued on a FIFO topic,
// in sequence order, without the lock. One caller at a time drains a
// topic: a publisher that finds another draining leaves its deliveries to
// it, so that two publishers cannot deliver out of sequence. User code
// (handlers, HTTP clients) cannot panic through it: attempts call it
// through the account's guarded path. Should a panic of the service's own
// reach it, it ends the drain, leaving the rest queued for the next
// publish, and reaches the caller.
func (s *Service) drain(t *topic) {
	s.mu.Lock()
	if t.draining {
		s.mu.Unlock()
		return
	}
	t.draining = true
	s.mu.Unlock()
	done := false
	defer func() {
		if !done { // a panic: let the next publisher drain
			s.mu.Lock()
			t.draining = false
			s.mu.Unlock()
		}
	}()
	for {
		s.mu.Lock()
		batch := t.outgoing
		t.outgoing = nil
		if len(batch) == 0 {
			t.draining, done = false, true
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		s.deliverAll(batch)
	}
}

// deliverAll makes the first attempt of each delivery, in order, after
// building and signing the notifications they carry (one per publish and
// distinct message text). It runs without the lock.
func (s *Service) deliverAll(batch []*delivery) {
	var buf [4]*delivery
	made := buf[:0] // the deliveries whose notification was made here
	for _, d := range batch {
		for _, m := range made {
			if m.pub == d.pub && m.text == d.text {
				d.note = m.note
				break
			}
		}
		if d.note == nil {
			d.note = s.notificationOf(d)
			made = append(made, d)
		}
	}
	for _, d := range batch {
		s.attempt(d)
	}
}

// notificationOf builds and signs the Notification a delivery carries.
func (s *Service) notificationOf(d *delivery) *notification {
	p := d.pub
	n := &p.note
	if n.Type != "" {
		n = new(notification)
	}
	*n = notification{
		Type: typeNotification, MessageID: p.id, TopicARN: p.topicARN,
		Subject: p.msg.subject, HasSubject: p.msg.subject != "",
		Message: d.text, Timestamp: p.at, SequenceNumber: p.sequence,
	}
	n.Attributes = p.msg.envelopeAttrs
	s.prepareSignature(n, p.fifo, p.signV2)
	n.sign()
	return n
}

// attemptResult is how one delivery attempt ended.
type attemptResult struct {
	outcome string // one of the Outcome… constants
	reason  string // why it failed
}

// attempt makes the next attempt of a delivery, with the faults the
// account's plan injects into it, and finishes it (see [Service.finish]):
// at once, or, when the endpoint is slow ([FaultSlowEndpoint]), on the
// clock when it answers or times out. It runs without the lock.
func (s *Service) attempt(d *delivery) {
	s.mu.Lock()
	// A delivery to a removed subscription stops, and so does a
	// confirmation request once the subscription is confirmed or has been
	// sent a newer token.
	if d.sub.removed && !d.final || d.note.Type == typeSubscriptionConfirmation && (!d.sub.pending || d.token != d.sub.token) {
		s.mu.Unlock()
		return
	}
	now := s.sched.Now()
	if d.throttle > 0 && !d.slotted {
		slot := d.sub.nextSlot
		if slot.Before(now) {
			slot = now
		}
		d.sub.nextSlot = slot.Add(time.Second / time.Duration(d.throttle))
		if slot.After(now) {
			d.slotted = true
			s.sched.ScheduleAt(slot, func() { s.attempt(d) })
			s.mu.Unlock()
			return
		}
	}
	d.slotted = false
	d.attempts++
	if d.attempts == 1 {
		d.body = s.payload(d)
	}
	s.mu.Unlock()

	if rule := s.fault(FaultDeliveryFailure, d); rule != nil {
		s.finish(d, now, attemptResult{OutcomeFailed, "endpoint unavailable (fault rule " + rule.Name + ")"})
		return
	}
	if rule := s.fault(FaultSlowEndpoint, d); rule != nil {
		delay := rule.Delay
		if delay == 0 {
			delay = defaultSlowDelay
		}
		if delay > HTTPDeliveryTimeout {
			end := now.Add(HTTPDeliveryTimeout)
			s.sched.ScheduleAt(end, func() { s.finish(d, end, attemptResult{OutcomeFailed, timedOut}) })
			return
		}
		end := now.Add(delay)
		s.sched.ScheduleAt(end, func() { s.finish(d, end, s.send(d, now)) })
		return
	}
	s.finish(d, now, s.send(d, now))
}

// timedOut is the reason of an attempt that had no answer within
// [HTTPDeliveryTimeout].
var timedOut = "timed out: no response within " + HTTPDeliveryTimeout.String() + " of virtual time"

// finish records an attempt of a delivery that ended at with res, and
// schedules its retry, measured from at, or sends the message to the
// dead-letter queue as res requires. It runs without the lock.
func (s *Service) finish(d *delivery, at time.Time, res attemptResult) {
	s.mu.Lock()
	rec := DeliveryAttempt{
		MessageID: d.note.MessageID, Type: d.note.Type, SubscriptionARN: d.subARN, Protocol: d.protocol,
		Endpoint: d.endpoint, Attempt: d.attempts, At: at, Outcome: res.outcome, Reason: res.reason,
	}
	dead := false
	switch res.outcome {
	case OutcomeDelivered:
		s.totals.Delivered++
	case OutcomeFailed:
		s.totals.FailedAttempts++
		if delay, ok := d.retry.retryDelay(d.attempts); ok && !d.final {
			rec.NextAttemptAt = at.Add(delay)
			s.sched.ScheduleAt(rec.NextAttemptAt, func() { s.attempt(d) })
		} else {
			dead = d.pub != nil
		}
	case OutcomeRejected:
		s.totals.FailedAttempts++
		dead = d.pub != nil
	}
	if dead && d.dlq != "" {
		// Record the attempt once the dead-letter queue has taken the
		// message, or refused it.
		s.mu.Unlock()
		ok := s.deadLetter(d)
		s.mu.Lock()
		if ok {
			rec.DeadLetterTargetARN = d.dlq
			s.totals.DeadLettered++
		}
	}
	if dead && rec.DeadLetterTargetARN == "" {
		s.totals.Discarded++
	}
	if d.pub != nil {
		d.pub.counts.count(res.outcome == OutcomeDelivered, dead)
	}
	if s.history {
		s.recordAttempt(d.note.TopicARN, rec)
	}
	s.mu.Unlock()
}

// payload is what the endpoint of a delivery receives. JSON is rendered
// into the service's scratch buffer, so that the string is the one
// allocation; the caller holds s.mu, which guards the buffer.
func (s *Service) payload(d *delivery) string {
	switch {
	case d.protocol == ProtocolLambda:
		s.scratch = d.note.appendLambdaEvent(s.scratch[:0], d.subARN, d.unsubURL)
	case d.protocol == ProtocolSMS, d.raw:
		return d.text
	case d.protocol == ProtocolEmail:
		return s.emailBody(d)
	case d.note.Type == typeNotification:
		return d.note.envelopeFor(&s.scratch, d.unsubURL)
	default:
		s.scratch = d.note.appendJSON(s.scratch[:0], d.unsubURL)
	}
	return string(s.scratch)
}

// emailBody is the text of an email delivery: the message with AWS's
// footer, or the confirmation request.
func (s *Service) emailBody(d *delivery) string {
	if d.note.Type == typeSubscriptionConfirmation {
		return "You have chosen to subscribe to the topic: \n" + d.note.TopicARN +
			"\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary): \n" +
			d.note.SubscribeURL
	}
	return d.text + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n" +
		d.unsubURL + "\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support"
}

// send makes one attempt, begun at now, to hand a delivery to its
// endpoint; the endpoint takes it at the clock's instant, which a slow
// endpoint ([FaultSlowEndpoint]) makes later than now.
func (s *Service) send(d *delivery, now time.Time) attemptResult {
	ctx := context.Background()
	switch d.protocol {
	case ProtocolSQS:
		var attrs map[string]MessageAttributeValue
		if d.raw && d.pub != nil && d.pub.msg.structure == "" {
			if len(d.pub.msg.attributes) > MaxRawSQSAttributes {
				return attemptResult{OutcomeRejected, "more than 10 message attributes for raw delivery to SQS"}
			}
			attrs = d.pub.msg.attributes
		}
		return s.sendSQS(ctx, d.note.TopicARN, d.endpoint, d.body, attrs, d.pub)
	case ProtocolLambda:
		// Lambda queues every Event invocation it accepts; what it refuses
		// (no such function, a payload too large) is the caller's fault.
		m := cloud.Message{Body: d.body, Sender: cloud.Sender{Service: ServicePrincipal, SourceARN: d.note.TopicARN}}
		if err := s.account.Deliver(ctx, d.endpoint, m); err != nil {
			return attemptResult{OutcomeRejected, err.Error()}
		}
		return attemptResult{outcome: OutcomeDelivered}
	case ProtocolHTTP, ProtocolHTTPS:
		return s.sendHTTP(d, now)
	}
	s.mu.Lock()
	s.outbox = append(s.outbox, OutboxMessage{
		Protocol: d.protocol, Endpoint: d.endpoint, Subject: s.emailSubject(d), Body: d.body,
		Token: d.token, TopicARN: d.note.TopicARN, SubscriptionARN: d.subARN, MessageID: d.note.MessageID, SentAt: s.sched.Now(),
	})
	s.mu.Unlock()
	return attemptResult{outcome: OutcomeDelivered}
}

// emailSubject is the subject of an email delivery: the published Subject,
// or AWS's default.
func (s *Service) emailSubject(d *delivery) string {
	switch {
	case d.protocol == ProtocolSMS:
		return ""
	case d.note.Type == typeSubscriptionConfirmation:
		return "AWS Notification - Subscription Confirmation"
	case d.note.HasSubject:
		return d.note.Subject
	}
	return "AWS Notification Message"
}

// ServicePrincipal is the principal SNS delivers as, which a queue's
// policy must allow (with cloud.WithPolicyEnforcement).
const ServicePrincipal = "sns.amazonaws.com"

// sendSQS sends body to the queue with ARN queue through the account,
// as SNS for topic, with the FIFO fields of the publish p when there is
// one. Any refusal (the queue's policy denying the topic included) is a
// client-side error.
func (s *Service) sendSQS(ctx context.Context, topic, queue, body string, attrs map[string]MessageAttributeValue, p *published) attemptResult {
	m := cloud.Message{Body: body, Attributes: attrs, Sender: cloud.Sender{Service: ServicePrincipal, SourceARN: topic}}
	if p != nil {
		m.MessageGroupID = p.msg.groupID
		// Only a FIFO topic's messages carry a deduplication ID, which a
		// FIFO queue needs.
		if p.fifo && isFIFOQueue(queue) {
			m.MessageDeduplicationID = p.dedupID
		}
	}
	if err := s.account.Deliver(ctx, queue, m); err != nil {
		return attemptResult{OutcomeRejected, err.Error()}
	}
	return attemptResult{outcome: OutcomeDelivered}
}

// sendHTTP POSTs a delivery to its endpoint with SNS's headers. A status
// from 200 to 499 is a delivery, as AWS counts it; a transport error, any
// other status or no answer within [HTTPDeliveryTimeout] of virtual time
// fails the attempt and is retried.
//
// The request, the handler or transport behind the client, and the reading
// of the response are user code, called through the account's guarded
// path: a panic fails the attempt as the connection a crashed server
// closes does, and with the watchdog a call that blocks fails it as a
// timeout, after cancelling the request's context with the
// *cloud.BlockedError as its cause. The request's context carries the
// deadline as a value, for handlerTransport.
func (s *Service) sendHTTP(d *delivery, now time.Time) attemptResult {
	if s.http == nil {
		return attemptResult{OutcomeFailed, "no HTTP client: the endpoint is unreachable"}
	}
	deadline := now.Add(HTTPDeliveryTimeout)
	ctx, cancel := context.WithCancelCause(context.WithValue(context.Background(), deadlineKey{}, deadline))
	defer cancel(nil) // as a server cancels a request's context once it is answered
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.endpoint, strings.NewReader(d.body))
	if err != nil {
		return attemptResult{OutcomeRejected, err.Error()}
	}
	h := req.Header
	h.Set("Content-Type", d.contentType)
	h.Set("User-Agent", "Amazon Simple Notification Service Agent")
	h.Set("x-amz-sns-message-type", d.note.Type)
	h.Set("x-amz-sns-message-id", d.note.MessageID)
	h.Set("x-amz-sns-topic-arn", d.note.TopicARN)
	if d.note.Type != typeSubscriptionConfirmation {
		h.Set("x-amz-sns-subscription-arn", d.subARN)
	}
	if d.raw {
		h.Set("x-amz-sns-rawdelivery", "true")
	}
	var status int
	what := "http endpoint " + d.endpoint
	uerr := s.account.CallUser(what, func() {
		var resp *http.Response
		if resp, err = s.http.Do(req); err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		status = resp.StatusCode
	})
	var blocked *cloud.BlockedError
	switch {
	case errors.As(uerr, &blocked):
		cancel(uerr)
		return attemptResult{OutcomeFailed, "timed out: " + uerr.Error()} // status and err are not read: the call may still write them
	case uerr != nil:
		return attemptResult{OutcomeFailed, what + ": " + uerr.Error() + ": the connection closed with no response"}
	}
	switch {
	case err != nil:
		return attemptResult{OutcomeFailed, err.Error()}
	case s.sched.Now().After(deadline):
		return attemptResult{OutcomeFailed, timedOut}
	case status < 200 || status > 499:
		return attemptResult{OutcomeFailed, "HTTP " + strconv.Itoa(status)}
	}
	return attemptResult{outcome: OutcomeDelivered}
}

// deadLetter sends a delivery that failed for good to its subscription's
// dead-letter queue: the body the endpoint would have received (the JSON
// envelope for Lambda and email endpoints), with the message attributes of
// a raw delivery. It reports whether the queue took it, and runs without
// the lock.
func (s *Service) deadLetter(d *delivery) bool {
	body := d.body
	var attrs map[string]MessageAttributeValue
	switch {
	case d.raw:
		if len(d.pub.msg.attributes) <= MaxRawSQSAttributes && d.pub.msg.structure == "" {
			attrs = d.pub.msg.attributes
		}
	case d.protocol != ProtocolSQS && d.protocol != ProtocolHTTP && d.protocol != ProtocolHTTPS:
		s.mu.Lock()
		s.scratch = d.note.appendJSON(s.scratch[:0], d.unsubURL)
		body = string(s.scratch)
		s.mu.Unlock()
	}
	return s.sendSQS(context.Background(), d.note.TopicARN, d.dlq, body, attrs, d.pub).outcome == OutcomeDelivered
}

// isFIFOQueue reports whether queue is the ARN of a FIFO queue.
func isFIFOQueue(queue string) bool {
	q, _ := queueARN(queue)
	return q.FIFO()
}
