// Package policy parses, validates and evaluates AWS resource-based policy
// documents: the JSON of an SQS queue's Policy attribute, of an SNS topic's
// Policy, of a Lambda function's resource policy.
//
// [Parse] accepts the policy grammar these integrations use:
//
//   - Version "2012-10-17" or "2008-10-17" (absent means 2008-10-17, as in
//     AWS), an optional Id, and Statement as one object or an array;
//   - per statement: an optional Sid, Effect Allow or Deny, exactly one of
//     Principal and NotPrincipal ("*", or an object with "AWS" account
//     IDs, account root or IAM ARNs or "*", and "Service" service
//     principals, each a string or an array), exactly one of Action and
//     NotAction, at most one of Resource and NotResource (strings or
//     arrays, with the wildcards * and ?), and an optional Condition;
//   - condition operators StringEquals, StringNotEquals,
//     StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
//     StringNotLike, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike and Null,
//     each with the IfExists suffix (but Null), over any key, such as
//     aws:SourceArn, aws:SourceAccount and aws:SourceOwner.
//
// As in AWS, element names are case-sensitive, condition operator and key
// names and action names are not, and resources and ARNs are compared case
// for case.
//
// [Policy.Evaluate] decides a [Request] as AWS evaluates one resource
// policy alone: an explicit Deny in any matching statement wins, else an
// Allow in any matching statement allows, else the request is implicitly
// denied.
//
// Not supported, and refused by Parse so that a policy is never silently
// read differently from AWS: the ForAnyValue: and ForAllValues: set
// operators, the Numeric…, Date…, Bool, IpAddress and BinaryEquals
// operators, Federated and CanonicalUser principals. Policy variables
// (${aws:username}) are compared as the literal text.
package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/input"
)

// Versions of the policy language.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Effects of a statement.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// Policy is a parsed resource policy.
type Policy struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one statement of a policy.
type Statement struct {
	Sid    string
	Effect string // Allow or Deny
	// Principal and NotPrincipal: exactly one is non-nil.
	Principal    *Principal
	NotPrincipal *Principal
	// Action or NotAction holds the actions; NotActions says which.
	Actions    []string
	NotActions bool
	// Resources, or with NotResources the resources excluded; empty
	// means every resource (the one the policy is attached to).
	Resources    []string
	NotResources bool
	Conditions   []Condition
}

// Principal is who a statement is about.
type Principal struct {
	// Any is the principal "*": everyone, services included.
	Any bool
	// AWS holds account IDs, IAM ARNs and "*"; Service holds service
	// principals such as sns.amazonaws.com.
	AWS     []string
	Service []string
}

// Condition is one key of one operator of a statement's Condition block:
// the statement applies only when every condition holds.
type Condition struct {
	// Operator is the operator's canonical name (StringEquals, ArnLike …),
	// without IfExists.
	Operator string
	IfExists bool
	Key      string
	Values   []string
}

// Error is a policy that does not parse or is not valid; Reason says why.
type Error struct{ Reason string }

// Error prints the reason.
func (e *Error) Error() string { return "invalid policy: " + e.Reason }

func invalid(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// operators maps the lower-case name of each supported operator to its
// canonical name.
var operators = func() map[string]string {
	m := map[string]string{}
	for _, op := range []string{
		"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
		"StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
	} {
		m[strings.ToLower(op)] = op
	}
	return m
}()

// Parse parses and validates a policy document, or returns an [*Error]
// saying what is wrong with it.
func Parse(doc string) (*Policy, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &top); err != nil || top == nil {
		return nil, invalid("the document is not a JSON object")
	}
	p := &Policy{Version: Version2008}
	for _, k := range sortedKeys(top) {
		v := top[k]
		switch k {
		case "Version":
			if err := json.Unmarshal(v, &p.Version); err != nil || p.Version != Version2012 && p.Version != Version2008 {
				return nil, invalid("Version must be %s or %s", Version2012, Version2008)
			}
		case "Id":
			if err := json.Unmarshal(v, &p.ID); err != nil {
				return nil, invalid("Id must be a string")
			}
		case "Statement":
			raws, err := oneOrMany(v)
			if err != nil {
				return nil, invalid("Statement must be an object or an array of objects")
			}
			for i, raw := range raws {
				s, err := parseStatement(raw)
				if err != nil {
					return nil, invalid("statement %d: %s", i+1, err.(*Error).Reason)
				}
				p.Statements = append(p.Statements, s)
			}
		default:
			return nil, invalid("unknown element %q", k)
		}
	}
	if _, ok := top["Statement"]; !ok {
		return nil, invalid("missing required element Statement")
	}
	return p, nil
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var m map[string]json.RawMessage
	var s Statement
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return s, invalid("not a JSON object")
	}
	var err error
	for _, k := range sortedKeys(m) {
		v := m[k]
		switch k {
		case "Sid":
			if json.Unmarshal(v, &s.Sid) != nil {
				err = invalid("Sid must be a string")
			}
		case "Effect":
			if json.Unmarshal(v, &s.Effect) != nil || s.Effect != Allow && s.Effect != Deny {
				err = invalid("Effect must be Allow or Deny")
			}
		case "Principal":
			s.Principal, err = parsePrincipal(k, v)
		case "NotPrincipal":
			s.NotPrincipal, err = parsePrincipal(k, v)
		case "Action", "NotAction":
			s.Actions, err = parseActions(k, v)
			s.NotActions = k == "NotAction"
		case "Resource", "NotResource":
			s.Resources, err = strings1(k, v)
			s.NotResources = k == "NotResource"
		case "Condition":
			s.Conditions, err = parseConditions(v)
		default:
			err = invalid("unknown element %q", k)
		}
		if err != nil {
			return s, err
		}
	}
	switch {
	case s.Effect == "":
		return s, invalid("missing required element Effect")
	case both(m, "Principal", "NotPrincipal"):
		return s, invalid("Principal and NotPrincipal cannot both be given")
	case s.Principal == nil && s.NotPrincipal == nil:
		return s, invalid("missing required element Principal")
	case both(m, "Action", "NotAction"):
		return s, invalid("Action and NotAction cannot both be given")
	case s.Actions == nil:
		return s, invalid("missing required element Action")
	case both(m, "Resource", "NotResource"):
		return s, invalid("Resource and NotResource cannot both be given")
	}
	return s, nil
}

func both(m map[string]json.RawMessage, a, b string) bool {
	_, okA := m[a]
	_, okB := m[b]
	return okA && okB
}

func parsePrincipal(name string, v json.RawMessage) (*Principal, error) {
	var star string
	if json.Unmarshal(v, &star) == nil {
		if star != "*" {
			return nil, invalid("%s must be \"*\" or an object", name)
		}
		return &Principal{Any: true}, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil || len(m) == 0 {
		return nil, invalid("%s must be \"*\" or an object", name)
	}
	p := &Principal{}
	for _, k := range sortedKeys(m) {
		ids, err := strings1(name+"."+k, m[k])
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			for _, id := range ids {
				if !validAWSPrincipal(id) {
					return nil, invalid("invalid principal %q", id)
				}
			}
			p.AWS = ids
		case "Service":
			for _, id := range ids {
				if id == "" || strings.ContainsAny(id, "*? ") {
					return nil, invalid("invalid service principal %q", id)
				}
			}
			p.Service = ids
		default:
			return nil, invalid("unsupported principal type %q", k)
		}
	}
	return p, nil
}

// validAWSPrincipal reports whether id is "*", a 12-digit account ID, or
// an IAM or STS ARN with an account.
func validAWSPrincipal(id string) bool {
	if id == "*" || isAccountID(id) {
		return true
	}
	a, err := arn.Parse(id)
	return err == nil && strings.HasPrefix(a.Partition, "aws") && (a.Service == "iam" || a.Service == "sts") &&
		a.Region == "" && isAccountID(a.AccountID)
}

func isAccountID(s string) bool { return len(s) == 12 && input.IsDigits(s) }

// parseActions reads Action or NotAction: "*" or service:action patterns.
func parseActions(name string, v json.RawMessage) ([]string, error) {
	actions, err := strings1(name, v)
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		if a != "*" && !strings.Contains(a, ":") {
			return nil, invalid("%s %q is not of the form service:action", name, a)
		}
	}
	return actions, nil
}

// parseConditions reads a Condition block, in sorted operator and key
// order so that the result does not depend on the document's order.
func parseConditions(v json.RawMessage) ([]Condition, error) {
	var ops map[string]json.RawMessage
	if json.Unmarshal(v, &ops) != nil || ops == nil {
		return nil, invalid("Condition must be an object")
	}
	var out []Condition
	for _, name := range sortedKeys(ops) {
		base, ifExists := name, false
		if lower := strings.ToLower(name); strings.HasSuffix(lower, "ifexists") {
			base, ifExists = name[:len(name)-len("ifexists")], true
		}
		op, ok := operators[strings.ToLower(base)]
		if !ok || op == "Null" && ifExists {
			return nil, invalid("unsupported condition operator %q", name)
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(ops[name], &keys) != nil || len(keys) == 0 {
			return nil, invalid("condition %s must be an object of keys", name)
		}
		for _, key := range sortedKeys(keys) {
			values, err := conditionValues(keys[key])
			if err != nil {
				return nil, invalid("condition %s %s: %s", name, key, err.(*Error).Reason)
			}
			if op == "Null" {
				for _, val := range values {
					if val != "true" && val != "false" {
						return nil, invalid("condition Null %s: the value must be true or false", key)
					}
				}
			}
			out = append(out, Condition{Operator: op, IfExists: ifExists, Key: key, Values: values})
		}
	}
	return out, nil
}

// conditionValues reads a condition's value: a string, number or boolean,
// or a non-empty array of them.
func conditionValues(v json.RawMessage) ([]string, error) {
	raws, err := oneOrMany(v)
	if err != nil || len(raws) == 0 {
		return nil, invalid("the value must be a string or an array of strings")
	}
	out := make([]string, 0, len(raws))
	for _, raw := range raws {
		var x any
		if json.Unmarshal(raw, &x) != nil {
			return nil, invalid("the value must be a string or an array of strings")
		}
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case bool:
			out = append(out, strconv.FormatBool(x))
		case float64:
			out = append(out, string(bytes.TrimSpace(raw)))
		default:
			return nil, invalid("the value must be a string or an array of strings")
		}
	}
	return out, nil
}

// strings1 reads a string or a non-empty array of non-empty strings.
func strings1(name string, v json.RawMessage) ([]string, error) {
	var one string
	if json.Unmarshal(v, &one) == nil {
		if one == "" {
			return nil, invalid("%s must not be empty", name)
		}
		return []string{one}, nil
	}
	var many []string
	if json.Unmarshal(v, &many) != nil || len(many) == 0 || slices.Contains(many, "") {
		return nil, invalid("%s must be a non-empty string or array of strings", name)
	}
	return many, nil
}

// oneOrMany returns the elements of a JSON array, or v alone when it is an
// object.
func oneOrMany(v json.RawMessage) ([]json.RawMessage, error) {
	t := bytes.TrimSpace(v)
	if len(t) > 0 && t[0] == '[' {
		var many []json.RawMessage
		err := json.Unmarshal(t, &many)
		return many, err
	}
	return []json.RawMessage{t}, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
