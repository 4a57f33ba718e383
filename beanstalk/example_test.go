package beanstalk_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// A web-server environment launches its load balancer and group, is
// Ready once its instance is in service and healthy, and answers on its
// CNAME with the version's handler.
func ExampleService_CreateEnvironment() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "welcome to the shop") })}
		}},
	})
	env, _ := eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", CNAMEPrefix: "shop",
	})
	fmt.Println(env.CNAME, env.Status)
	clk.Advance(2 * time.Minute)

	out, _ := eb.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentNames: []string{"shop-prod"}})
	fmt.Println(out.Environments[0].Status, out.Environments[0].Health)
	h, _ := eb.Handler(env.CNAME)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+env.CNAME+"/", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	fmt.Println(rec.Code, string(body))
	// Output:
	// shop.us-east-1.elasticbeanstalk.com Launching
	// Ready Green
	// 200 welcome to the shop
}

// A single-instance environment has no load balancer: its CNAME
// reaches its one instance through the Elastic IP address it holds, and
// when Auto Scaling replaces the instance, the new one takes the address
// over.
func ExampleService_CreateEnvironment_singleInstance() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "served by ", id) })}
		}},
	})
	env, _ := eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-dev", VersionLabel: "v1", CNAMEPrefix: "shop-dev",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{
			{Namespace: beanstalk.NamespaceEnvironment, OptionName: "EnvironmentType", Value: "SingleInstance"},
		},
	})
	clk.Advance(2 * time.Minute)
	get := func() {
		h, _ := eb.Handler(env.CNAME)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+env.CNAME+"/", nil))
		fmt.Println(rec.Code, rec.Body.String())
	}
	get()

	res, _ := eb.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: "shop-dev"})
	fmt.Println(len(res.EnvironmentResources.Instances), "instance,", len(res.EnvironmentResources.LoadBalancers), "load balancers")
	eb.AutoScaling().TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{
		InstanceId: res.EnvironmentResources.Instances[0].Id,
	})
	clk.Advance(2 * time.Minute)
	get()
	// Output:
	// 200 served by i-e2309124bcc7a07cc
	// 1 instance, 0 load balancers
	// 200 served by i-23eea7d004bcb5e3a
}

// Tags are given at creation and changed by ARN; an environment also
// has the three tags Elastic Beanstalk gives it.
func ExampleService_UpdateTagsForResource() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend { return elb.Backend{Handler: http.NotFoundHandler()} }},
	})
	env, _ := eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
		Tags: []beanstalk.Tag{{Key: "team", Value: "checkout"}},
	})
	eb.UpdateTagsForResource(ctx, &beanstalk.UpdateTagsForResourceInput{
		ResourceArn: env.EnvironmentArn, TagsToAdd: []beanstalk.Tag{{Key: "cost-centre", Value: "4711"}},
	})
	out, _ := eb.ListTagsForResource(ctx, &beanstalk.ListTagsForResourceInput{ResourceArn: env.EnvironmentArn})
	for _, t := range out.ResourceTags {
		fmt.Println(t.Key, "=", t.Value)
	}
	// Output:
	// elasticbeanstalk:environment-name = shop-prod
	// elasticbeanstalk:environment-id = e-g6uhh6k84s
	// Name = shop-prod
	// team = checkout
	// cost-centre = 4711
}

// A version lifecycle rule applies each time a version is created: with
// MaxCount 2, creating a fourth version deletes the first.
func ExampleService_UpdateApplicationResourceLifecycle() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	eb.CreateApplication(ctx, &beanstalk.CreateApplicationInput{
		ApplicationName: "shop",
		ResourceLifecycleConfig: &beanstalk.ApplicationResourceLifecycleConfig{
			ServiceRole: "arn:aws:iam::000000000000:role/aws-elasticbeanstalk-service-role",
			VersionLifecycleConfig: &beanstalk.ApplicationVersionLifecycleConfig{
				MaxCountRule: &beanstalk.MaxCountRule{Enabled: true, MaxCount: 2},
			},
		},
	})
	for _, label := range []string{"v1", "v2", "v3", "v4"} {
		eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
			ApplicationName: "shop", VersionLabel: label,
			SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend { return elb.Backend{Handler: http.NotFoundHandler()} }},
		})
	}
	out, _ := eb.DescribeApplications(ctx, &beanstalk.DescribeApplicationsInput{ApplicationNames: []string{"shop"}})
	fmt.Println(out.Applications[0].Versions)
	// Output:
	// [v4 v3 v2]
}
