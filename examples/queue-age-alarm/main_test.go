package main

import (
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestTimelineIsIdenticalOnEveryRun runs the story twice and compares both
// runs with the golden timeline: same seed, same calls, same clock moves,
// same output, byte for byte.
func TestTimelineIsIdenticalOnEveryRun(t *testing.T) {
	golden.CheckRuns(t, "timeline.golden", run)
}
