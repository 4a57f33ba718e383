package server

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/awssim/awssim/internal/awserr"
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
	sqs    *sqsHandler
	sns    *snsHandler
	lambda *lambdaHandler

	requestKey uint64
	requests   atomic.Uint64
}

// Option configures a [Server].
type Option func(*config)

type config struct {
	sqs     *sqs.Service
	sns     *sns.Service
	lambda  *lambda.Service
	seed    uint64
	hasSeed bool
}

// WithSQS serves svc with the Amazon SQS protocol: AWS JSON 1.0
// (X-Amz-Target: AmazonSQS.Operation), as aws-sdk-go-v2, boto3 and the AWS
// CLI send it. It panics when svc is nil or given twice.
func WithSQS(svc *sqs.Service) Option {
	if svc == nil {
		panic("server.WithSQS: nil *sqs.Service")
	}
	return func(c *config) {
		if c.sqs != nil {
			panic("server.WithSQS: given twice")
		}
		c.sqs = svc
	}
}

// WithSNS serves svc with the Amazon SNS protocol: the AWS query protocol
// (a form-encoded POST with Action=Operation&Version=2010-03-31, answered
// in XML), as aws-sdk-go-v2, boto3 and the AWS CLI send it. Give the sns
// and sqs services one account (sns.WithAccount(queues.Account())) for
// sqs subscriptions to reach the queues the same handler serves. It
// panics when svc is nil or given twice.
func WithSNS(svc *sns.Service) Option {
	if svc == nil {
		panic("server.WithSNS: nil *sns.Service")
	}
	return func(c *config) {
		if c.sns != nil {
			panic("server.WithSNS: given twice")
		}
		c.sns = svc
	}
}

// WithLambda serves svc with the AWS Lambda protocol: REST-JSON, each
// operation a method and a path under its API version
// (POST /2015-03-31/functions/NAME/invocations is Invoke), as
// aws-sdk-go-v2, boto3 and the AWS CLI send it. It panics when svc is nil
// or given twice.
func WithLambda(svc *lambda.Service) Option {
	if svc == nil {
		panic("server.WithLambda: nil *lambda.Service")
	}
	return func(c *config) {
		if c.lambda != nil {
			panic("server.WithLambda: given twice")
		}
		c.lambda = svc
	}
}

// WithSeed sets the seed the request IDs (x-amzn-RequestId) are drawn
// from. The default is the stream named "server" of the first service's
// account seed, so that a composed simulation reproduces them from its
// root seed alone.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed, c.hasSeed = seed, true }
}

// New returns a Server for the services the options name. With none it
// answers every request with an UnknownOperationException.
func New(opts ...Option) *Server {
	var c config
	for _, o := range opts {
		o(&c)
	}
	s := &Server{}
	seed := c.seed
	if c.sqs != nil {
		s.sqs = newSQSHandler(c.sqs)
		if !c.hasSeed {
			seed = c.sqs.Account().Seed("server")
		}
	}
	if c.sns != nil {
		s.sns = &snsHandler{svc: c.sns, links: c.sns.Handler()}
		if !c.hasSeed && c.sqs == nil {
			seed = c.sns.Account().Seed("server")
		}
	}
	if c.lambda != nil {
		s.lambda = &lambdaHandler{svc: c.lambda}
		if !c.hasSeed && c.sqs == nil && c.sns == nil {
			seed = c.lambda.Account().Seed("server")
		}
	}
	s.requestKey = sim.Derive(seed, "request-id")
	return s
}

// ServeHTTP routes a request to the service its protocol names: the
// X-Amz-Target header's prefix for the AWS JSON protocols, the API
// version that begins the path for Lambda's REST-JSON, and for the
// query protocol (a form-encoded body with an Action) the Version
// parameter, or, without one, the Action.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := responseWriter{w: w, id: s.requestID()}
	target := r.Header.Get("X-Amz-Target")
	service, op, _ := strings.Cut(target, ".")
	switch {
	case service == "AmazonSQS" && s.sqs != nil:
		if r.Method != http.MethodPost {
			rw.jsonError(errMethodNotAllowed.With("The AWS JSON protocol takes POST requests, not %s.", r.Method), sqsJSON)
			return
		}
		bp, err := readBody(r)
		defer putBody(bp)
		if err != nil {
			rw.jsonError(err, sqsJSON)
			return
		}
		s.sqs.serve(r, &rw, op, *bp)
	case target == "" && s.lambda != nil && isLambda(r):
		s.lambda.serve(w, r, rw.id)
	case target == "" && r.Method == http.MethodGet && s.sns != nil && isSNSLink(r):
		s.sns.links.ServeHTTP(w, r)
	case target == "" && (isForm(r.Header.Get("Content-Type")) || r.Method == http.MethodGet && r.URL.Query().Has("Action")):
		s.serveQuery(r, &rw)
	default:
		rw.jsonError(errUnknownOperation.With("No service is served for X-Amz-Target %q.", target), nil)
	}
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

// serveQuery serves a request of the AWS query protocol, its parameters
// in a POST's form-encoded body or a GET's query string: SNS's when its
// Version is SNS's, or when it has none and its Action is one SNS serves.
func (s *Server) serveQuery(r *http.Request, rw *responseWriter) {
	if s.sns == nil {
		rw.jsonError(errUnknownOperation.With("The AWS query protocol is not served for SQS (it is for SNS, with server.WithSNS); use a client that speaks AWS JSON 1.0 (aws-sdk-go-v2, current boto3 and AWS CLI)."), nil)
		return
	}
	var raw string
	switch r.Method {
	case http.MethodGet:
		raw = r.URL.RawQuery
	case http.MethodPost:
		bp, err := readBody(r)
		defer putBody(bp)
		if err != nil {
			rw.queryError(err, snsNamespace)
			return
		}
		raw = string(*bp)
	default:
		rw.queryError(errMethodNotAllowed.With("The AWS query protocol takes POST or GET requests, not %s.", r.Method), snsNamespace)
		return
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		rw.queryError(errMalformedQuery.With("The request's parameters are not a valid form: %v.", err), snsNamespace)
		return
	}
	version, action := v.Get("Version"), v.Get("Action")
	if version == snsVersion || version == "" && snsActions[action] {
		s.sns.serve(r.Context(), rw, v)
		return
	}
	rw.queryError(errInvalidAction.With("The action %s of version %q is not served; SNS (Version %s) is.", action, version, snsVersion), snsNamespace)
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
}

var (
	contentTypeJSON10 = []string{"application/x-amz-json-1.0"}
)

// header sets the headers of every response.
func (rw *responseWriter) header(contentType []string) {
	h := rw.w.Header()
	h["Content-Type"] = contentType
	h["X-Amzn-Requestid"] = []string{rw.id}
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
	rw.header(contentTypeJSON10)
	if svc != nil && svc.queryCompatible {
		rw.w.Header()["X-Amzn-Query-Error"] = []string{e.Code + ";" + string(e.Fault)}
	}
	b := append(rw.buf[:0], `{"__type":`...)
	b = appendString(b, namespace+"#"+shape)
	b = append(b, `,"message":`...)
	b = appendString(b, e.Message)
	b = append(b, '}')
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(b)
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
}
