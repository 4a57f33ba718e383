package server_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/server"
	"github.com/awssim/awssim/sim"
)

// BenchmarkELBDescribeTargetHealth is the handler's cost per query
// request of ELB v2: a DescribeTargetHealth of a group of two targets,
// form in, XML out.
func BenchmarkELBDescribeTargetHealth(b *testing.B) {
	ctx := context.Background()
	lbs := elb.New(elb.WithClock(sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))
	tg, err := lbs.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: "web", Protocol: "HTTP", Port: 8080, VpcId: "vpc-1"})
	if err != nil {
		b.Fatal(err)
	}
	arn := tg.TargetGroups[0].TargetGroupArn
	_, err = lbs.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: arn, Targets: []elb.TargetDescription{{Id: "i-0a"}, {Id: "i-0b"}}})
	if err != nil {
		b.Fatal(err)
	}
	srv := server.New(server.WithELB(lbs))
	body := []byte(url.Values{"Action": {"DescribeTargetHealth"}, "Version": {"2015-12-01"}, "TargetGroupArn": {arn}}.Encode())
	req, _ := http.NewRequest(http.MethodPost, "http://awssim/", nil)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	rb := &rbody{}
	w := &sink{h: make(http.Header)}
	b.ReportAllocs()
	for b.Loop() {
		rb.b, rb.i = body, 0
		req.Body, req.ContentLength = rb, int64(len(body))
		clear(w.h)
		w.status, w.n = 0, 0
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
	b.ReportMetric(float64(w.n), "resp-B/op")
}
