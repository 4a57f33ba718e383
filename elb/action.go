package elb

import (
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Action types, as the API spells them.
const (
	ActionForward       = "forward"
	ActionRedirect      = "redirect"
	ActionFixedResponse = "fixed-response"
)

// MaxForwardTargetGroups is the most target groups one forward action
// splits traffic between.
const MaxForwardTargetGroups = 5

// Action is what a listener's default rule or a rule does with a request
// it matches.
type Action struct {
	// Type is forward, redirect or fixed-response. Required.
	Type string
	// TargetGroupArn is the target group of a forward action to one
	// group; ForwardConfig may name several instead.
	TargetGroupArn      string
	ForwardConfig       *ForwardActionConfig
	RedirectConfig      *RedirectActionConfig
	FixedResponseConfig *FixedResponseActionConfig
	// Order is the action's place among the rule's actions, 1 to 50,000;
	// with one action it may be left zero.
	Order int
}

// ForwardActionConfig is a forward action to one or more target groups,
// traffic split by weight.
type ForwardActionConfig struct {
	TargetGroups                []TargetGroupTuple
	TargetGroupStickinessConfig *TargetGroupStickinessConfig
}

// TargetGroupTuple is a target group of a forward action and its weight,
// 0 to 999; a nil Weight is 1.
type TargetGroupTuple struct {
	TargetGroupArn string
	Weight         *int
}

// TargetGroupStickinessConfig keeps a client on the target group first
// chosen for it, for DurationSeconds (1 to 604,800), with the AWSALBTG
// cookie.
type TargetGroupStickinessConfig struct {
	Enabled         bool
	DurationSeconds int
}

// RedirectActionConfig is a redirect: each component is the original's
// unless given, and may use the keywords #{protocol}, #{host}, #{port},
// #{path} (without its leading slash) and #{query}.
type RedirectActionConfig struct {
	Protocol string // HTTP, HTTPS or #{protocol}; HTTPS to HTTP is refused
	Host     string
	Port     string
	Path     string // absolute, beginning with /
	Query    string // without the leading ?, at most 128 characters
	// StatusCode is HTTP_301 or HTTP_302. Required.
	StatusCode string
}

// FixedResponseActionConfig is a response the load balancer makes
// itself.
type FixedResponseActionConfig struct {
	// StatusCode is 2XX, 4XX or 5XX. Required.
	StatusCode string
	// ContentType is text/plain, text/css, text/html,
	// application/javascript or application/json.
	ContentType string
	// MessageBody is at most 1,024 characters.
	MessageBody string
}

// Int returns a pointer to n, for the optional numbers of the operation
// inputs (TargetGroupTuple.Weight).
func Int(n int) *int { return &n }

// action is a checked action with its target groups resolved.
type action struct {
	spec       Action
	forward    []weightedGroup
	total      int           // the sum of the forward weights
	stickiness time.Duration // target group stickiness; 0 when off
}

type weightedGroup struct {
	tg     *targetGroup
	weight int
}

var fixedStatus = regexp.MustCompile(`^[245]\d\d$`)

// compileActions checks the actions of a listener or rule of lb and
// resolves their target groups. It returns the terminal action. s.mu
// must be held.
func (s *Service) compileActions(lb *loadBalancer, actions []Action) (*action, error) {
	if len(actions) == 0 {
		return nil, ErrValidationError.With("at least one action must be specified")
	}
	if len(actions) > 1 {
		return nil, ErrInvalidLoadBalancerActionException.With("the simulator takes one action per rule: authenticate actions, which AWS would run before it, are not simulated")
	}
	a := actions[0].clone()
	out := &action{spec: a}
	if a.Order < 0 || a.Order > MaxPriority {
		return nil, ErrValidationError.With("action order %d is not from 1 to %d", a.Order, MaxPriority)
	}
	if lb.typ == TypeNetwork && a.Type != ActionForward {
		return nil, ErrInvalidLoadBalancerActionException.With("a Network Load Balancer's listener can only forward, not %q", a.Type)
	}
	switch a.Type {
	case ActionForward:
		if a.RedirectConfig != nil || a.FixedResponseConfig != nil {
			return nil, ErrInvalidLoadBalancerActionException.With("a forward action takes no redirect or fixed-response config")
		}
		tuples, sticky, err := forwardTuples(a)
		if err != nil {
			return nil, err
		}
		out.stickiness = sticky
		for _, t := range tuples {
			tg, err := s.lookupTargetGroup(t.TargetGroupArn)
			if err != nil {
				return nil, err
			}
			if err := compatible(lb, tg); err != nil {
				return nil, err
			}
			w := 1
			if t.Weight != nil {
				w = *t.Weight
			}
			if w < 0 || w > 999 {
				return nil, ErrValidationError.With("target group weight %d is not from 0 to 999", w)
			}
			if slices.ContainsFunc(out.forward, func(g weightedGroup) bool { return g.tg == tg }) {
				return nil, ErrInvalidLoadBalancerActionException.With("target group %q is given twice", tg.arnString)
			}
			out.forward = append(out.forward, weightedGroup{tg, w})
			out.total += w
		}
		if out.total == 0 {
			return nil, ErrInvalidLoadBalancerActionException.With("at least one target group must have a weight above zero")
		}
		if lb.typ == TypeNetwork && len(out.forward) > 1 {
			return nil, ErrInvalidLoadBalancerActionException.With("a Network Load Balancer's listener forwards to a single target group")
		}
	case ActionRedirect:
		r := a.RedirectConfig
		switch {
		case r == nil:
			return nil, ErrInvalidLoadBalancerActionException.With("a redirect action needs a redirect config")
		case r.StatusCode != "HTTP_301" && r.StatusCode != "HTTP_302":
			return nil, ErrValidationError.With("redirect status code %q is not HTTP_301 or HTTP_302", r.StatusCode)
		case r.Protocol != "" && r.Protocol != "HTTP" && r.Protocol != "HTTPS" && r.Protocol != "#{protocol}":
			return nil, ErrValidationError.With("redirect protocol %q is not HTTP, HTTPS or #{protocol}", r.Protocol)
		case r.Path != "" && r.Path[0] != '/':
			return nil, ErrValidationError.With("redirect path %q is not absolute", r.Path)
		case len(r.Query) > 128 || len(r.Host) > 128 || len(r.Path) > 128:
			return nil, ErrValidationError.With("a redirect's host, path and query are at most 128 characters")
		case r.Port != "" && r.Port != "#{port}" && !validPort(r.Port):
			return nil, ErrValidationError.With("redirect port %q is not #{port} or a port from 1 to 65535", r.Port)
		case unchangedRedirect(r):
			return nil, ErrInvalidLoadBalancerActionException.With("a redirect must change at least one of protocol, host, port and path, or it would loop")
		}
	case ActionFixedResponse:
		f := a.FixedResponseConfig
		switch {
		case f == nil:
			return nil, ErrInvalidLoadBalancerActionException.With("a fixed-response action needs a fixed-response config")
		case !fixedStatus.MatchString(f.StatusCode):
			return nil, ErrValidationError.With("fixed-response status code %q is not 2XX, 4XX or 5XX", f.StatusCode)
		case f.ContentType != "" && !slices.Contains([]string{"text/plain", "text/css", "text/html", "application/javascript", "application/json"}, f.ContentType):
			return nil, ErrValidationError.With("fixed-response content type %q is not text/plain, text/css, text/html, application/javascript or application/json", f.ContentType)
		case len(f.MessageBody) > 1024:
			return nil, ErrValidationError.With("a fixed-response message body is at most 1024 characters")
		}
	case "authenticate-oidc", "authenticate-cognito", "jwt-validation":
		return nil, ErrInvalidLoadBalancerActionException.With("action type %q is not simulated", a.Type)
	default:
		return nil, ErrValidationError.With("action type %q is not forward, redirect or fixed-response", a.Type)
	}
	return out, nil
}

// forwardTuples returns the target groups of a forward action, from its
// TargetGroupArn or its ForwardConfig (which must agree when both are
// given), and its group stickiness.
func forwardTuples(a Action) ([]TargetGroupTuple, time.Duration, error) {
	if a.ForwardConfig == nil {
		if a.TargetGroupArn == "" {
			return nil, 0, ErrValidationError.With("a forward action needs a target group")
		}
		return []TargetGroupTuple{{TargetGroupArn: a.TargetGroupArn}}, 0, nil
	}
	fc := a.ForwardConfig
	switch {
	case len(fc.TargetGroups) == 0:
		return nil, 0, ErrValidationError.With("a forward config needs at least one target group")
	case len(fc.TargetGroups) > MaxForwardTargetGroups:
		return nil, 0, ErrTooManyTargetGroupsException.With("a forward action splits traffic between at most %d target groups", MaxForwardTargetGroups)
	case a.TargetGroupArn != "" && (len(fc.TargetGroups) != 1 || fc.TargetGroups[0].TargetGroupArn != a.TargetGroupArn):
		return nil, 0, ErrInvalidLoadBalancerActionException.With("the target group ARN and the forward config name different target groups")
	}
	var sticky time.Duration
	if sc := fc.TargetGroupStickinessConfig; sc != nil && sc.Enabled {
		if sc.DurationSeconds < 1 || sc.DurationSeconds > 604800 {
			return nil, 0, ErrValidationError.With("target group stickiness duration %d is not from 1 to 604800 seconds", sc.DurationSeconds)
		}
		sticky = time.Duration(sc.DurationSeconds) * time.Second
	}
	return fc.TargetGroups, sticky, nil
}

// compatible reports the error AWS gives when lb's listeners cannot
// forward to tg.
func compatible(lb *loadBalancer, tg *targetGroup) error {
	switch {
	case lb.typ == TypeNetwork && !tg.network():
		return ErrIncompatibleProtocolsException.With("a Network Load Balancer forwards to TCP, TLS, UDP or TCP_UDP target groups, not %q", tg.name)
	case lb.typ == TypeApplication && tg.network():
		return ErrIncompatibleProtocolsException.With("an Application Load Balancer forwards to HTTP, HTTPS or lambda target groups, not %q", tg.name)
	}
	for other := range tg.users {
		if other != lb {
			return ErrTargetGroupAssociationLimitException.With("target group %q is associated with another load balancer", tg.arnString)
		}
	}
	return nil
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && 1 <= n && n <= 65535
}

// unchangedRedirect reports whether r keeps protocol, host, port and
// path as they were.
func unchangedRedirect(r *RedirectActionConfig) bool {
	keeps := func(v, keyword string) bool { return v == "" || v == keyword }
	return keeps(r.Protocol, "#{protocol}") && keeps(r.Host, "#{host}") && keeps(r.Port, "#{port}") && (r.Path == "" || r.Path == "/#{path}")
}

// groups returns the distinct target groups of a, for use counts.
func (a *action) groups() []*targetGroup {
	out := make([]*targetGroup, 0, len(a.forward))
	for _, g := range a.forward {
		out = append(out, g.tg)
	}
	return out
}

// clone returns a copy of a that shares no config with it, so that the
// service keeps none of its caller's and hands out none of its own.
func (a Action) clone() Action {
	if f := a.ForwardConfig; f != nil {
		c := ForwardActionConfig{TargetGroups: slices.Clone(f.TargetGroups)}
		for i, g := range c.TargetGroups {
			if g.Weight != nil {
				c.TargetGroups[i].Weight = Int(*g.Weight)
			}
		}
		if st := f.TargetGroupStickinessConfig; st != nil {
			c.TargetGroupStickinessConfig = &TargetGroupStickinessConfig{Enabled: st.Enabled, DurationSeconds: st.DurationSeconds}
		}
		a.ForwardConfig = &c
	}
	if r := a.RedirectConfig; r != nil {
		c := *r
		a.RedirectConfig = &c
	}
	if f := a.FixedResponseConfig; f != nil {
		c := *f
		a.FixedResponseConfig = &c
	}
	return a
}

// describe returns the action as the Describe operations show it: a
// forward action always with its ForwardConfig, as AWS fills it in.
func (a *action) describe() Action {
	out := a.spec.clone()
	out.Order = max(out.Order, 1)
	if a.spec.Type != ActionForward {
		return out
	}
	fc := &ForwardActionConfig{TargetGroupStickinessConfig: &TargetGroupStickinessConfig{Enabled: a.stickiness > 0, DurationSeconds: int(a.stickiness / time.Second)}}
	for _, g := range a.forward {
		fc.TargetGroups = append(fc.TargetGroups, TargetGroupTuple{TargetGroupArn: g.tg.arnString, Weight: Int(g.weight)})
	}
	out.ForwardConfig = fc
	if len(a.forward) == 1 {
		out.TargetGroupArn = a.forward[0].tg.arnString
	}
	return out
}
