package cloud_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sim"
)

// An account with no options is the one the package documentation promises: seed 1,
// us-east-1, account 000000000000.
func TestNewAccountHasTheDefaults(t *testing.T) {
	a := cloud.New()
	assert.Equal(t, uint64(1), a.RootSeed())
	assert.Equal(t, "us-east-1", a.Region())
	assert.Equal(t, "000000000000", a.ID())
	assert.NotNil(t, a.Clock())
}

// Each service's seed is derived from the root by its name, so services
// draw independent streams and adding one changes no other's.
func TestSeedIsDerivedFromTheRootByName(t *testing.T) {
	a := cloud.New(cloud.WithSeed(42))
	assert.Equal(t, sim.Derive(42, "sqs"), a.Seed("sqs"))
	assert.NotEqual(t, a.Seed("sqs"), a.Seed("sns"))
	assert.Equal(t, a.Seed("sqs"), cloud.New(cloud.WithSeed(42)).Seed("sqs"), "same root, same stream")
}

// The options set what they say, and the services' scheduler runs on the
// account's clock.
func TestOptionsSetTheAccount(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	a := cloud.New(cloud.WithClock(clk), cloud.WithRegion("eu-west-3"), cloud.WithAccountID("123456789012"))
	assert.Same(t, clk, a.Clock())
	assert.Equal(t, "eu-west-3", a.Region())
	assert.Equal(t, "123456789012", a.ID())
	ran := false
	a.Scheduler().ScheduleAt(start.Add(time.Second), func() { ran = true })
	clk.Advance(time.Second)
	assert.True(t, ran)
}

// A misused option is a programmer error and panics, naming the option.
func TestMisusedOptionsPanic(t *testing.T) {
	assert.PanicsWithValue(t, "cloud.WithClock: nil clock", func() { cloud.WithClock(nil) })
	assert.PanicsWithValue(t, "cloud.WithRegion: empty region", func() { cloud.WithRegion("") })
	assert.PanicsWithValue(t, `cloud.WithAccountID: "12345" is not a 12-digit account ID`, func() { cloud.WithAccountID("12345") })
}

func TestCallUserRecoversAPanic(t *testing.T) {
	a := cloud.New(cloud.WithClock(sim.NewClock(time.Unix(0, 0))))
	err := a.CallUser("handler", func() { panic("boom") })
	if err == nil || err.Error() != "panic: boom" {
		t.Fatalf("CallUser = %v, want the recovered panic", err)
	}
	if err := a.CallUser("handler", func() {}); err != nil {
		t.Fatalf("CallUser of code that returns = %v, want nil", err)
	}
}

func TestWatchdogFailsACallThatBlocks(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := cloud.New(cloud.WithClock(sim.NewClock(start)), cloud.WithWatchdog(time.Millisecond))
	release := make(chan struct{})
	defer close(release)
	err := a.CallUser("lambda function stuck", func() { <-release })
	var b *cloud.BlockedError
	if !errors.Is(err, cloud.ErrBlocked) || !errors.As(err, &b) {
		t.Fatalf("CallUser = %v, want a BlockedError", err)
	}
	if b.What != "lambda function stuck" || !b.At.Equal(start) {
		t.Errorf("BlockedError = %+v, want the code's name and the virtual instant %s", b, start)
	}
}

func TestWithWatchdogRefusesANegativeLimit(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("cloud.WithWatchdog(-1s) did not panic")
		}
	}()
	cloud.WithWatchdog(-time.Second)
}
