package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// controlPrefix is the path under which the control API is served, beside
// the AWS protocols.
const controlPrefix = "/_awssim/"

// config is what the flags choose: everything a reset rebuilds from.
type config struct {
	seed  uint64
	start time.Time
	real  bool
	// creds, when any, are the access keys requests must be signed
	// with; account is the account ID, theirs or the default.
	creds   []server.Credentials
	account string
}

// world is one simulated account with its services and their handler.
type world struct {
	clock   clock.Clock
	virtual *sim.Clock // nil with the real clock
	sqs     *sqs.Service
	sns     *sns.Service
	cw      *cloudwatch.Service
	elb     *elb.Service
	asg     *autoscaling.Service
	eb      *beanstalk.Service
	lambda  *lambda.Service
	handler *server.Server
}

// newWorld makes the account and its services, composed as beanstalk.New
// composes them: one clock, one seed, the services publishing their
// metrics to the account's CloudWatch, groups registering with its load
// balancers, and environments made of all of them.
func newWorld(c config) *world {
	w := &world{}
	if c.real {
		w.clock = clock.New()
	} else {
		w.virtual = sim.NewClock(c.start)
		w.clock = w.virtual
	}
	opts := []cloud.Option{cloud.WithClock(w.clock), cloud.WithSeed(c.seed)}
	if c.account != "" {
		opts = append(opts, cloud.WithAccountID(c.account))
	}
	acct := cloud.New(opts...)
	w.cw = cloudwatch.New(cloudwatch.WithAccount(acct))
	w.sqs = sqs.New(sqs.WithAccount(acct), sqs.WithMetrics(w.cw))
	w.sns = sns.New(sns.WithAccount(acct))
	w.lambda = lambda.New(lambda.WithAccount(acct), lambda.WithSQS(w.sqs), lambda.WithMetrics(w.cw))
	w.elb = elb.New(elb.WithAccount(acct), elb.WithMetrics(w.cw))
	w.asg = autoscaling.New(autoscaling.WithAccount(acct), autoscaling.WithELB(w.elb), autoscaling.WithMetrics(w.cw))
	w.eb = beanstalk.New(beanstalk.WithAccount(acct), beanstalk.WithCloudWatch(w.cw), beanstalk.WithSQS(w.sqs),
		beanstalk.WithELB(w.elb), beanstalk.WithAutoScaling(w.asg))
	srv := []server.Option{
		server.WithSQS(w.sqs), server.WithSNS(w.sns), server.WithCloudWatch(w.cw), server.WithELB(w.elb),
		server.WithLambda(w.lambda, standInCode),
		server.WithAutoScaling(w.asg), server.WithEC2(w.asg, standInImage), server.WithBeanstalk(w.eb, standInBundle),
	}
	if len(c.creds) > 0 {
		srv = append(srv, server.WithCredentials(c.creds...))
	}
	w.handler = server.New(srv...)
	return w
}

// standInBundle is the source bundle of every application version a
// client creates: the server cannot run a ZIP file, so each S3 location
// deploys a web server that answers every request with 200 and
// "awssim: BUCKET/KEY" (the sample application, without a location).
func standInBundle(bucket, key string) *beanstalk.SourceBundle {
	body := "awssim: sample application"
	if bucket != "" || key != "" {
		body = "awssim: " + bucket + "/" + key
	}
	return &beanstalk.SourceBundle{Server: func(string) elb.Backend { return standInServer(body) }}
}

// standInCode is the code of every function a client creates: the
// server cannot run a ZIP file or an image, so each function answers
// every invocation with its own payload, an echo.
func standInCode(server.CodeLocation) *lambda.Code {
	return &lambda.Code{Handler: func(_ context.Context, payload []byte) ([]byte, error) { return payload, nil }}
}

// standInImage is the program of every machine image: a web server that
// answers every request with 200 and "awssim: IMAGE on INSTANCE", so that
// instances registered with a load balancer pass its health checks.
func standInImage(image string) *autoscaling.LaunchTemplateData {
	return &autoscaling.LaunchTemplateData{Backend: func(id string) elb.Backend { return standInServer("awssim: " + image + " on " + id) }}
}

// standInServer answers every request with 200 and body.
func standInServer(body string) elb.Backend {
	return elb.Backend{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, body)
	})}
}

// app is the process's handler: the control API under controlPrefix and
// the current world's AWS handler everywhere else.
type app struct {
	cfg config

	// drive serialises the control requests that move the clock or
	// replace the world, so that /next reads and advances as one step.
	drive sync.Mutex

	mu    sync.RWMutex
	world *world
}

func newApp(c config) *app {
	return &app{cfg: c, world: newWorld(c)}
}

func (a *app) current() *world {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.world
}

func (a *app) reset() *world {
	w := newWorld(a.cfg)
	a.mu.Lock()
	a.world = w
	a.mu.Unlock()
	return w
}

// ServeHTTP serves the control API under controlPrefix, a request whose
// Host is an Elastic Beanstalk environment's CNAME with that environment,
// and hands every other request to the AWS handler of the current world.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		a.control(w, r)
		return
	}
	world := a.current()
	if host, _, _ := strings.Cut(r.Host, ":"); strings.HasSuffix(host, beanstalkDomain) {
		env, err := world.eb.Handler(host)
		if err != nil {
			http.Error(w, "awssim: no environment has the CNAME "+host, http.StatusNotFound)
			return
		}
		env.ServeHTTP(w, r)
		return
	}
	world.handler.ServeHTTP(w, r)
}

// beanstalkDomain ends the CNAMEs of Elastic Beanstalk environments.
const beanstalkDomain = ".elasticbeanstalk.com"
