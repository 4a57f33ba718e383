package elb

import (
	"time"

	"github.com/awssim/awssim/cloud"
)

// Faults that the load balancers inject from their account's fault plan
// ([cloud.Account.SetFaultPlan]); see the package documentation, Faults.
// Both are lasting faults ([cloud.Account.LastingFault]), looked at for a
// target at each request and health check that reaches it.
const (
	// FaultZoneOutage is [cloud.FaultZoneOutage], an Availability Zone
	// gone dark, as a load balancer meets it: a target whose backend is
	// in the zone ([Backend].AvailabilityZone) cannot be reached. Its
	// health checks time out, and a request sent to it before they find
	// it unhealthy gets a 504 after the connection timeout
	// ([ConnectTimeout]). The rule's Resource is the zone.
	FaultZoneOutage = cloud.FaultZoneOutage

	// FaultTargetHang is a target that takes connections and never
	// answers, as a deadlocked or overloaded server does, for the rule's
	// Delay (or to its Until). An Application or Classic Load Balancer
	// answers a request to it with a 504 after its idle timeout; an HTTP
	// health check times out at HealthCheckTimeoutSeconds, so the target
	// is unhealthy after UnhealthyThresholdCount of them, while a TCP
	// check, which only connects, passes; a Network Load Balancer resets
	// its flows after the flow idle timeout. Its handler is not called:
	// the hang is virtual. The rule's Resource is the target ID.
	FaultTargetHang = "elb:TargetHang"
)

// ConnectTimeout is how long a load balancer tries to connect to a
// target before it gives up with a 504: ten seconds, as the ALB guide
// says of HTTP 504.
const ConnectTimeout = 10 * time.Second

// never stands for the latency of a target that never answers: past every
// timeout.
const never = time.Duration(1<<63 - 1)

// connectLocked returns how the account's fault plan makes a connection
// to t, whose backend is b, fail: unreachable when b's zone is dark, hung
// when t hangs, answered (no fault) otherwise. A target with nothing
// listening is left to refuse. s.mu must be held.
func (s *Service) connectLocked(t *target, b *Backend) outcome {
	switch {
	case b.Handler == nil || !s.account.HasFaultPlan():
		return answered
	case b.AvailabilityZone != "" && s.account.LastingFault(FaultZoneOutage, b.AvailabilityZone, t.id) != nil:
		return unreachable
	case s.account.LastingFault(FaultTargetHang, t.id, t.id) != nil:
		return hung
	}
	return answered
}
