package input_test

import (
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
