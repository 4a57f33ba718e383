package elb_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// classicWeb is a Classic Load Balancer "shop" with an HTTP listener on
// port 80 forwarding to instance port 8080, health-checked on
// HTTP:8080/health every 5 s (timeout 2 s, thresholds 2).
type classicWeb struct {
	t   *testing.T
	clk *sim.Clock
	svc *elb.Service
	api *elb.Classic
	h   http.Handler
}

func newClassic(t *testing.T) *classicWeb {
	t.Helper()
	return newClassicOn(t, sim.NewClock(start))
}

// newClassicOn is newClassic on the given clock, with more options.
func newClassicOn(t *testing.T, clk *sim.Clock, opts ...elb.Option) *classicWeb {
	t.Helper()
	svc := elb.New(append([]elb.Option{elb.WithClock(clk)}, opts...)...)
	c := &classicWeb{t: t, clk: clk, svc: svc, api: svc.Classic()}
	_, err := c.api.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{
		LoadBalancerName:  "shop",
		Listeners:         []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 8080}},
		AvailabilityZones: []string{"us-east-1a"},
	})
	require.NoError(t, err)
	_, err = c.api.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: "shop", HealthCheck: elb.ClassicHealthCheck{
		Target: "HTTP:8080/health", Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2,
	}})
	require.NoError(t, err)
	c.h, err = c.api.Handler("shop", 80)
	require.NoError(t, err)
	return c
}

// register sets h as the backend of each instance and registers them.
func (c *classicWeb) register(h http.Handler, ids ...string) {
	c.t.Helper()
	var insts []elb.ClassicInstance
	for _, id := range ids {
		if h != nil {
			c.svc.SetBackend(id, elb.Backend{Handler: h})
		}
		insts = append(insts, elb.ClassicInstance{InstanceId: id})
	}
	_, err := c.api.RegisterInstancesWithLoadBalancer(ctx, &elb.ClassicRegisterInstancesInput{LoadBalancerName: "shop", Instances: insts})
	require.NoError(c.t, err)
}

// inService registers ids with a named backend each and advances past
// the two health checks that put them in service.
func (c *classicWeb) inService(ids ...string) {
	c.t.Helper()
	for _, id := range ids {
		c.register(named(id, http.StatusOK), id)
	}
	c.clk.Advance(10 * time.Second)
	for _, id := range ids {
		require.Equal(c.t, elb.InstanceInService, c.state(id).State, id)
	}
}

func (c *classicWeb) state(id string) elb.ClassicInstanceState {
	c.t.Helper()
	out, err := c.api.DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: id}}})
	require.NoError(c.t, err)
	require.Len(c.t, out.InstanceStates, 1)
	return out.InstanceStates[0]
}

func (c *classicWeb) get(target string) *http.Response {
	c.t.Helper()
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

func (c *classicWeb) modify(a elb.ClassicLoadBalancerAttributes) {
	c.t.Helper()
	_, err := c.api.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "shop", LoadBalancerAttributes: a})
	require.NoError(c.t, err)
}

func (c *classicWeb) accessLog() {
	c.t.Helper()
	c.modify(elb.ClassicLoadBalancerAttributes{AccessLog: &elb.ClassicAccessLog{Enabled: true, S3BucketName: "logs"}})
}

// A new instance is OutOfService ("registration is still in
// progress") until it has passed HealthyThreshold consecutive checks,
// and InService after: here two checks, 5 s apart.
func TestClassicInstanceIsInServiceAfterHealthyThresholdChecks(t *testing.T) {
	c := newClassic(t)
	c.register(named("i-1", http.StatusOK), "i-1")
	require.Equal(t, elb.ClassicInstanceState{
		InstanceId: "i-1", State: elb.InstanceOutOfService, ReasonCode: elb.InstanceReasonELB,
		Description: "Instance registration is still in progress.",
	}, c.state("i-1"))
	require.Equal(t, http.StatusServiceUnavailable, c.get("/").StatusCode)

	c.clk.Advance(5 * time.Second)
	require.Equal(t, elb.ClassicInstanceState{
		InstanceId: "i-1", State: elb.InstanceOutOfService, ReasonCode: elb.InstanceReasonELB,
		Description: "Instance has not passed the configured HealthyThreshold number of health checks consecutively.",
	}, c.state("i-1"))

	c.clk.Advance(5 * time.Second)
	require.Equal(t, elb.ClassicInstanceState{InstanceId: "i-1", State: elb.InstanceInService, ReasonCode: elb.InstanceReasonNone, Description: "N/A"}, c.state("i-1"))
	resp := c.get("/")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "i-1", body(t, resp))
}

// An instance that fails UnhealthyThreshold consecutive checks is
// OutOfService by the instance's fault, and gets no more requests.
func TestClassicInstanceFailingUnhealthyThresholdGoesOutOfService(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1", "i-2")
	c.svc.SetBackend("i-2", elb.Backend{Handler: named("i-2", http.StatusInternalServerError)})
	c.clk.Advance(10 * time.Second)
	require.Equal(t, elb.ClassicInstanceState{
		InstanceId: "i-2", State: elb.InstanceOutOfService, ReasonCode: elb.InstanceReasonInstance,
		Description: "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
	}, c.state("i-2"))
	for range 4 {
		require.Equal(t, "i-1", body(t, c.get("/")))
	}
}

// With no instance in service a Classic Load Balancer answers 503 (it
// has no fail-open), with an empty body and no Server header.
func TestClassicNoHealthyInstanceAnswers503(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1")
	c.svc.SetBackend("i-1", elb.Backend{Handler: named("i-1", http.StatusNotFound)})
	c.clk.Advance(10 * time.Second)
	require.Equal(t, elb.InstanceOutOfService, c.state("i-1").State)

	resp := c.get("/")
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Empty(t, body(t, resp))
	require.Empty(t, resp.Header.Get("Server"))
}

// Seed 003's story: an instance slower than the idle timeout gets the
// client a 504, logged with backend status "-" and backend time -1,
// while the instance itself answered 200. A longer idle timeout lets
// the response through.
func TestClassicInstanceSlowerThanIdleTimeoutAnswers504(t *testing.T) {
	c := newClassic(t)
	c.accessLog()
	var served []int
	report := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/report" {
			elb.ReportLatency(r.Context(), 75*time.Second)
		}
		served = append(served, http.StatusOK)
		io.WriteString(w, "ok")
	})
	c.register(report, "i-1")
	c.clk.Advance(10 * time.Second)
	served = nil

	resp := c.get("/report")
	require.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	require.Empty(t, body(t, resp))
	require.Equal(t, []int{http.StatusOK}, served, "the instance answered 200")
	entries := c.svc.Inspect().ClassicAccessLog("shop")
	require.Len(t, entries, 1)
	e := entries[0]
	require.Equal(t, http.StatusGatewayTimeout, e.ELBStatusCode)
	require.Zero(t, e.BackendStatusCode)
	require.Equal(t, time.Duration(-1), e.BackendProcessingTime)
	require.Equal(t, "i-1:8080", e.Backend)
	require.Contains(t, e.String(), ` i-1:8080 0.000 -1 -1 504 - 0 0 "GET http://example.com:80/report HTTP/1.1" "-" - -`)

	c.modify(elb.ClassicLoadBalancerAttributes{ConnectionSettings: &elb.ClassicConnectionSettings{IdleTimeout: 120}})
	resp = c.get("/report")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	e = c.svc.Inspect().ClassicAccessLog("shop")[1]
	require.Equal(t, 200, e.BackendStatusCode)
	require.Equal(t, 75*time.Second, e.BackendProcessingTime)
}

// A Classic Load Balancer answers 504 when the instance closes the
// connection or nothing listens on it, and 502 for a malformed
// response.
func TestClassicBackendErrorsAnswer504Or502(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1")
	for _, tc := range []struct {
		name    string
		handler http.Handler
		status  int
	}{
		{"closed connection", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), http.StatusGatewayTimeout},
		{"malformed response", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(42) }), http.StatusBadGateway},
		{"nothing listening", nil, http.StatusGatewayTimeout},
	} {
		if tc.handler == nil {
			c.svc.RemoveBackend("i-1")
		} else {
			c.svc.SetBackend("i-1", elb.Backend{Handler: tc.handler})
		}
		require.Equal(t, tc.status, c.get("/").StatusCode, tc.name)
	}
}

// Behind an HTTP listener the instance gets X-Forwarded-For, -Proto and
// -Port, and no X-Amzn-Trace-Id (an Application Load Balancer's);
// behind a TCP listener it gets the request as the client sent it.
func TestClassicForwardedHeaders(t *testing.T) {
	c := newClassic(t)
	_, err := c.api.CreateLoadBalancerListeners(ctx, &elb.ClassicCreateLoadBalancerListenersInput{LoadBalancerName: "shop",
		Listeners: []elb.ClassicListener{{Protocol: "TCP", LoadBalancerPort: 9000, InstancePort: 9000}}})
	require.NoError(t, err)
	var got http.Header
	c.register(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }), "i-1")
	c.clk.Advance(10 * time.Second)

	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "203.0.113.7:51000"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	c.h.ServeHTTP(httptest.NewRecorder(), r)
	require.Equal(t, "198.51.100.1, 203.0.113.7", got.Get("X-Forwarded-For"))
	require.Equal(t, "http", got.Get("X-Forwarded-Proto"))
	require.Equal(t, "80", got.Get("X-Forwarded-Port"))
	require.Empty(t, got.Get("X-Amzn-Trace-Id"))

	tcp, err := c.api.Handler("shop", 9000)
	require.NoError(t, err)
	tcp.ServeHTTP(httptest.NewRecorder(), r)
	require.Equal(t, "198.51.100.1", got.Get("X-Forwarded-For"))
	require.Empty(t, got.Get("X-Forwarded-Port"))
}

// With connection draining enabled a deregistered instance stays
// InService ("deregistration currently in progress") for the timeout,
// gets no new requests, then is not registered; without it, it is gone
// at once.
func TestClassicConnectionDraining(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1", "i-2")
	c.modify(elb.ClassicLoadBalancerAttributes{ConnectionDraining: &elb.ClassicConnectionDraining{Enabled: true, Timeout: 60}})
	out, err := c.api.DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: "i-2"}}})
	require.NoError(t, err)
	require.Equal(t, []elb.ClassicInstance{{InstanceId: "i-1"}}, out.Instances)
	require.Equal(t, elb.ClassicInstanceState{InstanceId: "i-2", State: elb.InstanceInService, ReasonCode: elb.InstanceReasonNone, Description: "Instance deregistration currently in progress."}, c.state("i-2"))
	for range 3 {
		require.Equal(t, "i-1", body(t, c.get("/")))
	}
	c.clk.Advance(60 * time.Second)
	require.Equal(t, "Instance is not currently registered with the LoadBalancer.", c.state("i-2").Description)

	c.modify(elb.ClassicLoadBalancerAttributes{ConnectionDraining: &elb.ClassicConnectionDraining{Enabled: false}})
	_, err = c.api.DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: "i-1"}}})
	require.NoError(t, err)
	require.Equal(t, elb.InstanceOutOfService, c.state("i-1").State)
	_, err = c.api.DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: "i-1"}}})
	require.ErrorIs(t, err, elb.ErrInvalidInstance)
}

// Health checks reach the instance with the Classic user agent on the
// check's port and path; a TCP check sends no request and passes when
// something listens.
func TestClassicHealthChecks(t *testing.T) {
	c := newClassic(t)
	var agents, paths []string
	c.register(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents, paths = append(agents, r.UserAgent()), append(paths, r.Host+r.URL.Path)
	}), "i-1")
	c.clk.Advance(5 * time.Second)
	require.Equal(t, []string{elb.ClassicHealthCheckUserAgent}, agents)
	require.Equal(t, []string{"i-1:8080/health"}, paths)

	_, err := c.api.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: "shop", HealthCheck: elb.ClassicHealthCheck{
		Target: "tcp:8080", Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2,
	}})
	require.NoError(t, err)
	c.clk.Advance(10 * time.Second)
	require.Len(t, agents, 1, "a TCP check sends no request")
	require.Equal(t, elb.InstanceInService, c.state("i-1").State)
	lbs, err := c.api.DescribeLoadBalancers(ctx, &elb.ClassicDescribeLoadBalancersInput{})
	require.NoError(t, err)
	require.Equal(t, "TCP:8080", lbs.LoadBalancerDescriptions[0].HealthCheck.Target)

	c.svc.RemoveBackend("i-1")
	c.clk.Advance(10 * time.Second)
	require.Equal(t, elb.InstanceOutOfService, c.state("i-1").State)
}

// CreateLoadBalancer describes the load balancer as AWS does: the
// default health check is TCP on the first instance port, every 30 s,
// thresholds 2 and 10; attributes start at the API's defaults; creating
// it again with the same listeners returns it, with others fails.
func TestClassicCreateLoadBalancerDefaultsAndIdempotence(t *testing.T) {
	svc := elb.New(elb.WithClock(sim.NewClock(start)))
	api := svc.Classic()
	in := &elb.ClassicCreateLoadBalancerInput{
		LoadBalancerName: "legacy", Subnets: []string{"subnet-1", "subnet-2"}, Scheme: "internal",
		Listeners: []elb.ClassicListener{{Protocol: "http", LoadBalancerPort: 80, InstancePort: 8080}, {Protocol: "HTTPS", LoadBalancerPort: 443, InstancePort: 8080, InstanceProtocol: "HTTP", SSLCertificateId: "cert"}},
	}
	out, err := api.CreateLoadBalancer(ctx, in)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(out.DNSName, "internal-legacy-"), out.DNSName)
	require.True(t, strings.HasSuffix(out.DNSName, ".us-east-1.elb.amazonaws.com"), out.DNSName)
	again, err := api.CreateLoadBalancer(ctx, in)
	require.NoError(t, err)
	require.Equal(t, out.DNSName, again.DNSName)

	lbs, err := api.DescribeLoadBalancers(ctx, &elb.ClassicDescribeLoadBalancersInput{LoadBalancerNames: []string{"legacy"}})
	require.NoError(t, err)
	d := lbs.LoadBalancerDescriptions[0]
	require.Equal(t, elb.ClassicHealthCheck{Target: "TCP:8080", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10}, d.HealthCheck)
	require.Equal(t, []string{"us-east-1a", "us-east-1b"}, d.AvailabilityZones)
	require.Equal(t, "HTTP", d.ListenerDescriptions[0].Listener.InstanceProtocol)
	require.Len(t, d.ListenerDescriptions, 2)
	require.NotEmpty(t, d.VPCId)

	attrs, err := api.DescribeLoadBalancerAttributes(ctx, &elb.ClassicDescribeLoadBalancerAttributesInput{LoadBalancerName: "legacy"})
	require.NoError(t, err)
	require.Equal(t, elb.ClassicLoadBalancerAttributes{
		CrossZoneLoadBalancing: &elb.ClassicCrossZoneLoadBalancing{},
		ConnectionDraining:     &elb.ClassicConnectionDraining{Timeout: 300},
		ConnectionSettings:     &elb.ClassicConnectionSettings{IdleTimeout: 60},
		AccessLog:              &elb.ClassicAccessLog{EmitInterval: 60},
	}, attrs.LoadBalancerAttributes)

	in.Listeners = in.Listeners[:1]
	_, err = api.CreateLoadBalancer(ctx, in)
	require.ErrorIs(t, err, elb.ErrDuplicateLoadBalancerNameException)

	_, err = api.DeleteLoadBalancer(ctx, &elb.ClassicDeleteLoadBalancerInput{LoadBalancerName: "legacy"})
	require.NoError(t, err)
	_, err = api.DeleteLoadBalancer(ctx, &elb.ClassicDeleteLoadBalancerInput{LoadBalancerName: "legacy"})
	require.NoError(t, err, "deleting what does not exist succeeds")
	_, err = api.DescribeLoadBalancers(ctx, &elb.ClassicDescribeLoadBalancersInput{LoadBalancerNames: []string{"legacy"}})
	require.ErrorIs(t, err, elb.ErrLoadBalancerNotFoundException)
}

// Each refused input gets AWS's error code.
func TestClassicValidation(t *testing.T) {
	c := newClassic(t)
	http80 := []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 80}}
	zones := []string{"us-east-1a"}
	for _, tc := range []struct {
		name string
		in   elb.ClassicCreateLoadBalancerInput
		want error
	}{
		{"bad name", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "-x", Listeners: http80, AvailabilityZones: zones}, elb.ErrValidationError},
		{"no listeners", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", AvailabilityZones: zones}, elb.ErrValidationError},
		{"zones and subnets", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", Listeners: http80, AvailabilityZones: zones, Subnets: []string{"subnet-1"}}, elb.ErrValidationError},
		{"no place", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", Listeners: http80}, elb.ErrValidationError},
		{"zone of another region", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", Listeners: http80, AvailabilityZones: []string{"eu-west-1a"}}, elb.ErrValidationError},
		{"internal outside a VPC", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", Listeners: http80, AvailabilityZones: zones, Scheme: "internal"}, elb.ErrInvalidScheme},
		{"HTTP to TCP", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", AvailabilityZones: zones,
			Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 80, InstanceProtocol: "TCP"}}}, elb.ErrInvalidConfigurationRequestException},
		{"HTTPS without a certificate", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", AvailabilityZones: zones,
			Listeners: []elb.ClassicListener{{Protocol: "HTTPS", LoadBalancerPort: 443, InstancePort: 80}}}, elb.ErrValidationError},
		{"two listeners on a port", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", AvailabilityZones: zones,
			Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 80}, {Protocol: "TCP", LoadBalancerPort: 80, InstancePort: 81}}}, elb.ErrDuplicateListenerException},
		{"secure and plain on one instance port", elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "x", AvailabilityZones: zones,
			Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 80}, {Protocol: "HTTPS", LoadBalancerPort: 443, InstancePort: 80, SSLCertificateId: "c"}}}, elb.ErrInvalidConfigurationRequestException},
	} {
		_, err := c.api.CreateLoadBalancer(ctx, &tc.in)
		require.ErrorIs(t, err, tc.want, tc.name)
	}

	for _, tc := range []struct {
		name string
		hc   elb.ClassicHealthCheck
	}{
		{"interval too short", elb.ClassicHealthCheck{Target: "TCP:80", Interval: 4, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2}},
		{"timeout not below interval", elb.ClassicHealthCheck{Target: "TCP:80", Interval: 5, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2}},
		{"threshold too high", elb.ClassicHealthCheck{Target: "TCP:80", Interval: 30, Timeout: 5, UnhealthyThreshold: 11, HealthyThreshold: 2}},
		{"HTTP without a path", elb.ClassicHealthCheck{Target: "HTTP:80", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2}},
		{"TCP with a path", elb.ClassicHealthCheck{Target: "TCP:80/x", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2}},
		{"unknown protocol", elb.ClassicHealthCheck{Target: "UDP:80", Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2}},
	} {
		_, err := c.api.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: "shop", HealthCheck: tc.hc})
		require.ErrorIs(t, err, elb.ErrValidationError, tc.name)
	}

	var e *elb.Error
	_, err := c.api.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "shop",
		LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{AccessLog: &elb.ClassicAccessLog{Enabled: true}}})
	require.ErrorIs(t, err, elb.ErrInvalidConfigurationRequestException)
	require.True(t, errors.As(err, &e))
	require.Equal(t, http.StatusConflict, e.StatusCode, "the Classic API's InvalidConfigurationRequest is a 409")
	_, err = c.api.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "shop",
		LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{ConnectionSettings: &elb.ClassicConnectionSettings{IdleTimeout: 3601}}})
	require.ErrorIs(t, err, elb.ErrValidationError)

	_, err = c.api.RegisterInstancesWithLoadBalancer(ctx, &elb.ClassicRegisterInstancesInput{LoadBalancerName: "shop", Instances: []elb.ClassicInstance{{InstanceId: "web-1"}}})
	require.ErrorIs(t, err, elb.ErrInvalidInstance)
	_, err = c.api.RegisterInstancesWithLoadBalancer(ctx, &elb.ClassicRegisterInstancesInput{LoadBalancerName: "nope", Instances: []elb.ClassicInstance{{InstanceId: "i-1"}}})
	require.ErrorIs(t, err, elb.ErrLoadBalancerNotFoundException)
	_, err = c.api.Handler("shop", 81)
	require.ErrorIs(t, err, elb.ErrListenerNotFoundException)

	for i := range elb.MaxClassicLoadBalancers - 1 {
		_, err := c.api.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "lb" + strconv.Itoa(i), Listeners: http80, AvailabilityZones: zones})
		require.NoError(t, err)
	}
	_, err = c.api.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{LoadBalancerName: "one-more", Listeners: http80, AvailabilityZones: zones})
	require.ErrorIs(t, err, elb.ErrTooManyLoadBalancersException)
}

// Listeners: one of the same settings on a port is no change, another
// is a DuplicateListener; a deleted listener's handler closes the
// connection; deleting a port with no listener passes.
func TestClassicListeners(t *testing.T) {
	c := newClassic(t)
	c.inService("i-1")
	same := []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 8080}}
	_, err := c.api.CreateLoadBalancerListeners(ctx, &elb.ClassicCreateLoadBalancerListenersInput{LoadBalancerName: "shop", Listeners: same})
	require.NoError(t, err)
	_, err = c.api.CreateLoadBalancerListeners(ctx, &elb.ClassicCreateLoadBalancerListenersInput{LoadBalancerName: "shop",
		Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 9090}}})
	require.ErrorIs(t, err, elb.ErrDuplicateListenerException)

	_, err = c.api.DeleteLoadBalancerListeners(ctx, &elb.ClassicDeleteLoadBalancerListenersInput{LoadBalancerName: "shop", LoadBalancerPorts: []int{80, 81}})
	require.NoError(t, err)
	require.PanicsWithValue(t, http.ErrAbortHandler, func() { c.get("/") })
}

// With WithMetrics the load balancer publishes AWS/ELB metrics by
// LoadBalancerName: requests, latency (the idle timeout for a request
// that timed out), backend and ELB status classes, and the healthy and
// unhealthy hosts.
func TestClassicPublishesAWSELBMetrics(t *testing.T) {
	clk := sim.NewClock(start)
	cw := cloudwatch.New(cloudwatch.WithClock(clk))
	c := newClassicOn(t, clk, elb.WithMetrics(cw))
	c.inService("i-1")
	c.svc.SetBackend("i-2", elb.Backend{Handler: named("i-2", http.StatusOK)})
	c.register(nil, "i-2") // registered, not yet in service
	c.svc.SetBackend("i-1", elb.Backend{Handler: named("i-1", http.StatusOK), Latency: func(*http.Request) time.Duration { return 200 * time.Millisecond }})
	for range 3 {
		c.get("/")
	}
	c.svc.SetBackend("i-1", elb.Backend{Handler: named("i-1", http.StatusOK), Latency: func(*http.Request) time.Duration { return 90 * time.Second }})
	c.get("/") // 504: slower than the idle timeout
	c.svc.RemoveBackend("i-1")
	c.get("/") // 504: nothing listens
	clk.Advance(time.Minute)

	sum := func(metric string, stat cloudwatch.Statistic) float64 {
		t.Helper()
		out, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/ELB", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: "shop"}},
			StartTime: start, EndTime: clk.Now(), Period: time.Minute, Statistics: []cloudwatch.Statistic{stat},
		})
		require.NoError(t, err)
		total := 0.0
		for _, p := range out.Datapoints {
			switch stat {
			case cloudwatch.StatisticSum:
				total += *p.Sum
			case cloudwatch.StatisticAverage:
				total = *p.Average
			case cloudwatch.StatisticMaximum:
				total = max(total, *p.Maximum)
			}
		}
		return total
	}
	require.Equal(t, 5.0, sum(elb.MetricRequestCount, cloudwatch.StatisticSum))
	require.Equal(t, 3.0, sum(elb.MetricHTTPCodeBackend2XX, cloudwatch.StatisticSum))
	require.Equal(t, 2.0, sum(elb.MetricHTTPCodeClassicELB5XX, cloudwatch.StatisticSum))
	require.Equal(t, 1.0, sum(elb.MetricBackendConnectionErrors, cloudwatch.StatisticSum))
	// A timed-out request's latency is the idle timeout, which is how
	// AWS tells you to spot one.
	require.Equal(t, 60.0, sum(elb.MetricLatency, cloudwatch.StatisticMaximum))
	require.InDelta(t, (3*0.2+60)/4, sum(elb.MetricLatency, cloudwatch.StatisticAverage), 1e-9)
	require.Equal(t, 1.0, sum(elb.MetricHealthyHostCount, cloudwatch.StatisticMaximum))
	require.Equal(t, 1.0, sum(elb.MetricUnHealthyHostCount, cloudwatch.StatisticMaximum))
}
