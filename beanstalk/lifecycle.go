package beanstalk

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sqs"
)

// lookupEnvLocked returns the environment, not terminated, of the ID or
// name given (the ID first), or AWS's error. s.mu must be held.
func (s *Service) lookupEnvLocked(id, name string) (*environment, error) {
	if id == "" && name == "" {
		return nil, ErrMissingParameter.With("EnvironmentId or EnvironmentName is required.")
	}
	for _, e := range s.envs {
		if e.desc.Status == StatusTerminated {
			continue
		}
		if (id != "" && e.desc.EnvironmentId == id) || (id == "" && e.desc.EnvironmentName == name) {
			return e, nil
		}
	}
	if id != "" {
		return nil, ErrInvalidParameterValue.With("No Environment found for EnvironmentId = '%s'.", id)
	}
	return nil, ErrInvalidParameterValue.With("No Environment found for EnvironmentName = '%s'.", name)
}

// lookupReadyLocked returns the Ready environment of the ID or name given,
// or AWS's error. s.mu must be held.
func (s *Service) lookupReadyLocked(id, name string) (*environment, error) {
	e, err := s.lookupEnvLocked(id, name)
	if err == nil && e.desc.Status != StatusReady {
		err = notReady(e)
	}
	return e, err
}

// notReady is the error of an operation on an environment that is not
// Ready.
func notReady(e *environment) error {
	return ErrInvalidParameterValue.With("Environment named %s is in an invalid state for this operation. Must be Ready.", e.desc.EnvironmentName)
}

// DescribeEnvironmentsInput is the input of
// [Service.DescribeEnvironments]. Every filter that is set must match.
type DescribeEnvironmentsInput struct {
	ApplicationName  string
	VersionLabel     string
	EnvironmentIds   []string
	EnvironmentNames []string
	// IncludeDeleted, true unless set, includes terminated environments.
	IncludeDeleted *bool
}

// DescribeEnvironmentsOutput is the output of
// [Service.DescribeEnvironments].
type DescribeEnvironmentsOutput struct {
	Environments []EnvironmentDescription
}

// DescribeEnvironments describes environments, in creation order.
func (s *Service) DescribeEnvironments(ctx context.Context, in *DescribeEnvironmentsInput) (*DescribeEnvironmentsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	deleted := in.IncludeDeleted == nil || *in.IncludeDeleted
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeEnvironmentsOutput{}
	for _, e := range s.envs {
		d := e.described()
		switch {
		case in.ApplicationName != "" && d.ApplicationName != in.ApplicationName:
		case in.VersionLabel != "" && d.VersionLabel != in.VersionLabel:
		case len(in.EnvironmentIds) > 0 && !slices.Contains(in.EnvironmentIds, d.EnvironmentId):
		case len(in.EnvironmentNames) > 0 && !slices.Contains(in.EnvironmentNames, d.EnvironmentName):
		case !deleted && d.Status == StatusTerminated:
		default:
			out.Environments = append(out.Environments, d)
		}
	}
	return out, nil
}

// TerminateEnvironmentInput is the input of
// [Service.TerminateEnvironment]: EnvironmentId or EnvironmentName.
type TerminateEnvironmentInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// TerminateEnvironmentOutput is the output of
// [Service.TerminateEnvironment]: the environment as it begins to
// terminate.
type TerminateEnvironmentOutput struct {
	EnvironmentDescription
}

// TerminateEnvironment terminates an environment: it deletes what the
// environment created (its alarms, load balancer and target group,
// queues, launch template and group) and is Terminating until the
// group's instances have terminated, then Terminated.
//
// Errors: ErrInvalidParameterValue (no such environment, or one already
// terminating), ErrMissingParameter.
func (s *Service) TerminateEnvironment(ctx context.Context, in *TerminateEnvironmentInput) (*TerminateEnvironmentOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e, err := s.lookupEnvLocked(in.EnvironmentId, in.EnvironmentName)
	if err == nil && e.desc.Status == StatusTerminating {
		err = notReady(e)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	e.desc.Status, e.desc.DateUpdated = StatusTerminating, s.sched.Now()
	e.check.Cancel()
	s.eventLocked(e, SeverityInfo, "terminateEnvironment is starting.")
	s.mu.Unlock()

	s.removeResources(e)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.armGoneCheckLocked(e, func() { s.terminated(e) })
	return &TerminateEnvironmentOutput{EnvironmentDescription: e.desc}, nil
}

// removeResources deletes what an environment created in the lower
// services, with no lock held, recording an event for each. What does
// not exist (a launch that failed half way) is passed over.
func (s *Service) removeResources(e *environment) {
	ctx := context.Background()
	s.mu.Lock()
	for _, t := range e.tasks {
		t.timer.Cancel()
	}
	r := *e // the names, read under the lock
	s.mu.Unlock()
	deleted := func(what, name string) {
		s.mu.Lock()
		s.eventLocked(e, SeverityInfo, "Deleted "+what+" named: "+name)
		s.mu.Unlock()
	}
	if alarms := slices.DeleteFunc([]string{r.alarmHigh, r.alarmLow}, func(n string) bool { return n == "" }); len(alarms) > 0 {
		if _, err := s.cw.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: alarms}); err == nil {
			for _, a := range alarms {
				deleted("CloudWatch alarm", a)
			}
		}
	}
	if _, err := s.groups.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: r.group, ForceDelete: true}); err == nil {
		deleted("Auto Scaling group", r.group)
	}
	if _, err := s.groups.DeleteLaunchTemplate(ctx, &autoscaling.DeleteLaunchTemplateInput{LaunchTemplateName: r.template}); err == nil {
		deleted("Auto Scaling launch template", r.template)
	}
	switch {
	case r.classic && r.loadBalancer != "":
		if _, err := s.lbs.Classic().DeleteLoadBalancer(ctx, &elb.ClassicDeleteLoadBalancerInput{LoadBalancerName: r.loadBalancer}); err == nil {
			deleted("load balancer", r.loadBalancer)
		}
	case r.loadBalancer != "":
		if _, err := s.lbs.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: r.loadBalancer}); err == nil {
			deleted("load balancer", r.loadBalancer)
		}
	}
	if r.address != "" {
		s.mu.Lock()
		s.eventLocked(e, SeverityInfo, "Deleted EIP: "+r.address)
		s.mu.Unlock()
	}
	if r.targetGroup != "" {
		if _, err := s.lbs.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: r.targetGroup}); err == nil {
			deleted("target group", r.targetGroup)
		}
	}
	if r.deadLetterURL != "" { // the queues are the environment's own
		for _, url := range []string{r.queueURL, r.deadLetterURL} {
			if _, err := s.queues.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url}); err == nil {
				deleted("SQS queue", url)
			}
		}
	}
}

// armGoneCheckLocked schedules the next look at whether the group an
// environment is removing has gone, with its instances; then gone runs,
// with no lock held. s.mu must be held.
func (s *Service) armGoneCheckLocked(e *environment, gone func()) {
	group := e.group
	e.check = s.sched.ScheduleAt(s.sched.Now().Add(ReadinessInterval), func() {
		out, err := s.groups.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
		if err != nil || len(out.AutoScalingGroups) > 0 {
			s.mu.Lock()
			s.armGoneCheckLocked(e, gone)
			s.mu.Unlock()
			return
		}
		gone()
	})
}

// terminated marks an environment whose resources are gone Terminated.
func (s *Service) terminated(e *environment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.desc.Status, e.desc.Health, e.desc.DateUpdated = StatusTerminated, HealthGrey, s.sched.Now()
	s.retireNotificationTopicLocked(e, "terminateEnvironment completed successfully.")
}

// RebuildEnvironmentInput is the input of [Service.RebuildEnvironment]:
// EnvironmentId or EnvironmentName.
type RebuildEnvironmentInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// RebuildEnvironmentOutput is the output of [Service.RebuildEnvironment].
type RebuildEnvironmentOutput struct{}

// MaxRebuildAge is how long after its termination an environment can be
// rebuilt: six weeks (42 days).
const MaxRebuildAge = 42 * 24 * time.Hour

// RebuildEnvironment deletes everything a Ready environment created and
// creates it again with the same configuration and version: new
// resources with new names, the environment's name, ID and CNAME kept.
// It is Launching, Grey, from the call until the new group's instances
// are in service, as at its creation.
//
// An environment terminated less than [MaxRebuildAge] ago is rebuilt
// too, by its ID or, when no environment that is not terminated has it,
// its name (the last terminated of that name): it comes back with its
// name, ID, CNAME, configuration, tags and version, Launching, if its
// name and CNAME are free, its version exists and the quota allows.
//
// Errors: ErrInvalidParameterValue (no such environment, one not Ready,
// one terminated too long ago, a name, CNAME or version that is no
// longer there to take), ErrMissingParameter, ErrTooManyEnvironments.
func (s *Service) RebuildEnvironment(ctx context.Context, in *RebuildEnvironmentInput) (*RebuildEnvironmentOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e, err := s.lookupEnvLocked(in.EnvironmentId, in.EnvironmentName)
	switch {
	case err != nil:
		if gone := s.terminatedEnvLocked(in.EnvironmentId, in.EnvironmentName); gone != nil {
			return s.restore(gone)
		}
	case e.desc.Status != StatusReady:
		err = notReady(e)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	e.desc.Status, e.desc.Health, e.desc.DateUpdated = StatusLaunching, HealthGrey, s.sched.Now()
	e.check.Cancel()
	s.eventLocked(e, SeverityInfo, "rebuildEnvironment is starting.")
	s.mu.Unlock()

	s.removeResources(e)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.armGoneCheckLocked(e, func() {
		if err := s.relaunch(e); err != nil {
			s.mu.Lock()
			defer s.mu.Unlock()
			e.desc.Status, e.desc.Health = StatusReady, HealthRed
			s.eventLocked(e, SeverityError, "Failed to rebuild environment: "+err.Error())
		}
	})
	return &RebuildEnvironmentOutput{}, nil
}

// terminatedEnvLocked returns the terminated environment of the ID, or
// of the name when no ID is given, the last terminated; nil for none.
// s.mu must be held.
func (s *Service) terminatedEnvLocked(id, name string) *environment {
	for k := len(s.envs) - 1; k >= 0; k-- {
		e := s.envs[k]
		if e.desc.Status == StatusTerminated && ((id != "" && e.desc.EnvironmentId == id) || (id == "" && e.desc.EnvironmentName == name)) {
			return e
		}
	}
	return nil
}

// restore rebuilds a terminated environment, with s.mu held, which it
// releases: it checks that the environment may come back and launches it
// again.
func (s *Service) restore(e *environment) (*RebuildEnvironmentOutput, error) {
	now := s.sched.Now()
	running := 0
	var err error
	for _, x := range s.envs {
		if x.desc.Status == StatusTerminated {
			continue
		}
		running++
		switch {
		case x.desc.EnvironmentName == e.desc.EnvironmentName:
			err = ErrInvalidParameterValue.With("Environment %s already exists: the terminated environment %s cannot take its name again.", x.desc.EnvironmentName, e.desc.EnvironmentId)
		case e.desc.CNAME != "" && x.desc.CNAME == e.desc.CNAME:
			err = ErrInvalidParameterValue.With("DNS name (%s) is not available.", e.desc.CNAME)
		}
	}
	switch {
	case err != nil:
	case now.Sub(e.desc.DateUpdated) > MaxRebuildAge:
		err = ErrInvalidParameterValue.With("Environment %s was terminated more than six weeks ago: it can no longer be rebuilt.", e.desc.EnvironmentId)
	case !slices.Contains(s.apps, e.app) || e.app.version(e.version.desc.VersionLabel) != e.version:
		err = ErrInvalidParameterValue.With("No Application Version named '%s' found.", e.version.desc.VersionLabel)
	case running >= MaxEnvironments:
		err = ErrTooManyEnvironments.With("You have reached your quota of %d environments.", MaxEnvironments)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	e.desc.Status, e.desc.Health, e.desc.DateUpdated = StatusLaunching, HealthGrey, now
	s.eventLocked(e, SeverityInfo, "rebuildEnvironment is starting.")
	s.mu.Unlock()
	if err := s.relaunch(e); err != nil { // it stays terminated
		s.abandonLaunch(e, "Failed to rebuild environment: "+err.Error())
		return nil, err
	}
	return &RebuildEnvironmentOutput{}, nil
}

// abandonLaunch ends a launch that failed with the error event
// message: what it created is deleted and the environment is
// Terminated. It calls the lower services: no lock may be held.
func (s *Service) abandonLaunch(e *environment, message string) {
	s.mu.Lock()
	s.eventLocked(e, SeverityError, message)
	s.mu.Unlock()
	s.removeResources(e)
	s.mu.Lock()
	defer s.mu.Unlock()
	e.desc.Status = StatusTerminated
	s.retireNotificationTopicLocked(e)
}

// relaunch creates an environment's resources again, with new names,
// and looks for it to be Ready; it reports a launch that fails, for the
// caller to leave the environment as it must. It calls the lower
// services: no lock may be held.
func (s *Service) relaunch(e *environment) error {
	s.mu.Lock()
	s.nameResourcesLocked(e)
	e.launched = s.sched.Now()
	s.mu.Unlock()
	if err := s.launch(e); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armCheckLocked(e)
	return nil
}

// EnvironmentResources names what an environment created in the lower
// services, in the shapes of AWS's EnvironmentResourceDescription.
type EnvironmentResources struct {
	EnvironmentName   string
	AutoScalingGroups []AutoScalingGroup
	Instances         []Instance // the group's instances now
	LaunchTemplates   []LaunchTemplate
	LoadBalancers     []LoadBalancer
	Triggers          []Trigger // its CloudWatch alarms
	// Queues are the worker queue and, when the environment made it,
	// its dead-letter queue, in that order.
	Queues []Queue
}

// AutoScalingGroup names an environment's Auto Scaling group.
type AutoScalingGroup struct{ Name string }

// Instance names an instance of an environment.
type Instance struct{ Id string }

// LaunchTemplate names an environment's launch template by ID.
type LaunchTemplate struct{ Id string }

// LoadBalancer names an environment's load balancer: for an Application
// Load Balancer, its ARN.
type LoadBalancer struct{ Name string }

// Trigger names one of an environment's scaling triggers.
type Trigger struct{ Name string }

// Queue is a queue of a worker environment: its name and URL.
type Queue struct{ Name, URL string }

// DescribeEnvironmentResourcesInput is the input of
// [Service.DescribeEnvironmentResources]: EnvironmentId or
// EnvironmentName.
type DescribeEnvironmentResourcesInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// DescribeEnvironmentResourcesOutput is the output of
// [Service.DescribeEnvironmentResources].
type DescribeEnvironmentResourcesOutput struct {
	EnvironmentResources EnvironmentResources
}

// DescribeEnvironmentResources names an environment's resources, with
// the instances its group has now.
//
// Errors: ErrInvalidParameterValue (no such environment),
// ErrMissingParameter.
func (s *Service) DescribeEnvironmentResources(ctx context.Context, in *DescribeEnvironmentResourcesInput) (*DescribeEnvironmentResourcesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e, err := s.lookupEnvLocked(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	r := EnvironmentResources{EnvironmentName: e.desc.EnvironmentName, AutoScalingGroups: []AutoScalingGroup{{Name: e.group}}}
	if e.alarmHigh != "" { // a single-instance environment has none
		r.Triggers = []Trigger{{Name: e.alarmHigh}, {Name: e.alarmLow}}
	}
	if e.loadBalancer != "" {
		r.LoadBalancers = []LoadBalancer{{Name: e.loadBalancer}}
	}
	if e.queueURL != "" {
		r.Queues = []Queue{{Name: e.queueName, URL: e.queueURL}}
		if e.deadLetterURL != "" {
			r.Queues = append(r.Queues, Queue{Name: e.deadLetterName, URL: e.deadLetterURL})
		}
	}
	group, template := e.group, e.template
	s.mu.Unlock()
	if lt, err := s.groups.DescribeLaunchTemplates(ctx, &autoscaling.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{template}}); err == nil {
		r.LaunchTemplates = []LaunchTemplate{{Id: lt.LaunchTemplates[0].LaunchTemplateId}}
	}
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err == nil && len(out.AutoScalingGroups) > 0 {
		for _, i := range out.AutoScalingGroups[0].Instances {
			r.Instances = append(r.Instances, Instance{Id: i.InstanceId})
		}
	}
	return &DescribeEnvironmentResourcesOutput{EnvironmentResources: r}, nil
}

// CheckDNSAvailabilityInput is the input of
// [Service.CheckDNSAvailability].
type CheckDNSAvailabilityInput struct {
	CNAMEPrefix string // Required: 4 to 63 letters, digits and hyphens.
}

// CheckDNSAvailabilityOutput is the output of
// [Service.CheckDNSAvailability].
type CheckDNSAvailabilityOutput struct {
	Available           bool
	FullyQualifiedCNAME string
}

// CheckDNSAvailability reports whether a CNAME prefix is free: no
// environment that is not terminated has the CNAME it gives.
//
// Errors: ErrInvalidParameterValue (a malformed prefix).
func (s *Service) CheckDNSAvailability(ctx context.Context, in *CheckDNSAvailabilityInput) (*CheckDNSAvailabilityOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if !cnamePrefix.MatchString(in.CNAMEPrefix) {
		return nil, ErrInvalidParameterValue.With("Value %s at 'CNAMEPrefix' failed to satisfy constraint: 4 to 63 letters, digits and hyphens.", in.CNAMEPrefix)
	}
	cname := in.CNAMEPrefix + "." + s.region + ".elasticbeanstalk.com"
	s.mu.Lock()
	defer s.mu.Unlock()
	return &CheckDNSAvailabilityOutput{Available: !s.cnameTakenLocked(cname), FullyQualifiedCNAME: cname}, nil
}

// Handler returns what answers requests to a web-server environment's
// CNAME: its load balancer's listener on port 80, or, for a
// single-instance environment, the instance that holds its Elastic IP
// address (see the package documentation, Environments). It is not an AWS
// operation: it stands for DNS and the network between a client and the
// environment. The CNAME is looked up again for every request, as DNS
// with no caching would: after SwapEnvironmentCNAMEs a handler kept from
// before reaches the other environment, and once no environment has the
// CNAME it answers 503.
//
// Errors: ErrInvalidParameterValue when no web-server environment that
// is not terminated has the CNAME now.
func (s *Service) Handler(cname string) (http.Handler, error) {
	if s.resolve(cname) == nil {
		return nil, ErrInvalidParameterValue.With("No web-server environment has the CNAME %s.", cname)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := s.resolve(cname)
		if h == nil {
			http.Error(w, "no environment has the name "+cname, http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}), nil
}

// resolve returns the load balancer's handler of the web-server
// environment with the CNAME, or nil.
func (s *Service) resolve(cname string) http.Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.envs {
		if e.desc.Status != StatusTerminated && e.desc.CNAME == cname && e.handler != nil {
			return e.handler
		}
	}
	return nil
}

// SwapEnvironmentCNAMEsInput is the input of
// [Service.SwapEnvironmentCNAMEs]: each environment by ID or name.
type SwapEnvironmentCNAMEsInput struct {
	SourceEnvironmentId        string
	SourceEnvironmentName      string
	DestinationEnvironmentId   string
	DestinationEnvironmentName string
}

// SwapEnvironmentCNAMEsOutput is the output of
// [Service.SwapEnvironmentCNAMEs].
type SwapEnvironmentCNAMEsOutput struct{}

// SwapEnvironmentCNAMEs swaps the CNAMEs of two Ready web-server
// environments, the blue/green deployment: from then on each CNAME's
// [Service.Handler] is the other environment's load balancer. There is
// no DNS caching: the swap takes effect at once.
//
// Errors: ErrInvalidParameterValue (no such environment, one that is not
// Ready or is a worker, the same environment twice), ErrMissingParameter.
func (s *Service) SwapEnvironmentCNAMEs(ctx context.Context, in *SwapEnvironmentCNAMEsInput) (*SwapEnvironmentCNAMEsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	src, err := s.lookupEnvLocked(in.SourceEnvironmentId, in.SourceEnvironmentName)
	if err != nil {
		return nil, err
	}
	dst, err := s.lookupEnvLocked(in.DestinationEnvironmentId, in.DestinationEnvironmentName)
	if err != nil {
		return nil, err
	}
	for _, e := range []*environment{src, dst} {
		switch {
		case e.worker:
			return nil, ErrInvalidParameterValue.With("Environment %s is a worker environment: it has no CNAME.", e.desc.EnvironmentName)
		case e.desc.Status != StatusReady:
			return nil, notReady(e)
		}
	}
	if src == dst {
		return nil, ErrInvalidParameterValue.With("The source and destination environments are the same.")
	}
	src.desc.CNAME, dst.desc.CNAME = dst.desc.CNAME, src.desc.CNAME
	now := s.sched.Now()
	src.desc.DateUpdated, dst.desc.DateUpdated = now, now
	msg := "Completed swapping CNAMEs for environments '" + src.desc.EnvironmentName + "' and '" + dst.desc.EnvironmentName + "'."
	s.eventLocked(src, SeverityInfo, msg)
	s.eventLocked(dst, SeverityInfo, msg)
	return &SwapEnvironmentCNAMEsOutput{}, nil
}
