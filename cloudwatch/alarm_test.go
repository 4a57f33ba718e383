package cloudwatch_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloudwatch"
)

// "When all three datapoints in the most recent three consecutive periods
// are above the threshold, the alarm goes to the ALARM state" (CloudWatch
// User Guide, Evaluating an alarm): at the end of the third period, not
// before.
func TestThreeOfThreeBreachingDatapointsMoveTheAlarmToAlarmAtTheThirdPeriodsEnd(t *testing.T) {
	w := newWorld(t)
	w.alarm(t, "latency", 3, 3, "", nil)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"))

	w.minute(t, 5, 5)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"), "two breaching datapoints are not three")
	assert.Empty(t, w.topics.got())

	w.put(t, 5)
	w.clk.Advance(time.Minute - time.Second)
	assert.Equal(t, cloudwatch.StateInsufficientData, w.state(t, "latency"), "the third period has not ended")
	w.clk.Advance(time.Second)
	a, _ := w.cw.Inspect().Alarm("latency")
	assert.Equal(t, cloudwatch.StateAlarm, a.State)
	assert.Equal(t, start.Add(3*time.Minute), a.StateUpdatedAt)
	assert.Equal(t, "Threshold Crossed: 3 out of the last 3 datapoints [5.0 (02/03/26 09:02:00), 5.0 (02/03/26 09:01:00), 5.0 (02/03/26 09:00:00)] were greater than or equal to the threshold (3.0) (minimum 3 datapoints for OK -> ALARM transition).", a.StateReason)

	got := w.topics.got()
	require.Len(t, got, 1)
	assert.Equal(t, topicARN, got[0].Target)
	assert.Equal(t, start.Add(3*time.Minute), got[0].At)
}
