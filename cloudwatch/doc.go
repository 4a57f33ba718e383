// Package cloudwatch is an in-memory Amazon CloudWatch: metrics and their
// statistics, metric math, and metric alarms evaluated on the clock that
// act on SNS topics and Auto Scaling policies, with AWS's limits, error
// codes and state reasons, and composite alarms over them, in process,
// with time under the caller's control.
//
// # Usage
//
// A [Service] is one account's CloudWatch endpoint in one region. Its
// methods are the CloudWatch API operations, with the AWS names, taking a
// context and an input struct and returning an output struct and an
// error:
//
//	clk := sim.NewClock(start)
//	acct := cloud.New(cloud.WithClock(clk))
//	cw := cloudwatch.New(cloudwatch.WithAccount(acct))
//	topics := sns.New(sns.WithAccount(acct)) // the alarm's notifications go here, by ARN
//	cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
//		AlarmName: "orders-stuck", Namespace: "App", MetricName: "OldestAge",
//		Statistic: cloudwatch.StatisticMaximum, Period: time.Minute, EvaluationPeriods: 1,
//		Threshold: cloudwatch.Float64(300), ComparisonOperator: cloudwatch.GreaterThanOrEqualToThreshold,
//		AlarmActions: []string{topicARN},
//	})
//	cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: "App", MetricData: []cloudwatch.MetricDatum{
//		{MetricName: "OldestAge", Value: cloudwatch.Float64(420), Unit: cloudwatch.UnitSeconds},
//	}})
//	clk.Advance(time.Minute) // the period ends: the alarm goes to ALARM and notifies the topic
//
// Durations of the inputs (Period) are time.Duration in whole seconds;
// optional numbers and flags where AWS tells "not given" from zero are
// pointers ([Float64], [Bool]). Errors are *[Error] values carrying the
// AWS error code and HTTP status; match them with errors.Is and the Err…
// sentinels. Bad input never panics and never changes state.
//
// Alarm actions are delivered by ARN through the service's account
// ([cloud.Account.Deliver]): an SNS topic receives the alarm's
// notification JSON as the message body, as AWS publishes it; an Auto
// Scaling policy ARN, and any other ARN a service of the account holds
// (a test may join a fake), receives the same JSON. A delivery that
// fails is recorded as a failed action in the alarm's history.
// [Service.AlarmStatus] is the read a service reached by an action makes
// of the alarm's current state (Auto Scaling, to decide its step).
//
// # Evaluation
//
// An alarm with Period P is evaluated at the end of every period: at each
// multiple of P since the Unix epoch, starting with the first after it
// was created. Each evaluation reads the evaluation range, the last N+2
// periods (N is EvaluationPeriods, M DatapointsToAlarm), and decides as
// the User Guide's "How alarm state is evaluated when data is missing"
// describes:
//
//   - With N or more datapoints in the range, the newest N decide: ALARM
//     if at least M breach, else OK. TreatMissingData plays no part.
//   - With fewer, all of them decide, and missing and ignore leave the
//     others out: ALARM if at least M breach, OK if one does not breach,
//     else (no datapoint, or only too few breaching ones)
//     INSUFFICIENT_DATA for missing and the current state for ignore.
//     breaching and notBreaching fill the N-k missing datapoints in as
//     breaching or not, then decide as above.
//
// An alarm that changes state writes the StateReason and StateReasonData
// AWS writes ("Threshold Crossed: 3 out of the last 3 datapoints […] were
// greater than the threshold (3.0) (minimum 3 datapoints for OK -> ALARM
// transition)."), adds a StateUpdate history item, and, when its actions
// are enabled, runs the actions of its new state, each one adding an
// Action history item. For Auto Scaling policy actions, the alarm invokes
// the action again at every evaluation while it stays in the state, as
// the User Guide says; other actions run on transitions only.
// [Service.SetAlarmState] changes the state and runs the actions the
// same way, until the next evaluation.
//
// # Composite alarms
//
// [Service.PutCompositeAlarm] makes an alarm whose state is its AlarmRule
// over other alarms' states: ALARM(name), OK(name) and
// INSUFFICIENT_DATA(name) (a name in double quotes or not, or an alarm's
// ARN), TRUE and FALSE, combined with NOT, AND and OR, binding in that
// order, and parentheses; keywords in any case. Every alarm the rule
// names must exist. The new composite alarm is INSUFFICIENT_DATA, is
// evaluated at once, and from then on is ALARM while its rule holds and OK
// while it does not: it is evaluated whenever an alarm its rule names
// changes state (by its evaluation, SetAlarmState or its own rule), in
// the same instant, and passes its own changes on to the composite alarms
// that name it. A cycle of composite alarms is evaluated once around and
// stops, as AWS's evaluation does. A change runs the state's actions as a
// metric alarm's does (SNS topics and other ARNs; Auto Scaling actions
// are refused) and writes history of AlarmType CompositeAlarm, which
// DescribeAlarmHistory and DescribeAlarms return when AlarmTypes names
// CompositeAlarm. DeleteAlarms refuses an alarm a composite alarm's rule
// names (ValidationError "Cannot delete a as there are composite alarm(s)
// depending on it."), and more than one composite alarm per call.
//
// # Metrics and statistics
//
// [Service.PutMetricData] stores data in 1-minute buckets (and 1-second
// ones for StorageResolution 1), kept as AWS keeps them: 1-second data
// for three hours, 1-minute data for 15 days, 5-minute data for 63 days,
// 1-hour data for 455 days, each dropped when the metric is next written
// or read, so memory is bounded in a simulated year. Queries
// ([Service.GetMetricStatistics], [Service.GetMetricData]) read the
// resolution AWS would for their start time, and return nothing for a
// period it would not serve.
//
// Percentiles (pNN, pNN.N, in GetMetricStatistics, GetMetricData and
// alarms) are exact, computed from the stored values by the nearest-rank
// method: the smallest value v such that at least p percent of the
// period's values are at most v. Equal data gives equal answers on every
// run. As in AWS, a period has no percentiles if a value is negative or
// a StatisticValues set hid its values (one whose minimum and maximum
// differ); the raw values are kept for 15 days, so data older than that
// (5-minute and 1-hour resolution) has no percentiles.
//
// Metric math (GetMetricData's and alarms' Expression) has numbers, the
// Ids of other queries, + - * /, unary minus, the comparisons == != < <=
// > >= and AND (&&), OR (||), NOT (!), parentheses, arrays [a, b], and
// the functions ABS, CEIL, FLOOR, SUM, AVG, MIN, MAX (of a time series a
// scalar, of an array a time series), IF(condition, a[, b]), FILL(series,
// value|REPEAT|LINEAR), DIFF, RATE and PERIOD. A missing datapoint stays
// missing through arithmetic; a division by zero gives none.
//
// # Publishing from services
//
// The other services publish their AWS/… metrics through
// [Service.Collect] when given this service (sqs.WithMetrics,
// lambda.WithMetrics, sns.WithMetrics): a service registers one collector for its
// namespace, and CloudWatch calls it at the end of every minute, just
// before it evaluates the alarms due then, for that minute's gauges
// (sampled) and counters (summed by the service as it works, reported as
// the difference since the last minute). Nothing is done per message,
// and a service that is given no CloudWatch pays nothing.
// [Service.Publish] is the push form. Both accept AWS/ namespaces, which
// PutMetricData refuses.
//
// # Time
//
// Every instant comes from the account's clock. Metric retention, the
// ListMetrics window and the two weeks of alarm history are computed from
// the clock when read. Alarm evaluation and collection are scheduled on
// it: one callback at the earliest instant due, none when there is no
// alarm or collector. With a *[sim.Clock] evaluations run synchronously,
// in order, on the goroutine that advances the clock, and so do the
// deliveries of actions; with another clock they go through AfterFunc,
// and an evaluation that runs late works through the periods it missed,
// in order. Alarms work with [clock.Mock] and, in a testing/synctest
// bubble, with the real clock.
//
// # Determinism
//
// CloudWatch draws no random numbers. Alarms of one period are evaluated
// in creation order, periods shortest first, collectors in registration
// order, actions in the order of the alarm's list, the composite alarms
// that name an alarm that changed in the order they were last put, each
// change passed on depth first; listings are in name order. The same calls and the same clock moves give the same states,
// reasons, history and event log.
//
// # Concurrency
//
// A Service is safe for concurrent use; one mutex guards its metrics and
// alarms. It is never held while an action is delivered or a collector is
// called, so both may call CloudWatch back.
//
// # Inspection
//
// [Service.Inspect] returns an [Inspector] for tests: every alarm with
// its state and its last evaluation (the datapoints of its range, which
// decided, and what they decided), the history of every alarm, deleted
// ones too, the metrics, and, with [WithHistory], the service's events
// ([Inspector.Events]), which it records in the account's event log, with
// its stable text form, as they happen.
//
// # Differences from AWS
//
// The simulator is exact and immediate where CloudWatch is eventually
// consistent, and leaves out what the other awssim services do not need:
//
//   - Data is visible to statistics, alarms and ListMetrics at once; AWS
//     takes minutes (up to 15 for ListMetrics), and up to 48 hours for
//     data timestamped a day or more in the past.
//   - Alarms are evaluated exactly at the end of each period, with periods
//     aligned to the Unix epoch, and the evaluation range is N+2 periods;
//     AWS evaluates shortly after, aligns periods to when it evaluates,
//     and documents the range's size only as "higher than" N. AWS's
//     archived User Guide has, for 3 of 3 with missing data, an example
//     ("X - - - -" going to ALARM) that the rule above does not give;
//     the current one does not have it.
//   - StateReason and StateReasonData follow the forms AWS writes, but
//     evaluatedDatapoints lists every datapoint that decided (AWS often
//     lists fewer), a reason where some datapoints were filled in for
//     missing data lists only the real ones, and StateUpdatedTimestamp
//     changes only with the state (and on SetAlarmState).
//   - History items' HistoryData for configuration updates is
//     {"type":"Create"|"Update"|"Delete","version":"1.0"} without the
//     alarm's configuration, and Action items carry no published message
//     ID.
//   - A notification's Subject (`ALARM: "name" in US East (N.
//     Virginia)`) is cut to SNS's 99 characters for long alarm names. The
//     Trigger of an alarm on an expression lists its Metrics in a form
//     AWS does not document.
//   - GetMetricStatistics returns datapoints in time order (AWS: in no
//     order); GetMetricData returns every datapoint at once (MaxDatapoints
//     and NextToken are not used) with StatusCode Complete, and labels
//     default to the metric name or the expression's Id. A period shorter
//     than a minute on standard-resolution data has no datapoints.
//   - The error messages are written after AWS's ("The value … for
//     parameter … is invalid."); the exact wording of many is not
//     documented. A datum with none of Value, StatisticValues and Values
//     is refused (InvalidParameterCombination); two dimensions of one
//     name are refused (InvalidParameterValue).
//   - Composite alarms: their StateReason ("arn:… transitioned to ALARM
//     at Monday 02 March, 2026 09:01:00 UTC"), StateReasonData
//     ({"triggeringAlarms":[…]}) and notification (a metric alarm's
//     fields with AlarmRule and TriggeringChildren, every child listed)
//     follow the forms AWS is seen to write, not a documented format;
//     after creation or an update with no child to blame, the reason is
//     "The alarm rule is TRUE." or "… FALSE." and every child is listed.
//     ChildrenOfAlarmName and ParentsOfAlarmName return the whole alarms
//     (AWS: only names, ARNs and states). A composite alarm and a metric
//     alarm cannot share a name (InvalidParameterValue; AWS's answer is
//     not documented), an alarm deleted together with the composite alarm
//     that names it may be deleted, and composite alarms do not count
//     toward [WithAlarmLimit]. The error messages of rules that do not
//     parse are the simulator's.
//   - DeleteAlarms with a name that is not an alarm deletes nothing
//     (ResourceNotFound), as an earlier API reference says; the current
//     one says the alarms named correctly are still deleted.
//   - Not simulated: actions suppression of composite alarms
//     (ActionsSuppressor and its periods are refused), anomaly detection
//     (ThresholdMetricId and the band comparisons are refused), Metrics
//     Insights queries, dashboards, metric streams, Contributor Insights,
//     tagging operations (PutMetricAlarm's Tags are kept), cross-account
//     metrics, EC2 and Systems Manager actions (delivered by ARN like any
//     other, so they fail unless a service of the account holds them),
//     the metric math functions not listed above (METRICS, SEARCH, the
//     time and string functions, ANOMALY_DETECTION_BAND, …), the trimmed
//     and windowed statistics (tm90, wm90, IQM, PR, TC, TS), the AWS/
//     DynamoDB rule that its alarms always ignore missing data, and
//     throttling.
package cloudwatch
