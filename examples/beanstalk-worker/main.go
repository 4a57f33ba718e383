// Command beanstalk-worker tells the story of an Elastic Beanstalk worker
// environment on the day a partner dumps a backlog on it. The
// environment's instances run a worker daemon that long-polls the
// environment's SQS queue and POSTs each message to the application,
// which spends a second of CPU on each job. Jobs arrive all day, following
// the working day, and at 13:00 a partner's nightly export, late, sends
// about a sixth of the day's jobs within minutes. The queue backs up, the
// oldest job ages, the CPU trigger adds ten instances at a time (up to
// 100), they work the backlog off and the group scales back in. Scaling
// in has a price the plot shows: a terminated instance's daemon drops
// the jobs it holds, which come back only after their visibility timeout
// (300 s), so the oldest age jumps while the queue is nearly empty. One
// job in 10,000 is malformed: the application answers 500, and after
// MaxRetries receives the queue moves it to the dead-letter queue.
//
// The day carries 200,000 messages, sent with SendMessageBatch, and takes
// a second or two of wall time. (The story has a million jobs of
// 200 ms; they take about five seconds, so the example sends a fifth of
// them, each five times the work: the same CPU over the same curve.) At
// the end of each minute it records the queue's depth
// (ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible),
// the age of its oldest message (CloudWatch AWS/SQS
// ApproximateAgeOfOldestMessage), the instances in service and the cost
// so far; it writes them as CSV and as an SVG plot, and prints a summary.
// It is identical on every run:
//
//	go run ./examples/beanstalk-worker [-csv worker.csv] [-svg worker.svg]
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"os"
	"path"
	"strconv"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

func main() {
	csvPath := flag.String("csv", "worker.csv", "where to write the minutes of the day as CSV")
	svgPath := flag.String("svg", "worker.svg", "where to write the plot of the day")
	flag.Parse()
	if err := run(os.Stdout, *csvPath, *svgPath); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nminutes of the day written to %s, plot to %s\n", *csvPath, *svgPath)
}

// midnight is when the day begins.
var midnight = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

const (
	// jobs is how many messages the day carries: a fifth of the million
	// of the story, each five times the work, so that the day
	// keeps its shape and runs in under two seconds (a million take about
	// five; see BenchmarkWorkerEnvironmentDay in beanstalk).
	jobs = 200_000
	// work is the CPU time the application spends on a job: an instance
	// of 2 vCPUs works 2 jobs/s at 100 % CPU.
	work = time.Second
	// poisonEvery: every poisonEvery-th job is malformed and always fails.
	poisonEvery = 10_000
	// minutes in the day.
	minutes = 24 * 60
)

// shape is the arrival rate at t, in arbitrary units: 1 at night, up to
// 4 in the afternoon, and the late export at 13:00, which rises to 60
// within a couple of minutes and fades with a time constant of 12
// minutes. [arrivals] scales it to the day's jobs.
func shape(t time.Time) float64 {
	h := t.Sub(midnight).Hours()
	day := 1 + 3*math.Max(0, math.Sin(math.Pi*(h-7)/14))
	if h < 13 {
		return day
	}
	since := (h - 13) * 60 // minutes
	return day + 60*(1-math.Exp(-since/1.5))*math.Exp(-since/12)
}

// arrivals returns how many jobs are sent in each second of the day:
// shape, scaled so that the day's total is exactly jobs.
func arrivals() []int {
	const seconds = 24 * 60 * 60
	rate := make([]float64, seconds)
	var total float64
	for s := range rate {
		rate[s] = shape(midnight.Add(time.Duration(s)*time.Second + time.Second/2))
		total += rate[s]
	}
	out := make([]int, seconds)
	var sum float64
	sent := 0
	for s := range rate {
		sum += rate[s] * jobs / total
		n := int(math.Round(sum)) - sent
		out[s], sent = n, sent+n
	}
	out[seconds-1] += jobs - sent
	return out
}

// minute is what the end of one minute of the day saw.
type minute struct {
	sent      int           // jobs sent during the minute
	depth     int           // messages on the queue, visible or in flight
	oldest    time.Duration // age of the oldest message
	inService int           // instances in service
	cost      float64       // dollars since midnight
}

// day is what the run measured.
type day struct {
	minutes      []minute
	sent         int
	processed    int // deleted after a 200
	deadLettered int
}

// run simulates the day, prints the summary to w and writes the minutes
// to csvPath and the plot to svgPath. It fails only if a simulator
// refuses a call, which would be a bug, or a file cannot be written.
func run(w io.Writer, csvPath, svgPath string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	d := simulate()
	summary(w, d)
	if err := writeCSV(csvPath, d); err != nil {
		return err
	}
	return os.WriteFile(svgPath, plot(d), 0o644)
}

// simulate runs the day.
func simulate() day {
	ctx := context.Background()

	// Elastic Beanstalk on a virtual clock, from seed 1, with the lower
	// services it makes: SQS, Elastic Load Balancing, Auto Scaling and
	// CloudWatch on the same clock.
	clk := sim.NewClock(midnight.Add(-10 * time.Minute))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(1))

	// The application version: a server that spends work on each job
	// and refuses the malformed ones.
	must(eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "exports", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
			return elb.Backend{
				Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					if r.Header.Get("X-Aws-Sqsd-Attr-Poison") != "" {
						http.Error(rw, "malformed job", http.StatusInternalServerError)
						return
					}
					rw.WriteHeader(http.StatusOK)
				}),
				Latency: func(*http.Request) time.Duration { return work },
			}
		}},
	}))

	// The worker environment: 1 to 100 c5.large, scaled on the group's
	// CPU, measured each minute: above 70 % for 2 minutes adds 10
	// instances, below 20 % for 2 minutes removes 2, with 2 minutes of
	// cooldown after each.
	opt := func(namespace, name, value string) beanstalk.ConfigurationOptionSetting {
		return beanstalk.ConfigurationOptionSetting{Namespace: namespace, OptionName: name, Value: value}
	}
	must(eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "exports", EnvironmentName: "exports-worker", VersionLabel: "v1",
		Tier: &beanstalk.EnvironmentTier{Name: beanstalk.TierWorker, Type: "SQS/HTTP"},
		OptionSettings: []beanstalk.ConfigurationOptionSetting{
			opt(beanstalk.NamespaceLaunch, "InstanceType", "c5.large"),
			opt(beanstalk.NamespaceASG, "MinSize", "1"),
			opt(beanstalk.NamespaceASG, "MaxSize", "100"),
			opt(beanstalk.NamespaceASG, "Cooldown", "120"),
			opt(beanstalk.NamespaceTrigger, "MeasureName", "CPUUtilization"),
			opt(beanstalk.NamespaceTrigger, "Unit", "Percent"),
			opt(beanstalk.NamespaceTrigger, "Period", "1"),
			opt(beanstalk.NamespaceTrigger, "BreachDuration", "2"),
			opt(beanstalk.NamespaceTrigger, "UpperThreshold", "70"),
			opt(beanstalk.NamespaceTrigger, "LowerThreshold", "20"),
			opt(beanstalk.NamespaceTrigger, "UpperBreachScaleIncrement", "10"),
			opt(beanstalk.NamespaceTrigger, "LowerBreachScaleIncrement", "-2"),
			opt(beanstalk.NamespaceSQSD, "MaxRetries", "5"),
		},
	}))
	res := must(eb.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "exports-worker"})).EnvironmentResources
	queue, deadLetters, group := res.Queues[0].URL, res.Queues[1].URL, res.AutoScalingGroups[0].Name
	queueName := path.Base(queue) // the QueueName dimension of its metrics

	// Ten minutes before midnight the environment is Ready, its first
	// instance in service.
	clk.AdvanceTo(midnight)
	costBefore, _ := eb.AutoScaling().Inspect().GroupCost(group)

	// The day, a second at a time: the second's jobs in batches of ten,
	// then the clock; at the end of each minute, what the queue and the
	// group look like.
	perSecond := arrivals()
	poison := map[string]sqs.MessageAttributeValue{"Poison": {DataType: "String", StringValue: "yes"}}
	ids := [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	entries := make([]sqs.SendMessageBatchRequestEntry, 0, 10)
	d := day{}
	job := 0
	m := minute{}
	for s, n := range perSecond {
		for n > 0 {
			entries = entries[:0]
			for k := range min(n, 10) {
				job++
				e := sqs.SendMessageBatchRequestEntry{Id: ids[k], MessageBody: `{"job":` + strconv.Itoa(job) + `}`}
				if job%poisonEvery == 0 {
					e.MessageAttributes = poison
				}
				entries = append(entries, e)
			}
			out := must(eb.SQS().SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: queue, Entries: entries}))
			if len(out.Failed) > 0 {
				panic(fmt.Sprintf("SendMessageBatch: %+v", out.Failed))
			}
			n -= len(entries)
			m.sent += len(entries)
		}
		clk.Advance(time.Second)
		if (s+1)%60 != 0 {
			continue
		}
		m.depth = depth(ctx, eb.SQS(), queue)
		m.oldest = oldest(ctx, eb.CloudWatch(), queueName, clk.Now())
		m.inService = inService(ctx, eb.AutoScaling(), group)
		cost, _ := eb.AutoScaling().Inspect().GroupCost(group)
		m.cost = cost - costBefore
		d.minutes = append(d.minutes, m)
		d.sent += m.sent
		m = minute{}
	}

	st, _ := eb.SQS().Inspect().Stats(queue)
	d.processed = st.Deleted
	dl, _ := eb.SQS().Inspect().Stats(deadLetters)
	d.deadLettered = dl.Visible + dl.InFlight + dl.Delayed
	return d
}

// depth is the number of messages on the queue, visible or in flight.
func depth(ctx context.Context, q *sqs.Service, url string) int {
	out := must(q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{
		sqs.AttributeApproximateNumberOfMessages, sqs.AttributeApproximateNumberOfMessagesNotVisible,
	}}))
	visible := must(strconv.Atoi(out.Attributes[sqs.AttributeApproximateNumberOfMessages]))
	inFlight := must(strconv.Atoi(out.Attributes[sqs.AttributeApproximateNumberOfMessagesNotVisible]))
	return visible + inFlight
}

// oldest is the queue's ApproximateAgeOfOldestMessage of the minute that
// ends at now, as CloudWatch has it.
func oldest(ctx context.Context, cw *cloudwatch.Service, queueName string, now time.Time) time.Duration {
	out := must(cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/SQS", MetricName: sqs.MetricApproximateAgeOfOldestMessage,
		Dimensions: []cloudwatch.Dimension{{Name: "QueueName", Value: queueName}},
		StartTime:  now.Add(-time.Minute), EndTime: now, Period: time.Minute,
		Statistics: []cloudwatch.Statistic{cloudwatch.StatisticMaximum},
	}))
	if len(out.Datapoints) == 0 {
		return 0
	}
	return time.Duration(*out.Datapoints[0].Maximum * float64(time.Second))
}

// inService counts the group's instances in service.
func inService(ctx context.Context, groups *autoscaling.Service, name string) int {
	out := must(groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}}))
	n := 0
	for _, i := range out.AutoScalingGroups[0].Instances {
		if i.LifecycleState == autoscaling.StateInService {
			n++
		}
	}
	return n
}

// summary prints the day in a table.
func summary(w io.Writer, d day) {
	var peakDepth, peakInService int
	var peakAge time.Duration
	var depthAt, ageAt, inServiceAt int
	for i, m := range d.minutes {
		if m.depth > peakDepth {
			peakDepth, depthAt = m.depth, i
		}
		if m.oldest > peakAge {
			peakAge, ageAt = m.oldest, i
		}
		if m.inService > peakInService {
			peakInService, inServiceAt = m.inService, i
		}
	}
	at := func(i int) string { return midnight.Add(time.Duration(i+1) * time.Minute).Format("15:04") }
	row := func(label, value string) { fmt.Fprintf(w, "%-28s %20s\n", label, value) }
	row("messages sent", strconv.Itoa(d.sent))
	row("messages processed", strconv.Itoa(d.processed))
	row("dead-lettered", strconv.Itoa(d.deadLettered))
	row("on the queue at midnight", strconv.Itoa(d.minutes[len(d.minutes)-1].depth))
	row("peak queue depth", fmt.Sprintf("%d at %s", peakDepth, at(depthAt)))
	row("peak age of oldest message", fmt.Sprintf("%s at %s", peakAge, at(ageAt)))
	row("peak instances in service", fmt.Sprintf("%d at %s", peakInService, at(inServiceAt)))
	row("cost of the day", fmt.Sprintf("$%.2f", d.minutes[len(d.minutes)-1].cost))
}

// writeCSV writes one row a minute: the minute's end, jobs sent, queue
// depth, oldest age in seconds, instances in service, cost so far.
func writeCSV(path string, d day) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"time", "sent", "depth", "oldest_age_seconds", "in_service", "cost_dollars"})
	for i, m := range d.minutes {
		cw.Write([]string{
			midnight.Add(time.Duration(i+1) * time.Minute).Format(time.RFC3339),
			strconv.Itoa(m.sent), strconv.Itoa(m.depth),
			strconv.FormatFloat(m.oldest.Seconds(), 'f', 0, 64),
			strconv.Itoa(m.inService), strconv.FormatFloat(m.cost, 'f', 4, 64),
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
