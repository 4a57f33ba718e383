package sqs

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
// after the error shape of the SQS API model; its Code is the code the SDKs
// report (the awsQueryError code where the model has one).
var (
	// ErrQueueDoesNotExist: the queue URL or name names no queue (or a
	// deleted one).
	ErrQueueDoesNotExist = awserr.New("AWS.SimpleQueueService.NonExistentQueue", http.StatusBadRequest)
	// ErrQueueNameExists: CreateQueue named an existing queue and supplied
	// an attribute whose value differs from the queue's.
	ErrQueueNameExists = awserr.New("QueueAlreadyExists", http.StatusBadRequest)
	// ErrQueueDeletedRecently: CreateQueue reused the name of a queue
	// deleted less than 60 seconds before.
	ErrQueueDeletedRecently = awserr.New("AWS.SimpleQueueService.QueueDeletedRecently", http.StatusBadRequest)
	// ErrPurgeQueueInProgress: PurgeQueue was called again within 60
	// seconds of the last purge of the queue.
	ErrPurgeQueueInProgress = awserr.New("AWS.SimpleQueueService.PurgeQueueInProgress", http.StatusForbidden)
	// ErrMessageNotInflight: ChangeMessageVisibility named a FIFO message
	// that is no longer in flight.
	ErrMessageNotInflight = awserr.New("AWS.SimpleQueueService.MessageNotInflight", http.StatusBadRequest)
	// ErrReceiptHandleIsInvalid: the receipt handle is malformed or was not
	// issued by this queue.
	ErrReceiptHandleIsInvalid = awserr.New("ReceiptHandleIsInvalid", http.StatusNotFound)
	// ErrTooManyEntriesInBatchRequest: a batch has more than 10 entries.
	ErrTooManyEntriesInBatchRequest = awserr.New("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", http.StatusBadRequest)
	// ErrEmptyBatchRequest: a batch has no entries.
	ErrEmptyBatchRequest = awserr.New("AWS.SimpleQueueService.EmptyBatchRequest", http.StatusBadRequest)
	// ErrBatchEntryIdsNotDistinct: two entries of a batch share an Id.
	ErrBatchEntryIdsNotDistinct = awserr.New("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", http.StatusBadRequest)
	// ErrBatchRequestTooLong: the entries of a SendMessageBatch add up to
	// more than 1,048,576 bytes.
	ErrBatchRequestTooLong = awserr.New("AWS.SimpleQueueService.BatchRequestTooLong", http.StatusBadRequest)
	// ErrInvalidBatchEntryId: a batch entry Id is empty, longer than 80
	// characters or has characters other than letters, digits, - and _.
	ErrInvalidBatchEntryId = awserr.New("AWS.SimpleQueueService.InvalidBatchEntryId", http.StatusBadRequest)
	// ErrInvalidAttributeName: a queue attribute name is unknown, read-only,
	// or not valid for the queue's type.
	ErrInvalidAttributeName = awserr.New("InvalidAttributeName", http.StatusBadRequest)
	// ErrInvalidAttributeValue: a queue attribute value is out of range or
	// malformed.
	ErrInvalidAttributeValue = awserr.New("InvalidAttributeValue", http.StatusBadRequest)
	// ErrInvalidMessageContents: a message body has a character outside the
	// allowed Unicode ranges.
	ErrInvalidMessageContents = awserr.New("InvalidMessageContents", http.StatusBadRequest)
	// ErrOverLimit: a short-poll ReceiveMessage on a standard queue found
	// the in-flight limit reached.
	ErrOverLimit = awserr.New("OverLimit", http.StatusForbidden)
	// ErrAccessDenied: with cloud.WithPolicyEnforcement, a service
	// delivered to a queue whose Policy does not let it send (an SNS topic
	// the policy does not allow to sqs:SendMessage).
	ErrAccessDenied = awserr.New("AccessDenied", http.StatusForbidden)
	// ErrResourceNotFoundException: a message move task or its destination
	// does not exist.
	ErrResourceNotFoundException = awserr.New("ResourceNotFoundException", http.StatusNotFound)
	// ErrInvalidParameterValue: a parameter value is out of range or
	// malformed (the generic SQS validation error).
	ErrInvalidParameterValue = awserr.New("InvalidParameterValue", http.StatusBadRequest)
	// ErrMissingParameter: a required parameter is missing.
	ErrMissingParameter = awserr.New("MissingParameter", http.StatusBadRequest)
)
