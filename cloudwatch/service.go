package cloudwatch

import (
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Defaults and limits of CloudWatch that the simulator applies. They are
// AWS's values, from the CloudWatch API reference (PutMetricData,
// GetMetricStatistics, PutMetricAlarm) and the CloudWatch User Guide
// ("Using Amazon CloudWatch alarms").
const (
	// MaxMetricsPerPut is the most MetricData entries one PutMetricData
	// takes.
	MaxMetricsPerPut = 1000
	// MaxDimensions is the most dimensions a metric has.
	MaxDimensions = 30
	// MaxValuesPerDatum is the most entries of a datum's Values (and
	// Counts).
	MaxValuesPerDatum = 150
	// MaxTimestampAge and MaxTimestampAhead bound the Timestamp of a
	// datum: at most two weeks before the clock, two hours after it.
	MaxTimestampAge   = 14 * 24 * time.Hour
	MaxTimestampAhead = 2 * time.Hour
	// MaxDatapoints is the most datapoints one GetMetricStatistics
	// returns.
	MaxDatapoints = 1440
	// MaxQueries is the most MetricDataQuery entries one GetMetricData
	// takes.
	MaxQueries = 500
	// MaxAlarmEvaluationRange bounds Period × EvaluationPeriods of an
	// alarm: one day.
	MaxAlarmEvaluationRange = 24 * time.Hour
	// MaxActions is the most ARNs of each of an alarm's OKActions,
	// AlarmActions and InsufficientDataActions.
	MaxActions = 5
	// MaxAlarmQueries is the most entries of an alarm's Metrics, of which
	// at most MaxAlarmMetricStats retrieve a metric.
	MaxAlarmQueries     = 20
	MaxAlarmMetricStats = 10
	// DefaultAlarmLimit is the number of metric alarms an account may
	// have, the quota of the CloudWatch User Guide; see [WithAlarmLimit].
	DefaultAlarmLimit = 5000
	// HistoryRetention is how long alarm history items are kept, even
	// after their alarm is deleted: two weeks. The current API reference
	// of DescribeAlarmHistory says only that the history outlives the
	// alarm; its earlier text ("retains the history of an alarm for two
	// weeks, whether or not you delete the alarm") and the CloudWatch CLI
	// reference ("the history of active and deleted alarms for two
	// weeks") give the period.
	HistoryRetention = 14 * 24 * time.Hour
	// ListMetricsActivity is how recently a metric must have had data for
	// ListMetrics to return it.
	ListMetricsActivity = 14 * 24 * time.Hour
	// listPageSize is the most metrics one ListMetrics returns.
	listPageSize = 500
	// defaultMaxRecords is how many alarms DescribeAlarms returns at once
	// unless MaxRecords says otherwise; describeMaxRecords is MaxRecords'
	// largest value, and DescribeAlarmHistory's default.
	defaultMaxRecords  = 50
	describeMaxRecords = 100
)

// Retention of metric data, at each resolution CloudWatch keeps it.
const (
	// HighResolutionRetention is how long 1-second data of high-resolution
	// metrics (StorageResolution 1) is kept at that resolution.
	HighResolutionRetention = 3 * time.Hour
	// MinuteRetention is how long data is kept at 1-minute resolution.
	MinuteRetention = 15 * 24 * time.Hour
	// FiveMinuteRetention is how long data is kept at 5-minute resolution.
	FiveMinuteRetention = 63 * 24 * time.Hour
	// HourRetention is how long data is kept at 1-hour resolution.
	HourRetention = 455 * 24 * time.Hour
)

// Service is an in-memory Amazon CloudWatch endpoint for one account in one
// region: metrics, their statistics, and metric alarms evaluated on the
// clock that act on topics and scaling policies by ARN. Create it with
// [New]. Its methods are the CloudWatch API operations; a Service is safe
// for concurrent use.
type Service struct {
	account    *cloud.Account // delivers alarm actions by ARN
	region     string
	accountID  string
	regionName string // "US East (N. Virginia)", for notifications
	sched      *sim.Scheduler
	history    bool
	alarmLimit int

	// mu guards everything below. It is never held while the service
	// delivers an alarm action or calls a collector: both call out.
	mu          sync.Mutex
	metrics     map[string]*metric      // by metric key; see keyOf
	alarms      map[string]*alarm       // by name
	composites  map[string]*composite   // by name
	parents     map[string][]*composite // by the name of an alarm their rules name, in the order last put
	groups      []*group                // alarms by period, shortest first
	collectors  []*collector            // in registration order
	items       []AlarmHistoryItem      // in time order
	nextSeq     uint64                  // creation order of alarms and collectors
	tick        sim.Scheduled           // the next evaluation or collection
	tickAt      int64                   // when tick is due, Unix seconds; 0 when none is
	ticking     bool                    // a tick is running; it schedules the next
	collectNext int64                   // the next minute the collectors are called at
	key         []byte                  // scratch space of keyOf
	pct         []weighted              // scratch space of percentiles
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	history    bool
	alarmLimit int
}

// WithAccount makes the service CloudWatch of account a: it takes the
// account's clock, region and account ID, and delivers alarm actions to
// the account's topics and scaling policies by ARN.
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("cloudwatch.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock
// the service reads time from and evaluates alarms on. Pass a
// *[sim.Clock] for ordered, synchronous, fast virtual time; any other
// [clock.Clock] works too. The default is the real clock. With
// [WithAccount], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("cloudwatch.WithClock", c)
	return func(cfg *config) { cfg.SetClock("cloudwatch.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. CloudWatch
// draws no random numbers (it issues no IDs of its own); the option is
// there so that every service takes the same shorthand options. The
// default seed is 1. With [WithAccount], it must be the account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("cloudwatch.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, that of
// alarm ARNs and of the Region of alarm notifications. The default is
// us-east-1. With [WithAccount], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("cloudwatch.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("cloudwatch.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// that of alarm ARNs and the AWSAccountId of notifications. The default is
// 000000000000. With [WithAccount], it must be the account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("cloudwatch.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("cloudwatch.WithAccountID", id) }
}

// WithHistory makes the service record alarm transitions and actions in
// its account's event log ([cloud.Account.Events]; [Inspector.Events]
// shows the service's part). Alarm history items (DescribeAlarmHistory)
// are kept whether or not it is given, as AWS keeps them.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// WithAlarmLimit sets how many metric alarms the account may have:
// PutMetricAlarm of one more fails with LimitExceeded. The default is
// [DefaultAlarmLimit]; a smaller limit lets a test reach it.
func WithAlarmLimit(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("cloudwatch.WithAlarmLimit: %d is not positive", n))
	}
	return func(cfg *config) { cfg.alarmLimit = n }
}

// New returns a Service with no metrics and no alarms. With no options it
// has an account of its own with the real clock, region us-east-1,
// account 000000000000 and seed 1.
//
// CloudWatch does not join its account as the receiver of any ARNs:
// nothing in AWS delivers to an alarm. It only delivers, to the topics and
// scaling policies its alarms name.
func New(opts ...Option) *Service {
	cfg := config{alarmLimit: DefaultAlarmLimit}
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	return &Service{
		account:    acct,
		region:     acct.Region(),
		accountID:  acct.ID(),
		regionName: regionName(acct.Region()),
		sched:      acct.Scheduler(),
		history:    cfg.history,
		alarmLimit: cfg.alarmLimit,
		metrics:    make(map[string]*metric),
		alarms:     make(map[string]*alarm),
		composites: make(map[string]*composite),
		parents:    make(map[string][]*composite),
	}
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }

// Float64 returns a pointer to v, for the optional number fields of the
// operation inputs (MetricDatum.Value, PutMetricAlarmInput.Threshold),
// where AWS tells "not given" from zero.
func Float64(v float64) *float64 { return &v }

// Bool returns a pointer to b, for the optional flags of the operation
// inputs (ActionsEnabled, ReturnData), whose default is true.
func Bool(b bool) *bool { return &b }
