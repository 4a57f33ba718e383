package beanstalk_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
)

// ebARN is the ARN of an Elastic Beanstalk resource of the test account.
func ebARN(resource string) string {
	return "arn:aws:elasticbeanstalk:us-east-1:000000000000:" + resource
}

// tagsOf lists the tags of resource arn.
func (w *world) tagsOf(resourceARN string) []beanstalk.Tag {
	w.t.Helper()
	out, err := w.svc.ListTagsForResource(ctx, &beanstalk.ListTagsForResourceInput{ResourceArn: resourceARN})
	require.NoError(w.t, err)
	assert.Equal(w.t, resourceARN, out.ResourceArn)
	return out.ResourceTags
}

// elbTagsOf describes the tags of an Elastic Load Balancing resource.
func (w *world) elbTagsOf(resourceARN string) []elb.Tag {
	w.t.Helper()
	out, err := w.svc.ELB().DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: []string{resourceARN}})
	require.NoError(w.t, err)
	return out.TagDescriptions[0].Tags
}

// manyTags are n tags k0=v0, k1=v1….
func manyTags(n int) []beanstalk.Tag {
	out := make([]beanstalk.Tag, n)
	for k := range out {
		out[k] = beanstalk.Tag{Key: fmt.Sprint("k", k), Value: fmt.Sprint("v", k)}
	}
	return out
}

var team = beanstalk.Tag{Key: "team", Value: "checkout"}

// Applications, versions, configuration templates and environments take
// tags when they are created, and ListTagsForResource lists them; an
// environment's list begins with the three tags Elastic Beanstalk gives
// it.
func TestTagsGivenAtCreationAreListed(t *testing.T) {
	w := newWorld(t)
	app, err := w.svc.CreateApplication(ctx, &beanstalk.CreateApplicationInput{ApplicationName: "blog", Tags: []beanstalk.Tag{team}})
	require.NoError(t, err)
	v, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "blog", VersionLabel: "v1", SourceBundle: &beanstalk.SourceBundle{Server: w.server}, Tags: []beanstalk.Tag{{Key: "build", Value: "42"}},
	})
	require.NoError(t, err)
	_, err = w.svc.CreateConfigurationTemplate(ctx, &beanstalk.CreateConfigurationTemplateInput{ApplicationName: "blog", TemplateName: "small", Tags: []beanstalk.Tag{{Key: "size", Value: "small"}}})
	require.NoError(t, err)
	e, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "blog", EnvironmentName: "blog-prod", VersionLabel: "v1", Tags: []beanstalk.Tag{team}})
	require.NoError(t, err)

	assert.Equal(t, []beanstalk.Tag{team}, w.tagsOf(app.Application.ApplicationArn))
	assert.Equal(t, []beanstalk.Tag{{Key: "build", Value: "42"}}, w.tagsOf(v.ApplicationVersion.ApplicationVersionArn))
	assert.Equal(t, []beanstalk.Tag{{Key: "size", Value: "small"}}, w.tagsOf(ebARN("configurationtemplate/blog/small")))
	assert.Equal(t, []beanstalk.Tag{
		{Key: beanstalk.TagEnvironmentName, Value: "blog-prod"}, {Key: beanstalk.TagEnvironmentID, Value: e.EnvironmentId},
		{Key: beanstalk.TagName, Value: "blog-prod"}, team,
	}, w.tagsOf(e.EnvironmentArn))
}

// An environment's tags, its defaults included, go on to the load
// balancer and target group it creates, and UpdateTagsForResource
// changes them there too.
func TestEnvironmentTagsGoOnToItsLoadBalancer(t *testing.T) {
	w := newWorld(t)
	e, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", Tags: []beanstalk.Tag{team}})
	require.NoError(t, err)
	res := w.resources("shop-prod")
	lower := append([]string{res.LoadBalancers[0].Name}, w.targetGroups("shop-prod")...)
	want := []elb.Tag{{Key: beanstalk.TagEnvironmentName, Value: "shop-prod"}, {Key: beanstalk.TagEnvironmentID, Value: e.EnvironmentId}, {Key: beanstalk.TagName, Value: "shop-prod"}, {Key: "team", Value: "checkout"}}
	for _, a := range lower {
		assert.Equal(t, want, w.elbTagsOf(a), a)
	}

	_, err = w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{
		ResourceArn: e.EnvironmentArn, TagsToAdd: []beanstalk.Tag{{Key: "cost", Value: "shop"}}, TagsToRemove: []string{"team"},
	})
	require.NoError(t, err)
	want = append(want[:3:3], elb.Tag{Key: "cost", Value: "shop"})
	for _, a := range lower {
		assert.Equal(t, want, w.elbTagsOf(a), a)
	}
}

// UpdateTagsForResource removes the keys of TagsToRemove (passing over
// those the resource does not have), adds TagsToAdd and gives a key it
// has the new value.
func TestUpdateTagsForResourceAddsChangesAndRemoves(t *testing.T) {
	w := newWorld(t)
	app := ebARN("application/shop")
	_, err := w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{ResourceArn: app, TagsToAdd: []beanstalk.Tag{team, {Key: "tier", Value: "gold"}}})
	require.NoError(t, err)
	_, err = w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{
		ResourceArn: app, TagsToAdd: []beanstalk.Tag{{Key: "team", Value: "payments"}}, TagsToRemove: []string{"tier", "absent"},
	})
	require.NoError(t, err)
	assert.Equal(t, []beanstalk.Tag{{Key: "team", Value: "payments"}}, w.tagsOf(app))
}

// Tags have AWS's limits: at most 50 a resource (an environment's three
// defaults among them), keys of 1 to 128 characters and values of 1 to
// 256 of letters, numbers, white space and _ . : / = + - @, no key of
// the reserved prefixes aws: and elasticbeanstalk:, and an environment's
// default tags are not to be changed. A refused update changes nothing.
func TestTagLimits(t *testing.T) {
	cases := map[string]struct {
		env    bool // on the environment, else on the application
		add    []beanstalk.Tag
		remove []string
		want   error
	}{
		"51 tags":                     {add: manyTags(51), want: beanstalk.ErrTooManyTags},
		"48 on an environment":        {env: true, add: manyTags(48), want: beanstalk.ErrTooManyTags},
		"129-character key":           {add: []beanstalk.Tag{{Key: strings.Repeat("k", 129), Value: "v"}}, want: beanstalk.ErrInvalidParameterValue},
		"257-character value":         {add: []beanstalk.Tag{{Key: "k", Value: strings.Repeat("v", 257)}}, want: beanstalk.ErrInvalidParameterValue},
		"empty key":                   {add: []beanstalk.Tag{{Key: "", Value: "v"}}, want: beanstalk.ErrInvalidParameterValue},
		"empty value":                 {add: []beanstalk.Tag{{Key: "k", Value: ""}}, want: beanstalk.ErrInvalidParameterValue},
		"a character outside the set": {add: []beanstalk.Tag{{Key: "k", Value: "a;b"}}, want: beanstalk.ErrInvalidParameterValue},
		"aws: prefix":                 {add: []beanstalk.Tag{{Key: "AWS:owner", Value: "v"}}, want: beanstalk.ErrInvalidParameterValue},
		"elasticbeanstalk: prefix":    {add: []beanstalk.Tag{{Key: "elasticbeanstalk:owner", Value: "v"}}, want: beanstalk.ErrInvalidParameterValue},
		"a key twice":                 {add: []beanstalk.Tag{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}}, want: beanstalk.ErrInvalidParameterValue},
		"changing Name":               {env: true, add: []beanstalk.Tag{{Key: beanstalk.TagName, Value: "other"}}, want: beanstalk.ErrInvalidParameterValue},
		"removing the ID":             {env: true, remove: []string{beanstalk.TagEnvironmentID}, want: beanstalk.ErrInvalidParameterValue},
		"nothing to do":               {want: beanstalk.ErrMissingParameter},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			e := w.create("shop-prod", nil)
			resource := ebARN("application/shop")
			if c.env {
				resource = e.EnvironmentArn
			}
			_, err := w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{ResourceArn: resource, TagsToAdd: c.add, TagsToRemove: c.remove})
			require.ErrorIs(t, err, c.want)
			if c.env {
				assert.Len(t, w.tagsOf(resource), 3, "only the defaults")
			} else {
				assert.Empty(t, w.tagsOf(resource))
			}
			if c.env && c.add != nil { // and the same tags at creation
				_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-test", VersionLabel: "v1", Tags: c.add})
				require.ErrorIs(t, err, c.want)
			}
			if !c.env && c.add != nil {
				_, err := w.svc.CreateApplication(ctx, &beanstalk.CreateApplicationInput{ApplicationName: "blog", Tags: c.add})
				require.ErrorIs(t, err, c.want)
			}
		})
	}
	w := newWorld(t)
	_, err := w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{ResourceArn: ebARN("application/shop"), TagsToAdd: manyTags(50)})
	require.NoError(t, err, "50 is allowed")
	_, err = w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", Tags: manyTags(47)})
	require.NoError(t, err, "47 beside the defaults are allowed")
}

// An ARN of a resource the account does not have is
// ResourceNotFoundException; an Elastic Beanstalk ARN of a kind that
// takes no tags here is ResourceTypeNotSupportedException; what is not
// an Elastic Beanstalk ARN is InvalidParameterValue.
func TestTagsOfUnknownResources(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil)
	_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	cases := map[string]struct {
		arn  string
		want error
	}{
		"no such application":      {ebARN("application/blog"), beanstalk.ErrResourceNotFound},
		"no such version":          {ebARN("applicationversion/shop/v9"), beanstalk.ErrResourceNotFound},
		"no such template":         {ebARN("configurationtemplate/shop/none"), beanstalk.ErrResourceNotFound},
		"a terminated environment": {e.EnvironmentArn, beanstalk.ErrResourceNotFound},
		"another account's":        {"arn:aws:elasticbeanstalk:us-east-1:111111111111:application/shop", beanstalk.ErrResourceNotFound},
		"a platform":               {ebARN("platform/Go 1 running on 64bit Amazon Linux 2023/4.0.0"), beanstalk.ErrResourceTypeNotSupported},
		"another service's":        {"arn:aws:sqs:us-east-1:000000000000:jobs", beanstalk.ErrInvalidParameterValue},
		"a malformed environment":  {ebARN("environment/shop"), beanstalk.ErrInvalidParameterValue},
		"not an ARN":               {"shop", beanstalk.ErrInvalidParameterValue},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := w.svc.ListTagsForResource(ctx, &beanstalk.ListTagsForResourceInput{ResourceArn: c.arn})
			assert.ErrorIs(t, err, c.want)
			_, err = w.svc.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{ResourceArn: c.arn, TagsToAdd: []beanstalk.Tag{team}})
			assert.ErrorIs(t, err, c.want)
		})
	}
}
