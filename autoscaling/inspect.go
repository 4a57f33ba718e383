package autoscaling

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// InstanceCost is what one instance has cost: its price for every
// second from launch to termination (or to now, while it runs), as EC2
// bills Linux instances per second.
type InstanceCost struct {
	InstanceId           string
	AutoScalingGroupName string
	InstanceType         string
	Lifecycle            string // LifecycleOnDemand or LifecycleSpot
	LaunchTime           time.Time
	// EndTime is when it terminated; zero while it runs.
	EndTime time.Time
	// Uptime is EndTime (or now) less LaunchTime.
	Uptime time.Duration
	// Cost is in US dollars: Uptime × the price of its type, On-Demand
	// or Spot.
	Cost float64
}

// cost is what i has cost until now.
func (i *instance) cost(now time.Time) InstanceCost {
	up := now.Sub(i.launched)
	price := i.typ.Price
	if i.spot {
		price = i.typ.SpotPrice
	}
	c := InstanceCost{
		InstanceId: i.id, AutoScalingGroupName: i.g.name, InstanceType: i.typ.Name, Lifecycle: i.lifecycle(),
		LaunchTime: i.launched, Uptime: up, Cost: up.Hours() * price,
	}
	if i.state == StateTerminated {
		c.EndTime = now
	}
	return c
}

// Inspector reads the service's state for tests and simulations, beside
// the AWS operations. Get one with [Service.Inspect].
type Inspector struct{ s *Service }

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// Costs returns the cost of every instance the service launched, the
// terminated ones first in the order they terminated, then the running
// ones by group and launch, then the detached ones (under the group they
// left) in the order they were detached.
func (i *Inspector) Costs() []InstanceCost {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	out := slices.Clone(s.costs)
	for _, g := range s.groupList {
		for _, in := range g.instances {
			out = append(out, in.cost(now))
		}
	}
	for _, in := range s.detached {
		out = append(out, in.cost(now))
	}
	return out
}

// GroupCost returns what the instances of the group named name have cost
// so far, in US dollars, with the instance-hours they ran.
func (i *Inspector) GroupCost(name string) (dollars float64, hours float64) {
	for _, c := range i.Costs() {
		if c.AutoScalingGroupName == name {
			dollars += c.Cost
			hours += c.Uptime.Hours()
		}
	}
	return dollars, hours
}

// DescribeAutoScalingInstancesInput is the input of
// [Service.DescribeAutoScalingInstances].
type DescribeAutoScalingInstancesInput struct {
	// InstanceIds, at most MaxInstanceIDs, are the instances to describe;
	// with none, every instance of every group is. An ID of no group's
	// instance is left out.
	InstanceIds []string
}

// DescribeAutoScalingInstancesOutput is the output of
// [Service.DescribeAutoScalingInstances].
type DescribeAutoScalingInstancesOutput struct {
	AutoScalingInstances []Instance
}

// DescribeAutoScalingInstances describes instances of groups, by group
// in creation order and then in launch order. Terminated instances are
// not described.
//
// Errors: ErrValidationError (more than MaxInstanceIDs).
func (s *Service) DescribeAutoScalingInstances(ctx context.Context, in *DescribeAutoScalingInstancesInput) (*DescribeAutoScalingInstancesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.InstanceIds) > MaxInstanceIDs {
		return nil, ErrValidationError.With("At most %d InstanceIds are allowed.", MaxInstanceIDs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeAutoScalingInstancesOutput{}
	for _, g := range s.groupList {
		for _, x := range g.instances {
			if len(in.InstanceIds) == 0 || slices.Contains(in.InstanceIds, x.id) {
				out.AutoScalingInstances = append(out.AutoScalingInstances, x.describe())
			}
		}
	}
	return out, nil
}
