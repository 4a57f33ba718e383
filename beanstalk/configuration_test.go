package beanstalk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
)

// DescribeConfigurationOptions gives each supported option's default and
// the values it takes.
func TestDescribeConfigurationOptionsGivesDefaultsAndRanges(t *testing.T) {
	w := newWorld(t)
	out, err := w.svc.DescribeConfigurationOptions(ctx, &beanstalk.DescribeConfigurationOptionsInput{
		Options: []beanstalk.OptionSpecification{{Namespace: beanstalk.NamespaceASG, OptionName: "MaxSize"}, {Namespace: beanstalk.NamespaceCommand, OptionName: "DeploymentPolicy"}},
	})
	require.NoError(t, err)
	require.Len(t, out.Options, 2)
	assert.Equal(t, "4", out.Options[0].DefaultValue)
	assert.Equal(t, 10000, *out.Options[0].MaxValue)
	assert.Equal(t, "AllAtOnce", out.Options[1].DefaultValue)
	assert.Contains(t, out.Options[1].ValueOptions, "TrafficSplitting")
	all, err := w.svc.DescribeConfigurationOptions(ctx, nil)
	require.NoError(t, err)
	assert.Greater(t, len(all.Options), 30)
}

// ValidateConfigurationSettings reports what CreateEnvironment would
// refuse, as messages, and nothing for valid settings.
func TestValidateConfigurationSettingsReportsWhatWouldBeRefused(t *testing.T) {
	w := newWorld(t)
	out, err := w.svc.ValidateConfigurationSettings(ctx, &beanstalk.ValidateConfigurationSettingsInput{ApplicationName: "shop", OptionSettings: []beanstalk.ConfigurationOptionSetting{
		option(beanstalk.NamespaceASG, "MaxSize", "6"),
	}})
	require.NoError(t, err)
	assert.Empty(t, out.Messages)
	out, err = w.svc.ValidateConfigurationSettings(ctx, &beanstalk.ValidateConfigurationSettingsInput{ApplicationName: "shop", OptionSettings: []beanstalk.ConfigurationOptionSetting{
		option(beanstalk.NamespaceTrigger, "Period", "0"), option("aws:made:up", "X", "1"),
	}})
	require.NoError(t, err)
	require.Len(t, out.Messages, 2)
	assert.Equal(t, "error", out.Messages[0].Severity)
	assert.Equal(t, "Period", out.Messages[0].OptionName)
	out, err = w.svc.ValidateConfigurationSettings(ctx, &beanstalk.ValidateConfigurationSettingsInput{ApplicationName: "shop", OptionSettings: []beanstalk.ConfigurationOptionSetting{
		option(beanstalk.NamespaceASG, "MinSize", "5"),
	}})
	require.NoError(t, err)
	assert.Len(t, out.Messages, 1, "MinSize above the default MaxSize")
}

// DescribeConfigurationSettings gives every option's value, the given
// ones and the defaults.
func TestDescribeConfigurationSettingsGivesEveryValue(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil, option(beanstalk.NamespaceASG, "MaxSize", "6"))
	out, err := w.svc.DescribeConfigurationSettings(ctx, &beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, out.ConfigurationSettings, 1)
	values := map[string]string{}
	for _, o := range out.ConfigurationSettings[0].OptionSettings {
		values[o.Namespace+" "+o.OptionName] = o.Value
	}
	assert.Equal(t, "6", values[beanstalk.NamespaceASG+" MaxSize"])
	assert.Equal(t, "1", values[beanstalk.NamespaceASG+" MinSize"])
	assert.Equal(t, "NetworkOut", values[beanstalk.NamespaceTrigger+" MeasureName"])
}

// A configuration template's settings apply to the environments made
// from it, below their own settings; a template can start from an
// environment, and changing or deleting it leaves those environments be.
func TestConfigurationTemplatesGiveEnvironmentsTheirSettings(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.CreateConfigurationTemplate(ctx, &beanstalk.CreateConfigurationTemplateInput{
		ApplicationName: "shop", TemplateName: "big", OptionSettings: []beanstalk.ConfigurationOptionSetting{
			option(beanstalk.NamespaceASG, "MinSize", "3"), option(beanstalk.NamespaceASG, "MaxSize", "8"),
		},
	})
	require.NoError(t, err)
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", TemplateName: "big",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceASG, "MaxSize", "5")}})
	require.NoError(t, err)
	values := func(in *beanstalk.DescribeConfigurationSettingsInput) map[string]string {
		out, err := w.svc.DescribeConfigurationSettings(ctx, in)
		require.NoError(t, err)
		got := map[string]string{}
		for _, o := range out.ConfigurationSettings[0].OptionSettings {
			got[o.OptionName] = o.Value
		}
		return got
	}
	env := values(&beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", EnvironmentName: "shop-prod"})
	assert.Equal(t, "3", env["MinSize"], "from the template")
	assert.Equal(t, "5", env["MaxSize"], "the environment's own setting wins")

	_, err = w.svc.CreateConfigurationTemplate(ctx, &beanstalk.CreateConfigurationTemplateInput{ApplicationName: "shop", TemplateName: "copy", EnvironmentId: w.env("shop-prod").EnvironmentId})
	require.NoError(t, err)
	copied := values(&beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", TemplateName: "copy"})
	assert.Equal(t, "3", copied["MinSize"])
	assert.Equal(t, "5", copied["MaxSize"])

	_, err = w.svc.UpdateConfigurationTemplate(ctx, &beanstalk.UpdateConfigurationTemplateInput{ApplicationName: "shop", TemplateName: "big",
		OptionsToRemove: []beanstalk.OptionSpecification{{Namespace: beanstalk.NamespaceASG, OptionName: "MinSize"}}})
	require.NoError(t, err)
	assert.Equal(t, "1", values(&beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", TemplateName: "big"})["MinSize"], "back to the default")
	_, err = w.svc.DeleteConfigurationTemplate(ctx, &beanstalk.DeleteConfigurationTemplateInput{ApplicationName: "shop", TemplateName: "big"})
	require.NoError(t, err)
	assert.Equal(t, "3", values(&beanstalk.DescribeConfigurationSettingsInput{ApplicationName: "shop", EnvironmentName: "shop-prod"})["MinSize"], "the environment keeps its settings")
	apps, err := w.svc.DescribeApplications(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"copy"}, apps.Applications[0].ConfigurationTemplates)

	_, err = w.svc.CreateConfigurationTemplate(ctx, &beanstalk.CreateConfigurationTemplateInput{ApplicationName: "shop", TemplateName: "copy"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "a taken name")
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-test", VersionLabel: "v1", TemplateName: "big"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "a deleted template")
}
