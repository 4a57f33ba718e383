package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestTimelineIsIdenticalOnEveryRun runs the story twice and compares both
// runs with the golden timeline: same seed, same calls, same clock moves,
// same output, byte for byte.
func TestTimelineIsIdenticalOnEveryRun(t *testing.T) {
	golden.CheckRuns(t, "timeline.golden", run)
}

// TestTheStoryHolds checks the sentences of the story in the timeline,
// so that a golden file rewritten with -update cannot quietly lose them.
func TestTheStoryHolds(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	timeline := out.String()
	for _, want := range []string{
		"did not pass health checks within the command timeout.",
		"ERROR Failed to deploy application.",
		"shop-prod: Ready, Red, version v1, CNAME shop.us-east-1.elasticbeanstalk.com",
		"Target.ResponseCodeMismatch",
		"Completed swapping CNAMEs for environments 'shop-prod' and 'shop-green'.",
		"shop-green: Ready, Green, version v2, CNAME shop.us-east-1.elasticbeanstalk.com",
		"not answered 200 since the swap: 0",
	} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline does not say %q", want)
		}
	}
	for line := range strings.Lines(timeline) {
		_, answers, ok := strings.Cut(line, "answers: ")
		answers, _, _ = strings.Cut(answers, "targets:")
		for answer := range strings.SplitSeq(strings.TrimSpace(answers), ", ") {
			if ok && (!strings.Contains(answer, " 200 ×") || strings.HasPrefix(answer, "v2-broken")) {
				t.Errorf("the users got %q: %s", answer, line)
			}
		}
	}
}
