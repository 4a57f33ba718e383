package lambda

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sqs"
)

// SQS event source mappings: the mapping API (Create, Get, Update, Delete
// and List), the settings and their validation. What a mapping does with
// its queue, polling, batching and invoking, is in esm_poller.go.

// Limits of an SQS event source mapping.
const (
	DefaultBatchSize        = 10
	MaxBatchSizeStandard    = 10000
	MaxBatchSizeFIFO        = 10
	MaxBatchingWindow       = 300 * time.Second
	initialPollers          = 5
	maxPollers              = 1000
	pollersAddedPerMinute   = 300
	reportBatchItemFailures = "ReportBatchItemFailures"
	// maxBatchBodies is how many bytes of message bodies a batch gathers
	// at most, leaving room in the 6 MB payload for the event's metadata.
	maxBatchBodies = MaxSyncPayload / 2
)

// ScalingConfig caps the concurrent invocations of a mapping.
type ScalingConfig struct {
	// MaximumConcurrency is 2 to 1,000; zero means no cap but the
	// mapping's own 1,000.
	MaximumConcurrency int
}

// CreateEventSourceMappingInput is the input of
// [Service.CreateEventSourceMapping].
type CreateEventSourceMappingInput struct {
	// EventSourceArn is the ARN of an SQS queue of the service given with
	// WithSQS. Required.
	EventSourceArn string
	// FunctionName names the function (unqualified, or with a version or
	// alias). Required.
	FunctionName string
	// BatchSize is 1 to 10,000 for a standard queue, 1 to 10 for FIFO;
	// zero means 10.
	BatchSize int
	// MaximumBatchingWindow (MaximumBatchingWindowInSeconds) is 0 to 300
	// seconds, whole seconds; it must be at least 1 s when BatchSize is
	// over 10.
	MaximumBatchingWindow time.Duration
	// Enabled, nil meaning true, starts the pollers.
	Enabled *bool
	// FunctionResponseTypes may hold "ReportBatchItemFailures".
	FunctionResponseTypes []string
	ScalingConfig         *ScalingConfig
}

// EventSourceMappingConfiguration describes a mapping.
type EventSourceMappingConfiguration struct {
	UUID                  string
	EventSourceArn        string
	FunctionArn           string
	BatchSize             int
	MaximumBatchingWindow time.Duration
	// State is Enabled or Disabled.
	State                 string
	StateTransitionReason string
	FunctionResponseTypes []string
	ScalingConfig         *ScalingConfig
	LastModified          time.Time
}

// mapping is an SQS event source mapping. Its pollers are those of its
// consumer; see esm_poller.go.
type mapping struct {
	cfg      EventSourceMappingConfiguration
	function string // the FunctionName it invokes, as given
	queueURL string
	fifo     bool
	enabled  bool
	deleted  bool
	stats    MappingStats // Batches, Messages and Failed; the rest is the consumer's
	scaling  bool         // the once-a-minute scaling check is scheduled
	consumer *sqs.Consumer
}

// MappingStats are a mapping's running totals.
type MappingStats struct {
	Pollers     int // running now
	PeakPollers int
	Batches     int // invocations
	Messages    int // messages delivered in batches
	Deleted     int
	Failed      int // messages left to come back after their visibility timeout
}

// CreateEventSourceMappingOutput is the output of
// [Service.CreateEventSourceMapping]: the new mapping, State Creating.
type CreateEventSourceMappingOutput = EventSourceMappingConfiguration

// CreateEventSourceMapping maps an SQS queue to a function and, when
// enabled, starts its pollers.
//
// Errors: [ErrInvalidParameterValueException] for a queue that does not
// exist, sizes and windows out of range, a queue visibility timeout shorter
// than the function's timeout, or no WithSQS; [ErrResourceNotFoundException]
// for an unknown function; [ErrResourceConflictException] for a queue
// already mapped to the function.
func (s *Service) CreateEventSourceMapping(ctx context.Context, in *CreateEventSourceMappingInput) (*CreateEventSourceMappingOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	source, err := arn.ParseQueue(in.EventSourceArn)
	if s.sqs == nil || err != nil {
		return nil, ErrInvalidParameterValueException.With("Unsupported event source: %s", in.EventSourceArn)
	}
	url, err := s.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: source.Name, QueueOwnerAWSAccountId: source.AccountID})
	if err != nil {
		return nil, ErrInvalidParameterValueException.With("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.")
	}
	attrs, err := s.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl, AttributeNames: []string{sqs.AttributeVisibilityTimeout}})
	if err != nil {
		return nil, ErrInvalidParameterValueException.With("Error occurred while ReceiveMessage: %v", err)
	}
	visibility, _ := strconv.Atoi(attrs.Attributes[sqs.AttributeVisibilityTimeout])
	m := &mapping{function: in.FunctionName, queueURL: url.QueueUrl, fifo: source.FIFO()}
	m.cfg = EventSourceMappingConfiguration{
		EventSourceArn: in.EventSourceArn, BatchSize: in.BatchSize, MaximumBatchingWindow: in.MaximumBatchingWindow,
		FunctionResponseTypes: slices.Clone(in.FunctionResponseTypes), ScalingConfig: clonePtr(in.ScalingConfig),
	}
	if m.cfg.BatchSize == 0 {
		m.cfg.BatchSize = DefaultBatchSize
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	if m.consumer, err = s.newConsumer(m); err != nil {
		return nil, ErrInvalidParameterValueException.With("Error occurred while ReceiveMessage: %v", err)
	}

	s.mu.Lock()
	fn, v, _, err := s.target(in.FunctionName, "")
	if err != nil {
		s.mu.Unlock()
		return nil, ErrResourceNotFoundException.With("Function does not exist")
	}
	if v.cfg.Timeout > time.Duration(visibility)*time.Second {
		s.mu.Unlock()
		return nil, ErrInvalidParameterValueException.With("Queue visibility timeout: %d seconds is less than Function timeout: %d seconds", visibility, int(v.cfg.Timeout/time.Second))
	}
	pair := mappingPair{queueARN: m.cfg.EventSourceArn, functionARN: fn.arn}
	if other := s.mappingOf[pair]; other != nil {
		s.mu.Unlock()
		return nil, ErrResourceConflictException.With("An event source mapping with SQS arn (\" %s \") and function (\" %s \") already exists. Please update or delete the existing mapping with UUID %s", m.cfg.EventSourceArn, fn.name, other.cfg.UUID)
	}
	m.cfg.UUID = s.rng.UUID().String()
	m.cfg.FunctionArn = fn.arn
	m.cfg.LastModified = s.sched.Now()
	m.cfg.StateTransitionReason = "USER_INITIATED"
	s.mappings = append(s.mappings, m)
	s.mappingByUUID[m.cfg.UUID] = m
	s.mappingOf[pair] = m
	out := m.config()
	s.mu.Unlock()

	enabled := in.Enabled == nil || *in.Enabled
	s.setEnabled(m, enabled)
	// As in AWS, the output shows the mapping on its way: Creating, then
	// Enabled or Disabled at any later read.
	out.State = "Creating"
	return &out, nil
}

// validate checks a mapping's settings.
func (m *mapping) validate() error {
	c := &m.cfg
	max := MaxBatchSizeStandard
	if m.fifo {
		max = MaxBatchSizeFIFO
	}
	switch {
	case c.BatchSize < 1 || c.BatchSize > max:
		return ErrInvalidParameterValueException.With("BatchSize must be between 1 and %d for this event source.", max)
	case c.MaximumBatchingWindow < 0 || c.MaximumBatchingWindow > MaxBatchingWindow || c.MaximumBatchingWindow%time.Second != 0:
		return ErrInvalidParameterValueException.With("MaximumBatchingWindowInSeconds must be a whole number of seconds between 0 and 300.")
	case c.BatchSize > 10 && c.MaximumBatchingWindow < time.Second:
		return ErrInvalidParameterValueException.With("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
	case c.ScalingConfig != nil && c.ScalingConfig.MaximumConcurrency != 0 && (c.ScalingConfig.MaximumConcurrency < 2 || c.ScalingConfig.MaximumConcurrency > maxPollers):
		return ErrValidationException.With("1 validation error detected: Value '%d' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value between 2 and 1000", c.ScalingConfig.MaximumConcurrency)
	}
	for _, t := range c.FunctionResponseTypes {
		if t != reportBatchItemFailures {
			return ErrValidationException.With("1 validation error detected: Value '[%s]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]", t)
		}
	}
	return nil
}

func (m *mapping) state() string {
	if m.enabled {
		return "Enabled"
	}
	return "Disabled"
}

func (m *mapping) config() EventSourceMappingConfiguration {
	c := m.cfg
	c.FunctionResponseTypes = slices.Clone(c.FunctionResponseTypes)
	c.ScalingConfig = clonePtr(c.ScalingConfig)
	c.State = m.state()
	return c
}

// cap is the most pollers the mapping may run.
func (m *mapping) cap() int {
	if sc := m.cfg.ScalingConfig; sc != nil && sc.MaximumConcurrency > 0 {
		return sc.MaximumConcurrency
	}
	return maxPollers
}

// GetEventSourceMappingInput is the input of [Service.GetEventSourceMapping].
type GetEventSourceMappingInput struct {
	UUID string
}

// GetEventSourceMappingOutput is the output of
// [Service.GetEventSourceMapping]: the mapping.
type GetEventSourceMappingOutput = EventSourceMappingConfiguration

// GetEventSourceMapping returns a mapping. Errors:
// [ErrResourceNotFoundException].
func (s *Service) GetEventSourceMapping(ctx context.Context, in *GetEventSourceMappingInput) (*GetEventSourceMappingOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mapping(in.UUID)
	if m == nil {
		return nil, ErrResourceNotFoundException.With("The resource you requested does not exist.")
	}
	out := m.config()
	return &out, nil
}

func (s *Service) mapping(uuid string) *mapping { return s.mappingByUUID[uuid] }

// mappingPair is what a mapping connects: a queue and an unqualified
// function, of which there is at most one mapping.
type mappingPair struct{ queueARN, functionARN string }

// UpdateEventSourceMappingInput is the input of
// [Service.UpdateEventSourceMapping]; zero and nil fields stay as they are.
type UpdateEventSourceMappingInput struct {
	UUID                  string
	BatchSize             int
	MaximumBatchingWindow *time.Duration
	Enabled               *bool
	FunctionResponseTypes []string
	ScalingConfig         *ScalingConfig
}

// UpdateEventSourceMappingOutput is the output of
// [Service.UpdateEventSourceMapping]: the mapping as changed.
type UpdateEventSourceMappingOutput = EventSourceMappingConfiguration

// UpdateEventSourceMapping changes a mapping; disabling it stops its
// pollers once their batches end. Errors: those of
// [Service.CreateEventSourceMapping] for the settings,
// [ErrResourceNotFoundException].
func (s *Service) UpdateEventSourceMapping(ctx context.Context, in *UpdateEventSourceMappingInput) (*UpdateEventSourceMappingOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	m := s.mapping(in.UUID)
	if m == nil {
		s.mu.Unlock()
		return nil, ErrResourceNotFoundException.With("The resource you requested does not exist.")
	}
	next := *m
	if in.BatchSize != 0 {
		next.cfg.BatchSize = in.BatchSize
	}
	if in.MaximumBatchingWindow != nil {
		next.cfg.MaximumBatchingWindow = *in.MaximumBatchingWindow
	}
	if in.FunctionResponseTypes != nil {
		next.cfg.FunctionResponseTypes = slices.Clone(in.FunctionResponseTypes)
	}
	if in.ScalingConfig != nil {
		next.cfg.ScalingConfig = clonePtr(in.ScalingConfig)
	}
	if err := next.validate(); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	m.cfg = next.cfg
	m.cfg.LastModified = s.sched.Now()
	s.mu.Unlock()
	s.reconfigure(m)
	if in.Enabled != nil {
		s.setEnabled(m, *in.Enabled)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := m.config()
	return &out, nil
}

// DeleteEventSourceMappingInput is the input of
// [Service.DeleteEventSourceMapping].
type DeleteEventSourceMappingInput struct {
	UUID string
}

// DeleteEventSourceMappingOutput is the output of
// [Service.DeleteEventSourceMapping]: the mapping, State Deleting.
type DeleteEventSourceMappingOutput = EventSourceMappingConfiguration

// DeleteEventSourceMapping deletes a mapping; its pollers stop once their
// batches end. Errors: [ErrResourceNotFoundException].
func (s *Service) DeleteEventSourceMapping(ctx context.Context, in *DeleteEventSourceMappingInput) (*DeleteEventSourceMappingOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	m := s.mapping(in.UUID)
	if m == nil {
		s.mu.Unlock()
		return nil, ErrResourceNotFoundException.With("The resource you requested does not exist.")
	}
	m.deleted, m.enabled = true, false
	s.mappings = slices.DeleteFunc(s.mappings, func(x *mapping) bool { return x == m })
	delete(s.mappingByUUID, m.cfg.UUID)
	delete(s.mappingOf, mappingPair{queueARN: m.cfg.EventSourceArn, functionARN: m.cfg.FunctionArn})
	out := m.config()
	out.State = "Deleting"
	s.mu.Unlock()
	m.consumer.SetPollers(0)
	return &out, nil
}

// ListEventSourceMappingsInput is the input of
// [Service.ListEventSourceMappings]; empty fields match all.
type ListEventSourceMappingsInput struct {
	EventSourceArn string
	FunctionName   string
}

// ListEventSourceMappingsOutput is the output of
// [Service.ListEventSourceMappings].
type ListEventSourceMappingsOutput struct {
	EventSourceMappings []EventSourceMappingConfiguration
}

// ListEventSourceMappings lists mappings in the order they were created.
func (s *Service) ListEventSourceMappings(ctx context.Context, in *ListEventSourceMappingsInput) (*ListEventSourceMappingsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fnARN := ""
	if in.FunctionName != "" {
		fn, _, err := s.lookup(in.FunctionName, "")
		if err != nil {
			return nil, err
		}
		fnARN = fn.arn
	}
	out := &ListEventSourceMappingsOutput{}
	for _, m := range s.mappings {
		if (in.EventSourceArn == "" || m.cfg.EventSourceArn == in.EventSourceArn) && (fnARN == "" || m.cfg.FunctionArn == fnARN) {
			out.EventSourceMappings = append(out.EventSourceMappings, m.config())
		}
	}
	return out, nil
}
