package lambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/internal/usercode"
)

// Invocation types of [InvokeInput].
const (
	InvocationTypeRequestResponse = "RequestResponse"
	InvocationTypeEvent           = "Event"
	InvocationTypeDryRun          = "DryRun"
)

// InvokeInput is the input of [Service.Invoke].
type InvokeInput struct {
	// FunctionName may carry a qualifier, as Qualifier does. Required.
	FunctionName string
	// Qualifier is a version number, $LATEST or an alias.
	Qualifier string
	// InvocationType is RequestResponse (the default), Event or DryRun.
	InvocationType string
	// Payload is the event, JSON; empty means no payload.
	Payload []byte
	// ClientContext is up to 3,583 bytes of base64-encoded JSON about the
	// invoking client (a lambdacontext.ClientContext: "client", "custom",
	// "env"), which a RequestResponse handler finds in its
	// lambdacontext.LambdaContext; Event invocations do not pass it on, as
	// in AWS. Empty means none.
	ClientContext string
}

// MaxClientContext limits [InvokeInput.ClientContext], base64 included.
const MaxClientContext = 3583

// parseClientContext decodes an InvokeInput's ClientContext; nil when it
// is empty.
func parseClientContext(s string) (*lambdacontext.ClientContext, error) {
	if s == "" {
		return nil, nil
	}
	if len(s) > MaxClientContext {
		return nil, ErrInvalidRequestContentException.With("Client context must be at most %d bytes, base64-encoded; it is %d.", MaxClientContext, len(s))
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	var cc lambdacontext.ClientContext
	if err == nil {
		err = json.Unmarshal(raw, &cc)
	}
	if err != nil {
		return nil, ErrInvalidRequestContentException.With("Client context must be a valid Base64-encoded JSON object.")
	}
	return &cc, nil
}

// clientContextKey carries a RequestResponse invocation's client context
// from Invoke to the handler's context.
type clientContextKey struct{}

// withClientContext returns ctx carrying cc; a nil cc hides the client
// context of an invocation whose handler makes this call.
func withClientContext(ctx context.Context, cc *lambdacontext.ClientContext) context.Context {
	if cc == nil && clientContextOf(ctx) == nil {
		return ctx
	}
	return context.WithValue(ctx, clientContextKey{}, cc)
}

// clientContextOf returns the client context withClientContext put in ctx.
func clientContextOf(ctx context.Context) *lambdacontext.ClientContext {
	cc, _ := ctx.Value(clientContextKey{}).(*lambdacontext.ClientContext)
	return cc
}

// InvokeOutput is the output of [Service.Invoke].
type InvokeOutput struct {
	// StatusCode is 200 for RequestResponse, 202 for Event, 204 for
	// DryRun; a function error does not change it.
	StatusCode int
	// Payload is the handler's response, or for a function error the
	// error document {"errorMessage": …, "errorType": …}.
	Payload []byte
	// FunctionError is "Unhandled" when the handler failed, timed out or
	// panicked.
	FunctionError string
	// ExecutedVersion is the version that ran, which an alias with routing
	// chooses per invocation.
	ExecutedVersion string
	// Duration is how long a RequestResponse invocation took in virtual
	// time, from the call to the response, a cold start's Init included:
	// when a synchronous caller (an Application Load Balancer) has its
	// answer. It is not an AWS field; the REPORT log line carries the
	// same figures.
	Duration time.Duration
}

// MaxAsyncPayload limits an Event invocation's payload.
const MaxAsyncPayload = 1024 * 1024

// Invoke runs a function.
//
// RequestResponse runs the handler at once, on the caller's goroutine, at
// the clock's current time, and returns its response. In virtual time the
// invocation lasts its declared duration: its execution environment stays
// busy, and counts against concurrency, until the clock passes its end. A
// handler's error, a timeout (its duration past the function's Timeout)
// and a panic are function errors: status 200 with FunctionError
// "Unhandled". A timeout or a panic resets the environment.
//
// Event queues the invocation and returns 202. It runs at the clock's
// current instant (with a *sim.Clock, at its next advance); a function
// error is retried MaximumRetryAttempts times (2 by default), one and then
// two minutes after the failed attempt ended, and a throttled event is
// retried with backoff from 1 second up to 5 minutes until it is
// MaximumEventAge old (6 hours by default), as one that fails with
// ServiceException is (see [FaultServiceError]), except that an event of a
// function whose concurrency is reserved to zero is not retried; see
// [Service.PutFunctionEventInvokeConfig] for where the outcome goes. A
// response over 6 MB is a function error (Function.ResponseSizeTooLarge). DryRun only checks the request and returns 204.
//
// The handler, the duration model and the text of the handler's error are
// user code, called through the account's guarded path
// ([cloud.Account.CallUser]). With [cloud.WithWatchdog], a handler that has
// not returned within the watchdog's real-time limit is taken for one that
// never returns, which AWS stops at the function's Timeout: the invocation
// is recorded as a timeout (Sandbox.Timedout, its environment reset, the
// Timeout billed), so that an Event invocation is retried and a mapping's
// batch comes back, and a RequestResponse Invoke returns the watchdog's
// [*cloud.BlockedError] (errors.Is [cloud.ErrBlocked]), which names the
// function and the virtual instant of the call, in place of an output.
//
// Errors: [ErrResourceNotFoundException], [ErrResourceConflictException]
// (the function is not Active), [ErrInvalidRequestContentException] for a
// payload that is not JSON, [ErrRequestTooLargeException], and
// [ErrTooManyRequestsException], with the Reason, when the function's
// reserved concurrency or the account's unreserved concurrency is in use.
func (s *Service) Invoke(ctx context.Context, in *InvokeInput) (*InvokeOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	limit := MaxSyncPayload
	switch in.InvocationType {
	case "", InvocationTypeRequestResponse, InvocationTypeDryRun:
	case InvocationTypeEvent:
		limit = MaxAsyncPayload
	default:
		return nil, ErrValidationException.With("1 validation error detected: Value '%s' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]", in.InvocationType)
	}
	switch {
	case len(in.Payload) <= limit:
	case in.InvocationType == InvocationTypeEvent:
		return nil, ErrRequestTooLargeException.With("%d byte payload is too large for the Event invocation type (limit %d bytes)", len(in.Payload), limit)
	default: // the front end refuses a synchronous request, whatever its type says
		return nil, ErrRequestTooLargeException.With("Request must be smaller than %d bytes for the InvokeFunction operation", limit)
	}
	if len(in.Payload) > 0 && !json.Valid(in.Payload) {
		return nil, ErrInvalidRequestContentException.With("Could not parse request body into json: Could not parse payload into json: Unexpected character")
	}
	cc, err := parseClientContext(in.ClientContext)
	if err != nil {
		return nil, err
	}
	switch in.InvocationType {
	case InvocationTypeDryRun:
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, _, _, err := s.target(in.FunctionName, in.Qualifier); err != nil {
			return nil, err
		}
		return &InvokeOutput{StatusCode: 204}, nil
	case InvocationTypeEvent:
		return s.enqueue(in)
	}
	r, err := s.run(withClientContext(ctx, cc), in.FunctionName, in.Qualifier, in.Payload, 1, "", time.Time{})
	if err != nil {
		return nil, err
	}
	if r.blocked != nil {
		return nil, r.blocked
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the invocation ran, but its caller went away
	}
	return &InvokeOutput{StatusCode: 200, Payload: r.payload, FunctionError: r.functionError, ExecutedVersion: r.version, Duration: r.elapsed}, nil
}

// target resolves what an invocation of ref (and qualifier) runs, and the
// qualifier it names: qualifier, or else the one in ref.
func (s *Service) target(ref, qualifier string) (*function, *version, string, error) {
	fn, q, err := s.lookup(ref, qualifier)
	if err != nil {
		return nil, nil, "", err
	}
	v, a, err := s.resolve(fn, q)
	if err != nil {
		return nil, nil, "", err
	}
	return fn, s.pick(fn, a, v), q, nil
}

// result is the outcome of one invocation.
type result struct {
	payload       []byte
	functionError string
	version       string
	end           time.Time     // in virtual time
	elapsed       time.Duration // from the invocation's start to end
	blocked       error         // the watchdog's, when the handler did not return
}

// run performs one invocation: it takes an environment under the lock,
// runs the handler without it, and then records the invocation's end in
// virtual time. The invocation gets requestID, or a new one when empty.
//
// queuedAt is when an asynchronous event was queued, zero for other
// invocations: the invocation's AsyncEventAge is the time since.
func (s *Service) run(ctx context.Context, ref, qualifier string, payload []byte, attempt int, requestID string, queuedAt time.Time) (result, error) {
	s.mu.Lock()
	fn, v, qualifier, err := s.target(ref, qualifier)
	if err != nil {
		s.mu.Unlock()
		return result{}, err
	}
	now := s.sched.Now()
	s.advance(now)
	if err := s.admit(fn); err != nil {
		fn.stats.Throttles++
		s.mu.Unlock()
		return result{}, err
	}
	env, cold := s.acquire(v, now)
	if env == nil {
		fn.stats.Throttles++
		s.mu.Unlock()
		return result{}, throttled(ReasonConcurrentInvocationLimitExceeded)
	}
	if requestID == "" {
		requestID = s.rng.UUID().String()
	}
	if err := s.injectedFailure(fn, requestID); err != nil {
		s.giveBack(env, cold)
		s.mu.Unlock()
		return result{}, err
	}
	var slow time.Duration // a slower cold start, by the fault plan
	if cold {
		slow = s.slowColdStart(fn, requestID)
	}
	fn.stats.PeakConcurrentExecutions = max(fn.stats.PeakConcurrentExecutions, fn.busy)
	fn.minute.peak = max(fn.minute.peak, fn.busy)
	onProvisioned := env.provisioned
	switch {
	case onProvisioned:
		fn.stats.ProvisionedConcurrencyInvocations++
	case v.pool.pcTarget > 0:
		fn.stats.ProvisionedConcurrencySpilloverInvocations++
	}
	cfg, code := v.cfg, v.code
	s.mu.Unlock()

	invokedARN := fn.arn
	if qualifier != "" {
		invokedARN += ":" + qualifier
	}
	ic := &InvocationContext{
		RequestID: requestID, InvokedFunctionArn: invokedARN, FunctionName: fn.name, FunctionVersion: cfg.Version,
		MemoryLimitInMB: cfg.MemorySize, ColdStart: cold,
	}
	start := now
	if cold {
		start = now.Add(code.InitDuration + slow)
	}
	ic.Deadline = start.Add(cfg.Timeout)
	hctx, cancel := newHandlerCtx(ctx, ic, clientContextOf(ctx))
	x := s.execute(hctx, code, payload)
	cancel()

	d := x.duration
	r := result{payload: x.out, version: cfg.Version}
	timedOut := d > cfg.Timeout || x.blocked != nil
	switch {
	case x.blocked != nil:
		// A handler that never returns times out in AWS; here it is also
		// the synchronous caller's error.
		d, r.blocked = cfg.Timeout, x.blocked
		r.payload = errorDocument(fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds: %v", requestID, cfg.Timeout.Seconds(), x.blocked), "Sandbox.Timedout")
	case timedOut:
		d = cfg.Timeout
		r.payload = errorDocument(fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", requestID, cfg.Timeout.Seconds()), "Sandbox.Timedout")
	case x.errType != "":
		r.payload = errorDocument(x.errMessage, x.errType)
	}
	panicked := x.panicked
	if timedOut || x.errType != "" {
		r.functionError = "Unhandled"
	}

	if len(r.payload) > MaxSyncPayload && r.functionError == "" {
		r.payload = errorDocument(fmt.Sprintf("Response payload size (%d bytes) exceeded maximum allowed payload size (%d bytes).", len(r.payload), MaxSyncPayload), "Function.ResponseSizeTooLarge")
		r.functionError = "Unhandled"
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	end := start.Add(d)
	r.end, r.elapsed = end, end.Sub(now)
	s.finish(env, end, timedOut || panicked)
	billed := billedDuration(end.Sub(now))
	gbs := gbSeconds(cfg.MemorySize, billed)
	st := &fn.stats
	st.Invocations++
	if r.functionError != "" {
		st.Errors++
	}
	if cold {
		st.ColdStarts++
	}
	st.Duration += d
	fn.minute.observe(d)
	if !queuedAt.IsZero() {
		fn.minute.observeAge(now.Sub(queuedAt))
	}
	st.BilledDuration += billed
	st.GBSeconds += gbs
	st.Cost += s.prices.cost(cfg.Architectures[0], gbs, onProvisioned)
	if s.history {
		inv := Invocation{
			RequestID: requestID, FunctionName: fn.name, Version: cfg.Version, EnvironmentID: env.id, ColdStart: cold,
			Start: now, End: end, InitDuration: end.Sub(now) - d, Duration: d, BilledDuration: billed,
			FunctionError: r.functionError, Attempt: attempt,
		}
		s.invocations = append(s.invocations, inv)
		s.account.Record(inv.event())
	}
	return r, nil
}

// execution is what running a function's code gave.
type execution struct {
	out        []byte
	duration   time.Duration
	errMessage string
	errType    string // empty when the handler succeeded
	panicked   bool
	// blocked is the watchdog's error when the code had not returned
	// within its limit ([cloud.WithWatchdog]); the other fields are then
	// empty.
	blocked error
}

// execute runs a function's code: the handler, then the duration model,
// then the text of the handler's error. All three are user code, so they
// run through the account's one guarded path ([cloud.Account.CallUser]): a
// panic in any of them is reported as the Go runtime reports a crash,
// Runtime.ExitError, and with a watchdog, code that has not returned in
// time leaves the execution blocked.
func (s *Service) execute(ctx *handlerCtx, code Code, payload []byte) execution {
	var x execution // written by the code's goroutine; read only if it returned
	err := s.account.CallUser("lambda function "+ctx.ic.FunctionName, func() {
		out, err := code.Handler(ctx, payload)
		d := time.Millisecond
		switch {
		case ctx.ic.reported != nil:
			d = *ctx.ic.reported
		case code.Duration != nil:
			if d = code.Duration(payload); d < 0 {
				panic(negativeDuration("the Code.Duration model of lambda function "+ctx.ic.FunctionName, d))
			}
		}
		x.out, x.duration = out, d
		if err != nil {
			x.errMessage, x.errType = err.Error(), errorType(err)
		}
	})
	var p *usercode.Panic
	switch {
	case errors.As(err, &p):
		return execution{duration: time.Millisecond, errMessage: fmt.Sprint(p.Value), errType: "Runtime.ExitError", panicked: true}
	case err != nil:
		return execution{blocked: err}
	}
	return x
}

// errorDocument is the payload of a function error, as the runtimes write
// it.
func errorDocument(message, typ string) []byte {
	b, _ := json.Marshal(struct {
		ErrorMessage string `json:"errorMessage"`
		ErrorType    string `json:"errorType"`
	}{message, typ})
	return b
}

// errorType names an error as the Go runtime does: its type's name.
func errorType(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "" {
		return t.String()
	}
	return t.Name()
}

// busyUnreserved counts the busy environments that use the account's
// unreserved concurrency: all of them but those of functions with a
// reservation now, whatever they had when they started, and including
// those of deleted functions until they end. Putting or deleting a
// reservation, and deleting a function, move its busy environments from
// one side to the other at once (see addBusy).
func (s *Service) busyUnreserved() int {
	return len(s.busy) - s.busyReserved
}

// admit reports whether fn may start an invocation now, or the throttle.
func (s *Service) admit(fn *function) error {
	if fn.hasReserve {
		if fn.busy >= fn.reserved {
			return throttled(ReasonReservedFunctionConcurrentInvocationLimitExceeded)
		}
		return nil
	}
	if s.busyUnreserved() >= s.concurrencyLimit-s.reservedTotal {
		return throttled(ReasonConcurrentInvocationLimitExceeded)
	}
	return nil
}

// reservedZero reports whether the function ref names has its concurrency
// reserved to zero.
func (s *Service) reservedZero(ref string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, _, err := s.lookup(ref, "")
	return err == nil && fn.hasReserve && fn.reserved == 0
}

// Asynchronous invocation.

// event is an asynchronous invocation waiting in the service's queue. Its
// request ID is the one every attempt sees.
type event struct {
	ref, qualifier string
	payload        []byte
	requestID      string
	queuedAt       time.Time
	attempts       int // invocations that ran
	throttles      int // attempts throttled or failed by Lambda itself
}

// enqueue accepts an Event invocation and schedules its first attempt.
func (s *Service) enqueue(in *InvokeInput) (*InvokeOutput, error) {
	s.mu.Lock()
	_, _, _, err := s.target(in.FunctionName, in.Qualifier)
	now := s.sched.Now()
	requestID := s.rng.UUID().String()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	e := &event{ref: in.FunctionName, qualifier: in.Qualifier, payload: append([]byte(nil), in.Payload...), requestID: requestID, queuedAt: now}
	s.sched.ScheduleAt(now, func() { s.attempt(e) })
	return &InvokeOutput{StatusCode: 202}, nil
}

// attempt runs one attempt of an asynchronous event, and then schedules
// the next, or sends the outcome where the event invoke configuration
// says.
func (s *Service) attempt(e *event) {
	r, err := s.run(context.Background(), e.ref, e.qualifier, e.payload, e.attempts+1, e.requestID, e.queuedAt)
	now := s.sched.Now()
	cfg := s.eventConfigFor(e.ref, e.qualifier)
	var retryIn time.Duration
	switch {
	case errors.Is(err, ErrTooManyRequestsException), errors.Is(err, ErrServiceException):
		if s.reservedZero(e.ref) {
			// AWS retries no event of a function reserved to zero.
			s.deliver(e, cfg, r, conditionRetriesExhausted, "The function's concurrency is reserved to zero.")
			return
		}
		e.throttles++
		retryIn = min(time.Second<<min(e.throttles-1, 20), 5*time.Minute)
	case err != nil:
		return // the function is gone
	case r.functionError != "":
		e.attempts++
		if e.attempts > cfg.retries {
			s.deliverAt(r.end, e, cfg, r, conditionRetriesExhausted, string(r.payload))
			return
		}
		now = r.end // the wait runs from the failed attempt's end
		retryIn = time.Duration(e.attempts) * time.Minute
	default:
		e.attempts++
		s.deliverAt(r.end, e, cfg, r, conditionSuccess, "")
		return
	}
	if now.Add(retryIn).Sub(e.queuedAt) > cfg.maxAge {
		// Reported when the event grows too old, not at its last throttle.
		at := e.queuedAt.Add(cfg.maxAge)
		if r.end.After(at) {
			at = r.end // not before the failed attempt has ended
		}
		s.deliverAt(at, e, cfg, r, conditionEventAgeExceeded, "Event age exceeded.")
		return
	}
	s.sched.ScheduleAt(now.Add(retryIn), func() { s.attempt(e) })
}
