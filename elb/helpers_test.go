package elb_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// start is where every test's clock begins.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var ctx = context.Background()

// web is an Application Load Balancer with an HTTP listener on port 80
// whose default action forwards to one target group, "web", of
// instance targets on port 8080.
type web struct {
	t        *testing.T
	clk      *sim.Clock
	svc      *elb.Service
	lb       string // ARN
	listener string // ARN
	tg       string // ARN
	h        http.Handler
}

// newWeb builds a web with the given options added to the clock.
func newWeb(t *testing.T, opts ...elb.Option) *web {
	t.Helper()
	return newWebOn(t, sim.NewClock(start), opts...)
}

// newWebOn is newWeb on the given clock.
func newWebOn(t *testing.T, clk *sim.Clock, opts ...elb.Option) *web {
	t.Helper()
	svc := elb.New(append([]elb.Option{elb.WithClock(clk)}, opts...)...)
	w := &web{t: t, clk: clk, svc: svc}
	lb, err := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	w.lb = lb.LoadBalancers[0].LoadBalancerArn
	w.tg = w.targetGroup("web", nil)
	l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: w.lb, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}},
	})
	require.NoError(t, err)
	w.listener = l.Listeners[0].ListenerArn
	w.h, err = svc.Handler(w.listener)
	require.NoError(t, err)
	return w
}

// targetGroup creates an HTTP target group on port 8080 with the
// shortest health checks (5 s interval, 2 s timeout, thresholds 2),
// changed by edit when not nil.
func (w *web) targetGroup(name string, edit func(*elb.CreateTargetGroupInput)) string {
	w.t.Helper()
	in := &elb.CreateTargetGroupInput{
		Name: name, Protocol: elb.ProtocolHTTP, Port: 8080,
		HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
	}
	if edit != nil {
		edit(in)
	}
	out, err := w.svc.CreateTargetGroup(ctx, in)
	require.NoError(w.t, err)
	return out.TargetGroups[0].TargetGroupArn
}

// register registers instance targets with tg, each served by handler.
func (w *web) register(tg string, h http.Handler, ids ...string) {
	w.t.Helper()
	var targets []elb.TargetDescription
	for _, id := range ids {
		if h != nil {
			w.svc.SetBackend(id, elb.Backend{Handler: h})
		}
		targets = append(targets, elb.TargetDescription{Id: id})
	}
	_, err := w.svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tg, Targets: targets})
	require.NoError(w.t, err)
}

// attrs sets attributes of the target group tg.
func (w *web) attrs(tg string, kv ...string) {
	w.t.Helper()
	var attrs []elb.Attribute
	for i := 0; i < len(kv); i += 2 {
		attrs = append(attrs, elb.Attribute{Key: kv[i], Value: kv[i+1]})
	}
	_, err := w.svc.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: tg, Attributes: attrs})
	require.NoError(w.t, err)
}

// lbAttrs sets attributes of the load balancer.
func (w *web) lbAttrs(kv ...string) {
	w.t.Helper()
	var attrs []elb.Attribute
	for i := 0; i < len(kv); i += 2 {
		attrs = append(attrs, elb.Attribute{Key: kv[i], Value: kv[i+1]})
	}
	_, err := w.svc.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: w.lb, Attributes: attrs})
	require.NoError(w.t, err)
}

// health returns the state of each target of tg, by ID.
func (w *web) health(tg string) map[string]string {
	w.t.Helper()
	out, err := w.svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg})
	require.NoError(w.t, err)
	states := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		states[d.Target.Id] = d.TargetHealth.State
	}
	return states
}

// get sends a GET for target through the listener and returns the
// response.
func (w *web) get(target string, header ...string) *http.Response {
	w.t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	return rec.Result()
}

// body reads a response's body.
func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// named is a backend that answers with its name and status.
func named(name string, status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, name)
	})
}

// healthy registers ids with a named backend each and advances the clock
// past their first health check.
func (w *web) healthy(tg string, ids ...string) {
	w.t.Helper()
	for _, id := range ids {
		w.register(tg, named(id, http.StatusOK), id)
	}
	w.clk.Advance(5 * time.Second)
	for _, id := range ids {
		require.Equal(w.t, elb.HealthHealthy, w.health(tg)[id], id)
	}
}

// dimension is the value a load balancer's or target group's metrics
// carry for the resource of ARN arn: app/NAME/ID, net/NAME/ID or
// targetgroup/NAME/ID.
func dimension(arn string) string {
	if _, lb, ok := strings.Cut(arn, ":loadbalancer/"); ok {
		return lb
	}
	return arn[strings.LastIndex(arn, ":")+1:]
}
