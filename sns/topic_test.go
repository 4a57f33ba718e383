package sns_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of topics (Amazon SNS API Reference: CreateTopic,
// DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes and the
// tagging operations). The scn… helpers below
// are shared by topic_test.go, subscription_test.go and publish_test.go;
// the prefix keeps them apart from the helpers of the other test files of
// the package.

// scnStart is the instant every scenario starts at.
var scnStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// scnAccount and scnRegion are the defaults of sns.New, which the
// scenarios rely on.
const (
	scnAccount = "000000000000"
	scnRegion  = "us-east-1"
)

// scnTopicARN is the ARN a topic of that name gets in the default region
// and account.
func scnTopicARN(name string) string {
	return "arn:aws:sns:" + scnRegion + ":" + scnAccount + ":" + name
}

// scnQueueARN is the ARN of an SQS queue of that name in the default
// region and account.
func scnQueueARN(name string) string {
	return "arn:aws:sqs:" + scnRegion + ":" + scnAccount + ":" + name
}

// scnEnv is one scenario's world: an SNS service with history, connected
// to an SQS service, both on one virtual clock.
type scnEnv struct {
	svc    *sns.Service
	queues *sqs.Service
	clk    *sim.Clock
	ctx    context.Context
}

// scnSetup returns a scenario world on a virtual clock reading scnStart.
// opts are added after the clock, the SQS connection and history.
func scnSetup(t *testing.T, opts ...sns.Option) *scnEnv {
	t.Helper()
	clk := sim.NewClock(scnStart)
	queues := sqs.New(sqs.WithClock(clk))
	base := []sns.Option{sns.WithAccount(queues.Account()), sns.WithHistory()}
	return &scnEnv{
		svc:    sns.New(append(base, opts...)...),
		queues: queues,
		clk:    clk,
		ctx:    context.Background(),
	}
}

// scnTopic creates a topic and returns its ARN.
func scnTopic(t *testing.T, svc *sns.Service, name string, attrs map[string]string) string {
	t.Helper()
	out, err := svc.CreateTopic(context.Background(), &sns.CreateTopicInput{Name: name, Attributes: attrs})
	require.NoError(t, err)
	return out.TopicArn
}

// scnFifoTopic creates a FIFO topic (name must end in .fifo) with extra
// attributes and returns its ARN.
func scnFifoTopic(t *testing.T, svc *sns.Service, name string, attrs map[string]string) string {
	t.Helper()
	all := map[string]string{sns.TopicAttributeFifoTopic: "true"}
	for k, v := range attrs {
		all[k] = v
	}
	return scnTopic(t, svc, name, all)
}

// scnTopicAttrs returns every attribute of a topic.
func scnTopicAttrs(t *testing.T, svc *sns.Service, arn string) map[string]string {
	t.Helper()
	out, err := svc.GetTopicAttributes(context.Background(), &sns.GetTopicAttributesInput{TopicArn: arn})
	require.NoError(t, err)
	return out.Attributes
}

// scnCounters returns a topic's SubscriptionsConfirmed, …Pending and
// …Deleted.
func scnCounters(t *testing.T, svc *sns.Service, arn string) [3]string {
	t.Helper()
	a := scnTopicAttrs(t, svc, arn)
	return [3]string{a[sns.TopicAttributeSubscriptionsConfirmed], a[sns.TopicAttributeSubscriptionsPending], a[sns.TopicAttributeSubscriptionsDeleted]}
}

// scnQueue creates an SQS queue (FIFO when its name ends in .fifo) and
// returns its URL and ARN.
func scnQueue(t *testing.T, queues *sqs.Service, name string) (url, arn string) {
	t.Helper()
	var attrs map[string]string
	if strings.HasSuffix(name, ".fifo") {
		attrs = map[string]string{sqs.AttributeFifoQueue: "true"}
	}
	out, err := queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
	require.NoError(t, err)
	return out.QueueUrl, scnQueueARN(name)
}

// scnReceive short-polls up to 10 messages of a queue with all their
// attributes, hiding them for an hour so that a second call returns the
// next ones.
func scnReceive(t *testing.T, queues *sqs.Service, url string) []sqs.Message {
	t.Helper()
	out, err := queues.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: 10, WaitTime: sqs.Duration(0), VisibilityTimeout: sqs.Duration(time.Hour),
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll}, MessageAttributeNames: []string{"All"},
	})
	require.NoError(t, err)
	return out.Messages
}

// scnSubscribe subscribes an endpoint and returns the output's
// SubscriptionArn (the real ARN: ReturnSubscriptionArn is set).
func scnSubscribe(t *testing.T, svc *sns.Service, topicARN, protocol, endpoint string, attrs map[string]string) string {
	t.Helper()
	out, err := svc.Subscribe(context.Background(), &sns.SubscribeInput{
		TopicArn: topicARN, Protocol: protocol, Endpoint: endpoint, Attributes: attrs, ReturnSubscriptionArn: true,
	})
	require.NoError(t, err)
	return out.SubscriptionArn
}

// scnSubAttrs returns every attribute of a subscription.
func scnSubAttrs(t *testing.T, svc *sns.Service, arn string) map[string]string {
	t.Helper()
	out, err := svc.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{SubscriptionArn: arn})
	require.NoError(t, err)
	return out.Attributes
}

// scnRequireError asserts that err is the sentinel's code with exactly the
// message want ("" skips the message: for wording AWS has not been
// recorded with), and with the sentinel's HTTP status.
func scnRequireError(t *testing.T, err error, sentinel *sns.Error, want string) {
	t.Helper()
	require.Error(t, err)
	var e *sns.Error
	require.True(t, errors.As(err, &e), "not an *sns.Error: %v", err)
	assert.Equal(t, sentinel.Code, e.Code, "code of %v", err)
	assert.Equal(t, sentinel.StatusCode, e.StatusCode, "status of %v", err)
	if want != "" {
		assert.Equal(t, want, e.Message)
	}
}

// scnState is everything a caller can observe of a service, to check that
// a refused request changed nothing.
type scnState struct {
	Topics     []string
	TopicAttrs map[string]map[string]string
	TopicTags  map[string][]sns.Tag
	Subs       []sns.Subscription
	SubAttrs   map[string]map[string]string
	Messages   []sns.PublishedMessage
	Deliveries []sns.DeliveryAttempt
	Outbox     []sns.OutboxMessage
	Pending    []sns.PendingConfirmation
	Stats      sns.Stats
}

// scnSnapshot reads the observable state of svc through the API and the
// Inspector.
func scnSnapshot(t *testing.T, svc *sns.Service) scnState {
	t.Helper()
	ctx := context.Background()
	st := scnState{TopicAttrs: map[string]map[string]string{}, TopicTags: map[string][]sns.Tag{}, SubAttrs: map[string]map[string]string{}}
	st.Topics = scnAllTopics(t, svc)
	for _, arn := range st.Topics {
		st.TopicAttrs[arn] = scnTopicAttrs(t, svc, arn)
		tags, err := svc.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: arn})
		require.NoError(t, err)
		st.TopicTags[arn] = tags.Tags
	}
	token := ""
	for {
		out, err := svc.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{NextToken: token})
		require.NoError(t, err)
		st.Subs = append(st.Subs, out.Subscriptions...)
		if token = out.NextToken; token == "" {
			break
		}
	}
	in := svc.Inspect()
	st.Pending = in.PendingConfirmations()
	for _, p := range st.Pending {
		st.SubAttrs[p.SubscriptionARN] = scnSubAttrs(t, svc, p.SubscriptionARN)
	}
	for _, s := range st.Subs {
		if s.SubscriptionArn != "pending confirmation" && s.SubscriptionArn != "PendingConfirmation" {
			st.SubAttrs[s.SubscriptionArn] = scnSubAttrs(t, svc, s.SubscriptionArn)
		}
	}
	st.Messages, st.Deliveries, st.Outbox, st.Stats = in.Messages(), in.Deliveries(), in.Outbox(), in.Stats()
	return st
}

// scnAllTopics lists every topic, following NextToken.
func scnAllTopics(t *testing.T, svc *sns.Service) []string {
	t.Helper()
	var all []string
	token := ""
	for {
		out, err := svc.ListTopics(context.Background(), &sns.ListTopicsInput{NextToken: token})
		require.NoError(t, err)
		all = append(all, out.Topics...)
		if token = out.NextToken; token == "" {
			return all
		}
	}
}

// scnHTTPRequest is one request an scnEndpoint received.
type scnHTTPRequest struct {
	Method string
	URL    string
	Header http.Header
	Body   string
	At     time.Time
}

// scnEndpoint is an HTTP subscriber: an http.Handler that records every
// request with the virtual time it arrived at and answers with status
// (200 when zero). It runs on the goroutine that publishes or advances
// the clock, so it needs no lock in single-goroutine scenarios.
type scnEndpoint struct {
	clk      *sim.Clock
	status   int
	requests []scnHTTPRequest
}

func (e *scnEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e.requests = append(e.requests, scnHTTPRequest{Method: r.Method, URL: r.URL.String(), Header: r.Header.Clone(), Body: string(body), At: e.clk.Now()})
	if e.status != 0 {
		w.WriteHeader(e.status)
	}
}

// ofType returns the requests whose x-amz-sns-message-type is typ.
func (e *scnEndpoint) ofType(typ string) []scnHTTPRequest {
	var out []scnHTTPRequest
	for _, r := range e.requests {
		if r.Header.Get("x-amz-sns-message-type") == typ {
			out = append(out, r)
		}
	}
	return out
}

// CreateTopic: names are 1-256 of [A-Za-z0-9_-]; a FIFO topic's name ends
// in .fifo (counted in the 256) and needs FifoTopic "true"; a standard name
// must not end in .fifo. Every violation is InvalidParameter "Invalid
// parameter: Topic Name" (Amazon SNS API Reference: CreateTopic).
func TestCreateTopicNameRules(t *testing.T) {
	fifo := map[string]string{sns.TopicAttributeFifoTopic: "true"}
	cases := []struct {
		name  string
		topic string
		attrs map[string]string
		ok    bool
	}{
		{"standard 256 chars", strings.Repeat("a", 256), nil, true},
		{"standard 257 chars", strings.Repeat("a", 257), nil, false},
		{"letters digits hyphen underscore", "Orders-2_x", nil, true},
		{"one char", "a", nil, true},
		{"empty", "", nil, false},
		{"space", "my topic", nil, false},
		{"dot", "my.topic", nil, false},
		{"colon", "my:topic", nil, false},
		{"non-ASCII letter", "café", nil, false},
		{"standard with .fifo suffix", "orders.fifo", nil, false},
		{"FifoTopic false with .fifo suffix", "orders.fifo", map[string]string{sns.TopicAttributeFifoTopic: "false"}, false},
		{"FifoTopic false, plain name", "orders", map[string]string{sns.TopicAttributeFifoTopic: "false"}, true},
		{"fifo without .fifo suffix", "orders", fifo, false},
		{"fifo 256 chars with suffix", strings.Repeat("f", 251) + ".fifo", fifo, true},
		{"fifo 257 chars with suffix", strings.Repeat("f", 252) + ".fifo", fifo, false},
		{"fifo suffix only", ".fifo", fifo, false},
		{"fifo with dot before suffix", "a.b.fifo", fifo, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			out, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: tc.topic, Attributes: tc.attrs})
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, scnTopicARN(tc.topic), out.TopicArn)
				assert.Equal(t, []string{out.TopicArn}, scnAllTopics(t, env.svc))
				return
			}
			scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Topic Name")
			assert.Empty(t, scnAllTopics(t, env.svc), "a refused name creates no topic")
		})
	}
}

// CreateTopic with a FifoTopic value other than true or false is refused
// and creates nothing (Amazon SNS API Reference: CreateTopic: FifoTopic
// is true or false).
func TestCreateTopicFifoTopicMustBeBoolean(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders.fifo", Attributes: map[string]string{sns.TopicAttributeFifoTopic: "yes"}})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Empty(t, scnAllTopics(t, env.svc))
}

// CreateTopic is idempotent: the same name returns the same ARN and makes
// no second topic, with or without the attributes and tags it was created
// with (Amazon SNS API Reference: CreateTopic: "this action is
// idempotent").
func TestCreateTopicIsIdempotent(t *testing.T) {
	env := scnSetup(t)
	attrs := map[string]string{sns.TopicAttributeDisplayName: "Orders"}
	tags := []sns.Tag{{Key: "team", Value: "shop"}}
	first, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Attributes: attrs, Tags: tags})
	require.NoError(t, err)

	for _, in := range []*sns.CreateTopicInput{
		{Name: "orders", Attributes: attrs, Tags: tags},
		{Name: "orders", Attributes: attrs},
		{Name: "orders"},
	} {
		again, err := env.svc.CreateTopic(env.ctx, in)
		require.NoError(t, err)
		assert.Equal(t, first.TopicArn, again.TopicArn)
	}
	assert.Equal(t, []string{first.TopicArn}, scnAllTopics(t, env.svc))
	assert.Equal(t, "Orders", scnTopicAttrs(t, env.svc, first.TopicArn)[sns.TopicAttributeDisplayName])
}

// CreateTopic of an existing name with a different attribute value fails
// with "Invalid parameter: Attributes Reason: Topic already exists with
// different attributes", and with a different tag value with "Invalid
// parameter: Tags Reason: Topic already exists with different tags"
// (Amazon SNS API Reference: CreateTopic). The existing topic is
// unchanged.
func TestCreateTopicWithDifferentAttributesOrTagsFails(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", map[string]string{sns.TopicAttributeDisplayName: "Orders"})
	_, err := env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{{Key: "team", Value: "shop"}}})
	require.NoError(t, err)
	before := scnSnapshot(t, env.svc)

	_, err = env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Attributes: map[string]string{sns.TopicAttributeDisplayName: "Other"}})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Attributes Reason: Topic already exists with different attributes")

	_, err = env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Attributes: map[string]string{sns.TopicAttributeSignatureVersion: "2"}})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Attributes Reason: Topic already exists with different attributes")

	_, err = env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Tags: []sns.Tag{{Key: "team", Value: "billing"}}})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Tags Reason: Topic already exists with different tags")

	assert.Equal(t, before, scnSnapshot(t, env.svc))
}

// DeleteTopic is idempotent: deleting a topic twice, or one that never
// existed, succeeds; afterwards GetTopicAttributes is NotFound "Topic does
// not exist" (404) (Amazon SNS API Reference: DeleteTopic).
func TestDeleteTopicIsIdempotent(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	for range 2 {
		_, err := env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: arn})
		require.NoError(t, err)
	}
	_, err := env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: scnTopicARN("never-created")})
	require.NoError(t, err)

	_, err = env.svc.GetTopicAttributes(env.ctx, &sns.GetTopicAttributesInput{TopicArn: arn})
	scnRequireError(t, err, sns.ErrNotFoundException, "Topic does not exist")
	assert.Empty(t, scnAllTopics(t, env.svc))
}

// Operations on a topic ARN with fewer than six colon-separated elements
// are InvalidParameter "Invalid parameter: TopicArn Reason: An ARN must
// have at least 6 elements, not N"; six elements that are not an ARN
// ("arn:partition:service:region:account-id:resource", IAM User Guide:
// "Identify AWS resources with Amazon Resource Names (ARNs)") are
// InvalidParameter "Invalid parameter: TopicArn".
func TestMalformedTopicArnIsRefused(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.GetTopicAttributes(env.ctx, &sns.GetTopicAttributesInput{TopicArn: "arn:aws:sns:us-east-1"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 4")
	_, err = env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: "orders"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1")
	// Six elements that are still not an ARN.
	_, err = env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: "a:b:c:d:e:f"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: TopicArn")
}

// DeleteTopic deletes all the topic's subscriptions, confirmed and pending
// (Amazon SNS API Reference: DeleteTopic): they leave the lists and their
// attributes are NotFound; a topic created again under the same name
// starts with none.
func TestDeleteTopicRemovesItsSubscriptions(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	other := scnTopic(t, env.svc, "other", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	sqsSub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	mailSub := scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "ops@example.com", nil)
	kept := scnSubscribe(t, env.svc, other, sns.ProtocolSQS, qarn, nil)

	_, err := env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: arn})
	require.NoError(t, err)

	for _, sub := range []string{sqsSub, mailSub} {
		_, err := env.svc.GetSubscriptionAttributes(env.ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub})
		scnRequireError(t, err, sns.ErrNotFoundException, "Subscription does not exist")
	}
	list, err := env.svc.ListSubscriptions(env.ctx, &sns.ListSubscriptionsInput{})
	require.NoError(t, err)
	require.Len(t, list.Subscriptions, 1)
	assert.Equal(t, kept, list.Subscriptions[0].SubscriptionArn)
	assert.Empty(t, env.svc.Inspect().PendingConfirmations())

	again := scnTopic(t, env.svc, "orders", nil)
	require.Equal(t, arn, again)
	byTopic, err := env.svc.ListSubscriptionsByTopic(env.ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: again})
	require.NoError(t, err)
	assert.Empty(t, byTopic.Subscriptions)
	assert.Equal(t, [3]string{"0", "0", "0"}, scnCounters(t, env.svc, again))
}

// ListTopics returns up to 100 topics per page with a NextToken while more
// follow (Amazon SNS API Reference: ListTopics); the pages together list
// every topic once.
func TestListTopicsPagesOf100(t *testing.T) {
	env := scnSetup(t)
	var want []string
	for i := range 250 {
		want = append(want, scnTopic(t, env.svc, fmt.Sprintf("t%03d", i), nil))
	}
	var sizes []int
	var got []string
	token := ""
	for {
		out, err := env.svc.ListTopics(env.ctx, &sns.ListTopicsInput{NextToken: token})
		require.NoError(t, err)
		sizes = append(sizes, len(out.Topics))
		got = append(got, out.Topics...)
		if token = out.NextToken; token == "" {
			break
		}
	}
	assert.Equal(t, []int{100, 100, 50}, sizes)
	assert.Equal(t, want, got, "every topic once, in creation order")
}

// A listing continues correctly when topics are deleted between pages:
// no live topic is skipped or listed twice, even when the topic the next
// page would have started with is gone (Amazon SNS API Reference:
// ListTopics, NextToken).
func TestListTopicsPagingSurvivesDeletionsBetweenPages(t *testing.T) {
	env := scnSetup(t)
	var arns []string
	for i := range 250 {
		arns = append(arns, scnTopic(t, env.svc, fmt.Sprintf("t%03d", i), nil))
	}
	first, err := env.svc.ListTopics(env.ctx, &sns.ListTopicsInput{})
	require.NoError(t, err)
	require.Equal(t, arns[:100], first.Topics)

	// Delete one already listed, the first of the next page, and one in
	// the middle of it.
	for _, i := range []int{50, 100, 150} {
		_, err := env.svc.DeleteTopic(env.ctx, &sns.DeleteTopicInput{TopicArn: arns[i]})
		require.NoError(t, err)
	}
	second, err := env.svc.ListTopics(env.ctx, &sns.ListTopicsInput{NextToken: first.NextToken})
	require.NoError(t, err)
	require.Len(t, second.Topics, 100)
	assert.Equal(t, arns[101], second.Topics[0])
	assert.NotContains(t, second.Topics, arns[150])
	third, err := env.svc.ListTopics(env.ctx, &sns.ListTopicsInput{NextToken: second.NextToken})
	require.NoError(t, err)
	assert.Empty(t, third.NextToken)

	seen := append(append(slices.Clone(first.Topics), second.Topics...), third.Topics...)
	var live []string
	for i, a := range arns {
		if i != 100 && i != 150 {
			live = append(live, a)
		}
	}
	assert.Equal(t, live, seen, "each topic listed once; deleted topics not yet listed are not listed")
}

// A NextToken that no listing returned is refused with InvalidParameter
// (Amazon SNS API Reference: ListTopics, Errors).
func TestListTopicsRefusesMalformedNextToken(t *testing.T) {
	env := scnSetup(t)
	scnTopic(t, env.svc, "orders", nil)
	_, err := env.svc.ListTopics(env.ctx, &sns.ListTopicsInput{NextToken: "not-a-token"})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
}

// scnDefaultPolicy is AWS's default access policy of a topic, byte for byte
// as GetTopicAttributes returns it (the same string appears in real
// get-topic-attributes output).
func scnDefaultPolicy(arn string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},` +
		`"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],` +
		`"Resource":"` + arn + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + scnAccount + `"}}}]}`
}

// scnDefaultEffectiveDeliveryPolicy is the EffectiveDeliveryPolicy of a
// topic without a DeliveryPolicy, byte for byte, as GetTopicAttributes
// returns it.
const scnDefaultEffectiveDeliveryPolicy = `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`

// A new standard topic's attributes are exactly AWS's defaults:
// DisplayName "", Owner, the default Policy and EffectiveDeliveryPolicy
// byte for byte, zero counters and TopicArn; SignatureVersion 1 is
// omitted and there is no FifoTopic (Amazon SNS API Reference:
// GetTopicAttributes).
func TestGetTopicAttributesDefaultsOfStandardTopic(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	assert.Equal(t, map[string]string{
		"DisplayName":             "",
		"Owner":                   scnAccount,
		"Policy":                  scnDefaultPolicy(arn),
		"EffectiveDeliveryPolicy": scnDefaultEffectiveDeliveryPolicy,
		"SubscriptionsConfirmed":  "0",
		"SubscriptionsPending":    "0",
		"SubscriptionsDeleted":    "0",
		"TopicArn":                arn,
	}, scnTopicAttrs(t, env.svc, arn))
}

// A new FIFO topic has the standard defaults plus FifoTopic "true" and
// ContentBasedDeduplication "false" (Amazon SNS API Reference:
// GetTopicAttributes).
func TestGetTopicAttributesDefaultsOfFifoTopic(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	assert.Equal(t, map[string]string{
		"DisplayName":               "",
		"Owner":                     scnAccount,
		"Policy":                    scnDefaultPolicy(arn),
		"EffectiveDeliveryPolicy":   scnDefaultEffectiveDeliveryPolicy,
		"SubscriptionsConfirmed":    "0",
		"SubscriptionsPending":      "0",
		"SubscriptionsDeleted":      "0",
		"TopicArn":                  arn,
		"FifoTopic":                 "true",
		"ContentBasedDeduplication": "false",
	}, scnTopicAttrs(t, env.svc, arn))
}

// A topic's DeliveryPolicy is shown as set, and EffectiveDeliveryPolicy
// merges it with the defaults: the retry policy given, the throttle after
// disableSubscriptionOverrides, the default request policy (Amazon SNS
// Developer Guide: "Amazon SNS message delivery retries", "Creating an
// HTTP/S delivery policy").
func TestTopicDeliveryPolicyShowsInEffectiveDeliveryPolicy(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	policy := `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":60,"numRetries":10,"backoffFunction":"exponential"},"defaultThrottlePolicy":{"maxReceivesPerSecond":3}}}`
	_, err := env.svc.SetTopicAttributes(env.ctx, &sns.SetTopicAttributesInput{TopicArn: arn, AttributeName: sns.TopicAttributeDeliveryPolicy, AttributeValue: policy})
	require.NoError(t, err)
	attrs := scnTopicAttrs(t, env.svc, arn)
	assert.Equal(t, policy, attrs[sns.TopicAttributeDeliveryPolicy])
	assert.Equal(t, `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":60,"numRetries":10,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"exponential"},"disableSubscriptionOverrides":false,"defaultThrottlePolicy":{"maxReceivesPerSecond":3},"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`,
		attrs[sns.TopicAttributeEffectiveDeliveryPolicy])
}

// SubscriptionsConfirmed, SubscriptionsPending and SubscriptionsDeleted
// follow every change exactly: a same-account SQS subscription is
// confirmed at once, an email one is pending until confirmed, and an
// unsubscribe or the deletion of an unconfirmed subscription after three
// days counts as deleted (Amazon SNS API Reference: GetTopicAttributes;
// AWS's counters are approximate, the simulator keeps them exact).
func TestTopicSubscriptionCountersAreExact(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, qarn := scnQueue(t, env.queues, "q")
	assert.Equal(t, [3]string{"0", "0", "0"}, scnCounters(t, env.svc, arn))

	sqsSub := scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	assert.Equal(t, [3]string{"1", "0", "0"}, scnCounters(t, env.svc, arn))

	scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "a@example.com", nil)
	scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "b@example.com", nil)
	assert.Equal(t, [3]string{"1", "2", "0"}, scnCounters(t, env.svc, arn))

	// Subscribing the same endpoint again counts nothing.
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	assert.Equal(t, [3]string{"1", "2", "0"}, scnCounters(t, env.svc, arn))

	outbox := env.svc.Inspect().Outbox()
	require.Len(t, outbox, 2)
	_, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: outbox[0].Token})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"2", "1", "0"}, scnCounters(t, env.svc, arn))

	_, err = env.svc.Unsubscribe(env.ctx, &sns.UnsubscribeInput{SubscriptionArn: sqsSub})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"1", "1", "1"}, scnCounters(t, env.svc, arn))

	env.clk.Advance(sns.PendingSubscriptionLifetime)
	assert.Equal(t, [3]string{"1", "0", "2"}, scnCounters(t, env.svc, arn))
}

// Each settable topic attribute takes its valid values, which
// GetTopicAttributes then shows, and refuses invalid ones with
// InvalidParameter, leaving the topic as it was (Amazon SNS API Reference:
// SetTopicAttributes, the settable attributes and their ranges).
func TestSetTopicAttributesValidAndInvalidValues(t *testing.T) {
	cases := []struct {
		name  string
		fifo  bool
		attr  string
		value string
		ok    bool
	}{
		{"DisplayName 100 chars", false, sns.TopicAttributeDisplayName, strings.Repeat("d", 100), true},
		{"DisplayName 101 chars", false, sns.TopicAttributeDisplayName, strings.Repeat("d", 101), false},
		{"Policy JSON", false, sns.TopicAttributePolicy, `{"Version":"2012-10-17","Statement":[]}`, true},
		{"Policy not JSON", false, sns.TopicAttributePolicy, `{"Version":`, false},
		{"DeliveryPolicy valid", false, sns.TopicAttributeDeliveryPolicy, `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":10,"numRetries":5}}}`, true},
		{"DeliveryPolicy numRetries over 100", false, sns.TopicAttributeDeliveryPolicy, `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":10,"numRetries":101}}}`, false},
		{"DeliveryPolicy not JSON", false, sns.TopicAttributeDeliveryPolicy, `http`, false},
		{"SignatureVersion 1", false, sns.TopicAttributeSignatureVersion, "1", true},
		{"SignatureVersion 2", false, sns.TopicAttributeSignatureVersion, "2", true},
		{"SignatureVersion 3", false, sns.TopicAttributeSignatureVersion, "3", false},
		{"TracingConfig PassThrough", false, sns.TopicAttributeTracingConfig, "PassThrough", true},
		{"TracingConfig Active", false, sns.TopicAttributeTracingConfig, "Active", true},
		{"TracingConfig other", false, sns.TopicAttributeTracingConfig, "Sometimes", false},
		{"KmsMasterKeyId", false, sns.TopicAttributeKmsMasterKeyId, "alias/aws/sns", true},
		{"ContentBasedDeduplication on standard", false, sns.TopicAttributeContentBasedDeduplication, "true", false},
		{"ContentBasedDeduplication true on FIFO", true, sns.TopicAttributeContentBasedDeduplication, "true", true},
		{"ContentBasedDeduplication false on FIFO", true, sns.TopicAttributeContentBasedDeduplication, "false", true},
		{"ContentBasedDeduplication not boolean", true, sns.TopicAttributeContentBasedDeduplication, "yes", false},
		{"FifoThroughputScope MessageGroup", true, sns.TopicAttributeFifoThroughputScope, "MessageGroup", true},
		{"FifoThroughputScope Topic", true, sns.TopicAttributeFifoThroughputScope, "Topic", true},
		{"FifoThroughputScope other", true, sns.TopicAttributeFifoThroughputScope, "Queue", false},
		{"FifoThroughputScope on standard", false, sns.TopicAttributeFifoThroughputScope, "Topic", false},
		{"ArchivePolicy on FIFO", true, sns.TopicAttributeArchivePolicy, `{"MessageRetentionPeriod":"30"}`, true},
		{"ArchivePolicy on standard", false, sns.TopicAttributeArchivePolicy, `{"MessageRetentionPeriod":"30"}`, false},
		{"DataProtectionPolicy JSON", false, sns.TopicAttributeDataProtectionPolicy, `{"Name":"p"}`, true},
		{"DataProtectionPolicy not JSON", false, sns.TopicAttributeDataProtectionPolicy, `p`, false},
		{"HTTPSuccessFeedbackSampleRate 0", false, "HTTPSuccessFeedbackSampleRate", "0", true},
		{"SQSSuccessFeedbackSampleRate 100", false, "SQSSuccessFeedbackSampleRate", "100", true},
		{"LambdaSuccessFeedbackSampleRate 101", false, "LambdaSuccessFeedbackSampleRate", "101", false},
		{"HTTPSuccessFeedbackSampleRate not a number", false, "HTTPSuccessFeedbackSampleRate", "half", false},
		{"SQSFailureFeedbackRoleArn", false, "SQSFailureFeedbackRoleArn", "arn:aws:iam::000000000000:role/feedback", true},
		{"FifoTopic cannot be set", false, sns.TopicAttributeFifoTopic, "true", false},
		{"TopicArn is read-only", false, sns.TopicAttributeTopicArn, scnTopicARN("x"), false},
		{"SubscriptionsConfirmed is read-only", false, sns.TopicAttributeSubscriptionsConfirmed, "5", false},
		{"unknown attribute", false, "Colour", "blue", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnTopic(t, env.svc, "orders", nil)
			if tc.fifo {
				arn = scnFifoTopic(t, env.svc, "orders.fifo", nil)
			}
			before := scnTopicAttrs(t, env.svc, arn)
			_, err := env.svc.SetTopicAttributes(env.ctx, &sns.SetTopicAttributesInput{TopicArn: arn, AttributeName: tc.attr, AttributeValue: tc.value})
			if !tc.ok {
				require.ErrorIs(t, err, sns.ErrInvalidParameterException)
				assert.Equal(t, before, scnTopicAttrs(t, env.svc, arn), "a refused value changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.value, scnTopicAttrs(t, env.svc, arn)[tc.attr])
		})
	}
}

// TracingConfig Active is only supported on standard topics (SNS API
// reference, SetTopicAttributes and CreateTopic: "This is only supported
// on standard topics"), so a FIFO topic refuses it.
func TestTracingConfigActiveIsOnlyForStandardTopics(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	before := scnTopicAttrs(t, env.svc, arn)
	_, err := env.svc.SetTopicAttributes(env.ctx, &sns.SetTopicAttributesInput{TopicArn: arn, AttributeName: sns.TopicAttributeTracingConfig, AttributeValue: "Active"})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Equal(t, before, scnTopicAttrs(t, env.svc, arn))
}

// CreateTopic validates the attributes it is given as SetTopicAttributes
// does, with the "Attributes Reason" prefix, and creates nothing when one
// is invalid (Amazon SNS API Reference: CreateTopic).
func TestCreateTopicRefusesInvalidAttributes(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Attributes: map[string]string{
		sns.TopicAttributeDisplayName:      "Orders",
		sns.TopicAttributeSignatureVersion: "7",
	}})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.True(t, strings.HasPrefix(err.(*sns.Error).Message, "Invalid parameter: Attributes Reason: "), err.Error())
	assert.Empty(t, scnAllTopics(t, env.svc))
}

// SetTopicAttributes on a topic that does not exist is NotFound "Topic
// does not exist" (Amazon SNS API Reference: SetTopicAttributes, Errors).
func TestSetTopicAttributesOfMissingTopicIsNotFound(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.SetTopicAttributes(env.ctx, &sns.SetTopicAttributesInput{TopicArn: scnTopicARN("nope"), AttributeName: sns.TopicAttributeDisplayName, AttributeValue: "x"})
	scnRequireError(t, err, sns.ErrNotFoundException, "Topic does not exist")
}

// scnTags returns n tags k00=v00, k01=v01, …
func scnTags(n int) []sns.Tag {
	tags := make([]sns.Tag, n)
	for i := range tags {
		tags[i] = sns.Tag{Key: fmt.Sprintf("k%02d", i), Value: fmt.Sprintf("v%02d", i)}
	}
	return tags
}

// scnListTags returns a topic's tags.
func scnListTags(t *testing.T, svc *sns.Service, arn string) []sns.Tag {
	t.Helper()
	out, err := svc.ListTagsForResource(context.Background(), &sns.ListTagsForResourceInput{ResourceArn: arn})
	require.NoError(t, err)
	return out.Tags
}

// A topic carries at most 50 tags: creating one with 51, or tagging one
// past 50, is TagLimitExceeded and changes nothing; replacing the value of
// a key it has does not count (SNS quotas: 50 tags per topic).
func TestTopicTagLimitIs50(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "too-many", Tags: scnTags(51)})
	require.ErrorIs(t, err, sns.ErrTagLimitExceededException)
	assert.Empty(t, scnAllTopics(t, env.svc))

	out, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Tags: scnTags(50)})
	require.NoError(t, err)
	arn := out.TopicArn
	_, err = env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{{Key: "k50", Value: "v"}}})
	require.ErrorIs(t, err, sns.ErrTagLimitExceededException)
	assert.Equal(t, scnTags(50), scnListTags(t, env.svc, arn))

	_, err = env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{{Key: "k07", Value: "seven"}}})
	require.NoError(t, err)
	tags := scnListTags(t, env.svc, arn)
	require.Len(t, tags, 50)
	assert.Equal(t, sns.Tag{Key: "k07", Value: "seven"}, tags[7])
}

// UntagResource removes the named keys and ignores unknown ones;
// ListTagsForResource returns the tags sorted by key (Amazon SNS API
// Reference: UntagResource, ListTagsForResource; the order is the
// simulator's, documented on ListTagsForResourceOutput).
func TestUntagResourceAndListTagsSorted(t *testing.T) {
	env := scnSetup(t)
	out, err := env.svc.CreateTopic(env.ctx, &sns.CreateTopicInput{Name: "orders", Tags: []sns.Tag{{Key: "zeta", Value: "1"}, {Key: "alpha", Value: "2"}}})
	require.NoError(t, err)
	arn := out.TopicArn
	_, err = env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{{Key: "mid", Value: "3"}}})
	require.NoError(t, err)
	assert.Equal(t, []sns.Tag{{Key: "alpha", Value: "2"}, {Key: "mid", Value: "3"}, {Key: "zeta", Value: "1"}}, scnListTags(t, env.svc, arn))

	_, err = env.svc.UntagResource(env.ctx, &sns.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"zeta", "missing"}})
	require.NoError(t, err)
	assert.Equal(t, []sns.Tag{{Key: "alpha", Value: "2"}, {Key: "mid", Value: "3"}}, scnListTags(t, env.svc, arn))

	_, err = env.svc.UntagResource(env.ctx, &sns.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"alpha", "mid"}})
	require.NoError(t, err)
	tags := scnListTags(t, env.svc, arn)
	assert.NotNil(t, tags)
	assert.Empty(t, tags)
}

// Tag keys are 1-128 characters and values at most 256 (AWS tagging
// rules); tagging a topic that does not exist is ResourceNotFound.
func TestTagRulesAndMissingTopic(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	cases := []struct {
		name string
		tag  sns.Tag
		ok   bool
	}{
		{"key 128", sns.Tag{Key: strings.Repeat("k", 128), Value: "v"}, true},
		{"key 129", sns.Tag{Key: strings.Repeat("k", 129), Value: "v"}, false},
		{"empty key", sns.Tag{Key: "", Value: "v"}, false},
		{"value 256", sns.Tag{Key: "v256", Value: strings.Repeat("v", 256)}, true},
		{"value 257", sns.Tag{Key: "v257", Value: strings.Repeat("v", 257)}, false},
		{"empty value", sns.Tag{Key: "empty", Value: ""}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := scnListTags(t, env.svc, arn)
			_, err := env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{tc.tag}})
			if tc.ok {
				require.NoError(t, err)
				assert.Contains(t, scnListTags(t, env.svc, arn), tc.tag)
				return
			}
			require.ErrorIs(t, err, sns.ErrInvalidParameterException)
			assert.Equal(t, before, scnListTags(t, env.svc, arn))
		})
	}

	missing := scnTopicARN("nope")
	_, err := env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: missing, Tags: scnTags(1)})
	require.ErrorIs(t, err, sns.ErrResourceNotFoundException)
	_, err = env.svc.UntagResource(env.ctx, &sns.UntagResourceInput{ResourceArn: missing, TagKeys: []string{"k00"}})
	require.ErrorIs(t, err, sns.ErrResourceNotFoundException)
	_, err = env.svc.ListTagsForResource(env.ctx, &sns.ListTagsForResourceInput{ResourceArn: missing})
	require.ErrorIs(t, err, sns.ErrResourceNotFoundException)
}

// A topic's ARN is arn:aws:sns:<region>:<account>:<name>, in the region
// and account the service was made with (Service Authorization
// Reference: "Actions, resources, and condition keys for Amazon SNS").
func TestTopicArnUsesRegionAndAccount(t *testing.T) {
	svc := sns.New(sns.WithClock(sim.NewClock(scnStart)), sns.WithRegion("eu-west-3"), sns.WithAccountID("123456789012"))
	arn := scnTopic(t, svc, "orders", nil)
	assert.Equal(t, "arn:aws:sns:eu-west-3:123456789012:orders", arn)
	attrs := scnTopicAttrs(t, svc, arn)
	assert.Equal(t, "123456789012", attrs[sns.TopicAttributeOwner])
	assert.Contains(t, attrs[sns.TopicAttributePolicy], `"AWS:SourceOwner":"123456789012"`)
	assert.Equal(t, arn, attrs[sns.TopicAttributeTopicArn])
}

// TagResource refuses two tags with the same key in one request with
// InvalidParameter "Invalid parameter: Duplicated keys are not allowed."
// (LocalStack's AWS-recorded snapshot of test_tags, "duplicate-key-error"),
// and keeps the topic's tags as they were.
func TestTagResourceRefusesDuplicateKeys(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	_, err := env.svc.TagResource(env.ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: []sns.Tag{{Key: "k1", Value: "v1"}, {Key: "k1", Value: "v2"}}})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: Duplicated keys are not allowed.")
	assert.Empty(t, scnListTags(t, env.svc, arn))
}

// CreateTopic again with an attribute at its default value is the same
// topic: the attributes are not different.
func TestCreateTopicAgainWithADefaultValueIsTheSameTopic(t *testing.T) {
	e := dlvSetup(t, nil)
	e.topic("x.fifo", map[string]string{sns.TopicAttributeFifoTopic: "true"})
	_, err := e.svc.CreateTopic(e.ctx, &sns.CreateTopicInput{Name: "x.fifo", Attributes: map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "false"}})
	assert.NoError(t, err, "ContentBasedDeduplication false is the topic's value")
}
