package lambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Fuzz tests: any input gives an AWS error or a correct result, never a
// panic, and a refused input changes nothing (package
// documentation: bad input never panics and never changes state). The fz… helpers below belong to this file.

// fzStart is the fixed start time of every fuzz run.
var fzStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fzRole is a valid execution role.
const fzRole = "arn:aws:iam::000000000000:role/fz"

// fzRequireAWSError checks that err is an *lambda.Error with a code and a
// 4xx status, and not a throttle: no fuzz target here can be throttled.
func fzRequireAWSError(t *testing.T, err error) {
	t.Helper()
	require.NotErrorIs(t, err, lambda.ErrTooManyRequestsException, "throttled without concurrency in use")
	var e *lambda.Error
	require.True(t, errors.As(err, &e), "not an *lambda.Error: %T %v", err, err)
	require.NotEmpty(t, e.Code)
	require.GreaterOrEqual(t, e.StatusCode, 400, e.Error())
	require.Less(t, e.StatusCode, 500, e.Error())
}

// fzIsName reports whether s is a function name: 1 to 64 letters, digits,
// hyphens and underscores (AWS Lambda API Reference: CreateFunction).
func fzIsName(s string) bool {
	return regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`).MatchString(s)
}

// fzQualifierPattern is a qualifier in a FunctionName, as the API model's
// pattern has it.
var fzQualifierPattern = regexp.MustCompile(`^(\$LATEST|[a-zA-Z0-9_-]{1,128})$`)

// fzRolePattern is an IAM role ARN as IAM names roles (IAM User Guide:
// "IAM identifiers" and "IAM and AWS STS quotas"): a role name of 1 to 64
// of letters, digits and +=,.@_-, after an optional path of non-empty
// segments in the same alphabet, the path at most 512 characters (checked
// beside the pattern). The API model's looser pattern makes the
// partition optional; an empty one cannot name a role Lambda may assume,
// so it is refused either way and the oracle requires it.
var fzRolePattern = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role((?:/[a-zA-Z0-9+=,.@_-]+)*/)[a-zA-Z0-9+=,.@_-]{1,64}$`)

// fzRoleValid reports whether role is a valid role ARN for the oracle.
func fzRoleValid(role string) bool {
	m := fzRolePattern.FindStringSubmatch(role)
	return m != nil && len(m[1]) <= 512 // m[1] is the path
}

// fzEnvKey is the pattern of environment variable names.
var fzEnvKey = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]+$`)

// fzCreate is one fuzzed CreateFunction request and the oracle's verdict
// on it.
type fzCreate struct {
	in lambda.CreateFunctionInput
	// valid is the oracle's verdict; known is false when it has none (a
	// FunctionName with a colon: an ARN, a partial ARN or a qualifier).
	valid, known bool
}

// fzCreateInput builds the request from the fuzzed values and judges it
// against the limits of CreateFunction (AWS Lambda API Reference:
// CreateFunction; AWS Lambda Developer Guide: "Lambda quotas"),
// independently of the simulator's code.
func fzCreateInput(name, role, handler, description, runtime string, timeout, memory int64, arch, envKey, envValue string, layers uint8) fzCreate {
	in := lambda.CreateFunctionInput{
		FunctionName: name, Role: role, Handler: handler, Description: description, Runtime: runtime,
		Timeout: time.Duration(timeout), MemorySize: int(memory),
		Code: lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) { return p, nil }},
	}
	if arch != "" {
		in.Architectures = []string{arch}
	}
	if envKey != "" || envValue != "" {
		in.Environment = map[string]string{envKey: envValue}
	}
	for i := range int(layers % 8) {
		in.Layers = append(in.Layers, fmt.Sprintf("arn:aws:lambda:us-east-1:000000000000:layer:fz%d:1", i))
	}
	envOK := true
	if in.Environment != nil {
		b, err := json.Marshal(in.Environment) // AWS measures the variables as JSON
		envOK = fzEnvKey.MatchString(envKey) && err == nil && len(b) <= lambda.MaxEnvironmentSize
	}
	d := in.Timeout
	valid := (runtime == "" || slices.Contains(lambda.Runtimes, runtime)) &&
		fzRoleValid(role) &&
		utf8.RuneCountInString(handler) <= 128 && !strings.ContainsAny(handler, " \t\n\v\f\r") && // Java's \s
		utf8.RuneCountInString(description) <= 256 &&
		(d == 0 || d%time.Second == 0 && d >= time.Second && d <= lambda.MaxTimeout) &&
		(memory == 0 || memory >= lambda.MinMemorySize && memory <= lambda.MaxMemorySize) &&
		(arch == "" || arch == "x86_64" || arch == "arm64") &&
		envOK && len(in.Layers) <= 5
	c := fzCreate{in: in, valid: valid, known: true}
	switch {
	case !strings.Contains(name, ":"):
		c.valid = valid && fzIsName(name)
	case !valid:
		// Some other setting is out of its limits: refused whatever the name.
	default:
		c.known = false
	}
	return c
}

// FuzzCreateFunction: a function created with any name, role, handler,
// description, runtime, timeout, memory size, architecture, environment
// variable and number of layers is either refused with a 4xx AWS error and
// not created, or created with exactly those settings, the defaults
// standing in for zero values (AWS Lambda API Reference: CreateFunction).
func FuzzCreateFunction(f *testing.F) {
	sec, zero := int64(time.Second), int64(0)
	f.Add("fz", fzRole, "", "", "", int64(0), int64(0), "", "", "", uint8(0))
	f.Add("fz-full_1", "arn:aws:iam::123456789012:role/service-role/x_y", "bootstrap", "the function", "python3.13", 900*sec, int64(10240), "arm64", "KEY", "value", uint8(5))
	f.Add("fz", fzRole, "main.handler", "d", "provided.al2", sec, int64(128), "x86_64", "A1", "", uint8(1))
	f.Add("arn:aws:lambda:us-east-1:000000000000:function:fz", fzRole, "h", "", "", 3*sec, int64(0), "", "", "", uint8(0))
	f.Add("000000000000:function:fz", fzRole, "h", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("arn:aws:lambda:eu-west-1:000000000000:function:fz", fzRole, "h", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz:1", fzRole, "h", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add(strings.Repeat("n", 64), fzRole, strings.Repeat("é", 128), strings.Repeat("d", 256), "", zero, int64(0), "", "", "", uint8(0))
	f.Add(strings.Repeat("n", 65), fzRole, "", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", fzRole, strings.Repeat("h", 129), strings.Repeat("é", 257), "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", "my-role", "", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", "arn::iam::000000000000:role/fz", "", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", fzRole, "main handler", "", "go1.x", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", fzRole, "main\fhandler", "", "", zero, int64(0), "", "", "", uint8(0))
	f.Add("fz", fzRole, "", "", "", 901*sec, int64(127), "", "", "", uint8(0))
	f.Add("fz", fzRole, "", "", "", 1500*int64(time.Millisecond), int64(10241), "", "", "", uint8(0))
	f.Add("fz", fzRole, "", "", "", -sec, int64(-128), "", "", "", uint8(0))
	f.Add("fz", fzRole, "", "", "", int64(1<<62), int64(1<<40), "x86_64, arm64", "", "", uint8(6))
	f.Add("fz", fzRole, "", "", "", zero, int64(0), "ARM64", "1KEY", "v", uint8(0))
	f.Add("fz", fzRole, "", "", "", zero, int64(0), "", "K", "v", uint8(0))
	f.Add("fz", fzRole, "", "", "", zero, int64(0), "", "KEY", strings.Repeat("v", lambda.MaxEnvironmentSize-len(`{"KEY":""}`)), uint8(0))
	f.Add("fz", fzRole, "", "", "", zero, int64(0), "", "KEY", strings.Repeat("v", lambda.MaxEnvironmentSize-len(`{"KEY":""}`)+1), uint8(0))
	f.Add("\x00", "\xff", "\U0001F600", "\xfe", "\x00", int64(-1), int64(-1), "\x00", "\xff", "\xfe", uint8(255))
	f.Fuzz(func(t *testing.T, name, role, handler, description, runtime string, timeout, memory int64, arch, envKey, envValue string, layers uint8) {
		ctx := context.Background()
		clk := sim.NewClock(fzStart)
		svc := lambda.New(lambda.WithClock(clk))
		c := fzCreateInput(name, role, handler, description, runtime, timeout, memory, arch, envKey, envValue, layers)

		out, err := svc.CreateFunction(ctx, &c.in)
		if c.known {
			require.Equal(t, c.valid, err == nil, "oracle says valid=%v, CreateFunction: %v", c.valid, err)
		}
		list, lerr := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
		require.NoError(t, lerr)
		if err != nil {
			fzRequireAWSError(t, err)
			ok := errors.Is(err, lambda.ErrValidationException) || errors.Is(err, lambda.ErrInvalidParameterValueException) ||
				strings.HasPrefix(name, "arn:") && errors.Is(err, lambda.ErrResourceNotFoundException)
			require.True(t, ok, "unexpected error code: %v", err)
			require.Nil(t, out)
			require.Empty(t, list.Functions, "a refused CreateFunction created a function")
			return
		}

		// Created: the function is named by the name part of FunctionName.
		fname := out.FunctionName
		require.True(t, fzIsName(fname), "created function has an invalid name %q", fname)
		require.True(t, name == fname || strings.HasSuffix(name, ":function:"+fname), "FunctionName %q created %q", name, fname)
		require.Len(t, list.Functions, 1)
		require.Equal(t, fname, list.Functions[0].FunctionName)
		require.Equal(t, "Pending", out.State)

		got, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: fname})
		require.NoError(t, err)
		want := *out
		want.State, want.StateReasonCode, want.LastUpdateStatus = "Active", "Idle", "Successful"
		require.Equal(t, want, *got, "GetFunctionConfiguration differs from CreateFunction's output")

		wantRuntime, wantTimeout, wantMemory, wantArch := runtime, time.Duration(timeout), int(memory), []string{arch}
		if runtime == "" {
			wantRuntime = "provided.al2023"
		}
		if timeout == 0 {
			wantTimeout = lambda.DefaultTimeout
		}
		if memory == 0 {
			wantMemory = lambda.DefaultMemorySize
		}
		if arch == "" {
			wantArch = []string{"x86_64"}
		}
		require.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:"+fname, got.FunctionArn)
		require.Equal(t, "$LATEST", got.Version)
		require.Equal(t, wantRuntime, got.Runtime)
		require.Equal(t, role, got.Role)
		require.Equal(t, handler, got.Handler)
		require.Equal(t, description, got.Description)
		require.Equal(t, wantTimeout, got.Timeout)
		require.Equal(t, wantMemory, got.MemorySize)
		require.Equal(t, wantArch, got.Architectures)
		require.Equal(t, c.in.Environment, got.Environment)
		require.Equal(t, c.in.Layers, got.Layers)

		// The name is now taken; a second create changes nothing.
		_, err = svc.CreateFunction(ctx, &c.in)
		require.ErrorIs(t, err, lambda.ErrResourceConflictException)
		fzRequireAWSError(t, err)
		again, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: fname})
		require.NoError(t, err)
		require.Equal(t, got, again, "a refused CreateFunction changed the function")
	})
}

// fzEvent is the event the Typed function decodes.
type fzEvent struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	Tags []string `json:"tags,omitempty"`
}

// fzFunctions are the functions FuzzInvoke invokes: one echoes its
// payload, the other is Typed over fzEvent and returns the event.
var fzFunctions = []string{"fz-echo", "fz-typed"}

// fzSetup returns a service with the fzFunctions, each with version 1 and
// an alias live pointing to it.
func fzSetup(t *testing.T) (*lambda.Service, *sim.Clock) {
	t.Helper()
	ctx := context.Background()
	clk := sim.NewClock(fzStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithHistory())
	handlers := []lambda.Handler{
		func(_ context.Context, p []byte) ([]byte, error) { return p, nil },
		lambda.Typed(func(_ context.Context, e fzEvent) (fzEvent, error) { return e, nil }),
	}
	for i, name := range fzFunctions {
		_, err := svc.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: name, Role: fzRole, Code: lambda.Code{Handler: handlers[i]}, Publish: true})
		require.NoError(t, err)
		_, err = svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: name, Name: "live", FunctionVersion: "1"})
		require.NoError(t, err)
	}
	return svc, clk
}

// fzTarget is the model of which version an invocation of ref with
// qualifier runs on a function named base with $LATEST, version 1 and the
// alias live, or the error it gets (AWS Lambda API Reference: Invoke; AWS
// Lambda Developer Guide: "Manage Lambda function versions").
func fzTarget(base, ref, qualifier string) (string, error) {
	if len(ref) > 140 {
		return "", lambda.ErrValidationException
	}
	name, q, qualified := strings.Cut(ref, ":")
	switch {
	case !fzIsName(name):
		return "", lambda.ErrValidationException
	case qualified && !fzQualifierPattern.MatchString(q):
		// The API model's FunctionName pattern ends in
		// (:(\$LATEST|[a-zA-Z0-9-_]+))?: one qualifier, not empty.
		return "", lambda.ErrValidationException
	case name != base:
		return "", lambda.ErrResourceNotFoundException
	case qualifier != "" && q != "" && q != qualifier:
		return "", lambda.ErrInvalidParameterValueException
	case qualifier != "":
		q = qualifier
	}
	switch q {
	case "", "$LATEST":
		return "$LATEST", nil
	case "live":
		return "1", nil
	}
	// A number names a version as AWS writes it: "1", not "01".
	if q == "1" {
		return "1", nil
	}
	return "", lambda.ErrResourceNotFoundException
}

// fzResponse is the model's response of a function to payload, and
// whether it is a function error.
func fzResponse(fn string, payload []byte) (response []byte, functionError bool) {
	if fn == "fz-echo" {
		return payload, false
	}
	var e fzEvent
	if err := json.Unmarshal(payload, &e); err != nil {
		return []byte(err.Error()), true
	}
	b, _ := json.Marshal(e)
	return b, false
}

// FuzzInvoke: an invocation of any payload, invocation type, qualifier and
// function name is either refused with a 4xx AWS error and no invocation,
// or runs the version it names: RequestResponse answers 200 with the
// handler's response (a function error for a payload the Typed handler
// cannot decode), Event answers 202 and runs at the clock's next advance,
// DryRun answers 204 and runs nothing (AWS Lambda API Reference: Invoke).
func FuzzInvoke(f *testing.F) {
	f.Add([]byte(`{"id":1,"name":"a"}`), "", "", "")
	f.Add([]byte(nil), "RequestResponse", "", "")
	f.Add([]byte(`{"id":2,"tags":["x","y"]}`), "Event", "", "")
	f.Add([]byte(`{}`), "DryRun", "", "")
	f.Add([]byte(`null`), "RequestResponse", "1", "")
	f.Add([]byte(`"text"`), "Event", "live", "")
	f.Add([]byte(`[1,2,3]`), "", "$LATEST", ":$LATEST")
	f.Add([]byte(`{"id":"not a number"}`), "", "", ":live")
	f.Add([]byte(`{"id":1e400}`), "Event", "", ":1")
	f.Add([]byte(`42`), "", "live", ":1")
	f.Add([]byte(`{"id":1}`), "", "2", "")
	f.Add([]byte(`{"id":1}`), "", "01", ":01")
	f.Add([]byte(`{"id":1}`), "", "", ":1:2")
	f.Add([]byte(`{"id":1}`), "", "", "-other")
	f.Add([]byte(`{"id":1}`), "", "", "/bad")
	f.Add([]byte(`{"id":1}`), "", "", ":"+strings.Repeat("q", 140))
	f.Add([]byte(`{`), "", "", "")
	f.Add([]byte("\xff"), "Event", "", "")
	f.Add([]byte(`{"a":1} x`), "DryRun", "", "")
	f.Add([]byte(` `), "", "", "")
	f.Add([]byte(`{"id":1}`), "event", "", "")
	f.Add([]byte(`{"id":1}`), "Tail", "", "x")
	f.Fuzz(func(t *testing.T, payload []byte, invocationType, qualifier, suffix string) {
		ctx := context.Background()
		svc, clk := fzSetup(t)
		for _, base := range fzFunctions {
			ref := base + suffix
			before, ok := svc.Inspect().Stats(base)
			require.True(t, ok)
			history := len(svc.Inspect().Invocations())

			// The checks come in this order: invocation type, payload size,
			// payload JSON, then the function and its qualifier.
			version, wantErr := fzTarget(base, ref, qualifier)
			limit := lambda.MaxSyncPayload
			if invocationType == lambda.InvocationTypeEvent {
				limit = lambda.MaxAsyncPayload
			}
			switch {
			case !slices.Contains([]string{"", lambda.InvocationTypeRequestResponse, lambda.InvocationTypeEvent, lambda.InvocationTypeDryRun}, invocationType):
				wantErr = lambda.ErrValidationException
			case len(payload) > limit:
				wantErr = lambda.ErrRequestTooLargeException
			case len(payload) > 0 && !json.Valid(payload):
				wantErr = lambda.ErrInvalidRequestContentException
			}

			out, err := svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: ref, Qualifier: qualifier, InvocationType: invocationType, Payload: payload})
			if wantErr != nil {
				require.ErrorIs(t, err, wantErr, "ref %q qualifier %q type %q", ref, qualifier, invocationType)
			}
			if err != nil {
				fzRequireAWSError(t, err)
				require.Nil(t, out)
				clk.Advance(time.Second)
				after, _ := svc.Inspect().Stats(base)
				require.Equal(t, before, after, "a refused invocation changed the function's counters")
				require.Len(t, svc.Inspect().Invocations(), history, "a refused invocation ran")
				continue
			}
			require.NoError(t, wantErr, "accepted: ref %q qualifier %q type %q", ref, qualifier, invocationType)

			response, functionError := fzResponse(base, payload)
			switch invocationType {
			case "", lambda.InvocationTypeRequestResponse:
				require.Equal(t, 200, out.StatusCode)
				require.Equal(t, version, out.ExecutedVersion)
				if functionError {
					require.Equal(t, "Unhandled", out.FunctionError)
					var doc struct{ ErrorMessage, ErrorType string }
					require.NoError(t, json.Unmarshal(out.Payload, &doc), "error document %s", out.Payload)
					require.Equal(t, string(response), doc.ErrorMessage)
					require.NotEmpty(t, doc.ErrorType)
				} else {
					require.Empty(t, out.FunctionError, "payload %s", out.Payload)
					require.Equal(t, string(response), string(out.Payload))
				}
			case lambda.InvocationTypeEvent:
				require.Equal(t, 202, out.StatusCode)
				require.Empty(t, out.Payload)
				mid, _ := svc.Inspect().Stats(base)
				require.Equal(t, before.Invocations, mid.Invocations, "an event ran before the clock moved")
				clk.Advance(time.Second) // the first attempt; a retry comes a minute later
			case lambda.InvocationTypeDryRun:
				require.Equal(t, 204, out.StatusCode)
				require.Empty(t, out.Payload)
				clk.Advance(time.Second)
				after, _ := svc.Inspect().Stats(base)
				require.Equal(t, before, after, "a DryRun invocation ran")
				require.Len(t, svc.Inspect().Invocations(), history, "a DryRun invocation ran")
				continue
			}

			after, _ := svc.Inspect().Stats(base)
			require.Equal(t, before.Invocations+1, after.Invocations)
			require.Equal(t, before.Throttles, after.Throttles)
			wantErrors := before.Errors
			if functionError {
				wantErrors++
			}
			require.Equal(t, wantErrors, after.Errors)
			inv := svc.Inspect().Invocations()
			require.Len(t, inv, history+1)
			last := inv[len(inv)-1]
			require.Equal(t, base, last.FunctionName)
			require.Equal(t, version, last.Version)
			require.Equal(t, 1, last.Attempt)
			require.Equal(t, functionError, last.FunctionError != "")
		}
	})
}
