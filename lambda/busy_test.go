package lambda

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/awssim/awssim/sim"
)

// busyUnreservedScan is busyUnreserved computed from scratch, as it was
// before the count was kept: every busy environment but those of the
// functions with a reservation now.
func (s *Service) busyUnreservedScan() int {
	n := len(s.busy)
	for _, fn := range s.functions {
		if fn.hasReserve {
			n -= fn.busy
		}
	}
	return n
}

// TestBusyUnreservedCountStaysExact drives a seeded random mix of every
// operation that changes which environments are busy or on which side of
// a reservation they count (invocations that overlap in virtual time,
// provisioned concurrency, reservations put and deleted, functions
// deleted while busy and created again under the same name, code updates,
// the clock passing invocation ends and the idle timeout) and checks after
// each step that the running count equals the count from scratch. The
// admission of an unreserved invocation rests on it.
func TestBusyUnreservedCountStaysExact(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	throttles := 0
	for seed := uint64(1); seed <= 20; seed++ {
		clk := sim.NewClock(start)
		s := New(WithClock(clk), WithConcurrencyLimit(150), WithIdleTimeout(5*time.Second))
		r := rand.New(rand.NewPCG(seed, 15))
		name := func() string { return "f" + strconv.Itoa(r.IntN(6)) }
		ms := func(max int) time.Duration { return time.Duration(r.IntN(max)) * time.Millisecond }
		pcQualifier := func() string { return []string{"1", "live"}[r.IntN(2)] }
		code := func() Code { // up to a minute long, so that invocations overlap
			return Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }, Duration: FixedDuration(ms(60_000))}
		}
		for step := 0; step < 4000; step++ {
			var op string
			switch k := r.IntN(30); {
			case k < 19:
				op = "Invoke"
				_, err := s.Invoke(ctx, &InvokeInput{FunctionName: name(), Qualifier: []string{"", "", "", "", "1", "live"}[r.IntN(6)]})
				var e *Error
				if errors.As(err, &e) && e.Reason == ReasonConcurrentInvocationLimitExceeded {
					throttles++
				}
			case k < 21:
				op = "CreateFunction"
				_, _ = s.CreateFunction(ctx, &CreateFunctionInput{FunctionName: name(), Role: "arn:aws:iam::000000000000:role/r", Timeout: time.Minute, Code: code()})
			case k < 22:
				op = "PublishVersion+CreateAlias"
				n := name()
				_, _ = s.PublishVersion(ctx, &PublishVersionInput{FunctionName: n})
				_, _ = s.CreateAlias(ctx, &CreateAliasInput{FunctionName: n, Name: "live", FunctionVersion: "1"})
			case k < 23:
				op = "PutFunctionConcurrency"
				_, _ = s.PutFunctionConcurrency(ctx, &PutFunctionConcurrencyInput{FunctionName: name(), ReservedConcurrentExecutions: r.IntN(8)})
			case k < 24:
				op = "DeleteFunctionConcurrency"
				_, _ = s.DeleteFunctionConcurrency(ctx, &DeleteFunctionConcurrencyInput{FunctionName: name()})
			case k < 25:
				op = "PutProvisionedConcurrencyConfig"
				_, _ = s.PutProvisionedConcurrencyConfig(ctx, &PutProvisionedConcurrencyConfigInput{FunctionName: name(),
					Qualifier: pcQualifier(), ProvisionedConcurrentExecutions: 1 + r.IntN(3)})
			case k < 26:
				op = "DeleteProvisionedConcurrencyConfig"
				_, _ = s.DeleteProvisionedConcurrencyConfig(ctx, &DeleteProvisionedConcurrencyConfigInput{FunctionName: name(), Qualifier: pcQualifier()})
			case k < 27:
				op = "DeleteFunction"
				_, _ = s.DeleteFunction(ctx, &DeleteFunctionInput{FunctionName: name()})
			case k < 28:
				op = "UpdateFunctionCode"
				_, _ = s.UpdateFunctionCode(ctx, &UpdateFunctionCodeInput{FunctionName: name(), Code: code()})
			default:
				op = "Advance"
				clk.Advance(ms(2000))
			}
			s.mu.Lock()
			s.advance(clk.Now())
			got, want := s.busyUnreserved(), s.busyUnreservedScan()
			s.mu.Unlock()
			if got != want {
				t.Fatalf("seed %d step %d (%s): busyUnreserved %d, from scratch %d", seed, step, op, got, want)
			}
		}
	}
	if throttles == 0 {
		t.Error("no invocation was throttled for the account's limit, so it was never reached")
	}
}
