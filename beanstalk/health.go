package beanstalk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Enhanced health statuses, as HealthStatus reports them.
const (
	HealthStatusNoData    = "NoData"
	HealthStatusUnknown   = "Unknown"
	HealthStatusPending   = "Pending"
	HealthStatusOk        = "Ok"
	HealthStatusInfo      = "Info"
	HealthStatusWarning   = "Warning"
	HealthStatusDegraded  = "Degraded"
	HealthStatusSevere    = "Severe"
	HealthStatusSuspended = "Suspended"
)

// The shares of the last minute's requests answered 5xx (by the load
// balancer or the instances), or 4xx as the ConfigDocument's rules
// count them, at which enhanced health becomes Warning, Degraded and
// Severe. AWS does not publish its thresholds: these are the
// simulator's convention.
const (
	WarningErrorRate  = 0.01
	DegradedErrorRate = 0.10
	SevereErrorRate   = 0.25
)

// HighCPUUtilization is the CPUUtilization, in percent over the last
// whole minute, at which an instance's enhanced health becomes Warning,
// with the cause "95 % of CPU is in use." that the developer guide
// shows. AWS does not publish the threshold: this is the simulator's
// convention.
const HighCPUUtilization = 95.0

// HealthInterval is how often an environment's health is worked out
// once it is Ready: each instance's health agent reports every 10
// seconds, and basic health looks at the load balancer's view of the
// instances as often.
const HealthInterval = 10 * time.Second

// healthChecksPerMinute is how many of an environment's checks one
// minute holds: enhanced health lowers an environment's status only to
// what at least three of them found.
const healthChecksPerMinute = int(time.Minute / HealthInterval)

// colorOf is the health colour of an enhanced health status.
func colorOf(status string) string {
	switch status {
	case HealthStatusOk, HealthStatusInfo:
		return HealthGreen
	case HealthStatusWarning:
		return HealthYellow
	case HealthStatusDegraded, HealthStatusSevere:
		return HealthRed
	}
	return HealthGrey
}

// ApplicationMetrics are the requests a web-server environment's load
// balancer answered over Duration, by class of status.
//
// Latency, under enhanced health, is over the last check's HealthInterval
// (10 seconds, as AWS's): the requests the instances' servers answered
// meanwhile, from their virtual latencies.
type ApplicationMetrics struct {
	Duration     time.Duration
	RequestCount int
	StatusCodes  StatusCodes
	Latency      Latency
}

// Latency is the average latency of the slowest requests over the last
// HealthInterval, as AWS's: P10 of the slowest 90 percent, P50 of the
// slowest 50 percent, … P999 of the slowest 0.1 percent (at least one
// request each). All are zero when there were none.
type Latency struct {
	P10, P50, P75, P85, P90, P95, P99, P999 time.Duration
}

// latencyOf works out the Latency of a window's request latencies,
// which it sorts.
func latencyOf(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	slices.Sort(d)
	// The suffix sums of the sorted latencies give each slowest share's
	// average at once.
	sum := make([]time.Duration, len(d)+1)
	for k := len(d) - 1; k >= 0; k-- {
		sum[k] = sum[k+1] + d[k]
	}
	slowest := func(perMille int) time.Duration {
		n := max(1, (len(d)*perMille+999)/1000)
		return sum[len(d)-n] / time.Duration(n)
	}
	return Latency{P10: slowest(900), P50: slowest(500), P75: slowest(250), P85: slowest(150), P90: slowest(100), P95: slowest(50), P99: slowest(10), P999: slowest(1)}
}

// agent is the health agent of an enhanced environment's instances: it
// records the virtual latency of each request their servers answer, as
// the platform's health agent reads the web server's logs.
type agent struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration // by instance ID, since the last check
}

// serve wraps an instance's server so that the agent records each
// request's latency: the server's own handler runs, then its latency is
// what the handler reported, else the server's Latency model, which the
// wrapper reports for it (so the model runs once, and a model that
// panics or returns a negative duration is the crash it always was).
func (a *agent) serve(id string, b elb.Backend) elb.Backend {
	if b.Handler == nil {
		return b
	}
	inner, model := b.Handler, b.Latency
	b.Latency = nil
	b.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		d, ok := elb.ReportedLatency(r.Context())
		if !ok && model != nil {
			d = model(r)
			elb.ReportLatency(r.Context(), d)
		}
		a.mu.Lock()
		a.latencies[id] = append(a.latencies[id], d)
		a.mu.Unlock()
	})
	return b
}

// take returns the latencies recorded since the last take, by instance.
func (a *agent) take() map[string][]time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.latencies
	a.latencies = make(map[string][]time.Duration, len(out))
	return out
}

// servers returns the factory of the servers version v's instances run
// in environment e: the bundle's, under enhanced health with the health
// agent recording their requests' latencies.
func (s *Service) servers(e *environment, v *version) func(string) elb.Backend {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		return v.bundle.Server
	}
	if e.watch.agent == nil {
		e.watch.agent = &agent{latencies: map[string][]time.Duration{}}
	}
	a, server := e.watch.agent, v.bundle.Server
	return func(id string) elb.Backend { return a.serve(id, server(id)) }
}

// StatusCodes counts responses by class.
type StatusCodes struct {
	Status2xx, Status3xx, Status4xx, Status5xx int
}

// InstanceHealth is the enhanced health of one instance.
type InstanceHealth struct {
	InstanceId   string
	HealthStatus string
	Color        string
	Causes       []string
	LaunchedAt   time.Time
	// ApplicationMetrics are the instance's requests over the last
	// HealthInterval: their number (RequestCount, counted by the health
	// agent) and Latency.
	ApplicationMetrics ApplicationMetrics
}

// DescribeEnvironmentHealthInput is the input of
// [Service.DescribeEnvironmentHealth]: EnvironmentId or EnvironmentName.
type DescribeEnvironmentHealthInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// DescribeEnvironmentHealthOutput is the output of
// [Service.DescribeEnvironmentHealth].
type DescribeEnvironmentHealthOutput struct {
	EnvironmentName    string
	Status             string
	HealthStatus       string
	Color              string
	Causes             []string
	ApplicationMetrics ApplicationMetrics
	// InstancesHealth counts the instances by health status.
	InstancesHealth map[string]int
	RefreshedAt     time.Time
}

// DescribeEnvironmentHealth reports an environment's enhanced health as
// its last check found it (RefreshedAt), at most [HealthInterval] ago,
// with the operation in progress shown at once (see the package
// documentation, Health).
//
// Errors: ErrInvalidParameterValue (no such environment, or one whose
// SystemType is not enhanced), ErrMissingParameter.
func (s *Service) DescribeEnvironmentHealth(ctx context.Context, in *DescribeEnvironmentHealthInput) (*DescribeEnvironmentHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	e, err := s.enhancedEnvironment(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		return nil, err
	}
	r := s.watched(e)
	out := &DescribeEnvironmentHealthOutput{
		EnvironmentName: r.name, Status: r.status, HealthStatus: r.health, Color: colorOf(r.health), Causes: r.causes,
		ApplicationMetrics: r.metrics, InstancesHealth: map[string]int{}, RefreshedAt: r.at,
	}
	for _, i := range r.instances {
		out.InstancesHealth[i.HealthStatus]++
	}
	return out, nil
}

// DescribeInstancesHealthInput is the input of
// [Service.DescribeInstancesHealth]: EnvironmentId or EnvironmentName.
type DescribeInstancesHealthInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// DescribeInstancesHealthOutput is the output of
// [Service.DescribeInstancesHealth].
type DescribeInstancesHealthOutput struct {
	InstanceHealthList []InstanceHealth
	RefreshedAt        time.Time
}

// DescribeInstancesHealth reports the enhanced health of each instance
// of an environment, in launch order, as its last check found them.
//
// Errors: ErrInvalidParameterValue (no such environment, or one whose
// SystemType is not enhanced), ErrMissingParameter.
func (s *Service) DescribeInstancesHealth(ctx context.Context, in *DescribeInstancesHealthInput) (*DescribeInstancesHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	e, err := s.enhancedEnvironment(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		return nil, err
	}
	r := s.watched(e)
	return &DescribeInstancesHealthOutput{InstanceHealthList: r.instances, RefreshedAt: r.at}, nil
}

// enhancedEnvironment looks up an environment with enhanced health.
func (s *Service) enhancedEnvironment(id, name string) (*environment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.lookupEnvLocked(id, name)
	if err != nil {
		return nil, err
	}
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		return nil, ErrInvalidParameterValue.With("Environment %s does not have enhanced health reporting: set %s SystemType to enhanced.", e.desc.EnvironmentName, NamespaceHealth)
	}
	return e, nil
}

// assessment is an environment's enhanced health at one instant.
type assessment struct {
	name, status, health string
	causes               []string
	metrics              ApplicationMetrics
	instances            []InstanceHealth
	at                   time.Time
	// For basic health: whether the check failed (an instance in
	// service the load balancer finds unhealthy), and whether a resource
	// is unavailable (the group gone, or no instance in service).
	failed, unavailable bool
}

// assess works out an environment's health from the lower services, with
// no lock held, as its health agents and load balancer see it now: the
// worst of too few instances in service (Degraded; none at all, Severe),
// instances the load balancer finds unhealthy (Severe each; Warning for
// the environment, Severe when all are), instances whose CPU was at
// HighCPUUtilization or more over the last whole minute (Warning each),
// a deployment that failed part-way (Degraded), and the last minute's
// 5xx share against the …ErrorRate thresholds; else Ok. The operation in
// progress is not in it: see [overlay].
func (s *Service) assess(ctx context.Context, e *environment) assessment {
	s.mu.Lock()
	r := assessment{name: e.desc.EnvironmentName, status: e.desc.Status, at: s.sched.Now()}
	group, b, lb, classic, wrong, a := e.group, e.front(), e.loadBalancer, e.classic, e.watch.wrongVersion, e.watch.agent
	enhanced := e.opts.get(NamespaceHealth, "SystemType") == "enhanced"
	c, _ := parseHealthConfig(e.opts.get(NamespaceHealth, "ConfigDocument")) // checked when set
	rules := c.rules()
	s.mu.Unlock()
	var window map[string][]time.Duration
	if a != nil {
		window = a.take()
	}

	var g autoscaling.Group
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err == nil && len(out.AutoScalingGroups) > 0 {
		g = out.AutoScalingGroups[0]
	}
	targets, _ := s.states(b)
	inService, impaired := 0, 0
	var all []time.Duration // the latencies of the window's requests
	for _, i := range g.Instances {
		h := s.instanceHealth(ctx, i, b, targets, enhanced, r.at)
		if d := window[i.InstanceId]; len(d) > 0 {
			all = append(all, d...)
			h.ApplicationMetrics = ApplicationMetrics{Duration: HealthInterval, RequestCount: len(d), Latency: latencyOf(d)}
		}
		if i.LifecycleState == autoscaling.StateInService {
			inService++
		}
		switch {
		case h.HealthStatus == HealthStatusSevere:
			impaired++
			r.failed = true
		case h.HealthStatus == HealthStatusWarning:
			impaired++
		}
		r.instances = append(r.instances, h)
	}
	app4xx, elb4xx := 0, 0
	if lb != "" && enhanced {
		r.metrics, app4xx, elb4xx = s.lastMinute(ctx, lb, classic, r.at)
	}
	r.metrics.Latency = latencyOf(all)

	worst := HealthStatusOk
	raise := func(status, cause string) {
		if rank(status) > rank(worst) {
			worst = status
		}
		r.causes = append(r.causes, cause)
	}
	switch {
	case g.AutoScalingGroupName == "":
		r.unavailable = true
		raise(HealthStatusSevere, fmt.Sprintf("The Auto Scaling group %s is not available.", group))
	case inService == 0:
		r.unavailable = true
		raise(HealthStatusSevere, "None of the instances are sending data.")
	case inService < g.MinSize:
		raise(HealthStatusDegraded, fmt.Sprintf("%d active instances is below Auto Scaling group minimum size %d.", inService, g.MinSize))
	}
	severe := 0
	for _, h := range r.instances {
		if h.HealthStatus == HealthStatusSevere {
			severe++
		}
	}
	switch {
	case severe > 0 && severe == inService:
		raise(HealthStatusSevere, "ELB health is failing or not available for all instances.")
	case impaired > 0:
		raise(HealthStatusWarning, fmt.Sprintf("Impaired services on %d out of %d instances.", impaired, inService))
	}
	if wrong != "" {
		raise(HealthStatusDegraded, fmt.Sprintf("Incorrect application version on environment instances. Expected version %q.", wrong))
	}
	errors := func(n int, cause string) {
		m := r.metrics
		if m.RequestCount == 0 || n == 0 {
			return
		}
		rate := float64(n) / float64(m.RequestCount)
		cause = fmt.Sprintf(cause, 100*rate)
		switch {
		case rate >= SevereErrorRate:
			raise(HealthStatusSevere, cause)
		case rate >= DegradedErrorRate:
			raise(HealthStatusDegraded, cause)
		case rate >= WarningErrorRate:
			raise(HealthStatusWarning, cause)
		}
	}
	errors(r.metrics.StatusCodes.Status5xx, "%.1f %% of the requests are failing with HTTP 5xx.")
	if rules.app4xx {
		errors(app4xx, "%.1f %% of the requests are erroring with HTTP 4xx.")
	}
	if rules.elb4xx {
		errors(elb4xx, "%.1f %% of the requests to the ELB are erroring with HTTP 4xx.")
	}
	r.health = worst
	return r
}

// instanceHealth works out one instance's health from its lifecycle
// state, the load balancer's view of it (targets, from b) and, with
// enhanced health, its CPU over the last whole minute: Pending while it
// launches or is not yet healthy in the load balancer, Severe when the
// load balancer finds it unhealthy, Warning at HighCPUUtilization or
// more, else Ok; Info while it leaves service. It calls CloudWatch: no
// lock may be held.
func (s *Service) instanceHealth(ctx context.Context, i autoscaling.Instance, b balancer, targets map[string]string, enhanced bool, now time.Time) InstanceHealth {
	h := InstanceHealth{InstanceId: i.InstanceId, LaunchedAt: i.LaunchTime, HealthStatus: HealthStatusOk}
	switch {
	case i.LifecycleState == autoscaling.StatePending || i.LifecycleState == autoscaling.StatePendingWait:
		h.HealthStatus, h.Causes = HealthStatusPending, []string{"Performing initialization."}
	case i.LifecycleState != autoscaling.StateInService:
		h.HealthStatus, h.Causes = HealthStatusInfo, []string{"Instance is " + i.LifecycleState + "."}
	case !b.none() && targets[i.InstanceId] == elb.HealthUnhealthy:
		h.HealthStatus, h.Causes = HealthStatusSevere, []string{"ELB health is failing or not available for all instances."}
	case !b.none() && targets[i.InstanceId] != elb.HealthHealthy:
		h.HealthStatus, h.Causes = HealthStatusPending, []string{"Instance is not yet healthy in the load balancer."}
	case enhanced:
		if cpu, ok := s.lastMinuteCPU(ctx, i.InstanceId, now); ok && cpu >= HighCPUUtilization {
			h.HealthStatus, h.Causes = HealthStatusWarning, []string{fmt.Sprintf("%.0f %% of CPU is in use.", cpu)}
		}
	}
	h.Color = colorOf(h.HealthStatus)
	return h
}

// Enhanced health's deployment health check: every instance of a batch
// must pass this many consecutive checks, one every HealthInterval (two
// minutes of them on the web-server tier, three on the worker tier).
const (
	deployChecksWeb    = 12
	deployChecksWorker = 18
)

// healthGate is enhanced health's check of the instances of a batch
// during a deployment or a configuration update: it counts, for each
// instance, the consecutive checks whose status was no worse than the
// command's HealthCheckSuccessThreshold, a failed check resetting the
// count, and passes once every instance has the tier's number.
type healthGate struct {
	s         *Service
	need      int
	threshold int // the rank of HealthCheckSuccessThreshold
	passes    map[string]int
	last      time.Time
	ok        bool
}

// newGate returns the health gate of an environment's batches, or nil
// under basic health.
func (s *Service) newGate(e *environment) *healthGate {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		return nil
	}
	need := deployChecksWeb
	if e.worker {
		need = deployChecksWorker
	}
	return &healthGate{s: s, need: need, threshold: rank(e.opts.get(NamespaceCommand, "HealthCheckSuccessThreshold")), passes: map[string]int{}}
}

// passed checks the instances ids of group behind b (nil: those in
// service), at most once every HealthInterval, and reports whether each
// has passed the checks it needs. A nil gate always passes. It calls the lower services: no lock
// may be held.
func (g *healthGate) passed(group string, b balancer, ids []string) bool {
	if g == nil {
		return true
	}
	now := g.s.sched.Now()
	if !g.last.IsZero() && now.Sub(g.last) < HealthInterval {
		return g.ok
	}
	g.last = now
	ctx := context.Background()
	found := map[string]autoscaling.Instance{}
	all := ids == nil
	if out, err := g.s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}}); err == nil && len(out.AutoScalingGroups) > 0 {
		for _, i := range out.AutoScalingGroups[0].Instances {
			found[i.InstanceId] = i
			if all && i.LifecycleState == autoscaling.StateInService {
				ids = append(ids, i.InstanceId)
			}
		}
	}
	targets, _ := g.s.states(b)
	g.ok = len(ids) > 0
	for _, id := range ids {
		i, ok := found[id]
		if ok && healthOK(g.s.instanceHealth(ctx, i, b, targets, true, now).HealthStatus, g.threshold) {
			g.passes[id]++
		} else {
			g.passes[id] = 0
		}
		g.ok = g.ok && g.passes[id] >= g.need
	}
	return g.ok
}

// healthOK reports whether an instance's status passes a threshold of
// the given rank: a status no worse than it, Pending and Info not
// passing.
func healthOK(status string, threshold int) bool {
	switch status {
	case HealthStatusPending, HealthStatusInfo, HealthStatusUnknown, HealthStatusNoData:
		return false
	}
	return rank(status) <= threshold
}

// overlay shows the operation in progress over a health status, as
// enhanced health does: Pending while the environment launches, Info
// while it updates (unless something is wrong), Suspended once it
// terminates.
func overlay(status string, r *assessment) {
	switch status {
	case StatusLaunching:
		r.health, r.causes = HealthStatusPending, []string{"Initialization in progress."}
	case StatusUpdating, StatusAborting:
		if rank(r.health) <= rank(HealthStatusOk) {
			r.health, r.causes = HealthStatusInfo, []string{"Command is executing on the environment's instances."}
		}
	case StatusTerminating, StatusTerminated:
		r.health, r.causes = HealthStatusSuspended, nil
	}
	r.status = status
}

// rank orders the statuses that assess raises, best first.
func rank(status string) int {
	switch status {
	case HealthStatusWarning:
		return 2
	case HealthStatusDegraded:
		return 3
	case HealthStatusSevere:
		return 4
	}
	return 1
}

// healthWatch is what an environment's health monitor keeps from one
// check to the next. Guarded by Service.mu.
type healthWatch struct {
	timer sim.Scheduled
	// checks counts the checks made; recent holds the last minute's,
	// the check n at n % healthChecksPerMinute.
	checks int
	recent [healthChecksPerMinute]assessment
	// failures counts basic health's consecutive failed checks.
	failures int
	// current is what the environment's health is, as enhanced health
	// settled it from the recent checks.
	current assessment
	// wrongVersion is the version label an in-place deployment that
	// failed part-way left some instances without, until a deployment
	// succeeds.
	wrongVersion string
	// agent records the requests' latencies, under enhanced health.
	agent *agent
	// collecting says the environment's AWS/ElasticBeanstalk collector
	// is registered (or being); stopMetrics unregisters it.
	collecting  bool
	stopMetrics func()
}

// watchHealthLocked starts (or starts again) an environment's health
// monitor: a check every HealthInterval from now until it terminates.
// Until the first check, enhanced health is Ok, or Severe when the
// environment's Health is Red (a launch that ended without healthy
// instances). s.mu must be held.
func (s *Service) watchHealthLocked(e *environment) {
	e.watch.timer.Cancel()
	e.watch.checks, e.watch.failures = 0, 0
	e.watch.current = assessment{at: s.sched.Now(), health: HealthStatusOk}
	if e.desc.Health == HealthRed {
		e.watch.current.health, e.watch.current.causes = HealthStatusSevere, []string{"ELB health is failing or not available for all instances."}
	}
	e.watch.timer = s.sched.ScheduleAt(s.sched.Now().Add(HealthInterval), func() { s.checkHealth(e) })
}

// checkHealth is one check of an environment's health: it works out
// basic health's colour, or enhanced health's status and colour, sets
// them in the environment's description, tells a change in an event,
// and schedules the next check. Basic health is Green while the checks
// pass, Yellow after two failed checks in a row, Red after three or
// more, or at once when a resource is unavailable or the last
// deployment failed part-way. Enhanced health is the worst status that
// at least three of the last minute's checks found (with fewer checks
// made, what all of them found). It calls the lower services: no lock
// may be held.
func (s *Service) checkHealth(e *environment) {
	s.mu.Lock()
	status := e.desc.Status
	register := !e.watch.collecting && e.opts.get(NamespaceHealth, "SystemType") == "enhanced"
	e.watch.collecting = e.watch.collecting || register
	s.mu.Unlock()
	if status == StatusTerminating || status == StatusTerminated {
		s.stopHealth(e)
		return
	}
	if register {
		stop := s.cw.Collect(healthNamespace, func(time.Time, time.Time) []cloudwatch.MetricDatum { return s.healthMetrics(e) })
		s.mu.Lock()
		e.watch.stopMetrics = stop
		s.mu.Unlock()
	}
	var r assessment
	if status != StatusLaunching {
		r = s.assess(context.Background(), e)
	}

	s.mu.Lock()
	if e.desc.Status == StatusTerminating || e.desc.Status == StatusTerminated {
		s.mu.Unlock()
		s.stopHealth(e)
		return
	}
	defer s.mu.Unlock()
	w := &e.watch
	w.timer = s.sched.ScheduleAt(s.sched.Now().Add(HealthInterval), func() { s.checkHealth(e) })
	if status == StatusLaunching || e.desc.Status == StatusLaunching {
		return
	}
	w.recent[w.checks%healthChecksPerMinute] = r
	w.checks++
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		s.basicHealthLocked(e, r)
		return
	}
	from := e.desc.HealthStatus
	w.current = settle(w.recent[:min(w.checks, healthChecksPerMinute)], w.checks)
	shown := w.current
	overlay(e.desc.Status, &shown)
	e.desc.HealthStatus, e.desc.Health = shown.health, colorOf(shown.health)
	if from != "" && from != shown.health && e.desc.Status == StatusReady {
		severity := SeverityInfo
		if rank(shown.health) > rank(from) {
			severity = SeverityWarn
		}
		msg := fmt.Sprintf("Environment health has transitioned from %s to %s.", from, shown.health)
		if len(shown.causes) > 0 && severity == SeverityWarn {
			msg += " " + strings.Join(shown.causes, " ")
		}
		s.eventLocked(e, severity, msg)
	}
}

// settle returns the environment's status from the last minute's
// checks (recent, of which latest, made checks-1, is the newest): the
// worst status that at least three of them found, with the causes of the
// newest check that found it, and the newest check's instances and
// metrics. With fewer than three checks, the status is the best of them.
func settle(recent []assessment, checks int) assessment {
	latest := recent[(checks-1)%len(recent)]
	need := min(3, len(recent))
	out := latest
	for r := rank(HealthStatusSevere); r > rank(HealthStatusOk); r-- {
		n := 0
		for _, c := range recent {
			if rank(c.health) >= r {
				n++
			}
		}
		if n < need {
			continue
		}
		for k := 0; k < len(recent); k++ { // newest first
			if c := recent[(checks-1-k)%len(recent)]; rank(c.health) >= r {
				out.health, out.causes = statusOfRank(r), c.causes
				return out
			}
		}
	}
	out.health, out.causes = HealthStatusOk, nil
	return out
}

// statusOfRank is the status of a rank.
func statusOfRank(r int) string {
	return [...]string{HealthStatusOk, HealthStatusOk, HealthStatusWarning, HealthStatusDegraded, HealthStatusSevere}[r]
}

// basicHealthLocked sets basic health's colour from a check. s.mu must
// be held.
func (s *Service) basicHealthLocked(e *environment, r assessment) {
	w := &e.watch
	if r.failed || r.unavailable {
		w.failures++
	} else {
		w.failures = 0
	}
	color := e.desc.Health
	switch {
	case r.unavailable || w.wrongVersion != "" || w.failures >= 3:
		color = HealthRed
	case w.failures == 2:
		color = HealthYellow
	case w.failures == 0:
		color = HealthGreen
	}
	if e.desc.Status != StatusReady || color == e.desc.Health {
		return
	}
	severity := SeverityInfo
	if color == HealthRed || color == HealthYellow {
		severity = SeverityWarn
	}
	s.eventLocked(e, severity, fmt.Sprintf("Environment health has transitioned from %s to %s.", e.desc.Health, color))
	e.desc.Health = color
}

// watched returns an environment's enhanced health as its monitor last
// settled it, with the operation in progress over it.
func (s *Service) watched(e *environment) assessment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return e.watchedLocked(s.sched.Now())
}

// watchedLocked is watched with s.mu held; now stands for the instant
// of a check not made yet, while the environment launches.
func (e *environment) watchedLocked(now time.Time) assessment {
	r := e.watch.current
	r.name = e.desc.EnvironmentName
	if r.at.IsZero() {
		r.at = now
	}
	overlay(e.desc.Status, &r)
	return r
}

// described returns an environment's description with its health as
// it shows: under basic health, Grey while it launches, updates or
// terminates; under enhanced health, the status of [Service.watched]
// and its colour. s.mu must be held.
func (e *environment) described() EnvironmentDescription {
	d := e.desc
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		d.HealthStatus = ""
		if d.Status != StatusReady {
			d.Health = HealthGrey
		}
		return d
	}
	r := e.watchedLocked(d.DateUpdated)
	d.HealthStatus, d.Health = r.health, colorOf(r.health)
	return d
}

// stopHealth stops an environment's health monitor and its metrics.
func (s *Service) stopHealth(e *environment) {
	s.mu.Lock()
	e.watch.timer.Cancel()
	stop := e.watch.stopMetrics
	e.watch.stopMetrics, e.watch.collecting = nil, false
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// lastMinute reads the load balancer's requests of the last whole minute
// from CloudWatch: an Application Load Balancer's (by ARN) or a Classic
// one's (by name); beside the metrics, the 4xx of the instances and
// those of the load balancer itself.
func (s *Service) lastMinute(ctx context.Context, lb string, classic bool, now time.Time) (m ApplicationMetrics, app4xx, elb4xx int) {
	end := now.Truncate(time.Minute)
	namespace, dims := "AWS/ApplicationELB", []cloudwatch.Dimension{{Name: "LoadBalancer", Value: loadBalancerDimension(lb)}}
	// The instances' responses by class, then the load balancer's own
	// 4xx and 5xx.
	codes := [6]string{elb.MetricHTTPCodeTarget2XX, elb.MetricHTTPCodeTarget3XX, elb.MetricHTTPCodeTarget4XX, elb.MetricHTTPCodeTarget5XX, elb.MetricHTTPCodeELB4XX, elb.MetricHTTPCodeELB5XX}
	if classic {
		namespace, dims = "AWS/ELB", []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: lb}}
		codes = [6]string{elb.MetricHTTPCodeBackend2XX, elb.MetricHTTPCodeBackend3XX, elb.MetricHTTPCodeBackend4XX, elb.MetricHTTPCodeBackend5XX, elb.MetricHTTPCodeClassicELB4XX, elb.MetricHTTPCodeClassicELB5XX}
	}
	sum := func(metric string) int {
		out, err := s.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: namespace, MetricName: metric, Dimensions: dims,
			StartTime: end.Add(-time.Minute), EndTime: end, Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		if err != nil || len(out.Datapoints) == 0 || out.Datapoints[0].Sum == nil {
			return 0
		}
		return int(*out.Datapoints[0].Sum + 0.5)
	}
	app4xx, elb4xx = sum(codes[2]), sum(codes[4])
	return ApplicationMetrics{
		Duration: time.Minute, RequestCount: sum(elb.MetricRequestCount),
		StatusCodes: StatusCodes{
			Status2xx: sum(codes[0]), Status3xx: sum(codes[1]),
			Status4xx: app4xx + elb4xx,
			Status5xx: sum(codes[3]) + sum(codes[5]),
		},
	}, app4xx, elb4xx
}

// lastMinuteCPU reads an instance's average CPUUtilization over the last
// whole minute from CloudWatch (AWS/EC2 by InstanceId).
func (s *Service) lastMinuteCPU(ctx context.Context, id string, now time.Time) (float64, bool) {
	end := now.Truncate(time.Minute)
	out, err := s.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: []cloudwatch.Dimension{{Name: "InstanceId", Value: id}},
		StartTime: end.Add(-time.Minute), EndTime: end, Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticAverage},
	})
	if err != nil || len(out.Datapoints) == 0 || out.Datapoints[0].Average == nil {
		return 0, false
	}
	return *out.Datapoints[0].Average, true
}

// The enhanced health metrics an environment publishes to CloudWatch.
const (
	healthNamespace = "AWS/ElasticBeanstalk"
	// healthMetricPeriod is the one period, in seconds, a ConfigDocument
	// may give a metric: "the only currently supported value".
	healthMetricPeriod = 60
)

// healthValues are the EnvironmentHealth and InstanceHealth values of
// the statuses, as the developer guide maps them; Pending and Suspended
// have none.
var healthValues = map[string]float64{
	HealthStatusOk: 0, HealthStatusInfo: 1, HealthStatusUnknown: 5, HealthStatusNoData: 10,
	HealthStatusWarning: 15, HealthStatusDegraded: 20, HealthStatusSevere: 25,
}

// Metrics a ConfigDocument may ask for, at the environment's level and
// the instances'. Those the simulator publishes are in
// publishedEnvironmentMetrics and publishedInstanceMetrics.
var (
	environmentMetrics = []string{
		"EnvironmentHealth",
		"InstancesSevere", "InstancesDegraded", "InstancesWarning", "InstancesInfo", "InstancesOk", "InstancesPending", "InstancesUnknown", "InstancesNoData",
		"ApplicationRequestsTotal", "ApplicationRequests5xx", "ApplicationRequests4xx", "ApplicationRequests3xx", "ApplicationRequests2xx",
		"ApplicationLatencyP10", "ApplicationLatencyP50", "ApplicationLatencyP75", "ApplicationLatencyP85", "ApplicationLatencyP90", "ApplicationLatencyP95", "ApplicationLatencyP99", "ApplicationLatencyP99.9",
	}
	instanceMetrics = []string{
		"ApplicationRequestsTotal", "ApplicationRequests5xx", "ApplicationRequests4xx", "ApplicationRequests3xx", "ApplicationRequests2xx",
		"ApplicationLatencyP10", "ApplicationLatencyP50", "ApplicationLatencyP75", "ApplicationLatencyP85", "ApplicationLatencyP90", "ApplicationLatencyP95", "ApplicationLatencyP99", "ApplicationLatencyP99.9",
		"LoadAverage1min", "LoadAverage5min", "InstanceHealth", "RootFilesystemUtil",
		"CPUIrq", "CPUUser", "CPUIdle", "CPUSystem", "CPUSoftirq", "CPUIowait", "CPUNice",
	}
)

// healthConfig is the ConfigDocument of aws:elasticbeanstalk:healthreporting:system.
type healthConfig struct {
	CloudWatchMetrics struct {
		Environment map[string]*int
		Instance    map[string]*int
	}
	// Rules are the 4xx rules, the only ones AWS lets a document change.
	Rules struct {
		Environment struct {
			Application struct{ ApplicationRequests4xx struct{ Enabled *bool } }
			ELB         struct{ ELBRequests4xx struct{ Enabled *bool } }
		}
	}
	Version int
}

// healthRules says which 4xx responses count against enhanced health.
type healthRules struct{ app4xx, elb4xx bool }

// rules returns the document's 4xx rules: the instances' 4xx count
// unless disabled, the load balancer's only when enabled, as AWS's
// defaults are.
func (c healthConfig) rules() healthRules {
	r := healthRules{app4xx: true}
	if v := c.Rules.Environment.Application.ApplicationRequests4xx.Enabled; v != nil {
		r.app4xx = *v
	}
	if v := c.Rules.Environment.ELB.ELBRequests4xx.Enabled; v != nil {
		r.elb4xx = *v
	}
	return r
}

// parseHealthConfig parses a ConfigDocument; "" is the default, which
// asks for no metric beyond EnvironmentHealth.
func parseHealthConfig(doc string) (healthConfig, error) {
	var c healthConfig
	if doc == "" {
		return c, nil
	}
	bad := func(why string, args ...any) error {
		return ErrInvalidParameterValue.With("Invalid option value: (Namespace: '%s', OptionName: 'ConfigDocument'): %s", NamespaceHealth, fmt.Sprintf(why, args...))
	}
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		return c, bad("the document is not valid JSON: %v", err)
	}
	if c.Version != 1 {
		return c, bad("Version must be 1.")
	}
	for level, m := range map[string]map[string]*int{"Environment": c.CloudWatchMetrics.Environment, "Instance": c.CloudWatchMetrics.Instance} {
		known := environmentMetrics
		if level == "Instance" {
			known = instanceMetrics
		}
		for name, period := range m {
			switch {
			case !slices.Contains(known, name):
				return c, bad("%s is not a CloudWatch metric of the %s level.", name, level)
			case period != nil && *period != healthMetricPeriod:
				return c, bad("%s: %d is not a supported period; the only one is %d.", name, *period, healthMetricPeriod)
			}
		}
	}
	return c, nil
}

// asks reports whether a level of the document asks for a metric.
func asks(level map[string]*int, name string) bool { return level[name] != nil }

// healthMetrics is an environment's AWS/ElasticBeanstalk collector: at
// the end of each minute, its EnvironmentHealth, and what its
// ConfigDocument asks for of the instance counts by status, the
// application's requests (the load balancer's last minute) and each
// instance's InstanceHealth, all as its last check found them.
func (s *Service) healthMetrics(e *environment) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.desc.Status == StatusTerminating || e.desc.Status == StatusTerminated {
		return nil
	}
	r := e.watchedLocked(s.sched.Now())
	c, _ := parseHealthConfig(e.opts.get(NamespaceHealth, "ConfigDocument")) // checked when set
	env := c.CloudWatchMetrics.Environment
	dims := []cloudwatch.Dimension{{Name: "EnvironmentName", Value: e.desc.EnvironmentName}}
	var data []cloudwatch.MetricDatum
	if v, ok := healthValues[r.health]; ok {
		data = append(data, cloudwatch.MetricDatum{MetricName: "EnvironmentHealth", Dimensions: dims, Value: cloudwatch.Float64(v), Unit: cloudwatch.UnitNone})
	}
	counts := map[string]int{}
	for _, i := range r.instances {
		counts[i.HealthStatus]++
	}
	for _, st := range []string{HealthStatusSevere, HealthStatusDegraded, HealthStatusWarning, HealthStatusInfo, HealthStatusOk, HealthStatusPending, HealthStatusUnknown, HealthStatusNoData} {
		if asks(env, "Instances"+st) {
			data = append(data, cloudwatch.Count("Instances"+st, dims, counts[st]))
		}
	}
	m := r.metrics
	for _, q := range []struct {
		name string
		n    int
	}{
		{"ApplicationRequestsTotal", m.RequestCount}, {"ApplicationRequests5xx", m.StatusCodes.Status5xx}, {"ApplicationRequests4xx", m.StatusCodes.Status4xx},
		{"ApplicationRequests3xx", m.StatusCodes.Status3xx}, {"ApplicationRequests2xx", m.StatusCodes.Status2xx},
	} {
		if asks(env, q.name) {
			data = append(data, cloudwatch.Count(q.name, dims, q.n))
		}
	}
	data = appendLatencies(data, env, dims, m)
	inst := c.CloudWatchMetrics.Instance
	for _, i := range r.instances {
		idims := []cloudwatch.Dimension{{Name: "EnvironmentName", Value: e.desc.EnvironmentName}, {Name: "InstanceId", Value: i.InstanceId}}
		if v, ok := healthValues[i.HealthStatus]; ok && asks(inst, "InstanceHealth") {
			data = append(data, cloudwatch.MetricDatum{MetricName: "InstanceHealth", Dimensions: idims, Value: cloudwatch.Float64(v), Unit: cloudwatch.UnitNone})
		}
		if asks(inst, "ApplicationRequestsTotal") {
			data = append(data, cloudwatch.Count("ApplicationRequestsTotal", idims, i.ApplicationMetrics.RequestCount))
		}
		data = appendLatencies(data, inst, idims, i.ApplicationMetrics)
	}
	return data
}

// appendLatencies appends the ApplicationLatency… metrics a level of
// the ConfigDocument asks for, in seconds, when m has requests.
func appendLatencies(data []cloudwatch.MetricDatum, level map[string]*int, dims []cloudwatch.Dimension, m ApplicationMetrics) []cloudwatch.MetricDatum {
	if m.Latency == (Latency{}) {
		return data
	}
	l := m.Latency
	for _, p := range []struct {
		name string
		d    time.Duration
	}{
		{"ApplicationLatencyP10", l.P10}, {"ApplicationLatencyP50", l.P50}, {"ApplicationLatencyP75", l.P75}, {"ApplicationLatencyP85", l.P85},
		{"ApplicationLatencyP90", l.P90}, {"ApplicationLatencyP95", l.P95}, {"ApplicationLatencyP99", l.P99}, {"ApplicationLatencyP99.9", l.P999},
	} {
		if asks(level, p.name) {
			data = append(data, cloudwatch.MetricDatum{MetricName: p.name, Dimensions: dims, Value: cloudwatch.Float64(p.d.Seconds()), Unit: cloudwatch.UnitSeconds})
		}
	}
	return data
}
