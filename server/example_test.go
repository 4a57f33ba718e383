package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// An AWS client speaks to the server with SQS's JSON protocol. Here the
// requests are written by hand and sent with the in-process client, as the
// AWS SDK for Go would send them; errors come back as AWS writes them.
func Example() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := server.New(server.WithSQS(sqs.New(sqs.WithClock(clk))))
	client := srv.Client()

	call := func(op, body string) {
		req, _ := http.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AmazonSQS."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		res, err := client.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		fmt.Println(strings.TrimSpace(fmt.Sprint(op, " ", res.StatusCode, " ", res.Header.Get("X-Amzn-Query-Error"))))
		fmt.Println(" ", string(b))
	}

	call("CreateQueue", `{"QueueName":"orders"}`)
	url := "https://sqs.us-east-1.amazonaws.com/000000000000/orders"
	call("SendMessage", `{"QueueUrl":"`+url+`","MessageBody":"order #1"}`)
	call("ReceiveMessage", `{"QueueUrl":"`+url+`","MessageSystemAttributeNames":["ApproximateReceiveCount"]}`)
	call("GetQueueUrl", `{"QueueName":"nope"}`)
	// Output:
	// CreateQueue 200
	//   {"QueueUrl":"https://sqs.us-east-1.amazonaws.com/000000000000/orders"}
	// SendMessage 200
	//   {"MD5OfMessageBody":"32c5489456f07a391caef8281bc41ec9","MessageId":"a381a384-4395-4ce1-81cf-07d316044209"}
	// ReceiveMessage 200
	//   {"Messages":[{"MessageId":"a381a384-4395-4ce1-81cf-07d316044209","ReceiptHandle":"000000000000000000000001000000019a5fd3367e2ac768","MD5OfBody":"32c5489456f07a391caef8281bc41ec9","Body":"order #1","Attributes":{"ApproximateReceiveCount":"1"}}]}
	// GetQueueUrl 400 AWS.SimpleQueueService.NonExistentQueue;Sender
	//   {"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}
}

// SNS speaks the query protocol on the same handler: form-encoded
// requests, XML answers. A raw subscription delivers to a queue of the
// same account, which SQS's protocol then reads.
func ExampleWithSNS() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(sns.WithAccount(queues.Account()))
	srv := server.New(server.WithSQS(queues), server.WithSNS(topics))
	client := srv.Client()

	call := func(form url.Values) {
		form.Set("Version", "2010-03-31")
		res, err := client.PostForm("http://awssim/", form)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		fmt.Println(form.Get("Action"), res.StatusCode)
		fmt.Println(" ", regexp.MustCompile(`<RequestId>[^<]*</RequestId>`).ReplaceAllString(string(b), "<RequestId>…</RequestId>"))
	}

	queue := "arn:aws:sqs:us-east-1:000000000000:orders"
	if _, err := queues.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "orders"}); err != nil {
		fmt.Println(err)
	}
	call(url.Values{"Action": {"CreateTopic"}, "Name": {"events"}})
	topic := "arn:aws:sns:us-east-1:000000000000:events"
	call(url.Values{"Action": {"Subscribe"}, "TopicArn": {topic}, "Protocol": {"sqs"}, "Endpoint": {queue},
		"Attributes.entry.1.key": {"RawMessageDelivery"}, "Attributes.entry.1.value": {"true"}})
	call(url.Values{"Action": {"Publish"}, "TopicArn": {topic}, "Message": {"order #1"}})
	call(url.Values{"Action": {"Publish"}, "TopicArn": {topic + "-nope"}, "Message": {"lost"}})

	out, _ := queues.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
		QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/orders",
	})
	fmt.Println("received:", out.Messages[0].Body)
	// Output:
	// CreateTopic 200
	//   <CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:events</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></CreateTopicResponse>
	// Subscribe 200
	//   <SubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><SubscribeResult><SubscriptionArn>arn:aws:sns:us-east-1:000000000000:events:4ba2bae9-44b3-4acf-871c-22013e662057</SubscriptionArn></SubscribeResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></SubscribeResponse>
	// Publish 200
	//   <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>c7cdcc32-92dc-4e32-a2a5-aec45a27dfcd</MessageId></PublishResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></PublishResponse>
	// Publish 404
	//   <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>…</RequestId></ErrorResponse>
	// received: order #1
}

// With WithCredentials the server requires SigV4 signatures, as AWS does,
// and each access key reaches its own account's services. The AWS SDKs,
// boto3 and the AWS CLI sign their requests; here, requests written by
// hand without a valid signature are refused with AWS's errors.
func ExampleWithCredentials() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := server.New(
		server.WithSQS(sqs.New(sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID("111111111111"))))),
		server.WithSQS(sqs.New(sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID("222222222222"))))),
		server.WithCredentials(
			server.Credentials{AccessKeyID: "AKIDA", SecretAccessKey: "secret-a", AccountID: "111111111111"},
			server.Credentials{AccessKeyID: "AKIDB", SecretAccessKey: "secret-b", AccountID: "222222222222"},
		),
	)

	call := func(authorization string) {
		req, _ := http.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(`{}`))
		req.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Date", "20260101T000000Z")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer res.Body.Close()
		fmt.Println(res.StatusCode, res.Header.Get("X-Amzn-Query-Error"), res.Header.Get("Date"))
	}
	call("")
	call("AWS4-HMAC-SHA256 Credential=AKIDNOBODY/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	call("AWS4-HMAC-SHA256 Credential=AKIDA/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	// Output:
	// 403 MissingAuthenticationToken;Sender Thu, 01 Jan 2026 00:00:00 GMT
	// 403 InvalidClientTokenId;Sender Thu, 01 Jan 2026 00:00:00 GMT
	// 403 SignatureDoesNotMatch;Sender Thu, 01 Jan 2026 00:00:00 GMT
}

// CloudWatch speaks Smithy RPC v2 CBOR, as the current SDKs send it: a
// POST of a CBOR document to /service/GraniteServiceVersion20100801/operation/NAME.
// Here the document {"Namespace":"Shop","MetricData":[{"MetricName":"Hits","Value":1}]}
// is written by hand.
func ExampleWithCloudWatch() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	metrics := cloudwatch.New(cloudwatch.WithClock(clk))
	srv := server.New(server.WithCloudWatch(metrics))

	doc := "\xa2\x69Namespace\x64Shop\x6aMetricData\x81\xa2\x6aMetricName\x64Hits\x65Value\x01"
	req, _ := http.NewRequest(http.MethodPost, "http://awssim/service/GraniteServiceVersion20100801/operation/PutMetricData", strings.NewReader(doc))
	req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	req.Header.Set("Content-Type", "application/cbor")
	res, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	res.Body.Close()
	fmt.Println(res.StatusCode, res.Header.Get("Smithy-Protocol"))

	clk.Advance(time.Minute)
	out, _ := metrics.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: "Shop", MetricName: "Hits", StartTime: clk.Now().Add(-time.Hour), EndTime: clk.Now(),
		Period: time.Hour, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
	})
	fmt.Println("sum:", *out.Datapoints[0].Sum)
	// Output:
	// 200 rpc-v2-cbor
	// sum: 1
}
