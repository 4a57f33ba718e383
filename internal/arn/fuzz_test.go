package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

// roundTrip returns a check of parse on one input: it never panics; on
// success the parts format back into the input; on failure the error
// matches ErrMalformed and the parts are zero.
func roundTrip[T shape](name string, parse func(string) (T, error)) func(*testing.T, string) {
	return func(t *testing.T, s string) {
		got, err := parse(s)
		var zero T
		switch {
		case err != nil && (!errors.Is(err, arn.ErrMalformed) || got != zero):
			t.Fatalf("%s(%q) = %+v, %v", name, s, got, err)
		case err == nil && got.String() != s:
			t.Fatalf("%s(%q) = %+v, which formats as %q", name, s, got, got.String())
		}
	}
}

var roundTrips = []func(*testing.T, string){
	roundTrip("Parse", arn.Parse),
	roundTrip("ParseQueue", arn.ParseQueue),
	roundTrip("ParseTopic", arn.ParseTopic),
	roundTrip("ParseSubscription", arn.ParseSubscription),
	roundTrip("ParseFunction", arn.ParseFunction),
	roundTrip("ParseRole", arn.ParseRole),
	roundTrip("ParseAlarm", arn.ParseAlarm),
	roundTrip("ParseLoadBalancer", arn.ParseLoadBalancer),
	roundTrip("ParseTargetGroup", arn.ParseTargetGroup),
	roundTrip("ParseListener", arn.ParseListener),
	roundTrip("ParseListenerRule", arn.ParseListenerRule),
	roundTrip("ParseAutoScalingGroup", arn.ParseAutoScalingGroup),
	roundTrip("ParseScalingPolicy", arn.ParseScalingPolicy),
	roundTrip("ParseApplication", arn.ParseApplication),
	roundTrip("ParseApplicationVersion", arn.ParseApplicationVersion),
	roundTrip("ParseEnvironment", arn.ParseEnvironment),
	roundTrip("ParseConfigurationTemplate", arn.ParseConfigurationTemplate),
}

// FuzzParse: no parser panics on any input; whatever Parse or a shape
// parser accepts formats back into the input exactly; whatever they refuse
// is ErrMalformed. A FunctionName that parses is a valid name, and, as a
// full ARN with a partition, formats back into itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "arn:", "arn:aws:sqs:::", "arn::sqs:us-east-1:123456789012:q",
		"arn:aws:sqs:us-east-1:123456789012:orders.fifo",
		"arn:aws:sns:us-east-1:123456789012:orders",
		"arn:aws:sns:us-east-1:123456789012:orders:6b0e71bd-7e97-4d97-80ce-4a0994e55286",
		"arn:aws:lambda:us-east-1:123456789012:function:resize:live",
		"arn::lambda:us-east-1:123456789012:function:resize",
		"123456789012:function:resize:1", "resize:$LATEST", "resize",
		"arn:aws:iam::123456789012:role/service-role/x_y",
		"arn:aws:cloudwatch:us-east-1:123456789012:alarm:high: cpu/1",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/my-classic",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
		"arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:c7a27f55-d35e-4153-b044-8ca9155fc467:autoScalingGroupName/my-asg",
		"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:ac542982-cbeb-4294-891c-a5a941dfa787:autoScalingGroupName/g:policyName/p",
		"arn:aws:elasticbeanstalk:us-east-2:123456789012:application/My App",
		"arn:aws:elasticbeanstalk:us-east-2:123456789012:applicationversion/My App/My Version",
		"arn:aws:elasticbeanstalk:us-east-2:123456789012:environment/My App/my-env",
		"arn:aws:sqs:us-east-1:123456789012:a\xffb", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, check := range roundTrips {
			check(t, s)
		}
		fn, err := arn.ParseFunctionName(s)
		switch {
		case err != nil && (!errors.Is(err, arn.ErrMalformed) || fn != (arn.Function{})):
			t.Fatalf("ParseFunctionName(%q) = %+v, %v", s, fn, err)
		case err != nil:
		case fn.Name == "" || len(fn.Name) > 64 || strings.ContainsAny(fn.Name+fn.Qualifier, ":/"):
			t.Fatalf("ParseFunctionName(%q) = %+v", s, fn)
		case fn.Partition != "" && fn.String() != s:
			t.Fatalf("ParseFunctionName(%q) = %+v, which formats as %q", s, fn, fn.String())
		}
	})
}
