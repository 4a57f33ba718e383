package autoscaling

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/service"
)

// InstanceType is a row of the simulator's table of EC2 instance types:
// what an instance of the type has and what it costs. The prices are
// Linux prices of us-east-1 in US dollars per hour, used in every
// region.
type InstanceType struct {
	Name      string
	VCPUs     int
	MemoryGiB float64
	// Price is the on-demand price per hour.
	Price float64
	// SpotPrice is a typical Spot price per hour, about a third of the
	// on-demand one; it does not change over time.
	SpotPrice float64
}

// instanceTypes is the table of [InstanceTypes], by name.
var instanceTypes = map[string]InstanceType{}

func init() {
	for _, t := range []InstanceType{
		{"t3.nano", 2, 0.5, 0.0052, 0.0016},
		{"t3.micro", 2, 1, 0.0104, 0.0031},
		{"t3.small", 2, 2, 0.0208, 0.0062},
		{"t3.medium", 2, 4, 0.0416, 0.0125},
		{"t3.large", 2, 8, 0.0832, 0.025},
		{"m5.large", 2, 8, 0.096, 0.035},
		{"m5.xlarge", 4, 16, 0.192, 0.07},
		{"m5.2xlarge", 8, 32, 0.384, 0.14},
		{"c5.large", 2, 4, 0.085, 0.032},
		{"c5.xlarge", 4, 8, 0.17, 0.064},
		{"c5.2xlarge", 8, 16, 0.34, 0.128},
		{"r5.large", 2, 16, 0.126, 0.038},
		{"r5.xlarge", 4, 32, 0.252, 0.076},
	} {
		instanceTypes[t.Name] = t
	}
}

// InstanceTypes returns the instance types a launch template may name,
// by name.
func InstanceTypes() []InstanceType {
	out := make([]InstanceType, 0, len(instanceTypes))
	for _, t := range instanceTypes {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b InstanceType) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Worker is a program an instance runs that is not a web server: a
// queue consumer, a batch job. Auto Scaling starts it when the instance
// goes in service and stops it when the instance begins to terminate.
type Worker interface {
	// Busy returns the simulated time the worker has spent working since
	// it started, summed over its threads: what the instance's
	// CPUUtilization is computed from.
	Busy() time.Duration
	// Stop stops the worker. It is called once, without any lock of the
	// service held.
	Stop()
}

// LaunchTemplateData is what an instance is launched with. InstanceType
// is EC2's; Backend, Worker and BootTime stand for the AMI and its user
// data: what the instance runs and how long it takes to start.
type LaunchTemplateData struct {
	// ImageId is recorded and described; it changes nothing.
	ImageId string
	// InstanceType is one of [InstanceTypes]. A group needs it, from
	// the template or its overrides.
	InstanceType string
	// Backend, when set, makes the web server of each instance: the
	// service gives it to Elastic Load Balancing for the instance's ID
	// ([elb.Service.SetBackend]) when the instance goes in service,
	// whether or not the group has load balancers (a client can reach
	// the instance itself, [elb.Service.ServeHost]), and removes it when
	// the instance terminates. A Backend whose Workers is zero gets the instance
	// type's vCPUs: an instance works on as many requests at once as it
	// has vCPUs; its AvailabilityZone is always the instance's. It is
	// called without any lock of the service held.
	Backend func(instanceID string) elb.Backend
	// Worker, when set, starts the program of each instance when it goes
	// in service. It is called without any lock of the service held.
	Worker func(instanceID string) Worker
	// BootTime is how long an instance stays Pending before it can go in
	// service; zero means [DefaultBootTime].
	BootTime time.Duration
}

// merge returns d with every field that is not set filled from base, as
// CreateLaunchTemplateVersion builds a version from a SourceVersion.
func (d LaunchTemplateData) merge(base LaunchTemplateData) LaunchTemplateData {
	if d.ImageId == "" {
		d.ImageId = base.ImageId
	}
	if d.InstanceType == "" {
		d.InstanceType = base.InstanceType
	}
	if d.Backend == nil {
		d.Backend = base.Backend
	}
	if d.Worker == nil {
		d.Worker = base.Worker
	}
	if d.BootTime == 0 {
		d.BootTime = base.BootTime
	}
	return d
}

// Versions of a launch template a group may name besides a number.
const (
	VersionLatest  = "$Latest"
	VersionDefault = "$Default"
)

// launchTemplate is an EC2 launch template and its versions.
type launchTemplate struct {
	id, name       string
	created        time.Time
	versions       []LaunchTemplateVersion // version n at n-1
	defaultVersion int
	deleted        bool // by DeleteLaunchTemplate: groups that name it cannot launch
}

// LaunchTemplate describes a launch template.
type LaunchTemplate struct {
	LaunchTemplateId     string
	LaunchTemplateName   string
	CreateTime           time.Time
	DefaultVersionNumber int
	LatestVersionNumber  int
}

// LaunchTemplateVersion is one version of a launch template.
type LaunchTemplateVersion struct {
	LaunchTemplateId   string
	LaunchTemplateName string
	VersionNumber      int
	VersionDescription string
	DefaultVersion     bool
	CreateTime         time.Time
	LaunchTemplateData LaunchTemplateData
}

func (t *launchTemplate) describe() LaunchTemplate {
	return LaunchTemplate{
		LaunchTemplateId: t.id, LaunchTemplateName: t.name, CreateTime: t.created,
		DefaultVersionNumber: t.defaultVersion, LatestVersionNumber: len(t.versions),
	}
}

// version returns the version v names: a number, $Latest or $Default
// (also for an empty v).
func (t *launchTemplate) version(v string) (LaunchTemplateVersion, error) {
	if t.deleted {
		return LaunchTemplateVersion{}, ErrLaunchTemplateIdNotFound.With("The specified launch template, with template ID %s, does not exist.", t.id)
	}
	n := t.defaultVersion
	switch v {
	case "", VersionDefault:
	case VersionLatest:
		n = len(t.versions)
	default:
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return LaunchTemplateVersion{}, ErrInvalidLaunchTemplateVersion.With("The launch template version %q is malformed.", v)
		}
	}
	if n > len(t.versions) {
		return LaunchTemplateVersion{}, ErrLaunchTemplateVersionNotFound.With("Could not find launch template version %d of %s.", n, t.id)
	}
	out := t.versions[n-1]
	out.DefaultVersion = n == t.defaultVersion
	return out, nil
}

// launchTemplateName is what EC2 accepts as a launch template name.
var launchTemplateName = regexp.MustCompile(`^[a-zA-Z0-9().\-/_]{3,128}$`)

// maxVersionDescription is the longest VersionDescription.
const maxVersionDescription = 255

func checkTemplateData(d LaunchTemplateData) error {
	if d.InstanceType != "" {
		if _, ok := instanceTypes[d.InstanceType]; !ok {
			return ErrEC2InvalidParameterValue.With("The instance type '%s' is not supported by the simulator; see autoscaling.InstanceTypes.", d.InstanceType)
		}
	}
	if d.BootTime < 0 {
		return ErrEC2InvalidParameterValue.With("BootTime %v is negative.", d.BootTime)
	}
	return nil
}

// CreateLaunchTemplateInput is the input of [Service.CreateLaunchTemplate].
type CreateLaunchTemplateInput struct {
	// LaunchTemplateName is 3 to 128 letters, digits and ( ) . - / _.
	// Required.
	LaunchTemplateName string
	VersionDescription string
	LaunchTemplateData LaunchTemplateData
}

// CreateLaunchTemplateOutput is the output of [Service.CreateLaunchTemplate].
type CreateLaunchTemplateOutput struct {
	LaunchTemplate LaunchTemplate
}

// CreateLaunchTemplate creates a launch template with its version 1,
// which is its default version. It is an Amazon EC2 operation, here
// because Auto Scaling groups launch from templates.
//
// Errors: ErrEC2InvalidParameterValue (a bad name or instance type),
// ErrLaunchTemplateNameAlreadyExists.
func (s *Service) CreateLaunchTemplate(ctx context.Context, in *CreateLaunchTemplateInput) (*CreateLaunchTemplateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if !launchTemplateName.MatchString(in.LaunchTemplateName) {
		return nil, ErrEC2InvalidParameterValue.With("The launch template name %q is not 3 to 128 letters, digits and ( ) . - / _.", in.LaunchTemplateName)
	}
	if len(in.VersionDescription) > maxVersionDescription {
		return nil, ErrEC2InvalidParameterValue.With("The version description is longer than %d characters.", maxVersionDescription)
	}
	if err := checkTemplateData(in.LaunchTemplateData); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.templateBy[in.LaunchTemplateName] != nil {
		return nil, ErrLaunchTemplateNameAlreadyExists.With("Launch template name already in use.")
	}
	now := s.sched.Now()
	t := &launchTemplate{id: "lt-" + s.newHex(17), name: in.LaunchTemplateName, created: now, defaultVersion: 1}
	t.versions = []LaunchTemplateVersion{{
		LaunchTemplateId: t.id, LaunchTemplateName: t.name, VersionNumber: 1,
		VersionDescription: in.VersionDescription, CreateTime: now, LaunchTemplateData: in.LaunchTemplateData,
	}}
	s.templates[t.id] = t
	s.templateBy[t.name] = t
	return &CreateLaunchTemplateOutput{LaunchTemplate: t.describe()}, nil
}

// CreateLaunchTemplateVersionInput is the input of
// [Service.CreateLaunchTemplateVersion].
type CreateLaunchTemplateVersionInput struct {
	// LaunchTemplateId or LaunchTemplateName names the template; one is
	// required.
	LaunchTemplateId   string
	LaunchTemplateName string
	// SourceVersion, when set, is the version whose data fills in what
	// LaunchTemplateData leaves unset.
	SourceVersion      string
	VersionDescription string
	LaunchTemplateData LaunchTemplateData
}

// CreateLaunchTemplateVersionOutput is the output of
// [Service.CreateLaunchTemplateVersion].
type CreateLaunchTemplateVersionOutput struct {
	LaunchTemplateVersion LaunchTemplateVersion
}

// CreateLaunchTemplateVersion adds a version to a launch template, as
// its new $Latest; the default version stays as it was. Groups that
// launch from $Latest launch the new version from now on.
//
// Errors: ErrEC2InvalidParameterValue, ErrLaunchTemplateNameNotFound,
// ErrLaunchTemplateIdNotFound, ErrLaunchTemplateVersionNotFound (the
// source version), ErrInvalidLaunchTemplateVersion.
func (s *Service) CreateLaunchTemplateVersion(ctx context.Context, in *CreateLaunchTemplateVersionInput) (*CreateLaunchTemplateVersionOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.VersionDescription) > maxVersionDescription {
		return nil, ErrEC2InvalidParameterValue.With("The version description is longer than %d characters.", maxVersionDescription)
	}
	if err := checkTemplateData(in.LaunchTemplateData); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookupTemplateLocked(in.LaunchTemplateId, in.LaunchTemplateName)
	if err != nil {
		return nil, err
	}
	data := in.LaunchTemplateData
	if in.SourceVersion != "" {
		src, err := t.version(in.SourceVersion)
		if err != nil {
			return nil, err
		}
		data = data.merge(src.LaunchTemplateData)
	}
	v := LaunchTemplateVersion{
		LaunchTemplateId: t.id, LaunchTemplateName: t.name, VersionNumber: len(t.versions) + 1,
		VersionDescription: in.VersionDescription, CreateTime: s.sched.Now(), LaunchTemplateData: data,
	}
	t.versions = append(t.versions, v)
	return &CreateLaunchTemplateVersionOutput{LaunchTemplateVersion: v}, nil
}

// ModifyLaunchTemplateInput is the input of [Service.ModifyLaunchTemplate].
type ModifyLaunchTemplateInput struct {
	// LaunchTemplateId or LaunchTemplateName names the template; one is
	// required.
	LaunchTemplateId   string
	LaunchTemplateName string
	// DefaultVersion is the number of the version to make the default.
	// Required.
	DefaultVersion string
}

// ModifyLaunchTemplateOutput is the output of [Service.ModifyLaunchTemplate].
type ModifyLaunchTemplateOutput struct {
	LaunchTemplate LaunchTemplate
}

// ModifyLaunchTemplate sets a launch template's default version, which
// groups that launch from $Default (or name no version) launch from now
// on.
//
// Errors: ErrLaunchTemplateNameNotFound, ErrLaunchTemplateIdNotFound,
// ErrLaunchTemplateVersionNotFound, ErrInvalidLaunchTemplateVersion.
func (s *Service) ModifyLaunchTemplate(ctx context.Context, in *ModifyLaunchTemplateInput) (*ModifyLaunchTemplateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookupTemplateLocked(in.LaunchTemplateId, in.LaunchTemplateName)
	if err != nil {
		return nil, err
	}
	n, convErr := strconv.Atoi(in.DefaultVersion)
	if convErr != nil || n < 1 {
		return nil, ErrInvalidLaunchTemplateVersion.With("The default version %q is not a version number.", in.DefaultVersion)
	}
	if _, err := t.version(in.DefaultVersion); err != nil {
		return nil, err
	}
	t.defaultVersion = n
	return &ModifyLaunchTemplateOutput{LaunchTemplate: t.describe()}, nil
}

// DescribeLaunchTemplatesInput is the input of
// [Service.DescribeLaunchTemplates].
type DescribeLaunchTemplatesInput struct {
	// LaunchTemplateIds and LaunchTemplateNames, when given, are the
	// templates to describe; with neither, all are.
	LaunchTemplateIds   []string
	LaunchTemplateNames []string
}

// DescribeLaunchTemplatesOutput is the output of
// [Service.DescribeLaunchTemplates].
type DescribeLaunchTemplatesOutput struct {
	LaunchTemplates []LaunchTemplate
}

// DescribeLaunchTemplates describes launch templates, by name.
//
// Errors: ErrLaunchTemplateNameNotFound, ErrLaunchTemplateIdNotFound
// for a template named that does not exist.
func (s *Service) DescribeLaunchTemplates(ctx context.Context, in *DescribeLaunchTemplatesInput) (*DescribeLaunchTemplatesOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*launchTemplate
	for _, id := range in.LaunchTemplateIds {
		t, err := s.lookupTemplateLocked(id, "")
		if err != nil {
			return nil, err
		}
		found = append(found, t)
	}
	for _, name := range in.LaunchTemplateNames {
		t, err := s.lookupTemplateLocked("", name)
		if err != nil {
			return nil, err
		}
		found = append(found, t)
	}
	if len(in.LaunchTemplateIds)+len(in.LaunchTemplateNames) == 0 {
		for _, t := range s.templates {
			found = append(found, t)
		}
	}
	out := &DescribeLaunchTemplatesOutput{}
	for _, t := range found {
		out.LaunchTemplates = append(out.LaunchTemplates, t.describe())
	}
	slices.SortFunc(out.LaunchTemplates, func(a, b LaunchTemplate) int { return strings.Compare(a.LaunchTemplateName, b.LaunchTemplateName) })
	out.LaunchTemplates = slices.CompactFunc(out.LaunchTemplates, func(a, b LaunchTemplate) bool { return a.LaunchTemplateId == b.LaunchTemplateId })
	return out, nil
}

// lookupTemplateLocked finds a template by ID or, when id is empty, by
// name. s.mu must be held.
func (s *Service) lookupTemplateLocked(id, name string) (*launchTemplate, error) {
	switch {
	case id != "":
		if t := s.templates[id]; t != nil {
			return t, nil
		}
		return nil, ErrLaunchTemplateIdNotFound.With("The specified launch template, with template ID %s, does not exist.", id)
	case name != "":
		if t := s.templateBy[name]; t != nil {
			return t, nil
		}
		return nil, ErrLaunchTemplateNameNotFound.With("The specified launch template, with template name %s, does not exist.", name)
	}
	return nil, ErrEC2InvalidParameterValue.With("Either a launch template ID or a launch template name must be specified.")
}

// DeleteLaunchTemplateInput is the input of
// [Service.DeleteLaunchTemplate]: LaunchTemplateId or
// LaunchTemplateName, one of them.
type DeleteLaunchTemplateInput struct {
	LaunchTemplateId   string
	LaunchTemplateName string
}

// DeleteLaunchTemplateOutput is the output of
// [Service.DeleteLaunchTemplate].
type DeleteLaunchTemplateOutput struct {
	LaunchTemplate LaunchTemplate
}

// DeleteLaunchTemplate deletes a launch template with its versions. As
// in EC2, a group may still name it: its launches then fail.
//
// Errors: ErrLaunchTemplateNameNotFound, ErrLaunchTemplateIdNotFound,
// ErrEC2InvalidParameterValue (neither given).
func (s *Service) DeleteLaunchTemplate(ctx context.Context, in *DeleteLaunchTemplateInput) (*DeleteLaunchTemplateOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.lookupTemplateLocked(in.LaunchTemplateId, in.LaunchTemplateName)
	if err != nil {
		return nil, err
	}
	delete(s.templates, t.id)
	delete(s.templateBy, t.name)
	t.deleted = true
	return &DeleteLaunchTemplateOutput{LaunchTemplate: t.describe()}, nil
}
