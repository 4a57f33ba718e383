package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Handler is a function's code: it receives the invocation's raw JSON
// payload and returns the response payload, or an error, which Lambda
// reports as a function error ("Unhandled"). It runs on the goroutine of
// the caller that starts the invocation, at the virtual instant the
// invocation starts; the simulated time it takes comes from
// [Code.Duration] or [ReportDuration], never from the wall clock.
//
// The context carries an [InvocationContext] ([FromContext]), and the
// same invocation as aws-lambda-go's lambdacontext.FromContext reads it (a
// *lambdacontext.LambdaContext with AwsRequestID, InvokedFunctionArn and
// the [InvokeInput.ClientContext]); as its Deadline, the virtual instant
// at which the function times out. It is cancelled when the context of a
// RequestResponse [Service.Invoke] is, and once the invocation is over.
type Handler func(ctx context.Context, payload []byte) ([]byte, error)

// Typed adapts a handler written over Go types, such as the event structs of
// aws-lambda-go's events package, to a [Handler]: the payload is decoded
// into In with encoding/json, and the result encoded from Out. A payload
// that does not decode into In is a function error, as in the Go runtime.
func Typed[In, Out any](fn func(ctx context.Context, in In) (Out, error)) Handler {
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var in In
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, err
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
}

// Code is what a function runs and how long it takes in simulated time.
type Code struct {
	// Handler is the function's code. Required.
	Handler Handler
	// Duration gives the simulated duration of an invocation from its
	// payload, unless the handler reports one with [ReportDuration]. With
	// neither, an invocation takes 1 ms, the billing minimum. A negative
	// duration is a bug in the model: the invocation fails as a crash of
	// the function (Runtime.ExitError) whose message names the value.
	Duration func(payload []byte) time.Duration
	// InitDuration is the simulated time a cold start spends initialising
	// the execution environment before the handler runs.
	InitDuration time.Duration
	// Source, when set, stands for the deployment package: CodeSha256 is its
	// SHA-256, so that publishing unchanged code makes no new version. When
	// nil, every UpdateFunctionCode counts as new code.
	Source []byte
}

// FixedDuration returns a [Code.Duration] model in which every invocation
// takes d. It panics if d is negative.
func FixedDuration(d time.Duration) func([]byte) time.Duration {
	if d < 0 {
		panic(negativeDuration("lambda.FixedDuration", d))
	}
	return func([]byte) time.Duration { return d }
}

// negativeDuration is the message of the panic that refuses a negative
// simulated duration given to what.
func negativeDuration(what string, d time.Duration) string {
	return fmt.Sprintf("%s: negative duration %v", what, d)
}

// InvocationContext describes the invocation a handler is running.
type InvocationContext struct {
	RequestID          string
	InvokedFunctionArn string // the ARN the caller invoked, qualified or not
	FunctionName       string
	FunctionVersion    string // the version that runs: $LATEST or a number
	MemoryLimitInMB    int
	// Deadline is the virtual instant the invocation times out.
	Deadline time.Time
	// ColdStart is true for the first invocation of a new execution
	// environment.
	ColdStart bool

	reported *time.Duration
}

type ctxKey struct{}

// FromContext returns the invocation a handler's context belongs to.
func FromContext(ctx context.Context) (*InvocationContext, bool) {
	ic, ok := ctx.Value(ctxKey{}).(*InvocationContext)
	return ic, ok
}

// ReportDuration sets the simulated duration of the running invocation,
// overriding [Code.Duration]. Calling it outside a handler does nothing.
// It panics if d is negative: in a handler, that fails the invocation as
// a crash of the function (Runtime.ExitError) whose message names d.
func ReportDuration(ctx context.Context, d time.Duration) {
	if d < 0 {
		panic(negativeDuration("lambda.ReportDuration", d))
	}
	if ic, ok := FromContext(ctx); ok {
		ic.reported = &d
	}
}

// handlerCtx is the context a handler runs with: the caller's, cancelled
// with it and once the invocation is over, carrying the invocation (for
// [FromContext] and aws-lambda-go's lambdacontext.FromContext) and
// reporting the virtual deadline by Deadline. No timer stands behind the
// deadline: virtual time does not pass while the handler runs.
type handlerCtx struct {
	context.Context
	ic *InvocationContext
	lc lambdacontext.LambdaContext
}

// newHandlerCtx returns the context of the invocation ic, under parent,
// and the function that cancels it when the invocation is over.
func newHandlerCtx(parent context.Context, ic *InvocationContext, cc *lambdacontext.ClientContext) (*handlerCtx, context.CancelFunc) {
	c := &handlerCtx{ic: ic, lc: lambdacontext.LambdaContext{AwsRequestID: ic.RequestID, InvokedFunctionArn: ic.InvokedFunctionArn}}
	if cc != nil {
		c.lc.ClientContext = *cc
	}
	ctx, cancel := context.WithCancel(parent)
	c.Context = lambdacontext.NewContext(ctx, &c.lc)
	return c, cancel
}

func (c *handlerCtx) Deadline() (time.Time, bool) { return c.ic.Deadline, true }

func (c *handlerCtx) Value(key any) any {
	if key == (ctxKey{}) {
		return c.ic
	}
	return c.Context.Value(key)
}
