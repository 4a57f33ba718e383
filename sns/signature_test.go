package sns_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sns"
)

// Signature tests: a subscriber verifies what SNS delivers the way the
// Amazon SNS Developer Guide tells it to ("Verifying the signatures of
// Amazon SNS messages"), with the standard library only: it fetches the
// certificate at SigningCertURL (here from Service.Handler), rebuilds the
// string to sign from the JSON fields, and checks the RSA signature,
// SHA1withRSA for SignatureVersion 1 and SHA256withRSA for 2. The dlv…
// helpers come from delivery_test.go.

// sigHandlerTransport serves every request with an http.Handler, in
// process: a client that fetches SNS's URLs from Service.Handler.
type sigHandlerTransport struct{ h http.Handler }

// RoundTrip serves req with the handler.
func (t sigHandlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// sigSignedNames are the fields the string to sign holds, in byte order of
// their names, by message type. Subject is signed only when present.
var sigSignedNames = map[string][]string{
	"Notification":             {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"},
	"SubscriptionConfirmation": {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"},
	"UnsubscribeConfirmation":  {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"},
}

// sigVerify verifies a delivered message (a JSON envelope, or the Sns
// record of a Lambda event, whose URL keys end in "Url") as the guide's
// steps say: check that the certificate URL is an SNS HTTPS URL, fetch
// the certificate with client, rebuild the string to sign, and verify the
// signature with the certificate's public key and the hash of the
// message's SignatureVersion.
func sigVerify(client *http.Client, doc []byte) error {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return err
	}
	str := func(name string) (string, bool) {
		v, ok := m[name].(string)
		return v, ok
	}
	certURL, ok := str("SigningCertURL")
	if !ok {
		certURL, _ = str("SigningCertUrl")
	}
	u, err := url.Parse(certURL)
	if err != nil || u.Scheme != "https" || !strings.HasPrefix(u.Host, "sns.") || !strings.HasSuffix(u.Host, ".amazonaws.com") {
		return fmt.Errorf("SigningCertURL %q is not an SNS URL", certURL)
	}
	resp, err := client.Get(certURL)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	pemBytes, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetching the certificate: HTTP %d", resp.StatusCode)
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return errors.New("no PEM block at SigningCertURL")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return err
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("the certificate's key is not RSA")
	}

	typ, _ := str("Type")
	names, ok := sigSignedNames[typ]
	if !ok {
		return fmt.Errorf("unknown Type %q", typ)
	}
	var b strings.Builder
	for _, name := range names {
		v, ok := str(name)
		if !ok {
			if name == "Subject" {
				continue // absent or null: not signed
			}
			return fmt.Errorf("signed field %s is missing", name)
		}
		b.WriteString(name + "\n" + v + "\n")
	}
	sigText, _ := str("Signature")
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if err != nil {
		return err
	}
	version, _ := str("SignatureVersion")
	switch version {
	case "1":
		sum := sha1.Sum([]byte(b.String()))
		return rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], sig)
	case "2":
		sum := sha256.Sum256([]byte(b.String()))
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
	}
	return fmt.Errorf("unknown SignatureVersion %q", version)
}

// sigTamper returns doc with the string value of field replaced by value.
func sigTamper(t *testing.T, doc []byte, field, value string) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m[field] = value
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// sigTopicAttrs are the topic attributes for a SignatureVersion: none for
// 1, the default.
func sigTopicAttrs(version string) map[string]string {
	if version == "1" {
		return nil
	}
	return map[string]string{sns.TopicAttributeSignatureVersion: version}
}

// An envelope delivered to an SQS queue verifies with the certificate at
// its SigningCertURL, for SignatureVersion 1 (SHA1withRSA, the default)
// and 2 (SHA256withRSA); changing a signed field breaks the signature
// (guide "Verifying the signatures of Amazon SNS messages").
func TestSQSEnvelopeSignatureVerifiesWithCertificateFromSigningCertURL(t *testing.T) {
	for _, version := range []string{"1", "2"} {
		t.Run("SignatureVersion "+version, func(t *testing.T) {
			e := dlvSetup(t, nil)
			client := &http.Client{Transport: sigHandlerTransport{e.svc.Handler()}}
			topic := e.topic("signed", sigTopicAttrs(version))
			url, arn := e.queue("q", nil)
			e.subscribe(topic, sns.ProtocolSQS, arn, nil)

			e.publish(sns.PublishInput{TopicArn: topic, Message: "caf\u00e9 \"quoted\"\nline two\t\u2028", Subject: "Über <subject> & more",
				MessageAttributes: map[string]sns.MessageAttributeValue{"k": {DataType: "String", StringValue: "v"}}})
			e.publish(sns.PublishInput{TopicArn: topic, Message: "no subject"})
			msgs := e.receive(url)
			require.Len(t, msgs, 2)
			for _, m := range msgs {
				doc := []byte(m.Body)
				assert.Equal(t, version, dlvParse(t, doc).SignatureVersion)
				require.NoError(t, sigVerify(client, doc))
			}

			doc := []byte(msgs[0].Body)
			for _, field := range []string{"Message", "MessageId", "Subject", "Timestamp", "TopicArn"} {
				assert.Error(t, sigVerify(client, sigTamper(t, doc, field, "forged")), "tampered %s", field)
			}
			other := map[string]string{"1": "2", "2": "1"}[version]
			assert.Error(t, sigVerify(client, sigTamper(t, doc, "SignatureVersion", other)), "verified with the other hash")
			// UnsubscribeURL and MessageAttributes are not signed.
			assert.NoError(t, sigVerify(client, sigTamper(t, doc, "UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/x")))
		})
	}
}

// Every message an HTTP endpoint receives (the SubscriptionConfirmation,
// notifications, and the UnsubscribeConfirmation) verifies with the
// certificate at its SigningCertURL, for SignatureVersion 1 and 2; the
// confirmations sign SubscribeURL and Token as well (guide "Verifying the
// signatures of Amazon SNS messages").
func TestHTTPEndpointMessagesVerifyForBothSignatureVersions(t *testing.T) {
	for _, version := range []string{"1", "2"} {
		t.Run("SignatureVersion "+version, func(t *testing.T) {
			e := dlvSetup(t, nil)
			client := &http.Client{Transport: sigHandlerTransport{e.svc.Handler()}}
			topic := e.topic("signed", sigTopicAttrs(version))
			endpoint := "https://hooks.example.com/verify"
			sub := e.subscribe(topic, sns.ProtocolHTTPS, endpoint, nil)
			e.publish(sns.PublishInput{TopicArn: topic, Message: `{"json":"body","n":1}`, Subject: "With subject"})
			e.publish(sns.PublishInput{TopicArn: topic, Message: "plain"})
			_, err := e.svc.Unsubscribe(e.ctx, &sns.UnsubscribeInput{SubscriptionArn: sub})
			require.NoError(t, err)

			reqs := e.web.requests("", endpoint)
			var types []string
			for _, r := range reqs {
				types = append(types, r.Type())
				assert.Equal(t, version, dlvParse(t, r.Body).SignatureVersion)
				require.NoError(t, sigVerify(client, r.Body), "%s", r.Body)
			}
			assert.Equal(t, []string{"SubscriptionConfirmation", "Notification", "Notification", "UnsubscribeConfirmation"}, types)

			confirmation := reqs[0].Body
			assert.Error(t, sigVerify(client, sigTamper(t, confirmation, "Token", "forged")))
			assert.Error(t, sigVerify(client, sigTamper(t, confirmation, "SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")))
		})
	}
}

// The Sns record of a Lambda event carries the message's signature and
// verifies the same way, its URL keys spelled SigningCertUrl and
// UnsubscribeUrl and its Subject null when none was published
// (AWS Lambda Developer Guide: "Using Lambda with Amazon SNS", its
// example event).
func TestLambdaEventRecordSignatureVerifies(t *testing.T) {
	for _, version := range []string{"1", "2"} {
		t.Run("SignatureVersion "+version, func(t *testing.T) {
			e := dlvSetup(t, nil)
			client := &http.Client{Transport: sigHandlerTransport{e.svc.Handler()}}
			topic := e.topic("signed", sigTopicAttrs(version))
			fnARN, rec := e.function("verifier")
			e.subscribe(topic, sns.ProtocolLambda, fnARN, nil)
			e.publish(sns.PublishInput{TopicArn: topic, Message: "to lambda", Subject: "S"})
			e.publish(sns.PublishInput{TopicArn: topic, Message: "no subject"})
			e.clk.Advance(0)

			got := rec.got()
			require.Len(t, got, 2)
			for _, p := range got {
				var ev struct {
					Records []struct{ Sns json.RawMessage }
				}
				require.NoError(t, json.Unmarshal(p, &ev))
				require.Len(t, ev.Records, 1)
				require.NoError(t, sigVerify(client, ev.Records[0].Sns), "%s", p)
			}
		})
	}
}

// The certificate served at SigningCertURL is the one SigningCertificate
// returns, and Service.Handler serves no other certificate file.
func TestSigningCertURLServesTheSigningCertificate(t *testing.T) {
	e := dlvSetup(t, nil)
	client := &http.Client{Transport: sigHandlerTransport{e.svc.Handler()}}
	topic := e.topic("t", nil)
	url, arn := e.queue("q", nil)
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "m"})
	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	certURL := dlvParse(t, []byte(msgs[0].Body)).SigningCertURL

	resp, err := client.Get(certURL)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	block, _ := pem.Decode(body)
	require.NotNil(t, block)
	assert.Equal(t, sns.SigningCertificate().Raw, block.Bytes)

	resp, err = client.Get("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-00000000000000000000000000000000.pem")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// Messages of FIFO topics are delivered unsigned: no SignatureVersion,
// Signature or SigningCertURL, as LocalStack's recordings of AWS show
// (tests/aws/services/sns/test_sns.snapshot.json, test_message_to_fifo_sqs;
// no AWS page says so, nor whether it holds for every endpoint).
func TestFIFOTopicDeliveriesCarryNoSignature(t *testing.T) {
	e := dlvSetup(t, nil)
	topic := e.topic("orders.fifo", map[string]string{sns.TopicAttributeFifoTopic: "true", sns.TopicAttributeContentBasedDeduplication: "true"})
	url, arn := e.queue("orders.fifo", map[string]string{"FifoQueue": "true"})
	e.subscribe(topic, sns.ProtocolSQS, arn, nil)
	e.publish(sns.PublishInput{TopicArn: topic, Message: "m", MessageGroupId: "g"})

	msgs := e.receive(url)
	require.Len(t, msgs, 1)
	keys := dlvKeys(t, []byte(msgs[0].Body))
	assert.Contains(t, keys, "SequenceNumber")
	assert.NotContains(t, keys, "SignatureVersion")
	assert.NotContains(t, keys, "Signature")
	assert.NotContains(t, keys, "SigningCertURL")
}
