package elb

import (
	"strconv"
	"strings"
	"time"
)

// AccessLogEntry is one line of a load balancer's access log, kept while
// its access_logs.s3.enabled attribute is true, as AWS writes one per
// request to S3. [Inspector.AccessLog] returns them; String formats one
// as AWS does, so that a reader of real access logs reads these alike.
type AccessLogEntry struct {
	// Type is http, https or h2.
	Type string
	// Time is when the load balancer sent the response, in virtual time.
	Time time.Time
	// ELB is the load balancer's resource ID (app/NAME/ID).
	ELB string
	// Client is the client's address and port.
	Client string
	// Target is the target's address and port (ID:PORT here), or the
	// function's ARN, or "-" when the request reached no target.
	Target string
	// RequestProcessingTime, TargetProcessingTime and
	// ResponseProcessingTime are the three spans of the request. A span
	// that did not happen is -1, as in AWS: TargetProcessingTime is -1
	// when the target never answered (a 504 past the idle timeout, a
	// closed connection).
	RequestProcessingTime  time.Duration
	TargetProcessingTime   time.Duration
	ResponseProcessingTime time.Duration
	// ELBStatusCode is the status the client got.
	ELBStatusCode int
	// TargetStatusCode is the status the target answered, 0 ("-") when
	// it answered none.
	TargetStatusCode int
	ReceivedBytes    int64
	SentBytes        int64
	// Request is "METHOD URL PROTOCOL", the URL absolute.
	Request   string
	UserAgent string
	// TargetGroupArn is the target group the request was forwarded to,
	// or "-".
	TargetGroupArn string
	// TraceID is the X-Amzn-Trace-Id the load balancer sent on.
	TraceID string
	// MatchedRulePriority is the priority of the rule that matched, 0 for
	// the default rule, -1 ("-") when none was evaluated (the request was
	// refused before).
	MatchedRulePriority int
	// RequestCreationTime is when the load balancer received the request.
	RequestCreationTime time.Time
	// ActionsExecuted is forward, redirect or fixed-response, or "-".
	ActionsExecuted string
	// RedirectURL is the Location of a redirect, or "-".
	RedirectURL string
	// ErrorReason is the reason code of a failed request to a Lambda
	// function (LambdaUnhandled, LambdaThrottling, …), or "-".
	ErrorReason string
}

// String formats the entry as an Application Load Balancer's access log
// line, its fields in AWS's order, those the simulator has no value for
// (TLS, domain, certificate, classification) as "-".
func (e AccessLogEntry) String() string {
	var b strings.Builder
	field := func(s string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if s == "" {
			s = "-"
		}
		b.WriteString(s)
	}
	quoted := func(s string) {
		if s == "" {
			s = "-"
		}
		field(strconv.Quote(s))
	}
	field(e.Type)
	field(e.Time.UTC().Format("2006-01-02T15:04:05.000000Z"))
	field(e.ELB)
	field(e.Client)
	field(e.Target)
	field(seconds(e.RequestProcessingTime))
	field(seconds(e.TargetProcessingTime))
	field(seconds(e.ResponseProcessingTime))
	field(strconv.Itoa(e.ELBStatusCode))
	field(status(e.TargetStatusCode))
	field(strconv.FormatInt(e.ReceivedBytes, 10))
	field(strconv.FormatInt(e.SentBytes, 10))
	quoted(e.Request)
	quoted(e.UserAgent)
	field("-") // ssl_cipher
	field("-") // ssl_protocol
	field(e.TargetGroupArn)
	quoted(e.TraceID)
	quoted("") // domain_name
	quoted("") // chosen_cert_arn
	if e.MatchedRulePriority < 0 {
		field("-")
	} else {
		field(strconv.Itoa(e.MatchedRulePriority))
	}
	field(e.RequestCreationTime.UTC().Format("2006-01-02T15:04:05.000000Z"))
	quoted(e.ActionsExecuted)
	quoted(e.RedirectURL)
	quoted(e.ErrorReason)
	quoted(e.Target)                   // target:port_list
	quoted(status(e.TargetStatusCode)) // target_status_code_list
	quoted("")                         // classification
	quoted("")                         // classification_reason
	return b.String()
}

// seconds formats a span as the access log does: seconds with
// millisecond precision, or -1.
func seconds(d time.Duration) string {
	if d < 0 {
		return "-1"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

func status(code int) string {
	if code == 0 {
		return "-"
	}
	return strconv.Itoa(code)
}
