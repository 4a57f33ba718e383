package lambda_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Tests of SQS event source mappings (AWS Lambda Developer Guide: "Using Lambda with Amazon SQS"): the mapping API
// and its validation, and what the pollers do in virtual time. The esm…
// helpers below are shared with bench_esm_test.go.

// esmStart is the instant every mapping scenario starts at.
var esmStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// esmARNPrefix is the ARN of a queue without its name.
const esmARNPrefix = "arn:aws:sqs:us-east-1:000000000000:"

// esmEnv is a lambda service wired to an sqs service on one virtual clock.
type esmEnv struct {
	clk    *sim.Clock
	fns    *lambda.Service
	queues *sqs.Service
}

// esmSetup returns a lambda service with history, connected with WithSQS
// to a fresh sqs service with history, both on one sim.Clock that reads
// esmStart, both seeded with 1.
func esmSetup(t testing.TB, opts ...lambda.Option) *esmEnv {
	t.Helper()
	return esmSetupSeed(t, 1, opts...)
}

// esmSetupSeed is esmSetup with the seed of both services.
func esmSetupSeed(t testing.TB, seed uint64, opts ...lambda.Option) *esmEnv {
	t.Helper()
	clk := sim.NewClock(esmStart)
	queues := sqs.New(sqs.WithClock(clk), sqs.WithSeed(seed), sqs.WithHistory())
	all := append([]lambda.Option{lambda.WithClock(clk), lambda.WithSeed(seed), lambda.WithHistory(), lambda.WithSQS(queues)}, opts...)
	return &esmEnv{clk: clk, fns: lambda.New(all...), queues: queues}
}

// esmQueue creates a queue and returns its URL and ARN. A name ending in
// .fifo makes a FIFO queue.
func esmQueue(t testing.TB, env *esmEnv, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	all := map[string]string{}
	for k, v := range attrs {
		all[k] = v
	}
	if strings.HasSuffix(name, ".fifo") {
		all[sqs.AttributeFifoQueue] = "true"
	}
	out, err := env.queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: name, Attributes: all})
	require.NoError(t, err)
	return out.QueueUrl, esmARNPrefix + name
}

// esmVisibility is the attributes of a queue with the given visibility
// timeout.
func esmVisibility(d time.Duration) map[string]string {
	return map[string]string{sqs.AttributeVisibilityTimeout: strconv.Itoa(int(d / time.Second))}
}

// esmEvent is the event Lambda gives a function for a batch of SQS
// messages, decoded field by field (§3.7's record format).
type esmEvent struct {
	Records []esmRecord `json:"Records"`
}

type esmRecord struct {
	MessageID              string                  `json:"messageId"`
	ReceiptHandle          string                  `json:"receiptHandle"`
	Body                   string                  `json:"body"`
	Attributes             map[string]string       `json:"attributes"`
	MessageAttributes      map[string]esmAttribute `json:"messageAttributes"`
	MD5OfMessageAttributes *string                 `json:"md5OfMessageAttributes"`
	MD5OfBody              string                  `json:"md5OfBody"`
	EventSource            string                  `json:"eventSource"`
	EventSourceARN         string                  `json:"eventSourceARN"`
	AWSRegion              string                  `json:"awsRegion"`
}

type esmAttribute struct {
	StringValue      *string  `json:"stringValue"`
	BinaryValue      *string  `json:"binaryValue"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues []string `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// esmDecode decodes an SQS event, refusing fields AWS does not send.
func esmDecode(t testing.TB, payload []byte) esmEvent {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.DisallowUnknownFields()
	var ev esmEvent
	require.NoError(t, dec.Decode(&ev), "event: %s", payload)
	return ev
}

// esmBatch is one invocation a mapping made: when it started, its request
// ID and its records.
type esmBatch struct {
	At          time.Time
	RequestID   string
	Records     []esmRecord
	PayloadSize int
}

// bodies returns the bodies of the batch's records, in order.
func (b esmBatch) bodies() []string {
	var out []string
	for _, r := range b.Records {
		out = append(out, r.Body)
	}
	return out
}

// esmFn is a function under test: the batches its handler got, and what it
// answers. Handlers run on the goroutine that advances the clock or sends,
// which is the test's.
type esmFn struct {
	t       testing.TB
	env     *esmEnv
	name    string
	batches []esmBatch
	// respond answers a batch; nil means success with no payload.
	respond func(b esmBatch) ([]byte, error)
}

func (f *esmFn) handler(ctx context.Context, payload []byte) ([]byte, error) {
	ic, _ := lambda.FromContext(ctx)
	b := esmBatch{At: f.env.clk.Now(), RequestID: ic.RequestID, Records: esmDecode(f.t, payload).Records, PayloadSize: len(payload)}
	f.batches = append(f.batches, b)
	if f.respond == nil {
		return nil, nil
	}
	return f.respond(b)
}

// distinct returns the distinct bodies the function has seen.
func (f *esmFn) distinct() map[string]int {
	seen := map[string]int{}
	for _, b := range f.batches {
		for _, r := range b.Records {
			seen[r.Body]++
		}
	}
	return seen
}

// esmFunction creates a function with the given timeout (zero: 3 s) whose
// every invocation takes d in virtual time.
func esmFunction(t testing.TB, env *esmEnv, name string, timeout, d time.Duration, respond func(esmBatch) ([]byte, error)) *esmFn {
	t.Helper()
	f := &esmFn{t: t, env: env, name: name, respond: respond}
	_, err := env.fns.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: name, Role: "arn:aws:iam::000000000000:role/" + name, Timeout: timeout,
		Code: lambda.Code{Handler: f.handler, Duration: lambda.FixedDuration(d)},
	})
	require.NoError(t, err)
	return f
}

// esmMap creates a mapping and returns its configuration.
func esmMap(t testing.TB, env *esmEnv, in lambda.CreateEventSourceMappingInput) *lambda.EventSourceMappingConfiguration {
	t.Helper()
	out, err := env.fns.CreateEventSourceMapping(context.Background(), &in)
	require.NoError(t, err)
	return out
}

// esmSend sends messages with the given bodies and returns their IDs.
func esmSend(t testing.TB, env *esmEnv, url string, bodies ...string) []string {
	t.Helper()
	var ids []string
	for _, body := range bodies {
		out, err := env.queues.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: body})
		require.NoError(t, err)
		ids = append(ids, out.MessageId)
	}
	return ids
}

// esmBodies returns n bodies prefix-0 … prefix-(n-1).
func esmBodies(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

// esmQueueStats returns a queue's counters.
func esmQueueStats(t testing.TB, env *esmEnv, url string) sqs.QueueStats {
	t.Helper()
	st, ok := env.queues.Inspect().Stats(url)
	require.True(t, ok, "queue %s", url)
	return st
}

// esmStats returns a mapping's counters.
func esmStats(t testing.TB, env *esmEnv, uuid string) lambda.MappingStats {
	t.Helper()
	st, ok := env.fns.Inspect().MappingStats(uuid)
	require.True(t, ok, "mapping %s", uuid)
	return st
}

// esmRefused asserts err is the sentinel's code with the message, when one
// is given.
func esmRefused(t testing.TB, err error, sentinel error, message string) {
	t.Helper()
	require.Error(t, err)
	require.True(t, errors.Is(err, sentinel), "want %v, got %v", sentinel, err)
	if message != "" {
		var e *lambda.Error
		require.True(t, errors.As(err, &e), "not a *lambda.Error: %v", err)
		assert.Equal(t, message, e.Message)
	}
}

// esmList returns the UUIDs of the mappings a List call returns.
func esmList(t testing.TB, env *esmEnv, in lambda.ListEventSourceMappingsInput) []string {
	t.Helper()
	out, err := env.fns.ListEventSourceMappings(context.Background(), &in)
	require.NoError(t, err)
	var ids []string
	for _, m := range out.EventSourceMappings {
		ids = append(ids, m.UUID)
	}
	return ids
}

func esmBool(b bool) *bool                     { return &b }
func esmWindow(d time.Duration) *time.Duration { return &d }

// The mapping API (§3.7 "Parameters", "Validation at create/update", "ESM
// states").

// §3.7: BatchSize defaults to 10, the batching window to 0, Enabled to
// true; a new mapping is Enabled by USER_INITIATED and has a UUID.
func TestCreateEventSourceMappingDefaults(t *testing.T) {
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)

	out := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	_, err := uuid.Parse(out.UUID)
	require.NoError(t, err, "UUID %q", out.UUID)
	assert.Equal(t, arn, out.EventSourceArn)
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:worker", out.FunctionArn)
	assert.Equal(t, lambda.DefaultBatchSize, out.BatchSize)
	assert.Equal(t, 10, out.BatchSize)
	assert.Zero(t, out.MaximumBatchingWindow)
	assert.Equal(t, "Creating", out.State, "CreateEventSourceMapping's output shows it on its way")
	assert.Equal(t, "USER_INITIATED", out.StateTransitionReason)
	assert.Empty(t, out.FunctionResponseTypes)
	assert.Nil(t, out.ScalingConfig)
	assert.Equal(t, esmStart, out.LastModified)

	got, err := env.fns.GetEventSourceMapping(context.Background(), &lambda.GetEventSourceMappingInput{UUID: out.UUID})
	require.NoError(t, err)
	assert.Equal(t, "Enabled", got.State)
	got.State = out.State
	assert.Equal(t, *out, *got)
	assert.Equal(t, lambda.MappingStats{Pollers: 5, PeakPollers: 5}, esmStats(t, env, out.UUID))
}

// §3.7: Enabled false creates a Disabled mapping with no pollers.
func TestCreateDisabledEventSourceMapping(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)

	out := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", Enabled: esmBool(false)})
	esmSend(t, env, url, "a")
	env.clk.Advance(time.Minute)

	assert.Equal(t, "Creating", out.State)
	got, err := env.fns.GetEventSourceMapping(context.Background(), &lambda.GetEventSourceMappingInput{UUID: out.UUID})
	require.NoError(t, err)
	assert.Equal(t, "Disabled", got.State)
	assert.Empty(t, f.batches)
	assert.Zero(t, esmStats(t, env, out.UUID).Pollers)
	assert.Equal(t, 1, esmQueueStats(t, env, url).Visible)
}

// §3.7: a queue that does not exist is refused with the error Lambda gets
// from SQS, and nothing is created.
func TestCreateEventSourceMappingForMissingQueueIsInvalidParameter(t *testing.T) {
	env := esmSetup(t)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)

	_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
		EventSourceArn: esmARNPrefix + "missing", FunctionName: "worker",
	})

	esmRefused(t, err, lambda.ErrInvalidParameterValueException,
		"Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
}

// §3.7: without an SQS service (WithSQS) no queue can be an event source.
func TestCreateEventSourceMappingWithoutSQSIsInvalidParameter(t *testing.T) {
	clk := sim.NewClock(esmStart)
	fns := lambda.New(lambda.WithClock(clk))
	_, err := fns.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: "worker", Role: "arn:aws:iam::000000000000:role/worker", Code: lambda.Code{Handler: invEcho},
	})
	require.NoError(t, err)

	_, err = fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
		EventSourceArn: esmARNPrefix + "work", FunctionName: "worker",
	})

	esmRefused(t, err, lambda.ErrInvalidParameterValueException, "")
	out, err := fns.ListEventSourceMappings(context.Background(), &lambda.ListEventSourceMappingsInput{})
	require.NoError(t, err)
	assert.Empty(t, out.EventSourceMappings)
}

// §3.7: an unknown function is ResourceNotFoundException "Function does
// not exist".
func TestCreateEventSourceMappingForUnknownFunctionIsNotFound(t *testing.T) {
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)

	_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "nobody"})

	esmRefused(t, err, lambda.ErrResourceNotFoundException, "Function does not exist")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
}

// §3.7: BatchSize is at most 10,000 for a standard queue and 10 for a FIFO
// queue.
func TestEventSourceMappingBatchSizeLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		queue string
		size  int
		ok    bool
	}{
		{"standard 1", "std", 1, true},
		{"standard 10000", "std", 10000, true},
		{"standard 10001", "std", 10001, false},
		{"standard negative", "std", -1, false},
		{"fifo 10", "q.fifo", 10, true},
		{"fifo 11", "q.fifo", 11, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := esmSetup(t)
			_, arn := esmQueue(t, env, tc.queue, nil)
			esmFunction(t, env, "worker", 0, time.Millisecond, nil)

			out, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
				EventSourceArn: arn, FunctionName: "worker", BatchSize: tc.size, MaximumBatchingWindow: time.Second,
			})

			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, tc.size, out.BatchSize)
				return
			}
			esmRefused(t, err, lambda.ErrInvalidParameterValueException, "")
			assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
		})
	}
}

// §3.7: if BatchSize is over 10, the batching window must be at least 1 s.
func TestBatchSizeOver10NeedsBatchingWindow(t *testing.T) {
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)

	_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 11})

	esmRefused(t, err, lambda.ErrInvalidParameterValueException, "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))

	out := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 10})
	assert.Equal(t, 10, out.BatchSize)
}

// §3.7: MaximumBatchingWindowInSeconds is 0 to 300.
func TestMaximumBatchingWindowIsAtMost300Seconds(t *testing.T) {
	for _, tc := range []struct {
		window time.Duration
		ok     bool
	}{
		{0, true}, {time.Second, true}, {300 * time.Second, true},
		{301 * time.Second, false}, {-time.Second, false}, {1500 * time.Millisecond, false},
	} {
		t.Run(tc.window.String(), func(t *testing.T) {
			env := esmSetup(t)
			_, arn := esmQueue(t, env, "work", nil)
			esmFunction(t, env, "worker", 0, time.Millisecond, nil)

			out, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
				EventSourceArn: arn, FunctionName: "worker", MaximumBatchingWindow: tc.window,
			})

			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, tc.window, out.MaximumBatchingWindow)
				return
			}
			esmRefused(t, err, lambda.ErrInvalidParameterValueException, "")
			assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
		})
	}
}

// §3.7: the queue's visibility timeout must be at least the function's
// timeout.
func TestQueueVisibilityTimeoutMustCoverFunctionTimeout(t *testing.T) {
	env := esmSetup(t)
	_, short := esmQueue(t, env, "short", esmVisibility(30*time.Second))
	_, exact := esmQueue(t, env, "exact", esmVisibility(60*time.Second))
	esmFunction(t, env, "slow", time.Minute, time.Millisecond, nil)

	_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{EventSourceArn: short, FunctionName: "slow"})
	esmRefused(t, err, lambda.ErrInvalidParameterValueException, "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))

	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: exact, FunctionName: "slow"})
}

// §3.7: a second mapping of the same queue to the same function is a
// ResourceConflictException naming the existing mapping.
func TestDuplicateEventSourceMappingConflicts(t *testing.T) {
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	esmFunction(t, env, "other", 0, time.Millisecond, nil)
	first := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	for _, name := range []string{"worker", "arn:aws:lambda:us-east-1:000000000000:function:worker"} {
		_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: name, BatchSize: 5})
		esmRefused(t, err, lambda.ErrResourceConflictException, "")
		assert.Contains(t, err.Error(), first.UUID, name)
	}
	assert.Equal(t, []string{first.UUID}, esmList(t, env, lambda.ListEventSourceMappingsInput{}))

	// Another function may read the same queue.
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "other"})
}

// §3.7: ScalingConfig.MaximumConcurrency is 2 to 1,000.
func TestScalingConfigMaximumConcurrencyIsTwoToThousand(t *testing.T) {
	for _, tc := range []struct {
		n  int
		ok bool
	}{{1, false}, {2, true}, {1000, true}, {1001, false}} {
		t.Run(strconv.Itoa(tc.n), func(t *testing.T) {
			env := esmSetup(t)
			_, arn := esmQueue(t, env, "work", nil)
			esmFunction(t, env, "worker", 0, time.Millisecond, nil)

			out, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
				EventSourceArn: arn, FunctionName: "worker", ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: tc.n},
			})

			if tc.ok {
				require.NoError(t, err)
				require.NotNil(t, out.ScalingConfig)
				assert.Equal(t, tc.n, out.ScalingConfig.MaximumConcurrency)
				return
			}
			esmRefused(t, err, lambda.ErrValidationException, "")
			assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
		})
	}
}

// §3.7: FunctionResponseTypes may only hold ReportBatchItemFailures.
func TestFunctionResponseTypesAcceptOnlyReportBatchItemFailures(t *testing.T) {
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)

	_, err := env.fns.CreateEventSourceMapping(context.Background(), &lambda.CreateEventSourceMappingInput{
		EventSourceArn: arn, FunctionName: "worker", FunctionResponseTypes: []string{"ReportBatchItemFailures", "ReportEverything"},
	})
	esmRefused(t, err, lambda.ErrValidationException, "")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))

	out := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", FunctionResponseTypes: []string{"ReportBatchItemFailures"}})
	assert.Equal(t, []string{"ReportBatchItemFailures"}, out.FunctionResponseTypes)
}

// §3.7: UpdateEventSourceMapping changes the fields it is given, checks
// them as CreateEventSourceMapping does, and changes nothing when refused.
func TestUpdateEventSourceMappingChangesFieldsAndValidates(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	env.clk.Advance(time.Hour)

	out, err := env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{
		UUID: m.UUID, BatchSize: 100, MaximumBatchingWindow: esmWindow(5 * time.Second),
		FunctionResponseTypes: []string{"ReportBatchItemFailures"}, ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: 20},
	})
	require.NoError(t, err)
	assert.Equal(t, 100, out.BatchSize)
	assert.Equal(t, 5*time.Second, out.MaximumBatchingWindow)
	assert.Equal(t, []string{"ReportBatchItemFailures"}, out.FunctionResponseTypes)
	assert.Equal(t, &lambda.ScalingConfig{MaximumConcurrency: 20}, out.ScalingConfig)
	assert.Equal(t, esmStart.Add(time.Hour), out.LastModified)
	assert.Equal(t, "Enabled", out.State)
	assert.Equal(t, m.UUID, out.UUID)
	before, err := env.fns.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	assert.Equal(t, *out, *before)

	for _, tc := range []struct {
		name     string
		in       lambda.UpdateEventSourceMappingInput
		sentinel error
		message  string
	}{
		{"window 0 with batch 100", lambda.UpdateEventSourceMappingInput{MaximumBatchingWindow: esmWindow(0)}, lambda.ErrInvalidParameterValueException,
			"Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"},
		{"window 301 s", lambda.UpdateEventSourceMappingInput{MaximumBatchingWindow: esmWindow(301 * time.Second)}, lambda.ErrInvalidParameterValueException, ""},
		{"batch 10001", lambda.UpdateEventSourceMappingInput{BatchSize: 10001}, lambda.ErrInvalidParameterValueException, ""},
		{"concurrency 1001", lambda.UpdateEventSourceMappingInput{ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: 1001}}, lambda.ErrValidationException, ""},
		{"response type", lambda.UpdateEventSourceMappingInput{FunctionResponseTypes: []string{"Nope"}}, lambda.ErrValidationException, ""},
		{"unknown mapping", lambda.UpdateEventSourceMappingInput{UUID: "00000000-0000-0000-0000-000000000000", BatchSize: 5}, lambda.ErrResourceNotFoundException, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.UUID == "" {
				in.UUID = m.UUID
			}
			env.clk.Advance(time.Minute)
			_, err := env.fns.UpdateEventSourceMapping(ctx, &in)
			esmRefused(t, err, tc.sentinel, tc.message)
			after, err := env.fns.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: m.UUID})
			require.NoError(t, err)
			assert.Equal(t, *before, *after)
		})
	}
}

// §3.7: a deleted mapping is Deleting in DeleteEventSourceMapping's output
// and then no longer found.
func TestDeleteEventSourceMappingThenGetIsNotFound(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	_, arn := esmQueue(t, env, "work", nil)
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	out, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	assert.Equal(t, m.UUID, out.UUID)
	assert.Equal(t, "Deleting", out.State)

	_, err = env.fns.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: m.UUID})
	esmRefused(t, err, lambda.ErrResourceNotFoundException, "")
	_, err = env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	esmRefused(t, err, lambda.ErrResourceNotFoundException, "")
	_, err = env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, BatchSize: 5})
	esmRefused(t, err, lambda.ErrResourceNotFoundException, "")
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
	_, ok := env.fns.Inspect().MappingStats(m.UUID)
	assert.False(t, ok)

	// The queue and function may be mapped again.
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
}

// §3.7 (ListEventSourceMappings): the list filters by queue, by function,
// or both, in creation order.
func TestListEventSourceMappingsFiltersByQueueAndFunction(t *testing.T) {
	env := esmSetup(t)
	_, q1 := esmQueue(t, env, "one", nil)
	_, q2 := esmQueue(t, env, "two", nil)
	esmFunction(t, env, "a", 0, time.Millisecond, nil)
	esmFunction(t, env, "b", 0, time.Millisecond, nil)
	a1 := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: q1, FunctionName: "a"}).UUID
	b1 := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: q1, FunctionName: "b"}).UUID
	a2 := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: q2, FunctionName: "a"}).UUID

	assert.Equal(t, []string{a1, b1, a2}, esmList(t, env, lambda.ListEventSourceMappingsInput{}))
	assert.Equal(t, []string{a1, b1}, esmList(t, env, lambda.ListEventSourceMappingsInput{EventSourceArn: q1}))
	assert.Equal(t, []string{a2}, esmList(t, env, lambda.ListEventSourceMappingsInput{EventSourceArn: q2}))
	assert.Equal(t, []string{a1, a2}, esmList(t, env, lambda.ListEventSourceMappingsInput{FunctionName: "a"}))
	assert.Equal(t, []string{a1, a2}, esmList(t, env, lambda.ListEventSourceMappingsInput{FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:a"}))
	assert.Equal(t, []string{b1}, esmList(t, env, lambda.ListEventSourceMappingsInput{EventSourceArn: q1, FunctionName: "b"}))
	assert.Empty(t, esmList(t, env, lambda.ListEventSourceMappingsInput{EventSourceArn: q2, FunctionName: "b"}))

	_, err := env.fns.ListEventSourceMappings(context.Background(), &lambda.ListEventSourceMappingsInput{FunctionName: "nobody"})
	esmRefused(t, err, lambda.ErrResourceNotFoundException, "")
}

// What the pollers do in virtual time (§3.7 "Batching", "Invocation",
// "Partial batch response", "Scaling").

// §3.7 (event record format): each message is a record with messageId,
// receiptHandle, body, the system attributes, the message attributes with
// stringValue or binaryValue, dataType and empty list fields, the MD5
// digests, eventSource aws:sqs, the queue's ARN and region.
func TestSQSEventRecordShape(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	sent, err := env.queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: "hello", MessageAttributes: map[string]sqs.MessageAttributeValue{
		"Author": {DataType: "String", StringValue: "John"},
		"Count":  {DataType: "Number", StringValue: "3"},
		"Blob":   {DataType: "Binary", BinaryValue: []byte{1, 2, 3}},
	}})
	require.NoError(t, err)
	env.clk.Advance(time.Second)
	plainID := esmSend(t, env, url, "plain")[0]
	env.clk.Advance(time.Second)

	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	require.Len(t, f.batches, 1)
	recs := f.batches[0].Records
	require.Len(t, recs, 2)
	r := recs[0]
	assert.Equal(t, sent.MessageId, r.MessageID)
	assert.NotEmpty(t, r.ReceiptHandle)
	assert.Equal(t, "hello", r.Body)
	ms := func(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 10) }
	assert.Equal(t, map[string]string{
		"ApproximateReceiveCount":          "1",
		"SentTimestamp":                    ms(esmStart),
		"SenderId":                         "000000000000",
		"ApproximateFirstReceiveTimestamp": ms(esmStart.Add(2 * time.Second)),
	}, r.Attributes)
	require.Len(t, r.MessageAttributes, 3)
	for name, want := range map[string][2]string{"Author": {"String", "John"}, "Count": {"Number", "3"}} {
		a := r.MessageAttributes[name]
		assert.Equal(t, want[0], a.DataType, name)
		require.NotNil(t, a.StringValue, name)
		assert.Equal(t, want[1], *a.StringValue, name)
		assert.Nil(t, a.BinaryValue, name)
		assert.NotNil(t, a.StringListValues, "%s: stringListValues must be an empty list", name)
		assert.Empty(t, a.StringListValues, name)
		assert.NotNil(t, a.BinaryListValues, "%s: binaryListValues must be an empty list", name)
		assert.Empty(t, a.BinaryListValues, name)
	}
	blob := r.MessageAttributes["Blob"]
	assert.Equal(t, "Binary", blob.DataType)
	require.NotNil(t, blob.BinaryValue)
	assert.Equal(t, "AQID", *blob.BinaryValue) // base64 of 1 2 3
	assert.Nil(t, blob.StringValue)
	require.NotNil(t, r.MD5OfMessageAttributes)
	assert.Equal(t, sent.MD5OfMessageAttributes, *r.MD5OfMessageAttributes)
	sum := md5.Sum([]byte("hello"))
	assert.Equal(t, hex.EncodeToString(sum[:]), r.MD5OfBody)
	assert.Equal(t, sent.MD5OfMessageBody, r.MD5OfBody)
	for _, r := range recs {
		assert.Equal(t, "aws:sqs", r.EventSource)
		assert.Equal(t, arn, r.EventSourceARN)
		assert.Equal(t, "us-east-1", r.AWSRegion)
	}

	// A message without attributes has an empty messageAttributes object
	// and no md5OfMessageAttributes.
	p := recs[1]
	assert.Equal(t, plainID, p.MessageID)
	assert.Equal(t, ms(esmStart.Add(time.Second)), p.Attributes["SentTimestamp"])
	assert.NotNil(t, p.MessageAttributes)
	assert.Empty(t, p.MessageAttributes)
	assert.Nil(t, p.MD5OfMessageAttributes)
	assert.NotEqual(t, r.ReceiptHandle, p.ReceiptHandle)
}

// §3.7 (Batching): a batch holds at most BatchSize messages, and each
// message of a backlog reaches the function once.
func TestMappingDeliversBatchesOfAtMostBatchSize(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	esmSend(t, env, url, esmBodies("m", 25)...)

	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 4})

	// The five pollers take a full batch each at once.
	require.Len(t, f.batches, 5)
	for _, b := range f.batches {
		assert.Len(t, b.Records, 4)
		assert.Equal(t, esmStart, b.At)
	}
	env.clk.Advance(time.Minute)
	for _, b := range f.batches {
		assert.LessOrEqual(t, len(b.Records), 4)
	}
	seen := f.distinct()
	assert.Len(t, seen, 25)
	for body, n := range seen {
		assert.Equal(t, 1, n, body)
	}
	st := esmQueueStats(t, env, url)
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 25, st.Deleted)
	ms := esmStats(t, env, m.UUID)
	assert.Equal(t, len(f.batches), ms.Batches)
	assert.Equal(t, 25, ms.Messages)
	assert.Equal(t, 25, ms.Deleted)
	assert.Zero(t, ms.Failed)
}

// §3.7 (Batching): the pollers long-poll, so with no batching window a
// message sent to an idle queue is delivered at the instant it is sent.
func TestMappingInvokesWhenAMessageArrives(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	env.clk.Advance(47 * time.Second)
	assert.Empty(t, f.batches)
	esmSend(t, env, url, "late")

	require.Len(t, f.batches, 1)
	assert.Equal(t, esmStart.Add(47*time.Second), f.batches[0].At)
	assert.Equal(t, []string{"late"}, f.batches[0].bodies())
}

// §3.7 (Invocation): the invocation is synchronous and a successful
// batch's messages are deleted when it ends, in virtual time; until then
// they are in flight.
func TestSuccessfulBatchIsDeletedWhenItsInvocationEnds(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 20*time.Second, 10*time.Second, nil)
	esmSend(t, env, url, "a", "b", "c")
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	require.Len(t, f.batches, 1)

	env.clk.Advance(10*time.Second - time.Millisecond)
	st := esmQueueStats(t, env, url)
	assert.Equal(t, 3, st.InFlight, "in flight just before the end")
	assert.Zero(t, st.Deleted)
	assert.Zero(t, esmStats(t, env, m.UUID).Deleted)

	env.clk.Advance(time.Millisecond)
	st = esmQueueStats(t, env, url)
	assert.Zero(t, st.InFlight+st.Visible, "nothing left at the end")
	assert.Equal(t, 3, st.Deleted)
	assert.Equal(t, 3, esmStats(t, env, m.UUID).Deleted)
	inv := invLast(t, env.fns)
	assert.Equal(t, f.batches[0].RequestID, inv.RequestID)
	assert.Equal(t, esmStart.Add(10*time.Second), inv.End)
}

// §3.7 (Invocation): on a function error every message of the batch
// becomes visible again after the queue's visibility timeout, and is
// received again with its receive count raised.
func TestFailedBatchComesBackAfterVisibilityTimeout(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	f.respond = func(esmBatch) ([]byte, error) {
		if len(f.batches) == 1 {
			return nil, errors.New("boom")
		}
		return nil, nil
	}
	ids := esmSend(t, env, url, "a", "b")
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	env.clk.Advance(30*time.Second - time.Millisecond)
	require.Len(t, f.batches, 1)
	assert.Equal(t, 2, esmQueueStats(t, env, url).InFlight)

	env.clk.Advance(time.Millisecond)
	require.Len(t, f.batches, 2)
	again := f.batches[1]
	assert.Equal(t, esmStart.Add(30*time.Second), again.At)
	require.Len(t, again.Records, 2)
	for i, r := range again.Records {
		assert.Equal(t, ids[i], r.MessageID)
		assert.Equal(t, "2", r.Attributes["ApproximateReceiveCount"])
	}
	env.clk.Advance(time.Second)
	st := esmQueueStats(t, env, url)
	assert.Zero(t, st.Visible+st.InFlight)
	ms := esmStats(t, env, m.UUID)
	assert.Equal(t, 2, ms.Failed)
	assert.Equal(t, 2, ms.Deleted)
	assert.Equal(t, 1, invStats(t, env.fns, "worker").Errors)
}

// §3.7 (visibility timeout ≥ function timeout is checked at create only):
// a queue whose visibility timeout is lowered below the handler's duration
// hands a message out again while its first invocation still runs.
func TestHandlerSlowerThanVisibilityTimeoutSeesDuplicates(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 30*time.Second, 20*time.Second, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	_, err := env.queues.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: esmVisibility(5 * time.Second)})
	require.NoError(t, err)
	id := esmSend(t, env, url, "slow")[0]

	env.clk.Advance(5 * time.Second)

	require.Len(t, f.batches, 2)
	assert.Equal(t, esmStart.Add(5*time.Second), f.batches[1].At)
	assert.Equal(t, id, f.batches[1].Records[0].MessageID)
	assert.Equal(t, "2", f.batches[1].Records[0].Attributes["ApproximateReceiveCount"])
	assert.Equal(t, 2, invStats(t, env.fns, "worker").ConcurrentExecutions, "both invocations run")

	_, err = env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
}

// esmPartial sets up a mapping with ReportBatchItemFailures (or not) over
// a queue with a 30-second visibility timeout holding messages a, b and c,
// whose function (1 s per invocation) answers its first batch with
// respond. It returns after the first batch has started.
func esmPartial(t *testing.T, report bool, respond func(b esmBatch) ([]byte, error)) (*esmEnv, *esmFn, string, string) {
	t.Helper()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	f.respond = func(b esmBatch) ([]byte, error) {
		if len(f.batches) == 1 {
			return respond(b)
		}
		return nil, nil
	}
	esmSend(t, env, url, "a", "b", "c")
	in := lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"}
	if report {
		in.FunctionResponseTypes = []string{"ReportBatchItemFailures"}
	}
	m := esmMap(t, env, in)
	require.Len(t, f.batches, 1)
	require.Len(t, f.batches[0].Records, 3)
	return env, f, url, m.UUID
}

// esmFailures is a partial batch response naming the given identifiers.
func esmFailures(ids ...string) []byte {
	var items []string
	for _, id := range ids {
		items = append(items, fmt.Sprintf(`{"itemIdentifier":%q}`, id))
	}
	return []byte(`{"batchItemFailures":[` + strings.Join(items, ",") + `]}`)
}

// §3.7 (Partial batch response): with ReportBatchItemFailures only the
// messages the response names come back; the others are deleted when the
// invocation ends.
func TestReportBatchItemFailuresReturnsOnlyNamedMessages(t *testing.T) {
	env, f, url, uuid := esmPartial(t, true, func(b esmBatch) ([]byte, error) {
		return esmFailures(b.Records[1].MessageID), nil
	})
	failedID := f.batches[0].Records[1].MessageID

	env.clk.Advance(time.Second)
	st := esmQueueStats(t, env, url)
	assert.Equal(t, 2, st.Deleted)
	assert.Equal(t, 1, st.InFlight)

	env.clk.Advance(29 * time.Second)
	require.Len(t, f.batches, 2)
	require.Len(t, f.batches[1].Records, 1)
	assert.Equal(t, failedID, f.batches[1].Records[0].MessageID)
	assert.Equal(t, "b", f.batches[1].Records[0].Body)
	assert.Equal(t, "2", f.batches[1].Records[0].Attributes["ApproximateReceiveCount"])
	env.clk.Advance(time.Minute)
	assert.Len(t, f.batches, 2)
	assert.Equal(t, 3, esmQueueStats(t, env, url).Deleted)
	ms := esmStats(t, env, uuid)
	assert.Equal(t, 1, ms.Failed)
	assert.Equal(t, 3, ms.Deleted)
}

// §3.7 (Partial batch response): an empty or null response, or an empty
// or null batchItemFailures, is complete success.
func TestReportBatchItemFailuresCompleteSuccess(t *testing.T) {
	for name, response := range map[string][]byte{
		"no payload":      nil,
		"null":            []byte("null"),
		"empty object":    []byte("{}"),
		"empty list":      []byte(`{"batchItemFailures":[]}`),
		"null list":       []byte(`{"batchItemFailures":null}`),
		"spaces and null": []byte(" null \n"),
	} {
		t.Run(name, func(t *testing.T) {
			env, f, url, _ := esmPartial(t, true, func(esmBatch) ([]byte, error) { return response, nil })
			env.clk.Advance(time.Second)
			st := esmQueueStats(t, env, url)
			assert.Equal(t, 3, st.Deleted)
			assert.Zero(t, st.InFlight+st.Visible)
			env.clk.Advance(time.Minute)
			assert.Len(t, f.batches, 1)
		})
	}
}

// §3.7 (Partial batch response): invalid JSON, an empty or null
// itemIdentifier, a bad key name, or an identifier not in the batch is
// complete failure: every message comes back.
func TestReportBatchItemFailuresCompleteFailure(t *testing.T) {
	for name, respond := range map[string]func(b esmBatch) []byte{
		"invalid JSON":           func(esmBatch) []byte { return []byte(`{"batchItemFailures":[`) },
		"empty itemIdentifier":   func(esmBatch) []byte { return esmFailures("") },
		"null itemIdentifier":    func(esmBatch) []byte { return []byte(`{"batchItemFailures":[{"itemIdentifier":null}]}`) },
		"missing itemIdentifier": func(esmBatch) []byte { return []byte(`{"batchItemFailures":[{}]}`) },
		"bad key name": func(b esmBatch) []byte {
			return []byte(fmt.Sprintf(`{"batchItemFailures":[{"itemId":%q}]}`, b.Records[0].MessageID))
		},
		"unknown identifier": func(b esmBatch) []byte { return esmFailures(b.Records[0].MessageID, "not-in-this-batch") },
	} {
		t.Run(name, func(t *testing.T) {
			env, f, url, uuid := esmPartial(t, true, func(b esmBatch) ([]byte, error) { return respond(b), nil })
			env.clk.Advance(time.Second)
			st := esmQueueStats(t, env, url)
			assert.Zero(t, st.Deleted)
			assert.Equal(t, 3, st.InFlight)
			env.clk.Advance(29 * time.Second)
			require.Len(t, f.batches, 2)
			assert.Equal(t, []string{"a", "b", "c"}, f.batches[1].bodies())
			assert.Equal(t, 3, esmStats(t, env, uuid).Failed)
		})
	}
}

// §3.7 (Partial batch response): a function error fails the whole batch
// even when its payload reads like a partial batch response.
func TestFunctionErrorFailsWholeBatchEvenWithReportBatchItemFailures(t *testing.T) {
	env, f, url, _ := esmPartial(t, true, func(b esmBatch) ([]byte, error) {
		return esmFailures(b.Records[0].MessageID), errors.New("boom")
	})
	env.clk.Advance(time.Second)
	assert.Zero(t, esmQueueStats(t, env, url).Deleted)
	env.clk.Advance(29 * time.Second)
	require.Len(t, f.batches, 2)
	assert.Equal(t, []string{"a", "b", "c"}, f.batches[1].bodies())
}

// §3.7 (Partial batch response): without ReportBatchItemFailures the
// response is not read; a batch that returns without error succeeds.
func TestPartialResponseIsIgnoredWithoutReportBatchItemFailures(t *testing.T) {
	env, f, url, _ := esmPartial(t, false, func(b esmBatch) ([]byte, error) {
		return esmFailures(b.Records[0].MessageID), nil
	})
	env.clk.Advance(time.Second)
	assert.Equal(t, 3, esmQueueStats(t, env, url).Deleted)
	env.clk.Advance(time.Minute)
	assert.Len(t, f.batches, 1)
}

// §3.7 (Batching): with a batching window a poller keeps gathering until
// the window ends or the batch is full, long-polling ten messages at a
// time: a backlog of 30 becomes one batch of 30 at the window's end.
func TestBatchingWindowGathersBacklogIntoOneBatch(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	bodies := esmBodies("m", 30)
	esmSend(t, env, url, bodies...)

	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second})
	env.clk.Advance(5*time.Second - time.Millisecond)
	assert.Empty(t, f.batches, "nothing before the window ends")
	env.clk.Advance(time.Millisecond)

	require.Len(t, f.batches, 1)
	assert.Equal(t, esmStart.Add(5*time.Second), f.batches[0].At)
	assert.Equal(t, bodies, f.batches[0].bodies())
}

// §3.7 (Batching): messages sent one by one over time are gathered too:
// no batch is invoked before the window that its first message opened
// ends, and the 30 messages arrive in at most one batch per poller. (All
// five pollers feed the mapping's one pool, so in fact they arrive in one
// batch; see TestMessagesSentOneByOneArePooledIntoOneBatch.)
func TestBatchingWindowGathersMessagesSentOverTime(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second})
	env.clk.Advance(time.Minute)

	first := env.clk.Now()
	bodies := esmBodies("m", 30)
	for _, body := range bodies {
		esmSend(t, env, url, body)
		env.clk.Advance(100 * time.Millisecond)
	}
	env.clk.AdvanceTo(first.Add(5*time.Second - time.Millisecond))
	assert.Empty(t, f.batches, "nothing before the first window ends")
	env.clk.Advance(time.Minute)

	require.NotEmpty(t, f.batches)
	assert.LessOrEqual(t, len(f.batches), esmStats(t, env, m.UUID).PeakPollers)
	var got []string
	for _, b := range f.batches {
		sent, err := strconv.ParseInt(b.Records[0].Attributes["SentTimestamp"], 10, 64)
		require.NoError(t, err)
		assert.Equal(t, time.UnixMilli(sent).UTC().Add(5*time.Second), b.At.Truncate(time.Millisecond), "batch invoked when its window ends")
		assert.Greater(t, len(b.Records), 1)
		got = append(got, b.bodies()...)
	}
	assert.ElementsMatch(t, bodies, got)
}

// §3.7 (Batching), issue 8: a mapping's pollers feed one pool, so
// messages sent one by one, each taken by whichever poller waits first,
// form one batch: a full one at once, and what is left when the window its
// first message opened ends.
func TestMessagesSentOneByOneArePooledIntoOneBatch(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 10, MaximumBatchingWindow: 5 * time.Second})
	require.Equal(t, 5, esmQueueStats(t, env, url).Waiting)

	bodies := esmBodies("m", 13)
	for _, body := range bodies {
		esmSend(t, env, url, body)
		env.clk.Advance(100 * time.Millisecond)
	}
	require.Len(t, f.batches, 1, "the tenth message fills the batch")
	assert.Equal(t, bodies[:10], f.batches[0].bodies())
	assert.Equal(t, esmStart.Add(900*time.Millisecond), f.batches[0].At)
	env.clk.AdvanceTo(esmStart.Add(7 * time.Second))

	require.Len(t, f.batches, 2)
	assert.Equal(t, bodies[10:], f.batches[1].bodies())
	assert.Equal(t, esmStart.Add(6*time.Second), f.batches[1].At, "the window the eleventh message, sent at 1 s, opened")
	assert.Equal(t, 13, esmQueueStats(t, env, url).Received, "each message received once")
	assert.Equal(t, 2, esmStats(t, env, m.UUID).Batches)
}

// §3.7 (Batching): a full batch is invoked at once, before its window
// ends.
func TestFullBatchDoesNotWaitForTheWindow(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	esmSend(t, env, url, esmBodies("m", 25)...)

	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 20, MaximumBatchingWindow: 60 * time.Second})

	require.NotEmpty(t, f.batches)
	assert.Len(t, f.batches[0].Records, 20)
	assert.Equal(t, esmStart, f.batches[0].At)
}

// §3.7 (Batching): a poller stops gathering before the event would pass
// the 6 MB payload limit, even with room left in BatchSize and the window.
func TestBatchStopsGatheringBeforeSixMegabytes(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	big := strings.Repeat("x", 200*1024)
	var bodies []string
	for i := range 40 {
		bodies = append(bodies, fmt.Sprintf("%03d%s", i, big))
	}
	esmSend(t, env, url, bodies...)

	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 60 * time.Second})
	env.clk.Advance(5 * time.Minute)

	require.Greater(t, len(f.batches), 1)
	var got []string
	for _, b := range f.batches {
		assert.LessOrEqual(t, b.PayloadSize, lambda.MaxSyncPayload)
		assert.Less(t, len(b.Records), 40)
		got = append(got, b.bodies()...)
	}
	assert.ElementsMatch(t, bodies, got)
	assert.Equal(t, esmStart, f.batches[0].At, "a batch near the limit does not wait for the window")
}

// §3.7 (Scaling, FIFO): messages of a group arrive in the order sent, and
// a group never has two batches in flight.
func TestFIFOMappingKeepsGroupOrderWithOneBatchInFlightPerGroup(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "jobs.fifo", nil)
	const d = 2 * time.Second
	f := esmFunction(t, env, "worker", 0, d, nil)
	groups := []string{"g0", "g1", "g2"}
	sent := map[string][]string{}
	send := func(i int) {
		for _, g := range groups {
			body := fmt.Sprintf("%s-%d", g, i)
			_, err := env.queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: body, MessageGroupId: g, MessageDeduplicationId: body})
			require.NoError(t, err)
			sent[g] = append(sent[g], body)
		}
	}
	for i := range 5 {
		send(i)
	}
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 3})
	for i := 5; i < 12; i++ {
		env.clk.Advance(700 * time.Millisecond)
		send(i)
	}
	env.clk.Advance(5 * time.Minute)

	got := map[string][]string{}
	busy := map[string][]time.Time{} // start of each batch holding the group
	for _, b := range f.batches {
		inBatch := map[string]bool{}
		for _, r := range b.Records {
			g := r.Attributes["MessageGroupId"]
			require.NotEmpty(t, g)
			assert.NotEmpty(t, r.Attributes["SequenceNumber"])
			assert.Equal(t, r.Body, r.Attributes["MessageDeduplicationId"])
			got[g] = append(got[g], r.Body)
			inBatch[g] = true
		}
		for g := range inBatch {
			busy[g] = append(busy[g], b.At)
		}
	}
	assert.Equal(t, sent, got, "each group in order, each message once")
	for g, starts := range busy {
		for i := 1; i < len(starts); i++ {
			assert.GreaterOrEqual(t, starts[i].Sub(starts[i-1]), d, "group %s: batch %d starts before batch %d ends", g, i, i-1)
		}
	}
	assert.Zero(t, esmQueueStats(t, env, url).Visible)
}

// §3.7 (FIFO): a failed batch holds up its group until its messages come
// back, and then they come first; other groups go on.
func TestFIFOFailedBatchHoldsUpOnlyItsGroup(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "jobs.fifo", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	failed := false
	f.respond = func(b esmBatch) ([]byte, error) {
		if b.Records[0].Body == "bad-0" && !failed {
			failed = true
			return nil, errors.New("boom")
		}
		return nil, nil
	}
	for i := range 3 {
		for _, g := range []string{"bad", "good"} {
			body := fmt.Sprintf("%s-%d", g, i)
			_, err := env.queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: body, MessageGroupId: g, MessageDeduplicationId: body})
			require.NoError(t, err)
		}
	}
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 1})

	env.clk.Advance(10 * time.Second)
	var early []string
	for _, b := range f.batches {
		early = append(early, b.bodies()...)
	}
	assert.Equal(t, []string{"bad-0", "good-0", "good-1", "good-2"}, early)

	env.clk.Advance(time.Minute)
	var bad []string
	for _, b := range f.batches {
		if strings.HasPrefix(b.Records[0].Body, "bad") {
			bad = append(bad, b.Records[0].Body)
		}
	}
	assert.Equal(t, []string{"bad-0", "bad-0", "bad-1", "bad-2"}, bad)
}

// §3.7 (Invocation): a throttled batch counts as a receive and its
// messages come back after the visibility timeout; with reserved
// concurrency 1 and five pollers, everything is processed in the end, each
// message once.
func TestThrottledBatchesComeBackAfterVisibilityTimeout(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	_, err := env.fns.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: "worker", ReservedConcurrentExecutions: 1})
	require.NoError(t, err)
	esmSend(t, env, url, esmBodies("m", 50)...)

	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	// Five pollers take ten messages each: one batch runs, four are
	// throttled.
	require.Len(t, f.batches, 1)
	assert.Equal(t, 4, invStats(t, env.fns, "worker").Throttles)
	assert.Equal(t, 40, esmStats(t, env, m.UUID).Failed)
	env.clk.Advance(30*time.Second - time.Millisecond)
	assert.Len(t, f.batches, 1, "throttled messages stay hidden for the visibility timeout")
	st := esmQueueStats(t, env, url)
	assert.Equal(t, 40, st.InFlight)
	assert.Equal(t, 10, st.Deleted)

	env.clk.Advance(10 * time.Minute)
	seen := f.distinct()
	assert.Len(t, seen, 50)
	for body, n := range seen {
		assert.Equal(t, 1, n, body)
	}
	for _, b := range f.batches[1:] {
		assert.False(t, b.At.Before(esmStart.Add(30*time.Second)), "batch at %v", b.At)
		for _, r := range b.Records {
			n, err := strconv.Atoi(r.Attributes["ApproximateReceiveCount"])
			require.NoError(t, err)
			assert.GreaterOrEqual(t, n, 2, r.Body)
		}
	}
	st = esmQueueStats(t, env, url)
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 50, st.Deleted)
	assert.LessOrEqual(t, invStats(t, env.fns, "worker").PeakConcurrentExecutions, 1)
}

// §3.7 (Invocation): the queue's redrive policy moves a message whose
// batches keep failing to its dead-letter queue after maxReceiveCount
// receives.
func TestRedrivePolicyMovesRepeatedlyFailingMessagesToDeadLetterQueue(t *testing.T) {
	env := esmSetup(t)
	dlqURL, dlqARN := esmQueue(t, env, "work-dlq", nil)
	url, arn := esmQueue(t, env, "work", map[string]string{
		sqs.AttributeRedrivePolicy: fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":3}`, dlqARN),
	})
	f := esmFunction(t, env, "worker", 0, time.Second, func(esmBatch) ([]byte, error) { return nil, errors.New("poison") })
	id := esmSend(t, env, url, "poison")[0]
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	env.clk.Advance(10 * time.Minute)

	require.Len(t, f.batches, 3)
	for i, b := range f.batches {
		assert.Equal(t, esmStart.Add(time.Duration(i)*30*time.Second), b.At)
		assert.Equal(t, strconv.Itoa(i+1), b.Records[0].Attributes["ApproximateReceiveCount"])
	}
	st := esmQueueStats(t, env, url)
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 1, st.MovedToDLQ)
	msgs := env.queues.Inspect().Messages(dlqURL)
	require.Len(t, msgs, 1)
	assert.Equal(t, id, msgs[0].MessageID)
}

// §3.7 (Invocation): throttled invokes count as receives toward the
// queue's maxReceiveCount, so a function reserved to zero sends every
// message to the dead-letter queue without running.
func TestThrottledInvokesCountTowardMaxReceiveCount(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	dlqURL, dlqARN := esmQueue(t, env, "work-dlq", nil)
	url, arn := esmQueue(t, env, "work", map[string]string{
		sqs.AttributeRedrivePolicy: fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":2}`, dlqARN),
	})
	f := esmFunction(t, env, "worker", 0, time.Second, nil)
	_, err := env.fns.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: "worker", ReservedConcurrentExecutions: 0})
	require.NoError(t, err)
	esmSend(t, env, url, "x")
	esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	env.clk.Advance(10 * time.Minute)

	assert.Empty(t, f.batches)
	assert.Equal(t, 2, invStats(t, env.fns, "worker").Throttles)
	assert.Equal(t, 1, esmQueueStats(t, env, url).MovedToDLQ)
	assert.Equal(t, 1, esmQueueStats(t, env, dlqURL).Visible)
}

// esmBacklog sends n messages, ten at a time.
func esmBacklog(t testing.TB, env *esmEnv, url string, n int) {
	t.Helper()
	in := &sqs.SendMessageBatchInput{QueueUrl: url}
	for i := 0; i < n; i++ {
		in.Entries = append(in.Entries, sqs.SendMessageBatchRequestEntry{Id: strconv.Itoa(i % 10), MessageBody: "m" + strconv.Itoa(i)})
		if len(in.Entries) == 10 || i == n-1 {
			out, err := env.queues.SendMessageBatch(context.Background(), in)
			require.NoError(t, err)
			require.Empty(t, out.Failed)
			in.Entries = in.Entries[:0]
		}
	}
}

// esmPollers advances the clock to each offset from esmStart and reports
// the mapping's pollers there.
func esmPollers(t testing.TB, env *esmEnv, uuid string, offsets ...time.Duration) []int {
	t.Helper()
	var out []int
	for _, d := range offsets {
		env.clk.AdvanceTo(esmStart.Add(d))
		out = append(out, esmStats(t, env, uuid).Pollers)
	}
	return out
}

// §3.7 (Scaling): a mapping starts with 5 pollers and adds up to 300 a
// minute while messages wait, up to 1,000.
func TestPollersScaleUpBy300AMinuteWhileMessagesWait(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(900*time.Second))
	esmFunction(t, env, "worker", 900*time.Second, 600*time.Second, nil)
	esmBacklog(t, env, url, 12000)

	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	got := esmPollers(t, env, m.UUID, 0, 59*time.Second, time.Minute, 2*time.Minute, 3*time.Minute, 4*time.Minute, 5*time.Minute)
	assert.Equal(t, []int{5, 5, 305, 605, 905, 1000, 1000}, got)
	st := esmStats(t, env, m.UUID)
	assert.Equal(t, 1000, st.PeakPollers)
	assert.Equal(t, 1000, st.Batches)
	assert.Equal(t, 1000, invStats(t, env.fns, "worker").PeakConcurrentExecutions)
	assert.Zero(t, invStats(t, env.fns, "worker").Throttles)
}

// §3.7 (Scaling): a mapping scales with its backlog, so one message that
// keeps failing, visible again each time its visibility timeout ends,
// leaves the mapping at its 5 pollers, where adding 300 whenever one
// message is visible swung it 5 → 305 → 5 every minute.
func TestPollersDoNotScaleForOneFailingMessage(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	esmFunction(t, env, "worker", 10*time.Second, time.Second, func(esmBatch) ([]byte, error) {
		return nil, errors.New("poison")
	})
	esmSend(t, env, url, "poison")
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	got := esmPollers(t, env, m.UUID, time.Minute, 90*time.Second, 2*time.Minute, 5*time.Minute, 10*time.Minute)

	assert.Equal(t, []int{5, 5, 5, 5, 5}, got)
	st := esmStats(t, env, m.UUID)
	assert.Equal(t, 5, st.PeakPollers)
	assert.GreaterOrEqual(t, st.Batches, 10, "the message keeps coming back")
}

// §3.7 (Scaling): the pollers added each minute are bounded by what the
// backlog can keep busy, one per batch: 400 messages in batches of 10
// need 40 pollers, not 305.
func TestPollersScaleToTheBacklogsBatches(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(900*time.Second))
	esmFunction(t, env, "worker", 900*time.Second, 600*time.Second, nil)
	esmBacklog(t, env, url, 400)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	assert.Equal(t, []int{5, 40, 40}, esmPollers(t, env, m.UUID, 0, time.Minute, 2*time.Minute))
	assert.Equal(t, 40, invStats(t, env.fns, "worker").PeakConcurrentExecutions)
}

// §3.7 (Scaling): when the queue empties, the pollers go back to 5.
func TestPollersScaleBackToFiveWhenTheQueueEmpties(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(60*time.Second))
	esmFunction(t, env, "worker", 60*time.Second, 30*time.Second, nil)
	esmBacklog(t, env, url, 5000)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})

	assert.Equal(t, []int{305}, esmPollers(t, env, m.UUID, time.Minute))
	env.clk.Advance(30 * time.Minute)

	st := esmQueueStats(t, env, url)
	assert.Zero(t, st.Visible+st.InFlight)
	assert.Equal(t, 5000, st.Deleted)
	ms := esmStats(t, env, m.UUID)
	assert.Equal(t, 5, ms.Pollers)
	assert.GreaterOrEqual(t, ms.PeakPollers, 305)
}

// §3.7 (Parameters, Scaling): ScalingConfig.MaximumConcurrency caps the
// pollers, and so the concurrent invocations, of a mapping.
func TestMaximumConcurrencyCapsPollers(t *testing.T) {
	for _, tc := range []struct {
		max  int
		want []int
	}{{2, []int{2, 2, 2}}, {50, []int{5, 50, 50}}} {
		t.Run(strconv.Itoa(tc.max), func(t *testing.T) {
			env := esmSetup(t)
			url, arn := esmQueue(t, env, "work", esmVisibility(900*time.Second))
			esmFunction(t, env, "worker", 900*time.Second, 600*time.Second, nil)
			esmBacklog(t, env, url, 2000)
			m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: tc.max}})

			assert.Equal(t, tc.want, esmPollers(t, env, m.UUID, 0, time.Minute, 5*time.Minute))
			assert.Equal(t, tc.max, esmStats(t, env, m.UUID).PeakPollers)
			assert.Equal(t, tc.max, invStats(t, env.fns, "worker").PeakConcurrentExecutions)
		})
	}
}

// §3.7 (Parameters, Scaling): lowering MaximumConcurrency on a running
// mapping brings its pollers down to the new cap as their batches end.
func TestLoweringMaximumConcurrencyStopsExtraPollers(t *testing.T) {
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(60*time.Second))
	esmFunction(t, env, "worker", 60*time.Second, 30*time.Second, nil)
	esmBacklog(t, env, url, 10000)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	require.Equal(t, []int{305}, esmPollers(t, env, m.UUID, time.Minute))

	_, err := env.fns.UpdateEventSourceMapping(context.Background(), &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: 10}})
	require.NoError(t, err)

	assert.Equal(t, []int{10, 10}, esmPollers(t, env, m.UUID, 2*time.Minute, 5*time.Minute))
	env.clk.Advance(time.Second)
	assert.LessOrEqual(t, invStats(t, env.fns, "worker").ConcurrentExecutions, 10)
	assert.Positive(t, esmQueueStats(t, env, url).Visible, "the backlog is still there")
}

// §3.7 (ESM states): disabling a mapping stops its deliveries, and
// leaves the queue's messages alone; enabling it again resumes them.
func TestDisablingMappingStopsDeliveries(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	esmSend(t, env, url, "before")
	require.Len(t, f.batches, 1)
	env.clk.Advance(time.Second)

	out, err := env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: esmBool(false)})
	require.NoError(t, err)
	assert.Equal(t, "Disabled", out.State)
	esmSend(t, env, url, "while disabled")
	env.clk.Advance(10 * time.Minute)

	assert.Len(t, f.batches, 1)
	st := esmQueueStats(t, env, url)
	assert.Equal(t, 1, st.Visible)
	assert.Equal(t, 1, st.Received, "no poller receives after the mapping is disabled")
	assert.Zero(t, esmStats(t, env, m.UUID).Pollers)

	out, err = env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: esmBool(true)})
	require.NoError(t, err)
	assert.Equal(t, "Enabled", out.State)
	require.Len(t, f.batches, 2)
	assert.Equal(t, []string{"while disabled"}, f.batches[1].bodies())
	assert.Equal(t, "1", f.batches[1].Records[0].Attributes["ApproximateReceiveCount"])
	assert.Equal(t, 5, esmStats(t, env, m.UUID).Pollers)
}

// §3.7 (ESM states): deleting a mapping stops its deliveries; a batch
// already running finishes and its messages are deleted.
func TestDeletingMappingStopsDeliveries(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 20*time.Second, 10*time.Second, nil)
	esmSend(t, env, url, "running")
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	require.Len(t, f.batches, 1)

	_, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	esmSend(t, env, url, "after delete")
	env.clk.Advance(10 * time.Minute)

	assert.Len(t, f.batches, 1)
	st := esmQueueStats(t, env, url)
	assert.Equal(t, 1, st.Deleted, "the running batch finished")
	assert.Equal(t, 1, st.Visible)
	assert.Equal(t, 1, st.Received, "no poller receives after the mapping is deleted")
	msgs := env.queues.Inspect().Messages(url)
	require.Len(t, msgs, 1)
	assert.Equal(t, "after delete", msgs[0].Body)
	assert.Zero(t, msgs[0].ReceiveCount)
}

// Determinism (package documentation): same seeds, same calls, same clock
// moves give the same invocations and the same queue event log.

// esmScenario runs a mapping over a workload with partial failures,
// function errors, throttles and a dead-letter queue, and returns the
// invocations, the batches and the queues' event log as text.
func esmScenario(t *testing.T, seed uint64) []string {
	ctx := context.Background()
	env := esmSetupSeed(t, seed)
	_, dlqARN := esmQueue(t, env, "work-dlq", nil)
	url, arn := esmQueue(t, env, "work", map[string]string{
		sqs.AttributeVisibilityTimeout: "30",
		sqs.AttributeRedrivePolicy:     fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":3}`, dlqARN),
	})
	f := esmFunction(t, env, "worker", 0, 700*time.Millisecond, nil)
	f.respond = func(b esmBatch) ([]byte, error) {
		var failed []string
		for _, r := range b.Records {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.Body, "m-"))
			if n%11 == 0 && len(f.batches)%3 == 0 {
				return nil, errors.New("boom")
			}
			if n%7 == 0 {
				failed = append(failed, r.MessageID)
			}
		}
		return esmFailures(failed...), nil
	}
	_, err := env.fns.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: "worker", ReservedConcurrentExecutions: 2})
	require.NoError(t, err)
	esmMap(t, env, lambda.CreateEventSourceMappingInput{
		EventSourceArn: arn, FunctionName: "worker", BatchSize: 20, MaximumBatchingWindow: 2 * time.Second,
		FunctionResponseTypes: []string{"ReportBatchItemFailures"},
	})
	for _, body := range esmBodies("m", 200) {
		esmSend(t, env, url, body)
		env.clk.Advance(150 * time.Millisecond)
	}
	env.clk.Advance(30 * time.Minute)

	var log []string
	for _, inv := range env.fns.Inspect().Invocations() {
		log = append(log, fmt.Sprintf("invocation %s %s %s %s", inv.RequestID, inv.Start.Format(time.RFC3339Nano), inv.End.Format(time.RFC3339Nano), inv.FunctionError))
	}
	for _, b := range f.batches {
		log = append(log, fmt.Sprintf("batch %s %s %s", b.RequestID, b.At.Format(time.RFC3339Nano), strings.Join(b.bodies(), ",")))
	}
	for _, e := range env.queues.Inspect().Events() {
		log = append(log, e.String())
	}
	return log
}

// Determinism (package documentation): a mapping run twice with the same seeds gives the
// same invocations, batches and queue events; another seed gives other
// request IDs.
func TestEventSourceMappingRunsAreDeterministic(t *testing.T) {
	first := esmScenario(t, 7)
	second := esmScenario(t, 7)
	require.Greater(t, len(first), 500)
	assert.Equal(t, first, second)
	assert.True(t, slices.ContainsFunc(first, func(s string) bool { return strings.Contains(s, "MovedToDeadLetterQueue") }), "the scenario reaches the dead-letter queue")
	assert.NotEqual(t, first, esmScenario(t, 8))
}

// A batch waiting for the end of its batching window is not invoked once
// the mapping is deleted; its messages come back after their visibility
// timeout.
func TestDeletedMappingInvokesNoPendingBatch(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second, ScalingConfig: &lambda.ScalingConfig{MaximumConcurrency: 2}})
	esmSend(t, env, url, "a", "c") // one to each poller; batch deadlines t=5s
	env.clk.Advance(2300 * time.Millisecond)
	esmSend(t, env, url, "b")                // served at 2.3s; next poll waits 2s
	env.clk.Advance(2200 * time.Millisecond) // t=4.5s: 0.7s left -> ScheduleAt(deadline, invokeBatch)
	_, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	env.clk.Advance(time.Minute)
	assert.Len(t, f.batches, 0, "invoked after DeleteEventSourceMapping")
}

// A batch whose poller is still long-polling for more when the mapping is
// deleted is not invoked either, and its message comes back.
func TestDeletedMappingLeavesGatheringBatchToComeBack(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", nil)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker", BatchSize: 100, MaximumBatchingWindow: 5 * time.Second})
	esmSend(t, env, url, "a")
	env.clk.Advance(time.Second)
	_, err := env.fns.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: m.UUID})
	require.NoError(t, err)
	env.clk.Advance(time.Minute)
	assert.Empty(t, f.batches, "invoked after DeleteEventSourceMapping")
	assert.Equal(t, 1, esmQueueStats(t, env, url).Visible, "the message came back after its visibility timeout")
}

// Toggling a mapping off and on while batches run keeps 5 pollers.
func TestTogglingMappingKeepsPollerCount(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(time.Minute))
	esmFunction(t, env, "worker", 30*time.Second, 10*time.Second, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	esmSend(t, env, url, esmBodies("m", 50)...)
	for i := range 6 {
		_, err := env.fns.UpdateEventSourceMapping(ctx, &lambda.UpdateEventSourceMappingInput{UUID: m.UUID, Enabled: esmBool(i%2 == 1)})
		require.NoError(t, err)
		env.clk.Advance(3 * time.Second)
	}
	env.clk.Advance(5 * time.Minute)
	st := esmStats(t, env, m.UUID)
	assert.Equal(t, 5, st.Pollers)
	assert.LessOrEqual(t, st.PeakPollers, 5)
}

// Deleting the function stops the pollers that try to invoke it; the
// minute's scaling check starts pollers again once it is recreated.
func TestMappingResumesWhenFunctionIsRecreated(t *testing.T) {
	ctx := context.Background()
	env := esmSetup(t)
	url, arn := esmQueue(t, env, "work", esmVisibility(30*time.Second))
	esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	m := esmMap(t, env, lambda.CreateEventSourceMappingInput{EventSourceArn: arn, FunctionName: "worker"})
	_, err := env.fns.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "worker"})
	require.NoError(t, err)
	esmSend(t, env, url, esmBodies("m", 20)...)
	env.clk.Advance(time.Second)
	t.Logf("pollers after delete: %d", esmStats(t, env, m.UUID).Pollers)
	f := esmFunction(t, env, "worker", 0, time.Millisecond, nil)
	env.clk.Advance(5 * time.Minute)
	t.Logf("pollers after recreate: %d, batches %d, queue %+v", esmStats(t, env, m.UUID).Pollers, len(f.batches), esmQueueStats(t, env, url))
}
