package sns

import (
	"net/http"

	"github.com/awssim/awssim/internal/awserr"
)

// Error is the error type every operation returns for bad input or a
// refused request. Code is the code an AWS SDK reports from ErrorCode();
// StatusCode is the HTTP status AWS would send. Match a particular error
// with errors.Is and the sentinels below, or read it with errors.As.
type Error = awserr.Error

// Sentinels, one per AWS error code the simulator returns, named after the
// error shapes of the SNS API model.
var (
	// ErrInvalidParameter: a request parameter is missing, malformed or out
	// of range; the message names it, as AWS's does ("Invalid parameter:
	// Topic Name").
	ErrInvalidParameter = awserr.New("InvalidParameter", http.StatusBadRequest)
	// ErrInvalidParameterValue: a message attribute is malformed (AWS's
	// ParameterValueInvalid).
	ErrInvalidParameterValue = awserr.New("ParameterValueInvalid", http.StatusBadRequest)
	// ErrNotFound: the topic or subscription does not exist.
	ErrNotFound = awserr.New("NotFound", http.StatusNotFound)
	// ErrResourceNotFound: a tagging operation named a topic that does not
	// exist.
	ErrResourceNotFound = awserr.New("ResourceNotFound", http.StatusNotFound)
	// ErrAuthorizationError: the caller may not do this: an
	// unauthenticated unsubscribe (the UnsubscribeURL) of a subscription
	// confirmed with AuthenticateOnUnsubscribe.
	ErrAuthorizationError = awserr.New("AuthorizationError", http.StatusForbidden)
	// ErrFilterPolicyLimitExceeded: a topic would have more than 200
	// filter policies.
	ErrFilterPolicyLimitExceeded = awserr.New("FilterPolicyLimitExceeded", http.StatusForbidden)
	// ErrTagLimitExceeded: a topic would have more than 50 tags.
	ErrTagLimitExceeded = awserr.New("TagLimitExceeded", http.StatusBadRequest)
	// ErrTooManyEntriesInBatchRequest: PublishBatch has more than 10
	// entries.
	ErrTooManyEntriesInBatchRequest = awserr.New("TooManyEntriesInBatchRequest", http.StatusBadRequest)
	// ErrEmptyBatchRequest: PublishBatch has no entries.
	ErrEmptyBatchRequest = awserr.New("EmptyBatchRequest", http.StatusBadRequest)
	// ErrBatchEntryIdsNotDistinct: two PublishBatch entries share an Id.
	ErrBatchEntryIdsNotDistinct = awserr.New("BatchEntryIdsNotDistinct", http.StatusBadRequest)
	// ErrInvalidBatchEntryId: a PublishBatch entry Id is empty, longer than
	// 80 characters or has characters other than letters, digits, - and _.
	ErrInvalidBatchEntryId = awserr.New("InvalidBatchEntryId", http.StatusBadRequest)
	// ErrBatchRequestTooLong: the entries of a PublishBatch add up to more
	// than 262,144 bytes.
	ErrBatchRequestTooLong = awserr.New("BatchRequestTooLong", http.StatusBadRequest)
)
