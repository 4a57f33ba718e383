package elb

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Rule describes a listener rule, as DescribeRules returns it.
type Rule struct {
	RuleArn string
	// Priority is the rule's priority, or "default" for the listener's
	// default rule.
	Priority   string
	Conditions []RuleCondition
	Actions    []Action
	IsDefault  bool
}

// rule is a rule's state; a listener's default rule has priority 0 and
// no conditions.
type rule struct {
	seq        uint64
	arn        string
	listener   *listener
	priority   int
	conditions []condition
	action     *action
	tags       tags
}

// newRule makes a rule of l and counts its action's target groups as in
// use. s.mu must be held.
func (s *Service) newRule(l *listener, priority int, conds []condition, a *action, t tags) *rule {
	s.nextSeq++
	r := &rule{
		seq:        s.nextSeq,
		arn:        arn.ListenerRule{Listener: l.arn, ID: s.newID()}.String(),
		listener:   l,
		priority:   priority,
		conditions: conds,
		tags:       t,
	}
	s.rules[r.arn] = r
	s.setAction(r, a)
	return r
}

// setAction replaces r's action with a (nil: none, for a rule being
// deleted), and moves the use counts of the target groups: a group that
// comes into use starts its health checks with every target initial; one
// that goes out of use stops them. The new action's groups are counted
// before the old one's are released, so that a group in both stays in
// use, its targets' health kept. s.mu must be held.
func (s *Service) setAction(r *rule, a *action) {
	lb := r.listener.lb
	old := r.action
	r.action = a
	if a != nil {
		for _, tg := range a.groups() {
			wasUsed := tg.inUse()
			tg.users[lb]++
			if !wasUsed {
				now := s.sched.Now()
				s.expireLocked(tg, now)
				for _, t := range tg.targets {
					if t.state != HealthDraining {
						t.reset()
					}
				}
				if len(tg.targets) > 0 {
					s.scheduleRound(tg)
				}
			}
		}
	}
	if old != nil {
		for _, tg := range old.groups() {
			if tg.users[lb]--; tg.users[lb] == 0 {
				delete(tg.users, lb)
			}
			if !tg.inUse() {
				tg.round.Cancel()
				tg.roundAt = time.Time{}
			}
		}
	}
}

// CreateRuleInput is the input of [Service.CreateRule].
type CreateRuleInput struct {
	ListenerArn string // Required.
	// Priority is 1 to 50,000, unique among the listener's rules;
	// rules are evaluated from the lowest. Required.
	Priority   int
	Conditions []RuleCondition // Required.
	Actions    []Action        // Required.
	Tags       []Tag
}

// CreateRuleOutput is the output of [Service.CreateRule].
type CreateRuleOutput struct {
	Rules []Rule
}

// CreateRule adds a rule to an Application Load Balancer's listener.
//
// Errors: ErrValidationError (conditions beyond AWS's limits),
// ErrListenerNotFoundException, ErrPriorityInUseException,
// ErrTooManyRulesException, and the errors of the action.
func (s *Service) CreateRule(ctx context.Context, in *CreateRuleInput) (*CreateRuleOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Priority < MinPriority || in.Priority > MaxPriority {
		return nil, ErrValidationError.With("priority %d is not from %d to %d", in.Priority, MinPriority, MaxPriority)
	}
	conds, err := compileConditions(in.Conditions)
	if err != nil {
		return nil, err
	}
	newTags, err := checkTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.lookupListener(in.ListenerArn)
	if err != nil {
		return nil, err
	}
	if l.lb.typ != TypeApplication {
		return nil, ErrValidationError.With("rules are supported only on Application Load Balancers' listeners")
	}
	if slices.ContainsFunc(l.rules, func(r *rule) bool { return r.priority == in.Priority }) {
		return nil, ErrPriorityInUseException.With("priority %d is currently in use", in.Priority)
	}
	n := 0
	for _, o := range l.lb.listeners {
		n += len(o.rules)
	}
	if n >= MaxRules {
		return nil, ErrTooManyRulesException.With("a load balancer has at most %d rules", MaxRules)
	}
	a, err := s.compileActions(l.lb, in.Actions)
	if err != nil {
		return nil, err
	}
	r := s.newRule(l, in.Priority, conds, a, newTags)
	l.insert(r)
	return &CreateRuleOutput{Rules: []Rule{r.describe()}}, nil
}

// insert puts r among l's rules by priority.
func (l *listener) insert(r *rule) {
	i, _ := slices.BinarySearchFunc(l.rules, r.priority, func(o *rule, p int) int { return o.priority - p })
	l.rules = slices.Insert(l.rules, i, r)
}

func (r *rule) describe() Rule {
	out := Rule{RuleArn: r.arn, Priority: strconv.Itoa(r.priority), Actions: []Action{r.action.describe()}, IsDefault: r.priority == 0}
	if out.IsDefault {
		out.Priority = "default"
	}
	for _, c := range r.conditions {
		out.Conditions = append(out.Conditions, c.spec.clone())
	}
	return out
}

// lookupRule returns the rule of an ARN, or the error AWS gives. s.mu
// must be held.
func (s *Service) lookupRule(a string) (*rule, error) {
	if r := s.rules[a]; r != nil {
		return r, nil
	}
	if _, err := arn.ParseListenerRule(a); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	return nil, ErrRuleNotFoundException.With("rule %q not found", a)
}

// ModifyRuleInput is the input of [Service.ModifyRule]; nil leaves the
// conditions or actions as they are.
type ModifyRuleInput struct {
	RuleArn    string // Required.
	Conditions []RuleCondition
	Actions    []Action
}

// ModifyRuleOutput is the output of [Service.ModifyRule].
type ModifyRuleOutput struct {
	Rules []Rule
}

// ModifyRule replaces a rule's conditions or actions. A default rule's
// actions may change (as ModifyListener's DefaultActions do), its
// conditions not.
//
// Errors: ErrValidationError, ErrRuleNotFoundException,
// ErrOperationNotPermittedException, and the errors of the action.
func (s *Service) ModifyRule(ctx context.Context, in *ModifyRuleInput) (*ModifyRuleOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	var conds []condition
	if in.Conditions != nil {
		if conds, err = compileConditions(in.Conditions); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookupRule(in.RuleArn)
	if err != nil {
		return nil, err
	}
	if r.priority == 0 && in.Conditions != nil {
		return nil, ErrOperationNotPermittedException.With("the conditions of a default rule cannot be changed")
	}
	a := r.action
	if in.Actions != nil {
		if a, err = s.compileActions(r.listener.lb, in.Actions); err != nil {
			return nil, err
		}
	}
	if conds != nil {
		r.conditions = conds
	}
	s.setAction(r, a)
	return &ModifyRuleOutput{Rules: []Rule{r.describe()}}, nil
}

// DeleteRuleInput is the input of [Service.DeleteRule].
type DeleteRuleInput struct {
	RuleArn string // Required.
}

// DeleteRuleOutput is the output of [Service.DeleteRule].
type DeleteRuleOutput struct{}

// DeleteRule deletes a rule; a listener's default rule goes only with
// its listener.
//
// Errors: ErrValidationError, ErrRuleNotFoundException,
// ErrOperationNotPermittedException (a default rule).
func (s *Service) DeleteRule(ctx context.Context, in *DeleteRuleInput) (*DeleteRuleOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookupRule(in.RuleArn)
	if err != nil {
		return nil, err
	}
	if r.priority == 0 {
		return nil, ErrOperationNotPermittedException.With("a default rule cannot be deleted")
	}
	s.setAction(r, nil)
	r.listener.rules = slices.DeleteFunc(r.listener.rules, func(o *rule) bool { return o == r })
	delete(s.rules, r.arn)
	return &DeleteRuleOutput{}, nil
}

// DescribeRulesInput is the input of [Service.DescribeRules]: a
// listener's rules, or rules by ARN.
type DescribeRulesInput struct {
	ListenerArn string
	RuleArns    []string
	Marker      string
	PageSize    int
}

// DescribeRulesOutput is the output of [Service.DescribeRules].
type DescribeRulesOutput struct {
	Rules      []Rule
	NextMarker string
}

// DescribeRules describes rules: a listener's by priority, its default
// rule last, as they are evaluated.
//
// Errors: ErrValidationError, ErrListenerNotFoundException,
// ErrRuleNotFoundException.
func (s *Service) DescribeRules(ctx context.Context, in *DescribeRulesInput) (*DescribeRulesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if (in.ListenerArn == "") == (len(in.RuleArns) == 0) {
		return nil, ErrValidationError.With("either a listener ARN or rule ARNs must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*rule
	if in.ListenerArn != "" {
		l, err := s.lookupListener(in.ListenerArn)
		if err != nil {
			return nil, err
		}
		found = append(slices.Clone(l.rules), l.def)
	}
	for _, a := range in.RuleArns {
		r, err := s.lookupRule(a)
		if err != nil {
			return nil, err
		}
		found = append(found, r)
	}
	page, next, err := paginate(found, in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &DescribeRulesOutput{NextMarker: next}
	for _, r := range page {
		out.Rules = append(out.Rules, r.describe())
	}
	return out, nil
}

// SetRulePrioritiesInput is the input of [Service.SetRulePriorities].
type SetRulePrioritiesInput struct {
	RulePriorities []RulePriorityPair // Required.
}

// RulePriorityPair is a rule and its new priority.
type RulePriorityPair struct {
	RuleArn  string
	Priority int
}

// SetRulePrioritiesOutput is the output of [Service.SetRulePriorities].
type SetRulePrioritiesOutput struct {
	Rules []Rule
}

// SetRulePriorities changes the priorities of rules of one or more
// listeners, all at once: the new priorities may swap.
//
// Errors: ErrValidationError, ErrRuleNotFoundException,
// ErrPriorityInUseException, ErrOperationNotPermittedException (a
// default rule).
func (s *Service) SetRulePriorities(ctx context.Context, in *SetRulePrioritiesInput) (*SetRulePrioritiesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.RulePriorities) == 0 {
		return nil, ErrValidationError.With("at least one rule priority must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rules := make([]*rule, len(in.RulePriorities))
	next := make(map[*rule]int, len(rules))
	for i, p := range in.RulePriorities {
		r, err := s.lookupRule(p.RuleArn)
		if err != nil {
			return nil, err
		}
		switch {
		case r.priority == 0:
			return nil, ErrOperationNotPermittedException.With("the priority of a default rule cannot be changed")
		case p.Priority < MinPriority || p.Priority > MaxPriority:
			return nil, ErrValidationError.With("priority %d is not from %d to %d", p.Priority, MinPriority, MaxPriority)
		}
		rules[i], next[r] = r, p.Priority
	}
	for _, r := range rules {
		for _, o := range r.listener.rules {
			p, moving := next[o]
			if !moving {
				p = o.priority
			}
			if o != r && p == next[r] {
				return nil, ErrPriorityInUseException.With("priority %d is currently in use", next[r])
			}
		}
	}
	out := &SetRulePrioritiesOutput{}
	for _, r := range rules {
		r.priority = next[r]
	}
	for _, r := range rules {
		l := r.listener
		slices.SortFunc(l.rules, func(a, b *rule) int { return a.priority - b.priority })
		out.Rules = append(out.Rules, r.describe())
	}
	return out, nil
}

// notFound returns the error AWS gives for an ARN that names no
// resource: the not-found error of its kind. s.mu must be held.
func (s *Service) notFound(a string) error {
	if _, err := arn.ParseLoadBalancer(a); err == nil {
		return ErrLoadBalancerNotFoundException.With("load balancer %q not found", a)
	}
	if _, err := arn.ParseTargetGroup(a); err == nil {
		return ErrTargetGroupNotFoundException.With("target group %q not found", a)
	}
	if _, err := arn.ParseListener(a); err == nil {
		return ErrListenerNotFoundException.With("listener %q not found", a)
	}
	if _, err := arn.ParseListenerRule(a); err == nil {
		return ErrRuleNotFoundException.With("rule %q not found", a)
	}
	return ErrValidationError.With("%q is not the ARN of a load balancer, target group, listener or rule", a)
}
