package lambda

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/awssim/awssim/sqs"
)

// sqsEventJSON is the SQS event built with encoding/json, as sqsEvent was
// before it was written by hand: the reference it must match byte for
// byte.
func sqsEventJSON(queueARN, region string, msgs []sqs.Message) []byte {
	type attribute struct {
		StringValue      *string  `json:"stringValue,omitempty"`
		BinaryValue      []byte   `json:"binaryValue,omitempty"`
		StringListValues []string `json:"stringListValues"`
		BinaryListValues []string `json:"binaryListValues"`
		DataType         string   `json:"dataType"`
	}
	type record struct {
		MessageID              string               `json:"messageId"`
		ReceiptHandle          string               `json:"receiptHandle"`
		Body                   string               `json:"body"`
		Attributes             map[string]string    `json:"attributes"`
		MessageAttributes      map[string]attribute `json:"messageAttributes"`
		MD5OfMessageAttributes string               `json:"md5OfMessageAttributes,omitempty"`
		MD5OfBody              string               `json:"md5OfBody"`
		EventSource            string               `json:"eventSource"`
		EventSourceARN         string               `json:"eventSourceARN"`
		AWSRegion              string               `json:"awsRegion"`
	}
	ev := struct {
		Records []record `json:"Records"`
	}{Records: make([]record, len(msgs))}
	for i, msg := range msgs {
		attrs := make(map[string]attribute, len(msg.MessageAttributes))
		for name, v := range msg.MessageAttributes {
			a := attribute{StringListValues: []string{}, BinaryListValues: []string{}, DataType: v.DataType}
			if v.BinaryValue != nil {
				a.BinaryValue = v.BinaryValue
			} else {
				sv := v.StringValue
				a.StringValue = &sv
			}
			attrs[name] = a
		}
		system := make(map[string]string)
		for _, name := range []string{"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
			"SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader"} {
			if v, ok := msg.Attributes[name]; ok {
				system[name] = v
			}
		}
		ev.Records[i] = record{
			MessageID: msg.MessageId, ReceiptHandle: msg.ReceiptHandle, Body: msg.Body, Attributes: system,
			MessageAttributes: attrs, MD5OfMessageAttributes: msg.MD5OfMessageAttributes, MD5OfBody: msg.MD5OfBody,
			EventSource: "aws:sqs", EventSourceARN: queueARN, AWSRegion: region,
		}
	}
	b, _ := json.Marshal(ev)
	return b
}

// TestSQSEventMatchesEncodingJSON compares the event with encoding/json's
// on random batches: bodies, IDs, attribute names and values drawn from
// random bytes (invalid UTF-8 included), control characters, the
// characters HTML escaping changes, U+2028 and U+2029 and other runes;
// string and binary attributes, nil and empty binary values, empty
// strings, and system attributes the event carries and some it drops.
func TestSQSEventMatchesEncodingJSON(t *testing.T) {
	for seed := uint64(1); seed <= 2000; seed++ {
		r := rand.New(rand.NewPCG(seed, 0))
		msgs := make([]sqs.Message, r.IntN(12))
		for i := range msgs {
			msgs[i] = randomMessage(r)
		}
		arn, region := randomString(r), randomString(r)
		if got, want := sqsEvent(arn, region, msgs), sqsEventJSON(arn, region, msgs); !bytes.Equal(got, want) {
			t.Fatalf("seed %d:\n got %q\nwant %q", seed, got, want)
		}
	}
}

// FuzzSQSEvent compares the event with encoding/json's for one or two
// messages built from the fuzzer's strings and bytes.
func FuzzSQSEvent(f *testing.F) {
	f.Add("id", "body <&> \u2028\u2029 \x00\x1f\x7f \xff\xc3", "name", "String", "value\"\\\b\f\n\r\t", []byte("bin"), "7", false)
	f.Add("", "", "", "Binary", "", []byte{}, "", true)
	f.Fuzz(func(t *testing.T, id, body, name, dataType, value string, binary []byte, system string, two bool) {
		m := sqs.Message{MessageId: id, ReceiptHandle: value, MD5OfBody: name, Body: body, MD5OfMessageAttributes: system,
			Attributes: map[string]string{sqs.SysAttributeSenderId: system, sqs.SysAttributeDeadLetterQueueSourceArn: body},
			MessageAttributes: map[string]sqs.MessageAttributeValue{
				name:         {DataType: dataType, StringValue: value},
				name + "bin": {DataType: dataType, BinaryValue: binary},
			}}
		msgs := []sqs.Message{m}
		if two {
			msgs = append(msgs, sqs.Message{MessageId: body, Body: id})
		}
		if got, want := sqsEvent(value, dataType, msgs), sqsEventJSON(value, dataType, msgs); !bytes.Equal(got, want) {
			t.Fatalf("\n got %q\nwant %q", got, want)
		}
	})
}

// randomMessage is a message whose every string is randomString's.
func randomMessage(r *rand.Rand) sqs.Message {
	m := sqs.Message{MessageId: randomString(r), ReceiptHandle: randomString(r), MD5OfBody: randomString(r), Body: randomString(r)}
	if r.IntN(2) == 0 {
		m.MD5OfMessageAttributes = randomString(r)
	}
	if r.IntN(4) > 0 {
		m.Attributes = make(map[string]string)
		for _, name := range append(slices.Clone(eventSystemAttributes), sqs.SysAttributeDeadLetterQueueSourceArn, randomString(r)) {
			if r.IntN(2) == 0 {
				m.Attributes[name] = randomString(r)
			}
		}
	}
	if n := r.IntN(12); n > 0 {
		m.MessageAttributes = make(map[string]sqs.MessageAttributeValue)
		for range n {
			v := sqs.MessageAttributeValue{DataType: randomString(r)}
			switch r.IntN(4) {
			case 0:
				v.BinaryValue = []byte(randomString(r))
			case 1:
				v.BinaryValue = []byte{}
			default:
				v.StringValue = randomString(r)
			}
			m.MessageAttributes[randomString(r)+strconv.Itoa(r.IntN(3))] = v
		}
	}
	return m
}

// randomString draws a string of up to 40 pieces, each a random byte, a
// character that JSON or HTML escaping changes, or a multi-byte rune.
func randomString(r *rand.Rand) string {
	pieces := []string{"<", ">", "&", "\"", "\\", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\u2028", "\u2029",
		"\u2027", "é", "€", "𝄞", "\ufffd", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "a", "Z", " "}
	var b []byte
	for range r.IntN(41) {
		if r.IntN(3) == 0 {
			b = append(b, byte(r.IntN(256)))
		} else {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
	}
	return string(b)
}
