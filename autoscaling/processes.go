package autoscaling

import (
	"context"
	"slices"

	"github.com/awssim/awssim/internal/service"
)

// The processes of a group that SuspendProcesses stops and
// ResumeProcesses starts again.
const (
	// ProcessLaunch: launching instances for the desired capacity.
	ProcessLaunch = "Launch"
	// ProcessTerminate: terminating instances for the desired capacity.
	ProcessTerminate = "Terminate"
	// ProcessAddToLoadBalancer: registering new instances with the
	// group's target groups. Instances that go in service while it is
	// suspended are never registered.
	ProcessAddToLoadBalancer = "AddToLoadBalancer"
	// ProcessAlarmNotification: running scaling policies when their
	// alarms call.
	ProcessAlarmNotification = "AlarmNotification"
	// ProcessAZRebalance: rebalancing the instances across zones by
	// launching in the sparsest and then terminating in the fullest.
	ProcessAZRebalance = "AZRebalance"
	// ProcessHealthCheck: marking instances unhealthy from EC2 and load
	// balancer checks.
	ProcessHealthCheck = "HealthCheck"
	// ProcessInstanceRefresh: moving instance refreshes on (a suspended
	// refresh pauses).
	ProcessInstanceRefresh = "InstanceRefresh"
	// ProcessReplaceUnhealthy: terminating and replacing unhealthy
	// instances.
	ProcessReplaceUnhealthy = "ReplaceUnhealthy"
	// ProcessScheduledActions: running scheduled actions.
	ProcessScheduledActions = "ScheduledActions"
)

// processes are every process, in the order AWS lists them.
var processes = []string{
	ProcessLaunch, ProcessTerminate, ProcessAddToLoadBalancer, ProcessAlarmNotification, ProcessAZRebalance,
	ProcessHealthCheck, ProcessInstanceRefresh, ProcessReplaceUnhealthy, ProcessScheduledActions,
}

// suspendedProcess reports whether process p of g is suspended.
func (g *group) suspendedProcess(p string) bool { return slices.Contains(g.suspended, p) }

// SuspendProcessesInput is the input of [Service.SuspendProcesses] and
// [Service.ResumeProcesses].
type SuspendProcessesInput struct {
	AutoScalingGroupName string // Required.
	// ScalingProcesses are the processes; none means all of them.
	ScalingProcesses []string
}

// SuspendProcessesOutput is the output of [Service.SuspendProcesses] and
// [Service.ResumeProcesses].
type SuspendProcessesOutput struct{}

// SuspendProcesses suspends processes of a group (see the Process…
// constants).
//
// Errors: ErrValidationError (also for a group that does not exist).
func (s *Service) SuspendProcesses(ctx context.Context, in *SuspendProcessesInput) (*SuspendProcessesOutput, error) {
	return s.setProcesses(ctx, in, true)
}

// ResumeProcesses resumes suspended processes of a group. A resumed
// Launch or Terminate brings the group to its desired capacity at once.
//
// Errors: ErrValidationError (also for a group that does not exist).
func (s *Service) ResumeProcesses(ctx context.Context, in *SuspendProcessesInput) (*SuspendProcessesOutput, error) {
	return s.setProcesses(ctx, in, false)
}

func (s *Service) setProcesses(ctx context.Context, in *SuspendProcessesInput, suspend bool) (*SuspendProcessesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	for _, p := range in.ScalingProcesses {
		if !slices.Contains(processes, p) {
			return nil, ErrValidationError.With("Process %q is not a scaling process.", p)
		}
	}
	names := in.ScalingProcesses
	if len(names) == 0 {
		names = processes
	}
	s.mu.Lock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	for _, p := range names {
		has := g.suspendedProcess(p)
		switch {
		case suspend && !has:
			g.suspended = append(g.suspended, p)
		case !suspend && has:
			g.suspended = slices.DeleteFunc(g.suspended, func(x string) bool { return x == p })
		}
	}
	slices.Sort(g.suspended)
	var fx effects
	if !suspend {
		fx = s.reconcileLocked(g, s.sched.Now())
	}
	s.mu.Unlock()
	fx.run()
	return &SuspendProcessesOutput{}, nil
}
