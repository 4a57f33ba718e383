package beanstalk

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// ConfigurationOptionDescription describes an option the package
// supports, as DescribeConfigurationOptions returns it.
type ConfigurationOptionDescription struct {
	Namespace    string
	Name         string
	DefaultValue string
	// ValueType is "Scalar".
	ValueType string
	// ValueOptions are the values of an enumerated option; MinValue and
	// MaxValue bound an integer one.
	ValueOptions       []string
	MinValue, MaxValue *int
}

// OptionSpecification names an option.
type OptionSpecification struct {
	Namespace  string
	OptionName string
}

// DescribeConfigurationOptionsInput is the input of
// [Service.DescribeConfigurationOptions].
type DescribeConfigurationOptionsInput struct {
	// ApplicationName, EnvironmentName and SolutionStackName are
	// recorded; the options are the same for every platform.
	ApplicationName   string
	EnvironmentName   string
	SolutionStackName string
	// Options, when given, are the options to describe.
	Options []OptionSpecification
}

// DescribeConfigurationOptionsOutput is the output of
// [Service.DescribeConfigurationOptions].
type DescribeConfigurationOptionsOutput struct {
	SolutionStackName string
	Options           []ConfigurationOptionDescription
}

// DescribeConfigurationOptions describes the options the package
// supports, with their defaults and the values they take, in the order
// of the package's table.
func (s *Service) DescribeConfigurationOptions(ctx context.Context, in *DescribeConfigurationOptionsInput) (*DescribeConfigurationOptionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &DescribeConfigurationOptionsOutput{SolutionStackName: in.SolutionStackName}
	for _, spec := range optionSpecs {
		if len(in.Options) > 0 && !slices.Contains(in.Options, OptionSpecification{Namespace: spec.namespace, OptionName: spec.name}) {
			continue
		}
		d := ConfigurationOptionDescription{Namespace: spec.namespace, Name: spec.name, DefaultValue: spec.def, ValueType: "Scalar", ValueOptions: slices.Clone(spec.values)}
		if !spec.text && spec.values == nil {
			d.MinValue, d.MaxValue = new(spec.lo), new(spec.hi)
		}
		out.Options = append(out.Options, d)
	}
	return out, nil
}

// ValidationMessage is what ValidateConfigurationSettings finds wrong
// with one option setting.
type ValidationMessage struct {
	Message string
	// Severity is "error": the setting would be refused.
	Severity   string
	Namespace  string
	OptionName string
}

// ValidateConfigurationSettingsInput is the input of
// [Service.ValidateConfigurationSettings].
type ValidateConfigurationSettingsInput struct {
	ApplicationName string // Required.
	// EnvironmentName, when set, is the environment the settings would
	// apply to: they are checked together with its own.
	EnvironmentName string
	OptionSettings  []ConfigurationOptionSetting // Required.
}

// ValidateConfigurationSettingsOutput is the output of
// [Service.ValidateConfigurationSettings].
type ValidateConfigurationSettingsOutput struct {
	Messages []ValidationMessage
}

// ValidateConfigurationSettings checks option settings as
// CreateEnvironment and UpdateEnvironment would, and returns what is
// wrong with them; none when they are valid.
//
// Errors: ErrInvalidParameterValue (no such application or environment),
// ErrMissingParameter.
func (s *Service) ValidateConfigurationSettings(ctx context.Context, in *ValidateConfigurationSettingsInput) (*ValidateConfigurationSettingsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.lookupAppLocked(in.ApplicationName); err != nil {
		return nil, err
	}
	var base []ConfigurationOptionSetting
	if in.EnvironmentName != "" {
		e, err := s.lookupEnvLocked("", in.EnvironmentName)
		if err != nil {
			return nil, err
		}
		base = append(slices.Clone(e.saved), e.given...)
	}
	out := &ValidateConfigurationSettingsOutput{}
	for _, o := range in.OptionSettings {
		if err := checkOption(o); err != nil {
			out.Messages = append(out.Messages, ValidationMessage{Message: err.(*Error).Message, Severity: "error", Namespace: o.Namespace, OptionName: o.OptionName})
		}
	}
	if len(out.Messages) == 0 {
		if _, err := resolveOptions(base, in.OptionSettings); err != nil {
			out.Messages = append(out.Messages, ValidationMessage{Message: err.(*Error).Message, Severity: "error", Namespace: NamespaceASG})
		}
	}
	return out, nil
}

// ConfigurationSettingsDescription is an environment's configuration.
type ConfigurationSettingsDescription struct {
	ApplicationName   string
	TemplateName      string // of a template
	Description       string
	EnvironmentName   string // of an environment
	SolutionStackName string
	// DeploymentStatus is "deployed" for an environment.
	DeploymentStatus string
	DateCreated      time.Time
	DateUpdated      time.Time
	// OptionSettings are every supported option's value, in the order of
	// the package's table.
	OptionSettings []ConfigurationOptionSetting
}

// DescribeConfigurationSettingsInput is the input of
// [Service.DescribeConfigurationSettings].
type DescribeConfigurationSettingsInput struct {
	ApplicationName string // Required.
	// TemplateName or EnvironmentName, one of them, is the configuration
	// to describe.
	TemplateName    string
	EnvironmentName string
}

// DescribeConfigurationSettingsOutput is the output of
// [Service.DescribeConfigurationSettings].
type DescribeConfigurationSettingsOutput struct {
	ConfigurationSettings []ConfigurationSettingsDescription
}

// DescribeConfigurationSettings describes an environment's
// configuration: every option's value, given or default.
//
// Errors: ErrInvalidParameterValue (no such application or environment),
// ErrMissingParameter.
func (s *Service) DescribeConfigurationSettings(ctx context.Context, in *DescribeConfigurationSettingsInput) (*DescribeConfigurationSettingsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookupAppLocked(in.ApplicationName)
	if err != nil {
		return nil, err
	}
	if in.TemplateName != "" {
		t, err := s.lookupTemplateLocked(in.ApplicationName, in.TemplateName)
		if err != nil {
			return nil, err
		}
		return &DescribeConfigurationSettingsOutput{ConfigurationSettings: []ConfigurationSettingsDescription{t.describe(a)}}, nil
	}
	e, err := s.lookupEnvLocked("", in.EnvironmentName)
	if err != nil {
		return nil, err
	}
	d := ConfigurationSettingsDescription{
		ApplicationName: e.desc.ApplicationName, EnvironmentName: e.desc.EnvironmentName, SolutionStackName: e.desc.SolutionStackName,
		DeploymentStatus: "deployed", DateCreated: e.desc.DateCreated, DateUpdated: e.desc.DateUpdated,
	}
	d.OptionSettings = e.opts.list()
	return &DescribeConfigurationSettingsOutput{ConfigurationSettings: []ConfigurationSettingsDescription{d}}, nil
}
