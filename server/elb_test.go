package server

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// The two Elastic Load Balancing APIs share action names
// (CreateLoadBalancer, DescribeLoadBalancers): the Version says which one
// a request is, and without one it is v2's.
func TestELBVersionChoosesBetweenV2AndClassic(t *testing.T) {
	srv := New(WithELB(elb.New(elb.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))))
	rec := postForm(srv, url.Values{
		"Action": {"CreateLoadBalancer"}, "Version": {elbClassicVersion}, "LoadBalancerName": {"legacy"},
		"AvailabilityZones.member.1":  {"us-east-1a"},
		"Listeners.member.1.Protocol": {"HTTP"}, "Listeners.member.1.LoadBalancerPort": {"80"}, "Listeners.member.1.InstancePort": {"8080"},
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `<CreateLoadBalancerResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"><CreateLoadBalancerResult><DNSName>legacy-`)

	rec = postForm(srv, url.Values{
		"Action": {"CreateLoadBalancer"}, "Name": {"shop"}, "Subnets.member.1": {"subnet-a"}, "Subnets.member.2": {"subnet-b"},
	})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `<CreateLoadBalancerResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><CreateLoadBalancerResult><LoadBalancers><member><LoadBalancerArn>arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/shop/`)
	assert.Contains(t, rec.Body.String(), "<State><Code>provisioning</Code></State>")

	// An action without output has an empty result element.
	rec = postForm(srv, url.Values{"Action": {"DeleteLoadBalancer"}, "Version": {elbClassicVersion}, "LoadBalancerName": {"legacy"}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "<DeleteLoadBalancerResult></DeleteLoadBalancerResult><ResponseMetadata>")
}

// Errors are an ErrorResponse in the API's namespace with ELB's code and
// status, which the SDKs turn into their typed errors; an action neither
// API has is an InvalidAction.
func TestELBErrorsAreQueryErrorResponses(t *testing.T) {
	srv := New(WithELB(elb.New(elb.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))))
	rec := postForm(srv, url.Values{"Action": {"DescribeLoadBalancers"}, "Version": {elbVersion}, "Names.member.1": {"missing"}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code>`)

	rec = postForm(srv, url.Values{"Action": {"DescribeInstanceHealth"}, "Version": {elbClassicVersion}, "LoadBalancerName": {"missing"}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"><Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code>`)

	rec = postForm(srv, url.Values{"Action": {"DescribeLoadBalancers"}, "Version": {elbVersion}, "PageSize": {"ten"}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>InvalidParameterValue</Code>")

	rec = postForm(srv, url.Values{"Action": {"DescribeSSLPolicies"}, "Version": {elbVersion}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "<Code>InvalidAction</Code>")
}
