package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// snsFixture is a server over an sqs and an sns service of one account.
type snsFixture struct {
	t      *testing.T
	queues *sqs.Service
	topics *sns.Service
	srv    *server.Server
}

func newSNSFixture(t *testing.T) *snsFixture {
	clk := sim.NewClock(start)
	queues := sqs.New(sqs.WithClock(clk))
	topics := sns.New(sns.WithAccount(queues.Account()))
	return &snsFixture{t: t, queues: queues, topics: topics, srv: server.New(server.WithSQS(queues), server.WithSNS(topics))}
}

// call posts a query request with the parameters in form.
func (f *snsFixture) call(form url.Values) (int, string) {
	req := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestSNSCreateTopicAnswersInXML(t *testing.T) {
	f := newSNSFixture(t)
	code, body := f.call(url.Values{"Action": {"CreateTopic"}, "Version": {"2010-03-31"}, "Name": {"orders"}})
	require.Equal(t, http.StatusOK, code, body)
	assert.Regexp(t, `^<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:orders</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></CreateTopicResponse>$`, body)
}

func TestSNSErrorsAreQueryErrorResponses(t *testing.T) {
	f := newSNSFixture(t)
	code, body := f.call(url.Values{"Action": {"GetTopicAttributes"}, "Version": {"2010-03-31"}, "TopicArn": {"arn:aws:sns:us-east-1:000000000000:missing"}})
	assert.Equal(t, http.StatusNotFound, code)
	assert.Regexp(t, `^<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`, body)

	code, body = f.call(url.Values{"Action": {"Frobnicate"}, "Version": {"2010-03-31"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidAction</Code>")
}

func TestSNSMapsAndListsUseQueryEncoding(t *testing.T) {
	f := newSNSFixture(t)
	_, body := f.call(url.Values{"Action": {"CreateTopic"}, "Name": {"t"},
		"Attributes.entry.1.key": {"DisplayName"}, "Attributes.entry.1.value": {"A & B"},
		"Tags.member.1.Key": {"team"}, "Tags.member.1.Value": {"x"}})
	require.Contains(t, body, "<TopicArn>")
	arn := "arn:aws:sns:us-east-1:000000000000:t"
	_, body = f.call(url.Values{"Action": {"GetTopicAttributes"}, "TopicArn": {arn}})
	assert.Contains(t, body, "<entry><key>DisplayName</key><value>A &amp; B</value></entry>")
	_, body = f.call(url.Values{"Action": {"ListTagsForResource"}, "ResourceArn": {arn}})
	assert.Contains(t, body, "<Tags><member><Key>team</Key><Value>x</Value></member></Tags>")
	_, body = f.call(url.Values{"Action": {"Publish"}, "TopicArn": {arn}, "Message": {"hi"},
		"MessageAttributes.entry.1.Name": {"n"}, "MessageAttributes.entry.1.Value.DataType": {"Number"},
		"MessageAttributes.entry.1.Value.StringValue": {"1"}})
	assert.Contains(t, body, "<MessageId>")
	_, body = f.call(url.Values{"Action": {"PublishBatch"}, "TopicArn": {arn},
		"PublishBatchRequestEntries.member.1.Id": {"a"}, "PublishBatchRequestEntries.member.1.Message": {"1"},
		"PublishBatchRequestEntries.member.2.Id": {"b"}, "PublishBatchRequestEntries.member.2.Message": {"2"}})
	assert.Regexp(t, `<Successful><member><Id>a</Id><MessageId>[^<]+</MessageId></member><member><Id>b</Id>`, body)
	assert.Contains(t, body, "<Failed></Failed>")
}

// The SubscribeURL and UnsubscribeURL SNS puts in its messages are GET
// requests to SNS; with the handler's address for SNS's host they reach
// the same topics.
func TestSNSLinksAreServedOnGET(t *testing.T) {
	f := newSNSFixture(t)
	arn := "arn:aws:sns:us-east-1:000000000000:t"
	f.call(url.Values{"Action": {"CreateTopic"}, "Name": {"t"}})
	f.call(url.Values{"Action": {"Subscribe"}, "TopicArn": {arn}, "Protocol": {"sqs"}, "Endpoint": {"arn:aws:sqs:us-east-1:000000000000:q"}})
	_, body := f.call(url.Values{"Action": {"ListSubscriptions"}})
	sub := body[strings.Index(body, "<SubscriptionArn>")+len("<SubscriptionArn>") : strings.Index(body, "</SubscriptionArn>")]

	req := httptest.NewRequest(http.MethodGet, "http://awssim/?Action=Unsubscribe&SubscriptionArn="+url.QueryEscape(sub), nil)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<UnsubscribeResponse")
	_, body = f.call(url.Values{"Action": {"ListSubscriptions"}})
	assert.NotContains(t, body, "<member>")

	sum := sha256.Sum256(sns.SigningCertificate().Raw)
	req = httptest.NewRequest(http.MethodGet, "http://awssim/SimpleNotificationService-"+hex.EncodeToString(sum[:16])+".pem", nil)
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), "BEGIN CERTIFICATE")
}

// AWS takes query requests as a GET with the parameters in the URL too.
func TestSNSQueryOverGET(t *testing.T) {
	f := newSNSFixture(t)
	f.call(url.Values{"Action": {"CreateTopic"}, "Name": {"t"}})
	req := httptest.NewRequest(http.MethodGet, "http://awssim/?Action=ListTopics&Version=2010-03-31", nil)
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<Topics><member><TopicArn>arn:aws:sns:us-east-1:000000000000:t</TopicArn></member></Topics>")

	req = httptest.NewRequest(http.MethodPut, "http://awssim/", strings.NewReader("Action=ListTopics"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>MethodNotAllowed</Code>")
}
