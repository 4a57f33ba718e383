package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// queryFixture posts query requests to a server.
type queryFixture struct {
	t   *testing.T
	clk *sim.Clock
	srv *server.Server
}

// call posts a query request of version with the parameters in form.
func (f *queryFixture) call(version string, form url.Values) (int, string) {
	form.Set("Version", version)
	req := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

// newAutoScalingFixture serves an autoscaling service with a launch
// template "web", which only the Go API makes.
func newAutoScalingFixture(t *testing.T) (*queryFixture, *autoscaling.Service) {
	clk := sim.NewClock(start)
	groups := autoscaling.New(autoscaling.WithAccount(cloud.New(cloud.WithClock(clk))))
	_, err := groups.CreateLaunchTemplate(context.Background(), &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
	})
	require.NoError(t, err)
	return &queryFixture{t: t, clk: clk, srv: server.New(server.WithAutoScaling(groups))}, groups
}

func (f *queryFixture) autoScaling(action string, params ...string) (int, string) {
	form := url.Values{"Action": {action}}
	for i := 0; i+1 < len(params); i += 2 {
		form.Set(params[i], params[i+1])
	}
	return f.call("2011-01-01", form)
}

func TestAutoScalingCreateGroupThenDescribeItInXML(t *testing.T) {
	f, groups := newAutoScalingFixture(t)
	code, body := f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", "web",
		"LaunchTemplate.LaunchTemplateName", "web", "MinSize", "2", "MaxSize", "4",
		"AvailabilityZones.member.1", "us-east-1a", "AvailabilityZones.member.2", "us-east-1b")
	require.Equal(t, http.StatusOK, code, body)
	// An action without output answers with no result element.
	assert.Regexp(t, `^<CreateAutoScalingGroupResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></CreateAutoScalingGroupResponse>$`, body)

	out, err := groups.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{})
	require.NoError(t, err)
	require.Len(t, out.AutoScalingGroups, 1)
	g := out.AutoScalingGroups[0]
	assert.Equal(t, 2, g.DesiredCapacity)

	_, body = f.autoScaling("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "web")
	assert.Contains(t, body, "<DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>web</AutoScalingGroupName><AutoScalingGroupARN>"+g.AutoScalingGroupARN+"</AutoScalingGroupARN>")
	assert.Contains(t, body, "<MinSize>2</MinSize><MaxSize>4</MaxSize><DesiredCapacity>2</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>")
	assert.Contains(t, body, "<AvailabilityZones><member>us-east-1a</member><member>us-east-1b</member></AvailabilityZones>")
	assert.Contains(t, body, "<InstanceId>"+g.Instances[0].InstanceId+"</InstanceId><InstanceType>t3.micro</InstanceType><AvailabilityZone>us-east-1a</AvailabilityZone><LifecycleState>Pending</LifecycleState>")
	assert.Contains(t, body, "<CreatedTime>2026-01-01T00:00:00.000Z</CreatedTime>")
}

func TestAutoScalingErrorsCarryTheModelsCodes(t *testing.T) {
	f, _ := newAutoScalingFixture(t)
	create := []string{"AutoScalingGroupName", "web", "LaunchTemplate.LaunchTemplateName", "web", "MinSize", "0", "MaxSize", "1", "AvailabilityZones.member.1", "us-east-1a"}
	code, body := f.autoScaling("CreateAutoScalingGroup", create...)
	require.Equal(t, http.StatusOK, code, body)

	code, body = f.autoScaling("CreateAutoScalingGroup", create...)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Regexp(t, `^<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>AlreadyExists</Code><Message>[^<]+</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`, body)

	// MinSize is required by the model, where the Go API's zero is a size.
	code, body = f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", "other", "LaunchTemplate.LaunchTemplateName", "web", "MaxSize", "1")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>ValidationError</Code><Message>1 validation error detected: Value null at &#39;minSize&#39; failed to satisfy constraint: Member must not be null</Message>")

	code, body = f.autoScaling("SetDesiredCapacity", "AutoScalingGroupName", "web", "DesiredCapacity", "5")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>ValidationError</Code>")

	code, body = f.autoScaling("DeleteAutoScalingGroup", "AutoScalingGroupName", "web", "ForceDelete", "maybe")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidParameterValue</Code>")
}

var nextToken = regexp.MustCompile(`<NextToken>([^<]+)</NextToken>`)

func TestAutoScalingListingsPageByNextTokenAndMaxRecords(t *testing.T) {
	f, _ := newAutoScalingFixture(t)
	for _, name := range []string{"a", "b", "c"} {
		code, body := f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", name, "LaunchTemplate.LaunchTemplateName", "web",
			"MinSize", "0", "MaxSize", "1", "AvailabilityZones.member.1", "us-east-1a")
		require.Equal(t, http.StatusOK, code, body)
	}
	var names []string
	token := ""
	for range 3 {
		params := []string{"MaxRecords", "2"}
		if token != "" {
			params = append(params, "NextToken", token)
		}
		code, body := f.autoScaling("DescribeAutoScalingGroups", params...)
		require.Equal(t, http.StatusOK, code, body)
		for _, m := range regexp.MustCompile(`<member><AutoScalingGroupName>(\w+)</AutoScalingGroupName>`).FindAllStringSubmatch(body, -1) {
			names = append(names, m[1])
		}
		m := nextToken.FindStringSubmatch(body)
		if m == nil {
			break
		}
		token = m[1]
	}
	assert.Equal(t, []string{"a", "b", "c"}, names)

	code, body := f.autoScaling("DescribeAutoScalingGroups", "NextToken", "not-a-token")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidNextToken</Code>")
	code, body = f.autoScaling("DescribeAutoScalingGroups", "MaxRecords", "101")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>ValidationError</Code>")
}

func TestAutoScalingScalingActivitiesFollowTheClock(t *testing.T) {
	f, _ := newAutoScalingFixture(t)
	code, body := f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", "web", "LaunchTemplate.LaunchTemplateName", "web",
		"MinSize", "1", "MaxSize", "2", "AvailabilityZones.member.1", "us-east-1a")
	require.Equal(t, http.StatusOK, code, body)
	_, body = f.autoScaling("DescribeScalingActivities", "AutoScalingGroupName", "web")
	assert.Contains(t, body, "<StatusCode>InProgress</StatusCode>")
	f.clk.Advance(2 * time.Minute) // the instance boots
	_, body = f.autoScaling("DescribeScalingActivities", "AutoScalingGroupName", "web")
	assert.Contains(t, body, "<StatusCode>Successful</StatusCode>")
	assert.Contains(t, body, "<Progress>100</Progress>")
	assert.Contains(t, body, `<Details>{&#34;Availability Zone&#34;:&#34;us-east-1a&#34;}</Details>`)
}

// A NextToken resumes at the item it names, as AWS's do: a group deleted
// before it between two pages makes the listing skip nothing.
func TestAutoScalingNextTokenResumesAtItsItem(t *testing.T) {
	f, _ := newAutoScalingFixture(t)
	for _, name := range []string{"a", "b", "c"} {
		code, body := f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", name, "LaunchTemplate.LaunchTemplateName", "web",
			"MinSize", "0", "MaxSize", "1", "AvailabilityZones.member.1", "us-east-1a")
		require.Equal(t, http.StatusOK, code, body)
	}
	_, body := f.autoScaling("DescribeAutoScalingGroups", "MaxRecords", "1")
	require.Contains(t, body, "<AutoScalingGroupName>a</AutoScalingGroupName>")
	token := nextToken.FindStringSubmatch(body)
	require.NotNil(t, token, body)

	code, body := f.autoScaling("DeleteAutoScalingGroup", "AutoScalingGroupName", "a")
	require.Equal(t, http.StatusOK, code, body)
	_, body = f.autoScaling("DescribeAutoScalingGroups", "MaxRecords", "1", "NextToken", token[1])
	assert.Contains(t, body, "<AutoScalingGroupName>b</AutoScalingGroupName>")
}

func TestAutoScalingRefusesNumbersThatAreNotFinite(t *testing.T) {
	f, groups := newAutoScalingFixture(t)
	code, body := f.autoScaling("CreateAutoScalingGroup", "AutoScalingGroupName", "web", "LaunchTemplate.LaunchTemplateName", "web",
		"MinSize", "0", "MaxSize", "1", "AvailabilityZones.member.1", "us-east-1a")
	require.Equal(t, http.StatusOK, code, body)
	code, body = f.autoScaling("PutScalingPolicy", "AutoScalingGroupName", "web", "PolicyName", "steps", "PolicyType", "StepScaling",
		"AdjustmentType", "ChangeInCapacity", "StepAdjustments.member.1.MetricIntervalLowerBound", "NaN",
		"StepAdjustments.member.1.ScalingAdjustment", "1")
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Code>InvalidParameterValue</Code>")
	out, err := groups.DescribePolicies(context.Background(), &autoscaling.DescribePoliciesInput{AutoScalingGroupName: "web"})
	require.NoError(t, err)
	assert.Empty(t, out.ScalingPolicies, "no state changed")
}
