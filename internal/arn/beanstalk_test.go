package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

const ebPrefix = "arn:aws:elasticbeanstalk:us-east-2:123456789012:"

func application(name string) arn.Application {
	return arn.Application{Partition: "aws", Region: "us-east-2", AccountID: account, Name: name}
}

// An application's ARN is …:application/<name>, the name 1 to 100
// characters ("My App" in AWS's own example).
func TestParseApplication(t *testing.T) {
	name100 := strings.Repeat("a", 100)
	testShape(t, arn.ParseApplication, []shapeCase[arn.Application]{
		{name: "with a space", in: ebPrefix + "application/My App", want: application("My App")},
		{name: "100 chars", in: ebPrefix + "application/" + name100, want: application(name100)},
		{name: "colon", in: ebPrefix + "application/a:b", want: application("a:b")},
		{name: "101 chars", in: ebPrefix + "application/" + name100 + "a", bad: true},
		{name: "empty name", in: ebPrefix + "application/", bad: true},
		{name: "slash", in: ebPrefix + "application/a/b", bad: true},
		{name: "control character", in: ebPrefix + "application/a\x01", bad: true},
		{name: "environment ARN", in: ebPrefix + "environment/app/env-1", bad: true},
	})
}

// A version's ARN is …:applicationversion/<application>/<label>.
func TestParseApplicationVersion(t *testing.T) {
	version := func(app, label string) arn.ApplicationVersion {
		return arn.ApplicationVersion{Application: application(app), Label: label}
	}
	label100 := strings.Repeat("v", 100)
	testShape(t, arn.ParseApplicationVersion, []shapeCase[arn.ApplicationVersion]{
		{name: "version", in: ebPrefix + "applicationversion/My App/My Version", want: version("My App", "My Version")},
		{name: "100-char label", in: ebPrefix + "applicationversion/a/" + label100, want: version("a", label100)},
		{name: "101-char label", in: ebPrefix + "applicationversion/a/" + label100 + "v", bad: true},
		{name: "empty label", in: ebPrefix + "applicationversion/a/", bad: true},
		{name: "no label", in: ebPrefix + "applicationversion/a", bad: true},
		{name: "empty application", in: ebPrefix + "applicationversion//v1", bad: true},
		{name: "application ARN", in: ebPrefix + "application/a", bad: true},
	})
}

// An environment's ARN is …:environment/<application>/<name>, the name 4
// to 40 letters, digits and hyphens, not at either end.
func TestParseEnvironment(t *testing.T) {
	env := func(app, name string) arn.Environment {
		return arn.Environment{Application: application(app), Name: name}
	}
	testShape(t, arn.ParseEnvironment, []shapeCase[arn.Environment]{
		{name: "environment", in: ebPrefix + "environment/My App/my-env-1", want: env("My App", "my-env-1")},
		{name: "4 chars", in: ebPrefix + "environment/a/envs", want: env("a", "envs")},
		{name: "40 chars", in: ebPrefix + "environment/a/" + strings.Repeat("e", 40), want: env("a", strings.Repeat("e", 40))},
		{name: "3 chars", in: ebPrefix + "environment/a/env", bad: true},
		{name: "41 chars", in: ebPrefix + "environment/a/" + strings.Repeat("e", 41), bad: true},
		{name: "leading hyphen", in: ebPrefix + "environment/a/-env", bad: true},
		{name: "trailing hyphen", in: ebPrefix + "environment/a/env-", bad: true},
		{name: "underscore", in: ebPrefix + "environment/a/my_env", bad: true},
		{name: "space", in: ebPrefix + "environment/a/my env", bad: true},
		{name: "no application", in: ebPrefix + "environment/my-env", bad: true},
		{name: "extra segment", in: ebPrefix + "environment/a/b/my-env", bad: true},
		{name: "configuration template", in: ebPrefix + "configurationtemplate/a/t", bad: true},
	})
}

// A configuration template's ARN is
// …:configurationtemplate/<application>/<name>.
func TestParseConfigurationTemplate(t *testing.T) {
	template := func(app, name string) arn.ConfigurationTemplate {
		return arn.ConfigurationTemplate{Application: application(app), Name: name}
	}
	name100 := strings.Repeat("t", 100)
	testShape(t, arn.ParseConfigurationTemplate, []shapeCase[arn.ConfigurationTemplate]{
		{name: "template", in: ebPrefix + "configurationtemplate/My App/My Config", want: template("My App", "My Config")},
		{name: "100-char name", in: ebPrefix + "configurationtemplate/a/" + name100, want: template("a", name100)},
		{name: "101-char name", in: ebPrefix + "configurationtemplate/a/" + name100 + "t", bad: true},
		{name: "empty name", in: ebPrefix + "configurationtemplate/a/", bad: true},
		{name: "no name", in: ebPrefix + "configurationtemplate/a", bad: true},
		{name: "environment ARN", in: ebPrefix + "environment/a/my-env", bad: true},
	})
}

// A version's and an environment's Application field formats as their
// application's ARN.
func TestVersionAndEnvironmentNameTheirApplication(t *testing.T) {
	e, err := arn.ParseEnvironment(ebPrefix + "environment/My App/my-env")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Application.String(); got != ebPrefix+"application/My App" {
		t.Errorf("Application formats as %q", got)
	}
}
