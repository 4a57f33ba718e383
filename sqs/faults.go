package sqs

import (
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
)

// The faults a standard queue injects from its account's fault plan
// ([cloud.Account.SetFaultPlan]), each a way in which SQS really breaks
// the illusion of one exact queue, within what it promises. A FIFO queue
// injects none of them: its ordering and exactly-once processing hold.
const (
	// FaultRedeliver: a DeleteMessage succeeds, but one server kept its
	// copy of the message, which becomes visible again when its
	// visibility timeout ends, and is received again with the next
	// receive count (SQS's at-least-once delivery). The opportunity is
	// each delete of a message's current receipt handle.
	FaultRedeliver = "sqs:Redeliver"
	// FaultPartialReceive: a receive returns fewer messages than it asked
	// for while more are visible. A short poll samples a subset of the
	// servers, so it may return none (a false empty); a long poll queries
	// them all, so it returns at least one. The opportunity is each
	// receive that finds messages; how many it returns is drawn from the
	// service's seed.
	FaultPartialReceive = "sqs:PartialReceive"
	// FaultReorder: a receive returns its messages in an order other than
	// the one in which they became visible (best-effort ordering). The
	// opportunity is each receive of two or more messages.
	FaultReorder = "sqs:Reorder"
	// FaultDelayVisibility: a message just sent becomes visible the
	// rule's Delay later than its queue's or its own delay says (one
	// second when the rule sets none). The opportunity is each message
	// sent.
	FaultDelayVisibility = "sqs:DelayVisibility"
)

// defaultFaultDelay is how much later a message of [FaultDelayVisibility]
// becomes visible when the rule names no delay.
const defaultFaultDelay = time.Second

// partialMax is how many messages a receive of at most max returns under
// [FaultPartialReceive]: fewer than max, from 0 for a short poll; from 1
// for a long one, which so returns one when it asks for one.
func partialMax(rng *sim.Rand, max int, shortPoll bool) int {
	if shortPoll {
		return rng.IntN(max)
	}
	if max == 1 {
		return 1
	}
	return 1 + rng.IntN(max-1)
}

// fault returns the rule of the account's fault plan that injects fault
// on q now, about the message with ID id (empty when none is concerned),
// or nil. A FIFO queue injects none.
func (s *Service) fault(fault string, q *queue, id string) *cloud.FaultRule {
	if q.fifo {
		return nil
	}
	return s.account.Fault(fault, q.name, id)
}
