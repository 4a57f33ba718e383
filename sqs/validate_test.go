package sqs_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Validation tables: every documented limit at both sides of its boundary,
// and every error code the package returns. A failing case must leave the
// service exactly as it was (AWS: bad input changes nothing).

// valStart is the fixed start time of every validation scenario.
var valStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// valStatus is the HTTP status of each SQS error code as the Amazon SQS
// API Reference gives it (each operation's Errors section, and "Common
// Errors" for InvalidParameterValue and MissingParameter), written
// independently of errors.go.
var valStatus = map[string]int{
	"AWS.SimpleQueueService.NonExistentQueue":             400,
	"QueueAlreadyExists":                                  400,
	"AWS.SimpleQueueService.QueueDeletedRecently":         400,
	"AWS.SimpleQueueService.PurgeQueueInProgress":         403,
	"AWS.SimpleQueueService.MessageNotInflight":           400,
	"ReceiptHandleIsInvalid":                              404,
	"AWS.SimpleQueueService.TooManyEntriesInBatchRequest": 400,
	"AWS.SimpleQueueService.EmptyBatchRequest":            400,
	"AWS.SimpleQueueService.BatchEntryIdsNotDistinct":     400,
	"AWS.SimpleQueueService.BatchRequestTooLong":          400,
	"AWS.SimpleQueueService.InvalidBatchEntryId":          400,
	"InvalidAttributeName":                                400,
	"InvalidAttributeValue":                               400,
	"InvalidMessageContents":                              400,
	"OverLimit":                                           403,
	"ResourceNotFoundException":                           404,
	"InvalidParameterValue":                               400,
	"MissingParameter":                                    400,
	"AccessDenied":                                        403,
}

// valSentinels maps the name of every sentinel of errors.go to its value;
// TestValidationEveryErrorCodeHasACase checks it against the source file.
var valSentinels = map[string]*sqs.Error{
	"ErrQueueDoesNotExist":            sqs.ErrQueueDoesNotExist,
	"ErrQueueNameExists":              sqs.ErrQueueNameExists,
	"ErrQueueDeletedRecently":         sqs.ErrQueueDeletedRecently,
	"ErrPurgeQueueInProgress":         sqs.ErrPurgeQueueInProgress,
	"ErrMessageNotInflight":           sqs.ErrMessageNotInflight,
	"ErrReceiptHandleIsInvalid":       sqs.ErrReceiptHandleIsInvalid,
	"ErrTooManyEntriesInBatchRequest": sqs.ErrTooManyEntriesInBatchRequest,
	"ErrEmptyBatchRequest":            sqs.ErrEmptyBatchRequest,
	"ErrBatchEntryIdsNotDistinct":     sqs.ErrBatchEntryIdsNotDistinct,
	"ErrBatchRequestTooLong":          sqs.ErrBatchRequestTooLong,
	"ErrInvalidBatchEntryId":          sqs.ErrInvalidBatchEntryId,
	"ErrInvalidAttributeName":         sqs.ErrInvalidAttributeName,
	"ErrInvalidAttributeValue":        sqs.ErrInvalidAttributeValue,
	"ErrInvalidMessageContents":       sqs.ErrInvalidMessageContents,
	"ErrOverLimit":                    sqs.ErrOverLimit,
	"ErrResourceNotFoundException":    sqs.ErrResourceNotFoundException,
	"ErrInvalidParameterValue":        sqs.ErrInvalidParameterValue,
	"ErrMissingParameter":             sqs.ErrMissingParameter,
	"ErrAccessDenied":                 sqs.ErrAccessDenied,
}

// valEnv is the world a validation case runs in: a standard queue with a
// dead-letter queue, a FIFO queue, one visible message on each of the
// first two, all at a fixed instant of a sim clock.
type valEnv struct {
	t      *testing.T
	ctx    context.Context
	clk    *sim.Clock
	svc    *sqs.Service
	std    string // standard queue, RedrivePolicy → dlq
	fifo   string // FIFO queue
	dlq    string // standard dead-letter queue of std
	dlqARN string
	sent   int // messages sent by send, for unique deduplication IDs
}

func valNewEnv(t *testing.T, opts ...sqs.Option) *valEnv {
	return valNewEnvOf(t, false, opts...)
}

// valNewEnvOf is valNewEnv, in an account with cloud.WithPolicyEnforcement
// when enforce is set.
func valNewEnvOf(t *testing.T, enforce bool, opts ...sqs.Option) *valEnv {
	t.Helper()
	clk := sim.NewClock(valStart)
	clockOpt := sqs.WithClock(clk)
	if enforce {
		clockOpt = sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithPolicyEnforcement()))
	}
	e := &valEnv{
		t: t, ctx: context.Background(), clk: clk,
		svc: sqs.New(append([]sqs.Option{clockOpt, sqs.WithHistory()}, opts...)...),
	}
	e.dlq = e.create("val-dlq", nil)
	e.dlqARN = e.attr(e.dlq, sqs.AttributeQueueArn)
	e.std = e.create("val-std", map[string]string{
		sqs.AttributeRedrivePolicy: valRedrive(e.dlqARN, "5"),
	})
	e.fifo = e.create("val-fifo.fifo", map[string]string{sqs.AttributeFifoQueue: "true"})
	e.send(e.std, "")
	e.send(e.fifo, "g1")
	return e
}

func (e *valEnv) create(name string, attrs map[string]string) string {
	e.t.Helper()
	out, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
	require.NoError(e.t, err)
	return out.QueueUrl
}

func (e *valEnv) attr(url, name string) string {
	e.t.Helper()
	out, err := e.svc.GetQueueAttributes(e.ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{name}})
	require.NoError(e.t, err)
	return out.Attributes[name]
}

// send sends a message; group is the FIFO message group, empty on a
// standard queue.
func (e *valEnv) send(url, group string) string {
	e.t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: url, MessageBody: "hello", MessageGroupId: group}
	if group != "" {
		e.sent++
		in.MessageDeduplicationId = fmt.Sprintf("val-%d", e.sent)
	}
	out, err := e.svc.SendMessage(e.ctx, in)
	require.NoError(e.t, err)
	return out.MessageId
}

// receive takes one message off url (with the given visibility timeout)
// and returns its receipt handle.
func (e *valEnv) receive(url string, visibility time.Duration) string {
	e.t.Helper()
	out, err := e.svc.ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{
		QueueUrl: url, VisibilityTimeout: sqs.Duration(visibility), WaitTime: sqs.Duration(0),
	})
	require.NoError(e.t, err)
	require.Len(e.t, out.Messages, 1)
	return out.Messages[0].ReceiptHandle
}

// valQueueState is everything observable about one queue.
type valQueueState struct {
	Attributes map[string]string
	Stats      sqs.QueueStats
	Messages   []sqs.MessageInfo
	Tags       map[string]string
}

// valState is everything observable about the service.
type valState struct {
	Queues map[string]valQueueState
	Tasks  []sqs.ListMessageMoveTasksResultEntry
	Events []string
}

func (e *valEnv) snapshot() valState {
	e.t.Helper()
	ins := e.svc.Inspect()
	st := valState{Queues: map[string]valQueueState{}}
	for _, url := range ins.Queues() {
		attrs, err := e.svc.GetQueueAttributes(e.ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeAll}})
		require.NoError(e.t, err)
		tags, err := e.svc.ListQueueTags(e.ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
		require.NoError(e.t, err)
		stats, ok := ins.Stats(url)
		require.True(e.t, ok)
		st.Queues[url] = valQueueState{Attributes: attrs.Attributes, Stats: stats, Messages: ins.Messages(url), Tags: tags.Tags}
	}
	tasks, err := e.svc.ListMessageMoveTasks(e.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: e.dlqARN, MaxResults: 10})
	require.NoError(e.t, err)
	st.Tasks = tasks.Results
	for _, ev := range ins.Events() {
		st.Events = append(st.Events, ev.String())
	}
	return st
}

// valCase is one named validation case. want nil means the call must
// succeed; check then verifies its effect.
type valCase struct {
	name string
	opts []sqs.Option
	// enforce runs the case in an account that enforces queue policies.
	enforce bool
	setup   func(e *valEnv)
	op      func(e *valEnv) error
	want    *sqs.Error
	check   func(e *valEnv)
}

// valRequireError asserts that err is the AWS error want: errors.Is
// matches, the status is the one the API Reference gives for the code
// (valStatus),
// and it prints as "Code: message".
func valRequireError(t *testing.T, err error, want *sqs.Error) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, want)
	var e *sqs.Error
	require.ErrorAs(t, err, &e)
	require.NotEmpty(t, e.Code)
	status, ok := valStatus[e.Code]
	require.True(t, ok, "code %s is not in the AWS error table", e.Code)
	assert.Equal(t, status, e.StatusCode, "HTTP status of %s", e.Code)
	assert.NotEmpty(t, e.Message)
	assert.Equal(t, e.Code+": "+e.Message, e.Error())
}

func valRun(t *testing.T, cases []valCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		require.False(t, seen[c.name], "duplicate case %s", c.name)
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			e := valNewEnvOf(t, c.enforce, c.opts...)
			if c.setup != nil {
				c.setup(e)
			}
			before := e.snapshot()
			err := c.op(e)
			if c.want == nil {
				require.NoError(t, err)
				if c.check != nil {
					c.check(e)
				}
				return
			}
			valRequireError(t, err, c.want)
			assert.Equal(t, before, e.snapshot(), "a refused call changed the service")
		})
	}
}

// Case builders.

func valRedrive(arn, count string) string {
	return `{"deadLetterTargetArn":"` + arn + `","maxReceiveCount":` + count + `}`
}

func valName(n int, suffix string) string {
	return strings.Repeat("q", n-len(suffix)) + suffix
}

func valTags(n, keyLen, valueLen int) map[string]string {
	tags := make(map[string]string, n)
	for i := range n {
		k := fmt.Sprintf("k%d-", i)
		k += strings.Repeat("k", keyLen-len(k))
		tags[k] = strings.Repeat("v", valueLen)
	}
	return tags
}

func valAttrs(n, nameLen int) map[string]sqs.MessageAttributeValue {
	attrs := make(map[string]sqs.MessageAttributeValue, n)
	for i := range n {
		name := fmt.Sprintf("a%d", i)
		name += strings.Repeat("a", nameLen-len(name))
		attrs[name] = sqs.MessageAttributeValue{DataType: "String", StringValue: "v"}
	}
	return attrs
}

func valNumber(v string) map[string]sqs.MessageAttributeValue {
	return map[string]sqs.MessageAttributeValue{"n": {DataType: "Number", StringValue: v}}
}

// valSendOp sends in to the queue pick chooses.
func valSendOp(pick func(e *valEnv) string, in sqs.SendMessageInput) func(e *valEnv) error {
	return func(e *valEnv) error {
		in := in
		in.QueueUrl = pick(e)
		_, err := e.svc.SendMessage(e.ctx, &in)
		return err
	}
}

func valStd(e *valEnv) string  { return e.std }
func valFifo(e *valEnv) string { return e.fifo }

// valSentOne checks that a successful send enqueued one more message on
// the queue pick chooses.
func valSentOne(pick func(e *valEnv) string) func(e *valEnv) {
	return func(e *valEnv) {
		st, ok := e.svc.Inspect().Stats(pick(e))
		require.True(e.t, ok)
		assert.Equal(e.t, 2, st.Sent)
	}
}

func valSetAttrOp(name, value string) func(e *valEnv) error {
	return func(e *valEnv) error {
		_, err := e.svc.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: e.std, Attributes: map[string]string{name: value}})
		return err
	}
}

func valAttrIs(name, value string) func(e *valEnv) {
	return func(e *valEnv) { assert.Equal(e.t, value, e.attr(e.std, name)) }
}

// valSendBatchOp sends a batch of n entries with the given ids (entry i
// gets ids(i)) and bodies of bodyLen bytes to the standard queue.
func valSendBatchOp(n int, id func(i int) string, bodyLen int) func(e *valEnv) error {
	return func(e *valEnv) error {
		entries := make([]sqs.SendMessageBatchRequestEntry, n)
		for i := range entries {
			entries[i] = sqs.SendMessageBatchRequestEntry{Id: id(i), MessageBody: strings.Repeat("b", bodyLen)}
		}
		out, err := e.svc.SendMessageBatch(e.ctx, &sqs.SendMessageBatchInput{QueueUrl: e.std, Entries: entries})
		if err == nil && len(out.Failed) > 0 {
			return fmt.Errorf("entry %s failed: %s: %s", out.Failed[0].Id, out.Failed[0].Code, out.Failed[0].Message)
		}
		return err
	}
}

// valURL returns the URL a queue of that name has in e's service.
func valURL(e *valEnv, name string) string {
	return strings.TrimSuffix(e.std, "val-std") + name
}

func valIndexID(i int) string { return "e" + strconv.Itoa(i) }

// valQueueAttributeBounds are the ranges of the numeric queue attributes
// (Amazon SQS API Reference: SetQueueAttributes): values just inside and
// just outside.
var valQueueAttributeBounds = []struct {
	attr    string
	inside  []string
	outside []string
}{
	{sqs.AttributeDelaySeconds, []string{"0", "900"}, []string{"-1", "901"}},
	{sqs.AttributeVisibilityTimeout, []string{"0", "43200"}, []string{"-1", "43201"}},
	{sqs.AttributeMessageRetentionPeriod, []string{"60", "1209600"}, []string{"59", "1209601"}},
	{sqs.AttributeReceiveMessageWaitTimeSeconds, []string{"0", "20"}, []string{"-1", "21"}},
	{sqs.AttributeMaximumMessageSize, []string{"1024", "1048576"}, []string{"1023", "1048577"}},
	{sqs.AttributeKmsDataKeyReusePeriodSeconds, []string{"60", "86400"}, []string{"59", "86401"}},
}

// TestValidationQueueAttributesAtTheirLimits: each numeric queue attribute
// is accepted at both ends of its documented range and refused with
// InvalidAttributeValue one step outside, by CreateQueue and
// SetQueueAttributes alike (Amazon SQS API Reference: CreateQueue,
// SetQueueAttributes).
func TestValidationQueueAttributesAtTheirLimits(t *testing.T) { valRun(t, valAttributeCases()) }

func valAttributeCases() []valCase {
	var cases []valCase
	for _, b := range valQueueAttributeBounds {
		// KmsDataKeyReusePeriodSeconds is only reported with a KMS key.
		extra := map[string]string{}
		if b.attr == sqs.AttributeKmsDataKeyReusePeriodSeconds {
			extra[sqs.AttributeKmsMasterKeyId] = "alias/aws/sqs"
		}
		withExtra := func(v string) map[string]string {
			m := map[string]string{b.attr: v}
			for k, x := range extra {
				m[k] = x
			}
			return m
		}
		for _, v := range b.inside {
			cases = append(cases,
				valCase{
					name: "CreateQueue/" + b.attr + "=" + v,
					op: func(e *valEnv) error {
						_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Attributes: withExtra(v)})
						return err
					},
					check: func(e *valEnv) {
						url := valURL(e, "val-new")
						require.Contains(e.t, e.svc.Inspect().Queues(), url)
						assert.Equal(e.t, v, e.attr(url, b.attr))
					},
				},
				valCase{
					name: "SetQueueAttributes/" + b.attr + "=" + v,
					op: func(e *valEnv) error {
						_, err := e.svc.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: e.std, Attributes: withExtra(v)})
						return err
					},
					check: valAttrIs(b.attr, v),
				})
		}
		for _, v := range b.outside {
			cases = append(cases,
				valCase{
					name: "CreateQueue/" + b.attr + "=" + v,
					op: func(e *valEnv) error {
						_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Attributes: withExtra(v)})
						return err
					},
					want: sqs.ErrInvalidAttributeValue,
				},
				valCase{
					name: "SetQueueAttributes/" + b.attr + "=" + v,
					op: func(e *valEnv) error {
						_, err := e.svc.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: e.std, Attributes: withExtra(v)})
						return err
					},
					want: sqs.ErrInvalidAttributeValue,
				})
		}
	}
	cases = append(cases,
		valCase{name: "MaxReceiveCount=0", op: func(e *valEnv) error {
			return valSetAttrOp(sqs.AttributeRedrivePolicy, valRedrive(e.dlqARN, "0"))(e)
		}, want: sqs.ErrInvalidParameterValue},
		valCase{name: "MaxReceiveCount=1", op: func(e *valEnv) error {
			return valSetAttrOp(sqs.AttributeRedrivePolicy, valRedrive(e.dlqARN, "1"))(e)
		}, check: func(e *valEnv) {
			assert.Equal(e.t, valRedrive(e.dlqARN, "1"), e.attr(e.std, sqs.AttributeRedrivePolicy))
		}},
		valCase{name: "MaxReceiveCount=1000", op: func(e *valEnv) error {
			return valSetAttrOp(sqs.AttributeRedrivePolicy, valRedrive(e.dlqARN, "1000"))(e)
		}, check: func(e *valEnv) {
			assert.Equal(e.t, valRedrive(e.dlqARN, "1000"), e.attr(e.std, sqs.AttributeRedrivePolicy))
		}},
		valCase{name: "MaxReceiveCount=1001", op: func(e *valEnv) error {
			return valSetAttrOp(sqs.AttributeRedrivePolicy, valRedrive(e.dlqARN, "1001"))(e)
		}, want: sqs.ErrInvalidParameterValue},
		valCase{name: "CreateQueue/MaxReceiveCount=1001", op: func(e *valEnv) error {
			_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Attributes: map[string]string{
				sqs.AttributeRedrivePolicy: valRedrive(e.dlqARN, "1001"),
			}})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		valCase{name: "RedrivePolicyToMissingQueue", op: func(e *valEnv) error {
			return valSetAttrOp(sqs.AttributeRedrivePolicy, valRedrive(e.dlqARN+"-nope", "3"))(e)
		}, want: sqs.ErrInvalidParameterValue},
		valCase{name: "UnknownAttribute", op: valSetAttrOp("Bogus", "1"), want: sqs.ErrInvalidAttributeName},
		valCase{name: "FifoOnlyAttributeOnStandardQueue", op: valSetAttrOp(sqs.AttributeContentBasedDeduplication, "true"), want: sqs.ErrInvalidAttributeName},
		valCase{name: "FifoQueueFalseOnCreate", op: func(e *valEnv) error {
			_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Attributes: map[string]string{sqs.AttributeFifoQueue: "false"}})
			return err
		}, want: sqs.ErrInvalidAttributeName},
		valCase{name: "FifoQueueNotABoolean", op: func(e *valEnv) error {
			_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new.fifo", Attributes: map[string]string{sqs.AttributeFifoQueue: "yes"}})
			return err
		}, want: sqs.ErrInvalidAttributeValue},
		valCase{name: "GetQueueAttributes/UnknownName", op: func(e *valEnv) error {
			_, err := e.svc.GetQueueAttributes(e.ctx, &sqs.GetQueueAttributesInput{QueueUrl: e.std, AttributeNames: []string{"Bogus"}})
			return err
		}, want: sqs.ErrInvalidAttributeName},
	)
	return cases
}

// TestValidationQueueNamesAndLifecycle: a queue name is 1 to 80
// characters, ".fifo" included for a FIFO queue; a name is reserved for 60
// seconds after DeleteQueue; CreateQueue of an existing name with other
// attributes is refused; an unknown queue URL is refused (Amazon SQS API
// Reference: CreateQueue, DeleteQueue; Amazon SQS Developer Guide: "Amazon
// SQS FIFO queue quotas").
func TestValidationQueueNamesAndLifecycle(t *testing.T) { valRun(t, valNameCases()) }

func valNameCases() []valCase {
	createOp := func(name string, attrs map[string]string) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: name, Attributes: attrs})
			return err
		}
	}
	fifoAttrs := map[string]string{sqs.AttributeFifoQueue: "true"}
	created := func(name string) func(e *valEnv) {
		return func(e *valEnv) {
			assert.Contains(e.t, e.svc.Inspect().Queues(), valURL(e, name))
		}
	}
	deleteGone := func(advance time.Duration) func(e *valEnv) {
		return func(e *valEnv) {
			url := e.create("val-gone", nil)
			_, err := e.svc.DeleteQueue(e.ctx, &sqs.DeleteQueueInput{QueueUrl: url})
			require.NoError(e.t, err)
			e.clk.Advance(advance)
		}
	}
	return []valCase{
		{name: "Name80Chars", op: createOp(valName(80, ""), nil), check: created(valName(80, ""))},
		{name: "Name81Chars", op: createOp(valName(81, ""), nil), want: sqs.ErrInvalidParameterValue},
		{name: "FifoName80CharsWithSuffix", op: createOp(valName(80, ".fifo"), fifoAttrs), check: created(valName(80, ".fifo"))},
		{name: "FifoName81CharsWithSuffix", op: createOp(valName(81, ".fifo"), fifoAttrs), want: sqs.ErrInvalidParameterValue},
		{name: "NameEmpty", op: createOp("", nil), want: sqs.ErrMissingParameter},
		{name: "NameWithDot", op: createOp("a.b", nil), want: sqs.ErrInvalidParameterValue},
		{name: "StandardNameEndingInFifo", op: createOp("val-new.fifo", nil), want: sqs.ErrInvalidParameterValue},
		{name: "FifoNameWithoutSuffix", op: createOp("val-new", fifoAttrs), want: sqs.ErrInvalidParameterValue},
		{name: "SameNameWithoutItsRedrivePolicy", op: createOp("val-std", map[string]string{sqs.AttributeRedrivePolicy: ""}), want: sqs.ErrQueueNameExists},
		{name: "SameNameOtherVisibility", op: createOp("val-std", map[string]string{sqs.AttributeVisibilityTimeout: "31"}), want: sqs.ErrQueueNameExists},
		{name: "SameNameNoAttributes", op: createOp("val-std", nil)},
		{name: "NameReusedAfter59Seconds", setup: deleteGone(59 * time.Second), op: createOp("val-gone", nil), want: sqs.ErrQueueDeletedRecently},
		{name: "NameReusedAfter60Seconds", setup: deleteGone(60 * time.Second), op: createOp("val-gone", nil), check: created("val-gone")},
		{name: "SendToUnknownQueue", op: func(e *valEnv) error {
			_, err := e.svc.SendMessage(e.ctx, &sqs.SendMessageInput{QueueUrl: e.std + "-nope", MessageBody: "x"})
			return err
		}, want: sqs.ErrQueueDoesNotExist},
		{name: "GetQueueUrlOfUnknownQueue", op: func(e *valEnv) error {
			_, err := e.svc.GetQueueUrl(e.ctx, &sqs.GetQueueUrlInput{QueueName: "val-nope"})
			return err
		}, want: sqs.ErrQueueDoesNotExist},
		{name: "DeleteUnknownQueue", op: func(e *valEnv) error {
			_, err := e.svc.DeleteQueue(e.ctx, &sqs.DeleteQueueInput{QueueUrl: e.std + "-nope"})
			return err
		}, want: sqs.ErrQueueDoesNotExist},
		{name: "ReceiveWithoutQueueUrl", op: func(e *valEnv) error {
			_, err := e.svc.ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{})
			return err
		}, want: sqs.ErrMissingParameter},
		{name: "PurgeAgainAfter59Seconds", setup: func(e *valEnv) {
			_, err := e.svc.PurgeQueue(e.ctx, &sqs.PurgeQueueInput{QueueUrl: e.std})
			require.NoError(e.t, err)
			e.clk.Advance(59 * time.Second)
			e.send(e.std, "")
		}, op: func(e *valEnv) error {
			_, err := e.svc.PurgeQueue(e.ctx, &sqs.PurgeQueueInput{QueueUrl: e.std})
			return err
		}, want: sqs.ErrPurgeQueueInProgress},
		{name: "PurgeAgainAfter60Seconds", setup: func(e *valEnv) {
			_, err := e.svc.PurgeQueue(e.ctx, &sqs.PurgeQueueInput{QueueUrl: e.std})
			require.NoError(e.t, err)
			e.clk.Advance(60 * time.Second)
			e.send(e.std, "")
		}, op: func(e *valEnv) error {
			_, err := e.svc.PurgeQueue(e.ctx, &sqs.PurgeQueueInput{QueueUrl: e.std})
			return err
		}, check: func(e *valEnv) {
			st, _ := e.svc.Inspect().Stats(e.std)
			assert.Zero(e.t, st.Visible)
		}},
	}
}

// TestValidationMessageLimits: SendMessage's limits (Amazon SQS API
// Reference: SendMessage; Amazon SQS Developer Guide: "Message metadata for
// Amazon SQS"): DelaySeconds 0-900 (standard only), body up to the queue's
// MaximumMessageSize, 10 attributes with names up to 256 characters,
// MessageGroupId and MessageDeduplicationId up to 128 characters, Number
// values of 38 significant digits between 10^-128 and 10^126, and only
// the characters XML allows.
func TestValidationMessageLimits(t *testing.T) { valRun(t, valMessageCases()) }

func valMessageCases() []valCase {
	setMax := func(n string) func(e *valEnv) {
		return func(e *valEnv) {
			_, err := e.svc.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: e.std, Attributes: map[string]string{sqs.AttributeMaximumMessageSize: n}})
			require.NoError(e.t, err)
		}
	}
	fifoIn := func(group, dedup string) sqs.SendMessageInput {
		return sqs.SendMessageInput{MessageBody: "x", MessageGroupId: group, MessageDeduplicationId: dedup}
	}
	body := func(n int) sqs.SendMessageInput { return sqs.SendMessageInput{MessageBody: strings.Repeat("x", n)} }
	withAttrs := func(a map[string]sqs.MessageAttributeValue) sqs.SendMessageInput {
		return sqs.SendMessageInput{MessageBody: "x", MessageAttributes: a}
	}
	ok := func(name string, pick func(*valEnv) string, in sqs.SendMessageInput) valCase {
		return valCase{name: name, op: valSendOp(pick, in), check: valSentOne(pick)}
	}
	bad := func(name string, pick func(*valEnv) string, in sqs.SendMessageInput, want *sqs.Error) valCase {
		return valCase{name: name, op: valSendOp(pick, in), want: want}
	}
	sigDigits := func(n int) string { return strings.Repeat("7", n) }
	return []valCase{
		ok("Delay900s", valStd, sqs.SendMessageInput{MessageBody: "x", Delay: sqs.Duration(900 * time.Second)}),
		bad("Delay901s", valStd, sqs.SendMessageInput{MessageBody: "x", Delay: sqs.Duration(901 * time.Second)}, sqs.ErrInvalidParameterValue),
		bad("DelayNegative", valStd, sqs.SendMessageInput{MessageBody: "x", Delay: sqs.Duration(-time.Second)}, sqs.ErrInvalidParameterValue),
		bad("DelayOnFifoQueue", valFifo, sqs.SendMessageInput{MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d", Delay: sqs.Duration(time.Second)}, sqs.ErrInvalidParameterValue),
		ok("DelayZeroOnFifoQueue", valFifo, sqs.SendMessageInput{MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d", Delay: sqs.Duration(0)}),
		ok("Body1MiB", valStd, body(1<<20)),
		bad("Body1MiBPlus1", valStd, body(1<<20+1), sqs.ErrInvalidParameterValue),
		{name: "Body1024OnMaximumMessageSize1024", setup: setMax("1024"), op: valSendOp(valStd, body(1024)), check: valSentOne(valStd)},
		{name: "Body1025OnMaximumMessageSize1024", setup: setMax("1024"), op: valSendOp(valStd, body(1025)), want: sqs.ErrInvalidParameterValue},
		{name: "AttributesCountTowardTheSize", setup: setMax("1024"), op: valSendOp(valStd, sqs.SendMessageInput{
			MessageBody: strings.Repeat("x", 1000), MessageAttributes: map[string]sqs.MessageAttributeValue{"name": {DataType: "String", StringValue: strings.Repeat("v", 30)}},
		}), want: sqs.ErrInvalidParameterValue},
		bad("BodyEmpty", valStd, body(0), sqs.ErrMissingParameter),
		bad("BodyWithNUL", valStd, sqs.SendMessageInput{MessageBody: "a\x00b"}, sqs.ErrInvalidMessageContents),
		bad("BodyWithUFFFE", valStd, sqs.SendMessageInput{MessageBody: "a\uFFFEb"}, sqs.ErrInvalidMessageContents),
		bad("BodyInvalidUTF8", valStd, sqs.SendMessageInput{MessageBody: "a\xffb"}, sqs.ErrInvalidMessageContents),
		ok("BodyWithTabNewlineAndAstral", valStd, sqs.SendMessageInput{MessageBody: "a\tb\r\nc\U0001F600"}),
		ok("Attributes10", valStd, withAttrs(valAttrs(10, 5))),
		bad("Attributes11", valStd, withAttrs(valAttrs(11, 5)), sqs.ErrInvalidParameterValue),
		ok("AttributeName256", valStd, withAttrs(valAttrs(1, 256))),
		bad("AttributeName257", valStd, withAttrs(valAttrs(1, 257)), sqs.ErrInvalidParameterValue),
		bad("AttributeNameReservedPrefix", valStd, withAttrs(map[string]sqs.MessageAttributeValue{"aws.x": {DataType: "String", StringValue: "v"}}), sqs.ErrInvalidParameterValue),
		bad("AttributeNameSuccessivePeriods", valStd, withAttrs(map[string]sqs.MessageAttributeValue{"a..b": {DataType: "String", StringValue: "v"}}), sqs.ErrInvalidParameterValue),
		bad("AttributeEmptyStringValue", valStd, withAttrs(map[string]sqs.MessageAttributeValue{"a": {DataType: "String"}}), sqs.ErrInvalidParameterValue),
		bad("AttributeUnknownType", valStd, withAttrs(map[string]sqs.MessageAttributeValue{"a": {DataType: "Text", StringValue: "v"}}), sqs.ErrInvalidParameterValue),
		ok("AttributeCustomType", valStd, withAttrs(map[string]sqs.MessageAttributeValue{"a": {DataType: "Binary.png", BinaryValue: []byte{0, 1}}})),
		ok("Number38SignificantDigits", valStd, withAttrs(valNumber(sigDigits(38)))),
		bad("Number39SignificantDigits", valStd, withAttrs(valNumber(sigDigits(39))), sqs.ErrInvalidParameterValue),
		ok("Number38DigitsWithTrailingZeros", valStd, withAttrs(valNumber(sigDigits(38)+"000"))),
		ok("Number38DigitsWithLeadingZerosAndPoint", valStd, withAttrs(valNumber("-000."+sigDigits(38)))),
		bad("Number39DigitsWithPoint", valStd, withAttrs(valNumber("1."+sigDigits(38))), sqs.ErrInvalidParameterValue),
		ok("NumberExponent126", valStd, withAttrs(valNumber("1e126"))),
		bad("NumberExponent127", valStd, withAttrs(valNumber("1e127")), sqs.ErrInvalidParameterValue),
		bad("NumberMagnitude10Pow127", valStd, withAttrs(valNumber("10e126")), sqs.ErrInvalidParameterValue),
		ok("NumberExponentMinus128", valStd, withAttrs(valNumber("1E-128"))),
		bad("NumberExponentMinus129", valStd, withAttrs(valNumber("1e-129")), sqs.ErrInvalidParameterValue),
		bad("NumberMagnitude10PowMinus129", valStd, withAttrs(valNumber("0.1e-128")), sqs.ErrInvalidParameterValue),
		bad("NumberNotANumber", valStd, withAttrs(valNumber("12abc")), sqs.ErrInvalidParameterValue),
		ok("MessageGroupId128OnFifo", valFifo, fifoIn(strings.Repeat("g", 128), "d")),
		bad("MessageGroupId129OnFifo", valFifo, fifoIn(strings.Repeat("g", 129), "d"), sqs.ErrInvalidParameterValue),
		ok("MessageGroupId128OnStandard", valStd, sqs.SendMessageInput{MessageBody: "x", MessageGroupId: strings.Repeat("g", 128)}),
		bad("MessageGroupId129OnStandard", valStd, sqs.SendMessageInput{MessageBody: "x", MessageGroupId: strings.Repeat("g", 129)}, sqs.ErrInvalidParameterValue),
		bad("MessageGroupIdWithSpace", valFifo, fifoIn("g 1", "d"), sqs.ErrInvalidParameterValue),
		bad("MessageGroupIdMissingOnFifo", valFifo, fifoIn("", "d"), sqs.ErrMissingParameter),
		ok("MessageDeduplicationId128", valFifo, fifoIn("g", strings.Repeat("d", 128))),
		bad("MessageDeduplicationId129", valFifo, fifoIn("g", strings.Repeat("d", 129)), sqs.ErrInvalidParameterValue),
		bad("MessageDeduplicationIdMissing", valFifo, fifoIn("g", ""), sqs.ErrInvalidParameterValue),
		bad("MessageDeduplicationIdOnStandard", valStd, sqs.SendMessageInput{MessageBody: "x", MessageDeduplicationId: "d"}, sqs.ErrInvalidParameterValue),
		bad("UnknownSystemAttribute", valStd, sqs.SendMessageInput{MessageBody: "x", MessageSystemAttributes: map[string]sqs.MessageAttributeValue{"Bogus": {DataType: "String", StringValue: "v"}}}, sqs.ErrInvalidParameterValue),
	}
}

// TestValidationReceiveAndVisibilityLimits: ReceiveMessage takes 1 to 10
// messages, waits 0 to 20 seconds, hides for 0 to 43,200 seconds;
// ChangeMessageVisibility allows 43,200 seconds from the receive; receipt
// handles must be ones the queue issued; a standard queue at its in-flight
// limit refuses short polls with OverLimit; a FIFO message whose timeout
// expired is no longer in flight (Amazon SQS API Reference:
// ReceiveMessage, ChangeMessageVisibility; Amazon SQS Developer Guide:
// "Amazon SQS visibility timeout", "Amazon SQS standard queue quotas").
func TestValidationReceiveAndVisibilityLimits(t *testing.T) { valRun(t, valReceiveCases()) }

func valReceiveCases() []valCase {
	receiveOp := func(in sqs.ReceiveMessageInput) func(e *valEnv) error {
		return func(e *valEnv) error {
			in := in
			in.QueueUrl = e.std
			_, err := e.svc.ReceiveMessage(e.ctx, &in)
			return err
		}
	}
	received := func(e *valEnv) {
		st, _ := e.svc.Inspect().Stats(e.std)
		assert.Equal(e.t, 1, st.InFlight)
	}
	var handle string
	receiveFirst := func(e *valEnv) { handle = e.receive(e.std, 30*time.Second) }
	changeOp := func(d time.Duration) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.ChangeMessageVisibility(e.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: e.std, ReceiptHandle: handle, VisibilityTimeout: d})
			return err
		}
	}
	return []valCase{
		{name: "MaxNumberOfMessages10", op: receiveOp(sqs.ReceiveMessageInput{MaxNumberOfMessages: 10}), check: received},
		{name: "MaxNumberOfMessages11", op: receiveOp(sqs.ReceiveMessageInput{MaxNumberOfMessages: 11}), want: sqs.ErrInvalidParameterValue},
		{name: "MaxNumberOfMessagesNegative", op: receiveOp(sqs.ReceiveMessageInput{MaxNumberOfMessages: -1}), want: sqs.ErrInvalidParameterValue},
		{name: "WaitTime20s", op: receiveOp(sqs.ReceiveMessageInput{WaitTime: sqs.Duration(20 * time.Second)}), check: received},
		{name: "WaitTime21s", op: receiveOp(sqs.ReceiveMessageInput{WaitTime: sqs.Duration(21 * time.Second)}), want: sqs.ErrInvalidParameterValue},
		{name: "WaitTimeFractional", op: receiveOp(sqs.ReceiveMessageInput{WaitTime: sqs.Duration(1500 * time.Millisecond)}), want: sqs.ErrInvalidParameterValue},
		{name: "ReceiveVisibility43200s", op: receiveOp(sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(43200 * time.Second)}), check: received},
		{name: "ReceiveVisibility43201s", op: receiveOp(sqs.ReceiveMessageInput{VisibilityTimeout: sqs.Duration(43201 * time.Second)}), want: sqs.ErrInvalidParameterValue},
		{name: "ReceiveUnknownSystemAttribute", op: receiveOp(sqs.ReceiveMessageInput{MessageSystemAttributeNames: []string{"Bogus"}}), want: sqs.ErrInvalidAttributeName},
		{name: "ReceiveRequestAttemptId129", op: func(e *valEnv) error {
			_, err := e.svc.ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{QueueUrl: e.fifo, ReceiveRequestAttemptId: strings.Repeat("r", 129)})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "ChangeVisibility43200s", setup: receiveFirst, op: changeOp(43200 * time.Second), check: func(e *valEnv) {
			msgs := e.svc.Inspect().Messages(e.std)
			require.Len(e.t, msgs, 1)
			assert.Equal(e.t, valStart.Add(43200*time.Second), msgs[0].Until)
		}},
		{name: "ChangeVisibility43201s", setup: receiveFirst, op: changeOp(43201 * time.Second), want: sqs.ErrInvalidParameterValue},
		{name: "ChangeVisibilityPastTwelveHoursFromReceive", setup: func(e *valEnv) {
			receiveFirst(e)
			e.clk.Advance(10 * time.Second)
		}, op: changeOp(43191 * time.Second), want: sqs.ErrInvalidParameterValue},
		{name: "ChangeVisibilityUpToTwelveHoursFromReceive", setup: func(e *valEnv) {
			receiveFirst(e)
			e.clk.Advance(10 * time.Second)
		}, op: changeOp(43190 * time.Second), check: func(e *valEnv) {
			assert.Equal(e.t, valStart.Add(43200*time.Second), e.svc.Inspect().Messages(e.std)[0].Until)
		}},
		{name: "ChangeVisibilityGarbageHandle", op: func(e *valEnv) error {
			_, err := e.svc.ChangeMessageVisibility(e.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: e.std, ReceiptHandle: "garbage", VisibilityTimeout: time.Second})
			return err
		}, want: sqs.ErrReceiptHandleIsInvalid},
		{name: "ChangeVisibilityDeletedMessage", setup: func(e *valEnv) {
			receiveFirst(e)
			_, err := e.svc.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: e.std, ReceiptHandle: handle})
			require.NoError(e.t, err)
		}, op: changeOp(time.Second), want: sqs.ErrInvalidParameterValue},
		{name: "DeleteGarbageHandle", op: func(e *valEnv) error {
			_, err := e.svc.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: e.std, ReceiptHandle: "garbage"})
			return err
		}, want: sqs.ErrReceiptHandleIsInvalid},
		{name: "DeleteHandleOfAnotherQueue", setup: receiveFirst, op: func(e *valEnv) error {
			_, err := e.svc.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: e.dlq, ReceiptHandle: handle})
			return err
		}, want: sqs.ErrReceiptHandleIsInvalid},
		{name: "DeleteWithoutHandle", op: func(e *valEnv) error {
			_, err := e.svc.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: e.std})
			return err
		}, want: sqs.ErrMissingParameter},
		{name: "FifoDeleteExpiredHandle", setup: func(e *valEnv) {
			handle = e.receive(e.fifo, time.Second)
			e.clk.Advance(time.Second)
		}, op: func(e *valEnv) error {
			_, err := e.svc.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: e.fifo, ReceiptHandle: handle})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "FifoChangeVisibilityOfMessageNotInFlight", setup: func(e *valEnv) {
			handle = e.receive(e.fifo, time.Second)
			e.clk.Advance(time.Second)
		}, op: func(e *valEnv) error {
			_, err := e.svc.ChangeMessageVisibility(e.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: e.fifo, ReceiptHandle: handle, VisibilityTimeout: 10 * time.Second})
			return err
		}, want: sqs.ErrMessageNotInflight},
		{name: "ShortPollAtInFlightLimit", opts: []sqs.Option{sqs.WithInFlightLimit(1)}, setup: func(e *valEnv) {
			e.send(e.std, "")
			e.receive(e.std, time.Minute)
		}, op: receiveOp(sqs.ReceiveMessageInput{WaitTime: sqs.Duration(0)}), want: sqs.ErrOverLimit},
		{name: "ShortPollBelowInFlightLimit", opts: []sqs.Option{sqs.WithInFlightLimit(2)}, setup: func(e *valEnv) {
			e.send(e.std, "")
			e.receive(e.std, time.Minute)
		}, op: receiveOp(sqs.ReceiveMessageInput{WaitTime: sqs.Duration(0)}), check: func(e *valEnv) {
			st, _ := e.svc.Inspect().Stats(e.std)
			assert.Equal(e.t, 2, st.InFlight)
		}},
	}
}

// TestValidationBatchLimits: a batch has 1 to 10 entries with distinct Ids
// of up to 80 letters, digits, hyphens and underscores, and a
// SendMessageBatch's entries add up to at most 1,048,576 bytes; whole-
// request errors change nothing (Amazon SQS API Reference:
// SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch).
func TestValidationBatchLimits(t *testing.T) { valRun(t, valBatchCases()) }

func valBatchCases() []valCase {
	deleteBatchOp := func(n int) func(e *valEnv) error {
		return func(e *valEnv) error {
			entries := make([]sqs.DeleteMessageBatchRequestEntry, n)
			for i := range entries {
				entries[i] = sqs.DeleteMessageBatchRequestEntry{Id: valIndexID(i), ReceiptHandle: "garbage"}
			}
			_, err := e.svc.DeleteMessageBatch(e.ctx, &sqs.DeleteMessageBatchInput{QueueUrl: e.std, Entries: entries})
			return err
		}
	}
	changeBatchOp := func(n int, id func(int) string) func(e *valEnv) error {
		return func(e *valEnv) error {
			entries := make([]sqs.ChangeMessageVisibilityBatchRequestEntry, n)
			for i := range entries {
				entries[i] = sqs.ChangeMessageVisibilityBatchRequestEntry{Id: id(i), ReceiptHandle: "garbage"}
			}
			_, err := e.svc.ChangeMessageVisibilityBatch(e.ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: e.std, Entries: entries})
			return err
		}
	}
	sentN := func(n int) func(e *valEnv) {
		return func(e *valEnv) {
			st, _ := e.svc.Inspect().Stats(e.std)
			assert.Equal(e.t, 1+n, st.Sent)
		}
	}
	longID := func(n int) func(int) string {
		return func(i int) string { return fmt.Sprintf("%0*d", n, i) }
	}
	const half = 1 << 19 // two entries of half a MiB make exactly 1 MiB
	return []valCase{
		{name: "SendBatch10Entries", op: valSendBatchOp(10, valIndexID, 1), check: sentN(10)},
		{name: "SendBatch11Entries", op: valSendBatchOp(11, valIndexID, 1), want: sqs.ErrTooManyEntriesInBatchRequest},
		{name: "SendBatch0Entries", op: valSendBatchOp(0, valIndexID, 1), want: sqs.ErrEmptyBatchRequest},
		{name: "SendBatchId80", op: valSendBatchOp(2, longID(80), 1), check: sentN(2)},
		{name: "SendBatchId81", op: valSendBatchOp(2, longID(81), 1), want: sqs.ErrInvalidBatchEntryId},
		{name: "SendBatchIdWithDot", op: valSendBatchOp(1, func(int) string { return "a.b" }, 1), want: sqs.ErrInvalidBatchEntryId},
		{name: "SendBatchIdEmpty", op: valSendBatchOp(1, func(int) string { return "" }, 1), want: sqs.ErrInvalidBatchEntryId},
		{name: "SendBatchIdsRepeated", op: valSendBatchOp(2, func(int) string { return "same" }, 1), want: sqs.ErrBatchEntryIdsNotDistinct},
		{name: "SendBatchTotal1MiB", op: valSendBatchOp(2, valIndexID, half), check: sentN(2)},
		{name: "SendBatchTotal1MiBPlus1", op: func(e *valEnv) error {
			_, err := e.svc.SendMessageBatch(e.ctx, &sqs.SendMessageBatchInput{QueueUrl: e.std, Entries: []sqs.SendMessageBatchRequestEntry{
				{Id: "a", MessageBody: strings.Repeat("b", half)},
				{Id: "b", MessageBody: strings.Repeat("b", half+1)},
			}})
			return err
		}, want: sqs.ErrBatchRequestTooLong},
		{name: "SendBatchFifoEntryWithoutGroup", op: func(e *valEnv) error {
			_, err := e.svc.SendMessageBatch(e.ctx, &sqs.SendMessageBatchInput{QueueUrl: e.fifo, Entries: []sqs.SendMessageBatchRequestEntry{
				{Id: "a", MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "a"},
				{Id: "b", MessageBody: "x", MessageDeduplicationId: "b"},
			}})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "SendBatchToUnknownQueue", op: func(e *valEnv) error {
			_, err := e.svc.SendMessageBatch(e.ctx, &sqs.SendMessageBatchInput{QueueUrl: e.std + "-nope", Entries: []sqs.SendMessageBatchRequestEntry{{Id: "a", MessageBody: "x"}}})
			return err
		}, want: sqs.ErrQueueDoesNotExist},
		{name: "DeleteBatch10Entries", op: deleteBatchOp(10)},
		{name: "DeleteBatch11Entries", op: deleteBatchOp(11), want: sqs.ErrTooManyEntriesInBatchRequest},
		{name: "DeleteBatch0Entries", op: deleteBatchOp(0), want: sqs.ErrEmptyBatchRequest},
		{name: "ChangeVisibilityBatch10Entries", op: changeBatchOp(10, valIndexID)},
		{name: "ChangeVisibilityBatch11Entries", op: changeBatchOp(11, valIndexID), want: sqs.ErrTooManyEntriesInBatchRequest},
		{name: "ChangeVisibilityBatchId81", op: changeBatchOp(1, longID(81)), want: sqs.ErrInvalidBatchEntryId},
		{name: "ChangeVisibilityBatchIdsRepeated", op: changeBatchOp(3, func(int) string { return "x" }), want: sqs.ErrBatchEntryIdsNotDistinct},
	}
}

// TestValidationBatchEntryFailuresLeaveOtherEntries: a per-entry problem of
// a batch is reported in Failed with its AWS code and SenderFault, while
// the other entries go through (Amazon SQS API Reference:
// SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch).
func TestValidationBatchEntryFailuresLeaveOtherEntries(t *testing.T) {
	e := valNewEnv(t)
	out, err := e.svc.SendMessageBatch(e.ctx, &sqs.SendMessageBatchInput{QueueUrl: e.std, Entries: []sqs.SendMessageBatchRequestEntry{
		{Id: "ok", MessageBody: "x"},
		{Id: "delay", MessageBody: "x", Delay: sqs.Duration(901 * time.Second)},
		{Id: "nul", MessageBody: "\x00"},
		{Id: "attrs", MessageBody: "x", MessageAttributes: valAttrs(11, 3)},
	}})
	require.NoError(t, err)
	require.Len(t, out.Successful, 1)
	assert.Equal(t, "ok", out.Successful[0].Id)
	codes := map[string]string{}
	for _, f := range out.Failed {
		assert.True(t, f.SenderFault, f.Id)
		assert.NotEmpty(t, f.Message, f.Id)
		codes[f.Id] = f.Code
	}
	assert.Equal(t, map[string]string{
		"delay": sqs.ErrInvalidParameterValue.Code,
		"nul":   sqs.ErrInvalidMessageContents.Code,
		"attrs": sqs.ErrInvalidParameterValue.Code,
	}, codes)
	st, _ := e.svc.Inspect().Stats(e.std)
	assert.Equal(t, 2, st.Sent, "only the valid entry is enqueued")
}

// TestValidationListAndTagLimits: ListQueues MaxResults 1-1000,
// ListMessageMoveTasks MaxResults 1-10, at most 50 tags per queue with
// keys of up to 128 and values of up to 256 characters, and the message
// move task errors (Amazon SQS API Reference: ListQueues, TagQueue,
// StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask; Amazon
// SQS Developer Guide: "Amazon SQS standard queue quotas").
func TestValidationListAndTagLimits(t *testing.T) { valRun(t, valListCases()) }

func valListCases() []valCase {
	listQueuesOp := func(n int) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.ListQueues(e.ctx, &sqs.ListQueuesInput{MaxResults: n})
			return err
		}
	}
	listTasksOp := func(n int) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.ListMessageMoveTasks(e.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: e.dlqARN, MaxResults: n})
			return err
		}
	}
	tagOp := func(tags map[string]string) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.TagQueue(e.ctx, &sqs.TagQueueInput{QueueUrl: e.std, Tags: tags})
			return err
		}
	}
	createTaggedOp := func(tags map[string]string) func(e *valEnv) error {
		return func(e *valEnv) error {
			_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Tags: tags})
			return err
		}
	}
	tagged := func(n int) func(e *valEnv) {
		return func(e *valEnv) {
			out, err := e.svc.ListQueueTags(e.ctx, &sqs.ListQueueTagsInput{QueueUrl: e.std})
			require.NoError(e.t, err)
			assert.Len(e.t, out.Tags, n)
		}
	}
	newTagged := func(n int) func(e *valEnv) {
		return func(e *valEnv) {
			out, err := e.svc.ListQueueTags(e.ctx, &sqs.ListQueueTagsInput{QueueUrl: valURL(e, "val-new")})
			require.NoError(e.t, err)
			assert.Len(e.t, out.Tags, n)
		}
	}
	tag49 := func(e *valEnv) { require.NoError(e.t, tagOp(valTags(49, 10, 1))(e)) }
	return []valCase{
		{name: "ListQueuesMaxResults1000", op: listQueuesOp(1000)},
		{name: "ListQueuesMaxResults1001", op: listQueuesOp(1001), want: sqs.ErrInvalidParameterValue},
		{name: "ListQueuesBadNextToken", op: func(e *valEnv) error {
			_, err := e.svc.ListQueues(e.ctx, &sqs.ListQueuesInput{MaxResults: 1, NextToken: "!!"})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "ListDeadLetterSourceQueuesMaxResults1001", op: func(e *valEnv) error {
			_, err := e.svc.ListDeadLetterSourceQueues(e.ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: e.dlq, MaxResults: 1001})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "ListMessageMoveTasksMaxResults10", op: listTasksOp(10)},
		{name: "ListMessageMoveTasksMaxResults11", op: listTasksOp(11), want: sqs.ErrInvalidParameterValue},
		{name: "ListMessageMoveTasksUnknownSource", op: func(e *valEnv) error {
			_, err := e.svc.ListMessageMoveTasks(e.ctx, &sqs.ListMessageMoveTasksInput{SourceArn: e.dlqARN + "-nope"})
			return err
		}, want: sqs.ErrResourceNotFoundException},
		{name: "StartMessageMoveTaskUnknownSource", op: func(e *valEnv) error {
			_, err := e.svc.StartMessageMoveTask(e.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: e.dlqARN + "-nope"})
			return err
		}, want: sqs.ErrResourceNotFoundException},
		{name: "StartMessageMoveTaskSourceNotADeadLetterQueue", op: func(e *valEnv) error {
			_, err := e.svc.StartMessageMoveTask(e.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: e.attr(e.std, sqs.AttributeQueueArn)})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "StartMessageMoveTaskRate501", op: func(e *valEnv) error {
			_, err := e.svc.StartMessageMoveTask(e.ctx, &sqs.StartMessageMoveTaskInput{SourceArn: e.dlqARN, MaxNumberOfMessagesPerSecond: 501})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "CancelMessageMoveTaskMalformedHandle", op: func(e *valEnv) error {
			_, err := e.svc.CancelMessageMoveTask(e.ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: "not-base64!"})
			return err
		}, want: sqs.ErrInvalidParameterValue},
		{name: "CancelMessageMoveTaskUnknownTask", op: func(e *valEnv) error {
			handle := "eyJ0YXNrSWQiOiJub3BlIiwic291cmNlQXJuIjoiYXJuIn0=" // {"taskId":"nope","sourceArn":"arn"}
			_, err := e.svc.CancelMessageMoveTask(e.ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: handle})
			return err
		}, want: sqs.ErrResourceNotFoundException},
		{name: "TagQueue50Tags", op: tagOp(valTags(50, 10, 1)), check: tagged(50)},
		{name: "TagQueue51Tags", op: tagOp(valTags(51, 10, 1)), want: sqs.ErrInvalidParameterValue},
		{name: "TagQueueUpTo50WithExisting", setup: tag49, op: tagOp(valTags(1, 20, 1)), check: tagged(50)},
		{name: "TagQueuePast50WithExisting", setup: tag49, op: tagOp(valTags(2, 20, 1)), want: sqs.ErrInvalidParameterValue},
		{name: "TagQueueOverwriteAt50", setup: func(e *valEnv) { require.NoError(e.t, tagOp(valTags(50, 10, 1))(e)) }, op: tagOp(valTags(50, 10, 2)), check: tagged(50)},
		{name: "TagKey128", op: tagOp(valTags(1, 128, 1)), check: tagged(1)},
		{name: "TagKey129", op: tagOp(valTags(1, 129, 1)), want: sqs.ErrInvalidParameterValue},
		{name: "TagValue256", op: tagOp(valTags(1, 10, 256)), check: tagged(1)},
		{name: "TagValue257", op: tagOp(valTags(1, 10, 257)), want: sqs.ErrInvalidParameterValue},
		{name: "TagQueueNoTags", op: tagOp(nil), want: sqs.ErrMissingParameter},
		{name: "CreateQueue50Tags", op: createTaggedOp(valTags(50, 128, 256)), check: newTagged(50)},
		{name: "CreateQueue51Tags", op: createTaggedOp(valTags(51, 10, 1)), want: sqs.ErrInvalidParameterValue},
		{name: "CreateQueueTagKey129", op: createTaggedOp(valTags(1, 129, 1)), want: sqs.ErrInvalidParameterValue},
	}
}

// valAllCases returns every case of the tables above.
func valAllCases() []valCase {
	var all []valCase
	for _, f := range []func() []valCase{valAttributeCases, valNameCases, valMessageCases, valReceiveCases, valBatchCases, valListCases, valPolicyCases} {
		all = append(all, f()...)
	}
	return all
}

// TestValidationEveryErrorCodeHasACase: every sentinel errors.go declares
// is produced by at least one validation case (errors.Is checked there),
// and has the HTTP status the API Reference gives it (valStatus).
func TestValidationEveryErrorCodeHasACase(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "errors.go", nil, 0)
	require.NoError(t, err)
	var declared []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				if strings.HasPrefix(n.Name, "Err") {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	var known []string
	for name := range valSentinels {
		known = append(known, name)
	}
	sort.Strings(declared)
	sort.Strings(known)
	require.Equal(t, declared, known, "valSentinels must list exactly the sentinels of errors.go")

	wanted := map[string]bool{}
	for _, c := range valAllCases() {
		if c.want != nil {
			wanted[c.want.Code] = true
		}
	}
	for _, name := range known {
		s := valSentinels[name]
		assert.True(t, wanted[s.Code], "no validation case produces %s (%s)", name, s.Code)
		assert.Equal(t, valStatus[s.Code], s.StatusCode, "HTTP status of %s", name)
		assert.Equal(t, s.Code, s.Error(), "a sentinel without message prints its code")
	}
}

// A nil input is an empty one, refused with an AWS error, never a panic.
func TestNilInputIsRefusedNotAPanic(t *testing.T) {
	ctx := context.Background()
	svc := sqs.New()
	_, err := svc.CreateQueue(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.SendMessage(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.ReceiveMessage(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrMissingParameter)
	_, err = svc.DeleteMessageBatch(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrEmptyBatchRequest)
	_, err = svc.StartMessageMoveTask(ctx, nil)
	require.ErrorIs(t, err, sqs.ErrResourceNotFoundException)
}

// A validation error names the same offending attribute on every run:
// map order never reaches what a caller sees.
func TestSystemAttributeErrorIsDeterministic(t *testing.T) {
	_, svc := dlqSetup(t)
	url, _ := dlqCreate(t, svc, "q", nil)
	seen := map[string]bool{}
	for range 50 {
		_, err := svc.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: url, MessageBody: "m", MessageSystemAttributes: map[string]sqs.MessageAttributeValue{
			"Foo": {DataType: "String", StringValue: "x"}, "Bar": {DataType: "String", StringValue: "x"}, "Baz": {DataType: "String", StringValue: "x"},
		}})
		seen[err.Error()] = true
	}
	assert.Len(t, seen, 1, "%v", seen)
}
