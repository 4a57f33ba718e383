package server

import "net/http"

// cloudWatchVersion is the API version CloudWatch's query requests carry.
const cloudWatchVersion = "2010-08-01"

// cloudWatchAPI routes CloudWatch's query requests, which older SDKs
// send (the model still lists the query protocol beside RPC v2 CBOR and
// AWS JSON 1.0).
var cloudWatchAPI = &queryAPI{
	name: "CloudWatch", version: cloudWatchVersion, signingName: "monitoring",
	actions: cloudWatchActions, form: cloudWatchQuery,
}

// cloudWatchQuery is CloudWatch's query protocol: its XML namespace,
// errors without a Detail, and the actions without output.
var cloudWatchQuery = &queryService{
	namespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
	noResult: map[string]bool{
		"PutMetricData": true, "PutMetricAlarm": true, "PutCompositeAlarm": true, "DeleteAlarms": true,
		"SetAlarmState": true, "EnableAlarmActions": true, "DisableAlarmActions": true,
	},
}

// cloudWatchActions are the operations the CloudWatch handler serves, in
// every protocol.
var cloudWatchActions = map[string]bool{
	"PutMetricData": true, "GetMetricStatistics": true, "GetMetricData": true, "ListMetrics": true,
	"PutMetricAlarm": true, "PutCompositeAlarm": true, "DescribeAlarms": true, "DescribeAlarmsForMetric": true,
	"DeleteAlarms": true, "SetAlarmState": true, "EnableAlarmActions": true, "DisableAlarmActions": true,
	"DescribeAlarmHistory": true,
}

// serveQuery runs a CloudWatch action of the query protocol: its
// parameters are read as the document the RPC protocols decode, and its
// output written as XML.
func (h *cloudWatchHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveDocument(r, rw, f, cloudWatchQuery, cloudWatchActions, h.run)
}
