package beanstalk

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// MaxConfigurationTemplates is the most configuration templates (saved
// configurations) an account has in a region.
const MaxConfigurationTemplates = 2000

// configTemplate is a configuration template of an application: option
// settings to create environments with.
type configTemplate struct {
	name, description, solutionStack string
	settings                         []ConfigurationOptionSetting
	created, updated                 time.Time
	tags                             []Tag
}

// SourceConfiguration names a configuration template to copy.
type SourceConfiguration struct {
	ApplicationName string
	TemplateName    string
}

// CreateConfigurationTemplateInput is the input of
// [Service.CreateConfigurationTemplate].
type CreateConfigurationTemplateInput struct {
	ApplicationName string // Required.
	TemplateName    string // Required: 1 to 100 characters.
	Description     string
	// SolutionStackName is recorded.
	SolutionStackName string
	// SourceConfiguration, a template to start from, or EnvironmentId,
	// an environment whose settings to start from, at most one.
	SourceConfiguration *SourceConfiguration
	EnvironmentId       string
	// OptionSettings apply over what the template starts from.
	OptionSettings []ConfigurationOptionSetting
	// Tags are the template's tags, at most MaxTags.
	Tags []Tag
}

// CreateConfigurationTemplateOutput is the output of
// [Service.CreateConfigurationTemplate].
type CreateConfigurationTemplateOutput struct {
	ConfigurationSettingsDescription
}

// CreateConfigurationTemplate saves a configuration: option settings that
// CreateEnvironment applies with TemplateName, below its own settings and
// above the version's .ebextensions.
//
// Errors: ErrInvalidParameterValue (a bad or taken name, an application,
// template or environment that does not exist, a bad option),
// ErrInvalidParameterCombination (a source template and an environment),
// ErrTooManyConfigurationTemplates, ErrTooManyTags.
func (s *Service) CreateConfigurationTemplate(ctx context.Context, in *CreateConfigurationTemplateInput) (*CreateConfigurationTemplateOutput, error) {
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
	switch {
	case in.TemplateName == "" || len(in.TemplateName) > 100:
		return nil, ErrInvalidParameterValue.With("Template name must be 1 to 100 characters.")
	case a.template(in.TemplateName) != nil:
		return nil, ErrInvalidParameterValue.With("Configuration Template %s already exists.", in.TemplateName)
	case in.SourceConfiguration != nil && in.EnvironmentId != "":
		return nil, ErrInvalidParameterCombination.With("A template starts from a source configuration or an environment, not both.")
	case s.templateCountLocked() >= MaxConfigurationTemplates:
		return nil, ErrTooManyConfigurationTemplates.With("You cannot have more than %d configuration templates.", MaxConfigurationTemplates)
	}
	var base []ConfigurationOptionSetting
	switch {
	case in.SourceConfiguration != nil:
		src, err := s.lookupTemplateLocked(in.SourceConfiguration.ApplicationName, in.SourceConfiguration.TemplateName)
		if err != nil {
			return nil, err
		}
		base = src.settings
	case in.EnvironmentId != "":
		e, err := s.lookupEnvLocked(in.EnvironmentId, "")
		if err != nil {
			return nil, err
		}
		base = append(slices.Clone(e.saved), e.given...)
	}
	settings := append(slices.Clone(base), in.OptionSettings...)
	if _, err := resolveOptions(settings); err != nil {
		return nil, err
	}
	tags, err := checkTags(nil, in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	now := s.sched.Now()
	t := &configTemplate{name: in.TemplateName, description: in.Description, solutionStack: in.SolutionStackName, settings: settings, created: now, updated: now, tags: tags}
	a.templates = append(a.templates, t)
	return &CreateConfigurationTemplateOutput{ConfigurationSettingsDescription: t.describe(a)}, nil
}

// template returns the application's template named name, or nil.
func (a *application) template(name string) *configTemplate {
	for _, t := range a.templates {
		if t.name == name {
			return t
		}
	}
	return nil
}

// lookupTemplateLocked returns a template of an application, or AWS's
// error. s.mu must be held.
func (s *Service) lookupTemplateLocked(app, name string) (*configTemplate, error) {
	a, err := s.lookupAppLocked(app)
	if err != nil {
		return nil, err
	}
	t := a.template(name)
	if t == nil {
		return nil, ErrInvalidParameterValue.With("No Configuration Template named '%s/%s' found.", app, name)
	}
	return t, nil
}

// templateCountLocked counts the templates of every application. s.mu
// must be held.
func (s *Service) templateCountLocked() int {
	n := 0
	for _, a := range s.apps {
		n += len(a.templates)
	}
	return n
}

// describe is the template as a configuration: every option's value.
func (t *configTemplate) describe(a *application) ConfigurationSettingsDescription {
	opts, _ := resolveOptions(t.settings) // checked when saved
	return ConfigurationSettingsDescription{
		ApplicationName: a.desc.ApplicationName, TemplateName: t.name, Description: t.description, SolutionStackName: t.solutionStack,
		DateCreated: t.created, DateUpdated: t.updated, OptionSettings: opts.list(),
	}
}

// UpdateConfigurationTemplateInput is the input of
// [Service.UpdateConfigurationTemplate].
type UpdateConfigurationTemplateInput struct {
	ApplicationName string // Required.
	TemplateName    string // Required.
	Description     string
	// OptionSettings apply over the template's; OptionsToRemove go back
	// to their defaults.
	OptionSettings  []ConfigurationOptionSetting
	OptionsToRemove []OptionSpecification
}

// UpdateConfigurationTemplateOutput is the output of
// [Service.UpdateConfigurationTemplate].
type UpdateConfigurationTemplateOutput struct {
	ConfigurationSettingsDescription
}

// UpdateConfigurationTemplate changes a template's settings. Environments
// created from it keep the settings they were created with.
//
// Errors: ErrInvalidParameterValue (no such template, a bad option).
func (s *Service) UpdateConfigurationTemplate(ctx context.Context, in *UpdateConfigurationTemplateInput) (*UpdateConfigurationTemplateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookupTemplateLocked(in.ApplicationName, in.TemplateName)
	if err != nil {
		return nil, err
	}
	settings := slices.DeleteFunc(slices.Clone(t.settings), func(o ConfigurationOptionSetting) bool {
		return slices.Contains(in.OptionsToRemove, OptionSpecification{Namespace: o.Namespace, OptionName: o.OptionName})
	})
	settings = append(settings, in.OptionSettings...)
	if _, err := resolveOptions(settings); err != nil {
		return nil, err
	}
	t.settings, t.updated = settings, s.sched.Now()
	if in.Description != "" {
		t.description = in.Description
	}
	return &UpdateConfigurationTemplateOutput{ConfigurationSettingsDescription: t.describe(s.appLocked(in.ApplicationName))}, nil
}

// DeleteConfigurationTemplateInput is the input of
// [Service.DeleteConfigurationTemplate].
type DeleteConfigurationTemplateInput struct {
	ApplicationName string // Required.
	TemplateName    string // Required.
}

// DeleteConfigurationTemplateOutput is the output of
// [Service.DeleteConfigurationTemplate].
type DeleteConfigurationTemplateOutput struct{}

// DeleteConfigurationTemplate deletes a template. Environments created
// from it keep their settings.
//
// Errors: ErrInvalidParameterValue (no such template).
func (s *Service) DeleteConfigurationTemplate(ctx context.Context, in *DeleteConfigurationTemplateInput) (*DeleteConfigurationTemplateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookupTemplateLocked(in.ApplicationName, in.TemplateName)
	if err != nil {
		return nil, err
	}
	a := s.appLocked(in.ApplicationName)
	a.templates = slices.DeleteFunc(a.templates, func(x *configTemplate) bool { return x == t })
	return &DeleteConfigurationTemplateOutput{}, nil
}
