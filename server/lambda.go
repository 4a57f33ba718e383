package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/awserr"
	"github.com/awssim/awssim/lambda"
)

// AWS Lambda's protocol is REST-JSON: the operation is the method and the
// path (POST /2015-03-31/functions/NAME/invocations is Invoke), its
// parameters are in the path, the query string, headers and a JSON body,
// and errors carry their code in the X-Amzn-ErrorType header. Each path
// begins with the API version that introduced the operation, which is
// how the handler tells Lambda's requests from the others.
//
// Bodies are small and the control plane is not a hot path, so they are
// read and written with encoding/json over the wire shapes below; Invoke,
// the hot path, passes its payload through untouched.

// lambdaVersions are the API versions that begin Lambda's paths.
var lambdaVersions = []string{"/2015-03-31/", "/2017-10-31/", "/2019-09-30/"}

// isLambda reports whether a request's path is one of Lambda's.
func isLambda(r *http.Request) bool {
	for _, v := range lambdaVersions {
		if strings.HasPrefix(r.URL.Path, v) {
			return true
		}
	}
	return false
}

// FunctionCode finds the Go code that a function created over the wire
// runs, from the code its CreateFunction request names: a function's
// code is a Go handler, which no request can carry. It returns nil for
// code it does not know, which CreateFunction refuses as AWS refuses an
// S3 object that does not exist.
type FunctionCode func(CodeLocation) *lambda.Code

// CodeLocation is the Code of a CreateFunction request: the bytes of a
// ZIP file, an Amazon S3 object, or a container image.
type CodeLocation struct {
	ZipFile                          []byte
	S3Bucket, S3Key, S3ObjectVersion string
	ImageUri                         string
}

// String names the location as AWS's messages do: s3://BUCKET/KEY, the
// image's URI, or "the ZIP file".
func (c CodeLocation) String() string {
	switch {
	case c.ImageUri != "":
		return c.ImageUri
	case c.S3Bucket != "" || c.S3Key != "":
		return "s3://" + c.S3Bucket + "/" + c.S3Key
	}
	return "the ZIP file"
}

// lambdaHandler serves one lambda.Service; code finds the code of the
// functions created over the wire.
type lambdaHandler struct {
	svc  *lambda.Service
	code FunctionCode
}

// errLambdaUnknownOperation is the front end's answer to a path and method
// that name no operation the handler serves, and errLambdaService
// Lambda's for a failure of its own.
var (
	errLambdaUnknownOperation = awserr.New("UnknownOperationException", http.StatusNotFound)
	errLambdaService          = awserr.New("ServiceException", http.StatusInternalServerError)
)

// serveLambda serves a request of Lambda's REST-JSON protocol: it reads
// the body, verifies the signature (with [WithCredentials]) and hands the
// request to the Lambda service of the account it reaches.
func (s *Server) serveLambda(w http.ResponseWriter, r *http.Request, id string) {
	rw := lambdaWriter{w: w, id: id, acct: s.def}
	bp, err := readBody(r)
	defer putBody(bp)
	if err != nil {
		rw.error(err)
		return
	}
	acct, err := s.authenticate(r, *bp, "lambda")
	if err != nil {
		rw.error(err)
		return
	}
	rw.acct = acct
	if acct, err = s.lambdaOwner(acct, r); err != nil {
		rw.error(err)
		return
	}
	if acct.lambda == nil {
		rw.error(errLambdaUnknownOperation.With("Lambda is not served for account %s.", acct.id))
		return
	}
	acct.lambda.serve(&rw, r, *bp)
}

// serve routes a Lambda request by its method and path; body is the
// request's body, which the caller owns.
func (h *lambdaHandler) serve(rw *lambdaWriter, r *http.Request, body []byte) {
	version, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	q := r.URL.Query()
	ctx := r.Context()
	// fn reports whether the request is method on a path under
	// /2015-03-31/functions/ (the version of most operations).
	fn := func(method string) bool {
		return r.Method == method && version == "2015-03-31" && parts[0] == "functions"
	}
	n := len(parts)
	switch {
	case fn(http.MethodPost) && n == 3 && parts[2] == "invocations":
		h.invoke(ctx, rw, r, body, parts[1], q.Get("Qualifier"))
	case fn(http.MethodPost) && n == 1:
		h.createFunction(ctx, rw, body)
	case fn(http.MethodGet) && n == 1:
		h.listFunctions(ctx, rw, q)
	case fn(http.MethodGet) && n == 2:
		out, err := h.svc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: parts[1], Qualifier: q.Get("Qualifier")})
		rw.result(http.StatusOK, wireGetFunction(out), err)
	case fn(http.MethodDelete) && n == 2:
		_, err := h.svc.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: parts[1], Qualifier: q.Get("Qualifier")})
		rw.result(http.StatusNoContent, nil, err)
	case fn(http.MethodGet) && n == 3 && parts[2] == "configuration":
		out, err := h.svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: parts[1], Qualifier: q.Get("Qualifier")})
		rw.result(http.StatusOK, wireFunctionOf(out), err)
	case fn(http.MethodPut) && n == 3 && parts[2] == "configuration":
		h.updateFunctionConfiguration(ctx, rw, body, parts[1])
	case fn(http.MethodPost) && n == 3 && parts[2] == "versions":
		var in struct{ Description, CodeSha256, RevisionId string }
		if rw.decode(body, &in) {
			out, err := h.svc.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: parts[1], Description: in.Description, CodeSha256: in.CodeSha256, RevisionId: in.RevisionId})
			rw.result(http.StatusCreated, wireFunctionOf(out), err)
		}
	case fn(http.MethodGet) && n == 3 && parts[2] == "versions":
		out, err := h.svc.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: parts[1]})
		var versions []wireFunction
		if err == nil {
			versions = wireFunctions(out.Versions)
		}
		rw.result(http.StatusOK, struct{ Versions []wireFunction }{versions}, err)
	case parts[0] == "functions" && n >= 3 && parts[2] == "policy" && version == "2015-03-31":
		h.policy(ctx, rw, r, body, parts[1], parts[3:])
	case parts[0] == "functions" && n >= 3 && parts[2] == "aliases" && version == "2015-03-31":
		h.alias(ctx, rw, r, body, parts[1], parts[3:])
	case parts[0] == "functions" && n == 3 && parts[2] == "concurrency":
		h.concurrency(ctx, rw, r, body, version, parts[1])
	case parts[0] == "event-source-mappings" && version == "2015-03-31":
		h.eventSourceMapping(ctx, rw, r, body, parts[1:])
	default:
		rw.error(errLambdaUnknownOperation.With("No operation is served for %s %s.", r.Method, r.URL.Path))
	}
}

// invoke serves Invoke: the payload is the body, the invocation type and
// client context are headers, and the response is the function's payload
// with the function error and executed version in headers.
func (h *lambdaHandler) invoke(ctx context.Context, rw *lambdaWriter, r *http.Request, body []byte, name, qualifier string) {
	out, err := h.svc.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   name,
		Qualifier:      qualifier,
		InvocationType: r.Header.Get("X-Amz-Invocation-Type"),
		Payload:        bytes.Clone(body),
		ClientContext:  r.Header.Get("X-Amz-Client-Context"),
	})
	if err != nil {
		rw.error(err)
		return
	}
	hdr := rw.header()
	hdr.Set("Content-Type", "application/json")
	if out.FunctionError != "" {
		hdr.Set("X-Amz-Function-Error", out.FunctionError)
	}
	if out.ExecutedVersion != "" {
		hdr.Set("X-Amz-Executed-Version", out.ExecutedVersion)
	}
	rw.w.WriteHeader(out.StatusCode)
	rw.w.Write(out.Payload)
}

// listFunctions serves ListFunctions, paged by Marker and MaxItems.
func (h *lambdaHandler) listFunctions(ctx context.Context, rw *lambdaWriter, q url.Values) {
	in := &lambda.ListFunctionsInput{Marker: q.Get("Marker")}
	if s := q.Get("MaxItems"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			rw.error(lambda.ErrInvalidParameterValueException.With("MaxItems %q is not a number.", s))
			return
		}
		in.MaxItems = n
	}
	out, err := h.svc.ListFunctions(ctx, in)
	var resp struct {
		Functions  []wireFunction
		NextMarker string `json:",omitempty"`
	}
	if err == nil {
		resp.Functions, resp.NextMarker = wireFunctions(out.Functions), out.NextMarker
	}
	rw.result(http.StatusOK, resp, err)
}

// createFunction serves CreateFunction, the function's code found by the
// handler's [FunctionCode] from the request's Code.
func (h *lambdaHandler) createFunction(ctx context.Context, rw *lambdaWriter, body []byte) {
	var in struct {
		FunctionName, Role, Runtime, Handler, Description string
		Timeout, MemorySize                               int
		Architectures, Layers                             []string
		Environment                                       *struct{ Variables map[string]string }
		DeadLetterConfig                                  *struct{ TargetArn string }
		Publish                                           bool
		Tags                                              map[string]string
		Code                                              CodeLocation
	}
	if !rw.decode(body, &in) {
		return
	}
	if h.code == nil {
		rw.error(lambda.ErrInvalidParameterValueException.With("A function's code is a Go handler: this server makes functions with the Go API only (server.WithLambda was given no FunctionCode)."))
		return
	}
	code := h.code(in.Code)
	if code == nil {
		rw.error(lambda.ErrInvalidParameterValueException.With("Error occurred while GetObject. The code at %s is not known to the server's FunctionCode.", in.Code))
		return
	}
	cf := &lambda.CreateFunctionInput{
		FunctionName: in.FunctionName, Role: in.Role, Code: *code, Runtime: in.Runtime, Handler: in.Handler,
		Description: in.Description, Timeout: time.Duration(in.Timeout) * time.Second, MemorySize: in.MemorySize,
		Architectures: in.Architectures, Layers: in.Layers, Publish: in.Publish, Tags: in.Tags,
	}
	if in.Environment != nil {
		cf.Environment = in.Environment.Variables
	}
	if in.DeadLetterConfig != nil {
		cf.DeadLetterTargetArn = in.DeadLetterConfig.TargetArn
	}
	out, err := h.svc.CreateFunction(ctx, cf)
	rw.result(http.StatusCreated, wireFunctionOf(out), err)
}

// updateFunctionConfiguration serves UpdateFunctionConfiguration.
func (h *lambdaHandler) updateFunctionConfiguration(ctx context.Context, rw *lambdaWriter, body []byte, name string) {
	var in struct {
		Role, Runtime, RevisionId string
		Handler, Description      *string
		Timeout, MemorySize       int
		Environment               *struct{ Variables map[string]string }
		Layers                    []string
		DeadLetterConfig          *struct{ TargetArn string }
	}
	if !rw.decode(body, &in) {
		return
	}
	up := &lambda.UpdateFunctionConfigurationInput{
		FunctionName: name, Role: in.Role, Runtime: in.Runtime, RevisionId: in.RevisionId,
		Handler: in.Handler, Description: in.Description,
		Timeout: time.Duration(in.Timeout) * time.Second, MemorySize: in.MemorySize, Layers: in.Layers,
	}
	if in.Environment != nil {
		up.Environment = in.Environment.Variables
		if up.Environment == nil {
			up.Environment = map[string]string{}
		}
	}
	if in.DeadLetterConfig != nil {
		up.DeadLetterTargetArn = &in.DeadLetterConfig.TargetArn
	}
	out, err := h.svc.UpdateFunctionConfiguration(ctx, up)
	rw.result(http.StatusOK, wireFunctionOf(out), err)
}

// wireAliasIn is the body of CreateAlias and UpdateAlias.
type wireAliasIn struct {
	Name, FunctionVersion, RevisionId string
	Description                       *string
	RoutingConfig                     *struct{ AdditionalVersionWeights map[string]float64 }
}

// alias serves the operations on a function's aliases: rest is the path
// after …/aliases, empty or the alias's name.
func (h *lambdaHandler) alias(ctx context.Context, rw *lambdaWriter, r *http.Request, body []byte, fn string, rest []string) {
	switch {
	case r.Method == http.MethodPost && len(rest) == 0:
		var in wireAliasIn
		if !rw.decode(body, &in) {
			return
		}
		c := &lambda.CreateAliasInput{FunctionName: fn, Name: in.Name, FunctionVersion: in.FunctionVersion}
		if in.Description != nil {
			c.Description = *in.Description
		}
		if in.RoutingConfig != nil {
			c.AdditionalVersionWeights = in.RoutingConfig.AdditionalVersionWeights
		}
		out, err := h.svc.CreateAlias(ctx, c)
		rw.result(http.StatusCreated, wireAliasOf(out), err)
	case r.Method == http.MethodGet && len(rest) == 0:
		out, err := h.svc.ListAliases(ctx, &lambda.ListAliasesInput{FunctionName: fn, FunctionVersion: r.URL.Query().Get("FunctionVersion")})
		var aliases []wireAlias
		if err == nil {
			for i := range out.Aliases {
				aliases = append(aliases, *wireAliasOf(&out.Aliases[i]))
			}
		}
		rw.result(http.StatusOK, struct{ Aliases []wireAlias }{aliases}, err)
	case r.Method == http.MethodGet && len(rest) == 1:
		out, err := h.svc.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: fn, Name: rest[0]})
		rw.result(http.StatusOK, wireAliasOf(out), err)
	case r.Method == http.MethodPut && len(rest) == 1:
		var in wireAliasIn
		if !rw.decode(body, &in) {
			return
		}
		u := &lambda.UpdateAliasInput{FunctionName: fn, Name: rest[0], FunctionVersion: in.FunctionVersion, Description: in.Description, RevisionId: in.RevisionId}
		if in.RoutingConfig != nil {
			u.AdditionalVersionWeights = in.RoutingConfig.AdditionalVersionWeights
		}
		out, err := h.svc.UpdateAlias(ctx, u)
		rw.result(http.StatusOK, wireAliasOf(out), err)
	case r.Method == http.MethodDelete && len(rest) == 1:
		_, err := h.svc.DeleteAlias(ctx, &lambda.DeleteAliasInput{FunctionName: fn, Name: rest[0]})
		rw.result(http.StatusNoContent, nil, err)
	default:
		rw.error(errLambdaUnknownOperation.With("No operation is served for %s %s.", r.Method, r.URL.Path))
	}
}

// policy serves the operations on a function's resource policy: rest is
// the path after …/policy, empty or the statement ID. The version or
// alias is the Qualifier parameter, and RemovePermission takes its
// RevisionId in the query string, as the API does.
func (h *lambdaHandler) policy(ctx context.Context, rw *lambdaWriter, r *http.Request, body []byte, fn string, rest []string) {
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodPost && len(rest) == 0:
		var in struct {
			StatementId, Action, Principal, SourceArn, SourceAccount string
			PrincipalOrgID, EventSourceToken, FunctionUrlAuthType    string
			RevisionId                                               string
		}
		if !rw.decode(body, &in) {
			return
		}
		out, err := h.svc.AddPermission(ctx, &lambda.AddPermissionInput{
			FunctionName: fn, Qualifier: q.Get("Qualifier"), StatementId: in.StatementId, Action: in.Action, Principal: in.Principal,
			SourceArn: in.SourceArn, SourceAccount: in.SourceAccount, PrincipalOrgID: in.PrincipalOrgID,
			EventSourceToken: in.EventSourceToken, FunctionUrlAuthType: in.FunctionUrlAuthType, RevisionId: in.RevisionId,
		})
		rw.result(http.StatusCreated, out, err)
	case r.Method == http.MethodGet && len(rest) == 0:
		out, err := h.svc.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: fn, Qualifier: q.Get("Qualifier")})
		rw.result(http.StatusOK, out, err)
	case r.Method == http.MethodDelete && len(rest) == 1:
		_, err := h.svc.RemovePermission(ctx, &lambda.RemovePermissionInput{
			FunctionName: fn, StatementId: rest[0], Qualifier: q.Get("Qualifier"), RevisionId: q.Get("RevisionId"),
		})
		rw.result(http.StatusNoContent, nil, err)
	default:
		rw.error(errLambdaUnknownOperation.With("No operation is served for %s %s.", r.Method, r.URL.Path))
	}
}

// concurrency serves a function's reserved concurrency: Put and Delete
// under API version 2017-10-31, Get under 2019-09-30.
func (h *lambdaHandler) concurrency(ctx context.Context, rw *lambdaWriter, r *http.Request, body []byte, version, fn string) {
	switch {
	case r.Method == http.MethodPut && version == "2017-10-31":
		var in struct{ ReservedConcurrentExecutions *int }
		if !rw.decode(body, &in) {
			return
		}
		if in.ReservedConcurrentExecutions == nil {
			rw.error(lambda.ErrInvalidParameterValueException.With("ReservedConcurrentExecutions is required."))
			return
		}
		out, err := h.svc.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: fn, ReservedConcurrentExecutions: *in.ReservedConcurrentExecutions})
		var resp struct{ ReservedConcurrentExecutions int }
		if err == nil {
			resp.ReservedConcurrentExecutions = out.ReservedConcurrentExecutions
		}
		rw.result(http.StatusOK, resp, err)
	case r.Method == http.MethodDelete && version == "2017-10-31":
		_, err := h.svc.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: fn})
		rw.result(http.StatusNoContent, nil, err)
	case r.Method == http.MethodGet && version == "2019-09-30":
		out, err := h.svc.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: fn})
		var resp struct {
			ReservedConcurrentExecutions *int `json:",omitempty"`
		}
		if err == nil {
			resp.ReservedConcurrentExecutions = out.ReservedConcurrentExecutions
		}
		rw.result(http.StatusOK, resp, err)
	default:
		rw.error(errLambdaUnknownOperation.With("No operation is served for %s %s.", r.Method, r.URL.Path))
	}
}

// wireMappingIn is the body of CreateEventSourceMapping and
// UpdateEventSourceMapping.
type wireMappingIn struct {
	EventSourceArn, FunctionName   string
	BatchSize                      int
	MaximumBatchingWindowInSeconds *int
	Enabled                        *bool
	FunctionResponseTypes          []string
	ScalingConfig                  *lambda.ScalingConfig
}

// eventSourceMapping serves the operations on event source mappings: rest
// is the path after /event-source-mappings, empty or a mapping's UUID.
func (h *lambdaHandler) eventSourceMapping(ctx context.Context, rw *lambdaWriter, r *http.Request, body []byte, rest []string) {
	if len(rest) == 1 && rest[0] == "" {
		rest = nil
	}
	switch {
	case r.Method == http.MethodPost && len(rest) == 0:
		var in wireMappingIn
		if !rw.decode(body, &in) {
			return
		}
		c := &lambda.CreateEventSourceMappingInput{
			EventSourceArn: in.EventSourceArn, FunctionName: in.FunctionName, BatchSize: in.BatchSize,
			Enabled: in.Enabled, FunctionResponseTypes: in.FunctionResponseTypes, ScalingConfig: in.ScalingConfig,
		}
		if in.MaximumBatchingWindowInSeconds != nil {
			c.MaximumBatchingWindow = time.Duration(*in.MaximumBatchingWindowInSeconds) * time.Second
		}
		out, err := h.svc.CreateEventSourceMapping(ctx, c)
		rw.result(http.StatusAccepted, wireMappingOf(out), err)
	case r.Method == http.MethodGet && len(rest) == 0:
		q := r.URL.Query()
		out, err := h.svc.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{EventSourceArn: q.Get("EventSourceArn"), FunctionName: q.Get("FunctionName")})
		var mappings []wireMapping
		if err == nil {
			for i := range out.EventSourceMappings {
				mappings = append(mappings, *wireMappingOf(&out.EventSourceMappings[i]))
			}
		}
		rw.result(http.StatusOK, struct{ EventSourceMappings []wireMapping }{mappings}, err)
	case r.Method == http.MethodGet && len(rest) == 1:
		out, err := h.svc.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: rest[0]})
		rw.result(http.StatusOK, wireMappingOf(out), err)
	case r.Method == http.MethodPut && len(rest) == 1:
		var in wireMappingIn
		if !rw.decode(body, &in) {
			return
		}
		u := &lambda.UpdateEventSourceMappingInput{
			UUID: rest[0], BatchSize: in.BatchSize, Enabled: in.Enabled,
			FunctionResponseTypes: in.FunctionResponseTypes, ScalingConfig: in.ScalingConfig,
		}
		if in.MaximumBatchingWindowInSeconds != nil {
			d := time.Duration(*in.MaximumBatchingWindowInSeconds) * time.Second
			u.MaximumBatchingWindow = &d
		}
		out, err := h.svc.UpdateEventSourceMapping(ctx, u)
		rw.result(http.StatusAccepted, wireMappingOf(out), err)
	case r.Method == http.MethodDelete && len(rest) == 1:
		out, err := h.svc.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: rest[0]})
		rw.result(http.StatusAccepted, wireMappingOf(out), err)
	default:
		rw.error(errLambdaUnknownOperation.With("No operation is served for %s %s.", r.Method, r.URL.Path))
	}
}

// The wire shapes of Lambda's responses, as the API reference names their
// members.

type wireFunction struct {
	FunctionName, FunctionArn, Runtime, Role, Handler, Description string
	CodeSize                                                       int64
	CodeSha256                                                     string
	Timeout, MemorySize                                            int
	LastModified, Version                                          string
	Environment                                                    *wireEnvironment `json:",omitempty"`
	Architectures                                                  []string
	Layers                                                         []wireLayer     `json:",omitempty"`
	DeadLetterConfig                                               *wireDeadLetter `json:",omitempty"`
	State, StateReasonCode, LastUpdateStatus, RevisionId           string
	PackageType                                                    string
	TracingConfig                                                  struct{ Mode string }
}

type wireEnvironment struct{ Variables map[string]string }
type wireLayer struct{ Arn string }
type wireDeadLetter struct{ TargetArn string }

// wireFunctionOf returns c's wire shape, nil for nil.
func wireFunctionOf(c *lambda.FunctionConfiguration) *wireFunction {
	if c == nil {
		return nil
	}
	f := &wireFunction{
		FunctionName: c.FunctionName, FunctionArn: c.FunctionArn, Runtime: c.Runtime, Role: c.Role,
		Handler: c.Handler, Description: c.Description, CodeSize: c.CodeSize, CodeSha256: c.CodeSha256,
		Timeout: int(c.Timeout / time.Second), MemorySize: c.MemorySize, LastModified: c.LastModified,
		Version: c.Version, Architectures: c.Architectures, State: c.State, StateReasonCode: c.StateReasonCode,
		LastUpdateStatus: c.LastUpdateStatus, RevisionId: c.RevisionId, PackageType: "Zip",
	}
	f.TracingConfig.Mode = "PassThrough"
	if len(c.Environment) > 0 {
		f.Environment = &wireEnvironment{Variables: c.Environment}
	}
	for _, l := range c.Layers {
		f.Layers = append(f.Layers, wireLayer{Arn: l})
	}
	if c.DeadLetterTargetArn != "" {
		f.DeadLetterConfig = &wireDeadLetter{TargetArn: c.DeadLetterTargetArn}
	}
	return f
}

// wireFunctions returns the wire shapes of cs, never nil, so that an empty
// list is [] as AWS writes it.
func wireFunctions(cs []lambda.FunctionConfiguration) []wireFunction {
	out := make([]wireFunction, len(cs))
	for i := range cs {
		out[i] = *wireFunctionOf(&cs[i])
	}
	return out
}

// wireGetFunction returns GetFunction's wire shape, nil for nil. The code
// location is a placeholder URL: the function's code is a Go handler.
func wireGetFunction(out *lambda.GetFunctionOutput) any {
	if out == nil {
		return nil
	}
	resp := struct {
		Configuration *wireFunction
		Code          struct{ RepositoryType, Location string }
		Tags          map[string]string                           `json:",omitempty"`
		Concurrency   *struct{ ReservedConcurrentExecutions int } `json:",omitempty"`
	}{Configuration: wireFunctionOf(&out.Configuration), Tags: out.Tags}
	resp.Code.RepositoryType = "S3"
	resp.Code.Location = "https://awslambda.s3.amazonaws.com/snapshots/" + out.Configuration.FunctionName
	if out.Concurrency != nil {
		resp.Concurrency = &struct{ ReservedConcurrentExecutions int }{*out.Concurrency}
	}
	return resp
}

type wireAlias struct {
	AliasArn, Name, FunctionVersion, Description string
	RoutingConfig                                *struct{ AdditionalVersionWeights map[string]float64 } `json:",omitempty"`
	RevisionId                                   string
}

// wireAliasOf returns a's wire shape, nil for nil.
func wireAliasOf(a *lambda.AliasConfiguration) *wireAlias {
	if a == nil {
		return nil
	}
	w := &wireAlias{AliasArn: a.AliasArn, Name: a.Name, FunctionVersion: a.FunctionVersion, Description: a.Description, RevisionId: a.RevisionId}
	if len(a.AdditionalVersionWeights) > 0 {
		w.RoutingConfig = &struct{ AdditionalVersionWeights map[string]float64 }{a.AdditionalVersionWeights}
	}
	return w
}

type wireMapping struct {
	UUID, EventSourceArn, FunctionArn string
	BatchSize                         int
	MaximumBatchingWindowInSeconds    int
	State, StateTransitionReason      string
	FunctionResponseTypes             []string              `json:",omitempty"`
	ScalingConfig                     *lambda.ScalingConfig `json:",omitempty"`
	// LastModified is a timestamp, which REST-JSON writes in epoch
	// seconds.
	LastModified float64
}

// wireMappingOf returns m's wire shape, nil for nil.
func wireMappingOf(m *lambda.EventSourceMappingConfiguration) *wireMapping {
	if m == nil {
		return nil
	}
	return &wireMapping{
		UUID: m.UUID, EventSourceArn: m.EventSourceArn, FunctionArn: m.FunctionArn, BatchSize: m.BatchSize,
		MaximumBatchingWindowInSeconds: int(m.MaximumBatchingWindow / time.Second),
		State:                          m.State, StateTransitionReason: m.StateTransitionReason,
		FunctionResponseTypes: m.FunctionResponseTypes, ScalingConfig: m.ScalingConfig,
		LastModified: float64(m.LastModified.UnixMilli()) / 1000,
	}
}

// lambdaWriter writes Lambda's responses: JSON bodies, and errors with
// their code in X-Amzn-ErrorType and a body of Type (User or Service, as
// the error's fault is the client's or the server's) and message.
type lambdaWriter struct {
	w    http.ResponseWriter
	id   string
	acct *account // whose clock dates the response
}

// header sets the headers of every response: the request ID and the
// account clock's Date.
func (rw *lambdaWriter) header() http.Header {
	h := rw.w.Header()
	h.Set("X-Amzn-Requestid", rw.id)
	if rw.acct != nil && rw.acct.clock != nil {
		h["Date"] = rw.acct.dateHeader()
	}
	return h
}

// decode reads the JSON request body into v; an empty body leaves v
// zero. On a malformed body it writes the error and reports false.
func (rw *lambdaWriter) decode(body []byte, v any) bool {
	if len(bytes.TrimSpace(body)) == 0 {
		return true
	}
	if err := json.Unmarshal(body, v); err != nil {
		rw.error(errSerialization.With("The request body is not valid JSON for the operation: %v.", err))
		return false
	}
	return true
}

// result writes v with status, or err when it is not nil. A nil v writes
// no body.
func (rw *lambdaWriter) result(status int, v any, err error) {
	if err != nil {
		rw.error(err)
		return
	}
	h := rw.header()
	if v == nil {
		rw.w.WriteHeader(status)
		return
	}
	b, merr := json.Marshal(v)
	if merr != nil {
		rw.error(errInternalFailure.With("%v", merr))
		return
	}
	h.Set("Content-Type", "application/json")
	rw.w.WriteHeader(status)
	rw.w.Write(b)
}

// error writes err as Lambda does; a throttle's body carries its Reason.
// An error that is not an AWS error is a ServiceException.
func (rw *lambdaWriter) error(err error) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		e = errLambdaService.With("%v", err)
	}
	typ := "User"
	if e.Fault == awserr.FaultReceiver {
		typ = "Service"
	}
	b, _ := json.Marshal(struct {
		Type    string
		Message string `json:"message"`
		Reason  string `json:",omitempty"`
	}{typ, e.Message, e.Reason})
	h := rw.header()
	h.Set("X-Amzn-Errortype", e.Code)
	h.Set("Content-Type", "application/json")
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(b)
}
