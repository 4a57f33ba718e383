package server

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The query protocol's escaper writes what xml.EscapeText writes, byte
// for byte: markup characters, tab and line ends as references, and what
// XML cannot hold as U+FFFD.
func TestXMLEscapeIsEncodingXMLs(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<a href="x">'&'</a>`, "tab\tline\nreturn\r", "\x00\x1f\x7f", "é ☃ 😀", "\xff\xfe bad", "\uFFFD", "\uFFFE\uFFFF",
		"a\u2028b", "]]>",
	} {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(s))
		x := &xmlWriter{}
		x.escape(s)
		assert.Equal(t, want.String(), string(x.b), "%q", s)
	}
}

func FuzzXMLEscapeIsEncodingXMLs(f *testing.F) {
	f.Add(`<a>&"'` + "\t\n\r\xff")
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(s))
		x := &xmlWriter{}
		x.escape(s)
		if want.String() != string(x.b) {
			t.Fatalf("escape(%q) = %q, want %q", s, x.b, want.String())
		}
	})
}
