package lambda

import (
	"context"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Limits of an event invoke configuration.
const (
	// DefaultMaximumRetryAttempts is how often a failed asynchronous
	// invocation is retried unless configured (0 to 2).
	DefaultMaximumRetryAttempts = 2
	// DefaultMaximumEventAge is how long an asynchronous event is kept
	// unless configured; MinMaximumEventAge bounds it from below.
	DefaultMaximumEventAge = 6 * time.Hour
	MinMaximumEventAge     = time.Minute
)

// DestinationConfig names where the outcome of an asynchronous invocation
// goes: the ARN of a standard SQS queue, an SNS topic or a Lambda
// function, delivered by ARN through the service's account: the record
// arrives if the account's SQS or SNS service holds the queue or topic.
type DestinationConfig struct {
	OnSuccess string
	OnFailure string
}

// EventInvokeConfig is a function's (or version's, or alias's) handling of
// asynchronous invocations.
type EventInvokeConfig struct {
	FunctionArn string // qualified with the version or alias it is for
	// MaximumRetryAttempts is 0 to 2; nil means 2.
	MaximumRetryAttempts *int
	// MaximumEventAge is 60 seconds to 6 hours in whole seconds
	// (MaximumEventAgeInSeconds); nil means 6 hours.
	MaximumEventAge   *time.Duration
	DestinationConfig DestinationConfig
	LastModified      time.Time
}

// eventPolicy is the effective handling of an event.
type eventPolicy struct {
	retries   int
	maxAge    time.Duration
	onSuccess string
	onFailure string
	dlq       string // the version's DeadLetterTargetArn
}

// PutFunctionEventInvokeConfigInput is the input of
// [Service.PutFunctionEventInvokeConfig].
type PutFunctionEventInvokeConfigInput struct {
	FunctionName         string
	Qualifier            string
	MaximumRetryAttempts *int
	MaximumEventAge      *time.Duration
	DestinationConfig    *DestinationConfig
}

// PutFunctionEventInvokeConfigOutput is the output of
// [Service.PutFunctionEventInvokeConfig]: the configuration as put.
type PutFunctionEventInvokeConfigOutput = EventInvokeConfig

// PutFunctionEventInvokeConfig sets, replacing any earlier one, how
// asynchronous invocations of a function, version or alias are retried
// and where their outcomes go.
//
// Errors: [ErrResourceNotFoundException], [ErrInvalidParameterValueException]
// when nothing is set, a value is out of range, a destination ARN is not a
// SQS queue, an SNS topic or an existing Lambda function, or the function
// is its own destination. A FIFO queue or topic is accepted, as AWS
// accepts it, but every record sent to it fails and counts in
// DestinationDeliveryFailures ([FunctionStats]).
func (s *Service) PutFunctionEventInvokeConfig(ctx context.Context, in *PutFunctionEventInvokeConfigInput) (*PutFunctionEventInvokeConfigOutput, error) {
	return s.putEventConfig(ctx, in, false)
}

// UpdateFunctionEventInvokeConfigInput is the input of
// [Service.UpdateFunctionEventInvokeConfig], with the fields of
// [PutFunctionEventInvokeConfigInput]: those set are changed.
type UpdateFunctionEventInvokeConfigInput PutFunctionEventInvokeConfigInput

// UpdateFunctionEventInvokeConfigOutput is the output of
// [Service.UpdateFunctionEventInvokeConfig]: the configuration as changed.
type UpdateFunctionEventInvokeConfigOutput = EventInvokeConfig

// UpdateFunctionEventInvokeConfig changes the fields it is given of an
// existing event invoke configuration. Errors: those of
// [Service.PutFunctionEventInvokeConfig], and
// [ErrResourceNotFoundException] when there is none to update.
func (s *Service) UpdateFunctionEventInvokeConfig(ctx context.Context, in *UpdateFunctionEventInvokeConfigInput) (*UpdateFunctionEventInvokeConfigOutput, error) {
	return s.putEventConfig(ctx, (*PutFunctionEventInvokeConfigInput)(in), true)
}

func (s *Service) putEventConfig(ctx context.Context, in *PutFunctionEventInvokeConfigInput, merge bool) (*EventInvokeConfig, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.MaximumRetryAttempts == nil && in.MaximumEventAge == nil && in.DestinationConfig == nil {
		return nil, ErrInvalidParameterValueException.With("You must specify at least one of error handling or destination setting.")
	}
	if n := in.MaximumRetryAttempts; n != nil && (*n < 0 || *n > DefaultMaximumRetryAttempts) {
		return nil, ErrValidationException.With("1 validation error detected: Value '%d' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2", *n)
	}
	if d := in.MaximumEventAge; d != nil && (*d < MinMaximumEventAge || *d > DefaultMaximumEventAge || *d%time.Second != 0) {
		return nil, ErrValidationException.With("1 validation error detected: Value '%v' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must be a whole number of seconds from 60 to 21600", *d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, qualifier, err := s.lookup(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	if qualifier == "" {
		qualifier = latest
	}
	if _, _, err := s.resolve(fn, qualifier); err != nil {
		return nil, err
	}
	if merge && fn.eventConfigs[qualifier] == nil {
		return nil, ErrResourceNotFoundException.With("The function %s:%s doesn't have an EventInvokeConfig", fn.arn, qualifier)
	}
	if d := in.DestinationConfig; d != nil {
		for _, arn := range []string{d.OnSuccess, d.OnFailure} {
			if err := s.checkDestination(fn, arn); err != nil {
				return nil, err
			}
		}
	}
	cfg := fn.eventConfigs[qualifier]
	if cfg == nil || !merge {
		cfg = &EventInvokeConfig{FunctionArn: fn.arn + ":" + qualifier}
	}
	if !merge || in.MaximumRetryAttempts != nil {
		cfg.MaximumRetryAttempts = clonePtr(in.MaximumRetryAttempts)
	}
	if !merge || in.MaximumEventAge != nil {
		cfg.MaximumEventAge = clonePtr(in.MaximumEventAge)
	}
	if !merge || in.DestinationConfig != nil {
		cfg.DestinationConfig = DestinationConfig{}
		if in.DestinationConfig != nil {
			cfg.DestinationConfig = *in.DestinationConfig
		}
	}
	cfg.LastModified = s.sched.Now()
	if fn.eventConfigs == nil {
		fn.eventConfigs = make(map[string]*EventInvokeConfig)
	}
	fn.eventConfigs[qualifier] = cfg
	out := cfg.clone()
	return &out, nil
}

// checkDestination accepts an empty ARN, an SQS queue or SNS topic ARN
// (standard or FIFO: AWS refuses FIFO targets only when it delivers), or
// the ARN of another function of this service. Neither the queue nor the
// topic need exist yet.
func (s *Service) checkDestination(fn *function, target string) error {
	switch {
	case target == "":
		return nil
	case isQueueOrTopicARN(target):
		return nil
	case isFunctionARN(target):
		name, _, err := s.functionName(target)
		if err != nil || s.functions[name] == nil {
			break
		}
		if name == fn.name {
			return ErrInvalidParameterValueException.With("You can't specify the function as a destination for itself.")
		}
		return nil
	}
	return ErrInvalidParameterValueException.With("The destination ARN %s is invalid.", target)
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func (c *EventInvokeConfig) clone() EventInvokeConfig {
	out := *c
	out.MaximumRetryAttempts = clonePtr(c.MaximumRetryAttempts)
	out.MaximumEventAge = clonePtr(c.MaximumEventAge)
	return out
}

// GetFunctionEventInvokeConfigInput is the input of
// [Service.GetFunctionEventInvokeConfig].
type GetFunctionEventInvokeConfigInput struct {
	FunctionName string
	Qualifier    string
}

// GetFunctionEventInvokeConfigOutput is the output of
// [Service.GetFunctionEventInvokeConfig]: the configuration.
type GetFunctionEventInvokeConfigOutput = EventInvokeConfig

// GetFunctionEventInvokeConfig returns the event invoke configuration of
// a function, version or alias. Errors: [ErrResourceNotFoundException],
// also when there is none.
func (s *Service) GetFunctionEventInvokeConfig(ctx context.Context, in *GetFunctionEventInvokeConfigInput) (*GetFunctionEventInvokeConfigOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, cfg, err := s.eventConfig(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	out := cfg.clone()
	return &out, nil
}

// eventConfig returns the event invoke configuration of a function's
// qualifier (empty for $LATEST), or AWS's error.
func (s *Service) eventConfig(name, qualifier string) (*function, *EventInvokeConfig, error) {
	fn, qualifier, err := s.lookup(name, qualifier)
	if err != nil {
		return nil, nil, err
	}
	if qualifier == "" {
		qualifier = latest
	}
	cfg := fn.eventConfigs[qualifier]
	if cfg == nil {
		return nil, nil, ErrResourceNotFoundException.With("The function %s:%s doesn't have an EventInvokeConfig", fn.arn, qualifier)
	}
	return fn, cfg, nil
}

// DeleteFunctionEventInvokeConfigInput is the input of
// [Service.DeleteFunctionEventInvokeConfig].
type DeleteFunctionEventInvokeConfigInput struct {
	FunctionName string
	Qualifier    string
}

// DeleteFunctionEventInvokeConfigOutput is the output of
// [Service.DeleteFunctionEventInvokeConfig].
type DeleteFunctionEventInvokeConfigOutput struct{}

// DeleteFunctionEventInvokeConfig removes an event invoke configuration:
// the defaults apply again. Errors: [ErrResourceNotFoundException].
func (s *Service) DeleteFunctionEventInvokeConfig(ctx context.Context, in *DeleteFunctionEventInvokeConfigInput) (*DeleteFunctionEventInvokeConfigOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, cfg, err := s.eventConfig(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	for q, c := range fn.eventConfigs {
		if c == cfg {
			delete(fn.eventConfigs, q)
		}
	}
	return &DeleteFunctionEventInvokeConfigOutput{}, nil
}

// eventConfigFor returns the handling of an event invoked as ref and
// qualifier: its configuration's, or the defaults.
func (s *Service) eventConfigFor(ref, qualifier string) eventPolicy {
	p := eventPolicy{retries: DefaultMaximumRetryAttempts, maxAge: DefaultMaximumEventAge}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, q, err := s.lookup(ref, qualifier)
	if err != nil {
		return p
	}
	if q == "" {
		q = latest
	}
	if v, _, err := s.resolve(fn, q); err == nil {
		p.dlq = v.cfg.DeadLetterTargetArn
	}
	if c := fn.eventConfigs[q]; c != nil {
		if c.MaximumRetryAttempts != nil {
			p.retries = *c.MaximumRetryAttempts
		}
		if c.MaximumEventAge != nil {
			p.maxAge = *c.MaximumEventAge
		}
		p.onSuccess, p.onFailure = c.DestinationConfig.OnSuccess, c.DestinationConfig.OnFailure
	}
	return p
}
