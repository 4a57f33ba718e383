// Command queue-age-alarm tells the story of a worker that stalls for
// twenty minutes in a simulated day: a CloudWatch alarm on the age of the
// oldest message of its queue goes to ALARM five minutes in, pages the
// on-call through an SNS topic, and goes back to OK once the worker has
// caught up. It prints the same timeline on every run, a day in a
// fraction of a second:
//
//	go run ./examples/queue-age-alarm
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	clk := sim.NewClock(day)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	queues := sqs.New(sqs.WithAccount(acct), sqs.WithMetrics(cw)) // AWS/SQS, once a minute
	topics := sns.New(sns.WithAccount(acct), sns.WithoutSignatures())
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", clk.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}

	orders := must(queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"}))
	pager := must(queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "pager"}))
	oncall := must(topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "oncall"}))
	must(topics.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: oncall.TopicArn, Protocol: sns.ProtocolSQS, Endpoint: "arn:aws:sqs:us-east-1:000000000000:pager",
		Attributes: map[string]string{sns.SubscriptionAttributeRawMessageDelivery: "true"},
	}))

	// The alarm watches the age of the oldest order, which the queue
	// publishes itself (sqs.WithMetrics).
	dims := []cloudwatch.Dimension{{Name: "QueueName", Value: "orders"}}
	must(cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: "orders-stuck", AlarmDescription: "The oldest order has waited five minutes",
		Namespace: "AWS/SQS", MetricName: sqs.MetricApproximateAgeOfOldestMessage, Dimensions: dims,
		Statistic: cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
		Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
		AlarmActions: []string{oncall.TopicArn}, OKActions: []string{oncall.TopicArn},
	}))
	say("orders queue, oncall topic → pager queue, alarm orders-stuck: oldest order ≥ 300 s")

	// A shop sends an order every 30 seconds; a worker takes what is there
	// every 10 seconds, except from 13:00 to 13:20, when it hangs.
	stallFrom, stallTo := day.Add(13*time.Hour), day.Add(13*time.Hour+20*time.Minute)
	state := cloudwatch.StateInsufficientData
	sent, done := 0, 0
	for clk.Now().Before(day.Add(24 * time.Hour)) {
		now := clk.Now()
		if now.Second()%30 == 0 {
			must(queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: orders.QueueUrl, MessageBody: fmt.Sprintf(`{"order":%d}`, sent)}))
			sent++
		}
		switch {
		case now.Equal(stallFrom):
			say("the worker hangs on a lock")
		case now.Equal(stallTo):
			say("the worker is restarted")
		}
		if now.Before(stallFrom) || !now.Before(stallTo) {
			for {
				out := must(queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: orders.QueueUrl, MaxNumberOfMessages: 10}))
				if len(out.Messages) == 0 {
					break
				}
				for _, m := range out.Messages {
					must(queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: orders.QueueUrl, ReceiptHandle: m.ReceiptHandle}))
					done++
				}
			}
		}
		clk.Advance(10 * time.Second)

		if a, _ := cw.Inspect().Alarm("orders-stuck"); a.State != state {
			say("alarm %s → %s: %s", state, a.State, a.StateReason)
			state = a.State
		}
		for _, m := range must(queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: pager.QueueUrl, MaxNumberOfMessages: 10})).Messages {
			var n struct{ AlarmName, NewStateValue, StateChangeTime string }
			if err := json.Unmarshal([]byte(m.Body), &n); err != nil {
				panic(err)
			}
			say("pager: %s is %s (since %s)", n.AlarmName, n.NewStateValue, n.StateChangeTime)
			must(queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: pager.QueueUrl, ReceiptHandle: m.ReceiptHandle}))
		}
	}
	say("day over: %d orders sent, %d processed", sent, done)

	fmt.Fprintln(w, "\nThe alarm's history, oldest first:")
	h := must(cw.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: "orders-stuck", ScanBy: cloudwatch.ScanByTimestampAscending}))
	for _, it := range h.AlarmHistoryItems {
		fmt.Fprintln(w, " ", it.Timestamp.Format("15:04:05"), it.HistoryItemType, it.HistorySummary)
	}
	return nil
}

// must keeps the story readable: a refused call ends it, through run's
// recover.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
