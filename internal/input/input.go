// Package input holds the small helpers for operation inputs that every
// awssim service needs alike.
package input

// OrEmpty treats a nil input as an empty one, as the AWS SDKs do, so that
// it fails validation with an AWS error instead of panicking.
func OrEmpty[T any](in *T) *T {
	if in == nil {
		return new(T)
	}
	return in
}

// IsDigits reports whether s is non-empty and only ASCII digits.
func IsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
