package main

import (
	"bytes"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestReportIsIdenticalOnEveryRun runs the story twice and compares both
// reports with the golden one: same seeds, same calls, same clock moves,
// same report, byte for byte.
func TestReportIsIdenticalOnEveryRun(t *testing.T) {
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
	golden.Check(t, "report.golden", first.Bytes())
}
