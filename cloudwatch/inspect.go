package cloudwatch

import (
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
)

// Inspector reads the state of a [Service] for tests, beside the AWS
// operations: every alarm with its state and last evaluation, the alarm
// history, the metrics and the event log. It returns copies, in a
// deterministic order; changing them changes nothing in the service.
type Inspector struct {
	s *Service
}

// Inspect returns the service's [Inspector].
func (s *Service) Inspect() *Inspector { return &Inspector{s: s} }

// AlarmInfo is an alarm as the [Inspector] sees it.
type AlarmInfo struct {
	Name string
	ARN  string
	// Type is MetricAlarm or CompositeAlarm; Rule is a composite alarm's
	// AlarmRule.
	Type           AlarmType
	Rule           string
	State          StateValue
	StateReason    string
	StateUpdatedAt time.Time
	ActionsEnabled bool
	// LastEvaluation is a metric alarm's latest evaluation (zero before
	// the first, and for a composite alarm), and Evaluations how many it
	// has had.
	LastEvaluation Evaluation
	Evaluations    int
}

// Alarms returns every alarm, metric and composite, in name order.
func (i *Inspector) Alarms() []AlarmInfo {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]AlarmInfo, 0, len(s.alarms)+len(s.composites))
	for _, a := range s.alarms {
		out = append(out, a.info())
	}
	for _, c := range s.composites {
		out = append(out, c.info())
	}
	slices.SortFunc(out, func(a, b AlarmInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Alarm returns the alarm named name, and false if there is none.
func (i *Inspector) Alarm(name string) (AlarmInfo, bool) {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.composites[name]; c != nil {
		return c.info(), true
	}
	a := s.alarms[name]
	if a == nil {
		return AlarmInfo{}, false
	}
	return a.info(), true
}

func (a *alarm) info() AlarmInfo {
	ev := a.lastEvaluation
	ev.Datapoints = slices.Clone(ev.Datapoints)
	ev.stamp()
	return AlarmInfo{
		Name: a.config.AlarmName, ARN: a.arn, Type: AlarmTypeMetricAlarm, State: a.state, StateReason: a.reason, StateUpdatedAt: a.stateUpdated,
		ActionsEnabled: *a.config.ActionsEnabled, LastEvaluation: ev, Evaluations: a.evaluations,
	}
}

// History returns every alarm history item of the last two weeks, deleted
// alarms' included, oldest first; at one instant, in the order they
// happened.
func (i *Inspector) History() []AlarmHistoryItem {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireHistoryLocked(s.sched.Now())
	return slices.Clone(s.items)
}

// MetricInfo is a metric as the [Inspector] sees it.
type MetricInfo struct {
	Metric Metric
	// Units are the units its data came with, in the order first seen.
	Units []StandardUnit
	// Buckets is how many 1-minute buckets of data it holds now.
	Buckets int
	// LastAt is its newest datum's timestamp.
	LastAt time.Time
}

// Metrics returns every metric, in order of namespace, name and
// dimensions, with what it holds after retention at the clock's time.
func (i *Inspector) Metrics() []MetricInfo {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now().Unix()
	ms := make([]*metric, 0, len(s.metrics))
	for _, m := range s.metrics {
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b *metric) int { return strings.Compare(a.key, b.key) })
	out := make([]MetricInfo, 0, len(ms))
	for _, m := range ms {
		info := MetricInfo{Metric: Metric{Namespace: m.namespace, MetricName: m.name, Dimensions: slices.Clone(m.dims)}, LastAt: m.lastAt}
		for _, sr := range m.series {
			sr.expire(now)
			info.Units = append(info.Units, sr.unit)
			info.Buckets += sr.tiers[tierMinute].n
		}
		out = append(out, info)
	}
	return out
}

// Events returns the service's events in the account's log, in the order
// they were recorded. It is empty unless the service was made with
// [WithHistory].
func (i *Inspector) Events() []Event {
	var out []Event
	for _, e := range i.s.account.Events() {
		if e.Service == "cloudwatch" {
			out = append(out, eventOf(e))
		}
	}
	return out
}

// AlarmStatus is an alarm's current state, as the services its actions
// reach read it.
type AlarmStatus struct {
	AlarmName  string
	AlarmArn   string
	StateValue StateValue
	// StateReason and StateReasonData are as DescribeAlarms returns them.
	StateReason     string
	StateReasonData string
	// StateTransitionedAt is when the alarm entered its state.
	StateTransitionedAt time.Time
	Threshold           float64
	ComparisonOperator  ComparisonOperator
	// Datapoints are the values of the datapoints of the last evaluation
	// that decided the state, oldest first: what a step scaling policy
	// compares with the threshold.
	Datapoints []float64
}

// AlarmStatus returns the current state of the alarm with ARN alarmARN:
// the read that Auto Scaling makes when an alarm's action reaches one of
// its policies, and again while the alarm stays in ALARM (a step policy
// executes again after its warm-up while its alarm persists). It is not an
// AWS operation: services hold the *Service and call it directly.
//
// Errors: InvalidParameterValue for a string that is not an alarm ARN of
// the service's region and account; ResourceNotFound for an alarm that
// does not exist.
func (s *Service) AlarmStatus(alarmARN string) (AlarmStatus, error) {
	parsed, err := arn.ParseAlarm(alarmARN)
	if err != nil || parsed.Region != s.region || parsed.AccountID != s.accountID {
		return AlarmStatus{}, ErrInvalidParameterValueException.With("%s is not the ARN of an alarm of %s in %s.", alarmARN, s.accountID, s.region)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.alarms[parsed.Name]
	if a == nil {
		return AlarmStatus{}, ErrResourceNotFound.With("Alarm %s not found", parsed.Name)
	}
	st := AlarmStatus{
		AlarmName: a.config.AlarmName, AlarmArn: a.arn, StateValue: a.state,
		StateReason: a.reason, StateReasonData: a.reasonData, StateTransitionedAt: a.stateTransitioned,
		Threshold: *a.config.Threshold, ComparisonOperator: a.config.ComparisonOperator,
	}
	for _, pt := range a.lastEvaluation.Datapoints {
		if pt.Evaluated {
			st.Datapoints = append(st.Datapoints, pt.Value)
		}
	}
	return st, nil
}
