package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// query sends a query-protocol request and returns the status and body.
func query(t *testing.T, base, version string, params ...string) (int, string) {
	t.Helper()
	form := url.Values{"Version": {version}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Set(params[i], params[i+1])
	}
	res, err := http.Post(base+"/", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// A client that knows only the AWS APIs runs a group from an image and an
// environment from an S3 bundle: the stand-ins answer for both.
func TestServesAutoScalingAndBeanstalkWithStandIns(t *testing.T) {
	a := newApp(config{seed: 1, start: start})
	ts := httptest.NewServer(a)
	defer ts.Close()

	code, body := query(t, ts.URL, "2016-11-15", "Action", "CreateLaunchTemplate", "LaunchTemplateName", "web",
		"LaunchTemplateData.ImageId", "ami-12345678", "LaunchTemplateData.InstanceType", "t3.micro")
	require.Equal(t, http.StatusOK, code, body)
	code, body = query(t, ts.URL, "2011-01-01", "Action", "CreateAutoScalingGroup", "AutoScalingGroupName", "web",
		"LaunchTemplate.LaunchTemplateName", "web", "MinSize", "1", "MaxSize", "1", "AvailabilityZones.member.1", "us-east-1a")
	require.Equal(t, http.StatusOK, code, body)

	code, body = query(t, ts.URL, "2010-12-01", "Action", "CreateApplicationVersion", "ApplicationName", "shop",
		"VersionLabel", "v1", "AutoCreateApplication", "true", "SourceBundle.S3Bucket", "builds", "SourceBundle.S3Key", "shop.zip")
	require.Equal(t, http.StatusOK, code, body)
	code, body = query(t, ts.URL, "2010-12-01", "Action", "CreateEnvironment", "ApplicationName", "shop",
		"EnvironmentName", "shop-prod", "VersionLabel", "v1", "CNAMEPrefix", "shop")
	require.Equal(t, http.StatusOK, code, body)

	var st clockState
	require.Equal(t, 200, call(t, ts.Client(), "POST", ts.URL+"/_awssim/clock/advance?by=5m", nil, "", &st))
	_, body = query(t, ts.URL, "2010-12-01", "Action", "DescribeEnvironments", "EnvironmentNames.member.1", "shop-prod")
	assert.Contains(t, body, "<Status>Ready</Status>")
	assert.Contains(t, body, "<Health>Green</Health>")
	_, body = query(t, ts.URL, "2011-01-01", "Action", "DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "web")
	assert.Contains(t, body, "<LifecycleState>InService</LifecycleState>")

	// A request to the environment's CNAME reaches its instances.
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/", nil)
	require.NoError(t, err)
	req.Host = "shop.us-east-1.elasticbeanstalk.com"
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "awssim: builds/shop.zip", string(b))

	req.Host = "gone.us-east-1.elasticbeanstalk.com:4566"
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

// A client that creates a function over the wire gets the stand-in: an
// echo of each invocation's payload.
func TestServesLambdaWithTheEchoStandIn(t *testing.T) {
	a := newApp(config{seed: 1, start: start})
	ts := httptest.NewServer(a)
	defer ts.Close()

	res, err := http.Post(ts.URL+"/2015-03-31/functions", "application/json", strings.NewReader(
		`{"FunctionName":"resize","Role":"arn:aws:iam::000000000000:role/r","Runtime":"python3.13","Handler":"app.handler","Code":{"ZipFile":"UEsDBA=="}}`))
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode, string(b))

	res, err = http.Post(ts.URL+"/2015-03-31/functions/resize/invocations", "application/json", strings.NewReader(`{"width":640}`))
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, `{"width":640}`, string(b))
}
