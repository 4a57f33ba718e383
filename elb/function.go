package elb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
)

// ServicePrincipal is the principal a load balancer invokes Lambda
// functions as, which a function's resource policy must allow, with the
// target group as aws:SourceArn, in an account with
// cloud.WithPolicyEnforcement.
const ServicePrincipal = "elasticloadbalancing.amazonaws.com"

// Error reasons of an Application Load Balancer's access log for
// requests to Lambda functions.
const (
	ReasonLambdaUnhandled        = "LambdaUnhandled"
	ReasonLambdaThrottling       = "LambdaThrottling"
	ReasonLambdaInvalidResponse  = "LambdaInvalidResponse"
	ReasonLambdaResponseTooLarge = "LambdaResponseTooLarge"
	ReasonLambdaResourceNotFound = "LambdaResourceNotFound"
)

// albEvent is the event an Application Load Balancer invokes a function
// with: the request as JSON.
type albEvent struct {
	RequestContext struct {
		ELB struct {
			TargetGroupArn string `json:"targetGroupArn"`
		} `json:"elb"`
	} `json:"requestContext"`
	HTTPMethod                      string              `json:"httpMethod"`
	Path                            string              `json:"path"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters,omitempty"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters,omitempty"`
	Headers                         map[string]string   `json:"headers,omitempty"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders,omitempty"`
	Body                            string              `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

// albResponse is what the function returns.
type albResponse struct {
	StatusCode        *int                `json:"statusCode"`
	StatusDescription string              `json:"statusDescription"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

// newALBEvent converts r (the request as forwarded, with the load
// balancer's headers) to the event of target group tgArn: header names
// in lower case, those differing only in case merged in the sorted
// order of their names; with multi, every value of repeated headers and
// query parameters, else the last; a text body as is, any other base64
// encoded. Query parameters are not URL-decoded, as AWS sends them.
func newALBEvent(r *http.Request, body []byte, tgArn string, multi bool) ([]byte, error) {
	var e albEvent
	e.RequestContext.ELB.TargetGroupArn = tgArn
	e.HTTPMethod, e.Path = r.Method, r.URL.Path
	headers := map[string][]string{"host": {r.Host}}
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		lk := strings.ToLower(k)
		headers[lk] = append(headers[lk], r.Header[k]...)
	}
	query := map[string][]string{}
	for part := range strings.SplitSeq(r.URL.RawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		query[k] = append(query[k], v)
	}
	if multi {
		e.MultiValueHeaders, e.MultiValueQueryStringParameters = headers, query
	} else {
		e.Headers, e.QueryStringParameters = last(headers), last(query)
	}
	if textBody(r.Header) {
		e.Body = string(body)
	} else if len(body) > 0 {
		e.Body, e.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	return json.Marshal(e)
}

func last(m map[string][]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, vs := range m {
		out[k] = vs[len(vs)-1]
	}
	return out
}

// textBody reports whether an Application Load Balancer passes a body
// of these headers to a function as text: not content-encoded, and of a
// text/*, JSON, JavaScript or XML type.
func textBody(h http.Header) bool {
	if h.Get("Content-Encoding") != "" {
		return false
	}
	t, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch {
	case t == "", strings.HasPrefix(t, "text/"):
		return true
	}
	switch t {
	case "application/json", "application/javascript", "application/xml":
		return true
	}
	return false
}

// serveFunction forwards a request to a Lambda function target: invokes
// it synchronously with the ALB event and turns its answer into the
// response, or a 502 with the reason when the function fails, is
// throttled or answers malformed. It is called without s.mu held.
func (s *Service) serveFunction(x *exchange, w http.ResponseWriter, t *target, multi bool, idle time.Duration, now time.Time) {
	r := &x.fwd
	tg := x.tg
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxLambdaBody+1))
	status, reason, latency := 0, "", time.Duration(0)
	var resp albResponse
	switch {
	case err != nil:
		status = http.StatusBadRequest
	case len(body) > MaxLambdaBody:
		status = http.StatusRequestEntityTooLarge
	case s.lambda == nil:
		status, reason = http.StatusBadGateway, ReasonLambdaResourceNotFound
	default:
		status, reason, latency = s.invoke(r, body, t.id, tg.arnString, multi, &resp)
	}

	s.mu.Lock()
	x.entry.ReceivedBytes = int64(len(body))
	if status != 0 {
		x.entry.TargetProcessingTime, x.entry.ResponseProcessingTime = -1, -1
		x.entry.ErrorReason = or(reason, "-")
		t.track(now, now.Add(latency))
		s.respondLocked(x, x.lb, status, now, latency)
		s.mu.Unlock()
		x.lb.writeError(w, status)
		return
	}
	// Names differing only in case are one header: taken in sorted
	// order, so that Go's map order does not choose among them.
	for _, k := range slices.Sorted(maps.Keys(resp.Headers)) {
		x.rec.header.Set(k, resp.Headers[k])
	}
	mv := make(http.Header, len(resp.MultiValueHeaders))
	for _, k := range slices.Sorted(maps.Keys(resp.MultiValueHeaders)) {
		ck := http.CanonicalHeaderKey(k)
		mv[ck] = append(mv[ck], resp.MultiValueHeaders[k]...)
	}
	maps.Copy(x.rec.header, mv)
	x.rec.header.Del("Content-Length")
	x.rec.header.Del("Connection")
	x.rec.header.Del("Transfer-Encoding")
	x.rec.status = *resp.StatusCode
	if resp.IsBase64Encoded {
		b, _ := base64.StdEncoding.DecodeString(resp.Body)
		x.rec.body.Write(b)
	} else {
		x.rec.body.WriteString(resp.Body)
	}
	s.answeredLocked(x, r, tg, latency, idle, now)
	s.mu.Unlock()
	x.reply(w)
}

// invoke runs the function and reads its answer into resp. It returns a
// status and reason when the request fails, 0 and "" when resp holds
// the response, and the invocation's latency.
func (s *Service) invoke(r *http.Request, body []byte, fn, tgArn string, multi bool, resp *albResponse) (int, string, time.Duration) {
	event, err := newALBEvent(r, body, tgArn, multi)
	if err != nil {
		return http.StatusBadGateway, ReasonLambdaInvalidResponse, 0
	}
	out, err := s.lambda.Invoke(context.WithoutCancel(r.Context()), &lambda.InvokeInput{FunctionName: fn, Payload: event})
	switch {
	case errors.Is(err, lambda.ErrTooManyRequestsException):
		return http.StatusBadGateway, ReasonLambdaThrottling, 0
	case err != nil:
		return http.StatusBadGateway, ReasonLambdaResourceNotFound, 0
	case out.FunctionError != "":
		return http.StatusBadGateway, ReasonLambdaUnhandled, out.Duration
	case len(out.Payload) > MaxLambdaBody:
		return http.StatusBadGateway, ReasonLambdaResponseTooLarge, out.Duration
	}
	if err := json.Unmarshal(out.Payload, resp); err != nil || resp.StatusCode == nil || *resp.StatusCode < 100 || *resp.StatusCode > 599 {
		return http.StatusBadGateway, ReasonLambdaInvalidResponse, out.Duration
	}
	if resp.IsBase64Encoded {
		if _, err := base64.StdEncoding.DecodeString(resp.Body); err != nil {
			return http.StatusBadGateway, ReasonLambdaInvalidResponse, out.Duration
		}
	}
	return 0, "", out.Duration
}

// probeFunction health-checks a Lambda function target: an event with
// the health checker's user agent to the health check path, its answer's
// statusCode judged by the matcher. It is called without s.mu held.
func (s *Service) probeFunction(tg *targetGroup, fn, path string) probe {
	if s.lambda == nil {
		return probe{failed: true}
	}
	r := &http.Request{Method: http.MethodGet, URL: pathURL(path), Header: http.Header{"User-Agent": {HealthCheckUserAgent}}, Body: http.NoBody}
	var resp albResponse
	status, _, latency := s.invoke(r, nil, fn, tg.arnString, false, &resp)
	if status != 0 {
		return probe{failed: true, latency: latency}
	}
	return probe{status: *resp.StatusCode, latency: latency}
}

// checkInvokePermissions refuses, as RegisterTargets does, the Lambda
// function targets of in that the target group may not invoke: those
// whose resource policy does not allow [ServicePrincipal] with the group
// as aws:SourceArn, or that do not exist. It decides nothing for a group
// that is not of target type lambda or does not exist, or a target that
// is not a function ARN, which RegisterTargets reports. It takes s.mu only
// to read the group, and calls Lambda without it.
func (s *Service) checkInvokePermissions(in *RegisterTargetsInput) error {
	if s.lambda == nil {
		return nil
	}
	s.mu.Lock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	var tgArn string
	if err == nil && tg.targetType == TargetTypeLambda {
		tgArn = tg.arnString
	}
	s.mu.Unlock()
	if tgArn == "" {
		return nil
	}
	sender := cloud.Sender{Service: ServicePrincipal, SourceARN: tgArn}
	for _, d := range in.Targets {
		err := s.lambda.CheckInvokePermission(d.Id, sender)
		if errors.Is(err, lambda.ErrAccessDeniedException) || errors.Is(err, lambda.ErrResourceNotFoundException) {
			return ErrAccessDenied.With("elasticloadbalancing principal does not have permission to invoke %s from target group %s", d.Id, tgArn)
		}
	}
	return nil
}
