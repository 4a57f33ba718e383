package beanstalk

import (
	"sync"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// Quotas of Elastic Beanstalk that the simulator applies, from the
// developer guide.
const (
	// MaxApplications is the most applications an account has in a
	// region.
	MaxApplications = 75
	// MaxApplicationVersions is the most application versions an account
	// has in a region.
	MaxApplicationVersions = 1000
	// MaxEnvironments is the most environments, not terminated, an
	// account has in a region.
	MaxEnvironments = 200
)

// Service is an in-memory AWS Elastic Beanstalk endpoint for one account
// in one region, with the lower services its environments are made of:
// Elastic Load Balancing, EC2 Auto Scaling, SQS and CloudWatch, on the
// same account and clock. Create it with [New]. Its methods are the
// Elastic Beanstalk API operations; a Service is safe for concurrent use.
type Service struct {
	account   *cloud.Account
	region    string
	accountID string
	sched     *sim.Scheduler

	cw     *cloudwatch.Service
	queues *sqs.Service
	lbs    *elb.Service
	groups *autoscaling.Service
	topics *sns.Service // nil unless given

	// mu guards everything below. It is never held while the service
	// calls a lower service or user code (a handler).
	mu       sync.Mutex
	rng      *sim.Rand
	apps     []*application // in creation order
	envs     []*environment // in creation order, terminated ones included
	events   []Event        // oldest first
	eventSeq uint64         // the last event's seq
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	cw     *cloudwatch.Service
	queues *sqs.Service
	lbs    *elb.Service
	groups *autoscaling.Service
	topics *sns.Service
}

// WithAccount makes the service Elastic Beanstalk of account a: it takes
// the account's clock, region, account ID and its seed named
// "beanstalk". The lower services it is not given are made on a.
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("beanstalk.WithAccount", a) }
}

// WithClock sets the clock of the service's private account, shared by
// the lower services it makes. Pass a *[sim.Clock] for ordered,
// synchronous, fast virtual time. The default is the real clock. With
// [WithAccount], it must be the account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("beanstalk.WithClock", c)
	return func(cfg *config) { cfg.SetClock("beanstalk.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account: the
// service and each lower service draw from the stream derived from it by
// their names ([sim.Derive]). The default seed is 1. With [WithAccount],
// it must be the account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("beanstalk.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, which
// appears in ARNs, CNAMEs and zone names. The default is us-east-1. With
// [WithAccount], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("beanstalk.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("beanstalk.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account.
// The default is 000000000000. With [WithAccount], it must be the
// account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("beanstalk.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("beanstalk.WithAccountID", id) }
}

// WithCloudWatch makes environments create their alarms in cw, and the
// services the Service makes publish their metrics there. The service
// joins cw's account.
func WithCloudWatch(cw *cloudwatch.Service) Option {
	options.CheckNotNil("beanstalk.WithCloudWatch", "service", cw)
	return func(cfg *config) {
		cfg.Join("beanstalk.WithCloudWatch", cw.Account())
		cfg.cw = cw
	}
}

// WithSQS makes worker environments create their queues in q. An account
// has one SQS service: pass it when the account has one already. The
// service joins q's account.
func WithSQS(q *sqs.Service) Option {
	options.CheckNotNil("beanstalk.WithSQS", "service", q)
	return func(cfg *config) {
		cfg.Join("beanstalk.WithSQS", q.Account())
		cfg.queues = q
	}
}

// WithELB makes web-server environments create their load balancers in
// lbs. The service joins lbs's account.
func WithELB(lbs *elb.Service) Option {
	options.CheckNotNil("beanstalk.WithELB", "service", lbs)
	return func(cfg *config) {
		cfg.Join("beanstalk.WithELB", lbs.Account())
		cfg.lbs = lbs
	}
}

// WithAutoScaling makes environments create their groups in groups,
// which must have been made with the same Elastic Load Balancing and
// CloudWatch (autoscaling.WithELB, autoscaling.WithMetrics) as the
// Service, given with WithELB and WithCloudWatch. The service joins
// groups's account.
func WithAutoScaling(groups *autoscaling.Service) Option {
	options.CheckNotNil("beanstalk.WithAutoScaling", "service", groups)
	return func(cfg *config) {
		cfg.Join("beanstalk.WithAutoScaling", groups.Account())
		cfg.groups = groups
	}
}

// WithSNS makes environments with an aws:elasticbeanstalk:sns:topics
// Notification Endpoint create the topic for it in topics; without it
// such an environment is refused. An account has one SNS service, so the
// Service never makes one of its own: pass the account's. The service
// joins topics's account.
func WithSNS(topics *sns.Service) Option {
	options.CheckNotNil("beanstalk.WithSNS", "service", topics)
	return func(cfg *config) {
		cfg.Join("beanstalk.WithSNS", topics.Account())
		cfg.topics = topics
	}
}

// New returns a Service with no applications. The lower services it is
// not given it makes on its account, composed with one another: SQS and
// Elastic Load Balancing publishing their metrics to CloudWatch, Auto
// Scaling with both. With no options it has an account of its own with
// the real clock, region us-east-1, account 000000000000 and seed 1.
func New(opts ...Option) *Service {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	if cfg.cw == nil {
		cfg.cw = cloudwatch.New(cloudwatch.WithAccount(acct))
	}
	if cfg.queues == nil {
		cfg.queues = sqs.New(sqs.WithAccount(acct), sqs.WithMetrics(cfg.cw))
	}
	if cfg.lbs == nil {
		cfg.lbs = elb.New(elb.WithAccount(acct), elb.WithMetrics(cfg.cw))
	}
	if cfg.groups == nil {
		cfg.groups = autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(cfg.lbs), autoscaling.WithMetrics(cfg.cw))
	}
	return &Service{
		account:   acct,
		region:    acct.Region(),
		accountID: acct.ID(),
		sched:     acct.Scheduler(),
		cw:        cfg.cw,
		queues:    cfg.queues,
		lbs:       cfg.lbs,
		groups:    cfg.groups,
		topics:    cfg.topics,
		rng:       sim.NewRand(acct.Seed("beanstalk")),
	}
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }

// CloudWatch returns the CloudWatch service environments create their
// alarms in.
func (s *Service) CloudWatch() *cloudwatch.Service { return s.cw }

// SQS returns the SQS service worker environments create their queues in.
func (s *Service) SQS() *sqs.Service { return s.queues }

// ELB returns the Elastic Load Balancing service web-server environments
// create their load balancers in.
func (s *Service) ELB() *elb.Service { return s.lbs }

// AutoScaling returns the Auto Scaling service environments create their
// groups in.
func (s *Service) AutoScaling() *autoscaling.Service { return s.groups }

// SNS returns the SNS service environments create their notification
// topics in, given with [WithSNS]; nil without it.
func (s *Service) SNS() *sns.Service { return s.topics }

// Alphabets of the random parts of names: lowercase for environment
// IDs and CNAMEs, uppercase for the suffixes CloudFormation gives the
// physical names of resources.
const (
	lowerAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// random returns n characters drawn from alphabet. s.mu must be held.
func (s *Service) random(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// appARN is the ARN of the application named name.
func (s *Service) appARN(name string) arn.Application {
	return arn.Application{Region: s.region, AccountID: s.accountID, Name: name}
}
