package server_test

import (
	"context"
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
	return server.New(server.WithLambda(fns))
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
	srv := server.New(server.WithLambda(fns), server.WithCredentials(server.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}))

	rec := do(srv, http.MethodGet, "/2015-03-31/functions/", "")

	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "MissingAuthenticationToken", rec.Header().Get("X-Amzn-Errortype"))
	assert.NotEmpty(t, rec.Header().Get("Date"), "dated by the account's clock")
}
