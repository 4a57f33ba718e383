package autoscaling

import (
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// Lifecycle states of an instance, as DescribeAutoScalingInstances
// reports them (see the package documentation, Instances).
const (
	StatePending            = "Pending"
	StatePendingWait        = "Pending:Wait"
	StatePendingProceed     = "Pending:Proceed"
	StateInService          = "InService"
	StateTerminating        = "Terminating"
	StateTerminatingWait    = "Terminating:Wait"
	StateTerminatingProceed = "Terminating:Proceed"
	StateTerminated         = "Terminated"
	StateEnteringStandby    = "EnteringStandby"
	StateStandby            = "Standby"
	StateDetaching          = "Detaching"
	StateDetached           = "Detached"
	HealthHealthy           = "Healthy"
	HealthUnhealthy         = "Unhealthy"
	activityInProgress      = "InProgress"
	activityPreInService    = "PreInService"
	activityMidLifecycle    = "MidLifecycleAction"
	activityDraining        = "WaitingForELBConnectionDraining"
	activitySuccessful      = "Successful"
	activityCancelled       = "Cancelled"
	activityFailed          = "Failed"
	maxActivityAge          = 6 * 7 * 24 * time.Hour // Auto Scaling keeps six weeks of activities
)

// instance is an EC2 instance of a group, from launch until it has
// terminated.
type instance struct {
	id         string
	g          *group // its group; for a detached instance, the group it left
	zone       string
	typ        InstanceType
	templateID string
	version    int
	data       LaunchTemplateData

	state     string
	health    string
	protected bool
	launched  time.Time
	inService time.Time // zero until it goes in service
	booted    bool
	impaired  bool // its EC2 status checks fail
	spot      bool // a Spot instance
	gone      bool // EC2 took it back: it is not running
	noticed   time.Time
	interrupt sim.Scheduled // its drawn Spot interruption
	unhealthy string        // why it was marked unhealthy: the sentence of its replacement

	boot, drain sim.Scheduled
	waits       []*hookWait // lifecycle actions it waits for
	registered  bool        // registered with the group's target groups
	backend     bool        // Elastic Load Balancing has its web server
	started     bool        // its worker was started
	worker      Worker

	cause    string    // why it is terminating
	launch   *Activity // its launch, or its move into service from standby or attachment
	move     *Activity // its move into standby or out of the group, while draining
	end      *Activity
	quiet    bool          // its going in service is not notified: it comes back from standby
	retiring bool          // an instance refresh or a rebalance recommendation replaces it: it serves until its replacement is ready
	atRisk   bool          // it had a rebalance recommendation, and capacity rebalancing replaces it
	cooling  bool          // its activity was started by a simple policy
	lastBusy time.Duration // busy time at the last CPU sample
	lastSent float64       // bytes its web server had sent at the last sample
}

// Instance describes an instance of a group.
type Instance struct {
	InstanceId           string
	AutoScalingGroupName string
	AvailabilityZone     string
	InstanceType         string
	// Lifecycle is LifecycleOnDemand or LifecycleSpot.
	Lifecycle            string
	LaunchTemplate       LaunchTemplateSpecification // the version it was launched from
	LifecycleState       string
	HealthStatus         string
	ProtectedFromScaleIn bool
	LaunchTime           time.Time
}

func (i *instance) describe() Instance {
	return Instance{
		InstanceId: i.id, AutoScalingGroupName: i.g.name, AvailabilityZone: i.zone, InstanceType: i.typ.Name, Lifecycle: i.lifecycle(),
		LaunchTemplate:       LaunchTemplateSpecification{LaunchTemplateId: i.templateID, LaunchTemplateName: i.g.templ.name, Version: fmt.Sprint(i.version)},
		LifecycleState:       i.state,
		HealthStatus:         i.health,
		ProtectedFromScaleIn: i.protected,
		LaunchTime:           i.launched,
	}
}

// memberLocked returns the instance of a group with the ID id, or nil.
// s.mu must be held.
func (s *Service) memberLocked(id string) *instance {
	if i := s.instances[id]; i != nil && i.state != StateDetached {
		return i
	}
	return nil
}

// lifecycle is the instance's purchase option.
func (i *instance) lifecycle() string {
	if i.spot {
		return LifecycleSpot
	}
	return LifecycleOnDemand
}

// counts reports whether the instance counts toward its group's
// capacity: it is pending or in service, and not serving only until an
// instance refresh has its replacement ready.
func (i *instance) counts() bool {
	if i.retiring {
		return false
	}
	switch i.state {
	case StatePending, StatePendingWait, StatePendingProceed, StateInService:
		return true
	}
	return false
}

// terminating reports whether the instance has begun to terminate.
func (i *instance) terminating() bool {
	switch i.state {
	case StateTerminating, StateTerminatingWait, StateTerminatingProceed, StateTerminated:
		return true
	}
	return false
}

// effects are what an operation must do once it has released s.mu:
// calls to Elastic Load Balancing, CloudWatch, other services and user
// code, in order.
type effects []func()

func (fx effects) run() {
	for _, f := range fx {
		f()
	}
}

// reconcileLocked launches or terminates instances until the group's
// capacity is its desired capacity, as far as its suspended processes,
// its launch template and the protection of its instances allow. The
// activities it starts carry the cause of the last change of the desired
// capacity. s.mu must be held.
func (s *Service) reconcileLocked(g *group, now time.Time) effects {
	var fx effects
	have := g.capacity()
	switch {
	case have < g.desired && !g.suspendedProcess(ProcessLaunch):
		cause := joinCause(g.cause, fmt.Sprintf("At %s an instance was started in response to a difference between desired and actual capacity, increasing the capacity from %d to %d.", formatTime(now), have, g.desired))
		for range g.desired - have {
			fx = s.launchLocked(g, now, cause, fx)
		}
	case have > g.desired && !g.suspendedProcess(ProcessTerminate):
		cause := joinCause(g.cause, fmt.Sprintf("At %s an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from %d to %d.", formatTime(now), have, g.desired))
		for _, i := range s.victimsLocked(g, have-g.desired, now) {
			i.cause = cause
			fx = s.terminateLocked(i, now, fx)
		}
	}
	g.cause = ""
	return fx
}

// joinCause joins the sentences of a cause as Auto Scaling does, with
// two spaces.
func joinCause(first, then string) string {
	if first == "" {
		return then
	}
	return first + "  " + then
}

// launchLocked launches one instance of g in its least populated zone.
// s.mu must be held.
func (s *Service) launchLocked(g *group, now time.Time, cause string, fx effects) effects {
	v, err := g.templ.version(g.template.Version)
	if err != nil { // the version the group names went: a launch error
		return s.failLaunchLocked(g, now, cause, "", err.(*Error).Message+" Launching EC2 instance failed.", fx)
	}
	lifecycle, types := g.purchase(v.LaunchTemplateData.InstanceType)
	typ, ok := s.capacityLocked(g, lifecycle, types)
	if !ok {
		return s.failLaunchLocked(g, now, cause, "", "Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that matches your request. Launching EC2 instance failed.", fx)
	}
	zone, fx := s.launchZoneLocked(g, typ, now, cause, fx)
	if zone == "" {
		return fx
	}
	i := &instance{
		id: "i-" + s.newHex(17), g: g, zone: zone,
		typ: typ, spot: lifecycle == LifecycleSpot, templateID: v.LaunchTemplateId, version: v.VersionNumber,
		data: v.LaunchTemplateData, state: StatePending, health: HealthHealthy, protected: g.protectNew,
		launched: now, cooling: g.simple,
	}
	if i.spot {
		s.scheduleInterruptionLocked(i, now)
	}
	if i.cooling {
		g.cooling++
	}
	g.instances = append(g.instances, i)
	s.instances[i.id] = i
	i.launch = s.addActivityLocked(g, now, "Launching a new EC2 instance: "+i.id, cause, activityInProgress)
	i.launch.Details = `{"Availability Zone":"` + i.zone + `"}`
	boot := i.data.BootTime
	if boot == 0 {
		boot = DefaultBootTime
	}
	i.boot = s.sched.ScheduleAt(now.Add(boot), func() { s.booted(i) })
	return s.awaitLaunchHooksLocked(i, now, fx)
}

// awaitLaunchHooksLocked holds a pending instance in Pending:Wait for
// its group's launch lifecycle hooks, if it has any. s.mu must be held.
func (s *Service) awaitLaunchHooksLocked(i *instance, now time.Time, fx effects) effects {
	hooks := i.g.hooksFor(TransitionLaunching)
	if len(hooks) == 0 {
		return fx
	}
	i.state = StatePendingWait
	i.launch.StatusCode = activityMidLifecycle
	return s.startWaitsLocked(i, hooks, now, fx)
}

// failLaunchLocked records a launch of g that failed for reason, in zone
// if it was tried in one, and notifies it. s.mu must be held.
func (s *Service) failLaunchLocked(g *group, now time.Time, cause, zone, reason string, fx effects) effects {
	a := s.addActivityLocked(g, now, "Launching a new EC2 instance.  Status Reason: "+reason, cause, activityFailed)
	a.StatusMessage = reason
	if zone != "" {
		a.Details = `{"Availability Zone":"` + zone + `"}`
	}
	return s.notifyLocked(g, a, "", EventLaunchError, now, fx)
}

// zonesBySparsity returns the zones of g from the one with the fewest
// instances that count toward its capacity up, in g's order on a tie.
func (g *group) zonesBySparsity() []string {
	n := make([]int, len(g.zones)) // by index in g.zones
	for _, i := range g.instances {
		if z := slices.Index(g.zones, i.zone); z >= 0 && i.counts() {
			n[z]++
		}
	}
	order := make([]int, len(g.zones))
	for z := range order {
		order[z] = z
	}
	slices.SortStableFunc(order, func(a, b int) int { return n[a] - n[b] })
	zones := make([]string, len(order))
	for k, z := range order {
		zones[k] = g.zones[z]
	}
	return zones
}

// booted runs when an instance has finished booting.
func (s *Service) booted(i *instance) {
	s.mu.Lock()
	now := s.sched.Now()
	var fx effects
	if i.counts() {
		i.booted = true
		fx = s.proceedLocked(i, now, fx)
	}
	s.mu.Unlock()
	fx.run()
}

// proceedLocked puts a pending instance in service once it has booted
// and no launch hook holds it: its web server starts, it is registered
// with the group's target groups, its worker starts, and its launch
// activity succeeds. s.mu must be held.
func (s *Service) proceedLocked(i *instance, now time.Time, fx effects) effects {
	if !i.booted || len(i.waits) > 0 || (i.state != StatePending && i.state != StatePendingProceed) {
		return fx
	}
	i.state, i.inService = StateInService, now
	s.endActivityLocked(i.launch, now, activitySuccessful)
	if !i.quiet {
		fx = s.notifyLocked(i.g, i.launch, i.id, EventLaunch, now, fx)
	}
	i.quiet = false
	s.coolLocked(i, now)
	if s.elb != nil {
		// Its web server starts whether or not there is a load balancer
		// to register with: a client may reach the instance itself.
		var sources []trafficSource
		if !i.g.suspendedProcess(ProcessAddToLoadBalancer) {
			sources = i.g.sources
		}
		if len(sources) > 0 || (i.data.Backend != nil && !i.backend) {
			fx = append(fx, s.registerEffect(i, sources))
		}
		i.registered = i.registered || len(sources) > 0
		i.backend = i.backend || i.data.Backend != nil
	}
	if i.data.Worker != nil && !i.started {
		i.started = true
		fx = append(fx, s.startWorkerEffect(i))
	}
	return fx
}

// registerEffect registers the instance with traffic sources, after
// giving Elastic Load Balancing its web server the first time.
func (s *Service) registerEffect(i *instance, sources []trafficSource) func() {
	id, srcs, backend, vcpus, zone := i.id, slices.Clone(sources), i.data.Backend, i.typ.VCPUs, i.zone
	if i.backend {
		backend = nil // it serves already: keep its server
	}
	return func() {
		if backend != nil {
			var b elb.Backend
			if err := s.account.CallUser("autoscaling launch template Backend for "+id, func() { b = backend(id) }); err != nil {
				// The instance's web server did not start: it is
				// registered all the same, and fails its health checks.
				s.noteLaunchError(i, "Failed to start the web server: "+err.Error())
			} else {
				if b.Workers == 0 {
					b.Workers = vcpus
				}
				b.AvailabilityZone = zone
				s.elb.SetBackend(id, b)
			}
		}
		for _, src := range srcs {
			if err := s.register(src, id); err != nil {
				s.noteLaunchError(i, "Failed to register with the load balancer: "+err.Error())
			}
		}
	}
}

// noteLaunchError writes what went wrong as an instance went in service
// (it did not register, its program did not start) in its launch
// activity's status message.
func (s *Service) noteLaunchError(i *instance, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i.launch.StatusMessage = joinCause(i.launch.StatusMessage, msg)
}

// startWorkerEffect starts the instance's worker, and stops it at once
// if the instance began to terminate meanwhile.
func (s *Service) startWorkerEffect(i *instance) func() {
	start, id := i.data.Worker, i.id
	return func() {
		var w Worker
		if err := s.account.CallUser("autoscaling launch template Worker for "+id, func() { w = start(id) }); err != nil {
			s.noteLaunchError(i, "Failed to start the worker: "+err.Error())
			return
		}
		if w == nil {
			return
		}
		s.mu.Lock()
		live := !i.terminating()
		if live {
			i.worker = w
		}
		s.mu.Unlock()
		if !live {
			s.stopWorker(id, w)()
		}
	}
}

// stopWorker returns the effect that stops the worker of instance id.
// Stop is user code: a worker that panics as it stops has stopped all the
// same, as a program that crashes on its way out has.
func (s *Service) stopWorker(id string, w Worker) func() {
	return func() { _ = s.account.CallUser("autoscaling Worker.Stop of "+id, w.Stop) }
}

// coolLocked ends the part an instance played in a simple policy's
// activity: when the last of its instances is done, the cooldown starts.
// s.mu must be held.
func (s *Service) coolLocked(i *instance, now time.Time) {
	if !i.cooling {
		return
	}
	i.cooling = false
	if i.g.cooling--; i.g.cooling == 0 {
		i.g.cooldownEnd = now.Add(i.g.coolFor)
	}
}

// terminateLocked begins to terminate an instance for i.cause: it stops
// counting toward capacity, leaves its target groups and waits for
// their deregistration delay, runs its terminate hooks, then terminates.
// s.mu must be held.
func (s *Service) terminateLocked(i *instance, now time.Time, fx effects) effects {
	g := i.g
	if i.state != StateInService { // launching, or moving in or out of standby
		i.boot.Cancel()
		i.drain.Cancel()
		fx = s.cancelWaitsLocked(i, fx)
		s.endActivityLocked(i.launch, now, activityCancelled)
		s.endActivityLocked(i.move, now, activityCancelled)
		s.coolLocked(i, now)
	}
	i.state = StateTerminating
	i.cooling = g.simple
	if i.cooling {
		g.cooling++
	}
	i.end = s.addActivityLocked(g, now, "Terminating EC2 instance: "+i.id, i.cause, activityInProgress)
	i.end.Details = `{"Availability Zone":"` + i.zone + `"}`
	if w := i.worker; w != nil {
		i.worker = nil
		fx = append(fx, s.stopWorker(i.id, w))
	}
	if i.registered && !i.gone {
		i.end.StatusCode = activityDraining
	}
	return s.leaveLoadBalancersLocked(i, now, fx, s.drainedLocked)
}

// leaveLoadBalancersLocked deregisters an instance from its group's
// target groups and Classic Load Balancers and calls then, with s.mu
// held, once its connections have drained for the longest of their
// draining times; at once if it was not registered or is not running.
// s.mu must be held.
func (s *Service) leaveLoadBalancersLocked(i *instance, now time.Time, fx effects, then func(*instance, time.Time, effects) effects) effects {
	if !i.registered {
		return then(i, now, fx)
	}
	i.registered = false
	id, srcs := i.id, slices.Clone(i.g.sources)
	if i.gone { // nothing left to drain
		fx = append(fx, func() { s.deregister(id, srcs) })
		return then(i, now, fx)
	}
	return append(fx, func() {
		delay := s.deregister(id, srcs)
		s.mu.Lock()
		i.drain = s.sched.ScheduleAt(now.Add(delay), func() {
			s.mu.Lock()
			fx := then(i, s.sched.Now(), nil)
			s.mu.Unlock()
			fx.run()
		})
		s.mu.Unlock()
	})
}

// drainedLocked runs when an instance's connections have drained: its
// terminate hooks, if any, else its termination. s.mu must be held.
func (s *Service) drainedLocked(i *instance, now time.Time, fx effects) effects {
	if hooks := i.g.hooksFor(TransitionTerminating); len(hooks) > 0 && !i.g.deleted {
		i.state = StateTerminatingWait
		i.end.StatusCode = activityMidLifecycle
		return s.startWaitsLocked(i, hooks, now, fx)
	}
	return s.finishLocked(i, now, fx)
}

// finishLocked terminates an instance: it leaves its group (or the
// detached instances), its web server and worker stop, and its cost is
// counted. s.mu must be held.
func (s *Service) finishLocked(i *instance, now time.Time, fx effects) effects {
	g := i.g
	if i.state == StateDetached {
		s.detached = slices.DeleteFunc(s.detached, func(x *instance) bool { return x == i })
	}
	if w := i.worker; w != nil {
		i.worker = nil
		fx = append(fx, s.stopWorker(i.id, w))
	}
	i.state = StateTerminated
	i.interrupt.Cancel()
	if i.end != nil {
		s.endActivityLocked(i.end, now, activitySuccessful)
		fx = s.notifyLocked(g, i.end, i.id, EventTerminate, now, fx)
	}
	s.coolLocked(i, now)
	g.instances = slices.DeleteFunc(g.instances, func(x *instance) bool { return x == i })
	delete(s.instances, i.id)
	s.costs = append(s.costs, i.cost(now))
	fx = s.removeBackendLocked(i, fx)
	s.removeGroupIfDoneLocked(g)
	return fx
}

// removeBackendLocked takes the instance's web server from Elastic Load
// Balancing, if it has it. s.mu must be held.
func (s *Service) removeBackendLocked(i *instance, fx effects) effects {
	if !i.backend {
		return fx
	}
	i.backend = false
	id := i.id
	return append(fx, func() { s.elb.RemoveBackend(id) })
}

// victimsLocked chooses n instances of g to terminate for scale-in:
// each from the zones with the most instances, among those not protected
// from scale-in, by the group's termination policies across those zones
// (see the package documentation, Scale-in). s.mu must be held.
func (s *Service) victimsLocked(g *group, n int, now time.Time) []*instance {
	chosen := make(map[*instance]bool, n)
	candidate := func(i *instance) bool { return i.counts() && !i.protected && !chosen[i] }
	var out []*instance
	for range n {
		perZone := map[string]int{}
		for _, i := range g.instances {
			if i.counts() && !chosen[i] {
				perZone[i.zone]++
			}
		}
		most := 0 // the most instances of a zone that has a candidate
		for _, i := range g.instances {
			if candidate(i) {
				most = max(most, perZone[i.zone])
			}
		}
		var cands []*instance
		for _, i := range g.instances {
			if candidate(i) && perZone[i.zone] == most {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			break // every instance left is protected
		}
		v := s.applyTerminationPolicies(g, cands, chosen, now)
		chosen[v] = true
		out = append(out, v)
	}
	return out
}
