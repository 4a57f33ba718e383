package golden_test

import (
	"fmt"
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
