package sqs_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Fuzz tests: any input gives an AWS error or a correct result, never a
// panic, and a refused input changes nothing (package
// documentation: bad input never panics and never changes state).

// fzStart is the fixed start time of every fuzz run.
var fzStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fzRequireAWSError checks that err is an *sqs.Error with a code and a 4xx
// status.
func fzRequireAWSError(t *testing.T, err error) {
	t.Helper()
	var e *sqs.Error
	require.True(t, errors.As(err, &e), "not an *sqs.Error: %T %v", err, err)
	require.NotEmpty(t, e.Code)
	require.GreaterOrEqual(t, e.StatusCode, 400, e.Error())
	require.Less(t, e.StatusCode, 500, e.Error())
}

// fzQueues returns a service on a sim clock at fzStart with a standard
// queue, fz-std, and a FIFO queue, fz.fifo, and their URLs.
func fzQueues(t *testing.T) (clk *sim.Clock, svc *sqs.Service, std, fifo string) {
	t.Helper()
	ctx := context.Background()
	clk = sim.NewClock(fzStart)
	svc = sqs.New(sqs.WithClock(clk))
	s, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "fz-std"})
	require.NoError(t, err)
	f, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "fz.fifo", Attributes: map[string]string{sqs.AttributeFifoQueue: "true"}})
	require.NoError(t, err)
	return clk, svc, s.QueueUrl, f.QueueUrl
}

func fzMD5(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// FuzzSendReceive: a message of any body, attribute, delay, group ID and
// deduplication ID sent to a standard and to a FIFO queue is either refused
// with a 4xx AWS error and no change to the queue, or received intact with
// the MD5 of its body (SQS SendMessage/ReceiveMessage contract).
func FuzzSendReceive(f *testing.F) {
	f.Add("hello", "", "", "", int64(0), "", "")
	f.Add("hello", "color", "String", "blue", int64(0), "g1", "d1")
	f.Add("n", "count", "Number", "12.50e3", int64(5), "g", "")
	f.Add("bin", "blob", "Binary", "\x00\x01", int64(900), "group-1", "dedup-1")
	f.Add("bad\x00body", "a", "String", "v", int64(0), "g", "d")
	f.Add("\uFFFE", "AWS.reserved", "String", "v", int64(901), "g g", "d d")
	f.Add("ok", "a..b", "Number", "1e127", int64(-1), "", "d")
	f.Add("ok", "a", "Number.int", "0001", int64(0), "g", "")
	f.Add("\xff\xfe", "a", "Binary.png", "", int64(1<<40), "x", "y")
	f.Add("emoji \U0001F600\t\r\n", "x.y", "String.label", "\U0001F600", int64(0), "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "0123456789")
	f.Fuzz(func(t *testing.T, body, attrName, attrType, attrValue string, delaySec int64, groupID, dedupID string) {
		ctx := context.Background()
		clk, svc, std, fifo := fzQueues(t)

		in := sqs.SendMessageInput{MessageBody: body, MessageGroupId: groupID, MessageDeduplicationId: dedupID}
		if delaySec != 0 {
			in.Delay = sqs.Duration(time.Duration(delaySec) * time.Second)
		}
		if attrName != "" || attrType != "" || attrValue != "" {
			v := sqs.MessageAttributeValue{DataType: attrType, StringValue: attrValue}
			if len(attrType) >= 6 && attrType[:6] == "Binary" {
				v = sqs.MessageAttributeValue{DataType: attrType, BinaryValue: []byte(attrValue)}
			}
			in.MessageAttributes = map[string]sqs.MessageAttributeValue{attrName: v}
		}

		for _, url := range []string{std, fifo} {
			before, ok := svc.Inspect().Stats(url)
			require.True(t, ok)
			beforeMsgs := svc.Inspect().Messages(url)
			in := in
			in.QueueUrl = url
			sent, err := svc.SendMessage(ctx, &in)
			if err != nil {
				fzRequireAWSError(t, err)
				after, _ := svc.Inspect().Stats(url)
				require.Equal(t, before, after, "a refused send changed the queue's counters")
				require.Equal(t, beforeMsgs, svc.Inspect().Messages(url), "a refused send changed the queue")
				continue
			}
			require.Equal(t, fzMD5(body), sent.MD5OfMessageBody)
			if in.Delay != nil {
				clk.Advance(*in.Delay)
			}
			out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
				QueueUrl: url, WaitTime: sqs.Duration(0), MaxNumberOfMessages: 10,
				MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []string{"All"},
			})
			require.NoError(t, err)
			require.Len(t, out.Messages, 1)
			m := out.Messages[0]
			require.Equal(t, sent.MessageId, m.MessageId)
			require.Equal(t, body, m.Body)
			require.Equal(t, fzMD5(m.Body), m.MD5OfBody)
			require.Equal(t, sent.MD5OfMessageAttributes, m.MD5OfMessageAttributes)
			if len(in.MessageAttributes) > 0 {
				require.Equal(t, in.MessageAttributes[attrName].DataType, m.MessageAttributes[attrName].DataType)
			}
			if groupID != "" {
				require.Equal(t, groupID, m.Attributes[sqs.SysAttributeMessageGroupId])
			}
			_, err = svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
	})
}

// fzMessage is the reference model's view of one message.
type fzMessage struct {
	visibleAt time.Time
	deleted   bool
	receives  int       // receives so far; a handle is current when its number equals it
	receiveAt time.Time // latest receive, for the 12-hour visibility limit
}

// fzHandle is a receipt handle the model knows: which message and which
// receive of it.
type fzHandle struct {
	handle string
	id     string
	n      int
}

// fzMaxOps bounds the operations of one run: 1,000 clock moves of at most
// 120 seconds stay under the 4-day retention period, which the model
// leaves out.
const fzMaxOps = 1000

// FuzzOperations: any sequence of sends, receives, deletes, visibility
// changes, clock moves and purges on a standard queue keeps the queue in
// step with a small reference model of SQS's visibility rules: the visible
// and in-flight counts agree, a receive returns only visible messages (and,
// in the simulator, all of them up to MaxNumberOfMessages), a handle
// deletes its message only while no later receive happened, visibility
// changes count from now, stop 12 hours after the receive and do nothing
// once the timeout has expired, and a purge
// is refused within 60 seconds of the last one.
func FuzzOperations(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 3, 10, 4, 20, 1, 3, 0})
	f.Add([]byte{0, 0, 1, 9, 30, 2, 0, 4, 40, 1, 9, 0, 2, 1})
	f.Add([]byte{0, 1, 0, 5, 4, 120, 5, 0, 4, 59, 5, 4, 1, 5})
	f.Add([]byte{0, 0, 0, 0, 1, 4, 0, 3, 0, 0, 3, 1, 60, 4, 61, 1, 4, 0, 2, 0, 2, 1, 2, 2})
	f.Add([]byte{0, 1, 0, 60, 3, 0, 60, 4, 60, 3, 0, 60, 4, 60, 3, 0, 60, 2, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		clk := sim.NewClock(fzStart)
		svc := sqs.New(sqs.WithClock(clk))
		q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "fz-ops"})
		require.NoError(t, err)
		url := q.QueueUrl

		model := map[string]*fzMessage{}
		var handles []fzHandle
		var lastPurge time.Time
		sent := 0

		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		counts := func(now time.Time) (visible, inFlight int) {
			for _, m := range model {
				switch {
				case m.deleted:
				case m.visibleAt.After(now):
					inFlight++
				default:
					visible++
				}
			}
			return visible, inFlight
		}

		for op := 0; len(data) > 0 && op < fzMaxOps; op++ {
			now := clk.Now()
			switch next() % 6 {
			case 0: // send
				sent++
				out, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "m" + strconv.Itoa(sent)})
				require.NoError(t, err)
				require.NotContains(t, model, out.MessageId, "message ID reused")
				model[out.MessageId] = &fzMessage{visibleAt: now}
			case 1: // receive
				max := next()%10 + 1
				vis := time.Duration(next()%61) * time.Second
				visible, _ := counts(now)
				out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
					QueueUrl: url, MaxNumberOfMessages: max, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0),
				})
				require.NoError(t, err)
				require.Len(t, out.Messages, min(max, visible), "a short poll returns every visible message up to the maximum")
				seen := map[string]bool{}
				for _, msg := range out.Messages {
					m := model[msg.MessageId]
					require.NotNil(t, m, "received a message never sent: %s", msg.MessageId)
					require.False(t, m.deleted, "received a deleted message")
					require.False(t, m.visibleAt.After(now), "received a message in flight until %v at %v", m.visibleAt, now)
					require.False(t, seen[msg.MessageId], "same message twice in one receive")
					seen[msg.MessageId] = true
					m.receives++
					m.receiveAt = now
					m.visibleAt = now.Add(vis)
					handles = append(handles, fzHandle{handle: msg.ReceiptHandle, id: msg.MessageId, n: m.receives})
				}
			case 2: // delete a handle
				if len(handles) == 0 {
					continue
				}
				h := handles[next()%len(handles)]
				_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: h.handle})
				require.NoError(t, err, "deleting with an issued handle always succeeds on a standard queue")
				if m := model[h.id]; !m.deleted && h.n == m.receives {
					m.deleted = true
				}
			case 3: // change the visibility of a handle
				if len(handles) == 0 {
					continue
				}
				h := handles[next()%len(handles)]
				vis := time.Duration(next()%61) * time.Second
				_, err := svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: h.handle, VisibilityTimeout: vis})
				m := model[h.id]
				switch {
				case m.deleted || h.n != m.receives:
					require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "handle of a deleted or re-received message")
				case now.Add(vis).After(m.receiveAt.Add(sqs.MaxVisibilityTimeout)):
					require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "past 12 hours from the receive")
				default:
					require.NoError(t, err)
					if m.visibleAt.After(now) { // an expired handle succeeds and changes nothing
						m.visibleAt = now.Add(vis)
					}
				}
				if err != nil {
					fzRequireAWSError(t, err)
				}
			case 4: // advance the clock
				clk.Advance(time.Duration(next()%121) * time.Second)
			case 5: // purge
				_, err := svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
				if !lastPurge.IsZero() && now.Sub(lastPurge) < sqs.PurgeInterval {
					require.ErrorIs(t, err, sqs.ErrPurgeQueueInProgress)
					fzRequireAWSError(t, err)
					break
				}
				require.NoError(t, err)
				lastPurge = now
				for _, m := range model {
					m.deleted = true
				}
			}

			visible, inFlight := counts(clk.Now())
			attrs, err := svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{
				sqs.AttributeApproximateNumberOfMessages, sqs.AttributeApproximateNumberOfMessagesNotVisible,
			}})
			require.NoError(t, err)
			require.Equal(t, strconv.Itoa(visible), attrs.Attributes[sqs.AttributeApproximateNumberOfMessages], "visible messages after op %d", op)
			require.Equal(t, strconv.Itoa(inFlight), attrs.Attributes[sqs.AttributeApproximateNumberOfMessagesNotVisible], "in-flight messages after op %d", op)
		}
	})
}
