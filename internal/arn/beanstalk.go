package arn

import (
	"fmt"
	"strings"
)

// Limits of the parts of Elastic Beanstalk ARNs.
const (
	// maxApplicationName is the longest application name, in characters.
	maxApplicationName = 100
	// maxVersionLabel is the longest version label, in characters.
	maxVersionLabel = 100
	// minEnvironmentName and maxEnvironmentName bound the length of an
	// environment name.
	minEnvironmentName, maxEnvironmentName = 4, 40
	// maxTemplateName is the longest configuration template name, in
	// characters.
	maxTemplateName = 100
)

// Application is the ARN of an Elastic Beanstalk application:
// arn:aws:elasticbeanstalk:Region:AccountID:application/Name.
type Application struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 100 characters of text without a slash; it may contain
	// spaces ("My App").
	Name string
}

// String formats the application's ARN.
func (app Application) String() string {
	return "arn:" + partition(app.Partition) + ":elasticbeanstalk:" + app.Region + ":" + app.AccountID + ":application/" + app.Name
}

// ParseApplication parses the ARN of an Elastic Beanstalk application.
//
// AWS documents no rule against a slash in an application name, but the
// ARNs of versions and environments could not be read with one, so it is
// refused here.
func ParseApplication(s string) (Application, error) {
	const what = "Elastic Beanstalk application ARN"
	a, name, err := parseResource(s, "elasticbeanstalk", what, "application/")
	if err != nil {
		return Application{}, err
	}
	if !isApplicationName(name) {
		return Application{}, malformed(s, what, "the application name is not 1 to 100 characters of text without a slash")
	}
	return Application{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name}, nil
}

// ApplicationVersion is the ARN of a version of an Elastic Beanstalk
// application:
// arn:aws:elasticbeanstalk:Region:AccountID:applicationversion/AppName/Label.
type ApplicationVersion struct {
	// Application is the version's application.
	Application Application
	// Label is 1 to 100 characters of text.
	Label string
}

// String formats the version's ARN.
func (v ApplicationVersion) String() string {
	app := v.Application
	return "arn:" + partition(app.Partition) + ":elasticbeanstalk:" + app.Region + ":" + app.AccountID + ":applicationversion/" + app.Name + "/" + v.Label
}

// ParseApplicationVersion parses the ARN of an application version; its
// Application field formats as the ARN of the version's application. The
// application name ends at the first slash, the label is the rest.
func ParseApplicationVersion(s string) (ApplicationVersion, error) {
	app, label, err := parseApplicationText(s, "Elastic Beanstalk application version ARN", "applicationversion/", "version label", maxVersionLabel)
	return ApplicationVersion{Application: app, Label: label}, err
}

// parseApplicationText parses the ARN s of a resource of an application
// named by text, …:<prefix>AppName/Text, the text 1 to max characters
// long (a noun, in what is wrong).
func parseApplicationText(s, what, prefix, noun string, max int) (Application, string, error) {
	a, rest, err := parseResource(s, "elasticbeanstalk", what, prefix)
	if err != nil {
		return Application{}, "", err
	}
	app, text, why := applicationPath(a, rest)
	switch {
	case why != "":
		return Application{}, "", malformed(s, what, why)
	case !isText(text, max):
		return Application{}, "", malformed(s, what, fmt.Sprintf("the %s is not 1 to %d characters of text", noun, max))
	}
	return app, text, nil
}

// Environment is the ARN of an Elastic Beanstalk environment:
// arn:aws:elasticbeanstalk:Region:AccountID:environment/AppName/Name.
type Environment struct {
	// Application is the environment's application.
	Application Application
	// Name is 4 to 40 letters, digits and hyphens, not beginning or
	// ending with a hyphen.
	Name string
}

// String formats the environment's ARN.
func (e Environment) String() string {
	app := e.Application
	return "arn:" + partition(app.Partition) + ":elasticbeanstalk:" + app.Region + ":" + app.AccountID + ":environment/" + app.Name + "/" + e.Name
}

// ParseEnvironment parses the ARN of an environment; its Application
// field formats as the ARN of the environment's application.
func ParseEnvironment(s string) (Environment, error) {
	const what = "Elastic Beanstalk environment ARN"
	a, rest, err := parseResource(s, "elasticbeanstalk", what, "environment/")
	if err != nil {
		return Environment{}, err
	}
	app, name, why := applicationPath(a, rest)
	switch {
	case why != "":
		return Environment{}, malformed(s, what, why)
	case !isHyphenated(name, minEnvironmentName, maxEnvironmentName):
		return Environment{}, malformed(s, what, "the environment name is not 4 to 40 letters, digits and inner hyphens")
	}
	return Environment{Application: app, Name: name}, nil
}

// ConfigurationTemplate is the ARN of a configuration template (a saved
// configuration) of an Elastic Beanstalk application:
// arn:aws:elasticbeanstalk:Region:AccountID:configurationtemplate/AppName/Name.
type ConfigurationTemplate struct {
	// Application is the template's application.
	Application Application
	// Name is 1 to 100 characters of text.
	Name string
}

// String formats the template's ARN.
func (t ConfigurationTemplate) String() string {
	app := t.Application
	return "arn:" + partition(app.Partition) + ":elasticbeanstalk:" + app.Region + ":" + app.AccountID + ":configurationtemplate/" + app.Name + "/" + t.Name
}

// ParseConfigurationTemplate parses the ARN of a configuration
// template; its Application field formats as the ARN of the template's
// application. The application name ends at the first slash, the
// template's name is the rest.
func ParseConfigurationTemplate(s string) (ConfigurationTemplate, error) {
	app, name, err := parseApplicationText(s, "Elastic Beanstalk configuration template ARN", "configurationtemplate/", "template name", maxTemplateName)
	return ConfigurationTemplate{Application: app, Name: name}, err
}

// applicationPath cuts p, AppName/Rest at the end of a's resource, into
// the application and the rest, and says why when it does not have that
// form.
func applicationPath(a ARN, p string) (app Application, rest, why string) {
	name, rest, ok := strings.Cut(p, "/")
	switch {
	case !isApplicationName(name):
		return Application{}, "", "the application name is not 1 to 100 characters of text without a slash"
	case !ok:
		return Application{}, "", "the application name is not followed by a slash"
	}
	return Application{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name}, rest, ""
}

// isApplicationName reports whether name is 1 to 100 characters of text
// without a slash.
func isApplicationName(name string) bool {
	return isText(name, maxApplicationName) && !strings.Contains(name, "/")
}
