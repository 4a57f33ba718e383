package server

import (
	"context"
	"net/http"

	"github.com/awssim/awssim/elb"
)

// elbVersion is the API version of Elastic Load Balancing v2's query
// requests, and elbClassicVersion that of the Classic Load Balancer API.
const (
	elbVersion        = "2015-12-01"
	elbClassicVersion = "2012-06-01"
)

// elbAPI routes Elastic Load Balancing v2's query requests. It comes
// before [elbClassicAPI] in [queryAPIs], so that an action both APIs name
// (CreateLoadBalancer) without a Version is v2's.
var elbAPI = &queryAPI{
	name: "Elastic Load Balancing", version: elbVersion, signingName: "elasticloadbalancing",
	actions: elbActions, form: elbQuery,
}

// elbQuery is Elastic Load Balancing v2's query protocol: its XML
// namespace, and every action with a result element, empty or not.
var elbQuery = &queryService{namespace: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"}

// elbActions are the actions the Elastic Load Balancing v2 handler
// serves: every elb.Service operation.
var elbActions = map[string]bool{
	"CreateLoadBalancer": true, "DeleteLoadBalancer": true, "DescribeLoadBalancers": true,
	"ModifyLoadBalancerAttributes": true, "DescribeLoadBalancerAttributes": true,
	"CreateListener": true, "ModifyListener": true, "DeleteListener": true, "DescribeListeners": true,
	"CreateRule": true, "ModifyRule": true, "DeleteRule": true, "DescribeRules": true, "SetRulePriorities": true,
	"CreateTargetGroup": true, "DeleteTargetGroup": true, "DescribeTargetGroups": true, "ModifyTargetGroup": true,
	"ModifyTargetGroupAttributes": true, "DescribeTargetGroupAttributes": true,
	"RegisterTargets": true, "DeregisterTargets": true, "DescribeTargetHealth": true,
	"AddTags": true, "RemoveTags": true, "DescribeTags": true,
}

// elbHandler serves one elb.Service's Elastic Load Balancing v2 API.
type elbHandler struct {
	svc *elb.Service
}

// serveQuery runs an Elastic Load Balancing v2 action.
func (h *elbHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveDocument(r, rw, f, elbQuery, elbActions, h.run)
}

// elbTags reads a list of Tag structures.
func (c docMap) elbTags(key string) []elb.Tag {
	var out []elb.Tag
	for _, t := range c.objects(key) {
		out = append(out, elb.Tag{Key: t.str("Key"), Value: t.str("Value")})
	}
	return out
}

// elbAttributes reads a list of Attribute structures.
func (c docMap) elbAttributes(key string) []elb.Attribute {
	var out []elb.Attribute
	for _, a := range c.objects(key) {
		out = append(out, elb.Attribute{Key: a.str("Key"), Value: a.str("Value")})
	}
	return out
}

// targets reads a list of TargetDescription structures.
func (c docMap) targets(key string) []elb.TargetDescription {
	var out []elb.TargetDescription
	for _, t := range c.objects(key) {
		out = append(out, elb.TargetDescription{Id: t.str("Id"), Port: t.integer("Port"), AvailabilityZone: t.str("AvailabilityZone")})
	}
	return out
}

// certificates reads a list of Certificate structures.
func (c docMap) certificates(key string) []elb.Certificate {
	var out []elb.Certificate
	for _, t := range c.objects(key) {
		out = append(out, elb.Certificate{CertificateArn: t.str("CertificateArn"), IsDefault: t.flag("IsDefault")})
	}
	return out
}

// matcher reads a Matcher structure.
func (c docMap) matcher(key string) elb.Matcher {
	m, _ := c.object(key)
	return elb.Matcher{HttpCode: m.str("HttpCode")}
}

// actions reads a list of Action structures.
func (c docMap) actions(key string) []elb.Action {
	var out []elb.Action
	for _, a := range c.objects(key) {
		act := elb.Action{Type: a.str("Type"), TargetGroupArn: a.str("TargetGroupArn"), Order: a.integer("Order")}
		if fc, ok := a.object("ForwardConfig"); ok {
			act.ForwardConfig = &elb.ForwardActionConfig{}
			for _, t := range fc.objects("TargetGroups") {
				tuple := elb.TargetGroupTuple{TargetGroupArn: t.str("TargetGroupArn")}
				if w, ok := t.number("Weight"); ok {
					n := int(w)
					tuple.Weight = &n
				}
				act.ForwardConfig.TargetGroups = append(act.ForwardConfig.TargetGroups, tuple)
			}
			if sc, ok := fc.object("TargetGroupStickinessConfig"); ok {
				act.ForwardConfig.TargetGroupStickinessConfig = &elb.TargetGroupStickinessConfig{
					Enabled: sc.flag("Enabled"), DurationSeconds: sc.integer("DurationSeconds"),
				}
			}
		}
		if rc, ok := a.object("RedirectConfig"); ok {
			act.RedirectConfig = &elb.RedirectActionConfig{
				Protocol: rc.str("Protocol"), Host: rc.str("Host"), Port: rc.str("Port"), Path: rc.str("Path"),
				Query: rc.str("Query"), StatusCode: rc.str("StatusCode"),
			}
		}
		if fr, ok := a.object("FixedResponseConfig"); ok {
			act.FixedResponseConfig = &elb.FixedResponseActionConfig{
				StatusCode: fr.str("StatusCode"), ContentType: fr.str("ContentType"), MessageBody: fr.str("MessageBody"),
			}
		}
		out = append(out, act)
	}
	return out
}

// conditions reads a list of RuleCondition structures.
func (c docMap) conditions(key string) []elb.RuleCondition {
	var out []elb.RuleCondition
	for _, d := range c.objects(key) {
		rc := elb.RuleCondition{Field: d.str("Field"), Values: d.strings("Values")}
		if v, ok := d.object("HostHeaderConfig"); ok {
			rc.HostHeaderConfig = &elb.HostHeaderConditionConfig{Values: v.strings("Values")}
		}
		if v, ok := d.object("PathPatternConfig"); ok {
			rc.PathPatternConfig = &elb.PathPatternConditionConfig{Values: v.strings("Values")}
		}
		if v, ok := d.object("HttpHeaderConfig"); ok {
			rc.HttpHeaderConfig = &elb.HttpHeaderConditionConfig{HttpHeaderName: v.str("HttpHeaderName"), Values: v.strings("Values")}
		}
		if v, ok := d.object("HttpRequestMethodConfig"); ok {
			rc.HttpRequestMethodConfig = &elb.HttpRequestMethodConditionConfig{Values: v.strings("Values")}
		}
		if v, ok := d.object("QueryStringConfig"); ok {
			rc.QueryStringConfig = &elb.QueryStringConditionConfig{}
			for _, kv := range v.objects("Values") {
				rc.QueryStringConfig.Values = append(rc.QueryStringConfig.Values, elb.QueryStringKeyValuePair{Key: kv.str("Key"), Value: kv.str("Value")})
			}
		}
		if v, ok := d.object("SourceIpConfig"); ok {
			rc.SourceIpConfig = &elb.SourceIpConditionConfig{Values: v.strings("Values")}
		}
		out = append(out, rc)
	}
	return out
}

// healthCheck is the health check members CreateTargetGroup and
// ModifyTargetGroup share.
type healthCheck struct {
	enabled                               *bool
	protocol, port, path                  string
	interval, timeout, healthy, unhealthy int
	matcher                               elb.Matcher
}

func (c docMap) healthCheck() healthCheck {
	return healthCheck{
		enabled: c.boolean("HealthCheckEnabled"), protocol: c.str("HealthCheckProtocol"),
		port: c.str("HealthCheckPort"), path: c.str("HealthCheckPath"),
		interval: c.integer("HealthCheckIntervalSeconds"), timeout: c.integer("HealthCheckTimeoutSeconds"),
		healthy: c.integer("HealthyThresholdCount"), unhealthy: c.integer("UnhealthyThresholdCount"),
		matcher: c.matcher("Matcher"),
	}
}

func writeLoadBalancers(w docWriter, list []elb.LoadBalancer) {
	w.key("LoadBalancers")
	w.beginList()
	for _, lb := range list {
		w.beginMap()
		w.str("LoadBalancerArn", lb.LoadBalancerArn)
		w.str("DNSName", lb.DNSName)
		w.time("CreatedTime", lb.CreatedTime)
		w.str("LoadBalancerName", lb.LoadBalancerName)
		w.str("Scheme", lb.Scheme)
		w.str("VpcId", lb.VpcId)
		w.key("State")
		w.beginMap()
		w.str("Code", lb.State.Code)
		w.str("Reason", lb.State.Reason)
		w.end()
		w.str("Type", lb.Type)
		w.key("AvailabilityZones")
		w.beginList()
		for _, z := range lb.AvailabilityZones {
			w.beginMap()
			w.str("ZoneName", z.ZoneName)
			w.str("SubnetId", z.SubnetId)
			w.end()
		}
		w.end()
		w.strings("SecurityGroups", lb.SecurityGroups)
		w.str("IpAddressType", lb.IpAddressType)
		w.end()
	}
	w.end()
}

func writeELBAttributes(w docWriter, list []elb.Attribute) {
	w.key("Attributes")
	w.beginList()
	for _, a := range list {
		w.beginMap()
		w.str("Key", a.Key)
		w.str("Value", a.Value)
		w.end()
	}
	w.end()
}

func writeActions(w docWriter, key string, list []elb.Action) {
	w.key(key)
	w.beginList()
	for _, a := range list {
		w.beginMap()
		w.str("Type", a.Type)
		w.str("TargetGroupArn", a.TargetGroupArn)
		if fc := a.ForwardConfig; fc != nil {
			w.key("ForwardConfig")
			w.beginMap()
			w.key("TargetGroups")
			w.beginList()
			for _, t := range fc.TargetGroups {
				w.beginMap()
				w.str("TargetGroupArn", t.TargetGroupArn)
				if t.Weight != nil {
					w.int("Weight", int64(*t.Weight))
				}
				w.end()
			}
			w.end()
			if sc := fc.TargetGroupStickinessConfig; sc != nil {
				w.key("TargetGroupStickinessConfig")
				w.beginMap()
				w.bool("Enabled", sc.Enabled)
				if sc.DurationSeconds > 0 {
					w.int("DurationSeconds", int64(sc.DurationSeconds))
				}
				w.end()
			}
			w.end()
		}
		if rc := a.RedirectConfig; rc != nil {
			w.key("RedirectConfig")
			w.beginMap()
			w.str("Protocol", rc.Protocol)
			w.str("Port", rc.Port)
			w.str("Host", rc.Host)
			w.str("Path", rc.Path)
			w.str("Query", rc.Query)
			w.str("StatusCode", rc.StatusCode)
			w.end()
		}
		if fr := a.FixedResponseConfig; fr != nil {
			w.key("FixedResponseConfig")
			w.beginMap()
			w.str("MessageBody", fr.MessageBody)
			w.str("StatusCode", fr.StatusCode)
			w.str("ContentType", fr.ContentType)
			w.end()
		}
		if a.Order > 0 {
			w.int("Order", int64(a.Order))
		}
		w.end()
	}
	w.end()
}

func writeListeners(w docWriter, list []elb.Listener) {
	w.key("Listeners")
	w.beginList()
	for _, l := range list {
		w.beginMap()
		w.str("ListenerArn", l.ListenerArn)
		w.str("LoadBalancerArn", l.LoadBalancerArn)
		w.int("Port", int64(l.Port))
		w.str("Protocol", l.Protocol)
		if len(l.Certificates) > 0 {
			w.key("Certificates")
			w.beginList()
			for _, c := range l.Certificates {
				w.beginMap()
				w.str("CertificateArn", c.CertificateArn)
				w.bool("IsDefault", c.IsDefault)
				w.end()
			}
			w.end()
		}
		w.str("SslPolicy", l.SslPolicy)
		writeActions(w, "DefaultActions", l.DefaultActions)
		w.end()
	}
	w.end()
}

func writeRules(w docWriter, list []elb.Rule) {
	w.key("Rules")
	w.beginList()
	for _, r := range list {
		w.beginMap()
		w.str("RuleArn", r.RuleArn)
		w.str("Priority", r.Priority)
		w.key("Conditions")
		w.beginList()
		for _, c := range r.Conditions {
			w.beginMap()
			w.str("Field", c.Field)
			if len(c.Values) > 0 {
				w.strings("Values", c.Values)
			}
			if v := c.HostHeaderConfig; v != nil {
				writeValuesConfig(w, "HostHeaderConfig", v.Values)
			}
			if v := c.PathPatternConfig; v != nil {
				writeValuesConfig(w, "PathPatternConfig", v.Values)
			}
			if v := c.HttpRequestMethodConfig; v != nil {
				writeValuesConfig(w, "HttpRequestMethodConfig", v.Values)
			}
			if v := c.SourceIpConfig; v != nil {
				writeValuesConfig(w, "SourceIpConfig", v.Values)
			}
			if h := c.HttpHeaderConfig; h != nil {
				w.key("HttpHeaderConfig")
				w.beginMap()
				w.str("HttpHeaderName", h.HttpHeaderName)
				w.strings("Values", h.Values)
				w.end()
			}
			if q := c.QueryStringConfig; q != nil {
				w.key("QueryStringConfig")
				w.beginMap()
				w.key("Values")
				w.beginList()
				for _, kv := range q.Values {
					w.beginMap()
					w.str("Key", kv.Key)
					w.str("Value", kv.Value)
					w.end()
				}
				w.end()
				w.end()
			}
			w.end()
		}
		w.end()
		writeActions(w, "Actions", r.Actions)
		w.bool("IsDefault", r.IsDefault)
		w.end()
	}
	w.end()
}

// writeValuesConfig writes a condition's config whose only member is
// its Values.
func writeValuesConfig(w docWriter, key string, values []string) {
	w.key(key)
	w.beginMap()
	w.strings("Values", values)
	w.end()
}

func writeTargetGroups(w docWriter, list []elb.TargetGroup) {
	w.key("TargetGroups")
	w.beginList()
	for _, tg := range list {
		w.beginMap()
		w.str("TargetGroupArn", tg.TargetGroupArn)
		w.str("TargetGroupName", tg.TargetGroupName)
		w.str("Protocol", tg.Protocol)
		if tg.Port > 0 {
			w.int("Port", int64(tg.Port))
		}
		w.str("VpcId", tg.VpcId)
		w.str("HealthCheckProtocol", tg.HealthCheckProtocol)
		w.str("HealthCheckPort", tg.HealthCheckPort)
		w.bool("HealthCheckEnabled", tg.HealthCheckEnabled)
		w.int("HealthCheckIntervalSeconds", int64(tg.HealthCheckIntervalSeconds))
		w.int("HealthCheckTimeoutSeconds", int64(tg.HealthCheckTimeoutSeconds))
		w.int("HealthyThresholdCount", int64(tg.HealthyThresholdCount))
		w.int("UnhealthyThresholdCount", int64(tg.UnhealthyThresholdCount))
		w.str("HealthCheckPath", tg.HealthCheckPath)
		if tg.Matcher.HttpCode != "" {
			w.key("Matcher")
			w.beginMap()
			w.str("HttpCode", tg.Matcher.HttpCode)
			w.end()
		}
		w.strings("LoadBalancerArns", tg.LoadBalancerArns)
		w.str("TargetType", tg.TargetType)
		w.str("ProtocolVersion", tg.ProtocolVersion)
		w.str("IpAddressType", tg.IpAddressType)
		w.end()
	}
	w.end()
}

// run calls the service for one Elastic Load Balancing v2 action and
// writes the output's members.
func (h *elbHandler) run(ctx context.Context, action string, c docMap, w docWriter) error {
	switch action {
	case "CreateLoadBalancer":
		in := &elb.CreateLoadBalancerInput{
			Name: c.str("Name"), Type: c.str("Type"), Scheme: c.str("Scheme"), Subnets: c.strings("Subnets"),
			SecurityGroups: c.strings("SecurityGroups"), IpAddressType: c.str("IpAddressType"), Tags: c.elbTags("Tags"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.CreateLoadBalancer(ctx, in)
		if err != nil {
			return err
		}
		writeLoadBalancers(w, out.LoadBalancers)
	case "DeleteLoadBalancer":
		_, err := h.svc.DeleteLoadBalancer(ctx, &elb.DeleteLoadBalancerInput{LoadBalancerArn: c.str("LoadBalancerArn")})
		return err
	case "DescribeLoadBalancers":
		in := &elb.DescribeLoadBalancersInput{
			LoadBalancerArns: c.strings("LoadBalancerArns"), Names: c.strings("Names"),
			Marker: c.str("Marker"), PageSize: c.integer("PageSize"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeLoadBalancers(ctx, in)
		if err != nil {
			return err
		}
		writeLoadBalancers(w, out.LoadBalancers)
		w.str("NextMarker", out.NextMarker)
	case "ModifyLoadBalancerAttributes":
		in := &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: c.str("LoadBalancerArn"), Attributes: c.elbAttributes("Attributes")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ModifyLoadBalancerAttributes(ctx, in)
		if err != nil {
			return err
		}
		writeELBAttributes(w, out.Attributes)
	case "DescribeLoadBalancerAttributes":
		out, err := h.svc.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: c.str("LoadBalancerArn")})
		if err != nil {
			return err
		}
		writeELBAttributes(w, out.Attributes)
	case "CreateListener":
		in := &elb.CreateListenerInput{
			LoadBalancerArn: c.str("LoadBalancerArn"), Protocol: c.str("Protocol"), Port: c.integer("Port"),
			Certificates: c.certificates("Certificates"), SslPolicy: c.str("SslPolicy"),
			DefaultActions: c.actions("DefaultActions"), Tags: c.elbTags("Tags"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.CreateListener(ctx, in)
		if err != nil {
			return err
		}
		writeListeners(w, out.Listeners)
	case "ModifyListener":
		in := &elb.ModifyListenerInput{
			ListenerArn: c.str("ListenerArn"), Port: c.integer("Port"), Protocol: c.str("Protocol"),
			Certificates: c.certificates("Certificates"), SslPolicy: c.str("SslPolicy"), DefaultActions: c.actions("DefaultActions"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ModifyListener(ctx, in)
		if err != nil {
			return err
		}
		writeListeners(w, out.Listeners)
	case "DeleteListener":
		_, err := h.svc.DeleteListener(ctx, &elb.DeleteListenerInput{ListenerArn: c.str("ListenerArn")})
		return err
	case "DescribeListeners":
		in := &elb.DescribeListenersInput{
			LoadBalancerArn: c.str("LoadBalancerArn"), ListenerArns: c.strings("ListenerArns"),
			Marker: c.str("Marker"), PageSize: c.integer("PageSize"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeListeners(ctx, in)
		if err != nil {
			return err
		}
		writeListeners(w, out.Listeners)
		w.str("NextMarker", out.NextMarker)
	case "CreateRule":
		in := &elb.CreateRuleInput{
			ListenerArn: c.str("ListenerArn"), Priority: c.integer("Priority"),
			Conditions: c.conditions("Conditions"), Actions: c.actions("Actions"), Tags: c.elbTags("Tags"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.CreateRule(ctx, in)
		if err != nil {
			return err
		}
		writeRules(w, out.Rules)
	case "ModifyRule":
		in := &elb.ModifyRuleInput{RuleArn: c.str("RuleArn"), Conditions: c.conditions("Conditions"), Actions: c.actions("Actions")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ModifyRule(ctx, in)
		if err != nil {
			return err
		}
		writeRules(w, out.Rules)
	case "DeleteRule":
		_, err := h.svc.DeleteRule(ctx, &elb.DeleteRuleInput{RuleArn: c.str("RuleArn")})
		return err
	case "DescribeRules":
		in := &elb.DescribeRulesInput{
			ListenerArn: c.str("ListenerArn"), RuleArns: c.strings("RuleArns"),
			Marker: c.str("Marker"), PageSize: c.integer("PageSize"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeRules(ctx, in)
		if err != nil {
			return err
		}
		writeRules(w, out.Rules)
		w.str("NextMarker", out.NextMarker)
	case "SetRulePriorities":
		in := &elb.SetRulePrioritiesInput{}
		for _, p := range c.objects("RulePriorities") {
			in.RulePriorities = append(in.RulePriorities, elb.RulePriorityPair{RuleArn: p.str("RuleArn"), Priority: p.integer("Priority")})
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.SetRulePriorities(ctx, in)
		if err != nil {
			return err
		}
		writeRules(w, out.Rules)
	case "CreateTargetGroup":
		hc := c.healthCheck()
		in := &elb.CreateTargetGroupInput{
			Name: c.str("Name"), TargetType: c.str("TargetType"), Protocol: c.str("Protocol"), Port: c.integer("Port"),
			ProtocolVersion: c.str("ProtocolVersion"), VpcId: c.str("VpcId"),
			HealthCheckEnabled: hc.enabled, HealthCheckProtocol: hc.protocol, HealthCheckPort: hc.port, HealthCheckPath: hc.path,
			HealthCheckIntervalSeconds: hc.interval, HealthCheckTimeoutSeconds: hc.timeout,
			HealthyThresholdCount: hc.healthy, UnhealthyThresholdCount: hc.unhealthy, Matcher: hc.matcher,
			IpAddressType: c.str("IpAddressType"), Tags: c.elbTags("Tags"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.CreateTargetGroup(ctx, in)
		if err != nil {
			return err
		}
		writeTargetGroups(w, out.TargetGroups)
	case "DeleteTargetGroup":
		_, err := h.svc.DeleteTargetGroup(ctx, &elb.DeleteTargetGroupInput{TargetGroupArn: c.str("TargetGroupArn")})
		return err
	case "DescribeTargetGroups":
		in := &elb.DescribeTargetGroupsInput{
			LoadBalancerArn: c.str("LoadBalancerArn"), TargetGroupArns: c.strings("TargetGroupArns"), Names: c.strings("Names"),
			Marker: c.str("Marker"), PageSize: c.integer("PageSize"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeTargetGroups(ctx, in)
		if err != nil {
			return err
		}
		writeTargetGroups(w, out.TargetGroups)
		w.str("NextMarker", out.NextMarker)
	case "ModifyTargetGroup":
		hc := c.healthCheck()
		in := &elb.ModifyTargetGroupInput{
			TargetGroupArn:     c.str("TargetGroupArn"),
			HealthCheckEnabled: hc.enabled, HealthCheckProtocol: hc.protocol, HealthCheckPort: hc.port, HealthCheckPath: hc.path,
			HealthCheckIntervalSeconds: hc.interval, HealthCheckTimeoutSeconds: hc.timeout,
			HealthyThresholdCount: hc.healthy, UnhealthyThresholdCount: hc.unhealthy, Matcher: hc.matcher,
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ModifyTargetGroup(ctx, in)
		if err != nil {
			return err
		}
		writeTargetGroups(w, out.TargetGroups)
	case "ModifyTargetGroupAttributes":
		in := &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: c.str("TargetGroupArn"), Attributes: c.elbAttributes("Attributes")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.ModifyTargetGroupAttributes(ctx, in)
		if err != nil {
			return err
		}
		writeELBAttributes(w, out.Attributes)
	case "DescribeTargetGroupAttributes":
		out, err := h.svc.DescribeTargetGroupAttributes(ctx, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: c.str("TargetGroupArn")})
		if err != nil {
			return err
		}
		writeELBAttributes(w, out.Attributes)
	case "RegisterTargets", "DeregisterTargets":
		arn, targets := c.str("TargetGroupArn"), c.targets("Targets")
		if *c.err != nil {
			return *c.err
		}
		var err error
		if action == "RegisterTargets" {
			_, err = h.svc.RegisterTargets(ctx, &elb.RegisterTargetsInput{TargetGroupArn: arn, Targets: targets})
		} else {
			_, err = h.svc.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: arn, Targets: targets})
		}
		return err
	case "DescribeTargetHealth":
		in := &elb.DescribeTargetHealthInput{TargetGroupArn: c.str("TargetGroupArn"), Targets: c.targets("Targets")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeTargetHealth(ctx, in)
		if err != nil {
			return err
		}
		w.key("TargetHealthDescriptions")
		w.beginList()
		for _, d := range out.TargetHealthDescriptions {
			w.beginMap()
			w.key("Target")
			w.beginMap()
			w.str("Id", d.Target.Id)
			if d.Target.Port > 0 {
				w.int("Port", int64(d.Target.Port))
			}
			w.str("AvailabilityZone", d.Target.AvailabilityZone)
			w.end()
			w.str("HealthCheckPort", d.HealthCheckPort)
			w.key("TargetHealth")
			w.beginMap()
			w.str("State", d.TargetHealth.State)
			w.str("Reason", d.TargetHealth.Reason)
			w.str("Description", d.TargetHealth.Description)
			w.end()
			w.end()
		}
		w.end()
	case "AddTags":
		in := &elb.AddTagsInput{ResourceArns: c.strings("ResourceArns"), Tags: c.elbTags("Tags")}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.AddTags(ctx, in)
		return err
	case "RemoveTags":
		in := &elb.RemoveTagsInput{ResourceArns: c.strings("ResourceArns"), TagKeys: c.strings("TagKeys")}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.svc.RemoveTags(ctx, in)
		return err
	case "DescribeTags":
		in := &elb.DescribeTagsInput{ResourceArns: c.strings("ResourceArns")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.svc.DescribeTags(ctx, in)
		if err != nil {
			return err
		}
		w.key("TagDescriptions")
		w.beginList()
		for _, d := range out.TagDescriptions {
			w.beginMap()
			w.str("ResourceArn", d.ResourceArn)
			writeELBTags(w, d.Tags)
			w.end()
		}
		w.end()
	}
	return nil
}

// writeELBTags writes a list of Tag structures.
func writeELBTags(w docWriter, list []elb.Tag) {
	w.key("Tags")
	w.beginList()
	for _, t := range list {
		w.beginMap()
		w.str("Key", t.Key)
		w.str("Value", t.Value)
		w.end()
	}
	w.end()
}
