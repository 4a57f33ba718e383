package elb

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sim"
)

// Target types and protocols, as the API spells them.
const (
	TargetTypeInstance = "instance"
	TargetTypeIP       = "ip"
	TargetTypeLambda   = "lambda"

	ProtocolHTTP   = "HTTP"
	ProtocolHTTPS  = "HTTPS"
	ProtocolTCP    = "TCP"
	ProtocolTLS    = "TLS"
	ProtocolUDP    = "UDP"
	ProtocolTCPUDP = "TCP_UDP"
)

// TargetGroup describes a target group, as DescribeTargetGroups returns
// it.
type TargetGroup struct {
	TargetGroupArn  string
	TargetGroupName string
	// Protocol, Port and ProtocolVersion are empty or zero for a lambda
	// target group.
	Protocol                   string
	Port                       int
	ProtocolVersion            string
	VpcId                      string
	TargetType                 string
	HealthCheckEnabled         bool
	HealthCheckProtocol        string
	HealthCheckPort            string
	HealthCheckPath            string
	HealthCheckIntervalSeconds int
	HealthCheckTimeoutSeconds  int
	HealthyThresholdCount      int
	UnhealthyThresholdCount    int
	Matcher                    Matcher
	// LoadBalancerArns are the load balancers whose listeners or rules
	// forward to the target group.
	LoadBalancerArns []string
	IpAddressType    string
}

// Matcher is the HTTP codes a health check counts as success: a code
// ("200"), a list ("200,202") or a range ("200-299").
type Matcher struct {
	HttpCode string
}

// CreateTargetGroupInput is the input of [Service.CreateTargetGroup].
// Zero values of the health check settings mean AWS's default for the
// target type and protocol (see the package documentation).
type CreateTargetGroupInput struct {
	// Name is 1 to 32 letters, digits and hyphens, not beginning or
	// ending with a hyphen. Required.
	Name string
	// TargetType is instance (the default), ip or lambda.
	TargetType string
	// Protocol is HTTP or HTTPS for an Application Load Balancer's
	// targets, TCP, TLS, UDP or TCP_UDP for a Network Load Balancer's;
	// required with Port unless TargetType is lambda, and not taken then.
	Protocol string
	Port     int
	// ProtocolVersion is HTTP1 (the default for HTTP and HTTPS), HTTP2
	// or GRPC.
	ProtocolVersion string
	// VpcId defaults to the account's VPC; required by AWS for instance
	// and ip target groups, accepted here as given.
	VpcId string

	// HealthCheckEnabled may be false only for a lambda target group,
	// whose health checks are off by default.
	HealthCheckEnabled  *bool
	HealthCheckProtocol string
	// HealthCheckPort is "traffic-port" (the default) or a port number.
	HealthCheckPort            string
	HealthCheckPath            string
	HealthCheckIntervalSeconds int // 5 to 300
	HealthCheckTimeoutSeconds  int // 2 to 120, below the interval
	HealthyThresholdCount      int // 2 to 10
	UnhealthyThresholdCount    int // 2 to 10
	Matcher                    Matcher
	IpAddressType              string // ipv4 (the default) or ipv6
	Tags                       []Tag
}

// CreateTargetGroupOutput is the output of [Service.CreateTargetGroup].
type CreateTargetGroupOutput struct {
	TargetGroups []TargetGroup
}

// targetGroup is a target group's state.
type targetGroup struct {
	seq             uint64
	arn             arn.TargetGroup
	arnString       string
	dimension       string // "targetgroup/NAME/ID"
	name            string
	targetType      string
	protocol        string
	port            int
	protocolVersion string
	vpcID, ipType   string
	health          healthCheck
	attrs           attributes
	tags            tags

	// users counts, per load balancer, the listeners and rules that
	// forward to the group; the group is in use while it is not empty.
	users   map[*loadBalancer]int
	targets []*target     // in registration order
	cursor  int           // the round-robin position in targets
	round   sim.Scheduled // the next health check round
	roundAt time.Time     // when round is due; zero when none is
	jobs    []checkJob    // scratch space of runRound
	counts  tgCounts
}

// CreateTargetGroup creates a target group. Like AWS, it is idempotent:
// creating a target group of an existing name with the same settings
// returns the existing one.
//
// Errors: ErrValidationError, ErrInvalidConfigurationRequestException (a
// health check setting that does not suit the target type or protocol),
// ErrDuplicateTargetGroupNameException, ErrTooManyTargetGroupsException,
// ErrTooManyTagsException, ErrDuplicateTagKeysException.
func (s *Service) CreateTargetGroup(ctx context.Context, in *CreateTargetGroupInput) (*CreateTargetGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	tg, err := s.newTargetGroup(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, old := range s.targetGroups {
		if old.name != in.Name {
			continue
		}
		if !old.sameSettings(tg) {
			return nil, ErrDuplicateTargetGroupNameException.With("a target group with the name %q already exists", in.Name)
		}
		return &CreateTargetGroupOutput{TargetGroups: []TargetGroup{old.describe()}}, nil
	}
	if len(s.targetGroups) >= MaxTargetGroups {
		return nil, ErrTooManyTargetGroupsException.With("the account has %d target groups, the most allowed", MaxTargetGroups)
	}
	s.nextSeq++
	tg.seq = s.nextSeq
	tg.arn = arn.TargetGroup{Region: s.region, AccountID: s.accountID, Name: in.Name, ID: s.newID()}
	tg.arnString = tg.arn.String()
	tg.dimension = "targetgroup/" + in.Name + "/" + tg.arn.ID
	tg.vpcID = or(tg.vpcID, s.vpcID)
	if tg.targetType == TargetTypeLambda {
		tg.vpcID = ""
	}
	s.targetGroups[tg.arnString] = tg
	return &CreateTargetGroupOutput{TargetGroups: []TargetGroup{tg.describe()}}, nil
}

// newTargetGroup checks in and builds the group it describes, without
// identity.
func (s *Service) newTargetGroup(in *CreateTargetGroupInput) (*targetGroup, error) {
	tg := &targetGroup{
		name:            in.Name,
		targetType:      or(in.TargetType, TargetTypeInstance),
		protocol:        in.Protocol,
		port:            in.Port,
		protocolVersion: in.ProtocolVersion,
		vpcID:           in.VpcId,
		ipType:          or(in.IpAddressType, "ipv4"),
		users:           make(map[*loadBalancer]int),
	}
	switch {
	case !arn.IsELBName(in.Name):
		return nil, ErrValidationError.With("target group name %q is not 1 to 32 letters, digits and hyphens, beginning and ending with a letter or digit", in.Name)
	case tg.targetType != TargetTypeInstance && tg.targetType != TargetTypeIP && tg.targetType != TargetTypeLambda:
		return nil, ErrValidationError.With("target type %q is not instance, ip or lambda", tg.targetType)
	case tg.ipType != "ipv4" && tg.ipType != "ipv6":
		return nil, ErrValidationError.With("IP address type %q is not ipv4 or ipv6", tg.ipType)
	}
	if tg.targetType == TargetTypeLambda {
		if in.Protocol != "" || in.Port != 0 || in.ProtocolVersion != "" {
			return nil, ErrValidationError.With("a target group of target type lambda takes no protocol, port or protocol version")
		}
	} else {
		switch tg.protocol {
		case "":
			return nil, ErrValidationError.With("a protocol must be specified for a target group of target type %s", tg.targetType)
		case ProtocolHTTP, ProtocolHTTPS:
			tg.protocolVersion = or(tg.protocolVersion, "HTTP1")
			if tg.protocolVersion != "HTTP1" && tg.protocolVersion != "HTTP2" && tg.protocolVersion != "GRPC" {
				return nil, ErrValidationError.With("protocol version %q is not HTTP1, HTTP2 or GRPC", tg.protocolVersion)
			}
		case ProtocolTCP, ProtocolTLS, ProtocolUDP, ProtocolTCPUDP:
			if tg.protocolVersion != "" {
				return nil, ErrValidationError.With("a protocol version is taken only with HTTP and HTTPS")
			}
		default:
			return nil, ErrValidationError.With("protocol %q is not HTTP, HTTPS, TCP, TLS, UDP or TCP_UDP", tg.protocol)
		}
		if tg.port < 1 || tg.port > 65535 {
			return nil, ErrValidationError.With("port %d is not from 1 to 65535", tg.port)
		}
	}
	hc, err := newHealthCheck(tg, in)
	if err != nil {
		return nil, err
	}
	tg.health = hc
	tg.attrs = newAttributes(targetGroupAttributes(tg))
	if tg.tags, err = checkTags(nil, in.Tags); err != nil {
		return nil, err
	}
	return tg, nil
}

// sameSettings reports whether o has the settings of tg, as
// CreateTargetGroup compares them for idempotence.
func (tg *targetGroup) sameSettings(o *targetGroup) bool {
	return tg.targetType == o.targetType && tg.protocol == o.protocol && tg.port == o.port &&
		tg.protocolVersion == o.protocolVersion && tg.health == o.health
}

// network reports whether the group's targets are a Network Load
// Balancer's.
func (tg *targetGroup) network() bool {
	switch tg.protocol {
	case ProtocolTCP, ProtocolTLS, ProtocolUDP, ProtocolTCPUDP:
		return true
	}
	return false
}

func (tg *targetGroup) describe() TargetGroup {
	out := TargetGroup{
		TargetGroupArn:             tg.arnString,
		TargetGroupName:            tg.name,
		Protocol:                   tg.protocol,
		Port:                       tg.port,
		ProtocolVersion:            tg.protocolVersion,
		VpcId:                      tg.vpcID,
		TargetType:                 tg.targetType,
		HealthCheckEnabled:         tg.health.enabled,
		HealthCheckProtocol:        tg.health.protocol,
		HealthCheckPort:            tg.health.port,
		HealthCheckPath:            tg.health.path,
		HealthCheckIntervalSeconds: tg.health.interval,
		HealthCheckTimeoutSeconds:  tg.health.timeout,
		HealthyThresholdCount:      tg.health.healthy,
		UnhealthyThresholdCount:    tg.health.unhealthy,
		Matcher:                    Matcher{HttpCode: tg.health.matcher},
		IpAddressType:              tg.ipType,
	}
	if tg.targetType == TargetTypeLambda {
		out.IpAddressType = ""
	}
	lbs := make([]*loadBalancer, 0, len(tg.users))
	for lb := range tg.users {
		lbs = append(lbs, lb)
	}
	slices.SortFunc(lbs, func(a, b *loadBalancer) int { return int(a.seq) - int(b.seq) })
	for _, lb := range lbs {
		out.LoadBalancerArns = append(out.LoadBalancerArns, lb.arnString)
	}
	return out
}

// targetGroupAttributes are the attributes of tg's kind, with AWS's
// defaults.
func targetGroupAttributes(tg *targetGroup) []attributeSpec {
	health := []attributeSpec{
		offOrIntAttr("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1", 1, MaxTargets),
		offOrIntAttr("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off", 1, 100),
		offOrIntAttr("target_group_health.dns_failover.minimum_healthy_targets.count", "1", 1, MaxTargets),
		offOrIntAttr("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off", 1, 100),
	}
	switch {
	case tg.targetType == TargetTypeLambda:
		return []attributeSpec{boolAttr("lambda.multi_value_headers.enabled", "false")}
	case tg.network():
		return append(health,
			intAttr("deregistration_delay.timeout_seconds", "300", 0, 3600),
			boolAttr("deregistration_delay.connection_termination.enabled", strconv.FormatBool(tg.protocol == ProtocolUDP || tg.protocol == ProtocolTCPUDP)),
			boolAttr("preserve_client_ip.enabled", strconv.FormatBool(tg.targetType == TargetTypeInstance || tg.protocol == ProtocolUDP || tg.protocol == ProtocolTCPUDP)),
			boolAttr("proxy_protocol_v2.enabled", "false"),
			boolAttr("stickiness.enabled", "false"),
			enumAttr("stickiness.type", "source_ip", "source_ip"),
			enumAttr("load_balancing.cross_zone.enabled", "use_load_balancer_configuration", "true", "false", "use_load_balancer_configuration"),
			boolAttr("target_health_state.unhealthy.connection_termination.enabled", "true"),
			intAttr("target_health_state.unhealthy.draining_interval_seconds", "0", 0, 360000),
		)
	}
	return append(health,
		intAttr("deregistration_delay.timeout_seconds", "300", 0, 3600),
		enumAttr("load_balancing.algorithm.type", AlgorithmRoundRobin, AlgorithmRoundRobin, AlgorithmLeastOutstandingRequests, AlgorithmWeightedRandom),
		enumAttr("load_balancing.algorithm.anomaly_mitigation", "off", "on", "off"),
		enumAttr("load_balancing.cross_zone.enabled", "use_load_balancer_configuration", "true", "false", "use_load_balancer_configuration"),
		zeroOrIntAttr("slow_start.duration_seconds", 30, 900),
		boolAttr("stickiness.enabled", "false"),
		enumAttr("stickiness.type", "lb_cookie", "lb_cookie", "app_cookie"),
		intAttr("stickiness.lb_cookie.duration_seconds", "86400", 1, 604800),
		attributeSpec{"stickiness.app_cookie.cookie_name", "", validAppCookieName, "a cookie name not beginning AWSALB, AWSALBAPP or AWSALBTG"},
		intAttr("stickiness.app_cookie.duration_seconds", "86400", 1, 604800),
	)
}

func validAppCookieName(v string) bool {
	if len(v) > 256 {
		return false
	}
	return !strings.HasPrefix(v, "AWSALB")
}

// Load balancing algorithms of an Application Load Balancer's target
// group (attribute load_balancing.algorithm.type).
const (
	AlgorithmRoundRobin               = "round_robin"
	AlgorithmLeastOutstandingRequests = "least_outstanding_requests"
	AlgorithmWeightedRandom           = "weighted_random"
)

// DeleteTargetGroupInput is the input of [Service.DeleteTargetGroup].
type DeleteTargetGroupInput struct {
	TargetGroupArn string // Required.
}

// DeleteTargetGroupOutput is the output of [Service.DeleteTargetGroup].
type DeleteTargetGroupOutput struct{}

// DeleteTargetGroup deletes a target group that no listener or rule
// forwards to. Deleting one that does not exist succeeds, as in AWS.
//
// Errors: ErrValidationError, ErrResourceInUseException.
func (s *Service) DeleteTargetGroup(ctx context.Context, in *DeleteTargetGroupInput) (*DeleteTargetGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if _, err := arn.ParseTargetGroup(in.TargetGroupArn); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.targetGroups[in.TargetGroupArn]
	if tg == nil {
		return &DeleteTargetGroupOutput{}, nil
	}
	if len(tg.users) > 0 {
		return nil, ErrResourceInUseException.With("target group %q is currently in use by a listener or a rule", tg.arnString)
	}
	tg.round.Cancel()
	delete(s.targetGroups, tg.arnString)
	return &DeleteTargetGroupOutput{}, nil
}

// DescribeTargetGroupsInput is the input of
// [Service.DescribeTargetGroups]. With none of LoadBalancerArn,
// TargetGroupArns and Names it describes every target group.
type DescribeTargetGroupsInput struct {
	LoadBalancerArn string
	TargetGroupArns []string
	Names           []string
	Marker          string
	PageSize        int
}

// DescribeTargetGroupsOutput is the output of
// [Service.DescribeTargetGroups].
type DescribeTargetGroupsOutput struct {
	TargetGroups []TargetGroup
	NextMarker   string
}

// DescribeTargetGroups describes target groups, in the order they were
// created.
//
// Errors: ErrValidationError (more than one way of choosing),
// ErrTargetGroupNotFoundException, ErrLoadBalancerNotFoundException.
func (s *Service) DescribeTargetGroups(ctx context.Context, in *DescribeTargetGroupsInput) (*DescribeTargetGroupsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	ways := 0
	for _, given := range []bool{in.LoadBalancerArn != "", len(in.TargetGroupArns) > 0, len(in.Names) > 0} {
		if given {
			ways++
		}
	}
	if ways > 1 {
		return nil, ErrValidationError.With("only one of load balancer ARN, target group ARNs and names can be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*targetGroup
	switch {
	case len(in.TargetGroupArns) > 0:
		for _, a := range in.TargetGroupArns {
			tg, err := s.lookupTargetGroup(a)
			if err != nil {
				return nil, err
			}
			found = append(found, tg)
		}
	case len(in.Names) > 0:
		for _, name := range in.Names {
			tg := s.targetGroupNamed(name)
			if tg == nil {
				return nil, ErrTargetGroupNotFoundException.With("target groups %q not found", name)
			}
			found = append(found, tg)
		}
	case in.LoadBalancerArn != "":
		lb, err := s.lookupLoadBalancer(in.LoadBalancerArn)
		if err != nil {
			return nil, err
		}
		for _, tg := range sortedBySeq(s.targetGroups, func(tg *targetGroup) uint64 { return tg.seq }) {
			if tg.users[lb] > 0 {
				found = append(found, tg)
			}
		}
	default:
		found = sortedBySeq(s.targetGroups, func(tg *targetGroup) uint64 { return tg.seq })
	}
	page, next, err := paginate(found, in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &DescribeTargetGroupsOutput{NextMarker: next}
	for _, tg := range page {
		out.TargetGroups = append(out.TargetGroups, tg.describe())
	}
	return out, nil
}

func (s *Service) targetGroupNamed(name string) *targetGroup {
	for _, tg := range s.targetGroups {
		if tg.name == name {
			return tg
		}
	}
	return nil
}

// lookupTargetGroup returns the target group of an ARN, or the error AWS
// gives. s.mu must be held.
func (s *Service) lookupTargetGroup(a string) (*targetGroup, error) {
	if tg := s.targetGroups[a]; tg != nil {
		return tg, nil
	}
	if _, err := arn.ParseTargetGroup(a); err != nil {
		return nil, ErrValidationError.With("%v", err)
	}
	return nil, ErrTargetGroupNotFoundException.With("target group %q not found", a)
}

// ModifyTargetGroupInput is the input of [Service.ModifyTargetGroup]:
// the health check settings to change; zero values leave a setting as it
// is.
type ModifyTargetGroupInput struct {
	TargetGroupArn             string // Required.
	HealthCheckEnabled         *bool
	HealthCheckProtocol        string
	HealthCheckPort            string
	HealthCheckPath            string
	HealthCheckIntervalSeconds int
	HealthCheckTimeoutSeconds  int
	HealthyThresholdCount      int
	UnhealthyThresholdCount    int
	Matcher                    Matcher
}

// ModifyTargetGroupOutput is the output of [Service.ModifyTargetGroup].
type ModifyTargetGroupOutput struct {
	TargetGroups []TargetGroup
}

// ModifyTargetGroup changes a target group's health check settings. The
// targets keep their health state; the next checks use the new
// settings, the first of them after the new interval.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException,
// ErrInvalidConfigurationRequestException.
func (s *Service) ModifyTargetGroup(ctx context.Context, in *ModifyTargetGroupInput) (*ModifyTargetGroupOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	hc, err := tg.health.modified(tg, in)
	if err != nil {
		return nil, err
	}
	tg.health = hc
	if tg.inUse() {
		s.scheduleRound(tg)
	}
	return &ModifyTargetGroupOutput{TargetGroups: []TargetGroup{tg.describe()}}, nil
}

// ModifyTargetGroupAttributesInput is the input of
// [Service.ModifyTargetGroupAttributes].
type ModifyTargetGroupAttributesInput struct {
	TargetGroupArn string      // Required.
	Attributes     []Attribute // Required; see the package documentation for the keys.
}

// ModifyTargetGroupAttributesOutput is the output of
// [Service.ModifyTargetGroupAttributes]: every attribute after the
// change.
type ModifyTargetGroupAttributesOutput struct {
	Attributes []Attribute
}

// ModifyTargetGroupAttributes sets attributes of a target group. All of
// them are checked before any is set.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException,
// ErrInvalidConfigurationRequestException (a key that does not apply to
// the target group, a value out of range, slow start together with least
// outstanding requests).
func (s *Service) ModifyTargetGroupAttributes(ctx context.Context, in *ModifyTargetGroupAttributesInput) (*ModifyTargetGroupAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Attributes) == 0 {
		return nil, ErrValidationError.With("at least one attribute must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	next := newAttributes(tg.attrs.specs)
	for k, v := range tg.attrs.values {
		next.values[k] = v
	}
	if err := next.set(in.Attributes, "target group"); err != nil {
		return nil, err
	}
	if next.get("load_balancing.algorithm.type") == AlgorithmLeastOutstandingRequests && next.int("slow_start.duration_seconds") > 0 {
		return nil, ErrInvalidConfigurationRequestException.With("slow start is not supported with the least outstanding requests algorithm")
	}
	tg.attrs = next
	return &ModifyTargetGroupAttributesOutput{Attributes: tg.attrs.list()}, nil
}

// DescribeTargetGroupAttributesInput is the input of
// [Service.DescribeTargetGroupAttributes].
type DescribeTargetGroupAttributesInput struct {
	TargetGroupArn string // Required.
}

// DescribeTargetGroupAttributesOutput is the output of
// [Service.DescribeTargetGroupAttributes].
type DescribeTargetGroupAttributesOutput struct {
	Attributes []Attribute
}

// DescribeTargetGroupAttributes returns every attribute of a target
// group, by key.
//
// Errors: ErrValidationError, ErrTargetGroupNotFoundException.
func (s *Service) DescribeTargetGroupAttributes(ctx context.Context, in *DescribeTargetGroupAttributesInput) (*DescribeTargetGroupAttributesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tg, err := s.lookupTargetGroup(in.TargetGroupArn)
	if err != nil {
		return nil, err
	}
	return &DescribeTargetGroupAttributesOutput{Attributes: tg.attrs.list()}, nil
}
