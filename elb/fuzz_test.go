package elb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// fuzzCondition builds a rule condition of field from fuzzed parts: kind
// picks which of the condition's forms carries values (a comma-separated
// list; "k=v" pairs for a query string) and name is an http-header
// condition's header name.
func fuzzCondition(field string, kind uint8, values, name string) elb.RuleCondition {
	vs := strings.Split(values, ",")
	c := elb.RuleCondition{Field: field}
	switch kind % 8 {
	case 0:
		c.Values = vs
	case 1:
		c.HostHeaderConfig = &elb.HostHeaderConditionConfig{Values: vs}
	case 2:
		c.PathPatternConfig = &elb.PathPatternConditionConfig{Values: vs}
	case 3:
		c.HttpHeaderConfig = &elb.HttpHeaderConditionConfig{HttpHeaderName: name, Values: vs}
	case 4:
		c.HttpRequestMethodConfig = &elb.HttpRequestMethodConditionConfig{Values: vs}
	case 5:
		var pairs []elb.QueryStringKeyValuePair
		for _, v := range vs {
			k, v, _ := strings.Cut(v, "=")
			pairs = append(pairs, elb.QueryStringKeyValuePair{Key: k, Value: v})
		}
		c.QueryStringConfig = &elb.QueryStringConditionConfig{Values: pairs}
	case 6:
		c.SourceIpConfig = &elb.SourceIpConditionConfig{Values: vs}
	}
	return c
}

// rulesOf is the listener's rules as DescribeRules lists them.
func (w *web) rulesOf() []elb.Rule {
	w.t.Helper()
	out, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(w.t, err)
	return out.Rules
}

// requireAWSError fails t unless err is an *elb.Error with a code, a
// message and a 4xx status.
func requireAWSError(t *testing.T, err error) {
	t.Helper()
	var e *elb.Error
	require.True(t, errors.As(err, &e), "%v (%T) is not an *elb.Error", err, err)
	require.NotEmpty(t, e.Code)
	require.NotEmpty(t, e.Message)
	require.True(t, e.StatusCode >= 400 && e.StatusCode < 500, "status %d of %v", e.StatusCode, err)
}

// fuzzRequest is a request as a server could hand it to a handler, from
// fuzzed parts, without httptest.NewRequest's panics on bad input.
func fuzzRequest(method, urlPath, query, host, headerName, headerValue, remote, body string) *http.Request {
	r := &http.Request{
		Method: method, URL: &url.URL{Path: urlPath, RawQuery: query}, Host: host,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, RemoteAddr: remote,
		Body: http.NoBody, ContentLength: int64(len(body)),
	}
	if body != "" {
		r.Body = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)).Body
	}
	if headerName != "" {
		r.Header[headerName] = []string{headerValue}
	}
	return r
}

// FuzzRuleConditions creates and modifies a rule with an arbitrary
// condition and priority: neither panics; bad input is refused with an
// *elb.Error carrying an AWS code and leaves the rules as they were;
// good input gives a rule that a request is then routed through without
// a panic (package documentation: bad input never panics and never
// changes state).
func FuzzRuleConditions(f *testing.F) {
	f.Add(elb.FieldPathPattern, uint8(2), "/api/*,/v?/x", "", 10, "GET", "/api/x", "")
	f.Add(elb.FieldHostHeader, uint8(1), "*.example.com", "", 1, "GET", "/", "a=b")
	f.Add(elb.FieldHostHeader, uint8(0), "shop.example.com", "", 50000, "GET", "/", "")
	f.Add(elb.FieldHTTPHeader, uint8(3), "Mozilla*", "User-Agent", 7, "POST", "/", "")
	f.Add(elb.FieldHTTPRequestMethod, uint8(4), "GET,HEAD", "", 2, "HEAD", "/", "")
	f.Add(elb.FieldQueryString, uint8(5), "lang=en,=x*", "", 3, "GET", "/", "lang=en")
	f.Add(elb.FieldSourceIP, uint8(6), "192.0.2.0/24,2001:db8::/32", "", 4, "GET", "/", "")
	f.Add(elb.FieldSourceIP, uint8(6), "255.255.255.255/32", "", 4, "GET", "/", "")
	f.Add("cookie", uint8(7), "x", "", 0, "GET", "/", "")
	f.Add(elb.FieldPathPattern, uint8(2), "/a,/b,/c,/d", "", 50001, "GET", "/", "")
	f.Add(elb.FieldPathPattern, uint8(2), "******", "", 5, "GET", "/", "")
	f.Add(elb.FieldHTTPHeader, uint8(3), "v", "bad name", 5, "GET", "/", "")
	f.Fuzz(func(t *testing.T, field string, kind uint8, values, name string, priority int, method, urlPath, query string) {
		w := newWeb(t)
		api := w.targetGroup("api", nil)
		keep := w.rule(elb.MaxPriority, api, path("/kept")) // a rule that must survive
		w.healthy(w.tg, "i-web")
		w.healthy(api, "i-api")
		before := w.rulesOf()
		cond := fuzzCondition(field, kind, values, name)

		_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{
			ListenerArn: w.listener, Priority: priority, Conditions: []elb.RuleCondition{cond},
			Actions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: api}},
		})
		if err != nil {
			requireAWSError(t, err)
			require.Equal(t, before, w.rulesOf(), "a refused CreateRule changed the rules")
		}
		after := w.rulesOf()
		if err == nil {
			require.NotEqual(t, before, after, "CreateRule succeeded and added no rule")
		}
		_, err = w.svc.ModifyRule(ctx, &elb.ModifyRuleInput{RuleArn: keep, Conditions: []elb.RuleCondition{cond}})
		if err != nil {
			requireAWSError(t, err)
			require.Equal(t, after, w.rulesOf(), "a refused ModifyRule changed the rules")
		}

		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, fuzzRequest(method, urlPath, query, "shop.example.com", name, values, "192.0.2.1:1234", ""))
		if rec.Code == http.StatusOK {
			require.Contains(t, []string{"i-web", "i-api"}, rec.Body.String())
		}
	})
}

// FuzzRequests sends arbitrary requests (methods, paths, queries, hosts,
// a header, client addresses and bodies) through an Application Load
// Balancer with a rule of every condition type, to instance targets and
// a Lambda function, and through a Classic Load Balancer: nothing
// panics, every request gets one access log line, and the status is the
// target's or one the load balancer makes.
func FuzzRequests(f *testing.F) {
	f.Add("GET", "/", "", "example.com", "", "", "192.0.2.1:1234", "")
	f.Add("POST", "/fn/orders", "a=1&a=2&b", "shop.example.com", "Content-Type", "application/octet-stream", "192.0.2.1:1234", "\x00\x01")
	f.Add("GET", "/fn/x", "", "", "x-tenant", "a", "[2001:db8::1]:443", "")
	f.Add("TRACE", "/", "", "example.com", "X-Forwarded-For", strings.Repeat("1.1.1.1,", 31), "192.0.2.1:1234", "")
	f.Add("GET", "/api/v2/x", "lang=en", "api.example.com", "User-Agent", "Mozilla/5.0", "198.51.100.7:1", "")
	f.Add("", "", "%zz", ":80", "Host", "evil", "not an address", "")
	f.Add("DELETE", "/\x00/../", "=&=", "a:b:c", "\r\n", "\r\n", "", "body")
	f.Add("GET", "/fn/big", "", "x", "Content-Encoding", "gzip", "1.2.3.4:5", strings.Repeat("z", 100))
	f.Fuzz(func(t *testing.T, method, urlPath, query, host, headerName, headerValue, remote, body string) {
		clk := sim.NewClock(start)
		fns := lambda.New(lambda.WithClock(clk))
		_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: "fn", Role: "arn:aws:iam::000000000000:role/fn",
			Code: lambda.Code{Handler: func(_ context.Context, p []byte) ([]byte, error) {
				if strings.Contains(string(p), "big") {
					return []byte(`{"statusCode":202,"isBase64Encoded":true,"body":"AAEC","multiValueHeaders":{"x-a":["1"],"X-A":["2"]}}`), nil
				}
				return []byte(`{"statusCode":201,"headers":{"content-type":"text/plain"},"body":"fn"}`), nil
			}},
		})
		require.NoError(t, err)
		w := newWebOn(t, clk, elb.WithLambda(fns))
		w.lbAttrs("access_logs.s3.enabled", "true")
		fn := w.targetGroup("fn", func(in *elb.CreateTargetGroupInput) {
			*in = elb.CreateTargetGroupInput{Name: in.Name, TargetType: elb.TargetTypeLambda}
		})
		w.register(fn, nil, "arn:aws:lambda:us-east-1:000000000000:function:fn")
		api := w.targetGroup("api", nil)
		w.rule(1, fn, path("/fn/*"))
		w.rule(2, api, elb.RuleCondition{Field: elb.FieldHostHeader, HostHeaderConfig: &elb.HostHeaderConditionConfig{Values: []string{"api.*"}}})
		w.rule(3, api, elb.RuleCondition{Field: elb.FieldHTTPHeader, HttpHeaderConfig: &elb.HttpHeaderConditionConfig{HttpHeaderName: "User-Agent", Values: []string{"*Mozilla*"}}})
		w.rule(4, api, elb.RuleCondition{Field: elb.FieldHTTPRequestMethod, HttpRequestMethodConfig: &elb.HttpRequestMethodConditionConfig{Values: []string{"DELETE"}}})
		w.rule(5, api, elb.RuleCondition{Field: elb.FieldQueryString, QueryStringConfig: &elb.QueryStringConditionConfig{Values: []elb.QueryStringKeyValuePair{{Key: "lang", Value: "e?"}, {Value: "*x*"}}}})
		w.rule(6, api, elb.RuleCondition{Field: elb.FieldSourceIP, SourceIpConfig: &elb.SourceIpConditionConfig{Values: []string{"198.51.100.0/24", "2001:db8::/32"}}})
		w.healthy(w.tg, "i-web")
		w.healthy(api, "i-api")

		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, fuzzRequest(method, urlPath, query, host, headerName, headerValue, remote, body))
		log := w.svc.Inspect().AccessLog(w.lb)
		require.Len(t, log, 1, "one access log line per request")
		_ = log[0].String()
		switch rec.Code {
		case http.StatusOK:
			require.Contains(t, []string{"i-web", "i-api"}, rec.Body.String())
		case http.StatusCreated:
			require.Equal(t, "fn", rec.Body.String())
		case http.StatusAccepted:
			require.Equal(t, "\x00\x01\x02", rec.Body.String())
			require.Equal(t, []string{"2", "1"}, rec.Result().Header.Values("X-A"))
		case http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusRequestURITooLong,
			http.StatusBadGateway, http.StatusNotImplemented, 463:
		default:
			t.Fatalf("status %d: %s", rec.Code, log[0])
		}

		c := newClassicOn(t, clk)
		c.accessLog()
		c.inService("i-c")
		rec = httptest.NewRecorder()
		c.h.ServeHTTP(rec, fuzzRequest(method, urlPath, query, host, headerName, headerValue, remote, body))
		require.Len(t, c.svc.Inspect().ClassicAccessLog("shop"), 1)
		require.Equal(t, http.StatusOK, rec.Code, "a Classic Load Balancer forwards what it gets")
		clk.Advance(time.Second)
	})
}
