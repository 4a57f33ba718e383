package cloudwatch

import (
	"time"
)

// Dimension is a name/value pair that is part of a metric's identity, such
// as QueueName=orders. Names are 1 to 255 and values 1 to 1,024 ASCII
// characters, no control characters, at least one of them not a space; a
// name does not begin with a colon.
type Dimension struct {
	Name  string
	Value string
}

// Metric names a metric: its namespace, name and dimensions. Two metrics
// with the same namespace and name but different dimensions are
// different metrics. The order of dimensions does not matter.
type Metric struct {
	Namespace  string
	MetricName string
	Dimensions []Dimension
}

// StatisticSet is a pre-aggregated set of values, a MetricDatum's
// StatisticValues: how many values, their sum, minimum and maximum.
type StatisticSet struct {
	SampleCount float64
	Sum         float64
	Minimum     float64
	Maximum     float64
}

// MetricDatum is one entry of PutMetricData: a metric and the values
// observed for it at Timestamp.
//
// Exactly one of Value, StatisticValues and Values is given. Values may
// come with Counts, the number of times each value occurred (1 each when
// Counts is empty).
type MetricDatum struct {
	MetricName string
	Dimensions []Dimension
	// Timestamp is when the values were observed; the zero time means
	// the clock's current time. It is at most two weeks before the clock
	// and two hours after it.
	Timestamp       time.Time
	Value           *float64 // see [Float64]
	StatisticValues *StatisticSet
	Values          []float64
	Counts          []float64
	// Unit is the unit of the values; "" stores them with unit None.
	Unit StandardUnit
	// StorageResolution is 1 for a high-resolution metric, kept at
	// 1-second resolution for three hours, or 60 (the default, also for
	// 0) for 1-minute resolution.
	StorageResolution int
}

// StandardUnit is the unit of a metric's values. CloudWatch keeps values
// of different units of one metric apart and never converts between
// them.
type StandardUnit string

// The units of the CloudWatch API.
const (
	UnitSeconds         StandardUnit = "Seconds"
	UnitMicroseconds    StandardUnit = "Microseconds"
	UnitMilliseconds    StandardUnit = "Milliseconds"
	UnitBytes           StandardUnit = "Bytes"
	UnitKilobytes       StandardUnit = "Kilobytes"
	UnitMegabytes       StandardUnit = "Megabytes"
	UnitGigabytes       StandardUnit = "Gigabytes"
	UnitTerabytes       StandardUnit = "Terabytes"
	UnitBits            StandardUnit = "Bits"
	UnitKilobits        StandardUnit = "Kilobits"
	UnitMegabits        StandardUnit = "Megabits"
	UnitGigabits        StandardUnit = "Gigabits"
	UnitTerabits        StandardUnit = "Terabits"
	UnitPercent         StandardUnit = "Percent"
	UnitCount           StandardUnit = "Count"
	UnitBytesSecond     StandardUnit = "Bytes/Second"
	UnitKilobytesSecond StandardUnit = "Kilobytes/Second"
	UnitMegabytesSecond StandardUnit = "Megabytes/Second"
	UnitGigabytesSecond StandardUnit = "Gigabytes/Second"
	UnitTerabytesSecond StandardUnit = "Terabytes/Second"
	UnitBitsSecond      StandardUnit = "Bits/Second"
	UnitKilobitsSecond  StandardUnit = "Kilobits/Second"
	UnitMegabitsSecond  StandardUnit = "Megabits/Second"
	UnitGigabitsSecond  StandardUnit = "Gigabits/Second"
	UnitTerabitsSecond  StandardUnit = "Terabits/Second"
	UnitCountSecond     StandardUnit = "Count/Second"
	UnitNone            StandardUnit = "None"
)

// units are the valid StandardUnit values.
var units = map[StandardUnit]bool{
	UnitSeconds: true, UnitMicroseconds: true, UnitMilliseconds: true,
	UnitBytes: true, UnitKilobytes: true, UnitMegabytes: true, UnitGigabytes: true, UnitTerabytes: true,
	UnitBits: true, UnitKilobits: true, UnitMegabits: true, UnitGigabits: true, UnitTerabits: true,
	UnitPercent: true, UnitCount: true,
	UnitBytesSecond: true, UnitKilobytesSecond: true, UnitMegabytesSecond: true, UnitGigabytesSecond: true, UnitTerabytesSecond: true,
	UnitBitsSecond: true, UnitKilobitsSecond: true, UnitMegabitsSecond: true, UnitGigabitsSecond: true, UnitTerabitsSecond: true,
	UnitCountSecond: true, UnitNone: true,
}

// Statistic is one of the five basic statistics of a metric over a
// period. Percentiles are extended statistics, named as strings ("p99",
// "p99.9").
type Statistic string

// The basic statistics.
const (
	StatisticSampleCount Statistic = "SampleCount"
	StatisticAverage     Statistic = "Average"
	StatisticSum         Statistic = "Sum"
	StatisticMinimum     Statistic = "Minimum"
	StatisticMaximum     Statistic = "Maximum"
)

// Datapoint is the statistics of a metric over one period, as
// GetMetricStatistics returns them: only those asked for are set.
type Datapoint struct {
	// Timestamp is the start of the period.
	Timestamp          time.Time
	SampleCount        *float64
	Average            *float64
	Sum                *float64
	Minimum            *float64
	Maximum            *float64
	Unit               StandardUnit
	ExtendedStatistics map[string]float64
}

// ScanBy is the order of datapoints in GetMetricData and of items in
// DescribeAlarmHistory.
type ScanBy string

// The orders.
const (
	ScanByTimestampDescending ScanBy = "TimestampDescending" // the default
	ScanByTimestampAscending  ScanBy = "TimestampAscending"
)

// StateValue is the state of an alarm.
type StateValue string

// The states of an alarm.
const (
	StateOK               StateValue = "OK"
	StateAlarm            StateValue = "ALARM"
	StateInsufficientData StateValue = "INSUFFICIENT_DATA"
)

// ComparisonOperator compares an alarm's statistic (the first operand)
// with its threshold.
type ComparisonOperator string

// The comparison operators of static-threshold alarms.
const (
	GreaterThanOrEqualToThreshold ComparisonOperator = "GreaterThanOrEqualToThreshold"
	GreaterThanThreshold          ComparisonOperator = "GreaterThanThreshold"
	LessThanThreshold             ComparisonOperator = "LessThanThreshold"
	LessThanOrEqualToThreshold    ComparisonOperator = "LessThanOrEqualToThreshold"
)

// TreatMissingData says how an alarm treats periods with no datapoint.
type TreatMissingData string

// The treatments of missing data.
const (
	// MissingDataMissing (the default, also for ""): missing periods do
	// not count; with none in the evaluation range, INSUFFICIENT_DATA.
	MissingDataMissing TreatMissingData = "missing"
	// MissingDataIgnore: as missing, but where missing would give
	// INSUFFICIENT_DATA the alarm keeps its state.
	MissingDataIgnore TreatMissingData = "ignore"
	// MissingDataBreaching: missing periods count as breaching.
	MissingDataBreaching TreatMissingData = "breaching"
	// MissingDataNotBreaching: missing periods count as within the
	// threshold.
	MissingDataNotBreaching TreatMissingData = "notBreaching"
)

// HistoryItemType is the kind of an alarm history item.
type HistoryItemType string

// The kinds of alarm history items.
const (
	HistoryConfigurationUpdate HistoryItemType = "ConfigurationUpdate"
	HistoryStateUpdate         HistoryItemType = "StateUpdate"
	HistoryAction              HistoryItemType = "Action"
)

// AlarmType is metric or composite.
type AlarmType string

// The alarm types.
const (
	AlarmTypeMetricAlarm    AlarmType = "MetricAlarm"
	AlarmTypeCompositeAlarm AlarmType = "CompositeAlarm"
)
