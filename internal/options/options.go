// Package options holds what the account and every service accept alike:
// the clock, the root seed, the region and the account ID, their defaults,
// and the checks that make a misused option panic with a message naming
// it.
package options

import (
	"fmt"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/internal/input"
)

// Defaults of an account that no option changed.
const (
	DefaultSeed      = 1
	DefaultRegion    = "us-east-1"
	DefaultAccountID = "000000000000"
)

// Base is the configuration an account is made from.
type Base struct {
	Clock     clock.Clock
	Seed      uint64
	Region    string
	AccountID string
	// Watchdog is how long, in real time, a service waits for user code
	// before it fails the call; zero waits for ever.
	Watchdog time.Duration
	// EnforcePolicies makes services check resource policies where AWS
	// does.
	EnforcePolicies bool
	// Router is the *cloud.Router the account joins, nil for none (a
	// value of a type this package cannot name).
	Router any
}

// Defaults returns the configuration of an account that no option changed:
// the real clock, seed 1, region us-east-1 and account 000000000000.
func Defaults() Base {
	return Base{Clock: clock.New(), Seed: DefaultSeed, Region: DefaultRegion, AccountID: DefaultAccountID}
}

// CheckClock panics, naming option, unless c is a clock.
func CheckClock(option string, c clock.Clock) {
	if c == nil {
		panic(option + ": nil clock")
	}
}

// CheckRegion panics, naming option, if region is empty.
func CheckRegion(option, region string) {
	if region == "" {
		panic(option + ": empty region")
	}
}

// CheckAccountID panics, naming option, unless id is 12 digits.
func CheckAccountID(option, id string) {
	if len(id) != 12 || !input.IsDigits(id) {
		panic(fmt.Sprintf("%s: %q is not a 12-digit account ID", option, id))
	}
}

// CheckNotNil panics, naming option, if v is nil: a service, handler or
// client an option must be given.
func CheckNotNil[T any](option, what string, v *T) {
	if v == nil {
		panic(option + ": nil " + what)
	}
}
