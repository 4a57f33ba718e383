package sns

import (
	"context"
	"encoding/hex"
	"maps"

	"github.com/awssim/awssim/internal/service"
)

// The confirmation lifecycle of a subscription. An http, https, email or
// email-json subscription stays pending until its endpoint confirms it
// with the token SNS sent it, through ConfirmSubscription or the
// SubscribeURL; the token works for [ConfirmationTokenValidity], and a
// subscription still pending after [PendingSubscriptionLifetime] is
// deleted. An unsubscribed HTTP/S endpoint is sent an
// UnsubscribeConfirmation whose token restores the subscription (Amazon
// SNS API Reference: Subscribe, ConfirmSubscription; Amazon SNS Developer
// Guide: "Step 3: Confirm your Amazon SNS subscription").

// needsConfirmation reports whether an endpoint must confirm a
// subscription before it receives messages: those of the http, https,
// email and email-json protocols, and a queue of another account, whose
// owner confirms a subscription that the topic's owner makes (SNS
// developer guide, "Sending Amazon SNS messages to an Amazon SQS queue
// in a different account").
func (s *Service) needsConfirmation(protocol, endpoint string) bool {
	switch protocol {
	case ProtocolHTTP, ProtocolHTTPS, ProtocolEmail, ProtocolEmailJSON:
		return true
	case ProtocolSQS:
		q, _ := queueARN(endpoint)
		return q.AccountID != s.accountID
	}
	return false
}

// awaitConfirmation gives a pending subscription a new token, valid for
// [ConfirmationTokenValidity], schedules its deletion after
// [PendingSubscriptionLifetime] unless confirmed, and returns the
// SubscriptionConfirmation that carries the token. The caller holds s.mu.
func (s *Service) awaitConfirmation(sub *subscription) *delivery {
	now := s.sched.Now()
	delete(s.tokens, sub.token)
	sub.token = s.newToken()
	s.tokens[sub.token] = sub
	sub.tokenExpires = now.Add(ConfirmationTokenValidity)
	sub.deleteAt = now.Add(PendingSubscriptionLifetime)
	sub.expiry.Cancel()
	sub.expiry = s.sched.ScheduleAt(sub.deleteAt, func() { s.expirePending(sub) })
	return s.confirmationDelivery(sub, typeSubscriptionConfirmation, now)
}

// newToken returns a confirmation token: 128 hexadecimal digits from the
// seeded stream, as long as AWS's. The caller holds s.mu.
func (s *Service) newToken() string {
	var b [64]byte
	_, _ = s.rng.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ConfirmSubscriptionInput is the input of [Service.ConfirmSubscription].
type ConfirmSubscriptionInput struct {
	// TopicArn is the topic of the subscription. Required.
	TopicArn string
	// Token is the token SNS sent to the endpoint. Required.
	Token string
	// AuthenticateOnUnsubscribe "true" refuses later unsubscribes that are
	// not authenticated, that is through the UnsubscribeURL.
	AuthenticateOnUnsubscribe string
}

// ConfirmSubscriptionOutput is the output of [Service.ConfirmSubscription].
type ConfirmSubscriptionOutput struct {
	SubscriptionArn string
}

// ConfirmSubscription confirms a pending subscription with the token SNS
// sent its endpoint (in the SubscriptionConfirmation request or email); a
// token is valid for [ConfirmationTokenValidity]. Confirming again with the
// same token returns the subscription.
func (s *Service) ConfirmSubscription(ctx context.Context, in *ConfirmSubscriptionInput) (*ConfirmSubscriptionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	if in.AuthenticateOnUnsubscribe != "" && in.AuthenticateOnUnsubscribe != "true" && in.AuthenticateOnUnsubscribe != "false" {
		return nil, ErrInvalidParameterException.With("Invalid parameter: AuthenticateOnUnsubscribe")
	}
	arn, err := s.confirm(in.TopicArn, in.Token, true, in.AuthenticateOnUnsubscribe == "true")
	if err != nil {
		return nil, err
	}
	return &ConfirmSubscriptionOutput{SubscriptionArn: arn}, nil
}

// confirm confirms the subscription of topic whose token is token;
// authenticated tells whether it came through the API (true) or the
// SubscribeURL.
func (s *Service) confirm(topicARN, token string, authenticated, authOnUnsubscribe bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicFor(topicARN)
	if err != nil {
		return "", err
	}
	if sub := s.tokens[token]; sub != nil && sub.topic == t {
		if !sub.pending {
			return sub.arn, nil
		}
		if !s.sched.Now().Before(sub.tokenExpires) {
			return "", ErrInvalidParameterException.With("Invalid parameter: Token Reason: the token has expired")
		}
		s.markConfirmed(sub, authenticated, authOnUnsubscribe)
		return sub.arn, nil
	}
	if r, ok := s.restorable[token]; ok && r.topic == t {
		// An endpoint subscribed again meanwhile keeps that subscription,
		// confirmed by this token if it was pending.
		for _, sub := range t.subs {
			if sub.protocol == r.protocol && sub.endpoint == r.endpoint {
				delete(s.restorable, token)
				if sub.pending {
					s.markConfirmed(sub, authenticated, authOnUnsubscribe)
				}
				return sub.arn, nil
			}
		}
		sub, err := s.addSubscription(t, r.protocol, r.endpoint, r.attrs, false, "Invalid parameter: ")
		if err != nil {
			return "", err
		}
		delete(s.restorable, token)
		sub.authenticated = authenticated
		sub.authOnUnsubscribe = authOnUnsubscribe
		return sub.arn, nil
	}
	return "", ErrInvalidParameterException.With("Invalid parameter: Token")
}

// markConfirmed confirms a pending subscription; authenticated tells
// whether through the API. The caller holds s.mu.
func (s *Service) markConfirmed(sub *subscription, authenticated, authOnUnsubscribe bool) {
	sub.pending = false
	sub.authenticated = authenticated
	sub.authOnUnsubscribe = authOnUnsubscribe
	sub.expiry.Cancel()
	sub.topic.pending--
	sub.topic.confirmed++
}

// restorable is an unsubscribed HTTP/S subscription that the token of its
// UnsubscribeConfirmation can restore.
type restorable struct {
	topic    *topic // a topic deleted and created again is another
	protocol string
	endpoint string
	attrs    map[string]string
}

// unsubscribeConfirmation makes the UnsubscribeConfirmation of an HTTP/S
// subscription being unsubscribed, whose token restores the subscription
// for [ConfirmationTokenValidity]. The caller holds s.mu.
func (s *Service) unsubscribeConfirmation(sub *subscription) *delivery {
	now := s.sched.Now()
	notice := s.confirmationDelivery(sub, typeUnsubscribeConfirmation, now)
	notice.final = true
	token := notice.token
	s.restorable[token] = restorable{topic: sub.topic, protocol: sub.protocol, endpoint: sub.endpoint, attrs: maps.Clone(sub.attrs)}
	s.sched.ScheduleAt(now.Add(ConfirmationTokenValidity), func() {
		s.mu.Lock()
		delete(s.restorable, token)
		s.mu.Unlock()
	})
	return notice
}

// expirePending deletes a subscription still pending when its lifetime
// ends.
func (s *Service) expirePending(sub *subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub.pending && !sub.removed {
		s.removeSubscription(sub)
	}
}
