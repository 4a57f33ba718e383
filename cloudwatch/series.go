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
// Maximum only. A bucket holds no pointer: its raw values, when it has
// more than one, sit in a slot of the series' raws that the bucket
// indexes. So the buckets of a series, thousands of them for a metric
// written every minute, are memory the garbage collector does not scan
// and that growing a tier copies without write barriers; and the bucket
// of a metric that gets one value a minute, the commonest kind, is 48
// bytes.

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
	tiers [tiers]bucketList
	// raws are the raw values of the buckets that keep more than one,
	// each bucket's at raws[bucket.raw-1]; free are the indexes (plus
	// one) of the slots let go, reused first.
	raws []rawValues
	free []int32
	// nextExpiry is the first instant (Unix seconds) at which a bucket is
	// due to be folded or dropped; 0 when the series is empty.
	nextExpiry int64
}

// bucket is the data of a series over one interval of its tier.
type bucket struct {
	start                int64 // Unix seconds, a multiple of the tier's width
	count, sum, min, max float64
	// raw is 1 + the index in the series' raws of the bucket's raw
	// values (finest two tiers only), 0 when it keeps none: a bucket of
	// one plain value keeps none, its value is min.
	raw    int32
	sorted bool // the raw values (and counts) are in ascending order of value
	// noPercentile marks a bucket that got a statistic set whose values
	// cannot be told: it has no percentiles, as in AWS.
	noPercentile bool
}

// rawValues are the raw values of a bucket, and counts how often each
// occurred, nil while every count is 1.
type rawValues struct {
	values []float64
	counts []float64
}

// rawOf returns b's raw values, giving b a slot if it has none. The
// pointer is good until the next call.
func (s *series) rawOf(b *bucket) *rawValues {
	if b.raw == 0 {
		if n := len(s.free); n > 0 {
			b.raw, s.free = s.free[n-1], s.free[:n-1]
		} else {
			s.raws = append(s.raws, rawValues{})
			b.raw = int32(len(s.raws))
		}
	}
	return &s.raws[b.raw-1]
}

// release lets b's raw values go and frees their slot.
func (s *series) release(b *bucket) {
	if b.raw != 0 {
		s.raws[b.raw-1] = rawValues{}
		s.free = append(s.free, b.raw)
		b.raw = 0
	}
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
		s.merge(s.bucketAt(tierHigh, x.at), x, true)
	}
	s.merge(s.bucketAt(tierMinute, x.at), x, true)
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
	bs := &s.tiers[t]
	n := bs.n
	if n > 0 {
		if last := bs.at(n - 1); last.start == start {
			return last
		} else if last.start < start {
			return bs.push(bucket{start: start, min: math.Inf(1), max: math.Inf(-1)})
		}
	} else {
		return bs.push(bucket{start: start, min: math.Inf(1), max: math.Inf(-1)})
	}
	i := bs.search(start)
	if i < n && bs.at(i).start == start {
		return bs.at(i)
	}
	return bs.insert(i, bucket{start: start, min: math.Inf(1), max: math.Inf(-1)})
}

// chunkSize is how many buckets a chunk of a bucketList holds.
const chunkSize = 128

// bucketList is the buckets of one tier of a series, in time order, kept
// in chunks of chunkSize buckets. A tier gains a bucket a minute and
// loses its oldest as they expire; in one growing slice, that would mean
// copying the tier again and again, and freeing and asking for ever
// larger blocks of memory, which was most of the cost of storing data.
// Chunks are never copied: a new bucket goes into the last chunk, or a
// new one, and expired buckets leave whole chunks behind. The first chunk
// starts small and doubles up to chunkSize, so a metric with little data
// holds little memory.
type bucketList struct {
	chunks [][]bucket // every chunk but a lone first one has chunkSize buckets
	head   int        // where the first bucket is in chunks[0]
	n      int        // how many buckets there are
}

// at returns the i-th bucket, 0 ≤ i < l.n.
func (l *bucketList) at(i int) *bucket {
	j := uint(l.head + i)
	return &l.chunks[j/chunkSize][j%chunkSize]
}

// push appends b and returns it in place.
func (l *bucketList) push(b bucket) *bucket {
	j := l.head + l.n
	switch c := j / chunkSize; {
	case c == len(l.chunks) && c == 0:
		l.chunks = append(l.chunks, make([]bucket, 16))
	case c == len(l.chunks):
		l.chunks = append(l.chunks, make([]bucket, chunkSize))
	case c == 0 && j == len(l.chunks[0]): // the lone first chunk is full
		l.chunks[0] = append(make([]bucket, 0, min(2*j, chunkSize)), l.chunks[0]...)[:min(2*j, chunkSize)]
	}
	l.n++
	p := l.at(l.n - 1)
	*p = b
	return p
}

// insert puts b at index i, moving the later buckets one on, and
// returns it in place: for data older than the newest bucket, which is
// rare.
func (l *bucketList) insert(i int, b bucket) *bucket {
	l.push(bucket{})
	for k := l.n - 1; k > i; k-- {
		*l.at(k) = *l.at(k - 1)
	}
	p := l.at(i)
	*p = b
	return p
}

// dropFront removes the first k buckets.
func (l *bucketList) dropFront(k int) {
	l.head += k
	l.n -= k
	for len(l.chunks) > 0 && (l.head >= chunkSize || l.n == 0) {
		l.chunks[0] = nil
		l.chunks = l.chunks[1:]
		l.head = max(l.head-chunkSize, 0)
	}
	if l.n == 0 {
		l.chunks, l.head = nil, 0
	}
}

// search returns the index of the first bucket that starts at or after
// from.
func (l *bucketList) search(from int64) int {
	return sort.Search(l.n, func(i int) bool { return l.at(i).start >= from })
}

// merge adds x to b, a bucket of s; raw says whether b's tier keeps raw
// values.
func (s *series) merge(b *bucket, x *sample, raw bool) {
	implied := raw && b.count == 1 && b.raw == 0 && !b.noPercentile // one plain value, kept as min
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
	if x.values == nil && !x.isSingle {
		b.noPercentile = true
		s.release(b)
		return
	}
	r := s.rawOf(b)
	if implied {
		r.values, b.sorted = append(make([]float64, 0, 4), old), true
	}
	if x.isSingle {
		r.appendValue(b, x.single, 1)
		return
	}
	for i, v := range x.values {
		c := 1.0
		if x.counts != nil {
			c = x.counts[i]
		}
		r.appendValue(b, v, c)
	}
}

// appendValue records that v occurred c times in b, whose raw values r
// are.
func (r *rawValues) appendValue(b *bucket, v, c float64) {
	if c != 1 && r.counts == nil {
		r.counts = make([]float64, len(r.values), cap(r.values))
		for i := range r.counts {
			r.counts[i] = 1
		}
	}
	if b.sorted && len(r.values) > 0 && v < r.values[len(r.values)-1] {
		b.sorted = false
	}
	if len(r.values) == 0 {
		b.sorted = true
	}
	r.values = append(r.values, v)
	if r.counts != nil {
		r.counts = append(r.counts, c)
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
		bs := &s.tiers[t]
		cutoff := now - tierCutoff[t]
		i := 0
		for ; i < bs.n && bs.at(i).start+tierWidth[t] <= cutoff; i++ {
			b := bs.at(i)
			if t == tierMinute || t == tierFive {
				s.merge(s.bucketAt(t+1, b.start), &sample{count: b.count, sum: b.sum, min: b.min, max: b.max}, false)
			}
			s.release(b) // let the values go
		}
		bs.dropFront(i)
	}
	for t := range s.tiers {
		bs := &s.tiers[t]
		if bs.n == 0 {
			continue
		}
		if due := bs.at(0).start + tierWidth[t] + tierCutoff[t]; s.nextExpiry == 0 || due < s.nextExpiry {
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
	bs := &s.tiers[t]
	i := bs.search(from)
	st := noStats()
	found := false
	for ; i < bs.n && bs.at(i).start < to; i++ {
		b := bs.at(i)
		st.merge(stats{b.count, b.sum, b.min, b.max})
		found = true
	}
	return st, found
}

// scan calls fn with the statistics of each of r periods of p seconds
// from from in tier t, found false for a period without data: one binary
// search, then a walk, for an alarm's evaluation range.
func (s *series) scan(t int, from, p int64, r int, fn func(k int, x stats, found bool)) {
	bs := &s.tiers[t]
	i := firstAt(bs, from, tierWidth[t])
	for k := 0; k < r; k++ {
		end := from + int64(k+1)*p
		x, found := noStats(), false
		for ; i < bs.n && bs.at(i).start < end; i++ {
			b := bs.at(i)
			x.merge(stats{b.count, b.sum, b.min, b.max})
			found = true
		}
		fn(k, x, found)
	}
}

// firstAt returns the index of the first bucket of bs that starts at or
// after from. Buckets are usually contiguous up to the newest, so it
// first tries where from would be if they were.
func firstAt(bs *bucketList, from, width int64) int {
	if n := bs.n; n > 0 {
		if back := (bs.at(n-1).start - from) / width; back >= 0 && back < int64(n) {
			i := n - 1 - int(back)
			if bs.at(i).start == from && (i == 0 || bs.at(i-1).start < from) {
				return i
			}
		}
	}
	return bs.search(from)
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
	var oneOf *series
	buckets := 0
	for _, s := range ss {
		bs := &s.tiers[t]
		for i := bs.search(from); i < bs.n && bs.at(i).start < to; i++ {
			b := bs.at(i)
			if b.noPercentile || b.min < 0 {
				return 0, false
			}
			one, oneOf = b, s
			buckets++
		}
	}
	switch {
	case buckets == 0:
		return 0, false
	case buckets == 1 && one.raw == 0: // one plain value, kept as min
		return one.min, true
	case buckets == 1 && oneOf.raws[one.raw-1].counts == nil: // one bucket of plain values: sort it in place, once
		values := oneOf.raws[one.raw-1].values
		if !one.sorted {
			slices.Sort(values)
			one.sorted = true
		}
		return values[nearestRank(p, len(values))-1], true
	}
	w := (*scratch)[:0]
	total := 0.0
	for _, s := range ss {
		bs := &s.tiers[t]
		for i := bs.search(from); i < bs.n && bs.at(i).start < to; i++ {
			b := bs.at(i)
			if b.raw == 0 && b.count == 1 {
				w = append(w, weighted{b.min, 1})
				total++
				continue
			}
			if b.raw == 0 {
				continue
			}
			r := &s.raws[b.raw-1]
			for n, v := range r.values {
				c := 1.0
				if r.counts != nil {
					c = r.counts[n]
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
