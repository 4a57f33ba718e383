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

// crossAccountRefused are the actions that SQS grants no other account,
// whatever the queue's policy says (the SQS developer guide's list).
var crossAccountRefused = map[string]bool{
	"sqs:AddPermission": true, "sqs:CancelMessageMoveTask": true, "sqs:CreateQueue": true, "sqs:DeleteQueue": true,
	"sqs:ListMessageMoveTasks": true, "sqs:ListQueues": true, "sqs:ListQueueTags": true, "sqs:RemovePermission": true,
	"sqs:SetQueueAttributes": true, "sqs:StartMessageMoveTask": true, "sqs:TagQueue": true, "sqs:UntagQueue": true,
}

// Authorize decides whether the caller of another account, account (a
// 12-digit ID), may do action ("sqs:SendMessage", "sqs:ReceiveMessage" …)
// on the queue at queueURL, as SQS decides a request signed by another
// account's key: the queue's Policy must allow the account (by its ID,
// its root ARN or *), and no policy lets another account do the actions
// SQS keeps to the queue's owner (CreateQueue, DeleteQueue,
// SetQueueAttributes, the tag and permission operations, the message
// move tasks). It returns nil when allowed, else ErrAccessDenied, or
// ErrQueueDoesNotExist for no such queue.
//
// It is not an AWS operation: the server calls it for a request whose
// key is of another account than the queue (server.WithCredentials).
// Requests of the queue's own account are the account's IAM's to
// decide, which the simulator does not model, so they are not checked.
func (s *Service) Authorize(queueURL, action, account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[queueURL]
	if q == nil {
		return ErrQueueDoesNotExist.With("The specified queue does not exist.")
	}
	if q.cfg.access != nil && !crossAccountRefused[action] {
		r := policy.Request{Account: account, Action: action, Resource: q.arn, Context: map[string]string{"aws:PrincipalAccount": account}}
		if q.cfg.access.Evaluate(r) == policy.Allowed {
			return nil
		}
	}
	return q.accessDenied()
}
