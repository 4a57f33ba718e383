// Package awserr holds the error type that every awssim service returns.
//
// Each service package aliases [Error] (for example sqs.Error) and exports one
// sentinel per AWS error code it can return, so callers write
//
//	if errors.Is(err, sqs.ErrQueueDoesNotExist) { … }
//
// whatever the message, or use errors.As to read the code, message and HTTP
// status that AWS would have sent.
package awserr

import (
	"fmt"

	"github.com/aws/smithy-go"
)

// Error is an AWS service error: the code an AWS SDK reports from
// ErrorCode(), a human-readable message, the HTTP status code of the
// response AWS would send, whose fault it is, and for the errors that
// carry one, the reason AWS gives.
type Error struct {
	// Code is the AWS error code, for example
	// "AWS.SimpleQueueService.NonExistentQueue".
	Code string
	// Message describes the error for a person.
	Message string
	// StatusCode is the HTTP status AWS returns with this error.
	StatusCode int
	// Fault is whose fault the error is, as the wire protocols report it:
	// [FaultSender] for a 4xx status, [FaultReceiver] for a 5xx one.
	Fault Fault
	// Reason is the reason some errors carry beside their message, for
	// example Lambda's TooManyRequestsException
	// ("ReservedFunctionConcurrentInvocationLimitExceeded"); empty for
	// the others.
	Reason string
}

// Fault says whose fault an error is: the SOAP-era "Type" of AWS's query
// protocol error responses, and smithy's ErrorFault.
type Fault string

// The two faults.
const (
	// FaultSender: the request was wrong; sending it again will not help.
	FaultSender Fault = "Sender"
	// FaultReceiver: the service failed; the request may succeed later.
	FaultReceiver Fault = "Receiver"
)

// New returns a sentinel error with the given code and HTTP status, the
// fault that status implies, and an empty message. Services derive
// concrete errors from it with [Error.With].
func New(code string, status int) *Error {
	fault := FaultSender
	if status >= 500 {
		fault = FaultReceiver
	}
	return &Error{Code: code, StatusCode: status, Fault: fault}
}

// Error prints the error as the AWS SDKs do: "Code: message", followed by
// the reason when there is one.
func (e *Error) Error() string {
	s := e.Code
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Reason != "" {
		s += " (Reason: " + e.Reason + ")"
	}
	return s
}

// ErrorCode returns the AWS error code, as smithy.APIError does.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the message, as smithy.APIError does.
func (e *Error) ErrorMessage() string { return e.Message }

// ErrorFault returns whose fault the error is, as smithy.APIError does:
// smithy.FaultClient for [FaultSender], smithy.FaultServer for
// [FaultReceiver]. With ErrorCode and ErrorMessage, it makes *Error a
// smithy.APIError, so code that reads an aws-sdk-go-v2 error with
//
//	var apiErr smithy.APIError
//	if errors.As(err, &apiErr) { … apiErr.ErrorCode() … }
//
// reads a simulator's error the same way.
func (e *Error) ErrorFault() smithy.ErrorFault {
	switch e.Fault {
	case FaultSender:
		return smithy.FaultClient
	case FaultReceiver:
		return smithy.FaultServer
	}
	return smithy.FaultUnknown
}

// Error is a smithy.APIError.
var _ smithy.APIError = (*Error)(nil)

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, sentinel) holds whatever the message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// With returns a copy of e, keeping its code, status, fault and reason,
// with a message formatted from format and args.
func (e *Error) With(format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	c := *e
	c.Message = msg
	return &c
}

// WithReason returns a copy of e with the given reason.
func (e *Error) WithReason(reason string) *Error {
	c := *e
	c.Reason = reason
	return &c
}
