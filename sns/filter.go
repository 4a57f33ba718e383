package sns

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
)

// Subscription filter policies (Amazon SNS Developer Guide: "Amazon SNS
// subscription filter policies", "Amazon SNS subscription filter policy
// scope").
//
// A policy is compiled once, when a subscription's FilterPolicy is set, and
// evaluated for every message published to the topic. Compiling validates
// the policy the way AWS does and gives AWS's reason for a refusal;
// evaluating it is allocation-free and touches only what the policy names.
//
// The rules follow AWS's filtering engine (Amazon's Event Ruler) as far as
// the recorded AWS responses show (LocalStack's
// tests/aws/services/sns/test_sns_filter_policy.snapshot.json), and
// LocalStack's services/sns/filter.py where no recording does:
//
//   - Every key of the policy must match (AND); within a key's array one
//     matching element is enough (OR); "$or" forks the policy into
//     alternatives, any one of which must match.
//   - A string in the policy matches only string values, a number only
//     numeric values (compared as numbers: 1 matches 1.0), true, false and
//     null only themselves. prefix, suffix, equals-ignore-case and cidr
//     match only strings; numeric matches only numbers.
//   - A key with several values (a String.Array attribute, a body array)
//     matches when one of its values does; anything-but therefore matches
//     ["rugby", "baseball"] when rugby is excluded.
//   - A missing key matches nothing but {"exists": false}: not null, not
//     anything-but.

// Scopes of a filter policy: the FilterPolicyScope subscription attribute.
const (
	// filterScopeAttributes matches the message attributes (the default).
	filterScopeAttributes = "MessageAttributes"
	// filterScopeBody matches the message body, which must be a JSON object.
	filterScopeBody = "MessageBody"
)

// Limits on a filter policy (AWS "Filter policy constraints").
const (
	// filterMaxKeys is the most top-level keys a policy may have ("$or"
	// counts as one); for nested body policies only top-level keys count.
	filterMaxKeys = 5
	// filterMaxCombinations is the most value combinations a policy may
	// have, counted as [filterCombinations] does.
	filterMaxCombinations = 150
	// filterMaxSize is the largest policy document, in bytes (256 KB).
	filterMaxSize = 256 * 1024
	// filterMaxDepth is the deepest nesting of JSON arrays and objects the
	// parser follows, in a policy or a message body (Jackson's default
	// limit).
	filterMaxDepth = 1000
)

// filterPolicyError is why compileFilterPolicy refused a policy. Error() is
// AWS's reason alone; the caller adds the prefix of the operation
// ("Invalid parameter: FilterPolicy: " on SetSubscriptionAttributes,
// "Invalid parameter: Attributes Reason: FilterPolicy: " on Subscribe).
type filterPolicyError struct {
	reason string
	// outsidePolicy is set for the one reason AWS does not place after
	// "FilterPolicy: ": a nested policy in the MessageAttributes scope,
	// which AWS reports as "Invalid parameter: Filter policy scope
	// MessageAttributes does not support nested filter policy".
	outsidePolicy bool
}

// Error returns AWS's reason for refusing the policy.
func (e *filterPolicyError) Error() string { return e.reason }

// namesFilterPolicy reports whether AWS writes "FilterPolicy: " before the
// reason in its message, as it does for every reason but the scope one.
func (e *filterPolicyError) namesFilterPolicy() bool { return !e.outsidePolicy }

// policyErrorf returns a *filterPolicyError with a formatted reason.
func policyErrorf(format string, args ...any) error {
	return &filterPolicyError{reason: fmt.Sprintf(format, args...)}
}

// filterPolicy is a compiled filter policy: alternatives (from "$or"), any
// one of which must match. A policy with no alternatives ({}) matches
// every message.
type filterPolicy struct {
	// body is true for the MessageBody scope.
	body     bool
	branches []filterBranch
}

// filterBranch is one alternative of a policy: every key must match.
type filterBranch struct {
	keys []filterKey
}

// filterKey is one key of a policy with its conditions, any one of which
// must match. name is the attribute name, or in the MessageBody scope the
// property's path with "." between levels.
type filterKey struct {
	name  string
	conds []filterCond
}

// condOp is the kind of a filterCond.
type condOp uint8

const (
	opString            condOp = iota // exact string: str
	opNumber                          // exact number: num
	opNull                            // null
	opTrue                            // true
	opFalse                           // false
	opPrefix                          // {"prefix": str}
	opSuffix                          // {"suffix": str}
	opEqualsIgnoreCase                // {"equals-ignore-case": str}
	opNumeric                         // {"numeric": [...]}: lo, hi
	opExists                          // {"exists": exists}
	opCIDR                            // {"cidr": prefix}
	opAnythingButStr                  // {"anything-but": strs}
	opAnythingButNum                  // {"anything-but": nums}
	opAnythingButPrefix               // {"anything-but": {"prefix": str}}
)

// filterCond is one compiled element of a key's array.
type filterCond struct {
	op  condOp
	str string
	num float64
	// numeric bounds: a value v matches when lo < v (or lo <= v with
	// loIncl) and likewise for hi; hasLo/hasHi say whether a bound is set.
	lo, hi         float64
	hasLo, hasHi   bool
	loIncl, hiIncl bool
	exists         bool
	prefix         netip.Prefix
	strs           []string
	nums           []float64
}

// valueKind is the JSON type of a value a policy is matched against.
type valueKind uint8

const (
	valString valueKind = iota
	valNumber
	valNull
	valTrue
	valFalse
)

// filterValue is one value of a message attribute or body property.
type filterValue struct {
	kind valueKind
	str  string
	num  float64
}

// compileFilterPolicy validates policy (a JSON document) for the scope
// ("MessageAttributes" or "MessageBody"; "" means MessageAttributes) and
// returns it compiled. On an invalid policy it returns a
// *filterPolicyError whose Error() is AWS's reason without any
// "Invalid parameter: ..." prefix.
//
// Checks run in LocalStack's order, which no AWS recording contradicts:
// JSON syntax, the number of top-level keys, the structure (arrays,
// nesting, "$or", empty arrays) with the number of combinations, then
// each match expression in document order. The first problem found is the
// one reported.
func compileFilterPolicy(policy, scope string) (*filterPolicy, error) {
	body := scope == filterScopeBody
	if len(policy) > filterMaxSize {
		return nil, policyErrorf("Filter policy is too long")
	}
	root, err := parseJSON(policy, true)
	if err != nil {
		return nil, err
	}
	if root.kind != jsonObject {
		return nil, policyErrorf("Filter is not an object")
	}
	p := &filterPolicy{body: body}
	if len(root.keys) == 0 {
		return p, nil
	}
	if len(root.keys) > filterMaxKeys {
		return nil, policyErrorf("Filter policy can not have more than %d keys", filterMaxKeys)
	}
	combinations, err := filterCombinations(&root, body, 1, 1)
	if err != nil {
		return nil, err
	}
	if combinations > filterMaxCombinations {
		return nil, policyErrorf("Filter policy is too complex")
	}
	branches, err := compileObject(&root, "", [][]filterKey{nil})
	if err != nil {
		return nil, err
	}
	p.branches = make([]filterBranch, len(branches))
	for i, keys := range branches {
		p.branches[i] = filterBranch{keys: keys}
	}
	return p, nil
}

// filterCombinations checks the structure of a policy object and counts
// its combinations as AWS does: each array multiplies the count by its
// length and by the depth of its key (1 at the top level), and "$or" sums
// the counts of its alternatives, each started from the count so far
// (AWS "Filter policy constraints": 3 values at depth 3 and 4 at depth 2
// give 3 x 3 x 4 x 2). The count saturates instead of overflowing.
//
// It returns AWS's reason for: a key whose value is neither an object nor
// an array, an empty array or object, a malformed "$or", and a nested
// object in the MessageAttributes scope.
func filterCombinations(obj *jsonValue, body bool, depth, combinations int) (int, error) {
	for i, key := range obj.keys {
		v := &obj.vals[i]
		if key == "$or" {
			if v.kind != jsonArray {
				return 0, policyErrorf("It must be an Array followed with $or.")
			}
			if len(v.items) == 0 {
				return 0, policyErrorf("Empty arrays are not allowed")
			}
			sum := 0
			for j := range v.items {
				alt := &v.items[j]
				if alt.kind != jsonObject {
					return 0, policyErrorf("Only JSON object is allowed in array of $or relationship.")
				}
				if len(alt.keys) == 0 {
					return 0, policyErrorf("Empty objects are not allowed")
				}
				n, err := filterCombinations(alt, body, depth, combinations)
				if err != nil {
					return 0, err
				}
				sum = saturatingAdd(sum, n)
			}
			if len(v.items) < 2 {
				return 0, policyErrorf("There must have at least 2 Objects in $or relationship.")
			}
			combinations = sum
			continue
		}
		switch v.kind {
		case jsonObject:
			if len(v.keys) == 0 {
				return 0, policyErrorf("Empty objects are not allowed")
			}
			n, err := filterCombinations(v, body, depth+1, combinations)
			if err != nil {
				return 0, err
			}
			combinations = n
		case jsonArray:
			if len(v.items) == 0 {
				return 0, policyErrorf("Empty arrays are not allowed")
			}
			combinations = saturatingMul(saturatingMul(combinations, len(v.items)), depth)
		default:
			return 0, policyErrorf("\"%s\" must be an object or an array", key)
		}
	}
	if !body && depth > 1 {
		return 0, &filterPolicyError{
			reason:        "Filter policy scope MessageAttributes does not support nested filter policy",
			outsidePolicy: true,
		}
	}
	return combinations, nil
}

// saturatingLimit caps combination counts, far above any limit checked.
const saturatingLimit = 1 << 40

// saturatingMul returns a*b, or saturatingLimit if that is more.
func saturatingMul(a, b int) int {
	if a != 0 && b > saturatingLimit/a {
		return saturatingLimit
	}
	return min(a*b, saturatingLimit)
}

// saturatingAdd returns a+b, or saturatingLimit if that is more.
func saturatingAdd(a, b int) int { return min(a+b, saturatingLimit) }

// compileObject compiles the keys of a policy object (already checked by
// filterCombinations) into the branches it is given: a key's conditions
// join every branch (replacing an earlier key of the same path, as the
// last one wins), a nested object extends the path, and "$or" replaces the
// branches with one copy per alternative.
func compileObject(obj *jsonValue, path string, branches [][]filterKey) ([][]filterKey, error) {
	for i, key := range obj.keys {
		v := &obj.vals[i]
		if key == "$or" {
			var forked [][]filterKey
			for j := range v.items {
				copies := make([][]filterKey, len(branches))
				for k, b := range branches {
					copies[k] = append([]filterKey(nil), b...)
				}
				alt, err := compileObject(&v.items[j], path, copies)
				if err != nil {
					return nil, err
				}
				forked = append(forked, alt...)
			}
			branches = forked
			continue
		}
		name := key
		if path != "" {
			name = path + "." + key
		}
		if v.kind == jsonObject {
			var err error
			if branches, err = compileObject(v, name, branches); err != nil {
				return nil, err
			}
			continue
		}
		conds := make([]filterCond, 0, len(v.items))
		for j := range v.items {
			c, err := compileCond(&v.items[j])
			if err != nil {
				return nil, err
			}
			conds = append(conds, c)
		}
		for k, b := range branches {
			branches[k] = setKey(b, filterKey{name: name, conds: conds})
		}
	}
	return branches, nil
}

// setKey adds k to keys, replacing a key of the same name.
func setKey(keys []filterKey, k filterKey) []filterKey {
	for i := range keys {
		if keys[i].name == k.name {
			keys[i] = k
			return keys
		}
	}
	return append(keys, k)
}

// compileCond compiles one element of a key's array: a literal or a match
// expression object.
func compileCond(v *jsonValue) (filterCond, error) {
	switch v.kind {
	case jsonString:
		return filterCond{op: opString, str: v.text}, nil
	case jsonNumber:
		return filterCond{op: opNumber, num: v.num}, nil
	case jsonNull:
		return filterCond{op: opNull}, nil
	case jsonTrue:
		return filterCond{op: opTrue}, nil
	case jsonFalse:
		return filterCond{op: opFalse}, nil
	case jsonArray:
		return filterCond{}, policyErrorf("Match value must be String, number, true, false, or null")
	}
	if len(v.keys) == 0 {
		return filterCond{}, policyErrorf("Match expression name not found")
	}
	if len(v.keys) != 1 {
		return filterCond{}, policyErrorf("Only one key allowed in match expression")
	}
	op, arg := v.keys[0], &v.vals[0]
	switch op {
	case "prefix", "suffix", "equals-ignore-case":
		if arg.kind != jsonString {
			return filterCond{}, policyErrorf("%s match pattern must be a string", op)
		}
		c := filterCond{op: opPrefix, str: arg.text}
		if op == "suffix" {
			c.op = opSuffix
		} else if op == "equals-ignore-case" {
			c.op = opEqualsIgnoreCase
		}
		return c, nil
	case "exists":
		if arg.kind != jsonTrue && arg.kind != jsonFalse {
			return filterCond{}, policyErrorf("exists match pattern must be either true or false.")
		}
		return filterCond{op: opExists, exists: arg.kind == jsonTrue}, nil
	case "anything-but":
		return compileAnythingBut(arg)
	case "numeric":
		return compileNumeric(arg)
	case "cidr":
		return compileCIDR(arg)
	}
	return filterCond{}, policyErrorf("Unrecognized match type %s", op)
}

// compileAnythingBut compiles the argument of "anything-but": one string
// or number, an array of strings or of numbers, or {"prefix": "..."}, the
// only nested operator AWS accepts inside it for SNS.
func compileAnythingBut(arg *jsonValue) (filterCond, error) {
	switch arg.kind {
	case jsonString:
		return filterCond{op: opAnythingButStr, strs: []string{arg.text}}, nil
	case jsonNumber:
		return filterCond{op: opAnythingButNum, nums: []float64{arg.num}}, nil
	case jsonObject:
		if len(arg.keys) == 0 {
			return filterCond{}, policyErrorf("Anything-But expression name not found")
		}
		for _, k := range arg.keys {
			if k != "prefix" {
				return filterCond{}, policyErrorf("Unsupported anything-but pattern: %s", k)
			}
		}
		if arg.vals[0].kind != jsonString {
			return filterCond{}, policyErrorf("prefix match pattern must be a string")
		}
		return filterCond{op: opAnythingButPrefix, str: arg.vals[0].text}, nil
	case jsonArray:
		var c filterCond
		hasString, hasNumber := false, false
		for i := range arg.items {
			switch e := &arg.items[i]; e.kind {
			case jsonString:
				hasString = true
				c.strs = append(c.strs, e.text)
			case jsonNumber:
				hasNumber = true
				c.nums = append(c.nums, e.num)
			default:
				return filterCond{}, policyErrorf("Inside anything but list, start|null|boolean is not supported.")
			}
		}
		if hasString == hasNumber {
			return filterCond{}, policyErrorf("Inside anything but list, either all values are number or string, mixed type is not supported")
		}
		c.op = opAnythingButStr
		if hasNumber {
			c.op = opAnythingButNum
		}
		return c, nil
	}
	return filterCond{}, policyErrorf("Value of anything-but must be an array or single string/number value.")
}

// compileNumeric compiles the argument of "numeric": ["=", n], one bound
// ("<", "<=", ">", ">=" and a number) or a lower bound followed by an
// upper one.
func compileNumeric(arg *jsonValue) (filterCond, error) {
	if arg.kind != jsonArray {
		return filterCond{}, policyErrorf("Value of numeric must be an array.")
	}
	items := arg.items
	if len(items) == 0 {
		return filterCond{}, policyErrorf("Invalid member in numeric match: ]")
	}
	if items[0].kind != jsonString {
		return filterCond{}, policyErrorf("Invalid member in numeric match: %s", items[0].tokenText())
	}
	op := items[0].text
	switch op {
	case "=", "<", "<=", ">", ">=":
	default:
		return filterCond{}, policyErrorf("Unrecognized numeric range operator: %s", op)
	}
	if len(items) < 2 || items[1].kind != jsonNumber {
		name := op
		if op == "=" {
			name = "equals"
		}
		return filterCond{}, policyErrorf("Value of %s must be numeric", name)
	}
	n := items[1].num
	c := filterCond{op: opNumeric}
	switch op {
	case "=":
		c.lo, c.hi, c.hasLo, c.hasHi, c.loIncl, c.hiIncl = n, n, true, true, true, true
	case "<", "<=":
		c.hi, c.hasHi, c.hiIncl = n, true, op == "<="
	default:
		c.lo, c.hasLo, c.loIncl = n, true, op == ">="
	}
	if len(items) == 2 {
		return c, nil
	}
	if op != ">" && op != ">=" {
		return filterCond{}, policyErrorf("Too many elements in numeric expression")
	}
	if items[2].kind != jsonString {
		return filterCond{}, policyErrorf("Bad value in numeric range: %s", items[2].tokenText())
	}
	top := items[2].text
	if top != "<" && top != "<=" {
		return filterCond{}, policyErrorf("Bad numeric range operator: %s", top)
	}
	if len(items) < 4 || items[3].kind != jsonNumber {
		return filterCond{}, policyErrorf("Value of %s must be numeric", top)
	}
	if len(items) > 4 {
		return filterCond{}, policyErrorf("Too many terms in numeric range expression")
	}
	c.hi, c.hasHi, c.hiIncl = items[3].num, true, top == "<="
	if !(c.lo < c.hi) {
		return filterCond{}, policyErrorf("Bottom must be less than top")
	}
	return c, nil
}

// compileCIDR compiles the argument of "cidr": an IPv4 or IPv6 network in
// CIDR notation with no host bits set.
func compileCIDR(arg *jsonValue) (filterCond, error) {
	if arg.kind != jsonString {
		// AWS names the prefix operator here.
		return filterCond{}, policyErrorf("prefix match pattern must be a string")
	}
	ip, mask, ok := strings.Cut(arg.text, "/")
	if !ok || strings.Contains(mask, "/") {
		return filterCond{}, policyErrorf("Malformed CIDR, one '/' required")
	}
	if !isInteger(strings.TrimSpace(mask)) {
		return filterCond{}, policyErrorf("Malformed CIDR, mask bits must be an integer")
	}
	nonstandard := policyErrorf("Nonstandard IP address: %s", ip)
	addr, err := netip.ParseAddr(ip)
	if err != nil || addr.Zone() != "" || !isDigits(mask) {
		return filterCond{}, nonstandard
	}
	bits, err := strconv.Atoi(mask)
	if err != nil || bits > addr.BitLen() {
		return filterCond{}, nonstandard
	}
	prefix := netip.PrefixFrom(addr, bits)
	if prefix.Masked() != prefix {
		return filterCond{}, nonstandard
	}
	return filterCond{op: opCIDR, prefix: prefix}, nil
}

// isInteger reports whether s is an optionally signed run of ASCII digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	return isDigits(s)
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// match reports whether the message passes the policy.
func (p *filterPolicy) match(in *filterInput) bool {
	if len(p.branches) == 0 {
		return true
	}
	if p.body {
		paths := in.bodyPaths()
		if paths == nil {
			return false
		}
		for i := range p.branches {
			if p.branches[i].matchBody(paths) {
				return true
			}
		}
		return false
	}
	for i := range p.branches {
		if p.branches[i].matchAttributes(in) {
			return true
		}
	}
	return false
}

// matchAttributes reports whether every key matches a message attribute.
func (b *filterBranch) matchAttributes(in *filterInput) bool {
	for i := range b.keys {
		k := &b.keys[i]
		if !k.match(in.attribute(k.name)) {
			return false
		}
	}
	return true
}

// matchBody reports whether every key matches a body property.
func (b *filterBranch) matchBody(paths map[string][]filterValue) bool {
	for i := range b.keys {
		k := &b.keys[i]
		if !k.match(paths[k.name]) {
			return false
		}
	}
	return true
}

// match reports whether one of the key's conditions matches its values;
// no values means the key is absent from the message.
func (k *filterKey) match(values []filterValue) bool {
	for i := range k.conds {
		if k.conds[i].match(values) {
			return true
		}
	}
	return false
}

// match reports whether the condition matches a key with these values.
func (c *filterCond) match(values []filterValue) bool {
	if c.op == opExists {
		return (len(values) > 0) == c.exists
	}
	for i := range values {
		if c.matchValue(&values[i]) {
			return true
		}
	}
	return false
}

// matchValue reports whether the condition matches one value.
func (c *filterCond) matchValue(v *filterValue) bool {
	switch c.op {
	case opString:
		return v.kind == valString && v.str == c.str
	case opNumber:
		return v.kind == valNumber && v.num == c.num
	case opNull:
		return v.kind == valNull
	case opTrue:
		return v.kind == valTrue
	case opFalse:
		return v.kind == valFalse
	case opPrefix:
		return v.kind == valString && strings.HasPrefix(v.str, c.str)
	case opSuffix:
		return v.kind == valString && strings.HasSuffix(v.str, c.str)
	case opEqualsIgnoreCase:
		return v.kind == valString && strings.EqualFold(v.str, c.str)
	case opNumeric:
		if v.kind != valNumber {
			return false
		}
		if c.hasLo && (v.num < c.lo || v.num == c.lo && !c.loIncl) {
			return false
		}
		if c.hasHi && (v.num > c.hi || v.num == c.hi && !c.hiIncl) {
			return false
		}
		return !math.IsNaN(v.num)
	case opCIDR:
		if v.kind != valString {
			return false
		}
		addr, err := netip.ParseAddr(v.str)
		return err == nil && c.prefix.Contains(addr)
	case opAnythingButStr:
		if v.kind == valNull {
			return false
		}
		if v.kind == valString {
			for _, s := range c.strs {
				if v.str == s {
					return false
				}
			}
		}
		return true
	case opAnythingButNum:
		if v.kind == valNull {
			return false
		}
		if v.kind == valNumber {
			for _, n := range c.nums {
				if v.num == n {
					return false
				}
			}
		}
		return true
	case opAnythingButPrefix:
		return v.kind != valNull && !(v.kind == valString && strings.HasPrefix(v.str, c.str))
	}
	return false
}

// filterInput is what a policy is evaluated against: a published message's
// attributes and body. The body is decoded as JSON at most once per
// filterInput, however many subscriptions evaluate it (fan-out to 100
// subscriptions shares one filterInput). It is safe for concurrent use.
type filterInput struct {
	// attrs holds the String, String.Array and Number attributes with
	// their values; Binary attributes and String.Array attributes with no
	// usable element are left out, so they count as absent.
	attrs []inputAttribute
	// index finds an attribute in attrs by name when there are many.
	index map[string]int

	body      string
	bodyOnce  sync.Once
	bodyProps map[string][]filterValue
}

// inputAttribute is one message attribute as a policy sees it.
type inputAttribute struct {
	name   string
	values []filterValue
}

// filterIndexThreshold is the number of attributes from which
// filterInput looks names up in a map rather than a scan.
const filterIndexThreshold = 12

// newFilterInput prepares a message for policy evaluation. A String
// attribute gives one string value, a Number attribute one number, a
// String.Array attribute one value per element of its JSON array (strings,
// numbers, true, false, null; nested arrays and objects are skipped).
// Binary attributes are ignored, as AWS ignores them in filtering. The
// body is only decoded when a MessageBody-scope policy first asks.
func newFilterInput(attributes map[string]MessageAttributeValue, body string) *filterInput {
	in := &filterInput{body: body}
	if len(attributes) == 0 {
		return in
	}
	in.attrs = make([]inputAttribute, 0, len(attributes))
	scalars := make([]filterValue, 0, len(attributes))
	for name, a := range attributes {
		switch base := baseDataType(a.DataType); base {
		case "String.Array":
			values := stringArrayValues(a.StringValue)
			if len(values) > 0 {
				in.attrs = append(in.attrs, inputAttribute{name: name, values: values})
			}
		case "Number":
			n, err := strconv.ParseFloat(strings.TrimSpace(a.StringValue), 64)
			if err != nil {
				// An unparsable Number (refused by Publish) compares
				// unequal to every number and string.
				n = math.NaN()
			}
			scalars = append(scalars, filterValue{kind: valNumber, num: n, str: a.StringValue})
			in.attrs = append(in.attrs, inputAttribute{name: name, values: scalars[len(scalars)-1:]})
		case "String":
			scalars = append(scalars, filterValue{kind: valString, str: a.StringValue})
			in.attrs = append(in.attrs, inputAttribute{name: name, values: scalars[len(scalars)-1:]})
		}
	}
	if len(in.attrs) >= filterIndexThreshold {
		in.index = make(map[string]int, len(in.attrs))
		for i, a := range in.attrs {
			in.index[a.name] = i
		}
	}
	return in
}

// stringArrayValues returns the scalar elements of a String.Array
// attribute's JSON array; a value that is not a JSON array gives none.
func stringArrayValues(s string) []filterValue {
	v, err := parseJSON(s, false)
	if err != nil || v.kind != jsonArray {
		return nil
	}
	values := make([]filterValue, 0, len(v.items))
	for i := range v.items {
		if fv, ok := v.items[i].scalar(); ok {
			values = append(values, fv)
		}
	}
	return values
}

// attribute returns the values of the named attribute, nil when absent.
func (in *filterInput) attribute(name string) []filterValue {
	if in.index != nil {
		if i, ok := in.index[name]; ok {
			return in.attrs[i].values
		}
		return nil
	}
	for i := range in.attrs {
		if in.attrs[i].name == name {
			return in.attrs[i].values
		}
	}
	return nil
}

// bodyPaths decodes the body on first use and returns its leaf values by
// path, or nil when the body is not a JSON object. A path joins the keys
// from the top with "." (so {"a":{"b":1}} and {"a.b":1} both give "a.b",
// as AWS matches both), and an array contributes every element's values
// to its key's path, at any depth of arrays.
func (in *filterInput) bodyPaths() map[string][]filterValue {
	in.bodyOnce.Do(func() {
		v, err := parseJSON(in.body, false)
		if err != nil || v.kind != jsonObject {
			return
		}
		in.bodyProps = make(map[string][]filterValue)
		flattenBody(in.bodyProps, "", &v)
	})
	return in.bodyProps
}

// flattenBody adds the leaf values under v to props, at path and below.
func flattenBody(props map[string][]filterValue, path string, v *jsonValue) {
	switch v.kind {
	case jsonObject:
		for i, k := range v.keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flattenBody(props, p, &v.vals[i])
		}
	case jsonArray:
		for i := range v.items {
			flattenBody(props, path, &v.items[i])
		}
	default:
		fv, _ := v.scalar()
		props[path] = append(props[path], fv)
	}
}

// scalar converts a string, number, boolean or null to a filterValue.
func (v *jsonValue) scalar() (filterValue, bool) {
	switch v.kind {
	case jsonString:
		return filterValue{kind: valString, str: v.text}, true
	case jsonNumber:
		return filterValue{kind: valNumber, num: v.num, str: v.text}, true
	case jsonNull:
		return filterValue{kind: valNull}, true
	case jsonTrue:
		return filterValue{kind: valTrue}, true
	case jsonFalse:
		return filterValue{kind: valFalse}, true
	}
	return filterValue{}, false
}

// tokenText is how AWS quotes a value in a reason: the parser's text of
// its first token.
func (v *jsonValue) tokenText() string {
	switch v.kind {
	case jsonNull:
		return "null"
	case jsonTrue:
		return "true"
	case jsonFalse:
		return "false"
	case jsonArray:
		return "["
	case jsonObject:
		return "{"
	}
	return v.text
}
