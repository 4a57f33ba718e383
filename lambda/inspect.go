package lambda

import (
	"fmt"
	"slices"
	"time"

	"github.com/awssim/awssim/cloud"
)

// Inspector reads the state of a [Service] for tests and simulations,
// beside the AWS operations. It returns copies.
type Inspector struct {
	s *Service
}

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// Invocation is one invocation, recorded with [WithHistory].
type Invocation struct {
	RequestID     string
	FunctionName  string
	Version       string // the version that ran
	EnvironmentID int
	ColdStart     bool
	// Start is when the invocation began and End when it ended, in virtual
	// time; InitDuration (cold starts) and Duration make up the span.
	Start, End     time.Time
	InitDuration   time.Duration
	Duration       time.Duration
	BilledDuration time.Duration
	FunctionError  string
	// Attempt counts the attempts of an asynchronous event, from 1.
	Attempt int
	// Outcome is, on the last attempt of an asynchronous event whose
	// outcome went somewhere, its condition (Success, RetriesExhausted or
	// EventAgeExceeded), and DeliveredTo the destinations and dead-letter
	// queue that accepted it.
	Outcome     string
	DeliveredTo []string
}

// event is the invocation as the account's event log holds it: an
// "Invoked" event of the function at the invocation's start, recorded when
// the handler returned, whose detail gives the version, the execution
// environment, whether it started cold, the end, the attempt and the
// function error ("-" for none).
func (inv Invocation) event() cloud.Event {
	fnErr := inv.FunctionError
	if fnErr == "" {
		fnErr = "-"
	}
	return cloud.Event{
		At: inv.Start, Service: "lambda", Kind: "Invoked", Resource: inv.FunctionName, ID: inv.RequestID,
		Detail: fmt.Sprintf("version=%s env=%d cold=%t end=%s attempt=%d error=%s",
			inv.Version, inv.EnvironmentID, inv.ColdStart, cloud.FormatTime(inv.End), inv.Attempt, fnErr),
	}
}

// Invocations returns every recorded invocation, in the order they ended
// (an invocation a handler makes ends before the handler's own). It needs [WithHistory]; without it, it returns nil.
func (i *Inspector) Invocations() []Invocation {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.invocations)
	for i := range out {
		out[i].DeliveredTo = slices.Clone(out[i].DeliveredTo)
	}
	return out
}

// Stats returns a function's totals, and false for an unknown function.
func (i *Inspector) Stats(functionName string) (FunctionStats, bool) {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	fn := s.functions[functionName]
	if fn == nil {
		return FunctionStats{}, false
	}
	now := s.sched.Now()
	s.advance(now)
	s.accrue(fn, now)
	st := fn.stats
	st.ConcurrentExecutions = fn.busy
	return st, true
}

// WarmEnvironments returns how many idle, not yet reaped execution
// environments a function's versions hold, provisioned ones included once
// they have been allocated (which happens when the version is next
// invoked after its configuration is READY).
func (i *Inspector) WarmEnvironments(functionName string) int {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	fn := s.functions[functionName]
	if fn == nil {
		return 0
	}
	now := s.sched.Now()
	s.advance(now)
	n := 0
	for _, v := range append([]*version{fn.latest}, fn.published...) {
		if v == nil {
			continue
		}
		for _, e := range v.pool.idle {
			if now.Sub(e.idleSince) < s.idleTimeout {
				n++
			}
		}
		n += len(v.pool.provisioned)
	}
	return n
}

// MappingStats returns a mapping's totals, and false for an unknown one.
func (i *Inspector) MappingStats(uuid string) (MappingStats, bool) {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mapping(uuid)
	if m == nil {
		return MappingStats{}, false
	}
	cs := m.consumer.Stats()
	st := m.stats
	st.Pollers, st.PeakPollers, st.Deleted = cs.Pollers, cs.PeakPollers, cs.Deleted
	return st, true
}
