package lambda_test

import (
	"fmt"
	"testing"

	"github.com/awssim/awssim/cloud"
)

// BenchmarkCheckInvokePermission measures the check an enforced delivery
// makes, against a policy of 20 statements of which the last allows the
// sender; "off" is the same call in an account without enforcement.
func BenchmarkCheckInvokePermission(b *testing.B) {
	for _, enforce := range []bool{false, true} {
		name := "off"
		if enforce {
			name = "enforced"
		}
		b.Run(name, func(b *testing.B) {
			svc, _, _ := permSetup(b, enforce)
			for i := range 20 {
				in := permSNSStatement(fmt.Sprintf("s%d", i))
				in.SourceArn = fmt.Sprintf("%s-%d", permTopic, i)
				permAdd(b, svc, in)
			}
			sender := cloud.Sender{Service: "sns.amazonaws.com", SourceARN: permTopic + "-19"}
			b.ReportAllocs()
			for b.Loop() {
				if err := svc.CheckInvokePermission(permFn, sender); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
