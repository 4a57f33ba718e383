package sdktest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// env is the real aws-sdk-go-v2 SQS client over the in-process server,
// with the simulator and its clock beside it for the test to drive.
type env struct {
	clk    *sim.Clock
	svc    *sqs.Service
	client *awssqs.Client
}

func newEnv(t *testing.T, opts ...sqs.Option) *env {
	t.Helper()
	clk := sim.NewClock(start)
	svc := sqs.New(append([]sqs.Option{sqs.WithClock(clk)}, opts...)...)
	srv := server.New(server.WithSQS(svc))
	return &env{clk: clk, svc: svc, client: newSQSClient(t, srv)}
}

// sdkConfig is the configuration a user's code would load, kept off this
// machine's own AWS files and environment.
func sdkConfig(t testing.TB) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	require.NoError(t, err)
	return cfg
}

// newSQSClient is the SQS client over srv: the one line a user adds sets
// the endpoint and the in-process client.
func newSQSClient(t *testing.T, srv *server.Server) *awssqs.Client {
	return awssqs.NewFromConfig(sdkConfig(t), func(o *awssqs.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
}

func (e *env) createQueue(t *testing.T, name string, attrs map[string]string) string {
	t.Helper()
	out, err := e.client.CreateQueue(context.Background(), &awssqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	require.NoError(t, err)
	return aws.ToString(out.QueueUrl)
}

func (e *env) queueARN(t *testing.T, url string) string {
	t.Helper()
	out, err := e.client.GetQueueAttributes(context.Background(), &awssqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	require.NoError(t, err)
	return out.Attributes[string(types.QueueAttributeNameQueueArn)]
}

func TestCreateGetListDeleteQueue(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "orders", map[string]string{"VisibilityTimeout": "45"})
	e.createQueue(t, "other", nil)

	got, err := e.client.GetQueueUrl(ctx, &awssqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	require.NoError(t, err)
	assert.Equal(t, url, aws.ToString(got.QueueUrl))

	list, err := e.client.ListQueues(ctx, &awssqs.ListQueuesInput{QueueNamePrefix: aws.String("ord")})
	require.NoError(t, err)
	assert.Equal(t, []string{url}, list.QueueUrls)

	// Paging with the SDK's own paginator.
	var all []string
	p := awssqs.NewListQueuesPaginator(e.client, &awssqs.ListQueuesInput{MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		all = append(all, page.QueueUrls...)
	}
	assert.Len(t, all, 2)

	attrs, err := e.client.GetQueueAttributes(ctx, &awssqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	require.NoError(t, err)
	assert.Equal(t, "45", attrs.Attributes["VisibilityTimeout"])
	assert.Equal(t, "arn:aws:sqs:us-east-1:000000000000:orders", attrs.Attributes["QueueArn"])

	_, err = e.client.SetQueueAttributes(ctx, &awssqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"DelaySeconds": "3"}})
	require.NoError(t, err)
	_, err = e.client.TagQueue(ctx, &awssqs.TagQueueInput{QueueUrl: aws.String(url), Tags: map[string]string{"team": "billing"}})
	require.NoError(t, err)
	tags, err := e.client.ListQueueTags(ctx, &awssqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "billing"}, tags.Tags)

	_, err = e.client.DeleteQueue(ctx, &awssqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	_, err = e.client.GetQueueUrl(ctx, &awssqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	var qdne *types.QueueDoesNotExist
	require.ErrorAs(t, err, &qdne)
}

// The SDK checks MD5OfMessageBody and MD5OfMessageAttributes of every send
// and receive (its default); a wrong digest would fail these calls.
func TestSendReceiveDeleteWithChecksums(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", nil)
	attrs := map[string]types.MessageAttributeValue{
		"text":   {DataType: aws.String("String"), StringValue: aws.String("héllo <&> \"quoted\"")},
		"count":  {DataType: aws.String("Number.int"), StringValue: aws.String("42")},
		"bytes":  {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 255}},
		"label":  {DataType: aws.String("String.custom"), StringValue: aws.String("x")},
		"emoji":  {DataType: aws.String("String"), StringValue: aws.String("🎉 \u2028")},
		"binary": {DataType: aws.String("Binary.png"), BinaryValue: []byte("png")},
	}
	body := "line one\nline two\t\"tab\" \u00e9 🎉"
	sent, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{
		QueueUrl: aws.String(url), MessageBody: aws.String(body), MessageAttributes: attrs,
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-5759e988-bd862e3fe1be46a994272793")},
		},
	})
	require.NoError(t, err)
	assert.NotEmpty(t, aws.ToString(sent.MessageId))
	assert.NotEmpty(t, aws.ToString(sent.MD5OfMessageSystemAttributes))

	got, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(url),
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
	})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1)
	m := got.Messages[0]
	assert.Equal(t, body, aws.ToString(m.Body))
	assert.Equal(t, aws.ToString(sent.MessageId), aws.ToString(m.MessageId))
	assert.Equal(t, aws.ToString(sent.MD5OfMessageAttributes), aws.ToString(m.MD5OfMessageAttributes))
	assert.Equal(t, []byte{0, 1, 2, 255}, m.MessageAttributes["bytes"].BinaryValue)
	assert.Equal(t, "Number.int", aws.ToString(m.MessageAttributes["count"].DataType))
	assert.Equal(t, "1", m.Attributes["ApproximateReceiveCount"])
	assert.Equal(t, "000000000000", m.Attributes["SenderId"])
	assert.Equal(t, strconv.FormatInt(start.UnixMilli(), 10), m.Attributes["SentTimestamp"])
	assert.Equal(t, "Root=1-5759e988-bd862e3fe1be46a994272793", m.Attributes["AWSTraceHeader"])

	// Names select some attributes; the digest covers those returned.
	_, err = e.client.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0})
	require.NoError(t, err)
	got, err = e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: []string{"bytes", "text"}})
	require.NoError(t, err)
	require.Len(t, got.Messages, 1)
	assert.Len(t, got.Messages[0].MessageAttributes, 2)

	_, err = e.client.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: got.Messages[0].ReceiptHandle})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	got, err = e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	assert.Empty(t, got.Messages)
}

func TestVisibilityTimeoutOnTheSimulatedClock(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", map[string]string{"VisibilityTimeout": "30"})
	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")})
	require.NoError(t, err)
	receive := func() []types.Message {
		out, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
		require.NoError(t, err)
		return out.Messages
	}
	require.Len(t, receive(), 1)
	e.clk.Advance(29 * time.Second)
	assert.Empty(t, receive())
	e.clk.Advance(time.Second)
	assert.Len(t, receive(), 1)
}

func TestBatches(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", nil)
	var entries []types.SendMessageBatchRequestEntry
	for i := range 10 {
		entries = append(entries, types.SendMessageBatchRequestEntry{
			Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(fmt.Sprint("body ", i)),
			MessageAttributes: map[string]types.MessageAttributeValue{"i": {DataType: aws.String("Number"), StringValue: aws.String(strconv.Itoa(i))}},
		})
	}
	entries[9].DelaySeconds = 901 // over 15 minutes: this entry fails alone
	sent, err := e.client.SendMessageBatch(ctx, &awssqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
	require.NoError(t, err)
	assert.Len(t, sent.Successful, 9)
	require.Len(t, sent.Failed, 1)
	assert.Equal(t, "m9", aws.ToString(sent.Failed[0].Id))
	assert.True(t, sent.Failed[0].SenderFault)
	assert.Equal(t, "InvalidParameterValue", aws.ToString(sent.Failed[0].Code))

	got, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
	require.NoError(t, err)
	require.Len(t, got.Messages, 9)

	var vis []types.ChangeMessageVisibilityBatchRequestEntry
	var del []types.DeleteMessageBatchRequestEntry
	for i, m := range got.Messages {
		vis = append(vis, types.ChangeMessageVisibilityBatchRequestEntry{Id: aws.String(fmt.Sprint("v", i)), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 120})
		del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("d", i)), ReceiptHandle: m.ReceiptHandle})
	}
	cv, err := e.client.ChangeMessageVisibilityBatch(ctx, &awssqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(url), Entries: vis})
	require.NoError(t, err)
	assert.Len(t, cv.Successful, 9)
	del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String("bad"), ReceiptHandle: aws.String("not-a-handle")})
	dm, err := e.client.DeleteMessageBatch(ctx, &awssqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: del})
	require.NoError(t, err)
	assert.Len(t, dm.Successful, 9)
	require.Len(t, dm.Failed, 1)
	assert.Equal(t, "ReceiptHandleIsInvalid", aws.ToString(dm.Failed[0].Code))

	// Whole-request batch errors are typed errors.
	_, err = e.client.DeleteMessageBatch(ctx, &awssqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.DeleteMessageBatchRequestEntry{}})
	var empty *types.EmptyBatchRequest
	require.ErrorAs(t, err, &empty)
	assert.Equal(t, "AWS.SimpleQueueService.EmptyBatchRequest", empty.ErrorCode())
	_, err = e.client.SendMessageBatch(ctx, &awssqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("1")}, {Id: aws.String("a"), MessageBody: aws.String("2")},
	}})
	var dup *types.BatchEntryIdsNotDistinct
	require.ErrorAs(t, err, &dup)
}

func TestFIFOGroupsAndDeduplication(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "orders.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	send := func(group, body string) *awssqs.SendMessageOutput {
		out, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body), MessageGroupId: aws.String(group)})
		require.NoError(t, err)
		return out
	}
	a1 := send("a", "a1")
	a2 := send("a", "a2")
	send("b", "b1")
	again := send("a", "a1") // same content within five minutes: deduplicated
	assert.Equal(t, aws.ToString(a1.MessageId), aws.ToString(again.MessageId))
	n1, _ := strconv.ParseUint(aws.ToString(a1.SequenceNumber), 10, 64)
	n2, _ := strconv.ParseUint(aws.ToString(a2.SequenceNumber), 10, 64)
	assert.Less(t, n1, n2, "sequence numbers increase")

	got, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameMessageGroupId},
	})
	require.NoError(t, err)
	var bodies []string
	for _, m := range got.Messages {
		bodies = append(bodies, aws.ToString(m.Body))
	}
	assert.Equal(t, []string{"a1", "a2", "b1"}, bodies)
	assert.Equal(t, "a", got.Messages[0].Attributes["MessageGroupId"])

	// While a group has messages in flight, nothing more of it is handed out.
	send("a", "a3")
	got, err = e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10})
	require.NoError(t, err)
	assert.Empty(t, got.Messages)

	// A FIFO queue needs a group ID.
	_, err = e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")})
	var api smithy.APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, "MissingParameter", api.ErrorCode())
}

// After maxReceiveCount receives, the next receive moves the message to
// the dead-letter queue; a message move task brings it back.
func TestDeadLetterQueueAndRedrive(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	dlq := e.createQueue(t, "orders-dlq", nil)
	dlqARN := e.queueARN(t, dlq)
	src := e.createQueue(t, "orders", map[string]string{
		"RedrivePolicy":     fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":"2"}`, dlqARN),
		"VisibilityTimeout": "10",
	})
	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(src), MessageBody: aws.String("poison")})
	require.NoError(t, err)
	receive := func(url string) []types.Message {
		out, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(url),
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		require.NoError(t, err)
		return out.Messages
	}
	for i := range 2 {
		require.Len(t, receive(src), 1, "receive %d", i+1)
		e.clk.Advance(10 * time.Second)
	}
	assert.Empty(t, receive(src), "the third receive moved it")
	moved := receive(dlq)
	require.Len(t, moved, 1)
	assert.Equal(t, "poison", aws.ToString(moved[0].Body))
	assert.Equal(t, "arn:aws:sqs:us-east-1:000000000000:orders", moved[0].Attributes["DeadLetterQueueSourceArn"])

	sources, err := e.client.ListDeadLetterSourceQueues(ctx, &awssqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(dlq)})
	require.NoError(t, err)
	assert.Equal(t, []string{src}, sources.QueueUrls)

	e.clk.Advance(30 * time.Second) // visible again on the dead-letter queue
	task, err := e.client.StartMessageMoveTask(ctx, &awssqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqARN)})
	require.NoError(t, err)
	assert.NotEmpty(t, aws.ToString(task.TaskHandle))
	e.clk.Advance(time.Second)
	tasks, err := e.client.ListMessageMoveTasks(ctx, &awssqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqARN)})
	require.NoError(t, err)
	require.Len(t, tasks.Results, 1)
	assert.Equal(t, "COMPLETED", aws.ToString(tasks.Results[0].Status))
	assert.Equal(t, int64(1), tasks.Results[0].ApproximateNumberOfMessagesMoved)
	back := receive(src)
	require.Len(t, back, 1)
	assert.Equal(t, "poison", aws.ToString(back[0].Body))
}

// A long poll blocks the SDK call until a message becomes available on
// the simulated clock, which the test advances from its own goroutine
// while the client waits.
func TestLongPollWithTheClockAdvancedWhileTheClientWaits(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", nil)
	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("later"), DelaySeconds: 5})
	require.NoError(t, err)

	type result struct {
		out *awssqs.ReceiveMessageOutput
		err error
		at  time.Time
	}
	done := make(chan result)
	go func() {
		out, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 20})
		done <- result{out, err, e.clk.Now()}
	}()
	require.NoError(t, e.clk.BlockUntil(ctx, 1)) // the poll is waiting
	e.clk.Advance(4 * time.Second)
	select {
	case r := <-done:
		t.Fatalf("returned before the delay ended: %+v", r)
	default:
	}
	e.clk.Advance(time.Second) // the delay ends: the waiting poll gets it
	r := <-done
	require.NoError(t, r.err)
	require.Len(t, r.out.Messages, 1)
	assert.Equal(t, "later", aws.ToString(r.out.Messages[0].Body))
	assert.Equal(t, start.Add(5*time.Second), r.at)

	// With nothing to receive, the poll ends empty when its wait does.
	go func() {
		out, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 20})
		done <- result{out, err, e.clk.Now()}
	}()
	require.NoError(t, e.clk.BlockUntil(ctx, 1))
	e.clk.Advance(20 * time.Second)
	r = <-done
	require.NoError(t, r.err)
	assert.Empty(t, r.out.Messages)
	assert.Equal(t, start.Add(25*time.Second), r.at)
}

// A message sent by another client while a long poll waits is handed to
// the poll at once, with no clock move at all.
func TestLongPollServedBySendFromAnotherClient(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", map[string]string{"ReceiveMessageWaitTimeSeconds": "20"})
	done := make(chan *awssqs.ReceiveMessageOutput)
	go func() {
		out, err := e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url)}) // the queue's wait time
		assert.NoError(t, err)
		done <- out
	}()
	require.NoError(t, e.clk.BlockUntil(ctx, 1))
	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("now")})
	require.NoError(t, err)
	out := <-done
	require.Len(t, out.Messages, 1)
	assert.Equal(t, start, e.clk.Now())
}

func TestErrorsAreTheSDKsTypedErrors(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", map[string]string{"VisibilityTimeout": "30"})
	missing := "https://sqs.us-east-1.amazonaws.com/000000000000/missing"

	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(missing), MessageBody: aws.String("x")})
	var qdne *types.QueueDoesNotExist
	require.ErrorAs(t, err, &qdne)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", qdne.ErrorCode())
	assert.Equal(t, "The specified queue does not exist.", qdne.ErrorMessage())
	assert.Equal(t, smithy.FaultClient, qdne.ErrorFault())

	_, err = e.client.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("q"), Attributes: map[string]string{"VisibilityTimeout": "31"}})
	var exists *types.QueueNameExists
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, "QueueAlreadyExists", exists.ErrorCode())

	_, err = e.client.PurgeQueue(ctx, &awssqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	require.NoError(t, err)
	_, err = e.client.PurgeQueue(ctx, &awssqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	var purging *types.PurgeQueueInProgress
	require.ErrorAs(t, err, &purging)
	assert.Equal(t, "AWS.SimpleQueueService.PurgeQueueInProgress", purging.ErrorCode())

	_, err = e.client.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String("garbage")})
	var invalid *types.ReceiptHandleIsInvalid
	require.ErrorAs(t, err, &invalid)

	_, err = e.client.GetQueueAttributes(ctx, &awssqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{"Bogus"}})
	var badName *types.InvalidAttributeName
	require.ErrorAs(t, err, &badName)

	// Errors without a shape of their own: the code the SDK reports
	// comes from x-amzn-query-error, as against AWS.
	_, err = e.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 11})
	var api smithy.APIError
	require.ErrorAs(t, err, &api)
	assert.Equal(t, "InvalidParameterValue", api.ErrorCode())
	assert.Equal(t, smithy.FaultClient, api.ErrorFault())

	// The simulator's sentinels name the same codes.
	assert.Equal(t, sqs.ErrQueueDoesNotExist.Code, qdne.ErrorCode())
	var re interface{ ServiceRequestID() string }
	require.True(t, errors.As(err, &re))
	assert.NotEmpty(t, re.ServiceRequestID())
}

// Queue URLs round-trip: the SDK sends back the URL the service gave,
// whatever the endpoint it was configured with.
func TestQueueURLRoundTrips(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	url := e.createQueue(t, "q", nil)
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/000000000000/q", url)
	_, err := e.client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String("http://awssim/000000000000/q"), MessageBody: aws.String("x")})
	require.NoError(t, err)
	attrs, err := e.client.GetQueueAttributes(ctx, &awssqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages}})
	require.NoError(t, err)
	assert.Equal(t, "1", attrs.Attributes["ApproximateNumberOfMessages"])
}

// The same handler serves the SDK over a real socket (SigV4-signed
// requests through net/http), as it will for cmd/awssim.
func TestOverLoopbackSocket(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	srv := server.New(server.WithSQS(sqs.New(sqs.WithClock(clk))))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := awssqs.New(awssqs.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		BaseEndpoint: aws.String(ts.URL),
	})
	empty, err := client.ListQueues(ctx, &awssqs.ListQueuesInput{})
	require.NoError(t, err)
	assert.Empty(t, empty.QueueUrls)

	q, err := client.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("q")})
	require.NoError(t, err)
	_, err = client.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("over the wire")})
	require.NoError(t, err)

	done := make(chan []types.Message)
	go func() {
		out, err := client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 20, VisibilityTimeout: 5})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	msgs := <-done
	require.Len(t, msgs, 1)
	assert.Equal(t, "over the wire", aws.ToString(msgs[0].Body))

	// The next poll waits for the visibility timeout on the clock.
	go func() {
		out, err := client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 20,
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameApproximateReceiveCount}})
		assert.NoError(t, err)
		done <- out.Messages
	}()
	require.NoError(t, clk.BlockUntil(ctx, 1))
	clk.Advance(5 * time.Second)
	msgs = <-done
	require.Len(t, msgs, 1)
	assert.Equal(t, "2", msgs[0].Attributes["ApproximateReceiveCount"])
}
