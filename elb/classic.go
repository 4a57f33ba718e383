package elb

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/awserr"
	"github.com/awssim/awssim/internal/service"
)

// Limits of Classic Load Balancers, from the quotas of the User Guide
// for Classic Load Balancers.
const (
	// MaxClassicLoadBalancers is the most Classic Load Balancers an
	// account has in a region.
	MaxClassicLoadBalancers = 20
	// MaxClassicListeners is the most listeners a Classic Load Balancer
	// has.
	MaxClassicListeners = 100
)

// TypeClassic is the type of a Classic Load Balancer, as the package
// names it (the Classic API has no type field).
const TypeClassic = "classic"

// ProtocolSSL is the Classic listener protocol for TLS over TCP.
const ProtocolSSL = "SSL"

// ClassicHealthCheckUserAgent is the User-Agent of the health check
// requests a Classic Load Balancer sends to its instances.
const ClassicHealthCheckUserAgent = "ELB-HealthChecker/1.0"

// Sentinels of the Classic API's own error codes. The codes the two APIs
// share (LoadBalancerNotFound, DuplicateLoadBalancerName,
// TooManyLoadBalancers, DuplicateListener, ListenerNotFound,
// ValidationError) are the sentinels above.
var (
	// ErrInvalidInstance: an instance ID is malformed, or is not
	// registered with the load balancer (code InvalidInstance, the
	// model's InvalidEndPointException).
	ErrInvalidInstance = awserr.New("InvalidInstance", http.StatusBadRequest)
	// ErrInvalidScheme: a scheme other than internet-facing for a load
	// balancer given zones instead of subnets, or one not known.
	ErrInvalidScheme = awserr.New("InvalidScheme", http.StatusBadRequest)
)

// errClassicConfiguration is the Classic API's InvalidConfigurationRequest:
// the code of ErrInvalidConfigurationRequestException, with the HTTP
// status 409 that the Classic API gives it, so errors.Is matches either.
var errClassicConfiguration = awserr.New("InvalidConfigurationRequest", http.StatusConflict)

// Classic is the Classic Load Balancer API (Elastic Load Balancing,
// version 2012-06-01) of a [Service]: load balancers named, not by ARN,
// whose listeners forward to every instance registered with the load
// balancer. Get it with [Service.Classic]. Its load balancers share the
// service's clock, seed, backends and metrics with the ELBv2 ones, and
// are apart from them: an ELBv2 operation does not see them.
type Classic struct {
	s *Service
}

// Classic returns the service's Classic Load Balancer API.
func (s *Service) Classic() *Classic { return &Classic{s: s} }

// classicState is what a Classic Load Balancer has beyond a loadBalancer.
type classicState struct {
	// instances is the hidden target group of every registered
	// instance, which each listener's default rule forwards to.
	instances *targetGroup
	health    ClassicHealthCheck
	subnets   []string
	zones     []string
}

// ClassicListener is a listener of a Classic Load Balancer: the port and
// protocol it takes requests on, and the port and protocol of the
// instances it forwards them to.
type ClassicListener struct {
	// Protocol is HTTP, HTTPS, TCP or SSL. Required.
	Protocol string
	// LoadBalancerPort is 1 to 65535, one listener per port. Required.
	LoadBalancerPort int
	// InstanceProtocol is HTTP or HTTPS behind an HTTP or HTTPS
	// listener, TCP or SSL behind a TCP or SSL one; it defaults to
	// Protocol.
	InstanceProtocol string
	// InstancePort is 1 to 65535. Required.
	InstancePort int
	// SSLCertificateId is the certificate ARN of an HTTPS or SSL
	// listener, required for them and not checked.
	SSLCertificateId string
}

// ClassicListenerDescription is a listener as DescribeLoadBalancers
// shows it.
type ClassicListenerDescription struct {
	Listener    ClassicListener
	PolicyNames []string
}

// ClassicInstance names an instance.
type ClassicInstance struct {
	InstanceId string
}

// ClassicHealthCheck is a Classic Load Balancer's health check.
type ClassicHealthCheck struct {
	// Target is PROTOCOL:PORT, with a path for HTTP and HTTPS:
	// "TCP:80", "SSL:443", "HTTP:80/health". TCP and SSL checks pass
	// when something listens on the port (a Backend is set); HTTP and
	// HTTPS checks when the path answers 200 within the timeout.
	Target string
	// Interval is 5 to 300 seconds; Timeout 2 to 60, below Interval.
	Interval int
	Timeout  int
	// UnhealthyThreshold and HealthyThreshold are 2 to 10 consecutive
	// checks.
	UnhealthyThreshold int
	HealthyThreshold   int
}

// The health check of a new Classic Load Balancer, as the API creates
// it: a TCP check of its first listener's instance port.
const (
	classicInterval           = 30
	classicTimeout            = 5
	classicUnhealthyThreshold = 2
	classicHealthyThreshold   = 10
)

// ClassicLoadBalancer describes a Classic Load Balancer, as
// DescribeLoadBalancers returns it.
type ClassicLoadBalancer struct {
	LoadBalancerName string
	// DNSName is NAME-DIGITS.REGION.elb.amazonaws.com, prefixed with
	// "internal-" when the scheme is internal.
	DNSName              string
	ListenerDescriptions []ClassicListenerDescription
	Instances            []ClassicInstance
	HealthCheck          ClassicHealthCheck
	AvailabilityZones    []string
	Subnets              []string
	// VPCId is the account's VPC for a load balancer in subnets, empty
	// for one given zones (EC2-Classic).
	VPCId          string
	SecurityGroups []string
	Scheme         string
	CreatedTime    time.Time
}

// ClassicCreateLoadBalancerInput is the input of
// [Classic.CreateLoadBalancer].
type ClassicCreateLoadBalancerInput struct {
	// LoadBalancerName is 1 to 32 letters, digits and hyphens, not
	// beginning or ending with a hyphen. Required.
	LoadBalancerName string
	// Listeners are the load balancer's first listeners. Required.
	Listeners []ClassicListener
	// AvailabilityZones or Subnets, one of them, are where the load
	// balancer is: zones of the region, or subnets (subnet-…, the i-th
	// taken to be in the region's i-th zone).
	AvailabilityZones []string
	Subnets           []string
	// SecurityGroups are recorded.
	SecurityGroups []string
	// Scheme is internet-facing (the default) or, with subnets,
	// internal.
	Scheme string
}

// ClassicCreateLoadBalancerOutput is the output of
// [Classic.CreateLoadBalancer].
type ClassicCreateLoadBalancerOutput struct {
	DNSName string
}

// CreateLoadBalancer creates a Classic Load Balancer with its listeners,
// no instances and the default health check (TCP on the first
// listener's instance port, every 30 s, timeout 5 s, unhealthy after 2
// failures, healthy after 10 passes). Creating a load balancer of an
// existing name with the same listeners returns it again.
//
// Errors: ErrValidationError, ErrDuplicateLoadBalancerNameException,
// ErrTooManyLoadBalancersException (MaxClassicLoadBalancers),
// ErrInvalidScheme, ErrDuplicateListenerException (two listeners on a
// port), ErrInvalidConfigurationRequestException (listeners on one
// instance port that disagree on security).
func (c *Classic) CreateLoadBalancer(ctx context.Context, in *ClassicCreateLoadBalancerInput) (*ClassicCreateLoadBalancerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s := c.s
	scheme := or(in.Scheme, SchemeInternetFacing)
	switch {
	case !arn.IsELBName(in.LoadBalancerName):
		return nil, ErrValidationError.With("load balancer name %q is not 1 to 32 letters, digits and hyphens, beginning and ending with a letter or digit", in.LoadBalancerName)
	case len(in.Listeners) == 0:
		return nil, ErrValidationError.With("at least one listener must be specified")
	case len(in.AvailabilityZones) > 0 && len(in.Subnets) > 0:
		return nil, ErrValidationError.With("availability zones and subnets cannot be specified at the same time")
	case len(in.AvailabilityZones) == 0 && len(in.Subnets) == 0:
		return nil, ErrValidationError.With("either availability zones or subnets must be specified")
	case scheme != SchemeInternetFacing && scheme != SchemeInternal:
		return nil, ErrInvalidScheme.With("scheme %q is not internet-facing or internal", scheme)
	case scheme == SchemeInternal && len(in.Subnets) == 0:
		return nil, ErrInvalidScheme.With("the internal scheme is only for load balancers in a VPC (given subnets)")
	}
	for i, z := range in.AvailabilityZones {
		if len(z) != len(s.region)+1 || !strings.HasPrefix(z, s.region) || z[len(z)-1] < 'a' || z[len(z)-1] > 'z' {
			return nil, ErrValidationError.With("availability zone %q is not a zone of region %s", z, s.region)
		}
		if slices.Contains(in.AvailabilityZones[:i], z) {
			return nil, ErrValidationError.With("availability zone %q is given twice", z)
		}
	}
	for i, sn := range in.Subnets {
		if !strings.HasPrefix(sn, "subnet-") || len(sn) == len("subnet-") {
			return nil, ErrValidationError.With("subnet %q is not a subnet ID (subnet-…)", sn)
		}
		if slices.Contains(in.Subnets[:i], sn) {
			return nil, ErrValidationError.With("subnet %q is given twice", sn)
		}
	}
	listeners, err := checkClassicListeners(nil, in.Listeners)
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if lb := s.classics[in.LoadBalancerName]; lb != nil {
		if lb.scheme != scheme || !slices.Equal(lb.classic.subnets, in.Subnets) || !slices.Equal(lb.classic.zones, in.AvailabilityZones) ||
			!slices.Equal(classicListenersOf(lb), listeners) {
			return nil, ErrDuplicateLoadBalancerNameException.With("a load balancer with the name %q already exists", in.LoadBalancerName)
		}
		return &ClassicCreateLoadBalancerOutput{DNSName: lb.dns}, nil
	}
	if len(s.classics) >= MaxClassicLoadBalancers {
		return nil, ErrTooManyLoadBalancersException.With("the account has %d Classic Load Balancers, the most allowed", MaxClassicLoadBalancers)
	}
	s.nextSeq++
	lb := &loadBalancer{
		seq:            s.nextSeq,
		dimension:      in.LoadBalancerName,
		name:           in.LoadBalancerName,
		typ:            TypeClassic,
		scheme:         scheme,
		created:        s.sched.Now(),
		securityGroups: slices.Clone(in.SecurityGroups),
		attrs:          newAttributes(classicAttributes()),
		classic: &classicState{
			instances: s.newInstanceGroup(in.LoadBalancerName),
			subnets:   slices.Clone(in.Subnets),
			zones:     slices.Clone(in.AvailabilityZones),
			health: ClassicHealthCheck{
				Target:   ProtocolTCP + ":" + itoa(listeners[0].InstancePort),
				Interval: classicInterval, Timeout: classicTimeout,
				UnhealthyThreshold: classicUnhealthyThreshold, HealthyThreshold: classicHealthyThreshold,
			},
		},
	}
	lb.classic.instances.health, _ = classicCheck(lb.classic.health)
	lb.dns = s.dnsName(lb)
	for _, cl := range listeners {
		s.addClassicListener(lb, cl)
	}
	s.classics[lb.name] = lb
	return &ClassicCreateLoadBalancerOutput{DNSName: lb.dns}, nil
}

// classicAttributes are a Classic Load Balancer's attributes, under the
// keys the data plane reads (those of an Application Load Balancer
// where they mean the same), with the API's defaults.
func classicAttributes() []attributeSpec {
	return []attributeSpec{
		boolAttr("access_logs.s3.enabled", "false"),
		stringAttr("access_logs.s3.bucket"),
		stringAttr("access_logs.s3.prefix"),
		enumAttr("access_logs.s3.emit_interval", "60", "5", "60"),
		intAttr("idle_timeout.timeout_seconds", "60", 1, 3600),
		boolAttr("connection_draining.enabled", "false"),
		intAttr("connection_draining.timeout_seconds", "300", 1, 3600),
		boolAttr("load_balancing.cross_zone.enabled", "false"),
		// A Classic Load Balancer appends the client to X-Forwarded-For.
		enumAttr("routing.http.xff_header_processing.mode", "append", "append"),
	}
}

// newInstanceGroup returns the hidden target group of a Classic Load
// Balancer's instances: requests go to healthy instances only (no
// fail-open: with none healthy the client gets a 503), the least busy
// first, as a Classic Load Balancer routes HTTP; deregistered instances
// go at once until connection draining is enabled. It is not in
// s.targetGroups. s.mu must be held.
func (s *Service) newInstanceGroup(name string) *targetGroup {
	tg := &targetGroup{name: name, targetType: TargetTypeInstance, protocol: ProtocolHTTP, ipType: "ipv4", users: make(map[*loadBalancer]int)}
	tg.attrs = newAttributes(targetGroupAttributes(tg))
	for k, v := range map[string]string{
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count": "off",
		"load_balancing.algorithm.type":                                             AlgorithmLeastOutstandingRequests,
		"deregistration_delay.timeout_seconds":                                      "0",
	} {
		tg.attrs.values[k] = v
	}
	return tg
}

// checkClassicListeners checks listeners to add to a load balancer that
// has those of have, and fills in their instance protocols.
func checkClassicListeners(have, listeners []ClassicListener) ([]ClassicListener, error) {
	out := make([]ClassicListener, 0, len(listeners))
	for _, cl := range listeners {
		cl.Protocol = strings.ToUpper(cl.Protocol)
		cl.InstanceProtocol = strings.ToUpper(or(cl.InstanceProtocol, cl.Protocol))
		switch {
		case !classicProtocol(cl.Protocol):
			return nil, ErrValidationError.With("listener protocol %q is not HTTP, HTTPS, TCP or SSL", cl.Protocol)
		case !classicProtocol(cl.InstanceProtocol):
			return nil, ErrValidationError.With("instance protocol %q is not HTTP, HTTPS, TCP or SSL", cl.InstanceProtocol)
		case layer7(cl.Protocol) != layer7(cl.InstanceProtocol):
			return nil, errClassicConfiguration.With("instance protocol %s does not suit listener protocol %s: HTTP and HTTPS go with each other, TCP and SSL with each other", cl.InstanceProtocol, cl.Protocol)
		case cl.LoadBalancerPort < 1 || cl.LoadBalancerPort > 65535:
			return nil, ErrValidationError.With("load balancer port %d is not from 1 to 65535", cl.LoadBalancerPort)
		case cl.InstancePort < 1 || cl.InstancePort > 65535:
			return nil, ErrValidationError.With("instance port %d is not from 1 to 65535", cl.InstancePort)
		case secure(cl.Protocol) && cl.SSLCertificateId == "":
			return nil, ErrValidationError.With("a listener of protocol %s needs an SSL certificate ID", cl.Protocol)
		case !secure(cl.Protocol) && cl.SSLCertificateId != "":
			return nil, ErrValidationError.With("a listener of protocol %s takes no SSL certificate", cl.Protocol)
		}
		for _, o := range slices.Concat(have, out) {
			if o.InstancePort == cl.InstancePort && secure(o.InstanceProtocol) != secure(cl.InstanceProtocol) {
				return nil, errClassicConfiguration.With("listeners forwarding to instance port %d must all use secure (HTTPS, SSL) or all plain (HTTP, TCP) instance protocols", cl.InstancePort)
			}
		}
		out = append(out, cl)
	}
	for i, cl := range out {
		for _, o := range slices.Concat(have, out[:i]) {
			if o.LoadBalancerPort == cl.LoadBalancerPort && o != cl {
				return nil, ErrDuplicateListenerException.With("a listener already exists on port %d with other settings", cl.LoadBalancerPort)
			}
		}
	}
	return out, nil
}

func classicProtocol(p string) bool {
	return p == ProtocolHTTP || p == ProtocolHTTPS || p == ProtocolTCP || p == ProtocolSSL
}

func layer7(p string) bool { return p == ProtocolHTTP || p == ProtocolHTTPS }

func secure(p string) bool { return p == ProtocolHTTPS || p == ProtocolSSL }

// addClassicListener adds the checked listener cl to lb, its default
// rule forwarding to lb's instances, unless lb has it already. s.mu must
// be held.
func (s *Service) addClassicListener(lb *loadBalancer, cl ClassicListener) {
	if slices.ContainsFunc(lb.listeners, func(l *listener) bool { return l.port == cl.LoadBalancerPort }) {
		return
	}
	s.nextSeq++
	l := &listener{seq: s.nextSeq, lb: lb, port: cl.LoadBalancerPort, protocol: cl.Protocol, instancePort: cl.InstancePort, instanceProtocol: cl.InstanceProtocol}
	if cl.SSLCertificateId != "" {
		l.certs = []Certificate{{CertificateArn: cl.SSLCertificateId, IsDefault: true}}
	}
	l.def = &rule{listener: l}
	tg := lb.classic.instances
	s.setAction(l.def, &action{spec: Action{Type: ActionForward}, forward: []weightedGroup{{tg: tg, weight: 1}}, total: 1})
	lb.listeners = append(lb.listeners, l)
}

// classicListenersOf returns lb's listeners as the API describes them.
func classicListenersOf(lb *loadBalancer) []ClassicListener {
	out := make([]ClassicListener, 0, len(lb.listeners))
	for _, l := range lb.listeners {
		cl := ClassicListener{Protocol: l.protocol, LoadBalancerPort: l.port, InstanceProtocol: l.instanceProtocol, InstancePort: l.instancePort}
		if len(l.certs) > 0 {
			cl.SSLCertificateId = l.certs[0].CertificateArn
		}
		out = append(out, cl)
	}
	return out
}

// lookupClassic returns the Classic Load Balancer of a name, or the
// error AWS gives. s.mu must be held.
func (s *Service) lookupClassic(name string) (*loadBalancer, error) {
	if lb := s.classics[name]; lb != nil {
		return lb, nil
	}
	return nil, ErrLoadBalancerNotFoundException.With("there is no ACTIVE Load Balancer named '%s'", name)
}

// ClassicDeleteLoadBalancerInput is the input of
// [Classic.DeleteLoadBalancer].
type ClassicDeleteLoadBalancerInput struct {
	LoadBalancerName string // Required.
}

// ClassicDeleteLoadBalancerOutput is the output of
// [Classic.DeleteLoadBalancer].
type ClassicDeleteLoadBalancerOutput struct{}

// DeleteLoadBalancer deletes a Classic Load Balancer: its listeners stop
// serving and its instances are deregistered (their backends stay).
// Deleting one that does not exist succeeds, as in AWS.
//
// Errors: ErrValidationError.
func (c *Classic) DeleteLoadBalancer(ctx context.Context, in *ClassicDeleteLoadBalancerInput) (*ClassicDeleteLoadBalancerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.LoadBalancerName == "" {
		return nil, ErrValidationError.With("a load balancer name must be specified")
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.classics[in.LoadBalancerName]
	if lb == nil {
		return &ClassicDeleteLoadBalancerOutput{}, nil
	}
	for _, l := range slices.Clone(lb.listeners) {
		s.deleteListenerLocked(l)
	}
	delete(s.classics, lb.name)
	return &ClassicDeleteLoadBalancerOutput{}, nil
}

// ClassicDescribeLoadBalancersInput is the input of
// [Classic.DescribeLoadBalancers]. With no names it describes every
// Classic Load Balancer.
type ClassicDescribeLoadBalancersInput struct {
	LoadBalancerNames []string
	// Marker is the NextMarker of the previous page; PageSize is 1 to
	// 400 (the default).
	Marker   string
	PageSize int
}

// ClassicDescribeLoadBalancersOutput is the output of
// [Classic.DescribeLoadBalancers].
type ClassicDescribeLoadBalancersOutput struct {
	LoadBalancerDescriptions []ClassicLoadBalancer
	NextMarker               string
}

// DescribeLoadBalancers describes Classic Load Balancers, in the order
// they were created, or in the order named.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException.
func (c *Classic) DescribeLoadBalancers(ctx context.Context, in *ClassicDescribeLoadBalancersInput) (*ClassicDescribeLoadBalancersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*loadBalancer
	for _, name := range in.LoadBalancerNames {
		lb, err := s.lookupClassic(name)
		if err != nil {
			return nil, err
		}
		found = append(found, lb)
	}
	if len(in.LoadBalancerNames) == 0 {
		found = sortedBySeq(s.classics, func(lb *loadBalancer) uint64 { return lb.seq })
	}
	page, next, err := paginate(found, in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &ClassicDescribeLoadBalancersOutput{NextMarker: next}
	for _, lb := range page {
		out.LoadBalancerDescriptions = append(out.LoadBalancerDescriptions, s.describeClassic(lb))
	}
	return out, nil
}

func (s *Service) describeClassic(lb *loadBalancer) ClassicLoadBalancer {
	cs := lb.classic
	d := ClassicLoadBalancer{
		LoadBalancerName:  lb.name,
		DNSName:           lb.dns,
		HealthCheck:       cs.health,
		AvailabilityZones: slices.Clone(cs.zones),
		Subnets:           slices.Clone(cs.subnets),
		SecurityGroups:    slices.Clone(lb.securityGroups),
		Scheme:            lb.scheme,
		CreatedTime:       lb.created,
	}
	if len(cs.subnets) > 0 {
		d.VPCId = s.vpcID
		for i := range cs.subnets {
			d.AvailabilityZones = append(d.AvailabilityZones, s.region+string(rune('a'+i%26)))
		}
	}
	for _, cl := range classicListenersOf(lb) {
		d.ListenerDescriptions = append(d.ListenerDescriptions, ClassicListenerDescription{Listener: cl, PolicyNames: []string{}})
	}
	s.expireLocked(cs.instances, s.sched.Now())
	for _, t := range cs.instances.targets {
		if t.state != HealthDraining {
			d.Instances = append(d.Instances, ClassicInstance{InstanceId: t.id})
		}
	}
	return d
}

// ClassicCreateLoadBalancerListenersInput is the input of
// [Classic.CreateLoadBalancerListeners].
type ClassicCreateLoadBalancerListenersInput struct {
	LoadBalancerName string            // Required.
	Listeners        []ClassicListener // Required.
}

// ClassicCreateLoadBalancerListenersOutput is the output of
// [Classic.CreateLoadBalancerListeners].
type ClassicCreateLoadBalancerListenersOutput struct{}

// CreateLoadBalancerListeners adds listeners to a Classic Load Balancer.
// A listener on a port the load balancer listens on already must be the
// same as the one there, and then changes nothing.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrDuplicateListenerException, ErrTooManyListenersException
// (MaxClassicListeners), ErrInvalidConfigurationRequestException.
func (c *Classic) CreateLoadBalancerListeners(ctx context.Context, in *ClassicCreateLoadBalancerListenersInput) (*ClassicCreateLoadBalancerListenersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Listeners) == 0 {
		return nil, ErrValidationError.With("at least one listener must be specified")
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	listeners, err := checkClassicListeners(classicListenersOf(lb), in.Listeners)
	if err != nil {
		return nil, err
	}
	ports := make(map[int]bool)
	for _, l := range lb.listeners {
		ports[l.port] = true
	}
	for _, cl := range listeners {
		ports[cl.LoadBalancerPort] = true
	}
	if len(ports) > MaxClassicListeners {
		return nil, ErrTooManyListenersException.With("a Classic Load Balancer has at most %d listeners", MaxClassicListeners)
	}
	for _, cl := range listeners {
		s.addClassicListener(lb, cl)
	}
	return &ClassicCreateLoadBalancerListenersOutput{}, nil
}

// ClassicDeleteLoadBalancerListenersInput is the input of
// [Classic.DeleteLoadBalancerListeners].
type ClassicDeleteLoadBalancerListenersInput struct {
	LoadBalancerName  string // Required.
	LoadBalancerPorts []int  // Required.
}

// ClassicDeleteLoadBalancerListenersOutput is the output of
// [Classic.DeleteLoadBalancerListeners].
type ClassicDeleteLoadBalancerListenersOutput struct{}

// DeleteLoadBalancerListeners deletes the listeners on the given ports;
// a port with no listener is passed over. A deleted listener's handler
// closes every connection. With no listener left, health checks stop.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException.
func (c *Classic) DeleteLoadBalancerListeners(ctx context.Context, in *ClassicDeleteLoadBalancerListenersInput) (*ClassicDeleteLoadBalancerListenersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.LoadBalancerPorts) == 0 {
		return nil, ErrValidationError.With("at least one load balancer port must be specified")
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(in.LoadBalancerName)
	if err != nil {
		return nil, err
	}
	for _, l := range slices.Clone(lb.listeners) {
		if slices.Contains(in.LoadBalancerPorts, l.port) {
			s.deleteListenerLocked(l)
		}
	}
	return &ClassicDeleteLoadBalancerListenersOutput{}, nil
}

// Handler returns the http.Handler of the listener on port of the
// Classic Load Balancer name: a request served by it goes to a healthy
// instance (see the package documentation, Classic Load Balancers). It
// stays valid while the listener exists; once it is deleted, the
// handler closes every connection.
//
// Errors: ErrLoadBalancerNotFoundException, ErrListenerNotFoundException.
func (c *Classic) Handler(name string, port int) (http.Handler, error) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupClassic(name)
	if err != nil {
		return nil, err
	}
	for _, l := range lb.listeners {
		if l.port == port {
			return &listenerHandler{s: s, l: l}, nil
		}
	}
	return nil, ErrListenerNotFoundException.With("load balancer %q has no listener on port %d", name, port)
}
