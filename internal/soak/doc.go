// Package soak holds the soak test of awssim: the services of one account
// under concurrent load with a fault plan on, checked against what AWS
// promises. It has no API; its tests are the product.
//
// # What runs
//
// One cloud.Account on a *sim.Clock, seeded from the -soak.seed flag,
// with SQS, SNS and Lambda, and a fault plan whose rules are one table
// (faultPlan in soak_test.go): every fault that sqs, sns and lambda name
// (a service's new fault is one line there). Real goroutines, so that
// -race means something:
//
//   - producers send -soak.messages messages between them, each to one of
//     five places drawn from the seed: a standard queue, a FIFO queue
//     (message groups owned by one producer, some messages sent twice with
//     the same deduplication ID), an SNS topic fanning out to two standard
//     queues (and to a queue that does not exist, whose deliveries SNS
//     dead-letters), and a standard and a FIFO queue that Lambda event
//     source mappings consume, whose function fails some messages
//     (reported with ReportBatchItemFailures; on the FIFO queue with the
//     rest of their group in the batch), so that they are retried and,
//     after three receives, dead-lettered;
//   - consumers long-poll each queue but the mappings', and delete what
//     they receive;
//   - a driver moves the clock, one second at a time, and only while no
//     producer is in a send (which may run the mapping's function on the
//     producer's goroutine) and every consumer is waiting in a long poll,
//     so that no message a consumer or the mapping holds outlives its
//     visibility timeout: a message comes back only because a fault or a
//     failure brought it back.
//
// # What it checks
//
// When everything is settled (no message left on a source queue, no SNS
// delivery in progress), the soak checks the promises of AWS:
//
//   - no message is lost before its retention period ends: every message
//     sent is received or dead-lettered, and the run stays well within the
//     retention period;
//   - duplicates only on standard queues and only as the plan drew them: a
//     queue's receives beyond one per message equal the sqs:Redeliver
//     faults that fired on it (counted from the account's event log) plus
//     the extra copies its senders made;
//   - FIFO order per message group, and no duplicate within the
//     deduplication window: each group is received exactly in the order it
//     was sent, and a send repeated within five minutes returns the first
//     send's message ID and is not received again; the function processes
//     each group of its FIFO queue in the order sent, each message once,
//     skipping only those dead-lettered;
//   - every failed delivery is retried, dead-lettered or reported: a failed
//     SNS attempt is followed by another attempt, the dead-letter queue or
//     a discard counted in the service's Stats, and a message the function
//     failed is received again or is on its mapping's dead-letter queue
//     with the maximum receive count;
//   - every fault that fired is in the account's event log with its rule,
//     and none on a FIFO queue.
//
// A failing run names its seed: go test ./internal/soak -run 'TestSoak$'
// -soak.seed=N replays its fault plan and workload. The interleaving of the
// goroutines is the Go scheduler's, so a replay draws the same faults at
// the same opportunities only as far as the interleaving repeats.
// TestSoakSerial runs the same world, with a fifth of the messages, on one
// goroutine instead, each step (a producer's next message, a consumer's
// short poll, a step of the clock) drawn from the seed: it checks the same
// invariants, and that a second run of its seed gives the same event log,
// so that a seed it fails on replays exactly.
//
// # Flags
//
//	-soak.seed=N      root seed of the run (default 1)
//	-soak.messages=N  messages the producers send (default 5000)
//	-soak.seeds=N     run TestSoakSeedSweep over seeds 1 … N (default 0: skipped)
//	-soak.serial      the sweep runs each seed as TestSoakSerial does
package soak
