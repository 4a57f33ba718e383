package autoscaling_test

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
)

// An Availability Zone goes dark for half an hour: the group's instances
// there are replaced in the other zone, its launches into the dark zone
// fail with EC2's message, and once the zone is back AZRebalance moves
// the instances back.
func Example_zoneOutage() {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk))
	groups := autoscaling.New(autoscaling.WithAccount(acct))
	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "app", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "m5.large"},
	})
	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "app", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "app"},
		MinSize: 4, MaxSize: 4, AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	})
	acct.SetFaultPlan(cloud.FaultRule{Name: "az-a-down", Fault: cloud.FaultZoneOutage, Resource: "us-east-1a",
		Probability: 1, From: start.Add(10 * time.Minute), Until: start.Add(40 * time.Minute)})

	zones := func() map[string]int {
		out, _ := groups.DescribeAutoScalingGroups(ctx, nil)
		n := map[string]int{}
		for _, i := range out.AutoScalingGroups[0].Instances {
			if i.LifecycleState == autoscaling.StateInService {
				n[i.AvailabilityZone]++
			}
		}
		return n
	}
	clk.AdvanceTo(start.Add(5 * time.Minute))
	fmt.Println("before:", zones())
	clk.AdvanceTo(start.Add(30 * time.Minute))
	fmt.Println("dark:  ", zones())
	clk.AdvanceTo(start.Add(50 * time.Minute))
	fmt.Println("back:  ", zones())

	acts, _ := groups.DescribeScalingActivities(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: "app"})
	for _, a := range acts.Activities {
		if a.StatusCode == "Failed" {
			fmt.Println(a.StatusMessage)
			break
		}
	}
	// Output:
	// before: map[us-east-1a:2 us-east-1b:2]
	// dark:   map[us-east-1b:4]
	// back:   map[us-east-1a:2 us-east-1b:2]
	// We currently do not have sufficient m5.large capacity in the Availability Zone you requested (us-east-1a). Our system will be working on provisioning additional capacity. You can currently get m5.large capacity by not specifying an Availability Zone in your request or choosing us-east-1b. Launching EC2 instance failed.
}
