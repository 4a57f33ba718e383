package autoscaling

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/internal/usercode"
)

// Namespaces and metrics the service publishes with [WithMetrics].
const (
	ec2Namespace         = "AWS/EC2"
	groupNamespace       = "AWS/AutoScaling"
	metricCPUUtilization = "CPUUtilization"
	metricNetworkOut     = "NetworkOut"
)

// The group metrics of EnableMetricsCollection, published once a minute
// to AWS/AutoScaling by AutoScalingGroupName.
const (
	MetricGroupMinSize              = "GroupMinSize"
	MetricGroupMaxSize              = "GroupMaxSize"
	MetricGroupDesiredCapacity      = "GroupDesiredCapacity"
	MetricGroupInServiceInstances   = "GroupInServiceInstances"
	MetricGroupPendingInstances     = "GroupPendingInstances"
	MetricGroupStandbyInstances     = "GroupStandbyInstances"
	MetricGroupTerminatingInstances = "GroupTerminatingInstances"
	MetricGroupTotalInstances       = "GroupTotalInstances"
)

var groupMetrics = []string{
	MetricGroupMinSize, MetricGroupMaxSize, MetricGroupDesiredCapacity, MetricGroupInServiceInstances,
	MetricGroupPendingInstances, MetricGroupStandbyInstances, MetricGroupTerminatingInstances, MetricGroupTotalInstances,
}

// sample is what the instance collector reads of one instance outside
// the lock.
type sample struct {
	i      *instance
	worker Worker
	served bool // registered with target groups or running a web server: Elastic Load Balancing books its busy time
	busy   time.Duration
	sent   float64 // bytes its web server sent, as Elastic Load Balancing counts them
	// lost says its worker's Busy panicked (or blocked past the
	// watchdog): the instance reports no datum for the minute, as one
	// whose agent did not answer.
	lost bool
}

// collectInstanceMetrics returns the CPUUtilization of the minute that
// ended of every instance in service, by InstanceId, and of every group,
// by AutoScalingGroupName: the share of the instance's vCPUs its work
// kept busy (the elb traffic it served, in either mode, and its worker's
// busy time), capped at 100 %. It reuses its slices from one minute to
// the next: CloudWatch does not keep what a collector returns.
func (s *Service) collectInstanceMetrics(start, end time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	samples := s.samples[:0]
	for _, g := range s.groupList {
		for _, i := range g.instances {
			if i.state == StateInService {
				samples = append(samples, sample{i: i, worker: i.worker, served: i.registered || i.backend})
			}
		}
	}
	s.samples = samples
	s.mu.Unlock()

	for k := range samples {
		sm := &samples[k]
		sm.busy, sm.sent, sm.lost = 0, 0, false
		if s.elb != nil && sm.served {
			if h, ok := s.elb.Inspect().Host(sm.i.id); ok {
				sm.busy += h.Busy
				sm.sent = h.BytesOut
			}
		}
		if sm.worker != nil {
			// Busy is read every minute of every instance, so it is
			// guarded without the watchdog, whose goroutine would cost
			// an allocation a call: a panic is recovered.
			var busy time.Duration
			sm.lost = usercode.Call(func() { busy = sm.worker.Busy() }) != nil
			sm.busy += busy
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// One backing array each for the values and dimensions of the
	// minute's data, instead of two small allocations per datum.
	n := len(samples)
	out := slices.Grow(s.metricOut[:0], 2*n)
	values := make([]float64, 2*n) // CPU, then NetworkOut
	dims := make([]cloudwatch.Dimension, 2*n)
	sets, sent := map[*group]*cloudwatch.StatisticSet{}, map[*group]*cloudwatch.StatisticSet{}
	var order []*group
	span := end.Sub(start)
	for k, sm := range samples {
		if sm.lost {
			continue
		}
		i := sm.i
		work := sm.busy - i.lastBusy
		i.lastBusy = sm.busy
		// An instance that went in service during the minute is busy
		// only over the part of it since.
		up := min(span, end.Sub(i.inService))
		if up <= 0 {
			continue
		}
		cpu := min(100, 100*work.Seconds()/(up.Seconds()*float64(i.typ.VCPUs)))
		values[k] = cpu
		dims[k] = cloudwatch.Dimension{Name: "InstanceId", Value: i.id}
		out = append(out, cloudwatch.MetricDatum{
			MetricName: metricCPUUtilization, Unit: cloudwatch.UnitPercent, Value: &values[k], Dimensions: dims[k : k+1 : k+1],
		})
		if sets[i.g] == nil {
			order = append(order, i.g)
		}
		addSample(sets, i.g, cpu)
		if sm.served {
			bytes := sm.sent - i.lastSent
			i.lastSent = sm.sent
			values[n+k] = bytes
			out = append(out, cloudwatch.MetricDatum{
				MetricName: metricNetworkOut, Unit: cloudwatch.UnitBytes, Value: &values[n+k], Dimensions: dims[k : k+1 : k+1],
			})
			addSample(sent, i.g, bytes)
		}
	}
	for k, g := range order {
		dims[n+k] = cloudwatch.Dimension{Name: "AutoScalingGroupName", Value: g.name}
		out = append(out, cloudwatch.MetricDatum{
			MetricName: metricCPUUtilization, Unit: cloudwatch.UnitPercent, StatisticValues: sets[g], Dimensions: dims[n+k : n+k+1 : n+k+1],
		})
		if set := sent[g]; set != nil {
			out = append(out, cloudwatch.MetricDatum{
				MetricName: metricNetworkOut, Unit: cloudwatch.UnitBytes, StatisticValues: set, Dimensions: dims[n+k : n+k+1 : n+k+1],
			})
		}
	}
	s.metricOut = out
	return out
}

// addSample adds v to the statistic set of g in sets.
func addSample(sets map[*group]*cloudwatch.StatisticSet, g *group, v float64) {
	set := sets[g]
	if set == nil {
		set = &cloudwatch.StatisticSet{Minimum: v, Maximum: v}
		sets[g] = set
	}
	set.SampleCount++
	set.Sum += v
	set.Minimum, set.Maximum = min(set.Minimum, v), max(set.Maximum, v)
}

// collectGroupMetrics returns the enabled group metrics of every group,
// sampled at the end of the minute.
func (s *Service) collectGroupMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []cloudwatch.MetricDatum
	for _, g := range s.groupList {
		if len(g.metrics) == 0 || g.deleted {
			continue
		}
		var pending, inService, standby, terminating int
		for _, i := range g.instances {
			switch {
			case i.state == StateInService:
				inService++
			case i.counts():
				pending++
			case i.terminating():
				terminating++
			case i.state == StateStandby || i.state == StateEnteringStandby:
				standby++
			}
		}
		values := map[string]int{
			MetricGroupMinSize: g.min, MetricGroupMaxSize: g.max, MetricGroupDesiredCapacity: g.desired,
			MetricGroupInServiceInstances: inService, MetricGroupPendingInstances: pending, MetricGroupStandbyInstances: standby,
			// AWS's total is the instances pending, in service and terminating.
			MetricGroupTerminatingInstances: terminating, MetricGroupTotalInstances: pending + inService + terminating,
		}
		dims := []cloudwatch.Dimension{{Name: "AutoScalingGroupName", Value: g.name}}
		for _, m := range g.metrics {
			out = append(out, cloudwatch.MetricDatum{MetricName: m, Dimensions: dims, Value: cloudwatch.Float64(float64(values[m])), Unit: cloudwatch.UnitNone})
		}
	}
	return out
}

// EnableMetricsCollectionInput is the input of
// [Service.EnableMetricsCollection] and
// [Service.DisableMetricsCollection].
type EnableMetricsCollectionInput struct {
	AutoScalingGroupName string // Required.
	// Metrics are the group metrics (the MetricGroup… constants); none
	// means all of them.
	Metrics []string
	// Granularity is "1Minute", the only one; empty means it too.
	Granularity string
}

// EnableMetricsCollectionOutput is the output of
// [Service.EnableMetricsCollection] and
// [Service.DisableMetricsCollection].
type EnableMetricsCollectionOutput struct{}

// EnableMetricsCollection makes a group publish group metrics to
// CloudWatch (with [WithMetrics]) once a minute.
//
// Errors: ErrValidationError (also for a group that does not exist).
func (s *Service) EnableMetricsCollection(ctx context.Context, in *EnableMetricsCollectionInput) (*EnableMetricsCollectionOutput, error) {
	return s.setMetrics(ctx, in, true)
}

// DisableMetricsCollection stops a group publishing group metrics.
//
// Errors: ErrValidationError (also for a group that does not exist).
func (s *Service) DisableMetricsCollection(ctx context.Context, in *EnableMetricsCollectionInput) (*EnableMetricsCollectionOutput, error) {
	return s.setMetrics(ctx, in, false)
}

func (s *Service) setMetrics(ctx context.Context, in *EnableMetricsCollectionInput, on bool) (*EnableMetricsCollectionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if on && in.Granularity != "" && in.Granularity != "1Minute" {
		return nil, ErrValidationError.With("Granularity %q is not 1Minute.", in.Granularity)
	}
	for _, m := range in.Metrics {
		if !slices.Contains(groupMetrics, m) {
			return nil, ErrValidationError.With("Metric %q is not a group metric.", m)
		}
	}
	names := in.Metrics
	if len(names) == 0 {
		names = groupMetrics
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	for _, m := range names {
		has := slices.Contains(g.metrics, m)
		switch {
		case on && !has:
			g.metrics = append(g.metrics, m)
		case !on && has:
			g.metrics = slices.DeleteFunc(g.metrics, func(x string) bool { return x == m })
		}
	}
	slices.Sort(g.metrics)
	return &EnableMetricsCollectionOutput{}, nil
}
