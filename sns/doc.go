// Package sns is an in-memory Amazon SNS: topics, subscriptions, filter
// policies and fan-out to SQS queues, Lambda functions, HTTP endpoints,
// email and SMS, with AWS's delivery formats, signatures, confirmation
// handshake and retry policies, in process, with time under the caller's
// control.
//
// # Usage
//
// A [Service] is one account's SNS endpoint in one region. Its methods are
// the SNS API operations with the AWS names, each taking a context and an
// input struct and returning an output struct and an error. Queue and
// function endpoints are the other services of the service's account
// ([cloud.Account]), HTTP endpoints a handler given with an option:
//
//	acct := cloud.New(cloud.WithClock(sim.NewClock(start)))
//	queues := sqs.New(sqs.WithAccount(acct))
//	topics := sns.New(sns.WithAccount(acct), sns.WithHTTPHandler(mux))
//	t, _ := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "orders"})
//	topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: "sqs", Endpoint: queueARN})
//	topics.Publish(ctx, &sns.PublishInput{TopicArn: t.TopicArn, Message: "hi"})
//
// Subscribers are SQS queues and Lambda functions of the account, named by
// ARN and delivered to through the account ([cloud.Account.Deliver];
// functions are invoked asynchronously, so Lambda's own retries,
// destinations and dead-letter queues apply), HTTP and HTTPS endpoints
// served by the handler of [WithHTTPHandler] or the client of
// [WithHTTPClient] (a real httptest.Server works), and email, email-json
// and SMS endpoints, whose messages go to an outbox that
// [Inspector.Outbox] reads.
//
// Lambda delivers to topics in turn (destinations and dead-letter topics)
// by ARN through the same account, so the services may be made in any
// order and neither names the other.
//
// Errors are *[Error] values carrying the AWS error code and HTTP status;
// match them with errors.Is and the Err… sentinels, named after
// aws-sdk-go-v2's error types ([ErrNotFoundException] for code NotFound).
// Bad input never panics and never changes state.
//
// # Delivery
//
// Publish makes the first delivery attempt to every matching, confirmed
// subscription before it returns, on the caller's goroutine, in
// subscription order; so a test can publish and receive at once. (On a
// FIFO topic, while another call is delivering to the topic, that call
// makes them, after its own, so that the topic's messages go out in
// sequence order.) An attempt that fails is retried on the clock by the
// subscription's policy:
//
//   - SQS and Lambda (AWS-managed): 3 immediate retries, 2 one second
//     apart, 10 with exponential backoff from 1 to 20 seconds, then 100,000
//     twenty seconds apart: 100,015 retries, so 100,016 attempts with the
//     first, over 23 days (AWS's table calls the 100,015 "attempts").
//   - email, email-json and SMS (customer-managed): 2 retries 10 seconds
//     apart, 10 backing off from 10 to 600 seconds, then 38 at 600 seconds.
//   - HTTP and HTTPS: the effective DeliveryPolicy of the topic and the
//     subscription; by default 3 retries 20 seconds apart. All four backoff
//     functions, maxReceivesPerSecond and headerContentType apply, and
//     retries more than 3,600 seconds after the first attempt are dropped.
//
// What fails an attempt is what AWS counts as a server-side error: an
// HTTP status outside 200–499, a transport error, no answer within
// [HTTPDeliveryTimeout], a handler that panics (see User code), or a
// fault of the account's fault plan (see Faults), which simulates an
// unavailable SQS queue, Lambda service or mail server (nothing else
// makes SQS, Lambda, email or SMS deliveries fail on the server's side
// here).
// Client-side errors (the queue or function does not exist, SQS refuses
// the message, more than 10 attributes for a raw SQS delivery) are not
// retried. A message whose delivery fails for good goes to the
// subscription's dead-letter queue (RedrivePolicy), or is discarded.
//
// Deliveries carry what AWS sends, byte for byte: the JSON envelope (SQS,
// HTTP/S, email-json) or the bare message with raw message delivery; the
// Lambda event with its SigningCertUrl spelling; the SNS HTTP headers.
// Messages are signed with a fixed RSA key whose certificate
// [SigningCertificate] returns, so code that verifies signatures as AWS
// advises can be tested; [Service.Handler] serves the SigningCertURL, the
// SubscribeURL and the UnsubscribeURL. Signing costs about a millisecond a
// message; [WithoutSignatures] leaves it out.
//
// # Faults
//
// With a fault plan on its account ([cloud.Account.SetFaultPlan]), a
// topic's deliveries misbehave as SNS's endpoints may: an attempt fails
// with a server-side error ([FaultDeliveryFailure], an unavailable SQS
// queue, Lambda service, HTTP server or mail server), or the endpoint
// takes the rule's Delay to take it ([FaultSlowEndpoint]; past
// [HTTPDeliveryTimeout] the attempt fails as a timeout and the endpoint
// receives nothing). A rule's Resource is a topic's name, and every
// delivery attempt of the topic is an opportunity: notifications and
// confirmations, first attempts and retries, of every protocol. A failed
// attempt is retried by the subscription's delivery policy, and once the
// retries run out the message goes to the subscription's dead-letter
// queue, as for any server-side error. Each fault that fires is in the
// account's event log with its rule, the topic and the message ID, and
// replays from the account's seed:
//
//	acct.SetFaultPlan(cloud.FaultRule{Name: "queue down", Fault: sns.FaultDeliveryFailure,
//		Resource: "orders", Probability: 1, From: start, Until: start.Add(time.Minute)})
//
// A slow attempt ends on the clock, after Publish has returned; its
// [DeliveryAttempt] is recorded with the instant it ended, and retries
// are measured from then. Without a plan, the default, no attempt fails
// or waits but for the reasons above.
//
// # Permissions
//
// A topic's Policy attribute is its access policy, AWS's policy JSON:
// SetTopicAttributes and CreateTopic check that it is JSON, and
// GetTopicAttributes returns it, or AWS's default policy (the topic's
// owner's account may do everything) for a topic that has none. It
// governs deliveries into the topic by another service on a resource's
// behalf ([cloud.Sender]) when they are checked: always when they come
// from another account (see below), and with
// [cloud.WithPolicyEnforcement] also from the topic's own. A delivery
// the policy does not let publish (sns:Publish) is refused with
// [ErrAuthorizationErrorException]; a policy with a condition operator
// the simulator does not evaluate (ForAnyValue:, ForAllValues:,
// Numeric…, Date…, Bool, IpAddress, BinaryEquals) lets in no one. API
// calls of the topic's own account are never checked (its IAM is not
// simulated); those of another account are, by [Service.Authorize],
// which the server calls for a request signed with another account's
// key.
//
// The other policy that matters is that of the resource SNS delivers
// to, checked in an account made with [cloud.WithPolicyEnforcement]
// and for every delivery to another account. SNS delivers as
// the service principal [ServicePrincipal] on the topic's behalf
// (aws:SourceArn the topic's ARN, aws:SourceAccount its account), so a
// queue's Policy must allow sqs:SendMessage to sns.amazonaws.com for the
// topic, as AWS requires even within one account. A queue that does not
// refuses the delivery with SQS's AccessDenied: no message arrives, the
// attempt is recorded as rejected with that reason (a client-side error,
// not retried), and the message goes to the subscription's dead-letter
// queue, whose policy must allow the topic too, or is discarded. A
// function is delivered to the same way: its resource policy must allow
// lambda:InvokeFunction to sns.amazonaws.com for the topic
// (lambda.Service.AddPermission with the topic as SourceArn), or the
// delivery is rejected with Lambda's AccessDeniedException and not
// retried.
//
// Without the option, the default, policies are parsed and stored but
// allow everything from the account itself, so that tests need not write
// policies they do not care about.
//
// A topic may have subscribers in other accounts connected to its own
// with a [cloud.Router] (a queue ARN of another account ID): the queue's
// policy must then allow the topic whether or not either account
// enforces policies, as in AWS. Since every call is the topic owner's,
// such a subscription is pending, as AWS makes one that the topic's
// owner creates: SNS sends the queue a SubscriptionConfirmation (which
// the queue's policy must let in, or it is lost), and the queue's owner
// confirms it with the token ([Service.ConfirmSubscription]). AWS
// confirms at once a subscription that the queue's owner makes, a caller
// the simulator does not have. A
// delivery into a topic from another account must be allowed by the
// topic's policy, whatever either account's option says; the default
// policy lets no other account in.
//
// # User code
//
// The handler of [WithHTTPHandler] and the client of [WithHTTPClient] (its
// transport, redirect policy and cookie jar) are user code. The service
// calls them without its
// lock, through the account's one guarded path
// ([cloud.Account.CallUser]), so that nothing they do can lose another
// subscriber's delivery or the bookkeeping of their own:
//
//   - A handler (or client) that panics fails the attempt as a real
//     server's crash does, with the connection closed and no response; the
//     attempt's Reason names the endpoint and the panic, and the delivery
//     policy retries it. Publish does not panic, and the topic's other
//     subscribers get the message.
//   - With [cloud.WithWatchdog], a handler or client that
//     has not returned within the watchdog's real-time limit fails the
//     attempt as a timeout, retried by the delivery policy; the Reason is
//     the *[cloud.BlockedError], which names the endpoint ("http endpoint
//     https://…") and the virtual instant of the call. The blocked code is
//     left running and whatever it returns later is ignored. Without the
//     watchdog (the default) the service waits for it, as before.
//
// An in-process handler's request context (r.Context()) carries SNS's
// delivery timeout, [HTTPDeliveryTimeout] (15 seconds), in virtual time:
// its Deadline is the virtual instant of the attempt plus 15 seconds. It
// is a reported deadline, not a timer: Done does not close when the
// virtual clock passes it. Done closes, and Err is context.Canceled, when
// the attempt is over (the handler has returned, as a real server cancels
// a request's context) and, with the watchdog, when the watchdog gives up
// on the handler; context.Cause then returns the *[cloud.BlockedError].
// Since the deadline is virtual, code that measures it against the real
// clock sees it early or late: a handler that passes r.Context() to real
// network I/O (a dialer applies its deadline) should derive a context of
// its own. A handler that returns after the virtual clock has passed the
// deadline (a test, or the handler itself, moved the clock meanwhile)
// has timed out: its answer fails the attempt, whatever its status. The
// request context of a real server behind [WithHTTPClient] is the
// server's own, and has no such deadline; the 15 seconds still apply to
// its answer, measured on the service's clock.
//
// # Confirmation
//
// sqs, lambda and sms subscriptions are confirmed at once, except one to
// a queue of another account (see Permissions). That one, and http,
// https, email and email-json subscriptions, are pending until confirmed
// with the token sent to the endpoint (in the queue's message, the
// SubscriptionConfirmation POST, or the email in the outbox) through
// [Service.ConfirmSubscription] or the SubscribeURL. Tokens expire after 2 days; a subscription still pending
// after 3 days is deleted; subscribing it again sends a new token, and the
// earlier ones stop working. A
// pending subscription receives nothing but its confirmation, and cannot be
// unsubscribed. Unsubscribing an HTTP/S endpoint sends it an
// UnsubscribeConfirmation, whose SubscribeURL restores the subscription.
//
// # Time
//
// Every instant comes from the account's clock ([WithAccount], or
// [WithClock] for a private account). Retries, the
// expiry of pending subscriptions and throttled HTTP deliveries are
// scheduled on it: with a *[sim.Clock] they run synchronously, in order, on
// the goroutine that advances the clock; with another clock they go
// through AfterFunc. Subscription confirmation tokens and FIFO
// deduplication windows are computed from the clock when they are used;
// the tokens of UnsubscribeConfirmations expire on it.
//
// # Determinism
//
// Message IDs, subscription ARNs and tokens come from a random stream
// derived from the account's root seed by the name "sns" ([WithSeed]);
// signatures are deterministic (RSA PKCS #1 v1.5 with a fixed key). Topics and subscriptions are listed in creation
// order, deliveries made in subscription order, attributes written in name
// order. With the same seed, the same calls and the same clock moves, a run
// gives the same IDs, deliveries and bytes.
//
// # Concurrency
//
// A Service is safe for concurrent use. One mutex guards its state; it is
// never held while the service calls SQS, Lambda or an HTTP handler. With [cloud.WithWatchdog], user code runs on a
// goroutine of its own, so an HTTP handler may be called on a goroutine
// other than the one making the delivery.
//
// # Inspection
//
// [Service.Inspect] returns an [Inspector]: totals ([Stats]), the outbox,
// pending confirmations with their tokens, and with [WithHistory] every
// published message and every delivery attempt with its time, outcome,
// next retry and dead-letter queue. With [WithMetrics] the topics' traffic
// is also CloudWatch metrics in AWS/SNS, once a minute (the SMS and
// platform-application metrics are not published).
//
// # Differences from AWS
//
// Not simulated: the application (mobile push) and firehose protocols
// (Subscribe refuses them), platform applications and endpoints, SMS
// sandbox, opt-outs and attributes, data protection (the policy is stored,
// not enforced), message archiving and replay (ArchivePolicy is stored),
// topic access policies for API calls (Policy governs only deliveries
// into the topic; see Permissions), AddPermission and RemovePermission,
// delivery status
// logging (the feedback attributes are stored), KMS encryption, X-Ray
// tracing, payload offloading to S3, cross-region subscriptions,
// cross-account calls (a caller's identity: every call is the topic
// owner's; deliveries across accounts are simulated, see Permissions),
// and the API's rate quotas.
//
// Where it differs in what it does simulate:
//
//   - Deliveries are made at the instant of the publish or retry: no
//     network latency. AWS's 15-second HTTP timeout is measured on the
//     service's clock, which does not move while a handler runs unless
//     something moves it; a handler that blocks in real time times out
//     only with [cloud.WithWatchdog] (see User code). A real client's own
//     timeouts apply too.
//   - A panicking handler is a failed attempt with no response; AWS's
//     recorded reason for a connection a server closed is not reproduced.
//   - An HTTP/S delivery policy whose retries would last beyond 3,600
//     seconds is accepted and its later retries are dropped; AWS's console
//     refuses such a policy, and what its API does is not documented.
//   - Retries have no jitter, so that attempt times are exact. The
//     arithmetic, geometric and exponential backoff curves are AWS's
//     shapes, but AWS publishes no formula; see the retry policy's
//     documentation in the source for the ones used.
//   - [FaultSlowEndpoint] applies the 15-second [HTTPDeliveryTimeout] to
//     every protocol; AWS documents it for HTTP/S only. An endpoint
//     slower than that receives nothing, where a real slow server may
//     still process the request SNS gave up on and then get its retry as
//     a duplicate.
//   - Retries of a FIFO subscription, and attempts that a slow endpoint
//     ([FaultSlowEndpoint]) holds, do not hold back later messages of
//     the same group.
//   - Filter policy changes apply to the next publish (AWS takes up to 15
//     minutes); subscription counters are exact (AWS's are approximate).
//   - Filter policies match arrays in a message body per key path, as
//     LocalStack does; AWS requires the matches of one policy to come from
//     the same array element.
//   - Messages to FIFO topics are delivered unsigned, as AWS was recorded
//     doing for SQS subscribers.
//   - An empty Subject means none; AWS refuses an empty Subject parameter.
//   - Message attributes appear in envelopes in name order; AWS's order
//     is unspecified.
//   - The SubscribeURL of an UnsubscribeConfirmation restores the
//     subscription with its attributes under a new ARN; what AWS does with
//     the ARN is not documented.
//   - SMS messages are recorded as given: no segmentation, sender ID or
//     display-name prefix.
package sns
