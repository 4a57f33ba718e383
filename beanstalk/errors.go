package beanstalk

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

// Sentinels, one per AWS error code the simulator returns: the error
// shapes of the Elastic Beanstalk API model, and the common codes of the
// query APIs.
var (
	// ErrInvalidParameterValue: an input is malformed or out of range,
	// names something that does not exist, or asks for a state the
	// resource is not in.
	ErrInvalidParameterValue = awserr.New("InvalidParameterValue", http.StatusBadRequest)
	// ErrInvalidParameterCombination: inputs that may not go together
	// (a version and option settings in one UpdateEnvironment).
	ErrInvalidParameterCombination = awserr.New("InvalidParameterCombination", http.StatusBadRequest)
	// ErrMissingParameter: a required input is missing.
	ErrMissingParameter = awserr.New("MissingParameter", http.StatusBadRequest)
	// ErrTooManyApplications: the account has MaxApplications.
	ErrTooManyApplications = awserr.New("TooManyApplicationsException", http.StatusBadRequest)
	// ErrTooManyApplicationVersions: the account has
	// MaxApplicationVersions.
	ErrTooManyApplicationVersions = awserr.New("TooManyApplicationVersionsException", http.StatusBadRequest)
	// ErrTooManyEnvironments: the account has MaxEnvironments.
	ErrTooManyEnvironments = awserr.New("TooManyEnvironmentsException", http.StatusBadRequest)
	// ErrTooManyConfigurationTemplates: the account has
	// MaxConfigurationTemplates.
	ErrTooManyConfigurationTemplates = awserr.New("TooManyConfigurationTemplatesException", http.StatusBadRequest)
	// ErrConfigurationValidation: option settings that do not go
	// together (a rolling deployment policy on a single-instance
	// environment).
	ErrConfigurationValidation = awserr.New("ConfigurationValidationException", http.StatusBadRequest)
	// ErrTooManyTags: a resource would have more than MaxTags.
	ErrTooManyTags = awserr.New("TooManyTagsException", http.StatusBadRequest)
	// ErrResourceNotFound: the ARN given names no resource of the
	// account.
	ErrResourceNotFound = awserr.New("ResourceNotFoundException", http.StatusBadRequest)
	// ErrResourceTypeNotSupported: the ARN names a kind of resource the
	// operation does not take.
	ErrResourceTypeNotSupported = awserr.New("ResourceTypeNotSupportedException", http.StatusBadRequest)
	// ErrOperationInProgress: the resource is busy with another
	// operation (an application version in use by an environment).
	ErrOperationInProgress = awserr.New("OperationInProgressFailure", http.StatusBadRequest)
)
