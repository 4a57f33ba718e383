package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Health check types of a group.
const (
	// HealthCheckEC2: instances are replaced when EC2 finds them
	// impaired ([Service.ImpairInstance]) or a caller marks them
	// unhealthy ([Service.SetInstanceHealth]).
	HealthCheckEC2 = "EC2"
	// HealthCheckELB: also when a target group the group is attached to
	// finds them unhealthy.
	HealthCheckELB = "ELB"
)

// LaunchTemplateSpecification names the launch template a group
// launches from, and its version.
type LaunchTemplateSpecification struct {
	// LaunchTemplateId or LaunchTemplateName names the template; one is
	// required.
	LaunchTemplateId   string
	LaunchTemplateName string
	// Version is a version number, $Latest or $Default (also when empty),
	// resolved at each launch.
	Version string
}

// group is an Auto Scaling group.
type group struct {
	seq       uint64
	name, arn string
	created   time.Time
	template  LaunchTemplateSpecification
	templ     *launchTemplate
	mixed     *MixedInstancesPolicy // nil for a group of one launch template

	capacityRebalance bool

	min, max, desired int
	zones             []string
	sources           []trafficSource // target groups and Classic Load Balancers, in the order attached
	healthType        string
	grace             time.Duration
	cooldown          time.Duration
	warmup            *time.Duration // DefaultInstanceWarmup; nil when unset
	protectNew        bool
	maxLifetime       time.Duration
	termination       []string
	suspended         []string // process names, sorted
	metrics           []string // enabled group metrics, sorted

	instances  []*instance // not yet terminated, in launch order
	activities []*Activity // oldest first
	policies   []*policy   // in creation order
	hooks      []*hook     // in creation order
	// notifications are the topics the group notifies, in the order they
	// were put.
	notifications []notification
	cause         string // why the desired capacity last changed, for the next activities

	// Simple scaling: the activities a simple policy started that have
	// not ended, the cooldown they start when they do, and when the
	// cooldown ends.
	cooling     int
	coolFor     time.Duration
	cooldownEnd time.Time
	simple      bool      // set while a simple policy launches or terminates
	trackedIn   time.Time // when a target tracking policy last scaled in

	checks  sim.Scheduled // the next health check
	deleted bool

	refresh   *refresh           // the latest instance refresh; nil before the first
	refreshes []*refresh         // oldest first
	scheduled []*scheduledAction // in the order they were put
	rebalance *rebalancing       // the Availability Zone rebalancing in flight, if any
}

// Group describes an Auto Scaling group, as DescribeAutoScalingGroups
// returns it.
type Group struct {
	AutoScalingGroupName             string
	AutoScalingGroupARN              string
	LaunchTemplate                   LaunchTemplateSpecification
	MixedInstancesPolicy             *MixedInstancesPolicy
	CapacityRebalance                bool
	MinSize, MaxSize                 int
	DesiredCapacity                  int
	DefaultCooldown                  time.Duration
	AvailabilityZones                []string
	TargetGroupARNs                  []string
	LoadBalancerNames                []string
	HealthCheckType                  string
	HealthCheckGracePeriod           time.Duration
	DefaultInstanceWarmup            *time.Duration
	NewInstancesProtectedFromScaleIn bool
	MaxInstanceLifetime              time.Duration
	TerminationPolicies              []string
	SuspendedProcesses               []string
	EnabledMetrics                   []string
	Instances                        []Instance
	CreatedTime                      time.Time
	// Status is "Delete in progress" while a forced delete terminates
	// the group's instances, else empty.
	Status string
}

// CreateAutoScalingGroupInput is the input of
// [Service.CreateAutoScalingGroup].
type CreateAutoScalingGroupInput struct {
	// AutoScalingGroupName is 1 to 255 characters without a colon,
	// unique in the region. Required.
	AutoScalingGroupName string
	// LaunchTemplate or MixedInstancesPolicy is what instances launch
	// from; one is required.
	LaunchTemplate       *LaunchTemplateSpecification
	MixedInstancesPolicy *MixedInstancesPolicy
	// CapacityRebalance makes the group replace a Spot instance as soon
	// as its interruption notice comes, instead of once EC2 has taken it.
	CapacityRebalance bool
	// MinSize and MaxSize bound the desired capacity; MinSize ≤ MaxSize.
	MinSize, MaxSize int
	// DesiredCapacity is the number of instances to run; nil means
	// MinSize.
	DesiredCapacity *int
	// AvailabilityZones are the zones of the region instances launch in,
	// balanced across. At least one is required.
	AvailabilityZones []string
	// TargetGroupARNs are the target groups instances are registered
	// with; they need [WithELB]. At most [MaxTargetGroups].
	TargetGroupARNs []string
	// LoadBalancerNames are the Classic Load Balancers instances are
	// registered with; they need [WithELB]. At most [MaxTargetGroups].
	LoadBalancerNames []string
	// HealthCheckType is HealthCheckEC2 (the default) or
	// HealthCheckELB.
	HealthCheckType string
	// HealthCheckGracePeriod is how long after an instance goes in
	// service its health checks are not acted on; the API's default is
	// zero.
	HealthCheckGracePeriod time.Duration
	// DefaultCooldown is how long a simple scaling policy waits after an
	// activity it started; nil means [DefaultCooldown].
	DefaultCooldown *time.Duration
	// DefaultInstanceWarmup is how long a new instance takes to warm up
	// after it goes in service; nil means unset, and step and target
	// tracking policies then fall back to DefaultCooldown.
	DefaultInstanceWarmup *time.Duration
	// NewInstancesProtectedFromScaleIn protects every new instance from
	// scale-in.
	NewInstancesProtectedFromScaleIn bool
	// MaxInstanceLifetime is how long an instance may serve before it is
	// replaced: zero for no limit, else at least [MinInstanceLifetime].
	MaxInstanceLifetime time.Duration
	// TerminationPolicies choose the instances scale-in terminates, in
	// order (see the package documentation); nil means Default.
	TerminationPolicies []string
	// LifecycleHookSpecificationList are lifecycle hooks that act on the
	// group's first instances already. At most [MaxLifecycleHooks].
	LifecycleHookSpecificationList []LifecycleHookSpecification
}

// CreateAutoScalingGroupOutput is the output of
// [Service.CreateAutoScalingGroup].
type CreateAutoScalingGroupOutput struct{}

// CreateAutoScalingGroup creates a group and launches its desired
// capacity at once, balanced across its Availability Zones.
//
// Errors: ErrValidationError, ErrAlreadyExistsFault,
// ErrLimitExceededFault, and the launch template errors for a template
// that does not exist.
func (s *Service) CreateAutoScalingGroup(ctx context.Context, in *CreateAutoScalingGroupInput) (*CreateAutoScalingGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkGroupName(in.AutoScalingGroupName); err != nil {
		return nil, err
	}
	var mixed *MixedInstancesPolicy
	switch {
	case (in.LaunchTemplate == nil) == (in.MixedInstancesPolicy == nil):
		return nil, ErrValidationError.With("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
	case in.MixedInstancesPolicy != nil:
		if mixed, err = checkMixed(in.MixedInstancesPolicy); err != nil {
			return nil, err
		}
	}
	desired := in.MinSize
	if in.DesiredCapacity != nil {
		desired = *in.DesiredCapacity
	}
	if err := checkSizes(in.MinSize, in.MaxSize, desired); err != nil {
		return nil, err
	}
	if err := s.checkZones(in.AvailabilityZones); err != nil {
		return nil, err
	}
	if err := s.checkSources(in.TargetGroupARNs, in.LoadBalancerNames); err != nil {
		return nil, err
	}
	healthType, err := checkHealthType(in.HealthCheckType)
	if err != nil {
		return nil, err
	}
	cooldown := DefaultCooldown
	if in.DefaultCooldown != nil {
		cooldown = *in.DefaultCooldown
	}
	if err := checkGroupDurations(in.HealthCheckGracePeriod, cooldown, in.DefaultInstanceWarmup, in.MaxInstanceLifetime); err != nil {
		return nil, err
	}
	termination, err := checkTerminationPolicies(in.TerminationPolicies)
	if err != nil {
		return nil, err
	}
	if len(in.LifecycleHookSpecificationList) > MaxLifecycleHooks {
		return nil, ErrLimitExceededFault.With("A group has at most %d lifecycle hooks.", MaxLifecycleHooks)
	}
	var hooks []*hook
	for _, spec := range in.LifecycleHookSpecificationList {
		h, err := newHook(spec, false)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(hooks, func(x *hook) bool { return x.name == h.name }) {
			return nil, ErrValidationError.With("The lifecycle hook %s is given twice.", h.name)
		}
		hooks = append(hooks, h)
	}

	s.mu.Lock()
	now := s.sched.Now()
	if s.groups[in.AutoScalingGroupName] != nil {
		s.mu.Unlock()
		return nil, ErrAlreadyExistsFault.With("AutoScalingGroup by this name already exists - A group with the name %s already exists", in.AutoScalingGroupName)
	}
	if len(s.groups) >= MaxGroups {
		s.mu.Unlock()
		return nil, ErrLimitExceededFault.With("You have reached your quota of %d Auto Scaling groups in this region.", MaxGroups)
	}
	spec := in.LaunchTemplate
	if mixed != nil {
		spec = &mixed.LaunchTemplate.LaunchTemplateSpecification
	}
	templ, err := s.groupTemplateLocked(*spec, mixed)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	s.nextSeq++
	id := s.newUUID()
	g := &group{
		seq: s.nextSeq, name: in.AutoScalingGroupName, created: now,
		arn:      arn.AutoScalingGroup{Region: s.region, AccountID: s.accountID, ID: id, Name: in.AutoScalingGroupName}.String(),
		template: *spec, templ: templ, mixed: mixed, capacityRebalance: in.CapacityRebalance,
		min: in.MinSize, max: in.MaxSize, desired: desired,
		zones: slices.Clone(in.AvailabilityZones), sources: sourcesOf(in.TargetGroupARNs, in.LoadBalancerNames),
		healthType: healthType, grace: in.HealthCheckGracePeriod, cooldown: cooldown,
		warmup: cloneDuration(in.DefaultInstanceWarmup), protectNew: in.NewInstancesProtectedFromScaleIn,
		maxLifetime: in.MaxInstanceLifetime, termination: termination, hooks: hooks,
	}
	s.groups[g.name] = g
	s.groupList = append(s.groupList, g)
	if desired > 0 {
		g.cause = fmt.Sprintf("At %s a user request created an AutoScalingGroup changing the desired capacity from 0 to %d.", formatTime(now), desired)
	}
	fx := s.reconcileLocked(g, now)
	s.scheduleChecksLocked(g, now)
	s.mu.Unlock()
	fx.run()
	return &CreateAutoScalingGroupOutput{}, nil
}

// UpdateAutoScalingGroupInput is the input of
// [Service.UpdateAutoScalingGroup]. A field left nil (or empty) is not
// changed.
type UpdateAutoScalingGroupInput struct {
	AutoScalingGroupName             string // Required.
	LaunchTemplate                   *LaunchTemplateSpecification
	MinSize, MaxSize                 *int
	DesiredCapacity                  *int
	AvailabilityZones                []string
	HealthCheckType                  string
	HealthCheckGracePeriod           *time.Duration
	DefaultCooldown                  *time.Duration
	DefaultInstanceWarmup            *time.Duration
	NewInstancesProtectedFromScaleIn *bool
	MaxInstanceLifetime              *time.Duration
	TerminationPolicies              []string
}

// UpdateAutoScalingGroupOutput is the output of
// [Service.UpdateAutoScalingGroup].
type UpdateAutoScalingGroupOutput struct{}

// UpdateAutoScalingGroup changes a group's configuration. A new MinSize
// above the desired capacity raises it, a new MaxSize below lowers it,
// and the group launches or terminates instances to match at once. A new
// launch template applies to instances launched from then on.
//
// Errors: ErrValidationError (also for a group that does not exist), and
// the launch template errors.
func (s *Service) UpdateAutoScalingGroup(ctx context.Context, in *UpdateAutoScalingGroupInput) (*UpdateAutoScalingGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.AvailabilityZones != nil {
		if err := s.checkZones(in.AvailabilityZones); err != nil {
			return nil, err
		}
	}
	healthType := ""
	if in.HealthCheckType != "" {
		if healthType, err = checkHealthType(in.HealthCheckType); err != nil {
			return nil, err
		}
	}
	var termination []string
	if in.TerminationPolicies != nil {
		if termination, err = checkTerminationPolicies(in.TerminationPolicies); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	lo, hi, desired := g.min, g.max, g.desired
	if in.MinSize != nil {
		lo = *in.MinSize
	}
	if in.MaxSize != nil {
		hi = *in.MaxSize
	}
	switch {
	case in.DesiredCapacity != nil:
		desired = *in.DesiredCapacity
	case desired < lo:
		desired = lo
	case desired > hi:
		desired = hi
	}
	if err := checkSizes(lo, hi, desired); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	grace, cooldown, warmup, lifetime := g.grace, g.cooldown, g.warmup, g.maxLifetime
	if in.HealthCheckGracePeriod != nil {
		grace = *in.HealthCheckGracePeriod
	}
	if in.DefaultCooldown != nil {
		cooldown = *in.DefaultCooldown
	}
	if in.DefaultInstanceWarmup != nil {
		warmup = cloneDuration(in.DefaultInstanceWarmup)
	}
	if in.MaxInstanceLifetime != nil {
		lifetime = *in.MaxInstanceLifetime
	}
	if err := checkGroupDurations(grace, cooldown, warmup, lifetime); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	templ := g.templ
	if in.LaunchTemplate != nil {
		if templ, err = s.groupTemplateLocked(*in.LaunchTemplate, g.mixed); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		g.template = *in.LaunchTemplate
	}
	g.templ = templ
	g.grace, g.cooldown, g.warmup, g.maxLifetime = grace, cooldown, warmup, lifetime
	if in.AvailabilityZones != nil {
		g.zones = slices.Clone(in.AvailabilityZones)
	}
	if healthType != "" {
		g.healthType = healthType
	}
	if in.NewInstancesProtectedFromScaleIn != nil {
		g.protectNew = *in.NewInstancesProtectedFromScaleIn
	}
	if termination != nil {
		g.termination = termination
	}
	if desired != g.desired {
		g.cause = fmt.Sprintf("At %s a user request update of AutoScalingGroup constraints to min: %d, max: %d, desired: %d changing the desired capacity from %d to %d.",
			formatTime(now), lo, hi, desired, g.desired, desired)
	}
	g.min, g.max, g.desired = lo, hi, desired
	fx := s.reconcileLocked(g, now)
	s.mu.Unlock()
	fx.run()
	return &UpdateAutoScalingGroupOutput{}, nil
}

// SetDesiredCapacityInput is the input of [Service.SetDesiredCapacity].
type SetDesiredCapacityInput struct {
	AutoScalingGroupName string // Required.
	// DesiredCapacity is between the group's MinSize and MaxSize.
	DesiredCapacity int
	// HonorCooldown makes the call fail while the group is in a simple
	// scaling policy's cooldown, instead of ignoring the cooldown.
	HonorCooldown bool
}

// SetDesiredCapacityOutput is the output of [Service.SetDesiredCapacity].
type SetDesiredCapacityOutput struct{}

// SetDesiredCapacity sets a group's desired capacity: the group launches
// instances, or terminates them by its termination policies, at once.
//
// Errors: ErrValidationError (also for a group that does not exist, and
// a capacity outside MinSize and MaxSize),
// ErrScalingActivityInProgressFault (HonorCooldown in a cooldown).
func (s *Service) SetDesiredCapacity(ctx context.Context, in *SetDesiredCapacityInput) (*SetDesiredCapacityOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	switch {
	case in.DesiredCapacity < g.min:
		s.mu.Unlock()
		return nil, ErrValidationError.With("New SetDesiredCapacity value %d is below min value %d for the AutoScalingGroup.", in.DesiredCapacity, g.min)
	case in.DesiredCapacity > g.max:
		s.mu.Unlock()
		return nil, ErrValidationError.With("New SetDesiredCapacity value %d is above max value %d for the AutoScalingGroup.", in.DesiredCapacity, g.max)
	case in.HonorCooldown && g.inCooldown(now):
		s.mu.Unlock()
		return nil, ErrScalingActivityInProgressFault.With("Scaling activity is in progress or the group %s is in its cooldown.", g.name)
	}
	if in.DesiredCapacity != g.desired {
		g.cause = fmt.Sprintf("At %s a user request explicitly set group desired capacity changing the desired capacity from %d to %d.", formatTime(now), g.desired, in.DesiredCapacity)
		g.desired = in.DesiredCapacity
	}
	fx := s.reconcileLocked(g, now)
	s.mu.Unlock()
	fx.run()
	return &SetDesiredCapacityOutput{}, nil
}

// DeleteAutoScalingGroupInput is the input of
// [Service.DeleteAutoScalingGroup].
type DeleteAutoScalingGroupInput struct {
	AutoScalingGroupName string // Required.
	// ForceDelete deletes a group that has instances: they are
	// terminated, without lifecycle hooks, and the group goes once they
	// are.
	ForceDelete bool
}

// DeleteAutoScalingGroupOutput is the output of
// [Service.DeleteAutoScalingGroup].
type DeleteAutoScalingGroupOutput struct{}

// DeleteAutoScalingGroup deletes a group with its scaling policies (and
// the alarms of its target tracking policies) and lifecycle hooks. A
// group with instances needs ForceDelete; it is described with Status
// "Delete in progress" until its instances have terminated.
//
// Errors: ErrValidationError (also for a group that does not exist),
// ErrResourceInUseFault (instances and no ForceDelete),
// ErrScalingActivityInProgressFault (instances launching or
// terminating, and no ForceDelete).
func (s *Service) DeleteAutoScalingGroup(ctx context.Context, in *DeleteAutoScalingGroupInput) (*DeleteAutoScalingGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if !in.ForceDelete && len(g.instances) > 0 {
		s.mu.Unlock()
		for _, i := range g.instances {
			if i.state != StateInService {
				return nil, ErrScalingActivityInProgressFault.With("You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.")
			}
		}
		return nil, ErrResourceInUseFault.With("You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.")
	}
	g.deleted = true
	g.checks.Cancel()
	if r := g.refresh; r != nil && r.active() {
		s.endRefreshLocked(r, RefreshCancelled, "The group was deleted.", now)
	}
	for _, a := range g.scheduled {
		a.timer.Cancel()
	}
	g.scheduled = nil
	var alarms []string
	for _, p := range g.policies {
		alarms = append(alarms, p.alarmNames()...)
		delete(s.policies, p.arn)
	}
	g.policies, g.hooks = nil, nil
	g.min, g.max, g.desired = 0, 0, 0
	var fx effects
	for _, i := range slices.Clone(g.instances) {
		if !i.terminating() {
			i.cause = fmt.Sprintf("At %s an instance was taken out of service in response to a user request to delete the group.", formatTime(now))
			fx = s.terminateLocked(i, now, fx)
		}
	}
	s.removeGroupIfDoneLocked(g)
	s.mu.Unlock()
	fx.run()
	s.deleteAlarms(alarms)
	return &DeleteAutoScalingGroupOutput{}, nil
}

// removeGroupIfDoneLocked forgets a deleted group once its last instance
// has terminated. s.mu must be held.
func (s *Service) removeGroupIfDoneLocked(g *group) {
	if !g.deleted || len(g.instances) > 0 || s.groups[g.name] != g {
		return
	}
	delete(s.groups, g.name)
	s.groupList = slices.DeleteFunc(s.groupList, func(x *group) bool { return x == g })
}

// DescribeAutoScalingGroupsInput is the input of
// [Service.DescribeAutoScalingGroups].
type DescribeAutoScalingGroupsInput struct {
	// AutoScalingGroupNames, when given, are the groups to describe; a
	// name that matches no group is left out. With none, every group is
	// described.
	AutoScalingGroupNames []string
}

// DescribeAutoScalingGroupsOutput is the output of
// [Service.DescribeAutoScalingGroups].
type DescribeAutoScalingGroupsOutput struct {
	AutoScalingGroups []Group
}

// DescribeAutoScalingGroups describes groups, in the order they were
// created.
func (s *Service) DescribeAutoScalingGroups(ctx context.Context, in *DescribeAutoScalingGroupsInput) (*DescribeAutoScalingGroupsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeAutoScalingGroupsOutput{}
	for _, g := range s.groupList {
		if len(in.AutoScalingGroupNames) == 0 || slices.Contains(in.AutoScalingGroupNames, g.name) {
			out.AutoScalingGroups = append(out.AutoScalingGroups, g.describe())
		}
	}
	return out, nil
}

func (g *group) describe() Group {
	d := Group{
		AutoScalingGroupName: g.name, AutoScalingGroupARN: g.arn, LaunchTemplate: g.template, CapacityRebalance: g.capacityRebalance,
		MinSize: g.min, MaxSize: g.max, DesiredCapacity: g.desired, DefaultCooldown: g.cooldown,
		AvailabilityZones: slices.Clone(g.zones), TargetGroupARNs: ids(g.sources, false), LoadBalancerNames: ids(g.sources, true),
		HealthCheckType: g.healthType, HealthCheckGracePeriod: g.grace, DefaultInstanceWarmup: cloneDuration(g.warmup),
		NewInstancesProtectedFromScaleIn: g.protectNew, MaxInstanceLifetime: g.maxLifetime,
		TerminationPolicies: slices.Clone(g.termination), SuspendedProcesses: slices.Clone(g.suspended),
		EnabledMetrics: slices.Clone(g.metrics), CreatedTime: g.created,
	}
	if g.deleted {
		d.Status = "Delete in progress"
	}
	if g.mixed != nil {
		m := *g.mixed
		m.LaunchTemplate.Overrides = slices.Clone(m.LaunchTemplate.Overrides)
		m.InstancesDistribution.OnDemandPercentageAboveBaseCapacity = cloneInt(m.InstancesDistribution.OnDemandPercentageAboveBaseCapacity)
		d.MixedInstancesPolicy = &m
	}
	for _, i := range g.instances {
		d.Instances = append(d.Instances, i.describe())
	}
	return d
}

// lookupGroupLocked finds a group that is not being deleted. s.mu must
// be held.
func (s *Service) lookupGroupLocked(name string) (*group, error) {
	g := s.groups[name]
	if g == nil || g.deleted {
		return nil, ErrValidationError.With("AutoScalingGroup name not found - AutoScalingGroup %s not found", name)
	}
	return g, nil
}

// groupTemplateLocked finds the launch template a group names and checks
// that the version it names exists and has an instance type, unless the
// group's mixed instances policy has overrides. s.mu must be held.
func (s *Service) groupTemplateLocked(spec LaunchTemplateSpecification, mixed *MixedInstancesPolicy) (*launchTemplate, error) {
	if spec.LaunchTemplateId != "" && spec.LaunchTemplateName != "" {
		return nil, ErrValidationError.With("Valid requests must contain either launchTemplateId or LaunchTemplateName.")
	}
	t, err := s.lookupTemplateLocked(spec.LaunchTemplateId, spec.LaunchTemplateName)
	if err != nil {
		return nil, ErrValidationError.With("You must use a valid fully-formed launch template. %s", err.(*Error).Message)
	}
	v, err := t.version(spec.Version)
	if err != nil {
		return nil, ErrValidationError.With("You must use a valid fully-formed launch template. %s", err.(*Error).Message)
	}
	if v.LaunchTemplateData.InstanceType == "" && (mixed == nil || len(mixed.LaunchTemplate.Overrides) == 0) {
		return nil, ErrValidationError.With("You must use a valid fully-formed launch template. The launch template %s has no instance type.", t.name)
	}
	return t, nil
}

// checkGroupName checks a group name as the API reference states it: 1
// to 255 of the ASCII characters 33 to 126, without a colon.
func checkGroupName(name string) error {
	if name == "" || len(name) > 255 {
		return ErrValidationError.With("The AutoScalingGroupName %q is not 1 to 255 characters.", name)
	}
	for _, c := range []byte(name) {
		if c < 33 || c > 126 || c == ':' {
			return ErrValidationError.With("The AutoScalingGroupName %q has a character other than the ASCII characters 33 to 126 but a colon.", name)
		}
	}
	return nil
}

func checkSizes(lo, hi, desired int) error {
	switch {
	case lo < 0 || hi < 0:
		return ErrValidationError.With("The MinSize and MaxSize must not be negative.")
	case lo > hi:
		return ErrValidationError.With("The MinSize must be less than or equal to the MaxSize.")
	case desired < lo:
		return ErrValidationError.With("Desired capacity:%d must be between the specified min size:%d and max size:%d", desired, lo, hi)
	case desired > hi:
		return ErrValidationError.With("Desired capacity:%d must be between the specified min size:%d and max size:%d", desired, lo, hi)
	}
	return nil
}

// checkZones checks that zones are zones of the service's region: the
// region's name and a letter.
func (s *Service) checkZones(zones []string) error {
	if len(zones) == 0 {
		return ErrValidationError.With("At least one Availability Zone or VPC Subnet is required.")
	}
	for i, z := range zones {
		letter, ok := strings.CutPrefix(z, s.region)
		if !ok || len(letter) != 1 || letter[0] < 'a' || letter[0] > 'z' {
			return ErrValidationError.With("The availability zone %q is not a zone of %s.", z, s.region)
		}
		if slices.Contains(zones[:i], z) {
			return ErrValidationError.With("The availability zone %s is given twice.", z)
		}
	}
	return nil
}

func checkHealthType(t string) (string, error) {
	switch t {
	case "", HealthCheckEC2:
		return HealthCheckEC2, nil
	case HealthCheckELB:
		return t, nil
	}
	return "", ErrValidationError.With("The HealthCheckType %q is not EC2 or ELB.", t)
}

func checkGroupDurations(grace, cooldown time.Duration, warmup *time.Duration, lifetime time.Duration) error {
	switch {
	case grace < 0 || grace%time.Second != 0:
		return ErrValidationError.With("The HealthCheckGracePeriod must be a whole number of seconds, not negative.")
	case cooldown < 0 || cooldown%time.Second != 0:
		return ErrValidationError.With("The DefaultCooldown must be a whole number of seconds, not negative.")
	case warmup != nil && (*warmup < 0 || *warmup%time.Second != 0):
		return ErrValidationError.With("The DefaultInstanceWarmup must be a whole number of seconds, not negative.")
	case lifetime != 0 && (lifetime < MinInstanceLifetime || lifetime%time.Second != 0):
		return ErrValidationError.With("The MaxInstanceLifetime must be 0 or between 86400 and 31536000 seconds.")
	}
	return nil
}

func cloneDuration(d *time.Duration) *time.Duration {
	if d == nil {
		return nil
	}
	v := *d
	return &v
}

// inCooldown reports whether simple scaling policies must wait: an
// activity one of them started has not ended, or its cooldown has not.
func (g *group) inCooldown(now time.Time) bool {
	return g.cooling > 0 || now.Before(g.cooldownEnd)
}

// capacity counts the instances that count toward the desired capacity:
// those pending and in service.
func (g *group) capacity() int {
	n := 0
	for _, i := range g.instances {
		if i.counts() {
			n++
		}
	}
	return n
}
