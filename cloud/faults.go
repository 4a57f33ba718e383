package cloud

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/awssim/awssim/sim"
)

// FaultRule is one rule of an account's fault plan ([WithFaultPlan]): which
// fault, where, how often and when. The services name the faults they can
// simulate as constants of their own (sqs.FaultRedeliver …), each a way in
// which AWS really misbehaves within what it promises; a rule whose Fault
// no service names never fires.
//
// A rule fires at an opportunity (a receive, a delete, an invocation, a
// delivery attempt of a matching resource) that falls in its window, with
// its probability, until it has fired Count times. With Probability 1 and
// a From instant, it fires at exact moments: "the first three deletes
// after 00:05".
type FaultRule struct {
	// Name identifies the rule in the event log. Required.
	Name string
	// Fault is what goes wrong, as a service names it: "sqs:Redeliver".
	Fault string
	// Resource is what the rule applies to, as the fault's service says:
	// the name of a queue, function, topic or group, an Availability
	// Zone, a target ID, an instance type; empty applies it to all.
	Resource string
	// Probability is the chance, from 0 to 1, that the rule fires at each
	// opportunity. It is drawn from the account's seed, so a run replays
	// from its seed.
	Probability float64
	// Count is how many times the rule may fire in all; zero is no limit.
	Count int
	// From and Until bound the virtual instants at which the rule may
	// fire: from From, inclusive, to Until, exclusive. A zero instant
	// leaves that side open.
	From, Until time.Time
	// Delay is how long the faults that take a duration last (a new
	// message's extra delay, a slower cold start); the service documents
	// its default. A lasting fault ([Account.LastingFault]) lasts Delay
	// from when it fires, or to Until when Delay is zero (for ever when
	// Until is open too).
	Delay time.Duration
}

// FaultZoneOutage is the fault of an Availability Zone that goes dark, as
// when its power or network fails: a lasting fault
// ([Account.LastingFault]) whose rule's Resource is the zone's name
// ("us-east-1a"; empty: any zone, the first one looked at). Every service
// with resources in zones looks at it: the autoscaling package's
// instances there are impaired and its launches there fail, the elb
// package's targets there cannot be reached. One rule darkens the zone
// for all of them, for the same time:
//
//	acct.SetFaultPlan(cloud.FaultRule{Name: "az-a-down", Fault: cloud.FaultZoneOutage,
//		Resource: "us-east-1a", Probability: 1, From: start.Add(time.Hour), Until: start.Add(90 * time.Minute)})
const FaultZoneOutage = "ec2:ZoneOutage"

// validate reports what is wrong with r.
func (r FaultRule) validate() error {
	service, name, ok := strings.Cut(r.Fault, ":")
	switch {
	case r.Name == "":
		return fmt.Errorf("a rule for %q has no name", r.Fault)
	case !ok || service == "" || name == "":
		return fmt.Errorf("rule %q: fault %q is not service:Name", r.Name, r.Fault)
	case !(r.Probability >= 0 && r.Probability <= 1):
		return fmt.Errorf("rule %q: probability %v is not between 0 and 1", r.Name, r.Probability)
	case r.Count < 0:
		return fmt.Errorf("rule %q: negative count %d", r.Name, r.Count)
	case r.Delay < 0:
		return fmt.Errorf("rule %q: negative delay %s", r.Name, r.Delay)
	case !r.Until.IsZero() && !r.Until.After(r.From):
		return fmt.Errorf("rule %q: until %s is not after from %s", r.Name, FormatTime(r.Until), FormatTime(r.From))
	}
	return nil
}

// SetFaultPlan replaces the account's fault plan: faults that its
// services inject as the rules say, each drawn from the account's seed
// and recorded in the account's event log (an [Event] of Kind "Fault"
// naming the rule), so that a failing run replays from its seed and shows
// what was injected. With no rules it removes the plan; without a plan,
// the default, no service injects anything. A test may set a plan at any
// virtual instant; the counts of what fired start again from zero.
//
// It refuses, changing nothing, a rule without a name, a fault not of the
// form "service:Name", a probability outside [0, 1], a negative count or
// delay, or an Until not after From.
func (a *Account) SetFaultPlan(rules ...FaultRule) error {
	for _, r := range rules {
		if err := r.validate(); err != nil {
			return fmt.Errorf("cloud: fault plan: %w", err)
		}
	}
	if len(rules) == 0 {
		a.faults.Store(nil)
		return nil
	}
	rules = append([]FaultRule(nil), rules...)
	a.faults.Store(&faultPlan{rules: rules, fired: make([]int, len(rules)), rng: sim.NewRand(a.Seed("faults")), lasting: map[lastingKey]time.Time{}})
	return nil
}

// faultPlan is an account's fault plan and what it has drawn.
type faultPlan struct {
	mu    sync.Mutex
	rules []FaultRule
	fired []int // by rule
	rng   *sim.Rand
	// lasting holds the lasting faults in force: when each ends, the
	// zero instant for never.
	lasting map[lastingKey]time.Time
}

// lastingKey is a lasting fault in force: the index of its rule and the
// resource it fired on.
type lastingKey struct {
	rule     int
	resource string
}

// Fault is how a service asks whether a fault fires at one of its
// opportunities: fault as the service names it ("sqs:Redeliver"), the
// resource's name, and id, what the opportunity is about (a message ID,
// a request ID), for the event log. The first rule of the plan that
// matches, is in its window, has fired fewer than Count times and wins
// its draw fires: Fault records it in the event log and returns it (the
// plan's own rule, which the caller must not change). It
// returns nil, drawing nothing, when no rule is for fault, so a plan for
// one service leaves every other's behaviour and numbers as they were;
// without a plan it costs an atomic load.
func (a *Account) Fault(fault, resource, id string) *FaultRule {
	if p := a.faults.Load(); p != nil {
		return a.fire(p, fault, resource, id, false)
	}
	return nil
}

// LastingFault is how a service asks whether a fault that lasts once it
// fires (an Availability Zone gone dark, a target that hangs) is on
// resource now. When a rule for fault fired on resource and its fault
// has not ended (it lasts the rule's Delay, or to its Until when Delay
// is zero), LastingFault returns that rule, drawing and recording
// nothing. Otherwise the call is an opportunity, as for [Account.Fault]:
// a rule that fires starts the fault on resource from now, is recorded
// in the event log (with "until=" the instant it ends, when it does) and
// is returned. So a rule with Probability 1 and a window from From to
// Until holds the fault from the first look at or after From to Until,
// and every service that looks at the resource sees the same fault.
// Without a plan it costs an atomic load.
func (a *Account) LastingFault(fault, resource, id string) *FaultRule {
	if p := a.faults.Load(); p != nil {
		return a.last(p, fault, resource, id)
	}
	return nil
}

// last is [Account.LastingFault] with a plan.
func (a *Account) last(p *faultPlan, fault, resource, id string) *FaultRule {
	now := a.clock.Now()
	p.mu.Lock()
	for i := range p.rules {
		r := &p.rules[i]
		if r.Fault != fault {
			continue
		}
		if end, ok := p.lasting[lastingKey{i, resource}]; ok {
			if end.IsZero() || now.Before(end) {
				p.mu.Unlock()
				return r
			}
			delete(p.lasting, lastingKey{i, resource})
		}
	}
	p.mu.Unlock()
	return a.fire(p, fault, resource, id, true)
}

// fire is [Account.Fault] with a plan, and the start of a lasting fault
// for [Account.LastingFault].
func (a *Account) fire(p *faultPlan, fault, resource, id string, lasting bool) *FaultRule {
	now := a.clock.Now()
	p.mu.Lock()
	var rule *FaultRule
	var until string
	for i := range p.rules {
		r := &p.rules[i]
		if r.Fault != fault || r.Resource != "" && r.Resource != resource ||
			r.Count > 0 && p.fired[i] >= r.Count ||
			now.Before(r.From) || !r.Until.IsZero() && !now.Before(r.Until) {
			continue
		}
		if r.Probability < 1 && p.rng.Float64() >= r.Probability {
			continue
		}
		p.fired[i]++
		rule = r
		if lasting {
			end := r.Until
			if r.Delay > 0 {
				end = now.Add(r.Delay)
			}
			p.lasting[lastingKey{i, resource}] = end
			if !end.IsZero() {
				until = " until=" + FormatTime(end)
			}
		}
		break
	}
	p.mu.Unlock()
	if rule != nil {
		service, name, _ := strings.Cut(fault, ":")
		a.Record(Event{At: now, Service: service, Kind: "Fault", Resource: resource, ID: id,
			Detail: "fault=" + name + " rule=" + rule.Name + until})
	}
	return rule
}

// HasFaultPlan reports whether the account has a fault plan, for a
// service that would otherwise walk its resources asking [Account.Fault]
// at each: without a plan there is nothing to draw.
func (a *Account) HasFaultPlan() bool { return a.faults.Load() != nil }

// FaultsFired returns how many times each rule of the account's fault
// plan has fired, by rule name.
func (a *Account) FaultsFired() map[string]int {
	p := a.faults.Load()
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	m := make(map[string]int, len(p.rules))
	for i, r := range p.rules {
		m[r.Name] += p.fired[i]
	}
	return m
}
