package lambda_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
)

// FuzzAddPermission: any AddPermission gives an AWS error and leaves the
// policy as it was, or adds one statement that GetPolicy returns, whose
// JSON parses, and which a delivery can be checked against without a
// panic.
func FuzzAddPermission(f *testing.F) {
	f.Add("sns", "lambda:InvokeFunction", "sns.amazonaws.com", permTopic, "", "", "")
	f.Add("acct", "lambda:*", "123456789012", "", "000000000000", "o-abcdefghij", "live")
	f.Add("x", "*", "arn:aws:iam::123456789012:role/r", "arn:aws:sns:us-east-1:000000000000:*", "", "", "1")
	f.Add("", "sqs:SendMessage", "*", "arn:aws:s3:::b", "1", "o-", "$LATEST")
	f.Fuzz(func(t *testing.T, sid, action, principal, sourceArn, sourceAccount, org, qualifier string) {
		svc, _, _ := permSetup(t, true)
		before, beforeErr := permPolicy(svc, qualifier)
		out, err := svc.AddPermission(context.Background(), &lambda.AddPermissionInput{
			FunctionName: "f", StatementId: sid, Action: action, Principal: principal,
			SourceArn: sourceArn, SourceAccount: sourceAccount, PrincipalOrgID: org, Qualifier: qualifier,
		})
		after, afterErr := permPolicy(svc, qualifier)
		if err != nil {
			fzRequireAWSError(t, err)
			assert.Equal(t, before, after)
			assert.Equal(t, beforeErr, afterErr)
			return
		}
		require.NoError(t, afterErr)
		assert.True(t, json.Valid([]byte(out.Statement)), out.Statement)
		assert.Contains(t, after.Policy, out.Statement)
		target := permFn
		if qualifier != "" {
			target += ":" + qualifier
		}
		err = svc.CheckInvokePermission(target, cloud.Sender{Service: principal, SourceARN: sourceArn})
		if err != nil {
			require.ErrorIs(t, err, lambda.ErrAccessDeniedException)
		}
	})
}
