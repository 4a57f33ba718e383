package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

func alarm(name string) arn.Alarm {
	return arn.Alarm{Partition: "aws", Region: region, AccountID: account, Name: name}
}

// An alarm ARN is arn:aws:cloudwatch:<region>:<account>:alarm:<name>, the
// name 1 to 255 characters of any text.
func TestParseAlarm(t *testing.T) {
	const prefix = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:"
	name255 := strings.Repeat("é", 255) // characters, not bytes
	testShape(t, arn.ParseAlarm, []shapeCase[arn.Alarm]{
		{name: "simple", in: prefix + "high-cpu", want: alarm("high-cpu")},
		{name: "spaces colons slashes", in: prefix + "TargetTracking-web: AlarmHigh/1", want: alarm("TargetTracking-web: AlarmHigh/1")},
		{name: "255 characters", in: prefix + name255, want: alarm(name255)},
		{name: "tab", in: prefix + "a\tb", want: alarm("a\tb")},
		{name: "256 characters", in: prefix + name255 + "é", bad: true},
		{name: "empty name", in: prefix, bad: true},
		{name: "control character", in: prefix + "a\x00b", bad: true},
		{name: "invalid UTF-8", in: prefix + "a\xffb", bad: true},
		{name: "U+FFFE", in: prefix + "a\uFFFEb", bad: true},
		{name: "not alarm:", in: "arn:aws:cloudwatch:us-east-1:123456789012:dashboard/d", bad: true},
		{name: "alarm/ instead of alarm:", in: "arn:aws:cloudwatch:us-east-1:123456789012:alarm/x", bad: true},
		{name: "another service", in: "arn:aws:monitoring:us-east-1:123456789012:alarm:x", bad: true},
	})
}
