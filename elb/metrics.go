package elb

import (
	"slices"
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// The metrics the service publishes with [WithMetrics], in the
// AWS/ApplicationELB namespace, once a minute, as AWS names them
// (Application Load Balancer guide: "CloudWatch metrics for your
// Application Load Balancer"). Per load balancer (dimension
// LoadBalancer, app/NAME/ID) and per target group of it (dimensions
// TargetGroup, targetgroup/NAME/ID, and LoadBalancer).
const (
	MetricRequestCount               = "RequestCount"
	MetricRequestCountPerTarget      = "RequestCountPerTarget"
	MetricTargetResponseTime         = "TargetResponseTime"
	MetricHealthyHostCount           = "HealthyHostCount"
	MetricUnHealthyHostCount         = "UnHealthyHostCount"
	MetricTargetConnectionErrorCount = "TargetConnectionErrorCount"
	MetricHTTPCodeELB4XX             = "HTTPCode_ELB_4XX_Count"
	MetricHTTPCodeELB5XX             = "HTTPCode_ELB_5XX_Count"
	MetricHTTPCodeELB502             = "HTTPCode_ELB_502_Count"
	MetricHTTPCodeELB503             = "HTTPCode_ELB_503_Count"
	MetricHTTPCodeELB504             = "HTTPCode_ELB_504_Count"
	MetricHTTPCodeTarget2XX          = "HTTPCode_Target_2XX_Count"
	MetricHTTPCodeTarget3XX          = "HTTPCode_Target_3XX_Count"
	MetricHTTPCodeTarget4XX          = "HTTPCode_Target_4XX_Count"
	MetricHTTPCodeTarget5XX          = "HTTPCode_Target_5XX_Count"
)

const metricsNamespace = "AWS/ApplicationELB"

// responses counts the responses of targets in the minute, by class,
// and their response times. Counts are float64 because aggregate
// traffic adds expected counts, which need not be whole.
type responses struct {
	byClass          [4]float64 // 2XX to 5XX
	n                float64
	sum              float64 // seconds
	fastest, slowest time.Duration
}

// response counts a target's response by its class and its latency.
func (c *responses) response(status int, latency time.Duration) {
	c.many(1, status, latency)
}

// many counts n responses of a status whose mean latency is latency.
func (c *responses) many(n float64, status int, latency time.Duration) {
	if class := status/100 - 2; 0 <= class && class < 4 {
		c.byClass[class] += n
	}
	c.took(n, latency)
}

// took counts n latencies whose mean is latency.
func (c *responses) took(n float64, latency time.Duration) {
	if c.n == 0 || latency < c.fastest {
		c.fastest = latency
	}
	c.slowest = max(c.slowest, latency)
	c.sum += n * latency.Seconds()
	c.n += n
}

// lbCounts are a load balancer's counts since its metrics were last
// collected.
type lbCounts struct {
	responses
	requests               float64
	elb4xx, elb5xx         float64
	elb502, elb503, elb504 float64
	flows                  flowCounts // a Network Load Balancer's
}

// elb counts n responses of status that the load balancer made itself.
func (c *lbCounts) elb(n float64, status int) {
	switch {
	case status >= 500:
		c.elb5xx += n
	case status >= 400:
		c.elb4xx += n
	}
	switch status {
	case 502:
		c.elb502 += n
	case 503:
		c.elb503 += n
	case 504:
		c.elb504 += n
	}
}

// tgCounts are a target group's counts since its metrics were last
// collected.
type tgCounts struct {
	responses
	requests         float64
	connectionErrors float64
}

// collectMetrics is the service's cloudwatch.CollectFunc: each load
// balancer's and target group's counts of the minute, and the health of
// every target group in use sampled now. A load balancer that served no
// request publishes no request metrics, as AWS reports none.
func (s *Service) collectMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	var data []cloudwatch.MetricDatum
	for _, lb := range sortedBySeq(s.loadBalancers, func(lb *loadBalancer) uint64 { return lb.seq }) {
		if lb.typ != TypeApplication {
			continue
		}
		c := lb.counts
		lb.counts = lbCounts{}
		dims := []cloudwatch.Dimension{{Name: "LoadBalancer", Value: lb.dimension}}
		if c.requests > 0 {
			data = append(data, cloudwatch.Count(MetricRequestCount, dims, c.requests))
			data = appendNonZero(data, dims, []count{
				{MetricHTTPCodeELB4XX, c.elb4xx}, {MetricHTTPCodeELB5XX, c.elb5xx},
				{MetricHTTPCodeELB502, c.elb502}, {MetricHTTPCodeELB503, c.elb503}, {MetricHTTPCodeELB504, c.elb504},
			})
			data = c.responses.append(data, dims)
		}
		for _, tg := range s.groupsOfLocked(lb, now) {
			tc := tg.counts
			tg.counts = tgCounts{}
			gdims := groupDimensions(lb, tg)
			var healthy int
			data, healthy = tg.appendHostCounts(data, gdims)
			if tc.requests == 0 {
				continue
			}
			data = append(data,
				cloudwatch.Count(MetricRequestCount, gdims, tc.requests),
				cloudwatch.Count(MetricRequestCountPerTarget, gdims, tc.requests/float64(max(healthy, 1))))
			data = appendNonZero(data, gdims, []count{{MetricTargetConnectionErrorCount, tc.connectionErrors}})
			data = tc.responses.append(data, gdims)
		}
	}
	return data
}

// groupsOfLocked returns the target groups lb forwards to, in creation
// order, with their draining targets that are gone by now removed.
// s.mu must be held.
func (s *Service) groupsOfLocked(lb *loadBalancer, now time.Time) []*targetGroup {
	groups := sortedBySeq(s.targetGroups, func(tg *targetGroup) uint64 { return tg.seq })
	groups = slices.DeleteFunc(groups, func(tg *targetGroup) bool { return tg.users[lb] == 0 })
	for _, tg := range groups {
		s.expireLocked(tg, now)
	}
	return groups
}

// groupDimensions are the dimensions of target group tg's metrics
// behind lb.
func groupDimensions(lb *loadBalancer, tg *targetGroup) []cloudwatch.Dimension {
	return []cloudwatch.Dimension{{Name: "LoadBalancer", Value: lb.dimension}, {Name: "TargetGroup", Value: tg.dimension}}
}

// appendHostCounts appends tg's HealthyHostCount and UnHealthyHostCount,
// sampled now, and returns the healthy count too.
func (tg *targetGroup) appendHostCounts(data []cloudwatch.MetricDatum, dims []cloudwatch.Dimension) ([]cloudwatch.MetricDatum, int) {
	healthy, unhealthy := 0, 0
	for _, t := range tg.targets {
		switch t.state {
		case HealthHealthy:
			healthy++
		case HealthUnhealthy:
			unhealthy++
		}
	}
	return append(data, cloudwatch.Count(MetricHealthyHostCount, dims, healthy), cloudwatch.Count(MetricUnHealthyHostCount, dims, unhealthy)), healthy
}

// append adds the minute's target responses: the counts by class that
// are not zero, and the response times as a statistic set, in seconds.
func (c responses) append(data []cloudwatch.MetricDatum, dims []cloudwatch.Dimension) []cloudwatch.MetricDatum {
	data = appendNonZero(data, dims, []count{
		{MetricHTTPCodeTarget2XX, c.byClass[0]}, {MetricHTTPCodeTarget3XX, c.byClass[1]},
		{MetricHTTPCodeTarget4XX, c.byClass[2]}, {MetricHTTPCodeTarget5XX, c.byClass[3]},
	})
	if c.n == 0 {
		return data
	}
	return append(data, c.timeDatum(MetricTargetResponseTime, dims))
}

// timeDatum returns the response times as a statistic set of metric, in
// seconds.
func (c responses) timeDatum(metric string, dims []cloudwatch.Dimension) cloudwatch.MetricDatum {
	return cloudwatch.MetricDatum{
		MetricName: metric, Dimensions: dims, Unit: cloudwatch.UnitSeconds,
		StatisticValues: &cloudwatch.StatisticSet{SampleCount: c.n, Sum: c.sum, Minimum: c.fastest.Seconds(), Maximum: c.slowest.Seconds()},
	}
}

// count is a metric's count of the minute.
type count struct {
	metric string
	n      float64
}

// appendNonZero adds a Count datum for each count that is not zero.
func appendNonZero(data []cloudwatch.MetricDatum, dims []cloudwatch.Dimension, counts []count) []cloudwatch.MetricDatum {
	for _, c := range counts {
		if c.n != 0 {
			data = append(data, cloudwatch.Count(c.metric, dims, c.n))
		}
	}
	return data
}
