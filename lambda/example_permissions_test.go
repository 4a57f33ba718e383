package lambda_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/lambda"
)

// A topic may invoke a function only once the function's resource policy
// lets sns.amazonaws.com invoke it for that topic, in an account that
// enforces policies. AddPermission returns the statement as Lambda writes
// it; GetPolicy returns the whole document.
func ExampleService_AddPermission() {
	ctx := context.Background()
	acct := cloud.New(cloud.WithPolicyEnforcement())
	fns := lambda.New(lambda.WithAccount(acct))
	_, err := fns.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: "notify",
		Role:         "arn:aws:iam::000000000000:role/notify",
		Code:         lambda.Code{Handler: func(context.Context, []byte) ([]byte, error) { return nil, nil }},
	})
	if err != nil {
		panic(err)
	}
	topic := cloud.Sender{Service: "sns.amazonaws.com", SourceARN: "arn:aws:sns:us-east-1:000000000000:orders"}
	err = fns.CheckInvokePermission("notify", topic)
	fmt.Println("before:", errors.Is(err, lambda.ErrAccessDeniedException))

	out, err := fns.AddPermission(ctx, &lambda.AddPermissionInput{
		FunctionName: "notify",
		StatementId:  "orders-topic",
		Action:       "lambda:InvokeFunction",
		Principal:    "sns.amazonaws.com",
		SourceArn:    topic.SourceARN,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Statement)
	fmt.Println("after:", fns.CheckInvokePermission("notify", topic))
	// Output:
	// before: true
	// {"Sid":"orders-topic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:000000000000:function:notify","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:000000000000:orders"}}}
	// after: <nil>
}
