// Package golden compares the output of deterministic tests with files
// under testdata, and rewrites those files when the tests run with
// -update:
//
//	go test ./sqs -run TestTimelineGolden -update
//
// Review the diff of a rewritten file before committing it.
package golden

import (
	"flag"
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
