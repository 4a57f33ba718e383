package server

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// cwQuery posts a CloudWatch action of the query protocol.
func cwQuery(srv *Server, form url.Values) *httptest.ResponseRecorder {
	form.Set("Version", cloudWatchVersion)
	return postForm(srv, form)
}

// postForm posts a query request with the parameters form.
func postForm(srv *Server, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// Older clients send CloudWatch as the query protocol (Version
// 2010-08-01): lists as NAME.member.N, timestamps in ISO 8601, and the
// answer in XML in CloudWatch's namespace, lists as <member> and
// ExtendedStatistics as <entry> elements.
func TestCloudWatchOverTheQueryProtocol(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := New(WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(clk))))
	rec := cwQuery(srv, url.Values{
		"Action": {"PutMetricAlarm"}, "AlarmName": {"deep"}, "Namespace": {"Shop"}, "MetricName": {"Depth"},
		"Dimensions.member.1.Name": {"Queue"}, "Dimensions.member.1.Value": {"orders"},
		"Statistic": {"Maximum"}, "Period": {"60"}, "EvaluationPeriods": {"1"}, "Threshold": {"10.5"},
		"ComparisonOperator": {"GreaterThanThreshold"}, "AlarmActions.member.1": {"arn:aws:sns:us-east-1:000000000000:pager"},
		"ActionsEnabled": {"true"},
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, `<PutMetricAlarmResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>`+
		rec.Header().Get("X-Amzn-Requestid")+`</RequestId></ResponseMetadata></PutMetricAlarmResponse>`, rec.Body.String())
	rec = cwQuery(srv, url.Values{
		"Action": {"PutMetricData"}, "Namespace": {"Shop"},
		"MetricData.member.1.MetricName": {"Depth"}, "MetricData.member.1.Timestamp": {"2026-01-01T00:00:00.500Z"},
		"MetricData.member.1.Value":                    {"20"},
		"MetricData.member.1.Dimensions.member.1.Name": {"Queue"}, "MetricData.member.1.Dimensions.member.1.Value": {"orders"},
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	clk.Advance(2 * time.Minute)

	rec = cwQuery(srv, url.Values{"Action": {"DescribeAlarms"}, "AlarmNames.member.1": {"deep"}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var alarms struct {
		Alarms []struct {
			AlarmName    string
			StateValue   string
			Threshold    float64
			AlarmActions []string                       `xml:"AlarmActions>member"`
			Dimensions   []struct{ Name, Value string } `xml:"Dimensions>member"`
			Updated      time.Time                      `xml:"StateUpdatedTimestamp"`
		} `xml:"DescribeAlarmsResult>MetricAlarms>member"`
	}
	require.NoError(t, xml.Unmarshal(rec.Body.Bytes(), &alarms), rec.Body.String())
	require.Len(t, alarms.Alarms, 1)
	a := alarms.Alarms[0]
	assert.Equal(t, "deep", a.AlarmName)
	assert.Equal(t, "ALARM", a.StateValue)
	assert.Equal(t, 10.5, a.Threshold)
	assert.Equal(t, []string{"arn:aws:sns:us-east-1:000000000000:pager"}, a.AlarmActions)
	require.Len(t, a.Dimensions, 1)
	assert.Equal(t, "orders", a.Dimensions[0].Value)
	assert.False(t, a.Updated.IsZero())

	rec = cwQuery(srv, url.Values{
		"Action": {"GetMetricStatistics"}, "Namespace": {"Shop"}, "MetricName": {"Depth"},
		"Dimensions.member.1.Name": {"Queue"}, "Dimensions.member.1.Value": {"orders"},
		"StartTime": {"2026-01-01T00:00:00Z"}, "EndTime": {"2026-01-01T00:02:00Z"}, "Period": {"60"},
		"ExtendedStatistics.member.1": {"p99"},
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<Datapoints><member><Timestamp>2026-01-01T00:00:00.000Z</Timestamp>")
	assert.Contains(t, rec.Body.String(), "<ExtendedStatistics><entry><key>p99</key><value>20</value></entry></ExtendedStatistics>")
}

// CloudWatch's query errors are an ErrorResponse in its namespace with
// the code and the status AWS sends; a value of the wrong type is an
// InvalidParameterValue and an action the handler does not serve an
// InvalidAction.
func TestCloudWatchQueryErrorsAreErrorResponses(t *testing.T) {
	srv := New(WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))))
	rec := cwQuery(srv, url.Values{"Action": {"SetAlarmState"}, "AlarmName": {"missing"}, "StateValue": {"ALARM"}, "StateReason": {"x"}})
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), `<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>ResourceNotFound</Code>`)

	rec = cwQuery(srv, url.Values{"Action": {"DescribeAlarms"}, "MaxRecords": {"many"}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>InvalidParameterValue</Code>")

	rec = cwQuery(srv, url.Values{"Action": {"PutDashboard"}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>InvalidAction</Code>")
}

// formDocument reads NAME.member.N as a list in index order, ending at
// the first missing index, and dotted names as nested structures.
func TestFormDocumentNestsListsAndStructures(t *testing.T) {
	doc := formDocument(url.Values{
		"Action": {"X"}, "Version": {"Y"}, "Name": {"n"},
		"List.member.2": {"b"}, "List.member.1": {"a"}, "List.member.4": {"d"},
		"Items.member.1.Key": {"k"}, "Items.member.1.Sub.Inner": {"i"},
		"Empty": {""},
	})
	assert.Equal(t, map[string]any{
		"Name":  "n",
		"List":  []any{"a", "b"},
		"Items": []any{map[string]any{"Key": "k", "Sub": map[string]any{"Inner": "i"}}},
		"Empty": "",
	}, doc)
}
