package autoscaling_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/autoscaling"
)

// An instance's web server starts when it goes in service whether or
// not its group has a load balancer: a client can reach the instance
// itself, and the server stops when the instance terminates.
func TestWebServerStartsWithoutALoadBalancer(t *testing.T) {
	w := newWorld(t)
	w.group("solo", 1, 1, 1, nil)
	w.clk.Advance(2 * time.Minute)
	g := w.describe("solo")
	require.Len(t, g.Instances, 1)
	id := g.Instances[0].InstanceId

	rec := httptest.NewRecorder()
	require.True(t, w.lbs.ServeHost(id, rec, httptest.NewRequest(http.MethodGet, "/", nil)))
	assert.Equal(t, "ok from "+id, rec.Body.String())

	_, err := w.svc.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: "solo", ForceDelete: true})
	require.NoError(t, err)
	w.clk.Advance(2 * time.Minute)
	assert.False(t, w.lbs.ServeHost(id, httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil)))
}
