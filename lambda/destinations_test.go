package lambda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Scenario tests of what becomes of asynchronous events: retries per the
// event invoke configuration, on-success and on-failure destinations and
// the dead-letter queue (AWS Lambda Developer Guide: "How Lambda handles
// errors and retries with asynchronous invocation", "Capturing records of
// Lambda asynchronous invocations"). The dst… helpers below are shared
// with eventconfig_test.go.

// dstStart is the instant every destination scenario starts at.
var dstStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// dstQueueARNPrefix is the ARN of a queue without its name.
const dstQueueARNPrefix = "arn:aws:sqs:us-east-1:000000000000:"

// dstEnv is a lambda service wired to an sqs service on one virtual clock.
type dstEnv struct {
	clk    *sim.Clock
	fns    *lambda.Service
	queues *sqs.Service
}

// dstSetup returns a lambda service with history and a fresh sqs service
// in one account, on a sim.Clock that reads dstStart.
func dstSetup(t testing.TB, opts ...lambda.Option) *dstEnv {
	t.Helper()
	return dstSetupSeed(t, 1, opts...)
}

// dstSetupSeed is dstSetup with the account's root seed.
func dstSetupSeed(t testing.TB, seed uint64, opts ...lambda.Option) *dstEnv {
	t.Helper()
	clk := sim.NewClock(dstStart)
	queues := sqs.New(sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithSeed(seed))))
	all := append([]lambda.Option{lambda.WithHistory(), lambda.WithSQS(queues)}, opts...)
	return &dstEnv{clk: clk, fns: lambda.New(all...), queues: queues}
}

// dstQueue creates a standard queue and returns its URL and ARN.
func dstQueue(t testing.TB, env *dstEnv, name string) (url, arn string) {
	t.Helper()
	out, err := env.queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name})
	require.NoError(t, err)
	return out.QueueUrl, dstQueueARNPrefix + name
}

// dstReceive receives, and deletes, every message now visible on a queue
// (short polls of up to 10), with all their message attributes.
func dstReceive(t testing.TB, env *dstEnv, url string) []sqs.Message {
	t.Helper()
	var all []sqs.Message
	for {
		out, err := env.queues.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"},
		})
		require.NoError(t, err)
		if len(out.Messages) == 0 {
			return all
		}
		for _, m := range out.Messages {
			_, err := env.queues.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
		all = append(all, out.Messages...)
	}
}

// dstReceiveOne receives the only message on a queue.
func dstReceiveOne(t testing.TB, env *dstEnv, url string) sqs.Message {
	t.Helper()
	msgs := dstReceive(t, env, url)
	require.Len(t, msgs, 1, "messages on %s", url)
	return msgs[0]
}

// dstRecord is the invocation record AWS sends to a destination, decoded
// field by field.
type dstRecord struct {
	Version        string `json:"version"`
	Timestamp      string `json:"timestamp"`
	RequestContext struct {
		RequestID              string `json:"requestId"`
		FunctionArn            string `json:"functionArn"`
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	RequestPayload  json.RawMessage `json:"requestPayload"`
	ResponseContext struct {
		StatusCode      int    `json:"statusCode"`
		ExecutedVersion string `json:"executedVersion"`
		FunctionError   string `json:"functionError"`
	} `json:"responseContext"`
	ResponsePayload json.RawMessage `json:"responsePayload"`
}

// dstDecode decodes an invocation record, refusing fields AWS does not
// send.
func dstDecode(t testing.TB, body string) dstRecord {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	var rec dstRecord
	require.NoError(t, dec.Decode(&rec), "record: %s", body)
	return rec
}

// dstFn is a function under test: its handler's calls and the request ID
// each call saw.
type dstFn struct {
	calls      int
	requestIDs []string
	payloads   []string
}

// dstFailMessage is what dstCreate's failing handlers return.
const dstFailMessage = "boom"

// dstCreate creates a function whose handler records each call and then
// fails with dstFailMessage, or, when fail is false, returns
// {"ok":<payload>}.
func dstCreate(t testing.TB, env *dstEnv, in lambda.CreateFunctionInput, fail bool) *dstFn {
	t.Helper()
	f := &dstFn{}
	in.Code.Handler = func(ctx context.Context, p []byte) ([]byte, error) {
		ic, ok := lambda.FromContext(ctx)
		require.True(t, ok)
		f.calls++
		f.requestIDs = append(f.requestIDs, ic.RequestID)
		f.payloads = append(f.payloads, string(p))
		if fail {
			return nil, errors.New(dstFailMessage)
		}
		return append(append([]byte(`{"ok":`), p...), '}'), nil
	}
	if in.Role == "" {
		in.Role = invRole
	}
	_, err := env.fns.CreateFunction(context.Background(), &in)
	require.NoError(t, err)
	return f
}

// dstPut puts an event invoke configuration and requires it to succeed.
func dstPut(t testing.TB, env *dstEnv, in lambda.PutFunctionEventInvokeConfigInput) *lambda.EventInvokeConfig {
	t.Helper()
	out, err := env.fns.PutFunctionEventInvokeConfig(context.Background(), &in)
	require.NoError(t, err)
	return out
}

// dstInt and dstAge make the optional fields of an event invoke
// configuration.
func dstInt(n int) *int                     { return &n }
func dstAge(d time.Duration) *time.Duration { return &d }

// dstEvent invokes a function (name may carry a qualifier) with an Event.
func dstEvent(t testing.TB, env *dstEnv, name, qualifier, payload string) {
	t.Helper()
	out, err := env.fns.Invoke(context.Background(), &lambda.InvokeInput{
		FunctionName: name, Qualifier: qualifier, InvocationType: lambda.InvocationTypeEvent, Payload: []byte(payload),
	})
	require.NoError(t, err)
	require.Equal(t, 202, out.StatusCode)
}

// dstStats returns a function's totals.
func dstStats(t testing.TB, env *dstEnv, name string) lambda.FunctionStats {
	t.Helper()
	st, ok := env.fns.Inspect().Stats(name)
	require.True(t, ok, "no function %s", name)
	return st
}

// dstErrorDoc is the error document of a handler that failed with
// dstFailMessage, as the record and the dead-letter queue carry it.
const dstErrorDoc = `{"errorMessage":"boom","errorType":"errorString"}`

// With MaximumRetryAttempts 0 a failing event runs once and is not
// retried (AWS Lambda API Reference: PutFunctionEventInvokeConfig).
func TestMaximumRetryAttemptsZeroRunsFailingEventOnce(t *testing.T) {
	env := dstSetup(t)
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(24 * time.Hour)
	assert.Equal(t, 1, f.calls)
	assert.Equal(t, 0, env.clk.Pending())
	st := dstStats(t, env, "f")
	assert.Equal(t, 1, st.Invocations)
	assert.Equal(t, 1, st.Errors)
}

// With MaximumRetryAttempts 1 a failing event runs twice, the retry about
// a minute after the first attempt ended, with the same request ID (AWS
// Lambda Developer Guide: "How Lambda handles errors and retries with
// asynchronous invocation").
func TestMaximumRetryAttemptsOneRunsFailingEventTwice(t *testing.T) {
	env := dstSetup(t)
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Duration: lambda.FixedDuration(200 * time.Millisecond),
	}}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1)})

	dstEvent(t, env, "f", "", `{}`)
	assert.Equal(t, []time.Duration{0, time.Minute + 200*time.Millisecond}, invEventTimes(t, env.clk, dstStart, 10))
	assert.Equal(t, 2, f.calls)
	require.Len(t, f.requestIDs, 2)
	assert.Equal(t, f.requestIDs[0], f.requestIDs[1], "both attempts of the event share its request ID")
	recs := env.fns.Inspect().Invocations()
	require.Len(t, recs, 2)
	assert.Equal(t, []int{1, 2}, []int{recs[0].Attempt, recs[1].Attempt})
}

// Once its retries are exhausted, a failed event goes to the on-failure
// destination: one message whose body is the invocation record, with the
// request ID every attempt saw, condition RetriesExhausted, the number of
// attempts, the original event and the error document (AWS Lambda
// Developer Guide: "Capturing records of Lambda asynchronous
// invocations").
func TestOnFailureDestinationGetsInvocationRecordAfterRetriesExhausted(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "failures")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &lambda.DestinationConfig{OnFailure: arn}})

	event := `{"order":42,"items":["a","b"]}`
	dstEvent(t, env, "f", "", event)
	env.clk.Advance(2 * time.Minute)
	assert.Equal(t, 2, f.calls)
	assert.Empty(t, dstReceive(t, env, url), "nothing before the retries are exhausted")

	env.clk.Advance(time.Hour)
	require.Equal(t, 3, f.calls, "the default is two retries")
	msg := dstReceiveOne(t, env, url)
	rec := dstDecode(t, msg.Body)
	assert.Equal(t, "1.0", rec.Version)
	last := invLast(t, env.fns)
	assert.Equal(t, last.End.Format("2006-01-02T15:04:05.000Z"), rec.Timestamp, "written when the last attempt ended")
	assert.Equal(t, f.requestIDs[0], rec.RequestContext.RequestID)
	assert.Equal(t, []string{rec.RequestContext.RequestID, rec.RequestContext.RequestID, rec.RequestContext.RequestID}, f.requestIDs)
	assert.Equal(t, invARNPrefix+"f:$LATEST", rec.RequestContext.FunctionArn)
	assert.Equal(t, "RetriesExhausted", rec.RequestContext.Condition)
	assert.Equal(t, 3, rec.RequestContext.ApproximateInvokeCount)
	assert.JSONEq(t, event, string(rec.RequestPayload))
	assert.Equal(t, 200, rec.ResponseContext.StatusCode)
	assert.Equal(t, "$LATEST", rec.ResponseContext.ExecutedVersion)
	assert.Equal(t, "Unhandled", rec.ResponseContext.FunctionError)
	assert.JSONEq(t, dstErrorDoc, string(rec.ResponsePayload))

	env.clk.Advance(24 * time.Hour)
	assert.Empty(t, dstReceive(t, env, url), "one message per event")
	assert.Equal(t, 0, dstStats(t, env, "f").DestinationDeliveryFailures)
}

// The record of an event invoked through an alias names the alias in its
// function ARN and the version that ran as executedVersion; the alias's
// own configuration applies (AWS Lambda Developer Guide: "Create an alias
// for a Lambda function", "Capturing records of Lambda asynchronous
// invocations").
func TestOnFailureRecordOfAliasNamesAliasAndExecutedVersion(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "failures")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", Publish: true}, true)
	_, err := env.fns.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "live", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: arn}})

	dstEvent(t, env, "f", "live", `{"via":"qualifier"}`)
	dstEvent(t, env, "f:live", "", `{"via":"name"}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 2, f.calls, "the alias's configuration: no retries")
	msgs := dstReceive(t, env, url)
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		rec := dstDecode(t, m.Body)
		assert.Equal(t, invARNPrefix+"f:live", rec.RequestContext.FunctionArn)
		assert.Equal(t, "1", rec.ResponseContext.ExecutedVersion)
		assert.Equal(t, 1, rec.RequestContext.ApproximateInvokeCount)
	}
}

// A successful event goes to the on-success destination with condition
// Success and the handler's response, and not to the on-failure one; an
// event that succeeds on its retry counts both attempts (AWS Lambda
// Developer Guide: "Capturing records of Lambda asynchronous
// invocations").
func TestOnSuccessDestinationGetsSuccessRecord(t *testing.T) {
	env := dstSetup(t)
	okURL, okARN := dstQueue(t, env, "successes")
	failURL, failARN := dstQueue(t, env, "failures")
	calls := 0
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			calls++
			if string(p) == `"flaky"` && calls == 2 {
				return nil, errors.New("once")
			}
			return []byte(`{"resized":true}`), nil
		},
	}})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f",
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: okARN, OnFailure: failARN}})

	dstEvent(t, env, "f", "", `{"img":1}`)
	env.clk.Advance(time.Second)
	rec := dstDecode(t, dstReceiveOne(t, env, okURL).Body)
	assert.Equal(t, "1.0", rec.Version)
	assert.Equal(t, "Success", rec.RequestContext.Condition)
	assert.Equal(t, 1, rec.RequestContext.ApproximateInvokeCount)
	assert.Equal(t, invARNPrefix+"f:$LATEST", rec.RequestContext.FunctionArn)
	assert.Equal(t, invLast(t, env.fns).RequestID, rec.RequestContext.RequestID)
	assert.JSONEq(t, `{"img":1}`, string(rec.RequestPayload))
	assert.Equal(t, 200, rec.ResponseContext.StatusCode)
	assert.Equal(t, "$LATEST", rec.ResponseContext.ExecutedVersion)
	assert.Empty(t, rec.ResponseContext.FunctionError)
	assert.JSONEq(t, `{"resized":true}`, string(rec.ResponsePayload))

	dstEvent(t, env, "f", "", `"flaky"`)
	env.clk.Advance(time.Hour)
	rec = dstDecode(t, dstReceiveOne(t, env, okURL).Body)
	assert.Equal(t, "Success", rec.RequestContext.Condition)
	assert.Equal(t, 2, rec.RequestContext.ApproximateInvokeCount, "the failed attempt and the retry")
	assert.Empty(t, dstReceive(t, env, failURL), "no failure was final")
}

// A synchronous invocation has no destinations: its failure goes nowhere,
// for destinations are for asynchronous invocation (AWS Lambda Developer
// Guide: "Capturing records of Lambda asynchronous invocations").
func TestSyncInvocationDoesNotUseDestinations(t *testing.T) {
	env := dstSetup(t)
	okURL, okARN := dstQueue(t, env, "successes")
	failURL, failARN := dstQueue(t, env, "failures")
	dlqURL, dlqARN := dstQueue(t, env, "dlq")
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlqARN}, true)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	for _, name := range []string{"f", "g"} {
		dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: name,
			DestinationConfig: &lambda.DestinationConfig{OnSuccess: okARN, OnFailure: failARN}})
	}
	out := invInvoke(t, env.fns, lambda.InvokeInput{FunctionName: "f"})
	assert.Equal(t, "Unhandled", out.FunctionError)
	invInvoke(t, env.fns, lambda.InvokeInput{FunctionName: "g"})
	env.clk.Advance(time.Hour)
	for _, url := range []string{okURL, failURL, dlqURL} {
		assert.Empty(t, dstReceive(t, env, url), url)
	}
}

// A Lambda function as destination receives the invocation record as the
// payload of an Event invocation, which runs when the clock advances (AWS
// Lambda Developer Guide: "Capturing records of Lambda asynchronous
// invocations").
func TestFunctionDestinationReceivesRecordAsEventPayload(t *testing.T) {
	env := dstSetup(t)
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	g := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: invARNPrefix + "g"}})

	dstEvent(t, env, "f", "", `{"n":7}`)
	env.clk.Advance(time.Second)
	assert.Equal(t, 1, f.calls)
	require.Equal(t, 1, g.calls)
	rec := dstDecode(t, g.payloads[0])
	assert.Equal(t, "RetriesExhausted", rec.RequestContext.Condition)
	assert.Equal(t, f.requestIDs[0], rec.RequestContext.RequestID)
	assert.NotEqual(t, f.requestIDs[0], g.requestIDs[0], "the destination's invocation is a new request")
	assert.JSONEq(t, `{"n":7}`, string(rec.RequestPayload))
	assert.JSONEq(t, dstErrorDoc, string(rec.ResponsePayload))

	var ran []string
	for _, r := range env.fns.Inspect().Invocations() {
		ran = append(ran, r.FunctionName)
	}
	assert.Equal(t, []string{"f", "g"}, ran)
	assert.Equal(t, 0, dstStats(t, env, "f").DestinationDeliveryFailures)
}

// The destination function's invocation is an Event: it is queued, not
// run within the delivery of the record, so stepping the clock one event
// at a time shows it pending before it runs (AWS Lambda Developer Guide:
// "Capturing records of Lambda asynchronous invocations").
func TestFunctionDestinationRunsAsQueuedEvent(t *testing.T) {
	env := dstSetup(t)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	g := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: invARNPrefix + "g"}})
	dstEvent(t, env, "f", "", `{}`)
	for i := 0; i < 10 && g.calls == 0; i++ {
		require.True(t, env.clk.Step(), "g never ran")
		if g.calls == 0 {
			assert.Positive(t, env.clk.Pending(), "g's event is queued")
		}
	}
	assert.Equal(t, 1, g.calls)
}

// The dead-letter queue receives the original event as the message body,
// with the attributes RequestID (String), ErrorCode (Number "200") and
// ErrorMessage (String, the error document) (AWS Lambda Developer Guide:
// "Capturing records of Lambda asynchronous invocations").
func TestDeadLetterQueueGetsOriginalEventWithErrorAttributes(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "dlq")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: arn}, true)

	event := `{"order":42}`
	dstEvent(t, env, "f", "", event)
	env.clk.Advance(time.Hour)
	require.Equal(t, 3, f.calls)
	msg := dstReceiveOne(t, env, url)
	assert.Equal(t, event, msg.Body)
	assert.Equal(t, map[string]sqs.MessageAttributeValue{
		"RequestID":    {DataType: "String", StringValue: f.requestIDs[0]},
		"ErrorCode":    {DataType: "Number", StringValue: "200"},
		"ErrorMessage": {DataType: "String", StringValue: dstErrorDoc},
	}, msg.MessageAttributes)
	assert.Equal(t, 0, dstStats(t, env, "f").DeadLetterErrors)
}

// The dead-letter queue's ErrorMessage holds the first 1 KB of the error,
// cut where a character ends (AWS Lambda Developer Guide: "Capturing
// records of Lambda asynchronous invocations").
func TestDeadLetterErrorMessageIsAtMost1KB(t *testing.T) {
	for _, tc := range []struct {
		name    string
		message string
	}{
		{"ascii", strings.Repeat("x", 5000)},
		// 17 bytes of {"errorMessage":" and then two-byte characters:
		// byte 1,024 is the first half of one.
		{"multibyte", strings.Repeat("é", 2000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := dstSetup(t)
			url, arn := dstQueue(t, env, "dlq")
			invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: arn, Code: lambda.Code{
				Handler: func(context.Context, []byte) ([]byte, error) { return nil, errors.New(tc.message) },
			}})
			dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})
			dstEvent(t, env, "f", "", `{}`)
			env.clk.Advance(time.Second)

			require.Equal(t, 0, dstStats(t, env, "f").DeadLetterErrors, "the dead-letter queue took the event")
			msg := dstReceiveOne(t, env, url)
			got := msg.MessageAttributes["ErrorMessage"].StringValue
			assert.LessOrEqual(t, len(got), 1024)
			assert.Greater(t, len(got), 1020)
			assert.True(t, utf8.ValidString(got))
			assert.True(t, strings.HasPrefix(`{"errorMessage":"`+tc.message, got), "the start of the error document")
		})
	}
}

// With both a dead-letter queue and an on-failure destination, each gets
// its message for a failed event (AWS Lambda Developer Guide: "Capturing
// records of Lambda asynchronous invocations").
func TestDeadLetterQueueAndOnFailureDestinationBothGetTheirMessage(t *testing.T) {
	env := dstSetup(t)
	dlqURL, dlqARN := dstQueue(t, env, "dlq")
	failURL, failARN := dstQueue(t, env, "failures")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlqARN}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: failARN}})

	dstEvent(t, env, "f", "", `{"id":"x"}`)
	env.clk.Advance(time.Hour)
	require.Equal(t, 2, f.calls)
	dl := dstReceiveOne(t, env, dlqURL)
	assert.Equal(t, `{"id":"x"}`, dl.Body)
	rec := dstDecode(t, dstReceiveOne(t, env, failURL).Body)
	assert.Equal(t, dl.MessageAttributes["RequestID"].StringValue, rec.RequestContext.RequestID)
	assert.Equal(t, 2, rec.RequestContext.ApproximateInvokeCount)
	st := dstStats(t, env, "f")
	assert.Equal(t, 0, st.DestinationDeliveryFailures)
	assert.Equal(t, 0, st.DeadLetterErrors)
}

// A successful event sends nothing to the dead-letter queue, which is
// for failures only (AWS Lambda Developer Guide: "Capturing records of
// Lambda asynchronous invocations").
func TestSuccessfulEventSendsNothingToDeadLetterQueue(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "dlq")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: arn}, false)
	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 1, f.calls)
	assert.Empty(t, dstReceive(t, env, url))
}

// A throttled event older than MaximumEventAge goes to the on-failure
// destination with condition EventAgeExceeded, without ever running (AWS
// Lambda Developer Guide: "How Lambda handles errors and retries with
// asynchronous invocation").
func TestThrottledEventPastMaximumEventAgeGoesToOnFailureAsEventAgeExceeded(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "failures")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", Timeout: 15 * time.Minute, Code: lambda.Code{
		Duration: func(p []byte) time.Duration {
			if string(p) == `"long"` {
				return 5 * time.Minute
			}
			return time.Millisecond
		},
	}}, false)
	invReserve(t, env.fns, "f", 1)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumEventAge: dstAge(time.Minute),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: arn}})

	invInvoke(t, env.fns, lambda.InvokeInput{FunctionName: "f", Payload: []byte(`"long"`)}) // busy for 5 minutes
	dstEvent(t, env, "f", "", `{"late":true}`)
	env.clk.Advance(2 * time.Minute)
	rec := dstDecode(t, dstReceiveOne(t, env, url).Body)
	assert.Equal(t, "EventAgeExceeded", rec.RequestContext.Condition)
	assert.Equal(t, 0, rec.RequestContext.ApproximateInvokeCount, "it never ran")
	assert.JSONEq(t, `{"late":true}`, string(rec.RequestPayload))
	assert.Empty(t, rec.ResponseContext.FunctionError)
	assert.Equal(t, invARNPrefix+"f:$LATEST", rec.RequestContext.FunctionArn)

	env.clk.Advance(time.Hour)
	assert.Equal(t, 1, f.calls, "only the synchronous invocation ran")
	assert.Equal(t, []string{`"long"`}, f.payloads)
	assert.Positive(t, dstStats(t, env, "f").Throttles)
	assert.Empty(t, dstReceive(t, env, url))
}

// A failed event whose next retry would come after MaximumEventAge is
// not retried: it goes to the on-failure destination as EventAgeExceeded
// after one attempt (AWS Lambda Developer Guide: "How Lambda handles
// errors and retries with asynchronous invocation").
func TestFailedEventWhoseRetryWouldBeTooOldIsEventAgeExceeded(t *testing.T) {
	env := dstSetup(t)
	url, arn := dstQueue(t, env, "failures")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumEventAge: dstAge(time.Minute),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: arn}})

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 1, f.calls, "the retry a minute after the 1 ms attempt would be 60.001 s after the event")
	rec := dstDecode(t, dstReceiveOne(t, env, url).Body)
	assert.Equal(t, "EventAgeExceeded", rec.RequestContext.Condition)
	assert.Equal(t, 1, rec.RequestContext.ApproximateInvokeCount)
	assert.JSONEq(t, dstErrorDoc, string(rec.ResponsePayload))
}

// An event of a function reserved to zero concurrency is not retried: it
// goes at once to the on-failure destination and the dead-letter queue,
// with condition RetriesExhausted and an invoke count of zero (AWS Lambda
// Developer Guide: "Capturing records of Lambda asynchronous invocations";
// the condition and count are doc.go's choice).
func TestEventOfFunctionReservedToZeroGoesStraightToOnFailure(t *testing.T) {
	env := dstSetup(t)
	failURL, failARN := dstQueue(t, env, "failures")
	dlqURL, dlqARN := dstQueue(t, env, "dlq")
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlqARN}, false)
	invReserve(t, env.fns, "f", 0)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &lambda.DestinationConfig{OnFailure: failARN}})

	dstEvent(t, env, "f", "", `{"k":1}`)
	env.clk.Advance(0)
	assert.Equal(t, 0, env.clk.Pending(), "no retry is scheduled")
	rec := dstDecode(t, dstReceiveOne(t, env, failURL).Body)
	assert.Equal(t, "RetriesExhausted", rec.RequestContext.Condition)
	assert.Equal(t, 0, rec.RequestContext.ApproximateInvokeCount)
	assert.JSONEq(t, `{"k":1}`, string(rec.RequestPayload))
	dl := dstReceiveOne(t, env, dlqURL)
	assert.Equal(t, `{"k":1}`, dl.Body)
	assert.Equal(t, rec.RequestContext.RequestID, dl.MessageAttributes["RequestID"].StringValue)

	env.clk.Advance(time.Hour)
	assert.Equal(t, 0, f.calls)
	assert.Equal(t, 1, dstStats(t, env, "f").Throttles)
}

// A destination that does not accept the record (a queue that does not
// exist, SQS not connected, a function deleted since) counts in
// DestinationDeliveryFailures; a dead-letter queue that does not accept
// the event counts in DeadLetterErrors (AWS Lambda Developer Guide:
// "Capturing records of Lambda asynchronous invocations").
func TestUndeliverableOutcomesAreCounted(t *testing.T) {
	t.Run("missing queues", func(t *testing.T) {
		env := dstSetup(t)
		dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dstQueueARNPrefix + "no-dlq"}, true)
		dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
		dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
			DestinationConfig: &lambda.DestinationConfig{OnFailure: dstQueueARNPrefix + "no-such-queue"}})
		dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "g",
			DestinationConfig: &lambda.DestinationConfig{OnSuccess: dstQueueARNPrefix + "no-such-queue"}})
		dstEvent(t, env, "f", "", `{}`)
		dstEvent(t, env, "f", "", `{}`)
		dstEvent(t, env, "g", "", `{}`)
		env.clk.Advance(time.Hour)
		f, g := dstStats(t, env, "f"), dstStats(t, env, "g")
		assert.Equal(t, 2, f.DestinationDeliveryFailures)
		assert.Equal(t, 2, f.DeadLetterErrors)
		assert.Equal(t, 1, g.DestinationDeliveryFailures)
		assert.Equal(t, 0, g.DeadLetterErrors)
		assert.Empty(t, env.queues.Inspect().Queues(), "no queue was made on the way")
	})
	t.Run("no WithSQS", func(t *testing.T) {
		clk := sim.NewClock(dstStart)
		fns := lambda.New(lambda.WithClock(clk))
		invCreate(t, fns, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dstQueueARNPrefix + "dlq", Code: lambda.Code{
			Handler: func(context.Context, []byte) ([]byte, error) { return nil, errors.New("no") },
		}})
		_, err := fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
			DestinationConfig: &lambda.DestinationConfig{OnFailure: dstQueueARNPrefix + "failures"}})
		require.NoError(t, err)
		_, err = fns.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeEvent})
		require.NoError(t, err)
		clk.Advance(time.Hour)
		st, _ := fns.Inspect().Stats("f")
		assert.Equal(t, 1, st.DestinationDeliveryFailures)
		assert.Equal(t, 1, st.DeadLetterErrors)
	})
	t.Run("deleted function", func(t *testing.T) {
		env := dstSetup(t)
		dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
		g := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "g"}, false)
		dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
			DestinationConfig: &lambda.DestinationConfig{OnFailure: invARNPrefix + "g"}})
		_, err := env.fns.DeleteFunction(t.Context(), &lambda.DeleteFunctionInput{FunctionName: "g"})
		require.NoError(t, err)
		dstEvent(t, env, "f", "", `{}`)
		env.clk.Advance(time.Hour)
		assert.Equal(t, 0, g.calls)
		assert.Equal(t, 1, dstStats(t, env, "f").DestinationDeliveryFailures)
	})
	t.Run("delivered", func(t *testing.T) {
		env := dstSetup(t)
		_, failARN := dstQueue(t, env, "failures")
		_, dlqARN := dstQueue(t, env, "dlq")
		dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlqARN}, true)
		dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
			DestinationConfig: &lambda.DestinationConfig{OnFailure: failARN}})
		dstEvent(t, env, "f", "", `{}`)
		env.clk.Advance(time.Hour)
		st := dstStats(t, env, "f")
		assert.Equal(t, 0, st.DestinationDeliveryFailures)
		assert.Equal(t, 0, st.DeadLetterErrors)
	})
}

// dstScenario runs a mix of asynchronous outcomes under one seed and
// returns every body the destinations and the dead-letter queue received,
// in order.
func dstScenario(t *testing.T, seed uint64) []string {
	t.Helper()
	env := dstSetupSeed(t, seed)
	okURL, okARN := dstQueue(t, env, "successes")
	failURL, failARN := dstQueue(t, env, "failures")
	dlqURL, dlqARN := dstQueue(t, env, "dlq")
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dlqARN, Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			if bytes.Contains(p, []byte("fail")) {
				return nil, errors.New("failed " + string(p))
			}
			return append([]byte(`{"done":`), append(p, '}')...), nil
		},
		Duration: func(p []byte) time.Duration { return time.Duration(len(p)) * 10 * time.Millisecond },
	}})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1),
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: okARN, OnFailure: failARN}})
	for i, p := range []string{`"a"`, `"fail-1"`, `{"b":2}`, `"fail-2"`, `[1,2,3]`} {
		dstEvent(t, env, "f", "", p)
		env.clk.Advance(time.Duration(i+1) * 7 * time.Second)
	}
	env.clk.Advance(time.Hour)
	var bodies []string
	for _, url := range []string{okURL, failURL, dlqURL} {
		for _, m := range dstReceive(t, env, url) {
			bodies = append(bodies, m.Body, m.MessageAttributes["RequestID"].StringValue)
		}
	}
	return bodies
}

// The same seed, calls and clock moves give the same invocation records,
// byte for byte (doc.go, Determinism).
func TestDestinationRecordsAreDeterministic(t *testing.T) {
	a, b, c := dstScenario(t, 11), dstScenario(t, 11), dstScenario(t, 12)
	require.Len(t, a, 2*(3+2+2), "3 successes, 2 failures in the destination and 2 in the dead-letter queue")
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c, "another seed gives other request IDs")
}

// The outcome of an attempt is known when the attempt ends in virtual
// time: the record reaches its destination, and the event its dead-letter
// queue, at that instant, and the record's timestamp is that instant (AWS
// Lambda Developer Guide: "Capturing records of Lambda asynchronous
// invocations").
func TestOutcomeIsDeliveredWhenLastAttemptEnds(t *testing.T) {
	env := dstSetup(t)
	okURL, okARN := dstQueue(t, env, "successes")
	failURL, failARN := dstQueue(t, env, "failures")
	dlqURL, dlqARN := dstQueue(t, env, "dlq")
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "slow-ok", Timeout: time.Minute, Code: lambda.Code{Duration: lambda.FixedDuration(5 * time.Second)}}, false)
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "slow-fail", Timeout: time.Minute, DeadLetterTargetArn: dlqARN, Code: lambda.Code{Duration: lambda.FixedDuration(5 * time.Second)}}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "slow-ok", DestinationConfig: &lambda.DestinationConfig{OnSuccess: okARN}})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "slow-fail", MaximumRetryAttempts: dstInt(0), DestinationConfig: &lambda.DestinationConfig{OnFailure: failARN}})

	dstEvent(t, env, "slow-ok", "", `{}`)
	dstEvent(t, env, "slow-fail", "", `{}`)
	env.clk.Advance(5*time.Second - time.Millisecond)
	for _, url := range []string{okURL, failURL, dlqURL} {
		assert.Empty(t, dstReceive(t, env, url), "the attempts are still running in virtual time")
	}
	env.clk.Advance(time.Millisecond)
	end := dstStart.Add(5 * time.Second).Format("2006-01-02T15:04:05.000Z")
	assert.Equal(t, end, dstDecode(t, dstReceiveOne(t, env, okURL).Body).Timestamp)
	assert.Equal(t, end, dstDecode(t, dstReceiveOne(t, env, failURL).Body).Timestamp)
	dstReceiveOne(t, env, dlqURL)
}

// The Inspector shows where an event's outcome went: on the record of its
// last attempt, the condition and the destinations that accepted it.
func TestInvocationRecordShowsWhereTheOutcomeWent(t *testing.T) {
	env := dstSetup(t)
	_, arn := dstQueue(t, env, "failures")
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1), DestinationConfig: &lambda.DestinationConfig{OnFailure: arn}})
	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)

	invs := env.fns.Inspect().Invocations()
	require.Len(t, invs, 2)
	assert.Empty(t, invs[0].Outcome, "the first attempt was retried")
	assert.Equal(t, "RetriesExhausted", invs[1].Outcome)
	assert.Equal(t, []string{arn}, invs[1].DeliveredTo)
}

// A FIFO queue, accepted as a destination and a dead-letter target, is
// never sent to: every record and event for it is a failed delivery
// (Lambda developer guide, "Capturing records of Lambda asynchronous
// invocations": an SQS FIFO queue is an unsupported destination type whose
// records count in DestinationDeliveryFailures).
func TestFIFOQueueDeliveriesFailAndAreCounted(t *testing.T) {
	env := dstSetup(t)
	for _, name := range []string{"failures.fifo", "dlq.fifo"} {
		_, err := env.queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: map[string]string{sqs.AttributeFifoQueue: "true"}})
		require.NoError(t, err)
	}
	dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", DeadLetterTargetArn: dstQueueARNPrefix + "dlq.fifo"}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0),
		DestinationConfig: &lambda.DestinationConfig{OnFailure: dstQueueARNPrefix + "failures.fifo"}})

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	for _, name := range []string{"failures.fifo", "dlq.fifo"} {
		url, err := env.queues.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: name})
		require.NoError(t, err)
		out, err := env.queues.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: url.QueueUrl})
		require.NoError(t, err)
		assert.Empty(t, out.Messages, name)
	}
	st := dstStats(t, env, "f")
	assert.Equal(t, 1, st.DestinationDeliveryFailures)
	assert.Equal(t, 1, st.DeadLetterErrors)
}

// An EventAgeExceeded outcome is delivered no earlier than the end of the
// failing attempt in virtual time.
func TestEventAgeExceededIsDeliveredAfterTheAttemptEnds(t *testing.T) {
	clk := sim.NewClock(rvStart)
	queues := sqs.New(sqs.WithClock(clk))
	svc := lambda.New(lambda.WithClock(clk), lambda.WithSQS(queues), lambda.WithHistory())
	q, err := queues.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: "fail"})
	require.NoError(t, err)
	rvFn(t, svc, "a", lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, errors.New("x") }, Duration: lambda.FixedDuration(2 * time.Minute)})
	age := time.Minute
	_, err = svc.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "a", MaximumEventAge: &age,
		DestinationConfig: &lambda.DestinationConfig{OnFailure: "arn:aws:sqs:us-east-1:000000000000:fail"}})
	require.NoError(t, err)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", InvocationType: lambda.InvocationTypeEvent})
	require.NoError(t, err)
	clk.Advance(90 * time.Second) // the only attempt runs until 2m
	out, err := queues.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	require.NoError(t, err)
	assert.Empty(t, out.Messages, "failure record delivered at 60s, before the attempt ended at 120s")
}
