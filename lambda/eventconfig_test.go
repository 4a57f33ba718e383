package lambda_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
)

// Scenario tests of the event invoke configuration: Put, Update, Get and
// DeleteFunctionEventInvokeConfig (AWS Lambda API Reference: each of the
// four operations). Helpers are in destinations_test.go.

// dstGet returns a configuration, or the error.
func dstGet(env *dstEnv, name, qualifier string) (*lambda.EventInvokeConfig, error) {
	return env.fns.GetFunctionEventInvokeConfig(context.Background(), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: name, Qualifier: qualifier})
}

// dstMustGet returns a configuration that must exist.
func dstMustGet(t testing.TB, env *dstEnv, name, qualifier string) *lambda.EventInvokeConfig {
	t.Helper()
	cfg, err := dstGet(env, name, qualifier)
	require.NoError(t, err)
	return cfg
}

// dstNoConfig checks that name (and qualifier) has no configuration: Get
// fails with ResourceNotFoundException naming the qualified ARN.
func dstNoConfig(t testing.TB, env *dstEnv, name, qualifier, qualifiedARN string) {
	t.Helper()
	cfg, err := dstGet(env, name, qualifier)
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, invStatus(t, err))
	assert.Contains(t, err.Error(), "The function "+qualifiedARN+" doesn't have an EventInvokeConfig")
	assert.Nil(t, cfg)
}

// dstTwo creates the function f and the function g, each echoing.
func dstTwo(t testing.TB, env *dstEnv) {
	t.Helper()
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f"})
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "g"})
}

// A configuration must set at least one of error handling or destination
// setting: InvalidParameterValueException, for Put and Update alike, and
// nothing is stored (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestEventInvokeConfigNeedsErrorHandlingOrDestination(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	for _, op := range []struct {
		name string
		call func(context.Context, *lambda.PutFunctionEventInvokeConfigInput) (*lambda.EventInvokeConfig, error)
	}{
		{"Put", env.fns.PutFunctionEventInvokeConfig},
		{"Update", func(ctx context.Context, in *lambda.PutFunctionEventInvokeConfigInput) (*lambda.EventInvokeConfig, error) {
			return env.fns.UpdateFunctionEventInvokeConfig(ctx, (*lambda.UpdateFunctionEventInvokeConfigInput)(in))
		}},
	} {
		for _, name := range []string{"f", "ghost"} { // checked before the function is looked up
			out, err := op.call(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: name})
			require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "%s %s", op.name, name)
			assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
			assert.Contains(t, err.Error(), "You must specify at least one of error handling or destination setting.")
			assert.Nil(t, out)
		}
		_, err := op.call(t.Context(), nil)
		require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "%s nil input", op.name)
	}
	dstNoConfig(t, env, "f", "", invARNPrefix+"f:$LATEST")

	// An empty DestinationConfig is a destination setting: AWS accepts
	// OnSuccess {} with no ARN.
	cfg := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &lambda.DestinationConfig{}})
	assert.Nil(t, cfg.MaximumRetryAttempts)
	assert.Nil(t, cfg.MaximumEventAge)
	assert.Equal(t, lambda.DestinationConfig{}, cfg.DestinationConfig)
}

// MaximumRetryAttempts is 0 to 2: 3 (or -1) is a ValidationException and
// leaves the configuration as it was (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestEventInvokeConfigMaximumRetryAttemptsIsZeroToTwo(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	for _, n := range []int{0, 1, 2} {
		cfg := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(n)})
		require.NotNil(t, cfg.MaximumRetryAttempts)
		assert.Equal(t, n, *cfg.MaximumRetryAttempts)
		assert.Equal(t, n, *dstMustGet(t, env, "f", "").MaximumRetryAttempts)
	}
	for _, n := range []int{3, -1, 100} {
		for _, update := range []bool{false, true} {
			in := &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(n)}
			var err error
			if update {
				_, err = env.fns.UpdateFunctionEventInvokeConfig(t.Context(), (*lambda.UpdateFunctionEventInvokeConfigInput)(in))
			} else {
				_, err = env.fns.PutFunctionEventInvokeConfig(t.Context(), in)
			}
			require.ErrorIs(t, err, lambda.ErrValidationException, "%d (update %v)", n, update)
			assert.Equal(t, http.StatusBadRequest, invStatus(t, err))
			assert.Contains(t, err.Error(), "maximumRetryAttempts")
			assert.Equal(t, 2, *dstMustGet(t, env, "f", "").MaximumRetryAttempts, "unchanged")
		}
	}
}

// MaximumEventAge is 60 seconds to 6 hours in whole seconds: 59 s and
// 6 h 1 s are ValidationExceptions and change nothing (AWS Lambda API
// Reference: PutFunctionEventInvokeConfig).
func TestEventInvokeConfigMaximumEventAgeIsSixtySecondsToSixHours(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	for _, d := range []time.Duration{time.Minute, 90 * time.Second, 6 * time.Hour} {
		cfg := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumEventAge: dstAge(d)})
		require.NotNil(t, cfg.MaximumEventAge)
		assert.Equal(t, d, *cfg.MaximumEventAge)
		assert.Equal(t, d, *dstMustGet(t, env, "f", "").MaximumEventAge)
	}
	for _, d := range []time.Duration{59 * time.Second, 6*time.Hour + time.Second, 0, 90*time.Second + 500*time.Millisecond} {
		_, err := env.fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumEventAge: dstAge(d)})
		require.ErrorIs(t, err, lambda.ErrValidationException, "%v", d)
		assert.Contains(t, err.Error(), "maximumEventAgeInSeconds")
		_, err = env.fns.UpdateFunctionEventInvokeConfig(t.Context(), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: "f", MaximumEventAge: dstAge(d)})
		require.ErrorIs(t, err, lambda.ErrValidationException, "%v", d)
		assert.Equal(t, 6*time.Hour, *dstMustGet(t, env, "f", "").MaximumEventAge, "unchanged")
	}
}

// PutFunctionEventInvokeConfig replaces the whole configuration: what it
// does not set is unset afterwards (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestPutEventInvokeConfigReplacesWholeConfig(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	_, q := dstQueue(t, env, "failures")
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(2),
		MaximumEventAge: dstAge(time.Minute), DestinationConfig: &lambda.DestinationConfig{OnSuccess: invARNPrefix + "g", OnFailure: q}})

	env.clk.Advance(time.Minute)
	out := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})
	got := dstMustGet(t, env, "f", "")
	assert.Equal(t, out, got)
	require.NotNil(t, got.MaximumRetryAttempts)
	assert.Equal(t, 0, *got.MaximumRetryAttempts)
	assert.Nil(t, got.MaximumEventAge, "no longer set")
	assert.Equal(t, lambda.DestinationConfig{}, got.DestinationConfig, "no longer set")
	assert.Equal(t, invARNPrefix+"f:$LATEST", got.FunctionArn)
	assert.Equal(t, dstStart.Add(time.Minute), got.LastModified)
}

// UpdateFunctionEventInvokeConfig changes only the fields it is given; a
// DestinationConfig it is given replaces the one there was (AWS Lambda API
// Reference: UpdateFunctionEventInvokeConfig).
func TestUpdateEventInvokeConfigMergesFields(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	_, q := dstQueue(t, env, "failures")
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(2),
		MaximumEventAge: dstAge(time.Minute), DestinationConfig: &lambda.DestinationConfig{OnFailure: q}})

	env.clk.Advance(time.Minute)
	out, err := env.fns.UpdateFunctionEventInvokeConfig(t.Context(), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})
	require.NoError(t, err)
	got := dstMustGet(t, env, "f", "")
	assert.Equal(t, out, got)
	assert.Equal(t, 0, *got.MaximumRetryAttempts)
	require.NotNil(t, got.MaximumEventAge, "kept")
	assert.Equal(t, time.Minute, *got.MaximumEventAge)
	assert.Equal(t, lambda.DestinationConfig{OnFailure: q}, got.DestinationConfig, "kept")
	assert.Equal(t, dstStart.Add(time.Minute), got.LastModified)

	_, err = env.fns.UpdateFunctionEventInvokeConfig(t.Context(), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: "f",
		DestinationConfig: &lambda.DestinationConfig{OnSuccess: invARNPrefix + "g"}})
	require.NoError(t, err)
	got = dstMustGet(t, env, "f", "")
	assert.Equal(t, 0, *got.MaximumRetryAttempts)
	assert.Equal(t, time.Minute, *got.MaximumEventAge)
	assert.Equal(t, lambda.DestinationConfig{OnSuccess: invARNPrefix + "g"}, got.DestinationConfig)
}

// UpdateFunctionEventInvokeConfig of a function, version or alias that has
// no configuration is ResourceNotFoundException, and creates none
// (AWS Lambda API Reference: UpdateFunctionEventInvokeConfig; LocalStack's
// AWS-validated snapshots).
func TestUpdateEventInvokeConfigWithoutConfigIsNotFound(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", Publish: true})
	_, err := env.fns.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "1", MaximumRetryAttempts: dstInt(1)})

	for _, q := range []string{"", "live"} {
		want := "$LATEST"
		if q != "" {
			want = q
		}
		out, err := env.fns.UpdateFunctionEventInvokeConfig(t.Context(), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: q, MaximumRetryAttempts: dstInt(0)})
		require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "qualifier %q", q)
		assert.Contains(t, err.Error(), "The function "+invARNPrefix+"f:"+want+" doesn't have an EventInvokeConfig")
		assert.Nil(t, out)
		dstNoConfig(t, env, "f", q, invARNPrefix+"f:"+want)
	}
	_, err = env.fns.UpdateFunctionEventInvokeConfig(t.Context(), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: "ghost", MaximumRetryAttempts: dstInt(0)})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Contains(t, err.Error(), "Function not found: "+invARNPrefix+"ghost")
	assert.Equal(t, 1, *dstMustGet(t, env, "f", "1").MaximumRetryAttempts, "the version's own is untouched")
}

// Get without a configuration is ResourceNotFoundException "The function
// <arn>:$LATEST doesn't have an EventInvokeConfig"; an unknown function is
// "Function not found" (AWS Lambda API Reference:
// GetFunctionEventInvokeConfig).
func TestGetEventInvokeConfigWithoutConfigIsNotFound(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f"})
	dstNoConfig(t, env, "f", "", invARNPrefix+"f:$LATEST")
	dstNoConfig(t, env, "f", "$LATEST", invARNPrefix+"f:$LATEST")
	dstNoConfig(t, env, invARNPrefix+"f", "", invARNPrefix+"f:$LATEST")

	_, err := dstGet(env, "ghost", "")
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Contains(t, err.Error(), "Function not found: "+invARNPrefix+"ghost")
	_, err = env.fns.DeleteFunctionEventInvokeConfig(t.Context(), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: "f"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = dstGet(env, "f", "nope")
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// Configurations are per qualifier: $LATEST, a version and an alias each
// have their own, named by the qualified ARN, however the qualifier is
// given; a FunctionName qualifier and a Qualifier that disagree are
// InvalidParameterValueException (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestEventInvokeConfigIsPerQualifier(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", Publish: true})
	_, err := env.fns.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)

	alias := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "live", MaximumRetryAttempts: dstInt(0)})
	assert.Equal(t, invARNPrefix+"f:live", alias.FunctionArn)
	dstNoConfig(t, env, "f", "", invARNPrefix+"f:$LATEST")
	dstNoConfig(t, env, "f", "1", invARNPrefix+"f:1")

	version := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f:1", MaximumRetryAttempts: dstInt(1)})
	assert.Equal(t, invARNPrefix+"f:1", version.FunctionArn)
	latest := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: invARNPrefix + "f", MaximumRetryAttempts: dstInt(2)})
	assert.Equal(t, invARNPrefix+"f:$LATEST", latest.FunctionArn)

	for _, tc := range []struct {
		name, qualifier string
		want            int
	}{
		{"f", "live", 0}, {"f:live", "", 0}, {invARNPrefix + "f:live", "live", 0},
		{"f", "1", 1}, {"000000000000:function:f:1", "", 1},
		{"f", "", 2}, {"f", "$LATEST", 2}, {"f:$LATEST", "", 2},
	} {
		got := dstMustGet(t, env, tc.name, tc.qualifier)
		assert.Equal(t, tc.want, *got.MaximumRetryAttempts, "%s qualifier %q", tc.name, tc.qualifier)
	}

	_, err = env.fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f:1", Qualifier: "live", MaximumRetryAttempts: dstInt(2)})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	_, err = env.fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "dead", MaximumRetryAttempts: dstInt(2)})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = env.fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "7", MaximumRetryAttempts: dstInt(2)})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, 0, *dstMustGet(t, env, "f", "live").MaximumRetryAttempts, "unchanged")
	assert.Equal(t, 1, *dstMustGet(t, env, "f", "1").MaximumRetryAttempts, "unchanged")
}

// An event follows the configuration of the qualifier it was invoked
// with: the alias's retries for an invocation through the alias, the
// defaults for one of $LATEST (AWS Lambda Developer Guide: "How Lambda
// handles errors and retries with asynchronous invocation").
func TestEventFollowsConfigOfItsQualifier(t *testing.T) {
	env := dstSetup(t)
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", Publish: true}, true)
	_, err := env.fns.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "live", MaximumRetryAttempts: dstInt(0)})

	dstEvent(t, env, "f", "live", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 1, f.calls, "the alias: no retry")
	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 1+3, f.calls, "$LATEST: the default two retries")
}

// A destination may be a standard SQS queue or another function, on
// success and on failure (AWS Lambda Developer Guide: "Capturing records
// of Lambda asynchronous invocations").
func TestEventInvokeConfigAcceptsQueueAndOtherFunctionAsDestinations(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f"})
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "g", Publish: true})
	_, q := dstQueue(t, env, "outcomes")
	for _, d := range []lambda.DestinationConfig{
		{OnSuccess: q, OnFailure: q},
		{OnSuccess: invARNPrefix + "g", OnFailure: invARNPrefix + "g"},
		{OnSuccess: invARNPrefix + "g:1", OnFailure: q},
		{OnFailure: dstQueueARNPrefix + "not-created-yet"},
	} {
		cfg := dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", DestinationConfig: &d})
		assert.Equal(t, d, cfg.DestinationConfig)
		assert.Equal(t, d, dstMustGet(t, env, "f", "").DestinationConfig)
	}
}

// A destination ARN that is not an SQS queue, an SNS topic or an existing
// function of this service (an S3 bucket, an unknown function, garbage)
// is InvalidParameterValueException "The
// destination ARN <arn> is invalid.", and changes nothing (AWS Lambda API
// Reference: PutFunctionEventInvokeConfig; S3 is not simulated yet,
// doc.go). Malformed topic ARNs are in sns_destinations_test.go.
func TestEventInvokeConfigRejectsInvalidDestinationARN(t *testing.T) {
	env := dstSetup(t)
	dstTwo(t, env)
	_, q := dstQueue(t, env, "failures")
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1), DestinationConfig: &lambda.DestinationConfig{OnFailure: q}})
	for _, arn := range []string{
		"arn:aws:s3:::bucket",
		invARNPrefix + "ghost",
		"arn:aws:iam::000000000000:role/test",
		"invalid",
	} {
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
	got := dstMustGet(t, env, "f", "")
	assert.Equal(t, 1, *got.MaximumRetryAttempts, "unchanged")
	assert.Equal(t, lambda.DestinationConfig{OnFailure: q}, got.DestinationConfig, "unchanged")
}

// A function can't be its own destination, through any of its ARNs:
// InvalidParameterValueException (AWS Lambda API Reference:
// PutFunctionEventInvokeConfig).
func TestEventInvokeConfigFunctionCannotBeItsOwnDestination(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f", Publish: true})
	_, err := env.fns.CreateAlias(t.Context(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	for _, arn := range []string{invARNPrefix + "f", invARNPrefix + "f:live", invARNPrefix + "f:1", invARNPrefix + "f:$LATEST"} {
		for _, d := range []lambda.DestinationConfig{{OnSuccess: arn}, {OnFailure: arn}} {
			for _, qualifier := range []string{"", "live"} {
				_, err := env.fns.PutFunctionEventInvokeConfig(t.Context(), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: qualifier, DestinationConfig: &d})
				require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException, "%+v on %q", d, qualifier)
				assert.Contains(t, err.Error(), "You can't specify the function as a destination for itself.")
			}
		}
	}
	dstNoConfig(t, env, "f", "", invARNPrefix+"f:$LATEST")
	dstNoConfig(t, env, "f", "live", invARNPrefix+"f:live")
}

// After DeleteFunctionEventInvokeConfig, Get is ResourceNotFoundException
// and so is a second Delete; other qualifiers keep theirs, and events
// follow the defaults again (AWS Lambda API Reference:
// DeleteFunctionEventInvokeConfig).
func TestDeleteEventInvokeConfigThenGetIsNotFound(t *testing.T) {
	env := dstSetup(t)
	f := dstCreate(t, env, lambda.CreateFunctionInput{FunctionName: "f", Publish: true}, true)
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(0)})
	dstPut(t, env, lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "1", MaximumRetryAttempts: dstInt(1)})

	out, err := env.fns.DeleteFunctionEventInvokeConfig(t.Context(), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: "f"})
	require.NoError(t, err)
	assert.NotNil(t, out)
	dstNoConfig(t, env, "f", "", invARNPrefix+"f:$LATEST")
	assert.Equal(t, 1, *dstMustGet(t, env, "f", "1").MaximumRetryAttempts, "the version keeps its own")

	_, err = env.fns.DeleteFunctionEventInvokeConfig(t.Context(), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: "f"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Contains(t, err.Error(), "The function "+invARNPrefix+"f:$LATEST doesn't have an EventInvokeConfig")

	dstEvent(t, env, "f", "", `{}`)
	env.clk.Advance(time.Hour)
	assert.Equal(t, 3, f.calls, "the default two retries apply again")

	_, err = env.fns.DeleteFunctionEventInvokeConfig(t.Context(), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: "f", Qualifier: "1"})
	require.NoError(t, err)
	dstNoConfig(t, env, "f", "1", invARNPrefix+"f:1")
}

// A configuration returned by an operation is a copy: changing it changes
// nothing in the service.
func TestEventInvokeConfigOutputIsACopy(t *testing.T) {
	env := dstSetup(t)
	invCreate(t, env.fns, lambda.CreateFunctionInput{FunctionName: "f"})
	in := lambda.PutFunctionEventInvokeConfigInput{FunctionName: "f", MaximumRetryAttempts: dstInt(1), MaximumEventAge: dstAge(time.Hour)}
	out := dstPut(t, env, in)
	*in.MaximumRetryAttempts, *in.MaximumEventAge = 2, 2*time.Hour
	*out.MaximumRetryAttempts, *out.MaximumEventAge = 0, time.Minute
	got := dstMustGet(t, env, "f", "")
	*got.MaximumRetryAttempts = 2
	got = dstMustGet(t, env, "f", "")
	assert.Equal(t, 1, *got.MaximumRetryAttempts)
	assert.Equal(t, time.Hour, *got.MaximumEventAge)
}
