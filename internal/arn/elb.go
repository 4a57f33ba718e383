package arn

import "strings"

// Limits of the parts of Elastic Load Balancing ARNs.
const (
	// maxLoadBalancerName is the longest load balancer name, Classic or
	// not.
	maxLoadBalancerName = 32
	// maxTargetGroupName is the longest target group name.
	maxTargetGroupName = 32
	// elbIDLength is the length of the IDs in Elastic Load Balancing v2
	// ARNs: of a load balancer, target group, listener or rule, each in
	// lowercase hexadecimal.
	elbIDLength = 16
)

// The Type of a load balancer in its ARN.
const (
	// ALB is an Application Load Balancer.
	ALB = "app"
	// NLB is a Network Load Balancer.
	NLB = "net"
	// GWLB is a Gateway Load Balancer.
	GWLB = "gwy"
	// CLB is a Classic Load Balancer, whose ARN has neither type nor ID.
	CLB = ""
)

// LoadBalancer is the ARN of a load balancer: for Elastic Load Balancing
// v2, arn:aws:elasticloadbalancing:Region:AccountID:loadbalancer/Type/Name/ID
// with Type "app", "net" or "gwy"; for a Classic Load Balancer,
// …:loadbalancer/Name.
type LoadBalancer struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Type is [ALB], [NLB], [GWLB] or [CLB] ("").
	Type string
	// Name is 1 to 32 letters, digits and hyphens, not beginning or
	// ending with a hyphen.
	Name string
	// ID is 16 lowercase hexadecimal digits; empty for a Classic Load
	// Balancer.
	ID string
}

// String formats the load balancer's ARN; with an empty Type, a Classic
// Load Balancer's.
func (lb LoadBalancer) String() string {
	if lb.Type == CLB {
		return "arn:" + partition(lb.Partition) + ":elasticloadbalancing:" + lb.Region + ":" + lb.AccountID + ":loadbalancer/" + lb.Name
	}
	return "arn:" + partition(lb.Partition) + ":elasticloadbalancing:" + lb.Region + ":" + lb.AccountID + ":loadbalancer/" + lb.Type + "/" + lb.Name + "/" + lb.ID
}

// ParseLoadBalancer parses the ARN of a load balancer of any type; a
// caller that takes one type only checks [LoadBalancer.Type].
func ParseLoadBalancer(s string) (LoadBalancer, error) {
	const what = "load balancer ARN"
	a, rest, err := parseResource(s, "elasticloadbalancing", what, "loadbalancer/")
	if err != nil {
		return LoadBalancer{}, err
	}
	lb := LoadBalancer{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID}
	if !strings.Contains(rest, "/") {
		lb.Name = rest
		if !isHyphenated(lb.Name, 1, maxLoadBalancerName) {
			return LoadBalancer{}, malformed(s, what, "the name is not 1 to 32 letters, digits and inner hyphens")
		}
		return lb, nil
	}
	var why string
	lb.Type, lb.Name, lb.ID, rest, why = loadBalancerPath(rest)
	switch {
	case why != "":
		return LoadBalancer{}, malformed(s, what, why)
	case rest != "":
		return LoadBalancer{}, malformed(s, what, "it has more after the load balancer ID")
	}
	return lb, nil
}

// loadBalancerPath cuts Type/Name/ID from the beginning of p, returns
// what follows from the next slash on, and says why when they are not a
// v2 load balancer's.
func loadBalancerPath(p string) (typ, name, id, rest, why string) {
	typ, p, _ = strings.Cut(p, "/")
	name, p, _ = strings.Cut(p, "/")
	id, rest = cutID(p)
	switch {
	case typ != ALB && typ != NLB && typ != GWLB:
		return "", "", "", "", `the load balancer type is not "app", "net" or "gwy"`
	case !isHyphenated(name, 1, maxLoadBalancerName):
		return "", "", "", "", "the load balancer name is not 1 to 32 letters, digits and inner hyphens"
	case !isHex(id, elbIDLength):
		return "", "", "", "", "the load balancer ID is not 16 lowercase hexadecimal digits"
	}
	return typ, name, id, rest, ""
}

// TargetGroup is the ARN of an Elastic Load Balancing v2 target group:
// arn:aws:elasticloadbalancing:Region:AccountID:targetgroup/Name/ID.
type TargetGroup struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 32 letters, digits and hyphens, not beginning or
	// ending with a hyphen.
	Name string
	// ID is 16 lowercase hexadecimal digits.
	ID string
}

// String formats the target group's ARN.
func (tg TargetGroup) String() string {
	return "arn:" + partition(tg.Partition) + ":elasticloadbalancing:" + tg.Region + ":" + tg.AccountID + ":targetgroup/" + tg.Name + "/" + tg.ID
}

// ParseTargetGroup parses the ARN of a target group.
func ParseTargetGroup(s string) (TargetGroup, error) {
	const what = "target group ARN"
	a, rest, err := parseResource(s, "elasticloadbalancing", what, "targetgroup/")
	if err != nil {
		return TargetGroup{}, err
	}
	name, id, _ := strings.Cut(rest, "/")
	switch {
	case !isHyphenated(name, 1, maxTargetGroupName):
		return TargetGroup{}, malformed(s, what, "the name is not 1 to 32 letters, digits and inner hyphens")
	case !isHex(id, elbIDLength):
		return TargetGroup{}, malformed(s, what, "the ID is not 16 lowercase hexadecimal digits")
	}
	return TargetGroup{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name, ID: id}, nil
}

// Listener is the ARN of a listener of an Elastic Load Balancing v2 load
// balancer:
// arn:aws:elasticloadbalancing:Region:AccountID:listener/Type/LBName/LBID/ID.
// Classic Load Balancers' listeners have no ARN.
type Listener struct {
	// LoadBalancer is the listener's load balancer.
	LoadBalancer LoadBalancer
	// ID is 16 lowercase hexadecimal digits.
	ID string
}

// String formats the listener's ARN.
func (l Listener) String() string {
	lb := l.LoadBalancer
	return "arn:" + partition(lb.Partition) + ":elasticloadbalancing:" + lb.Region + ":" + lb.AccountID + ":listener/" + lb.Type + "/" + lb.Name + "/" + lb.ID + "/" + l.ID
}

// ParseListener parses the ARN of a listener; its LoadBalancer field
// formats as the ARN of the listener's load balancer.
func ParseListener(s string) (Listener, error) {
	const what = "listener ARN"
	a, rest, err := parseResource(s, "elasticloadbalancing", what, "listener/")
	if err != nil {
		return Listener{}, err
	}
	l, rest, why := listenerPath(a, rest)
	switch {
	case why != "":
		return Listener{}, malformed(s, what, why)
	case rest != "":
		return Listener{}, malformed(s, what, "it has more after the listener ID")
	}
	return l, nil
}

// listenerPath cuts Type/LBName/LBID/ID from the beginning of p, returns
// what follows from the next slash on, and says why when they are not a
// listener's.
func listenerPath(a ARN, p string) (l Listener, rest, why string) {
	lb := LoadBalancer{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID}
	lb.Type, lb.Name, lb.ID, p, why = loadBalancerPath(p)
	if why != "" {
		return Listener{}, "", why
	}
	id, rest := cutID(strings.TrimPrefix(p, "/"))
	if !isHex(id, elbIDLength) {
		return Listener{}, "", "the listener ID is not 16 lowercase hexadecimal digits"
	}
	return Listener{LoadBalancer: lb, ID: id}, rest, ""
}

// ListenerRule is the ARN of a rule of a listener:
// arn:aws:elasticloadbalancing:Region:AccountID:listener-rule/Type/LBName/LBID/ListenerID/ID.
type ListenerRule struct {
	// Listener is the rule's listener.
	Listener Listener
	// ID is 16 lowercase hexadecimal digits.
	ID string
}

// String formats the rule's ARN.
func (r ListenerRule) String() string {
	l := r.Listener
	lb := l.LoadBalancer
	return "arn:" + partition(lb.Partition) + ":elasticloadbalancing:" + lb.Region + ":" + lb.AccountID + ":listener-rule/" + lb.Type + "/" + lb.Name + "/" + lb.ID + "/" + l.ID + "/" + r.ID
}

// ParseListenerRule parses the ARN of a listener rule; its Listener field
// formats as the ARN of the rule's listener.
func ParseListenerRule(s string) (ListenerRule, error) {
	const what = "listener rule ARN"
	a, rest, err := parseResource(s, "elasticloadbalancing", what, "listener-rule/")
	if err != nil {
		return ListenerRule{}, err
	}
	l, rest, why := listenerPath(a, rest)
	id, _ := strings.CutPrefix(rest, "/")
	switch {
	case why != "":
		return ListenerRule{}, malformed(s, what, why)
	case !isHex(id, elbIDLength):
		return ListenerRule{}, malformed(s, what, "the rule ID is not 16 lowercase hexadecimal digits")
	}
	return ListenerRule{Listener: l, ID: id}, nil
}

// cutID cuts p at its first slash, if any, into an ID and the rest from
// the slash on.
func cutID(p string) (id, rest string) {
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}

// IsELBName reports whether s is a valid load balancer or target group
// name: 1 to 32 letters, digits and hyphens, not beginning or ending with
// a hyphen. Elastic Load Balancing checks names by the same rule that
// its ARNs are parsed by.
func IsELBName(s string) bool { return isHyphenated(s, 1, maxLoadBalancerName) }
