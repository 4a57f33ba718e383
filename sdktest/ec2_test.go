package sdktest

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsasg "github.com/aws/aws-sdk-go-v2/service/autoscaling"
	asgtypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// A client that knows only the AWS APIs makes a launch template with
// EC2's client and a group from it with Auto Scaling's; the image's
// program is a Go value registered with the server.
func TestEC2LaunchTemplateThenAutoScalingGroupThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	groups := autoscaling.New(autoscaling.WithAccount(cloud.New(cloud.WithClock(clk))))
	images := func(id string) *autoscaling.LaunchTemplateData {
		if id != "ami-0web" {
			return nil
		}
		return &autoscaling.LaunchTemplateData{BootTime: 3 * time.Minute, Backend: func(string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })}
		}}
	}
	srv := server.New(server.WithAutoScaling(groups), server.WithEC2(groups, images))
	ec2c := awsec2.NewFromConfig(sdkConfig(t), func(o *awsec2.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	asg := awsasg.NewFromConfig(sdkConfig(t), func(o *awsasg.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})

	lt, err := ec2c.CreateLaunchTemplate(ctx, &awsec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String("web"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-0web"), InstanceType: ec2types.InstanceTypeT3Micro},
	})
	require.NoError(t, err)
	assert.Equal(t, "web", aws.ToString(lt.LaunchTemplate.LaunchTemplateName))
	assert.Equal(t, int64(1), aws.ToInt64(lt.LaunchTemplate.LatestVersionNumber))
	assert.Equal(t, start, aws.ToTime(lt.LaunchTemplate.CreateTime))

	v2, err := ec2c.CreateLaunchTemplateVersion(ctx, &awsec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId: lt.LaunchTemplate.LaunchTemplateId, SourceVersion: aws.String("1"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeM5Large},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2), aws.ToInt64(v2.LaunchTemplateVersion.VersionNumber))
	assert.Equal(t, ec2types.InstanceTypeM5Large, v2.LaunchTemplateVersion.LaunchTemplateData.InstanceType)
	mod, err := ec2c.ModifyLaunchTemplate(ctx, &awsec2.ModifyLaunchTemplateInput{LaunchTemplateName: aws.String("web"), DefaultVersion: aws.String("2")})
	require.NoError(t, err)
	assert.Equal(t, int64(2), aws.ToInt64(mod.LaunchTemplate.DefaultVersionNumber))
	desc, err := ec2c.DescribeLaunchTemplates(ctx, &awsec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{"web"}})
	require.NoError(t, err)
	require.Len(t, desc.LaunchTemplates, 1)
	assert.Equal(t, aws.ToString(lt.LaunchTemplate.LaunchTemplateId), aws.ToString(desc.LaunchTemplates[0].LaunchTemplateId))

	_, err = asg.CreateAutoScalingGroup(ctx, &awsasg.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web"), LaunchTemplate: &asgtypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web")},
		MinSize: aws.Int32(1), MaxSize: aws.Int32(1), AvailabilityZones: []string{"us-east-1a"},
	})
	require.NoError(t, err)
	// The image's boot time, from the Go value, holds the instance Pending.
	clk.Advance(2 * time.Minute)
	g, err := asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{})
	require.NoError(t, err)
	require.Len(t, g.AutoScalingGroups[0].Instances, 1)
	inst := g.AutoScalingGroups[0].Instances[0]
	assert.Equal(t, asgtypes.LifecycleStatePending, inst.LifecycleState)
	assert.Equal(t, "m5.large", aws.ToString(inst.InstanceType))
	clk.Advance(time.Minute)
	g, err = asg.DescribeAutoScalingGroups(ctx, &awsasg.DescribeAutoScalingGroupsInput{})
	require.NoError(t, err)
	assert.Equal(t, asgtypes.LifecycleStateInService, g.AutoScalingGroups[0].Instances[0].LifecycleState)

	_, err = ec2c.CreateLaunchTemplate(ctx, &awsec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String("web"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeT3Micro},
	})
	assert.Equal(t, "InvalidLaunchTemplateName.AlreadyExistsException", apiCode(t, err))
	_, err = ec2c.DeleteLaunchTemplate(ctx, &awsec2.DeleteLaunchTemplateInput{LaunchTemplateName: aws.String("gone")})
	assert.Equal(t, "InvalidLaunchTemplateName.NotFoundException", apiCode(t, err))
	del, err := ec2c.DeleteLaunchTemplate(ctx, &awsec2.DeleteLaunchTemplateInput{LaunchTemplateName: aws.String("web")})
	require.NoError(t, err)
	assert.Equal(t, "web", aws.ToString(del.LaunchTemplate.LaunchTemplateName))
}
