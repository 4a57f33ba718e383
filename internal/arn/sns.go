package arn

import "strings"

// maxTopicName is the longest SNS topic name, ".fifo" included.
const maxTopicName = 256

// Topic is the ARN of an SNS topic: arn:aws:sns:Region:AccountID:Name.
type Topic struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 256 letters, digits, hyphens and underscores; a FIFO
	// topic's name ends in ".fifo", which counts toward the 256.
	Name string
}

// String formats the topic's ARN.
func (t Topic) String() string {
	return "arn:" + partition(t.Partition) + ":sns:" + t.Region + ":" + t.AccountID + ":" + t.Name
}

// FIFO reports whether the topic's name is that of a FIFO topic, ending in
// ".fifo".
func (t Topic) FIFO() bool { return strings.HasSuffix(t.Name, ".fifo") }

// ParseTopic parses the ARN of an SNS topic. The name must be a topic
// name, standard or FIFO ([Topic.FIFO] tells which); the topic need not
// exist. A subscription ARN, which has one section more, is not a topic
// ARN.
func ParseTopic(s string) (Topic, error) {
	a, err := parseShape(s, "sns", "SNS topic ARN", true)
	if err != nil {
		return Topic{}, err
	}
	if !isQueueOrTopicName(a.Resource, maxTopicName) {
		return Topic{}, malformed(s, "SNS topic ARN", "the name is not 1 to 256 letters, digits, hyphens and underscores, with an optional .fifo suffix")
	}
	return Topic{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: a.Resource}, nil
}

// Subscription is the ARN of an SNS subscription: the ARN of its topic,
// a colon and the subscription's ID,
// arn:aws:sns:Region:AccountID:TopicName:ID.
type Subscription struct {
	// Topic is the topic subscribed to.
	Topic Topic
	// ID is the subscription's UUID, in lowercase.
	ID string
}

// String formats the subscription's ARN.
func (s Subscription) String() string {
	t := s.Topic
	return "arn:" + partition(t.Partition) + ":sns:" + t.Region + ":" + t.AccountID + ":" + t.Name + ":" + s.ID
}

// ParseSubscription parses the ARN of an SNS subscription: a topic ARN
// followed by a colon and a lowercase UUID. What AWS returns in its place
// for an unconfirmed subscription ("pending confirmation",
// "PendingConfirmation") is not an ARN.
func ParseSubscription(s string) (Subscription, error) {
	const what = "SNS subscription ARN"
	a, err := parseShape(s, "sns", what, true)
	if err != nil {
		return Subscription{}, err
	}
	name, id, ok := strings.Cut(a.Resource, ":")
	switch {
	case !ok:
		return Subscription{}, malformed(s, what, "it has no subscription ID after the topic name")
	case !isQueueOrTopicName(name, maxTopicName):
		return Subscription{}, malformed(s, what, "the topic name is not 1 to 256 letters, digits, hyphens and underscores, with an optional .fifo suffix")
	case !isUUID(id):
		return Subscription{}, malformed(s, what, "the subscription ID is not a lowercase UUID")
	}
	t := Topic{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name}
	return Subscription{Topic: t, ID: id}, nil
}
