package arn

import "strings"

// Limits of the parts of an IAM role ARN.
const (
	// maxRoleName is the longest role name.
	maxRoleName = 64
	// maxRolePath is the longest role path, its slashes included.
	maxRolePath = 512
)

// Role is the ARN of an IAM role, as Lambda's Role parameter takes it:
// arn:aws:iam::AccountID:role/Name, or with a path,
// arn:aws:iam::AccountID:role/service-role/Name. IAM has no region.
type Role struct {
	// Partition is "aws" when empty.
	Partition, AccountID string
	// Path is "/" or a path that begins and ends with a slash
	// ("/service-role/"). Empty formats as "/".
	Path string
	// Name is 1 to 64 letters, digits and the characters +=,.@_-.
	Name string
}

// String formats the role's ARN.
func (r Role) String() string {
	path := r.Path
	if path == "" {
		path = "/"
	}
	return "arn:" + partition(r.Partition) + ":iam::" + r.AccountID + ":role" + path + r.Name
}

// Root is the ARN of an account's root user, arn:aws:iam::AccountID:root:
// the caller an access key stands for where the simulator does not model
// IAM users, as in the "User: … is not authorized" messages of access
// denied.
type Root struct {
	// Partition is "aws" when empty.
	Partition, AccountID string
}

// String formats the root user's ARN.
func (r Root) String() string {
	return "arn:" + partition(r.Partition) + ":iam::" + r.AccountID + ":root"
}

// ParseRole parses the ARN of an IAM role. The path's segments and the
// name are in the alphabet of the Role pattern of Lambda's API model:
// letters, digits and +=,.@_- ; no segment is empty.
func ParseRole(s string) (Role, error) {
	const what = "IAM role ARN"
	a, err := parseShape(s, "iam", what, false)
	if err != nil {
		return Role{}, err
	}
	if !strings.HasPrefix(a.Resource, "role/") {
		return Role{}, malformed(s, what, `the resource does not begin with "role/"`)
	}
	i := strings.LastIndexByte(a.Resource, '/')
	path, name := a.Resource[len("role"):i+1], a.Resource[i+1:]
	switch {
	case !isRoleWord(name, maxRoleName):
		return Role{}, malformed(s, what, "the role name is not 1 to 64 letters, digits and +=,.@_-")
	case len(path) > maxRolePath:
		return Role{}, malformed(s, what, "the path is longer than 512 characters")
	case !isRolePath(path):
		return Role{}, malformed(s, what, "a segment of the path is empty or not letters, digits and +=,.@_-")
	}
	return Role{Partition: a.Partition, AccountID: a.AccountID, Path: path, Name: name}, nil
}

// isRoleWord reports whether s is 1 to max letters, digits and the
// characters +=,.@_-.
func isRoleWord(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isRoleChar(s[i]) {
			return false
		}
	}
	return true
}

// isRolePath reports whether path, which begins and ends with a slash, has
// no empty segment and only letters, digits and +=,.@_- in its segments.
func isRolePath(path string) bool {
	for i := 1; i < len(path); i++ {
		if c := path[i]; c == '/' && path[i-1] == '/' || c != '/' && !isRoleChar(c) {
			return false
		}
	}
	return true
}

func isRoleChar(c byte) bool {
	switch {
	case isLetter(c), isDigit(c), c == '+', c == '=', c == ',', c == '.', c == '@', c == '_', c == '-':
		return true
	}
	return false
}
