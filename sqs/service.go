package sqs

import (
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/internal/input"
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
	region        string
	account       string
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
	events      []Event
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	clock         clock.Clock
	seed          uint64
	region        string
	account       string
	inFlightLimit int
	history       bool
}

// WithClock sets the clock the service reads time from and schedules its
// own work on (long-poll time-outs, message move tasks). Pass a
// *[sim.Clock] for ordered, synchronous, fast virtual time; any other
// [clock.Clock] works too. The default is the real clock.
func WithClock(c clock.Clock) Option {
	if c == nil {
		panic("sqs.WithClock: nil clock")
	}
	return func(cfg *config) { cfg.clock = c }
}

// WithSeed sets the root seed of the service's randomness: message IDs,
// receipt handles and task handles. The service derives its own stream
// from the root seed by name ([sim.Derive] with "sqs"), so a composed
// simulation can hand the same root seed to every service. The default
// seed is 1.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.seed = seed }
}

// WithRegion sets the region that appears in queue URLs and ARNs. The
// default is us-east-1.
func WithRegion(region string) Option {
	if region == "" {
		panic("sqs.WithRegion: empty region")
	}
	return func(cfg *config) { cfg.region = region }
}

// WithAccountID sets the 12-digit account ID that appears in queue URLs and
// ARNs and as the SenderId of messages. The default is 000000000000.
func WithAccountID(id string) Option {
	if len(id) != 12 || !input.IsDigits(id) {
		panic(fmt.Sprintf("sqs.WithAccountID: %q is not a 12-digit account ID", id))
	}
	return func(cfg *config) { cfg.account = id }
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

// WithHistory makes the service record, for [Service.Inspect], an event log
// of every operation, the receive history of every message and the
// messages that are gone and why. It costs memory in proportion to the
// traffic, so it is off by default.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// New returns a Service with no queues. With no options it uses the real
// clock, region us-east-1, account 000000000000 and seed 1.
func New(opts ...Option) *Service {
	cfg := config{
		clock:         clock.New(),
		seed:          1,
		region:        "us-east-1",
		account:       "000000000000",
		inFlightLimit: DefaultInFlightLimit,
	}
	for _, o := range opts {
		o(&cfg)
	}
	rng := sim.NewRand(sim.Derive(cfg.seed, "sqs"))
	sched := sim.NewScheduler(cfg.clock)
	return &Service{
		epoch:         &epoch{origin: sched.Now()},
		receiptKey:    rng.Uint64(),
		region:        cfg.region,
		account:       cfg.account,
		inFlightLimit: cfg.inFlightLimit,
		history:       cfg.history,
		sched:         sched,
		rng:           rng,
		queues:        make(map[string]*queue),
		byARN:         make(map[string]*queue),
		deleted:       make(map[string]time.Time),
	}
}

// Duration returns a pointer to d, for the optional duration fields of the
// operation inputs (a nil field means "not provided", as in the SQS API).
func Duration(d time.Duration) *time.Duration { return &d }
