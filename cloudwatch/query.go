package cloudwatch

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// MetricStat is a metric and the statistic of it to return, over periods
// of Period, in a [MetricDataQuery].
type MetricStat struct {
	Metric Metric
	// Period is in whole seconds: 1, 5, 10, 30 or a multiple of 60 (10, 30
	// or a multiple of 60 in an alarm).
	Period time.Duration
	// Stat is a basic statistic ("Average") or a percentile ("p99").
	Stat string
	// Unit, when given, selects the data published with that unit.
	Unit StandardUnit
}

// MetricDataQuery is one query of GetMetricData, or one entry of an
// alarm's Metrics: a metric to retrieve (MetricStat) or a metric math
// expression over the other queries (Expression), exactly one of them.
type MetricDataQuery struct {
	// Id names the query's result, and is how expressions refer to it: a
	// lowercase letter, then letters, digits and underscores, unique in
	// the request.
	Id         string
	MetricStat *MetricStat
	Expression string
	Label      string
	// ReturnData says whether the result is returned (GetMetricData) or
	// is the one the alarm watches (PutMetricAlarm). Nil means true.
	ReturnData *bool
	// Period is for Metrics Insights queries, which the simulator does
	// not have; it is kept but not used.
	Period time.Duration
	// AccountId is for cross-account queries, which the simulator does
	// not have; it is kept but not used.
	AccountId string
}

// MetricDataResult is the result of one query of GetMetricData:
// Timestamps[i] is the start of the period of Values[i].
type MetricDataResult struct {
	Id         string
	Label      string
	Timestamps []time.Time
	Values     []float64
	// StatusCode is "Complete": every datapoint is returned at once.
	StatusCode string
	Messages   []MessageData
}

// MessageData is a message about a GetMetricData result.
type MessageData struct {
	Code  string
	Value string
}

// GetMetricDataInput is the input of [Service.GetMetricData].
type GetMetricDataInput struct {
	// MetricDataQueries are 1 to 500 queries.
	MetricDataQueries []MetricDataQuery
	// StartTime (inclusive, rounded down as for GetMetricStatistics) and
	// EndTime (exclusive) bound the data.
	StartTime time.Time
	EndTime   time.Time
	// ScanBy orders each result's datapoints: newest first
	// (TimestampDescending, the default) or oldest first.
	ScanBy ScanBy
	// MaxDatapoints and NextToken page results in AWS; the simulator
	// returns every datapoint at once and ignores them.
	MaxDatapoints int
	NextToken     string
}

// GetMetricDataOutput is the output of [Service.GetMetricData].
type GetMetricDataOutput struct {
	// MetricDataResults has one result per query whose ReturnData is
	// true, in the order of the queries.
	MetricDataResults []MetricDataResult
	Messages          []MessageData
	NextToken         string
}

// GetMetricData returns the values of metrics and of metric math
// expressions over them, one value per period with data (see the package
// documentation for the metric math the simulator has).
//
// Errors: MissingParameter for missing queries, start or end time;
// InvalidParameterValue for more than 500 queries, a bad Id, period,
// statistic or expression, an expression that refers to an unknown Id or
// to itself, or combines metrics of different periods;
// InvalidParameterCombination for a query with both or neither of
// MetricStat and Expression.
func (s *Service) GetMetricData(ctx context.Context, in *GetMetricDataInput) (*GetMetricDataOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	switch {
	case in.StartTime.IsZero():
		return nil, missing("StartTime")
	case in.EndTime.IsZero():
		return nil, missing("EndTime")
	case !in.StartTime.Before(in.EndTime):
		return nil, ErrInvalidParameterValueException.With("The parameter StartTime must be less than the parameter EndTime.")
	case in.ScanBy != "" && in.ScanBy != ScanByTimestampAscending && in.ScanBy != ScanByTimestampDescending:
		return nil, invalid("ScanBy", string(in.ScanBy))
	}
	prog, verr := compileQueries("MetricDataQueries", in.MetricDataQueries, false)
	if verr != nil {
		return nil, verr
	}
	s.mu.Lock()
	now := s.sched.Now()
	vals, grids, verr := s.runLocked(prog, func(period int64) grid { return gridOf(now, in.StartTime, in.EndTime, period) })
	s.mu.Unlock()
	if verr != nil {
		return nil, verr
	}
	out := &GetMetricDataOutput{}
	for i, q := range prog.queries {
		if !q.returnData {
			continue
		}
		r := MetricDataResult{Id: q.id, Label: q.label, StatusCode: "Complete"}
		g := grids[i]
		for j, v := range vals[i] {
			if !math.IsNaN(v) {
				r.Timestamps = append(r.Timestamps, g.at(j))
				r.Values = append(r.Values, v)
			}
		}
		if in.ScanBy != ScanByTimestampAscending {
			slices.Reverse(r.Timestamps)
			slices.Reverse(r.Values)
		}
		out.MetricDataResults = append(out.MetricDataResults, r)
	}
	return out, nil
}

// program is a checked list of queries, ready to run.
type program struct {
	queries []query
	byID    map[string]int
	watched int // the query with ReturnData, for an alarm
}

// query is one checked MetricDataQuery.
type query struct {
	id, label  string
	returnData bool
	// A metric query:
	namespace, name string
	dims            []Dimension
	stat            stat
	unit            StandardUnit
	period          int64
	// An expression:
	expr node
	deps []int
}

// compileQueries checks queries and compiles them; alarm applies the
// rules of an alarm's Metrics.
func compileQueries(param string, qs []MetricDataQuery, alarm bool) (*program, *Error) {
	limit := MaxQueries
	if alarm {
		limit = MaxAlarmQueries
	}
	switch {
	case len(qs) == 0:
		return nil, missing(param)
	case len(qs) > limit:
		return nil, ErrInvalidParameterValueException.With("The collection %s must not have a size greater than %d.", param, limit)
	}
	p := &program{byID: make(map[string]int, len(qs)), watched: -1}
	stats, exprs, returned := 0, 0, 0
	for i := range qs {
		q := &qs[i]
		f := func(field string) string { return member(param, i, field) }
		if err := checkMetricID(f("Id"), q.Id); err != nil {
			return nil, err
		}
		if _, dup := p.byID[q.Id]; dup {
			return nil, ErrInvalidParameterValueException.With("The Id %s is used by more than one entry of %s.", q.Id, param)
		}
		p.byID[q.Id] = i
		c := query{id: q.Id, label: q.Label, returnData: q.ReturnData == nil || *q.ReturnData}
		switch {
		case q.MetricStat != nil && q.Expression != "":
			return nil, ErrInvalidParameterCombinationException.With("The parameters %s and %s are mutually exclusive and you have specified both.", f("MetricStat"), f("Expression"))
		case q.MetricStat != nil:
			stats++
			ms := q.MetricStat
			if err := checkNamespace(f("MetricStat.Metric.Namespace"), ms.Metric.Namespace, false); err != nil {
				return nil, err
			}
			if err := checkMetricName(f("MetricStat.Metric.MetricName"), ms.Metric.MetricName); err != nil {
				return nil, err
			}
			if err := checkDimensions(f("MetricStat.Metric.Dimensions"), ms.Metric.Dimensions); err != nil {
				return nil, err
			}
			period, err := checkPeriod(f("MetricStat.Period"), ms.Period, alarm)
			if err != nil {
				return nil, err
			}
			st, ok := parseStat(ms.Stat)
			if !ok {
				if ms.Stat == "" {
					return nil, missing(f("MetricStat.Stat"))
				}
				return nil, invalid(f("MetricStat.Stat"), ms.Stat)
			}
			if err := checkUnit(f("MetricStat.Unit"), ms.Unit); err != nil {
				return nil, err
			}
			c.namespace, c.name, c.dims = ms.Metric.Namespace, ms.Metric.MetricName, sortedDims(ms.Metric.Dimensions)
			c.stat, c.unit, c.period = st, ms.Unit, period
			if c.label == "" {
				c.label = ms.Metric.MetricName
			}
		case q.Expression != "":
			exprs++
			if len(q.Expression) > maxExpression {
				return nil, ErrInvalidParameterValueException.With("The parameter %s must be at most %d characters long.", f("Expression"), maxExpression)
			}
			n, err := parseExpression(q.Expression)
			if err != nil {
				return nil, ErrInvalidParameterValueException.With("Error in expression %s: %v", q.Id, err)
			}
			c.expr = n
			if c.label == "" {
				c.label = q.Id
			}
		default:
			return nil, ErrInvalidParameterCombinationException.With("Exactly one of the parameters %s and %s must be given.", f("MetricStat"), f("Expression"))
		}
		if c.returnData {
			returned++
			p.watched = i
		}
		p.queries = append(p.queries, c)
	}
	for i := range p.queries {
		q := &p.queries[i]
		for _, id := range refs(q.expr, nil) {
			j, ok := p.byID[id]
			if !ok {
				return nil, ErrInvalidParameterValueException.With("Error in expression %s: Unrecognized metric or expression id %s.", q.id, id)
			}
			q.deps = append(q.deps, j)
		}
	}
	if err := p.checkCycles(); err != nil {
		return nil, err
	}
	if alarm {
		switch {
		case stats > MaxAlarmMetricStats:
			return nil, ErrInvalidParameterValueException.With("An alarm's %s can have at most %d entries with a MetricStat.", param, MaxAlarmMetricStats)
		case exprs > MaxAlarmMetricStats:
			return nil, ErrInvalidParameterValueException.With("An alarm's %s can have at most %d entries with an Expression.", param, MaxAlarmMetricStats)
		case returned != 1:
			return nil, ErrInvalidParameterValueException.With("Exactly one element of the %s array must have ReturnData set to true; %d do.", param, returned)
		}
		period := int64(0)
		for _, q := range p.queries {
			if q.period == 0 {
				continue
			}
			if period != 0 && q.period != period {
				return nil, ErrInvalidParameterValueException.With("The metrics of an alarm's %s must all have the same period.", param)
			}
			period = q.period
		}
		if period == 0 || p.period(p.watched) <= 0 {
			return nil, ErrInvalidParameterValueException.With("The entry of an alarm's %s with ReturnData must use a metric.", param)
		}
	}
	return p, nil
}

// checkMetricID checks the Id of a query.
func checkMetricID(param, id string) *Error {
	switch {
	case id == "":
		return missing(param)
	case len(id) > maxMetricID || id[0] < 'a' || id[0] > 'z':
		return ErrInvalidParameterValueException.With("The value %s for parameter %s is invalid: an Id begins with a lowercase letter.", id, param)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !isLetter(c) && !isDigit(c) && c != '_' {
			return ErrInvalidParameterValueException.With("The value %s for parameter %s is invalid: an Id has only letters, digits and underscores.", id, param)
		}
	}
	return nil
}

// checkCycles refuses expressions that depend on themselves.
func (p *program) checkCycles() *Error {
	state := make([]byte, len(p.queries)) // 0 new, 1 visiting, 2 done
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case 1:
			return false
		case 2:
			return true
		}
		state[i] = 1
		for _, j := range p.queries[i].deps {
			if !visit(j) {
				return false
			}
		}
		state[i] = 2
		return true
	}
	for i := range p.queries {
		if !visit(i) {
			return ErrInvalidParameterValueException.With("Error in expression %s: the expression refers to itself.", p.queries[i].id)
		}
	}
	return nil
}

// period returns the period of query i: its own for a metric, that of
// the metrics it refers to for an expression (0 when it refers to none,
// -1 when they differ).
func (p *program) period(i int) int64 {
	q := &p.queries[i]
	if q.expr == nil {
		return q.period
	}
	period := int64(0)
	for _, j := range q.deps {
		switch d := p.period(j); {
		case d < 0:
			return -1
		case d == 0:
		case period == 0:
			period = d
		case period != d:
			return -1
		}
	}
	return period
}

// runLocked evaluates every query of p, each metric over the grid gridFor
// gives for its period; an expression's grid is that of its metrics. It
// returns each query's values (NaN: no datapoint) and grid. It needs
// s.mu.
func (s *Service) runLocked(p *program, gridFor func(period int64) grid) ([][]float64, []grid, *Error) {
	vals := make([][]float64, len(p.queries))
	grids := make([]grid, len(p.queries))
	var scratch []weighted
	for i, q := range p.queries {
		period := p.period(i)
		switch {
		case period < 0:
			return nil, nil, ErrInvalidParameterValueException.With("Error in expression %s: the metrics it uses have different periods.", q.id)
		case period == 0:
			return nil, nil, ErrInvalidParameterValueException.With("Error in expression %s: the expression uses no metric.", q.id)
		}
		grids[i] = gridFor(period)
	}
	var eval func(i int) (mvalue, error)
	memo := make([]*mvalue, len(p.queries))
	eval = func(i int) (mvalue, error) {
		if memo[i] != nil {
			return *memo[i], nil
		}
		q := &p.queries[i]
		var v mvalue
		if q.expr == nil {
			m := s.metrics[string(s.keyOf(q.namespace, q.name, q.dims))]
			v = mvalue{series: s.valuesLocked(m, q.unit, q.stat, grids[i], &scratch)}
		} else {
			e := &evaluator{n: grids[i].n, period: grids[i].period, lookup: func(id string) (mvalue, error) { return eval(p.byID[id]) }}
			var err error
			if v, err = e.eval(q.expr); err != nil {
				return mvalue{}, err
			}
		}
		memo[i] = &v
		return v, nil
	}
	for i := range p.queries {
		v, err := eval(i)
		if err != nil {
			return nil, nil, ErrInvalidParameterValueException.With("Error in expression %s: %v", p.queries[i].id, err)
		}
		switch {
		case v.array != nil:
			if p.queries[i].returnData {
				return nil, nil, ErrInvalidParameterValueException.With("Error in expression %s: the expression returns an array of time series, not one.", p.queries[i].id)
			}
		case v.series == nil:
			e := &evaluator{n: grids[i].n}
			v.series = e.broadcast(v.scalar)
		}
		vals[i] = v.series
	}
	return vals, grids, nil
}
