package sdktest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// cwEnv is the real CloudWatch client (Smithy RPC v2 CBOR) over the
// in-process server.
type cwEnv struct {
	clk    *sim.Clock
	client *awscw.Client
}

func newCWEnv(t *testing.T) *cwEnv {
	t.Helper()
	clk := sim.NewClock(start)
	srv := server.New(server.WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(clk))))
	client := awscw.NewFromConfig(sdkConfig(t), func(o *awscw.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	return &cwEnv{clk: clk, client: client}
}

// Metrics put with PutMetricData come back from GetMetricStatistics, per
// period, with the statistics asked for.
func TestCloudWatchPutAndGetMetricStatistics(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	dims := []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}}
	_, err := e.client.PutMetricData(ctx, &awscw.PutMetricDataInput{
		Namespace: aws.String("Shop"),
		MetricData: []cwtypes.MetricDatum{
			{MetricName: aws.String("Latency"), Dimensions: dims, Timestamp: aws.Time(start.Add(10 * time.Second)), Value: aws.Float64(120), Unit: cwtypes.StandardUnitMilliseconds},
			{MetricName: aws.String("Latency"), Dimensions: dims, Timestamp: aws.Time(start.Add(20 * time.Second)), Values: []float64{80, 100}, Counts: []float64{1, 2}, Unit: cwtypes.StandardUnitMilliseconds},
			{MetricName: aws.String("Latency"), Dimensions: dims, Timestamp: aws.Time(start.Add(70 * time.Second)), StatisticValues: &cwtypes.StatisticSet{
				SampleCount: aws.Float64(2), Sum: aws.Float64(500), Minimum: aws.Float64(200), Maximum: aws.Float64(300),
			}, Unit: cwtypes.StandardUnitMilliseconds},
		},
	})
	require.NoError(t, err)
	e.clk.Advance(5 * time.Minute)

	out, err := e.client.GetMetricStatistics(ctx, &awscw.GetMetricStatisticsInput{
		Namespace: aws.String("Shop"), MetricName: aws.String("Latency"), Dimensions: dims,
		StartTime: aws.Time(start), EndTime: aws.Time(start.Add(5 * time.Minute)), Period: aws.Int32(60),
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSum, cwtypes.StatisticSampleCount, cwtypes.StatisticMaximum, cwtypes.StatisticAverage},
	})
	require.NoError(t, err)
	assert.Equal(t, "Latency", aws.ToString(out.Label))
	require.Len(t, out.Datapoints, 2)
	byTime := map[time.Time]cwtypes.Datapoint{}
	for _, p := range out.Datapoints {
		byTime[aws.ToTime(p.Timestamp).UTC()] = p
	}
	first, second := byTime[start], byTime[start.Add(time.Minute)]
	assert.Equal(t, 400.0, aws.ToFloat64(first.Sum)) // 120 + 80 + 2×100
	assert.Equal(t, 4.0, aws.ToFloat64(first.SampleCount))
	assert.Equal(t, 120.0, aws.ToFloat64(first.Maximum))
	assert.Equal(t, cwtypes.StandardUnitMilliseconds, first.Unit)
	assert.Equal(t, 250.0, aws.ToFloat64(second.Average))
}

// An alarm made with PutMetricAlarm is described by DescribeAlarms, and
// goes to ALARM when the virtual clock passes its periods of breaching
// data.
func TestCloudWatchPutMetricAlarmAndDescribeAlarms(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	_, err := e.client.PutMetricAlarm(ctx, &awscw.PutMetricAlarmInput{
		AlarmName: aws.String("queue-deep"), AlarmDescription: aws.String("too many messages"),
		Namespace: aws.String("Shop"), MetricName: aws.String("Depth"), Statistic: cwtypes.StatisticMaximum,
		Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}},
		Period:     aws.Int32(60), EvaluationPeriods: aws.Int32(2), Threshold: aws.Float64(100),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		AlarmActions:       []string{"arn:aws:sns:us-east-1:000000000000:pager"},
		Tags:               []cwtypes.Tag{{Key: aws.String("team"), Value: aws.String("shop")}},
	})
	require.NoError(t, err)

	out, err := e.client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{AlarmNames: []string{"queue-deep"}})
	require.NoError(t, err)
	require.Len(t, out.MetricAlarms, 1)
	a := out.MetricAlarms[0]
	assert.Equal(t, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:queue-deep", aws.ToString(a.AlarmArn))
	assert.Equal(t, "too many messages", aws.ToString(a.AlarmDescription))
	assert.Equal(t, cwtypes.StateValueInsufficientData, a.StateValue)
	assert.Equal(t, int32(60), aws.ToInt32(a.Period))
	assert.Equal(t, int32(2), aws.ToInt32(a.EvaluationPeriods))
	assert.Equal(t, 100.0, aws.ToFloat64(a.Threshold))
	assert.Equal(t, cwtypes.ComparisonOperatorGreaterThanThreshold, a.ComparisonOperator)
	assert.Equal(t, []string{"arn:aws:sns:us-east-1:000000000000:pager"}, a.AlarmActions)
	assert.Equal(t, "orders", aws.ToString(a.Dimensions[0].Value))
	assert.True(t, aws.ToBool(a.ActionsEnabled))
	assert.Equal(t, start, aws.ToTime(a.AlarmConfigurationUpdatedTimestamp).UTC())
	assert.Empty(t, out.CompositeAlarms)

	for i := range 3 {
		_, err := e.client.PutMetricData(ctx, &awscw.PutMetricDataInput{Namespace: aws.String("Shop"), MetricData: []cwtypes.MetricDatum{{
			MetricName: aws.String("Depth"), Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}},
			Timestamp: aws.Time(start.Add(time.Duration(i) * time.Minute)), Value: aws.Float64(500),
		}}})
		require.NoError(t, err)
	}
	e.clk.Advance(4 * time.Minute)
	out, err = e.client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{StateValue: cwtypes.StateValueAlarm})
	require.NoError(t, err)
	require.Len(t, out.MetricAlarms, 1)
	assert.Equal(t, "queue-deep", aws.ToString(out.MetricAlarms[0].AlarmName))
	assert.NotEmpty(t, aws.ToString(out.MetricAlarms[0].StateReason))
}

// Errors are the SDK's typed errors with the query protocol's codes.
func TestCloudWatchErrorsAreTheSDKsTypedErrors(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	_, err := e.client.SetAlarmState(ctx, &awscw.SetAlarmStateInput{AlarmName: aws.String("missing"), StateValue: cwtypes.StateValueAlarm, StateReason: aws.String("test")})
	var notFound *cwtypes.ResourceNotFound
	require.True(t, errors.As(err, &notFound), "%v", err)
	assert.Equal(t, "ResourceNotFound", notFound.ErrorCode())

	_, err = e.client.GetMetricStatistics(ctx, &awscw.GetMetricStatisticsInput{
		Namespace: aws.String("Shop"), MetricName: aws.String("Latency"),
		StartTime: aws.Time(start), EndTime: aws.Time(start.Add(time.Hour)), Period: aws.Int32(7),
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSum},
	})
	var invalid *cwtypes.InvalidParameterValueException
	require.True(t, errors.As(err, &invalid), "%v", err)
	assert.Equal(t, "InvalidParameterValue", invalid.ErrorCode())
}

// putDepthAlarm makes a metric alarm on Shop/Depth for orders.
func (e *cwEnv) putDepthAlarm(t *testing.T, name string) {
	t.Helper()
	_, err := e.client.PutMetricAlarm(context.Background(), &awscw.PutMetricAlarmInput{
		AlarmName: aws.String(name), Namespace: aws.String("Shop"), MetricName: aws.String("Depth"), Statistic: cwtypes.StatisticMaximum,
		Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}},
		Period:     aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(100),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		AlarmActions:       []string{"arn:aws:sns:us-east-1:000000000000:pager"},
	})
	require.NoError(t, err)
}

// A composite alarm made with PutCompositeAlarm is described beside the
// metric alarms of its rule; DescribeAlarmsForMetric finds the alarms of
// a metric; Disable/EnableAlarmActions switch ActionsEnabled.
func TestCloudWatchCompositeAlarmsAndAlarmActions(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	e.putDepthAlarm(t, "deep")
	e.putDepthAlarm(t, "deeper")
	_, err := e.client.PutCompositeAlarm(ctx, &awscw.PutCompositeAlarmInput{
		AlarmName: aws.String("both"), AlarmRule: aws.String(`ALARM("deep") AND ALARM("deeper")`),
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:pager"},
	})
	require.NoError(t, err)

	out, err := e.client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeCompositeAlarm}})
	require.NoError(t, err)
	require.Len(t, out.CompositeAlarms, 1)
	assert.Equal(t, `ALARM("deep") AND ALARM("deeper")`, aws.ToString(out.CompositeAlarms[0].AlarmRule))
	assert.Empty(t, out.MetricAlarms)

	forMetric, err := e.client.DescribeAlarmsForMetric(ctx, &awscw.DescribeAlarmsForMetricInput{
		Namespace: aws.String("Shop"), MetricName: aws.String("Depth"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}},
	})
	require.NoError(t, err)
	var names []string
	for _, a := range forMetric.MetricAlarms {
		names = append(names, aws.ToString(a.AlarmName))
	}
	assert.ElementsMatch(t, []string{"deep", "deeper"}, names)

	_, err = e.client.DisableAlarmActions(ctx, &awscw.DisableAlarmActionsInput{AlarmNames: []string{"deep", "both"}})
	require.NoError(t, err)
	out, err = e.client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{
		AlarmNames: []string{"deep", "deeper", "both"}, AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm, cwtypes.AlarmTypeCompositeAlarm},
	})
	require.NoError(t, err)
	enabled := map[string]bool{}
	for _, a := range out.MetricAlarms {
		enabled[aws.ToString(a.AlarmName)] = aws.ToBool(a.ActionsEnabled)
	}
	for _, a := range out.CompositeAlarms {
		enabled[aws.ToString(a.AlarmName)] = aws.ToBool(a.ActionsEnabled)
	}
	assert.Equal(t, map[string]bool{"deep": false, "deeper": true, "both": false}, enabled)
	_, err = e.client.EnableAlarmActions(ctx, &awscw.EnableAlarmActionsInput{AlarmNames: []string{"deep"}})
	require.NoError(t, err)
	out, err = e.client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{AlarmNames: []string{"deep"}})
	require.NoError(t, err)
	assert.True(t, aws.ToBool(out.MetricAlarms[0].ActionsEnabled))
}

// DescribeAlarmHistory pages with MaxRecords and NextToken, which the
// SDK's paginator follows to the end, newest item first.
func TestCloudWatchDescribeAlarmHistoryPages(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	e.putDepthAlarm(t, "deep")
	for i, state := range []cwtypes.StateValue{cwtypes.StateValueAlarm, cwtypes.StateValueOk, cwtypes.StateValueAlarm} {
		_, err := e.client.SetAlarmState(ctx, &awscw.SetAlarmStateInput{AlarmName: aws.String("deep"), StateValue: state, StateReason: aws.String("test " + string(rune('a'+i)))})
		require.NoError(t, err)
	}
	var items []cwtypes.AlarmHistoryItem
	pages := 0
	p := awscw.NewDescribeAlarmHistoryPaginator(e.client, &awscw.DescribeAlarmHistoryInput{
		AlarmName: aws.String("deep"), HistoryItemType: cwtypes.HistoryItemTypeStateUpdate, MaxRecords: aws.Int32(2),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		items = append(items, page.AlarmHistoryItems...)
		pages++
	}
	assert.Equal(t, 2, pages)
	require.Len(t, items, 3)
	for _, it := range items {
		assert.Equal(t, "deep", aws.ToString(it.AlarmName))
		assert.Equal(t, cwtypes.HistoryItemTypeStateUpdate, it.HistoryItemType)
		assert.Equal(t, cwtypes.AlarmTypeMetricAlarm, it.AlarmType)
		assert.NotEmpty(t, aws.ToString(it.HistoryData))
	}
	assert.Contains(t, aws.ToString(items[0].HistorySummary), "from OK to ALARM", "newest first")
}

// ListMetrics lists the metrics put, filtered by dimension, and
// GetMetricData returns each query's values with their timestamps.
func TestCloudWatchListMetricsAndGetMetricData(t *testing.T) {
	ctx := context.Background()
	e := newCWEnv(t)
	for i, queue := range []string{"orders", "orders", "refunds"} {
		_, err := e.client.PutMetricData(ctx, &awscw.PutMetricDataInput{Namespace: aws.String("Shop"), MetricData: []cwtypes.MetricDatum{{
			MetricName: aws.String("Depth"), Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String(queue)}},
			Timestamp: aws.Time(start.Add(time.Duration(i) * time.Minute)), Value: aws.Float64(float64(10 * (i + 1))),
		}}})
		require.NoError(t, err)
	}
	e.clk.Advance(5 * time.Minute)

	list, err := e.client.ListMetrics(ctx, &awscw.ListMetricsInput{Namespace: aws.String("Shop")})
	require.NoError(t, err)
	assert.Len(t, list.Metrics, 2)
	assert.Nil(t, list.NextToken)
	list, err = e.client.ListMetrics(ctx, &awscw.ListMetricsInput{
		Namespace: aws.String("Shop"), Dimensions: []cwtypes.DimensionFilter{{Name: aws.String("QueueName"), Value: aws.String("refunds")}},
	})
	require.NoError(t, err)
	require.Len(t, list.Metrics, 1)
	assert.Equal(t, "Depth", aws.ToString(list.Metrics[0].MetricName))

	data, err := e.client.GetMetricData(ctx, &awscw.GetMetricDataInput{
		StartTime: aws.Time(start), EndTime: aws.Time(start.Add(5 * time.Minute)), ScanBy: cwtypes.ScanByTimestampAscending,
		MetricDataQueries: []cwtypes.MetricDataQuery{{
			Id: aws.String("orders"),
			MetricStat: &cwtypes.MetricStat{Metric: &cwtypes.Metric{
				Namespace: aws.String("Shop"), MetricName: aws.String("Depth"),
				Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}},
			}, Period: aws.Int32(60), Stat: aws.String("Sum")},
		}, {Id: aws.String("double"), Expression: aws.String("orders * 2")}},
	})
	require.NoError(t, err)
	require.Len(t, data.MetricDataResults, 2)
	byID := map[string]cwtypes.MetricDataResult{}
	for _, r := range data.MetricDataResults {
		byID[aws.ToString(r.Id)] = r
	}
	orders := byID["orders"]
	assert.Equal(t, cwtypes.StatusCodeComplete, orders.StatusCode)
	assert.Equal(t, []float64{10, 20}, orders.Values)
	require.Len(t, orders.Timestamps, 2)
	assert.Equal(t, start, orders.Timestamps[0].UTC())
	assert.Equal(t, []float64{20, 40}, byID["double"].Values)
}

// The same client serves with each protocol CloudWatch's model lists:
// RPC v2 CBOR (the SDK's default), AWS JSON 1.0 and the query protocol,
// set with the SDK's own Protocol option; alarms, metrics and typed
// errors come out the same.
func TestCloudWatchOverEveryProtocolOfTheModel(t *testing.T) {
	for _, p := range []struct {
		name     string
		protocol func() smithyhttp.ClientProtocol
	}{
		{"rpcv2cbor", func() smithyhttp.ClientProtocol { return rpcv2.NewCBOR(cwschemas.GraniteServiceVersion20100801) }},
		{"awsjson10", func() smithyhttp.ClientProtocol { return awsjson.New10(cwschemas.GraniteServiceVersion20100801) }},
		{"awsquery", func() smithyhttp.ClientProtocol { return awsquery.New(cwschemas.GraniteServiceVersion20100801) }},
	} {
		t.Run(p.name, func(t *testing.T) {
			ctx := context.Background()
			e := newCWEnv(t)
			client := awscw.New(e.client.Options(), func(o *awscw.Options) { o.Protocol = p.protocol() })
			e.client = client
			e.putDepthAlarm(t, "deep")
			dims := []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("orders")}}
			_, err := client.PutMetricData(ctx, &awscw.PutMetricDataInput{Namespace: aws.String("Shop"), MetricData: []cwtypes.MetricDatum{{
				MetricName: aws.String("Depth"), Dimensions: dims, Timestamp: aws.Time(start.Add(1500 * time.Millisecond)), Value: aws.Float64(500),
			}}})
			require.NoError(t, err)
			e.clk.Advance(2 * time.Minute)

			out, err := client.DescribeAlarms(ctx, &awscw.DescribeAlarmsInput{AlarmNames: []string{"deep"}})
			require.NoError(t, err)
			require.Len(t, out.MetricAlarms, 1)
			a := out.MetricAlarms[0]
			assert.Equal(t, cwtypes.StateValueAlarm, a.StateValue)
			assert.Equal(t, []string{"arn:aws:sns:us-east-1:000000000000:pager"}, a.AlarmActions)
			assert.Equal(t, dims, a.Dimensions)
			assert.Equal(t, 100.0, aws.ToFloat64(a.Threshold))

			data, err := client.GetMetricData(ctx, &awscw.GetMetricDataInput{
				StartTime: aws.Time(start), EndTime: aws.Time(start.Add(2 * time.Minute)),
				MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("depth"), MetricStat: &cwtypes.MetricStat{
					Metric: &cwtypes.Metric{Namespace: aws.String("Shop"), MetricName: aws.String("Depth"), Dimensions: dims},
					Period: aws.Int32(60), Stat: aws.String("Maximum"),
				}}},
			})
			require.NoError(t, err)
			require.Len(t, data.MetricDataResults, 1)
			assert.Equal(t, []float64{500}, data.MetricDataResults[0].Values)
			require.Len(t, data.MetricDataResults[0].Timestamps, 1)
			assert.Equal(t, start, data.MetricDataResults[0].Timestamps[0].UTC())

			_, err = client.SetAlarmState(ctx, &awscw.SetAlarmStateInput{AlarmName: aws.String("missing"), StateValue: cwtypes.StateValueOk, StateReason: aws.String("test")})
			var notFound *cwtypes.ResourceNotFound
			require.True(t, errors.As(err, &notFound), "%v", err)
		})
	}
}
