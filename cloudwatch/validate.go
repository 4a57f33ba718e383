package cloudwatch

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Validation is pure: these functions read their input and return an
// *Error for the first thing AWS would refuse, naming the parameter as
// the query protocol does ("MetricData.member.1.Value").

// maxValue bounds the magnitude of a metric value: 2^360.
var maxValue = math.Ldexp(1, 360)

// Lengths of names, from the CloudWatch API model.
const (
	maxNamespace       = 255
	maxMetricName      = 255
	maxDimensionName   = 255
	maxDimensionValue  = 1024
	maxAlarmName       = 255
	maxDescription     = 1024
	maxStateReason     = 1023
	maxStateReasonData = 4000
	maxActionARN       = 1024
	maxExpression      = 2048
	maxMetricID        = 255
)

func missing(param string) *Error {
	return ErrMissingRequiredParameterException.With("The parameter %s is required.", param)
}

func invalid(param, value string) *Error {
	return ErrInvalidParameterValueException.With("The value %s for parameter %s is invalid.", value, param)
}

func member(list string, i int, field string) string {
	s := list + ".member." + strconv.Itoa(i+1)
	if field != "" {
		s += "." + field
	}
	return s
}

// isPrintableASCII reports whether s is ASCII without control characters
// and has a character that is not a space.
func isPrintableASCII(s string) bool {
	nonSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			return false
		}
		if c != ' ' {
			nonSpace = true
		}
	}
	return nonSpace
}

// checkNamespace checks a namespace; custom says whether AWS/ namespaces
// are refused, as they are to PutMetricData.
func checkNamespace(param, ns string, custom bool) *Error {
	switch {
	case ns == "":
		return missing(param)
	case len(ns) > maxNamespace || ns[0] == ':' || !isPrintableASCII(ns):
		return invalid(param, ns)
	case custom && strings.HasPrefix(ns, "AWS/"):
		return ErrInvalidParameterValueException.With("The value %s for parameter %s is invalid: namespaces beginning with \"AWS/\" are reserved for AWS services.", ns, param)
	}
	return nil
}

func checkMetricName(param, name string) *Error {
	switch {
	case name == "":
		return missing(param)
	case len(name) > maxMetricName || !isPrintableASCII(name):
		return invalid(param, name)
	}
	return nil
}

// checkDimensions checks a list of at most 30 dimensions with distinct
// names.
func checkDimensions(param string, dims []Dimension) *Error {
	if len(dims) > MaxDimensions {
		return ErrInvalidParameterValueException.With("The collection %s must not have a size greater than %d.", param, MaxDimensions)
	}
	for i, d := range dims {
		switch {
		case d.Name == "":
			return missing(member(param, i, "Name"))
		case d.Value == "":
			return missing(member(param, i, "Value"))
		case len(d.Name) > maxDimensionName || d.Name[0] == ':' || !isPrintableASCII(d.Name):
			return invalid(member(param, i, "Name"), d.Name)
		case len(d.Value) > maxDimensionValue || !isPrintableASCII(d.Value):
			return invalid(member(param, i, "Value"), d.Value)
		}
		for _, e := range dims[:i] {
			if e.Name == d.Name {
				return ErrInvalidParameterValueException.With("The collection %s must not have two dimensions named %s.", param, d.Name)
			}
		}
	}
	return nil
}

func checkValue(param string, v float64) *Error {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxValue {
		return invalid(param, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return nil
}

func checkUnit(param string, u StandardUnit) *Error {
	if u != "" && !units[u] {
		return invalid(param, string(u))
	}
	return nil
}

// timestampWindow is the span of timestamps PutMetricData takes at a
// given time, worked out once per call rather than per datum.
type timestampWindow struct{ oldest, newest time.Time }

// windowAt returns the timestamps PutMetricData takes at now.
func windowAt(now time.Time) timestampWindow {
	return timestampWindow{oldest: now.Add(-MaxTimestampAge), newest: now.Add(MaxTimestampAhead)}
}

// checkDatum checks entry i of PutMetricData, whose timestamps must be
// within win.
func checkDatum(i int, d *MetricDatum, win timestampWindow) *Error {
	if plainDatum(d, win) {
		return nil
	}
	p := func(field string) string { return member("MetricData", i, field) }
	if err := checkMetricName(p("MetricName"), d.MetricName); err != nil {
		return err
	}
	if err := checkDimensions(p("Dimensions"), d.Dimensions); err != nil {
		return err
	}
	given := 0
	if d.Value != nil {
		given++
		if err := checkValue(p("Value"), *d.Value); err != nil {
			return err
		}
	}
	if d.StatisticValues != nil {
		given++
		sv := d.StatisticValues
		for _, f := range []struct {
			name string
			v    float64
		}{{"SampleCount", sv.SampleCount}, {"Sum", sv.Sum}, {"Minimum", sv.Minimum}, {"Maximum", sv.Maximum}} {
			if err := checkValue(p("StatisticValues."+f.name), f.v); err != nil {
				return err
			}
		}
		switch {
		case sv.SampleCount <= 0:
			return invalid(p("StatisticValues.SampleCount"), strconv.FormatFloat(sv.SampleCount, 'g', -1, 64))
		case sv.Minimum > sv.Maximum:
			return ErrInvalidParameterValueException.With("The parameter %s must not be greater than %s.", p("StatisticValues.Minimum"), p("StatisticValues.Maximum"))
		}
	}
	if len(d.Values) > 0 {
		given++
		if len(d.Values) > MaxValuesPerDatum {
			return ErrInvalidParameterValueException.With("The collection %s must not have a size greater than %d.", p("Values"), MaxValuesPerDatum)
		}
		for j, v := range d.Values {
			if err := checkValue(member(p("Values"), j, ""), v); err != nil {
				return err
			}
		}
	}
	switch {
	case given == 0:
		return ErrInvalidParameterCombinationException.With("The parameters %s, %s and %s are exclusive, and one of them must be given.", p("Value"), p("StatisticValues"), p("Values"))
	case given > 1:
		return ErrInvalidParameterCombinationException.With("The parameters %s, %s and %s are mutually exclusive and you have specified more than one.", p("Value"), p("StatisticValues"), p("Values"))
	case d.Counts != nil && len(d.Values) == 0:
		return ErrInvalidParameterCombinationException.With("The parameter %s requires %s.", p("Counts"), p("Values"))
	case d.Counts != nil && len(d.Counts) != len(d.Values):
		return ErrInvalidParameterValueException.With("The parameters %s and %s must be of the same size.", p("Values"), p("Counts"))
	}
	for j, c := range d.Counts {
		if err := checkValue(member(p("Counts"), j, ""), c); err != nil {
			return err
		}
		if c < 0 {
			return invalid(member(p("Counts"), j, ""), strconv.FormatFloat(c, 'g', -1, 64))
		}
	}
	if err := checkUnit(p("Unit"), d.Unit); err != nil {
		return err
	}
	if r := d.StorageResolution; r != 0 && r != 1 && r != 60 {
		return invalid(p("StorageResolution"), strconv.Itoa(r))
	}
	if !d.Timestamp.IsZero() {
		switch {
		case d.Timestamp.Before(win.oldest):
			return ErrInvalidParameterValueException.With("The parameter %s must specify a time no more than two weeks in the past.", p("Timestamp"))
		case d.Timestamp.After(win.newest):
			return ErrInvalidParameterValueException.With("The parameter %s must specify a time no more than two hours in the future.", p("Timestamp"))
		}
	}
	return nil
}

// plainDatum reports whether d is the common datum that checkDatum
// passes: one valid Value, a valid name and dimensions, a known unit and
// resolution, a timestamp in range. It is a fast path that names no
// parameter; whatever it does not pass, checkDatum checks in full.
func plainDatum(d *MetricDatum, win timestampWindow) bool {
	if !plainValue(d, win) || d.MetricName == "" || len(d.MetricName) > maxMetricName || !isPrintableASCII(d.MetricName) ||
		len(d.Dimensions) > MaxDimensions {
		return false
	}
	for i, dim := range d.Dimensions {
		if dim.Name == "" || dim.Value == "" || len(dim.Name) > maxDimensionName || dim.Name[0] == ':' || !isPrintableASCII(dim.Name) ||
			len(dim.Value) > maxDimensionValue || !isPrintableASCII(dim.Value) {
			return false
		}
		for _, e := range d.Dimensions[:i] {
			if e.Name == dim.Name {
				return false
			}
		}
	}
	return true
}

// plainValue reports whether d has what plainDatum asks of it but its
// name and dimensions: one valid Value, a known unit and resolution, a
// timestamp in range.
func plainValue(d *MetricDatum, win timestampWindow) bool {
	if d.Value == nil || d.StatisticValues != nil || d.Values != nil || d.Counts != nil ||
		(d.Unit != "" && !units[d.Unit]) ||
		(d.StorageResolution != 0 && d.StorageResolution != 1 && d.StorageResolution != 60) {
		return false
	}
	if v := *d.Value; math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxValue {
		return false
	}
	return d.Timestamp.IsZero() || !d.Timestamp.Before(win.oldest) && !d.Timestamp.After(win.newest)
}

// checkPeriod checks a period of a query or alarm: whole seconds, 1, 5,
// 10, 30 or a multiple of 60 for queries; alarm says it is an alarm's,
// for which AWS takes 10, 30 or a multiple of 60.
func checkPeriod(param string, d time.Duration, alarm bool) (int64, *Error) {
	if d <= 0 {
		return 0, missing(param)
	}
	s := int64(d / time.Second)
	if time.Duration(s)*time.Second != d {
		return 0, invalid(param, d.String())
	}
	switch {
	case s%60 == 0:
		return s, nil
	case alarm && (s == 10 || s == 30):
		return s, nil
	case !alarm && (s == 1 || s == 5 || s == 10 || s == 30):
		return s, nil
	}
	if alarm {
		return 0, ErrInvalidParameterValueException.With("The parameter %s must be 10, 30 or a multiple of 60 seconds; it is %d.", param, s)
	}
	return 0, ErrInvalidParameterValueException.With("The parameter %s must be 1, 5, 10, 30 or a multiple of 60 seconds; it is %d.", param, s)
}

// isBasicStatistic reports whether st is one of the five basic
// statistics.
func isBasicStatistic(st Statistic) bool {
	switch st {
	case StatisticSampleCount, StatisticAverage, StatisticSum, StatisticMinimum, StatisticMaximum:
		return true
	}
	return false
}

// parsePercentile parses an extended statistic pNN or pNN.N (p0 to p100,
// up to ten decimals) and returns its percentile.
func parsePercentile(s string) (float64, bool) {
	rest, ok := strings.CutPrefix(s, "p")
	if !ok || rest == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(rest, ".")
	if len(whole) < 1 || len(whole) > 3 || len(frac) > 10 {
		return 0, false
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, false
			}
		}
	}
	p, err := strconv.ParseFloat(rest, 64)
	if err != nil || p < 0 || p > 100 || (len(whole) == 3 && whole != "100") {
		return 0, false
	}
	return p, true
}

// checkAlarmName checks the name of an alarm.
func checkAlarmName(param, name string) *Error {
	switch {
	case name == "":
		return missing(param)
	case utf8.RuneCountInString(name) > maxAlarmName || !utf8.ValidString(name):
		return invalid(param, name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return invalid(param, name)
		}
	}
	return nil
}

// checkNames checks a list of at most 100 alarm names.
func checkNames(param string, names []string, required bool) *Error {
	if required && len(names) == 0 {
		return missing(param)
	}
	if len(names) > describeMaxRecords {
		return ErrInvalidParameterValueException.With("The collection %s must not have a size greater than %d.", param, describeMaxRecords)
	}
	for i, n := range names {
		if err := checkAlarmName(member(param, i, ""), n); err != nil {
			return err
		}
	}
	return nil
}
