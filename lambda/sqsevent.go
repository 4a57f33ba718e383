package lambda

import (
	"encoding/base64"
	"slices"

	"github.com/awssim/awssim/internal/jsonenc"
	"github.com/awssim/awssim/sqs"
)

// The SQS event a mapping invokes its function with, written by hand: an
// event source mapping builds one per batch, and encoding/json spent most
// of a drain's time and allocations on it (reflection, a map per message
// for each kind of attribute, sorting them). The bytes are those
// json.Marshal gives for the event's structure (see sqsevent_test.go, which
// checks it on random batches): fields in that order, map keys sorted, and
// strings escaped as encoding/json escapes them.

// eventSystemAttributes are the system attributes the event carries,
// sorted as encoding/json sorts map keys.
var eventSystemAttributes = slices.Sorted(slices.Values([]string{
	sqs.SysAttributeApproximateReceiveCount, sqs.SysAttributeSentTimestamp, sqs.SysAttributeSenderId,
	sqs.SysAttributeApproximateFirstReceiveTimestamp, sqs.SysAttributeSequenceNumber, sqs.SysAttributeMessageGroupId,
	sqs.SysAttributeMessageDeduplicationId, sqs.SysAttributeAWSTraceHeader,
}))

// sqsEvent is the event Lambda gives a function for a batch of SQS
// messages:
//
//	{"Records":[{"messageId":…,"receiptHandle":…,"body":…,
//	  "attributes":{…},"messageAttributes":{NAME:{"stringValue":… or
//	  "binaryValue":BASE64,"stringListValues":[],"binaryListValues":[],
//	  "dataType":…}},"md5OfMessageAttributes":… (when set),"md5OfBody":…,
//	  "eventSource":"aws:sqs","eventSourceARN":…,"awsRegion":…},…]}
func sqsEvent(queueARN, region string, msgs []sqs.Message) []byte {
	b := make([]byte, 0, eventSize(queueARN, region, msgs))
	b = append(b, `{"Records":[`...)
	for i := range msgs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRecord(b, queueARN, region, &msgs[i])
	}
	return append(b, "]}"...)
}

// eventSize is the size of the event when no string needs escaping, so
// that the event is usually written in one allocation.
func eventSize(queueARN, region string, msgs []sqs.Message) int {
	const record = len(`{"messageId":"","receiptHandle":"","body":"","attributes":{},"messageAttributes":{},` +
		`"md5OfMessageAttributes":"","md5OfBody":"","eventSource":"aws:sqs","eventSourceARN":"","awsRegion":""},`)
	const attribute = len(`"":{"binaryValue":"","stringListValues":[],"binaryListValues":[],"dataType":""},`)
	const system = len(`"":"",`)
	n := len(`{"Records":[]}`)
	for i := range msgs {
		m := &msgs[i]
		n += record + len(m.MessageId) + len(m.ReceiptHandle) + len(m.Body) + len(m.MD5OfMessageAttributes) +
			len(m.MD5OfBody) + len(queueARN) + len(region)
		for name, v := range m.MessageAttributes {
			n += attribute + len(name) + len(v.DataType) + len(v.StringValue) + base64.StdEncoding.EncodedLen(len(v.BinaryValue))
		}
		for _, name := range eventSystemAttributes {
			if v, ok := m.Attributes[name]; ok {
				n += system + len(name) + len(v)
			}
		}
	}
	return n
}

// appendRecord appends one message's record of the event.
func appendRecord(b []byte, queueARN, region string, m *sqs.Message) []byte {
	b = appendField(b, `{"messageId":`, m.MessageId)
	b = appendField(b, `,"receiptHandle":`, m.ReceiptHandle)
	b = appendField(b, `,"body":`, m.Body)
	b = append(b, `,"attributes":{`...)
	first := true
	for _, name := range eventSystemAttributes {
		if v, ok := m.Attributes[name]; ok {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = jsonenc.AppendString(b, name)
			b = append(b, ':')
			b = jsonenc.AppendString(b, v)
		}
	}
	b = append(b, `},"messageAttributes":{`...)
	// SQS allows 10 message attributes, so the names sort on the stack.
	var buf [10]string
	names := buf[:0]
	for name := range m.MessageAttributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, name)
		b = appendAttribute(append(b, ':'), m.MessageAttributes[name])
	}
	b = append(b, '}')
	if m.MD5OfMessageAttributes != "" {
		b = appendField(b, `,"md5OfMessageAttributes":`, m.MD5OfMessageAttributes)
	}
	b = appendField(b, `,"md5OfBody":`, m.MD5OfBody)
	b = append(b, `,"eventSource":"aws:sqs"`...)
	b = appendField(b, `,"eventSourceARN":`, queueARN)
	b = appendField(b, `,"awsRegion":`, region)
	return append(b, '}')
}

// appendAttribute appends a message attribute of the event: a binary
// value (omitted when empty, as omitempty omits it) or else a string one,
// always present, and lists that are always empty.
func appendAttribute(b []byte, v sqs.MessageAttributeValue) []byte {
	b = append(b, '{')
	switch {
	case v.BinaryValue == nil:
		b = appendField(b, `"stringValue":`, v.StringValue)
		b = append(b, ',')
	case len(v.BinaryValue) > 0:
		b = append(b, `"binaryValue":"`...)
		b = base64.StdEncoding.AppendEncode(b, v.BinaryValue)
		b = append(b, `",`...)
	}
	b = append(b, `"stringListValues":[],"binaryListValues":[]`...)
	b = appendField(b, `,"dataType":`, v.DataType)
	return append(b, '}')
}

// appendField appends key, already in JSON, and s as a JSON string.
func appendField(b []byte, key, s string) []byte {
	return jsonenc.AppendString(append(b, key...), s)
}
