package cloud_test

import (
	"context"
	"testing"

	"github.com/awssim/awssim/cloud"
)

// BenchmarkDeliver is the router's own cost: from Deliver to a receiver
// that does nothing, as SNS pays it once per queue subscription.
func BenchmarkDeliver(b *testing.B) {
	a := cloud.New()
	a.Join("sqs", "noop", func(context.Context, string, cloud.Message) error { return nil })
	ctx := context.Background()
	m := cloud.Message{Body: "x"}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:orders", m); err != nil {
			b.Fatal(err)
		}
	}
}
