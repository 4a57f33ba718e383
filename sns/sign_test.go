package sns

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifySNSMessage checks a delivered JSON document the way the AWS guide
// ("Verifying the signatures of Amazon SNS messages") tells a subscriber
// to, with the standard library only and nothing from this package but the
// certificate's PEM: parse the JSON (which unescapes Message and Subject),
// pick the signed names for the message's Type, write each present one as
// "name\nvalue\n" in byte order, and check the base64 Signature with the
// certificate's public key, SHA1withRSA for SignatureVersion 1 and
// SHA256withRSA for 2. Lambda events spell the certificate key
// SigningCertUrl and give a null Subject when there is none; both forms are
// accepted, as AWS's own validators accept them.
func verifySNSMessage(doc []byte, certPEM []byte) error {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	str := func(name string) (string, bool) {
		v, ok := m[name].(string)
		return v, ok
	}
	typ, _ := str("Type")
	var names []string
	switch typ {
	case "Notification":
		names = []string{"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
	case "SubscriptionConfirmation", "UnsubscribeConfirmation":
		names = []string{"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"}
	default:
		return fmt.Errorf("unknown Type %q", typ)
	}
	var toSign strings.Builder
	for _, name := range names {
		if v, ok := str(name); ok {
			toSign.WriteString(name + "\n" + v + "\n")
		}
	}
	block, _ := pem.Decode(certPEM)
	if block == nil {
		return fmt.Errorf("no PEM block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return err
	}
	sig64, _ := str("Signature")
	sig, err := base64.StdEncoding.DecodeString(sig64)
	if err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	var algo x509.SignatureAlgorithm
	switch v, _ := str("SignatureVersion"); v {
	case "1":
		algo = x509.SHA1WithRSA
	case "2":
		algo = x509.SHA256WithRSA
	default:
		return fmt.Errorf("unknown SignatureVersion %q", v)
	}
	return cert.CheckSignature(algo, []byte(toSign.String()), sig)
}

// signedMessages returns one message of each type, signed with version.
func signedMessages(version string) []*notification {
	at := time.Date(2025, 3, 4, 5, 6, 7, 891e6, time.UTC)
	certURL := signingCertURL("eu-west-1")
	topic := "arn:aws:sns:eu-west-1:000000000000:orders"
	withSubject := &notification{
		Type: typeNotification, MessageID: "2b8a3c1e-8a5f-5f0a-9d6c-0f6e1f6b1a01", TopicARN: topic,
		Subject: "Order <42> & \"more\"", HasSubject: true,
		Message:   "{\"id\":42,\"note\":\"line1\\nline2\"}\nreal newline, tab\t, ünïcödé 😀 </script>",
		Timestamp: at, SignatureVersion: version, SigningCertURL: certURL,
		Attributes: []envelopeAttribute{{Name: "kind", Type: "String", Value: "created"}},
	}
	noSubject := &notification{
		Type: typeNotification, MessageID: "2b8a3c1e-8a5f-5f0a-9d6c-0f6e1f6b1a02", TopicARN: topic,
		Message: "plain", Timestamp: at, SignatureVersion: version, SigningCertURL: certURL,
	}
	token := "2336412f37fb687f5d51e6e2425a8a58"
	subConf := &notification{
		Type: typeSubscriptionConfirmation, MessageID: "2b8a3c1e-8a5f-5f0a-9d6c-0f6e1f6b1a03", Token: token,
		TopicARN: topic, Message: subscriptionConfirmationMessage(topic),
		SubscribeURL: confirmSubscriptionURL("eu-west-1", topic, token),
		Timestamp:    at, SignatureVersion: version, SigningCertURL: certURL,
	}
	sub := topic + ":0f0e0d0c-0b0a-0908-0706-050403020100"
	unsubConf := &notification{
		Type: typeUnsubscribeConfirmation, MessageID: "2b8a3c1e-8a5f-5f0a-9d6c-0f6e1f6b1a04", Token: token,
		TopicARN: topic, Message: unsubscribeConfirmationMessage(sub),
		SubscribeURL: confirmSubscriptionURL("eu-west-1", topic, token),
		Timestamp:    at, SignatureVersion: version, SigningCertURL: certURL,
	}
	out := []*notification{withSubject, noSubject, subConf, unsubConf}
	for _, n := range out {
		n.sign()
	}
	return out
}

// Every message type, signed with either version, verifies with nothing
// but the standard library and the published certificate, exactly as a
// subscriber following AWS's instructions would check it; changing a
// signed field (here the Message) makes verification fail.
func TestSignatureVerifiesAsAWSDocumentsIt(t *testing.T) {
	certPEM := SigningCertificatePEM()
	for _, version := range []string{"1", "2"} {
		for _, n := range signedMessages(version) {
			name := fmt.Sprintf("v%s/%s/subject=%v", version, n.Type, n.HasSubject)
			t.Run(name, func(t *testing.T) {
				doc := n.appendJSON(nil, unsubscribeURL("eu-west-1", n.TopicARN+":sub"))
				require.NoError(t, verifySNSMessage(doc, certPEM), "%s", doc)

				tampered := *n
				tampered.Message += "!"
				err := verifySNSMessage(tampered.appendJSON(nil, ""), certPEM)
				assert.Error(t, err, "a changed Message must not verify")
			})
		}
	}
}

// The Sns record of a Lambda event carries the message's signature, which
// verifies over the same fields (Subject null meaning absent).
func TestLambdaEventSignatureVerifies(t *testing.T) {
	for _, version := range []string{"1", "2"} {
		for _, n := range signedMessages(version)[:2] {
			ev := n.appendLambdaEvent(nil, n.TopicARN+":sub", unsubscribeURL("eu-west-1", n.TopicARN+":sub"))
			var e struct {
				Records []struct{ Sns json.RawMessage }
			}
			require.NoError(t, json.Unmarshal(ev, &e))
			require.Len(t, e.Records, 1)
			assert.NoError(t, verifySNSMessage(e.Records[0].Sns, SigningCertificatePEM()), "v%s subject=%v", version, n.HasSubject)
		}
	}
}

// Changing any signed field, or the signature version the receiver
// assumes, breaks verification; changing what is not signed (the
// UnsubscribeURL, the message attributes) does not.
func TestSignatureCoversExactlyTheSignedFields(t *testing.T) {
	n := signedMessages("2")[0]
	certPEM := SigningCertificatePEM()
	changes := map[string]func(m *notification){
		"Message":   func(m *notification) { m.Message = "other" },
		"MessageId": func(m *notification) { m.MessageID = "other" },
		"Subject":   func(m *notification) { m.Subject = "other" },
		"no Subject": func(m *notification) {
			m.HasSubject = false
		},
		"Timestamp":        func(m *notification) { m.Timestamp = m.Timestamp.Add(time.Millisecond) },
		"TopicArn":         func(m *notification) { m.TopicARN += "x" },
		"SignatureVersion": func(m *notification) { m.SignatureVersion = "1" },
	}
	for name, change := range changes {
		m := *n
		change(&m)
		assert.Error(t, verifySNSMessage(m.appendJSON(nil, ""), certPEM), "changed %s must not verify", name)
	}
	m := *n
	m.Attributes = []envelopeAttribute{{Name: "x", Type: "String", Value: "y"}}
	assert.NoError(t, verifySNSMessage(m.appendJSON(nil, "https://elsewhere"), certPEM), "unsigned fields changed")
}

// The string to sign for the guide's own Notification example is exactly
// the one the guide prints: sorted names, each name and value followed by
// a newline.
func TestStringToSignMatchesGuideExample(t *testing.T) {
	n := &notification{
		Type:      typeNotification,
		MessageID: "4d4dc071-ddbf-465d-bba8-08f81c89da64",
		TopicARN:  "arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P",
		Subject:   "My subject", HasSubject: true,
		Message:   "My Test Message",
		Timestamp: time.Date(2019, 1, 31, 4, 37, 4, 321e6, time.UTC),
	}
	want := "Message\nMy Test Message\n" +
		"MessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\n" +
		"Subject\nMy subject\n" +
		"Timestamp\n2019-01-31T04:37:04.321Z\n" +
		"TopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P\n" +
		"Type\nNotification\n"
	assert.Equal(t, want, string(n.appendStringToSign(nil)))

	c := &notification{
		Type: typeSubscriptionConfirmation, MessageID: "3d891288-136d-417f-bc05-901c108273ee",
		Token: "233", TopicARN: n.TopicARN, Message: "My Test Message",
		SubscribeURL: "https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + n.TopicARN + "&Token=233",
		Timestamp:    time.Date(2019, 1, 31, 19, 25, 13, 719e6, time.UTC),
	}
	want = "Message\nMy Test Message\n" +
		"MessageId\n3d891288-136d-417f-bc05-901c108273ee\n" +
		"SubscribeURL\n" + c.SubscribeURL + "\n" +
		"Timestamp\n2019-01-31T19:25:13.719Z\n" +
		"Token\n233\n" +
		"TopicArn\n" + n.TopicARN + "\n" +
		"Type\nSubscriptionConfirmation\n"
	assert.Equal(t, want, string(c.appendStringToSign(nil)))
}

// The key is fixed and PKCS #1 v1.5 signatures are deterministic, so the
// same message signs to the same bytes every time (package
// documentation, "Determinism"); the two versions differ.
func TestSignatureIsDeterministic(t *testing.T) {
	a, b := signedMessages("1"), signedMessages("1")
	for i := range a {
		assert.Equal(t, a[i].Signature, b[i].Signature)
		assert.Len(t, a[i].Signature, 344, "base64 of a 256-byte RSA-2048 signature")
	}
	assert.NotEqual(t, a[0].Signature, signedMessages("2")[0].Signature)
}

// An unsigned message (FIFO topics) gets no signature.
func TestSignUnsignedClearsSignature(t *testing.T) {
	n := testNotification()
	n.SignatureVersion = ""
	n.sign()
	assert.Empty(t, n.Signature)
}

// SigningCertURL has AWS's shape,
// https://sns.<region>.amazonaws.com/SimpleNotificationService-<32 hex>.pem,
// and names this certificate: same region, same URL.
func TestSigningCertURL(t *testing.T) {
	u := signingCertURL("ap-southeast-2")
	assert.Regexp(t, regexp.MustCompile(`^https://sns\.ap-southeast-2\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem$`), u)
	assert.Equal(t, u, signingCertURL("ap-southeast-2"))
	assert.Equal(t, strings.Replace(u, "ap-southeast-2", "us-east-1", 1), signingCertURL("us-east-1"))
}

// The certificate is the one described in its doc comment, its PEM form
// parses to the same certificate, and callers cannot corrupt the package's
// copy through the returned slice.
func TestSigningCertificate(t *testing.T) {
	cert := SigningCertificate()
	assert.Equal(t, "sns.amazonaws.com", cert.Subject.CommonName)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), cert.NotBefore.UTC())
	assert.Equal(t, time.Date(2125, 1, 1, 0, 0, 0, 0, time.UTC), cert.NotAfter.UTC())
	assert.Equal(t, x509.RSA, cert.PublicKeyAlgorithm)
	require.NoError(t, cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature), "self-signed")

	p := SigningCertificatePEM()
	block, _ := pem.Decode(p)
	require.NotNil(t, block)
	assert.Equal(t, "CERTIFICATE", block.Type)
	assert.True(t, bytes.Equal(block.Bytes, cert.Raw))
	p[0] = 'X'
	assert.Equal(t, byte('-'), SigningCertificatePEM()[0])
}

// BenchmarkSign signs one Notification: the per-publish cost of real
// signatures (an RSA-2048 private-key operation).
func BenchmarkSign(b *testing.B) {
	for _, version := range []string{"1", "2"} {
		b.Run("v"+version, func(b *testing.B) {
			n := testNotification()
			n.Message = strings.Repeat("0123456789", 10)
			n.SignatureVersion = version
			b.ReportAllocs()
			for b.Loop() {
				n.sign()
			}
		})
	}
}
