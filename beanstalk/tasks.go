package beanstalk

import (
	"context"
	"slices"
	"time"

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

// rescheduleTasksLocked replaces a worker environment's periodic tasks
// with those of the version it runs now, once a deployment of it is
// done: the old tasks fire no more, the new ones from now on, and the
// daemons elect a leader if the environment had no tasks before. s.mu
// must be held.
func (s *Service) rescheduleTasksLocked(e *environment) {
	for _, t := range e.tasks {
		t.timer.Cancel()
	}
	e.tasks = nil
	s.scheduleTasksLocked(e)
	switch {
	case len(e.tasks) == 0:
		e.leader = "" // no cron.yaml, no election
	case e.leader == "" && len(e.candidates) > 0:
		s.electLocked(e)
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

// cronMember is a worker daemon as its instance runs it: stopping it,
// as the instance terminates, takes the instance out of the
// environment's cron leader election.
type cronMember struct {
	*daemon
	leave func()
}

// Stop stops the daemon and leaves the election.
func (m cronMember) Stop() {
	m.daemon.Stop()
	m.leave()
}

// joinCronLocked enters an instance whose daemon has started in the
// cron leader election of its environment, which runs while the
// environment has periodic tasks: as on AWS, where the daemons race to
// write to a DynamoDB table, the first to start leads. s.mu must be
// held.
func (s *Service) joinCronLocked(e *environment, id string) {
	e.candidates = append(e.candidates, id)
	if e.leader == "" && len(e.tasks) > 0 {
		s.electLocked(e)
	}
}

// leaveCron takes an instance whose daemon stopped out of the election;
// when it led, the instance whose daemon has run longest takes over at
// once (AWS's "quickly").
func (s *Service) leaveCron(e *environment, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.candidates = slices.DeleteFunc(e.candidates, func(c string) bool { return c == id })
	if e.leader != id {
		return
	}
	e.leader = ""
	if e.desc.Status == StatusTerminating || e.desc.Status == StatusTerminated || len(e.tasks) == 0 {
		return // no firing will need a leader
	}
	if len(e.candidates) == 0 {
		s.eventLocked(e, SeverityWarn, "The leader instance "+id+" of the periodic tasks left and no instance is left to lead: the tasks are not queued until one is in service.")
		return
	}
	s.electLocked(e)
}

// electLocked makes the first candidate the leader. s.mu must be held.
func (s *Service) electLocked(e *environment) {
	e.leader = e.candidates[0]
	s.eventLocked(e, SeverityInfo, "Instance "+e.leader+" is the leader of the periodic tasks.")
}

// fireTask is a periodic task's firing: the environment's leader
// queues the task's message, once, for any daemon to post. With no
// leader (no daemon runs) the firing is lost.
func (s *Service) fireTask(e *environment, ct *cronTask, at time.Time) {
	s.mu.Lock()
	if e.desc.Status == StatusTerminating || e.desc.Status == StatusTerminated {
		s.mu.Unlock()
		return
	}
	s.armTaskLocked(e, ct, at)
	leader, url := e.leader, e.queueURL
	s.mu.Unlock()
	if leader == "" {
		return
	}
	text := func(v string) sqs.MessageAttributeValue {
		return sqs.MessageAttributeValue{DataType: "String", StringValue: v}
	}
	_, err := s.queues.SendMessage(context.Background(), &sqs.SendMessageInput{
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
