package sqs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/sqs"
)

// valTopic is the topic the policy cases deliver for.
const valTopic = "arn:aws:sns:us-east-1:000000000000:val-topic"

// valSNSPolicy is the queue policy AWS documents for a topic to send to a
// queue: sns.amazonaws.com may sqs:SendMessage when aws:SourceArn is the
// topic.
func valSNSPolicy(queueARN, topicARN string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"topic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},` +
		`"Action":"sqs:SendMessage","Resource":"` + queueARN + `","Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}}]}`
}

// valDeliverOp delivers a message to the standard queue through the
// account, as SNS does for valTopic (or as the account itself with no
// sender).
func valDeliverOp(sender cloud.Sender) func(e *valEnv) error {
	return func(e *valEnv) error {
		return e.svc.Account().Deliver(e.ctx, e.attr(e.std, sqs.AttributeQueueArn), cloud.Message{Body: "x", Sender: sender})
	}
}

var valSNS = cloud.Sender{Service: "sns.amazonaws.com", SourceARN: valTopic}

// valPolicyCases: the Policy attribute is an AWS policy document, refused
// with InvalidAttributeValue when it is not one or is over the SQS policy
// quotas; with policy enforcement, a service's delivery to a queue whose
// policy does not allow it fails with AccessDenied.
func valPolicyCases() []valCase {
	stdPolicy := func(e *valEnv) string { return valSNSPolicy(e.attr(e.std, sqs.AttributeQueueArn), valTopic) }
	setPolicy := func(doc func(e *valEnv) string) func(e *valEnv) {
		return func(e *valEnv) {
			_, err := e.svc.SetQueueAttributes(e.ctx, &sqs.SetQueueAttributesInput{QueueUrl: e.std, Attributes: map[string]string{sqs.AttributePolicy: doc(e)}})
			require.NoError(e.t, err)
		}
	}
	statements := func(n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf(`{"Sid":"s%d","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage"}`, i)
		}
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(s, ",") + `]}`
	}
	padded := func(size int) string {
		doc := statements(1)
		return doc[:len(doc)-1] + `,"Id":"` + strings.Repeat("p", size-len(doc)-8) + `"}`
	}
	invalid := func(name, doc string) valCase {
		return valCase{name: "SetQueueAttributes/Policy/" + name, op: valSetAttrOp(sqs.AttributePolicy, doc), want: sqs.ErrInvalidAttributeValue}
	}
	valid := func(name, doc string) valCase {
		return valCase{
			name: "SetQueueAttributes/Policy/" + name, op: valSetAttrOp(sqs.AttributePolicy, doc),
			check: func(e *valEnv) { assert.Equal(e.t, doc, e.attr(e.std, sqs.AttributePolicy)) },
		}
	}
	return []valCase{
		valid("20 statements", statements(sqs.MaxPolicyStatements)),
		valid("8192 bytes", padded(sqs.MaxPolicySize)),
		invalid("21 statements", statements(sqs.MaxPolicyStatements+1)),
		invalid("8193 bytes", padded(sqs.MaxPolicySize+1)),
		invalid("not JSON", `{"Statement":`),
		invalid("no Effect", `{"Statement":[{"Principal":"*","Action":"sqs:SendMessage"}]}`),
		invalid("bad Principal", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123"},"Action":"sqs:SendMessage"}]}`),
		invalid("unknown operator", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"DateEquals":{"aws:CurrentTime":"x"}}}]}`),
		{
			name: "CreateQueue/Policy/no Action",
			op: func(e *valEnv) error {
				_, err := e.svc.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: "val-new", Attributes: map[string]string{sqs.AttributePolicy: `{"Statement":{"Effect":"Allow","Principal":"*"}}`}})
				return err
			},
			want: sqs.ErrInvalidAttributeValue,
		},
		{
			name: "SetQueueAttributes/Policy/empty removes it", setup: setPolicy(stdPolicy),
			op:    valSetAttrOp(sqs.AttributePolicy, ""),
			check: func(e *valEnv) { assert.Empty(e.t, e.attr(e.std, sqs.AttributePolicy)) },
		},
		{name: "Deliver/enforced/no policy", enforce: true, op: valDeliverOp(valSNS), want: sqs.ErrAccessDenied},
		{
			name: "Deliver/enforced/policy for another topic", enforce: true,
			setup: setPolicy(func(e *valEnv) string { return valSNSPolicy(e.attr(e.std, sqs.AttributeQueueArn), valTopic+"-other") }),
			op:    valDeliverOp(valSNS), want: sqs.ErrAccessDenied,
		},
		{
			name: "Deliver/enforced/explicit deny", enforce: true,
			setup: setPolicy(func(*valEnv) string {
				return `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*"},{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Condition":{"StringEquals":{"aws:SourceAccount":"000000000000"}}}]}`
			}),
			op: valDeliverOp(valSNS), want: sqs.ErrAccessDenied,
		},
		{name: "Deliver/enforced/policy allows the topic", enforce: true, setup: setPolicy(stdPolicy), op: valDeliverOp(valSNS), check: valSentOne(valStd)},
		{name: "Deliver/enforced/no sender", enforce: true, op: valDeliverOp(cloud.Sender{}), check: valSentOne(valStd)},
		{name: "Deliver/not enforced/no policy", op: valDeliverOp(valSNS), check: valSentOne(valStd)},
	}
}

func TestValidationQueuePolicies(t *testing.T) { valRun(t, valPolicyCases()) }

// AccessDenied names the queue by its URL, as SQS does.
func TestAccessDeniedNamesTheQueue(t *testing.T) {
	e := valNewEnvOf(t, true)
	err := valDeliverOp(valSNS)(e)
	require.ErrorIs(t, err, sqs.ErrAccessDenied)
	assert.EqualError(t, err, "AccessDenied: Access to the resource "+e.std+" is denied.")
}
