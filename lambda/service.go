package lambda

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
	account          *cloud.Account
	region           string
	accountID        string
	concurrencyLimit int
	idleTimeout      time.Duration
	prices           Prices
	history          bool
	sched            *sim.Scheduler
	sqs              *sqs.Service // the queues of event source mappings

	// mu guards everything below. It is never held while a handler runs.
	mu            sync.Mutex
	rng           *sim.Rand
	functions     map[string]*function // by name
	busy          envHeap              // environments running an invocation
	reservedTotal int                  // reserved concurrency of all functions
	busyReserved  int                  // busy environments of functions reserved now
	nextEnvID     int
	invocations   []Invocation
	mappings      []*mapping // SQS event source mappings, in creation order
	// mappingByUUID and mappingOf index the mappings by UUID and by queue
	// and function.
	mappingByUUID map[string]*mapping
	mappingOf     map[mappingPair]*mapping
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	concurrencyLimit int
	idleTimeout      time.Duration
	prices           Prices
	history          bool
	sqs              *sqs.Service
	metrics          *cloudwatch.Service
}

// WithAccount makes the service Lambda of account a: it takes the
// account's clock, region, account ID and its seed named "lambda",
// delivers destinations and dead-letter queues to the account's queues and
// topics by ARN, and is invoked by what the account's other services
// deliver to function ARNs (SNS subscriptions).
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("lambda.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock
// the service reads time from, the start of every invocation, and how long
// execution environments stay busy and warm. Pass a *[sim.Clock] for
// virtual time. The default is the real clock. With [WithAccount] or
// [WithSQS], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("lambda.WithClock", c)
	return func(cfg *config) { cfg.SetClock("lambda.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. The
// service draws request IDs and the weighted choice of an alias's version
// from the stream derived from it by name ([sim.Derive] with "lambda").
// The default seed is 1. With [WithAccount] or [WithSQS], it must be the
// account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("lambda.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, that of
// function ARNs. The default is us-east-1. With [WithAccount] or
// [WithSQS], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("lambda.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("lambda.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// that of function ARNs. The default is 000000000000. With [WithAccount]
// or [WithSQS], it must be the account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("lambda.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("lambda.WithAccountID", id) }
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
// [Inspector.Invocations], and record each in its account's event log
// ([cloud.Account.Events]) as it ends. It costs memory in proportion to
// the traffic, so it is off by default; per-function totals are always
// kept.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// WithSQS gives the service the SQS service its event source mappings
// receive from, a typed connection downwards, and makes it join that
// service's account, as with [WithAccount]. (Destinations and dead-letter
// queues need no connection of their own: they are delivered by ARN
// through the account.)
func WithSQS(queues *sqs.Service) Option {
	options.CheckNotNil("lambda.WithSQS", "service", queues)
	return func(cfg *config) {
		cfg.Join("lambda.WithSQS", queues.Account())
		cfg.sqs = queues
	}
}

// WithMetrics makes the service publish its functions' metrics to cw, as
// Lambda publishes them to CloudWatch: in the AWS/Lambda namespace, per
// function (dimension FunctionName), once a minute of the clock, for each
// function active in the minute: Invocations, Errors, Throttles,
// DeadLetterErrors and DestinationDeliveryFailures counted over the
// minute, Duration (the minute's invocations as a statistic set, in
// milliseconds), AsyncEventAge (the age of each asynchronous event when
// invoked, the same way) and ConcurrentExecutions (the minute's peak)
// (the Metric… constants). cw must belong to the service's account, which the service
// joins. Without this option the service publishes nothing.
func WithMetrics(cw *cloudwatch.Service) Option {
	options.CheckNotNil("lambda.WithMetrics", "service", cw)
	return func(cfg *config) {
		cfg.Join("lambda.WithMetrics", cw.Account())
		cfg.metrics = cw
	}
}

// New returns a Service with no functions. With no options it has an
// account of its own with the real clock, region us-east-1, account
// 000000000000 and seed 1, and the default concurrency limit, idle timeout
// and prices. Each account has at most one Lambda service: a second one
// joining it panics.
func New(opts ...Option) *Service {
	cfg := config{
		concurrencyLimit: DefaultConcurrencyLimit,
		idleTimeout:      DefaultIdleTimeout,
		prices:           DefaultPrices,
	}
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	s := &Service{
		account:          acct,
		region:           acct.Region(),
		accountID:        acct.ID(),
		concurrencyLimit: cfg.concurrencyLimit,
		idleTimeout:      cfg.idleTimeout,
		prices:           cfg.prices,
		history:          cfg.history,
		sqs:              cfg.sqs,
		sched:            acct.Scheduler(),
		rng:              sim.NewRand(acct.Seed("lambda")),
		functions:        make(map[string]*function),
		mappingByUUID:    make(map[string]*mapping),
		mappingOf:        make(map[mappingPair]*mapping),
	}
	acct.Join("lambda", "lambda.Service", s.accept)
	if cfg.metrics != nil {
		cfg.metrics.Collect(metricsNamespace, s.collectMetrics)
	}
	return s
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }
