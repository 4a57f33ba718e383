package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

func role(path, name string) arn.Role {
	return arn.Role{Partition: "aws", AccountID: account, Path: path, Name: name}
}

// A role ARN is arn:aws:iam::<account>:role/<path><name>: no region, a
// path of slash-separated segments, and a name of letters, digits and
// +=,.@_- (the alphabet of Lambda's Role pattern), up to 64 characters.
func TestParseRole(t *testing.T) {
	const prefix = "arn:aws:iam::123456789012:role/"
	name64 := strings.Repeat("r", 64)
	testShape(t, arn.ParseRole, []shapeCase[arn.Role]{
		{name: "no path", in: prefix + "resize", want: role("/", "resize")},
		{name: "service-role path", in: prefix + "service-role/x_y", want: role("/service-role/", "x_y")},
		{name: "deep path", in: prefix + "a/b.c/d", want: role("/a/b.c/", "d")},
		{name: "every allowed character", in: prefix + "aZ0+=,.@_-", want: role("/", "aZ0+=,.@_-")},
		{name: "64-char name", in: prefix + name64, want: role("/", name64)},
		{name: "gov partition", in: "arn:aws-us-gov:iam::123456789012:role/r",
			want: arn.Role{Partition: "aws-us-gov", AccountID: account, Path: "/", Name: "r"}},
		{name: "512-char path", in: prefix + strings.Repeat("p", 510) + "/r", want: role("/"+strings.Repeat("p", 510)+"/", "r")},
		{name: "513-char path", in: prefix + strings.Repeat("p", 511) + "/r", bad: true},
		{name: "65-char name", in: prefix + name64 + "r", bad: true},
		{name: "empty name", in: prefix, bad: true},
		{name: "trailing slash", in: prefix + "a/", bad: true},
		{name: "empty segment", in: prefix + "a//b", bad: true},
		{name: "leading double slash", in: "arn:aws:iam::123456789012:role//x", bad: true},
		{name: "role without slash", in: "arn:aws:iam::123456789012:rolex", bad: true},
		{name: "space in name", in: prefix + "a b", bad: true},
		{name: "star in path", in: prefix + "a*/b", bad: true},
		{name: "colon in name", in: prefix + "a:b", bad: true},
		{name: "user", in: "arn:aws:iam::123456789012:user/x", bad: true},
		{name: "with region", in: "arn:aws:iam:us-east-1:123456789012:role/x", bad: true},
		{name: "11-digit account", in: "arn:aws:iam::12345678901:role/x", bad: true},
		{name: "empty partition", in: "arn::iam::123456789012:role/x", bad: true},
		{name: "not an ARN", in: "my-role", bad: true},
	})
}

func TestRolePathIsSlashWhenEmpty(t *testing.T) {
	if got := (arn.Role{AccountID: account, Name: "r"}).String(); got != "arn:aws:iam::123456789012:role/r" {
		t.Errorf("Role formats as %q", got)
	}
}

func TestRootFormatsTheAccountsRootUser(t *testing.T) {
	if got, want := (arn.Root{AccountID: "111122223333"}).String(), "arn:aws:iam::111122223333:root"; got != want {
		t.Errorf("Root.String() = %q, want %q", got, want)
	}
	if got, want := (arn.Root{Partition: "aws-cn", AccountID: "111122223333"}).String(), "arn:aws-cn:iam::111122223333:root"; got != want {
		t.Errorf("Root.String() = %q, want %q", got, want)
	}
}
