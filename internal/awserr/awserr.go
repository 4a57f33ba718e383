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

import "fmt"

// Error is an AWS service error: the code an AWS SDK reports from
// ErrorCode(), a human-readable message, and the HTTP status code of the
// response AWS would send.
type Error struct {
	// Code is the AWS error code, for example
	// "AWS.SimpleQueueService.NonExistentQueue".
	Code string
	// Message describes the error for a person.
	Message string
	// StatusCode is the HTTP status AWS returns with this error.
	StatusCode int
}

// New returns a sentinel error with the given code and HTTP status and an
// empty message. Services derive concrete errors from it with [Error.With].
func New(code string, status int) *Error {
	return &Error{Code: code, StatusCode: status}
}

// Error prints the error as the AWS SDKs do: "Code: message".
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// ErrorCode returns the AWS error code, as smithy.APIError does.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the message, as smithy.APIError does.
func (e *Error) ErrorMessage() string { return e.Message }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, sentinel) holds whatever the message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// With returns a copy of e, keeping its code and status, with a message
// formatted from format and args.
func (e *Error) With(format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Code: e.Code, Message: msg, StatusCode: e.StatusCode}
}
