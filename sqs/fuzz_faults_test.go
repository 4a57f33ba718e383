package sqs_test

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// fzFaults are the faults a fuzzed plan draws from: the four a standard
// queue injects and one no service names, which never fires.
var fzFaults = []string{sqs.FaultRedeliver, sqs.FaultPartialReceive, sqs.FaultReorder, sqs.FaultDelayVisibility, "sqs:Unknown"}

// fzFifoMessage is the reference model's view of one FIFO message.
type fzFifoMessage struct {
	id    string
	group string
	fzMessage
}

// fzFaultRun is one run of FuzzFaultPlan: the service, its two queues and
// the reference model of each.
type fzFaultRun struct {
	t       *testing.T
	ctx     context.Context
	clk     *sim.Clock
	svc     *sqs.Service
	rules   []cloud.FaultRule
	std     string // queue URLs
	fifo    string
	data    []byte
	sent    int
	stdMsgs map[string]*fzMessage // by message ID
	stdHdls []fzHandle
	// groups hold each group's messages in the order sent, deleted ones
	// included; fifoMsgs the same messages by ID.
	groups   map[string][]*fzFifoMessage
	fifoMsgs map[string]*fzFifoMessage
	fifoHdls []fzHandle
	dedup    map[string]fzDedup // deduplication ID → the send that used it
	dedupIDs []string
}

// fzDedup is a deduplication ID the FIFO queue remembers.
type fzDedup struct {
	id string // message ID
	at time.Time
}

// next consumes one byte of the input; zero when it is used up.
func (r *fzFaultRun) next() int {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return int(b)
}

// fired returns how many times each rule of the plan has fired.
func (r *fzFaultRun) fired() map[string]int { return r.svc.Account().FaultsFired() }

// firedRule returns the rule of fault that fired between before and
// after, or nil.
func (r *fzFaultRun) firedRule(fault string, before, after map[string]int) *cloud.FaultRule {
	for i, rule := range r.rules {
		if rule.Fault == fault && after[rule.Name] > before[rule.Name] {
			return &r.rules[i]
		}
	}
	return nil
}

// FuzzFaultPlan: under any fault plan (rules of fuzzed faults, resources,
// probabilities, counts, windows and delays) and any sequence of sends
// (FIFO ones in batches too), receives, deletes, visibility changes and
// clock moves, a FIFO queue
// keeps its promises, and a standard queue loses nothing (SQS Developer
// Guide: FIFO queues' exactly-once processing and ordering within a
// message group; standard queues' at-least-once delivery):
//
//   - no fault fires on the FIFO queue;
//   - a FIFO receive returns each group's messages from the oldest one
//     not deleted, in the order sent, and never while an earlier message
//     of the group is in flight;
//   - a FIFO send, alone or in a batch, whose deduplication ID was used
//     less than five minutes before returns the first message's ID and
//     enqueues nothing;
//   - a visibility change applies to the latest receive's handle only, and
//     a FIFO message no longer in flight refuses it;
//   - a standard receive returns only messages sent, not deleted and
//     visible, each once, and a new message is visible at once unless the
//     DelayVisibility fault delayed it by its rule's delay;
//   - a delete deletes a message unless the Redeliver fault fired, and then
//     the message stays; at the end, past every timeout, every message not
//     deleted is received, on both queues.
func FuzzFaultPlan(f *testing.F) {
	f.Add([]byte{0}, []byte{0, 0, 0, 1, 10, 30, 2, 0, 6, 200, 1, 10, 30, 2, 0})
	f.Add([]byte{1, 0, 255, 0, 0, 0, 0, 0}, []byte{0, 0, 0, 0, 1, 10, 60, 2, 0, 2, 1, 6, 61, 1, 10, 0})
	f.Add([]byte{4, 0, 128, 0, 0, 0, 0, 0, 1, 200, 0, 0, 0, 0, 0, 2, 255, 0, 0, 0, 0, 0, 3, 100, 1, 0, 0, 5, 0},
		[]byte{0, 0, 0, 0, 0, 1, 10, 5, 6, 3, 1, 3, 5, 2, 0, 2, 1, 6, 10, 1, 10, 5})
	f.Add([]byte{2, 0, 255, 0, 1, 2, 10, 0, 3, 255, 1, 0, 0, 9, 1},
		[]byte{3, 0, 0, 3, 1, 0, 3, 2, 1, 3, 0, 2, 4, 10, 10, 5, 0, 5, 1, 6, 120, 4, 10, 0})
	f.Add([]byte{1, 0, 255, 2, 0, 0, 0, 0}, []byte{3, 0, 0, 3, 0, 1, 4, 10, 0, 5, 0, 6, 120, 6, 120, 6, 80, 3, 0, 1, 4, 10, 0})
	// Every fault on every queue, half the time, over long random
	// sequences.
	all := []byte{4, 0, 128, 0, 0, 0, 0, 2, 1, 128, 0, 0, 0, 0, 0, 2, 128, 0, 0, 0, 0, 0, 3, 128, 0, 0, 0, 0, 4}
	for seed := range uint64(4) {
		ops := make([]byte, 800)
		_, _ = sim.NewRand(seed).Read(ops)
		f.Add(all, ops)
	}
	f.Fuzz(func(t *testing.T, plan, ops []byte) {
		clk, svc, std, fifo := fzQueues(t)
		r := &fzFaultRun{
			t: t, ctx: context.Background(), clk: clk, svc: svc, std: std, fifo: fifo, data: ops,
			stdMsgs: map[string]*fzMessage{}, groups: map[string][]*fzFifoMessage{}, fifoMsgs: map[string]*fzFifoMessage{},
			dedup: map[string]fzDedup{},
		}
		r.rules = fzPlan(plan)
		require.NoError(t, svc.Account().SetFaultPlan(r.rules...))

		for op := 0; len(r.data) > 0 && op < fzMaxOps; op++ {
			switch r.next() % 9 {
			case 0:
				r.sendStandard()
			case 1:
				r.receiveStandard()
			case 2:
				r.deleteStandard()
			case 3:
				r.sendFIFO()
			case 4:
				r.receiveFIFO()
			case 5:
				r.deleteFIFO()
			case 6:
				clk.Advance(time.Duration(r.next()%121) * time.Second)
			case 7:
				r.changeVisibility(r.std, r.stdHdls, func(id string) *fzMessage { return r.stdMsgs[id] })
			case 8:
				r.changeVisibility(r.fifo, r.fifoHdls, func(id string) *fzMessage { return &r.fifoMsgs[id].fzMessage })
			}
		}
		r.drain()
		for _, e := range svc.Account().Events() {
			require.False(t, e.Kind == "Fault" && e.Resource == "fz.fifo", "a fault fired on the FIFO queue: %s", e)
		}
	})
}

// fzPlan decodes a fault plan: a rule count, then seven bytes a rule (the
// fault, the probability in 255ths, the resource, the count, the window's
// start and length in tens of seconds, and the delay in seconds).
func fzPlan(data []byte) []cloud.FaultRule {
	at := func(i int) int {
		if i < len(data) {
			return int(data[i])
		}
		return 0
	}
	var rules []cloud.FaultRule
	n := at(0) % 5
	for i := range n {
		b := 1 + 7*i
		r := cloud.FaultRule{
			Name:        "rule" + strconv.Itoa(i),
			Fault:       fzFaults[at(b)%len(fzFaults)],
			Probability: float64(at(b+1)) / 255,
			Resource:    []string{"", "fz-std", "fz.fifo"}[at(b+2)%3],
			Count:       at(b+3) % 4,
			Delay:       time.Duration(at(b+6)%10) * time.Second,
		}
		if from := at(b + 4); from > 0 {
			r.From = fzStart.Add(time.Duration(from) * 10 * time.Second)
		}
		if length := at(b + 5); length > 0 {
			r.Until = fzStart.Add(time.Duration(at(b+4)+length) * 10 * time.Second)
		}
		rules = append(rules, r)
	}
	return rules
}

// sendStandard sends a message to the standard queue.
func (r *fzFaultRun) sendStandard() {
	r.sent++
	before := r.fired()
	now := r.clk.Now()
	out, err := r.svc.SendMessage(r.ctx, &sqs.SendMessageInput{QueueUrl: r.std, MessageBody: "m" + strconv.Itoa(r.sent)})
	require.NoError(r.t, err)
	require.NotContains(r.t, r.stdMsgs, out.MessageId, "message ID reused")
	m := &fzMessage{visibleAt: now}
	if rule := r.firedRule(sqs.FaultDelayVisibility, before, r.fired()); rule != nil {
		m.visibleAt = now.Add(cmp.Or(rule.Delay, time.Second)) // the fault's default delay is a second
	}
	r.stdMsgs[out.MessageId] = m
}

// receiveStandard short-polls the standard queue.
func (r *fzFaultRun) receiveStandard() {
	max := r.next()%10 + 1
	vis := time.Duration(r.next()%61) * time.Second
	now := r.clk.Now()
	out, err := r.svc.ReceiveMessage(r.ctx, &sqs.ReceiveMessageInput{
		QueueUrl: r.std, MaxNumberOfMessages: max, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0),
	})
	require.NoError(r.t, err)
	require.LessOrEqual(r.t, len(out.Messages), max)
	seen := map[string]bool{}
	for _, msg := range out.Messages {
		m := r.stdMsgs[msg.MessageId]
		require.NotNil(r.t, m, "received a message never sent: %s", msg.MessageId)
		require.False(r.t, m.deleted, "received a deleted message")
		require.False(r.t, m.visibleAt.After(now), "received a message invisible until %v at %v", m.visibleAt, now)
		require.False(r.t, seen[msg.MessageId], "same message twice in one receive")
		seen[msg.MessageId] = true
		m.receives++
		m.receiveAt = now
		m.visibleAt = now.Add(vis)
		r.stdHdls = append(r.stdHdls, fzHandle{handle: msg.ReceiptHandle, id: msg.MessageId, n: m.receives})
	}
}

// deleteStandard deletes with one of the standard queue's handles.
func (r *fzFaultRun) deleteStandard() {
	if len(r.stdHdls) == 0 {
		return
	}
	h := r.stdHdls[r.next()%len(r.stdHdls)]
	before := r.fired()
	_, err := r.svc.DeleteMessage(r.ctx, &sqs.DeleteMessageInput{QueueUrl: r.std, ReceiptHandle: h.handle})
	require.NoError(r.t, err, "deleting with an issued handle always succeeds on a standard queue")
	redelivered := r.firedRule(sqs.FaultRedeliver, before, r.fired()) != nil
	m := r.stdMsgs[h.id]
	current := !m.deleted && h.n == m.receives
	require.False(r.t, redelivered && !current, "a redeliver fault fired on a delete that deletes nothing")
	if current && !redelivered {
		m.deleted = true
	}
}

// sendFIFO sends one to three messages to groups of the FIFO queue, each
// with a new deduplication ID or one used before: one with SendMessage,
// more in a batch, whose entries are sent in order.
func (r *fzFaultRun) sendFIFO() {
	n := r.next()%3 + 1
	entries := make([]sqs.SendMessageBatchRequestEntry, n)
	for i := range entries {
		r.sent++
		e := sqs.SendMessageBatchRequestEntry{
			Id: strconv.Itoa(i), MessageBody: "m" + strconv.Itoa(r.sent),
			MessageGroupId: "g" + strconv.Itoa(r.next()%3), MessageDeduplicationId: "d" + strconv.Itoa(r.sent),
		}
		if reuse := r.next(); reuse%2 == 1 && len(r.dedupIDs) > 0 {
			e.MessageDeduplicationId = r.dedupIDs[reuse/2%len(r.dedupIDs)]
		}
		entries[i] = e
	}
	now := r.clk.Now()
	ids := make([]string, n)
	if n == 1 {
		e := entries[0]
		out, err := r.svc.SendMessage(r.ctx, &sqs.SendMessageInput{
			QueueUrl: r.fifo, MessageBody: e.MessageBody, MessageGroupId: e.MessageGroupId, MessageDeduplicationId: e.MessageDeduplicationId,
		})
		require.NoError(r.t, err)
		ids[0] = out.MessageId
	} else {
		out, err := r.svc.SendMessageBatch(r.ctx, &sqs.SendMessageBatchInput{QueueUrl: r.fifo, Entries: entries})
		require.NoError(r.t, err)
		require.Empty(r.t, out.Failed)
		require.Len(r.t, out.Successful, n)
		for _, ok := range out.Successful {
			i, _ := strconv.Atoi(ok.Id)
			ids[i] = ok.MessageId
		}
	}
	for i, e := range entries {
		r.sentFIFO(e.MessageGroupId, e.MessageDeduplicationId, ids[i], now)
	}
}

// sentFIFO adds to the model a message sent to group with dedupID, as
// the send returned id: a duplicate when the ID was used less than five
// minutes before, a new message otherwise.
func (r *fzFaultRun) sentFIFO(group, dedupID, id string, now time.Time) {
	if d, ok := r.dedup[dedupID]; ok && now.Sub(d.at) < sqs.DeduplicationInterval {
		require.Equal(r.t, d.id, id, "a send within the deduplication interval of %s is a duplicate", dedupID)
		return
	}
	require.NotContains(r.t, r.fifoMsgs, id, "a send after the deduplication interval of %s is a new message", dedupID)
	if _, ok := r.dedup[dedupID]; !ok {
		r.dedupIDs = append(r.dedupIDs, dedupID)
	}
	r.dedup[dedupID] = fzDedup{id: id, at: now}
	m := &fzFifoMessage{id: id, group: group, fzMessage: fzMessage{visibleAt: now}}
	r.fifoMsgs[id] = m
	r.groups[group] = append(r.groups[group], m)
}

// changeVisibility changes the visibility timeout of a message of queue
// url with one of its handles: it succeeds for the handle of the latest
// receive of a message not deleted, within 12 hours of that receive, and
// moves the message's visibility only while it is in flight; a FIFO
// message no longer in flight refuses it.
func (r *fzFaultRun) changeVisibility(url string, handles []fzHandle, model func(id string) *fzMessage) {
	if len(handles) == 0 {
		return
	}
	h := handles[r.next()%len(handles)]
	vis := time.Duration(r.next()%61) * time.Second
	now := r.clk.Now()
	_, err := r.svc.ChangeMessageVisibility(r.ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: h.handle, VisibilityTimeout: vis})
	m := model(h.id)
	inFlight := m.visibleAt.After(now)
	switch {
	case m.deleted || h.n != m.receives:
		require.ErrorIs(r.t, err, sqs.ErrInvalidParameterValue, "handle of a deleted or re-received message")
	case url == r.fifo && !inFlight:
		require.ErrorIs(r.t, err, sqs.ErrMessageNotInflight)
	case now.Add(vis).After(m.receiveAt.Add(sqs.MaxVisibilityTimeout)):
		require.ErrorIs(r.t, err, sqs.ErrInvalidParameterValue, "past 12 hours from the receive")
	default:
		require.NoError(r.t, err)
		if inFlight { // an expired standard handle succeeds and changes nothing
			m.visibleAt = now.Add(vis)
		}
	}
}

// receiveFIFO short-polls the FIFO queue and checks what comes back
// against each group's order.
func (r *fzFaultRun) receiveFIFO() {
	max := r.next()%10 + 1
	vis := time.Duration(r.next()%61) * time.Second
	r.receiveFIFOWith(max, vis)
}

func (r *fzFaultRun) receiveFIFOWith(max int, vis time.Duration) []sqs.Message {
	now := r.clk.Now()
	out, err := r.svc.ReceiveMessage(r.ctx, &sqs.ReceiveMessageInput{
		QueueUrl: r.fifo, MaxNumberOfMessages: max, VisibilityTimeout: sqs.Duration(vis), WaitTime: sqs.Duration(0),
		MessageSystemAttributeNames: []string{sqs.SysAttributeMessageGroupId},
	})
	require.NoError(r.t, err)
	require.LessOrEqual(r.t, len(out.Messages), max)
	// The group's messages must be its oldest not deleted, in order, and
	// none of them in flight before this receive.
	taken := map[string]int{} // group → messages of it in this receive
	for _, msg := range out.Messages {
		m := r.fifoMsgs[msg.MessageId]
		require.NotNil(r.t, m, "received a message never sent: %s", msg.MessageId)
		require.Equal(r.t, m.group, msg.Attributes[sqs.SysAttributeMessageGroupId])
		pending := slices.DeleteFunc(slices.Clone(r.groups[m.group]), func(x *fzFifoMessage) bool { return x.deleted })
		k := taken[m.group]
		require.Less(r.t, k, len(pending))
		require.Equal(r.t, pending[k].id, m.id, "group %s out of order: got %s, want %s (the %d-th not deleted)", m.group, m.id, pending[k].id, k)
		if k == 0 {
			for _, x := range pending {
				require.False(r.t, x.visibleAt.After(now), "group %s received while %s is in flight", m.group, x.id)
			}
		}
		taken[m.group]++
		m.receives++
		m.receiveAt = now
		m.visibleAt = now.Add(vis)
		r.fifoHdls = append(r.fifoHdls, fzHandle{handle: msg.ReceiptHandle, id: m.id, n: m.receives})
	}
	return out.Messages
}

// deleteFIFO deletes with one of the FIFO queue's handles: it deletes a
// message in flight under its latest receive, and is refused otherwise.
func (r *fzFaultRun) deleteFIFO() {
	if len(r.fifoHdls) == 0 {
		return
	}
	h := r.fifoHdls[r.next()%len(r.fifoHdls)]
	r.deleteFIFOHandle(h)
}

func (r *fzFaultRun) deleteFIFOHandle(h fzHandle) {
	m := r.fifoMsgs[h.id]
	_, err := r.svc.DeleteMessage(r.ctx, &sqs.DeleteMessageInput{QueueUrl: r.fifo, ReceiptHandle: h.handle})
	switch {
	case m.deleted:
		require.NoError(r.t, err, "deleting a deleted message")
	case h.n == m.receives && m.visibleAt.After(r.clk.Now()):
		require.NoError(r.t, err)
		m.deleted = true
	default:
		require.ErrorIs(r.t, err, sqs.ErrInvalidParameterValue, "a FIFO handle that expired or was superseded")
	}
}

// drain moves the clock past every delay and visibility timeout and
// receives what is left: on the standard queue exactly the messages not
// deleted, on the FIFO queue the same, group by group in order.
func (r *fzFaultRun) drain() {
	r.clk.Advance(sqs.MaxVisibilityTimeout + time.Hour)
	got := map[string]bool{}
	for {
		st, _ := r.svc.Inspect().Stats(r.std)
		if st.Visible == 0 {
			break
		}
		// A long poll has no false empty: with messages visible it returns
		// at once, whatever the plan. The guard turns a poll that waits
		// instead into a failure rather than a hung fuzzer.
		guard, stop := context.WithTimeout(r.ctx, 10*time.Second)
		out, err := r.svc.ReceiveMessage(guard, &sqs.ReceiveMessageInput{
			QueueUrl: r.std, MaxNumberOfMessages: 10, VisibilityTimeout: sqs.Duration(sqs.MaxVisibilityTimeout), WaitTime: sqs.Duration(sqs.MaxWaitTime),
		})
		stop()
		require.NoError(r.t, err, "a long poll with messages visible")
		require.NotEmpty(r.t, out.Messages, "a long poll came back empty with messages visible")
		for _, msg := range out.Messages {
			require.False(r.t, got[msg.MessageId], "drained %s twice", msg.MessageId)
			got[msg.MessageId] = true
		}
	}
	for id, m := range r.stdMsgs {
		require.Equal(r.t, !m.deleted, got[id], "standard message %s: deleted %v, drained %v", id, m.deleted, got[id])
	}

	for {
		msgs := r.receiveFIFOWith(10, time.Minute)
		if len(msgs) == 0 {
			break
		}
		for _, msg := range msgs {
			m := r.fifoMsgs[msg.MessageId]
			r.deleteFIFOHandle(fzHandle{handle: msg.ReceiptHandle, id: m.id, n: m.receives})
		}
	}
	for id, m := range r.fifoMsgs {
		require.True(r.t, m.deleted, "FIFO message %s of group %s never drained", id, m.group)
	}
}
