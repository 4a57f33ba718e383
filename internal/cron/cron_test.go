package cron

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bitsOf is the mask of the values given.
func bitsOf(values ...int) uint64 {
	var m uint64
	for _, v := range values {
		m |= 1 << v
	}
	return m
}

// stepped is the mask of lo, lo+step, … up to hi.
func stepped(lo, hi, step int) uint64 {
	var m uint64
	for v := lo; v <= hi; v += step {
		m |= 1 << v
	}
	return m
}

var (
	allMinutes = stepped(0, 59, 1)
	allHours   = stepped(0, 23, 1)
	allDays    = stepped(1, 31, 1)
	allMonths  = stepped(1, 12, 1)
	allWeek    = stepped(0, 6, 1)
)

// Recurrence takes the five fields of Unix cron, as the API reference's
// example "30 0 1 1,6,12 *" and Vixie cron's forms.
func TestParseCronAcceptsUnixCronForms(t *testing.T) {
	every := Schedule{minute: allMinutes, hour: allHours, dom: allDays, month: allMonths, dow: allWeek, domStar: true, dowStar: true}
	with := func(edit func(*Schedule)) Schedule {
		c := every
		edit(&c)
		return c
	}
	for _, tc := range []struct {
		name, expr string
		want       Schedule
	}{
		{"the API reference's example", "30 0 1 1,6,12 *", with(func(c *Schedule) {
			c.minute, c.hour, c.dom, c.domStar, c.month = bitsOf(30), bitsOf(0), bitsOf(1), false, bitsOf(1, 6, 12)
		})},
		{"every minute", "* * * * *", every},
		{"a step over everything", "*/15 * * * *", with(func(c *Schedule) { c.minute = bitsOf(0, 15, 30, 45) })},
		{"a step over a range", "0 9-17/4 * * *", with(func(c *Schedule) { c.minute, c.hour = bitsOf(0), bitsOf(9, 13, 17) })},
		{"a step from a value to the end", "5/20 * * * *", with(func(c *Schedule) { c.minute = bitsOf(5, 25, 45) })},
		{"a list of ranges and values", "0,10-12,59 * * * *", with(func(c *Schedule) { c.minute = bitsOf(0, 10, 11, 12, 59) })},
		{"weekday names", "0 9 * * MON-FRI", with(func(c *Schedule) {
			c.minute, c.hour, c.dow, c.dowStar = bitsOf(0), bitsOf(9), bitsOf(1, 2, 3, 4, 5), false
		})},
		{"names in any case", "0 9 * jan,Jun,DEC sun", with(func(c *Schedule) {
			c.minute, c.hour, c.month, c.dow, c.dowStar = bitsOf(0), bitsOf(9), bitsOf(1, 6, 12), bitsOf(0), false
		})},
		{"7 is Sunday", "0 0 * * 7", with(func(c *Schedule) { c.minute, c.hour, c.dow, c.dowStar = bitsOf(0), bitsOf(0), bitsOf(0), false })},
		{"0-7 is every day", "0 0 * * 0-7", with(func(c *Schedule) { c.minute, c.hour, c.dowStar = bitsOf(0), bitsOf(0), false })},
		{"a range to 7", "0 0 * * FRI-7", with(func(c *Schedule) {
			c.minute, c.hour, c.dow, c.dowStar = bitsOf(0), bitsOf(0), bitsOf(0, 5, 6), false
		})},
		{"a starred step counts as unrestricted", "0 0 */10 * MON", with(func(c *Schedule) {
			c.minute, c.hour, c.dom, c.dow, c.dowStar = bitsOf(0), bitsOf(0), bitsOf(1, 11, 21, 31), bitsOf(1), false
		})},
		{"leading zeros", "05 09 01 02 *", with(func(c *Schedule) {
			c.minute, c.hour, c.dom, c.domStar, c.month = bitsOf(5), bitsOf(9), bitsOf(1), false, bitsOf(2)
		})},
		{"spaces and tabs around and between", " \t0  0\t* *  * ", with(func(c *Schedule) { c.minute, c.hour = bitsOf(0), bitsOf(0) })},
		{"the largest values", "59 23 31 12 6", with(func(c *Schedule) {
			c.minute, c.hour, c.dom, c.domStar, c.month, c.dow, c.dowStar = bitsOf(59), bitsOf(23), bitsOf(31), false, bitsOf(12), bitsOf(6), false
		})},
		{"the largest step", "*/59 */23 */31 */12 */7", with(func(c *Schedule) {
			c.minute, c.hour, c.dom, c.month, c.dow = bitsOf(0, 59), bitsOf(0, 23), bitsOf(1), bitsOf(1), bitsOf(0)
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.expr)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// Anything else is refused with an error that names the field at fault.
func TestParseCronRefusesBadExpressions(t *testing.T) {
	for _, tc := range []struct {
		name, expr, mention string
	}{
		{"empty", "", "five fields"},
		{"four fields", "0 0 * *", "got 4"},
		{"six fields, a seconds or year field", "0 0 0 * * *", "got 6"},
		{"a macro", "@daily", "@ shorthands"},
		{"a macro with a job", "@hourly x", "got 2"},
		{"minute 60", "60 * * * *", "minute field"},
		{"hour 24", "0 24 * * *", "hour field"},
		{"day 0", "0 0 0 * *", "day-of-month field"},
		{"day 32", "0 0 32 * *", "day-of-month field"},
		{"month 0", "0 0 * 0 *", "month field"},
		{"month 13", "0 0 * 13 *", "month field"},
		{"weekday 8", "0 0 * * 8", "day-of-week field"},
		{"a negative value", "-1 * * * *", "minute field"},
		{"a huge value", "99999999999999999999 * * * *", "out of range"},
		{"a step of 0", "*/0 * * * *", "step 0"},
		{"a step too large", "*/60 * * * *", "step 60"},
		{"an empty step", "*/ * * * *", "step"},
		{"a step that is a name", "0 0 * */JAN *", "step"},
		{"two steps", "*/5/2 * * * *", "step"},
		{"a reversed range", "0 0 * * FRI-MON", "reversed"},
		{"a reversed numeric range", "30-10 * * * *", "reversed"},
		{"a half range", "5- * * * *", "minute field"},
		{"a range of three", "1-2-3 * * * *", "minute field"},
		{"a star in a range", "*-5 * * * *", "minute field"},
		{"an empty list item", "1,,2 * * * *", "empty item"},
		{"a trailing comma", "0 0 1, * *", "empty item"},
		{"a month name as weekday", "0 0 * * JAN", "day-of-week field"},
		{"a weekday name as month", "0 0 * MON *", "month field"},
		{"a full name", "0 0 * * MONDAY", "day-of-week field"},
		{"a name in the minute field", "MON * * * *", "not a number"},
		{"quartz's question mark", "0 0 ? * MON", "day-of-month field"},
		{"last day", "0 0 L * *", "day-of-month field"},
		{"nth weekday", "0 0 * * MON#2", "day-of-week field"},
		{"a sign", "+5 * * * *", "minute field"},
		{"a newline inside", "0 0 * * *\n", "day-of-week field"},
		{"non-ASCII digits", "٣ * * * *", "minute field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.expr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.mention)
		})
	}
}

func mustParse(t testing.TB, expr string) Schedule {
	t.Helper()
	c, err := Parse(expr)
	require.NoError(t, err, expr)
	return c
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err, "the tests need the system's zoneinfo")
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// assertAt checks that got is the instant want, whatever its location.
func assertAt(t *testing.T, want, got time.Time, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, want.UTC().Format(time.RFC3339Nano), got.UTC().Format(time.RFC3339Nano), msgAndArgs...)
}

// next is the first firing strictly after the time given, the fields read
// in UTC (AWS's default) or the action's time zone.
func TestCronNextFindsTheFirstFiringAfter(t *testing.T) {
	for _, tc := range []struct {
		name, expr, zone, after, want string
	}{
		{"every minute", "* * * * *", "", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z"},
		{"every minute from within a minute", "* * * * *", "", "2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z"},
		{"every minute into a new year", "* * * * *", "", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z"},
		{"hourly at :30, just before", "30 * * * *", "", "2026-01-01T10:29:59Z", "2026-01-01T10:30:00Z"},
		{"hourly at :30, at it", "30 * * * *", "", "2026-01-01T10:30:00Z", "2026-01-01T11:30:00Z"},
		{"hourly at :30, into the next day", "30 * * * *", "", "2026-01-01T23:45:00Z", "2026-01-02T00:30:00Z"},
		{"the API reference's example", "30 0 1 1,6,12 *", "", "2026-01-01T00:30:00Z", "2026-06-01T00:30:00Z"},
		{"weekday mornings skip the weekend", "0 9 * * MON-FRI", "", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z"},
		{"weekday mornings, later the same day", "0 9 * * 1-5", "", "2026-01-05T08:59:00Z", "2026-01-05T09:00:00Z"},
		{"weekday mornings, every half hour", "0,30 8-10 * * 1-5", "", "2026-01-05T10:30:00Z", "2026-01-06T08:00:00Z"},
		{"day of month or of week: the Friday comes first", "0 0 13 * FRI", "", "2026-02-01T00:00:00Z", "2026-02-06T00:00:00Z"},
		{"day of month or of week: then Friday the 13th", "0 0 13 * FRI", "", "2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z"},
		{"day of month or of week: the 13th on a Monday", "0 0 13 * FRI", "", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z"},
		{"day of month and a starred day of week", "0 0 */10 * MON", "", "2026-01-01T00:00:00Z", "2026-05-11T00:00:00Z"},
		{"day of month with day of week *", "0 0 13 * *", "", "2026-02-01T00:00:00Z", "2026-02-13T00:00:00Z"},
		{"the 31st skips short months", "0 0 31 * *", "", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z"},
		{"the 31st skips April", "0 0 31 * *", "", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"},
		{"the 1st across a month boundary", "0 12 1 * *", "", "2026-01-31T13:00:00Z", "2026-02-01T12:00:00Z"},
		{"the last minute of the year", "59 23 31 12 *", "", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"},
		{"leap day", "0 0 29 2 *", "", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z"},
		{"leap day skips 2100", "0 0 29 2 *", "", "2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z"},
		{"a fixed offset with half hours", "0 9 * * *", "Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-01-01T03:30:00Z"},
		{"New York in winter", "0 9 * * *", "America/New_York", "2026-01-01T00:00:00Z", "2026-01-01T14:00:00Z"},
		{"New York across spring forward", "0 9 * * *", "America/New_York", "2026-03-07T15:00:00Z", "2026-03-08T13:00:00Z"},
		{"New York days before fall back", "0 9 * * *", "America/New_York", "2026-10-31T14:00:00Z", "2026-11-01T14:00:00Z"},
		{"a day a zone skipped", "0 12 30 12 *", "Pacific/Apia", "2011-12-01T00:00:00Z", "2012-12-29T22:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := time.UTC
			if tc.zone != "" {
				loc = mustZone(t, tc.zone)
			}
			got := mustParse(t, tc.expr).Next(utc(tc.after), loc)
			assertAt(t, utc(tc.want), got)
			assert.Equal(t, loc, got.Location(), "the firing is given in the action's zone")
		})
	}
}

// next is strictly after: a firing at the time given is not the answer,
// one a nanosecond later is.
func TestCronNextIsStrictlyAfter(t *testing.T) {
	c := mustParse(t, "0 9 * * *")
	at := utc("2026-03-02T09:00:00Z")
	assertAt(t, at, c.Next(at.Add(-time.Nanosecond), time.UTC))
	assertAt(t, at.Add(24*time.Hour), c.Next(at, time.UTC))
	// A nil location is UTC, as a Recurrence without TimeZone.
	assert.True(t, c.Next(at, nil).Equal(at.Add(24*time.Hour)))
}

// A schedule that never fires gives the zero Time, and gives it quickly.
func TestCronNextNeverFiresReturnsZero(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	for _, tc := range []struct {
		name, expr string
		loc        *time.Location
	}{
		{"February 30", "0 0 30 2 *", time.UTC},
		{"February 31", "0 0 31 2 *", time.UTC},
		{"the 31st of the short months", "0 0 31 4,6,9,11 *", time.UTC},
		// The second Sunday of March, at 02:30: always in New York's gap.
		{"always in the DST gap", "30 2 8-14 3 */7", ny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustParse(t, tc.expr).Next(utc("2026-01-01T00:00:00Z"), tc.loc)
			assert.True(t, got.IsZero(), "fired at %v", got)
		})
	}
	// In UTC the second Sunday of March has a 02:30.
	assertAt(t, utc("2026-03-08T02:30:00Z"), mustParse(t, "30 2 8-14 3 */7").Next(utc("2026-01-01T00:00:00Z"), time.UTC))
}

// When a zone springs forward (New York, 8 March 2026, 02:00 EST becomes
// 03:00 EDT), a local time in the gap does not exist and does not fire
// that day.
func TestCronFiringInTheSpringForwardGapIsSkipped(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	daily := mustParse(t, "30 2 * * *")
	assertAt(t, utc("2026-03-07T07:30:00Z"), daily.Next(utc("2026-03-07T00:00:00Z"), ny), "02:30 EST the day before")
	assertAt(t, utc("2026-03-09T06:30:00Z"), daily.Next(utc("2026-03-07T07:30:00Z"), ny), "no 02:30 on the 8th; 02:30 EDT on the 9th")

	// Every minute goes from 01:59 EST to 03:00 EDT, one real minute.
	every := mustParse(t, "* * * * *")
	assertAt(t, utc("2026-03-08T07:00:00Z"), every.Next(utc("2026-03-08T06:59:00Z"), ny))
	hourly := mustParse(t, "0 * * * *")
	assertAt(t, utc("2026-03-08T07:00:00Z"), hourly.Next(utc("2026-03-08T06:00:00Z"), ny), "01:00 EST, then 03:00 EDT")
}

// When a zone falls back (New York, 1 November 2026, 02:00 EDT becomes
// 01:00 EST), a local time that happens twice fires once, at its first
// occurrence.
func TestCronRepeatedLocalTimeFiresOnceAtItsFirstOccurrence(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	daily := mustParse(t, "30 1 * * *")
	assertAt(t, utc("2026-11-01T05:30:00Z"), daily.Next(utc("2026-11-01T04:00:00Z"), ny), "01:30 EDT")
	assertAt(t, utc("2026-11-02T06:30:00Z"), daily.Next(utc("2026-11-01T05:30:00Z"), ny), "not 01:30 EST again, but the next day")
	assertAt(t, utc("2026-11-02T06:30:00Z"), daily.Next(utc("2026-11-01T06:00:00Z"), ny), "from within the repeated hour")

	// Every minute is silent through the repeated hour.
	every := mustParse(t, "* * * * *")
	assertAt(t, utc("2026-11-01T05:59:00Z"), every.Next(utc("2026-11-01T05:58:00Z"), ny), "01:59 EDT")
	assertAt(t, utc("2026-11-01T07:00:00Z"), every.Next(utc("2026-11-01T05:59:00Z"), ny), "02:00 EST")
	assertAt(t, utc("2026-11-01T07:00:00Z"), every.Next(utc("2026-11-01T06:15:00Z"), ny), "from 01:15 EST")
}

// weekday agrees with the time package, before year 1 too.
func TestCronWeekdayAgreesWithTheTimePackage(t *testing.T) {
	for _, y := range []int{-401, -1, 0, 1, 1582, 1899, 1900, 1970, 2000, 2024, 2026, 2100, 2400, 9999} {
		for mo := 1; mo <= 12; mo++ {
			require.Equal(t, time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, -1).Day(), daysIn(y, mo), "%d-%d", y, mo)
			for d := 1; d <= daysIn(y, mo); d++ {
				require.Equal(t, int(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Weekday()), weekday(y, mo, d), "%d-%d-%d", y, mo, d)
			}
		}
	}
}

// cronMatches is the reference reading of the fields at t's wall clock,
// independent of next's walk.
func cronMatches(c Schedule, t time.Time) bool {
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return false
	}
	has := func(mask uint64, v int) bool { return mask&(1<<v) != 0 }
	domOK, dowOK := has(c.dom, t.Day()), has(c.dow, int(t.Weekday()))
	day := domOK || dowOK
	if c.domStar || c.dowStar {
		day = domOK && dowOK
	}
	return has(c.minute, t.Minute()) && has(c.hour, t.Hour()) && has(c.month, int(t.Month())) && day
}

// isFirstOccurrence reports whether no earlier instant in the three hours
// before u shows the same wall clock in loc.
func isFirstOccurrence(u time.Time, loc *time.Location) bool {
	wall := u.In(loc).Format("2006-01-02 15:04")
	for k := 1; k <= 180; k++ {
		if u.Add(-time.Duration(k)*time.Minute).In(loc).Format("2006-01-02 15:04") == wall {
			return false
		}
	}
	return true
}

var fuzzZones = []string{"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata"}

// Parsing never panics; for what parses, next is strictly after, matches
// the fields at the zone's wall clock, is monotone, and skips no firing
// (checked minute by minute over short waits).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"30 0 1 1,6,12 *", "* * * * *", "*/7 1-5/2 */3 FEB-nov/3 sun,3-SAT", "0 0 29 2 *", "0 0 30 2 *",
		"30 2 * * *", "30 1 * * *", "0 9 * * MON-FRI", "0 0 13 * 5", "5/15 * 1-7 * */7", "@daily", "1,,2 * * * *",
	} {
		f.Add(s, int64(1_773_000_000), int64(3_600), uint8(1))
	}
	f.Add("* * * * *", int64(1_793_512_000), int64(60), uint8(1))    // fall back in New York
	f.Add("*/30 * * * *", int64(1_775_300_000), int64(90), uint8(3)) // Lord Howe's half hour
	locs := make([]*time.Location, len(fuzzZones))
	for i, name := range fuzzZones {
		locs[i] = mustZone(f, name)
	}
	const span = 130 * 365 * 24 * 3600 // 1970 to 2100
	f.Fuzz(func(t *testing.T, expr string, afterSec, deltaSec int64, zone uint8) {
		c, err := Parse(expr)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		loc := locs[int(zone)%len(locs)]
		after := time.Unix(((afterSec%span)+span)%span, 0)
		n := c.Next(after, loc)
		if n.IsZero() {
			// Never after this: nor after any later time.
			if m := c.Next(after.Add(time.Duration(((deltaSec%86400)+86400)%86400)*time.Second), loc); !m.IsZero() {
				t.Fatalf("%q in %v: nothing after %v, yet %v after a later time", expr, loc, after, m)
			}
			return
		}
		if !n.After(after) {
			t.Fatalf("%q in %v: next(%v) = %v, not after", expr, loc, after, n)
		}
		if !cronMatches(c, n.In(loc)) {
			t.Fatalf("%q in %v: next(%v) = %v, which the fields do not match", expr, loc, after, n.In(loc))
		}
		if !isFirstOccurrence(n, loc) {
			t.Fatalf("%q in %v: next(%v) = %v, the second occurrence of its wall time", expr, loc, after, n.In(loc))
		}
		// Monotone, and nothing fires between after and n: from any time
		// in [after, n) the next firing is n.
		later := after.Add(time.Duration(((deltaSec%(2*86400))+2*86400)%(2*86400)) * time.Second)
		m := c.Next(later, loc)
		switch {
		case later.Before(n) && !m.Equal(n):
			t.Fatalf("%q in %v: next(%v) = %v but next(%v) = %v", expr, loc, after, n, later, m)
		case !later.Before(n) && (m.IsZero() || m.Before(n)):
			t.Fatalf("%q in %v: not monotone: next(%v) = %v, next(%v) = %v", expr, loc, after, n, later, m)
		}
		if n.Sub(after) <= 3*time.Hour {
			for u := after.Truncate(time.Minute).Add(time.Minute); u.Before(n); u = u.Add(time.Minute) {
				if cronMatches(c, u.In(loc)) && isFirstOccurrence(u, loc) {
					t.Fatalf("%q in %v: next(%v) = %v skipped %v", expr, loc, after, n, u.In(loc))
				}
			}
		}
	})
}

// next walks fields, not minutes: a weekday schedule and one that never
// fires (401 years of Februaries) both stay cheap.
func BenchmarkNext(b *testing.B) {
	ny := mustZone(b, "America/New_York")
	for _, expr := range []string{"0 9 * * MON-FRI", "30 0 1 1,6,12 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *"} {
		c := mustParse(b, expr)
		b.Run(strings.ReplaceAll(expr, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			at := utc("2026-01-01T00:00:00Z")
			for b.Loop() {
				if n := c.Next(at, ny); !n.IsZero() {
					at = n
				}
			}
		})
	}
}
