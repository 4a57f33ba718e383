package arn_test

import (
	"errors"
	"fmt"

	"github.com/awssim/awssim/internal/arn"
)

// A service formats its resources' ARNs from its region and account, and
// parses the ARNs it is given into their parts.
func Example() {
	q := arn.Queue{Region: "us-east-1", AccountID: "123456789012", Name: "orders.fifo"}
	fmt.Println(q)

	p, err := arn.ParseQueue("arn:aws:sqs:eu-west-1:123456789012:orders.fifo")
	fmt.Println(p.Region, p.AccountID, p.Name, p.FIFO(), err)

	_, err = arn.ParseQueue("arn:aws:sns:eu-west-1:123456789012:orders")
	fmt.Println(errors.Is(err, arn.ErrMalformed))
	// Output:
	// arn:aws:sqs:us-east-1:123456789012:orders.fifo
	// eu-west-1 123456789012 orders.fifo true <nil>
	// true
}

// A FunctionName parameter names a function by name, full ARN or partial
// ARN, with or without a qualifier; the service fills in what it leaves
// out.
func ExampleParseFunctionName() {
	for _, ref := range []string{"resize", "resize:live", "123456789012:function:resize:3", "arn:aws:lambda:eu-west-1:123456789012:function:resize"} {
		f, err := arn.ParseFunctionName(ref)
		if err != nil {
			fmt.Println(err)
			continue
		}
		if f.Region == "" {
			f.Region = "us-east-1"
		}
		if f.AccountID == "" {
			f.AccountID = "123456789012"
		}
		fmt.Printf("%s %q -> %s\n", f.Name, f.Qualifier, f)
	}
	_, err := arn.ParseFunctionName("re.size")
	fmt.Println(err)
	// Output:
	// resize "" -> arn:aws:lambda:us-east-1:123456789012:function:resize
	// resize "live" -> arn:aws:lambda:us-east-1:123456789012:function:resize:live
	// resize "3" -> arn:aws:lambda:us-east-1:123456789012:function:resize:3
	// resize "" -> arn:aws:lambda:eu-west-1:123456789012:function:resize
	// arn: malformed Lambda FunctionName "re.size": the function name is not 1 to 64 letters, digits, hyphens and underscores
}

// A listener rule's ARN names its listener and its load balancer, whose
// ARNs its fields format.
func ExampleParseListenerRule() {
	r, err := arn.ParseListenerRule("arn:aws:elasticloadbalancing:us-west-2:123456789012:listener-rule/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee")
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Listener)
	fmt.Println(r.Listener.LoadBalancer)
	// Output:
	// arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2
	// arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188
}
