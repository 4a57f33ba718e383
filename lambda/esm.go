package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sqs"
)

// SQS event source mappings. A mapping runs pollers, each a chain of
// callbacks with no goroutine of its own: it long-polls the queue with
// sqs.ReceiveMessageAsync, gathers a batch (up to BatchSize, or until the
// batching window ends), invokes the function synchronously at that
// instant, and at the invocation's end in virtual time deletes the messages
// that succeeded and polls again. A mapping starts with 5 pollers and, once
// a minute while messages wait, adds up to 300 more, up to 1,000 or the
// mapping's MaximumConcurrency; a poller whose long poll comes back empty
// stops while more than 5 run.

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

// mapping is an SQS event source mapping and its pollers.
type mapping struct {
	cfg      EventSourceMappingConfiguration
	function string // the FunctionName it invokes, as given
	queueURL string
	fifo     bool
	enabled  bool
	deleted  bool
	pollers  int // running
	stats    MappingStats
	scaling  bool // the once-a-minute scaling check is scheduled
	// waiting holds the cancel functions of the pollers' pending long
	// polls, by poll number (nil until ReceiveMessageAsync returns), so
	// that disabling or deleting the mapping withdraws them.
	waiting  map[int]func() bool
	nextPoll int
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

// CreateEventSourceMapping maps an SQS queue to a function and, when
// enabled, starts its pollers.
//
// Errors: [ErrInvalidParameterValueException] for a queue that does not
// exist, sizes and windows out of range, a queue visibility timeout shorter
// than the function's timeout, or no WithSQS; [ErrResourceNotFoundException]
// for an unknown function; [ErrResourceConflictException] for a queue
// already mapped to the function.
func (s *Service) CreateEventSourceMapping(ctx context.Context, in *CreateEventSourceMappingInput) (*EventSourceMappingConfiguration, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if s.sqs == nil || !strings.HasPrefix(in.EventSourceArn, "arn:aws:sqs:") || strings.Count(in.EventSourceArn, ":") != 5 {
		return nil, ErrInvalidParameterValueException.With("Unsupported event source: %s", in.EventSourceArn)
	}
	parts := strings.Split(in.EventSourceArn, ":")
	url, err := s.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: parts[5], QueueOwnerAWSAccountId: parts[4]})
	if err != nil {
		return nil, ErrInvalidParameterValueException.With("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.")
	}
	attrs, err := s.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url.QueueUrl, AttributeNames: []string{sqs.AttributeVisibilityTimeout}})
	if err != nil {
		return nil, ErrInvalidParameterValueException.With("Error occurred while ReceiveMessage: %v", err)
	}
	visibility, _ := strconv.Atoi(attrs.Attributes[sqs.AttributeVisibilityTimeout])
	m := &mapping{function: in.FunctionName, queueURL: url.QueueUrl, fifo: strings.HasSuffix(parts[5], ".fifo")}
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
	for _, other := range s.mappings {
		if other.cfg.EventSourceArn == m.cfg.EventSourceArn && other.cfg.FunctionArn == fn.arn {
			s.mu.Unlock()
			return nil, ErrResourceConflictException.With("An event source mapping with SQS arn (\" %s \") and function (\" %s \") already exists. Please update or delete the existing mapping with UUID %s", m.cfg.EventSourceArn, fn.name, other.cfg.UUID)
		}
	}
	m.cfg.UUID = s.rng.UUID().String()
	m.cfg.FunctionArn = fn.arn
	m.cfg.LastModified = s.sched.Now()
	m.cfg.StateTransitionReason = "USER_INITIATED"
	s.mappings = append(s.mappings, m)
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

// setEnabled starts or stops a mapping's pollers. Stopping lets running
// batches finish.
func (s *Service) setEnabled(m *mapping, enabled bool) {
	s.mu.Lock()
	m.enabled = enabled
	start := 0
	if enabled {
		start = min(initialPollers, m.cap()) - m.pollers
		m.pollers += max(start, 0)
		m.stats.PeakPollers = max(m.stats.PeakPollers, m.pollers)
	}
	scale := enabled && !m.scaling
	m.scaling = m.scaling || scale
	now := s.sched.Now()
	s.mu.Unlock()
	if !enabled {
		s.stopPolls(m)
	}
	for range start {
		s.poll(m, nil)
	}
	if scale {
		s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
	}
}

// scale adds pollers once a minute while messages wait, up to the cap.
func (s *Service) scale(m *mapping) {
	st, _ := s.sqs.Inspect().Stats(m.queueURL)
	s.mu.Lock()
	if m.deleted || !m.enabled {
		m.scaling = false
		s.mu.Unlock()
		return
	}
	add := 0
	if st.Visible > 0 {
		add = min(pollersAddedPerMinute, m.cap()-m.pollers)
		m.pollers += max(add, 0)
		m.stats.PeakPollers = max(m.stats.PeakPollers, m.pollers)
	}
	now := s.sched.Now()
	s.mu.Unlock()
	for range add {
		s.poll(m, nil)
	}
	s.sched.ScheduleAt(now.Add(time.Minute), func() { s.scale(m) })
}

// batch is what a poller has gathered for its next invocation.
type batch struct {
	msgs     []sqs.Message
	size     int
	deadline time.Time // end of the batching window
}

// poll asks the queue for messages for a poller's batch.
func (s *Service) poll(m *mapping, b *batch) {
	s.mu.Lock()
	// A poller between batches stops when the mapping is over its cap (its
	// MaximumConcurrency was lowered).
	if m.deleted || !m.enabled || (b == nil && m.pollers > m.cap()) {
		m.pollers--
		s.mu.Unlock()
		return
	}
	now := s.sched.Now()
	want := m.cfg.BatchSize
	wait := 20 * time.Second
	if b != nil {
		want -= len(b.msgs)
		wait = min(wait, b.deadline.Sub(now))
		if wait < time.Second {
			s.mu.Unlock()
			// Long polls wait whole seconds: let the window end first.
			s.sched.ScheduleAt(b.deadline, func() {
				s.mu.Lock()
				stopped := m.deleted || !m.enabled
				if stopped {
					m.pollers--
				}
				s.mu.Unlock()
				if !stopped { // else its messages come back after their visibility timeout
					s.invokeBatch(m, b)
				}
			})
			return
		}
	}
	if m.waiting == nil {
		m.waiting = make(map[int]func() bool)
	}
	id := m.nextPoll
	m.nextPoll++
	m.waiting[id] = nil
	s.mu.Unlock()
	in := &sqs.ReceiveMessageInput{
		QueueUrl: m.queueURL, MaxNumberOfMessages: min(want, 10), WaitTime: sqs.Duration(max(wait, 0).Truncate(time.Second)),
		MessageSystemAttributeNames: []string{sqs.SysAttributeAll}, MessageAttributeNames: []string{"All"},
	}
	cancel := s.sqs.ReceiveMessageAsync(in, func(out *sqs.ReceiveMessageOutput, err error) { s.received(m, b, id, out, err) })
	s.mu.Lock()
	_, waiting := m.waiting[id]
	stopped := m.deleted || !m.enabled
	if waiting && !stopped {
		m.waiting[id] = cancel
	}
	s.mu.Unlock()
	if waiting && stopped { // stopped while the poll began
		s.cancelPoll(m, id, cancel)
	}
}

// stopPolls withdraws the pending long polls of a disabled or deleted
// mapping, so that its pollers receive nothing more.
func (s *Service) stopPolls(m *mapping) {
	s.mu.Lock()
	ids := slices.Sorted(maps.Keys(m.waiting))
	cancels := make([]func() bool, len(ids))
	for i, id := range ids {
		cancels[i] = m.waiting[id]
	}
	s.mu.Unlock()
	for i, id := range ids {
		if cancels[i] != nil {
			s.cancelPoll(m, id, cancels[i])
		}
	}
}

// cancelPoll withdraws one long poll; its poller stops. A poll already
// served goes on to received, which stops the poller.
func (s *Service) cancelPoll(m *mapping, id int, cancel func() bool) {
	if !cancel() {
		return
	}
	s.mu.Lock()
	delete(m.waiting, id)
	m.pollers--
	s.mu.Unlock()
}

// received adds what a long poll returned to the batch and decides whether
// to invoke now or poll again.
func (s *Service) received(m *mapping, b *batch, id int, out *sqs.ReceiveMessageOutput, err error) {
	now := s.sched.Now()
	s.mu.Lock()
	delete(m.waiting, id) // served: nothing to cancel
	stopped := m.deleted || !m.enabled
	if err != nil || stopped { // the queue is gone, or the mapping stopped
		m.pollers--
		s.mu.Unlock()
		return // what was received comes back after its visibility timeout
	}
	s.mu.Unlock()
	var msgs []sqs.Message
	if out != nil {
		msgs = out.Messages
	}
	if b == nil && len(msgs) == 0 {
		s.mu.Lock()
		stop := m.pollers > initialPollers
		if stop {
			m.pollers--
		}
		s.mu.Unlock()
		if !stop {
			s.poll(m, nil)
		}
		return
	}
	if b == nil {
		b = &batch{deadline: now.Add(m.cfg.MaximumBatchingWindow)}
	}
	if len(b.msgs) == 0 {
		b.msgs = msgs // the receive's own slice: no copy for the common batch of one receive
	} else {
		b.msgs = append(b.msgs, msgs...)
	}
	for _, msg := range msgs {
		b.size += len(msg.Body)
	}
	if len(b.msgs) < m.cfg.BatchSize && now.Before(b.deadline) && b.size < maxBatchBodies {
		s.poll(m, b)
		return
	}
	s.invokeBatch(m, b)
}

// invokeBatch invokes the function with a batch, and at the invocation's
// end deletes what succeeded and polls again.
func (s *Service) invokeBatch(m *mapping, b *batch) {
	payload := sqsEvent(m.cfg.EventSourceArn, s.region, b.msgs)
	r, err := s.run(context.Background(), m.function, "", payload, 1, "")
	s.mu.Lock()
	m.stats.Batches++
	m.stats.Messages += len(b.msgs)
	s.mu.Unlock()
	var ok []sqs.Message
	switch {
	case errors.Is(err, ErrTooManyRequestsException):
		// Throttled: the messages come back after their visibility timeout.
		s.sched.ScheduleAt(s.sched.Now().Add(time.Second), func() { s.poll(m, nil) })
		s.countFailed(m, len(b.msgs))
		return
	case err != nil: // the function is gone: stop
		s.mu.Lock()
		m.pollers--
		s.mu.Unlock()
		return
	case r.functionError != "":
	case slices.Contains(m.cfg.FunctionResponseTypes, reportBatchItemFailures):
		ok = succeeded(b.msgs, r.payload)
	default:
		ok = b.msgs
	}
	s.countFailed(m, len(b.msgs)-len(ok))
	s.sched.ScheduleAt(r.end, func() {
		s.deleteBatch(m, ok)
		s.poll(m, nil)
	})
}

func (s *Service) countFailed(m *mapping, n int) {
	s.mu.Lock()
	m.stats.Failed += n
	s.mu.Unlock()
}

// succeeded applies a partial batch response: the messages not named in
// batchItemFailures succeeded. An empty or null response, or an empty list,
// means all succeeded; invalid JSON, an empty identifier or one not in the
// batch fail the whole batch.
func succeeded(msgs []sqs.Message, response []byte) []sqs.Message {
	var resp struct {
		BatchItemFailures []struct {
			ItemIdentifier *string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	trimmed := strings.TrimSpace(string(response))
	if trimmed == "" || trimmed == "null" {
		return msgs
	}
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		return nil
	}
	failed := make(map[string]bool)
	for _, f := range resp.BatchItemFailures {
		if f.ItemIdentifier == nil || *f.ItemIdentifier == "" {
			return nil
		}
		if !slices.ContainsFunc(msgs, func(m sqs.Message) bool { return m.MessageId == *f.ItemIdentifier }) {
			return nil
		}
		failed[*f.ItemIdentifier] = true
	}
	var ok []sqs.Message
	for _, m := range msgs {
		if !failed[m.MessageId] {
			ok = append(ok, m)
		}
	}
	return ok
}

// deleteBatch deletes messages, ten at a time.
func (s *Service) deleteBatch(m *mapping, msgs []sqs.Message) {
	for i := 0; i < len(msgs); i += 10 {
		chunk := msgs[i:min(i+10, len(msgs))]
		in := &sqs.DeleteMessageBatchInput{QueueUrl: m.queueURL}
		for j, msg := range chunk {
			in.Entries = append(in.Entries, sqs.DeleteMessageBatchRequestEntry{Id: strconv.Itoa(j), ReceiptHandle: msg.ReceiptHandle})
		}
		out, err := s.sqs.DeleteMessageBatch(context.Background(), in)
		if err == nil {
			s.mu.Lock()
			m.stats.Deleted += len(out.Successful)
			s.mu.Unlock()
		}
	}
}

// sqsEvent is the event Lambda gives a function for a batch of SQS
// messages.
func sqsEvent(queueARN, region string, msgs []sqs.Message) []byte {
	type attribute struct {
		StringValue      *string  `json:"stringValue,omitempty"`
		BinaryValue      []byte   `json:"binaryValue,omitempty"`
		StringListValues []string `json:"stringListValues"`
		BinaryListValues []string `json:"binaryListValues"`
		DataType         string   `json:"dataType"`
	}
	type record struct {
		MessageID              string               `json:"messageId"`
		ReceiptHandle          string               `json:"receiptHandle"`
		Body                   string               `json:"body"`
		Attributes             map[string]string    `json:"attributes"`
		MessageAttributes      map[string]attribute `json:"messageAttributes"`
		MD5OfMessageAttributes string               `json:"md5OfMessageAttributes,omitempty"`
		MD5OfBody              string               `json:"md5OfBody"`
		EventSource            string               `json:"eventSource"`
		EventSourceARN         string               `json:"eventSourceARN"`
		AWSRegion              string               `json:"awsRegion"`
	}
	ev := struct {
		Records []record `json:"Records"`
	}{Records: make([]record, len(msgs))}
	for i, msg := range msgs {
		attrs := make(map[string]attribute, len(msg.MessageAttributes))
		for name, v := range msg.MessageAttributes {
			a := attribute{StringListValues: []string{}, BinaryListValues: []string{}, DataType: v.DataType}
			if v.BinaryValue != nil {
				a.BinaryValue = v.BinaryValue
			} else {
				sv := v.StringValue
				a.StringValue = &sv
			}
			attrs[name] = a
		}
		system := make(map[string]string)
		for _, name := range []string{"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
			"SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader"} {
			if v, ok := msg.Attributes[name]; ok {
				system[name] = v
			}
		}
		ev.Records[i] = record{
			MessageID: msg.MessageId, ReceiptHandle: msg.ReceiptHandle, Body: msg.Body, Attributes: system,
			MessageAttributes: attrs, MD5OfMessageAttributes: msg.MD5OfMessageAttributes, MD5OfBody: msg.MD5OfBody,
			EventSource: "aws:sqs", EventSourceARN: queueARN, AWSRegion: region,
		}
	}
	b, _ := json.Marshal(ev)
	return b
}

// GetEventSourceMappingInput is the input of [Service.GetEventSourceMapping]
// and [Service.DeleteEventSourceMapping].
type GetEventSourceMappingInput struct {
	UUID string
}

// GetEventSourceMapping returns a mapping. Errors:
// [ErrResourceNotFoundException].
func (s *Service) GetEventSourceMapping(ctx context.Context, in *GetEventSourceMappingInput) (*EventSourceMappingConfiguration, error) {
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

func (s *Service) mapping(uuid string) *mapping {
	for _, m := range s.mappings {
		if m.cfg.UUID == uuid {
			return m
		}
	}
	return nil
}

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

// UpdateEventSourceMapping changes a mapping; disabling it stops its
// pollers once their batches end. Errors: those of
// [Service.CreateEventSourceMapping] for the settings,
// [ErrResourceNotFoundException].
func (s *Service) UpdateEventSourceMapping(ctx context.Context, in *UpdateEventSourceMappingInput) (*EventSourceMappingConfiguration, error) {
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
	if in.Enabled != nil {
		s.setEnabled(m, *in.Enabled)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := m.config()
	return &out, nil
}

// DeleteEventSourceMapping deletes a mapping; its pollers stop once their
// batches end. Errors: [ErrResourceNotFoundException].
func (s *Service) DeleteEventSourceMapping(ctx context.Context, in *GetEventSourceMappingInput) (*EventSourceMappingConfiguration, error) {
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
	out := m.config()
	out.State = "Deleting"
	s.mu.Unlock()
	s.stopPolls(m)
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

// MappingStats returns a mapping's totals, and false for an unknown one.
func (i *Inspector) MappingStats(uuid string) (MappingStats, bool) {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mapping(uuid)
	if m == nil {
		return MappingStats{}, false
	}
	st := m.stats
	st.Pollers = m.pollers
	return st, true
}
