package sns

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"sync"
)

// Every message the simulator delivers is signed the way SNS signs its
// messages: an RSA PKCS #1 v1.5 signature, SHA1withRSA for
// SignatureVersion "1" and SHA256withRSA for "2", over a canonical string
// built from the message's fields. The key is fixed and ships with the
// package, so a signature depends only on the message, and the same calls
// give the same bytes on every run. The matching self-signed certificate
// (CN sns.amazonaws.com, valid 2025-01-01 to 2125-01-01) is what
// [SigningCertificate] returns; AWS's own certificates are of course not
// available, so code under test that pins Amazon's certificate chain must
// be told to trust this one instead.

// signingKeyPEM is the PKCS #8 RSA-2048 private key that signs messages.
// It is public on purpose: it protects nothing, it only makes signatures
// real enough to verify.
//
//go:embed signing_key.pem
var signingKeyPEM []byte

// signingCertPEM is the self-signed X.509 certificate of signingKeyPEM.
//
//go:embed signing_cert.pem
var signingCertPEM []byte

// signer holds the parsed key material, built on first use.
type signer struct {
	key     *rsa.PrivateKey
	cert    *x509.Certificate
	certTag string // the hex part of the SigningCertURL file name
}

// loadSigner parses the embedded key and certificate once. A failure is a
// broken build (the files are part of the package), so it panics.
var loadSigner = sync.OnceValue(func() *signer {
	kb, _ := pem.Decode(signingKeyPEM)
	if kb == nil {
		panic("sns: signing_key.pem holds no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		panic("sns: signing_key.pem: " + err.Error())
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		panic("sns: signing_key.pem is not an RSA key")
	}
	key.Precompute()
	cb, _ := pem.Decode(signingCertPEM)
	if cb == nil {
		panic("sns: signing_cert.pem holds no PEM block")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		panic("sns: signing_cert.pem: " + err.Error())
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		panic("sns: signing_cert.pem does not match signing_key.pem")
	}
	sum := sha256.Sum256(cert.Raw)
	return &signer{key: key, cert: cert, certTag: hex.EncodeToString(sum[:16])}
})

// SigningCertificate returns the X.509 certificate whose public key
// verifies the Signature of every message the simulator delivers: HTTP/S
// and email-json bodies, SQS envelopes and the Sns record of Lambda
// events. It is self-signed (CN sns.amazonaws.com) and valid from
// 2025-01-01 to 2125-01-01. Every message's SigningCertURL names this
// certificate; a test that fetches certificates by URL should serve
// [SigningCertificatePEM] for it. The result is shared: do not modify it.
func SigningCertificate() *x509.Certificate { return loadSigner().cert }

// SigningCertificatePEM returns the PEM encoding of [SigningCertificate],
// as AWS serves it at a message's SigningCertURL. The caller may modify
// the returned slice.
func SigningCertificatePEM() []byte {
	return append([]byte(nil), signingCertPEM...)
}

// signingCertURL returns the SigningCertURL that messages delivered in
// region carry: https://sns.<region>.amazonaws.com/SimpleNotificationService-<hash>.pem,
// where hash, 32 hex digits, is the first 16 bytes of the SHA-256 of the
// certificate's DER encoding (AWS's own file names are 32 hex digits too).
func signingCertURL(region string) string {
	return "https://sns." + region + ".amazonaws.com/SimpleNotificationService-" + loadSigner().certTag + ".pem"
}

// sign sets n.Signature: the base64 RSA signature, with the package's fixed
// key, of the string to sign for n.Type (see [notification.appendStringToSign]),
// hashed with SHA-1 for SignatureVersion "1" and SHA-256 for "2". With
// SignatureVersion "" the message is delivered unsigned and sign clears
// Signature. It runs once per published message (about a millisecond for
// RSA-2048), never once per subscriber: the fields it covers are the same
// for every subscription.
func (n *notification) sign() {
	var h crypto.Hash
	switch n.SignatureVersion {
	case "":
		n.Signature = ""
		return
	case "1":
		h = crypto.SHA1
	case "2":
		h = crypto.SHA256
	default:
		panic("sns: notification.sign: unknown SignatureVersion " + n.SignatureVersion)
	}
	var buf [1024]byte
	msg := n.appendStringToSign(buf[:0])
	var digest []byte
	if h == crypto.SHA1 {
		s := sha1.Sum(msg)
		digest = s[:]
	} else {
		s := sha256.Sum256(msg)
		digest = s[:]
	}
	// PKCS #1 v1.5 signing is deterministic and draws no randomness; the
	// reader argument is ignored.
	sig, err := rsa.SignPKCS1v15(nil, loadSigner().key, h, digest)
	if err != nil {
		panic("sns: signing a message: " + err.Error())
	}
	n.Signature = base64.StdEncoding.EncodeToString(sig)
}

// appendStringToSign appends the canonical string AWS signs for n.Type
// (Amazon SNS Developer Guide, "Verifying the signatures of Amazon SNS
// messages"): name-value pairs in byte order of the names, each written as
// the name, a newline, the value and a newline. A Notification has
// Message, MessageId, Subject (only when one was published), Timestamp,
// TopicArn and Type; a SubscriptionConfirmation or UnsubscribeConfirmation
// has Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn and
// Type. Values are the raw strings, before JSON escaping. SequenceNumber,
// MessageAttributes and UnsubscribeURL are not signed.
func (n *notification) appendStringToSign(b []byte) []byte {
	pair := func(b []byte, name, value string) []byte {
		b = append(b, name...)
		b = append(b, '\n')
		b = append(b, value...)
		return append(b, '\n')
	}
	b = pair(b, "Message", n.Message)
	b = pair(b, "MessageId", n.MessageID)
	if n.Type == typeNotification {
		if n.HasSubject {
			b = pair(b, "Subject", n.Subject)
		}
	} else {
		b = pair(b, "SubscribeURL", n.SubscribeURL)
	}
	b = append(b, "Timestamp\n"...)
	b = appendTimestamp(b, n.Timestamp)
	b = append(b, '\n')
	if n.Type != typeNotification {
		b = pair(b, "Token", n.Token)
	}
	b = pair(b, "TopicArn", n.TopicARN)
	return pair(b, "Type", n.Type)
}
