package lambda_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// Scenario tests of resource policies (AWS Lambda API Reference:
// AddPermission, RemovePermission, GetPolicy; Developer Guide: "Viewing
// resource-based IAM policies in Lambda", "Using Lambda aliases in event
// sources and permissions policies") and of their enforcement.

const (
	permFn    = "arn:aws:lambda:us-east-1:000000000000:function:f"
	permTopic = "arn:aws:sns:us-east-1:000000000000:orders"
)

var permSNS = cloud.Sender{Service: "sns.amazonaws.com", SourceARN: permTopic}

// permSetup returns a service with function f, version 1 and alias live,
// in an account that enforces policies when enforce is set, and a
// counter of f's invocations.
func permSetup(t testing.TB, enforce bool) (*lambda.Service, *sim.Clock, *invCounter) {
	t.Helper()
	clk := sim.NewClock(invStart)
	opts := []cloud.Option{cloud.WithClock(clk)}
	if enforce {
		opts = append(opts, cloud.WithPolicyEnforcement())
	}
	svc := lambda.New(lambda.WithAccount(cloud.New(opts...)))
	c := &invCounter{}
	invCreate(t, svc, lambda.CreateFunctionInput{FunctionName: "f", Publish: true, Code: lambda.Code{Handler: c.handler}})
	_, err := svc.CreateAlias(context.Background(), &lambda.CreateAliasInput{FunctionName: "f", Name: "live", FunctionVersion: "1"})
	require.NoError(t, err)
	return svc, clk, c
}

// permAdd adds a permission and requires success.
func permAdd(t testing.TB, svc *lambda.Service, in lambda.AddPermissionInput) string {
	t.Helper()
	if in.FunctionName == "" {
		in.FunctionName = "f"
	}
	out, err := svc.AddPermission(context.Background(), &in)
	require.NoError(t, err)
	return out.Statement
}

// permPolicy returns the policy of f with qualifier, or the error.
func permPolicy(svc *lambda.Service, qualifier string) (*lambda.GetPolicyOutput, error) {
	return svc.GetPolicy(context.Background(), &lambda.GetPolicyInput{FunctionName: "f", Qualifier: qualifier})
}

// permSNSStatement is the statement for the topic to invoke f.
func permSNSStatement(sid string) lambda.AddPermissionInput {
	return lambda.AddPermissionInput{StatementId: sid, Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", SourceArn: permTopic}
}

// AddPermission returns the statement, and GetPolicy the document, as
// Lambda writes them; the policy's revision ID is the function's, which
// each change renews.
func TestAddPermissionWritesTheStatementAsLambdaDoes(t *testing.T) {
	svc, _, _ := permSetup(t, false)
	ctx := context.Background()
	before, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "f"})
	require.NoError(t, err)

	sns := permAdd(t, svc, permSNSStatement("sns"))
	assert.Equal(t, `{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction",`+
		`"Resource":"`+permFn+`","Condition":{"ArnLike":{"AWS:SourceArn":"`+permTopic+`"}}}`, sns)
	acct := permAdd(t, svc, lambda.AddPermissionInput{StatementId: "acct", Action: "lambda:GetFunction", Principal: "123456789012", SourceAccount: "000000000000"})
	assert.Equal(t, `{"Sid":"acct","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:GetFunction",`+
		`"Resource":"`+permFn+`","Condition":{"StringEquals":{"AWS:SourceAccount":"000000000000"}}}`, acct)
	org := permAdd(t, svc, lambda.AddPermissionInput{StatementId: "org", Action: "lambda:*", Principal: "*", PrincipalOrgID: "o-abcdefghij"})
	assert.Equal(t, `{"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"`+permFn+`",`+
		`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}`, org)

	got, err := permPolicy(svc, "")
	require.NoError(t, err)
	assert.Equal(t, `{"Version":"2012-10-17","Id":"default","Statement":[`+sns+","+acct+","+org+`]}`, got.Policy)
	after, err := svc.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: "f"})
	require.NoError(t, err)
	assert.Equal(t, after.RevisionId, got.RevisionId)
	assert.NotEqual(t, before.RevisionId, got.RevisionId)
}

// A function, each version and each alias has a policy of its own, in
// which a statement ID is unique; $LATEST has none but the function's.
func TestPermissionsArePerQualifier(t *testing.T) {
	svc, _, _ := permSetup(t, false)
	for _, q := range []string{"", "1", "live"} {
		in := permSNSStatement("sns")
		in.Qualifier = q
		stmt := permAdd(t, svc, in)
		resource := permFn
		if q != "" {
			resource += ":" + q
		}
		assert.Contains(t, stmt, `"Resource":"`+resource+`"`)
	}
	_, err := svc.AddPermission(context.Background(), &lambda.AddPermissionInput{FunctionName: "f:live", StatementId: "sns", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com"})
	require.ErrorIs(t, err, lambda.ErrResourceConflictException)
	assert.EqualError(t, err, "ResourceConflictException: The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.")

	_, err = svc.AddPermission(context.Background(), &lambda.AddPermissionInput{FunctionName: "f", Qualifier: "$LATEST", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "*"})
	require.ErrorIs(t, err, lambda.ErrInvalidParameterValueException)
	assert.EqualError(t, err, "InvalidParameterValueException: We currently do not support adding policies for $LATEST.")
	latest, err := permPolicy(svc, "$LATEST")
	require.NoError(t, err)
	function, err := permPolicy(svc, "")
	require.NoError(t, err)
	assert.Equal(t, function, latest, "$LATEST reads the function's policy")

	alias, err := svc.GetAlias(context.Background(), &lambda.GetAliasInput{FunctionName: "f", Name: "live"})
	require.NoError(t, err)
	got, err := permPolicy(svc, "live")
	require.NoError(t, err)
	assert.Equal(t, alias.RevisionId, got.RevisionId, "an alias's policy shares its revision ID")
}

// RemovePermission removes one statement; the policy goes with its last,
// and GetPolicy then finds none.
func TestRemovePermissionRemovesTheStatement(t *testing.T) {
	svc, _, _ := permSetup(t, false)
	ctx := context.Background()
	_, err := permPolicy(svc, "")
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.EqualError(t, err, "ResourceNotFoundException: The resource you requested does not exist.")

	a := permAdd(t, svc, permSNSStatement("a"))
	permAdd(t, svc, permSNSStatement("b"))
	_, err = svc.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: "f", StatementId: "b"})
	require.NoError(t, err)
	got, err := permPolicy(svc, "")
	require.NoError(t, err)
	assert.Equal(t, `{"Version":"2012-10-17","Id":"default","Statement":[`+a+`]}`, got.Policy)

	_, err = svc.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: "f", StatementId: "b"})
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
	assert.EqualError(t, err, "ResourceNotFoundException: Statement b is not found in resource policy.")

	_, err = svc.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: "f", StatementId: "a", RevisionId: got.RevisionId})
	require.NoError(t, err)
	_, err = permPolicy(svc, "")
	require.ErrorIs(t, err, lambda.ErrResourceNotFoundException)
}

// A RevisionId that is not the current one is refused, and the policy is
// left as it was.
func TestPermissionRevisionIdPrecondition(t *testing.T) {
	svc, _, _ := permSetup(t, false)
	ctx := context.Background()
	permAdd(t, svc, permSNSStatement("a"))
	old, err := permPolicy(svc, "")
	require.NoError(t, err)
	in := permSNSStatement("b")
	in.RevisionId = old.RevisionId
	permAdd(t, svc, in)

	in = permSNSStatement("c")
	in.FunctionName, in.RevisionId = "f", old.RevisionId
	_, err = svc.AddPermission(ctx, &in)
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	_, err = svc.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: "f", StatementId: "a", RevisionId: old.RevisionId})
	require.ErrorIs(t, err, lambda.ErrPreconditionFailedException)
	got, err := permPolicy(svc, "")
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(got.Policy, `"Sid"`))
}

// A policy is at most 20 KB: the statement that would take it over is
// refused with PolicyLengthExceededException, and the policy is left as
// it was.
func TestPolicyLengthExceededAt20KB(t *testing.T) {
	svc, _, _ := permSetup(t, false)
	var last *lambda.GetPolicyOutput
	var stmt string
	for i := 0; ; i++ {
		in := permSNSStatement(fmt.Sprintf("s%03d", i))
		in.FunctionName = "f"
		out, err := svc.AddPermission(context.Background(), &in)
		if err != nil {
			require.ErrorIs(t, err, lambda.ErrPolicyLengthExceededException)
			assert.EqualError(t, err, fmt.Sprintf("PolicyLengthExceededException: The final policy size (%d) is bigger than the limit (20480).", len(last.Policy)+1+len(stmt)))
			break
		}
		stmt = out.Statement
		last, err = permPolicy(svc, "")
		require.NoError(t, err)
		require.LessOrEqual(t, len(last.Policy), lambda.MaxPolicySize)
	}
	got, err := permPolicy(svc, "")
	require.NoError(t, err)
	assert.Equal(t, last, got)
}

// AddPermission and RemovePermission check their parameters as the API
// model constrains them; a refused call changes no policy.
func TestAddPermissionValidation(t *testing.T) {
	ok := permSNSStatement("ok")
	cases := []struct {
		name string
		mod  func(*lambda.AddPermissionInput)
		want error
	}{
		{"valid", func(*lambda.AddPermissionInput) {}, nil},
		{"no statement id", func(in *lambda.AddPermissionInput) { in.StatementId = "" }, lambda.ErrValidationException},
		{"statement id 100", func(in *lambda.AddPermissionInput) { in.StatementId = strings.Repeat("s", 100) }, nil},
		{"statement id 101", func(in *lambda.AddPermissionInput) { in.StatementId = strings.Repeat("s", 101) }, lambda.ErrValidationException},
		{"statement id with a dot", func(in *lambda.AddPermissionInput) { in.StatementId = "a.b" }, lambda.ErrValidationException},
		{"no action", func(in *lambda.AddPermissionInput) { in.Action = "" }, lambda.ErrValidationException},
		{"action of another service", func(in *lambda.AddPermissionInput) { in.Action = "sqs:SendMessage" }, lambda.ErrValidationException},
		{"action *", func(in *lambda.AddPermissionInput) { in.Action = "*" }, nil},
		{"no principal", func(in *lambda.AddPermissionInput) { in.Principal = "" }, lambda.ErrValidationException},
		{"principal with a space", func(in *lambda.AddPermissionInput) { in.Principal = "sns amazonaws.com" }, lambda.ErrValidationException},
		{"principal a word", func(in *lambda.AddPermissionInput) { in.Principal = "sns" }, lambda.ErrInvalidParameterValueException},
		{"principal an 11-digit account", func(in *lambda.AddPermissionInput) { in.Principal = "12345678901" }, lambda.ErrInvalidParameterValueException},
		{"principal a role", func(in *lambda.AddPermissionInput) { in.Principal = "arn:aws:iam::123456789012:role/r" }, nil},
		{"principal an S3 ARN", func(in *lambda.AddPermissionInput) { in.Principal = "arn:aws:s3:::bucket" }, lambda.ErrInvalidParameterValueException},
		{"source arn not an ARN", func(in *lambda.AddPermissionInput) { in.SourceArn = "orders" }, lambda.ErrValidationException},
		{"source arn with wildcard", func(in *lambda.AddPermissionInput) { in.SourceArn = "arn:aws:sns:us-east-1:000000000000:*" }, nil},
		{"source account 11 digits", func(in *lambda.AddPermissionInput) { in.SourceAccount = "12345678901" }, lambda.ErrValidationException},
		{"org id malformed", func(in *lambda.AddPermissionInput) { in.PrincipalOrgID = "o-short" }, lambda.ErrValidationException},
		{"url auth type unknown", func(in *lambda.AddPermissionInput) { in.FunctionUrlAuthType = "BASIC" }, lambda.ErrValidationException},
		{"no such function", func(in *lambda.AddPermissionInput) { in.FunctionName = "g" }, lambda.ErrResourceNotFoundException},
		{"no such alias", func(in *lambda.AddPermissionInput) { in.Qualifier = "dark" }, lambda.ErrResourceNotFoundException},
		{"no such version", func(in *lambda.AddPermissionInput) { in.Qualifier = "7" }, lambda.ErrResourceNotFoundException},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc, _, _ := permSetup(t, false)
			in := ok
			in.FunctionName = "f"
			c.mod(&in)
			_, err := svc.AddPermission(context.Background(), &in)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			for _, q := range []string{"", "1", "live"} {
				_, err := permPolicy(svc, q)
				require.ErrorIs(t, err, lambda.ErrResourceNotFoundException, "no policy was made")
			}
		})
	}
	svc, _, _ := permSetup(t, false)
	_, err := svc.RemovePermission(context.Background(), &lambda.RemovePermissionInput{FunctionName: "f"})
	require.ErrorIs(t, err, lambda.ErrValidationException)
}

// permDeliver delivers a message to target through the account, as SNS
// does for permTopic.
func permDeliver(svc *lambda.Service, target string, sender cloud.Sender) error {
	return svc.Account().Deliver(context.Background(), target, cloud.Message{Body: `{}`, Sender: sender})
}

// With policy enforcement, a delivery by a service to a function whose
// policy does not allow it is refused with AccessDeniedException, and the
// function does not run; one that the policy allows runs.
func TestEnforcedPolicyDecidesAServiceDelivery(t *testing.T) {
	cases := []struct {
		name   string
		grant  *lambda.AddPermissionInput // on f, nil for no policy
		target string
		sender cloud.Sender
		allow  bool
	}{
		{"no policy", nil, permFn, permSNS, false},
		{"allowed topic", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", SourceArn: permTopic}, permFn, permSNS, true},
		{"another topic", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", SourceArn: permTopic + "-other"}, permFn, permSNS, false},
		{"topics by wildcard", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", SourceArn: "arn:aws:sns:us-east-1:000000000000:ord*"}, permFn, permSNS, true},
		{"another service", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com"}, permFn, permSNS, false},
		{"another action", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:GetFunction", Principal: "sns.amazonaws.com"}, permFn, permSNS, false},
		{"source account", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:*", Principal: "sns.amazonaws.com", SourceAccount: "000000000000"}, permFn, permSNS, true},
		{"another source account", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:*", Principal: "sns.amazonaws.com", SourceAccount: "111111111111"}, permFn, permSNS, false},
		{"alias policy, alias ARN", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", Qualifier: "live"}, permFn + ":live", permSNS, true},
		{"alias policy, unqualified ARN", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", Qualifier: "live"}, permFn, permSNS, false},
		{"alias policy, its version's ARN", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com", Qualifier: "live"}, permFn + ":1", permSNS, false},
		{"function policy, $LATEST ARN", &lambda.AddPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com"}, permFn + ":$LATEST", permSNS, true},
		{"no sender", nil, permFn, cloud.Sender{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc, clk, runs := permSetup(t, true)
			if c.grant != nil {
				permAdd(t, svc, *c.grant)
			}
			err := permDeliver(svc, c.target, c.sender)
			clk.Advance(0)
			if c.allow {
				require.NoError(t, err)
				assert.Equal(t, 1, runs.n)
				return
			}
			require.ErrorIs(t, err, lambda.ErrAccessDeniedException)
			assert.Equal(t, 403, invStatus(t, err))
			assert.Equal(t, 0, runs.n, "a refused delivery runs nothing")
			assert.Equal(t, lambda.FunctionStats{}, invStats(t, svc, "f"))
		})
	}
}

// AccessDeniedException names the principal, the action and the
// resource, as IAM's refusals do.
func TestAccessDeniedNamesPrincipalActionAndResource(t *testing.T) {
	svc, _, _ := permSetup(t, true)
	err := svc.CheckInvokePermission("f:live", permSNS)
	assert.EqualError(t, err, "AccessDeniedException: sns.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: "+
		permFn+":live because no resource-based policy allows the lambda:InvokeFunction action")
	assert.ErrorIs(t, svc.CheckInvokePermission("g", permSNS), lambda.ErrResourceNotFoundException)
}

// Without cloud.WithPolicyEnforcement, the default, policies are kept and
// returned but allow everything: a delivery to a function without a
// policy runs it.
func TestPoliciesAreNotEnforcedByDefault(t *testing.T) {
	svc, clk, runs := permSetup(t, false)
	require.NoError(t, svc.CheckInvokePermission("f", permSNS))
	require.NoError(t, permDeliver(svc, permFn, permSNS))
	permAdd(t, svc, lambda.AddPermissionInput{StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com"})
	require.NoError(t, permDeliver(svc, permFn, permSNS))
	clk.Advance(0)
	assert.Equal(t, 2, runs.n)
}
