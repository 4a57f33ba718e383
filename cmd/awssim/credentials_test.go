package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signedSQS sends one SQS operation with AWS JSON 1.0, signed with SigV4
// for key and secret at the instant at, and returns the status and body.
func signedSQS(t *testing.T, base, op, body, key, secret string, at time.Time) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AmazonSQS."+op)
	if key != "" {
		stamp, day := at.UTC().Format("20060102T150405Z"), at.UTC().Format("20060102")
		req.Header.Set("X-Amz-Date", stamp)
		sum := sha256.Sum256([]byte(body))
		canonical := strings.Join([]string{
			"POST", "/", "",
			"content-type:application/x-amz-json-1.0", "host:" + req.URL.Host, "x-amz-date:" + stamp, "x-amz-target:AmazonSQS." + op, "",
			"content-type;host;x-amz-date;x-amz-target", hex.EncodeToString(sum[:]),
		}, "\n")
		scope := day + "/us-east-1/sqs/aws4_request"
		creq := sha256.Sum256([]byte(canonical))
		toSign := "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(creq[:])
		mac := func(k []byte, s string) []byte { h := hmac.New(sha256.New, k); h.Write([]byte(s)); return h.Sum(nil) }
		k := mac(mac(mac(mac([]byte("AWS4"+secret), day), "us-east-1"), "sqs"), "aws4_request")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+key+"/"+scope+
			", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="+hex.EncodeToString(mac(k, toSign)))
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestCredentialsFlagRequiresSignedRequestsOfItsKeys(t *testing.T) {
	var creds credentialsFlag
	require.NoError(t, creds.Set("AKIDTEST:s3cret:111111111111"))
	require.NoError(t, creds.Set("AKIDOTHER:other"))
	ts := httptest.NewServer(newApp(config{seed: 1, start: start, creds: creds.keys, account: creds.account}))
	defer ts.Close()

	code, body := signedSQS(t, ts.URL, "ListQueues", `{}`, "", "", start)
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "MissingAuthenticationToken")

	code, body = signedSQS(t, ts.URL, "ListQueues", `{}`, "AKIDTEST", "wrong", start)
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "SignatureDoesNotMatch")

	// Both keys reach the one account, whose ID the flag set.
	code, body = signedSQS(t, ts.URL, "CreateQueue", `{"QueueName":"jobs"}`, "AKIDTEST", "s3cret", start)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, "/111111111111/jobs")
	code, body = signedSQS(t, ts.URL, "ListQueues", `{}`, "AKIDOTHER", "other", start)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, "/111111111111/jobs")
}

func TestCredentialsFlagRefusesMalformedKeys(t *testing.T) {
	for _, v := range []string{"AKID", ":secret", "AKID:", "AKID:s:12345", "AKID:s:1:2"} {
		var c credentialsFlag
		assert.Error(t, c.Set(v), "%q", v)
	}
	var c credentialsFlag
	require.NoError(t, c.Set("A:s:111111111111"))
	assert.Error(t, c.Set("B:s:222222222222"), "a second account")
	assert.Error(t, c.Set("A:t"), "the same key twice")
	assert.Error(t, run(t.Context(), []string{"-credentials", "nope"}, io.Discard))
}
