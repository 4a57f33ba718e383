package autoscaling_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// A group launches its desired capacity, and scale-in writes why, in
// AWS's words.
func ExampleService_SetDesiredCapacity() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	groups := autoscaling.New(autoscaling.WithClock(clk))
	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
	})
	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app"},
		MinSize: 1, MaxSize: 4, DesiredCapacity: autoscaling.Int(3), AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	})
	clk.Advance(time.Minute) // booted: in service
	groups.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: "app", DesiredCapacity: 1})

	out, _ := groups.DescribeAutoScalingGroups(ctx, nil)
	for _, i := range out.AutoScalingGroups[0].Instances {
		fmt.Println(i.AvailabilityZone, i.LifecycleState)
	}
	acts, _ := groups.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: "app"})
	fmt.Println(acts.Activities[0].Cause)
	// Output:
	// us-east-1b InService
	// At 2026-03-02T09:01:00Z a user request explicitly set group desired capacity changing the desired capacity from 3 to 1.  At 2026-03-02T09:01:00Z an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 3 to 1.
}

// The loop closed: traffic through a load balancer keeps the instances'
// CPUs busy, the target tracking policy's alarm sees it, and the group
// grows until the load per instance is back under the target.
func ExampleService_PutScalingPolicy_targetTracking() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk))
	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
	lbs := elb.New(elb.WithAccount(acct), elb.WithMetrics(cw))
	groups := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(lbs), autoscaling.WithMetrics(cw))

	lb, _ := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}})
	tg, _ := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: elb.ProtocolHTTP, Port: 8080})
	tgARN := tg.TargetGroups[0].TargetGroupArn
	l, _ := lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: elb.ProtocolHTTP, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tgARN}},
	})
	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web",
		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "c5.large", Backend: func(string) elb.Backend {
			ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
			return elb.Backend{Handler: ok, Workers: 2} // two vCPUs
		}},
	})
	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "web", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
		MinSize: 2, MaxSize: 20, AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		TargetGroupARNs: []string{tgARN}, HealthCheckType: autoscaling.HealthCheckELB,
		DefaultInstanceWarmup: autoscaling.Duration(2 * time.Minute),
	})
	groups.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: "web", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
		TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
			TargetValue:                   50,
		},
	})
	clk.Advance(5 * time.Minute)

	// 600 requests/s of 5 ms each need three vCPUs: 75 % of two c5.large.
	lbs.StartTraffic(l.Listeners[0].ListenerArn, elb.Traffic{
		Rate:  func(time.Time) float64 { return 600 },
		Kinds: []elb.RequestKind{{Work: 5 * time.Millisecond}},
	})
	for range 4 {
		clk.Advance(5 * time.Minute)
		out, _ := groups.DescribeAutoScalingGroups(ctx, nil)
		fmt.Println(clk.Now().Format("15:04"), "desired", out.AutoScalingGroups[0].DesiredCapacity)
	}
	// Output:
	// 09:10 desired 3
	// 09:15 desired 3
	// 09:20 desired 3
	// 09:25 desired 3
}
