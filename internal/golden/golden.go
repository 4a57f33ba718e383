// Package golden compares the output of deterministic tests with files
// under testdata, and rewrites those files when the tests run with
// -update:
//
//	go test ./sqs -run TestTimelineGolden -update
//
// Review the diff of a rewritten file before committing it.
package golden

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// T is the part of testing.TB that Check uses.
type T interface {
	Helper()
	Name() string
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Check fails t unless got equals the file testdata/name; with -update it
// writes got to the file instead.
func Check(t T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatalf("%v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("%v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file %s: run go test -run %s -update", path, t.Name())
		return
	}
	if string(want) != string(got) {
		t.Errorf("output differs from %s; if the change is intended, rerun with -update and review the diff\n--- got:\n%s", path, got)
	}
}

// CheckRuns runs a deterministic program twice, fails t unless both runs
// write the same bytes, and checks them with [Check]: the test of an
// example, whose output must not change from run to run.
func CheckRuns(t T, name string, run func(io.Writer) error) {
	t.Helper()
	var first, second bytes.Buffer
	if err := run(&first); err != nil {
		t.Fatalf("first run: %v", err)
		return
	}
	if err := run(&second); err != nil {
		t.Fatalf("second run: %v", err)
		return
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("two runs differ:\n%s\n---\n%s", first.String(), second.String())
		return
	}
	Check(t, name, first.Bytes())
}
