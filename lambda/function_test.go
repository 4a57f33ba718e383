package lambda_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of the function operations: CreateFunction, GetFunction,
// GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
// UpdateFunctionConfiguration and DeleteFunction (AWS Lambda API
// Reference: each of these operations). The fn… helpers below are shared
// by function_test.go, version_test.go and validate_test.go.

// fnStart is the instant every function scenario starts at.
var fnStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fnRole is a valid execution role.
const fnRole = "arn:aws:iam::000000000000:role/fn"

// fnARNPrefix is the unqualified ARN of a function without its name.
const fnARNPrefix = "arn:aws:lambda:us-east-1:000000000000:function:"

// fnSetup returns a service on a virtual clock that reads fnStart.
func fnSetup(t *testing.T, opts ...lambda.Option) (*lambda.Service, *sim.Clock, context.Context) {
	t.Helper()
	clk := sim.NewClock(fnStart)
	svc := lambda.New(append([]lambda.Option{lambda.WithClock(clk)}, opts...)...)
	return svc, clk, context.Background()
}

// fnReply returns a handler that answers every invocation with the JSON
// string s, so that a test can tell which code ran.
func fnReply(s string) lambda.Handler {
	return func(context.Context, []byte) ([]byte, error) {
		return fmt.Appendf(nil, "%q", s), nil
	}
}

// fnInput returns a valid CreateFunctionInput for name with a handler that
// replies "v1".
func fnInput(name string) *lambda.CreateFunctionInput {
	return &lambda.CreateFunctionInput{FunctionName: name, Role: fnRole, Code: lambda.Code{Handler: fnReply("v1")}}
}

// fnCreate creates the function name, after mod (if any) has changed the
// valid input, and returns CreateFunction's output.
func fnCreate(t *testing.T, svc *lambda.Service, name string, mod func(*lambda.CreateFunctionInput)) *lambda.FunctionConfiguration {
	t.Helper()
	in := fnInput(name)
	if mod != nil {
		mod(in)
	}
	out, err := svc.CreateFunction(context.Background(), in)
	require.NoError(t, err)
	return out
}

// fnConfig returns GetFunctionConfiguration of name at qualifier ("" for
// none).
func fnConfig(t *testing.T, svc *lambda.Service, name, qualifier string) lambda.FunctionConfiguration {
	t.Helper()
	out, err := svc.GetFunctionConfiguration(context.Background(), &lambda.GetFunctionConfigurationInput{FunctionName: name, Qualifier: qualifier})
	require.NoError(t, err)
	return *out
}

// fnNames returns the names of every function, following ListFunctions'
// markers.
func fnNames(t *testing.T, svc *lambda.Service) []string {
	t.Helper()
	var names []string
	marker := ""
	for {
		out, err := svc.ListFunctions(context.Background(), &lambda.ListFunctionsInput{Marker: marker})
		require.NoError(t, err)
		for _, f := range out.Functions {
			names = append(names, f.FunctionName)
		}
		if out.NextMarker == "" {
			return names
		}
		marker = out.NextMarker
	}
}

// fnGone asserts that no function name exists, by ListFunctions and by
// GetFunction.
func fnGone(t *testing.T, svc *lambda.Service, name string) {
	t.Helper()
	assert.NotContains(t, fnNames(t, svc), name, "ListFunctions")
	_, err := svc.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: name})
	assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "GetFunction")
}

// fnInvoke invokes name at qualifier synchronously with an empty payload.
func fnInvoke(t *testing.T, svc *lambda.Service, name, qualifier string) *lambda.InvokeOutput {
	t.Helper()
	out, err := svc.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: name, Qualifier: qualifier})
	require.NoError(t, err)
	return out
}

// fnStatus returns the HTTP status of a *lambda.Error.
func fnStatus(t *testing.T, err error) int {
	t.Helper()
	var e *lambda.Error
	require.True(t, errors.As(err, &e), "not a *lambda.Error: %v", err)
	return e.StatusCode
}

// fnMessage returns the message of a *lambda.Error.
func fnMessage(t *testing.T, err error) string {
	t.Helper()
	var e *lambda.Error
	require.True(t, errors.As(err, &e), "not a *lambda.Error: %v", err)
	return e.Message
}

// fnPublish publishes $LATEST of name and returns the version number.
func fnPublish(t *testing.T, svc *lambda.Service, name string) string {
	t.Helper()
	out, err := svc.PublishVersion(context.Background(), &lambda.PublishVersionInput{FunctionName: name})
	require.NoError(t, err)
	return out.Version
}

// fnSetCode gives $LATEST of name a handler that replies reply.
func fnSetCode(t *testing.T, svc *lambda.Service, name, reply string) *lambda.FunctionConfiguration {
	t.Helper()
	out, err := svc.UpdateFunctionCode(context.Background(), &lambda.UpdateFunctionCodeInput{FunctionName: name, Code: lambda.Code{Handler: fnReply(reply)}})
	require.NoError(t, err)
	return out
}

// fnSHA is the CodeSha256 AWS reports for a deployment package.
func fnSHA(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// CreateFunction without those settings gives Timeout 3 s, MemorySize 128,
// Architectures [x86_64], and (for a Go handler) the provided.al2023 runtime
// (AWS Lambda API Reference: CreateFunction).
func TestCreateFunctionDefaults(t *testing.T) {
	svc, _, _ := fnSetup(t)
	out := fnCreate(t, svc, "resize", nil)

	for _, c := range []lambda.FunctionConfiguration{*out, fnConfig(t, svc, "resize", "")} {
		assert.Equal(t, 3*time.Second, c.Timeout)
		assert.Equal(t, 128, c.MemorySize)
		assert.Equal(t, []string{"x86_64"}, c.Architectures)
		assert.Equal(t, "provided.al2023", c.Runtime)
		assert.Equal(t, "resize", c.FunctionName)
		assert.Equal(t, fnARNPrefix+"resize", c.FunctionArn)
		assert.Equal(t, "$LATEST", c.Version)
		assert.Equal(t, fnRole, c.Role)
		assert.Empty(t, c.Description)
		assert.Empty(t, c.Environment)
		assert.Empty(t, c.Layers)
		assert.NotEmpty(t, c.CodeSha256)
		assert.NotEmpty(t, c.RevisionId)
		assert.Equal(t, "2026-01-01T00:00:00.000+0000", c.LastModified)
	}
}

// After CreateFunction a function is Pending (StateReasonCode Creating) and
// becomes Active (AWS Lambda Developer Guide: "Lambda function states");
// the simulator shows Pending only in CreateFunction's output
// (lambda/doc.go).
func TestCreateFunctionIsPendingThenActive(t *testing.T) {
	svc, _, _ := fnSetup(t)
	out := fnCreate(t, svc, "resize", nil)
	assert.Equal(t, "Pending", out.State)
	assert.Equal(t, "Creating", out.StateReasonCode)

	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, "Active", c.State)
	assert.NotEqual(t, "Creating", c.StateReasonCode)
	assert.Equal(t, "Successful", c.LastUpdateStatus)
	got, err := svc.GetFunction(context.Background(), &lambda.GetFunctionInput{FunctionName: "resize"})
	require.NoError(t, err)
	assert.Equal(t, "Active", got.Configuration.State)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload), "an Active function runs")
}

// Creating a function whose name is taken fails with
// ResourceConflictException (409) and leaves the existing function as it
// was (AWS Lambda API Reference: CreateFunction).
func TestCreateFunctionDuplicateNameConflicts(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	first := fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Description = "first" })

	in := fnInput("resize")
	in.Description = "second"
	in.Code.Handler = fnReply("second")
	out, err := svc.CreateFunction(ctx, in)
	require.ErrorIs(t, err, lambda.ErrResourceConflictException)
	assert.Equal(t, http.StatusConflict, fnStatus(t, err))
	assert.Contains(t, fnMessage(t, err), "resize")
	assert.Nil(t, out)

	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, "first", c.Description)
	assert.Equal(t, first.RevisionId, c.RevisionId)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload), "the first function's code still runs")
	assert.Equal(t, []string{"resize"}, fnNames(t, svc))
}

// CreateFunction without code (here: without a Go handler) fails with
// InvalidParameterValueException and creates nothing (AWS Lambda API
// Reference: CreateFunction).
func TestCreateFunctionWithoutHandlerIsRefused(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	in := fnInput("resize")
	in.Code.Handler = nil
	out, err := svc.CreateFunction(ctx, in)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
	assert.Nil(t, out)
	fnGone(t, svc, "resize")
}

// GetFunctionConfiguration and GetFunction read a version named by the
// Qualifier parameter, by name:qualifier or by a qualified ARN; without
// one they read $LATEST (AWS Lambda API Reference:
// GetFunctionConfiguration, GetFunction).
func TestGetFunctionConfigurationByQualifier(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Timeout = 5 * time.Second })
	require.Equal(t, "1", fnPublish(t, svc, "resize"))
	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", Timeout: 10 * time.Second})
	require.NoError(t, err)
	_, err = svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)

	cases := []struct {
		name, function, qualifier string
		version                   string
		timeout                   time.Duration
	}{
		{"no qualifier", "resize", "", "$LATEST", 10 * time.Second},
		{"$LATEST parameter", "resize", "$LATEST", "$LATEST", 10 * time.Second},
		{"version parameter", "resize", "1", "1", 5 * time.Second},
		{"version in name", "resize:1", "", "1", 5 * time.Second},
		{"version in ARN", fnARNPrefix + "resize:1", "", "1", 5 * time.Second},
		{"$LATEST in name", "resize:$LATEST", "", "$LATEST", 10 * time.Second},
		{"alias parameter", "resize", "live", "1", 5 * time.Second},
		{"alias in name", "resize:live", "", "1", 5 * time.Second},
		{"partial ARN with version", "000000000000:function:resize:1", "", "1", 5 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := fnConfig(t, svc, tc.function, tc.qualifier)
			assert.Equal(t, tc.version, c.Version)
			assert.Equal(t, tc.timeout, c.Timeout)
			got, err := svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: tc.function, Qualifier: tc.qualifier})
			require.NoError(t, err)
			assert.Equal(t, tc.version, got.Configuration.Version)
			assert.Equal(t, tc.timeout, got.Configuration.Timeout)
		})
	}
	assert.Equal(t, fnARNPrefix+"resize:1", fnConfig(t, svc, "resize", "1").FunctionArn)

	for _, q := range []string{"2", "0", "missing"} {
		_, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "resize", Qualifier: q})
		assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "qualifier %q", q)
		_, err = svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: "resize:" + q})
		assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "name:%s", q)
	}
}

// An unknown function is ResourceNotFoundException (404) "Function not
// found: <arn>" (AWS Lambda API Reference: GetFunction).
func TestGetFunctionUnknownIsNotFound(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	_, err := svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, fnStatus(t, err))
	assert.Equal(t, "Function not found: "+fnARNPrefix+"nope", fnMessage(t, err))
	_, err = svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// GetFunction returns the function's tags beside its configuration, and no
// Concurrency without a reservation.
func TestGetFunctionReturnsTags(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	tags := map[string]string{"team": "media"}
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Tags = tags })
	tags["team"] = "changed by the caller"

	got, err := svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: "resize"})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "media"}, got.Tags, "the service keeps its own copy")
	assert.Nil(t, got.Concurrency)
	assert.Equal(t, "resize", got.Configuration.FunctionName)
}

// Outputs are copies: changing a returned configuration changes nothing in
// the service.
func TestFunctionConfigurationIsACopy(t *testing.T) {
	svc, _, _ := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"MODE": "fast"} })
	c := fnConfig(t, svc, "resize", "")
	c.Environment["MODE"] = "slow"
	c.Architectures[0] = "arm64"
	again := fnConfig(t, svc, "resize", "")
	assert.Equal(t, map[string]string{"MODE": "fast"}, again.Environment)
	assert.Equal(t, []string{"x86_64"}, again.Architectures)
}

// ListFunctions lists functions in name order, whatever order they were
// created in.
func TestListFunctionsInNameOrder(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	for _, name := range []string{"charlie", "alpha", "Bravo", "bravo", "alpha-2"} {
		fnCreate(t, svc, name, nil)
	}
	out, err := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	require.NoError(t, err)
	var names []string
	for _, f := range out.Functions {
		names = append(names, f.FunctionName)
		assert.Equal(t, "$LATEST", f.Version)
	}
	assert.Equal(t, []string{"Bravo", "alpha", "alpha-2", "bravo", "charlie"}, names)
	assert.Empty(t, out.NextMarker)
}

// ListFunctions pages by MaxItems; NextMarker continues after the last
// function of a page, and the last page has none. Without MaxItems a page
// holds 50.
func TestListFunctionsPagesWithMaxItemsAndMarker(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	for _, name := range []string{"e", "d", "c", "b", "a"} {
		fnCreate(t, svc, name, nil)
	}
	var pages [][]string
	marker := ""
	for range 10 {
		out, err := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: 2, Marker: marker})
		require.NoError(t, err)
		var page []string
		for _, f := range out.Functions {
			page = append(page, f.FunctionName)
		}
		pages = append(pages, page)
		if out.NextMarker == "" {
			break
		}
		marker = out.NextMarker
	}
	assert.Equal(t, [][]string{{"a", "b"}, {"c", "d"}, {"e"}}, pages)

	// A function created between pages after the marker shows up; one
	// before it does not.
	out, err := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: 2})
	require.NoError(t, err)
	fnCreate(t, svc, "bb", nil)
	fnCreate(t, svc, "0", nil)
	out, err = svc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: 2, Marker: out.NextMarker})
	require.NoError(t, err)
	require.Len(t, out.Functions, 2)
	assert.Equal(t, "bb", out.Functions[0].FunctionName)
	assert.Equal(t, "c", out.Functions[1].FunctionName)

	svc, _, _ = fnSetup(t)
	for i := range 51 {
		fnCreate(t, svc, fmt.Sprintf("f%02d", i), nil)
	}
	out, err = svc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	require.NoError(t, err)
	assert.Len(t, out.Functions, 50)
	assert.NotEmpty(t, out.NextMarker)
	assert.Len(t, fnNames(t, svc), 51)
}

// MaxItems is 1 to 10,000: 10,001 or a negative value is refused, as is a
// marker ListFunctions did not make.
func TestListFunctionsMaxItemsOutOfRange(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	for _, max := range []int{10001, -1} {
		out, err := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: max})
		assert.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "MaxItems %d", max)
		assert.Nil(t, out)
	}
	out, err := svc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: 10000})
	require.NoError(t, err)
	assert.Len(t, out.Functions, 1)
	_, err = svc.ListFunctions(ctx, &lambda.ListFunctionsInput{Marker: "not a marker!"})
	assert.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
}

// UpdateFunctionCode gives $LATEST new code: a new CodeSha256, a new
// RevisionId, and the new handler runs.
func TestUpdateFunctionCodeChangesCodeSha256(t *testing.T) {
	svc, clk, _ := fnSetup(t)
	before := fnCreate(t, svc, "resize", nil)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload))

	clk.Advance(time.Minute)
	out := fnSetCode(t, svc, "resize", "v2")
	assert.NotEqual(t, before.CodeSha256, out.CodeSha256)
	assert.NotEqual(t, before.RevisionId, out.RevisionId)
	assert.Equal(t, "2026-01-01T00:01:00.000+0000", out.LastModified)
	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, out.CodeSha256, c.CodeSha256)
	assert.Equal(t, `"v2"`, string(fnInvoke(t, svc, "resize", "").Payload))
}

// With Code.Source, CodeSha256 is the base64 SHA-256 of the source and
// CodeSize its length, so the same source gives the same SHA (lambda/code.go).
func TestUpdateFunctionCodeShaIsOfTheSource(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	out := fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Code.Source = []byte("package v1") })
	assert.Equal(t, fnSHA([]byte("package v1")), out.CodeSha256)
	assert.Equal(t, int64(len("package v1")), out.CodeSize)

	up, err := svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize",
		Code: lambda.Code{Handler: fnReply("v2"), Source: []byte("package v2!")}})
	require.NoError(t, err)
	assert.Equal(t, fnSHA([]byte("package v2!")), up.CodeSha256)
	assert.Equal(t, int64(len("package v2!")), up.CodeSize)

	up, err = svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize",
		Code: lambda.Code{Handler: fnReply("v2"), Source: []byte("package v2!")}})
	require.NoError(t, err)
	assert.Equal(t, fnSHA([]byte("package v2!")), up.CodeSha256, "the same source, the same SHA")

	// Without Source every update is new code.
	a := fnSetCode(t, svc, "resize", "v3")
	b := fnSetCode(t, svc, "resize", "v3")
	assert.NotEqual(t, a.CodeSha256, b.CodeSha256)
}

// A RevisionId that is not $LATEST's fails UpdateFunctionCode with
// PreconditionFailedException (412) and leaves the code as it was (AWS
// Lambda API Reference: UpdateFunctionCode).
func TestUpdateFunctionCodeRevisionIdPrecondition(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", nil)

	out, err := svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize",
		Code: lambda.Code{Handler: fnReply("v2")}, RevisionId: "not-the-revision"})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	assert.Equal(t, http.StatusPreconditionFailed, fnStatus(t, err))
	assert.Equal(t, "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id", fnMessage(t, err))
	assert.Nil(t, out)
	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, created.CodeSha256, c.CodeSha256)
	assert.Equal(t, created.RevisionId, c.RevisionId)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload))

	out, err = svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize",
		Code: lambda.Code{Handler: fnReply("v2")}, RevisionId: created.RevisionId})
	require.NoError(t, err)
	assert.Equal(t, `"v2"`, string(fnInvoke(t, svc, "resize", "").Payload))

	// The old revision is stale now.
	_, err = svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize",
		Code: lambda.Code{Handler: fnReply("v3")}, RevisionId: created.RevisionId})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	assert.Equal(t, out.RevisionId, fnConfig(t, svc, "resize", "").RevisionId)
}

// An update is LastUpdateStatus InProgress in its own output and
// Successful afterwards (AWS Lambda Developer Guide: "Lambda function
// states"; lambda/doc.go).
func TestUpdateFunctionCodeIsInProgressThenSuccessful(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	out := fnSetCode(t, svc, "resize", "v2")
	assert.Equal(t, "InProgress", out.LastUpdateStatus)
	assert.Equal(t, "Successful", fnConfig(t, svc, "resize", "").LastUpdateStatus)

	cfg, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 256})
	require.NoError(t, err)
	assert.Equal(t, "InProgress", cfg.LastUpdateStatus)
	assert.Equal(t, "Successful", fnConfig(t, svc, "resize", "").LastUpdateStatus)
}

// UpdateFunctionCode of an unknown function is ResourceNotFoundException;
// without a handler it is InvalidParameterValueException and the code
// stays.
func TestUpdateFunctionCodeRefusals(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", nil)
	_, err := svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "nope", Code: lambda.Code{Handler: fnReply("x")}})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	fnGone(t, svc, "nope")

	_, err = svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize"})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, created.CodeSha256, c.CodeSha256)
	assert.Equal(t, created.RevisionId, c.RevisionId)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload))
}

// UpdateFunctionConfiguration changes only the fields it is given; the
// others keep their values (AWS Lambda API Reference:
// UpdateFunctionConfiguration).
func TestUpdateFunctionConfigurationChangesOnlyGivenFields(t *testing.T) {
	svc, clk, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) {
		in.Description = "thumbnails"
		in.Handler = "bootstrap"
		in.Timeout = 30 * time.Second
		in.MemorySize = 512
		in.Environment = map[string]string{"MODE": "fast"}
		in.Layers = []string{"arn:aws:lambda:us-east-1:000000000000:layer:img:1"}
		in.DeadLetterTargetArn = "arn:aws:sqs:us-east-1:000000000000:dlq"
		in.Architectures = []string{"arm64"}
		in.Runtime = "provided.al2"
	})

	clk.Advance(time.Hour)
	out, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 1024})
	require.NoError(t, err)
	c := fnConfig(t, svc, "resize", "")
	for _, got := range []lambda.FunctionConfiguration{*out, c} {
		assert.Equal(t, 1024, got.MemorySize)
		assert.Equal(t, "thumbnails", got.Description)
		assert.Equal(t, "bootstrap", got.Handler)
		assert.Equal(t, 30*time.Second, got.Timeout)
		assert.Equal(t, map[string]string{"MODE": "fast"}, got.Environment)
		assert.Equal(t, []string{"arn:aws:lambda:us-east-1:000000000000:layer:img:1"}, got.Layers)
		assert.Equal(t, "arn:aws:sqs:us-east-1:000000000000:dlq", got.DeadLetterTargetArn)
		assert.Equal(t, []string{"arm64"}, got.Architectures)
		assert.Equal(t, "provided.al2", got.Runtime)
		assert.Equal(t, fnRole, got.Role)
		assert.Equal(t, created.CodeSha256, got.CodeSha256, "a configuration update keeps the code")
		assert.NotEqual(t, created.RevisionId, got.RevisionId)
		assert.Equal(t, "2026-01-01T01:00:00.000+0000", got.LastModified)
	}

	desc, handler, dlq := "", "main", ""
	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize",
		Description: &desc, Handler: &handler, DeadLetterTargetArn: &dlq, Timeout: 60 * time.Second,
		Role: "arn:aws:iam::000000000000:role/other", Runtime: "provided.al2023", Layers: []string{}})
	require.NoError(t, err)
	c = fnConfig(t, svc, "resize", "")
	assert.Empty(t, c.Description, "a pointer to an empty description clears it")
	assert.Equal(t, "main", c.Handler)
	assert.Empty(t, c.DeadLetterTargetArn)
	assert.Equal(t, 60*time.Second, c.Timeout)
	assert.Equal(t, "arn:aws:iam::000000000000:role/other", c.Role)
	assert.Equal(t, "provided.al2023", c.Runtime)
	assert.Empty(t, c.Layers)
	assert.Equal(t, 1024, c.MemorySize)
	assert.Equal(t, map[string]string{"MODE": "fast"}, c.Environment)
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload))
}

// UpdateFunctionConfiguration with an empty Environment map clears the
// variables; a nil one leaves them.
func TestUpdateFunctionConfigurationEmptyEnvironmentClears(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"MODE": "fast"} })

	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", Description: new("kept env")})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"MODE": "fast"}, fnConfig(t, svc, "resize", "").Environment)

	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", Environment: map[string]string{}})
	require.NoError(t, err)
	assert.Empty(t, fnConfig(t, svc, "resize", "").Environment)
}

// UpdateFunctionConfiguration with a stale RevisionId is
// PreconditionFailedException (412); with the current one it applies.
func TestUpdateFunctionConfigurationRevisionIdPrecondition(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", nil)
	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 256, RevisionId: "stale"})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	assert.Equal(t, http.StatusPreconditionFailed, fnStatus(t, err))
	c := fnConfig(t, svc, "resize", "")
	assert.Equal(t, 128, c.MemorySize)
	assert.Equal(t, created.RevisionId, c.RevisionId)

	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 256, RevisionId: created.RevisionId})
	require.NoError(t, err)
	assert.Equal(t, 256, fnConfig(t, svc, "resize", "").MemorySize)

	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "nope", MemorySize: 256})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// DeleteFunction without a qualifier deletes the function with every
// version and alias (AWS Lambda API Reference: DeleteFunction); the name
// can then be used again from version 1.
func TestDeleteFunctionDeletesWholeFunction(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	fnSetCode(t, svc, "resize", "v2")
	require.Equal(t, "2", fnPublish(t, svc, "resize"))
	_, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "2"})
	require.NoError(t, err)
	fnCreate(t, svc, "other", nil)

	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize"})
	require.NoError(t, err)
	fnGone(t, svc, "resize")
	assert.Equal(t, []string{"other"}, fnNames(t, svc))
	for _, q := range []string{"1", "2", "live"} {
		_, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "resize", Qualifier: q})
		assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException, q)
	}
	_, err = svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize"})
	assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException)

	fnCreate(t, svc, "resize", nil)
	assert.Equal(t, "1", fnPublish(t, svc, "resize"), "a new function starts again at version 1")
	aliases, err := svc.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: "resize"})
	require.NoError(t, err)
	assert.Empty(t, aliases.Aliases, "the old aliases went with the old function")
}

// DeleteFunction with a qualifier deletes that published version only;
// version numbers are not reused.
func TestDeleteFunctionPublishedVersion(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	fnSetCode(t, svc, "resize", "v2")
	require.Equal(t, "2", fnPublish(t, svc, "resize"))
	fnSetCode(t, svc, "resize", "v3")
	require.Equal(t, "3", fnPublish(t, svc, "resize"))

	_, err := svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: "1"})
	require.NoError(t, err)
	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize:3"})
	require.NoError(t, err)

	versions, err := svc.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: "resize"})
	require.NoError(t, err)
	var got []string
	for _, v := range versions.Versions {
		got = append(got, v.Version)
	}
	assert.Equal(t, []string{"$LATEST", "2"}, got)
	_, err = svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "resize", Qualifier: "1"})
	assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize", Qualifier: "1"})
	assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, `"v2"`, string(fnInvoke(t, svc, "resize", "2").Payload))
	assert.Equal(t, `"v3"`, string(fnInvoke(t, svc, "resize", "").Payload), "$LATEST stays")

	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: "1"})
	assert.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "a deleted version is gone")

	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 256})
	require.NoError(t, err)
	assert.Equal(t, "4", fnPublish(t, svc, "resize"), "deleted version numbers are not reused")
}

// $LATEST cannot be deleted on its own: InvalidParameterValueException
// "$LATEST version cannot be deleted without deleting the function."
// (AWS Lambda API Reference: DeleteFunction).
func TestDeleteFunctionLatestAloneIsRefused(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	for _, in := range []*lambda.DeleteFunctionInput{
		{FunctionName: "resize", Qualifier: "$LATEST"},
		{FunctionName: "resize:$LATEST"},
	} {
		_, err := svc.DeleteFunction(ctx, in)
		require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
		assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
		assert.Equal(t, "$LATEST version cannot be deleted without deleting the function.", fnMessage(t, err))
	}
	assert.Equal(t, []string{"resize"}, fnNames(t, svc))
	assert.Equal(t, `"v1"`, string(fnInvoke(t, svc, "resize", "").Payload))
}

// A version an alias points to, or routes a share of its invocations to,
// cannot be deleted: ResourceConflictException (409).
func TestDeleteFunctionVersionOfAnAliasIsRefused(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	fnSetCode(t, svc, "resize", "v2")
	require.Equal(t, "2", fnPublish(t, svc, "resize"))
	_, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1",
		AdditionalVersionWeights: map[string]float64{"2": 0.1}})
	require.NoError(t, err)

	for _, q := range []string{"1", "2"} {
		_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: q})
		require.ErrorIs(t, err, lambda.ErrResourceConflictException, "version %s", q)
		assert.Equal(t, http.StatusConflict, fnStatus(t, err))
		assert.Contains(t, fnMessage(t, err), "live")
		assert.Equal(t, q, fnConfig(t, svc, "resize", q).Version, "version %s stays", q)
	}

	_, err = svc.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: "1"})
	require.NoError(t, err, "without the alias the version can go")
}

// DeleteFunction of an unknown function, or of an unknown version, is
// ResourceNotFoundException (404).
func TestDeleteFunctionUnknownIsNotFound(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	_, err := svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, fnStatus(t, err))

	fnCreate(t, svc, "resize", nil)
	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: "7"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, []string{"resize"}, fnNames(t, svc))
}

// A qualifier may come in the function name or in the Qualifier parameter,
// or in both when they agree; two different ones are refused.
func TestQualifierInNameAndParameterMustAgree(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	require.Equal(t, "1", fnPublish(t, svc, "resize"))

	c := fnConfig(t, svc, "resize:1", "1")
	assert.Equal(t, "1", c.Version)
	_, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "resize:1", Qualifier: "$LATEST"})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Equal(t, "The derived qualifier from the function name does not match the specified qualifier.", fnMessage(t, err))
	_, err = svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize:1", Qualifier: "$LATEST"})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
}

// PublishVersion makes no new version when code and configuration are as
// they were, even if an update rewrote them with the same values.
func TestPublishAfterNoOpUpdateReturnsSameVersion(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	require.Equal(t, "1", fnPublish(t, svc, "resize"))
	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", Timeout: lambda.DefaultTimeout})
	require.NoError(t, err)
	assert.Equal(t, "1", fnPublish(t, svc, "resize"))
}

// A negative InitDuration would end an invocation before it starts: it is
// refused.
func TestNegativeInitDurationIsRefused(t *testing.T) {
	clk := sim.NewClock(rvStart)
	svc := lambda.New(lambda.WithClock(clk), lambda.WithHistory())
	_, err := svc.CreateFunction(t.Context(), &lambda.CreateFunctionInput{FunctionName: "a", Role: rvRole, Code: lambda.Code{
		Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }, Duration: lambda.FixedDuration(time.Second), InitDuration: -time.Hour,
	}})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
}
