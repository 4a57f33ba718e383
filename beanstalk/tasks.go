package beanstalk

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/autoscaling"
	"github.com/awssim/awssim/internal/cron"
	"github.com/awssim/awssim/sqs"
)

// scheduleTasksLocked schedules the first firing of each periodic task
// of a worker environment's version. s.mu must be held.
func (s *Service) scheduleTasksLocked(e *environment) {
	if !e.worker {
		return
	}
	for _, t := range e.version.bundle.Cron {
		ct := &cronTask{task: t}
		e.tasks = append(e.tasks, ct)
		s.armTaskLocked(e, ct, s.sched.Now())
	}
}

// armTaskLocked schedules a task's next firing after t. s.mu must be
// held.
func (s *Service) armTaskLocked(e *environment, ct *cronTask, after time.Time) {
	schedule, err := cron.Parse(ct.task.Schedule) // checked when the version was created
	if err != nil {
		return
	}
	next := schedule.Next(after, time.UTC)
	if next.IsZero() {
		return
	}
	ct.timer = s.sched.ScheduleAt(next, func() { s.fireTask(e, ct, next) })
}

// fireTask is a periodic task's firing: the environment's leader queues
// the task's message, once. Which instance leads does not change what
// happens (one message per firing, handled by any daemon), so the
// simulator does not elect one: it only needs an instance in service.
// With none the firing is lost, as no daemon runs to queue it.
func (s *Service) fireTask(e *environment, ct *cronTask, at time.Time) {
	s.mu.Lock()
	if e.desc.Status == StatusTerminating || e.desc.Status == StatusTerminated {
		s.mu.Unlock()
		return
	}
	s.armTaskLocked(e, ct, at)
	group, url := e.group, e.queueURL
	s.mu.Unlock()

	ctx := context.Background()
	out, err := s.groups.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil || len(out.AutoScalingGroups) == 0 {
		return
	}
	if !slices.ContainsFunc(out.AutoScalingGroups[0].Instances, func(i autoscaling.Instance) bool { return i.LifecycleState == autoscaling.StateInService }) {
		return
	}
	text := func(v string) sqs.MessageAttributeValue {
		return sqs.MessageAttributeValue{DataType: "String", StringValue: v}
	}
	_, err = s.queues.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl: url, MessageBody: "elasticbeanstalk scheduled job",
		MessageAttributes: map[string]sqs.MessageAttributeValue{
			attrTaskName: text(ct.task.Name), attrScheduledTime: text(at.UTC().Format(time.RFC3339)), attrTaskPath: text(ct.task.URL),
		},
	})
	if err != nil {
		s.mu.Lock()
		s.eventLocked(e, SeverityError, "The periodic task "+ct.task.Name+" could not be queued: "+err.Error())
		s.mu.Unlock()
	}
}
