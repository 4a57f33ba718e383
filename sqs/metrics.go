package sqs

import (
	"slices"
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// The metrics the service publishes with [WithMetrics], in the AWS/SQS
// namespace, per queue (dimension QueueName), once a minute, as AWS names
// them (Amazon SQS Developer Guide: "Available CloudWatch metrics for
// Amazon SQS").
const (
	MetricApproximateNumberOfMessagesVisible    = "ApproximateNumberOfMessagesVisible"
	MetricApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible"
	MetricApproximateNumberOfMessagesDelayed    = "ApproximateNumberOfMessagesDelayed"
	MetricApproximateAgeOfOldestMessage         = "ApproximateAgeOfOldestMessage"
	MetricNumberOfMessagesSent                  = "NumberOfMessagesSent"
	MetricNumberOfMessagesReceived              = "NumberOfMessagesReceived"
	MetricNumberOfMessagesDeleted               = "NumberOfMessagesDeleted"
	MetricNumberOfEmptyReceives                 = "NumberOfEmptyReceives"
	// MetricSentMessageSize is the size in bytes of each message sent
	// (body and message attributes, what counts toward
	// MaximumMessageSize), published as one statistic set per minute, and
	// only for a minute in which messages were sent.
	MetricSentMessageSize = "SentMessageSize"
)

// metricsNamespace is where SQS publishes.
const metricsNamespace = "AWS/SQS"

// published are a queue's running totals when its metrics were last
// collected, so that each minute reports what changed since.
type published struct {
	sent, received, deleted, emptyReceives int
}

// sizeStats are the statistics of the sizes of the messages sent to a
// queue since its metrics were last collected: four numbers whatever the
// traffic.
type sizeStats struct {
	count, sum, min, max int
}

func (z *sizeStats) add(n int) {
	if z.count == 0 || n < z.min {
		z.min = n
	}
	if z.count == 0 || n > z.max {
		z.max = n
	}
	z.count++
	z.sum += n
}

// collectMetrics is the service's cloudwatch.CollectFunc: at the end of
// each minute, each queue's depth and oldest age sampled now, and its
// messages sent, received and deleted and its empty receives during the
// minute, with the sizes of the messages sent. It costs O(1)
// per queue, whatever the queue holds, plus the sort of the queue URLs.
func (s *Service) collectMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.unlockAndDeliver()
	now := s.sched.Now()
	urls := make([]string, 0, len(s.queues))
	for url := range s.queues {
		urls = append(urls, url)
	}
	slices.Sort(urls)
	data := make([]cloudwatch.MetricDatum, 0, 9*len(urls))
	for _, url := range urls {
		q, _, err := s.lookup(url) // brings the queue's state up to now
		if err != nil {
			continue
		}
		var age float64
		if m := q.age.min(); m != nil {
			age = now.Sub(q.epoch.time(m.enqueuedAt)).Truncate(time.Second).Seconds()
		}
		st, last := q.stats, q.published
		q.published = published{sent: st.Sent, received: st.Received, deleted: st.Deleted, emptyReceives: st.EmptyReceives}
		dims := []cloudwatch.Dimension{{Name: "QueueName", Value: q.name}}
		data = append(data,
			cloudwatch.Count(MetricApproximateNumberOfMessagesVisible, dims, q.nVisible),
			cloudwatch.Count(MetricApproximateNumberOfMessagesNotVisible, dims, q.nInFlight),
			cloudwatch.Count(MetricApproximateNumberOfMessagesDelayed, dims, q.nDelayed),
			cloudwatch.MetricDatum{MetricName: MetricApproximateAgeOfOldestMessage, Dimensions: dims, Value: cloudwatch.Float64(age), Unit: cloudwatch.UnitSeconds},
			cloudwatch.Count(MetricNumberOfMessagesSent, dims, st.Sent-last.sent),
			cloudwatch.Count(MetricNumberOfMessagesReceived, dims, st.Received-last.received),
			cloudwatch.Count(MetricNumberOfMessagesDeleted, dims, st.Deleted-last.deleted),
			cloudwatch.Count(MetricNumberOfEmptyReceives, dims, st.EmptyReceives-last.emptyReceives),
		)
		if z := q.sizes; z.count > 0 {
			data = append(data, cloudwatch.MetricDatum{MetricName: MetricSentMessageSize, Dimensions: dims, Unit: cloudwatch.UnitBytes,
				StatisticValues: &cloudwatch.StatisticSet{SampleCount: float64(z.count), Sum: float64(z.sum), Minimum: float64(z.min), Maximum: float64(z.max)}})
			q.sizes = sizeStats{}
		}
	}
	return data
}
