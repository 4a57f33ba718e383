package sqs_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sqs"
)

// Scenario tests of standard queues: SendMessageBatch, DeleteMessageBatch
// and ChangeMessageVisibilityBatch.

// stdBatchOps runs each batch operation with entries of the given Ids (the
// receipt handles are garbage; whole-request checks come first) and
// returns their errors by operation name.
func stdBatchOps(svc *sqs.Service, url string, ids []string) map[string]error {
	ctx := context.Background()
	var send []sqs.SendMessageBatchRequestEntry
	var del []sqs.DeleteMessageBatchRequestEntry
	var vis []sqs.ChangeMessageVisibilityBatchRequestEntry
	for _, id := range ids {
		send = append(send, sqs.SendMessageBatchRequestEntry{Id: id, MessageBody: "b"})
		del = append(del, sqs.DeleteMessageBatchRequestEntry{Id: id, ReceiptHandle: "garbage"})
		vis = append(vis, sqs.ChangeMessageVisibilityBatchRequestEntry{Id: id, ReceiptHandle: "garbage"})
	}
	_, sendErr := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: send})
	_, delErr := svc.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: del})
	_, visErr := svc.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url, Entries: vis})
	return map[string]error{"SendMessageBatch": sendErr, "DeleteMessageBatch": delErr, "ChangeMessageVisibilityBatch": visErr}
}

// stdIds returns n batch entry Ids, "e0", "e1", ….
func stdIds(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "e" + strconv.Itoa(i)
	}
	return ids
}

// stdReceiveHandles sends n messages and receives them, returning the
// receipt handles in send order.
func stdReceiveHandles(t *testing.T, svc *sqs.Service, url string, n int) []string {
	t.Helper()
	for i := range n {
		stdSend(t, svc, url, "m"+strconv.Itoa(i))
	}
	msgs := stdReceive(t, svc, url, n)
	require.Len(t, msgs, n)
	handles := make([]string, n)
	for i, m := range msgs {
		require.Equal(t, "m"+strconv.Itoa(i), m.Body)
		handles[i] = m.ReceiptHandle
	}
	return handles
}

// A batch with no entries fails with EmptyBatchRequest (Amazon SQS API
// Reference: SendMessageBatch, DeleteMessageBatch,
// ChangeMessageVisibilityBatch).
func TestBatchWithNoEntriesFails(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for op, err := range stdBatchOps(svc, url, nil) {
		require.ErrorIs(t, err, sqs.ErrEmptyBatchRequest, op)
		assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	}
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
}

// A batch holds at most 10 entries; 11 fails with
// TooManyEntriesInBatchRequest and nothing is done (Amazon SQS Developer
// Guide: "Amazon SQS batch actions"; Amazon SQS API Reference:
// SendMessageBatch).
func TestBatchWithMoreThan10EntriesFails(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for op, err := range stdBatchOps(svc, url, stdIds(11)) {
		require.ErrorIs(t, err, sqs.ErrTooManyEntriesInBatchRequest, op)
	}
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url), "no entry of the refused batch was sent")

	var entries []sqs.SendMessageBatchRequestEntry
	for _, id := range stdIds(10) {
		entries = append(entries, sqs.SendMessageBatchRequestEntry{Id: id, MessageBody: id})
	}
	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries})
	require.NoError(t, err)
	assert.Len(t, out.Successful, 10)
	assert.Equal(t, [3]string{"10", "0", "0"}, stdCounts(t, svc, url))
}

// A batch entry Id is 1 to 80 letters, digits, hyphens and underscores;
// anything else is InvalidBatchEntryId for the whole batch (Amazon SQS
// Developer Guide: "Amazon SQS message quotas"; Amazon SQS API Reference:
// SendMessageBatch).
func TestBatchEntryIdRules(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for _, bad := range []string{"", "has space", "dot.ted", "slash/", "ünï", strings.Repeat("i", 81)} {
		for op, err := range stdBatchOps(svc, url, []string{"good", bad}) {
			require.ErrorIs(t, err, sqs.ErrInvalidBatchEntryId, "%s %q", op, bad)
		}
	}
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))

	good := []string{"a", "Z-9_x", strings.Repeat("i", 80)}
	var entries []sqs.SendMessageBatchRequestEntry
	for _, id := range good {
		entries = append(entries, sqs.SendMessageBatchRequestEntry{Id: id, MessageBody: "b"})
	}
	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries})
	require.NoError(t, err)
	require.Len(t, out.Successful, 3)
	for i, id := range good {
		assert.Equal(t, id, out.Successful[i].Id)
	}
}

// Two entries of a batch with the same Id fail the batch with
// BatchEntryIdsNotDistinct (Amazon SQS API Reference: SendMessageBatch).
func TestBatchEntryIdsMustBeDistinct(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for op, err := range stdBatchOps(svc, url, []string{"a", "b", "a"}) {
		require.ErrorIs(t, err, sqs.ErrBatchEntryIdsNotDistinct, op)
	}
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url))
}

// The entries of a SendMessageBatch may add up to 1 MiB; one byte more is
// BatchRequestTooLong for the whole batch (Amazon SQS API Reference:
// SendMessageBatch).
func TestSendMessageBatchTotalSizeLimit(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	half := strings.Repeat("x", 1<<19)
	attrs := map[string]sqs.MessageAttributeValue{"n": stdStr("v")} // 8 bytes

	_, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: half},
		{Id: "b", MessageBody: half + "x"},
	}})
	require.ErrorIs(t, err, sqs.ErrBatchRequestTooLong)
	assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	assert.Equal(t, [3]string{"0", "0", "0"}, stdCounts(t, svc, url), "no entry of the refused batch was sent")

	_, err = svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: half},
		{Id: "b", MessageBody: half[8:] + "x", MessageAttributes: attrs},
	}})
	require.ErrorIs(t, err, sqs.ErrBatchRequestTooLong, "attributes count toward the total")

	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "a", MessageBody: half},
		{Id: "b", MessageBody: half[8:], MessageAttributes: attrs},
	}})
	require.NoError(t, err, "exactly 1 MiB")
	assert.Len(t, out.Successful, 2)
	assert.Empty(t, out.Failed)
	assert.Equal(t, [3]string{"2", "0", "0"}, stdCounts(t, svc, url))
}

// A SendMessageBatch entry that fails on its own (too big for the queue's
// MaximumMessageSize, bad attribute, a deduplication ID on a standard
// queue) is reported in Failed with SenderFault, while the others are sent
// (Amazon SQS API Reference: SendMessageBatch).
func TestSendMessageBatchReportsFailedEntries(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeMaximumMessageSize: "1024"})

	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "first", MessageBody: "one"},
		{Id: "too-big", MessageBody: strings.Repeat("x", 1025)},
		{Id: "bad-attr", MessageBody: "b", MessageAttributes: map[string]sqs.MessageAttributeValue{"AWS.x": stdStr("v")}},
		{Id: "dedup", MessageBody: "b", MessageDeduplicationId: "d"},
		{Id: "last", MessageBody: "two", Delay: sqs.Duration(10 * time.Second)},
	}})
	require.NoError(t, err)

	require.Len(t, out.Successful, 2)
	assert.Equal(t, "first", out.Successful[0].Id)
	assert.Equal(t, "last", out.Successful[1].Id)
	assert.Equal(t, stdMD5OfBody("one"), out.Successful[0].MD5OfMessageBody)
	assert.Equal(t, stdMD5OfBody("two"), out.Successful[1].MD5OfMessageBody)
	assert.NotEqual(t, out.Successful[0].MessageId, out.Successful[1].MessageId)

	require.Len(t, out.Failed, 3)
	for i, id := range []string{"too-big", "bad-attr", "dedup"} {
		f := out.Failed[i]
		assert.Equal(t, id, f.Id)
		assert.Equal(t, "InvalidParameterValue", f.Code, id)
		assert.True(t, f.SenderFault, id)
		assert.NotEmpty(t, f.Message, id)
	}
	assert.Contains(t, out.Failed[0].Message, "1024 bytes")

	assert.Equal(t, [3]string{"1", "0", "1"}, stdCounts(t, svc, url), "the good entries were sent, the last with its delay")
	infos := svc.Inspect().Messages(url)
	require.Len(t, infos, 2)
	assert.Equal(t, out.Successful[0].MessageId, infos[0].MessageID)
	assert.Equal(t, out.Successful[1].MessageId, infos[1].MessageID)
}

// stdMD5OfBody is the hex MD5 of a body.
func stdMD5OfBody(body string) string {
	sum := md5.Sum([]byte(body))
	return hex.EncodeToString(sum[:])
}

// DeleteMessageBatch reports a bad handle in Failed and deletes the other
// entries' messages (Amazon SQS API Reference: DeleteMessageBatch).
func TestDeleteMessageBatchReportsFailedEntries(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	h := stdReceiveHandles(t, svc, url, 3)
	require.NoError(t, stdDelete(svc, url, h[2]))

	out, err := svc.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: []sqs.DeleteMessageBatchRequestEntry{
		{Id: "zero", ReceiptHandle: h[0]},
		{Id: "garbage", ReceiptHandle: "garbage"},
		{Id: "deleted-before", ReceiptHandle: h[2]},
	}})
	require.NoError(t, err)
	assert.Equal(t, []sqs.DeleteMessageBatchResultEntry{{Id: "zero"}, {Id: "deleted-before"}}, out.Successful)
	require.Len(t, out.Failed, 1)
	assert.Equal(t, "garbage", out.Failed[0].Id)
	assert.Equal(t, "ReceiptHandleIsInvalid", out.Failed[0].Code)
	assert.True(t, out.Failed[0].SenderFault)

	infos := svc.Inspect().Messages(url)
	require.Len(t, infos, 1)
	assert.Equal(t, "m1", infos[0].Body, "only the message of the failed entry is left")
}

// ChangeMessageVisibilityBatch reports each failing entry in Failed, with
// InvalidParameterValue and SenderFault, and changes the others (Amazon
// SQS API Reference: ChangeMessageVisibilityBatch).
func TestChangeMessageVisibilityBatchReportsFailedEntries(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	h := stdReceiveHandles(t, svc, url, 4)
	require.NoError(t, stdDelete(svc, url, h[1]))

	out, err := svc.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url,
		Entries: []sqs.ChangeMessageVisibilityBatchRequestEntry{
			{Id: "longer", ReceiptHandle: h[0], VisibilityTimeout: time.Minute},
			{Id: "deleted", ReceiptHandle: h[1], VisibilityTimeout: time.Minute},
			{Id: "out-of-range", ReceiptHandle: h[2], VisibilityTimeout: 43201 * time.Second},
			{Id: "now", ReceiptHandle: h[3], VisibilityTimeout: 0},
		}})
	require.NoError(t, err)
	assert.Equal(t, []sqs.ChangeMessageVisibilityBatchResultEntry{{Id: "longer"}, {Id: "now"}}, out.Successful)
	require.Len(t, out.Failed, 2)
	for i, id := range []string{"deleted", "out-of-range"} {
		assert.Equal(t, id, out.Failed[i].Id)
		assert.Equal(t, "InvalidParameterValue", out.Failed[i].Code, id)
		assert.True(t, out.Failed[i].SenderFault, id)
	}

	bodies := func() []string { // receives and deletes what is visible
		var out []string
		for _, m := range stdReceive(t, svc, url, 10) {
			out = append(out, m.Body)
			require.NoError(t, stdDelete(svc, url, m.ReceiptHandle))
		}
		return out
	}
	assert.Equal(t, []string{"m3"}, bodies(), "visible at once")
	clk.Advance(29 * time.Second)
	assert.Empty(t, bodies())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"m2"}, bodies(), "unchanged: visible after the queue's 30 s")
	clk.Advance(29 * time.Second)
	assert.Empty(t, bodies())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"m0"}, bodies(), "extended to 60 s")
}

// Successful and Failed are always present, possibly empty: both are
// required members of a batch result (Amazon SQS API Reference:
// SendMessageBatch).
func TestBatchResultListsAreNeverNil(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeMaximumMessageSize: "1024"})

	send, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url,
		Entries: []sqs.SendMessageBatchRequestEntry{{Id: "a", MessageBody: "a"}, {Id: "b", MessageBody: "b"}}})
	require.NoError(t, err)
	assert.NotNil(t, send.Failed)
	assert.Empty(t, send.Failed)
	send, err = svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url,
		Entries: []sqs.SendMessageBatchRequestEntry{{Id: "big", MessageBody: strings.Repeat("x", 1025)}}})
	require.NoError(t, err)
	assert.NotNil(t, send.Successful)
	assert.Empty(t, send.Successful)
	assert.Len(t, send.Failed, 1)

	msgs := stdReceive(t, svc, url, 2)
	require.Len(t, msgs, 2)

	vis, err := svc.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url,
		Entries: []sqs.ChangeMessageVisibilityBatchRequestEntry{{Id: "a", ReceiptHandle: msgs[0].ReceiptHandle, VisibilityTimeout: time.Minute}}})
	require.NoError(t, err)
	assert.NotNil(t, vis.Failed)
	assert.Empty(t, vis.Failed)
	vis, err = svc.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url,
		Entries: []sqs.ChangeMessageVisibilityBatchRequestEntry{{Id: "a", ReceiptHandle: "garbage"}}})
	require.NoError(t, err)
	assert.NotNil(t, vis.Successful)
	assert.Empty(t, vis.Successful)

	del, err := svc.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url,
		Entries: []sqs.DeleteMessageBatchRequestEntry{{Id: "a", ReceiptHandle: msgs[0].ReceiptHandle}}})
	require.NoError(t, err)
	assert.NotNil(t, del.Failed)
	assert.Empty(t, del.Failed)
	del, err = svc.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url,
		Entries: []sqs.DeleteMessageBatchRequestEntry{{Id: "a", ReceiptHandle: "garbage"}}})
	require.NoError(t, err)
	assert.NotNil(t, del.Successful)
	assert.Empty(t, del.Successful)
}

// SendMessageBatch sends its entries in entry order and reports them in
// that order (Amazon SQS API Reference: SendMessageBatch; a standard queue
// returns messages in the order they became visible, sqs/doc.go).
func TestSendMessageBatchSendsEntriesInOrder(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	var entries []sqs.SendMessageBatchRequestEntry
	for i := 9; i >= 0; i-- { // Ids in descending order, so order is not by Id
		entries = append(entries, sqs.SendMessageBatchRequestEntry{Id: "id" + strconv.Itoa(i), MessageBody: "body" + strconv.Itoa(9-i)})
	}

	out, err := svc.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries})
	require.NoError(t, err)
	require.Len(t, out.Successful, 10)
	for i, e := range entries {
		assert.Equal(t, e.Id, out.Successful[i].Id)
		assert.Equal(t, stdMD5OfBody(e.MessageBody), out.Successful[i].MD5OfMessageBody)
	}

	msgs := stdReceive(t, svc, url, 10)
	require.Len(t, msgs, 10)
	for i, m := range msgs {
		assert.Equal(t, "body"+strconv.Itoa(i), m.Body)
		assert.Equal(t, out.Successful[i].MessageId, m.MessageId)
	}
}
