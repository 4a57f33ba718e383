package beanstalk

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// ConfigurationOptionSetting is one option of an environment's
// configuration: an option of a namespace, as a string.
type ConfigurationOptionSetting struct {
	Namespace  string
	OptionName string
	Value      string
}

// Namespaces of the options the simulator supports (see the package
// documentation, Options).
const (
	NamespaceASG         = "aws:autoscaling:asg"
	NamespaceTrigger     = "aws:autoscaling:trigger"
	NamespaceLaunch      = "aws:autoscaling:launchconfiguration"
	NamespaceEnvironment = "aws:elasticbeanstalk:environment"
	NamespaceProcess     = "aws:elasticbeanstalk:environment:process:default"
	NamespaceSQSD        = "aws:elasticbeanstalk:sqsd"
	NamespaceCommand     = "aws:elasticbeanstalk:command"
	NamespaceHealth      = "aws:elasticbeanstalk:healthreporting:system"
	// NamespaceTrafficSplitting holds the options of TrafficSplitting
	// deployments.
	NamespaceTrafficSplitting = "aws:elasticbeanstalk:trafficsplitting"
	// NamespaceSNS holds the environment's notification topic.
	NamespaceSNS = "aws:elasticbeanstalk:sns:topics"
	// NamespaceRollingUpdate holds how configuration updates that
	// replace instances go.
	NamespaceRollingUpdate = "aws:autoscaling:updatepolicy:rollingupdate"
)

// optionSpec is what the simulator knows of one option: its default and
// the values it accepts.
type optionSpec struct {
	namespace, name string
	def             string
	lo, hi          int                // the range of an integer option
	values          []string           // the values of an enumerated one
	text            bool               // any text
	valid           func(string) error // checks a text option's value, if set
}

// optionSpecs are the supported options, with the defaults of the
// developer guide's General options page.
var optionSpecs = []optionSpec{
	{namespace: NamespaceASG, name: "MinSize", def: "1", lo: 1, hi: 10000},
	{namespace: NamespaceASG, name: "MaxSize", def: "4", lo: 1, hi: 10000},
	{namespace: NamespaceASG, name: "Cooldown", def: "360", lo: 0, hi: 10000},

	{namespace: NamespaceTrigger, name: "MeasureName", def: "NetworkOut", values: []string{"CPUUtilization", "NetworkIn", "NetworkOut", "DiskWriteOps", "DiskReadBytes", "DiskReadOps", "DiskWriteBytes", "Latency", "RequestCount", "HealthyHostCount", "UnhealthyHostCount", "TargetResponseTime"}},
	{namespace: NamespaceTrigger, name: "Statistic", def: "Average", values: []string{"Minimum", "Maximum", "Sum", "Average"}},
	{namespace: NamespaceTrigger, name: "Unit", def: "Bytes", values: []string{"Seconds", "Percent", "Bytes", "Bits", "Count", "Bytes/Second", "Bits/Second", "Count/Second", "None"}},
	{namespace: NamespaceTrigger, name: "Period", def: "5", lo: 1, hi: 600},
	{namespace: NamespaceTrigger, name: "BreachDuration", def: "5", lo: 1, hi: 600},
	{namespace: NamespaceTrigger, name: "EvaluationPeriods", def: "1", lo: 1, hi: 600},
	{namespace: NamespaceTrigger, name: "UpperThreshold", def: "6000000", lo: 0, hi: 20000000},
	{namespace: NamespaceTrigger, name: "LowerThreshold", def: "2000000", lo: 0, hi: 20000000},
	{namespace: NamespaceTrigger, name: "UpperBreachScaleIncrement", def: "1", lo: -10000, hi: 10000},
	{namespace: NamespaceTrigger, name: "LowerBreachScaleIncrement", def: "-1", lo: -10000, hi: 10000},

	{namespace: NamespaceLaunch, name: "InstanceType", def: "t3.micro", text: true},

	{namespace: NamespaceEnvironment, name: "EnvironmentType", def: "LoadBalanced", values: []string{"LoadBalanced", "SingleInstance"}},
	{namespace: NamespaceEnvironment, name: "LoadBalancerType", def: "application", values: []string{"application", "classic", "network"}},

	{namespace: NamespaceProcess, name: "HealthCheckPath", def: "/", text: true},
	{namespace: NamespaceProcess, name: "Port", def: "80", lo: 1, hi: 65535},
	{namespace: NamespaceProcess, name: "DeregistrationDelay", def: "20", lo: 0, hi: 3600},
	{namespace: NamespaceProcess, name: "HealthCheckInterval", def: "15", lo: 5, hi: 300},
	{namespace: NamespaceProcess, name: "HealthCheckTimeout", def: "5", lo: 1, hi: 60},
	{namespace: NamespaceProcess, name: "HealthyThresholdCount", def: "3", lo: 2, hi: 10},
	{namespace: NamespaceProcess, name: "UnhealthyThresholdCount", def: "5", lo: 2, hi: 10},
	{namespace: NamespaceProcess, name: "MatcherHTTPCode", def: "200", text: true},

	{namespace: NamespaceSQSD, name: "WorkerQueueURL", def: "", text: true},
	{namespace: NamespaceSQSD, name: "HttpPath", def: "/", text: true},
	{namespace: NamespaceSQSD, name: "MimeType", def: "application/json", text: true},
	{namespace: NamespaceSQSD, name: "HttpConnections", def: "50", lo: 1, hi: 100},
	{namespace: NamespaceSQSD, name: "ConnectTimeout", def: "5", lo: 1, hi: 60},
	{namespace: NamespaceSQSD, name: "InactivityTimeout", def: "299", lo: 1, hi: 36000},
	{namespace: NamespaceSQSD, name: "VisibilityTimeout", def: "300", lo: 0, hi: 43200},
	{namespace: NamespaceSQSD, name: "ErrorVisibilityTimeout", def: "2", lo: 0, hi: 43200},
	{namespace: NamespaceSQSD, name: "RetentionPeriod", def: "345600", lo: 60, hi: 1209600},
	{namespace: NamespaceSQSD, name: "MaxRetries", def: "10", lo: 1, hi: 100},

	{namespace: NamespaceCommand, name: "DeploymentPolicy", def: "AllAtOnce", values: []string{"AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting"}},
	{namespace: NamespaceCommand, name: "BatchSizeType", def: "Percentage", values: []string{"Percentage", "Fixed"}},
	{namespace: NamespaceCommand, name: "BatchSize", def: "100", lo: 1, hi: 10000},
	{namespace: NamespaceCommand, name: "Timeout", def: "600", lo: 1, hi: 3600},
	{namespace: NamespaceCommand, name: "IgnoreHealthCheck", def: "false", values: []string{"true", "false"}},
	{namespace: NamespaceCommand, name: "HealthCheckSuccessThreshold", def: "Ok", values: []string{"Ok", "Warning", "Degraded", "Severe"}},

	{namespace: NamespaceHealth, name: "SystemType", def: "basic", values: []string{"basic", "enhanced"}},
	{namespace: NamespaceHealth, name: "ConfigDocument", def: "", text: true, valid: func(v string) error { _, err := parseHealthConfig(v); return err }},

	{namespace: NamespaceTrafficSplitting, name: "NewVersionPercent", def: "10", lo: 1, hi: 100},
	{namespace: NamespaceTrafficSplitting, name: "EvaluationTime", def: "5", lo: 3, hi: 600},

	{namespace: NamespaceSNS, name: "Notification Topic ARN", def: "", text: true},
	{namespace: NamespaceSNS, name: "Notification Endpoint", def: "", text: true},
	{namespace: NamespaceSNS, name: "Notification Protocol", def: "email", values: []string{"http", "https", "email", "email-json", "sqs"}},

	{namespace: NamespaceRollingUpdate, name: "RollingUpdateEnabled", def: "false", values: []string{"true", "false"}},
	{namespace: NamespaceRollingUpdate, name: "RollingUpdateType", def: "Time", values: []string{"Time", "Health", "Immutable"}},
	{namespace: NamespaceRollingUpdate, name: "MinInstancesInService", def: "", lo: 0, hi: 9999}, // min(MinSize, MaxSize - 1)
	{namespace: NamespaceRollingUpdate, name: "MaxBatchSize", def: "", lo: 1, hi: 10000},         // a third of MinSize, rounded up
	{namespace: NamespaceRollingUpdate, name: "PauseTime", def: "", text: true, valid: isoRange("PauseTime", 0, time.Hour)},
	{namespace: NamespaceRollingUpdate, name: "Timeout", def: "PT30M", text: true, valid: isoRange("Timeout", 5*time.Minute, time.Hour)},
}

// isoDuration parses an ISO 8601 duration of the form PT#H#M#S (each
// part optional, at least one given), as PauseTime and Timeout take.
func isoDuration(v string) (time.Duration, bool) {
	rest, ok := strings.CutPrefix(v, "PT")
	if !ok || rest == "" {
		return 0, false
	}
	var d time.Duration
	for _, unit := range []struct {
		sep string
		d   time.Duration
	}{{"H", time.Hour}, {"M", time.Minute}, {"S", time.Second}} {
		n, after, found := strings.Cut(rest, unit.sep)
		if !found {
			continue
		}
		k, err := strconv.Atoi(n)
		if err != nil || k < 0 {
			return 0, false
		}
		d, rest = d+time.Duration(k)*unit.d, after
	}
	return d, rest == ""
}

// isoRange checks that an option is an ISO 8601 duration from lo to hi.
func isoRange(name string, lo, hi time.Duration) func(string) error {
	return func(v string) error {
		if d, ok := isoDuration(v); !ok || d < lo || d > hi {
			return ErrInvalidParameterValue.With("Invalid option value: '%s' (Namespace: '%s', OptionName: '%s'): the value must be an ISO 8601 duration (PT#H#M#S) from %v to %v.", v, NamespaceRollingUpdate, name, lo, hi)
		}
		return nil
	}
}

// settings are an environment's resolved options, by namespace and name.
type settings map[[2]string]string

// resolveOptions checks option settings and returns them over the
// defaults; later settings of an option win over earlier ones.
func resolveOptions(layers ...[]ConfigurationOptionSetting) (settings, error) {
	out := settings{}
	for _, spec := range optionSpecs {
		out[[2]string{spec.namespace, spec.name}] = spec.def
	}
	for _, layer := range layers {
		for _, o := range layer {
			if err := checkOption(o); err != nil {
				return nil, err
			}
			out[[2]string{o.Namespace, o.OptionName}] = o.Value
		}
	}
	if out.int(NamespaceASG, "MinSize") > out.int(NamespaceASG, "MaxSize") {
		return nil, ErrInvalidParameterValue.With("Invalid option value: MinSize (%s) must not be greater than MaxSize (%s).", out.get(NamespaceASG, "MinSize"), out.get(NamespaceASG, "MaxSize"))
	}
	return out, nil
}

// checkOption checks that the package knows an option setting's option
// and that its value is in range.
func checkOption(o ConfigurationOptionSetting) error {
	k := slices.IndexFunc(optionSpecs, func(s optionSpec) bool { return s.namespace == o.Namespace && s.name == o.OptionName })
	if k < 0 {
		return ErrInvalidParameterValue.With("Invalid option specification (Namespace: '%s', OptionName: '%s'): the simulator does not support this option.", o.Namespace, o.OptionName)
	}
	return optionSpecs[k].check(o.Value)
}

// check checks a value of the option.
func (spec optionSpec) check(v string) error {
	switch {
	case spec.valid != nil:
		return spec.valid(v)
	case spec.text:
		return nil
	case spec.values != nil:
		if !slices.Contains(spec.values, v) {
			return ErrInvalidParameterValue.With("Invalid option value: '%s' (Namespace: '%s', OptionName: '%s'): the value must be one of %s.", v, spec.namespace, spec.name, strings.Join(spec.values, ", "))
		}
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < spec.lo || n > spec.hi {
		return ErrInvalidParameterValue.With("Invalid option value: '%s' (Namespace: '%s', OptionName: '%s'): Value is not an integer between %d and %d.", v, spec.namespace, spec.name, spec.lo, spec.hi)
	}
	return nil
}

// get returns an option's value.
func (s settings) get(namespace, name string) string { return s[[2]string{namespace, name}] }

// int returns an integer option's value.
func (s settings) int(namespace, name string) int {
	n, _ := strconv.Atoi(s.get(namespace, name))
	return n
}

// list returns every option's value, in the order of the package's
// table.
func (s settings) list() []ConfigurationOptionSetting {
	out := make([]ConfigurationOptionSetting, 0, len(optionSpecs))
	for _, spec := range optionSpecs {
		out = append(out, ConfigurationOptionSetting{Namespace: spec.namespace, OptionName: spec.name, Value: s.get(spec.namespace, spec.name)})
	}
	return out
}

// seconds returns an option in seconds as a duration.
func (s settings) seconds(namespace, name string) time.Duration {
	return time.Duration(s.int(namespace, name)) * time.Second
}
