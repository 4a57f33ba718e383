package beanstalk

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/service"
)

// Deployment policies of aws:elasticbeanstalk:command DeploymentPolicy
// that the simulator runs, and the batch size types.
const (
	DeployAllAtOnce                  = "AllAtOnce"
	DeployRolling                    = "Rolling"
	DeployRollingWithAdditionalBatch = "RollingWithAdditionalBatch"
	DeployImmutable                  = "Immutable"
	DeployTrafficSplitting           = "TrafficSplitting"

	BatchPercentage = "Percentage"
	BatchFixed      = "Fixed"
)

// DeployTime is how long the platform takes to deploy a version on an
// instance: its server does not answer meanwhile.
const DeployTime = 30 * time.Second

// HealthCheckPace is how often a rolling deployment looks whether its
// batch is healthy again.
const HealthCheckPace = 5 * time.Second

// deployment is an application version being deployed to an
// environment's instances, batch by batch.
type deployment struct {
	to, from  *version
	rolling   bool // batch by batch through the target group, else each batch at once
	extra     bool // RollingWithAdditionalBatch: a batch launched first, for full capacity
	desired   int  // with extra: the group's desired capacity and MaxSize before
	maxSize   int
	suspended bool   // it suspended the group's scaling on alarms
	temp      string // Immutable and TrafficSplitting: the temporary group's name
	split     string // TrafficSplitting: the target group of the new instances, once made
	restart   bool   // RestartAppServer: the same version, restarted
	// config, for a configuration update that replaces instances, is
	// the configuration before it, to roll back to; rollback says the
	// update is that rollback.
	config   *configuration
	rollback bool
	// abort says it is the rollback of AbortEnvironmentUpdate, run while
	// the environment is Aborting.
	abort    bool
	toTmpl   string        // the launch template version new instances launch from
	kept     []string      // instances of toTmpl when it began (a rollback's untouched ones)
	pause    time.Duration // Time: the wait after each batch is in service
	health   bool          // Health: each new batch must be healthy
	fromTmpl string        // the launch template version new instances launched from before
	batches  [][]string    // instance IDs
	next     int           // the batch being deployed
	reached  bool          // a batch of the environment's instances was deployed to
}

// UpdateEnvironmentInput is the input of [Service.UpdateEnvironment]:
// EnvironmentId or EnvironmentName, and a VersionLabel to deploy or
// OptionSettings to apply, not both.
type UpdateEnvironmentInput struct {
	EnvironmentId   string
	EnvironmentName string
	VersionLabel    string
	Description     string
	// OptionSettings may set the options of the namespace
	// aws:elasticbeanstalk:command (the deployment policy and batch),
	// MinSize, MaxSize and Cooldown of aws:autoscaling:asg, those of
	// aws:autoscaling:updatepolicy:rollingupdate, and InstanceType of
	// aws:autoscaling:launchconfiguration, which replaces the instances
	// by a rolling configuration update.
	OptionSettings []ConfigurationOptionSetting
}

// UpdateEnvironmentOutput is the output of [Service.UpdateEnvironment]:
// the environment as its update begins.
type UpdateEnvironmentOutput struct {
	EnvironmentDescription
}

// UpdateEnvironment deploys an application version to a Ready
// environment with its DeploymentPolicy (see the package documentation,
// Deployments), or applies option settings. The environment is Updating
// until the deployment ends, then Ready.
//
// Errors: ErrInvalidParameterValue (no such environment or version, an
// environment that is not Ready, an option that cannot be updated),
// ErrInvalidParameterCombination (a version and option settings).
func (s *Service) UpdateEnvironment(ctx context.Context, in *UpdateEnvironmentInput) (*UpdateEnvironmentOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.VersionLabel != "" && len(in.OptionSettings) > 0 {
		return nil, ErrInvalidParameterCombination.With("You cannot update the application version and the configuration of an environment in one request.")
	}
	s.mu.Lock()
	e, err := s.lookupReadyLocked(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if in.Description != "" {
		e.desc.Description = in.Description
	}
	if in.VersionLabel == "" {
		prior := configuration{given: e.given, opts: e.opts}
		out, err := s.configureLocked(e, in.OptionSettings)
		replace := err == nil && e.opts.get(NamespaceLaunch, "InstanceType") != prior.opts.get(NamespaceLaunch, "InstanceType")
		if replace {
			e.desc.Status = StatusUpdating
			e.deploy = &deployment{to: e.version, from: e.version, config: &prior}
			out.EnvironmentDescription = e.described()
		}
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if err := s.applySizes(e); err != nil {
			return nil, err
		}
		if replace {
			s.replaceInstances(ctx, e)
		}
		return out, nil
	}
	v := e.app.version(in.VersionLabel)
	if v == nil {
		s.mu.Unlock()
		return nil, ErrInvalidParameterValue.With("No Application Version named '%s' found.", in.VersionLabel)
	}
	e.desc.Status, e.desc.DateUpdated = StatusUpdating, s.sched.Now()
	p := policy(e.opts)
	e.deploy = &deployment{to: v, from: e.version, rolling: p == DeployRolling || p == DeployRollingWithAdditionalBatch, extra: p == DeployRollingWithAdditionalBatch}
	if p == DeployImmutable || p == DeployTrafficSplitting {
		e.deploy.temp = "awseb-" + e.desc.EnvironmentId + "-immutable-stack-AWSEBAutoScalingGroup-" + s.random(upperAlphabet, 12)
	}
	s.eventLocked(e, SeverityInfo, "Environment update is starting.")
	out := &UpdateEnvironmentOutput{EnvironmentDescription: e.described()}
	s.mu.Unlock()

	if err := s.startDeployment(ctx, e); err != nil {
		s.failDeployment(e, err.Error())
	}
	return out, nil
}

// updatableOptions are the options UpdateEnvironment applies.
var updatableOptions = map[[2]string]bool{
	{NamespaceCommand, "DeploymentPolicy"}: true, {NamespaceCommand, "BatchSizeType"}: true,
	{NamespaceCommand, "BatchSize"}: true, {NamespaceCommand, "Timeout"}: true, {NamespaceCommand, "IgnoreHealthCheck"}: true,
	{NamespaceCommand, "HealthCheckSuccessThreshold"}: true,
	{NamespaceASG, "MinSize"}:                         true, {NamespaceASG, "MaxSize"}: true, {NamespaceASG, "Cooldown"}: true,
	{NamespaceLaunch, "InstanceType"}:                true,
	{NamespaceRollingUpdate, "RollingUpdateEnabled"}: true, {NamespaceRollingUpdate, "RollingUpdateType"}: true,
	{NamespaceRollingUpdate, "MinInstancesInService"}: true, {NamespaceRollingUpdate, "MaxBatchSize"}: true,
	{NamespaceRollingUpdate, "PauseTime"}: true, {NamespaceRollingUpdate, "Timeout"}: true,
}

// configuration is an environment's option settings, as a configuration
// update found them.
type configuration struct {
	given []ConfigurationOptionSetting
	opts  settings
}

// configureLocked applies option settings to an environment's settings.
// s.mu must be held.
func (s *Service) configureLocked(e *environment, settings []ConfigurationOptionSetting) (*UpdateEnvironmentOutput, error) {
	for _, o := range settings {
		if !updatableOptions[[2]string{o.Namespace, o.OptionName}] {
			return nil, ErrInvalidParameterValue.With("Updating option %s %s of a running environment is not simulated yet.", o.Namespace, o.OptionName)
		}
	}
	merged := slices.Clone(e.given)
	merged = append(merged, settings...)
	opts, err := resolveOptions(e.version.bundle.OptionSettings, e.saved, merged)
	if err == nil {
		err = checkSingleInstance(opts)
	}
	if err != nil {
		return nil, err
	}
	replace := opts.get(NamespaceLaunch, "InstanceType") != e.opts.get(NamespaceLaunch, "InstanceType")
	e.given, e.opts = merged, opts
	e.desc.DateUpdated = s.sched.Now()
	if replace {
		s.eventLocked(e, SeverityInfo, "Environment update is starting.")
	} else {
		s.eventLocked(e, SeverityInfo, "Environment update completed successfully.")
	}
	return &UpdateEnvironmentOutput{EnvironmentDescription: e.described()}, nil
}

// replaceInstances replaces an environment's instances with ones of its
// new launch configuration, as the developer guide's rolling
// configuration updates do (aws:autoscaling:updatepolicy:rollingupdate):
// all at once unless RollingUpdateEnabled; else by RollingUpdateType.
// Time and Health terminate a batch of MaxBatchSize instances (fewer if
// MinInstancesInService would not stay in service), wait for the group
// to launch their replacements, then wait PauseTime (Time) or for them
// to be healthy in the load balancer within Timeout (Health) before the
// next batch; Immutable launches the new instances in a temporary group,
// as an Immutable deployment does. An update that fails rolls back:
// the configuration before it comes back, and another rolling update
// replaces the instances it launched. The environment is Ready again
// when it ends. It calls the lower services: no lock may be held.
func (s *Service) replaceInstances(ctx context.Context, e *environment) {
	s.mu.Lock()
	d, template, o := e.deploy, e.template, e.opts
	s.mu.Unlock()
	before, err := s.groups.DescribeLaunchTemplates(ctx, &autoscaling.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{template}})
	if err != nil {
		s.failDeployment(e, "Failed to update the environment's instances: "+err.Error())
		return
	}
	v, err := s.groups.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{
		LaunchTemplateName: template, SourceVersion: fmt.Sprint(before.LaunchTemplates[0].DefaultVersionNumber),
		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: o.get(NamespaceLaunch, "InstanceType")},
	})
	if err == nil {
		_, err = s.groups.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: template, DefaultVersion: fmt.Sprint(v.LaunchTemplateVersion.VersionNumber)})
	}
	if err != nil {
		s.failDeployment(e, "Failed to update the environment's instances: "+err.Error())
		return
	}
	s.mu.Lock()
	d.fromTmpl, d.toTmpl = fmt.Sprint(before.LaunchTemplates[0].DefaultVersionNumber), fmt.Sprint(v.LaunchTemplateVersion.VersionNumber)
	s.mu.Unlock()
	s.rollInstances(ctx, e, d)
}

// rollInstances runs a configuration update whose launch template
// version is in place: it cuts the instances not launched from it (in
// service or launching: a rollback's include those its update was
// launching) into batches and replaces the first, or starts the
// temporary group of an Immutable update.
func (s *Service) rollInstances(ctx context.Context, e *environment, d *deployment) {
	s.mu.Lock()
	o, group, b := e.opts, e.group, e.front()
	s.mu.Unlock()
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		s.failDeployment(e, fmt.Sprintf("The environment's Auto Scaling group %s is gone.", group))
		return
	}
	g := out.AutoScalingGroups[0]
	var old, kept []string
	for _, i := range g.Instances {
		switch i.LifecycleState {
		case autoscaling.StatePending, autoscaling.StatePendingWait, autoscaling.StateInService:
		default:
			continue // on its way out
		}
		switch {
		case i.LaunchTemplate.Version != d.toTmpl:
			old = append(old, i.InstanceId)
		default:
			kept = append(kept, i.InstanceId)
		}
	}
	size := len(old)
	rolling := o.get(NamespaceRollingUpdate, "RollingUpdateEnabled") == "true"
	if rolling && o.get(NamespaceRollingUpdate, "RollingUpdateType") == "Immutable" && !d.rollback {
		s.mu.Lock()
		d.temp = "awseb-" + e.desc.EnvironmentId + "-immutable-stack-AWSEBAutoScalingGroup-" + s.random(upperAlphabet, 12)
		d.batches = chunks(old, max(len(old), 1))
		s.mu.Unlock()
		if _, err := s.groups.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: group, ScalingProcesses: []string{autoscaling.ProcessAlarmNotification}}); err == nil {
			s.mu.Lock()
			d.suspended = true
			s.mu.Unlock()
		}
		if err := s.startImmutable(ctx, e, d, old); err != nil {
			s.failDeployment(e, "Failed to update the environment's instances: "+err.Error())
		}
		return
	}
	if rolling {
		batch := o.int(NamespaceRollingUpdate, "MaxBatchSize")
		if batch == 0 { // the default: a third of MinSize, rounded up
			batch = (o.int(NamespaceASG, "MinSize") + 2) / 3
		}
		size = max(1, min(batch, len(g.Instances)-minInService(o)))
	}
	s.mu.Lock()
	d.batches, d.kept = chunks(old, max(size, 1)), kept
	d.health = rolling && o.get(NamespaceRollingUpdate, "RollingUpdateType") == "Health"
	d.pause = 0
	if rolling && !d.health {
		d.pause = pauseTime(o, b)
	}
	s.mu.Unlock()
	s.replaceBatch(e, d)
}

// minInService is the MinInstancesInService option; unset, it is
// min(MinSize, MaxSize - 1).
func minInService(o settings) int {
	if o.get(NamespaceRollingUpdate, "MinInstancesInService") == "" {
		return min(o.int(NamespaceASG, "MinSize"), o.int(NamespaceASG, "MaxSize")-1)
	}
	return o.int(NamespaceRollingUpdate, "MinInstancesInService")
}

// pauseTime is the PauseTime option; unset, it is the time the load
// balancer's health checks take to find a new instance healthy
// (HealthyThresholdCount × HealthCheckInterval), where AWS computes it
// from the instance type and the container.
func pauseTime(o settings, b balancer) time.Duration {
	if p, ok := isoDuration(o.get(NamespaceRollingUpdate, "PauseTime")); ok {
		return p
	}
	if b.none() {
		return 0
	}
	return time.Duration(o.int(NamespaceProcess, "HealthyThresholdCount")) * o.seconds(NamespaceProcess, "HealthCheckInterval")
}

// replaceBatch replaces the next batch of a configuration update: its
// instances terminate, and once the group has launched as many from the
// new launch template version (healthy in the load balancer, for
// Health) the next batch follows, after PauseTime for Time. After the
// last batch the update is done.
func (s *Service) replaceBatch(e *environment, d *deployment) {
	s.mu.Lock()
	if d.next >= len(d.batches) {
		s.mu.Unlock()
		s.finishDeployment(e)
		return
	}
	batch, group, b := d.batches[d.next], e.group, e.front()
	want := 0
	for _, done := range d.batches[:d.next+1] {
		want += len(done)
	}
	s.eventLocked(e, SeverityInfo, fmt.Sprintf("Replacing instance(s): %s.", strings.Join(batch, ", ")))
	s.mu.Unlock()
	ctx := context.Background()
	for _, id := range batch {
		s.groups.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: id, ShouldDecrementDesiredCapacity: false})
	}
	gate := s.newGate(e)
	replaced := func() bool {
		out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
		if err != nil || len(out.AutoScalingGroups) == 0 {
			return false
		}
		var fresh []string
		for _, i := range out.AutoScalingGroups[0].Instances {
			if i.LifecycleState == autoscaling.StateInService && i.LaunchTemplate.Version == d.toTmpl && !slices.Contains(d.kept, i.InstanceId) {
				fresh = append(fresh, i.InstanceId)
			}
		}
		if len(fresh) < want {
			return false
		}
		return !d.health || ((b.none() || s.allHealthy(b, fresh)) && gate.passed(group, b, fresh))
	}
	why := fmt.Sprintf("The instances replacing %s were not in service within the rolling update's timeout.", strings.Join(batch, ", "))
	if d.health {
		why = fmt.Sprintf("The instances replacing %s did not pass health checks within the rolling update's timeout.", strings.Join(batch, ", "))
	}
	s.waitFor(e, d, why, replaced, func() {
		next := func() {
			s.mu.Lock()
			d.next++
			s.mu.Unlock()
			s.replaceBatch(e, d)
		}
		if d.pause <= 0 {
			next()
			return
		}
		s.sched.ScheduleAt(s.sched.Now().Add(d.pause), func() {
			if s.deploying(e, d) {
				next()
			}
		})
	})
}

// applySizes gives the environment's group its MinSize, MaxSize and
// Cooldown options.
func (s *Service) applySizes(e *environment) error {
	s.mu.Lock()
	group, o := e.group, e.opts
	lo, hi := e.sizes()
	s.mu.Unlock()
	_, err := s.groups.UpdateAutoScalingGroup(context.Background(), &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: group, MinSize: &lo, MaxSize: &hi, DefaultCooldown: autoscaling.Duration(o.seconds(NamespaceASG, "Cooldown")),
	})
	return err
}

// startDeployment makes the group launch new instances with the new
// version, cuts the instances in service into batches and deploys the
// first. It calls the lower services: no lock may be held.
func (s *Service) startDeployment(ctx context.Context, e *environment) error {
	s.mu.Lock()
	d, o, template := e.deploy, e.opts, e.template
	s.mu.Unlock()
	data := autoscaling.LaunchTemplateData{}
	if e.worker {
		data.Worker = s.workerFor(e, s.servers(e, d.to))
	} else {
		data.Backend = s.servers(e, d.to)
	}
	before, err := s.groups.DescribeLaunchTemplates(ctx, &autoscaling.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{template}})
	if err != nil {
		return err
	}
	v, err := s.groups.CreateLaunchTemplateVersion(ctx, &autoscaling.CreateLaunchTemplateVersionInput{LaunchTemplateName: template, SourceVersion: fmt.Sprint(before.LaunchTemplates[0].DefaultVersionNumber), LaunchTemplateData: data})
	if err != nil {
		return err
	}
	if _, err := s.groups.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: template, DefaultVersion: fmt.Sprint(v.LaunchTemplateVersion.VersionNumber)}); err != nil {
		return err
	}
	ids, err := s.instancesInService(ctx, e)
	if err != nil {
		return err
	}
	size := len(ids)
	if d.rolling {
		size = batchSize(o, len(ids))
	}
	s.mu.Lock()
	d.fromTmpl = fmt.Sprint(before.LaunchTemplates[0].DefaultVersionNumber)
	d.batches = chunks(ids, size)
	group, b := e.group, e.front()
	s.mu.Unlock()
	if d.extra || d.temp != "" {
		// Capacity it adds is not for the triggers to take away.
		if _, err := s.groups.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: group, ScalingProcesses: []string{autoscaling.ProcessAlarmNotification}}); err != nil {
			return err
		}
		s.mu.Lock()
		d.suspended = true
		s.mu.Unlock()
	}
	switch {
	case d.temp != "" && policy(o) == DeployTrafficSplitting:
		if e.listener == "" || e.network {
			return fmt.Errorf("TrafficSplitting needs an Application Load Balancer")
		}
		return s.startSplit(ctx, e, d, ids)
	case d.temp != "":
		return s.startImmutable(ctx, e, d, ids)
	}
	if !d.extra {
		s.deployBatch(e)
		return nil
	}
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		return fmt.Errorf("the environment's Auto Scaling group %s is gone", group)
	}
	g := out.AutoScalingGroups[0]
	s.mu.Lock()
	d.desired, d.maxSize = g.DesiredCapacity, g.MaxSize
	s.mu.Unlock()
	want := g.DesiredCapacity + size
	if _, err := s.groups.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: group, MaxSize: autoscaling.Int(max(g.MaxSize, want)), DesiredCapacity: &want,
	}); err != nil {
		return err
	}
	gate := s.newGate(e)
	s.waitFor(e, d, "The additional batch did not pass health checks within the command timeout.", func() bool {
		n, _, ok := s.healthyInService(group, b)
		return ok && n >= want && gate.passed(group, b, nil)
	}, func() { s.deployBatch(e) })
	return nil
}

// batchSize is the size of a rolling deployment's batches of n
// instances: BatchSize instances (Fixed), or BatchSize percent of them
// rounded up (Percentage), at least one.
func batchSize(o settings, n int) int {
	size := o.int(NamespaceCommand, "BatchSize")
	if o.get(NamespaceCommand, "BatchSizeType") == BatchPercentage {
		size = (n*size + 99) / 100
	}
	return max(size, 1)
}

// startImmutable deploys to a temporary group: one instance of the new
// version, then as many as the environment has in service (old), all
// healthy; then they move into the environment's group (detached from
// the temporary one, attached to it, healthy again), the old instances
// terminate and the temporary group is deleted.
func (s *Service) startImmutable(ctx context.Context, e *environment, d *deployment, old []string) error {
	s.mu.Lock()
	group, b, template := e.group, e.front(), e.template
	s.mu.Unlock()
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: d.temp, LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: template},
		MinSize: 0, MaxSize: max(len(old), 1), DesiredCapacity: autoscaling.Int(1), AvailabilityZones: s.zones(),
	}
	switch {
	case b.targetGroup != "":
		in.TargetGroupARNs = []string{b.targetGroup}
	case b.classic != "":
		in.LoadBalancerNames = []string{b.classic}
	}
	if _, err := s.groups.CreateAutoScalingGroup(ctx, in); err != nil {
		return err
	}
	s.mu.Lock()
	s.eventLocked(e, SeverityInfo, "Created temporary Auto Scaling group named: "+d.temp)
	s.mu.Unlock()
	healthy := func(n int) func() bool {
		gate := s.newGate(e)
		return func() bool {
			got, _, ok := s.healthyInService(d.temp, b)
			return ok && got >= n && gate.passed(d.temp, b, nil)
		}
	}
	why := "The instances of the temporary Auto Scaling group did not pass health checks within the command timeout."
	s.waitFor(e, d, why, healthy(1), func() {
		s.groups.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: d.temp, DesiredCapacity: max(len(old), 1)})
		s.waitFor(e, d, why, healthy(max(len(old), 1)), func() { s.moveIn(e, d, group, b, old) })
	})
	return nil
}

// policy is the deployment policy of the options.
func policy(o settings) string { return o.get(NamespaceCommand, "DeploymentPolicy") }

// startSplit deploys by traffic splitting: a temporary group of as many
// new instances as the environment has in service (old), behind a target
// group of their own; once they are healthy the listener sends them
// NewVersionPercent of the requests for EvaluationTime; if they are still
// healthy then, all traffic goes back to the environment's target group
// and they move into its group as in an immutable deployment.
func (s *Service) startSplit(ctx context.Context, e *environment, d *deployment, old []string) error {
	split, err := s.createTargetGroup(ctx, e)
	if err != nil {
		return err
	}
	s.mu.Lock()
	d.split = split
	group, tg, template, listener, o := e.group, e.targetGroup, e.template, e.listener, e.opts
	s.mu.Unlock()
	n := max(len(old), 1)
	if _, err := s.groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: d.temp, LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: template},
		MinSize: 0, MaxSize: n, DesiredCapacity: &n, AvailabilityZones: s.zones(), TargetGroupARNs: []string{split},
	}); err != nil {
		return err
	}
	s.mu.Lock()
	s.eventLocked(e, SeverityInfo, "Created temporary Auto Scaling group named: "+d.temp)
	s.mu.Unlock()
	forward := func(newPercent int) {
		s.lbs.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: listener, DefaultActions: []elb.Action{{
			Type: elb.ActionForward, ForwardConfig: &elb.ForwardActionConfig{TargetGroups: []elb.TargetGroupTuple{
				{TargetGroupArn: tg, Weight: new(100 - newPercent)}, {TargetGroupArn: split, Weight: new(newPercent)},
			}},
		}}})
	}
	healthy := func() bool {
		got, _, ok := s.healthyInService(d.temp, balancer{targetGroup: split})
		return ok && got >= n
	}
	forward(0) // in the listener, weighed nothing: its targets are health checked
	gate := s.newGate(e)
	passed := func() bool { return healthy() && gate.passed(d.temp, balancer{targetGroup: split}, nil) }
	s.waitFor(e, d, "The new instances did not pass health checks within the command timeout.", passed, func() {
		percent := o.int(NamespaceTrafficSplitting, "NewVersionPercent")
		forward(percent)
		s.mu.Lock()
		s.eventLocked(e, SeverityInfo, fmt.Sprintf("Sending %d%% of the traffic to the new instances for evaluation.", percent))
		s.mu.Unlock()
		s.sched.ScheduleAt(s.sched.Now().Add(time.Duration(o.int(NamespaceTrafficSplitting, "EvaluationTime"))*time.Minute), func() {
			if !s.deploying(e, d) {
				return
			}
			forward(0)
			if !healthy() {
				s.failDeployment(e, "The new instances failed their health checks during the traffic splitting evaluation.")
				return
			}
			s.moveIn(e, d, group, balancer{targetGroup: tg}, old)
		})
	})
	return nil
}

// moveIn moves the instances of an immutable deployment's temporary
// group into the environment's group and terminates the old ones once
// the new are healthy there.
func (s *Service) moveIn(e *environment, d *deployment, group string, b balancer, old []string) {
	ctx := context.Background()
	var fresh []string
	if out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{d.temp, group}}); err == nil {
		for _, g := range out.AutoScalingGroups {
			if g.AutoScalingGroupName == d.temp {
				for _, i := range g.Instances {
					fresh = append(fresh, i.InstanceId)
				}
			}
		}
		for _, g := range out.AutoScalingGroups { // room for them all, whichever group came first
			if g.AutoScalingGroupName == group {
				s.mu.Lock()
				d.desired, d.maxSize = g.DesiredCapacity, g.MaxSize
				s.mu.Unlock()
				s.groups.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: group, MaxSize: autoscaling.Int(g.MaxSize + len(fresh))})
			}
		}
	}
	for _, ids := range chunks(fresh, autoscaling.MaxMovedInstances) {
		s.groups.DetachInstances(ctx, &autoscaling.DetachInstancesInput{AutoScalingGroupName: d.temp, InstanceIds: ids, ShouldDecrementDesiredCapacity: true})
	}
	detached := func() bool {
		out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{d.temp}})
		return err == nil && len(out.AutoScalingGroups) == 1 && len(out.AutoScalingGroups[0].Instances) == 0
	}
	s.waitFor(e, d, "The new instances could not be detached from the temporary Auto Scaling group.", detached, func() {
		for _, ids := range chunks(fresh, autoscaling.MaxMovedInstances) {
			s.groups.AttachInstances(ctx, &autoscaling.AttachInstancesInput{AutoScalingGroupName: group, InstanceIds: ids})
		}
		gate := s.newGate(e)
		inService := func() bool {
			if !b.none() {
				return s.allHealthy(b, fresh) && gate.passed(group, b, fresh)
			}
			n, _, ok := s.healthyInService(group, b)
			return ok && n >= len(old)+len(fresh) && gate.passed(group, b, fresh)
		}
		s.waitFor(e, d, "The new instances did not pass health checks in the environment's group within the command timeout.", inService, func() {
			for _, id := range old {
				s.groups.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: id, ShouldDecrementDesiredCapacity: true})
			}
			s.mu.Lock()
			d.next = len(d.batches) // every instance is of the new version
			s.mu.Unlock()
			s.deployBatch(e)
		})
	})
}

// chunks cuts ids into slices of at most n.
func chunks(ids []string, n int) [][]string {
	var out [][]string
	for k := 0; k < len(ids); k += n {
		out = append(out, ids[k:min(k+n, len(ids))])
	}
	return out
}

// restoreGroup undoes what a deployment did to the environment's group,
// once it ends: the scaling it suspended resumes, a temporary group (and
// a traffic split) goes, and a RollingWithAdditionalBatch deployment's
// group gets its desired capacity and MaxSize again, terminating as many
// instances as it launched.
func (s *Service) restoreGroup(e *environment, d *deployment) {
	s.mu.Lock()
	group := e.group
	s.mu.Unlock()
	if d == nil {
		return
	}
	ctx := context.Background()
	if d.suspended {
		s.groups.ResumeProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: group, ScalingProcesses: []string{autoscaling.ProcessAlarmNotification}})
	}
	if d.temp != "" {
		s.groups.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: d.temp, ForceDelete: true})
		if d.split != "" {
			s.mu.Lock()
			listener, tg := e.listener, e.targetGroup
			s.mu.Unlock()
			s.lbs.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: listener, DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: tg}}})
			s.lbs.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: d.split})
		}
		if d.maxSize > 0 { // the old instances terminated: MaxSize only goes back
			s.groups.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: group, MaxSize: &d.maxSize})
		}
		return
	}
	if !d.extra || d.maxSize == 0 {
		return
	}
	s.groups.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: group, DesiredCapacity: &d.desired, MaxSize: &d.maxSize,
	})
}

// instancesInService lists the IDs of the environment's instances in
// service. It calls Auto Scaling: no lock may be held.
func (s *Service) instancesInService(ctx context.Context, e *environment) ([]string, error) {
	s.mu.Lock()
	group := e.group
	s.mu.Unlock()
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		return nil, fmt.Errorf("the environment's Auto Scaling group %s is gone", group)
	}
	var ids []string
	for _, i := range out.AutoScalingGroups[0].Instances {
		if i.LifecycleState == autoscaling.StateInService {
			ids = append(ids, i.InstanceId)
		}
	}
	return ids, nil
}

// deployBatch deploys the next batch: on a rolling deployment of a
// web-server environment its instances leave the target group first and
// drain; each instance's server is down for DeployTime, then runs the
// new version; a rolling batch goes back in the target group and must be
// healthy within the command's Timeout. After the last batch the
// deployment is done.
func (s *Service) deployBatch(e *environment) {
	s.mu.Lock()
	d := e.deploy
	if d.next >= len(d.batches) {
		s.mu.Unlock()
		s.finishDeployment(e)
		return
	}
	batch, rolling, b, group := d.batches[d.next], d.rolling, e.front(), e.group
	d.reached = true
	rolling = rolling && !b.none() // a worker environment's batches have no load balancer to leave
	drain := time.Duration(0)
	if rolling {
		drain = e.opts.seconds(NamespaceProcess, "DeregistrationDelay")
	}
	what := "Deploying new version to instance(s): %s."
	if d.restart {
		what = "Restarting the application server on instance(s): %s."
	}
	s.eventLocked(e, SeverityInfo, fmt.Sprintf(what, strings.Join(batch, ", ")))
	now := s.sched.Now()
	s.mu.Unlock()

	if rolling {
		s.deregister(b, batch)
	}
	s.sched.ScheduleAt(now.Add(drain), func() {
		if !s.deploying(e, d) {
			return
		}
		for _, id := range batch {
			s.setServer(e, id, elb.Backend{}) // the platform restarts the application
		}
		s.sched.ScheduleAt(s.sched.Now().Add(DeployTime), func() {
			if !s.deploying(e, d) {
				return
			}
			for _, id := range batch {
				s.setServer(e, id, s.serverOf(e, d.to, id))
			}
			why := fmt.Sprintf("Instances %s did not pass health checks within the command timeout.", strings.Join(batch, ", "))
			gate := s.newGate(e)
			if !rolling {
				if !d.rolling || gate == nil { // no load balancer, no enhanced health: no gate
					s.batchDone(e)
					return
				}
				s.waitFor(e, d, why, func() bool { return gate.passed(group, b, batch) }, func() { s.batchDone(e) })
				return
			}
			s.register(b, batch)
			s.waitFor(e, d, why, func() bool { return s.allHealthy(b, batch) && gate.passed(group, b, batch) }, func() { s.batchDone(e) })
		})
	})
}

// deploying reports whether d is still the environment's deployment (or
// the rollback of an abort): not ended, and the environment not
// terminating.
func (s *Service) deploying(e *environment, d *deployment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return e.deploy == d && (e.desc.Status == StatusUpdating || e.desc.Status == StatusAborting)
}

// serverOf is the server version v runs on an instance, with the
// instance type's vCPUs as its Workers unless it says.
func (s *Service) serverOf(e *environment, v *version, id string) elb.Backend {
	b := s.servers(e, v)(id)
	if b.Workers == 0 {
		b.Workers = s.vcpus(e)
	}
	return b
}

// setServer replaces the server of an instance: the load balancer's
// backend on the web-server tier, the daemon's on the worker tier. A
// Backend with no Handler stands for a server that does not listen.
func (s *Service) setServer(e *environment, id string, b elb.Backend) {
	if !e.worker {
		if b.Handler == nil {
			s.lbs.RemoveBackend(id)
		} else {
			s.lbs.SetBackend(id, b)
		}
		return
	}
	s.mu.Lock()
	dm := e.daemons[id]
	s.mu.Unlock()
	if dm != nil {
		dm.setApp(b)
	}
}

// waitFor looks whether cond holds every HealthCheckPace, from now until
// the command's Timeout (a configuration update's: the rolling update's
// Timeout), and then runs then; past the Timeout the
// deployment fails for why, unless IgnoreHealthCheck: then it goes on.
// It stops when the deployment ends otherwise. cond and then run with
// no lock held.
func (s *Service) waitFor(e *environment, d *deployment, why string, cond func() bool, then func()) {
	s.mu.Lock()
	timeout := e.opts.seconds(NamespaceCommand, "Timeout")
	if d.config != nil { // a configuration update's batches have the rolling update's Timeout
		timeout, _ = isoDuration(e.opts.get(NamespaceRollingUpdate, "Timeout"))
	}
	deadline := s.sched.Now().Add(timeout)
	ignore := e.opts.get(NamespaceCommand, "IgnoreHealthCheck") == "true"
	s.mu.Unlock()
	var look func()
	look = func() {
		switch now := s.sched.Now(); {
		case !s.deploying(e, d):
		case cond():
			then()
		case !now.Before(deadline) && ignore:
			s.mu.Lock()
			s.eventLocked(e, SeverityWarn, why+" Going on: IgnoreHealthCheck is set.")
			s.mu.Unlock()
			then()
		case !now.Before(deadline):
			s.failDeployment(e, why)
		default:
			s.sched.ScheduleAt(now.Add(HealthCheckPace), look)
		}
	}
	look()
}

// batchDone moves a deployment on to its next batch.
func (s *Service) batchDone(e *environment) {
	s.mu.Lock()
	e.deploy.next++
	s.mu.Unlock()
	s.deployBatch(e)
}

// finishDeployment ends a deployment that reached every batch.
func (s *Service) finishDeployment(e *environment) {
	s.mu.Lock()
	d := e.deploy
	s.mu.Unlock()
	s.restoreGroup(e, d)
	s.mu.Lock()
	defer s.mu.Unlock()
	e.version, e.desc.VersionLabel = d.to, d.to.desc.VersionLabel
	e.deploy, e.watch.wrongVersion = nil, ""
	e.desc.Status, e.desc.DateUpdated = StatusReady, s.sched.Now()
	if !d.restart {
		s.rescheduleTasksLocked(e) // the version's cron.yaml
	}
	switch {
	case d.abort:
		s.eventLocked(e, SeverityInfo, "Environment update was aborted.")
		return
	case d.restart:
		s.eventLocked(e, SeverityInfo, "restartAppServer completed successfully.")
		return
	case d.rollback:
		s.eventLocked(e, SeverityError, "The configuration update failed; the environment is back on its previous configuration.")
		return
	case d.config != nil:
		s.eventLocked(e, SeverityInfo, "Environment update completed successfully.")
		return
	}
	s.eventLocked(e, SeverityInfo, "New application version was deployed to running EC2 instances.")
	s.eventLocked(e, SeverityInfo, "Environment update completed successfully.")
}

// failDeployment ends a deployment that failed: the batches deployed
// keep the new version, the others the old one, new instances launch
// with the old one, and the environment is Ready, with Health Red if a
// batch was deployed.
func (s *Service) failDeployment(e *environment, why string) {
	s.mu.Lock()
	d := e.deploy
	s.mu.Unlock()
	s.restoreGroup(e, d)
	if s.rollBack(e, why) {
		return
	}
	s.mu.Lock()
	template, from := e.template, e.deploy.fromTmpl
	s.mu.Unlock()
	if from != "" {
		s.groups.ModifyLaunchTemplate(context.Background(), &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: template, DefaultVersion: from})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := e.deploy; d.temp == "" && !d.restart && d.reached {
		// Batches that were deployed run a version the environment does
		// not: health is Red (basic) or Degraded (enhanced) until a
		// deployment succeeds. A temporary group's failure leaves the
		// environment's instances as they were, and their health.
		e.watch.wrongVersion = d.from.desc.VersionLabel
		e.desc.Health = HealthRed
	}
	rollback := e.deploy.rollback
	e.deploy = nil
	e.desc.Status, e.desc.DateUpdated = StatusReady, s.sched.Now()
	s.eventLocked(e, SeverityError, why)
	if rollback { // some instances have the new configuration, some the old
		e.desc.Health = HealthRed
		s.eventLocked(e, SeverityError, "The rollback of the configuration update failed.")
		return
	}
	s.eventLocked(e, SeverityError, "Failed to deploy application.")
}

// rollBack starts the rollback of a configuration update that failed,
// as the developer guide says Elastic Beanstalk does: the configuration
// before it comes back, and another rolling update (by Time or Health,
// as the update was) replaces the instances the update launched; with
// Immutable, deleting the temporary group was the rollback. It reports
// false for a deployment, or a rollback that failed itself, which end as
// failDeployment says.
func (s *Service) rollBack(e *environment, why string) bool {
	s.mu.Lock()
	d := e.deploy
	if d == nil || d.config == nil || d.rollback {
		s.mu.Unlock()
		return false
	}
	e.given, e.opts = d.config.given, d.config.opts
	template, from, immutable := e.template, d.fromTmpl, d.temp != ""
	abort := e.desc.Status == StatusAborting
	if !abort {
		s.eventLocked(e, SeverityError, why)
	}
	s.eventLocked(e, SeverityInfo, "Rolling back the configuration update.")
	back := &deployment{to: e.version, from: e.version, config: d.config, rollback: true, abort: abort, toTmpl: from}
	e.deploy = back
	s.mu.Unlock()
	if from != "" {
		s.groups.ModifyLaunchTemplate(context.Background(), &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: template, DefaultVersion: from})
	}
	if immutable {
		s.finishDeployment(e)
		return true
	}
	s.rollInstances(context.Background(), e, back)
	return true
}

// RestartAppServerInput is the input of [Service.RestartAppServer]:
// EnvironmentId or EnvironmentName.
type RestartAppServerInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// RestartAppServerOutput is the output of [Service.RestartAppServer].
type RestartAppServerOutput struct{}

// RestartAppServer restarts the server on every instance of a Ready
// environment: each is down for [DeployTime] and then runs a fresh
// server of the version (the factory is called again, so what the old
// one kept in memory is gone). No instance is replaced. With a
// DeploymentPolicy that deploys in batches (Rolling,
// RollingWithAdditionalBatch), the restart rolls, as the developer
// guide's rolling restarts do: batches of BatchSize leave the load
// balancer, restart, and must be healthy in it again within the command
// Timeout before the next, so that the environment never stops serving;
// otherwise every instance restarts at once.
//
// Errors: ErrInvalidParameterValue (no such environment, one that is not
// Ready), ErrMissingParameter.
func (s *Service) RestartAppServer(ctx context.Context, in *RestartAppServerInput) (*RestartAppServerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e, err := s.lookupReadyLocked(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	e.desc.Status, e.desc.DateUpdated = StatusUpdating, s.sched.Now()
	e.deploy = &deployment{to: e.version, from: e.version, restart: true}
	s.eventLocked(e, SeverityInfo, "restartAppServer is starting.")
	s.mu.Unlock()

	ids, err := s.instancesInService(ctx, e)
	if err != nil {
		s.failDeployment(e, err.Error())
		return &RestartAppServerOutput{}, nil
	}
	s.mu.Lock()
	d := e.deploy
	if p := policy(e.opts); (p == DeployRolling || p == DeployRollingWithAdditionalBatch) && len(ids) > 0 {
		d.rolling, d.batches = true, chunks(ids, batchSize(e.opts, len(ids)))
	} else {
		d.batches = [][]string{ids}
	}
	s.mu.Unlock()
	s.deployBatch(e)
	return &RestartAppServerOutput{}, nil
}

// StatusAborting is the status of an environment whose update
// [Service.AbortEnvironmentUpdate] is rolling back.
const StatusAborting = "Aborting"

// AbortEnvironmentUpdateInput is the input of
// [Service.AbortEnvironmentUpdate]: EnvironmentId or EnvironmentName.
type AbortEnvironmentUpdateInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// AbortEnvironmentUpdateOutput is the output of
// [Service.AbortEnvironmentUpdate].
type AbortEnvironmentUpdateOutput struct{}

// AbortEnvironmentUpdate cancels the deployment or configuration update
// in progress and rolls it back; the environment is Aborting until the
// rollback ends, then Ready. A deployment's new instances launch with
// the old version at once; the instances it reached are deployed the
// old version again (down for DeployTime, and, for a rolling batch,
// back in the target group and healthy), and a temporary group is
// deleted, its instances terminated. A configuration update rolls back
// as one that failed does: its previous options, and a rolling update
// replacing the instances it launched.
//
// Errors: ErrInvalidParameterValue (no such environment, or one with no
// update in progress), ErrMissingParameter.
func (s *Service) AbortEnvironmentUpdate(ctx context.Context, in *AbortEnvironmentUpdateInput) (*AbortEnvironmentUpdateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e, err := s.lookupEnvLocked(in.EnvironmentId, in.EnvironmentName)
	if err == nil && (e.desc.Status != StatusUpdating || e.deploy == nil) {
		err = ErrInvalidParameterValue.With("Environment %s has no update in progress to abort.", e.desc.EnvironmentName)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	d := e.deploy
	e.desc.Status, e.desc.DateUpdated = StatusAborting, s.sched.Now()
	s.eventLocked(e, SeverityInfo, "Aborting the environment update.")
	if d.config != nil {
		s.mu.Unlock()
		s.restoreGroup(e, d)
		s.rollBack(e, "")
		return &AbortEnvironmentUpdateOutput{}, nil
	}
	var reached []string
	if d.reached {
		for _, batch := range d.batches[:min(d.next+1, len(d.batches))] {
			reached = append(reached, batch...)
		}
	}
	back := &deployment{to: d.from, from: d.from, rolling: d.rolling && len(reached) > 0, abort: true, batches: [][]string{reached}}
	e.deploy = back
	template, temp := e.template, d.temp
	s.mu.Unlock()

	s.restoreGroup(e, d)
	if d.fromTmpl != "" {
		s.groups.ModifyLaunchTemplate(ctx, &autoscaling.ModifyLaunchTemplateInput{LaunchTemplateName: template, DefaultVersion: d.fromTmpl})
	}
	gone := func() bool {
		if temp == "" {
			return true
		}
		out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{temp}})
		return err == nil && len(out.AutoScalingGroups) == 0
	}
	s.waitFor(e, back, "The temporary Auto Scaling group "+temp+" was not deleted within the command timeout.", gone, func() {
		if len(reached) == 0 {
			s.finishDeployment(e)
			return
		}
		s.deployBatch(e)
	})
	return &AbortEnvironmentUpdateOutput{}, nil
}
