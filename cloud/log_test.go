package cloud_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/awssim/awssim/cloud"
)

// The text form is stable: the time in milliseconds, the service in a
// column, then the kind, the resource, the ID and the detail when there.
func TestEventStringIsTheStableTextForm(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 1, 500_000_000, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		e    cloud.Event
		want string
	}{
		{cloud.Event{At: at, Service: "sqs", Kind: "QueueCreated", Resource: "orders"},
			"2025-12-31T23:00:01.500Z sqs    QueueCreated orders"},
		{cloud.Event{At: at, Service: "lambda", Kind: "Invoked", Resource: "f", ID: "r-1", Detail: "cold=true"},
			"2025-12-31T23:00:01.500Z lambda Invoked f id=r-1 cold=true"},
		{cloud.Event{At: at, Service: "sns", Kind: "Published", Resource: "t", Detail: "size=3"},
			"2025-12-31T23:00:01.500Z sns    Published t size=3"},
	} {
		assert.Equal(t, c.want, c.e.String())
	}
	assert.Equal(t, "2025-12-31T23:00:01.500Z", cloud.FormatTime(at), "UTC, milliseconds")
}

// The log keeps the order events were recorded in, and Events returns a
// copy the caller may change.
func TestLogKeepsRecordingOrder(t *testing.T) {
	a := cloud.New()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a.Record(cloud.Event{At: t0.Add(time.Second), Service: "sqs", Kind: "Sent", Resource: "q"})
	a.Record(cloud.Event{At: t0, Service: "app", Kind: "Noted", Resource: "order-1"})
	events := a.Events()
	assert.Equal(t, []string{"Sent", "Noted"}, []string{events[0].Kind, events[1].Kind})
	events[0].Kind = "changed"
	assert.Equal(t, "Sent", a.Events()[0].Kind)
	assert.Equal(t, "2026-01-01T00:00:01.000Z sqs    Sent q\n2026-01-01T00:00:00.000Z app    Noted order-1\n", a.Log())
}
