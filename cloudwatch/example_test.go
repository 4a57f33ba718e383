package cloudwatch_test

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// An alarm of 3 out of 3 one-minute datapoints above a threshold goes to
// ALARM at the end of the third breaching minute, and notifies its topic
// (here a fake SNS joined on the account).
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	acct.Join("sns", "fake SNS", func(_ context.Context, target string, m cloud.Message) error {
		fmt.Println(clk.Now().Format(time.TimeOnly), "notified", target)
		return nil
	})
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	_, _ = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: "checkout-latency", Namespace: "Shop", MetricName: "Latency",
		Statistic: cloudwatch.StatisticAverage, Period: time.Minute, EvaluationPeriods: 3,
		Threshold: cloudwatch.Float64(250), ComparisonOperator: cloudwatch.GreaterThanThreshold,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:oncall"},
	})
	for _, ms := range []float64{180, 320, 410, 390} {
		_, _ = cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "Shop", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Latency", Value: cloudwatch.Float64(ms), Unit: cloudwatch.UnitMilliseconds},
		}})
		clk.Advance(time.Minute)
		a, _ := cw.Inspect().Alarm("checkout-latency")
		fmt.Println(clk.Now().Format(time.TimeOnly), a.State)
	}
	a, _ := cw.Inspect().Alarm("checkout-latency")
	fmt.Println(a.StateReason)
	// Output:
	// 09:01:00 OK
	// 09:02:00 OK
	// 09:03:00 OK
	// 09:04:00 notified arn:aws:sns:us-east-1:000000000000:oncall
	// 09:04:00 ALARM
	// Threshold Crossed: 3 out of the last 3 datapoints [390.0 (02/03/26 09:03:00), 410.0 (02/03/26 09:02:00), 320.0 (02/03/26 09:01:00)] were greater than the threshold (250.0) (minimum 3 datapoints for OK -> ALARM transition).
}

// GetMetricData computes metric math over the metrics it retrieves: here
// an error rate in percent, per minute, oldest first.
func ExampleService_GetMetricData() {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	for _, m := range [][2]float64{{1, 200}, {6, 300}, {0, 100}} {
		_, _ = cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "Shop", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Errors", Value: cloudwatch.Float64(m[0])}, {MetricName: "Requests", Value: cloudwatch.Float64(m[1])},
		}})
		clk.Advance(time.Minute)
	}
	sum := func(id, name string) cloudwatch.MetricDataQuery {
		return cloudwatch.MetricDataQuery{Id: id, ReturnData: cloudwatch.Bool(false), MetricStat: &cloudwatch.MetricStat{
			Metric: cloudwatch.Metric{Namespace: "Shop", MetricName: name}, Period: time.Minute, Stat: "Sum"}}
	}
	out, _ := cw.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: []cloudwatch.MetricDataQuery{sum("e", "Errors"), sum("r", "Requests"), {Id: "rate", Expression: "100 * e / r", Label: "Error %"}},
		StartTime:         start, EndTime: clk.Now(), ScanBy: cloudwatch.ScanByTimestampAscending,
	})
	r := out.MetricDataResults[0]
	for i := range r.Values {
		fmt.Println(r.Timestamps[i].Format(time.TimeOnly), r.Label, r.Values[i])
	}
	// Output:
	// 09:00:00 Error % 0.5
	// 09:01:00 Error % 2
	// 09:02:00 Error % 0
}

// A service publishes its metrics through Collect: called at the end of
// each minute with the minute's bounds, it returns that minute's data,
// here a gauge sampled at the end.
func ExampleService_Collect() {
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	depth := 0.0
	cw.Collect("AWS/SQS", func(start, end time.Time) []cloudwatch.MetricDatum {
		depth += 10 // a queue that fills up
		fmt.Println("collect", start.Format(time.TimeOnly), "to", end.Format(time.TimeOnly))
		return []cloudwatch.MetricDatum{{
			MetricName: "ApproximateNumberOfMessagesVisible", Value: cloudwatch.Float64(depth),
			Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}},
		}}
	})
	clk.Advance(2 * time.Minute)
	out, _ := cw.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible",
		Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}},
		StartTime:  clk.Now().Add(-time.Hour), EndTime: clk.Now(), Period: time.Minute,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticMaximum},
	})
	for _, dp := range out.Datapoints {
		fmt.Println(dp.Timestamp.Format(time.TimeOnly), *dp.Maximum)
	}
	// Output:
	// collect 09:00:00 to 09:01:00
	// collect 09:01:00 to 09:02:00
	// 09:00:00 10
	// 09:01:00 20
}

// A composite alarm pages only when both of its children are in ALARM:
// high latency alone, or errors alone, do not. It is evaluated whenever
// a child changes state.
func ExampleService_PutCompositeAlarm() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	acct.Join("sns", "fake SNS", func(_ context.Context, target string, m cloud.Message) error {
		fmt.Println(clk.Now().Format(time.TimeOnly), "paged", target)
		return nil
	})
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	for _, name := range []string{"Latency", "Errors"} {
		_, _ = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: "high-" + name, Namespace: "Shop", MetricName: name,
			Statistic: cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
			Threshold: cloudwatch.Float64(100), ComparisonOperator: cloudwatch.GreaterThanThreshold,
			TreatMissingData: cloudwatch.MissingDataNotBreaching,
		})
	}
	_, err := cw.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{
		AlarmName: "checkout-down", AlarmRule: `ALARM("high-Latency") AND ALARM("high-Errors")`,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:pager"},
	})
	if err != nil {
		fmt.Println(err)
	}
	for _, minute := range [][2]float64{{250, 0}, {300, 120}, {90, 130}} {
		_, _ = cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "Shop", MetricData: []cloudwatch.MetricDatum{
			{MetricName: "Latency", Value: cloudwatch.Float64(minute[0])},
			{MetricName: "Errors", Value: cloudwatch.Float64(minute[1])},
		}})
		clk.Advance(time.Minute)
		a, _ := cw.Inspect().Alarm("checkout-down")
		fmt.Println(clk.Now().Format(time.TimeOnly), a.State)
	}
	// Output:
	// 09:01:00 OK
	// 09:02:00 paged arn:aws:sns:us-east-1:000000000000:pager
	// 09:02:00 ALARM
	// 09:03:00 OK
}
