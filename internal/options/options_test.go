package options_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/awssim/awssim/internal/options"
)

// The defaults are those every service documents for New with no options.
func TestDefaults(t *testing.T) {
	b := options.Defaults()
	assert.NotNil(t, b.Clock)
	assert.Equal(t, uint64(1), b.Seed)
	assert.Equal(t, "us-east-1", b.Region)
	assert.Equal(t, "000000000000", b.AccountID)
}

// Each check panics with the option's name, and passes a good value.
func TestChecksPanicNamingTheOption(t *testing.T) {
	assert.PanicsWithValue(t, "x.WithClock: nil clock", func() { options.CheckClock("x.WithClock", nil) })
	assert.PanicsWithValue(t, "x.WithRegion: empty region", func() { options.CheckRegion("x.WithRegion", "") })
	assert.PanicsWithValue(t, `x.WithAccountID: "1234567890123" is not a 12-digit account ID`, func() { options.CheckAccountID("x.WithAccountID", "1234567890123") })
	assert.PanicsWithValue(t, `x.WithAccountID: "12345678901a" is not a 12-digit account ID`, func() { options.CheckAccountID("x.WithAccountID", "12345678901a") })
	assert.PanicsWithValue(t, "x.WithSQS: nil service", func() { options.CheckNotNil[int]("x.WithSQS", "service", nil) })
	assert.NotPanics(t, func() {
		options.CheckClock("x.WithClock", options.Defaults().Clock)
		options.CheckRegion("x.WithRegion", "eu-west-3")
		options.CheckAccountID("x.WithAccountID", "123456789012")
		n := 1
		options.CheckNotNil("x.WithSQS", "service", &n)
	})
}
