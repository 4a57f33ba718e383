package sqs

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// A body may hold #x9, #xA, #xD and #x20 upwards (SQS API reference,
// SendMessage); every other control character is refused wherever it
// stands, also inside the eight-byte words validBody checks at once.
func TestBodyControlCharactersAreRefusedAtEveryPosition(t *testing.T) {
	base := strings.Repeat("abcdefgh", 3)
	for pos := range len(base) {
		for c := byte(0); c < 0x20; c++ {
			body := base[:pos] + string(c) + base[pos+1:]
			want := c == '\t' || c == '\n' || c == '\r'
			if got := validBody(body); got != want {
				t.Fatalf("validBody with %#x at %d = %v, want %v", c, pos, got, want)
			}
		}
		if !validBody(base[:pos] + "\x7f" + base[pos+1:]) {
			t.Fatalf("DEL at %d refused", pos)
		}
		if validBody(base[:pos] + "\xff" + base[pos+1:]) {
			t.Fatalf("invalid UTF-8 at %d accepted", pos)
		}
	}
}

// validBody agrees with the rule read one character at a time, on random
// bodies mixing printable ASCII with the characters and bytes the rule
// is about, at every offset of the eight-byte words.
func TestBodyValidityMatchesTheCharacterRule(t *testing.T) {
	rule := func(body string) bool {
		if !utf8.ValidString(body) {
			return false
		}
		for _, r := range body {
			ok := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000
			if !ok {
				return false
			}
		}
		return true
	}
	pieces := []string{"a", "Z", " ", "~", "\x7f", "\t", "\n", "\r", "\x00", "\x1f", "é", "€", "\uFFFD", "\uFFFE", "\uFFFF", "\U0001F600", "\xff", "\xc3", "\xed\xa0\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(4) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				b.WriteByte(byte(0x20 + rng.IntN(0x5f)))
			}
		}
		body := b.String()
		if got, want := validBody(body), rule(body); got != want {
			t.Fatalf("validBody(%q) = %v, want %v", body, got, want)
		}
	}
}
