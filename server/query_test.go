package server

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// The query protocol's escaper writes what xml.EscapeText writes, byte
// for byte: markup characters, tab and line ends as references, and what
// XML cannot hold as U+FFFD.
func TestXMLEscapeIsEncodingXMLs(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<a href="x">'&'</a>`, "tab\tline\nreturn\r", "\x00\x1f\x7f", "é ☃ 😀", "\xff\xfe bad", "\uFFFD", "\uFFFE\uFFFF",
		"a\u2028b", "]]>",
	} {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(s))
		x := &xmlWriter{}
		x.escape(s)
		assert.Equal(t, want.String(), string(x.b), "%q", s)
	}
}

func FuzzXMLEscapeIsEncodingXMLs(f *testing.F) {
	f.Add(`<a>&"'` + "\t\n\r\xff")
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(s))
		x := &xmlWriter{}
		x.escape(s)
		if want.String() != string(x.b) {
			t.Fatalf("escape(%q) = %q, want %q", s, x.b, want.String())
		}
	})
}

// Any form sent to the document-reading services (CloudWatch, ELB v2,
// Classic ELB) gets a well-formed XML answer with a status below 500,
// never a panic.
func FuzzQueryDocumentServices(f *testing.F) {
	f.Add("Action=CreateLoadBalancer&Version=2015-12-01&Name=shop&Subnets.member.1=a&Subnets.member.2=b")
	f.Add("Action=CreateListener&Version=2015-12-01&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=x")
	f.Add("Action=CreateLoadBalancer&Version=2012-06-01&LoadBalancerName=l&Listeners.member.1.LoadBalancerPort=80&Listeners.member.1=x")
	f.Add("Action=PutMetricData&Version=2010-08-01&Namespace=N&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1e400")
	f.Add("Action=DescribeAlarms&Version=2010-08-01&AlarmNames=&MaxRecords=2&AlarmNames.member.0=a")
	f.Fuzz(func(t *testing.T, body string) {
		clk := sim.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		srv := New(WithCloudWatch(cloudwatch.New(cloudwatch.WithClock(clk))), WithELB(elb.New(elb.WithClock(clk))))
		rec := postQuery(srv, body)
		if rec.Code >= 500 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		checkXML(t, rec)
	})
}
