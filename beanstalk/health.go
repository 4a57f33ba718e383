package beanstalk

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/service"
)

// Enhanced health statuses, as HealthStatus reports them.
const (
	HealthStatusNoData    = "NoData"
	HealthStatusUnknown   = "Unknown"
	HealthStatusPending   = "Pending"
	HealthStatusOk        = "Ok"
	HealthStatusInfo      = "Info"
	HealthStatusWarning   = "Warning"
	HealthStatusDegraded  = "Degraded"
	HealthStatusSevere    = "Severe"
	HealthStatusSuspended = "Suspended"
)

// The shares of the last minute's requests answered 5xx (by the load
// balancer or the instances) at which enhanced health becomes Warning,
// Degraded and Severe. AWS does not publish its thresholds: these are the
// simulator's convention.
const (
	WarningErrorRate  = 0.01
	DegradedErrorRate = 0.10
	SevereErrorRate   = 0.25
)

// colorOf is the health colour of an enhanced health status.
func colorOf(status string) string {
	switch status {
	case HealthStatusOk, HealthStatusInfo:
		return HealthGreen
	case HealthStatusWarning:
		return HealthYellow
	case HealthStatusDegraded, HealthStatusSevere:
		return HealthRed
	}
	return HealthGrey
}

// ApplicationMetrics are the requests a web-server environment's load
// balancer answered over Duration, by class of status.
type ApplicationMetrics struct {
	Duration     time.Duration
	RequestCount int
	StatusCodes  StatusCodes
}

// StatusCodes counts responses by class.
type StatusCodes struct {
	Status2xx, Status3xx, Status4xx, Status5xx int
}

// InstanceHealth is the enhanced health of one instance.
type InstanceHealth struct {
	InstanceId   string
	HealthStatus string
	Color        string
	Causes       []string
	LaunchedAt   time.Time
}

// DescribeEnvironmentHealthInput is the input of
// [Service.DescribeEnvironmentHealth]: EnvironmentId or EnvironmentName.
type DescribeEnvironmentHealthInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// DescribeEnvironmentHealthOutput is the output of
// [Service.DescribeEnvironmentHealth].
type DescribeEnvironmentHealthOutput struct {
	EnvironmentName    string
	Status             string
	HealthStatus       string
	Color              string
	Causes             []string
	ApplicationMetrics ApplicationMetrics
	// InstancesHealth counts the instances by health status.
	InstancesHealth map[string]int
	RefreshedAt     time.Time
}

// DescribeEnvironmentHealth reports an environment's enhanced health,
// worked out when asked from its instances and its load balancer's last
// minute (see the package documentation, Health).
//
// Errors: ErrInvalidParameterValue (no such environment, or one whose
// SystemType is not enhanced), ErrMissingParameter.
func (s *Service) DescribeEnvironmentHealth(ctx context.Context, in *DescribeEnvironmentHealthInput) (*DescribeEnvironmentHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	e, err := s.enhancedEnvironment(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		return nil, err
	}
	r := s.assess(ctx, e)
	out := &DescribeEnvironmentHealthOutput{
		EnvironmentName: r.name, Status: r.status, HealthStatus: r.health, Color: colorOf(r.health), Causes: r.causes,
		ApplicationMetrics: r.metrics, InstancesHealth: map[string]int{}, RefreshedAt: r.at,
	}
	for _, i := range r.instances {
		out.InstancesHealth[i.HealthStatus]++
	}
	return out, nil
}

// DescribeInstancesHealthInput is the input of
// [Service.DescribeInstancesHealth]: EnvironmentId or EnvironmentName.
type DescribeInstancesHealthInput struct {
	EnvironmentId   string
	EnvironmentName string
}

// DescribeInstancesHealthOutput is the output of
// [Service.DescribeInstancesHealth].
type DescribeInstancesHealthOutput struct {
	InstanceHealthList []InstanceHealth
	RefreshedAt        time.Time
}

// DescribeInstancesHealth reports the enhanced health of each instance
// of an environment, in launch order.
//
// Errors: ErrInvalidParameterValue (no such environment, or one whose
// SystemType is not enhanced), ErrMissingParameter.
func (s *Service) DescribeInstancesHealth(ctx context.Context, in *DescribeInstancesHealthInput) (*DescribeInstancesHealthOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	e, err := s.enhancedEnvironment(in.EnvironmentId, in.EnvironmentName)
	if err != nil {
		return nil, err
	}
	r := s.assess(ctx, e)
	return &DescribeInstancesHealthOutput{InstanceHealthList: r.instances, RefreshedAt: r.at}, nil
}

// enhancedEnvironment looks up an environment with enhanced health.
func (s *Service) enhancedEnvironment(id, name string) (*environment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.lookupEnvLocked(id, name)
	if err != nil {
		return nil, err
	}
	if e.opts.get(NamespaceHealth, "SystemType") != "enhanced" {
		return nil, ErrInvalidParameterValue.With("Environment %s does not have enhanced health reporting: set %s SystemType to enhanced.", e.desc.EnvironmentName, NamespaceHealth)
	}
	return e, nil
}

// assessment is an environment's enhanced health at one instant.
type assessment struct {
	name, status, health string
	causes               []string
	metrics              ApplicationMetrics
	instances            []InstanceHealth
	at                   time.Time
}

// assess works out an environment's enhanced health from the lower
// services, with no lock held. The environment's status goes first
// (Launching: Pending; Updating: Info), then the worst of: too few
// instances in service (Degraded; none at all, Severe), instances the
// load balancer finds unhealthy (Warning; all of them, Severe), and the
// last minute's 5xx share against the …ErrorRate thresholds.
func (s *Service) assess(ctx context.Context, e *environment) assessment {
	s.mu.Lock()
	r := assessment{name: e.desc.EnvironmentName, status: e.desc.Status, at: s.sched.Now()}
	group, b, lb, classic := e.group, e.front(), e.loadBalancer, e.classic
	s.mu.Unlock()

	var g autoscaling.Group
	if out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}}); err == nil && len(out.AutoScalingGroups) > 0 {
		g = out.AutoScalingGroups[0]
	}
	targets, _ := s.states(b)
	inService, impaired := 0, 0
	for _, i := range g.Instances {
		h := InstanceHealth{InstanceId: i.InstanceId, LaunchedAt: i.LaunchTime, HealthStatus: HealthStatusOk}
		switch {
		case i.LifecycleState == autoscaling.StatePending || i.LifecycleState == autoscaling.StatePendingWait:
			h.HealthStatus, h.Causes = HealthStatusPending, []string{"Performing initialization."}
		case i.LifecycleState != autoscaling.StateInService:
			h.HealthStatus, h.Causes = HealthStatusInfo, []string{"Instance is " + i.LifecycleState + "."}
		case !b.none() && targets[i.InstanceId] == elb.HealthUnhealthy:
			h.HealthStatus, h.Causes = HealthStatusSevere, []string{"ELB health is failing or not available for all instances."}
			inService++
			impaired++
		case !b.none() && targets[i.InstanceId] != elb.HealthHealthy:
			h.HealthStatus, h.Causes = HealthStatusPending, []string{"Instance is not yet healthy in the load balancer."}
			inService++
		default:
			inService++
		}
		h.Color = colorOf(h.HealthStatus)
		r.instances = append(r.instances, h)
	}
	if lb != "" {
		r.metrics = s.lastMinute(ctx, lb, classic, r.at)
	}

	worst := HealthStatusOk
	raise := func(status, cause string) {
		if rank(status) > rank(worst) {
			worst = status
		}
		r.causes = append(r.causes, cause)
	}
	switch {
	case inService == 0:
		raise(HealthStatusSevere, "None of the instances are sending data.")
	case inService < g.MinSize:
		raise(HealthStatusDegraded, fmt.Sprintf("%d active instances is below Auto Scaling group minimum size %d.", inService, g.MinSize))
	}
	switch {
	case impaired > 0 && impaired == inService:
		raise(HealthStatusSevere, "ELB health is failing or not available for all instances.")
	case impaired > 0:
		raise(HealthStatusWarning, fmt.Sprintf("Impaired services on %d out of %d instances.", impaired, inService))
	}
	if m := r.metrics; m.RequestCount > 0 {
		rate := float64(m.StatusCodes.Status5xx) / float64(m.RequestCount)
		cause := fmt.Sprintf("%.1f %% of the requests are failing with HTTP 5xx.", 100*rate)
		switch {
		case rate >= SevereErrorRate:
			raise(HealthStatusSevere, cause)
		case rate >= DegradedErrorRate:
			raise(HealthStatusDegraded, cause)
		case rate >= WarningErrorRate:
			raise(HealthStatusWarning, cause)
		}
	}
	switch r.status {
	case StatusLaunching:
		worst, r.causes = HealthStatusPending, []string{"Initialization in progress."}
	case StatusUpdating:
		if rank(worst) <= rank(HealthStatusOk) {
			worst, r.causes = HealthStatusInfo, []string{"Command is executing on the environment's instances."}
		}
	case StatusTerminating, StatusTerminated:
		worst, r.causes = HealthStatusSuspended, nil
	}
	r.health = worst
	return r
}

// rank orders the statuses that assess raises, best first.
func rank(status string) int {
	switch status {
	case HealthStatusWarning:
		return 2
	case HealthStatusDegraded:
		return 3
	case HealthStatusSevere:
		return 4
	}
	return 1
}

// lastMinute reads the load balancer's requests of the last whole minute
// from CloudWatch: an Application Load Balancer's (by ARN) or a Classic
// one's (by name).
func (s *Service) lastMinute(ctx context.Context, lb string, classic bool, now time.Time) ApplicationMetrics {
	end := now.Truncate(time.Minute)
	namespace, dims := "AWS/ApplicationELB", []cloudwatch.Dimension{{Name: "LoadBalancer", Value: loadBalancerDimension(lb)}}
	// The instances' responses by class, then the load balancer's own
	// 4xx and 5xx.
	codes := [6]string{elb.MetricHTTPCodeTarget2XX, elb.MetricHTTPCodeTarget3XX, elb.MetricHTTPCodeTarget4XX, elb.MetricHTTPCodeTarget5XX, elb.MetricHTTPCodeELB4XX, elb.MetricHTTPCodeELB5XX}
	if classic {
		namespace, dims = "AWS/ELB", []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: lb}}
		codes = [6]string{elb.MetricHTTPCodeBackend2XX, elb.MetricHTTPCodeBackend3XX, elb.MetricHTTPCodeBackend4XX, elb.MetricHTTPCodeBackend5XX, elb.MetricHTTPCodeClassicELB4XX, elb.MetricHTTPCodeClassicELB5XX}
	}
	sum := func(metric string) int {
		out, err := s.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: namespace, MetricName: metric, Dimensions: dims,
			StartTime: end.Add(-time.Minute), EndTime: end, Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSum},
		})
		if err != nil || len(out.Datapoints) == 0 || out.Datapoints[0].Sum == nil {
			return 0
		}
		return int(*out.Datapoints[0].Sum + 0.5)
	}
	return ApplicationMetrics{
		Duration: time.Minute, RequestCount: sum(elb.MetricRequestCount),
		StatusCodes: StatusCodes{
			Status2xx: sum(codes[0]), Status3xx: sum(codes[1]),
			Status4xx: sum(codes[2]) + sum(codes[4]),
			Status5xx: sum(codes[3]) + sum(codes[5]),
		},
	}
}
