package lambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/golden"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// A composed scenario: an SQS queue feeds a function through an event
// source mapping, that function fans each order out as an Event invocation
// of a second one, and the second one's outcomes land in on-success and
// on-failure destination queues (AWS Lambda Developer Guide: "Invoking a
// Lambda function asynchronously" and "Using Lambda with Amazon SQS"). The
// whole run's event log, the account's log of SQS events and Lambda
// invocations, is compared with testdata/composed.golden (regenerate with go test -run
// TestComposedPipelineEventLogIsGolden -update).

// cmpStart is the instant the composed scenario starts at.
var cmpStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// cmpARN is the ARN of a queue of the scenario.
func cmpARN(name string) string { return "arn:aws:sqs:us-east-1:000000000000:" + name }

// cmpOrders are the orders the scenario sends, by the offset from cmpStart
// they are sent at; two are declined.
var cmpOrders = []struct {
	at     time.Duration
	bodies []string
}{
	{0, []string{`{"order":1}`, `{"order":2}`, `{"order":3,"card":"decline"}`, `{"order":4}`}},
	{1500 * time.Millisecond, []string{`{"order":5}`, `{"order":6}`}},
	{40 * time.Second, []string{`{"order":7}`, `{"order":8}`, `{"order":9}`, `{"order":10,"card":"decline"}`, `{"order":11}`}},
	{125 * time.Second, []string{`{"order":12}`}},
}

// cmpRun is what one run of the scenario produces.
type cmpRun struct {
	log                []string // the merged event log and summary, one line each
	charged, declined  []string // bodies of the destination queues' messages
	charge, intake     lambda.FunctionStats
	intakeInvocations  []lambda.Invocation
	chargeInvocations  []lambda.Invocation
	chargedRecords     []cmpRecord
	declinedRecords    []cmpRecord
	ordersLeft         int // messages still on the orders queue
	ordersDeletedCount int
	ordersDeletedAt    []time.Time // the instants of the orders queue's Deleted events
	ordersReceived     int         // receives of orders
}

// cmpRecord is the part of an invocation record the scenario checks.
type cmpRecord struct {
	Timestamp      string `json:"timestamp"`
	RequestContext struct {
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	RequestPayload json.RawMessage `json:"requestPayload"`
}

// cmpTimeMS is the millisecond RFC 3339 form of invocation times.
const cmpTimeMS = "2006-01-02T15:04:05.000Z07:00"

// cmpScenario runs the pipeline on a fresh pair of services and returns its
// event log.
func cmpScenario(t *testing.T) cmpRun {
	t.Helper()
	ctx := context.Background()
	clk := sim.NewClock(cmpStart)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(3))
	queues := sqs.New(sqs.WithAccount(acct), sqs.WithHistory())
	fns := lambda.New(lambda.WithAccount(acct), lambda.WithSQS(queues), lambda.WithHistory())

	urls := map[string]string{}
	for _, q := range []struct {
		name  string
		attrs map[string]string
	}{
		{"orders", map[string]string{sqs.AttributeVisibilityTimeout: "60"}},
		{"charged", nil},
		{"declined", nil},
	} {
		out, err := queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: q.name, Attributes: q.attrs})
		require.NoError(t, err)
		urls[q.name] = out.QueueUrl
	}

	// charge declines the cards of orders marked "decline".
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "charge",
		Role:         "arn:aws:iam::000000000000:role/charge",
		Code: lambda.Code{
			Handler: func(_ context.Context, payload []byte) ([]byte, error) {
				if strings.Contains(string(payload), "decline") {
					return nil, errors.New("card declined")
				}
				return []byte(`{"charged":true}`), nil
			},
			Duration: lambda.FixedDuration(100 * time.Millisecond),
		},
	})
	require.NoError(t, err)
	retries := 1
	_, err = fns.PutFunctionEventInvokeConfig(ctx, &lambda.PutFunctionEventInvokeConfigInput{
		FunctionName:         "charge",
		MaximumRetryAttempts: &retries,
		DestinationConfig:    &lambda.DestinationConfig{OnSuccess: cmpARN("charged"), OnFailure: cmpARN("declined")},
	})
	require.NoError(t, err)

	// intake hands every order of its batch to charge, asynchronously; it
	// calls the service from its handler, which holds no lock.
	_, err = fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "intake",
		Role:         "arn:aws:iam::000000000000:role/intake",
		Code: lambda.Code{
			Handler: func(ctx context.Context, payload []byte) ([]byte, error) {
				var ev struct {
					Records []struct {
						Body string `json:"body"`
					} `json:"Records"`
				}
				if err := json.Unmarshal(payload, &ev); err != nil {
					return nil, err
				}
				for _, r := range ev.Records {
					if _, err := fns.Invoke(ctx, &lambda.InvokeInput{
						FunctionName: "charge", InvocationType: lambda.InvocationTypeEvent, Payload: []byte(r.Body),
					}); err != nil {
						return nil, err
					}
				}
				return nil, nil
			},
			Duration:     lambda.FixedDuration(300 * time.Millisecond),
			InitDuration: time.Second,
		},
	})
	require.NoError(t, err)
	_, err = fns.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{
		EventSourceArn: cmpARN("orders"), FunctionName: "intake", BatchSize: 5, MaximumBatchingWindow: 2 * time.Second,
	})
	require.NoError(t, err)

	// Send the orders at their instants, the clock moving in steps of
	// 500 ms for five minutes.
	const step, span = 500 * time.Millisecond, 5 * time.Minute
	next := 0
	for elapsed := time.Duration(0); elapsed <= span; elapsed += step {
		for next < len(cmpOrders) && cmpOrders[next].at <= elapsed {
			for _, body := range cmpOrders[next].bodies {
				_, err := queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: urls["orders"], MessageBody: body})
				require.NoError(t, err)
			}
			next++
		}
		clk.Advance(step)
	}
	require.Equal(t, len(cmpOrders), next, "every order was sent")

	// The event log: the account's, SQS events and invocations in the
	// order they happened.
	run := cmpRun{}
	for _, e := range acct.Events() {
		run.log = append(run.log, e.String())
	}
	for _, e := range queues.Inspect().Events() {
		if e.Queue == "orders" {
			switch e.Kind {
			case sqs.EventDeleted:
				run.ordersDeletedAt = append(run.ordersDeletedAt, e.At)
			case sqs.EventReceived:
				run.ordersReceived++
			}
		}
	}
	for _, inv := range fns.Inspect().Invocations() {
		switch inv.FunctionName {
		case "intake":
			run.intakeInvocations = append(run.intakeInvocations, inv)
		case "charge":
			run.chargeInvocations = append(run.chargeInvocations, inv)
		}
	}

	// The summary: what the destinations hold, and both functions' totals.
	for _, q := range []struct {
		name    string
		bodies  *[]string
		records *[]cmpRecord
	}{{"charged", &run.charged, &run.chargedRecords}, {"declined", &run.declined, &run.declinedRecords}} {
		msgs := queues.Inspect().Messages(urls[q.name])
		run.log = append(run.log, fmt.Sprintf("summary %s messages=%d", q.name, len(msgs)))
		for _, m := range msgs {
			var rec cmpRecord
			require.NoError(t, json.Unmarshal([]byte(m.Body), &rec), "record: %s", m.Body)
			*q.bodies = append(*q.bodies, m.Body)
			*q.records = append(*q.records, rec)
			run.log = append(run.log, fmt.Sprintf("summary %s msg=%s %s %s invokeCount=%d payload=%s",
				q.name, m.MessageID, rec.Timestamp, rec.RequestContext.Condition, rec.RequestContext.ApproximateInvokeCount, rec.RequestPayload))
		}
	}
	for _, name := range []string{"intake", "charge"} {
		st, ok := fns.Inspect().Stats(name)
		require.True(t, ok)
		run.log = append(run.log, fmt.Sprintf("summary %s invocations=%d errors=%d coldStarts=%d billed=%s cost=%.8f",
			name, st.Invocations, st.Errors, st.ColdStarts, st.BilledDuration, st.Cost))
		if name == "intake" {
			run.intake = st
		} else {
			run.charge = st
		}
	}
	orders, ok := queues.Inspect().Stats(urls["orders"])
	require.True(t, ok)
	run.ordersLeft = orders.Visible + orders.InFlight + orders.Delayed
	run.ordersDeletedCount = orders.Deleted
	return run
}

// TestComposedPipelineEventLogIsGolden: an SQS event source mapping feeding
// a function that fans out Event invocations with retries and destinations
// gives the same event log, byte for byte, on every run (§3.6–3.7).
func TestComposedPipelineEventLogIsGolden(t *testing.T) {
	a := cmpScenario(t)
	b := cmpScenario(t)
	require.Equal(t, a.log, b.log, "two runs of the same scenario differ")

	// What the log must show, whatever the golden file says.
	// Every order was charged or declined exactly once, to the right queue.
	assert.Len(t, a.charged, 10)
	assert.Len(t, a.declined, 2)
	for _, r := range a.chargedRecords {
		assert.Equal(t, "Success", r.RequestContext.Condition)
		assert.Equal(t, 1, r.RequestContext.ApproximateInvokeCount)
		assert.NotContains(t, string(r.RequestPayload), "decline")
	}
	for _, r := range a.declinedRecords {
		assert.Equal(t, "RetriesExhausted", r.RequestContext.Condition)
		assert.Equal(t, 2, r.RequestContext.ApproximateInvokeCount, "one retry")
		assert.Contains(t, string(r.RequestPayload), "decline")
	}
	// 10 successes, and 2 declines tried twice each.
	assert.Equal(t, 14, a.charge.Invocations)
	assert.Equal(t, 4, a.charge.Errors)
	assert.Equal(t, 0, a.intake.Errors)
	// The orders queue was drained: each batch deleted at its end.
	assert.Zero(t, a.ordersLeft)
	assert.Equal(t, 12, a.ordersDeletedCount)
	assert.Equal(t, 12, a.ordersReceived, "no batch failed, so no order came back")
	ends := map[int64]bool{} // by UnixNano
	for _, inv := range a.intakeInvocations {
		ends[inv.End.UnixNano()] = true
	}
	require.Len(t, a.ordersDeletedAt, 12)
	for _, at := range a.ordersDeletedAt {
		assert.True(t, ends[at.UnixNano()], "order deleted at %s, when no batch ended", at.Format(cmpTimeMS))
	}
	// A retry starts a minute after the failed attempt ended.
	var failedEnd []time.Time
	for _, inv := range a.chargeInvocations {
		if inv.Attempt == 1 && inv.FunctionError != "" {
			failedEnd = append(failedEnd, inv.End)
		}
	}
	var retried []time.Time
	for _, inv := range a.chargeInvocations {
		if inv.Attempt == 2 {
			retried = append(retried, inv.Start)
		}
	}
	require.Len(t, failedEnd, 2)
	require.Len(t, retried, 2)
	for i := range retried {
		assert.Equal(t, failedEnd[i].Add(time.Minute), retried[i], "retry %d", i)
	}

	golden.Check(t, "composed.golden", []byte(strings.Join(a.log, "\n")+"\n"))
}
