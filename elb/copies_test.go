package elb_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/elb"
)

// A rule keeps copies of its conditions and actions: changing the
// input after CreateRule, or what DescribeRules returned, changes
// nothing in the service (bad input never changes state, and the
// service hands out no live pointers).
func TestRulesKeepCopiesOfConditionsAndActions(t *testing.T) {
	w := newWeb(t)
	api := w.targetGroup("api", nil)
	cond := path("/api")
	fixed := &elb.FixedResponseActionConfig{StatusCode: "200", ContentType: "text/plain", MessageBody: "fixed"}
	_, err := w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 1, Conditions: []elb.RuleCondition{cond},
		Actions: []elb.Action{{Type: elb.ActionForward, TargetGroupArn: api}}})
	require.NoError(t, err)
	_, err = w.svc.CreateRule(ctx, &elb.CreateRuleInput{ListenerArn: w.listener, Priority: 2, Conditions: []elb.RuleCondition{path("/fixed")},
		Actions: []elb.Action{{Type: elb.ActionFixedResponse, FixedResponseConfig: fixed}}})
	require.NoError(t, err)
	w.healthy(w.tg, "i-web")
	w.healthy(api, "i-api")
	before, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(t, err)
	want, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(t, err)

	cond.PathPatternConfig.Values[0] = "/changed-input"
	fixed.MessageBody = "changed input"
	before.Rules[0].Conditions[0].PathPatternConfig.Values[0] = "/changed-output"
	before.Rules[1].Actions[0].FixedResponseConfig.MessageBody = "changed output"

	require.Equal(t, "i-api", body(t, w.get("/api")))
	require.Equal(t, "i-web", body(t, w.get("/changed-input")))
	require.Equal(t, "i-web", body(t, w.get("/changed-output")))
	require.Equal(t, "fixed", body(t, w.get("/fixed")))
	after, err := w.svc.DescribeRules(ctx, &elb.DescribeRulesInput{ListenerArn: w.listener})
	require.NoError(t, err)
	require.Equal(t, want, after)
	require.Equal(t, http.StatusOK, w.get("/fixed").StatusCode)
}
