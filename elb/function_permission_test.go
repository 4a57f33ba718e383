package elb_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/lambda"
	"github.com/awssim/awssim/sim"
)

// permSetup returns Lambda with function fn and a load balancer service
// with a lambda target group, in an account that enforces resource
// policies when enforce is set, and the group's ARN.
func permSetup(t *testing.T, enforce bool) (*lambda.Service, *elb.Service, string) {
	t.Helper()
	opts := []cloud.Option{cloud.WithClock(sim.NewClock(start))}
	if enforce {
		opts = append(opts, cloud.WithPolicyEnforcement())
	}
	fns := lambda.New(lambda.WithAccount(cloud.New(opts...)))
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "fn", Role: "arn:aws:iam::000000000000:role/fn",
		Code: lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return []byte(`{"statusCode":200}`), nil }},
	})
	require.NoError(t, err)
	svc := elb.New(elb.WithLambda(fns))
	tg, err := svc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "fn", TargetType: elb.TargetTypeLambda})
	require.NoError(t, err)
	return fns, svc, tg.TargetGroups[0].TargetGroupArn
}

func permRegister(svc *elb.Service, tg string) error {
	_, err := svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: tg, Targets: []elb.TargetDescription{{Id: fnARN}}})
	return err
}

// With policy enforcement, registering a Lambda function needs its
// resource policy to let elasticloadbalancing.amazonaws.com invoke it
// for the target group (ELB guide: "Lambda functions as targets"); AWS
// refuses the registration with AccessDenied otherwise, and nothing is
// registered.
func TestRegisterLambdaTargetNeedsInvokePermission(t *testing.T) {
	cases := []struct {
		name      string
		sourceArn func(tg string) string // of the permission; nil for none
		allow     bool
	}{
		{"no permission", nil, false},
		{"another target group", func(tg string) string { return tg + "0" }, false},
		{"this target group", func(tg string) string { return tg }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fns, svc, tg := permSetup(t, true)
			if c.sourceArn != nil {
				_, err := fns.AddPermission(ctx, &lambda.AddPermissionInput{
					FunctionName: "fn", StatementId: "elb", Action: "lambda:InvokeFunction",
					Principal: elb.ServicePrincipal, SourceArn: c.sourceArn(tg),
				})
				require.NoError(t, err)
			}
			err := permRegister(svc, tg)
			health, herr := svc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg})
			require.NoError(t, herr)
			if c.allow {
				require.NoError(t, err)
				assert.Len(t, health.TargetHealthDescriptions, 1)
				return
			}
			require.ErrorIs(t, err, elb.ErrAccessDenied)
			assert.EqualError(t, err, "AccessDenied: elasticloadbalancing principal does not have permission to invoke "+fnARN+" from target group "+tg)
			assert.Empty(t, health.TargetHealthDescriptions)
		})
	}
}

// Without policy enforcement, the default, a function registers without
// any permission.
func TestRegisterLambdaTargetUncheckedByDefault(t *testing.T) {
	_, svc, tg := permSetup(t, false)
	require.NoError(t, permRegister(svc, tg))
}
