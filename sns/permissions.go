package sns

import (
	"github.com/awssim/awssim/cloud"
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
	s.mu.Lock()
	t := s.topics[topicARN]
	var doc string
	if t != nil {
		doc = t.attrs[TopicAttributePolicy]
	}
	s.mu.Unlock()
	if t == nil {
		return true
	}
	if doc == "" {
		doc = s.defaultPolicy(topicARN)
	}
	p, err := policy.Parse(doc)
	if err != nil {
		return false
	}
	return p.Evaluate(policy.ServiceRequest(sender.Service, sender.SourceARN, "sns:Publish", topicARN)) == policy.Allowed
}
