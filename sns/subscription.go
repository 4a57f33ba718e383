package sns

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Subscription protocols the simulator delivers to.
const (
	ProtocolSQS       = "sqs"
	ProtocolLambda    = "lambda"
	ProtocolHTTP      = "http"
	ProtocolHTTPS     = "https"
	ProtocolEmail     = "email"
	ProtocolEmailJSON = "email-json"
	ProtocolSMS       = "sms"
)

// Names of subscription attributes, for Subscribe,
// GetSubscriptionAttributes and SetSubscriptionAttributes.
const (
	SubscriptionAttributeDeliveryPolicy     = "DeliveryPolicy"
	SubscriptionAttributeFilterPolicy       = "FilterPolicy"
	SubscriptionAttributeFilterPolicyScope  = "FilterPolicyScope"
	SubscriptionAttributeRawMessageDelivery = "RawMessageDelivery"
	SubscriptionAttributeRedrivePolicy      = "RedrivePolicy"
	// Read-only attributes.
	SubscriptionAttributeSubscriptionArn              = "SubscriptionArn"
	SubscriptionAttributeTopicArn                     = "TopicArn"
	SubscriptionAttributeProtocol                     = "Protocol"
	SubscriptionAttributeEndpoint                     = "Endpoint"
	SubscriptionAttributeOwner                        = "Owner"
	SubscriptionAttributePendingConfirmation          = "PendingConfirmation"
	SubscriptionAttributeConfirmationWasAuthenticated = "ConfirmationWasAuthenticated"
	SubscriptionAttributeEffectiveDeliveryPolicy      = "EffectiveDeliveryPolicy"
	SubscriptionAttributeSubscriptionPrincipal        = "SubscriptionPrincipal"
)

// pendingARN is what Subscribe shows for the ARN of a subscription that
// awaits confirmation; listedPendingARN is what the List operations show.
const (
	pendingARN       = "pending confirmation"
	listedPendingARN = "PendingConfirmation"
)

// subscription is one subscription of a topic.
type subscription struct {
	arn            string
	unsubscribeURL string
	seq            uint64 // creation order, for listing
	topic          *topic
	protocol       string
	endpoint       string
	removed        bool // unsubscribed, expired or its topic deleted

	pending           bool
	token             string
	tokenExpires      time.Time
	deleteAt          time.Time     // when it is deleted if still pending
	expiry            sim.Scheduled // that deletion
	authenticated     bool          // confirmed through ConfirmSubscription
	authOnUnsubscribe bool

	// attrs holds the settable attributes that were set, by AWS name;
	// the ones below are their parsed forms.
	attrs    map[string]string
	raw      bool
	filter   *filterPolicy
	dlq      string // RedrivePolicy's deadLetterTargetArn
	delivery *subscriptionDeliveryPolicy

	// nextSlot is the earliest instant of the next HTTP delivery when the
	// delivery policy throttles (maxReceivesPerSecond).
	nextSlot time.Time
}

// SubscribeInput is the input of [Service.Subscribe].
type SubscribeInput struct {
	// TopicArn is the topic to subscribe to. Required.
	TopicArn string
	// Protocol is one of the Protocol… constants. AWS's application and
	// firehose protocols are not simulated and refused.
	Protocol string
	// Endpoint is where messages go: a queue ARN for sqs, a function ARN
	// for lambda, a URL for http and https, an address for email and
	// email-json, an E.164 phone number for sms.
	Endpoint string
	// Attributes are subscription attributes by name
	// (SubscriptionAttribute…).
	Attributes map[string]string
	// ReturnSubscriptionArn makes a pending subscription's output carry
	// its ARN instead of "pending confirmation".
	ReturnSubscriptionArn bool
}

// SubscribeOutput is the output of [Service.Subscribe].
type SubscribeOutput struct {
	// SubscriptionArn is the subscription's ARN, or "pending
	// confirmation" for a subscription that must be confirmed (unless
	// ReturnSubscriptionArn was set).
	SubscriptionArn string
}

// Subscribe subscribes an endpoint to a topic. sqs, lambda and sms
// subscriptions are confirmed at once; http, https, email and email-json
// ones, and those of a queue of another account (see "Permissions" in
// the package documentation), stay pending until confirmed with the
// token SNS sends them (see
// [Service.ConfirmSubscription]), and are deleted when still pending after
// [PendingSubscriptionLifetime]. Subscribing the same endpoint again
// returns the existing subscription, unless the attributes differ
// (InvalidParameter).
func (s *Service) Subscribe(ctx context.Context, in *SubscribeInput) (*SubscribeOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	if err := validEndpoint(in.Protocol, in.Endpoint); err != nil {
		return nil, err
	}

	s.mu.Lock()
	t, err := s.topicFor(in.TopicArn)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	for _, sub := range t.subs {
		if sub.protocol != in.Protocol || sub.endpoint != in.Endpoint {
			continue
		}
		for name, v := range in.Attributes {
			if sub.attribute(name) != v {
				s.mu.Unlock()
				return nil, ErrInvalidParameterException.With("Invalid parameter: Attributes Reason: Subscription already exists with different attributes")
			}
		}
		out := &SubscribeOutput{SubscriptionArn: sub.arn}
		var confirm *delivery
		if sub.pending {
			// Subscribing a pending endpoint again sends it a new
			// confirmation request.
			if !in.ReturnSubscriptionArn {
				out.SubscriptionArn = pendingARN
			}
			confirm = s.awaitConfirmation(sub)
		}
		s.mu.Unlock()
		if confirm != nil {
			s.attempt(confirm)
		}
		return out, nil
	}
	if err := s.checkFIFOEndpoint(t, in.Protocol, in.Endpoint); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	pending := s.needsConfirmation(in.Protocol, in.Endpoint)
	sub, err := s.addSubscription(t, in.Protocol, in.Endpoint, in.Attributes, pending, "Invalid parameter: Attributes Reason: ")
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	out := &SubscribeOutput{SubscriptionArn: sub.arn}
	var confirm *delivery
	if pending {
		if !in.ReturnSubscriptionArn {
			out.SubscriptionArn = pendingARN
		}
		confirm = s.awaitConfirmation(sub)
	} else {
		sub.authenticated = true // confirmed by the subscriber's own request
	}
	s.mu.Unlock()

	if confirm != nil {
		s.attempt(confirm)
	}
	return out, nil
}

// addSubscription adds a subscription to topic t, pending confirmation or
// confirmed, with the given settable attributes, validated with prefix
// beginning their error messages. The caller holds s.mu.
func (s *Service) addSubscription(t *topic, protocol, endpoint string, attrs map[string]string, pending bool, prefix string) (*subscription, error) {
	sub := &subscription{topic: t, protocol: protocol, endpoint: endpoint, pending: pending, attrs: make(map[string]string)}
	// Scope before policy: the policy is validated for its scope.
	names := slices.SortedFunc(maps.Keys(attrs), func(a, b string) int {
		return strings.Compare(attributeOrder(a)+a, attributeOrder(b)+b)
	})
	for _, name := range names {
		if err := s.setSubscriptionAttribute(sub, name, attrs[name], prefix); err != nil {
			return nil, err
		}
	}
	if sub.filter != nil && t.filterPolicies >= MaxFilterPolicies {
		return nil, ErrFilterPolicyLimitExceededException.With("Filter policy limit exceeded")
	}
	// The ARN is drawn once the request is accepted, so that a refused
	// request leaves the ARNs of later subscriptions unchanged.
	sub.arn = arn.Subscription{Topic: s.topicARN(t.name), ID: s.rng.UUID().String()}.String()
	sub.unsubscribeURL = unsubscribeURL(s.region, sub.arn)
	s.nextSeq++
	sub.seq = s.nextSeq
	s.subs[sub.arn] = sub
	s.subList = append(s.subList, sub)
	t.subs = append(t.subs, sub)
	if sub.filter != nil {
		t.filterPolicies++
	}
	if pending {
		t.pending++
	} else {
		t.confirmed++
	}
	return sub, nil
}

// attribute is the value of a settable attribute, its default when unset,
// for comparing a repeated Subscribe's attributes with the subscription's.
func (sub *subscription) attribute(name string) string {
	v, ok := sub.attrs[name]
	switch {
	case ok:
		return v
	case name == SubscriptionAttributeRawMessageDelivery:
		return "false"
	case name == SubscriptionAttributeFilterPolicyScope:
		return "MessageAttributes"
	}
	return ""
}

// attributeOrder sorts FilterPolicyScope before FilterPolicy, so that a
// policy is validated for the scope given with it.
func attributeOrder(name string) string {
	if name == SubscriptionAttributeFilterPolicyScope {
		return "0"
	}
	return "1"
}

// validEndpoint checks the protocol and the form of the endpoint.
func validEndpoint(protocol, endpoint string) error {
	switch protocol {
	case ProtocolSQS:
		if _, ok := queueARN(endpoint); !ok {
			return ErrInvalidParameterException.With("Invalid parameter: SQS endpoint ARN")
		}
	case ProtocolLambda:
		if f, err := arn.ParseFunction(endpoint); err != nil || f.Partition != awsPartition {
			return ErrInvalidParameterException.With("Invalid parameter: Lambda endpoint ARN")
		}
	case ProtocolHTTP, ProtocolHTTPS:
		if !strings.HasPrefix(strings.ToLower(endpoint), protocol+"://") {
			return ErrInvalidParameterException.With("Invalid parameter: Endpoint must match the specified protocol")
		}
		if u, err := url.Parse(endpoint); err != nil || u.Host == "" || strings.ContainsAny(endpoint, " \t\r\n") {
			return ErrInvalidParameterException.With("Invalid parameter: Endpoint Reason: %s is not a valid URL", endpoint)
		}
	case ProtocolEmail, ProtocolEmailJSON:
		local, domain, ok := strings.Cut(endpoint, "@")
		if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || strings.ContainsAny(endpoint, " \t\r\n") {
			return ErrInvalidParameterException.With("Invalid parameter: Email address")
		}
	case ProtocolSMS:
		if !validPhoneNumber(endpoint) {
			return ErrInvalidParameterException.With("Invalid SMS endpoint: %s", endpoint)
		}
	case "application", "firehose":
		return ErrInvalidParameterException.With("Invalid parameter: the %s protocol is not simulated", protocol)
	default:
		return ErrInvalidParameterException.With("Invalid parameter: Amazon SNS does not support this protocol string: %s", protocol)
	}
	return nil
}

// awsPartition is the partition of every ARN the simulator makes, and so
// the only one its subscriptions deliver to.
const awsPartition = "aws"

// queueARN parses s as the ARN of an SQS queue in the aws partition, what
// Subscribe takes as an sqs endpoint and a RedrivePolicy as its
// deadLetterTargetArn; the zero Queue and false when it is not one.
func queueARN(s string) (arn.Queue, bool) {
	q, err := arn.ParseQueue(s)
	if err != nil || q.Partition != awsPartition {
		return arn.Queue{}, false
	}
	return q, true
}

// validPhoneNumber reports whether n is an E.164 number: a "+" and 2 to 15
// digits (a leading "+" may be left out, as SNS accepts).
func validPhoneNumber(n string) bool {
	n = strings.TrimPrefix(n, "+")
	return len(n) >= 2 && len(n) <= 15 && input.IsDigits(n)
}

// checkFIFOEndpoint applies the rules of FIFO topics: they deliver only to
// SQS queues, and a FIFO queue may subscribe only to a FIFO topic.
func (s *Service) checkFIFOEndpoint(t *topic, protocol, endpoint string) error {
	q, _ := queueARN(endpoint)
	fifoQueue := protocol == ProtocolSQS && q.FIFO()
	switch {
	case t.fifo && protocol != ProtocolSQS:
		return ErrInvalidParameterException.With("Invalid parameter: Invalid parameter: Endpoint Reason: Please use FIFO SQS queue")
	case !t.fifo && fifoQueue:
		return ErrInvalidParameterException.With("Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
	}
	return nil
}

// setSubscriptionAttribute validates and sets one settable attribute;
// prefix begins the error message. The caller holds s.mu.
func (s *Service) setSubscriptionAttribute(sub *subscription, name, value, prefix string) error {
	invalid := func(format string, args ...any) error {
		return ErrInvalidParameterException.With(prefix+format, args...)
	}
	switch name {
	case SubscriptionAttributeRawMessageDelivery:
		if value != "true" && value != "false" {
			return invalid("RawMessageDelivery: Invalid value [%s]. Must be true or false.", value)
		}
		switch sub.protocol {
		case ProtocolSQS, ProtocolHTTP, ProtocolHTTPS:
		default:
			return invalid("RawMessageDelivery: Invalid value [%s]. Delivery protocol [%s] does not support raw message delivery.", value, sub.protocol)
		}
		sub.raw = value == "true"
	case SubscriptionAttributeFilterPolicyScope:
		if value != "MessageAttributes" && value != "MessageBody" {
			return invalid("FilterPolicyScope: Invalid value [%s]. Please use either MessageBody or MessageAttributes", value)
		}
		if sub.attrs[SubscriptionAttributeFilterPolicy] != "" {
			f, err := compileFilterPolicy(sub.attrs[SubscriptionAttributeFilterPolicy], value)
			if err != nil {
				return ErrInvalidParameterException.With("Invalid parameter: %s", err)
			}
			sub.filter = f
		}
	case SubscriptionAttributeFilterPolicy:
		if value == "" {
			sub.filter = nil
			break
		}
		f, err := compileFilterPolicy(value, sub.attrs[SubscriptionAttributeFilterPolicyScope])
		var fe *filterPolicyError
		switch {
		case errors.As(err, &fe) && !fe.namesFilterPolicy():
			// AWS words this one reason without naming the attribute.
			return ErrInvalidParameterException.With("Invalid parameter: %s", err)
		case err != nil:
			return invalid("FilterPolicy: %s", err)
		}
		sub.filter = f
	case SubscriptionAttributeRedrivePolicy:
		if value == "" {
			sub.dlq = ""
			break
		}
		var p struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		}
		if err := json.Unmarshal([]byte(value), &p); err != nil {
			return invalid("RedrivePolicy: failed to parse JSON")
		}
		dlq, ok := queueARN(p.DeadLetterTargetArn)
		if !ok {
			return invalid("RedrivePolicy: deadLetterTargetArn is an invalid arn")
		}
		if q, _ := queueARN(sub.endpoint); sub.protocol == ProtocolSQS && q.FIFO() && !dlq.FIFO() {
			return invalid("RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")
		}
		sub.dlq = p.DeadLetterTargetArn
	case SubscriptionAttributeDeliveryPolicy:
		if sub.protocol != ProtocolHTTP && sub.protocol != ProtocolHTTPS {
			return invalid("DeliveryPolicy: only http and https subscriptions have a delivery policy")
		}
		p, err := parseSubscriptionDeliveryPolicy(value)
		if err != nil {
			return invalid("DeliveryPolicy: %s", err)
		}
		sub.delivery = p
	default:
		return invalid("AttributeName")
	}
	if value == "" {
		delete(sub.attrs, name)
	} else {
		sub.attrs[name] = value
	}
	return nil
}

// removeSubscription takes a subscription off its topic and the service.
// Deliveries being retried to it stop at their next attempt. The caller
// holds s.mu.
func (s *Service) removeSubscription(sub *subscription) {
	t := sub.topic
	sub.removed = true
	sub.expiry.Cancel()
	if sub.pending {
		t.pending--
	} else {
		t.confirmed--
	}
	t.deleted++
	if sub.filter != nil {
		t.filterPolicies--
	}
	t.subs = slices.DeleteFunc(t.subs, func(x *subscription) bool { return x == sub })
	delete(s.tokens, sub.token)
	delete(s.subs, sub.arn)
	s.subList = slices.DeleteFunc(s.subList, func(x *subscription) bool { return x == sub })
}

// UnsubscribeInput is the input of [Service.Unsubscribe].
type UnsubscribeInput struct {
	SubscriptionArn string
}

// UnsubscribeOutput is the output of [Service.Unsubscribe].
type UnsubscribeOutput struct{}

// Unsubscribe deletes a subscription. A subscription pending confirmation
// cannot be unsubscribed (InvalidParameter): SNS deletes it when it
// expires. An http or
// https endpoint is sent an UnsubscribeConfirmation, whose SubscribeURL
// (or token, with ConfirmSubscription) restores the subscription, under a
// new ARN, for [ConfirmationTokenValidity].
func (s *Service) Unsubscribe(ctx context.Context, in *UnsubscribeInput) (*UnsubscribeOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.unsubscribe(in.SubscriptionArn, true); err != nil {
		return nil, err
	}
	return &UnsubscribeOutput{}, nil
}

// unsubscribe deletes the subscription with the given ARN; authenticated
// tells whether the request came through the API (true) or the
// UnsubscribeURL.
func (s *Service) unsubscribe(arn string, authenticated bool) error {
	if err := validARN("SubscriptionArn", arn); err != nil {
		return err
	}
	s.mu.Lock()
	sub, err := s.subscriptionFor(arn)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if sub.pending {
		s.mu.Unlock()
		return ErrInvalidParameterException.With("Invalid parameter: Cannot unsubscribe a subscription that is pending confirmation")
	}
	if !authenticated && sub.authOnUnsubscribe {
		s.mu.Unlock()
		return ErrAuthorizationErrorException.With("Unsubscribe requires authentication for this subscription")
	}
	var notice *delivery
	if sub.protocol == ProtocolHTTP || sub.protocol == ProtocolHTTPS {
		notice = s.unsubscribeConfirmation(sub)
	}
	s.removeSubscription(sub)
	s.mu.Unlock()

	if notice != nil {
		s.attempt(notice)
	}
	return nil
}

// Subscription is a subscription as the List operations show it.
type Subscription struct {
	// SubscriptionArn is "PendingConfirmation" while the subscription
	// awaits confirmation.
	SubscriptionArn string
	TopicArn        string
	Protocol        string
	Endpoint        string
	Owner           string
}

// ListSubscriptionsInput is the input of [Service.ListSubscriptions].
type ListSubscriptionsInput struct {
	NextToken string
}

// ListSubscriptionsOutput is the output of [Service.ListSubscriptions].
type ListSubscriptionsOutput struct {
	// Subscriptions are up to 100 subscriptions in creation order.
	Subscriptions []Subscription
	NextToken     string
}

// ListSubscriptions lists the subscriptions of all topics, 100 at a time.
func (s *Service) ListSubscriptions(ctx context.Context, in *ListSubscriptionsInput) (*ListSubscriptionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	subs, next, err := s.listSubscriptions(s.subList, in.NextToken)
	if err != nil {
		return nil, err
	}
	return &ListSubscriptionsOutput{Subscriptions: subs, NextToken: next}, nil
}

// ListSubscriptionsByTopicInput is the input of
// [Service.ListSubscriptionsByTopic].
type ListSubscriptionsByTopicInput struct {
	TopicArn  string
	NextToken string
}

// ListSubscriptionsByTopicOutput is the output of
// [Service.ListSubscriptionsByTopic].
type ListSubscriptionsByTopicOutput struct {
	// Subscriptions are up to 100 subscriptions in creation order.
	Subscriptions []Subscription
	NextToken     string
}

// ListSubscriptionsByTopic lists a topic's subscriptions, 100 at a time.
func (s *Service) ListSubscriptionsByTopic(ctx context.Context, in *ListSubscriptionsByTopicInput) (*ListSubscriptionsByTopicOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicFor(in.TopicArn)
	if err != nil {
		return nil, err
	}
	subs, next, err := s.listSubscriptions(t.subs, in.NextToken)
	if err != nil {
		return nil, err
	}
	return &ListSubscriptionsByTopicOutput{Subscriptions: subs, NextToken: next}, nil
}

func (s *Service) listSubscriptions(all []*subscription, token string) ([]Subscription, string, error) {
	page, next, err := paginate(all, token, func(sub *subscription) uint64 { return sub.seq })
	if err != nil {
		return nil, "", err
	}
	out := make([]Subscription, len(page))
	for i, sub := range page {
		out[i] = Subscription{SubscriptionArn: sub.listedARN(), TopicArn: sub.topic.arn, Protocol: sub.protocol, Endpoint: sub.endpoint, Owner: s.accountID}
	}
	return out, next, nil
}

// subscriptionFor returns the subscription with the given ARN or AWS's
// NotFound. The caller holds s.mu.
func (s *Service) subscriptionFor(arn string) (*subscription, error) {
	sub := s.subs[arn]
	if sub == nil {
		return nil, ErrNotFoundException.With("Subscription does not exist")
	}
	return sub, nil
}

// listedARN is the ARN the List operations show.
func (sub *subscription) listedARN() string {
	if sub.pending {
		return listedPendingARN
	}
	return sub.arn
}

// GetSubscriptionAttributesInput is the input of
// [Service.GetSubscriptionAttributes].
type GetSubscriptionAttributesInput struct {
	SubscriptionArn string
}

// GetSubscriptionAttributesOutput is the output of
// [Service.GetSubscriptionAttributes].
type GetSubscriptionAttributesOutput struct {
	// Attributes are the subscription's attributes by name: the ones set,
	// and the read-only ones.
	Attributes map[string]string
}

// GetSubscriptionAttributes returns a subscription's attributes.
func (s *Service) GetSubscriptionAttributes(ctx context.Context, in *GetSubscriptionAttributesInput) (*GetSubscriptionAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("SubscriptionArn", in.SubscriptionArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.subscriptionFor(in.SubscriptionArn)
	if err != nil {
		return nil, err
	}
	attrs := maps.Clone(sub.attrs)
	attrs[SubscriptionAttributeSubscriptionArn] = sub.arn
	attrs[SubscriptionAttributeTopicArn] = sub.topic.arn
	attrs[SubscriptionAttributeProtocol] = sub.protocol
	attrs[SubscriptionAttributeEndpoint] = sub.endpoint
	attrs[SubscriptionAttributeOwner] = s.accountID
	attrs[SubscriptionAttributeSubscriptionPrincipal] = arn.ARN{Service: "iam", AccountID: s.accountID, Resource: "root"}.String()
	attrs[SubscriptionAttributePendingConfirmation] = strconv.FormatBool(sub.pending)
	attrs[SubscriptionAttributeConfirmationWasAuthenticated] = strconv.FormatBool(sub.authenticated)
	attrs[SubscriptionAttributeRawMessageDelivery] = strconv.FormatBool(sub.raw)
	if sub.protocol == ProtocolHTTP || sub.protocol == ProtocolHTTPS {
		attrs[SubscriptionAttributeEffectiveDeliveryPolicy] = effectiveSubscriptionJSON(sub.topic.delivery, sub.delivery)
	}
	return &GetSubscriptionAttributesOutput{Attributes: attrs}, nil
}

// SetSubscriptionAttributesInput is the input of
// [Service.SetSubscriptionAttributes].
type SetSubscriptionAttributesInput struct {
	SubscriptionArn string
	AttributeName   string
	// AttributeValue "" removes a FilterPolicy, RedrivePolicy or
	// DeliveryPolicy.
	AttributeValue string
}

// SetSubscriptionAttributesOutput is the output of
// [Service.SetSubscriptionAttributes].
type SetSubscriptionAttributesOutput struct{}

// SetSubscriptionAttributes sets one settable attribute of a subscription.
// A new filter policy applies from the next publish (AWS takes up to 15
// minutes).
func (s *Service) SetSubscriptionAttributes(ctx context.Context, in *SetSubscriptionAttributesInput) (*SetSubscriptionAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("SubscriptionArn", in.SubscriptionArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.subscriptionFor(in.SubscriptionArn)
	if err != nil {
		return nil, err
	}
	// Validate on a copy so that a refused value changes nothing.
	c := *sub
	c.attrs = maps.Clone(sub.attrs)
	if err := s.setSubscriptionAttribute(&c, in.AttributeName, in.AttributeValue, "Invalid parameter: "); err != nil {
		return nil, err
	}
	had, has := sub.filter != nil, c.filter != nil
	if has && !had && sub.topic.filterPolicies >= MaxFilterPolicies {
		return nil, ErrFilterPolicyLimitExceededException.With("Filter policy limit exceeded")
	}
	switch {
	case has && !had:
		sub.topic.filterPolicies++
	case had && !has:
		sub.topic.filterPolicies--
	}
	*sub = c
	return &SetSubscriptionAttributesOutput{}, nil
}
