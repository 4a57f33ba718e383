// Package lambda is an in-memory AWS Lambda whose functions are Go
// handlers, with Lambda's invocation, concurrency, cold-start and billing
// semantics in virtual time.
//
// # Usage
//
//	clk := sim.NewClock(start)
//	fns := lambda.New(lambda.WithClock(clk))
//	fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
//		FunctionName: "resize",
//		Role:         "arn:aws:iam::000000000000:role/resize",
//		Code: lambda.Code{
//			Handler:      handler,                                  // func(ctx, payload) (payload, error)
//			Duration:     lambda.FixedDuration(120 * time.Millisecond), // simulated time per invocation
//			InitDuration: 300 * time.Millisecond,                   // simulated cold start
//		},
//	})
//	out, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: "resize", Payload: []byte(`{"id":1}`)})
//
// A function's code is a [Handler] over the raw JSON payload; [Typed]
// adapts a handler written over Go types, such as aws-lambda-go's event
// structs. Errors are *[Error] values with the AWS code and HTTP status;
// match them with errors.Is and the Err… sentinels.
//
// # Time
//
// A handler runs on the goroutine that starts its invocation, at the
// clock's current time, and returns at once in real time. How long it takes
// in virtual time comes from the function's [Code.Duration] model or from
// [ReportDuration] in the handler, never from the wall clock; a cold start
// adds [Code.InitDuration] first. For that span the invocation's execution
// environment is busy: an invocation that overlaps it in virtual time needs
// another environment, and concurrency limits count busy environments.
// Environments freed by the passing of time, and idle environments reaped
// after the idle timeout ([WithIdleTimeout]), are computed when the service
// is next used, so any clock works.
//
// Event invocations are scheduled on the clock: with a *[sim.Clock] they
// run, and are retried, on the goroutine that advances it, in order.
//
// An SQS event source mapping ([Service.CreateEventSourceMapping]) runs on
// an [sqs.Consumer], whose pollers long-poll with the callback form of
// ReceiveMessage, so it needs no goroutine: its batches run on whichever
// goroutine delivers the messages or advances the clock, and a batch's
// messages are deleted at its invocation's end in virtual time. Its
// pollers long-poll for ever while the mapping is enabled, so a *sim.Clock
// with a mapping never runs out of events: advance it by durations rather
// than with RunUntilIdle.
//
// # Determinism
//
// Request IDs, revision IDs and the weighted choice of an alias's version
// come from a random stream derived from the account's root seed by the
// name "lambda" ([WithSeed]); functions and aliases are listed in name
// order.
//
// # Concurrency
//
// A Service is safe for concurrent use. No lock is held while a handler
// runs, so a handler may call the service, or another one.
//
// # User code
//
// Handlers and duration models run through the account's one guarded path
// into user code ([cloud.Account.CallUser]): a panic is a crash of the
// function (Runtime.ExitError, Unhandled) and never unwinds through the
// service. With [cloud.WithWatchdog], off by default, a handler that has
// not returned within a real-time limit fails its invocation as a timeout
// and, for a RequestResponse Invoke, the call with a [*cloud.BlockedError]
// naming the function and the virtual instant, instead of hanging Invoke
// or the goroutine that advances the clock; see [Service.Invoke].
//
// # Inspection
//
// [Service.Inspect] returns an [Inspector]: per-function totals of
// invocations, errors, throttles, cold starts, billed duration, GB-seconds
// and cost ([FunctionStats]), warm environments, and with [WithHistory]
// every invocation with its version, environment, cold or warm start, and
// span in virtual time, each also recorded in the account's event log as
// it ends. With [WithMetrics] the functions' invocations, errors,
// throttles, durations, concurrency and the ages of their asynchronous
// events are also CloudWatch metrics in AWS/Lambda, once a minute.
// IteratorAge is not: AWS publishes it for mappings that read streams
// (Kinesis, DynamoDB, Amazon DocumentDB), and this package's event source
// mappings read SQS queues only.
//
// # Faults
//
// With a fault plan on its account ([cloud.Account.SetFaultPlan]), an
// invocation fails as Lambda itself can: [FaultServiceError] fails it
// with ServiceException (HTTP 500) before the handler runs,
// [FaultThrottle] throttles it below the concurrency limit
// (TooManyRequestsException with Reason
// FunctionInvocationRateLimitExceeded), and [FaultSlowColdStart] makes a
// cold start's Init the rule's Delay longer. A rule's Resource is a
// function name; each fault that fires is in the account's event log with
// the invocation's request ID and the rule. Event invocations and event
// source mapping batches that Lambda fails are retried as AWS retries
// them: with backoff until their maximum event age, and after the
// queue's visibility timeout. Faults are drawn from the account's seed,
// so a run replays; without a plan, or with one for other services only,
// nothing changes.
//
// # Permissions
//
// A function, each of its published versions and each of its aliases has
// a resource policy of its own, which [Service.AddPermission] adds
// statements to and [Service.RemovePermission] removes them from, and
// [Service.GetPolicy] returns as the JSON document Lambda writes
// ({"Version":"2012-10-17","Id":"default","Statement":[…]}); the policy
// shares the revision ID of its version or alias. The function's policy
// governs invocations by the unqualified ARN and by $LATEST, a version's
// or an alias's those by its qualified ARN only, as AWS applies them.
//
// Policies are enforced in an account with [cloud.WithPolicyEnforcement],
// where AWS checks them: a delivery by another service of the account to
// a function ARN that names its sender ([cloud.Sender]: a service
// principal such as sns.amazonaws.com, and the resource it delivers for,
// such as a topic, as aws:SourceArn) fails with [ErrAccessDeniedException]
// and runs nothing unless the policy allows that principal
// lambda:InvokeFunction with those conditions, and
// a load balancer refuses to register a function as a target unless the
// policy allows elasticloadbalancing.amazonaws.com for the target group
// ([Service.CheckInvokePermission]). Without enforcement, the default,
// policies are validated and kept but allow everything. Direct calls of
// [Service.Invoke] are the account's own and are never checked; a call
// of another account, which the server takes signed with that account's
// key, is decided by the policy whatever the option says
// ([Service.Authorize]), as AWS lets no other account in without one.
//
// # Differences from AWS
//
// This package is being built in steps (issue 3). It simulates today:
// functions and their configuration limits, versions and aliases with
// weighted routing, synchronous, Event and DryRun invocation, execution
// environments with cold starts and reaping, reserved and account
// concurrency with throttling, billing, and for asynchronous invocations
// the event invoke configuration, on-success and on-failure destinations
// (SQS queues, SNS topics and Lambda functions) and dead-letter queues
// (SQS queues and SNS topics), SQS event source mappings, the scaling rate
// and provisioned concurrency. Destinations and dead-letter queues are
// delivered by ARN through the service's account ([cloud.Account]), so
// they reach the account's SQS and SNS services, made before or after this
// one; event source mappings receive from the SQS service given with
// [WithSQS]. It does not yet simulate:
//
//   - EventBridge buses and S3 buckets as destinations, and
//     ListFunctionEventInvokeConfigs;
//   - event source mapping filter criteria, provisioned pollers, and
//     scaling back down below 5 pollers;
//   - layers (only their number is checked), tags operations,
//     LogType and the REPORT log line;
//   - AddPermission's InvokedViaFunctionUrl (function URLs are not
//     simulated), and principals of an organization: no caller belongs
//     to one, so a statement with PrincipalOrgID allows no one.
//
// Where it differs in what it does simulate:
//
//   - AddPermission refuses a parameter that fails the API model's
//     pattern (an Action of another service, a SourceArn that is not an
//     ARN) with ValidationException, and accepts any lambda: action name.
//     It reads a Principal as "*", a 12-digit account ID, an ARN (which
//     must be an IAM or STS principal) or a dotted service principal, and
//     refuses anything else with InvalidParameterValueException; AWS
//     documents no complete list.
//   - Resource policies are enforced on what other services of the
//     account deliver on a resource's behalf (cloud.Message's Sender) and
//     on a load balancer's registration of a function; a refusal is an
//     AccessDeniedException whose message follows IAM's form, which AWS
//     does not document for service principals. Invoke called directly is
//     the account's own call and is never checked, and no policy of
//     another account is consulted.
//   - A queue or topic named as a destination or dead-letter queue is
//     checked for the form of its ARN only: it need not exist until
//     something is delivered to it, and no execution role permission is
//     checked, where AWS refuses a target the role may not send to. A
//     delivery that fails (the queue or topic does not exist, or no SQS or
//     SNS service is connected) is counted in [FunctionStats]. A FIFO
//     queue or topic is accepted, as AWS accepts it, and every delivery
//     to it fails.
//   - An event of a function reserved to zero concurrency goes to its
//     on-failure destination and dead-letter queue with condition
//     RetriesExhausted and an invoke count of zero; AWS documents only that
//     such events are not retried.
//   - A function is Pending only in CreateFunction's output and Active at
//     any later read; an update is InProgress only in its own output. AWS
//     takes an unpublished, short time for both.
//   - The Init phase of a cold start is billed, as AWS does for functions
//     on the provided runtimes; the free tier and volume discounts are not
//     applied ([Prices]).
//   - A handler runs, and so makes its calls to other services, at the
//     instant its invocation starts, also on a cold start, where AWS would
//     run it only after the Init phase; the invocation still ends after
//     Init plus its duration.
//   - A handler's returned error does not reset its environment; a panic
//     or a timeout does. The error document has errorMessage and errorType
//     (the Go type name of the error, Sandbox.Timedout, or
//     Runtime.ExitError for a panic), without a stack trace.
//   - An event source mapping starts 5 pollers and, once a minute, adds up
//     to 300 while its backlog has work for them: up to one poller per
//     BatchSize messages visible or in flight, up to 1,000 or its
//     MaximumConcurrency. AWS documents the 5, the 300 a minute and the
//     1,000, and that it scales with the backlog, not how; a poller whose long poll comes back empty stops
//     while more than 5 run, and lowering MaximumConcurrency stops waiting
//     pollers at once and busy ones after their batch. A poller runs one
//     batch at a time, so the pollers bound the concurrent invocations. All
//     of a mapping's pollers feed one pool, and a batch is cut from it
//     when it holds BatchSize messages, when its message bodies reach 3 MB
//     (leaving the rest of the 6 MB payload to the event's metadata, where
//     AWS measures the whole event; the receive that reaches 3 MB is
//     taken whole), or when the batching window ends. The window opens
//     when a message reaches an empty pool (or is left over by a full
//     batch); AWS documents that for SQS the next window begins when the
//     previous invocation completes. A window longer than the queue's
//     visibility timeout lets pooled messages be received again, where AWS
//     extends their visibility timeout. A throttled batch is left to come
//     back after the visibility timeout and its poller waits a second.
//     CreateEventSourceMapping's output says Creating; the mapping is
//     Enabled (or Disabled) at any later read. A batching window on a FIFO
//     queue is accepted and applied (a batch never splits one receive, so
//     message groups stay in order); AWS documents that FIFO queues do not
//     support a batching window.
//   - The scaling rate (1,000 new execution environments per function every
//     10 seconds, refilled continuously) throttles with Reason
//     ConcurrentInvocationLimitExceeded; AWS documents the 429 but not its
//     Reason.
//   - Provisioned concurrency is allocated a minute after it is requested
//     (plus the scaling rate beyond 1,000 environments); AWS starts within
//     one to two minutes. Its environments serve every invocation of their
//     version, also those not made through the alias that has the
//     configuration, and they count against concurrency only while they run
//     an invocation, where AWS counts allocated provisioned concurrency at
//     all times. Its prices are the x86_64 figures for both architectures.
//   - How long idle environments stay warm is the simulator's model
//     ([DefaultIdleTimeout]); AWS publishes none.
//   - With [WithMetrics], each minute's Duration and AsyncEventAge are
//     one statistic set (count, sum, minimum, maximum), so they have no
//     percentiles when the minute's values differ; AWS keeps every value.
//     The metrics are published per function only (no Resource or
//     ExecutedVersion dimension, no account-wide aggregates), at once,
//     and AsyncEventsReceived, AsyncEventsDropped and the event source
//     mapping metrics are not published.
package lambda
