package sqs_test

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sqs"
)

// Scenario tests of standard queues: ReceiveMessage, visibility, delays,
// retention, DeleteMessage and ChangeMessageVisibility.

// stdReceiveWith receives with in (QueueUrl filled in) and returns the
// messages.
func stdReceiveWith(t *testing.T, svc *sqs.Service, url string, in sqs.ReceiveMessageInput) []sqs.Message {
	t.Helper()
	in.QueueUrl = url
	out, err := svc.ReceiveMessage(context.Background(), &in)
	require.NoError(t, err)
	return out.Messages
}

// stdReceiveOne receives exactly one message.
func stdReceiveOne(t *testing.T, svc *sqs.Service, url string) sqs.Message {
	t.Helper()
	msgs := stdReceive(t, svc, url, 1)
	require.Len(t, msgs, 1)
	return msgs[0]
}

// stdChangeVisibility calls ChangeMessageVisibility.
func stdChangeVisibility(svc *sqs.Service, url, handle string, d time.Duration) error {
	_, err := svc.ChangeMessageVisibility(context.Background(), &sqs.ChangeMessageVisibilityInput{
		QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: d})
	return err
}

// stdDelete calls DeleteMessage.
func stdDelete(svc *sqs.Service, url, handle string) error {
	_, err := svc.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: handle})
	return err
}

// A received message that is not deleted becomes visible again when its
// visibility timeout, 30 seconds by default, expires (Amazon SQS Developer
// Guide: "Amazon SQS visibility timeout").
func TestMessageReappearsAfterVisibilityTimeout(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	sent := stdSend(t, svc, url, "work")
	first := stdReceiveOne(t, svc, url)
	assert.Equal(t, sent.MessageId, first.MessageId)

	clk.Advance(29 * time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 10), "invisible at 29 s")

	clk.Advance(time.Second)
	again := stdReceiveOne(t, svc, url)
	assert.Equal(t, sent.MessageId, again.MessageId, "visible at 30 s")
	assert.Equal(t, "work", again.Body)
}

// ReceiveMessage's VisibilityTimeout applies to the returned messages only,
// instead of the queue's (Amazon SQS API Reference: ReceiveMessage).
func TestReceiveVisibilityTimeoutOverridesQueueDefault(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeVisibilityTimeout: "60"})
	stdSend(t, svc, url, "work")

	msgs := stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(5 * time.Second)})
	require.Len(t, msgs, 1)
	clk.Advance(4 * time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 1))
	clk.Advance(time.Second)
	stdReceiveOne(t, svc, url) // visible at 5 s; hidden for the queue's 60 s now

	clk.Advance(59 * time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 1), "the next receive uses the queue's timeout again")
	clk.Advance(time.Second)
	stdReceiveOne(t, svc, url)

	// Visibility timeout 0 leaves the message visible.
	clk.Advance(time.Minute)
	require.Len(t, stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(0)}), 1)
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))

	for _, bad := range []time.Duration{-time.Second, 43201 * time.Second} {
		_, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: sqs.Duration(bad)})
		require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "%v", bad)
	}
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))
}

// Each receive increments ApproximateReceiveCount (Amazon SQS API
// Reference: ReceiveMessage; Amazon SQS Developer Guide: "Amazon SQS
// visibility timeout").
func TestApproximateReceiveCountIncrementsOnEachReceive(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")

	for want := 1; want <= 3; want++ {
		m := stdReceiveOne(t, svc, url)
		assert.Equal(t, strconv.Itoa(want), m.Attributes[sqs.SysAttributeApproximateReceiveCount])
		clk.Advance(30 * time.Second)
	}
}

// ApproximateFirstReceiveTimestamp is the time of the first receive, set
// once; SentTimestamp is the send time; both in epoch milliseconds (Amazon
// SQS API Reference: ReceiveMessage).
func TestReceiveTimestampsAreEpochMilliseconds(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	clk.Advance(1234 * time.Millisecond)
	sentAt := clk.Now()
	stdSend(t, svc, url, "work")
	clk.Advance(5*time.Second + 7*time.Millisecond)
	firstAt := clk.Now()

	m := stdReceiveOne(t, svc, url)
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	assert.Equal(t, ms(sentAt), m.Attributes[sqs.SysAttributeSentTimestamp])
	assert.Equal(t, "1767225601234", m.Attributes[sqs.SysAttributeSentTimestamp])
	assert.Equal(t, ms(firstAt), m.Attributes[sqs.SysAttributeApproximateFirstReceiveTimestamp])

	clk.Advance(30 * time.Second)
	m = stdReceiveOne(t, svc, url)
	assert.Equal(t, ms(firstAt), m.Attributes[sqs.SysAttributeApproximateFirstReceiveTimestamp], "set once")
	assert.Equal(t, ms(sentAt), m.Attributes[sqs.SysAttributeSentTimestamp])
	assert.Equal(t, "2", m.Attributes[sqs.SysAttributeApproximateReceiveCount])
}

// SenderId is the sender's account ID (sqs/doc.go: "SenderId is the account
// ID").
func TestSenderIdIsAccountID(t *testing.T) {
	svc, _, _ := stdSetup(t, sqs.WithAccountID("123456789012"))
	url := stdQueue(t, svc, "orders", nil)
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/123456789012/orders", url)
	stdSend(t, svc, url, "work")

	assert.Equal(t, "123456789012", stdReceiveOne(t, svc, url).Attributes[sqs.SysAttributeSenderId])
}

// MessageSystemAttributeNames selects the system attributes returned, by
// name or All; with none, no attributes are returned (Amazon SQS API
// Reference: ReceiveMessage).
func TestReceiveReturnsSelectedSystemAttributes(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	recv := func(names ...string) map[string]string {
		msgs := stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(0), MessageSystemAttributeNames: names})
		require.Len(t, msgs, 1)
		return msgs[0].Attributes
	}

	assert.Empty(t, recv())
	got := recv(sqs.SysAttributeSentTimestamp)
	assert.Equal(t, []string{sqs.SysAttributeSentTimestamp}, stdKeys(got))
	got = recv(sqs.SysAttributeApproximateReceiveCount, sqs.SysAttributeSenderId, sqs.SysAttributeSequenceNumber)
	assert.Equal(t, []string{sqs.SysAttributeApproximateReceiveCount, sqs.SysAttributeSenderId}, stdKeys(got),
		"SequenceNumber is FIFO only")
	assert.Equal(t, "3", got[sqs.SysAttributeApproximateReceiveCount])
	got = recv(sqs.SysAttributeAll)
	assert.Equal(t, []string{sqs.SysAttributeApproximateFirstReceiveTimestamp, sqs.SysAttributeApproximateReceiveCount,
		sqs.SysAttributeSenderId, sqs.SysAttributeSentTimestamp}, stdKeys(got))
}

// stdKeys returns the keys of m, sorted.
func stdKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// MessageAttributeNames selects the user attributes returned: by name, All,
// ".*" or "prefix.*"; MD5OfMessageAttributes is the digest of what is
// returned (Amazon SQS API Reference: ReceiveMessage).
func TestReceiveReturnsSelectedMessageAttributes(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	attrs := map[string]sqs.MessageAttributeValue{
		"order.id":    stdStr("o-1"),
		"order.total": stdNum("9.50"),
		"orderly":     stdStr("yes"),
		"customer":    stdStr("c-7"),
	}
	sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "work", MessageAttributes: attrs})
	require.NoError(t, err)
	subset := func(names ...string) map[string]sqs.MessageAttributeValue {
		out := map[string]sqs.MessageAttributeValue{}
		for _, n := range names {
			out[n] = attrs[n]
		}
		return out
	}

	cases := []struct {
		name  string
		names []string
		want  map[string]sqs.MessageAttributeValue // nil: none returned
	}{
		{"none", nil, nil},
		{"by name", []string{"customer"}, subset("customer")},
		{"names with a missing one", []string{"customer", "missing", "order.id"}, subset("customer", "order.id")},
		{"only missing", []string{"missing"}, nil},
		{"All", []string{"All"}, attrs},
		{".*", []string{".*"}, attrs},
		{"prefix", []string{"order.*"}, subset("order.id", "order.total")},
		{"prefix and name", []string{"order.*", "orderly"}, subset("order.id", "order.total", "orderly")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msgs := stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(0), MessageAttributeNames: tc.names})
			require.Len(t, msgs, 1)
			m := msgs[0]
			if tc.want == nil {
				assert.Empty(t, m.MessageAttributes)
				assert.Empty(t, m.MD5OfMessageAttributes)
				return
			}
			assert.Equal(t, tc.want, m.MessageAttributes)
			assert.Equal(t, stdMD5OfAttributes(tc.want), m.MD5OfMessageAttributes)
			if len(tc.want) == len(attrs) {
				assert.Equal(t, sent.MD5OfMessageAttributes, m.MD5OfMessageAttributes)
			}
		})
	}
}

// Every receive of a message issues a new receipt handle (Amazon SQS
// Developer Guide: "Amazon SQS queue and message identifiers").
func TestEveryReceiveIssuesNewReceiptHandle(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	sent := stdSend(t, svc, url, "work")

	seen := map[string]bool{}
	for range 5 {
		msgs := stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(0)})
		require.Len(t, msgs, 1)
		assert.Equal(t, sent.MessageId, msgs[0].MessageId)
		assert.NotEmpty(t, msgs[0].ReceiptHandle)
		assert.LessOrEqual(t, len(msgs[0].ReceiptHandle), 1024)
		assert.False(t, seen[msgs[0].ReceiptHandle], "handle issued twice")
		seen[msgs[0].ReceiptHandle] = true
	}
}

// A queue's DelaySeconds hides each new message for that long (Amazon SQS
// Developer Guide: "Amazon SQS delay queues").
func TestQueueDelayHidesNewMessages(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeDelaySeconds: "10"})
	stdSend(t, svc, url, "work")

	assert.Empty(t, stdReceive(t, svc, url, 1))
	clk.Advance(9 * time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 1))
	assert.Equal(t, [3]string{"0", "0", "1"}, stdCounts(t, svc, url))
	clk.Advance(time.Second)
	assert.Equal(t, "work", stdReceiveOne(t, svc, url).Body)
}

// On a standard queue a change of DelaySeconds is not retroactive: it
// applies to messages sent afterwards only (Amazon SQS Developer Guide:
// "Amazon SQS delay queues").
func TestQueueDelayChangeIsNotRetroactiveOnStandardQueue(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeDelaySeconds: "60"})
	stdSend(t, svc, url, "sent with 60 s")
	setDelay := func(v string) {
		_, err := svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url,
			Attributes: map[string]string{sqs.AttributeDelaySeconds: v}})
		require.NoError(t, err)
	}
	take := func() []string {
		var out []string
		for _, m := range stdReceive(t, svc, url, 10) {
			out = append(out, m.Body)
			require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
		}
		return out
	}

	setDelay("0")
	stdSend(t, svc, url, "sent with 0 s")
	assert.Equal(t, []string{"sent with 0 s"}, take(), "shortening the delay does not release the earlier message")

	stdSend(t, svc, url, "sent before the lengthening")
	setDelay("300")
	assert.Equal(t, []string{"sent before the lengthening"}, take(), "lengthening the delay does not hide a visible message")

	clk.Advance(59 * time.Second)
	assert.Empty(t, take())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"sent with 60 s"}, take())
}

// A message is deleted when its MessageRetentionPeriod has passed since it
// was sent, whether visible, delayed or in flight (Amazon SQS API
// Reference: SetQueueAttributes, MessageRetentionPeriod).
func TestMessageExpiresAfterRetentionPeriod(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeMessageRetentionPeriod: "60"})
	stdSend(t, svc, url, "in flight")
	inFlight := stdReceiveWith(t, svc, url, sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(10 * time.Minute)})
	require.Len(t, inFlight, 1)
	stdSend(t, svc, url, "visible")
	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "delayed", Delay: sqs.Duration(15 * time.Minute)})
	require.NoError(t, err)

	clk.Advance(59 * time.Second)
	assert.Equal(t, [3]string{"1", "1", "1"}, stdCounts(t, svc, url))
	clk.Advance(time.Second)
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
	assert.Empty(t, svc.Inspect().Messages(url))

	clk.Advance(15 * time.Minute)
	assert.Empty(t, stdReceive(t, svc, url, 10), "nothing comes back after its delay or visibility timeout")

	// The expired in-flight message's handle names a deleted message.
	require.NoError(t, stdDelete(svc, url, inFlight[0].ReceiptHandle))
	require.ErrorIs(t, stdChangeVisibility(svc, url, inFlight[0].ReceiptHandle, time.Minute), sqs.ErrInvalidParameterValue)
}

// ChangeMessageVisibility sets a new timeout counted from the call (Amazon
// SQS API Reference: ChangeMessageVisibility).
func TestChangeMessageVisibilityExtendsTimeout(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	m := stdReceiveOne(t, svc, url)

	clk.Advance(20 * time.Second)
	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, time.Minute))
	clk.Advance(59 * time.Second) // 79 s after the receive
	assert.Empty(t, stdReceive(t, svc, url, 1))
	clk.Advance(time.Second)
	assert.Equal(t, m.MessageId, stdReceiveOne(t, svc, url).MessageId, "visible 60 s after the change")
}

// ChangeMessageVisibility to 0 makes the message visible at once (Amazon
// SQS Developer Guide: "Amazon SQS visibility timeout").
func TestChangeMessageVisibilityZeroMakesMessageVisible(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	m := stdReceiveOne(t, svc, url)
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, url))

	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, 0))
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))
	again := stdReceiveOne(t, svc, url)
	assert.Equal(t, m.MessageId, again.MessageId)
	assert.Equal(t, "2", again.Attributes[sqs.SysAttributeApproximateReceiveCount])
}

// A message stays hidden at most 12 hours from the receive that issued the
// handle; asking for more than remains is InvalidParameterValue (SQS does
// not clamp) and extending does not reset the ceiling (Amazon SQS API
// Reference: ChangeMessageVisibility).
// The simulator is exact: at the instant of the receive all 43,200 seconds
// remain.
func TestChangeMessageVisibilityHas12HourCeiling(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	m := stdReceiveOne(t, svc, url)

	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, 43200*time.Second), "all 12 hours remain at the receive")
	err := stdChangeVisibility(svc, url, m.ReceiptHandle, 43201*time.Second)
	require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "over the 0-43200 range")

	clk.Advance(time.Second)
	err = stdChangeVisibility(svc, url, m.ReceiptHandle, 43200*time.Second)
	require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "1 s after the receive, 43200 s is past the ceiling")
	assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, 43199*time.Second))

	clk.Advance(10*time.Hour - time.Second) // 10 h after the receive
	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, time.Hour))
	require.ErrorIs(t, stdChangeVisibility(svc, url, m.ReceiptHandle, 2*time.Hour+time.Second), sqs.ErrInvalidParameterValue,
		"extending did not reset the ceiling")
	require.NoError(t, stdChangeVisibility(svc, url, m.ReceiptHandle, 2*time.Hour), "exactly up to the ceiling")

	clk.Advance(2*time.Hour - time.Second)
	assert.Empty(t, stdReceive(t, svc, url, 1))
	clk.Advance(time.Second)
	again := stdReceiveOne(t, svc, url) // a new receive starts a new 12 hours
	require.NoError(t, stdChangeVisibility(svc, url, again.ReceiptHandle, 43200*time.Second))
}

// ChangeMessageVisibility with the handle of a deleted message is
// InvalidParameterValue; with a garbage handle, ReceiptHandleIsInvalid
// (Amazon SQS API Reference: ChangeMessageVisibility).
func TestChangeMessageVisibilityWithBadHandleFails(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	other := stdQueue(t, svc, "other", nil)
	stdSend(t, svc, url, "deleted")
	stdSend(t, svc, url, "kept")
	stdSend(t, svc, other, "elsewhere")
	deleted := stdReceiveOne(t, svc, url)
	require.NoError(t, stdDelete(svc, url, deleted.ReceiptHandle))
	kept := stdReceiveOne(t, svc, url)
	elsewhere := stdReceiveOne(t, svc, other)

	err := stdChangeVisibility(svc, url, deleted.ReceiptHandle, time.Minute)
	require.ErrorIs(t, err, sqs.ErrInvalidParameterValue)

	for _, h := range []string{"garbage", elsewhere.ReceiptHandle, kept.ReceiptHandle + "x"} {
		err = stdChangeVisibility(svc, url, h, time.Minute)
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid, h)
		assert.Equal(t, http.StatusNotFound, stdStatus(t, err))
	}
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, url), "nothing changed")
	assert.Equal(t, stdStart.Add(30*time.Second), svc.Inspect().Messages(url)[0].Until)
}

// On a standard queue, ChangeMessageVisibility with a handle whose timeout
// expired while nobody received the message succeeds and changes nothing
// (Amazon SQS Developer Guide: "Amazon SQS visibility timeout"; LocalStack
// PR 9632 on AWS's "OK, does nothing");
// after someone else received it, the old handle is refused.
func TestChangeMessageVisibilityWithExpiredHandle(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	old := stdReceiveOne(t, svc, url)

	clk.Advance(31 * time.Second)
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))
	require.NoError(t, stdChangeVisibility(svc, url, old.ReceiptHandle, time.Minute))
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url), "succeeds without hiding the message")
	current := stdReceiveOne(t, svc, url)

	require.ErrorIs(t, stdChangeVisibility(svc, url, old.ReceiptHandle, 0), sqs.ErrInvalidParameterValue)
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, url), "the current receive keeps the message hidden")
	require.NoError(t, stdChangeVisibility(svc, url, current.ReceiptHandle, 0))
}

// DeleteMessage with a garbage handle fails with ReceiptHandleIsInvalid,
// HTTP 404, and deletes nothing (Amazon SQS API Reference: DeleteMessage,
// its Errors section).
func TestDeleteMessageWithGarbageHandleFails(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	other := stdQueue(t, svc, "other", nil)
	stdSend(t, svc, url, "work")
	stdSend(t, svc, other, "elsewhere")
	m := stdReceiveOne(t, svc, url)
	elsewhere := stdReceiveOne(t, svc, other)

	for _, h := range []string{"garbage", elsewhere.ReceiptHandle, m.ReceiptHandle[:len(m.ReceiptHandle)-1]} {
		err := stdDelete(svc, url, h)
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid, h)
		assert.Equal(t, http.StatusNotFound, stdStatus(t, err))
		assert.Equal(t, "ReceiptHandleIsInvalid", err.(*sqs.Error).Code)
	}
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, url))
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, other))
}

// Deleting a deleted message again succeeds (Amazon SQS API Reference:
// DeleteMessage).
func TestDeleteMessageTwiceSucceeds(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	m := stdReceiveOne(t, svc, url)

	require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
	require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
}

// On a standard queue, a handle whose visibility timeout expired still
// deletes the message if nobody received it since (Amazon SQS API
// Reference: DeleteMessage).
func TestDeleteWithExpiredHandleDeletesMessageNotReceivedAgain(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	m := stdReceiveOne(t, svc, url)

	clk.Advance(45 * time.Second)
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url), "visible again")
	require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
	assert.Empty(t, stdReceive(t, svc, url, 10))
}

// On a standard queue, an old handle used after someone else received the
// message succeeds without deleting it; the current handle deletes it
// (sqs/doc.go, Differences from AWS: AWS says it "might not" delete).
func TestDeleteWithOldHandleAfterReReceiveKeepsMessage(t *testing.T) {
	svc, clk, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	stdSend(t, svc, url, "work")
	old := stdReceiveOne(t, svc, url)
	clk.Advance(30 * time.Second)
	current := stdReceiveOne(t, svc, url)

	require.NoError(t, stdDelete(svc, url, old.ReceiptHandle))
	assert.Equal(t, [3]string{"0", "1", "0"}, stdCounts(t, svc, url), "the message stays")
	clk.Advance(30 * time.Second)
	assert.Equal(t, old.MessageId, stdReceiveOne(t, svc, url).MessageId, "and comes back")

	clk.Advance(30 * time.Second)
	latest := stdReceiveOne(t, svc, url)
	require.NoError(t, stdDelete(svc, url, current.ReceiptHandle), "an older handle, after a re-receive")
	require.NoError(t, stdDelete(svc, url, latest.ReceiptHandle))
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
}

// At the in-flight limit a short poll of a standard queue fails with
// OverLimit (HTTP 403); a long poll returns no error (Amazon SQS Developer
// Guide: "Amazon SQS standard queue quotas").
func TestShortPollAtInFlightLimitFails(t *testing.T) {
	svc, clk, ctx := stdSetup(t, sqs.WithInFlightLimit(2))
	url := stdQueue(t, svc, "orders", nil)
	for _, b := range []string{"a", "b", "c"} {
		stdSend(t, svc, url, b)
	}

	msgs := stdReceive(t, svc, url, 10)
	require.Len(t, msgs, 2, "a receive stops at the limit")
	assert.Equal(t, [3]string{"1", "2", "0"}, stdCounts(t, svc, url))

	_, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(0)})
	require.ErrorIs(t, err, sqs.ErrOverLimit)
	assert.Equal(t, http.StatusForbidden, stdStatus(t, err))
	assert.Equal(t, [3]string{"1", "2", "0"}, stdCounts(t, svc, url))

	// A long poll waits out its time and returns nothing, without error.
	type result struct {
		out *sqs.ReceiveMessageOutput
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, WaitTime: sqs.Duration(5 * time.Second)})
		done <- result{out, err}
	}()
	wait, cancel := context.WithTimeout(ctx, 10*time.Second) // a bound on a broken handshake, not a sleep
	defer cancel()
	require.NoError(t, clk.BlockUntil(wait, 1))
	clk.Advance(5 * time.Second)
	r := <-done
	require.NoError(t, r.err)
	assert.Empty(t, r.out.Messages)

	// Deleting one makes room.
	require.NoError(t, stdDelete(svc, url, msgs[0].ReceiptHandle))
	assert.Equal(t, "c", stdReceiveOne(t, svc, url).Body)
}

// MaxNumberOfMessages is 1 to 10; 11 is InvalidParameterValue; zero means
// "not given", that is 1 (Amazon SQS API Reference: ReceiveMessage;
// sqs/doc.go).
func TestMaxNumberOfMessagesRange(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	for i := range 15 {
		stdSend(t, svc, url, strconv.Itoa(i))
	}

	for _, bad := range []int{11, -1} {
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: bad})
		require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "%d", bad)
		assert.Nil(t, out)
	}
	assert.Equal(t, [3]string{"15", "0", "0"}, stdCounts(t, svc, url))

	assert.Len(t, stdReceive(t, svc, url, 0), 1)
	assert.Len(t, stdReceive(t, svc, url, 1), 1)
	assert.Len(t, stdReceive(t, svc, url, 3), 3)
	assert.Len(t, stdReceive(t, svc, url, 10), 10)
	assert.Equal(t, [3]string{"0", "15", "0"}, stdCounts(t, svc, url))
}

// regReceive receives one message at most, with the given visibility
// timeout and receive attempt ID.
func regReceive(t *testing.T, svc *sqs.Service, url string, vis time.Duration, attempt string) []sqs.Message {
	t.Helper()
	out, err := svc.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: url, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0), ReceiveRequestAttemptId: attempt,
	})
	require.NoError(t, err)
	return out.Messages
}
