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
	// last is, for each entry of what the collector returned last time,
	// its metric's name and dimensions and the metric. A collector returns
	// the same metrics in the same order minute after minute, so an entry
	// that names what it named then is known to be valid and to go to
	// that metric: it is neither checked nor looked up again.
	last []collected
}

// collected is one entry of collector.last.
type collected struct {
	name string
	dims []Dimension
	m    *metric
}

// same reports whether d names e's metric.
func (e *collected) same(d *MetricDatum) bool {
	return e.m != nil && d.MetricName == e.name && slices.Equal(d.Dimensions, e.dims)
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
	now := s.sched.Now()
	win := windowAt(now)
	for i := range data {
		d := &data[i]
		if d.Timestamp.IsZero() {
			d.Timestamp = start
		}
		if i < len(c.last) && c.last[i].same(d) && plainValue(d, win) {
			continue
		}
		if err := checkDatum(i, d, win); err != nil {
			panic("cloudwatch: the collector of " + c.namespace + " returned bad data: " + err.Error())
		}
	}
	if len(c.last) > len(data) {
		c.last = c.last[:len(data)]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range data {
		d := &data[i]
		if i < len(c.last) && c.last[i].same(d) {
			s.addLocked(c.last[i].m, d, now)
			continue
		}
		e := collected{name: d.MetricName, dims: slices.Clone(d.Dimensions), m: s.storeLocked(c.namespace, d, now)}
		if i < len(c.last) {
			c.last[i] = e
		} else {
			c.last = append(c.last, e)
		}
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
