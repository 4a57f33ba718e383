package cloudwatch

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// How a metric's data is stored.
//
// A metric holds one series per unit its data came with (almost always
// one). A series keeps its data at the resolutions CloudWatch keeps, each
// in a tier of buckets in time order: 1-second buckets of high-resolution
// data for 3 hours, 1-minute buckets for 15 days, 5-minute buckets for 63
// days and 1-hour buckets for 455 days. Each datum updates its bucket in
// every tier, so that no roll-up ever runs; a tier drops the buckets past
// its retention whenever the series is written or read, so memory is
// bounded by the retention periods whatever the clock does.
//
// The two finest tiers keep the raw values too, for percentiles; the
// coarser ones keep SampleCount, Sum, Minimum and Maximum only.

// tierHigh, tierMinute, tierFive and tierHour index a series' tiers.
const (
	tierHigh = iota
	tierMinute
	tierFive
	tierHour
	tiers
)

// tierWidth and tierKeep are each tier's bucket width in seconds and its
// retention.
var (
	tierWidth = [tiers]int64{1, 60, 300, 3600}
	tierKeep  = [tiers]time.Duration{HighResolutionRetention, MinuteRetention, FiveMinuteRetention, HourRetention}
)

// series is the data of one metric with one unit.
type series struct {
	unit  StandardUnit
	tiers [tiers][]bucket
}

// bucket is the data of a series over one interval of its tier.
type bucket struct {
	start                int64 // Unix seconds, a multiple of the tier's width
	count, sum, min, max float64
	// values are the raw values (finest two tiers only), and counts how
	// often each occurred, nil while every count is 1.
	values []float64
	counts []float64
	sorted bool // values (and counts) are in ascending order of value
	// noPercentile marks a bucket that got a statistic set whose values
	// cannot be told: it has no percentiles, as in AWS.
	noPercentile bool
}

// sample is what one datum adds to a series.
type sample struct {
	at                   int64 // Unix seconds
	count, sum, min, max float64
	values, counts       []float64 // raw values, nil for a statistic set that hides them
	single               float64   // the value of a datum with a Value
	isSingle             bool
	highRes              bool
}

// add adds the sample to the bucket of its time in every tier it belongs
// to.
func (s *series) add(x *sample) {
	first := tierMinute
	if x.highRes {
		first = tierHigh
	}
	for t := first; t < tiers; t++ {
		b := s.bucketAt(t, x.at)
		b.merge(x, t <= tierMinute)
	}
}

// bucketAt returns the bucket of tier t that holds instant at, making it
// if there is none. Data almost always goes to the newest bucket or a new
// one after it; an older timestamp costs a binary search.
func (s *series) bucketAt(t int, at int64) *bucket {
	w := tierWidth[t]
	start := at - mod(at, w)
	bs := s.tiers[t]
	n := len(bs)
	if n > 0 && bs[n-1].start == start {
		return &bs[n-1]
	}
	if n == 0 || bs[n-1].start < start {
		s.tiers[t] = append(bs, bucket{start: start, min: math.Inf(1), max: math.Inf(-1)})
		return &s.tiers[t][n]
	}
	i := sort.Search(n, func(i int) bool { return bs[i].start >= start })
	if i < n && bs[i].start == start {
		return &bs[i]
	}
	s.tiers[t] = slices.Insert(bs, i, bucket{start: start, min: math.Inf(1), max: math.Inf(-1)})
	return &s.tiers[t][i]
}

// merge adds x to b; raw says whether b's tier keeps raw values.
func (b *bucket) merge(x *sample, raw bool) {
	b.count += x.count
	b.sum += x.sum
	b.min = min(b.min, x.min)
	b.max = max(b.max, x.max)
	if !raw || b.noPercentile {
		return
	}
	switch {
	case x.isSingle:
		b.appendValue(x.single, 1)
	case x.values == nil:
		b.noPercentile = true
		b.values, b.counts = nil, nil
	default:
		for i, v := range x.values {
			c := 1.0
			if x.counts != nil {
				c = x.counts[i]
			}
			b.appendValue(v, c)
		}
	}
}

// appendValue records that v occurred c times.
func (b *bucket) appendValue(v, c float64) {
	if c != 1 && b.counts == nil {
		b.counts = make([]float64, len(b.values), cap(b.values))
		for i := range b.counts {
			b.counts[i] = 1
		}
	}
	if b.sorted && len(b.values) > 0 && v < b.values[len(b.values)-1] {
		b.sorted = false
	}
	if len(b.values) == 0 {
		b.sorted = true
	}
	b.values = append(b.values, v)
	if b.counts != nil {
		b.counts = append(b.counts, c)
	}
}

// expire drops the buckets of every tier past its retention at now.
func (s *series) expire(now int64) {
	for t := range s.tiers {
		bs := s.tiers[t]
		cutoff := now - int64(tierKeep[t]/time.Second)
		i := 0
		for i < len(bs) && bs[i].start+tierWidth[t] <= cutoff {
			bs[i] = bucket{} // let the values go
			i++
		}
		if i > 0 {
			s.tiers[t] = bs[i:]
		}
	}
}

// tierFor returns the tier a query for period seconds that starts at
// start reads, as GetMetricStatistics documents it: data younger than
// three hours at any resolution, then 1-minute data up to 15 days,
// 5-minute data up to 63 days, 1-hour data beyond; and the period must be
// a multiple of the tier's width. It reports false when no tier serves
// the query, which then has no datapoints.
func tierFor(now, start time.Time, period int64) (int, bool) {
	age := now.Sub(start)
	switch {
	case period < 60:
		return tierHigh, age <= HighResolutionRetention
	case age <= MinuteRetention:
		return tierMinute, period%60 == 0
	case age <= FiveMinuteRetention:
		return tierFive, period%300 == 0
	default:
		return tierHour, period%3600 == 0
	}
}

// stats is the statistics of a series over an interval.
type stats struct {
	count, sum, min, max float64
}

// over returns the statistics of tier t of the series over [from, to),
// and false when it holds no data there.
func (s *series) over(t int, from, to int64) (stats, bool) {
	bs := s.tiers[t]
	i := sort.Search(len(bs), func(i int) bool { return bs[i].start >= from })
	st := noStats()
	found := false
	for ; i < len(bs) && bs[i].start < to; i++ {
		b := &bs[i]
		st.merge(stats{b.count, b.sum, b.min, b.max})
		found = true
	}
	return st, found
}

// noStats returns the statistics of no values, which merge takes.
func noStats() stats { return stats{min: math.Inf(1), max: math.Inf(-1)} }

// merge adds the values x has statistics of.
func (st *stats) merge(x stats) {
	st.count += x.count
	st.sum += x.sum
	st.min = min(st.min, x.min)
	st.max = max(st.max, x.max)
}

// weighted is one raw value and how often it occurred.
type weighted struct{ value, count float64 }

// percentile returns percentile p (0 to 100) of tier t of the series ss
// over [from, to), exact over the stored values by the nearest-rank
// method: the smallest stored value v such that at least p percent of the
// values are at most v. It reports false when there is no data, when a
// statistic set hid its values, when a value is negative (AWS has no
// percentiles then), or when tier t keeps no raw values. scratch is
// reused between calls.
func percentile(ss []*series, t int, from, to int64, p float64, scratch *[]weighted) (float64, bool) {
	if t > tierMinute {
		return 0, false
	}
	var one *bucket
	buckets := 0
	for _, s := range ss {
		bs := s.tiers[t]
		i := sort.Search(len(bs), func(i int) bool { return bs[i].start >= from })
		for ; i < len(bs) && bs[i].start < to; i++ {
			if bs[i].noPercentile || bs[i].min < 0 {
				return 0, false
			}
			one = &bs[i]
			buckets++
		}
	}
	switch {
	case buckets == 0:
		return 0, false
	case buckets == 1 && one.counts == nil: // one bucket of plain values: sort it in place, once
		if !one.sorted {
			slices.Sort(one.values)
			one.sorted = true
		}
		return one.values[nearestRank(p, len(one.values))-1], true
	}
	w := (*scratch)[:0]
	total := 0.0
	for _, s := range ss {
		bs := s.tiers[t]
		i := sort.Search(len(bs), func(i int) bool { return bs[i].start >= from })
		for ; i < len(bs) && bs[i].start < to; i++ {
			for n, v := range bs[i].values {
				c := 1.0
				if bs[i].counts != nil {
					c = bs[i].counts[n]
				}
				w = append(w, weighted{v, c})
				total += c
			}
		}
	}
	*scratch = w
	if len(w) == 0 {
		return 0, false
	}
	slices.SortFunc(w, func(a, b weighted) int { return cmp.Compare(a.value, b.value) })
	rank := max(math.Ceil(p/100*total), 1)
	seen := 0.0
	for _, x := range w {
		seen += x.count
		if seen >= rank {
			return x.value, true
		}
	}
	return w[len(w)-1].value, true
}

// nearestRank is the 1-based rank of percentile p among n values.
func nearestRank(p float64, n int) int {
	r := int(math.Ceil(p / 100 * float64(n)))
	return min(max(r, 1), n)
}

// mod is a modulo that is never negative, for instants before 1970.
func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
