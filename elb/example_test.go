package elb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// A load balancer in front of two instances: requests take turns, and a
// slow report path gets the client a 504 at the idle timeout while the
// instance itself answered 200.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	lbs := elb.New(elb.WithClock(clk))

	lb, _ := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}})
	lbArn := lb.LoadBalancers[0].LoadBalancerArn
	tg, _ := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 8080})
	tgArn := tg.TargetGroups[0].TargetGroupArn
	l, _ := lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lbArn, Protocol: "HTTP", Port: 80,
		DefaultActions: []elb.Action{{Type: "forward", TargetGroupArn: tgArn}},
	})
	lbs.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: lbArn,
		Attributes: []elb.Attribute{{Key: "access_logs.s3.enabled", Value: "true"}}})

	for _, id := range []string{"i-0a", "i-0b"} {
		lbs.SetBackend(id, elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/report" {
				elb.ReportLatency(r.Context(), 75*time.Second) // a slow query
			}
			fmt.Fprintf(w, "%s served %s", id, r.URL.Path)
		})})
		lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: []elb.TargetDescription{{Id: id}}})
	}
	clk.Advance(30 * time.Second) // the first health check passes

	h, _ := lbs.Handler(l.Listeners[0].ListenerArn)
	for _, path := range []string{"/", "/", "/report"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if server := rec.Header().Get("Server"); server != "" {
			fmt.Println(rec.Code, "from", server)
		} else {
			fmt.Println(rec.Code, rec.Body.String())
		}
	}
	log := lbs.Inspect().AccessLog(lbArn)
	fmt.Println(log[2].String()[:141])
	// Output:
	// 200 i-0a served /
	// 200 i-0b served /
	// 504 from awselb/2.0
	// http 2026-03-02T09:01:30.000000Z app/shop/9aebe7788ef393bf 192.0.2.1:1234 i-0a:8080 0.000 -1 -1 504 - 0 132 "GET http://example.com:80/report
}
