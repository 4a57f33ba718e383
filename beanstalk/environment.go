package beanstalk

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Environment statuses, health colours and tiers.
const (
	StatusLaunching   = "Launching"
	StatusUpdating    = "Updating"
	StatusReady       = "Ready"
	StatusTerminating = "Terminating"
	StatusTerminated  = "Terminated"

	HealthGrey   = "Grey"
	HealthGreen  = "Green"
	HealthYellow = "Yellow"
	HealthRed    = "Red"

	TierWebServer = "WebServer"
	TierWorker    = "Worker"
)

// ReadinessInterval is how often a launching or terminating environment
// looks at its resources to see whether it is done.
const ReadinessInterval = 10 * time.Second

// EnvironmentTier is an environment's tier: {WebServer, Standard} or
// {Worker, SQS/HTTP}.
type EnvironmentTier struct {
	Name string
	Type string
}

// EnvironmentDescription describes an environment.
type EnvironmentDescription struct {
	EnvironmentName   string
	EnvironmentId     string
	EnvironmentArn    string
	ApplicationName   string
	VersionLabel      string
	SolutionStackName string
	Description       string
	// CNAME is <prefix>.<region>.elasticbeanstalk.com for a web-server
	// environment; a worker environment has none.
	CNAME string
	// EndpointURL is the load balancer's DNS name, or a single-instance
	// environment's Elastic IP address.
	EndpointURL string
	Status      string
	// Health is the environment's health colour: basic health's, Grey
	// while it launches, updates or terminates; or enhanced health's.
	Health      string
	Tier        EnvironmentTier
	DateCreated time.Time
	DateUpdated time.Time

	// HealthStatus is enhanced health's status; empty under basic
	// health (see the package documentation, Health).
	HealthStatus string
}

// environment is an environment and the resources it made in the lower
// services.
type environment struct {
	desc    EnvironmentDescription
	app     *application
	version *version
	opts    settings
	worker  bool
	single  bool // EnvironmentType SingleInstance: one instance, no load balancer, no triggers
	classic bool // behind a Classic Load Balancer
	network bool // behind a Network Load Balancer

	// Names and ARNs of what it created.
	template, group        string
	loadBalancer, listener string // ARNs
	targetGroup            string // ARN
	address                string // a single-instance web-server environment's Elastic IP address
	tags                   []Tag  // its defaults first
	endpointTopic          string // the ARN of the topic made for its Notification Endpoint
	scaleUp, scaleDown     string // policy ARNs
	alarmHigh, alarmLow    string
	queueURL, queueName    string
	deadLetterURL          string // of the queue it created; "" with WorkerQueueURL
	deadLetterName         string
	handler                http.Handler
	tasks                  []*cronTask
	check                  sim.Scheduled

	launched time.Time                    // when its resources were last created: its launch's command timeout counts from then
	saved    []ConfigurationOptionSetting // the settings of the template it was created from
	given    []ConfigurationOptionSetting // the settings CreateEnvironment and UpdateEnvironment were given
	deploy   *deployment                  // the deployment in progress, if any
	daemons  map[string]*daemon           // the worker daemons, by instance ID
	watch    healthWatch                  // its health monitor, once Ready
	// The cron leader election of a worker environment with periodic
	// tasks: the instances whose daemons run, in the order they started,
	// and the one that leads.
	candidates []string
	leader     string
}

// cronTask is a periodic task of a worker environment, with its next
// firing.
type cronTask struct {
	task  CronTask
	timer sim.Scheduled
}

// envName is what Elastic Beanstalk accepts as an environment name.
var envName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$`)

// cnamePrefix is what it accepts as a CNAME prefix.
var cnamePrefix = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$`)

// CreateEnvironmentInput is the input of [Service.CreateEnvironment].
type CreateEnvironmentInput struct {
	ApplicationName string // Required.
	// EnvironmentName is 4 to 40 letters, digits and hyphens, not
	// beginning or ending with a hyphen, unique among the account's
	// environments that are not terminated. Required.
	EnvironmentName string
	// CNAMEPrefix, for a web-server environment, gives the CNAME
	// <prefix>.<region>.elasticbeanstalk.com; otherwise it is
	// <name>.<random>.<region>.elasticbeanstalk.com.
	CNAMEPrefix string
	// Tier is the web-server tier unless set.
	Tier *EnvironmentTier
	// VersionLabel is the application version to run. Required.
	VersionLabel string
	// TemplateName, a configuration template of the application, gives
	// settings below OptionSettings and above the version's.
	TemplateName string
	// SolutionStackName is recorded.
	SolutionStackName string
	Description       string
	// OptionSettings apply over the version's and the defaults (see the
	// package documentation, Options).
	OptionSettings []ConfigurationOptionSetting
	// Tags are the environment's tags, at most 47, beside the three
	// Elastic Beanstalk gives it (TagEnvironmentName, TagEnvironmentID
	// and TagName). They go on to its load balancer and target group.
	Tags []Tag
}

// CreateEnvironmentOutput is the output of [Service.CreateEnvironment]:
// the environment as it begins to launch.
type CreateEnvironmentOutput struct {
	EnvironmentDescription
}

// CreateEnvironment launches an environment: it creates the
// environment's resources in the lower services at once and is
// Launching until its Auto Scaling group has MinSize instances in
// service (and, on the web-server tier, healthy in its target group),
// then Ready. See the package documentation, Environments.
//
// Errors: ErrInvalidParameterValue (a bad or taken name, an application
// or version that does not exist, an option out of range, a bad tag),
// ErrConfigurationValidation (a deployment policy a single-instance
// environment does not support), ErrMissingParameter,
// ErrTooManyEnvironments, ErrTooManyTags.
func (s *Service) CreateEnvironment(ctx context.Context, in *CreateEnvironmentInput) (*CreateEnvironmentOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	tier := EnvironmentTier{Name: TierWebServer, Type: "Standard"}
	if in.Tier != nil {
		tier = *in.Tier
	}
	switch {
	case !envName.MatchString(in.EnvironmentName):
		return nil, ErrInvalidParameterValue.With("Value %s at 'EnvironmentName' failed to satisfy constraint: 4 to 40 letters, digits and hyphens, not beginning or ending with a hyphen.", in.EnvironmentName)
	case in.CNAMEPrefix != "" && !cnamePrefix.MatchString(in.CNAMEPrefix):
		return nil, ErrInvalidParameterValue.With("Value %s at 'CNAMEPrefix' failed to satisfy constraint: 4 to 63 letters, digits and hyphens.", in.CNAMEPrefix)
	case tier != EnvironmentTier{Name: TierWebServer, Type: "Standard"} && tier != EnvironmentTier{Name: TierWorker, Type: "SQS/HTTP"}:
		return nil, ErrInvalidParameterValue.With("Tier %s/%s is not WebServer/Standard or Worker/SQS/HTTP.", tier.Name, tier.Type)
	case tier.Name == TierWorker && in.CNAMEPrefix != "":
		return nil, ErrInvalidParameterCombination.With("A worker environment has no CNAME.")
	case in.VersionLabel == "":
		return nil, ErrMissingParameter.With("VersionLabel is required: the simulator has no sample application.")
	}

	s.mu.Lock()
	e, err := s.newEnvironmentLocked(in, tier)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := s.launch(e); err != nil {
		s.abandonLaunch(e, "Failed to launch environment: "+err.Error())
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eventLocked(e, SeverityInfo, "Waiting for EC2 instances to launch. This may take a few minutes.")
	s.armCheckLocked(e)
	return &CreateEnvironmentOutput{EnvironmentDescription: e.desc}, nil
}

// newEnvironmentLocked checks what CreateEnvironment names and makes the
// environment record, Launching. s.mu must be held.
func (s *Service) newEnvironmentLocked(in *CreateEnvironmentInput, tier EnvironmentTier) (*environment, error) {
	a, err := s.lookupAppLocked(in.ApplicationName)
	if err != nil {
		return nil, err
	}
	v := a.version(in.VersionLabel)
	if v == nil {
		return nil, ErrInvalidParameterValue.With("No Application Version named '%s' found.", in.VersionLabel)
	}
	running := 0
	for _, x := range s.envs {
		if x.desc.Status != StatusTerminated {
			running++
			if x.desc.EnvironmentName == in.EnvironmentName {
				return nil, ErrInvalidParameterValue.With("Environment %s already exists.", in.EnvironmentName)
			}
		}
	}
	if running >= MaxEnvironments {
		return nil, ErrTooManyEnvironments.With("You have reached your quota of %d environments.", MaxEnvironments)
	}
	tags, err := checkTags(nil, in.Tags, nil, defaultTagKeys)
	if err == nil && len(tags) > MaxTags-len(defaultTagKeys) {
		err = ErrTooManyTags.With("An environment can have at most %d tags beside its %d default tags.", MaxTags-len(defaultTagKeys), len(defaultTagKeys))
	}
	if err != nil {
		return nil, err
	}
	cname := ""
	if tier.Name == TierWebServer {
		if in.CNAMEPrefix != "" {
			cname = in.CNAMEPrefix + "." + s.region + ".elasticbeanstalk.com"
			if s.cnameTakenLocked(cname) {
				return nil, ErrInvalidParameterValue.With("DNS name (%s) is not available.", cname)
			}
		} else {
			cname = in.EnvironmentName + "." + s.random(lowerAlphabet, 10) + "." + s.region + ".elasticbeanstalk.com"
		}
	}
	var saved []ConfigurationOptionSetting
	if in.TemplateName != "" {
		t, err := s.lookupTemplateLocked(a.desc.ApplicationName, in.TemplateName)
		if err != nil {
			return nil, err
		}
		saved = slices.Clone(t.settings)
	}
	opts, err := resolveOptions(v.bundle.OptionSettings, saved, in.OptionSettings)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(autoscaling.InstanceTypes(), func(t autoscaling.InstanceType) bool { return t.Name == opts.get(NamespaceLaunch, "InstanceType") }) {
		return nil, ErrInvalidParameterValue.With("Invalid option value: '%s' (Namespace: '%s', OptionName: 'InstanceType'): the simulator does not know this instance type.", opts.get(NamespaceLaunch, "InstanceType"), NamespaceLaunch)
	}
	if err := checkSingleInstance(opts); err != nil {
		return nil, err
	}
	if err := s.checkNotificationsLocked(opts); err != nil {
		return nil, err
	}
	single := opts.get(NamespaceEnvironment, "EnvironmentType") == "SingleInstance"
	balanced := tier.Name == TierWebServer && !single
	now := s.sched.Now()
	id := "e-" + s.random(lowerAlphabet, 10)
	e := &environment{
		desc: EnvironmentDescription{
			EnvironmentName: in.EnvironmentName, EnvironmentId: id, ApplicationName: a.desc.ApplicationName,
			EnvironmentArn: arn.Environment{Application: s.appARN(a.desc.ApplicationName), Name: in.EnvironmentName}.String(),
			VersionLabel:   v.desc.VersionLabel, SolutionStackName: in.SolutionStackName, Description: in.Description,
			CNAME: cname, Status: StatusLaunching, Health: HealthGrey, Tier: tier, DateCreated: now, DateUpdated: now,
		},
		app: a, version: v, opts: opts, worker: tier.Name == TierWorker, single: single,
		classic: balanced && opts.get(NamespaceEnvironment, "LoadBalancerType") == "classic",
		network: balanced && opts.get(NamespaceEnvironment, "LoadBalancerType") == "network",
		saved:   saved, given: slices.Clone(in.OptionSettings), daemons: map[string]*daemon{}, launched: now,
	}
	e.tags = append(environmentTags(e), tags...)
	s.nameResourcesLocked(e)
	s.envs = append(s.envs, e)
	s.eventLocked(e, SeverityInfo, "createEnvironment is starting.")
	return e, nil
}

// nameResourcesLocked names the resources an environment is to create,
// with CloudFormation's random suffixes; what a launch that has not
// happened yet will fill in is cleared. s.mu must be held.
func (s *Service) nameResourcesLocked(e *environment) {
	stack := "awseb-" + e.desc.EnvironmentId + "-stack-"
	e.template = stack + "AWSEBEC2LaunchTemplate-" + s.random(upperAlphabet, 12)
	e.group = stack + "AWSEBAutoScalingGroup-" + s.random(upperAlphabet, 12)
	e.loadBalancer, e.listener, e.targetGroup, e.handler, e.address = "", "", "", nil, ""
	e.scaleUp, e.scaleDown, e.alarmHigh, e.alarmLow = "", "", "", ""
	e.queueURL, e.deadLetterURL, e.queueName, e.deadLetterName = "", "", "", ""
	e.tasks, e.daemons, e.candidates, e.leader = nil, map[string]*daemon{}, nil, ""
	if e.worker {
		suffix := s.random(upperAlphabet, 12)
		e.queueName, e.deadLetterName = stack+"AWSEBWorkerQueue-"+suffix, stack+"AWSEBWorkerDeadLetterQueue-"+suffix
	}
	if e.single && !e.worker {
		// An Elastic IP address from Amazon's pool: 3.0.0.0/9 stands for
		// it, as the addresses do not matter beyond telling
		// environments apart.
		e.address = fmt.Sprintf("3.%d.%d.%d", s.rng.IntN(128), s.rng.IntN(256), 1+s.rng.IntN(254))
	}
}

// cnameTakenLocked reports whether an environment that is not
// terminated has the CNAME. s.mu must be held.
func (s *Service) cnameTakenLocked(cname string) bool {
	return slices.ContainsFunc(s.envs, func(x *environment) bool { return x.desc.Status != StatusTerminated && x.desc.CNAME == cname })
}

// launch creates an environment's resources in the lower services, with
// no lock held, recording an event for each.
func (s *Service) launch(e *environment) error {
	ctx := context.Background()
	if err := s.createNotificationTopic(ctx, e); err != nil {
		return err
	}
	created := func(what, name string) {
		s.mu.Lock()
		s.eventLocked(e, SeverityInfo, "Created "+what+" named: "+name)
		s.mu.Unlock()
	}
	if e.worker {
		if err := s.createQueues(ctx, e); err != nil {
			return err
		}
		created("SQS queue", e.queueURL)
	} else if e.single {
		s.mu.Lock()
		e.handler, e.desc.EndpointURL = s.instanceHandler(e), e.address
		s.eventLocked(e, SeverityInfo, "Created EIP: "+e.address)
		s.mu.Unlock()
	} else {
		if err := s.createLoadBalancer(ctx, e); err != nil {
			return err
		}
		if e.targetGroup != "" {
			created("target group", e.targetGroup)
		}
		created("load balancer", e.loadBalancer)
	}
	if err := s.createGroup(ctx, e); err != nil {
		return err
	}
	created("Auto Scaling launch template", e.template)
	created("Auto Scaling group", e.group)
	if !e.single { // one instance has nothing to scale
		if err := s.createTriggers(ctx, e); err != nil {
			return err
		}
		created("Auto Scaling group policy", e.scaleUp)
		created("Auto Scaling group policy", e.scaleDown)
		created("CloudWatch alarm", e.alarmHigh)
		created("CloudWatch alarm", e.alarmLow)
	}
	s.mu.Lock()
	s.scheduleTasksLocked(e)
	s.mu.Unlock()
	return nil
}

// createLoadBalancer creates a web-server environment's Application
// Load Balancer, its target group with the health check of the
// environment's default process, and its listener on port 80.
func (s *Service) createLoadBalancer(ctx context.Context, e *environment) error {
	s.mu.Lock()
	suffix, tags := s.random(upperAlphabet, 12), elbTags(e.tags)
	s.mu.Unlock()
	if e.classic {
		return s.createClassic(ctx, e, "awseb-AWSEB-"+suffix)
	}
	tg, err := s.createTargetGroup(ctx, e)
	if err != nil {
		return err
	}
	e.targetGroup = tg
	typ, protocol := elb.TypeApplication, elb.ProtocolHTTP
	if e.network {
		typ, protocol = elb.TypeNetwork, elb.ProtocolTCP
	}
	lb, err := s.lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "awseb-AWSEB-" + suffix, Type: typ, Subnets: s.subnets(), Tags: tags})
	if err != nil {
		return err
	}
	e.loadBalancer = lb.LoadBalancers[0].LoadBalancerArn
	l, err := s.lbs.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: e.loadBalancer, Protocol: protocol, Port: 80,
		DefaultActions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: e.targetGroup}},
	})
	if err != nil {
		return err
	}
	h, err := s.lbs.Handler(l.Listeners[0].ListenerArn)
	if err != nil {
		return err
	}
	s.mu.Lock()
	e.listener, e.handler = l.Listeners[0].ListenerArn, h
	e.desc.EndpointURL = lb.LoadBalancers[0].DNSName
	s.mu.Unlock()
	return nil
}

// createClassic creates a web-server environment's Classic Load
// Balancer: a listener on port 80 to the default process's port, its
// health check, and connection draining for its deregistration delay.
func (s *Service) createClassic(ctx context.Context, e *environment, name string) error {
	o, c := e.opts, s.lbs.Classic()
	port := o.int(NamespaceProcess, "Port")
	lb, err := c.CreateLoadBalancer(ctx, &elb.ClassicCreateLoadBalancerInput{
		LoadBalancerName: name, AvailabilityZones: s.zones(),
		Listeners: []elb.ClassicListener{{Protocol: "HTTP", LoadBalancerPort: 80, InstancePort: port}},
	})
	if err != nil {
		return err
	}
	if _, err := c.ConfigureHealthCheck(ctx, &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: name, HealthCheck: elb.ClassicHealthCheck{
		Target:   fmt.Sprintf("HTTP:%d%s", port, o.get(NamespaceProcess, "HealthCheckPath")),
		Interval: o.int(NamespaceProcess, "HealthCheckInterval"), Timeout: o.int(NamespaceProcess, "HealthCheckTimeout"),
		HealthyThreshold: o.int(NamespaceProcess, "HealthyThresholdCount"), UnhealthyThreshold: o.int(NamespaceProcess, "UnhealthyThresholdCount"),
	}}); err != nil {
		return err
	}
	if delay := o.int(NamespaceProcess, "DeregistrationDelay"); delay > 0 {
		if _, err := c.ModifyLoadBalancerAttributes(ctx, &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: name, LoadBalancerAttributes: elb.ClassicLoadBalancerAttributes{
			ConnectionDraining: &elb.ClassicConnectionDraining{Enabled: true, Timeout: delay},
		}}); err != nil {
			return err
		}
	}
	h, err := c.Handler(name, 80)
	if err != nil {
		return err
	}
	s.mu.Lock()
	e.loadBalancer, e.handler, e.desc.EndpointURL = name, h, lb.DNSName
	s.mu.Unlock()
	return nil
}

// createTargetGroup creates a target group with the health check and
// deregistration delay of the environment's default process, and returns
// its ARN.
func (s *Service) createTargetGroup(ctx context.Context, e *environment) (string, error) {
	o := e.opts
	s.mu.Lock()
	name, tags := "awseb-AWSEB-"+s.random(upperAlphabet, 12), elbTags(e.tags)
	s.mu.Unlock()
	in := &elb.CreateTargetGroupInput{
		Name: name, Protocol: elb.ProtocolHTTP, Port: o.int(NamespaceProcess, "Port"),
		HealthCheckPath:            o.get(NamespaceProcess, "HealthCheckPath"),
		HealthCheckIntervalSeconds: o.int(NamespaceProcess, "HealthCheckInterval"),
		HealthCheckTimeoutSeconds:  o.int(NamespaceProcess, "HealthCheckTimeout"),
		HealthyThresholdCount:      o.int(NamespaceProcess, "HealthyThresholdCount"),
		UnhealthyThresholdCount:    o.int(NamespaceProcess, "UnhealthyThresholdCount"),
		Matcher:                    elb.Matcher{HttpCode: o.get(NamespaceProcess, "MatcherHTTPCode")},
		Tags:                       tags,
	}
	if e.network {
		// A Network Load Balancer's group checks TCP with Elastic Load
		// Balancing's defaults: the process's HTTP health options do
		// not apply.
		in = &elb.CreateTargetGroupInput{Name: name, Protocol: elb.ProtocolTCP, Port: o.int(NamespaceProcess, "Port"), Tags: tags}
	}
	tg, err := s.lbs.CreateTargetGroup(ctx, in)
	if err != nil {
		return "", err
	}
	arn := tg.TargetGroups[0].TargetGroupArn
	_, err = s.lbs.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{
		TargetGroupArn: arn,
		Attributes:     []elb.Attribute{{Key: "deregistration_delay.timeout_seconds", Value: o.get(NamespaceProcess, "DeregistrationDelay")}},
	})
	return arn, err
}

// zones are the Availability Zones environments launch in ("Any"): the
// first three of the region.
func (s *Service) zones() []string {
	return []string{s.region + "a", s.region + "b", s.region + "c"}
}

// subnets are subnets in those zones, the i-th in the i-th.
func (s *Service) subnets() []string { return []string{"subnet-a", "subnet-b", "subnet-c"} }

// createQueues creates a worker environment's queue and its dead-letter
// queue, unless the options name a queue of the user's.
func (s *Service) createQueues(ctx context.Context, e *environment) error {
	o := e.opts
	if url := o.get(NamespaceSQSD, "WorkerQueueURL"); url != "" {
		attrs, err := s.queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{sqs.AttributeQueueArn}})
		if err != nil {
			return ErrInvalidParameterValue.With("The WorkerQueueURL %s is not a queue of the account: %v", url, err)
		}
		s.mu.Lock()
		e.queueURL, e.queueName = url, queueNameOf(attrs.Attributes[sqs.AttributeQueueArn])
		s.mu.Unlock()
		return nil
	}
	dlq, err := s.queues.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  e.deadLetterName,
		Attributes: map[string]string{sqs.AttributeMessageRetentionPeriod: "1209600"},
	})
	if err != nil {
		return err
	}
	dlqAttrs, err := s.queues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl, AttributeNames: []string{sqs.AttributeQueueArn}})
	if err != nil {
		return err
	}
	q, err := s.queues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: e.queueName, Attributes: map[string]string{
		sqs.AttributeVisibilityTimeout:      o.get(NamespaceSQSD, "VisibilityTimeout"),
		sqs.AttributeMessageRetentionPeriod: o.get(NamespaceSQSD, "RetentionPeriod"),
		sqs.AttributeRedrivePolicy:          fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, dlqAttrs.Attributes[sqs.AttributeQueueArn], o.int(NamespaceSQSD, "MaxRetries")),
	}})
	if err != nil {
		return err
	}
	s.mu.Lock()
	e.queueURL, e.deadLetterURL = q.QueueUrl, dlq.QueueUrl
	s.mu.Unlock()
	return nil
}

// queueNameOf is the name in a queue's ARN.
func queueNameOf(queueARN string) string {
	for k := len(queueARN) - 1; k >= 0; k-- {
		if queueARN[k] == ':' {
			return queueARN[k+1:]
		}
	}
	return queueARN
}

// createGroup creates an environment's launch template and Auto Scaling
// group: each instance runs the version's server, behind the target
// group on the web-server tier, fed by the worker daemon on the worker
// tier.
func (s *Service) createGroup(ctx context.Context, e *environment) error {
	o := e.opts
	data := autoscaling.LaunchTemplateData{InstanceType: o.get(NamespaceLaunch, "InstanceType")}
	server := s.servers(e, e.version)
	if e.worker {
		data.Worker = s.workerFor(e, server)
	} else {
		data.Backend = server
	}
	if _, err := s.groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{LaunchTemplateName: e.template, LaunchTemplateData: data}); err != nil {
		return err
	}
	lo, hi := e.sizes()
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: e.group, LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: e.template},
		MinSize: lo, MaxSize: hi, AvailabilityZones: s.zones(),
		DefaultCooldown: autoscaling.Duration(o.seconds(NamespaceASG, "Cooldown")),
	}
	switch b := e.front(); {
	case b.targetGroup != "":
		in.TargetGroupARNs = []string{b.targetGroup}
	case b.classic != "":
		in.LoadBalancerNames = []string{b.classic}
	}
	_, err := s.groups.CreateAutoScalingGroup(ctx, in)
	return err
}

// sizes are the MinSize and MaxSize of the environment's group: those
// of aws:autoscaling:asg, or 1 and 1 for a single-instance environment.
func (e *environment) sizes() (lo, hi int) {
	if e.single {
		return 1, 1
	}
	return e.opts.int(NamespaceASG, "MinSize"), e.opts.int(NamespaceASG, "MaxSize")
}

// workerFor returns what starts the worker daemon of each instance of a
// worker environment, posting to the instance's server.
func (s *Service) workerFor(e *environment, server func(string) elb.Backend) func(string) autoscaling.Worker {
	o := e.opts
	opts := sqsdOptions{
		HTTPPath: o.get(NamespaceSQSD, "HttpPath"), MimeType: o.get(NamespaceSQSD, "MimeType"),
		HTTPConnections:        o.int(NamespaceSQSD, "HttpConnections"),
		ConnectTimeout:         o.seconds(NamespaceSQSD, "ConnectTimeout"),
		InactivityTimeout:      o.seconds(NamespaceSQSD, "InactivityTimeout"),
		VisibilityTimeout:      o.seconds(NamespaceSQSD, "VisibilityTimeout"),
		ErrorVisibilityTimeout: o.seconds(NamespaceSQSD, "ErrorVisibilityTimeout"),
	}
	vcpus := s.vcpus(e)
	return func(id string) autoscaling.Worker {
		app := server(id)
		if app.Workers == 0 {
			app.Workers = vcpus
		}
		s.mu.Lock()
		url, name := e.queueURL, e.queueName
		s.mu.Unlock()
		d, err := startDaemon(daemonConfig{queues: s.queues, sched: s.sched, queueURL: url, queueName: name, app: app, opts: opts})
		if err != nil {
			s.mu.Lock()
			s.eventLocked(e, SeverityError, fmt.Sprintf("The worker daemon of instance %s did not start: %v", id, err))
			s.mu.Unlock()
			return nil
		}
		s.mu.Lock()
		e.daemons[id] = d
		s.joinCronLocked(e, id)
		s.mu.Unlock()
		return cronMember{daemon: d, leave: func() { s.leaveCron(e, id) }}
	}
}

// vcpus is the vCPUs of the environment's instance type.
func (s *Service) vcpus(e *environment) int {
	for _, t := range autoscaling.InstanceTypes() {
		if t.Name == e.opts.get(NamespaceLaunch, "InstanceType") {
			return t.VCPUs
		}
	}
	return 1
}

// createTriggers creates the environment's two scaling policies and the
// CloudWatch alarms that run them, from the aws:autoscaling:trigger
// options: above UpperThreshold for BreachDuration adds
// UpperBreachScaleIncrement instances, below LowerThreshold adds
// LowerBreachScaleIncrement (a negative number).
func (s *Service) createTriggers(ctx context.Context, e *environment) error {
	o := e.opts
	s.mu.Lock()
	stack := "awseb-" + e.desc.EnvironmentId + "-stack-"
	up, down := stack+"AWSEBAutoScalingScaleUpPolicy-"+s.random(upperAlphabet, 12), stack+"AWSEBAutoScalingScaleDownPolicy-"+s.random(upperAlphabet, 12)
	high, low := stack+"AWSEBCloudwatchAlarmHigh-"+s.random(upperAlphabet, 12), stack+"AWSEBCloudwatchAlarmLow-"+s.random(upperAlphabet, 12)
	s.mu.Unlock()
	policy := func(name, increment string) (string, error) {
		out, err := s.groups.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
			AutoScalingGroupName: e.group, PolicyName: name, AdjustmentType: autoscaling.ChangeInCapacity,
			ScalingAdjustment: autoscaling.Int(o.int(NamespaceTrigger, increment)),
		})
		if err != nil {
			return "", err
		}
		return out.PolicyARN, nil
	}
	upARN, err := policy(up, "UpperBreachScaleIncrement")
	if err != nil {
		return err
	}
	downARN, err := policy(down, "LowerBreachScaleIncrement")
	if err != nil {
		return err
	}
	period := time.Duration(o.int(NamespaceTrigger, "Period")) * time.Minute
	evaluations := max(o.int(NamespaceTrigger, "EvaluationPeriods"), o.int(NamespaceTrigger, "BreachDuration")/o.int(NamespaceTrigger, "Period"))
	namespace, dims := "AWS/EC2", []cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: e.group}}
	if elbMetrics[o.get(NamespaceTrigger, "MeasureName")] {
		if e.loadBalancer == "" {
			return ErrInvalidParameterValue.With("The trigger's MeasureName %s is a load balancer metric, and a worker environment has no load balancer.", o.get(NamespaceTrigger, "MeasureName"))
		}
		namespace, dims = "AWS/ApplicationELB", []cloudwatch.Dimension{{Name: "LoadBalancer", Value: loadBalancerDimension(e.loadBalancer)}}
		if e.network {
			namespace = "AWS/NetworkELB"
		}
		if e.classic {
			namespace, dims = "AWS/ELB", []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: e.loadBalancer}}
		}
	}
	alarm := func(name, threshold string, op cloudwatch.ComparisonOperator, action string) error {
		_, err := s.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: name, AlarmActions: []string{action},
			Namespace: namespace, MetricName: o.get(NamespaceTrigger, "MeasureName"), Dimensions: dims,
			Statistic: cloudwatch.Statistic(o.get(NamespaceTrigger, "Statistic")), Unit: cloudwatch.StandardUnit(o.get(NamespaceTrigger, "Unit")),
			Period: period, EvaluationPeriods: evaluations,
			Threshold: cloudwatch.Float64(float64(o.int(NamespaceTrigger, threshold))), ComparisonOperator: op,
		})
		return err
	}
	if err := alarm(high, "UpperThreshold", cloudwatch.GreaterThanThreshold, upARN); err != nil {
		return err
	}
	if err := alarm(low, "LowerThreshold", cloudwatch.LessThanThreshold, downARN); err != nil {
		return err
	}
	s.mu.Lock()
	e.scaleUp, e.scaleDown, e.alarmHigh, e.alarmLow = upARN, downARN, high, low
	s.mu.Unlock()
	return nil
}

// elbMetrics are the trigger's measures that the load balancer
// publishes; the others are the instances' (AWS/EC2).
var elbMetrics = map[string]bool{"Latency": true, "RequestCount": true, "HealthyHostCount": true, "UnhealthyHostCount": true, "TargetResponseTime": true}

// loadBalancerDimension is the LoadBalancer dimension of an Application
// Load Balancer's metrics: the part of its ARN after "loadbalancer/".
func loadBalancerDimension(lbARN string) string {
	const marker = ":loadbalancer/"
	for k := 0; k+len(marker) <= len(lbARN); k++ {
		if lbARN[k:k+len(marker)] == marker {
			return lbARN[k+len(marker):]
		}
	}
	return lbARN
}

// armCheckLocked schedules the environment's next look at its
// resources. s.mu must be held.
func (s *Service) armCheckLocked(e *environment) {
	e.check = s.sched.ScheduleAt(s.sched.Now().Add(ReadinessInterval), func() { s.checkEnvironment(e) })
}

// checkEnvironment looks at a launching environment's group (and target
// group): with MinSize instances in service (and healthy), it is Ready.
// It looks again in ReadinessInterval until then, for at most the
// command Timeout: then it is Ready with Health Red, the launch complete
// with errors.
func (s *Service) checkEnvironment(e *environment) {
	s.mu.Lock()
	group, b, status := e.group, e.front(), e.desc.Status
	s.mu.Unlock()
	if status != StatusLaunching {
		return
	}
	n, g, ok := s.healthyInService(group, b)
	ready := ok && n >= g.MinSize
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.desc.Status != StatusLaunching {
		return
	}
	if !ready && s.sched.Now().Sub(e.launched) < e.opts.seconds(NamespaceCommand, "Timeout") {
		s.armCheckLocked(e)
		return
	}
	if !ready { // the command timeout passed: the launch ends, with errors
		e.desc.Status, e.desc.Health, e.desc.DateUpdated = StatusReady, HealthRed, s.sched.Now()
		s.eventLocked(e, SeverityWarn, "Environment health has transitioned from Grey to Red.")
		s.eventLocked(e, SeverityError, "Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.")
		s.watchHealthLocked(e)
		return
	}
	e.desc.Status, e.desc.Health, e.desc.DateUpdated = StatusReady, HealthGreen, s.sched.Now()
	s.eventLocked(e, SeverityInfo, "Environment health has transitioned from Grey to Green.")
	s.eventLocked(e, SeverityInfo, "Successfully launched environment: "+e.desc.EnvironmentName)
	s.watchHealthLocked(e)
}

// healthyInService counts a group's instances in service that are
// healthy in the load balancer, if there is one, and returns the group;
// false if the group or load balancer is gone. It calls the lower
// services: no lock may be held.
func (s *Service) healthyInService(group string, b balancer) (int, autoscaling.Group, bool) {
	out, err := s.groups.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		return 0, autoscaling.Group{}, false
	}
	g := out.AutoScalingGroups[0]
	states, ok := s.states(b)
	if !ok {
		return 0, g, false
	}
	n := 0
	for _, i := range g.Instances {
		if i.LifecycleState == autoscaling.StateInService && (b.none() || states[i.InstanceId] == elb.HealthHealthy) {
			n++
		}
	}
	return n, g, true
}
