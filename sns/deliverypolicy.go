package sns

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The DeliveryPolicy attribute of topics and of HTTP/S subscriptions: its
// parsing and validation with AWS's reasons, the effective policy that
// merges the topic's and the subscription's, and the JSON of
// EffectiveDeliveryPolicy (guide page "Amazon SNS message delivery
// retries", section "Creating an HTTP/S delivery policy"). The schedule a
// policy gives is a [retryPolicy] (retry.go).

// httpRetryTimeCap is the hard limit AWS puts on the retry time of an
// HTTP/S delivery policy: "the total policy retry time for an HTTP/S
// endpoint cannot be greater than 3,600 seconds", and "the maximum
// lifetime of a message in the system is one hour".
const httpRetryTimeCap = 3600 * time.Second

// healthyRetry is a parsed healthyRetryPolicy (subscription) or
// defaultHealthyRetryPolicy (topic): the HTTP/S retry schedule as the user
// wrote it, in seconds and retry counts.
type healthyRetry struct {
	minDelayTarget     int
	maxDelayTarget     int
	numRetries         int
	numNoDelayRetries  int
	numMinDelayRetries int
	numMaxDelayRetries int
	backoffFunction    backoffFunction
}

// defaultHealthyRetry is the HTTP/S retry schedule when no DeliveryPolicy
// sets one: 3 retries, 20 s apart (attempts at 0, 20, 40 and 60 s).
var defaultHealthyRetry = healthyRetry{minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3}

// schedule returns the retry schedule of h, capped at one hour of retry
// time.
func (h healthyRetry) schedule() retryPolicy {
	backoff := h.numRetries - h.numNoDelayRetries - h.numMinDelayRetries - h.numMaxDelayRetries
	return newRetryPolicy(h.numNoDelayRetries, h.numMinDelayRetries, backoff, h.numMaxDelayRetries,
		h.minDelayTarget, h.maxDelayTarget, h.backoffFunction, httpRetryTimeCap)
}

// appendJSON appends h as AWS prints it in EffectiveDeliveryPolicy, keys
// in AWS's order.
func (h healthyRetry) appendJSON(b []byte) []byte {
	b = append(b, `{"minDelayTarget":`...)
	b = strconv.AppendInt(b, int64(h.minDelayTarget), 10)
	b = append(b, `,"maxDelayTarget":`...)
	b = strconv.AppendInt(b, int64(h.maxDelayTarget), 10)
	b = append(b, `,"numRetries":`...)
	b = strconv.AppendInt(b, int64(h.numRetries), 10)
	b = append(b, `,"numMaxDelayRetries":`...)
	b = strconv.AppendInt(b, int64(h.numMaxDelayRetries), 10)
	b = append(b, `,"numNoDelayRetries":`...)
	b = strconv.AppendInt(b, int64(h.numNoDelayRetries), 10)
	b = append(b, `,"numMinDelayRetries":`...)
	b = strconv.AppendInt(b, int64(h.numMinDelayRetries), 10)
	b = append(b, `,"backoffFunction":"`...)
	b = append(b, h.backoffFunction.String()...)
	return append(b, `"}`...)
}

// defaultHeaderContentType is the Content-Type of HTTP/S deliveries when
// no requestPolicy sets one.
const defaultHeaderContentType = "text/plain; charset=UTF-8"

// httpPolicy is the effective HTTP/S delivery policy of a subscription:
// what the deliverer follows.
type httpPolicy struct {
	retry                retryPolicy
	maxReceivesPerSecond int    // 0: no throttling
	headerContentType    string // "" means text/plain; charset=UTF-8
}

// contentType returns the Content-Type header of the policy's deliveries.
func (p httpPolicy) contentType() string {
	if p.headerContentType == "" {
		return defaultHeaderContentType
	}
	return p.headerContentType
}

// topicDeliveryPolicy is the parsed, valid DeliveryPolicy attribute of a
// topic: {"http":{"defaultHealthyRetryPolicy":…,
// "disableSubscriptionOverrides":…, "defaultThrottlePolicy":…,
// "defaultRequestPolicy":…}}. Unset parts are nil or zero.
type topicDeliveryPolicy struct {
	retry                        *healthyRetry
	disableSubscriptionOverrides bool
	maxReceivesPerSecond         int    // 0: not set
	headerContentType            string // "": not set
}

// subscriptionDeliveryPolicy is the parsed, valid DeliveryPolicy attribute
// of an HTTP/S subscription: {"healthyRetryPolicy":…, "throttlePolicy":…,
// "requestPolicy":…}. Unset parts are nil or zero.
type subscriptionDeliveryPolicy struct {
	retry                *healthyRetry
	maxReceivesPerSecond int    // 0: not set
	headerContentType    string // "": not set
}

// policyError is a DeliveryPolicy that AWS refuses. Error returns AWS's
// reason, such as "DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries
// must be less than or equal to 100"; the operation puts its own prefix in
// front: "Invalid parameter: " for SetTopicAttributes and
// SetSubscriptionAttributes, "Invalid parameter: Attributes Reason: " for
// CreateTopic and Subscribe, with code InvalidParameter.
type policyError struct{ reason string }

// Error returns the reason AWS gives, without the operation's prefix.
func (e *policyError) Error() string { return e.reason }

// refuse returns a policyError whose reason is "DeliveryPolicy: " and the
// given parts.
func refuse(parts ...string) error {
	return &policyError{reason: "DeliveryPolicy: " + strings.Join(parts, "")}
}

// parseTopicDeliveryPolicy parses and validates the DeliveryPolicy
// attribute of a topic. The empty string means no policy: nil, nil.
// JSON null anywhere means the member is absent; unknown members, wrong
// types and values out of range are refused with AWS's reason.
func parseTopicDeliveryPolicy(s string) (*topicDeliveryPolicy, error) {
	if s == "" {
		return nil, nil
	}
	root, err := parsePolicyObject(s)
	if err != nil {
		return nil, err
	}
	if err := onlyMembers(root, "", "http"); err != nil {
		return nil, err
	}
	p := &topicDeliveryPolicy{}
	http, err := memberObject(root, "", "http")
	if err != nil || http == nil {
		return p, err
	}
	const at = "http."
	if err := onlyMembers(http, at, "defaultHealthyRetryPolicy", "defaultSicklyRetryPolicy",
		"disableSubscriptionOverrides", "defaultThrottlePolicy", "defaultRequestPolicy"); err != nil {
		return nil, err
	}
	if p.retry, err = parseHealthyRetry(http, at, "defaultHealthyRetryPolicy"); err != nil {
		return nil, err
	}
	// The sickly retry policy is deprecated and ignored, but must still be
	// an object.
	if _, err := memberObject(http, at, "defaultSicklyRetryPolicy"); err != nil {
		return nil, err
	}
	if p.disableSubscriptionOverrides, err = memberBool(http, at, "disableSubscriptionOverrides"); err != nil {
		return nil, err
	}
	if p.maxReceivesPerSecond, err = parseThrottle(http, at, "defaultThrottlePolicy"); err != nil {
		return nil, err
	}
	if p.headerContentType, err = parseRequest(http, at, "defaultRequestPolicy"); err != nil {
		return nil, err
	}
	return p, nil
}

// parseSubscriptionDeliveryPolicy parses and validates the DeliveryPolicy
// attribute of a subscription, as [parseTopicDeliveryPolicy] does for a
// topic's. The empty string means no policy: nil, nil.
func parseSubscriptionDeliveryPolicy(s string) (*subscriptionDeliveryPolicy, error) {
	if s == "" {
		return nil, nil
	}
	root, err := parsePolicyObject(s)
	if err != nil {
		return nil, err
	}
	if err := onlyMembers(root, "", "healthyRetryPolicy", "sicklyRetryPolicy",
		"throttlePolicy", "requestPolicy", "guaranteed"); err != nil {
		return nil, err
	}
	p := &subscriptionDeliveryPolicy{}
	if p.retry, err = parseHealthyRetry(root, "", "healthyRetryPolicy"); err != nil {
		return nil, err
	}
	// sicklyRetryPolicy and guaranteed are deprecated and ignored, but
	// must still have their types.
	if _, err := memberObject(root, "", "sicklyRetryPolicy"); err != nil {
		return nil, err
	}
	if _, err := memberBool(root, "", "guaranteed"); err != nil {
		return nil, err
	}
	if p.maxReceivesPerSecond, err = parseThrottle(root, "", "throttlePolicy"); err != nil {
		return nil, err
	}
	if p.headerContentType, err = parseRequest(root, "", "requestPolicy"); err != nil {
		return nil, err
	}
	return p, nil
}

// rawObject is a JSON object whose member values are kept raw, to be
// checked one by one. A member whose value is null is left out.
type rawObject map[string]json.RawMessage

// parsePolicyObject parses the whole policy document, which must be one
// JSON object.
func parsePolicyObject(s string) (rawObject, error) {
	var raw json.RawMessage
	if json.Unmarshal([]byte(s), &raw) != nil || jsonType(raw) != "object" {
		return nil, refuse("failed to parse JSON")
	}
	return decodeObject(raw), nil
}

// decodeObject decodes raw, known to be a valid JSON object, leaving out
// null members.
func decodeObject(raw json.RawMessage) rawObject {
	var o rawObject
	_ = json.Unmarshal(raw, &o) // raw is a valid object: cannot fail
	for k, v := range o {
		if jsonType(v) == "null" {
			delete(o, k)
		}
	}
	return o
}

// jsonType names the type of a valid JSON value as AWS's messages do:
// object, array, string, boolean, number or null.
func jsonType(v json.RawMessage) string {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return "null"
	}
	switch v[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// onlyMembers refuses an object with a member other than the allowed
// ones, naming the first unexpected member in sorted order so that the
// message does not depend on map order.
func onlyMembers(o rawObject, at string, allowed ...string) error {
	var unknown []string
	for k := range o {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	return refuse("Unexpected JSON member: ", at, unknown[0])
}

// mismatch refuses a member of the wrong JSON type.
func mismatch(at, name, want string, got json.RawMessage) error {
	return refuse(at, name, " type mismatch, expecting ", want, ", received a ", jsonType(got))
}

// memberObject returns member name of o as an object, or nil when it is
// absent or null.
func memberObject(o rawObject, at, name string) (rawObject, error) {
	v, ok := o[name]
	if !ok {
		return nil, nil
	}
	if jsonType(v) != "object" {
		return nil, mismatch(at, name, "object", v)
	}
	return decodeObject(v), nil
}

// memberBool returns member name of o as a boolean, false when absent.
func memberBool(o rawObject, at, name string) (bool, error) {
	v, ok := o[name]
	if !ok {
		return false, nil
	}
	if jsonType(v) != "boolean" {
		return false, mismatch(at, name, "boolean", v)
	}
	return string(bytes.TrimSpace(v)) == "true", nil
}

// memberString returns member name of o as a string, "" when absent.
func memberString(o rawObject, at, name string) (string, bool, error) {
	v, ok := o[name]
	if !ok {
		return "", false, nil
	}
	var s string
	if jsonType(v) != "string" || json.Unmarshal(v, &s) != nil {
		return "", false, mismatch(at, name, "string", v)
	}
	return s, true, nil
}

// memberInt returns member name of o as an integer, and whether it is
// there. A number with a fraction or exponent, or beyond 32 bits, is not
// an integer.
func memberInt(o rawObject, at, name string) (int, bool, error) {
	v, ok := o[name]
	if !ok {
		return 0, false, nil
	}
	if jsonType(v) != "number" {
		return 0, false, mismatch(at, name, "integer", v)
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 32)
	if err != nil {
		return 0, false, mismatch(at, name, "integer", v)
	}
	return int(n), true, nil
}

// parseHealthyRetry parses and validates the retry policy in member name
// of o; nil when absent. minDelayTarget, maxDelayTarget and numRetries
// are required; the three phase counts default to 0 and backoffFunction
// to linear.
func parseHealthyRetry(o rawObject, at, name string) (*healthyRetry, error) {
	obj, err := memberObject(o, at, name)
	if err != nil || obj == nil {
		return nil, err
	}
	at += name + "."
	if err := onlyMembers(obj, at, "minDelayTarget", "maxDelayTarget", "numRetries",
		"numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries", "backoffFunction"); err != nil {
		return nil, err
	}
	h := &healthyRetry{}
	ints := []struct {
		name     string
		dst      *int
		required bool
	}{
		{"minDelayTarget", &h.minDelayTarget, true},
		{"maxDelayTarget", &h.maxDelayTarget, true},
		{"numRetries", &h.numRetries, true},
		{"numNoDelayRetries", &h.numNoDelayRetries, false},
		{"numMinDelayRetries", &h.numMinDelayRetries, false},
		{"numMaxDelayRetries", &h.numMaxDelayRetries, false},
	}
	for _, f := range ints {
		n, ok, err := memberInt(obj, at, f.name)
		if err != nil {
			return nil, err
		}
		if !ok && f.required {
			return nil, refuse(at, f.name, " must be specified")
		}
		*f.dst = n
	}
	fn, ok, err := memberString(obj, at, "backoffFunction")
	if err != nil {
		return nil, err
	}
	if ok {
		i := slices.Index(backoffNames[:], fn)
		if i < 0 {
			return nil, refuse(at, "backoffFunction must be one of linear, arithmetic, geometric, exponential")
		}
		h.backoffFunction = backoffFunction(i)
	}
	switch {
	case h.minDelayTarget < 1:
		return nil, refuse(at, "minDelayTarget must be greater than or equal to 1")
	case h.maxDelayTarget < h.minDelayTarget:
		return nil, refuse(at, "maxDelayTarget must be greater than or equal to minDelayTarget")
	case h.maxDelayTarget > 3600:
		return nil, refuse(at, "maxDelayTarget must be less than or equal to 3600")
	case h.numRetries < 0:
		return nil, refuse(at, "numRetries must be greater than or equal to 0")
	case h.numRetries > 100:
		return nil, refuse(at, "numRetries must be less than or equal to 100")
	case h.numNoDelayRetries < 0:
		return nil, refuse(at, "numNoDelayRetries must be greater than or equal to 0")
	case h.numMinDelayRetries < 0:
		return nil, refuse(at, "numMinDelayRetries must be greater than or equal to 0")
	case h.numMaxDelayRetries < 0:
		return nil, refuse(at, "numMaxDelayRetries must be greater than or equal to 0")
	case h.numNoDelayRetries+h.numMinDelayRetries+h.numMaxDelayRetries > h.numRetries:
		return nil, refuse(at, "numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and numMaxDelayRetries")
	}
	return h, nil
}

// parseThrottle parses the throttle policy in member name of o and
// returns its maxReceivesPerSecond, 0 when absent.
func parseThrottle(o rawObject, at, name string) (int, error) {
	obj, err := memberObject(o, at, name)
	if err != nil || obj == nil {
		return 0, err
	}
	at += name + "."
	if err := onlyMembers(obj, at, "maxReceivesPerSecond"); err != nil {
		return 0, err
	}
	n, ok, err := memberInt(obj, at, "maxReceivesPerSecond")
	if err != nil {
		return 0, err
	}
	if ok && n < 1 {
		return 0, refuse(at, "maxReceivesPerSecond must be greater than or equal to 1")
	}
	return n, nil
}

// parseRequest parses the request policy in member name of o and returns
// its headerContentType, "" when absent.
func parseRequest(o rawObject, at, name string) (string, error) {
	obj, err := memberObject(o, at, name)
	if err != nil || obj == nil {
		return "", err
	}
	at += name + "."
	if err := onlyMembers(obj, at, "headerContentType"); err != nil {
		return "", err
	}
	s, _, err := memberString(obj, at, "headerContentType")
	return s, err
}

// effectiveHTTPPolicy merges the topic's and the subscription's delivery
// policies (either may be nil) into the policy an HTTP/S subscription's
// deliveries follow. Each part (retry, throttle, request) comes from the
// subscription when it sets that part, else from the topic, else from the
// defaults; when the topic sets disableSubscriptionOverrides, the
// subscription's policy is ignored altogether ("Ignore subscription
// override" in the guide).
func effectiveHTTPPolicy(t *topicDeliveryPolicy, s *subscriptionDeliveryPolicy) httpPolicy {
	retry, throttle, contentType := effectiveParts(t, s)
	return httpPolicy{retry: retry.schedule(), maxReceivesPerSecond: throttle, headerContentType: contentType}
}

// effectiveParts resolves the three parts of the effective HTTP/S policy
// as [effectiveHTTPPolicy] describes; contentType is "" for the default.
func effectiveParts(t *topicDeliveryPolicy, s *subscriptionDeliveryPolicy) (retry healthyRetry, throttle int, contentType string) {
	retry = defaultHealthyRetry
	if t != nil {
		if t.retry != nil {
			retry = *t.retry
		}
		throttle, contentType = t.maxReceivesPerSecond, t.headerContentType
		if t.disableSubscriptionOverrides {
			return retry, throttle, contentType
		}
	}
	if s != nil {
		if s.retry != nil {
			retry = *s.retry
		}
		if s.maxReceivesPerSecond != 0 {
			throttle = s.maxReceivesPerSecond
		}
		if s.headerContentType != "" {
			contentType = s.headerContentType
		}
	}
	return retry, throttle, contentType
}

// effectiveJSON returns the topic's EffectiveDeliveryPolicy attribute as
// GetTopicAttributes shows it: the topic's policy with defaults filled
// in. A nil receiver (no DeliveryPolicy) gives AWS's default, byte for
// byte:
//
//	{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}
//
// A defaultThrottlePolicy the topic sets is shown after
// disableSubscriptionOverrides.
func (t *topicDeliveryPolicy) effectiveJSON() string {
	retry, throttle, contentType := effectiveParts(t, nil)
	b := make([]byte, 0, 320)
	b = append(b, `{"http":{"defaultHealthyRetryPolicy":`...)
	b = retry.appendJSON(b)
	b = append(b, `,"disableSubscriptionOverrides":`...)
	b = strconv.AppendBool(b, t != nil && t.disableSubscriptionOverrides)
	if throttle != 0 {
		b = append(b, `,"defaultThrottlePolicy":{"maxReceivesPerSecond":`...)
		b = strconv.AppendInt(b, int64(throttle), 10)
		b = append(b, '}')
	}
	b = append(b, `,"defaultRequestPolicy":{"headerContentType":`...)
	b = appendJSONString(b, cmp.Or(contentType, defaultHeaderContentType))
	return string(append(b, "}}}"...))
}

// effectiveSubscriptionJSON returns the EffectiveDeliveryPolicy attribute
// of an HTTP/S subscription as GetSubscriptionAttributes shows it: the
// merged policy of [effectiveHTTPPolicy] in the subscription shape, with
// AWS's deprecated members sicklyRetryPolicy (null) and guaranteed
// (false), and throttlePolicy null when there is no throttling:
//
//	{"healthyRetryPolicy":{…},"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},"guaranteed":false}
func effectiveSubscriptionJSON(t *topicDeliveryPolicy, s *subscriptionDeliveryPolicy) string {
	retry, throttle, contentType := effectiveParts(t, s)
	b := make([]byte, 0, 320)
	b = append(b, `{"healthyRetryPolicy":`...)
	b = retry.appendJSON(b)
	b = append(b, `,"sicklyRetryPolicy":null,"throttlePolicy":`...)
	if throttle == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"maxReceivesPerSecond":`...)
		b = strconv.AppendInt(b, int64(throttle), 10)
		b = append(b, '}')
	}
	b = append(b, `,"requestPolicy":{"headerContentType":`...)
	b = appendJSONString(b, cmp.Or(contentType, defaultHeaderContentType))
	return string(append(b, `},"guaranteed":false}`...))
}
