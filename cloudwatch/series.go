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
// one). A series keeps its data at the resolutions CloudWatch keeps, in
// tiers of buckets in time order: 1-minute buckets for 15 days, 5-minute
// buckets until 63 days, 1-hour buckets until 455 days, and, for
// high-resolution data, 1-second buckets for 3 hours beside them. A datum
// goes into its 1-minute bucket (and its 1-second one); a 1-minute bucket
// past its 15 days is folded into its 5-minute bucket, and a 5-minute one
// past 63 days into its hour, when the series is next written or read. So
// each datum is in exactly one of the three tiers, a write touches one
// bucket, and memory is bounded by the retention periods whatever the
// clock does. A query at 5-minute resolution reads the 5-minute tier and
// the 1-minute buckets not yet folded, whose boundaries align.
//
// The 1-minute and 1-second tiers keep the raw values too, for
// percentiles; the coarser ones keep SampleCount, Sum, Minimum and
// Maximum only.

// tierHigh, tierMinute, tierFive and tierHour index a series' tiers.
const (
	tierHigh = iota
	tierMinute
	tierFive
	tierHour
	tiers
)

// tierWidth is each tier's bucket width in seconds.
var (
	tierWidth = [tiers]int64{1, 60, 300, 3600}
	// tierCutoff is how far, in seconds, a bucket of each tier may end
	// before the clock and still be kept.
	tierCutoff = [tiers]int64{
		int64(HighResolutionRetention / time.Second), int64(MinuteRetention / time.Second),
		int64(FiveMinuteRetention / time.Second), int64(HourRetention / time.Second),
	}
)

// series is the data of one metric with one unit.
type series struct {
	unit  StandardUnit
	tiers [tiers][]bucket
	// nextExpiry is the first instant (Unix seconds) at which a bucket is
	// due to be folded or dropped; 0 when the series is empty.
	nextExpiry int64
}

// bucket is the data of a series over one interval of its tier.
type bucket struct {
	start                int64 // Unix seconds, a multiple of the tier's width
	count, sum, min, max float64
	// values are the raw values (finest two tiers only), and counts how
	// often each occurred, nil while every count is 1. A bucket of one
	// plain value keeps none: its value is min (see raw).
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

// add adds the sample to its 1-minute bucket, and its 1-second one for
// high-resolution data.
func (s *series) add(x *sample) {
	if x.highRes {
		s.bucketAt(tierHigh, x.at).merge(x, true)
	}
	s.bucketAt(tierMinute, x.at).merge(x, true)
}

// bucketAt returns the bucket of tier t that holds instant at, making it
// if there is none. Data almost always goes to the newest bucket or a new
// one after it; an older timestamp costs a binary search.
func (s *series) bucketAt(t int, at int64) *bucket {
	w := tierWidth[t]
	start := at - mod(at, w)
	if due := start + w + tierCutoff[t]; s.nextExpiry == 0 || due < s.nextExpiry {
		s.nextExpiry = due
	}
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
	implied := raw && b.count == 1 && b.values == nil && !b.noPercentile // one plain value, kept as min
	old := b.min
	b.count += x.count
	b.sum += x.sum
	b.min = min(b.min, x.min)
	b.max = max(b.max, x.max)
	if !raw || b.noPercentile {
		return
	}
	if x.isSingle && b.count == 1 {
		return // the first plain value: it is min, nothing to allocate
	}
	if implied {
		b.values, b.sorted = append(make([]float64, 0, 4), old), true
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

// expire folds the 1-minute and 5-minute buckets past their tier's
// retention at now into the next tier, and drops the 1-second and 1-hour
// buckets past theirs. It costs one comparison when nothing is due.
func (s *series) expire(now int64) {
	if s.nextExpiry == 0 || now < s.nextExpiry {
		return
	}
	s.nextExpiry = 0
	for t := range s.tiers {
		bs := s.tiers[t]
		cutoff := now - tierCutoff[t]
		i := 0
		for ; i < len(bs) && bs[i].start+tierWidth[t] <= cutoff; i++ {
			if t == tierMinute || t == tierFive {
				b := &bs[i]
				s.bucketAt(t+1, b.start).merge(&sample{count: b.count, sum: b.sum, min: b.min, max: b.max}, false)
			}
			bs[i] = bucket{} // let the values go
		}
		s.tiers[t] = bs[i:]
	}
	for t, bs := range s.tiers {
		if len(bs) == 0 {
			continue
		}
		if due := bs[0].start + tierWidth[t] + tierCutoff[t]; s.nextExpiry == 0 || due < s.nextExpiry {
			s.nextExpiry = due
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

// over returns the statistics of the series over [from, to) at the
// resolution of tier t, and false when it holds no data there: for the
// 5-minute and 1-hour tiers, with the finer buckets not folded into them
// yet.
func (s *series) over(t int, from, to int64) (stats, bool) {
	if t <= tierMinute {
		return s.overTier(t, from, to)
	}
	all, found := noStats(), false
	for u := tierMinute; u <= t; u++ {
		if x, ok := s.overTier(u, from, to); ok {
			all.merge(x)
			found = true
		}
	}
	return all, found
}

// overTier returns the statistics of tier t alone over [from, to).
func (s *series) overTier(t int, from, to int64) (stats, bool) {
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

// scan calls fn with the statistics of each of r periods of p seconds
// from from in tier t, found false for a period without data: one binary
// search, then a walk, for an alarm's evaluation range.
func (s *series) scan(t int, from, p int64, r int, fn func(k int, x stats, found bool)) {
	bs := s.tiers[t]
	i := firstAt(bs, from, tierWidth[t])
	for k := 0; k < r; k++ {
		end := from + int64(k+1)*p
		x, found := noStats(), false
		for ; i < len(bs) && bs[i].start < end; i++ {
			b := &bs[i]
			x.merge(stats{b.count, b.sum, b.min, b.max})
			found = true
		}
		fn(k, x, found)
	}
}

// firstAt returns the index of the first bucket of bs that starts at or
// after from. Buckets are usually contiguous up to the newest, so it
// first tries where from would be if they were.
func firstAt(bs []bucket, from, width int64) int {
	if n := len(bs); n > 0 {
		if back := (bs[n-1].start - from) / width; back >= 0 && back < int64(n) {
			i := n - 1 - int(back)
			if bs[i].start == from && (i == 0 || bs[i-1].start < from) {
				return i
			}
		}
	}
	return sort.Search(len(bs), func(i int) bool { return bs[i].start >= from })
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
	case buckets == 1 && one.values == nil: // one plain value, kept as min
		return one.min, true
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
			if bs[i].values == nil && bs[i].count == 1 {
				w = append(w, weighted{bs[i].min, 1})
				total++
				continue
			}
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
