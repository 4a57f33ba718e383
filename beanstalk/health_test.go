package beanstalk_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
	"github.com/awssim/awssim/cloudwatch"
	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sqs"
)

var enhanced = option(beanstalk.NamespaceHealth, "SystemType", "enhanced")

// health describes environment "shop-prod"'s enhanced health.
func (w *world) health() *beanstalk.DescribeEnvironmentHealthOutput {
	w.t.Helper()
	out, err := w.svc.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(w.t, err)
	return out
}

// Enhanced health is Pending while the environment launches and Ok once
// its instances serve, with the last minute's requests counted.
func TestEnhancedHealthIsOkWhenTheInstancesServe(t *testing.T) {
	w := newWorld(t)
	e := w.create("shop-prod", nil, enhanced, option(beanstalk.NamespaceASG, "MinSize", "2"))
	assert.Equal(t, beanstalk.HealthStatusPending, w.health().HealthStatus)
	w.clk.Advance(2 * time.Minute)
	w.watch(e.CNAME, time.Minute)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusOk, h.HealthStatus, "%v", h.Causes)
	assert.Equal(t, beanstalk.HealthGreen, h.Color)
	assert.Equal(t, 2, h.InstancesHealth[beanstalk.HealthStatusOk])
	assert.Positive(t, h.ApplicationMetrics.RequestCount)
	assert.Equal(t, h.ApplicationMetrics.RequestCount, h.ApplicationMetrics.StatusCodes.Status2xx)
}

// A server answering 5xx never lets the launch succeed: at the command
// timeout the environment is Ready and Red; enhanced health is Severe,
// with the share of failing requests as its cause, and each instance
// Severe as the load balancer finds it unhealthy.
func TestEnhancedHealthIsSevereWhenRequestsFail(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("broken", http.StatusInternalServerError)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "broken",
		OptionSettings: []beanstalk.ConfigurationOptionSetting{enhanced, option(beanstalk.NamespaceCommand, "Timeout", "180")}})
	require.NoError(t, err)
	e := w.env("shop-prod")
	w.clk.Advance(3 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status, "the launch ends at the command timeout")
	assert.Equal(t, beanstalk.HealthRed, got.Health)
	events := w.events("shop-prod")
	assert.Equal(t, "Create environment operation is complete, but with errors. For more information, see troubleshooting documentation.", events[len(events)-1])
	w.watch(e.CNAME, time.Minute)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusSevere, h.HealthStatus)
	assert.Equal(t, beanstalk.HealthRed, h.Color)
	assert.Contains(t, h.Causes, "100.0 % of the requests are failing with HTTP 5xx.")
	instances, err := w.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, instances.InstanceHealthList, 1)
	assert.Equal(t, beanstalk.HealthStatusSevere, instances.InstanceHealthList[0].HealthStatus)
}

// A deployment shows as Info; basic health refuses the enhanced calls.
func TestEnhancedHealthDuringADeploymentAndUnderBasicHealth(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	w.create("shop-prod", nil, enhanced)
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	assert.Equal(t, beanstalk.HealthStatusInfo, w.health().HealthStatus)

	w.create("shop-basic", nil)
	_, err := w.svc.DescribeEnvironmentHealth(ctx, &beanstalk.DescribeEnvironmentHealthInput{EnvironmentName: "shop-basic"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
}

// versionFailing creates version label of "shop" whose server answers
// 200, or 500 while *failing is set.
func (w *world) versionFailing(label string, failing *atomic.Bool) {
	w.t.Helper()
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: label,
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
				if failing.Load() {
					rw.WriteHeader(http.StatusInternalServerError)
				}
				fmt.Fprint(rw, label, " from ", id)
			})}
		}},
	})
	require.NoError(w.t, err)
}

// createFrom creates environment "shop-prod" of version label with
// options, and waits until it is Ready.
func (w *world) createFrom(label string, opts ...beanstalk.ConfigurationOptionSetting) beanstalk.EnvironmentDescription {
	w.t.Helper()
	out, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: label, OptionSettings: opts})
	require.NoError(w.t, err)
	w.clk.Advance(2 * time.Minute)
	require.Equal(w.t, beanstalk.StatusReady, w.env("shop-prod").Status)
	return out.EnvironmentDescription
}

// untilHealth advances the clock a second at a time, for at most limit,
// until environment "shop-prod"'s Health is color, and returns how long
// that took.
func (w *world) untilHealth(color string, limit time.Duration) time.Duration {
	w.t.Helper()
	for waited := time.Duration(0); waited <= limit; waited += time.Second {
		if w.env("shop-prod").Health == color {
			return waited
		}
		w.clk.Advance(time.Second)
	}
	w.t.Fatalf("Health is %s after %v, not %s", w.env("shop-prod").Health, limit, color)
	return 0
}

// Basic health follows the load balancer's health checks, as the
// developer guide's basic health colours say: Green while the checks
// pass, Yellow after two failed checks in a row, Red after three or
// more, and Green again when they pass; each change is an event.
func TestBasicHealthFollowsTheLoadBalancersChecks(t *testing.T) {
	w := newWorld(t)
	var failing atomic.Bool
	w.versionFailing("flaky", &failing)
	w.createFrom("flaky")
	assert.Equal(t, beanstalk.HealthGreen, w.env("shop-prod").Health)
	assert.Empty(t, w.env("shop-prod").HealthStatus, "basic health has no HealthStatus")

	failing.Store(true)
	w.untilHealth(beanstalk.HealthYellow, 3*time.Minute)
	assert.Equal(t, 2*beanstalk.HealthInterval, w.untilHealth(beanstalk.HealthRed, time.Minute)+beanstalk.HealthInterval,
		"Red one check after Yellow")
	failing.Store(false)
	w.untilHealth(beanstalk.HealthGreen, 3*time.Minute)
	events := w.events("shop-prod")
	assert.Equal(t, []string{
		"Environment health has transitioned from Green to Yellow.",
		"Environment health has transitioned from Yellow to Red.",
		"Environment health has transitioned from Red to Green.",
	}, events[len(events)-3:])
}

// Basic health is Grey while the environment is being updated.
func TestBasicHealthIsGreyDuringAnUpdate(t *testing.T) {
	w := newWorld(t)
	w.versionSaying("v2", http.StatusOK)
	w.create("shop-prod", nil)
	w.clk.Advance(2 * time.Minute)
	w.deploy("v2")
	assert.Equal(t, beanstalk.HealthGrey, w.env("shop-prod").Health)
	w.clk.Advance(2 * time.Minute)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.StatusReady, got.Status)
	assert.Equal(t, beanstalk.HealthGreen, got.Health)
}

// With enhanced health, DescribeEnvironments gives the HealthStatus and
// its colour; the environment's status falls only once three checks of
// a minute found it worse ("no instant flips"), and each change is an
// event with its causes.
func TestEnhancedHealthStatusChangesAfterThreeChecks(t *testing.T) {
	w := newWorld(t)
	var failing atomic.Bool
	w.versionFailing("flaky", &failing)
	w.createFrom("flaky", enhanced)
	got := w.env("shop-prod")
	assert.Equal(t, beanstalk.HealthStatusOk, got.HealthStatus)
	assert.Equal(t, beanstalk.HealthGreen, got.Health)

	failing.Store(true)
	w.clk.Advance(time.Minute) // the 5xx answers of this minute
	assert.Equal(t, beanstalk.HealthStatusOk, w.env("shop-prod").HealthStatus, "one check's finding is not enough")
	w.untilHealth(beanstalk.HealthRed, time.Minute)
	got = w.env("shop-prod")
	assert.Equal(t, beanstalk.HealthStatusSevere, got.HealthStatus)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusSevere, h.HealthStatus)
	assert.Contains(t, w.events("shop-prod"), "Environment health has transitioned from Ok to Severe. "+strings.Join(h.Causes, " "))
}

// With enhanced health, the environment publishes EnvironmentHealth to
// CloudWatch (AWS/ElasticBeanstalk, by EnvironmentName) every minute,
// with the developer guide's values (0 for Ok); the other metrics only
// when the ConfigDocument asks for them.
func TestEnhancedHealthPublishesEnvironmentHealthEveryMinute(t *testing.T) {
	w := newWorld(t)
	doc := `{"CloudWatchMetrics":{"Environment":{"InstancesOk":60,"ApplicationRequestsTotal":60,"InstancesSevere":null},"Instance":{"InstanceHealth":60}},"Version":1}`
	w.createFrom("v1", enhanced, option(beanstalk.NamespaceHealth, "ConfigDocument", doc), option(beanstalk.NamespaceASG, "MinSize", "2"))
	w.clk.Advance(3 * time.Minute)
	stat := func(metric string, dims ...cloudwatch.Dimension) []cloudwatch.Datapoint {
		t.Helper()
		out, err := w.svc.CloudWatch().GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: "AWS/ElasticBeanstalk", MetricName: metric, Dimensions: append([]cloudwatch.Dimension{{Name: "EnvironmentName", Value: "shop-prod"}}, dims...),
			StartTime: w.clk.Now().Add(-2 * time.Minute).Truncate(time.Minute), EndTime: w.clk.Now().Truncate(time.Minute), Period: time.Minute,
			Statistics: []cloudwatch.Statistic{cloudwatch.StatisticMaximum, cloudwatch.StatisticSampleCount},
		})
		require.NoError(t, err)
		return out.Datapoints
	}
	health := stat("EnvironmentHealth")
	require.Len(t, health, 2, "one a minute")
	for _, d := range health {
		assert.Equal(t, 0.0, *d.Maximum, "Ok")
		assert.Equal(t, 1.0, *d.SampleCount)
	}
	ok := stat("InstancesOk")
	require.Len(t, ok, 2)
	assert.Equal(t, 2.0, *ok[1].Maximum)
	assert.Len(t, stat("ApplicationRequestsTotal"), 2)
	assert.Empty(t, stat("InstancesSevere"), "a null period asks for nothing")
	assert.Empty(t, stat("InstancesDegraded"), "not asked for")
	instances, err := w.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, instances.InstanceHealthList, 2)
	assert.Len(t, stat("InstanceHealth", cloudwatch.Dimension{Name: "InstanceId", Value: instances.InstanceHealthList[0].InstanceId}), 2)
}

// A ConfigDocument that is not JSON, names a metric that does not
// exist, or gives a period other than 60 seconds is refused.
func TestConfigDocumentIsChecked(t *testing.T) {
	w := newWorld(t)
	for name, doc := range map[string]string{
		"not JSON":       `{"CloudWatchMetrics":`,
		"unknown metric": `{"CloudWatchMetrics":{"Environment":{"CPUUser":60}},"Version":1}`,
		"bad period":     `{"CloudWatchMetrics":{"Instance":{"CPUUser":30}},"Version":1}`,
		"no version":     `{"CloudWatchMetrics":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "v1",
				OptionSettings: []beanstalk.ConfigurationOptionSetting{enhanced, option(beanstalk.NamespaceHealth, "ConfigDocument", doc)}})
			assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
		})
	}
}

// An instance whose CPU stays at 95 % or more for a minute is Warning,
// with the cause the developer guide shows, and so is the environment
// ("Impaired services on 1 out of 1 instances.").
func TestEnhancedHealthWarnsOfAnInstanceWhoseCPUStaysHigh(t *testing.T) {
	w := newWorld(t)
	p := &posts{status: http.StatusOK}
	w.version("busy", p)
	_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "busy", Tier: workerTier,
		OptionSettings: []beanstalk.ConfigurationOptionSetting{enhanced, option(beanstalk.NamespaceASG, "MaxSize", "1")}})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	queue := w.queues("shop-prod")[0]
	for range 6000 { // 100 ms each: five minutes of work for the instance's two vCPUs
		_, err := w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queue, MessageBody: "work"})
		require.NoError(t, err)
	}
	w.clk.Advance(3 * time.Minute)
	instances, err := w.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, instances.InstanceHealthList, 1)
	i := instances.InstanceHealthList[0]
	assert.Equal(t, beanstalk.HealthStatusWarning, i.HealthStatus)
	assert.Equal(t, []string{"100 % of CPU is in use."}, i.Causes)
	h := w.health()
	assert.Equal(t, beanstalk.HealthStatusWarning, h.HealthStatus)
	assert.Equal(t, []string{"Impaired services on 1 out of 1 instances."}, h.Causes)
}

// With enhanced health a rolling deployment's batch must pass twelve
// consecutive checks (two minutes of them) after it is healthy in the
// load balancer, where basic health takes the load balancer's word: the
// next batch starts that much later.
func TestEnhancedHealthGatesRollingBatchesOnTwelveChecks(t *testing.T) {
	gap := func(opts ...beanstalk.ConfigurationOptionSetting) time.Duration {
		w := newWorld(t)
		w.versionSaying("v2", http.StatusOK)
		w.create("shop-prod", nil, append(opts, option(beanstalk.NamespaceASG, "MinSize", "2"),
			option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"),
			option(beanstalk.NamespaceCommand, "BatchSizeType", "Fixed"), option(beanstalk.NamespaceCommand, "BatchSize", "1"))...)
		w.clk.Advance(2 * time.Minute)
		w.deploy("v2")
		for w.env("shop-prod").Status == beanstalk.StatusUpdating {
			w.clk.Advance(5 * time.Second)
		}
		require.Equal(t, "v2", w.env("shop-prod").VersionLabel)
		batches := w.eventTimes("Deploying new version to instance(s): ")
		require.Len(t, batches, 2)
		return batches[1].Sub(batches[0])
	}
	basic, enhancedGap := gap(), gap(enhanced)
	// Drain (20 s) and deploy (30 s) come first either way; then the
	// load balancer's checks, and with enhanced health 12 checks more.
	assert.Less(t, basic, 20*time.Second+beanstalk.DeployTime+11*beanstalk.HealthInterval)
	assert.GreaterOrEqual(t, enhancedGap, 20*time.Second+beanstalk.DeployTime+11*beanstalk.HealthInterval)
	assert.GreaterOrEqual(t, enhancedGap-basic, 11*beanstalk.HealthInterval-beanstalk.HealthCheckPace)
}

// A worker environment's rolling deployment, with enhanced health, waits
// for each batch to pass eighteen consecutive checks at the command's
// HealthCheckSuccessThreshold: a version whose instance stays busy (CPU
// Warning) fails the default Ok threshold within the command Timeout,
// and passes with Warning.
func TestWorkerDeploymentPassesEnhancedHealthAtTheSuccessThreshold(t *testing.T) {
	deploy := func(threshold string) beanstalk.EnvironmentDescription {
		w := newWorld(t)
		p := &posts{status: http.StatusOK}
		w.version("busy", p)
		w.version("busy2", p)
		_, err := w.svc.CreateEnvironment(ctx, &beanstalk.CreateEnvironmentInput{ApplicationName: "shop", EnvironmentName: "shop-prod", VersionLabel: "busy", Tier: workerTier,
			OptionSettings: []beanstalk.ConfigurationOptionSetting{enhanced, option(beanstalk.NamespaceASG, "MaxSize", "1"),
				option(beanstalk.NamespaceCommand, "DeploymentPolicy", "Rolling"), option(beanstalk.NamespaceCommand, "Timeout", "300"),
				option(beanstalk.NamespaceCommand, "HealthCheckSuccessThreshold", threshold)}})
		require.NoError(t, err)
		w.clk.Advance(2 * time.Minute)
		queue := w.queues("shop-prod")[0]
		// 100 ms of work each, 250 every 10 s: more than the instance's
		// two vCPUs do, before and through the deployment.
		work := func(d time.Duration) {
			for range d / (10 * time.Second) {
				for range 250 {
					_, err := w.svc.SQS().SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queue, MessageBody: "work"})
					require.NoError(t, err)
				}
				w.clk.Advance(10 * time.Second)
			}
		}
		work(2 * time.Minute)
		w.deploy("busy2")
		work(6 * time.Minute) // past the command Timeout of 300 s
		return w.env("shop-prod")
	}
	failed := deploy("Ok")
	assert.Equal(t, beanstalk.StatusReady, failed.Status)
	assert.Equal(t, "busy", failed.VersionLabel, "the instance's CPU Warning is not Ok")
	passed := deploy("Warning")
	assert.Equal(t, beanstalk.StatusReady, passed.Status)
	assert.Equal(t, "busy2", passed.VersionLabel)
}

// With enhanced health, the environment's and each instance's
// ApplicationMetrics give the Latency of the last 10 seconds' requests
// as AWS defines it (P99: the average of the slowest 1 percent), from
// the virtual latencies the servers report, and the ConfigDocument's
// ApplicationLatency metrics publish it.
func TestEnhancedHealthGivesTheRequestsLatency(t *testing.T) {
	w := newWorld(t)
	n := 0
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
		ApplicationName: "shop", VersionLabel: "timed",
		SourceBundle: &beanstalk.SourceBundle{Server: func(id string) elb.Backend {
			return elb.Backend{
				Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/slow" {
						elb.ReportLatency(r.Context(), 2*time.Second)
					}
				}),
				Latency: func(*http.Request) time.Duration { n++; return 100 * time.Millisecond },
			}
		}},
	})
	require.NoError(t, err)
	doc := `{"CloudWatchMetrics":{"Environment":{"ApplicationLatencyP99":60,"ApplicationLatencyP10":60}},"Version":1}`
	e := w.createFrom("timed", enhanced, option(beanstalk.NamespaceHealth, "ConfigDocument", doc))
	h, err := w.svc.Handler(e.CNAME)
	require.NoError(t, err)
	w.clk.AdvanceTo(w.clk.Now().Truncate(time.Minute).Add(time.Minute + time.Second)) // just after a check
	before := n
	for k := range 100 {
		path := "/"
		if k == 0 {
			path = "/slow"
		}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "http://"+e.CNAME+path, nil))
	}
	assert.Equal(t, 99, n-before, "the model runs once for each request whose handler reports nothing")
	w.clk.Advance(beanstalk.HealthInterval)
	l := w.health().ApplicationMetrics.Latency
	assert.Equal(t, 2*time.Second, l.P99, "the slowest request")
	assert.Equal(t, (2*time.Second+4*100*time.Millisecond)/5, l.P95, "the slowest five")
	assert.Equal(t, (2*time.Second+89*100*time.Millisecond)/90, l.P10)
	instances, err := w.svc.DescribeInstancesHealth(ctx, &beanstalk.DescribeInstancesHealthInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	require.Len(t, instances.InstanceHealthList, 1)
	assert.Equal(t, 100, instances.InstanceHealthList[0].ApplicationMetrics.RequestCount)
	assert.Equal(t, l, instances.InstanceHealthList[0].ApplicationMetrics.Latency)
	w.clk.Advance(time.Minute)
	out, err := w.svc.CloudWatch().GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/ElasticBeanstalk", MetricName: "ApplicationLatencyP99", Dimensions: []cloudwatch.Dimension{{Name: "EnvironmentName", Value: "shop-prod"}},
		StartTime: w.clk.Now().Add(-2 * time.Minute), EndTime: w.clk.Now(), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticMaximum},
	})
	require.NoError(t, err)
	require.NotEmpty(t, out.Datapoints)
}

// A terminated environment publishes no more EnvironmentHealth.
func TestTerminatedEnvironmentPublishesNoMoreHealth(t *testing.T) {
	w := newWorld(t)
	w.createFrom("v1", enhanced)
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	ended := w.clk.Now().Truncate(time.Minute).Add(time.Minute)
	w.clk.Advance(5 * time.Minute)
	out, err := w.svc.CloudWatch().GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
		Namespace: "AWS/ElasticBeanstalk", MetricName: "EnvironmentHealth", Dimensions: []cloudwatch.Dimension{{Name: "EnvironmentName", Value: "shop-prod"}},
		StartTime: ended, EndTime: w.clk.Now(), Period: time.Minute, Statistics: []cloudwatch.Statistic{cloudwatch.StatisticSampleCount},
	})
	require.NoError(t, err)
	assert.Empty(t, out.Datapoints)
	assert.Equal(t, beanstalk.HealthStatusSuspended, w.env("shop-prod").HealthStatus)
}

// By default the instances' 4xx answers count against enhanced health
// as the developer guide says ("includes all application HTTP 4xx
// errors"); a ConfigDocument rule with ApplicationRequests4xx disabled
// ignores them.
func TestEnhancedHealthCountsApplication4xxUnlessTheRuleIsDisabled(t *testing.T) {
	status := func(opts ...beanstalk.ConfigurationOptionSetting) (string, []string) {
		w := newWorld(t)
		_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{
			ApplicationName: "shop", VersionLabel: "strict",
			SourceBundle: &beanstalk.SourceBundle{Server: func(string) elb.Backend {
				return elb.Backend{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					if r.URL.Path != "/" {
						rw.WriteHeader(http.StatusNotFound)
					}
				})}
			}},
		})
		require.NoError(t, err)
		e := w.createFrom("strict", append(opts, enhanced)...)
		h, err := w.svc.Handler(e.CNAME)
		require.NoError(t, err)
		for range 24 { // two minutes of requests for pages that are not there
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "http://"+e.CNAME+"/missing", nil))
			w.clk.Advance(5 * time.Second)
		}
		got := w.health()
		return got.HealthStatus, got.Causes
	}
	st, causes := status()
	assert.Equal(t, beanstalk.HealthStatusSevere, st)
	assert.Equal(t, []string{"100.0 % of the requests are erroring with HTTP 4xx."}, causes)
	st, causes = status(option(beanstalk.NamespaceHealth, "ConfigDocument", `{"Rules":{"Environment":{"Application":{"ApplicationRequests4xx":{"Enabled":false}}}},"Version":1}`))
	assert.Equal(t, beanstalk.HealthStatusOk, st, "%v", causes)
}
