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

// With enhanced health, DescribeEnvironments gives a HealthStatus that
// follows the instances: a server that starts failing turns the
// environment Severe (Red) once three of a minute's checks found it so,
// and Ok again once it recovers.
func ExampleService_DescribeEnvironmentHealth() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	failing := false
	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if failing {
					w.WriteHeader(http.StatusInternalServerError)
				}
			})}
		}},
	})
	eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{{Namespace: beanstalk.NamespaceHealth, OptionName: "SystemType", Value: "enhanced"}},
	})
	show := func() {
		out, _ := eb.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentNames: []string{"shop-prod"}})
		e := out.Environments[0]
		fmt.Println(clk.Now().Format("15:04"), e.Status, e.HealthStatus, e.Health)
	}
	clk.Advance(2 * time.Minute)
	show()
	failing = true
	clk.Advance(3 * time.Minute)
	show()
	h, _ := eb.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentName: "shop-prod"})
	fmt.Println(h.Causes)
	failing = false
	clk.Advance(3 * time.Minute)
	show()
	// Output:
	// 09:02 Ready Ok Green
	// 09:05 Ready Severe Red
	// [ELB health is failing or not available for all instances.]
	// 09:08 Ready Ok Green
}

// A configuration update that changes the instance type replaces the
// instances in batches (RollingUpdateType Time: MaxBatchSize at a time,
// PauseTime after each batch is in service); AbortEnvironmentUpdate
// rolls it back, the environment Aborting meanwhile.
func ExampleService_UpdateEnvironment_rollingConfigurationUpdate() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	eb := beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(42))
	eb.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}
		}},
	})
	option := func(ns, name, value string) beanstalk.ConfigurationOptionSetting {
		return beanstalk.ConfigurationOptionSetting{Namespace: ns, OptionName: name, Value: value}
	}
	eb.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{
			option(beanstalk.NamespaceASG, "MinSize", "4"),
			option(beanstalk.NamespaceRollingUpdate, "RollingUpdateEnabled", "true"),
			option(beanstalk.NamespaceRollingUpdate, "MaxBatchSize", "2"),
			option(beanstalk.NamespaceRollingUpdate, "MinInstancesInService", "2"),
			option(beanstalk.NamespaceRollingUpdate, "PauseTime", "PT2M"),
		},
	})
	clk.Advance(3 * time.Minute)
	status := func() string {
		out, _ := eb.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentNames: []string{"shop-prod"}})
		return out.Environments[0].Status
	}
	eb.UpdateEnvironment(ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{option(beanstalk.NamespaceLaunch, "InstanceType", "c5.large")}})
	fmt.Println(status())
	clk.Advance(90 * time.Second) // the first batch of two is replaced
	eb.AbortEnvironmentUpdate(ctx, &beanstalk.AbortEnvironmentUpdateInput{EnvironmentName: "shop-prod"})
	fmt.Println(status())
	for status() == beanstalk.StatusAborting {
		clk.Advance(10 * time.Second)
	}
	fmt.Println(status())
	events, _ := eb.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{EnvironmentName: "shop-prod", MaxRecords: 6})
	for k := len(events.Events) - 1; k >= 0; k-- {
		fmt.Println(events.Events[k].Message)
	}
	// Output:
	// Updating
	// Aborting
	// Ready
	// Environment update is starting.
	// Replacing instance(s): i-e2309124bcc7a07cc, i-d7d199c71e49a63dc.
	// Aborting the environment update.
	// Rolling back the configuration update.
	// Replacing instance(s): i-c06d32115b4d93112, i-ad0ea438f22ea1905.
	// Environment update was aborted.
}
