package server

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/jsonenc"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// The decoder reads strings as encoding/json does: every valid JSON
// string of valid UTF-8 gives the same Go string, and what encoding/json
// refuses the decoder refuses too.
func FuzzDecodeString(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b\\c\/d"`, `"\u00e9\n\t\r\b\f"`, `"\ud83c\udf89"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800x"`, `"unterminated`, `"\x"`, "\"ctl\x01\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // encoding/json replaces invalid bytes; the service refuses them
		}
		var want string
		wantErr := json.Unmarshal([]byte(in), &want)
		if strings.HasPrefix(strings.TrimSpace(in), "null") {
			return
		}
		d := decoder{b: []byte(in)}
		got := d.str()
		d.end()
		if wantErr != nil {
			if d.err == nil && strings.HasPrefix(strings.TrimLeft(in, " \t\r\n"), `"`) {
				t.Fatalf("%q: accepted %q, encoding/json says %v", in, got, wantErr)
			}
			return
		}
		if d.err != nil {
			t.Fatalf("%q: %v, encoding/json reads %q", in, d.err, want)
		}
		if got != want {
			t.Fatalf("%q: got %q, encoding/json reads %q", in, got, want)
		}
	})
}

// The encoder writes what encoding/json reads back unchanged.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"plain", "<&>\"\\", "\u2028\u2029", "\x00\x1f", "é🎉"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		b := jsonenc.AppendString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("%q: wrote %s, read back %q (%v)", s, b, back, err)
		}
	})
}

// No request body makes the handler panic, and every response is JSON.
func FuzzSQSRequest(f *testing.F) {
	ops := []string{"CreateQueue", "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
		"ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "GetQueueAttributes", "SetQueueAttributes", "ListQueues",
		"GetQueueUrl", "PurgeQueue", "DeleteQueue", "TagQueue", "UntagQueue", "ListQueueTags", "ListDeadLetterSourceQueues",
		"StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks"}
	url := "https://sqs.us-east-1.amazonaws.com/000000000000/q"
	for i, body := range []string{
		`{"QueueName":"q","Attributes":{"VisibilityTimeout":"5"},"tags":{"a":"b"}}`,
		`{"QueueUrl":"` + url + `","MessageBody":"x","MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"AAE="}}}`,
		`{"QueueUrl":"` + url + `","Entries":[{"Id":"a","MessageBody":"x","DelaySeconds":1e3}]}`,
		`{"QueueUrl":"` + url + `","WaitTimeSeconds":0,"MaxNumberOfMessages":10,"AttributeNames":["All"]}`,
		`{"QueueUrl":null,"ReceiptHandle":[1,{"x":true}]}`,
		`{"QueueUrl":"` + url + `","Entries":[{"Id":"a","ReceiptHandle":"x","VisibilityTimeout":-5}]}`,
	} {
		f.Add(uint8(i), body)
	}
	f.Fuzz(func(t *testing.T, op uint8, body string) {
		svc := sqs.New()
		if _, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "q"}); err != nil {
			t.Fatal(err)
		}
		srv := New(WithSQS(svc))
		// A long poll would wait on the real clock: make every wait zero.
		body = strings.ReplaceAll(body, "WaitTimeSeconds", "W")
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AmazonSQS."+ops[int(op)%len(ops)])
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("response is not JSON: %s", rec.Body.Bytes())
		}
	})
}

// No query request, SNS's or SQS's, makes the handler panic, and every
// response is well-formed XML.
func FuzzQueryRequest(f *testing.F) {
	topic := "arn:aws:sns:us-east-1:000000000000:t"
	for _, body := range []string{
		"Action=CreateTopic&Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=%3C%26%3E&Tags.member.1.Key=a&Tags.member.1.Value=b",
		"Action=Publish&TopicArn=" + topic + "&Message=x&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=Binary&MessageAttributes.entry.1.Value.BinaryValue=AAE%3D",
		"Action=PublishBatch&TopicArn=" + topic + "&PublishBatchRequestEntries.member.1.Id=a&PublishBatchRequestEntries.member.1.Message=x",
		"Action=Subscribe&TopicArn=" + topic + "&Protocol=sqs&Endpoint=arn:aws:sqs:us-east-1:000000000000:q&ReturnSubscriptionArn=maybe",
		"Action=GetTopicAttributes&TopicArn=%ff%fe",
		"Action=ListSubscriptions&NextToken=x&Version=2010-03-31",
		"Action=Frob%3C&Version=2010-03-31",
		"%zz",
		"Action=SendMessage&QueueUrl=https://sqs.us-east-1.amazonaws.com/000000000000/q&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=AAE%3D&Version=2012-11-05",
		"Action=SendMessageBatch&QueueUrl=https://sqs.us-east-1.amazonaws.com/000000000000/q&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=%3C&SendMessageBatchRequestEntry.1.DelaySeconds=99999999999",
		"Action=ReceiveMessage&QueueUrl=https://sqs.us-east-1.amazonaws.com/000000000000/q&AttributeName=All&MessageAttributeName.1=All&MaxNumberOfMessages=x",
		"Action=CreateQueue&QueueName=q2&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=-1&Tag.1.Key=%ff",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		svc := sns.New(sns.WithClock(clk))
		if _, err := svc.CreateTopic(context.Background(), &sns.CreateTopicInput{Name: "t"}); err != nil {
			t.Fatal(err)
		}
		queues := sqs.New(sqs.WithAccount(svc.Account()))
		if _, err := queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "q"}); err != nil {
			t.Fatal(err)
		}
		srv := New(WithSNS(svc), WithSQS(queues))
		if v, err := url.ParseQuery(body); err == nil && v.Has("WaitTimeSeconds") {
			return // a long poll waits for a clock that nobody moves
		}
		rec := postQuery(srv, body)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
			return // the JSON front end's refusal of a request of no service
		}
		checkXML(t, rec)
	})
}

// postQuery sends body to srv as a form-encoded query request and
// returns the response.
func postQuery(srv http.Handler, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// checkXML fails t unless the response body is well-formed XML.
func checkXML(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("response is not XML (%v): %s", err, rec.Body.Bytes())
		}
	}
}
