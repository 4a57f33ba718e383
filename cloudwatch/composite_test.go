package cloudwatch_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
)

const compositeTopic = "arn:aws:sns:us-east-1:000000000000:composite"

// composite puts a composite alarm with rule that notifies compositeTopic
// on ALARM and OK.
func (w *world) composite(t testing.TB, name, rule string) {
	t.Helper()
	_, err := w.cw.PutCompositeAlarm(t.Context(), &cloudwatch.PutCompositeAlarmInput{
		AlarmName: name, AlarmRule: rule, AlarmActions: []string{compositeTopic}, OKActions: []string{compositeTopic},
	})
	require.NoError(t, err)
}

// newFamily returns a world with metric alarms a and b and a composite
// alarm x on ALARM(a) OR ALARM(b).
func newFamily(t testing.TB) *world {
	t.Helper()
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	w.alarm(t, "b", 1, 1, "", nil)
	w.composite(t, "x", "ALARM(a) OR ALARM(b)")
	return w
}

// set sets an alarm's state with SetAlarmState.
func (w *world) set(t testing.TB, name string, v cloudwatch.StateValue) {
	t.Helper()
	_, err := w.cw.SetAlarmState(t.Context(), &cloudwatch.SetAlarmStateInput{AlarmName: name, StateValue: v, StateReason: "test"})
	require.NoError(t, err)
}

// compositeNotices returns the states of the notifications compositeTopic
// got.
func (w *world) compositeNotices() []string {
	var out []string
	for _, d := range w.topics.got() {
		if d.Target == compositeTopic {
			out = append(out, d.Body)
		}
	}
	return out
}

// "The composite alarm goes into ALARM state only if all conditions of
// the rule are met" (PutCompositeAlarm), and it is evaluated when a child
// changes state: ALARM(a) AND ALARM(b) is OK from its creation (its only
// INSUFFICIENT_DATA is the initial one), ALARM once both children are,
// from a metric alarm's own evaluation on the clock, and OK again when
// one leaves ALARM; each change notifies the composite's topic.
func TestCompositeAlarmIsInAlarmOnlyWhileItsRuleHolds(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 1, 1, "", nil)
	w.alarm(t, "errors", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) {
		in.MetricName, in.Period = "Errors", 10*time.Minute // not evaluated before 09:10
		in.AlarmActions, in.OKActions = nil, nil
	})
	w.composite(t, "checkout", "ALARM(latency) AND ALARM(errors)")
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "checkout"), "evaluated at once: the children are not in ALARM")
	require.Len(t, w.compositeNotices(), 1)

	w.set(t, "errors", cloudwatch.StateAlarm)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "checkout"), "one child of two")
	w.minute(t, 5) // latency breaches: its evaluation at 09:01 moves it to ALARM
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "latency"))
	a, _ := w.cw.Inspect().Alarm("checkout")
	assert.Equal(t, cloudwatch.StateAlarm, a.State)
	assert.Equal(t, start.Add(time.Minute), a.StateUpdatedAt)
	assert.Equal(t, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:latency transitioned to ALARM at Monday 02 March, 2026 09:01:00 UTC", a.StateReason)

	notices := w.compositeNotices()
	require.Len(t, notices, 2)
	assert.JSONEq(t, `{
		"AlarmName": "checkout", "AlarmDescription": null, "AWSAccountId": "000000000000",
		"AlarmConfigurationUpdatedTimestamp": "2026-03-02T09:00:00.000+0000",
		"NewStateValue": "ALARM", "NewStateReason": "`+a.StateReason+`",
		"StateChangeTime": "2026-03-02T09:01:00.000+0000", "Region": "US East (N. Virginia)",
		"AlarmArn": "arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout", "OldStateValue": "OK",
		"OKActions": ["`+compositeTopic+`"], "AlarmActions": ["`+compositeTopic+`"], "InsufficientDataActions": [],
		"AlarmRule": "ALARM(latency) AND ALARM(errors)",
		"TriggeringChildren": [
			{"Arn": "arn:aws:cloudwatch:us-east-1:000000000000:alarm:latency", "State": {"Value": "ALARM", "Timestamp": "2026-03-02T09:01:00.000+0000"}},
			{"Arn": "arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors", "State": {"Value": "ALARM", "Timestamp": "2026-03-02T09:00:00.000+0000"}}
		]
	}`, notices[1])

	w.set(t, "errors", cloudwatch.StateOK)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "checkout"))
	assert.Len(t, w.compositeNotices(), 3)
}

// The AlarmRule grammar of PutCompositeAlarm: ALARM(), OK() and
// INSUFFICIENT_DATA() of a name (quoted or not) or an ARN, TRUE and
// FALSE, NOT, AND, OR and parentheses. NOT binds tighter than AND, and
// AND than OR.
func TestCompositeAlarmRulesCombineStatesWithAndOrNotAndParentheses(t *testing.T) {
	w := newWorld(t)
	for _, name := range []string{"a", "b", "c", "d"} {
		w.alarm(t, name, 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions, in.OKActions = nil, nil })
	}
	w.set(t, "a", cloudwatch.StateAlarm)
	w.set(t, "b", cloudwatch.StateOK) // c and d stay INSUFFICIENT_DATA
	for _, c := range []struct {
		rule string
		want cloudwatch.StateValue
	}{
		{"ALARM(a)", cloudwatch.StateAlarm},
		{"OK(a)", cloudwatch.StateOK},
		{"OK(b)", cloudwatch.StateAlarm},
		{"INSUFFICIENT_DATA(c)", cloudwatch.StateAlarm},
		{`ALARM("a") AND OK( "b" )`, cloudwatch.StateAlarm},
		{"ALARM(arn:aws:cloudwatch:us-east-1:000000000000:alarm:a)", cloudwatch.StateAlarm},
		{"ALARM(a) AND ALARM(b)", cloudwatch.StateOK},
		{"ALARM(a) OR ALARM(b)", cloudwatch.StateAlarm},
		{"NOT ALARM(a)", cloudwatch.StateOK},
		{"ALARM(a) AND NOT ALARM(b)", cloudwatch.StateAlarm},
		{"NOT ALARM(b) AND ALARM(c)", cloudwatch.StateOK},            // (NOT b) AND c
		{"ALARM(b) AND ALARM(c) OR ALARM(a)", cloudwatch.StateAlarm}, // (b AND c) OR a
		{"ALARM(b) AND (ALARM(c) OR ALARM(a))", cloudwatch.StateOK},
		{"NOT (ALARM(a) OR ALARM(b))", cloudwatch.StateOK},
		{"TRUE", cloudwatch.StateAlarm},
		{"FALSE", cloudwatch.StateOK},
		{"false OR alarm(a)", cloudwatch.StateAlarm},
		{"(ALARM(a) AND TRUE) AND NOT FALSE AND INSUFFICIENT_DATA(d)", cloudwatch.StateAlarm},
	} {
		w.composite(t, "x", c.rule)
		assert.Equal(t, c.want, w.state(t, "x"), c.rule)
	}
}

// A rule that does not parse, names an alarm that does not exist ("Could
// not save the composite alarm as alarms [...] in the alarm rule do not
// exist", as AWS answers), or asks for what the simulator does not have,
// is refused with a coded error, and nothing changes.
func TestBadCompositeAlarmsAreRefusedAndChangeNothing(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	for _, c := range []struct {
		name string
		in   cloudwatch.PutCompositeAlarmInput
		want error
	}{
		{"no rule", cloudwatch.PutCompositeAlarmInput{AlarmName: "x"}, cloudwatch.ErrMissingRequiredParameterException},
		{"unknown function", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "BREACHED(a)"}, cloudwatch.ErrInvalidParameterValueException},
		{"unbalanced", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "(ALARM(a)"}, cloudwatch.ErrInvalidParameterValueException},
		{"dangling AND", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(a) AND"}, cloudwatch.ErrInvalidParameterValueException},
		{"two terms", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(a) ALARM(a)"}, cloudwatch.ErrInvalidParameterValueException},
		{"unquoted", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: `ALARM("a)`}, cloudwatch.ErrInvalidParameterValueException},
		{"other account", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(arn:aws:cloudwatch:us-east-1:111111111111:alarm:a)"}, cloudwatch.ErrInvalidParameterValueException},
		{"missing child", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(a) OR ALARM(gone)"}, cloudwatch.ErrValidationError},
		{"itself, on creation", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(x)"}, cloudwatch.ErrValidationError},
		{"metric alarm's name", cloudwatch.PutCompositeAlarmInput{AlarmName: "a", AlarmRule: "TRUE"}, cloudwatch.ErrInvalidParameterValueException},
		{"Auto Scaling action", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "TRUE", AlarmActions: []string{policyARN}}, cloudwatch.ErrInvalidParameterValueException},
		{"suppressor", cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "TRUE", ActionsSuppressor: "a", ActionsSuppressorWaitPeriod: time.Minute, ActionsSuppressorExtensionPeriod: time.Minute}, cloudwatch.ErrInvalidParameterValueException},
	} {
		_, err := w.cw.PutCompositeAlarm(t.Context(), &c.in)
		require.ErrorIs(t, err, c.want, c.name)
	}
	_, err := w.cw.PutCompositeAlarm(t.Context(), &cloudwatch.PutCompositeAlarmInput{AlarmName: "x", AlarmRule: "ALARM(a) OR ALARM(gone)"})
	assert.EqualError(t, err, "ValidationError: Could not save the composite alarm as alarms [gone] in the alarm rule do not exist")
	assert.Len(t, w.cw.Inspect().Alarms(), 1, "no composite alarm made")
	_, err = w.cw.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{AlarmName: "x"})
	require.Error(t, err)
}

// "You can't delete any composite alarm that is part of the cycle
// because there is always still a composite alarm that depends on [it]"
// (DeleteAlarms): an alarm a composite alarm's rule names cannot be
// deleted (AWS: ValidationError "Cannot delete a as there are composite
// alarm(s) depending on it."), unless the composite goes in the same
// call; and one call deletes at most one composite alarm.
func TestDeleteAlarmsRefusesAlarmsACompositeAlarmDependsOn(t *testing.T) {
	w := newFamily(t)
	w.composite(t, "y", "ALARM(x)")

	_, err := w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a"}})
	require.ErrorIs(t, err, cloudwatch.ErrValidationError)
	assert.EqualError(t, err, "ValidationError: Cannot delete a as there are composite alarm(s) depending on it.")
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a", "b"}})
	assert.EqualError(t, err, "ValidationError: Cannot delete a,b as there are composite alarm(s) depending on them.")
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"x"}})
	require.ErrorIs(t, err, cloudwatch.ErrValidationError, "y depends on x")
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"x", "y"}})
	require.ErrorIs(t, err, cloudwatch.ErrValidationError, "two composite alarms in one call")
	assert.Len(t, w.cw.Inspect().Alarms(), 4, "nothing deleted")

	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"y"}})
	require.NoError(t, err)
	_, err = w.cw.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"x", "a"}})
	require.NoError(t, err, "the composite that depends on a goes with it")
	assert.Len(t, w.cw.Inspect().Alarms(), 1)
}

// A composite alarm's rule may name composite alarms: a change passes up
// through every level at once. A cycle (possible through an update) does
// not loop: "the evaluation of composite alarms stops if CloudWatch
// detects a cycle in the evaluation path" (PutCompositeAlarm).
func TestCompositeAlarmsOfCompositeAlarmsFollowAndCyclesStop(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	w.composite(t, "x", "ALARM(a)")
	w.composite(t, "y", "ALARM(x)")
	w.set(t, "a", cloudwatch.StateAlarm)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "x"))
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "y"))

	w.composite(t, "x", "ALARM(a) AND NOT ALARM(y)") // x ↔ y
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "x"), "y is in ALARM")
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "y"), "x left ALARM; x is not evaluated again on the path")
	w.set(t, "a", cloudwatch.StateOK)
	w.set(t, "a", cloudwatch.StateAlarm)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "x"), "a in ALARM, y not")
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "y"), "follows x; the path stops at x, which stays in ALARM")
}

// SetAlarmState on a composite alarm runs its actions, and the alarm
// keeps the state "only once any of its children alarms change state"
// (SetAlarmState).
func TestSetAlarmStateOnACompositeAlarmLastsUntilAChildChanges(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", nil)
	w.composite(t, "x", "ALARM(a)")
	w.set(t, "x", cloudwatch.StateAlarm)
	assert.Len(t, w.compositeNotices(), 2, "OK on creation, then ALARM")
	w.clk.Advance(time.Hour)
	assert.Equal(t, cloudwatch.StateAlarm, w.state(t, "x"), "no child changed")
	w.set(t, "a", cloudwatch.StateOK)
	assert.Equal(t, cloudwatch.StateOK, w.state(t, "x"))
}

// DescribeAlarms returns metric alarms unless AlarmTypes names
// CompositeAlarm; ChildrenOfAlarmName and ParentsOfAlarmName return the
// alarms a rule names and the composites whose rules name an alarm, and
// take no other filter (a validation error).
func TestDescribeAlarmsByTypeChildrenAndParents(t *testing.T) {
	w := newFamily(t)
	w.composite(t, "y", "ALARM(x) AND OK(a)")
	names := func(in *cloudwatch.DescribeAlarmsInput) (metric, composite []string) {
		t.Helper()
		out, err := w.cw.DescribeAlarms(t.Context(), in)
		require.NoError(t, err)
		for _, a := range out.MetricAlarms {
			metric = append(metric, a.AlarmName)
		}
		for _, c := range out.CompositeAlarms {
			composite = append(composite, c.AlarmName)
		}
		return metric, composite
	}
	m, c := names(&cloudwatch.DescribeAlarmsInput{})
	assert.Equal(t, []string{"a", "b"}, m)
	assert.Empty(t, c)
	m, c = names(&cloudwatch.DescribeAlarmsInput{AlarmTypes: []cloudwatch.AlarmType{cloudwatch.AlarmTypeCompositeAlarm}})
	assert.Empty(t, m)
	assert.Equal(t, []string{"x", "y"}, c)
	m, c = names(&cloudwatch.DescribeAlarmsInput{AlarmTypes: []cloudwatch.AlarmType{cloudwatch.AlarmTypeCompositeAlarm, cloudwatch.AlarmTypeMetricAlarm}, MaxRecords: 3})
	assert.Equal(t, []string{"a", "b"}, m)
	assert.Equal(t, []string{"x"}, c, "one page of three, both kinds together")
	m, c = names(&cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: "y"})
	assert.Equal(t, []string{"a"}, m)
	assert.Equal(t, []string{"x"}, c)
	m, c = names(&cloudwatch.DescribeAlarmsInput{ParentsOfAlarmName: "a"})
	assert.Empty(t, m)
	assert.Equal(t, []string{"x", "y"}, c)

	out, err := w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{AlarmTypes: []cloudwatch.AlarmType{cloudwatch.AlarmTypeCompositeAlarm}, AlarmNames: []string{"y"}})
	require.NoError(t, err)
	require.Len(t, out.CompositeAlarms, 1)
	y := out.CompositeAlarms[0]
	assert.Equal(t, "ALARM(x) AND OK(a)", y.AlarmRule)
	assert.Equal(t, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:y", y.AlarmArn)
	assert.Equal(t, cloudwatch.StateOK, y.StateValue)
	assert.JSONEq(t, `{"triggeringAlarms":[
		{"arn":"arn:aws:cloudwatch:us-east-1:000000000000:alarm:x","state":{"value":"OK","timestamp":"2026-03-02T09:00:00.000+0000"}},
		{"arn":"arn:aws:cloudwatch:us-east-1:000000000000:alarm:a","state":{"value":"INSUFFICIENT_DATA","timestamp":"2026-03-02T09:00:00.000+0000"}}]}`, y.StateReasonData)

	_, err = w.cw.DescribeAlarms(t.Context(), &cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: "y", StateValue: cloudwatch.StateOK})
	require.ErrorIs(t, err, cloudwatch.ErrValidationError)
}

// DescribeAlarmHistory keeps composite alarms' configuration updates,
// state updates and actions, returned only when AlarmTypes names
// CompositeAlarm ("If you omit this parameter, only metric alarms are
// returned").
func TestCompositeAlarmHistoryIsReturnedForAlarmTypeCompositeAlarm(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "a", 1, 1, "", func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions, in.OKActions = nil, nil })
	w.composite(t, "x", "ALARM(a)")
	w.set(t, "a", cloudwatch.StateAlarm)

	h, err := w.cw.DescribeAlarmHistory(t.Context(), &cloudwatch.DescribeAlarmHistoryInput{AlarmName: "x"})
	require.NoError(t, err)
	assert.Empty(t, h.AlarmHistoryItems, "metric alarms only by default")
	h, err = w.cw.DescribeAlarmHistory(t.Context(), &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName: "x", AlarmTypes: []cloudwatch.AlarmType{cloudwatch.AlarmTypeCompositeAlarm}, ScanBy: cloudwatch.ScanByTimestampAscending,
	})
	require.NoError(t, err)
	var summaries []string
	for _, it := range h.AlarmHistoryItems {
		assert.Equal(t, cloudwatch.AlarmTypeCompositeAlarm, it.AlarmType)
		summaries = append(summaries, it.HistorySummary)
	}
	assert.Equal(t, []string{
		`Alarm "x" created`,
		"Alarm updated from INSUFFICIENT_DATA to OK",
		"Successfully executed action " + compositeTopic,
		"Alarm updated from OK to ALARM",
		"Successfully executed action " + compositeTopic,
	}, summaries)
}
