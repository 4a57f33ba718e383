package cloudwatch

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// DimensionFilter matches the metrics with a dimension Name, of Value
// when it is given.
type DimensionFilter struct {
	Name  string
	Value string
}

// ListMetricsInput is the input of [Service.ListMetrics]. Every filter
// given must match.
type ListMetricsInput struct {
	Namespace  string
	MetricName string
	// Dimensions are up to 10 filters.
	Dimensions []DimensionFilter
	// RecentlyActive "PT3H" returns only the metrics with data in the last
	// three hours.
	RecentlyActive string
	NextToken      string
}

// ListMetricsOutput is the output of [Service.ListMetrics].
type ListMetricsOutput struct {
	Metrics   []Metric
	NextToken string
}

// ListMetrics lists the metrics that had data in the last two weeks (or
// three hours, with RecentlyActive), in order of namespace, name and
// dimensions, 500 at a time. Metrics appear at once; AWS takes up to 15
// minutes.
//
// Errors: InvalidParameterValue for a bad filter or RecentlyActive, more
// than 10 dimension filters; InvalidNextToken for a token no earlier call
// returned.
func (s *Service) ListMetrics(ctx context.Context, in *ListMetricsInput) (*ListMetricsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Namespace != "" {
		if err := checkNamespace("Namespace", in.Namespace, false); err != nil {
			return nil, err
		}
	}
	if in.MetricName != "" {
		if err := checkMetricName("MetricName", in.MetricName); err != nil {
			return nil, err
		}
	}
	switch {
	case len(in.Dimensions) > 10:
		return nil, ErrInvalidParameterValueException.With("The collection Dimensions must not have a size greater than 10.")
	case in.RecentlyActive != "" && in.RecentlyActive != "PT3H":
		return nil, invalid("RecentlyActive", in.RecentlyActive)
	}
	for i, f := range in.Dimensions {
		if f.Name == "" {
			return nil, missing(member("Dimensions", i, "Name"))
		}
	}
	from := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(in.NextToken)
		if err != nil || n < 0 {
			return nil, ErrInvalidNextToken.With("The value of NextToken is invalid.")
		}
		from = n
	}
	active := ListMetricsActivity
	if in.RecentlyActive != "" {
		active = 3 * time.Hour
	}
	s.mu.Lock()
	cutoff := s.sched.Now().Add(-active)
	var found []*metric
	for _, m := range s.metrics {
		if m.lastAt.Before(cutoff) || !matches(m, in) {
			continue
		}
		found = append(found, m)
	}
	slices.SortFunc(found, func(a, b *metric) int { return strings.Compare(a.key, b.key) })
	out := &ListMetricsOutput{}
	if from > len(found) {
		s.mu.Unlock()
		return nil, ErrInvalidNextToken.With("The value of NextToken is invalid.")
	}
	for _, m := range found[from:min(from+listPageSize, len(found))] {
		out.Metrics = append(out.Metrics, Metric{Namespace: m.namespace, MetricName: m.name, Dimensions: slices.Clone(m.dims)})
	}
	s.mu.Unlock()
	if from+listPageSize < len(found) {
		out.NextToken = strconv.Itoa(from + listPageSize)
	}
	return out, nil
}

func matches(m *metric, in *ListMetricsInput) bool {
	if in.Namespace != "" && m.namespace != in.Namespace || in.MetricName != "" && m.name != in.MetricName {
		return false
	}
	for _, f := range in.Dimensions {
		found := false
		for _, d := range m.dims {
			if d.Name == f.Name && (f.Value == "" || d.Value == f.Value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
