package server

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// The signing example of the AWS General Reference ("Signature Version 4
// signing process", the IAM ListUsers POST request signed with
// AKIDEXAMPLE on 2011-09-09): the canonical request and the signature the
// documentation gives.
func TestSignatureMatchesAWSDocumentationExample(t *testing.T) {
	body := "Action=ListUsers&Version=2010-05-08"
	r := httptest.NewRequest(http.MethodPost, "http://iam.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("X-Amz-Date", "20110909T233600Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ced6826de92d2bdeed8f846f0bf508e8559e98e4b0199114b84c54174deb456c")

	sig, err := readSignature(r)
	require.NoError(t, err)
	canonical := canonicalRequest(r, []byte(body), sig)
	assert.Equal(t, "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20110909T233600Z\n\ncontent-type;host;x-amz-date\nb6359072c78d70ebee1e81adcbab4f01bf2c23245fa365ef83fe8f1f955085e2", canonical)
	got := signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sig.date, sig.region, sig.service, stringToSign(sig.stamp, sig.scope, canonical))
	assert.Equal(t, sig.signature, hex.EncodeToString(got))
}

// The canonical query string sorts by encoded name, then value, and
// encodes every byte but the unreserved ones.
func TestCanonicalQuerySortsByNameThenValue(t *testing.T) {
	assert.Equal(t, "a=1&a=2&a-b=%20%2B%2F~&b=", canonicalQuery("b=&a-b=+%2B/~&a=2&a=1", false))
	assert.Equal(t, "X-Amz-Date=1", canonicalQuery("X-Amz-Signature=ff&X-Amz-Date=1", true))
}

var (
	keyA = Credentials{AccessKeyID: "AKIDAAAAAAAAAAAAAAAA", SecretAccessKey: "secret-a", AccountID: "111111111111"}
	keyB = Credentials{AccessKeyID: "AKIDBBBBBBBBBBBBBBBB", SecretAccessKey: "secret-b", AccountID: "222222222222"}
)

// authFixture is a server that requires signatures, over two accounts
// with SQS and SNS each, on one virtual clock that starts far from the
// real time.
type authFixture struct {
	t   *testing.T
	clk *sim.Clock
	srv *Server
}

func newAuthFixture(t *testing.T) *authFixture {
	clk := sim.NewClock(time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))
	opts := []Option{WithCredentials(keyA, keyB)}
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		acct := cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))
		opts = append(opts, WithSQS(sqs.New(sqs.WithAccount(acct))), WithSNS(sns.New(sns.WithAccount(acct))))
	}
	return &authFixture{t: t, clk: clk, srv: New(opts...)}
}

// sign signs r, whose body is body, with key for service at the time at,
// in the Authorization header, as the SDKs do.
func sign(r *http.Request, body string, key Credentials, service string, at time.Time) {
	stamp := at.UTC().Format(sigV4Stamp)
	r.Header.Set("X-Amz-Date", stamp)
	if key.SessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", key.SessionToken)
	}
	sig := sigV4{signedHeaders: "content-type;host;x-amz-date", stamp: stamp}
	if r.Header.Get("X-Amz-Target") != "" {
		sig.signedHeaders = "content-type;host;x-amz-date;x-amz-target"
	}
	sig.scope = stamp[:8] + "/us-east-1/" + service + "/aws4_request"
	toSign := stringToSign(stamp, sig.scope, canonicalRequest(r, []byte(body), sig))
	s := signature(key.SecretAccessKey, stamp[:8], "us-east-1", service, toSign)
	r.Header.Set("Authorization", sigV4Algorithm+" Credential="+key.AccessKeyID+"/"+sig.scope+", SignedHeaders="+sig.signedHeaders+", Signature="+hex.EncodeToString(s))
}

// sqsRequest is an AmazonSQS JSON request, signed with key unless key is
// the zero Credentials.
func (f *authFixture) sqsRequest(op, body string, key Credentials, at time.Time) *http.Response {
	r := httptest.NewRequest(http.MethodPost, "http://sqs.us-east-1.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", "AmazonSQS."+op)
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	if key.AccessKeyID != "" {
		sign(r, body, key, "sqs", at)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	return rec.Result()
}

// snsRequest is an SNS query request, signed with key unless key is the
// zero Credentials.
func (f *authFixture) snsRequest(form url.Values, key Credentials, at time.Time) *http.Response {
	form.Set("Version", snsVersion)
	body := form.Encode()
	r := httptest.NewRequest(http.MethodPost, "http://sns.us-east-1.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if key.AccessKeyID != "" {
		sign(r, body, key, "sns", at)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	return rec.Result()
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(b)
}

// Each access key reaches its own account's services: a queue or topic
// one account creates is not seen by the other.
func TestSignedRequestsReachTheirKeysAccount(t *testing.T) {
	f := newAuthFixture(t)
	now := f.clk.Now()
	res := f.sqsRequest("CreateQueue", `{"QueueName":"orders"}`, keyA, now)
	body := readAll(t, res)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.JSONEq(t, `{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/111111111111/orders"}`, body)

	res = f.sqsRequest("ListQueues", `{}`, keyB, now)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.JSONEq(t, `{}`, readAll(t, res))
	res = f.sqsRequest("GetQueueUrl", `{"QueueName":"orders"}`, keyB, now)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue;Sender", res.Header.Get("X-Amzn-Query-Error"))

	res = f.snsRequest(url.Values{"Action": {"CreateTopic"}, "Name": {"events"}}, keyB, now)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, readAll(t, res), "<TopicArn>arn:aws:sns:us-east-1:222222222222:events</TopicArn>")
	res = f.snsRequest(url.Values{"Action": {"ListTopics"}}, keyA, now)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, readAll(t, res), "<Topics></Topics>")
}

// A request without a signature is refused with
// MissingAuthenticationToken (403), in each protocol's error form.
func TestUnsignedRequestIsRefusedWithMissingAuthenticationToken(t *testing.T) {
	f := newAuthFixture(t)
	res := f.sqsRequest("ListQueues", `{}`, Credentials{}, time.Time{})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, "MissingAuthenticationToken;Sender", res.Header.Get("X-Amzn-Query-Error"))
	assert.JSONEq(t, `{"__type":"com.amazon.coral.service#MissingAuthenticationToken","message":"Request is missing Authentication Token"}`, readAll(t, res))

	res = f.snsRequest(url.Values{"Action": {"ListTopics"}}, Credentials{}, time.Time{})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Regexp(t, `^<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>`, readAll(t, res))
}

// A key the server does not know, or a key's wrong session token, is
// refused with InvalidClientTokenId (403).
func TestUnknownAccessKeyIsRefusedWithInvalidClientTokenId(t *testing.T) {
	f := newAuthFixture(t)
	unknown := Credentials{AccessKeyID: "AKIDUNKNOWN", SecretAccessKey: keyA.SecretAccessKey}
	res := f.sqsRequest("ListQueues", `{}`, unknown, f.clk.Now())
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, "InvalidClientTokenId;Sender", res.Header.Get("X-Amzn-Query-Error"))
	assert.Contains(t, readAll(t, res), "The security token included in the request is invalid.")

	withToken := keyA
	withToken.SessionToken = "not-issued"
	res = f.snsRequest(url.Values{"Action": {"ListTopics"}}, withToken, f.clk.Now())
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "<Code>InvalidClientTokenId</Code>")
}

// A signature made with another secret is refused with
// SignatureDoesNotMatch (403), whose message shows the canonical request
// the server computed, as AWS's does.
func TestWrongSecretIsRefusedWithSignatureDoesNotMatch(t *testing.T) {
	f := newAuthFixture(t)
	wrong := keyA
	wrong.SecretAccessKey = "not-the-secret"
	res := f.sqsRequest("ListQueues", `{}`, wrong, f.clk.Now())
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, "SignatureDoesNotMatch;Sender", res.Header.Get("X-Amzn-Query-Error"))
	body := readAll(t, res)
	assert.Contains(t, body, "The request signature we calculated does not match the signature you provided.")
	assert.Contains(t, body, `The Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:sqs.us-east-1.amazonaws.com\n`)

	res = f.snsRequest(url.Values{"Action": {"ListTopics"}}, wrong, f.clk.Now())
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "<Code>SignatureDoesNotMatch</Code>")
}

// The request's time stamp must be within 15 minutes of the service's
// clock, not the machine's: a request signed at the virtual time is
// accepted however far that is from the real one, and refused once the
// virtual clock has moved on, with AWS's "Signature expired" message.
func TestStaleTimeStampIsRefusedOnTheServiceClock(t *testing.T) {
	f := newAuthFixture(t)
	signedAt := f.clk.Now()
	res := f.sqsRequest("ListQueues", `{}`, keyA, signedAt)
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))

	f.clk.Advance(15 * time.Minute)
	res = f.sqsRequest("ListQueues", `{}`, keyA, signedAt)
	require.Equal(t, http.StatusOK, res.StatusCode, "15 minutes exactly is still current")

	f.clk.Advance(time.Second)
	res = f.sqsRequest("ListQueues", `{}`, keyA, signedAt)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, "SignatureDoesNotMatch;Sender", res.Header.Get("X-Amzn-Query-Error"))
	assert.Contains(t, readAll(t, res), "Signature expired: 20310506T070809Z is now earlier than 20310506T070810Z (20310506T072310Z - 15 min.)")

	res = f.snsRequest(url.Values{"Action": {"ListTopics"}}, keyA, f.clk.Now().Add(16*time.Minute))
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, readAll(t, res), "Signature not yet current: 20310506T073910Z is still later than 20310506T073810Z (20310506T072310Z + 15 min.)")
}

// A credential scoped to another region or service, or dated another day
// than its time stamp, does not match.
func TestCredentialScopeMustMatchTheRequest(t *testing.T) {
	f := newAuthFixture(t)
	r := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(`{}`))
	r.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	sign(r, `{}`, keyA, "sns", f.clk.Now())
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, rec.Body.String(), "Credential should be scoped to correct service: 'sqs'.")

	r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/eu-west-1/", 1))
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	assert.Contains(t, rec.Body.String(), "Credential should be scoped to a valid region, not 'eu-west-1'.")

	r.Header.Set("X-Amz-Date", f.clk.Now().Add(24*time.Hour).Format(sigV4Stamp))
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	assert.Contains(t, rec.Body.String(), "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20310506' != '20310507'")
}

// A malformed Authorization header is an IncompleteSignature (400) that
// names what is missing.
func TestMalformedAuthorizationIsIncompleteSignature(t *testing.T) {
	f := newAuthFixture(t)
	r := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(`{}`))
	r.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDAAAAAAAAAAAAAAAA/20310506/us-east-1/sqs/aws4_request")
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "IncompleteSignature;Sender", rec.Header().Get("X-Amzn-Query-Error"))
	assert.Contains(t, rec.Body.String(), "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")

	r.Header.Set("Authorization", "AWS AKIDAAAAAAAAAAAAAAAA:c2lnbmF0dXJl")
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "Unsupported AWS 'algorithm': 'AWS'")
}

// A presigned URL (the signature in the query string, as the SDKs'
// presigners write it, with the hash of the empty body) is accepted, and
// its signature covers the query: a changed parameter no longer matches.
func TestPresignedURLIsAccepted(t *testing.T) {
	f := newAuthFixture(t)
	stamp := f.clk.Now().Format(sigV4Stamp)
	q := url.Values{
		"Action": {"CreateTopic"}, "Version": {snsVersion}, "Name": {"presigned"},
		"X-Amz-Algorithm":     {sigV4Algorithm},
		"X-Amz-Credential":    {keyB.AccessKeyID + "/" + stamp[:8] + "/us-east-1/sns/aws4_request"},
		"X-Amz-Date":          {stamp},
		"X-Amz-Expires":       {"900"},
		"X-Amz-SignedHeaders": {"host"},
	}
	r := httptest.NewRequest(http.MethodGet, "http://sns.us-east-1.amazonaws.com/?"+q.Encode(), nil)
	sig := sigV4{scope: stamp[:8] + "/us-east-1/sns/aws4_request", signedHeaders: "host", presigned: true}
	s := signature(keyB.SecretAccessKey, stamp[:8], "us-east-1", "sns", stringToSign(stamp, sig.scope, canonicalRequest(r, nil, sig)))
	q.Set("X-Amz-Signature", hex.EncodeToString(s))

	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://sns.us-east-1.amazonaws.com/?"+q.Encode(), nil))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "arn:aws:sns:us-east-1:222222222222:presigned")

	q.Set("Name", "tampered")
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://sns.us-east-1.amazonaws.com/?"+q.Encode(), nil))
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>SignatureDoesNotMatch</Code>")
}

// A key with a session token is accepted with its token.
func TestSessionTokenIsRequiredWhenConfigured(t *testing.T) {
	clk := sim.NewClock(time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))
	temp := Credentials{AccessKeyID: "ASIATEMP", SecretAccessKey: "s", SessionToken: "token-1"}
	srv := New(WithSQS(sqs.New(sqs.WithClock(clk))), WithCredentials(temp))
	f := &authFixture{t: t, clk: clk, srv: srv}
	res := f.sqsRequest("ListQueues", `{}`, temp, clk.Now())
	require.Equal(t, http.StatusOK, res.StatusCode, readAll(t, res))

	noToken := temp
	noToken.SessionToken = ""
	res = f.sqsRequest("ListQueues", `{}`, noToken, clk.Now())
	assert.Equal(t, "InvalidClientTokenId;Sender", res.Header.Get("X-Amzn-Query-Error"))
}

// Responses carry a Date header from the service's clock, as AWS's do,
// from which the SDKs correct their clock skew before they sign.
func TestResponsesAreDatedByTheServiceClock(t *testing.T) {
	f := newAuthFixture(t)
	res := f.sqsRequest("ListQueues", `{}`, Credentials{}, time.Time{})
	assert.Equal(t, "Tue, 06 May 2031 07:08:09 GMT", res.Header.Get("Date"))
	f.clk.Advance(90 * time.Second)
	res = f.sqsRequest("ListQueues", `{}`, keyA, f.clk.Now())
	assert.Equal(t, "Tue, 06 May 2031 07:09:39 GMT", res.Header.Get("Date"))
}

func TestNewRefusesAccountsItCannotTellApart(t *testing.T) {
	a := sqs.New(sqs.WithAccountID("111111111111"))
	b := sqs.New(sqs.WithAccountID("222222222222"))
	assert.PanicsWithValue(t, "server.New: services of several accounts need WithCredentials, whose keys say which account a request reaches", func() {
		New(WithSQS(a), WithSQS(b))
	})
	assert.PanicsWithValue(t, "server.New: no access key of WithCredentials reaches account 222222222222", func() {
		New(WithSQS(a), WithSQS(b), WithCredentials(keyA))
	})
	assert.PanicsWithValue(t, "server.New: WithCredentials: no service of account 333333333333 is served", func() {
		New(WithSQS(a), WithCredentials(Credentials{AccessKeyID: "k", SecretAccessKey: "s", AccountID: "333333333333"}))
	})
	assert.PanicsWithValue(t, "server.WithSQS: given twice for account 111111111111", func() {
		New(WithSQS(a), WithSQS(sqs.New(sqs.WithAccountID("111111111111"))))
	})
	assert.NotPanics(t, func() {
		// One key's empty AccountID is the first service's account.
		New(WithSQS(a), WithCredentials(Credentials{AccessKeyID: "k", SecretAccessKey: "s"}))
	})
}

// The links in SNS's messages are followed unsigned, as in AWS, even when
// signatures are required: an unsigned Unsubscribe link reaches the
// account its subscription ARN names.
func TestSNSLinksNeedNoSignature(t *testing.T) {
	f := newAuthFixture(t)
	now := f.clk.Now()
	res := f.snsRequest(url.Values{"Action": {"CreateTopic"}, "Name": {"events"}}, keyB, now)
	require.Equal(t, http.StatusOK, res.StatusCode)
	res = f.snsRequest(url.Values{"Action": {"Subscribe"}, "TopicArn": {"arn:aws:sns:us-east-1:222222222222:events"},
		"Protocol": {"sqs"}, "Endpoint": {"arn:aws:sqs:us-east-1:222222222222:q"}}, keyB, now)
	body := readAll(t, res)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	sub := body[strings.Index(body, "<SubscriptionArn>")+len("<SubscriptionArn>") : strings.Index(body, "</SubscriptionArn>")]

	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://awssim/?Action=Unsubscribe&SubscriptionArn="+url.QueryEscape(sub), nil))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	res = f.snsRequest(url.Values{"Action": {"ListSubscriptions"}}, keyB, now)
	assert.NotContains(t, readAll(t, res), "<member>")
}

// SQS's query protocol is signed for service "sqs" and reaches the key's
// account, the queue named by the request's path.
func TestSignedSQSQueryRequestReachesItsKeysAccount(t *testing.T) {
	f := newAuthFixture(t)
	res := f.sqsRequest("CreateQueue", `{"QueueName":"orders"}`, keyA, f.clk.Now())
	require.Equal(t, http.StatusOK, res.StatusCode)

	send := func(key Credentials, service string) *httptest.ResponseRecorder {
		body := url.Values{"Action": {"SendMessage"}, "MessageBody": {"hi"}, "Version": {sqsVersion}}.Encode()
		r := httptest.NewRequest(http.MethodPost, "http://sqs.us-east-1.amazonaws.com/111111111111/orders", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		sign(r, body, key, service, f.clk.Now())
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, r)
		return rec
	}
	rec := send(keyA, "sqs")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<SendMessageResponse")
	rec = send(keyB, "sqs")
	assert.Contains(t, rec.Body.String(), "<Code>AccessDenied</Code>", "another account's queue, which no policy opens")
	rec = send(keyA, "sns")
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Contains(t, rec.Body.String(), `<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: &#39;sqs&#39;.</Message><Detail/></Error>`)
}

// The cost of verifying a signature, beside the same SendMessage request
// unsigned to a server without credentials: run both in one process and
// compare the two sub-benchmarks.
func BenchmarkSignedSendMessage(b *testing.B) {
	clk := sim.NewClock(time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))
	body := `{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/111111111111/q","MessageBody":"order 1042: 3 × widget"}`
	for _, signed := range []bool{false, true} {
		name := "unsigned"
		opts := []Option{}
		if signed {
			name, opts = "signed", append(opts, WithCredentials(keyA))
		}
		b.Run(name, func(b *testing.B) {
			svc := sqs.New(sqs.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID(keyA.AccountID))), sqs.WithInFlightLimit(1<<30))
			if _, err := svc.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: "q"}); err != nil {
				b.Fatal(err)
			}
			srv := New(append(opts, WithSQS(svc))...)
			r := httptest.NewRequest(http.MethodPost, "http://sqs.us-east-1.amazonaws.com/", strings.NewReader(body))
			r.Header.Set("X-Amz-Target", "AmazonSQS.SendMessage")
			r.Header.Set("Content-Type", "application/x-amz-json-1.0")
			if signed {
				sign(r, body, keyA, "sqs", clk.Now())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if i%1024 == 1023 {
					b.StopTimer()
					clk.Advance(sqs.PurgeInterval)
					if _, err := svc.PurgeQueue(context.Background(), &sqs.PurgeQueueInput{QueueUrl: "https://sqs.us-east-1.amazonaws.com/111111111111/q"}); err != nil {
						b.Fatal(err)
					}
					sign(r, body, keyA, "sqs", clk.Now())
					b.StartTimer()
				}
				r.Body = io.NopCloser(strings.NewReader(body))
				w := httptest.NewRecorder() // in both: the ratio is the signature's
				srv.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
