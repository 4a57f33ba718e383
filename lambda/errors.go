package lambda

import (
	"net/http"

	"github.com/awssim/awssim/internal/awserr"
)

// Error is the error type every operation returns for bad input or a
// refused request. Its fields:
//
//	Code       string // the AWS error code, as an SDK's ErrorCode() reports it
//	Message    string // for a person
//	StatusCode int    // the HTTP status AWS would send
//	Fault      awserr.Fault // a string: "Sender" for a 4xx status, "Receiver" for a 5xx one
//	Reason     string // the reason some errors carry beside the message (why an invocation was throttled)
//
// Its methods: Error prints "Code: message"; Is matches the sentinels
// below by code, so errors.Is(err, ErrX) holds whatever the message; and
// ErrorCode, ErrorMessage and ErrorFault make it a smithy.APIError, so
//
//	var apiErr smithy.APIError
//	if errors.As(err, &apiErr) { … }
//
// reads it as it reads an aws-sdk-go-v2 client's error.
type Error = awserr.Error

// Sentinels, one per AWS error code the simulator returns.
var (
	// ErrResourceNotFoundException: the function, version or alias does
	// not exist.
	ErrResourceNotFoundException = awserr.New("ResourceNotFoundException", http.StatusNotFound)
	// ErrResourceConflictException: the name is taken, or the function is
	// not ready (Pending, or an update in progress).
	ErrResourceConflictException = awserr.New("ResourceConflictException", http.StatusConflict)
	// ErrInvalidParameterValueException: a parameter is out of range or
	// malformed.
	ErrInvalidParameterValueException = awserr.New("InvalidParameterValueException", http.StatusBadRequest)
	// ErrValidationException: a parameter fails the API model's
	// constraints (length, pattern, enum).
	ErrValidationException = awserr.New("ValidationException", http.StatusBadRequest)
	// ErrInvalidRequestContentException: an Invoke payload is not JSON.
	ErrInvalidRequestContentException = awserr.New("InvalidRequestContentException", http.StatusBadRequest)
	// ErrRequestTooLargeException: an Invoke payload is over its limit.
	ErrRequestTooLargeException = awserr.New("RequestEntityTooLargeException", http.StatusRequestEntityTooLarge)
	// ErrTooManyRequestsException: the invocation was throttled; the
	// Error's Reason says why (the Reason… constants).
	ErrTooManyRequestsException = awserr.New("TooManyRequestsException", http.StatusTooManyRequests)
	// ErrPreconditionFailedException: a RevisionId precondition failed.
	ErrPreconditionFailedException = awserr.New("PreconditionFailedException", http.StatusPreconditionFailed)
	// ErrPolicyLengthExceededException: a resource policy would be over
	// MaxPolicySize.
	ErrPolicyLengthExceededException = awserr.New("PolicyLengthExceededException", http.StatusBadRequest)
	// ErrAccessDeniedException: with policy enforcement, the function's
	// resource policy does not let a service invoke it.
	ErrAccessDeniedException = awserr.New("AccessDeniedException", http.StatusForbidden)
	// ErrServiceException: Lambda failed internally (injected by the
	// account's fault plan: FaultServiceError).
	ErrServiceException = awserr.New("ServiceException", http.StatusInternalServerError)
)

// Reasons of an [ErrTooManyRequestsException], in its Error's Reason.
const (
	ReasonConcurrentInvocationLimitExceeded                 = "ConcurrentInvocationLimitExceeded"
	ReasonReservedFunctionConcurrentInvocationLimitExceeded = "ReservedFunctionConcurrentInvocationLimitExceeded"
	// ReasonFunctionInvocationRateLimitExceeded: the function's
	// invocation rate limit, which only FaultThrottle simulates.
	ReasonFunctionInvocationRateLimitExceeded = "FunctionInvocationRateLimitExceeded"
)

// throttled is a TooManyRequestsException with the Reason AWS gives: the
// account's concurrency limit, or the function's reserved concurrency, was
// reached.
func throttled(reason string) *Error {
	return ErrTooManyRequestsException.With("Rate Exceeded.").WithReason(reason)
}
