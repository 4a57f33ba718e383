package elb

import (
	"cmp"
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Defaults and limits of Elastic Load Balancing that the simulator
// applies. They are AWS's values, from the Elastic Load Balancing API
// reference and the quotas of the Application Load Balancer guide.
const (
	// MaxLoadBalancers is the most load balancers of each family
	// (Application and Network together) an account has in a region.
	MaxLoadBalancers = 50
	// MaxTargetGroups is the most target groups an account has in a
	// region.
	MaxTargetGroups = 3000
	// MaxListeners is the most listeners a load balancer has.
	MaxListeners = 50
	// MaxRules is the most rules an Application Load Balancer has, not
	// counting its listeners' default rules.
	MaxRules = 100
	// MaxTargets is the most targets registered with the target groups of
	// one load balancer, and with one target group that no load balancer
	// uses yet.
	MaxTargets = 1000
	// MaxTags is the most tags a resource has.
	MaxTags = 50
	// MinPriority and MaxPriority bound a rule's priority.
	MinPriority, MaxPriority = 1, 50000
	// DefaultIdleTimeout is a load balancer's idle_timeout.timeout_seconds
	// unless set: a target slower than this gets the client a 504.
	DefaultIdleTimeout = 60 * time.Second
	// DefaultDeregistrationDelay is a target group's
	// deregistration_delay.timeout_seconds unless set: how long a
	// deregistered target stays draining.
	DefaultDeregistrationDelay = 300 * time.Second
	// DefaultStickinessDuration is how long a stickiness cookie lasts
	// unless the target group or the forward action says otherwise.
	DefaultStickinessDuration = 24 * time.Hour
	// MaxLambdaBody is the largest request body an Application Load
	// Balancer passes to a Lambda function (413 beyond), and the largest
	// response JSON it takes back (502 beyond).
	MaxLambdaBody = 1 << 20
	// MaxForwardedFor is the most addresses of an X-Forwarded-For header
	// that an Application Load Balancer accepts (463 beyond).
	MaxForwardedFor = 30
)

// Service is an in-memory Elastic Load Balancing endpoint for one
// account in one region. Create it with [New]. Its methods are the
// Elastic Load Balancing v2 API operations (Application and Network Load
// Balancers); [Service.Classic] has the Classic Load Balancer API's. A
// Service is safe for concurrent use.
//
// Each listener is an [http.Handler] ([Service.Handler],
// [Classic.Handler]) that routes a request as the load balancer would,
// to the backends the target IDs stand for ([Service.SetBackend]) or to
// Lambda functions.
type Service struct {
	account   *cloud.Account
	region    string
	accountID string
	vpcID     string
	sched     *sim.Scheduler
	lambda    *lambda.Service
	history   bool

	// mu guards everything below. It is never held while the service
	// calls a backend's handler, a Lambda function or CloudWatch.
	mu  sync.Mutex
	rng *sim.Rand // resource IDs and DNS names
	// draws are what requests meet (weighted routing, trace IDs), on
	// a stream of its own so that traffic does not change the names of
	// resources made after it.
	draws         *sim.Rand
	loadBalancers map[string]*loadBalancer // by ARN
	targetGroups  map[string]*targetGroup  // by ARN
	listeners     map[string]*listener     // by ARN
	rules         map[string]*rule         // by ARN
	hosts         map[string]*host         // by target ID
	classics      map[string]*loadBalancer // Classic Load Balancers, by name
	nextSeq       uint64                   // creation order, for listings

	// Aggregate traffic: the sources, the tick and when the next is
	// due (zero when none is), and the tick's scratch.
	traffic     []*TrafficSource
	tick        time.Duration
	tickAt      time.Time
	tickSources []*TrafficSource
	tickRates   []float64
	tickHosts   []*host // those with arrivals or a backlog
	flows       []flow
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	lambda  *lambda.Service
	metrics *cloudwatch.Service
	history bool
	tick    time.Duration
}

// WithAccount makes the service Elastic Load Balancing of account a: it
// takes the account's clock, region, account ID and its seed named "elb".
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("elb.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock
// the service reads time from and runs health checks on. Pass a
// *[sim.Clock] for ordered, synchronous, fast virtual time; any other
// [clock.Clock] works too. The default is the real clock. With
// [WithAccount], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("elb.WithClock", c)
	return func(cfg *config) { cfg.SetClock("elb.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. The
// service draws resource IDs, trace IDs and the choices of weighted
// routing from the stream derived from it by name ([sim.Derive] with
// "elb"). The default seed is 1. With [WithAccount], it must be the
// account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("elb.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, which
// appears in ARNs and DNS names. The default is us-east-1. With
// [WithAccount], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("elb.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("elb.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// which appears in ARNs. The default is 000000000000. With
// [WithAccount], it must be the account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("elb.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("elb.WithAccountID", id) }
}

// WithLambda connects the service to the Lambda functions of fns, so that
// target groups of type lambda invoke them. The service joins fns's
// account.
func WithLambda(fns *lambda.Service) Option {
	options.CheckNotNil("elb.WithLambda", "service", fns)
	return func(cfg *config) {
		cfg.Join("elb.WithLambda", fns.Account())
		cfg.lambda = fns
	}
}

// WithMetrics makes the service publish its load balancers' and target
// groups' metrics to cw, as Elastic Load Balancing publishes them to
// CloudWatch: in the AWS/ApplicationELB namespace, once a minute of the
// clock (see the Metric… constants). The service joins cw's account.
// Without this option the service publishes nothing and pays nothing.
func WithMetrics(cw *cloudwatch.Service) Option {
	options.CheckNotNil("elb.WithMetrics", "service", cw)
	return func(cfg *config) {
		cfg.Join("elb.WithMetrics", cw.Account())
		cfg.metrics = cw
	}
}

// WithHistory makes the service record its health transitions and
// registrations in its account's event log ([cloud.Account.Events];
// [Inspector.Events] shows the service's part). Access logs are kept
// per load balancer by its access_logs.s3.enabled attribute, as AWS
// keeps them, whether or not this option is given.
func WithHistory() Option {
	return func(cfg *config) { cfg.history = true }
}

// New returns a Service with no load balancers. With no options it has
// an account of its own with the real clock, region us-east-1, account
// 000000000000 and seed 1.
func New(opts ...Option) *Service {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	rng := sim.NewRand(acct.Seed("elb"))
	s := &Service{
		account:       acct,
		region:        acct.Region(),
		accountID:     acct.ID(),
		vpcID:         fmt.Sprintf("vpc-%017x", rng.Uint64()>>4),
		sched:         acct.Scheduler(),
		lambda:        cfg.lambda,
		history:       cfg.history,
		rng:           rng,
		draws:         rng.Stream("traffic"),
		loadBalancers: make(map[string]*loadBalancer),
		targetGroups:  make(map[string]*targetGroup),
		listeners:     make(map[string]*listener),
		rules:         make(map[string]*rule),
		hosts:         make(map[string]*host),
		tick:          cmp.Or(cfg.tick, defaultTrafficTick),
		classics:      make(map[string]*loadBalancer),
	}
	if cfg.metrics != nil {
		cfg.metrics.Collect(metricsNamespace, s.collectMetrics)
		cfg.metrics.Collect(classicNamespace, s.collectClassicMetrics)
		cfg.metrics.Collect(networkNamespace, s.collectNetworkMetrics)
	}
	return s
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }

// Bool returns a pointer to b, for the optional flags of the operation
// inputs (HealthCheckEnabled), where AWS tells "not given" from false.
func Bool(b bool) *bool { return &b }

// newID returns a fresh 16-hex-digit resource ID. s.mu must be held.
func (s *Service) newID() string { return fmt.Sprintf("%016x", s.rng.Uint64()) }
