// Package cron reads the Unix cron expressions of AWS's schedules: the
// Recurrence of an Auto Scaling scheduled action and the schedule of an
// Elastic Beanstalk cron.yaml task. The Recurrence of a scheduled action
// (PutScheduledUpdateGroupAction) is, in the words of the API reference,
// "in Unix cron syntax format" of five fields separated by white space,
// "[Minute] [Hour] [Day_of_Month] [Month_of_Year] [Day_of_Week]", for
// example "30 0 1 1,6,12 *", in UTC unless the action's TimeZone names an
// IANA zone. The package reads that syntax as Vixie cron and cronie do:
//
//   - each field is a comma-separated list of items; an item is *, a
//     number, or a range a-b (a no greater than b), optionally followed by
//     a step /n (*/n, a-b/n, and a/n meaning a to the field's largest
//     value); a step is between 1 and the field's largest value, since a
//     larger one could only pick the first value and is more likely a
//     mistake;
//   - minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC,
//     day of week 0-7 or SUN-SAT, where 0 and 7 are both Sunday; names are
//     three letters, in any case, and stand wherever a number may;
//   - when the day-of-month and day-of-week fields are both restricted
//     (neither starts with *), a day matches if either matches; otherwise
//     it must match both (so "*/2" counts as unrestricted, as in cron).
//
// Refused, with a plain error the caller wraps in its service's error: another
// number of fields, values out of range, steps of 0, reversed ranges, and
// anything else. The @ shorthands of Vixie cron (@hourly, @daily, @reboot
// …) are refused too: AWS documents the five fields only, and a simulator
// that accepted what AWS may refuse would pass a test that then fails
// against AWS. So are the extensions of other schedulers (?, L, W, #, a
// seconds or a year field).
//
// Daylight saving time, in a zone that has it ("the action automatically
// adjusts for DST", says the user guide): a firing is a local wall-clock
// time, so
//
//   - a local time that a zone skips (spring forward, 02:30 in New York on
//     the second Sunday of March) does not exist and does not fire that
//     day; cronie would run it at once after the jump, but a skipped
//     firing keeps the rule that every firing matches the fields, and AWS
//     documents neither;
//   - a local time that happens twice (fall back, 01:30 in New York on the
//     first Sunday of November) fires once, at its first occurrence. That
//     holds for every field, so even "* * * * *" is silent through the
//     repeated hour.
package cron

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// Schedule is a parsed expression: one bit per value each field
// allows.
type Schedule struct {
	minute  uint64 // bit m for minute m, 0-59
	hour    uint64 // bit h for hour h, 0-23
	dom     uint64 // bit d for day of month d, 1-31
	month   uint64 // bit m for month m, 1-12
	dow     uint64 // bit w for weekday w, 0 (Sunday) to 6
	domStar bool   // the day-of-month field starts with *
	dowStar bool   // the day-of-week field starts with *
}

// cronSearchYears bounds the search of Next: the Gregorian calendar
// repeats itself, weekdays included, every 400 years, so a schedule that
// does not fire within 401 years of a time never fires after it (Feb 30,
// or a local time that is always in a DST gap).
const cronSearchYears = 401

// cronField describes one of the five fields.
type cronField struct {
	name   string
	lo, hi int
	names  []string // names[i] is the value lo+i, or nil
}

var cronFields = [5]cronField{
	{name: "minute", lo: 0, hi: 59},
	{name: "hour", lo: 0, hi: 23},
	{name: "day-of-month", lo: 1, hi: 31},
	{name: "month", lo: 1, hi: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day-of-week", lo: 0, hi: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// Parse parses an expression of five fields. The error says what is
// wrong in words a person understands; it is not an AWS error yet.
func Parse(expr string) (Schedule, error) {
	fields := strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(fields) == 1 && strings.HasPrefix(fields[0], "@") {
		return Schedule{}, fmt.Errorf("%q: the @ shorthands are not accepted; give five fields: minute hour day-of-month month day-of-week", fields[0])
	}
	if len(fields) != len(cronFields) {
		return Schedule{}, fmt.Errorf("expected five fields (minute hour day-of-month month day-of-week) separated by spaces, got %d", len(fields))
	}
	var masks [5]uint64
	for i, f := range cronFields {
		m, err := f.parse(fields[i])
		if err != nil {
			return Schedule{}, fmt.Errorf("%s field %q: %w", f.name, fields[i], err)
		}
		masks[i] = m
	}
	if masks[4]&(1<<7) != 0 { // 7 is Sunday too
		masks[4] = masks[4]&^(1<<7) | 1
	}
	return Schedule{
		minute: masks[0], hour: masks[1], dom: masks[2], month: masks[3], dow: masks[4],
		domStar: strings.HasPrefix(fields[2], "*"),
		dowStar: strings.HasPrefix(fields[4], "*"),
	}, nil
}

// parse reads one field: a list of items, each *, a, a-b, with or without
// a step.
func (f cronField) parse(s string) (uint64, error) {
	var mask uint64
	for _, item := range strings.Split(s, ",") {
		if item == "" {
			return 0, errors.New("an empty item in the list")
		}
		span, stepText, hasStep := strings.Cut(item, "/")
		var lo, hi int
		switch a, b, isRange := strings.Cut(span, "-"); {
		case span == "*":
			lo, hi = f.lo, f.hi
		case isRange:
			var err error
			if lo, err = f.value(a); err != nil {
				return 0, err
			}
			if hi, err = f.value(b); err != nil {
				return 0, err
			}
			if lo > hi {
				return 0, fmt.Errorf("the range %s is reversed", span)
			}
		default:
			var err error
			if lo, err = f.value(span); err != nil {
				return 0, err
			}
			hi = lo
			if hasStep { // a/n: from a to the largest value
				hi = f.hi
			}
		}
		step := 1
		if hasStep {
			n, ok := cronNumber(stepText)
			if !ok {
				return 0, fmt.Errorf("the step %q is not a number", stepText)
			}
			if n < 1 || n > f.hi {
				return 0, fmt.Errorf("the step %d is out of range 1-%d", n, f.hi)
			}
			step = n
		}
		for v := lo; v <= hi; v += step {
			mask |= 1 << v
		}
	}
	return mask, nil
}

// value reads a number or, where the field has them, a name, and checks
// its range.
func (f cronField) value(s string) (int, error) {
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.lo + i, nil
		}
	}
	n, ok := cronNumber(s)
	if !ok {
		if f.names != nil {
			return 0, fmt.Errorf("%q is neither a number nor a name from %s-%s", s, f.names[0], f.names[len(f.names)-1])
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if n < f.lo || n > f.hi {
		return 0, fmt.Errorf("%d is out of range %d-%d", n, f.lo, f.hi)
	}
	return n, nil
}

// cronNumber reads decimal digits, saturating at a value above any
// field's range so that a long number cannot overflow.
func cronNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = min(n*10+int(c-'0'), 1000)
	}
	return n, true
}

// Next returns the first firing strictly after after, with the fields
// read as wall-clock time in loc (UTC when loc is nil), or the zero Time
// if there is none within cronSearchYears. It walks the fields from the
// month down, jumping to the next allowed value of each, so it costs a
// few steps per day it looks at, never a step per minute.
func (c Schedule) Next(after time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	local := after.In(loc)
	y, month, d := local.Date()
	h, mi, _ := local.Clock()
	mo := int(month)
	mi++ // the first whole minute after: seconds are never part of a firing
	for end := y + cronSearchYears; y <= end; {
		if m := nextBit(c.month, mo); m != mo {
			if m < 0 {
				y, mo = y+1, 1
			} else {
				mo = m
			}
			d, h, mi = 1, 0, 0
			continue
		}
		if d > daysIn(y, mo) {
			mo, d, h, mi = mo+1, 1, 0, 0
			continue
		}
		if !c.dayMatches(y, mo, d) {
			d, h, mi = d+1, 0, 0
			continue
		}
		if x := nextBit(c.hour, h); x != h {
			if x < 0 {
				d, h, mi = d+1, 0, 0
			} else {
				h, mi = x, 0
			}
			continue
		}
		if x := nextBit(c.minute, mi); x != mi {
			if x < 0 {
				h, mi = h+1, 0
			} else {
				mi = x
			}
			continue
		}
		if t, ok := firstOccurrence(y, mo, d, h, mi, loc); ok && t.After(after) {
			return t
		}
		mi++ // skipped by DST, or the repeat of a time already past
	}
	return time.Time{}
}

// dayMatches applies cron's rule for the two day fields: either one when
// both are restricted, both otherwise.
func (c Schedule) dayMatches(y, mo, d int) bool {
	domOK := c.dom&(1<<d) != 0
	dowOK := c.dow&(1<<weekday(y, mo, d)) != 0
	if c.domStar || c.dowStar {
		return domOK && dowOK
	}
	return domOK || dowOK
}

// firstOccurrence returns the first instant at which loc's clocks show
// the wall time, or false if they skip it.
func firstOccurrence(y, mo, d, h, mi int, loc *time.Location) (time.Time, bool) {
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, loc)
	if !showsWall(t, y, mo, d, h, mi) {
		return time.Time{}, false // in a gap: time.Date moved it
	}
	// If the wall time also happened under the offset in force before t's
	// (a fall back), that earlier instant is the first.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t, true
	}
	_, off := t.Zone()
	_, before := start.Add(-time.Nanosecond).Zone()
	if before > off {
		if e := t.Add(-time.Duration(before-off) * time.Second); e.Before(start) && showsWall(e, y, mo, d, h, mi) {
			return e, true
		}
	}
	return t, true
}

// showsWall reports whether t, in its location, reads the wall time.
func showsWall(t time.Time, y, mo, d, h, mi int) bool {
	ty, tmo, td := t.Date()
	th, tmi, ts := t.Clock()
	return ty == y && int(tmo) == mo && td == d && th == h && tmi == mi && ts == 0
}

// nextBit returns the lowest set bit of mask at or above from, or -1.
func nextBit(mask uint64, from int) int {
	if from >= 64 {
		return -1
	}
	m := mask >> from << from
	if m == 0 {
		return -1
	}
	return bits.TrailingZeros64(m)
}

// daysIn returns the number of days of month mo of year y (Gregorian).
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// weekday returns the day of the week of a Gregorian date, 0 for Sunday
// (Sakamoto's method, with a floor division for years before 1).
func weekday(y, mo, d int) int {
	offsets := [12]int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if mo < 3 {
		y--
	}
	w := (y + floorDiv(y, 4) - floorDiv(y, 100) + floorDiv(y, 400) + offsets[mo-1] + d) % 7
	if w < 0 {
		w += 7
	}
	return w
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
