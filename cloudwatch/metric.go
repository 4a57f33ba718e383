package cloudwatch

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// metric is one metric: its identity and its data, one series per unit.
type metric struct {
	key       string
	namespace string
	name      string
	dims      []Dimension // sorted by name
	series    []*series   // in the order their units were first seen
	lastAt    time.Time   // the newest datum's timestamp, for ListMetrics
}

// keyOf returns the identity of a metric as a map key, in s.key (valid
// until the next call): namespace, name and dimensions sorted by name, cut
// by NUL bytes, which no name may contain. It needs s.mu, and does not
// allocate once s.key is large enough.
func (s *Service) keyOf(namespace, name string, dims []Dimension) []byte {
	k := append(s.key[:0], namespace...)
	k = append(k, 0)
	k = append(k, name...)
	switch len(dims) {
	case 0:
	case 1:
		k = appendDim(k, dims[0])
	default:
		// Dimensions sorted by name without copying them: pick the next
		// smallest name each time (n is at most 30).
		last := ""
		for range dims {
			next := -1
			for i, d := range dims {
				if d.Name > last && (next < 0 || d.Name < dims[next].Name) {
					next = i
				}
			}
			k = appendDim(k, dims[next])
			last = dims[next].Name
		}
	}
	s.key = k
	return k
}

func appendDim(k []byte, d Dimension) []byte {
	k = append(k, 0)
	k = append(k, d.Name...)
	k = append(k, 0)
	return append(k, d.Value...)
}

// sortedDims returns a sorted copy of dims.
func sortedDims(dims []Dimension) []Dimension {
	out := slices.Clone(dims)
	slices.SortFunc(out, func(a, b Dimension) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// PutMetricDataInput is the input of [Service.PutMetricData].
type PutMetricDataInput struct {
	// Namespace is required, 1 to 255 ASCII characters, not beginning
	// with a colon nor with "AWS/", which is reserved for AWS services.
	Namespace string
	// MetricData are 1 to 1,000 data.
	MetricData []MetricDatum
}

// PutMetricDataOutput is the output of [Service.PutMetricData].
type PutMetricDataOutput struct{}

// PutMetricData publishes data points to metrics of Namespace, making the
// metrics that do not exist yet. Data goes into 1-minute buckets (1-second
// buckets too for StorageResolution 1) at once: statistics, alarms and
// ListMetrics see it straight away, where AWS takes up to a few minutes.
//
// Errors: MissingParameter for a missing namespace, metric data, metric
// name or dimension part; InvalidParameterValue for an AWS/ namespace, a
// value that is NaN, infinite or beyond ±2^360, more than 1,000 data,
// 30 dimensions or 150 values, a timestamp more than two weeks before or
// two hours after the clock, an unknown unit or a StorageResolution other
// than 1 and 60; InvalidParameterCombination for a datum with none or
// more than one of Value, StatisticValues and Values. A refused call
// stores nothing.
func (s *Service) PutMetricData(ctx context.Context, in *PutMetricDataInput) (*PutMetricDataOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.put(in.Namespace, in.MetricData, true); err != nil {
		return nil, err
	}
	return &PutMetricDataOutput{}, nil
}

// put validates and stores data of namespace; custom says whether AWS/
// namespaces are refused.
func (s *Service) put(namespace string, data []MetricDatum, custom bool) *Error {
	if err := checkNamespace("Namespace", namespace, custom); err != nil {
		return err
	}
	switch {
	case len(data) == 0:
		return missing("MetricData")
	case len(data) > MaxMetricsPerPut:
		return ErrInvalidParameterValueException.With("The collection MetricData must not have a size greater than %d.", MaxMetricsPerPut)
	}
	now := s.sched.Now()
	win := windowAt(now)
	for i := range data {
		if err := checkDatum(i, &data[i], win); err != nil {
			return err
		}
	}
	s.mu.Lock()
	for i := range data {
		s.storeLocked(namespace, &data[i], now)
	}
	s.mu.Unlock()
	return nil
}

// storeLocked adds a valid datum to its metric, and returns the metric.
// It needs s.mu.
func (s *Service) storeLocked(namespace string, d *MetricDatum, now time.Time) *metric {
	k := s.keyOf(namespace, d.MetricName, d.Dimensions)
	m := s.metrics[string(k)]
	if m == nil {
		m = &metric{key: string(k), namespace: namespace, name: d.MetricName, dims: sortedDims(d.Dimensions)}
		s.metrics[m.key] = m
	}
	s.addLocked(m, d, now)
	return m
}

// addLocked adds a valid datum to m, its metric. It needs s.mu.
func (s *Service) addLocked(m *metric, d *MetricDatum, now time.Time) {
	unit := d.Unit
	if unit == "" {
		unit = UnitNone
	}
	var sr *series
	for _, x := range m.series {
		if x.unit == unit {
			sr = x
			break
		}
	}
	if sr == nil {
		sr = &series{unit: unit}
		m.series = append(m.series, sr)
	}
	at := d.Timestamp
	if at.IsZero() {
		at = now
	}
	if at.After(m.lastAt) {
		m.lastAt = at
	}
	x := sample{at: at.Unix(), highRes: d.StorageResolution == 1}
	switch {
	case d.Value != nil:
		v := *d.Value
		x.count, x.sum, x.min, x.max, x.single, x.isSingle = 1, v, v, v, v, true
	case d.StatisticValues != nil:
		sv := d.StatisticValues
		x.count, x.sum, x.min, x.max = sv.SampleCount, sv.Sum, sv.Minimum, sv.Maximum
		// AWS keeps percentiles of a statistic set whose values are all
		// equal: then they are known.
		if sv.Minimum == sv.Maximum && sv.Sum == sv.Minimum*sv.SampleCount {
			x.values, x.counts = []float64{sv.Minimum}, []float64{sv.SampleCount}
		}
	default:
		x.min, x.max = d.Values[0], d.Values[0]
		for j, v := range d.Values {
			c := 1.0
			if d.Counts != nil {
				c = d.Counts[j]
			}
			x.count += c
			x.sum += v * c
			x.min, x.max = min(x.min, v), max(x.max, v)
		}
		x.values, x.counts = d.Values, d.Counts
	}
	sr.add(&x)
	sr.expire(now.Unix())
}
