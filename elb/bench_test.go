package elb_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// ok is the trivial backend of the benchmarks: it answers 200 with no
// body.
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

// BenchmarkRequestTenRules routes one request through a listener with ten
// rules (the last one matches) to a trivial handler. The handler
// sub-benchmark is the handler's own cost, to subtract. Target: ≤ 2 µs
// over the handler's cost, ≤ 10 allocations.
func BenchmarkRequestTenRules(b *testing.B) {
	r := httptest.NewRequest(http.MethodGet, "/api/v9/orders", nil)
	r.Header.Set("User-Agent", "bench")
	w := discard{header: http.Header{}}
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			clear(w.header)
			ok.ServeHTTP(&w, r)
		}
	})
	b.Run("through", func(b *testing.B) {
		h := tenRules(b)
		b.ReportAllocs()
		for b.Loop() {
			clear(w.header)
			h.ServeHTTP(&w, r)
			if w.status != http.StatusOK {
				b.Fatal(w.status)
			}
		}
	})
}

// tenRules returns the handler of a listener with ten path rules, each
// forwarding to its own group of one healthy target.
func tenRules(b *testing.B) http.Handler {
	clk := sim.NewClock(start)
	svc := elb.New(elb.WithClock(clk))
	lb, err := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "bench", Subnets: []string{"subnet-a", "subnet-b"}})
	if err != nil {
		b.Fatal(err)
	}
	svc.SetBackend("i-0", elb.Backend{Handler: ok})
	var groups []string
	for i := range 10 {
		tg, err := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "g" + strconv.Itoa(i), Protocol: elb.ProtocolHTTP, Port: 80})
		if err != nil {
			b.Fatal(err)
		}
		groups = append(groups, tg.TargetGroups[0].TargetGroupArn)
		if _, err := svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: groups[i], Targets: []elb.TargetDescription{{Id: "i-0"}}}); err != nil {
			b.Fatal(err)
		}
	}
	l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionFixedResponse, FixedResponseConfig: &elb.FixedResponseActionConfig{StatusCode: "404"}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, err := svc.CreateRule(ctx, &elb.CreateRuleInput{
			ListenerArn: l.Listeners[0].ListenerArn, Priority: i + 1,
			Conditions: []elb.RuleCondition{{Field: "path-pattern", Values: []string{fmt.Sprintf("/api/v%d/*", i)}}},
			Actions:    []elb.Action{{Type: elb.ActionForward, TargetGroupArn: groups[i]}},
		}); err != nil {
			b.Fatal(err)
		}
	}
	clk.Advance(30 * time.Second) // every target passes its first check
	h, err := svc.Handler(l.Listeners[0].ListenerArn)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// discard is a ResponseWriter that keeps only the status.
type discard struct {
	header http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(status int)      { d.status = status }

// BenchmarkHealthChecksHour health-checks 1,000 targets every 5 s through
// one simulated hour (720,000 checks). Target: ≤ 0.2 s wall.
func BenchmarkHealthChecksHour(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		clk := sim.NewClock(start)
		svc := elb.New(elb.WithClock(clk))
		lb, _ := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "bench", Subnets: []string{"subnet-a", "subnet-b"}})
		tg, _ := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "fleet", Protocol: elb.ProtocolHTTP, Port: 80,
			HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2})
		tgArn := tg.TargetGroups[0].TargetGroupArn
		if _, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
			LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elb.ProtocolHTTP, Port: 80,
			DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tgArn}},
		}); err != nil {
			b.Fatal(err)
		}
		targets := make([]elb.TargetDescription, 1000)
		for i := range targets {
			targets[i].Id = "i-" + strconv.Itoa(i)
			svc.SetBackend(targets[i].Id, elb.Backend{Handler: ok})
		}
		if _, err := svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: targets}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		clk.Advance(time.Hour)
	}
}

// BenchmarkAggregateDay runs a simulated day of aggregate traffic, 1,000
// requests a second of 50 ms each, over 100 targets of four workers
// behind one listener, with health checks every 30 s: at the default
// tick (10 s), and at a tick of a second for comparison. Target: ≤ 0.2 s
// wall at the default tick.
func BenchmarkAggregateDay(b *testing.B) {
	b.Run("tick=default", func(b *testing.B) { aggregateDay(b) })
	b.Run("tick=1s", func(b *testing.B) { aggregateDay(b, elb.WithTrafficTick(time.Second)) })
}

func aggregateDay(b *testing.B, opts ...elb.Option) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		clk := sim.NewClock(start)
		svc := elb.New(append([]elb.Option{elb.WithClock(clk)}, opts...)...)
		lb, _ := svc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "bench", Subnets: []string{"subnet-a", "subnet-b"}})
		tg, _ := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "fleet", Protocol: elb.ProtocolHTTP, Port: 80})
		tgArn := tg.TargetGroups[0].TargetGroupArn
		l, err := svc.CreateListener(ctx, &elb.CreateListenerInput{
			LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elb.ProtocolHTTP, Port: 80,
			DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tgArn}},
		})
		if err != nil {
			b.Fatal(err)
		}
		targets := make([]elb.TargetDescription, 100)
		for i := range targets {
			targets[i].Id = "i-" + strconv.Itoa(i)
			svc.SetBackend(targets[i].Id, elb.Backend{Handler: ok, Workers: 4})
		}
		if _, err := svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tgArn, Targets: targets}); err != nil {
			b.Fatal(err)
		}
		clk.Advance(time.Minute) // healthy
		src, err := svc.StartTraffic(l.Listeners[0].ListenerArn, elb.Traffic{
			Rate:  func(time.Time) float64 { return 1000 },
			Kinds: []elb.RequestKind{{Work: 50 * time.Millisecond}},
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		clk.Advance(24 * time.Hour)
		b.StopTimer()
		if st := src.Stats(); st.Answered < 0.99*86_400_000 {
			b.Fatalf("answered %.0f of %.0f", st.Answered, st.Requests)
		}
		b.StartTimer()
	}
}
