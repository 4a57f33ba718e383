package cloudwatch

import (
	"slices"
	"time"
)

// The seam through which the other services publish their AWS/…
// metrics (AWS/SQS, AWS/Lambda, AWS/SNS), as AWS publishes them: one
// datapoint per resource per metric per minute, whatever the traffic.
//
// A service given a *Service (sqs.WithMetrics(cw) or the like) registers
// one collector for its namespace with [Service.Collect]. CloudWatch calls
// it at the end of every minute of the clock, just before it evaluates
// the alarms due then, so an alarm always sees the minute that just
// ended. The collector returns that minute's data: gauges sampled then
// (ApproximateNumberOfMessagesVisible, ApproximateAgeOfOldestMessage:
// O(1) each from state the service keeps), and counters summed over the
// minute (NumberOfMessagesSent: the service keeps a running total, as it
// does for its own statistics, and reports the difference from the last
// minute). Nothing is done per message, so a queue of a million messages
// costs the same per minute as one of ten, and a service given no
// CloudWatch pays nothing at all.
//
// [Service.Publish] is the push form, for a service that would rather
// publish from a clock callback of its own, in any namespace.

// CollectFunc returns the data of the minute [start, end) of the metrics
// of one namespace. It is called without any lock of CloudWatch held, on
// the goroutine that advances the clock, and may take the lock of its
// own service. A datum without a Timestamp is the minute's, start; one
// with a Timestamp must be within PutMetricData's limits. The returned
// slice is not kept.
type CollectFunc func(start, end time.Time) []MetricDatum

// collector is a registered CollectFunc.
type collector struct {
	seq       uint64
	namespace string
	fn        CollectFunc
}

// Collect registers fn as the collector of namespace's metrics, called
// at the end of every minute of the clock from now on (see the package
// documentation, Publishing from services). Any namespace is accepted,
// AWS/ ones included: this is how services publish theirs. It returns a
// function that unregisters the collector.
//
// Collect panics, naming the namespace, if namespace is not a valid
// namespace or fn is nil: both are programmer errors. So does storing
// what a collector returns if it is not valid data.
func (s *Service) Collect(namespace string, fn CollectFunc) (stop func()) {
	if err := checkNamespace("Namespace", namespace, false); err != nil {
		panic("cloudwatch.Service.Collect: " + err.Error())
	}
	if fn == nil {
		panic("cloudwatch.Service.Collect: nil collector for " + namespace)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextSeq++
	c := &collector{seq: s.nextSeq, namespace: namespace, fn: fn}
	if len(s.collectors) == 0 {
		t := s.sched.Now().Unix()
		s.collectNext = t - mod(t, 60) + 60
	}
	s.collectors = append(s.collectors, c)
	s.scheduleLocked()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.collectors = slices.DeleteFunc(s.collectors, func(x *collector) bool { return x == c })
		s.scheduleLocked()
	}
}

// collect calls the collector for the minute ending at end (Unix seconds)
// and stores its data. It is called without s.mu.
func (c *collector) collect(s *Service, end int64) {
	start := time.Unix(end-60, 0).UTC()
	data := c.fn(start, time.Unix(end, 0).UTC())
	if len(data) == 0 {
		return
	}
	for i := range data {
		if data[i].Timestamp.IsZero() {
			data[i].Timestamp = start
		}
	}
	for len(data) > 0 {
		n := min(len(data), MaxMetricsPerPut)
		if err := s.put(c.namespace, data[:n], false); err != nil {
			panic("cloudwatch: the collector of " + c.namespace + " returned bad data: " + err.Error())
		}
		data = data[n:]
	}
}

// Publish stores data in namespace as PutMetricData does, but in any
// namespace, AWS/ ones included, and without a context: the push form of
// the seam for services. It returns the error PutMetricData would for bad
// data, and stores nothing then.
func (s *Service) Publish(namespace string, data ...MetricDatum) error {
	if err := s.put(namespace, data, false); err != nil {
		return err
	}
	return nil
}

// Count returns a datum of n with unit Count, the form of most of what a
// collector reports: a counter's change over the minute or a sampled
// number of things. A float n is an expected count, as a model that
// computes means rather than events reports one.
func Count[N int | int64 | float64](metric string, dims []Dimension, n N) MetricDatum {
	return MetricDatum{MetricName: metric, Dimensions: dims, Value: Float64(float64(n)), Unit: UnitCount}
}
