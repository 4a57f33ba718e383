package lambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of Invoke: synchronous invocation, execution environments
// and billing (AWS Lambda API Reference: Invoke; AWS Lambda Developer
// Guide: "Understanding the Lambda execution environment lifecycle"). The
// inv… helpers below are shared by invoke_test.go, concurrency_test.go,
// async_test.go and bench_test.go.

// invStart is the instant every invocation scenario starts at.
var invStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// invRole is a valid execution role.
const invRole = "arn:aws:iam::000000000000:role/test"

// invARNPrefix is the ARN of a function without its name, with the default
// region and account.
const invARNPrefix = "arn:aws:lambda:us-east-1:000000000000:function:"

// invSetup returns a service on a virtual clock that reads invStart.
func invSetup(t testing.TB, opts ...lambda.Option) (*lambda.Service, *sim.Clock) {
	t.Helper()
	clk := sim.NewClock(invStart)
	return lambda.New(append([]lambda.Option{lambda.WithClock(clk)}, opts...)...), clk
}

// invEcho is a handler that returns its payload.
func invEcho(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }

// invCreate creates a function from in, with invRole and invEcho unless in
// sets a role or a handler.
func invCreate(t testing.TB, svc *lambda.Service, in lambda.CreateFunctionInput) {
	t.Helper()
	if in.Role == "" {
		in.Role = invRole
	}
	if in.Code.Handler == nil {
		in.Code.Handler = invEcho
	}
	_, err := svc.CreateFunction(context.Background(), &in)
	require.NoError(t, err)
}

// invInvoke invokes and requires the call to succeed.
func invInvoke(t testing.TB, svc *lambda.Service, in lambda.InvokeInput) *lambda.InvokeOutput {
	t.Helper()
	out, err := svc.Invoke(context.Background(), &in)
	require.NoError(t, err)
	return out
}

// invStats returns a function's totals.
func invStats(t testing.TB, svc *lambda.Service, name string) lambda.FunctionStats {
	t.Helper()
	st, ok := svc.Inspect().Stats(name)
	require.True(t, ok, "no function %s", name)
	return st
}

// invLast returns the last recorded invocation (WithHistory).
func invLast(t testing.TB, svc *lambda.Service) lambda.Invocation {
	t.Helper()
	all := svc.Inspect().Invocations()
	require.NotEmpty(t, all, "no invocation recorded")
	return all[len(all)-1]
}

// invStatus returns the HTTP status of a *lambda.Error.
func invStatus(t testing.TB, err error) int {
	t.Helper()
	var e *lambda.Error
	require.True(t, errors.As(err, &e), "not a *lambda.Error: %v", err)
	return e.StatusCode
}

// invCounter is a handler that counts its calls.
type invCounter struct{ n int }

func (c *invCounter) handler(_ context.Context, payload []byte) ([]byte, error) {
	c.n++
	return payload, nil
}

// RequestResponse runs the handler and returns 200 with its payload and the
// version that ran, X-Amz-Executed-Version (AWS Lambda API Reference:
// Invoke).
func TestInvokeRequestResponseReturnsPayloadAndExecutedVersion(t *testing.T) {
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "echo", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			return append([]byte(`{"got":`), append(p, '}')...), nil
		},
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "echo", Payload: []byte(`{"id":1}`)})
	assert.Equal(t, http.StatusOK, out.StatusCode)
	assert.JSONEq(t, `{"got":{"id":1}}`, string(out.Payload))
	assert.Empty(t, out.FunctionError)
	assert.Equal(t, "$LATEST", out.ExecutedVersion)

	explicit := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "echo", InvocationType: lambda.InvocationTypeRequestResponse, Payload: []byte(`2`)})
	assert.Equal(t, http.StatusOK, explicit.StatusCode)
	assert.Equal(t, `{"got":2}`, string(explicit.Payload))
}

// The handler's context carries the invocation (request ID, function name,
// invoked ARN, version, memory) and the function's timeout as its deadline;
// on a cold start the deadline comes after Init (AWS Lambda Developer
// Guide: "Understanding the Lambda execution environment lifecycle").
func TestHandlerContextCarriesInvocationAndDeadline(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	var got []lambda.InvocationContext
	var deadlines []time.Time
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "ctx", MemorySize: 512, Timeout: 10 * time.Second, Code: lambda.Code{
		Handler: func(ctx context.Context, p []byte) ([]byte, error) {
			ic, ok := lambda.FromContext(ctx)
			require.True(t, ok, "no InvocationContext in the handler's context")
			got = append(got, *ic)
			d, ok := ctx.Deadline()
			require.True(t, ok, "the handler's context has no deadline")
			deadlines = append(deadlines, d)
			return nil, nil
		},
		Duration:     lambda.FixedDuration(20 * time.Millisecond),
		InitDuration: 250 * time.Millisecond,
	}})

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "ctx"})
	first := invLast(t, svc)
	clk.Advance(time.Second)
	warmAt := clk.Now()
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "ctx"})
	second := invLast(t, svc)

	require.Len(t, got, 2)
	c := got[0]
	assert.Equal(t, first.RequestID, c.RequestID)
	assert.Len(t, c.RequestID, 36, "a UUID")
	assert.Equal(t, "ctx", c.FunctionName)
	assert.Equal(t, invARNPrefix+"ctx", c.InvokedFunctionArn)
	assert.Equal(t, "$LATEST", c.FunctionVersion)
	assert.Equal(t, 512, c.MemoryLimitInMB)
	assert.True(t, c.ColdStart)
	assert.Equal(t, invStart.Add(250*time.Millisecond+10*time.Second), deadlines[0], "cold: start + InitDuration + Timeout")
	assert.Equal(t, deadlines[0], c.Deadline)

	assert.False(t, got[1].ColdStart)
	assert.Equal(t, second.RequestID, got[1].RequestID)
	assert.NotEqual(t, c.RequestID, got[1].RequestID)
	assert.Equal(t, warmAt.Add(10*time.Second), deadlines[1], "warm: start + Timeout")
}

// An invocation with a qualifier sees the qualified ARN it invoked, and
// runs the version the qualifier names (AWS Lambda Developer Guide:
// "Manage Lambda function versions").
func TestInvokeWithQualifierSeesQualifiedARN(t *testing.T) {
	svc, clk := invSetup(t)
	var ic lambda.InvocationContext
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "q", Publish: true, Code: lambda.Code{
		Handler: func(ctx context.Context, _ []byte) ([]byte, error) {
			c, _ := lambda.FromContext(ctx)
			ic = *c
			return nil, nil
		},
	}})
	_, err := svc.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "q", Name: "prod", FunctionVersion: "1"})
	require.NoError(t, err)

	for _, tc := range []struct {
		name             string
		in               lambda.InvokeInput
		arn, version, ev string
	}{
		{"Qualifier alias", lambda.InvokeInput{FunctionName: "q", Qualifier: "prod"}, invARNPrefix + "q:prod", "1", "1"},
		{"Qualifier version", lambda.InvokeInput{FunctionName: "q", Qualifier: "1"}, invARNPrefix + "q:1", "1", "1"},
		{"Qualifier $LATEST", lambda.InvokeInput{FunctionName: "q", Qualifier: "$LATEST"}, invARNPrefix + "q:$LATEST", "$LATEST", "$LATEST"},
		{"name:alias", lambda.InvokeInput{FunctionName: "q:prod"}, invARNPrefix + "q:prod", "1", "1"},
		{"qualified ARN", lambda.InvokeInput{FunctionName: invARNPrefix + "q:1"}, invARNPrefix + "q:1", "1", "1"},
		{"unqualified ARN", lambda.InvokeInput{FunctionName: invARNPrefix + "q"}, invARNPrefix + "q", "$LATEST", "$LATEST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk.Advance(time.Second)
			out := invInvoke(t, svc, tc.in)
			assert.Equal(t, tc.ev, out.ExecutedVersion)
			assert.Equal(t, tc.arn, ic.InvokedFunctionArn)
			assert.Equal(t, tc.version, ic.FunctionVersion)
		})
	}
}

// Typed decodes the payload into the handler's input type and encodes its
// output as JSON, as the Go runtime does.
func TestTypedDecodesAndEncodesJSON(t *testing.T) {
	type order struct {
		ID    int    `json:"id"`
		Item  string `json:"item"`
		Count int    `json:"count"`
	}
	type receipt struct {
		OrderID int    `json:"orderId"`
		Summary string `json:"summary"`
	}
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "typed", Code: lambda.Code{
		Handler: lambda.Typed(func(_ context.Context, o order) (receipt, error) {
			return receipt{OrderID: o.ID, Summary: strings.Repeat(o.Item, o.Count)}, nil
		}),
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "typed", Payload: []byte(`{"id":7,"item":"ab","count":3}`)})
	assert.Empty(t, out.FunctionError)
	assert.JSONEq(t, `{"orderId":7,"summary":"ababab"}`, string(out.Payload))
}

// A payload that does not decode into a Typed handler's input is a
// function error, as in the Go runtime: status 200, FunctionError
// Unhandled, and the handler never sees it.
func TestTypedPayloadThatDoesNotDecodeIsFunctionError(t *testing.T) {
	svc, _ := invSetup(t)
	called := false
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "typed", Code: lambda.Code{
		Handler: lambda.Typed(func(_ context.Context, in struct{ ID int }) (int, error) {
			called = true
			return in.ID, nil
		}),
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "typed", Payload: []byte(`"not an object"`)})
	assert.Equal(t, http.StatusOK, out.StatusCode)
	assert.Equal(t, "Unhandled", out.FunctionError)
	assert.False(t, called)
	var doc struct{ ErrorMessage, ErrorType string }
	require.NoError(t, json.Unmarshal(out.Payload, &doc))
	assert.Equal(t, "UnmarshalTypeError", doc.ErrorType)
	assert.Contains(t, doc.ErrorMessage, "cannot unmarshal string")
	assert.Equal(t, 1, invStats(t, svc, "typed").Errors)
}

// A handler's error is a function error: status 200, FunctionError
// Unhandled, and the error document with errorMessage and errorType, the
// Go type name (AWS Lambda API Reference: Invoke). The environment is
// kept (doc.go).
func TestHandlerErrorIsUnhandledFunctionError(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "fail", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return []byte(`"ignored"`), errors.New("boom") },
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "fail"})
	assert.Equal(t, http.StatusOK, out.StatusCode)
	assert.Equal(t, "Unhandled", out.FunctionError)
	assert.Equal(t, `{"errorMessage":"boom","errorType":"errorString"}`, string(out.Payload))
	assert.Equal(t, "$LATEST", out.ExecutedVersion)
	first := invLast(t, svc)
	assert.Equal(t, "Unhandled", first.FunctionError)

	clk.Advance(time.Second)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "fail"})
	second := invLast(t, svc)
	assert.False(t, second.ColdStart, "a returned error does not reset the environment")
	assert.Equal(t, first.EnvironmentID, second.EnvironmentID)
	assert.Equal(t, 2, invStats(t, svc, "fail").Errors)
}

// An invocation that runs past the function's timeout fails with
// Sandbox.Timedout, "RequestId: <id> Error: Task timed out after 3.00
// seconds"; it lasts the timeout, and the environment is reset (AWS
// Lambda Developer Guide: "Understanding the Lambda execution environment
// lifecycle").
func TestTimeoutIsSandboxTimedoutAndResetsEnvironment(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	slow := true
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "slow", Code: lambda.Code{
		Handler: invEcho,
		Duration: func([]byte) time.Duration {
			if slow {
				return 5 * time.Second
			}
			return 10 * time.Millisecond
		},
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "slow", Payload: []byte(`{}`)})
	rec := invLast(t, svc)
	assert.Equal(t, http.StatusOK, out.StatusCode)
	assert.Equal(t, "Unhandled", out.FunctionError)
	var doc map[string]string
	require.NoError(t, json.Unmarshal(out.Payload, &doc))
	assert.Equal(t, map[string]string{
		"errorMessage": "RequestId: " + rec.RequestID + " Error: Task timed out after 3.00 seconds",
		"errorType":    "Sandbox.Timedout",
	}, doc)
	assert.Equal(t, 3*time.Second, rec.Duration, "a timed-out invocation lasts its timeout")
	assert.Equal(t, invStart.Add(3*time.Second), rec.End)
	assert.Equal(t, 1, invStats(t, svc, "slow").Errors)

	slow = false
	clk.Advance(4 * time.Second)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "slow"})
	next := invLast(t, svc)
	assert.True(t, next.ColdStart, "the timed-out environment was reset")
	assert.NotEqual(t, rec.EnvironmentID, next.EnvironmentID)
}

// A handler that panics is a function error (Unhandled) and its
// environment is reset (AWS Lambda Developer Guide: "Understanding the
// Lambda execution environment lifecycle"; errorType Runtime.ExitError per
// doc.go).
func TestPanicIsUnhandledAndResetsEnvironment(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "crash", Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			if string(p) == `"panic"` {
				panic("out of cheese")
			}
			return p, nil
		},
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "crash", Payload: []byte(`"ok"`)})
	warm := invLast(t, svc)
	clk.Advance(time.Second)

	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "crash", Payload: []byte(`"panic"`)})
	assert.Equal(t, http.StatusOK, out.StatusCode)
	assert.Equal(t, "Unhandled", out.FunctionError)
	assert.Equal(t, `{"errorMessage":"out of cheese","errorType":"Runtime.ExitError"}`, string(out.Payload))
	crashed := invLast(t, svc)
	assert.Equal(t, warm.EnvironmentID, crashed.EnvironmentID, "the panic ran in the warm environment")

	clk.Advance(time.Second)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "crash", Payload: []byte(`"ok"`)})
	next := invLast(t, svc)
	assert.True(t, next.ColdStart, "the crashed environment was reset")
	assert.NotEqual(t, crashed.EnvironmentID, next.EnvironmentID)
	clk.Advance(time.Second)
	assert.Equal(t, 1, svc.Inspect().WarmEnvironments("crash"), "only the new environment is warm")
}

// A payload that is not JSON is InvalidRequestContentException (400), and
// nothing runs (AWS Lambda API Reference: Invoke).
func TestInvokePayloadNotJSONIsInvalidRequestContent(t *testing.T) {
	svc, _ := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	for _, p := range []string{`{`, `hello`, `{"a":1}x`, "\xff"} {
		out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", Payload: []byte(p)})
		require.ErrorIs(t, err, lambda.ErrInvalidRequestContentException, "payload %q", p)
		assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
		assert.Contains(t, err.Error(), "Could not parse request body into json")
		assert.Nil(t, out)
	}
	assert.Equal(t, 0, c.n)
	assert.Equal(t, lambda.FunctionStats{}, invStats(t, svc, "f"))
}

// A synchronous payload over 6 MB is RequestTooLargeException (413), in
// the words of AWS's front end; 6 MB exactly is accepted (AWS Lambda API Reference: Invoke; AWS Lambda
// Developer Guide: "Lambda quotas").
func TestInvokePayloadOver6MBIsRequestTooLarge(t *testing.T) {
	svc, _ := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	jsonOf := func(n int) []byte { return []byte(`"` + strings.Repeat("a", n-2) + `"`) }

	out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", Payload: jsonOf(lambda.MaxSyncPayload + 1)})
	require.ErrorIs(t, err, lambda.ErrRequestTooLargeException)
	assert.Equal(t, http.StatusRequestEntityTooLarge, invStatus(t, err))
	assert.ErrorContains(t, err, "Request must be smaller than 6291456 bytes for the InvokeFunction operation", "AWS's wording, with no invocation type set")
	assert.Nil(t, out)
	assert.Equal(t, 0, c.n)
	assert.Equal(t, 0, invStats(t, svc, "f").Invocations)

	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", Payload: jsonOf(6 * 1024 * 1024)})
	assert.Equal(t, 1, c.n)
}

// InvocationType must be RequestResponse, Event or DryRun:
// ValidationException (AWS Lambda API Reference: Invoke).
func TestInvokeBadInvocationTypeIsValidationException(t *testing.T) {
	svc, _ := invSetup(t)
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	for _, typ := range []string{"event", "Async", "requestresponse", " DryRun"} {
		out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", InvocationType: typ})
		require.ErrorIs(t, err, lambda.ErrValidationException, "type %q", typ)
		assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
		assert.Nil(t, out)
	}
	assert.Equal(t, 0, c.n)
	assert.Equal(t, lambda.FunctionStats{}, invStats(t, svc, "f"))
}

// DryRun checks the request and returns 204 without running anything (AWS
// Lambda API Reference: Invoke).
func TestInvokeDryRunRunsNothing(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: c.handler}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeDryRun, Payload: []byte(`{}`)})
	assert.Equal(t, http.StatusNoContent, out.StatusCode)
	assert.Empty(t, out.Payload)
	clk.Advance(time.Hour)
	assert.Equal(t, 0, c.n)
	assert.Equal(t, lambda.FunctionStats{}, invStats(t, svc, "f"))
	assert.Empty(t, svc.Inspect().Invocations())
	assert.Equal(t, 0, svc.Inspect().WarmEnvironments("f"))

	_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "nope", InvocationType: lambda.InvocationTypeDryRun})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "DryRun still checks the function")
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", InvocationType: lambda.InvocationTypeDryRun, Payload: []byte(`{`)})
	require.ErrorIs(t, err, lambda.ErrInvalidRequestContentException, "DryRun still checks the payload")
}

// Invoking a function that does not exist is ResourceNotFoundException
// (404), "Function not found: <function ARN>" (AWS Lambda API Reference:
// Invoke).
func TestInvokeUnknownFunctionIsResourceNotFound(t *testing.T) {
	svc, _ := invSetup(t)
	out, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "ghost", Payload: []byte(`{}`)})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, invStatus(t, err))
	var e *lambda.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost", e.Message)
	assert.Nil(t, out)

	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "real"})
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "real", Qualifier: "7"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "a version that does not exist")
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "real", Qualifier: "live"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "an alias that does not exist")
	assert.Equal(t, lambda.FunctionStats{}, invStats(t, svc, "real"))
}

// Environments.

// The first invocation starts a new execution environment: a cold start,
// whose Init phase comes before the handler and is part of the span and
// the billed duration (AWS Lambda Developer Guide: "Understanding the
// Lambda execution environment lifecycle"; doc.go).
func TestFirstInvocationIsColdStartAndInitIsBilled(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(40 * time.Millisecond), InitDuration: 300 * time.Millisecond,
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	rec := invLast(t, svc)
	assert.True(t, rec.ColdStart)
	assert.Equal(t, invStart, rec.Start)
	assert.Equal(t, 300*time.Millisecond, rec.InitDuration)
	assert.Equal(t, 40*time.Millisecond, rec.Duration)
	assert.Equal(t, invStart.Add(340*time.Millisecond), rec.End)
	assert.Equal(t, 340*time.Millisecond, rec.BilledDuration)
	st := invStats(t, svc, "f")
	assert.Equal(t, 1, st.ColdStarts)
	assert.Equal(t, 40*time.Millisecond, st.Duration)
	assert.Equal(t, 340*time.Millisecond, st.BilledDuration)
}

// An invocation that starts once the previous one has ended reuses its
// environment: a warm start, without Init (AWS Lambda Developer Guide:
// "Understanding the Lambda execution environment lifecycle").
func TestInvocationAfterEndIsWarm(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(40 * time.Millisecond), InitDuration: 300 * time.Millisecond,
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	cold := invLast(t, svc)
	clk.AdvanceTo(cold.End) // the environment is free at the instant its invocation ends
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	warm := invLast(t, svc)
	assert.False(t, warm.ColdStart)
	assert.Equal(t, cold.EnvironmentID, warm.EnvironmentID)
	assert.Equal(t, time.Duration(0), warm.InitDuration)
	assert.Equal(t, cold.End, warm.Start)
	assert.Equal(t, cold.End.Add(40*time.Millisecond), warm.End)
	assert.Equal(t, 40*time.Millisecond, warm.BilledDuration)
	assert.Equal(t, 1, invStats(t, svc, "f").ColdStarts)
}

// Two invocations that overlap in virtual time run in two environments,
// both cold, for an environment runs one request at a time (AWS Lambda
// Developer Guide: "Understanding the Lambda execution environment
// lifecycle").
func TestOverlappingInvocationsNeedTwoEnvironments(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(100 * time.Millisecond), InitDuration: 200 * time.Millisecond,
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	first := invLast(t, svc)
	clk.AdvanceTo(first.End.Add(-time.Nanosecond)) // one nanosecond before the first one ends
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	second := invLast(t, svc)
	assert.True(t, first.ColdStart)
	assert.True(t, second.ColdStart)
	assert.NotEqual(t, first.EnvironmentID, second.EnvironmentID)
	assert.Equal(t, 2, invStats(t, svc, "f").ColdStarts)

	clk.AdvanceTo(second.End)
	assert.Equal(t, 2, svc.Inspect().WarmEnvironments("f"))
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	third := invLast(t, svc)
	assert.False(t, third.ColdStart)
	assert.Equal(t, second.EnvironmentID, third.EnvironmentID, "the most recently used environment is reused first")
}

// An environment idle for the idle timeout is reaped: the next invocation
// starts cold (AWS Lambda Developer Guide: "Understanding the Lambda
// execution environment lifecycle"; the timeout is WithIdleTimeout's
// model).
func TestIdleEnvironmentIsReapedAfterIdleTimeout(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory(), lambda.WithIdleTimeout(5*time.Minute))
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(10 * time.Millisecond),
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	first := invLast(t, svc)

	clk.AdvanceTo(first.End.Add(5*time.Minute - time.Millisecond))
	assert.Equal(t, 1, svc.Inspect().WarmEnvironments("f"))
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	warm := invLast(t, svc)
	assert.False(t, warm.ColdStart, "idle for less than the idle timeout")

	clk.AdvanceTo(warm.End.Add(5 * time.Minute))
	assert.Equal(t, 0, svc.Inspect().WarmEnvironments("f"))
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	reaped := invLast(t, svc)
	assert.True(t, reaped.ColdStart, "idle for the idle timeout")
	assert.NotEqual(t, warm.EnvironmentID, reaped.EnvironmentID)
}

// Without WithIdleTimeout an environment stays warm for
// DefaultIdleTimeout.
func TestDefaultIdleTimeout(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f"})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	end := invLast(t, svc).End
	clk.AdvanceTo(end.Add(lambda.DefaultIdleTimeout - time.Nanosecond))
	assert.Equal(t, 1, svc.Inspect().WarmEnvironments("f"))
	clk.AdvanceTo(end.Add(lambda.DefaultIdleTimeout))
	assert.Equal(t, 0, svc.Inspect().WarmEnvironments("f"))
}

// New code needs new environments: after UpdateFunctionCode the next
// invocation starts cold and runs the new handler.
func TestUpdateFunctionCodeMakesNextInvocationCold(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return []byte(`"v1"`), nil },
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	clk.Advance(time.Second)
	_, err := svc.UpdateFunctionCode(t.Context(), &lambda.UpdateFunctionCodeInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return []byte(`"v2"`), nil },
	}})
	require.NoError(t, err)
	assert.Equal(t, 0, svc.Inspect().WarmEnvironments("f"))
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.Equal(t, `"v2"`, string(out.Payload))
	assert.True(t, invLast(t, svc).ColdStart)
	assert.Equal(t, 2, invStats(t, svc, "f").ColdStarts)
}

// ReportDuration in the handler sets the invocation's simulated duration,
// overriding the Duration model (doc.go).
func TestReportDurationOverridesDurationModel(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(ctx context.Context, p []byte) ([]byte, error) {
			var ms int
			_ = json.Unmarshal(p, &ms)
			lambda.ReportDuration(ctx, time.Duration(ms)*time.Millisecond)
			return nil, nil
		},
		Duration: lambda.FixedDuration(time.Second),
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", Payload: []byte(`250`)})
	rec := invLast(t, svc)
	assert.Equal(t, 250*time.Millisecond, rec.Duration)
	assert.Equal(t, invStart.Add(250*time.Millisecond), rec.End)
	assert.Equal(t, 250*time.Millisecond, rec.BilledDuration)

	lambda.ReportDuration(t.Context(), time.Hour) // outside a handler: nothing happens
}

// Without a Duration model or a reported duration an invocation takes
// 1 ms, the billing minimum (doc.go).
func TestNoDurationModelMeansOneMillisecond(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f"})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	rec := invLast(t, svc)
	assert.Equal(t, time.Millisecond, rec.Duration)
	assert.Equal(t, invStart.Add(time.Millisecond), rec.End)

	clk.Advance(time.Millisecond - time.Nanosecond)
	assert.Equal(t, 1, invStats(t, svc, "f").ConcurrentExecutions, "still busy")
	clk.Advance(time.Nanosecond)
	assert.Equal(t, 0, invStats(t, svc, "f").ConcurrentExecutions, "free after 1 ms")
}

// Billing.

// Lambda bills duration rounded up to the next millisecond, and at least
// 1 ms ("AWS Lambda Pricing", https://aws.amazon.com/lambda/pricing/).
func TestBilledDurationRoundsUpToMillisecond(t *testing.T) {
	for _, tc := range []struct {
		d, billed time.Duration
	}{
		{100200 * time.Microsecond, 101 * time.Millisecond},
		{300 * time.Microsecond, time.Millisecond},
		{0, time.Millisecond},
		{time.Nanosecond, time.Millisecond},
		{time.Millisecond, time.Millisecond},
		{time.Millisecond + time.Nanosecond, 2 * time.Millisecond},
		{2999999 * time.Microsecond, 3 * time.Second},
	} {
		t.Run(tc.d.String(), func(t *testing.T) {
			svc, _ := invSetup(t, lambda.WithHistory())
			invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{Handler: invEcho, Duration: lambda.FixedDuration(tc.d)}})
			invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
			rec := invLast(t, svc)
			assert.Equal(t, tc.d, rec.Duration)
			assert.Equal(t, tc.billed, rec.BilledDuration)
			assert.Equal(t, tc.billed, invStats(t, svc, "f").BilledDuration)
		})
	}
}

// Cost is $0.20 per million requests plus GB-seconds (memory in GB times
// billed seconds) at the architecture's price ("AWS Lambda Pricing",
// https://aws.amazon.com/lambda/pricing/).
func TestCostIsRequestsPlusGBSeconds(t *testing.T) {
	for _, tc := range []struct {
		arch    string
		perGBs  float64
		listed  float64
		memory  int
		d       time.Duration
		billedS float64
	}{
		{"x86_64", lambda.DefaultPrices.PerGBSecondX86, 0.0000166667, 1024, 100200 * time.Microsecond, 0.101},
		{"arm64", lambda.DefaultPrices.PerGBSecondArm64, 0.0000133334, 2048, 300 * time.Microsecond, 0.001},
		{"x86_64", lambda.DefaultPrices.PerGBSecondX86, 0.0000166667, 128, 2 * time.Second, 2},
	} {
		t.Run(tc.arch, func(t *testing.T) {
			assert.Equal(t, tc.listed, tc.perGBs, "DefaultPrices")
			svc, _ := invSetup(t)
			invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", MemorySize: tc.memory, Architectures: []string{tc.arch}, Code: lambda.Code{
				Handler: invEcho, Duration: lambda.FixedDuration(tc.d),
			}})
			invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
			st := invStats(t, svc, "f")
			gbs := float64(tc.memory) / 1024 * tc.billedS
			assert.InDelta(t, gbs, st.GBSeconds, 1e-12)
			assert.InDelta(t, 0.20/1e6+gbs*tc.listed, st.Cost, 1e-15)
		})
	}
	assert.InDelta(t, 0.20/1e6, lambda.DefaultPrices.PerRequest, 1e-18)
}

// WithPrices replaces the price table.
func TestWithPricesReplacesPrices(t *testing.T) {
	svc, _ := invSetup(t, lambda.WithPrices(lambda.Prices{PerRequest: 1, PerGBSecondX86: 10, PerGBSecondArm64: 100}))
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "x", MemorySize: 1024, Code: lambda.Code{Handler: invEcho, Duration: lambda.FixedDuration(time.Second)}})
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "a", MemorySize: 512, Architectures: []string{"arm64"}, Code: lambda.Code{Handler: invEcho, Duration: lambda.FixedDuration(time.Second)}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "x"})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "a"})
	assert.InDelta(t, 1+1*10, invStats(t, svc, "x").Cost, 1e-9)
	assert.InDelta(t, 1+0.5*100, invStats(t, svc, "a").Cost, 1e-9)
}

// A function's totals add up its invocations: errors, cold starts,
// durations, billed durations, GB-seconds and cost.
func TestStatsTotalsAddUp(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", MemorySize: 256, Code: lambda.Code{
		Handler: func(_ context.Context, p []byte) ([]byte, error) {
			if string(p) == `"fail"` {
				return nil, errors.New("failed")
			}
			return p, nil
		},
		Duration: func(p []byte) time.Duration {
			if string(p) == `"slow"` {
				return time.Minute // past the 3 s timeout
			}
			return 1500 * time.Microsecond
		},
		InitDuration: 100 * time.Millisecond,
	}})
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "f", ReservedConcurrentExecutions: 1})
	require.NoError(t, err)

	for _, p := range []string{`"ok"`, `"fail"`, `"slow"`, `"ok"`} {
		invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f", Payload: []byte(p)})
		_, err := svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "f", Payload: []byte(p)}) // overlaps: throttled
		require.ErrorIs(t, err, lambda.ErrTooManyRequestsException)
		clk.Advance(10 * time.Second)
	}

	recs := svc.Inspect().Invocations()
	require.Len(t, recs, 4, "throttled invocations are not recorded")
	var want lambda.FunctionStats
	for _, r := range recs {
		want.Invocations++
		if r.FunctionError != "" {
			want.Errors++
		}
		if r.ColdStart {
			want.ColdStarts++
		}
		want.Duration += r.Duration
		want.BilledDuration += r.BilledDuration
	}
	st := invStats(t, svc, "f")
	assert.Equal(t, 4, st.Invocations)
	assert.Equal(t, 2, st.Errors, "the error and the timeout")
	assert.Equal(t, 4, st.Throttles)
	assert.Equal(t, 2, st.ColdStarts, "the first, and the one after the timeout")
	assert.Equal(t, want.Invocations, st.Invocations)
	assert.Equal(t, want.Errors, st.Errors)
	assert.Equal(t, want.ColdStarts, st.ColdStarts)
	assert.Equal(t, want.Duration, st.Duration)
	assert.Equal(t, want.BilledDuration, st.BilledDuration)
	// cold 100 ms + 1.5 ms → 102 ms, warm 1.5 ms → 2 ms, timeout 3 s, cold
	// again 100 ms + 1.5 ms → 102 ms
	assert.Equal(t, 1500*time.Microsecond*3+3*time.Second, st.Duration)
	assert.Equal(t, 3206*time.Millisecond, st.BilledDuration)
	gbs := 0.25 * 3.206
	assert.InDelta(t, gbs, st.GBSeconds, 1e-12)
	assert.InDelta(t, 4*0.20/1e6+gbs*lambda.DefaultPrices.PerGBSecondX86, st.Cost, 1e-15)
	assert.Equal(t, 1, st.PeakConcurrentExecutions)
}

// WithHistory records every invocation: its span, Init, duration,
// environment, cold or warm start and attempt.
func TestInvocationsRecordedWithHistory(t *testing.T) {
	svc, clk := invSetup(t, lambda.WithHistory())
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: invEcho, Duration: lambda.FixedDuration(30 * time.Millisecond), InitDuration: 70 * time.Millisecond,
	}})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	clk.Advance(time.Second)
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})

	recs := svc.Inspect().Invocations()
	require.Len(t, recs, 2)
	a, b := recs[0], recs[1]
	assert.Equal(t, lambda.Invocation{
		RequestID: a.RequestID, FunctionName: "f", Version: "$LATEST", EnvironmentID: a.EnvironmentID, ColdStart: true,
		Start: invStart, End: invStart.Add(100 * time.Millisecond), InitDuration: 70 * time.Millisecond,
		Duration: 30 * time.Millisecond, BilledDuration: 100 * time.Millisecond, Attempt: 1,
	}, a)
	assert.Equal(t, lambda.Invocation{
		RequestID: b.RequestID, FunctionName: "f", Version: "$LATEST", EnvironmentID: a.EnvironmentID,
		Start: invStart.Add(time.Second), End: invStart.Add(time.Second + 30*time.Millisecond),
		Duration: 30 * time.Millisecond, BilledDuration: 30 * time.Millisecond, Attempt: 1,
	}, b)
	assert.NotEqual(t, a.RequestID, b.RequestID)

	recs[0].FunctionName = "changed"
	assert.Equal(t, "f", svc.Inspect().Invocations()[0].FunctionName, "Invocations returns a copy")
}

// Without WithHistory no invocation is recorded; the totals still are.
func TestInvocationsNilWithoutHistory(t *testing.T) {
	svc, _ := invSetup(t)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f"})
	invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.Nil(t, svc.Inspect().Invocations())
	assert.Equal(t, 1, invStats(t, svc, "f").Invocations)
}

// A response over 6 MB is a function error, Function.ResponseSizeTooLarge,
// with the status still 200 (AWS Lambda API Reference: Invoke; AWS Lambda
// Developer Guide: "Lambda quotas").
func TestResponseOver6MBIsFunctionError(t *testing.T) {
	svc, _ := invSetup(t)
	big := make([]byte, lambda.MaxSyncPayload+1)
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return big, nil },
	}})
	out := invInvoke(t, svc, lambda.InvokeInput{FunctionName: "f"})
	assert.Equal(t, 200, out.StatusCode)
	assert.Equal(t, "Unhandled", out.FunctionError)
	assert.Contains(t, string(out.Payload), `"errorType":"Function.ResponseSizeTooLarge"`)
}

// A panic in a duration model is a crash of the function: a function error
// that resets the environment, not a panic out of Invoke.
func TestPanickingDurationModelReleasesEnvironment(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk))
	rvFn(t, svc, "a", lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil },
		Duration: func(p []byte) time.Duration {
			if string(p) == `"boom"` {
				panic("model")
			}
			return time.Millisecond
		},
	})
	_, err := svc.PutFunctionConcurrency(t.Context(), &lambda.PutFunctionConcurrencyInput{FunctionName: "a", ReservedConcurrentExecutions: 1})
	require.NoError(t, err)
	func() {
		defer func() { recover() }()
		svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", Payload: []byte(`"boom"`)})
	}()
	clk.Advance(time.Hour)
	_, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a", Payload: []byte(`"ok"`)})
	assert.NoError(t, err, "environment leaked by the panic")
}

// A handler returning an error whose Error method panics (a typed nil
// pointer) is a function error, not a panic out of Invoke.
func TestTypedNilErrorIsAFunctionError(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk))
	rvFn(t, svc, "a", lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) {
		var e *rvErr
		return nil, e
	}})
	var out *lambda.InvokeOutput
	var err error
	assert.NotPanics(t, func() { out, err = svc.Invoke(t.Context(), &lambda.InvokeInput{FunctionName: "a"}) })
	_ = out
	_ = err
	st, _ := svc.Inspect().Stats("a")
	clk.Advance(time.Hour)
	st, _ = svc.Inspect().Stats("a")
	assert.Equal(t, 0, st.ConcurrentExecutions)
}

// rvErr is an error whose Error method dereferences msg: a typed nil
// *rvErr panics when printed.
type rvErr struct{ msg *string }

func (e *rvErr) Error() string { return *e.msg }
