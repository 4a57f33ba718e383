package jsonenc_test

import (
	"encoding/json"
	"testing"

	"github.com/awssim/awssim/internal/jsonenc"
)

// AppendString writes what encoding/json.Marshal writes for a string, byte
// for byte: short escapes, HTML escapes, the line separators and invalid
// UTF-8 included.
func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "\b\f\n\r\t\x00\x1f\x7f",
		"<a href=\"x\">&amp;</a>", "line\u2028para\u2029", "bad \xff\xfe utf-8", "naïve ☃ 🎉",
	} {
		want, _ := json.Marshal(s)
		if got := jsonenc.AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	}
}

func FuzzAppendStringIsEncodingJSON(f *testing.F) {
	f.Add("a\u2028<b>\xff\"")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsonenc.AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}
