package main

import (
	"bytes"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestTimelineIsIdenticalOnEveryRun runs the story twice and compares both
// runs with the golden timeline: same seed, same calls, same clock moves,
// same output, byte for byte.
func TestTimelineIsIdenticalOnEveryRun(t *testing.T) {
	var first, second bytes.Buffer
	if err := run(&first); err != nil {
		t.Fatal(err)
	}
	if err := run(&second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("two runs differ:\n%s\n---\n%s", first.String(), second.String())
	}
	golden.Check(t, "timeline.golden", first.Bytes())
}
