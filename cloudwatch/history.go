package cloudwatch

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// AlarmHistoryItem is one entry of an alarm's history: a configuration
// change, a state change or an action.
type AlarmHistoryItem struct {
	AlarmName       string
	AlarmType       AlarmType
	Timestamp       time.Time
	HistoryItemType HistoryItemType
	// HistorySummary is a sentence: `Alarm "high-age" created`, "Alarm
	// updated from OK to ALARM", "Successfully executed action
	// arn:aws:sns:…".
	HistorySummary string
	// HistoryData is JSON: for a state update, the old and new state with
	// their reasons and the new reason data.
	HistoryData string
}

// addHistoryLocked appends a history item of a, and drops the items past
// HistoryRetention. It needs s.mu.
func (s *Service) addHistoryLocked(a *alarm, at time.Time, kind HistoryItemType, summary, data string) {
	s.addItemLocked(a.config.AlarmName, AlarmTypeMetricAlarm, at, kind, summary, data)
}

// addItemLocked appends a history item of the alarm named name, of type
// t, and drops the items past HistoryRetention. It needs s.mu.
func (s *Service) addItemLocked(name string, t AlarmType, at time.Time, kind HistoryItemType, summary, data string) {
	s.expireHistoryLocked(at)
	s.items = append(s.items, AlarmHistoryItem{
		AlarmName: name, AlarmType: t, Timestamp: at,
		HistoryItemType: kind, HistorySummary: summary, HistoryData: data,
	})
}

// expireHistoryLocked drops the history items older than HistoryRetention
// at now. It needs s.mu.
func (s *Service) expireHistoryLocked(now time.Time) {
	cutoff := now.Add(-HistoryRetention)
	i := 0
	for i < len(s.items) && s.items[i].Timestamp.Before(cutoff) {
		i++
	}
	if i > 0 {
		s.items = slices.Delete(s.items, 0, i)
	}
}

// actionHistoryData is the HistoryData of an Action history item.
func actionHistoryData(at time.Time, target string, err error) string {
	type data struct {
		ActionState          string `json:"actionState"`
		StateUpdateTimestamp int64  `json:"stateUpdateTimestamp"`
		NotificationResource string `json:"notificationResource"`
		Error                string `json:"error,omitempty"`
	}
	d := data{ActionState: "Succeeded", StateUpdateTimestamp: at.UnixMilli(), NotificationResource: target}
	if err != nil {
		d.ActionState, d.Error = "Failed", err.Error()
	}
	return marshal(d)
}

// DescribeAlarmHistoryInput is the input of [Service.DescribeAlarmHistory].
type DescribeAlarmHistoryInput struct {
	// AlarmName selects one alarm's history (deleted alarms included);
	// empty means every alarm's.
	AlarmName string
	// AlarmTypes selects metric alarms (the default, also when empty),
	// composite alarms, or both.
	AlarmTypes      []AlarmType
	HistoryItemType HistoryItemType
	// StartDate and EndDate bound the items' timestamps, inclusive.
	StartDate time.Time
	EndDate   time.Time
	// MaxRecords is 1 to 100 items per page (default 100).
	MaxRecords int
	NextToken  string
	// ScanBy returns the newest items first (TimestampDescending, the
	// default) or the oldest first.
	ScanBy ScanBy
}

// DescribeAlarmHistoryOutput is the output of [Service.DescribeAlarmHistory].
type DescribeAlarmHistoryOutput struct {
	AlarmHistoryItems []AlarmHistoryItem
	NextToken         string
}

// DescribeAlarmHistory returns alarm history items of the last two weeks,
// also of deleted alarms, of metric alarms only unless AlarmTypes names
// CompositeAlarm.
//
// Errors: InvalidParameterValue for a bad name, item type, MaxRecords or
// ScanBy; InvalidNextToken for a token no earlier call returned.
func (s *Service) DescribeAlarmHistory(ctx context.Context, in *DescribeAlarmHistoryInput) (*DescribeAlarmHistoryOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.AlarmName != "" {
		if err := checkAlarmName("AlarmName", in.AlarmName); err != nil {
			return nil, err
		}
	}
	switch {
	case in.HistoryItemType != "" && in.HistoryItemType != HistoryConfigurationUpdate && in.HistoryItemType != HistoryStateUpdate && in.HistoryItemType != HistoryAction:
		return nil, invalid("HistoryItemType", string(in.HistoryItemType))
	case in.MaxRecords < 0 || in.MaxRecords > describeMaxRecords:
		return nil, invalid("MaxRecords", strconv.Itoa(in.MaxRecords))
	case in.ScanBy != "" && in.ScanBy != ScanByTimestampAscending && in.ScanBy != ScanByTimestampDescending:
		return nil, invalid("ScanBy", string(in.ScanBy))
	}
	metricAlarms, composites, verr := wantsAlarmTypes(in.AlarmTypes)
	if verr != nil {
		return nil, verr
	}
	page := in.MaxRecords
	if page == 0 {
		page = describeMaxRecords
	}
	s.mu.Lock()
	s.expireHistoryLocked(s.sched.Now())
	var found []AlarmHistoryItem
	for _, it := range s.items {
		switch {
		case it.AlarmType == AlarmTypeMetricAlarm && !metricAlarms, it.AlarmType == AlarmTypeCompositeAlarm && !composites:
		case in.AlarmName != "" && it.AlarmName != in.AlarmName:
		case in.HistoryItemType != "" && it.HistoryItemType != in.HistoryItemType:
		case !in.StartDate.IsZero() && it.Timestamp.Before(in.StartDate):
		case !in.EndDate.IsZero() && it.Timestamp.After(in.EndDate):
		default:
			found = append(found, it)
		}
	}
	s.mu.Unlock()
	if in.ScanBy != ScanByTimestampAscending {
		slices.Reverse(found)
	}
	from, verr := pageStart(in.NextToken, len(found))
	if verr != nil {
		return nil, verr
	}
	out := &DescribeAlarmHistoryOutput{AlarmHistoryItems: found[from:min(from+page, len(found))]}
	if from+page < len(found) {
		out.NextToken = strconv.Itoa(from + page)
	}
	return out, nil
}

// SetAlarmStateInput is the input of [Service.SetAlarmState].
type SetAlarmStateInput struct {
	AlarmName  string
	StateValue StateValue
	// StateReason is required, at most 1,023 characters.
	StateReason string
	// StateReasonData, when given, is JSON of at most 4,000 characters.
	StateReasonData string
}

// SetAlarmStateOutput is the output of [Service.SetAlarmState].
type SetAlarmStateOutput struct{}

// SetAlarmState sets an alarm's state, for testing its actions: a change
// of state runs the new state's actions as an evaluation would, and
// evaluates the composite alarms whose rules name the alarm. The next
// evaluation of a metric alarm, at the end of the current period, sets
// the state the data calls for again; a composite alarm keeps the state
// until one of its children changes state or it is updated, as AWS
// documents.
//
// Errors: MissingParameter for a missing name, state or reason;
// InvalidParameterValue for an unknown state or a reason that is too
// long; InvalidFormat for reason data that is not JSON; ResourceNotFound
// for a name that is not an alarm.
func (s *Service) SetAlarmState(ctx context.Context, in *SetAlarmStateInput) (*SetAlarmStateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkAlarmName("AlarmName", in.AlarmName); err != nil {
		return nil, err
	}
	switch {
	case in.StateValue == "":
		return nil, missing("StateValue")
	case in.StateValue != StateOK && in.StateValue != StateAlarm && in.StateValue != StateInsufficientData:
		return nil, invalid("StateValue", string(in.StateValue))
	case in.StateReason == "":
		return nil, missing("StateReason")
	case len(in.StateReason) > maxStateReason:
		return nil, ErrInvalidParameterValueException.With("The parameter StateReason must be at most %d characters long.", maxStateReason)
	case len(in.StateReasonData) > maxStateReasonData:
		return nil, ErrInvalidParameterValueException.With("The parameter StateReasonData must be at most %d characters long.", maxStateReasonData)
	case in.StateReasonData != "" && !json.Valid([]byte(in.StateReasonData)):
		return nil, ErrInvalidFormatFault.With("Reason data must be valid JSON.")
	}
	s.mu.Lock()
	now := s.sched.Now()
	var out []delivery
	switch a, c := s.alarms[in.AlarmName], s.composites[in.AlarmName]; {
	case c != nil && c.state == in.StateValue:
		c.reason, c.reasonData, c.stateUpdated = in.StateReason, in.StateReasonData, now
	case c != nil:
		out = s.transitionCompositeLocked(c, now, in.StateValue, in.StateReason, in.StateReasonData, nil)
	case a == nil:
		s.mu.Unlock()
		return nil, ErrResourceNotFound.With("Alarm %s not found", in.AlarmName)
	case a.state == in.StateValue:
		a.reason, a.reasonData, a.stateUpdated = in.StateReason, in.StateReasonData, now
	default:
		out = s.transitionLocked(a, now, in.StateValue, in.StateReason, in.StateReasonData, nil)
	}
	s.mu.Unlock()
	s.deliver(ctx, out)
	return &SetAlarmStateOutput{}, nil
}
