package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
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
