package lambda

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/internal/service"
)

// FunctionConfiguration describes a version of a function, as
// GetFunctionConfiguration returns it.
type FunctionConfiguration struct {
	FunctionName string
	FunctionArn  string // qualified with the version for a published one
	Runtime      string
	Role         string
	Handler      string
	Description  string
	CodeSize     int64
	CodeSha256   string
	Timeout      time.Duration
	MemorySize   int
	// LastModified is the time of the last change, in the ISO 8601 form
	// AWS uses ("2026-01-01T00:00:00.000+0000").
	LastModified  string
	Version       string // $LATEST or the version number
	Environment   map[string]string
	Architectures []string
	Layers        []string
	// DeadLetterTargetArn is the DeadLetterConfig's TargetArn.
	DeadLetterTargetArn string
	// State is Pending in the output of CreateFunction and Active after;
	// StateReasonCode is Creating, then Idle.
	State            string
	StateReasonCode  string
	LastUpdateStatus string // InProgress in an update's output, Successful after
	RevisionId       string
}

// CreateFunctionInput is the input of [Service.CreateFunction].
type CreateFunctionInput struct {
	// FunctionName is 1 to 64 letters, digits, hyphens and underscores (or
	// a function ARN). Required.
	FunctionName string
	// Role is the ARN of the execution role, arn:aws:iam::<account>:role/….
	// Required.
	Role string
	// Code is the Go handler and its duration model. Its Handler is
	// required.
	Code Code
	// Runtime is one of the AWS runtime identifiers; the default is
	// provided.al2023, the runtime of Go functions.
	Runtime string
	// Handler is the handler's name, up to 128 characters without spaces.
	Handler     string
	Description string // up to 256 characters
	// Timeout is 1 to 900 seconds in whole seconds; zero means 3 seconds.
	Timeout time.Duration
	// MemorySize is 128 to 10,240 MB; zero means 128.
	MemorySize int
	// Architectures is x86_64 (the default) or arm64, one of them.
	Architectures []string
	// Environment holds environment variables, at most 4 KB in all.
	Environment map[string]string
	// Layers are up to 5 layer version ARNs. They are checked, not run.
	Layers []string
	// DeadLetterTargetArn is an SQS queue or SNS topic ARN for failed
	// asynchronous events (DeadLetterConfig's TargetArn); empty means
	// none. Events are delivered by ARN through the service's account.
	DeadLetterTargetArn string
	// Publish publishes version 1 at once.
	Publish bool
	Tags    map[string]string
}

// function is a function: its $LATEST version, its published versions,
// its aliases and its concurrency.
type function struct {
	minute     minute // this minute's metrics; see metrics.go
	name       string
	arn        string
	latest     *version
	published  []*version // version n is published[n-1]
	aliases    map[string]*alias
	reserved   int // reserved concurrency, when hasReserve
	hasReserve bool
	busy       int  // environments running an invocation; see addBusy
	deleted    bool // by DeleteFunction, while its environments may still be busy
	stats      FunctionStats
	tags       map[string]string
	// provisioned holds the provisioned concurrency configurations, by
	// qualifier (provisioned.go).
	provisioned map[string]*provisioned
	// eventConfigs holds the event invoke configurations, by qualifier.
	eventConfigs map[string]*EventInvokeConfig
	revision     int // of the code, for CodeSha256 without Source
	// scaleCredit and scaledAt keep the scaling rate (env.go).
	scaleCredit time.Duration
	scaledAt    time.Time
}

// version is $LATEST or a published version: its configuration and code,
// and the pool of execution environments that run it.
type version struct {
	fn   *function
	cfg  FunctionConfiguration
	code Code
	pool envPool
	// generation changes with every update of $LATEST, so that
	// environments made for the old code are not reused.
	generation int
	// policy is the resource policy of a published version, or for
	// $LATEST the function's (permissions.go); nil without one.
	policy *resourcePolicy
}

const latest = "$LATEST"

var (
	envKeyPattern = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9_])+$`)
	// deadLetterPattern is the API model's pattern of
	// DeadLetterConfig.TargetArn, whole: an ARN of any service, or empty.
	deadLetterPattern = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)?$`)
)

// reservedEnvironmentKeys are the environment variables the Lambda runtime
// sets, which a function may not set itself.
var reservedEnvironmentKeys = []string{
	"AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
	"AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "_HANDLER", "_X_AMZN_TRACE_ID",
}

// Runtimes lists the runtime identifiers CreateFunction accepts.
var Runtimes = []string{
	"dotnet8", "java11", "java17", "java21", "java25", "nodejs20.x", "nodejs22.x", "nodejs24.x",
	"provided.al2", "provided.al2023", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
	"ruby3.2", "ruby3.3", "ruby3.4",
}

// isName reports whether s is 1 to max letters, digits, hyphens and
// underscores: the alphabet of function and alias names. A loop, not a
// regular expression: every invocation checks a name.
func isName(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// functionName returns the function name a FunctionName parameter names
// (a name, a partial ARN account:function:name, or a full ARN), and the
// qualifier it carries, if any.
func (s *Service) functionName(ref string) (name, qualifier string, err error) {
	if ref == "" {
		return "", "", ErrValidationException.With("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null")
	}
	if len(ref) > 140 {
		return "", "", ErrValidationException.With("1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140", ref)
	}
	f, err := arn.ParseFunctionName(ref)
	if err != nil {
		return "", "", ErrValidationException.With("1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?", ref)
	}
	if f.Region != "" && f.Region != s.region {
		return "", "", ErrResourceNotFoundException.With("Functions from '%s' are not reachable in this region ('%s')", f.Region, s.region)
	}
	return f.Name, f.Qualifier, nil
}

func (s *Service) functionARN(name string) string {
	return arn.Function{Region: s.region, AccountID: s.accountID, Name: name}.String()
}

// settings are the configurable fields of a function, as CreateFunction
// and UpdateFunctionConfiguration take them.
type settings struct {
	runtime, role, handler, description string
	timeout                             time.Duration
	memory                              int
	architectures                       []string
	environment                         map[string]string
	layers                              []string
	deadLetter                          string
}

// validate checks the settings against the limits of CreateFunction (AWS
// Lambda API Reference: CreateFunction; Developer Guide: "Lambda quotas").
func (c *settings) validate() error {
	if c.runtime != "" && !slices.Contains(Runtimes, c.runtime) {
		return ErrInvalidParameterValueException.With("Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [%s] or be a valid ARN", c.runtime, strings.Join(Runtimes, ", "))
	}
	if _, err := arn.ParseRole(c.role); err != nil {
		return ErrValidationException.With("1 validation error detected: Value '%s' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+", c.role)
	}
	if utf8.RuneCountInString(c.handler) > 128 || strings.ContainsAny(c.handler, " \t\n\v\f\r") { // \s of the API model's pattern
		return ErrValidationException.With("1 validation error detected: Value '%s' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+ and have length less than or equal to 128", c.handler)
	}
	if utf8.RuneCountInString(c.description) > 256 { // AWS counts characters, not bytes
		return ErrValidationException.With("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	if c.timeout < time.Second || c.timeout > MaxTimeout || c.timeout%time.Second != 0 {
		return ErrValidationException.With("1 validation error detected: Value '%v' at 'timeout' failed to satisfy constraint: Member must be a whole number of seconds from 1 to 900", c.timeout)
	}
	if c.memory < MinMemorySize || c.memory > MaxMemorySize {
		return ErrValidationException.With("1 validation error detected: Value '%d' at 'memorySize' failed to satisfy constraint: Member must have value between %d and %d", c.memory, MinMemorySize, MaxMemorySize)
	}
	switch {
	case len(c.architectures) > 1:
		return ErrValidationException.With("1 validation error detected: Value '[%s]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1", strings.Join(c.architectures, ", "))
	case len(c.architectures) == 1 && c.architectures[0] != "x86_64" && c.architectures[0] != "arm64":
		return ErrValidationException.With("1 validation error detected: Value '[%s]' at 'architectures' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]", c.architectures[0])
	}
	for _, k := range slices.Sorted(maps.Keys(c.environment)) {
		if !envKeyPattern.MatchString(k) {
			return ErrValidationException.With("1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]")
		}
	}
	var reserved []string
	for _, k := range slices.Sorted(maps.Keys(c.environment)) {
		if slices.Contains(reservedEnvironmentKeys, k) {
			reserved = append(reserved, k)
		}
	}
	if len(reserved) > 0 {
		return ErrInvalidParameterValueException.With("Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: %s", strings.Join(reserved, ", "))
	}
	if b, _ := json.Marshal(c.environment); len(c.environment) > 0 && len(b) > MaxEnvironmentSize {
		return ErrInvalidParameterValueException.With("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", b)
	}
	if len(c.layers) > 5 {
		return ErrInvalidParameterValueException.With("Cannot reference more than 5 layers.")
	}
	return checkDeadLetterTarget(c.deadLetter)
}

// checkDeadLetterTarget accepts an empty DeadLetterConfig TargetArn (no
// dead-letter queue) or the ARN of an SQS queue or an SNS topic
// (AWS Lambda Developer Guide: "Capturing records of Lambda asynchronous
// invocations", dead-letter queues). A string that is not an ARN fails the
// API model's
// pattern, a ValidationException; an ARN of another service or resource is
// an InvalidParameterValueException. Neither the queue nor the topic need
// exist yet. A FIFO queue or topic is accepted here and refuses the events
// when they come, counted in DeadLetterErrors: AWS documents standard
// queues and topics only, and FIFO targets among those whose deliveries
// fail.
func checkDeadLetterTarget(target string) error {
	switch {
	case target == "":
		return nil
	case !deadLetterPattern.MatchString(target):
		return ErrValidationException.With("1 validation error detected: Value '%s' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()", target)
	case isQueueOrTopicARN(target):
		return nil
	}
	return ErrInvalidParameterValueException.With("The dead-letter target ARN %s is not the ARN of an SQS queue or an SNS topic.", target)
}

// CreateFunctionOutput is the output of [Service.CreateFunction]: the new
// function's $LATEST configuration, State Pending.
type CreateFunctionOutput = FunctionConfiguration

// CreateFunction creates a function from a Go handler.
//
// Errors: [ErrResourceConflictException] when the name is taken,
// [ErrValidationException] and [ErrInvalidParameterValueException] for
// settings out of their limits (§3.1 of the AWS facts the simulator
// follows), [ErrInvalidParameterValueException] without a handler.
func (s *Service) CreateFunction(ctx context.Context, in *CreateFunctionInput) (*CreateFunctionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	name, qualifier, err := s.functionName(in.FunctionName)
	if err != nil {
		return nil, err
	}
	if qualifier != "" {
		return nil, ErrInvalidParameterValueException.With("Unsupported function name: %s", in.FunctionName)
	}
	st := settings{
		runtime: in.Runtime, role: in.Role, handler: in.Handler, description: in.Description,
		timeout: in.Timeout, memory: in.MemorySize, architectures: in.Architectures,
		environment: in.Environment, layers: in.Layers, deadLetter: in.DeadLetterTargetArn,
	}
	if st.runtime == "" {
		st.runtime = "provided.al2023"
	}
	if st.timeout == 0 {
		st.timeout = DefaultTimeout
	}
	if st.memory == 0 {
		st.memory = DefaultMemorySize
	}
	if len(st.architectures) == 0 {
		st.architectures = []string{"x86_64"}
	}
	if err := st.validate(); err != nil {
		return nil, err
	}
	if err := in.Code.validate(); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.functions[name] != nil {
		return nil, ErrResourceConflictException.With("Function already exist: %s", name)
	}
	now := s.sched.Now()
	fn := &function{name: name, arn: s.functionARN(name), aliases: make(map[string]*alias)}
	if len(in.Tags) > 0 {
		fn.tags = make(map[string]string, len(in.Tags))
		for k, v := range in.Tags {
			fn.tags[k] = v
		}
	}
	fn.latest = &version{fn: fn, cfg: FunctionConfiguration{FunctionName: name, FunctionArn: fn.arn, Version: latest}}
	s.apply(fn.latest, st, now)
	s.setCode(fn, in.Code)
	s.functions[name] = fn
	if in.Publish {
		s.publish(fn, "")
	}
	out := fn.latest.config()
	out.State, out.StateReasonCode = "Pending", "Creating"
	return &out, nil
}

// apply sets a version's configuration from settings.
func (s *Service) apply(v *version, st settings, now time.Time) {
	c := &v.cfg
	c.Runtime, c.Role, c.Handler, c.Description = st.runtime, st.role, st.handler, st.description
	c.Timeout, c.MemorySize = st.timeout, st.memory
	c.Architectures = slices.Clone(st.architectures)
	c.Environment = copyMap(st.environment)
	c.Layers = slices.Clone(st.layers)
	c.DeadLetterTargetArn = st.deadLetter
	c.LastModified = now.UTC().Format("2006-01-02T15:04:05.000+0000")
	c.RevisionId = s.rng.UUID().String()
	v.generation++
	v.pool = envPool{}
}

// setCode gives $LATEST new code.
func (s *Service) setCode(fn *function, code Code) {
	fn.revision++
	v := fn.latest
	v.code = code
	sum := sha256.Sum256(code.Source)
	if code.Source == nil {
		sum = sha256.Sum256([]byte(fn.arn + "#" + strconv.Itoa(fn.revision)))
	}
	v.cfg.CodeSha256 = base64.StdEncoding.EncodeToString(sum[:])
	v.cfg.CodeSize = int64(len(code.Source))
	v.generation++
	v.pool = envPool{}
}

// validate checks that code has a handler and a duration model that
// cannot run time backwards.
func (c Code) validate() error {
	switch {
	case c.Handler == nil:
		return ErrInvalidParameterValueException.With("Please provide a source for function code.")
	case c.InitDuration < 0:
		return ErrInvalidParameterValueException.With("Code.InitDuration %v is negative.", c.InitDuration)
	}
	return nil
}

// config returns a copy of the version's configuration for output.
func (v *version) config() FunctionConfiguration {
	c := v.cfg
	c.Architectures = slices.Clone(c.Architectures)
	c.Environment = copyMap(c.Environment)
	c.Layers = slices.Clone(c.Layers)
	c.State, c.StateReasonCode, c.LastUpdateStatus = "Active", "Idle", "Successful"
	return c
}

// settings returns the version's configuration as settings, for an update
// to change.
func (v *version) settings() settings {
	c := v.cfg
	return settings{
		runtime: c.Runtime, role: c.Role, handler: c.Handler, description: c.Description,
		timeout: c.Timeout, memory: c.MemorySize, architectures: c.Architectures,
		environment: c.Environment, layers: c.Layers, deadLetter: c.DeadLetterTargetArn,
	}
}

// lookup returns the function named by a FunctionName parameter, and the
// qualifier it names: the one in the name, or the Qualifier parameter
// param, which must agree with it when both are given.
func (s *Service) lookup(ref, param string) (*function, string, error) {
	name, qualifier, err := s.functionName(ref)
	if err != nil {
		return nil, "", err
	}
	fn := s.functions[name]
	if fn == nil {
		return nil, "", ErrResourceNotFoundException.With("Function not found: %s", s.functionARN(name))
	}
	if qualifier, err = qualify(qualifier, param); err != nil {
		return nil, "", err
	}
	return fn, qualifier, nil
}

// qualify merges the qualifier a FunctionName carries with a Qualifier
// parameter: either may be given, or both if they agree.
func qualify(derived, param string) (string, error) {
	switch {
	case param == "":
		return derived, nil
	case derived == "" || derived == param:
		return param, nil
	}
	return "", ErrInvalidParameterValueException.With("The derived qualifier from the function name does not match the specified qualifier.")
}

// resolve returns the version a qualifier names: $LATEST (also for no
// qualifier), a version number, or an alias, with the alias when there is
// one. An alias with a routing configuration is resolved by invoke, not
// here: this returns its primary version.
func (s *Service) resolve(fn *function, qualifier string) (*version, *alias, error) {
	switch {
	case qualifier == "" || qualifier == latest:
		return fn.latest, nil, nil
	case input.IsDigits(qualifier):
		n, err := strconv.Atoi(qualifier)
		if err != nil || strconv.Itoa(n) != qualifier || n < 1 || n > len(fn.published) || fn.published[n-1] == nil {
			return nil, nil, ErrResourceNotFoundException.With("Function not found: %s:%s", fn.arn, qualifier)
		}
		return fn.published[n-1], nil, nil
	}
	a := fn.aliases[qualifier]
	if a == nil {
		return nil, nil, ErrResourceNotFoundException.With("Function not found: %s:%s", fn.arn, qualifier)
	}
	v, _, err := s.resolve(fn, a.version)
	return v, a, err
}

// GetFunctionConfigurationInput is the input of
// [Service.GetFunctionConfiguration] and [Service.GetFunction].
type GetFunctionConfigurationInput struct {
	// FunctionName may carry a qualifier (name:qualifier, or a qualified
	// ARN) instead of Qualifier.
	FunctionName string
	// Qualifier is a version number, $LATEST or an alias.
	Qualifier string
}

// GetFunctionConfigurationOutput is the output of
// [Service.GetFunctionConfiguration]: the version's configuration.
type GetFunctionConfigurationOutput = FunctionConfiguration

// GetFunctionConfiguration returns the configuration of a version of a
// function. Errors: [ErrResourceNotFoundException],
// [ErrValidationException].
func (s *Service) GetFunctionConfiguration(ctx context.Context, in *GetFunctionConfigurationInput) (*GetFunctionConfigurationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, qualifier, err := s.lookup(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	v, _, err := s.resolve(fn, qualifier)
	if err != nil {
		return nil, err
	}
	out := v.config()
	return &out, nil
}

// GetFunctionOutput is the output of [Service.GetFunction].
type GetFunctionOutput struct {
	Configuration FunctionConfiguration
	Tags          map[string]string
	// Concurrency is the function's reserved concurrency, nil without
	// one.
	Concurrency *int
}

// GetFunctionInput is the input of [Service.GetFunction].
type GetFunctionInput struct {
	// FunctionName may carry a qualifier (name:qualifier, or a qualified
	// ARN) instead of Qualifier.
	FunctionName string
	// Qualifier is a version number, $LATEST or an alias.
	Qualifier string
}

// GetFunction returns a version's configuration with the function's tags
// and reserved concurrency. Errors: those of
// [Service.GetFunctionConfiguration].
func (s *Service) GetFunction(ctx context.Context, in *GetFunctionInput) (*GetFunctionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	cfg, err := s.GetFunctionConfiguration(ctx, &GetFunctionConfigurationInput{FunctionName: in.FunctionName, Qualifier: in.Qualifier})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &GetFunctionOutput{Configuration: *cfg}
	if fn := s.functions[cfg.FunctionName]; fn != nil {
		out.Tags = copyMap(fn.tags)
		if fn.hasReserve {
			n := fn.reserved
			out.Concurrency = &n
		}
	}
	return out, nil
}

// ListFunctionsInput is the input of [Service.ListFunctions].
type ListFunctionsInput struct {
	// MaxItems, 1 to 10,000, pages the result; zero means 50.
	MaxItems int
	// Marker continues a paged listing.
	Marker string
}

// ListFunctionsOutput is the output of [Service.ListFunctions].
type ListFunctionsOutput struct {
	Functions  []FunctionConfiguration
	NextMarker string
}

// ListFunctions lists the $LATEST configuration of every function, in name
// order. Errors: [ErrInvalidParameterValueException] for a bad MaxItems or
// Marker.
func (s *Service) ListFunctions(ctx context.Context, in *ListFunctionsInput) (*ListFunctionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	max := in.MaxItems
	if max == 0 {
		max = 50
	}
	if max < 1 || max > 10000 {
		return nil, ErrInvalidParameterValueException.With("1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000", in.MaxItems)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := slices.Sorted(maps.Keys(s.functions))
	start := 0
	if in.Marker != "" {
		after, err := base64.RawURLEncoding.DecodeString(in.Marker)
		if err != nil {
			return nil, ErrInvalidParameterValueException.With("Invalid marker.")
		}
		start, _ = slices.BinarySearch(names, string(after)+"\x00")
	}
	out := &ListFunctionsOutput{}
	for _, name := range names[start:] {
		if len(out.Functions) == max {
			out.NextMarker = base64.RawURLEncoding.EncodeToString([]byte(out.Functions[max-1].FunctionName))
			break
		}
		out.Functions = append(out.Functions, s.functions[name].latest.config())
	}
	return out, nil
}

// UpdateFunctionCodeInput is the input of [Service.UpdateFunctionCode].
type UpdateFunctionCodeInput struct {
	FunctionName string
	Code         Code
	// Publish publishes a version with the new code.
	Publish bool
	// RevisionId, when set, must be $LATEST's current one.
	RevisionId string
}

// UpdateFunctionCodeOutput is the output of [Service.UpdateFunctionCode]:
// $LATEST's configuration with the new code.
type UpdateFunctionCodeOutput = FunctionConfiguration

// UpdateFunctionCode gives $LATEST new code. Warm environments of the old
// code are not reused. Errors: [ErrResourceNotFoundException],
// [ErrInvalidParameterValueException] without a handler,
// [ErrPreconditionFailedException] for a stale RevisionId.
func (s *Service) UpdateFunctionCode(ctx context.Context, in *UpdateFunctionCodeInput) (*UpdateFunctionCodeOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := in.Code.validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, _, err := s.lookup(in.FunctionName, "")
	if err != nil {
		return nil, err
	}
	if in.RevisionId != "" && in.RevisionId != fn.latest.cfg.RevisionId {
		return nil, errRevision()
	}
	now := s.sched.Now()
	s.setCode(fn, in.Code)
	fn.latest.cfg.LastModified = now.UTC().Format("2006-01-02T15:04:05.000+0000")
	fn.latest.cfg.RevisionId = s.rng.UUID().String()
	if in.Publish {
		s.publish(fn, "")
	}
	out := fn.latest.config()
	out.LastUpdateStatus = "InProgress"
	return &out, nil
}

func errRevision() error {
	return ErrPreconditionFailedException.With("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
}

// UpdateFunctionConfigurationInput is the input of
// [Service.UpdateFunctionConfiguration]. A zero or nil field leaves the
// setting as it is; its fields mean what those of [CreateFunctionInput]
// mean.
type UpdateFunctionConfigurationInput struct {
	FunctionName        string
	Role                string
	Runtime             string
	Handler             *string
	Description         *string
	Timeout             time.Duration
	MemorySize          int
	Environment         map[string]string // nil leaves it; empty clears it
	Layers              []string
	DeadLetterTargetArn *string
	RevisionId          string
}

// UpdateFunctionConfigurationOutput is the output of
// [Service.UpdateFunctionConfiguration]: $LATEST's configuration as
// changed.
type UpdateFunctionConfigurationOutput = FunctionConfiguration

// UpdateFunctionConfiguration changes $LATEST's settings. Warm
// environments of the old configuration are not reused. Errors: those of
// [Service.CreateFunction] for the settings, [ErrResourceNotFoundException],
// [ErrPreconditionFailedException].
func (s *Service) UpdateFunctionConfiguration(ctx context.Context, in *UpdateFunctionConfigurationInput) (*UpdateFunctionConfigurationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, _, err := s.lookup(in.FunctionName, "")
	if err != nil {
		return nil, err
	}
	if in.RevisionId != "" && in.RevisionId != fn.latest.cfg.RevisionId {
		return nil, errRevision()
	}
	st := fn.latest.settings()
	if in.Role != "" {
		st.role = in.Role
	}
	if in.Runtime != "" {
		st.runtime = in.Runtime
	}
	if in.Handler != nil {
		st.handler = *in.Handler
	}
	if in.Description != nil {
		st.description = *in.Description
	}
	if in.Timeout != 0 {
		st.timeout = in.Timeout
	}
	if in.MemorySize != 0 {
		st.memory = in.MemorySize
	}
	if in.Environment != nil {
		st.environment = in.Environment
	}
	if in.Layers != nil {
		st.layers = in.Layers
	}
	if in.DeadLetterTargetArn != nil {
		st.deadLetter = *in.DeadLetterTargetArn
	}
	if err := st.validate(); err != nil {
		return nil, err
	}
	s.apply(fn.latest, st, s.sched.Now())
	out := fn.latest.config()
	out.LastUpdateStatus = "InProgress"
	return &out, nil
}

// DeleteFunctionInput is the input of [Service.DeleteFunction].
type DeleteFunctionInput struct {
	FunctionName string
	// Qualifier deletes one published version; without it the whole
	// function goes, with every version and alias.
	Qualifier string
}

// DeleteFunctionOutput is the output of [Service.DeleteFunction].
type DeleteFunctionOutput struct{}

// DeleteFunction deletes a function or one of its published versions.
// Errors: [ErrResourceNotFoundException], [ErrInvalidParameterValueException]
// for $LATEST alone, [ErrResourceConflictException] for a version an alias
// points to.
func (s *Service) DeleteFunction(ctx context.Context, in *DeleteFunctionInput) (*DeleteFunctionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fn, qualifier, err := s.lookup(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	switch {
	case qualifier == "":
		if fn.hasReserve {
			s.reservedTotal -= fn.reserved
			// Its running invocations use unreserved concurrency until
			// they end, as those of any function without a reservation.
			s.busyReserved -= fn.busy
		}
		fn.deleted = true
		delete(s.functions, fn.name)
		return &DeleteFunctionOutput{}, nil
	case qualifier == latest:
		return nil, ErrInvalidParameterValueException.With("$LATEST version cannot be deleted without deleting the function.")
	}
	v, a, err := s.resolve(fn, qualifier)
	if err != nil || a != nil {
		return nil, ErrResourceNotFoundException.With("Function not found: %s:%s", fn.arn, qualifier)
	}
	for _, name := range slices.Sorted(maps.Keys(fn.aliases)) {
		if al := fn.aliases[name]; al.version == v.cfg.Version || al.weights[v.cfg.Version] > 0 {
			return nil, ErrResourceConflictException.With("Unable to delete version because the following aliases reference it: [%s]", name)
		}
	}
	n, _ := strconv.Atoi(v.cfg.Version)
	fn.published[n-1] = nil
	return &DeleteFunctionOutput{}, nil
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
