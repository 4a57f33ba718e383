package beanstalk

import (
	"context"
	"fmt"
	"time"

	"github.com/awssim/awssim/internal/service"
)

// Limits of the version lifecycle, from the developer guide.
const (
	// maxLifecycleDeletions is the most versions one application of the
	// lifecycle deletes.
	maxLifecycleDeletions = 100
	// lifecycleGrace is how long after an environment terminates the
	// version it ran is kept from the lifecycle: ten weeks.
	lifecycleGrace = 10 * 7 * 24 * time.Hour
)

// ApplicationResourceLifecycleConfig is an application's resource
// lifecycle settings: the rules that delete its old versions.
type ApplicationResourceLifecycleConfig struct {
	// ServiceRole is the ARN of the IAM role Elastic Beanstalk assumes
	// to delete versions. It is required the first time an application
	// is given a VersionLifecycleConfig, and kept when a later update
	// leaves it empty. It is recorded: the simulator checks no
	// permissions.
	ServiceRole string
	// VersionLifecycleConfig are the rules; nil for none.
	VersionLifecycleConfig *ApplicationVersionLifecycleConfig
}

// ApplicationVersionLifecycleConfig are the rules Elastic Beanstalk
// applies to an application's versions each time one is created.
type ApplicationVersionLifecycleConfig struct {
	MaxCountRule *MaxCountRule // nil for none
	MaxAgeRule   *MaxAgeRule   // nil for none
}

// MaxCountRule keeps at most MaxCount versions of an application,
// deleting the oldest, when Enabled.
type MaxCountRule struct {
	Enabled  bool
	MaxCount int // At least 1 when Enabled.
	// DeleteSourceFromS3 is recorded: the simulator's source bundles
	// are Go values, not objects in S3.
	DeleteSourceFromS3 bool
}

// MaxAgeRule deletes the versions of an application created more than
// MaxAgeInDays days ago, when Enabled.
type MaxAgeRule struct {
	Enabled      bool
	MaxAgeInDays int // At least 1 when Enabled.
	// DeleteSourceFromS3 is recorded, as MaxCountRule's.
	DeleteSourceFromS3 bool
}

// clone copies c, its rules too.
func (c ApplicationResourceLifecycleConfig) clone() ApplicationResourceLifecycleConfig {
	if v := c.VersionLifecycleConfig; v != nil {
		w := *v
		if w.MaxCountRule != nil {
			r := *w.MaxCountRule
			w.MaxCountRule = &r
		}
		if w.MaxAgeRule != nil {
			r := *w.MaxAgeRule
			w.MaxAgeRule = &r
		}
		c.VersionLifecycleConfig = &w
	}
	return c
}

// lifecycleOf checks the lifecycle settings in, given to an application
// that has old, and returns those it is to have: old's service role
// unless in has one, which the rules need.
func lifecycleOf(old, in ApplicationResourceLifecycleConfig) (ApplicationResourceLifecycleConfig, error) {
	if in.ServiceRole == "" {
		in.ServiceRole = old.ServiceRole
	}
	if v := in.VersionLifecycleConfig; v != nil {
		switch {
		case in.ServiceRole == "":
			return ApplicationResourceLifecycleConfig{}, ErrInvalidParameterValue.With("The ServiceRole is required the first time an application is given a VersionLifecycleConfig.")
		case v.MaxCountRule != nil && v.MaxCountRule.Enabled && v.MaxCountRule.MaxCount < 1:
			return ApplicationResourceLifecycleConfig{}, ErrInvalidParameterValue.With("MaxCountRule.MaxCount must be at least 1, not %d.", v.MaxCountRule.MaxCount)
		case v.MaxAgeRule != nil && v.MaxAgeRule.Enabled && v.MaxAgeRule.MaxAgeInDays < 1:
			return ApplicationResourceLifecycleConfig{}, ErrInvalidParameterValue.With("MaxAgeRule.MaxAgeInDays must be at least 1, not %d.", v.MaxAgeRule.MaxAgeInDays)
		}
	}
	return in.clone(), nil
}

// UpdateApplicationResourceLifecycleInput is the input of
// [Service.UpdateApplicationResourceLifecycle].
type UpdateApplicationResourceLifecycleInput struct {
	ApplicationName         string                             // Required.
	ResourceLifecycleConfig ApplicationResourceLifecycleConfig // Required.
}

// UpdateApplicationResourceLifecycleOutput is the output of
// [Service.UpdateApplicationResourceLifecycle].
type UpdateApplicationResourceLifecycleOutput struct {
	ApplicationName         string
	ResourceLifecycleConfig ApplicationResourceLifecycleConfig
}

// UpdateApplicationResourceLifecycle sets an application's version
// lifecycle rules, which apply from the next version created: it
// deletes no version itself.
//
// Errors: ErrInvalidParameterValue (no such application, no service
// role, a rule out of range), ErrMissingParameter.
func (s *Service) UpdateApplicationResourceLifecycle(ctx context.Context, in *UpdateApplicationResourceLifecycleInput) (*UpdateApplicationResourceLifecycleOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.lookupAppLocked(in.ApplicationName)
	if err != nil {
		return nil, err
	}
	c, err := lifecycleOf(a.lifecycle, in.ResourceLifecycleConfig)
	if err != nil {
		return nil, err
	}
	a.lifecycle, a.desc.DateUpdated = c, s.sched.Now()
	return &UpdateApplicationResourceLifecycleOutput{ApplicationName: a.desc.ApplicationName, ResourceLifecycleConfig: c.clone()}, nil
}

// applyLifecycleLocked applies an application's version lifecycle
// rules after its newest version was created, as Elastic Beanstalk does
// each time it creates one: the new version does not count and is never
// deleted; of the others, oldest first, as many as are beyond MaxCount
// and those older than MaxAgeInDays go, at most 100, but not one an environment runs or
// deploys, nor the last version of an environment terminated less than
// ten weeks ago. Each deletion is an event of the application. s.mu must
// be held.
func (s *Service) applyLifecycleLocked(a *application) {
	rules := a.lifecycle.VersionLifecycleConfig
	if rules == nil {
		return
	}
	count, age := rules.MaxCountRule, rules.MaxAgeRule
	if count != nil && !count.Enabled {
		count = nil
	}
	if age != nil && !age.Enabled {
		age = nil
	}
	if count == nil && age == nil {
		return
	}
	now := s.sched.Now()
	others := len(a.versions) - 1 // the new version is last
	excess := 0
	if count != nil {
		excess = max(others-count.MaxCount, 0)
	}
	var doomed []*version
	for _, v := range a.versions[:others] { // oldest first
		if len(doomed) == maxLifecycleDeletions {
			break
		}
		old := age != nil && now.Sub(v.desc.DateCreated) > time.Duration(age.MaxAgeInDays)*24*time.Hour
		if (excess == 0 && !old) || s.keptLocked(v, now) {
			continue
		}
		doomed = append(doomed, v)
		excess = max(excess-1, 0)
	}
	for _, v := range doomed {
		a.deleteVersion(v)
		s.applicationEventLocked(a, v.desc.VersionLabel, SeverityInfo,
			fmt.Sprintf("Deleted application version %s of application %s: the application's version lifecycle policy.", v.desc.VersionLabel, a.desc.ApplicationName))
	}
}

// keptLocked reports whether the version lifecycle must keep v: an
// environment that is not terminated runs or deploys it, or one that
// terminated less than ten weeks before now ran it last. s.mu must be
// held.
func (s *Service) keptLocked(v *version, now time.Time) bool {
	for _, e := range s.envs {
		switch {
		case e.desc.Status != StatusTerminated && (e.version == v || (e.deploy != nil && e.deploy.to == v)):
			return true
		case e.desc.Status == StatusTerminated && e.version == v && now.Sub(e.desc.DateUpdated) < lifecycleGrace:
			return true
		}
	}
	return false
}
