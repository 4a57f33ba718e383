package cloudwatch

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
//	Reason     string // the reason some errors carry beside the message
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

// Sentinels, one per AWS error code the simulator returns, each named
// after the error type of aws-sdk-go-v2's cloudwatch/types package; its
// Code is the code of the CloudWatch API model.
var (
	// ErrInvalidParameterValueException: a parameter is out of range or
	// malformed (code InvalidParameterValue).
	ErrInvalidParameterValueException = awserr.New("InvalidParameterValue", http.StatusBadRequest)
	// ErrMissingRequiredParameterException: a required parameter is
	// missing (code MissingParameter).
	ErrMissingRequiredParameterException = awserr.New("MissingParameter", http.StatusBadRequest)
	// ErrInvalidParameterCombinationException: parameters were given
	// together that exclude each other, or one needs another that is
	// missing (code InvalidParameterCombination).
	ErrInvalidParameterCombinationException = awserr.New("InvalidParameterCombination", http.StatusBadRequest)
	// ErrResourceNotFound: the named alarm does not exist (DeleteAlarms,
	// SetAlarmState).
	ErrResourceNotFound = awserr.New("ResourceNotFound", http.StatusNotFound)
	// ErrLimitExceededFault: PutMetricAlarm would pass the account's alarm
	// quota (code LimitExceeded; see WithAlarmLimit).
	ErrLimitExceededFault = awserr.New("LimitExceeded", http.StatusBadRequest)
	// ErrInvalidFormatFault: SetAlarmState's StateReasonData is not JSON
	// (code InvalidFormat).
	ErrInvalidFormatFault = awserr.New("InvalidFormat", http.StatusBadRequest)
	// ErrValidationError: a composite alarm's rule names alarms that do
	// not exist (PutCompositeAlarm), or DeleteAlarms would delete an alarm
	// a composite alarm's rule names, or more than one composite alarm
	// (code ValidationError, the generic code of the Query protocol).
	ErrValidationError = awserr.New("ValidationError", http.StatusBadRequest)
	// ErrInvalidNextToken: a NextToken that no earlier call returned.
	ErrInvalidNextToken = awserr.New("InvalidNextToken", http.StatusBadRequest)
)
