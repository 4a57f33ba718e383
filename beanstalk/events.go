package beanstalk

import (
	"context"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
	"github.com/awssim/awssim/sns"
)

// Event severities, lowest first.
const (
	SeverityTrace = "TRACE"
	SeverityDebug = "DEBUG"
	SeverityInfo  = "INFO"
	SeverityWarn  = "WARN"
	SeverityError = "ERROR"
	SeverityFatal = "FATAL"
)

// severities are the severities, lowest first.
var severities = []string{SeverityTrace, SeverityDebug, SeverityInfo, SeverityWarn, SeverityError, SeverityFatal}

// maxEventAge is how long Elastic Beanstalk keeps events: six weeks.
const maxEventAge = 6 * 7 * 24 * time.Hour

// Event is an event of an environment, as DescribeEvents returns it.
type Event struct {
	EventDate       time.Time
	Message         string
	ApplicationName string
	VersionLabel    string
	EnvironmentName string
	Severity        string

	seq uint64 // its place in the order events were recorded, from 1
}

// eventLocked records an event of e. s.mu must be held.
func (s *Service) eventLocked(e *environment, severity, message string) {
	now := s.sched.Now()
	ev := s.recordLocked(Event{
		EventDate: now, Message: message, Severity: severity,
		ApplicationName: e.desc.ApplicationName, VersionLabel: e.desc.VersionLabel, EnvironmentName: e.desc.EnvironmentName,
	})
	if e.opts.get(NamespaceSNS, "Notification Topic ARN") != "" || e.opts.get(NamespaceSNS, "Notification Endpoint") != "" {
		msg := s.notification(e, ev)
		// Delivered at the event's instant, once the clock runs its
		// events: the lock is held here, and no lock may be held while
		// SNS runs. The topic is read then, so that the events of
		// CreateEnvironment reach the topic it makes.
		s.sched.ScheduleAt(now, func() {
			s.mu.Lock()
			topic := e.notificationTopic()
			s.mu.Unlock()
			if topic != "" {
				s.account.Deliver(context.Background(), topic, msg)
			}
		})
	}
}

// applicationEventLocked records an event of application a (of its
// version label, when not empty), which no environment's topic hears.
// s.mu must be held.
func (s *Service) applicationEventLocked(a *application, label, severity, message string) {
	s.recordLocked(Event{EventDate: s.sched.Now(), Message: message, Severity: severity, ApplicationName: a.desc.ApplicationName, VersionLabel: label})
}

// recordLocked appends ev to the events, numbered, after dropping those
// older than six weeks, and returns it. s.mu must be held.
func (s *Service) recordLocked(ev Event) Event {
	old := 0
	for old < len(s.events) && ev.EventDate.Sub(s.events[old].EventDate) > maxEventAge {
		old++
	}
	s.eventSeq++
	ev.seq = s.eventSeq
	s.events = append(s.events[old:], ev)
	return ev
}

// notificationTopic is the topic an environment's events are published
// to: its Notification Topic ARN, or the topic made for its Notification
// Endpoint; "" for none. s.mu must be held.
func (e *environment) notificationTopic() string {
	if topic := e.opts.get(NamespaceSNS, "Notification Topic ARN"); topic != "" {
		return topic
	}
	return e.endpointTopic
}

// checkNotificationsLocked refuses a Notification Endpoint when the
// Service has no SNS service to make its topic in. s.mu must be held.
func (s *Service) checkNotificationsLocked(o settings) error {
	if o.get(NamespaceSNS, "Notification Endpoint") != "" && o.get(NamespaceSNS, "Notification Topic ARN") == "" && s.topics == nil {
		return ErrInvalidParameterValue.With("The simulator makes the topic of a Notification Endpoint in the account's SNS service: give it to beanstalk.New with beanstalk.WithSNS.")
	}
	return nil
}

// createNotificationTopic creates the topic Elastic Beanstalk makes for
// an environment with a Notification Endpoint and no Notification Topic
// ARN, "ElasticBeanstalkNotifications-Environment-<name>", and
// subscribes the endpoint to it with the Notification Protocol. The
// topic stays until the environment terminates, a rebuild included. It
// calls SNS: no lock may be held.
func (s *Service) createNotificationTopic(ctx context.Context, e *environment) error {
	s.mu.Lock()
	o, name, made := e.opts, e.desc.EnvironmentName, e.endpointTopic
	s.mu.Unlock()
	endpoint := o.get(NamespaceSNS, "Notification Endpoint")
	if endpoint == "" || o.get(NamespaceSNS, "Notification Topic ARN") != "" || made != "" {
		return nil
	}
	topic, err := s.topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: "ElasticBeanstalkNotifications-Environment-" + name})
	if err != nil {
		return err
	}
	s.mu.Lock()
	e.endpointTopic = topic.TopicArn
	s.eventLocked(e, SeverityInfo, "Created SNS topic named: "+topic.TopicArn)
	s.mu.Unlock()
	_, err = s.topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: o.get(NamespaceSNS, "Notification Protocol"), Endpoint: endpoint})
	return err
}

// retireNotificationTopicLocked deletes the topic made for an
// environment's Notification Endpoint, with its event, and records the
// informational events last after it; the topic goes once every event
// recorded has been published to it (at this instant, after their
// deliveries). s.mu must be held.
func (s *Service) retireNotificationTopicLocked(e *environment, last ...string) {
	topic := e.endpointTopic
	if topic != "" {
		s.eventLocked(e, SeverityInfo, "Deleting SNS topic for environment "+e.desc.EnvironmentName+".")
	}
	for _, m := range last {
		s.eventLocked(e, SeverityInfo, m)
	}
	if topic == "" {
		return
	}
	s.sched.ScheduleAt(s.sched.Now(), func() {
		s.topics.DeleteTopic(context.Background(), &sns.DeleteTopicInput{TopicArn: topic})
		s.mu.Lock()
		defer s.mu.Unlock()
		if e.endpointTopic == topic {
			e.endpointTopic = ""
		}
	})
}

// notification is an event as Elastic Beanstalk publishes it to the
// environment's notification topic. s.mu must be held.
func (s *Service) notification(e *environment, ev Event) cloud.Message {
	url := e.desc.CNAME
	if url != "" {
		url = "http://" + url
	}
	body := "Timestamp: " + ev.EventDate.UTC().Format("Mon Jan 02 2006 15:04:05 GMT+0000 (Coordinated Universal Time)") + "\n" +
		"Message: " + ev.Message + "\n\n" +
		"Environment: " + e.desc.EnvironmentName + "\n" +
		"Application: " + e.desc.ApplicationName + "\n\n" +
		"Environment URL: " + url + "\n" +
		"Environment ID: " + e.desc.EnvironmentId + "\n"
	subject := "AWS Elastic Beanstalk Notification - " + ev.Message
	if len(subject) > 99 {
		subject = subject[:96] + "..."
	}
	return cloud.Message{Subject: subject, Body: body}
}

// DescribeEventsInput is the input of [Service.DescribeEvents]. Every
// filter that is set must match.
type DescribeEventsInput struct {
	ApplicationName string
	VersionLabel    string
	EnvironmentName string
	// Severity keeps the events of this severity or higher.
	Severity string
	// StartTime keeps the events at or after it, EndTime those before
	// it.
	StartTime, EndTime time.Time
	// MaxRecords, 1 to 1,000, is the most events of a page; zero means
	// 1,000.
	MaxRecords int
	// NextToken, from the previous page, asks for the next one.
	NextToken string
}

// DescribeEventsOutput is the output of [Service.DescribeEvents].
type DescribeEventsOutput struct {
	Events []Event
	// NextToken, when not empty, asks DescribeEvents for the next page.
	NextToken string
}

// DescribeEvents describes the events of the last six weeks, newest
// first (events of one instant in the reverse of the order they were
// recorded).
//
// Errors: ErrInvalidParameterValue (an unknown severity, MaxRecords out
// of range).
func (s *Service) DescribeEvents(ctx context.Context, in *DescribeEventsInput) (*DescribeEventsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	least := 0
	if in.Severity != "" {
		if least = slices.Index(severities, in.Severity); least < 0 {
			return nil, ErrInvalidParameterValue.With("Severity %q is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL.", in.Severity)
		}
	}
	limit := in.MaxRecords
	if limit == 0 {
		limit = 1000
	}
	if limit < 1 || limit > 1000 {
		return nil, ErrInvalidParameterValue.With("MaxRecords must be 1 to 1000.")
	}
	before := uint64(math.MaxUint64) // the page's events come before this one
	if in.NextToken != "" {
		n, err := strconv.ParseUint(in.NextToken, 10, 64)
		if err != nil {
			return nil, ErrInvalidParameterValue.With("The NextToken %q is not valid.", in.NextToken)
		}
		before = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	out := &DescribeEventsOutput{}
	for k := len(s.events) - 1; k >= 0; k-- {
		e := s.events[k]
		switch {
		case e.seq >= before:
		case now.Sub(e.EventDate) > maxEventAge:
		case in.ApplicationName != "" && e.ApplicationName != in.ApplicationName:
		case in.VersionLabel != "" && e.VersionLabel != in.VersionLabel:
		case in.EnvironmentName != "" && e.EnvironmentName != in.EnvironmentName:
		case slices.Index(severities, e.Severity) < least:
		case !in.StartTime.IsZero() && e.EventDate.Before(in.StartTime):
		case !in.EndTime.IsZero() && !e.EventDate.Before(in.EndTime):
		case len(out.Events) == limit:
			out.NextToken = strconv.FormatUint(out.Events[limit-1].seq, 10)
			return out, nil
		default:
			out.Events = append(out.Events, e)
		}
	}
	return out, nil
}
