package usercode

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

func TestCallReturnsNilWhenCodeReturns(t *testing.T) {
	ran := false
	if p := Call(func() { ran = true }); p != nil || !ran {
		t.Fatalf("Call = %v, ran %v; want nil, true", p, ran)
	}
}

func TestCallRecoversAPanicWithItsValueAndStack(t *testing.T) {
	p := Call(func() { panic("boom") })
	if p == nil || p.Value != "boom" {
		t.Fatalf("Call = %#v, want the panic %q", p, "boom")
	}
	if p.Error() != "panic: boom" {
		t.Errorf("Error() = %q", p.Error())
	}
	if !strings.Contains(string(p.Stack), "TestCallRecoversAPanicWithItsValueAndStack") {
		t.Errorf("the stack does not show the panicking function:\n%s", p.Stack)
	}
}

func TestCallReportsPanicNil(t *testing.T) {
	p := Call(func() { panic(nil) })
	var pn *runtime.PanicNilError
	if p == nil || !errors.As(p.Value.(error), &pn) {
		t.Fatalf("Call = %#v, want a *runtime.PanicNilError", p)
	}
}

func TestWatchdogWithoutLimitIsCall(t *testing.T) {
	var w Watchdog
	if err := w.Run("f", time.Time{}, func() {}); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	var p *Panic
	if err := w.Run("f", time.Time{}, func() { panic(1) }); !errors.As(err, &p) || p.Value != 1 {
		t.Fatalf("Run = %v, want the panic", err)
	}
}

func TestWatchdogReturnsWhatCodeReturnsWithinTheLimit(t *testing.T) {
	w := Watchdog{Limit: time.Hour, Clock: clock.NewMock()}
	if err := w.Run("f", time.Time{}, func() {}); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	var p *Panic
	if err := w.Run("f", time.Time{}, func() { panic("x") }); !errors.As(err, &p) {
		t.Fatalf("Run = %v, want the panic", err)
	}
}

func TestWatchdogNamesBlockedCodeAndTheVirtualInstant(t *testing.T) {
	mock := clock.NewMock()
	w := Watchdog{Limit: 5 * time.Second, Clock: mock}
	at := time.Date(2026, 1, 1, 0, 0, 31, 0, time.UTC)
	release := make(chan struct{})
	defer close(release)
	errc := make(chan error, 1)
	go func() { errc <- w.Run("lambda function orders", at, func() { <-release }) }()

	// The timer exists once Run waits on it; move the mock clock past the
	// limit until Run gives up.
	var err error
	for err == nil {
		mock.Add(time.Second)
		select {
		case err = <-errc:
		case <-time.After(time.Millisecond):
		}
	}
	var b *BlockedError
	if !errors.As(err, &b) || !errors.Is(err, ErrBlocked) {
		t.Fatalf("Run = %v, want a *BlockedError matching ErrBlocked", err)
	}
	for _, s := range []string{"lambda function orders", "2026-01-01T00:00:31Z", "5s"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q does not say %q", err, s)
		}
	}
}
