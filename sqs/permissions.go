package sqs

import (
	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/policy"
)

// Limits of a queue's Policy attribute (Amazon SQS policy quotas).
const (
	// MaxPolicySize is the most bytes a queue policy has.
	MaxPolicySize = 8192
	// MaxPolicyStatements is the most statements a queue policy has.
	MaxPolicyStatements = 20
)

// parsePolicy decodes a Policy attribute value: an AWS policy document, or
// empty to remove the policy. It fails as SQS does, with
// InvalidAttributeValue.
func parsePolicy(v string) (*policy.Policy, error) {
	if v == "" {
		return nil, nil
	}
	if len(v) > MaxPolicySize {
		return nil, ErrInvalidAttributeValue.With("Submitted policy is over max allowed size.")
	}
	p, err := policy.Parse(v)
	if err != nil || len(p.Statements) > MaxPolicyStatements {
		return nil, invalidAttributeValue(AttributePolicy)
	}
	return p, nil
}

// allows reports whether the queue's policy lets sender send to it, as
// SQS decides for a service that delivers on a resource's behalf: the
// service principal (sns.amazonaws.com) with aws:SourceArn and
// aws:SourceAccount of the resource. A queue with no policy allows no
// service, in the queue's account or any other. The caller holds s.mu.
func (q *queue) allows(sender cloud.Sender) bool {
	if q.cfg.access == nil {
		return false
	}
	r := policy.ServiceRequest(sender.Service, sender.SourceARN, "sqs:SendMessage", q.arn)
	return q.cfg.access.Evaluate(r) == policy.Allowed
}

// accessDenied is the error SQS returns to a sender the queue's policy
// does not allow.
func (q *queue) accessDenied() error {
	return ErrAccessDenied.With("Access to the resource %s is denied.", q.url)
}
