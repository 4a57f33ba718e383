package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/awssim/awssim/internal/awserr"
)

// Credentials are an access key that the server accepts when
// [WithCredentials] makes it require signed requests: the access key ID and
// secret access key a client signs with, the session token of temporary
// credentials, and the account whose services the key's requests reach.
type Credentials struct {
	// AccessKeyID names the key, as in the Credential of a signature
	// ("AKIAIOSFODNN7EXAMPLE").
	AccessKeyID string
	// SecretAccessKey is the secret the client signs with.
	SecretAccessKey string
	// SessionToken, when set, must come with every request of the key
	// (X-Amz-Security-Token), as temporary credentials' tokens do; when
	// empty, a request of the key must carry none.
	SessionToken string
	// AccountID is the 12-digit ID of the account whose services the
	// key's requests reach; empty, the account of the first service given
	// to [New].
	AccountID string
}

// WithCredentials makes the server require AWS Signature Version 4 on every
// request, with one of the access keys given (the option may be given
// several times), and routes each request to the services of its key's
// account. Signatures are accepted in the Authorization header and in the
// query string (a presigned URL), as the AWS SDKs, botocore and the AWS CLI
// write them; the request's time stamp must be within 15 minutes of the
// clock of the key's account. Refused requests get AWS's errors:
// MissingAuthenticationToken without a signature, InvalidClientTokenId for
// an unknown key or a wrong session token, SignatureDoesNotMatch for a
// wrong signature or a stale time stamp, IncompleteSignature for a
// malformed one.
//
// Without this option the server accepts any request, signed or not, and
// checks no signature. It panics when a key has no ID or secret, or is
// given twice.
func WithCredentials(creds ...Credentials) Option {
	for _, k := range creds {
		if k.AccessKeyID == "" || k.SecretAccessKey == "" {
			panic("server.WithCredentials: an access key needs an AccessKeyID and a SecretAccessKey")
		}
	}
	return func(c *config) {
		for _, k := range creds {
			if slices.ContainsFunc(c.creds, func(o Credentials) bool { return o.AccessKeyID == k.AccessKeyID }) {
				panic("server.WithCredentials: access key " + k.AccessKeyID + " given twice")
			}
			c.creds = append(c.creds, k)
		}
	}
}

// Errors of authentication, as AWS's front end writes them.
var (
	errMissingAuthenticationToken = awserr.New("MissingAuthenticationToken", http.StatusForbidden)
	errInvalidClientTokenID       = awserr.New("InvalidClientTokenId", http.StatusForbidden)
	errSignatureDoesNotMatch      = awserr.New("SignatureDoesNotMatch", http.StatusForbidden)
	errIncompleteSignature        = awserr.New("IncompleteSignature", http.StatusBadRequest)
)

const (
	// sigV4Algorithm is the one signing algorithm the server verifies.
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	// sigV4Stamp is the layout of X-Amz-Date: ISO 8601 basic format.
	sigV4Stamp = "20060102T150405Z"
	// signatureWindow is how far a request's time stamp may be from the
	// service's clock, either way.
	signatureWindow = 15 * time.Minute
	// unsignedPayload stands for the payload's hash when the client does
	// not sign the body.
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// sigV4 is a request's signature as the client wrote it.
type sigV4 struct {
	accessKeyID string
	// scope is date/region/service/aws4_request, and its parts.
	scope                             string
	date, region, service, terminator string
	signedHeaders                     string
	signature                         string
	stamp                             string // X-Amz-Date, or the Date header
	token                             string // X-Amz-Security-Token
	presigned                         bool
}

// authenticate verifies the signature of a request for service ("sqs",
// "sns") whose body is body, and returns the account its key reaches.
// Without credentials every request reaches the default account.
func (s *Server) authenticate(r *http.Request, body []byte, service string) (*account, error) {
	if s.keys == nil {
		return s.def, nil
	}
	sig, err := readSignature(r)
	if err != nil {
		return nil, err
	}
	key, ok := s.keys[sig.accessKeyID]
	if !ok || sig.token != key.SessionToken {
		return nil, errInvalidClientTokenID.With("The security token included in the request is invalid.")
	}
	acct := s.accounts[key.AccountID]
	when, err := time.Parse(sigV4Stamp, sig.stamp)
	if err != nil {
		if when, err = http.ParseTime(sig.stamp); err != nil {
			return nil, errIncompleteSignature.With("Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", sig.stamp)
		}
	}
	stamp := when.UTC().Format(sigV4Stamp)
	switch {
	case sig.date != stamp[:8]:
		return nil, errSignatureDoesNotMatch.With("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", sig.date, stamp[:8], sig.stamp)
	case sig.region != acct.region:
		return nil, errSignatureDoesNotMatch.With("Credential should be scoped to a valid region, not '%s'.", sig.region)
	case sig.service != service:
		return nil, errSignatureDoesNotMatch.With("Credential should be scoped to correct service: '%s'.", service)
	case sig.terminator != "aws4_request":
		return nil, errSignatureDoesNotMatch.With("Credential should be scoped with a valid terminator: 'aws4_request', not '%s'.", sig.terminator)
	}
	now := acct.clock.Now().UTC()
	if when.Before(now.Add(-signatureWindow)) {
		return nil, errSignatureDoesNotMatch.With("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			stamp, now.Add(-signatureWindow).Format(sigV4Stamp), now.Format(sigV4Stamp))
	}
	if when.After(now.Add(signatureWindow)) {
		return nil, errSignatureDoesNotMatch.With("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			stamp, now.Add(signatureWindow).Format(sigV4Stamp), now.Format(sigV4Stamp))
	}
	canonical := canonicalRequest(r, body, sig)
	toSign := stringToSign(sig.stamp, sig.scope, canonical)
	want := hmacSHA256(key.signingKey(&sig), toSign)
	got, err := hex.DecodeString(sig.signature)
	if err != nil || !hmac.Equal(got, want) {
		return nil, errSignatureDoesNotMatch.With("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'%s'\n\nThe String-to-Sign should have been\n'%s'\n", canonical, toSign)
	}
	return acct, nil
}

// readSignature reads a request's signature from its Authorization header
// or, for a presigned URL, its query string.
func readSignature(r *http.Request) (sigV4, error) {
	var sig sigV4
	var credential string
	var missing []string
	if auth := r.Header.Get("Authorization"); auth != "" {
		algorithm, params, _ := strings.Cut(auth, " ")
		if algorithm != sigV4Algorithm {
			return sig, errIncompleteSignature.With("Unsupported AWS 'algorithm': '%s'; the server verifies %s (Signature Version 4).", algorithm, sigV4Algorithm)
		}
		for p := range strings.SplitSeq(params, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
			switch name {
			case "Credential":
				credential = value
			case "SignedHeaders":
				sig.signedHeaders = value
			case "Signature":
				sig.signature = value
			}
		}
		sig.stamp = r.Header.Get("X-Amz-Date")
		if sig.stamp == "" {
			sig.stamp = r.Header.Get("Date")
		}
		sig.token = r.Header.Get("X-Amz-Security-Token")
		for _, p := range [][2]string{{"Credential", credential}, {"Signature", sig.signature}, {"SignedHeaders", sig.signedHeaders}} {
			if p[1] == "" {
				missing = append(missing, "Authorization header requires '"+p[0]+"' parameter.")
			}
		}
		if sig.stamp == "" {
			missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
		}
	} else {
		q := r.URL.Query()
		if !q.Has("X-Amz-Algorithm") && !q.Has("X-Amz-Signature") && !q.Has("X-Amz-Credential") {
			return sig, errMissingAuthenticationToken.With("Request is missing Authentication Token")
		}
		if a := q.Get("X-Amz-Algorithm"); a != sigV4Algorithm {
			return sig, errIncompleteSignature.With("Unsupported AWS 'algorithm': '%s'; the server verifies %s (Signature Version 4).", a, sigV4Algorithm)
		}
		sig.presigned = true
		credential, sig.signedHeaders, sig.signature = q.Get("X-Amz-Credential"), q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature")
		sig.stamp, sig.token = q.Get("X-Amz-Date"), q.Get("X-Amz-Security-Token")
		for _, p := range [][2]string{{"X-Amz-Credential", credential}, {"X-Amz-Signature", sig.signature}, {"X-Amz-SignedHeaders", sig.signedHeaders}, {"X-Amz-Date", sig.stamp}} {
			if p[1] == "" {
				missing = append(missing, "AWS query-string parameters must include '"+p[0]+"'.")
			}
		}
	}
	if len(missing) > 0 {
		return sig, errIncompleteSignature.With("%s", strings.Join(missing, " "))
	}
	parts := strings.Split(credential, "/")
	if len(parts) != 5 {
		return sig, errIncompleteSignature.With("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", credential)
	}
	sig.accessKeyID = parts[0]
	sig.date, sig.region, sig.service, sig.terminator = parts[1], parts[2], parts[3], parts[4]
	sig.scope = credential[len(parts[0])+1:]
	return sig, nil
}

// canonicalRequest is the canonical form of a request that Signature
// Version 4 signs: method, URI path (each segment encoded twice, as for
// every service but S3), sorted query, the signed headers with their
// values, their names, and the payload's hash.
func canonicalRequest(r *http.Request, body []byte, sig sigV4) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	b.WriteString(uriEncode(path, false))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery, sig.presigned))
	b.WriteByte('\n')
	for name := range strings.SplitSeq(sig.signedHeaders, ";") {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(canonicalHeader(r, name))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(sig.signedHeaders)
	b.WriteByte('\n')
	if r.Header.Get("X-Amz-Content-Sha256") == unsignedPayload {
		b.WriteString(unsignedPayload)
	} else {
		sum := sha256.Sum256(body)
		b.WriteString(hex.EncodeToString(sum[:]))
	}
	return b.String()
}

// canonicalQuery is the query string with names and values encoded and
// sorted, less the signature itself for a presigned URL.
func canonicalQuery(raw string, presigned bool) string {
	if raw == "" {
		return ""
	}
	v, _ := url.ParseQuery(raw)
	var pairs [][2]string
	for name, values := range v {
		if presigned && name == "X-Amz-Signature" {
			continue
		}
		for _, value := range values {
			pairs = append(pairs, [2]string{uriEncode(name, true), uriEncode(value, true)})
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(p[1])
	}
	return b.String()
}

// canonicalHeader is the value of a signed header: its values trimmed,
// runs of spaces folded to one, joined with commas. Host and
// Content-Length, which net/http moves out of the header map, come from
// the request's fields.
func canonicalHeader(r *http.Request, name string) string {
	var values []string
	switch name {
	case "host":
		values = []string{r.Host}
	case "content-length":
		values = r.Header.Values(name)
		if len(values) == 0 && r.ContentLength >= 0 {
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		values = r.Header.Values(name)
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}

// stringToSign is what the signature is the HMAC of.
func stringToSign(stamp, scope, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return sigV4Algorithm + "\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
}

// signature is the HMAC-SHA256 of toSign with the key derived from the
// secret for one day, region and service.
func signature(secret, date, region, service, toSign string) []byte {
	return hmacSHA256(signingKey(secret, date, region, service), toSign)
}

// signingKey is the key derived from a secret for one day, region and
// service.
func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "aws4_request")
}

// accessKey is a configured access key and the signing key last derived
// from its secret, which a client uses all day for one region and
// service.
type accessKey struct {
	Credentials
	derived atomic.Pointer[derivedKey]
}

// derivedKey is a signing key and the credential scope it is for.
type derivedKey struct {
	scope string
	key   []byte
}

// signingKey returns the key's signing key for a credential scope,
// deriving it when the scope is not the last one's.
func (k *accessKey) signingKey(sig *sigV4) []byte {
	if d := k.derived.Load(); d != nil && d.scope == sig.scope {
		return d.key
	}
	d := &derivedKey{scope: sig.scope, key: signingKey(k.SecretAccessKey, sig.date, sig.region, sig.service)}
	k.derived.Store(d)
	return d.key
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// uriEncode percent-encodes every byte of s but RFC 3986's unreserved
// characters (and '/' unless encodeSlash), in upper-case hex, as
// Signature Version 4 does.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~', c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}
