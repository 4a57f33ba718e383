package sqs

import "testing"

// A Number attribute has at most 38 significant digits and a magnitude
// between 10^-128 and 10^+126 (SQS developer guide, message metadata).
func TestNumberAttributeMagnitudeAndPrecision(t *testing.T) {
	for s, want := range map[string]bool{
		"1e126": true, "1.000e126": true, "1.1e126": false, "9.9e126": false, "1e127": false,
		"1e-128": true, "9e-129": false, "0": true, "-0.000": true, "-5.25": true, ".5": true, "5.": true,
		"12345678901234567890123456789012345678":   true,
		"123456789012345678901234567890123456789":  false,
		"1234567890123456789012345678901234567800": true, // trailing zeros are not significant
		"abc": false, "1e": false, "--1": false, "1.2.3": false, "": false, "0x10": false,
	} {
		if got := validNumber(s); got != want {
			t.Errorf("validNumber(%q) = %v, want %v", s, got, want)
		}
	}
}
