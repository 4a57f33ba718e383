package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// A request signed with account B's key for account A's queue URL
// reaches A's queue, and is allowed only when the queue's policy lets B
// in, with SQS's AccessDenied otherwise; a batch needs the permission of
// what it batches, and the actions SQS keeps to the owner are refused
// whatever the policy says.
func TestCrossAccountQueueRequestsNeedTheQueuesPolicy(t *testing.T) {
	f := newAuthFixture(t)
	now := f.clk.Now()
	const queue = "https://sqs.us-east-1.amazonaws.com/111111111111/inbox"
	res := f.sqsRequest("CreateQueue", `{"QueueName":"inbox"}`, keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	send := `{"QueueUrl":"` + queue + `","MessageBody":"from b"}`

	res = f.sqsRequest("SendMessage", send, keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "AccessDenied")

	policy, _ := json.Marshal(map[string]any{"QueueUrl": queue, "Attributes": map[string]string{"Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:inbox"}]}`}})
	res = f.sqsRequest("SetQueueAttributes", string(policy), keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))

	res = f.sqsRequest("SendMessage", send, keyB, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	res = f.sqsRequest("SendMessageBatch", `{"QueueUrl":"`+queue+`","Entries":[{"Id":"1","MessageBody":"batched"}]}`, keyB, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	res = f.sqsRequest("ReceiveMessage", `{"QueueUrl":"`+queue+`","MaxNumberOfMessages":10}`, keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "the policy grants no receive")
	res = f.sqsRequest("SetQueueAttributes", string(policy), keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "no policy lets another account set attributes")

	res = f.sqsRequest("ReceiveMessage", `{"QueueUrl":"`+queue+`","MaxNumberOfMessages":10}`, keyA, now)
	body := readAll(t, res)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, "from b", "the message is in A's queue")
	assert.Contains(t, body, "batched")
}

// The query protocol reaches another account's queue the same way, by
// QueueUrl or by the queue's path.
func TestCrossAccountQueueRequestsOverTheQueryProtocol(t *testing.T) {
	f := newAuthFixture(t)
	now := f.clk.Now()
	res := f.sqsRequest("CreateQueue", `{"QueueName":"inbox"}`, keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))

	res = f.sqsQueryRequest("/", "Action=SendMessage&Version=2012-11-05&MessageBody=hi&QueueUrl=https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F111111111111%2Finbox", keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "AccessDenied")
	res = f.sqsQueryRequest("/111111111111/inbox", "Action=SendMessage&Version=2012-11-05&MessageBody=hi", keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res = f.sqsQueryRequest("/111111111111/inbox", "Action=SendMessage&Version=2012-11-05&MessageBody=hi", keyA, now)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the owner's own request is not the policy's to decide")
}

// sqsQueryRequest is an SQS query request to path, signed with key.
func (f *authFixture) sqsQueryRequest(path, body string, key Credentials, at time.Time) *http.Response {
	r := httptest.NewRequest(http.MethodPost, "http://sqs.us-east-1.amazonaws.com"+path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sign(r, body, key, "sqs", at)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	return rec.Result()
}

// The QueueUrl member is found by a scan of the body, past a value that
// is the word itself and whitespace; an escaped value is left to a JSON
// decoder.
func TestJSONQueueURLFindsTheMember(t *testing.T) {
	for _, c := range []struct {
		name, body, want string
		escaped          bool
	}{
		{"plain", `{"QueueUrl":"https://sqs/1/q","MessageBody":"x"}`, "https://sqs/1/q", false},
		{"after a value", `{"MessageBody":"QueueUrl", "QueueUrl" : "https://sqs/1/q"}`, "https://sqs/1/q", false},
		{"escaped", `{"QueueUrl":"https:\/\/sqs\/1\/q"}`, `https:\/\/sqs\/1\/q`, true},
		{"none", `{"QueueName":"q"}`, "", false},
		{"not a string", `{"QueueUrl":7}`, "", false},
	} {
		u, escaped := jsonQueueURL([]byte(c.body))
		assert.Equal(t, c.want, string(u), c.name)
		assert.Equal(t, c.escaped, escaped, c.name)
	}
	assert.Equal(t, "111111111111", string(queueAccount([]byte("https://sqs.us-east-1.amazonaws.com/111111111111/inbox"))))
	assert.Empty(t, queueAccount([]byte("https://sqs.us-east-1.amazonaws.com/")))
}

// A request signed with account B's key for account A's topic ARN
// reaches A's topic, and is allowed only when the topic's policy lets B
// in: AWS's default policy lets in only the owner, and a refusal is
// SNS's AuthorizationError.
func TestCrossAccountTopicRequestsNeedTheTopicsPolicy(t *testing.T) {
	f := newAuthFixture(t)
	now := f.clk.Now()
	const topic = "arn:aws:sns:us-east-1:111111111111:events"
	res := f.snsRequest(url.Values{"Action": {"CreateTopic"}, "Name": {"events"}}, keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	publish := func(key Credentials) *http.Response {
		return f.snsRequest(url.Values{"Action": {"Publish"}, "TopicArn": {topic}, "Message": {"hi"}}, key, now)
	}

	res = publish(keyB)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "<Code>AuthorizationError</Code><Message>User: arn:aws:iam::222222222222:root is not authorized to perform: sns:Publish on resource: "+topic)

	res = f.snsRequest(url.Values{"Action": {"SetTopicAttributes"}, "TopicArn": {topic}, "AttributeName": {"Policy"},
		"AttributeValue": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sns:Publish","Resource":"` + topic + `"}]}`}}, keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	res = publish(keyB)
	assert.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))
	res = f.snsRequest(url.Values{"Action": {"DeleteTopic"}, "TopicArn": {topic}}, keyB, now)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "the policy grants no DeleteTopic")
	res = f.snsRequest(url.Values{"Action": {"Publish"}, "TopicArn": {"arn:aws:sns:us-east-1:111111111111:ghost"}, "Message": {"hi"}}, keyB, now)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

// A Lambda request signed with account B's key for account A's function
// ARN reaches A's function, and is allowed only when the function's
// resource policy lets B in, with Lambda's AccessDeniedException
// otherwise.
func TestCrossAccountInvokeNeedsTheFunctionsPolicy(t *testing.T) {
	clk := sim.NewClock(time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))
	opts := []Option{WithCredentials(keyA, keyB)}
	var fnsA *lambda.Service
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		fns := lambda.New(lambda.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))))
		opts = append(opts, WithLambda(fns, nil))
		if id == keyA.AccountID {
			fnsA = fns
		}
	}
	srv := New(opts...)
	_, err := fnsA.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: "echo", Role: "arn:aws:iam::111111111111:role/echo",
		Code: lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) { return p, nil }},
	})
	require.NoError(t, err)
	request := func(method, path, body string, key Credentials) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "http://lambda.us-east-1.amazonaws.com"+path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		sign(r, body, key, "lambda", clk.Now())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		return rec
	}
	const invoke = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Aecho/invocations"

	rec := request(http.MethodPost, invoke, `"hi"`, keyB)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Equal(t, "AccessDeniedException", rec.Header().Get("X-Amzn-Errortype"))
	assert.Contains(t, rec.Body.String(), "User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:InvokeFunction")

	_, err = fnsA.AddPermission(context.Background(), &lambda.AddPermissionInput{
		FunctionName: "echo", StatementId: "b", Action: "lambda:InvokeFunction", Principal: "222222222222",
	})
	require.NoError(t, err)
	rec = request(http.MethodPost, invoke, `"hi"`, keyB)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, `"hi"`, rec.Body.String())
	rec = request(http.MethodPost, "/2015-03-31/functions/111111111111%3Afunction%3Aecho/invocations", `"partial"`, keyB)
	assert.Equal(t, http.StatusOK, rec.Code, "a partial ARN names the account too")

	rec = request(http.MethodGet, "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Aecho", "", keyB)
	assert.Equal(t, http.StatusForbidden, rec.Code, "the policy grants no GetFunction")
	rec = request(http.MethodPost, "/2015-03-31/functions/echo/invocations", `"hi"`, keyB)
	assert.Equal(t, http.StatusNotFound, rec.Code, "a bare name is the caller's own account's")
}
