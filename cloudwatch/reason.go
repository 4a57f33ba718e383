package cloudwatch

import (
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
)

// State reasons, reason data and notifications, in the forms AWS writes
// them (recorded from AWS in public examples):
//
//	Threshold Crossed: 3 out of the last 3 datapoints [5.0 (02/03/26 09:02:00), 5.0 (02/03/26 09:01:00), 5.0 (02/03/26 09:00:00)] were greater than or equal to the threshold (3.0) (minimum 3 datapoints for OK -> ALARM transition).
//	Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].
//	Insufficient Data: 5 datapoints were unknown.

// comparisonText is how a reason says what the comparison is.
var comparisonText = map[ComparisonOperator]string{
	GreaterThanOrEqualToThreshold: "greater than or equal to",
	GreaterThanThreshold:          "greater than",
	LessThanThreshold:             "less than",
	LessThanOrEqualToThreshold:    "less than or equal to",
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// reasonFor writes the state reason of evaluation ev, in which breaching
// and clear real datapoints decided and filled ones were missing: filled
// in as breaching or not, or left out, as TreatMissingData says.
func (a *alarm) reasonFor(ev *Evaluation, breaching, clear, filled int) string {
	n, m := a.config.EvaluationPeriods, a.config.DatapointsToAlarm
	treat := a.config.TreatMissingData
	counted := breaching + clear // the datapoints the reason speaks of
	switch treat {
	case MissingDataBreaching:
		counted += filled
		breaching += filled
	case MissingDataNotBreaching:
		counted += filled
		clear += filled
	}
	var b strings.Builder
	switch {
	case ev.State == StateInsufficientData:
		unknown := 0
		for _, pt := range ev.Datapoints {
			if pt.Missing {
				unknown++
			}
		}
		b.WriteString("Insufficient Data: ")
		b.WriteString(strconv.Itoa(unknown))
		b.WriteString(plural(unknown, " datapoint was unknown.", " datapoints were unknown."))
	case filled == n && (treat == MissingDataBreaching || treat == MissingDataNotBreaching):
		b.WriteString("Threshold Crossed: no datapoints were received for ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(plural(n, " period and ", " periods and "))
		b.WriteString(strconv.Itoa(n))
		b.WriteString(plural(n, " missing datapoint was treated as [", " missing datapoints were treated as ["))
		if a.config.TreatMissingData == MissingDataBreaching {
			b.WriteString("Breaching].")
		} else {
			b.WriteString("NonBreaching].")
		}
	default:
		alarming := ev.State == StateAlarm
		count := breaching
		if !alarming {
			count = clear
		}
		b.WriteString("Threshold Crossed: ")
		b.WriteString(strconv.Itoa(count))
		b.WriteString(" out of the last ")
		b.WriteString(strconv.Itoa(counted))
		b.WriteString(" datapoints [")
		first := true
		for i := len(ev.Datapoints) - 1; i >= 0; i-- {
			pt := ev.Datapoints[i]
			if !pt.Evaluated || pt.Breaching != alarming {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(javaFloat(pt.Value))
			b.WriteString(" (")
			b.WriteString(reasonTime(pt.Timestamp))
			b.WriteString(")")
		}
		b.WriteString("] ")
		b.WriteString(plural(count, "was ", "were "))
		if !alarming {
			b.WriteString("not ")
		}
		b.WriteString(comparisonText[a.config.ComparisonOperator])
		b.WriteString(" the threshold (")
		b.WriteString(javaFloat(*a.config.Threshold))
		b.WriteString(") (minimum ")
		need, transition := m, " for OK -> ALARM transition)."
		if !alarming {
			need, transition = n-m+1, " for ALARM -> OK transition)."
		}
		b.WriteString(strconv.Itoa(need))
		b.WriteString(plural(need, " datapoint", " datapoints"))
		b.WriteString(transition)
	}
	return b.String()
}

// reasonData is the JSON of an alarm's StateReasonData.
type reasonData struct {
	Version             string           `json:"version"`
	QueryDate           string           `json:"queryDate"`
	StartDate           string           `json:"startDate,omitempty"`
	Unit                string           `json:"unit,omitempty"`
	Statistic           string           `json:"statistic,omitempty"`
	Period              int64            `json:"period"`
	RecentDatapoints    []jnum           `json:"recentDatapoints"`
	Threshold           jnum             `json:"threshold"`
	EvaluatedDatapoints []evaluatedPoint `json:"evaluatedDatapoints"`
}

type evaluatedPoint struct {
	Timestamp   string `json:"timestamp"`
	SampleCount *jnum  `json:"sampleCount,omitempty"`
	Value       *jnum  `json:"value,omitempty"`
}

// reasonDataFor writes the StateReasonData of evaluation ev: the
// evaluated datapoints (all the periods of the range for
// INSUFFICIENT_DATA), newest first, and their values oldest first.
func (a *alarm) reasonDataFor(ev *Evaluation) string {
	d := reasonData{
		Version: "1.0", QueryDate: jsonTime(ev.At), Unit: string(a.config.Unit), Period: a.period,
		RecentDatapoints: []jnum{}, Threshold: jnum(*a.config.Threshold), EvaluatedDatapoints: []evaluatedPoint{},
	}
	if a.prog == nil {
		d.Statistic = a.st.String()
	}
	for i := len(ev.Datapoints) - 1; i >= 0; i-- {
		pt := ev.Datapoints[i]
		switch {
		case ev.State == StateInsufficientData:
			d.EvaluatedDatapoints = append(d.EvaluatedDatapoints, evaluatedPoint{Timestamp: jsonTime(pt.Timestamp)})
		case pt.Evaluated:
			e := evaluatedPoint{Timestamp: jsonTime(pt.Timestamp)}
			v := jnum(pt.Value)
			e.Value = &v
			if a.prog == nil {
				c := jnum(pt.SampleCount)
				e.SampleCount = &c
			}
			d.EvaluatedDatapoints = append(d.EvaluatedDatapoints, e)
			d.RecentDatapoints = append([]jnum{jnum(pt.Value)}, d.RecentDatapoints...)
			d.StartDate = jsonTime(pt.Timestamp)
		}
	}
	return marshal(d)
}

// stateHistoryData is the HistoryData of a StateUpdate history item.
func stateHistoryData(old StateValue, oldReason string, v StateValue, reason, data string) string {
	type state struct {
		StateValue      StateValue `json:"stateValue"`
		StateReason     string     `json:"stateReason"`
		StateReasonData any        `json:"stateReasonData,omitempty"`
	}
	nw := state{StateValue: v, StateReason: reason}
	if data != "" {
		nw.StateReasonData = rawJSON(data)
	}
	return marshal(struct {
		Version  string `json:"version"`
		OldState state  `json:"oldState"`
		NewState state  `json:"newState"`
	}{"1.0", state{StateValue: old, StateReason: oldReason}, nw})
}

// rawJSON is JSON written as it is.
type rawJSON string

// MarshalJSON returns the JSON as it is.
func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// notificationDimension is a dimension as notifications write it,
// lowercase and value first.
type notificationDimension struct {
	Value string `json:"value"`
	Name  string `json:"name"`
}

// notification is the JSON an alarm publishes to its SNS topics (and
// delivers to its other actions) when it enters a state.
type notification struct {
	notificationHeader
	Trigger trigger `json:"Trigger"`
}

// notificationHeader is what the notifications of metric and composite
// alarms share.
type notificationHeader struct {
	AlarmName                          string   `json:"AlarmName"`
	AlarmDescription                   *string  `json:"AlarmDescription"`
	AWSAccountID                       string   `json:"AWSAccountId"`
	AlarmConfigurationUpdatedTimestamp string   `json:"AlarmConfigurationUpdatedTimestamp"`
	NewStateValue                      string   `json:"NewStateValue"`
	NewStateReason                     string   `json:"NewStateReason"`
	StateChangeTime                    string   `json:"StateChangeTime"`
	Region                             string   `json:"Region"`
	AlarmArn                           string   `json:"AlarmArn"`
	OldStateValue                      string   `json:"OldStateValue"`
	OKActions                          []string `json:"OKActions"`
	AlarmActions                       []string `json:"AlarmActions"`
	InsufficientDataActions            []string `json:"InsufficientDataActions"`
}

type trigger struct {
	MetricName                       string                  `json:"MetricName,omitempty"`
	Namespace                        string                  `json:"Namespace,omitempty"`
	StatisticType                    string                  `json:"StatisticType,omitempty"`
	Statistic                        string                  `json:"Statistic,omitempty"`
	ExtendedStatistic                string                  `json:"ExtendedStatistic,omitempty"`
	Unit                             *string                 `json:"Unit"`
	Dimensions                       []notificationDimension `json:"Dimensions"`
	Period                           int64                   `json:"Period"`
	EvaluationPeriods                int                     `json:"EvaluationPeriods"`
	DatapointsToAlarm                int                     `json:"DatapointsToAlarm"`
	ComparisonOperator               string                  `json:"ComparisonOperator"`
	Threshold                        jnum                    `json:"Threshold"`
	TreatMissingData                 string                  `json:"TreatMissingData"`
	EvaluateLowSampleCountPercentile string                  `json:"EvaluateLowSampleCountPercentile"`
	Metrics                          []triggerQuery          `json:"Metrics,omitempty"`
}

// triggerQuery is an entry of the Metrics of an alarm on an expression,
// in a notification.
type triggerQuery struct {
	ID         string             `json:"id"`
	Expression string             `json:"expression,omitempty"`
	Label      string             `json:"label,omitempty"`
	MetricStat *triggerMetricStat `json:"metricStat,omitempty"`
	ReturnData bool               `json:"returnData"`
}

type triggerMetricStat struct {
	Metric struct {
		Dimensions []notificationDimension `json:"dimensions"`
		MetricName string                  `json:"metricName"`
		Namespace  string                  `json:"namespace"`
	} `json:"metric"`
	Period int64  `json:"period"`
	Stat   string `json:"stat"`
}

// notification writes the JSON the alarm delivers on entering its state
// at at from old.
func (a *alarm) notification(s *Service, at time.Time, old StateValue) string {
	c := &a.config
	n := notification{notificationHeader: notificationHeader{
		AlarmName: c.AlarmName, AWSAccountID: s.accountID,
		AlarmConfigurationUpdatedTimestamp: jsonTime(a.configUpdated),
		NewStateValue:                      string(a.state), NewStateReason: a.reason, StateChangeTime: jsonTime(at),
		Region: s.regionName, AlarmArn: a.arn, OldStateValue: string(old),
		OKActions: nonNil(c.OKActions), AlarmActions: nonNil(c.AlarmActions), InsufficientDataActions: nonNil(c.InsufficientDataActions),
	}}
	if c.AlarmDescription != "" {
		n.AlarmDescription = &c.AlarmDescription
	}
	t := &n.Trigger
	t.Period, t.EvaluationPeriods, t.DatapointsToAlarm = a.period, c.EvaluationPeriods, c.DatapointsToAlarm
	t.ComparisonOperator, t.Threshold, t.TreatMissingData = string(c.ComparisonOperator), jnum(*c.Threshold), string(c.TreatMissingData)
	t.Dimensions = []notificationDimension{}
	if a.prog == nil {
		t.MetricName, t.Namespace = c.MetricName, c.Namespace
		if a.st.extended != "" {
			t.StatisticType, t.ExtendedStatistic = "ExtendedStatistic", a.st.extended
		} else {
			t.StatisticType, t.Statistic = "Statistic", strings.ToUpper(string(a.st.basic))
		}
		if c.Unit != "" {
			u := string(c.Unit)
			t.Unit = &u
		}
		for _, d := range c.Dimensions {
			t.Dimensions = append(t.Dimensions, notificationDimension{Value: d.Value, Name: d.Name})
		}
	} else {
		for _, q := range a.prog.queries {
			tq := triggerQuery{ID: q.id, ReturnData: q.returnData}
			if q.expr == nil {
				ms := &triggerMetricStat{Period: q.period, Stat: q.stat.String()}
				ms.Metric.MetricName, ms.Metric.Namespace = q.name, q.namespace
				ms.Metric.Dimensions = []notificationDimension{}
				for _, d := range q.dims {
					ms.Metric.Dimensions = append(ms.Metric.Dimensions, notificationDimension{Value: d.Value, Name: d.Name})
				}
				tq.MetricStat = ms
			} else {
				tq.Expression = c.Metrics[a.prog.byID[q.id]].Expression
				tq.Label = c.Metrics[a.prog.byID[q.id]].Label
			}
			t.Metrics = append(t.Metrics, tq)
		}
	}
	return marshal(n)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isScalingPolicy reports whether target is an Auto Scaling policy ARN.
func isScalingPolicy(target string) bool {
	_, err := arn.ParseScalingPolicy(target)
	return err == nil
}
