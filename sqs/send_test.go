package sqs_test

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sqs"
)

// Scenario tests of standard queues: SendMessage.

// stdMD5OfAttributes is an implementation of the MD5OfMessageAttributes
// algorithm (Amazon SQS Developer Guide: "Message metadata for Amazon SQS",
// section "Calculating the MD5 message digest for message attributes"),
// written for the tests apart from the package's: sort by name; per
// attribute the length-prefixed name, the length-prefixed data type, a
// transport byte (1 String/Number, 2 Binary) and the length-prefixed
// value; lengths are 4-byte big-endian; MD5 of the whole, lower-case hex.
func stdMD5OfAttributes(attrs map[string]sqs.MessageAttributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	put := func(b []byte) {
		_ = binary.Write(&buf, binary.BigEndian, int32(len(b)))
		buf.Write(b)
	}
	for _, n := range names {
		v := attrs[n]
		put([]byte(n))
		put([]byte(v.DataType))
		if strings.HasPrefix(v.DataType, "Binary") {
			buf.WriteByte(2)
			put(v.BinaryValue)
		} else {
			buf.WriteByte(1)
			put([]byte(v.StringValue))
		}
	}
	sum := md5.Sum(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// stdStr and stdNum make String and Number attribute values.
func stdStr(v string) sqs.MessageAttributeValue {
	return sqs.MessageAttributeValue{DataType: "String", StringValue: v}
}

func stdNum(v string) sqs.MessageAttributeValue {
	return sqs.MessageAttributeValue{DataType: "Number", StringValue: v}
}

// stdSendRefused checks that in is refused with want and that the queue's
// counters did not change.
func stdSendRefused(t *testing.T, svc *sqs.Service, in *sqs.SendMessageInput, want error) {
	t.Helper()
	before := stdCounts(t, svc, in.QueueUrl)
	out, err := svc.SendMessage(t.Context(), in)
	require.ErrorIs(t, err, want)
	assert.Equal(t, http.StatusBadRequest, stdStatus(t, err))
	assert.Nil(t, out)
	assert.Equal(t, before, stdCounts(t, svc, in.QueueUrl), "a refused send enqueues nothing")
}

// SendMessage requires a body of at least one character: MissingParameter
// (Amazon SQS API Reference: SendMessage).
func TestSendMessageRequiresBody(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url}, sqs.ErrMissingParameter)
	stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageAttributes: map[string]sqs.MessageAttributeValue{"a": stdStr("v")}},
		sqs.ErrMissingParameter)
}

// A body may only hold #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD |
// #x10000-#x10FFFF; anything else is InvalidMessageContents (Amazon SQS
// API Reference: SendMessage).
func TestSendMessageRejectsInvalidCharacters(t *testing.T) {
	cases := []struct {
		name string
		body string
		ok   bool
	}{
		{"tab newline carriage return", "a\tb\nc\rd", true},
		{"emoji", "order \U0001F4E6 shipped", true},
		{"last BMP before surrogates", "\uD7FF", true},
		{"private use", "\uE000", true},
		{"replacement character", "\uFFFD", true},
		{"last code point", "\U0010FFFF", true},
		{"space", " ", true},
		{"NUL", "a\x00b", false},
		{"backspace", "\x08", false},
		{"unit separator", "\x1f", false},
		{"U+FFFE", "a\uFFFEb", false},
		{"U+FFFF", "\uFFFF", false},
		{"encoded surrogate", "\xed\xa0\x80", false},
		{"invalid UTF-8", "\xff", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: tc.body}
			if !tc.ok {
				stdSendRefused(t, svc, in, sqs.ErrInvalidMessageContents)
				return
			}
			_, err := svc.SendMessage(ctx, in)
			require.NoError(t, err)
			msgs := stdReceive(t, svc, url, 1)
			require.Len(t, msgs, 1)
			assert.Equal(t, tc.body, msgs[0].Body)
		})
	}
}

// The body and the message attributes (name, type and value) together may
// take up to the queue's MaximumMessageSize, 1 MiB by default; exactly at
// the limit is accepted, one byte over is InvalidParameterValue (Amazon SQS
// API Reference: SendMessage, SetQueueAttributes).
func TestSendMessageSizeLimit(t *testing.T) {
	attrs := map[string]sqs.MessageAttributeValue{"n": stdStr("v")} // 1 + 6 + 1 = 8 bytes
	cases := []struct {
		name  string
		limit int // MaximumMessageSize; 0 for the default
		body  int
		attrs map[string]sqs.MessageAttributeValue
		ok    bool
	}{
		{"1 MiB body", 0, 1 << 20, nil, true},
		{"1 MiB + 1 body", 0, 1<<20 + 1, nil, false},
		{"1 MiB with attributes", 0, 1<<20 - 8, attrs, true},
		{"1 MiB + 1 with attributes", 0, 1<<20 - 7, attrs, false},
		{"queue limit body", 1024, 1024, nil, true},
		{"queue limit + 1 body", 1024, 1025, nil, false},
		{"queue limit with attributes", 1024, 1016, attrs, true},
		{"queue limit + 1 with attributes", 1024, 1017, attrs, false},
		{"multi-byte characters count in bytes", 1024, 1026, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			var qattrs map[string]string
			if tc.limit != 0 {
				qattrs = map[string]string{sqs.AttributeMaximumMessageSize: "1024"}
			}
			url := stdQueue(t, svc, "orders", qattrs)
			body := strings.Repeat("x", tc.body)
			if strings.HasPrefix(tc.name, "multi-byte") {
				body = strings.Repeat("é", tc.body/2) // 513 characters, 1026 bytes
			}
			in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: body, MessageAttributes: tc.attrs}
			if !tc.ok {
				stdSendRefused(t, svc, in, sqs.ErrInvalidParameterValue)
				return
			}
			_, err := svc.SendMessage(ctx, in)
			require.NoError(t, err)
			assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))
		})
	}
}

// Message system attributes (AWSTraceHeader) do not count toward the size
// limit (Amazon SQS API Reference: SendMessage).
func TestSendMessageSystemAttributesDoNotCountTowardSize(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeMaximumMessageSize: "1024"})

	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: strings.Repeat("x", 1024),
		MessageSystemAttributes: map[string]sqs.MessageAttributeValue{"AWSTraceHeader": stdStr("Root=1-5759e988-bd862e3fe1be46a994272793")}})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"1", "0", "0"}, stdCounts(t, svc, url))
}

// A message has at most 10 attributes; 11 is InvalidParameterValue (Amazon
// SQS Developer Guide: "Message metadata for Amazon SQS").
func TestSendMessageAllowsAtMost10Attributes(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	attrs := map[string]sqs.MessageAttributeValue{}
	for i := range 10 {
		attrs[string(rune('a'+i))] = stdStr("v")
	}
	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "ten", MessageAttributes: attrs})
	require.NoError(t, err)
	_, err = svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	require.NoError(t, err)

	attrs["k"] = stdStr("v")
	stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "eleven", MessageAttributes: attrs}, sqs.ErrInvalidParameterValue)
}

// Attribute names: A-Z a-z 0-9 _ - ., at most 256 characters, not starting
// with AWS. or Amazon. in any case, not starting or ending with a period,
// no ".." (Amazon SQS Developer Guide: "Message metadata for Amazon SQS").
func TestMessageAttributeNameRules(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"a", true},
		{"Order.Id-2_x", true},
		{"AWSome", true},
		{"AmazonBasics", true},
		{strings.Repeat("n", 256), true},
		{strings.Repeat("n", 257), false},
		{"AWS.trace", false},
		{"aws.trace", false},
		{"Amazon.x", false},
		{"AMAZON.x", false},
		{".lead", false},
		{"trail.", false},
		{"a..b", false},
		{"a b", false},
		{"a/b", false},
		{"naïve", false},
		{"", false},
	}
	for _, tc := range cases {
		t.Run(tc.name[:min(len(tc.name), 20)], func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b",
				MessageAttributes: map[string]sqs.MessageAttributeValue{tc.name: stdStr("v")}}
			if !tc.ok {
				stdSendRefused(t, svc, in, sqs.ErrInvalidParameterValue)
				return
			}
			_, err := svc.SendMessage(ctx, in)
			require.NoError(t, err)
		})
	}
}

// Data types are String, Number and Binary, each optionally with a custom
// label (Number.int, Binary.png) that SQS keeps but does not interpret
// (Amazon SQS Developer Guide: "Message metadata for Amazon SQS").
func TestMessageAttributeDataTypes(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	attrs := map[string]sqs.MessageAttributeValue{
		"s":   stdStr("text"),
		"n":   stdNum("-12.5"),
		"b":   {DataType: "Binary", BinaryValue: []byte{0, 1, 0xff}},
		"ni":  {DataType: "Number.int", StringValue: "42"},
		"png": {DataType: "Binary.png", BinaryValue: []byte("\x89PNG")},
		"sj":  {DataType: "String.json", StringValue: `{"a":1}`},
	}
	sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "typed", MessageAttributes: attrs})
	require.NoError(t, err)
	assert.Equal(t, stdMD5OfAttributes(attrs), sent.MD5OfMessageAttributes)

	out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MessageAttributeNames: []string{"All"}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 1)
	assert.Equal(t, attrs, out.Messages[0].MessageAttributes, "types, labels and values come back as sent")

	for _, typ := range []string{"Integer", "Str", ""} {
		stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageAttributes: map[string]sqs.MessageAttributeValue{
			"a": {DataType: typ, StringValue: "1"}}}, sqs.ErrInvalidParameterValue)
	}
}

// Name, type and value must be non-empty: an empty String, Number or
// Binary value is InvalidParameterValue (Amazon SQS Developer Guide:
// "Message metadata for Amazon SQS").
func TestMessageAttributeEmptyValueFails(t *testing.T) {
	for _, v := range []sqs.MessageAttributeValue{
		{DataType: "String"},
		{DataType: "Number"},
		{DataType: "Binary"},
		{DataType: "Binary", BinaryValue: []byte{}},
		{DataType: "Binary", StringValue: "not binary"},
		{DataType: "String.label"},
	} {
		t.Run(v.DataType, func(t *testing.T) {
			svc, _, _ := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b",
				MessageAttributes: map[string]sqs.MessageAttributeValue{"ErrorDetails": v}}, sqs.ErrInvalidParameterValue)
		})
	}
}

// A Number value is a decimal of up to 38 digits of precision between
// 10^-128 and 10^+126 (Amazon SQS Developer Guide: "Message metadata for
// Amazon SQS").
func TestNumberAttributeValidation(t *testing.T) {
	cases := []struct {
		v  string
		ok bool
	}{
		{"0", true},
		{"42", true},
		{"-12.5", true},
		{"+3", true},
		{"1e10", true},
		{"1.5E-3", true},
		{strings.Repeat("9", 38), true},
		{"1e126", true},
		{"1e-128", true},
		{strings.Repeat("9", 39), false},
		{"1e127", false},
		{"1e-129", false},
		{"abc", false},
		{"1.2.3", false},
		{"12a", false},
		{"1e", false},
		{"-", false},
		{"0x10", false},
	}
	for _, tc := range cases {
		t.Run(tc.v, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b",
				MessageAttributes: map[string]sqs.MessageAttributeValue{"n": stdNum(tc.v)}}
			if !tc.ok {
				stdSendRefused(t, svc, in, sqs.ErrInvalidParameterValue)
				return
			}
			_, err := svc.SendMessage(ctx, in)
			require.NoError(t, err)
		})
	}
}

// MD5OfMessageBody is the hex MD5 of the UTF-8 body, on send and on
// receive (Amazon SQS API Reference: SendMessage, ReceiveMessage).
func TestMD5OfMessageBodyIsHexMD5OfBody(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for _, body := range []string{"hello", "order \U0001F4E6 näive\n"} {
		sum := md5.Sum([]byte(body))
		want := hex.EncodeToString(sum[:])
		sent := stdSend(t, svc, url, body)
		assert.Equal(t, want, sent.MD5OfMessageBody)
		assert.Empty(t, sent.MD5OfMessageAttributes, "no attributes, no attribute digest")
		assert.Empty(t, sent.MD5OfMessageSystemAttributes)
		msgs := stdReceive(t, svc, url, 1)
		require.Len(t, msgs, 1)
		assert.Equal(t, want, msgs[0].MD5OfBody)
		assert.Equal(t, sent.MessageId, msgs[0].MessageId)
	}
	sent := stdSend(t, svc, url, "hello")
	assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", sent.MD5OfMessageBody, "the published md5 of \"hello\"")
}

// MD5OfMessageAttributes is computed with AWS's algorithm (Amazon SQS
// Developer Guide: "Message metadata for Amazon SQS"), on send and on
// receive.
func TestMD5OfMessageAttributesFollowsAWSAlgorithm(t *testing.T) {
	// The test implementation against digests from elsewhere: 235c…,
	// cd28… and d21a… are published in the tests of LocalStack, an npm
	// MD5 validator and sqslite; 3bc3… and 9c60… were worked out apart
	// with Python's struct and hashlib.
	for want, attrs := range map[string]map[string]sqs.MessageAttributeValue{
		"3bc3f392bdd1097ba0b434f65d468d2e": {"attr1": stdStr("value1")},
		"235c5c510d26fb653d073faed50ae77c": {"timestamp": stdNum("1493147359900")},
		"cd28f3b68aeee4b2eac9c66f2f694b58": {"SellerName": stdStr("Example Store")},
		"d21ae90c49061e927f57df5f5d72be1f": {"ordinal": stdNum("1"), "category": stdStr("test")},
		"9c600596700d94a6402749f03ebb64bf": {"trace": {DataType: "Binary", BinaryValue: []byte{0, 1, 0xff}}},
	} {
		require.Equal(t, want, stdMD5OfAttributes(attrs), "%v", attrs)
	}

	cases := map[string]map[string]sqs.MessageAttributeValue{
		"known vector": {"attr1": stdStr("value1")},
		"sorted by name in byte order": {
			"b": stdStr("2"), "B": stdStr("1"), "a.x": stdNum("3"), "_": stdStr("0"),
		},
		"binary and custom labels": {
			"img":  {DataType: "Binary.png", BinaryValue: []byte("\x89PNG\r\n")},
			"raw":  {DataType: "Binary", BinaryValue: []byte{0}},
			"n":    {DataType: "Number.float", StringValue: "3.14"},
			"utf8": stdStr("grüße \U0001F4E6"),
		},
	}
	for name, attrs := range cases {
		t.Run(name, func(t *testing.T) {
			svc, _, ctx := stdSetup(t)
			url := stdQueue(t, svc, "orders", nil)
			sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageAttributes: attrs})
			require.NoError(t, err)
			want := stdMD5OfAttributes(attrs)
			assert.Equal(t, want, sent.MD5OfMessageAttributes)

			out, err := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MessageAttributeNames: []string{"All"}})
			require.NoError(t, err)
			require.Len(t, out.Messages, 1)
			assert.Equal(t, want, out.Messages[0].MD5OfMessageAttributes)
		})
	}
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	sent, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b",
		MessageAttributes: map[string]sqs.MessageAttributeValue{"attr1": stdStr("value1")}})
	require.NoError(t, err)
	assert.Equal(t, "3bc3f392bdd1097ba0b434f65d468d2e", sent.MD5OfMessageAttributes)
}

// System attributes do not change MD5OfMessageAttributes (Amazon SQS API
// Reference: SendMessage); MD5OfMessageSystemAttributes is present only
// when AWSTraceHeader is sent, digested with the same algorithm.
func TestMessageSystemAttributesHaveTheirOwnMD5(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	attrs := map[string]sqs.MessageAttributeValue{"attr1": stdStr("value1")}
	sys := map[string]sqs.MessageAttributeValue{"AWSTraceHeader": stdStr("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")}

	plain, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageAttributes: attrs})
	require.NoError(t, err)
	traced, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageAttributes: attrs,
		MessageSystemAttributes: sys})
	require.NoError(t, err)
	onlyTrace, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageSystemAttributes: sys})
	require.NoError(t, err)

	assert.Equal(t, plain.MD5OfMessageAttributes, traced.MD5OfMessageAttributes)
	assert.Empty(t, plain.MD5OfMessageSystemAttributes)
	assert.Equal(t, stdMD5OfAttributes(sys), traced.MD5OfMessageSystemAttributes)
	assert.Empty(t, onlyTrace.MD5OfMessageAttributes)
	assert.Equal(t, stdMD5OfAttributes(sys), onlyTrace.MD5OfMessageSystemAttributes)

	msgs := stdReceive(t, svc, url, 10)
	require.Len(t, msgs, 3)
	assert.Empty(t, msgs[0].Attributes[sqs.SysAttributeAWSTraceHeader])
	assert.Equal(t, sys["AWSTraceHeader"].StringValue, msgs[1].Attributes[sqs.SysAttributeAWSTraceHeader])

	// Only AWSTraceHeader, of type String, is a system attribute.
	for _, bad := range []map[string]sqs.MessageAttributeValue{
		{"SenderId": stdStr("x")},
		{"AWSTraceHeader": stdNum("1")},
		{"AWSTraceHeader": stdStr("")},
	} {
		_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageSystemAttributes: bad})
		require.ErrorIs(t, err, sqs.ErrInvalidParameterValue, "%v", bad)
	}
	assert.Len(t, svc.Inspect().Messages(url), 3)
}

// A per-message DelaySeconds on a standard queue overrides the queue's
// delay; an explicit 0 means no delay (Amazon SQS API Reference:
// SendMessage).
func TestPerMessageDelayOverridesQueueDelay(t *testing.T) {
	svc, clk, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", map[string]string{sqs.AttributeDelaySeconds: "60"})
	for _, m := range []struct {
		body  string
		delay *time.Duration
	}{
		{"queue delay", nil},
		{"no delay", sqs.Duration(0)},
		{"ten seconds", sqs.Duration(10 * time.Second)},
		{"two minutes", sqs.Duration(120 * time.Second)},
	} {
		_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: m.body, Delay: m.delay})
		require.NoError(t, err)
	}
	bodies := func() []string { // receives and deletes what is visible
		var out []string
		for _, m := range stdReceive(t, svc, url, 10) {
			out = append(out, m.Body)
			_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
		return out
	}

	assert.Equal(t, []string{"no delay"}, bodies())
	clk.Advance(9 * time.Second)
	assert.Empty(t, bodies())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"ten seconds"}, bodies())
	clk.Advance(49 * time.Second)
	assert.Empty(t, bodies())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"queue delay"}, bodies())
	clk.Advance(59 * time.Second)
	assert.Empty(t, bodies())
	clk.Advance(time.Second)
	assert.Equal(t, []string{"two minutes"}, bodies())
}

// DelaySeconds per message is 0 to 900 seconds (Amazon SQS API Reference:
// SendMessage).
func TestPerMessageDelayRange(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)
	for _, d := range []time.Duration{901 * time.Second, -time.Second, 1500 * time.Millisecond} {
		stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", Delay: sqs.Duration(d)}, sqs.ErrInvalidParameterValue)
	}
	_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", Delay: sqs.Duration(900 * time.Second)})
	require.NoError(t, err)
	assert.Equal(t, [3]string{"0", "0", "1"}, stdCounts(t, svc, url))
}

// MessageDeduplicationId is for FIFO queues; on a standard queue it is
// InvalidParameterValue (Amazon SQS API Reference: SendMessage).
func TestMessageDeduplicationIdRejectedOnStandardQueue(t *testing.T) {
	svc, _, _ := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageDeduplicationId: "d-1"},
		sqs.ErrInvalidParameterValue)
}

// MessageGroupId is optional on a standard queue but, when given, must be 1
// to 128 letters, digits and ASCII punctuation (Amazon SQS API Reference:
// SendMessage).
func TestMessageGroupIdValidatedOnStandardQueue(t *testing.T) {
	svc, _, ctx := stdSetup(t)
	url := stdQueue(t, svc, "orders", nil)

	for _, bad := range []string{"has space", strings.Repeat("g", 129), "grüppe", "tab\t"} {
		stdSendRefused(t, svc, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageGroupId: bad}, sqs.ErrInvalidParameterValue)
	}
	for _, good := range []string{"tenant-1", strings.Repeat("g", 128), `!"#$%&'()*+,-./:;<=>?@[\]^_{|}~` + "`"} {
		_, err := svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "b", MessageGroupId: good})
		require.NoError(t, err, good)
		msgs := stdReceive(t, svc, url, 1)
		require.Len(t, msgs, 1)
		assert.Equal(t, good, msgs[0].Attributes[sqs.SysAttributeMessageGroupId])
	}
}
