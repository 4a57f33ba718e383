package elb_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// fnWeb is an Application Load Balancer whose HTTP listener on port 80
// forwards to a lambda target group with one function, "fn", whose
// handler the test sets. Every event the function got is kept.
type fnWeb struct {
	t       *testing.T
	clk     *sim.Clock
	fns     *lambda.Service
	svc     *elb.Service
	lb, tg  string // ARNs
	h       http.Handler
	handler lambda.Handler
	events  []albEvent
}

// albEvent is the event of AWS's ALB guide ("Receive events from the
// load balancer"), decoded independently of the package's own type.
type albEvent struct {
	RequestContext struct {
		ELB struct {
			TargetGroupArn string `json:"targetGroupArn"`
		} `json:"elb"`
	} `json:"requestContext"`
	HTTPMethod                      string              `json:"httpMethod"`
	Path                            string              `json:"path"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	Body                            string              `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

const fnARN = "arn:aws:lambda:us-east-1:000000000000:function:fn"

// newFnWeb builds a fnWeb whose function answers reply and takes
// duration in virtual time; multi turns lambda.multi_value_headers on.
func newFnWeb(t *testing.T, multi bool, duration time.Duration, reply string) *fnWeb {
	t.Helper()
	clk := sim.NewClock(start)
	w := &fnWeb{t: t, clk: clk, fns: lambda.New(lambda.WithClock(clk))}
	w.handler = func(context.Context, []byte) ([]byte, error) { return []byte(reply), nil }
	_, err := w.fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "fn", Role: "arn:aws:iam::000000000000:role/fn", Timeout: 10 * time.Second,
		Code: lambda.Code{Duration: lambda.FixedDuration(duration), Handler: func(ctx context.Context, p []byte) ([]byte, error) {
			var e albEvent
			require.NoError(t, json.Unmarshal(p, &e), "%s", p)
			w.events = append(w.events, e)
			return w.handler(ctx, p)
		}},
	})
	require.NoError(t, err)
	w.svc = elb.New(elb.WithLambda(w.fns))
	lb, err := w.svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "fns", Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	w.lb = lb.LoadBalancers[0].LoadBalancerArn
	tg, err := w.svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "fn", TargetType: elb.TargetTypeLambda})
	require.NoError(t, err)
	w.tg = tg.TargetGroups[0].TargetGroupArn
	if multi {
		_, err = w.svc.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{
			TargetGroupArn: w.tg, Attributes: []elb.Attribute{{Key: "lambda.multi_value_headers.enabled", Value: "true"}},
		})
		require.NoError(t, err)
	}
	_, err = w.svc.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{
		LoadBalancerArn: w.lb, Attributes: []elb.Attribute{{Key: "access_logs.s3.enabled", Value: "true"}},
	})
	require.NoError(t, err)
	l, err := w.svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: w.lb, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}},
	})
	require.NoError(t, err)
	_, err = w.svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: w.tg, Targets: []elb.TargetDescription{{Id: fnARN}}})
	require.NoError(t, err)
	w.h, err = w.svc.Handler(l.Listeners[0].ListenerArn)
	require.NoError(t, err)
	return w
}

// do sends r through the listener and returns the response.
func (w *fnWeb) do(r *http.Request) *http.Response {
	w.t.Helper()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	return rec.Result()
}

// lastLog is the access log's last entry.
func (w *fnWeb) lastLog() elb.AccessLogEntry {
	w.t.Helper()
	log := w.svc.Inspect().AccessLog(w.lb)
	require.NotEmpty(w.t, log)
	return log[len(log)-1]
}

const fnOK = `{"statusCode":200,"body":"ok"}`

// The event carries the method, the path, the target group's ARN, the
// headers in lower case with the load balancer's own added, and the
// query string as sent (not URL-decoded); without multi-value headers,
// a header or parameter sent twice has its last value (ALB guide,
// "Receive events from the load balancer" and "Multi-value headers").
func TestLambdaEventCarriesTheRequest(t *testing.T) {
	w := newFnWeb(t, false, time.Millisecond, fnOK)
	r := httptest.NewRequest(http.MethodGet, "/orders/7?tag=a&tag=b&q=x%20y&flag", nil)
	r.Host = "shop.example.com"
	r.Header.Add("Accept", "text/html")
	r.Header.Add("X-Twice", "first")
	r.Header.Add("X-Twice", "second")
	resp := w.do(r)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, w.events, 1)
	e := w.events[0]
	assert.Equal(t, http.MethodGet, e.HTTPMethod)
	assert.Equal(t, "/orders/7", e.Path)
	assert.Equal(t, w.tg, e.RequestContext.ELB.TargetGroupArn)
	assert.Equal(t, map[string]string{"tag": "b", "q": "x%20y", "flag": ""}, e.QueryStringParameters)
	assert.Nil(t, e.MultiValueQueryStringParameters)
	assert.Nil(t, e.MultiValueHeaders)
	assert.Equal(t, "shop.example.com", e.Headers["host"])
	assert.Equal(t, "text/html", e.Headers["accept"])
	assert.Equal(t, "second", e.Headers["x-twice"])
	assert.Equal(t, "80", e.Headers["x-forwarded-port"])
	assert.Equal(t, "http", e.Headers["x-forwarded-proto"])
	assert.Equal(t, "192.0.2.1", e.Headers["x-forwarded-for"])
	assert.True(t, strings.HasPrefix(e.Headers["x-amzn-trace-id"], "Root=1-"), e.Headers["x-amzn-trace-id"])
	for k := range e.Headers {
		assert.Equal(t, strings.ToLower(k), k, "header names are lower case")
	}
	assert.Equal(t, "", e.Body)
	assert.False(t, e.IsBase64Encoded)
}

// With lambda.multi_value_headers.enabled the event has every value of
// each header and query parameter, in the order sent, under
// multiValueHeaders and multiValueQueryStringParameters, and no
// single-value maps (ALB guide, "Multi-value headers").
func TestLambdaEventWithMultiValueHeaders(t *testing.T) {
	w := newFnWeb(t, true, time.Millisecond, fnOK)
	r := httptest.NewRequest(http.MethodGet, "/?tag=a&tag=b", nil)
	r.Header.Add("Cookie", "a=1")
	r.Header.Add("Cookie", "b=2")
	w.do(r)
	require.Len(t, w.events, 1)
	e := w.events[0]
	assert.Nil(t, e.Headers)
	assert.Nil(t, e.QueryStringParameters)
	assert.Equal(t, map[string][]string{"tag": {"a", "b"}}, e.MultiValueQueryStringParameters)
	assert.Equal(t, []string{"a=1", "b=2"}, e.MultiValueHeaders["cookie"])
	assert.Equal(t, []string{"example.com"}, e.MultiValueHeaders["host"])
}

// Header names that differ only in case are one header to a load
// balancer: the event has one lower-case name with the values of all of
// them, merged in the order of their names sorted (so the event is the
// same on every run, whatever Go's map order), the last value of the
// merge in the single-value map.
func TestLambdaEventMergesHeadersDifferingInCase(t *testing.T) {
	for _, multi := range []bool{false, true} {
		w := newFnWeb(t, multi, time.Millisecond, fnOK)
		for range 20 { // map order differs from run to run
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header["X-Tenant"] = []string{"canonical"}
			r.Header["x-tenant"] = []string{"lower"}
			r.Header["X-TENANT"] = []string{"upper"}
			w.do(r)
		}
		require.Len(t, w.events, 20)
		for _, e := range w.events {
			if multi {
				assert.Equal(t, []string{"upper", "canonical", "lower"}, e.MultiValueHeaders["x-tenant"])
			} else {
				assert.Equal(t, "lower", e.Headers["x-tenant"])
			}
		}
	}
}

// A body of a text, JSON, JavaScript or XML type goes as is; any other,
// or a content-encoded one, base64 encoded with isBase64Encoded true
// (ALB guide: "If the content type is not text, the load balancer
// base64-encodes the body").
func TestLambdaEventBodyIsBase64UnlessText(t *testing.T) {
	w := newFnWeb(t, false, time.Millisecond, fnOK)
	binary := []byte{0, 1, 2, 0xff}
	for _, c := range []struct {
		contentType, encoding string
		body                  []byte
		base64                bool
	}{
		{"text/plain; charset=utf-8", "", []byte("hello"), false},
		{"application/json", "", []byte(`{"a":1}`), false},
		{"application/xml", "", []byte("<a/>"), false},
		{"", "", []byte("untyped"), false},
		{"application/octet-stream", "", binary, true},
		{"image/png", "", binary, true},
		{"text/plain", "gzip", []byte("zipped"), true},
	} {
		r := httptest.NewRequest(http.MethodPost, "/upload", strings.NewReader(string(c.body)))
		if c.contentType != "" {
			r.Header.Set("Content-Type", c.contentType)
		}
		if c.encoding != "" {
			r.Header.Set("Content-Encoding", c.encoding)
		}
		w.do(r)
		e := w.events[len(w.events)-1]
		assert.Equal(t, c.base64, e.IsBase64Encoded, c.contentType)
		if c.base64 {
			got, err := base64.StdEncoding.DecodeString(e.Body)
			require.NoError(t, err)
			assert.Equal(t, c.body, got, c.contentType)
		} else {
			assert.Equal(t, string(c.body), e.Body, c.contentType)
		}
		assert.Equal(t, int64(len(c.body)), w.lastLog().ReceivedBytes)
	}
}

// The function's answer becomes the response: its statusCode, headers,
// multiValueHeaders and body, base64-decoded when isBase64Encoded
// (ALB guide, "Respond to the load balancer"); the access log shows the
// function as the target and its status.
func TestLambdaResponseIsConvertedBack(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', 0}
	reply, err := json.Marshal(map[string]any{
		"statusCode": 201, "statusDescription": "201 Created",
		"headers":           map[string]string{"content-type": "image/png", "x-one": "1"},
		"multiValueHeaders": map[string][]string{"set-cookie": {"a=1", "b=2"}},
		"body":              base64.StdEncoding.EncodeToString(png), "isBase64Encoded": true,
	})
	require.NoError(t, err)
	w := newFnWeb(t, false, 40*time.Millisecond, string(reply))
	resp := w.do(httptest.NewRequest(http.MethodGet, "/logo.png", nil))
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.Equal(t, "1", resp.Header.Get("X-One"))
	assert.Equal(t, []string{"a=1", "b=2"}, resp.Header.Values("Set-Cookie"))
	assert.Equal(t, string(png), body(t, resp))

	e := w.lastLog()
	assert.Equal(t, fnARN, e.Target)
	assert.Equal(t, w.tg, e.TargetGroupArn)
	assert.Equal(t, http.StatusCreated, e.ELBStatusCode)
	assert.Equal(t, http.StatusCreated, e.TargetStatusCode)
	assert.Equal(t, 40*time.Millisecond, e.TargetProcessingTime, "the function's duration model")
	assert.Equal(t, "-", e.ErrorReason)

	// A plain text answer with no headers.
	w = newFnWeb(t, false, time.Millisecond, `{"statusCode":404,"body":"no such order"}`)
	resp = w.do(httptest.NewRequest(http.MethodGet, "/orders/9", nil))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, "no such order", body(t, resp))
}

// Response header names differing only in case are one header, taken
// in the sorted order of the names: of headers the last one's value, of
// multiValueHeaders every value, so that the response is the same on
// every run, whatever Go's map order.
func TestLambdaResponseMergesHeadersDifferingInCase(t *testing.T) {
	w := newFnWeb(t, false, time.Millisecond, `{"statusCode":200,"headers":{"x-v":"lower","X-V":"canonical","X-v":"mixed"},"multiValueHeaders":{"x-m":["1"],"X-M":["2"]},"body":""}`)
	for range 20 { // map order differs from run to run
		resp := w.do(httptest.NewRequest(http.MethodGet, "/", nil))
		require.Equal(t, []string{"lower"}, resp.Header.Values("X-V"))
		require.Equal(t, []string{"2", "1"}, resp.Header.Values("X-M"))
	}
}

// A function that fails, is throttled, answers something that is not an
// ALB response, answers more than 1 MB, or does not exist gets the
// client a 502, with the reason in the access log's error_reason and no
// target status; a request body over 1 MB is a 413 and never reaches
// the function (ALB guide: "If the Lambda function ... returns an
// error, the load balancer returns 502"; "Limits"; access log
// error reasons).
func TestLambdaFailuresAre502WithTheirReason(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler lambda.Handler
		reason  string
	}{
		{"unhandled error", func(context.Context, []byte) ([]byte, error) { return nil, errors.New("boom") }, elb.ReasonLambdaUnhandled},
		{"not JSON", answer(`<html>`), elb.ReasonLambdaInvalidResponse},
		{"no statusCode", answer(`{"body":"x"}`), elb.ReasonLambdaInvalidResponse},
		{"statusCode out of range", answer(`{"statusCode":99}`), elb.ReasonLambdaInvalidResponse},
		{"statusCode as string", answer(`{"statusCode":"200"}`), elb.ReasonLambdaInvalidResponse},
		{"bad base64", answer(`{"statusCode":200,"isBase64Encoded":true,"body":"!!"}`), elb.ReasonLambdaInvalidResponse},
		{"over 1 MB", answer(`{"statusCode":200,"body":"` + strings.Repeat("x", elb.MaxLambdaBody) + `"}`), elb.ReasonLambdaResponseTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFnWeb(t, false, time.Millisecond, "")
			w.handler = c.handler
			resp := w.do(httptest.NewRequest(http.MethodGet, "/", nil))
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
			assert.Equal(t, "awselb/2.0", resp.Header.Get("Server"))
			assert.Contains(t, body(t, resp), "502 Bad Gateway")
			e := w.lastLog()
			assert.Equal(t, c.reason, e.ErrorReason)
			assert.Equal(t, http.StatusBadGateway, e.ELBStatusCode)
			assert.Zero(t, e.TargetStatusCode)
			assert.Equal(t, time.Duration(-1), e.TargetProcessingTime)
		})
	}

	t.Run("throttled", func(t *testing.T) {
		w := newFnWeb(t, false, time.Millisecond, fnOK)
		_, err := w.fns.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: "fn", ReservedConcurrentExecutions: 0})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadGateway, w.do(httptest.NewRequest(http.MethodGet, "/", nil)).StatusCode)
		assert.Equal(t, elb.ReasonLambdaThrottling, w.lastLog().ErrorReason)
		assert.Empty(t, w.events)
	})
	t.Run("function deleted", func(t *testing.T) {
		w := newFnWeb(t, false, time.Millisecond, fnOK)
		_, err := w.fns.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: "fn"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadGateway, w.do(httptest.NewRequest(http.MethodGet, "/", nil)).StatusCode)
		assert.Equal(t, elb.ReasonLambdaResourceNotFound, w.lastLog().ErrorReason)
	})
	t.Run("timed out", func(t *testing.T) {
		w := newFnWeb(t, false, 11*time.Second, fnOK) // past its 10 s timeout
		assert.Equal(t, http.StatusBadGateway, w.do(httptest.NewRequest(http.MethodGet, "/", nil)).StatusCode)
		assert.Equal(t, elb.ReasonLambdaUnhandled, w.lastLog().ErrorReason)
	})
	t.Run("request body over 1 MB", func(t *testing.T) {
		w := newFnWeb(t, false, time.Millisecond, fnOK)
		big := strings.Repeat("x", elb.MaxLambdaBody+1)
		resp := w.do(httptest.NewRequest(http.MethodPost, "/", strings.NewReader(big)))
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		assert.Empty(t, w.events)
		assert.Equal(t, http.StatusRequestEntityTooLarge, w.lastLog().ELBStatusCode)
	})
}

// A lambda target group without the Lambda service (no WithLambda) has
// nothing to invoke: 502 LambdaResourceNotFound.
func TestLambdaTargetWithoutLambdaServiceIs502(t *testing.T) {
	svc := elb.New(elb.WithClock(sim.NewClock(start)))
	lb, err := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "fns", Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	lbArn := lb.LoadBalancers[0].LoadBalancerArn
	_, err = svc.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{
		LoadBalancerArn: lbArn, Attributes: []elb.Attribute{{Key: "access_logs.s3.enabled", Value: "true"}},
	})
	require.NoError(t, err)
	tg, err := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "fn", TargetType: elb.TargetTypeLambda})
	require.NoError(t, err)
	tgArn := tg.TargetGroups[0].TargetGroupArn
	l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lbArn, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tgArn}},
	})
	require.NoError(t, err)
	_, err = svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: []elb.TargetDescription{{Id: fnARN}}})
	require.NoError(t, err)
	h, err := svc.Handler(l.Listeners[0].ListenerArn)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusBadGateway, rec.Code)
	log := svc.Inspect().AccessLog(lbArn)
	require.Len(t, log, 1)
	assert.Equal(t, elb.ReasonLambdaResourceNotFound, log[0].ErrorReason)
}

// answer is a handler that returns payload.
func answer(payload string) lambda.Handler {
	return func(context.Context, []byte) ([]byte, error) { return []byte(payload), nil }
}
