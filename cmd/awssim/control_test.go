package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// call sends a request to base+path and decodes the JSON answer into out.
func call(t *testing.T, c *http.Client, method, url string, header http.Header, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if out != nil {
		require.NoError(t, json.Unmarshal(b, out), "body: %s", b)
	}
	return res.StatusCode
}

// sqsCall sends one SQS operation with the AWS JSON 1.0 protocol.
func sqsCall(t *testing.T, c *http.Client, base, op, body string, out any) {
	t.Helper()
	h := http.Header{
		"X-Amz-Target": {"AmazonSQS." + op},
		"Content-Type": {"application/x-amz-json-1.0"},
	}
	status := call(t, c, http.MethodPost, base+"/", h, body, out)
	require.Equal(t, http.StatusOK, status, "%s", op)
}

func TestControlAdvanceMovesTheClock(t *testing.T) {
	ts := httptest.NewServer(newApp(config{seed: 1, start: start}))
	defer ts.Close()
	c := ts.Client()

	var st clockState
	require.Equal(t, 200, call(t, c, "GET", ts.URL+"/_awssim/clock", nil, "", &st))
	assert.Equal(t, "virtual", st.Mode)
	assert.True(t, start.Equal(st.Now), "%s", st.Now)

	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/advance?by=30s", nil, "", &st))
	assert.True(t, start.Add(30*time.Second).Equal(st.Now), "%s", st.Now)

	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/advance", nil, `{"duration":"1m"}`, &st))
	assert.True(t, start.Add(90*time.Second).Equal(st.Now), "%s", st.Now)

	to := start.Add(time.Hour)
	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/advance-to", nil, `{"time":"`+to.Format(time.RFC3339)+`"}`, &st))
	assert.True(t, to.Equal(st.Now), "%s", st.Now)

	var e struct{ Error string }
	assert.Equal(t, 400, call(t, c, "POST", ts.URL+"/_awssim/clock/advance-to?time=2025-01-01T00:00:00Z", nil, "", &e))
	assert.Contains(t, e.Error, "never goes back")
	assert.Equal(t, 400, call(t, c, "POST", ts.URL+"/_awssim/clock/advance?by=-1s", nil, "", &e))
	assert.Equal(t, 400, call(t, c, "POST", ts.URL+"/_awssim/clock/advance?by=soon", nil, "", &e))
	assert.Equal(t, 405, call(t, c, "GET", ts.URL+"/_awssim/clock/advance", nil, "", &e))
	assert.Equal(t, 404, call(t, c, "GET", ts.URL+"/_awssim/nothing", nil, "", &e))

	var next struct {
		Advanced bool
		clockState
	}
	// The services publish their metrics to CloudWatch, which collects
	// them at the end of every minute: the next event.
	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/next", nil, "", &next))
	assert.True(t, next.Advanced, "CloudWatch collects every minute")
	assert.True(t, to.Add(time.Minute).Equal(next.Now), "%s", next.Now)
}

func TestControlDelayedMessageNeedsAnAdvance(t *testing.T) {
	ts := httptest.NewServer(newApp(config{seed: 1, start: start}))
	defer ts.Close()
	c := ts.Client()

	var created struct{ QueueUrl string }
	sqsCall(t, c, ts.URL, "CreateQueue", `{"QueueName":"jobs"}`, &created)
	sqsCall(t, c, ts.URL, "SendMessage", `{"QueueUrl":"`+created.QueueUrl+`","MessageBody":"hello","DelaySeconds":30}`, nil)

	type received struct{ Messages []struct{ Body string } }
	receive := `{"QueueUrl":"` + created.QueueUrl + `"}`
	var got received
	sqsCall(t, c, ts.URL, "ReceiveMessage", receive, &got)
	assert.Empty(t, got.Messages, "delayed for 30s")

	var qs struct{ Queues []queueState }
	require.Equal(t, 200, call(t, c, "GET", ts.URL+"/_awssim/sqs/queues", nil, "", &qs))
	require.Len(t, qs.Queues, 1)
	assert.Equal(t, "jobs", qs.Queues[0].Name)
	assert.Equal(t, 1, qs.Queues[0].Delayed)

	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/advance?by=29s", nil, "", nil))
	sqsCall(t, c, ts.URL, "ReceiveMessage", receive, &got)
	assert.Empty(t, got.Messages, "still delayed after 29s")

	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/advance?by=1s", nil, "", nil))
	sqsCall(t, c, ts.URL, "ReceiveMessage", receive, &got)
	require.Len(t, got.Messages, 1)
	assert.Equal(t, "hello", got.Messages[0].Body)

	// A reset starts over: no queues, the start time again.
	var st clockState
	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/reset", nil, "", &st))
	assert.True(t, start.Equal(st.Now))
	require.Equal(t, 200, call(t, c, "GET", ts.URL+"/_awssim/sqs/queues", nil, "", &qs))
	assert.Empty(t, qs.Queues)
}

func TestControlLongPollReturnsOnAdvance(t *testing.T) {
	a := newApp(config{seed: 1, start: start})
	ts := httptest.NewServer(a)
	defer ts.Close()
	c := ts.Client()

	var created struct{ QueueUrl string }
	sqsCall(t, c, ts.URL, "CreateQueue", `{"QueueName":"jobs"}`, &created)

	// The poll runs on its own goroutine, which must not call t.FailNow:
	// it hands back what it got and the test goroutine checks it.
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("POST", ts.URL+"/", bytes.NewBufferString(`{"QueueUrl":"`+created.QueueUrl+`","WaitTimeSeconds":20}`))
		req.Header.Set("X-Amz-Target", "AmazonSQS.ReceiveMessage")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		res, err := c.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer res.Body.Close()
		var got struct{ Messages []struct{ Body string } }
		err = json.NewDecoder(res.Body).Decode(&got)
		done <- result{len(got.Messages), err}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, a.current().virtual.BlockUntil(ctx, 1))

	var next struct {
		Advanced bool
		clockState
	}
	require.Equal(t, 200, call(t, c, "POST", ts.URL+"/_awssim/clock/next", nil, "", &next))
	assert.True(t, next.Advanced)
	assert.True(t, start.Add(20*time.Second).Equal(next.Now), "%s", next.Now)
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Zero(t, r.n, "no message came")
	case <-ctx.Done():
		t.Fatal("the long poll did not return after the clock passed its wait")
	}
}

func TestControlRealClock(t *testing.T) {
	ts := httptest.NewServer(newApp(config{seed: 1, start: start, real: true}))
	defer ts.Close()
	var st clockState
	require.Equal(t, 200, call(t, ts.Client(), "GET", ts.URL+"/_awssim/clock", nil, "", &st))
	assert.Equal(t, "real", st.Mode)
	var e struct{ Error string }
	assert.Equal(t, 409, call(t, ts.Client(), "POST", ts.URL+"/_awssim/clock/advance?by=1s", nil, "", &e))
	assert.Contains(t, e.Error, "real clock")
}
