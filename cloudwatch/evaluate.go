package cloudwatch

import (
	"math"
	"time"
)

// Evaluation is one evaluation of an alarm, for [Inspector]: the
// datapoints of its evaluation range and what they decided.
type Evaluation struct {
	// At is the end of the period evaluated: when the evaluation ran.
	At time.Time
	// Datapoints are the periods of the evaluation range, oldest first.
	Datapoints []EvaluatedDatapoint
	// State is the state the datapoints call for; Kept reports that the
	// alarm kept its state instead (missing data treated as ignore, or
	// too few samples for a percentile with
	// EvaluateLowSampleCountPercentile "ignore").
	State StateValue
	Kept  bool
	// Changed reports that the alarm moved to State.
	Changed bool
	// Reason is the state reason the evaluation wrote when it changed the
	// state; empty otherwise.
	Reason string

	// from and period place the datapoints: the evaluation leaves their
	// Timestamps to stamp, which only a reason or the Inspector needs.
	from, period int64
}

// stamp sets the Timestamps of the datapoints.
func (ev *Evaluation) stamp() {
	for i := range ev.Datapoints {
		ev.Datapoints[i].Timestamp = time.Unix(ev.from+int64(i)*ev.period, 0).UTC()
	}
}

// EvaluatedDatapoint is one period of an alarm's evaluation range.
type EvaluatedDatapoint struct {
	// Timestamp is the start of the period.
	Timestamp time.Time
	// Missing reports a period with no datapoint; Value and SampleCount
	// are then zero.
	Missing     bool
	Value       float64
	SampleCount float64 // 0 for an alarm on an expression
	// Breaching reports a value that crosses the threshold.
	Breaching bool
	// Evaluated reports that the datapoint was one of those that decided
	// the state.
	Evaluated bool
}

// evaluationRange is how many periods an alarm reads to decide on its
// EvaluationPeriods datapoints: AWS "retrieves a higher number of data
// points than specified by Evaluation Periods", five for three in its
// examples. The simulator reads two more.
func evaluationRange(n int) int { return n + 2 }

// delivery is an action to run once the lock is released.
type delivery struct {
	alarm     string    // name
	alarmType AlarmType // "" for a metric alarm
	target    string
	body      string
	at        time.Time
	state     StateValue
	repeats   bool // an Auto Scaling action run again while the state lasts
}

// breaches reports whether v crosses the alarm's threshold.
func (a *alarm) breaches(v float64) bool {
	t := *a.config.Threshold
	switch a.config.ComparisonOperator {
	case GreaterThanOrEqualToThreshold:
		return v >= t
	case GreaterThanThreshold:
		return v > t
	case LessThanThreshold:
		return v < t
	}
	return v <= t
}

// evaluateLocked evaluates a at d (Unix seconds, the end of a period) and
// appends the actions to run to out. It needs s.mu.
func (s *Service) evaluateLocked(a *alarm, d int64, out []delivery) []delivery {
	n, m := a.config.EvaluationPeriods, a.config.DatapointsToAlarm
	r := evaluationRange(n)
	p := a.period
	from := d - int64(r)*p
	at := time.Unix(d, 0).UTC()
	ev := &a.lastEvaluation
	points := ev.Datapoints[:0]
	tier, ok := tierFor(at, time.Unix(from, 0), p)
	if a.prog == nil {
		var ss []*series
		if a.metric == nil {
			a.metric = s.metrics[a.key] // metrics are never deleted
		}
		if mt := a.metric; mt != nil && ok {
			ss = seriesOf(mt, a.config.Unit)
			for _, sr := range ss {
				sr.expire(d)
			}
		}
		for i := 0; i < r; i++ {
			points = append(points, EvaluatedDatapoint{Missing: true})
		}
		set := func(k int, x stats, found bool) {
			if !found {
				return
			}
			start := from + int64(k)*p
			if v, ok := a.st.of(x, ss, tier, start, start+p, &s.pct); ok {
				points[k].Missing, points[k].Value, points[k].SampleCount = false, v, x.count
			}
		}
		if len(ss) == 1 && tier <= tierMinute {
			ss[0].scan(tier, from, p, r, set)
		} else {
			for k := 0; k < r; k++ {
				start := from + int64(k)*p
				x, found := overAll(ss, tier, start, start+p)
				set(k, x, found)
			}
		}
	} else {
		g := grid{start: from, period: p, n: r, tier: tier, ok: ok}
		vals, _, err := s.runLocked(a.prog, func(int64) grid { return g })
		for i := 0; i < r; i++ {
			pt := EvaluatedDatapoint{Missing: true}
			if err == nil && !math.IsNaN(vals[a.prog.watched][i]) {
				pt.Missing, pt.Value = false, vals[a.prog.watched][i]
			}
			points = append(points, pt)
		}
	}
	existing, breaching, clear := 0, 0, 0
	for i := range points {
		if !points[i].Missing {
			existing++
			points[i].Breaching = a.breaches(points[i].Value)
		}
	}
	// Which datapoints decide: the newest N that exist, or, with fewer,
	// all that exist in the range.
	need := n
	for i := len(points) - 1; i >= 0 && need > 0; i-- {
		if pt := &points[i]; !pt.Missing {
			pt.Evaluated = true
			need--
			if pt.Breaching {
				breaching++
			} else {
				clear++
			}
		}
	}
	*ev = Evaluation{At: at, Datapoints: points, from: from, period: p}
	filled := n - (breaching + clear)
	treat := a.config.TreatMissingData
	switch {
	case filled == 0 || treat == MissingDataBreaching || treat == MissingDataNotBreaching:
		ev.State = StateOK
		if breaching >= m || treat == MissingDataBreaching && breaching+filled >= m {
			ev.State = StateAlarm
		}
	case breaching >= m:
		ev.State = StateAlarm
	case clear > 0:
		ev.State = StateOK
	default: // no datapoint, or only breaching ones and too few
		ev.State = StateInsufficientData
		ev.Kept = treat == MissingDataIgnore
	}
	if a.st.extended != "" && a.config.EvaluateLowSampleCountPercentile == "ignore" && lowSamples(a.st.percentile, points) {
		ev.Kept = true
	}
	a.evaluations++
	if ev.Kept {
		return out
	}
	if ev.State == a.state {
		return s.repeatLocked(a, at, out)
	}
	// Reasons are written for changes only: most evaluations change
	// nothing, and writing them is most of an evaluation's cost.
	ev.Changed = true
	ev.stamp()
	ev.Reason = a.reasonFor(ev, breaching, clear, filled)
	return s.transitionLocked(a, at, ev.State, ev.Reason, a.reasonDataFor(ev), out)
}

// lowSamples reports whether an evaluated datapoint has too few samples
// for percentile p: fewer than 10/(1-p) for p of 0.5 and more, 10/p
// below.
func lowSamples(p float64, points []EvaluatedDatapoint) bool {
	f := p / 100
	need := 10 / f
	if f >= 0.5 {
		need = 10 / (1 - f)
	}
	for _, pt := range points {
		if pt.Evaluated && pt.SampleCount < need {
			return true
		}
	}
	return false
}

// transitionLocked moves a to state v at at, records the change,
// appends the actions of v, and evaluates the composite alarms whose
// rules name a. It needs s.mu.
func (s *Service) transitionLocked(a *alarm, at time.Time, v StateValue, reason, reasonData string, out []delivery) []delivery {
	old, oldReason := a.state, a.reason
	a.state, a.reason, a.reasonData = v, reason, reasonData
	a.stateUpdated, a.stateTransitioned = at, at
	s.addHistoryLocked(a, at, HistoryStateUpdate, "Alarm updated from "+string(old)+" to "+string(v), stateHistoryData(old, oldReason, v, reason, reasonData))
	s.recordLocked(at, EventStateChanged, a.config.AlarmName, string(old)+" -> "+string(v))
	if *a.config.ActionsEnabled && len(a.actions(v)) > 0 {
		body := a.notification(s, at, old)
		for _, target := range a.actions(v) {
			out = append(out, delivery{alarm: a.config.AlarmName, target: target, body: body, at: at, state: v})
		}
	}
	return s.cascadeLocked(a.config.AlarmName, at, out)
}

// repeatLocked appends the Auto Scaling actions of the state a stays in:
// CloudWatch invokes an Auto Scaling action again for every period its
// alarm remains in the state ("Using Amazon CloudWatch alarms"). It needs
// s.mu.
func (s *Service) repeatLocked(a *alarm, at time.Time, out []delivery) []delivery {
	if !*a.config.ActionsEnabled {
		return out
	}
	var body string
	for _, target := range a.scaling[stateIndex(a.state)] {
		if body == "" {
			body = a.notification(s, at, a.state)
		}
		out = append(out, delivery{alarm: a.config.AlarmName, target: target, body: body, at: at, state: a.state, repeats: true})
	}
	return out
}

// stateIndex indexes alarm.scaling.
func stateIndex(v StateValue) int {
	switch v {
	case StateOK:
		return 0
	case StateAlarm:
		return 1
	}
	return 2
}

// scalingActions returns the Auto Scaling policies among the actions of
// each state, by stateIndex.
func (a *alarm) scalingActions() (out [3][]string) {
	for _, v := range []StateValue{StateOK, StateAlarm, StateInsufficientData} {
		for _, target := range a.actions(v) {
			if isScalingPolicy(target) {
				out[stateIndex(v)] = append(out[stateIndex(v)], target)
			}
		}
	}
	return out
}
