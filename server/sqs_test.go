package server_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fixture is a server over one sqs.Service on a sim.Clock.
type fixture struct {
	t   *testing.T
	clk *sim.Clock
	svc *sqs.Service
	srv *server.Server
}

func newFixture(t *testing.T) *fixture {
	clk := sim.NewClock(start)
	svc := sqs.New(sqs.WithClock(clk))
	return &fixture{t: t, clk: clk, svc: svc, srv: server.New(server.WithSQS(svc))}
}

// call posts an AmazonSQS operation with the given JSON body and returns
// the response and its body.
func (f *fixture) call(ctx context.Context, op, body string) (*http.Response, string) {
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "http://awssim/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AmazonSQS."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// ok calls op, requires a 200 and decodes the body into a map.
func (f *fixture) ok(op, body string) map[string]any {
	f.t.Helper()
	res, b := f.call(context.Background(), op, body)
	require.Equal(f.t, http.StatusOK, res.StatusCode, b)
	out := map[string]any{}
	if b != "" {
		require.NoError(f.t, json.Unmarshal([]byte(b), &out), b)
	}
	return out
}

func (f *fixture) createQueue(name string) string {
	out := f.ok("CreateQueue", `{"QueueName":"`+name+`"}`)
	return out["QueueUrl"].(string)
}

func TestSendReceiveDeleteRoundTrip(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("orders")
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/000000000000/orders", url)

	sent := f.ok("SendMessage", `{"QueueUrl":"`+url+`","MessageBody":"caf\u00e9 \"x\"","MessageAttributes":{"n":{"DataType":"Number","StringValue":"42"},"b":{"DataType":"Binary","BinaryValue":"AAEC"}}}`)
	assert.Equal(t, md5hex(`café "x"`), sent["MD5OfMessageBody"])
	assert.NotEmpty(t, sent["MD5OfMessageAttributes"])
	assert.NotEmpty(t, sent["MessageId"])

	got := f.ok("ReceiveMessage", `{"QueueUrl":"`+url+`","MessageAttributeNames":["All"],"MessageSystemAttributeNames":["ApproximateReceiveCount"]}`)
	msgs := got["Messages"].([]any)
	require.Len(t, msgs, 1)
	m := msgs[0].(map[string]any)
	assert.Equal(t, `café "x"`, m["Body"])
	assert.Equal(t, sent["MessageId"], m["MessageId"])
	assert.Equal(t, sent["MD5OfMessageAttributes"], m["MD5OfMessageAttributes"])
	assert.Equal(t, map[string]any{"ApproximateReceiveCount": "1"}, m["Attributes"])
	assert.Equal(t, map[string]any{
		"b": map[string]any{"DataType": "Binary", "BinaryValue": "AAEC"},
		"n": map[string]any{"DataType": "Number", "StringValue": "42"},
	}, m["MessageAttributes"])

	f.ok("DeleteMessage", `{"QueueUrl":"`+url+`","ReceiptHandle":"`+m["ReceiptHandle"].(string)+`"}`)
	f.clk.Advance(time.Minute)
	assert.Equal(t, map[string]any{}, f.ok("ReceiveMessage", `{"QueueUrl":"`+url+`"}`))
}

// The legacy AttributeNames member of ReceiveMessage, which older SDKs and
// the AWS CLI send, selects system attributes as MessageSystemAttributeNames does.
func TestReceiveHonoursLegacyAttributeNames(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	f.ok("SendMessage", `{"QueueUrl":"`+url+`","MessageBody":"x"}`)
	got := f.ok("ReceiveMessage", `{"QueueUrl":"`+url+`","AttributeNames":["All","Policy"]}`)
	attrs := got["Messages"].([]any)[0].(map[string]any)["Attributes"].(map[string]any)
	assert.Contains(t, attrs, "SentTimestamp")
	assert.Contains(t, attrs, "SenderId")
}

func TestErrorsCarryShapeAndQueryCode(t *testing.T) {
	f := newFixture(t)
	res, body := f.call(context.Background(), "GetQueueUrl", `{"QueueName":"missing"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue;Sender", res.Header.Get("X-Amzn-Query-Error"))
	assert.Equal(t, "application/x-amz-json-1.0", res.Header.Get("Content-Type"))
	assert.NotEmpty(t, res.Header.Get("X-Amzn-Requestid"))
	assert.JSONEq(t, `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}`, body)
}

func TestErrorWithoutShapeKeepsItsCode(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	res, body := f.call(context.Background(), "SendMessage", `{"QueueUrl":"`+url+`","MessageBody":"x","DelaySeconds":9999}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Equal(t, "InvalidParameterValue;Sender", res.Header.Get("X-Amzn-Query-Error"))
	assert.Contains(t, body, `"__type":"com.amazonaws.sqs#InvalidParameterValue"`)
}

func TestProtocolErrors(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name, op, body, typ string
	}{
		{"malformed JSON", "SendMessage", `{"QueueUrl":`, "com.amazon.coral.service#SerializationException"},
		{"wrong type", "SendMessage", `{"QueueUrl":3}`, "com.amazon.coral.service#SerializationException"},
		{"trailing data", "ListQueues", `{} {}`, "com.amazon.coral.service#SerializationException"},
		{"unknown operation", "Frobnicate", `{}`, "com.amazon.coral.service#UnknownOperationException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := f.call(context.Background(), tc.op, tc.body)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode, body)
			var e map[string]string
			require.NoError(t, json.Unmarshal([]byte(body), &e))
			assert.Equal(t, tc.typ, e["__type"])
		})
	}
	assert.Empty(t, f.svc.Inspect().Queues(), "bad input changes nothing")
}

func TestEmptyBodyIsAnEmptyInput(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, map[string]any{}, f.ok("ListQueues", ``))
}

// A queue URL with another host but the path /ACCOUNT/NAME names the same
// queue, as AWS accepts its legacy queue.amazonaws.com URLs.
func TestQueueURLOfAnyHostNamesTheQueue(t *testing.T) {
	f := newFixture(t)
	f.createQueue("q")
	for _, u := range []string{"http://localhost:4566/000000000000/q", "https://queue.amazonaws.com/000000000000/q"} {
		f.ok("SendMessage", `{"QueueUrl":"`+u+`","MessageBody":"x"}`)
	}
	stats, _ := f.svc.Inspect().Stats("https://sqs.us-east-1.amazonaws.com/000000000000/q")
	assert.Equal(t, 2, stats.Visible)
}

func TestBatchesReportSuccessfulAndFailed(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	out := f.ok("SendMessageBatch", `{"QueueUrl":"`+url+`","Entries":[{"Id":"a","MessageBody":"1"},{"Id":"b","MessageBody":"2","DelaySeconds":5000}]}`)
	assert.Len(t, out["Successful"], 1)
	failed := out["Failed"].([]any)
	require.Len(t, failed, 1)
	assert.Equal(t, "b", failed[0].(map[string]any)["Id"])
	assert.Equal(t, true, failed[0].(map[string]any)["SenderFault"])

	got := f.ok("ReceiveMessage", `{"QueueUrl":"`+url+`","MaxNumberOfMessages":10}`)
	rh := got["Messages"].([]any)[0].(map[string]any)["ReceiptHandle"].(string)
	out = f.ok("ChangeMessageVisibilityBatch", `{"QueueUrl":"`+url+`","Entries":[{"Id":"x","ReceiptHandle":"`+rh+`","VisibilityTimeout":0}]}`)
	assert.Equal(t, []any{map[string]any{"Id": "x"}}, out["Successful"])
	out = f.ok("DeleteMessageBatch", `{"QueueUrl":"`+url+`","Entries":[{"Id":"x","ReceiptHandle":"`+rh+`"},{"Id":"y","ReceiptHandle":"nonsense"}]}`)
	assert.Equal(t, []any{map[string]any{"Id": "x"}}, out["Successful"])
	assert.Len(t, out["Failed"], 1)
}

func TestQueueOperations(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("a")
	f.createQueue("b")
	assert.Equal(t, url, f.ok("GetQueueUrl", `{"QueueName":"a"}`)["QueueUrl"])
	assert.Len(t, f.ok("ListQueues", `{}`)["QueueUrls"], 2)
	f.ok("SetQueueAttributes", `{"QueueUrl":"`+url+`","Attributes":{"VisibilityTimeout":"5"}}`)
	attrs := f.ok("GetQueueAttributes", `{"QueueUrl":"`+url+`","AttributeNames":["VisibilityTimeout","QueueArn"]}`)["Attributes"]
	assert.Equal(t, map[string]any{"VisibilityTimeout": "5", "QueueArn": "arn:aws:sqs:us-east-1:000000000000:a"}, attrs)
	f.ok("TagQueue", `{"QueueUrl":"`+url+`","Tags":{"team":"x"}}`)
	assert.Equal(t, map[string]any{"team": "x"}, f.ok("ListQueueTags", `{"QueueUrl":"`+url+`"}`)["Tags"])
	f.ok("UntagQueue", `{"QueueUrl":"`+url+`","TagKeys":["team"]}`)
	assert.Equal(t, map[string]any{}, f.ok("ListQueueTags", `{"QueueUrl":"`+url+`"}`))
	f.ok("PurgeQueue", `{"QueueUrl":"`+url+`"}`)
	f.ok("DeleteQueue", `{"QueueUrl":"`+url+`"}`)
	assert.Len(t, f.ok("ListQueues", `{}`)["QueueUrls"], 1)
}

// A long poll over HTTP waits on the service's clock: the response comes
// when the clock passes the wait time, however little real time passed.
func TestLongPollWaitsOnTheSimulatedClock(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	done := make(chan string)
	go func() {
		_, body := f.call(context.Background(), "ReceiveMessage", `{"QueueUrl":"`+url+`","WaitTimeSeconds":20}`)
		done <- body
	}()
	require.NoError(t, f.clk.BlockUntil(context.Background(), 1))
	f.clk.Advance(19 * time.Second)
	select {
	case body := <-done:
		t.Fatalf("returned before the wait ended: %s", body)
	default:
	}
	f.clk.Advance(time.Second)
	assert.Equal(t, `{}`, <-done)
}

// A long poll whose request is cancelled (the client went away) ends
// with the context, and leaves no waiter behind.
func TestLongPollEndsWithTheRequestContext(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		res, _ := f.call(ctx, "ReceiveMessage", `{"QueueUrl":"`+url+`","WaitTimeSeconds":20}`)
		done <- res.StatusCode
	}()
	require.NoError(t, f.clk.BlockUntil(context.Background(), 1))
	cancel()
	assert.Equal(t, http.StatusInternalServerError, <-done)
	stats, _ := f.svc.Inspect().Stats(url)
	assert.Zero(t, stats.Waiting)
}

// Request IDs are the same from run to run for the same seed.
func TestRequestIDsAreDeterministic(t *testing.T) {
	ids := func() []string {
		f := newFixture(t)
		var out []string
		for range 3 {
			res, _ := f.call(context.Background(), "ListQueues", `{}`)
			out = append(out, res.Header.Get("X-Amzn-Requestid"))
		}
		return out
	}
	a, b := ids(), ids()
	assert.Equal(t, a, b)
	assert.NotEqual(t, a[0], a[1])
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a[0])
}

// The in-process client reaches the handler without a socket.
func TestInProcessClient(t *testing.T) {
	f := newFixture(t)
	req, err := http.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(`{"QueueName":"q"}`))
	require.NoError(t, err)
	req.Header.Set("X-Amz-Target", "AmazonSQS.CreateQueue")
	res, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.JSONEq(t, `{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/000000000000/q"}`, string(b))
	assert.Equal(t, strconv.Itoa(len(b)), res.Header.Get("Content-Length"))
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Through the in-process client, a long poll whose context ends returns
// the context's error, as a call over a socket does.
func TestInProcessClientReturnsTheContextError(t *testing.T) {
	f := newFixture(t)
	url := f.createQueue("q")
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://awssim/", strings.NewReader(`{"QueueUrl":"`+url+`","WaitTimeSeconds":20}`))
	require.NoError(t, err)
	req.Header.Set("X-Amz-Target", "AmazonSQS.ReceiveMessage")
	done := make(chan error)
	go func() {
		res, err := f.srv.Client().Do(req)
		if res != nil {
			res.Body.Close()
		}
		done <- err
	}()
	require.NoError(t, f.clk.BlockUntil(context.Background(), 1))
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
}
