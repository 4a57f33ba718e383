package sqs

import (
	"crypto/md5"
	"encoding/hex"
	"testing"

	"github.com/google/uuid"
)

// A message's ID and MD5OfBody, kept in its text array, read as
// uuid.UUID.String and the hex MD5 of the body write them.
func TestMessageTextIsTheIDAndTheBodyMD5(t *testing.T) {
	for _, u := range []uuid.UUID{{}, uuid.MustParse("0123abcd-4567-89ef-fedc-ba9876543210"), uuid.NewSHA1(uuid.NameSpaceURL, []byte("x"))} {
		m := &message{body: "the body " + u.String()}
		m.setID(u)
		if m.id != u.String() {
			t.Fatalf("setID(%v) = %q", u, m.id)
		}
		sum := md5.Sum([]byte(m.body))
		if got := m.bodyMD5(); got != hex.EncodeToString(sum[:]) {
			t.Fatalf("bodyMD5 of %q = %q", m.body, got)
		}
		if m.id != u.String() {
			t.Fatalf("the MD5 overwrote the ID: %q", m.id)
		}
	}
}
