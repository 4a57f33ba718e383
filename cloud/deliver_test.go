package cloud_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/awserr"
)

// recorder is a service that joins an account and records what it is
// delivered, refusing everything with err when set.
type recorder struct {
	err     error
	targets []string
	bodies  []string
}

func (r *recorder) accept(_ context.Context, target string, m cloud.Message) error {
	if r.err != nil {
		return r.err
	}
	r.targets = append(r.targets, target)
	r.bodies = append(r.bodies, m.Body)
	return nil
}

// A delivery goes to the service that joined for the namespace of the
// target's ARN, whichever joined first, and its refusal comes back.
func TestDeliverRoutesByTheARNsService(t *testing.T) {
	a := cloud.New()
	queues, topics := &recorder{}, &recorder{err: errors.New("refused")}
	a.Join("sqs", "queues", queues.accept)
	a.Join("sns", "topics", topics.accept)

	require.NoError(t, a.Deliver(t.Context(), "arn:aws:sqs:us-east-1:000000000000:orders", cloud.Message{Body: "one"}))
	err := a.Deliver(t.Context(), "arn:aws:sns:us-east-1:000000000000:events", cloud.Message{Body: "two"})
	assert.EqualError(t, err, "refused")

	assert.Equal(t, []string{"arn:aws:sqs:us-east-1:000000000000:orders"}, queues.targets)
	assert.Equal(t, []string{"one"}, queues.bodies)
	assert.Empty(t, topics.targets)
}

// A target no service holds fails as that service reports a resource that
// does not exist, so senders match it with the service's sentinel.
func TestDeliverToANamespaceNoServiceHoldsIsNotFound(t *testing.T) {
	a := cloud.New()
	for _, c := range []struct{ target, code string }{
		{"arn:aws:sqs:us-east-1:000000000000:orders", "AWS.SimpleQueueService.NonExistentQueue"},
		{"arn:aws:sns:us-east-1:000000000000:events", "NotFound"},
		{"arn:aws:lambda:us-east-1:000000000000:function:f", "ResourceNotFoundException"},
	} {
		err := a.Deliver(t.Context(), c.target, cloud.Message{Body: "x"})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), "%s: %v", c.target, err)
		assert.Equal(t, c.code, e.Code, c.target)
		assert.Contains(t, e.Message, c.target)
	}
}

// A target that is not an ARN is refused before any service sees it.
func TestDeliverToSomethingNotAnARNIsInvalid(t *testing.T) {
	a := cloud.New()
	r := &recorder{}
	a.Join("sqs", "queues", r.accept)
	for _, target := range []string{"", "orders", "arn:aws:sqs", "https://sqs.us-east-1.amazonaws.com/000000000000/orders"} {
		err := a.Deliver(t.Context(), target, cloud.Message{Body: "x"})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), "%q: %v", target, err)
		assert.Equal(t, "InvalidParameterValue", e.Code, target)
	}
	assert.Empty(t, r.targets)
}

// A done context ends the delivery with its error, unchanged.
func TestDeliverWithADoneContextReturnsItsError(t *testing.T) {
	a := cloud.New()
	r := &recorder{}
	a.Join("sqs", "queues", r.accept)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.Same(t, context.Canceled, a.Deliver(ctx, "arn:aws:sqs:us-east-1:000000000000:q", cloud.Message{Body: "x"}))
	assert.Empty(t, r.targets)
}

// An account has one service per namespace, as AWS has one endpoint per
// service in a region: a second panics, naming both.
func TestJoiningANamespaceTwicePanics(t *testing.T) {
	a := cloud.New()
	r := &recorder{}
	a.Join("sqs", "first", r.accept)
	assert.PanicsWithValue(t, `cloud.Account.Join: second cannot join: the account already has first for "sqs" ARNs`, func() {
		a.Join("sqs", "second", r.accept)
	})
	assert.PanicsWithValue(t, "cloud.Account.Join: nil deliver function", func() { a.Join("sns", "x", nil) })
}
