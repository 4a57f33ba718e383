package server_test

import (
	"fmt"
	"io"
	"net/url"
	"regexp"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// Elastic Load Balancing speaks the query protocol: Version 2015-12-01
// is ELB v2, 2012-06-01 the Classic Load Balancer API, both over one
// elb.Service. Errors are an ErrorResponse with ELB's code.
func ExampleWithELB() {
	clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := server.New(server.WithELB(elb.New(elb.WithClock(clk))))
	client := srv.Client()

	call := func(version string, form url.Values) string {
		form.Set("Version", version)
		res, err := client.PostForm("http://awssim/", form)
		if err != nil {
			return err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return fmt.Sprint(form.Get("Action"), " ", res.StatusCode, "\n  ",
			regexp.MustCompile(`<RequestId>[^<]*</RequestId>`).ReplaceAllString(string(b), "<RequestId>…</RequestId>"))
	}

	created := call("2015-12-01", url.Values{"Action": {"CreateTargetGroup"}, "Name": {"web"}, "Protocol": {"HTTP"}, "Port": {"8080"}, "VpcId": {"vpc-1"}})
	fmt.Println(regexp.MustCompile(`<TargetGroupArn>[^<]*</TargetGroupArn>`).FindString(created))
	fmt.Println(call("2012-06-01", url.Values{
		"Action": {"CreateLoadBalancer"}, "LoadBalancerName": {"legacy"}, "AvailabilityZones.member.1": {"us-east-1a"},
		"Listeners.member.1.Protocol": {"HTTP"}, "Listeners.member.1.LoadBalancerPort": {"80"}, "Listeners.member.1.InstancePort": {"8080"},
	}))
	fmt.Println(call("2015-12-01", url.Values{"Action": {"DescribeLoadBalancers"}, "Names.member.1": {"shop"}}))
	// Output:
	// <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/9aebe7788ef393bf</TargetGroupArn>
	// CreateLoadBalancer 200
	//   <CreateLoadBalancerResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"><CreateLoadBalancerResult><DNSName>legacy-1069484590.us-east-1.elb.amazonaws.com</DNSName></CreateLoadBalancerResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></CreateLoadBalancerResponse>
	// DescribeLoadBalancers 400
	//   <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code><Message>load balancers &#34;shop&#34; not found</Message></Error><RequestId>…</RequestId></ErrorResponse>
}
