package elb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// A target that hangs for two minutes, from the account's fault plan:
// the request sent to it gets a 504 at the idle timeout, its health
// checks time out until it is unhealthy, and requests go to the other
// target meanwhile; when the hang is over it passes its checks again.
func Example_hangingTarget() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	lbs := elb.New(elb.WithAccount(acct))
	lb, _ := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}})
	tg, _ := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 8080,
		HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5})
	tgArn := tg.TargetGroups[0].TargetGroupArn
	l, _ := lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: "HTTP", Port: 80,
		DefaultActions: []elb.Action{{Type: "forward", TargetGroupArn: tgArn}},
	})
	for _, id := range []string{"i-0a", "i-0b"} {
		lbs.SetBackend(id, elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, id) })})
		lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: []elb.TargetDescription{{Id: id}}})
	}
	clk.Advance(10 * time.Second) // the first health checks pass
	acct.SetFaultPlan(cloud.FaultRule{Name: "deadlock", Fault: elb.FaultTargetHang, Resource: "i-0a", Probability: 1, Count: 1, Delay: 2 * time.Minute})

	h, _ := lbs.Handler(l.Listeners[0].ListenerArn)
	get := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Header().Get("Server") != "" {
			return fmt.Sprint(rec.Code, " from the load balancer")
		}
		return fmt.Sprint(rec.Code, " from ", rec.Body.String())
	}
	health := func() {
		out, _ := lbs.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgArn})
		var states []string
		for _, d := range out.TargetHealthDescriptions {
			states = append(states, strings.TrimSpace(d.Target.Id+" "+d.TargetHealth.State+" "+d.TargetHealth.Reason))
		}
		fmt.Println(strings.Join(states, ", "))
	}
	fmt.Println(get(), "|", get())
	clk.Advance(20 * time.Second)
	health()
	clk.Advance(3 * time.Minute) // HealthyThresholdCount (5) checks after the hang
	health()
	// Output:
	// 504 from the load balancer | 200 from i-0b
	// i-0a unhealthy Target.Timeout, i-0b healthy
	// i-0a healthy, i-0b healthy
}
