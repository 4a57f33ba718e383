package server

import (
	"context"
	"net/http"

	"github.com/awssim/awssim/beanstalk"
)

// beanstalkVersion is the API version Elastic Beanstalk's query requests
// carry.
const beanstalkVersion = "2010-12-01"

// beanstalkQuery is Elastic Beanstalk's query protocol: its XML
// namespace, errors without a Detail, and the actions without output.
var beanstalkQuery = &queryService{
	namespace: "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/",
	noResult: map[string]bool{
		"AbortEnvironmentUpdate": true, "DeleteApplication": true, "DeleteApplicationVersion": true,
		"DeleteConfigurationTemplate": true, "RebuildEnvironment": true, "RestartAppServer": true,
		"SwapEnvironmentCNAMEs": true,
	},
}

// beanstalkActions are the actions the Elastic Beanstalk handler serves.
var beanstalkActions = map[string]bool{
	"CreateApplication": true, "DescribeApplications": true, "DeleteApplication": true,
	"CreateApplicationVersion": true, "DescribeApplicationVersions": true, "DeleteApplicationVersion": true,
	"CreateConfigurationTemplate": true, "UpdateConfigurationTemplate": true, "DeleteConfigurationTemplate": true,
	"DescribeConfigurationOptions": true, "DescribeConfigurationSettings": true, "ValidateConfigurationSettings": true,
	"CreateEnvironment": true, "UpdateEnvironment": true, "TerminateEnvironment": true, "RebuildEnvironment": true,
	"DescribeEnvironments": true, "DescribeEnvironmentResources": true, "DescribeEnvironmentHealth": true,
	"DescribeInstancesHealth": true, "DescribeEvents": true, "RestartAppServer": true, "AbortEnvironmentUpdate": true,
	"SwapEnvironmentCNAMEs": true, "CheckDNSAvailability": true,
	"ListTagsForResource": true, "UpdateTagsForResource": true, "UpdateApplicationResourceLifecycle": true,
}

// beanstalkAPI routes Elastic Beanstalk's query requests.
var beanstalkAPI = &queryAPI{
	name: "Elastic Beanstalk", version: beanstalkVersion, signingName: "elasticbeanstalk", actions: beanstalkActions, form: beanstalkQuery,
}

// SourceBundles finds the source bundle that an application version
// created over the wire deploys, from the Amazon S3 location its
// CreateApplicationVersion names (SourceBundle.S3Bucket and .S3Key): a
// bundle is a Go value (its web server an http.Handler), which no
// request can carry. A request without a SourceBundle, which asks AWS for
// its sample application, asks for the location ("", ""). It returns nil
// for a location that holds no bundle.
type SourceBundles func(s3Bucket, s3Key string) *beanstalk.SourceBundle

// WithBeanstalk serves svc with the AWS Elastic Beanstalk protocol: the
// AWS query protocol (a form-encoded POST with
// Action=Operation&Version=2010-12-01, answered in XML), as aws-sdk-go-v2,
// boto3, the AWS CLI and the EB CLI send it. bundles resolves the S3
// locations of CreateApplicationVersion; with nil, versions are made
// with the Go API only. The services svc composes (its Auto Scaling,
// Elastic Load Balancing, SQS and CloudWatch) are served only when given
// with their own options. Give it once per account, as [WithSQS]. It
// panics when svc is nil or a service of the same account ID is given
// twice.
func WithBeanstalk(svc *beanstalk.Service, bundles SourceBundles) Option {
	if svc == nil {
		panic("server.WithBeanstalk: nil *beanstalk.Service")
	}
	return serve("WithBeanstalk", service{name: "Elastic Beanstalk", account: svc.Account(), install: func(a *account) {
		a.query[beanstalkAPI] = &beanstalkHandler{svc: svc, bundles: bundles}
	}})
}

// beanstalkHandler serves one beanstalk.Service over the AWS query
// protocol.
type beanstalkHandler struct {
	svc     *beanstalk.Service
	bundles SourceBundles
}

// serveQuery runs the action of a query request whose parameters are f.
func (h *beanstalkHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveAction(r, rw, f, beanstalkQuery, h.run)
}

// bundle resolves the source bundle of a CreateApplicationVersion.
func (h *beanstalkHandler) bundle(f *form) (*beanstalk.SourceBundle, error) {
	bucket, key := f.get("SourceBundle.S3Bucket"), f.get("SourceBundle.S3Key")
	var b *beanstalk.SourceBundle
	if h.bundles != nil {
		b = h.bundles(bucket, key)
	}
	if b == nil && (bucket != "" || key != "") {
		return nil, beanstalk.ErrInvalidParameterCombination.With("Unable to download from S3 location (Bucket: %s  Key: %s). Reason: Not Found", bucket, key)
	}
	return b, nil
}

// optionSettings reads a list of ConfigurationOptionSetting at name.
func (f *form) optionSettings(name string) []beanstalk.ConfigurationOptionSetting {
	var list []beanstalk.ConfigurationOptionSetting
	f.structs(name, func(p string) {
		list = append(list, beanstalk.ConfigurationOptionSetting{Namespace: f.get(p + "Namespace"), OptionName: f.get(p + "OptionName"), Value: f.get(p + "Value")})
	})
	return list
}

// optionSpecs reads a list of OptionSpecification at name.
func (f *form) optionSpecs(name string) []beanstalk.OptionSpecification {
	var list []beanstalk.OptionSpecification
	f.structs(name, func(p string) {
		list = append(list, beanstalk.OptionSpecification{Namespace: f.get(p + "Namespace"), OptionName: f.get(p + "OptionName")})
	})
	return list
}

// run calls the service for one action and writes the result's members,
// named as Elastic Beanstalk's model names them.
func (h *beanstalkHandler) run(ctx context.Context, action string, f *form, x *xmlWriter) error {
	app, env, envID := f.get("ApplicationName"), f.get("EnvironmentName"), f.get("EnvironmentId")
	switch action {
	case "CreateApplication":
		in := &beanstalk.CreateApplicationInput{ApplicationName: app, Description: f.get("Description"), Tags: formTags[beanstalk.Tag](f, "Tags")}
		if f.hasPrefix("ResourceLifecycleConfig.") {
			c := f.lifecycle("ResourceLifecycleConfig.")
			in.ResourceLifecycleConfig = &c
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.CreateApplication(ctx, in)
		if err != nil {
			return err
		}
		x.open("Application")
		x.application(&out.Application)
		x.close("Application")
	case "DescribeApplications":
		out, err := h.svc.DescribeApplications(ctx, &beanstalk.DescribeApplicationsInput{ApplicationNames: f.members("ApplicationNames")})
		if err != nil {
			return err
		}
		writeMembers(x, "Applications", out.Applications, x.application)
	case "DeleteApplication":
		in := &beanstalk.DeleteApplicationInput{ApplicationName: app, TerminateEnvByForce: f.boolean("TerminateEnvByForce")}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.DeleteApplication(ctx, in)
		return err
	case "CreateApplicationVersion":
		in := &beanstalk.CreateApplicationVersionInput{
			ApplicationName: app, VersionLabel: f.get("VersionLabel"), Description: f.get("Description"),
			AutoCreateApplication: f.boolean("AutoCreateApplication"), Tags: formTags[beanstalk.Tag](f, "Tags"),
		}
		if f.err != nil {
			return f.err
		}
		b, err := h.bundle(f)
		if err != nil {
			return err
		}
		in.SourceBundle = b
		out, err := h.svc.CreateApplicationVersion(ctx, in)
		if err != nil {
			return err
		}
		x.open("ApplicationVersion")
		x.version(&out.ApplicationVersion)
		x.close("ApplicationVersion")
	case "DescribeApplicationVersions":
		out, err := h.svc.DescribeApplicationVersions(ctx, &beanstalk.DescribeApplicationVersionsInput{ApplicationName: app, VersionLabels: f.members("VersionLabels")})
		if err != nil {
			return err
		}
		return writePage(f, x, "ApplicationVersions", out.ApplicationVersions, len(out.ApplicationVersions), 1000, func(v *beanstalk.ApplicationVersionDescription) string { return v.ApplicationVersionArn }, x.version)
	case "DeleteApplicationVersion":
		_, err := h.svc.DeleteApplicationVersion(ctx, &beanstalk.DeleteApplicationVersionInput{ApplicationName: app, VersionLabel: f.get("VersionLabel")})
		return err
	case "CreateConfigurationTemplate":
		in := &beanstalk.CreateConfigurationTemplateInput{
			ApplicationName: app, TemplateName: f.get("TemplateName"), Description: f.get("Description"),
			SolutionStackName: f.get("SolutionStackName"), EnvironmentId: envID, OptionSettings: f.optionSettings("OptionSettings"),
			Tags: formTags[beanstalk.Tag](f, "Tags"),
		}
		if f.hasPrefix("SourceConfiguration.") {
			in.SourceConfiguration = &beanstalk.SourceConfiguration{
				ApplicationName: f.get("SourceConfiguration.ApplicationName"), TemplateName: f.get("SourceConfiguration.TemplateName"),
			}
		}
		out, err := h.svc.CreateConfigurationTemplate(ctx, in)
		if err != nil {
			return err
		}
		x.settings(&out.ConfigurationSettingsDescription)
	case "UpdateConfigurationTemplate":
		out, err := h.svc.UpdateConfigurationTemplate(ctx, &beanstalk.UpdateConfigurationTemplateInput{
			ApplicationName: app, TemplateName: f.get("TemplateName"), Description: f.get("Description"),
			OptionSettings: f.optionSettings("OptionSettings"), OptionsToRemove: f.optionSpecs("OptionsToRemove"),
		})
		if err != nil {
			return err
		}
		x.settings(&out.ConfigurationSettingsDescription)
	case "DeleteConfigurationTemplate":
		_, err := h.svc.DeleteConfigurationTemplate(ctx, &beanstalk.DeleteConfigurationTemplateInput{ApplicationName: app, TemplateName: f.get("TemplateName")})
		return err
	case "DescribeConfigurationOptions":
		out, err := h.svc.DescribeConfigurationOptions(ctx, &beanstalk.DescribeConfigurationOptionsInput{
			ApplicationName: app, EnvironmentName: env, SolutionStackName: f.get("SolutionStackName"), Options: f.optionSpecs("Options"),
		})
		if err != nil {
			return err
		}
		x.optional("SolutionStackName", out.SolutionStackName)
		writeMembers(x, "Options", out.Options, func(o *beanstalk.ConfigurationOptionDescription) {
			x.text("Namespace", o.Namespace)
			x.text("Name", o.Name)
			x.optional("DefaultValue", o.DefaultValue)
			x.optional("ValueType", o.ValueType)
			if len(o.ValueOptions) > 0 {
				x.memberList("ValueOptions", o.ValueOptions)
			}
			x.optionalInt("MinValue", o.MinValue)
			x.optionalInt("MaxValue", o.MaxValue)
		})
	case "DescribeConfigurationSettings":
		out, err := h.svc.DescribeConfigurationSettings(ctx, &beanstalk.DescribeConfigurationSettingsInput{
			ApplicationName: app, TemplateName: f.get("TemplateName"), EnvironmentName: env,
		})
		if err != nil {
			return err
		}
		writeMembers(x, "ConfigurationSettings", out.ConfigurationSettings, x.settings)
	case "ValidateConfigurationSettings":
		out, err := h.svc.ValidateConfigurationSettings(ctx, &beanstalk.ValidateConfigurationSettingsInput{
			ApplicationName: app, EnvironmentName: env, OptionSettings: f.optionSettings("OptionSettings"),
		})
		if err != nil {
			return err
		}
		writeMembers(x, "Messages", out.Messages, func(m *beanstalk.ValidationMessage) {
			x.text("Message", m.Message)
			x.text("Severity", m.Severity)
			x.optional("Namespace", m.Namespace)
			x.optional("OptionName", m.OptionName)
		})
	case "CreateEnvironment":
		in := &beanstalk.CreateEnvironmentInput{
			ApplicationName: app, EnvironmentName: env, CNAMEPrefix: f.get("CNAMEPrefix"), VersionLabel: f.get("VersionLabel"),
			TemplateName: f.get("TemplateName"), SolutionStackName: f.get("SolutionStackName"), Description: f.get("Description"),
			OptionSettings: f.optionSettings("OptionSettings"), Tags: formTags[beanstalk.Tag](f, "Tags"),
		}
		if f.hasPrefix("Tier.") {
			in.Tier = &beanstalk.EnvironmentTier{Name: f.get("Tier.Name"), Type: f.get("Tier.Type")}
		}
		out, err := h.svc.CreateEnvironment(ctx, in)
		if err != nil {
			return err
		}
		x.environment(&out.EnvironmentDescription)
	case "UpdateEnvironment":
		out, err := h.svc.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{
			EnvironmentId: envID, EnvironmentName: env, VersionLabel: f.get("VersionLabel"), Description: f.get("Description"),
			OptionSettings: f.optionSettings("OptionSettings"),
		})
		if err != nil {
			return err
		}
		x.environment(&out.EnvironmentDescription)
	case "TerminateEnvironment":
		out, err := h.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentId: envID, EnvironmentName: env})
		if err != nil {
			return err
		}
		x.environment(&out.EnvironmentDescription)
	case "RebuildEnvironment":
		_, err := h.svc.RebuildEnvironment(ctx, &beanstalk.RebuildEnvironmentInput{EnvironmentId: envID, EnvironmentName: env})
		return err
	case "RestartAppServer":
		_, err := h.svc.RestartAppServer(ctx, &beanstalk.RestartAppServerInput{EnvironmentId: envID, EnvironmentName: env})
		return err
	case "AbortEnvironmentUpdate":
		_, err := h.svc.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentId: envID, EnvironmentName: env})
		return err
	case "SwapEnvironmentCNAMEs":
		_, err := h.svc.SwapEnvironmentCNAMEs(ctx, &beanstalk.SwapEnvironmentCNAMEsInput{
			SourceEnvironmentId: f.get("SourceEnvironmentId"), SourceEnvironmentName: f.get("SourceEnvironmentName"),
			DestinationEnvironmentId: f.get("DestinationEnvironmentId"), DestinationEnvironmentName: f.get("DestinationEnvironmentName"),
		})
		return err
	case "DescribeEnvironments":
		in := &beanstalk.DescribeEnvironmentsInput{
			ApplicationName: app, VersionLabel: f.get("VersionLabel"), EnvironmentIds: f.members("EnvironmentIds"),
			EnvironmentNames: f.members("EnvironmentNames"), IncludeDeleted: f.boolPtr("IncludeDeleted"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.DescribeEnvironments(ctx, in)
		if err != nil {
			return err
		}
		return writePage(f, x, "Environments", out.Environments, len(out.Environments), 1000, func(e *beanstalk.EnvironmentDescription) string { return e.EnvironmentId }, x.environment)
	case "DescribeEnvironmentResources":
		out, err := h.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentId: envID, EnvironmentName: env})
		if err != nil {
			return err
		}
		x.resources(&out.EnvironmentResources)
	case "DescribeEnvironmentHealth":
		out, err := h.svc.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentId: envID, EnvironmentName: env})
		if err != nil {
			return err
		}
		x.text("EnvironmentName", out.EnvironmentName)
		x.optional("HealthStatus", out.HealthStatus)
		x.text("Status", out.Status)
		x.optional("Color", out.Color)
		x.memberList("Causes", out.Causes)
		x.applicationMetrics(&out.ApplicationMetrics)
		x.open("InstancesHealth")
		for _, s := range instanceHealthStatuses {
			x.integer(s, out.InstancesHealth[s])
		}
		x.close("InstancesHealth")
		x.timestamp("RefreshedAt", out.RefreshedAt)
	case "DescribeInstancesHealth":
		out, err := h.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentId: envID, EnvironmentName: env})
		if err != nil {
			return err
		}
		writeMembers(x, "InstanceHealthList", out.InstanceHealthList, func(i *beanstalk.InstanceHealth) {
			x.text("InstanceId", i.InstanceId)
			x.text("HealthStatus", i.HealthStatus)
			x.text("Color", i.Color)
			x.memberList("Causes", i.Causes)
			x.timestamp("LaunchedAt", i.LaunchedAt)
		})
		x.timestamp("RefreshedAt", out.RefreshedAt)
	case "DescribeEvents":
		in := &beanstalk.DescribeEventsInput{
			ApplicationName: app, VersionLabel: f.get("VersionLabel"), EnvironmentName: env, Severity: f.get("Severity"),
			StartTime: f.timestamp("StartTime"), EndTime: f.timestamp("EndTime"), NextToken: f.get("NextToken"),
		}
		in.MaxRecords, _ = f.integer("MaxRecords")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.DescribeEvents(ctx, in)
		if err != nil {
			return err
		}
		writeMembers(x, "Events", out.Events, func(e *beanstalk.Event) {
			x.timestamp("EventDate", e.EventDate)
			x.text("Message", e.Message)
			x.optional("ApplicationName", e.ApplicationName)
			x.optional("VersionLabel", e.VersionLabel)
			x.optional("EnvironmentName", e.EnvironmentName)
			x.text("Severity", e.Severity)
		})
		x.optional("NextToken", out.NextToken)
	case "ListTagsForResource":
		out, err := h.svc.ListTagsForResource(ctx, &beanstalk.ListTagsForResourceInput{ResourceArn: f.get("ResourceArn")})
		if err != nil {
			return err
		}
		x.text("ResourceArn", out.ResourceArn)
		writeMembers(x, "ResourceTags", out.ResourceTags, func(t *beanstalk.Tag) {
			x.text("Key", t.Key)
			x.text("Value", t.Value)
		})
	case "UpdateTagsForResource":
		_, err := h.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{
			ResourceArn: f.get("ResourceArn"), TagsToAdd: formTags[beanstalk.Tag](f, "TagsToAdd"), TagsToRemove: f.members("TagsToRemove"),
		})
		return err
	case "UpdateApplicationResourceLifecycle":
		in := &beanstalk.UpdateApplicationResourceLifecycleInput{ApplicationName: app, ResourceLifecycleConfig: f.lifecycle("ResourceLifecycleConfig.")}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.UpdateApplicationResourceLifecycle(ctx, in)
		if err != nil {
			return err
		}
		x.text("ApplicationName", out.ApplicationName)
		x.lifecycle(&out.ResourceLifecycleConfig)
	case "CheckDNSAvailability":
		out, err := h.svc.CheckDNSAvailability(ctx, &beanstalk.CheckDNSAvailabilityInput{CNAMEPrefix: f.get("CNAMEPrefix")})
		if err != nil {
			return err
		}
		x.boolean("Available", out.Available)
		x.optional("FullyQualifiedCNAME", out.FullyQualifiedCNAME)
	case "":
		return errMissingAction.With("Missing Action")
	default:
		return errInvalidAction.With("The action %s is not valid for this web service.", action)
	}
	return nil
}

// instanceHealthStatuses are the members of InstanceHealthSummary, the
// health statuses an environment's instances are counted by.
var instanceHealthStatuses = []string{"NoData", "Unknown", "Pending", "Ok", "Info", "Warning", "Degraded", "Severe"}

// application writes an ApplicationDescription's members.
func (x *xmlWriter) application(a *beanstalk.ApplicationDescription) {
	x.text("ApplicationArn", a.ApplicationArn)
	x.text("ApplicationName", a.ApplicationName)
	x.optional("Description", a.Description)
	x.timestamp("DateCreated", a.DateCreated)
	x.timestamp("DateUpdated", a.DateUpdated)
	x.memberList("Versions", a.Versions)
	x.memberList("ConfigurationTemplates", a.ConfigurationTemplates)
	x.lifecycle(&a.ResourceLifecycleConfig)
}

// lifecycle writes an ApplicationResourceLifecycleConfig as the member
// ResourceLifecycleConfig.
func (x *xmlWriter) lifecycle(c *beanstalk.ApplicationResourceLifecycleConfig) {
	x.open("ResourceLifecycleConfig")
	x.optional("ServiceRole", c.ServiceRole)
	if v := c.VersionLifecycleConfig; v != nil {
		x.open("VersionLifecycleConfig")
		if r := v.MaxCountRule; r != nil {
			x.open("MaxCountRule")
			x.boolean("Enabled", r.Enabled)
			x.integer("MaxCount", r.MaxCount)
			x.boolean("DeleteSourceFromS3", r.DeleteSourceFromS3)
			x.close("MaxCountRule")
		}
		if r := v.MaxAgeRule; r != nil {
			x.open("MaxAgeRule")
			x.boolean("Enabled", r.Enabled)
			x.integer("MaxAgeInDays", r.MaxAgeInDays)
			x.boolean("DeleteSourceFromS3", r.DeleteSourceFromS3)
			x.close("MaxAgeRule")
		}
		x.close("VersionLifecycleConfig")
	}
	x.close("ResourceLifecycleConfig")
}

// lifecycle reads an ApplicationResourceLifecycleConfig whose parameters
// begin with prefix ("ResourceLifecycleConfig.").
func (f *form) lifecycle(prefix string) beanstalk.ApplicationResourceLifecycleConfig {
	c := beanstalk.ApplicationResourceLifecycleConfig{ServiceRole: f.get(prefix + "ServiceRole")}
	v := prefix + "VersionLifecycleConfig."
	if !f.hasPrefix(v) {
		return c
	}
	c.VersionLifecycleConfig = &beanstalk.ApplicationVersionLifecycleConfig{}
	if p := v + "MaxCountRule."; f.hasPrefix(p) {
		n, _ := f.integer(p + "MaxCount")
		c.VersionLifecycleConfig.MaxCountRule = &beanstalk.MaxCountRule{Enabled: f.boolean(p + "Enabled"), MaxCount: n, DeleteSourceFromS3: f.boolean(p + "DeleteSourceFromS3")}
	}
	if p := v + "MaxAgeRule."; f.hasPrefix(p) {
		n, _ := f.integer(p + "MaxAgeInDays")
		c.VersionLifecycleConfig.MaxAgeRule = &beanstalk.MaxAgeRule{Enabled: f.boolean(p + "Enabled"), MaxAgeInDays: n, DeleteSourceFromS3: f.boolean(p + "DeleteSourceFromS3")}
	}
	return c
}

// version writes an ApplicationVersionDescription's members.
func (x *xmlWriter) version(v *beanstalk.ApplicationVersionDescription) {
	x.text("ApplicationVersionArn", v.ApplicationVersionArn)
	x.text("ApplicationName", v.ApplicationName)
	x.optional("Description", v.Description)
	x.text("VersionLabel", v.VersionLabel)
	x.timestamp("DateCreated", v.DateCreated)
	x.timestamp("DateUpdated", v.DateUpdated)
	x.text("Status", v.Status)
}

// settings writes a ConfigurationSettingsDescription's members.
func (x *xmlWriter) settings(s *beanstalk.ConfigurationSettingsDescription) {
	x.optional("SolutionStackName", s.SolutionStackName)
	x.text("ApplicationName", s.ApplicationName)
	x.optional("TemplateName", s.TemplateName)
	x.optional("Description", s.Description)
	x.optional("EnvironmentName", s.EnvironmentName)
	x.optional("DeploymentStatus", s.DeploymentStatus)
	x.timestamp("DateCreated", s.DateCreated)
	x.timestamp("DateUpdated", s.DateUpdated)
	writeMembers(x, "OptionSettings", s.OptionSettings, func(o *beanstalk.ConfigurationOptionSetting) {
		x.text("Namespace", o.Namespace)
		x.text("OptionName", o.OptionName)
		x.text("Value", o.Value)
	})
}

// environment writes an EnvironmentDescription's members.
func (x *xmlWriter) environment(e *beanstalk.EnvironmentDescription) {
	x.text("EnvironmentName", e.EnvironmentName)
	x.text("EnvironmentId", e.EnvironmentId)
	x.text("EnvironmentArn", e.EnvironmentArn)
	x.text("ApplicationName", e.ApplicationName)
	x.optional("VersionLabel", e.VersionLabel)
	x.optional("SolutionStackName", e.SolutionStackName)
	x.optional("Description", e.Description)
	x.optional("EndpointURL", e.EndpointURL)
	x.optional("CNAME", e.CNAME)
	x.timestamp("DateCreated", e.DateCreated)
	x.timestamp("DateUpdated", e.DateUpdated)
	x.text("Status", e.Status)
	x.text("Health", e.Health)
	x.open("Tier")
	x.text("Name", e.Tier.Name)
	x.text("Type", e.Tier.Type)
	x.close("Tier")
}

// resources writes an EnvironmentResources as <EnvironmentResources>.
func (x *xmlWriter) resources(r *beanstalk.EnvironmentResources) {
	x.open("EnvironmentResources")
	x.text("EnvironmentName", r.EnvironmentName)
	writeMembers(x, "AutoScalingGroups", r.AutoScalingGroups, func(g *beanstalk.AutoScalingGroup) { x.text("Name", g.Name) })
	writeMembers(x, "Instances", r.Instances, func(i *beanstalk.Instance) { x.text("Id", i.Id) })
	x.b = append(x.b, "<LaunchConfigurations/>"...)
	writeMembers(x, "LaunchTemplates", r.LaunchTemplates, func(t *beanstalk.LaunchTemplate) { x.text("Id", t.Id) })
	writeMembers(x, "LoadBalancers", r.LoadBalancers, func(lb *beanstalk.LoadBalancer) { x.text("Name", lb.Name) })
	writeMembers(x, "Triggers", r.Triggers, func(t *beanstalk.Trigger) { x.text("Name", t.Name) })
	writeMembers(x, "Queues", r.Queues, func(q *beanstalk.Queue) {
		x.text("Name", q.Name)
		x.text("URL", q.URL)
	})
	x.close("EnvironmentResources")
}

// applicationMetrics writes an ApplicationMetrics.
func (x *xmlWriter) applicationMetrics(m *beanstalk.ApplicationMetrics) {
	x.open("ApplicationMetrics")
	x.seconds("Duration", m.Duration)
	x.integer("RequestCount", m.RequestCount)
	x.open("StatusCodes")
	x.integer("Status2xx", m.StatusCodes.Status2xx)
	x.integer("Status3xx", m.StatusCodes.Status3xx)
	x.integer("Status4xx", m.StatusCodes.Status4xx)
	x.integer("Status5xx", m.StatusCodes.Status5xx)
	x.close("StatusCodes")
	x.close("ApplicationMetrics")
}
