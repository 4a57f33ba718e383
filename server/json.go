package server

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/jsonenc"
)

// The AWS JSON protocols send small, flat documents of known shape. The
// decoder below reads them in one pass over the request body, without
// reflection and without building a tree: an operation's decoding is a
// loop over the keys of an object and a switch on each key. Strings are
// unescaped in place (an escape is never shorter than what it stands
// for), so a string costs one allocation, the Go string the service keeps.
//
// Errors are sticky: after the first one every read returns a zero value
// and the caller checks d.err once at the end.

// decoder reads one JSON document from b.
type decoder struct {
	b   []byte
	i   int
	err error
}

// syntaxError records a malformed document at the current offset.
func (d *decoder) syntaxError(what string) {
	if d.err == nil {
		d.err = errSerialization.With("Start of structure or map found where not expected, or malformed JSON: %s at offset %d.", what, d.i)
	}
	d.i = len(d.b)
}

// typeError records a value of the wrong JSON type for a member.
func (d *decoder) typeError(want string) {
	if d.err == nil {
		d.err = errSerialization.With("Expected %s at offset %d.", want, d.i)
	}
	d.i = len(d.b)
}

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte that is not white space, or 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// null consumes a JSON null if one is next.
func (d *decoder) null() bool {
	if d.peek() == 'n' {
		if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
			d.i += 4
			return true
		}
		d.syntaxError("bad literal")
	}
	return false
}

// end checks that nothing but white space follows the document.
func (d *decoder) end() {
	if d.ws(); d.err == nil && d.i < len(d.b) {
		d.syntaxError("data after the document")
	}
}

// object opens an object; it reports false for null (or an error). Read
// its members with more and key:
//
//	for first := true; d.more(&first, '}'); { switch string(d.key()) { … } }
func (d *decoder) object() bool {
	if d.null() {
		return false
	}
	if d.peek() != '{' {
		d.typeError("an object")
		return false
	}
	d.i++
	return true
}

// array opens an array; it reports false for null (or an error). Read its
// elements with more(&first, ']').
func (d *decoder) array() bool {
	if d.null() {
		return false
	}
	if d.peek() != '[' {
		d.typeError("a list")
		return false
	}
	d.i++
	return true
}

// more reports whether another member or element follows in the object or
// array that close ends, consuming the separator, or the closing byte
// when none follows.
func (d *decoder) more(first *bool, close byte) bool {
	c := d.peek()
	if c == close {
		d.i++
		return false
	}
	if !*first {
		if c != ',' {
			d.syntaxError("expected , or " + string(close))
			return false
		}
		d.i++
	}
	*first = false
	return d.err == nil
}

// key reads a member's name and the colon after it. The bytes are valid
// until the next read.
func (d *decoder) key() []byte {
	if d.peek() != '"' {
		d.syntaxError("expected a member name")
		return nil
	}
	k := d.rawString()
	if d.peek() != ':' {
		d.syntaxError("expected :")
		return nil
	}
	d.i++
	return k
}

// rawString reads a string (the opening quote is next) and returns its
// unescaped bytes, in place in d.b.
func (d *decoder) rawString() []byte {
	d.i++ // opening quote
	start := d.i
	// Fast path: no escapes.
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			s := d.b[start:d.i]
			d.i++
			return s
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			d.syntaxError("control character in a string")
			return nil
		}
		d.i++
	}
	w := d.i // write position; escapes only shrink
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return d.b[start:w]
		case c < 0x20:
			d.syntaxError("control character in a string")
			return nil
		case c != '\\':
			d.b[w] = c
			w++
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			break
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			d.b[w] = e
		case 'b':
			d.b[w] = '\b'
		case 'f':
			d.b[w] = '\f'
		case 'n':
			d.b[w] = '\n'
		case 'r':
			d.b[w] = '\r'
		case 't':
			d.b[w] = '\t'
		case 'u':
			r := d.hex4()
			if utf16.IsSurrogate(r) {
				// A pair, or U+FFFD for a lone half (as encoding/json
				// reads it, keeping what follows).
				pair := rune(utf8.RuneError)
				if d.i+5 < len(d.b) && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
					save := d.i
					d.i += 2
					if p := utf16.DecodeRune(r, d.hex4()); p != utf8.RuneError {
						pair = p
					} else {
						d.i = save
					}
				}
				r = pair
			}
			if d.err != nil {
				return nil
			}
			w += utf8.EncodeRune(d.b[w:], r)
			continue
		default:
			d.syntaxError("bad escape")
			return nil
		}
		w++
	}
	d.syntaxError("unterminated string")
	return nil
}

func (d *decoder) hex4() rune {
	if d.i+4 > len(d.b) {
		d.syntaxError("bad \\u escape")
		return 0
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		r <<= 4
		switch {
		case '0' <= c && c <= '9':
			r |= rune(c - '0')
		case 'a' <= c && c <= 'f':
			r |= rune(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			d.syntaxError("bad \\u escape")
			return 0
		}
	}
	d.i += 4
	return r
}

// bytes reads a string value as bytes valid until the next read; null
// gives nil.
func (d *decoder) bytes() []byte {
	if d.null() {
		return nil
	}
	if d.peek() != '"' {
		d.typeError("a string")
		return nil
	}
	return d.rawString()
}

// str reads a string value; null gives "".
func (d *decoder) str() string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// blob reads a base64 string value (a smithy blob).
func (d *decoder) blob() []byte {
	b := d.bytes()
	if b == nil {
		return nil
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	n, err := base64.StdEncoding.Decode(out, b)
	if err != nil {
		d.typeError("a base64-encoded blob")
		return nil
	}
	return out[:n]
}

// int reads an integer value, saturating at ±2^53 (the largest exact JSON
// integer); null gives 0 and false.
func (d *decoder) int() (int64, bool) {
	if d.null() {
		return 0, false
	}
	d.ws()
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			break
		}
		d.i++
	}
	s := d.b[start:d.i]
	if len(s) == 0 {
		d.typeError("a number")
		return 0, false
	}
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(s), 64)
		if ferr != nil || f != math.Trunc(f) {
			d.typeError("an integer")
			return 0, false
		}
		n = int64(max(min(f, 1<<53), -(1 << 53)))
	}
	return max(min(n, 1<<53), -(1 << 53)), true
}

// boolean reads true or false; null gives false.
func (d *decoder) boolean() bool {
	switch d.peek() {
	case 't':
		if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true" {
			d.i += 4
			return true
		}
	case 'f':
		if len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false" {
			d.i += 5
			return false
		}
	case 'n':
		d.null()
		return false
	}
	d.typeError("a boolean")
	return false
}

// skip reads and discards any value: members the simulator does not use.
func (d *decoder) skip() {
	switch d.peek() {
	case '{':
		d.i++
		for first := true; d.more(&first, '}'); {
			d.key()
			d.skip()
		}
	case '[':
		d.i++
		for first := true; d.more(&first, ']'); {
			d.skip()
		}
	case '"':
		d.rawString()
	case 't', 'f':
		d.boolean()
	case 'n':
		d.null()
	default:
		d.int()
	}
}

// strings reads a list of strings.
func (d *decoder) strings() []string {
	if !d.array() {
		return nil
	}
	out := []string{}
	for first := true; d.more(&first, ']'); {
		out = append(out, d.str())
	}
	return out
}

// stringMap reads a map of strings to strings.
func (d *decoder) stringMap() map[string]string {
	if !d.object() {
		return nil
	}
	out := map[string]string{}
	for first := true; d.more(&first, '}'); {
		k := string(d.key())
		out[k] = d.str()
	}
	return out
}

// The encoder appends to a byte slice: the response is small and written
// at once.

// appendKey appends a member name (known to need no escaping) and a colon,
// preceded by a comma unless the member is the object's first.
func appendKey(b []byte, first *bool, key string) []byte {
	if !*first {
		b = append(b, ',')
	}
	*first = false
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendStringMember appends "key":"value" when value is not empty.
func appendStringMember(b []byte, first *bool, key, value string) []byte {
	if value == "" {
		return b
	}
	b = appendKey(b, first, key)
	return jsonenc.AppendString(b, value)
}

// appendBlob appends b64 as a base64 JSON string.
func appendBlob(b []byte, v []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// appendStrings appends a list of strings.
func appendStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, s)
	}
	return append(b, ']')
}

// appendStringMap appends a map of strings in key order, so that responses
// are the same byte for byte from run to run.
func appendStringMap(b []byte, m map[string]string) []byte {
	b = append(b, '{')
	var stack [16]string
	keys := sortedKeys(stack[:0], m)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, k)
		b = append(b, ':')
		b = jsonenc.AppendString(b, m[k])
	}
	return append(b, '}')
}

// sortedKeys appends the keys of m to keys, sorted.
func sortedKeys[V any](keys []string, m map[string]V) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
