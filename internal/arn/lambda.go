package arn

import "strings"

// Limits of the parts of a Lambda function ARN.
const (
	// maxFunctionName is the longest function name.
	maxFunctionName = 64
	// maxQualifier is the longest qualifier: a version or an alias name.
	maxQualifier = 128
)

// Function is the ARN of a Lambda function, unqualified
// (arn:aws:lambda:Region:AccountID:function:Name) or qualified with a
// version or an alias (…:function:Name:Qualifier).
//
// [ParseFunctionName] also returns a Function for a FunctionName
// parameter that is a name or a partial ARN; the parts the parameter does
// not give are empty then.
type Function struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 64 letters, digits, hyphens and underscores.
	Name string
	// Qualifier is empty for the unqualified function, else a version
	// number, "$LATEST", "$LATEST.PUBLISHED" or an alias name (1 to 128
	// letters, digits, hyphens and underscores).
	Qualifier string
}

// String formats the function's ARN, qualified when Qualifier is set.
func (f Function) String() string {
	if f.Qualifier == "" {
		return "arn:" + partition(f.Partition) + ":lambda:" + f.Region + ":" + f.AccountID + ":function:" + f.Name
	}
	return "arn:" + partition(f.Partition) + ":lambda:" + f.Region + ":" + f.AccountID + ":function:" + f.Name + ":" + f.Qualifier
}

// ParseFunction parses the full ARN of a Lambda function, qualified or
// not, as a destination, a subscription endpoint or an event source names
// one. Names and partial ARNs are for [ParseFunctionName].
func ParseFunction(s string) (Function, error) {
	const what = "Lambda function ARN"
	a, rest, err := parseResource(s, "lambda", what, "function:")
	if err != nil {
		return Function{}, err
	}
	return function(s, what, a, rest)
}

// ParseFunctionName parses the FunctionName parameter of a Lambda
// operation, in any of the forms AWS documents, each optionally followed
// by ":" and a qualifier (a version, $LATEST or an alias):
//
//   - a function name: my-function, my-function:1
//   - a full ARN: arn:aws:lambda:us-east-1:123456789012:function:my-function
//   - a partial ARN: 123456789012:function:my-function
//
// It returns the name and the qualifier ("" when none), and the region and
// account ID when the parameter gives them (the partition too, which the
// API model lets a full ARN leave empty: "arn::lambda:…"). Whether the
// region and account are the service's own, whether a qualifier is allowed
// for the operation, and the parameter's length limit (140 or 170
// characters, by operation) are for the caller to check.
//
// The API model of Invoke and some other operations lets a dot into the
// name, which CreateFunction's does not; as no function can have one, a
// dotted name is refused here.
func ParseFunctionName(ref string) (Function, error) {
	const what = "Lambda FunctionName"
	if strings.HasPrefix(ref, "arn:") {
		a, err := split(ref, what)
		if err != nil {
			return Function{}, err
		}
		b := a
		if b.Partition == "" {
			b.Partition = defaultPartition // the API model makes the partition optional
		}
		if err := checkShape(ref, "lambda", what, true, b); err != nil {
			return Function{}, err
		}
		rest, ok := strings.CutPrefix(a.Resource, "function:")
		if !ok {
			return Function{}, malformed(ref, what, `the resource does not begin with "function:"`)
		}
		return function(ref, what, a, rest)
	}
	var f Function
	rest := ref
	if account, after, ok := strings.Cut(ref, ":function:"); ok && isAccountID(account) {
		f.AccountID, rest = account, after
	}
	var err error
	f.Name, f.Qualifier, err = nameAndQualifier(ref, what, rest)
	if err != nil {
		return Function{}, err
	}
	return f, nil
}

// function returns the function that a, parsed from s, names, rest being
// what follows "function:" in its resource: Name[:Qualifier].
func function(s, what string, a ARN, rest string) (Function, error) {
	name, qualifier, err := nameAndQualifier(s, what, rest)
	if err != nil {
		return Function{}, err
	}
	return Function{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name, Qualifier: qualifier}, nil
}

// nameAndQualifier cuts rest, the end of s, into a function name and an
// optional qualifier after a colon, and checks both.
func nameAndQualifier(s, what, rest string) (name, qualifier string, err error) {
	name, qualifier, qualified := strings.Cut(rest, ":")
	switch {
	case !isWord(name, maxFunctionName):
		return "", "", malformed(s, what, "the function name is not 1 to 64 letters, digits, hyphens and underscores")
	case qualified && !isQualifier(qualifier):
		return "", "", malformed(s, what, "the qualifier is not $LATEST, $LATEST.PUBLISHED or 1 to 128 letters, digits, hyphens and underscores")
	}
	return name, qualifier, nil
}

// isQualifier reports whether q is a qualifier in the form of the API
// model's FunctionName pattern.
func isQualifier(q string) bool {
	return q == "$LATEST" || q == "$LATEST.PUBLISHED" || isWord(q, maxQualifier)
}
