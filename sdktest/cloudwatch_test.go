package sdktest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
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
