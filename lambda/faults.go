package lambda

import (
	"time"
)

// The faults an invocation injects from its account's fault plan
// ([cloud.Account.SetFaultPlan]), each a way in which Lambda really
// fails within what it promises. A rule's Resource is the function's name;
// the event log names the invocation's request ID. The opportunity of
// each is every invocation that finds an execution environment: a
// RequestResponse Invoke, each attempt of an Event invocation, each batch
// of an event source mapping.
const (
	// FaultServiceError: the invocation fails with ServiceException, HTTP
	// 500, before the handler runs; it takes no environment and is not
	// counted as an invocation. An Event invocation is retried as a
	// throttled one is, with backoff from 1 second to 5 minutes until
	// its maximum event age, and a mapping's batch comes back after its
	// visibility timeout, as AWS retries its own errors.
	FaultServiceError = "lambda:ServiceError"
	// FaultThrottle: the invocation is throttled below the concurrency
	// limit, as Lambda's invocation rate limit throttles it:
	// TooManyRequestsException, HTTP 429, with Reason
	// FunctionInvocationRateLimitExceeded, counted in Throttles and
	// retried as any throttle is.
	FaultThrottle = "lambda:Throttle"
	// FaultSlowColdStart: a cold start's Init phase takes the rule's
	// Delay longer than the code's InitDuration (one second when the rule
	// sets none); the invocation, its environment's busy span and its
	// billed Init grow with it. The opportunity is each cold start.
	FaultSlowColdStart = "lambda:SlowColdStart"
)

// defaultColdStartDelay is how much longer a cold start of
// [FaultSlowColdStart] takes when the rule names no delay.
const defaultColdStartDelay = time.Second

// injectedFailure returns the error of an invocation of fn with
// requestID that the account's fault plan fails, [FaultThrottle] first,
// or nil. The caller holds s.mu.
func (s *Service) injectedFailure(fn *function, requestID string) error {
	if s.account.Fault(FaultThrottle, fn.name, requestID) != nil {
		fn.stats.Throttles++
		return throttled(ReasonFunctionInvocationRateLimitExceeded)
	}
	if s.account.Fault(FaultServiceError, fn.name, requestID) != nil {
		return ErrServiceException.With("The AWS Lambda service encountered an internal error.")
	}
	return nil
}

// slowColdStart returns how much longer the cold start of fn's invocation
// with requestID takes under [FaultSlowColdStart]: zero when no rule
// fires.
func (s *Service) slowColdStart(fn *function, requestID string) time.Duration {
	r := s.account.Fault(FaultSlowColdStart, fn.name, requestID)
	switch {
	case r == nil:
		return 0
	case r.Delay == 0:
		return defaultColdStartDelay
	}
	return r.Delay
}

// giveBack returns an environment that acquire gave an invocation which
// then failed before its handler ran: a warm one to its pool as idle as it
// was, a new one to nothing. The caller holds s.mu.
func (s *Service) giveBack(env *environment, cold bool) {
	s.finish(env, env.idleSince, cold)
	s.advance(s.sched.Now())
}
