package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

const (
	asgPrefix = "arn:aws:autoscaling:us-east-1:123456789012:"
	groupID   = "c7a27f55-d35e-4153-b044-8ca9155fc467"
	policyID  = "ac542982-cbeb-4294-891c-a5a941dfa787"
)

// A group's ARN is
// …:autoScalingGroup:<uuid>:autoScalingGroupName/<name>, the name 1 to
// 255 characters of text.
func TestParseAutoScalingGroup(t *testing.T) {
	group := func(name string) arn.AutoScalingGroup {
		return arn.AutoScalingGroup{Partition: "aws", Region: region, AccountID: account, ID: groupID, Name: name}
	}
	const base = asgPrefix + "autoScalingGroup:" + groupID + ":autoScalingGroupName/"
	name255 := strings.Repeat("g", 255)
	testShape(t, arn.ParseAutoScalingGroup, []shapeCase[arn.AutoScalingGroup]{
		{name: "group", in: base + "my-asg", want: group("my-asg")},
		{name: "name with colons slashes spaces", in: base + "awseb-e-x stack:A/B", want: group("awseb-e-x stack:A/B")},
		{name: "255-char name", in: base + name255, want: group(name255)},
		{name: "256-char name", in: base + name255 + "g", bad: true},
		{name: "empty name", in: base, bad: true},
		{name: "ID not a UUID", in: asgPrefix + "autoScalingGroup:abc:autoScalingGroupName/g", bad: true},
		{name: "ID in capitals", in: asgPrefix + "autoScalingGroup:" + strings.ToUpper(groupID) + ":autoScalingGroupName/g", bad: true},
		{name: "no name section", in: asgPrefix + "autoScalingGroup:" + groupID, bad: true},
		{name: "misspelt name section", in: asgPrefix + "autoScalingGroup:" + groupID + ":groupName/g", bad: true},
		{name: "lowercase resource type", in: asgPrefix + "autoscalinggroup:" + groupID + ":autoScalingGroupName/g", bad: true},
		{name: "policy ARN", in: asgPrefix + "scalingPolicy:" + policyID + ":autoScalingGroupName/g:policyName/p", bad: true},
	})
}

// A policy's ARN is
// …:scalingPolicy:<uuid>:autoScalingGroupName/<group>:policyName/<name>.
func TestParseScalingPolicy(t *testing.T) {
	policy := func(group, name string) arn.ScalingPolicy {
		return arn.ScalingPolicy{Partition: "aws", Region: region, AccountID: account, ID: policyID, GroupName: group, Name: name}
	}
	const base = asgPrefix + "scalingPolicy:" + policyID + ":autoScalingGroupName/"
	testShape(t, arn.ParseScalingPolicy, []shapeCase[arn.ScalingPolicy]{
		{name: "policy", in: base + "my-asg:policyName/scale-out", want: policy("my-asg", "scale-out")},
		{name: "names with slashes and spaces", in: base + "a/b c:policyName/d/e f", want: policy("a/b c", "d/e f")},
		{name: "policy name with the separator", in: base + "g:policyName/p:policyName/q", want: policy("g", "p:policyName/q")},
		{name: "255-char names", in: base + strings.Repeat("g", 255) + ":policyName/" + strings.Repeat("p", 255),
			want: policy(strings.Repeat("g", 255), strings.Repeat("p", 255))},
		{name: "256-char policy name", in: base + "g:policyName/" + strings.Repeat("p", 256), bad: true},
		{name: "256-char group name", in: base + strings.Repeat("g", 256) + ":policyName/p", bad: true},
		{name: "no policy name", in: base + "my-asg", bad: true},
		{name: "empty policy name", in: base + "my-asg:policyName/", bad: true},
		{name: "empty group name", in: base + ":policyName/p", bad: true},
		{name: "ID not a UUID", in: asgPrefix + "scalingPolicy:policy-id:autoScalingGroupName/g:policyName/p", bad: true},
		{name: "no group section", in: asgPrefix + "scalingPolicy:" + policyID + ":policyName/p", bad: true},
		{name: "Application Auto Scaling policy", in: asgPrefix + "scalingPolicy:" + policyID + ":resource/ecs/service/c/s:policyName/p", bad: true},
		{name: "group ARN", in: asgPrefix + "autoScalingGroup:" + groupID + ":autoScalingGroupName/g", bad: true},
	})
}
