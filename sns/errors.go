package sns

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

// Sentinels, one per AWS error code the simulator returns. Each is named
// Err and the error type aws-sdk-go-v2 gives that code in sns/types
// (NotFoundException for code NotFound), and matches, with errors.Is, every
// error of its code whatever the message. The comment of each gives the
// code, as Error.Code and the SDK's ErrorCode() report it, and when the
// simulator returns it.
var (
	// ErrInvalidParameterException, code InvalidParameter: a request
	// parameter is missing, malformed or out of range; the message names
	// it, as AWS's does ("Invalid parameter: Topic Name").
	ErrInvalidParameterException = awserr.New("InvalidParameter", http.StatusBadRequest)
	// ErrInvalidParameterValueException, code ParameterValueInvalid: a
	// message attribute is malformed.
	ErrInvalidParameterValueException = awserr.New("ParameterValueInvalid", http.StatusBadRequest)
	// ErrNotFoundException, code NotFound: the topic or subscription does
	// not exist.
	ErrNotFoundException = awserr.New("NotFound", http.StatusNotFound)
	// ErrResourceNotFoundException, code ResourceNotFound: a tagging
	// operation named a topic that does not exist.
	ErrResourceNotFoundException = awserr.New("ResourceNotFound", http.StatusNotFound)
	// ErrAuthorizationErrorException, code AuthorizationError: the caller
	// may not do this: an unauthenticated unsubscribe (the UnsubscribeURL)
	// of a subscription confirmed with AuthenticateOnUnsubscribe, or a
	// delivery into a topic whose access policy does not let the sender
	// publish (see "Permissions" in the package documentation).
	ErrAuthorizationErrorException = awserr.New("AuthorizationError", http.StatusForbidden)
	// ErrFilterPolicyLimitExceededException, code
	// FilterPolicyLimitExceeded: a topic would have more than 200 filter
	// policies.
	ErrFilterPolicyLimitExceededException = awserr.New("FilterPolicyLimitExceeded", http.StatusForbidden)
	// ErrTagLimitExceededException, code TagLimitExceeded: a topic would
	// have more than 50 tags.
	ErrTagLimitExceededException = awserr.New("TagLimitExceeded", http.StatusBadRequest)
	// ErrTooManyEntriesInBatchRequestException, code
	// TooManyEntriesInBatchRequest: PublishBatch has more than 10 entries.
	ErrTooManyEntriesInBatchRequestException = awserr.New("TooManyEntriesInBatchRequest", http.StatusBadRequest)
	// ErrEmptyBatchRequestException, code EmptyBatchRequest: PublishBatch
	// has no entries.
	ErrEmptyBatchRequestException = awserr.New("EmptyBatchRequest", http.StatusBadRequest)
	// ErrBatchEntryIdsNotDistinctException, code BatchEntryIdsNotDistinct:
	// two PublishBatch entries share an Id.
	ErrBatchEntryIdsNotDistinctException = awserr.New("BatchEntryIdsNotDistinct", http.StatusBadRequest)
	// ErrInvalidBatchEntryIdException, code InvalidBatchEntryId: a
	// PublishBatch entry Id is empty, longer than 80 characters or has
	// characters other than letters, digits, - and _.
	ErrInvalidBatchEntryIdException = awserr.New("InvalidBatchEntryId", http.StatusBadRequest)
	// ErrBatchRequestTooLongException, code BatchRequestTooLong: the
	// entries of a PublishBatch add up to more than 262,144 bytes.
	ErrBatchRequestTooLongException = awserr.New("BatchRequestTooLong", http.StatusBadRequest)
)
