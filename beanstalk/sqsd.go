package beanstalk

import (
	"context"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sqs"
)

// The worker daemon (sqsd) of one instance of a worker environment: it
// consumes the environment's queue with an [sqs.Consumer] and POSTs each
// message to the instance's web server, as the developer guide's "worker
// environment SQS daemon" does. A 200 OK deletes the message; any other
// answer (or none: a handler that panicked, nothing listening) makes it
// visible again after ErrorVisibilityTimeout; no answer within
// InactivityTimeout leaves it to come back after its VisibilityTimeout.
// The daemon has no goroutine of its own: its work runs on the consumer's
// steps and on callbacks scheduled on the clock.

// userAgent is the User-Agent of the daemon's POSTs. The developer guide
// documents "aws-sqsd" and "aws-sqsd/1.1"; daemons on current platforms
// send their own version after the slash, so applications match the
// prefix.
const userAgent = "aws-sqsd/1.1"

// Message attributes by which the environment's cron leader hands a
// periodic task (cron.yaml) to the daemons: it enqueues a message carrying
// the task's name, the instant it was scheduled for and the path to POST
// to, and whichever daemon receives it POSTs to that path with the task
// headers X-Aws-Sqsd-Taskname and X-Aws-Sqsd-Scheduled-At. These three
// attributes are the daemon's own: they are never forwarded as
// X-Aws-Sqsd-Attr-… headers.
const (
	attrTaskName      = "beanstalk.sqsd.task_name"
	attrScheduledTime = "beanstalk.sqsd.scheduled_time"
	attrTaskPath      = "beanstalk.sqsd.path"
)

// Limits of the aws:elasticbeanstalk:sqsd options the daemon uses.
const (
	maxHTTPConnections    = 100
	maxConnectTimeout     = 60 * time.Second
	maxInactivityTimeout  = 36000 * time.Second
	maxSQSDVisibility     = 43200 * time.Second
	sqsdPollWait          = 20 * time.Second
	sqsdMaxReceiveMessage = 10
)

// sqsdOptions are the aws:elasticbeanstalk:sqsd options, parsed.
type sqsdOptions struct {
	HTTPPath, MimeType     string        // defaults "/", "application/json"
	HTTPConnections        int           // default 50, 1-100
	ConnectTimeout         time.Duration // default 5 s (recorded; there is no connection to make)
	InactivityTimeout      time.Duration // default 299 s
	VisibilityTimeout      time.Duration // default 300 s
	ErrorVisibilityTimeout time.Duration // default 2 s
}

// defaultSQSDOptions returns the defaults of the aws:elasticbeanstalk:sqsd
// namespace.
func defaultSQSDOptions() sqsdOptions {
	return sqsdOptions{
		HTTPPath:               "/",
		MimeType:               "application/json",
		HTTPConnections:        50,
		ConnectTimeout:         5 * time.Second,
		InactivityTimeout:      299 * time.Second,
		VisibilityTimeout:      300 * time.Second,
		ErrorVisibilityTimeout: 2 * time.Second,
	}
}

// valid returns an InvalidParameterValue error for an option out of the
// range the namespace allows, and nil otherwise.
func (o sqsdOptions) valid() error {
	inRange := func(name string, d, lo, hi time.Duration) error {
		if d < lo || d > hi || d%time.Second != 0 {
			return ErrInvalidParameterValue.With("Invalid option value: '%v' (Namespace: 'aws:elasticbeanstalk:sqsd', OptionName: '%s'): Value must be a whole number of seconds from %d to %d.",
				d.Seconds(), name, int(lo.Seconds()), int(hi.Seconds()))
		}
		return nil
	}
	switch {
	case o.HTTPConnections < 1 || o.HTTPConnections > maxHTTPConnections:
		return ErrInvalidParameterValue.With("Invalid option value: '%d' (Namespace: 'aws:elasticbeanstalk:sqsd', OptionName: 'HttpConnections'): Value is less than minimum allowed value: 1 or greater than maximum allowed value: 100.", o.HTTPConnections)
	case !strings.HasPrefix(o.HTTPPath, "/"):
		return ErrInvalidParameterValue.With("Invalid option value: '%s' (Namespace: 'aws:elasticbeanstalk:sqsd', OptionName: 'HttpPath'): The path must begin with '/'.", o.HTTPPath)
	case o.MimeType == "":
		return ErrInvalidParameterValue.With("Invalid option value: '' (Namespace: 'aws:elasticbeanstalk:sqsd', OptionName: 'MimeType'): A MIME type is required.")
	}
	for _, err := range []error{
		inRange("ConnectTimeout", o.ConnectTimeout, time.Second, maxConnectTimeout),
		inRange("InactivityTimeout", o.InactivityTimeout, time.Second, maxInactivityTimeout),
		inRange("VisibilityTimeout", o.VisibilityTimeout, 0, maxSQSDVisibility),
		inRange("ErrorVisibilityTimeout", o.ErrorVisibilityTimeout, 0, maxSQSDVisibility),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// pollers returns how the daemon cuts its work: the most pollers it runs
// and the size of their batches, such that pollers × size, the messages
// in flight at once, never exceeds HTTPConnections. A batch is at most
// the 10 messages one ReceiveMessage brings.
func (o sqsdOptions) pollers() (pollers, size int) {
	pollers = (o.HTTPConnections + sqsdMaxReceiveMessage - 1) / sqsdMaxReceiveMessage
	return pollers, o.HTTPConnections / pollers
}

// daemonConfig is what a daemon is started with.
type daemonConfig struct {
	queues    *sqs.Service
	sched     *sim.Scheduler
	queueURL  string
	queueName string      // for the X-Aws-Sqsd-Queue header
	app       elb.Backend // the instance's web server; app.Workers is its vCPUs (>=1 here)
	opts      sqsdOptions
}

// daemon is the sqsd of one instance: an [sqs.Consumer] of the worker
// queue whose batches it POSTs to the instance's web server, message by
// message, booking their work on the server's workers in virtual time.
// It implements autoscaling.Worker.
type daemon struct {
	cfg        daemonConfig
	consumer   *sqs.Consumer
	maxPollers int
	batchSize  int
	path       *url.URL // of opts.HTTPPath
	pathURI    string   // path.RequestURI()

	// The X-Aws-Sqsd-First-Received-At of the last message whose header
	// was formatted, by the second it stands for: the messages of a
	// backlog were mostly first received in the same second. Only the
	// consumer's handler uses it, and the consumer runs its handler one
	// batch at a time.
	receivedSec  int64
	receivedText string
	// caller posts to the application, and spare is the POST the
	// handler builds each message's request in: the application is done
	// with the previous one when the caller's Serve returns, so its
	// request, header map, body and values serve the next.
	caller *elb.Caller
	spare  post

	// mu guards everything below. It is never held while the daemon
	// calls the application, the consumer or SQS.
	mu      sync.Mutex
	stopped bool
	app     elb.Backend // the server it posts to: cfg.app until a deployment replaces it
	workers []appWorker
	done    time.Duration // work of bookings that are over
	flights []*flight     // batches not yet reported done, in order
}

// appWorker is one of the application's workers: when it is next free,
// and the work booked on it that is not known to be over, oldest first:
// bookings[head:]. The bookings before head are over; they are dropped
// once they are half the slice, so that its array is used again.
type appWorker struct {
	free     time.Time
	bookings []span
	head     int
}

// span is a stretch of virtual time a worker works on one message: from
// start to end, work long.
type span struct {
	start, end time.Time
	work       time.Duration
}

// flight is a batch the daemon is working on: what its messages came to
// and when it is reported done.
type flight struct {
	batch  *sqs.Batch
	idx    int         // in daemon.flights
	doneAt time.Time   // the last of its messages' answers or give-ups
	failed []string    // IDs of the messages not to delete
	errors []errorResp // messages answered with an error, by the time of their answer
	events []sim.Scheduled
	// room is events' array while the batch has one event, its end:
	// the common case costs no allocation of its own.
	room [1]sim.Scheduled
	// settled says the batch was reported done, or is being: its
	// callbacks do nothing more. Guarded by daemon.mu.
	settled bool
}

// errorResp is a message the application answered with a status other
// than 200: at its answer the daemon sets its visibility timeout to
// ErrorVisibilityTimeout.
type errorResp struct {
	handle  string
	at      time.Time
	changed bool // its visibility was changed; guarded by daemon.mu
}

// startDaemon starts the daemon of an instance: it consumes the queue at
// once, with one poller until batches come and keep pollers busy.
// Errors: [ErrInvalidParameterValue] for options out of range, and the
// consumer's errors (sqs.ErrQueueDoesNotExist).
func startDaemon(cfg daemonConfig) (*daemon, error) {
	if err := cfg.opts.valid(); err != nil {
		return nil, err
	}
	path, err := url.ParseRequestURI(cfg.opts.HTTPPath)
	if err != nil {
		path = &url.URL{Path: cfg.opts.HTTPPath}
	}
	d := &daemon{cfg: cfg, path: path, pathURI: path.RequestURI(), app: cfg.app, workers: make([]appWorker, max(cfg.app.Workers, 1))}
	d.caller = elb.NewCaller(context.Background())
	d.spare.base = *(&http.Request{
		Method: http.MethodPost, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Host: "localhost", RemoteAddr: "127.0.0.1:0",
	}).WithContext(d.caller.Context())
	d.maxPollers, d.batchSize = cfg.opts.pollers()
	visibility := cfg.opts.VisibilityTimeout
	c, err := cfg.queues.NewConsumer(sqs.ConsumerConfig{
		QueueUrl:          cfg.queueURL,
		Batching:          sqs.Batching{Size: d.batchSize},
		WaitTime:          sqsdPollWait,
		VisibilityTimeout: &visibility,
		// The receive count, first-receive time and sender come typed
		// in the batch's Infos: no system attribute as strings.
		ReceiveInfos:          true,
		MessageAttributeNames: []string{"All"},
		IdlePollers:           1,
		Handler:               d.handle,
	})
	if err != nil {
		return nil, err
	}
	d.consumer = c
	c.SetPollers(1)
	return d, nil
}

// setApp makes the daemon post to app from now on, as a deployment
// replaces the instance's server; the messages it is posting keep the
// server they reached.
func (d *daemon) setApp(app elb.Backend) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.app = app
}

// Busy returns the virtual time the application's workers have spent on
// the daemon's messages up to now, summed over workers: what the
// instance's CPUUtilization is computed from. Work booked for later does
// not count until it is done.
func (d *daemon) Busy() time.Duration {
	now := d.cfg.sched.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	busy := time.Duration(0)
	for i := range d.workers {
		w := &d.workers[i]
		for w.head < len(w.bookings) && !w.bookings[w.head].end.After(now) {
			d.done += w.bookings[w.head].work
			w.head++
		}
		if w.head > 0 && w.head >= len(w.bookings)/2 {
			w.bookings = w.bookings[:copy(w.bookings, w.bookings[w.head:])]
			w.head = 0
		}
		if w.head < len(w.bookings) && w.bookings[w.head].start.Before(now) {
			busy += now.Sub(w.bookings[w.head].start)
		}
	}
	return d.done + busy
}

// Stop stops the daemon, as when its instance terminates: its pollers
// stop, it POSTs nothing more, and the batches it is working on are
// reported done without deleting anything and without changing the
// visibility of their messages, which come back to the queue when their
// visibility timeout expires. The application keeps the work it was
// given. Stop may be called more than once.
func (d *daemon) Stop() {
	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		return
	}
	d.stopped = true
	flights := d.flights
	d.flights = nil
	var events []sim.Scheduled
	for _, f := range flights {
		f.settled = true
		events = append(events, f.events...)
	}
	d.mu.Unlock()

	d.consumer.SetPollers(0)
	for _, e := range events {
		e.Cancel()
	}
	for _, f := range flights {
		f.batch.Done(sqs.Outcome{FailAll: true})
	}
}

// handle is the consumer's handler: it POSTs each message of the batch
// to the application, books the work on the application's workers, and
// schedules the batch's end.
func (d *daemon) handle(b *sqs.Batch) {
	d.mu.Lock()
	stopped := d.stopped
	d.mu.Unlock()
	if stopped {
		b.Done(sqs.Outcome{FailAll: true})
		return
	}
	// The poller that took the batch is busy with it until its end: one
	// more poller, up to the most that keeps HTTPConnections messages
	// in flight, keeps one waiting on the queue, whether the batch came
	// full (a backlog) or not (a trickle of messages, each of which
	// would otherwise wait for the previous one's answer). Pollers whose
	// polls come back empty stop again, down to one.
	if p := d.consumer.Pollers(); p < d.maxPollers {
		d.consumer.SetPollers(p + 1)
	}

	// Every message is POSTed now, on its own connection; the
	// application works on it when one of its workers is free.
	now := d.cfg.sched.Now()
	giveUp := now.Add(d.cfg.opts.InactivityTimeout)
	f := &flight{batch: b, doneAt: now}
	for i := range b.Messages {
		m := &b.Messages[i]
		d.mu.Lock()
		stopped, app := d.stopped, d.app
		d.mu.Unlock()
		if stopped {
			break
		}
		status, latency := d.caller.Serve(app, d.request(m, b.Infos[i]))
		d.mu.Lock()
		end := d.bookLocked(now, latency)
		d.mu.Unlock()
		switch {
		case end.After(giveUp):
			// The daemon gives up on the connection; the message comes
			// back after its visibility timeout. The application keeps
			// its worker busy until it is done, as a real server goes on
			// with a request whose client went away.
			f.failed = append(f.failed, m.MessageId)
			end = giveUp
		case status != http.StatusOK:
			// Only 200 OK deletes: another 2xx fails the message too.
			f.failed = append(f.failed, m.MessageId)
			f.errors = append(f.errors, errorResp{handle: m.ReceiptHandle, at: end})
		}
		if end.After(f.doneAt) {
			f.doneAt = end
		}
	}

	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		b.Done(sqs.Outcome{FailAll: true})
		return
	}
	f.idx = len(d.flights)
	d.flights = append(d.flights, f)
	d.mu.Unlock()

	if !f.doneAt.After(now) {
		d.settle(f)
		return
	}
	events := f.room[:0]
	for i := range f.errors {
		if f.errors[i].at.Before(f.doneAt) {
			events = append(events, d.cfg.sched.ScheduleAt(f.errors[i].at, func() { d.errorAnswered(f, i) }))
		}
	}
	events = append(events, d.cfg.sched.ScheduleAt(f.doneAt, func() { d.settle(f) }))
	d.mu.Lock()
	settled := f.settled
	if !settled {
		f.events = events
	}
	d.mu.Unlock()
	if settled { // stopped meanwhile
		for _, e := range events {
			e.Cancel()
		}
	}
}

// bookLocked books work arriving at now on the application's first free
// worker (the lowest-numbered of those free first) and returns when it
// ends: the application works on a message from when a worker is free,
// for its latency. d.mu must be held.
func (d *daemon) bookLocked(now time.Time, work time.Duration) time.Time {
	first := 0
	for i := range d.workers {
		if d.workers[i].free.Before(d.workers[first].free) {
			first = i
		}
	}
	w := &d.workers[first]
	start := now
	if w.free.After(now) {
		start = w.free
	}
	if work <= 0 {
		return start
	}
	end := start.Add(work)
	w.free = end
	w.bookings = append(w.bookings, span{start, end, work})
	return end
}

// errorAnswered gives a message the application answered with an error
// its ErrorVisibilityTimeout, at the instant of the answer.
func (d *daemon) errorAnswered(f *flight, i int) {
	d.mu.Lock()
	e := &f.errors[i]
	if f.settled || e.changed {
		d.mu.Unlock()
		return
	}
	e.changed = true
	handle := e.handle
	d.mu.Unlock()
	d.hide(handle)
}

// settle reports a batch done at its end: the messages answered with an
// error not yet given their ErrorVisibilityTimeout get it, then the
// consumer deletes the others.
func (d *daemon) settle(f *flight) {
	d.mu.Lock()
	if f.settled {
		d.mu.Unlock()
		return
	}
	f.settled = true
	d.removeLocked(f)
	var handles []string
	for i := range f.errors {
		if e := &f.errors[i]; !e.changed {
			e.changed = true
			handles = append(handles, e.handle)
		}
	}
	d.mu.Unlock()
	for _, h := range handles {
		d.hide(h)
	}
	f.batch.Done(sqs.Outcome{Failed: f.failed})
}

// hide sets the visibility timeout of a received message to
// ErrorVisibilityTimeout. A message no longer in flight under that
// receipt handle (deleted, expired, received again) is left as it is.
func (d *daemon) hide(handle string) {
	_, _ = d.cfg.queues.ChangeMessageVisibility(context.Background(), &sqs.ChangeMessageVisibilityInput{
		QueueUrl: d.cfg.queueURL, ReceiptHandle: handle, VisibilityTimeout: d.cfg.opts.ErrorVisibilityTimeout,
	})
}

// removeLocked takes a flight off the daemon's list. d.mu must be held.
func (d *daemon) removeLocked(f *flight) {
	last := len(d.flights) - 1
	if f.idx > last || d.flights[f.idx] != f {
		return
	}
	d.flights[f.idx] = d.flights[last]
	d.flights[f.idx].idx = f.idx
	d.flights[last] = nil
	d.flights = d.flights[:last]
}

// request returns the POST the daemon sends the application for m, whose
// receive knew info of it, on the daemon's caller's context: the spare
// POST, filled in afresh.
func (d *daemon) request(m *sqs.Message, info sqs.ReceiveInfo) *http.Request {
	// Every header has one
	// value: they share one backing array, each a slice of one element
	// of it, which saves an allocation per header.
	buf := &d.spare
	if buf.header == nil {
		buf.header = make(http.Header, 6+len(m.MessageAttributes))
	}
	h := buf.header
	clear(h)
	buf.body.Reset(m.Body)
	values := buf.values[:0]
	set := func(key, value string) {
		values = append(values, value)
		h[key] = values[len(values)-1 : len(values) : len(values)]
	}
	set("User-Agent", userAgent)
	set("Content-Type", d.cfg.opts.MimeType)
	set("X-Aws-Sqsd-Msgid", m.MessageId)
	set("X-Aws-Sqsd-Queue", d.cfg.queueName)
	set("X-Aws-Sqsd-First-Received-At", d.firstReceived(info.FirstReceiveAt))
	set("X-Aws-Sqsd-Receive-Count", strconv.Itoa(info.ReceiveCount))

	u, uri := d.path, d.pathURI
	task, isTask := m.MessageAttributes[attrTaskName]
	scheduled, hasTime := m.MessageAttributes[attrScheduledTime]
	if isTask && hasTime {
		set("X-Aws-Sqsd-Taskname", task.StringValue)
		at := scheduled.StringValue
		if t, err := time.Parse(time.RFC3339, at); err == nil {
			at = t.UTC().Format(time.RFC3339)
		}
		set("X-Aws-Sqsd-Scheduled-At", at)
		if info.SenderId != "" {
			set("X-Aws-Sqsd-Sender-Id", info.SenderId)
		}
		if p := m.MessageAttributes[attrTaskPath].StringValue; p != "" {
			if pu, err := url.ParseRequestURI(p); err == nil {
				u = pu
			} else {
				u = &url.URL{Path: p}
			}
			uri = u.RequestURI()
		}
	}
	if len(m.MessageAttributes) > 0 {
		names := make([]string, 0, len(m.MessageAttributes))
		for name := range m.MessageAttributes {
			names = append(names, name)
		}
		slices.Sort(names) // of two names that differ in case, the first wins
		for _, name := range names {
			v := m.MessageAttributes[name]
			if name == attrTaskName || name == attrScheduledTime || name == attrTaskPath ||
				!(strings.HasPrefix(v.DataType, "String") || strings.HasPrefix(v.DataType, "Number")) {
				continue // Binary attributes are dropped
			}
			key := textproto.CanonicalMIMEHeaderKey("X-Aws-Sqsd-Attr-" + name)
			if _, dup := h[key]; !dup {
				set(key, v.StringValue)
			}
		}
	}

	// The base's copy also drops what a handler set on the previous
	// request (a ServeMux's pattern, path values).
	r := &buf.req
	*r = buf.base
	r.URL, r.Header, r.Body, r.ContentLength, r.RequestURI = u, h, &buf.body, int64(len(m.Body)), uri
	return r
}

// post is what a POST takes: its request, made from base (which carries
// the caller's context) and its header map, its body, and the array its
// header values share, with room for the six headers of a message
// without attributes. The daemon has one, which each of its POSTs uses
// in turn.
type post struct {
	req, base http.Request
	header    http.Header
	body      body
	values    [6]string
}

// body is the body of a POST: io.NopCloser of a strings.Reader, the
// reader's WriteTo included.
type body struct{ strings.Reader }

func (*body) Close() error { return nil }

// firstReceived returns the X-Aws-Sqsd-First-Received-At header of a
// message first received at t: t in UTC, to the second, in RFC 3339.
func (d *daemon) firstReceived(t time.Time) string {
	sec := t.Unix()
	if d.receivedText == "" || sec != d.receivedSec {
		d.receivedSec, d.receivedText = sec, t.UTC().Format(time.RFC3339)
	}
	return d.receivedText
}
