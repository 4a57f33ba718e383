package beanstalk

import (
	"context"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
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
	old := 0
	for old < len(s.events) && now.Sub(s.events[old].EventDate) > maxEventAge {
		old++
	}
	s.eventSeq++
	ev := Event{
		seq: s.eventSeq, EventDate: now, Message: message, Severity: severity,
		ApplicationName: e.desc.ApplicationName, VersionLabel: e.desc.VersionLabel, EnvironmentName: e.desc.EnvironmentName,
	}
	s.events = append(s.events[old:], ev)
	if topic := e.opts.get(NamespaceSNS, "Notification Topic ARN"); topic != "" {
		msg := s.notification(e, ev)
		// Delivered at the event's instant, once the clock runs its
		// events: the lock is held here, and no lock may be held while
		// SNS runs.
		s.sched.ScheduleAt(now, func() { s.account.Deliver(context.Background(), topic, msg) })
	}
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
