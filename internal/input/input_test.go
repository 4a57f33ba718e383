package input_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/input"
)

func TestOrEmptyGivesAnEmptyInputForNil(t *testing.T) {
	type in struct{ Name string }
	if got := input.OrEmpty[in](nil); got == nil || got.Name != "" {
		t.Fatalf("OrEmpty(nil) = %+v", got)
	}
	x := &in{Name: "q"}
	if input.OrEmpty(x) != x {
		t.Fatal("OrEmpty replaced a non-nil input")
	}
}

func TestIsDigits(t *testing.T) {
	for s, want := range map[string]bool{"": false, "0": true, "000000000000": true, "12a": false, "-1": false, "１": false} {
		if got := input.IsDigits(s); got != want {
			t.Errorf("IsDigits(%q) = %v, want %v", s, got, want)
		}
	}
}

// A * in the pattern is a wildcard even where the subject has a literal *
// at that place, and many stars do not make matching exponential.
func TestGlob(t *testing.T) {
	long := strings.Repeat("a", 10000)
	cases := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*b", "*xb", false, true},
		{"a*?a", "aXYa", false, true},
		{"a?", "a", false, false},
		{"**", "", false, true},
		{"SQS:Send*", "sqs:SendMessage", true, true},
		{"SQS:Send*", "sqs:SendMessage", false, false},
		{"*a*a*a*a*a*a*a*a*b", long, false, false},
	}
	for _, c := range cases {
		if got := input.Glob(c.pattern, c.s, c.fold); got != c.want {
			t.Errorf("Glob(%q, %.20q, %v) = %v, want %v", c.pattern, c.s, c.fold, got, c.want)
		}
	}
}
