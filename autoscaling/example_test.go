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

// Scheduled scaling in an office's time zone: four instances from 08:00
// to 18:00 New York time on weekdays, through the change to daylight
// saving time.
func ExampleService_PutScheduledUpdateGroupAction() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)) // a Friday
	groups := autoscaling.New(autoscaling.WithClock(clk))
	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
	})
	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app"},
		MinSize: 1, MaxSize: 8, AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	})
	for _, a := range []struct {
		name, at string
		want     int
	}{{"open", "0 8 * * MON-FRI", 4}, {"close", "0 18 * * MON-FRI", 1}} {
		groups.PutScheduledUpdateGroupAction(ctx, &autoscaling.PutScheduledUpdateGroupActionInput{
			AutoScalingGroupName: "app", ScheduledActionName: a.name, Recurrence: a.at, TimeZone: "America/New_York",
			DesiredCapacity: autoscaling.Int(a.want),
		})
	}
	for range 3*24 + 12 { // to Tuesday midnight
		before := desired(groups)
		clk.Advance(time.Hour)
		if d := desired(groups); d != before {
			fmt.Println(clk.Now().Format("Mon 15:04 MST"), "desired", d)
		}
	}
	// Output:
	// Fri 13:00 UTC desired 4
	// Fri 23:00 UTC desired 1
	// Mon 12:00 UTC desired 4
	// Mon 22:00 UTC desired 1
}

// desired is the desired capacity of the group "app".
func desired(groups *autoscaling.Service) int {
	out, _ := groups.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"app"}})
	return out.AutoScalingGroups[0].DesiredCapacity
}

// An instance refresh rolls a new launch template version out in
// batches that keep 50 % of the group in service: each batch boots for
// a minute and warms up for another before the next one starts.
func ExampleService_StartInstanceRefresh() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	groups := autoscaling.New(autoscaling.WithClock(clk))
	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro", ImageId: "ami-v1"},
	})
	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app", Version: "1"},
		MinSize: 4, MaxSize: 4, AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, DefaultInstanceWarmup: autoscaling.Duration(time.Minute),
	})
	groups.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: "app", SourceVersion: "1", LaunchTemplateData: autoscaling.LaunchTemplateData{ImageId: "ami-v2"},
	})
	clk.Advance(2 * time.Minute)
	groups.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{
		AutoScalingGroupName: "app", Preferences: &autoscaling.RefreshPreferences{MinHealthyPercentage: autoscaling.Int(50)},
		DesiredConfiguration: &autoscaling.DesiredConfiguration{LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app", Version: "2"}},
	})
	for range 12 {
		clk.Advance(30 * time.Second)
		out, _ := groups.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: "app"})
		r := out.InstanceRefreshes[0]
		fmt.Println(clk.Now().Format("15:04:05"), r.Status, r.PercentageComplete)
		if !r.EndTime.IsZero() {
			break
		}
	}
	// Output:
	// 09:02:30 InProgress 0
	// 09:03:00 InProgress 0
	// 09:03:30 InProgress 0
	// 09:04:00 InProgress 50
	// 09:04:30 InProgress 50
	// 09:05:00 InProgress 50
	// 09:05:30 InProgress 50
	// 09:06:00 Successful 100
}
