package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// No query request of Auto Scaling, EC2 or Elastic Beanstalk makes the
// handler panic, and every response is well-formed XML.
func FuzzAutoScalingBeanstalkEC2Request(f *testing.F) {
	for _, body := range []string{
		"Action=CreateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=g&LaunchTemplate.LaunchTemplateName=web&MinSize=1&MaxSize=2&AvailabilityZones.member.1=us-east-1a",
		"Action=DescribeAutoScalingGroups&Version=2011-01-01&MaxRecords=1&NextToken=MQ",
		"Action=PutScalingPolicy&Version=2011-01-01&AutoScalingGroupName=web&PolicyName=p&PolicyType=StepScaling&AdjustmentType=ChangeInCapacity&StepAdjustments.member.1.MetricIntervalLowerBound=x&StepAdjustments.member.1.ScalingAdjustment=1",
		"Action=PutScheduledUpdateGroupAction&Version=2011-01-01&AutoScalingGroupName=web&ScheduledActionName=s&StartTime=2026-13-01&DesiredCapacity=1",
		"Action=StartInstanceRefresh&Version=2011-01-01&AutoScalingGroupName=web&Preferences.CheckpointPercentages.member.1=50&Preferences.MinHealthyPercentage=%3C",
		"Action=SetInstanceProtection&Version=2011-01-01&AutoScalingGroupName=web&InstanceIds.member.1=i-1&ProtectedFromScaleIn=maybe",
		"Action=CreateLaunchTemplate&Version=2016-11-15&LaunchTemplateName=%3C%26%3E&LaunchTemplateData.InstanceType=t3.micro",
		"Action=DescribeLaunchTemplates&Version=2016-11-15&LaunchTemplateName.1=web",
		"Action=CreateApplicationVersion&Version=2010-12-01&ApplicationName=a&VersionLabel=v&AutoCreateApplication=true&SourceBundle.S3Bucket=b&SourceBundle.S3Key=k",
		"Action=CreateEnvironment&Version=2010-12-01&ApplicationName=a&EnvironmentName=e&OptionSettings.member.1.Namespace=aws:autoscaling:asg&OptionSettings.member.1.OptionName=MinSize&OptionSettings.member.1.Value=-1",
		"Action=DescribeEvents&Version=2010-12-01&MaxRecords=0&NextToken=%ff",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		envs := beanstalk.New(beanstalk.WithClock(clk))
		groups := envs.AutoScaling()
		if _, err := groups.CreateLaunchTemplate(context.Background(), &autoscaling.CreateLaunchTemplateInput{
			LaunchTemplateName: "web", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := groups.CreateAutoScalingGroup(context.Background(), &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: "web", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
			MinSize: 1, MaxSize: 2, AvailabilityZones: []string{"us-east-1a"},
		}); err != nil {
			t.Fatal(err)
		}
		sample := &beanstalk.SourceBundle{Server: func(string) elb.Backend { return elb.Backend{Handler: http.NotFoundHandler()} }}
		bundles := func(string, string) *beanstalk.SourceBundle { return sample }
		srv := New(WithAutoScaling(groups), WithEC2(groups, nil), WithBeanstalk(envs, bundles))
		rec := postQuery(srv, body)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
			return // the JSON front end's refusal of a request of no service
		}
		checkXML(t, rec)
	})
}
