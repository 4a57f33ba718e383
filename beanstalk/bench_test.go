package beanstalk_test

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// BenchmarkWorkerEnvironmentDay runs issue 12's worker-environment day:
// a million messages over a simulated day, sent a second at a time with
// SendMessageBatch, to a worker environment of 1 to 100 c5.large whose
// application spends 200 ms of CPU on each, scaled by a CPU trigger
// (70 % / 20 % over 1-minute periods, 10 instances added at a time). The
// load follows the working day (4.5 messages/s at night, up to 18 in the
// afternoon) with a burst at 13:00 that peaks at 200 messages/s within
// minutes and fades over a quarter of an hour: the group scales out to
// some 40 instances and back. It is examples/beanstalk-worker at the
// issue's full size. The target is a day in at most a second of wall
// time; messages/day is what the daemons deleted, sim-s/s the simulated
// seconds per wall second.
func BenchmarkWorkerEnvironmentDay(b *testing.B) {
	const jobs = 1_000_000
	midnight := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	perSecond := dayOfArrivals(jobs)
	ids := [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	b.ReportAllocs()
	var deleted, peak int
	for b.Loop() {
		clk := sim.NewClock(midnight.Add(-10 * time.Minute))
		eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(1))
		_, err := eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
			ApplicationName: "exports", VersionLabel: "v1", AutoCreateApplication: true,
			SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
				return elb.Backend{
					Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusOK) }),
					Latency: func(*http.Request) time.Duration { return 200 * time.Millisecond },
				}
			}},
		})
		if err != nil {
			b.Fatal(err)
		}
		_, err = eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
			ApplicationName: "exports", EnvironmentName: "exports-worker", VersionLabel: "v1", Tier: workerTier,
			OptionSettings: []beanstalk.ConfigurationOptionSetting{
				option(beanstalk.NamespaceLaunch, "InstanceType", "c5.large"),
				option(beanstalk.NamespaceASG, "MaxSize", "100"),
				option(beanstalk.NamespaceASG, "Cooldown", "120"),
				option(beanstalk.NamespaceTrigger, "MeasureName", "CPUUtilization"),
				option(beanstalk.NamespaceTrigger, "Unit", "Percent"),
				option(beanstalk.NamespaceTrigger, "Period", "1"),
				option(beanstalk.NamespaceTrigger, "BreachDuration", "2"),
				option(beanstalk.NamespaceTrigger, "UpperThreshold", "70"),
				option(beanstalk.NamespaceTrigger, "LowerThreshold", "20"),
				option(beanstalk.NamespaceTrigger, "UpperBreachScaleIncrement", "10"),
				option(beanstalk.NamespaceTrigger, "LowerBreachScaleIncrement", "-2"),
			},
		})
		if err != nil {
			b.Fatal(err)
		}
		res, err := eb.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "exports-worker"})
		if err != nil {
			b.Fatal(err)
		}
		queue, group := res.EnvironmentResources.Queues[0].URL, res.EnvironmentResources.AutoScalingGroups[0].Name
		clk.AdvanceTo(midnight)

		entries := make([]sqs.SendMessageBatchRequestEntry, 0, 10)
		var body []byte
		job := 0
		peak = 0
		for s, n := range perSecond {
			for n > 0 {
				entries = entries[:0]
				for k := range min(n, 10) {
					job++
					body = append(strconv.AppendInt(append(body[:0], `{"job":`...), int64(job), 10), '}')
					entries = append(entries, sqs.SendMessageBatchRequestEntry{Id: ids[k], MessageBody: string(body)})
				}
				if _, err := eb.SQS().SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: queue, Entries: entries}); err != nil {
					b.Fatal(err)
				}
				n -= len(entries)
			}
			clk.Advance(time.Second)
			if (s+1)%60 == 0 {
				g, err := eb.AutoScaling().DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
				if err != nil {
					b.Fatal(err)
				}
				inService := 0
				for _, i := range g.AutoScalingGroups[0].Instances {
					if i.LifecycleState == autoscaling.StateInService {
						inService++
					}
				}
				peak = max(peak, inService)
			}
		}
		st, _ := eb.SQS().Inspect().Stats(queue)
		deleted = st.Deleted
	}
	if deleted < jobs*99/100 {
		b.Fatalf("the daemons deleted %d of %d messages", deleted, jobs)
	}
	b.ReportMetric(float64(deleted), "messages/day")
	b.ReportMetric(float64(peak), "peak-instances")
	b.ReportMetric(float64(b.N)*24*3600/b.Elapsed().Seconds(), "sim-s/s")
}

// dayOfArrivals returns how many of jobs messages arrive in each second
// of a day: 1 unit of rate at night, up to 4
// in the afternoon, and a burst at 13:00 that rises to 60 within a few
// minutes and fades with a time constant of 12 minutes; scaled so that
// the day's total is exactly jobs.
func dayOfArrivals(jobs int) []int {
	const seconds = 24 * 60 * 60
	rate := make([]float64, seconds)
	var total float64
	for s := range rate {
		h := (float64(s) + 0.5) / 3600
		rate[s] = 1 + 3*math.Max(0, math.Sin(math.Pi*(h-7)/14))
		if h >= 13 {
			since := (h - 13) * 60
			rate[s] += 60 * (1 - math.Exp(-since/1.5)) * math.Exp(-since/12)
		}
		total += rate[s]
	}
	out := make([]int, seconds)
	var sum float64
	sent := 0
	for s := range rate {
		sum += rate[s] * float64(jobs) / total
		n := int(math.Round(sum)) - sent
		out[s], sent = n, sent+n
	}
	out[seconds-1] += jobs - sent
	return out
}
