package autoscaling

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Types of scaling policy.
const (
	// PolicySimple changes the capacity once per alarm, then waits for
	// its cooldown.
	PolicySimple = "SimpleScaling"
	// PolicyStep changes the capacity by the step the alarm's breach
	// falls in, and again while the alarm stays in ALARM.
	PolicyStep = "StepScaling"
	// PolicyTargetTracking keeps a metric at a target value with alarms
	// it creates.
	PolicyTargetTracking = "TargetTrackingScaling"
)

// Adjustment types of simple and step policies.
const (
	// ChangeInCapacity adds the adjustment to the desired capacity (a
	// negative one removes).
	ChangeInCapacity = "ChangeInCapacity"
	// ExactCapacity sets the desired capacity to the adjustment.
	ExactCapacity = "ExactCapacity"
	// PercentChangeInCapacity adds the adjustment as a percentage of the
	// desired capacity, rounded as AWS rounds.
	PercentChangeInCapacity = "PercentChangeInCapacity"
)

// Predefined metrics of target tracking policies.
const (
	// MetricASGAverageCPUUtilization is the average CPUUtilization of the
	// group's instances (AWS/EC2, by AutoScalingGroupName).
	MetricASGAverageCPUUtilization = "ASGAverageCPUUtilization"
	// MetricALBRequestCountPerTarget is the RequestCountPerTarget of a
	// target group the group is attached to (AWS/ApplicationELB); its
	// ResourceLabel is "app/LB-NAME/LB-ID/targetgroup/TG-NAME/TG-ID".
	MetricALBRequestCountPerTarget = "ALBRequestCountPerTarget"
)

// Shapes of the alarms of a target tracking policy: the high alarm
// scales out after three minutes above the target, the low one scales
// in after fifteen minutes below 90 % of it.
const (
	trackingPeriod     = time.Minute
	trackingHighPoints = 3
	trackingLowPoints  = 15
	trackingLowFactor  = 0.9
)

// StepAdjustment is one step of a step policy: the adjustment for a
// breach whose difference from the alarm's threshold is in the interval
// [MetricIntervalLowerBound, MetricIntervalUpperBound) above the
// threshold, (lower, upper] below it. A nil bound is infinite.
type StepAdjustment struct {
	MetricIntervalLowerBound *float64
	MetricIntervalUpperBound *float64
	ScalingAdjustment        int
}

// TargetTrackingConfiguration is what a target tracking policy tracks.
type TargetTrackingConfiguration struct {
	// PredefinedMetricSpecification or CustomizedMetricSpecification is
	// the metric; one is required.
	PredefinedMetricSpecification *PredefinedMetricSpecification
	CustomizedMetricSpecification *CustomizedMetricSpecification
	// TargetValue is the value to keep the metric at. Required, above 0.
	TargetValue float64
	// DisableScaleIn makes the policy only scale out.
	DisableScaleIn bool
}

// PredefinedMetricSpecification names a predefined metric.
type PredefinedMetricSpecification struct {
	// PredefinedMetricType is MetricASGAverageCPUUtilization or
	// MetricALBRequestCountPerTarget.
	PredefinedMetricType string
	// ResourceLabel names the target group of
	// MetricALBRequestCountPerTarget.
	ResourceLabel string
}

// CustomizedMetricSpecification is a CloudWatch metric to track. It must
// fall as the capacity rises: a per-instance load.
type CustomizedMetricSpecification struct {
	MetricName string
	Namespace  string
	Dimensions []cloudwatch.Dimension
	Statistic  cloudwatch.Statistic
	Unit       cloudwatch.StandardUnit
}

// Alarm names a CloudWatch alarm.
type Alarm struct {
	AlarmName string
	AlarmARN  string
}

// policy is a scaling policy.
type policy struct {
	name, arn, typ string
	g              *group
	adjustmentType string
	adjustment     int
	minMagnitude   *int
	cooldown       *time.Duration
	steps          []StepAdjustment
	aggregation    string
	warmup         *time.Duration
	tracking       *TargetTrackingConfiguration
	high, low      Alarm // of a target tracking policy
	enabled        bool
}

// alarmNames are the names of the alarms the policy owns.
func (p *policy) alarmNames() []string {
	var out []string
	for _, a := range p.alarms() {
		out = append(out, a.AlarmName)
	}
	return out
}

// alarms are the alarms the policy owns.
func (p *policy) alarms() []Alarm {
	var out []Alarm
	for _, a := range []Alarm{p.high, p.low} {
		if a.AlarmName != "" {
			out = append(out, a)
		}
	}
	return out
}

// ScalingPolicy describes a scaling policy.
type ScalingPolicy struct {
	AutoScalingGroupName        string
	PolicyName                  string
	PolicyARN                   string
	PolicyType                  string
	AdjustmentType              string
	ScalingAdjustment           int
	MinAdjustmentMagnitude      *int
	Cooldown                    *time.Duration
	StepAdjustments             []StepAdjustment
	MetricAggregationType       string
	EstimatedInstanceWarmup     *time.Duration
	TargetTrackingConfiguration *TargetTrackingConfiguration
	Alarms                      []Alarm
	Enabled                     bool
}

// PutScalingPolicyInput is the input of [Service.PutScalingPolicy].
type PutScalingPolicyInput struct {
	AutoScalingGroupName string // Required.
	PolicyName           string // Required: 1 to 255 characters.
	// PolicyType is PolicySimple (the default), PolicyStep or
	// PolicyTargetTracking.
	PolicyType string
	// AdjustmentType, ScalingAdjustment (simple), StepAdjustments (step)
	// and MinAdjustmentMagnitude (PercentChangeInCapacity only) say how
	// a simple or step policy changes the capacity.
	AdjustmentType         string
	ScalingAdjustment      *int
	MinAdjustmentMagnitude *int
	StepAdjustments        []StepAdjustment
	// Cooldown is a simple policy's cooldown; nil means the group's
	// DefaultCooldown.
	Cooldown *time.Duration
	// MetricAggregationType is Average (the default), Minimum or Maximum:
	// a step policy's statistic.
	MetricAggregationType string
	// EstimatedInstanceWarmup is how long a new instance warms up, for a
	// step or target tracking policy; nil means the group's
	// DefaultInstanceWarmup, or its DefaultCooldown without one.
	EstimatedInstanceWarmup     *time.Duration
	TargetTrackingConfiguration *TargetTrackingConfiguration
	// Enabled is true unless set: a disabled policy does nothing when
	// its alarms call.
	Enabled *bool
}

// PutScalingPolicyOutput is the output of [Service.PutScalingPolicy].
type PutScalingPolicyOutput struct {
	PolicyARN string
	// Alarms are the alarms a target tracking policy created.
	Alarms []Alarm
}

// PutScalingPolicy creates a scaling policy of a group, or replaces the
// one of that name. A simple or step policy runs when a CloudWatch
// alarm whose action is its ARN goes to ALARM; a target tracking policy
// creates its own two alarms, "TargetTracking-GROUP-AlarmHigh-UUID" and
// "TargetTracking-GROUP-AlarmLow-UUID", which need [WithMetrics].
//
// Errors: ErrValidationError (also for a group that does not exist),
// ErrLimitExceededFault (more than [MaxPolicies]).
func (s *Service) PutScalingPolicy(ctx context.Context, in *PutScalingPolicyInput) (*PutScalingPolicyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	p, err := s.newPolicy(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	k := slices.IndexFunc(g.policies, func(x *policy) bool { return x.name == p.name })
	if k < 0 && len(g.policies) >= MaxPolicies {
		s.mu.Unlock()
		return nil, ErrLimitExceededFault.With("Group %s already has %d scaling policies.", g.name, MaxPolicies)
	}
	p.g = g
	var stale []string
	if k >= 0 {
		old := g.policies[k]
		p.arn = old.arn
		stale = old.alarmNames()
		g.policies[k] = p
	} else {
		parsed := arn.ScalingPolicy{Region: s.region, AccountID: s.accountID, ID: s.newUUID(), GroupName: g.name, Name: p.name}
		p.arn = parsed.String()
		g.policies = append(g.policies, p)
	}
	s.policies[p.arn] = p
	var alarms []cloudwatch.PutMetricAlarmInput
	if p.tracking != nil {
		alarms = s.trackingAlarmsLocked(p)
	}
	s.mu.Unlock()

	s.deleteAlarms(stale)
	for _, a := range alarms {
		if _, err := s.cw.PutMetricAlarm(ctx, &a); err != nil {
			return nil, ErrValidationError.With("Creating the alarm %s failed: %v", a.AlarmName, err)
		}
	}
	return &PutScalingPolicyOutput{PolicyARN: p.arn, Alarms: p.alarms()}, nil
}

// newPolicy checks a policy's input and makes it, without its group.
func (s *Service) newPolicy(in *PutScalingPolicyInput) (*policy, error) {
	if in.PolicyName == "" || len(in.PolicyName) > 255 {
		return nil, ErrValidationError.With("The PolicyName %q is not 1 to 255 characters.", in.PolicyName)
	}
	p := &policy{
		name: in.PolicyName, typ: in.PolicyType, adjustmentType: in.AdjustmentType,
		minMagnitude: cloneInt(in.MinAdjustmentMagnitude), cooldown: cloneDuration(in.Cooldown),
		steps: slices.Clone(in.StepAdjustments), aggregation: in.MetricAggregationType,
		warmup: cloneDuration(in.EstimatedInstanceWarmup), enabled: in.Enabled == nil || *in.Enabled,
	}
	if p.typ == "" {
		p.typ = PolicySimple
	}
	if in.ScalingAdjustment != nil {
		p.adjustment = *in.ScalingAdjustment
	}
	switch p.typ {
	case PolicySimple:
		if in.ScalingAdjustment == nil {
			return nil, ErrValidationError.With("ScalingAdjustment is required for a simple scaling policy.")
		}
		if in.StepAdjustments != nil || in.TargetTrackingConfiguration != nil || in.EstimatedInstanceWarmup != nil || in.MetricAggregationType != "" {
			return nil, ErrValidationError.With("A simple scaling policy takes no StepAdjustments, TargetTrackingConfiguration, EstimatedInstanceWarmup or MetricAggregationType.")
		}
	case PolicyStep:
		if in.ScalingAdjustment != nil || in.Cooldown != nil || in.TargetTrackingConfiguration != nil {
			return nil, ErrValidationError.With("A step scaling policy takes no ScalingAdjustment, Cooldown or TargetTrackingConfiguration.")
		}
		if err := checkSteps(p.steps); err != nil {
			return nil, err
		}
		if p.aggregation == "" {
			p.aggregation = "Average"
		}
		if p.aggregation != "Average" && p.aggregation != "Minimum" && p.aggregation != "Maximum" {
			return nil, ErrValidationError.With("MetricAggregationType %q is not Average, Minimum or Maximum.", p.aggregation)
		}
	case PolicyTargetTracking:
		if in.AdjustmentType != "" || in.ScalingAdjustment != nil || in.StepAdjustments != nil || in.Cooldown != nil || in.MinAdjustmentMagnitude != nil {
			return nil, ErrValidationError.With("A target tracking policy takes no AdjustmentType, ScalingAdjustment, StepAdjustments, Cooldown or MinAdjustmentMagnitude.")
		}
		if s.cw == nil {
			return nil, ErrValidationError.With("A target tracking policy needs CloudWatch: make the service with autoscaling.WithMetrics.")
		}
		if err := checkTracking(in.TargetTrackingConfiguration); err != nil {
			return nil, err
		}
		c := *in.TargetTrackingConfiguration
		p.tracking = &c
		return p, nil
	default:
		return nil, ErrValidationError.With("PolicyType %q is not SimpleScaling, StepScaling or TargetTrackingScaling (predictive scaling is not simulated).", p.typ)
	}
	switch p.adjustmentType {
	case ChangeInCapacity, ExactCapacity:
		if p.minMagnitude != nil {
			return nil, ErrValidationError.With("MinAdjustmentMagnitude is only for PercentChangeInCapacity.")
		}
	case PercentChangeInCapacity:
		if p.minMagnitude != nil && *p.minMagnitude < 1 {
			return nil, ErrValidationError.With("MinAdjustmentMagnitude must be at least 1.")
		}
	default:
		return nil, ErrValidationError.With("AdjustmentType %q is not ChangeInCapacity, ExactCapacity or PercentChangeInCapacity.", p.adjustmentType)
	}
	if p.adjustmentType == ExactCapacity {
		for _, a := range append([]int{p.adjustment}, stepAdjustments(p.steps)...) {
			if a < 0 {
				return nil, ErrValidationError.With("An ExactCapacity adjustment must not be negative.")
			}
		}
	}
	for _, d := range []*time.Duration{p.cooldown, p.warmup} {
		if d != nil && (*d < 0 || *d%time.Second != 0) {
			return nil, ErrValidationError.With("Cooldown and EstimatedInstanceWarmup must be whole numbers of seconds, not negative.")
		}
	}
	return p, nil
}

func stepAdjustments(steps []StepAdjustment) []int {
	var out []int
	for _, st := range steps {
		out = append(out, st.ScalingAdjustment)
	}
	return out
}

// checkSteps checks step adjustments as AWS does: at least one, at most
// MaxStepAdjustments, no two overlapping, no gap between them, at most
// one without a lower bound and one without an upper bound.
func checkSteps(steps []StepAdjustment) error {
	if len(steps) == 0 || len(steps) > MaxStepAdjustments {
		return ErrValidationError.With("A step scaling policy has 1 to %d StepAdjustments.", MaxStepAdjustments)
	}
	lo := func(st StepAdjustment) float64 {
		if st.MetricIntervalLowerBound == nil {
			return math.Inf(-1)
		}
		return *st.MetricIntervalLowerBound
	}
	hi := func(st StepAdjustment) float64 {
		if st.MetricIntervalUpperBound == nil {
			return math.Inf(1)
		}
		return *st.MetricIntervalUpperBound
	}
	sorted := slices.Clone(steps)
	slices.SortFunc(sorted, func(a, b StepAdjustment) int { return cmpFloat(lo(a), lo(b)) })
	for k, st := range sorted {
		switch {
		case st.MetricIntervalLowerBound == nil && st.MetricIntervalUpperBound == nil:
			return ErrValidationError.With("A step adjustment must have a lower or an upper bound.")
		case lo(st) >= hi(st):
			return ErrValidationError.With("The lower bound of a step adjustment must be less than its upper bound.")
		case k > 0 && lo(st) < hi(sorted[k-1]):
			return ErrValidationError.With("Step adjustments must not overlap.")
		case k > 0 && lo(st) > hi(sorted[k-1]):
			return ErrValidationError.With("Step adjustments must not have gaps between them.")
		case k > 0 && st.MetricIntervalLowerBound == nil:
			return ErrValidationError.With("Only one step adjustment may have no lower bound.")
		}
	}
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func checkTracking(c *TargetTrackingConfiguration) error {
	switch {
	case c == nil:
		return ErrValidationError.With("TargetTrackingConfiguration is required for a target tracking policy.")
	case !(c.TargetValue > 0) || math.IsInf(c.TargetValue, 0):
		return ErrValidationError.With("TargetValue must be above 0.")
	case (c.PredefinedMetricSpecification == nil) == (c.CustomizedMetricSpecification == nil):
		return ErrValidationError.With("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification is required.")
	}
	if m := c.CustomizedMetricSpecification; m != nil {
		if m.MetricName == "" || m.Namespace == "" || m.Statistic == "" {
			return ErrValidationError.With("A CustomizedMetricSpecification needs MetricName, Namespace and Statistic.")
		}
		return nil
	}
	m := c.PredefinedMetricSpecification
	switch m.PredefinedMetricType {
	case MetricASGAverageCPUUtilization:
		if m.ResourceLabel != "" {
			return ErrValidationError.With("ResourceLabel is only for ALBRequestCountPerTarget.")
		}
	case MetricALBRequestCountPerTarget:
		if _, _, ok := splitResourceLabel(m.ResourceLabel); !ok {
			return ErrValidationError.With("The ResourceLabel %q is not app/LB-NAME/LB-ID/targetgroup/TG-NAME/TG-ID.", m.ResourceLabel)
		}
	default:
		return ErrValidationError.With("PredefinedMetricType %q is not ASGAverageCPUUtilization or ALBRequestCountPerTarget (network metrics are not simulated).", m.PredefinedMetricType)
	}
	return nil
}

// splitResourceLabel splits the ResourceLabel of ALBRequestCountPerTarget
// into the load balancer's and the target group's CloudWatch dimensions.
func splitResourceLabel(label string) (lb, tg string, ok bool) {
	parts := strings.Split(label, "/")
	if len(parts) != 6 || parts[0] != "app" || parts[3] != "targetgroup" || slices.Contains(parts, "") {
		return "", "", false
	}
	return strings.Join(parts[:3], "/"), strings.Join(parts[3:], "/"), true
}

// cloneInt copies an optional number.
func cloneInt(n *int) *int {
	if n == nil {
		return nil
	}
	v := *n
	return &v
}

// trackingAlarmsLocked names a target tracking policy's two alarms and
// returns their definitions. s.mu must be held.
func (s *Service) trackingAlarmsLocked(p *policy) []cloudwatch.PutMetricAlarmInput {
	c := p.tracking
	var metric cloudwatch.PutMetricAlarmInput
	switch {
	case c.CustomizedMetricSpecification != nil:
		m := c.CustomizedMetricSpecification
		metric = cloudwatch.PutMetricAlarmInput{Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: slices.Clone(m.Dimensions), Statistic: m.Statistic, Unit: m.Unit}
	case c.PredefinedMetricSpecification.PredefinedMetricType == MetricALBRequestCountPerTarget:
		lb, tg, _ := splitResourceLabel(c.PredefinedMetricSpecification.ResourceLabel)
		metric = cloudwatch.PutMetricAlarmInput{
			Namespace: "AWS/ApplicationELB", MetricName: "RequestCountPerTarget", Statistic: cloudwatch.StatisticSum,
			Dimensions: []cloudwatch.Dimension{{Name: "LoadBalancer", Value: lb}, {Name: "TargetGroup", Value: tg}},
		}
	default:
		metric = cloudwatch.PutMetricAlarmInput{
			Namespace: ec2Namespace, MetricName: metricCPUUtilization, Statistic: cloudwatch.StatisticAverage,
			Dimensions: []cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: p.g.name}},
		}
	}
	alarm := func(kind string, points int, op cloudwatch.ComparisonOperator, threshold float64) (Alarm, cloudwatch.PutMetricAlarmInput) {
		name := "TargetTracking-" + p.g.name + "-" + kind + "-" + s.newUUID()
		in := metric
		in.Dimensions = slices.Clone(metric.Dimensions)
		in.AlarmName = name
		in.AlarmDescription = "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy " + p.arn + "."
		in.AlarmActions = []string{p.arn}
		in.Period, in.EvaluationPeriods, in.DatapointsToAlarm = trackingPeriod, points, points
		in.ComparisonOperator, in.Threshold = op, cloudwatch.Float64(threshold)
		return Alarm{AlarmName: name, AlarmARN: arn.Alarm{Region: s.region, AccountID: s.accountID, Name: name}.String()}, in
	}
	var high, low cloudwatch.PutMetricAlarmInput
	p.high, high = alarm("AlarmHigh", trackingHighPoints, cloudwatch.GreaterThanThreshold, c.TargetValue)
	p.low, low = alarm("AlarmLow", trackingLowPoints, cloudwatch.LessThanThreshold, c.TargetValue*trackingLowFactor)
	if c.DisableScaleIn {
		p.low = Alarm{}
		return []cloudwatch.PutMetricAlarmInput{high}
	}
	return []cloudwatch.PutMetricAlarmInput{high, low}
}

// deleteAlarms deletes alarms a service's policies owned. It is called
// without s.mu.
func (s *Service) deleteAlarms(names []string) {
	if len(names) == 0 || s.cw == nil {
		return
	}
	// The alarms are the service's own; they can only be gone if a user
	// deleted them, which AWS says not to do, and then there is nothing
	// left to delete.
	_, _ = s.cw.DeleteAlarms(context.Background(), &cloudwatch.DeleteAlarmsInput{AlarmNames: names})
}
