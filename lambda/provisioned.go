package lambda

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Provisioned concurrency. A configuration on a published version or an
// alias asks for N execution environments initialised ahead of time. They
// are allocated a minute after the request (and then at the scaling rate
// beyond the first 1,000), are never reaped, and serve invocations of that
// version first, warm; invocations beyond them spill over to on-demand
// environments. Like everything else here, allocation is computed when the
// service is next used.

// Statuses of a provisioned concurrency configuration.
const (
	ProvisionedInProgress = "IN_PROGRESS"
	ProvisionedReady      = "READY"
)

// provisionDelay is how long after a request allocation completes, for the
// first 1,000 environments: AWS starts within one to two minutes.
const provisionDelay = time.Minute

// ProvisionedConcurrencyConfig describes a provisioned concurrency
// configuration.
type ProvisionedConcurrencyConfig struct {
	FunctionArn                              string // qualified with the version or alias
	RequestedProvisionedConcurrentExecutions int
	// AllocatedProvisionedConcurrentExecutions and
	// AvailableProvisionedConcurrentExecutions are 0 while IN_PROGRESS and
	// the requested number once READY.
	AllocatedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	Status                                   string
	LastModified                             time.Time
}

// provisioned is a provisioned concurrency configuration.
type provisioned struct {
	qualifier   string
	requested   int
	readyAt     time.Time
	modified    time.Time
	billedUntil time.Time // allocation billed up to here
}

// PutProvisionedConcurrencyConfigInput is the input of
// [Service.PutProvisionedConcurrencyConfig].
type PutProvisionedConcurrencyConfigInput struct {
	FunctionName string
	// Qualifier is a published version number or an alias. Required.
	Qualifier                       string
	ProvisionedConcurrentExecutions int // at least 1
}

// PutProvisionedConcurrencyConfigOutput is the output of
// [Service.PutProvisionedConcurrencyConfig]: the configuration, Status
// IN_PROGRESS until its environments are ready.
type PutProvisionedConcurrencyConfigOutput = ProvisionedConcurrencyConfig

// PutProvisionedConcurrencyConfig asks for execution environments of a
// version or alias initialised ahead of time, replacing an earlier request
// for the same qualifier. The output is IN_PROGRESS; the environments are
// READY a minute later (plus 10 ms for each one beyond 1,000).
//
// Errors: [ErrResourceNotFoundException], [ErrInvalidParameterValueException]
// for $LATEST, no qualifier, or more than the function's reserved
// concurrency, [ErrValidationException] for fewer than 1.
func (s *Service) PutProvisionedConcurrencyConfig(ctx context.Context, in *PutProvisionedConcurrencyConfigInput) (*PutProvisionedConcurrencyConfigOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.ProvisionedConcurrentExecutions < 1 {
		return nil, ErrValidationException.With("1 validation error detected: Value '%d' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1", in.ProvisionedConcurrentExecutions)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, qualifier, err := s.lookup(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	switch qualifier {
	case "":
		return nil, ErrInvalidParameterValueException.With("The function resource provided must be an alias or a published version.")
	case latest:
		return nil, ErrInvalidParameterValueException.With("Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
	}
	if _, _, err := s.resolve(fn, qualifier); err != nil {
		return nil, err
	}
	others := 0
	for q, p := range fn.provisioned {
		if q != qualifier {
			others += p.requested
		}
	}
	if fn.hasReserve && others+in.ProvisionedConcurrentExecutions > fn.reserved {
		return nil, ErrInvalidParameterValueException.With("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
	}
	now := s.sched.Now()
	s.accrue(fn, now)
	extra := max(0, in.ProvisionedConcurrentExecutions-1000)
	p := &provisioned{
		qualifier: qualifier, requested: in.ProvisionedConcurrentExecutions, modified: now,
		readyAt: now.Add(provisionDelay + time.Duration(extra)*scalingPerEnvs),
	}
	p.billedUntil = p.readyAt
	if fn.provisioned == nil {
		fn.provisioned = make(map[string]*provisioned)
	}
	fn.provisioned[qualifier] = p
	out := fn.provisionedConfig(p, now)
	return &out, nil
}

func (fn *function) provisionedConfig(p *provisioned, now time.Time) ProvisionedConcurrencyConfig {
	c := ProvisionedConcurrencyConfig{
		FunctionArn: fn.arn + ":" + p.qualifier, RequestedProvisionedConcurrentExecutions: p.requested,
		Status: ProvisionedInProgress, LastModified: p.modified,
	}
	if !now.Before(p.readyAt) {
		c.Status = ProvisionedReady
		c.AllocatedProvisionedConcurrentExecutions = p.requested
		c.AvailableProvisionedConcurrentExecutions = p.requested
	}
	return c
}

// GetProvisionedConcurrencyConfigInput is the input of
// [Service.GetProvisionedConcurrencyConfig].
type GetProvisionedConcurrencyConfigInput struct {
	FunctionName string
	Qualifier    string
}

// GetProvisionedConcurrencyConfigOutput is the output of
// [Service.GetProvisionedConcurrencyConfig]: the configuration.
type GetProvisionedConcurrencyConfigOutput = ProvisionedConcurrencyConfig

// GetProvisionedConcurrencyConfig returns the provisioned concurrency of a
// version or alias. Errors: [ErrResourceNotFoundException], also when there
// is none.
func (s *Service) GetProvisionedConcurrencyConfig(ctx context.Context, in *GetProvisionedConcurrencyConfigInput) (*GetProvisionedConcurrencyConfigOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, p, err := s.provisionedOf(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	out := fn.provisionedConfig(p, s.sched.Now())
	return &out, nil
}

// provisionedOf returns the provisioned concurrency configuration of a
// function's version or alias, or AWS's error.
func (s *Service) provisionedOf(name, qualifier string) (*function, *provisioned, error) {
	fn, qualifier, err := s.lookup(name, qualifier)
	if err != nil {
		return nil, nil, err
	}
	p := fn.provisioned[qualifier]
	if p == nil {
		return nil, nil, ErrResourceNotFoundException.With("No Provisioned Concurrency Config found for this function")
	}
	return fn, p, nil
}

// DeleteProvisionedConcurrencyConfigInput is the input of
// [Service.DeleteProvisionedConcurrencyConfig].
type DeleteProvisionedConcurrencyConfigInput struct {
	FunctionName string
	Qualifier    string
}

// DeleteProvisionedConcurrencyConfigOutput is the output of
// [Service.DeleteProvisionedConcurrencyConfig].
type DeleteProvisionedConcurrencyConfigOutput struct{}

// DeleteProvisionedConcurrencyConfig releases a version's or alias's
// provisioned environments: idle ones go at once, busy ones when their
// invocation ends. Errors: [ErrResourceNotFoundException].
func (s *Service) DeleteProvisionedConcurrencyConfig(ctx context.Context, in *DeleteProvisionedConcurrencyConfigInput) (*DeleteProvisionedConcurrencyConfigOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, p, err := s.provisionedOf(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	s.accrue(fn, s.sched.Now())
	delete(fn.provisioned, p.qualifier)
	return &DeleteProvisionedConcurrencyConfigOutput{}, nil
}

// ListProvisionedConcurrencyConfigsInput is the input of
// [Service.ListProvisionedConcurrencyConfigs].
type ListProvisionedConcurrencyConfigsInput struct {
	FunctionName string
}

// ListProvisionedConcurrencyConfigsOutput is the output of
// [Service.ListProvisionedConcurrencyConfigs].
type ListProvisionedConcurrencyConfigsOutput struct {
	ProvisionedConcurrencyConfigs []ProvisionedConcurrencyConfig
}

// ListProvisionedConcurrencyConfigs lists a function's provisioned
// concurrency configurations by qualifier. Errors:
// [ErrResourceNotFoundException].
func (s *Service) ListProvisionedConcurrencyConfigs(ctx context.Context, in *ListProvisionedConcurrencyConfigsInput) (*ListProvisionedConcurrencyConfigsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, _, err := s.lookup(in.FunctionName, "")
	if err != nil {
		return nil, err
	}
	now := s.sched.Now()
	out := &ListProvisionedConcurrencyConfigsOutput{}
	for _, q := range slices.Sorted(maps.Keys(fn.provisioned)) {
		out.ProvisionedConcurrencyConfigs = append(out.ProvisionedConcurrencyConfigs, fn.provisionedConfig(fn.provisioned[q], now))
	}
	return out, nil
}

// provisionedTarget is how many provisioned environments v should hold
// now: the READY configurations of v and of the aliases whose primary
// version is v.
func (s *Service) provisionedTarget(v *version, now time.Time) int {
	fn, n := v.fn, 0
	for q, p := range fn.provisioned {
		if now.Before(p.readyAt) {
			continue
		}
		if pv, _, err := s.resolve(fn, q); err == nil && pv == v {
			n += p.requested
		}
	}
	return n
}

// provision brings v's provisioned environments to their target: new ones
// are made warm, idle ones beyond it are let go, busy ones beyond it are
// let go when they end (release).
func (s *Service) provision(v *version, now time.Time) {
	p := &v.pool
	p.pcTarget = s.provisionedTarget(v, now)
	for p.pcLive < p.pcTarget {
		s.nextEnvID++
		e := &environment{id: s.nextEnvID, v: v, generation: v.generation, provisioned: true, idleSince: now}
		p.provisioned = append(p.provisioned, e)
		p.pcLive++
	}
	for p.pcLive > p.pcTarget && len(p.provisioned) > 0 {
		p.provisioned[len(p.provisioned)-1] = nil
		p.provisioned = p.provisioned[:len(p.provisioned)-1]
		p.pcLive--
	}
}

// accrue adds the cost of fn's allocated provisioned concurrency up to now.
func (s *Service) accrue(fn *function, now time.Time) {
	for _, q := range slices.Sorted(maps.Keys(fn.provisioned)) {
		p := fn.provisioned[q]
		if !now.After(p.billedUntil) {
			continue
		}
		v, _, err := s.resolve(fn, q)
		if err != nil {
			continue
		}
		gbs := float64(p.requested) * float64(v.cfg.MemorySize) / 1024 * now.Sub(p.billedUntil).Seconds()
		fn.stats.ProvisionedConcurrencyCost += gbs * s.prices.ProvisionedPerGBSecond
		fn.stats.Cost += gbs * s.prices.ProvisionedPerGBSecond
		p.billedUntil = now
	}
}
