// Package arn parses and formats the Amazon Resource Names of the
// resources awssim simulates. Every ARN in awssim is built and taken apart
// here, so that no service splits an ARN by hand and every service accepts
// the same ARN the same way.
//
// [ARN] and [Parse] handle the general form
//
//	arn:partition:service:region:account-id:resource
//
// and each shape a service uses has a type of its own, whose String method
// formats it and whose Parse function checks it and returns its parts:
//
//   - SQS: [Queue]
//   - SNS: [Topic], [Subscription]
//   - Lambda: [Function], and [ParseFunctionName] for the FunctionName
//     parameter, which also takes names and partial ARNs
//   - IAM: [Role]
//   - CloudWatch: [Alarm]
//   - Elastic Load Balancing: [LoadBalancer], [TargetGroup], [Listener],
//     [ListenerRule]
//   - Auto Scaling: [AutoScalingGroup], [ScalingPolicy]
//   - Elastic Beanstalk: [Application], [ApplicationVersion], [Environment],
//     [ConfigurationTemplate]
//
// A shape's String method never fails: it formats whatever its fields hold,
// and an empty Partition formats as "aws", so that a service writes
//
//	arn.Queue{Region: s.region, AccountID: s.account, Name: name}.String()
//
// A Parse function reports input that does not have its shape with an
// error that matches [ErrMalformed]; callers turn it into the AWS error
// their operation returns. Parsing allocates nothing unless it fails: the
// parts are substrings of the input.
//
// Every shape parser requires a partition of the form AWS's API models
// give ("aws" followed by letters and hyphens: aws, aws-cn, aws-us-gov…),
// a region of lowercase letters, digits and hyphens (none for IAM), and a
// 12-digit account ID. It does not compare them with a service's own: a
// service that must refuse another partition, region or account does so
// itself.
package arn

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/input"
)

// ErrMalformed is what every error of this package matches with
// errors.Is: the input is not an ARN, or not an ARN of the shape asked
// for. The error's text says which part is wrong.
var ErrMalformed = errors.New("arn: malformed ARN")

// defaultPartition is the partition an empty Partition field formats as.
const defaultPartition = "aws"

// ARN is an Amazon Resource Name in its general form,
// arn:Partition:Service:Region:AccountID:Resource. Region and AccountID
// are empty for resources that have none (IAM roles have no region).
type ARN struct {
	// Partition is the group of regions: "aws", "aws-cn", "aws-us-gov"….
	// Empty formats as "aws".
	Partition string
	// Service is the service namespace, for example "sqs" or
	// "elasticloadbalancing".
	Service string
	// Region is the region code, for example "us-east-1".
	Region string
	// AccountID is the 12-digit ID of the owning account.
	AccountID string
	// Resource is everything after the fifth colon: the resource type and
	// name in the service's own form. It may contain colons and slashes.
	Resource string
}

// Parse parses s as an ARN of any service. It checks the structure only:
// s begins with "arn:", has at least six colon-separated sections, and the
// partition, service and resource are not empty. The region and account ID
// may be empty, and no section's characters are checked; the shape parsers
// ([ParseQueue] and the others) check those.
//
// Whatever Parse accepts formats back into itself: a.String() == s.
func Parse(s string) (ARN, error) {
	a, err := split(s, "ARN")
	if err != nil {
		return ARN{}, err
	}
	switch {
	case a.Partition == "":
		return ARN{}, malformed(s, "ARN", "the partition is empty")
	case a.Service == "":
		return ARN{}, malformed(s, "ARN", "the service is empty")
	case a.Resource == "":
		return ARN{}, malformed(s, "ARN", "the resource is empty")
	}
	return a, nil
}

// String formats a as arn:Partition:Service:Region:AccountID:Resource, an
// empty Partition as "aws".
func (a ARN) String() string {
	return "arn:" + partition(a.Partition) + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// split cuts s into the five fields of an ARN without checking them, and
// reports s without the prefix or the six sections as a malformed what.
func split(s, what string) (ARN, error) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, malformed(s, what, `it does not begin with "arn:"`)
	}
	var f [4]string
	for i := range f {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, malformed(s, what, "it has fewer than six colon-separated sections")
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], AccountID: f[3], Resource: rest}, nil
}

// parseShape parses s as an ARN of service, what naming the shape in
// errors ("SQS queue ARN"), and checks the fields every shape shares (see
// checkShape). The caller checks the resource.
func parseShape(s, service, what string, regional bool) (ARN, error) {
	a, err := split(s, what)
	if err != nil {
		return ARN{}, err
	}
	return a, checkShape(s, service, what, regional, a)
}

// parseResource parses s as the ARN of a regional resource of service
// (see parseShape) whose resource begins with prefix, and returns the rest
// of the resource after it.
func parseResource(s, service, what, prefix string) (ARN, string, error) {
	a, err := parseShape(s, service, what, true)
	if err != nil {
		return ARN{}, "", err
	}
	rest, ok := strings.CutPrefix(a.Resource, prefix)
	if !ok {
		return ARN{}, "", malformed(s, what, `the resource does not begin with "`+prefix+`"`)
	}
	return a, rest, nil
}

// checkShape checks the fields of a, parsed from s, that every shape
// shares: the partition, the service, the region (required when regional,
// absent otherwise) and a 12-digit account ID.
func checkShape(s, service, what string, regional bool, a ARN) error {
	switch {
	case !isPartition(a.Partition):
		return malformed(s, what, `the partition is not "aws" or "aws-…"`)
	case a.Service != service:
		return malformed(s, what, "the service is not "+service)
	case regional && !isRegion(a.Region):
		return malformed(s, what, "the region is not lowercase letters, digits and hyphens")
	case !regional && a.Region != "":
		return malformed(s, what, "it has a region")
	case !isAccountID(a.AccountID):
		return malformed(s, what, "the account ID is not 12 digits")
	}
	return nil
}

// partition returns p, or "aws" for an empty p.
func partition(p string) string {
	if p == "" {
		return defaultPartition
	}
	return p
}

// isPartition reports whether p has the form AWS's API models give a
// partition: "aws" followed by letters and hyphens.
func isPartition(p string) bool {
	rest, ok := strings.CutPrefix(p, "aws")
	if !ok {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !isLetter(c) && c != '-' {
			return false
		}
	}
	return true
}

// isRegion reports whether r is a non-empty run of lowercase letters,
// digits and hyphens, the alphabet of region codes ("us-east-1").
func isRegion(r string) bool {
	for i := 0; i < len(r); i++ {
		if c := r[i]; !('a' <= c && c <= 'z' || isDigit(c) || c == '-') {
			return false
		}
	}
	return r != ""
}

// isAccountID reports whether id is 12 ASCII digits.
func isAccountID(id string) bool {
	return len(id) == 12 && input.IsDigits(id)
}

// isWord reports whether s is 1 to max letters, digits, hyphens and
// underscores: the alphabet of queue, topic and function names.
func isWord(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// isHyphenated reports whether s is min to max letters, digits and
// hyphens, not beginning or ending with a hyphen: the form of load
// balancer, target group and environment names.
func isHyphenated(s string, min, max int) bool {
	if len(s) < min || len(s) > max || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// isText reports whether s is 1 to max characters of text, as AWS's
// models allow in free-form names (alarm, group, policy and application
// names): valid UTF-8, no control characters but tab, newline and carriage
// return, and not U+FFFE or U+FFFF. AWS counts characters, not bytes.
func isText(s string, max int) bool {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
		n++
	}
	return n >= 1 && n <= max
}

// isHex reports whether s is exactly n lowercase hexadecimal digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !('a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isUUID reports whether s is a UUID in its canonical lowercase form,
// 8-4-4-4-12 hexadecimal digits, as AWS writes the IDs in subscription and
// Auto Scaling ARNs.
func isUUID(s string) bool {
	return len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' &&
		isHex(s[:8], 8) && isHex(s[9:13], 4) && isHex(s[14:18], 4) && isHex(s[19:23], 4) && isHex(s[24:], 12)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// malformedError is a malformed ARN: the input, what it was parsed as
// ("ARN", "SQS queue ARN"…) and why it is not that. Its parts are kept apart
// and joined only when printed, so that a failed parse costs one small
// allocation.
type malformedError struct {
	arn, what, why string
}

func malformed(arn, what, why string) error {
	return &malformedError{arn: arn, what: what, why: why}
}

// Error prints the error as `arn: malformed <what> "<input>": <why>`.
func (e *malformedError) Error() string {
	return "arn: malformed " + e.what + " " + strconv.Quote(e.arn) + ": " + e.why
}

// Unwrap returns [ErrMalformed], so that errors.Is(err, ErrMalformed) holds.
func (e *malformedError) Unwrap() error { return ErrMalformed }

// Namespace returns the service namespace of the ARN s (its third
// section: "sqs", "sns", "lambda" …), checking only that s begins with
// "arn:" and a non-empty partition and service, for a router that needs
// no more than that to choose a receiver. ok is false for anything else.
func Namespace(s string) (namespace string, ok bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	i := strings.IndexByte(rest, ':')
	if !ok || i < 1 {
		return "", false
	}
	rest = rest[i+1:]
	j := strings.IndexByte(rest, ':')
	if j < 1 {
		return "", false
	}
	return rest[:j], true
}
