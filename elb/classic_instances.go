package elb

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/awssim/awssim/internal/service"
)

// Instance states and reason codes of a Classic Load Balancer's
// instances, as DescribeInstanceHealth reports them.
const (
	InstanceInService    = "InService"
	InstanceOutOfService = "OutOfService"

	InstanceReasonELB      = "ELB"
	InstanceReasonInstance = "Instance"
	InstanceReasonNone     = "N/A"
)

// classicCheck turns a Classic health check into the health check the
// hidden target group runs, or returns the error AWS gives.
func classicCheck(hc ClassicHealthCheck) (healthCheck, error) {
	for _, v := range []struct {
		name   string
		n      int
		lo, hi int
	}{
		{"Interval", hc.Interval, 5, 300},
		{"Timeout", hc.Timeout, 2, 60},
		{"UnhealthyThreshold", hc.UnhealthyThreshold, 2, 10},
		{"HealthyThreshold", hc.HealthyThreshold, 2, 10},
	} {
		if v.n < v.lo || v.n > v.hi {
			return healthCheck{}, ErrValidationError.With("health check %s %d is not from %d to %d", v.name, v.n, v.lo, v.hi)
		}
	}
	if hc.Timeout >= hc.Interval {
		return healthCheck{}, ErrValidationError.With("health check Timeout (%d) must be smaller than the Interval (%d)", hc.Timeout, hc.Interval)
	}
	proto, rest, ok := strings.Cut(hc.Target, ":")
	port, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		port, path = rest[:i], rest[i:]
	}
	n, err := strconv.Atoi(port)
	switch {
	case !ok || !classicProtocol(proto) || err != nil || n < 1 || n > 65535 || len(hc.Target) > 1024:
		return healthCheck{}, ErrValidationError.With("health check target %q is not PROTOCOL:PORT (TCP, SSL) or PROTOCOL:PORT/PATH (HTTP, HTTPS), a port from 1 to 65535", hc.Target)
	case layer7(proto) && path == "":
		return healthCheck{}, ErrValidationError.With("health check target %q needs a path to ping", hc.Target)
	case !layer7(proto) && path != "":
		return healthCheck{}, ErrValidationError.With("health check target %q of protocol %s takes no path", hc.Target, proto)
	}
	out := healthCheck{
		enabled: true, protocol: ProtocolHTTP, port: port, path: path,
		interval: hc.Interval, timeout: hc.Timeout, healthy: hc.HealthyThreshold, unhealthy: hc.UnhealthyThreshold,
		matcher: "200", first: hc.HealthyThreshold, agent: ClassicHealthCheckUserAgent,
	}
	out.codes, _ = parseCodes("200", 200, 200)
	if !layer7(proto) {
		out.protocol, out.matcher, out.codes = ProtocolTCP, "", codes{}
	}
	return out, nil
}

// ClassicConfigureHealthCheckInput is the input of
// [Classic.ConfigureHealthCheck].
type ClassicConfigureHealthCheckInput struct {
	LoadBalancerName string             // Required.
	HealthCheck      ClassicHealthCheck // Required: every field.
}

// ClassicConfigureHealthCheckOutput is the output of
// [Classic.ConfigureHealthCheck].
type ClassicConfigureHealthCheckOutput struct {
	HealthCheck ClassicHealthCheck
}

// ConfigureHealthCheck replaces a Classic Load Balancer's health check.
// The instances keep their states; the next round of checks is one new
// Interval from now.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException.
func (c *Classic) ConfigureHealthCheck(ctx context.Context, in *ClassicConfigureHealthCheckInput) (*ClassicConfigureHealthCheckOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if proto, rest, ok := strings.Cut(in.HealthCheck.Target, ":"); ok {
		in.HealthCheck.Target = strings.ToUpper(proto) + ":" + rest
	}
	hc, err := classicCheck(in.HealthCheck)
	if err != nil {
		return nil, err
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	tg := lb.classic.instances
	lb.classic.health, tg.health = in.HealthCheck, hc
	if tg.inUse() && len(tg.targets) > 0 {
		s.scheduleRound(tg)
	}
	return &ClassicConfigureHealthCheckOutput{HealthCheck: in.HealthCheck}, nil
}

// ClassicRegisterInstancesInput is the input of
// [Classic.RegisterInstancesWithLoadBalancer].
type ClassicRegisterInstancesInput struct {
	LoadBalancerName string            // Required.
	Instances        []ClassicInstance // Required.
}

// ClassicRegisterInstancesOutput is the output of
// [Classic.RegisterInstancesWithLoadBalancer]: every instance
// registered after the call.
type ClassicRegisterInstancesOutput struct {
	Instances []ClassicInstance
}

// RegisterInstancesWithLoadBalancer registers instances with a Classic
// Load Balancer. An instance already registered stays as it is; one
// that is draining is registered again. A new instance is OutOfService
// until it passes HealthyThreshold consecutive health checks. What
// serves on it is the [Backend] set for its ID, on every instance port.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrInvalidInstance (not an instance ID), ErrTooManyTargetsException
// (more than MaxTargets instances).
func (c *Classic) RegisterInstancesWithLoadBalancer(ctx context.Context, in *ClassicRegisterInstancesInput) (*ClassicRegisterInstancesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Instances) == 0 {
		return nil, ErrValidationError.With("at least one instance must be specified")
	}
	descs := make([]TargetDescription, len(in.Instances))
	for i, inst := range in.Instances {
		if !strings.HasPrefix(inst.InstanceId, "i-") || len(inst.InstanceId) < 3 {
			return nil, ErrInvalidInstance.With("the instance ID %q is not valid", inst.InstanceId)
		}
		descs[i] = TargetDescription{Id: inst.InstanceId}
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	tg := lb.classic.instances
	now := s.sched.Now()
	s.expireLocked(tg, now)
	n := len(tg.targets)
	for i, d := range descs {
		if tg.find(d.Id, 0) == nil && !slices.ContainsFunc(descs[:i], func(o TargetDescription) bool { return o.Id == d.Id }) {
			n++
		}
	}
	if n > MaxTargets {
		return nil, ErrTooManyTargetsException.With("a Classic Load Balancer has at most %d instances", MaxTargets)
	}
	s.registerLocked(tg, descs, now)
	return &ClassicRegisterInstancesOutput{Instances: registeredInstances(tg)}, nil
}

// registeredInstances lists the instances of tg that are not draining.
func registeredInstances(tg *targetGroup) []ClassicInstance {
	out := []ClassicInstance{}
	for _, t := range tg.targets {
		if t.state != HealthDraining {
			out = append(out, ClassicInstance{InstanceId: t.id})
		}
	}
	return out
}

// ClassicDeregisterInstancesInput is the input of
// [Classic.DeregisterInstancesFromLoadBalancer].
type ClassicDeregisterInstancesInput struct {
	LoadBalancerName string            // Required.
	Instances        []ClassicInstance // Required.
}

// ClassicDeregisterInstancesOutput is the output of
// [Classic.DeregisterInstancesFromLoadBalancer]: the instances still
// registered.
type ClassicDeregisterInstancesOutput struct {
	Instances []ClassicInstance
}

// DeregisterInstancesFromLoadBalancer deregisters instances. Each stops
// receiving new requests at once; with connection draining enabled it
// is InService ("Instance deregistration currently in progress.") for
// the draining timeout, then gone, and without it is gone at once.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrInvalidInstance (an instance not registered).
func (c *Classic) DeregisterInstancesFromLoadBalancer(ctx context.Context, in *ClassicDeregisterInstancesInput) (*ClassicDeregisterInstancesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Instances) == 0 {
		return nil, ErrValidationError.With("at least one instance must be specified")
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	tg := lb.classic.instances
	now := s.sched.Now()
	s.expireLocked(tg, now)
	found := make([]*target, len(in.Instances))
	for i, inst := range in.Instances {
		if found[i] = tg.find(inst.InstanceId, 0); found[i] == nil || found[i].state == HealthDraining {
			return nil, ErrInvalidInstance.With("the instance %q is not registered with load balancer %q", inst.InstanceId, lb.name)
		}
	}
	s.deregisterLocked(tg, found, now)
	return &ClassicDeregisterInstancesOutput{Instances: registeredInstances(tg)}, nil
}

// ClassicDescribeInstanceHealthInput is the input of
// [Classic.DescribeInstanceHealth].
type ClassicDescribeInstanceHealthInput struct {
	LoadBalancerName string // Required.
	// Instances, when given, are the instances to describe, registered
	// or not; with none, every registered instance is.
	Instances []ClassicInstance
}

// ClassicDescribeInstanceHealthOutput is the output of
// [Classic.DescribeInstanceHealth].
type ClassicDescribeInstanceHealthOutput struct {
	InstanceStates []ClassicInstanceState
}

// ClassicInstanceState is an instance's health as a Classic Load
// Balancer sees it: InService or OutOfService, whose fault it is when
// out (ELB, Instance or N/A), and AWS's description.
type ClassicInstanceState struct {
	InstanceId  string
	State       string
	ReasonCode  string
	Description string
}

// DescribeInstanceHealth describes the health of a Classic Load
// Balancer's instances, in the order they were registered, or in the
// order named.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrInvalidInstance (a malformed instance ID).
func (c *Classic) DescribeInstanceHealth(ctx context.Context, in *ClassicDescribeInstanceHealthInput) (*ClassicDescribeInstanceHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	for _, inst := range in.Instances {
		if !strings.HasPrefix(inst.InstanceId, "i-") || len(inst.InstanceId) < 3 {
			return nil, ErrInvalidInstance.With("the instance ID %q is not valid", inst.InstanceId)
		}
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	tg := lb.classic.instances
	s.expireLocked(tg, s.sched.Now())
	out := &ClassicDescribeInstanceHealthOutput{InstanceStates: []ClassicInstanceState{}}
	if len(in.Instances) == 0 {
		for _, t := range tg.targets {
			out.InstanceStates = append(out.InstanceStates, instanceState(t))
		}
		return out, nil
	}
	for _, inst := range in.Instances {
		if t := tg.find(inst.InstanceId, 0); t != nil {
			out.InstanceStates = append(out.InstanceStates, instanceState(t))
			continue
		}
		out.InstanceStates = append(out.InstanceStates, ClassicInstanceState{
			InstanceId: inst.InstanceId, State: InstanceOutOfService, ReasonCode: InstanceReasonNone,
			Description: "Instance is not currently registered with the LoadBalancer.",
		})
	}
	return out, nil
}

// instanceState maps a target's health to a Classic instance state.
func instanceState(t *target) ClassicInstanceState {
	st := ClassicInstanceState{InstanceId: t.id, State: InstanceOutOfService, ReasonCode: InstanceReasonELB}
	switch {
	case t.state == HealthDraining:
		st.State, st.ReasonCode, st.Description = InstanceInService, InstanceReasonNone, "Instance deregistration currently in progress."
	case t.state == HealthHealthy:
		st.State, st.ReasonCode, st.Description = InstanceInService, InstanceReasonNone, "N/A"
	case t.state == HealthUnhealthy:
		st.ReasonCode, st.Description = InstanceReasonInstance, "Instance has failed at least the UnhealthyThreshold number of health checks consecutively."
	case t.checked:
		st.Description = "Instance has not passed the configured HealthyThreshold number of health checks consecutively."
	default:
		st.Description = "Instance registration is still in progress."
	}
	return st
}

// ClassicLoadBalancerAttributes are a Classic Load Balancer's
// attributes. In ModifyLoadBalancerAttributes a nil part is left as it
// is; DescribeLoadBalancerAttributes fills in every part.
type ClassicLoadBalancerAttributes struct {
	CrossZoneLoadBalancing *ClassicCrossZoneLoadBalancing
	ConnectionDraining     *ClassicConnectionDraining
	ConnectionSettings     *ClassicConnectionSettings
	AccessLog              *ClassicAccessLog
}

// ClassicCrossZoneLoadBalancing is whether each node routes to the
// instances of every zone (recorded: the simulator has one node).
type ClassicCrossZoneLoadBalancing struct {
	Enabled bool
}

// ClassicConnectionDraining is whether a deregistered instance keeps
// its in-flight requests for Timeout seconds (1 to 3,600; 300 by
// default) before it is gone. It is off for a load balancer created
// with the API.
type ClassicConnectionDraining struct {
	Enabled bool
	Timeout int
}

// ClassicConnectionSettings holds the idle timeout: an instance slower
// than IdleTimeout seconds (1 to 3,600; 60 by default) gets the client
// a 504.
type ClassicConnectionSettings struct {
	IdleTimeout int
}

// ClassicAccessLog is whether the load balancer keeps an access log
// ([Inspector.ClassicAccessLog]), and where AWS would write it: the
// bucket (required when enabled), the prefix, and EmitInterval, 5 or 60
// minutes (recorded).
type ClassicAccessLog struct {
	Enabled        bool
	S3BucketName   string
	EmitInterval   int
	S3BucketPrefix string
}

// ClassicModifyLoadBalancerAttributesInput is the input of
// [Classic.ModifyLoadBalancerAttributes].
type ClassicModifyLoadBalancerAttributesInput struct {
	LoadBalancerName       string                        // Required.
	LoadBalancerAttributes ClassicLoadBalancerAttributes // Required: at least one part.
}

// ClassicModifyLoadBalancerAttributesOutput is the output of
// [Classic.ModifyLoadBalancerAttributes]: the attributes after the
// change.
type ClassicModifyLoadBalancerAttributesOutput struct {
	LoadBalancerName       string
	LoadBalancerAttributes ClassicLoadBalancerAttributes
}

// ModifyLoadBalancerAttributes changes the parts given of a Classic
// Load Balancer's attributes, all checked before any is set. The idle
// timeout applies from the next request, connection draining from the
// next deregistration.
//
// Errors: ErrValidationError (a value out of range),
// ErrLoadBalancerNotFoundException,
// ErrInvalidConfigurationRequestException (an access log without a
// bucket, an emit interval other than 5 or 60; HTTP status 409, as the
// Classic API gives it).
func (c *Classic) ModifyLoadBalancerAttributes(ctx context.Context, in *ClassicModifyLoadBalancerAttributesInput) (*ClassicModifyLoadBalancerAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	a := in.LoadBalancerAttributes
	var changes []Attribute
	set := func(key, value string) { changes = append(changes, Attribute{Key: key, Value: value}) }
	if a.CrossZoneLoadBalancing != nil {
		set("load_balancing.cross_zone.enabled", strconv.FormatBool(a.CrossZoneLoadBalancing.Enabled))
	}
	if d := a.ConnectionDraining; d != nil {
		if d.Timeout != 0 && (d.Timeout < 1 || d.Timeout > 3600) {
			return nil, ErrValidationError.With("connection draining timeout %d is not from 1 to 3600", d.Timeout)
		}
		set("connection_draining.enabled", strconv.FormatBool(d.Enabled))
		if d.Timeout != 0 {
			set("connection_draining.timeout_seconds", itoa(d.Timeout))
		}
	}
	if cs := a.ConnectionSettings; cs != nil {
		if cs.IdleTimeout < 1 || cs.IdleTimeout > 3600 {
			return nil, ErrValidationError.With("idle timeout %d is not from 1 to 3600", cs.IdleTimeout)
		}
		set("idle_timeout.timeout_seconds", itoa(cs.IdleTimeout))
	}
	if al := a.AccessLog; al != nil {
		switch {
		case al.Enabled && al.S3BucketName == "":
			return nil, errClassicConfiguration.With("an access log needs an S3 bucket name")
		case al.EmitInterval != 0 && al.EmitInterval != 5 && al.EmitInterval != 60:
			return nil, errClassicConfiguration.With("access log emit interval %d is not 5 or 60", al.EmitInterval)
		case len(al.S3BucketName) > 1024 || len(al.S3BucketPrefix) > 1024:
			return nil, ErrValidationError.With("an access log's bucket name and prefix are at most 1024 characters")
		}
		set("access_logs.s3.enabled", strconv.FormatBool(al.Enabled))
		set("access_logs.s3.bucket", al.S3BucketName)
		set("access_logs.s3.prefix", al.S3BucketPrefix)
		if al.EmitInterval != 0 {
			set("access_logs.s3.emit_interval", itoa(al.EmitInterval))
		}
	}
	if len(changes) == 0 {
		return nil, ErrValidationError.With("at least one attribute must be specified")
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	if err := lb.attrs.set(changes, "load balancer"); err != nil {
		return nil, err
	}
	delay := "0"
	if lb.attrs.bool("connection_draining.enabled") {
		delay = lb.attrs.get("connection_draining.timeout_seconds")
	}
	lb.classic.instances.attrs.values["deregistration_delay.timeout_seconds"] = delay
	return &ClassicModifyLoadBalancerAttributesOutput{LoadBalancerName: lb.name, LoadBalancerAttributes: classicAttributesOf(lb)}, nil
}

func classicAttributesOf(lb *loadBalancer) ClassicLoadBalancerAttributes {
	at := lb.attrs
	return ClassicLoadBalancerAttributes{
		CrossZoneLoadBalancing: &ClassicCrossZoneLoadBalancing{Enabled: at.bool("load_balancing.cross_zone.enabled")},
		ConnectionDraining:     &ClassicConnectionDraining{Enabled: at.bool("connection_draining.enabled"), Timeout: at.int("connection_draining.timeout_seconds")},
		ConnectionSettings:     &ClassicConnectionSettings{IdleTimeout: at.int("idle_timeout.timeout_seconds")},
		AccessLog: &ClassicAccessLog{
			Enabled: at.bool("access_logs.s3.enabled"), S3BucketName: at.get("access_logs.s3.bucket"),
			EmitInterval: at.int("access_logs.s3.emit_interval"), S3BucketPrefix: at.get("access_logs.s3.prefix"),
		},
	}
}

// ClassicDescribeLoadBalancerAttributesInput is the input of
// [Classic.DescribeLoadBalancerAttributes].
type ClassicDescribeLoadBalancerAttributesInput struct {
	LoadBalancerName string // Required.
}

// ClassicDescribeLoadBalancerAttributesOutput is the output of
// [Classic.DescribeLoadBalancerAttributes].
type ClassicDescribeLoadBalancerAttributesOutput struct {
	LoadBalancerAttributes ClassicLoadBalancerAttributes
}

// DescribeLoadBalancerAttributes returns a Classic Load Balancer's
// attributes.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException.
func (c *Classic) DescribeLoadBalancerAttributes(ctx context.Context, in *ClassicDescribeLoadBalancerAttributesInput) (*ClassicDescribeLoadBalancerAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	return &ClassicDescribeLoadBalancerAttributesOutput{LoadBalancerAttributes: classicAttributesOf(lb)}, nil
}
