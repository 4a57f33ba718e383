package guard

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// goAllowed lists the functions that may start a goroutine, as
// "path/from/module/root.go:Func" for a function and
// "path/from/module/root.go:Type.Method" for a method (pointer receivers
// are written without the star). Each entry needs a comment saying why:
// a simulator starts a goroutine of its own only to serve a blocking call
// (the package documentation of each service, "Determinism"). An entry that no longer matches a go statement
// fails the test, so the list cannot go stale.
var goAllowed = map[string]string{
	// Only with a watchdog limit (cloud.WithWatchdog, off by default): user
	// code runs on a goroutine of its own so that a blocked handler fails
	// the simulator's call instead of hanging it.
	"internal/usercode/usercode.go:Watchdog.Run": "a blocked user handler must not hang the caller",
}

// wallClock are the functions of package time that read or wait on the
// real clock. time.Since and time.Until read time.Now.
var wallClock = map[string]bool{
	"Now": true, "Since": true, "Until": true,
	"Sleep": true, "After": true, "AfterFunc": true,
	"NewTimer": true, "NewTicker": true, "Tick": true,
}

// randAllowed are the names of math/rand and math/rand/v2 that do not draw
// from the global source: constructors, which take an explicit seed or
// source, and types.
var randAllowed = map[string]bool{
	"New": true, "NewSource": true, "NewZipf": true, "NewPCG": true, "NewChaCha8": true,
	"Rand": true, "Source": true, "Source64": true, "Zipf": true, "PCG": true, "ChaCha8": true,
}

// skipDirs are module-relative directories the guard does not look into:
// sim is the one place that knows how time moves, examples are programs
// for people, and the guard's own test sources name what they forbid.
var skipDirs = map[string]bool{
	"sim":            true,
	"examples":       true,
	"internal/guard": true,
}

// violation is one finding, printed as "file:line: message".
type violation struct {
	pos token.Position
	msg string
}

func (v violation) String() string {
	return fmt.Sprintf("%s:%d: %s", v.pos.Filename, v.pos.Line, v.msg)
}

// check parses src as the file name (module-relative, slash-separated) and
// returns its violations and the allow-list keys of the functions in it
// that contain go statements.
func check(name string, src []byte, allowed map[string]string) (violations []violation, goFuncs []string, err error) {
	fset := token.NewFileSet()
	// Object resolution (on by default) tells a package name from a local
	// variable that shadows it.
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		return nil, nil, err
	}
	report := func(n ast.Node, format string, args ...any) {
		violations = append(violations, violation{fset.Position(n.Pos()), fmt.Sprintf(format, args...)})
	}

	// Local names of the guarded packages in this file.
	guarded := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		var def string
		switch path {
		case "time":
			def = "time"
		case "math/rand", "math/rand/v2":
			def = "rand"
		default:
			continue
		}
		local := def
		if imp.Name != nil {
			local = imp.Name.Name
		}
		switch local {
		case "_":
			continue
		case ".":
			report(imp, "dot import of %q hides its functions from this guard", path)
			continue
		}
		guarded[local] = path
	}

	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		// A package name is never resolved to a local object; a variable
		// that shadows it is.
		if !ok || id.Obj != nil {
			return true
		}
		path, ok := guarded[id.Name]
		if !ok {
			return true
		}
		name := sel.Sel.Name
		switch {
		case path == "time" && wallClock[name]:
			report(sel, "%s.%s reads the wall clock; use the injected clock.Clock", id.Name, name)
		case path != "time" && !randAllowed[name]:
			report(sel, "%s.%s (%s) draws from the global source; use a seeded sim.Rand", id.Name, name, path)
		}
		return true
	})

	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			// Package-level func literals can hold go statements too.
			ast.Inspect(decl, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok {
					report(g, "go statement at package level")
				}
				return true
			})
			continue
		}
		key := name + ":" + funcName(fd)
		found := false
		ast.Inspect(fd, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			found = true
			if _, ok := allowed[key]; !ok {
				report(g, "go statement in %s, which is not in the allow-list of goroutines", key)
			}
			return true
		})
		if found {
			goFuncs = append(goFuncs, key)
		}
	}
	return violations, goFuncs, nil
}

// funcName returns "Func" or "Type.Method".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr: // generic receiver T[P]
			t = x.X
			continue
		case *ast.IndexListExpr: // generic receiver T[P, Q]
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

// moduleRoot walks up from the working directory to the directory that
// holds go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// moduleFiles returns the module-relative, slash-separated paths of the
// non-test Go files the guard checks.
func moduleFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			base := d.Name()
			if rel != "." && (skipDirs[rel] || base == "testdata" || base == "vendor" ||
				strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
				return filepath.SkipDir
			}
			if rel != "." {
				// A nested module is not part of this one.
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestNoWallClockRandomnessOrGoroutines is the guard itself.
func TestNoWallClockRandomnessOrGoroutines(t *testing.T) {
	root := moduleRoot(t)
	files := moduleFiles(t, root)
	if len(files) == 0 {
		t.Fatalf("found no Go files under %s; the guard would pass without checking anything", root)
	}
	used := map[string]bool{}
	for _, rel := range files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		vs, goFuncs, err := check(rel, src, goAllowed)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		for _, v := range vs {
			t.Error(v)
		}
		for _, k := range goFuncs {
			used[k] = true
		}
	}
	for k := range goAllowed {
		if !used[k] {
			t.Errorf("allow-list entry %q matches no go statement; remove it", k)
		}
	}
	t.Logf("checked %d files", len(files))
}

// TestCheckerFindsViolations runs the checker on small sources, so that the
// guard cannot pass by checking nothing.
func TestCheckerFindsViolations(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		allowed map[string]string
		want    []string // substrings of the violations, in order
	}{
		{
			name: "time.Now",
			src:  `package p; import "time"; func f() time.Time { return time.Now() }`,
			want: []string{"time.Now reads the wall clock"},
		},
		{
			name: "every wall-clock function of time",
			src: `package p; import "time"
				func f() {
					time.Sleep(1); <-time.After(1); time.AfterFunc(1, f); time.NewTimer(1)
					time.NewTicker(1); time.Tick(1); _ = time.Since(time.Time{}); _ = time.Until(time.Time{})
				}`,
			want: []string{"time.Sleep", "time.After ", "time.AfterFunc", "time.NewTimer", "time.NewTicker", "time.Tick", "time.Since", "time.Until"},
		},
		{
			name: "time.Now as a function value",
			src:  `package p; import "time"; var now = time.Now`,
			want: []string{"time.Now"},
		},
		{
			name: "aliased time",
			src:  `package p; import stdtime "time"; func f() { stdtime.Sleep(stdtime.Second) }`,
			want: []string{"stdtime.Sleep"},
		},
		{
			name: "math/rand global functions",
			src:  `package p; import "math/rand"; func f() int { rand.Shuffle(2, nil); return rand.Intn(3) + len(rand.Perm(2)) }`,
			want: []string{"rand.Shuffle (math/rand)", "rand.Intn (math/rand)", "rand.Perm (math/rand)"},
		},
		{
			name: "math/rand/v2 global functions, aliased, generic",
			src:  `package p; import r2 "math/rand/v2"; func f() { _ = r2.N[int](3); _ = r2.Uint64(); _ = r2.Float64() }`,
			want: []string{"r2.N (math/rand/v2)", "r2.Uint64 (math/rand/v2)", "r2.Float64 (math/rand/v2)"},
		},
		{
			name: "dot import",
			src:  `package p; import . "time"; func f() { Sleep(1) }`,
			want: []string{`dot import of "time"`},
		},
		{
			name: "go statement not allowed",
			src:  `package p; type S struct{}; func (s *S) Poll() { go func() {}() }`,
			want: []string{"go statement in x.go:S.Poll"},
		},
		{
			name: "go statement in a function literal inside a function",
			src:  `package p; func Serve() { f := func() { go Serve() }; f() }`,
			want: []string{"go statement in x.go:Serve"},
		},
		{
			name:    "go statement allowed",
			src:     `package p; type S struct{}; func (s *S) Poll() { go func() {}() }`,
			allowed: map[string]string{"x.go:S.Poll": "test"},
		},
		{
			name:    "allow-list is per function",
			src:     `package p; func A() {}; func B() { go A() }`,
			allowed: map[string]string{"x.go:A": "test"},
			want:    []string{"go statement in x.go:B"},
		},
		{
			name: "clean: injected clock, time types and constants, seeded rand",
			src: `package p
				import (
					"math/rand/v2"
					"time"
					"github.com/benbjohnson/clock"
				)
				type S struct { c clock.Clock; r *rand.Rand; src rand.Source }
				func New(c clock.Clock, seed uint64) *S {
					return &S{c: c, r: rand.New(rand.NewPCG(seed, seed)), src: rand.NewChaCha8([32]byte{})}
				}
				func (s *S) F() (time.Time, time.Duration, int) {
					return s.c.Now(), 3 * time.Second + s.c.Since(time.Unix(0, 0)), s.r.IntN(3)
				}`,
		},
		{
			name: "clean: a variable shadowing the package name",
			src: `package p; import "time"
				type fake struct{}
				func (fake) Now() int { return 0 }
				func f() int { time := fake{}; return time.Now() }
				var _ time.Duration`,
		},
		{
			name: "clean: another package named time",
			src:  `package p; import "example.com/time"; func f() { time.Sleep(1) }`,
		},
		{
			name: "clean: blank import",
			src:  `package p; import _ "math/rand"`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vs, _, err := check("x.go", []byte(tc.src), tc.allowed)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, v.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d violations, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("violation %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// TestCheckerReportsGoStatementFunctions: the keys it reports are the ones
// the allow-list is matched against, so that stale entries are caught.
func TestCheckerReportsGoStatementFunctions(t *testing.T) {
	src := `package p
		type T[P any] struct{}
		func (t *T[P]) Run() { go t.Run() }
		func Loop() { go Loop() }
		func Quiet() {}`
	_, goFuncs, err := check("sqs/receive.go", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sqs/receive.go:T.Run", "sqs/receive.go:Loop"}
	if !slices.Equal(goFuncs, want) {
		t.Fatalf("got %q, want %q", goFuncs, want)
	}
}

// TestModuleFilesSkipsWhatItShould: the walk skips sim/, examples/, the
// guard itself, testdata and tests, and finds the rest.
func TestModuleFilesSkipsWhatItShould(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{
		"go.mod", "a.go", "a_test.go",
		"sim/clock.go", "examples/x/main.go", "internal/guard/doc.go",
		"sqs/testdata/x.go", "sqs/queue.go", "sqs/queue_test.go", ".ci/x.go",
		"internal/awserr/awserr.go", "simulate/x.go",
	} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := moduleFiles(t, root)
	want := []string{"a.go", "internal/awserr/awserr.go", "simulate/x.go", "sqs/queue.go"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
