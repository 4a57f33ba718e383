package autoscaling

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/service"
)

// alarmed runs the policy with ARN target for the alarm that called it
// in state ALARM: CloudWatch calls once when the alarm goes to ALARM and
// again at every evaluation while it stays there.
func (s *Service) alarmed(ctx context.Context, target, alarmName, alarmARN string) error {
	s.mu.Lock()
	p := s.policies[target]
	if p == nil {
		s.mu.Unlock()
		return ErrValidationError.With("No scaling policy found with ARN %s", target)
	}
	if !p.enabled || p.g.suspendedProcess(ProcessAlarmNotification) {
		s.mu.Unlock()
		return nil
	}
	// Step and target tracking policies read the breach, and the
	// scale-in of a target tracking policy the other policies' low
	// alarms, from CloudWatch.
	reads := []string{}
	if p.typ != PolicySimple {
		reads = append(reads, alarmARN)
	}
	if p.tracking != nil && alarmName == p.low.AlarmName {
		for _, q := range p.g.policies {
			if q != p && q.tracking != nil && q.enabled && !q.tracking.DisableScaleIn {
				reads = append(reads, q.low.AlarmARN)
			}
		}
	}
	s.mu.Unlock()

	var statuses []cloudwatch.AlarmStatus
	for _, a := range reads {
		if s.cw == nil {
			return ErrValidationError.With("A step scaling policy needs CloudWatch to read its alarm: make the service with autoscaling.WithMetrics.")
		}
		st, err := s.cw.AlarmStatus(a)
		if err != nil {
			return err
		}
		statuses = append(statuses, st)
	}

	s.mu.Lock()
	now := s.sched.Now()
	if s.policies[target] != p {
		s.mu.Unlock()
		return nil // deleted or replaced meanwhile
	}
	why := fmt.Sprintf("a monitor alarm %s in state ALARM triggered policy %s", alarmName, p.name)
	var fx effects
	switch {
	case p.typ == PolicySimple:
		fx = s.simpleLocked(p, now, why, true)
	case p.typ == PolicyStep:
		fx = s.stepLocked(p, now, why, lastPoint(statuses[0]), statuses[0].Threshold)
	case alarmName == p.high.AlarmName:
		fx = s.trackOutLocked(p, now, why, lastPoint(statuses[0]))
	case alarmName == p.low.AlarmName:
		fx = s.trackInLocked(p, now, why, statuses)
	}
	s.mu.Unlock()
	fx.run()
	return nil
}

// lastPoint is the newest datapoint an alarm decided its state on; NaN
// when it has none.
func lastPoint(st cloudwatch.AlarmStatus) float64 {
	if len(st.Datapoints) == 0 {
		return math.NaN()
	}
	return st.Datapoints[len(st.Datapoints)-1]
}

// setDesiredLocked sets the desired capacity a policy computed, within
// the group's bounds, for the cause why, and launches or terminates to
// match. s.mu must be held.
func (s *Service) setDesiredLocked(g *group, want int, now time.Time, why string) effects {
	want = min(max(want, g.min), g.max)
	if want == g.desired {
		return nil
	}
	g.cause = fmt.Sprintf("At %s %s changing the desired capacity from %d to %d.", formatTime(now), why, g.desired, want)
	g.desired = want
	return s.reconcileLocked(g, now)
}

// simpleLocked runs a simple policy, unless honor and the group is in its
// cooldown. The activities it starts begin a cooldown when they end.
// s.mu must be held.
func (s *Service) simpleLocked(p *policy, now time.Time, why string, honor bool) effects {
	g := p.g
	if honor && g.inCooldown(now) {
		return nil
	}
	g.coolFor = g.cooldown
	if p.cooldown != nil {
		g.coolFor = *p.cooldown
	}
	g.simple = true
	fx := s.setDesiredLocked(g, p.adjust(g.desired, p.adjustment), now, why)
	g.simple = false
	return fx
}

// adjust returns the capacity that adjustment makes of capacity, by the
// policy's adjustment type.
func (p *policy) adjust(capacity, adjustment int) int {
	switch p.adjustmentType {
	case ExactCapacity:
		return adjustment
	case PercentChangeInCapacity:
		change := float64(capacity) * float64(adjustment) / 100
		var n int
		switch { // AWS's rounding: toward zero, but never to zero
		case change >= 1:
			n = int(math.Floor(change))
		case change > 0:
			n = 1
		case change == 0:
		case change > -1:
			n = -1
		default:
			n = int(math.Ceil(change))
		}
		if m := p.minMagnitude; m != nil && n != 0 && abs(n) < *m {
			n = *m * sign(n)
		}
		return capacity + n
	}
	return capacity + adjustment
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// warmup is how long a new instance warms up for a step or target
// tracking policy.
func (p *policy) warmupTime() time.Duration {
	switch {
	case p.warmup != nil:
		return *p.warmup
	case p.g.warmup != nil:
		return *p.g.warmup
	}
	return p.g.cooldown
}

// warming counts the instances of the policy's group that are still
// warming up: pending, or in service for less than the warm-up.
func (p *policy) warming(now time.Time) int {
	n, w := 0, p.warmupTime()
	for _, i := range p.g.instances {
		if i.counts() && (i.state != StateInService || now.Sub(i.inService) < w) {
			n++
		}
	}
	return n
}

// stepLocked runs a step policy for a breach of value against
// threshold. Instances still warming up count toward the capacity the
// step is added to, so a breach in the same step does not add again;
// scale-in waits until no instance is warming up. s.mu must be held.
func (s *Service) stepLocked(p *policy, now time.Time, why string, value, threshold float64) effects {
	if math.IsNaN(value) {
		return nil
	}
	st, ok := p.step(value - threshold)
	if !ok {
		return nil
	}
	g := p.g
	warming := p.warming(now)
	want := p.adjust(g.desired-warming, st.ScalingAdjustment)
	switch {
	case want > g.desired:
	case want < g.desired && warming == 0:
	default:
		return nil
	}
	return s.setDesiredLocked(g, want, now, why)
}

// step returns the step adjustment for a breach diff away from the
// threshold.
func (p *policy) step(diff float64) (StepAdjustment, bool) {
	for _, st := range p.steps {
		lo, hi := math.Inf(-1), math.Inf(1)
		if st.MetricIntervalLowerBound != nil {
			lo = *st.MetricIntervalLowerBound
		}
		if st.MetricIntervalUpperBound != nil {
			hi = *st.MetricIntervalUpperBound
		}
		if diff >= 0 && lo <= diff && diff < hi || diff < 0 && lo < diff && diff <= hi {
			return st, true
		}
	}
	return StepAdjustment{}, false
}

// trackingWant is the capacity at which a target tracking policy's
// metric, value now over n instances, would be at its target.
func (p *policy) trackingWant(n int, value float64) int {
	return int(math.Ceil(float64(n) * value / p.tracking.TargetValue))
}

// trackOutLocked scales out for a target tracking policy whose high
// alarm called with the metric at value: in proportion to the breach,
// over the instances past their warm-up. s.mu must be held.
func (s *Service) trackOutLocked(p *policy, now time.Time, why string, value float64) effects {
	g := p.g
	warm := g.capacity() - p.warming(now)
	if math.IsNaN(value) || warm == 0 {
		return nil
	}
	want := p.trackingWant(warm, value)
	if want <= g.desired {
		return nil
	}
	return s.setDesiredLocked(g, want, now, why)
}

// trackInLocked scales in for a target tracking policy whose low alarm
// called, if no instance is warming up and every other target tracking
// policy of the group that scales in agrees (its low alarm is in ALARM
// too): to the largest capacity any of them wants. statuses are the
// policy's alarm first, then the others'. s.mu must be held.
func (s *Service) trackInLocked(p *policy, now time.Time, why string, statuses []cloudwatch.AlarmStatus) effects {
	g := p.g
	// The low alarms of a group's policies call at the same evaluation;
	// once one of them has scaled in, the others' datapoints were
	// measured at the old capacity, and they wait for new ones.
	if p.tracking.DisableScaleIn || p.warming(now) > 0 || g.trackedIn.Equal(now) {
		return nil
	}
	n := g.capacity()
	want := 0
	for k, st := range statuses {
		v := lastPoint(st)
		if st.StateValue != cloudwatch.StateAlarm || math.IsNaN(v) {
			return nil
		}
		q := p
		if k > 0 {
			q = s.policyOfAlarmLocked(g, st.AlarmName)
			if q == nil {
				continue
			}
		}
		want = max(want, q.trackingWant(n, v))
	}
	if want >= g.desired {
		return nil
	}
	g.trackedIn = now
	return s.setDesiredLocked(g, want, now, why)
}

// policyOfAlarmLocked finds the target tracking policy of g whose low
// alarm is named name. s.mu must be held.
func (s *Service) policyOfAlarmLocked(g *group, name string) *policy {
	for _, q := range g.policies {
		if q.tracking != nil && q.low.AlarmName == name {
			return q
		}
	}
	return nil
}

// ExecutePolicyInput is the input of [Service.ExecutePolicy].
type ExecutePolicyInput struct {
	AutoScalingGroupName string // Required.
	// PolicyName is the policy's name or ARN. Required.
	PolicyName string
	// HonorCooldown makes a simple policy wait for the group's cooldown
	// (the call fails within it), as an alarm's call does.
	HonorCooldown bool
	// MetricValue and BreachThreshold are the breach a step policy is
	// run for. Required for a step policy.
	MetricValue     *float64
	BreachThreshold *float64
}

// ExecutePolicyOutput is the output of [Service.ExecutePolicy].
type ExecutePolicyOutput struct{}

// ExecutePolicy runs a simple or step scaling policy now, as its alarm
// would.
//
// Errors: ErrValidationError (a group or policy that does not exist, a
// target tracking policy, a step policy without MetricValue and
// BreachThreshold), ErrScalingActivityInProgressFault (HonorCooldown in
// a cooldown).
func (s *Service) ExecutePolicy(ctx context.Context, in *ExecutePolicyInput) (*ExecutePolicyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	p, err := s.lookupPolicyLocked(in.AutoScalingGroupName, in.PolicyName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	why := "a user request executed policy " + p.name
	var fx effects
	switch p.typ {
	case PolicySimple:
		if in.HonorCooldown && p.g.inCooldown(now) {
			s.mu.Unlock()
			return nil, ErrScalingActivityInProgressFault.With("Scaling activity is in progress or the group %s is in its cooldown.", p.g.name)
		}
		fx = s.simpleLocked(p, now, why, in.HonorCooldown)
	case PolicyStep:
		if in.MetricValue == nil || in.BreachThreshold == nil {
			s.mu.Unlock()
			return nil, ErrValidationError.With("MetricValue and BreachThreshold are required to execute a step scaling policy.")
		}
		fx = s.stepLocked(p, now, why, *in.MetricValue, *in.BreachThreshold)
	default:
		s.mu.Unlock()
		return nil, ErrValidationError.With("A target tracking scaling policy cannot be executed.")
	}
	s.mu.Unlock()
	fx.run()
	return &ExecutePolicyOutput{}, nil
}

// lookupPolicyLocked finds a policy of a group by name or ARN. s.mu must
// be held.
func (s *Service) lookupPolicyLocked(groupName, name string) (*policy, error) {
	if p := s.policies[name]; p != nil && (groupName == "" || p.g.name == groupName) {
		return p, nil
	}
	g, err := s.lookupGroupLocked(groupName)
	if err != nil {
		return nil, err
	}
	for _, p := range g.policies {
		if p.name == name {
			return p, nil
		}
	}
	return nil, ErrValidationError.With("No scaling policy found for service namespace: ec2, resource ID: autoScalingGroupName/%s, scalable dimension: ec2:autoScalingGroup:DesiredCapacity, and policy name: %s", groupName, name)
}

// DescribePoliciesInput is the input of [Service.DescribePolicies].
type DescribePoliciesInput struct {
	// AutoScalingGroupName, when set, is the group whose policies to
	// describe; otherwise every group's are.
	AutoScalingGroupName string
	// PolicyNames (names or ARNs) and PolicyTypes, when given, filter.
	PolicyNames []string
	PolicyTypes []string
}

// DescribePoliciesOutput is the output of [Service.DescribePolicies].
type DescribePoliciesOutput struct {
	ScalingPolicies []ScalingPolicy
}

// DescribePolicies describes scaling policies, by group in creation
// order and then in the order they were created.
//
// Errors: ErrValidationError for a group that does not exist.
func (s *Service) DescribePolicies(ctx context.Context, in *DescribePoliciesInput) (*DescribePoliciesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	groups := s.groupList
	if in.AutoScalingGroupName != "" {
		g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
		if err != nil {
			return nil, err
		}
		groups = []*group{g}
	}
	out := &DescribePoliciesOutput{}
	for _, g := range groups {
		for _, p := range g.policies {
			if len(in.PolicyNames) > 0 && !slices.Contains(in.PolicyNames, p.name) && !slices.Contains(in.PolicyNames, p.arn) {
				continue
			}
			if len(in.PolicyTypes) > 0 && !slices.Contains(in.PolicyTypes, p.typ) {
				continue
			}
			out.ScalingPolicies = append(out.ScalingPolicies, p.describe())
		}
	}
	return out, nil
}

func (p *policy) describe() ScalingPolicy {
	d := ScalingPolicy{
		AutoScalingGroupName: p.g.name, PolicyName: p.name, PolicyARN: p.arn, PolicyType: p.typ,
		AdjustmentType: p.adjustmentType, ScalingAdjustment: p.adjustment, MinAdjustmentMagnitude: cloneInt(p.minMagnitude),
		Cooldown: cloneDuration(p.cooldown), StepAdjustments: slices.Clone(p.steps), MetricAggregationType: p.aggregation,
		EstimatedInstanceWarmup: cloneDuration(p.warmup), Alarms: p.alarms(), Enabled: p.enabled,
	}
	if p.tracking != nil {
		c := *p.tracking
		d.TargetTrackingConfiguration = &c
	}
	return d
}

// DeletePolicyInput is the input of [Service.DeletePolicy].
type DeletePolicyInput struct {
	AutoScalingGroupName string
	// PolicyName is the policy's name or ARN. Required.
	PolicyName string
}

// DeletePolicyOutput is the output of [Service.DeletePolicy].
type DeletePolicyOutput struct{}

// DeletePolicy deletes a scaling policy, and the alarms of a target
// tracking policy. Alarms of others that name it fail to reach it from
// then on.
//
// Errors: ErrValidationError (a group or policy that does not exist).
func (s *Service) DeletePolicy(ctx context.Context, in *DeletePolicyInput) (*DeletePolicyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	p, err := s.lookupPolicyLocked(in.AutoScalingGroupName, in.PolicyName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	delete(s.policies, p.arn)
	p.g.policies = slices.DeleteFunc(p.g.policies, func(x *policy) bool { return x == p })
	alarms := p.alarmNames()
	s.mu.Unlock()
	s.deleteAlarms(alarms)
	return &DeletePolicyOutput{}, nil
}
