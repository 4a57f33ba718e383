package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// The handler's own cost per request: request bytes in, response bytes
// out, no SDK and no socket. Each benchmark runs the same requests through
// three handlers over the same kind of service:
//
//   - server: this package's handler;
//   - encoding/json: a trivial handler written beside it, which decodes the
//     same JSON shapes into structs with encoding/json, calls the same
//     service and encodes the output with encoding/json;
//   - service: the service method alone, with the input already decoded,
//     the floor both handlers stand on.
//
// The target: server within 1.5× of encoding/json, and at most 15
// allocations of its own (server minus service).

const benchBody = "order 1042: 3 × widget, ship to Ada Lovelace, 12 St James's Square, London" // 78 bytes, one non-ASCII

// benchQueue is a service on a sim.Clock with one queue.
func benchQueue(b *testing.B) (*sqs.Service, string) {
	svc, url, _ := benchQueueClock(b)
	return svc, url
}

// emptier returns a function that empties the queue, so that a send
// benchmark measures a request and not the collector scanning a heap of
// b.N messages.
func emptier(svc *sqs.Service, url string, clk *sim.Clock) func() {
	return func() {
		clk.Advance(sqs.PurgeInterval)
		if _, err := svc.PurgeQueue(context.Background(), &sqs.PurgeQueueInput{QueueUrl: url}); err != nil {
			panic(err)
		}
	}
}

func benchQueueClock(b *testing.B) (*sqs.Service, string, *sim.Clock) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	// b.N messages in flight at once in the receive and delete benchmarks.
	svc := sqs.New(sqs.WithClock(clk), sqs.WithInFlightLimit(1<<30))
	q, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return svc, q.QueueUrl, clk
}

// fill sends n messages and, with receive, receives them all, returning
// their receipt handles.
func fill(b *testing.B, svc *sqs.Service, url string, n int, receive bool) []string {
	ctx := context.Background()
	for range n {
		if _, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: benchBody}); err != nil {
			b.Fatal(err)
		}
	}
	if !receive {
		return nil
	}
	handles := make([]string, 0, n)
	for len(handles) < n {
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: sqs.Duration(12 * time.Hour)})
		if err != nil || len(out.Messages) == 0 {
			b.Fatal("fill: receive", err)
		}
		for _, m := range out.Messages {
			handles = append(handles, m.ReceiptHandle)
		}
	}
	return handles
}

// rbody is a request body that can be read again.
type rbody struct {
	b []byte
	i int
}

func (r *rbody) Read(p []byte) (int, error) {
	if r.i >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.i:])
	r.i += n
	return n, nil
}

func (r *rbody) Close() error { return nil }

// sink is a ResponseWriter that keeps nothing but the byte count.
type sink struct {
	h      http.Header
	status int
	n      int
}

func (s *sink) Header() http.Header { return s.h }
func (s *sink) WriteHeader(c int)   { s.status = c }
func (s *sink) Write(p []byte) (int, error) {
	s.n += len(p)
	return len(p), nil
}

// run serves b.N requests, the i-th with body(i), through h. With
// between, it calls between every 1,024 requests with the timer stopped.
func run(b *testing.B, h http.Handler, op string, body func(i int) []byte, between func()) {
	req, _ := http.NewRequest(http.MethodPost, "http://awssim/", nil)
	req.Header.Set("X-Amz-Target", "AmazonSQS."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	rb := &rbody{}
	w := &sink{h: make(http.Header)}
	in, out := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if between != nil && i%1024 == 1023 {
			b.StopTimer()
			between()
			b.StartTimer()
		}
		rb.b, rb.i = body(i), 0
		req.Body, req.ContentLength = rb, int64(len(rb.b))
		clear(w.h)
		w.status, w.n = 0, 0
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
		in += len(rb.b)
		out += w.n
	}
	b.StopTimer()
	b.ReportMetric(float64(in)/float64(b.N), "req-B/op")
	b.ReportMetric(float64(out)/float64(b.N), "resp-B/op")
}

// Wire shapes for the encoding/json handler: what the model says, with
// pointers where a member may be absent.
type (
	jsonAttr struct {
		DataType    string
		StringValue *string `json:",omitempty"`
		BinaryValue []byte  `json:",omitempty"`
	}
	jsonSendIn struct {
		QueueUrl                string
		MessageBody             string
		DelaySeconds            *int32
		MessageAttributes       map[string]jsonAttr
		MessageSystemAttributes map[string]jsonAttr
		MessageDeduplicationId  string
		MessageGroupId          string
	}
	jsonSendOut struct {
		MD5OfMessageBody             string `json:",omitempty"`
		MD5OfMessageAttributes       string `json:",omitempty"`
		MD5OfMessageSystemAttributes string `json:",omitempty"`
		MessageId                    string `json:",omitempty"`
		SequenceNumber               string `json:",omitempty"`
	}
	jsonReceiveIn struct {
		QueueUrl                    string
		AttributeNames              []string
		MessageSystemAttributeNames []string
		MessageAttributeNames       []string
		MaxNumberOfMessages         *int32
		VisibilityTimeout           *int32
		WaitTimeSeconds             *int32
		ReceiveRequestAttemptId     string
	}
	jsonMessage struct {
		MessageId              string
		ReceiptHandle          string
		MD5OfBody              string
		Body                   string
		Attributes             map[string]string   `json:",omitempty"`
		MD5OfMessageAttributes string              `json:",omitempty"`
		MessageAttributes      map[string]jsonAttr `json:",omitempty"`
	}
	jsonReceiveOut struct {
		Messages []jsonMessage `json:",omitempty"`
	}
	jsonDeleteIn struct {
		QueueUrl      string
		ReceiptHandle string
	}
)

func fromJSONAttrs(m map[string]jsonAttr) map[string]sqs.MessageAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]sqs.MessageAttributeValue, len(m))
	for k, v := range m {
		a := sqs.MessageAttributeValue{DataType: v.DataType, BinaryValue: v.BinaryValue}
		if v.StringValue != nil {
			a.StringValue = *v.StringValue
		}
		out[k] = a
	}
	return out
}

func seconds(n *int32) *time.Duration {
	if n == nil {
		return nil
	}
	return sqs.Duration(time.Duration(*n) * time.Second)
}

// jsonHandler is the trivial encoding/json handler: the same shapes, the
// same service, the same headers, no care for cost.
type jsonHandler struct {
	svc *sqs.Service
	n   int
}

func (h *jsonHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.n++
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-Requestid", strconv.Itoa(h.n))
	var out any
	var err error
	dec := json.NewDecoder(r.Body)
	switch strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") {
	case "SendMessage":
		var in jsonSendIn
		if err = dec.Decode(&in); err != nil {
			break
		}
		var o *sqs.SendMessageOutput
		o, err = h.svc.SendMessage(r.Context(), &sqs.SendMessageInput{
			QueueUrl: in.QueueUrl, MessageBody: in.MessageBody, Delay: seconds(in.DelaySeconds),
			MessageAttributes: fromJSONAttrs(in.MessageAttributes), MessageSystemAttributes: fromJSONAttrs(in.MessageSystemAttributes),
			MessageDeduplicationId: in.MessageDeduplicationId, MessageGroupId: in.MessageGroupId,
		})
		if err == nil {
			out = jsonSendOut{o.MD5OfMessageBody, o.MD5OfMessageAttributes, o.MD5OfMessageSystemAttributes, o.MessageId, o.SequenceNumber}
		}
	case "ReceiveMessage":
		var in jsonReceiveIn
		if err = dec.Decode(&in); err != nil {
			break
		}
		max := 0
		if in.MaxNumberOfMessages != nil {
			max = int(*in.MaxNumberOfMessages)
		}
		var o *sqs.ReceiveMessageOutput
		o, err = h.svc.ReceiveMessage(r.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: in.QueueUrl, MaxNumberOfMessages: max, VisibilityTimeout: seconds(in.VisibilityTimeout), WaitTime: seconds(in.WaitTimeSeconds),
			MessageSystemAttributeNames: in.MessageSystemAttributeNames, MessageAttributeNames: in.MessageAttributeNames,
			ReceiveRequestAttemptId: in.ReceiveRequestAttemptId,
		})
		if err == nil {
			var res jsonReceiveOut
			for _, m := range o.Messages {
				jm := jsonMessage{MessageId: m.MessageId, ReceiptHandle: m.ReceiptHandle, MD5OfBody: m.MD5OfBody, Body: m.Body,
					Attributes: m.Attributes, MD5OfMessageAttributes: m.MD5OfMessageAttributes}
				for k, v := range m.MessageAttributes {
					if jm.MessageAttributes == nil {
						jm.MessageAttributes = map[string]jsonAttr{}
					}
					jm.MessageAttributes[k] = jsonAttr{DataType: v.DataType, StringValue: &v.StringValue, BinaryValue: v.BinaryValue}
				}
				res.Messages = append(res.Messages, jm)
			}
			out = res
		}
	case "DeleteMessage":
		var in jsonDeleteIn
		if err = dec.Decode(&in); err != nil {
			break
		}
		_, err = h.svc.DeleteMessage(r.Context(), &sqs.DeleteMessageInput{QueueUrl: in.QueueUrl, ReceiptHandle: in.ReceiptHandle})
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"__type": "error", "message": err.Error()})
		return
	}
	w.WriteHeader(http.StatusOK)
	if out != nil {
		json.NewEncoder(w).Encode(out)
	}
}

// handlers returns the three ways of serving a request, each over a
// fresh service and queue.
func handlers() []struct {
	name string
	make func(*sqs.Service) http.Handler
} {
	return []struct {
		name string
		make func(*sqs.Service) http.Handler
	}{
		{"server", func(s *sqs.Service) http.Handler { return server.New(server.WithSQS(s)) }},
		{"encoding-json", func(s *sqs.Service) http.Handler { return &jsonHandler{svc: s} }},
	}
}

func BenchmarkSendMessage(b *testing.B) {
	for _, h := range handlers() {
		b.Run(h.name, func(b *testing.B) {
			svc, url, clk := benchQueueClock(b)
			body := []byte(fmt.Sprintf(`{"QueueUrl":%q,"MessageBody":%q}`, url, benchBody))
			run(b, h.make(svc), "SendMessage", func(int) []byte { return body }, emptier(svc, url, clk))
		})
	}
	b.Run("service", func(b *testing.B) {
		svc, url, clk := benchQueueClock(b)
		empty := emptier(svc, url, clk)
		ctx := context.Background()
		b.ReportAllocs()
		for i := range b.N {
			if i%1024 == 1023 {
				b.StopTimer()
				empty()
				b.StartTimer()
			}
			if _, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: benchBody}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkReceiveMessage(b *testing.B) {
	// As the SDK sends it from a worker: one message, its receive count.
	const shape = `{"QueueUrl":%q,"MaxNumberOfMessages":1,"MessageSystemAttributeNames":["ApproximateReceiveCount"],"WaitTimeSeconds":0}`
	for _, h := range handlers() {
		b.Run(h.name, func(b *testing.B) {
			svc, url := benchQueue(b)
			fill(b, svc, url, b.N, false)
			body := []byte(fmt.Sprintf(shape, url))
			run(b, h.make(svc), "ReceiveMessage", func(int) []byte { return body }, nil)
		})
	}
	b.Run("service", func(b *testing.B) {
		svc, url := benchQueue(b)
		fill(b, svc, url, b.N, false)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 1,
				MessageSystemAttributeNames: []string{sqs.SysAttributeApproximateReceiveCount}, WaitTime: sqs.Duration(0)})
			if err != nil || len(out.Messages) != 1 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDeleteMessage(b *testing.B) {
	for _, h := range handlers() {
		b.Run(h.name, func(b *testing.B) {
			svc, url := benchQueue(b)
			handles := fill(b, svc, url, b.N, true)
			bodies := make([][]byte, len(handles))
			for i, rh := range handles {
				bodies[i] = []byte(fmt.Sprintf(`{"QueueUrl":%q,"ReceiptHandle":%q}`, url, rh))
			}
			run(b, h.make(svc), "DeleteMessage", func(i int) []byte { return bodies[i] }, nil)
		})
	}
	b.Run("service", func(b *testing.B) {
		svc, url := benchQueue(b)
		handles := fill(b, svc, url, b.N, true)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if _, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: handles[i]}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
