package cloudwatch

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Metric math: the expressions of GetMetricData and of alarms on a math
// expression. An expression is parsed once into a tree and evaluated over
// a grid of periods, each time series a slice with NaN where a period has
// no value.
//
// Supported: numbers; the Ids of other queries; + - * / and unary minus;
// the comparisons == != < <= > >= and AND / && , OR / ||, NOT / ! (true is
// 1, false 0); parentheses; arrays [a, b, …]; and the functions ABS, CEIL,
// FLOOR, SUM, AVG, MIN, MAX, IF, FILL (with a number, REPEAT or LINEAR),
// DIFF, RATE and PERIOD.

// node is a parsed expression.
type node interface{}

type (
	numNode   float64
	refNode   string
	kwNode    string // REPEAT, LINEAR
	unaryNode struct {
		op string
		x  node
	}
	binaryNode struct {
		op   string
		l, r node
	}
	callNode struct {
		fn   string
		args []node
	}
	arrayNode []node
)

// exprError is an error in an expression, reported as AWS does with the
// query's Id.
type exprError struct{ msg string }

func (e *exprError) Error() string { return e.msg }

func exprErrorf(format string, args ...any) *exprError {
	return &exprError{fmt.Sprintf(format, args...)}
}

// parseExpression parses a metric math expression.
func parseExpression(src string) (node, error) {
	p := &parser{src: src}
	p.next()
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.tok != "" {
		return nil, exprErrorf("unexpected %q at position %d", p.tok, p.at)
	}
	return n, nil
}

// parser is a recursive-descent parser over a one-token lookahead.
type parser struct {
	src string
	pos int
	tok string // the current token; "" at the end
	at  int    // where tok began
}

func (p *parser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n') {
		p.pos++
	}
	p.at = p.pos
	if p.pos >= len(p.src) {
		p.tok = ""
		return
	}
	c := p.src[p.pos]
	start := p.pos
	switch {
	case isDigit(c) || c == '.':
		for p.pos < len(p.src) && (isDigit(p.src[p.pos]) || p.src[p.pos] == '.') {
			p.pos++
		}
		if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
			p.pos++
			if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
				p.pos++
			}
			for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
				p.pos++
			}
		}
	case isLetter(c) || c == '_':
		for p.pos < len(p.src) && (isLetter(p.src[p.pos]) || isDigit(p.src[p.pos]) || p.src[p.pos] == '_') {
			p.pos++
		}
	default:
		two := ""
		if p.pos+1 < len(p.src) {
			two = p.src[p.pos : p.pos+2]
		}
		switch two {
		case "==", "!=", "<=", ">=", "&&", "||":
			p.pos += 2
		default:
			p.pos++
		}
	}
	p.tok = p.src[start:p.pos]
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (p *parser) expect(tok string) error {
	if p.tok != tok {
		if p.tok == "" {
			return exprErrorf("expected %q at the end", tok)
		}
		return exprErrorf("expected %q at position %d, found %q", tok, p.at, p.tok)
	}
	p.next()
	return nil
}

func (p *parser) or() (node, error) {
	l, err := p.and()
	for err == nil && (p.tok == "||" || strings.EqualFold(p.tok, "OR")) {
		p.next()
		var r node
		if r, err = p.and(); err == nil {
			l = binaryNode{"||", l, r}
		}
	}
	return l, err
}

func (p *parser) and() (node, error) {
	l, err := p.compare()
	for err == nil && (p.tok == "&&" || strings.EqualFold(p.tok, "AND")) {
		p.next()
		var r node
		if r, err = p.compare(); err == nil {
			l = binaryNode{"&&", l, r}
		}
	}
	return l, err
}

func (p *parser) compare() (node, error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	switch p.tok {
	case "==", "!=", "<", "<=", ">", ">=":
		op := p.tok
		p.next()
		r, err := p.sum()
		if err != nil {
			return nil, err
		}
		return binaryNode{op, l, r}, nil
	}
	return l, nil
}

func (p *parser) sum() (node, error) {
	l, err := p.product()
	for err == nil && (p.tok == "+" || p.tok == "-") {
		op := p.tok
		p.next()
		var r node
		if r, err = p.product(); err == nil {
			l = binaryNode{op, l, r}
		}
	}
	return l, err
}

func (p *parser) product() (node, error) {
	l, err := p.unary()
	for err == nil && (p.tok == "*" || p.tok == "/") {
		op := p.tok
		p.next()
		var r node
		if r, err = p.unary(); err == nil {
			l = binaryNode{op, l, r}
		}
	}
	return l, err
}

func (p *parser) unary() (node, error) {
	switch {
	case p.tok == "-":
		p.next()
		x, err := p.unary()
		return unaryNode{"-", x}, err
	case p.tok == "!" || strings.EqualFold(p.tok, "NOT"):
		p.next()
		x, err := p.unary()
		return unaryNode{"!", x}, err
	}
	return p.primary()
}

// functions are the functions of metric math the simulator has, with
// their number of arguments (min, max).
var functions = map[string][2]int{
	"ABS": {1, 1}, "CEIL": {1, 1}, "FLOOR": {1, 1},
	"SUM": {1, 1}, "AVG": {1, 1}, "MIN": {1, 1}, "MAX": {1, 1},
	"IF": {2, 3}, "FILL": {2, 2}, "DIFF": {1, 1}, "RATE": {1, 1}, "PERIOD": {1, 1},
}

func (p *parser) primary() (node, error) {
	tok := p.tok
	switch {
	case tok == "":
		return nil, exprErrorf("unexpected end of expression")
	case tok == "(":
		p.next()
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		return n, p.expect(")")
	case tok == "[":
		p.next()
		var items arrayNode
		for {
			n, err := p.or()
			if err != nil {
				return nil, err
			}
			items = append(items, n)
			if p.tok != "," {
				break
			}
			p.next()
		}
		return items, p.expect("]")
	case isDigit(tok[0]) || tok[0] == '.':
		v, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, exprErrorf("%q is not a number", tok)
		}
		p.next()
		return numNode(v), nil
	case isLetter(tok[0]) || tok[0] == '_':
		p.next()
		upper := strings.ToUpper(tok)
		if p.tok != "(" {
			if upper == "REPEAT" || upper == "LINEAR" {
				return kwNode(upper), nil
			}
			return refNode(tok), nil
		}
		arity, ok := functions[upper]
		if !ok {
			return nil, exprErrorf("unknown function %s", tok)
		}
		p.next()
		var args []node
		for p.tok != ")" {
			n, err := p.or()
			if err != nil {
				return nil, err
			}
			args = append(args, n)
			if p.tok != "," {
				break
			}
			p.next()
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		if len(args) < arity[0] || len(args) > arity[1] {
			return nil, exprErrorf("%s takes %d to %d arguments, not %d", upper, arity[0], arity[1], len(args))
		}
		return callNode{upper, args}, nil
	}
	return nil, exprErrorf("unexpected %q at position %d", tok, p.at)
}

// refs appends the Ids an expression refers to.
func refs(n node, out []string) []string {
	switch n := n.(type) {
	case refNode:
		out = append(out, string(n))
	case unaryNode:
		out = refs(n.x, out)
	case binaryNode:
		out = refs(n.r, refs(n.l, out))
	case callNode:
		for _, a := range n.args {
			out = refs(a, out)
		}
	case arrayNode:
		for _, a := range n {
			out = refs(a, out)
		}
	}
	return out
}

// mvalue is a value of metric math: a scalar, a time series on the grid,
// or an array of time series.
type mvalue struct {
	scalar float64
	series []float64
	array  [][]float64
}

func (v mvalue) isScalar() bool { return v.series == nil && v.array == nil }

// evaluator evaluates expressions over one grid; lookup returns the value
// of an Id.
type evaluator struct {
	n      int
	period int64
	lookup func(id string) (mvalue, error)
}

func (e *evaluator) eval(n node) (mvalue, error) {
	switch n := n.(type) {
	case numNode:
		return mvalue{scalar: float64(n)}, nil
	case refNode:
		return e.lookup(string(n))
	case kwNode:
		return mvalue{}, exprErrorf("%s is an argument of FILL only", string(n))
	case arrayNode:
		var out [][]float64
		for _, item := range n {
			v, err := e.eval(item)
			if err != nil {
				return mvalue{}, err
			}
			switch {
			case v.array != nil:
				out = append(out, v.array...)
			case v.series != nil:
				out = append(out, v.series)
			default:
				out = append(out, e.broadcast(v.scalar))
			}
		}
		return mvalue{array: out}, nil
	case unaryNode:
		x, err := e.eval(n.x)
		if err != nil {
			return mvalue{}, err
		}
		f := func(a float64) float64 { return -a }
		if n.op == "!" {
			f = func(a float64) float64 { return truth(a == 0) }
		}
		return e.map1(x, f)
	case binaryNode:
		l, err := e.eval(n.l)
		if err != nil {
			return mvalue{}, err
		}
		r, err := e.eval(n.r)
		if err != nil {
			return mvalue{}, err
		}
		return e.map2(l, r, binaryOps[n.op])
	case callNode:
		return e.call(n)
	}
	return mvalue{}, exprErrorf("bad expression")
}

var binaryOps = map[string]func(a, b float64) float64{
	"+":  func(a, b float64) float64 { return a + b },
	"-":  func(a, b float64) float64 { return a - b },
	"*":  func(a, b float64) float64 { return a * b },
	"/":  func(a, b float64) float64 { return a / b },
	"==": func(a, b float64) float64 { return truth(a == b) },
	"!=": func(a, b float64) float64 { return truth(a != b) },
	"<":  func(a, b float64) float64 { return truth(a < b) },
	"<=": func(a, b float64) float64 { return truth(a <= b) },
	">":  func(a, b float64) float64 { return truth(a > b) },
	">=": func(a, b float64) float64 { return truth(a >= b) },
	"&&": func(a, b float64) float64 { return truth(a != 0 && b != 0) },
	"||": func(a, b float64) float64 { return truth(a != 0 || b != 0) },
}

func truth(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// clean turns the results no datapoint can have (infinities, from a
// division by zero) into missing ones.
func clean(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

func (e *evaluator) broadcast(v float64) []float64 {
	out := make([]float64, e.n)
	for i := range out {
		out[i] = v
	}
	return out
}

func (e *evaluator) map1(x mvalue, f func(float64) float64) (mvalue, error) {
	switch {
	case x.array != nil:
		out := make([][]float64, len(x.array))
		for i, s := range x.array {
			out[i] = mapSeries(s, f)
		}
		return mvalue{array: out}, nil
	case x.series != nil:
		return mvalue{series: mapSeries(x.series, f)}, nil
	}
	return mvalue{scalar: clean(f(x.scalar))}, nil
}

func mapSeries(s []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		if math.IsNaN(v) { // a missing datapoint stays missing
			out[i] = v
			continue
		}
		out[i] = clean(f(v))
	}
	return out
}

func (e *evaluator) map2(l, r mvalue, f func(a, b float64) float64) (mvalue, error) {
	if l.array != nil || r.array != nil {
		if l.array != nil && r.array != nil {
			return mvalue{}, exprErrorf("an operator between two arrays of time series is not supported")
		}
		arr, other, left := l.array, r, true
		if arr == nil {
			arr, other, left = r.array, l, false
		}
		out := make([][]float64, len(arr))
		for i, s := range arr {
			a, b := mvalue{series: s}, other
			if !left {
				a, b = other, mvalue{series: s}
			}
			v, _ := e.map2(a, b, f)
			out[i] = v.series
		}
		return mvalue{array: out}, nil
	}
	if l.isScalar() && r.isScalar() {
		return mvalue{scalar: clean(f(l.scalar, r.scalar))}, nil
	}
	out := make([]float64, e.n)
	for i := range out {
		a, b := l.scalar, r.scalar
		if l.series != nil {
			a = l.series[i]
		}
		if r.series != nil {
			b = r.series[i]
		}
		if math.IsNaN(a) || math.IsNaN(b) { // a missing operand: no datapoint, whatever the operator
			out[i] = math.NaN()
			continue
		}
		out[i] = clean(f(a, b))
	}
	return mvalue{series: out}, nil
}

func (e *evaluator) call(n callNode) (mvalue, error) {
	args := make([]mvalue, len(n.args))
	for i, a := range n.args {
		if _, ok := a.(kwNode); ok && n.fn == "FILL" && i == 1 {
			continue
		}
		v, err := e.eval(a)
		if err != nil {
			return mvalue{}, err
		}
		args[i] = v
	}
	switch n.fn {
	case "ABS":
		return e.map1(args[0], math.Abs)
	case "CEIL":
		return e.map1(args[0], math.Ceil)
	case "FLOOR":
		return e.map1(args[0], math.Floor)
	case "SUM", "AVG", "MIN", "MAX":
		return e.aggregate(n.fn, args[0])
	case "IF":
		return e.ifThen(args)
	case "FILL":
		return e.fill(args[0], n.args[1], args[1])
	case "DIFF", "RATE":
		if args[0].series == nil {
			return mvalue{}, exprErrorf("%s takes a time series", n.fn)
		}
		return mvalue{series: e.diff(args[0].series, n.fn == "RATE")}, nil
	case "PERIOD":
		if args[0].isScalar() {
			return mvalue{}, exprErrorf("PERIOD takes a time series")
		}
		return mvalue{scalar: float64(e.period)}, nil
	}
	return mvalue{}, exprErrorf("unknown function %s", n.fn)
}

// aggregate is SUM, AVG, MIN and MAX: of one time series, a scalar over
// all its datapoints; of an array, the time series of each period's
// aggregate over the array's values there.
func (e *evaluator) aggregate(fn string, x mvalue) (mvalue, error) {
	agg := func(vs func(yield func(float64))) float64 {
		n, sum, lo, hi := 0, 0.0, math.Inf(1), math.Inf(-1)
		vs(func(v float64) {
			if math.IsNaN(v) {
				return
			}
			n++
			sum += v
			lo, hi = min(lo, v), max(hi, v)
		})
		if n == 0 {
			return math.NaN()
		}
		switch fn {
		case "SUM":
			return sum
		case "AVG":
			return sum / float64(n)
		case "MIN":
			return lo
		}
		return hi
	}
	switch {
	case x.array != nil:
		out := make([]float64, e.n)
		for i := range out {
			out[i] = agg(func(yield func(float64)) {
				for _, s := range x.array {
					yield(s[i])
				}
			})
		}
		return mvalue{series: out}, nil
	case x.series != nil:
		return mvalue{scalar: agg(func(yield func(float64)) {
			for _, v := range x.series {
				yield(v)
			}
		})}, nil
	}
	return x, nil
}

// ifThen is IF(condition, then[, else]): per period, then where the
// condition is true (not 0), else where it is false, and no datapoint
// where the condition has none or else is not given.
func (e *evaluator) ifThen(args []mvalue) (mvalue, error) {
	for _, a := range args {
		if a.array != nil {
			return mvalue{}, exprErrorf("IF takes time series and scalars, not arrays")
		}
	}
	at := func(v mvalue, i int) float64 {
		if v.series != nil {
			return v.series[i]
		}
		return v.scalar
	}
	if args[0].isScalar() && args[1].isScalar() && (len(args) < 3 || args[2].isScalar()) {
		switch {
		case args[0].scalar != 0:
			return args[1], nil
		case len(args) == 3:
			return args[2], nil
		}
		return mvalue{scalar: math.NaN()}, nil
	}
	out := make([]float64, e.n)
	for i := range out {
		c := at(args[0], i)
		switch {
		case math.IsNaN(c):
			out[i] = math.NaN()
		case c != 0:
			out[i] = at(args[1], i)
		case len(args) == 3:
			out[i] = at(args[2], i)
		default:
			out[i] = math.NaN()
		}
	}
	return mvalue{series: out}, nil
}

// fill is FILL(series, value | REPEAT | LINEAR): each missing datapoint of
// the series gets value, the last value before it (REPEAT; the first one
// after it at the start), or the value on the line between its neighbours
// (LINEAR; the nearest one at the ends).
func (e *evaluator) fill(x mvalue, how node, with mvalue) (mvalue, error) {
	if x.series == nil {
		return mvalue{}, exprErrorf("FILL takes a time series")
	}
	out := append([]float64(nil), x.series...)
	kw, isKW := how.(kwNode)
	if !isKW {
		for i, v := range out {
			if !math.IsNaN(v) {
				continue
			}
			switch {
			case with.series != nil:
				out[i] = with.series[i]
			case with.isScalar():
				out[i] = with.scalar
			default:
				return mvalue{}, exprErrorf("FILL takes a scalar or a time series as its value")
			}
		}
		return mvalue{series: out}, nil
	}
	prev := -1
	for i := range out {
		if math.IsNaN(out[i]) {
			continue
		}
		lo := prev + 1
		for j := lo; j < i; j++ {
			switch {
			case kw == "REPEAT" && prev >= 0:
				out[j] = out[prev]
			case kw == "LINEAR" && prev >= 0:
				out[j] = out[prev] + (out[i]-out[prev])*float64(j-prev)/float64(i-prev)
			default:
				out[j] = out[i]
			}
		}
		prev = i
	}
	if prev >= 0 {
		for j := prev + 1; j < len(out); j++ {
			out[j] = out[prev]
		}
	}
	return mvalue{series: out}, nil
}

// diff is DIFF (each value minus the one before it) and RATE (that per
// second), over the datapoints that exist.
func (e *evaluator) diff(s []float64, rate bool) []float64 {
	out := make([]float64, len(s))
	prev := -1
	for i, v := range s {
		out[i] = math.NaN()
		if math.IsNaN(v) {
			continue
		}
		if prev >= 0 {
			d := v - s[prev]
			if rate {
				d /= float64(int64(i-prev) * e.period)
			}
			out[i] = d
		}
		prev = i
	}
	return out
}
