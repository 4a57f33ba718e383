package main

import (
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestReportIsIdenticalOnEveryRun runs the pipeline twice and compares both
// reports with the golden one: same seeds, same calls, same clock moves,
// same report, byte for byte.
func TestReportIsIdenticalOnEveryRun(t *testing.T) {
	golden.CheckRuns(t, "report.golden", run)
}
