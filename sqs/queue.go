package sqs

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// lookup returns the queue at url brought up to the current time.
func (s *Service) lookup(url string) (*queue, time.Time, error) {
	q := s.queues[url]
	if q == nil {
		if url == "" {
			return nil, time.Time{}, ErrMissingParameter.With("The request must contain the parameter QueueUrl.")
		}
		return nil, time.Time{}, ErrQueueDoesNotExist.With("The specified queue does not exist.")
	}
	return s.bringUp(q)
}

// lookupARN returns the queue with that ARN brought up to the current
// time, as lookup does by URL.
func (s *Service) lookupARN(arn string) (*queue, time.Time, error) {
	q := s.byARN[arn]
	if q == nil {
		return nil, time.Time{}, ErrQueueDoesNotExist.With("The specified queue does not exist.")
	}
	return s.bringUp(q)
}

// bringUp brings q, just looked up, to the current time, and marks it for
// its waiters to be served when the lock is released.
func (s *Service) bringUp(q *queue) (*queue, time.Time, error) {
	now := s.sched.Now()
	s.advance(q, now)
	s.touch(q)
	return q, now, nil
}

// queueURL and queueARN build the identifiers AWS gives a queue.
func (s *Service) queueURL(name string) string {
	return "https://sqs." + s.region + ".amazonaws.com/" + s.accountID + "/" + name
}

func (s *Service) queueARN(name string) string {
	return arn.Queue{Region: s.region, AccountID: s.accountID, Name: name}.String()
}

// CreateQueueInput is the input of [Service.CreateQueue].
type CreateQueueInput struct {
	// QueueName is 1 to 80 letters, digits, hyphens and underscores; a
	// FIFO queue's name ends in ".fifo". Required.
	QueueName string
	// Attributes sets queue attributes by name (see the Attribute…
	// constants). A FIFO queue needs FifoQueue "true".
	Attributes map[string]string
	// Tags are cost-allocation tags for the new queue.
	Tags map[string]string
}

// CreateQueueOutput is the output of [Service.CreateQueue].
type CreateQueueOutput struct {
	QueueUrl string
}

// CreateQueue creates a queue, or returns the URL of the existing queue of
// that name when every attribute supplied has the value the queue has.
//
// Errors: [ErrQueueNameExists] when a supplied attribute differs,
// [ErrQueueDeletedRecently] within 60 seconds of deleting a queue of the
// name, [ErrInvalidParameterValue] for a bad name or a bad
// RedrivePolicy, [ErrInvalidAttributeName], [ErrInvalidAttributeValue].
func (s *Service) CreateQueue(ctx context.Context, in *CreateQueueInput) (*CreateQueueOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	fifo := false
	if v, ok := in.Attributes[AttributeFifoQueue]; ok {
		b, err := parseBool(AttributeFifoQueue, v)
		if err != nil {
			return nil, err
		}
		if !b {
			return nil, ErrInvalidAttributeName.With("Unknown Attribute FifoQueue.")
		}
		fifo = true
	}
	if err := validQueueName(in.QueueName, fifo); err != nil {
		return nil, err
	}
	cfg, err := defaultConfig(fifo).apply(in.Attributes, fifo)
	if err != nil {
		return nil, err
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.unlockAndDeliver()
	now := s.sched.Now()
	url := s.queueURL(in.QueueName)
	if q := s.queues[url]; q != nil {
		if q.fifo != fifo {
			return nil, ErrQueueNameExists.With("A queue already exists with the same name and a different value for attribute FifoQueue")
		}
		if name, ok := q.cfg.differs(in.Attributes, fifo); ok {
			return nil, ErrQueueNameExists.With("A queue already exists with the same name and a different value for attribute %s", name)
		}
		return &CreateQueueOutput{QueueUrl: url}, nil
	}
	if at, ok := s.deleted[url]; ok && now.Sub(at) < PurgeInterval {
		return nil, ErrQueueDeletedRecently.With("You must wait 60 seconds after deleting a queue before you can create another with the same name.")
	}
	arn := s.queueARN(in.QueueName)
	if err := s.checkRedrive(arn, fifo, cfg.redrive); err != nil {
		return nil, err
	}
	delete(s.deleted, url)
	s.nextQueueID++
	q := newQueue(s.nextQueueID, in.QueueName, url, arn, fifo, cfg, s.epoch, now)
	if len(in.Tags) > 0 {
		q.tags = make(map[string]string, len(in.Tags))
		for k, v := range in.Tags {
			q.tags[k] = v
		}
	}
	s.queues[url] = q
	s.byARN[arn] = q
	s.record(now, EventQueueCreated, q, nil, "")
	return &CreateQueueOutput{QueueUrl: url}, nil
}

// GetQueueUrlInput is the input of [Service.GetQueueUrl].
type GetQueueUrlInput struct {
	QueueName string
	// QueueOwnerAWSAccountId, when set, must be the service's account.
	QueueOwnerAWSAccountId string
}

// GetQueueUrlOutput is the output of [Service.GetQueueUrl].
type GetQueueUrlOutput struct {
	QueueUrl string
}

// GetQueueUrl returns the URL of the queue of that name, or
// [ErrQueueDoesNotExist].
func (s *Service) GetQueueUrl(ctx context.Context, in *GetQueueUrlInput) (*GetQueueUrlOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.QueueName == "" {
		return nil, ErrMissingParameter.With("The request must contain the parameter QueueName.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	url := s.queueURL(in.QueueName)
	if s.queues[url] == nil || (in.QueueOwnerAWSAccountId != "" && in.QueueOwnerAWSAccountId != s.accountID) {
		return nil, ErrQueueDoesNotExist.With("The specified queue does not exist.")
	}
	return &GetQueueUrlOutput{QueueUrl: url}, nil
}

// ListQueuesInput is the input of [Service.ListQueues].
type ListQueuesInput struct {
	// QueueNamePrefix, case-sensitive, filters the queues by name.
	QueueNamePrefix string
	// MaxResults, 1 to 1,000, pages the result; zero lists up to 1,000
	// queues without a NextToken.
	MaxResults int
	// NextToken continues a paged listing.
	NextToken string
}

// ListQueuesOutput is the output of [Service.ListQueues].
type ListQueuesOutput struct {
	QueueUrls []string
	// NextToken is set when MaxResults was given and more queues follow.
	NextToken string
}

// ListQueues lists queue URLs in name order. Errors:
// [ErrInvalidParameterValue] for MaxResults out of range or a bad
// NextToken.
func (s *Service) ListQueues(ctx context.Context, in *ListQueuesInput) (*ListQueuesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for _, q := range s.queues {
		if strings.HasPrefix(q.name, in.QueueNamePrefix) {
			names = append(names, q.name)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListQueuesOutput{NextToken: next}
	for _, name := range page {
		out.QueueUrls = append(out.QueueUrls, s.queueURL(name))
	}
	return out, nil
}

// paginate returns the page of sorted names that starts after the token,
// with the token of the next page. A max of zero returns up to 1,000 names
// and no token.
func paginate(names []string, max int, token string) ([]string, string, error) {
	if max < 0 || max > 1000 {
		return nil, "", ErrInvalidParameterValue.With("Value %d for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", max)
	}
	start := 0
	if token != "" {
		after, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", ErrInvalidParameterValue.With("Invalid NextToken value.")
		}
		start, _ = slices.BinarySearch(names, string(after)+"\x00")
	}
	names = names[start:]
	limit := max
	if limit == 0 {
		limit = 1000
	}
	if len(names) <= limit {
		return names, "", nil
	}
	names = names[:limit]
	if max == 0 {
		return names, "", nil
	}
	return names, base64.RawURLEncoding.EncodeToString([]byte(names[len(names)-1])), nil
}

// DeleteQueueInput is the input of [Service.DeleteQueue].
type DeleteQueueInput struct {
	QueueUrl string
}

// DeleteQueueOutput is the output of [Service.DeleteQueue].
type DeleteQueueOutput struct{}

// DeleteQueue deletes a queue and every message on it. Long polls waiting
// on it end with [ErrQueueDoesNotExist]. Its name can be used again 60
// seconds later. Errors: [ErrQueueDoesNotExist].
func (s *Service) DeleteQueue(ctx context.Context, in *DeleteQueueInput) (*DeleteQueueOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	s.clear(q, GoneQueueDeleted, now)
	q.deleted = true
	delete(s.queues, q.url)
	delete(s.byARN, q.arn)
	s.deleted[q.url] = now
	for url, at := range s.deleted {
		if now.Sub(at) >= PurgeInterval {
			delete(s.deleted, url)
		}
	}
	s.touch(q) // its waiters end and its wake-up is cancelled
	s.record(now, EventQueueDeleted, q, nil, "")
	return &DeleteQueueOutput{}, nil
}

// GetQueueAttributesInput is the input of [Service.GetQueueAttributes].
type GetQueueAttributesInput struct {
	QueueUrl string
	// AttributeNames lists the attributes to return, or "All". With none,
	// nothing is returned.
	AttributeNames []string
}

// GetQueueAttributesOutput is the output of [Service.GetQueueAttributes].
type GetQueueAttributesOutput struct {
	Attributes map[string]string
}

var readOnlyAttributes = []string{
	AttributeApproximateNumberOfMessages, AttributeApproximateNumberOfMessagesDelayed,
	AttributeApproximateNumberOfMessagesNotVisible, AttributeCreatedTimestamp,
	AttributeLastModifiedTimestamp, AttributeQueueArn,
}

// GetQueueAttributes returns queue attributes. The Approximate… counters
// are exact at the current time of the clock. "All" returns FIFO-only
// attributes for FIFO queues only.
//
// Errors: [ErrQueueDoesNotExist], [ErrInvalidAttributeName] for an
// unknown name, or a FIFO-only one asked of a standard queue.
func (s *Service) GetQueueAttributes(ctx context.Context, in *GetQueueAttributesInput) (*GetQueueAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	for _, name := range in.AttributeNames {
		if _, ok := settable[name]; !ok && name != AttributeAll && !slices.Contains(readOnlyAttributes, name) {
			return nil, ErrInvalidAttributeName.With("Unknown Attribute %s.", name)
		}
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	names := in.AttributeNames
	for _, name := range names {
		if fifoOnly := settable[name]; fifoOnly && !q.fifo {
			return nil, ErrInvalidAttributeName.With("Unknown Attribute %s.", name)
		}
	}
	out := &GetQueueAttributesOutput{Attributes: map[string]string{}}
	if slices.Contains(names, AttributeAll) {
		names = append(sortedKeys(settable), readOnlyAttributes...)
	}
	for _, name := range names {
		if v, ok := q.attribute(name); ok {
			out.Attributes[name] = v
		}
	}
	return out, nil
}

// attribute returns the wire value of any attribute of q.
func (q *queue) attribute(name string) (string, bool) {
	itoa := strconv.Itoa
	switch name {
	case AttributeQueueArn:
		return q.arn, true
	case AttributeCreatedTimestamp:
		return itoa(int(q.created.Unix())), true
	case AttributeLastModifiedTimestamp:
		return itoa(int(q.modified.Unix())), true
	case AttributeApproximateNumberOfMessages:
		return itoa(q.nVisible), true
	case AttributeApproximateNumberOfMessagesNotVisible:
		return itoa(q.nInFlight), true
	case AttributeApproximateNumberOfMessagesDelayed:
		return itoa(q.nDelayed), true
	}
	return q.cfg.get(name, q.fifo)
}

// SetQueueAttributesInput is the input of [Service.SetQueueAttributes].
type SetQueueAttributesInput struct {
	QueueUrl   string
	Attributes map[string]string
}

// SetQueueAttributesOutput is the output of [Service.SetQueueAttributes].
type SetQueueAttributesOutput struct{}

// SetQueueAttributes changes queue attributes, all or none. Changes apply
// at once (AWS takes up to a minute, fifteen for the retention period). A
// new DelaySeconds applies to messages already on a FIFO queue, not to those
// on a standard queue.
//
// Errors: [ErrQueueDoesNotExist], [ErrInvalidAttributeName],
// [ErrInvalidAttributeValue], [ErrInvalidParameterValue] for a bad
// RedrivePolicy or RedriveAllowPolicy.
func (s *Service) SetQueueAttributes(ctx context.Context, in *SetQueueAttributesInput) (*SetQueueAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	cfg, err := q.cfg.apply(in.Attributes, q.fifo)
	if err != nil {
		return nil, err
	}
	if _, ok := in.Attributes[AttributeRedrivePolicy]; ok {
		if err := s.checkRedrive(q.arn, q.fifo, cfg.redrive); err != nil {
			return nil, err
		}
	}
	oldDelay := q.cfg.delay
	q.cfg = cfg
	q.modified = now
	if q.fifo && cfg.delay != oldDelay {
		q.redelay(now)
	}
	s.advance(q, now) // a shorter retention period takes effect now
	return &SetQueueAttributesOutput{}, nil
}

// TagQueueInput is the input of [Service.TagQueue].
type TagQueueInput struct {
	QueueUrl string
	Tags     map[string]string
}

// TagQueueOutput is the output of [Service.TagQueue].
type TagQueueOutput struct{}

// MaxTags is the number of tags a queue may have.
const MaxTags = 50

// TagQueue adds tags to a queue, overwriting the values of keys it has.
// Keys are 1 to 128 characters, values up to 256, and a queue has at most
// 50 tags. Errors: [ErrQueueDoesNotExist], [ErrInvalidParameterValue].
func (s *Service) TagQueue(ctx context.Context, in *TagQueueInput) (*TagQueueOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, ErrMissingParameter.With("The request must contain the parameter Tags.")
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	n := len(q.tags)
	for k := range in.Tags {
		if _, ok := q.tags[k]; !ok {
			n++
		}
	}
	if n > MaxTags {
		return nil, ErrInvalidParameterValue.With("Too many tags added for queue %s.", q.name)
	}
	if q.tags == nil {
		q.tags = make(map[string]string, len(in.Tags))
	}
	for k, v := range in.Tags {
		q.tags[k] = v
	}
	return &TagQueueOutput{}, nil
}

func validTags(tags map[string]string) error {
	if len(tags) > MaxTags {
		return ErrInvalidParameterValue.With("Too many tags: %d (the limit is %d).", len(tags), MaxTags)
	}
	for _, k := range sortedKeys(tags) {
		if k == "" || len(k) > 128 {
			return ErrInvalidParameterValue.With("Tag key %q must be 1 to 128 characters long.", k)
		}
		if len(tags[k]) > 256 {
			return ErrInvalidParameterValue.With("Tag value of key %q must be at most 256 characters long.", k)
		}
	}
	return nil
}

// UntagQueueInput is the input of [Service.UntagQueue].
type UntagQueueInput struct {
	QueueUrl string
	TagKeys  []string
}

// UntagQueueOutput is the output of [Service.UntagQueue].
type UntagQueueOutput struct{}

// UntagQueue removes tags from a queue; a key it lacks is ignored. Errors:
// [ErrQueueDoesNotExist].
func (s *Service) UntagQueue(ctx context.Context, in *UntagQueueInput) (*UntagQueueOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(q.tags, k)
	}
	return &UntagQueueOutput{}, nil
}

// ListQueueTagsInput is the input of [Service.ListQueueTags].
type ListQueueTagsInput struct {
	QueueUrl string
}

// ListQueueTagsOutput is the output of [Service.ListQueueTags]. Tags is
// nil for a queue without tags.
type ListQueueTagsOutput struct {
	Tags map[string]string
}

// ListQueueTags returns the tags of a queue. Errors: [ErrQueueDoesNotExist].
func (s *Service) ListQueueTags(ctx context.Context, in *ListQueueTagsInput) (*ListQueueTagsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, _, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	out := &ListQueueTagsOutput{}
	if len(q.tags) > 0 {
		out.Tags = make(map[string]string, len(q.tags))
		for k, v := range q.tags {
			out.Tags[k] = v
		}
	}
	return out, nil
}

// PurgeQueueInput is the input of [Service.PurgeQueue].
type PurgeQueueInput struct {
	QueueUrl string
}

// PurgeQueueOutput is the output of [Service.PurgeQueue].
type PurgeQueueOutput struct{}

// PurgeQueue deletes every message on a queue, in flight and delayed ones
// included, and clears a FIFO queue's deduplication IDs. It takes effect at
// once (AWS takes up to 60 seconds). Errors: [ErrQueueDoesNotExist], and
// [ErrPurgeQueueInProgress] within 60 seconds of the last purge.
func (s *Service) PurgeQueue(ctx context.Context, in *PurgeQueueInput) (*PurgeQueueOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlockAndDeliver()
	q, now, err := s.lookup(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if !q.lastPurge.IsZero() && now.Sub(q.lastPurge) < PurgeInterval {
		return nil, ErrPurgeQueueInProgress.With("Only one PurgeQueue operation on %s is allowed every 60 seconds.", q.name)
	}
	q.lastPurge = now
	s.clear(q, GonePurged, now)
	if q.fifo {
		clear(q.dedup)
		q.dedupOrder = nil
		clear(q.attempts)
		q.attemptList = nil
	}
	s.record(now, EventQueuePurged, q, nil, "")
	return &PurgeQueueOutput{}, nil
}
