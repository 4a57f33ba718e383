package sqs

import (
	"strings"
	"testing"
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
