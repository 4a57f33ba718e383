package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// A request that one account's key signs for a resource of another
// account that the server serves (A's queue URL, signed with B's key)
// reaches the resource's account, as AWS routes it, and is allowed only
// when the resource's policy lets the caller's account in: AWS lets no
// account into another's resource without a resource policy that allows
// it. SQS queues (by QueueUrl), SNS topics (by TopicArn) and Lambda
// functions (by ARN) are reached this way; see the package
// documentation, Differences from AWS.

// queryOwner is the owner of the resource of a request of the query
// protocol for service ("sqs", "sns") that caller's key signed: for SQS
// the queue of its QueueUrl, or of its path in the legacy form
// (POST /ACCOUNT/NAME), by [Server.sqsOwner]; for SNS the topic of its
// TopicArn, by [Server.snsOwner]; caller for the others.
func (s *Server) queryOwner(caller *account, service, action, path string, f *form) (*account, error) {
	switch service {
	case "sqs":
		queueURL := f.get("QueueUrl")
		if queueURL == "" && strings.Count(path, "/") == 2 {
			queueURL = "https://sqs" + path
		}
		return s.sqsOwner(caller, action, queueURL)
	case "sns":
		return s.snsOwner(caller, action, f.get("TopicArn"))
	}
	return caller, nil
}

// sqsOwnerJSON is [Server.sqsOwner] for a request of the AWS JSON
// protocol, whose QueueUrl is a member of its body. A request for a
// queue of the caller's own account, the common case, costs a scan of
// the body and no allocation.
func (s *Server) sqsOwnerJSON(caller *account, op string, body []byte) (*account, error) {
	if len(s.accounts) < 2 {
		return caller, nil
	}
	u, escaped := jsonQueueURL(body)
	if escaped {
		var in struct{ QueueUrl string }
		_ = json.Unmarshal(body, &in) // a malformed body is the operation's to refuse
		return s.sqsOwner(caller, op, in.QueueUrl)
	}
	if string(queueAccount(u)) == caller.id {
		return caller, nil
	}
	return s.sqsOwner(caller, op, string(u))
}

// jsonQueueURL finds the value of the QueueUrl member of a JSON object,
// nil when there is none; escaped reports a value with escapes, which
// only a JSON decoder reads right.
func jsonQueueURL(body []byte) (u []byte, escaped bool) {
	const key = `"QueueUrl"`
	for rest := body; ; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return nil, false
		}
		rest = rest[i+len(key):]
		v := bytes.TrimLeft(rest, " \t\r\n")
		if len(v) == 0 || v[0] != ':' {
			continue // "QueueUrl" as a value, not a key
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n")
		if len(v) == 0 || v[0] != '"' {
			return nil, false
		}
		end := bytes.IndexByte(v[1:], '"')
		if end < 0 {
			return nil, false
		}
		v = v[1 : 1+end]
		return v, bytes.IndexByte(v, '\\') >= 0
	}
}

// sqsOwner returns the account whose SQS serves operation op of caller's
// key on the queue at queueURL: the account the URL names
// (…/ACCOUNT/NAME) when the server serves that account's SQS and it is
// not the caller's, once the queue's policy has allowed the caller; else
// the caller's own. A batch operation needs the permission of the
// operation it batches (sqs:SendMessage for SendMessageBatch), as SQS
// has it.
func (s *Server) sqsOwner(caller *account, op, queueURL string) (*account, error) {
	if len(s.accounts) < 2 || queueURL == "" {
		return caller, nil
	}
	owner := s.accounts[string(queueAccount([]byte(queueURL)))]
	if owner == nil || owner == caller || owner.sqs == nil {
		return caller, nil
	}
	h := owner.sqs
	if err := h.svc.Authorize(h.canonicalURL(queueURL), "sqs:"+strings.TrimSuffix(op, "Batch"), caller.id); err != nil {
		return nil, err
	}
	return owner, nil
}

// snsOwner returns the account whose SNS serves action of caller's key
// on the topic with ARN topicARN: the account the ARN names when the
// server serves that account's SNS and it is not the caller's, once the
// topic's policy has allowed the caller; else the caller's own.
// PublishBatch needs sns:Publish, as SNS has it.
func (s *Server) snsOwner(caller *account, action, topicARN string) (*account, error) {
	if len(s.accounts) < 2 || topicARN == "" {
		return caller, nil
	}
	parts := strings.SplitN(topicARN, ":", 6)
	if len(parts) < 6 || parts[4] == caller.id {
		return caller, nil
	}
	owner := s.accounts[parts[4]]
	if owner == nil || owner.sns == nil {
		return caller, nil
	}
	if err := owner.sns.svc.Authorize(topicARN, "sns:"+strings.TrimSuffix(action, "Batch"), caller.id); err != nil {
		return nil, err
	}
	return owner, nil
}

// lambdaOwner returns the account whose Lambda serves a request of
// caller's key: the account of the function its path names by ARN
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME, or the partial
// ACCOUNT:function:NAME) when the server serves that account's Lambda and
// it is not the caller's, once the function's resource policy has
// allowed the caller; else the caller's own. Invoke, GetFunction,
// GetFunctionConfiguration and GetPolicy reach another account's
// function, as the actions lambda:InvokeFunction, lambda:GetFunction,
// lambda:GetFunctionConfiguration and lambda:GetPolicy; the other
// operations stay in the caller's account.
func (s *Server) lambdaOwner(caller *account, r *http.Request) (*account, error) {
	if len(s.accounts) < 2 {
		return caller, nil
	}
	version, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	if version != "2015-03-31" || len(parts) < 2 || parts[0] != "functions" {
		return caller, nil
	}
	var action string
	switch n := len(parts); {
	case r.Method == http.MethodPost && n == 3 && parts[2] == "invocations":
		action = "lambda:InvokeFunction"
	case r.Method == http.MethodGet && n == 2:
		action = "lambda:GetFunction"
	case r.Method == http.MethodGet && n == 3 && parts[2] == "configuration":
		action = "lambda:GetFunctionConfiguration"
	case r.Method == http.MethodGet && n == 3 && parts[2] == "policy":
		action = "lambda:GetPolicy"
	default:
		return caller, nil
	}
	name, err := url.PathUnescape(parts[1])
	if err != nil {
		return caller, nil
	}
	fields := strings.Split(name, ":")
	var id string
	switch {
	case len(fields) >= 7 && fields[0] == "arn":
		id = fields[4]
	case len(fields) >= 3 && fields[1] == "function":
		id = fields[0]
	}
	owner := s.accounts[id]
	if owner == nil || owner == caller || owner.lambda == nil {
		return caller, nil
	}
	if err := owner.lambda.svc.Authorize(name, r.URL.Query().Get("Qualifier"), action, caller.id); err != nil {
		return nil, err
	}
	return owner, nil
}

// queueAccount returns the account ID a queue URL names in its path,
// /ACCOUNT/NAME, or nil.
func queueAccount(u []byte) []byte {
	i := bytes.Index(u, []byte("://"))
	if i < 0 {
		return nil
	}
	rest := u[i+3:]
	slash := bytes.IndexByte(rest, '/')
	if slash < 0 {
		return nil
	}
	path := rest[slash+1:]
	end := bytes.IndexByte(path, '/')
	if end < 0 {
		return nil
	}
	return path[:end]
}
