package cloudwatch

import (
	"net/http"

	"github.com/awssim/awssim/internal/awserr"
)

// Error is the error type every operation returns for bad input or a
// refused request. Code is the code an AWS SDK reports from ErrorCode();
// StatusCode is the HTTP status AWS would send. Match a particular error
// with errors.Is and the sentinels below, or read it with errors.As.
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
