package cloudwatch

import (
	"strings"

	"github.com/awssim/awssim/internal/arn"
)

// A composite alarm's AlarmRule (PutCompositeAlarm): the functions
// ALARM(name), OK(name) and INSUFFICIENT_DATA(name), true when the named
// alarm is in that state, the constants TRUE and FALSE, combined with
// NOT, AND and OR (binding in that order, tightest first) and grouped
// with parentheses. A name may be in double quotes or not, and may be an
// alarm's ARN. Keywords are read in any case ("false" as the User Guide
// writes it to break a cycle).

// Limits of an AlarmRule, from PutCompositeAlarm's reference.
const (
	maxRuleLength   = 10240
	maxRuleChildren = 100
	maxRuleElements = 500 // child alarms, TRUE and FALSE, parentheses
)

// ruleNode is one node of a parsed AlarmRule.
type ruleNode struct {
	op    ruleOp
	state StateValue // of ruleState
	name  string     // of ruleState: the alarm's name
	kids  []*ruleNode
}

type ruleOp int

const (
	ruleState ruleOp = iota // ALARM(name), OK(name), INSUFFICIENT_DATA(name)
	ruleTrue
	ruleFalse
	ruleNot
	ruleAnd
	ruleOr
)

// eval reports whether the rule holds, reading each alarm's state with
// state.
func (n *ruleNode) eval(state func(name string) StateValue) bool {
	switch n.op {
	case ruleState:
		return state(n.name) == n.state
	case ruleTrue:
		return true
	case ruleFalse:
		return false
	case ruleNot:
		return !n.kids[0].eval(state)
	case ruleAnd:
		for _, k := range n.kids {
			if !k.eval(state) {
				return false
			}
		}
		return true
	}
	for _, k := range n.kids {
		if k.eval(state) {
			return true
		}
	}
	return false
}

// ruleParser reads an AlarmRule.
type ruleParser struct {
	src      string
	pos      int
	elements int
	children []string // distinct, in the order first named
	region   string
	account  string
}

// parseRule parses rule and returns it with the names of the alarms it
// refers to, distinct, in the order first named. ARNs of alarms of
// region and account are read as their names.
func parseRule(rule, region, account string) (*ruleNode, []string, *Error) {
	switch {
	case rule == "":
		return nil, nil, missing("AlarmRule")
	case len(rule) > maxRuleLength:
		return nil, nil, ErrInvalidParameterValueException.With("The parameter AlarmRule must be at most %d characters long.", maxRuleLength)
	}
	p := &ruleParser{src: rule, region: region, account: account}
	n, err := p.or()
	if err == nil && p.skip() < len(p.src) {
		err = p.fail("unexpected %q", p.src[p.pos:])
	}
	switch {
	case err != nil:
		return nil, nil, err
	case len(p.children) > maxRuleChildren:
		return nil, nil, ErrInvalidParameterValueException.With("The AlarmRule refers to %d alarms; it may refer to at most %d.", len(p.children), maxRuleChildren)
	case p.elements > maxRuleElements:
		return nil, nil, ErrInvalidParameterValueException.With("The AlarmRule has %d elements; it may have at most %d.", p.elements, maxRuleElements)
	}
	return n, p.children, nil
}

func (p *ruleParser) fail(format string, args ...any) *Error {
	return ErrInvalidParameterValueException.With("Invalid AlarmRule at character %d: "+format, append([]any{p.pos + 1}, args...)...)
}

// skip skips spaces and returns the position of the next character.
func (p *ruleParser) skip() int {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
	return p.pos
}

// word returns the keyword at the position, upper-cased, without taking
// it.
func (p *ruleParser) word() string {
	i := p.skip()
	j := i
	for j < len(p.src) && (p.src[j] == '_' || 'a' <= p.src[j]|0x20 && p.src[j]|0x20 <= 'z') {
		j++
	}
	return strings.ToUpper(p.src[i:j])
}

func (p *ruleParser) or() (*ruleNode, *Error) {
	return p.list(ruleOr, "OR", p.and)
}

func (p *ruleParser) and() (*ruleNode, *Error) {
	return p.list(ruleAnd, "AND", p.unary)
}

// list reads next { keyword next } as one node of op.
func (p *ruleParser) list(op ruleOp, keyword string, next func() (*ruleNode, *Error)) (*ruleNode, *Error) {
	first, err := next()
	if err != nil {
		return nil, err
	}
	n := first
	for p.word() == keyword {
		p.pos += len(keyword)
		k, err := next()
		if err != nil {
			return nil, err
		}
		if n == first {
			n = &ruleNode{op: op, kids: []*ruleNode{first}}
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

func (p *ruleParser) unary() (*ruleNode, *Error) {
	if p.word() == "NOT" {
		p.pos += 3
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &ruleNode{op: ruleNot, kids: []*ruleNode{k}}, nil
	}
	return p.primary()
}

func (p *ruleParser) primary() (*ruleNode, *Error) {
	if p.skip() < len(p.src) && p.src[p.pos] == '(' {
		p.pos++
		p.elements++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.skip() >= len(p.src) || p.src[p.pos] != ')' {
			return nil, p.fail("missing )")
		}
		p.pos++
		return n, nil
	}
	w := p.word()
	var state StateValue
	switch w {
	case "TRUE", "FALSE":
		p.pos += len(w)
		p.elements++
		if w == "TRUE" {
			return &ruleNode{op: ruleTrue}, nil
		}
		return &ruleNode{op: ruleFalse}, nil
	case "ALARM":
		state = StateAlarm
	case "OK":
		state = StateOK
	case "INSUFFICIENT_DATA":
		state = StateInsufficientData
	case "":
		if p.pos >= len(p.src) {
			return nil, p.fail("the rule ends where a function, TRUE or FALSE is expected")
		}
		return nil, p.fail("unexpected %q", p.src[p.pos:p.pos+1])
	default:
		return nil, p.fail("unknown function or keyword %s", w)
	}
	p.pos += len(w)
	if p.skip() >= len(p.src) || p.src[p.pos] != '(' {
		return nil, p.fail("%s must be followed by (", w)
	}
	p.pos++
	name, err := p.name()
	if err != nil {
		return nil, err
	}
	if p.skip() >= len(p.src) || p.src[p.pos] != ')' {
		return nil, p.fail("missing ) after the alarm name")
	}
	p.pos++
	p.elements++
	p.children = appendDistinct(p.children, name)
	return &ruleNode{op: ruleState, state: state, name: name}, nil
}

// name reads an alarm's name or ARN, quoted or not.
func (p *ruleParser) name() (string, *Error) {
	var name string
	if p.skip() < len(p.src) && p.src[p.pos] == '"' {
		end := strings.IndexByte(p.src[p.pos+1:], '"')
		if end < 0 {
			return "", p.fail("unterminated quoted alarm name")
		}
		name = p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
	} else {
		end := strings.IndexByte(p.src[p.pos:], ')')
		if end < 0 {
			return "", p.fail("missing ) after the alarm name")
		}
		name = strings.TrimSpace(p.src[p.pos : p.pos+end])
		p.pos += end
	}
	if _, err := arn.Parse(name); err == nil { // an ARN, not a name
		a, err := arn.ParseAlarm(name)
		if err != nil || a.Region != p.region || a.AccountID != p.account {
			return "", p.fail("%s is not the ARN of an alarm of this account and region", name)
		}
		name = a.Name
	}
	if err := checkAlarmName("AlarmRule", name); err != nil {
		return "", p.fail("%q is not an alarm name", name)
	}
	return name, nil
}

// appendDistinct appends name to names unless it is there.
func appendDistinct(names []string, name string) []string {
	for _, n := range names {
		if n == name {
			return names
		}
	}
	return append(names, name)
}
