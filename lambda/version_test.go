package lambda_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
)

// Scenario tests of versions and aliases (AWS Lambda Developer Guide:
// "Manage Lambda function versions", "Create an alias for a Lambda
// function").

// fnVersions returns the Version of every entry of ListVersionsByFunction.
func fnVersions(t *testing.T, svc *lambda.Service, name string) []string {
	t.Helper()
	out, err := svc.ListVersionsByFunction(context.Background(), &lambda.ListVersionsByFunctionInput{FunctionName: name})
	require.NoError(t, err)
	var versions []string
	for _, v := range out.Versions {
		versions = append(versions, v.Version)
	}
	return versions
}

// fnAliasNames returns the names ListAliases lists for name, filtered by
// version when it is not "".
func fnAliasNames(t *testing.T, svc *lambda.Service, name, version string) []string {
	t.Helper()
	out, err := svc.ListAliases(context.Background(), &lambda.ListAliasesInput{FunctionName: name, FunctionVersion: version})
	require.NoError(t, err)
	var names []string
	for _, a := range out.Aliases {
		names = append(names, a.Name)
	}
	return names
}

// fnTwoVersions creates the function name with version 1 replying "one"
// and version 2 replying "two", and $LATEST as version 2.
func fnTwoVersions(t *testing.T, svc *lambda.Service, name string, opts ...func(*lambda.CreateFunctionInput)) {
	t.Helper()
	fnCreate(t, svc, name, func(in *lambda.CreateFunctionInput) {
		in.Code.Handler = fnReply("one")
		for _, o := range opts {
			o(in)
		}
	})
	require.Equal(t, "1", fnPublish(t, svc, name))
	fnSetCode(t, svc, name, "two")
	require.Equal(t, "2", fnPublish(t, svc, name))
}

// fnAlias creates an alias and returns it.
func fnAlias(t *testing.T, svc *lambda.Service, in *lambda.CreateAliasInput) *lambda.AliasConfiguration {
	t.Helper()
	out, err := svc.CreateAlias(context.Background(), in)
	require.NoError(t, err)
	return out
}

// fnExecuted invokes name:qualifier n times, advancing the clock a second
// between invocations so that environments are reused, and returns the
// ExecutedVersion of each.
func fnExecuted(t *testing.T, svc *lambda.Service, advance func(time.Duration), name, qualifier string, n int) []string {
	t.Helper()
	executed := make([]string, n)
	for i := range executed {
		executed[i] = fnInvoke(t, svc, name, qualifier).ExecutedVersion
		advance(time.Second)
	}
	return executed
}

// PublishVersion makes versions 1, 2, … whose FunctionArn is qualified with
// the version number (AWS Lambda API Reference: PublishVersion).
func TestPublishVersionNumbersFromOne(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	for _, want := range []string{"1", "2", "3"} {
		out, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize"})
		require.NoError(t, err)
		assert.Equal(t, want, out.Version)
		assert.Equal(t, fnARNPrefix+"resize:"+want, out.FunctionArn)
		assert.Equal(t, "resize", out.FunctionName)
		assert.Equal(t, want, fnConfig(t, svc, "resize", want).Version)
		fnSetCode(t, svc, "resize", "next")
	}
	assert.Equal(t, fnARNPrefix+"resize", fnConfig(t, svc, "resize", "").FunctionArn, "$LATEST stays unqualified")

	_, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// Publishing when neither code nor configuration changed since the last
// published version returns that version and makes no new one (AWS
// Lambda Developer Guide: "Manage Lambda function versions").
func TestPublishVersionUnchangedReturnsSameVersion(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	first, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize"})
	require.NoError(t, err)
	again, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize"})
	require.NoError(t, err)
	assert.Equal(t, "1", again.Version)
	assert.Equal(t, first.FunctionArn, again.FunctionArn)
	assert.Equal(t, first.CodeSha256, again.CodeSha256)
	assert.Equal(t, []string{"$LATEST", "1"}, fnVersions(t, svc, "resize"))
}

// After UpdateFunctionCode, or UpdateFunctionConfiguration, PublishVersion
// makes a new version (AWS Lambda Developer Guide: "Manage Lambda
// function versions").
func TestPublishVersionAfterUpdateMakesNewVersion(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	require.Equal(t, "1", fnPublish(t, svc, "resize"))

	fnSetCode(t, svc, "resize", "v2")
	require.Equal(t, "2", fnPublish(t, svc, "resize"), "after a code update")
	require.Equal(t, "2", fnPublish(t, svc, "resize"))

	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize", MemorySize: 256})
	require.NoError(t, err)
	require.Equal(t, "3", fnPublish(t, svc, "resize"), "after a configuration update")
	assert.Equal(t, 256, fnConfig(t, svc, "resize", "3").MemorySize)
	assert.Equal(t, 128, fnConfig(t, svc, "resize", "2").MemorySize)

	// UpdateFunctionCode with Publish publishes in the same call.
	out, err := svc.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: "resize", Code: lambda.Code{Handler: fnReply("v4")}, Publish: true})
	require.NoError(t, err)
	assert.Equal(t, "$LATEST", out.Version)
	assert.Equal(t, []string{"$LATEST", "1", "2", "3", "4"}, fnVersions(t, svc, "resize"))
	assert.Equal(t, `"v4"`, string(fnInvoke(t, svc, "resize", "4").Payload))
}

// A CodeSha256 that is not $LATEST's fails PublishVersion with
// InvalidParameterValueException and AWS's message; nothing is published
// (AWS Lambda API Reference: PublishVersion).
func TestPublishVersionCodeSha256Mismatch(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Code.Source = []byte("v1") })
	stale := fnSHA([]byte("v0"))

	out, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize", CodeSha256: stale})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
	assert.Equal(t, "CodeSHA256 ("+stale+") is different from current CodeSHA256 in $LATEST ("+created.CodeSha256+
		"). Please try again with the CodeSHA256 in $LATEST.", fnMessage(t, err))
	assert.Nil(t, out)
	assert.Equal(t, []string{"$LATEST"}, fnVersions(t, svc, "resize"))

	out, err = svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize", CodeSha256: created.CodeSha256})
	require.NoError(t, err)
	assert.Equal(t, "1", out.Version)
	assert.Equal(t, created.CodeSha256, out.CodeSha256)
}

// A RevisionId that is not $LATEST's fails PublishVersion with
// PreconditionFailedException (412); nothing is published (AWS Lambda API
// Reference: PublishVersion).
func TestPublishVersionRevisionIdMismatch(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	created := fnCreate(t, svc, "resize", nil)
	updated := fnSetCode(t, svc, "resize", "v2")

	_, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize", RevisionId: created.RevisionId})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	assert.Equal(t, http.StatusPreconditionFailed, fnStatus(t, err))
	assert.Equal(t, []string{"$LATEST"}, fnVersions(t, svc, "resize"))

	out, err := svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: "resize", RevisionId: updated.RevisionId})
	require.NoError(t, err)
	assert.Equal(t, "1", out.Version)
}

// CreateFunction with Publish publishes version 1 at once (AWS Lambda API
// Reference: CreateFunction).
func TestCreateFunctionWithPublishMakesVersion1(t *testing.T) {
	svc, _, _ := fnSetup(t)
	out := fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	assert.Equal(t, "$LATEST", out.Version, "CreateFunction returns $LATEST")
	assert.Equal(t, []string{"$LATEST", "1"}, fnVersions(t, svc, "resize"))
	v1 := fnConfig(t, svc, "resize", "1")
	assert.Equal(t, out.CodeSha256, v1.CodeSha256)
	assert.Equal(t, fnARNPrefix+"resize:1", v1.FunctionArn)
	assert.Equal(t, "1", fnPublish(t, svc, "resize"), "nothing changed since")
}

// ListVersionsByFunction lists $LATEST first, then the published versions
// in order.
func TestListVersionsByFunctionListsLatestThenVersions(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", nil)
	assert.Equal(t, []string{"$LATEST"}, fnVersions(t, svc, "resize"))
	for range 11 {
		fnPublish(t, svc, "resize")
		fnSetCode(t, svc, "resize", "next")
	}
	want := []string{"$LATEST", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
	assert.Equal(t, want, fnVersions(t, svc, "resize"), "numeric order, not string order")

	out, err := svc.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: "resize"})
	require.NoError(t, err)
	assert.Equal(t, fnARNPrefix+"resize", out.Versions[0].FunctionArn)
	assert.Equal(t, fnARNPrefix+"resize:10", out.Versions[10].FunctionArn)

	_, err = svc.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// A published version is immutable: its configuration stays when $LATEST
// changes, and invoking it runs its own code (AWS Lambda Developer Guide:
// "Manage Lambda function versions").
func TestPublishedVersionIsImmutable(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) {
		in.Code.Handler = fnReply("one")
		in.Timeout = 5 * time.Second
		in.Environment = map[string]string{"MODE": "fast"}
		in.Description = "first"
	})
	v1 := fnConfig(t, svc, "resize", fnPublish(t, svc, "resize"))

	fnSetCode(t, svc, "resize", "two")
	_, err := svc.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: "resize",
		Timeout: 20 * time.Second, Environment: map[string]string{"MODE": "slow"}, Description: new("second")})
	require.NoError(t, err)

	assert.Equal(t, v1, fnConfig(t, svc, "resize", "1"), "version 1 is as it was published")
	latest := fnConfig(t, svc, "resize", "")
	assert.Equal(t, 20*time.Second, latest.Timeout)
	assert.Equal(t, map[string]string{"MODE": "slow"}, latest.Environment)
	assert.NotEqual(t, v1.CodeSha256, latest.CodeSha256)

	out := fnInvoke(t, svc, "resize", "1")
	assert.Equal(t, `"one"`, string(out.Payload))
	assert.Equal(t, "1", out.ExecutedVersion)
	out = fnInvoke(t, svc, "resize:1", "")
	assert.Equal(t, `"one"`, string(out.Payload))
	out = fnInvoke(t, svc, "resize", "")
	assert.Equal(t, `"two"`, string(out.Payload))
	assert.Equal(t, "$LATEST", out.ExecutedVersion)
}

// An alias is created, read, updated, listed and deleted (AWS Lambda
// Developer Guide: "Create an alias for a Lambda function"); its ARN is the
// function's qualified with its name.
func TestAliasLifecycle(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")

	created := fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1", Description: "production"})
	assert.Equal(t, fnARNPrefix+"resize:live", created.AliasArn)
	assert.Equal(t, "live", created.Name)
	assert.Equal(t, "1", created.FunctionVersion)
	assert.Equal(t, "production", created.Description)
	assert.Empty(t, created.AdditionalVersionWeights)
	assert.NotEmpty(t, created.RevisionId)

	got, err := svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	assert.Equal(t, created, got)
	out := fnInvoke(t, svc, "resize", "live")
	assert.Equal(t, `"one"`, string(out.Payload))
	assert.Equal(t, "1", out.ExecutedVersion)

	updated, err := svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "2"})
	require.NoError(t, err)
	assert.Equal(t, "2", updated.FunctionVersion)
	assert.Equal(t, "production", updated.Description, "a description not given is kept")
	assert.NotEqual(t, created.RevisionId, updated.RevisionId)
	assert.Equal(t, `"two"`, string(fnInvoke(t, svc, "resize:live", "").Payload))

	updated, err = svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", Description: new("")})
	require.NoError(t, err)
	assert.Equal(t, "2", updated.FunctionVersion, "a version not given is kept")
	assert.Empty(t, updated.Description)

	_, err = svc.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	_, err = svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Equal(t, http.StatusNotFound, fnStatus(t, err))
	_, err = svc.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: "resize", Name: "live"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	_, err = svc.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize", Qualifier: "live"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Empty(t, fnAliasNames(t, svc, "resize", ""))
}

// ListAliases lists aliases in name order, and with FunctionVersion only
// those pointing to that version.
func TestListAliasesInNameOrderAndByVersion(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	for _, a := range []struct{ name, version string }{{"prod", "2"}, {"beta", "1"}, {"dev", "$LATEST"}, {"canary", "2"}, {"Alpha", "1"}} {
		fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: a.name, FunctionVersion: a.version})
	}
	assert.Equal(t, []string{"Alpha", "beta", "canary", "dev", "prod"}, fnAliasNames(t, svc, "resize", ""))
	assert.Equal(t, []string{"canary", "prod"}, fnAliasNames(t, svc, "resize", "2"))
	assert.Equal(t, []string{"Alpha", "beta"}, fnAliasNames(t, svc, "resize", "1"))
	assert.Equal(t, []string{"dev"}, fnAliasNames(t, svc, "resize", "$LATEST"))
	assert.Empty(t, fnAliasNames(t, svc, "resize", "3"))

	_, err := svc.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: "nope"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// An alias name is 1 to 128 letters, digits, hyphens and underscores, not
// all digits: "2024" is a ValidationException (AWS Lambda API Reference:
// CreateAlias).
func TestCreateAliasNameRules(t *testing.T) {
	cases := []struct {
		name  string
		alias string
		ok    bool
	}{
		{"word", "live", true},
		{"letters digits hyphen underscore", "Blue-2_x", true},
		{"digits then letter", "2024a", true},
		{"128 chars", strings.Repeat("a", 128), true},
		{"129 chars", strings.Repeat("a", 129), false},
		{"all digits", "2024", false},
		{"one digit", "7", false},
		{"empty", "", false},
		{"dot", "v1.0", false},
		{"space", "my alias", false},
		{"$LATEST", "$LATEST", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
			out, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: tc.alias, FunctionVersion: "1"})
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, []string{tc.alias}, fnAliasNames(t, svc, "resize", ""))
				return
			}
			require.ErrorIs(t, err, lambda.ErrValidationException)
			assert.Equal(t, http.StatusBadRequest, fnStatus(t, err))
			assert.Nil(t, out)
			assert.Empty(t, fnAliasNames(t, svc, "resize", ""), "a refused alias is not created")
		})
	}
}

// Creating an alias whose name is taken is ResourceConflictException (409)
// "Alias already exists: <alias-arn>"; the existing alias is kept (AWS
// Lambda API Reference: CreateAlias).
func TestCreateAliasDuplicateConflicts(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	first := fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1"})

	out, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "2"})
	require.ErrorIs(t, err, lambda.ErrResourceConflictException)
	assert.Equal(t, http.StatusConflict, fnStatus(t, err))
	assert.Equal(t, "Alias already exists: "+fnARNPrefix+"resize:live", fnMessage(t, err))
	assert.Nil(t, out)
	got, err := svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	assert.Equal(t, first, got)

	// The same name on another function is another alias.
	fnCreate(t, svc, "other", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "other", Name: "live", FunctionVersion: "1"})
}

// An alias must point to an existing version of an existing function:
// otherwise ResourceNotFoundException, and no alias is made.
func TestCreateAliasUnknownVersionIsNotFound(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnCreate(t, svc, "resize", func(in *lambda.CreateFunctionInput) { in.Publish = true })
	for _, v := range []string{"2", "0", "other-alias"} {
		_, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: v})
		require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "version %q", v)
		assert.Equal(t, http.StatusNotFound, fnStatus(t, err))
	}
	_, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "nope", Name: "live", FunctionVersion: "1"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.Empty(t, fnAliasNames(t, svc, "resize", ""))

	// A deleted version cannot be pointed to either.
	fnSetCode(t, svc, "resize", "v2")
	require.Equal(t, "2", fnPublish(t, svc, "resize"))
	_, err = svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "resize", Qualifier: "1"})
	require.NoError(t, err)
	_, err = svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "$LATEST"})
}

// Routing rules of an alias (AWS Lambda Developer Guide: "Implement Lambda
// canary deployments using a weighted alias"): at most one additional
// version, not with $LATEST as the primary, not the primary itself, not
// $LATEST, an existing version, and a weight from 0 to 1. A refused
// CreateAlias makes no alias, a refused UpdateAlias changes nothing.
func TestAliasRoutingRules(t *testing.T) {
	cases := []struct {
		name    string
		primary string
		weights map[string]float64
		want    error // nil: accepted
	}{
		{"one extra version", "1", map[string]float64{"2": 0.3}, nil},
		{"weight 0", "1", map[string]float64{"2": 0}, nil},
		{"weight 1", "1", map[string]float64{"2": 1}, nil},
		{"two extra versions", "1", map[string]float64{"2": 0.1, "3": 0.1}, lambda.ErrInvalidParameterValueException},
		{"$LATEST primary", "$LATEST", map[string]float64{"2": 0.3}, lambda.ErrInvalidParameterValueException},
		{"primary as extra", "1", map[string]float64{"1": 0.3}, lambda.ErrInvalidParameterValueException},
		{"$LATEST as extra", "1", map[string]float64{"$LATEST": 0.3}, lambda.ErrInvalidParameterValueException},
		{"weight above 1", "1", map[string]float64{"2": 1.01}, lambda.ErrValidationException},
		{"weight below 0", "1", map[string]float64{"2": -0.1}, lambda.ErrValidationException},
		{"unknown extra version", "1", map[string]float64{"9": 0.3}, lambda.ErrResourceNotFoundException},
	}
	for _, tc := range cases {
		t.Run("create "+tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			fnTwoVersions(t, svc, "resize")
			fnSetCode(t, svc, "resize", "three")
			require.Equal(t, "3", fnPublish(t, svc, "resize"))
			out, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live",
				FunctionVersion: tc.primary, AdditionalVersionWeights: tc.weights})
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.weights, out.AdditionalVersionWeights)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, out)
			assert.Empty(t, fnAliasNames(t, svc, "resize", ""))
		})
		t.Run("update "+tc.name, func(t *testing.T) {
			svc, _, ctx := fnSetup(t)
			fnTwoVersions(t, svc, "resize")
			fnSetCode(t, svc, "resize", "three")
			require.Equal(t, "3", fnPublish(t, svc, "resize"))
			before := fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "3"})
			out, err := svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live",
				FunctionVersion: tc.primary, AdditionalVersionWeights: tc.weights})
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.weights, out.AdditionalVersionWeights)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, out)
			got, err := svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
			require.NoError(t, err)
			assert.Equal(t, before, got, "a refused update changes nothing")
		})
	}
}

// The routing messages are AWS's (AWS Lambda API Reference: CreateAlias,
// UpdateAlias).
func TestAliasRoutingMessages(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	create := func(primary string, weights map[string]float64) string {
		_, err := svc.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: primary, AdditionalVersionWeights: weights})
		require.Error(t, err)
		return fnMessage(t, err)
	}
	assert.Equal(t, "Number of items in AdditionalVersionWeights cannot be greater than 1", create("1", map[string]float64{"2": 0.1, "3": 0.1}))
	assert.Equal(t, "$LATEST is not supported for an alias pointing to more than 1 version", create("$LATEST", map[string]float64{"2": 0.1}))
	assert.Equal(t, "Invalid function version 1. Function version 1 is already included in routing configuration.", create("1", map[string]float64{"1": 0.1}))
}

// UpdateAlias with a new FunctionVersion and no weights clears the routing;
// with weights only it keeps the version (AWS Lambda API Reference:
// UpdateAlias).
func TestUpdateAliasNewVersionClearsRouting(t *testing.T) {
	svc, clk, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	fnSetCode(t, svc, "resize", "three")
	require.Equal(t, "3", fnPublish(t, svc, "resize"))
	fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1",
		AdditionalVersionWeights: map[string]float64{"2": 0.5}})

	out, err := svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", Description: new("kept routing")})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"2": 0.5}, out.AdditionalVersionWeights, "neither version nor weights given: routing stays")

	out, err = svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "3"})
	require.NoError(t, err)
	assert.Equal(t, "3", out.FunctionVersion)
	assert.Empty(t, out.AdditionalVersionWeights)
	got, err := svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	assert.Empty(t, got.AdditionalVersionWeights)

	// With routing cleared every invocation runs the primary.
	for _, v := range fnExecuted(t, svc, clk.Advance, "resize", "live", 20) {
		assert.Equal(t, "3", v)
	}

	out, err = svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", AdditionalVersionWeights: map[string]float64{"1": 0.2}})
	require.NoError(t, err)
	assert.Equal(t, "3", out.FunctionVersion)
	assert.Equal(t, map[string]float64{"1": 0.2}, out.AdditionalVersionWeights)

	// An empty map clears the routing and keeps the version.
	out, err = svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", AdditionalVersionWeights: map[string]float64{}})
	require.NoError(t, err)
	assert.Equal(t, "3", out.FunctionVersion)
	assert.Empty(t, out.AdditionalVersionWeights)
}

// UpdateAlias with a stale RevisionId is PreconditionFailedException (412)
// and changes nothing.
func TestUpdateAliasRevisionIdPrecondition(t *testing.T) {
	svc, _, ctx := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	created := fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1"})

	_, err := svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "2", RevisionId: "stale"})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	assert.Equal(t, http.StatusPreconditionFailed, fnStatus(t, err))
	got, err := svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: "resize", Name: "live"})
	require.NoError(t, err)
	assert.Equal(t, created, got)

	out, err := svc.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "2", RevisionId: created.RevisionId})
	require.NoError(t, err)
	assert.Equal(t, "2", out.FunctionVersion)
}

// Weighted routing sends the additional version its share of invocations:
// 0.3 of 1,000 is close to 300, and ExecutedVersion tells which ran (AWS
// Lambda Developer Guide: "Implement Lambda canary deployments using a
// weighted alias").
func TestWeightedAliasSplitsInvocations(t *testing.T) {
	svc, clk, _ := fnSetup(t)
	fnTwoVersions(t, svc, "resize")
	fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1",
		AdditionalVersionWeights: map[string]float64{"2": 0.3}})

	counts := map[string]int{}
	for _, v := range fnExecuted(t, svc, clk.Advance, "resize", "live", 1000) {
		counts[v]++
	}
	assert.Equal(t, 1000, counts["1"]+counts["2"], "only the two versions run: %v", counts)
	assert.InDelta(t, 0.3, float64(counts["2"])/1000, 0.04, "share of version 2: %v", counts)

	// The payload is the executed version's own.
	out := fnInvoke(t, svc, "resize", "live")
	want := map[string]string{"1": `"one"`, "2": `"two"`}[out.ExecutedVersion]
	assert.Equal(t, want, string(out.Payload))

	// Weight 1 sends everything to the additional version, weight 0
	// nothing.
	for weight, only := range map[float64]string{1: "2", 0: "1"} {
		_, err := svc.UpdateAlias(context.Background(), &lambda.UpdateAliasInput{FunctionName: "resize", Name: "live",
			AdditionalVersionWeights: map[string]float64{"2": weight}})
		require.NoError(t, err)
		for _, v := range fnExecuted(t, svc, clk.Advance, "resize", "live", 50) {
			require.Equal(t, only, v, "weight %v", weight)
		}
	}
}

// The weighted choice comes from the seeded stream: two services with the
// same seed choose the same sequence of versions, and another seed another
// sequence (lambda/doc.go, Determinism).
func TestWeightedAliasIsReproducibleBySeed(t *testing.T) {
	run := func(seed uint64) []string {
		svc, clk, _ := fnSetup(t, lambda.WithSeed(seed))
		fnTwoVersions(t, svc, "resize")
		fnAlias(t, svc, &lambda.CreateAliasInput{FunctionName: "resize", Name: "live", FunctionVersion: "1",
			AdditionalVersionWeights: map[string]float64{"2": 0.3}})
		return fnExecuted(t, svc, clk.Advance, "resize", "live", 200)
	}
	a, b := run(42), run(42)
	assert.Equal(t, a, b, "same seed, same sequence")
	assert.Contains(t, a, "1")
	assert.Contains(t, a, "2")
	assert.NotEqual(t, a, run(43), "another seed, another sequence")
}
