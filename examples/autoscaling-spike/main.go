// Command autoscaling-spike tells the story of a web tier on the day of
// a traffic spike. An Application Load Balancer sends a shop's requests
// to an Auto Scaling group whose target tracking policy keeps the
// instances' average CPU at 50 %. Traffic follows the working day, and
// at noon a newsletter goes out: the load more than quadruples in
// minutes and fades over the afternoon. The group scales out, holds and
// scales back in.
//
// The day runs twice, from the same seed: once all On-Demand, once with
// an On-Demand base and the rest on Spot, whose instances EC2 takes back
// at random with two minutes' notice (capacity rebalancing replaces them
// at the notice). It prints what each day cost and what the users met,
// and writes a plot of load, instances and latency over the day as SVG.
// Two simulated days take a fraction of a second:
//
//	go run ./examples/autoscaling-spike [-svg spike.svg]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"os"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

func main() {
	svg := flag.String("svg", "spike.svg", "where to write the plot of the day")
	flag.Parse()
	if err := run(os.Stdout, *svg); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nplot of the day written to %s\n", *svg)
}

// midnight is when the day begins.
var midnight = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// work is the CPU time a request takes on an instance; an instance of 2
// vCPUs serves 80 requests/s at 100 % CPU, 40 at the target's 50 %.
const work = 25 * time.Millisecond

// load is the shop's traffic at t, in requests per second: 40 at night,
// rising to 160 in the afternoon, and the newsletter at noon, which adds
// up to 600 within minutes and fades with a half-life of about 45 min.
func load(t time.Time) float64 {
	h := t.Sub(midnight).Hours()
	day := 40 + 120*math.Max(0, math.Sin(math.Pi*(h-6)/16))
	if h < 12 {
		return day
	}
	since := h - 12
	return day + 600*(1-math.Exp(-since*60/2))*math.Exp(-since/1.1)
}

// purchase is how a run buys its instances.
type purchase struct {
	name  string
	mixed bool // an On-Demand base and Spot above it, else all On-Demand
}

// minute is what one minute of the day saw.
type minute struct {
	requests, failed float64 // failed: 5xx, the load balancer's or the targets'
	latency          time.Duration
	inService        int
}

// day is what a run measured.
type day struct {
	purchase
	minutes       []minute
	cost          float64
	hours         float64
	interruptions []time.Time // when each Spot notice came
	peak          int
}

// run simulates the day both ways, prints the table to w and writes the
// plot to svgPath. It fails only if a simulator refuses a call, which
// would be a bug.
func run(w io.Writer, svgPath string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	days := []day{
		simulate(purchase{name: "all On-Demand"}),
		simulate(purchase{name: "base + Spot", mixed: true}),
	}
	table(w, days)
	return os.WriteFile(svgPath, plot(days), 0o644)
}

// simulate runs the day of one purchase option.
func simulate(p purchase) day {
	ctx := context.Background()

	// One account on a virtual clock, from seed 1: CloudWatch, the load
	// balancers and Auto Scaling, with Spot instances interrupted after
	// six hours on average.
	clk := sim.NewClock(midnight.Add(-10 * time.Minute))
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(1))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	lbs := elb.New(elb.WithAccount(acct), elb.WithMetrics(cw))
	groups := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(lbs), autoscaling.WithMetrics(cw),
		autoscaling.WithSpotInterruptions(6*time.Hour))

	// The load balancer: HTTP on port 80, forwarding to target group web.
	lb := must(lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}}))
	tg := must(lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
		Name: "web", Protocol: elb.ProtocolHTTP, Port: 8080,
		HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
	})).TargetGroups[0].TargetGroupArn
	listener := must(lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tg}},
	})).Listeners[0].ListenerArn

	// Each instance runs the shop's web server, one worker per vCPU.
	must(groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web",
		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "m5.large", Backend: func(string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { io.WriteString(rw, "ok") }), Workers: 2}
		}},
	}))

	// The group: 2 to 30 instances over three zones, behind the load
	// balancer. Mixed, it runs 2 On-Demand m5.large and a quarter of the
	// rest; the others are Spot, of the cheaper Spot type (c5.large).
	template := autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"}
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "web", LaunchTemplate: &template, MinSize: 2, MaxSize: 30,
		AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		TargetGroupARNs:   []string{tg}, HealthCheckType: autoscaling.HealthCheckELB, HealthCheckGracePeriod: time.Minute,
		DefaultInstanceWarmup: autoscaling.Duration(2 * time.Minute),
	}
	if p.mixed {
		in.LaunchTemplate = nil
		in.MixedInstancesPolicy = &autoscaling.MixedInstancesPolicy{
			LaunchTemplate: autoscaling.MixedLaunchTemplate{LaunchTemplateSpecification: template,
				Overrides: []autoscaling.LaunchTemplateOverrides{{InstanceType: "m5.large"}, {InstanceType: "c5.large"}}},
			InstancesDistribution: autoscaling.InstancesDistribution{OnDemandBaseCapacity: 2, OnDemandPercentageAboveBaseCapacity: autoscaling.Int(25)},
		}
		in.CapacityRebalance = true
	}
	must(groups.CreateAutoScalingGroup(ctx, in))

	// Target tracking: keep the group's average CPU at 50 %.
	must(groups.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "web", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
		TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
			TargetValue:                   50,
		},
	}))

	// Ten minutes before midnight the two first instances are in service;
	// the traffic starts at midnight, in aggregate: a rate, not a request
	// at a time.
	clk.AdvanceTo(midnight)
	costBefore, hoursBefore := groups.Inspect().GroupCost("web")
	shop := must(lbs.StartTraffic(listener, elb.Traffic{Rate: load, Kinds: []elb.RequestKind{{Work: work}}}))

	// The day, a minute at a time: what the users met, and the instances
	// in service at the end of the minute.
	d := day{purchase: p}
	before := shop.Stats()
	for range 24 * 60 {
		clk.Advance(time.Minute)
		now := shop.Stats()
		m := minute{
			requests: now.Requests - before.Requests,
			failed:   failed(now) - failed(before),
		}
		if answered := now.Answered - before.Answered; answered > 0 {
			m.latency = time.Duration((seconds(now) - seconds(before)) / answered * float64(time.Second))
		}
		g := must(groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web"}}))
		for _, i := range g.AutoScalingGroups[0].Instances {
			if i.LifecycleState == autoscaling.StateInService {
				m.inService++
			}
		}
		d.peak = max(d.peak, m.inService)
		d.minutes = append(d.minutes, m)
		before = now
	}

	// What the day cost, and how many Spot instances EC2 took back.
	d.cost, d.hours = groups.Inspect().GroupCost("web")
	d.cost, d.hours = d.cost-costBefore, d.hours-hoursBefore
	for _, i := range groups.Inspect().Interruptions() {
		d.interruptions = append(d.interruptions, i.NoticeTime)
	}
	return d
}

// failed counts the requests that got a 5xx: timed out (504), found no
// target (503) or found nothing listening (502).
func failed(s elb.TrafficStats) float64 { return s.TimedOut + s.NoTarget + s.NoBackend }

// seconds is the answered requests' response times, summed.
func seconds(s elb.TrafficStats) float64 { return s.MeanResponseTime.Seconds() * s.Answered }

// table prints one column per run.
func table(w io.Writer, days []day) {
	row := func(label string, cell func(d day) string) {
		fmt.Fprintf(w, "%-26s", label)
		for _, d := range days {
			fmt.Fprintf(w, "%18s", cell(d))
		}
		fmt.Fprintln(w)
	}
	row("", func(d day) string { return d.name })
	row("cost of the day", func(d day) string { return fmt.Sprintf("$%.2f", d.cost) })
	row("instance-hours", func(d day) string { return fmt.Sprintf("%.1f", d.hours) })
	row("peak instances in service", func(d day) string { return fmt.Sprint(d.peak) })
	row("Spot interruptions", func(d day) string { return fmt.Sprint(len(d.interruptions)) })
	row("requests served", func(d day) string {
		var served float64
		for _, m := range d.minutes {
			served += m.requests - m.failed
		}
		return fmt.Sprintf("%.0f", served)
	})
	row("requests failed (5xx)", func(d day) string {
		var failed float64
		for _, m := range d.minutes {
			failed += m.failed
		}
		return fmt.Sprintf("%.0f", failed)
	})
	row("mean latency", func(d day) string {
		var n, sum float64
		for _, m := range d.minutes {
			n += m.requests - m.failed
			sum += (m.requests - m.failed) * m.latency.Seconds()
		}
		return formatLatency(time.Duration(sum / n * float64(time.Second)))
	})
	row("slowest minute (mean)", func(d day) string {
		var worst minute
		at := 0
		for i, m := range d.minutes {
			if m.latency > worst.latency {
				worst, at = m, i
			}
		}
		return fmt.Sprintf("%s at %s", formatLatency(worst.latency), midnight.Add(time.Duration(at)*time.Minute).Format("15:04"))
	})
}

// formatLatency writes a latency as the table shows it: 31.2 ms, 1.5 s.
func formatLatency(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
