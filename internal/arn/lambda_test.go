package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

func function(name, qualifier string) arn.Function {
	return arn.Function{Partition: "aws", Region: region, AccountID: account, Name: name, Qualifier: qualifier}
}

// A function ARN is arn:aws:lambda:<region>:<account>:function:<name>,
// qualified by ":<version>", ":$LATEST" or ":<alias>"; a name is 1 to 64
// letters, digits, hyphens and underscores, a qualifier 1 to 128.
func TestParseFunction(t *testing.T) {
	const prefix = "arn:aws:lambda:us-east-1:123456789012:function:"
	name64, alias128 := strings.Repeat("n", 64), strings.Repeat("a", 128)
	testShape(t, arn.ParseFunction, []shapeCase[arn.Function]{
		{name: "unqualified", in: prefix + "resize", want: function("resize", "")},
		{name: "version", in: prefix + "resize:3", want: function("resize", "3")},
		{name: "$LATEST", in: prefix + "resize:$LATEST", want: function("resize", "$LATEST")},
		{name: "$LATEST.PUBLISHED", in: prefix + "resize:$LATEST.PUBLISHED", want: function("resize", "$LATEST.PUBLISHED")},
		{name: "alias", in: prefix + "resize:live_2-b", want: function("resize", "live_2-b")},
		{name: "64-char name", in: prefix + name64, want: function(name64, "")},
		{name: "128-char alias", in: prefix + "f:" + alias128, want: function("f", alias128)},
		{name: "65-char name", in: prefix + name64 + "n", bad: true},
		{name: "129-char alias", in: prefix + "f:" + alias128 + "a", bad: true},
		{name: "empty name", in: prefix, bad: true},
		{name: "empty name with qualifier", in: prefix + ":1", bad: true},
		{name: "empty qualifier", in: prefix + "f:", bad: true},
		{name: "two qualifiers", in: prefix + "f:1:2", bad: true},
		{name: "dot in name", in: prefix + "re.size", bad: true},
		{name: "slash in name", in: prefix + "re/size", bad: true},
		{name: "dollar in alias", in: prefix + "f:$live", bad: true},
		{name: "$LATEST in lowercase", in: prefix + "f:$latest", bad: true},
		{name: "not function:", in: "arn:aws:lambda:us-east-1:123456789012:layer:l:1", bad: true},
		{name: "no account", in: "arn:aws:lambda:us-east-1:function:f", bad: true},
		{name: "empty partition", in: "arn::lambda:us-east-1:123456789012:function:f", bad: true},
		{name: "another service", in: "arn:aws:sqs:us-east-1:123456789012:function:f", bad: true},
		{name: "partial ARN", in: "123456789012:function:f", bad: true},
		{name: "name", in: "f", bad: true},
	})
}

// FunctionName takes a name, a full ARN or a partial ARN
// (<account>:function:<name>), each with an optional qualifier.
func TestParseFunctionName(t *testing.T) {
	const full = "arn:aws:lambda:us-east-1:123456789012:function:"
	partial := func(name, qualifier string) arn.Function {
		return arn.Function{AccountID: account, Name: name, Qualifier: qualifier}
	}
	name := func(name, qualifier string) arn.Function { return arn.Function{Name: name, Qualifier: qualifier} }
	name64 := strings.Repeat("n", 64)
	cases := []struct {
		name string
		in   string
		want arn.Function
		bad  bool
	}{
		{name: "name", in: "resize", want: name("resize", "")},
		{name: "name with version", in: "resize:1", want: name("resize", "1")},
		{name: "name with $LATEST", in: "resize:$LATEST", want: name("resize", "$LATEST")},
		{name: "name with alias", in: "resize:live", want: name("resize", "live")},
		{name: "64-char name", in: name64, want: name(name64, "")},
		{name: "full ARN", in: full + "resize", want: function("resize", "")},
		{name: "full ARN with alias", in: full + "resize:live", want: function("resize", "live")},
		{name: "full ARN of another region", in: "arn:aws:lambda:eu-west-1:123456789012:function:f",
			want: arn.Function{Partition: "aws", Region: "eu-west-1", AccountID: account, Name: "f"}},
		{name: "full ARN without partition", in: "arn::lambda:us-east-1:123456789012:function:f",
			want: arn.Function{Region: region, AccountID: account, Name: "f"}},
		{name: "partial ARN", in: "123456789012:function:resize", want: partial("resize", "")},
		{name: "partial ARN with version", in: "123456789012:function:resize:7", want: partial("resize", "7")},
		{name: "empty", in: "", bad: true},
		{name: "65-char name", in: name64 + "n", bad: true},
		{name: "dot", in: "re.size", bad: true},
		{name: "space", in: "re size", bad: true},
		{name: "slash", in: "re/size", bad: true},
		{name: "unicode", in: "résumé", bad: true},
		{name: "empty qualifier", in: "resize:", bad: true},
		{name: "empty name", in: ":1", bad: true},
		{name: "two qualifiers", in: "resize:1:2", bad: true},
		{name: "bad qualifier", in: "resize:a b", bad: true},
		{name: "partial ARN with 11-digit account", in: "12345678901:function:resize", bad: true},
		{name: "partial ARN without function:", in: "123456789012:resize:1", bad: true},
		{name: "region and account without arn:", in: "us-east-1:123456789012:function:resize", bad: true},
		{name: "ARN of another service", in: "arn:aws:sqs:us-east-1:123456789012:resize", bad: true},
		{name: "ARN of another partition form", in: "arn:azure:lambda:us-east-1:123456789012:function:f", bad: true},
		{name: "ARN without function:", in: "arn:aws:lambda:us-east-1:123456789012:resize", bad: true},
		{name: "ARN without account", in: "arn:aws:lambda:us-east-1:function:resize", bad: true},
		{name: "ARN with a bad region", in: "arn:aws:lambda:US-EAST-1:123456789012:function:resize", bad: true},
		{name: "ARN with a bad name", in: full + "re.size", bad: true},
		{name: "ARN with two qualifiers", in: full + "resize:1:2", bad: true},
		{name: "short ARN", in: "arn:aws:lambda", bad: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := arn.ParseFunctionName(tc.in)
			if tc.bad {
				if !errors.Is(err, arn.ErrMalformed) || got != (arn.Function{}) {
					t.Fatalf("ParseFunctionName(%q) = %+v, %v; want ErrMalformed", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseFunctionName(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

// Whatever form names a function, filling in the service's region and
// account formats its ARN.
func TestFunctionNameFormatsOnceRegionAndAccountAreFilledIn(t *testing.T) {
	for _, ref := range []string{"f:live", "123456789012:function:f:live", "arn:aws:lambda:us-east-1:123456789012:function:f:live"} {
		f, err := arn.ParseFunctionName(ref)
		if err != nil {
			t.Fatal(err)
		}
		f.Region, f.AccountID = region, account
		if got := f.String(); got != "arn:aws:lambda:us-east-1:123456789012:function:f:live" {
			t.Errorf("%q formats as %q", ref, got)
		}
	}
}
