package sns

import (
	"encoding/json"
	"math/bits"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fixed values the envelope tests share. The signature is a placeholder:
// sign_test.go checks real signatures; here only the layout matters.
const (
	testTopicARN = "arn:aws:sns:us-west-2:123456789012:MyTopic"
	testSubARN   = "arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
	testMsgID    = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324"
	testCertURL  = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
	testUnsubURL = "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + testSubARN
	testToken    = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92"
)

// testTime is 2012-05-02T00:54:06.655123456Z, finer than milliseconds on
// purpose.
var testTime = time.Date(2012, 5, 2, 0, 54, 6, 655123456, time.UTC)

// testNotification returns a signed-looking standard-topic Notification.
func testNotification() *notification {
	return &notification{
		Type:             typeNotification,
		MessageID:        testMsgID,
		TopicARN:         testTopicARN,
		Message:          "Hello world!",
		Timestamp:        testTime,
		SignatureVersion: "1",
		Signature:        "SIG==",
		SigningCertURL:   testCertURL,
	}
}

// The envelope of a Notification without a Subject: no Subject key at all
// (guide, "HTTP/HTTPS Notification JSON Format": "If no Subject was
// specified, then this name/value pair does not appear"), keys in the
// order AWS writes them, pretty-printed as AWS delivers it.
func TestEnvelopeNotificationWithoutSubjectOmitsSubject(t *testing.T) {
	got := string(testNotification().appendJSON(nil, testUnsubURL))
	want := `{
  "Type" : "Notification",
  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
  "Message" : "Hello world!",
  "Timestamp" : "2012-05-02T00:54:06.655Z",
  "SignatureVersion" : "1",
  "Signature" : "SIG==",
  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
}`
	assert.Equal(t, want, got)
}

// A published Subject sits between TopicArn and Message, as in the
// guide's Notification example.
func TestEnvelopeNotificationWithSubject(t *testing.T) {
	n := testNotification()
	n.Subject, n.HasSubject = "My First Message", true
	got := string(n.appendJSON(nil, testUnsubURL))
	want := `{
  "Type" : "Notification",
  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
  "Subject" : "My First Message",
  "Message" : "Hello world!",
  "Timestamp" : "2012-05-02T00:54:06.655Z",
  "SignatureVersion" : "1",
  "Signature" : "SIG==",
  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
}`
	assert.Equal(t, want, got)
}

// Message attributes come last, one per line, each value object compact
// ({"Type":…,"Value":…}); Binary values are base64 ("AgME" for 02 03 04,
// as LocalStack recorded from AWS); String.Array keeps its type and its
// value is the array text as published.
func TestEnvelopeMessageAttributes(t *testing.T) {
	n := testNotification()
	n.Attributes = envelopeAttributes(t, map[string]MessageAttributeValue{
		"store":  {DataType: "String", StringValue: "example_corp"},
		"bin":    {DataType: "Binary", BinaryValue: []byte{2, 3, 4}},
		"sizes":  {DataType: "String.Array", StringValue: `["S","M",1,true,null]`},
		"price":  {DataType: "Number", StringValue: "99.12"},
		"binpng": {DataType: "Binary.png", BinaryValue: []byte{0xff}},
	})
	got := string(n.appendJSON(nil, testUnsubURL))
	want := `{
  "Type" : "Notification",
  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
  "Message" : "Hello world!",
  "Timestamp" : "2012-05-02T00:54:06.655Z",
  "SignatureVersion" : "1",
  "Signature" : "SIG==",
  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96",
  "MessageAttributes" : {
    "bin" : {"Type":"Binary","Value":"AgME"},
    "binpng" : {"Type":"Binary.png","Value":"/w=="},
    "price" : {"Type":"Number","Value":"99.12"},
    "sizes" : {"Type":"String.Array","Value":"[\"S\",\"M\",1,true,null]"},
    "store" : {"Type":"String","Value":"example_corp"}
  }
}`
	assert.Equal(t, want, got)
}

// FIFO topics: SequenceNumber follows MessageId, and what AWS delivers
// from a FIFO topic carries no SignatureVersion, Signature or
// SigningCertURL (recorded deliveries to SQS; LocalStack's
// test_message_to_fifo_sqs shows the same).
func TestEnvelopeFIFOUnsignedWithSequenceNumber(t *testing.T) {
	n := testNotification()
	n.TopicARN = "arn:aws:sns:us-west-2:123456789012:MyTopic.fifo"
	n.SequenceNumber = "10000000000000003000"
	n.SignatureVersion, n.Signature, n.SigningCertURL = "", "", ""
	n.Subject, n.HasSubject = "order", true
	n.Attributes = []envelopeAttribute{{Name: "k", Type: "String", Value: "v"}}
	got := string(n.appendJSON(nil, "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic.fifo:1"))
	want := `{
  "Type" : "Notification",
  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  "SequenceNumber" : "10000000000000003000",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic.fifo",
  "Subject" : "order",
  "Message" : "Hello world!",
  "Timestamp" : "2012-05-02T00:54:06.655Z",
  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic.fifo:1",
  "MessageAttributes" : {
    "k" : {"Type":"String","Value":"v"}
  }
}`
	assert.Equal(t, want, got)
}

// A SubscriptionConfirmation carries Token and SubscribeURL, no
// UnsubscribeURL, in the order of the guide's example; its Message is the
// fixed text with a real newline, escaped as \n.
func TestEnvelopeSubscriptionConfirmation(t *testing.T) {
	n := &notification{
		Type:             typeSubscriptionConfirmation,
		MessageID:        "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
		Token:            testToken,
		TopicARN:         testTopicARN,
		Message:          subscriptionConfirmationMessage(testTopicARN),
		SubscribeURL:     confirmSubscriptionURL("us-west-2", testTopicARN, testToken),
		Timestamp:        time.Date(2012, 4, 26, 20, 45, 4, 751e6, time.UTC),
		SignatureVersion: "1",
		Signature:        "SIG==",
		SigningCertURL:   testCertURL,
		// Ignored for confirmations, as are Subject and SequenceNumber.
		Attributes: []envelopeAttribute{{Name: "k", Type: "String", Value: "v"}},
	}
	got := string(n.appendJSON(nil, testUnsubURL))
	want := `{
  "Type" : "SubscriptionConfirmation",
  "MessageId" : "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
  "Token" : "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
  "Message" : "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
  "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92",
  "Timestamp" : "2012-04-26T20:45:04.751Z",
  "SignatureVersion" : "1",
  "Signature" : "SIG==",
  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
}`
	assert.Equal(t, want, got)
}

// An UnsubscribeConfirmation has the same keys as a
// SubscriptionConfirmation; its text names the subscription and its
// SubscribeURL re-confirms it.
func TestEnvelopeUnsubscribeConfirmation(t *testing.T) {
	n := &notification{
		Type:             typeUnsubscribeConfirmation,
		MessageID:        "47138184-6831-46b8-8f7c-afc488602d7d",
		Token:            testToken,
		TopicARN:         testTopicARN,
		Message:          unsubscribeConfirmationMessage(testSubARN),
		SubscribeURL:     confirmSubscriptionURL("us-west-2", testTopicARN, testToken),
		Timestamp:        time.Date(2012, 4, 26, 20, 6, 41, 581e6, time.UTC),
		SignatureVersion: "2",
		Signature:        "SIG==",
		SigningCertURL:   testCertURL,
	}
	got := string(n.appendJSON(nil, ""))
	want := `{
  "Type" : "UnsubscribeConfirmation",
  "MessageId" : "47138184-6831-46b8-8f7c-afc488602d7d",
  "Token" : "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92",
  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
  "Message" : "You have chosen to deactivate subscription arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.",
  "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92",
  "Timestamp" : "2012-04-26T20:06:41.581Z",
  "SignatureVersion" : "2",
  "Signature" : "SIG==",
  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
}`
	assert.Equal(t, want, got)
}

// An unsigned standard-topic message (SignatureVersion "") drops the three
// signature keys and nothing else.
func TestEnvelopeUnsignedOmitsSignatureKeys(t *testing.T) {
	n := testNotification()
	n.SignatureVersion = ""
	got := string(n.appendJSON(nil, testUnsubURL))
	assert.NotContains(t, got, "Signature")
	assert.NotContains(t, got, "SigningCertURL")
	assert.Contains(t, got, "\"Timestamp\" : \"2012-05-02T00:54:06.655Z\",\n  \"UnsubscribeURL\" : ")
}

// appendJSON appends: what b held stays in front.
func TestAppendJSONAppends(t *testing.T) {
	prefix := []byte("prefix:")
	got := testNotification().appendJSON(prefix, testUnsubURL)
	assert.True(t, strings.HasPrefix(string(got), "prefix:{\n  \"Type\""))
}

// The Lambda event (Lambda guide, "Using Lambda with Amazon SNS"): compact,
// SigningCertUrl/UnsubscribeUrl spelling, Subject null when absent,
// MessageAttributes always present, and Number and String.Array
// attributes typed "String" (SNS guide, "Message attribute data types":
// those types are passed to Lambda as String).
func TestLambdaEvent(t *testing.T) {
	n := testNotification()
	n.Attributes = envelopeAttributes(t, map[string]MessageAttributeValue{
		"bin":   {DataType: "Binary", BinaryValue: []byte{2, 3, 4}},
		"int":   {DataType: "Number.int", StringValue: "7"},
		"list":  {DataType: "String.Array", StringValue: `["a"]`},
		"price": {DataType: "Number", StringValue: "1.5"},
		"s":     {DataType: "String", StringValue: "x"},
		"sx":    {DataType: "String.custom", StringValue: "y"},
	})
	got := string(n.appendLambdaEvent(nil, testSubARN, testUnsubURL))
	want := `{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",` +
		`"EventSubscriptionArn":"arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96",` +
		`"Sns":{"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",` +
		`"TopicArn":"arn:aws:sns:us-west-2:123456789012:MyTopic","Subject":null,"Message":"Hello world!",` +
		`"Timestamp":"2012-05-02T00:54:06.655Z","SignatureVersion":"1","Signature":"SIG==",` +
		`"SigningCertUrl":"https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",` +
		`"UnsubscribeUrl":"https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96",` +
		`"MessageAttributes":{"bin":{"Type":"Binary","Value":"AgME"},"int":{"Type":"String","Value":"7"},` +
		`"list":{"Type":"String","Value":"[\"a\"]"},"price":{"Type":"String","Value":"1.5"},` +
		`"s":{"Type":"String","Value":"x"},"sx":{"Type":"String.custom","Value":"y"}}}}]}`
	assert.Equal(t, want, got)
}

// With a Subject and no attributes the Lambda event has the Subject string
// and an empty MessageAttributes object.
func TestLambdaEventWithSubjectNoAttributes(t *testing.T) {
	n := testNotification()
	n.Subject, n.HasSubject = "Hi", true
	got := string(n.appendLambdaEvent(nil, testSubARN, testUnsubURL))
	assert.Contains(t, got, `"TopicArn":"arn:aws:sns:us-west-2:123456789012:MyTopic","Subject":"Hi","Message":"Hello world!"`)
	assert.True(t, strings.HasSuffix(got, `,"MessageAttributes":{}}}]}`), got)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(got), &v))
}

// Escaping follows what AWS's serializer writes: quotes and backslashes,
// short escapes for \b \t \n \f \r, \u00XX (upper-case hex) for other
// control characters; "/", <, >, & and every non-ASCII character stay
// literal (AWS deliveries carry "/grid-dev/…" and Korean text unescaped).
func TestAppendJSONStringEscaping(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Hello world!", `"Hello world!"`},
		{"empty", "", `""`},
		{"quotes and backslash", `say "hi" \o/`, `"say \"hi\" \\o/"`},
		{"short escapes", "a\bb\tc\nd\fe\rf", `"a\bb\tc\nd\fe\rf"`},
		{"other controls upper-case hex", "\x00\x01\x1f\x0b", `"\u0000\u0001\u001F\u000B"`},
		{"html characters literal", "<a href='x'>&amp;</a>", `"<a href='x'>&amp;</a>"`},
		{"slash literal", "https://example.com/a/b", `"https://example.com/a/b"`},
		{"DEL literal", "a\x7fb", "\"a\x7fb\""},
		{"non-ASCII literal", "öé£ 도넛 😀", `"öé£ 도넛 😀"`},
		{"line separators literal", "a\u2028b\u2029c", "\"a\u2028b\u2029c\""},
		{"JSON message", `{"k":"v","n":[1,2]}`, `"{\"k\":\"v\",\"n\":[1,2]}"`},
		{"invalid UTF-8 replaced", "a\xffb\xc3", "\"a\uFFFDb\uFFFD\""},
		{"escape at end", "end\n", `"end\n"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, string(appendJSONString(nil, c.in)))
		})
	}
}

// specialBytes finds the first byte needing attention in a word wherever
// it sits, whatever the bytes after it (which may be special too and
// disturb the higher lanes), and flags nothing in a word of plain bytes.
func TestSpecialBytesFindsFirstSpecialByte(t *testing.T) {
	word := func(w []byte) uint64 {
		var x uint64
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(w[i])
		}
		return x
	}
	special := func(c byte) bool { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80 }
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, after := range []byte{'a', 0x00, 0x1f, '"', 0xff, 0x21} {
				w := []byte("plainABC")
				w[pos] = byte(c)
				for k := pos + 1; k < 8; k++ {
					w[k] = after
				}
				want := 8 // none
				for k := range w {
					if special(w[k]) {
						want = k
						break
					}
				}
				m := specialBytes(word(w))
				got := 8
				if m != 0 {
					got = bits.TrailingZeros64(m) / 8
				}
				if got != want {
					t.Fatalf("word %q: first special byte at %d, found %d", w, want, got)
				}
			}
		}
	}
}

// Whatever the input, an escaped string is valid JSON that decodes to the
// input (with each byte of invalid UTF-8 replaced by U+FFFD).
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x00\x1f\n", "ö😀", "\xff\xfe", "\u2028</script>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendJSONString(nil, s)
		require.True(t, utf8.Valid(out), "output is not UTF-8: %q", out)
		var back string
		require.NoError(t, json.Unmarshal(out, &back), "output is not JSON: %q", out)
		// Converting to runes turns each invalid byte into U+FFFD, as
		// appendJSONString does.
		assert.Equal(t, string([]rune(s)), back)
	})
}

// Envelopes with awkward content stay valid JSON and give back the same
// values, so a subscriber's JSON parser sees exactly what was published.
func TestEnvelopeRoundTripsAwkwardContent(t *testing.T) {
	n := testNotification()
	n.Message = "line1\nline2\t\"quoted\" \\ </script> & 😀 \x01"
	n.Subject, n.HasSubject = "Ünïcode <subject>", true
	n.Attributes = []envelopeAttribute{{Name: "a.b-c_d", Type: "String", Value: "x\"y\nz"}}
	var env struct {
		Message, Subject  string
		MessageAttributes map[string]struct{ Type, Value string }
	}
	require.NoError(t, json.Unmarshal(n.appendJSON(nil, testUnsubURL), &env))
	assert.Equal(t, n.Message, env.Message)
	assert.Equal(t, n.Subject, env.Subject)
	assert.Equal(t, "x\"y\nz", env.MessageAttributes["a.b-c_d"].Value)

	var ev struct {
		Records []struct {
			Sns struct{ Message, Subject string }
		}
	}
	require.NoError(t, json.Unmarshal(n.appendLambdaEvent(nil, testSubARN, testUnsubURL), &ev))
	require.Len(t, ev.Records, 1)
	assert.Equal(t, n.Message, ev.Records[0].Sns.Message)
	assert.Equal(t, n.Subject, ev.Records[0].Sns.Subject)
}

// Timestamps are UTC with exactly three fraction digits, truncated, as in
// "2012-05-02T00:54:06.655Z" (guide examples), whatever the location of
// the time value.
func TestAppendTimestamp(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	cases := []struct {
		name string
		in   time.Time
		want string
	}{
		{"truncated not rounded", time.Date(2012, 5, 2, 0, 54, 6, 655999999, time.UTC), "2012-05-02T00:54:06.655Z"},
		{"zero millis", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "2025-01-01T00:00:00.000Z"},
		{"converted to UTC", time.Date(2024, 12, 31, 22, 30, 59, 7e6, est), "2025-01-01T03:30:59.007Z"},
		{"small year padded", time.Date(99, 2, 3, 4, 5, 6, 0, time.UTC), "0099-02-03T04:05:06.000Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, string(appendTimestamp(nil, c.in)))
			assert.Equal(t, c.in.UTC().Format("2006-01-02T15:04:05.000Z"), c.want)
		})
	}
}

// envelopeAttributes returns attrs in their envelope form, as validating
// a publish of them renders it.
func envelopeAttributes(t *testing.T, attrs map[string]MessageAttributeValue) []envelopeAttribute {
	t.Helper()
	m := message{body: "m", attributes: attrs}
	require.NoError(t, m.validate())
	return m.envelopeAttrs
}

// The envelope form of attributes is sorted by name, base64-encodes Binary
// values (custom labels included) and keeps other values and types as
// published.
func TestEnvelopeAttributes(t *testing.T) {
	assert.Nil(t, envelopeAttributes(t, nil))
	got := envelopeAttributes(t, map[string]MessageAttributeValue{
		"z":   {DataType: "String", StringValue: "last"},
		"a":   {DataType: "Binary.gz", BinaryValue: []byte("hi")},
		"m.n": {DataType: "Number.float", StringValue: "1.25"},
	})
	assert.Equal(t, []envelopeAttribute{
		{Name: "a", Type: "Binary.gz", Value: "aGk="},
		{Name: "m.n", Type: "Number.float", Value: "1.25"},
		{Name: "z", Type: "String", Value: "last"},
	}, got)
}

// The URLs are AWS's, with ARNs and tokens unencoded (guide examples).
func TestURLs(t *testing.T) {
	assert.Equal(t, testUnsubURL, unsubscribeURL("us-west-2", testSubARN))
	assert.Equal(t,
		"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:t&Token=abc",
		confirmSubscriptionURL("us-east-1", "arn:aws:sns:us-east-1:1:t", "abc"))
}

// BenchmarkAppendJSON renders a signed 100-byte Notification with one
// attribute, as each SQS delivery does: "fresh" into a new buffer (one
// allocation, what a delivery pays), "reused" into a buffer with room, the
// rendering alone.
func BenchmarkAppendJSON(b *testing.B) {
	n := testNotification()
	n.Message = strings.Repeat("0123456789", 10)
	n.SignatureVersion = "1"
	n.SigningCertURL = signingCertURL("us-west-2")
	n.sign()
	n.Attributes = []envelopeAttribute{{Name: "event", Type: "String", Value: "order.created"}}
	size := len(n.appendJSON(nil, testUnsubURL))
	b.Run("fresh", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			_ = n.appendJSON(nil, testUnsubURL)
		}
	})
	b.Run("reused", func(b *testing.B) {
		buf := make([]byte, 0, 4096)
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			buf = n.appendJSON(buf[:0], testUnsubURL)
		}
	})
}

// BenchmarkAppendLambdaEvent is BenchmarkAppendJSON for a Lambda
// subscription.
func BenchmarkAppendLambdaEvent(b *testing.B) {
	n := testNotification()
	n.Message = strings.Repeat("0123456789", 10)
	n.SigningCertURL = signingCertURL("us-west-2")
	n.sign()
	b.ReportAllocs()
	for b.Loop() {
		_ = n.appendLambdaEvent(nil, testSubARN, testUnsubURL)
	}
}
