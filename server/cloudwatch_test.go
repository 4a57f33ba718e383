package server

import (
	"encoding/json"
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

// botocore sends CloudWatch as AWS JSON 1.0 (X-Amz-Target:
// GraniteServiceVersion20100801.Operation), timestamps as epoch seconds;
// the handler answers in the same form.
func TestCloudWatchOverAWSJSON(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := New(WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(clk))))
	call := func(op, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "http://monitoring.us-east-1.amazonaws.com/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", cloudWatchTarget+"."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	rec := call("PutMetricAlarm", `{"AlarmName":"deep","Namespace":"Shop","MetricName":"Depth","Statistic":"Maximum","Period":60,"EvaluationPeriods":1,"Threshold":10.5,"ComparisonOperator":"GreaterThanThreshold","AlarmActions":["arn:aws:sns:us-east-1:000000000000:pager"]}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	rec = call("PutMetricData", `{"Namespace":"Shop","MetricData":[{"MetricName":"Depth","Timestamp":1767225600.5,"Value":20}]}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	clk.Advance(2 * time.Minute)

	rec = call("DescribeAlarms", `{"AlarmNames":["deep"]}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/x-amz-json-1.0", rec.Header().Get("Content-Type"))
	var out struct {
		MetricAlarms []struct {
			AlarmName, StateValue                         string
			Threshold, AlarmConfigurationUpdatedTimestamp float64
			AlarmActions, OKActions                       []string
			Period                                        int
		}
		CompositeAlarms []any
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
	require.Len(t, out.MetricAlarms, 1)
	a := out.MetricAlarms[0]
	assert.Equal(t, "ALARM", a.StateValue)
	assert.Equal(t, 10.5, a.Threshold)
	assert.Equal(t, 60, a.Period)
	assert.Equal(t, float64(1767225600), a.AlarmConfigurationUpdatedTimestamp)
	assert.Equal(t, []string{"arn:aws:sns:us-east-1:000000000000:pager"}, a.AlarmActions)
	assert.Equal(t, []string{}, a.OKActions)
	assert.Empty(t, out.CompositeAlarms)

	rec = call("SetAlarmState", `{"AlarmName":"missing","StateValue":"OK","StateReason":"x"}`)
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "ResourceNotFound;Sender", rec.Header().Get("X-Amzn-Query-Error"))
	var e map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e))
	assert.Equal(t, "com.amazonaws.cloudwatch#ResourceNotFound", e["__type"])
	assert.NotEmpty(t, e["message"])
}
