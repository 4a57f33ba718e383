package cloudwatch

import (
	"context"
	"math"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// GetMetricStatisticsInput is the input of [Service.GetMetricStatistics].
type GetMetricStatisticsInput struct {
	Namespace  string
	MetricName string
	// Dimensions must be exactly the metric's: CloudWatch treats each
	// combination of dimensions as a metric of its own.
	Dimensions []Dimension
	// StartTime (inclusive) and EndTime (exclusive) bound the data.
	StartTime time.Time
	EndTime   time.Time
	// Period is the length of each datapoint's period, in whole seconds: 1,
	// 5, 10, 30 or a multiple of 60.
	Period time.Duration
	// Statistics or ExtendedStatistics, not both: up to five of the basic
	// statistics, or up to ten percentiles ("p99", "p99.9").
	Statistics         []Statistic
	ExtendedStatistics []string
	// Unit, when given, returns only data published with that unit.
	Unit StandardUnit
}

// GetMetricStatisticsOutput is the output of [Service.GetMetricStatistics].
type GetMetricStatisticsOutput struct {
	// Label is the metric's name.
	Label string
	// Datapoints has one entry per period with data, in time order (AWS
	// returns them in no particular order).
	Datapoints []Datapoint
}

// GetMetricStatistics returns statistics of one metric, one datapoint per
// period with data. The start time is rounded down as AWS does (to the
// minute for data up to 15 days old, 5 minutes up to 63 days, the hour
// beyond), and data older than three hours, 15 days or 63 days is served
// only for periods that are multiples of 60, 300 or 3,600 seconds: other
// periods get no datapoints.
//
// Errors: MissingParameter for a missing namespace, metric name, start or
// end time or period; InvalidParameterValue for a bad period, an unknown
// statistic, a start time not before the end time; InvalidParameterCombination
// for both or neither of Statistics and ExtendedStatistics, and for more
// than 1,440 datapoints.
func (s *Service) GetMetricStatistics(ctx context.Context, in *GetMetricStatisticsInput) (*GetMetricStatisticsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	stats, g, verr := s.checkStatistics(in)
	if verr != nil {
		return nil, verr
	}
	out := &GetMetricStatisticsOutput{Label: in.MetricName}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.metrics[string(s.keyOf(in.Namespace, in.MetricName, in.Dimensions))]
	var scratch []weighted
	columns := make([][]float64, len(stats))
	for i, st := range stats {
		columns[i] = s.valuesLocked(m, in.Unit, st, g, &scratch)
	}
	counts := s.valuesLocked(m, in.Unit, stat{basic: StatisticSampleCount}, g, &scratch)
	unit := in.Unit
	if unit == "" && m != nil && len(m.series) > 0 {
		unit = m.series[0].unit
	}
	for i := 0; i < g.n; i++ {
		if math.IsNaN(counts[i]) {
			continue
		}
		dp := Datapoint{Timestamp: g.at(i), Unit: unit}
		for j, st := range stats {
			v := columns[j][i]
			if math.IsNaN(v) {
				continue
			}
			switch st.basic {
			case StatisticSampleCount:
				dp.SampleCount = Float64(v)
			case StatisticAverage:
				dp.Average = Float64(v)
			case StatisticSum:
				dp.Sum = Float64(v)
			case StatisticMinimum:
				dp.Minimum = Float64(v)
			case StatisticMaximum:
				dp.Maximum = Float64(v)
			default:
				if dp.ExtendedStatistics == nil {
					dp.ExtendedStatistics = make(map[string]float64)
				}
				dp.ExtendedStatistics[st.extended] = v
			}
		}
		out.Datapoints = append(out.Datapoints, dp)
	}
	return out, nil
}

// checkStatistics validates the input of GetMetricStatistics and returns
// its statistics and periods.
func (s *Service) checkStatistics(in *GetMetricStatisticsInput) ([]stat, grid, *Error) {
	if err := checkNamespace("Namespace", in.Namespace, false); err != nil {
		return nil, grid{}, err
	}
	if err := checkMetricName("MetricName", in.MetricName); err != nil {
		return nil, grid{}, err
	}
	if err := checkDimensions("Dimensions", in.Dimensions); err != nil {
		return nil, grid{}, err
	}
	switch {
	case in.StartTime.IsZero():
		return nil, grid{}, missing("StartTime")
	case in.EndTime.IsZero():
		return nil, grid{}, missing("EndTime")
	case !in.StartTime.Before(in.EndTime):
		return nil, grid{}, ErrInvalidParameterValueException.With("The parameter StartTime must be less than the parameter EndTime.")
	}
	period, err := checkPeriod("Period", in.Period, false)
	if err != nil {
		return nil, grid{}, err
	}
	if err := checkUnit("Unit", in.Unit); err != nil {
		return nil, grid{}, err
	}
	var stats []stat
	switch {
	case len(in.Statistics) > 0 && len(in.ExtendedStatistics) > 0:
		return nil, grid{}, ErrInvalidParameterCombinationException.With("The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.")
	case len(in.Statistics) == 0 && len(in.ExtendedStatistics) == 0:
		return nil, grid{}, ErrInvalidParameterCombinationException.With("Must specify either Statistics or ExtendedStatistics.")
	case len(in.Statistics) > 5:
		return nil, grid{}, ErrInvalidParameterValueException.With("The collection Statistics must not have a size greater than 5.")
	case len(in.ExtendedStatistics) > 10:
		return nil, grid{}, ErrInvalidParameterValueException.With("The collection ExtendedStatistics must not have a size greater than 10.")
	}
	for i, st := range in.Statistics {
		if !isBasicStatistic(st) {
			return nil, grid{}, invalid(member("Statistics", i, ""), string(st))
		}
		stats = append(stats, stat{basic: st})
	}
	for i, e := range in.ExtendedStatistics {
		p, ok := parsePercentile(e)
		if !ok {
			return nil, grid{}, invalid(member("ExtendedStatistics", i, ""), e)
		}
		stats = append(stats, stat{percentile: p, extended: e})
	}
	g := gridOf(s.sched.Now(), in.StartTime, in.EndTime, period)
	if g.n > MaxDatapoints {
		return nil, grid{}, ErrInvalidParameterCombinationException.With("You have requested up to %d datapoints, which exceeds the limit of %d. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", g.n, MaxDatapoints)
	}
	return stats, g, nil
}
