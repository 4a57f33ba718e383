// Package service holds what every awssim service does alike: which
// account it belongs to, and how an operation opens.
package service

import (
	"fmt"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/options"
)

// Config is the part of a service's configuration that every service has:
// the account it joins. Each service package embeds it in its own config
// and exports documented With… options that call its setters.
//
// A service joins the account given with WithAccount, or the account of a
// service it was given (lambda.WithSQS); otherwise it makes a private
// account from the shorthand options WithClock, WithSeed, WithRegion and
// WithAccountID. Shorthand options given together with an account must
// agree with it: they then only state what the account already is, and a
// disagreement (two clocks, two regions) panics, naming the options.
type Config struct {
	account *cloud.Account
	joinBy  string // the option that named account

	base options.Base
	// by names the shorthand options given, by field, for messages.
	by struct{ clock, seed, region, accountID string }
}

// Join makes the service join account a, named by option (for messages).
// Joining two different accounts panics.
func (c *Config) Join(option string, a *cloud.Account) {
	options.CheckNotNil(option, "account", a)
	if c.account != nil && c.account != a {
		panic(fmt.Sprintf("%s: the service already joins another account, from %s", option, c.joinBy))
	}
	c.account, c.joinBy = a, option
}

// SetClock, SetSeed, SetRegion and SetAccountID are the shorthand options
// WithClock, WithSeed, WithRegion and WithAccountID of the service,
// named by option. The option checks its value when it is made (with
// [options.CheckClock] and the like), so that a misuse panics where it is
// written.
func (c *Config) SetClock(option string, clk clock.Clock) {
	c.base.Clock, c.by.clock = clk, option
}

func (c *Config) SetSeed(option string, seed uint64) {
	c.base.Seed, c.by.seed = seed, option
}

func (c *Config) SetRegion(option, region string) {
	c.base.Region, c.by.region = region, option
}

func (c *Config) SetAccountID(option, id string) {
	c.base.AccountID, c.by.accountID = id, option
}

// Account returns the account the service belongs to: the one it joins,
// or a private one made from the shorthand options and the defaults. It
// panics if a shorthand option disagrees with the account joined.
func (c *Config) Account() *cloud.Account {
	if c.account == nil {
		b := options.Defaults()
		if c.by.clock != "" {
			b.Clock = c.base.Clock
		}
		if c.by.seed != "" {
			b.Seed = c.base.Seed
		}
		if c.by.region != "" {
			b.Region = c.base.Region
		}
		if c.by.accountID != "" {
			b.AccountID = c.base.AccountID
		}
		return cloud.New(func(dst *options.Base) { *dst = b })
	}
	a := c.account
	for _, d := range []struct {
		option, what string
		agrees       bool
	}{
		{c.by.clock, "clock", c.base.Clock == a.Clock()},
		{c.by.seed, "seed", c.base.Seed == a.RootSeed()},
		{c.by.region, "region", c.base.Region == a.Region()},
		{c.by.accountID, "account ID", c.base.AccountID == a.ID()},
	} {
		if d.option != "" && !d.agrees {
			panic(fmt.Sprintf("%s: the %s differs from the %s of the account the service joins (%s)", d.option, d.what, d.what, c.joinBy))
		}
	}
	return a
}
