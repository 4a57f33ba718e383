package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// shout is the code at s3://code/shout.zip: it upper-cases its payload.
func shout(loc server.CodeLocation) *lambda.Code {
	if loc.S3Bucket != "code" || loc.S3Key != "shout.zip" {
		return nil
	}
	return &lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) {
		return []byte(strings.ToUpper(string(p))), nil
	}}
}

// A function created over the wire runs the Go code that the server's
// FunctionCode finds for the request's Code, and answers 201 with its
// configuration, as CreateFunction does.
func TestLambdaCreateFunctionOnTheWireRunsTheCodeItsLocationNames(t *testing.T) {
	srv := server.New(server.WithLambda(lambda.New(lambda.WithClock(sim.NewClock(start))), shout))

	rec := do(srv, http.MethodPost, "/2015-03-31/functions", `{"FunctionName":"shout","Role":"arn:aws:iam::000000000000:role/r",
		"Runtime":"provided.al2023","Handler":"bootstrap","Timeout":10,"MemorySize":256,
		"Environment":{"Variables":{"MODE":"loud"}},"Code":{"S3Bucket":"code","S3Key":"shout.zip"}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var cfg struct {
		FunctionName string
		Timeout      int
		MemorySize   int
		Environment  struct{ Variables map[string]string }
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &cfg))
	assert.Equal(t, "shout", cfg.FunctionName)
	assert.Equal(t, 10, cfg.Timeout)
	assert.Equal(t, 256, cfg.MemorySize)
	assert.Equal(t, map[string]string{"MODE": "loud"}, cfg.Environment.Variables)

	rec = do(srv, http.MethodPost, "/2015-03-31/functions/shout/invocations", `"hello"`)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, `"HELLO"`, rec.Body.String())
}

// Code the FunctionCode does not know is refused as AWS refuses an S3
// object that is not there, and without a FunctionCode CreateFunction is
// refused outright; neither makes a function.
func TestLambdaCreateFunctionOnTheWireRefusesCodeItCannotFind(t *testing.T) {
	body := `{"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{"S3Bucket":"code","S3Key":"other.zip"}}`
	for name, code := range map[string]server.FunctionCode{"unknown location": shout, "no FunctionCode": nil} {
		t.Run(name, func(t *testing.T) {
			srv := server.New(server.WithLambda(lambda.New(lambda.WithClock(sim.NewClock(start))), code))
			rec := do(srv, http.MethodPost, "/2015-03-31/functions", body)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Equal(t, "InvalidParameterValueException", rec.Header().Get("X-Amzn-Errortype"))
			assert.Equal(t, http.StatusNotFound, do(srv, http.MethodGet, "/2015-03-31/functions/f", "").Code)
		})
	}
}

// A ZIP file's bytes reach the FunctionCode decoded from the request's
// base64.
func TestLambdaCreateFunctionOnTheWireGivesTheZipFilesBytes(t *testing.T) {
	var got []byte
	code := func(loc server.CodeLocation) *lambda.Code {
		got = loc.ZipFile
		return &lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) { return p, nil }, Source: loc.ZipFile}
	}
	srv := server.New(server.WithLambda(lambda.New(lambda.WithClock(sim.NewClock(start))), code))
	rec := do(srv, http.MethodPost, "/2015-03-31/functions", `{"FunctionName":"z","Role":"arn:aws:iam::000000000000:role/r","Code":{"ZipFile":"UEsDBA=="}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.Equal(t, []byte("PK\x03\x04"), got)
}
