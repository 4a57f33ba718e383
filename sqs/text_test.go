package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
)

// A message's ID and MD5OfBody, kept in its text array, read as
// uuid.UUID.String and the hex MD5 of the body write them.
func TestMessageTextIsTheIDAndTheBodyMD5(t *testing.T) {
	for _, u := range []uuid.UUID{{}, uuid.MustParse("0123abcd-4567-89ef-fedc-ba9876543210"), uuid.NewSHA1(uuid.NameSpaceURL, []byte("x"))} {
		m := &message{body: "the body " + u.String()}
		m.setID(u)
		if m.id() != u.String() {
			t.Fatalf("setID(%v) = %q", u, m.id())
		}
		sum := md5.Sum([]byte(m.body))
		if got := m.bodyMD5(); got != hex.EncodeToString(sum[:]) {
			t.Fatalf("bodyMD5 of %q = %q", m.body, got)
		}
		if m.id() != u.String() {
			t.Fatalf("the MD5 overwrote the ID: %q", m.id())
		}
	}
}

// parseHex8 reads the fields of receipt handles as hex.Decode does: the
// same number from digits of either case, and a refusal of any other
// byte, wherever it is.
func TestParseHex8MatchesEncodingHex(t *testing.T) {
	const alphabet = "0123456789abcdefABCDEFgG:/ \x00\xff"
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		src := make([]byte, 8)
		for i := range src {
			if rng.IntN(16) == 0 {
				src[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				src[i] = alphabet[rng.IntN(22)]
			}
		}
		b := make([]byte, 4)
		_, err := hex.Decode(b, src)
		want := binary.BigEndian.Uint32(b)
		got, ok := parseHex8(string(src))
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("parseHex8(%q) = %x, %v; hex.Decode: %x, %v", src, got, ok, want, err)
		}
	}
}
