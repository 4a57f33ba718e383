package sns

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Names of topic attributes, for CreateTopic, GetTopicAttributes and
// SetTopicAttributes.
const (
	TopicAttributeDeliveryPolicy            = "DeliveryPolicy"
	TopicAttributeDisplayName               = "DisplayName"
	TopicAttributePolicy                    = "Policy"
	TopicAttributeSignatureVersion          = "SignatureVersion"
	TopicAttributeTracingConfig             = "TracingConfig"
	TopicAttributeKmsMasterKeyId            = "KmsMasterKeyId"
	TopicAttributeFifoTopic                 = "FifoTopic"
	TopicAttributeContentBasedDeduplication = "ContentBasedDeduplication"
	TopicAttributeFifoThroughputScope       = "FifoThroughputScope"
	TopicAttributeArchivePolicy             = "ArchivePolicy"
	TopicAttributeDataProtectionPolicy      = "DataProtectionPolicy"
	// Read-only attributes.
	TopicAttributeTopicArn                = "TopicArn"
	TopicAttributeOwner                   = "Owner"
	TopicAttributeSubscriptionsConfirmed  = "SubscriptionsConfirmed"
	TopicAttributeSubscriptionsPending    = "SubscriptionsPending"
	TopicAttributeSubscriptionsDeleted    = "SubscriptionsDeleted"
	TopicAttributeEffectiveDeliveryPolicy = "EffectiveDeliveryPolicy"
)

// topic is one SNS topic.
type topic struct {
	// counts are the topic's totals for its metrics, collected what
	// they were when last collected (see metrics.go).
	counts, collected topicCounts
	arn               string
	name              string
	seq               uint64 // creation order, for listing
	fifo              bool
	// attrs holds the settable attributes that were set, by AWS name;
	// the ones below are their parsed forms.
	attrs          map[string]string
	delivery       *topicDeliveryPolicy
	signatureV2    bool
	contentDedup   bool
	groupDedup     bool // FifoThroughputScope MessageGroup
	tags           map[string]string
	subs           []*subscription // live subscriptions, in creation order
	filterPolicies int             // live subscriptions with a filter policy
	confirmed      int
	pending        int
	deleted        int
	nextSequence   uint64                   // FIFO sequence numbers
	dedup          map[dedupKey]dedupRecord // FIFO deduplication IDs
	dedupOrder     []dedupKey               // in the order they expire
	// outgoing are a FIFO topic's deliveries whose first attempt is still
	// to be made, in sequence order; draining is set while a caller makes
	// them (see Service.drain).
	outgoing []*delivery
	draining bool
}

// Tag is a key-value pair attached to a topic.
type Tag struct {
	Key   string
	Value string
}

// CreateTopicInput is the input of [Service.CreateTopic].
type CreateTopicInput struct {
	// Name is 1 to 256 letters, digits, hyphens and underscores; a FIFO
	// topic's name ends in ".fifo". Required.
	Name string
	// Attributes are topic attributes by name (TopicAttribute…); FifoTopic
	// "true" makes a FIFO topic.
	Attributes map[string]string
	// Tags are attached to the topic.
	Tags []Tag
	// DataProtectionPolicy is stored and returned, not enforced.
	DataProtectionPolicy string
}

// CreateTopicOutput is the output of [Service.CreateTopic].
type CreateTopicOutput struct {
	TopicArn string
}

// CreateTopic creates a topic, or returns the ARN of the topic of that name
// when it exists and the request asks for no different attributes or tags
// (InvalidParameter otherwise).
func (s *Service) CreateTopic(ctx context.Context, in *CreateTopicInput) (*CreateTopicOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	fifo := in.Attributes[TopicAttributeFifoTopic] == "true"
	if !validTopicName(in.Name, fifo) {
		return nil, ErrInvalidParameterException.With("Invalid parameter: Topic Name")
	}
	if v, ok := in.Attributes[TopicAttributeFifoTopic]; ok && v != "true" && v != "false" {
		return nil, ErrInvalidParameterException.With("Invalid parameter: Attributes Reason: FifoTopic: Invalid value [%s]. Must be true or false.", v)
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	attrs := maps.Clone(in.Attributes)
	delete(attrs, TopicAttributeFifoTopic)
	if in.DataProtectionPolicy != "" {
		if attrs == nil {
			attrs = make(map[string]string)
		}
		attrs[TopicAttributeDataProtectionPolicy] = in.DataProtectionPolicy
	}
	topicARN := s.topicARN(in.Name).String()

	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.topics[topicARN]; t != nil {
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			if t.attribute(name) != attrs[name] {
				return nil, ErrInvalidParameterException.With("Invalid parameter: Attributes Reason: Topic already exists with different attributes")
			}
		}
		for _, tag := range in.Tags {
			if v, ok := t.tags[tag.Key]; !ok || v != tag.Value {
				return nil, ErrInvalidParameterException.With("Invalid parameter: Tags Reason: Topic already exists with different tags")
			}
		}
		return &CreateTopicOutput{TopicArn: topicARN}, nil
	}
	t := &topic{arn: topicARN, name: in.Name, fifo: fifo, attrs: make(map[string]string), tags: make(map[string]string)}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if err := t.setAttribute(name, attrs[name], "Invalid parameter: Attributes Reason: "); err != nil {
			return nil, err
		}
	}
	for _, tag := range in.Tags {
		t.tags[tag.Key] = tag.Value
	}
	s.nextSeq++
	t.seq = s.nextSeq
	s.topics[topicARN] = t
	s.topicList = append(s.topicList, t)
	return &CreateTopicOutput{TopicArn: topicARN}, nil
}

// attribute is the value of a settable attribute, its default when unset,
// for comparing a repeated CreateTopic's attributes with the topic's.
func (t *topic) attribute(name string) string {
	if v, ok := t.attrs[name]; ok {
		return v
	}
	switch name {
	case TopicAttributeContentBasedDeduplication:
		if t.fifo {
			return "false"
		}
	case TopicAttributeFifoThroughputScope:
		if t.fifo {
			return "Topic"
		}
	case TopicAttributeSignatureVersion:
		return "1"
	case TopicAttributeTracingConfig:
		return "PassThrough"
	}
	return ""
}

// validTopicName reports whether name is a valid topic name for a standard
// topic, or with fifo for a FIFO topic.
func validTopicName(name string, fifo bool) bool {
	base, isFifo := strings.CutSuffix(name, ".fifo")
	if isFifo != fifo || base == "" || len(name) > MaxTopicNameLength {
		return false
	}
	for i := 0; i < len(base); i++ {
		if c := base[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// setAttribute validates and sets one settable attribute; prefix begins
// the error message ("Invalid parameter: Attributes Reason: " on create,
// "Invalid parameter: " on set).
func (t *topic) setAttribute(name, value, prefix string) error {
	invalid := func(reason string) error {
		return ErrInvalidParameterException.With("%s%s", prefix, reason)
	}
	switch name {
	case TopicAttributeDisplayName:
		if len(value) > 100 {
			return invalid("DisplayName: must be at most 100 characters")
		}
	case TopicAttributePolicy, TopicAttributeDataProtectionPolicy, TopicAttributeArchivePolicy:
		var doc map[string]any
		if err := json.Unmarshal([]byte(value), &doc); err != nil {
			return invalid(name + ": failed to parse JSON")
		}
		if name == TopicAttributeArchivePolicy && !t.fifo {
			return invalid("ArchivePolicy: only FIFO topics can have an archive policy")
		}
	case TopicAttributeDeliveryPolicy:
		p, err := parseTopicDeliveryPolicy(value)
		if err != nil {
			return invalid("DeliveryPolicy: " + err.Error())
		}
		t.delivery = p
	case TopicAttributeSignatureVersion:
		if value != "1" && value != "2" {
			return invalid("SignatureVersion: Invalid value [" + value + "]. Must be 1 or 2.")
		}
		t.signatureV2 = value == "2"
	case TopicAttributeTracingConfig:
		if value != "PassThrough" && value != "Active" {
			return invalid("TracingConfig: Invalid value [" + value + "]. Must be PassThrough or Active.")
		}
		if value == "Active" && t.fifo {
			return invalid("TracingConfig: Active tracing is only supported on standard topics")
		}
	case TopicAttributeKmsMasterKeyId:
	case TopicAttributeContentBasedDeduplication:
		if !t.fifo {
			return invalid("ContentBasedDeduplication: Content-based deduplication can only be set for FIFO topics")
		}
		if value != "true" && value != "false" {
			return invalid("ContentBasedDeduplication: Invalid value [" + value + "]. Must be true or false.")
		}
		t.contentDedup = value == "true"
	case TopicAttributeFifoThroughputScope:
		if !t.fifo {
			return invalid("FifoThroughputScope: only FIFO topics have a throughput scope")
		}
		if value != "Topic" && value != "MessageGroup" {
			return invalid("FifoThroughputScope: Invalid value [" + value + "]. Please use either Topic or MessageGroup")
		}
		t.groupDedup = value == "MessageGroup"
	default:
		if !isFeedbackAttribute(name) {
			return invalid("AttributeName")
		}
		if strings.HasSuffix(name, "SampleRate") {
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > 100 {
				return invalid(name + ": must be an integer from 0 to 100")
			}
		}
	}
	t.attrs[name] = value
	return nil
}

// isFeedbackAttribute reports whether name is one of the delivery status
// logging attributes (<Protocol>SuccessFeedbackRoleArn,
// <Protocol>SuccessFeedbackSampleRate, <Protocol>FailureFeedbackRoleArn),
// which the simulator stores and does not act on.
func isFeedbackAttribute(name string) bool {
	for _, proto := range []string{"HTTP", "Firehose", "Lambda", "Application", "SQS"} {
		if rest, ok := strings.CutPrefix(name, proto); ok {
			switch rest {
			case "SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn":
				return true
			}
		}
	}
	return false
}

// validTags checks tags against AWS's limits: keys of 1 to 128
// characters, values of at most 256, at most MaxTags of them.
func validTags(tags []Tag) error {
	if len(tags) > MaxTags {
		return ErrTagLimitExceededException.With("Could not complete request: tag quota of per resource exceeded")
	}
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if t.Key == "" || len(t.Key) > 128 || len(t.Value) > 256 {
			return ErrInvalidParameterException.With("Invalid parameter: Tags Reason: a tag key must have 1 to 128 characters and a value at most 256")
		}
		if seen[t.Key] {
			return ErrInvalidParameterException.With("Invalid parameter: Duplicated keys are not allowed.")
		}
		seen[t.Key] = true
	}
	return nil
}

// DeleteTopicInput is the input of [Service.DeleteTopic].
type DeleteTopicInput struct {
	TopicArn string
}

// DeleteTopicOutput is the output of [Service.DeleteTopic].
type DeleteTopicOutput struct{}

// DeleteTopic deletes a topic and all its subscriptions; deliveries still
// being retried stop. Deleting a topic that does not exist succeeds.
func (s *Service) DeleteTopic(ctx context.Context, in *DeleteTopicInput) (*DeleteTopicOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.topics[in.TopicArn]
	if t == nil {
		return &DeleteTopicOutput{}, nil
	}
	for _, sub := range slices.Clone(t.subs) {
		s.removeSubscription(sub)
	}
	delete(s.topics, t.arn)
	s.topicList = slices.DeleteFunc(s.topicList, func(x *topic) bool { return x == t })
	return &DeleteTopicOutput{}, nil
}

// validARN checks that s is an ARN of any service, in the general form
// [arn.Parse] takes, with AWS's messages naming param: for fewer than six
// colon-separated elements AWS counts them ("An ARN must have at least 6
// elements, not 4"); anything else that is not an ARN gets the bare
// "Invalid parameter: TopicArn" AWS gives an ARN it cannot use.
func validARN(param, s string) error {
	if s == "" {
		return ErrInvalidParameterException.With("Invalid parameter: %s", param)
	}
	if _, err := arn.Parse(s); err != nil {
		if n := strings.Count(s, ":") + 1; n < 6 {
			return ErrInvalidParameterException.With("Invalid parameter: %s Reason: An ARN must have at least 6 elements, not %d", param, n)
		}
		return ErrInvalidParameterException.With("Invalid parameter: %s", param)
	}
	return nil
}

// topicARN is the ARN, in parts, of the service's topic of that name.
func (s *Service) topicARN(name string) arn.Topic {
	return arn.Topic{Region: s.region, AccountID: s.accountID, Name: name}
}

// topicFor returns the topic with the given ARN or AWS's NotFound. The
// caller holds s.mu.
func (s *Service) topicFor(arn string) (*topic, error) {
	t := s.topics[arn]
	if t == nil {
		return nil, ErrNotFoundException.With("Topic does not exist")
	}
	return t, nil
}

// ListTopicsInput is the input of [Service.ListTopics].
type ListTopicsInput struct {
	// NextToken continues a listing from where the last page ended.
	NextToken string
}

// ListTopicsOutput is the output of [Service.ListTopics].
type ListTopicsOutput struct {
	// Topics are up to 100 topic ARNs, in creation order.
	Topics []string
	// NextToken is set when more topics follow.
	NextToken string
}

// ListTopics lists the topics, 100 at a time.
func (s *Service) ListTopics(ctx context.Context, in *ListTopicsInput) (*ListTopicsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	page, next, err := paginate(s.topicList, in.NextToken, func(t *topic) uint64 { return t.seq })
	if err != nil {
		return nil, err
	}
	out := &ListTopicsOutput{NextToken: next, Topics: make([]string, len(page))}
	for i, t := range page {
		out.Topics[i] = t.arn
	}
	return out, nil
}

// paginate returns the page of items (kept in creation order) that token
// starts, and the token of the next page. A token is the creation sequence
// number of the first item of its page, so that deletions between pages
// neither skip nor repeat an item.
func paginate[T any](items []T, token string, seq func(T) uint64) ([]T, string, error) {
	start := 0
	if token != "" {
		from, err := strconv.ParseUint(token, 10, 64)
		if err != nil {
			return nil, "", ErrInvalidParameterException.With("Invalid parameter: NextToken")
		}
		start, _ = slices.BinarySearchFunc(items, from, func(x T, from uint64) int {
			switch s := seq(x); {
			case s < from:
				return -1
			case s > from:
				return 1
			}
			return 0
		})
	}
	end := min(start+listPageSize, len(items))
	next := ""
	if end < len(items) {
		next = strconv.FormatUint(seq(items[end]), 10)
	}
	return items[start:end], next, nil
}

// GetTopicAttributesInput is the input of [Service.GetTopicAttributes].
type GetTopicAttributesInput struct {
	TopicArn string
}

// GetTopicAttributesOutput is the output of [Service.GetTopicAttributes].
type GetTopicAttributesOutput struct {
	// Attributes are the topic's attributes by name: the ones set, the
	// defaults of DisplayName, Policy and EffectiveDeliveryPolicy, exact
	// subscription counts, and for FIFO topics FifoTopic and
	// ContentBasedDeduplication.
	Attributes map[string]string
}

// GetTopicAttributes returns a topic's attributes.
func (s *Service) GetTopicAttributes(ctx context.Context, in *GetTopicAttributesInput) (*GetTopicAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicFor(in.TopicArn)
	if err != nil {
		return nil, err
	}
	attrs := maps.Clone(t.attrs)
	attrs[TopicAttributeTopicArn] = t.arn
	attrs[TopicAttributeOwner] = s.accountID
	attrs[TopicAttributeSubscriptionsConfirmed] = strconv.Itoa(t.confirmed)
	attrs[TopicAttributeSubscriptionsPending] = strconv.Itoa(t.pending)
	attrs[TopicAttributeSubscriptionsDeleted] = strconv.Itoa(t.deleted)
	attrs[TopicAttributeEffectiveDeliveryPolicy] = t.delivery.effectiveJSON()
	if _, ok := attrs[TopicAttributeDisplayName]; !ok {
		attrs[TopicAttributeDisplayName] = ""
	}
	if _, ok := attrs[TopicAttributePolicy]; !ok {
		attrs[TopicAttributePolicy] = s.defaultPolicy(t.arn)
	}
	if t.fifo {
		attrs[TopicAttributeFifoTopic] = "true"
		attrs[TopicAttributeContentBasedDeduplication] = strconv.FormatBool(t.contentDedup)
	}
	return &GetTopicAttributesOutput{Attributes: attrs}, nil
}

// defaultPolicy is the access policy of a topic created without one.
func (s *Service) defaultPolicy(arn string) string {
	return `{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` +
		arn + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + s.accountID + `"}}}]}`
}

// SetTopicAttributesInput is the input of [Service.SetTopicAttributes].
type SetTopicAttributesInput struct {
	TopicArn       string
	AttributeName  string
	AttributeValue string
}

// SetTopicAttributesOutput is the output of [Service.SetTopicAttributes].
type SetTopicAttributesOutput struct{}

// SetTopicAttributes sets one settable attribute of a topic. FifoTopic and
// the read-only attributes cannot be set (InvalidParameter).
func (s *Service) SetTopicAttributes(ctx context.Context, in *SetTopicAttributesInput) (*SetTopicAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicFor(in.TopicArn)
	if err != nil {
		return nil, err
	}
	// Validate on a copy so that a refused value changes nothing.
	c := *t
	c.attrs = maps.Clone(t.attrs)
	if err := c.setAttribute(in.AttributeName, in.AttributeValue, "Invalid parameter: "); err != nil {
		return nil, err
	}
	*t = c
	return &SetTopicAttributesOutput{}, nil
}

// TagResourceInput is the input of [Service.TagResource].
type TagResourceInput struct {
	ResourceArn string
	Tags        []Tag
}

// TagResourceOutput is the output of [Service.TagResource].
type TagResourceOutput struct{}

// TagResource adds tags to a topic, replacing the values of keys it has.
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*TagResourceOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.taggedTopic(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	added := 0
	for _, tag := range in.Tags {
		if _, ok := t.tags[tag.Key]; !ok {
			added++
		}
	}
	if len(t.tags)+added > MaxTags {
		return nil, ErrTagLimitExceededException.With("Could not complete request: tag quota of per resource exceeded")
	}
	for _, tag := range in.Tags {
		t.tags[tag.Key] = tag.Value
	}
	return &TagResourceOutput{}, nil
}

// UntagResourceInput is the input of [Service.UntagResource].
type UntagResourceInput struct {
	ResourceArn string
	TagKeys     []string
}

// UntagResourceOutput is the output of [Service.UntagResource].
type UntagResourceOutput struct{}

// UntagResource removes tags from a topic; keys it does not have are
// ignored.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*UntagResourceOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.taggedTopic(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	for _, k := range in.TagKeys {
		delete(t.tags, k)
	}
	return &UntagResourceOutput{}, nil
}

// ListTagsForResourceInput is the input of [Service.ListTagsForResource].
type ListTagsForResourceInput struct {
	ResourceArn string
}

// ListTagsForResourceOutput is the output of [Service.ListTagsForResource].
type ListTagsForResourceOutput struct {
	// Tags are the topic's tags, sorted by key.
	Tags []Tag
}

// ListTagsForResource returns a topic's tags.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.taggedTopic(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	out := &ListTagsForResourceOutput{Tags: []Tag{}}
	for _, k := range slices.Sorted(maps.Keys(t.tags)) {
		out.Tags = append(out.Tags, Tag{Key: k, Value: t.tags[k]})
	}
	return out, nil
}

// taggedTopic returns the topic a tagging operation names, or AWS's
// ResourceNotFound. The caller holds s.mu.
func (s *Service) taggedTopic(arn string) (*topic, error) {
	t := s.topics[arn]
	if t == nil {
		return nil, ErrResourceNotFoundException.With("Resource does not exist")
	}
	return t, nil
}
