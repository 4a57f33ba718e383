package server_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// query sends an SQS query request as older clients do: the parameters
// in a GET's query string or a POST's form body, to path (the queue's
// path, /ACCOUNT/NAME, or /).
func (f *fixture) query(method, path string, form url.Values) (int, string) {
	f.t.Helper()
	var req *http.Request
	if method == http.MethodGet {
		req = httptest.NewRequest(method, "http://sqs.us-east-1.amazonaws.com"+path+"?"+form.Encode(), nil)
	} else {
		req = httptest.NewRequest(method, "http://sqs.us-east-1.amazonaws.com"+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

// queryOK sends an SQS query request, requires a 200 and decodes the
// result element into out.
func (f *fixture) queryOK(method, path string, form url.Values, out any) string {
	f.t.Helper()
	form.Set("Version", "2012-11-05")
	code, body := f.query(method, path, form)
	require.Equal(f.t, http.StatusOK, code, body)
	if out != nil {
		require.NoError(f.t, xml.Unmarshal([]byte(body), out), body)
	}
	return body
}

// The shapes of SQS's query responses, as the API reference's examples
// show them.
type (
	queryAttribute struct{ Name, Value string }
	queryMessage   struct {
		MessageId, ReceiptHandle, MD5OfBody, Body, MD5OfMessageAttributes string
		Attribute                                                         []queryAttribute
		MessageAttribute                                                  []struct {
			Name  string
			Value struct{ StringValue, BinaryValue, DataType string }
		}
	}
	receiveResponse struct {
		Messages  []queryMessage `xml:"ReceiveMessageResult>Message"`
		RequestId string         `xml:"ResponseMetadata>RequestId"`
	}
)

// The API reference's SendMessage and ReceiveMessage examples: a GET to
// the queue's URL with the message and its attributes in the query
// string, then a POST of ReceiveMessage with AttributeName=All; the
// answers are XML in SQS's 2012-11-05 namespace with the MD5s AWS gives.
func TestSQSQuerySendReceiveDeleteAsTheAPIReferenceShowsThem(t *testing.T) {
	f := newFixture(t)
	f.createQueue("MyQueue")
	body := f.queryOK(http.MethodGet, "/000000000000/MyQueue", url.Values{
		"Action": {"SendMessage"}, "MessageBody": {"This is a test message"},
		"MessageAttribute.1.Name": {"my_attribute_name_1"}, "MessageAttribute.1.Value.StringValue": {"my_attribute_value_1"}, "MessageAttribute.1.Value.DataType": {"String"},
		"MessageAttribute.2.Name": {"my_attribute_name_2"}, "MessageAttribute.2.Value.BinaryValue": {"AAEC"}, "MessageAttribute.2.Value.DataType": {"Binary"},
	}, nil)
	assert.Regexp(t, `^<SendMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><SendMessageResult><MD5OfMessageBody>fafb00f5732ab283681e124bf8747ed1</MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}</MD5OfMessageAttributes><MessageId>[0-9a-f-]{36}</MessageId></SendMessageResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></SendMessageResponse>$`, body)

	var got receiveResponse
	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{
		"Action": {"ReceiveMessage"}, "MaxNumberOfMessages": {"5"}, "VisibilityTimeout": {"15"},
		"AttributeName": {"All"}, "MessageAttributeName.1": {"All"},
	}, &got)
	require.Len(t, got.Messages, 1)
	m := got.Messages[0]
	assert.Equal(t, "This is a test message", m.Body)
	assert.Equal(t, "fafb00f5732ab283681e124bf8747ed1", m.MD5OfBody)
	assert.Contains(t, m.Attribute, queryAttribute{"ApproximateReceiveCount", "1"})
	assert.Contains(t, m.Attribute, queryAttribute{"SenderId", "000000000000"})
	require.Len(t, m.MessageAttribute, 2)
	assert.Equal(t, "my_attribute_name_1", m.MessageAttribute[0].Name)
	assert.Equal(t, "my_attribute_value_1", m.MessageAttribute[0].Value.StringValue)
	assert.Equal(t, "AAEC", m.MessageAttribute[1].Value.BinaryValue)
	assert.Equal(t, "Binary", m.MessageAttribute[1].Value.DataType)
	assert.Contains(t, body, "<MD5OfMessageAttributes>"+m.MD5OfMessageAttributes+"</MD5OfMessageAttributes>")

	// Hidden for the 15 seconds asked, then deleted with its handle and the
	// queue URL as a parameter.
	f.clk.Advance(10 * time.Second)
	got = receiveResponse{}
	f.queryOK(http.MethodPost, "/", url.Values{"Action": {"ReceiveMessage"}, "QueueUrl": {"https://sqs.us-east-1.amazonaws.com/000000000000/MyQueue"}}, &got)
	assert.Empty(t, got.Messages)
	body = f.queryOK(http.MethodPost, "/", url.Values{"Action": {"DeleteMessage"}, "QueueUrl": {"https://sqs.us-east-1.amazonaws.com/000000000000/MyQueue"}, "ReceiptHandle": {m.ReceiptHandle}}, nil)
	// As in the API reference, an action without output has no result
	// element.
	assert.Regexp(t, `^<DeleteMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><ResponseMetadata>`, body)
	f.clk.Advance(time.Minute)
	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"ReceiveMessage"}}, &got)
	assert.Empty(t, got.Messages)
}

// Queues are made, described, tagged and listed with Attribute.N.Name and
// .Value, Tag.N.Key and .Value, AttributeName.N and TagKey.N, and answered
// with flattened <Attribute>, <Tag> and <QueueUrl> elements.
func TestSQSQueryQueueAttributesAndTags(t *testing.T) {
	f := newFixture(t)
	var created struct {
		QueueUrl string `xml:"CreateQueueResult>QueueUrl"`
	}
	f.queryOK(http.MethodPost, "/", url.Values{"Action": {"CreateQueue"}, "QueueName": {"MyQueue"},
		"Attribute.1.Name": {"VisibilityTimeout"}, "Attribute.1.Value": {"40"},
		"Tag.1.Key": {"team"}, "Tag.1.Value": {"billing"}}, &created)
	assert.Equal(t, "https://sqs.us-east-1.amazonaws.com/000000000000/MyQueue", created.QueueUrl)
	f.createQueue("Other")

	var attrs struct {
		Attribute []queryAttribute `xml:"GetQueueAttributesResult>Attribute"`
	}
	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"GetQueueAttributes"}, "AttributeName.1": {"VisibilityTimeout"}, "AttributeName.2": {"QueueArn"}}, &attrs)
	assert.Equal(t, []queryAttribute{{"QueueArn", "arn:aws:sqs:us-east-1:000000000000:MyQueue"}, {"VisibilityTimeout", "40"}}, attrs.Attribute)

	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"SetQueueAttributes"}, "Attribute.1.Name": {"DelaySeconds"}, "Attribute.1.Value": {"5"}}, nil)
	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"TagQueue"}, "Tag.1.Key": {"env"}, "Tag.1.Value": {"test"}}, nil)
	f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"UntagQueue"}, "TagKey.1": {"team"}}, nil)
	body := f.queryOK(http.MethodPost, "/000000000000/MyQueue", url.Values{"Action": {"ListQueueTags"}}, nil)
	assert.Contains(t, body, "<ListQueueTagsResult><Tag><Key>env</Key><Value>test</Value></Tag></ListQueueTagsResult>")

	body = f.queryOK(http.MethodGet, "/", url.Values{"Action": {"ListQueues"}, "QueueNamePrefix": {"My"}}, nil)
	assert.Contains(t, body, "<ListQueuesResult><QueueUrl>https://sqs.us-east-1.amazonaws.com/000000000000/MyQueue</QueueUrl></ListQueuesResult>")
	body = f.queryOK(http.MethodGet, "/", url.Values{"Action": {"GetQueueUrl"}, "QueueName": {"Other"}}, nil)
	assert.Contains(t, body, "<GetQueueUrlResult><QueueUrl>https://sqs.us-east-1.amazonaws.com/000000000000/Other</QueueUrl></GetQueueUrlResult>")
}

// Batches are SendMessageBatchRequestEntry.N and
// DeleteMessageBatchRequestEntry.N; their results are flattened result
// and BatchResultErrorEntry elements.
func TestSQSQueryBatches(t *testing.T) {
	f := newFixture(t)
	f.createQueue("q")
	body := f.queryOK(http.MethodPost, "/000000000000/q", url.Values{"Action": {"SendMessageBatch"},
		"SendMessageBatchRequestEntry.1.Id": {"a"}, "SendMessageBatchRequestEntry.1.MessageBody": {"one"},
		"SendMessageBatchRequestEntry.2.Id": {"b"}, "SendMessageBatchRequestEntry.2.MessageBody": {"two"}, "SendMessageBatchRequestEntry.2.DelaySeconds": {"901"},
		"SendMessageBatchRequestEntry.3.Id": {"c"}, "SendMessageBatchRequestEntry.3.MessageBody": {"three"},
		"SendMessageBatchRequestEntry.3.MessageAttribute.1.Name": {"n"}, "SendMessageBatchRequestEntry.3.MessageAttribute.1.Value.DataType": {"Number"}, "SendMessageBatchRequestEntry.3.MessageAttribute.1.Value.StringValue": {"7"},
	}, nil)
	assert.Regexp(t, `<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a</Id><MessageId>[^<]+</MessageId><MD5OfMessageBody>[0-9a-f]{32}</MD5OfMessageBody></SendMessageBatchResultEntry><SendMessageBatchResultEntry><Id>c</Id><MessageId>[^<]+</MessageId><MD5OfMessageBody>[0-9a-f]{32}</MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}</MD5OfMessageAttributes></SendMessageBatchResultEntry><BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>[^<]+</Message></BatchResultErrorEntry></SendMessageBatchResult>`, body)

	var got receiveResponse
	f.queryOK(http.MethodPost, "/000000000000/q", url.Values{"Action": {"ReceiveMessage"}, "MaxNumberOfMessages": {"10"}}, &got)
	require.Len(t, got.Messages, 2)
	body = f.queryOK(http.MethodPost, "/000000000000/q", url.Values{"Action": {"DeleteMessageBatch"},
		"DeleteMessageBatchRequestEntry.1.Id": {"x"}, "DeleteMessageBatchRequestEntry.1.ReceiptHandle": {got.Messages[0].ReceiptHandle},
		"DeleteMessageBatchRequestEntry.2.Id": {"y"}, "DeleteMessageBatchRequestEntry.2.ReceiptHandle": {got.Messages[1].ReceiptHandle},
	}, nil)
	assert.Contains(t, body, "<DeleteMessageBatchResult><DeleteMessageBatchResultEntry><Id>x</Id></DeleteMessageBatchResultEntry><DeleteMessageBatchResultEntry><Id>y</Id></DeleteMessageBatchResultEntry></DeleteMessageBatchResult>")
}

// Errors are an ErrorResponse in SQS's namespace with the fault, the
// query protocol's code (AWS.SimpleQueueService.*), the message and an
// empty Detail, as the API reference shows them.
func TestSQSQueryErrorsAreErrorResponses(t *testing.T) {
	f := newFixture(t)
	code, body := f.query(http.MethodPost, "/", url.Values{"Action": {"GetQueueUrl"}, "QueueName": {"missing"}, "Version": {"2012-11-05"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Regexp(t, `^<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message><Detail/></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`, body)

	f.createQueue("q")
	code, body = f.query(http.MethodPost, "/000000000000/q", url.Values{"Action": {"SendMessage"}, "MessageBody": {"x"}, "DelaySeconds": {"soon"}, "Version": {"2012-11-05"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidParameterValue</Code><Message>Value (soon) for parameter DelaySeconds is invalid. Must be an integer.</Message>")

	code, body = f.query(http.MethodPost, "/", url.Values{"Action": {"Frobnicate"}, "Version": {"2012-11-05"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidAction</Code>")

	// An SNS action is not served where only SQS is.
	code, body = f.query(http.MethodPost, "/", url.Values{"Action": {"ListTopics"}, "Version": {"2010-03-31"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidAction</Code><Message>The action ListTopics of version &#34;2010-03-31&#34; is not served; SQS (Version 2012-11-05) is.</Message>")
}

// With SNS on the same handler, a query request goes to the service its
// Version names, or without one to the service whose action it is.
func TestQueryRequestsGoToTheServiceTheyName(t *testing.T) {
	f := newSNSFixture(t)
	code, body := f.call(url.Values{"Action": {"CreateQueue"}, "QueueName": {"q"}, "Version": {"2012-11-05"}})
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `<CreateQueueResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">`)
	code, body = f.call(url.Values{"Action": {"ListQueues"}})
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, "<QueueUrl>https://sqs.us-east-1.amazonaws.com/000000000000/q</QueueUrl>")
	code, body = f.call(url.Values{"Action": {"ListTopics"}})
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">`)
}
