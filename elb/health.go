package elb

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Health states and reason codes of targets, as DescribeTargetHealth
// reports them.
const (
	HealthInitial     = "initial"
	HealthHealthy     = "healthy"
	HealthUnhealthy   = "unhealthy"
	HealthUnused      = "unused"
	HealthDraining    = "draining"
	HealthUnavailable = "unavailable"

	ReasonRegistrationInProgress   = "Elb.RegistrationInProgress"
	ReasonInitialHealthChecking    = "Elb.InitialHealthChecking"
	ReasonResponseCodeMismatch     = "Target.ResponseCodeMismatch"
	ReasonTimeout                  = "Target.Timeout"
	ReasonFailedHealthChecks       = "Target.FailedHealthChecks"
	ReasonNotRegistered            = "Target.NotRegistered"
	ReasonNotInUse                 = "Target.NotInUse"
	ReasonDeregistrationInProgress = "Target.DeregistrationInProgress"
	ReasonHealthCheckDisabled      = "Target.HealthCheckDisabled"
)

// HealthCheckUserAgent is the User-Agent of the health check requests an
// Application Load Balancer sends to its targets.
const HealthCheckUserAgent = "ELB-HealthChecker/2.0"

// healthCheck is a target group's health check settings. It is
// comparable, so that CreateTargetGroup can tell identical settings.
type healthCheck struct {
	enabled              bool
	protocol, port, path string
	interval, timeout    int // seconds
	healthy, unhealthy   int // consecutive checks
	matcher              string
	codes                codes
	// first is the passes a target needs after registration to be
	// healthy; agent is the checks' User-Agent. They tell ELBv2's checks
	// (one pass, ELB-HealthChecker/2.0) from a Classic Load Balancer's.
	first int
	agent string
}

// codes are the HTTP status codes a matcher takes: up to 10 ranges.
type codes struct {
	n      int
	lo, hi [10]int
}

func (c codes) match(code int) bool {
	for i := range c.n {
		if c.lo[i] <= code && code <= c.hi[i] {
			return true
		}
	}
	return false
}

// parseCodes parses a matcher: codes and ranges separated by commas,
// each from lo to hi.
func parseCodes(s string, lo, hi int) (codes, bool) {
	var c codes
	for part := range strings.SplitSeq(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		from, err1 := strconv.Atoi(a)
		to, err2 := from, error(nil)
		if isRange {
			to, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || from < lo || to > hi || from > to || c.n == len(c.lo) {
			return codes{}, false
		}
		c.lo[c.n], c.hi[c.n] = from, to
		c.n++
	}
	return c, true
}

// newHealthCheck returns the health check settings of in, with AWS's
// defaults for tg's target type and protocol, or the error AWS gives.
func newHealthCheck(tg *targetGroup, in *CreateTargetGroupInput) (healthCheck, error) {
	var hc healthCheck
	switch {
	case tg.targetType == TargetTypeLambda:
		hc = healthCheck{path: "/", interval: 35, timeout: 30, healthy: 5, unhealthy: 5, matcher: "200"}
		hc.enabled = in.HealthCheckEnabled != nil && *in.HealthCheckEnabled
	case tg.network():
		hc = healthCheck{enabled: true, protocol: ProtocolTCP, port: "traffic-port", interval: 30, timeout: 10, healthy: 5, unhealthy: 2}
	default:
		hc = healthCheck{enabled: true, protocol: ProtocolHTTP, port: "traffic-port", path: "/", interval: 30, timeout: 5, healthy: 5, unhealthy: 2, matcher: "200"}
	}
	hc.first, hc.agent = 1, HealthCheckUserAgent
	explicitTimeout := in.HealthCheckTimeoutSeconds != 0
	hc, err := hc.with(tg, in.HealthCheckEnabled, in.HealthCheckProtocol, in.HealthCheckPort, in.HealthCheckPath,
		in.HealthCheckIntervalSeconds, in.HealthCheckTimeoutSeconds, in.HealthyThresholdCount, in.UnhealthyThresholdCount, in.Matcher)
	if err != nil {
		return healthCheck{}, err
	}
	if tg.network() && hc.protocol == ProtocolHTTP && !explicitTimeout {
		hc.timeout = 6
	}
	return hc, nil
}

// modified returns hc with the changes of in, or the error AWS gives.
func (hc healthCheck) modified(tg *targetGroup, in *ModifyTargetGroupInput) (healthCheck, error) {
	return hc.with(tg, in.HealthCheckEnabled, in.HealthCheckProtocol, in.HealthCheckPort, in.HealthCheckPath,
		in.HealthCheckIntervalSeconds, in.HealthCheckTimeoutSeconds, in.HealthyThresholdCount, in.UnhealthyThresholdCount, in.Matcher)
}

// with applies the settings given (non-zero) to hc and checks the
// result.
func (hc healthCheck) with(tg *targetGroup, enabled *bool, protocol, port, path string, interval, timeout, healthy, unhealthy int, m Matcher) (healthCheck, error) {
	lambda := tg.targetType == TargetTypeLambda
	if enabled != nil {
		if !*enabled && !lambda {
			return healthCheck{}, ErrInvalidConfigurationRequestException.With("health checks cannot be disabled for target groups with a target type of %s", tg.targetType)
		}
		hc.enabled = *enabled
	}
	if lambda && (protocol != "" || port != "") {
		return healthCheck{}, ErrInvalidConfigurationRequestException.With("health check protocol and port cannot be set for a target group of target type lambda")
	}
	if protocol != "" {
		switch {
		case protocol == ProtocolHTTP || protocol == ProtocolHTTPS:
		case protocol == ProtocolTCP && tg.network():
		default:
			return healthCheck{}, ErrInvalidConfigurationRequestException.With("health check protocol %q is not supported for target groups with the %s protocol", protocol, tg.protocol)
		}
		if hc.protocol == ProtocolTCP && protocol != ProtocolTCP {
			hc.path, hc.matcher = "/", "200-399"
		}
		if protocol == ProtocolTCP {
			hc.path, hc.matcher = "", ""
		}
		hc.protocol = protocol
	}
	if port != "" {
		if n, err := strconv.Atoi(port); port != "traffic-port" && (err != nil || n < 1 || n > 65535) {
			return healthCheck{}, ErrValidationError.With("health check port %q is not traffic-port or a port from 1 to 65535", port)
		}
		hc.port = port
	}
	if path != "" {
		if hc.protocol == ProtocolTCP {
			return healthCheck{}, ErrInvalidConfigurationRequestException.With("a health check path cannot be set with the TCP health check protocol")
		}
		if path[0] != '/' || len(path) > 1024 {
			return healthCheck{}, ErrValidationError.With("health check path %q does not begin with / or is longer than 1024 characters", path)
		}
		hc.path = path
	}
	for _, v := range []struct {
		name   string
		value  *int
		given  int
		lo, hi int
	}{
		{"health check interval", &hc.interval, interval, 5, 300},
		{"health check timeout", &hc.timeout, timeout, 2, 120},
		{"healthy threshold count", &hc.healthy, healthy, 2, 10},
		{"unhealthy threshold count", &hc.unhealthy, unhealthy, 2, 10},
	} {
		if v.given == 0 {
			continue
		}
		if v.given < v.lo || v.given > v.hi {
			return healthCheck{}, ErrValidationError.With("%s %d is not from %d to %d", v.name, v.given, v.lo, v.hi)
		}
		*v.value = v.given
	}
	if hc.timeout >= hc.interval {
		return healthCheck{}, ErrInvalidConfigurationRequestException.With("health check timeout (%d) must be smaller than the interval (%d)", hc.timeout, hc.interval)
	}
	if m.HttpCode != "" {
		if hc.protocol == ProtocolTCP {
			return healthCheck{}, ErrInvalidConfigurationRequestException.With("a matcher cannot be set with the TCP health check protocol")
		}
		hc.matcher = m.HttpCode
	}
	if hc.matcher != "" {
		hi := 499
		if tg.network() {
			hi = 599
		}
		c, ok := parseCodes(hc.matcher, 200, hi)
		if !ok {
			return healthCheck{}, ErrValidationError.With("matcher %q is not HTTP codes or ranges from 200 to %d", hc.matcher, hi)
		}
		hc.codes = c
	}
	return hc, nil
}

// verdict is the outcome of one health check.
type verdict struct {
	ok     bool
	reason string // when not ok: ReasonResponseCodeMismatch, ReasonTimeout or ReasonFailedHealthChecks
	code   int    // the status of a ResponseCodeMismatch
}

// judge turns a probe's response into a verdict.
func (hc healthCheck) judge(p probe) verdict {
	switch {
	case p.failed:
		return verdict{reason: ReasonFailedHealthChecks}
	case p.latency > time.Duration(hc.timeout)*time.Second:
		return verdict{reason: ReasonTimeout}
	case hc.protocol == ProtocolTCP:
		return verdict{ok: true}
	case !hc.codes.match(p.status):
		return verdict{reason: ReasonResponseCodeMismatch, code: p.status}
	}
	return verdict{ok: true}
}

// probe is what a health check saw: a status in virtual time, or a
// failure to get one (no backend, a panic, a function error).
type probe struct {
	status  int
	latency time.Duration
	failed  bool
}

// describeReason returns AWS's description of a reason code.
func describeReason(reason string, code int) string {
	switch reason {
	case ReasonRegistrationInProgress:
		return "Target registration is in progress"
	case ReasonInitialHealthChecking:
		return "Initial health checks in progress"
	case ReasonResponseCodeMismatch:
		return fmt.Sprintf("Health checks failed with these codes: [%d]", code)
	case ReasonTimeout:
		return "Request timed out"
	case ReasonFailedHealthChecks:
		return "Health checks failed"
	case ReasonNotRegistered:
		return "Target is not registered to the target group"
	case ReasonNotInUse:
		return "Target group is not configured to receive traffic from the load balancer"
	case ReasonDeregistrationInProgress:
		return "Target deregistration is in progress"
	case ReasonHealthCheckDisabled:
		return "Health checks disabled"
	}
	return ""
}
