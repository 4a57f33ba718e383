package elb

import (
	"context"
	"slices"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// DefaultSSLPolicy is the security policy of an HTTPS or TLS listener
// unless one is given.
const DefaultSSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// Listener describes a listener, as DescribeListeners returns it.
type Listener struct {
	ListenerArn     string
	LoadBalancerArn string
	Port            int
	Protocol        string
	Certificates    []Certificate
	SslPolicy       string
	DefaultActions  []Action
}

// Certificate is a server certificate of an HTTPS or TLS listener, by
// ARN; the simulator terminates no TLS and does not check it.
type Certificate struct {
	CertificateArn string
	IsDefault      bool
}

// CreateListenerInput is the input of [Service.CreateListener].
type CreateListenerInput struct {
	LoadBalancerArn string // Required.
	// Protocol is HTTP or HTTPS for an Application Load Balancer; TCP,
	// TLS, UDP or TCP_UDP for a Network Load Balancer. Required.
	Protocol string
	// Port is 1 to 65535, one listener per port. Required.
	Port int
	// Certificates is required for HTTPS and TLS: exactly one, the
	// default certificate.
	Certificates []Certificate
	SslPolicy    string
	// DefaultActions is the action of the listener's default rule, which
	// applies when no other rule matches. Required.
	DefaultActions []Action
	Tags           []Tag
}

// CreateListenerOutput is the output of [Service.CreateListener].
type CreateListenerOutput struct {
	Listeners []Listener
}

// listener is a listener's state.
type listener struct {
	seq       uint64
	arn       arn.Listener
	arnString string
	lb        *loadBalancer
	port      int
	protocol  string
	certs     []Certificate
	sslPolicy string
	def       *rule   // the default rule
	rules     []*rule // the other rules, by priority
	tags      tags
	deleted   bool
	// instancePort and instanceProtocol are where a Classic Load
	// Balancer's listener forwards to on its instances; 0 and empty for
	// ELBv2.
	instancePort     int
	instanceProtocol string
}

// CreateListener creates a listener and its default rule. Serve it with
// [Service.Handler].
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrDuplicateListenerException, ErrTooManyListenersException,
// ErrUnsupportedProtocolException, the errors of the default action
// (ErrTargetGroupNotFoundException, ErrIncompatibleProtocolsException,
// ErrTargetGroupAssociationLimitException,
// ErrInvalidLoadBalancerActionException).
func (s *Service) CreateListener(ctx context.Context, in *CreateListenerInput) (*CreateListenerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Port < 1 || in.Port > 65535 {
		return nil, ErrValidationError.With("port %d is not from 1 to 65535", in.Port)
	}
	newTags, err := checkTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupLoadBalancer(in.LoadBalancerArn)
	if err != nil {
		return nil, err
	}
	if err := checkProtocol(lb, in.Protocol, in.Certificates); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(lb.listeners, func(l *listener) bool { return l.port == in.Port }) {
		return nil, ErrDuplicateListenerException.With("a listener already exists on port %d", in.Port)
	}
	if len(lb.listeners) >= MaxListeners {
		return nil, ErrTooManyListenersException.With("a load balancer has at most %d listeners", MaxListeners)
	}
	a, err := s.compileActions(lb, in.DefaultActions)
	if err != nil {
		return nil, err
	}
	s.nextSeq++
	l := &listener{
		seq:      s.nextSeq,
		arn:      arn.Listener{LoadBalancer: lb.arn, ID: s.newID()},
		lb:       lb,
		port:     in.Port,
		protocol: in.Protocol,
		certs:    slices.Clone(in.Certificates),
		tags:     newTags,
	}
	l.arnString = l.arn.String()
	if len(l.certs) > 0 {
		l.certs[0].IsDefault = true
		l.sslPolicy = or(in.SslPolicy, DefaultSSLPolicy)
	}
	l.def = s.newRule(l, 0, nil, a, nil)
	lb.listeners = append(lb.listeners, l)
	s.listeners[l.arnString] = l
	return &CreateListenerOutput{Listeners: []Listener{l.describe()}}, nil
}

// checkProtocol reports the error AWS gives when lb cannot listen with
// protocol.
func checkProtocol(lb *loadBalancer, protocol string, certs []Certificate) error {
	switch protocol {
	case ProtocolHTTP, ProtocolHTTPS:
		if lb.typ != TypeApplication {
			return ErrUnsupportedProtocolException.With("protocol %q is not supported by a Network Load Balancer", protocol)
		}
	case ProtocolTCP, ProtocolTLS, ProtocolUDP, ProtocolTCPUDP:
		if lb.typ != TypeNetwork {
			return ErrUnsupportedProtocolException.With("protocol %q is not supported by an Application Load Balancer", protocol)
		}
	case "":
		return ErrValidationError.With("a listener protocol must be specified")
	default:
		return ErrUnsupportedProtocolException.With("protocol %q is not HTTP, HTTPS, TCP, TLS, UDP or TCP_UDP", protocol)
	}
	secure := protocol == ProtocolHTTPS || protocol == ProtocolTLS
	switch {
	case secure && len(certs) != 1:
		return ErrValidationError.With("a %s listener needs exactly one default certificate", protocol)
	case !secure && len(certs) > 0:
		return ErrValidationError.With("a %s listener takes no certificate", protocol)
	}
	for _, c := range certs {
		if _, err := arn.Parse(c.CertificateArn); err != nil {
			return ErrValidationError.With("certificate %q is not an ARN", c.CertificateArn)
		}
	}
	return nil
}

func (l *listener) describe() Listener {
	return Listener{
		ListenerArn:     l.arnString,
		LoadBalancerArn: l.lb.arnString,
		Port:            l.port,
		Protocol:        l.protocol,
		Certificates:    slices.Clone(l.certs),
		SslPolicy:       l.sslPolicy,
		DefaultActions:  []Action{l.def.action.describe()},
	}
}

// lookupListener returns the listener of an ARN, or the error AWS gives.
// s.mu must be held.
func (s *Service) lookupListener(a string) (*listener, error) {
	if l := s.listeners[a]; l != nil {
		return l, nil
	}
	if _, err := arn.ParseListener(a); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	return nil, ErrListenerNotFoundException.With("listener %q not found", a)
}

// ModifyListenerInput is the input of [Service.ModifyListener]; zero
// values leave a setting as it is.
type ModifyListenerInput struct {
	ListenerArn    string // Required.
	Port           int
	Protocol       string
	Certificates   []Certificate
	SslPolicy      string
	DefaultActions []Action
}

// ModifyListenerOutput is the output of [Service.ModifyListener].
type ModifyListenerOutput struct {
	Listeners []Listener
}

// ModifyListener changes a listener's port, protocol, certificates or
// default action. All changes are checked before any is made.
//
// Errors: those of [Service.CreateListener], and
// ErrListenerNotFoundException.
func (s *Service) ModifyListener(ctx context.Context, in *ModifyListenerInput) (*ModifyListenerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.lookupListener(in.ListenerArn)
	if err != nil {
		return nil, err
	}
	port, protocol, certs := l.port, l.protocol, l.certs
	if in.Port != 0 {
		if in.Port < 1 || in.Port > 65535 {
			return nil, ErrValidationError.With("port %d is not from 1 to 65535", in.Port)
		}
		if slices.ContainsFunc(l.lb.listeners, func(o *listener) bool { return o != l && o.port == in.Port }) {
			return nil, ErrDuplicateListenerException.With("a listener already exists on port %d", in.Port)
		}
		port = in.Port
	}
	if in.Protocol != "" {
		protocol = in.Protocol
		if protocol == ProtocolHTTP || protocol == ProtocolTCP || protocol == ProtocolUDP || protocol == ProtocolTCPUDP {
			certs = nil
		}
	}
	if in.Certificates != nil {
		certs = slices.Clone(in.Certificates)
	}
	if err := checkProtocol(l.lb, protocol, certs); err != nil {
		return nil, err
	}
	def := l.def.action
	if in.DefaultActions != nil {
		if def, err = s.compileActions(l.lb, in.DefaultActions); err != nil {
			return nil, err
		}
	}
	l.port, l.protocol, l.certs = port, protocol, certs
	if len(certs) > 0 {
		l.certs[0].IsDefault = true
		l.sslPolicy = or(in.SslPolicy, or(l.sslPolicy, DefaultSSLPolicy))
	} else {
		l.sslPolicy = ""
	}
	s.setAction(l.def, def)
	return &ModifyListenerOutput{Listeners: []Listener{l.describe()}}, nil
}

// DeleteListenerInput is the input of [Service.DeleteListener].
type DeleteListenerInput struct {
	ListenerArn string // Required.
}

// DeleteListenerOutput is the output of [Service.DeleteListener].
type DeleteListenerOutput struct{}

// DeleteListener deletes a listener and its rules.
//
// Errors: ErrValidationError, ErrListenerNotFoundException.
func (s *Service) DeleteListener(ctx context.Context, in *DeleteListenerInput) (*DeleteListenerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.lookupListener(in.ListenerArn)
	if err != nil {
		return nil, err
	}
	s.deleteListenerLocked(l)
	return &DeleteListenerOutput{}, nil
}

// deleteListenerLocked deletes l and its rules. s.mu must be held.
func (s *Service) deleteListenerLocked(l *listener) {
	for _, r := range l.rules {
		s.setAction(r, nil)
		delete(s.rules, r.arn)
	}
	s.setAction(l.def, nil)
	delete(s.rules, l.def.arn)
	l.lb.listeners = slices.DeleteFunc(l.lb.listeners, func(o *listener) bool { return o == l })
	delete(s.listeners, l.arnString)
	l.deleted = true
}

// DescribeListenersInput is the input of [Service.DescribeListeners]:
// a load balancer's listeners, or listeners by ARN.
type DescribeListenersInput struct {
	LoadBalancerArn string
	ListenerArns    []string
	Marker          string
	PageSize        int
}

// DescribeListenersOutput is the output of [Service.DescribeListeners].
type DescribeListenersOutput struct {
	Listeners  []Listener
	NextMarker string
}

// DescribeListeners describes listeners, in the order they were created.
//
// Errors: ErrValidationError (neither or both of LoadBalancerArn and
// ListenerArns), ErrLoadBalancerNotFoundException,
// ErrListenerNotFoundException.
func (s *Service) DescribeListeners(ctx context.Context, in *DescribeListenersInput) (*DescribeListenersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if (in.LoadBalancerArn == "") == (len(in.ListenerArns) == 0) {
		return nil, ErrValidationError.With("either a load balancer ARN or listener ARNs must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*listener
	if in.LoadBalancerArn != "" {
		lb, err := s.lookupLoadBalancer(in.LoadBalancerArn)
		if err != nil {
			return nil, err
		}
		found = lb.listeners
	}
	for _, a := range in.ListenerArns {
		l, err := s.lookupListener(a)
		if err != nil {
			return nil, err
		}
		found = append(found, l)
	}
	page, next, err := paginate(found, in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &DescribeListenersOutput{NextMarker: next}
	for _, l := range page {
		out.Listeners = append(out.Listeners, l.describe())
	}
	return out, nil
}
