// Package jsonenc writes JSON strings byte for byte as encoding/json
// writes them, without reflection or allocation, for the encoders that
// build documents by hand on hot paths (Lambda's SQS event, the SQS
// JSON protocol's responses).
package jsonenc

import "unicode/utf8"

// jsonSafe marks the ASCII bytes that encoding/json writes as they are,
// with its HTML escaping: all but control characters, '"', '\\', '<', '>'
// and '&'.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := range safe {
		safe[c] = c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

// AppendString appends s as a JSON string escaped exactly as
// encoding/json.Marshal escapes it: the short escapes for '"', '\\', \b,
// \f, \n, \r and \t, \u00XX (lower-case hex) for other control characters
// and for '<', '>' and '&', \u2028 and \u2029 for those separators, and
// \ufffd for each byte that is not valid UTF-8.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
