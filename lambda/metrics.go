package lambda

import (
	"slices"
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// The metrics the service publishes with [WithMetrics], in the AWS/Lambda
// namespace, per function (dimension FunctionName), once a minute, as AWS
// names them (AWS Lambda Developer Guide: "Types of metrics for Lambda
// functions").
const (
	MetricInvocations                 = "Invocations"
	MetricErrors                      = "Errors"
	MetricThrottles                   = "Throttles"
	MetricDuration                    = "Duration"
	MetricConcurrentExecutions        = "ConcurrentExecutions"
	MetricDeadLetterErrors            = "DeadLetterErrors"
	MetricDestinationDeliveryFailures = "DestinationDeliveryFailures"
	// MetricAsyncEventAge is, for each invocation of an asynchronous
	// event, retries included, the time from when Lambda queued the event
	// to when it invoked the function, in milliseconds, published as one
	// statistic set per minute. Attempts that were throttled invoked
	// nothing and add nothing.
	MetricAsyncEventAge = "AsyncEventAge"
)

// IteratorAge is not among the metrics: AWS publishes it for event source
// mappings that read streams (Kinesis, DynamoDB, Amazon DocumentDB), and
// the mappings of this package read SQS queues only.

// metricsNamespace is where Lambda publishes.
const metricsNamespace = "AWS/Lambda"

// minute is what a function's metrics need beyond its running totals:
// the totals when they were last collected, and the extremes of this
// minute's durations and concurrency. Kept for every function; reading
// it is the collector's only work.
type minute struct {
	last           FunctionStats
	minDur, maxDur time.Duration
	durations      int
	peak           int // most environments busy at once this minute
	// The ages of the asynchronous events invoked this minute.
	minAge, maxAge, sumAge time.Duration
	ages                   int
}

// observe records one invocation's duration.
func (m *minute) observe(d time.Duration) {
	if m.durations == 0 || d < m.minDur {
		m.minDur = d
	}
	m.maxDur = max(m.maxDur, d)
	m.durations++
}

// observeAge records the age of an asynchronous event at its invocation.
func (m *minute) observeAge(d time.Duration) {
	if m.ages == 0 || d < m.minAge {
		m.minAge = d
	}
	m.maxAge = max(m.maxAge, d)
	m.sumAge += d
	m.ages++
}

// collectMetrics is the service's cloudwatch.CollectFunc: each function's
// invocations, errors, throttles and delivery failures during the minute
// (Sum), its durations (SampleCount, Sum, Minimum, Maximum, in
// milliseconds), the ages of its asynchronous events when invoked (the
// same, when there were some) and its peak concurrency (one sample: the minute's most).
// It costs O(1) per function; functions with no activity in the minute
// publish nothing, as AWS publishes no datapoint for them.
func (s *Service) collectMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	s.advance(now)
	names := make([]string, 0, len(s.functions))
	for name := range s.functions {
		names = append(names, name)
	}
	slices.Sort(names)
	var data []cloudwatch.MetricDatum
	for _, name := range names {
		fn := s.functions[name]
		st, m := fn.stats, fn.minute
		last := m.last
		fn.minute = minute{last: st, peak: fn.busy} // the environments still busy start the next minute
		peak := max(m.peak, fn.busy)
		if st.Invocations == last.Invocations && st.Throttles == last.Throttles && peak == 0 &&
			st.DeadLetterErrors == last.DeadLetterErrors && st.DestinationDeliveryFailures == last.DestinationDeliveryFailures {
			continue
		}
		dims := []cloudwatch.Dimension{{Name: "FunctionName", Value: name}}
		data = append(data,
			cloudwatch.Count(MetricInvocations, dims, st.Invocations-last.Invocations),
			cloudwatch.Count(MetricErrors, dims, st.Errors-last.Errors),
			cloudwatch.Count(MetricThrottles, dims, st.Throttles-last.Throttles),
			cloudwatch.Count(MetricConcurrentExecutions, dims, peak),
			cloudwatch.Count(MetricDeadLetterErrors, dims, st.DeadLetterErrors-last.DeadLetterErrors),
			cloudwatch.Count(MetricDestinationDeliveryFailures, dims, st.DestinationDeliveryFailures-last.DestinationDeliveryFailures),
		)
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		if m.ages > 0 {
			data = append(data, cloudwatch.MetricDatum{
				MetricName: MetricAsyncEventAge, Dimensions: dims, Unit: cloudwatch.UnitMilliseconds,
				StatisticValues: &cloudwatch.StatisticSet{SampleCount: float64(m.ages), Sum: ms(m.sumAge), Minimum: ms(m.minAge), Maximum: ms(m.maxAge)},
			})
		}
		if m.durations > 0 {
			data = append(data, cloudwatch.MetricDatum{
				MetricName: MetricDuration, Dimensions: dims, Unit: cloudwatch.UnitMilliseconds,
				StatisticValues: &cloudwatch.StatisticSet{
					SampleCount: float64(m.durations), Sum: ms(st.Duration - last.Duration),
					Minimum: ms(m.minDur), Maximum: ms(m.maxDur),
				},
			})
		}
	}
	return data
}
