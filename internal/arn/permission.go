package arn

// SourceARNPattern is the pattern of a Lambda permission's SourceArn in
// Lambda's API model, as its ValidationException quotes it.
const SourceARNPattern = `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`

// ParseSourceARN parses the SourceArn of a resource policy's permission
// (Lambda's AddPermission): the ARN of a resource of any service, as
// SourceARNPattern has it. The partition is "aws" or "aws-…", the service
// letters, digits and hyphens; the region, when there is one, is
// lowercase letters, digits and hyphens and the account ID, when there is
// one, 12 digits; the resource is anything, the wildcards * and ? and
// nothing included, since the permission matches source ARNs with it.
func ParseSourceARN(s string) (ARN, error) {
	const what = "source ARN"
	a, err := split(s, what)
	if err != nil {
		return ARN{}, err
	}
	switch {
	case !isPartition(a.Partition):
		return ARN{}, malformed(s, what, `the partition is not "aws" or "aws-…"`)
	case !isServiceName(a.Service):
		return ARN{}, malformed(s, what, "the service is not letters, digits and hyphens")
	case a.Region != "" && !isRegion(a.Region):
		return ARN{}, malformed(s, what, "the region is not lowercase letters, digits and hyphens")
	case a.AccountID != "" && !isAccountID(a.AccountID):
		return ARN{}, malformed(s, what, "the account ID is not 12 digits")
	}
	return a, nil
}

// isServiceName reports whether s is a non-empty run of letters, digits
// and hyphens, the alphabet of service namespaces.
func isServiceName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return s != ""
}
