package cloud

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/internal/options"
	"github.com/awssim/awssim/internal/usercode"
	"github.com/awssim/awssim/sim"
)

// Account is one simulated AWS account in one region: what every service of
// the account shares. Create it with [New] and hand it to each service
// (sqs.WithAccount, sns.WithAccount, lambda.WithAccount …). An Account is
// safe for concurrent use.
type Account struct {
	clock  clock.Clock
	sched  *sim.Scheduler
	seed   uint64
	region string
	id     string

	// watchdog bounds the services' calls into user code.
	watchdog usercode.Watchdog
	// faults is the fault plan, nil without one: read at every
	// opportunity of a fault, so without a lock.
	faults atomic.Pointer[faultPlan]

	// enforce says whether services check resource policies.
	enforce bool
	// router connects the account to others; nil for none.
	router *Router

	// receivers are the services that joined, by ARN namespace: read on
	// every delivery, replaced (copied) on each Join, so a delivery takes
	// no lock.
	receivers atomic.Pointer[map[string]receiver]

	mu     sync.Mutex // guards Join and the log; never held while delivering
	events []Event
}

// receiver is a service that joined the account, by ARN namespace.
type receiver struct {
	name    string // the package that joined, for messages
	deliver DeliverFunc
}

// Option configures an [Account].
type Option func(*options.Base)

// WithClock sets the clock every service of the account reads time from and
// schedules its own work on. Pass a *[sim.Clock] for ordered, synchronous,
// fast virtual time; any other [clock.Clock] works too. The default is the
// real clock.
func WithClock(c clock.Clock) Option {
	options.CheckClock("cloud.WithClock", c)
	return func(b *options.Base) { b.Clock = c }
}

// WithSeed sets the root seed of the account's randomness. Each service
// derives its own stream from it by name ([Account.Seed]), so one root seed
// reproduces a whole composed simulation, and adding a service does not
// change what the others draw. The default seed is 1.
func WithSeed(seed uint64) Option {
	return func(b *options.Base) { b.Seed = seed }
}

// WithRegion sets the region of every ARN and URL of the account. The
// default is us-east-1.
func WithRegion(region string) Option {
	options.CheckRegion("cloud.WithRegion", region)
	return func(b *options.Base) { b.Region = region }
}

// WithAccountID sets the 12-digit account ID of every ARN and URL of the
// account. The default is 000000000000.
func WithAccountID(id string) Option {
	options.CheckAccountID("cloud.WithAccountID", id)
	return func(b *options.Base) { b.AccountID = id }
}

// WithWatchdog bounds, in real time, how long a service of the account
// waits for user code it calls (a Lambda handler, an HTTP subscriber, a
// load balancer's target, a worker application). When such code has not
// returned after limit, the call that ran it fails with an error that
// names the function or endpoint and the virtual instant of the call
// (errors.Is it usercode's ErrBlocked, as each service documents), instead
// of hanging the test; the blocked code is left running. It is meant for
// tests, where a handler that waits on something that never comes should
// fail loudly. The default, zero, waits for ever, as a real caller would.
//
// With a limit, each call into user code runs on a goroutine of its own,
// which costs about a microsecond.
func WithWatchdog(limit time.Duration) Option {
	if limit < 0 {
		panic(fmt.Sprintf("cloud.WithWatchdog: negative limit %s", limit))
	}
	return func(b *options.Base) { b.Watchdog = limit }
}

// WithPolicyEnforcement makes the account's services check resource
// policies where AWS checks them: SQS refuses an SNS delivery to a queue
// whose Policy does not let the topic send (sqs.ErrAccessDenied, which SNS
// records as a failed delivery and does not retry). Without it, the
// default, policies are parsed and validated but allow everything that
// comes from the account itself, so that a test need not write policies
// it does not care about; what comes from another account ([WithRouter])
// is checked either way.
func WithPolicyEnforcement() Option {
	return func(b *options.Base) { b.EnforcePolicies = true }
}

// New returns an account with no services. With no options it uses the
// real clock, seed 1, region us-east-1 and account 000000000000.
func New(opts ...Option) *Account {
	b := options.Defaults()
	for _, o := range opts {
		o(&b)
	}
	a := &Account{
		clock:    b.Clock,
		sched:    sim.NewScheduler(b.Clock),
		seed:     b.Seed,
		region:   b.Region,
		id:       b.AccountID,
		watchdog: usercode.Watchdog{Limit: b.Watchdog},
		enforce:  b.EnforcePolicies,
	}
	a.receivers.Store(&map[string]receiver{})
	if r, ok := b.Router.(*Router); ok {
		a.router = r
		r.join(a)
	}
	return a
}

// Clock returns the account's clock.
func (a *Account) Clock() clock.Clock { return a.clock }

// Scheduler returns the scheduler of the account's clock, on which its
// services run their own work.
func (a *Account) Scheduler() *sim.Scheduler { return a.sched }

// RootSeed returns the root seed of the account.
func (a *Account) RootSeed() uint64 { return a.seed }

// Seed returns the seed of the stream named name under the account's root
// seed ([sim.Derive]): a service takes its randomness from Seed of its own
// name ("sqs", "lambda" …).
func (a *Account) Seed(name string) uint64 { return sim.Derive(a.seed, name) }

// Region returns the account's region.
func (a *Account) Region() string { return a.region }

// ID returns the account's 12-digit ID.
func (a *Account) ID() string { return a.id }

// EnforcesPolicies reports whether the account has
// [WithPolicyEnforcement]: whether its services check resource policies.
func (a *Account) EnforcesPolicies() bool { return a.enforce }

// ErrBlocked matches, with errors.Is, the error of a call whose user code
// had not returned when the limit of [WithWatchdog] passed.
var ErrBlocked = usercode.ErrBlocked

// BlockedError is the error of a call whose user code had not returned
// when the limit of [WithWatchdog] passed: it names the code and the
// virtual instant of the call.
type BlockedError = usercode.BlockedError

// CallUser runs f, code a user gave a service of the account, and returns
// its panic, recovered (a *usercode.Panic), or, with [WithWatchdog], a
// [*BlockedError] naming what and the virtual instant of the call
// when f has not returned within the limit. Services call all user code
// through it, and turn its error into the failure AWS would report.
func (a *Account) CallUser(what string, f func()) error {
	return a.watchdog.Run(what, a.clock.Now(), f)
}
