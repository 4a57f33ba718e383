package sdktest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awselb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	classictypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	awselbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// elbEnv is the real Elastic Load Balancing v2 and Classic clients (the
// query protocol) over the in-process server.
type elbEnv struct {
	clk     *sim.Clock
	lbs     *elb.Service
	client  *awselbv2.Client
	classic *awselb.Client
}

func newELBEnv(t *testing.T) *elbEnv {
	t.Helper()
	clk := sim.NewClock(start)
	lbs := elb.New(elb.WithClock(clk))
	srv := server.New(server.WithELB(lbs))
	cfg := sdkConfig(t)
	return &elbEnv{
		clk: clk, lbs: lbs,
		client: awselbv2.NewFromConfig(cfg, func(o *awselbv2.Options) {
			o.BaseEndpoint = aws.String("http://awssim")
			o.HTTPClient = srv.Client()
		}),
		classic: awselb.NewFromConfig(cfg, func(o *awselb.Options) {
			o.BaseEndpoint = aws.String("http://awssim")
			o.HTTPClient = srv.Client()
		}),
	}
}

// serve starts a web server at target ID id, answering every path.
func (e *elbEnv) serve(id string) {
	e.lbs.SetBackend(id, elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s served %s", id, r.URL.Path)
	})})
}

// A load balancer, a target group and a listener forwarding to it are
// made with the SDK; registered targets are initial until their health
// checks pass on the virtual clock, then healthy, and the load balancer
// serves requests from them.
func TestELBLoadBalancerTargetGroupListenerAndTargetHealth(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	lb, err := e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{
		Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"},
		Tags: []elbtypes.Tag{{Key: aws.String("team"), Value: aws.String("shop")}},
	})
	require.NoError(t, err)
	require.Len(t, lb.LoadBalancers, 1)
	lbArn := aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	assert.Contains(t, lbArn, ":loadbalancer/app/shop/")
	assert.Equal(t, elbtypes.LoadBalancerTypeEnumApplication, lb.LoadBalancers[0].Type)
	assert.Equal(t, elbtypes.LoadBalancerSchemeEnumInternetFacing, lb.LoadBalancers[0].Scheme)
	assert.Len(t, lb.LoadBalancers[0].AvailabilityZones, 2)
	assert.Equal(t, start, aws.ToTime(lb.LoadBalancers[0].CreatedTime).UTC())

	tg, err := e.client.CreateTargetGroup(ctx, &awselbv2.CreateTargetGroupInput{
		Name: aws.String("web"), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080), VpcId: aws.String("vpc-1"),
		HealthCheckPath: aws.String("/health"), HealthCheckIntervalSeconds: aws.Int32(10), HealthyThresholdCount: aws.Int32(2),
		Matcher: &elbtypes.Matcher{HttpCode: aws.String("200")},
	})
	require.NoError(t, err)
	tgArn := aws.ToString(tg.TargetGroups[0].TargetGroupArn)
	assert.Equal(t, "/health", aws.ToString(tg.TargetGroups[0].HealthCheckPath))
	assert.Equal(t, int32(10), aws.ToInt32(tg.TargetGroups[0].HealthCheckIntervalSeconds))
	assert.Equal(t, "200", aws.ToString(tg.TargetGroups[0].Matcher.HttpCode))

	l, err := e.client.CreateListener(ctx, &awselbv2.CreateListenerInput{
		LoadBalancerArn: aws.String(lbArn), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgArn)}},
	})
	require.NoError(t, err)
	listenerArn := aws.ToString(l.Listeners[0].ListenerArn)
	require.Len(t, l.Listeners[0].DefaultActions, 1)
	assert.Equal(t, tgArn, aws.ToString(l.Listeners[0].DefaultActions[0].TargetGroupArn))

	for _, id := range []string{"i-0a", "i-0b"} {
		e.serve(id)
	}
	_, err = e.client.RegisterTargets(ctx, &awselbv2.RegisterTargetsInput{
		TargetGroupArn: aws.String(tgArn), Targets: []elbtypes.TargetDescription{{Id: aws.String("i-0a")}, {Id: aws.String("i-0b")}},
	})
	require.NoError(t, err)
	health, err := e.client.DescribeTargetHealth(ctx, &awselbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgArn)})
	require.NoError(t, err)
	require.Len(t, health.TargetHealthDescriptions, 2)
	for _, d := range health.TargetHealthDescriptions {
		assert.Equal(t, elbtypes.TargetHealthStateEnumInitial, d.TargetHealth.State)
		assert.Equal(t, elbtypes.TargetHealthReasonEnumRegistrationInProgress, d.TargetHealth.Reason)
		assert.Equal(t, int32(8080), aws.ToInt32(d.Target.Port))
	}

	e.clk.Advance(time.Minute)
	health, err = e.client.DescribeTargetHealth(ctx, &awselbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgArn)})
	require.NoError(t, err)
	for _, d := range health.TargetHealthDescriptions {
		assert.Equal(t, elbtypes.TargetHealthStateEnumHealthy, d.TargetHealth.State, aws.ToString(d.Target.Id))
	}

	h, err := e.lbs.Handler(listenerArn)
	require.NoError(t, err)
	rec := get(h, "/cart")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), "served /cart")

	tags, err := e.client.DescribeTags(ctx, &awselbv2.DescribeTagsInput{ResourceArns: []string{lbArn}})
	require.NoError(t, err)
	require.Len(t, tags.TagDescriptions, 1)
	assert.Equal(t, "shop", aws.ToString(tags.TagDescriptions[0].Tags[0].Value))
}

// Rules route by condition to their actions; DescribeRules returns them
// with the listener's default rule, and SetRulePriorities reorders them.
func TestELBRulesAndPriorities(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	lb, err := e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"}})
	require.NoError(t, err)
	l, err := e.client.CreateListener(ctx, &awselbv2.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
			StatusCode: aws.String("404"), ContentType: aws.String("text/plain"), MessageBody: aws.String("nothing here"),
		}}},
	})
	require.NoError(t, err)
	listenerArn := l.Listeners[0].ListenerArn
	var ruleArns []string
	for i, path := range []string{"/api/*", "/old/*"} {
		r, err := e.client.CreateRule(ctx, &awselbv2.CreateRuleInput{
			ListenerArn: listenerArn, Priority: aws.Int32(int32(10 * (i + 1))),
			Conditions: []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{path}}}},
			Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect, RedirectConfig: &elbtypes.RedirectActionConfig{
				Path: aws.String("/v2" + path[:len(path)-2]), StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp301,
			}}},
		})
		require.NoError(t, err)
		ruleArns = append(ruleArns, aws.ToString(r.Rules[0].RuleArn))
	}
	_, err = e.client.SetRulePriorities(ctx, &awselbv2.SetRulePrioritiesInput{RulePriorities: []elbtypes.RulePriorityPair{
		{RuleArn: aws.String(ruleArns[0]), Priority: aws.Int32(30)},
	}})
	require.NoError(t, err)
	rules, err := e.client.DescribeRules(ctx, &awselbv2.DescribeRulesInput{ListenerArn: listenerArn})
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range rules.Rules {
		got[aws.ToString(r.Priority)] = aws.ToString(r.RuleArn)
		if aws.ToBool(r.IsDefault) {
			assert.Equal(t, "nothing here", aws.ToString(r.Actions[0].FixedResponseConfig.MessageBody))
		}
	}
	assert.Equal(t, ruleArns[1], got["20"])
	assert.Equal(t, ruleArns[0], got["30"])
	assert.Contains(t, got, "default")

	h, err := e.lbs.Handler(aws.ToString(listenerArn))
	require.NoError(t, err)
	rec := get(h, "/api/cart")
	assert.Equal(t, http.StatusMovedPermanently, rec.Code)
	loc, err := url.Parse(rec.Header().Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "/v2/api", loc.Path)
}

// Describe operations page with PageSize, Marker and NextMarker, which
// the SDK's paginator follows.
func TestELBDescribeTargetGroupsPages(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	for i := range 5 {
		_, err := e.client.CreateTargetGroup(ctx, &awselbv2.CreateTargetGroupInput{
			Name: aws.String(fmt.Sprintf("web-%d", i)), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80), VpcId: aws.String("vpc-1"),
		})
		require.NoError(t, err)
	}
	p := awselbv2.NewDescribeTargetGroupsPaginator(e.client, &awselbv2.DescribeTargetGroupsInput{PageSize: aws.Int32(2)})
	var names []string
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		require.NoError(t, err)
		for _, tg := range page.TargetGroups {
			names = append(names, aws.ToString(tg.TargetGroupName))
		}
		pages++
	}
	assert.Equal(t, 3, pages)
	assert.ElementsMatch(t, []string{"web-0", "web-1", "web-2", "web-3", "web-4"}, names)
}

// Errors are the SDK's typed errors: LoadBalancerNotFound,
// TargetGroupNotFound, DuplicateLoadBalancerName, ValidationError (which
// has no shape of its own, only its code).
func TestELBErrorsAreTheSDKsTypedErrors(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	_, err := e.client.DescribeLoadBalancers(ctx, &awselbv2.DescribeLoadBalancersInput{Names: []string{"missing"}})
	var lbNotFound *elbtypes.LoadBalancerNotFoundException
	require.True(t, errors.As(err, &lbNotFound), "%v", err)
	assert.Equal(t, "LoadBalancerNotFound", lbNotFound.ErrorCode())

	_, err = e.client.DescribeTargetHealth(ctx, &awselbv2.DescribeTargetHealthInput{
		TargetGroupArn: aws.String("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/missing/0123456789abcdef"),
	})
	var tgNotFound *elbtypes.TargetGroupNotFoundException
	require.True(t, errors.As(err, &tgNotFound), "%v", err)

	_, err = e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"}})
	require.NoError(t, err)
	_, err = e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Type: elbtypes.LoadBalancerTypeEnumNetwork, Subnets: []string{"subnet-a"}})
	var duplicate *elbtypes.DuplicateLoadBalancerNameException
	require.True(t, errors.As(err, &duplicate), "%v", err)

	_, err = e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("-bad-"), Subnets: []string{"subnet-a", "subnet-b"}})
	var apiErr interface{ ErrorCode() string }
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, "ValidationError", apiErr.ErrorCode())
}

// The Classic Load Balancer API (Version 2012-06-01): a load balancer
// with a listener and a health check, instances registered and
// InService once their checks pass, and its typed errors.
func TestELBClassicLoadBalancerInstanceHealth(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	out, err := e.classic.CreateLoadBalancer(ctx, &awselb.CreateLoadBalancerInput{
		LoadBalancerName: aws.String("legacy"), AvailabilityZones: []string{"us-east-1a"},
		Listeners: []classictypes.Listener{{Protocol: aws.String("HTTP"), LoadBalancerPort: 80, InstanceProtocol: aws.String("HTTP"), InstancePort: aws.Int32(8080)}},
	})
	require.NoError(t, err)
	assert.Contains(t, aws.ToString(out.DNSName), "legacy")

	hc, err := e.classic.ConfigureHealthCheck(ctx, &awselb.ConfigureHealthCheckInput{LoadBalancerName: aws.String("legacy"), HealthCheck: &classictypes.HealthCheck{
		Target: aws.String("HTTP:8080/health"), Interval: aws.Int32(10), Timeout: aws.Int32(5), HealthyThreshold: aws.Int32(2), UnhealthyThreshold: aws.Int32(2),
	}})
	require.NoError(t, err)
	assert.Equal(t, "HTTP:8080/health", aws.ToString(hc.HealthCheck.Target))

	e.serve("i-0a")
	reg, err := e.classic.RegisterInstancesWithLoadBalancer(ctx, &awselb.RegisterInstancesWithLoadBalancerInput{
		LoadBalancerName: aws.String("legacy"), Instances: []classictypes.Instance{{InstanceId: aws.String("i-0a")}, {InstanceId: aws.String("i-0b")}},
	})
	require.NoError(t, err)
	assert.Len(t, reg.Instances, 2)
	e.clk.Advance(time.Minute)

	health, err := e.classic.DescribeInstanceHealth(ctx, &awselb.DescribeInstanceHealthInput{LoadBalancerName: aws.String("legacy")})
	require.NoError(t, err)
	states := map[string]string{}
	for _, s := range health.InstanceStates {
		states[aws.ToString(s.InstanceId)] = aws.ToString(s.State)
	}
	assert.Equal(t, map[string]string{"i-0a": "InService", "i-0b": "OutOfService"}, states)

	described, err := e.classic.DescribeLoadBalancers(ctx, &awselb.DescribeLoadBalancersInput{LoadBalancerNames: []string{"legacy"}})
	require.NoError(t, err)
	require.Len(t, described.LoadBalancerDescriptions, 1)
	d := described.LoadBalancerDescriptions[0]
	require.Len(t, d.ListenerDescriptions, 1)
	assert.Equal(t, int32(80), d.ListenerDescriptions[0].Listener.LoadBalancerPort)
	assert.Len(t, d.Instances, 2)
	assert.Equal(t, int32(10), aws.ToInt32(d.HealthCheck.Interval))

	attrs, err := e.classic.ModifyLoadBalancerAttributes(ctx, &awselb.ModifyLoadBalancerAttributesInput{
		LoadBalancerName:       aws.String("legacy"),
		LoadBalancerAttributes: &classictypes.LoadBalancerAttributes{ConnectionSettings: &classictypes.ConnectionSettings{IdleTimeout: aws.Int32(120)}},
	})
	require.NoError(t, err)
	assert.Equal(t, int32(120), aws.ToInt32(attrs.LoadBalancerAttributes.ConnectionSettings.IdleTimeout))

	_, err = e.classic.DescribeInstanceHealth(ctx, &awselb.DescribeInstanceHealthInput{LoadBalancerName: aws.String("missing")})
	var notFound *classictypes.AccessPointNotFoundException
	require.True(t, errors.As(err, &notFound), "%v", err)
	assert.Equal(t, "LoadBalancerNotFound", notFound.ErrorCode())
	_, err = e.classic.CreateLoadBalancer(ctx, &awselb.CreateLoadBalancerInput{
		LoadBalancerName: aws.String("legacy"), AvailabilityZones: []string{"us-east-1b"},
		Listeners: []classictypes.Listener{{Protocol: aws.String("HTTP"), LoadBalancerPort: 81, InstancePort: aws.Int32(8080)}},
	})
	var duplicate *classictypes.DuplicateAccessPointNameException
	require.True(t, errors.As(err, &duplicate), "%v", err)
}

// get sends GET path to a load balancer's listener handler.
func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://shop.example.com"+path, nil))
	return rec
}

// With WithCredentials, the ELB clients sign for elasticloadbalancing
// and each key reaches its own account's load balancers; a client without
// credentials is refused.
func TestELBAccountsAreKeptApartBySignature(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	opts := []server.Option{server.WithCredentials(keyA, keyB)}
	for _, id := range []string{keyA.AccountID, keyB.AccountID} {
		opts = append(opts, server.WithELB(elb.New(elb.WithAccount(cloud.New(cloud.WithClock(clk), cloud.WithAccountID(id))))))
	}
	srv := server.New(opts...)
	env := &authEnv{clk: clk, srv: srv}
	client := func(creds aws.CredentialsProvider) *awselbv2.Client {
		return awselbv2.NewFromConfig(env.config(t, creds), func(o *awselbv2.Options) {
			o.BaseEndpoint = aws.String("http://awssim")
			o.HTTPClient = srv.Client()
		})
	}
	a, b := client(static(keyA)), client(static(keyB))
	out, err := a.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"}})
	require.NoError(t, err)
	assert.Contains(t, aws.ToString(out.LoadBalancers[0].LoadBalancerArn), ":"+keyA.AccountID+":")

	_, err = b.DescribeLoadBalancers(ctx, &awselbv2.DescribeLoadBalancersInput{Names: []string{"shop"}})
	var notFound *elbtypes.LoadBalancerNotFoundException
	require.True(t, errors.As(err, &notFound), "%v", err)
	_, err = b.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"}})
	require.NoError(t, err, "the name is free in account B")

	_, err = client(aws.AnonymousCredentials{}).DescribeLoadBalancers(ctx, &awselbv2.DescribeLoadBalancersInput{})
	var apiErr smithy.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, "MissingAuthenticationToken", apiErr.ErrorCode())
}

// Every ELB v2 operation through the SDK, in the order a deployment
// uses them and tears them down: attributes, listeners, rules, target
// groups, targets and tags are changed and read back.
func TestELBEveryOperationRoundTrips(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	lb, err := e.client.CreateLoadBalancer(ctx, &awselbv2.CreateLoadBalancerInput{Name: aws.String("shop"), Subnets: []string{"subnet-a", "subnet-b"}})
	require.NoError(t, err)
	lbArn := lb.LoadBalancers[0].LoadBalancerArn

	lbAttrs, err := e.client.ModifyLoadBalancerAttributes(ctx, &awselbv2.ModifyLoadBalancerAttributesInput{
		LoadBalancerArn: lbArn, Attributes: []elbtypes.LoadBalancerAttribute{{Key: aws.String("idle_timeout.timeout_seconds"), Value: aws.String("120")}},
	})
	require.NoError(t, err)
	assert.Contains(t, lbAttrs.Attributes, elbtypes.LoadBalancerAttribute{Key: aws.String("idle_timeout.timeout_seconds"), Value: aws.String("120")})
	described, err := e.client.DescribeLoadBalancerAttributes(ctx, &awselbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lbArn})
	require.NoError(t, err)
	assert.Equal(t, lbAttrs.Attributes, described.Attributes)

	tg, err := e.client.CreateTargetGroup(ctx, &awselbv2.CreateTargetGroupInput{
		Name: aws.String("web"), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080), VpcId: aws.String("vpc-1"),
	})
	require.NoError(t, err)
	tgArn := tg.TargetGroups[0].TargetGroupArn
	modified, err := e.client.ModifyTargetGroup(ctx, &awselbv2.ModifyTargetGroupInput{
		TargetGroupArn: tgArn, HealthCheckPath: aws.String("/ping"), HealthyThresholdCount: aws.Int32(3),
	})
	require.NoError(t, err)
	assert.Equal(t, "/ping", aws.ToString(modified.TargetGroups[0].HealthCheckPath))
	assert.Equal(t, int32(3), aws.ToInt32(modified.TargetGroups[0].HealthyThresholdCount))
	tgAttrs, err := e.client.ModifyTargetGroupAttributes(ctx, &awselbv2.ModifyTargetGroupAttributesInput{
		TargetGroupArn: tgArn, Attributes: []elbtypes.TargetGroupAttribute{{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("10")}},
	})
	require.NoError(t, err)
	tgDescribed, err := e.client.DescribeTargetGroupAttributes(ctx, &awselbv2.DescribeTargetGroupAttributesInput{TargetGroupArn: tgArn})
	require.NoError(t, err)
	assert.Equal(t, tgAttrs.Attributes, tgDescribed.Attributes)
	assert.Contains(t, tgDescribed.Attributes, elbtypes.TargetGroupAttribute{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("10")})

	l, err := e.client.CreateListener(ctx, &awselbv2.CreateListenerInput{
		LoadBalancerArn: lbArn, Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
			TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: tgArn, Weight: aws.Int32(5)}},
		}}},
	})
	require.NoError(t, err)
	listenerArn := l.Listeners[0].ListenerArn
	ml, err := e.client.ModifyListener(ctx, &awselbv2.ModifyListenerInput{ListenerArn: listenerArn, Port: aws.Int32(8000)})
	require.NoError(t, err)
	assert.Equal(t, int32(8000), aws.ToInt32(ml.Listeners[0].Port))
	listeners, err := e.client.DescribeListeners(ctx, &awselbv2.DescribeListenersInput{LoadBalancerArn: lbArn})
	require.NoError(t, err)
	require.Len(t, listeners.Listeners, 1)
	fwd := listeners.Listeners[0].DefaultActions[0].ForwardConfig
	require.NotNil(t, fwd)
	assert.Equal(t, int32(5), aws.ToInt32(fwd.TargetGroups[0].Weight))

	rule, err := e.client.CreateRule(ctx, &awselbv2.CreateRuleInput{
		ListenerArn: listenerArn, Priority: aws.Int32(5),
		Conditions: []elbtypes.RuleCondition{{Field: aws.String("http-header"), HttpHeaderConfig: &elbtypes.HttpHeaderConditionConfig{
			HttpHeaderName: aws.String("X-Beta"), Values: []string{"on"},
		}}},
		Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tgArn}},
	})
	require.NoError(t, err)
	ruleArn := rule.Rules[0].RuleArn
	mr, err := e.client.ModifyRule(ctx, &awselbv2.ModifyRuleInput{RuleArn: ruleArn, Conditions: []elbtypes.RuleCondition{{
		Field: aws.String("query-string"), QueryStringConfig: &elbtypes.QueryStringConditionConfig{Values: []elbtypes.QueryStringKeyValuePair{{Key: aws.String("beta"), Value: aws.String("1")}}},
	}}})
	require.NoError(t, err)
	require.NotNil(t, mr.Rules[0].Conditions[0].QueryStringConfig)
	assert.Equal(t, "beta", aws.ToString(mr.Rules[0].Conditions[0].QueryStringConfig.Values[0].Key))
	_, err = e.client.DeleteRule(ctx, &awselbv2.DeleteRuleInput{RuleArn: ruleArn})
	require.NoError(t, err)
	rules, err := e.client.DescribeRules(ctx, &awselbv2.DescribeRulesInput{ListenerArn: listenerArn})
	require.NoError(t, err)
	require.Len(t, rules.Rules, 1)
	assert.True(t, aws.ToBool(rules.Rules[0].IsDefault))

	targets := []elbtypes.TargetDescription{{Id: aws.String("i-0a"), Port: aws.Int32(9000)}}
	_, err = e.client.RegisterTargets(ctx, &awselbv2.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: targets})
	require.NoError(t, err)
	_, err = e.client.DeregisterTargets(ctx, &awselbv2.DeregisterTargetsInput{TargetGroupArn: tgArn, Targets: targets})
	require.NoError(t, err)
	health, err := e.client.DescribeTargetHealth(ctx, &awselbv2.DescribeTargetHealthInput{TargetGroupArn: tgArn})
	require.NoError(t, err)
	require.Len(t, health.TargetHealthDescriptions, 1)
	assert.Equal(t, elbtypes.TargetHealthStateEnumDraining, health.TargetHealthDescriptions[0].TargetHealth.State)
	assert.Equal(t, int32(9000), aws.ToInt32(health.TargetHealthDescriptions[0].Target.Port))

	_, err = e.client.AddTags(ctx, &awselbv2.AddTagsInput{ResourceArns: []string{aws.ToString(tgArn)}, Tags: []elbtypes.Tag{
		{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("shop")},
	}})
	require.NoError(t, err)
	_, err = e.client.RemoveTags(ctx, &awselbv2.RemoveTagsInput{ResourceArns: []string{aws.ToString(tgArn)}, TagKeys: []string{"env"}})
	require.NoError(t, err)
	tags, err := e.client.DescribeTags(ctx, &awselbv2.DescribeTagsInput{ResourceArns: []string{aws.ToString(tgArn)}})
	require.NoError(t, err)
	assert.Equal(t, []elbtypes.Tag{{Key: aws.String("team"), Value: aws.String("shop")}}, tags.TagDescriptions[0].Tags)

	_, err = e.client.DeleteListener(ctx, &awselbv2.DeleteListenerInput{ListenerArn: listenerArn})
	require.NoError(t, err)
	_, err = e.client.DeleteTargetGroup(ctx, &awselbv2.DeleteTargetGroupInput{TargetGroupArn: tgArn})
	require.NoError(t, err)
	_, err = e.client.DeleteLoadBalancer(ctx, &awselbv2.DeleteLoadBalancerInput{LoadBalancerArn: lbArn})
	require.NoError(t, err)
	_, err = e.client.DescribeTargetGroups(ctx, &awselbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{aws.ToString(tgArn)}})
	var tgNotFound *elbtypes.TargetGroupNotFoundException
	require.True(t, errors.As(err, &tgNotFound), "%v", err)
	all, err := e.client.DescribeLoadBalancers(ctx, &awselbv2.DescribeLoadBalancersInput{})
	require.NoError(t, err)
	assert.Empty(t, all.LoadBalancers)
}

// The Classic API's listener, instance and attribute operations round
// trip through the SDK.
func TestELBClassicEveryOperationRoundTrips(t *testing.T) {
	ctx := context.Background()
	e := newELBEnv(t)
	name := aws.String("legacy")
	_, err := e.classic.CreateLoadBalancer(ctx, &awselb.CreateLoadBalancerInput{
		LoadBalancerName: name, AvailabilityZones: []string{"us-east-1a"},
		Listeners: []classictypes.Listener{{Protocol: aws.String("HTTP"), LoadBalancerPort: 80, InstancePort: aws.Int32(8080)}},
	})
	require.NoError(t, err)
	_, err = e.classic.CreateLoadBalancerListeners(ctx, &awselb.CreateLoadBalancerListenersInput{LoadBalancerName: name, Listeners: []classictypes.Listener{
		{Protocol: aws.String("TCP"), LoadBalancerPort: 81, InstanceProtocol: aws.String("TCP"), InstancePort: aws.Int32(8081)},
	}})
	require.NoError(t, err)
	_, err = e.classic.DeleteLoadBalancerListeners(ctx, &awselb.DeleteLoadBalancerListenersInput{LoadBalancerName: name, LoadBalancerPorts: []int32{80}})
	require.NoError(t, err)
	lbs, err := e.classic.DescribeLoadBalancers(ctx, &awselb.DescribeLoadBalancersInput{})
	require.NoError(t, err)
	require.Len(t, lbs.LoadBalancerDescriptions[0].ListenerDescriptions, 1)
	assert.Equal(t, int32(81), lbs.LoadBalancerDescriptions[0].ListenerDescriptions[0].Listener.LoadBalancerPort)
	assert.Equal(t, "TCP", aws.ToString(lbs.LoadBalancerDescriptions[0].ListenerDescriptions[0].Listener.InstanceProtocol))

	instances := []classictypes.Instance{{InstanceId: aws.String("i-0a")}, {InstanceId: aws.String("i-0b")}}
	_, err = e.classic.RegisterInstancesWithLoadBalancer(ctx, &awselb.RegisterInstancesWithLoadBalancerInput{LoadBalancerName: name, Instances: instances})
	require.NoError(t, err)
	left, err := e.classic.DeregisterInstancesFromLoadBalancer(ctx, &awselb.DeregisterInstancesFromLoadBalancerInput{LoadBalancerName: name, Instances: instances[:1]})
	require.NoError(t, err)
	require.Len(t, left.Instances, 1)
	assert.Equal(t, "i-0b", aws.ToString(left.Instances[0].InstanceId))

	_, err = e.classic.ModifyLoadBalancerAttributes(ctx, &awselb.ModifyLoadBalancerAttributesInput{LoadBalancerName: name, LoadBalancerAttributes: &classictypes.LoadBalancerAttributes{
		CrossZoneLoadBalancing: &classictypes.CrossZoneLoadBalancing{Enabled: true},
		ConnectionDraining:     &classictypes.ConnectionDraining{Enabled: true, Timeout: aws.Int32(30)},
	}})
	require.NoError(t, err)
	attrs, err := e.classic.DescribeLoadBalancerAttributes(ctx, &awselb.DescribeLoadBalancerAttributesInput{LoadBalancerName: name})
	require.NoError(t, err)
	assert.True(t, attrs.LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled)
	assert.Equal(t, int32(30), aws.ToInt32(attrs.LoadBalancerAttributes.ConnectionDraining.Timeout))

	_, err = e.classic.DeleteLoadBalancer(ctx, &awselb.DeleteLoadBalancerInput{LoadBalancerName: name})
	require.NoError(t, err)
	lbs, err = e.classic.DescribeLoadBalancers(ctx, &awselb.DescribeLoadBalancersInput{})
	require.NoError(t, err)
	assert.Empty(t, lbs.LoadBalancerDescriptions)
}
