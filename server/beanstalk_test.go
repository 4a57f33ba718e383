package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// newBeanstalkFixture serves a beanstalk service whose bundles resolves
// S3 locations; it records the locations asked for.
func newBeanstalkFixture(t *testing.T, bundles server.SourceBundles) *queryFixture {
	clk := sim.NewClock(start)
	svc := beanstalk.New(beanstalk.WithClock(clk))
	return &queryFixture{t: t, clk: clk, srv: server.New(server.WithBeanstalk(svc, bundles))}
}

func (f *queryFixture) beanstalk(action string, params ...string) (int, string) {
	form := url.Values{"Action": {action}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Set(params[i], params[i+1])
	}
	return f.call("2010-12-01", form)
}

var sample = &beanstalk.SourceBundle{Server: func(string) elb.Backend { return elb.Backend{Handler: http.NotFoundHandler()} }}

func TestBeanstalkVersionBundlesComeFromTheirS3Location(t *testing.T) {
	var asked [][2]string
	f := newBeanstalkFixture(t, func(bucket, key string) *beanstalk.SourceBundle {
		asked = append(asked, [2]string{bucket, key})
		if key == "app.zip" || key == "" {
			return sample
		}
		return nil
	})
	code, body := f.beanstalk("CreateApplicationVersion", "ApplicationName", "shop", "VersionLabel", "v1", "AutoCreateApplication", "true",
		"SourceBundle.S3Bucket", "b", "SourceBundle.S3Key", "app.zip")
	require.Equal(t, http.StatusOK, code, body)
	assert.Regexp(t, `^<CreateApplicationVersionResponse xmlns="http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/"><CreateApplicationVersionResult><ApplicationVersion><ApplicationVersionArn>arn:aws:elasticbeanstalk:us-east-1:000000000000:applicationversion/shop/v1</ApplicationVersionArn><ApplicationName>shop</ApplicationName><VersionLabel>v1</VersionLabel><DateCreated>2026-01-01T00:00:00.000Z</DateCreated>`, body)

	// Without a SourceBundle, AWS's sample application: the location ("", "").
	code, body = f.beanstalk("CreateApplicationVersion", "ApplicationName", "shop", "VersionLabel", "sample")
	require.Equal(t, http.StatusOK, code, body)

	code, body = f.beanstalk("CreateApplicationVersion", "ApplicationName", "shop", "VersionLabel", "v2",
		"SourceBundle.S3Bucket", "b", "SourceBundle.S3Key", "gone.zip")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Type>Sender</Type><Code>InvalidParameterCombination</Code><Message>Unable to download from S3 location (Bucket: b  Key: gone.zip). Reason: Not Found</Message>")
	assert.Equal(t, [][2]string{{"b", "app.zip"}, {"", ""}, {"b", "gone.zip"}}, asked)

	// Versions are listed newest first, a page at a time.
	_, body = f.beanstalk("DescribeApplicationVersions", "ApplicationName", "shop", "MaxRecords", "1")
	assert.Contains(t, body, "<VersionLabel>sample</VersionLabel>")
	assert.NotContains(t, body, "<VersionLabel>v1</VersionLabel>")
	m := nextToken.FindStringSubmatch(body)
	require.NotNil(t, m, body)
	_, body = f.beanstalk("DescribeApplicationVersions", "ApplicationName", "shop", "MaxRecords", "1", "NextToken", m[1])
	assert.Contains(t, body, "<VersionLabel>v1</VersionLabel>")
	assert.NotContains(t, body, "<NextToken>")
}

func TestBeanstalkWithoutBundlesTakesNoVersionOverTheWire(t *testing.T) {
	f := newBeanstalkFixture(t, nil)
	code, body := f.beanstalk("CreateApplicationVersion", "ApplicationName", "shop", "VersionLabel", "v1", "AutoCreateApplication", "true")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>MissingParameter</Code>")

	code, body = f.beanstalk("CreateApplication", "ApplicationName", "shop")
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, "<CreateApplicationResult><Application><ApplicationArn>arn:aws:elasticbeanstalk:us-east-1:000000000000:application/shop</ApplicationArn><ApplicationName>shop</ApplicationName>")
	code, body = f.beanstalk("DeleteApplication", "ApplicationName", "shop")
	require.Equal(t, http.StatusOK, code, body)
	assert.Regexp(t, `^<DeleteApplicationResponse xmlns="http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/"><ResponseMetadata>`, body)
}
