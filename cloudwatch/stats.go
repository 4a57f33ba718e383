package cloudwatch

import (
	"math"
	"time"
)

// stat is a statistic to compute: one of the basic five, or a percentile.
type stat struct {
	basic      Statistic
	percentile float64
	extended   string // the percentile's name, "p99"; empty for a basic statistic
}

// parseStat parses a statistic as MetricStat.Stat takes it: a basic
// statistic or pNN / pNN.N.
func parseStat(s string) (stat, bool) {
	if isBasicStatistic(Statistic(s)) {
		return stat{basic: Statistic(s)}, true
	}
	if p, ok := parsePercentile(s); ok {
		return stat{percentile: p, extended: s}, true
	}
	return stat{}, false
}

// String returns the statistic's name.
func (st stat) String() string {
	if st.extended != "" {
		return st.extended
	}
	return string(st.basic)
}

// of returns the statistic from st and, for percentiles, the series.
func (st stat) of(x stats, ss []*series, t int, from, to int64, scratch *[]weighted) (float64, bool) {
	switch st.basic {
	case StatisticSampleCount:
		return x.count, true
	case StatisticSum:
		return x.sum, true
	case StatisticMinimum:
		return x.min, true
	case StatisticMaximum:
		return x.max, true
	case StatisticAverage:
		if x.count == 0 {
			return 0, false
		}
		return x.sum / x.count, true
	}
	return percentile(ss, t, from, to, st.percentile, scratch)
}

// seriesOf returns the series of m with unit, or all of them for "".
func seriesOf(m *metric, unit StandardUnit) []*series {
	if unit == "" {
		return m.series
	}
	for i, s := range m.series {
		if s.unit == unit {
			return m.series[i : i+1]
		}
	}
	return nil
}

// overAll returns the statistics of the series ss over [from, to) of tier
// t, and false when none holds data there.
func overAll(ss []*series, t int, from, to int64) (stats, bool) {
	if len(ss) == 1 {
		return ss[0].over(t, from, to)
	}
	all := noStats()
	found := false
	for _, s := range ss {
		if x, ok := s.over(t, from, to); ok {
			all.merge(x)
			found = true
		}
	}
	return all, found
}

// grid is the periods of a query: n periods of period seconds from start
// (Unix seconds), read from tier t.
type grid struct {
	start, period int64
	n             int
	tier          int
	ok            bool // false: no tier serves the query; every period is empty
}

// gridOf returns the periods of a query from start to end at period
// seconds at now, with the start rounded down as GetMetricStatistics
// documents: to the minute for data up to 15 days old, to 5 minutes up to
// 63 days, to the hour beyond, and to a multiple of the period for
// periods under a minute.
func gridOf(now, start, end time.Time, period int64) grid {
	t, ok := tierFor(now, start, period)
	from := start.Unix()
	round := int64(60)
	switch {
	case period < 60:
		round = period
	case t == tierFive:
		round = 300
	case t == tierHour:
		round = 3600
	}
	from -= mod(from, round)
	to := end.Unix()
	if end.Sub(time.Unix(to, 0)) > 0 { // the end is exclusive: a fraction past it counts
		to++
	}
	n := 0
	if to > from {
		n = int((to - from + period - 1) / period)
	}
	return grid{start: from, period: period, n: n, tier: t, ok: ok}
}

// at returns the start of period i of the grid, as a time.
func (g grid) at(i int) time.Time { return time.Unix(g.start+int64(i)*g.period, 0).UTC() }

// values returns statistic st of metric m (nil: no data) with unit over
// every period of g, NaN where a period has no data.
func (s *Service) valuesLocked(m *metric, unit StandardUnit, st stat, g grid, scratch *[]weighted) []float64 {
	out := make([]float64, g.n)
	for i := range out {
		out[i] = math.NaN()
	}
	if m == nil || !g.ok {
		return out
	}
	ss := seriesOf(m, unit)
	now := s.sched.Now().Unix()
	for _, sr := range ss {
		sr.expire(now)
	}
	for i := range out {
		from := g.start + int64(i)*g.period
		x, ok := overAll(ss, g.tier, from, from+g.period)
		if !ok {
			continue
		}
		if v, ok := st.of(x, ss, g.tier, from, from+g.period, scratch); ok {
			out[i] = v
		}
	}
	return out
}
