// Package elb is an in-memory Elastic Load Balancing: Application,
// Network and Classic Load Balancers whose listeners are http.Handlers
// that route requests, by AWS's rules, to your own handlers and Lambda
// functions, with health checks on the virtual clock and the errors a
// load balancer makes.
//
// # Usage
//
//	clk := sim.NewClock(start)
//	lbs := elb.New(elb.WithClock(clk))
//	lb, _ := lbs.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: "shop", Subnets: []string{"subnet-a", "subnet-b"}})
//	tg, _ := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 8080})
//	l, _ := lbs.CreateListener(ctx, &elb.CreateListenerInput{
//		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Protocol: "HTTP", Port: 80,
//		DefaultActions: []elb.Action{{Type: "forward", TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}},
//	})
//	lbs.SetBackend("i-0a1", elb.Backend{Handler: myApp})  // the instance's web server
//	lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: …, Targets: []elb.TargetDescription{{Id: "i-0a1"}}})
//	clk.Advance(30 * time.Second)                         // the first health check passes
//	h, _ := lbs.Handler(l.Listeners[0].ListenerArn)       // an http.Handler
//	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil)) // through the load balancer to myApp
//
// The methods are the Elastic Load Balancing v2 API operations, with its
// names, limits and error codes; errors are *Error values matched with
// errors.Is and the Err… sentinels. A target ID stands for an instance
// or an IP address; what serves there is the [Backend] set for it with
// [Service.SetBackend], which is not an AWS operation (it stands for the
// web server on the instance). The autoscaling package sets them for
// its instances.
//
// # Requests
//
// A request through a listener's handler goes as AWS takes it. The load
// balancer first refuses what it never forwards: TRACE (405), a request
// URI over 16 KB (414), a transfer encoding other than chunked (501), an
// X-Forwarded-For of more than 30 addresses (463), a header over 16 KB
// or headers over 64 KB in all (400). Then the listener's rules are
// evaluated by priority, lowest first, the default rule last; the first
// whose conditions all match acts:
//
//   - fixed-response answers with its status, content type and body;
//   - redirect answers 301 or 302 with the Location formed from the
//     request and the #{protocol}, #{host}, #{port}, #{path} and #{query}
//     keywords;
//   - forward chooses a target group (by weight, at random from the
//     service's seed, or by the AWSALBTG cookie when group stickiness is
//     on), then a target (by the AWSALB or AWSALBAPP-0 cookie when the
//     group's stickiness is on and the target can still take it, else by
//     the group's algorithm: round_robin, least_outstanding_requests or
//     weighted_random), and sends it the request with X-Forwarded-For
//     (by routing.http.xff_header_processing.mode), X-Forwarded-Proto,
//     X-Forwarded-Port and X-Amzn-Trace-Id added.
//
// Requests go to healthy targets, or to every registered target that is
// not draining when fewer are healthy than the group's minimum
// (target_group_health.unhealthy_state_routing.minimum_healthy_targets,
// one by default: AWS's fail-open). A target in slow start gets a share
// that grows linearly over slow_start.duration_seconds.
//
// The statuses the load balancer makes, each for AWS's reason: 503 when
// the target group has no registered target that is not draining; 502
// when nothing serves at the target (no Backend), when its handler or
// its Latency model panics or gives a negative latency (a closed
// connection, as net/http's server closes it; panic(http.ErrAbortHandler)
// is how a Go handler closes one on purpose) or writes a status no
// response has, and for a
// Lambda function that fails, is throttled, is not found or answers
// something that is not an ALB response (the access log's error_reason
// says which); 504 when the target takes longer than the load balancer's
// idle timeout (idle_timeout.timeout_seconds, 60 s); 460 when the
// client's request context is done before the target answers; 413 for a
// body over 1 MB to a Lambda function. The load balancer's own
// responses carry "Server: awselb/2.0" and AWS's HTML bodies. Every
// other status is the target's, passed through.
//
// # Network Load Balancers
//
// A Network Load Balancer (Type network) sees TCP, not HTTP: each
// request through its listener's handler stands for one TCP connection
// (a flow), from the request's RemoteAddr, and is passed to a target
// unchanged, with no header added, its response passed back unchanged.
// The target is chosen by hashing the flow: the listener's protocol and
// port and the client's address and port (the address alone with
// source_ip stickiness), salted with the load balancer's ARN, and
// rendezvous-hashed over the routable targets, so a connection from the
// same address and port reaches the same target while that target is
// routable, and a target coming or going moves only its own flows.
// Routable is as for an Application Load Balancer: healthy, or every
// registered target that is not draining when the group fails open.
// The target sees the client's address as RemoteAddr when
// preserve_client_ip.enabled is true (the default for instance targets
// and for UDP), else the load balancer's.
//
// What an Application Load Balancer would answer with a 5xx a Network
// one answers by resetting the connection, which the handler does as a
// Go server does, with panic(http.ErrAbortHandler): no routable target
// (TCP_ELB_Reset_Count), nothing listening on the target or a target
// that closes the connection or garbles its response
// (TCP_Target_Reset_Count), and a target silent for longer than the
// flow idle timeout, 350 s (TCP_ELB_Reset_Count). A client whose
// request context is done before the target answers gets nothing
// (TCP_Client_Reset_Count). Health checks are TCP by default (every
// 30 s, timeout 10 s, thresholds 5 and 2) and pass while a Backend is
// set; HTTP and HTTPS checks are as for an Application Load Balancer.
// WithMetrics publishes AWS/NetworkELB metrics by LoadBalancer:
// NewFlowCount, ActiveFlowCount (flows whose target has not yet
// answered in virtual time), ProcessedBytes, the three reset counts,
// and per target group HealthyHostCount and UnHealthyHostCount.
//
// # Classic Load Balancers
//
// [Service.Classic] is the Classic Load Balancer API (version
// 2012-06-01): CreateLoadBalancer, DeleteLoadBalancer,
// DescribeLoadBalancers, Create/DeleteLoadBalancerListeners,
// ConfigureHealthCheck, Register/DeregisterInstancesWithLoadBalancer,
// DescribeInstanceHealth and Modify/DescribeLoadBalancerAttributes, by
// name rather than ARN, with the Classic API's error codes. A listener
// forwards to every instance registered with the load balancer, which
// is InService after HealthyThreshold consecutive passed checks (the
// default check is TCP on the first listener's instance port, every
// 30 s, thresholds 2 and 10) and OutOfService after
// UnhealthyThreshold failures, with DescribeInstanceHealth's reason
// codes and descriptions. Health checks carry the User-Agent
// ELB-HealthChecker/1.0; a TCP or SSL check sends no request and passes
// while a Backend is set.
//
// Its errors are a Classic Load Balancer's, with empty bodies: 503 when
// no instance is in service (there is no fail-open); 504 when the
// instance takes longer than the idle timeout (ConnectionSettings, 60 s),
// closes the connection or has no Backend; 502 for a malformed response.
// Behind an HTTP or HTTPS listener the instance gets X-Forwarded-For,
// -Proto and -Port (no X-Amzn-Trace-Id); behind a TCP or SSL listener
// the request as the client sent it. With connection draining enabled a
// deregistered instance is InService, "deregistration currently in
// progress", for the draining timeout and gets no new requests. The
// access log (ClassicAccessLog, in the Classic format of
// ClassicAccessLogEntry.String) is kept while AccessLog.Enabled, and
// WithMetrics publishes AWS/ELB metrics by LoadBalancerName:
// RequestCount, Latency (the idle timeout for a request that timed
// out, as AWS counts it), HTTPCode_ELB_4XX/5XX, HTTPCode_Backend_2XX to
// 5XX, BackendConnectionErrors, HealthyHostCount and UnHealthyHostCount.
//
// # Time
//
// A request runs at the clock's current time and returns at once in real
// time. How long the target takes in virtual time comes from
// Backend.Latency or from [ReportLatency] in the handler (for a Lambda
// function, from its duration model), never from the wall clock; it
// decides the 504s, the access log's times, the response time metrics
// and, for least outstanding requests, how long the target counts as
// busy. A backend with Workers serves that many requests at once and
// queues the others, in arrival order, behind the earliest to be free:
// a request's latency is its wait and its work, and the worker does the
// work of a request the load balancer has given up on too.
//
// Health checks are scheduled on the clock, per target group, every
// HealthCheckIntervalSeconds from when the group comes into use (a
// listener or rule forwards to it) and has targets: each registered
// target that is not draining gets one GET of the health check path
// with the User-Agent ELB-HealthChecker/2.0, reused from target to
// target (a handler must not keep it). A check passes when the status is
// in the Matcher within HealthCheckTimeoutSeconds. A target registered
// is initial (Elb.RegistrationInProgress, then Elb.InitialHealthChecking
// after a failed check) and healthy after one passed check, as the ALB
// guide says; UnhealthyThresholdCount consecutive failures make it
// unhealthy (Target.ResponseCodeMismatch, Target.Timeout or
// Target.FailedHealthChecks), HealthyThresholdCount consecutive passes
// healthy again. A deregistered target is draining for
// deregistration_delay.timeout_seconds (300 s) and then gone; that, and
// the end of slow start, is computed when next read.
//
// With a *sim.Clock, health checks run on the goroutine that advances
// it, in order; a target group in use with targets always has one
// pending, so advance by durations rather than with RunUntilIdle.
//
// # Aggregate traffic
//
// A simulated day at a thousand requests a second is too many handler
// calls. Service.StartTraffic starts aggregate traffic instead: a rate
// over virtual time and a mix of kinds of request, each with the mean
// work (service time) it gives a target. Every tick (10 s, or
// WithTrafficTick) the service evaluates the tick that starts then: it
// calls the rate once, takes each kind through the listener's rules as
// a request would go, splits each target group's share over its
// routable targets as its algorithm does on average (equally, scaled by
// slow start; for least outstanding requests, in proportion to the
// targets' workers too), and models each target's queue:
//
//   - A backend of Workers c that keeps up (no backlog, arrivals λ below
//     its capacity cμ, μ being one over the mean work) is an M/M/c
//     queue in its steady state: Poisson arrivals, exponential work.
//     A request waits with Erlang C's probability, for an exponential
//     time of rate cμ−λ, and the mean response time is the mean wait
//     plus the mean work.
//   - One that falls behind keeps a backlog, a fluid that grows by
//     λ−cμ a second and drains at cμ−λ; every request of the tick waits
//     behind the tick's mean backlog (backlog/cμ) and then does its work.
//   - A backend without Workers never queues: response time is the work.
//
// A request slower than the idle timeout is a 504 (a Network Load
// Balancer's reset), counted with the target's response time
// distribution: the share of requests over the timeout and the mean of
// the others. Each tick counts its expected numbers, which need not be
// whole, into the source's TrafficStats, the load balancer's and target
// groups' metrics and the hosts' busy time (Inspector.Host), all at the
// tick's start: after the clock reaches a tick, the source's numbers and
// the hosts' backlogs are as they will be at its end. A source stopped
// sends nothing from the next tick on, and targets still work off their
// backlog.
//
// The model's limits: the kinds' work is mixed into one exponential
// with their mean, so a mix of very different kinds waits as if it were
// one; aggregate traffic calls no handler and writes no access log;
// lambda target groups are not modelled (their share is counted as
// Unmodelled); stickiness is not followed; the load balancer's
// ActiveFlowCount and the least-outstanding count of requests through
// the handler leave aggregate traffic out, and aggregate and per-request
// traffic do not wait for each other's work at a target; health checks
// do not wait behind work. The mean response time of a target that
// keeps up includes the rare requests past the idle timeout. The test
// TestAggregateModeAgreesWithRequestsThroughTheHandler checks the model
// against the same traffic through the handler, one request at a time.
//
// # Determinism
//
// Resource IDs and DNS names come from the stream derived from the
// account's root seed by the name "elb" (WithSeed); what requests meet
// (weighted choices, trace IDs) from a stream of its own derived from
// that one, so that traffic does not change the names of resources made
// after it. Listings are in creation order (rules by priority), targets
// in registration order.
//
// # Permissions
//
// In an account with cloud.WithPolicyEnforcement, RegisterTargets refuses
// a Lambda function, with [ErrAccessDenied] as AWS does, unless the
// function's (or the named version's or alias's) resource policy lets
// [ServicePrincipal] invoke it with the target group as aws:SourceArn:
// grant it with lambda.Service.AddPermission first. Without enforcement,
// the default, nothing is checked.
//
// # Faults
//
// An account's fault plan ([cloud.Account.SetFaultPlan]) can make
// targets unreachable or silent, as networks and servers fail. Both
// faults last once they fire, and the rule's Delay or Until says for how
// long; a target's handler is not called while one holds, so that a
// hanging target is a fault of virtual time, never a blocked goroutine.
//
//   - [FaultZoneOutage]: an Availability Zone goes dark. A target whose
//     backend is in the zone ([Backend].AvailabilityZone; the
//     autoscaling package sets its instances') takes no connection: its
//     health checks time out (Target.Timeout) and it is unhealthy after
//     UnhealthyThresholdCount of them; until then a request sent to it
//     gets a 504 after the ten-second connection timeout
//     ([ConnectTimeout]) from an Application or Classic Load Balancer
//     and a reset from a Network one. Once the checks find it, requests
//     go to the targets of the other zones, as cross-zone load balancing
//     sends them; when every target is dark the group fails open and
//     requests get the 504s. When the zone is back its targets pass
//     their checks again.
//   - [FaultTargetHang]: a target takes the connection and never
//     answers. An Application or Classic Load Balancer answers 504 after
//     its idle timeout (60 s by default); an HTTP or HTTPS health check
//     times out at HealthCheckTimeoutSeconds, while a TCP check, which
//     only connects, passes; a Network Load Balancer resets the flow
//     after its idle timeout of 350 s, and keeps routing to the target
//     while its TCP checks pass, as AWS does.
//
// With no plan, or no rule for them, nothing is drawn. Lambda targets
// are not reached by these faults: the lambda package has its own.
//
// # Concurrency
//
// A Service is safe for concurrent use. No lock is held while a
// backend's handler or a Lambda function runs, so a handler may call the
// service, or another one.
//
// # User code
//
// A backend's Handler and Latency model are user code: they run without
// the service's lock, and a panic in either is recovered and becomes the
// crash of the target's server described under Requests, never a panic
// through the caller. The account's watchdog ([cloud.WithWatchdog]) does
// not cover them: a handler that blocks holds its request, and a health
// check holds the goroutine that advances the clock, until it returns.
// Lambda targets are invoked through the lambda package, whose handlers
// the watchdog does cover.
//
// # Inspection
//
// Service.Inspect returns an Inspector: the access log of each load
// balancer (kept while its access_logs.s3.enabled attribute is true, as
// AWS writes one; AccessLogEntry.String prints AWS's format), every
// target with its health, outstanding requests, slow start and draining,
// and with WithHistory the registrations and health transitions, also in
// the account's event log. With WithMetrics the load balancers' and
// target groups' metrics are CloudWatch metrics in AWS/ApplicationELB,
// once a minute.
//
// # Differences from AWS
//
// It simulates Application Load Balancers: load balancers, listeners, rules with
// every condition type, forward (weighted, with group stickiness),
// redirect and fixed-response actions, target groups of instance, ip and
// lambda targets with their attributes, health checks, stickiness, slow
// start, the three algorithms, fail-open, draining, access logs, tags and
// metrics; Network Load Balancers' flow-hash routing, client IP
// preservation, resets, TCP health checks and metrics; and Classic Load
// Balancers with their listeners, health checks, instances, attributes,
// access logs and metrics; and aggregate traffic, whose model's limits
// its section gives. Of Network Load
// Balancers it does not simulate a flow table: a flow is hashed
// afresh on every request, so a draining target gets no request even
// on an established connection, where AWS keeps existing flows on it
// until the deregistration delay ends; nor UDP and TLS as protocols of
// their own (UDP, TCP_UDP and TLS listeners serve their handler as TCP
// does), the listener attribute that changes the idle timeout, proxy
// protocol v2 (the attribute is recorded), access logs (AWS writes them
// only for TLS listeners), cross-zone off, Elastic IPs, PrivateLink or
// the zonal DNS names. Of Classic Load Balancers it
// does not simulate policies (stickiness, proxy protocol, SSL
// negotiation), tags, security groups or subnets attached later, the
// SurgeQueueLength and SpilloverCount metrics, or the pre-forward
// refusals of an Application Load Balancer (a Classic one forwards
// what it gets). It does not simulate at all: authenticate and
// JWT-validation actions (refused with InvalidLoadBalancerAction), TLS
// (HTTPS listeners take a certificate ARN, unchecked, and serve their
// handler as HTTP), HTTP/2 and gRPC, WebSockets, WAF, desync
// mitigation (the attribute is recorded), and the anomaly mitigation of
// weighted_random.
//
// Where it differs in what it does simulate:
//
//   - There is no VPC: subnets are any IDs beginning "subnet-", the i-th
//     in the region's i-th zone; cross-zone load balancing is always on,
//     and a target's zone (its Backend's AvailabilityZone) matters only
//     to a zone outage of the fault plan. Instance IDs and IP addresses
//     are checked for their form only.
//   - A zone outage darkens targets only: the load balancer's node in
//     the zone, which AWS's DNS stops answering with, is not simulated,
//     so the listener's handler serves as the nodes of the other zones
//     do. A Network Load Balancer resets a flow to a dark target after
//     its idle timeout, where a client's connection attempt would time
//     out unanswered.
//   - A load balancer is provisioning only in CreateLoadBalancer's
//     output and active at any later read, where AWS takes minutes; its
//     listeners serve at once.
//   - A load balancer's response is decided when the request arrives:
//     a request still in progress when its target's deregistration
//     delay ends gets the target's response, where AWS would close the
//     connection (a 502).
//   - One load balancer node: each target gets one health check per
//     interval, where every node of a real load balancer checks it.
//   - The default HealthCheckTimeoutSeconds of an HTTP target group is
//     5, as the ALB guide says (the API reference now says 6); lambda
//     target groups' is 30, Network Load Balancers' 10 (6 for HTTP
//     checks).
//   - A lambda target group needs the Lambda service given with
//     WithLambda. A function's resource policy is checked when it is
//     registered (see Permissions), not at each request: a permission
//     removed later does not stop the load balancer invoking it.
//   - The access log's byte counts are of bodies only, and its TLS,
//     domain, certificate and classification fields are "-".
//   - An Application Load Balancer's ActiveConnectionCount,
//     ProcessedBytes, ConsumedLCUs and the per-zone metrics are not
//     published; RequestCountPerTarget divides by the healthy targets,
//     or by one when none is.
//   - CanonicalHostedZoneId is not given.
//   - A Classic Load Balancer has one node: cross-zone load balancing
//     and the access log's EmitInterval are recorded, not acted on. Its
//     TCP and SSL listeners serve their handler as HTTP, as HTTPS ones
//     do, and a client gone before the instance answers is logged with
//     status 460, an Application Load Balancer's code (the Classic log
//     has none for it).
package elb
