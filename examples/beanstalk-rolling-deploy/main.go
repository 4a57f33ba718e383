// Command beanstalk-rolling-deploy tells the story of a release that
// fails its health check, and of the blue/green deployment that ships
// the fixed one. The web-server environment shop-prod runs four
// instances of v1 behind its load balancer, which checks /health every
// 15 s; its users send a request every two seconds.
//
// First, a Rolling deployment (one instance at a time, a command timeout
// of 300 s) of v2-broken, whose /health answers 500: the first instance
// leaves the load balancer, gets the new version and goes back, but
// never passes its health check; at the timeout the deployment fails.
// The events say so, the environment is Ready and Red with v1 still its
// version, and the three instances not reached go on serving v1: the
// users never see v2-broken.
//
// Then blue/green: a second environment, shop-green, launches a good v2;
// once it is Ready, SwapEnvironmentCNAMEs gives it the CNAME the users
// call, which answers v2 from the next request on, and no request fails.
//
// It prints the events (DescribeEvents) and, each minute, the answers
// the users got by version and status, the same on every run:
//
//	go run ./examples/beanstalk-rolling-deploy
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// every is how often the users send a request.
const every = 2 * time.Second

// server is the web server a version runs on each instance: its pages
// answer 200 with the version in a header, its health check answers
// health.
func server(label string, health int) func(string) elb.Backend {
	return func(string) elb.Backend {
		return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("X-Shop-Version", label)
			if r.URL.Path == "/health" {
				rw.WriteHeader(health)
			}
			io.WriteString(rw, "welcome to the shop")
		})}
	}
}

// option is an option setting of an environment.
func option(namespace, name, value string) beanstalk.ConfigurationOptionSetting {
	return beanstalk.ConfigurationOptionSetting{Namespace: namespace, OptionName: name, Value: value}
}

// options are both environments' settings: four instances, checked on
// /health, deployed one at a time with a timeout of 300 s.
var options = []beanstalk.ConfigurationOptionSetting{
	option(beanstalk.NamespaceASG, "MinSize", "4"),
	option(beanstalk.NamespaceASG, "MaxSize", "4"),
	option(beanstalk.NamespaceProcess, "HealthCheckPath", "/health"),
	option(beanstalk.NamespaceCommand, "DeploymentPolicy", beanstalk.DeployRolling),
	option(beanstalk.NamespaceCommand, "BatchSizeType", beanstalk.BatchFixed),
	option(beanstalk.NamespaceCommand, "BatchSize", "1"),
	option(beanstalk.NamespaceCommand, "Timeout", "300"),
}

// story is the account, the users' traffic and what was printed.
type story struct {
	ctx    context.Context
	w      io.Writer
	clk    *sim.Clock
	eb     *beanstalk.Service
	cname  string         // the CNAME the users call, once they do
	tally  map[string]int // this minute's answers, by "version status"
	failed int            // requests not answered 200 since the count began
	events int            // events printed
}

// run tells the story to w. It fails only if a simulator refuses a call,
// which would be a bug.
func run(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	s := &story{ctx: context.Background(), w: w, clk: clk, tally: map[string]int{},
		eb: beanstalk.New(beanstalk.WithClock(clk), beanstalk.WithSeed(3))}
	for _, v := range []struct {
		label  string
		health int
	}{{"v1", http.StatusOK}, {"v2-broken", http.StatusInternalServerError}, {"v2", http.StatusOK}} {
		must(s.eb.CreateApplicationVersion(s.ctx, &beanstalk.CreateApplicationVersionInput{
			ApplicationName: "shop", VersionLabel: v.label, AutoCreateApplication: true,
			SourceBundle: &beanstalk.SourceBundle{Server: server(v.label, v.health)},
		}))
	}
	prod := must(s.eb.CreateEnvironment(s.ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1", CNAMEPrefix: "shop", OptionSettings: options,
	}))
	s.until(s.ready("shop-prod"))
	s.cname = prod.CNAME
	s.say("users start calling %s", s.cname)
	s.traffic(2 * time.Minute)

	// (1) A rolling deployment of a version whose health check fails.
	must(s.eb.UpdateEnvironment(s.ctx, &beanstalk.UpdateEnvironmentInput{EnvironmentName: "shop-prod", VersionLabel: "v2-broken"}))
	s.say("UpdateEnvironment shop-prod to v2-broken (Rolling, 1 instance a batch, Timeout 300 s)")
	s.until(s.ready("shop-prod"))
	s.state("shop-prod")
	s.traffic(2 * time.Minute)

	// (2) Blue/green: the good v2 in a new environment, then the swap.
	must(s.eb.CreateEnvironment(s.ctx, &beanstalk.CreateEnvironmentInput{
		ApplicationName: "shop", EnvironmentName: "shop-green", VersionLabel: "v2", CNAMEPrefix: "shop-green", OptionSettings: options,
	}))
	s.say("CreateEnvironment shop-green with v2")
	s.until(s.ready("shop-green"))
	s.failed = 0
	must(s.eb.SwapEnvironmentCNAMEs(s.ctx, &beanstalk.SwapEnvironmentCNAMEsInput{SourceEnvironmentName: "shop-prod", DestinationEnvironmentName: "shop-green"}))
	s.say("SwapEnvironmentCNAMEs shop-prod <-> shop-green")
	s.traffic(3 * time.Minute)
	s.state("shop-prod")
	s.state("shop-green")
	s.say("requests to %s not answered 200 since the swap: %d", s.cname, s.failed)
	return nil
}

// traffic sends the users' requests for d, every [every], printing the
// events as they come and the answers at the end of each minute.
func (s *story) traffic(d time.Duration) {
	for end := s.clk.Now().Add(d); s.clk.Now().Before(end); {
		s.request()
		s.clk.Advance(every)
		s.printEvents()
		if s.clk.Now().Second() == 0 {
			s.printTally()
		}
	}
}

// until sends the users' requests minute by minute until done holds.
func (s *story) until(done func() bool) {
	for !done() {
		s.traffic(time.Minute)
	}
}

// ready reports whether an environment is Ready.
func (s *story) ready(name string) func() bool {
	return func() bool { return s.env(name).Status == beanstalk.StatusReady }
}

// request sends one request to the CNAME, resolved anew as DNS would,
// and counts its answer.
func (s *story) request() {
	if s.cname == "" {
		return
	}
	h := must(s.eb.Handler(s.cname))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+s.cname+"/", nil))
	version := rec.Header().Get("X-Shop-Version")
	if version == "" {
		version = "elb"
	}
	s.tally[fmt.Sprintf("%s %d", version, rec.Code)]++
	if rec.Code != http.StatusOK {
		s.failed++
	}
}

// printEvents prints the application's events not printed yet, oldest
// first.
func (s *story) printEvents() {
	out := must(s.eb.DescribeEvents(s.ctx, &beanstalk.DescribeEventsInput{ApplicationName: "shop"}))
	slices.Reverse(out.Events)
	for _, e := range out.Events[s.events:] {
		fmt.Fprintf(s.w, "%s  %-10s %-5s %s\n", e.EventDate.Format("15:04:05"), e.EnvironmentName, e.Severity, e.Message)
	}
	s.events = len(out.Events)
}

// printTally prints the minute's answers and the state of each
// environment's targets, and starts counting again.
func (s *story) printTally() {
	if s.cname == "" {
		return
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(s.tally)) {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, s.tally[k]))
	}
	s.say("  answers: %-16s targets: %s", strings.Join(parts, ", "), s.targets())
	clear(s.tally)
}

// targets tells, for each environment of the application, how many of
// its load balancer's targets are in each state.
func (s *story) targets() string {
	envs := must(s.eb.DescribeEnvironments(s.ctx, &beanstalk.DescribeEnvironmentsInput{ApplicationName: "shop"}))
	var out []string
	for _, e := range envs.Environments {
		states := map[string]int{}
		for _, t := range s.health(e.EnvironmentName) {
			states[t.TargetHealth.State]++
		}
		var counts []string
		for _, st := range slices.Sorted(maps.Keys(states)) {
			counts = append(counts, fmt.Sprintf("%d %s", states[st], st))
		}
		out = append(out, e.EnvironmentName+" "+strings.Join(counts, ", "))
	}
	return strings.Join(out, "; ")
}

// health describes the health of an environment's targets.
func (s *story) health(name string) []elb.TargetHealthDescription {
	res := must(s.eb.DescribeEnvironmentResources(s.ctx, &beanstalk.DescribeEnvironmentResourcesInput{EnvironmentName: name}))
	tgs := must(s.eb.ELB().DescribeTargetGroups(s.ctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: res.EnvironmentResources.LoadBalancers[0].Name}))
	th := must(s.eb.ELB().DescribeTargetHealth(s.ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tgs.TargetGroups[0].TargetGroupArn}))
	return th.TargetHealthDescriptions
}

// state prints an environment's status, health and version, and its
// targets that are not healthy.
func (s *story) state(name string) {
	e := s.env(name)
	s.say("%s: %s, %s, version %s, CNAME %s", name, e.Status, e.Health, e.VersionLabel, e.CNAME)
	for _, t := range s.health(name) {
		if t.TargetHealth.State != elb.HealthHealthy {
			s.say("  %s %s: %s %s", t.Target.Id, t.TargetHealth.State, t.TargetHealth.Reason, t.TargetHealth.Description)
		}
	}
}

// env describes an environment.
func (s *story) env(name string) beanstalk.EnvironmentDescription {
	out := must(s.eb.DescribeEnvironments(s.ctx, &beanstalk.DescribeEnvironmentsInput{EnvironmentNames: []string{name}}))
	return out.Environments[0]
}

// say prints a line at the clock's time.
func (s *story) say(format string, args ...any) {
	fmt.Fprintf(s.w, "%s  %s\n", s.clk.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
