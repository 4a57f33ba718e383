package server

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/jsonenc"
)

// The Smithy RPC v2 CBOR protocol sends CBOR (RFC 8949) documents:
// structures as maps with text keys, lists as arrays, timestamps as tag 1
// (epoch seconds), blobs as byte strings. The decoder below reads a whole
// document into Go values (map[string]any, []any, string, []byte, int64,
// float64, bool, time.Time, nil), which the handlers read through
// [docMap], as they read AWS JSON documents decoded by encoding/json; the
// documents are small, and this path is not the hot one.

// maxCBORDepth bounds the nesting the decoder follows.
const maxCBORDepth = 64

// cborDecoder reads one CBOR document from b.
type cborDecoder struct {
	b   []byte
	i   int
	err error
}

// decodeCBOR reads the document b, which must hold exactly one item.
func decodeCBOR(b []byte) (any, error) {
	d := &cborDecoder{b: b}
	v := d.value(0)
	if d.err == nil && d.i != len(d.b) {
		d.fail("trailing bytes after the document")
	}
	return v, d.err
}

func (d *cborDecoder) fail(what string) {
	if d.err == nil {
		d.err = errSerialization.With("Malformed CBOR at offset %d: %s.", d.i, what)
	}
	d.i = len(d.b)
}

// head reads an item's initial byte and argument. indefinite reports the
// argument 31 (an indefinite length, or the break code in major type 7).
func (d *cborDecoder) head() (major byte, info byte, arg uint64, indefinite bool) {
	if d.i >= len(d.b) {
		d.fail("unexpected end")
		return 0, 0, 0, false
	}
	c := d.b[d.i]
	d.i++
	major, info = c>>5, c&31
	n := 0
	switch {
	case info < 24:
		return major, info, uint64(info), false
	case info == 24:
		n = 1
	case info == 25:
		n = 2
	case info == 26:
		n = 4
	case info == 27:
		n = 8
	case info == 31:
		return major, info, 0, true
	default:
		d.fail("reserved additional information")
		return 0, 0, 0, false
	}
	if len(d.b)-d.i < n {
		d.fail("unexpected end")
		return 0, 0, 0, false
	}
	for _, c := range d.b[d.i : d.i+n] {
		arg = arg<<8 | uint64(c)
	}
	d.i += n
	return major, info, arg, false
}

// bytes reads the content of a byte or text string of major type major.
func (d *cborDecoder) bytes(major byte, arg uint64, indefinite bool) []byte {
	if !indefinite {
		if arg > uint64(len(d.b)-d.i) {
			d.fail("string longer than the document")
			return nil
		}
		s := d.b[d.i : d.i+int(arg)]
		d.i += int(arg)
		return s
	}
	var out []byte
	for d.err == nil {
		if d.i < len(d.b) && d.b[d.i] == 0xff {
			d.i++
			return out
		}
		m, _, n, ind := d.head()
		if m != major || ind {
			d.fail("bad chunk of an indefinite-length string")
			return nil
		}
		out = append(out, d.bytes(m, n, false)...)
	}
	return nil
}

// value reads one item.
func (d *cborDecoder) value(depth int) any {
	if depth > maxCBORDepth {
		d.fail("nesting too deep")
		return nil
	}
	major, info, arg, indefinite := d.head()
	if d.err != nil {
		return nil
	}
	switch major {
	case 0:
		if arg > math.MaxInt64 {
			return float64(arg)
		}
		return int64(arg)
	case 1:
		if arg > math.MaxInt64 {
			return -1 - float64(arg)
		}
		return -1 - int64(arg)
	case 2:
		return append([]byte{}, d.bytes(2, arg, indefinite)...)
	case 3:
		s := d.bytes(3, arg, indefinite)
		if !utf8.Valid(s) {
			d.fail("text string is not UTF-8")
			return nil
		}
		return string(s)
	case 4:
		list := []any{}
		for i := uint64(0); d.err == nil && (indefinite || i < arg); i++ {
			if indefinite && d.i < len(d.b) && d.b[d.i] == 0xff {
				d.i++
				break
			}
			list = append(list, d.value(depth+1))
		}
		return list
	case 5:
		m := map[string]any{}
		for i := uint64(0); d.err == nil && (indefinite || i < arg); i++ {
			if indefinite && d.i < len(d.b) && d.b[d.i] == 0xff {
				d.i++
				break
			}
			k, ok := d.value(depth + 1).(string)
			if !ok {
				d.fail("map key is not a text string")
				return nil
			}
			m[k] = d.value(depth + 1)
		}
		return m
	case 6:
		v := d.value(depth + 1)
		if arg != 1 {
			return v // other tags are not used by the protocol: the content stands
		}
		if t, ok := epochTime(v); ok {
			return t
		}
		d.fail("tag 1 does not hold a number")
		return nil
	}
	switch {
	case indefinite:
		d.fail("unexpected break")
	case info == 20:
		return false
	case info == 21:
		return true
	case info == 22, info == 23:
		return nil
	case info == 25:
		return halfToFloat(uint16(arg))
	case info == 26:
		return float64(math.Float32frombits(uint32(arg)))
	case info == 27:
		return math.Float64frombits(arg)
	default:
		d.fail("unknown simple value")
	}
	return nil
}

// epochTime is the instant of a number of epoch seconds, to the
// millisecond.
func epochTime(v any) (time.Time, bool) {
	switch n := v.(type) {
	case int64:
		return time.Unix(n, 0).UTC(), true
	case float64:
		sec, frac := math.Modf(n)
		return time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC(), true
	}
	return time.Time{}, false
}

// halfToFloat converts an IEEE 754 half-precision float.
func halfToFloat(h uint16) float64 {
	exp := int(h>>10) & 0x1f
	mant := float64(h & 0x3ff)
	var v float64
	switch exp {
	case 0:
		v = math.Ldexp(mant, -24)
	case 31:
		v = math.Inf(1)
		if mant != 0 {
			v = math.NaN()
		}
	default:
		v = math.Ldexp(mant+1024, exp-25)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}

// docMap is a decoded structure, of CBOR or JSON, or of a query
// request's parameters ([formDocument]). Its readers return the zero
// value for an absent member, and record a SerializationException (an
// InvalidParameterValue for the query protocol) in *err for a member of
// the wrong type.
type docMap struct {
	m   map[string]any
	err *error
	// text: the members are the query protocol's strings, from which
	// numbers, booleans and timestamps (ISO 8601) are parsed, and an
	// empty one is an empty list.
	text bool
}

func (c docMap) typeError(key, want string) {
	if *c.err == nil {
		if c.text {
			*c.err = errInvalidQueryParam.With("Value for parameter %s is invalid. Must be %s.", key, want)
			return
		}
		*c.err = errSerialization.With("Member %s is not %s.", key, want)
	}
}

func (c docMap) str(key string) string {
	switch v := c.m[key].(type) {
	case nil:
	case string:
		return v
	default:
		c.typeError(key, "a string")
	}
	return ""
}

// number reads a numeric member, reporting whether one was given.
func (c docMap) number(key string) (float64, bool) {
	switch v := c.m[key].(type) {
	case nil:
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil && c.text {
			return f, true
		}
		c.typeError(key, "a number")
	default:
		c.typeError(key, "a number")
	}
	return 0, false
}

// float reads a numeric member as a pointer, nil when absent.
func (c docMap) float(key string) *float64 {
	if v, ok := c.number(key); ok {
		return &v
	}
	return nil
}

// integer reads an integer member, saturating out of range.
func (c docMap) integer(key string) int {
	v, _ := c.number(key)
	return int(max(min(v, 1<<31), -(1 << 31)))
}

// seconds reads an integer member of whole seconds.
func (c docMap) seconds(key string) time.Duration {
	return time.Duration(c.integer(key)) * time.Second
}

// boolean reads a boolean member, nil when absent.
func (c docMap) boolean(key string) *bool {
	switch v := c.m[key].(type) {
	case nil:
	case bool:
		return &v
	case string: // the query protocol's "true" or "false", any case, as [form.boolean] reads them
		if b := strings.EqualFold(v, "true"); c.text && (b || strings.EqualFold(v, "false")) {
			return &b
		}
		c.typeError(key, "a boolean")
	default:
		c.typeError(key, "a boolean")
	}
	return nil
}

// timestamp reads a timestamp member (tag 1, or a bare number of epoch
// seconds).
func (c docMap) timestamp(key string) time.Time {
	v := c.m[key]
	if t, ok := v.(time.Time); ok {
		return t
	}
	if t, ok := epochTime(v); ok {
		return t
	}
	if s, ok := v.(string); ok && c.text {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC()
		}
	}
	if v != nil {
		c.typeError(key, "a timestamp")
	}
	return time.Time{}
}

// list reads an array member.
func (c docMap) list(key string) []any {
	switch v := c.m[key].(type) {
	case nil:
	case []any:
		return v
	case string:
		if v == "" && c.text { // an empty list: NAME= with no members
			return nil
		}
		c.typeError(key, "a list")
	default:
		c.typeError(key, "a list")
	}
	return nil
}

// object reads a structure member; ok is false when it is absent.
func (c docMap) object(key string) (docMap, bool) {
	switch v := c.m[key].(type) {
	case nil:
	case map[string]any:
		return docMap{m: v, err: c.err, text: c.text}, true
	default:
		c.typeError(key, "a structure")
	}
	return docMap{m: nil, err: c.err, text: c.text}, false
}

// objects reads a list of structures.
func (c docMap) objects(key string) []docMap {
	var out []docMap
	for _, v := range c.list(key) {
		m, ok := v.(map[string]any)
		if !ok {
			c.typeError(key, "a list of structures")
			return nil
		}
		out = append(out, docMap{m: m, err: c.err, text: c.text})
	}
	return out
}

// strings reads a list of strings.
func (c docMap) strings(key string) []string {
	var out []string
	for _, v := range c.list(key) {
		s, ok := v.(string)
		if !ok {
			c.typeError(key, "a list of strings")
			return nil
		}
		out = append(out, s)
	}
	return out
}

// floats reads a list of numbers.
func (c docMap) floats(key string) []float64 {
	var out []float64
	for _, v := range c.list(key) {
		switch n := v.(type) {
		case int64:
			out = append(out, float64(n))
		case float64:
			out = append(out, n)
		case string:
			f, err := strconv.ParseFloat(n, 64)
			if err != nil || !c.text {
				c.typeError(key, "a list of numbers")
				return nil
			}
			out = append(out, f)
		default:
			c.typeError(key, "a list of numbers")
			return nil
		}
	}
	return out
}

// appendCBORHead appends an item's initial byte and argument in the
// shortest form.
func appendCBORHead(b []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(b, m|byte(n))
	case n <= math.MaxUint8:
		return append(b, m|24, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, m|25), uint16(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, m|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, m|27), n)
}

func appendCBORString(b []byte, s string) []byte {
	return append(appendCBORHead(b, 3, uint64(len(s))), s...)
}

func appendCBORInt(b []byte, n int64) []byte {
	if n < 0 {
		return appendCBORHead(b, 1, uint64(-1-n))
	}
	return appendCBORHead(b, 0, uint64(n))
}

func appendCBORFloat(b []byte, f float64) []byte {
	return binary.BigEndian.AppendUint64(append(b, 0xfb), math.Float64bits(f))
}

func appendCBORBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xf5)
	}
	return append(b, 0xf4)
}

// appendCBORTime appends a timestamp as tag 1 with epoch seconds, to the
// millisecond, as the protocol writes it.
func appendCBORTime(b []byte, t time.Time) []byte {
	return appendCBORFloat(append(b, 0xc1), float64(t.UnixMilli())/1e3)
}

// docWriter writes the output document of an operation of the RPC
// protocols: CBOR for RPC v2 ([cborWriter]), JSON for AWS JSON 1.0
// ([jsonDocWriter]), and the query protocol's XML ([xmlDocWriter]).
// Members with an empty string or a zero time are left out.
type docWriter interface {
	// beginMap begins a structure, beginEntries a map whose keys are data
	// (which the query protocol writes as entries), and beginList a list.
	beginMap()
	beginEntries()
	beginList()
	end()
	key(k string)
	str(k, v string)
	float(k string, v float64)
	int(k string, v int64)
	bool(k string, v bool)
	time(k string, t time.Time)
	strings(k string, list []string)
	floats(k string, list []float64)
	times(k string, list []time.Time)
	bytes() []byte
}

// cborWriter builds a CBOR document of nested definite-length maps and
// arrays: a container's items are counted as they are written, and its
// head is written when it is closed.
type cborWriter struct {
	b []byte
	// open are the containers being written: where each starts, its
	// major type, and how many items (a map: keys and values) it holds.
	open []struct {
		at, n int
		major byte
	}
}

func (w *cborWriter) beginMap()     { w.begin(5) }
func (w *cborWriter) beginEntries() { w.begin(5) }
func (w *cborWriter) beginList()    { w.begin(4) }

// begin starts a container of major type major as the next item.
func (w *cborWriter) begin(major byte) {
	w.item()
	w.open = append(w.open, struct {
		at, n int
		major byte
	}{len(w.b), 0, major})
}

// item counts one more item in the innermost container.
func (w *cborWriter) item() {
	if len(w.open) > 0 {
		w.open[len(w.open)-1].n++
	}
}

// end closes the innermost container, writing its head before its
// content.
func (w *cborWriter) end() {
	c := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	n := c.n
	if c.major == 5 {
		n /= 2
	}
	head := appendCBORHead(nil, c.major, uint64(n))
	w.b = append(w.b[:c.at], append(head, w.b[c.at:]...)...)
}

func (w *cborWriter) bytes() []byte { return w.b }

func (w *cborWriter) key(k string) { w.item(); w.b = appendCBORString(w.b, k) }

func (w *cborWriter) str(k, v string) {
	if v != "" {
		w.key(k)
		w.item()
		w.b = appendCBORString(w.b, v)
	}
}

func (w *cborWriter) float(k string, v float64) {
	w.key(k)
	w.item()
	w.b = appendCBORFloat(w.b, v)
}

func (w *cborWriter) int(k string, v int64) {
	w.key(k)
	w.item()
	w.b = appendCBORInt(w.b, v)
}

func (w *cborWriter) bool(k string, v bool) {
	w.key(k)
	w.item()
	w.b = appendCBORBool(w.b, v)
}

func (w *cborWriter) time(k string, t time.Time) {
	if !t.IsZero() {
		w.key(k)
		w.item()
		w.b = appendCBORTime(w.b, t)
	}
}

// strings writes a list of strings (always, empty or not).
func (w *cborWriter) strings(k string, list []string) {
	w.key(k)
	w.beginList()
	for _, s := range list {
		w.item()
		w.b = appendCBORString(w.b, s)
	}
	w.end()
}

func (w *cborWriter) floats(k string, list []float64) {
	w.key(k)
	w.beginList()
	for _, f := range list {
		w.item()
		w.b = appendCBORFloat(w.b, f)
	}
	w.end()
}

func (w *cborWriter) times(k string, list []time.Time) {
	w.key(k)
	w.beginList()
	for _, t := range list {
		w.item()
		w.b = appendCBORTime(w.b, t)
	}
	w.end()
}

// jsonDocWriter builds a JSON document for the AWS JSON 1.0 protocol,
// timestamps as epoch seconds.
type jsonDocWriter struct {
	b []byte
	// open are the closing bytes of the containers being written, and
	// first whether each has no item yet.
	open  []byte
	first []bool
	// valueNext: a key was just written, so no comma comes before the value.
	valueNext bool
}

// sep writes the comma before an item that is not the first.
func (w *jsonDocWriter) sep() {
	if w.valueNext {
		w.valueNext = false
		return
	}
	if n := len(w.first); n > 0 {
		if !w.first[n-1] {
			w.b = append(w.b, ',')
		}
		w.first[n-1] = false
	}
}

func (w *jsonDocWriter) beginMap()     { w.begin('{', '}') }
func (w *jsonDocWriter) beginEntries() { w.begin('{', '}') }
func (w *jsonDocWriter) beginList()    { w.begin('[', ']') }

func (w *jsonDocWriter) begin(open, close byte) {
	w.sep()
	w.b = append(w.b, open)
	w.open = append(w.open, close)
	w.first = append(w.first, true)
}

func (w *jsonDocWriter) end() {
	w.b = append(w.b, w.open[len(w.open)-1])
	w.open, w.first = w.open[:len(w.open)-1], w.first[:len(w.first)-1]
}

func (w *jsonDocWriter) key(k string) {
	w.sep()
	w.b = append(jsonenc.AppendString(w.b, k), ':')
	w.valueNext = true
}

func (w *jsonDocWriter) str(k, v string) {
	if v != "" {
		w.key(k)
		w.sep()
		w.b = jsonenc.AppendString(w.b, v)
	}
}

func (w *jsonDocWriter) float(k string, v float64) {
	w.key(k)
	w.sep()
	w.b = strconv.AppendFloat(w.b, v, 'g', -1, 64)
}

func (w *jsonDocWriter) int(k string, v int64) {
	w.key(k)
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonDocWriter) bool(k string, v bool) {
	w.key(k)
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonDocWriter) time(k string, t time.Time) {
	if !t.IsZero() {
		w.key(k)
		w.sep()
		w.b = strconv.AppendFloat(w.b, float64(t.UnixMilli())/1e3, 'f', -1, 64)
	}
}

func (w *jsonDocWriter) strings(k string, list []string) {
	w.key(k)
	w.beginList()
	for _, s := range list {
		w.sep()
		w.b = jsonenc.AppendString(w.b, s)
	}
	w.end()
}

func (w *jsonDocWriter) floats(k string, list []float64) {
	w.key(k)
	w.beginList()
	for _, f := range list {
		w.sep()
		w.b = strconv.AppendFloat(w.b, f, 'g', -1, 64)
	}
	w.end()
}

func (w *jsonDocWriter) times(k string, list []time.Time) {
	w.key(k)
	w.beginList()
	for _, t := range list {
		w.sep()
		w.b = strconv.AppendFloat(w.b, float64(t.UnixMilli())/1e3, 'f', -1, 64)
	}
	w.end()
}

func (w *jsonDocWriter) bytes() []byte { return w.b }
