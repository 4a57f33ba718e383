// Package sqs is an in-memory Amazon SQS: standard and FIFO queues with
// AWS's defaults, limits, error codes and timing rules, in process, with
// time under the caller's control.
//
// # Usage
//
// A [Service] is one account's SQS endpoint in one region. Its methods are
// the SQS API operations, with the AWS names, taking a context and an input
// struct and returning an output struct and an error:
//
//	clk := sim.NewClock(start)
//	svc := sqs.New(sqs.WithClock(clk))
//	q, _ := svc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: "orders"})
//	svc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: "hi"})
//	out, _ := svc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
//	clk.Advance(31 * time.Second) // not deleted: visible again
//
// Queue attributes are strings keyed by name, as on the wire (see the
// Attribute… constants). Durations of operation inputs are time.Duration
// in whole seconds; a field AWS calls DelaySeconds or WaitTimeSeconds is
// Delay or WaitTime here, and a pointer where AWS tells "not given" from
// zero ([Duration] makes one).
//
// A Service belongs to an account ([cloud.Account], given with
// [WithAccount]; without it the shorthand options make a private one).
// The account's other services send to queues as AWS services do, by
// queue ARN, through the account ([cloud.Account.Deliver]): SNS
// subscriptions, Lambda destinations and dead-letter queues. Those that
// consume a queue (a Lambda event source mapping, a worker daemon) run a
// [Consumer] ([Service.NewConsumer]): its pollers long-poll the queue and
// pool what they receive, the pool is cut into batches by size, bytes and
// batching window, each batch goes to a handler, and the messages the
// handler reports processed, then or later, are deleted while the others
// come back after their visibility timeout. A batch can carry each
// message's receive count, first-receive and send times typed
// ([ReceiveInfo]), so that an in-process consumer need not ask for them as
// strings.
//
// Errors are *[Error] values carrying the AWS error code and HTTP status;
// match them with errors.Is and the Err… sentinels. Bad input never
// panics and never changes state.
//
// # Time
//
// Every instant comes from the clock given with [WithClock]. State that
// depends on time is computed from the clock when a queue is next read, in
// O(log n): delays ending, visibility timeouts expiring, messages passing
// their retention period, deduplication IDs being forgotten. So any clock
// works, [clock.Mock] included: advance it and call the service.
//
// What must happen on its own is scheduled on the clock: the end of a long
// poll's wait, the wake-up of long polls when a delayed or in-flight
// message becomes visible, each second of a message move task, and the end
// of a consumer's batching window. With a *[sim.Clock] these run
// synchronously, in order, on the goroutine that advances the clock; with
// another clock they go through AfterFunc.
//
// ReceiveMessage with a wait time blocks on channels and the clock, never
// in a loop: it works with a sim.Clock advanced from another goroutine
// (use [sim.Clock.BlockUntil] before advancing), with clock.Mock, and with
// the real clock inside a testing/synctest bubble.
// [Service.ReceiveMessageAsync] is its non-blocking form, for simulations
// that must not spend a goroutine per poller; a [Consumer] polls with it,
// so it has no goroutine of its own either.
//
// # Determinism
//
// Message IDs, receipt handles and move task handles come from a random
// stream derived from the account's root seed by the name "sqs"
// ([WithSeed]). Queues are listed in name order, waiting
// long polls are served first come first served, FIFO groups in the order
// they became receivable, and a consumer cuts its batches from messages in
// the order its receives came back. With the same seed, the same calls and
// the same clock moves, a run gives the same IDs, handles, orderings and
// event log.
//
// # Faults
//
// With a fault plan on its account ([cloud.Account.SetFaultPlan]), a
// standard queue misbehaves as SQS may: a deleted message comes back
// ([FaultRedeliver], at-least-once delivery), a receive returns fewer
// messages than are visible ([FaultPartialReceive]) or returns them out
// of order ([FaultReorder]), a new message becomes visible late
// ([FaultDelayVisibility]). Each fault that fires is in the account's
// event log with its rule, and replays from the account's seed. FIFO
// queues inject none: their order and exactly-once processing hold.
// Without a plan, the default, the queue is the exact machine described
// below.
//
// # Permissions
//
// A queue's Policy attribute ([AttributePolicy]) is its access policy,
// AWS's policy JSON, parsed and validated when it is set (at most
// [MaxPolicySize] bytes and [MaxPolicyStatements] statements;
// InvalidAttributeValue otherwise). In an account made with
// cloud.WithPolicyEnforcement it decides what another service may send
// on a resource's behalf, as SQS decides: a delivery through the account
// (an SNS topic's notification, as sns.amazonaws.com with aws:SourceArn
// the topic) is refused with [ErrAccessDenied] unless the policy allows
// sqs:SendMessage to that service for that source; a queue with no
// policy allows no service. The queue's own account calling the API
// (SendMessage, ReceiveMessage …) is never checked, since its IAM
// identities are not simulated. Without the option, the default, a
// policy is stored but allows every delivery from the queue's own
// account. A delivery from another account (accounts connected with
// cloud.WithRouter) is checked against the policy whatever the option
// says, as AWS lets no other account in without one. So is an API call
// of another account: [Service.Authorize] decides it (the server calls
// it for a request signed with another account's key), allowing what
// the policy grants that account except the actions SQS keeps to the
// queue's owner.
//
// # Concurrency
//
// A Service is safe for concurrent use; one mutex guards all its queues.
// No lock is held while a ReceiveMessageAsync callback or a consumer's
// handler runs. A [Consumer] runs its steps one at a time, whichever
// goroutines deliver to it. Its handler is user code, called through the
// account's guarded path ([cloud.Account.CallUser]): a handler that panics
// before it reports its batch done fails the whole batch, whose messages
// come back after their visibility timeout, and its poller goes on.
//
// # Inspection
//
// [Service.Inspect] returns an [Inspector] for tests: every message with
// its state, queue counters ([QueueStats]) and, with [WithHistory], the
// receive history of each message, the messages that are gone and why, and
// the service's events ([Inspector.Events]), which it records in the
// account's event log, with its stable text form, as they happen. With
// [WithMetrics] the queues' depth, age and traffic are also CloudWatch
// metrics, once a minute, for alarms ([cloudwatch.Service]) to watch.
//
// # Differences from AWS
//
// The simulator is one consistent, exact machine where SQS is a
// distributed, approximate one:
//
//   - Short polls see every available message; AWS samples a subset of
//     servers and may return fewer or none ("false empty"). Standard
//     queues return messages in the order they became visible; AWS gives
//     best-effort order only. A fault plan ("Faults" above) brings both
//     back, and at-least-once delivery too.
//   - Approximate… attributes and [QueueStats] are exact at once; AWS's
//     converge within about a minute.
//   - With [WithMetrics] the service publishes nine of AWS/SQS's metrics
//     (the Metric… constants), sampled or counted per minute, at once;
//     AWS's arrive minutes late. SentMessageSize is one statistic set per
//     minute (count, sum, minimum and maximum of the sizes), so it has no
//     percentiles when the minute's sizes differ. The FIFO and fair-queue
//     metrics (ApproximateNumberOfGroupsWithInflightMessages and the like)
//     are not published.
//   - Attribute changes, PurgeQueue and DeleteQueue take effect at once; AWS
//     takes up to 60 seconds (15 minutes for MessageRetentionPeriod). The
//     60-second rules that follow from them (PurgeQueueInProgress,
//     QueueDeletedRecently) are enforced.
//   - The in-flight limit is exact, 120,000 per queue by default for
//     standard and FIFO queues alike ([WithInFlightLimit]); AWS's standard
//     limit is approximate.
//   - A standard queue's old receipt handle, used after someone else
//     received the message, succeeds without deleting it; AWS says such a
//     delete "might not" delete the message.
//   - The 12-hour visibility ceiling is exact: ChangeMessageVisibility to
//     43,200 seconds at the very instant of the receive succeeds, where AWS
//     says it "will likely fail" because some real time has passed.
//   - ChangeMessageVisibility on a FIFO message no longer in flight returns
//     MessageNotInflight; AWS documents that error without saying exactly
//     when it is used.
//   - A FIFO receive serves message groups in the order they became
//     receivable (a group just received, or visible again, goes to the back
//     of the line), which is what recordings of AWS show; AWS documents no
//     order of groups.
//   - Message move tasks move the messages visible when they start, at
//     most MaxNumberOfMessagesPerSecond each virtual second (500 when not
//     given; AWS picks its own rate); the 36-hour and 100-task limits are
//     not enforced. RedriveAllowPolicy is checked when a RedrivePolicy is
//     set and again at each move.
//   - A message moved to a dead-letter queue keeps its
//     ApproximateReceiveCount and ApproximateFirstReceiveTimestamp; the
//     receive attempt that moved it is not counted. AWS documents the count
//     as "across all queues" without saying how the moving attempt counts.
//   - Number attributes are returned as sent; AWS may strip leading and
//     trailing zeros.
//   - SenderId is the account ID. Message IDs are UUIDs and receipt
//     handles 48 hexadecimal digits; SequenceNumbers are 20-digit
//     decimals, increasing per queue.
//   - Not simulated: AddPermission and RemovePermission, IAM identity
//     policies (queue policies govern only deliveries by other services;
//     see Permissions), KMS encryption (key settings
//     are stored), throughput quotas and throttling, the legacy
//     AttributeNames receive parameter (use MessageSystemAttributeNames),
//     and MaxNumberOfMessages 0 (it means "not given", that is 1).
package sqs
