package arn_test

import (
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

// A permission's SourceArn is an ARN of any service whose region and
// account may be empty and whose resource is anything, wildcards
// included (Lambda API Reference: AddPermission, SourceArn).
func TestParseSourceARN(t *testing.T) {
	testShape(t, arn.ParseSourceARN, []shapeCase[arn.ARN]{
		{name: "topic", in: "arn:aws:sns:us-east-1:123456789012:orders",
			want: arn.ARN{Partition: "aws", Service: "sns", Region: region, AccountID: account, Resource: "orders"}},
		{name: "bucket without region or account", in: "arn:aws:s3:::bucket",
			want: arn.ARN{Partition: "aws", Service: "s3", Resource: "bucket"}},
		{name: "wildcard resource", in: "arn:aws:execute-api:us-east-1:123456789012:api/*/GET/*",
			want: arn.ARN{Partition: "aws", Service: "execute-api", Region: region, AccountID: account, Resource: "api/*/GET/*"}},
		{name: "empty resource", in: "arn:aws:sns:us-east-1:123456789012:",
			want: arn.ARN{Partition: "aws", Service: "sns", Region: region, AccountID: account}},
		{name: "not an ARN", in: "orders", bad: true},
		{name: "five sections", in: "arn:aws:sns:us-east-1:123456789012", bad: true},
		{name: "other partition", in: "arn:azure:sns:us-east-1:123456789012:t", bad: true},
		{name: "empty service", in: "arn:aws::us-east-1:123456789012:t", bad: true},
		{name: "service with a dot", in: "arn:aws:sns.x:us-east-1:123456789012:t", bad: true},
		{name: "upper-case region", in: "arn:aws:sns:US-EAST-1:123456789012:t", bad: true},
		{name: "11-digit account", in: "arn:aws:sns:us-east-1:12345678901:t", bad: true},
	})
}
