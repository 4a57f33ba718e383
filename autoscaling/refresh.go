package autoscaling

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Instance refresh statuses, strategies and preferences.
const (
	RefreshInProgress = "InProgress"
	RefreshBaking     = "Baking"
	RefreshSuccessful = "Successful"
	RefreshFailed     = "Failed"
	RefreshCancelling = "Cancelling"
	RefreshCancelled  = "Cancelled"

	// StrategyRolling terminates instances and launches their
	// replacements in batches; it is the only strategy simulated.
	StrategyRolling = "Rolling"

	// The ways a refresh treats instances protected from scale-in
	// (ScaleInProtectedInstances) and instances in Standby
	// (StandbyInstances).
	PreferenceRefresh   = "Refresh"   // replace protected instances too
	PreferenceTerminate = "Terminate" // terminate standby instances
	PreferenceIgnore    = "Ignore"    // leave them as they are
	PreferenceWait      = "Wait"      // wait RefreshWaitLimit for them to change, then fail

	// DefaultMinHealthyPercentage is a refresh's MinHealthyPercentage
	// unless set.
	DefaultMinHealthyPercentage = 90
	// DefaultCheckpointDelay is how long a refresh with checkpoints
	// waits at each unless CheckpointDelay is set.
	DefaultCheckpointDelay = time.Hour
	// MaxRefreshDelay is the longest CheckpointDelay and BakeTime: two
	// days.
	MaxRefreshDelay = 48 * time.Hour
	// RefreshWaitLimit is how long a refresh waits for protected or
	// standby instances with PreferenceWait before it fails.
	RefreshWaitLimit = time.Hour
)

// DesiredConfiguration is the configuration an instance refresh gives
// the group and its replacements: a launch template or a mixed instances
// policy, at most one of them.
type DesiredConfiguration struct {
	LaunchTemplate       *LaunchTemplateSpecification
	MixedInstancesPolicy *MixedInstancesPolicy
}

// RefreshPreferences are how an instance refresh goes.
type RefreshPreferences struct {
	// MinHealthyPercentage, 0 to 100, is the share of the desired
	// capacity (rounded up) that stays in service, healthy and warmed up
	// while instances are replaced; DefaultMinHealthyPercentage unless
	// set. 100 replaces one instance at a time.
	MinHealthyPercentage *int
	// MaxHealthyPercentage, 100 to 200 and at most 100 above
	// MinHealthyPercentage (which it needs), is the share of the desired
	// capacity that may be in service or pending: above 100, a batch's
	// replacements launch before the instances they replace terminate.
	// 100 unless set.
	MaxHealthyPercentage *int
	// InstanceWarmup is how long a new instance is in service before it
	// counts as healthy for the refresh; the group's
	// DefaultInstanceWarmup, else its HealthCheckGracePeriod, unless set.
	InstanceWarmup *time.Duration
	// CheckpointPercentages, ascending and distinct, 1 to 100, are the
	// shares of the instances replaced at which the refresh pauses for
	// CheckpointDelay (DefaultCheckpointDelay unless set; it needs
	// CheckpointPercentages).
	CheckpointPercentages []int
	CheckpointDelay       *time.Duration
	// SkipMatching leaves instances that already run the desired launch
	// template version (the group's own, without a desired
	// configuration).
	SkipMatching bool
	// AutoRollback is not simulated: true is refused.
	AutoRollback bool
	// ScaleInProtectedInstances is PreferenceRefresh, PreferenceIgnore
	// or PreferenceWait (the default).
	ScaleInProtectedInstances string
	// StandbyInstances is PreferenceTerminate, PreferenceIgnore or
	// PreferenceWait (the default).
	StandbyInstances string
	// BakeTime is how long the refresh stays Baking once every instance
	// is replaced, before it is Successful.
	BakeTime time.Duration
}

// InstanceRefresh describes an instance refresh.
type InstanceRefresh struct {
	InstanceRefreshId    string
	AutoScalingGroupName string
	Strategy             string
	// Status is one of the Refresh… constants.
	Status       string
	StatusReason string
	StartTime    time.Time
	// EndTime is zero until the refresh ends.
	EndTime time.Time
	// PercentageComplete is the share of the instances to replace whose
	// replacements are in service, healthy and warmed up.
	PercentageComplete int
	// InstancesToUpdate is how many are left to replace.
	InstancesToUpdate    int
	Preferences          RefreshPreferences // as applied, defaults filled in
	DesiredConfiguration *DesiredConfiguration
}

// refresh is an instance refresh of a group: its description, and the
// instances it has left to replace.
type refresh struct {
	desc               InstanceRefresh
	minPct, maxPct     int
	warmup, checkDelay time.Duration

	todo     []*instance // left to replace, in launch order
	total    int         // instances to replace when it started
	replaced int         // of them, replaced and warmed up
	inBatch  int         // replacing now
	retiring []*instance // of the batch, serving until their replacements are warm
	next     int         // index of the next checkpoint
	resume   time.Time   // the end of a checkpoint delay or of the bake time
	waiting  time.Time   // since when it waits for protected or standby instances
}

// active reports whether the refresh has not ended.
func (r *refresh) active() bool { return r.desc.EndTime.IsZero() }

// StartInstanceRefreshInput is the input of [Service.StartInstanceRefresh].
type StartInstanceRefreshInput struct {
	AutoScalingGroupName string // Required.
	// Strategy is StrategyRolling, unless empty.
	Strategy             string
	DesiredConfiguration *DesiredConfiguration
	Preferences          *RefreshPreferences
}

// StartInstanceRefreshOutput is the output of
// [Service.StartInstanceRefresh].
type StartInstanceRefreshOutput struct {
	InstanceRefreshId string
}

// StartInstanceRefresh starts to replace a group's instances in batches
// (see the package documentation, Instance refresh), with a desired
// configuration that the group takes at once if given.
//
// Errors: ErrValidationError (also for a group that does not exist),
// ErrInstanceRefreshInProgressFault (the group has an active refresh).
func (s *Service) StartInstanceRefresh(ctx context.Context, in *StartInstanceRefreshInput) (*StartInstanceRefreshOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Strategy != "" && in.Strategy != StrategyRolling {
		return nil, ErrValidationError.With("The strategy %q is not supported: the simulator replaces instances with the Rolling strategy only.", in.Strategy)
	}
	prefs, err := checkRefreshPreferences(in.Preferences)
	if err != nil {
		return nil, err
	}
	var config *DesiredConfiguration
	if d := in.DesiredConfiguration; d != nil && (d.LaunchTemplate != nil || d.MixedInstancesPolicy != nil) {
		if d.LaunchTemplate != nil && d.MixedInstancesPolicy != nil {
			return nil, ErrValidationError.With("A desired configuration takes a launch template or a mixed instances policy, not both.")
		}
		config = &DesiredConfiguration{}
		if d.LaunchTemplate != nil {
			config.LaunchTemplate = new(*d.LaunchTemplate)
		}
		if d.MixedInstancesPolicy != nil {
			if config.MixedInstancesPolicy, err = checkMixed(d.MixedInstancesPolicy); err != nil {
				return nil, err
			}
		}
	}

	s.mu.Lock()
	now := s.sched.Now()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if g.refresh != nil && g.refresh.active() {
		s.mu.Unlock()
		return nil, ErrInstanceRefreshInProgressFault.With("An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.")
	}
	if config != nil {
		if err := s.configureLocked(g, config); err != nil {
			s.mu.Unlock()
			return nil, err
		}
	}
	r := s.newRefreshLocked(g, prefs, config, now)
	var fx effects
	for _, i := range slices.Clone(g.instances) {
		if (i.state == StateStandby || i.state == StateEnteringStandby) && prefs.StandbyInstances == PreferenceTerminate {
			i.cause = refreshCause(i, now)
			fx = s.terminateLocked(i, now, fx)
		}
	}
	fx = append(fx, s.refreshStepLocked(g, now)...)
	out := &StartInstanceRefreshOutput{InstanceRefreshId: r.desc.InstanceRefreshId}
	s.mu.Unlock()
	fx.run()
	return out, nil
}

// checkRefreshPreferences checks a refresh's preferences and fills in
// their defaults.
func checkRefreshPreferences(in *RefreshPreferences) (RefreshPreferences, error) {
	var p RefreshPreferences
	if in != nil {
		p = *in
		p.CheckpointPercentages = slices.Clone(in.CheckpointPercentages)
	}
	if p.MaxHealthyPercentage != nil && p.MinHealthyPercentage == nil {
		return p, ErrValidationError.With("MaxHealthyPercentage needs MinHealthyPercentage.")
	}
	minPct, maxPct := DefaultMinHealthyPercentage, 100
	if p.MinHealthyPercentage != nil {
		minPct = *p.MinHealthyPercentage
	}
	if p.MaxHealthyPercentage != nil {
		maxPct = *p.MaxHealthyPercentage
	}
	switch {
	case minPct < 0 || minPct > 100:
		return p, ErrValidationError.With("MinHealthyPercentage must be 0 to 100.")
	case maxPct < 100 || maxPct > 200:
		return p, ErrValidationError.With("MaxHealthyPercentage must be 100 to 200.")
	case maxPct-minPct > 100:
		return p, ErrValidationError.With("MaxHealthyPercentage may be at most 100 above MinHealthyPercentage.")
	case p.InstanceWarmup != nil && (*p.InstanceWarmup < 0 || *p.InstanceWarmup%time.Second != 0):
		return p, ErrValidationError.With("InstanceWarmup must be whole seconds, at least 0.")
	case p.CheckpointDelay != nil && len(p.CheckpointPercentages) == 0:
		return p, ErrValidationError.With("CheckpointDelay needs CheckpointPercentages.")
	case p.CheckpointDelay != nil && (*p.CheckpointDelay < 0 || *p.CheckpointDelay > MaxRefreshDelay || *p.CheckpointDelay%time.Second != 0):
		return p, ErrValidationError.With("CheckpointDelay must be whole seconds, 0 to %d.", int(MaxRefreshDelay/time.Second))
	case p.BakeTime < 0 || p.BakeTime > MaxRefreshDelay || p.BakeTime%time.Second != 0:
		return p, ErrValidationError.With("BakeTime must be whole seconds, 0 to %d.", int(MaxRefreshDelay/time.Second))
	case p.AutoRollback:
		return p, ErrValidationError.With("AutoRollback is not simulated.")
	}
	for k, pct := range p.CheckpointPercentages {
		if pct < 1 || pct > 100 || (k > 0 && pct <= p.CheckpointPercentages[k-1]) {
			return p, ErrValidationError.With("CheckpointPercentages must be distinct, ascending, 1 to 100.")
		}
	}
	if len(p.CheckpointPercentages) > 0 && p.CheckpointDelay == nil {
		p.CheckpointDelay = Duration(DefaultCheckpointDelay)
	}
	p.MinHealthyPercentage, p.MaxHealthyPercentage = Int(minPct), Int(maxPct)
	for _, pref := range []*string{&p.ScaleInProtectedInstances, &p.StandbyInstances} {
		if *pref == "" {
			*pref = PreferenceWait
		}
	}
	if !slices.Contains([]string{PreferenceRefresh, PreferenceIgnore, PreferenceWait}, p.ScaleInProtectedInstances) {
		return p, ErrValidationError.With("ScaleInProtectedInstances must be Refresh, Ignore or Wait.")
	}
	if !slices.Contains([]string{PreferenceTerminate, PreferenceIgnore, PreferenceWait}, p.StandbyInstances) {
		return p, ErrValidationError.With("StandbyInstances must be Terminate, Ignore or Wait.")
	}
	return p, nil
}

// configureLocked gives a group the launch template or mixed instances
// policy of a desired configuration. s.mu must be held.
func (s *Service) configureLocked(g *group, c *DesiredConfiguration) error {
	spec, mixed := c.LaunchTemplate, c.MixedInstancesPolicy
	if mixed != nil {
		spec = &mixed.LaunchTemplate.LaunchTemplateSpecification
	}
	templ, err := s.groupTemplateLocked(*spec, mixed)
	if err != nil {
		return err
	}
	g.template, g.templ, g.mixed = *spec, templ, mixed
	return nil
}

// newRefreshLocked makes g's active refresh, with the instances it is
// to replace. s.mu must be held.
func (s *Service) newRefreshLocked(g *group, p RefreshPreferences, config *DesiredConfiguration, now time.Time) *refresh {
	r := &refresh{
		desc: InstanceRefresh{
			InstanceRefreshId: s.newUUID(), AutoScalingGroupName: g.name, Strategy: StrategyRolling,
			Status: RefreshInProgress, StartTime: now, Preferences: p, DesiredConfiguration: config,
		},
		minPct: *p.MinHealthyPercentage, maxPct: *p.MaxHealthyPercentage, warmup: g.grace,
	}
	switch {
	case p.InstanceWarmup != nil:
		r.warmup = *p.InstanceWarmup
	case g.warmup != nil:
		r.warmup = *g.warmup
	}
	if p.CheckpointDelay != nil {
		r.checkDelay = *p.CheckpointDelay
	}
	current, err := g.templ.version(g.template.Version)
	for _, i := range g.instances {
		switch {
		case i.terminating() || i.state == StateDetaching:
		case (i.state == StateStandby || i.state == StateEnteringStandby) && p.StandbyInstances != PreferenceWait:
		case i.protected && p.ScaleInProtectedInstances == PreferenceIgnore:
		case p.SkipMatching && err == nil && i.templateID == current.LaunchTemplateId && i.version == current.VersionNumber:
		default:
			r.todo = append(r.todo, i)
		}
	}
	r.total = len(r.todo)
	g.refresh = r
	g.refreshes = append(g.refreshes, r)
	return r
}

// refreshCause is the cause of an instance's termination by a refresh.
func refreshCause(i *instance, now time.Time) string {
	return fmt.Sprintf("At %s an instance was taken out of service in response to an instance refresh.  At %s instance %s was selected for termination.", formatTime(now), formatTime(now), i.id)
}

// refreshStepLocked moves g's active refresh on: once the batch in
// flight is in service, healthy and warmed up, it terminates the
// instances of the batch that served until then, pauses at a checkpoint,
// ends, or starts the next batch. s.mu must be held.
func (s *Service) refreshStepLocked(g *group, now time.Time) effects {
	r := g.refresh
	if r == nil || !r.active() || now.Before(r.resume) || g.suspendedProcess(ProcessInstanceRefresh) {
		return nil
	}
	r.todo = slices.DeleteFunc(r.todo, func(i *instance) bool { return i.g != g || i.terminating() || i.state == StateDetaching })
	if !s.batchReadyLocked(g, r, now) {
		return nil
	}
	var fx effects
	for _, i := range r.retiring {
		if !i.terminating() {
			i.cause = refreshCause(i, now)
			fx = s.terminateLocked(i, now, fx)
		}
	}
	r.retiring = nil
	r.replaced += r.inBatch
	r.inBatch = 0
	r.desc.PercentageComplete = 100
	if r.total > 0 {
		r.desc.PercentageComplete = r.replaced * 100 / r.total
	}
	r.desc.InstancesToUpdate = r.total - r.replaced
	r.desc.StatusReason = ""
	cps := r.desc.Preferences.CheckpointPercentages
	switch {
	case r.desc.Status == RefreshCancelling:
		s.endRefreshLocked(r, RefreshCancelled, "", now)
	case r.desc.Status == RefreshBaking:
		s.endRefreshLocked(r, RefreshSuccessful, "", now)
	case r.next < len(cps) && r.desc.PercentageComplete >= cps[r.next]:
		r.resume = now.Add(r.checkDelay)
		r.desc.StatusReason = fmt.Sprintf("Checkpoint %d%% reached: waiting %s before going on.", cps[r.next], r.checkDelay)
		r.next++
	case len(r.todo) == 0 && r.desc.Preferences.BakeTime > 0:
		r.desc.Status, r.resume = RefreshBaking, now.Add(r.desc.Preferences.BakeTime)
	case len(r.todo) == 0:
		s.endRefreshLocked(r, RefreshSuccessful, "", now)
	default:
		fx = append(fx, s.startBatchLocked(g, r, now)...)
	}
	return fx
}

// batchReadyLocked reports whether every instance of g that counts
// toward its desired capacity is in service, healthy and past the
// refresh's warm-up, and the group has its desired capacity: the batch
// in flight, if any, is done. s.mu must be held.
func (s *Service) batchReadyLocked(g *group, r *refresh, now time.Time) bool {
	n := 0
	for _, i := range g.instances {
		if !i.counts() {
			continue
		}
		if i.state != StateInService || i.health != HealthHealthy || i.unhealthy != "" || now.Sub(i.inService) < r.warmup {
			return false
		}
		n++
	}
	return n >= g.desired
}

// startBatchLocked starts replacing the next batch of a refresh: as many
// instances as MinHealthyPercentage lets go at once (terminated now) and
// MaxHealthyPercentage lets launch ahead (serving until their
// replacements are warm), at least one, and no further than the next
// checkpoint. Instances it must wait for are passed over; with nothing
// else left it waits for them, and fails after RefreshWaitLimit. s.mu
// must be held.
func (s *Service) startBatchLocked(g *group, r *refresh, now time.Time) effects {
	p := r.desc.Preferences
	var ready []*instance
	for _, i := range r.todo {
		switch {
		case i.protected && p.ScaleInProtectedInstances == PreferenceWait:
		case i.state == StateStandby || i.state == StateEnteringStandby:
		default:
			ready = append(ready, i)
		}
	}
	if len(ready) == 0 {
		if r.waiting.IsZero() {
			r.waiting = now
		}
		if now.Sub(r.waiting) >= RefreshWaitLimit {
			s.endRefreshLocked(r, RefreshFailed, "The instances left to replace stayed protected from scale-in or in Standby for an hour.", now)
			return nil
		}
		r.desc.StatusReason = "Waiting for instances protected from scale-in or in Standby."
		return nil
	}
	r.waiting = time.Time{}
	ahead := max(0, g.desired*r.maxPct/100-g.desired)
	down := max(0, g.desired-ceilDiv(g.desired*r.minPct, 100))
	size := max(1, ahead+down)
	if cps := p.CheckpointPercentages; r.next < len(cps) {
		size = min(size, max(1, ceilDiv(r.total*cps[r.next], 100)-r.replaced))
	}
	batch := ready[:min(size, len(ready))]
	r.todo = slices.DeleteFunc(r.todo, func(i *instance) bool { return slices.Contains(batch, i) })
	r.inBatch = len(batch)
	var fx effects
	for k, i := range batch {
		if k < ahead && i.state == StateInService {
			i.retiring = true // it stops counting: its replacement launches now
			r.retiring = append(r.retiring, i)
			continue
		}
		i.cause = refreshCause(i, now)
		fx = s.terminateLocked(i, now, fx)
	}
	return append(fx, s.reconcileLocked(g, now)...)
}

// ceilDiv is a / b rounded up, for a ≥ 0 and b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// endRefreshLocked ends a refresh with status. s.mu must be held.
func (s *Service) endRefreshLocked(r *refresh, status, reason string, now time.Time) {
	r.desc.Status, r.desc.StatusReason, r.desc.EndTime = status, reason, now
	for _, i := range r.retiring {
		i.retiring = false
	}
	r.retiring = nil
}

// CancelInstanceRefreshInput is the input of
// [Service.CancelInstanceRefresh].
type CancelInstanceRefreshInput struct {
	AutoScalingGroupName string // Required.
}

// CancelInstanceRefreshOutput is the output of
// [Service.CancelInstanceRefresh].
type CancelInstanceRefreshOutput struct {
	InstanceRefreshId string
}

// CancelInstanceRefresh cancels a group's active refresh: it is
// Cancelling until the batch in flight is done, then Cancelled; the
// instances it replaced stay replaced, and the group keeps its desired
// configuration.
//
// Errors: ErrValidationError (a group that does not exist),
// ErrActiveInstanceRefreshNotFoundFault (no active refresh).
func (s *Service) CancelInstanceRefresh(ctx context.Context, in *CancelInstanceRefreshInput) (*CancelInstanceRefreshOutput, error) {
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
	r := g.refresh
	if r == nil || !r.active() || r.desc.Status == RefreshCancelling {
		s.mu.Unlock()
		return nil, ErrActiveInstanceRefreshNotFoundFault.With("No in progress or pending Instance Refresh found for Auto Scaling group %s", g.name)
	}
	r.desc.Status, r.resume = RefreshCancelling, time.Time{}
	fx := s.refreshStepLocked(g, now)
	s.mu.Unlock()
	fx.run()
	return &CancelInstanceRefreshOutput{InstanceRefreshId: r.desc.InstanceRefreshId}, nil
}

// DescribeInstanceRefreshesInput is the input of
// [Service.DescribeInstanceRefreshes].
type DescribeInstanceRefreshesInput struct {
	AutoScalingGroupName string // Required.
	// InstanceRefreshIds, when given, are the refreshes to describe.
	InstanceRefreshIds []string
}

// DescribeInstanceRefreshesOutput is the output of
// [Service.DescribeInstanceRefreshes].
type DescribeInstanceRefreshesOutput struct {
	InstanceRefreshes []InstanceRefresh
}

// DescribeInstanceRefreshes describes a group's instance refreshes,
// newest first.
//
// Errors: ErrValidationError (a group that does not exist).
func (s *Service) DescribeInstanceRefreshes(ctx context.Context, in *DescribeInstanceRefreshesInput) (*DescribeInstanceRefreshesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	out := &DescribeInstanceRefreshesOutput{}
	for k := len(g.refreshes) - 1; k >= 0; k-- {
		r := g.refreshes[k]
		if len(in.InstanceRefreshIds) == 0 || slices.Contains(in.InstanceRefreshIds, r.desc.InstanceRefreshId) {
			d := r.desc
			d.Preferences.CheckpointPercentages = slices.Clone(d.Preferences.CheckpointPercentages)
			out.InstanceRefreshes = append(out.InstanceRefreshes, d)
		}
	}
	return out, nil
}
