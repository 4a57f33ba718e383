package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// With no account joined, the shorthand options make a private account,
// and what they do not set keeps the defaults.
func TestShorthandOptionsMakeAPrivateAccount(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var c service.Config
	c.SetClock("x.WithClock", clk)
	c.SetRegion("x.WithRegion", "eu-west-3")
	a := c.Account()
	assert.Same(t, clk, a.Clock())
	assert.Equal(t, "eu-west-3", a.Region())
	assert.Equal(t, "000000000000", a.ID())
	assert.Equal(t, uint64(1), a.RootSeed())

	var d service.Config
	assert.NotSame(t, d.Account(), d.Account(), "each private account is a new one")
}

// Shorthand options given with an account only state what it is: agreeing
// ones pass, and one that disagrees panics, naming itself and the option
// that named the account.
func TestShorthandOptionsMustAgreeWithTheAccountJoined(t *testing.T) {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7))

	var agree service.Config
	agree.SetClock("x.WithClock", clk)
	agree.SetSeed("x.WithSeed", 7)
	agree.Join("x.WithAccount", acct)
	assert.Same(t, acct, agree.Account())

	for _, c := range []struct {
		set  func(*service.Config)
		want string
	}{
		{func(c *service.Config) { c.SetSeed("x.WithSeed", 8) },
			"x.WithSeed: the seed differs from the seed of the account the service joins (x.WithAccount)"},
		{func(c *service.Config) { c.SetClock("x.WithClock", sim.NewClock(clk.Now())) },
			"x.WithClock: the clock differs from the clock of the account the service joins (x.WithAccount)"},
		{func(c *service.Config) { c.SetRegion("x.WithRegion", "eu-west-3") },
			"x.WithRegion: the region differs from the region of the account the service joins (x.WithAccount)"},
		{func(c *service.Config) { c.SetAccountID("x.WithAccountID", "123456789012") },
			"x.WithAccountID: the account ID differs from the account ID of the account the service joins (x.WithAccount)"},
	} {
		var cfg service.Config
		c.set(&cfg)
		cfg.Join("x.WithAccount", acct)
		assert.PanicsWithValue(t, c.want, func() { cfg.Account() })
	}
}

// A service joins one account: naming the same one twice is fine, two
// different ones panic.
func TestJoiningTwoAccountsPanics(t *testing.T) {
	a, b := cloud.New(), cloud.New()
	var c service.Config
	c.Join("x.WithAccount", a)
	c.Join("x.WithSQS", a)
	require.Same(t, a, c.Account())
	assert.PanicsWithValue(t, "x.WithSQS: the service already joins another account, from x.WithSQS", func() { c.Join("x.WithSQS", b) })
	assert.PanicsWithValue(t, "x.WithAccount: nil account", func() { c.Join("x.WithAccount", nil) })
}

// Open treats a nil input as empty and ends on a done context.
func TestOpenTreatsNilAsEmptyThenChecksTheContext(t *testing.T) {
	type input struct{ Name string }
	in, err := service.Open[input](context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, &input{}, in)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	given := &input{Name: "q"}
	in, err = service.Open(ctx, given)
	assert.Same(t, context.Canceled, err)
	assert.Same(t, given, in)
}
