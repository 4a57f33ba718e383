package server

import (
	"cmp"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/benbjohnson/clock"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/awserr"
	"github.com/awssim/awssim/internal/jsonenc"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
	"github.com/awssim/awssim/sns"
	"github.com/awssim/awssim/sqs"
)

// MaxRequestSize is the largest request body the server reads: SQS's
// largest batch (1 MiB of messages) with room for JSON escaping and
// attributes. A larger body is refused with 413 and
// [errRequestEntityTooLarge].
const MaxRequestSize = 8 << 20

// Server is an http.Handler that speaks the AWS wire protocols of the
// services given to [New], which makes one. A Server is safe for
// concurrent use and holds no lock while it calls a service.
type Server struct {
	// def is the account every request reaches when no credentials are
	// required, and whose clock dates the responses to requests that
	// reach no account.
	def *account
	// accounts are the served accounts by ID and keys the access keys by
	// ID, when [WithCredentials] requires signed requests; keys is nil
	// otherwise.
	accounts map[string]*account
	keys     map[string]*accessKey
	// served has, of each service, the handler of the first account that
	// has it: the services any account serves.
	served *account

	requestKey uint64
	requests   atomic.Uint64
}

// account is the services of one account that a request can reach.
type account struct {
	id     string
	region string
	clock  clock.Clock
	sqs    *sqsHandler
	sns    *snsHandler
	cw     *cloudWatchHandler
	lambda *lambdaHandler
	// query are the handlers of the services of the query protocol, by
	// their entry in [queryAPIs].
	query map[*queryAPI]queryHandler
	// date caches the Date header of the current second.
	date atomic.Pointer[httpDate]
}

// newAccount returns an account with no service.
func newAccount(id, region string, clk clock.Clock) *account {
	return &account{id: id, region: region, clock: clk, query: map[*queryAPI]queryHandler{}}
}

// merge gives a each service of b that a has not.
func (a *account) merge(b *account) {
	a.sqs = cmp.Or(a.sqs, b.sqs)
	a.sns = cmp.Or(a.sns, b.sns)
	a.cw = cmp.Or(a.cw, b.cw)
	a.lambda = cmp.Or(a.lambda, b.lambda)
	for api, h := range b.query {
		if a.query[api] == nil {
			a.query[api] = h
		}
	}
}

// httpDate is a Date header's value and the second it stands for.
type httpDate struct {
	unix  int64
	value []string
}

// dateHeader returns the Date header for the account's clock, formatted
// once a second.
func (a *account) dateHeader() []string {
	now := a.clock.Now()
	sec := now.Unix()
	if d := a.date.Load(); d != nil && d.unix == sec {
		return d.value
	}
	d := &httpDate{unix: sec, value: []string{now.UTC().Format(http.TimeFormat)}}
	a.date.Store(d)
	return d.value
}

// Option configures a [Server].
type Option func(*config)

// config is what the options set.
type config struct {
	services []service
	creds    []Credentials
	seed     uint64
	hasSeed  bool
}

// service is a service given to [New]: its name, its account, and how it
// joins the handlers of its account. A service of the query protocol
// installs its handler in the account's query map under its entry of
// [queryAPIs].
type service struct {
	name    string
	account *cloud.Account
	install func(*account)
}

// serve returns the option that serves a service: option is the
// option's name, for its panics.
func serve(option string, svc service) Option {
	return func(c *config) {
		for _, o := range c.services {
			if o.name == svc.name && o.account.ID() == svc.account.ID() {
				panic("server." + option + ": given twice for account " + svc.account.ID())
			}
		}
		c.services = append(c.services, svc)
	}
}

// WithSQS serves svc with the Amazon SQS protocol: AWS JSON 1.0
// (X-Amz-Target: AmazonSQS.Operation), as aws-sdk-go-v2, boto3 and the AWS
// CLI send it. Give it once per account: the services of several accounts
// need [WithCredentials], whose keys say which account a request reaches.
// It panics when svc is nil or a service of the same account ID is given
// twice.
func WithSQS(svc *sqs.Service) Option {
	if svc == nil {
		panic("server.WithSQS: nil *sqs.Service")
	}
	return serve("WithSQS", service{name: "SQS", account: svc.Account(), install: func(a *account) {
		a.sqs = newSQSHandler(svc)
		a.query[sqsAPI] = a.sqs
	}})
}

// WithSNS serves svc with the Amazon SNS protocol: the AWS query protocol
// (a form-encoded POST with Action=Operation&Version=2010-03-31, answered
// in XML), as aws-sdk-go-v2, boto3 and the AWS CLI send it. Give the sns
// and sqs services one account (sns.WithAccount(queues.Account())) for
// sqs subscriptions to reach the queues the same handler serves. Give it
// once per account, as [WithSQS]. It panics when svc is nil or a service
// of the same account ID is given twice.
func WithSNS(svc *sns.Service) Option {
	if svc == nil {
		panic("server.WithSNS: nil *sns.Service")
	}
	return serve("WithSNS", service{name: "SNS", account: svc.Account(), install: func(a *account) {
		a.sns = &snsHandler{svc: svc, links: svc.Handler()}
		a.query[snsAPI] = a.sns
	}})
}

// WithCloudWatch serves svc with the Amazon CloudWatch protocols: Smithy
// RPC v2 CBOR, which the current SDKs send (POST
// /service/GraniteServiceVersion20100801/operation/Operation, Content-Type
// application/cbor), AWS JSON 1.0 (X-Amz-Target:
// GraniteServiceVersion20100801.Operation) and the query protocol
// (Action=Operation&Version=2010-08-01) of older clients. Give it once per account, as [WithSQS]. It panics
// when svc is nil or a service of the same account ID is given twice.
func WithCloudWatch(svc *cloudwatch.Service) Option {
	if svc == nil {
		panic("server.WithCloudWatch: nil *cloudwatch.Service")
	}
	return serve("WithCloudWatch", service{name: "CloudWatch", account: svc.Account(), install: func(a *account) {
		a.cw = &cloudWatchHandler{svc: svc}
		a.query[cloudWatchAPI] = a.cw
	}})
}

// WithLambda serves svc with the AWS Lambda protocol: REST-JSON, each
// operation a method and a path under its API version
// (POST /2015-03-31/functions/NAME/invocations is Invoke), as
// aws-sdk-go-v2, boto3 and the AWS CLI send it. code finds the Go code of
// the functions a client creates over the wire; with nil, functions are
// made with the Go API only, and CreateFunction is refused. Give it once
// per account, as [WithSQS]. It panics when svc is nil or a service of
// the same account ID is given twice.
func WithLambda(svc *lambda.Service, code FunctionCode) Option {
	if svc == nil {
		panic("server.WithLambda: nil *lambda.Service")
	}
	return serve("WithLambda", service{name: "Lambda", account: svc.Account(), install: func(a *account) {
		a.lambda = &lambdaHandler{svc: svc, code: code}
	}})
}

// WithELB serves svc with the Elastic Load Balancing protocols, both of
// the AWS query protocol and signed for elasticloadbalancing: version
// 2015-12-01, ELB v2 (application and network load balancers, the
// [elb.Service] operations), and version 2012-06-01, the Classic Load
// Balancer API (the [elb.Classic] operations of svc.Classic()), as
// aws-sdk-go-v2's elasticloadbalancingv2 and elasticloadbalancing
// clients, boto3 and the AWS CLI send them. Give it once per account, as
// [WithSQS]. It panics when svc is nil or a service of the same account
// ID is given twice.
func WithELB(svc *elb.Service) Option {
	if svc == nil {
		panic("server.WithELB: nil *elb.Service")
	}
	return serve("WithELB", service{name: "ELB", account: svc.Account(), install: func(a *account) {
		a.query[elbAPI] = &elbHandler{svc: svc}
		a.query[elbClassicAPI] = &elbClassicHandler{classic: svc.Classic()}
	}})
}

// WithSeed sets the seed the request IDs (x-amzn-RequestId) are drawn
// from. The default is the stream named "server" of the account seed of
// the first service given, so that a composed simulation reproduces them from its
// root seed alone.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed, c.hasSeed = seed, true }
}

// New returns a Server for the services the options name. With none it
// answers every request with an UnknownOperationException. It panics when
// services of several accounts are given without [WithCredentials], when
// a key's account has no service, or when a served account has no key.
func New(opts ...Option) *Server {
	var c config
	for _, o := range opts {
		o(&c)
	}
	s := &Server{}
	accounts := map[string]*account{}
	var order []*account
	kinds := map[string]int{}
	for _, svc := range c.services {
		id := svc.account.ID()
		a, ok := accounts[id]
		if !ok {
			a = newAccount(id, svc.account.Region(), svc.account.Clock())
			accounts[id] = a
			order = append(order, a)
		}
		svc.install(a)
		kinds[svc.name]++
	}
	seed := c.seed
	if !c.hasSeed && len(c.services) > 0 {
		seed = c.services[0].account.Seed("server")
	}
	s.requestKey = sim.Derive(seed, "request-id")
	s.served = newAccount("", "", nil)
	for _, a := range order {
		s.served.merge(a)
	}
	if len(order) == 0 {
		if len(c.creds) > 0 {
			panic("server.New: WithCredentials without a service to reach")
		}
		s.def = s.served
		return s
	}
	if len(c.creds) == 0 {
		for _, n := range kinds {
			if n > 1 {
				panic("server.New: services of several accounts need WithCredentials, whose keys say which account a request reaches")
			}
		}
		// Without credentials every request reaches the one service of
		// each kind given, whatever its account.
		first := order[0]
		s.def = newAccount(first.id, first.region, first.clock)
		s.def.merge(s.served)
		return s
	}
	s.def = order[0]
	s.accounts = accounts
	s.keys = make(map[string]*accessKey, len(c.creds))
	reached := map[string]bool{}
	for _, k := range c.creds {
		if k.AccountID == "" {
			k.AccountID = s.def.id
		}
		if accounts[k.AccountID] == nil {
			panic("server.New: WithCredentials: no service of account " + k.AccountID + " is served")
		}
		s.keys[k.AccessKeyID] = &accessKey{Credentials: k}
		reached[k.AccountID] = true
	}
	for _, a := range order {
		if !reached[a.id] {
			panic("server.New: no access key of WithCredentials reaches account " + a.id)
		}
	}
	return s
}

// ServeHTTP routes a request to the service its protocol names: the
// X-Amz-Target header's prefix for the AWS JSON protocols, the API
// version that begins the path for Lambda's REST-JSON, and for the
// query protocol (a form-encoded body with an Action) the Version
// parameter, or, without one, the Action. With [WithCredentials] it
// verifies the request's signature first and serves it with the services
// of its key's account.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := responseWriter{w: w, id: s.requestID(), acct: s.def}
	target := r.Header.Get("X-Amz-Target")
	service, op, _ := strings.Cut(target, ".")
	switch {
	case service == "AmazonSQS" && s.served.sqs != nil:
		fail := func(err error) { rw.jsonError(err, sqsJSON) }
		acct, bp := s.signedPost(r, &rw, "sqs", "AWS JSON", fail)
		if bp == nil {
			return
		}
		defer putBody(bp)
		acct, err := s.sqsOwnerJSON(acct, op, *bp)
		if err != nil {
			fail(err)
			return
		}
		if acct.sqs == nil {
			rw.jsonError(errUnknownOperation.With("SQS is not served for account %s.", acct.id), nil)
			return
		}
		acct.sqs.serve(r, &rw, op, *bp)
	case strings.HasPrefix(r.URL.Path, cloudWatchPrefix) && s.served.cw != nil:
		fail := func(err error) { rw.cborError(err, cloudWatchRPC) }
		acct, bp := s.signedPost(r, &rw, "monitoring", "RPC v2 CBOR", fail)
		if bp == nil {
			return
		}
		defer putBody(bp)
		if acct.cw == nil {
			rw.cborError(errUnknownOperation.With("CloudWatch is not served for account %s.", acct.id), nil)
			return
		}
		acct.cw.serve(r.Context(), &rw, strings.TrimPrefix(r.URL.Path, cloudWatchPrefix), *bp, false)
	case service == cloudWatchTarget && s.served.cw != nil:
		fail := func(err error) { rw.jsonError(err, cloudWatchRPC) }
		acct, bp := s.signedPost(r, &rw, "monitoring", "AWS JSON", fail)
		if bp == nil {
			return
		}
		defer putBody(bp)
		if acct.cw == nil {
			rw.jsonError(errUnknownOperation.With("CloudWatch is not served for account %s.", acct.id), nil)
			return
		}
		acct.cw.serve(r.Context(), &rw, op, *bp, true)
	case target == "" && s.served.lambda != nil && isLambda(r):
		s.serveLambda(w, r, rw.id)
	case target == "" && r.Method == http.MethodGet && s.served.sns != nil && isSNSLink(r):
		s.linkAccount(r).sns.links.ServeHTTP(w, r)
	case target == "" && (isForm(r.Header.Get("Content-Type")) || r.Method == http.MethodGet && r.URL.Query().Has("Action")):
		s.serveQuery(r, &rw)
	default:
		rw.jsonError(errUnknownOperation.With("No service is served for X-Amz-Target %q.", target), nil)
	}
}

// signedPost reads the body of a POST of an RPC protocol (AWS JSON, RPC
// v2 CBOR) and verifies its signature for service, returning the account
// it reaches and the body, which the caller puts back. On a refusal it
// writes the error with fail and returns a nil body.
func (s *Server) signedPost(r *http.Request, rw *responseWriter, service, protocol string, fail func(error)) (*account, *[]byte) {
	if r.Method != http.MethodPost {
		fail(errMethodNotAllowed.With("The %s protocol takes POST requests, not %s.", protocol, r.Method))
		return nil, nil
	}
	bp, err := readBody(r)
	if err != nil {
		putBody(bp)
		fail(err)
		return nil, nil
	}
	acct, err := s.authenticate(r, *bp, service)
	if err != nil {
		putBody(bp)
		fail(err)
		return nil, nil
	}
	rw.acct = acct
	return acct, bp
}

// linkAccount is the account of an SNS link, which clients follow
// unsigned: the one its topic or subscription ARN names, or the default
// account's.
func (s *Server) linkAccount(r *http.Request) *account {
	q := r.URL.Query()
	a := q.Get("TopicArn")
	if a == "" {
		a = q.Get("SubscriptionArn")
	}
	if parts := strings.Split(a, ":"); len(parts) > 4 {
		if acct := s.accounts[parts[4]]; acct != nil && acct.sns != nil {
			return acct
		}
	}
	if s.def.sns != nil {
		return s.def
	}
	for _, acct := range s.accounts {
		if acct.sns != nil {
			return acct
		}
	}
	return s.def
}

// isSNSLink reports whether a GET request is one of the URLs SNS puts in
// the messages it delivers (SubscribeURL, UnsubscribeURL, SigningCertURL),
// with the handler's address in place of sns.REGION.amazonaws.com.
func isSNSLink(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/SimpleNotificationService-") {
		return true
	}
	switch r.URL.Query().Get("Action") {
	case "ConfirmSubscription", "Unsubscribe":
		return true
	}
	return false
}

// isForm reports whether a Content-Type is that of a query request.
func isForm(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded")
}

// requestID returns the next request ID: a UUID-shaped string drawn
// deterministically from the server's seed and a counter.
func (s *Server) requestID() string {
	n := s.requests.Add(1)
	hi := mix(s.requestKey ^ n)
	lo := mix(hi ^ n)
	var b [36]byte
	const hex = "0123456789abcdef"
	j := 0
	for i := range 32 {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b[j] = '-'
			j++
		}
		var nib uint64
		if i < 16 {
			nib = hi >> (60 - 4*i) & 0xf
		} else {
			nib = lo >> (60 - 4*(i-16)) & 0xf
		}
		switch i {
		case 12:
			nib = 4 // version 4, as AWS's request IDs are
		case 16:
			nib = 8 | nib&3 // RFC 4122 variant
		}
		b[j] = hex[nib]
		j++
	}
	return string(b[:])
}

// mix is splitmix64's finaliser.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// bodies recycles request buffers: a body is decoded in place and every
// string the services keep is copied out of it.
var bodies = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// putBody returns a body's buffer to the pool, unless it is one of the
// rare huge ones, which are left to the collector.
func putBody(bp *[]byte) {
	if cap(*bp) <= 1<<20 {
		bodies.Put(bp)
	}
}

// readBody reads the request body into a buffer from the pool, which the
// caller puts back when done with the body.
func readBody(r *http.Request) (*[]byte, error) {
	bp := bodies.Get().(*[]byte)
	b := (*bp)[:0]
	*bp = b
	if r.ContentLength > MaxRequestSize {
		return bp, errRequestEntityTooLarge.With("The request body is %d bytes; at most %d are read.", r.ContentLength, MaxRequestSize)
	}
	if r.ContentLength > 0 && int(r.ContentLength) > cap(b) {
		b = make([]byte, 0, r.ContentLength)
	}
	lr := io.LimitedReader{R: r.Body, N: MaxRequestSize + 1}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return bp, errSerialization.With("Reading the request body failed: %v.", err)
		}
	}
	if len(b) > MaxRequestSize {
		return bp, errRequestEntityTooLarge.With("The request body is over %d bytes.", MaxRequestSize)
	}
	*bp = b
	return bp, nil
}

// responseWriter writes the headers every response carries and the
// protocol's error form.
type responseWriter struct {
	w   http.ResponseWriter
	id  string
	buf []byte
	// acct is the account the request reached, whose clock dates the
	// response.
	acct *account
}

var (
	contentTypeJSON10 = []string{"application/x-amz-json-1.0"}
)

// header sets the headers of every response.
func (rw *responseWriter) header(contentType []string) {
	h := rw.w.Header()
	h["Content-Type"] = contentType
	h["X-Amzn-Requestid"] = []string{rw.id}
	if rw.acct.clock != nil {
		h["Date"] = rw.acct.dateHeader()
	}
}

// json writes a 200 response with the JSON body b.
func (rw *responseWriter) json(b []byte) {
	rw.header(contentTypeJSON10)
	rw.w.WriteHeader(http.StatusOK)
	rw.w.Write(b)
}

// jsonService is what the error form of an AWS JSON service depends on.
type jsonService struct {
	// namespace is the smithy namespace of the service's error shapes.
	namespace string
	// shapes maps an error code to the name of its shape, where they
	// differ (SQS's codes are those of its older query protocol).
	shapes map[string]string
	// queryCompatible services (SQS) also send the query protocol's code
	// and fault in the x-amzn-query-error header.
	queryCompatible bool
}

// jsonError writes err as the AWS JSON protocols do: the status AWS sends,
// a body with __type (the error's shape, namespace#Name) and message, and,
// for services that declare awsQueryCompatible (SQS), the query
// protocol's code and fault in x-amzn-query-error so that clients report
// the same code with either protocol. An error that is not an AWS error
// is an InternalFailure. With svc nil (no service matched) it writes the
// front end's error alone.
func (rw *responseWriter) jsonError(err error, svc *jsonService) {
	e, typ := errorType(err, svc)
	rw.header(contentTypeJSON10)
	svc.queryErrorHeader(rw, e)
	b := append(rw.buf[:0], `{"__type":`...)
	b = jsonenc.AppendString(b, typ)
	b = append(b, `,"message":`...)
	b = jsonenc.AppendString(b, e.Message)
	b = append(b, '}')
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(b)
}

// errorType is err as an AWS error (an InternalFailure when it is not
// one) and the __type the AWS JSON and RPC v2 protocols send for it: its
// shape in the service's model, namespace#Name, or the front end's own.
func errorType(err error, svc *jsonService) (*awserr.Error, string) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		e = errInternalFailure.With("%v", err)
	}
	namespace, shape := coralNamespace, e.Code
	if svc != nil && !coralCodes[e.Code] {
		namespace = svc.namespace
		if name, ok := svc.shapes[e.Code]; ok {
			shape = name
		}
	}
	return e, namespace + "#" + shape
}

// queryErrorHeader sets x-amzn-query-error, the query protocol's code and
// fault, for a service that declares awsQueryCompatible.
func (svc *jsonService) queryErrorHeader(rw *responseWriter, e *awserr.Error) {
	if svc != nil && svc.queryCompatible {
		rw.w.Header()["X-Amzn-Query-Error"] = []string{e.Code + ";" + string(e.Fault)}
	}
}

// Errors of the protocol layer, before a request reaches a service. Their
// codes are those of AWS's front end (the "coral" framework).
var (
	errUnknownOperation      = awserr.New("UnknownOperationException", http.StatusBadRequest)
	errSerialization         = awserr.New("SerializationException", http.StatusBadRequest)
	errMethodNotAllowed      = awserr.New("MethodNotAllowed", http.StatusMethodNotAllowed)
	errRequestEntityTooLarge = awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge)
	errInternalFailure       = awserr.New("InternalFailure", http.StatusInternalServerError)
)

// coralNamespace is the namespace of the front end's own errors, and
// coralCodes their codes.
const coralNamespace = "com.amazon.coral.service"

var coralCodes = map[string]bool{
	errUnknownOperation.Code:      true,
	errSerialization.Code:         true,
	errMethodNotAllowed.Code:      true,
	errRequestEntityTooLarge.Code: true,
	errInternalFailure.Code:       true,

	errMissingAuthenticationToken.Code: true,
	errInvalidClientTokenID.Code:       true,
	errSignatureDoesNotMatch.Code:      true,
	errIncompleteSignature.Code:        true,
}
