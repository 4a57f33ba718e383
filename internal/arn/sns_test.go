package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

func topic(name string) arn.Topic {
	return arn.Topic{Partition: "aws", Region: region, AccountID: account, Name: name}
}

// A topic ARN is arn:aws:sns:<region>:<account>:<name>, the name 1 to 256
// letters, digits, hyphens and underscores, a FIFO topic's ending in
// ".fifo", which counts toward the 256.
func TestParseTopic(t *testing.T) {
	const prefix = "arn:aws:sns:us-east-1:123456789012:"
	name256 := strings.Repeat("t", 256)
	fifo256 := strings.Repeat("t", 251) + ".fifo"
	testShape(t, arn.ParseTopic, []shapeCase[arn.Topic]{
		{name: "standard", in: prefix + "orders", want: topic("orders")},
		{name: "256 chars", in: prefix + name256, want: topic(name256)},
		{name: "fifo", in: prefix + "orders.fifo", want: topic("orders.fifo")},
		{name: "fifo of 256 chars", in: prefix + fifo256, want: topic(fifo256)},
		{name: "257 chars", in: prefix + name256 + "t", bad: true},
		{name: "empty name", in: prefix, bad: true},
		{name: ".fifo alone", in: prefix + ".fifo", bad: true},
		{name: "dot", in: prefix + "or.ders", bad: true},
		{name: "subscription ARN", in: prefix + "orders:0a0b0c0d-1111-2222-3333-444455556666", bad: true},
		{name: "queue ARN", in: "arn:aws:sqs:us-east-1:123456789012:orders", bad: true},
		{name: "platform application", in: prefix + "app/GCM/x", bad: true},
	})
}

func TestTopicFIFO(t *testing.T) {
	if topic("t").FIFO() || !topic("t.fifo").FIFO() {
		t.Error("FIFO does not follow the .fifo suffix")
	}
}

// A subscription ARN is its topic's ARN, a colon, and the subscription's
// UUID.
func TestParseSubscription(t *testing.T) {
	const prefix = "arn:aws:sns:us-east-1:123456789012:"
	const id = "6b0e71bd-7e97-4d97-80ce-4a0994e55286"
	testShape(t, arn.ParseSubscription, []shapeCase[arn.Subscription]{
		{name: "standard topic", in: prefix + "orders:" + id, want: arn.Subscription{Topic: topic("orders"), ID: id}},
		{name: "fifo topic", in: prefix + "orders.fifo:" + id, want: arn.Subscription{Topic: topic("orders.fifo"), ID: id}},
		{name: "topic ARN", in: prefix + "orders", bad: true},
		{name: "empty ID", in: prefix + "orders:", bad: true},
		{name: "ID not a UUID", in: prefix + "orders:1234", bad: true},
		{name: "UUID in capitals", in: prefix + "orders:" + strings.ToUpper(id), bad: true},
		{name: "UUID without hyphens", in: prefix + "orders:" + strings.ReplaceAll(id, "-", "") + "abcd", bad: true},
		{name: "UUID with an extra section", in: prefix + "orders:" + id + ":x", bad: true},
		{name: "bad topic name", in: prefix + "or.ders:" + id, bad: true},
		{name: "empty topic name", in: prefix + ":" + id, bad: true},
		{name: "pending confirmation", in: "pending confirmation", bad: true},
		{name: "PendingConfirmation", in: "PendingConfirmation", bad: true},
		{name: "another service", in: "arn:aws:sqs:us-east-1:123456789012:orders:" + id, bad: true},
	})
}

// A subscription's Topic field is its topic's ARN.
func TestSubscriptionTopicIsTheTopicARN(t *testing.T) {
	s, err := arn.ParseSubscription("arn:aws:sns:eu-west-3:123456789012:orders:6b0e71bd-7e97-4d97-80ce-4a0994e55286")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Topic.String(); got != "arn:aws:sns:eu-west-3:123456789012:orders" {
		t.Errorf("Topic formats as %q", got)
	}
}
