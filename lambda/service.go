package lambda

import (
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Defaults and limits of AWS Lambda that the simulator applies.
const (
	// DefaultTimeout is a function's Timeout unless set; MaxTimeout bounds
	// it.
	DefaultTimeout = 3 * time.Second
	MaxTimeout     = 900 * time.Second
	// DefaultMemorySize is a function's MemorySize (MB) unless set;
	// MinMemorySize and MaxMemorySize bound it.
	DefaultMemorySize = 128
	MinMemorySize     = 128
	MaxMemorySize     = 10240
	// DefaultConcurrencyLimit is the account's concurrent executions in a
	// region unless set with [WithConcurrencyLimit].
	DefaultConcurrencyLimit = 1000
	// MinUnreservedConcurrency is what reserved concurrency must leave to
	// the functions without a reservation.
	MinUnreservedConcurrency = 100
	// DefaultIdleTimeout is how long an idle execution environment is kept
	// warm before it is reaped. AWS publishes no figure; this is the
	// simulator's model, set with [WithIdleTimeout].
	DefaultIdleTimeout = 10 * time.Minute
	// MaxSyncPayload limits a synchronous request and response payload.
	MaxSyncPayload = 6 * 1024 * 1024
	// MaxEnvironmentSize limits a function's environment variables.
	MaxEnvironmentSize = 4 * 1024
)

// Service is an in-memory AWS Lambda endpoint for one account in one
// region. Create it with [New]. Its methods are the Lambda API operations;
// a Service is safe for concurrent use.
type Service struct {
	region           string
	account          string
	concurrencyLimit int
	idleTimeout      time.Duration
	prices           Prices
	history          bool
	sched            *sim.Scheduler
	sqs              *sqs.Service // for SQS destinations and dead-letter queues

	// mu guards everything below. It is never held while a handler runs.
	mu            sync.Mutex
	rng           *sim.Rand
	functions     map[string]*function // by name
	busy          envHeap              // environments running an invocation
	reservedTotal int                  // reserved concurrency of all functions
	nextEnvID     int
	invocations   []Invocation
	mappings      []*mapping // SQS event source mappings, in creation order
	// topics delivers to SNS destinations and dead-letter queues; nil
	// until [Service.ConnectSNS].
	topics TopicPublisher
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	clock            clock.Clock
	seed             uint64
	region           string
	account          string
	concurrencyLimit int
	idleTimeout      time.Duration
	prices           Prices
	history          bool
	sqs              *sqs.Service
}

// WithClock sets the clock the service reads time from: the start of every
// invocation, and how long execution environments stay busy and warm. Pass
// a *[sim.Clock] for virtual time. The default is the real clock.
func WithClock(c clock.Clock) Option {
	if c == nil {
		panic("lambda.WithClock: nil clock")
	}
	return func(cfg *config) { cfg.clock = c }
}

// WithSeed sets the root seed of the service's randomness: request IDs and
// the weighted choice of an alias's version. The service derives its stream
// from the root seed by name ([sim.Derive] with "lambda"). The default seed
// is 1.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.seed = seed }
}

// WithRegion sets the region of function ARNs. The default is us-east-1.
func WithRegion(region string) Option {
	if region == "" {
		panic("lambda.WithRegion: empty region")
	}
	return func(cfg *config) { cfg.region = region }
}

// WithAccountID sets the 12-digit account ID of function ARNs. The default
// is 000000000000.
func WithAccountID(id string) Option {
	if len(id) != 12 || !input.IsDigits(id) {
		panic(fmt.Sprintf("lambda.WithAccountID: %q is not a 12-digit account ID", id))
	}
	return func(cfg *config) { cfg.account = id }
}

// WithConcurrencyLimit sets the account's concurrent executions in the
// region (AWS's default quota is 1,000). It must leave room for
// [MinUnreservedConcurrency].
func WithConcurrencyLimit(n int) Option {
	if n < MinUnreservedConcurrency {
		panic(fmt.Sprintf("lambda.WithConcurrencyLimit: %d is below the %d that must stay unreserved", n, MinUnreservedConcurrency))
	}
	return func(cfg *config) { cfg.concurrencyLimit = n }
}

// WithIdleTimeout sets how long an idle execution environment stays warm
// before it is reaped, so that the next invocation starts cold. The default
// is [DefaultIdleTimeout].
func WithIdleTimeout(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("lambda.WithIdleTimeout: %v is not positive", d))
	}
	return func(cfg *config) { cfg.idleTimeout = d }
}

// WithPrices replaces the price table used for the cost of invocations.
// The default is [DefaultPrices].
func WithPrices(p Prices) Option {
	return func(cfg *config) { cfg.prices = p }
}

// WithHistory makes the service keep a record of every invocation, for
// [Inspector.Invocations]. It costs memory in proportion to the traffic, so
// it is off by default; per-function totals are always kept.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// WithSQS connects the SQS service that holds the queues named as
// destinations and dead-letter queues of asynchronous invocations.
// Without it, deliveries to SQS fail and are counted in [FunctionStats].
func WithSQS(queues *sqs.Service) Option {
	if queues == nil {
		panic("lambda.WithSQS: nil service")
	}
	return func(cfg *config) { cfg.sqs = queues }
}

// New returns a Service with no functions. With no options it uses the real
// clock, region us-east-1, account 000000000000, seed 1, the default
// concurrency limit, idle timeout and prices.
func New(opts ...Option) *Service {
	cfg := config{
		clock:            clock.New(),
		seed:             1,
		region:           "us-east-1",
		account:          "000000000000",
		concurrencyLimit: DefaultConcurrencyLimit,
		idleTimeout:      DefaultIdleTimeout,
		prices:           DefaultPrices,
	}
	for _, o := range opts {
		o(&cfg)
	}
	return &Service{
		region:           cfg.region,
		account:          cfg.account,
		concurrencyLimit: cfg.concurrencyLimit,
		idleTimeout:      cfg.idleTimeout,
		prices:           cfg.prices,
		history:          cfg.history,
		sqs:              cfg.sqs,
		sched:            sim.NewScheduler(cfg.clock),
		rng:              sim.NewRand(sim.Derive(cfg.seed, "lambda")),
		functions:        make(map[string]*function),
	}
}
