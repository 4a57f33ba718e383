package sns_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awssim/awssim/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scenario tests of the subscription confirmation lifecycle (confirmation.go):
// confirmation requests and tokens, ConfirmSubscription and the
// SubscribeURL, the expiry of pending subscriptions, and the
// UnsubscribeConfirmation that restores a subscription. The scn… helpers
// come from topic_test.go and subscription_test.go, the dlv… ones from
// delivery_test.go.

// Subscribing an HTTP endpoint POSTs it a SubscriptionConfirmation at once:
// headers x-amz-sns-message-type, -message-id and -topic-arn (no
// -subscription-arn), Content-Type text/plain; charset=UTF-8 and SNS's
// User-Agent; a JSON body with Type, MessageId, Token, TopicArn, AWS's
// Message, the SubscribeURL carrying topic and token, and the Timestamp
// (Amazon SNS Developer Guide: "HTTP/HTTPS subscription confirmation JSON
// format", "Parsing Amazon SNS message formats").
func TestHTTPSubscriptionReceivesSubscriptionConfirmation(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	env.clk.Advance(1500 * time.Millisecond)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)

	require.Len(t, ep.requests, 1)
	req := ep.requests[0]
	assert.Equal(t, http.MethodPost, req.Method)
	assert.Equal(t, scnHookURL, req.URL)
	assert.Equal(t, "SubscriptionConfirmation", req.Header.Get("x-amz-sns-message-type"))
	assert.Equal(t, arn, req.Header.Get("x-amz-sns-topic-arn"))
	assert.Empty(t, req.Header.Values("x-amz-sns-subscription-arn"), "a confirmation request names no subscription")
	assert.Equal(t, "text/plain; charset=UTF-8", req.Header.Get("Content-Type"))
	assert.Equal(t, "Amazon Simple Notification Service Agent", req.Header.Get("User-Agent"))

	body := scnJSON(t, req.Body)
	pending := env.svc.Inspect().PendingConfirmations()
	require.Len(t, pending, 1)
	assert.Equal(t, sub, pending[0].SubscriptionARN)
	token := pending[0].Token
	assert.Regexp(t, `^[0-9a-f]{128}$`, token)
	assert.Equal(t, "SubscriptionConfirmation", body["Type"])
	assert.Equal(t, req.Header.Get("x-amz-sns-message-id"), body["MessageId"])
	assert.Equal(t, token, body["Token"])
	assert.Equal(t, arn, body["TopicArn"])
	assert.Equal(t, "You have chosen to subscribe to the topic "+arn+".\nTo confirm the subscription, visit the SubscribeURL included in this message.", body["Message"])
	assert.Equal(t, "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="+arn+"&Token="+token, body["SubscribeURL"])
	assert.Equal(t, "2026-01-01T00:00:01.500Z", body["Timestamp"])
	assert.Equal(t, scnStart.Add(1500*time.Millisecond).Add(sns.ConfirmationTokenValidity), pending[0].TokenExpiresAt)
}

// An unconfirmed HTTP subscription receives nothing but its confirmation
// request: messages published while it is pending are not delivered to it,
// not even later, and after confirmation only new messages arrive
// (Amazon SNS Developer Guide: "HTTP/HTTPS subscription confirmation JSON
// format": no notifications until the subscription is confirmed).
func TestUnconfirmedHTTPSubscriptionReceivesOnlyItsConfirmation(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)

	for i := range 3 {
		_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: fmt.Sprintf("early %d", i)})
		require.NoError(t, err)
	}
	env.clk.Advance(time.Hour)
	require.Len(t, ep.requests, 1)
	assert.Equal(t, "SubscriptionConfirmation", ep.requests[0].Header.Get("x-amz-sns-message-type"))
	assert.Empty(t, ep.ofType("Notification"))

	token := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token})
	require.NoError(t, err)
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "late"})
	require.NoError(t, err)
	notes := ep.ofType("Notification")
	require.Len(t, notes, 1)
	assert.Equal(t, "late", scnJSON(t, notes[0].Body)["Message"])
}

// ConfirmSubscription with the token sent to the endpoint confirms the
// subscription and returns its ARN; the subscription then shows
// PendingConfirmation "false" and ConfirmationWasAuthenticated "true".
// Confirming again with the same token returns the same ARN (Amazon SNS
// API Reference: ConfirmSubscription).
func TestConfirmSubscriptionWithToken(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)
	attrs := scnSubAttrs(t, env.svc, sub)
	assert.Equal(t, "true", attrs[sns.SubscriptionAttributePendingConfirmation])
	assert.Equal(t, "false", attrs[sns.SubscriptionAttributeConfirmationWasAuthenticated])

	token := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	for range 2 {
		out, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token})
		require.NoError(t, err)
		assert.Equal(t, sub, out.SubscriptionArn)
	}
	attrs = scnSubAttrs(t, env.svc, sub)
	assert.Equal(t, "false", attrs[sns.SubscriptionAttributePendingConfirmation])
	assert.Equal(t, "true", attrs[sns.SubscriptionAttributeConfirmationWasAuthenticated])
	assert.Equal(t, [3]string{"1", "0", "0"}, scnCounters(t, env.svc, arn))
	assert.Empty(t, env.svc.Inspect().PendingConfirmations())
}

// A token that SNS did not send (or sent for another topic) is refused
// with "Invalid parameter: Token", and the subscription stays pending
// (Amazon SNS API Reference: ConfirmSubscription, Errors).
func TestConfirmSubscriptionWithWrongTokenFails(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	other := scnTopic(t, env.svc, "other", nil)
	scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)
	token := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	before := scnSnapshot(t, env.svc)

	for _, in := range []*sns.ConfirmSubscriptionInput{
		{TopicArn: arn, Token: strings.Repeat("0", 128)},
		{TopicArn: arn, Token: ""},
		{TopicArn: other, Token: token},
	} {
		_, err := env.svc.ConfirmSubscription(env.ctx, in)
		scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Token")
	}
	assert.Equal(t, before, scnSnapshot(t, env.svc))
}

// A confirmation token is valid for two days (Amazon SNS API Reference:
// Subscribe, "Confirmation tokens are valid for two days"): it works until
// just before 48 h and is refused from 48 h on, leaving the subscription
// pending.
func TestConfirmationTokenExpiresAfter48Hours(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	early := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/early", nil)
	late := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/late", nil)
	require.Len(t, ep.requests, 2)
	earlyToken := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	lateToken := scnJSON(t, ep.requests[1].Body)["Token"].(string)

	env.clk.Advance(48*time.Hour - time.Millisecond)
	out, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: earlyToken})
	require.NoError(t, err)
	assert.Equal(t, early, out.SubscriptionArn)

	env.clk.Advance(time.Millisecond)
	_, err = env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: lateToken})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Equal(t, "true", scnSubAttrs(t, env.svc, late)[sns.SubscriptionAttributePendingConfirmation])
	assert.Equal(t, [3]string{"1", "1", "0"}, scnCounters(t, env.svc, arn))
}

// SNS deletes a subscription still unconfirmed after three days
// (sns.PendingSubscriptionLifetime; the Amazon SNS Developer Guide page
// "Deleting an Amazon SNS subscription and topic" now says 48 hours): it
// is there until then, and afterwards it is gone from the lists, its
// attributes are NotFound and the topic counts it in
// SubscriptionsDeleted. A confirmed one is kept.
func TestPendingSubscriptionIsDeletedAfter72Hours(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	pending := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/a", nil)
	confirmed := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/b", nil)
	token := scnJSON(t, ep.requests[1].Body)["Token"].(string)
	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token})
	require.NoError(t, err)
	require.Equal(t, scnStart.Add(72*time.Hour), env.svc.Inspect().PendingConfirmations()[0].DeletedAt)

	env.clk.Advance(72*time.Hour - time.Millisecond)
	assert.Equal(t, "true", scnSubAttrs(t, env.svc, pending)[sns.SubscriptionAttributePendingConfirmation])
	assert.Equal(t, [3]string{"1", "1", "0"}, scnCounters(t, env.svc, arn))

	env.clk.Advance(time.Millisecond)
	_, err = env.svc.GetSubscriptionAttributes(env.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: pending})
	scnRequireError(t, err, sns.ErrNotFoundException, "Subscription does not exist")
	assert.Equal(t, [3]string{"1", "0", "1"}, scnCounters(t, env.svc, arn))
	list, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	require.NoError(t, err)
	require.Len(t, list.Subscriptions, 1)
	assert.Equal(t, confirmed, list.Subscriptions[0].SubscriptionArn)
	assert.Empty(t, env.svc.Inspect().PendingConfirmations())
}

// An email subscription is confirmed with the token of the confirmation
// email, which the outbox records (subject "AWS Notification - Subscription
// Confirmation", the SubscribeURL in the body); until then it gets no
// message, afterwards it gets published messages with their Subject
// (Amazon SNS API Reference: Publish, Subject: "used as the subject line
// when the message is delivered to email endpoints").
func TestEmailSubscriptionIsConfirmedWithTheOutboxToken(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "ops@example.com", nil)
	_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "too early", Subject: "early"})
	require.NoError(t, err)

	outbox := env.svc.Inspect().Outbox()
	require.Len(t, outbox, 1, "only the confirmation email")
	mail := outbox[0]
	assert.Equal(t, sns.ProtocolEmail, mail.Protocol)
	assert.Equal(t, "ops@example.com", mail.Endpoint)
	assert.Equal(t, "AWS Notification - Subscription Confirmation", mail.Subject)
	assert.Equal(t, arn, mail.TopicARN)
	assert.Equal(t, sub, mail.SubscriptionARN)
	require.NotEmpty(t, mail.Token)
	assert.Contains(t, mail.Body, "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="+arn+"&Token="+mail.Token)

	out, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: mail.Token})
	require.NoError(t, err)
	assert.Equal(t, sub, out.SubscriptionArn)
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "hello", Subject: "Greeting"})
	require.NoError(t, err)
	outbox = env.svc.Inspect().Outbox()
	require.Len(t, outbox, 2)
	assert.Equal(t, "Greeting", outbox[1].Subject)
	assert.True(t, strings.HasPrefix(outbox[1].Body, "hello"), outbox[1].Body)
}

// An endpoint that confirms by GETting the SubscribeURL confirms without
// authentication (ConfirmationWasAuthenticated "false"), while
// ConfirmSubscription is authenticated ("true") (Amazon SNS API Reference:
// ConfirmSubscription, GetSubscriptionAttributes).
func TestConfirmingThroughSubscribeURLIsUnauthenticated(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	viaURL := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/url", nil)
	viaAPI := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL+"/api", nil)
	require.Len(t, ep.requests, 2)

	rec := scnGet(env.svc, scnJSON(t, ep.requests[0].Body)["SubscribeURL"].(string))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<SubscriptionArn>"+viaURL+"</SubscriptionArn>")

	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: scnJSON(t, ep.requests[1].Body)["Token"].(string)})
	require.NoError(t, err)

	for sub, want := range map[string]string{viaURL: "false", viaAPI: "true"} {
		attrs := scnSubAttrs(t, env.svc, sub)
		assert.Equal(t, "false", attrs[sns.SubscriptionAttributePendingConfirmation], sub)
		assert.Equal(t, want, attrs[sns.SubscriptionAttributeConfirmationWasAuthenticated], sub)
	}
}

// A GET of a SubscribeURL with a wrong token answers with AWS's error
// document and status: InvalidParameter, 400.
func TestSubscribeURLWithWrongTokenIsRefused(t *testing.T) {
	env, _ := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)
	rec := scnGet(env.svc, "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="+arn+"&Token=feed")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>InvalidParameter</Code>")
	assert.Equal(t, "true", scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributePendingConfirmation])
}

// Unsubscribing an HTTP endpoint sends it an UnsubscribeConfirmation
// (Amazon SNS Developer Guide: "HTTP/HTTPS unsubscribe confirmation JSON
// format"): a POST naming the subscription, whose JSON has
// a Token, AWS's Message and a SubscribeURL with which the endpoint could
// subscribe again. The subscription is gone and no message reaches the
// endpoint afterwards.
func TestUnsubscribeOfHTTPEndpointSendsUnsubscribeConfirmation(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn, sub := scnConfirmedHook(t, env, ep, "")
	_, err := env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)

	notices := ep.ofType("UnsubscribeConfirmation")
	require.Len(t, notices, 1)
	n := notices[0]
	assert.Equal(t, sub, n.Header.Get("x-amz-sns-subscription-arn"))
	assert.Equal(t, arn, n.Header.Get("x-amz-sns-topic-arn"))
	body := scnJSON(t, n.Body)
	assert.Equal(t, "UnsubscribeConfirmation", body["Type"])
	assert.Equal(t, arn, body["TopicArn"])
	assert.Equal(t, "You have chosen to deactivate subscription "+sub+".\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.", body["Message"])
	assert.NotEmpty(t, body["Token"])
	assert.Equal(t, "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="+arn+"&Token="+body["Token"].(string), body["SubscribeURL"])

	_, err = env.svc.GetSubscriptionAttributes(env.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub})
	scnRequireError(t, err, sns.ErrNotFoundException, "Subscription does not exist")
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "after"})
	require.NoError(t, err)
	assert.Empty(t, ep.ofType("Notification"))
}

// A subscription confirmed with AuthenticateOnUnsubscribe "true" refuses
// the unauthenticated UnsubscribeURL (AuthorizationError, 403) and stays;
// the authenticated Unsubscribe still works. Without the flag the
// UnsubscribeURL unsubscribes (ConfirmSubscription API reference:
// AuthenticateOnUnsubscribe disallows unauthenticated unsubscribes).
func TestAuthenticateOnUnsubscribeRefusesUnsubscribeURL(t *testing.T) {
	t.Run("with AuthenticateOnUnsubscribe", func(t *testing.T) {
		env, ep := scnHTTPSetup(t, 0)
		arn, sub := scnConfirmedHook(t, env, ep, "true")
		_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m"})
		require.NoError(t, err)
		notes := ep.ofType("Notification")
		require.Len(t, notes, 1)
		unsubURL := scnJSON(t, notes[0].Body)["UnsubscribeURL"].(string)
		assert.Equal(t, "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="+sub, unsubURL)

		rec := scnGet(env.svc, unsubURL)
		assert.Equal(t, http.StatusForbidden, rec.Code)
		assert.Contains(t, rec.Body.String(), "<Code>AuthorizationError</Code>")
		assert.Equal(t, "false", scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributePendingConfirmation])
		assert.Empty(t, ep.ofType("UnsubscribeConfirmation"))

		_, err = env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
		require.NoError(t, err)
		_, err = env.svc.GetSubscriptionAttributes(env.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub})
		require.ErrorIs(t, err, sns.ErrNotFoundException)
	})
	t.Run("without", func(t *testing.T) {
		env, ep := scnHTTPSetup(t, 0)
		_, sub := scnConfirmedHook(t, env, ep, "false")
		rec := scnGet(env.svc, "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="+sub)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		_, err := env.svc.GetSubscriptionAttributes(env.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub})
		require.ErrorIs(t, err, sns.ErrNotFoundException)
		assert.Len(t, ep.ofType("UnsubscribeConfirmation"), 1)
	})
}

// ConfirmSubscription's AuthenticateOnUnsubscribe is a boolean string;
// anything else is InvalidParameter (SNS API model).
func TestAuthenticateOnUnsubscribeMustBeBoolean(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	arn := scnTopic(t, env.svc, "orders", nil)
	sub := scnSubscribe(t, env.svc, arn, sns.ProtocolHTTPS, scnHookURL, nil)
	token := scnJSON(t, ep.requests[0].Body)["Token"].(string)
	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token, AuthenticateOnUnsubscribe: "yes"})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Equal(t, "true", scnSubAttrs(t, env.svc, sub)[sns.SubscriptionAttributePendingConfirmation])
}

// Subscribing a pending endpoint again sends it a new confirmation
// request.
func TestSubscribingAPendingEndpointAgainSendsANewConfirmation(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	in := &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://h.example.com/"}
	for range 2 {
		_, err := e.svc.Subscribe(e.ctx, in)
		require.NoError(t, err)
	}
	assert.Len(t, e.web.requests("SubscriptionConfirmation", ""), 2)
}

// AWS refuses to unsubscribe a pending subscription (Amazon SNS Developer
// Guide: "Deleting an Amazon SNS subscription and topic"; SNS answers
// InvalidParameter "Cannot unsubscribe a subscription that is pending
// confirmation").
func TestPendingSubscriptionCannotBeUnsubscribed(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	out, err := e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://h.example.com/", ReturnSubscriptionArn: true})
	require.NoError(t, err)
	_, err = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: out.SubscriptionArn})
	assert.ErrorIs(t, err, sns.ErrInvalidParameterException)
}

// Restoring through the UnsubscribeConfirmation after the endpoint
// subscribed again keeps the one subscription: one endpoint, one delivery.
func TestRestoreKeepsAnEndpointSubscribedAgain(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://hooks.example.com/x"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, nil)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	e.subscribe(topic, sns.ProtocolHTTPS, ep, nil) // subscribes again, confirmed
	rec := httptest.NewRecorder()
	e.svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, notice.SubscribeURL, nil))
	e.publish(sns.PublishInput{TopicArn: topic, Message: "once"})
	assert.Len(t, e.web.requests("Notification", ep), 1, "one endpoint, one subscription, one delivery")
}

// A restore refused for the filter-policy limit leaves the
// UnsubscribeConfirmation's token usable: a refused request changes
// nothing.
func TestRefusedRestoreKeepsItsToken(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://hooks.example.com/x"
	fp := map[string]string{sns.SubscriptionAttributeFilterPolicy: `{"a":["b"]}`}
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, fp)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	var last string
	for i := range sns.MaxFilterPolicies {
		last = e.subscribe(topic, sns.ProtocolSMS, "+1555000"+time.Duration(i).String()[:len(time.Duration(i).String())-2], fp)
	}
	_, err = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: notice.Token})
	require.ErrorIs(t, err, sns.ErrFilterPolicyLimitExceededException)
	_, err = e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: last})
	require.NoError(t, err)
	_, err = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: notice.Token})
	assert.NoError(t, err, "the refused restore must leave the token usable")
}

// After a pending endpoint subscribes again, the retries of its first
// SubscriptionConfirmation stop: every token the endpoint receives
// confirms.
func TestAConfirmationRequestIsNotRetriedWithAnOldToken(t *testing.T) {
	var up atomic.Bool
	e := dlvSetup(t, func(*http.Request) int {
		if up.Load() {
			return 200
		}
		return 500
	})
	topic := e.topic("t", nil)
	in := &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://h.example.com/"}
	_, err := e.svc.Subscribe(e.ctx, in) // fails; retried in 20 s
	require.NoError(t, err)
	e.clk.Advance(10 * time.Second)
	_, err = e.svc.Subscribe(e.ctx, in) // new token; fails; retried in 20 s
	require.NoError(t, err)
	up.Store(true)
	e.clk.Advance(15 * time.Second) // the first request's retry arrives
	reqs := e.web.requests("SubscriptionConfirmation", "")
	got := dlvParse(t, reqs[len(reqs)-1].Body)
	_, err = e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: got.Token})
	assert.NoError(t, err, "SNS delivered this token at %s; it must confirm", reqs[len(reqs)-1].At)
}

// An UnsubscribeConfirmation token dies with its topic: after DeleteTopic
// and CreateTopic of the same name, it restores nothing onto the new topic.
func TestRestoreTokenDiesWithItsTopic(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://h.example.com/"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, nil)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	_, err = e.svc.DeleteTopic(e.ctx, &sns.DeleteTopicInput{TopicArn: topic})
	require.NoError(t, err)
	e.topic("t", nil)
	rec := httptest.NewRecorder()
	e.svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, notice.SubscribeURL, nil))
	e.publish(sns.PublishInput{TopicArn: topic, Message: "new topic's message"})
	assert.Len(t, e.web.requests("Notification", ep), 0, "a token of the deleted topic subscribed the new one")
}

// Restoring through the UnsubscribeConfirmation after the endpoint
// subscribed again (pending) confirms that subscription: the endpoint
// proved it owns the token.
func TestRestoreConfirmsAPendingResubscription(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	ep := "https://h.example.com/"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, ep, nil)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notice := dlvParse(t, e.web.requests("UnsubscribeConfirmation", ep)[0].Body)
	_, err = e.svc.Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: ep}) // pending
	require.NoError(t, err)
	out, err := e.svc.ConfirmSubscription(e.ctx, &sns.ConfirmSubscriptionInput{TopicArn: topic, Token: notice.Token})
	require.NoError(t, err)
	a, err := e.svc.GetSubscriptionAttributes(e.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: out.SubscriptionArn})
	require.NoError(t, err)
	assert.Equal(t, "false", a.Attributes["PendingConfirmation"], "ConfirmSubscription succeeded; the subscription is still pending")
}

// The UnsubscribeConfirmation an HTTP/S endpoint gets after Unsubscribe
// carries a SubscribeURL that restores the subscription: its Message says
// so ("To cancel this operation and restore the subscription, visit the
// SubscribeURL included in this message", AWS's wording, which the
// simulator sends), and Service.Unsubscribe's doc says the endpoint "could
// subscribe again" with it. After visiting it the endpoint gets
// notifications again.
func TestUnsubscribeConfirmationSubscribeURLRestoresTheSubscription(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	endpoint := "https://hooks.example.com/back"
	sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
	_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
	require.NoError(t, err)
	notices := e.web.requests("UnsubscribeConfirmation", endpoint)
	require.Len(t, notices, 1)
	notice := dlvParse(t, notices[0].Body)
	assert.Contains(t, notice.Message, "restore the subscription, visit the SubscribeURL")
	require.NotEmpty(t, notice.SubscribeURL)

	rec := httptest.NewRecorder()
	e.svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, notice.SubscribeURL, nil))
	assert.Equal(t, http.StatusOK, rec.Code, "%s", rec.Body)

	e.publish(sns.PublishInput{TopicArn: topic, Message: "welcome back"})
	reqs := e.web.requests("Notification", endpoint)
	require.Len(t, reqs, 1, "the restored subscription gets notifications")
	assert.Equal(t, "welcome back", dlvParse(t, reqs[0].Body).Message)
}
