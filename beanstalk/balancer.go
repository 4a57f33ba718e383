package beanstalk

import (
	"context"
	"slices"

	"github.com/awssim/awssim/elb"
)

// balancer is what a web-server environment's instances are registered
// with: an ELBv2 target group (by ARN) or a Classic Load Balancer (by
// name). The zero balancer is none, as a worker environment has.
type balancer struct {
	targetGroup string
	classic     string
}

// none reports whether b is no load balancer.
func (b balancer) none() bool { return b == balancer{} }

// front is the balancer of an environment. s.mu must be held.
func (e *environment) front() balancer {
	if e.classic {
		return balancer{classic: e.loadBalancer}
	}
	return balancer{targetGroup: e.targetGroup}
}

// states returns, by instance ID, the state in which the load balancer
// holds each registered instance, in ELBv2's words (a Classic Load
// Balancer's InService is healthy, OutOfService unhealthy, and an
// instance being deregistered draining); false if it is gone. It calls
// Elastic Load Balancing: no lock may be held.
func (s *Service) states(b balancer) (map[string]string, bool) {
	ctx := context.Background()
	out := map[string]string{}
	switch {
	case b.classic != "":
		ih, err := s.lbs.Classic().DescribeInstanceHealth(ctx, &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: b.classic})
		if err != nil {
			return nil, false
		}
		for _, st := range ih.InstanceStates {
			switch {
			case st.State == elb.InstanceOutOfService:
				out[st.InstanceId] = elb.HealthUnhealthy
			case st.Description == "N/A":
				out[st.InstanceId] = elb.HealthHealthy
			default:
				out[st.InstanceId] = elb.HealthDraining
			}
		}
	case b.targetGroup != "":
		th, err := s.lbs.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: b.targetGroup})
		if err != nil {
			return nil, false
		}
		for _, d := range th.TargetHealthDescriptions {
			out[d.Target.Id] = d.TargetHealth.State
		}
	}
	return out, true
}

// allHealthy reports whether the load balancer finds every instance of
// ids healthy.
func (s *Service) allHealthy(b balancer, ids []string) bool {
	states, ok := s.states(b)
	return ok && !slices.ContainsFunc(ids, func(id string) bool { return states[id] != elb.HealthHealthy })
}

// register registers instances with the load balancer.
func (s *Service) register(b balancer, ids []string) {
	ctx := context.Background()
	switch {
	case b.classic != "":
		s.lbs.Classic().RegisterInstancesWithLoadBalancer(ctx, &elb.ClassicRegisterInstancesInput{LoadBalancerName: b.classic, Instances: classicInstances(ids)})
	case b.targetGroup != "":
		s.lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: b.targetGroup, Targets: targets(ids)})
	}
}

// deregister deregisters instances from the load balancer, which drains
// them.
func (s *Service) deregister(b balancer, ids []string) {
	ctx := context.Background()
	switch {
	case b.classic != "":
		s.lbs.Classic().DeregisterInstancesFromLoadBalancer(ctx, &elb.ClassicDeregisterInstancesInput{LoadBalancerName: b.classic, Instances: classicInstances(ids)})
	case b.targetGroup != "":
		s.lbs.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: b.targetGroup, Targets: targets(ids)})
	}
}

// targets are instances as ELBv2 targets.
func targets(ids []string) []elb.TargetDescription {
	out := make([]elb.TargetDescription, len(ids))
	for k, id := range ids {
		out[k] = elb.TargetDescription{Id: id}
	}
	return out
}

// classicInstances are instances as a Classic Load Balancer's.
func classicInstances(ids []string) []elb.ClassicInstance {
	out := make([]elb.ClassicInstance, len(ids))
	for k, id := range ids {
		out[k] = elb.ClassicInstance{InstanceId: id}
	}
	return out
}
