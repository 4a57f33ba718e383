package cloudwatch

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// PutCompositeAlarmInput is the input of [Service.PutCompositeAlarm].
type PutCompositeAlarmInput struct {
	// AlarmName is required: 1 to 255 characters, unique in the account
	// and region among metric and composite alarms.
	AlarmName string
	// AlarmDescription is at most 1,024 characters.
	AlarmDescription string
	// AlarmRule is required, at most 10,240 characters: ALARM(name),
	// OK(name), INSUFFICIENT_DATA(name), TRUE and FALSE combined with
	// AND, OR, NOT and parentheses, naming (by name or ARN) at most 100
	// alarms that exist, metric or composite. See the package
	// documentation, Composite alarms.
	AlarmRule string
	// ActionsEnabled says whether the alarm runs its actions; nil means
	// true.
	ActionsEnabled *bool
	// OKActions, AlarmActions and InsufficientDataActions are up to five
	// ARNs each: SNS topics, or any ARN a service of the account holds,
	// but no Auto Scaling policy (composite alarms cannot run Auto
	// Scaling actions).
	OKActions               []string
	AlarmActions            []string
	InsufficientDataActions []string
	// Tags are kept; the simulator has no tagging operations.
	Tags []Tag
	// ActionsSuppressor, ActionsSuppressorWaitPeriod and
	// ActionsSuppressorExtensionPeriod suppress the alarm's actions while
	// another alarm is in ALARM. The simulator does not have them: a
	// suppressor is refused.
	ActionsSuppressor                string
	ActionsSuppressorWaitPeriod      time.Duration
	ActionsSuppressorExtensionPeriod time.Duration
}

// PutCompositeAlarmOutput is the output of [Service.PutCompositeAlarm].
type PutCompositeAlarmOutput struct{}

// CompositeAlarm is a composite alarm as DescribeAlarms returns it.
type CompositeAlarm struct {
	AlarmName                          string
	AlarmArn                           string
	AlarmDescription                   string
	AlarmRule                          string
	AlarmConfigurationUpdatedTimestamp time.Time
	ActionsEnabled                     bool
	OKActions                          []string
	AlarmActions                       []string
	InsufficientDataActions            []string
	StateValue                         StateValue
	StateReason                        string
	StateReasonData                    string
	StateUpdatedTimestamp              time.Time
	StateTransitionedTimestamp         time.Time
}

// composite is a composite alarm: its configuration, parsed rule and
// state.
type composite struct {
	seq      uint64
	arn      string
	config   PutCompositeAlarmInput // as given, deep-copied, with defaults
	rule     *ruleNode
	children []string // the alarms the rule names, distinct, in rule order

	configUpdated     time.Time
	state             StateValue
	reason            string
	reasonData        string
	stateUpdated      time.Time
	stateTransitioned time.Time
	// evaluating marks a composite whose change is being passed on to its
	// parents: reaching it again is a cycle, where evaluation stops.
	evaluating bool
}

// PutCompositeAlarm creates a composite alarm, or replaces the
// configuration of the composite alarm of that name. A new one is
// INSUFFICIENT_DATA ("Unchecked: Initial alarm creation") and is then
// evaluated at once, as AWS does, going to ALARM if its rule holds and to
// OK if not, and running that state's actions; an updated one keeps its
// state and is evaluated again under its new rule. From then on it is
// evaluated whenever one of the alarms its rule names changes state.
//
// Errors: MissingParameter for a missing name or rule;
// InvalidParameterValue for a bad name, description, rule or action, an
// Auto Scaling action, more than five actions of a state, an
// ActionsSuppressor (not simulated), or a name a metric alarm has;
// ValidationError for a rule naming alarms that do not exist. A refused
// call changes nothing.
func (s *Service) PutCompositeAlarm(ctx context.Context, in *PutCompositeAlarmInput) (*PutCompositeAlarmOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	c, verr := s.checkComposite(in)
	if verr != nil {
		return nil, verr
	}
	s.mu.Lock()
	now := s.sched.Now()
	name := in.AlarmName
	if s.alarms[name] != nil {
		s.mu.Unlock()
		return nil, ErrInvalidParameterValueException.With("The alarm %s is a metric alarm; a composite alarm cannot have its name.", name)
	}
	old := s.composites[name]
	var unknown []string
	for _, child := range c.children {
		if s.alarms[child] == nil && s.composites[child] == nil {
			unknown = append(unknown, child)
		}
	}
	if len(unknown) > 0 {
		s.mu.Unlock()
		return nil, ErrValidationError.With("Could not save the composite alarm as alarms [%s] in the alarm rule do not exist", strings.Join(unknown, ", "))
	}
	c.arn = arn.Alarm{Region: s.region, AccountID: s.accountID, Name: name}.String()
	c.configUpdated = now
	if old == nil {
		s.nextSeq++
		c.seq = s.nextSeq
		c.state, c.reason, c.stateUpdated, c.stateTransitioned = StateInsufficientData, "Unchecked: Initial alarm creation", now, now
		s.addItemLocked(name, AlarmTypeCompositeAlarm, now, HistoryConfigurationUpdate, `Alarm "`+name+`" created`, `{"type":"Create","version":"1.0"}`)
		s.recordLocked(now, EventAlarmCreated, name, "state="+string(c.state))
	} else {
		c.seq = old.seq
		c.state, c.reason, c.reasonData = old.state, old.reason, old.reasonData
		c.stateUpdated, c.stateTransitioned = old.stateUpdated, old.stateTransitioned
		s.unlinkLocked(old)
		s.addItemLocked(name, AlarmTypeCompositeAlarm, now, HistoryConfigurationUpdate, `Alarm "`+name+`" updated`, `{"type":"Update","version":"1.0"}`)
		s.recordLocked(now, EventAlarmUpdated, name, "")
	}
	s.composites[name] = c
	for _, child := range c.children {
		s.parents[child] = append(s.parents[child], c)
	}
	out := s.evaluateCompositeLocked(c, now, "", nil)
	s.mu.Unlock()
	s.deliver(ctx, out)
	return &PutCompositeAlarmOutput{}, nil
}

// checkComposite validates a PutCompositeAlarm input and returns the
// composite alarm it makes, without its ARN or state.
func (s *Service) checkComposite(in *PutCompositeAlarmInput) (*composite, *Error) {
	if err := checkAlarmName("AlarmName", in.AlarmName); err != nil {
		return nil, err
	}
	switch {
	case len(in.AlarmDescription) > maxDescription:
		return nil, ErrInvalidParameterValueException.With("The parameter AlarmDescription must be at most %d characters long.", maxDescription)
	case in.ActionsSuppressor != "" || in.ActionsSuppressorWaitPeriod != 0 || in.ActionsSuppressorExtensionPeriod != 0:
		return nil, ErrInvalidParameterValueException.With("Actions suppression (ActionsSuppressor) is not simulated.")
	case len(in.Tags) > 50:
		return nil, ErrInvalidParameterValueException.With("The collection Tags must not have a size greater than 50.")
	}
	rule, children, err := parseRule(in.AlarmRule, s.region, s.accountID)
	if err != nil {
		return nil, err
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
			if isScalingPolicy(target) {
				return nil, ErrInvalidParameterValueException.With("Composite alarms cannot have Auto Scaling actions: %s", target)
			}
		}
	}
	c := &composite{config: *in, rule: rule, children: children}
	c.config.ActionsEnabled = Bool(in.ActionsEnabled == nil || *in.ActionsEnabled)
	c.config.OKActions = slices.Clone(in.OKActions)
	c.config.AlarmActions = slices.Clone(in.AlarmActions)
	c.config.InsufficientDataActions = slices.Clone(in.InsufficientDataActions)
	c.config.Tags = slices.Clone(in.Tags)
	return c, nil
}

// unlinkLocked takes c off the parent lists of the alarms it names.
func (s *Service) unlinkLocked(c *composite) {
	for _, child := range c.children {
		ps := slices.DeleteFunc(s.parents[child], func(p *composite) bool { return p == c })
		if len(ps) == 0 {
			delete(s.parents, child)
		} else {
			s.parents[child] = ps
		}
	}
}

// stateLocked returns the state of the metric or composite alarm named
// name; INSUFFICIENT_DATA for one that does not exist.
func (s *Service) stateLocked(name string) StateValue {
	if a := s.alarms[name]; a != nil {
		return a.state
	}
	if c := s.composites[name]; c != nil {
		return c.state
	}
	return StateInsufficientData
}

// evaluateCompositeLocked evaluates c's rule at at, because the alarm
// named trigger changed state (none: c was created or updated), and
// moves c to ALARM or OK if the rule says another state than c's. It
// appends the actions to run to out. It needs s.mu.
func (s *Service) evaluateCompositeLocked(c *composite, at time.Time, trigger string, out []delivery) []delivery {
	if c.evaluating {
		return out // a cycle: "the evaluation of composite alarms stops"
	}
	v := StateOK
	if c.rule.eval(s.stateLocked) {
		v = StateAlarm
	}
	if v == c.state {
		return out
	}
	triggers := c.children
	if trigger != "" {
		triggers = []string{trigger}
	}
	reason, data := s.compositeReasonLocked(c, triggers, v)
	return s.transitionCompositeLocked(c, at, v, reason, data, out)
}

// compositeReasonLocked writes the StateReason and StateReasonData of a
// composite alarm moved to v by the alarms named triggers.
func (s *Service) compositeReasonLocked(c *composite, triggers []string, v StateValue) (string, string) {
	type state struct {
		Value     string `json:"value"`
		Timestamp string `json:"timestamp"`
	}
	type triggering struct {
		Arn   string `json:"arn"`
		State state  `json:"state"`
	}
	list := []triggering{}
	var reason strings.Builder
	for _, name := range triggers {
		arnOf, st, at := s.describeChildLocked(name)
		list = append(list, triggering{Arn: arnOf, State: state{Value: string(st), Timestamp: jsonTime(at)}})
		if reason.Len() > 0 {
			reason.WriteString(", ")
		}
		reason.WriteString(arnOf + " transitioned to " + string(st) + " at " + at.UTC().Format("Monday 02 January, 2006 15:04:05 MST"))
	}
	if reason.Len() == 0 {
		if v == StateAlarm {
			reason.WriteString("The alarm rule is TRUE.")
		} else {
			reason.WriteString("The alarm rule is FALSE.")
		}
	}
	return reason.String(), marshal(struct {
		TriggeringAlarms []triggering `json:"triggeringAlarms"`
	}{list})
}

// describeChildLocked returns the ARN, state and state change time of
// the alarm named name.
func (s *Service) describeChildLocked(name string) (string, StateValue, time.Time) {
	if a := s.alarms[name]; a != nil {
		return a.arn, a.state, a.stateTransitioned
	}
	if c := s.composites[name]; c != nil {
		return c.arn, c.state, c.stateTransitioned
	}
	return arn.Alarm{Region: s.region, AccountID: s.accountID, Name: name}.String(), StateInsufficientData, time.Time{}
}

// transitionCompositeLocked moves c to state v at at, records the
// change, appends the actions of v, and evaluates the composite alarms
// whose rules name c. It needs s.mu.
func (s *Service) transitionCompositeLocked(c *composite, at time.Time, v StateValue, reason, reasonData string, out []delivery) []delivery {
	name := c.config.AlarmName
	old, oldReason := c.state, c.reason
	c.state, c.reason, c.reasonData = v, reason, reasonData
	c.stateUpdated, c.stateTransitioned = at, at
	s.addItemLocked(name, AlarmTypeCompositeAlarm, at, HistoryStateUpdate, "Alarm updated from "+string(old)+" to "+string(v), stateHistoryData(old, oldReason, v, reason, reasonData))
	s.recordLocked(at, EventStateChanged, name, string(old)+" -> "+string(v))
	if targets := c.actions(v); *c.config.ActionsEnabled && len(targets) > 0 {
		body := c.notification(s, at, old)
		for _, target := range targets {
			out = append(out, delivery{alarm: name, alarmType: AlarmTypeCompositeAlarm, target: target, body: body, at: at, state: v})
		}
	}
	c.evaluating = true
	out = s.cascadeLocked(name, at, out)
	c.evaluating = false
	return out
}

// cascadeLocked evaluates the composite alarms whose rules name the alarm
// child, which changed state at at, in the order they were last put (a
// PutCompositeAlarm moves a composite alarm to the end). It needs s.mu.
func (s *Service) cascadeLocked(child string, at time.Time, out []delivery) []delivery {
	for _, p := range s.parents[child] {
		out = s.evaluateCompositeLocked(p, at, child, out)
	}
	return out
}

// actions returns the composite alarm's actions for state v.
func (c *composite) actions(v StateValue) []string {
	switch v {
	case StateOK:
		return c.config.OKActions
	case StateAlarm:
		return c.config.AlarmActions
	}
	return c.config.InsufficientDataActions
}

// notification is the JSON a composite alarm publishes to its topics: as
// a metric alarm's, with its AlarmRule and the children that triggered
// the change in place of a Trigger.
func (c *composite) notification(s *Service, at time.Time, old StateValue) string {
	type state struct {
		Value     string `json:"Value"`
		Timestamp string `json:"Timestamp"`
	}
	type child struct {
		Arn   string `json:"Arn"`
		State state  `json:"State"`
	}
	cfg := &c.config
	n := struct {
		notificationHeader
		AlarmRule          string  `json:"AlarmRule"`
		TriggeringChildren []child `json:"TriggeringChildren"`
	}{
		notificationHeader: notificationHeader{AlarmName: cfg.AlarmName, AWSAccountID: s.accountID, AlarmConfigurationUpdatedTimestamp: jsonTime(c.configUpdated),
			NewStateValue: string(c.state), NewStateReason: c.reason, StateChangeTime: jsonTime(at),
			Region: s.regionName, AlarmArn: c.arn, OldStateValue: string(old),
			OKActions: nonNil(cfg.OKActions), AlarmActions: nonNil(cfg.AlarmActions), InsufficientDataActions: nonNil(cfg.InsufficientDataActions)},
		AlarmRule: cfg.AlarmRule, TriggeringChildren: []child{},
	}
	if cfg.AlarmDescription != "" {
		n.AlarmDescription = &cfg.AlarmDescription
	}
	for _, name := range c.children {
		arnOf, st, stAt := s.describeChildLocked(name)
		n.TriggeringChildren = append(n.TriggeringChildren, child{Arn: arnOf, State: state{Value: string(st), Timestamp: jsonTime(stAt)}})
	}
	return marshal(n)
}

// describe returns the composite alarm as DescribeAlarms shows it.
func (c *composite) describe() CompositeAlarm {
	cfg := &c.config
	return CompositeAlarm{
		AlarmName: cfg.AlarmName, AlarmArn: c.arn, AlarmDescription: cfg.AlarmDescription, AlarmRule: cfg.AlarmRule,
		AlarmConfigurationUpdatedTimestamp: c.configUpdated, ActionsEnabled: *cfg.ActionsEnabled,
		OKActions: slices.Clone(cfg.OKActions), AlarmActions: slices.Clone(cfg.AlarmActions),
		InsufficientDataActions: slices.Clone(cfg.InsufficientDataActions),
		StateValue:              c.state, StateReason: c.reason, StateReasonData: c.reasonData,
		StateUpdatedTimestamp: c.stateUpdated, StateTransitionedTimestamp: c.stateTransitioned,
	}
}

// info returns the composite alarm as the Inspector shows it.
func (c *composite) info() AlarmInfo {
	return AlarmInfo{
		Name: c.config.AlarmName, ARN: c.arn, Type: AlarmTypeCompositeAlarm, State: c.state, StateReason: c.reason,
		StateUpdatedAt: c.stateUpdated, ActionsEnabled: *c.config.ActionsEnabled, Rule: c.config.AlarmRule,
	}
}
