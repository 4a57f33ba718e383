package policy

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	topic = "arn:aws:sns:us-east-1:111111111111:orders"
	queue = "arn:aws:sqs:us-east-1:111111111111:orders-q"
)

// snsRequest is SNS delivering a notification of topic to queue.
func snsRequest(topicARN string) Request {
	return Request{
		Account: "111111111111", Service: "sns.amazonaws.com", Action: "sqs:SendMessage", Resource: queue,
		Context: map[string]string{"aws:SourceArn": topicARN, "aws:SourceAccount": "111111111111"},
	}
}

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse(doc)
	require.NoError(t, err)
	return p
}

// The policy AWS documents for a topic to send to a queue allows exactly
// that topic.
func TestServicePrincipalWithSourceArnAllowsOnlyThatTopic(t *testing.T) {
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Sid":"topic","Effect":"Allow",
		"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"`+queue+`",
		"Condition":{"ArnEquals":{"aws:SourceArn":"`+topic+`"}}}]}`)
	assert.Equal(t, Allowed, p.Evaluate(snsRequest(topic)))
	assert.Equal(t, ImplicitDeny, p.Evaluate(snsRequest(topic+"-other")), "another topic")
	r := snsRequest(topic)
	r.Action = "sqs:ReceiveMessage"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "another action")
	r = snsRequest(topic)
	r.Resource = queue + "-other"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "another queue")
	r = snsRequest(topic)
	r.Service = "events.amazonaws.com"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "another service")
	r = snsRequest(topic)
	delete(r.Context, "aws:SourceArn")
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "no source ARN: a positive operator fails on a missing key")
}

// An explicit Deny wins over any Allow, whatever the order of statements.
func TestExplicitDenyWins(t *testing.T) {
	allow := `{"Effect":"Allow","Principal":"*","Action":"sqs:*"}`
	deny := `{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sqs:SendMessage","Condition":{"StringNotEquals":{"aws:SourceAccount":"111111111111"}}}`
	for _, doc := range []string{`{"Statement":[` + allow + `,` + deny + `]}`, `{"Statement":[` + deny + `,` + allow + `]}`} {
		p := mustParse(t, doc)
		r := snsRequest(topic)
		assert.Equal(t, Allowed, p.Evaluate(r))
		r.Context["aws:SourceAccount"] = "222222222222"
		assert.Equal(t, Denied, p.Evaluate(r))
	}
}

// With no statement that matches, a request is implicitly denied.
func TestNoMatchingStatementIsImplicitDeny(t *testing.T) {
	p := mustParse(t, `{"Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sqs:SendMessage"}}`)
	assert.Equal(t, ImplicitDeny, p.Evaluate(snsRequest(topic)))
	assert.Equal(t, Allowed, p.Evaluate(Request{Account: "222222222222", Action: "sqs:SendMessage", Resource: queue}))
}

// Principals: "*" and {"AWS":"*"} are everyone, services included; an
// account ID and the account's root ARN cover the account; an IAM ARN
// covers that identity only; a service principal covers that service.
func TestPrincipals(t *testing.T) {
	user := Request{Account: "111111111111", ARN: "arn:aws:iam::111111111111:user/ann", Action: "sqs:SendMessage", Resource: queue}
	other := Request{Account: "111111111111", ARN: "arn:aws:iam::111111111111:user/bob", Action: "sqs:SendMessage", Resource: queue}
	stranger := Request{Account: "333333333333", Action: "sqs:SendMessage", Resource: queue}
	sns := snsRequest(topic)
	sns.Account = ""
	cases := []struct {
		principal string
		allowed   []Request
		denied    []Request
	}{
		{`"*"`, []Request{user, stranger, sns}, nil},
		{`{"AWS":"*"}`, []Request{user, stranger, sns}, nil},
		{`{"AWS":"111111111111"}`, []Request{user, other}, []Request{stranger, sns}},
		{`{"AWS":"arn:aws:iam::111111111111:root"}`, []Request{user, other}, []Request{stranger, sns}},
		{`{"AWS":["arn:aws:iam::111111111111:user/ann","333333333333"]}`, []Request{user, stranger}, []Request{other, sns}},
		{`{"Service":["lambda.amazonaws.com","SNS.amazonaws.com"]}`, []Request{sns}, []Request{user, stranger}},
	}
	for _, c := range cases {
		p := mustParse(t, `{"Statement":{"Effect":"Allow","Principal":`+c.principal+`,"Action":"sqs:SendMessage"}}`)
		for _, r := range c.allowed {
			assert.Equal(t, Allowed, p.Evaluate(r), "%s allows %+v", c.principal, r)
		}
		for _, r := range c.denied {
			assert.Equal(t, ImplicitDeny, p.Evaluate(r), "%s does not allow %+v", c.principal, r)
		}
	}
}

// NotPrincipal, NotAction and NotResource apply a statement to everything
// except what they list.
func TestNotElementsInvertTheMatch(t *testing.T) {
	p := mustParse(t, `{"Statement":[
		{"Effect":"Allow","Principal":"*","NotAction":"sqs:Delete*","NotResource":"arn:aws:sqs:*:*:secret-*"},
		{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"Action":"sqs:ReceiveMessage"}]}`)
	r := Request{Account: "111111111111", Action: "sqs:SendMessage", Resource: queue}
	assert.Equal(t, Allowed, p.Evaluate(r))
	r.Action = "sqs:DeleteQueue"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "NotAction")
	r.Action, r.Resource = "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:secret-q"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "NotResource")
	r.Action, r.Resource = "sqs:ReceiveMessage", queue
	assert.Equal(t, Allowed, p.Evaluate(r), "NotPrincipal excludes the account from the Deny")
	r.Account = "222222222222"
	assert.Equal(t, Denied, p.Evaluate(r), "NotPrincipal")
}

// Actions match case-insensitively with * and ?; resources case for case.
func TestWildcardsAndCase(t *testing.T) {
	p := mustParse(t, `{"Statement":{"Effect":"Allow","Principal":"*","Action":["SQS:send?essage"],"Resource":"arn:aws:sqs:*:111111111111:orders*"}}`)
	r := Request{Account: "1", Action: "sqs:SendMessage", Resource: queue}
	assert.Equal(t, Allowed, p.Evaluate(r))
	r.Action = "sqs:SendMessageBatch"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "? is one character, and the pattern is anchored")
	r.Action, r.Resource = "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:Orders"
	assert.Equal(t, ImplicitDeny, p.Evaluate(r), "resources are case-sensitive")
}

// Conditions: every key of every operator must hold, any value of a key
// may match; operator and key names are case-insensitive; a negated
// operator holds on a missing key; IfExists holds on a missing key.
func TestConditions(t *testing.T) {
	cases := []struct {
		name, cond string
		ctx        map[string]string
		want       bool
	}{
		{"ArnLike wildcard per part", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111111111111:ord*"}}`, map[string]string{"aws:SourceArn": topic}, true},
		{"ArnLike does not cross parts", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:orders"}}`, map[string]string{"aws:SourceArn": topic}, false},
		{"ArnEquals any value", `{"ArnEquals":{"aws:SourceArn":["arn:aws:sns:us-east-1:111111111111:x","` + topic + `"]}}`, map[string]string{"aws:SourceArn": topic}, true},
		{"ArnNotLike", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:orders"}}`, map[string]string{"aws:SourceArn": topic}, false},
		{"ArnNotLike missing key", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:orders"}}`, nil, true},
		{"StringEquals case of names", `{"stringequals":{"AWS:SOURCEACCOUNT":"111111111111"}}`, map[string]string{"aws:SourceAccount": "111111111111"}, true},
		{"StringEquals values are case-sensitive", `{"StringEquals":{"aws:SourceOwner":"abc"}}`, map[string]string{"aws:SourceOwner": "ABC"}, false},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:SourceOwner":"abc"}}`, map[string]string{"aws:SourceOwner": "ABC"}, true},
		{"StringEquals number value", `{"StringEquals":{"aws:SourceAccount":111111111111}}`, map[string]string{"aws:SourceAccount": "111111111111"}, true},
		{"StringNotEquals", `{"StringNotEquals":{"aws:SourceAccount":"111111111111"}}`, map[string]string{"aws:SourceAccount": "111111111111"}, false},
		{"StringLike", `{"StringLike":{"aws:SourceOwner":"1111*"}}`, map[string]string{"aws:SourceOwner": "111111111111"}, true},
		{"StringEquals missing key", `{"StringEquals":{"aws:SourceAccount":"111111111111"}}`, nil, false},
		{"StringEqualsIfExists missing key", `{"StringEqualsIfExists":{"aws:SourceAccount":"111111111111"}}`, nil, true},
		{"StringEqualsIfExists present key", `{"StringEqualsIfExists":{"aws:SourceAccount":"111111111111"}}`, map[string]string{"aws:SourceAccount": "2"}, false},
		{"all keys must hold", `{"StringEquals":{"aws:SourceAccount":"111111111111","aws:SourceOwner":"x"}}`, map[string]string{"aws:SourceAccount": "111111111111"}, false},
		{"all operators must hold", `{"StringEquals":{"aws:SourceAccount":"111111111111"},"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:nope"}}`, map[string]string{"aws:SourceAccount": "111111111111", "aws:SourceArn": topic}, false},
		{"Null true on a missing key", `{"Null":{"aws:SourceArn":"true"}}`, nil, true},
		{"Null false on a missing key", `{"Null":{"aws:SourceArn":"false"}}`, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Condition":`+c.cond+`}}`)
			got := p.Evaluate(Request{Account: "1", Action: "sqs:SendMessage", Resource: queue, Context: c.ctx})
			assert.Equal(t, c.want, got == Allowed, got.String())
		})
	}
}

// Parse refuses what AWS refuses, with a reason, and never a partial
// policy.
func TestParseRefusesInvalidPolicies(t *testing.T) {
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":` + s + `}` }
	cases := map[string]string{
		"not JSON":               `{`,
		"not an object":          `[]`,
		"trailing data":          `{"Statement":[]} x`,
		"bad version":            `{"Version":"2020-01-01","Statement":[]}`,
		"unknown top element":    `{"Statement":[],"Foo":1}`,
		"no statement":           `{"Version":"2012-10-17"}`,
		"statement not object":   stmt(`["x"]`),
		"no effect":              stmt(`{"Principal":"*","Action":"sqs:*"}`),
		"bad effect":             stmt(`{"Effect":"allow","Principal":"*","Action":"sqs:*"}`),
		"no principal":           stmt(`{"Effect":"Allow","Action":"sqs:*"}`),
		"both principals":        stmt(`{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"sqs:*"}`),
		"principal string":       stmt(`{"Effect":"Allow","Principal":"me","Action":"sqs:*"}`),
		"bad account":            stmt(`{"Effect":"Allow","Principal":{"AWS":"1234"},"Action":"sqs:*"}`),
		"federated":              stmt(`{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sqs:*"}`),
		"empty service":          stmt(`{"Effect":"Allow","Principal":{"Service":[]},"Action":"sqs:*"}`),
		"no action":              stmt(`{"Effect":"Allow","Principal":"*"}`),
		"action without service": stmt(`{"Effect":"Allow","Principal":"*","Action":"SendMessage"}`),
		"both actions":           stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","NotAction":"sqs:x"}`),
		"both resources":         stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*","NotResource":"*"}`),
		"empty resource":         stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":""}`),
		"unknown element":        stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Foo":"x"}`),
		"unknown operator":       stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"NumericEquals":{"k":"1"}}}`),
		"set operator":           stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"ForAnyValue:StringEquals":{"k":"1"}}}`),
		"empty condition values": stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"StringEquals":{"k":[]}}}`),
		"object condition value": stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"StringEquals":{"k":{}}}}`),
		"Null not boolean":       stmt(`{"Effect":"Allow","Principal":"*","Action":"sqs:*","Condition":{"Null":{"k":"yes"}}}`),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := Parse(doc)
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.NotEmpty(t, e.Reason)
			assert.Nil(t, p)
		})
	}
}

// The 2008 version and a statement object are accepted, as AWS's own
// default SQS policies use them.
func TestParseAcceptsTheAWSDefaultPolicyShape(t *testing.T) {
	p := mustParse(t, `{"Version":"2008-10-17","Id":"`+queue+`/SQSDefaultPolicy","Statement":{"Sid":"__owner_statement","Effect":"Allow",
		"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"SQS:*","Resource":"`+queue+`"}}`)
	assert.Equal(t, Version2008, p.Version)
	assert.Equal(t, queue+"/SQSDefaultPolicy", p.ID)
	require.Len(t, p.Statements, 1)
	assert.Equal(t, "__owner_statement", p.Statements[0].Sid)
	assert.Equal(t, Allowed, p.Evaluate(Request{Account: "111111111111", Action: "sqs:ReceiveMessage", Resource: queue}))
}
