package elb_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/sim"
)

// Determinism: same seed, same calls, same clock moves give the same
// resource IDs, DNS names, trace IDs, weighted choices, stickiness
// cookies, access log and event log, byte for byte (package
// documentation, "Determinism").

// detWorkload runs a random workload drawn from seed, with the service
// seeded by it too: a weighted forward over three target groups (one
// round robin with lb_cookie stickiness, one weighted_random, one least
// outstanding requests) with group stickiness, targets of random
// latency registered and deregistered, requests that keep or drop their
// cookies, and clock moves. It returns a transcript of everything the
// caller can observe.
func detWorkload(t *testing.T, seed uint64) string {
	t.Helper()
	rng := sim.NewRand(seed)
	w := newWeb(t, elb.WithSeed(seed), elb.WithHistory())
	w.lbAttrs("access_logs.s3.enabled", "true")
	var log strings.Builder
	out, err := w.svc.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{})
	require.NoError(t, err)
	fmt.Fprintf(&log, "lb %s %s\nlistener %s\n", out.LoadBalancers[0].LoadBalancerArn, out.LoadBalancers[0].DNSName, w.listener)

	groups := []string{w.tg, w.targetGroup("random", nil), w.targetGroup("least", nil)}
	w.attrs(groups[0], "stickiness.enabled", "true")
	w.attrs(groups[1], "load_balancing.algorithm.type", elb.AlgorithmWeightedRandom)
	w.attrs(groups[2], "load_balancing.algorithm.type", elb.AlgorithmLeastOutstandingRequests)
	var tuples []elb.TargetGroupTuple
	for _, g := range groups {
		tuples = append(tuples, elb.TargetGroupTuple{TargetGroupArn: g, Weight: elb.Int(1 + rng.IntN(9))})
		fmt.Fprintf(&log, "group %s weight %d\n", g, *tuples[len(tuples)-1].Weight)
	}
	_, err = w.svc.ModifyListener(ctx, &elb.ModifyListenerInput{ListenerArn: w.listener, DefaultActions: []elb.Action{{
		Type: elb.ActionForward, ForwardConfig: &elb.ForwardActionConfig{TargetGroups: tuples,
			TargetGroupStickinessConfig: &elb.TargetGroupStickinessConfig{Enabled: true, DurationSeconds: 300}},
	}}})
	require.NoError(t, err)

	n := 0
	groupOf := map[string]string{} // registered target → its group
	addTarget := func() {
		n++
		id := fmt.Sprintf("i-%02d", n)
		latency := time.Duration(1+rng.IntN(400)) * time.Millisecond
		g := groups[rng.IntN(len(groups))]
		if n <= len(groups) {
			g = groups[n-1] // one target in each group first
		}
		w.svc.SetBackend(id, elb.Backend{Handler: named(id, http.StatusOK), Latency: func(*http.Request) time.Duration { return latency }})
		w.register(g, nil, id)
		groupOf[id] = g
		fmt.Fprintf(&log, "register %s in %s latency %s\n", id, g[strings.LastIndex(g, "/")+1:], latency)
	}
	for range 6 {
		addTarget()
	}
	w.clk.Advance(5 * time.Second)

	jar := map[int][]string{} // client → cookies it sends back
	for step := range 300 {
		switch r := rng.IntN(100); {
		case r < 3:
			addTarget()
		case r < 5:
			id := fmt.Sprintf("i-%02d", 1+rng.IntN(n))
			if g, ok := groupOf[id]; ok {
				_, err := w.svc.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{TargetGroupArn: g, Targets: []elb.TargetDescription{{Id: id}}})
				require.NoError(t, err)
				delete(groupOf, id)
				fmt.Fprintf(&log, "deregister %s\n", id)
			}
		case r < 15:
			d := time.Duration(rng.IntN(20_000)) * time.Millisecond
			w.clk.Advance(d)
			fmt.Fprintf(&log, "advance %s\n", d)
		default:
			client := rng.IntN(8)
			if rng.IntN(10) == 0 {
				delete(jar, client) // a new browser session
			}
			var header []string
			for _, c := range jar[client] {
				header = append(header, "Cookie", c)
			}
			resp := w.get(fmt.Sprintf("/p/%d", rng.IntN(50)), header...)
			var set []string
			for _, c := range resp.Cookies() {
				set = append(set, c.Name+"="+c.Value)
			}
			if len(set) > 0 {
				jar[client] = set
			}
			fmt.Fprintf(&log, "%03d client %d -> %d %s %v\n", step, client, resp.StatusCode, body(t, resp), set)
		}
	}
	log.WriteString("\n# access log\n")
	for _, e := range w.svc.Inspect().AccessLog(w.lb) {
		log.WriteString(e.String() + "\n")
	}
	log.WriteString("\n# events\n")
	for _, e := range w.svc.Inspect().Events() {
		log.WriteString(e.String() + "\n")
	}
	return log.String()
}

// The same seed gives the same transcript on two runs; another seed
// gives other IDs and other routing choices.
func TestSameSeedSameIDsRoutingAndLogs(t *testing.T) {
	a, b := detWorkload(t, 7), detWorkload(t, 7)
	require.Equal(t, a, b)
	// The workload did what it describes: routing over every group,
	// stickiness cookies, draining.
	for _, want := range []string{"AWSALB=", "AWSALBTG=", "targetgroup/web/", "targetgroup/random/", "targetgroup/least/", "deregister ", "TargetDrained", "Root=1-"} {
		assert.True(t, strings.Contains(a, want), "the transcript lacks %q", want)
	}
	other := detWorkload(t, 8)
	assert.NotEqual(t, a, other)
	first := func(s string) string { return s[:strings.IndexByte(s, '\n')] }
	assert.NotEqual(t, first(a), first(other), "the load balancer's ARN and DNS name come from the seed")
}

// Requests draw from a stream of their own: sending some does not change
// the names of the resources made after them.
func TestTrafficDoesNotChangeTheNamesOfLaterResources(t *testing.T) {
	later := func(requests int) string {
		w := newWeb(t)
		w.healthy(w.tg, "i-1")
		for range requests {
			w.get("/")
		}
		return w.targetGroup("later", nil)
	}
	require.Equal(t, later(0), later(10))
}
