package elb

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// TargetDescription names a target: an instance ID, an IP address or a
// Lambda function's ARN, and for the first two the port it serves on.
type TargetDescription struct {
	// Id is an instance ID (i-…) for an instance target group, an IPv4
	// or IPv6 address for an ip one, a function ARN for a lambda one.
	// Required.
	Id string
	// Port is the port the target serves on; zero means the target
	// group's port. Not taken for a Lambda function.
	Port int
	// AvailabilityZone is the target's zone; empty means any zone the
	// load balancer is in.
	AvailabilityZone string
}

// target is a registered target's state.
type target struct {
	id       string
	port     int
	zone     string
	cookie   string // its identity in stickiness cookies
	state    string // HealthInitial, HealthHealthy, HealthUnhealthy, HealthDraining
	reason   string
	code     int  // the status of a ResponseCodeMismatch
	checked  bool // has had a health check since registration
	passes   int  // consecutive passed checks
	fails    int  // consecutive failed checks
	healthy  time.Time
	slowEnd  time.Time // when its slow start ends; zero when it has none
	drainEnd time.Time // when its draining ends; zero unless draining
	credit   float64   // round-robin credit while in slow start
	busy     []time.Time
	gone     bool  // removed from its group: no longer registered
	host     *host // what stands at its ID; nil for a Lambda function
}

// RegisterTargetsInput is the input of [Service.RegisterTargets].
type RegisterTargetsInput struct {
	TargetGroupArn string              // Required.
	Targets        []TargetDescription // Required.
}

// RegisterTargetsOutput is the output of [Service.RegisterTargets].
type RegisterTargetsOutput struct{}

// RegisterTargets registers targets with a target group. A target
// already registered (the same ID and port) stays as it is; one that is
// draining is registered again, from the initial state. A target
// starts in the initial state and becomes healthy after it passes one
// health check (see the package documentation, Health checks).
//
// An instance or IP target is served by the [Backend] set for its ID
// with [Service.SetBackend]; a target without one behaves as a host
// with nothing listening on its port. A Lambda function target needs
// [WithLambda].
//
// In an account with cloud.WithPolicyEnforcement, a Lambda function's
// resource policy must let [ServicePrincipal] invoke it for the target
// group (lambda.Service.CheckInvokePermission), as AWS checks when the
// function is registered.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException,
// ErrInvalidTargetException (the ID does not suit the target type, a
// second Lambda function), ErrTooManyTargetsException, ErrAccessDenied
// (a Lambda function that the target group may not invoke).
func (s *Service) RegisterTargets(ctx context.Context, in *RegisterTargetsInput) (*RegisterTargetsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Targets) == 0 {
		return nil, ErrValidationError.With("at least one target must be specified")
	}
	if err := s.checkInvokePermissions(in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	now := s.sched.Now()
	s.expireLocked(tg, now)
	descs := make([]TargetDescription, len(in.Targets))
	for i, d := range in.Targets {
		if descs[i], err = tg.checkTarget(d); err != nil {
			return nil, err
		}
	}
	if tg.targetType == TargetTypeLambda {
		fn := descs[0].Id
		if len(tg.targets) > 0 {
			fn = tg.targets[0].id
		}
		for _, d := range descs {
			if d.Id != fn {
				return nil, ErrInvalidTargetException.With("a target group of target type lambda has exactly one function")
			}
		}
	}
	added := 0
	for _, d := range descs {
		if tg.find(d.Id, d.Port) == nil {
			added++
		}
	}
	if n := s.targetsOfLoadBalancers(tg) + added; n > MaxTargets {
		return nil, ErrTooManyTargetsException.With("you have reached the maximum number of targets (%d)", MaxTargets)
	}
	s.registerLocked(tg, descs, now)
	return &RegisterTargetsOutput{}, nil
}

// registerLocked registers the checked targets descs with tg: new ones
// and draining ones start initial, others stay as they are. s.mu must
// be held.
func (s *Service) registerLocked(tg *targetGroup, descs []TargetDescription, now time.Time) {
	for _, d := range descs {
		t := tg.find(d.Id, d.Port)
		switch {
		case t == nil:
			t = &target{id: d.Id, port: d.Port, zone: d.AvailabilityZone}
			if tg.targetType != TargetTypeLambda {
				t.host = s.hostLocked(d.Id)
			}
			s.nextSeq++
			t.cookie = s.newID()
			tg.targets = append(tg.targets, t)
		case t.state != HealthDraining:
			continue
		}
		t.reset()
		s.recordLocked(now, EventTargetRegistered, tg.name, t.String())
	}
	if tg.inUse() && tg.roundAt.IsZero() {
		s.scheduleRound(tg)
	}
}

// reset puts t in the initial state of a target just registered.
func (t *target) reset() {
	*t = target{id: t.id, port: t.port, zone: t.zone, cookie: t.cookie, host: t.host, state: HealthInitial, reason: ReasonRegistrationInProgress}
}

// String names the target as the event log and the access log do:
// ID:PORT, or the ID alone for a Lambda function.
func (t *target) String() string {
	if t.port == 0 {
		return t.id
	}
	return t.id + ":" + itoa(t.port)
}

// checkTarget checks d against the group's target type and fills in the
// port.
func (tg *targetGroup) checkTarget(d TargetDescription) (TargetDescription, error) {
	switch tg.targetType {
	case TargetTypeLambda:
		if _, err := arn.ParseFunction(d.Id); err != nil {
			return d, ErrInvalidTargetException.With("target %q is not a Lambda function ARN", d.Id)
		}
		if d.Port != 0 {
			return d, ErrInvalidTargetException.With("a Lambda function target takes no port")
		}
		return d, nil
	case TargetTypeIP:
		if _, err := netip.ParseAddr(d.Id); err != nil {
			return d, ErrInvalidTargetException.With("target %q is not an IP address", d.Id)
		}
	default:
		if !strings.HasPrefix(d.Id, "i-") || len(d.Id) < 3 {
			return d, ErrInvalidTargetException.With("target %q is not an instance ID (i-…)", d.Id)
		}
	}
	if d.Port == 0 {
		d.Port = tg.port
	}
	if d.Port < 1 || d.Port > 65535 {
		return d, ErrValidationError.With("port %d is not from 1 to 65535", d.Port)
	}
	return d, nil
}

func (tg *targetGroup) find(id string, port int) *target {
	for _, t := range tg.targets {
		if t.id == id && (port == 0 || t.port == port) {
			return t
		}
	}
	return nil
}

// targetsOfLoadBalancers counts the targets of the groups of the load
// balancers that use tg, or of tg alone when none does: the quota
// MaxTargets counts per load balancer.
func (s *Service) targetsOfLoadBalancers(tg *targetGroup) int {
	if len(tg.users) == 0 {
		return len(tg.targets)
	}
	most := 0
	for lb := range tg.users {
		n := 0
		for _, other := range s.targetGroups {
			if other.users[lb] > 0 {
				n += len(other.targets)
			}
		}
		most = max(most, n)
	}
	return most
}

// DeregisterTargetsInput is the input of [Service.DeregisterTargets].
type DeregisterTargetsInput struct {
	TargetGroupArn string              // Required.
	Targets        []TargetDescription // Required.
}

// DeregisterTargetsOutput is the output of [Service.DeregisterTargets].
type DeregisterTargetsOutput struct{}

// DeregisterTargets deregisters targets. Each stops receiving new
// requests at once and stays draining for the group's deregistration
// delay (deregistration_delay.timeout_seconds, 300 s by default), then
// is gone; a Lambda function is gone at once. A target of a group no
// load balancer uses is gone at once too.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException,
// ErrInvalidTargetException (a target not registered).
func (s *Service) DeregisterTargets(ctx context.Context, in *DeregisterTargetsInput) (*DeregisterTargetsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Targets) == 0 {
		return nil, ErrValidationError.With("at least one target must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	now := s.sched.Now()
	s.expireLocked(tg, now)
	found := make([]*target, len(in.Targets))
	for i, d := range in.Targets {
		port := d.Port
		if port == 0 {
			port = tg.port
		}
		if found[i] = tg.find(d.Id, port); found[i] == nil {
			return nil, ErrInvalidTargetException.With("the following targets are not registered with the target group: %q", d.Id)
		}
	}
	s.deregisterLocked(tg, found, now)
	return &DeregisterTargetsOutput{}, nil
}

// deregisterLocked deregisters targets of tg: each drains for the
// group's deregistration delay, or is gone at once. s.mu must be held.
func (s *Service) deregisterLocked(tg *targetGroup, found []*target, now time.Time) {
	delay := tg.attrs.seconds("deregistration_delay.timeout_seconds")
	for _, t := range found {
		if t.state == HealthDraining {
			continue
		}
		s.recordLocked(now, EventTargetDeregistered, tg.name, t.String())
		if delay == 0 || !tg.inUse() || tg.targetType == TargetTypeLambda {
			tg.remove(t)
			continue
		}
		t.state, t.reason, t.drainEnd = HealthDraining, ReasonDeregistrationInProgress, now.Add(delay)
	}
}

func (tg *targetGroup) remove(t *target) {
	i := slices.Index(tg.targets, t)
	if i < 0 {
		return
	}
	tg.targets = slices.Delete(tg.targets, i, i+1)
	t.gone = true
	if tg.cursor > i {
		tg.cursor--
	}
}

// expireLocked removes the targets whose draining has ended by now and
// ends slow starts that are over: state that depends on time is computed
// when it is read. s.mu must be held.
func (s *Service) expireLocked(tg *targetGroup, now time.Time) {
	for i := 0; i < len(tg.targets); i++ {
		t := tg.targets[i]
		if t.state == HealthDraining && !now.Before(t.drainEnd) {
			s.recordLocked(t.drainEnd, EventTargetDrained, tg.name, t.String())
			tg.remove(t)
			i--
		}
		if !t.slowEnd.IsZero() && !now.Before(t.slowEnd) {
			t.slowEnd = time.Time{}
		}
	}
}

// inUse reports whether a listener or rule forwards to the group.
func (tg *targetGroup) inUse() bool { return len(tg.users) > 0 }

// DescribeTargetHealthInput is the input of
// [Service.DescribeTargetHealth].
type DescribeTargetHealthInput struct {
	TargetGroupArn string // Required.
	// Targets, when given, are the targets to describe; a target not
	// registered is described as unused (Target.NotRegistered).
	Targets []TargetDescription
}

// DescribeTargetHealthOutput is the output of
// [Service.DescribeTargetHealth].
type DescribeTargetHealthOutput struct {
	TargetHealthDescriptions []TargetHealthDescription
}

// TargetHealthDescription is a target and its health.
type TargetHealthDescription struct {
	Target          TargetDescription
	HealthCheckPort string
	TargetHealth    TargetHealth
}

// TargetHealth is the health of a target: its state, and for every
// state but healthy the reason code and AWS's description of it.
type TargetHealth struct {
	State       string
	Reason      string
	Description string
}

// DescribeTargetHealth describes the health of a target group's targets,
// in the order they were registered.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException.
func (s *Service) DescribeTargetHealth(ctx context.Context, in *DescribeTargetHealthInput) (*DescribeTargetHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	s.expireLocked(tg, s.sched.Now())
	out := &DescribeTargetHealthOutput{}
	if len(in.Targets) == 0 {
		for _, t := range tg.targets {
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, tg.describeTarget(t))
		}
		return out, nil
	}
	for _, d := range in.Targets {
		port := d.Port
		if port == 0 {
			port = tg.port
		}
		if t := tg.find(d.Id, port); t != nil {
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, tg.describeTarget(t))
			continue
		}
		d.Port = port
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, TargetHealthDescription{
			Target:       d,
			TargetHealth: TargetHealth{State: HealthUnused, Reason: ReasonNotRegistered, Description: describeReason(ReasonNotRegistered, 0)},
		})
	}
	return out, nil
}

func (tg *targetGroup) describeTarget(t *target) TargetHealthDescription {
	d := TargetHealthDescription{Target: TargetDescription{Id: t.id, Port: t.port, AvailabilityZone: t.zone}}
	if tg.targetType != TargetTypeLambda {
		d.HealthCheckPort = tg.health.port
		if d.HealthCheckPort == "traffic-port" {
			d.HealthCheckPort = itoa(t.port)
		}
	}
	state, reason := tg.healthOf(t)
	d.TargetHealth = TargetHealth{State: state, Reason: reason, Description: describeReason(reason, t.code)}
	return d
}

// healthOf returns the state and reason DescribeTargetHealth reports
// for t.
func (tg *targetGroup) healthOf(t *target) (state, reason string) {
	switch {
	case t.state == HealthDraining:
		return HealthDraining, ReasonDeregistrationInProgress
	case !tg.inUse():
		return HealthUnused, ReasonNotInUse
	case !tg.health.enabled:
		return HealthUnavailable, ReasonHealthCheckDisabled
	case t.state == HealthHealthy:
		return HealthHealthy, ""
	}
	return t.state, t.reason
}
