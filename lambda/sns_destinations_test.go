package lambda_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of SNS topics as on-success and on-failure destinations
// and as dead-letter queues of asynchronous invocations (AWS Lambda
// Developer Guide: "Capturing records of Lambda asynchronous invocations"),
// with a fake SNS service joined to the account in place of the sns
// package. The dst… helpers come from destinations_test.go.

// snsTopicARNPrefix is the ARN of a topic without its name.
const snsTopicARNPrefix = "arn:aws:sns:us-east-1:000000000000:"

// snsPublished is one message a snsFake accepted, with the virtual time
// it arrived at.
type snsPublished struct {
	TopicARN   string
	Message    string
	Attributes map[string]sqs.MessageAttributeValue
	At         time.Time
}

// snsFake is an SNS service that records what is delivered to its topics.
// It refuses every message with err when err is set, and calls during,
// when set, inside accept.
type snsFake struct {
	clk    *sim.Clock
	err    error
	during func()

	mu        sync.Mutex
	published []snsPublished
}

// accept records the message, or refuses it with f.err: the fake's
// cloud.DeliverFunc.
func (f *snsFake) accept(_ context.Context, topicARN string, m cloud.Message) error {
	if f.during != nil {
		f.during()
	}
	if f.err != nil {
		return f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.published = append(f.published, snsPublished{TopicARN: topicARN, Message: m.Body, Attributes: m.Attributes, At: f.clk.Now()})
	return nil
}

// messages returns a copy of what the fake accepted, in order.
func (f *snsFake) messages() []snsPublished {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]snsPublished(nil), f.published...)
}

// snsSetup returns the destination test environment with a fake SNS
// service joined to its account after the Lambda service was made.
func snsSetup(t testing.TB) (*dstEnv, *snsFake) {
	t.Helper()
	env := dstSetup(t)
	fake := &snsFake{clk: env.clk}
	env.fns.Account().Join("sns", "snsFake", fake.accept)
	return env, fake
}

// Once its retries are exhausted in virtual time, a failed event's
// invocation record is published to an on-failure destination topic as
// the message, without message attributes, when the last attempt ends
// (AWS Lambda Developer Guide: "Capturing records of Lambda asynchronous
// invocations": a queue or topic gets the record as the message body).
func TestOnFailureDestinationTopicGetsRecordAfterRetries(t *testing.T) {
	env, fake := snsSetup(t)
	topic := snsTopicARNPrefix + "failures"
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &lambda.DestinationConfig{OnFailure: topic}})

	event := `{"order":42}`
	dstEvent(t, env, "f", "", event)
	env.clk.Advance(2 * time.Minute)
	assert.Equal(t, 2, f.calls)
	assert.Empty(t, fake.messages(), "nothing before the retries are exhausted")

	env.clk.Advance(time.Hour)
	require.Equal(t, 3, f.calls, "the default is two retries")
	msgs := fake.messages()
	require.Len(t, msgs, 1)
	last := invLast(t, env.fns)
	assert.Equal(t, topic, msgs[0].TopicARN)
	assert.Empty(t, msgs[0].Attributes, "a destination gets the record alone")
	assert.Equal(t, last.End, msgs[0].At, "published when the last attempt ended")
	rec := dstDecode(t, msgs[0].Message)
	assert.Equal(t, "1.0", rec.Version)
	assert.Equal(t, last.End.Format("2006-01-02T15:04:05.000Z"), rec.Timestamp)
	assert.Equal(t, f.requestIDs[0], rec.RequestContext.RequestID)
	assert.Equal(t, invARNPrefix+"f:$LATEST", rec.RequestContext.FunctionArn)
	assert.Equal(t, "RetriesExhausted", rec.RequestContext.Condition)
	assert.Equal(t, 3, rec.RequestContext.ApproximateInvokeCount)
	assert.JSONEq(t, event, string(rec.RequestPayload))
	assert.Equal(t, "Unhandled", rec.ResponseContext.FunctionError)
	assert.JSONEq(t, dstErrorDoc, string(rec.ResponsePayload))

	env.clk.Advance(24 * time.Hour)
	assert.Len(t, fake.messages(), 1, "one message per event")
	assert.Equal(t, 0, dstStats(t, env, "f").DestinationDeliveryFailures)
	assert.Equal(t, []string{topic}, invLast(t, env.fns).DeliveredTo, "the Inspector shows where the record went")
}

// A successful event's record, condition Success with the handler's
// response, is published to an on-success destination topic, and nothing
// to the on-failure one (AWS Lambda Developer Guide: "Capturing records of
// Lambda asynchronous invocations").
func TestOnSuccessDestinationTopicGetsSuccessRecord(t *testing.T) {
	env, fake := snsSetup(t)
	okTopic, failTopic := snsTopicARNPrefix+"successes", snsTopicARNPrefix+"failures"
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f",
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: okTopic, OnFailure: failTopic}})

	dstEvent(t, env, "f", "", `{"img":1}`)
	env.clk.Advance(time.Hour)
	msgs := fake.messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, okTopic, msgs[0].TopicARN)
	rec := dstDecode(t, msgs[0].Message)
	assert.Equal(t, "Success", rec.RequestContext.Condition)
	assert.Equal(t, 1, rec.RequestContext.ApproximateInvokeCount)
	assert.JSONEq(t, `{"img":1}`, string(rec.RequestPayload))
	assert.Empty(t, rec.ResponseContext.FunctionError)
	assert.JSONEq(t, `{"ok":{"img":1}}`, string(rec.ResponsePayload))
}

// A dead-letter topic receives the original event as the message, with
// the attributes RequestID (String), ErrorCode (Number "200") and
// ErrorMessage (String, the error document), as a dead-letter queue does;
// an on-failure destination topic gets the record beside it (AWS Lambda
// Developer Guide: "Capturing records of Lambda asynchronous
// invocations").
func TestDeadLetterTopicGetsEventWithErrorAttributes(t *testing.T) {
	env, fake := snsSetup(t)
	dlq, failTopic := snsTopicARNPrefix+"dlq", snsTopicARNPrefix+"failures"
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlq}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: failTopic}})

	event := `{"order":7}`
	dstEvent(t, env, "f", "", event)
	env.clk.Advance(time.Hour)
	require.Equal(t, 2, f.calls)
	msgs := fake.messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, failTopic, msgs[0].TopicARN, "the destination first, then the dead-letter queue")
	assert.Equal(t, "RetriesExhausted", dstDecode(t, msgs[0].Message).RequestContext.Condition)
	assert.Equal(t, dlq, msgs[1].TopicARN)
	assert.Equal(t, event, msgs[1].Message, "the event as it was sent, without a record around it")
	assert.Equal(t, map[string]sqs.MessageAttributeValue{
		"RequestID":    {DataType: "String", StringValue: f.requestIDs[0]},
		"ErrorCode":    {DataType: "Number", StringValue: "200"},
		"ErrorMessage": {DataType: "String", StringValue: dstErrorDoc},
	}, msgs[1].Attributes)
	st := dstStats(t, env, "f")
	assert.Equal(t, 0, st.DeadLetterErrors)
	assert.Equal(t, 0, st.DestinationDeliveryFailures)
	assert.Equal(t, []string{failTopic, dlq}, invLast(t, env.fns).DeliveredTo)
}

// DeadLetterConfig's TargetArn set with UpdateFunctionConfiguration may be
// a topic too, and applies to the events that fail after it (AWS Lambda
// API Reference: UpdateFunctionConfiguration, DeadLetterConfig).
func TestDeadLetterTopicSetByUpdateFunctionConfiguration(t *testing.T) {
	env, fake := snsSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dlq := snsTopicARNPrefix + "dlq"
	out, err := env.fns.UpdateFunctionConfiguration(t.Context(), &lambda.UpdateFunctionConfigurationInput{FunctionName: "f", DeadLetterTargetArn: &dlq})
	require.NoError(t, err)
	assert.Equal(t, dlq, out.DeadLetterTargetArn)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})

	dstEvent(t, env, "f", "", `"x"`)
	env.clk.Advance(time.Minute)
	msgs := fake.messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, dlq, msgs[0].TopicARN)
	assert.Equal(t, `"x"`, msgs[0].Message)
}

// snsBadTopicARNs are strings that are not the ARN of an SNS topic,
// arn:aws:sns:<region>:<12-digit account>:<name>.
var snsBadTopicARNs = []string{
	"arn:aws:sns:us-east-1:000000000000",                    // no name
	"arn:aws:sns:us-east-1:000000000000:",                   // empty name
	"arn:aws:sns:us-east-1:000000000000:orders:3f2a-sub-id", // a subscription
	"arn:aws:sns::000000000000:orders",                      // no region
	"arn:aws:sns:us-east-1:0000:orders",                     // short account
	"arn:aws:sns:us-east-1:00000000000a:orders",             // account not digits
	"arn:aws:sns:us-east-1:000000000000:or/ders",            // a character topic names lack
	"arn:aws:sns:us-east-1:000000000000:orders.v2",          // a dot that is not .fifo
}

// A destination that is not a topic ARN, though it names SNS, is
// InvalidParameterValueException "The destination ARN <arn> is invalid.",
// for Put and Update alike, and changes nothing (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestEventInvokeConfigRejectsMalformedTopicARN(t *testing.T) {
	env, _ := snsSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	good := snsTopicARNPrefix + "failures"
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1), DestinationConfig: &lambda.DestinationConfig{OnFailure: good}})
	for _, arn := range snsBadTopicARNs {
		for _, d := range []lambda.DestinationConfig{{OnSuccess: arn}, {OnFailure: arn}} {
			for _, update := range []bool{false, true} {
				in := &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0), DestinationConfig: &d}
				var err error
				if update {
					_, err = env.fns.UpdateFunctionEventInvokeConfig(t.Context(), (*lambda.UpdateFunctionEventInvokeConfigInput)(in))
				} else {
					_, err = env.fns.PutFunctionEventInvokeConfig(t.Context(), in)
				}
				require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "%+v update %v", d, update)
				assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
				assert.Contains(t, err.Error(), "The destination ARN "+arn+" is invalid.")
			}
		}
	}
	got, err := env.fns.GetFunctionEventInvokeConfig(t.Context(), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: "f"})
	require.NoError(t, err)
	assert.Equal(t, 1, *got.MaximumRetryAttempts, "unchanged")
	assert.Equal(t, lambda.DestinationConfig{OnFailure: good}, got.DestinationConfig, "unchanged")
}

// Standard and FIFO topics, in any region and account, are accepted as
// destinations: AWS refuses FIFO topics only when it delivers (Lambda
// developer guide, "Capturing records of Lambda asynchronous
// invocations": an SNS FIFO topic is an unsupported destination type whose
// deliveries count in DestinationDeliveryFailures).
func TestEventInvokeConfigAcceptsTopicARNs(t *testing.T) {
	env, _ := snsSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	for _, d := range []lambda.DestinationConfig{
		{OnSuccess: snsTopicARNPrefix + "ok", OnFailure: snsTopicARNPrefix + "Failures_2"},
		{OnFailure: "arn:aws:sns:eu-west-1:123456789012:other-account"},
		{OnFailure: snsTopicARNPrefix + "orders.fifo"},
		{OnSuccess: snsTopicARNPrefix + "not-created-yet", OnFailure: dstQueueARNPrefix + "q"},
	} {
		cfg := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &d})
		assert.Equal(t, d, cfg.DestinationConfig)
	}
}

// DeadLetterConfig's TargetArn must be an SQS queue or SNS topic ARN (AWS
// Lambda API Reference: DeadLetterConfig): a string that is not an ARN
// fails the API model's pattern, ValidationException; an ARN of another
// service or a malformed topic ARN is InvalidParameterValueException.
// Either way CreateFunction creates nothing and UpdateFunctionConfiguration
// changes nothing.
func TestDeadLetterTargetMustBeQueueOrTopic(t *testing.T) {
	cases := []struct {
		name string
		arn  string
		want error
	}{
		{"not an ARN", "dlq", lambda.ErrValidationException},
		{"URL of a queue", "https://sqs.us-east-1.amazonaws.com/000000000000/dlq", lambda.ErrValidationException},
		{"S3 bucket", "arn:aws:s3:::bucket", lambda.ErrInvalidParameterValueException},
		{"function", invARNPrefix + "g", lambda.ErrInvalidParameterValueException},
		{"queue without name", dstQueueARNPrefix, lambda.ErrInvalidParameterValueException},
	}
	for _, arn := range snsBadTopicARNs {
		cases = append(cases, struct {
			name string
			arn  string
			want error
		}{"malformed topic " + arn, arn, lambda.ErrInvalidParameterValueException})
	}
	env, _ := snsSetup(t)
	good := snsTopicARNPrefix + "dlq"
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: good}, true)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.fns.CreateFunction(t.Context(), &lambda.CreateFunctionInput{FunctionName: "g", Role: invRole,
				DeadLetterTargetArn: tc.arn, Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }}})
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
			_, ok := env.fns.Inspect().Stats("g")
			assert.False(t, ok, "no function was created")

			arn := tc.arn
			_, err = env.fns.UpdateFunctionConfiguration(t.Context(), &lambda.UpdateFunctionConfigurationInput{FunctionName: "f", DeadLetterTargetArn: &arn})
			require.ErrorIs(t, err, tc.want)
			cfg, err := env.fns.GetFunctionConfiguration(t.Context(), &lambda.GetFunctionConfigurationInput{FunctionName: "f"})
			require.NoError(t, err)
			assert.Equal(t, good, cfg.DeadLetterTargetArn, "unchanged")
		})
	}
}

// Queues and topics, standard or FIFO, are accepted as dead-letter
// targets, also before they exist (AWS Lambda API Reference:
// DeadLetterConfig); an empty target removes the dead-letter queue.
func TestDeadLetterTargetAcceptsQueuesAndTopics(t *testing.T) {
	env, _ := snsSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	for _, arn := range []string{
		snsTopicARNPrefix + "dlq",
		snsTopicARNPrefix + "dlq.fifo",
		"arn:aws:sns:eu-west-1:123456789012:elsewhere",
		dstQueueARNPrefix + "dlq",
		dstQueueARNPrefix + "dlq.fifo",
		"",
	} {
		out, err := env.fns.UpdateFunctionConfiguration(t.Context(), &lambda.UpdateFunctionConfigurationInput{FunctionName: "f", DeadLetterTargetArn: &arn})
		require.NoError(t, err, arn)
		assert.Equal(t, arn, out.DeadLetterTargetArn)
	}
}

// With no SNS service in the account no topic accepts anything: a record for a destination
// topic counts in DestinationDeliveryFailures and an event for a
// dead-letter topic in DeadLetterErrors, as undeliverable queue messages
// do (AWS Lambda Developer Guide: "Capturing records of Lambda
// asynchronous invocations").
func TestTopicDeliveryWithoutSNSServiceIsCounted(t *testing.T) {
	env := dstSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: snsTopicARNPrefix + "dlq"}, true)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: snsTopicARNPrefix + "failures"}})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "g",
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: snsTopicARNPrefix + "successes"}})

	dstEvent(t, env, "f", "", `{}`)
	dstEvent(t, env, "f", "", `{}`)
	dstEvent(t, env, "g", "", `{}`)
	env.clk.Advance(time.Hour)
	f, g := dstStats(t, env, "f"), dstStats(t, env, "g")
	assert.Equal(t, 2, f.DestinationDeliveryFailures)
	assert.Equal(t, 2, f.DeadLetterErrors)
	assert.Equal(t, 1, g.DestinationDeliveryFailures)
	assert.Equal(t, 0, g.DeadLetterErrors)
	assert.Empty(t, invLast(t, env.fns).DeliveredTo, "nothing was delivered")
}

// A topic that refuses the message (it does not exist, or is too big for
// it) counts as a failed delivery: DestinationDeliveryFailures for a
// destination, DeadLetterErrors for a dead-letter queue; an event the
// dead-letter queue does not take is dropped (AWS Lambda Developer Guide:
// "Capturing records of Lambda asynchronous invocations").
func TestTopicThatRefusesIsCounted(t *testing.T) {
	env, fake := snsSetup(t)
	fake.err = errors.New("NotFound: Topic does not exist")
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: snsTopicARNPrefix + "dlq"}, true)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: snsTopicARNPrefix + "failures"}})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "g",
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: snsTopicARNPrefix + "successes"}})

	dstEvent(t, env, "f", "", `{}`)
	dstEvent(t, env, "g", "", `{}`)
	env.clk.Advance(time.Hour)
	f, g := dstStats(t, env, "f"), dstStats(t, env, "g")
	assert.Equal(t, 1, f.DestinationDeliveryFailures)
	assert.Equal(t, 1, f.DeadLetterErrors)
	assert.Equal(t, 1, g.DestinationDeliveryFailures)
	assert.Empty(t, fake.messages())
}

// A FIFO topic, accepted as a destination and a dead-letter target, is
// never published to: every record and event for it is a failed delivery
// (Lambda developer guide, "Capturing records of Lambda asynchronous
// invocations": SNS FIFO topics are unsupported and count in
// DestinationDeliveryFailures; dead-letter queues are standard topics).
func TestFIFOTopicDeliveriesFailAndAreCounted(t *testing.T) {
	env, fake := snsSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: snsTopicARNPrefix + "dlq.fifo"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: snsTopicARNPrefix + "failures.fifo"}})

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Empty(t, fake.messages(), "the publisher is not asked")
	st := dstStats(t, env, "f")
	assert.Equal(t, 1, st.DestinationDeliveryFailures)
	assert.Equal(t, 1, st.DeadLetterErrors)
}

// The service holds no lock while it publishes (package
// documentation, "Concurrency"): the publisher may call back into Lambda, as an SNS
// service delivering to a Lambda subscriber does. Were the lock held, the
// callback would deadlock.
func TestPublisherMayCallBackIntoLambda(t *testing.T) {
	env, fake := snsSetup(t)
	var seen []int
	fake.during = func() {
		st, ok := env.fns.Inspect().Stats("f")
		require.True(t, ok)
		seen = append(seen, st.Invocations)
		_, err := env.fns.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: "g", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(`{}`)})
		require.NoError(t, err)
	}
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: snsTopicARNPrefix + "dlq"}, true)
	g := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: snsTopicARNPrefix + "failures"}})

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, []int{1, 1}, seen, "the destination and the dead-letter topic each called back")
	assert.Equal(t, 2, g.calls, "the events the publisher sent ran")
	assert.Len(t, fake.messages(), 2)
}

// An SNS service may join the account after the Lambda service was made
// and after the configuration names topics, while events are delivered
// from another goroutine: joining is safe for concurrent use (run with
// -race). Deliveries before it fail; those after it arrive.
func TestSNSJoiningTheAccountLaterIsSafeForConcurrentUse(t *testing.T) {
	env := dstSetup(t)
	topic := snsTopicARNPrefix + "successes"
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &lambda.DestinationConfig{OnSuccess: topic}})
	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Second)
	require.Equal(t, 1, dstStats(t, env, "f").DestinationDeliveryFailures, "not connected yet")

	fake := &snsFake{clk: env.clk}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		env.fns.Account().Join("sns", "snsFake", fake.accept)
	}()
	for range 20 {
		dstEvent(t, env, "f", "", `{}`)
		env.clk.Advance(time.Second)
	}
	wg.Wait()
	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Second)
	st := dstStats(t, env, "f")
	assert.Equal(t, 22, st.DestinationDeliveryFailures+len(fake.messages()), "every record either arrived or was counted")
	assert.NotEmpty(t, fake.messages(), "the delivery after Join returned arrived")
	assert.Equal(t, topic, fake.messages()[len(fake.messages())-1].TopicARN)
}
