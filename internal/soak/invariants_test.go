package soak_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// checker checks the invariants of the package documentation on a settled
// run, counting each check and keeping what broke.
type checker struct {
	w          *world
	checks     int
	violations []string
}

// maxViolations bounds what a broken run reports, so that one broken
// promise does not print a line per message.
const maxViolations = 40

func (c *checker) expect(ok bool, format string, args ...any) {
	c.checks++
	if ok {
		return
	}
	if len(c.violations) == maxViolations {
		c.violations = append(c.violations, "… and more")
	}
	if len(c.violations) < maxViolations {
		c.violations = append(c.violations, fmt.Sprintf(format, args...))
	}
}

// check checks them all.
func (c *checker) check() {
	redelivered := c.faults()
	deadLettered := c.deliveries()
	c.standard(qEvents, c.w.sent[qEvents], redelivered)
	for sub, queue := range c.w.subs {
		if queue == qGone {
			continue
		}
		var want []string
		for _, body := range c.w.sent[topicName] {
			if !deadLettered[sub][body] {
				want = append(want, body)
			}
		}
		c.standard(queue, want, redelivered)
	}
	c.fifo()
	c.jobs(redelivered)
	c.tasks()
	virtual := c.w.clk.Now().Sub(start)
	c.expect(virtual < sqs.DefaultRetentionPeriod, "the run lasted %s, past the retention period", virtual)
}

// faults checks that every fault that fired is in the account's log with
// its rule, and none on the FIFO queue, and returns how many sqs:Redeliver
// faults fired on each queue.
func (c *checker) faults() map[string]int {
	logged := map[string]int{}
	redelivered := map[string]int{}
	for _, e := range c.w.acct.Events() {
		if e.Kind != "Fault" {
			continue
		}
		_, rule, _ := strings.Cut(e.Detail, " rule=")
		logged[rule]++
		if rule == ruleRedeliver {
			redelivered[e.Resource]++
		}
		c.expect(e.Resource != qOrders, "a fault on the FIFO queue: %s", e)
	}
	for rule, n := range c.w.acct.FaultsFired() {
		c.expect(logged[rule] == n, "rule %s fired %d times, the log shows %d", rule, n, logged[rule])
	}
	return redelivered
}

// standard checks a standard queue its consumers drained: every message
// that should have arrived was received, none that was never sent, and the
// receives beyond the first of each message are the queue's sqs:Redeliver
// faults plus the extra copies sent to it.
func (c *checker) standard(queue string, want []string, redelivered map[string]int) {
	got := c.w.received[queue]
	sent := map[string]bool{}
	for _, body := range want {
		sent[body] = true
		c.expect(got[body] > 0, "%s: message %s lost", queue, body)
	}
	extra := 0
	for body, n := range got {
		c.expect(sent[body], "%s: received %s, which was never sent to it", queue, body)
		extra += n - 1
	}
	st, _ := c.w.queues.Inspect().Stats(c.w.urls[queue])
	copies := st.Sent - len(want)
	c.expect(extra == redelivered[queue]+copies,
		"%s: %d duplicate receives, but %d redeliver faults and %d extra copies sent", queue, extra, redelivered[queue], copies)
}

// fifo checks that each group of the FIFO queue was received once each, in
// the order it was sent, and that a send repeated within the deduplication
// interval was deduplicated.
func (c *checker) fifo() {
	groups := map[string]bool{}
	for g := range c.w.fifoWant {
		groups[g] = true
	}
	for g := range c.w.fifoGot {
		groups[g] = true
	}
	for g := range groups {
		want, got := c.w.fifoWant[g], c.w.fifoGot[g]
		c.expect(slices.Equal(want, got), "%s group %s: received %v, sent %v", qOrders, g, got, want)
	}
	for _, r := range c.w.resends {
		c.expect(!r.within || r.first == r.second,
			"%s: %s sent again %s after the first send made a new message %s", qOrders, r.dedupID, r.lastAt.Sub(r.firstAt), r.second)
	}
}

// mapping checks the queue of an event source mapping: every message the
// function failed is received again or dead-lettered after maxReceives
// receives, and none is lost: each was processed or dead-lettered. It
// returns the bodies dead-lettered.
func (c *checker) mapping(queue, dlq string) map[string]bool {
	w := c.w
	dead := map[string]bool{}
	for _, m := range w.queues.Inspect().Messages(w.urls[dlq]) {
		dead[m.Body] = true
		c.expect(m.ReceiveCount == maxReceives, "%s: %s dead-lettered after %d receives, not %d", queue, m.Body, m.ReceiveCount, maxReceives)
	}
	sent := map[string]bool{}
	for _, body := range w.sent[queue] {
		sent[body] = true
		c.expect(w.successes[body] > 0 || dead[body], "%s: message %s neither processed nor dead-lettered", queue, body)
		for _, n := range w.failures[body] {
			retried := slices.ContainsFunc(w.attempts[body], func(m int) bool { return m > n })
			c.expect(retried || dead[body], "%s: %s failed at receive %d and was neither retried nor dead-lettered", queue, body, n)
		}
	}
	for body := range dead {
		c.expect(sent[body], "%s: %s on the dead-letter queue was never sent", queue, body)
	}
	return dead
}

// lambdaFaults is how many Lambda faults fired: each may fail an
// invocation whose handler succeeded, so that its batch is processed again.
func (c *checker) lambdaFaults() int {
	n := 0
	fired := c.w.acct.FaultsFired()
	for _, rule := range faultPlan() {
		if strings.HasPrefix(rule.Fault, "lambda:") {
			n += fired[rule.Name]
		}
	}
	return n
}

// jobs checks the standard queue of a mapping: the function's successes
// beyond one per message that was not dead-lettered are the queue's
// sqs:Redeliver faults, plus at most one per Lambda fault.
func (c *checker) jobs(redelivered map[string]int) {
	w := c.w
	dead := c.mapping(qJobs, qJobsDLQ)
	successes := 0
	for _, body := range w.sent[qJobs] {
		successes += w.successes[body]
	}
	extra := successes - (len(w.sent[qJobs]) - len(dead))
	r, l := redelivered[qJobs], c.lambdaFaults()
	c.expect(extra >= r && extra <= r+l,
		"%s: %d successes beyond one per message, but %d redeliver faults and %d Lambda faults", qJobs, extra, r, l)
}

// tasks checks the FIFO queue of a mapping: the function processed each
// group in the order sent, each message once, but those dead-lettered
// (again only as Lambda faults allow).
func (c *checker) tasks() {
	w := c.w
	dead := c.mapping(qTasks, qTasksDLQ)
	l := c.lambdaFaults()
	extra := 0
	for g, sent := range w.taskSent {
		var want, first []int
		for _, i := range sent {
			if !dead[taskBody(g, i)] {
				want = append(want, i)
			}
		}
		seen := map[int]bool{}
		for _, i := range w.taskDone[g] {
			if !seen[i] {
				seen[i] = true
				first = append(first, i)
			}
		}
		extra += len(w.taskDone[g]) - len(first)
		if l == 0 {
			c.expect(slices.Equal(want, first), "%s group %s: processed %v, want %v", qTasks, g, w.taskDone[g], want)
		} else {
			c.expect(isSubsequence(want, first), "%s group %s: processed %v, want %v in order", qTasks, g, w.taskDone[g], want)
		}
	}
	c.expect(extra <= l, "%s: %d messages processed twice, but %d Lambda faults", qTasks, extra, l)
}

// isSubsequence reports whether a is b with some elements left out.
func isSubsequence(a, b []int) bool {
	for _, x := range b {
		if len(a) > 0 && a[0] == x {
			a = a[1:]
		}
	}
	return len(a) == 0
}

// deliveries checks that every SNS delivery of every published message
// ended delivered, dead-lettered or reported (Discarded), each failed
// attempt but the last retried, and returns the bodies dead-lettered by
// subscription.
func (c *checker) deliveries() map[string]map[string]bool {
	w := c.w
	body := map[string]string{} // SNS message ID → body
	for _, m := range w.topics.Inspect().Messages() {
		body[m.MessageID] = m.Message
	}
	c.expect(len(body) == len(w.sent[topicName]), "%d messages published, SNS has %d", len(w.sent[topicName]), len(body))
	type key struct{ msg, sub string }
	attempts := map[key][]sns.DeliveryAttempt{}
	for _, a := range w.topics.Inspect().Deliveries() {
		if a.Type == "Notification" {
			k := key{a.MessageID, a.SubscriptionARN}
			attempts[k] = append(attempts[k], a)
		}
	}
	deadLettered := map[string]map[string]bool{}
	discarded, dlq := 0, 0
	for msg := range body {
		for sub := range w.subs {
			as := attempts[key{msg, sub}]
			c.expect(len(as) > 0, "sns: %s never attempted to %s", msg, w.subs[sub])
			if len(as) == 0 {
				continue
			}
			for i, a := range as[:len(as)-1] {
				next := as[i+1].At
				onTime := next.Equal(a.NextAttemptAt) || next.Equal(a.NextAttemptAt.Add(snsSlowness))
				c.expect(a.Outcome == sns.OutcomeFailed && !a.NextAttemptAt.IsZero() && onTime,
					"sns: attempt %s is not retried when it says", a)
			}
			last := as[len(as)-1]
			switch {
			case last.Outcome == sns.OutcomeDelivered:
			case last.DeadLetterTargetARN != "":
				dlq++
				if deadLettered[sub] == nil {
					deadLettered[sub] = map[string]bool{}
				}
				deadLettered[sub][body[msg]] = true
			default:
				c.expect(last.NextAttemptAt.IsZero(), "sns: attempt %s says it is retried, but it is not", last)
				discarded++
			}
			if w.subs[sub] == qGone {
				c.expect(last.DeadLetterTargetARN == arnPrefix+qFanoutDLQ, "sns: delivery to the missing queue not dead-lettered: %s", last)
			}
		}
	}
	st := w.topics.Inspect().Stats()
	c.expect(st.Discarded == discarded, "sns: %d deliveries discarded, Stats reports %d", discarded, st.Discarded)
	c.expect(st.DeadLettered == dlq, "sns: %d deliveries dead-lettered, Stats reports %d", dlq, st.DeadLettered)
	q, _ := w.queues.Inspect().Stats(w.urls[qFanoutDLQ])
	c.expect(q.Sent == dlq, "sns: %d deliveries dead-lettered, %s holds %d", dlq, qFanoutDLQ, q.Sent)
	return deadLettered
}
