// Package beanstalk is an in-memory AWS Elastic Beanstalk: applications,
// versions and environments that really run, composed from the other
// simulators of an account. A web-server environment is an Application
// Load Balancer (elb) in front of an Auto Scaling group (autoscaling)
// whose instances serve the version's handler, scaled by two CloudWatch
// alarms (cloudwatch); a worker environment is a group whose instances'
// worker daemons drain an SQS queue (sqs) into the version's handler.
// All of it runs on one clock, from one seed, with time under the
// caller's control.
//
// # Usage
//
// A [Service] is one account's Elastic Beanstalk endpoint in one region.
// [New] makes the lower services it is not given on its account, composed
// with one another (SQS and Elastic Load Balancing publishing to
// CloudWatch, Auto Scaling with both); [Service.ELB], [Service.AutoScaling],
// [Service.SQS] and [Service.CloudWatch] reach them, to send traffic or
// look inside:
//
//	clk := sim.NewClock(start)
//	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
//	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
//		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
//		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
//			return elb.Backend{Handler: shopHandler}
//		}},
//	})
//	env, _ := eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
//		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
//	})
//	clk.Advance(2 * time.Minute) // Ready
//	h, _ := eb.Handler(env.CNAME)  // the environment's load balancer
//
// Its methods are the Elastic Beanstalk API operations with the AWS
// names, taking a context and an input struct and returning an output
// struct and an error. Errors are *[Error] values carrying the AWS error
// code; match them with errors.Is and the Err… sentinels.
//
// # Applications and versions
//
// An application version's source bundle is a Go value ([SourceBundle]):
// the server each instance runs (an [elb.Backend] factory: handler,
// latency model and workers), the periodic tasks of its cron.yaml and
// the option settings of its .ebextensions.
//
// An application's version lifecycle settings
// ([Service.UpdateApplicationResourceLifecycle], or CreateApplication's
// ResourceLifecycleConfig) apply each time one of its versions is
// created, as the developer guide has it: the new version not counted,
// the oldest versions beyond MaxCountRule's MaxCount and those older
// than MaxAgeRule's MaxAgeInDays are deleted, at most 100 at a time,
// never one an environment runs or deploys, nor the one an environment
// terminated less than ten weeks ago ran last; each deletion is an event
// of the application. DeleteSourceFromS3 is recorded and means nothing
// here: a source bundle is a Go value, not an object in S3.
//
// # Environments
//
// [Service.CreateEnvironment] creates, with AWS's names
// ("awseb-e-…-stack-AWSEBAutoScalingGroup-…"):
//
//   - web-server tier: a target group with the health check of the
//     aws:elasticbeanstalk:environment:process:default options, an
//     Application Load Balancer with a listener on port 80, and the
//     CNAME <prefix>.<region>.elasticbeanstalk.com ([Service.Handler]
//     answers for it); with aws:elasticbeanstalk:environment
//     LoadBalancerType classic, a Classic Load Balancer instead, with
//     that health check and connection draining for the deregistration
//     delay (deployments, health and triggers then go through it, and
//     TrafficSplitting, which needs an Application Load Balancer, fails);
//     with network, a Network Load Balancer with a TCP listener on port
//     80 and a TCP target group, checked over TCP with Elastic Load
//     Balancing's defaults (the process's HTTP health options do not
//     apply there), its triggers in AWS/NetworkELB;
//   - worker tier: an SQS queue and its dead-letter queue (the
//     redrive's maxReceiveCount is MaxRetries), unless WorkerQueueURL
//     names one, and the worker daemon on every instance;
//   - both: a launch template of the aws:autoscaling:launchconfiguration
//     InstanceType, an Auto Scaling group of aws:autoscaling:asg MinSize
//     to MaxSize in three zones with its Cooldown, and the two triggers
//     of aws:autoscaling:trigger: simple scaling policies adding
//     UpperBreachScaleIncrement and LowerBreachScaleIncrement instances,
//     run by CloudWatch alarms on MeasureName (AWS/EC2 by
//     AutoScalingGroupName, or AWS/ApplicationELB by LoadBalancer for
//     the load balancer's metrics) over Period minutes.
//
// With aws:elasticbeanstalk:environment EnvironmentType SingleInstance,
// an environment of either tier has a group of one instance (MinSize
// and MaxSize 1, whatever aws:autoscaling:asg says) and no triggers; a
// web-server one has no load balancer but an Elastic IP address, its
// EndpointURL, held by the instance: [Service.Handler] for its CNAME
// reaches the instance's own server ([elb.Service.ServeHost]), through
// the platform's proxy, which answers 502 while the application does
// not. Its health is the instance's (EC2 and Auto Scaling health): an
// instance Auto Scaling finds unhealthy is replaced, and the new one
// takes the address over once in service. It deploys AllAtOnce or
// Immutable, as the developer guide's table of policies has it; the
// other policies and rolling configuration updates
// (RollingUpdateEnabled) are refused with ConfigurationValidationException.
//
// Applications, versions, configuration templates and environments
// take Tags when created; [Service.ListTagsForResource] and
// [Service.UpdateTagsForResource] read and change them by ARN, with
// AWS's limits (MaxTags a resource, the reserved prefixes aws: and
// elasticbeanstalk:). An environment has three default tags besides
// its own (TagEnvironmentName, TagEnvironmentID, TagName), which no one
// may change, and its tags go on to the load balancer and target
// groups it creates.
//
// The environment is Launching, Health Grey, until its group has MinSize
// instances in service (healthy in the target group, on the web-server
// tier), then Ready and Green; it looks every [ReadinessInterval].
// [Service.TerminateEnvironment] deletes what it created and is
// Terminating until the group's instances have terminated, then
// Terminated; for six weeks ([MaxRebuildAge]) [Service.RebuildEnvironment]
// can bring it back, with its name, ID, CNAME and configuration, on new
// resources. [Service.DescribeEvents] tells each step; with
// aws:elasticbeanstalk:sns:topics "Notification Topic ARN", each event is
// also published to that SNS topic of the account, with Elastic
// Beanstalk's subject ("AWS Elastic Beanstalk Notification - …") and
// message, at the event's instant once the clock runs its events. With
// "Notification Endpoint" instead, the environment makes a topic of
// its own, "ElasticBeanstalkNotifications-Environment-<name>", in the
// account's SNS service given with [WithSNS], subscribes the endpoint
// with "Notification Protocol" (email unless set), publishes every
// event to it from the first, and deletes it when it terminates, after
// its last events.
//
// # Health
//
// Once an environment is Ready, its health is checked every
// [HealthInterval] (the health agent's 10 seconds) and shows in
// [Service.DescribeEnvironments].
//
// Basic health (aws:elasticbeanstalk:healthreporting:system SystemType
// basic, the default) is the developer guide's colours: Grey while the
// environment launches, updates or terminates; Green while the checks
// pass; Yellow after two failed checks in a row and Red after three or
// more, a check failing when the load balancer finds an instance in
// service unhealthy; Red at once when a resource is unavailable (the
// group gone, or no instance in service) and after a deployment that
// failed once a batch was deployed, until a deployment succeeds. A
// launch that ends at the command Timeout without healthy instances is
// Red ("Create environment operation is complete, but with errors.").
//
// Enhanced health (SystemType enhanced) gives DescribeEnvironments a
// HealthStatus, and its colour as Health (Ok and Info Green, Warning
// Yellow, Degraded and Severe Red, the others Grey).
// [Service.DescribeEnvironmentHealth] and [Service.DescribeInstancesHealth]
// give the last check, with its causes. By a convention of the
// simulator's (AWS publishes no thresholds) a check finds each instance
// Pending while it launches or is not yet healthy in the load balancer,
// Severe when the load balancer finds it unhealthy, Warning when its
// CPUUtilization over the last whole minute was [HighCPUUtilization] or
// more ("95 % of CPU is in use."), else Ok; and the environment the
// worst of Degraded for fewer instances in service than MinSize (Severe
// for none), Warning for impaired instances (Severe when every one is
// the load balancer's unhealthy), Degraded after a deployment that
// failed part-way ("Incorrect application version …"), and the last
// whole minute's shares of the load balancer's requests answered 5xx,
// answered 4xx by the instances (unless the ConfigDocument's Rules
// disable ApplicationRequests4xx) and 4xx by the load balancer itself
// (only when they enable ELBRequests4xx), each against
// [WarningErrorRate], [DegradedErrorRate] and [SevereErrorRate]. The
// environment's status is the worst that at least three of the last
// minute's six checks found, so a single bad check does not flip it;
// over it, the operation in progress shows at once: Pending while
// launching, Info while updating (unless worse), Suspended once
// terminating. Each change is an event ("Environment health has
// transitioned from Ok to Severe. …").
//
// Under enhanced health each instance's server runs behind the health
// agent, which records the virtual latency of every request it answers
// (what the handler reports with [elb.ReportLatency], else its Latency
// model): each check's ApplicationMetrics, the environment's and each
// instance's, give the Latency of the requests since the previous check
// as AWS defines it (P99 the average of the slowest 1 percent, and so
// on), and the instance's RequestCount. The environment's RequestCount
// and StatusCodes are the load balancer's last whole minute.
//
// At the end of every minute an enhanced environment publishes its
// EnvironmentHealth to CloudWatch, namespace AWS/ElasticBeanstalk,
// dimension EnvironmentName, with the developer guide's values (0 Ok,
// 1 Info, 5 Unknown, 10 NoData, 15 Warning, 20 Degraded, 25 Severe;
// none while Pending or Suspended); its ConfigDocument's
// CloudWatchMetrics may ask for the Instances… counts by status, the
// ApplicationRequests… counts and the ApplicationLatency… of the
// environment, and each instance's InstanceHealth,
// ApplicationRequestsTotal and ApplicationLatency… (dimensions
// EnvironmentName and InstanceId).

// # Deployments
//
// [Service.UpdateEnvironment] deploys a version to a Ready environment
// by its aws:elasticbeanstalk:command options; it is Updating until the
// deployment ends. The group's launch template gets a version running
// the new server at once, so instances launched meanwhile run it.
//
//   - AllAtOnce (the default): every instance's server is down for
//     [DeployTime] (the load balancer answers 502), then runs the new
//     version.
//   - Rolling: batches of BatchSize instances (a percentage, rounded
//     up, or a Fixed number) leave the target group and drain for its
//     deregistration delay, are down for DeployTime, go back and must be
//     healthy in the target group within Timeout; the next batch waits
//     for that. A batch that is not healthy in time fails the deployment:
//     the batches deployed keep the new version, the others the old one,
//     new instances launch with the old one, and the environment is
//     Ready and Red with its old version label. With IgnoreHealthCheck
//     the batch that is not healthy in time does not stop it.
//   - RollingWithAdditionalBatch: as Rolling, after a batch of new
//     instances (running the new version) is in service and healthy, the
//     group's MaxSize raised for it if need be; at the end the group
//     goes back to its desired capacity and MaxSize, its termination
//     policies choosing which instances go (with the Default policy,
//     those launched from the older launch template version).
//   - Immutable: a temporary group ("awseb-e-…-immutable-stack-…")
//     launches one instance of the new version behind the target group,
//     then as many as the environment has; once all are healthy they are
//     detached from it and attached to the environment's group, and once
//     healthy there the old instances terminate and the temporary group
//     is deleted. A failure deletes the temporary group and leaves the
//     environment as it was.
//   - TrafficSplitting: as Immutable, but the temporary group, as large
//     as the environment's, is behind a target group of its own; once
//     healthy it gets NewVersionPercent of the listener's requests
//     (aws:elasticbeanstalk:trafficsplitting) for EvaluationTime
//     minutes; still healthy then, all requests go back to the
//     environment's target group and the new instances move in. A
//     failure sends them nothing more and deletes what it made.
//
// With enhanced health, a batch (of a rolling deployment, the additional
// batch, a temporary group's instances, a Health rolling update's
// replacements) must also pass enhanced health's deployment check: each
// of its instances twelve consecutive checks, one every HealthInterval
// (eighteen on the worker tier), at aws:elasticbeanstalk:command
// HealthCheckSuccessThreshold or better (Ok by default), a failed check
// starting the count again, all within the command Timeout.
//
// On a worker environment the daemons post to the new server once their
// instance's batch is deployed; under a Rolling policy with enhanced
// health, the batch must pass that check before the next.
//
// With OptionSettings instead of a version, UpdateEnvironment changes
// the command options, or MinSize,
// MaxSize and Cooldown, which the group takes at once, or the
// InstanceType, which replaces the instances, as the developer guide's
// rolling configuration updates (aws:autoscaling:updatepolicy:rollingupdate):
// all at once unless RollingUpdateEnabled; with RollingUpdateType Time
// or Health, a batch of MaxBatchSize instances (a third of MinSize,
// rounded up, unless set; fewer when MinInstancesInService, by default
// min(MinSize, MaxSize-1), would not stay in service) terminates, the
// group launches its replacements from the new launch template version,
// and the next batch waits PauseTime after they are in service (Time;
// unset, the HealthyThresholdCount × HealthCheckInterval the load
// balancer takes to find an instance healthy) or until they are healthy
// in the load balancer (Health), each batch within the rolling update's
// Timeout; with Immutable, a temporary group as an Immutable deployment
// makes. A batch not in service (or healthy) within Timeout fails the
// update, which rolls back: the previous options come back and another
// rolling update replaces the instances the update launched ("Rolling
// back the configuration update."); if that fails too, the environment
// is Ready and Red with some instances of each configuration. The
// environment is Updating until the update ends.
//
// [Service.SwapEnvironmentCNAMEs] swaps two web-server environments'
// CNAMEs, a blue/green deployment; [Service.RestartAppServer] restarts
// every instance's server at once, or, with a Rolling or
// RollingWithAdditionalBatch DeploymentPolicy, in batches of BatchSize
// that leave the load balancer and come back healthy (the developer
// guide's rolling restarts); [Service.AbortEnvironmentUpdate] rolls the
// update in progress back, the environment Aborting meanwhile: the
// instances a deployment reached are deployed the old version again, a
// temporary group is deleted, and a configuration update rolls back as
// one that failed;
// [Service.RebuildEnvironment] replaces every resource with a new one of
// the same configuration.
//
// # Options
//
// The supported namespaces are the Namespace… constants, with the
// options and defaults of the developer guide's general options page;
// an option the package does not know, or a value out of its range, is
// refused. The settings given to CreateEnvironment apply over those of
// the configuration template it names ([Service.CreateConfigurationTemplate],
// a saved configuration), which apply over the bundle's, which apply
// over the defaults.
// [Service.DescribeConfigurationOptions] lists the options with their
// defaults and ranges, [Service.ValidateConfigurationSettings] checks
// settings as CreateEnvironment would, and
// [Service.DescribeConfigurationSettings] gives an environment's values.
//
// # The worker daemon
//
// Each instance of a worker environment runs the daemon (sqsd): it
// long-polls the queue through the shared SQS consumer, POSTs each
// message to the instance's server at HttpPath with the aws-sqsd
// headers, at most HttpConnections at once; a 200 deletes the message,
// anything else makes it visible again after ErrorVisibilityTimeout, and
// no answer within InactivityTimeout leaves it to come back after its
// visibility timeout. The time a request takes is virtual (the server's
// Latency or what its handler reports with [elb.ReportLatency]), queued
// on the server's Workers, and the instance's busy time is its
// CPUUtilization, so a backlog makes a CPU trigger scale the group.
// The periodic tasks of the version's cron.yaml run on the leader
// instance only: the first instance whose daemon starts leads, and
// queues one message per firing, which some daemon posts to the task's
// URL with the task headers; when the leader terminates, the instance
// whose daemon has run longest leads at once, each election an event. A
// firing with no leader (no instance in service) is lost. A deployed
// version's tasks replace the old version's once it is deployed.
// A POST is the application's until its handler returns: the daemon
// builds its next POST in the same request, header map and body, so a
// handler that hands the request to a goroutine gives it a copy
// ([http.Request.Clone]).
//
// # Determinism
//
// Environment IDs, CNAMEs and resource names come from the stream
// derived from the account's seed by the name "beanstalk"; each lower
// service has its own stream. The same seed and the same calls give the
// same environments, events and account log.
//
// # Concurrency
//
// A Service is safe for concurrent use. No lock is held while it calls a
// lower service or a user's handler.
//
// # Differences from AWS
//
// The package does not simulate configuration updates of options other
// than those UpdateEnvironment lists (only InstanceType replaces
// instances), the instance-level metrics by status class, load, CPU
// state and file system that a ConfigDocument may ask for (accepted, not
// published), or ChangeSeverity (which DescribeConfigurationOptions does
// not give). Platform updates and managed actions are out of scope.
//
// Where it differs in what it does simulate:
//
//   - Source bundles are Go values, not ZIP files; versions are
//     Processed at once.
//   - LoadBalancerType defaults to application, as the console does;
//     the API's default is classic.
//   - The version lifecycle's ServiceRole is recorded, not assumed:
//     no permission stops a deletion.
//   - The Service makes no SNS service of its own, as it makes the
//     other lower services (an account has one, which the user's code
//     makes): an environment with a Notification Endpoint needs
//     [WithSNS], and is refused without it.
//   - An environment's tags do not reach its Auto Scaling group, launch
//     template, instances or a Classic Load Balancer (the lower
//     packages take no tags there), and a change of them reaches its
//     load balancer and target groups at once, without the environment
//     Updating as on AWS. Tag keys are 1 to 128 characters and values
//     1 to 256, as the API reference has them (the developer guide
//     says 127 and 255).
//   - A single-instance environment's Elastic IP address is drawn from
//     3.0.0.0/9 by the seed. The instance that holds it is worked out
//     at each request (the earliest launched of the group's instances
//     in service), with no event when it moves; with no instance in
//     service the CNAME answers 503 where a client of AWS's would find
//     no host, and the proxy on the instance has no timeouts.
//   - Resources are created at once when CreateEnvironment is called,
//     where AWS runs a CloudFormation stack for minutes; a resource
//     that cannot be created fails the call (and the environment is
//     Terminated) instead of an event of a failed launch.
//   - Instances publish CPUUtilization and, while behind a load
//     balancer, NetworkOut (the bytes of the response bodies they
//     serve): the other instance metrics a trigger may name find no
//     data, nor does NetworkOut on a worker environment. A trigger on
//     CPUUtilization needs its Unit set to Percent, as on AWS.
//   - Deployments that add capacity (RollingWithAdditionalBatch,
//     Immutable, TrafficSplitting) suspend the group's AlarmNotification
//     process while they run, so that the triggers do not take the
//     capacity away.
//   - Enhanced health's environment RequestCount and StatusCodes are
//     the load balancer's last whole minute (AWS's cover the last 10
//     seconds); a worker environment's are zero. Its latency thresholds
//     raise no cause: AWS publishes none.
//   - Basic health does not check the security group or the CNAME,
//     nor whether the worker daemons poll: a worker environment is
//     Green while its group has an instance in service. The developer
//     guide has no trigger alarm in basic health, and the simulator
//     adds none. The API reference's Yellow after two failed checks is
//     taken over the developer guide's "one or more".
//   - AllAtOnce deployments have no health gate. Deploying takes
//     DeployTime on every instance, where AWS takes what the platform's
//     commands take. Under basic health a worker environment's batches
//     have no health gate (there is no load balancer to ask).
//   - The cron leader is elected in the simulator's memory, not through
//     a DynamoDB table, and a new one takes over at the instant the
//     leader's daemon stops. A periodic task's message has the body
//     "elasticbeanstalk scheduled job", and the task travels in message
//     attributes the daemon reads.
//   - DescribeEnvironmentResources lists, beside the worker queue, the
//     dead-letter queue the environment made, second; queues are named
//     by their SQS names.
//   - A worker daemon stopped by scale-in lets go of the messages it
//     was posting without changing their visibility, as sqsd does: each
//     comes back after its visibility timeout with one receive more, so
//     frequent scale-ins with a small MaxRetries can dead-letter good
//     messages.
//   - The event messages other than "createEnvironment is starting.",
//     "Successfully launched environment: …" and "terminateEnvironment
//     completed successfully." are the simulator's wording.
package beanstalk
