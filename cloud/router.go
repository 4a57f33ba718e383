package cloud

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/awserr"
	"github.com/awssim/awssim/internal/options"
)

// Router connects accounts, so that cross-account scenarios can be
// tested: a delivery by an account of the router ([Account.Deliver]) to an
// ARN of another account of the router reaches that account's service,
// as AWS routes a delivery by the account ID and region of the ARN. Make
// it with [NewRouter] and give it to each account with [WithRouter]. The
// accounts should share one clock, so that their services' work runs in
// one order.
//
// A Router is safe for concurrent use.
type Router struct {
	mu       sync.Mutex // guards join
	accounts atomic.Pointer[map[routeKey]*Account]
}

// routeKey names an account of a router: its region and ID.
type routeKey struct{ region, id string }

// NewRouter returns a router with no accounts.
func NewRouter() *Router {
	r := &Router{}
	r.accounts.Store(&map[routeKey]*Account{})
	return r
}

// WithRouter connects the account to the other accounts of r: its
// deliveries to their ARNs reach their services, and theirs reach its
// own. An account joins one router, when it is made; a second account of
// the same ID and region on r panics.
//
// AWS lets no account into another's resource without that resource's
// policy, so a delivery from another account is always checked against
// the target's policy ([Account.ChecksPolicy]), whether or not the
// receiving account has [WithPolicyEnforcement].
func WithRouter(r *Router) Option {
	if r == nil {
		panic("cloud.WithRouter: nil router")
	}
	return func(b *options.Base) { b.Router = r }
}

// join adds a to the router.
func (r *Router) join(a *Account) {
	k := routeKey{a.region, a.id}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := *r.accounts.Load()
	if _, ok := old[k]; ok {
		panic(fmt.Sprintf("cloud.WithRouter: the router already has account %s in %s", a.id, a.region))
	}
	joined := maps.Clone(old)
	joined[k] = a
	r.accounts.Store(&joined)
}

// route returns the account of the router that holds target, a's own
// when target's region and account ID are a's or a has no router, and
// nil when the router has no account for them.
func (a *Account) route(target string) *Account {
	if a.router == nil {
		return a
	}
	t, err := arn.Parse(target)
	if err != nil || t.AccountID == a.id && t.Region == a.region {
		return a
	}
	return (*a.router.accounts.Load())[routeKey{t.Region, t.AccountID}]
}

// ChecksPolicy reports whether the resource policy of the receiving
// resource of the account decides a delivery by sender: always for a
// delivery from another account (sender's SourceARN names another
// account), as AWS lets no other account in without a policy that
// allows it; for one from the account itself, only with
// [WithPolicyEnforcement]. A delivery with no service (the zero Sender)
// is the account's own, which no resource policy governs.
func (a *Account) ChecksPolicy(sender Sender) bool {
	if sender.Service == "" {
		return false
	}
	return a.enforce || sender.Account() != a.id
}

// Account returns the account ID of the sender's SourceARN: the account
// on whose behalf it delivers (the aws:SourceAccount condition key).
func (s Sender) Account() string {
	a, err := arn.Parse(s.SourceARN)
	if err != nil {
		return ""
	}
	return a.AccountID
}

// deliverTo hands m to the service of b, the account of the router that
// holds target, for a delivery by a. A delivery to another account must
// come from a service ([Sender]), which the target's policy can allow;
// without one it is refused as the target's service refuses a caller it
// does not let in.
func (a *Account) deliverTo(ctx context.Context, b *Account, namespace, target string, m Message) error {
	if b != a && m.Sender.Service == "" {
		return accessDenied(namespace, target)
	}
	r, ok := (*b.receivers.Load())[namespace]
	if !ok {
		return notFound(namespace, target)
	}
	return r.deliver(ctx, target, m)
}

// accessDenied is the error the service of namespace returns to a caller
// of another account that it does not let in.
func accessDenied(namespace, target string) error {
	switch namespace {
	case "sqs":
		return awserr.New("AccessDenied", http.StatusForbidden).With("Access to the resource %s is denied.", target)
	case "sns":
		return awserr.New("AuthorizationError", http.StatusForbidden).With("Not authorized to access %s", target)
	}
	return awserr.New("AccessDeniedException", http.StatusForbidden).With("Not authorized to access %s", target)
}
