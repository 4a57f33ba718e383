package arn_test

import (
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/arn"
)

const (
	lbID       = "50dc6c495c0c9188"
	listenerID = "f2f7dc8efc522ab2"
	ruleID     = "9683b2d02a6cabee"
	elbPrefix  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
)

func loadBalancer(typ, name, id string) arn.LoadBalancer {
	return arn.LoadBalancer{Partition: "aws", Region: region, AccountID: account, Type: typ, Name: name, ID: id}
}

// A v2 load balancer's ARN is …:loadbalancer/<app|net|gwy>/<name>/<id>, a
// Classic one's …:loadbalancer/<name>; names are 1 to 32 letters, digits
// and hyphens, not at either end, IDs 16 hexadecimal digits.
func TestParseLoadBalancer(t *testing.T) {
	name32 := strings.Repeat("l", 32)
	testShape(t, arn.ParseLoadBalancer, []shapeCase[arn.LoadBalancer]{
		{name: "application", in: elbPrefix + "loadbalancer/app/my-lb/" + lbID, want: loadBalancer(arn.ALB, "my-lb", lbID)},
		{name: "network", in: elbPrefix + "loadbalancer/net/my-lb/" + lbID, want: loadBalancer(arn.NLB, "my-lb", lbID)},
		{name: "gateway", in: elbPrefix + "loadbalancer/gwy/my-lb/" + lbID, want: loadBalancer(arn.GWLB, "my-lb", lbID)},
		{name: "classic", in: elbPrefix + "loadbalancer/my-classic", want: loadBalancer(arn.CLB, "my-classic", "")},
		{name: "32-char name", in: elbPrefix + "loadbalancer/app/" + name32 + "/" + lbID, want: loadBalancer(arn.ALB, name32, lbID)},
		{name: "33-char name", in: elbPrefix + "loadbalancer/app/" + name32 + "l/" + lbID, bad: true},
		{name: "33-char classic name", in: elbPrefix + "loadbalancer/" + name32 + "l", bad: true},
		{name: "leading hyphen", in: elbPrefix + "loadbalancer/app/-lb/" + lbID, bad: true},
		{name: "trailing hyphen", in: elbPrefix + "loadbalancer/lb-", bad: true},
		{name: "underscore", in: elbPrefix + "loadbalancer/app/my_lb/" + lbID, bad: true},
		{name: "unknown type", in: elbPrefix + "loadbalancer/xyz/my-lb/" + lbID, bad: true},
		{name: "no ID", in: elbPrefix + "loadbalancer/app/my-lb", bad: true},
		{name: "empty ID", in: elbPrefix + "loadbalancer/app/my-lb/", bad: true},
		{name: "short ID", in: elbPrefix + "loadbalancer/app/my-lb/50dc6c495c0c918", bad: true},
		{name: "ID in capitals", in: elbPrefix + "loadbalancer/app/my-lb/" + strings.ToUpper(lbID), bad: true},
		{name: "more after ID", in: elbPrefix + "loadbalancer/app/my-lb/" + lbID + "/x", bad: true},
		{name: "slash after ID", in: elbPrefix + "loadbalancer/app/my-lb/" + lbID + "/", bad: true},
		{name: "empty classic name", in: elbPrefix + "loadbalancer/", bad: true},
		{name: "listener ARN", in: elbPrefix + "listener/app/my-lb/" + lbID + "/" + listenerID, bad: true},
		{name: "target group ARN", in: elbPrefix + "targetgroup/tg/" + lbID, bad: true},
		{name: "another service", in: "arn:aws:elasticloadbalancingv2:us-east-1:123456789012:loadbalancer/lb", bad: true},
	})
}

// A target group's ARN is …:targetgroup/<name>/<id>.
func TestParseTargetGroup(t *testing.T) {
	tg := func(name string) arn.TargetGroup {
		return arn.TargetGroup{Partition: "aws", Region: region, AccountID: account, Name: name, ID: "73e2d6bc24d8a067"}
	}
	testShape(t, arn.ParseTargetGroup, []shapeCase[arn.TargetGroup]{
		{name: "target group", in: elbPrefix + "targetgroup/my-targets/73e2d6bc24d8a067", want: tg("my-targets")},
		{name: "32-char name", in: elbPrefix + "targetgroup/" + strings.Repeat("t", 32) + "/73e2d6bc24d8a067", want: tg(strings.Repeat("t", 32))},
		{name: "33-char name", in: elbPrefix + "targetgroup/" + strings.Repeat("t", 33) + "/73e2d6bc24d8a067", bad: true},
		{name: "no ID", in: elbPrefix + "targetgroup/my-targets", bad: true},
		{name: "bad ID", in: elbPrefix + "targetgroup/my-targets/73e2d6bc24d8a06g", bad: true},
		{name: "more after ID", in: elbPrefix + "targetgroup/my-targets/73e2d6bc24d8a067/x", bad: true},
		{name: "empty name", in: elbPrefix + "targetgroup//73e2d6bc24d8a067", bad: true},
		{name: "VPC Lattice target group", in: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1234567890123456", bad: true},
		{name: "load balancer ARN", in: elbPrefix + "loadbalancer/app/my-lb/" + lbID, bad: true},
	})
}

// A listener's ARN is …:listener/<type>/<lb name>/<lb id>/<id>.
func TestParseListener(t *testing.T) {
	listener := func(typ string) arn.Listener {
		return arn.Listener{LoadBalancer: loadBalancer(typ, "my-lb", lbID), ID: listenerID}
	}
	testShape(t, arn.ParseListener, []shapeCase[arn.Listener]{
		{name: "application", in: elbPrefix + "listener/app/my-lb/" + lbID + "/" + listenerID, want: listener(arn.ALB)},
		{name: "network", in: elbPrefix + "listener/net/my-lb/" + lbID + "/" + listenerID, want: listener(arn.NLB)},
		{name: "no listener ID", in: elbPrefix + "listener/app/my-lb/" + lbID, bad: true},
		{name: "empty listener ID", in: elbPrefix + "listener/app/my-lb/" + lbID + "/", bad: true},
		{name: "bad listener ID", in: elbPrefix + "listener/app/my-lb/" + lbID + "/xyz", bad: true},
		{name: "classic", in: elbPrefix + "listener/my-lb/" + listenerID, bad: true},
		{name: "bad load balancer ID", in: elbPrefix + "listener/app/my-lb/x/" + listenerID, bad: true},
		{name: "more after ID", in: elbPrefix + "listener/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID, bad: true},
		{name: "slash after ID", in: elbPrefix + "listener/app/my-lb/" + lbID + "/" + listenerID + "/", bad: true},
		{name: "rule ARN", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID, bad: true},
	})
}

// A rule's ARN is …:listener-rule/<type>/<lb name>/<lb id>/<listener
// id>/<id>.
func TestParseListenerRule(t *testing.T) {
	rule := arn.ListenerRule{Listener: arn.Listener{LoadBalancer: loadBalancer(arn.ALB, "my-lb", lbID), ID: listenerID}, ID: ruleID}
	testShape(t, arn.ParseListenerRule, []shapeCase[arn.ListenerRule]{
		{name: "rule", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID, want: rule},
		{name: "no rule ID", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID, bad: true},
		{name: "bad rule ID", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/r", bad: true},
		{name: "more after ID", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID + "/x", bad: true},
		{name: "slash after ID", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID + "/", bad: true},
		{name: "bad listener ID", in: elbPrefix + "listener-rule/app/my-lb/" + lbID + "/l/" + ruleID, bad: true},
		{name: "listener ARN", in: elbPrefix + "listener/app/my-lb/" + lbID + "/" + listenerID, bad: true},
	})
}

// A listener's and a rule's parent fields format as their parents' ARNs.
func TestListenerAndRuleNameTheirParents(t *testing.T) {
	r, err := arn.ParseListenerRule(elbPrefix + "listener-rule/app/my-lb/" + lbID + "/" + listenerID + "/" + ruleID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Listener.String(), elbPrefix+"listener/app/my-lb/"+lbID+"/"+listenerID; got != want {
		t.Errorf("Listener formats as %q, want %q", got, want)
	}
	if got, want := r.Listener.LoadBalancer.String(), elbPrefix+"loadbalancer/app/my-lb/"+lbID; got != want {
		t.Errorf("LoadBalancer formats as %q, want %q", got, want)
	}
}
