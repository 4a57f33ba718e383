package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// post sends a query request through client and returns its body.
func post(client *http.Client, version string, form url.Values) string {
	form.Set("Version", version)
	res, err := client.PostForm("http://awssim/", form)
	if err != nil {
		return err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// Auto Scaling speaks the query protocol (Version 2011-01-01), and EC2's
// launch template operations EC2's own (Version 2016-11-15), both over one
// autoscaling.Service: a client makes a template and a group from it, and
// the group's instance boots on the virtual clock.
func ExampleWithAutoScaling() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	groups := autoscaling.New(autoscaling.WithClock(clk))
	srv := server.New(server.WithAutoScaling(groups), server.WithEC2(groups, nil))
	client := srv.Client()
	field := func(name, body string) string {
		m := regexp.MustCompile("<" + name + ">([^<]*)</" + name + ">").FindStringSubmatch(body)
		if m == nil {
			return body
		}
		return m[1]
	}

	fmt.Println(field("launchTemplateName", post(client, "2016-11-15", url.Values{
		"Action": {"CreateLaunchTemplate"}, "LaunchTemplateName": {"web"}, "LaunchTemplateData.InstanceType": {"t3.micro"},
	})))
	post(client, "2011-01-01", url.Values{
		"Action": {"CreateAutoScalingGroup"}, "AutoScalingGroupName": {"web"}, "LaunchTemplate.LaunchTemplateName": {"web"},
		"MinSize": {"1"}, "MaxSize": {"3"}, "AvailabilityZones.member.1": {"us-east-1a"},
	})
	describe := url.Values{"Action": {"DescribeAutoScalingGroups"}, "AutoScalingGroupNames.member.1": {"web"}}
	fmt.Println(field("LifecycleState", post(client, "2011-01-01", describe)))
	clk.Advance(time.Minute)
	fmt.Println(field("LifecycleState", post(client, "2011-01-01", describe)))
	fmt.Println(field("Code", post(client, "2011-01-01", url.Values{
		"Action": {"SetDesiredCapacity"}, "AutoScalingGroupName": {"web"}, "DesiredCapacity": {"9"},
	})))
	// Output:
	// web
	// Pending
	// InService
	// ValidationError
}

// Elastic Beanstalk speaks the query protocol (Version 2010-12-01). A
// version's source bundle is a Go value, found by the S3 location the
// request names.
func ExampleWithBeanstalk() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	envs := beanstalk.New(beanstalk.WithClock(clk))
	shop := &beanstalk.SourceBundle{Server: func(string) elb.Backend {
		return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "welcome to the shop") })}
	}}
	srv := server.New(server.WithBeanstalk(envs, func(bucket, key string) *beanstalk.SourceBundle {
		if bucket == "builds" && key == "shop-v1.zip" {
			return shop
		}
		return nil
	}))
	client := srv.Client()
	status := regexp.MustCompile(`<Status>(\w+)</Status>|<Code>(\w+)</Code>`)

	fmt.Println(status.FindString(post(client, "2010-12-01", url.Values{
		"Action": {"CreateApplicationVersion"}, "ApplicationName": {"shop"}, "VersionLabel": {"v1"}, "AutoCreateApplication": {"true"},
		"SourceBundle.S3Bucket": {"builds"}, "SourceBundle.S3Key": {"shop-v1.zip"},
	})))
	fmt.Println(status.FindString(post(client, "2010-12-01", url.Values{
		"Action": {"CreateApplicationVersion"}, "ApplicationName": {"shop"}, "VersionLabel": {"v2"},
		"SourceBundle.S3Bucket": {"builds"}, "SourceBundle.S3Key": {"shop-v2.zip"},
	})))
	fmt.Println(status.FindString(post(client, "2010-12-01", url.Values{
		"Action": {"CreateEnvironment"}, "ApplicationName": {"shop"}, "EnvironmentName": {"shop-prod"},
		"VersionLabel": {"v1"}, "CNAMEPrefix": {"shop"},
	})))
	clk.Advance(2 * time.Minute)
	fmt.Println(status.FindString(post(client, "2010-12-01", url.Values{
		"Action": {"DescribeEnvironments"}, "EnvironmentNames.member.1": {"shop-prod"},
	})))

	// The environment serves through the Go API.
	h, _ := envs.Handler("shop.us-east-1.elasticbeanstalk.com")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "http://shop/", nil))
	fmt.Println(rec.Body.String())
	// Output:
	// <Status>Processed</Status>
	// <Code>InvalidParameterCombination</Code>
	// <Status>Launching</Status>
	// <Status>Ready</Status>
	// welcome to the shop
}
