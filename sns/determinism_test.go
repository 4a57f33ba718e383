package sns_test

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/internal/golden"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
)

// Determinism: same seed, same calls, same clock moves give the same
// message IDs, subscription ARNs, signatures, delivery attempts and
// bodies, byte for byte (package documentation, "Determinism"). The dlv… helpers come
// from delivery_test.go.

// detFlaky is the status of the flaky endpoint of the golden scenario:
// confirmations succeed; a notification whose message mentions "poison"
// always fails, and any other fails on its first attempt only (the
// attempt counted per message ID).
func detFlaky() func(*http.Request) int {
	seen := map[string]int{}
	return func(r *http.Request) int {
		if r.Header.Get("x-amz-sns-message-type") != "Notification" {
			return http.StatusOK
		}
		id := r.Header.Get("x-amz-sns-message-id")
		seen[id]++
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "poison") || seen[id] == 1 {
			return http.StatusBadGateway
		}
		return http.StatusOK
	}
}

// detFanOutLog runs the golden fan-out scenario and returns its event log:
// a topic fanned out to two queues (one with raw delivery), a Lambda
// function and a flaky HTTP endpoint with a dead-letter queue; three
// publishes at different times, one of them poison; then what every
// endpoint got, in order.
func detFanOutLog(t *testing.T) string {
	t.Helper()
	e := dlvSetup(t, detFlaky())
	var log strings.Builder
	logf := func(format string, args ...any) {
		fmt.Fprintf(&log, "%s ", e.clk.Now().UTC().Format("2006-01-02T15:04:05.000Z"))
		fmt.Fprintf(&log, format, args...)
		log.WriteByte('\n')
	}

	topic := e.topic("fanout", nil)
	envURL, envARN := e.queue("envelopes", nil)
	rawURL, rawARN := e.queue("raw", nil)
	dlqURL, dlqARN := e.queue("hook-dlq", nil)
	fnARN, rec := e.function("worker")
	hook := "https://hooks.example.com/flaky"
	for _, s := range []struct{ protocol, endpoint, attrs string }{
		{sns.ProtocolSQS, envARN, ""},
		{sns.ProtocolSQS, rawARN, "raw"},
		{sns.ProtocolLambda, fnARN, ""},
		{sns.ProtocolHTTPS, hook, "dlq"},
	} {
		attrs := map[string]string{}
		switch s.attrs {
		case "raw":
			attrs[sns.SubscriptionAttributeRawMessageDelivery] = "true"
		case "dlq":
			attrs[sns.SubscriptionAttributeRedrivePolicy] = dlvRedrive(dlqARN)
		}
		logf("subscribe %s %s -> %s", s.protocol, s.endpoint, e.subscribe(topic, s.protocol, s.endpoint, attrs))
	}

	publish := func(in sns.PublishInput) {
		in.TopicArn = topic
		logf("publish %q -> %s", in.Message, e.publish(in))
	}
	publish(sns.PublishInput{Message: "first", Subject: "Hello", MessageAttributes: map[string]sns.MessageAttributeValue{
		"tenant": {DataType: "String", StringValue: "acme"},
		"n":      {DataType: "Number", StringValue: "7"},
	}})
	e.clk.Advance(7500 * time.Millisecond)
	publish(sns.PublishInput{Message: "poison pill"})
	e.clk.Advance(30 * time.Second)
	publish(sns.PublishInput{Message: "last"})
	e.clk.Advance(2 * time.Minute)

	log.WriteString("\n# deliveries\n")
	for _, a := range e.svc.Inspect().Deliveries() {
		log.WriteString(a.String() + "\n")
	}
	log.WriteString("\n# http requests\n")
	for _, r := range e.web.requests("", "") {
		fmt.Fprintf(&log, "%s %s %s %s\n", r.At.UTC().Format("2006-01-02T15:04:05.000Z"), r.Type(), r.Header.Get("x-amz-sns-message-id"), r.URL)
	}
	for _, q := range []struct{ name, url string }{{"envelopes", envURL}, {"raw", rawURL}, {"hook-dlq", dlqURL}} {
		fmt.Fprintf(&log, "\n# queue %s\n", q.name)
		for _, m := range e.receive(q.url) {
			names := slices.Sorted(maps.Keys(m.MessageAttributes))
			fmt.Fprintf(&log, "attributes %v\n%s\n", names, m.Body)
		}
	}
	log.WriteString("\n# lambda events\n")
	for _, p := range rec.got() {
		log.Write(p)
		log.WriteByte('\n')
	}
	fmt.Fprintf(&log, "\n# stats %+v\n", e.svc.Inspect().Stats())
	return log.String()
}

// The fan-out scenario's event log — every delivery attempt, every HTTP
// request, every body each queue and the function received, and the
// totals — is the same on every run and equals testdata/fanout.golden
// (package documentation, "Determinism").
func TestFanOutEventLogIsGolden(t *testing.T) {
	got := detFanOutLog(t)
	again := detFanOutLog(t)
	require.Equal(t, got, again, "two runs differ")
	// The scenario did what it describes: a retry, a dead letter, an
	// event for the function.
	assert.Contains(t, got, "retry at")
	assert.Contains(t, got, "dead-lettered to arn:aws:sqs:us-east-1:000000000000:hook-dlq")
	assert.Contains(t, got, `"EventSource":"aws:sns"`)
	golden.Check(t, "fanout.golden", []byte(got))
}

// detWorkload runs a random workload drawn from seed: topics, queues,
// HTTP endpoints that fail by a rule of their own, subscriptions with and
// without filter policies, publishes, unsubscribes and clock moves. It
// returns the service's history.
func detWorkload(t *testing.T, seed uint64) ([]sns.PublishedMessage, []sns.DeliveryAttempt) {
	t.Helper()
	rng := sim.NewRand(seed)
	e := dlvSetupSeed(t, seed, func(r *http.Request) int {
		// Endpoints under /bad/ fail; the others succeed.
		if strings.Contains(r.URL.Path, "/bad/") && r.Header.Get("x-amz-sns-message-type") == "Notification" {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	}, sns.WithoutSignatures())
	var topics, subs []string
	for i := range 3 {
		topics = append(topics, e.topic(fmt.Sprint("t", i), nil))
	}
	colors := []string{"red", "green", "blue"}
	for i := range 40 {
		topic := topics[rng.IntN(len(topics))]
		switch op := rng.IntN(10); {
		case op < 2:
			_, arn := e.queue(fmt.Sprint("q", i), nil)
			attrs := map[string]string{}
			if rng.IntN(2) == 0 {
				attrs[sns.SubscriptionAttributeFilterPolicy] = `{"color":["` + colors[rng.IntN(3)] + `"]}`
			}
			subs = append(subs, e.subscribe(topic, sns.ProtocolSQS, arn, attrs))
		case op < 4:
			path := "/good/"
			if rng.IntN(2) == 0 {
				path = "/bad/"
			}
			subs = append(subs, e.subscribe(topic, sns.ProtocolHTTP, fmt.Sprintf("http://h%d.example.com%s", i, path), nil))
		case op < 5 && len(subs) > 0:
			j := rng.IntN(len(subs))
			_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: subs[j]})
			require.NoError(t, err)
			subs = slices.Delete(subs, j, j+1)
		default:
			e.publish(sns.PublishInput{TopicArn: topic, Message: fmt.Sprint("m", i), MessageAttributes: map[string]sns.MessageAttributeValue{
				"color": {DataType: "String", StringValue: colors[rng.IntN(3)]},
			}})
		}
		e.clk.Advance(time.Duration(rng.IntN(30_000)) * time.Millisecond)
	}
	e.clk.Advance(time.Hour)
	return e.svc.Inspect().Messages(), e.svc.Inspect().Deliveries()
}

// The same seeded workload run twice gives identical published messages
// and delivery attempts; another seed gives other ones (package
// documentation, "Determinism": one seed reproduces a whole run).
func TestSeededWorkloadRunTwiceGivesIdenticalDeliveries(t *testing.T) {
	msgs, deliveries := detWorkload(t, 42)
	msgs2, deliveries2 := detWorkload(t, 42)
	require.NotEmpty(t, msgs)
	require.NotEmpty(t, deliveries)
	var failed int
	for _, d := range deliveries {
		if d.Outcome == sns.OutcomeFailed {
			failed++
		}
	}
	require.NotZero(t, failed, "the workload exercises retries")
	assert.Equal(t, msgs, msgs2)
	assert.Equal(t, deliveries, deliveries2)

	_, other := detWorkload(t, 43)
	assert.NotEqual(t, deliveries, other, "another seed, another run")
}
