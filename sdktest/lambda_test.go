package sdktest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// lambdaEnv is the real aws-sdk-go-v2 Lambda client over the in-process
// server. Functions are made with the Go API, since their code is a Go
// handler; everything else goes through the SDK.
type lambdaEnv struct {
	clk    *sim.Clock
	fns    *lambda.Service
	queues *sqs.Service
	client *awslambda.Client
	sqs    *awssqs.Client
}

func newLambdaEnv(t *testing.T) *lambdaEnv {
	t.Helper()
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	fns := lambda.New(lambda.WithAccount(queues.Account()), lambda.WithSQS(queues))
	srv := server.New(server.WithSQS(queues), server.WithLambda(fns, nil))
	client := awslambda.NewFromConfig(sdkConfig(t), func(o *awslambda.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	return &lambdaEnv{clk: clk, fns: fns, queues: queues, client: client, sqs: newSQSClient(t, srv)}
}

// function creates a function whose handler is h.
func (e *lambdaEnv) function(t *testing.T, name string, h lambda.Handler) {
	t.Helper()
	_, err := e.fns.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: name, Role: "arn:aws:iam::000000000000:role/" + name, Runtime: "provided.al2023", Handler: "bootstrap",
		Timeout: 10 * time.Second, Environment: map[string]string{"STAGE": "test"},
		Code: lambda.Code{Handler: h, Duration: lambda.FixedDuration(100 * time.Millisecond)},
	})
	require.NoError(t, err)
}

// A RequestResponse Invoke returns the handler's payload with status 200
// and the executed version; a handler error is a 200 with
// X-Amz-Function-Error and the error document, as the SDK reports it.
func TestLambdaInvokeThroughTheSDK(t *testing.T) {
	e := newLambdaEnv(t)
	e.function(t, "greet", func(_ context.Context, payload []byte) ([]byte, error) {
		var in struct{ Name string }
		if err := json.Unmarshal(payload, &in); err != nil || in.Name == "" {
			return nil, errors.New("no name")
		}
		return json.Marshal("hello " + in.Name)
	})
	ctx := context.Background()

	out, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("greet"), Payload: []byte(`{"Name":"Ada"}`)})
	require.NoError(t, err)
	assert.Equal(t, int32(200), out.StatusCode)
	assert.Equal(t, `"hello Ada"`, string(out.Payload))
	assert.Equal(t, "$LATEST", aws.ToString(out.ExecutedVersion))
	assert.Nil(t, out.FunctionError)

	out, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("greet"), Payload: []byte(`{}`)})
	require.NoError(t, err)
	assert.Equal(t, int32(200), out.StatusCode)
	assert.Equal(t, "Unhandled", aws.ToString(out.FunctionError))
	assert.JSONEq(t, `{"errorMessage":"no name","errorType":"errorString"}`, string(out.Payload))

	out, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("greet"), InvocationType: types.InvocationTypeEvent, Payload: []byte(`{"Name":"Bo"}`)})
	require.NoError(t, err)
	assert.Equal(t, int32(202), out.StatusCode)

	out, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("greet"), InvocationType: types.InvocationTypeDryRun})
	require.NoError(t, err)
	assert.Equal(t, int32(204), out.StatusCode)
	e.clk.Advance(time.Second)

	st, ok := e.fns.Inspect().Stats("greet")
	require.True(t, ok)
	assert.Equal(t, 3, st.Invocations, "two synchronous, one event; the dry run does not run")
}

// Errors come out as the SDK's typed errors, with AWS's codes and
// messages: a missing function is *types.ResourceNotFoundException, a
// payload that is not JSON *types.InvalidRequestContentException, and a
// throttle *types.TooManyRequestsException with its Reason.
func TestLambdaErrorsAreTheSDKsTypedErrors(t *testing.T) {
	e := newLambdaEnv(t)
	e.function(t, "f", func(context.Context, []byte) ([]byte, error) { return nil, nil })
	ctx := context.Background()

	_, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("ghost")})
	var nf *types.ResourceNotFoundException
	require.ErrorAs(t, err, &nf)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ResourceNotFoundException", apiErr.ErrorCode())
	assert.Equal(t, smithy.FaultClient, apiErr.ErrorFault())

	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("f"), Payload: []byte(`{not json`)})
	var bad *types.InvalidRequestContentException
	require.ErrorAs(t, err, &bad)

	_, err = e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(0)})
	require.NoError(t, err)
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("f")})
	var throttled *types.TooManyRequestsException
	require.ErrorAs(t, err, &throttled)
	assert.Equal(t, types.ThrottleReasonReservedFunctionConcurrentInvocationLimitExceeded, throttled.Reason)
}

// The control plane through the SDK: get, list, configuration updates,
// versions and aliases, reserved concurrency and deletion read back what
// the simulator holds, in the SDK's types.
func TestLambdaFunctionsVersionsAndAliasesThroughTheSDK(t *testing.T) {
	e := newLambdaEnv(t)
	e.function(t, "api", func(context.Context, []byte) ([]byte, error) { return []byte(`"v"`), nil })
	ctx := context.Background()

	got, err := e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	cfg := got.Configuration
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:api", aws.ToString(cfg.FunctionArn))
	assert.Equal(t, int32(10), aws.ToInt32(cfg.Timeout))
	assert.Equal(t, map[string]string{"STAGE": "test"}, cfg.Environment.Variables)
	assert.Equal(t, types.StateActive, cfg.State)

	up, err := e.client.UpdateFunctionConfiguration(ctx, &awslambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("api"), MemorySize: aws.Int32(256), Timeout: aws.Int32(30)})
	require.NoError(t, err)
	assert.Equal(t, int32(256), aws.ToInt32(up.MemorySize))
	e.clk.Advance(time.Second)

	v, err := e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	assert.Equal(t, "1", aws.ToString(v.Version))
	alias, err := e.client.CreateAlias(ctx, &awslambda.CreateAliasInput{FunctionName: aws.String("api"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:api:live", aws.ToString(alias.AliasArn))
	inv, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("api"), Qualifier: aws.String("live")})
	require.NoError(t, err)
	assert.Equal(t, "1", aws.ToString(inv.ExecutedVersion))
	aliases, err := e.client.ListAliases(ctx, &awslambda.ListAliasesInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	require.Len(t, aliases.Aliases, 1)
	assert.Equal(t, "live", aws.ToString(aliases.Aliases[0].Name))
	versions, err := e.client.ListVersionsByFunction(ctx, &awslambda.ListVersionsByFunctionInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	assert.Len(t, versions.Versions, 2, "$LATEST and 1")

	_, err = e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("api"), ReservedConcurrentExecutions: aws.Int32(7)})
	require.NoError(t, err)
	conc, err := e.client.GetFunctionConcurrency(ctx, &awslambda.GetFunctionConcurrencyInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	assert.Equal(t, int32(7), aws.ToInt32(conc.ReservedConcurrentExecutions))

	list, err := e.client.ListFunctions(ctx, &awslambda.ListFunctionsInput{})
	require.NoError(t, err)
	require.Len(t, list.Functions, 1)

	_, err = e.client.DeleteAlias(ctx, &awslambda.DeleteAliasInput{FunctionName: aws.String("api"), Name: aws.String("live")})
	require.NoError(t, err)
	_, err = e.client.DeleteFunction(ctx, &awslambda.DeleteFunctionInput{FunctionName: aws.String("api")})
	require.NoError(t, err)
	_, err = e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("api")})
	var nf *types.ResourceNotFoundException
	require.ErrorAs(t, err, &nf)
}

// An SQS event source mapping made through the SDK drains a queue that
// the SQS client fills, as the clock moves.
func TestLambdaEventSourceMappingThroughTheSDK(t *testing.T) {
	e := newLambdaEnv(t)
	var got int
	e.function(t, "drain", func(_ context.Context, payload []byte) ([]byte, error) {
		var ev struct{ Records []struct{ Body string } }
		require.NoError(t, json.Unmarshal(payload, &ev))
		got += len(ev.Records)
		return nil, nil
	})
	ctx := context.Background()
	q, err := e.sqs.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("jobs")})
	require.NoError(t, err)
	for range 25 {
		_, err := e.sqs.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(`{"job":1}`)})
		require.NoError(t, err)
	}

	m, err := e.client.CreateEventSourceMapping(ctx, &awslambda.CreateEventSourceMappingInput{
		EventSourceArn: aws.String("arn:aws:sqs:us-east-1:000000000000:jobs"), FunctionName: aws.String("drain"),
		BatchSize: aws.Int32(5), MaximumBatchingWindowInSeconds: aws.Int32(1),
	})
	require.NoError(t, err)
	assert.Equal(t, int32(5), aws.ToInt32(m.BatchSize))
	assert.Equal(t, "Creating", aws.ToString(m.State))
	e.clk.Advance(time.Minute)

	assert.Equal(t, 25, got)
	one, err := e.client.GetEventSourceMapping(ctx, &awslambda.GetEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	assert.Equal(t, "Enabled", aws.ToString(one.State))
	assert.Equal(t, start.Unix(), aws.ToTime(one.LastModified).Unix())
	list, err := e.client.ListEventSourceMappings(ctx, &awslambda.ListEventSourceMappingsInput{FunctionName: aws.String("drain")})
	require.NoError(t, err)
	require.Len(t, list.EventSourceMappings, 1)
	_, err = e.client.UpdateEventSourceMapping(ctx, &awslambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: aws.Bool(false)})
	require.NoError(t, err)
	del, err := e.client.DeleteEventSourceMapping(ctx, &awslambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	assert.Equal(t, "Deleting", aws.ToString(del.State))
}

// A function's resource policy through the SDK: AddPermission returns
// the statement, GetPolicy the policy and its revision ID (for a version
// through Qualifier), RemovePermission takes the statement away, and
// the refusals are the SDK's typed errors: a Sid already there, a
// revision ID that is not the current one, a policy that is not there.
func TestLambdaResourcePolicyThroughTheSDK(t *testing.T) {
	e := newLambdaEnv(t)
	e.function(t, "f", func(context.Context, []byte) ([]byte, error) { return nil, nil })
	ctx := context.Background()
	add := &awslambda.AddPermissionInput{
		FunctionName: aws.String("f"), StatementId: aws.String("sns"), Action: aws.String("lambda:InvokeFunction"),
		Principal: aws.String("sns.amazonaws.com"), SourceArn: aws.String("arn:aws:sns:us-east-1:000000000000:orders"),
	}

	added, err := e.client.AddPermission(ctx, add)
	require.NoError(t, err)
	var stmt struct{ Sid, Effect, Action, Resource string }
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(added.Statement)), &stmt))
	assert.Equal(t, "sns", stmt.Sid)
	assert.Equal(t, "Allow", stmt.Effect)
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:f", stmt.Resource)

	_, err = e.client.AddPermission(ctx, add)
	var conflict *types.ResourceConflictException
	require.ErrorAs(t, err, &conflict)

	got, err := e.client.GetPolicy(ctx, &awslambda.GetPolicyInput{FunctionName: aws.String("f")})
	require.NoError(t, err)
	assert.Contains(t, aws.ToString(got.Policy), `"Sid":"sns"`)
	require.NotEmpty(t, aws.ToString(got.RevisionId))

	_, err = e.client.RemovePermission(ctx, &awslambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("sns"), RevisionId: aws.String("stale")})
	var stale *types.PreconditionFailedException
	require.ErrorAs(t, err, &stale)
	_, err = e.client.RemovePermission(ctx, &awslambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("sns"), RevisionId: got.RevisionId})
	require.NoError(t, err)
	_, err = e.client.GetPolicy(ctx, &awslambda.GetPolicyInput{FunctionName: aws.String("f")})
	var nf *types.ResourceNotFoundException
	require.ErrorAs(t, err, &nf)

	_, err = e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("f")})
	require.NoError(t, err)
	add.Qualifier = aws.String("1")
	_, err = e.client.AddPermission(ctx, add)
	require.NoError(t, err)
	got, err = e.client.GetPolicy(ctx, &awslambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")})
	require.NoError(t, err)
	assert.Contains(t, aws.ToString(got.Policy), "function:f:1")
	_, err = e.client.RemovePermission(ctx, &awslambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("sns"), Qualifier: aws.String("1")})
	require.NoError(t, err)
}

// The SDK's Lambda client with account B's key invokes account A's
// function by its ARN: refused with AccessDeniedException until A's
// function policy lets B invoke it.
func TestCrossAccountInvokeThroughTheSDK(t *testing.T) {
	clk := sim.NewClock(start)
	opts := []server.Option{server.WithCredentials(keyA, keyB)}
	var fnsA *lambda.Service
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		fns := lambda.New(lambda.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))))
		opts = append(opts, server.WithLambda(fns, nil))
		if id == keyA.AccountID {
			fnsA = fns
		}
	}
	e := &authEnv{clk: clk, srv: server.New(opts...)}
	ctx := context.Background()
	_, err := fnsA.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "echo", Role: "arn:aws:iam::111111111111:role/echo",
		Code: lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) { return p, nil }},
	})
	require.NoError(t, err)
	b := awslambda.NewFromConfig(e.config(t, static(keyB)), func(o *awslambda.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = e.srv.Client()
	})
	in := &awslambda.InvokeInput{FunctionName: aws.String("arn:aws:lambda:us-east-1:111111111111:function:echo"), Payload: []byte(`"hi"`)}

	_, err = b.Invoke(ctx, in)
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "AccessDeniedException", apiErr.ErrorCode(), "the Lambda model has no type of its own for it")

	_, err = fnsA.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: "echo", StatementId: "b", Action: "lambda:InvokeFunction", Principal: "arn:aws:iam::222222222222:root"})
	require.NoError(t, err)
	out, err := b.Invoke(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, `"hi"`, string(out.Payload))
}

// CreateFunction through the SDK makes a function whose code the server's
// FunctionCode finds for the S3 object the request names; the SDK then
// invokes it, and code nobody knows is the SDK's InvalidParameterValueException.
func TestLambdaCreateFunctionThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	fns := lambda.New(lambda.WithClock(sim.NewClock(start)))
	code := func(loc server.CodeLocation) *lambda.Code {
		if loc.S3Bucket != "builds" || loc.S3Key != "greet.zip" {
			return nil
		}
		return &lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) {
			return append([]byte(`{"hello":`), append(p, '}')...), nil
		}}
	}
	srv := server.New(server.WithLambda(fns, code))
	client := awslambda.NewFromConfig(sdkConfig(t), func(o *awslambda.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})

	out, err := client.CreateFunction(ctx, &awslambda.CreateFunctionInput{
		FunctionName: aws.String("greet"), Role: aws.String("arn:aws:iam::000000000000:role/greet"),
		Runtime: types.RuntimeProvidedal2023, Handler: aws.String("bootstrap"), Timeout: aws.Int32(30),
		Code: &types.FunctionCode{S3Bucket: aws.String("builds"), S3Key: aws.String("greet.zip")},
	})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:greet", aws.ToString(out.FunctionArn))
	assert.Equal(t, int32(30), aws.ToInt32(out.Timeout))

	inv, err := client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("greet"), Payload: []byte(`"world"`)})
	require.NoError(t, err)
	assert.Equal(t, `{"hello":"world"}`, string(inv.Payload))

	_, err = client.CreateFunction(ctx, &awslambda.CreateFunctionInput{
		FunctionName: aws.String("other"), Role: aws.String("arn:aws:iam::000000000000:role/other"),
		Code: &types.FunctionCode{S3Bucket: aws.String("builds"), S3Key: aws.String("missing.zip")},
	})
	var bad *types.InvalidParameterValueException
	assert.ErrorAs(t, err, &bad)
}
