package elb

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
// after the error shape of the Elastic Load Balancing v2 API model; its
// Code is the model's error code.
var (
	// ErrValidationError: a parameter is missing, out of range or
	// malformed (code ValidationError, as the query protocol reports
	// a request that fails the model's constraints).
	ErrValidationError = awserr.New("ValidationError", http.StatusBadRequest)
	// ErrLoadBalancerNotFoundException: an ARN or name names no load
	// balancer.
	ErrLoadBalancerNotFoundException = awserr.New("LoadBalancerNotFound", http.StatusBadRequest)
	// ErrDuplicateLoadBalancerNameException: CreateLoadBalancer named an
	// existing load balancer with different settings.
	ErrDuplicateLoadBalancerNameException = awserr.New("DuplicateLoadBalancerName", http.StatusBadRequest)
	// ErrTooManyLoadBalancersException: the account has MaxLoadBalancers.
	ErrTooManyLoadBalancersException = awserr.New("TooManyLoadBalancers", http.StatusBadRequest)
	// ErrTargetGroupNotFoundException: an ARN or name names no target
	// group.
	ErrTargetGroupNotFoundException = awserr.New("TargetGroupNotFound", http.StatusBadRequest)
	// ErrDuplicateTargetGroupNameException: CreateTargetGroup named an
	// existing target group with different settings.
	ErrDuplicateTargetGroupNameException = awserr.New("DuplicateTargetGroupName", http.StatusBadRequest)
	// ErrTooManyTargetGroupsException: the account has MaxTargetGroups,
	// or an action forwards to more than five.
	ErrTooManyTargetGroupsException = awserr.New("TooManyTargetGroups", http.StatusBadRequest)
	// ErrListenerNotFoundException: an ARN names no listener.
	ErrListenerNotFoundException = awserr.New("ListenerNotFound", http.StatusBadRequest)
	// ErrDuplicateListenerException: the load balancer has a listener on
	// the port already.
	ErrDuplicateListenerException = awserr.New("DuplicateListener", http.StatusBadRequest)
	// ErrTooManyListenersException: the load balancer has MaxListeners.
	ErrTooManyListenersException = awserr.New("TooManyListeners", http.StatusBadRequest)
	// ErrRuleNotFoundException: an ARN names no rule.
	ErrRuleNotFoundException = awserr.New("RuleNotFound", http.StatusBadRequest)
	// ErrPriorityInUseException: another rule of the listener has the
	// priority.
	ErrPriorityInUseException = awserr.New("PriorityInUse", http.StatusBadRequest)
	// ErrTooManyRulesException: the load balancer has MaxRules.
	ErrTooManyRulesException = awserr.New("TooManyRules", http.StatusBadRequest)
	// ErrTooManyTargetsException: a load balancer's target groups would
	// hold more than MaxTargets.
	ErrTooManyTargetsException = awserr.New("TooManyTargets", http.StatusBadRequest)
	// ErrInvalidTargetException: a target does not suit its target group
	// (an instance ID for an ip target group, a second Lambda function),
	// or DescribeTargetHealth named one not registered.
	ErrInvalidTargetException = awserr.New("InvalidTarget", http.StatusBadRequest)
	// ErrAccessDenied: with policy enforcement, RegisterTargets named a
	// Lambda function whose resource policy does not let the target group
	// invoke it. The model has no shape for it; AWS answers with the
	// query protocol's code AccessDenied, HTTP 403.
	ErrAccessDenied = awserr.New("AccessDenied", http.StatusForbidden)
	// ErrInvalidConfigurationRequestException: the settings contradict
	// each other or the resource (a health check timeout not below its
	// interval, an attribute that does not apply to the target group).
	ErrInvalidConfigurationRequestException = awserr.New("InvalidConfigurationRequest", http.StatusBadRequest)
	// ErrIncompatibleProtocolsException: an action forwards to a target
	// group whose protocol the listener cannot serve.
	ErrIncompatibleProtocolsException = awserr.New("IncompatibleProtocols", http.StatusBadRequest)
	// ErrUnsupportedProtocolException: the protocol is not one of the
	// load balancer's type.
	ErrUnsupportedProtocolException = awserr.New("UnsupportedProtocol", http.StatusBadRequest)
	// ErrInvalidLoadBalancerActionException: an action is malformed or
	// does not suit its listener.
	ErrInvalidLoadBalancerActionException = awserr.New("InvalidLoadBalancerAction", http.StatusBadRequest)
	// ErrTargetGroupAssociationLimitException: an action forwards to a
	// target group that another load balancer uses: a target group
	// serves one load balancer.
	ErrTargetGroupAssociationLimitException = awserr.New("TargetGroupAssociationLimit", http.StatusBadRequest)
	// ErrResourceInUseException: DeleteTargetGroup named a target group
	// that a listener or rule forwards to.
	ErrResourceInUseException = awserr.New("ResourceInUse", http.StatusBadRequest)
	// ErrOperationNotPermittedException: the load balancer has deletion
	// protection, or the operation would change a default rule.
	ErrOperationNotPermittedException = awserr.New("OperationNotPermitted", http.StatusBadRequest)
	// ErrTooManyTagsException: a resource would have more than MaxTags.
	ErrTooManyTagsException = awserr.New("TooManyTags", http.StatusBadRequest)
	// ErrDuplicateTagKeysException: a tag key appears twice in one call.
	ErrDuplicateTagKeysException = awserr.New("DuplicateTagKeys", http.StatusBadRequest)
)
