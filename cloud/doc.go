// Package cloud is one simulated AWS account: what the services of an
// account share, and how they reach each other.
//
// # Usage
//
// Make an [Account] and hand it to every service with its WithAccount
// option. The services then share one clock, one root seed, one region and
// account ID, one event log, and they deliver to each other by ARN, as AWS
// services do:
//
//	clk := sim.NewClock(start)
//	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7))
//	queues := sqs.New(sqs.WithAccount(acct), sqs.WithHistory())
//	topics := sns.New(sns.WithAccount(acct))
//	functions := lambda.New(lambda.WithAccount(acct), lambda.WithSQS(queues))
//
// Services may be made in any order: an SNS subscription to a queue, or a
// Lambda destination that is a topic, is resolved by ARN when the message
// is delivered. A one-service test needs no account: sqs.New(sqs.WithClock(clk))
// makes a private one, and the shorthand options (WithClock, WithSeed,
// WithRegion, WithAccountID) of each service set it. Shorthand options
// given with WithAccount must agree with the account.
//
// # Delivery by ARN
//
// A service joins its account with [Account.Join] as the receiver of the
// ARNs of its namespace ("sqs", "sns", "lambda"), and sends to another's
// resources with [Account.Deliver]: SNS to its queue and function
// subscribers, Lambda to its destinations and dead-letter queues. A target
// no service holds fails as AWS reports a resource that does not exist. A
// test may join a fake of its own for a namespace no service holds.
//
// Typed, synchronous calls downwards, such as a Lambda event source
// mapping receiving from a queue, stay ordinary Go calls on the lower
// service (lambda.WithSQS).
//
// # Time and determinism
//
// The account's clock is every service's clock, and [Account.Scheduler]
// their scheduler: with a *[sim.Clock], all their scheduled work runs in
// one order. Each service draws from its own stream, derived from the root
// seed by the service's name ([Account.Seed]), so one seed reproduces a
// composed simulation and adding a service changes no other's numbers.
//
// # Event log
//
// Services whose history is on record what they do in the account's log
// as it happens ([Account.Events], [Account.Log]), so a composed
// scenario's log is in true order across services without sorting, and
// its stable text form ([Event.String], one time format: [TimeFormat]) is
// what golden files hold. Code under test may record its own events with
// [Account.Record].
//
// # Faults
//
// A well-behaved fake hides the bugs that AWS's rare misbehaviour finds:
// a consumer that is not idempotent meets its first duplicate in
// production. [Account.SetFaultPlan] gives an account a fault plan, rules
// ([FaultRule]) that say which fault, on which resource, how often
// (a probability drawn from the account's seed, or exact instants and
// counts) and for how long. Each service documents, under its own
// "Faults" heading, the faults it can inject (sqs.FaultRedeliver …): only
// ways in which AWS really misbehaves, within what AWS promises. Every
// fault that fires is in the event log with the rule that caused it
// ([Account.FaultsFired] counts them), and the same root seed replays the
// same faults. Without a plan no service injects anything.
//
// Some faults last once they fire: an Availability Zone that goes dark
// ([FaultZoneOutage], which every service with resources in zones
// looks at), a target that hangs. A service asks for them with
// [Account.LastingFault], and the fault holds on the resource it fired on
// for its rule's Delay, or to its Until, for every service alike.
//
// # Permissions
//
// A service delivers with a [Sender] (the service principal and the ARN
// of the resource it delivers for), and with [WithPolicyEnforcement] the
// receiving service checks it against the target resource's policy, as
// AWS does (an SQS queue's Policy for an SNS topic). Without the option,
// the default, policies are validated and stored but allow everything
// that comes from the account itself. Each service says under its own
// "Permissions" heading what it checks.
//
// # Accounts and routers
//
// Accounts made with one [Router] ([NewRouter], [WithRouter]) reach each
// other's services: a delivery to an ARN whose account ID and region are
// another account's of the router goes to that account's service, as
// AWS routes by ARN, so cross-account scenarios can be tested (a topic of
// one account subscribed by a queue of another). AWS lets no account into
// another's resource without a resource policy that allows it, whatever
// the caller's own permissions, so a delivery from another account is
// always checked against the target's policy, with or without
// [WithPolicyEnforcement] ([Account.ChecksPolicy]): a queue of B takes a
// topic of A's notifications only when its Policy allows the topic. This
// is the choice made here: the option decides only what an account's
// resources let in from the account itself. A delivery to another
// account must come from a service ([Sender]); one without, which no
// resource policy could name, is refused with the target service's
// access-denied error. Accounts on one router should share one clock.
//
// # User code
//
// The services call code a user gave them (Lambda handlers, HTTP
// subscribers, load balancers' targets) through [Account.CallUser]: a
// panic becomes the failure AWS would see, and [WithWatchdog] turns a
// handler that blocks into an error naming it instead of a hung test.
//
// # Concurrency
//
// An Account is safe for concurrent use. It never holds its lock while a
// service receives a delivery.
package cloud
