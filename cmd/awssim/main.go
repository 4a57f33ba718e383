// Command awssim serves awssim's in-memory SQS, SNS, Lambda, CloudWatch,
// Elastic Load Balancing, EC2 Auto Scaling (with EC2's launch templates)
// and Elastic Beanstalk on 127.0.0.1 for clients in any language (the AWS
// CLI, boto3), with virtual time that a test moves through a small
// control API under /_awssim/.
//
// Usage:
//
//	go run ./cmd/awssim [-port 4566] [-seed 1] [-start 2026-01-01T00:00:00Z] [-real] [-credentials ACCESSKEY:SECRET[:ACCOUNT]]...
//
// Point a client at it with its endpoint URL:
//
//	aws --endpoint-url http://127.0.0.1:4566 sqs list-queues
//
// and move time with one request:
//
//	curl -X POST 'http://127.0.0.1:4566/_awssim/clock/advance?by=30s'
//
// The services are one account's, composed as beanstalk.New composes
// them: one clock and one seed, SQS, Lambda, Elastic Load Balancing and
// Auto Scaling publishing their metrics to CloudWatch, groups registering
// their instances with the load balancers, and Beanstalk environments
// made of all of them. What a client cannot upload, the server stands in
// for: every application version, whatever its S3 location, deploys a
// web server that answers every request with 200 and "awssim:
// BUCKET/KEY", and every machine image of a launch template runs one that
// answers "awssim: IMAGE on INSTANCE", so that instances behind a load
// balancer pass its health checks; every function a client creates,
// whatever its code (a ZIP file, an S3 object, an image), answers each
// invocation with its own payload, an echo. Programs and functions of
// one's own need a Go main that embeds the server (server.WithLambda,
// server.WithBeanstalk, server.WithEC2).
//
// A request whose Host is an environment's CNAME goes to that
// environment, through its load balancer and instances, as a browser's
// would:
//
//	curl -H 'Host: shop.us-east-1.elasticbeanstalk.com' http://127.0.0.1:4566/
//
// # Credentials
//
// By default every request is served, signed or not. Each -credentials
// flag adds an access key that requests must then be signed with (AWS
// Signature Version 4); unsigned requests and wrong signatures are
// refused as AWS refuses them. ACCOUNT, when given, is the account's ID
// (000000000000 otherwise), and every key names the same one: the
// command serves one account.
//
//	go run ./cmd/awssim -credentials AKIDEXAMPLE:secret:111111111111
//	AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret aws --endpoint-url http://127.0.0.1:4566 sqs list-queues
//
// # Time
//
// By default the services run on a *sim.Clock that starts at -start and
// moves only when the control API advances it. A ReceiveMessage with
// WaitTimeSeconds then waits on virtual time: it returns when a message
// arrives or when the clock is advanced past its wait, never because real
// seconds passed. With -real the services run on the real clock (through
// the same clock abstraction) and the clock endpoints other than GET
// /_awssim/clock answer 409.
//
// # Control API
//
// JSON in and out, beside the AWS protocols on the same port:
//
//	GET  /_awssim/clock                    the time, pending events, blocked polls
//	POST /_awssim/clock/advance            {"duration":"30s"} or ?by=30s
//	POST /_awssim/clock/advance-to         {"time":"2026-01-01T00:05:00Z"} or ?time=
//	POST /_awssim/clock/next               to the next scheduled event, if any
//	POST /_awssim/clock/run-until-idle     {"max":10000} or ?max=: every pending event
//	GET  /_awssim/sqs/queues               each queue with its counts
//	POST /_awssim/reset                    a new account and services from the flags
//
// The clock endpoints answer with the clock's state. Errors are
// {"error":"..."} with a 4xx status.
//
// "Scheduled events" are those the services put on the clock: long-poll
// timeouts and wake-ups, message move tasks, instance boots, health
// checks and deployments, and CloudWatch's collection of the services'
// metrics at the end of every minute, so /next moves at most a minute and
// /run-until-idle runs until its max. A delayed message nobody is
// waiting for is not an event (its state is computed from the time), so
// /next does not stop at its end; /advance does make it visible.
//
// A reset leaves requests in flight on the old services: a long poll
// waiting on the old virtual clock then waits until its client gives up.
//
// # Beside moto
//
// scripts/loopback-bench.py measures SQS round trips per second over
// loopback against this command and moto_server in one run, and
// scripts/moto-compare.py runs one SQS scenario against both and prints
// where their answers differ; each says at its top how to run it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "awssim:", err)
		os.Exit(1)
	}
}

// run parses args, serves on 127.0.0.1 until ctx is done, and writes the
// address it listens on to stdout as its first line.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("awssim", flag.ContinueOnError)
	fs.SetOutput(stdout)
	port := fs.Int("port", 4566, "TCP port on 127.0.0.1 (0 picks a free one)")
	seed := fs.Uint64("seed", 1, "root seed of the simulated account")
	start := fs.String("start", "2026-01-01T00:00:00Z", "RFC 3339 start time of the virtual clock")
	realClock := fs.Bool("real", false, "use the real clock instead of a virtual one")
	var creds credentialsFlag
	fs.Var(&creds, "credentials", "`ACCESSKEY:SECRET[:ACCOUNT]`: require requests signed with this key (repeatable); ACCOUNT is the account's 12-digit ID")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil // -h: the usage is printed
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	t, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		return fmt.Errorf("-start: %v", err)
	}
	a := newApp(config{seed: *seed, start: t, real: *realClock, creds: creds.keys, account: creds.account})

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	mode := "virtual"
	if *realClock {
		mode = "real"
	}
	auth := "no authentication"
	if len(creds.keys) > 0 {
		auth = fmt.Sprintf("SigV4 with %d access keys", len(creds.keys))
	}
	fmt.Fprintf(stdout, "awssim listening on http://%s (seed %d, %s time, %s)\n", ln.Addr(), *seed, mode, auth)

	srv := &http.Server{Handler: a}
	// Close, not Shutdown: long polls on a virtual clock would hold a
	// graceful shutdown for ever.
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) || ctx.Err() == nil {
		return err
	}
	return nil
}

// credentialsFlag collects the -credentials flags: the access keys and
// the one account they all reach.
type credentialsFlag struct {
	keys    []server.Credentials
	account string
}

func (c *credentialsFlag) String() string { return "" }

// Set parses ACCESSKEY:SECRET[:ACCOUNT].
func (c *credentialsFlag) Set(v string) error {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return errors.New("want ACCESSKEY:SECRET or ACCESSKEY:SECRET:ACCOUNT")
	}
	k := server.Credentials{AccessKeyID: parts[0], SecretAccessKey: parts[1]}
	if len(parts) == 3 {
		if !accountID.MatchString(parts[2]) {
			return fmt.Errorf("account %q is not a 12-digit account ID", parts[2])
		}
		if c.account != "" && c.account != parts[2] {
			return fmt.Errorf("account %s: awssim serves one account, and another key names %s", parts[2], c.account)
		}
		c.account, k.AccountID = parts[2], parts[2]
	}
	for _, o := range c.keys {
		if o.AccessKeyID == k.AccessKeyID {
			return fmt.Errorf("access key %s is given twice", k.AccessKeyID)
		}
	}
	c.keys = append(c.keys, k)
	return nil
}

// accountID is the form of an AWS account ID.
var accountID = regexp.MustCompile(`^[0-9]{12}$`)
