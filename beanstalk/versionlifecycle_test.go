package beanstalk_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/beanstalk"
)

const lifecycleRole = "arn:aws:iam::000000000000:role/aws-elasticbeanstalk-service-role"

// keepAtMost sets the version lifecycle of "shop" to MaxCount n.
func (w *world) keepAtMost(n int) {
	w.t.Helper()
	_, err := w.svc.UpdateApplicationResourceLifecycle(ctx, &beanstalk.UpdateApplicationResourceLifecycleInput{
		ApplicationName: "shop", ResourceLifecycleConfig: beanstalk.ApplicationResourceLifecycleConfig{
			ServiceRole:            lifecycleRole,
			VersionLifecycleConfig: &beanstalk.ApplicationVersionLifecycleConfig{MaxCountRule: &beanstalk.MaxCountRule{Enabled: true, MaxCount: n}},
		},
	})
	require.NoError(w.t, err)
}

// newVersion creates version label of "shop".
func (w *world) newVersion(label string) {
	w.t.Helper()
	_, err := w.svc.CreateApplicationVersion(ctx, &beanstalk.CreateApplicationVersionInput{ApplicationName: "shop", VersionLabel: label, SourceBundle: &beanstalk.SourceBundle{Server: w.server}})
	require.NoError(w.t, err)
}

// labels are the labels of "shop"'s versions, newest first.
func (w *world) labels() []string {
	w.t.Helper()
	out, err := w.svc.DescribeApplications(ctx, &beanstalk.DescribeApplicationsInput{ApplicationNames: []string{"shop"}})
	require.NoError(w.t, err)
	return out.Applications[0].Versions
}

// The lifecycle applies when a version is created, not when it is set:
// then the oldest versions beyond MaxCount go, the new one not counted,
// each with an event of the application.
func TestLifecycleMaxCountAppliesWhenAVersionIsCreated(t *testing.T) {
	w := newWorld(t) // v1
	w.newVersion("v2")
	w.newVersion("v3")
	w.keepAtMost(1)
	assert.Equal(t, []string{"v3", "v2", "v1"}, w.labels(), "setting the rule deletes nothing")

	w.newVersion("v4")
	assert.Equal(t, []string{"v4", "v3"}, w.labels(), "v4 and one more")
	out, err := w.svc.DescribeEvents(ctx, &beanstalk.DescribeEventsInput{ApplicationName: "shop", VersionLabel: "v1"})
	require.NoError(t, err)
	require.Len(t, out.Events, 1)
	assert.Equal(t, "Deleted application version v1 of application shop: the application's version lifecycle policy.", out.Events[0].Message)
	assert.Empty(t, out.Events[0].EnvironmentName)
}

// The lifecycle never deletes a version an environment runs: the oldest
// of the others go instead.
func TestLifecycleKeepsVersionsEnvironmentsRun(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil) // runs v1
	w.keepAtMost(1)
	w.newVersion("v2")
	w.newVersion("v3")
	assert.Equal(t, []string{"v3", "v1"}, w.labels())
}

// Nor the version an environment terminated less than ten weeks ago ran
// last; after ten weeks it may go.
func TestLifecycleKeepsTheVersionOfARecentlyTerminatedEnvironment(t *testing.T) {
	w := newWorld(t)
	w.create("shop-prod", nil)
	w.clk.Advance(2 * time.Minute)
	_, err := w.svc.TerminateEnvironment(ctx, &beanstalk.TerminateEnvironmentInput{EnvironmentName: "shop-prod"})
	require.NoError(t, err)
	w.clk.Advance(5 * time.Minute)
	w.keepAtMost(1)
	w.newVersion("v2")
	w.newVersion("v3")
	assert.Equal(t, []string{"v3", "v1"}, w.labels())

	w.clk.Advance(10 * 7 * 24 * time.Hour)
	w.newVersion("v4")
	assert.Equal(t, []string{"v4", "v3"}, w.labels())
}

// MaxAgeRule deletes the versions created more than MaxAgeInDays days
// before a version is created.
func TestLifecycleMaxAgeDeletesOldVersions(t *testing.T) {
	w := newWorld(t) // v1 at 09:00
	_, err := w.svc.UpdateApplicationResourceLifecycle(ctx, &beanstalk.UpdateApplicationResourceLifecycleInput{
		ApplicationName: "shop", ResourceLifecycleConfig: beanstalk.ApplicationResourceLifecycleConfig{
			ServiceRole:            lifecycleRole,
			VersionLifecycleConfig: &beanstalk.ApplicationVersionLifecycleConfig{MaxAgeRule: &beanstalk.MaxAgeRule{Enabled: true, MaxAgeInDays: 2}},
		},
	})
	require.NoError(t, err)
	w.clk.Advance(36 * time.Hour)
	w.newVersion("v2")
	assert.Equal(t, []string{"v2", "v1"}, w.labels(), "v1 is a day and a half old")
	w.clk.Advance(24 * time.Hour)
	w.newVersion("v3")
	assert.Equal(t, []string{"v3", "v2"}, w.labels(), "v1 is two and a half days old")
}

// One application of the lifecycle deletes at most 100 versions; the
// rest go the next time.
func TestLifecycleDeletesAtMost100VersionsAtATime(t *testing.T) {
	w := newWorld(t)
	for k := 2; k <= 150; k++ {
		w.newVersion(fmt.Sprint("v", k))
	}
	w.keepAtMost(1)
	w.newVersion("v151")
	assert.Len(t, w.labels(), 51)
	w.newVersion("v152")
	assert.Equal(t, []string{"v152", "v151"}, w.labels())
}

// The service role is required the first time an application is given
// rules, and kept when a later update leaves it out; enabled rules need
// a positive limit; DescribeApplications shows the settings. A refused
// update changes nothing.
func TestLifecycleSettingsAreChecked(t *testing.T) {
	w := newWorld(t)
	rules := &beanstalk.ApplicationVersionLifecycleConfig{MaxCountRule: &beanstalk.MaxCountRule{Enabled: true, MaxCount: 5, DeleteSourceFromS3: true}}
	update := func(c beanstalk.ApplicationResourceLifecycleConfig) error {
		_, err := w.svc.UpdateApplicationResourceLifecycle(ctx, &beanstalk.UpdateApplicationResourceLifecycleInput{ApplicationName: "shop", ResourceLifecycleConfig: c})
		return err
	}
	assert.ErrorIs(t, update(beanstalk.ApplicationResourceLifecycleConfig{VersionLifecycleConfig: rules}), beanstalk.ErrInvalidParameterValue)
	require.NoError(t, update(beanstalk.ApplicationResourceLifecycleConfig{ServiceRole: lifecycleRole, VersionLifecycleConfig: rules}))
	assert.ErrorIs(t, update(beanstalk.ApplicationResourceLifecycleConfig{VersionLifecycleConfig: &beanstalk.ApplicationVersionLifecycleConfig{
		MaxAgeRule: &beanstalk.MaxAgeRule{Enabled: true},
	}}), beanstalk.ErrInvalidParameterValue)
	require.NoError(t, update(beanstalk.ApplicationResourceLifecycleConfig{VersionLifecycleConfig: rules}), "the role is kept")

	out, err := w.svc.DescribeApplications(ctx, &beanstalk.DescribeApplicationsInput{ApplicationNames: []string{"shop"}})
	require.NoError(t, err)
	got := out.Applications[0].ResourceLifecycleConfig
	assert.Equal(t, lifecycleRole, got.ServiceRole)
	assert.Equal(t, rules, got.VersionLifecycleConfig)

	_, err = w.svc.UpdateApplicationResourceLifecycle(ctx, &beanstalk.UpdateApplicationResourceLifecycleInput{ApplicationName: "blog"})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue)
	_, err = w.svc.CreateApplication(ctx, &beanstalk.CreateApplicationInput{ApplicationName: "blog", ResourceLifecycleConfig: &beanstalk.ApplicationResourceLifecycleConfig{VersionLifecycleConfig: rules}})
	assert.ErrorIs(t, err, beanstalk.ErrInvalidParameterValue, "CreateApplication needs the role too")
}
