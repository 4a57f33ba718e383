package autoscaling

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Activity is a scaling activity: the launch or termination of one
// instance, with the cause Auto Scaling writes for it.
type Activity struct {
	ActivityId           string
	AutoScalingGroupName string
	AutoScalingGroupARN  string
	// Description is "Launching a new EC2 instance: i-…" or
	// "Terminating EC2 instance: i-…".
	Description string
	// Cause is AWS's account of why, in its sentences: "At
	// 2026-03-02T09:00:00Z a user request explicitly set group desired
	// capacity changing the desired capacity from 2 to 4.  At
	// 2026-03-02T09:00:00Z an instance was started in response to a
	// difference between desired and actual capacity, increasing the
	// capacity from 2 to 4."
	Cause     string
	StartTime time.Time
	// EndTime is zero while the activity is in progress.
	EndTime time.Time
	// StatusCode is InProgress, MidLifecycleAction (waiting for a
	// lifecycle hook), WaitingForELBConnectionDraining, Successful,
	// Failed or Cancelled.
	StatusCode    string
	StatusMessage string
	// Progress is 0 while in progress and 100 once ended.
	Progress int
	// Details is a JSON object: {"Availability Zone":"us-east-1a"} for
	// an instance's activity, {} otherwise.
	Details string
}

// addActivityLocked starts an activity of g. s.mu must be held.
func (s *Service) addActivityLocked(g *group, now time.Time, description, cause, status string) *Activity {
	a := &Activity{
		ActivityId: s.newUUID(), AutoScalingGroupName: g.name, AutoScalingGroupARN: g.arn,
		Description: description, Cause: cause, StartTime: now, StatusCode: status, Details: "{}",
	}
	if status == activityFailed {
		a.EndTime, a.Progress = now, 100
	}
	old := 0
	for old < len(g.activities) && g.activities[old].EndTime != (time.Time{}) && now.Sub(g.activities[old].StartTime) > maxActivityAge {
		old++
	}
	g.activities = append(g.activities[old:], a)
	return a
}

// endActivityLocked ends an activity with status. s.mu must be held.
func (s *Service) endActivityLocked(a *Activity, now time.Time, status string) {
	if a == nil || !a.EndTime.IsZero() {
		return
	}
	a.StatusCode, a.EndTime, a.Progress = status, now, 100
}

// DescribeScalingActivitiesInput is the input of
// [Service.DescribeScalingActivities].
type DescribeScalingActivitiesInput struct {
	// AutoScalingGroupName, when set, is the group whose activities to
	// describe; otherwise every group's are.
	AutoScalingGroupName string
	// ActivityIds, when given, are the activities to describe.
	ActivityIds []string
	// IncludeDeletedGroups includes the activities of groups being
	// deleted.
	IncludeDeletedGroups bool
}

// DescribeScalingActivitiesOutput is the output of
// [Service.DescribeScalingActivities].
type DescribeScalingActivitiesOutput struct {
	Activities []Activity
}

// DescribeScalingActivities describes the scaling activities of the last
// six weeks, newest first (the later-created group first for activities
// that started at the same instant).
//
// Errors: ErrValidationError for a group that does not exist.
func (s *Service) DescribeScalingActivities(ctx context.Context, in *DescribeScalingActivitiesInput) (*DescribeScalingActivitiesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	groups := s.groupList
	if in.AutoScalingGroupName != "" {
		g := s.groups[in.AutoScalingGroupName]
		if g == nil || (g.deleted && !in.IncludeDeletedGroups) {
			return nil, ErrValidationError.With("AutoScalingGroup name not found - AutoScalingGroup %s not found", in.AutoScalingGroupName)
		}
		groups = []*group{g}
	}
	out := &DescribeScalingActivitiesOutput{}
	for _, g := range groups {
		if g.deleted && !in.IncludeDeletedGroups {
			continue
		}
		for _, a := range slices.Backward(g.activities) {
			if len(in.ActivityIds) == 0 || slices.Contains(in.ActivityIds, a.ActivityId) {
				out.Activities = append(out.Activities, *a)
			}
		}
	}
	slices.SortStableFunc(out.Activities, func(a, b Activity) int { return b.StartTime.Compare(a.StartTime) })
	return out, nil
}
