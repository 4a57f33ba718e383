package sns

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// Defaults and limits of Amazon SNS that the simulator applies.
const (
	// MaxMessageSize bounds a published message with its attributes, and
	// the sum of a PublishBatch's messages (256 KiB).
	MaxMessageSize = 262144
	// MaxSubjectLength is one more than the longest Subject: a subject must
	// be shorter than 100 characters.
	MaxSubjectLength = 100
	// MaxBatchEntries is the most entries a PublishBatch takes.
	MaxBatchEntries = 10
	// MaxTopicNameLength bounds a topic name (with the .fifo suffix).
	MaxTopicNameLength = 256
	// MaxTags is the most tags a topic carries.
	MaxTags = 50
	// MaxFilterPolicies is the most subscriptions of one topic that may
	// have a filter policy.
	MaxFilterPolicies = 200
	// MaxRawSQSAttributes is the most message attributes a raw delivery
	// to SQS carries: SQS's own limit.
	MaxRawSQSAttributes = 10
	// ConfirmationTokenValidity is how long a confirmation token can be
	// used.
	ConfirmationTokenValidity = 48 * time.Hour
	// PendingSubscriptionLifetime is how long a subscription may stay
	// unconfirmed before SNS deletes it.
	PendingSubscriptionLifetime = 72 * time.Hour
	// DeduplicationInterval is how long a FIFO topic remembers a
	// deduplication ID.
	DeduplicationInterval = 5 * time.Minute
	// listPageSize is the most items a List operation returns at once.
	listPageSize = 100
)

// Service is an in-memory Amazon SNS endpoint for one account in one
// region. Create it with [New]. Its methods are the SNS API operations; a
// Service is safe for concurrent use.
type Service struct {
	region  string
	account string
	sched   *sim.Scheduler
	sqs     *sqs.Service    // endpoints of sqs subscriptions and dead-letter queues
	lambda  *lambda.Service // endpoints of lambda subscriptions
	http    *http.Client    // endpoints of http and https subscriptions
	signing bool
	history bool
	faults  func(Fault) error

	// mu guards everything below. It is never held while the service
	// delivers a message: deliveries call other services and user code.
	mu        sync.Mutex
	rng       *sim.Rand
	topics    map[string]*topic // by ARN
	topicList []*topic          // in creation order
	subs      map[string]*subscription
	subList   []*subscription // in creation order
	// tokens are the subscriptions by their confirmation token, and
	// restorable the unsubscribed HTTP/S subscriptions by the token of
	// their UnsubscribeConfirmation.
	tokens     map[string]*subscription
	restorable map[string]restorable
	nextSeq    uint64 // creation order of topics and subscriptions
	outbox     []OutboxMessage
	published  []PublishedMessage // with history only
	attempts   []DeliveryAttempt  // with history only
	totals     Stats
	scratch    []byte // where deliveries render JSON; see payload
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	clock   clock.Clock
	seed    uint64
	region  string
	account string
	sqs     *sqs.Service
	lambda  *lambda.Service
	http    *http.Client
	signing bool
	history bool
	faults  func(Fault) error
}

// WithClock sets the clock the service reads time from and schedules its
// own work on: delivery retries, the expiry of confirmation tokens and
// pending subscriptions. Pass a *[sim.Clock] for ordered, synchronous
// virtual time; any other [clock.Clock] works too. The default is the real
// clock.
func WithClock(c clock.Clock) Option {
	if c == nil {
		panic("sns.WithClock: nil clock")
	}
	return func(cfg *config) { cfg.clock = c }
}

// WithSeed sets the root seed of the service's randomness: message IDs,
// subscription ARNs and confirmation tokens. The service derives its own
// stream from the root seed by name ([sim.Derive] with "sns"). The default
// seed is 1.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.seed = seed }
}

// WithRegion sets the region of topic ARNs and SNS URLs. The default is
// us-east-1.
func WithRegion(region string) Option {
	if region == "" {
		panic("sns.WithRegion: empty region")
	}
	return func(cfg *config) { cfg.region = region }
}

// WithAccountID sets the 12-digit account ID of topic ARNs. The default is
// 000000000000.
func WithAccountID(id string) Option {
	if len(id) != 12 || !input.IsDigits(id) {
		panic(fmt.Sprintf("sns.WithAccountID: %q is not a 12-digit account ID", id))
	}
	return func(cfg *config) { cfg.account = id }
}

// WithSQS connects the SQS service whose queues are the endpoints of sqs
// subscriptions and the dead-letter queues of subscriptions. Without it,
// such deliveries fail as they would to a queue that does not exist.
func WithSQS(queues *sqs.Service) Option {
	if queues == nil {
		panic("sns.WithSQS: nil service")
	}
	return func(cfg *config) { cfg.sqs = queues }
}

// WithLambda connects the Lambda service whose functions are the endpoints
// of lambda subscriptions. Without it, such deliveries fail as they would
// to a function that does not exist. For Lambda to deliver to this
// service's topics in turn, call its [lambda.Service.ConnectSNS].
func WithLambda(functions *lambda.Service) Option {
	if functions == nil {
		panic("sns.WithLambda: nil service")
	}
	return func(cfg *config) { cfg.lambda = functions }
}

// WithHTTPHandler serves every http and https delivery (confirmations,
// notifications, unsubscribe confirmations) with h, called on the
// goroutine that makes the delivery (see [Service.Publish]) or advances
// the clock. The request's URL is the
// subscription's endpoint, so h may route on host and path.
func WithHTTPHandler(h http.Handler) Option {
	if h == nil {
		panic("sns.WithHTTPHandler: nil handler")
	}
	return WithHTTPClient(&http.Client{Transport: handlerTransport{h}})
}

// WithHTTPClient makes http and https deliveries with c, for example the
// client of an httptest.Server. Without this option or [WithHTTPHandler],
// such deliveries fail as to an unreachable host, and are retried.
func WithHTTPClient(c *http.Client) Option {
	if c == nil {
		panic("sns.WithHTTPClient: nil client")
	}
	return func(cfg *config) { cfg.http = c }
}

// WithHistory makes the service keep every published message and every
// delivery attempt, for [Inspector.Messages] and [Inspector.Deliveries].
// It costs memory in proportion to the traffic, so it is off by default;
// totals ([Inspector.Stats]) and the outbox are always kept.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// WithoutSignatures makes deliveries unsigned: their JSON carries no
// SignatureVersion, Signature or SigningCertURL. Signing a message with
// RSA costs about a millisecond, a thousand times the rest of a publish,
// so a simulation of many messages whose consumers do not verify
// signatures runs much faster with this option.
func WithoutSignatures() Option {
	return func(cfg *config) { cfg.signing = false }
}

// New returns a Service with no topics. With no options it uses the real
// clock, region us-east-1, account 000000000000 and seed 1, signs every
// delivery, and has no endpoints connected.
func New(opts ...Option) *Service {
	cfg := config{
		clock:   clock.New(),
		seed:    1,
		region:  "us-east-1",
		account: "000000000000",
		signing: true,
	}
	for _, o := range opts {
		o(&cfg)
	}
	return &Service{
		region:  cfg.region,
		account: cfg.account,
		sched:   sim.NewScheduler(cfg.clock),
		sqs:     cfg.sqs,
		lambda:  cfg.lambda,
		http:    cfg.http,
		signing: cfg.signing,
		history: cfg.history,
		faults:  cfg.faults,
		rng:     sim.NewRand(sim.Derive(cfg.seed, "sns")),
		topics:  make(map[string]*topic),
		subs:    make(map[string]*subscription),

		tokens:     make(map[string]*subscription),
		restorable: make(map[string]restorable),
	}
}
