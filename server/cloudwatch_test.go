package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// cwCall posts a CloudWatch operation with the CBOR document doc.
func cwCall(srv *Server, op, doc string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://monitoring.us-east-1.amazonaws.com"+cloudWatchPrefix+op, strings.NewReader(doc))
	req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	req.Header.Set("Content-Type", "application/cbor")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// Errors are a CBOR document with __type (the model's shape) and message,
// and the query protocol's code in x-amzn-query-error, which the SDKs
// report as the code.
func TestCloudWatchErrorsAreCBORWithTheQueryCode(t *testing.T) {
	srv := New(WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))))
	// {"AlarmName":"missing","StateValue":"ALARM","StateReason":"x"}
	rec := cwCall(srv, "SetAlarmState", "\xa3\x69AlarmName\x67missing\x6aStateValue\x65ALARM\x6bStateReason\x61x")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "ResourceNotFound;Sender", rec.Header().Get("X-Amzn-Query-Error"))
	assert.Equal(t, "application/cbor", rec.Header().Get("Content-Type"))
	assert.Equal(t, "rpc-v2-cbor", rec.Header().Get("Smithy-Protocol"))
	got, err := decodeCBOR(rec.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, "com.amazonaws.cloudwatch#ResourceNotFound", got.(map[string]any)["__type"])
	assert.NotEmpty(t, got.(map[string]any)["message"])

	// A member of the wrong type: {"AlarmNames":"x"}.
	rec = cwCall(srv, "DescribeAlarms", "\xa1\x6aAlarmNames\x61x")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	got, err = decodeCBOR(rec.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, "com.amazon.coral.service#SerializationException", got.(map[string]any)["__type"])

	rec = cwCall(srv, "PutDashboard", "\xa0")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "UnknownOperationException;Sender", rec.Header().Get("X-Amzn-Query-Error"))

	rec = cwCall(srv, "DescribeAlarms", "\xa1")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "Malformed CBOR")
}
