package golden_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// recorder is a golden.T that records failures instead of failing.
type recorder struct {
	failures []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestCheckAcceptsTheGoldenFile(t *testing.T) {
	var r recorder
	golden.Check(&r, "hello.golden", []byte("hello\n"))
	if len(r.failures) > 0 {
		t.Fatalf("Check refused the golden output: %v", r.failures)
	}
}

func TestCheckRefusesOtherOutputAndMissingFiles(t *testing.T) {
	var r recorder
	golden.Check(&r, "hello.golden", []byte("bye\n"))
	golden.Check(&r, "missing.golden", []byte("hello\n"))
	if len(r.failures) != 2 {
		t.Fatalf("Check failures = %v, want one for the other output and one for the missing file", r.failures)
	}
}

// CheckRuns accepts a program that writes the golden output on both runs,
// and refuses one whose runs differ, or that fails.
func TestCheckRunsWantsTwoIdenticalGoldenRuns(t *testing.T) {
	var ok recorder
	golden.CheckRuns(&ok, "hello.golden", func(w io.Writer) error { _, err := io.WriteString(w, "hello\n"); return err })
	if len(ok.failures) > 0 {
		t.Fatalf("CheckRuns refused a deterministic golden program: %v", ok.failures)
	}
	n := 0
	var differ, failing recorder
	golden.CheckRuns(&differ, "hello.golden", func(w io.Writer) error { n++; _, err := fmt.Fprintln(w, "hello", n); return err })
	golden.CheckRuns(&failing, "hello.golden", func(io.Writer) error { return errors.New("boom") })
	if len(differ.failures) != 1 || len(failing.failures) != 1 {
		t.Fatalf("CheckRuns failures = %v and %v, want one each", differ.failures, failing.failures)
	}
}
