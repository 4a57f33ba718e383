package sns

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The JSON decoder of filter policies and of the message bodies they
// match. Policies need their keys in document order (AWS counts
// combinations and reports the first error in that order) and AWS's
// wording for syntax errors, which is that of the Jackson parser; message
// bodies share the decoder so that numbers and strings read the same way
// on both sides.

// jsonKind is the type of a decoded JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonFalse
	jsonTrue
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is a decoded JSON value. Objects keep their keys in document
// order; a repeated key keeps its first position and its last value.
type jsonValue struct {
	kind jsonKind
	// text is a string's contents, or a number as written.
	text  string
	num   float64
	items []jsonValue
	keys  []string
	vals  []jsonValue
}

// jsonParser is a recursive-descent JSON decoder over s.
type jsonParser struct {
	s     string
	i     int
	depth int
	// dedupe merges repeated object keys (policies); bodies keep every
	// occurrence, which only adds values to a path.
	dedupe bool
}

// parseJSON decodes one JSON document, with nothing but whitespace after
// it. Its errors are *filterPolicyError with Jackson's wording after
// "failed to parse JSON. ".
func parseJSON(s string, dedupe bool) (jsonValue, error) {
	p := jsonParser{s: s, dedupe: dedupe}
	p.skipSpace()
	if p.i == len(s) {
		return jsonValue{}, p.fail("No content to map due to end-of-input")
	}
	v, err := p.value()
	if err != nil {
		return jsonValue{}, err
	}
	p.skipSpace()
	if p.i < len(s) {
		return jsonValue{}, p.unexpected("expected end of input")
	}
	return v, nil
}

// fail returns a syntax error with Jackson's message.
func (p *jsonParser) fail(msg string) error {
	return &filterPolicyError{reason: "failed to parse JSON. " + msg}
}

// unexpected reports the character at the current position, or the end of
// input, where something else was expected.
func (p *jsonParser) unexpected(expected string) error {
	if p.i >= len(p.s) {
		return p.fail("Unexpected end-of-input: " + expected)
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return p.fail(fmt.Sprintf("Unexpected character (%s): %s", charDesc(r), expected))
}

// unexpectedInNumber reports a malformed number, as Jackson words it.
func (p *jsonParser) unexpectedInNumber(expected string) error {
	if p.i >= len(p.s) {
		return p.fail("Unexpected end-of-input in a Number value")
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return p.fail(fmt.Sprintf("Unexpected character (%s) in numeric value: %s", charDesc(r), expected))
}

// charDesc describes a character as Jackson does in its messages.
func charDesc(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("(CTRL-CHAR, code %d)", r)
	case r > 0xff:
		return fmt.Sprintf("'%c' (code %d / 0x%x)", r, r, r)
	}
	return fmt.Sprintf("'%c' (code %d)", r, r)
}

// skipSpace moves past JSON whitespace.
func (p *jsonParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value decodes the value at the current position.
func (p *jsonParser) value() (jsonValue, error) {
	const expectValue = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
	if p.i >= len(p.s) {
		return jsonValue{}, p.fail("Unexpected end-of-input: expected a value")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		return jsonValue{kind: jsonString, text: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		start := p.i
		for p.i < len(p.s) && isWordByte(p.s[p.i]) {
			p.i++
		}
		switch word := p.s[start:p.i]; word {
		case "null":
			return jsonValue{kind: jsonNull}, nil
		case "true":
			return jsonValue{kind: jsonTrue}, nil
		case "false":
			return jsonValue{kind: jsonFalse}, nil
		default:
			return jsonValue{}, p.fail(fmt.Sprintf("Unrecognized token '%s': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", word))
		}
	}
	return jsonValue{}, p.unexpected(expectValue)
}

// isWordByte reports whether c continues a bare word (null, true, or a
// typo of them) for error messages.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// enter and leave track nesting against filterMaxDepth.
func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > filterMaxDepth {
		return p.fail(fmt.Sprintf("Document nesting depth (%d) exceeds the maximum allowed (%d)", p.depth, filterMaxDepth))
	}
	return nil
}

// leave ends a nesting level begun by enter.
func (p *jsonParser) leave() { p.depth-- }

// object decodes an object; the current byte is '{'.
func (p *jsonParser) object() (jsonValue, error) {
	if err := p.enter(); err != nil {
		return jsonValue{}, err
	}
	defer p.leave()
	p.i++
	v := jsonValue{kind: jsonObject}
	var seen map[string]int
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return jsonValue{}, p.fail("Unexpected end-of-input: expected close marker for Object")
		}
		if p.s[p.i] != '"' {
			return jsonValue{}, p.unexpected("was expecting double-quote to start field name")
		}
		key, err := p.str()
		if err != nil {
			return jsonValue{}, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			if p.i >= len(p.s) {
				return jsonValue{}, p.fail("Unexpected end-of-input: expected close marker for Object")
			}
			return jsonValue{}, p.unexpected("was expecting a colon to separate field name and value")
		}
		p.i++
		p.skipSpace()
		val, err := p.value()
		if err != nil {
			return jsonValue{}, err
		}
		if i, dup := p.find(&v, &seen, key); dup {
			v.vals[i] = val
		} else {
			v.keys = append(v.keys, key)
			v.vals = append(v.vals, val)
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return jsonValue{}, p.fail("Unexpected end-of-input: expected close marker for Object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return v, nil
		default:
			return jsonValue{}, p.unexpected("was expecting comma to separate Object entries")
		}
	}
}

// find returns the index of key in the object when the parser merges
// repeated keys and key was seen before.
func (p *jsonParser) find(v *jsonValue, seen *map[string]int, key string) (int, bool) {
	if !p.dedupe {
		return 0, false
	}
	if *seen == nil && len(v.keys) < 16 {
		for i, k := range v.keys {
			if k == key {
				return i, true
			}
		}
		return 0, false
	}
	if *seen == nil {
		*seen = make(map[string]int, 2*len(v.keys))
		for i, k := range v.keys {
			(*seen)[k] = i
		}
	}
	if i, ok := (*seen)[key]; ok {
		return i, true
	}
	(*seen)[key] = len(v.keys)
	return 0, false
}

// array decodes an array; the current byte is '['.
func (p *jsonParser) array() (jsonValue, error) {
	if err := p.enter(); err != nil {
		return jsonValue{}, err
	}
	defer p.leave()
	p.i++
	v := jsonValue{kind: jsonArray}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return jsonValue{}, p.fail("Unexpected end-of-input: expected close marker for Array")
		}
		item, err := p.value()
		if err != nil {
			return jsonValue{}, err
		}
		v.items = append(v.items, item)
		p.skipSpace()
		if p.i >= len(p.s) {
			return jsonValue{}, p.fail("Unexpected end-of-input: expected close marker for Array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return v, nil
		default:
			return jsonValue{}, p.unexpected("was expecting comma to separate Array entries")
		}
	}
}

// str decodes a string; the current byte is '"'.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			if !utf8.ValidString(s) {
				return "", p.fail("Invalid UTF-8 in string value")
			}
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			s := b.String()
			if !utf8.ValidString(s) {
				return "", p.fail("Invalid UTF-8 in string value")
			}
			return s, nil
		case c < 0x20:
			return "", p.fail(fmt.Sprintf("Illegal unquoted character (%s): has to be escaped using backslash to be included in string value", charDesc(rune(c))))
		case c == '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", p.fail("Unexpected end-of-input in character escape sequence")
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return "", err
				}
				if r >= 0xd800 && r < 0xdc00 && strings.HasPrefix(p.s[p.i:], `\u`) {
					p.i += 2
					lo, err := p.hex4()
					if err != nil {
						return "", err
					}
					r = utf16Pair(r, lo)
				}
				b.WriteRune(r)
			default:
				r, _ := utf8.DecodeRuneInString(p.s[p.i-1:])
				return "", p.fail(fmt.Sprintf("Unrecognized character escape %s", charDesc(r)))
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.fail("Unexpected end-of-input: was expecting closing quote for a string value")
}

// hex4 decodes the four hex digits of a \u escape.
func (p *jsonParser) hex4() (rune, error) {
	if p.i+4 > len(p.s) {
		p.i = len(p.s)
		return 0, p.fail("Unexpected end-of-input in character escape sequence")
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, p.fail("Unexpected character in character escape sequence: expected a hex-digit for character escape sequence")
	}
	p.i += 4
	return rune(n), nil
}

// utf16Pair joins a surrogate pair; an unpaired half becomes U+FFFD.
func utf16Pair(hi, lo rune) rune {
	if lo < 0xdc00 || lo >= 0xe000 {
		return utf8.RuneError
	}
	return (hi-0xd800)<<10 | (lo - 0xdc00) + 0x10000
}

// number decodes a number by JSON's grammar.
func (p *jsonParser) number() (jsonValue, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := p.digits()
	switch {
	case digits == 0:
		return jsonValue{}, p.unexpectedInNumber("expected digit (0-9) to follow minus sign, for valid numeric value")
	case digits > 1 && p.s[p.i-digits] == '0':
		return jsonValue{}, p.fail("Invalid numeric value: Leading zeroes not allowed")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return jsonValue{}, p.unexpectedInNumber("Decimal point not followed by a digit")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return jsonValue{}, p.unexpectedInNumber("Exponent indicator not followed by a digit")
		}
	}
	text := p.s[start:p.i]
	// Out-of-range literals become ±Inf or 0, as a Java double would.
	n, _ := strconv.ParseFloat(text, 64)
	return jsonValue{kind: jsonNumber, text: text, num: n}, nil
}

// digits consumes a run of ASCII digits and returns its length.
func (p *jsonParser) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}
