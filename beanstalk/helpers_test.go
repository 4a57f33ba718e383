package beanstalk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// start is where every test's clock begins.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var ctx = context.Background()

// world is an account on a sim.Clock with Elastic Beanstalk and the
// lower services it made, and an application "shop" with a version "v1"
// whose server answers "hello from <instance>" after work of CPU.
type world struct {
	t    *testing.T
	clk  *sim.Clock
	acct *cloud.Account
	svc  *beanstalk.Service
	work time.Duration
}

func newWorld(t *testing.T) *world {
	t.Helper()
	clk := sim.NewClock(start)
	acct := cloud.New(cloud.WithClock(clk), cloud.WithSeed(7))
	w := &world{t: t, clk: clk, acct: acct, svc: beanstalk.New(beanstalk.WithAccount(acct)), work: 10 * time.Millisecond}
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "v1", AutoCreateApplication: true,
		SourceBundle: &beanstalk.SourceBundle{Server: w.server},
	})
	require.NoError(t, err)
	return w
}

// server is the web server of instance id.
func (w *world) server(id string) elb.Backend {
	return elb.Backend{
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { fmt.Fprint(rw, "hello from ", id) }),
		Latency: func(*http.Request) time.Duration { return w.work },
	}
}

// create creates environment name of tier (nil: web server) with
// options.
func (w *world) create(name string, tier *beanstalk.EnvironmentTier, opts ...beanstalk.ConfigurationOptionSetting) beanstalk.EnvironmentDescription {
	w.t.Helper()
	out, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: name, VersionLabel: "v1", Tier: tier, OptionSettings: opts,
	})
	require.NoError(w.t, err)
	return out.EnvironmentDescription
}

// env describes environment name.
func (w *world) env(name string) beanstalk.EnvironmentDescription {
	w.t.Helper()
	out, err := w.svc.DescribeEnvironments(ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentNames: []string{name}})
	require.NoError(w.t, err)
	require.Len(w.t, out.Environments, 1)
	return out.Environments[0]
}

// events returns environment name's event messages, oldest first.
func (w *world) events(name string) []string {
	w.t.Helper()
	out, err := w.svc.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{EnvironmentName: name})
	require.NoError(w.t, err)
	var msgs []string
	for k := len(out.Events) - 1; k >= 0; k-- {
		msgs = append(msgs, out.Events[k].Message)
	}
	return msgs
}

// get sends GET / to the environment's CNAME.
func (w *world) get(cname string) *httptest.ResponseRecorder {
	w.t.Helper()
	h, err := w.svc.Handler(cname)
	require.NoError(w.t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+cname+"/", nil))
	return rec
}

// targetGroups returns the ARNs of the target groups of environment
// name's load balancer.
func (w *world) targetGroups(name string) []string {
	w.t.Helper()
	res, err := w.svc.DescribeEnvironmentResources(ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: name})
	require.NoError(w.t, err)
	require.Len(w.t, res.EnvironmentResources.LoadBalancers, 1)
	out, err := w.svc.ELB().DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: res.EnvironmentResources.LoadBalancers[0].Name})
	require.NoError(w.t, err)
	var arns []string
	for _, tg := range out.TargetGroups {
		arns = append(arns, tg.TargetGroupArn)
	}
	return arns
}

// triggerNames are the names of an environment's alarms.
func triggerNames(r beanstalk.EnvironmentResources) []string {
	var names []string
	for _, tr := range r.Triggers {
		names = append(names, tr.Name)
	}
	return names
}

// option is a configuration option setting.
func option(namespace, name, value string) beanstalk.ConfigurationOptionSetting {
	return beanstalk.ConfigurationOptionSetting{Namespace: namespace, OptionName: name, Value: value}
}
