package policy

import (
	"strings"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/input"
)

// Decision is the result of evaluating a request against a policy.
type Decision int

// The three decisions.
const (
	// ImplicitDeny: no statement allows the request and none denies it.
	ImplicitDeny Decision = iota
	// Allowed: a statement allows the request and none denies it.
	Allowed
	// Denied: a statement explicitly denies the request.
	Denied
)

// String names the decision.
func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case Denied:
		return "explicitly denied"
	}
	return "implicitly denied"
}

// Request is what a policy decides: who asks to do what to which resource,
// and the request's condition keys.
type Request struct {
	// Account is the 12-digit account of the caller; for a service
	// acting on a resource's behalf (SNS delivering for a topic), the
	// account that owns that resource.
	Account string
	// ARN is the caller's IAM identity (a user or role ARN); empty for
	// none.
	ARN string
	// Service is the service principal making the request
	// (sns.amazonaws.com); empty for a caller with an IAM identity.
	Service string
	// Action is service:Operation, for example sqs:SendMessage.
	Action string
	// Resource is the ARN of the resource acted on.
	Resource string
	// Context holds the request's condition keys (aws:SourceArn,
	// aws:SourceAccount …), matched with a policy's keys case
	// insensitively.
	Context map[string]string
}

// Evaluate decides r: Denied when a matching statement denies it, else
// Allowed when one allows it, else ImplicitDeny.
func (p *Policy) Evaluate(r Request) Decision {
	d := ImplicitDeny
	for i := range p.Statements {
		s := &p.Statements[i]
		if !s.matches(&r) {
			continue
		}
		if s.Effect == Deny {
			return Denied
		}
		d = Allowed
	}
	return d
}

// matches reports whether the statement applies to r.
func (s *Statement) matches(r *Request) bool {
	if s.Principal != nil && !s.Principal.matches(r) || s.NotPrincipal != nil && s.NotPrincipal.matches(r) {
		return false
	}
	if anyMatch(s.Actions, r.Action, true) == s.NotActions {
		return false
	}
	if len(s.Resources) > 0 && anyMatch(s.Resources, r.Resource, false) == s.NotResources {
		return false
	}
	for i := range s.Conditions {
		if !s.Conditions[i].holds(r.Context) {
			return false
		}
	}
	return true
}

// matches reports whether r is made by the principal. An account principal
// (its ID or its root ARN) covers every identity of the account.
func (p *Principal) matches(r *Request) bool {
	if p.Any {
		return true
	}
	for _, id := range p.AWS {
		switch {
		case id == "*":
			return true
		case r.Account != "" && (id == r.Account || isRootOf(id, r.Account)):
			return true
		case r.ARN != "" && id == r.ARN:
			return true
		}
	}
	if r.Service != "" {
		for _, id := range p.Service {
			if strings.EqualFold(id, r.Service) {
				return true
			}
		}
	}
	return false
}

// isRootOf reports whether id is the root ARN of account,
// arn:PARTITION:iam::account:root.
func isRootOf(id, account string) bool {
	a, err := arn.Parse(id)
	return err == nil && a.Service == "iam" && a.Region == "" && a.AccountID == account && a.Resource == "root"
}

// anyMatch reports whether one of the patterns matches s.
func anyMatch(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if input.Glob(p, s, fold) {
			return true
		}
	}
	return false
}

// holds reports whether the condition holds for the request's keys.
func (c *Condition) holds(ctx map[string]string) bool {
	v, ok := lookup(ctx, c.Key)
	if c.Operator == "Null" {
		// "true": the key must be absent; "false": present.
		for _, want := range c.Values {
			if (want == "true") == !ok {
				return true
			}
		}
		return false
	}
	if !ok {
		// A missing key matches no value: a positive operator fails and
		// a negated one holds; IfExists makes both hold.
		return c.IfExists || negated(c.Operator)
	}
	match := false
	for _, want := range c.Values {
		if compare(c.Operator, want, v) {
			match = true
			break
		}
	}
	return match != negated(c.Operator)
}

// negated reports whether op is one of the Not operators.
func negated(op string) bool { return strings.Contains(op, "Not") }

// compare applies the positive form of op to the policy's value want and
// the request's value got.
func compare(op, want, got string) bool {
	switch op {
	case "StringEquals", "StringNotEquals":
		return want == got
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		return strings.EqualFold(want, got)
	case "StringLike", "StringNotLike":
		return glob(want, got)
	}
	return arnLike(want, got) // ArnEquals, ArnLike and their negations
}

// arnLike matches an ARN as AWS's Arn operators do: each of the six
// colon-separated parts separately, case for case, with wildcards in each.
func arnLike(pattern, s string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	sp := strings.SplitN(s, ":", 6)
	if len(pp) != 6 || len(sp) != 6 {
		return false
	}
	for i := range pp {
		if !glob(pp[i], sp[i]) {
			return false
		}
	}
	return true
}

// lookup finds key in ctx case insensitively.
func lookup(ctx map[string]string, key string) (string, bool) {
	if v, ok := ctx[key]; ok {
		return v, true
	}
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// glob matches s against pattern, case for case, with * and ?.
func glob(pattern, s string) bool { return input.Glob(pattern, s, false) }

// ServiceRequest is the request of a service principal (sns.amazonaws.com)
// that acts on a resource's behalf, as AWS presents it to the target's
// resource policy: the account is that of sourceARN, which is also the
// aws:SourceArn condition key, with aws:SourceAccount and aws:SourceOwner
// its account.
func ServiceRequest(service, sourceARN, action, resource string) Request {
	var account string
	if a, err := arn.Parse(sourceARN); err == nil {
		account = a.AccountID
	}
	return Request{
		Account: account, Service: service, Action: action, Resource: resource,
		Context: map[string]string{"aws:SourceArn": sourceARN, "aws:SourceAccount": account, "aws:SourceOwner": account},
	}
}
