package cloudwatch_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// "When all three datapoints in the most recent three consecutive periods
// are above the threshold, the alarm goes to the ALARM state" (CloudWatch
// User Guide, Evaluating an alarm): at the end of the third period, not
// before.
func TestThreeOfThreeBreachingDatapointsMoveTheAlarmToAlarmAtTheThirdPeriodsEnd(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 3, 3, "", nil)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"))

	w.minute(t, 5, 5)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"), "two breaching datapoints are not three")
	assert.Empty(t, w.topics.got())

	w.put(t, 5)
	w.clk.Advance(time.Minute - time.Second)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"), "the third period has not ended")
	w.clk.Advance(time.Second)
	a, _ := w.cw.Inspect().Alarm("latency")
	assert.Equal(t, cloudwatch.StateAlarm, a.State)
	assert.Equal(t, start.Add(3*time.Minute), a.StateUpdatedAt)
	assert.Equal(t, "Threshold Crossed: 3 out of the last 3 datapoints [5.0 (02/03/26 09:02:00), 5.0 (02/03/26 09:01:00), 5.0 (02/03/26 09:00:00)] were greater than or equal to the threshold (3.0) (minimum 3 datapoints for OK -> ALARM transition).", a.StateReason)

	got := w.topics.got()
	require.Len(t, got, 1)
	assert.Equal(t, topicARN, got[0].Target)
	assert.Equal(t, start.Add(3*time.Minute), got[0].At)
}

// The tables of the User Guide's "How alarm state is evaluated when data
// is missing": five periods, oldest first (0 within the threshold, X
// breaching, - missing), evaluated once, for each TreatMissingData. An
// alarm set to ALARM beforehand shows "retain current state".
func TestMissingDataIsTreatedAsTheUserGuidesTablesSay(t *testing.T) {
	const retain = "retain"
	for _, c := range []struct {
		m, n   int
		points string
		want   [4]cloudwatch.StateValue // missing, ignore, breaching, notBreaching
	}{
		{3, 3, "0-X-X", [4]cloudwatch.StateValue{"OK", "OK", "OK", "OK"}},
		{3, 3, "0----", [4]cloudwatch.StateValue{"OK", "OK", "OK", "OK"}},
		{3, 3, "-----", [4]cloudwatch.StateValue{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
		{3, 3, "0XX-X", [4]cloudwatch.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{3, 3, "----X", [4]cloudwatch.StateValue{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
		{2, 3, "0-X-X", [4]cloudwatch.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{2, 3, "00X0X", [4]cloudwatch.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{2, 3, "0-X--", [4]cloudwatch.StateValue{"OK", "OK", "ALARM", "OK"}},
		{2, 3, "----0", [4]cloudwatch.StateValue{"OK", "OK", "ALARM", "OK"}},
		{2, 3, "----X", [4]cloudwatch.StateValue{"INSUFFICIENT_DATA", retain, "ALARM", "OK"}},
	} {
		for i, treat := range []cloudwatch.TreatMissingData{"missing", "ignore", "breaching", "notBreaching"} {
			name := c.points + " " + string(treat)
			w := newWorld(t)
			w.clk.Advance(5 * time.Minute)
			for j, p := range c.points {
				at := start.Add(time.Duration(j+1) * time.Minute) // the range read at 09:06: 09:01 to 09:06
				var v float64
				switch p {
				case '-':
					continue
				case '0':
					v = 1
				case 'X':
					v = 5
				}
				_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
					{MetricName: "Latency", Timestamp: at, Value: cloudwatch.Float64(v)},
				}})
				require.NoError(t, err)
			}
			w.clk.Advance(30 * time.Second)
			w.alarm(t, "a", c.m, c.n, treat, func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions, in.OKActions = nil, nil })
			_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: "a", StateValue: cloudwatch.StateAlarm, StateReason: "before"})
			require.NoError(t, err)
			w.clk.Advance(30 * time.Second)
			want := c.want[i]
			if want == retain {
				want = cloudwatch.StateAlarm
			}
			assert.Equal(t, want, w.state(t, "a"), "%d of %d, %s", c.m, c.n, name)
		}
	}
}

// With missing data treated as notBreaching, an alarm whose metric stops
// returns to OK once fewer than N real datapoints are left in its
// evaluation range, and says why.
func TestMissingDataTreatedAsNotBreachingReturnsToOK(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, cloudwatch.MissingDataNotBreaching, nil)
	w.minute(t, 5)
	require.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))

	w.clk.Advance(2 * time.Minute) // the breaching datapoint is still the newest one in the range
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	w.clk.Advance(time.Minute) // and now it has left the range: 09:01 to 09:04
	a, _ := w.cw.Inspect().Alarm("latency")
	assert.Equal(t, cloudwatch.StateOK, a.State)
	assert.Equal(t, start.Add(4*time.Minute), a.StateUpdatedAt)
	assert.Equal(t, "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].", a.StateReason)

	got := w.topics.got()
	require.Len(t, got, 2, "the ALARM and the OK notification")
	assert.Contains(t, got[1].Body, `"NewStateValue":"OK"`)
	assert.Contains(t, got[1].Body, `"OldStateValue":"ALARM"`)
}

// M out of N: two breaching datapoints of the last three alarm, whether
// or not they are consecutive; with fewer than N datapoints, only
// breaching ones are too few to tell; the OK that follows needs N-M+1 = 2
// within the threshold.
func TestTwoOfThreeBreachingDatapointsAlarmWhetherOrNotConsecutive(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 2, 3, "", nil)
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"), "one breaching datapoint: too few to tell")
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	w.minute(t, 1, 1)
	a, _ := w.cw.Inspect().Alarm("latency")
	assert.Equal(t, cloudwatch.StateOK, a.State, "5 1 1")
	assert.Equal(t, "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (02/03/26 09:03:00), 1.0 (02/03/26 09:02:00)] were not greater than or equal to the threshold (3.0) (minimum 2 datapoints for ALARM -> OK transition).", a.StateReason)
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "latency"), "1 1 5")
	w.minute(t, 1, 5)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"), "5 1 5")
}

// The notification an SNS topic gets is the JSON AWS publishes, with the
// alarm's configuration in Trigger; the StateReasonData is AWS's form.
func TestTheTopicGetsAWSsAlarmNotificationJSON(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) {
		in.AlarmDescription = "p99 latency"
		in.Dimensions = []cloudwatch.Dimension{{Name: "Service", Value: "checkout"}}
		in.Unit = cloudwatch.UnitMilliseconds
	})
	_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
		{MetricName: "Latency", Dimensions: []cloudwatch.Dimension{{Name: "Service", Value: "checkout"}}, Value: cloudwatch.Float64(7.5), Unit: cloudwatch.UnitMilliseconds},
	}})
	require.NoError(t, err)
	w.clk.Advance(time.Minute)

	got := w.topics.got()
	require.Len(t, got, 1)
	assert.JSONEq(t, `{
		"AlarmName": "latency", "AlarmDescription": "p99 latency", "AWSAccountId": "000000000000",
		"AlarmConfigurationUpdatedTimestamp": "2026-03-02T09:00:00.000+0000",
		"NewStateValue": "ALARM",
		"NewStateReason": "Threshold Crossed: 1 out of the last 1 datapoints [7.5 (02/03/26 09:00:00)] was greater than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition).",
		"StateChangeTime": "2026-03-02T09:01:00.000+0000", "Region": "US East (N. Virginia)",
		"AlarmArn": "arn:aws:cloudwatch:us-east-1:000000000000:alarm:latency", "OldStateValue": "INSUFFICIENT_DATA",
		"OKActions": ["`+topicARN+`"], "AlarmActions": ["`+topicARN+`"], "InsufficientDataActions": [],
		"Trigger": {"MetricName": "Latency", "Namespace": "App", "StatisticType": "Statistic", "Statistic": "MAXIMUM",
			"Unit": "Milliseconds", "Dimensions": [{"value": "checkout", "name": "Service"}], "Period": 60,
			"EvaluationPeriods": 1, "DatapointsToAlarm": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
			"Threshold": 3.0, "TreatMissingData": "missing", "EvaluateLowSampleCountPercentile": ""}
	}`, got[0].Body)
	assert.Contains(t, got[0].Body, `"Threshold":3.0`, "numbers as Java writes them")

	out, err := w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"latency"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"1.0","queryDate":"2026-03-02T09:01:00.000+0000","startDate":"2026-03-02T09:00:00.000+0000",
		"unit":"Milliseconds","statistic":"Maximum","period":60,"recentDatapoints":[7.5],"threshold":3.0,
		"evaluatedDatapoints":[{"timestamp":"2026-03-02T09:00:00.000+0000","sampleCount":1.0,"value":7.5}]}`, out.MetricAlarms[0].StateReasonData)
}

// SetAlarmState runs the new state's actions, and the next evaluation
// sets the state the data calls for again ("This temporary state change
// lasts only until the next alarm comparison occurs").
func TestSetAlarmStateRunsActionsUntilTheNextEvaluation(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", nil)
	w.minute(t, 1)
	require.Equal(t, cloudwatch.StateOK, w.state(t, "latency"))

	w.clk.Advance(10 * time.Second)
	_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: "latency", StateValue: cloudwatch.StateAlarm, StateReason: "testing the pager"})
	require.NoError(t, err)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	got := w.topics.got()
	require.Len(t, got, 2)
	assert.Contains(t, got[1].Body, `"NewStateReason":"testing the pager"`)

	w.put(t, 1)
	w.clk.Advance(50 * time.Second)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "latency"))
	assert.Len(t, w.topics.got(), 3)
}

// With actions disabled the alarm still changes state and records it,
// but notifies no one.
func TestDisabledActionsDoNotRun(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", nil)
	_, err := w.cw.DisableAlarmActions(t.Context(), &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"latency", "no-such-alarm"}})
	require.NoError(t, err)
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	assert.Empty(t, w.topics.got())

	_, err = w.cw.EnableAlarmActions(t.Context(), &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{"latency"}})
	require.NoError(t, err)
	w.minute(t, 1)
	assert.Len(t, w.topics.got(), 1, "the OK transition runs")
}

// "For Auto Scaling actions, the alarm continues to invoke the action for
// every period that the alarm remains in the new state. For Amazon SNS
// notifications, no additional actions are invoked." (User Guide)
func TestAutoScalingActionsRepeatEveryPeriodTheStateLasts(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "queue-deep", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) {
		in.AlarmActions = []string{topicARN, policyARN}
		in.OKActions = nil
	})
	w.minute(t, 5, 5, 5)
	assert.Len(t, w.topics.got(), 1)
	scaled := w.autoscaler.got()
	require.Len(t, scaled, 3)
	for i, d := range scaled {
		assert.Equal(t, policyARN, d.Target)
		assert.Equal(t, start.Add(time.Duration(i+1)*time.Minute), d.At)
	}

	// The policy reads the alarm's state, by the ARN in the notification.
	st, err := w.cw.AlarmStatus("arn:aws:cloudwatch:us-east-1:000000000000:alarm:queue-deep")
	require.NoError(t, err)
	assert.Equal(t, cloudwatch.StateAlarm, st.StateValue)
	assert.Equal(t, []float64{5}, st.Datapoints)
	assert.Equal(t, start.Add(time.Minute), st.StateTransitionedAt)
	_, err = w.cw.AlarmStatus("arn:aws:cloudwatch:us-east-1:000000000000:alarm:nope")
	assert.ErrorIs(t, err, cloudwatch.ErrResourceNotFound)
	_, err = w.cw.AlarmStatus("queue-deep")
	assert.ErrorIs(t, err, cloudwatch.ErrInvalidParameterValueException)

	w.minute(t, 1)
	assert.Len(t, w.autoscaler.got(), 3, "OK has no actions")
}

// An action whose target refuses it, or that no service holds, is a
// failed action in the alarm's history; the alarm's state is unaffected.
func TestAFailedActionIsRecordedInTheHistory(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) {
		in.AlarmActions = []string{"arn:aws:sqs:us-east-1:000000000000:not-a-topic", topicARN}
	})
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	var actions []string
	for _, it := range w.cw.Inspect().History() {
		if it.HistoryItemType == cloudwatch.HistoryAction {
			actions = append(actions, it.HistorySummary)
		}
	}
	assert.Equal(t, []string{
		"Failed to execute action arn:aws:sqs:us-east-1:000000000000:not-a-topic",
		"Successfully executed action " + topicARN,
	}, actions)
}

// Updating an alarm replaces its configuration and keeps its state;
// deleting alarms is all or nothing, and their history stays.
func TestUpdateKeepsTheStateAndDeleteIsAllOrNothing(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	w.alarm(t, "b", 1, 1, "", nil)
	w.minute(t, 5)
	w.alarm(t, "a", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) { in.Threshold = cloudwatch.Float64(10) })
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "a"))
	w.minute(t, 5)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "a"), "5 is below the new threshold")

	_, err := w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a", "missing"}})
	require.ErrorIs(t, err, cloudwatch.ErrResourceNotFound)
	assert.Len(t, w.cw.Inspect().Alarms(), 2, "nothing deleted")
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a", "b"}})
	require.NoError(t, err)
	assert.Empty(t, w.cw.Inspect().Alarms())
	h, err := w.cw.DescribeAlarmHistory(t.Context(), &cloudwatch.DescribeAlarmHistoryInput{AlarmName: "a", ScanBy: cloudwatch.ScanByTimestampAscending})
	require.NoError(t, err)
	var summaries []string
	for _, it := range h.AlarmHistoryItems {
		summaries = append(summaries, it.HistorySummary)
	}
	assert.Equal(t, []string{
		`Alarm "a" created`,
		"Alarm updated from INSUFFICIENT_DATA to ALARM",
		"Successfully executed action " + topicARN,
		`Alarm "a" updated`,
		"Alarm updated from ALARM to OK",
		"Successfully executed action " + topicARN,
		`Alarm "a" deleted`,
	}, summaries)
	assert.Equal(t, 0, w.clk.Pending(), "no alarm left: nothing scheduled")
}

// DescribeAlarms filters by names, prefix, state and action prefix, in
// name order, a page at a time; DescribeAlarmsForMetric finds the alarms
// on a metric.
func TestDescribeAlarmsFilters(t *testing.T) {
	w := newWorld(t)
	for _, name := range []string{"web-5xx", "web-latency", "db-cpu"} {
		w.alarm(t, name, 1, 1, "", nil)
	}
	w.alarm(t, "scale", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions, in.OKActions = []string{policyARN}, nil })
	_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: "web-5xx", StateValue: cloudwatch.StateOK, StateReason: "x"})
	require.NoError(t, err)
	names := func(in *cloudwatch.DescribeAlarmsInput) []string {
		out, err := w.cw.DescribeAlarms(t.Context(), in)
		require.NoError(t, err)
		var ns []string
		for _, a := range out.MetricAlarms {
			ns = append(ns, a.AlarmName)
		}
		return ns
	}
	assert.Equal(t, []string{"db-cpu", "scale", "web-5xx", "web-latency"}, names(&cloudwatch.DescribeAlarmsInput{}))
	assert.Equal(t, []string{"web-5xx", "web-latency"}, names(&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: "web-"}))
	assert.Equal(t, []string{"db-cpu"}, names(&cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"db-cpu", "nope"}}))
	assert.Equal(t, []string{"web-5xx"}, names(&cloudwatch.DescribeAlarmsInput{StateValue: cloudwatch.StateOK}))
	assert.Equal(t, []string{"scale"}, names(&cloudwatch.DescribeAlarmsInput{ActionPrefix: "arn:aws:autoscaling:"}))
	assert.Empty(t, names(&cloudwatch.DescribeAlarmsInput{AlarmTypes: []cloudwatch.AlarmType{cloudwatch.AlarmTypeCompositeAlarm}}))

	page, err := w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{MaxRecords: 3})
	require.NoError(t, err)
	require.Len(t, page.MetricAlarms, 3)
	assert.Equal(t, []string{"web-latency"}, names(&cloudwatch.DescribeAlarmsInput{MaxRecords: 3, NextToken: page.NextToken}))
	_, err = w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{NextToken: "garbage"})
	assert.ErrorIs(t, err, cloudwatch.ErrInvalidNextToken)
	_, err = w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}, AlarmNamePrefix: "a"})
	assert.ErrorIs(t, err, cloudwatch.ErrInvalidParameterCombinationException)

	forMetric, err := w.cw.DescribeAlarmsForMetric(t.Context(), &cloudwatch.DescribeAlarmsForMetricInput{Namespace: "App", MetricName: "Latency", Statistic: cloudwatch.StatisticMaximum})
	require.NoError(t, err)
	assert.Len(t, forMetric.MetricAlarms, 4)
	forMetric, err = w.cw.DescribeAlarmsForMetric(t.Context(), &cloudwatch.DescribeAlarmsForMetricInput{Namespace: "App", MetricName: "Latency", Statistic: cloudwatch.StatisticSum})
	require.NoError(t, err)
	assert.Empty(t, forMetric.MetricAlarms)
}

// An alarm on a metric math expression: the error rate of two metrics.
func TestAnAlarmOnAnExpressionWatchesItsResult(t *testing.T) {
	w := newWorld(t)
	q := func(id, name string) cloudwatch.MetricDataQuery {
		return cloudwatch.MetricDataQuery{Id: id, ReturnData: cloudwatch.Bool(false), MetricStat: &cloudwatch.MetricStat{
			Metric: cloudwatch.Metric{Namespace: "App", MetricName: name}, Period: time.Minute, Stat: "Sum"}}
	}
	_, err := w.cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: "error-rate", EvaluationPeriods: 1, Threshold: cloudwatch.Float64(10),
		ComparisonOperator: cloudwatch.GreaterThanThreshold, AlarmActions: []string{topicARN},
		Metrics: []cloudwatch.MetricDataQuery{
			q("errors", "Errors"), q("requests", "Requests"),
			{Id: "rate", Expression: "100 * errors / requests", Label: "Error %"},
		},
	})
	require.NoError(t, err)
	pub := func(name string, v float64) {
		_, err := w.cw.PutMetricData(t.Context(), &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: name, Value: cloudwatch.Float64(v)}}})
		require.NoError(t, err)
	}
	pub("Errors", 1)
	pub("Requests", 100)
	w.clk.Advance(time.Minute)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "error-rate"))
	pub("Errors", 20)
	pub("Requests", 100)
	w.clk.Advance(time.Minute)
	a, _ := w.cw.Inspect().Alarm("error-rate")
	assert.Equal(t, cloudwatch.StateAlarm, a.State)
	assert.Contains(t, a.StateReason, "[20.0 (02/03/26 09:01:00)] was greater than the threshold (10.0)")
	got := w.topics.got()
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Body, `"Metrics":[{"id":"errors","metricStat":{"metric":{"dimensions":[],"metricName":"Errors","namespace":"App"},"period":60,"stat":"Sum"},"returnData":false}`)
}

// A notification's subject names the new state, the alarm and the region
// as AWS writes it, cut to SNS's limit for a long alarm name so that the
// topic takes it.
func TestNotificationSubjectNamesStateAlarmAndRegion(t *testing.T) {
	cases := []struct{ name, want string }{
		{"high-latency", `ALARM: "high-latency" in US East (N. Virginia)`},
		{strings.Repeat("a", 200), (`ALARM: "` + strings.Repeat("a", 200))[:99]},
	}
	for _, c := range cases {
		got := subjectOf(t, c.name)
		assert.Equal(t, c.want, got)
		assert.Less(t, len([]rune(got)), 100)
	}
}

// subjectOf is the Subject a topic receives when an alarm named name goes
// to ALARM.
func subjectOf(t *testing.T, name string) string {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	var subjects []string
	acct.Join("sns", "fake sns", func(_ context.Context, _ string, m cloud.Message) error {
		subjects = append(subjects, m.Subject)
		return nil
	})
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	_, err := cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: name, Namespace: "App", MetricName: "Latency",
		Statistic: cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
		Threshold: cloudwatch.Float64(1), ComparisonOperator: cloudwatch.GreaterThanThreshold,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:pager"},
	})
	require.NoError(t, err)
	_, err = cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: name, StateValue: cloudwatch.StateAlarm, StateReason: "test"})
	require.NoError(t, err)
	clk.Advance(time.Second)
	require.Len(t, subjects, 1)
	return subjects[0]
}

// "CloudWatch retains the history of an alarm even if you delete the
// alarm" (DescribeAlarmHistory), for two weeks (its earlier text and the
// CloudWatch CLI reference): a deleted alarm's items are there two weeks
// after they were written and gone a second later.
func TestAlarmHistoryIsKeptTwoWeeksEvenAfterTheAlarmIsDeleted(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	_, err := w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a"}})
	require.NoError(t, err)
	history := func() int {
		h, err := w.cw.DescribeAlarmHistory(t.Context(), &cloudwatch.DescribeAlarmHistoryInput{AlarmName: "a"})
		require.NoError(t, err)
		return len(h.AlarmHistoryItems)
	}
	w.clk.Advance(14 * 24 * time.Hour)
	assert.Equal(t, 2, history(), "created and deleted, two weeks ago")
	assert.Len(t, w.cw.Inspect().History(), 2)
	w.clk.Advance(time.Second)
	assert.Zero(t, history(), "older than two weeks")
	assert.Empty(t, w.cw.Inspect().History())
}
