package cloudwatch

import (
	"context"
	"time"

	"github.com/awssim/awssim/cloud"
)

// How alarms run on the clock.
//
// The service keeps one callback scheduled on the account's scheduler, at
// the earliest instant something is due: the end of a period of some
// alarm (every alarm of a period is evaluated at the same instants, the
// multiples of the period since the Unix epoch), or the end of a minute
// when collectors are registered. At each such instant it first calls the
// collectors, outside its lock, and stores what they return; then it
// evaluates every alarm due, in order of period and creation, gathering
// the actions to run; then it releases the lock and delivers them, in
// that order, through the account. With a *sim.Clock all of this runs on
// the goroutine that advances the clock, at the due instant. With a clock
// whose callbacks run late, the instants missed are worked through in
// order.
//
// With no alarm and no collector nothing is scheduled, so a service that
// only stores metrics costs nothing on the clock.

// scheduleLocked schedules the tick at the earliest due instant, unless a
// tick is running (it schedules the next when it is done). It needs s.mu.
func (s *Service) scheduleLocked() {
	if s.ticking {
		return
	}
	next, ok := s.nextDueLocked()
	if ok && next == s.tickAt {
		return
	}
	s.tick.Cancel()
	s.tickAt = 0
	if ok {
		s.tickAt = next
		// In the clock's own location: a *sim.Clock reads the due time of
		// the event it runs, and must not change zone.
		s.tick = s.sched.ScheduleAt(time.Unix(next, 0).In(s.sched.Now().Location()), s.run)
	}
}

// nextDueLocked returns the earliest instant something is due at.
func (s *Service) nextDueLocked() (int64, bool) {
	next, ok := int64(0), false
	for _, g := range s.groups {
		if !ok || g.next < next {
			next, ok = g.next, true
		}
	}
	if len(s.collectors) > 0 && (!ok || s.collectNext < next) {
		next, ok = s.collectNext, true
	}
	return next, ok
}

// run is the scheduled callback: it works through every instant due up
// to the clock's time.
func (s *Service) run() {
	ctx := context.Background()
	s.mu.Lock()
	if s.ticking {
		s.mu.Unlock()
		return
	}
	s.ticking = true
	s.tickAt = 0
	for {
		d, ok := s.nextDueLocked()
		if !ok || d > s.sched.Now().Unix() {
			break
		}
		var due []*collector
		if len(s.collectors) > 0 && s.collectNext == d {
			due = append(due, s.collectors...)
			s.collectNext = d + 60
		}
		s.mu.Unlock()
		for _, c := range due {
			c.collect(s, d)
		}
		s.mu.Lock()
		var out []delivery
		for _, g := range s.groups {
			if g.next != d {
				continue
			}
			for _, a := range g.alarms {
				out = s.evaluateLocked(a, d, out)
			}
			g.next = d + g.period
		}
		if len(out) > 0 {
			s.mu.Unlock()
			s.deliver(ctx, out)
			s.mu.Lock()
		}
	}
	s.ticking = false
	s.scheduleLocked()
	s.mu.Unlock()
}

// deliver runs actions, in order, through the account, without the lock,
// and records each outcome in the alarm's history.
func (s *Service) deliver(ctx context.Context, out []delivery) {
	for _, d := range out {
		err := s.account.Deliver(ctx, d.target, cloud.Message{Body: d.body, Subject: s.subject(d)})
		summary, kind := "Successfully executed action "+d.target, EventActionExecuted
		if err != nil {
			summary, kind = "Failed to execute action "+d.target, EventActionFailed
		}
		detail := string(d.state) + " " + d.target
		if d.repeats {
			detail += " repeat"
		}
		if err != nil {
			detail += ": " + err.Error()
		}
		s.mu.Lock()
		t := d.alarmType
		if t == "" {
			t = AlarmTypeMetricAlarm
		}
		s.items = append(s.items, AlarmHistoryItem{
			AlarmName: d.alarm, AlarmType: t, Timestamp: d.at,
			HistoryItemType: HistoryAction, HistorySummary: summary, HistoryData: actionHistoryData(d.at, d.target, err),
		})
		s.recordLocked(d.at, kind, d.alarm, detail)
		s.mu.Unlock()
	}
}
