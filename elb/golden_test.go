package elb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/golden"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Golden access logs: a small deterministic scenario's access log lines,
// in AWS's formats (AccessLogEntry.String, ClassicAccessLogEntry.String),
// compared with testdata/*.golden. Regenerate with
//
//	go test ./elb -run Golden -update
//
// and review the diff.

// slowOnReport is a backend named name that takes 12 ms, or 90 s on
// /report, past the default 60 s idle timeout.
func slowOnReport(name string) elb.Backend {
	return elb.Backend{Handler: named(name, http.StatusOK), Latency: func(r *http.Request) time.Duration {
		if r.URL.Path == "/report" {
			return 90 * time.Second
		}
		return 12 * time.Millisecond
	}}
}

// sender returns a function that sends r through h from one client
// address and user agent, checks the status the client got, and then
// advances clk by a second.
func sender(t *testing.T, h http.Handler, clk *sim.Clock) func(r *http.Request, want int) {
	return func(r *http.Request, want int) {
		t.Helper()
		r.RemoteAddr = "198.51.100.7:50312"
		r.Header.Set("User-Agent", "golden/1.0")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		require.Equal(t, want, rec.Code, "%s %s", r.Method, r.URL)
		clk.Advance(time.Second)
	}
}

// get is a GET request for target.
func get(target string) *http.Request {
	return httptest.NewRequest(http.MethodGet, target, nil)
}

// albGoldenLog runs the Application Load Balancer scenario and returns
// its access log: a request for every action and for each status the
// load balancer makes (405, 463, 503, 504, 502 from a target and from a
// Lambda function, 460), a second apart.
func albGoldenLog(t *testing.T) string {
	t.Helper()
	clk := sim.NewClock(start)
	fns := lambda.New(lambda.WithClock(clk))
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "orders", Role: "arn:aws:iam::000000000000:role/orders",
		Code: lambda.Code{Duration: lambda.FixedDuration(30 * time.Millisecond), Handler: func(_ context.Context, p []byte) ([]byte, error) {
			if strings.Contains(string(p), `"path":"/fn/fail"`) {
				return nil, errors.New("boom")
			}
			return []byte(`{"statusCode":200,"body":"from lambda"}`), nil
		}},
	})
	require.NoError(t, err)
	w := newWebOn(t, clk, elb.WithLambda(fns))
	w.lbAttrs("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs")

	fn := w.targetGroup("orders", func(in *elb.CreateTargetGroupInput) {
		*in = elb.CreateTargetGroupInput{Name: in.Name, TargetType: elb.TargetTypeLambda}
	})
	w.register(fn, nil, "arn:aws:lambda:us-east-1:000000000000:function:orders")
	empty := w.targetGroup("empty", nil)
	crash := w.targetGroup("crash", nil)
	w.rule(10, fn, path("/fn/*"))
	w.rule(20, empty, path("/empty"))
	w.rule(30, crash, path("/crash"))
	_, err = w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 40, Conditions: []elb.RuleCondition{path("/old/*")},
		Actions: []elb.Action{{Type: elb.ActionRedirect, RedirectConfig: &elb.RedirectActionConfig{Protocol: "HTTPS", Port: "443", Path: "/new/#{path}", StatusCode: "HTTP_301"}}}})
	require.NoError(t, err)
	_, err = w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 50, Conditions: []elb.RuleCondition{path("/ping")},
		Actions: []elb.Action{{Type: elb.ActionFixedResponse, FixedResponseConfig: &elb.FixedResponseActionConfig{StatusCode: "200", ContentType: "text/plain", MessageBody: "pong"}}}})
	require.NoError(t, err)
	w.healthy(w.tg, "i-a", "i-b")
	w.svc.SetBackend("i-a", slowOnReport("i-a"))
	w.svc.SetBackend("i-b", slowOnReport("i-b"))
	w.healthy(crash, "i-crash")
	w.svc.SetBackend("i-crash", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })})

	send := sender(t, w.h, clk)
	send(get("/"), http.StatusOK)
	send(get("/index.html?lang=en"), http.StatusOK)
	send(httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(`{"sku":42}`)), http.StatusOK)
	send(get("/report"), http.StatusGatewayTimeout)
	send(get("http://shop.example.com/old/page?x=1"), http.StatusMovedPermanently)
	send(get("/ping"), http.StatusOK)
	send(get("/fn/orders"), http.StatusOK)
	send(get("/fn/fail"), http.StatusBadGateway)
	send(get("/empty"), http.StatusServiceUnavailable)
	send(get("/crash"), http.StatusBadGateway)
	send(httptest.NewRequest(http.MethodTrace, "/", nil), http.StatusMethodNotAllowed)
	xff := get("/")
	xff.Header.Set("X-Forwarded-For", strings.Repeat("203.0.113.1, ", elb.MaxForwardedFor)+"203.0.113.2")
	send(xff, 463)
	gone, cancel := context.WithCancel(ctx)
	w.svc.SetBackend("i-a", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { cancel() })})
	w.svc.SetBackend("i-b", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { cancel() })})
	send(get("/").WithContext(gone), http.StatusOK) // the recorder's status: nothing was written

	var log strings.Builder
	for _, e := range w.svc.Inspect().AccessLog(w.lb) {
		log.WriteString(e.String() + "\n")
	}
	return log.String()
}

// The Application Load Balancer's access log of the scenario is the same
// on every run and equals testdata/alb-access-log.golden: one line per
// request, in arrival order, in AWS's field order, with the statuses the
// load balancer made and their reasons.
func TestALBAccessLogIsGolden(t *testing.T) {
	got := albGoldenLog(t)
	require.Equal(t, got, albGoldenLog(t), "two runs differ")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	require.Len(t, lines, 13)
	// The scenario did what it describes, line by line.
	for i, want := range map[int]string{
		3:  ` 0.000 -1 -1 504 - `,
		4:  ` 301 - `,
		5:  `"fixed-response"`,
		6:  `function:orders`,
		7:  `"LambdaUnhandled"`,
		8:  ` 503 - `,
		9:  ` 502 - `,
		10: ` 405 - `,
		11: ` 463 - `,
		12: ` 460 - `,
	} {
		assert.Contains(t, lines[i], want, "line %d", i+1)
	}
	golden.Check(t, "alb-access-log.golden", []byte(got))
}

// classicGoldenLog runs the Classic Load Balancer scenario and returns
// its access log: requests to two instances, one slow past the idle
// timeout, one that closes the connection, one malformed, and none in
// service.
func classicGoldenLog(t *testing.T) string {
	t.Helper()
	c := newClassic(t)
	c.accessLog()
	c.inService("i-1", "i-2")
	c.svc.SetBackend("i-1", slowOnReport("i-1"))
	c.svc.SetBackend("i-2", slowOnReport("i-2"))
	send := sender(t, c.h, c.clk)
	send(get("/"), http.StatusOK)
	send(get("/index.html?lang=en"), http.StatusOK)
	send(httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(`{"sku":42}`)), http.StatusOK)
	send(get("/report"), http.StatusGatewayTimeout)
	for _, b := range []struct {
		handler http.HandlerFunc
		want    int
	}{
		{func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }, http.StatusGatewayTimeout},
		{func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(42) }, http.StatusBadGateway},
	} {
		c.svc.SetBackend("i-1", elb.Backend{Handler: b.handler})
		c.svc.SetBackend("i-2", elb.Backend{Handler: b.handler})
		send(get("/"), b.want)
	}
	_, err := c.api.DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: "i-1"}, {InstanceId: "i-2"}}})
	require.NoError(t, err)
	send(get("/"), http.StatusServiceUnavailable)

	var log strings.Builder
	for _, e := range c.svc.Inspect().ClassicAccessLog("shop") {
		log.WriteString(e.String() + "\n")
	}
	return log.String()
}

// The Classic Load Balancer's access log of the scenario is the same on
// every run and equals testdata/classic-access-log.golden, in the
// Classic format (no trace ID, target group or rule fields).
func TestClassicAccessLogIsGolden(t *testing.T) {
	got := classicGoldenLog(t)
	require.Equal(t, got, classicGoldenLog(t), "two runs differ")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	require.Len(t, lines, 7)
	assert.Contains(t, lines[3], ` 0.000 -1 -1 504 - `)
	assert.Contains(t, lines[4], ` -1 -1 504 - `)
	assert.Contains(t, lines[5], ` 502 - `)
	assert.Contains(t, lines[6], ` 198.51.100.7:50312 - `, "no instance in service")
	assert.Contains(t, lines[6], ` -1 -1 503 - `)
	golden.Check(t, "classic-access-log.golden", []byte(got))
}
