package arn

import "strings"

// maxQueueName is the longest SQS queue name, ".fifo" included.
const maxQueueName = 80

// Queue is the ARN of an SQS queue: arn:aws:sqs:Region:AccountID:Name.
type Queue struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 80 letters, digits, hyphens and underscores; a FIFO
	// queue's name ends in ".fifo", which counts toward the 80.
	Name string
}

// String formats the queue's ARN.
func (q Queue) String() string {
	return "arn:" + partition(q.Partition) + ":sqs:" + q.Region + ":" + q.AccountID + ":" + q.Name
}

// FIFO reports whether the queue's name is that of a FIFO queue, ending in
// ".fifo".
func (q Queue) FIFO() bool { return strings.HasSuffix(q.Name, ".fifo") }

// ParseQueue parses the ARN of an SQS queue. The name must be a queue
// name, standard or FIFO ([Queue.FIFO] tells which); the queue need not
// exist.
func ParseQueue(s string) (Queue, error) {
	a, err := parseShape(s, "sqs", "SQS queue ARN", true)
	if err != nil {
		return Queue{}, err
	}
	if !isQueueOrTopicName(a.Resource, maxQueueName) {
		return Queue{}, malformed(s, "SQS queue ARN", "the name is not 1 to 80 letters, digits, hyphens and underscores, with an optional .fifo suffix")
	}
	return Queue{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: a.Resource}, nil
}

// isQueueOrTopicName reports whether name is at most max characters of
// letters, digits, hyphens and underscores, with an optional ".fifo"
// suffix that counts toward max and does not stand alone.
func isQueueOrTopicName(name string, max int) bool {
	return len(name) <= max && isWord(strings.TrimSuffix(name, ".fifo"), max)
}
