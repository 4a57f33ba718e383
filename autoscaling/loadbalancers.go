package autoscaling

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// trafficSource is a load balancer a group registers its instances
// with: an ELBv2 target group, by ARN, or a Classic Load Balancer, by
// name.
type trafficSource struct {
	id      string
	classic bool
}

// sourcesOf lists target groups and Classic Load Balancers as traffic
// sources, the target groups first.
func sourcesOf(targetGroups, classic []string) []trafficSource {
	var out []trafficSource
	for _, id := range targetGroups {
		out = append(out, trafficSource{id: id})
	}
	for _, id := range classic {
		out = append(out, trafficSource{id: id, classic: true})
	}
	return out
}

// ids returns the IDs of the sources of one kind.
func ids(sources []trafficSource, classic bool) []string {
	var out []string
	for _, src := range sources {
		if src.classic == classic {
			out = append(out, src.id)
		}
	}
	return out
}

// checkSources checks that target groups and Classic Load Balancers
// exist. It is called without s.mu.
func (s *Service) checkSources(targetGroups, classic []string) error {
	if len(targetGroups) > MaxTargetGroups || len(classic) > MaxTargetGroups {
		return ErrValidationError.With("A group is attached to at most %d target groups and %d Classic Load Balancers.", MaxTargetGroups, MaxTargetGroups)
	}
	if len(targetGroups)+len(classic) == 0 {
		return nil
	}
	if s.elb == nil {
		return ErrValidationError.With("The group has load balancers but the service has no Elastic Load Balancing: make it with autoscaling.WithELB.")
	}
	for _, a := range targetGroups {
		if _, err := arn.ParseTargetGroup(a); err != nil {
			return ErrValidationError.With("The target group ARN %s is not valid.", a)
		}
	}
	if len(targetGroups) > 0 {
		if _, err := s.elb.DescribeTargetGroups(context.Background(), &elb.DescribeTargetGroupsInput{TargetGroupArns: targetGroups}); err != nil {
			return ErrValidationError.With("Provided Target Groups may not be valid. Please ensure they exist and try again. (%v)", err)
		}
	}
	if len(classic) > 0 {
		if _, err := s.elb.Classic().DescribeLoadBalancers(context.Background(), &elb.ClassicDescribeLoadBalancersInput{LoadBalancerNames: classic}); err != nil {
			return ErrValidationError.With("Provided Load Balancers may not be valid. Please ensure they exist and try again. (%v)", err)
		}
	}
	return nil
}

// register registers an instance with a traffic source.
func (s *Service) register(src trafficSource, id string) error {
	if src.classic {
		_, err := s.elb.Classic().RegisterInstancesWithLoadBalancer(context.Background(), &elb.ClassicRegisterInstancesInput{LoadBalancerName: src.id, Instances: []elb.ClassicInstance{{InstanceId: id}}})
		return err
	}
	_, err := s.elb.RegisterTargets(context.Background(), &elb.RegisterTargetsInput{TargetGroupArn: src.id, Targets: []elb.TargetDescription{{Id: id}}})
	return err
}

// deregister deregisters an instance from traffic sources and returns
// the longest of their draining times (a target group's deregistration
// delay, a Classic Load Balancer's connection draining timeout): how
// long its connections drain. A source that went drains nothing.
func (s *Service) deregister(id string, sources []trafficSource) time.Duration {
	var longest time.Duration
	for _, src := range sources {
		longest = max(longest, s.deregisterFrom(src, id))
	}
	return longest
}

// deregisterFrom deregisters an instance from one traffic source and
// returns how long its connections drain there.
func (s *Service) deregisterFrom(src trafficSource, id string) time.Duration {
	ctx := context.Background()
	if src.classic {
		c := s.elb.Classic()
		if _, err := c.DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: src.id, Instances: []elb.ClassicInstance{{InstanceId: id}}}); err != nil {
			return 0
		}
		out, err := c.DescribeLoadBalancerAttributes(ctx, &elb.ClassicDescribeLoadBalancerAttributesInput{LoadBalancerName: src.id})
		if err != nil || out.LoadBalancerAttributes.ConnectionDraining == nil || !out.LoadBalancerAttributes.ConnectionDraining.Enabled {
			return 0
		}
		return time.Duration(out.LoadBalancerAttributes.ConnectionDraining.Timeout) * time.Second
	}
	if _, err := s.elb.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: src.id, Targets: []elb.TargetDescription{{Id: id}}}); err != nil {
		return 0
	}
	out, err := s.elb.DescribeTargetGroupAttributes(ctx, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: src.id})
	if err != nil {
		return 0
	}
	for _, a := range out.Attributes {
		if a.Key == "deregistration_delay.timeout_seconds" {
			secs, _ := time.ParseDuration(a.Value + "s")
			return secs
		}
	}
	return 0
}

// unhealthyIn returns the instances a traffic source finds unhealthy
// (a target group's unhealthy targets, a Classic Load Balancer's
// instances OutOfService); nothing for a source that went.
func (s *Service) unhealthyIn(src trafficSource, into map[string]bool) {
	ctx := context.Background()
	if src.classic {
		out, err := s.elb.Classic().DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: src.id})
		if err != nil {
			return
		}
		for _, st := range out.InstanceStates {
			if st.State == elb.InstanceOutOfService {
				into[st.InstanceId] = true
			}
		}
		return
	}
	out, err := s.elb.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: src.id})
	if err != nil {
		return
	}
	for _, d := range out.TargetHealthDescriptions {
		if d.TargetHealth.State == elb.HealthUnhealthy {
			into[d.Target.Id] = true
		}
	}
}

// attachLocked adds traffic sources to g and returns the effects that
// register its instances in service with them. s.mu must be held.
func (s *Service) attachLocked(g *group, add []trafficSource) effects {
	var fresh []trafficSource
	for _, src := range add {
		if !slices.Contains(g.sources, src) {
			fresh = append(fresh, src)
		}
	}
	g.sources = append(g.sources, fresh...)
	if len(fresh) == 0 || g.suspendedProcess(ProcessAddToLoadBalancer) {
		return nil
	}
	var fx effects
	for _, i := range g.instances {
		if i.state != StateInService {
			continue
		}
		sources := fresh
		if !i.registered {
			sources = g.sources // it had nothing to register with until now
		}
		fx = append(fx, s.registerEffect(i, sources))
		i.registered, i.backend = true, i.backend || i.data.Backend != nil
	}
	return fx
}

// detachLocked removes traffic sources from g and returns the effects
// that deregister its instances from them (their connections drain
// there as the load balancer drains them). s.mu must be held.
func (s *Service) detachLocked(g *group, remove []trafficSource) effects {
	var gone []trafficSource
	g.sources = slices.DeleteFunc(g.sources, func(src trafficSource) bool {
		if slices.Contains(remove, src) {
			gone = append(gone, src)
			return true
		}
		return false
	})
	var fx effects
	for _, i := range g.instances {
		if !i.registered {
			continue
		}
		id := i.id
		fx = append(fx, func() { s.deregister(id, gone) })
		i.registered = len(g.sources) > 0
	}
	return fx
}

// LoadBalancerState describes a target group or Classic Load Balancer
// attached to a group. State is "Added": the simulator registers the
// group's instances at once and does not report Adding, InService or
// Removing.
type LoadBalancerState struct {
	LoadBalancerTargetGroupARN string // for a target group
	LoadBalancerName           string // for a Classic Load Balancer
	State                      string
}

// AttachLoadBalancerTargetGroupsInput is the input of
// [Service.AttachLoadBalancerTargetGroups].
type AttachLoadBalancerTargetGroupsInput struct {
	AutoScalingGroupName string   // Required.
	TargetGroupARNs      []string // Required: 1 to MaxTargetGroups.
}

// AttachLoadBalancerTargetGroupsOutput is the output of
// [Service.AttachLoadBalancerTargetGroups].
type AttachLoadBalancerTargetGroupsOutput struct{}

// AttachLoadBalancerTargetGroups attaches target groups to a group: its
// instances in service are registered with them at once, and those it
// launches later as they go in service.
//
// Errors: ErrValidationError (also for a group or target group that does
// not exist, or more than MaxTargetGroups).
func (s *Service) AttachLoadBalancerTargetGroups(ctx context.Context, in *AttachLoadBalancerTargetGroupsInput) (*AttachLoadBalancerTargetGroupsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	return &AttachLoadBalancerTargetGroupsOutput{}, s.attach(in.AutoScalingGroupName, sourcesOf(in.TargetGroupARNs, nil), false)
}

// AttachLoadBalancersInput is the input of [Service.AttachLoadBalancers].
type AttachLoadBalancersInput struct {
	AutoScalingGroupName string   // Required.
	LoadBalancerNames    []string // Required: 1 to MaxTargetGroups.
}

// AttachLoadBalancersOutput is the output of [Service.AttachLoadBalancers].
type AttachLoadBalancersOutput struct{}

// AttachLoadBalancers attaches Classic Load Balancers to a group, as
// AttachLoadBalancerTargetGroups attaches target groups.
//
// Errors: ErrValidationError (also for a group or load balancer that
// does not exist, or more than MaxTargetGroups).
func (s *Service) AttachLoadBalancers(ctx context.Context, in *AttachLoadBalancersInput) (*AttachLoadBalancersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	return &AttachLoadBalancersOutput{}, s.attach(in.AutoScalingGroupName, sourcesOf(nil, in.LoadBalancerNames), true)
}

// attach attaches traffic sources of one kind to the group named name:
// AttachLoadBalancerTargetGroups and AttachLoadBalancers.
func (s *Service) attach(name string, add []trafficSource, classic bool) error {
	if len(add) == 0 {
		return ErrValidationError.With("At least one load balancer or target group is required.")
	}
	if err := s.checkSources(ids(add, false), ids(add, true)); err != nil {
		return err
	}
	s.mu.Lock()
	g, err := s.lookupGroupLocked(name)
	if err == nil && len(ids(append(slices.Clone(g.sources), add...), classic)) > MaxTargetGroups {
		err = ErrValidationError.With("A group is attached to at most %d target groups and %d Classic Load Balancers.", MaxTargetGroups, MaxTargetGroups)
	}
	if err != nil {
		s.mu.Unlock()
		return err
	}
	fx := s.attachLocked(g, add)
	s.mu.Unlock()
	fx.run()
	return nil
}

// DetachLoadBalancerTargetGroupsInput is the input of
// [Service.DetachLoadBalancerTargetGroups].
type DetachLoadBalancerTargetGroupsInput struct {
	AutoScalingGroupName string   // Required.
	TargetGroupARNs      []string // Required.
}

// DetachLoadBalancerTargetGroupsOutput is the output of
// [Service.DetachLoadBalancerTargetGroups].
type DetachLoadBalancerTargetGroupsOutput struct{}

// DetachLoadBalancerTargetGroups detaches target groups from a group:
// its instances are deregistered from them, and drain there as the
// target groups drain deregistered targets. Target groups not attached
// are ignored.
//
// Errors: ErrValidationError (a group that does not exist, no ARNs).
func (s *Service) DetachLoadBalancerTargetGroups(ctx context.Context, in *DetachLoadBalancerTargetGroupsInput) (*DetachLoadBalancerTargetGroupsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	return &DetachLoadBalancerTargetGroupsOutput{}, s.detach(in.AutoScalingGroupName, sourcesOf(in.TargetGroupARNs, nil))
}

// DetachLoadBalancersInput is the input of [Service.DetachLoadBalancers].
type DetachLoadBalancersInput struct {
	AutoScalingGroupName string   // Required.
	LoadBalancerNames    []string // Required.
}

// DetachLoadBalancersOutput is the output of [Service.DetachLoadBalancers].
type DetachLoadBalancersOutput struct{}

// DetachLoadBalancers detaches Classic Load Balancers from a group, as
// DetachLoadBalancerTargetGroups detaches target groups.
//
// Errors: ErrValidationError (a group that does not exist, no names).
func (s *Service) DetachLoadBalancers(ctx context.Context, in *DetachLoadBalancersInput) (*DetachLoadBalancersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	return &DetachLoadBalancersOutput{}, s.detach(in.AutoScalingGroupName, sourcesOf(nil, in.LoadBalancerNames))
}

// detach detaches traffic sources from the group named name:
// DetachLoadBalancerTargetGroups and DetachLoadBalancers.
func (s *Service) detach(name string, remove []trafficSource) error {
	if len(remove) == 0 {
		return ErrValidationError.With("At least one load balancer or target group is required.")
	}
	s.mu.Lock()
	g, err := s.lookupGroupLocked(name)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	fx := s.detachLocked(g, remove)
	s.mu.Unlock()
	fx.run()
	return nil
}

// DescribeLoadBalancerTargetGroupsInput is the input of
// [Service.DescribeLoadBalancerTargetGroups] and
// [Service.DescribeLoadBalancers].
type DescribeLoadBalancerTargetGroupsInput struct {
	AutoScalingGroupName string // Required.
}

// DescribeLoadBalancerTargetGroupsOutput is the output of
// [Service.DescribeLoadBalancerTargetGroups] and
// [Service.DescribeLoadBalancers].
type DescribeLoadBalancerTargetGroupsOutput struct {
	LoadBalancers []LoadBalancerState
}

// DescribeLoadBalancerTargetGroups describes the target groups attached
// to a group, in the order they were attached.
//
// Errors: ErrValidationError (a group that does not exist).
func (s *Service) DescribeLoadBalancerTargetGroups(ctx context.Context, in *DescribeLoadBalancerTargetGroupsInput) (*DescribeLoadBalancerTargetGroupsOutput, error) {
	return s.describeSources(ctx, in, false)
}

// DescribeLoadBalancers describes the Classic Load Balancers attached to
// a group, in the order they were attached.
//
// Errors: ErrValidationError (a group that does not exist).
func (s *Service) DescribeLoadBalancers(ctx context.Context, in *DescribeLoadBalancerTargetGroupsInput) (*DescribeLoadBalancerTargetGroupsOutput, error) {
	return s.describeSources(ctx, in, true)
}

// describeSources is DescribeLoadBalancerTargetGroups and
// DescribeLoadBalancers.
func (s *Service) describeSources(ctx context.Context, in *DescribeLoadBalancerTargetGroupsInput, classic bool) (*DescribeLoadBalancerTargetGroupsOutput, error) {
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
	out := &DescribeLoadBalancerTargetGroupsOutput{}
	for _, id := range ids(g.sources, classic) {
		st := LoadBalancerState{LoadBalancerTargetGroupARN: id, State: "Added"}
		if classic {
			st = LoadBalancerState{LoadBalancerName: id, State: "Added"}
		}
		out.LoadBalancers = append(out.LoadBalancers, st)
	}
	return out, nil
}
