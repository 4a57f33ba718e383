package lambda

import (
	"regexp"
	"strings"

	"github.com/awssim/awssim/internal/input"
)

// resourceNamePattern matches the name of a standard SQS queue or SNS
// topic: letters, digits, hyphens and underscores. A FIFO queue or topic
// adds ".fifo" to it.
var resourceNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// isQueueOrTopicARN reports whether arn has the form of an SQS queue ARN
// (service "sqs") or an SNS topic ARN (service "sns"):
// arn:aws:<service>:<region>:<12-digit account>:<name>, where the name,
// ".fifo" suffix included, is at most maxName characters (80 for queues,
// 256 for topics). A FIFO name passes; whether a FIFO target is accepted
// is for the caller to decide.
func isQueueOrTopicARN(arn, service string, maxName int) bool {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != service || parts[3] == "" {
		return false
	}
	name := parts[5]
	if len(parts[4]) != 12 || !input.IsDigits(parts[4]) || len(name) > maxName {
		return false
	}
	return resourceNamePattern.MatchString(strings.TrimSuffix(name, ".fifo"))
}

// Name lengths of the targets Lambda delivers to.
const (
	maxQueueName = 80  // an SQS queue name, ".fifo" included
	maxTopicName = 256 // an SNS topic name, ".fifo" included
)

// isTopicARN reports whether arn has the form of an SNS topic ARN.
func isTopicARN(arn string) bool {
	return isQueueOrTopicARN(arn, "sns", maxTopicName)
}
