package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

func TestEC2AnswersInItsOwnXMLAndErrorShapes(t *testing.T) {
	clk := sim.NewClock(start)
	groups := autoscaling.New(autoscaling.WithAccount(cloud.New(cloud.WithClock(clk))))
	f := &queryFixture{t: t, clk: clk, srv: server.New(server.WithEC2(groups, nil))}
	create := url.Values{"Action": {"CreateLaunchTemplate"}, "LaunchTemplateName": {"web"}, "LaunchTemplateData.InstanceType": {"t3.micro"}}
	code, body := f.call("2016-11-15", create)
	require.Equal(t, http.StatusOK, code, body)
	// No <Result> wrapper, lower camel case, the request ID first.
	assert.Regexp(t, `^<CreateLaunchTemplateResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>[0-9a-f-]{36}</requestId><launchTemplate><createTime>2026-01-01T00:00:00.000Z</createTime><defaultVersionNumber>1</defaultVersionNumber><latestVersionNumber>1</latestVersionNumber><launchTemplateId>lt-[0-9a-f]{17}</launchTemplateId><launchTemplateName>web</launchTemplateName></launchTemplate></CreateLaunchTemplateResponse>$`, body)

	code, body = f.call("2016-11-15", create)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Regexp(t, `^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidLaunchTemplateName.AlreadyExistsException</Code><Message>[^<]+</Message></Error></Errors><RequestID>[0-9a-f-]{36}</RequestID></Response>$`, body)

	_, body = f.call("2016-11-15", url.Values{"Action": {"DescribeLaunchTemplates"}, "LaunchTemplateName.1": {"web"}})
	assert.Contains(t, body, "<launchTemplates><item><createTime>")

	// An EC2 action other than the launch template ones is not served.
	code, body = f.call("2016-11-15", url.Values{"Action": {"RunInstances"}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "<Response><Errors><Error><Code>InvalidAction</Code>")
}
