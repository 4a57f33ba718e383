package sns

import (
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// The metrics the service publishes with [WithMetrics], in the AWS/SNS
// namespace, per topic (dimension TopicName), once a minute, as AWS names
// them (Amazon SNS Developer Guide: "Monitoring Amazon SNS topics using
// CloudWatch").
const (
	MetricNumberOfMessagesPublished        = "NumberOfMessagesPublished"
	MetricNumberOfNotificationsDelivered   = "NumberOfNotificationsDelivered"
	MetricNumberOfNotificationsFailed      = "NumberOfNotificationsFailed"
	MetricNumberOfNotificationsFilteredOut = "NumberOfNotificationsFilteredOut"
)

// metricsNamespace is where SNS publishes.
const metricsNamespace = "AWS/SNS"

// topicCounts are a topic's running totals for its metrics.
type topicCounts struct {
	published, delivered, failed, filteredOut int
}

// count counts a notification's attempt: delivered, or failed for good
// (neither for an attempt that will be retried). The caller holds the
// service's lock.
func (c *topicCounts) count(delivered, failed bool) {
	switch {
	case delivered:
		c.delivered++
	case failed:
		c.failed++
	}
}

// collectMetrics is the service's cloudwatch.CollectFunc: each topic's
// counts during the minute, for the topics with any. O(1) per topic.
func (s *Service) collectMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	var data []cloudwatch.MetricDatum
	for _, t := range s.topicList { // creation order
		now, last := t.counts, t.collected
		t.collected = now
		if now == last {
			continue
		}
		dims := []cloudwatch.Dimension{{Name: "TopicName", Value: t.name}}
		data = append(data,
			cloudwatch.Count(MetricNumberOfMessagesPublished, dims, now.published-last.published),
			cloudwatch.Count(MetricNumberOfNotificationsDelivered, dims, now.delivered-last.delivered),
			cloudwatch.Count(MetricNumberOfNotificationsFailed, dims, now.failed-last.failed),
			cloudwatch.Count(MetricNumberOfNotificationsFilteredOut, dims, now.filteredOut-last.filteredOut),
		)
	}
	return data
}
