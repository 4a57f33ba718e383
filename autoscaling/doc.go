// Package autoscaling is an in-memory Amazon EC2 Auto Scaling: groups of
// simulated instances with their lifecycle, load balancer registration
// and draining, health checks and replacement, scaling policies run by
// CloudWatch alarms, lifecycle hooks, termination policies and what the
// instances cost, in process, with time under the caller's control. It
// also holds the EC2 launch templates groups launch from.
//
// # Usage
//
// A [Service] is one account's Auto Scaling endpoint in one region. Its
// methods are the Auto Scaling API operations (and EC2's launch template
// operations), with the AWS names, taking a context and an input struct
// and returning an output struct and an error. Composed with Elastic Load
// Balancing and CloudWatch on one account, it closes the loop of load,
// metric, alarm, policy and capacity:
//
//	clk := sim.NewClock(start)
//	acct := cloud.New(cloud.WithClock(clk))
//	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
//	lbs := elb.New(elb.WithAccount(acct), elb.WithMetrics(cw))
//	groups := autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(lbs), autoscaling.WithMetrics(cw))
//	groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
//		LaunchTemplateName: "web",
//		LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "m5.large", Backend: newWebServer},
//	})
//	groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
//		AutoScalingGroupName: "web", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
//		MinSize: 2, MaxSize: 10, AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
//		TargetGroupARNs: []string{tgARN}, HealthCheckType: autoscaling.HealthCheckELB,
//	})
//	groups.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
//		AutoScalingGroupName: "web", PolicyName: "cpu50", PolicyType: autoscaling.PolicyTargetTracking,
//		TargetTrackingConfiguration: &autoscaling.TargetTrackingConfiguration{
//			PredefinedMetricSpecification: &autoscaling.PredefinedMetricSpecification{PredefinedMetricType: autoscaling.MetricASGAverageCPUUtilization},
//			TargetValue: 50,
//		},
//	})
//	clk.Advance(24 * time.Hour) // a day of traffic, alarms and scaling
//
// Durations of the inputs are time.Duration in whole seconds; optional
// numbers, durations and flags where AWS tells "not given" from zero are
// pointers ([Int], [Duration], [Bool]). Errors are *[Error] values
// carrying the AWS error code and HTTP status; match them with errors.Is
// and the Err… sentinels. Bad input never panics and never changes
// state.
//
// # Instances
//
// An instance runs what its launch template version says: a web server
// (LaunchTemplateData.Backend, given to Elastic Load Balancing for the
// instance's ID), a [Worker], or both. It is launched in the group's zone
// with the fewest instances and lives through the states of the user
// guide's lifecycle:
//
//   - Pending for its boot time (LaunchTemplateData.BootTime, a minute
//     by default), and Pending:Wait while a launch lifecycle hook holds
//     it (the two overlap: the hook's wait starts at launch); then its
//     web server starts, it is registered with the group's target
//     groups and Classic Load Balancers, its worker starts, and it is
//     InService. Its launch activity ends Successful.
//   - Terminating: it leaves its load balancers and stays for the
//     longest of their deregistration delays (a Classic Load Balancer's
//     connection draining timeout) while connections drain; then
//     Terminating:Wait while a terminate hook holds it; then Terminated,
//     and its web server stops. A pending instance that terminates skips
//     the draining.
//
// Pending and InService instances count toward the desired capacity;
// terminating ones do not, so a replacement launches as soon as the
// instance it replaces begins to terminate.
//
// [Service.EnterStandby] takes instances out of service without
// terminating them: EnteringStandby while they drain from the target
// groups, then Standby, running (their workers too) but neither counted
// nor health checked; [Service.ExitStandby] puts them back through
// Pending. [Service.DetachInstances] takes instances out of the group
// the same way (Detaching, then no group at all), still running and
// costing; [Service.AttachInstances] makes such an instance part of a
// group again. Each of these calls either changes the desired capacity
// by the number of instances it moves or, for EnterStandby and
// DetachInstances without ShouldDecrementDesiredCapacity, launches
// replacements. Every change of the desired
// capacity launches or terminates at once, and each instance's launch and
// termination is a scaling activity ([Service.DescribeScalingActivities])
// whose Cause carries AWS's sentences: "At 2026-03-02T09:00:00Z a user
// request explicitly set group desired capacity changing the desired
// capacity from 2 to 4.  At 2026-03-02T09:00:00Z an instance was started
// in response to a difference between desired and actual capacity,
// increasing the capacity from 2 to 4."
//
// Lifecycle hooks ([Service.PutLifecycleHook]) send their message (and a
// test message when created) to an SQS queue or SNS topic of the account,
// by ARN; [Service.CompleteLifecycleAction] continues or abandons,
// [Service.RecordLifecycleActionHeartbeat] restarts the heartbeat
// timeout, and a timeout applies the DefaultResult (ABANDON unless set).
// An abandoned launch fails its activity with AWS's status message, and
// the instance is terminated and replaced.
//
// [Service.PutNotificationConfiguration] makes a group publish its
// launches and terminations (and their errors) to SNS topics of the
// account when each activity ends, as Auto Scaling's message JSON with
// its subject ("Auto Scaling: launch for group \"web\"").
//
// # Health
//
// Every [HealthCheckInterval] (30 s) the group checks its instances in
// service whose HealthCheckGracePeriod has passed: an instance EC2 finds
// impaired ([Service.ImpairInstance], standing for a failed status check)
// and, with HealthCheckType ELB, one that a target group reports
// unhealthy is marked Unhealthy. [Service.SetInstanceHealth] marks one
// directly. Unhealthy instances, and instances older than
// MaxInstanceLifetime, are terminated and replaced, at most a tenth of
// the desired capacity (at least one) at a time: the next ones wait until
// those in progress have terminated.
//
// # Faults
//
// An account's fault plan ([cloud.Account.SetFaultPlan]) can make EC2
// fail a group in the ways it does, each drawn from the account's seed
// and in the account's event log with its rule:
//
//   - [FaultInstanceImpaired]: at each health check, each instance in
//     service may start failing its EC2 status checks, and is then
//     replaced as any impaired instance is.
//   - [FaultZoneOutage] ([cloud.FaultZoneOutage]): an Availability Zone
//     goes dark, for the rule's window or Delay. At each health check
//     the group's instances in service there are impaired, and replaced
//     at the replacement pace. A launch tries the zones from the one
//     with the fewest instances, as Auto Scaling does: each dark zone
//     it tries is a failed activity whose status message is EC2's
//     InsufficientInstanceCapacity ("We currently do not have
//     sufficient m5.large capacity in the Availability Zone you
//     requested (us-east-1a). … Launching EC2 instance failed."), and
//     the instance launches in the first zone that is up; with all of
//     them dark the launch fails and is tried again at the next health
//     check. Rebalancing leaves a dark zone out; once it is back, the
//     zones are unbalanced and the group moves instances back into it,
//     one at a time, launching before it terminates (see Scale-in). The
//     group's load balancers find the instances' web servers in the
//     zone unreachable too (see the elb package's Faults).
//   - [FaultSpotCapacityShortage]: EC2 has no Spot capacity of an
//     instance type, for the rule's window or Delay. A Spot launch of a
//     mixed instances group tries its overrides from the lowest Spot
//     price up and takes the first that has capacity; when none has, it
//     fails with the status message "Could not launch Spot Instances.
//     InsufficientInstanceCapacity - There is no Spot capacity available
//     that matches your request. Launching EC2 instance failed." and is
//     tried again at the next health check. On-Demand launches are not
//     affected, and the group does not launch On-Demand instead.
//   - [FaultSpotRebalanceRecommendation]: at each health check, each
//     Spot instance in service may get EC2's rebalance recommendation. A
//     group with CapacityRebalance launches its replacement at once and
//     terminates it once the group's instances are all in service; a
//     notice that comes meanwhile terminates it at once.
//   - [FaultSpotInterruption]: at each health check, each Spot instance
//     in service may get EC2's two-minute interruption notice, with what
//     [Service.InterruptSpotInstance] does.
//
// With no plan, or no rule for them, nothing is drawn.
//
// # Scaling policies
//
// A simple or step policy runs when a CloudWatch alarm whose action is
// the policy's ARN goes to ALARM, and again at every evaluation while the
// alarm stays there (CloudWatch calls scaling actions repeatedly);
// [Service.ExecutePolicy] runs it directly.
//
//   - Simple: the adjustment, then the cooldown (the policy's Cooldown,
//     else the group's DefaultCooldown, 300 s) counted from the end of
//     the activities it started; further calls inside it are ignored.
//   - Step: the step the breach falls in (the alarm's newest datapoint
//     against its threshold, read from CloudWatch), added to the desired
//     capacity less the instances still warming up
//     (EstimatedInstanceWarmup, else DefaultInstanceWarmup, else
//     DefaultCooldown), so a breach in the same step adds nothing more;
//     scale-in waits until no instance is warming up.
//   - Target tracking: the policy creates two alarms,
//     "TargetTracking-GROUP-AlarmHigh-UUID" (above the target for 3 of 3
//     one-minute periods) and "TargetTracking-GROUP-AlarmLow-UUID" (below
//     90 % of it for 15 of 15), and deletes them with itself. The high
//     alarm scales out to ceil(n × metric / target) for the n instances
//     past their warm-up, if that is more than the desired capacity; the
//     low alarm scales in to ceil(capacity × metric / target), if no
//     instance is warming up and every other target tracking policy of
//     the group that scales in has its low alarm in ALARM too (the
//     largest of their capacities wins), once per evaluation.
//
// Adjustments are clamped to the group's bounds; PercentChangeInCapacity
// rounds as AWS does (12.7 to 12, 0.3 to 1, -0.3 to -1, -6.67 to -6) and
// MinAdjustmentMagnitude raises it. [Service.SetDesiredCapacity] and
// [Service.ExecutePolicy] ignore the cooldown unless HonorCooldown.
//
// # Scheduled actions
//
// [Service.PutScheduledUpdateGroupAction] sets a group's MinSize,
// MaxSize and DesiredCapacity (those it gives) at its StartTime, once,
// or at each firing of its Recurrence, a Unix cron expression of five
// fields ("0 8 * * MON-FRI") read in its TimeZone, UTC unless set, from
// StartTime (a run of its own) to EndTime. A desired capacity it does
// not give moves inside the new bounds. The cron fields take numbers,
// *, ranges, lists, steps, and three-letter month and weekday names;
// when both the day of the month and the day of the week are restricted,
// a day matches either, as in cron. In a zone with daylight saving time,
// a local time the zone skips does not fire that day and a repeated one
// fires once, at its first occurrence. An action that will not run again
// is deleted; runs while the ScheduledActions process is suspended are
// skipped. Time zones come from the tzdata the package embeds, so they
// resolve alike on every machine.
//
// # Scale-in
//
// Scale-in terminates in the zones with the most instances that have an
// instance not protected from scale-in, so zones stay balanced; across
// those zones (all of them when the group is balanced), the group's
// termination policies in order keep their best candidates (Default: another template or an older version first, then
// the instance closest to its next billing hour), and the seed picks
// among ties. Protected instances are never chosen; when every instance
// left is protected, the desired capacity falls and nothing terminates.
// Health replacement and TerminateInstanceInAutoScalingGroup ignore
// protection.
//
// Zones that drift apart by more than one instance (after a change of
// the group's zones, a termination, standby or detachment) are
// rebalanced one instance at a time at the health checks: an instance
// launches in the sparsest zone first, the group going up to a tenth
// (at least one) above MaxSize meanwhile, and once it is in service an
// instance of the fullest zone (or of a zone the group no longer has)
// terminates.
//
// # Instance refresh
//
// [Service.StartInstanceRefresh] replaces a group's instances in batches,
// giving the group its DesiredConfiguration if there is one. A batch is
// as many instances as may be out of service at once, desired capacity
// less MinHealthyPercentage of it rounded up (90 % by default), plus as
// many as MaxHealthyPercentage lets launch ahead, at least one. Those
// launched ahead serve until their replacements are ready; the others
// terminate at once, with the cause "an instance was taken out of
// service in response to an instance refresh". The next batch starts
// once every instance the group counts is in service, healthy and past
// the refresh's warm-up; checkpoints pause it, SkipMatching leaves
// instances already on the desired launch template version, protected
// and standby instances are replaced, left or waited for as the
// preferences say (waiting fails the refresh after an hour), and
// BakeTime holds it Baking at the end. The refresh moves on at the
// group's health checks, every 30 s.
//
// # Spot
//
// A group with a [MixedInstancesPolicy] runs its OnDemandBaseCapacity
// On-Demand, then OnDemandPercentageAboveBaseCapacity of the rest
// (rounded up), of the first override's type; the others are Spot, of
// the override with the lowest Spot price. EC2 gives a Spot instance its
// two-minute notice ([SpotNotice]) when [Service.InterruptSpotInstance]
// says so, at a time drawn from the seed with [WithSpotInterruptions],
// or when the fault plan says so (see Faults, which also has Spot
// capacity shortages and rebalance recommendations). With
// CapacityRebalance the group begins to
// terminate it at the notice (draining for what is left of the two
// minutes) and launches its replacement at once; without, the instance
// serves until EC2 takes it and the group replaces it at its next health
// check, at once whatever the replacement pace. [Inspector.Interruptions]
// lists them.
//
// # Metrics and cost
//
// With [WithMetrics], every minute each instance in service publishes its
// CPUUtilization to AWS/EC2 by InstanceId, and each group the same by
// AutoScalingGroupName (as one statistic set over its instances): the
// share of the instance type's vCPUs that its work kept busy over the
// minute, capped at 100 %. Its work is the busy time Elastic Load
// Balancing books for its target ID (the requests it served, one by one
// or in aggregate mode: a request's latency from Backend.Latency is CPU
// time) plus its worker's Busy time. An instance registered with a load
// balancer or running a web server also publishes NetworkOut (bytes, by
// InstanceId and by group): the bytes of the response bodies Elastic
// Load Balancing counts for it, the ResponseBytes of aggregate traffic
// included; other instances publish none, where EC2 would publish their
// traffic. Groups with
// [Service.EnableMetricsCollection] publish the group metrics (the
// MetricGroup… constants) to AWS/AutoScaling.
//
// Each instance costs its type's On-Demand or Spot price ([InstanceTypes]) for
// every second from launch to termination, Pending and Terminating
// included, as EC2 bills Linux instances; [Inspector.Costs] lists them and
// [Inspector.GroupCost] sums a group's.
//
// # Time
//
// Boots, drains, hook timeouts and health checks are scheduled on the
// account's clock; nothing happens between the clock's moves. With a
// *sim.Clock they run in order on the goroutine that advances it, alarms
// and load balancer health checks of the same instant included; with
// another clock they run through its AfterFunc and stay correct, only
// not ordered.
//
// # Determinism
//
// Group, instance, activity, policy and lifecycle token IDs and the
// choice among scale-in ties come from the stream derived from the
// account's root seed by the name "autoscaling". Listings are in creation
// order, instances in launch order.
//
// # Concurrency
//
// A Service is safe for concurrent use. No lock is held while it calls
// Elastic Load Balancing, CloudWatch, another service of the account, a
// backend factory or a worker, so they may call the service.
//
// # User code
//
// A launch template's Backend and Worker factories and a [Worker]'s Busy
// and Stop are user code, called through the account's one guarded path
// ([cloud.Account.CallUser]), so that a panic, or with [cloud.WithWatchdog]
// a call that does not return in time, is the failure of that instance's
// program and never unwinds through the service: a Backend factory that
// fails leaves the instance without a web server (registered all the
// same, it fails its health checks), a Worker factory that fails starts
// no worker, each said in the launch activity's StatusMessage; a worker
// whose Busy panics reports no CPUUtilization for the minute, and one
// whose Stop fails has stopped. Busy, read every minute, is guarded
// against panics only: the watchdog does not cover it.
//
// # Inspection
//
// Service.Inspect returns an Inspector with the cost of every instance
// launched. DescribeScalingActivities keeps six weeks of activities, as
// AWS does.
//
// # Differences from AWS
//
// It does not simulate: warm pools, the traffic source operations
// (AttachTrafficSources and the rest; the target group and Classic Load
// Balancer ones are simulated), launch configurations and tags.
// Predictive scaling policies are out: PutScalingPolicy
// refuses them. Of target tracking, the predefined metrics are
// ASGAverageCPUUtilization and ALBRequestCountPerTarget (the network
// ones are refused: NetworkIn is not published), or a customized
// metric; metric math specifications are not taken.
//
// Where it differs in what it does simulate:
//
//   - There is no VPC: groups take AvailabilityZones, zones of the
//     region named by a letter; VPCZoneIdentifier is not taken.
//   - Launches fail for want of capacity only by the fault plan (a zone
//     outage, a Spot capacity shortage), and then with EC2's
//     InsufficientInstanceCapacity message whatever the cause; a failed
//     launch is tried again at every health check, with no backoff. A
//     zone outage's failed launch names the group's zones that are up,
//     where EC2 names the region's. A group launches in another zone
//     when one fails, as AvailabilityZoneDistribution's default
//     balanced-best-effort does; the option itself (and balanced-only)
//     is not taken. Every instance boots in its template's BootTime
//     exactly.
//   - EC2 status checks fail only when ImpairInstance or the fault plan
//     says so, and are
//     acted on at the next health check, where AWS waits a few minutes.
//   - The replacement pace is a tenth of the desired capacity in
//     flight; AWS also waits for the new instances' health checks and
//     warm-up between rounds.
//   - The AWS/EC2 CPUUtilization by AutoScalingGroupName includes the
//     instances warming up; AWS leaves them out of the aggregate a
//     policy sees. Instances publish every minute, as with detailed
//     monitoring; basic monitoring's five minutes is not simulated.
//   - The AlarmLow threshold of target tracking (90 % of the target)
//     and both alarms' shapes are AWS's observed behaviour, which its
//     documentation does not state.
//   - Instances come only from the group's launches: AttachInstances
//     takes detached instances (there is no EC2 RunInstances), and a
//     detached instance runs until it is attached again (and then
//     terminated) or EC2 interrupts it; its cost stays under the group
//     it left. Moves into and out of standby and detachments send no
//     notification; attachments send a launch notification, as AWS does.
//     The causes of EnterStandby and DetachInstances without a
//     decrement, and the messages of refused moves, are the simulator's
//     wording.
//   - An instance refresh gives the group its desired configuration
//     when it starts (AWS: when it succeeds), and a cancelled or failed
//     refresh leaves it so. Rollback, CloudWatch alarms of a refresh,
//     the ReplaceRootVolume strategy and CancelInstanceRefresh without
//     waiting for the instances in flight are not simulated (the first
//     three are refused). The launches of a refresh carry the cause of
//     any launch that makes up the desired capacity.
//   - Scheduled actions: the cron shorthands (@daily …) and the
//     extensions of other schedulers (? L W #) are refused, as AWS
//     documents only the five fields; AWS does not document how it
//     treats local times that daylight saving time skips or repeats (see
//     Scheduled actions for what the simulator does). A run that would
//     set MinSize above MaxSize is a failed activity in the simulator's
//     wording; the deprecated Time field and
//     BatchPutScheduledUpdateGroupAction are not taken.
//   - Attached target groups and Classic Load Balancers are described
//     in State "Added" from the moment they are attached; Adding,
//     InService and Removing are not reported, and a detached one is
//     gone at once while its instances drain there.
//   - Lifecycle hooks given in CreateAutoScalingGroup send no test
//     message; PutLifecycleHook's does, and a target that refuses it
//     fails the call with ValidationError.
//   - Cost is Linux prices of us-east-1 in every region, with no EBS,
//     data transfer or load balancer charges; Spot prices are fixed, a
//     typical price per type, and Spot capacity runs out only by the
//     fault plan.
//   - Every Spot allocation strategy picks the lowest Spot price among
//     the overrides with Spot capacity (a pool is an instance type, in
//     every zone alike), SpotInstancePools and instance weights are not
//     taken, and On-Demand instances take the first override
//     (prioritized). Where AWS's capacity-optimized strategies would
//     prefer the deepest pool, the simulator only skips the empty ones.
//   - EC2's rebalance recommendation comes only from the fault plan
//     ([FaultSpotRebalanceRecommendation]). Capacity rebalancing
//     terminates the at-risk instances once every instance the group
//     counts is in service, where AWS waits for each one's own
//     replacement to pass its health checks, and does not check that
//     the replacement's pool is at lower risk.
package autoscaling
