package beanstalk

import (
	"context"
	"slices"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/cron"
	"github.com/awssim/awssim/internal/service"
)

// SourceBundle is what an application version deploys: the program each
// instance runs, as Go values where Elastic Beanstalk takes a ZIP file.
type SourceBundle struct {
	// Server makes the web server of one instance (the platform's
	// application process behind its proxy), given the instance's ID: on
	// a web-server environment it serves the load balancer's requests, on
	// a worker environment the worker daemon's. Its Workers, when zero,
	// are the instance type's vCPUs. Required.
	Server func(instanceID string) elb.Backend
	// Cron are the periodic tasks of the bundle's cron.yaml, for a
	// worker environment.
	Cron []CronTask
	// OptionSettings are the option settings of the bundle's
	// .ebextensions: they apply below the settings given to
	// CreateEnvironment and above the defaults.
	OptionSettings []ConfigurationOptionSetting
}

// CronTask is a periodic task of a worker environment's cron.yaml: when
// Schedule (a five-field cron expression, in UTC) fires, the
// environment's leader instance queues a message that the worker daemon
// of some instance POSTs to URL.
type CronTask struct {
	Name     string // Required; unique in the bundle.
	URL      string // Required: a path, "/backup".
	Schedule string // Required.
}

// application is an application with its versions.
type application struct {
	desc      ApplicationDescription
	versions  []*version        // in creation order
	templates []*configTemplate // in creation order
	tags      []Tag
	lifecycle ApplicationResourceLifecycleConfig
}

// version is an application version.
type version struct {
	desc   ApplicationVersionDescription
	bundle SourceBundle
	tags   []Tag
}

// ApplicationDescription describes an application.
type ApplicationDescription struct {
	ApplicationName string
	ApplicationArn  string
	Description     string
	DateCreated     time.Time
	DateUpdated     time.Time
	// Versions are the labels of its versions, newest first.
	Versions []string
	// ConfigurationTemplates are the names of its templates, in creation
	// order.
	ConfigurationTemplates []string
	// ResourceLifecycleConfig are its version lifecycle settings.
	ResourceLifecycleConfig ApplicationResourceLifecycleConfig
}

// ApplicationVersionDescription describes an application version.
type ApplicationVersionDescription struct {
	ApplicationName       string
	VersionLabel          string
	ApplicationVersionArn string
	Description           string
	DateCreated           time.Time
	DateUpdated           time.Time
	// Status is "Processed": the simulator takes bundles as Go values,
	// which need no processing.
	Status string
}

// CreateApplicationInput is the input of [Service.CreateApplication].
type CreateApplicationInput struct {
	ApplicationName string // Required: 1 to 100 characters.
	Description     string // At most 200 characters.
	// Tags are the application's tags, at most MaxTags.
	Tags []Tag
	// ResourceLifecycleConfig, when set, are its version lifecycle
	// settings (see [Service.UpdateApplicationResourceLifecycle]).
	ResourceLifecycleConfig *ApplicationResourceLifecycleConfig
}

// CreateApplicationOutput is the output of [Service.CreateApplication].
type CreateApplicationOutput struct {
	Application ApplicationDescription
}

// CreateApplication creates an application.
//
// Errors: ErrInvalidParameterValue (a bad or taken name, a bad tag or
// lifecycle rule), ErrTooManyApplications, ErrTooManyTags.
func (s *Service) CreateApplication(ctx context.Context, in *CreateApplicationInput) (*CreateApplicationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	var lifecycle ApplicationResourceLifecycleConfig
	if in.ResourceLifecycleConfig != nil {
		if lifecycle, err = lifecycleOf(lifecycle, *in.ResourceLifecycleConfig); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.createApplicationLocked(in.ApplicationName, in.Description, in.Tags)
	if err != nil {
		return nil, err
	}
	a.lifecycle = lifecycle
	return &CreateApplicationOutput{Application: a.describe()}, nil
}

// createApplicationLocked checks and creates an application. s.mu must
// be held.
func (s *Service) createApplicationLocked(name, description string, tags []Tag) (*application, error) {
	tags, err := checkTags(nil, tags, nil, nil)
	if err != nil {
		return nil, err
	}
	switch {
	case name == "" || len(name) > 100:
		return nil, ErrInvalidParameterValue.With("Application name must be 1 to 100 characters.")
	case len(description) > 200:
		return nil, ErrInvalidParameterValue.With("Description must be at most 200 characters.")
	case s.appLocked(name) != nil:
		return nil, ErrInvalidParameterValue.With("Application %s already exists.", name)
	case len(s.apps) >= MaxApplications:
		return nil, ErrTooManyApplications.With("You have reached your quota of %d applications.", MaxApplications)
	}
	now := s.sched.Now()
	a := &application{desc: ApplicationDescription{
		ApplicationName: name, ApplicationArn: s.appARN(name).String(), Description: description,
		DateCreated: now, DateUpdated: now,
	}, tags: tags}
	s.apps = append(s.apps, a)
	return a, nil
}

// appLocked returns the application named name, or nil. s.mu must be
// held.
func (s *Service) appLocked(name string) *application {
	for _, a := range s.apps {
		if a.desc.ApplicationName == name {
			return a
		}
	}
	return nil
}

// lookupAppLocked returns the application named name, or the error AWS
// gives for one that does not exist. s.mu must be held.
func (s *Service) lookupAppLocked(name string) (*application, error) {
	if name == "" {
		return nil, ErrMissingParameter.With("ApplicationName is required.")
	}
	a := s.appLocked(name)
	if a == nil {
		return nil, ErrInvalidParameterValue.With("No Application named '%s' found.", name)
	}
	return a, nil
}

func (a *application) describe() ApplicationDescription {
	d := a.desc
	d.ResourceLifecycleConfig = a.lifecycle.clone()
	d.Versions, d.ConfigurationTemplates = nil, nil
	for k := len(a.versions) - 1; k >= 0; k-- {
		d.Versions = append(d.Versions, a.versions[k].desc.VersionLabel)
	}
	for _, t := range a.templates {
		d.ConfigurationTemplates = append(d.ConfigurationTemplates, t.name)
	}
	return d
}

// deleteVersion removes v from the application's versions.
func (a *application) deleteVersion(v *version) {
	a.versions = slices.DeleteFunc(a.versions, func(x *version) bool { return x == v })
}

// version returns the application's version labelled label, or nil.
func (a *application) version(label string) *version {
	for _, v := range a.versions {
		if v.desc.VersionLabel == label {
			return v
		}
	}
	return nil
}

// DescribeApplicationsInput is the input of
// [Service.DescribeApplications].
type DescribeApplicationsInput struct {
	// ApplicationNames, when given, are the applications to describe;
	// names of none are left out.
	ApplicationNames []string
}

// DescribeApplicationsOutput is the output of
// [Service.DescribeApplications].
type DescribeApplicationsOutput struct {
	Applications []ApplicationDescription
}

// DescribeApplications describes applications, in creation order.
func (s *Service) DescribeApplications(ctx context.Context, in *DescribeApplicationsInput) (*DescribeApplicationsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeApplicationsOutput{}
	for _, a := range s.apps {
		if len(in.ApplicationNames) == 0 || slices.Contains(in.ApplicationNames, a.desc.ApplicationName) {
			out.Applications = append(out.Applications, a.describe())
		}
	}
	return out, nil
}

// DeleteApplicationInput is the input of [Service.DeleteApplication].
type DeleteApplicationInput struct {
	ApplicationName string // Required.
	// TerminateEnvByForce terminates the application's running
	// environments; without it an application with one is not deleted.
	TerminateEnvByForce bool
}

// DeleteApplicationOutput is the output of [Service.DeleteApplication].
type DeleteApplicationOutput struct{}

// DeleteApplication deletes an application with its versions.
//
// Errors: ErrInvalidParameterValue (an application that does not exist),
// ErrOperationInProgress (running environments and no
// TerminateEnvByForce).
func (s *Service) DeleteApplication(ctx context.Context, in *DeleteApplicationInput) (*DeleteApplicationOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	a, err := s.lookupAppLocked(in.ApplicationName)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var running []string
	for _, e := range s.envs {
		if e.app == a && e.desc.Status != StatusTerminated {
			running = append(running, e.desc.EnvironmentName)
		}
	}
	if len(running) > 0 && !in.TerminateEnvByForce {
		s.mu.Unlock()
		return nil, ErrOperationInProgress.With("Unable to delete application %s because it has running environments: %v.", a.desc.ApplicationName, running)
	}
	s.apps = slices.DeleteFunc(s.apps, func(x *application) bool { return x == a })
	s.mu.Unlock()
	for _, name := range running {
		if _, err := s.TerminateEnvironment(ctx, &TerminateEnvironmentInput{EnvironmentName: name}); err != nil {
			return nil, err
		}
	}
	return &DeleteApplicationOutput{}, nil
}

// CreateApplicationVersionInput is the input of
// [Service.CreateApplicationVersion].
type CreateApplicationVersionInput struct {
	ApplicationName string // Required.
	VersionLabel    string // Required: 1 to 100 characters.
	Description     string // At most 200 characters.
	// SourceBundle is what the version deploys. Required: the simulator
	// has no sample application.
	SourceBundle *SourceBundle
	// AutoCreateApplication creates the application if it does not
	// exist.
	AutoCreateApplication bool
	// Tags are the version's tags, at most MaxTags.
	Tags []Tag
}

// CreateApplicationVersionOutput is the output of
// [Service.CreateApplicationVersion].
type CreateApplicationVersionOutput struct {
	ApplicationVersion ApplicationVersionDescription
}

// CreateApplicationVersion creates a version of an application.
//
// Errors: ErrInvalidParameterValue (a bad or taken label, an application
// that does not exist, a bad bundle or tag), ErrMissingParameter (no
// bundle), ErrTooManyApplicationVersions, ErrTooManyTags.
func (s *Service) CreateApplicationVersion(ctx context.Context, in *CreateApplicationVersionInput) (*CreateApplicationVersionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkBundle(in.SourceBundle); err != nil {
		return nil, err
	}
	tags, err := checkTags(nil, in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appLocked(in.ApplicationName)
	switch {
	case in.VersionLabel == "" || len(in.VersionLabel) > 100:
		return nil, ErrInvalidParameterValue.With("Version label must be 1 to 100 characters.")
	case len(in.Description) > 200:
		return nil, ErrInvalidParameterValue.With("Description must be at most 200 characters.")
	case a == nil && !in.AutoCreateApplication:
		_, err := s.lookupAppLocked(in.ApplicationName)
		return nil, err
	case a != nil && a.version(in.VersionLabel) != nil:
		return nil, ErrInvalidParameterValue.With("Application Version %s already exists.", in.VersionLabel)
	case s.versionCountLocked() >= MaxApplicationVersions:
		return nil, ErrTooManyApplicationVersions.With("You cannot have more than %d application versions.", MaxApplicationVersions)
	}
	if a == nil {
		if a, err = s.createApplicationLocked(in.ApplicationName, "", nil); err != nil {
			return nil, err
		}
	}
	now := s.sched.Now()
	v := &version{
		desc: ApplicationVersionDescription{
			ApplicationName: a.desc.ApplicationName, VersionLabel: in.VersionLabel, Description: in.Description,
			ApplicationVersionArn: arn.ApplicationVersion{Application: s.appARN(a.desc.ApplicationName), Label: in.VersionLabel}.String(),
			DateCreated:           now, DateUpdated: now, Status: "Processed",
		},
		bundle: *in.SourceBundle, tags: tags,
	}
	v.bundle.Cron = slices.Clone(in.SourceBundle.Cron)
	v.bundle.OptionSettings = slices.Clone(in.SourceBundle.OptionSettings)
	a.versions = append(a.versions, v)
	a.desc.DateUpdated = now
	s.applyLifecycleLocked(a)
	return &CreateApplicationVersionOutput{ApplicationVersion: v.desc}, nil
}

// checkBundle checks a source bundle: a server, tasks with names, paths
// and schedules, and option settings the package knows.
func checkBundle(b *SourceBundle) error {
	if b == nil || b.Server == nil {
		return ErrMissingParameter.With("A source bundle with a Server is required: the simulator has no sample application.")
	}
	for k, t := range b.Cron {
		switch {
		case t.Name == "" || t.URL == "" || t.Schedule == "":
			return ErrInvalidParameterValue.With("Invalid cron.yaml: every task needs a name, a url and a schedule.")
		case slices.ContainsFunc(b.Cron[:k], func(x CronTask) bool { return x.Name == t.Name }):
			return ErrInvalidParameterValue.With("Invalid cron.yaml: the task name %s is used twice.", t.Name)
		}
		if _, err := cron.Parse(t.Schedule); err != nil {
			return ErrInvalidParameterValue.With("Invalid cron.yaml: task %s: %v", t.Name, err)
		}
	}
	_, err := resolveOptions(b.OptionSettings)
	return err
}

// versionCountLocked counts the versions of every application. s.mu
// must be held.
func (s *Service) versionCountLocked() int {
	n := 0
	for _, a := range s.apps {
		n += len(a.versions)
	}
	return n
}

// DescribeApplicationVersionsInput is the input of
// [Service.DescribeApplicationVersions].
type DescribeApplicationVersionsInput struct {
	// ApplicationName, when set, is the application whose versions to
	// describe; otherwise every application's are.
	ApplicationName string
	// VersionLabels, when given, are the versions to describe.
	VersionLabels []string
}

// DescribeApplicationVersionsOutput is the output of
// [Service.DescribeApplicationVersions].
type DescribeApplicationVersionsOutput struct {
	ApplicationVersions []ApplicationVersionDescription
}

// DescribeApplicationVersions describes application versions, newest
// first within each application, applications in creation order.
func (s *Service) DescribeApplicationVersions(ctx context.Context, in *DescribeApplicationVersionsInput) (*DescribeApplicationVersionsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &DescribeApplicationVersionsOutput{}
	for _, a := range s.apps {
		if in.ApplicationName != "" && a.desc.ApplicationName != in.ApplicationName {
			continue
		}
		for k := len(a.versions) - 1; k >= 0; k-- {
			v := a.versions[k]
			if len(in.VersionLabels) == 0 || slices.Contains(in.VersionLabels, v.desc.VersionLabel) {
				out.ApplicationVersions = append(out.ApplicationVersions, v.desc)
			}
		}
	}
	return out, nil
}

// DeleteApplicationVersionInput is the input of
// [Service.DeleteApplicationVersion].
type DeleteApplicationVersionInput struct {
	ApplicationName string // Required.
	VersionLabel    string // Required.
}

// DeleteApplicationVersionOutput is the output of
// [Service.DeleteApplicationVersion].
type DeleteApplicationVersionOutput struct{}

// DeleteApplicationVersion deletes an application version that no
// environment runs.
//
// Errors: ErrInvalidParameterValue (an application or version that does
// not exist), ErrOperationInProgress (an environment runs it).
func (s *Service) DeleteApplicationVersion(ctx context.Context, in *DeleteApplicationVersionInput) (*DeleteApplicationVersionOutput, error) {
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
	v := a.version(in.VersionLabel)
	if v == nil {
		return nil, ErrInvalidParameterValue.With("No Application Version named '%s' found.", in.VersionLabel)
	}
	for _, e := range s.envs {
		if e.version == v && e.desc.Status != StatusTerminated {
			return nil, ErrOperationInProgress.With("Unable to delete application version %s because it is being used by environment %s.", in.VersionLabel, e.desc.EnvironmentName)
		}
	}
	a.deleteVersion(v)
	return &DeleteApplicationVersionOutput{}, nil
}
