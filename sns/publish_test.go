package sns_test

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of Publish and PublishBatch: validation, MessageStructure
// json, FIFO topics (groups, deduplication, sequence numbers, ordered
// fan-out to FIFO queues) and publishing to a phone number (Amazon SNS API
// Reference: Publish, PublishBatch). The scn… helpers come from
// topic_test.go.

// scnStr is a String message attribute.
func scnStr(v string) sns.MessageAttributeValue {
	return sns.MessageAttributeValue{DataType: "String", StringValue: v}
}

// scnBodies returns the SNS Message carried by each JSON envelope received
// from an SQS queue.
func scnBodies(t *testing.T, msgs []sqs.Message) []string {
	t.Helper()
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = scnJSON(t, m.Body)["Message"].(string)
	}
	return out
}

// Publish refuses invalid input with AWS's code and message, and a refused
// publish changes nothing: no message, no delivery, no outbox entry
// (Amazon SNS API Reference: Publish, Errors).
func TestPublishValidation(t *testing.T) {
	const arn = "arn:aws:sns:us-east-1:000000000000:orders"
	big := strings.Repeat("x", sns.MaxMessageSize+1)
	attr := func(name string, v sns.MessageAttributeValue) map[string]sns.MessageAttributeValue {
		return map[string]sns.MessageAttributeValue{name: v}
	}
	cases := []struct {
		name     string
		in       sns.PublishInput
		sentinel *sns.Error
		want     string // "" when AWS's wording is not recorded
	}{
		{"empty message", sns.PublishInput{TopicArn: arn}, sns.ErrInvalidParameterException, "Invalid parameter: Empty message"},
		{"message one byte too long", sns.PublishInput{TopicArn: arn, Message: big}, sns.ErrInvalidParameterException, "Invalid parameter: Message too long"},
		{"message too long with attributes", sns.PublishInput{TopicArn: arn, Message: big[:sns.MaxMessageSize-9],
			MessageAttributes: attr("a", scnStr("abc"))}, sns.ErrInvalidParameterException, "Invalid parameter: Message too long"},
		{"subject of 100 characters", sns.PublishInput{TopicArn: arn, Message: "m", Subject: strings.Repeat("s", 100)}, sns.ErrInvalidParameterException, "Invalid parameter: Subject"},
		{"subject with line break", sns.PublishInput{TopicArn: arn, Message: "m", Subject: "a\nb"}, sns.ErrInvalidParameterException, "Invalid parameter: Subject"},
		{"subject with control character", sns.PublishInput{TopicArn: arn, Message: "m", Subject: "a\x07b"}, sns.ErrInvalidParameterException, "Invalid parameter: Subject"},
		{"structure not JSON", sns.PublishInput{TopicArn: arn, Message: `{"default":`, MessageStructure: "json"}, sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - JSON message body failed to parse"},
		{"structure JSON array", sns.PublishInput{TopicArn: arn, Message: `["default"]`, MessageStructure: "json"}, sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - JSON message body failed to parse"},
		{"structure duplicate key", sns.PublishInput{TopicArn: arn, Message: `{"default":"d","default":"e"}`, MessageStructure: "json"}, sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - JSON message body failed to parse"},
		{"structure no default", sns.PublishInput{TopicArn: arn, Message: `{"sqs":"s"}`, MessageStructure: "json"}, sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - No default entry in JSON message body"},
		{"structure default not a string", sns.PublishInput{TopicArn: arn, Message: `{"default":{"a":1},"sqs":"s"}`, MessageStructure: "json"}, sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - No default entry in JSON message body"},
		{"structure other than json", sns.PublishInput{TopicArn: arn, Message: `{"default":"d"}`, MessageStructure: "xml"}, sns.ErrInvalidParameterException, ""},
		{"attribute name character", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("a^b", scnStr("v"))}, sns.ErrInvalidParameterValueException,
			"Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."},
		{"attribute name leading dot", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr(".a", scnStr("v"))}, sns.ErrInvalidParameterValueException,
			"Invalid message attribute name starting with character '.' was found."},
		{"attribute name trailing dot", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("a.", scnStr("v"))}, sns.ErrInvalidParameterValueException,
			"Invalid message attribute name ending with character '.' was found."},
		{"attribute name double dot", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("a..b", scnStr("v"))}, sns.ErrInvalidParameterValueException,
			"Message attribute name can not have successive '.' character."},
		{"attribute name of 256", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr(strings.Repeat("n", 256), scnStr("v"))}, sns.ErrInvalidParameterValueException,
			"Length of message attribute name must be less than 256 bytes."},
		{"attribute type unknown", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("attr1", sns.MessageAttributeValue{DataType: "Text", StringValue: "v"})}, sns.ErrInvalidParameterValueException,
			"The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."},
		{"attribute String empty", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("attr1", sns.MessageAttributeValue{DataType: "String"})}, sns.ErrInvalidParameterValueException,
			"The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'."},
		{"attribute Number in Binary", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("attr1", sns.MessageAttributeValue{DataType: "Number", BinaryValue: []byte{1}})}, sns.ErrInvalidParameterValueException,
			"The message attribute 'attr1' with type 'Number' must use field 'String'."},
		{"attribute Binary in String", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("attr1", sns.MessageAttributeValue{DataType: "Binary", StringValue: "AQ=="})}, sns.ErrInvalidParameterValueException,
			"The message attribute 'attr1' with type 'Binary' must use field 'Binary'."},
		{"attribute Number not a number", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("attr1", sns.MessageAttributeValue{DataType: "Number", StringValue: "ten"})}, sns.ErrInvalidParameterValueException, ""},
		{"attribute name reserved", sns.PublishInput{TopicArn: arn, Message: "m", MessageAttributes: attr("AWS.trace", scnStr("v"))}, sns.ErrInvalidParameterValueException, ""},
		{"no target", sns.PublishInput{Message: "m"}, sns.ErrInvalidParameterException, ""},
		{"topic and phone", sns.PublishInput{TopicArn: arn, PhoneNumber: "+15555550100", Message: "m"}, sns.ErrInvalidParameterException, ""},
		{"topic and target", sns.PublishInput{TopicArn: arn, TargetArn: arn, Message: "m"}, sns.ErrInvalidParameterException, ""},
		{"malformed topic ARN", sns.PublishInput{TopicArn: "orders", Message: "m"}, sns.ErrInvalidParameterException, "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1"},
		{"topic does not exist", sns.PublishInput{TopicArn: scnTopicARN("nope"), Message: "m"}, sns.ErrNotFoundException, "Topic does not exist"},
		{"target does not exist", sns.PublishInput{TargetArn: scnTopicARN("nope"), Message: "m"}, sns.ErrNotFoundException, "Topic does not exist"},
		{"phone number invalid", sns.PublishInput{PhoneNumber: "12ab", Message: "m"}, sns.ErrInvalidParameterException, "Invalid parameter: PhoneNumber Reason: 12ab is not valid to publish to"},
		{"deduplication ID on standard topic", sns.PublishInput{TopicArn: arn, Message: "m", MessageDeduplicationId: "d"}, sns.ErrInvalidParameterException,
			"Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			require.Equal(t, arn, scnTopic(t, env.svc, "orders", nil))
			url, qarn := scnQueue(t, env.queues, "q")
			scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
			scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "ops@example.com", nil)
			before := scnSnapshot(t, env.svc)

			in := tc.in
			_, err := env.svc.Publish(env.ctx, &in)
			scnRequireError(t, err, tc.sentinel, tc.want)
			assert.Equal(t, before, scnSnapshot(t, env.svc), "a refused publish changes nothing")
			assert.Empty(t, scnReceive(t, env.queues, url))
		})
	}
}

// A message is at most 262,144 bytes with its attributes (name, type and
// value count): exactly at the limit it is published and delivered whole
// (Amazon SNS API Reference: Publish, Message and Subject). A subject of
// 99 characters is accepted.
func TestPublishExactlyAtTheLimits(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", map[string]string{})
	url, qarn := scnQueue(t, env.queues, "q")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"})

	body := strings.Repeat("x", sns.MaxMessageSize)
	_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: body, Subject: strings.Repeat("s", 99)})
	require.NoError(t, err)

	// "a" + "String" + "abc" is 10 bytes.
	withAttr := strings.Repeat("y", sns.MaxMessageSize-10)
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: withAttr, MessageAttributes: map[string]sns.MessageAttributeValue{"a": scnStr("abc")}})
	require.NoError(t, err)

	msgs := scnReceive(t, env.queues, url)
	require.Len(t, msgs, 2)
	got := map[string]bool{msgs[0].Body: true, msgs[1].Body: true}
	assert.True(t, got[body] && got[withAttr], "both messages arrive whole")
	assert.Equal(t, 2, env.svc.Inspect().Stats().Published)
}

// With MessageStructure json each protocol gets its own entry, or
// "default" when it has none; entries that are not strings and unknown
// keys are ignored (Amazon SNS API Reference: Publish, MessageStructure).
func TestPublishMessageStructureJSONPerProtocol(t *testing.T) {
	env, ep := scnHTTPSetup(t, 0)
	_, _ = scnConfirmedHook(t, env, ep, "")
	arn := scnTopicARN("orders")
	url, qarn := scnQueue(t, env.queues, "q")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	scnSubscribe(t, env.svc, arn, sns.ProtocolSMS, "+15555550100", nil)
	mail := scnSubscribe(t, env.svc, arn, sns.ProtocolEmail, "ops@example.com", nil)
	token := env.svc.Inspect().Outbox()[0].Token
	out, err := env.svc.ConfirmSubscription(env.ctx, &sns.ConfirmSubscriptionInput{TopicArn: arn, Token: token})
	require.NoError(t, err)
	require.Equal(t, mail, out.SubscriptionArn)

	pub, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, MessageStructure: "json",
		Message: `{"default":"for everyone","sqs":"for queues","email":"for mail","sms":42,"carrier-pigeon":"coo"}`})
	require.NoError(t, err)

	msgs := scnReceive(t, env.queues, url)
	require.Len(t, msgs, 1)
	assert.Equal(t, []string{"for queues"}, scnBodies(t, msgs))
	assert.Equal(t, pub.MessageId, scnJSON(t, msgs[0].Body)["MessageId"])

	notes := ep.ofType("Notification")
	require.Len(t, notes, 1)
	assert.Equal(t, "for everyone", scnJSON(t, notes[0].Body)["Message"])

	var sms, email []sns.OutboxMessage
	for _, m := range env.svc.Inspect().Outbox() {
		if m.MessageID != pub.MessageId {
			continue
		}
		switch m.Protocol {
		case sns.ProtocolSMS:
			sms = append(sms, m)
		case sns.ProtocolEmail:
			email = append(email, m)
		}
	}
	require.Len(t, sms, 1)
	assert.Equal(t, "for everyone", sms[0].Body, "a non-string entry is ignored")
	require.Len(t, email, 1)
	assert.True(t, strings.HasPrefix(email[0].Body, "for mail"), email[0].Body)
}

// Publishing to a phone number sends one SMS, recorded in the outbox with
// the MessageId Publish returned (Amazon SNS API Reference: Publish,
// PhoneNumber).
func TestPublishToPhoneNumberGoesToOutbox(t *testing.T) {
	env := scnSetup(t)
	env.clk.Advance(time.Minute)
	out, err := env.svc.Publish(env.ctx, &sns.PublishInput{PhoneNumber: "+15555550100", Message: "Your code is 1234"})
	require.NoError(t, err)
	assert.Empty(t, out.SequenceNumber)
	outbox := env.svc.Inspect().Outbox()
	require.Len(t, outbox, 1)
	assert.Equal(t, sns.OutboxMessage{Protocol: sns.ProtocolSMS, Endpoint: "+15555550100", Body: "Your code is 1234", MessageID: out.MessageId, SentAt: scnStart.Add(time.Minute)}, outbox[0])
	assert.Empty(t, scnAllTopics(t, env.svc))
}

// Publishing to a topic by TargetArn works as by TopicArn (Amazon SNS API
// Reference: Publish, TargetArn).
func TestPublishByTargetArn(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	url, qarn := scnQueue(t, env.queues, "q")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TargetArn: arn, Message: "by target"})
	require.NoError(t, err)
	assert.Equal(t, []string{"by target"}, scnBodies(t, scnReceive(t, env.queues, url)))
}

// A publish to a FIFO topic needs a MessageGroupId: "Invalid parameter:
// The MessageGroupId parameter is required for FIFO topics"; and a
// MessageDeduplicationId unless the topic has ContentBasedDeduplication:
// "Invalid parameter: The topic should either have ContentBasedDeduplication
// enabled or MessageDeduplicationId provided explicitly" (Amazon SNS API
// Reference: Publish, MessageGroupId and MessageDeduplicationId). Refused
// publishes change nothing.
func TestFifoPublishRequiresGroupAndDeduplicationIds(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	cbd := scnFifoTopic(t, env.svc, "cbd.fifo", map[string]string{sns.TopicAttributeContentBasedDeduplication: "true"})
	before := scnSnapshot(t, env.svc)

	_, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageDeduplicationId: "d"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: "g"})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: "g", MessageDeduplicationId: strings.Repeat("d", 129)})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException, "a deduplication ID is at most 128 characters")
	_, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: "g g", MessageDeduplicationId: "d"})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException, "a group ID has no spaces")
	assert.Equal(t, before, scnSnapshot(t, env.svc))

	out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: cbd, Message: "m", MessageGroupId: "g"})
	require.NoError(t, err)
	assert.NotEmpty(t, out.SequenceNumber)
	out, err = env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: "g", MessageDeduplicationId: strings.Repeat("d", 128)})
	require.NoError(t, err)
	assert.NotEmpty(t, out.SequenceNumber)
}

// A FIFO topic drops a publish whose deduplication ID it saw within the
// last five minutes, answering with the first publish's MessageId and
// SequenceNumber and delivering nothing; after five minutes the same ID
// publishes a new message (Amazon SNS API Reference: Publish,
// MessageDeduplicationId: the 5 minute deduplication interval).
func TestFifoDuplicateWithinFiveMinutesIsDropped(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	url, qarn := scnQueue(t, env.queues, "q.fifo")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	publish := func(body string) *sns.PublishOutput {
		t.Helper()
		out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: body, MessageGroupId: "g", MessageDeduplicationId: "order-1"})
		require.NoError(t, err)
		return out
	}
	first := publish("first")
	env.clk.Advance(sns.DeduplicationInterval - time.Millisecond)
	dup := publish("second, same ID")
	assert.Equal(t, first, dup, "a duplicate gets the first publish's answer")
	assert.Equal(t, []string{"first"}, scnBodies(t, scnReceive(t, env.queues, url)))
	stats := env.svc.Inspect().Stats()
	assert.Equal(t, 1, stats.Published)
	assert.Equal(t, 1, stats.Duplicates)

	env.clk.Advance(2 * time.Millisecond)
	after := publish("third, window over")
	assert.NotEqual(t, first.MessageId, after.MessageId)
	assert.NotEqual(t, first.SequenceNumber, after.SequenceNumber)
	assert.Equal(t, 2, env.svc.Inspect().Stats().Published)
}

// With ContentBasedDeduplication the deduplication ID is the SHA-256 of the
// message: the same body within five minutes is a duplicate, a different
// body is not (Amazon SNS API Reference: Publish, MessageDeduplicationId).
func TestFifoContentBasedDeduplication(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", map[string]string{sns.TopicAttributeContentBasedDeduplication: "true"})
	pub := func(body string) string {
		t.Helper()
		out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: body, MessageGroupId: "g"})
		require.NoError(t, err)
		return out.MessageId
	}
	a := pub("same")
	env.clk.Advance(time.Minute)
	assert.Equal(t, a, pub("same"))
	assert.NotEqual(t, a, pub("different"))
	assert.Equal(t, 2, env.svc.Inspect().Stats().Published)
}

// The deduplication scope follows FifoThroughputScope: with Topic (the
// default) an ID is deduplicated across the whole topic; with MessageGroup
// the same ID in two groups is two messages (Amazon SNS API Reference:
// Publish, MessageDeduplicationId).
func TestFifoThroughputScopeMessageGroupDeduplicatesPerGroup(t *testing.T) {
	for _, tc := range []struct {
		scope string
		want  int // messages published
	}{{"Topic", 1}, {"MessageGroup", 2}} {
		t.Run(tc.scope, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnFifoTopic(t, env.svc, "orders.fifo", map[string]string{sns.TopicAttributeFifoThroughputScope: tc.scope})
			var ids []string
			for _, group := range []string{"g1", "g2"} {
				out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: group, MessageDeduplicationId: "same"})
				require.NoError(t, err)
				ids = append(ids, out.MessageId)
			}
			assert.Equal(t, tc.want, env.svc.Inspect().Stats().Published)
			assert.Equal(t, tc.want == 1, ids[0] == ids[1])
		})
	}
}

// Each accepted publish to a FIFO topic gets a SequenceNumber larger than
// the previous one's, across groups; standard topics give none
// (Amazon SNS API Reference: Publish, SequenceNumber, FIFO topics only).
func TestFifoSequenceNumbersIncrease(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	prev := new(big.Int)
	for i := range 20 {
		out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "m", MessageGroupId: fmt.Sprintf("g%d", i%3), MessageDeduplicationId: fmt.Sprint(i)})
		require.NoError(t, err)
		n, ok := new(big.Int).SetString(out.SequenceNumber, 10)
		require.True(t, ok, "a decimal number: %q", out.SequenceNumber)
		assert.Equal(t, 1, n.Cmp(prev), "%s after %s", n, prev)
		prev = n
	}
	std := scnTopic(t, env.svc, "standard", nil)
	out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: std, Message: "m"})
	require.NoError(t, err)
	assert.Empty(t, out.SequenceNumber)
}

// The named scenario: a FIFO topic fans out to two FIFO queues;
// each queue receives the messages of a group in publish order, once,
// and a duplicate published inside the deduplication window reaches
// neither. The envelopes carry the topic's sequence numbers and the SQS
// messages the group (Amazon SNS API Reference: Publish; Amazon SNS
// Developer Guide:
// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html).
func TestFifoTopicFansOutToTwoFifoQueuesInOrder(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	urlA, arnA := scnQueue(t, env.queues, "a.fifo")
	urlB, arnB := scnQueue(t, env.queues, "b.fifo")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, arnA, nil)
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, arnB, nil)

	var seqs []string
	for i, body := range []string{"created", "paid", "shipped"} {
		out, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: body, MessageGroupId: "order-7", MessageDeduplicationId: fmt.Sprintf("evt-%d", i)})
		require.NoError(t, err)
		seqs = append(seqs, out.SequenceNumber)
		env.clk.Advance(10 * time.Second)
	}
	// The producer retries "paid" within the window.
	dup, err := env.svc.Publish(env.ctx, &sns.PublishInput{TopicArn: arn, Message: "paid", MessageGroupId: "order-7", MessageDeduplicationId: "evt-1"})
	require.NoError(t, err)
	assert.Equal(t, seqs[1], dup.SequenceNumber)

	for _, url := range []string{urlA, urlB} {
		msgs := scnReceive(t, env.queues, url)
		require.Equal(t, []string{"created", "paid", "shipped"}, scnBodies(t, msgs), url)
		for i, m := range msgs {
			assert.Equal(t, seqs[i], scnJSON(t, m.Body)["SequenceNumber"], url)
			assert.Equal(t, "order-7", m.Attributes[sqs.SysAttributeMessageGroupId], url)
		}
	}
	assert.Equal(t, 1, env.svc.Inspect().Stats().Duplicates)
}

// scnEntries returns n PublishBatch entries with Ids e0, e1, … and
// messages m0, m1, …
func scnEntries(n int) []sns.PublishBatchRequestEntry {
	out := make([]sns.PublishBatchRequestEntry, n)
	for i := range out {
		out[i] = sns.PublishBatchRequestEntry{Id: fmt.Sprintf("e%d", i), Message: fmt.Sprintf("m%d", i)}
	}
	return out
}

// A PublishBatch has 1 to 10 entries with distinct Ids of 1-80 letters,
// digits, hyphens and underscores, and at most 262,144 bytes of messages
// in all; otherwise the whole call fails with AWS's code and nothing is
// published (Amazon SNS API Reference: PublishBatch, Errors).
func TestPublishBatchShapeLimits(t *testing.T) {
	tooLong := scnEntries(2)
	tooLong[0].Message = strings.Repeat("a", sns.MaxMessageSize/2)
	tooLong[1].Message = strings.Repeat("b", sns.MaxMessageSize/2+1)
	dupIDs := scnEntries(3)
	dupIDs[2].Id = "e0"
	badChar := scnEntries(2)
	badChar[1].Id = "e 1"
	longID := scnEntries(1)
	longID[0].Id = strings.Repeat("i", 81)
	emptyID := scnEntries(1)
	emptyID[0].Id = ""
	cases := []struct {
		name     string
		entries  []sns.PublishBatchRequestEntry
		sentinel *sns.Error
		want     string
	}{
		{"no entries", nil, sns.ErrEmptyBatchRequestException, ""},
		{"11 entries", scnEntries(11), sns.ErrTooManyEntriesInBatchRequestException, "The batch request contains more entries than permissible."},
		{"Ids not distinct", dupIDs, sns.ErrBatchEntryIdsNotDistinctException, "Two or more batch entries in the request have the same Id."},
		{"Id with a space", badChar, sns.ErrInvalidBatchEntryIdException, ""},
		{"Id of 81", longID, sns.ErrInvalidBatchEntryIdException, ""},
		{"empty Id", emptyID, sns.ErrInvalidBatchEntryIdException, ""},
		{"total over 256 KiB", tooLong, sns.ErrBatchRequestTooLongException, "The length of all the messages put together is more than the limit."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnTopic(t, env.svc, "orders", nil)
			url, qarn := scnQueue(t, env.queues, "q")
			scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
			before := scnSnapshot(t, env.svc)
			_, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: tc.entries})
			scnRequireError(t, err, tc.sentinel, tc.want)
			assert.Equal(t, before, scnSnapshot(t, env.svc))
			assert.Empty(t, scnReceive(t, env.queues, url))
		})
	}
}

// A batch of exactly 10 entries and 262,144 bytes is published: every
// entry is Successful, in order, with distinct MessageIds, and the
// messages are delivered in entry order (Amazon SNS API Reference:
// PublishBatch).
func TestPublishBatchPublishesEveryEntryInOrder(t *testing.T) {
	env := scnSetup(t)
	arn := scnTopic(t, env.svc, "orders", nil)
	url, qarn := scnQueue(t, env.queues, "q")
	scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
	entries := scnEntries(10)
	entries[9].Message = strings.Repeat("z", sns.MaxMessageSize-9*len("m0"))

	out, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: entries})
	require.NoError(t, err)
	assert.Empty(t, out.Failed)
	assert.NotNil(t, out.Failed)
	require.Len(t, out.Successful, 10)
	seen := map[string]bool{}
	for i, s := range out.Successful {
		assert.Equal(t, entries[i].Id, s.Id)
		assert.False(t, seen[s.MessageId], "MessageIds are distinct")
		seen[s.MessageId] = true
		assert.Empty(t, s.SequenceNumber)
	}
	var got []string
	for range 2 {
		got = append(got, scnBodies(t, scnReceive(t, env.queues, url))...)
	}
	want := make([]string, 10)
	for i, e := range entries {
		want[i] = e.Message
	}
	assert.ElementsMatch(t, want, got)
	assert.Equal(t, 10, env.svc.Inspect().Stats().Published)
}

// A PublishBatch to a topic that does not exist is NotFound, and a
// malformed topic ARN InvalidParameter (Amazon SNS API Reference:
// PublishBatch, Errors).
func TestPublishBatchToMissingTopic(t *testing.T) {
	env := scnSetup(t)
	_, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: scnTopicARN("nope"), PublishBatchRequestEntries: scnEntries(1)})
	scnRequireError(t, err, sns.ErrNotFoundException, "Topic does not exist")
	_, err = env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: "nope", PublishBatchRequestEntries: scnEntries(1)})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1")
}

// On a FIFO topic a batch entry without MessageGroupId, or without
// MessageDeduplicationId when the topic has no content-based
// deduplication, fails the whole call with Publish's message, and no entry
// is published (Amazon SNS API Reference: PublishBatch).
func TestPublishBatchFifoErrorsFailWholeCall(t *testing.T) {
	env := scnSetup(t)
	arn := scnFifoTopic(t, env.svc, "orders.fifo", nil)
	entries := scnEntries(3)
	for i := range entries {
		entries[i].MessageGroupId, entries[i].MessageDeduplicationId = "g", entries[i].Id
	}
	noGroup := append([]sns.PublishBatchRequestEntry(nil), entries...)
	noGroup[2].MessageGroupId = ""
	noDedup := append([]sns.PublishBatchRequestEntry(nil), entries...)
	noDedup[1].MessageDeduplicationId = ""
	before := scnSnapshot(t, env.svc)

	_, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: noGroup})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	_, err = env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: noDedup})
	scnRequireError(t, err, sns.ErrInvalidParameterException, "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	assert.Equal(t, before, scnSnapshot(t, env.svc))

	out, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: entries})
	require.NoError(t, err)
	require.Len(t, out.Successful, 3)
	prev := new(big.Int)
	for _, s := range out.Successful {
		n, ok := new(big.Int).SetString(s.SequenceNumber, 10)
		require.True(t, ok)
		assert.Equal(t, 1, n.Cmp(prev))
		prev = n
	}
}

// A batch entry whose message attributes or MessageStructure are invalid
// fails the whole PublishBatch, as AWS answers it: LocalStack's provider,
// written against AWS, raises the entry's ParameterValueInvalid or
// InvalidParameter for the call ("AWS fails the whole publish if
// something is wrong in the format of 1 message") and publishes no entry.
func TestPublishBatchInvalidEntryFailsWholeCall(t *testing.T) {
	cases := []struct {
		name     string
		entry    sns.PublishBatchRequestEntry
		sentinel *sns.Error
		want     string
	}{
		{"attribute", sns.PublishBatchRequestEntry{Id: "bad", Message: "m", MessageAttributes: map[string]sns.MessageAttributeValue{"attr1": {DataType: "Text", StringValue: "v"}}},
			sns.ErrInvalidParameterValueException, "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."},
		{"structure", sns.PublishBatchRequestEntry{Id: "bad", Message: `{"sqs":"s"}`, MessageStructure: "json"},
			sns.ErrInvalidParameterException, "Invalid parameter: Message Structure - No default entry in JSON message body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := scnSetup(t)
			arn := scnTopic(t, env.svc, "orders", nil)
			url, qarn := scnQueue(t, env.queues, "q")
			scnSubscribe(t, env.svc, arn, sns.ProtocolSQS, qarn, nil)
			entries := append(scnEntries(2), tc.entry)
			_, err := env.svc.PublishBatch(env.ctx, &sns.PublishBatchInput{TopicArn: arn, PublishBatchRequestEntries: entries})
			scnRequireError(t, err, tc.sentinel, tc.want)
			assert.Empty(t, scnReceive(t, env.queues, url), "no entry is published")
		})
	}
}

// An invalid MessageGroupId on a standard topic is refused by Publish,
// rather than accepted and then refused by every SQS subscriber.
func TestInvalidMessageGroupIdIsRefusedOnStandardTopics(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("t", nil)
	_, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	_, err := e.svc.Publish(e.ctx, &sns.PublishInput{TopicArn: topic, Message: "m", MessageGroupId: string(make([]byte, 200))})
	require.ErrorIs(t, err, sns.ErrInvalidParameterException)
	assert.Zero(t, e.svc.Inspect().Stats().Published)
}
