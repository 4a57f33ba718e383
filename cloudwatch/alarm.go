package cloudwatch

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Tag is a key-value pair of an alarm. The simulator keeps the tags given
// to PutMetricAlarm but has no tagging operations.
type Tag struct {
	Key   string
	Value string
}

// PutMetricAlarmInput is the input of [Service.PutMetricAlarm].
//
// An alarm watches either one metric (MetricName, Namespace, Dimensions,
// Period, Unit and Statistic or ExtendedStatistic) or a metric math
// expression (Metrics), not both.
type PutMetricAlarmInput struct {
	// AlarmName is required: 1 to 255 characters, no control characters,
	// unique in the account and region.
	AlarmName        string
	AlarmDescription string
	// ActionsEnabled says whether the alarm runs its actions; nil means
	// true.
	ActionsEnabled *bool
	// OKActions, AlarmActions and InsufficientDataActions are up to five
	// ARNs each, run when the alarm enters the state: SNS topics,
	// Auto Scaling policies, or any ARN a service of the account holds.
	OKActions               []string
	AlarmActions            []string
	InsufficientDataActions []string

	MetricName         string
	Namespace          string
	Statistic          Statistic
	ExtendedStatistic  string // a percentile, "p99" or "p99.9"
	Dimensions         []Dimension
	Period             time.Duration // 10 s, 30 s or a multiple of 60 s
	Unit               StandardUnit
	Metrics            []MetricDataQuery
	ThresholdMetricId  string // anomaly detection, which the simulator does not have
	Tags               []Tag
	ComparisonOperator ComparisonOperator
	// EvaluationPeriods (N) is required, at least 1, and N × Period is at
	// most one day. DatapointsToAlarm (M) is 1 to N; 0 means N.
	EvaluationPeriods int
	DatapointsToAlarm int
	Threshold         *float64 // required; see [Float64]
	TreatMissingData  TreatMissingData
	// EvaluateLowSampleCountPercentile is "evaluate" (the default, also
	// for "") or "ignore", for percentile alarms.
	EvaluateLowSampleCountPercentile string
}

// PutMetricAlarmOutput is the output of [Service.PutMetricAlarm].
type PutMetricAlarmOutput struct{}

// MetricAlarm is an alarm as DescribeAlarms returns it.
type MetricAlarm struct {
	AlarmName                          string
	AlarmArn                           string
	AlarmDescription                   string
	AlarmConfigurationUpdatedTimestamp time.Time
	ActionsEnabled                     bool
	OKActions                          []string
	AlarmActions                       []string
	InsufficientDataActions            []string
	StateValue                         StateValue
	StateReason                        string
	StateReasonData                    string
	// StateUpdatedTimestamp is when the state (or its reason) was last
	// set, StateTransitionedTimestamp when the state last changed.
	StateUpdatedTimestamp            time.Time
	StateTransitionedTimestamp       time.Time
	MetricName                       string
	Namespace                        string
	Statistic                        Statistic
	ExtendedStatistic                string
	Dimensions                       []Dimension
	Period                           time.Duration
	Unit                             StandardUnit
	EvaluationPeriods                int
	DatapointsToAlarm                int
	Threshold                        float64
	ComparisonOperator               ComparisonOperator
	TreatMissingData                 TreatMissingData
	EvaluateLowSampleCountPercentile string
	Metrics                          []MetricDataQuery
}

// alarm is a metric alarm: its configuration and its state.
type alarm struct {
	seq    uint64 // creation order
	arn    string
	config PutMetricAlarmInput // as given, deep-copied, with defaults
	// What it watches: one metric (key, st) or an expression (prog).
	key    string
	metric *metric // s.metrics[key], once it exists
	st     stat
	prog   *program
	period int64 // seconds
	group  *group
	// scaling are the Auto Scaling policies among the actions of each
	// state (by stateIndex), run again while the state lasts.
	scaling [3][]string

	configUpdated     time.Time
	state             StateValue
	reason            string
	reasonData        string
	stateUpdated      time.Time
	stateTransitioned time.Time
	lastEvaluation    Evaluation
	evaluations       int
}

// group is the alarms of one period, evaluated together at each multiple
// of the period since the Unix epoch, in creation order.
type group struct {
	period int64
	alarms []*alarm
	next   int64 // Unix seconds of the next evaluation
}

// PutMetricAlarm creates an alarm, or replaces the configuration of the
// alarm of that name. A new alarm is INSUFFICIENT_DATA ("Unchecked:
// Initial alarm creation") and is first evaluated at the end of the
// period it was created in; an updated one keeps its state. The alarm is
// then evaluated at the end of every period: see the package
// documentation for the rules.
//
// Errors: MissingParameter for a missing name, EvaluationPeriods,
// ComparisonOperator, Threshold, metric name, namespace, period or
// statistic; InvalidParameterValue for a value out of range (a period
// other than 10, 30 or a multiple of 60 seconds, Period ×
// EvaluationPeriods over a day, DatapointsToAlarm over
// EvaluationPeriods, more than five actions, an action that is not an
// ARN, an unknown statistic, comparison, unit or missing-data treatment,
// a bad expression, an anomaly-detection comparison);
// InvalidParameterCombination for a metric and Metrics together, or both
// Statistic and ExtendedStatistic; LimitExceeded past the account's alarm
// quota ([WithAlarmLimit]); InvalidParameterValue for the name of a
// composite alarm. A refused call changes nothing.
func (s *Service) PutMetricAlarm(ctx context.Context, in *PutMetricAlarmInput) (*PutMetricAlarmOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	a, verr := checkAlarm(in)
	if verr != nil {
		return nil, verr
	}
	if a.prog == nil {
		a.key = string(s.keyOfLocked(in.Namespace, in.MetricName, in.Dimensions))
	}
	s.mu.Lock()
	now := s.sched.Now()
	if s.composites[in.AlarmName] != nil {
		s.mu.Unlock()
		return nil, ErrInvalidParameterValueException.With("The alarm %s is a composite alarm; a metric alarm cannot have its name.", in.AlarmName)
	}
	old := s.alarms[in.AlarmName]
	if old == nil && len(s.alarms) >= s.alarmLimit {
		s.mu.Unlock()
		return nil, ErrLimitExceededFault.With("The maximum number of alarms (%d) for this account has been reached.", s.alarmLimit)
	}
	a.arn = arn.Alarm{Region: s.region, AccountID: s.accountID, Name: in.AlarmName}.String()
	a.configUpdated = now
	if old == nil {
		s.nextSeq++
		a.seq = s.nextSeq
		a.state, a.reason, a.stateUpdated, a.stateTransitioned = StateInsufficientData, "Unchecked: Initial alarm creation", now, now
		s.addHistoryLocked(a, now, HistoryConfigurationUpdate, `Alarm "`+in.AlarmName+`" created`, `{"type":"Create","version":"1.0"}`)
		s.recordLocked(now, EventAlarmCreated, a.config.AlarmName, "state="+string(a.state))
	} else {
		a.seq = old.seq
		a.state, a.reason, a.reasonData = old.state, old.reason, old.reasonData
		a.stateUpdated, a.stateTransitioned = old.stateUpdated, old.stateTransitioned
		a.lastEvaluation, a.evaluations = old.lastEvaluation, old.evaluations
		s.removeFromGroupLocked(old)
		s.addHistoryLocked(a, now, HistoryConfigurationUpdate, `Alarm "`+in.AlarmName+`" updated`, `{"type":"Update","version":"1.0"}`)
		s.recordLocked(now, EventAlarmUpdated, a.config.AlarmName, "")
	}
	s.alarms[in.AlarmName] = a
	s.addToGroupLocked(a, now)
	s.scheduleLocked()
	s.mu.Unlock()
	return &PutMetricAlarmOutput{}, nil
}

// keyOfLocked is keyOf for callers that do not hold s.mu: it copies the
// key out of a scratch buffer of its own.
func (s *Service) keyOfLocked(namespace, name string, dims []Dimension) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return []byte(string(s.keyOf(namespace, name, dims)))
}

// checkAlarm validates a PutMetricAlarm input and returns the alarm it
// makes, without its ARN, state or key.
func checkAlarm(in *PutMetricAlarmInput) (*alarm, *Error) {
	if err := checkAlarmName("AlarmName", in.AlarmName); err != nil {
		return nil, err
	}
	switch {
	case in.EvaluationPeriods == 0:
		return nil, missing("EvaluationPeriods")
	case in.EvaluationPeriods < 0:
		return nil, invalid("EvaluationPeriods", strconv.Itoa(in.EvaluationPeriods))
	case in.ComparisonOperator == "":
		return nil, missing("ComparisonOperator")
	case len(in.AlarmDescription) > maxDescription:
		return nil, ErrInvalidParameterValueException.With("The parameter AlarmDescription must be at most %d characters long.", maxDescription)
	case in.ThresholdMetricId != "":
		return nil, ErrInvalidParameterValueException.With("Anomaly detection alarms (ThresholdMetricId) are not simulated.")
	case len(in.Tags) > 50:
		return nil, ErrInvalidParameterValueException.With("The collection Tags must not have a size greater than 50.")
	}
	switch in.ComparisonOperator {
	case GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold:
	case "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold":
		return nil, ErrInvalidParameterValueException.With("The comparison operator %s is for anomaly detection alarms, which are not simulated.", in.ComparisonOperator)
	default:
		return nil, invalid("ComparisonOperator", string(in.ComparisonOperator))
	}
	if in.Threshold == nil {
		return nil, missing("Threshold")
	}
	if err := checkValue("Threshold", *in.Threshold); err != nil {
		return nil, err
	}
	m := in.DatapointsToAlarm
	switch {
	case m < 0:
		return nil, invalid("DatapointsToAlarm", strconv.Itoa(m))
	case m > in.EvaluationPeriods:
		return nil, ErrInvalidParameterValueException.With("DatapointsToAlarm (%d) must be less than or equal to EvaluationPeriods (%d).", m, in.EvaluationPeriods)
	}
	switch in.TreatMissingData {
	case "", MissingDataMissing, MissingDataIgnore, MissingDataBreaching, MissingDataNotBreaching:
	default:
		return nil, invalid("TreatMissingData", string(in.TreatMissingData))
	}
	switch in.EvaluateLowSampleCountPercentile {
	case "", "evaluate", "ignore":
	default:
		return nil, invalid("EvaluateLowSampleCountPercentile", in.EvaluateLowSampleCountPercentile)
	}
	for _, list := range []struct {
		name string
		arns []string
	}{{"OKActions", in.OKActions}, {"AlarmActions", in.AlarmActions}, {"InsufficientDataActions", in.InsufficientDataActions}} {
		if len(list.arns) > MaxActions {
			return nil, ErrInvalidParameterValueException.With("The collection %s must not have a size greater than %d.", list.name, MaxActions)
		}
		for i, target := range list.arns {
			if err := checkAction(member(list.name, i, ""), target); err != nil {
				return nil, err
			}
		}
	}
	a := &alarm{}
	metricGiven := in.MetricName != "" || in.Namespace != "" || in.Statistic != "" || in.ExtendedStatistic != "" ||
		len(in.Dimensions) > 0 || in.Period != 0 || in.Unit != ""
	switch {
	case metricGiven && len(in.Metrics) > 0:
		return nil, ErrInvalidParameterCombinationException.With("The parameters MetricName, Namespace, Dimensions, Period, Unit, Statistic and ExtendedStatistic cannot be used with Metrics.")
	case len(in.Metrics) > 0:
		prog, err := compileQueries("Metrics", in.Metrics, true)
		if err != nil {
			return nil, err
		}
		a.prog = prog
		a.period = prog.period(prog.watched)
	default:
		if err := checkMetricName("MetricName", in.MetricName); err != nil {
			return nil, err
		}
		if err := checkNamespace("Namespace", in.Namespace, false); err != nil {
			return nil, err
		}
		if err := checkDimensions("Dimensions", in.Dimensions); err != nil {
			return nil, err
		}
		if err := checkUnit("Unit", in.Unit); err != nil {
			return nil, err
		}
		period, err := checkPeriod("Period", in.Period, true)
		if err != nil {
			return nil, err
		}
		a.period = period
		switch {
		case in.Statistic != "" && in.ExtendedStatistic != "":
			return nil, ErrInvalidParameterCombinationException.With("The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.")
		case in.Statistic != "":
			if !isBasicStatistic(in.Statistic) {
				return nil, invalid("Statistic", string(in.Statistic))
			}
			a.st = stat{basic: in.Statistic}
		case in.ExtendedStatistic != "":
			p, ok := parsePercentile(in.ExtendedStatistic)
			if !ok {
				return nil, invalid("ExtendedStatistic", in.ExtendedStatistic)
			}
			a.st = stat{percentile: p, extended: in.ExtendedStatistic}
		default:
			return nil, ErrInvalidParameterCombinationException.With("One of the parameters Statistic and ExtendedStatistic must be given.")
		}
	}
	if time.Duration(a.period)*time.Second*time.Duration(in.EvaluationPeriods) > MaxAlarmEvaluationRange {
		return nil, ErrInvalidParameterValueException.With("The product of EvaluationPeriods (%d) and Period (%d) must not exceed 86400 seconds.", in.EvaluationPeriods, a.period)
	}
	a.config = cloneAlarmInput(in)
	if a.config.DatapointsToAlarm == 0 {
		a.config.DatapointsToAlarm = in.EvaluationPeriods
	}
	if a.config.TreatMissingData == "" {
		a.config.TreatMissingData = MissingDataMissing
	}
	if a.config.ActionsEnabled == nil {
		a.config.ActionsEnabled = Bool(true)
	}
	a.scaling = a.scalingActions()
	return a, nil
}

// checkAction checks an action's ARN.
func checkAction(param, target string) *Error {
	if len(target) > maxActionARN {
		return invalid(param, target)
	}
	parsed, err := arn.Parse(target)
	if err != nil {
		return ErrInvalidParameterValueException.With("Invalid arn syntax: %s", target)
	}
	switch parsed.Service {
	case "sns":
		if _, err := arn.ParseTopic(target); err != nil {
			return ErrInvalidParameterValueException.With("Invalid arn syntax: %s", target)
		}
	case "autoscaling":
		if _, err := arn.ParseScalingPolicy(target); err != nil {
			return ErrInvalidParameterValueException.With("Invalid arn syntax: %s", target)
		}
	}
	return nil
}

// cloneAlarmInput deep-copies an alarm's configuration, so that the caller
// may change what it passed.
func cloneAlarmInput(in *PutMetricAlarmInput) PutMetricAlarmInput {
	c := *in
	c.ActionsEnabled = nil
	if in.ActionsEnabled != nil {
		c.ActionsEnabled = Bool(*in.ActionsEnabled)
	}
	c.Threshold = Float64(*in.Threshold)
	c.OKActions = slices.Clone(in.OKActions)
	c.AlarmActions = slices.Clone(in.AlarmActions)
	c.InsufficientDataActions = slices.Clone(in.InsufficientDataActions)
	c.Dimensions = slices.Clone(in.Dimensions)
	c.Tags = slices.Clone(in.Tags)
	c.Metrics = cloneQueries(in.Metrics)
	return c
}

func cloneQueries(qs []MetricDataQuery) []MetricDataQuery {
	if qs == nil {
		return nil
	}
	out := slices.Clone(qs)
	for i := range out {
		if q := qs[i].MetricStat; q != nil {
			ms := *q
			ms.Metric.Dimensions = slices.Clone(q.Metric.Dimensions)
			out[i].MetricStat = &ms
		}
		if qs[i].ReturnData != nil {
			out[i].ReturnData = Bool(*qs[i].ReturnData)
		}
	}
	return out
}

// addToGroupLocked puts a into the group of its period, which it first
// evaluates at the next multiple of the period after now.
func (s *Service) addToGroupLocked(a *alarm, now time.Time) {
	i, found := slices.BinarySearchFunc(s.groups, a.period, func(g *group, p int64) int { return int(g.period - p) })
	if !found {
		t := now.Unix()
		g := &group{period: a.period, next: t - mod(t, a.period) + a.period}
		s.groups = slices.Insert(s.groups, i, g)
	}
	g := s.groups[i]
	j, _ := slices.BinarySearchFunc(g.alarms, a.seq, func(x *alarm, seq uint64) int { return int(int64(x.seq) - int64(seq)) })
	g.alarms = slices.Insert(g.alarms, j, a)
	a.group = g
}

// removeFromGroupLocked takes a out of its group, and drops the group
// once it is empty.
func (s *Service) removeFromGroupLocked(a *alarm) {
	g := a.group
	if g == nil {
		return
	}
	g.alarms = slices.DeleteFunc(g.alarms, func(x *alarm) bool { return x == a })
	a.group = nil
	if len(g.alarms) == 0 {
		s.groups = slices.DeleteFunc(s.groups, func(x *group) bool { return x == g })
	}
}

// describe returns the alarm as DescribeAlarms shows it.
func (a *alarm) describe() MetricAlarm {
	c := &a.config
	return MetricAlarm{
		AlarmName: c.AlarmName, AlarmArn: a.arn, AlarmDescription: c.AlarmDescription,
		AlarmConfigurationUpdatedTimestamp: a.configUpdated,
		ActionsEnabled:                     *c.ActionsEnabled,
		OKActions:                          slices.Clone(c.OKActions), AlarmActions: slices.Clone(c.AlarmActions),
		InsufficientDataActions: slices.Clone(c.InsufficientDataActions),
		StateValue:              a.state, StateReason: a.reason, StateReasonData: a.reasonData,
		StateUpdatedTimestamp: a.stateUpdated, StateTransitionedTimestamp: a.stateTransitioned,
		MetricName: c.MetricName, Namespace: c.Namespace, Statistic: c.Statistic, ExtendedStatistic: c.ExtendedStatistic,
		Dimensions: slices.Clone(c.Dimensions), Period: c.Period, Unit: c.Unit,
		EvaluationPeriods: c.EvaluationPeriods, DatapointsToAlarm: c.DatapointsToAlarm, Threshold: *c.Threshold,
		ComparisonOperator: c.ComparisonOperator, TreatMissingData: c.TreatMissingData,
		EvaluateLowSampleCountPercentile: c.EvaluateLowSampleCountPercentile,
		Metrics:                          cloneQueries(c.Metrics),
	}
}

// actions returns the alarm's actions for state v.
func (a *alarm) actions(v StateValue) []string {
	switch v {
	case StateOK:
		return a.config.OKActions
	case StateAlarm:
		return a.config.AlarmActions
	}
	return a.config.InsufficientDataActions
}

// DescribeAlarmsInput is the input of [Service.DescribeAlarms]. Every
// filter given must match.
type DescribeAlarmsInput struct {
	// AlarmNames (up to 100) or AlarmNamePrefix, not both.
	AlarmNames      []string
	AlarmNamePrefix string
	// AlarmTypes selects metric alarms (the default, also when empty),
	// composite alarms, or both.
	AlarmTypes []AlarmType
	StateValue StateValue
	// ActionPrefix matches alarms with an action (of any state) that
	// begins with it.
	ActionPrefix string
	// MaxRecords is 1 to 100 (default 50) alarms per page.
	MaxRecords int
	NextToken  string
	// ChildrenOfAlarmName selects the alarms, metric and composite, that
	// the rule of the composite alarm of that name names;
	// ParentsOfAlarmName the composite alarms whose rules name the alarm
	// of that name. With either, no other filter may be given (AlarmTypes
	// neither): both kinds are returned.
	ChildrenOfAlarmName string
	ParentsOfAlarmName  string
}

// DescribeAlarmsOutput is the output of [Service.DescribeAlarms]: the
// page's metric alarms and composite alarms, each in name order.
type DescribeAlarmsOutput struct {
	MetricAlarms    []MetricAlarm
	CompositeAlarms []CompositeAlarm
	NextToken       string
}

// DescribeAlarms returns the alarms that match the filters, in name
// order, a page at a time (a page counts metric and composite alarms
// together).
//
// Errors: InvalidParameterValue for a bad name, prefix, state, alarm
// type or MaxRecords; InvalidParameterCombination for AlarmNames with
// AlarmNamePrefix; ValidationError for ChildrenOfAlarmName or
// ParentsOfAlarmName with another filter; InvalidNextToken for a token no
// earlier call returned.
func (s *Service) DescribeAlarms(ctx context.Context, in *DescribeAlarmsInput) (*DescribeAlarmsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkNames("AlarmNames", in.AlarmNames, false); err != nil {
		return nil, err
	}
	switch {
	case len(in.AlarmNames) > 0 && in.AlarmNamePrefix != "":
		return nil, ErrInvalidParameterCombinationException.With("The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have specified both.")
	case len(in.AlarmNamePrefix) > maxAlarmName:
		return nil, invalid("AlarmNamePrefix", in.AlarmNamePrefix)
	case len(in.ActionPrefix) > maxActionARN:
		return nil, invalid("ActionPrefix", in.ActionPrefix)
	case in.StateValue != "" && in.StateValue != StateOK && in.StateValue != StateAlarm && in.StateValue != StateInsufficientData:
		return nil, invalid("StateValue", string(in.StateValue))
	case in.MaxRecords < 0 || in.MaxRecords > describeMaxRecords:
		return nil, invalid("MaxRecords", strconv.Itoa(in.MaxRecords))
	}
	metricAlarms, composites, verr := wantsAlarmTypes(in.AlarmTypes)
	if verr != nil {
		return nil, verr
	}
	family := in.ChildrenOfAlarmName != "" || in.ParentsOfAlarmName != ""
	if family {
		if in.ChildrenOfAlarmName != "" && in.ParentsOfAlarmName != "" || len(in.AlarmNames) > 0 || in.AlarmNamePrefix != "" ||
			len(in.AlarmTypes) > 0 || in.StateValue != "" || in.ActionPrefix != "" {
			return nil, ErrValidationError.With("ChildrenOfAlarmName and ParentsOfAlarmName cannot be used with any other parameter than MaxRecords and NextToken.")
		}
		metricAlarms, composites = true, true
	}
	page := in.MaxRecords
	if page == 0 {
		page = defaultMaxRecords
	}
	s.mu.Lock()
	var related map[string]bool // the family asked for, by name
	switch {
	case in.ChildrenOfAlarmName != "":
		related = map[string]bool{}
		if c := s.composites[in.ChildrenOfAlarmName]; c != nil {
			for _, name := range c.children {
				related[name] = true
			}
		}
	case in.ParentsOfAlarmName != "":
		related = map[string]bool{}
		for _, p := range s.parents[in.ParentsOfAlarmName] {
			related[p.config.AlarmName] = true
		}
	}
	keep := func(name string, state StateValue, hasPrefix func(string) bool) bool {
		switch {
		case related != nil:
			return related[name]
		case len(in.AlarmNames) > 0 && !slices.Contains(in.AlarmNames, name):
		case !strings.HasPrefix(name, in.AlarmNamePrefix):
		case in.StateValue != "" && state != in.StateValue:
		case in.ActionPrefix != "" && !hasPrefix(in.ActionPrefix):
		default:
			return true
		}
		return false
	}
	var found []string
	if metricAlarms {
		for name, a := range s.alarms {
			if keep(name, a.state, func(p string) bool { return hasActionPrefix(a.actions, p) }) {
				found = append(found, name)
			}
		}
	}
	if composites {
		for name, c := range s.composites {
			if keep(name, c.state, func(p string) bool { return hasActionPrefix(c.actions, p) }) {
				found = append(found, name)
			}
		}
	}
	slices.Sort(found)
	from, verr := pageStart(in.NextToken, len(found))
	if verr != nil {
		s.mu.Unlock()
		return nil, verr
	}
	out := &DescribeAlarmsOutput{}
	for _, name := range found[from:min(from+page, len(found))] {
		if a := s.alarms[name]; a != nil {
			out.MetricAlarms = append(out.MetricAlarms, a.describe())
		} else {
			out.CompositeAlarms = append(out.CompositeAlarms, s.composites[name].describe())
		}
	}
	s.mu.Unlock()
	if from+page < len(found) {
		out.NextToken = strconv.Itoa(from + page)
	}
	return out, nil
}

// wantsAlarmTypes checks AlarmTypes and reports whether they select
// metric alarms (when empty, or when they name MetricAlarm) and
// composite alarms (when they name CompositeAlarm).
func wantsAlarmTypes(types []AlarmType) (metric, composite bool, err *Error) {
	metric = len(types) == 0
	for i, t := range types {
		switch t {
		case AlarmTypeMetricAlarm:
			metric = true
		case AlarmTypeCompositeAlarm:
			composite = true
		default:
			return false, false, invalid(member("AlarmTypes", i, ""), string(t))
		}
	}
	return metric, composite, nil
}

// pageStart returns where the page a NextToken names begins.
func pageStart(token string, n int) (int, *Error) {
	if token == "" {
		return 0, nil
	}
	from, err := strconv.Atoi(token)
	if err != nil || from < 0 || from > n {
		return 0, ErrInvalidNextToken.With("The value of NextToken is invalid.")
	}
	return from, nil
}

// hasActionPrefix reports whether one of the actions of any state
// begins with prefix.
func hasActionPrefix(actions func(StateValue) []string, prefix string) bool {
	for _, v := range []StateValue{StateOK, StateAlarm, StateInsufficientData} {
		for _, target := range actions(v) {
			if strings.HasPrefix(target, prefix) {
				return true
			}
		}
	}
	return false
}

// DescribeAlarmsForMetricInput is the input of
// [Service.DescribeAlarmsForMetric].
type DescribeAlarmsForMetricInput struct {
	// MetricName and Namespace are required; Dimensions must be the
	// metric's exactly.
	MetricName string
	Namespace  string
	Dimensions []Dimension
	// Statistic, ExtendedStatistic, Period and Unit, when given, must
	// match too.
	Statistic         Statistic
	ExtendedStatistic string
	Period            time.Duration
	Unit              StandardUnit
}

// DescribeAlarmsForMetricOutput is the output of
// [Service.DescribeAlarmsForMetric].
type DescribeAlarmsForMetricOutput struct {
	MetricAlarms []MetricAlarm
}

// DescribeAlarmsForMetric returns the alarms that watch a metric, in name
// order. Alarms on metric math expressions are not returned, even when
// they use the metric, as in AWS.
//
// Errors: MissingParameter for a missing metric name or namespace;
// InvalidParameterValue for a bad one.
func (s *Service) DescribeAlarmsForMetric(ctx context.Context, in *DescribeAlarmsForMetricInput) (*DescribeAlarmsForMetricOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkMetricName("MetricName", in.MetricName); err != nil {
		return nil, err
	}
	if err := checkNamespace("Namespace", in.Namespace, false); err != nil {
		return nil, err
	}
	if err := checkDimensions("Dimensions", in.Dimensions); err != nil {
		return nil, err
	}
	s.mu.Lock()
	key := string(s.keyOf(in.Namespace, in.MetricName, in.Dimensions))
	var found []*alarm
	for _, a := range s.alarms {
		c := &a.config
		switch {
		case a.prog != nil || a.key != key:
		case in.Statistic != "" && c.Statistic != in.Statistic:
		case in.ExtendedStatistic != "" && c.ExtendedStatistic != in.ExtendedStatistic:
		case in.Period != 0 && c.Period != in.Period:
		case in.Unit != "" && c.Unit != in.Unit:
		default:
			found = append(found, a)
		}
	}
	slices.SortFunc(found, func(a, b *alarm) int { return strings.Compare(a.config.AlarmName, b.config.AlarmName) })
	out := &DescribeAlarmsForMetricOutput{}
	for _, a := range found {
		out.MetricAlarms = append(out.MetricAlarms, a.describe())
	}
	s.mu.Unlock()
	return out, nil
}

// DeleteAlarmsInput is the input of [Service.DeleteAlarms].
type DeleteAlarmsInput struct {
	// AlarmNames are 1 to 100 names.
	AlarmNames []string
}

// DeleteAlarmsOutput is the output of [Service.DeleteAlarms].
type DeleteAlarmsOutput struct{}

// DeleteAlarms deletes alarms, metric and composite; their history
// stays. If one of the names is not an alarm, nothing is deleted. An
// alarm that the rule of a composite alarm names cannot be deleted,
// unless that composite alarm is deleted in the same call, and one call
// deletes at most one composite alarm, as in AWS.
//
// Errors: MissingParameter for no names; InvalidParameterValue for more
// than 100 or a bad name; ResourceNotFound for a name that is not an
// alarm; ValidationError for an alarm a composite alarm depends on
// ("Cannot delete a as there are composite alarm(s) depending on it.")
// or more than one composite alarm.
func (s *Service) DeleteAlarms(ctx context.Context, in *DeleteAlarmsInput) (*DeleteAlarmsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkNames("AlarmNames", in.AlarmNames, true); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var unknown, composites, depended []string
	for _, name := range in.AlarmNames {
		switch {
		case s.composites[name] != nil:
			composites = appendDistinct(composites, name)
		case s.alarms[name] == nil && !slices.Contains(unknown, name):
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return nil, ErrResourceNotFound.With("%d alarms were not found: %s", len(unknown), strings.Join(unknown, ", "))
	}
	if len(composites) > 1 {
		return nil, ErrValidationError.With("At most one composite alarm can be deleted per call; %d were given: %s", len(composites), strings.Join(composites, ", "))
	}
	for _, name := range in.AlarmNames {
		for _, p := range s.parents[name] {
			if !slices.Contains(in.AlarmNames, p.config.AlarmName) {
				depended = appendDistinct(depended, name)
			}
		}
	}
	switch len(depended) {
	case 0:
	case 1:
		return nil, ErrValidationError.With("Cannot delete %s as there are composite alarm(s) depending on it.", depended[0])
	default:
		return nil, ErrValidationError.With("Cannot delete %s as there are composite alarm(s) depending on them.", strings.Join(depended, ","))
	}
	now := s.sched.Now()
	for _, name := range in.AlarmNames {
		if c := s.composites[name]; c != nil {
			s.unlinkLocked(c)
			delete(s.composites, name)
			s.addItemLocked(name, AlarmTypeCompositeAlarm, now, HistoryConfigurationUpdate, `Alarm "`+name+`" deleted`, `{"type":"Delete","version":"1.0"}`)
			s.recordLocked(now, EventAlarmDeleted, name, "")
			continue
		}
		a := s.alarms[name]
		if a == nil { // named twice
			continue
		}
		s.removeFromGroupLocked(a)
		delete(s.alarms, name)
		s.addHistoryLocked(a, now, HistoryConfigurationUpdate, `Alarm "`+name+`" deleted`, `{"type":"Delete","version":"1.0"}`)
		s.recordLocked(now, EventAlarmDeleted, name, "")
	}
	s.scheduleLocked()
	return &DeleteAlarmsOutput{}, nil
}

// EnableAlarmActionsInput is the input of [Service.EnableAlarmActions].
type EnableAlarmActionsInput struct {
	AlarmNames []string // 1 to 100
}

// EnableAlarmActionsOutput is the output of [Service.EnableAlarmActions].
type EnableAlarmActionsOutput struct{}

// EnableAlarmActions turns the actions of alarms on: their next state
// changes run them. Names that are not alarms are ignored, as in AWS.
//
// Errors: MissingParameter for no names; InvalidParameterValue for more
// than 100 or a bad name.
func (s *Service) EnableAlarmActions(ctx context.Context, in *EnableAlarmActionsInput) (*EnableAlarmActionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.setActionsEnabled(in.AlarmNames, true); err != nil {
		return nil, err
	}
	return &EnableAlarmActionsOutput{}, nil
}

// DisableAlarmActionsInput is the input of [Service.DisableAlarmActions].
type DisableAlarmActionsInput struct {
	AlarmNames []string // 1 to 100
}

// DisableAlarmActionsOutput is the output of [Service.DisableAlarmActions].
type DisableAlarmActionsOutput struct{}

// DisableAlarmActions turns the actions of alarms off: they still change
// state, and record it in their history, but run no actions. Names that
// are not alarms are ignored, as in AWS.
//
// Errors: MissingParameter for no names; InvalidParameterValue for more
// than 100 or a bad name.
func (s *Service) DisableAlarmActions(ctx context.Context, in *DisableAlarmActionsInput) (*DisableAlarmActionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.setActionsEnabled(in.AlarmNames, false); err != nil {
		return nil, err
	}
	return &DisableAlarmActionsOutput{}, nil
}

func (s *Service) setActionsEnabled(names []string, on bool) *Error {
	if err := checkNames("AlarmNames", names, true); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range names {
		if a := s.alarms[name]; a != nil {
			a.config.ActionsEnabled = Bool(on)
		}
		if c := s.composites[name]; c != nil {
			c.config.ActionsEnabled = Bool(on)
		}
	}
	return nil
}
