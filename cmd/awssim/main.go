// Command awssim serves awssim's in-memory SQS, SNS and CloudWatch on
// 127.0.0.1 for clients in any language (the AWS CLI, boto3), with
// virtual time that a test moves through a small control API under
// /_awssim/.
//
// Usage:
//
//	go run ./cmd/awssim [-port 4566] [-seed 1] [-start 2026-01-01T00:00:00Z] [-real]
//
// Point a client at it with its endpoint URL:
//
//	aws --endpoint-url http://127.0.0.1:4566 sqs list-queues
//
// and move time with one request:
//
//	curl -X POST 'http://127.0.0.1:4566/_awssim/clock/advance?by=30s'
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
// timeouts and wake-ups, message move tasks. A delayed message nobody is
// waiting for is not an event (its state is computed from the time), so
// /next does not stop at its end; /advance does make it visible.
//
// A reset leaves requests in flight on the old services: a long poll
// waiting on the old virtual clock then waits until its client gives up.
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
	"strconv"
	"time"
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
	a := newApp(config{seed: *seed, start: t, real: *realClock})

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	mode := "virtual"
	if *realClock {
		mode = "real"
	}
	fmt.Fprintf(stdout, "awssim listening on http://%s (seed %d, %s time)\n", ln.Addr(), *seed, mode)

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
