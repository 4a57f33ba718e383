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

// Aggregate traffic: two instances of four workers take 100 ms a
// request, 80 requests a second between them. At 60 a second they keep
// up; for five minutes at 100 a second a backlog grows, until requests
// wait past the 60 s idle timeout and become 504s; back at 60 a second
// it drains.
func ExampleService_StartTraffic() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	lbs := elb.New(elb.WithClock(clk))

	lb, _ := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}})
	tg, _ := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 8080})
	tgArn := tg.TargetGroups[0].TargetGroupArn
	l, _ := lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: "HTTP", Port: 80,
		DefaultActions: []elb.Action{{Type: "forward", TargetGroupArn: tgArn}},
	})
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for _, id := range []string{"i-0a", "i-0b"} {
		lbs.SetBackend(id, elb.Backend{Handler: ok, Workers: 4})
		lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: []elb.TargetDescription{{Id: id}}})
	}
	clk.Advance(30 * time.Second) // the first health check passes

	begin := clk.Now()
	spike := begin.Add(10 * time.Minute)
	src, _ := lbs.StartTraffic(l.Listeners[0].ListenerArn, elb.Traffic{
		Rate: func(t time.Time) float64 {
			if !t.Before(spike) && t.Before(spike.Add(5*time.Minute)) {
				return 100
			}
			return 60
		},
		Kinds: []elb.RequestKind{{Work: 100 * time.Millisecond}},
	})
	// 8 minutes in: Erlang C's wait for 4 workers at 75 %, 51 ms on
	// average. At 15: 3,000 waiting, 75 s of work, and a minute of 504s.
	// At 25: drained at 10 a second, after another minute of 504s.
	for _, at := range []time.Duration{8 * time.Minute, 15 * time.Minute, 25 * time.Minute} {
		clk.AdvanceTo(begin.Add(at - time.Nanosecond)) // the ticks before at
		st := src.Stats()
		h, _ := lbs.Inspect().Host("i-0a")
		fmt.Printf("%v: %.0f answered in %v on average, %.0f timed out, %.0f waiting at i-0a\n",
			at, st.Answered, st.MeanResponseTime.Round(time.Millisecond), st.TimedOut, h.Backlog)
	}
	// Output:
	// 8m0s: 28800 answered in 151ms on average, 0 timed out, 0 waiting at i-0a
	// 15m0s: 60000 answered in 12.131s on average, 6000 timed out, 3000 waiting at i-0a
	// 25m0s: 92400 answered in 12.597s on average, 9600 timed out, 0 waiting at i-0a
}
