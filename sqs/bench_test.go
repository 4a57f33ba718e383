package sqs_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

func benchService(b *testing.B, opts ...sqs.Option) (*sqs.Service, *sim.Clock, string) {
	b.Helper()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	svc := sqs.New(append([]sqs.Option{sqs.WithClock(clk)}, opts...)...)
	q, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return svc, clk, q.QueueUrl
}

// BenchmarkSendReceiveDelete is one message's round trip: send, receive,
// delete. Target: ≤ 1.5 µs and ≤ 10 allocations.
func BenchmarkSendReceiveDelete(b *testing.B) {
	ctx := context.Background()
	svc, _, url := benchService(b)
	body := "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: body}); err != nil {
			b.Fatal(err)
		}
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
		if err != nil || len(out.Messages) != 1 {
			b.Fatal(err, out)
		}
		if _, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: out.Messages[0].ReceiptHandle}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatch10 sends, receives and deletes ten messages per iteration
// with the batch operations. Target: ≤ 0.8 µs per message.
func BenchmarkBatch10(b *testing.B) {
	ctx := context.Background()
	svc, _, url := benchService(b)
	send := &sqs.SendMessageBatchInput{QueueUrl: url}
	for i := range 10 {
		send.Entries = append(send.Entries, sqs.SendMessageBatchRequestEntry{Id: "m" + strconv.Itoa(i), MessageBody: "message body " + strconv.Itoa(i)})
	}
	del := &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: make([]sqs.DeleteMessageBatchRequestEntry, 10)}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := svc.SendMessageBatch(ctx, send); err != nil {
			b.Fatal(err)
		}
		out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
		if err != nil || len(out.Messages) != 10 {
			b.Fatal(err, len(out.Messages))
		}
		for i, m := range out.Messages {
			del.Entries[i] = sqs.DeleteMessageBatchRequestEntry{Id: send.Entries[i].Id, ReceiptHandle: m.ReceiptHandle}
		}
		if _, err := svc.DeleteMessageBatch(ctx, del); err != nil {
			b.Fatal(err)
		}
		n += 10
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/msg")
}

// BenchmarkDeepQueue measures receive and delete with many messages
// stored and many in flight: with 1,000,000 stored and 100,000 in flight
// they should cost within 2× of the 1,000-message case. Each iteration also
// sends one message, to keep the depth constant; both cases pay for it.
func BenchmarkDeepQueue(b *testing.B) {
	for _, size := range []struct {
		name             string
		stored, inFlight int
	}{
		{"stored=1000/inflight=100", 1000, 100},
		{"stored=1000000/inflight=100000", 1_000_000, 100_000},
	} {
		b.Run(size.name, func(b *testing.B) {
			ctx := context.Background()
			svc, _, url := benchService(b)
			fill(b, svc, url, size.stored)
			// Take inFlight messages in flight for the whole benchmark.
			hide := &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: sqs.Duration(12 * time.Hour)}
			for taken := 0; taken < size.inFlight; taken += 10 {
				if _, err := svc.ReceiveMessage(ctx, hide); err != nil {
					b.Fatal(err)
				}
			}
			recv := &sqs.ReceiveMessageInput{QueueUrl: url}
			send := &sqs.SendMessageInput{QueueUrl: url, MessageBody: "replacement body"}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				out, err := svc.ReceiveMessage(ctx, recv)
				if err != nil || len(out.Messages) != 1 {
					b.Fatal(err, out)
				}
				if _, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: out.Messages[0].ReceiptHandle}); err != nil {
					b.Fatal(err)
				}
				if _, err := svc.SendMessage(ctx, send); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fill sends n messages of 100 bytes with SendMessageBatch.
func fill(b *testing.B, svc *sqs.Service, url string, n int) {
	b.Helper()
	ctx := context.Background()
	in := &sqs.SendMessageBatchInput{QueueUrl: url}
	for i := range 10 {
		in.Entries = append(in.Entries, sqs.SendMessageBatchRequestEntry{Id: strconv.Itoa(i)})
	}
	for sent := 0; sent < n; sent += 10 {
		for i := range in.Entries {
			// A distinct 100-byte body per message, as real traffic has.
			in.Entries[i].MessageBody = fmt.Sprintf("%0100d", sent+i)
		}
		if _, err := svc.SendMessageBatch(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryMillionMessages reports the heap that 1,000,000 stored
// messages of 100 bytes take. Target: ≤ 400 MB.
func BenchmarkMemoryMillionMessages(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		svc, _, url := benchService(b)
		fill(b, svc, url, 1_000_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "heap-MB")
		runtime.KeepAlive(svc)
	}
}

// BenchmarkConsumerDrain drains a backlog of 100,000 messages through a
// Consumer with five pollers whose handler reports each batch done at
// once, so the whole drain runs inside NewConsumer: receives of ten,
// batches cut from the pool, deletes ten to a request. Sending the backlog
// is not timed. It reports the cost per message.
func BenchmarkConsumerDrain(b *testing.B) {
	for _, batching := range []sqs.Batching{{Size: 10}, {Size: 100, Window: time.Second}} {
		b.Run(fmt.Sprintf("size=%d/window=%v", batching.Size, batching.Window), func(b *testing.B) {
			const n = 100_000
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				svc, _, url := benchService(b)
				fill(b, svc, url, n)
				b.StartTimer()
				c, err := svc.NewConsumer(sqs.ConsumerConfig{QueueUrl: url, Pollers: 5, Batching: batching,
					Handler: func(batch *sqs.Batch) { batch.Done(sqs.Outcome{}) }})
				if err != nil {
					b.Fatal(err)
				}
				if st := c.Stats(); st.Deleted != n {
					b.Fatalf("deleted %d of %d", st.Deleted, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N), "ns/msg")
		})
	}
}

// BenchmarkMetricsMinute is one minute of WithMetrics collection for a
// queue of 10 and of 100,000 messages: sampling costs per queue, not per
// message, so both cost the same.
func BenchmarkMetricsMinute(b *testing.B) {
	for _, depth := range []int{10, 100_000} {
		b.Run(fmt.Sprintf("messages=%d", depth), func(b *testing.B) {
			ctx := context.Background()
			clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			cw := cloudwatch.New(cloudwatch.WithAccount(cloud.New(cloud.WithClock(clk))))
			svc := sqs.New(sqs.WithMetrics(cw))
			q, err := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "deep"})
			if err != nil {
				b.Fatal(err)
			}
			for range depth {
				if _, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "m"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				clk.Advance(time.Minute)
			}
		})
	}
}
