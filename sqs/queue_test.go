package sqs_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of standard queues: the queue operations. The std…
// helpers below are shared by queue_test.go, send_test.go,
// receive_test.go and batch_test.go.

// stdStart is the instant every standard-queue scenario starts at.
var stdStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// stdSetup returns a service on a virtual clock that reads stdStart.
func stdSetup(t *testing.T, opts ...sqs.Option) (*sqs.Service, *sim.Clock, context.Context) {
	t.Helper()
	clk := sim.NewClock(stdStart)
	svc := sqs.New(append([]sqs.Option{sqs.WithClock(clk)}, opts...)...)
	return svc, clk, context.Background()
}

// stdQueue creates a standard queue and returns its URL.
func stdQueue(t *testing.T, svc *sqs.Service, name string, attrs map[string]string) string {
	t.Helper()
	out, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
	require.NoError(t, err)
	return out.QueueUrl
}

// stdSend sends body to the queue and returns the output.
func stdSend(t *testing.T, svc *sqs.Service, url, body string) *sqs.SendMessageOutput {
	t.Helper()
	out, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: body})
	require.NoError(t, err)
	return out
}

// stdReceive short-polls the queue for up to max messages, with every
// system attribute, and returns them.
func stdReceive(t *testing.T, svc *sqs.Service, url string, max int) []sqs.Message {
	t.Helper()
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, MaxNumberOfMessages: max, WaitTime: sqs.Duration(0),
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll},
	})
	require.NoError(t, err)
	return out.Messages
}

// stdAttrs returns the named queue attributes.
func stdAttrs(t *testing.T, svc *sqs.Service, url string, names ...string) map[string]string {
	t.Helper()
	out, err := svc.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: names})
	require.NoError(t, err)
	return out.Attributes
}

// stdCounts returns ApproximateNumberOfMessages, …NotVisible and …Delayed.
func stdCounts(t *testing.T, svc *sqs.Service, url string) [3]string {
	t.Helper()
	a := stdAttrs(t, svc, url, sqs.AttributeApproximateNumberOfMessages,
		sqs.AttributeApproximateNumberOfMessagesNotVisible, sqs.AttributeApproximateNumberOfMessagesDelayed)
	return [3]string{a[sqs.AttributeApproximateNumberOfMessages],
		a[sqs.AttributeApproximateNumberOfMessagesNotVisible], a[sqs.AttributeApproximateNumberOfMessagesDelayed]}
}

// stdStatus returns the HTTP status of an *sqs.Error.
func stdStatus(t *testing.T, err error) int {
	t.Helper()
	var e *sqs.Error
	require.True(t, errors.As(err, &e), "not an *sqs.Error: %v", err)
	return e.StatusCode
}

// stdListQueues returns every queue URL.
func stdListQueues(t *testing.T, svc *sqs.Service) []string {
	t.Helper()
	out, err := svc.ListQueues(context.Background(), &sqs.ListQueuesInput{})
	require.NoError(t, err)
	return out.QueueUrls
}

const stdURLPrefix = "https://sqs.us-east-1.amazonaws.com/000000000000/"

// CreateQueue: names are 1-80 of [A-Za-z0-9_-]; a FIFO name ends in .fifo
// (counted in the 80) and a standard one must not (Amazon SQS API
// Reference: CreateQueue; Amazon SQS Developer Guide: "Amazon SQS FIFO
// queue quotas").
func TestCreateQueueNameRules(t *testing.T) {
	fifo := map[string]string{sqs.AttributeFifoQueue: "true"}
	cases := []struct {
		name  string
		queue string
		attrs map[string]string
		want  error // nil: created
	}{
		{"standard 80 chars", strings.Repeat("a", 80), nil, nil},
		{"standard 81 chars", strings.Repeat("a", 81), nil, sqs.ErrInvalidParameterValue},
		{"letters digits hyphen underscore", "Orders-2_x", nil, nil},
		{"space", "my queue", nil, sqs.ErrInvalidParameterValue},
		{"dot", "my.queue", nil, sqs.ErrInvalidParameterValue},
		{"empty", "", nil, sqs.ErrMissingParameter},
		{"standard with .fifo suffix", "orders.fifo", nil, sqs.ErrInvalidParameterValue},
		{"fifo without .fifo suffix", "orders", fifo, sqs.ErrInvalidParameterValue},
		{"fifo 80 chars with suffix", strings.Repeat("f", 75) + ".fifo", fifo, nil},
		{"fifo 81 chars with suffix", strings.Repeat("f", 76) + ".fifo", fifo, sqs.ErrInvalidParameterValue},
		{"fifo suffix only", ".fifo", fifo, sqs.ErrInvalidParameterValue},
		{"FifoQueue false", "orders", map[string]string{sqs.AttributeFifoQueue: "false"}, sqs.ErrInvalidAttributeName},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: tc.queue, Attributes: tc.attrs})
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, stdURLPrefix+tc.queue, out.QueueUrl)
				assert.Equal(t, []string{out.QueueUrl}, stdListQueues(t, svc))
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, out)
			assert.Empty(t, stdListQueues(t, svc), "a refused create makes no queue")
		})
	}
}

// CreateQueue is idempotent: the same name with the same attribute values
// returns the existing queue's URL (Amazon SQS API Reference:
// CreateQueue).
func TestCreateQueueWithSameAttributesReturnsSameURL(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	attrs := map[string]string{sqs.AttributeDelaySeconds: "5", sqs.AttributeVisibilityTimeout: "60"}
	url := stdQueue(t, svc, "orders", attrs)
	stdSend(t, svc, url, "kept")

	out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Attributes: attrs})
	require.NoError(t, err)
	assert.Equal(t, url, out.QueueUrl)
	assert.Equal(t, []string{url}, stdListQueues(t, svc))
	assert.Equal(t, "1", stdAttrs(t, svc, url, sqs.AttributeApproximateNumberOfMessagesDelayed)[sqs.AttributeApproximateNumberOfMessagesDelayed],
		"the existing queue, with its message, is returned")
}

// CreateQueue compares only the attributes supplied: no attributes for an
// existing queue with non-default ones returns its URL (Amazon SQS API
// Reference: CreateQueue).
func TestCreateQueueWithoutAttributesReturnsExistingQueue(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeVisibilityTimeout: "60"})

	out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	require.NoError(t, err)
	assert.Equal(t, url, out.QueueUrl)
	assert.Equal(t, "60", stdAttrs(t, svc, url, sqs.AttributeVisibilityTimeout)[sqs.AttributeVisibilityTimeout])

	// A subset of the attributes, with equal values, is the same queue too.
	out, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders",
		Attributes: map[string]string{sqs.AttributeVisibilityTimeout: "60", sqs.AttributeDelaySeconds: "0"}})
	require.NoError(t, err)
	assert.Equal(t, url, out.QueueUrl)
}

// CreateQueue with a supplied attribute whose value differs from the
// existing queue's fails with QueueAlreadyExists (Amazon SQS API
// Reference: CreateQueue).
func TestCreateQueueWithDifferentAttributeFails(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeVisibilityTimeout: "60", sqs.AttributeDelaySeconds: "5"})

	_, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders",
		Attributes: map[string]string{sqs.AttributeVisibilityTimeout: "60", sqs.AttributeDelaySeconds: "6"}})
	require.ErrorIs(t, err, sqs.ErrQueueNameExists)
	assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	assert.Contains(t, err.Error(), sqs.AttributeDelaySeconds)

	// A default value supplied explicitly differs from a non-default one.
	_, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders",
		Attributes: map[string]string{sqs.AttributeVisibilityTimeout: "30"}})
	require.ErrorIs(t, err, sqs.ErrQueueNameExists)

	assert.Equal(t, map[string]string{sqs.AttributeVisibilityTimeout: "60", sqs.AttributeDelaySeconds: "5"},
		stdAttrs(t, svc, url, sqs.AttributeVisibilityTimeout, sqs.AttributeDelaySeconds), "the queue is unchanged")
}

// A queue's name cannot be reused for 60 seconds after DeleteQueue:
// QueueDeletedRecently (Amazon SQS API Reference: DeleteQueue,
// CreateQueue).
func TestQueueNameReservedFor60SecondsAfterDelete(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeDelaySeconds: "5"})
	stdSend(t, svc, url, "gone with the queue")
	_, err := svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	require.NoError(t, err)

	clk.Advance(59 * time.Second)
	_, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	require.ErrorIs(t, err, sqs.ErrQueueDeletedRecently)
	assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	assert.Empty(t, stdListQueues(t, svc))

	clk.Advance(time.Second)
	out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
	require.NoError(t, err)
	assert.Equal(t, url, out.QueueUrl)
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url), "the new queue starts empty")
	assert.Equal(t, "0", stdAttrs(t, svc, url, sqs.AttributeDelaySeconds)[sqs.AttributeDelaySeconds],
		"the new queue does not inherit the old one's attributes")
}

// GetQueueUrl of a name no queue has fails with NonExistentQueue (Amazon
// SQS API Reference: GetQueueUrl).
func TestGetQueueUrlOfUnknownQueueFails(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	out, err := svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: "orders"})
	require.NoError(t, err)
	assert.Equal(t, url, out.QueueUrl)

	_, err = svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: "invoices"})
	require.ErrorIs(t, err, sqs.ErrQueueDoesNotExist)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", err.(*sqs.Error).Code)

	_, err = svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: "Orders"})
	require.ErrorIs(t, err, sqs.ErrQueueDoesNotExist, "queue names are case-sensitive")
}

// ListQueues filters by a case-sensitive name prefix (Amazon SQS API
// Reference: ListQueues).
func TestListQueuesFiltersByPrefix(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	for _, name := range []string{"orders-b", "invoices", "orders-a", "Orders-c"} {
		stdQueue(t, svc, name, nil)
	}

	out, err := svc.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: "orders"})
	require.NoError(t, err)
	assert.Equal(t, []string{stdURLPrefix + "orders-a", stdURLPrefix + "orders-b"}, out.QueueUrls)
	assert.Empty(t, out.NextToken)

	out, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: "none"})
	require.NoError(t, err)
	assert.Empty(t, out.QueueUrls)

	assert.Len(t, stdListQueues(t, svc), 4)
}

// ListQueues pages with MaxResults and NextToken; NextToken is returned
// only when MaxResults is set and more queues follow (Amazon SQS API
// Reference: ListQueues).
func TestListQueuesPagesWithMaxResults(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	var want []string
	for i := range 5 {
		want = append(want, stdQueue(t, svc, "q"+strconv.Itoa(i), nil))
	}

	var got []string
	in := &sqs.ListQueuesInput{MaxResults: 2}
	pages := 0
	for {
		out, err := svc.ListQueues(ctx, in)
		require.NoError(t, err)
		pages++
		assert.LessOrEqual(t, len(out.QueueUrls), 2)
		got = append(got, out.QueueUrls...)
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, pages)

	out, err := svc.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: 5})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 5)
	assert.Empty(t, out.NextToken, "no token when nothing follows")

	out, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 5)
	assert.Empty(t, out.NextToken, "no token without MaxResults")

	for _, bad := range []int{-1, 1001} {
		_, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: bad})
		require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "MaxResults %d", bad)
	}
	out, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: 1000})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 5)
}

// ListQueues returns at most 1,000 queues, and without MaxResults no
// NextToken even when more exist (Amazon SQS API Reference: ListQueues).
func TestListQueuesReturnsAtMost1000(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	for i := range 1001 {
		stdQueue(t, svc, "q"+strconv.Itoa(i), nil)
	}

	out, err := svc.ListQueues(ctx, &sqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 1000)
	assert.Empty(t, out.NextToken)

	out, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: 1000})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 1000)
	require.NotEmpty(t, out.NextToken)
	out, err = svc.ListQueues(ctx, &sqs.ListQueuesInput{MaxResults: 1000, NextToken: out.NextToken})
	require.NoError(t, err)
	assert.Len(t, out.QueueUrls, 1)
	assert.Empty(t, out.NextToken)
}

// After DeleteQueue every operation on the queue fails with
// NonExistentQueue (Amazon SQS API Reference: DeleteQueue).
func TestDeletedQueueDoesNotExist(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "one")
	stdSend(t, svc, url, "two")
	handle := stdReceive(t, svc, url, 1)[0].ReceiptHandle

	_, err := svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	require.NoError(t, err)

	ops := map[string]func() error{
		"SendMessage": func() error {
			_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "x"})
			return err
		},
		"ReceiveMessage": func() error {
			_, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
			return err
		},
		"DeleteMessage": func() error {
			_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: handle})
			return err
		},
		"ChangeMessageVisibility": func() error {
			_, err := svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: handle})
			return err
		},
		"GetQueueAttributes": func() error {
			_, err := svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{"All"}})
			return err
		},
		"SetQueueAttributes": func() error {
			_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url,
				Attributes: map[string]string{sqs.AttributeDelaySeconds: "1"}})
			return err
		},
		"GetQueueUrl": func() error {
			_, err := svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: "orders"})
			return err
		},
		"PurgeQueue": func() error {
			_, err := svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
			return err
		},
		"DeleteQueue": func() error {
			_, err := svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
			return err
		},
		"TagQueue": func() error {
			_, err := svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"k": "v"}})
			return err
		},
		"ListQueueTags": func() error {
			_, err := svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
			return err
		},
	}
	for name, op := range ops {
		assert.ErrorIs(t, op(), sqs.ErrQueueDoesNotExist, name)
	}
	assert.Empty(t, stdListQueues(t, svc))
}

// GetQueueAttributes without AttributeNames returns no attributes (Amazon
// SQS API Reference: GetQueueAttributes).
func TestGetQueueAttributesWithoutNamesReturnsNothing(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeDelaySeconds: "5"})

	assert.Empty(t, stdAttrs(t, svc, url))
}

// GetQueueAttributes with "All" returns every attribute of a standard
// queue, with the AWS defaults, and no FIFO-only attribute (Amazon SQS API
// Reference: GetQueueAttributes, SetQueueAttributes).
func TestGetQueueAttributesAllReturnsDefaults(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	clk.Advance(1500 * time.Millisecond)
	url := stdQueue(t, svc, "orders", nil)

	got := stdAttrs(t, svc, url, sqs.AttributeAll)
	for name, want := range map[string]string{
		sqs.AttributeDelaySeconds:                          "0",
		sqs.AttributeMaximumMessageSize:                    "1048576",
		sqs.AttributeMessageRetentionPeriod:                "345600",
		sqs.AttributeReceiveMessageWaitTimeSeconds:         "0",
		sqs.AttributeVisibilityTimeout:                     "30",
		sqs.AttributeQueueArn:                              "arn:aws:sqs:us-east-1:000000000000:orders",
		sqs.AttributeCreatedTimestamp:                      strconv.FormatInt(stdStart.Unix()+1, 10), // epoch seconds
		sqs.AttributeLastModifiedTimestamp:                 strconv.FormatInt(stdStart.Unix()+1, 10),
		sqs.AttributeApproximateNumberOfMessages:           "0",
		sqs.AttributeApproximateNumberOfMessagesNotVisible: "0",
		sqs.AttributeApproximateNumberOfMessagesDelayed:    "0",
	} {
		assert.Equal(t, want, got[name], name)
	}
	for _, name := range []string{sqs.AttributeFifoQueue, sqs.AttributeContentBasedDeduplication,
		sqs.AttributeDeduplicationScope, sqs.AttributeFifoThroughputLimit, sqs.AttributeRedrivePolicy} {
		assert.NotContains(t, got, name)
	}

	// Asking for a FIFO-only attribute by name on a standard queue fails
	// with InvalidAttributeName, as AWS answers (aws-sdk-ruby issue 1350).
	for _, name := range []string{sqs.AttributeFifoQueue, sqs.AttributeContentBasedDeduplication,
		sqs.AttributeDeduplicationScope, sqs.AttributeFifoThroughputLimit} {
		_, err := svc.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{name}})
		require.ErrorIs(t, err, sqs.ErrInvalidAttributeName, name)
		assert.Equal(t, "Unknown Attribute "+name+".", err.(*sqs.Error).Message)
	}
	assert.Equal(t, map[string]string{sqs.AttributeVisibilityTimeout: "30"}, stdAttrs(t, svc, url, sqs.AttributeVisibilityTimeout),
		"only the named attributes are returned")
}

// GetQueueAttributes with an unknown attribute name fails with
// InvalidAttributeName (Amazon SQS API Reference: GetQueueAttributes).
func TestGetQueueAttributesUnknownNameFails(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for _, names := range [][]string{{"Colour"}, {sqs.AttributeVisibilityTimeout, "visibilitytimeout"}} {
		out, err := svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: names})
		require.ErrorIs(t, err, sqs.ErrInvalidAttributeName, "%v", names)
		assert.Nil(t, out)
	}
}

// The Approximate… counters count visible, in-flight and delayed messages,
// and follow the messages as delays and visibility timeouts end
// (Amazon SQS API Reference: GetQueueAttributes; exact at once per
// sqs/doc.go).
func TestApproximateCountersTrackMessageStates(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))

	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "later", Delay: sqs.Duration(10 * time.Second)})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"0", "0", "1"}, stdCounts(t, svc, url), "delayed")

	stdSend(t, svc, url, "a")
	stdSend(t, svc, url, "b")
	assert.Equal(t, [3]string{"2", "0", "1"}, stdCounts(t, svc, url), "two visible")

	msgs := stdReceive(t, svc, url, 1)
	require.Len(t, msgs, 1)
	assert.Equal(t, [3]string{"1", "1", "1"}, stdCounts(t, svc, url), "one in flight")

	clk.Advance(9 * time.Second)
	assert.Equal(t, [3]string{"1", "1", "1"}, stdCounts(t, svc, url), "delay not over at 9 s")
	clk.Advance(time.Second)
	assert.Equal(t, [3]string{"2", "1", "0"}, stdCounts(t, svc, url), "delay over at 10 s")

	clk.Advance(19 * time.Second)
	assert.Equal(t, [3]string{"2", "1", "0"}, stdCounts(t, svc, url), "still in flight at 29 s")
	clk.Advance(time.Second)
	assert.Equal(t, [3]string{"3", "0", "0"}, stdCounts(t, svc, url), "visibility timeout over at 30 s")

	msgs = stdReceive(t, svc, url, 10)
	require.Len(t, msgs, 3)
	assert.Equal(t, [3]string{"0", "3", "0"}, stdCounts(t, svc, url))
	_, err = svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: msgs[0].ReceiptHandle})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"0", "2", "0"}, stdCounts(t, svc, url), "deleted")
}

// SetQueueAttributes accepts each numeric attribute at both ends of its
// range and refuses a value one past either end with InvalidAttributeValue,
// changing nothing (Amazon SQS API Reference: SetQueueAttributes).
func TestSetQueueAttributesRangeBoundaries(t *testing.T) {
	cases := []struct {
		attr          string
		lo, hi        int
		before, after string // just outside the range
	}{
		{sqs.AttributeDelaySeconds, 0, 900, "-1", "901"},
		{sqs.AttributeMaximumMessageSize, 1024, 1048576, "1023", "1048577"},
		{sqs.AttributeMessageRetentionPeriod, 60, 1209600, "59", "1209601"},
		{sqs.AttributeReceiveMessageWaitTimeSeconds, 0, 20, "-1", "21"},
		{sqs.AttributeVisibilityTimeout, 0, 43200, "-1", "43201"},
	}
	for _, tc := range cases {
		t.Run(tc.attr, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			set := func(v string) error {
				_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{tc.attr: v}})
				return err
			}
			for _, v := range []int{tc.lo, tc.hi} {
				require.NoError(t, set(strconv.Itoa(v)))
				assert.Equal(t, strconv.Itoa(v), stdAttrs(t, svc, url, tc.attr)[tc.attr])
			}
			for _, v := range []string{tc.before, tc.after, "ten", ""} {
				err := set(v)
				require.ErrorIs(t, err, sqs.ErrInvalidAttributeValue, "value %q", v)
				assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
				assert.Equal(t, strconv.Itoa(tc.hi), stdAttrs(t, svc, url, tc.attr)[tc.attr], "unchanged after %q", v)
			}

			// CreateQueue checks the same ranges.
			_, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "other", Attributes: map[string]string{tc.attr: tc.after}})
			require.ErrorIs(t, err, sqs.ErrInvalidAttributeValue)
			assert.Equal(t, []string{url}, stdListQueues(t, svc))
		})
	}
}

// SetQueueAttributes applies all the attributes or none: one bad value
// leaves the good ones unapplied (bad input never changes state: package
// documentation).
func TestSetQueueAttributesIsAllOrNothing(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: map[string]string{
		sqs.AttributeDelaySeconds:      "10",
		sqs.AttributeVisibilityTimeout: "43201",
	}})
	require.ErrorIs(t, err, sqs.ErrInvalidAttributeValue)
	assert.Equal(t, map[string]string{sqs.AttributeDelaySeconds: "0", sqs.AttributeVisibilityTimeout: "30"},
		stdAttrs(t, svc, url, sqs.AttributeDelaySeconds, sqs.AttributeVisibilityTimeout))
}

// FifoQueue, and the other FIFO-only attributes, on a standard queue fail
// with InvalidAttributeName, even FifoQueue "false" (Amazon SQS API
// Reference: SetQueueAttributes).
func TestSetQueueAttributesFifoAttributesOnStandardQueueFail(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for _, attrs := range []map[string]string{
		{sqs.AttributeFifoQueue: "true"},
		{sqs.AttributeFifoQueue: "false"},
		{sqs.AttributeContentBasedDeduplication: "true"},
		{sqs.AttributeDeduplicationScope: "messageGroup"},
		{sqs.AttributeFifoThroughputLimit: "perMessageGroupId"},
		{"Colour": "blue"},
		{sqs.AttributeQueueArn: "arn:aws:sqs:us-east-1:000000000000:other"},
	} {
		_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: attrs})
		require.ErrorIs(t, err, sqs.ErrInvalidAttributeName, "%v", attrs)
	}
	got := stdAttrs(t, svc, url, sqs.AttributeAll)
	assert.NotContains(t, got, sqs.AttributeFifoQueue)
	assert.Equal(t, "arn:aws:sqs:us-east-1:000000000000:orders", got[sqs.AttributeQueueArn])
}

// TagQueue overwrites the value of a key the queue has (Amazon SQS API
// Reference: TagQueue).
func TestTagQueueOverwritesExistingKey(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Tags: map[string]string{"team": "a", "env": "dev"}})
	require.NoError(t, err)
	url := out.QueueUrl

	_, err = svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"team": "b", "Team": "c", "cost": ""}})
	require.NoError(t, err)

	tags, err := svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "b", "Team": "c", "env": "dev", "cost": ""}, tags.Tags,
		"keys are case-sensitive and values may be empty")
}

// UntagQueue of a key the queue lacks is a no-op (Amazon SQS API
// Reference: UntagQueue).
func TestUntagQueueIgnoresMissingKey(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	_, err := svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"team": "a", "env": "dev"}})
	require.NoError(t, err)

	_, err = svc.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: url, TagKeys: []string{"env", "missing"}})
	require.NoError(t, err)

	tags, err := svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "a"}, tags.Tags)
}

// ListQueueTags of a queue without tags returns no Tags at all (Amazon SQS
// API Reference: ListQueueTags).
func TestListQueueTagsOfUntaggedQueueHasNoTags(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	tags, err := svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Nil(t, tags.Tags)

	// Removing the last tag makes the queue untagged again.
	_, err = svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"team": "a"}})
	require.NoError(t, err)
	_, err = svc.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: url, TagKeys: []string{"team"}})
	require.NoError(t, err)
	tags, err = svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Nil(t, tags.Tags)
}

// A queue holds at most 50 tags; a TagQueue that would go past that fails
// and adds none (Amazon SQS Developer Guide: "Amazon SQS standard queue
// quotas"; sqs.MaxTags).
func TestQueueHoldsAtMost50Tags(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	tags := map[string]string{}
	for i := range 50 {
		tags["k"+strconv.Itoa(i)] = "v"
	}
	out, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders", Tags: tags})
	require.NoError(t, err)
	url := out.QueueUrl

	_, err = svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"k0": "new"}})
	require.NoError(t, err, "overwriting a key at the limit adds no tag")

	_, err = svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: map[string]string{"k1": "new", "k50": "v"}})
	require.ErrorIs(t, err, sqs.ErrInvalidParameterValue)
	got, err := svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Len(t, got.Tags, 50)
	assert.Equal(t, "v", got.Tags["k1"], "a refused TagQueue changes no tag")
	assert.NotContains(t, got.Tags, "k50")

	tags["k50"] = "v"
	_, err = svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "other", Tags: tags})
	require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "51 tags at create")
	assert.Equal(t, []string{url}, stdListQueues(t, svc))
}

// PurgeQueue deletes every message, visible, in flight and delayed (Amazon
// SQS API Reference: PurgeQueue).
func TestPurgeQueueRemovesEveryMessage(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "in flight")
	inFlight := stdReceive(t, svc, url, 1)
	require.Len(t, inFlight, 1)
	stdSend(t, svc, url, "visible")
	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "delayed", Delay: sqs.Duration(5 * time.Second)})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"1", "1", "1"}, stdCounts(t, svc, url))

	_, err = svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
	assert.Empty(t, svc.Inspect().Messages(url))

	clk.Advance(time.Minute) // past the delay and the visibility timeout
	assert.Empty(t, stdReceive(t, svc, url, 10), "nothing comes back")

	// The queue is still usable.
	stdSend(t, svc, url, "after")
	assert.Len(t, stdReceive(t, svc, url, 10), 1)
}

// A second PurgeQueue within 60 seconds fails with PurgeQueueInProgress
// (HTTP 403) and deletes nothing; 60 seconds later it is allowed (Amazon
// SQS API Reference: PurgeQueue).
func TestPurgeQueueOncePer60Seconds(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	_, err := svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.NoError(t, err)

	clk.Advance(59 * time.Second)
	stdSend(t, svc, url, "survives the refused purge")
	_, err = svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.ErrorIs(t, err, sqs.ErrPurgeQueueInProgress)
	assert.Equal(t, http.StatusForbidden, stdStatus(t, err))
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))

	clk.Advance(time.Second)
	_, err = svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))

	// The window restarts from the last successful purge.
	clk.Advance(30 * time.Second)
	_, err = svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.ErrorIs(t, err, sqs.ErrPurgeQueueInProgress)
}
