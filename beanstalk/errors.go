package beanstalk

import (
	"net/http"

	"github.com/awssim/awssim/internal/awserr"
)

// Error is the error type every operation returns for bad input or a
// refused request. Code is the code an AWS SDK reports from ErrorCode();
// StatusCode is the HTTP status AWS would send. Match a particular error
// with errors.Is and the sentinels below, or read it with errors.As.
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
	// ErrOperationInProgress: the resource is busy with another
	// operation (an application version in use by an environment).
	ErrOperationInProgress = awserr.New("OperationInProgressFailure", http.StatusBadRequest)
)
