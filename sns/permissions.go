package sns

import (
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/policy"
)

// allows reports whether the access policy of the topic with ARN
// topicARN lets sender publish to it, as SNS decides for a service that
// delivers on a resource's behalf: the service principal, with
// aws:SourceArn, aws:SourceAccount and aws:SourceOwner of the resource.
// A topic without a Policy has AWS's default, which lets in only the
// topic owner's account; a Policy the simulator cannot read lets in no
// one. A topic that does not exist is allowed, for Publish to report.
func (s *Service) allows(topicARN string, sender cloud.Sender) bool {
	p, found := s.topicPolicy(topicARN)
	if !found {
		return true
	}
	return p != nil && p.Evaluate(policy.ServiceRequest(sender.Service, sender.SourceARN, "sns:Publish", topicARN)) == policy.Allowed
}

// topicPolicy returns the access policy of the topic with ARN topicARN:
// its Policy, or AWS's default without one; nil for a Policy the
// simulator cannot read. found is false for no such topic.
func (s *Service) topicPolicy(topicARN string) (p *policy.Policy, found bool) {
	s.mu.Lock()
	t := s.topics[topicARN]
	var doc string
	if t != nil {
		doc = t.attrs[TopicAttributePolicy]
	}
	s.mu.Unlock()
	if t == nil {
		return nil, false
	}
	if doc == "" {
		doc = s.defaultPolicy(topicARN)
	}
	p, err := policy.Parse(doc)
	if err != nil {
		return nil, true
	}
	return p, true
}

// Authorize decides whether the caller of another account, account (a
// 12-digit ID), may do action ("sns:Publish", "sns:Subscribe" …) on the
// topic with ARN topicARN, as SNS decides a request signed by another
// account's key: the topic's access policy must allow the account (by
// its ID, its root ARN or *); AWS's default policy, which a topic
// without a Policy has, lets in only the topic owner's account. It
// returns nil when allowed, else ErrAuthorizationErrorException, or
// ErrNotFoundException for no such topic.
//
// It is not an AWS operation: the server calls it for a request whose
// key is of another account than the topic (server.WithCredentials).
// Requests of the topic's own account are the account's IAM's to decide,
// which the simulator does not model, so they are not checked.
func (s *Service) Authorize(topicARN, action, account string) error {
	p, found := s.topicPolicy(topicARN)
	if !found {
		return ErrNotFoundException.With("Topic does not exist")
	}
	r := policy.Request{Account: account, Action: action, Resource: topicARN, Context: map[string]string{"aws:PrincipalAccount": account}}
	if p != nil && p.Evaluate(r) == policy.Allowed {
		return nil
	}
	return ErrAuthorizationErrorException.With("User: %s is not authorized to perform: %s on resource: %s", arn.Root{AccountID: account}, action, topicARN)
}
