package sns

import (
	"encoding/base64"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The three message types SNS delivers, as the Type field spells them.
const (
	typeNotification             = "Notification"
	typeSubscriptionConfirmation = "SubscriptionConfirmation"
	typeUnsubscribeConfirmation  = "UnsubscribeConfirmation"
)

// notification is one message as SNS delivers it: a Notification, a
// SubscriptionConfirmation or an UnsubscribeConfirmation. Publish builds
// one per published message (per distinct protocol message when
// MessageStructure is json, since the signature covers Message), signs it
// once with [notification.sign], and each delivery renders it with
// [notification.appendJSON] or [notification.appendLambdaEvent], adding
// only what differs per subscription.
type notification struct {
	// Type is typeNotification, typeSubscriptionConfirmation or
	// typeUnsubscribeConfirmation.
	Type string
	// MessageID is the message's UUID; retries reuse it.
	MessageID string
	// Token is the confirmation token; confirmations only.
	Token string
	// TopicARN is the topic the message was published to.
	TopicARN string
	// Subject is the published subject; it appears (and is signed) only
	// when HasSubject is set, which Publish does for a non-empty Subject.
	Subject    string
	HasSubject bool
	// Message is the body for the protocol being delivered to, or the
	// fixed confirmation text.
	Message string
	// Timestamp is when the message was published (or the confirmation
	// sent). It renders as 2006-01-02T15:04:05.000Z: UTC, truncated to
	// milliseconds.
	Timestamp time.Time
	// SequenceNumber is set for FIFO topics only, and rendered when set.
	SequenceNumber string
	// SubscribeURL is the confirmation link; confirmations only.
	SubscribeURL string
	// SignatureVersion is "1" (SHA1withRSA) or "2" (SHA256withRSA). ""
	// leaves the message unsigned: SignatureVersion, Signature and
	// SigningCertURL are then omitted, as in what AWS delivers from FIFO
	// topics.
	SignatureVersion string
	// Signature is the base64 signature, set by sign.
	Signature string
	// SigningCertURL is the URL of the certificate (signingCertURL).
	SigningCertURL string
	// Attributes are the message attributes, sorted by name (see
	// sortEnvelopeAttributes); Notification only.
	Attributes []envelopeAttribute

	// envelope is the JSON envelope of the Notification's first delivery,
	// and urlAt and urlEnd the place of its UnsubscribeURL value in it:
	// the envelopes of the other deliveries differ only there (see
	// [notification.envelopeFor]). The service's lock guards them.
	envelope      string
	urlAt, urlEnd int
}

// envelopeAttribute is one message attribute as the JSON envelope and the
// Lambda event carry it: Type is the data type as published (custom label
// included) and Value the string value, or the base64 of a Binary value.
type envelopeAttribute struct{ Name, Type, Value string }

// envelopeAttributeOf converts a published attribute to its envelope
// form: a Binary value (custom label included) in base64, any other value
// and every type as published.
func envelopeAttributeOf(name string, v MessageAttributeValue) envelopeAttribute {
	a := envelopeAttribute{Name: name, Type: v.DataType, Value: v.StringValue}
	if baseDataType(v.DataType) == "Binary" {
		a.Value = base64.StdEncoding.EncodeToString(v.BinaryValue)
	}
	return a
}

// sortEnvelopeAttributes sorts attributes by name, so that every delivery
// of every run renders them in the same order. (AWS uses an order of its
// own, which is not the published order and not documented.)
func sortEnvelopeAttributes(attrs []envelopeAttribute) {
	slices.SortFunc(attrs, func(a, b envelopeAttribute) int { return strings.Compare(a.Name, b.Name) })
}

// unsubscribeURL returns the UnsubscribeURL of a subscription in region:
// https://sns.<region>.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=<arn>.
// AWS does not percent-encode the ARN.
func unsubscribeURL(region, subscriptionARN string) string {
	return "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subscriptionARN
}

// confirmSubscriptionURL returns the SubscribeURL of a confirmation:
// https://sns.<region>.amazonaws.com/?Action=ConfirmSubscription&TopicArn=<arn>&Token=<token>,
// unencoded as AWS sends it.
func confirmSubscriptionURL(region, topicARN, token string) string {
	return "https://sns." + region + ".amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + topicARN + "&Token=" + token
}

// subscriptionConfirmationMessage is the Message of a
// SubscriptionConfirmation for topicARN, as AWS words it.
func subscriptionConfirmationMessage(topicARN string) string {
	return "You have chosen to subscribe to the topic " + topicARN +
		".\nTo confirm the subscription, visit the SubscribeURL included in this message."
}

// unsubscribeConfirmationMessage is the Message of an
// UnsubscribeConfirmation for subscriptionARN, as AWS words it.
func unsubscribeConfirmationMessage(subscriptionARN string) string {
	return "You have chosen to deactivate subscription " + subscriptionARN +
		".\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
}

// appendJSON appends the JSON document SNS delivers to SQS, HTTP/S and
// email-json subscriptions (without raw message delivery), byte for byte
// as AWS writes it: pretty-printed with two-space indentation and " : "
// between name and value, message attributes one per line in compact
// form, and keys in AWS's order:
//
//	Notification: Type, MessageId, SequenceNumber (FIFO), TopicArn,
//	  Subject (if published), Message, Timestamp, SignatureVersion,
//	  Signature, SigningCertURL (the three when signed), UnsubscribeURL,
//	  MessageAttributes (if any)
//	SubscriptionConfirmation, UnsubscribeConfirmation: Type, MessageId,
//	  Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion,
//	  Signature, SigningCertURL
//
// unsubscribeURL (per subscription, not signed) is used by Notification
// only: confirmations carry SubscribeURL instead. Strings are escaped as
// AWS's serializer does (see appendJSONString). One allocation at most:
// b grows once to the size the document needs.
func (n *notification) appendJSON(b []byte, unsubscribeURL string) []byte {
	b, _, _ = n.appendJSONMarked(b, unsubscribeURL)
	return b
}

// envelopeFor returns the JSON envelope of a delivery of the Notification
// n to the subscription with unsubscribeURL, as appendJSON renders it,
// rendered in *scratch. A fan-out renders one Notification for many
// subscriptions, whose envelopes differ only in their UnsubscribeURL, so
// the first rendering is kept in n, and later ones copy all of it but that
// value, which they escape anew. The caller holds the lock that guards n
// and scratch.
func (n *notification) envelopeFor(scratch *[]byte, unsubscribeURL string) string {
	if n.envelope == "" {
		b, at, end := n.appendJSONMarked((*scratch)[:0], unsubscribeURL)
		*scratch = b
		n.envelope, n.urlAt, n.urlEnd = string(b), at, end
		return n.envelope
	}
	b := slices.Grow((*scratch)[:0], len(n.envelope)+len(unsubscribeURL)+len(unsubscribeURL)/16)
	b = append(b, n.envelope[:n.urlAt]...)
	b = appendJSONString(b, unsubscribeURL)
	b = append(b, n.envelope[n.urlEnd:]...)
	*scratch = b
	return string(b)
}

// appendJSONMarked is appendJSON, which also returns where in the
// document (from the start of b) the UnsubscribeURL value of a
// Notification begins and ends.
func (n *notification) appendJSONMarked(b []byte, unsubscribeURL string) (out []byte, urlAt, urlEnd int) {
	start := len(b)
	b = slices.Grow(b, n.jsonSizeHint(len(unsubscribeURL)))
	b = append(b, "{\n  \"Type\" : "...)
	b = appendJSONString(b, n.Type)
	b = append(b, ",\n  \"MessageId\" : "...)
	b = appendJSONString(b, n.MessageID)
	notif := n.Type == typeNotification
	if notif {
		if n.SequenceNumber != "" {
			b = append(b, ",\n  \"SequenceNumber\" : "...)
			b = appendJSONString(b, n.SequenceNumber)
		}
	} else {
		b = append(b, ",\n  \"Token\" : "...)
		b = appendJSONString(b, n.Token)
	}
	b = append(b, ",\n  \"TopicArn\" : "...)
	b = appendJSONString(b, n.TopicARN)
	if notif && n.HasSubject {
		b = append(b, ",\n  \"Subject\" : "...)
		b = appendJSONString(b, n.Subject)
	}
	b = append(b, ",\n  \"Message\" : "...)
	b = appendJSONString(b, n.Message)
	if !notif {
		b = append(b, ",\n  \"SubscribeURL\" : "...)
		b = appendJSONString(b, n.SubscribeURL)
	}
	b = append(b, ",\n  \"Timestamp\" : \""...)
	b = appendTimestamp(b, n.Timestamp)
	b = append(b, '"')
	if n.SignatureVersion != "" {
		b = append(b, ",\n  \"SignatureVersion\" : "...)
		b = appendJSONString(b, n.SignatureVersion)
		b = append(b, ",\n  \"Signature\" : "...)
		b = appendJSONString(b, n.Signature)
		b = append(b, ",\n  \"SigningCertURL\" : "...)
		b = appendJSONString(b, n.SigningCertURL)
	}
	if notif {
		b = append(b, ",\n  \"UnsubscribeURL\" : "...)
		urlAt = len(b) - start
		b = appendJSONString(b, unsubscribeURL)
		urlEnd = len(b) - start
		if len(n.Attributes) > 0 {
			b = append(b, ",\n  \"MessageAttributes\" : {"...)
			for i, a := range n.Attributes {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n    "...)
				b = appendJSONString(b, a.Name)
				b = append(b, " : {\"Type\":"...)
				b = appendJSONString(b, a.Type)
				b = append(b, ",\"Value\":"...)
				b = appendJSONString(b, a.Value)
				b = append(b, '}')
			}
			b = append(b, "\n  }"...)
		}
	}
	return append(b, "\n}"...), urlAt, urlEnd
}

// jsonSizeHint estimates the bytes appendJSON writes: the fixed text plus
// every field, each counted unescaped with a little slack for escapes.
func (n *notification) jsonSizeHint(extra int) int {
	size := 360 + extra + len(n.Type) + len(n.MessageID) + len(n.Token) + len(n.TopicARN) +
		len(n.Subject) + len(n.Message) + len(n.SequenceNumber) + len(n.SubscribeURL) +
		len(n.SignatureVersion) + len(n.Signature) + len(n.SigningCertURL)
	for _, a := range n.Attributes {
		size += 40 + len(a.Name) + len(a.Type) + len(a.Value)
	}
	return size + size/16
}

// appendLambdaEvent appends the event SNS invokes a Lambda function with:
//
//	{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
//	"EventSubscriptionArn":…,"Sns":{"Type":…,"MessageId":…,"TopicArn":…,
//	"Subject":…,"Message":…,"Timestamp":…,"SignatureVersion":…,
//	"Signature":…,"SigningCertUrl":…,"UnsubscribeUrl":…,
//	"MessageAttributes":{…}}}]}
//
// compact, in that key order, as AWS sends it. Unlike the JSON envelope,
// the URLs are spelled SigningCertUrl and UnsubscribeUrl, Subject is null
// when none was published, and MessageAttributes is always present ({}
// when there are none). Number and String.Array attributes (custom labels
// included) arrive with Type "String": Lambda does not support those types
// (Amazon SNS Developer Guide, "Message attribute data types"). The
// signature is the message's own, computed by sign over the same fields,
// so verifying it works as for the envelope (AWS's message validators
// verify Lambda records that way). SignatureVersion is the version the
// signature was made with; LocalStack's notes claim AWS writes "1" here
// even for version-2 topics, which nothing else confirms, and a "1" over
// a SHA-256 signature could not verify, so the simulator does not copy it.
func (n *notification) appendLambdaEvent(b []byte, subscriptionARN, unsubscribeURL string) []byte {
	b = slices.Grow(b, n.jsonSizeHint(len(subscriptionARN)+len(unsubscribeURL)))
	b = append(b, `{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":`...)
	b = appendJSONString(b, subscriptionARN)
	b = append(b, `,"Sns":{"Type":`...)
	b = appendJSONString(b, n.Type)
	b = append(b, `,"MessageId":`...)
	b = appendJSONString(b, n.MessageID)
	b = append(b, `,"TopicArn":`...)
	b = appendJSONString(b, n.TopicARN)
	b = append(b, `,"Subject":`...)
	if n.HasSubject {
		b = appendJSONString(b, n.Subject)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"Message":`...)
	b = appendJSONString(b, n.Message)
	b = append(b, `,"Timestamp":"`...)
	b = appendTimestamp(b, n.Timestamp)
	b = append(b, '"')
	if n.SignatureVersion != "" {
		b = append(b, `,"SignatureVersion":`...)
		b = appendJSONString(b, n.SignatureVersion)
		b = append(b, `,"Signature":`...)
		b = appendJSONString(b, n.Signature)
		b = append(b, `,"SigningCertUrl":`...)
		b = appendJSONString(b, n.SigningCertURL)
	}
	b = append(b, `,"UnsubscribeUrl":`...)
	b = appendJSONString(b, unsubscribeURL)
	b = append(b, `,"MessageAttributes":{`...)
	for i, a := range n.Attributes {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a.Name)
		b = append(b, `:{"Type":`...)
		b = appendJSONString(b, lambdaAttributeType(a.Type))
		b = append(b, `,"Value":`...)
		b = appendJSONString(b, a.Value)
		b = append(b, '}')
	}
	return append(b, "}}}]}"...)
}

// lambdaAttributeType is the Type a Lambda event shows for an attribute of
// data type t: "String" for Number and String.Array (with or without a
// custom label), t itself otherwise.
func lambdaAttributeType(t string) string {
	if base := baseDataType(t); base == "Number" || base == "String.Array" {
		return "String"
	}
	return t
}

// appendTimestamp appends t in UTC as 2006-01-02T15:04:05.000Z, the
// millisecond ISO 8601 form SNS uses, truncating finer precision. It is
// hand-written because it runs for every delivery.
func appendTimestamp(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	ms := t.Nanosecond() / int(time.Millisecond)
	if year < 0 || year > 9999 {
		// Outside what four digits hold; never a real clock reading.
		return t.AppendFormat(b, "2006-01-02T15:04:05.000Z")
	}
	b = append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), '.',
		byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
	return b
}

// jsonSafe marks the ASCII bytes appendJSONString copies unchanged.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Constants of specialBytes: a byte value repeated in each of eight lanes.
const (
	lanes01   = 0x0101010101010101
	lanes20   = 0x2020202020202020 // lowest byte that needs no escape
	lanes22   = 0x2222222222222222 // "
	lanes5C   = 0x5C5C5C5C5C5C5C5C // \
	lanesHigh = 0x8080808080808080 // the top bit of each byte
)

// specialBytes returns, for the eight bytes of x (a little-endian word of
// a string), a mask whose lowest set bit is the top bit of the first byte
// appendJSONString cannot copy as is: a control character, '"', '\\' or
// a byte of a multi-byte UTF-8 sequence; 0 when all eight are plain. In
// an ASCII lane, x-0x20 sets the top bit exactly when the byte is below
// 0x20, and (x^c)-1 exactly when the byte equals c; bits above the lowest
// may be wrong (borrows from a flagged lane), so only the lowest is used.
func specialBytes(x uint64) uint64 {
	return ((x - lanes20) | ((x ^ lanes22) - lanes01) | ((x ^ lanes5C) - lanes01) | x) & lanesHigh
}

// hexDigits are the digits of \u escapes, upper case as AWS writes them.
const hexDigits = "0123456789ABCDEF"

// appendJSONString appends s as a quoted JSON string, escaped the way
// SNS's serializer (Jackson, by its output) escapes:
//   - " and \ get a backslash; \b \t \n \f \r their short forms; other
//     control characters below U+0020 become \u00XX with upper-case hex;
//   - everything else is copied as is: "/", <, >, &, DEL, U+2028/U+2029
//     and all non-ASCII characters stay literal UTF-8.
//
// A byte that is not valid UTF-8 (Publish rejects such messages, so only a
// bug gets here) becomes U+FFFD, so the output is always valid JSON.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip eight plain bytes at a time: most of an envelope (base64
		// signature, ARNs, URLs, ordinary text) needs no escaping.
		for i+8 <= len(s) {
			w := s[i : i+8]
			x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
				uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
			if m := specialBytes(x); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\t':
				b = append(b, '\\', 't')
			case '\n':
				b = append(b, '\\', 'n')
			case '\f':
				b = append(b, '\\', 'f')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
