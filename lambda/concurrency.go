package lambda

import (
	"context"

	"github.com/awssim/awssim/internal/service"
)

// PutFunctionConcurrencyInput is the input of
// [Service.PutFunctionConcurrency].
type PutFunctionConcurrencyInput struct {
	FunctionName                 string
	ReservedConcurrentExecutions int
}

// PutFunctionConcurrencyOutput is the output of
// [Service.PutFunctionConcurrency].
type PutFunctionConcurrencyOutput struct {
	ReservedConcurrentExecutions int
}

// PutFunctionConcurrency reserves concurrency for a function: it can run
// at most that many invocations at once, and the rest of the account
// cannot use them. Zero stops all its invocations. At least 100 must stay
// unreserved.
//
// Errors: [ErrResourceNotFoundException], [ErrInvalidParameterValueException]
// for a qualified name or too much reserved.
func (s *Service) PutFunctionConcurrency(ctx context.Context, in *PutFunctionConcurrencyInput) (*PutFunctionConcurrencyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.ReservedConcurrentExecutions < 0 {
		return nil, ErrValidationException.With("1 validation error detected: Value '%d' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0", in.ReservedConcurrentExecutions)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, qualifier, err := s.lookup(in.FunctionName, "")
	if err != nil {
		return nil, err
	}
	if qualifier != "" {
		return nil, ErrInvalidParameterValueException.With("This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
	}
	others := s.reservedTotal
	if fn.hasReserve {
		others -= fn.reserved
	}
	pc := 0
	for _, p := range fn.provisioned {
		pc += p.requested
	}
	if in.ReservedConcurrentExecutions < pc {
		return nil, ErrInvalidParameterValueException.With("Specified ReservedConcurrentExecutions (%d) is lower than the function's provisioned concurrency (%d).", in.ReservedConcurrentExecutions, pc)
	}
	if s.concurrencyLimit-others-in.ReservedConcurrentExecutions < MinUnreservedConcurrency {
		return nil, ErrInvalidParameterValueException.With("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", MinUnreservedConcurrency)
	}
	if !fn.hasReserve { // its running invocations move to the reserved side
		s.busyReserved += fn.busy
	}
	fn.hasReserve, fn.reserved = true, in.ReservedConcurrentExecutions
	s.reservedTotal = others + fn.reserved
	return &PutFunctionConcurrencyOutput{ReservedConcurrentExecutions: fn.reserved}, nil
}

// GetFunctionConcurrencyInput is the input of
// [Service.GetFunctionConcurrency].
type GetFunctionConcurrencyInput struct {
	FunctionName string
}

// GetFunctionConcurrencyOutput is the output of
// [Service.GetFunctionConcurrency]: nil without a reservation.
type GetFunctionConcurrencyOutput struct {
	ReservedConcurrentExecutions *int
}

// GetFunctionConcurrency returns a function's reserved concurrency.
// Errors: [ErrResourceNotFoundException].
func (s *Service) GetFunctionConcurrency(ctx context.Context, in *GetFunctionConcurrencyInput) (*GetFunctionConcurrencyOutput, error) {
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
	out := &GetFunctionConcurrencyOutput{}
	if fn.hasReserve {
		n := fn.reserved
		out.ReservedConcurrentExecutions = &n
	}
	return out, nil
}

// DeleteFunctionConcurrencyOutput is the output of
// [Service.DeleteFunctionConcurrency].
type DeleteFunctionConcurrencyOutput struct{}

// DeleteFunctionConcurrencyInput is the input of
// [Service.DeleteFunctionConcurrency].
type DeleteFunctionConcurrencyInput struct {
	FunctionName string
}

// DeleteFunctionConcurrency removes a function's reservation: it shares
// the account's unreserved concurrency again. Errors:
// [ErrResourceNotFoundException].
func (s *Service) DeleteFunctionConcurrency(ctx context.Context, in *DeleteFunctionConcurrencyInput) (*DeleteFunctionConcurrencyOutput, error) {
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
	if fn.hasReserve {
		s.reservedTotal -= fn.reserved
		s.busyReserved -= fn.busy // its running invocations move to the unreserved side
		fn.hasReserve, fn.reserved = false, 0
	}
	return &DeleteFunctionConcurrencyOutput{}, nil
}
