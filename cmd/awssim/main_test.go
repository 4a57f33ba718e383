package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun starts the command's own logic on a free loopback port and
// talks to it over a socket, as the AWS CLI or boto3 would.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-port", "0", "-seed", "7", "-start", "2030-05-01T12:00:00Z"}, pw)
		pw.Close()
	}()

	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go func() { _, _ = io.Copy(io.Discard, pr) }() // drain anything else
	m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(line)
	require.NotEmpty(t, m, "first line: %q", line)
	assert.Contains(t, line, "seed 7, virtual time")

	c := &http.Client{Timeout: 10 * time.Second}
	var st clockState
	require.Equal(t, 200, call(t, c, "POST", m+"/_awssim/clock/advance?by=90s", nil, "", &st))
	assert.True(t, time.Date(2030, 5, 1, 12, 1, 30, 0, time.UTC).Equal(st.Now), "%s", st.Now)

	var created struct{ QueueUrl string }
	sqsCall(t, c, m, "CreateQueue", `{"QueueName":"over-the-wire"}`, &created)
	var listed struct{ QueueUrls []string }
	sqsCall(t, c, m, "ListQueues", `{}`, &listed)
	assert.Equal(t, []string{created.QueueUrl}, listed.QueueUrls)

	cancel()
	select {
	case err := <-errc:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-start", "yesterday"},
		{"-port", "x"},
		{"extra"},
	} {
		assert.Error(t, run(context.Background(), args, io.Discard), "%q", args)
	}
	var usage strings.Builder
	assert.NoError(t, run(context.Background(), []string{"-h"}, &usage))
	assert.Contains(t, usage.String(), "-start")
}
