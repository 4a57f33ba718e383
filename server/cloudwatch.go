package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/awssim/awssim/cloudwatch"
)

// cloudWatchTarget is the X-Amz-Target prefix of CloudWatch's AWS JSON
// 1.0 protocol, which botocore sends.
const cloudWatchTarget = "GraniteServiceVersion20100801"

// cloudWatchPrefix is the path of CloudWatch's operations in the Smithy
// RPC v2 CBOR protocol: /service/SERVICE/operation/OPERATION, SERVICE the
// model's service shape.
const cloudWatchPrefix = "/service/GraniteServiceVersion20100801/operation/"

// cloudWatchRPC is CloudWatch's error form: the model's namespace and
// shapes, and the query protocol's code in x-amzn-query-error, since
// CloudWatch declares awsQueryCompatible.
var cloudWatchRPC = &jsonService{
	namespace: "com.amazonaws.cloudwatch",
	shapes: map[string]string{
		cloudwatch.ErrInvalidParameterValueException.Code:       "InvalidParameterValueException",
		cloudwatch.ErrMissingRequiredParameterException.Code:    "MissingRequiredParameterException",
		cloudwatch.ErrInvalidParameterCombinationException.Code: "InvalidParameterCombinationException",
		cloudwatch.ErrResourceNotFound.Code:                     "ResourceNotFound",
		cloudwatch.ErrLimitExceededFault.Code:                   "LimitExceededFault",
		cloudwatch.ErrInvalidFormatFault.Code:                   "InvalidFormatFault",
		cloudwatch.ErrInvalidNextToken.Code:                     "InvalidNextToken",
	},
	queryCompatible: true,
}

// cloudWatchHandler serves one cloudwatch.Service.
type cloudWatchHandler struct {
	svc *cloudwatch.Service
}

var contentTypeCBOR = []string{"application/cbor"}

// serve runs one CloudWatch operation: decode the input document (CBOR,
// or JSON with asJSON), call the service, encode the output in the
// same form.
func (h *cloudWatchHandler) serve(ctx context.Context, rw *responseWriter, op string, body []byte, asJSON bool) {
	fail := func(err error) { rw.cborError(err, cloudWatchRPC) }
	decode := decodeCBOR
	var w docWriter = &cborWriter{}
	if asJSON {
		fail = func(err error) { rw.jsonError(err, cloudWatchRPC) }
		decode = decodeJSONDocument
		w = &jsonDocWriter{}
	}
	in := map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		v, err := decode(body)
		m, ok := v.(map[string]any)
		if err == nil && !ok {
			err = errSerialization.With("The input is not a structure.")
		}
		if err != nil {
			fail(err)
			return
		}
		in = m
	}
	var decodeErr error
	c := docMap{m: in, err: &decodeErr}
	w.beginMap()
	err := h.run(ctx, op, c, w)
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		fail(err)
		return
	}
	w.end()
	if asJSON {
		rw.json(w.bytes())
		return
	}
	rw.header(contentTypeCBOR)
	rw.w.Header()["Smithy-Protocol"] = smithyProtocol
	rw.w.WriteHeader(http.StatusOK)
	rw.w.Write(w.bytes())
}

// decodeJSONDocument reads a JSON document into the values [docMap]
// reads: numbers as float64, timestamps (epoch seconds) among them.
func decodeJSONDocument(b []byte) (any, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, errSerialization.With("Malformed JSON: %v.", err)
	}
	return v, nil
}

var smithyProtocol = []string{"rpc-v2-cbor"}

// cborError writes err as the RPC v2 CBOR protocol does: the status AWS
// sends, a document with __type and message, and the query protocol's
// code in x-amzn-query-error.
func (rw *responseWriter) cborError(err error, svc *jsonService) {
	e, typ := errorType(err, svc)
	rw.header(contentTypeCBOR)
	rw.w.Header()["Smithy-Protocol"] = smithyProtocol
	svc.queryErrorHeader(rw, e)
	b := appendCBORHead(rw.buf[:0], 5, 2)
	b = appendCBORString(appendCBORString(b, "__type"), typ)
	b = appendCBORString(appendCBORString(b, "message"), e.Message)
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(b)
}

// dimensions reads a list of Dimension structures.
func (c docMap) dimensions(key string) []cloudwatch.Dimension {
	var out []cloudwatch.Dimension
	for _, d := range c.objects(key) {
		out = append(out, cloudwatch.Dimension{Name: d.str("Name"), Value: d.str("Value")})
	}
	return out
}

// metricQueries reads a list of MetricDataQuery structures.
func (c docMap) metricQueries(key string) []cloudwatch.MetricDataQuery {
	var out []cloudwatch.MetricDataQuery
	for _, q := range c.objects(key) {
		mq := cloudwatch.MetricDataQuery{
			Id: q.str("Id"), Expression: q.str("Expression"), Label: q.str("Label"),
			ReturnData: q.boolean("ReturnData"), Period: q.seconds("Period"), AccountId: q.str("AccountId"),
		}
		if ms, ok := q.object("MetricStat"); ok {
			m, _ := ms.object("Metric")
			mq.MetricStat = &cloudwatch.MetricStat{
				Metric: cloudwatch.Metric{Namespace: m.str("Namespace"), MetricName: m.str("MetricName"), Dimensions: m.dimensions("Dimensions")},
				Period: ms.seconds("Period"), Stat: ms.str("Stat"), Unit: cloudwatch.StandardUnit(ms.str("Unit")),
			}
		}
		out = append(out, mq)
	}
	return out
}

// dimensions writes a list of Dimension structures.
func writeDimensions(w docWriter, key string, list []cloudwatch.Dimension) {
	w.key(key)
	w.beginList()
	for _, d := range list {
		w.beginMap()
		w.str("Name", d.Name)
		w.str("Value", d.Value)
		w.end()
	}
	w.end()
}

// metricQueries writes a list of MetricDataQuery structures.
func writeMetricQueries(w docWriter, key string, list []cloudwatch.MetricDataQuery) {
	w.key(key)
	w.beginList()
	for _, q := range list {
		w.beginMap()
		w.str("Id", q.Id)
		if ms := q.MetricStat; ms != nil {
			w.key("MetricStat")
			w.beginMap()
			w.key("Metric")
			w.beginMap()
			w.str("Namespace", ms.Metric.Namespace)
			w.str("MetricName", ms.Metric.MetricName)
			writeDimensions(w, "Dimensions", ms.Metric.Dimensions)
			w.end()
			w.int("Period", int64(ms.Period.Seconds()))
			w.str("Stat", ms.Stat)
			w.str("Unit", string(ms.Unit))
			w.end()
		}
		w.str("Expression", q.Expression)
		w.str("Label", q.Label)
		if q.ReturnData != nil {
			w.bool("ReturnData", *q.ReturnData)
		}
		if q.Period > 0 {
			w.int("Period", int64(q.Period.Seconds()))
		}
		w.str("AccountId", q.AccountId)
		w.end()
	}
	w.end()
}

// alarmCommon writes the members metric and composite alarms share, all
// of a composite alarm's but its rule.
func writeAlarmCommon(w docWriter, a *cloudwatch.CompositeAlarm) {
	w.str("AlarmName", a.AlarmName)
	w.str("AlarmArn", a.AlarmArn)
	w.str("AlarmDescription", a.AlarmDescription)
	w.time("AlarmConfigurationUpdatedTimestamp", a.AlarmConfigurationUpdatedTimestamp)
	w.bool("ActionsEnabled", a.ActionsEnabled)
	w.strings("OKActions", a.OKActions)
	w.strings("AlarmActions", a.AlarmActions)
	w.strings("InsufficientDataActions", a.InsufficientDataActions)
	w.str("StateValue", string(a.StateValue))
	w.str("StateReason", a.StateReason)
	w.str("StateReasonData", a.StateReasonData)
	w.time("StateUpdatedTimestamp", a.StateUpdatedTimestamp)
	w.time("StateTransitionedTimestamp", a.StateTransitionedTimestamp)
}

// writeMetricAlarms writes a list of MetricAlarm structures.
func writeMetricAlarms(w docWriter, list []cloudwatch.MetricAlarm) {
	w.key("MetricAlarms")
	w.beginList()
	for i := range list {
		a := &list[i]
		w.beginMap()
		writeAlarmCommon(w, &cloudwatch.CompositeAlarm{
			AlarmName: a.AlarmName, AlarmArn: a.AlarmArn, AlarmDescription: a.AlarmDescription,
			AlarmConfigurationUpdatedTimestamp: a.AlarmConfigurationUpdatedTimestamp, ActionsEnabled: a.ActionsEnabled,
			OKActions: a.OKActions, AlarmActions: a.AlarmActions, InsufficientDataActions: a.InsufficientDataActions,
			StateValue: a.StateValue, StateReason: a.StateReason, StateReasonData: a.StateReasonData,
			StateUpdatedTimestamp: a.StateUpdatedTimestamp, StateTransitionedTimestamp: a.StateTransitionedTimestamp,
		})
		w.str("MetricName", a.MetricName)
		w.str("Namespace", a.Namespace)
		w.str("Statistic", string(a.Statistic))
		w.str("ExtendedStatistic", a.ExtendedStatistic)
		writeDimensions(w, "Dimensions", a.Dimensions)
		if a.Period > 0 {
			w.int("Period", int64(a.Period.Seconds()))
		}
		w.str("Unit", string(a.Unit))
		w.int("EvaluationPeriods", int64(a.EvaluationPeriods))
		if a.DatapointsToAlarm > 0 {
			w.int("DatapointsToAlarm", int64(a.DatapointsToAlarm))
		}
		w.float("Threshold", a.Threshold)
		w.str("ComparisonOperator", string(a.ComparisonOperator))
		w.str("TreatMissingData", string(a.TreatMissingData))
		w.str("EvaluateLowSampleCountPercentile", a.EvaluateLowSampleCountPercentile)
		if len(a.Metrics) > 0 {
			writeMetricQueries(w, "Metrics", a.Metrics)
		}
		w.end()
	}
	w.end()
}

// tags reads a list of Tag structures.
func (c docMap) tags(key string) []cloudwatch.Tag {
	var out []cloudwatch.Tag
	for _, t := range c.objects(key) {
		out = append(out, cloudwatch.Tag{Key: t.str("Key"), Value: t.str("Value")})
	}
	return out
}

// alarmTypes reads a list of AlarmType values.
func (c docMap) alarmTypes(key string) []cloudwatch.AlarmType {
	var out []cloudwatch.AlarmType
	for _, t := range c.strings(key) {
		out = append(out, cloudwatch.AlarmType(t))
	}
	return out
}

// writeMessages writes a list of MessageData structures.
func writeMessages(w docWriter, list []cloudwatch.MessageData) {
	w.key("Messages")
	w.beginList()
	for _, m := range list {
		w.beginMap()
		w.str("Code", m.Code)
		w.str("Value", m.Value)
		w.end()
	}
	w.end()
}

// run calls the service for one operation and writes the output's members.
func (h *cloudWatchHandler) run(ctx context.Context, op string, c docMap, w docWriter) error {
	switch op {
	case "PutMetricData":
		in := &cloudwatch.PutMetricDataInput{Namespace: c.str("Namespace")}
		for _, d := range c.objects("MetricData") {
			md := cloudwatch.MetricDatum{
				MetricName: d.str("MetricName"), Dimensions: d.dimensions("Dimensions"), Timestamp: d.timestamp("Timestamp"),
				Value: d.float("Value"), Values: d.floats("Values"), Counts: d.floats("Counts"),
				Unit: cloudwatch.StandardUnit(d.str("Unit")), StorageResolution: d.integer("StorageResolution"),
			}
			if sv, ok := d.object("StatisticValues"); ok {
				md.StatisticValues = &cloudwatch.StatisticSet{}
				md.StatisticValues.SampleCount, _ = sv.number("SampleCount")
				md.StatisticValues.Sum, _ = sv.number("Sum")
				md.StatisticValues.Minimum, _ = sv.number("Minimum")
				md.StatisticValues.Maximum, _ = sv.number("Maximum")
			}
			in.MetricData = append(in.MetricData, md)
		}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.PutMetricData(ctx, in)
		return err
	case "GetMetricStatistics":
		in := &cloudwatch.GetMetricStatisticsInput{
			Namespace: c.str("Namespace"), MetricName: c.str("MetricName"), Dimensions: c.dimensions("Dimensions"),
			StartTime: c.timestamp("StartTime"), EndTime: c.timestamp("EndTime"), Period: c.seconds("Period"),
			ExtendedStatistics: c.strings("ExtendedStatistics"), Unit: cloudwatch.StandardUnit(c.str("Unit")),
		}
		for _, s := range c.strings("Statistics") {
			in.Statistics = append(in.Statistics, cloudwatch.Statistic(s))
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.GetMetricStatistics(ctx, in)
		if err != nil {
			return err
		}
		w.str("Label", out.Label)
		w.key("Datapoints")
		w.beginList()
		for _, p := range out.Datapoints {
			w.beginMap()
			w.time("Timestamp", p.Timestamp)
			for _, f := range []struct {
				name string
				v    *float64
			}{{"SampleCount", p.SampleCount}, {"Average", p.Average}, {"Sum", p.Sum}, {"Minimum", p.Minimum}, {"Maximum", p.Maximum}} {
				if f.v != nil {
					w.float(f.name, *f.v)
				}
			}
			w.str("Unit", string(p.Unit))
			if len(p.ExtendedStatistics) > 0 {
				w.key("ExtendedStatistics")
				w.beginEntries()
				for _, k := range sortedKeys(nil, p.ExtendedStatistics) {
					w.float(k, p.ExtendedStatistics[k])
				}
				w.end()
			}
			w.end()
		}
		w.end()
	case "PutMetricAlarm":
		in := &cloudwatch.PutMetricAlarmInput{
			AlarmName: c.str("AlarmName"), AlarmDescription: c.str("AlarmDescription"), ActionsEnabled: c.boolean("ActionsEnabled"),
			OKActions: c.strings("OKActions"), AlarmActions: c.strings("AlarmActions"), InsufficientDataActions: c.strings("InsufficientDataActions"),
			MetricName: c.str("MetricName"), Namespace: c.str("Namespace"), Statistic: cloudwatch.Statistic(c.str("Statistic")),
			ExtendedStatistic: c.str("ExtendedStatistic"), Dimensions: c.dimensions("Dimensions"), Period: c.seconds("Period"),
			Unit: cloudwatch.StandardUnit(c.str("Unit")), Metrics: c.metricQueries("Metrics"), ThresholdMetricId: c.str("ThresholdMetricId"),
			ComparisonOperator: cloudwatch.ComparisonOperator(c.str("ComparisonOperator")),
			EvaluationPeriods:  c.integer("EvaluationPeriods"), DatapointsToAlarm: c.integer("DatapointsToAlarm"),
			Threshold: c.float("Threshold"), TreatMissingData: cloudwatch.TreatMissingData(c.str("TreatMissingData")),
			EvaluateLowSampleCountPercentile: c.str("EvaluateLowSampleCountPercentile"),
		}
		in.Tags = c.tags("Tags")
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.PutMetricAlarm(ctx, in)
		return err
	case "DescribeAlarms":
		in := &cloudwatch.DescribeAlarmsInput{
			AlarmNames: c.strings("AlarmNames"), AlarmNamePrefix: c.str("AlarmNamePrefix"),
			StateValue: cloudwatch.StateValue(c.str("StateValue")), ActionPrefix: c.str("ActionPrefix"),
			MaxRecords: c.integer("MaxRecords"), NextToken: c.str("NextToken"),
			ChildrenOfAlarmName: c.str("ChildrenOfAlarmName"), ParentsOfAlarmName: c.str("ParentsOfAlarmName"),
		}
		in.AlarmTypes = c.alarmTypes("AlarmTypes")
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeAlarms(ctx, in)
		if err != nil {
			return err
		}
		writeMetricAlarms(w, out.MetricAlarms)
		w.key("CompositeAlarms")
		w.beginList()
		for i := range out.CompositeAlarms {
			a := &out.CompositeAlarms[i]
			w.beginMap()
			writeAlarmCommon(w, a)
			w.str("AlarmRule", a.AlarmRule)
			w.end()
		}
		w.end()
		w.str("NextToken", out.NextToken)
	case "DeleteAlarms":
		in := &cloudwatch.DeleteAlarmsInput{AlarmNames: c.strings("AlarmNames")}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.DeleteAlarms(ctx, in)
		return err
	case "SetAlarmState":
		_, err := h.svc.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{
			AlarmName: c.str("AlarmName"), StateValue: cloudwatch.StateValue(c.str("StateValue")),
			StateReason: c.str("StateReason"), StateReasonData: c.str("StateReasonData"),
		})
		return err
	case "DescribeAlarmsForMetric":
		in := &cloudwatch.DescribeAlarmsForMetricInput{
			MetricName: c.str("MetricName"), Namespace: c.str("Namespace"), Dimensions: c.dimensions("Dimensions"),
			Statistic: cloudwatch.Statistic(c.str("Statistic")), ExtendedStatistic: c.str("ExtendedStatistic"),
			Period: c.seconds("Period"), Unit: cloudwatch.StandardUnit(c.str("Unit")),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeAlarmsForMetric(ctx, in)
		if err != nil {
			return err
		}
		writeMetricAlarms(w, out.MetricAlarms)
	case "EnableAlarmActions", "DisableAlarmActions":
		names := c.strings("AlarmNames")
		if *c.err != nil {
			return *c.err
		}
		var err error
		if op == "EnableAlarmActions" {
			_, err = h.svc.EnableAlarmActions(ctx, &cloudwatch.EnableAlarmActionsInput{AlarmNames: names})
		} else {
			_, err = h.svc.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: names})
		}
		return err
	case "PutCompositeAlarm":
		in := &cloudwatch.PutCompositeAlarmInput{
			AlarmName: c.str("AlarmName"), AlarmDescription: c.str("AlarmDescription"), AlarmRule: c.str("AlarmRule"),
			ActionsEnabled: c.boolean("ActionsEnabled"), OKActions: c.strings("OKActions"), AlarmActions: c.strings("AlarmActions"),
			InsufficientDataActions: c.strings("InsufficientDataActions"), Tags: c.tags("Tags"),
			ActionsSuppressor:                c.str("ActionsSuppressor"),
			ActionsSuppressorWaitPeriod:      c.seconds("ActionsSuppressorWaitPeriod"),
			ActionsSuppressorExtensionPeriod: c.seconds("ActionsSuppressorExtensionPeriod"),
		}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.PutCompositeAlarm(ctx, in)
		return err
	case "DescribeAlarmHistory":
		in := &cloudwatch.DescribeAlarmHistoryInput{
			AlarmName: c.str("AlarmName"), AlarmTypes: c.alarmTypes("AlarmTypes"),
			HistoryItemType: cloudwatch.HistoryItemType(c.str("HistoryItemType")),
			StartDate:       c.timestamp("StartDate"), EndDate: c.timestamp("EndDate"),
			MaxRecords: c.integer("MaxRecords"), NextToken: c.str("NextToken"), ScanBy: cloudwatch.ScanBy(c.str("ScanBy")),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeAlarmHistory(ctx, in)
		if err != nil {
			return err
		}
		w.key("AlarmHistoryItems")
		w.beginList()
		for _, it := range out.AlarmHistoryItems {
			w.beginMap()
			w.str("AlarmName", it.AlarmName)
			w.str("AlarmType", string(it.AlarmType))
			w.time("Timestamp", it.Timestamp)
			w.str("HistoryItemType", string(it.HistoryItemType))
			w.str("HistorySummary", it.HistorySummary)
			w.str("HistoryData", it.HistoryData)
			w.end()
		}
		w.end()
		w.str("NextToken", out.NextToken)
	case "ListMetrics":
		in := &cloudwatch.ListMetricsInput{
			Namespace: c.str("Namespace"), MetricName: c.str("MetricName"),
			RecentlyActive: c.str("RecentlyActive"), NextToken: c.str("NextToken"),
		}
		for _, d := range c.objects("Dimensions") {
			in.Dimensions = append(in.Dimensions, cloudwatch.DimensionFilter{Name: d.str("Name"), Value: d.str("Value")})
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ListMetrics(ctx, in)
		if err != nil {
			return err
		}
		w.key("Metrics")
		w.beginList()
		for _, m := range out.Metrics {
			w.beginMap()
			w.str("Namespace", m.Namespace)
			w.str("MetricName", m.MetricName)
			writeDimensions(w, "Dimensions", m.Dimensions)
			w.end()
		}
		w.end()
		w.str("NextToken", out.NextToken)
	case "GetMetricData":
		in := &cloudwatch.GetMetricDataInput{
			MetricDataQueries: c.metricQueries("MetricDataQueries"),
			StartTime:         c.timestamp("StartTime"), EndTime: c.timestamp("EndTime"),
			ScanBy: cloudwatch.ScanBy(c.str("ScanBy")), MaxDatapoints: c.integer("MaxDatapoints"), NextToken: c.str("NextToken"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.GetMetricData(ctx, in)
		if err != nil {
			return err
		}
		w.key("MetricDataResults")
		w.beginList()
		for _, r := range out.MetricDataResults {
			w.beginMap()
			w.str("Id", r.Id)
			w.str("Label", r.Label)
			w.times("Timestamps", r.Timestamps)
			w.floats("Values", r.Values)
			w.str("StatusCode", r.StatusCode)
			if len(r.Messages) > 0 {
				writeMessages(w, r.Messages)
			}
			w.end()
		}
		w.end()
		writeMessages(w, out.Messages)
		w.str("NextToken", out.NextToken)
	default:
		return errUnknownOperation.With("Operation %s of CloudWatch is not served.", op)
	}
	return nil
}
