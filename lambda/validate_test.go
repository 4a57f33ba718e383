package lambda_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
)

// Validation tables of CreateFunction and UpdateFunctionConfiguration:
// every limit of their settings (AWS Lambda API Reference: CreateFunction;
// AWS Lambda Developer Guide: "Lambda quotas") at both sides of its
// boundary. A refused call leaves no function behind, or the function as
// it was.

// fnLayer returns the ARN of layer version n of a layer named name.
func fnLayer(name string, n int) string {
	return fmt.Sprintf("arn:aws:lambda:us-east-1:000000000000:layer:%s:%d", name, n)
}

// fnLayers returns n layer ARNs of different layers.
func fnLayers(n int) []string {
	layers := make([]string, n)
	for i := range layers {
		layers[i] = fnLayer(fmt.Sprintf("layer%d", i), 1)
	}
	return layers
}

// fnEnvOfSize returns one environment variable whose JSON form,
// {"KEY":"vvv…"}, is exactly size bytes, as AWS measures the 4 KB limit.
func fnEnvOfSize(size int) map[string]string {
	return map[string]string{"KEY": strings.Repeat("v", size-len(`{"KEY":""}`))}
}

// CreateFunction checks every setting against its limit (AWS Lambda API
// Reference: CreateFunction); a refused function is not created.
func TestCreateFunctionValidation(t *testing.T) {
	type mod = func(*lambda.CreateFunctionInput)
	cases := []struct {
		name string
		mod  mod
		want error // nil: created
	}{
		// Role: arn:aws:iam::<12 digits>:role/….
		{"role ok", func(in *lambda.CreateFunctionInput) { in.Role = "arn:aws:iam::123456789012:role/service-role/x_y" }, nil},
		{"role missing", func(in *lambda.CreateFunctionInput) { in.Role = "" }, lambda.ErrValidationException},
		{"role not an ARN", func(in *lambda.CreateFunctionInput) { in.Role = "my-role" }, lambda.ErrValidationException},
		{"role with 11-digit account", func(in *lambda.CreateFunctionInput) { in.Role = "arn:aws:iam::12345678901:role/x" }, lambda.ErrValidationException},
		{"role of a user", func(in *lambda.CreateFunctionInput) { in.Role = "arn:aws:iam::123456789012:user/x" }, lambda.ErrValidationException},
		// Handler: up to 128 characters, no whitespace.
		{"handler 128", func(in *lambda.CreateFunctionInput) { in.Handler = strings.Repeat("h", 128) }, nil},
		{"handler 129", func(in *lambda.CreateFunctionInput) { in.Handler = strings.Repeat("h", 129) }, lambda.ErrValidationException},
		{"handler 128 non-ASCII characters", func(in *lambda.CreateFunctionInput) { in.Handler = strings.Repeat("é", 128) }, nil},
		{"handler with space", func(in *lambda.CreateFunctionInput) { in.Handler = "main handler" }, lambda.ErrValidationException},
		{"handler with tab", func(in *lambda.CreateFunctionInput) { in.Handler = "main\thandler" }, lambda.ErrValidationException},
		{"handler with newline", func(in *lambda.CreateFunctionInput) { in.Handler = "main\n" }, lambda.ErrValidationException},
		// Description: up to 256 characters.
		{"description 256", func(in *lambda.CreateFunctionInput) { in.Description = strings.Repeat("d", 256) }, nil},
		{"description 257", func(in *lambda.CreateFunctionInput) { in.Description = strings.Repeat("d", 257) }, lambda.ErrValidationException},
		{"description 256 non-ASCII characters", func(in *lambda.CreateFunctionInput) { in.Description = strings.Repeat("é", 256) }, nil},
		{"description 257 non-ASCII characters", func(in *lambda.CreateFunctionInput) { in.Description = strings.Repeat("é", 257) }, lambda.ErrValidationException},
		// Timeout: 1 to 900 whole seconds; zero is the default.
		{"timeout 1s", func(in *lambda.CreateFunctionInput) { in.Timeout = time.Second }, nil},
		{"timeout 900s", func(in *lambda.CreateFunctionInput) { in.Timeout = 900 * time.Second }, nil},
		{"timeout 901s", func(in *lambda.CreateFunctionInput) { in.Timeout = 901 * time.Second }, lambda.ErrValidationException},
		{"timeout 1.5s", func(in *lambda.CreateFunctionInput) { in.Timeout = 1500 * time.Millisecond }, lambda.ErrValidationException},
		{"timeout 500ms", func(in *lambda.CreateFunctionInput) { in.Timeout = 500 * time.Millisecond }, lambda.ErrValidationException},
		{"timeout negative", func(in *lambda.CreateFunctionInput) { in.Timeout = -time.Second }, lambda.ErrValidationException},
		// MemorySize: 128 to 10,240 MB; zero is the default.
		{"memory 127", func(in *lambda.CreateFunctionInput) { in.MemorySize = 127 }, lambda.ErrValidationException},
		{"memory 128", func(in *lambda.CreateFunctionInput) { in.MemorySize = 128 }, nil},
		{"memory 1769", func(in *lambda.CreateFunctionInput) { in.MemorySize = 1769 }, nil},
		{"memory 10240", func(in *lambda.CreateFunctionInput) { in.MemorySize = 10240 }, nil},
		{"memory 10241", func(in *lambda.CreateFunctionInput) { in.MemorySize = 10241 }, lambda.ErrValidationException},
		{"memory negative", func(in *lambda.CreateFunctionInput) { in.MemorySize = -128 }, lambda.ErrValidationException},
		// Architectures: exactly one of x86_64 and arm64.
		{"architecture arm64", func(in *lambda.CreateFunctionInput) { in.Architectures = []string{"arm64"} }, nil},
		{"architecture x86_64", func(in *lambda.CreateFunctionInput) { in.Architectures = []string{"x86_64"} }, nil},
		{"two architectures", func(in *lambda.CreateFunctionInput) { in.Architectures = []string{"x86_64", "arm64"} }, lambda.ErrValidationException},
		{"architecture sparc", func(in *lambda.CreateFunctionInput) { in.Architectures = []string{"sparc"} }, lambda.ErrValidationException},
		{"architecture empty string", func(in *lambda.CreateFunctionInput) { in.Architectures = []string{""} }, lambda.ErrValidationException},
		// Environment keys: [a-zA-Z]([a-zA-Z0-9_])+.
		{"env keys ok", func(in *lambda.CreateFunctionInput) {
			in.Environment = map[string]string{"MODE": "fast", "a_1": "", "Zz9": "x"}
		}, nil},
		{"env key starts with digit", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"1MODE": "x"} }, lambda.ErrValidationException},
		{"env key with hyphen", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"MY-MODE": "x"} }, lambda.ErrValidationException},
		{"env key starts with underscore", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"_MODE": "x"} }, lambda.ErrValidationException},
		{"env key of one letter", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"A": "x"} }, lambda.ErrValidationException},
		{"env key empty", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"": "x"} }, lambda.ErrValidationException},
		// Environment size: 4 KB in all.
		{"env 4096 bytes", func(in *lambda.CreateFunctionInput) { in.Environment = fnEnvOfSize(4096) }, nil},
		{"env 4097 bytes", func(in *lambda.CreateFunctionInput) { in.Environment = fnEnvOfSize(4097) }, lambda.ErrInvalidParameterValueException},
		// Layers: at most 5.
		{"5 layers", func(in *lambda.CreateFunctionInput) { in.Layers = fnLayers(5) }, nil},
		{"6 layers", func(in *lambda.CreateFunctionInput) { in.Layers = fnLayers(6) }, lambda.ErrInvalidParameterValueException},
		// Runtime: one of the identifiers AWS lists.
		{"runtime python3.12", func(in *lambda.CreateFunctionInput) { in.Runtime = "python3.12" }, nil},
		{"runtime provided.al2", func(in *lambda.CreateFunctionInput) { in.Runtime = "provided.al2" }, nil},
		{"runtime go1.x", func(in *lambda.CreateFunctionInput) { in.Runtime = "go1.x" }, lambda.ErrInvalidParameterValueException},
		{"runtime python3.7", func(in *lambda.CreateFunctionInput) { in.Runtime = "python3.7" }, lambda.ErrInvalidParameterValueException},
		{"runtime wrong case", func(in *lambda.CreateFunctionInput) { in.Runtime = "Python3.12" }, lambda.ErrInvalidParameterValueException},
		// Code: a Go handler is required.
		{"no handler", func(in *lambda.CreateFunctionInput) { in.Code.Handler = nil }, lambda.ErrInvalidParameterValueException},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			in := fnInput("resize")
			tc.mod(in)
			out, err := svc.CreateFunction(ctx, in)
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, []string{"resize"}, fnNames(t, svc))
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
			assert.Nil(t, out)
			fnGone(t, svc, "resize")
		})
	}
}

// CreateFunction stores what it validated: each accepted boundary value is
// what GetFunctionConfiguration reads back, and Timeout 0 is the default.
func TestCreateFunctionKeepsBoundaryValues(t *testing.T) {
	svc, _, _ := fnSetup(t)
	fnCreate(t, svc, "big", func(in *lambda.CreateFunctionInput) {
		in.Timeout, in.MemorySize = 900*time.Second, 10240
		in.Description = strings.Repeat("d", 256)
		in.Layers = fnLayers(5)
		in.Architectures = []string{"arm64"}
		in.Environment = fnEnvOfSize(4096)
	})
	c := fnConfig(t, svc, "big", "")
	assert.Equal(t, 900*time.Second, c.Timeout)
	assert.Equal(t, 10240, c.MemorySize)
	assert.Len(t, c.Description, 256)
	assert.Equal(t, fnLayers(5), c.Layers)
	assert.Equal(t, []string{"arm64"}, c.Architectures)
	assert.Equal(t, fnEnvOfSize(4096), c.Environment)

	fnCreate(t, svc, "small", func(in *lambda.CreateFunctionInput) { in.Timeout, in.MemorySize = 0, 0 })
	c = fnConfig(t, svc, "small", "")
	assert.Equal(t, lambda.DefaultTimeout, c.Timeout, "Timeout 0 is the default")
	assert.Equal(t, lambda.DefaultMemorySize, c.MemorySize, "MemorySize 0 is the default")
}

// Environment variables over 4 KB are refused with
// InvalidParameterValueException "Lambda was unable to configure your
// environment variables because … exceeded the 4KB limit. String measured:
// …" (AWS Lambda Developer Guide: "Lambda quotas"); the limit counts keys
// as well as values.
func TestEnvironmentVariablesOver4KBAreRefused(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	in := fnInput("resize")
	in.Environment = fnEnvOfSize(4097)
	_, err := svc.CreateFunction(ctx, in)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	msg := fnMessage(t, err)
	assert.True(t, strings.HasPrefix(msg, "Lambda was unable to configure your environment variables"), msg)
	assert.Contains(t, msg, "4KB limit")
	fnGone(t, svc, "resize")

	// Many small variables add up: 110 of "Knnn":"<30 v>", 39 bytes each
	// with the comma, are over 4 KB.
	env := map[string]string{}
	for i := range 110 {
		env[fmt.Sprintf("K%03d", i)] = strings.Repeat("v", 30)
	}
	in.Environment = env
	_, err = svc.CreateFunction(ctx, in)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	fnGone(t, svc, "resize")

	in.Environment = fnEnvOfSize(4096)
	_, err = svc.CreateFunction(ctx, in)
	require.NoError(t, err, "just under the limit")

	// The same limit holds for an update, which then changes nothing.
	_, err = svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", Environment: fnEnvOfSize(4097)})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.True(t, strings.HasPrefix(fnMessage(t, err), "Lambda was unable to configure your environment variables"))
	assert.Equal(t, fnEnvOfSize(4096), fnConfig(t, svc, "resize", "").Environment)
}

// A function name is 1 to 64 letters, digits, hyphens and underscores, or
// a full ARN (up to 140 characters) or a partial ARN account:function:name
// naming one in this region; a name with a qualifier cannot be created
// (AWS Lambda API Reference: CreateFunction).
func TestCreateFunctionNameRules(t *testing.T) {
	name64 := strings.Repeat("n", 64)
	cases := []struct {
		name     string
		function string
		stored   string // "": refused
		want     error
	}{
		{"64 chars", name64, name64, nil},
		{"65 chars", name64 + "n", "", lambda.ErrValidationException},
		{"letters digits hyphen underscore", "Resize-2_x", "Resize-2_x", nil},
		{"one char", "r", "r", nil},
		{"empty", "", "", lambda.ErrValidationException},
		{"dot", "re.size", "", lambda.ErrValidationException},
		{"space", "re size", "", lambda.ErrValidationException},
		{"slash", "re/size", "", lambda.ErrValidationException},
		{"unicode", "résumé", "", lambda.ErrValidationException},
		{"full ARN", fnARNPrefix + "resize", "resize", nil},
		{"full ARN with 64-char name", fnARNPrefix + name64, name64, nil},
		{"full ARN with 65-char name", fnARNPrefix + name64 + "n", "", lambda.ErrValidationException},
		{"partial ARN", "000000000000:function:resize", "resize", nil},
		{"ARN of another service", "arn:aws:sqs:us-east-1:000000000000:resize", "", lambda.ErrValidationException},
		{"ARN of another region", "arn:aws:lambda:eu-west-1:000000000000:function:resize", "", lambda.ErrResourceNotFoundException},
		{"name with version", "resize:1", "", lambda.ErrInvalidParameterValueException},
		{"ARN with alias", fnARNPrefix + "resize:live", "", lambda.ErrInvalidParameterValueException},
		{"over 140 chars", fnARNPrefix + strings.Repeat("n", 141-len(fnARNPrefix)), "", lambda.ErrValidationException},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			in := fnInput(tc.function)
			out, err := svc.CreateFunction(ctx, in)
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.stored, out.FunctionName)
				assert.Equal(t, fnARNPrefix+tc.stored, out.FunctionArn)
				assert.Equal(t, []string{tc.stored}, fnNames(t, svc))
				assert.Equal(t, tc.stored, fnConfig(t, svc, tc.function, "").FunctionName, "the same reference reads it")
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, out)
			assert.Empty(t, fnNames(t, svc), "a refused create makes no function")
		})
	}
}

// A function ARN of another region is not reachable from this one:
// ResourceNotFoundException "Functions from '<region>' are not reachable in
// this region ('<region>')" (AWS Lambda API Reference: GetFunction).
func TestFunctionARNOfAnotherRegionIsNotFound(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	arn := "arn:aws:lambda:ap-southeast-1:000000000000:function:resize"
	_, err := svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: arn})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, fnStatus(t, err))
	assert.Equal(t, "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')", fnMessage(t, err))

	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: arn})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, []string{"resize"}, fnNames(t, svc), "the function of this region is untouched")

	// In a service of that region the same ARN is reachable.
	other, _, _ := fnSetup(t, lambda.WithRegion("ap-southeast-1"))
	_, err = other.CreateFunction(ctx, fnInput(arn))
	require.NoError(t, err)
	assert.Equal(t, arn, fnConfig(t, other, arn, "").FunctionArn)
}

// UpdateFunctionConfiguration checks the settings as CreateFunction does;
// a refused update changes nothing (AWS Lambda API Reference:
// UpdateFunctionConfiguration).
func TestUpdateFunctionConfigurationValidation(t *testing.T) {
	space := "main handler"
	long := strings.Repeat("d", 257)
	cases := []struct {
		name string
		in   lambda.UpdateFunctionConfigurationInput
		want error // nil: applied
	}{
		{"timeout 900s", lambda.UpdateFunctionConfigurationInput{Timeout: 900 * time.Second}, nil},
		{"timeout 901s", lambda.UpdateFunctionConfigurationInput{Timeout: 901 * time.Second}, lambda.ErrValidationException},
		{"timeout 1.5s", lambda.UpdateFunctionConfigurationInput{Timeout: 1500 * time.Millisecond}, lambda.ErrValidationException},
		{"memory 10240", lambda.UpdateFunctionConfigurationInput{MemorySize: 10240}, nil},
		{"memory 10241", lambda.UpdateFunctionConfigurationInput{MemorySize: 10241}, lambda.ErrValidationException},
		{"memory 127", lambda.UpdateFunctionConfigurationInput{MemorySize: 127}, lambda.ErrValidationException},
		{"description 257", lambda.UpdateFunctionConfigurationInput{Description: &long}, lambda.ErrValidationException},
		{"handler with space", lambda.UpdateFunctionConfigurationInput{Handler: &space}, lambda.ErrValidationException},
		{"bad role", lambda.UpdateFunctionConfigurationInput{Role: "role/x"}, lambda.ErrValidationException},
		{"bad runtime", lambda.UpdateFunctionConfigurationInput{Runtime: "cobol85"}, lambda.ErrInvalidParameterValueException},
		{"bad env key", lambda.UpdateFunctionConfigurationInput{Environment: map[string]string{"1X": "y"}}, lambda.ErrValidationException},
		{"6 layers", lambda.UpdateFunctionConfigurationInput{Layers: fnLayers(6)}, lambda.ErrInvalidParameterValueException},
		{"5 layers", lambda.UpdateFunctionConfigurationInput{Layers: fnLayers(5)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Environment = map[string]string{"MODE": "fast"} })
			before := fnConfig(t, svc, "resize", "")
			in := tc.in
			in.FunctionName = "resize"
			out, err := svc.UpdateFunctionConfiguration(ctx, &in)
			if tc.want == nil {
				require.NoError(t, err)
				assert.NotEqual(t, before.RevisionId, fnConfig(t, svc, "resize", "").RevisionId)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
			assert.Nil(t, out)
			assert.Equal(t, before, fnConfig(t, svc, "resize", ""), "a refused update changes nothing")
		})
	}
}

// Environment variables the runtime sets are reserved: a function may not
// set them (AWS Lambda developer guide, reserved environment variables).
func TestReservedEnvironmentVariablesAreRefused(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	in := fnInput("resize")
	in.Environment = map[string]string{"AWS_REGION": "eu-west-1", "MODE": "fast"}
	_, err := svc.CreateFunction(ctx, in)
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Contains(t, fnMessage(t, err), "Reserved keys used in this request: AWS_REGION")
	fnGone(t, svc, "resize")
}

// A version is named by its number as AWS writes it: "01" names none.
func TestVersionQualifierWithLeadingZeroIsNotFound(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	require.Equal(t, "1", fnPublish(t, svc, "resize"))
	_, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "resize", Qualifier: "01"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}
