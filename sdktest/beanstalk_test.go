package sdktest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awseb "github.com/aws/aws-sdk-go-v2/service/elasticbeanstalk"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/elasticbeanstalk/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// ebEnv is the real Elastic Beanstalk client over an in-process server of
// a beanstalk service, whose source bundle "shop/v1.zip" is a Go handler.
type ebEnv struct {
	clk *sim.Clock
	svc *beanstalk.Service
	eb  *awseb.Client
}

func newEBEnv(t *testing.T) *ebEnv {
	t.Helper()
	clk := sim.NewClock(start)
	svc := beanstalk.New(beanstalk.WithClock(clk))
	shop := &beanstalk.SourceBundle{Server: func(string) elb.Backend {
		return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "welcome to the shop") })}
	}}
	bundles := func(bucket, key string) *beanstalk.SourceBundle {
		if bucket == "artifacts" && key == "shop/v1.zip" {
			return shop
		}
		return nil
	}
	srv := server.New(server.WithBeanstalk(svc, bundles))
	client := awseb.NewFromConfig(sdkConfig(t), func(o *awseb.Options) {
		o.BaseEndpoint = aws.String("http://awssim")
		o.HTTPClient = srv.Client()
	})
	return &ebEnv{clk: clk, svc: svc, eb: client}
}

func (e *ebEnv) createVersion(t *testing.T) {
	t.Helper()
	out, err := e.eb.CreateApplicationVersion(context.Background(), &awseb.CreateApplicationVersionInput{
		ApplicationName: aws.String("shop"), VersionLabel: aws.String("v1"), AutoCreateApplication: aws.Bool(true),
		SourceBundle: &ebtypes.S3Location{S3Bucket: aws.String("artifacts"), S3Key: aws.String("shop/v1.zip")},
	})
	require.NoError(t, err)
	assert.Equal(t, ebtypes.ApplicationVersionStatusProcessed, out.ApplicationVersion.Status)
}

func TestBeanstalkEnvironmentFromAnS3BundleThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newEBEnv(t)
	e.createVersion(t)

	env, err := e.eb.CreateEnvironment(ctx, &awseb.CreateEnvironmentInput{
		ApplicationName: aws.String("shop"), EnvironmentName: aws.String("shop-prod"), VersionLabel: aws.String("v1"),
		CNAMEPrefix: aws.String("shop"),
		OptionSettings: []ebtypes.ConfigurationOptionSetting{
			{Namespace: aws.String("aws:autoscaling:asg"), OptionName: aws.String("MinSize"), Value: aws.String("2")},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, ebtypes.EnvironmentStatusLaunching, env.Status)
	assert.Equal(t, "shop.us-east-1.elasticbeanstalk.com", aws.ToString(env.CNAME))
	assert.Equal(t, "WebServer", aws.ToString(env.Tier.Name))
	e.clk.Advance(2 * time.Minute)

	envs, err := e.eb.DescribeEnvironments(ctx, &awseb.DescribeEnvironmentsInput{EnvironmentNames: []string{"shop-prod"}})
	require.NoError(t, err)
	require.Len(t, envs.Environments, 1)
	assert.Equal(t, ebtypes.EnvironmentStatusReady, envs.Environments[0].Status)
	assert.Equal(t, ebtypes.EnvironmentHealthGreen, envs.Environments[0].Health)
	assert.Equal(t, start, aws.ToTime(envs.Environments[0].DateCreated))

	// The version the SDK created serves from the bundle registered in Go.
	h, err := e.svc.Handler(aws.ToString(env.CNAME))
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://shop/", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	assert.Equal(t, "welcome to the shop", string(body))

	res, err := e.eb.DescribeEnvironmentResources(ctx, &awseb.DescribeEnvironmentResourcesInput{EnvironmentName: aws.String("shop-prod")})
	require.NoError(t, err)
	assert.Len(t, res.EnvironmentResources.AutoScalingGroups, 1)
	assert.Len(t, res.EnvironmentResources.Instances, 2)
	assert.Len(t, res.EnvironmentResources.LoadBalancers, 1)

	settings, err := e.eb.DescribeConfigurationSettings(ctx, &awseb.DescribeConfigurationSettingsInput{
		ApplicationName: aws.String("shop"), EnvironmentName: aws.String("shop-prod"),
	})
	require.NoError(t, err)
	require.Len(t, settings.ConfigurationSettings, 1)
	var minSize string
	for _, o := range settings.ConfigurationSettings[0].OptionSettings {
		if aws.ToString(o.Namespace) == "aws:autoscaling:asg" && aws.ToString(o.OptionName) == "MinSize" {
			minSize = aws.ToString(o.Value)
		}
	}
	assert.Equal(t, "2", minSize)

	events, err := e.eb.DescribeEvents(ctx, &awseb.DescribeEventsInput{EnvironmentName: aws.String("shop-prod")})
	require.NoError(t, err)
	require.NotEmpty(t, events.Events)
	assert.Equal(t, "createEnvironment is starting.", aws.ToString(events.Events[len(events.Events)-1].Message))

	dns, err := e.eb.CheckDNSAvailability(ctx, &awseb.CheckDNSAvailabilityInput{CNAMEPrefix: aws.String("shop")})
	require.NoError(t, err)
	assert.False(t, aws.ToBool(dns.Available))

	term, err := e.eb.TerminateEnvironment(ctx, &awseb.TerminateEnvironmentInput{EnvironmentName: aws.String("shop-prod")})
	require.NoError(t, err)
	assert.Equal(t, ebtypes.EnvironmentStatusTerminating, term.Status)
}

func TestBeanstalkErrorsAreTheSDKsTypedErrors(t *testing.T) {
	ctx := context.Background()
	e := newEBEnv(t)

	// A location that holds no bundle is AWS's failed download from S3.
	_, err := e.eb.CreateApplicationVersion(ctx, &awseb.CreateApplicationVersionInput{
		ApplicationName: aws.String("shop"), VersionLabel: aws.String("v0"), AutoCreateApplication: aws.Bool(true),
		SourceBundle: &ebtypes.S3Location{S3Bucket: aws.String("artifacts"), S3Key: aws.String("missing.zip")},
	})
	assert.Equal(t, "InvalidParameterCombination", apiCode(t, err))

	e.createVersion(t)
	_, err = e.eb.CreateApplication(ctx, &awseb.CreateApplicationInput{ApplicationName: aws.String("shop")})
	assert.Equal(t, "InvalidParameterValue", apiCode(t, err))

	_, err = e.eb.CreateEnvironment(ctx, &awseb.CreateEnvironmentInput{
		ApplicationName: aws.String("shop"), EnvironmentName: aws.String("shop-prod"), VersionLabel: aws.String("v1"),
	})
	require.NoError(t, err)
	_, err = e.eb.DeleteApplication(ctx, &awseb.DeleteApplicationInput{ApplicationName: aws.String("shop")})
	var busy *ebtypes.OperationInProgressException
	require.ErrorAs(t, err, &busy)
	assert.Equal(t, "OperationInProgressFailure", busy.ErrorCode())

	for i := 1; i < beanstalk.MaxApplications; i++ {
		_, err := e.eb.CreateApplication(ctx, &awseb.CreateApplicationInput{ApplicationName: aws.String(fmt.Sprintf("app-%d", i))})
		require.NoError(t, err)
	}
	_, err = e.eb.CreateApplication(ctx, &awseb.CreateApplicationInput{ApplicationName: aws.String("one-too-many")})
	var tooMany *ebtypes.TooManyApplicationsException
	require.ErrorAs(t, err, &tooMany)
}

// Templates, option descriptions and validation, a deployment of a new
// version, and a CNAME swap, through the SDK.
func TestBeanstalkTemplatesDeploymentsAndSwapsThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newEBEnv(t)
	e.createVersion(t)

	tmpl, err := e.eb.CreateConfigurationTemplate(ctx, &awseb.CreateConfigurationTemplateInput{
		ApplicationName: aws.String("shop"), TemplateName: aws.String("small"),
		OptionSettings: []ebtypes.ConfigurationOptionSetting{
			{Namespace: aws.String("aws:autoscaling:asg"), OptionName: aws.String("MaxSize"), Value: aws.String("2")},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, "small", aws.ToString(tmpl.TemplateName))
	opts, err := e.eb.DescribeConfigurationOptions(ctx, &awseb.DescribeConfigurationOptionsInput{
		Options: []ebtypes.OptionSpecification{{Namespace: aws.String("aws:autoscaling:asg"), OptionName: aws.String("MinSize")}},
	})
	require.NoError(t, err)
	require.Len(t, opts.Options, 1)
	assert.Equal(t, "MinSize", aws.ToString(opts.Options[0].Name))
	assert.NotNil(t, opts.Options[0].MinValue)
	check, err := e.eb.ValidateConfigurationSettings(ctx, &awseb.ValidateConfigurationSettingsInput{
		ApplicationName: aws.String("shop"), TemplateName: aws.String("small"),
		OptionSettings: []ebtypes.ConfigurationOptionSetting{
			{Namespace: aws.String("aws:autoscaling:asg"), OptionName: aws.String("MinSize"), Value: aws.String("lots")},
		},
	})
	require.NoError(t, err)
	require.NotEmpty(t, check.Messages)
	assert.Equal(t, ebtypes.ValidationSeverityError, check.Messages[0].Severity)

	for _, name := range []string{"blue", "green"} {
		_, err := e.eb.CreateEnvironment(ctx, &awseb.CreateEnvironmentInput{
			ApplicationName: aws.String("shop"), EnvironmentName: aws.String("shop-" + name), VersionLabel: aws.String("v1"),
			TemplateName: aws.String("small"), CNAMEPrefix: aws.String("shop-" + name),
		})
		require.NoError(t, err)
	}
	e.clk.Advance(5 * time.Minute)

	_, err = e.eb.CreateApplicationVersion(ctx, &awseb.CreateApplicationVersionInput{
		ApplicationName: aws.String("shop"), VersionLabel: aws.String("v2"),
		SourceBundle: &ebtypes.S3Location{S3Bucket: aws.String("artifacts"), S3Key: aws.String("shop/v1.zip")},
	})
	require.NoError(t, err)
	up, err := e.eb.UpdateEnvironment(ctx, &awseb.UpdateEnvironmentInput{EnvironmentName: aws.String("shop-green"), VersionLabel: aws.String("v2")})
	require.NoError(t, err)
	assert.Equal(t, ebtypes.EnvironmentStatusUpdating, up.Status)
	e.clk.Advance(10 * time.Minute)

	_, err = e.eb.SwapEnvironmentCNAMEs(ctx, &awseb.SwapEnvironmentCNAMEsInput{
		SourceEnvironmentName: aws.String("shop-blue"), DestinationEnvironmentName: aws.String("shop-green"),
	})
	require.NoError(t, err)
	envs, err := e.eb.DescribeEnvironments(ctx, &awseb.DescribeEnvironmentsInput{EnvironmentNames: []string{"shop-green"}})
	require.NoError(t, err)
	require.Len(t, envs.Environments, 1)
	green := envs.Environments[0]
	assert.Equal(t, "v2", aws.ToString(green.VersionLabel))
	assert.Equal(t, ebtypes.EnvironmentStatusReady, green.Status)
	assert.Equal(t, "shop-blue.us-east-1.elasticbeanstalk.com", aws.ToString(green.CNAME))

	settings, err := e.eb.DescribeConfigurationSettings(ctx, &awseb.DescribeConfigurationSettingsInput{
		ApplicationName: aws.String("shop"), TemplateName: aws.String("small"),
	})
	require.NoError(t, err)
	require.Len(t, settings.ConfigurationSettings, 1)
	_, err = e.eb.DeleteConfigurationTemplate(ctx, &awseb.DeleteConfigurationTemplateInput{ApplicationName: aws.String("shop"), TemplateName: aws.String("small")})
	require.NoError(t, err)
}

// Tags given at creation, changed by UpdateTagsForResource and listed by
// ListTagsForResource go through the SDK with Elastic Beanstalk's own
// tags beside them; a reserved prefix is the SDK's error.
func TestBeanstalkTagsThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newEBEnv(t)
	app, err := e.eb.CreateApplication(ctx, &awseb.CreateApplicationInput{
		ApplicationName: aws.String("shop"), Tags: []ebtypes.Tag{{Key: aws.String("team"), Value: aws.String("checkout")}},
	})
	require.NoError(t, err)
	arn := app.Application.ApplicationArn

	_, err = e.eb.UpdateTagsForResource(ctx, &awseb.UpdateTagsForResourceInput{
		ResourceArn: arn, TagsToAdd: []ebtypes.Tag{{Key: aws.String("cost-centre"), Value: aws.String("4711")}},
		TagsToRemove: []string{"team"},
	})
	require.NoError(t, err)
	out, err := e.eb.ListTagsForResource(ctx, &awseb.ListTagsForResourceInput{ResourceArn: arn})
	require.NoError(t, err)
	assert.Equal(t, aws.ToString(arn), aws.ToString(out.ResourceArn))
	require.Len(t, out.ResourceTags, 1)
	assert.Equal(t, "cost-centre", aws.ToString(out.ResourceTags[0].Key))
	assert.Equal(t, "4711", aws.ToString(out.ResourceTags[0].Value))

	_, err = e.eb.UpdateTagsForResource(ctx, &awseb.UpdateTagsForResourceInput{
		ResourceArn: arn, TagsToAdd: []ebtypes.Tag{{Key: aws.String("elasticbeanstalk:mine"), Value: aws.String("x")}},
	})
	assert.Error(t, err)
}

// A version lifecycle rule set through the SDK comes back in
// DescribeApplications and applies when a version is created.
func TestBeanstalkVersionLifecycleThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	e := newEBEnv(t)
	e.createVersion(t)
	up, err := e.eb.UpdateApplicationResourceLifecycle(ctx, &awseb.UpdateApplicationResourceLifecycleInput{
		ApplicationName: aws.String("shop"),
		ResourceLifecycleConfig: &ebtypes.ApplicationResourceLifecycleConfig{
			ServiceRole: aws.String("arn:aws:iam::000000000000:role/aws-elasticbeanstalk-service-role"),
			VersionLifecycleConfig: &ebtypes.ApplicationVersionLifecycleConfig{
				MaxCountRule: &ebtypes.MaxCountRule{Enabled: aws.Bool(true), MaxCount: aws.Int32(1)},
			},
		},
	})
	require.NoError(t, err)
	require.NotNil(t, up.ResourceLifecycleConfig.VersionLifecycleConfig.MaxCountRule)
	assert.Equal(t, int32(1), aws.ToInt32(up.ResourceLifecycleConfig.VersionLifecycleConfig.MaxCountRule.MaxCount))

	// The rule counts the versions there are before the new one: with
	// MaxCount 1, creating v3 deletes v1.
	for _, label := range []string{"v2", "v3"} {
		_, err = e.eb.CreateApplicationVersion(ctx, &awseb.CreateApplicationVersionInput{
			ApplicationName: aws.String("shop"), VersionLabel: aws.String(label),
			SourceBundle: &ebtypes.S3Location{S3Bucket: aws.String("artifacts"), S3Key: aws.String("shop/v1.zip")},
		})
		require.NoError(t, err)
	}
	apps, err := e.eb.DescribeApplications(ctx, &awseb.DescribeApplicationsInput{ApplicationNames: []string{"shop"}})
	require.NoError(t, err)
	require.Len(t, apps.Applications, 1)
	assert.Equal(t, []string{"v3", "v2"}, apps.Applications[0].Versions)
	rule := apps.Applications[0].ResourceLifecycleConfig.VersionLifecycleConfig.MaxCountRule
	require.NotNil(t, rule)
	assert.True(t, aws.ToBool(rule.Enabled))
}
