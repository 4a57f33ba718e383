package autoscaling

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Defaults and limits of Amazon EC2 Auto Scaling that the simulator
// applies, from the Auto Scaling API reference and the quotas page of
// the user guide.
const (
	// MaxGroups is the most Auto Scaling groups an account has in a
	// region.
	MaxGroups = 500
	// MaxPolicies is the most scaling policies a group has.
	MaxPolicies = 50
	// MaxStepAdjustments is the most step adjustments a step policy has.
	MaxStepAdjustments = 20
	// MaxLifecycleHooks is the most lifecycle hooks a group has.
	MaxLifecycleHooks = 50
	// MaxTargetGroups is the most target groups (and, separately, Classic
	// Load Balancers) a group is attached to.
	MaxTargetGroups = 50
	// MaxInstanceIDs is the most instance IDs a call that takes a list of
	// them accepts (SetInstanceProtection, DescribeAutoScalingInstances).
	MaxInstanceIDs = 50
	// DefaultCooldown is a group's DefaultCooldown unless set: how long a
	// simple scaling policy waits after an activity it started.
	DefaultCooldown = 300 * time.Second
	// DefaultHeartbeatTimeout is a lifecycle hook's HeartbeatTimeout
	// unless set.
	DefaultHeartbeatTimeout = time.Hour
	// HealthCheckInterval is how often Auto Scaling checks the health of
	// a group's instances.
	HealthCheckInterval = 30 * time.Second
	// DefaultBootTime is how long an instance stays Pending before it
	// can go in service, unless its launch template says otherwise.
	DefaultBootTime = time.Minute
	// MinInstanceLifetime is the shortest MaxInstanceLifetime other than
	// zero (no limit): one day.
	MinInstanceLifetime = 24 * time.Hour
)

// Service is an in-memory Amazon EC2 Auto Scaling endpoint for one
// account in one region, with the EC2 launch templates its groups launch
// from. Create it with [New]. Its methods are the Auto Scaling API
// operations; a Service is safe for concurrent use.
type Service struct {
	account   *cloud.Account
	region    string
	accountID string
	sched     *sim.Scheduler
	elb       *elb.Service        // nil without WithELB
	cw        *cloudwatch.Service // nil without WithMetrics

	// mu guards everything below. It is never held while the service
	// calls Elastic Load Balancing, CloudWatch, another service of the
	// account or user code (a backend factory, a worker).
	mu            sync.Mutex
	rng           *sim.Rand
	groups        map[string]*group  // by name
	groupList     []*group           // in creation order
	policies      map[string]*policy // by ARN
	templates     map[string]*launchTemplate
	templateBy    map[string]*launchTemplate // by name
	instances     map[string]*instance       // by ID, until terminated
	detached      []*instance                // detached from their groups and running, in detach order
	nextSeq       uint64
	costs         []InstanceCost // of terminated instances, in order
	spotMean      time.Duration  // mean time to a Spot interruption; zero for none
	interruptions []SpotInterruption

	// The instance metrics collector's scratch, reused every minute.
	samples   []sample
	metricOut []cloudwatch.MetricDatum
}

// Option configures a [Service].
type Option func(*config)

type config struct {
	service.Config
	elb      *elb.Service
	cw       *cloudwatch.Service
	spotMean time.Duration
}

// WithAccount makes the service Auto Scaling (and EC2's launch
// templates) of account a: it takes the account's clock, region,
// account ID and its seed named "autoscaling", and receives the alarm
// actions the account delivers to scaling policy ARNs.
func WithAccount(a *cloud.Account) Option {
	return func(cfg *config) { cfg.Join("autoscaling.WithAccount", a) }
}

// WithClock sets the clock of the service's private account: the clock
// instances boot, drain and are checked on. Pass a *[sim.Clock] for
// ordered, synchronous, fast virtual time; any other [clock.Clock] works
// too. The default is the real clock. With [WithAccount], it must be the
// account's.
func WithClock(c clock.Clock) Option {
	options.CheckClock("autoscaling.WithClock", c)
	return func(cfg *config) { cfg.SetClock("autoscaling.WithClock", c) }
}

// WithSeed sets the root seed of the service's private account. The
// service draws group, instance and activity IDs and its tie-breaking
// choices from the stream derived from it by name ([sim.Derive] with
// "autoscaling"). The default seed is 1. With [WithAccount], it must be
// the account's.
func WithSeed(seed uint64) Option {
	return func(cfg *config) { cfg.SetSeed("autoscaling.WithSeed", seed) }
}

// WithRegion sets the region of the service's private account, which
// appears in ARNs and Availability Zone names. The default is us-east-1.
// With [WithAccount], it must be the account's.
func WithRegion(region string) Option {
	options.CheckRegion("autoscaling.WithRegion", region)
	return func(cfg *config) { cfg.SetRegion("autoscaling.WithRegion", region) }
}

// WithAccountID sets the 12-digit ID of the service's private account,
// which appears in ARNs. The default is 000000000000. With [WithAccount],
// it must be the account's.
func WithAccountID(id string) Option {
	options.CheckAccountID("autoscaling.WithAccountID", id)
	return func(cfg *config) { cfg.SetAccountID("autoscaling.WithAccountID", id) }
}

// WithELB connects the service to the load balancers of lbs, so that
// groups can be attached to its target groups (TargetGroupARNs) and
// Classic Load Balancers (LoadBalancerNames): instances are registered
// before they go in service, serve through their launch template's
// Backend, are deregistered and drained before they terminate, and with
// HealthCheckType ELB are replaced when the load balancer finds them
// unhealthy. The service joins lbs's account.
func WithELB(lbs *elb.Service) Option {
	options.CheckNotNil("autoscaling.WithELB", "service", lbs)
	return func(cfg *config) {
		cfg.Join("autoscaling.WithELB", lbs.Account())
		cfg.elb = lbs
	}
}

// WithMetrics connects the service to cw: instances publish their
// CPUUtilization to the AWS/EC2 namespace once a minute, groups with
// metrics collection enabled publish their group metrics to
// AWS/AutoScaling, and target tracking policies create their alarms
// there. Step policies read their alarm's breach from cw. The service
// joins cw's account. Without this option the service publishes nothing
// and refuses target tracking policies.
func WithMetrics(cw *cloudwatch.Service) Option {
	options.CheckNotNil("autoscaling.WithMetrics", "service", cw)
	return func(cfg *config) {
		cfg.Join("autoscaling.WithMetrics", cw.Account())
		cfg.cw = cw
	}
}

// WithSpotInterruptions makes EC2 take Spot instances back at random: each
// Spot instance gets its two-minute interruption notice after a time
// drawn from the service's seed, exponentially distributed with mean
// mean (a day means about 4 % of Spot instances are interrupted within
// an hour). Without this option Spot instances are interrupted only by
// [Service.InterruptSpotInstance].
func WithSpotInterruptions(mean time.Duration) Option {
	if mean <= 0 {
		panic(fmt.Sprintf("autoscaling.WithSpotInterruptions: mean %v is not positive", mean))
	}
	return func(cfg *config) { cfg.spotMean = mean }
}

// New returns a Service with no groups and no launch templates. With no
// options it has an account of its own with the real clock, region
// us-east-1, account 000000000000 and seed 1.
func New(opts ...Option) *Service {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	acct := cfg.Account()
	s := &Service{
		account:    acct,
		region:     acct.Region(),
		accountID:  acct.ID(),
		sched:      acct.Scheduler(),
		elb:        cfg.elb,
		cw:         cfg.cw,
		rng:        sim.NewRand(acct.Seed("autoscaling")),
		groups:     make(map[string]*group),
		policies:   make(map[string]*policy),
		templates:  make(map[string]*launchTemplate),
		templateBy: make(map[string]*launchTemplate),
		instances:  make(map[string]*instance),
		spotMean:   cfg.spotMean,
	}
	acct.Join("autoscaling", "autoscaling", s.deliver)
	if s.cw != nil {
		s.cw.Collect(ec2Namespace, s.collectInstanceMetrics)
		s.cw.Collect(groupNamespace, s.collectGroupMetrics)
	}
	return s
}

// Account returns the account the service belongs to.
func (s *Service) Account() *cloud.Account { return s.account }

// Int returns a pointer to n, for the optional numbers of the operation
// inputs (DesiredCapacity, MinAdjustmentMagnitude), where AWS tells "not
// given" from zero.
func Int(n int) *int { return &n }

// Bool returns a pointer to b, for the optional flags of the operation
// inputs (NewInstancesProtectedFromScaleIn), where AWS tells "not given"
// from false.
func Bool(b bool) *bool { return &b }

// Duration returns a pointer to d, for the optional durations of the
// operation inputs (HealthCheckGracePeriod, Cooldown), where AWS tells
// "not given" from zero.
func Duration(d time.Duration) *time.Duration { return &d }

// deliver receives what the account delivers to a scaling policy's ARN:
// a CloudWatch alarm's notification, whose state decides whether the
// policy runs (see the package documentation, Scaling policies).
func (s *Service) deliver(ctx context.Context, target string, m cloud.Message) error {
	if _, err := arn.ParseScalingPolicy(target); err != nil {
		return ErrValidationError.With("%s is not a scaling policy ARN", target)
	}
	var n struct {
		AlarmName     string
		AlarmArn      string
		NewStateValue string
	}
	if err := json.Unmarshal([]byte(m.Body), &n); err != nil || n.AlarmName == "" {
		return ErrValidationError.With("the message to %s is not a CloudWatch alarm notification", target)
	}
	if n.NewStateValue != string(cloudwatch.StateAlarm) {
		return nil
	}
	return s.alarmed(ctx, target, n.AlarmName, n.AlarmArn)
}

// newHex returns n fresh hexadecimal digits. s.mu must be held.
func (s *Service) newHex(n int) string {
	return fmt.Sprintf("%016x%016x", s.rng.Uint64(), s.rng.Uint64())[:n]
}

// newUUID returns a fresh lowercase UUID. s.mu must be held.
func (s *Service) newUUID() string { return s.rng.UUID().String() }

// formatTime writes an instant as Auto Scaling's cause sentences do:
// "2026-03-02T09:00:00Z".
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
