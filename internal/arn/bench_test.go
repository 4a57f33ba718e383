package arn_test

import (
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

const (
	benchQueue = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"
	benchTopic = "arn:aws:sns:us-east-1:123456789012:orders"
)

// SQS and SNS parse ARNs on their hot paths (every delivery to a queue or
// topic named by ARN): a parse that succeeds allocates nothing, and a
// format allocates its result only.
func TestParsingAllocatesNothingAndFormattingOnce(t *testing.T) {
	for name, tc := range map[string]struct {
		run  func()
		want float64
	}{
		"Parse":             {func() { _, _ = arn.Parse(benchQueue) }, 0},
		"ParseQueue":        {func() { _, _ = arn.ParseQueue(benchQueue) }, 0},
		"ParseTopic":        {func() { _, _ = arn.ParseTopic(benchTopic) }, 0},
		"ParseFunctionName": {func() { _, _ = arn.ParseFunctionName("123456789012:function:resize:live") }, 0},
		"ParseListenerRule": {func() {
			_, _ = arn.ParseListenerRule("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee")
		}, 0},
		"Queue.String":        {func() { _ = queue("orders.fifo").String() }, 1},
		"Function.String":     {func() { _ = function("resize", "live").String() }, 1},
		"ListenerRule.String": {func() { _ = benchRule.String() }, 1},
	} {
		if got := testing.AllocsPerRun(100, tc.run); got != tc.want {
			t.Errorf("%s allocates %v times, want %v", name, got, tc.want)
		}
	}
}

var benchRule = arn.ListenerRule{
	Listener: arn.Listener{LoadBalancer: arn.LoadBalancer{Region: "us-east-1", AccountID: "123456789012", Type: arn.ALB, Name: "my-lb", ID: "50dc6c495c0c9188"}, ID: "f2f7dc8efc522ab2"},
	ID:       "9683b2d02a6cabee",
}

func BenchmarkParseQueue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := arn.ParseQueue(benchQueue); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTopic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := arn.ParseTopic(benchTopic); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQueueString(b *testing.B) {
	b.ReportAllocs()
	q := arn.Queue{Region: "us-east-1", AccountID: "123456789012", Name: "orders.fifo"}
	for b.Loop() {
		_ = q.String()
	}
}
