package server

import (
	"context"
	"net/http"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
)

// autoScalingVersion is the API version Auto Scaling's query requests
// carry.
const autoScalingVersion = "2011-01-01"

// autoScalingQuery is Auto Scaling's query protocol: its XML namespace,
// errors without a Detail, and the actions whose output is empty
// (smithy.api#Unit in the model), whose responses have no result.
var autoScalingQuery = &queryService{
	namespace: "http://autoscaling.amazonaws.com/doc/2011-01-01/",
	noResult: map[string]bool{
		"AttachInstances": true, "CreateAutoScalingGroup": true, "DeleteAutoScalingGroup": true,
		"DeleteNotificationConfiguration": true, "DeletePolicy": true, "DeleteScheduledAction": true,
		"DisableMetricsCollection": true, "EnableMetricsCollection": true, "ExecutePolicy": true,
		"PutNotificationConfiguration": true, "PutScheduledUpdateGroupAction": true, "ResumeProcesses": true,
		"SetDesiredCapacity": true, "SetInstanceHealth": true, "SuspendProcesses": true, "UpdateAutoScalingGroup": true,
	},
}

// autoScalingActions are the actions the Auto Scaling handler serves.
var autoScalingActions = map[string]bool{
	"CreateAutoScalingGroup": true, "UpdateAutoScalingGroup": true, "DeleteAutoScalingGroup": true,
	"DescribeAutoScalingGroups": true, "DescribeAutoScalingInstances": true, "SetDesiredCapacity": true,
	"SetInstanceHealth": true, "SetInstanceProtection": true, "TerminateInstanceInAutoScalingGroup": true,
	"PutScalingPolicy": true, "DescribePolicies": true, "DeletePolicy": true, "ExecutePolicy": true,
	"PutScheduledUpdateGroupAction": true, "DescribeScheduledActions": true, "DeleteScheduledAction": true,
	"PutLifecycleHook": true, "DescribeLifecycleHooks": true, "DeleteLifecycleHook": true,
	"CompleteLifecycleAction": true, "RecordLifecycleActionHeartbeat": true,
	"StartInstanceRefresh": true, "CancelInstanceRefresh": true, "DescribeInstanceRefreshes": true,
	"EnterStandby": true, "ExitStandby": true, "AttachInstances": true, "DetachInstances": true,
	"AttachLoadBalancerTargetGroups": true, "DetachLoadBalancerTargetGroups": true, "DescribeLoadBalancerTargetGroups": true,
	"AttachLoadBalancers": true, "DetachLoadBalancers": true, "DescribeLoadBalancers": true,
	"PutNotificationConfiguration": true, "DescribeNotificationConfigurations": true, "DeleteNotificationConfiguration": true,
	"EnableMetricsCollection": true, "DisableMetricsCollection": true,
	"SuspendProcesses": true, "ResumeProcesses": true, "DescribeScalingActivities": true,
}

// autoScalingAPI routes Auto Scaling's query requests.
var autoScalingAPI = &queryAPI{
	name: "Auto Scaling", version: autoScalingVersion, signingName: "autoscaling", actions: autoScalingActions, form: autoScalingQuery,
}

// WithAutoScaling serves svc with the Amazon EC2 Auto Scaling protocol:
// the AWS query protocol (a form-encoded POST with
// Action=Operation&Version=2011-01-01, answered in XML), as aws-sdk-go-v2,
// boto3 and the AWS CLI send it. Give it once per account, as [WithSQS].
// The launch templates a group launches from are made with the Go API
// (autoscaling.Service.CreateLaunchTemplate) or, with [WithEC2], by the
// client over EC2's protocol. It panics when svc is nil or a service of
// the same account ID is given twice.
func WithAutoScaling(svc *autoscaling.Service) Option {
	if svc == nil {
		panic("server.WithAutoScaling: nil *autoscaling.Service")
	}
	return serve("WithAutoScaling", service{name: "Auto Scaling", account: svc.Account(), install: func(a *account) {
		a.query[autoScalingAPI] = &autoScalingHandler{svc: svc}
	}})
}

// autoScalingHandler serves one autoscaling.Service over the AWS query
// protocol.
type autoScalingHandler struct {
	svc *autoscaling.Service
}

// serveQuery runs the action of a query request whose parameters are f.
func (h *autoScalingHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveAction(r, rw, f, autoScalingQuery, h.run)
}

// launchTemplateSpec reads a LaunchTemplateSpecification at p
// ("LaunchTemplate."), nil when none of its members is given.
func (f *form) launchTemplateSpec(p string) *autoscaling.LaunchTemplateSpecification {
	if !f.hasPrefix(p) {
		return nil
	}
	return &autoscaling.LaunchTemplateSpecification{
		LaunchTemplateId: f.get(p + "LaunchTemplateId"), LaunchTemplateName: f.get(p + "LaunchTemplateName"), Version: f.get(p + "Version"),
	}
}

// mixedInstancesPolicy reads a MixedInstancesPolicy at p, nil when none
// of its members is given.
func (f *form) mixedInstancesPolicy(p string) *autoscaling.MixedInstancesPolicy {
	if !f.hasPrefix(p) {
		return nil
	}
	m := &autoscaling.MixedInstancesPolicy{}
	if spec := f.launchTemplateSpec(p + "LaunchTemplate.LaunchTemplateSpecification."); spec != nil {
		m.LaunchTemplate.LaunchTemplateSpecification = *spec
	}
	f.structs(p+"LaunchTemplate.Overrides", func(o string) {
		m.LaunchTemplate.Overrides = append(m.LaunchTemplate.Overrides, autoscaling.LaunchTemplateOverrides{InstanceType: f.get(o + "InstanceType")})
	})
	d := p + "InstancesDistribution."
	m.InstancesDistribution.OnDemandBaseCapacity, _ = f.integer(d + "OnDemandBaseCapacity")
	m.InstancesDistribution.OnDemandPercentageAboveBaseCapacity = f.intPtr(d + "OnDemandPercentageAboveBaseCapacity")
	m.InstancesDistribution.SpotAllocationStrategy = f.get(d + "SpotAllocationStrategy")
	return m
}

// desiredConfiguration reads a DesiredConfiguration at p, nil when none
// of its members is given.
func (f *form) desiredConfiguration(p string) *autoscaling.DesiredConfiguration {
	if !f.hasPrefix(p) {
		return nil
	}
	return &autoscaling.DesiredConfiguration{
		LaunchTemplate: f.launchTemplateSpec(p + "LaunchTemplate."), MixedInstancesPolicy: f.mixedInstancesPolicy(p + "MixedInstancesPolicy."),
	}
}

// refreshPreferences reads the Preferences of StartInstanceRefresh.
func (f *form) refreshPreferences(p string) *autoscaling.RefreshPreferences {
	if !f.hasPrefix(p) {
		return nil
	}
	return &autoscaling.RefreshPreferences{
		MinHealthyPercentage: f.intPtr(p + "MinHealthyPercentage"), MaxHealthyPercentage: f.intPtr(p + "MaxHealthyPercentage"),
		InstanceWarmup: f.seconds(p + "InstanceWarmup"), CheckpointPercentages: f.intMembers(p + "CheckpointPercentages"),
		CheckpointDelay: f.seconds(p + "CheckpointDelay"), SkipMatching: f.boolean(p + "SkipMatching"),
		AutoRollback: f.boolean(p + "AutoRollback"), ScaleInProtectedInstances: f.get(p + "ScaleInProtectedInstances"),
		StandbyInstances: f.get(p + "StandbyInstances"), BakeTime: f.duration(p + "BakeTime"),
	}
}

// targetTracking reads a TargetTrackingConfiguration at p.
func (f *form) targetTracking(p string) *autoscaling.TargetTrackingConfiguration {
	if !f.hasPrefix(p) {
		return nil
	}
	c := &autoscaling.TargetTrackingConfiguration{DisableScaleIn: f.boolean(p + "DisableScaleIn")}
	if v := f.float(p + "TargetValue"); v != nil {
		c.TargetValue = *v
	}
	if q := p + "PredefinedMetricSpecification."; f.hasPrefix(q) {
		c.PredefinedMetricSpecification = &autoscaling.PredefinedMetricSpecification{
			PredefinedMetricType: f.get(q + "PredefinedMetricType"), ResourceLabel: f.get(q + "ResourceLabel"),
		}
	}
	if q := p + "CustomizedMetricSpecification."; f.hasPrefix(q) {
		m := &autoscaling.CustomizedMetricSpecification{
			MetricName: f.get(q + "MetricName"), Namespace: f.get(q + "Namespace"),
			Statistic: cloudwatch.Statistic(f.get(q + "Statistic")), Unit: cloudwatch.StandardUnit(f.get(q + "Unit")),
		}
		f.structs(q+"Dimensions", func(d string) {
			m.Dimensions = append(m.Dimensions, cloudwatch.Dimension{Name: f.get(d + "Name"), Value: f.get(d + "Value")})
		})
		c.CustomizedMetricSpecification = m
	}
	return c
}

// required refuses a request without the parameters names, which the
// model requires and the Go API cannot tell from zero (numbers and
// flags), with the ValidationError AWS sends, or with the error of a
// malformed parameter read before.
func (f *form) required(names ...string) error {
	if f.err != nil {
		return f.err
	}
	for _, n := range names {
		if !f.has(n) {
			return errValidation.With("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", lowerFirst(n))
		}
	}
	return nil
}

// lowerFirst is a member's name as AWS's validation messages write it.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// run calls the service for one action and writes the result's members,
// named as Auto Scaling's model names them.
func (h *autoScalingHandler) run(ctx context.Context, action string, f *form, x *xmlWriter) error {
	group := f.get("AutoScalingGroupName")
	switch action {
	case "CreateAutoScalingGroup":
		if err := f.required("MinSize", "MaxSize"); err != nil {
			return err
		}
		in := &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: group, LaunchTemplate: f.launchTemplateSpec("LaunchTemplate."),
			MixedInstancesPolicy: f.mixedInstancesPolicy("MixedInstancesPolicy."), CapacityRebalance: f.boolean("CapacityRebalance"),
			DesiredCapacity: f.intPtr("DesiredCapacity"), AvailabilityZones: f.members("AvailabilityZones"),
			TargetGroupARNs: f.members("TargetGroupARNs"), LoadBalancerNames: f.members("LoadBalancerNames"),
			HealthCheckType: f.get("HealthCheckType"), HealthCheckGracePeriod: f.duration("HealthCheckGracePeriod"),
			DefaultCooldown: f.seconds("DefaultCooldown"), DefaultInstanceWarmup: f.seconds("DefaultInstanceWarmup"),
			NewInstancesProtectedFromScaleIn: f.boolean("NewInstancesProtectedFromScaleIn"),
			MaxInstanceLifetime:              f.duration("MaxInstanceLifetime"), TerminationPolicies: f.members("TerminationPolicies"),
		}
		in.MinSize, _ = f.integer("MinSize")
		in.MaxSize, _ = f.integer("MaxSize")
		f.structs("LifecycleHookSpecificationList", func(p string) {
			in.LifecycleHookSpecificationList = append(in.LifecycleHookSpecificationList, autoscaling.LifecycleHookSpecification{
				LifecycleHookName: f.get(p + "LifecycleHookName"), LifecycleTransition: f.get(p + "LifecycleTransition"),
				HeartbeatTimeout: f.duration(p + "HeartbeatTimeout"), DefaultResult: f.get(p + "DefaultResult"),
				NotificationTargetARN: f.get(p + "NotificationTargetARN"), RoleARN: f.get(p + "RoleARN"),
				NotificationMetadata: f.get(p + "NotificationMetadata"),
			})
		})
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.CreateAutoScalingGroup(ctx, in)
		return err
	case "UpdateAutoScalingGroup":
		in := &autoscaling.UpdateAutoScalingGroupInput{
			AutoScalingGroupName: group, LaunchTemplate: f.launchTemplateSpec("LaunchTemplate."),
			MinSize: f.intPtr("MinSize"), MaxSize: f.intPtr("MaxSize"), DesiredCapacity: f.intPtr("DesiredCapacity"),
			AvailabilityZones: f.members("AvailabilityZones"), HealthCheckType: f.get("HealthCheckType"),
			HealthCheckGracePeriod: f.seconds("HealthCheckGracePeriod"), DefaultCooldown: f.seconds("DefaultCooldown"),
			DefaultInstanceWarmup: f.seconds("DefaultInstanceWarmup"), NewInstancesProtectedFromScaleIn: f.boolPtr("NewInstancesProtectedFromScaleIn"),
			MaxInstanceLifetime: f.seconds("MaxInstanceLifetime"), TerminationPolicies: f.members("TerminationPolicies"),
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.UpdateAutoScalingGroup(ctx, in)
		return err
	case "DeleteAutoScalingGroup":
		in := &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: group, ForceDelete: f.boolean("ForceDelete")}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.DeleteAutoScalingGroup(ctx, in)
		return err
	case "DescribeAutoScalingGroups":
		out, err := h.svc.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: f.members("AutoScalingGroupNames")})
		if err != nil {
			return err
		}
		return writePage(f, x, "AutoScalingGroups", out.AutoScalingGroups, 50, 100, func(g *autoscaling.Group) string { return g.AutoScalingGroupName }, x.group)
	case "DescribeAutoScalingInstances":
		out, err := h.svc.DescribeAutoScalingInstances(ctx, &autoscaling.DescribeAutoScalingInstancesInput{InstanceIds: f.members("InstanceIds")})
		if err != nil {
			return err
		}
		return writePage(f, x, "AutoScalingInstances", out.AutoScalingInstances, 50, 50, func(i *autoscaling.Instance) string { return i.InstanceId }, func(i *autoscaling.Instance) {
			x.text("AutoScalingGroupName", i.AutoScalingGroupName)
			x.instance(i)
		})
	case "SetDesiredCapacity":
		if err := f.required("DesiredCapacity"); err != nil {
			return err
		}
		in := &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: group, HonorCooldown: f.boolean("HonorCooldown")}
		in.DesiredCapacity, _ = f.integer("DesiredCapacity")
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.SetDesiredCapacity(ctx, in)
		return err
	case "SetInstanceHealth":
		in := &autoscaling.SetInstanceHealthInput{
			InstanceId: f.get("InstanceId"), HealthStatus: f.get("HealthStatus"), ShouldRespectGracePeriod: f.boolPtr("ShouldRespectGracePeriod"),
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.SetInstanceHealth(ctx, in)
		return err
	case "SetInstanceProtection":
		in := &autoscaling.SetInstanceProtectionInput{
			AutoScalingGroupName: group, InstanceIds: f.members("InstanceIds"), ProtectedFromScaleIn: f.boolean("ProtectedFromScaleIn"),
		}
		if err := f.required("ProtectedFromScaleIn"); err != nil {
			return err
		}
		_, err := h.svc.SetInstanceProtection(ctx, in)
		return err
	case "TerminateInstanceInAutoScalingGroup":
		in := &autoscaling.TerminateInstanceInAutoScalingGroupInput{
			InstanceId: f.get("InstanceId"), ShouldDecrementDesiredCapacity: f.boolean("ShouldDecrementDesiredCapacity"),
		}
		if err := f.required("ShouldDecrementDesiredCapacity"); err != nil {
			return err
		}
		out, err := h.svc.TerminateInstanceInAutoScalingGroup(ctx, in)
		if err != nil {
			return err
		}
		x.open("Activity")
		x.activity(&out.Activity)
		x.close("Activity")
	case "PutScalingPolicy":
		in := &autoscaling.PutScalingPolicyInput{
			AutoScalingGroupName: group, PolicyName: f.get("PolicyName"), PolicyType: f.get("PolicyType"),
			AdjustmentType: f.get("AdjustmentType"), ScalingAdjustment: f.intPtr("ScalingAdjustment"),
			MinAdjustmentMagnitude: f.intPtr("MinAdjustmentMagnitude"), Cooldown: f.seconds("Cooldown"),
			MetricAggregationType: f.get("MetricAggregationType"), EstimatedInstanceWarmup: f.seconds("EstimatedInstanceWarmup"),
			TargetTrackingConfiguration: f.targetTracking("TargetTrackingConfiguration."), Enabled: f.boolPtr("Enabled"),
		}
		f.structs("StepAdjustments", func(p string) {
			s := autoscaling.StepAdjustment{
				MetricIntervalLowerBound: f.float(p + "MetricIntervalLowerBound"), MetricIntervalUpperBound: f.float(p + "MetricIntervalUpperBound"),
			}
			s.ScalingAdjustment, _ = f.integer(p + "ScalingAdjustment")
			in.StepAdjustments = append(in.StepAdjustments, s)
		})
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.PutScalingPolicy(ctx, in)
		if err != nil {
			return err
		}
		x.text("PolicyARN", out.PolicyARN)
		x.alarms(out.Alarms)
	case "DescribePolicies":
		out, err := h.svc.DescribePolicies(ctx, &autoscaling.DescribePoliciesInput{
			AutoScalingGroupName: group, PolicyNames: f.members("PolicyNames"), PolicyTypes: f.members("PolicyTypes"),
		})
		if err != nil {
			return err
		}
		return writePage(f, x, "ScalingPolicies", out.ScalingPolicies, 50, 50, func(p *autoscaling.ScalingPolicy) string { return p.PolicyARN }, x.policy)
	case "DeletePolicy":
		_, err := h.svc.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{AutoScalingGroupName: group, PolicyName: f.get("PolicyName")})
		return err
	case "ExecutePolicy":
		in := &autoscaling.ExecutePolicyInput{
			AutoScalingGroupName: group, PolicyName: f.get("PolicyName"), HonorCooldown: f.boolean("HonorCooldown"),
			MetricValue: f.float("MetricValue"), BreachThreshold: f.float("BreachThreshold"),
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.ExecutePolicy(ctx, in)
		return err
	case "PutScheduledUpdateGroupAction":
		in := &autoscaling.PutScheduledUpdateGroupActionInput{
			AutoScalingGroupName: group, ScheduledActionName: f.get("ScheduledActionName"),
			StartTime: f.timestamp("StartTime"), EndTime: f.timestamp("EndTime"), Recurrence: f.get("Recurrence"),
			TimeZone: f.get("TimeZone"), MinSize: f.intPtr("MinSize"), MaxSize: f.intPtr("MaxSize"), DesiredCapacity: f.intPtr("DesiredCapacity"),
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.PutScheduledUpdateGroupAction(ctx, in)
		return err
	case "DescribeScheduledActions":
		in := &autoscaling.DescribeScheduledActionsInput{
			AutoScalingGroupName: group, ScheduledActionNames: f.members("ScheduledActionNames"),
			StartTime: f.timestamp("StartTime"), EndTime: f.timestamp("EndTime"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.DescribeScheduledActions(ctx, in)
		if err != nil {
			return err
		}
		return writePage(f, x, "ScheduledUpdateGroupActions", out.ScheduledUpdateGroupActions, 50, 100, func(a *autoscaling.ScheduledAction) string { return a.ScheduledActionARN }, func(a *autoscaling.ScheduledAction) {
			x.text("AutoScalingGroupName", a.AutoScalingGroupName)
			x.text("ScheduledActionName", a.ScheduledActionName)
			x.text("ScheduledActionARN", a.ScheduledActionARN)
			x.timestamp("StartTime", a.StartTime)
			x.timestamp("EndTime", a.EndTime)
			x.optional("Recurrence", a.Recurrence)
			x.optionalInt("MinSize", a.MinSize)
			x.optionalInt("MaxSize", a.MaxSize)
			x.optionalInt("DesiredCapacity", a.DesiredCapacity)
			x.optional("TimeZone", a.TimeZone)
		})
	case "DeleteScheduledAction":
		_, err := h.svc.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{AutoScalingGroupName: group, ScheduledActionName: f.get("ScheduledActionName")})
		return err
	case "PutLifecycleHook":
		in := &autoscaling.PutLifecycleHookInput{
			AutoScalingGroupName: group, LifecycleHookName: f.get("LifecycleHookName"), LifecycleTransition: f.get("LifecycleTransition"),
			HeartbeatTimeout: f.duration("HeartbeatTimeout"), DefaultResult: f.get("DefaultResult"),
			NotificationTargetARN: f.get("NotificationTargetARN"), RoleARN: f.get("RoleARN"), NotificationMetadata: f.get("NotificationMetadata"),
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.PutLifecycleHook(ctx, in)
		return err
	case "DescribeLifecycleHooks":
		out, err := h.svc.DescribeLifecycleHooks(ctx, &autoscaling.DescribeLifecycleHooksInput{AutoScalingGroupName: group, LifecycleHookNames: f.members("LifecycleHookNames")})
		if err != nil {
			return err
		}
		writeMembers(x, "LifecycleHooks", out.LifecycleHooks, func(k *autoscaling.LifecycleHook) {
			x.text("LifecycleHookName", k.LifecycleHookName)
			x.text("AutoScalingGroupName", k.AutoScalingGroupName)
			x.text("LifecycleTransition", k.LifecycleTransition)
			x.optional("NotificationTargetARN", k.NotificationTargetARN)
			x.optional("RoleARN", k.RoleARN)
			x.optional("NotificationMetadata", k.NotificationMetadata)
			x.seconds("HeartbeatTimeout", k.HeartbeatTimeout)
			x.seconds("GlobalTimeout", k.GlobalTimeout)
			x.text("DefaultResult", k.DefaultResult)
		})
	case "DeleteLifecycleHook":
		_, err := h.svc.DeleteLifecycleHook(ctx, &autoscaling.DeleteLifecycleHookInput{AutoScalingGroupName: group, LifecycleHookName: f.get("LifecycleHookName")})
		return err
	case "CompleteLifecycleAction", "RecordLifecycleActionHeartbeat":
		in := &autoscaling.CompleteLifecycleActionInput{
			AutoScalingGroupName: group, LifecycleHookName: f.get("LifecycleHookName"),
			LifecycleActionToken: f.get("LifecycleActionToken"), InstanceId: f.get("InstanceId"),
		}
		var err error
		if action == "CompleteLifecycleAction" {
			in.LifecycleActionResult = f.get("LifecycleActionResult")
			_, err = h.svc.CompleteLifecycleAction(ctx, in)
		} else {
			_, err = h.svc.RecordLifecycleActionHeartbeat(ctx, in)
		}
		return err
	case "StartInstanceRefresh":
		in := &autoscaling.StartInstanceRefreshInput{
			AutoScalingGroupName: group, Strategy: f.get("Strategy"),
			DesiredConfiguration: f.desiredConfiguration("DesiredConfiguration."), Preferences: f.refreshPreferences("Preferences."),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.StartInstanceRefresh(ctx, in)
		if err != nil {
			return err
		}
		x.text("InstanceRefreshId", out.InstanceRefreshId)
	case "CancelInstanceRefresh":
		out, err := h.svc.CancelInstanceRefresh(ctx, &autoscaling.CancelInstanceRefreshInput{AutoScalingGroupName: group})
		if err != nil {
			return err
		}
		x.text("InstanceRefreshId", out.InstanceRefreshId)
	case "DescribeInstanceRefreshes":
		out, err := h.svc.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: group, InstanceRefreshIds: f.members("InstanceRefreshIds")})
		if err != nil {
			return err
		}
		return writePage(f, x, "InstanceRefreshes", out.InstanceRefreshes, 50, 100, func(r *autoscaling.InstanceRefresh) string { return r.InstanceRefreshId }, x.refresh)
	case "EnterStandby":
		in := &autoscaling.EnterStandbyInput{AutoScalingGroupName: group, InstanceIds: f.members("InstanceIds"), ShouldDecrementDesiredCapacity: f.boolean("ShouldDecrementDesiredCapacity")}
		if err := f.required("ShouldDecrementDesiredCapacity"); err != nil {
			return err
		}
		out, err := h.svc.EnterStandby(ctx, in)
		if err != nil {
			return err
		}
		x.activities(out.Activities)
	case "ExitStandby":
		out, err := h.svc.ExitStandby(ctx, &autoscaling.ExitStandbyInput{AutoScalingGroupName: group, InstanceIds: f.members("InstanceIds")})
		if err != nil {
			return err
		}
		x.activities(out.Activities)
	case "DetachInstances":
		in := &autoscaling.DetachInstancesInput{AutoScalingGroupName: group, InstanceIds: f.members("InstanceIds"), ShouldDecrementDesiredCapacity: f.boolean("ShouldDecrementDesiredCapacity")}
		if err := f.required("ShouldDecrementDesiredCapacity"); err != nil {
			return err
		}
		out, err := h.svc.DetachInstances(ctx, in)
		if err != nil {
			return err
		}
		x.activities(out.Activities)
	case "AttachInstances":
		_, err := h.svc.AttachInstances(ctx, &autoscaling.AttachInstancesInput{AutoScalingGroupName: group, InstanceIds: f.members("InstanceIds")})
		return err
	case "AttachLoadBalancerTargetGroups":
		_, err := h.svc.AttachLoadBalancerTargetGroups(ctx, &autoscaling.AttachLoadBalancerTargetGroupsInput{AutoScalingGroupName: group, TargetGroupARNs: f.members("TargetGroupARNs")})
		return err
	case "DetachLoadBalancerTargetGroups":
		_, err := h.svc.DetachLoadBalancerTargetGroups(ctx, &autoscaling.DetachLoadBalancerTargetGroupsInput{AutoScalingGroupName: group, TargetGroupARNs: f.members("TargetGroupARNs")})
		return err
	case "AttachLoadBalancers":
		_, err := h.svc.AttachLoadBalancers(ctx, &autoscaling.AttachLoadBalancersInput{AutoScalingGroupName: group, LoadBalancerNames: f.members("LoadBalancerNames")})
		return err
	case "DetachLoadBalancers":
		_, err := h.svc.DetachLoadBalancers(ctx, &autoscaling.DetachLoadBalancersInput{AutoScalingGroupName: group, LoadBalancerNames: f.members("LoadBalancerNames")})
		return err
	case "DescribeLoadBalancerTargetGroups", "DescribeLoadBalancers":
		in := &autoscaling.DescribeLoadBalancerTargetGroupsInput{AutoScalingGroupName: group}
		describe, list, key := h.svc.DescribeLoadBalancerTargetGroups, "LoadBalancerTargetGroups", "LoadBalancerTargetGroupARN"
		if action == "DescribeLoadBalancers" {
			describe, list, key = h.svc.DescribeLoadBalancers, "LoadBalancers", "LoadBalancerName"
		}
		out, err := describe(ctx, in)
		if err != nil {
			return err
		}
		return writePage(f, x, list, out.LoadBalancers, 100, 100, func(lb *autoscaling.LoadBalancerState) string {
			return lb.LoadBalancerTargetGroupARN + lb.LoadBalancerName
		}, func(lb *autoscaling.LoadBalancerState) {
			x.text(key, lb.LoadBalancerTargetGroupARN+lb.LoadBalancerName)
			x.text("State", lb.State)
		})
	case "PutNotificationConfiguration":
		_, err := h.svc.PutNotificationConfiguration(ctx, &autoscaling.PutNotificationConfigurationInput{
			AutoScalingGroupName: group, TopicARN: f.get("TopicARN"), NotificationTypes: f.members("NotificationTypes"),
		})
		return err
	case "DescribeNotificationConfigurations":
		out, err := h.svc.DescribeNotificationConfigurations(ctx, &autoscaling.DescribeNotificationConfigurationsInput{AutoScalingGroupNames: f.members("AutoScalingGroupNames")})
		if err != nil {
			return err
		}
		return writePage(f, x, "NotificationConfigurations", out.NotificationConfigurations, 50, 100, func(n *autoscaling.NotificationConfiguration) string {
			return n.AutoScalingGroupName + " " + n.TopicARN + " " + n.NotificationType
		}, func(n *autoscaling.NotificationConfiguration) {
			x.text("AutoScalingGroupName", n.AutoScalingGroupName)
			x.text("TopicARN", n.TopicARN)
			x.text("NotificationType", n.NotificationType)
		})
	case "DeleteNotificationConfiguration":
		_, err := h.svc.DeleteNotificationConfiguration(ctx, &autoscaling.DeleteNotificationConfigurationInput{AutoScalingGroupName: group, TopicARN: f.get("TopicARN")})
		return err
	case "EnableMetricsCollection", "DisableMetricsCollection":
		in := &autoscaling.EnableMetricsCollectionInput{AutoScalingGroupName: group, Metrics: f.members("Metrics"), Granularity: f.get("Granularity")}
		var err error
		if action == "EnableMetricsCollection" {
			_, err = h.svc.EnableMetricsCollection(ctx, in)
		} else {
			_, err = h.svc.DisableMetricsCollection(ctx, in)
		}
		return err
	case "SuspendProcesses", "ResumeProcesses":
		in := &autoscaling.SuspendProcessesInput{AutoScalingGroupName: group, ScalingProcesses: f.members("ScalingProcesses")}
		var err error
		if action == "SuspendProcesses" {
			_, err = h.svc.SuspendProcesses(ctx, in)
		} else {
			_, err = h.svc.ResumeProcesses(ctx, in)
		}
		return err
	case "DescribeScalingActivities":
		in := &autoscaling.DescribeScalingActivitiesInput{
			AutoScalingGroupName: group, ActivityIds: f.members("ActivityIds"), IncludeDeletedGroups: f.boolean("IncludeDeletedGroups"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.DescribeScalingActivities(ctx, in)
		if err != nil {
			return err
		}
		return writePage(f, x, "Activities", out.Activities, 100, 100, func(a *autoscaling.Activity) string { return a.ActivityId }, x.activity)
	case "":
		return errMissingAction.With("Missing Action")
	default:
		return errInvalidAction.With("The action %s is not valid for this web service.", action)
	}
	return nil
}

// launchTemplateSpec writes a LaunchTemplateSpecification's members.
func (x *xmlWriter) launchTemplateSpec(name string, s autoscaling.LaunchTemplateSpecification) {
	x.open(name)
	x.optional("LaunchTemplateId", s.LaunchTemplateId)
	x.optional("LaunchTemplateName", s.LaunchTemplateName)
	x.optional("Version", s.Version)
	x.close(name)
}

// mixedInstancesPolicy writes a MixedInstancesPolicy.
func (x *xmlWriter) mixedInstancesPolicy(m *autoscaling.MixedInstancesPolicy) {
	x.open("MixedInstancesPolicy")
	x.open("LaunchTemplate")
	x.launchTemplateSpec("LaunchTemplateSpecification", m.LaunchTemplate.LaunchTemplateSpecification)
	writeMembers(x, "Overrides", m.LaunchTemplate.Overrides, func(o *autoscaling.LaunchTemplateOverrides) {
		x.text("InstanceType", o.InstanceType)
	})
	x.close("LaunchTemplate")
	d := m.InstancesDistribution
	x.open("InstancesDistribution")
	x.integer("OnDemandBaseCapacity", d.OnDemandBaseCapacity)
	pct := 100 // the model's default
	if d.OnDemandPercentageAboveBaseCapacity != nil {
		pct = *d.OnDemandPercentageAboveBaseCapacity
	}
	x.integer("OnDemandPercentageAboveBaseCapacity", pct)
	x.optional("SpotAllocationStrategy", d.SpotAllocationStrategy)
	x.close("InstancesDistribution")
	x.close("MixedInstancesPolicy")
}

// instance writes the members of an instance that a group's Instances and
// DescribeAutoScalingInstances share.
func (x *xmlWriter) instance(i *autoscaling.Instance) {
	x.text("InstanceId", i.InstanceId)
	x.text("InstanceType", i.InstanceType)
	x.text("AvailabilityZone", i.AvailabilityZone)
	x.text("LifecycleState", i.LifecycleState)
	x.text("HealthStatus", i.HealthStatus)
	x.launchTemplateSpec("LaunchTemplate", i.LaunchTemplate)
	x.boolean("ProtectedFromScaleIn", i.ProtectedFromScaleIn)
}

// group writes an AutoScalingGroup's members.
func (x *xmlWriter) group(g *autoscaling.Group) {
	x.text("AutoScalingGroupName", g.AutoScalingGroupName)
	x.text("AutoScalingGroupARN", g.AutoScalingGroupARN)
	if g.MixedInstancesPolicy != nil {
		x.mixedInstancesPolicy(g.MixedInstancesPolicy)
	} else {
		x.launchTemplateSpec("LaunchTemplate", g.LaunchTemplate)
	}
	x.integer("MinSize", g.MinSize)
	x.integer("MaxSize", g.MaxSize)
	x.integer("DesiredCapacity", g.DesiredCapacity)
	x.seconds("DefaultCooldown", g.DefaultCooldown)
	x.memberList("AvailabilityZones", g.AvailabilityZones)
	x.memberList("LoadBalancerNames", g.LoadBalancerNames)
	x.memberList("TargetGroupARNs", g.TargetGroupARNs)
	x.text("HealthCheckType", g.HealthCheckType)
	x.seconds("HealthCheckGracePeriod", g.HealthCheckGracePeriod)
	writeMembers(x, "Instances", g.Instances, x.instance)
	x.timestamp("CreatedTime", g.CreatedTime)
	x.open("SuspendedProcesses")
	for _, p := range g.SuspendedProcesses {
		x.open("member")
		x.text("ProcessName", p)
		x.close("member")
	}
	x.close("SuspendedProcesses")
	x.open("EnabledMetrics")
	for _, m := range g.EnabledMetrics {
		x.open("member")
		x.text("Metric", m)
		x.text("Granularity", "1Minute")
		x.close("member")
	}
	x.close("EnabledMetrics")
	x.optional("Status", g.Status)
	x.b = append(x.b, "<Tags/>"...)
	x.memberList("TerminationPolicies", g.TerminationPolicies)
	x.boolean("NewInstancesProtectedFromScaleIn", g.NewInstancesProtectedFromScaleIn)
	if g.MaxInstanceLifetime > 0 {
		x.seconds("MaxInstanceLifetime", g.MaxInstanceLifetime)
	}
	x.boolean("CapacityRebalance", g.CapacityRebalance)
	x.optionalSeconds("DefaultInstanceWarmup", g.DefaultInstanceWarmup)
}

// activity writes an Activity's members.
func (x *xmlWriter) activity(a *autoscaling.Activity) {
	x.text("ActivityId", a.ActivityId)
	x.text("AutoScalingGroupName", a.AutoScalingGroupName)
	x.optional("AutoScalingGroupARN", a.AutoScalingGroupARN)
	x.text("Description", a.Description)
	x.text("Cause", a.Cause)
	x.timestamp("StartTime", a.StartTime)
	x.timestamp("EndTime", a.EndTime)
	x.text("StatusCode", a.StatusCode)
	x.optional("StatusMessage", a.StatusMessage)
	x.integer("Progress", a.Progress)
	x.text("Details", a.Details)
}

// activities writes a list of activities as <Activities>.
func (x *xmlWriter) activities(list []autoscaling.Activity) {
	writeMembers(x, "Activities", list, x.activity)
}

// alarms writes a policy's alarms as <Alarms>.
func (x *xmlWriter) alarms(list []autoscaling.Alarm) {
	writeMembers(x, "Alarms", list, func(a *autoscaling.Alarm) {
		x.text("AlarmName", a.AlarmName)
		x.text("AlarmARN", a.AlarmARN)
	})
}

// optionalNumber writes <name>v</name> when v is not nil.
func (x *xmlWriter) optionalNumber(name string, v *float64) {
	if v != nil {
		x.number(name, *v)
	}
}

// policy writes a ScalingPolicy's members.
func (x *xmlWriter) policy(p *autoscaling.ScalingPolicy) {
	x.text("AutoScalingGroupName", p.AutoScalingGroupName)
	x.text("PolicyName", p.PolicyName)
	x.text("PolicyARN", p.PolicyARN)
	x.text("PolicyType", p.PolicyType)
	x.optional("AdjustmentType", p.AdjustmentType)
	x.optionalInt("MinAdjustmentMagnitude", p.MinAdjustmentMagnitude)
	if p.PolicyType == autoscaling.PolicySimple {
		x.integer("ScalingAdjustment", p.ScalingAdjustment)
	}
	x.optionalSeconds("Cooldown", p.Cooldown)
	writeMembers(x, "StepAdjustments", p.StepAdjustments, func(s *autoscaling.StepAdjustment) {
		x.optionalNumber("MetricIntervalLowerBound", s.MetricIntervalLowerBound)
		x.optionalNumber("MetricIntervalUpperBound", s.MetricIntervalUpperBound)
		x.integer("ScalingAdjustment", s.ScalingAdjustment)
	})
	x.optional("MetricAggregationType", p.MetricAggregationType)
	x.optionalSeconds("EstimatedInstanceWarmup", p.EstimatedInstanceWarmup)
	x.alarms(p.Alarms)
	if c := p.TargetTrackingConfiguration; c != nil {
		x.open("TargetTrackingConfiguration")
		if m := c.PredefinedMetricSpecification; m != nil {
			x.open("PredefinedMetricSpecification")
			x.text("PredefinedMetricType", m.PredefinedMetricType)
			x.optional("ResourceLabel", m.ResourceLabel)
			x.close("PredefinedMetricSpecification")
		}
		if m := c.CustomizedMetricSpecification; m != nil {
			x.open("CustomizedMetricSpecification")
			x.text("MetricName", m.MetricName)
			x.text("Namespace", m.Namespace)
			writeMembers(x, "Dimensions", m.Dimensions, func(d *cloudwatch.Dimension) {
				x.text("Name", d.Name)
				x.text("Value", d.Value)
			})
			x.text("Statistic", string(m.Statistic))
			x.optional("Unit", string(m.Unit))
			x.close("CustomizedMetricSpecification")
		}
		x.number("TargetValue", c.TargetValue)
		x.boolean("DisableScaleIn", c.DisableScaleIn)
		x.close("TargetTrackingConfiguration")
	}
	x.boolean("Enabled", p.Enabled)
}

// refresh writes an InstanceRefresh's members.
func (x *xmlWriter) refresh(r *autoscaling.InstanceRefresh) {
	x.text("InstanceRefreshId", r.InstanceRefreshId)
	x.text("AutoScalingGroupName", r.AutoScalingGroupName)
	x.text("Status", r.Status)
	x.optional("StatusReason", r.StatusReason)
	x.timestamp("StartTime", r.StartTime)
	x.timestamp("EndTime", r.EndTime)
	x.integer("PercentageComplete", r.PercentageComplete)
	x.integer("InstancesToUpdate", r.InstancesToUpdate)
	p := r.Preferences
	x.open("Preferences")
	x.optionalInt("MinHealthyPercentage", p.MinHealthyPercentage)
	x.optionalInt("MaxHealthyPercentage", p.MaxHealthyPercentage)
	x.optionalSeconds("InstanceWarmup", p.InstanceWarmup)
	x.open("CheckpointPercentages")
	for _, c := range p.CheckpointPercentages {
		x.integer("member", c)
	}
	x.close("CheckpointPercentages")
	x.optionalSeconds("CheckpointDelay", p.CheckpointDelay)
	x.boolean("SkipMatching", p.SkipMatching)
	x.boolean("AutoRollback", p.AutoRollback)
	x.optional("ScaleInProtectedInstances", p.ScaleInProtectedInstances)
	x.optional("StandbyInstances", p.StandbyInstances)
	x.seconds("BakeTime", p.BakeTime)
	x.close("Preferences")
	if c := r.DesiredConfiguration; c != nil {
		x.open("DesiredConfiguration")
		if c.LaunchTemplate != nil {
			x.launchTemplateSpec("LaunchTemplate", *c.LaunchTemplate)
		}
		if c.MixedInstancesPolicy != nil {
			x.mixedInstancesPolicy(c.MixedInstancesPolicy)
		}
		x.close("DesiredConfiguration")
	}
	x.optional("Strategy", r.Strategy)
}
