package cloud_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/awserr"
)

// topicSender is an SNS topic of account A delivering on its behalf.
var topicSender = cloud.Sender{Service: "sns.amazonaws.com", SourceARN: "arn:aws:sns:us-east-1:111111111111:news"}

// routed returns two accounts, A (111111111111) and B (222222222222), on
// one router, each with a recording SQS service.
func routed(t *testing.T) (a, b *cloud.Account, queuesA, queuesB *recorder) {
	t.Helper()
	r := cloud.NewRouter()
	a = cloud.New(cloud.WithAccountID("111111111111"), cloud.WithRouter(r))
	b = cloud.New(cloud.WithAccountID("222222222222"), cloud.WithRouter(r))
	queuesA, queuesB = &recorder{}, &recorder{}
	a.Join("sqs", "queues of A", queuesA.accept)
	b.Join("sqs", "queues of B", queuesB.accept)
	return a, b, queuesA, queuesB
}

// A delivery to an ARN of another account of the router reaches that
// account's service; one to the account's own ARN stays with its own.
func TestRouterDeliversByTheAccountIDOfTheARN(t *testing.T) {
	a, _, queuesA, queuesB := routed(t)
	require.NoError(t, a.Deliver(t.Context(), "arn:aws:sqs:us-east-1:222222222222:inbox", cloud.Message{Body: "to B", Sender: topicSender}))
	require.NoError(t, a.Deliver(t.Context(), "arn:aws:sqs:us-east-1:111111111111:own", cloud.Message{Body: "to A"}))
	assert.Equal(t, []string{"to B"}, queuesB.bodies)
	assert.Equal(t, []string{"to A"}, queuesA.bodies)
}

// An account or region the router does not hold is a resource that does
// not exist, and so is a namespace the other account has no service for.
func TestRouterWithoutTheTargetIsNotFound(t *testing.T) {
	a, _, _, queuesB := routed(t)
	for _, c := range []struct{ target, code string }{
		{"arn:aws:sqs:us-east-1:333333333333:inbox", "AWS.SimpleQueueService.NonExistentQueue"},
		{"arn:aws:sqs:eu-west-1:222222222222:inbox", "AWS.SimpleQueueService.NonExistentQueue"},
		{"arn:aws:sns:us-east-1:222222222222:topic", "NotFound"},
	} {
		err := a.Deliver(t.Context(), c.target, cloud.Message{Body: "x", Sender: topicSender})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), "%s: %v", c.target, err)
		assert.Equal(t, c.code, e.Code, c.target)
	}
	assert.Empty(t, queuesB.bodies)
}

// A delivery to another account names the service and resource it is
// for, which the target's policy can allow; without a Sender it is
// refused as the target's service refuses a caller it does not let in.
func TestRouterRefusesADeliveryToAnotherAccountWithoutASender(t *testing.T) {
	a, b, _, queuesB := routed(t)
	b.Join("sns", "topics of B", (&recorder{}).accept)
	for _, c := range []struct{ target, code string }{
		{"arn:aws:sqs:us-east-1:222222222222:inbox", "AccessDenied"},
		{"arn:aws:sns:us-east-1:222222222222:topic", "AuthorizationError"},
	} {
		err := a.Deliver(t.Context(), c.target, cloud.Message{Body: "x"})
		var e *awserr.Error
		require.True(t, errors.As(err, &e), "%s: %v", c.target, err)
		assert.Equal(t, c.code, e.Code, c.target)
		assert.Equal(t, 403, e.StatusCode, c.target)
	}
	assert.Empty(t, queuesB.bodies)
}

// Without a router an account delivers every ARN to its own services,
// whatever account ID the ARN names, as before routers.
func TestWithoutARouterEveryARNIsTheAccountsOwn(t *testing.T) {
	a := cloud.New(cloud.WithAccountID("111111111111"))
	r := &recorder{}
	a.Join("sqs", "queues", r.accept)
	require.NoError(t, a.Deliver(t.Context(), "arn:aws:sqs:us-east-1:222222222222:inbox", cloud.Message{Body: "x"}))
	assert.Equal(t, []string{"arn:aws:sqs:us-east-1:222222222222:inbox"}, r.targets)
}

// A resource's policy decides a service's delivery from another account
// whether or not the account enforces policies, and one from the account
// itself only when it does; the account's own deliveries, with no
// service, are never checked.
func TestChecksPolicyAlwaysForAnotherAccount(t *testing.T) {
	own := cloud.Sender{Service: "sns.amazonaws.com", SourceARN: "arn:aws:sns:us-east-1:222222222222:news"}
	for _, c := range []struct {
		name    string
		enforce bool
		sender  cloud.Sender
		want    bool
	}{
		{"own account", false, own, false},
		{"own account, enforced", true, own, true},
		{"another account", false, topicSender, true},
		{"another account, enforced", true, topicSender, true},
		{"no service", true, cloud.Sender{}, false},
	} {
		opts := []cloud.Option{cloud.WithAccountID("222222222222")}
		if c.enforce {
			opts = append(opts, cloud.WithPolicyEnforcement())
		}
		assert.Equal(t, c.want, cloud.New(opts...).ChecksPolicy(c.sender), c.name)
	}
	assert.Equal(t, "111111111111", topicSender.Account())
}

// A router holds one account per ID and region: a second panics. The
// same ID in another region is another account of the router.
func TestRouterHoldsOneAccountPerIDAndRegion(t *testing.T) {
	r := cloud.NewRouter()
	cloud.New(cloud.WithAccountID("111111111111"), cloud.WithRouter(r))
	cloud.New(cloud.WithAccountID("111111111111"), cloud.WithRegion("eu-west-1"), cloud.WithRouter(r))
	assert.PanicsWithValue(t, "cloud.WithRouter: the router already has account 111111111111 in us-east-1", func() {
		cloud.New(cloud.WithAccountID("111111111111"), cloud.WithRouter(r))
	})
	assert.PanicsWithValue(t, "cloud.WithRouter: nil router", func() { cloud.WithRouter(nil) })
}
