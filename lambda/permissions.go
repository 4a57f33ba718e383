package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/input"
	"github.com/awssim/awssim/internal/policy"
	"github.com/awssim/awssim/internal/service"
)

// Resource policies. A function, each of its published versions and each
// of its aliases has a resource policy of its own, made of the statements
// AddPermission adds: the function's (its unqualified ARN, also invoked as
// $LATEST) governs invocations that name no version or alias, a version's
// or an alias's those that name it. Each statement is kept as the JSON
// Lambda writes, and the policy is parsed and evaluated with
// internal/policy. The policy shares its revision ID with its version or
// alias: every change of the policy gives it a new one.

// MaxPolicySize is the most bytes a function's, version's or alias's
// resource policy document has (Lambda quotas: 20 KB).
const MaxPolicySize = 20 * 1024

// policyID is the Id of every policy document Lambda writes.
const policyID = "default"

// ActionInvokeFunction is the action a service needs in a function's
// resource policy to invoke it.
const ActionInvokeFunction = "lambda:InvokeFunction"

var (
	// The API model's patterns of AddPermission's and RemovePermission's
	// parameters, whole.
	statementIDPattern      = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
	removeIDPattern         = regexp.MustCompile(`^[a-zA-Z0-9-_.]+$`)
	actionPattern           = regexp.MustCompile(`^(lambda:[*]|lambda:[a-zA-Z]+|[*])$`)
	orgIDPattern            = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	eventSourceTokenPattern = regexp.MustCompile(`^[a-zA-Z0-9._\-]+$`)
)

// resourcePolicy is the resource policy of a function, a version or an
// alias: its statements in the order they were added, and the document
// they make, parsed.
type resourcePolicy struct {
	sids       []string
	statements []string // the JSON of each, as AddPermission returned it
	parsed     *policy.Policy
}

// document is the policy as GetPolicy returns it.
func (p *resourcePolicy) document() string {
	return `{"Version":"` + policy.Version2012 + `","Id":"` + policyID + `","Statement":[` + strings.Join(p.statements, ",") + `]}`
}

// AddPermissionInput is the input of [Service.AddPermission].
type AddPermissionInput struct {
	// FunctionName names the function; it may carry a version or an alias
	// (name:qualifier, or a qualified ARN) instead of Qualifier. Required.
	FunctionName string
	// StatementId is the statement's Sid: 1 to 100 letters, digits,
	// hyphens and underscores, unique in the policy. Required.
	StatementId string
	// Action is what the principal may do: lambda:InvokeFunction,
	// another lambda: action, lambda:* or *. Required.
	Action string
	// Principal is who may: a service principal (sns.amazonaws.com), a
	// 12-digit account ID, an IAM user or role ARN, or * for everyone.
	// Required.
	Principal string
	// SourceArn, when set, allows only deliveries on behalf of this
	// resource (the condition ArnLike aws:SourceArn): an SNS topic, a
	// target group. It may hold the wildcards * and ?.
	SourceArn string
	// SourceAccount, when set, allows only deliveries on behalf of
	// resources of this 12-digit account (StringEquals
	// aws:SourceAccount).
	SourceAccount string
	// PrincipalOrgID, when set, allows only principals of this AWS
	// Organizations organization (o-…); no principal of the simulator
	// belongs to one.
	PrincipalOrgID string
	// EventSourceToken is the token an Alexa Smart Home invoker supplies
	// (StringEquals lambda:EventSourceToken).
	EventSourceToken string
	// FunctionUrlAuthType, NONE or AWS_IAM, limits the statement to
	// function URL invocations of that auth type (StringEquals
	// lambda:FunctionUrlAuthType).
	FunctionUrlAuthType string
	// Qualifier is the published version or the alias whose policy gets
	// the statement; empty for the function's own. $LATEST has no policy
	// of its own.
	Qualifier string
	// RevisionId, when set, must be the current revision ID of the
	// function's $LATEST, the version or the alias.
	RevisionId string
}

// AddPermissionOutput is the output of [Service.AddPermission].
type AddPermissionOutput struct {
	// Statement is the statement added, as JSON in the form Lambda
	// writes: {"Sid":…,"Effect":"Allow","Principal":…,"Action":…,
	// "Resource":…,"Condition":…}.
	Statement string
}

// AddPermission adds a statement to the resource policy of a function, a
// version or an alias, allowing a principal an action on it, as
// `aws lambda add-permission` does. A service principal names the service
// (sns.amazonaws.com, elasticloadbalancing.amazonaws.com), and SourceArn
// and SourceAccount limit it to deliveries on a resource's behalf. The
// policy is enforced only in an account with
// [cloud.WithPolicyEnforcement]; see the package documentation,
// Permissions.
//
// Errors: [ErrValidationException] for a missing parameter or one that
// fails the API model's pattern, [ErrInvalidParameterValueException] for
// a principal that is none of the forms above or for $LATEST,
// [ErrResourceNotFoundException] for a function, version or alias that
// does not exist, [ErrResourceConflictException] for a StatementId the
// policy has, [ErrPreconditionFailedException] for a stale RevisionId and
// [ErrPolicyLengthExceededException] when the policy would be over
// [MaxPolicySize].
func (s *Service) AddPermission(ctx context.Context, in *AddPermissionInput) (*AddPermissionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	principal, err := principalJSON(in.Principal)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, err := s.policyOf(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	if at.qualifier == latest {
		return nil, ErrInvalidParameterValueException.With("We currently do not support adding policies for $LATEST.")
	}
	if in.RevisionId != "" && in.RevisionId != *at.revision {
		return nil, errRevision()
	}
	old := *at.policy
	if old == nil {
		old = &resourcePolicy{}
	}
	if slices.Contains(old.sids, in.StatementId) {
		return nil, ErrResourceConflictException.With("The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", in.StatementId)
	}
	stmt := in.statement(principal, at.resource)
	p := &resourcePolicy{sids: append(slices.Clip(old.sids), in.StatementId), statements: append(slices.Clip(old.statements), stmt)}
	doc := p.document()
	if len(doc) > MaxPolicySize {
		return nil, ErrPolicyLengthExceededException.With("The final policy size (%d) is bigger than the limit (%d).", len(doc), MaxPolicySize)
	}
	if p.parsed, err = policy.Parse(doc); err != nil {
		return nil, errPrincipal() // an ARN that is no IAM principal
	}
	*at.policy = p
	*at.revision = s.rng.UUID().String()
	return &AddPermissionOutput{Statement: stmt}, nil
}

// validate checks the input against the API model's constraints.
func (in *AddPermissionInput) validate() error {
	for _, r := range []struct{ name, value string }{{"statementId", in.StatementId}, {"action", in.Action}, {"principal", in.Principal}} {
		if r.value == "" {
			return ErrValidationException.With("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", r.name)
		}
	}
	switch {
	case len(in.StatementId) > 100 || !statementIDPattern.MatchString(in.StatementId):
		return patternError(in.StatementId, "statementId", "([a-zA-Z0-9-_]+) and have length less than or equal to 100")
	case !actionPattern.MatchString(in.Action):
		return patternError(in.Action, "action", "(lambda:[*]|lambda:[a-zA-Z]+|[*])")
	case strings.ContainsAny(in.Principal, " \t\n\v\f\r"):
		return patternError(in.Principal, "principal", `[^\s]+`)
	case in.SourceArn != "" && !isSourceARN(in.SourceArn):
		return patternError(in.SourceArn, "sourceArn", arn.SourceARNPattern)
	case in.SourceAccount != "" && (len(in.SourceAccount) != 12 || !input.IsDigits(in.SourceAccount)):
		return patternError(in.SourceAccount, "sourceAccount", `\d{12}`)
	case in.PrincipalOrgID != "" && !orgIDPattern.MatchString(in.PrincipalOrgID):
		return patternError(in.PrincipalOrgID, "principalOrgID", "o-[a-z0-9]{10,32}")
	case in.EventSourceToken != "" && (len(in.EventSourceToken) > 256 || !eventSourceTokenPattern.MatchString(in.EventSourceToken)):
		return patternError(in.EventSourceToken, "eventSourceToken", `[a-zA-Z0-9._\-]+ and have length less than or equal to 256`)
	case in.FunctionUrlAuthType != "" && in.FunctionUrlAuthType != "NONE" && in.FunctionUrlAuthType != "AWS_IAM":
		return ErrValidationException.With("1 validation error detected: Value '%s' at 'functionUrlAuthType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]", in.FunctionUrlAuthType)
	}
	return nil
}

// patternError is the ValidationException of a parameter that fails the
// API model's constraint.
func patternError(value, name, constraint string) error {
	return ErrValidationException.With("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", value, name, constraint)
}

// errPrincipal is Lambda's answer to a Principal it cannot read.
func errPrincipal() error {
	return ErrInvalidParameterValueException.With("The provided principal was invalid. Please check the principal and try again.")
}

// principalJSON is the Principal element Lambda writes for an
// AddPermission principal: "*"; {"AWS": the account's root ARN} for an
// account ID; {"AWS": the ARN} for an IAM ARN; {"Service": it} for a
// service principal, a dotted name.
func principalJSON(p string) (any, error) {
	switch {
	case p == "*":
		return p, nil
	case len(p) == 12 && input.IsDigits(p):
		return map[string]string{"AWS": arn.ARN{Service: "iam", AccountID: p, Resource: "root"}.String()}, nil
	case isARN(p):
		return map[string]string{"AWS": p}, nil
	case strings.Contains(p, ".") && !strings.ContainsAny(p, "*?:/"):
		return map[string]string{"Service": p}, nil
	}
	return nil, errPrincipal()
}

// isARN reports whether s is an ARN, of any service.
func isARN(s string) bool {
	_, err := arn.Parse(s)
	return err == nil
}

// isSourceARN reports whether s is a permission's SourceArn.
func isSourceARN(s string) bool {
	_, err := arn.ParseSourceARN(s)
	return err == nil
}

// statement writes the statement AddPermission adds, in Lambda's order
// of elements and with its condition keys.
func (in *AddPermissionInput) statement(principal any, resource string) string {
	equals := map[string]string{}
	for k, v := range map[string]string{
		"AWS:SourceAccount": in.SourceAccount, "aws:PrincipalOrgID": in.PrincipalOrgID,
		"lambda:EventSourceToken": in.EventSourceToken, "lambda:FunctionUrlAuthType": in.FunctionUrlAuthType,
	} {
		if v != "" {
			equals[k] = v
		}
	}
	type condition struct {
		StringEquals map[string]string `json:",omitempty"`
		ArnLike      map[string]string `json:",omitempty"`
	}
	var cond *condition
	if len(equals) > 0 || in.SourceArn != "" {
		cond = &condition{}
		if len(equals) > 0 {
			cond.StringEquals = equals
		}
		if in.SourceArn != "" {
			cond.ArnLike = map[string]string{"AWS:SourceArn": in.SourceArn}
		}
	}
	return marshal(struct {
		Sid       string
		Effect    string
		Principal any
		Action    string
		Resource  string
		Condition *condition `json:",omitempty"`
	}{in.StatementId, policy.Allow, principal, in.Action, resource, cond})
}

// marshal writes v as compact JSON without HTML escapes, as AWS writes
// ARNs and conditions.
func marshal(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("lambda: a statement does not encode: " + err.Error())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// policyRef is where the resource policy of a function, a version or an
// alias lives.
type policyRef struct {
	policy    **resourcePolicy
	revision  *string // of the version or alias, which the policy shares
	resource  string  // the ARN its statements name as their Resource
	qualifier string  // as the request named it
}

// policyOf finds the resource policy of the function, version or alias
// that a FunctionName parameter and a Qualifier name: that of the function
// for no qualifier or $LATEST. The caller holds s.mu.
func (s *Service) policyOf(ref, qualifier string) (policyRef, error) {
	fn, qualifier, err := s.lookup(ref, qualifier)
	if err != nil {
		return policyRef{}, err
	}
	v, a, err := s.resolve(fn, qualifier)
	switch {
	case err != nil:
		return policyRef{}, err
	case a != nil:
		return policyRef{&a.policy, &a.revisionID, fn.arn + ":" + a.name, qualifier}, nil
	case v == fn.latest:
		return policyRef{&v.policy, &v.cfg.RevisionId, fn.arn, qualifier}, nil
	}
	return policyRef{&v.policy, &v.cfg.RevisionId, fn.arn + ":" + v.cfg.Version, qualifier}, nil
}

// RemovePermissionInput is the input of [Service.RemovePermission].
type RemovePermissionInput struct {
	// FunctionName names the function; it may carry a version or an alias
	// instead of Qualifier. Required.
	FunctionName string
	// StatementId is the Sid of the statement to remove. Required.
	StatementId string
	// Qualifier is the published version or the alias whose policy has
	// the statement; empty for the function's own.
	Qualifier string
	// RevisionId, when set, must be the current revision ID of the
	// function's $LATEST, the version or the alias.
	RevisionId string
}

// RemovePermissionOutput is the output of [Service.RemovePermission].
type RemovePermissionOutput struct{}

// RemovePermission removes a statement from the resource policy of a
// function, a version or an alias; the policy goes with its last
// statement.
//
// Errors: [ErrValidationException] for a missing or malformed
// StatementId, [ErrResourceNotFoundException] for a function, version,
// alias or statement that does not exist, [ErrPreconditionFailedException]
// for a stale RevisionId.
func (s *Service) RemovePermission(ctx context.Context, in *RemovePermissionInput) (*RemovePermissionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	switch {
	case in.StatementId == "":
		return nil, ErrValidationException.With("1 validation error detected: Value null at 'statementId' failed to satisfy constraint: Member must not be null")
	case len(in.StatementId) > 100 || !removeIDPattern.MatchString(in.StatementId):
		return nil, patternError(in.StatementId, "statementId", "([a-zA-Z0-9-_.]+) and have length less than or equal to 100")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, err := s.policyOf(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	old := *at.policy
	i := -1
	if old != nil {
		i = slices.Index(old.sids, in.StatementId)
	}
	if i < 0 {
		return nil, ErrResourceNotFoundException.With("Statement %s is not found in resource policy.", in.StatementId)
	}
	if in.RevisionId != "" && in.RevisionId != *at.revision {
		return nil, errRevision()
	}
	if len(old.sids) == 1 {
		*at.policy = nil
	} else {
		p := &resourcePolicy{sids: slices.Delete(slices.Clone(old.sids), i, i+1), statements: slices.Delete(slices.Clone(old.statements), i, i+1)}
		if p.parsed, err = policy.Parse(p.document()); err != nil {
			panic("lambda: a policy without one of its statements does not parse: " + err.Error())
		}
		*at.policy = p
	}
	*at.revision = s.rng.UUID().String()
	return &RemovePermissionOutput{}, nil
}

// GetPolicyInput is the input of [Service.GetPolicy].
type GetPolicyInput struct {
	// FunctionName names the function; it may carry a version or an alias
	// instead of Qualifier. Required.
	FunctionName string
	// Qualifier is the published version or the alias whose policy to
	// return; empty (or $LATEST) for the function's own.
	Qualifier string
}

// GetPolicyOutput is the output of [Service.GetPolicy].
type GetPolicyOutput struct {
	// Policy is the policy document, JSON:
	// {"Version":"2012-10-17","Id":"default","Statement":[…]}, each
	// statement as AddPermission returned it.
	Policy string
	// RevisionId is the revision ID of the function's $LATEST, the
	// version or the alias, which every change of the policy renews.
	RevisionId string
}

// GetPolicy returns the resource policy of a function, a version or an
// alias.
//
// Errors: [ErrResourceNotFoundException] for a function, version or alias
// that does not exist, or one without a policy.
func (s *Service) GetPolicy(ctx context.Context, in *GetPolicyInput) (*GetPolicyOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, err := s.policyOf(in.FunctionName, in.Qualifier)
	if err != nil {
		return nil, err
	}
	if *at.policy == nil {
		return nil, ErrResourceNotFoundException.With("The resource you requested does not exist.")
	}
	return &GetPolicyOutput{Policy: (*at.policy).document(), RevisionId: *at.revision}, nil
}

// CheckInvokePermission reports whether sender, a service that invokes a
// function on a resource's behalf, may invoke the function, version or
// alias that function names (a name or an ARN, qualified or not), as
// Lambda decides where AWS checks: the resource policy of what function
// names must allow sender's service principal lambda:InvokeFunction
// with sender's aws:SourceArn and aws:SourceAccount, and none of its
// statements deny it. The service calls it for every delivery another
// service of its account makes to a function (an SNS subscription), and
// a load balancer calls it when a Lambda function is registered as a
// target.
//
// It returns nil when the policy does not decide the delivery
// ([cloud.Account.ChecksPolicy]: sender is the zero Sender, the account
// itself, or it is a service of the same account and the account does not
// enforce resource policies, [cloud.WithPolicyEnforcement]); else
// [ErrAccessDeniedException] when the policy does not allow sender, and
// the errors of [Service.Invoke] for a function, version or alias that
// does not exist. A delivery on behalf of another account is always
// decided by the policy, as AWS lets no other account in without one.
func (s *Service) CheckInvokePermission(function string, sender cloud.Sender) error {
	if !s.account.ChecksPolicy(sender) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, err := s.policyOf(function, "")
	if err != nil {
		return err
	}
	resource := at.resource
	d := policy.ImplicitDeny
	if p := *at.policy; p != nil {
		d = p.parsed.Evaluate(policy.ServiceRequest(sender.Service, sender.SourceARN, ActionInvokeFunction, resource))
	}
	switch d {
	case policy.Allowed:
		return nil
	case policy.Denied:
		return ErrAccessDeniedException.With("%s is not authorized to perform: %s on resource: %s with an explicit deny in a resource-based policy", sender.Service, ActionInvokeFunction, resource)
	}
	return ErrAccessDeniedException.With("%s is not authorized to perform: %s on resource: %s because no resource-based policy allows the %s action", sender.Service, ActionInvokeFunction, resource, ActionInvokeFunction)
}

// Authorize decides whether the caller of another account, account (a
// 12-digit ID), may do action ("lambda:InvokeFunction",
// "lambda:GetFunction" …) on the function, version or alias that
// function and qualifier name, as Lambda decides a request signed by
// another account's key: the resource policy of what they name must
// allow the account (by its ID, its root ARN or *) and none of its
// statements deny it. It returns nil when allowed, else
// [ErrAccessDeniedException], or the errors of [Service.GetPolicy] for a
// function, version or alias that does not exist.
//
// It is not an AWS operation: the server calls it for a request whose
// key is of another account than the function (server.WithCredentials).
// Requests of the function's own account are the account's IAM's to
// decide, which the simulator does not model, so they are not checked.
func (s *Service) Authorize(function, qualifier, action, account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, err := s.policyOf(function, qualifier)
	if err != nil {
		return err
	}
	d := policy.ImplicitDeny
	if p := *at.policy; p != nil {
		d = p.parsed.Evaluate(policy.Request{Account: account, Action: action, Resource: at.resource, Context: map[string]string{"aws:PrincipalAccount": account}})
	}
	user := arn.Root{AccountID: account}.String()
	switch d {
	case policy.Allowed:
		return nil
	case policy.Denied:
		return ErrAccessDeniedException.With("User: %s is not authorized to perform: %s on resource: %s with an explicit deny in a resource-based policy", user, action, at.resource)
	}
	return ErrAccessDeniedException.With("User: %s is not authorized to perform: %s on resource: %s because no resource-based policy allows the %s action", user, action, at.resource, action)
}
