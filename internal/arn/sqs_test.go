package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

func queue(name string) arn.Queue {
	return arn.Queue{Partition: "aws", Region: region, AccountID: account, Name: name}
}

// A queue ARN is arn:aws:sqs:<region>:<account>:<name>, the name 1 to 80
// letters, digits, hyphens and underscores, a FIFO queue's ending in
// ".fifo", which counts toward the 80.
func TestParseQueue(t *testing.T) {
	const prefix = "arn:aws:sqs:us-east-1:123456789012:"
	name80 := strings.Repeat("q", 80)
	fifo80 := strings.Repeat("q", 75) + ".fifo"
	testShape(t, arn.ParseQueue, []shapeCase[arn.Queue]{
		{name: "standard", in: prefix + "orders", want: queue("orders")},
		{name: "letters digits hyphen underscore", in: prefix + "Or-ders_2", want: queue("Or-ders_2")},
		{name: "one char", in: prefix + "q", want: queue("q")},
		{name: "80 chars", in: prefix + name80, want: queue(name80)},
		{name: "fifo", in: prefix + "orders.fifo", want: queue("orders.fifo")},
		{name: "fifo of 80 chars", in: prefix + fifo80, want: queue(fifo80)},
		{name: "81 chars", in: prefix + name80 + "q", bad: true},
		{name: "fifo of 81 chars", in: prefix + "q" + fifo80, bad: true},
		{name: "empty name", in: prefix, bad: true},
		{name: ".fifo alone", in: prefix + ".fifo", bad: true},
		{name: "dot", in: prefix + "or.ders", bad: true},
		{name: "double fifo", in: prefix + "q.fifo.fifo", bad: true},
		{name: "space", in: prefix + "or ders", bad: true},
		{name: "colon in name", in: prefix + "a:b", bad: true},
		{name: "slash in name", in: prefix + "a/b", bad: true},
		{name: "unicode", in: prefix + "résumé", bad: true},
		{name: "topic ARN", in: "arn:aws:sns:us-east-1:123456789012:orders", bad: true},
		{name: "queue URL", in: "https://sqs.us-east-1.amazonaws.com/123456789012/orders", bad: true},
		{name: "five sections", in: "arn:aws:sqs:us-east-1:123456789012", bad: true},
	})
}

func TestQueueFIFO(t *testing.T) {
	for name, want := range map[string]bool{"q": false, "q.fifo": true, "fifo": false, "q.FIFO": false} {
		if got := queue(name).FIFO(); got != want {
			t.Errorf("Queue{Name: %q}.FIFO() = %v", name, got)
		}
	}
}
