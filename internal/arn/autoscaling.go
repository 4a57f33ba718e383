package arn

import "strings"

// Limits of the parts of Auto Scaling ARNs.
const (
	// maxAutoScalingGroupName is the longest Auto Scaling group name, in
	// characters.
	maxAutoScalingGroupName = 255
	// maxScalingPolicyName is the longest scaling policy name, in
	// characters.
	maxScalingPolicyName = 255
)

// AutoScalingGroup is the ARN of an Auto Scaling group:
// arn:aws:autoscaling:Region:AccountID:autoScalingGroup:ID:autoScalingGroupName/Name.
type AutoScalingGroup struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// ID is the group's UUID, in lowercase.
	ID string
	// Name is 1 to 255 characters of text; it may contain colons and
	// slashes.
	Name string
}

// String formats the group's ARN.
func (g AutoScalingGroup) String() string {
	return "arn:" + partition(g.Partition) + ":autoscaling:" + g.Region + ":" + g.AccountID + ":autoScalingGroup:" + g.ID + ":autoScalingGroupName/" + g.Name
}

// ParseAutoScalingGroup parses the ARN of an Auto Scaling group. The name
// is everything after "autoScalingGroupName/".
func ParseAutoScalingGroup(s string) (AutoScalingGroup, error) {
	const what = "Auto Scaling group ARN"
	a, rest, err := parseResource(s, "autoscaling", what, "autoScalingGroup:")
	if err != nil {
		return AutoScalingGroup{}, err
	}
	id, rest, _ := strings.Cut(rest, ":")
	name, ok := strings.CutPrefix(rest, "autoScalingGroupName/")
	switch {
	case !isUUID(id):
		return AutoScalingGroup{}, malformed(s, what, "the group ID is not a lowercase UUID")
	case !ok:
		return AutoScalingGroup{}, malformed(s, what, `the group ID is not followed by ":autoScalingGroupName/"`)
	case !isText(name, maxAutoScalingGroupName):
		return AutoScalingGroup{}, malformed(s, what, "the group name is not 1 to 255 characters of text")
	}
	return AutoScalingGroup{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, ID: id, Name: name}, nil
}

// ScalingPolicy is the ARN of an Auto Scaling scaling policy:
// arn:aws:autoscaling:Region:AccountID:scalingPolicy:ID:autoScalingGroupName/GroupName:policyName/Name.
// It names its group by name only: the group's own ID is not in it.
type ScalingPolicy struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// ID is the policy's UUID, in lowercase.
	ID string
	// GroupName is the name of the policy's Auto Scaling group.
	GroupName string
	// Name is 1 to 255 characters of text.
	Name string
}

// String formats the policy's ARN.
func (p ScalingPolicy) String() string {
	return "arn:" + partition(p.Partition) + ":autoscaling:" + p.Region + ":" + p.AccountID + ":scalingPolicy:" + p.ID + ":autoScalingGroupName/" + p.GroupName + ":policyName/" + p.Name
}

// ParseScalingPolicy parses the ARN of an Auto Scaling scaling policy. The
// group name ends at the first ":policyName/", the policy name is the
// rest. The policy ARNs of Application Auto Scaling, which share the
// service name but have a resource ID in place of the group, are refused.
func ParseScalingPolicy(s string) (ScalingPolicy, error) {
	const what = "scaling policy ARN"
	a, rest, err := parseResource(s, "autoscaling", what, "scalingPolicy:")
	if err != nil {
		return ScalingPolicy{}, err
	}
	id, rest, _ := strings.Cut(rest, ":")
	rest, ok := strings.CutPrefix(rest, "autoScalingGroupName/")
	group, name, named := strings.Cut(rest, ":policyName/")
	switch {
	case !isUUID(id):
		return ScalingPolicy{}, malformed(s, what, "the policy ID is not a lowercase UUID")
	case !ok:
		return ScalingPolicy{}, malformed(s, what, `the policy ID is not followed by ":autoScalingGroupName/"`)
	case !named:
		return ScalingPolicy{}, malformed(s, what, `the group name is not followed by ":policyName/"`)
	case !isText(group, maxAutoScalingGroupName):
		return ScalingPolicy{}, malformed(s, what, "the group name is not 1 to 255 characters of text")
	case !isText(name, maxScalingPolicyName):
		return ScalingPolicy{}, malformed(s, what, "the policy name is not 1 to 255 characters of text")
	}
	return ScalingPolicy{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, ID: id, GroupName: group, Name: name}, nil
}

// ScheduledAction is the ARN of an Auto Scaling scheduled action:
// arn:aws:autoscaling:Region:AccountID:scheduledUpdateGroupAction:ID:autoScalingGroupName/GroupName:scheduledActionName/Name.
type ScheduledAction struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// ID is the action's UUID, in lowercase.
	ID string
	// GroupName is the name of the action's Auto Scaling group.
	GroupName string
	// Name is 1 to 255 characters of text.
	Name string
}

// String formats the scheduled action's ARN.
func (a ScheduledAction) String() string {
	return "arn:" + partition(a.Partition) + ":autoscaling:" + a.Region + ":" + a.AccountID + ":scheduledUpdateGroupAction:" + a.ID + ":autoScalingGroupName/" + a.GroupName + ":scheduledActionName/" + a.Name
}
