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
