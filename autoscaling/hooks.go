package autoscaling

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Lifecycle transitions a hook acts on, and the results of a lifecycle
// action.
const (
	TransitionLaunching   = "autoscaling:EC2_INSTANCE_LAUNCHING"
	TransitionTerminating = "autoscaling:EC2_INSTANCE_TERMINATING"
	// ResultContinue lets a launching instance go in service, and a
	// terminating one terminate after its other hooks.
	ResultContinue = "CONTINUE"
	// ResultAbandon terminates a launching instance (and the group
	// launches another), and lets a terminating one terminate at once.
	ResultAbandon = "ABANDON"
)

// Limits of lifecycle hooks.
const (
	minHeartbeat        = 30 * time.Second
	maxHeartbeat        = 7200 * time.Second
	maxHookWait         = 48 * time.Hour // the global timeout, unless 100 heartbeats are shorter
	maxHookMetadata     = 4000
	maxHookNameLength   = 255
	maxNotificationARN  = 255
	lifecycleTimeFormat = "2006-01-02T15:04:05.000Z"
)

// hook is a lifecycle hook of a group.
type hook struct {
	name, transition string
	heartbeat        time.Duration
	defaultResult    string
	target, role     string
	metadata         string
}

// LifecycleHook describes a lifecycle hook.
type LifecycleHook struct {
	LifecycleHookName     string
	AutoScalingGroupName  string
	LifecycleTransition   string
	HeartbeatTimeout      time.Duration
	GlobalTimeout         time.Duration
	DefaultResult         string
	NotificationTargetARN string
	RoleARN               string
	NotificationMetadata  string
}

// hookWait is an instance's wait for one lifecycle action.
type hookWait struct {
	hook     *hook
	token    string
	deadline time.Time // of its heartbeat
	limit    time.Time // its global timeout
	timer    sim.Scheduled
}

// hooksFor returns g's hooks of a transition.
func (g *group) hooksFor(transition string) []*hook {
	var out []*hook
	for _, h := range g.hooks {
		if h.transition == transition {
			out = append(out, h)
		}
	}
	return out
}

// LifecycleHookSpecification is a lifecycle hook given with
// CreateAutoScalingGroup, so that it acts on the group's first
// instances. Its fields are those of [PutLifecycleHookInput].
type LifecycleHookSpecification struct {
	LifecycleHookName     string
	LifecycleTransition   string
	HeartbeatTimeout      time.Duration
	DefaultResult         string
	NotificationTargetARN string
	RoleARN               string
	NotificationMetadata  string
}

// PutLifecycleHookInput is the input of [Service.PutLifecycleHook].
type PutLifecycleHookInput struct {
	AutoScalingGroupName string // Required.
	// LifecycleHookName is 1 to 255 letters, digits and - _ /. Required.
	LifecycleHookName string
	// LifecycleTransition is TransitionLaunching or
	// TransitionTerminating. Required for a new hook.
	LifecycleTransition string
	// HeartbeatTimeout is how long an instance waits for the action to
	// complete or record a heartbeat, 30 s to 7,200 s; zero means
	// [DefaultHeartbeatTimeout].
	HeartbeatTimeout time.Duration
	// DefaultResult is what a timed-out action does: ResultAbandon (the
	// default) or ResultContinue.
	DefaultResult string
	// NotificationTargetARN, when set, is an SQS queue or SNS topic of
	// the account that receives a message when an instance enters the
	// wait, and a test message when the hook is created.
	NotificationTargetARN string
	RoleARN               string
	// NotificationMetadata, at most 4,000 characters, is passed in the
	// notifications.
	NotificationMetadata string
}

// PutLifecycleHookOutput is the output of [Service.PutLifecycleHook].
type PutLifecycleHookOutput struct{}

// PutLifecycleHook creates a lifecycle hook of a group, or changes the
// one of that name. Instances entering the hook's transition from then
// on wait in Pending:Wait or Terminating:Wait until the action is
// completed ([Service.CompleteLifecycleAction]) or times out.
//
// Errors: ErrValidationError (also for a group that does not exist),
// ErrLimitExceededFault (more than [MaxLifecycleHooks]).
func (s *Service) PutLifecycleHook(ctx context.Context, in *PutLifecycleHookInput) (*PutLifecycleHookOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	h, err := newHook(LifecycleHookSpecification{
		LifecycleHookName: in.LifecycleHookName, LifecycleTransition: in.LifecycleTransition, HeartbeatTimeout: in.HeartbeatTimeout,
		DefaultResult: in.DefaultResult, NotificationTargetARN: in.NotificationTargetARN, RoleARN: in.RoleARN, NotificationMetadata: in.NotificationMetadata,
	}, true)
	if err != nil {
		return nil, err
	}
	if h.target != "" {
		// Auto Scaling sends a test message first, and refuses a hook
		// whose target cannot take it.
		s.mu.Lock()
		g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
		var body string
		if err == nil {
			body = s.testMessageLocked(g, s.sched.Now())
		}
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if err := s.account.Deliver(ctx, h.target, cloud.Message{Body: body}); err != nil {
			return nil, ErrValidationError.With("Unable to publish test message to notification target %s using IAM role %s. Please check your target and role configuration and try to put lifecycle hook again. (%v)", h.target, h.role, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(g.hooks, func(x *hook) bool { return x.name == h.name }); i >= 0 {
		if h.transition == "" {
			h.transition = g.hooks[i].transition
		}
		g.hooks[i] = h
		return &PutLifecycleHookOutput{}, nil
	}
	if h.transition == "" {
		return nil, ErrValidationError.With("The LifecycleTransition is required for a new lifecycle hook.")
	}
	if len(g.hooks) >= MaxLifecycleHooks {
		return nil, ErrLimitExceededFault.With("Group %s already has %d lifecycle hooks.", g.name, MaxLifecycleHooks)
	}
	g.hooks = append(g.hooks, h)
	return &PutLifecycleHookOutput{}, nil
}

// newHook checks a hook's specification; a hook put again may leave its
// transition out (update).
func newHook(spec LifecycleHookSpecification, update bool) (*hook, error) {
	h := &hook{
		name: spec.LifecycleHookName, transition: spec.LifecycleTransition, heartbeat: spec.HeartbeatTimeout,
		defaultResult: spec.DefaultResult, target: spec.NotificationTargetARN, role: spec.RoleARN, metadata: spec.NotificationMetadata,
	}
	if h.heartbeat == 0 {
		h.heartbeat = DefaultHeartbeatTimeout
	}
	if h.defaultResult == "" {
		h.defaultResult = ResultAbandon
	}
	switch {
	case h.name == "" || len(h.name) > maxHookNameLength || !isHookName(h.name):
		return nil, ErrValidationError.With("The LifecycleHookName %q is not 1 to 255 letters, digits and - _ /.", h.name)
	case h.transition == "" && !update:
		return nil, ErrValidationError.With("The LifecycleTransition is required.")
	case h.transition != "" && h.transition != TransitionLaunching && h.transition != TransitionTerminating:
		return nil, ErrValidationError.With("Invalid value for LifecycleTransition: %s", h.transition)
	case h.heartbeat < minHeartbeat || h.heartbeat > maxHeartbeat || h.heartbeat%time.Second != 0:
		return nil, ErrValidationError.With("The HeartbeatTimeout must be a whole number of seconds from 30 to 7200.")
	case h.defaultResult != ResultContinue && h.defaultResult != ResultAbandon:
		return nil, ErrValidationError.With("Invalid value for DefaultResult: %s", h.defaultResult)
	case len(h.metadata) > maxHookMetadata:
		return nil, ErrValidationError.With("The NotificationMetadata is longer than %d characters.", maxHookMetadata)
	case len(h.target) > maxNotificationARN:
		return nil, ErrValidationError.With("The NotificationTargetARN is longer than %d characters.", maxNotificationARN)
	}
	return h, nil
}

func isHookName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '/') {
			return false
		}
	}
	return true
}

func (h *hook) describe(g *group) LifecycleHook {
	return LifecycleHook{
		LifecycleHookName: h.name, AutoScalingGroupName: g.name, LifecycleTransition: h.transition,
		HeartbeatTimeout: h.heartbeat, GlobalTimeout: globalTimeout(h), DefaultResult: h.defaultResult,
		NotificationTargetARN: h.target, RoleARN: h.role, NotificationMetadata: h.metadata,
	}
}

// globalTimeout is the longest an instance waits for a hook, heartbeats
// included: 100 heartbeat timeouts or 48 hours, whichever is shorter.
func globalTimeout(h *hook) time.Duration { return min(maxHookWait, 100*h.heartbeat) }

// DescribeLifecycleHooksInput is the input of
// [Service.DescribeLifecycleHooks].
type DescribeLifecycleHooksInput struct {
	AutoScalingGroupName string // Required.
	// LifecycleHookNames, when given, are the hooks to describe.
	LifecycleHookNames []string
}

// DescribeLifecycleHooksOutput is the output of
// [Service.DescribeLifecycleHooks].
type DescribeLifecycleHooksOutput struct {
	LifecycleHooks []LifecycleHook
}

// DescribeLifecycleHooks describes a group's lifecycle hooks, in the
// order they were created.
//
// Errors: ErrValidationError (also for a group that does not exist).
func (s *Service) DescribeLifecycleHooks(ctx context.Context, in *DescribeLifecycleHooksInput) (*DescribeLifecycleHooksOutput, error) {
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
	out := &DescribeLifecycleHooksOutput{}
	for _, h := range g.hooks {
		if len(in.LifecycleHookNames) == 0 || slices.Contains(in.LifecycleHookNames, h.name) {
			out.LifecycleHooks = append(out.LifecycleHooks, h.describe(g))
		}
	}
	return out, nil
}

// DeleteLifecycleHookInput is the input of [Service.DeleteLifecycleHook].
type DeleteLifecycleHookInput struct {
	AutoScalingGroupName string // Required.
	LifecycleHookName    string // Required.
}

// DeleteLifecycleHookOutput is the output of [Service.DeleteLifecycleHook].
type DeleteLifecycleHookOutput struct{}

// DeleteLifecycleHook deletes a lifecycle hook. Instances waiting for it
// go on as if their action had completed with CONTINUE.
//
// Errors: ErrValidationError (also for a group or hook that does not
// exist).
func (s *Service) DeleteLifecycleHook(ctx context.Context, in *DeleteLifecycleHookInput) (*DeleteLifecycleHookOutput, error) {
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
	k := slices.IndexFunc(g.hooks, func(h *hook) bool { return h.name == in.LifecycleHookName })
	if k < 0 {
		s.mu.Unlock()
		return nil, ErrValidationError.With("No Lifecycle Hook found with name %s for group %s", in.LifecycleHookName, g.name)
	}
	h := g.hooks[k]
	g.hooks = slices.Delete(g.hooks, k, k+1)
	var fx effects
	for _, i := range slices.Clone(g.instances) {
		for _, w := range i.waits {
			if w.hook == h {
				fx = s.completeLocked(i, w, ResultContinue, "", now, fx)
			}
		}
	}
	s.mu.Unlock()
	fx.run()
	return &DeleteLifecycleHookOutput{}, nil
}

// CompleteLifecycleActionInput is the input of
// [Service.CompleteLifecycleAction] and, without LifecycleActionResult,
// of [Service.RecordLifecycleActionHeartbeat].
type CompleteLifecycleActionInput struct {
	AutoScalingGroupName string // Required.
	LifecycleHookName    string // Required.
	// LifecycleActionToken or InstanceId names the action; one is
	// required.
	LifecycleActionToken string
	InstanceId           string
	// LifecycleActionResult is ResultContinue or ResultAbandon.
	// Required by CompleteLifecycleAction.
	LifecycleActionResult string
}

// CompleteLifecycleActionOutput is the output of
// [Service.CompleteLifecycleAction] and
// [Service.RecordLifecycleActionHeartbeat].
type CompleteLifecycleActionOutput struct{}

// CompleteLifecycleAction completes an instance's wait for a lifecycle
// hook. A launching instance goes in service once all its launch hooks
// have completed with CONTINUE, and is terminated and replaced on
// ABANDON; a terminating instance terminates once all its terminate hooks
// have completed, or at once on ABANDON.
//
// Errors: ErrValidationError (a group or hook that does not exist, no
// action waiting for the token or instance, a bad result).
func (s *Service) CompleteLifecycleAction(ctx context.Context, in *CompleteLifecycleActionInput) (*CompleteLifecycleActionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.LifecycleActionResult != ResultContinue && in.LifecycleActionResult != ResultAbandon {
		return nil, ErrValidationError.With("Invalid value for LifecycleActionResult: %q", in.LifecycleActionResult)
	}
	s.mu.Lock()
	i, w, err := s.findWaitLocked(in)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	fx := s.completeLocked(i, w, in.LifecycleActionResult, "Lifecycle Action Completed with "+in.LifecycleActionResult+" Result", s.sched.Now(), nil)
	s.mu.Unlock()
	fx.run()
	return &CompleteLifecycleActionOutput{}, nil
}

// RecordLifecycleActionHeartbeat restarts the heartbeat timeout of an
// instance's wait for a lifecycle hook, within the hook's global
// timeout.
//
// Errors: ErrValidationError (a group or hook that does not exist, no
// action waiting for the token or instance).
func (s *Service) RecordLifecycleActionHeartbeat(ctx context.Context, in *CompleteLifecycleActionInput) (*CompleteLifecycleActionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, w, err := s.findWaitLocked(in)
	if err != nil {
		return nil, err
	}
	now := s.sched.Now()
	w.timer.Cancel()
	w.deadline = now.Add(w.hook.heartbeat)
	if w.deadline.After(w.limit) {
		w.deadline = w.limit
	}
	s.armWaitLocked(i, w)
	return &CompleteLifecycleActionOutput{}, nil
}

// findWaitLocked finds the wait an action names. s.mu must be held.
func (s *Service) findWaitLocked(in *CompleteLifecycleActionInput) (*instance, *hookWait, error) {
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, nil, err
	}
	if !slices.ContainsFunc(g.hooks, func(h *hook) bool { return h.name == in.LifecycleHookName }) {
		return nil, nil, ErrValidationError.With("No Lifecycle Hook found with name %s for group %s", in.LifecycleHookName, g.name)
	}
	if in.LifecycleActionToken == "" && in.InstanceId == "" {
		return nil, nil, ErrValidationError.With("Either LifecycleActionToken or InstanceId is required.")
	}
	for _, i := range g.instances {
		if in.InstanceId != "" && i.id != in.InstanceId {
			continue
		}
		for _, w := range i.waits {
			if w.hook.name == in.LifecycleHookName && (in.LifecycleActionToken == "" || w.token == in.LifecycleActionToken) {
				return i, w, nil
			}
		}
	}
	if in.LifecycleActionToken != "" {
		return nil, nil, ErrValidationError.With("No active Lifecycle Action found with token %s", in.LifecycleActionToken)
	}
	return nil, nil, ErrValidationError.With("No active Lifecycle Action found with instance ID %s", in.InstanceId)
}

// startWaitsLocked makes an instance wait for hooks, each with a token,
// a timeout and a notification. s.mu must be held.
func (s *Service) startWaitsLocked(i *instance, hooks []*hook, now time.Time, fx effects) effects {
	for _, h := range hooks {
		w := &hookWait{hook: h, token: s.newUUID(), deadline: now.Add(h.heartbeat), limit: now.Add(globalTimeout(h))}
		i.waits = append(i.waits, w)
		s.armWaitLocked(i, w)
		if h.target != "" {
			fx = append(fx, s.notifyEffect(i, h.target, s.lifecycleMessage(i, w, now)))
		}
	}
	return fx
}

// armWaitLocked schedules the timeout of a wait at its deadline. s.mu
// must be held.
func (s *Service) armWaitLocked(i *instance, w *hookWait) {
	w.timer = s.sched.ScheduleAt(w.deadline, func() {
		s.mu.Lock()
		var fx effects
		if slices.Contains(i.waits, w) {
			fx = s.completeLocked(i, w, w.hook.defaultResult, "Heartbeat Timeout", s.sched.Now(), nil)
		}
		s.mu.Unlock()
		fx.run()
	})
}

// cancelWaitsLocked ends an instance's waits without a result, as when
// it terminates while launching. s.mu must be held.
func (s *Service) cancelWaitsLocked(i *instance, fx effects) effects {
	for _, w := range i.waits {
		w.timer.Cancel()
	}
	i.waits = nil
	return fx
}

// completeLocked ends one wait of an instance with result, for why (in
// the message of an abandoned launch). s.mu must be held.
func (s *Service) completeLocked(i *instance, w *hookWait, result, why string, now time.Time, fx effects) effects {
	w.timer.Cancel()
	i.waits = slices.DeleteFunc(i.waits, func(x *hookWait) bool { return x == w })
	switch i.state {
	case StatePendingWait:
		if result == ResultAbandon {
			return s.abandonLaunchLocked(i, w, why, now, fx)
		}
		if len(i.waits) == 0 {
			i.state = StatePendingProceed
			i.launch.StatusCode = activityInProgress
			fx = s.proceedLocked(i, now, fx)
		}
	case StateTerminatingWait:
		if result == ResultAbandon {
			fx = s.cancelWaitsLocked(i, fx)
		}
		if len(i.waits) == 0 {
			i.state = StateTerminatingProceed
			fx = s.finishLocked(i, now, fx)
		}
	}
	return fx
}

// abandonLaunchLocked terminates an instance whose launch hook was
// abandoned, fails its launch activity, and launches a replacement.
// s.mu must be held.
func (s *Service) abandonLaunchLocked(i *instance, w *hookWait, why string, now time.Time, fx effects) effects {
	fx = s.cancelWaitsLocked(i, fx)
	i.boot.Cancel()
	s.endActivityLocked(i.launch, now, activityFailed)
	i.launch.StatusMessage = fmt.Sprintf("Instance failed to complete user's Lifecycle Action: Lifecycle Action with token %s was abandoned: %s", w.token, why)
	fx = s.notifyLocked(i.g, i.launch, i.id, EventLaunchError, now, fx)
	s.coolLocked(i, now)
	fx = s.finishLocked(i, now, fx)
	return append(fx, s.reconcileLocked(i.g, now)...)
}

// lifecycleMessage is the notification of an instance's wait, as Auto
// Scaling sends it.
func (s *Service) lifecycleMessage(i *instance, w *hookWait, now time.Time) string {
	origin, dest := "EC2", "AutoScalingGroup"
	if w.hook.transition == TransitionTerminating {
		origin, dest = dest, origin
	}
	m := struct {
		Origin               string
		LifecycleHookName    string
		Destination          string
		AccountId            string
		RequestId            string
		LifecycleTransition  string
		AutoScalingGroupName string
		Service              string
		Time                 string
		EC2InstanceId        string
		LifecycleActionToken string
		NotificationMetadata string `json:",omitempty"`
	}{origin, w.hook.name, dest, s.accountID, s.newUUID(), w.hook.transition, i.g.name, "AWS Auto Scaling",
		now.UTC().Format(lifecycleTimeFormat), i.id, w.token, w.hook.metadata}
	b, _ := json.Marshal(m)
	return string(b)
}

// testMessageLocked is the test message Auto Scaling sends to a new
// notification target of g. s.mu must be held.
func (s *Service) testMessageLocked(g *group, now time.Time) string {
	m := struct {
		AccountId            string
		RequestId            string
		AutoScalingGroupARN  string
		AutoScalingGroupName string
		Service              string
		Event                string
		Time                 string
	}{s.accountID, s.newUUID(), g.arn, g.name, "AWS Auto Scaling", "autoscaling:TEST_NOTIFICATION", now.UTC().Format(lifecycleTimeFormat)}
	b, _ := json.Marshal(m)
	return string(b)
}

// notifyEffect delivers a lifecycle notification to its target; a
// delivery that fails is written in the instance's activity.
func (s *Service) notifyEffect(i *instance, target, body string) func() {
	return func() {
		if err := s.account.Deliver(context.Background(), target, cloud.Message{Body: body}); err != nil {
			s.mu.Lock()
			a := i.launch
			if i.end != nil {
				a = i.end
			}
			a.StatusMessage = joinCause(a.StatusMessage, "Failed to send the lifecycle notification to "+target+": "+err.Error())
			s.mu.Unlock()
		}
	}
}
