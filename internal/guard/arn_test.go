package guard

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// arnOwner is the one package that formats and parses ARNs. Everywhere
// else an ARN is made with its types and read with its parsers, so that no
// service splits, prefix-checks or concatenates one by hand.
const arnOwner = "internal/arn/"

// arnLiterals returns the positions of the string literals in src that
// begin an ARN ("arn:…"): the sign of an ARN built or taken apart by hand.
// Comments are not literals, so documentation may show ARNs.
func arnLiterals(name string, src []byte) ([]violation, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		return nil, err
	}
	var found []violation
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		if v, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(v, "arn:") {
			found = append(found, violation{fset.Position(lit.Pos()), "ARN literal " + lit.Value + " outside " + arnOwner + ": use the internal/arn types and parsers"})
		}
		return true
	})
	return found, nil
}

// TestARNsAreHandledOnlyByInternalARN is the guard: no simulator code
// outside internal/arn holds an ARN literal.
func TestARNsAreHandledOnlyByInternalARN(t *testing.T) {
	root := moduleRoot(t)
	for _, name := range moduleFiles(t, root) {
		if strings.HasPrefix(name, arnOwner) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		found, err := arnLiterals(name, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range found {
			t.Error(v)
		}
	}
}

// TestARNLiteralsAreFound: the checker finds a literal that starts an ARN
// and leaves comments and other strings alone.
func TestARNLiteralsAreFound(t *testing.T) {
	src := `package p

// Topics are named like arn:aws:sns:us-east-1:000000000000:orders.
func topicARN(region, account, name string) string {
	return "arn:aws:sns:" + region + ":" + account + ":" + name
}

func isQueue(s string) bool { return len(s) > 4 && s[:4] == ` + "`arn:`" + ` }

var other = "an arn: in the middle"
`
	found, err := arnLiterals("p.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].pos.Line != 5 || found[1].pos.Line != 8 {
		t.Fatalf("found %v, want the literals on lines 5 and 8", found)
	}
}
