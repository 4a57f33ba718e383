package elb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Load balancer types, schemes and states, as the API spells them.
const (
	TypeApplication = "application"
	TypeNetwork     = "network"

	SchemeInternetFacing = "internet-facing"
	SchemeInternal       = "internal"

	StateProvisioning = "provisioning"
	StateActive       = "active"
)

// LoadBalancer describes a load balancer, as DescribeLoadBalancers
// returns it.
type LoadBalancer struct {
	LoadBalancerArn  string
	LoadBalancerName string
	// DNSName is the name AWS would publish: for an Application Load
	// Balancer NAME-DIGITS.REGION.elb.amazonaws.com, for a Network Load
	// Balancer NAME-ID.elb.REGION.amazonaws.com, each prefixed with
	// "internal-" when the scheme is internal.
	DNSName     string
	CreatedTime time.Time
	Scheme      string
	Type        string
	VpcId       string
	// State is provisioning in CreateLoadBalancer's output and active at
	// any later read.
	State             LoadBalancerState
	AvailabilityZones []AvailabilityZone
	SecurityGroups    []string
	IpAddressType     string
}

// LoadBalancerState is the state of a load balancer.
type LoadBalancerState struct {
	Code   string
	Reason string
}

// AvailabilityZone is a zone a load balancer is in, through one of its
// subnets.
type AvailabilityZone struct {
	ZoneName string
	SubnetId string
}

// Tag is a key and value attached to a resource.
type Tag struct {
	Key   string
	Value string
}

// CreateLoadBalancerInput is the input of [Service.CreateLoadBalancer].
type CreateLoadBalancerInput struct {
	// Name is 1 to 32 letters, digits and hyphens, not beginning or
	// ending with a hyphen nor beginning with "internal-". Required.
	Name string
	// Type is application (the default) or network.
	Type string
	// Scheme is internet-facing (the default) or internal.
	Scheme string
	// Subnets are the subnets the load balancer is in: at least two for
	// an Application Load Balancer, at least one for a Network Load
	// Balancer. Each must begin "subnet-"; the simulator has no VPC, so
	// the i-th subnet is taken to be in the region's i-th zone (REGIONa,
	// REGIONb, …).
	Subnets []string
	// SecurityGroups are recorded (Application Load Balancers only).
	SecurityGroups []string
	// IpAddressType is ipv4 (the default), dualstack or
	// dualstack-without-public-ipv4.
	IpAddressType string
	Tags          []Tag
}

// CreateLoadBalancerOutput is the output of [Service.CreateLoadBalancer].
type CreateLoadBalancerOutput struct {
	LoadBalancers []LoadBalancer
}

// loadBalancer is a load balancer's state.
type loadBalancer struct {
	seq            uint64
	arn            arn.LoadBalancer
	arnString      string
	dimension      string // "app/NAME/ID", its CloudWatch dimension
	name, typ      string
	scheme, ipType string
	dns            string
	created        time.Time
	zones          []AvailabilityZone
	securityGroups []string
	attrs          attributes
	listeners      []*listener // in creation order
	tags           tags
	accessLog      []AccessLogEntry
	counts         lbCounts
	classic        *classicState // nil for ELBv2
}

// CreateLoadBalancer creates an Application or a Network Load Balancer.
// Like AWS, it is idempotent: creating a load balancer of an existing
// name with the same settings returns the existing one.
//
// Errors: ErrValidationError, ErrDuplicateLoadBalancerNameException (the
// name exists with other settings), ErrTooManyLoadBalancersException,
// ErrTooManyTagsException, ErrDuplicateTagKeysException.
func (s *Service) CreateLoadBalancer(ctx context.Context, in *CreateLoadBalancerInput) (*CreateLoadBalancerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	typ := or(in.Type, TypeApplication)
	scheme := or(in.Scheme, SchemeInternetFacing)
	ipType := or(in.IpAddressType, "ipv4")
	switch {
	case !arn.IsELBName(in.Name):
		return nil, ErrValidationError.With("load balancer name %q is not 1 to 32 letters, digits and hyphens, beginning and ending with a letter or digit", in.Name)
	case strings.HasPrefix(in.Name, "internal-"):
		return nil, ErrValidationError.With("load balancer name %q cannot begin with 'internal-'", in.Name)
	case typ != TypeApplication && typ != TypeNetwork:
		return nil, ErrValidationError.With("load balancer type %q is not application or network", typ)
	case scheme != SchemeInternetFacing && scheme != SchemeInternal:
		return nil, ErrValidationError.With("scheme %q is not internet-facing or internal", scheme)
	case ipType != "ipv4" && ipType != "dualstack" && ipType != "dualstack-without-public-ipv4":
		return nil, ErrValidationError.With("IP address type %q is not ipv4, dualstack or dualstack-without-public-ipv4", ipType)
	case typ == TypeApplication && len(in.Subnets) < 2:
		return nil, ErrValidationError.With("at least two subnets in two different Availability Zones must be specified")
	case len(in.Subnets) < 1:
		return nil, ErrValidationError.With("at least one subnet must be specified")
	case typ == TypeNetwork && len(in.SecurityGroups) > 0:
		return nil, ErrValidationError.With("security groups are not taken by this simulator's Network Load Balancers")
	}
	for i, sn := range in.Subnets {
		if !strings.HasPrefix(sn, "subnet-") || len(sn) == len("subnet-") {
			return nil, ErrValidationError.With("subnet %q is not a subnet ID (subnet-…)", sn)
		}
		if slices.Contains(in.Subnets[:i], sn) {
			return nil, ErrValidationError.With("subnet %q is given twice", sn)
		}
	}
	newTags, err := checkTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, lb := range s.loadBalancers {
		if lb.name != in.Name {
			continue
		}
		if lb.typ != typ || lb.scheme != scheme || !slices.Equal(subnetsOf(lb.zones), in.Subnets) {
			return nil, ErrDuplicateLoadBalancerNameException.With("a load balancer with the name %q already exists", in.Name)
		}
		return &CreateLoadBalancerOutput{LoadBalancers: []LoadBalancer{s.describeLoadBalancer(lb)}}, nil
	}
	if len(s.loadBalancers) >= MaxLoadBalancers {
		return nil, ErrTooManyLoadBalancersException.With("the account has %d load balancers, the most allowed", MaxLoadBalancers)
	}
	lbType := arn.ALB
	if typ == TypeNetwork {
		lbType = arn.NLB
	}
	id := arn.LoadBalancer{Region: s.region, AccountID: s.accountID, Type: lbType, Name: in.Name, ID: s.newID()}
	s.nextSeq++
	lb := &loadBalancer{
		seq:            s.nextSeq,
		arn:            id,
		arnString:      id.String(),
		dimension:      lbType + "/" + in.Name + "/" + id.ID,
		name:           in.Name,
		typ:            typ,
		scheme:         scheme,
		ipType:         ipType,
		created:        s.sched.Now(),
		securityGroups: slices.Clone(in.SecurityGroups),
		attrs:          newAttributes(loadBalancerAttributes(typ)),
		tags:           newTags,
	}
	lb.dns = s.dnsName(lb)
	for i, sn := range in.Subnets {
		lb.zones = append(lb.zones, AvailabilityZone{ZoneName: s.region + string(rune('a'+i%26)), SubnetId: sn})
	}
	s.loadBalancers[lb.arnString] = lb
	out := s.describeLoadBalancer(lb)
	out.State = LoadBalancerState{Code: StateProvisioning}
	return &CreateLoadBalancerOutput{LoadBalancers: []LoadBalancer{out}}, nil
}

// dnsName forms the DNS name AWS would give lb.
func (s *Service) dnsName(lb *loadBalancer) string {
	prefix := ""
	if lb.scheme == SchemeInternal {
		prefix = "internal-"
	}
	if lb.typ == TypeNetwork {
		return fmt.Sprintf("%s%s-%s.elb.%s.amazonaws.com", prefix, lb.name, lb.arn.ID, s.region)
	}
	return fmt.Sprintf("%s%s-%d.%s.elb.amazonaws.com", prefix, lb.name, 1_000_000_000+s.rng.IntN(1_000_000_000), s.region)
}

func subnetsOf(zones []AvailabilityZone) []string {
	out := make([]string, len(zones))
	for i, z := range zones {
		out[i] = z.SubnetId
	}
	return out
}

func (s *Service) describeLoadBalancer(lb *loadBalancer) LoadBalancer {
	return LoadBalancer{
		LoadBalancerArn:   lb.arnString,
		LoadBalancerName:  lb.name,
		DNSName:           lb.dns,
		CreatedTime:       lb.created,
		Scheme:            lb.scheme,
		Type:              lb.typ,
		VpcId:             s.vpcID,
		State:             LoadBalancerState{Code: StateActive},
		AvailabilityZones: slices.Clone(lb.zones),
		SecurityGroups:    slices.Clone(lb.securityGroups),
		IpAddressType:     lb.ipType,
	}
}

// DeleteLoadBalancerInput is the input of [Service.DeleteLoadBalancer].
type DeleteLoadBalancerInput struct {
	LoadBalancerArn string // Required.
}

// DeleteLoadBalancerOutput is the output of [Service.DeleteLoadBalancer].
type DeleteLoadBalancerOutput struct{}

// DeleteLoadBalancer deletes a load balancer and its listeners and
// rules. Its target groups stay, with their targets, unused by it.
// Deleting a load balancer that does not exist succeeds, as in AWS.
//
// Errors: ErrValidationError, ErrOperationNotPermittedException (deletion
// protection is on).
func (s *Service) DeleteLoadBalancer(ctx context.Context, in *DeleteLoadBalancerInput) (*DeleteLoadBalancerOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if _, err := arn.ParseLoadBalancer(in.LoadBalancerArn); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.loadBalancers[in.LoadBalancerArn]
	if lb == nil {
		return &DeleteLoadBalancerOutput{}, nil
	}
	if lb.attrs.bool("deletion_protection.enabled") {
		return nil, ErrOperationNotPermittedException.With("load balancer %q cannot be deleted because deletion protection is enabled", lb.arnString)
	}
	for _, l := range slices.Clone(lb.listeners) {
		s.deleteListenerLocked(l)
	}
	delete(s.loadBalancers, lb.arnString)
	return &DeleteLoadBalancerOutput{}, nil
}

// DescribeLoadBalancersInput is the input of
// [Service.DescribeLoadBalancers]. With neither ARNs nor names it
// describes every load balancer.
type DescribeLoadBalancersInput struct {
	LoadBalancerArns []string
	Names            []string
	// Marker is the NextMarker of the previous page; PageSize is at most
	// 400 (the default).
	Marker   string
	PageSize int
}

// DescribeLoadBalancersOutput is the output of
// [Service.DescribeLoadBalancers].
type DescribeLoadBalancersOutput struct {
	LoadBalancers []LoadBalancer
	NextMarker    string
}

// DescribeLoadBalancers describes load balancers, in the order they were
// created.
//
// Errors: ErrValidationError (both ARNs and names, a bad page size or
// marker), ErrLoadBalancerNotFoundException (an ARN or name given names
// none).
func (s *Service) DescribeLoadBalancers(ctx context.Context, in *DescribeLoadBalancersInput) (*DescribeLoadBalancersOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.LoadBalancerArns) > 0 && len(in.Names) > 0 {
		return nil, ErrValidationError.With("load balancer ARNs and names cannot be specified at the same time")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*loadBalancer
	switch {
	case len(in.LoadBalancerArns) > 0:
		for _, a := range in.LoadBalancerArns {
			lb := s.loadBalancers[a]
			if lb == nil {
				return nil, ErrLoadBalancerNotFoundException.With("load balancer %q not found", a)
			}
			found = append(found, lb)
		}
	case len(in.Names) > 0:
		for _, name := range in.Names {
			lb := s.loadBalancerNamed(name)
			if lb == nil {
				return nil, ErrLoadBalancerNotFoundException.With("load balancers %q not found", name)
			}
			found = append(found, lb)
		}
	default:
		found = sortedBySeq(s.loadBalancers, func(lb *loadBalancer) uint64 { return lb.seq })
	}
	page, next, err := paginate(found, in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &DescribeLoadBalancersOutput{NextMarker: next}
	for _, lb := range page {
		out.LoadBalancers = append(out.LoadBalancers, s.describeLoadBalancer(lb))
	}
	return out, nil
}

func (s *Service) loadBalancerNamed(name string) *loadBalancer {
	for _, lb := range s.loadBalancers {
		if lb.name == name {
			return lb
		}
	}
	return nil
}

// lookupLoadBalancer returns the load balancer of an ARN, or the error
// AWS gives. s.mu must be held.
func (s *Service) lookupLoadBalancer(a string) (*loadBalancer, error) {
	if lb := s.loadBalancers[a]; lb != nil {
		return lb, nil
	}
	if _, err := arn.ParseLoadBalancer(a); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	return nil, ErrLoadBalancerNotFoundException.With("load balancer %q not found", a)
}

// Attribute is one attribute of a load balancer or target group: a key
// and its value, always a string, as the API has them.
type Attribute struct {
	Key   string
	Value string
}

// ModifyLoadBalancerAttributesInput is the input of
// [Service.ModifyLoadBalancerAttributes].
type ModifyLoadBalancerAttributesInput struct {
	LoadBalancerArn string      // Required.
	Attributes      []Attribute // Required; see the package documentation for the keys.
}

// ModifyLoadBalancerAttributesOutput is the output of
// [Service.ModifyLoadBalancerAttributes]: every attribute after the
// change.
type ModifyLoadBalancerAttributesOutput struct {
	Attributes []Attribute
}

// ModifyLoadBalancerAttributes sets attributes of a load balancer. All
// of them are checked before any is set.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException,
// ErrInvalidConfigurationRequestException (a key that does not apply to
// the load balancer's type, or a value out of its range).
func (s *Service) ModifyLoadBalancerAttributes(ctx context.Context, in *ModifyLoadBalancerAttributesInput) (*ModifyLoadBalancerAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, ErrValidationError.With("at least one attribute must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupLoadBalancer(in.LoadBalancerArn)
	if err != nil {
		return nil, err
	}
	if err := lb.attrs.set(in.Attributes, "load balancer"); err != nil {
		return nil, err
	}
	return &ModifyLoadBalancerAttributesOutput{Attributes: lb.attrs.list()}, nil
}

// DescribeLoadBalancerAttributesInput is the input of
// [Service.DescribeLoadBalancerAttributes].
type DescribeLoadBalancerAttributesInput struct {
	LoadBalancerArn string // Required.
}

// DescribeLoadBalancerAttributesOutput is the output of
// [Service.DescribeLoadBalancerAttributes].
type DescribeLoadBalancerAttributesOutput struct {
	Attributes []Attribute
}

// DescribeLoadBalancerAttributes returns every attribute of a load
// balancer, by key.
//
// Errors: ErrValidationError, ErrLoadBalancerNotFoundException.
func (s *Service) DescribeLoadBalancerAttributes(ctx context.Context, in *DescribeLoadBalancerAttributesInput) (*DescribeLoadBalancerAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lb, err := s.lookupLoadBalancer(in.LoadBalancerArn)
	if err != nil {
		return nil, err
	}
	return &DescribeLoadBalancerAttributesOutput{Attributes: lb.attrs.list()}, nil
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
