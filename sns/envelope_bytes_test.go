package sns

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/golden"
)

// randomText returns a string of up to max bytes that mixes plain ASCII
// with what the JSON escaper treats apart: quotes, backslashes, every
// kind of control character, DEL, non-ASCII characters of each length,
// line separators and invalid UTF-8, in runs long and short, so that
// special bytes fall at every place of the eight-byte words.
func randomText(rng *rand.Rand, max int) string {
	pieces := []string{`"`, `\`, "\n", "\t", "\r", "\b", "\f", "\x00", "\x01", "\x1f", "\x7f", "/", "<", "&",
		"é", "€", "😀", "\u2028", "\uFFFD", "\xff", "\xc3", "\xed\xa0\x80", `{"k":"v"}`}
	var b strings.Builder
	n := rng.IntN(max + 1)
	for b.Len() < n {
		switch rng.IntN(6) {
		case 0:
			b.WriteString(pieces[rng.IntN(len(pieces))])
		case 1:
			b.WriteString(strings.Repeat("abcdefgh", rng.IntN(4)))
		default:
			b.WriteByte(byte(0x20 + rng.IntN(0x5f)))
		}
	}
	return b.String()
}

// randomNotification returns a Notification or a confirmation with random
// content in every field that a delivery renders.
func randomNotification(rng *rand.Rand) *notification {
	n := &notification{
		Type:      []string{typeNotification, typeNotification, typeSubscriptionConfirmation, typeUnsubscribeConfirmation}[rng.IntN(4)],
		MessageID: randomText(rng, 40),
		TopicARN:  "arn:aws:sns:us-east-1:000000000000:" + randomText(rng, 30),
		Message:   randomText(rng, 300),
		Timestamp: time.Date(2000+rng.IntN(50), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), time.UTC),
	}
	if n.Type == typeNotification {
		if rng.IntN(2) == 0 {
			n.Subject, n.HasSubject = randomText(rng, 99), true
		}
		if rng.IntN(3) == 0 {
			n.SequenceNumber = fmt.Sprint(10000000000000000000 + rng.Uint64N(1e18))
		}
		for range rng.IntN(5) {
			t := []string{"String", "Number", "Binary", "String.Array", "Number.int", "String.x"}[rng.IntN(6)]
			n.Attributes = append(n.Attributes, envelopeAttribute{Name: randomText(rng, 20), Type: t, Value: randomText(rng, 60)})
		}
	} else {
		n.Token = randomText(rng, 64)
		n.SubscribeURL = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=" + randomText(rng, 64)
	}
	if rng.IntN(3) > 0 {
		n.SignatureVersion = []string{"1", "2"}[rng.IntN(2)]
		n.Signature = randomText(rng, 344)
		n.SigningCertURL = randomText(rng, 100)
	}
	return n
}

// The JSON envelope and the Lambda event of random notifications keep
// their bytes: the golden file holds the SHA-256 of each rendering, made
// by the encoder as it was when this test was written, so that a faster
// encoder cannot change a byte of what subscribers receive.
func TestEnvelopeBytesArePinned(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2026))
	var out strings.Builder
	for i := range 400 {
		n := randomNotification(rng)
		subARN, unsubURL := randomText(rng, 80), randomText(rng, 150)
		fmt.Fprintf(&out, "%03d json   %x\n", i, sha256.Sum256(n.appendJSON(nil, unsubURL)))
		fmt.Fprintf(&out, "%03d lambda %x\n", i, sha256.Sum256(n.appendLambdaEvent(nil, subARN, unsubURL)))
	}
	golden.Check(t, "envelope-bytes.golden", []byte(out.String()))
}

// appendJSONString escapes as the rules of TestAppendJSONStringEscaping
// say, read one character at a time, on random strings: quotes,
// backslashes and control characters escaped, everything else literal,
// each byte of invalid UTF-8 replaced by U+FFFD.
func TestAppendJSONStringMatchesTheEscapingRules(t *testing.T) {
	rule := func(s string) string {
		var b strings.Builder
		b.WriteByte('"')
		for len(s) > 0 {
			r, size := utf8.DecodeRuneInString(s)
			s = s[size:]
			switch {
			case r == '"' || r == '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case r == '\b':
				b.WriteString(`\b`)
			case r == '\t':
				b.WriteString(`\t`)
			case r == '\n':
				b.WriteString(`\n`)
			case r == '\f':
				b.WriteString(`\f`)
			case r == '\r':
				b.WriteString(`\r`)
			case r < 0x20:
				fmt.Fprintf(&b, `\u%04X`, r)
			default:
				b.WriteRune(r) // U+FFFD for an invalid byte
			}
		}
		b.WriteByte('"')
		return b.String()
	}
	rng := rand.New(rand.NewPCG(8, 8))
	for range 50000 {
		s := randomText(rng, 40)
		if got, want := string(appendJSONString(nil, s)), rule(s); got != want {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// The deliveries of one Notification to many subscriptions each get the
// envelope appendJSON renders for their own UnsubscribeURL, though only
// the first is rendered whole and the others copy it but for that value.
func TestFanoutEnvelopesAreEachSubscriptionsOwn(t *testing.T) {
	svc := New(WithoutSignatures())
	rng := rand.New(rand.NewPCG(16, 2026))
	for range 200 {
		n := randomNotification(rng)
		n.Type, n.Token, n.SubscribeURL = typeNotification, "", ""
		for k := range 1 + rng.IntN(6) {
			d := &delivery{protocol: ProtocolSQS, note: n, unsubURL: randomText(rng, 150)}
			svc.mu.Lock()
			got := svc.payload(d)
			svc.mu.Unlock()
			if want := string(n.appendJSON(nil, d.unsubURL)); got != want {
				t.Fatalf("delivery %d of a notification:\n got %s\nwant %s", k, got, want)
			}
		}
	}
}
