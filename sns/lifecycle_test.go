package sns_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sns"
)

// A panic in the fault injector (or an HTTP handler) while a FIFO topic's
// deliveries are being made reaches the caller and does not stop the
// topic: later publishes are delivered.
func TestPanicInADeliveryDoesNotStopTheTopic(t *testing.T) {
	var boom atomic.Bool
	boom.Store(true)
	e := dlvSetup(t, nil, sns.WithFaultInjector(func(sns.Fault) error {
		if boom.CompareAndSwap(true, false) {
			panic("injector bug")
		}
		return nil
	}))
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	func() {
		defer func() { _ = recover() }()
		_, _ = e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "first"})
	}()
	e.publish(sns.PublishInput{TopicArn: topic, Message: "after"})
	e.clk.Advance(time.Hour)
	assert.Len(t, e.receive(url), 1, "the second publish must be delivered")
	assert.Equal(t, 1, e.svc.Inspect().Stats().Delivered)
}

// A Publish from an HTTP handler of a standard topic to the same topic
// makes its first attempts before it returns, as every Publish does.
func TestPublishFromAHandlerDeliversBeforeItReturns(t *testing.T) {
	var e *dlvEnv
	var seenAtReturn atomic.Int32
	seenAtReturn.Store(-1)
	e = dlvSetup(t, func(r *http.Request) int {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("x-amz-sns-message-type") == "Notification" && dlvParse(t, b).Message == "first" {
			e.publish(sns.PublishInput{TopicArn: r.Header.Get("x-amz-sns-topic-arn"), Message: "second"})
			seenAtReturn.Store(int32(len(e.web.requests("Notification", ""))))
		}
		return 200
	})
	topic := e.topic("t", nil)
	e.subscribe(topic, sns.ProtocolHTTPS, "https://h.example.com/", nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "first"})
	assert.EqualValues(t, 2, seenAtReturn.Load(), "the inner Publish returned before delivering 'second'")
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

var _ = errors.New
