// Package usercode is the one path by which a simulator calls code that a
// user gave it: a Lambda handler or duration model, an HTTP handler behind
// an SNS subscription or a load balancer, a worker application.
//
// User code may panic or block. A real service sees neither: a crashed
// runtime is a function error, a crashed web server a failed request, a
// hung one a timeout. So a simulator never lets a panic unwind through its
// own frames (it would skip the deliveries and bookkeeping after the call)
// and, when asked, does not wait for ever on code that blocks. [Call]
// turns a panic into a [*Panic] the caller maps to the failure AWS would
// see; [Watchdog.Run] also bounds, in real time, how long the caller waits.
package usercode

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/benbjohnson/clock"
)

// Panic is a panic of user code, recovered by [Call].
type Panic struct {
	// Value is what the code panicked with.
	Value any
	// Stack is the goroutine's stack at the panic, as debug.Stack prints it.
	Stack []byte
}

// Error returns "panic: " and the panic's value, as the Go runtime prints it.
func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Call runs f and returns the panic it raised, recovered, or nil when f
// returned. A panic(nil) is reported too (as *runtime.PanicNilError).
func Call(f func()) (p *Panic) {
	defer func() {
		if v := recover(); v != nil {
			p = &Panic{Value: v, Stack: debug.Stack()}
		}
	}()
	f()
	return nil
}

// ErrBlocked matches, with errors.Is, every [*BlockedError].
var ErrBlocked = errors.New("user code blocked")

// BlockedError says that user code had not returned when its watchdog's
// real-time limit passed.
type BlockedError struct {
	// What names the code: "lambda function orders", "http endpoint
	// https://example.com/hook".
	What string
	// At is the virtual instant at which the code was called.
	At time.Time
	// Limit is the watchdog's limit, in real time.
	Limit time.Duration
}

// Error names the code, the virtual instant of the call and the limit.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("%s, called at virtual time %s, has not returned after %s of real time; it is left running",
		e.What, e.At.UTC().Format(time.RFC3339Nano), e.Limit)
}

// Is reports whether target is [ErrBlocked].
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// Watchdog bounds how long a simulator waits for user code, in real time.
// Its zero value sets no bound: [Watchdog.Run] is then [Call], on the
// caller's goroutine.
type Watchdog struct {
	// Limit is how long, in real time, Run waits; zero or less waits for
	// ever.
	Limit time.Duration
	// Clock measures the limit; nil means the real clock. (It is the one
	// real clock in the simulators: a blocked handler blocks in real
	// time, whatever the virtual clock says.)
	Clock clock.Clock
}

// Run calls f through [Call] and returns its panic, if any. With a limit, f
// runs on a goroutine of its own, and when it has not returned within the
// limit Run returns a [*BlockedError] naming what and the virtual instant
// at: f goes on running, and what it does after that is discarded, so the
// caller must not read anything f writes once Run has returned a
// BlockedError.
func (w Watchdog) Run(what string, at time.Time, f func()) error {
	if w.Limit <= 0 {
		if p := Call(f); p != nil {
			return p
		}
		return nil
	}
	c := w.Clock
	if c == nil {
		c = clock.New()
	}
	done := make(chan *Panic, 1) // buffered: a late f does not leak blocked on it
	timer := c.Timer(w.Limit)
	defer timer.Stop()
	go func() { done <- Call(f) }()
	select {
	case p := <-done:
		if p != nil {
			return p
		}
		return nil
	case <-timer.C:
		return &BlockedError{What: what, At: at, Limit: w.Limit}
	}
}
