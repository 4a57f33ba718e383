package arn_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

// shape is what every ARN shape of the package is: comparable, and
// formatted by String.
type shape interface {
	comparable
	String() string
}

// shapeCase is one row of a shape's table: the input and, when valid, the
// parts it parses into; when not, nothing.
type shapeCase[T shape] struct {
	name string
	in   string
	want T    // the parts, when valid
	bad  bool // malformed
}

// testShape runs a shape's table: a valid input parses into its parts,
// which format back into the input; a malformed one fails with an error
// that matches ErrMalformed, quotes the input, and returns the zero value.
func testShape[T shape](t *testing.T, parse func(string) (T, error), cases []shapeCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse(tc.in)
			var zero T
			if tc.bad {
				if !errors.Is(err, arn.ErrMalformed) {
					t.Fatalf("parse(%q) = %+v, %v; want ErrMalformed", tc.in, got, err)
				}
				if got != zero {
					t.Errorf("parse(%q) returned %+v with its error", tc.in, got)
				}
				if !strings.Contains(err.Error(), strconv.Quote(tc.in)) {
					t.Errorf("error %q does not quote the input", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if s := tc.want.String(); s != tc.in {
				t.Errorf("%+v formats as %q, want %q", tc.want, s, tc.in)
			}
		})
	}
}

const (
	region  = "us-east-1"
	account = "123456789012"
)

func TestParseTakesAnyServiceApart(t *testing.T) {
	testShape(t, arn.Parse, []shapeCase[arn.ARN]{
		{name: "sqs queue", in: "arn:aws:sqs:us-east-1:123456789012:q",
			want: arn.ARN{Partition: "aws", Service: "sqs", Region: region, AccountID: account, Resource: "q"}},
		{name: "resource with colons and slashes", in: "arn:aws:lambda:us-east-1:123456789012:function:f:live/x",
			want: arn.ARN{Partition: "aws", Service: "lambda", Region: region, AccountID: account, Resource: "function:f:live/x"}},
		{name: "iam has no region", in: "arn:aws:iam::123456789012:role/service-role/x",
			want: arn.ARN{Partition: "aws", Service: "iam", AccountID: account, Resource: "role/service-role/x"}},
		{name: "s3 has neither region nor account", in: "arn:aws:s3:::bucket",
			want: arn.ARN{Partition: "aws", Service: "s3", Resource: "bucket"}},
		{name: "china partition", in: "arn:aws-cn:sqs:cn-north-1:123456789012:q",
			want: arn.ARN{Partition: "aws-cn", Service: "sqs", Region: "cn-north-1", AccountID: account, Resource: "q"}},
		{name: "partition not checked beyond being there", in: "arn:other:x:r:a:res",
			want: arn.ARN{Partition: "other", Service: "x", Region: "r", AccountID: "a", Resource: "res"}},
		{name: "empty", in: "", bad: true},
		{name: "no prefix", in: "aws:sqs:us-east-1:123456789012:q", bad: true},
		{name: "prefix in capitals", in: "ARN:aws:sqs:us-east-1:123456789012:q", bad: true},
		{name: "five sections", in: "arn:aws:sqs:us-east-1:123456789012", bad: true},
		{name: "prefix only", in: "arn:", bad: true},
		{name: "empty partition", in: "arn::sqs:us-east-1:123456789012:q", bad: true},
		{name: "empty service", in: "arn:aws::us-east-1:123456789012:q", bad: true},
		{name: "empty resource", in: "arn:aws:sqs:us-east-1:123456789012:", bad: true},
		{name: "all empty", in: "arn:aws:sqs:::", bad: true},
	})
}

func TestEmptyPartitionFormatsAsAWS(t *testing.T) {
	if got := (arn.ARN{Service: "sqs", Region: region, AccountID: account, Resource: "q"}).String(); got != "arn:aws:sqs:us-east-1:123456789012:q" {
		t.Errorf("ARN formats as %q", got)
	}
	if got := (arn.Queue{Region: region, AccountID: account, Name: "q"}).String(); got != "arn:aws:sqs:us-east-1:123456789012:q" {
		t.Errorf("Queue formats as %q", got)
	}
}

func TestMalformedErrorSaysWhatAndWhy(t *testing.T) {
	_, err := arn.ParseQueue("arn:aws:sqs:us-east-1:1234:q")
	want := `arn: malformed SQS queue ARN "arn:aws:sqs:us-east-1:1234:q": the account ID is not 12 digits`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	if !errors.Is(err, arn.ErrMalformed) {
		t.Error("the error does not match ErrMalformed")
	}
}

// The shape parsers share the checks of the partition, region and account
// ID; an SQS queue stands for them all here.
func TestShapesCheckPartitionRegionAndAccount(t *testing.T) {
	testShape(t, arn.ParseQueue, []shapeCase[arn.Queue]{
		{name: "gov partition", in: "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q",
			want: arn.Queue{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: account, Name: "q"}},
		{name: "partition not aws", in: "arn:azure:sqs:us-east-1:123456789012:q", bad: true},
		{name: "partition with a digit", in: "arn:aws1:sqs:us-east-1:123456789012:q", bad: true},
		{name: "empty partition", in: "arn::sqs:us-east-1:123456789012:q", bad: true},
		{name: "empty region", in: "arn:aws:sqs::123456789012:q", bad: true},
		{name: "region in capitals", in: "arn:aws:sqs:US-EAST-1:123456789012:q", bad: true},
		{name: "region with a space", in: "arn:aws:sqs:us east:123456789012:q", bad: true},
		{name: "empty account", in: "arn:aws:sqs:us-east-1::q", bad: true},
		{name: "11-digit account", in: "arn:aws:sqs:us-east-1:12345678901:q", bad: true},
		{name: "13-digit account", in: "arn:aws:sqs:us-east-1:1234567890123:q", bad: true},
		{name: "account with a letter", in: "arn:aws:sqs:us-east-1:12345678901a:q", bad: true},
		{name: "account with unicode digits", in: "arn:aws:sqs:us-east-1:１２３４５６７８９０１２:q", bad: true},
	})
}

// parsers are every shape parser, by name, reporting only the error.
var parsers = map[string]func(string) error{
	"ParseQueue":                 func(s string) error { _, err := arn.ParseQueue(s); return err },
	"ParseTopic":                 func(s string) error { _, err := arn.ParseTopic(s); return err },
	"ParseSubscription":          func(s string) error { _, err := arn.ParseSubscription(s); return err },
	"ParseFunction":              func(s string) error { _, err := arn.ParseFunction(s); return err },
	"ParseRole":                  func(s string) error { _, err := arn.ParseRole(s); return err },
	"ParseAlarm":                 func(s string) error { _, err := arn.ParseAlarm(s); return err },
	"ParseLoadBalancer":          func(s string) error { _, err := arn.ParseLoadBalancer(s); return err },
	"ParseTargetGroup":           func(s string) error { _, err := arn.ParseTargetGroup(s); return err },
	"ParseListener":              func(s string) error { _, err := arn.ParseListener(s); return err },
	"ParseListenerRule":          func(s string) error { _, err := arn.ParseListenerRule(s); return err },
	"ParseAutoScalingGroup":      func(s string) error { _, err := arn.ParseAutoScalingGroup(s); return err },
	"ParseScalingPolicy":         func(s string) error { _, err := arn.ParseScalingPolicy(s); return err },
	"ParseApplication":           func(s string) error { _, err := arn.ParseApplication(s); return err },
	"ParseApplicationVersion":    func(s string) error { _, err := arn.ParseApplicationVersion(s); return err },
	"ParseEnvironment":           func(s string) error { _, err := arn.ParseEnvironment(s); return err },
	"ParseConfigurationTemplate": func(s string) error { _, err := arn.ParseConfigurationTemplate(s); return err },
}

// Every shape parser refuses what is not an ARN, and the ARN of a service
// that is not its own.
func TestEveryParserRefusesNonARNsAndOtherServices(t *testing.T) {
	for name, parse := range parsers {
		for _, in := range []string{"", "q", "arn:aws", "arn:aws:s3:::bucket", "arn:aws:dynamodb:us-east-1:123456789012:table/t"} {
			if err := parse(in); !errors.Is(err, arn.ErrMalformed) {
				t.Errorf("%s(%q) = %v; want ErrMalformed", name, in, err)
			}
		}
	}
}

// Namespace reads the service of anything Parse accepts, and refuses what
// has no partition or service.
func TestNamespace(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"arn:aws:sqs:us-east-1:000000000000:orders", "sqs", true},
		{"arn:aws-cn:lambda:cn-north-1:000000000000:function:f", "lambda", true},
		{"arn:aws:iam::000000000000:role/r", "iam", true},
		{"arn:aws:sns", "", false},
		{"arn::sqs:r:a:q", "", false},
		{"arn:aws::r:a:q", "", false},
		{"orders", "", false},
		{"", "", false},
	} {
		got, ok := arn.Namespace(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Namespace(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
		if a, err := arn.Parse(c.in); err == nil && (!ok || a.Service != got) {
			t.Errorf("Namespace(%q) disagrees with Parse: %q", c.in, a.Service)
		}
	}
}
