package sns

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
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
	// HTTPDeliveryTimeout is how long SNS waits for an HTTP/S endpoint to
	// answer a delivery before it fails the attempt as a timeout: the
	// deadline of an in-process handler's request context, in virtual
	// time (see "User code" in the package documentation).
	HTTPDeliveryTimeout = 15 * time.Second
	// listPageSize is the most items a List operation returns at once.
	listPageSize = 100
)

// Service is an in-memory Amazon SNS endpoint for one account in one
// region. Create it with [New]. Its methods are the SNS API operations; a
// Service is safe for concurrent use.
type Service struct {
	account   *cloud.Account // delivers to sqs and lambda endpoints by ARN
	region    string
	accountID string
	sched     *sim.Scheduler
	http      *http.Client // endpoints of http and https subscriptions
	signing   bool
	history   bool

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
	service.Config
	http    *http.Client
	signing bool
	history bool
	metrics *cloudwatch.Service
}

// WithAccount makes the service SNS of account a: it takes the account's
// clock, region, account ID and its seed named "sns", delivers to the
// account's queues and functions by ARN (sqs and lambda subscriptions,
// dead-letter queues), and receives what the account's other services
// deliver to topic ARNs (Lambda destinations).
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("sns.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock the
// service reads time from and schedules its own work on (delivery retries,
// the expiry of confirmation tokens and pending subscriptions). Pass a
// *[sim.Clock] for ordered, synchronous virtual time; any other
// [clock.Clock] works too. The default is the real clock. With
// [WithAccount], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("sns.WithClock", c)
	return func(cfg *config) { cfg.SetClock("sns.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. The
// service draws message IDs, subscription ARNs and confirmation tokens
// from the stream derived from it by name ([sim.Derive] with "sns"). The
// default seed is 1. With [WithAccount], it must be the account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("sns.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, that of
// topic ARNs and SNS URLs. The default is us-east-1. With [WithAccount],
// it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("sns.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("sns.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// that of topic ARNs. The default is 000000000000. With [WithAccount], it
// must be the account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("sns.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("sns.WithAccountID", id) }
}

// WithHTTPHandler serves every http and https delivery (confirmations,
// notifications, unsubscribe confirmations) with h, called on the
// goroutine that makes the delivery (see [Service.Publish]) or advances
// the clock (with [cloud.WithWatchdog], on a goroutine of its own). The
// request's URL is the subscription's endpoint, so h may route on host and
// path. The request's
// context has the deadline [HTTPDeliveryTimeout] after the attempt, in
// virtual time. A panic in h fails the attempt as a connection closed
// with no response does, and the delivery policy retries it (see "User
// code" in the package documentation).
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

// handlerTransport is an http.RoundTripper that serves every request with
// a handler, in process: what [WithHTTPHandler] gives deliveries. The
// handler's request context is the delivery's, with the virtual deadline
// that [Service.sendHTTP] puts in it as a value (see requestContext).
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if deadline, ok := req.Context().Value(deadlineKey{}).(time.Time); ok {
		req = req.WithContext(requestContext{Context: req.Context(), deadline: deadline})
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// deadlineKey is the context key of the virtual instant by which an HTTP
// delivery must be answered.
type deadlineKey struct{}

// requestContext is the request context of an in-process handler: its
// parent's values and cancellation, with the delivery's deadline in
// virtual time. The deadline is only reported, not a timer: it is not
// given to the real transport of [WithHTTPClient], whose dialer would
// measure it against the real clock.
type requestContext struct {
	context.Context
	deadline time.Time
}

// Deadline returns the virtual instant by which SNS wants an answer.
func (c requestContext) Deadline() (time.Time, bool) { return c.deadline, true }

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

// WithMetrics makes the service publish its topics' metrics to cw, as SNS
// publishes them to CloudWatch: in the AWS/SNS namespace, per topic
// (dimension TopicName), once a minute of the clock, for each topic with
// traffic in the minute: NumberOfMessagesPublished,
// NumberOfNotificationsDelivered, NumberOfNotificationsFailed (deliveries
// given up on, retries exhausted or refused) and
// NumberOfNotificationsFilteredOut (the Metric… constants). cw must belong
// to the service's account, which the service joins. Without this option
// the service publishes nothing.
func WithMetrics(cw *cloudwatch.Service) Option {
	options.CheckNotNil("sns.WithMetrics", "service", cw)
	return func(cfg *config) {
		cfg.Join("sns.WithMetrics", cw.Account())
		cfg.metrics = cw
	}
}

// New returns a Service with no topics. With no options it has an account
// of its own with the real clock, region us-east-1, account 000000000000
// and seed 1, and signs every delivery. Each account has at most one SNS
// service: a second one joining it panics.
func New(opts ...Option) *Service {
	cfg := config{signing: true}
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	s := &Service{
		account:   acct,
		region:    acct.Region(),
		accountID: acct.ID(),
		sched:     acct.Scheduler(),
		http:      cfg.http,
		signing:   cfg.signing,
		history:   cfg.history,
		rng:       sim.NewRand(acct.Seed("sns")),
		topics:    make(map[string]*topic),
		subs:      make(map[string]*subscription),

		tokens:     make(map[string]*subscription),
		restorable: make(map[string]restorable),
	}
	acct.Join("sns", "sns.Service", s.accept)
	if cfg.metrics != nil {
		cfg.metrics.Collect(metricsNamespace, s.collectMetrics)
	}
	return s
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }
