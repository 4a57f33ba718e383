package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// lambdaServer is a server over a lambda service with one function, "f",
// that echoes its payload or, for the payload "fail", fails.
func lambdaServer(t *testing.T) *server.Server {
	t.Helper()
	fns := lambda.New(lambda.WithClock(sim.NewClock(start)))
	_, err := fns.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: "f", Role: "arn:aws:iam::000000000000:role/f",
		Code: lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) {
			if string(p) == `"fail"` {
				return nil, errors.New("failed")
			}
			return p, nil
		}},
	})
	require.NoError(t, err)
	return server.New(server.WithLambda(fns, nil))
}

// do sends a request to srv and returns the response.
func do(srv http.Handler, method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(method, "http://awssim"+path, strings.NewReader(body)))
	return rec
}

// Invoke's payload is the body both ways; a function error is status 200
// with X-Amz-Function-Error, as Lambda's REST-JSON protocol has it.
func TestLambdaInvokeOnTheWire(t *testing.T) {
	srv := lambdaServer(t)

	rec := do(srv, http.MethodPost, "/2015-03-31/functions/f/invocations", `{"a":1}`)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, `{"a":1}`, rec.Body.String())
	assert.Equal(t, "$LATEST", rec.Header().Get("X-Amz-Executed-Version"))
	assert.Empty(t, rec.Header().Get("X-Amz-Function-Error"))
	assert.NotEmpty(t, rec.Header().Get("X-Amzn-Requestid"))

	rec = do(srv, http.MethodPost, "/2015-03-31/functions/f/invocations", `"fail"`)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "Unhandled", rec.Header().Get("X-Amz-Function-Error"))
	assert.JSONEq(t, `{"errorMessage":"failed","errorType":"errorString"}`, rec.Body.String())
}

// Errors carry their code in X-Amzn-ErrorType and a body of Type (User
// for the caller's fault) and message; a path that names no operation is
// UnknownOperationException.
func TestLambdaErrorsOnTheWire(t *testing.T) {
	srv := lambdaServer(t)

	rec := do(srv, http.MethodGet, "/2015-03-31/functions/ghost", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "ResourceNotFoundException", rec.Header().Get("X-Amzn-Errortype"))
	assert.JSONEq(t, `{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost"}`, rec.Body.String())

	rec = do(srv, http.MethodPut, "/2015-03-31/functions/f/configuration", `{"Timeout":`)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "SerializationException", rec.Header().Get("X-Amzn-Errortype"))

	rec = do(srv, http.MethodPatch, "/2015-03-31/functions/f", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "UnknownOperationException", rec.Header().Get("X-Amzn-Errortype"))
}

// With WithCredentials a Lambda request must be signed: an unsigned one is
// refused with MissingAuthenticationToken, in Lambda's error form.
func TestLambdaRequestsNeedASignatureWithCredentials(t *testing.T) {
	fns := lambda.New(lambda.WithClock(sim.NewClock(start)))
	srv := server.New(server.WithLambda(fns, nil), server.WithCredentials(server.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}))

	rec := do(srv, http.MethodGet, "/2015-03-31/functions/", "")

	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "MissingAuthenticationToken", rec.Header().Get("X-Amzn-Errortype"))
	assert.NotEmpty(t, rec.Header().Get("Date"), "dated by the account's clock")
}

// AddPermission, GetPolicy and RemovePermission on the wire: the
// statement comes back as JSON in a 201, the policy with its revision
// ID, a duplicate Sid is ResourceConflictException, a stale RevisionId
// PreconditionFailedException, and a policy or statement that is not
// there ResourceNotFoundException.
func TestLambdaResourcePolicyOnTheWire(t *testing.T) {
	srv := lambdaServer(t)
	const grant = `{"StatementId":"sns","Action":"lambda:InvokeFunction","Principal":"sns.amazonaws.com","SourceArn":"arn:aws:sns:us-east-1:000000000000:orders"}`

	rec := do(srv, http.MethodPost, "/2015-03-31/functions/f/policy", grant)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var added struct{ Statement string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &added))
	assert.JSONEq(t, `{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction",
		"Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:000000000000:orders"}}}`, added.Statement)

	rec = do(srv, http.MethodPost, "/2015-03-31/functions/f/policy", grant)
	assert.Equal(t, http.StatusConflict, rec.Code)
	assert.Equal(t, "ResourceConflictException", rec.Header().Get("X-Amzn-Errortype"))

	rec = do(srv, http.MethodGet, "/2015-03-31/functions/f/policy", "")
	require.Equal(t, http.StatusOK, rec.Code)
	var got struct{ Policy, RevisionId string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Contains(t, got.Policy, `"Sid":"sns"`)
	assert.NotEmpty(t, got.RevisionId)

	rec = do(srv, http.MethodDelete, "/2015-03-31/functions/f/policy/sns?RevisionId=stale", "")
	assert.Equal(t, http.StatusPreconditionFailed, rec.Code)
	assert.Equal(t, "PreconditionFailedException", rec.Header().Get("X-Amzn-Errortype"))

	rec = do(srv, http.MethodDelete, "/2015-03-31/functions/f/policy/sns?RevisionId="+got.RevisionId, "")
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String())

	rec = do(srv, http.MethodGet, "/2015-03-31/functions/f/policy", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "ResourceNotFoundException", rec.Header().Get("X-Amzn-Errortype"))
	rec = do(srv, http.MethodDelete, "/2015-03-31/functions/f/policy/sns", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "ResourceNotFoundException", rec.Header().Get("X-Amzn-Errortype"))
}

// The Qualifier parameter names the version or alias whose own policy
// the operation reads or changes; $LATEST has none.
func TestLambdaResourcePolicyQualifierOnTheWire(t *testing.T) {
	srv := lambdaServer(t)
	require.Equal(t, http.StatusCreated, do(srv, http.MethodPost, "/2015-03-31/functions/f/versions", "").Code)
	const grant = `{"StatementId":"elb","Action":"lambda:InvokeFunction","Principal":"elasticloadbalancing.amazonaws.com"}`

	rec := do(srv, http.MethodPost, "/2015-03-31/functions/f/policy?Qualifier=1", grant)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `function:f:1`)
	assert.Equal(t, http.StatusOK, do(srv, http.MethodGet, "/2015-03-31/functions/f/policy?Qualifier=1", "").Code)
	assert.Equal(t, http.StatusNotFound, do(srv, http.MethodGet, "/2015-03-31/functions/f/policy", "").Code, "the function's own policy is empty")

	rec = do(srv, http.MethodPost, "/2015-03-31/functions/f/policy?Qualifier=%24LATEST", grant)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "InvalidParameterValueException", rec.Header().Get("X-Amzn-Errortype"))

	assert.Equal(t, http.StatusNoContent, do(srv, http.MethodDelete, "/2015-03-31/functions/f/policy/elb?Qualifier=1", "").Code)
	assert.Equal(t, http.StatusNotFound, do(srv, http.MethodGet, "/2015-03-31/functions/ghost/policy", "").Code)
}
