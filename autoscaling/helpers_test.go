package autoscaling_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// start is where every test's clock begins: a minute boundary.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var ctx = context.Background()

// zones are the Availability Zones test groups launch in.
var zones = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// world is an account on a sim.Clock with CloudWatch, an Application
// Load Balancer "shop" whose listener forwards to target group "web",
// and Auto Scaling, with a launch template "web" of m5.large instances
// serving 200 after work milliseconds of CPU.
type world struct {
	t        *testing.T
	clk      *sim.Clock
	acct     *cloud.Account
	cw       *cloudwatch.Service
	lbs      *elb.Service
	svc      *autoscaling.Service
	lb       string // ARN
	listener string // ARN
	tg       string // ARN
	h        http.Handler
	work     time.Duration
}

// newWorld builds a world with seed 1.
func newWorld(t *testing.T) *world { return newWorldSeed(t, 1) }

// newWorldSeed builds a world whose account has seed.
func newWorldSeed(t *testing.T, seed uint64) *world {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(seed))
	w := &world{t: t, clk: clk, acct: acct, work: 10 * time.Millisecond}
	w.cw = cloudwatch.New(cloudwatch.WithAccount(acct))
	w.lbs = elb.New(elb.WithAccount(acct), elb.WithMetrics(w.cw))
	w.svc = autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(w.lbs), autoscaling.WithMetrics(w.cw))

	lb, err := w.lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a1", "subnet-b1"}})
	require.NoError(t, err)
	w.lb = lb.LoadBalancers[0].LoadBalancerArn
	tg, err := w.lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
		Name: "web", Protocol: elb.ProtocolHTTP, Port: 8080,
		HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
	})
	require.NoError(t, err)
	w.tg = tg.TargetGroups[0].TargetGroupArn
	l, err := w.lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: w.lb, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: w.tg}},
	})
	require.NoError(t, err)
	w.listener = l.Listeners[0].ListenerArn
	w.h, err = w.lbs.Handler(w.listener)
	require.NoError(t, err)

	_, err = w.svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web",
		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "m5.large", Backend: w.backend},
	})
	require.NoError(t, err)
	return w
}

// backend is the web server of instance id: it answers 200 after the
// world's work, on two workers (the vCPUs of an m5.large).
func (w *world) backend(id string) elb.Backend {
	return elb.Backend{
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { fmt.Fprint(rw, "ok from ", id) }),
		Latency: func(*http.Request) time.Duration { return w.work },
		Workers: 2,
	}
}

// group creates a group from template "web" in the world's zones, with
// edit applied when not nil.
func (w *world) group(name string, minSize, maxSize, desired int, edit func(*autoscaling.CreateAutoScalingGroupInput)) {
	w.t.Helper()
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: name, LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
		MinSize: minSize, MaxSize: maxSize, DesiredCapacity: autoscaling.Int(desired), AvailabilityZones: zones,
	}
	if edit != nil {
		edit(in)
	}
	_, err := w.svc.CreateAutoScalingGroup(ctx, in)
	require.NoError(w.t, err)
}

// webGroup creates a group attached to the world's target group, with
// ELB health checks.
func (w *world) webGroup(name string, minSize, maxSize, desired int, edit func(*autoscaling.CreateAutoScalingGroupInput)) {
	w.t.Helper()
	w.group(name, minSize, maxSize, desired, func(in *autoscaling.CreateAutoScalingGroupInput) {
		in.TargetGroupARNs = []string{w.tg}
		in.HealthCheckType = autoscaling.HealthCheckELB
		if edit != nil {
			edit(in)
		}
	})
}

// describe returns the group named name.
func (w *world) describe(name string) autoscaling.Group {
	w.t.Helper()
	out, err := w.svc.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	require.NoError(w.t, err)
	require.Len(w.t, out.AutoScalingGroups, 1)
	return out.AutoScalingGroups[0]
}

// states counts the group's instances by lifecycle state.
func (w *world) states(name string) map[string]int {
	w.t.Helper()
	out := map[string]int{}
	for _, i := range w.describe(name).Instances {
		out[i.LifecycleState]++
	}
	return out
}

// inService returns the IDs of the group's instances in service.
func (w *world) inService(name string) []string {
	w.t.Helper()
	var ids []string
	for _, i := range w.describe(name).Instances {
		if i.LifecycleState == autoscaling.StateInService {
			ids = append(ids, i.InstanceId)
		}
	}
	return ids
}

// activities returns the group's activities, oldest first, as
// "Description | Cause" lines.
func (w *world) activities(name string) []string {
	w.t.Helper()
	out, err := w.svc.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: name})
	require.NoError(w.t, err)
	var lines []string
	for k := len(out.Activities) - 1; k >= 0; k-- {
		a := out.Activities[k]
		lines = append(lines, a.Description+" | "+a.StatusCode+" | "+a.Cause)
	}
	return lines
}

// targets returns the world's target group's targets by health state.
func (w *world) targets() map[string]string {
	w.t.Helper()
	out, err := w.lbs.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: w.tg})
	require.NoError(w.t, err)
	got := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		got[d.Target.Id] = d.TargetHealth.State
	}
	return got
}

// contains reports whether some line has every part.
func contains(lines []string, parts ...string) bool {
	for _, l := range lines {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// httptestRecorder sends GET / through the world's listener.
func httptestRecorder(w *world) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://shop/", nil))
	return rec
}
