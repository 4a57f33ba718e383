package server

import (
	"context"
	"net/http"

	"github.com/awssim/awssim/elb"
)

// elbClassicAPI routes the Classic Load Balancer API's query requests.
var elbClassicAPI = &queryAPI{
	name: "Elastic Load Balancing (Classic)", version: elbClassicVersion, signingName: "elasticloadbalancing",
	actions: elbClassicActions, form: elbClassicQuery,
}

// elbClassicQuery is the Classic Load Balancer API's query protocol.
var elbClassicQuery = &queryService{namespace: "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"}

// elbClassicActions are the actions the Classic handler serves: every
// elb.Classic operation.
var elbClassicActions = map[string]bool{
	"CreateLoadBalancer": true, "DeleteLoadBalancer": true, "DescribeLoadBalancers": true,
	"CreateLoadBalancerListeners": true, "DeleteLoadBalancerListeners": true, "ConfigureHealthCheck": true,
	"RegisterInstancesWithLoadBalancer": true, "DeregisterInstancesFromLoadBalancer": true, "DescribeInstanceHealth": true,
	"ModifyLoadBalancerAttributes": true, "DescribeLoadBalancerAttributes": true,
}

// elbClassicHandler serves one elb.Service's Classic Load Balancer API.
type elbClassicHandler struct {
	classic *elb.Classic
}

// serveQuery runs a Classic Load Balancer action.
func (h *elbClassicHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveDocument(r, rw, f, elbClassicQuery, elbClassicActions, h.run)
}

// classicListeners reads a list of Listener structures.
func (c docMap) classicListeners(key string) []elb.ClassicListener {
	var out []elb.ClassicListener
	for _, l := range c.objects(key) {
		out = append(out, elb.ClassicListener{
			Protocol: l.str("Protocol"), LoadBalancerPort: l.integer("LoadBalancerPort"),
			InstanceProtocol: l.str("InstanceProtocol"), InstancePort: l.integer("InstancePort"),
			SSLCertificateId: l.str("SSLCertificateId"),
		})
	}
	return out
}

// instances reads a list of Instance structures.
func (c docMap) instances(key string) []elb.ClassicInstance {
	var out []elb.ClassicInstance
	for _, i := range c.objects(key) {
		out = append(out, elb.ClassicInstance{InstanceId: i.str("InstanceId")})
	}
	return out
}

// flag reads a boolean member, false when absent.
func (c docMap) flag(key string) bool {
	b := c.boolean(key)
	return b != nil && *b
}

// classicAttributes reads a LoadBalancerAttributes structure.
func (c docMap) classicAttributes(key string) elb.ClassicLoadBalancerAttributes {
	var a elb.ClassicLoadBalancerAttributes
	m, _ := c.object(key)
	if v, ok := m.object("CrossZoneLoadBalancing"); ok {
		a.CrossZoneLoadBalancing = &elb.ClassicCrossZoneLoadBalancing{Enabled: v.flag("Enabled")}
	}
	if v, ok := m.object("ConnectionDraining"); ok {
		a.ConnectionDraining = &elb.ClassicConnectionDraining{Enabled: v.flag("Enabled"), Timeout: v.integer("Timeout")}
	}
	if v, ok := m.object("ConnectionSettings"); ok {
		a.ConnectionSettings = &elb.ClassicConnectionSettings{IdleTimeout: v.integer("IdleTimeout")}
	}
	if v, ok := m.object("AccessLog"); ok {
		a.AccessLog = &elb.ClassicAccessLog{
			Enabled: v.flag("Enabled"), S3BucketName: v.str("S3BucketName"),
			EmitInterval: v.integer("EmitInterval"), S3BucketPrefix: v.str("S3BucketPrefix"),
		}
	}
	return a
}

func writeClassicAttributes(w docWriter, a elb.ClassicLoadBalancerAttributes) {
	w.key("LoadBalancerAttributes")
	w.beginMap()
	if v := a.CrossZoneLoadBalancing; v != nil {
		w.key("CrossZoneLoadBalancing")
		w.beginMap()
		w.bool("Enabled", v.Enabled)
		w.end()
	}
	if v := a.AccessLog; v != nil {
		w.key("AccessLog")
		w.beginMap()
		w.bool("Enabled", v.Enabled)
		w.str("S3BucketName", v.S3BucketName)
		if v.EmitInterval > 0 {
			w.int("EmitInterval", int64(v.EmitInterval))
		}
		w.str("S3BucketPrefix", v.S3BucketPrefix)
		w.end()
	}
	if v := a.ConnectionDraining; v != nil {
		w.key("ConnectionDraining")
		w.beginMap()
		w.bool("Enabled", v.Enabled)
		w.int("Timeout", int64(v.Timeout))
		w.end()
	}
	if v := a.ConnectionSettings; v != nil {
		w.key("ConnectionSettings")
		w.beginMap()
		w.int("IdleTimeout", int64(v.IdleTimeout))
		w.end()
	}
	w.end()
}

func writeHealthCheck(w docWriter, hc elb.ClassicHealthCheck) {
	w.key("HealthCheck")
	w.beginMap()
	w.str("Target", hc.Target)
	w.int("Interval", int64(hc.Interval))
	w.int("Timeout", int64(hc.Timeout))
	w.int("UnhealthyThreshold", int64(hc.UnhealthyThreshold))
	w.int("HealthyThreshold", int64(hc.HealthyThreshold))
	w.end()
}

func writeInstances(w docWriter, list []elb.ClassicInstance) {
	w.key("Instances")
	w.beginList()
	for _, i := range list {
		w.beginMap()
		w.str("InstanceId", i.InstanceId)
		w.end()
	}
	w.end()
}

func writeClassicListener(w docWriter, l elb.ClassicListener) {
	w.key("Listener")
	w.beginMap()
	w.str("Protocol", l.Protocol)
	w.int("LoadBalancerPort", int64(l.LoadBalancerPort))
	w.str("InstanceProtocol", l.InstanceProtocol)
	w.int("InstancePort", int64(l.InstancePort))
	w.str("SSLCertificateId", l.SSLCertificateId)
	w.end()
}

// run calls the service for one Classic Load Balancer action and writes
// the output's members.
func (h *elbClassicHandler) run(ctx context.Context, action string, c docMap, w docWriter) error {
	name := c.str("LoadBalancerName")
	switch action {
	case "CreateLoadBalancer":
		in := &elb.ClassicCreateLoadBalancerInput{
			LoadBalancerName: name, Listeners: c.classicListeners("Listeners"),
			AvailabilityZones: c.strings("AvailabilityZones"), Subnets: c.strings("Subnets"),
			SecurityGroups: c.strings("SecurityGroups"), Scheme: c.str("Scheme"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.CreateLoadBalancer(ctx, in)
		if err != nil {
			return err
		}
		w.str("DNSName", out.DNSName)
	case "DeleteLoadBalancer":
		_, err := h.classic.DeleteLoadBalancer(ctx, &elb.ClassicDeleteLoadBalancerInput{LoadBalancerName: name})
		return err
	case "DescribeLoadBalancers":
		in := &elb.ClassicDescribeLoadBalancersInput{
			LoadBalancerNames: c.strings("LoadBalancerNames"), Marker: c.str("Marker"), PageSize: c.integer("PageSize"),
		}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.DescribeLoadBalancers(ctx, in)
		if err != nil {
			return err
		}
		w.key("LoadBalancerDescriptions")
		w.beginList()
		for _, lb := range out.LoadBalancerDescriptions {
			w.beginMap()
			w.str("LoadBalancerName", lb.LoadBalancerName)
			w.str("DNSName", lb.DNSName)
			w.key("ListenerDescriptions")
			w.beginList()
			for _, d := range lb.ListenerDescriptions {
				w.beginMap()
				writeClassicListener(w, d.Listener)
				w.strings("PolicyNames", d.PolicyNames)
				w.end()
			}
			w.end()
			writeInstances(w, lb.Instances)
			writeHealthCheck(w, lb.HealthCheck)
			w.strings("AvailabilityZones", lb.AvailabilityZones)
			w.strings("Subnets", lb.Subnets)
			w.str("VPCId", lb.VPCId)
			w.strings("SecurityGroups", lb.SecurityGroups)
			w.str("Scheme", lb.Scheme)
			w.time("CreatedTime", lb.CreatedTime)
			w.end()
		}
		w.end()
		w.str("NextMarker", out.NextMarker)
	case "CreateLoadBalancerListeners":
		in := &elb.ClassicCreateLoadBalancerListenersInput{LoadBalancerName: name, Listeners: c.classicListeners("Listeners")}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.classic.CreateLoadBalancerListeners(ctx, in)
		return err
	case "DeleteLoadBalancerListeners":
		in := &elb.ClassicDeleteLoadBalancerListenersInput{LoadBalancerName: name}
		for _, p := range c.floats("LoadBalancerPorts") {
			in.LoadBalancerPorts = append(in.LoadBalancerPorts, int(p))
		}
		if *c.err != nil {
			return *c.err
		}
		_, err := h.classic.DeleteLoadBalancerListeners(ctx, in)
		return err
	case "ConfigureHealthCheck":
		hc, _ := c.object("HealthCheck")
		in := &elb.ClassicConfigureHealthCheckInput{LoadBalancerName: name, HealthCheck: elb.ClassicHealthCheck{
			Target: hc.str("Target"), Interval: hc.integer("Interval"), Timeout: hc.integer("Timeout"),
			UnhealthyThreshold: hc.integer("UnhealthyThreshold"), HealthyThreshold: hc.integer("HealthyThreshold"),
		}}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.ConfigureHealthCheck(ctx, in)
		if err != nil {
			return err
		}
		writeHealthCheck(w, out.HealthCheck)
	case "RegisterInstancesWithLoadBalancer":
		in := &elb.ClassicRegisterInstancesInput{LoadBalancerName: name, Instances: c.instances("Instances")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.RegisterInstancesWithLoadBalancer(ctx, in)
		if err != nil {
			return err
		}
		writeInstances(w, out.Instances)
	case "DeregisterInstancesFromLoadBalancer":
		in := &elb.ClassicDeregisterInstancesInput{LoadBalancerName: name, Instances: c.instances("Instances")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.DeregisterInstancesFromLoadBalancer(ctx, in)
		if err != nil {
			return err
		}
		writeInstances(w, out.Instances)
	case "DescribeInstanceHealth":
		in := &elb.ClassicDescribeInstanceHealthInput{LoadBalancerName: name, Instances: c.instances("Instances")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.DescribeInstanceHealth(ctx, in)
		if err != nil {
			return err
		}
		w.key("InstanceStates")
		w.beginList()
		for _, s := range out.InstanceStates {
			w.beginMap()
			w.str("InstanceId", s.InstanceId)
			w.str("State", s.State)
			w.str("ReasonCode", s.ReasonCode)
			w.str("Description", s.Description)
			w.end()
		}
		w.end()
	case "ModifyLoadBalancerAttributes":
		in := &elb.ClassicModifyLoadBalancerAttributesInput{LoadBalancerName: name, LoadBalancerAttributes: c.classicAttributes("LoadBalancerAttributes")}
		if *c.err != nil {
			return *c.err
		}
		out, err := h.classic.ModifyLoadBalancerAttributes(ctx, in)
		if err != nil {
			return err
		}
		w.str("LoadBalancerName", out.LoadBalancerName)
		writeClassicAttributes(w, out.LoadBalancerAttributes)
	case "DescribeLoadBalancerAttributes":
		out, err := h.classic.DescribeLoadBalancerAttributes(ctx, &elb.ClassicDescribeLoadBalancerAttributesInput{LoadBalancerName: name})
		if err != nil {
			return err
		}
		writeClassicAttributes(w, out.LoadBalancerAttributes)
	}
	return nil
}
