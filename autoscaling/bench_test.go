package autoscaling_test

import (
	"math"
	"testing"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/sim"
)

// fleet is work shared evenly by the workers running at each instant:
// demand(t) vCPU-seconds per second over all of them. Each worker's busy
// time is its share, integrated as the clock moves.
type fleet struct {
	clk     *sim.Clock
	demand  func(time.Time) float64
	running int
	at      time.Time
	share   float64 // ∫ demand/running dt, seconds of work per worker
}

// advance integrates the share up to now, with the demand at the last
// instant held over the interval.
func (f *fleet) advance() float64 {
	now := f.clk.Now()
	if now.Equal(f.at) {
		return f.share
	}
	if f.running > 0 {
		f.share += f.demand(f.at) / float64(f.running) * now.Sub(f.at).Seconds()
	}
	f.at = now
	return f.share
}

// fleetWorker is one instance's part of a fleet.
type fleetWorker struct {
	f     *fleet
	start float64
}

func (f *fleet) start(string) autoscaling.Worker {
	w := &fleetWorker{f: f, start: f.advance()}
	f.running++
	return w
}

func (w *fleetWorker) Busy() time.Duration {
	return time.Duration((w.f.advance() - w.start) * float64(time.Second))
}

func (w *fleetWorker) Stop() {
	w.f.advance()
	w.f.running--
}

// BenchmarkGroupOfAThousandThroughADay runs a group of about 1,000
// instances through a simulated day: CPU published per instance and per
// group every minute, the target tracking policy's 1-minute alarms
// evaluated, and the group following a daily swing of demand between
// 800 and 1,000 instances' worth at 50 %.
func BenchmarkGroupOfAThousandThroughADay(b *testing.B) {
	b.ReportAllocs()
	var activities int
	for b.Loop() {
		clk := sim.NewClock(start)
		acct := cloud.New(cloud.WithClock(clk))
		cw := cloudwatch.New(cloudwatch.WithAccount(acct))
		svc := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithMetrics(cw))
		f := &fleet{clk: clk, at: start, demand: func(t time.Time) float64 {
			day := t.Sub(start).Hours() / 24
			return (900 + 100*math.Sin(2*math.Pi*day)) * 2 * 0.5 // vCPUs busy: m5.large has 2
		}}
		if _, err := svc.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
			LaunchTemplateName: "worker", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "m5.large", Worker: f.start},
		}); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: "fleet", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "worker"},
			MinSize: 500, MaxSize: 1100, DesiredCapacity: autoscaling.Int(900), AvailabilityZones: zones,
			DefaultInstanceWarmup: autoscaling.Duration(2 * time.Minute),
		}); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
			AutoScalingGroupName: "fleet", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
			TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
				PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
				TargetValue:                   50,
			},
		}); err != nil {
			b.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
		out, err := svc.DescribeScalingActivities(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		activities = len(out.Activities)
	}
	b.ReportMetric(float64(activities), "activities/day")
}
