package autoscaling

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Notification types of PutNotificationConfiguration: the events a
// group publishes to SNS topics.
const (
	EventLaunch           = "autoscaling:EC2_INSTANCE_LAUNCH"
	EventLaunchError      = "autoscaling:EC2_INSTANCE_LAUNCH_ERROR"
	EventTerminate        = "autoscaling:EC2_INSTANCE_TERMINATE"
	EventTerminateError   = "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"
	EventTestNotification = "autoscaling:TEST_NOTIFICATION"
)

// MaxNotificationTopics is the most SNS topics a group notifies.
const MaxNotificationTopics = 10

var eventTypes = []string{EventLaunch, EventLaunchError, EventTerminate, EventTerminateError, EventTestNotification}

// subjects are the Subjects of the notifications of each event, before
// the group's name.
var subjects = map[string]string{
	EventLaunch:           "Auto Scaling: launch for group ",
	EventLaunchError:      "Auto Scaling: failed launch for group ",
	EventTerminate:        "Auto Scaling: termination for group ",
	EventTerminateError:   "Auto Scaling: failed termination for group ",
	EventTestNotification: "Auto Scaling: test notification for group ",
}

// notification is a group's notification configuration for one topic.
type notification struct {
	topic string
	types []string
}

// NotificationConfiguration is a topic a group notifies and of what.
type NotificationConfiguration struct {
	AutoScalingGroupName string
	TopicARN             string
	NotificationType     string
}

// PutNotificationConfigurationInput is the input of
// [Service.PutNotificationConfiguration].
type PutNotificationConfigurationInput struct {
	AutoScalingGroupName string // Required.
	// TopicARN is an SNS topic of the account. Required.
	TopicARN string
	// NotificationTypes are the Event… constants to publish. Required.
	NotificationTypes []string
}

// PutNotificationConfigurationOutput is the output of
// [Service.PutNotificationConfiguration].
type PutNotificationConfigurationOutput struct{}

// PutNotificationConfiguration makes a group publish the events of
// NotificationTypes to an SNS topic, replacing what it published there
// before, and sends the topic a test notification. Each launch and
// termination then publishes its activity, as Auto Scaling's message
// JSON, when it ends.
//
// Errors: ErrValidationError (also for a group that does not exist, an
// unknown type, or a topic that refuses the test notification),
// ErrLimitExceededFault (more than [MaxNotificationTopics]).
func (s *Service) PutNotificationConfiguration(ctx context.Context, in *PutNotificationConfigurationInput) (*PutNotificationConfigurationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if _, err := arn.ParseTopic(in.TopicARN); err != nil {
		return nil, ErrValidationError.With("The TopicARN %q is not an SNS topic ARN.", in.TopicARN)
	}
	if len(in.NotificationTypes) == 0 {
		return nil, ErrValidationError.With("NotificationTypes is required.")
	}
	for _, t := range in.NotificationTypes {
		if !slices.Contains(eventTypes, t) {
			return nil, ErrValidationError.With("Notification type %s is not supported.", t)
		}
	}
	s.mu.Lock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if len(g.notifications) >= MaxNotificationTopics && !slices.ContainsFunc(g.notifications, func(n notification) bool { return n.topic == in.TopicARN }) {
		s.mu.Unlock()
		return nil, ErrLimitExceededFault.With("Group %s already notifies %d topics.", g.name, MaxNotificationTopics)
	}
	body, subject := s.testMessageLocked(g, s.sched.Now()), subjects[EventTestNotification]+quote(g.name)
	s.mu.Unlock()
	if err := s.account.Deliver(ctx, in.TopicARN, cloud.Message{Body: body, Subject: subject}); err != nil {
		return nil, ErrValidationError.With("Failed to publish test message to %s: %v", in.TopicARN, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if g, err = s.lookupGroupLocked(in.AutoScalingGroupName); err != nil {
		return nil, err
	}
	n := notification{topic: in.TopicARN, types: slices.Clone(in.NotificationTypes)}
	if k := slices.IndexFunc(g.notifications, func(x notification) bool { return x.topic == n.topic }); k >= 0 {
		g.notifications[k] = n
	} else {
		g.notifications = append(g.notifications, n)
	}
	return &PutNotificationConfigurationOutput{}, nil
}

// DescribeNotificationConfigurationsInput is the input of
// [Service.DescribeNotificationConfigurations].
type DescribeNotificationConfigurationsInput struct {
	// AutoScalingGroupNames, when given, are the groups whose
	// configurations to describe; otherwise every group's are.
	AutoScalingGroupNames []string
}

// DescribeNotificationConfigurationsOutput is the output of
// [Service.DescribeNotificationConfigurations].
type DescribeNotificationConfigurationsOutput struct {
	NotificationConfigurations []NotificationConfiguration
}

// DescribeNotificationConfigurations describes what groups notify, one
// entry per topic and type.
func (s *Service) DescribeNotificationConfigurations(ctx context.Context, in *DescribeNotificationConfigurationsInput) (*DescribeNotificationConfigurationsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeNotificationConfigurationsOutput{}
	for _, g := range s.groupList {
		if g.deleted || (len(in.AutoScalingGroupNames) > 0 && !slices.Contains(in.AutoScalingGroupNames, g.name)) {
			continue
		}
		for _, n := range g.notifications {
			for _, t := range n.types {
				out.NotificationConfigurations = append(out.NotificationConfigurations, NotificationConfiguration{AutoScalingGroupName: g.name, TopicARN: n.topic, NotificationType: t})
			}
		}
	}
	return out, nil
}

// DeleteNotificationConfigurationInput is the input of
// [Service.DeleteNotificationConfiguration].
type DeleteNotificationConfigurationInput struct {
	AutoScalingGroupName string // Required.
	TopicARN             string // Required.
}

// DeleteNotificationConfigurationOutput is the output of
// [Service.DeleteNotificationConfiguration].
type DeleteNotificationConfigurationOutput struct{}

// DeleteNotificationConfiguration stops a group notifying a topic.
//
// Errors: ErrValidationError (a group or configuration that does not
// exist).
func (s *Service) DeleteNotificationConfiguration(ctx context.Context, in *DeleteNotificationConfigurationInput) (*DeleteNotificationConfigurationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroupLocked(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	k := slices.IndexFunc(g.notifications, func(n notification) bool { return n.topic == in.TopicARN })
	if k < 0 {
		return nil, ErrValidationError.With("No notification configuration found for group %s and topic %s", g.name, in.TopicARN)
	}
	g.notifications = slices.Delete(g.notifications, k, k+1)
	return &DeleteNotificationConfigurationOutput{}, nil
}

// notifyLocked publishes an ended activity of an instance to the topics
// of g that take event. id is the instance's ID. s.mu must be held.
func (s *Service) notifyLocked(g *group, a *Activity, id, event string, now time.Time, fx effects) effects {
	var topics []string
	for _, n := range g.notifications {
		if slices.Contains(n.types, event) {
			topics = append(topics, n.topic)
		}
	}
	if len(topics) == 0 {
		return fx
	}
	m := struct {
		Progress             int
		AccountId            string
		Description          string
		RequestId            string
		EndTime              string
		AutoScalingGroupARN  string
		ActivityId           string
		StartTime            string
		Service              string
		Time                 string
		EC2InstanceId        string
		StatusCode           string
		StatusMessage        string
		Details              json.RawMessage
		AutoScalingGroupName string
		Cause                string
		Event                string
	}{a.Progress, s.accountID, a.Description, s.newUUID(), a.EndTime.UTC().Format(lifecycleTimeFormat), g.arn, a.ActivityId,
		a.StartTime.UTC().Format(lifecycleTimeFormat), "AWS Auto Scaling", now.UTC().Format(lifecycleTimeFormat), id,
		a.StatusCode, a.StatusMessage, json.RawMessage(a.Details), g.name, a.Cause, event}
	b, _ := json.Marshal(m)
	msg := cloud.Message{Body: string(b), Subject: subjects[event] + quote(g.name)}
	for _, topic := range topics {
		fx = append(fx, func() {
			// A topic that went cannot take the notification; AWS drops
			// it the same way, and the activity stands.
			_ = s.account.Deliver(context.Background(), topic, msg)
		})
	}
	return fx
}

// quote puts a group's name in the double quotes of a Subject.
func quote(name string) string { return `"` + name + `"` }
