package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// The handler's cost for a DescribeAutoScalingGroups of one group of ten
// instances: form in, XML out, no SDK.
func BenchmarkAutoScalingDescribeAutoScalingGroups(b *testing.B) {
	ctx := context.Background()
	groups := autoscaling.New(autoscaling.WithAccount(cloud.New(cloud.WithClock(sim.NewClock(start)))))
	if _, err := groups.CreateLaunchTemplate(ctx, &autoscaling.CreateLaunchTemplateInput{
		LaunchTemplateName: "web", LaunchTemplateData: autoscaling.LaunchTemplateData{InstanceType: "t3.micro"},
	}); err != nil {
		b.Fatal(err)
	}
	if _, err := groups.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: "web", LaunchTemplate: &autoscaling.LaunchTemplateSpecification{LaunchTemplateName: "web"},
		MinSize: 10, MaxSize: 10, AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
	}); err != nil {
		b.Fatal(err)
	}
	srv := server.New(server.WithAutoScaling(groups))
	body := url.Values{"Action": {"DescribeAutoScalingGroups"}, "Version": {"2011-01-01"}, "AutoScalingGroupNames.member.1": {"web"}}.Encode()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "http://awssim/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}
