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
