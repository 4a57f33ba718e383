package cloudwatch_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// Targets (issue 9): PutMetricData of one datapoint ≤ 300 ns; 1,000
// alarms with 1-minute periods through a simulated day ≤ 0.5 s of wall
// time; one datapoint per second through 15 simulated days ≤ 20 MB of
// heap.
//
//	go test -run '^$' -bench . -benchmem ./cloudwatch

// BenchmarkPutMetricData publishes one datapoint per call, the clock
// moving a second every 100 calls, as a busy metric's would.
func BenchmarkPutMetricData(b *testing.B) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	v := 42.0
	in := &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{
		MetricName: "Latency", Dimensions: []cloudwatch.Dimension{{Name: "Service", Value: "checkout"}}, Value: &v, Unit: cloudwatch.UnitMilliseconds,
	}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := cw.PutMetricData(ctx, in); err != nil {
			b.Fatal(err)
		}
		if i%100 == 99 {
			clk.Advance(time.Second)
		}
	}
}

// BenchmarkThousandAlarmsSimulatedDay runs 1,000 alarms of 1-minute
// periods, each on a queue's age that a collector publishes every minute,
// through a simulated day in which each queue stalls once, for twenty
// minutes at its own time, so that every alarm goes to ALARM and back to
// OK once, notifying its topic each time.
func BenchmarkThousandAlarmsSimulatedDay(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		w := newWorld(b)
		ctx := context.Background()
		names := make([]string, 1000)
		dims := make([][]cloudwatch.Dimension, len(names))
		for i := range names {
			names[i] = fmt.Sprintf("queue-%04d", i)
			dims[i] = []cloudwatch.Dimension{{Name: "QueueName", Value: names[i]}}
			_, err := w.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
				AlarmName: names[i], Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage",
				Dimensions: dims[i],
				Statistic:  cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 3, DatapointsToAlarm: 2,
				Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
				AlarmActions: []string{topicARN}, OKActions: []string{topicARN},
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		minute := 0
		data := make([]cloudwatch.MetricDatum, len(names))
		values := make([]float64, len(names))
		w.cw.Collect("AWS/SQS", func(_, _ time.Time) []cloudwatch.MetricDatum {
			minute++
			for i := range names {
				values[i] = 30
				if stall := i * 1440 / len(names); minute > stall && minute <= stall+20 {
					values[i] = float64(minute-stall) * 60
				}
				data[i] = cloudwatch.MetricDatum{MetricName: "ApproximateAgeOfOldestMessage", Dimensions: dims[i], Value: &values[i]}
			}
			return data
		})
		began := time.Now()
		w.clk.Advance(24 * time.Hour)
		wall := time.Since(began)
		b.ReportMetric(wall.Seconds(), "wall-s/day")
		b.ReportMetric((24*time.Hour).Seconds()/wall.Seconds(), "sim-s/s")
		b.ReportMetric(float64(len(w.topics.got())), "notifications")
	}
}

// BenchmarkOneDatapointPerSecondFifteenDays publishes one datapoint a
// second for 15 simulated days and reports the heap it leaves: bounded by
// retention, with every raw value of the last 15 days kept for
// percentiles.
func BenchmarkOneDatapointPerSecondFifteenDays(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		ctx := context.Background()
		clk := sim.NewClock(start)
		cw := cloudwatch.New(cloudwatch.WithClock(clk))
		v := 0.0
		in := &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{{MetricName: "Latency", Value: &v}}}
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range 15 * 24 * 3600 {
			v = float64(i % 1000)
			if _, err := cw.PutMetricData(ctx, in); err != nil {
				b.Fatal(err)
			}
			clk.Advance(time.Second)
		}
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		runtime.KeepAlive(cw)
	}
}
