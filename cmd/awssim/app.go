package main

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
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
}

// world is one simulated account with its services and their handler.
type world struct {
	clock   clock.Clock
	virtual *sim.Clock // nil with the real clock
	sqs     *sqs.Service
	sns     *sns.Service
	cw      *cloudwatch.Service
	handler *server.Server
}

func newWorld(c config) *world {
	w := &world{}
	if c.real {
		w.clock = clock.New()
	} else {
		w.virtual = sim.NewClock(c.start)
		w.clock = w.virtual
	}
	acct := cloud.New(cloud.WithClock(w.clock), cloud.WithSeed(c.seed))
	w.sqs = sqs.New(sqs.WithAccount(acct))
	w.sns = sns.New(sns.WithAccount(acct))
	w.cw = cloudwatch.New(cloudwatch.WithAccount(acct))
	w.handler = server.New(server.WithSQS(w.sqs), server.WithSNS(w.sns), server.WithCloudWatch(w.cw))
	return w
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

// ServeHTTP serves the control API under controlPrefix and hands every
// other request to the AWS handler of the current world.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		a.control(w, r)
		return
	}
	a.current().handler.ServeHTTP(w, r)
}
