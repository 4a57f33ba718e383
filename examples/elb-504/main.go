// Command elb-504 tells the story of a reports service whose own log
// shows nothing but 200s while its users get 504s. A Classic Load
// Balancer sits in front of two instances; the monthly report takes 75 s
// to build, and the load balancer closes a request its instance has not
// answered within the idle timeout (60 s). The access log and the AWS/ELB
// metrics say so; the application's log cannot. Raising the idle timeout
// to 120 s lets the reports through. It prints the same timeline on every
// run, an hour of traffic in a fraction of a second:
//
//	go run ./examples/elb-504
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// reportTime is how long the reports application takes to answer a
// request, by what it asks for.
func reportTime(r *http.Request) time.Duration {
	switch {
	case r.URL.Path != "/report":
		return 40 * time.Millisecond
	case r.URL.Query().Get("range") == "month":
		return 75 * time.Second
	default:
		return 12 * time.Second
	}
}

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(3))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	lbs := elb.New(elb.WithAccount(acct), elb.WithMetrics(cw)) // AWS/ELB, once a minute
	classic := lbs.Classic()
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", clk.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}

	must(classic.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{
		LoadBalancerName:  "reports",
		Listeners:         []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: 8080}},
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	}))
	must(classic.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: "reports", HealthCheck: elb.ClassicHealthCheck{
		Target: "HTTP:8080/health", Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2,
	}}))
	must(classic.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "reports",
		LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{AccessLog: &elb.ClassicAccessLog{Enabled: true, S3BucketName: "reports-logs", EmitInterval: 5}},
	}))

	// Each instance runs the reports application, which logs every
	// request it answers, as its developers read it.
	appLog := map[int]int{} // status → requests answered
	app := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		elb.ReportLatency(r.Context(), reportTime(r))
		if r.URL.Path != "/health" {
			appLog[http.StatusOK]++
		}
		io.WriteString(rw, "ok")
	})
	ids := []string{"i-0a1f", "i-0b2e"}
	var instances []elb.ClassicInstance
	for _, id := range ids {
		lbs.SetBackend(id, elb.Backend{Handler: app})
		instances = append(instances, elb.ClassicInstance{InstanceId: id})
	}
	must(classic.RegisterInstancesWithLoadBalancer(ctx, &elb.ClassicRegisterInstancesInput{LoadBalancerName: "reports", Instances: instances}))
	say("load balancer reports: HTTP:80 -> HTTP:8080 on %s, idle timeout 60 s", strings.Join(ids, ", "))
	clk.Advance(20 * time.Second)
	health := must(classic.DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: "reports"}))
	for _, st := range health.InstanceStates {
		say("%s %s after two health checks", st.InstanceId, st.State)
	}

	front := must(classic.Handler("reports", 80))
	// half an hour of traffic: a dashboard view every 5 s, a weekly
	// report every minute, a monthly report every five minutes.
	traffic := func() {
		for tick := range 360 {
			clk.Advance(5 * time.Second)
			get(front, "/dashboard")
			if tick%12 == 0 {
				get(front, "/report?range=week")
			}
			if tick%60 == 0 {
				get(front, "/report?range=month")
			}
		}
		clk.Advance(time.Minute) // the last minute's metrics are published
	}
	seen := 0
	report := func(since time.Time) {
		entries := lbs.Inspect().ClassicAccessLog("reports")[seen:]
		seen += len(entries)
		byStatus := map[int]int{}
		for _, e := range entries {
			byStatus[e.ELBStatusCode]++
		}
		say("application log: %d requests answered 200", appLog[http.StatusOK])
		say("access log:      %d requests, %d answered 200, %d answered 504", len(entries), byStatus[http.StatusOK], byStatus[http.StatusGatewayTimeout])
		for _, e := range entries {
			if e.ELBStatusCode == http.StatusGatewayTimeout {
				say("  first 504: %s", e)
				break
			}
		}
		// One datapoint spans the half hour.
		stat := func(metric string, s cloudwatch.Statistic) float64 {
			out := must(cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
				Namespace: "AWS/ELB", MetricName: metric, Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: "reports"}},
				StartTime: since, EndTime: clk.Now(), Period: time.Hour, Statistics: []cloudwatch.Statistic{s},
			}))
			if len(out.Datapoints) == 0 {
				return 0
			}
			if p := out.Datapoints[0]; s == cloudwatch.StatisticSum {
				return *p.Sum
			}
			return *out.Datapoints[0].Maximum
		}
		sum := func(metric string) float64 { return stat(metric, cloudwatch.StatisticSum) }
		say("AWS/ELB:         RequestCount %.0f, HTTPCode_Backend_2XX %.0f, HTTPCode_ELB_5XX %.0f, Latency max %.1f s",
			sum(elb.MetricRequestCount), sum(elb.MetricHTTPCodeBackend2XX), sum(elb.MetricHTTPCodeClassicELB5XX),
			stat(elb.MetricLatency, cloudwatch.StatisticMaximum))
		clear(appLog)
	}

	since := clk.Now()
	traffic()
	report(since)

	must(classic.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: "reports",
		LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{ConnectionSettings: &elb.ClassicConnectionSettings{IdleTimeout: 120}},
	}))
	say("idle timeout raised to 120 s")
	since = clk.Now()
	traffic()
	report(since)
	return nil
}

// get sends one request through the load balancer, as a browser would.
func get(h http.Handler, target string) {
	r := httptest.NewRequest(http.MethodGet, "http://reports.example.com"+target, nil)
	r.RemoteAddr = "198.51.100.24:41000"
	r.Header.Set("User-Agent", "Mozilla/5.0")
	h.ServeHTTP(httptest.NewRecorder(), r)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
