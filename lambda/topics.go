package lambda

import (
	"context"
	"regexp"
	"strings"

	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/sqs"
)

// TopicPublisher is the part of an SNS service Lambda needs to deliver to
// topics: the on-success and on-failure destinations and the dead-letter
// queues that are SNS topics. *sns.Service satisfies it.
//
// Lambda sits below SNS in the order services import each other (sim ←
// sqs ← lambda ← sns), so it cannot name the sns package. As for every
// call from a lower service up to a higher one, the lower package defines
// the interface in its own terms and the higher package's Service
// satisfies it; the two are wired after construction with
// [Service.ConnectSNS], because SNS in turn delivers to Lambda.
type TopicPublisher interface {
	// PublishToTopic publishes message to the topic with ARN topicARN, with
	// the given message attributes, and reports why it could not.
	PublishToTopic(ctx context.Context, topicARN, message string, attributes map[string]sqs.MessageAttributeValue) error
}

// ConnectSNS connects the SNS service whose topics are named as
// destinations and dead-letter queues of asynchronous invocations. It may
// be called after [New] (the SNS service is typically created with this
// Lambda service, so the two are wired after construction) and again to
// replace the connection; it is safe for concurrent use. Deliveries
// already under way use the connection they started with.
//
// Without it, every delivery to a topic fails and is counted in
// [FunctionStats] (DestinationDeliveryFailures for a destination,
// DeadLetterErrors for a dead-letter queue), as deliveries to queues are
// without [WithSQS]. A nil publisher panics.
func (s *Service) ConnectSNS(topics TopicPublisher) {
	if topics == nil {
		panic("lambda.Service.ConnectSNS: nil publisher")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.topics = topics
}

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

// publishToTopic delivers body, with attrs, to the SNS topic arn through the
// connected publisher, and reports whether it was accepted. A FIFO topic
// is refused without publishing: AWS lists FIFO topics among the
// unsupported targets whose deliveries fail. It runs without the service's
// lock, as it calls another service.
func (s *Service) publishToTopic(arn string, body []byte, attrs map[string]sqs.MessageAttributeValue) bool {
	s.mu.Lock()
	topics := s.topics
	s.mu.Unlock()
	if topics == nil || strings.HasSuffix(arn, ".fifo") {
		return false
	}
	text := string(body)
	if text == "" {
		text = "{}" // SNS, like SQS, refuses an empty message
	}
	return topics.PublishToTopic(context.Background(), arn, text, attrs) == nil
}
