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

// Glob reports whether s matches pattern, in which * matches any run of
// characters and ? any one byte, as AWS's wildcards do in policies and
// listener rules; fold makes it case-insensitive (ASCII). It runs in
// O(len(pattern)·len(s)) at worst and allocates nothing.
func Glob(pattern, s string, fold bool) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || sameByte(pattern[p], s[i], fold)):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func sameByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	return fold && lower(a) == lower(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
