package elb

import (
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/cloudwatch"
)

// ClassicAccessLogEntry is one line of a Classic Load Balancer's access
// log, kept while its access log is enabled, as AWS writes one per
// request to S3. [Inspector.ClassicAccessLog] returns them; String
// formats one as AWS does.
type ClassicAccessLogEntry struct {
	// Time is when the load balancer received the request, in virtual
	// time.
	Time time.Time
	// ELB is the load balancer's name.
	ELB string
	// Client is the client's address and port.
	Client string
	// Backend is the instance's ID and port the request went to, or "-"
	// when it reached none.
	Backend string
	// RequestProcessingTime, BackendProcessingTime and
	// ResponseProcessingTime are the three spans of the request; a span
	// that did not happen is -1, as in AWS: BackendProcessingTime is -1
	// when the instance never answered (a 504 past the idle timeout, a
	// closed connection).
	RequestProcessingTime  time.Duration
	BackendProcessingTime  time.Duration
	ResponseProcessingTime time.Duration
	// ELBStatusCode is the status the client got; BackendStatusCode the
	// one the instance answered, 0 ("-") when it answered none.
	ELBStatusCode     int
	BackendStatusCode int
	ReceivedBytes     int64
	SentBytes         int64
	// Request is "METHOD URL PROTOCOL", the URL absolute.
	Request   string
	UserAgent string
}

// String formats the entry as a Classic Load Balancer's access log
// line, its fields in AWS's order, the TLS fields "-".
func (e ClassicAccessLogEntry) String() string {
	fields := []string{
		e.Time.UTC().Format("2006-01-02T15:04:05.000000Z"),
		e.ELB,
		e.Client,
		or(e.Backend, "-"),
		seconds(e.RequestProcessingTime),
		seconds(e.BackendProcessingTime),
		seconds(e.ResponseProcessingTime),
		strconv.Itoa(e.ELBStatusCode),
		status(e.BackendStatusCode),
		strconv.FormatInt(e.ReceivedBytes, 10),
		strconv.FormatInt(e.SentBytes, 10),
		strconv.Quote(or(e.Request, "-")),
		strconv.Quote(or(e.UserAgent, "-")),
		"-", // ssl_cipher
		"-", // ssl_protocol
	}
	return strings.Join(fields, " ")
}

// classicEntry is the Classic form of an entry the data plane recorded.
func classicEntry(e AccessLogEntry) ClassicAccessLogEntry {
	return ClassicAccessLogEntry{
		Time:                   e.RequestCreationTime,
		ELB:                    e.ELB,
		Client:                 e.Client,
		Backend:                e.Target,
		RequestProcessingTime:  e.RequestProcessingTime,
		BackendProcessingTime:  e.TargetProcessingTime,
		ResponseProcessingTime: e.ResponseProcessingTime,
		ELBStatusCode:          e.ELBStatusCode,
		BackendStatusCode:      e.TargetStatusCode,
		ReceivedBytes:          e.ReceivedBytes,
		SentBytes:              e.SentBytes,
		Request:                e.Request,
		UserAgent:              e.UserAgent,
	}
}

// ClassicAccessLog returns the access log entries of the Classic Load
// Balancer name, in the order its requests arrived; nil for a load
// balancer that does not exist. Entries are kept while its access log
// is enabled ([ClassicAccessLog].Enabled).
func (i *Inspector) ClassicAccessLog(name string) []ClassicAccessLogEntry {
	s := i.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.classics[name]
	if lb == nil {
		return nil
	}
	out := make([]ClassicAccessLogEntry, len(lb.accessLog))
	for j, e := range lb.accessLog {
		out[j] = classicEntry(e)
	}
	return out
}

// The metrics of Classic Load Balancers that the service publishes with
// [WithMetrics], in the AWS/ELB namespace, once a minute, per load
// balancer (dimension LoadBalancerName), as the User Guide for Classic
// Load Balancers names them. Beside them, HealthyHostCount and
// UnHealthyHostCount (MetricHealthyHostCount, MetricUnHealthyHostCount),
// RequestCount (MetricRequestCount) and HTTPCode_ELB_4XX and _5XX.
const (
	MetricLatency                 = "Latency"
	MetricBackendConnectionErrors = "BackendConnectionErrors"
	MetricHTTPCodeClassicELB4XX   = "HTTPCode_ELB_4XX"
	MetricHTTPCodeClassicELB5XX   = "HTTPCode_ELB_5XX"
	MetricHTTPCodeBackend2XX      = "HTTPCode_Backend_2XX"
	MetricHTTPCodeBackend3XX      = "HTTPCode_Backend_3XX"
	MetricHTTPCodeBackend4XX      = "HTTPCode_Backend_4XX"
	MetricHTTPCodeBackend5XX      = "HTTPCode_Backend_5XX"
)

const classicNamespace = "AWS/ELB"

// collectClassicMetrics is the service's cloudwatch.CollectFunc for
// AWS/ELB: each Classic Load Balancer's counts of the minute, and the
// health of its instances sampled now, while it has listeners.
func (s *Service) collectClassicMetrics(_, _ time.Time) []cloudwatch.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	var data []cloudwatch.MetricDatum
	for _, lb := range sortedBySeq(s.classics, func(lb *loadBalancer) uint64 { return lb.seq }) {
		tg := lb.classic.instances
		c, tc := lb.counts, tg.counts
		lb.counts, tg.counts = lbCounts{}, tgCounts{}
		dims := []cloudwatch.Dimension{{Name: "LoadBalancerName", Value: lb.name}}
		if tg.inUse() {
			s.expireLocked(tg, now)
			healthy, unhealthy := 0, 0
			for _, t := range tg.targets {
				switch t.state {
				case HealthHealthy:
					healthy++
				case HealthInitial, HealthUnhealthy:
					unhealthy++
				}
			}
			data = append(data, cloudwatch.Count(MetricHealthyHostCount, dims, healthy), cloudwatch.Count(MetricUnHealthyHostCount, dims, unhealthy))
		}
		if c.requests == 0 {
			continue
		}
		data = append(data, cloudwatch.Count(MetricRequestCount, dims, c.requests))
		data = appendNonZero(data, dims, []count{
			{MetricHTTPCodeClassicELB4XX, c.elb4xx}, {MetricHTTPCodeClassicELB5XX, c.elb5xx},
			{MetricHTTPCodeBackend2XX, c.byClass[0]}, {MetricHTTPCodeBackend3XX, c.byClass[1]},
			{MetricHTTPCodeBackend4XX, c.byClass[2]}, {MetricHTTPCodeBackend5XX, c.byClass[3]},
			{MetricBackendConnectionErrors, tc.connectionErrors},
		})
		if c.n > 0 {
			data = append(data, c.timeDatum(MetricLatency, dims))
		}
	}
	return data
}
