package elb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
)

// rule adds a rule forwarding to tg at priority.
func (w *web) rule(priority int, tg string, conds ...elb.RuleCondition) string {
	w.t.Helper()
	out, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{
		ListenerArn: w.listener, Priority: priority, Conditions: conds,
		Actions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tg}},
	})
	require.NoError(w.t, err)
	return out.Rules[0].RuleArn
}

func path(values ...string) elb.RuleCondition {
	return elb.RuleCondition{Field: elb.FieldPathPattern, PathPatternConfig: &elb.PathPatternConditionConfig{Values: values}}
}

// Rules are evaluated in priority order, lowest first, whatever the
// order they were created in; the default rule is last.
func TestRulesAreEvaluatedInPriorityOrder(t *testing.T) {
	w := newWeb(t)
	api := w.targetGroup("api", nil)
	v2 := w.targetGroup("v2", nil)
	w.rule(20, api, path("/api/*"))
	w.rule(10, v2, path("/api/v2/*"))
	w.healthy(w.tg, "i-web")
	w.healthy(api, "i-api")
	w.healthy(v2, "i-v2")

	require.Equal(t, "i-v2", body(t, w.get("/api/v2/orders")))
	require.Equal(t, "i-api", body(t, w.get("/api/v1/orders")))
	require.Equal(t, "i-web", body(t, w.get("/index.html")))

	out, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(t, err)
	var order []string
	for _, r := range out.Rules {
		order = append(order, r.Priority)
	}
	require.Equal(t, []string{"10", "20", "default"}, order)
}

// Wildcards: * matches any run of characters, ? exactly one; host
// headers match case-insensitively, paths case-sensitively; a path
// pattern ignores the query.
func TestConditionWildcards(t *testing.T) {
	w := newWeb(t)
	img := w.targetGroup("img", nil)
	w.rule(1, img,
		elb.RuleCondition{Field: elb.FieldHostHeader, HostHeaderConfig: &elb.HostHeaderConditionConfig{Values: []string{"*.example.com"}}},
		path("/img/??.png"))
	w.healthy(w.tg, "i-web")
	w.healthy(img, "i-img")

	for _, c := range []struct {
		host, target, want string
	}{
		{"cdn.EXAMPLE.com", "/img/ab.png?size=2", "i-img"},
		{"example.com", "/img/ab.png", "i-web"},      // *. needs a label before the dot
		{"cdn.example.com", "/img/abc.png", "i-web"}, // ?? is exactly two
		{"cdn.example.com", "/IMG/ab.png", "i-web"},  // paths are case-sensitive
	} {
		r := httptest.NewRequest(http.MethodGet, c.target, nil)
		r.Host = c.host
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		require.Equal(t, c.want, rec.Body.String(), "%s%s", c.host, c.target)
	}
}

// Header, method, query-string and source-ip conditions.
func TestOtherConditionTypes(t *testing.T) {
	w := newWeb(t)
	beta := w.targetGroup("beta", nil)
	w.rule(1, beta,
		elb.RuleCondition{Field: elb.FieldHTTPHeader, HttpHeaderConfig: &elb.HttpHeaderConditionConfig{HttpHeaderName: "x-channel", Values: []string{"BETA*"}}},
		elb.RuleCondition{Field: elb.FieldHTTPRequestMethod, HttpRequestMethodConfig: &elb.HttpRequestMethodConditionConfig{Values: []string{"GET"}}},
		elb.RuleCondition{Field: elb.FieldQueryString, QueryStringConfig: &elb.QueryStringConditionConfig{Values: []elb.QueryStringKeyValuePair{{Key: "v", Value: "2"}}}},
		elb.RuleCondition{Field: elb.FieldSourceIP, SourceIpConfig: &elb.SourceIpConditionConfig{Values: []string{"192.0.2.0/24"}}},
	)
	w.healthy(w.tg, "i-web")
	w.healthy(beta, "i-beta")
	require.Equal(t, "i-beta", body(t, w.get("/?v=2", "X-Channel", "beta-7")))
	require.Equal(t, "i-web", body(t, w.get("/?v=1", "X-Channel", "beta-7")))
	require.Equal(t, "i-web", body(t, w.get("/?v=2", "X-Channel", "stable")))
}

// A rule beyond AWS's limits is refused with ValidationError, and the
// listener is unchanged.
func TestRuleLimits(t *testing.T) {
	w := newWeb(t)
	for name, conds := range map[string][]elb.RuleCondition{
		"four values":   {path("/a", "/b", "/c", "/d")},
		"six in all":    {path("/a", "/b", "/c"), {Field: elb.FieldHostHeader, Values: []string{"a.example.com", "b.example.com", "c.example.com"}}},
		"six wildcards": {path("/*/*/*"), {Field: elb.FieldHostHeader, Values: []string{"*.*.*.com"}}},
		"two paths":     {path("/a"), path("/b")},
		"bad host":      {{Field: elb.FieldHostHeader, Values: []string{"no_dots"}}},
		"no conditions": nil,
	} {
		_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 1, Conditions: conds,
			Actions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}}})
		require.ErrorIs(t, err, elb.ErrValidationError, name)
	}
	w.rule(1, w.tg, path("/a"))
	_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 1, Conditions: []elb.RuleCondition{path("/b")},
		Actions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}}})
	require.ErrorIs(t, err, elb.ErrPriorityInUseException)
	out, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(t, err)
	require.Len(t, out.Rules, 2)
}

// Round robin sends requests to each healthy target in turn.
func TestRoundRobinTakesTargetsInTurn(t *testing.T) {
	w := newWeb(t)
	w.healthy(w.tg, "i-a", "i-b", "i-c")
	var got []string
	for range 6 {
		got = append(got, body(t, w.get("/")))
	}
	require.Equal(t, []string{"i-a", "i-b", "i-c", "i-a", "i-b", "i-c"}, got)
}

// Least outstanding requests picks the target with the fewest requests
// still in progress in virtual time.
func TestLeastOutstandingRequestsAvoidsBusyTarget(t *testing.T) {
	w := newWeb(t)
	w.attrs(w.tg, "load_balancing.algorithm.type", elb.AlgorithmLeastOutstandingRequests)
	w.healthy(w.tg, "i-a", "i-b")
	w.svc.SetBackend("i-a", elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != elb.HealthCheckUserAgent {
			elb.ReportLatency(r.Context(), 10*time.Second) // its health checks stay quick
		}
		rw.Write([]byte("i-a"))
	})})
	require.Equal(t, "i-a", body(t, w.get("/")))
	for range 3 {
		require.Equal(t, "i-b", body(t, w.get("/"))) // i-a is busy for 10 s
	}
	w.clk.Advance(10 * time.Second) // i-a is free again
	require.ElementsMatch(t, []string{"i-a", "i-b"}, []string{body(t, w.get("/")), body(t, w.get("/"))})
}

// A forward action to several target groups splits traffic by weight;
// a weight of 0 gets nothing.
func TestWeightedForwardSplitsByWeight(t *testing.T) {
	w := newWeb(t)
	blue, green := w.targetGroup("blue", nil), w.targetGroup("green", nil)
	_, err := w.svc.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: w.listener, DefaultActions: []elb.Action{{
		Type: elb.ActionForward,
		ForwardConfig: &elb.ForwardActionConfig{TargetGroups: []elb.TargetGroupTuple{
			{TargetGroupArn: blue, Weight: elb.Int(80)}, {TargetGroupArn: green, Weight: elb.Int(20)}, {TargetGroupArn: w.tg, Weight: elb.Int(0)},
		}},
	}}})
	require.NoError(t, err)
	w.healthy(blue, "i-blue")
	w.healthy(green, "i-green")
	w.healthy(w.tg, "i-web")
	counts := map[string]int{}
	for range 1000 {
		counts[body(t, w.get("/"))]++
	}
	require.InDelta(t, 800, counts["i-blue"], 50)
	require.InDelta(t, 200, counts["i-green"], 50)
	require.Zero(t, counts["i-web"])
}

// With lb_cookie stickiness, the AWSALB cookie keeps a client on its
// target until the cookie's duration has passed.
func TestStickinessCookieKeepsClientOnItsTarget(t *testing.T) {
	w := newWeb(t)
	w.attrs(w.tg, "stickiness.enabled", "true", "stickiness.lb_cookie.duration_seconds", "60")
	w.healthy(w.tg, "i-a", "i-b")
	first := w.get("/")
	require.Equal(t, "i-a", body(t, first))
	var cookie *http.Cookie
	for _, c := range first.Cookies() {
		if c.Name == "AWSALB" {
			cookie = c
		}
	}
	require.NotNil(t, cookie)
	require.Equal(t, start.Add(5*time.Second+time.Minute).Unix(), cookie.Expires.Unix())
	for range 3 {
		require.Equal(t, "i-a", body(t, w.get("/", "Cookie", "AWSALB="+cookie.Value)))
	}
	w.clk.Advance(time.Minute)
	require.Equal(t, "i-b", body(t, w.get("/", "Cookie", "AWSALB="+cookie.Value))) // expired: round robin goes on
}

// When every target is unhealthy the load balancer fails open: it routes
// to all of them.
func TestAllUnhealthyTargetsFailOpen(t *testing.T) {
	w := newWeb(t)
	w.register(w.tg, named("i-a", http.StatusInternalServerError), "i-a")
	w.clk.Advance(10 * time.Second)
	require.Equal(t, elb.HealthUnhealthy, w.health(w.tg)["i-a"])
	resp := w.get("/")
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	require.Equal(t, "i-a", body(t, resp))
}

// A target group with no registered targets gets a 503 from the load
// balancer.
func TestNoRegisteredTargetsIs503(t *testing.T) {
	w := newWeb(t)
	resp := w.get("/")
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Equal(t, "awselb/2.0", resp.Header.Get("Server"))
	require.Contains(t, body(t, resp), "503 Service Temporarily Unavailable")
}

// A target slower than the idle timeout gets the client a 504 at the
// timeout; a target whose connection is refused or closed a 502.
func TestLoadBalancerErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		backend elb.Backend
		want    int
	}{
		{"slower than the idle timeout", elb.Backend{Handler: named("x", 200), Latency: func(*http.Request) time.Duration { return 61 * time.Second }}, http.StatusGatewayTimeout},
		{"panics", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}, http.StatusBadGateway},
		{"aborts", elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })}, http.StatusBadGateway},
		{"malformed status", elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(42) })}, http.StatusBadGateway},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWeb(t)
			w.healthy(w.tg, "i-a")
			w.svc.SetBackend("i-a", c.backend)
			require.Equal(t, c.want, w.get("/").StatusCode)
		})
	}
	t.Run("nothing listens", func(t *testing.T) {
		w := newWeb(t)
		w.healthy(w.tg, "i-a")
		w.svc.RemoveBackend("i-a")
		require.Equal(t, http.StatusBadGateway, w.get("/").StatusCode)
	})
}

// A client that gives up before the target answers gets nothing; the
// access log says 460.
func TestClientClosingFirstIs460(t *testing.T) {
	w := newWeb(t)
	w.lbAttrs("access_logs.s3.enabled", "true")
	w.healthy(w.tg, "i-a")
	c, cancel := context.WithCancel(ctx)
	w.svc.SetBackend("i-a", elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { cancel() })})
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(c))
	log := w.svc.Inspect().AccessLog(w.lb)
	require.Equal(t, 460, log[len(log)-1].ELBStatusCode)
}

// More than 30 addresses in X-Forwarded-For is refused with 463;
// otherwise the load balancer appends the client's.
func TestForwardedHeaders(t *testing.T) {
	w := newWeb(t)
	var seen http.Header
	w.healthy(w.tg, "i-a")
	w.svc.SetBackend("i-a", elb.Backend{Handler: http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r.Header.Clone() })})
	require.Equal(t, http.StatusOK, w.get("/", "X-Forwarded-For", "203.0.113.7").StatusCode)
	require.Equal(t, "203.0.113.7, 192.0.2.1", seen.Get("X-Forwarded-For"))
	require.Equal(t, "http", seen.Get("X-Forwarded-Proto"))
	require.Equal(t, "80", seen.Get("X-Forwarded-Port"))
	require.Regexp(t, `^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$`, seen.Get("X-Amzn-Trace-Id"))

	many := strings.Repeat("198.51.100.1, ", 30) + "198.51.100.2"
	require.Equal(t, 463, w.get("/", "X-Forwarded-For", many).StatusCode)
}

// A redirect fills in the #{…} keywords; a fixed response is the load
// balancer's own.
func TestRedirectAndFixedResponse(t *testing.T) {
	w := newWeb(t)
	_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 1, Conditions: []elb.RuleCondition{path("/old/*")},
		Actions: []elb.Action{{Type: elb.ActionRedirect, RedirectConfig: &elb.RedirectActionConfig{
			Protocol: "HTTPS", Port: "443", Path: "/new/#{path}", StatusCode: "HTTP_301",
		}}}})
	require.NoError(t, err)
	_, err = w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 2, Conditions: []elb.RuleCondition{path("/health")},
		Actions: []elb.Action{{Type: elb.ActionFixedResponse, FixedResponseConfig: &elb.FixedResponseActionConfig{
			StatusCode: "200", ContentType: "text/plain", MessageBody: "ok",
		}}}})
	require.NoError(t, err)

	resp := w.get("http://shop.example.com/old/page?x=1")
	require.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	require.Equal(t, "https://shop.example.com/new/old/page?x=1", resp.Header.Get("Location"))

	resp = w.get("/health")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "ok", body(t, resp))
	require.Equal(t, "text/plain", resp.Header.Get("Content-Type"))
}

// The access log shows a 504 the way an operator reads it: the target's
// processing time -1 and its status "-".
func TestAccessLogOf504(t *testing.T) {
	w := newWeb(t)
	w.lbAttrs("access_logs.s3.enabled", "true", "access_logs.s3.bucket", "logs")
	w.healthy(w.tg, "i-a")
	w.svc.SetBackend("i-a", elb.Backend{Handler: named("x", 200), Latency: func(*http.Request) time.Duration { return 90 * time.Second }})
	require.Equal(t, http.StatusGatewayTimeout, w.get("/report").StatusCode)
	log := w.svc.Inspect().AccessLog(w.lb)
	require.Len(t, log, 1)
	e := log[0]
	require.Equal(t, 504, e.ELBStatusCode)
	require.Zero(t, e.TargetStatusCode)
	require.Equal(t, time.Duration(-1), e.TargetProcessingTime)
	require.Equal(t, start.Add(5*time.Second+elb.DefaultIdleTimeout), e.Time)
	require.Contains(t, e.String(), " i-a:8080 0.000 -1 -1 504 - ")
}
