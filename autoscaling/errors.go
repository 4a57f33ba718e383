package autoscaling

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

// Sentinels, one per AWS error code the simulator returns. The Auto
// Scaling ones are named after the error shapes of the Auto Scaling API
// model; the launch template ones are Amazon EC2's codes, since launch
// templates are an EC2 resource.
var (
	// ErrValidationError: an input is missing, malformed or out of
	// range, or names a group, policy, hook or instance that does not
	// exist (Auto Scaling reports unknown names this way).
	ErrValidationError = awserr.New("ValidationError", http.StatusBadRequest)
	// ErrAlreadyExistsFault: a group, lifecycle hook or launch
	// configuration of that name exists.
	ErrAlreadyExistsFault = awserr.New("AlreadyExists", http.StatusBadRequest)
	// ErrLimitExceededFault: a quota would be exceeded (groups per
	// region, policies or hooks per group).
	ErrLimitExceededFault = awserr.New("LimitExceeded", http.StatusBadRequest)
	// ErrResourceInUseFault: DeleteAutoScalingGroup without ForceDelete
	// on a group that still has instances.
	ErrResourceInUseFault = awserr.New("ResourceInUse", http.StatusBadRequest)
	// ErrScalingActivityInProgressFault: a scaling activity is in
	// progress (DeleteAutoScalingGroup without ForceDelete), or the group
	// is in its cooldown and the call asked to honor it.
	ErrScalingActivityInProgressFault = awserr.New("ScalingActivityInProgress", http.StatusBadRequest)
	// ErrInstanceRefreshInProgressFault: StartInstanceRefresh on a group
	// whose last refresh is still active.
	ErrInstanceRefreshInProgressFault = awserr.New("InstanceRefreshInProgress", http.StatusBadRequest)
	// ErrActiveInstanceRefreshNotFoundFault: CancelInstanceRefresh on a
	// group with no active refresh.
	ErrActiveInstanceRefreshNotFoundFault = awserr.New("ActiveInstanceRefreshNotFound", http.StatusBadRequest)

	// ErrLaunchTemplateNameAlreadyExists: CreateLaunchTemplate named an
	// existing launch template.
	ErrLaunchTemplateNameAlreadyExists = awserr.New("InvalidLaunchTemplateName.AlreadyExistsException", http.StatusBadRequest)
	// ErrLaunchTemplateNameNotFound: no launch template has that name.
	ErrLaunchTemplateNameNotFound = awserr.New("InvalidLaunchTemplateName.NotFoundException", http.StatusBadRequest)
	// ErrLaunchTemplateIdNotFound: no launch template has that ID.
	ErrLaunchTemplateIdNotFound = awserr.New("InvalidLaunchTemplateId.NotFound", http.StatusBadRequest)
	// ErrLaunchTemplateVersionNotFound: the launch template has no such
	// version.
	ErrLaunchTemplateVersionNotFound = awserr.New("InvalidLaunchTemplateId.VersionNotFound", http.StatusBadRequest)
	// ErrInvalidLaunchTemplateVersion: a version is neither a number,
	// $Latest nor $Default.
	ErrInvalidLaunchTemplateVersion = awserr.New("InvalidLaunchTemplateId.Malformed", http.StatusBadRequest)
	// ErrEC2InvalidParameterValue: launch template data EC2 refuses (an
	// instance type the simulator does not know).
	ErrEC2InvalidParameterValue = awserr.New("InvalidParameterValue", http.StatusBadRequest)
)
