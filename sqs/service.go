package sqs

import (
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Defaults and limits of SQS that the simulator applies. They are the AWS
// values (see the package documentation for sources).
const (
	// DefaultVisibilityTimeout is a queue's VisibilityTimeout unless set.
	DefaultVisibilityTimeout = 30 * time.Second
	// MaxVisibilityTimeout bounds VisibilityTimeout, and how long after a
	// receive ChangeMessageVisibility can keep the message hidden.
	MaxVisibilityTimeout = 12 * time.Hour
	// DefaultRetentionPeriod is a queue's MessageRetentionPeriod unless set;
	// MinRetentionPeriod and MaxRetentionPeriod bound it.
	DefaultRetentionPeriod = 4 * 24 * time.Hour
	MinRetentionPeriod     = time.Minute
	MaxRetentionPeriod     = 14 * 24 * time.Hour
	// MaxDelay bounds DelaySeconds, of a queue and of a message.
	MaxDelay = 15 * time.Minute
	// MaxWaitTime bounds a long poll's wait.
	MaxWaitTime = 20 * time.Second
	// DefaultMaximumMessageSize (1 MiB) is a queue's MaximumMessageSize
	// unless set, and its largest value; MinMaximumMessageSize its smallest.
	DefaultMaximumMessageSize = 1 << 20
	MinMaximumMessageSize     = 1024
	// MaxBatchEntries is the most entries a batch operation takes, and the
	// most messages a receive returns.
	MaxBatchEntries = 10
	// MaxMessageAttributes is the most user attributes a message has.
	MaxMessageAttributes = 10
	// DefaultInFlightLimit is the number of in-flight messages a queue
	// holds at most (standard and FIFO alike); see [WithInFlightLimit].
	DefaultInFlightLimit = 120000
	// DeduplicationInterval is how long a FIFO queue remembers a
	// deduplication ID, and a ReceiveRequestAttemptId.
	DeduplicationInterval = 5 * time.Minute
	// PurgeInterval is how long after a purge another purge of the same
	// queue is refused, and how long after a delete the name stays
	// reserved.
	PurgeInterval = 60 * time.Second
)

// Service is an in-memory Amazon SQS endpoint for one account in one
// region. Create it with [New]. Its methods are the SQS API operations; a
// Service is safe for concurrent use.
type Service struct {
	account       *cloud.Account
	region        string
	accountID     string
	inFlightLimit int
	history       bool
	sched         *sim.Scheduler
	receiptKey    uint64 // signs receipt handles; see receiptTag
	epoch         *epoch // origin of the instants messages keep

	// mu guards everything below. An operation that may make messages
	// available releases it with unlockAndDeliver, which serves waiting
	// long polls first and hands them their messages after unlocking; one
	// that cannot (a read, a listing) may use mu.Unlock.
	mu          sync.Mutex
	rng         *sim.Rand
	queues      map[string]*queue // by URL
	byARN       map[string]*queue
	deleted     map[string]time.Time // URL → when it was deleted
	nextQueueID uint32
	dirty       []*queue   // queues whose waiters and wake-up need a look
	picked      []*message // scratch space of receive, reused
	tasks       []*moveTask
	metrics     bool // publishing to CloudWatch: keep what only metrics need
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	inFlightLimit int
	history       bool
	metrics       *cloudwatch.Service
}

// WithAccount makes the service SQS of account a: it takes the account's
// clock, region, account ID and its seed named "sqs", and receives what
// the account's other services deliver to queue ARNs (SNS subscriptions,
// Lambda destinations).
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("sqs.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock the
// service reads time from and schedules its own work on (long-poll
// time-outs, message move tasks). Pass a *[sim.Clock] for ordered,
// synchronous, fast virtual time; any other [clock.Clock] works too. The
// default is the real clock. With [WithAccount], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("sqs.WithClock", c)
	return func(cfg *config) { cfg.SetClock("sqs.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. The
// service draws message IDs, receipt handles and task handles from the
// stream derived from it by name ([sim.Derive] with "sqs"), so a composed
// simulation can hand the same root seed to every service. The default
// seed is 1. With [WithAccount], it must be the account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("sqs.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, which
// appears in queue URLs and ARNs. The default is us-east-1. With
// [WithAccount], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("sqs.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("sqs.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// which appears in queue URLs and ARNs and as the SenderId of messages.
// The default is 000000000000. With [WithAccount], it must be the
// account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("sqs.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("sqs.WithAccountID", id) }
}

// WithInFlightLimit sets how many messages a queue may have in flight, for
// standard and FIFO queues alike. AWS allows about 120,000 (the default);
// a smaller limit lets a test reach it.
func WithInFlightLimit(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("sqs.WithInFlightLimit: %d is not positive", n))
	}
	return func(cfg *config) { cfg.inFlightLimit = n }
}

// WithHistory makes the service record an event log of every operation in
// its account's log ([cloud.Account.Events]; [Inspector.Events] shows the
// service's part), and keep the receive history of every message and the
// messages that are gone and why. It costs memory in proportion to the
// traffic, so it is off by default.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// WithMetrics makes the service publish its queues' metrics to cw, as SQS
// publishes them to CloudWatch: in the AWS/SQS namespace, per queue
// (dimension QueueName), once a minute of the clock, the depth
// (ApproximateNumberOfMessagesVisible, …NotVisible, …Delayed) and
// ApproximateAgeOfOldestMessage sampled at the minute's end, and
// NumberOfMessagesSent, …Received, …Deleted and NumberOfEmptyReceives
// counted over the minute, and SentMessageSize, the sizes of the
// minute's messages as one statistic set (the Metric… constants). Collecting costs the same for a queue of a
// million messages as for one of ten. cw must belong to the service's
// account, which the service joins: with no other account option,
// cw's. Without this option the service publishes nothing and pays
// nothing.
func WithMetrics(cw *cloudwatch.Service) Option {
	options.CheckNotNil("sqs.WithMetrics", "service", cw)
	return func(cfg *config) {
		cfg.Join("sqs.WithMetrics", cw.Account())
		cfg.metrics = cw
	}
}

// New returns a Service with no queues. With no options it has an account
// of its own with the real clock, region us-east-1, account 000000000000
// and seed 1. Each account has at most one SQS service: a second one
// joining it panics.
func New(opts ...Option) *Service {
	cfg := config{inFlightLimit: DefaultInFlightLimit}
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	rng := sim.NewRand(acct.Seed("sqs"))
	sched := acct.Scheduler()
	s := &Service{
		account:       acct,
		epoch:         &epoch{origin: sched.Now()},
		receiptKey:    rng.Uint64(),
		region:        acct.Region(),
		accountID:     acct.ID(),
		inFlightLimit: cfg.inFlightLimit,
		history:       cfg.history,
		sched:         sched,
		rng:           rng,
		queues:        make(map[string]*queue),
		byARN:         make(map[string]*queue),
		deleted:       make(map[string]time.Time),
	}
	acct.Join("sqs", "sqs.Service", s.accept)
	if cfg.metrics != nil {
		s.metrics = true
		cfg.metrics.Collect(metricsNamespace, s.collectMetrics)
	}
	return s
}

// Account returns the account the service belongs to, for the services
// composed with it (lambda.WithSQS takes it from there).
func (s *Service) Account() *cloud.Account { return s.account }

// Duration returns a pointer to d, for the optional duration fields of the
// operation inputs (a nil field means "not provided", as in the SQS API).
func Duration(d time.Duration) *time.Duration { return &d }
