package lambda

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"

	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/internal/service"
)

// PublishVersionInput is the input of [Service.PublishVersion].
type PublishVersionInput struct {
	FunctionName string
	Description  string
	// CodeSha256, when set, must be $LATEST's.
	CodeSha256 string
	// RevisionId, when set, must be $LATEST's.
	RevisionId string
}

// PublishVersionOutput is the output of [Service.PublishVersion]: the
// version's configuration.
type PublishVersionOutput = FunctionConfiguration

// PublishVersion snapshots $LATEST's code and configuration as the next
// version number. When neither changed since the last published version,
// it returns that version instead of making a new one, as AWS does.
//
// Errors: [ErrResourceNotFoundException], [ErrInvalidParameterValueException]
// for a CodeSha256 that is not $LATEST's, [ErrPreconditionFailedException]
// for a stale RevisionId.
func (s *Service) PublishVersion(ctx context.Context, in *PublishVersionInput) (*PublishVersionOutput, error) {
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
	if in.CodeSha256 != "" && in.CodeSha256 != fn.latest.cfg.CodeSha256 {
		return nil, ErrInvalidParameterValueException.With("CodeSHA256 (%s) is different from current CodeSHA256 in $LATEST (%s). Please try again with the CodeSHA256 in $LATEST.", in.CodeSha256, fn.latest.cfg.CodeSha256)
	}
	if in.RevisionId != "" && in.RevisionId != fn.latest.cfg.RevisionId {
		return nil, errRevision()
	}
	out := s.publish(fn, in.Description).config()
	return &out, nil
}

// publish makes the next version of fn from $LATEST, or returns the last
// one when $LATEST has not changed since.
func (s *Service) publish(fn *function, description string) *version {
	for i := len(fn.published) - 1; i >= 0; i-- {
		if last := fn.published[i]; last != nil {
			if last.cfg.CodeSha256 == fn.latest.cfg.CodeSha256 && reflect.DeepEqual(last.settings(), fn.latest.settings()) {
				return last
			}
			break
		}
	}
	v := &version{fn: fn, cfg: fn.latest.config(), code: fn.latest.code, generation: 1}
	v.cfg.Version = strconv.Itoa(len(fn.published) + 1)
	v.cfg.FunctionArn = fn.arn + ":" + v.cfg.Version
	if description != "" {
		v.cfg.Description = description
	}
	fn.published = append(fn.published, v)
	return v
}

// ListVersionsByFunctionInput is the input of
// [Service.ListVersionsByFunction].
type ListVersionsByFunctionInput struct {
	FunctionName string
}

// ListVersionsByFunctionOutput is the output of
// [Service.ListVersionsByFunction].
type ListVersionsByFunctionOutput struct {
	Versions []FunctionConfiguration
}

// ListVersionsByFunction lists $LATEST and the published versions, in
// order. Errors: [ErrResourceNotFoundException].
func (s *Service) ListVersionsByFunction(ctx context.Context, in *ListVersionsByFunctionInput) (*ListVersionsByFunctionOutput, error) {
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
	out := &ListVersionsByFunctionOutput{Versions: []FunctionConfiguration{fn.latest.config()}}
	for _, v := range fn.published {
		if v != nil {
			out.Versions = append(out.Versions, v.config())
		}
	}
	return out, nil
}

// alias is a named pointer to a version, with an optional second version
// that takes a share of the invocations.
type alias struct {
	name        string
	version     string
	weights     map[string]float64 // AdditionalVersionWeights: at most one
	description string
	revisionID  string
	policy      *resourcePolicy // nil without one (permissions.go)
}

// AliasConfiguration describes an alias.
type AliasConfiguration struct {
	AliasArn        string
	Name            string
	FunctionVersion string
	Description     string
	// AdditionalVersionWeights routes this share (0 to 1) of invocations
	// to another version; the primary version gets the rest.
	AdditionalVersionWeights map[string]float64
	RevisionId               string
}

// CreateAliasInput is the input of [Service.CreateAlias].
type CreateAliasInput struct {
	FunctionName string
	// Name is 1 to 128 letters, digits, hyphens and underscores, not all
	// digits.
	Name            string
	FunctionVersion string // a published version number or $LATEST
	Description     string
	// AdditionalVersionWeights holds at most one other published version
	// and its share, 0 to 1.
	AdditionalVersionWeights map[string]float64
}

// CreateAliasOutput is the output of [Service.CreateAlias]: the new alias.
type CreateAliasOutput = AliasConfiguration

// CreateAlias creates an alias. Errors: [ErrResourceNotFoundException],
// [ErrResourceConflictException] for a taken name,
// [ErrValidationException] for a bad name,
// [ErrInvalidParameterValueException] for a bad routing configuration.
func (s *Service) CreateAlias(ctx context.Context, in *CreateAliasInput) (*CreateAliasOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if !isName(in.Name, 128) || input.IsDigits(in.Name) {
		return nil, ErrValidationException.With("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)", in.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, _, err := s.lookup(in.FunctionName, "")
	if err != nil {
		return nil, err
	}
	if fn.aliases[in.Name] != nil {
		return nil, ErrResourceConflictException.With("Alias already exists: %s:%s", fn.arn, in.Name)
	}
	if err := s.checkRouting(fn, in.FunctionVersion, in.AdditionalVersionWeights); err != nil {
		return nil, err
	}
	a := &alias{name: in.Name, version: in.FunctionVersion, weights: copyWeights(in.AdditionalVersionWeights), description: in.Description, revisionID: s.rng.UUID().String()}
	fn.aliases[a.name] = a
	out := s.aliasConfig(fn, a)
	return &out, nil
}

// checkRouting checks an alias's target version and routing configuration.
func (s *Service) checkRouting(fn *function, target string, weights map[string]float64) error {
	if target == "" {
		return ErrValidationException.With("1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null")
	}
	if _, _, err := s.resolve(fn, target); err != nil || (target != latest && !input.IsDigits(target)) {
		return ErrResourceNotFoundException.With("Function not found: %s:%s", fn.arn, target)
	}
	if len(weights) > 1 {
		return ErrInvalidParameterValueException.With("Number of items in AdditionalVersionWeights cannot be greater than 1")
	}
	for v, w := range weights {
		switch {
		case target == latest:
			return ErrInvalidParameterValueException.With("$LATEST is not supported for an alias pointing to more than 1 version")
		case v == target:
			return ErrInvalidParameterValueException.With("Invalid function version %s. Function version %s is already included in routing configuration.", v, v)
		case v == latest || !input.IsDigits(v):
			return ErrInvalidParameterValueException.With("Invalid function version %s.", v)
		case w < 0 || w > 1:
			return ErrValidationException.With("1 validation error detected: Value '%v' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]", w)
		}
		if _, _, err := s.resolve(fn, v); err != nil {
			return ErrResourceNotFoundException.With("Function not found: %s:%s", fn.arn, v)
		}
	}
	return nil
}

func (s *Service) aliasConfig(fn *function, a *alias) AliasConfiguration {
	return AliasConfiguration{
		AliasArn: fn.arn + ":" + a.name, Name: a.name, FunctionVersion: a.version, Description: a.description,
		AdditionalVersionWeights: copyWeights(a.weights), RevisionId: a.revisionID,
	}
}

func copyWeights(w map[string]float64) map[string]float64 {
	if len(w) == 0 {
		return nil
	}
	c := make(map[string]float64, len(w))
	for k, v := range w {
		c[k] = v
	}
	return c
}

// GetAliasInput is the input of [Service.GetAlias].
type GetAliasInput struct {
	FunctionName string
	Name         string
}

// GetAliasOutput is the output of [Service.GetAlias]: the alias.
type GetAliasOutput = AliasConfiguration

// GetAlias returns an alias. Errors: [ErrResourceNotFoundException].
func (s *Service) GetAlias(ctx context.Context, in *GetAliasInput) (*GetAliasOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, a, err := s.alias(in.FunctionName, in.Name)
	if err != nil {
		return nil, err
	}
	out := s.aliasConfig(fn, a)
	return &out, nil
}

func (s *Service) alias(function, name string) (*function, *alias, error) {
	fn, _, err := s.lookup(function, "")
	if err != nil {
		return nil, nil, err
	}
	a := fn.aliases[name]
	if a == nil {
		return nil, nil, ErrResourceNotFoundException.With("Cannot find alias arn: %s:%s", fn.arn, name)
	}
	return fn, a, nil
}

// UpdateAliasInput is the input of [Service.UpdateAlias].
type UpdateAliasInput struct {
	FunctionName string
	Name         string
	// FunctionVersion, when set, moves the alias; without
	// AdditionalVersionWeights that also clears its routing.
	FunctionVersion          string
	Description              *string
	AdditionalVersionWeights map[string]float64
	RevisionId               string
}

// UpdateAliasOutput is the output of [Service.UpdateAlias]: the alias as
// changed.
type UpdateAliasOutput = AliasConfiguration

// UpdateAlias changes an alias. Errors: those of [Service.CreateAlias],
// [ErrPreconditionFailedException].
func (s *Service) UpdateAlias(ctx context.Context, in *UpdateAliasInput) (*UpdateAliasOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, a, err := s.alias(in.FunctionName, in.Name)
	if err != nil {
		return nil, err
	}
	if in.RevisionId != "" && in.RevisionId != a.revisionID {
		return nil, errRevision()
	}
	target, weights := a.version, a.weights
	if in.FunctionVersion != "" {
		target, weights = in.FunctionVersion, nil
	}
	if in.AdditionalVersionWeights != nil {
		weights = in.AdditionalVersionWeights
	}
	if err := s.checkRouting(fn, target, weights); err != nil {
		return nil, err
	}
	a.version, a.weights = target, copyWeights(weights)
	if in.Description != nil {
		a.description = *in.Description
	}
	a.revisionID = s.rng.UUID().String()
	out := s.aliasConfig(fn, a)
	return &out, nil
}

// DeleteAliasInput is the input of [Service.DeleteAlias].
type DeleteAliasInput struct {
	FunctionName string
	Name         string
}

// DeleteAliasOutput is the output of [Service.DeleteAlias].
type DeleteAliasOutput struct{}

// DeleteAlias deletes an alias. Errors: [ErrResourceNotFoundException].
func (s *Service) DeleteAlias(ctx context.Context, in *DeleteAliasInput) (*DeleteAliasOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, a, err := s.alias(in.FunctionName, in.Name)
	if err != nil {
		return nil, err
	}
	delete(fn.aliases, a.name)
	return &DeleteAliasOutput{}, nil
}

// ListAliasesInput is the input of [Service.ListAliases].
type ListAliasesInput struct {
	FunctionName string
	// FunctionVersion lists only the aliases of this version.
	FunctionVersion string
}

// ListAliasesOutput is the output of [Service.ListAliases].
type ListAliasesOutput struct {
	Aliases []AliasConfiguration
}

// ListAliases lists a function's aliases in name order. Errors:
// [ErrResourceNotFoundException].
func (s *Service) ListAliases(ctx context.Context, in *ListAliasesInput) (*ListAliasesOutput, error) {
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
	out := &ListAliasesOutput{}
	for _, name := range slices.Sorted(maps.Keys(fn.aliases)) {
		if a := fn.aliases[name]; in.FunctionVersion == "" || a.version == in.FunctionVersion {
			out.Aliases = append(out.Aliases, s.aliasConfig(fn, a))
		}
	}
	return out, nil
}

// pick returns the version an invocation through a routed alias runs: the
// additional version with its weight's probability, drawn from the seeded
// stream, or else the primary.
func (s *Service) pick(fn *function, a *alias, primary *version) *version {
	if a == nil || len(a.weights) == 0 {
		return primary
	}
	names := make([]string, 0, len(a.weights))
	for v := range a.weights {
		names = append(names, v)
	}
	sort.Strings(names)
	draw := s.rng.Float64()
	for _, name := range names {
		if draw < a.weights[name] {
			if v, _, err := s.resolve(fn, name); err == nil {
				return v
			}
		}
		draw -= a.weights[name]
	}
	return primary
}
