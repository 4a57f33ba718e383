package sdktest

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// The cost of a send, a receive and a delete through the real
// aws-sdk-go-v2 SQS client in process, over two servers:
//
//   - server: server.New(server.WithSQS(...)) through srv.Client();
//   - encoding-json: a trivial handler written below, which decodes and
//     encodes the same AWS JSON 1.0 shapes with encoding/json over a
//     slice of messages, through srv.Client()'s own in-process transport
//     (server.HandlerTransport). It is the floor: what the SDK costs by itself.
//
// The target: server within 1.2× of encoding-json.
//
//	cd sdktest && go test -run '^$' -bench SendReceiveDelete -count 6

const benchBody = "order 1042: 3 × widget, ship to Ada Lovelace, 12 St James's Square, London" // 78 bytes, one non-ASCII

func BenchmarkSendReceiveDelete(b *testing.B) {
	b.Run("server", func(b *testing.B) {
		clk := sim.NewClock(start)
		svc := sqs.New(sqs.WithClock(clk))
		srv := server.New(server.WithSQS(svc))
		benchSendReceiveDelete(b, srv.Client())
	})
	b.Run("encoding-json", func(b *testing.B) {
		benchSendReceiveDelete(b, &http.Client{Transport: server.HandlerTransport(&trivialSQS{inFlight: map[string]trivialMessage{}})})
	})
}

// benchSendReceiveDelete creates a queue through hc and runs b.N rounds of
// SendMessage, ReceiveMessage and DeleteMessage, with the SDK's MD5
// validation on (its default).
func benchSendReceiveDelete(b *testing.B, hc *http.Client) {
	ctx := context.Background()
	client := awssqs.NewFromConfig(sdkConfig(b), func(o *awssqs.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = hc
	})
	q, err := client.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	url := q.QueueUrl
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String(benchBody)}); err != nil {
			b.Fatal(err)
		}
		got, err := client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 1})
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != benchBody {
			b.Fatalf("received %v", got.Messages)
		}
		if _, err := client.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: got.Messages[0].ReceiptHandle}); err != nil {
			b.Fatal(err)
		}
	}
}

// Wire shapes of the trivial handler, as the SQS model has them.
type (
	trivialSendIn struct {
		QueueUrl    string
		MessageBody string
	}
	trivialSendOut struct {
		MD5OfMessageBody string
		MessageId        string
	}
	trivialReceiveIn struct {
		QueueUrl            string
		MaxNumberOfMessages *int32
	}
	trivialMessage struct {
		MessageId     string
		ReceiptHandle string
		MD5OfBody     string
		Body          string
	}
	trivialReceiveOut struct {
		Messages []trivialMessage `json:",omitempty"`
	}
	trivialDeleteIn struct {
		QueueUrl      string
		ReceiptHandle string
	}
	trivialCreateIn struct {
		QueueName string
	}
	trivialCreateOut struct {
		QueueUrl string
	}
)

// trivialSQS is the trivial encoding/json handler: one queue, whatever the
// URL, its messages in a slice, no care for cost. It answers CreateQueue,
// SendMessage, ReceiveMessage and DeleteMessage, the last two with
// AWS.SimpleQueueService.ReceiptHandleIsInvalid for a handle it did not
// give.
type trivialSQS struct {
	mu       sync.Mutex
	n        int
	ready    []trivialMessage
	inFlight map[string]trivialMessage
}

func (h *trivialSQS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	id := strconv.Itoa(h.n)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-Requestid", id)
	dec := json.NewDecoder(r.Body)
	var out any
	var err error
	switch strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") {
	case "CreateQueue":
		var in trivialCreateIn
		if err = dec.Decode(&in); err == nil {
			out = trivialCreateOut{"http://awssim/000000000000/" + in.QueueName}
		}
	case "SendMessage":
		var in trivialSendIn
		if err = dec.Decode(&in); err == nil {
			sum := md5.Sum([]byte(in.MessageBody))
			m := trivialMessage{MessageId: id, MD5OfBody: hex.EncodeToString(sum[:]), Body: in.MessageBody}
			h.ready = append(h.ready, m)
			out = trivialSendOut{m.MD5OfBody, m.MessageId}
		}
	case "ReceiveMessage":
		var in trivialReceiveIn
		if err = dec.Decode(&in); err == nil {
			n := 1
			if in.MaxNumberOfMessages != nil {
				n = int(*in.MaxNumberOfMessages)
			}
			n = min(n, len(h.ready))
			var res trivialReceiveOut
			for _, m := range h.ready[:n] {
				m.ReceiptHandle = "rh-" + m.MessageId + "-" + id
				h.inFlight[m.ReceiptHandle] = m
				res.Messages = append(res.Messages, m)
			}
			h.ready = h.ready[n:]
			out = res
		}
	case "DeleteMessage":
		var in trivialDeleteIn
		if err = dec.Decode(&in); err == nil {
			if _, ok := h.inFlight[in.ReceiptHandle]; !ok {
				w.WriteHeader(http.StatusBadRequest)
				json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazonaws.sqs#ReceiptHandleIsInvalid", "message": "unknown receipt handle"})
				return
			}
			delete(h.inFlight, in.ReceiptHandle)
			out = struct{}{}
		}
	default:
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazonaws.sqs#InvalidAction", "message": "not in the trivial handler"})
		return
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazon.coral.service#SerializationException", "message": err.Error()})
		return
	}
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(out)
}
