package beanstalk

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/awssim/awssim/elb"
	"github.com/awssim/awssim/internal/arn"
	"github.com/awssim/awssim/internal/service"
)

// Tag is a key and value applied to a resource: an application, an
// application version, an environment or a configuration template.
type Tag struct {
	Key   string // 1 to 128 characters.
	Value string // 1 to 256 characters.
}

// MaxTags is the most tags a resource has. An environment's three
// default tags count: it takes 47 of its own.
const MaxTags = 50

// The default tags of an environment, which Elastic Beanstalk applies
// and no one may change or remove: its name, its ID, and its name again
// as Name.
const (
	TagEnvironmentName = "elasticbeanstalk:environment-name"
	TagEnvironmentID   = "elasticbeanstalk:environment-id"
	TagName            = "Name"
)

// defaultTagKeys are the keys of an environment's default tags.
var defaultTagKeys = []string{TagEnvironmentName, TagEnvironmentID, TagName}

// tagText is what tag keys and values are made of: letters, numbers,
// white space and _ . : / = + - @.
var tagText = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// environmentTags are the default tags of environment e.
func environmentTags(e *environment) []Tag {
	return []Tag{
		{Key: TagEnvironmentName, Value: e.desc.EnvironmentName},
		{Key: TagEnvironmentID, Value: e.desc.EnvironmentId},
		{Key: TagName, Value: e.desc.EnvironmentName},
	}
}

// checkTags returns have with add applied (a key that exists takes the
// new value) and the keys of remove removed (a key it does not have is
// passed over), or AWS's error: a malformed tag, a key given twice, a
// key of the reserved prefixes aws: and elasticbeanstalk:, one of the
// fixed keys (an environment's defaults), more than MaxTags in all.
// have is not changed.
func checkTags(have, add []Tag, remove, fixed []string) ([]Tag, error) {
	for _, k := range remove {
		if slices.Contains(fixed, k) {
			return nil, ErrInvalidParameterValue.With("The tag %s is Elastic Beanstalk's: it cannot be removed.", k)
		}
	}
	out := slices.DeleteFunc(slices.Clone(have), func(t Tag) bool { return slices.Contains(remove, t.Key) })
	for i, t := range add {
		lower := strings.ToLower(t.Key)
		switch {
		case t.Key == "" || utf8.RuneCountInString(t.Key) > 128 || !tagText.MatchString(t.Key):
			return nil, ErrInvalidParameterValue.With("Tag key '%s' must be 1 to 128 letters, numbers, white space and _ . : / = + - @.", t.Key)
		case t.Value == "" || utf8.RuneCountInString(t.Value) > 256 || !tagText.MatchString(t.Value):
			return nil, ErrInvalidParameterValue.With("The value of tag '%s' must be 1 to 256 letters, numbers, white space and _ . : / = + - @.", t.Key)
		case slices.Contains(fixed, t.Key):
			return nil, ErrInvalidParameterValue.With("The tag %s is Elastic Beanstalk's: it cannot be changed.", t.Key)
		case strings.HasPrefix(lower, "aws:") || strings.HasPrefix(lower, "elasticbeanstalk:"):
			return nil, ErrInvalidParameterValue.With("Tag key '%s' has a reserved prefix: aws: and elasticbeanstalk: are AWS's.", t.Key)
		case slices.ContainsFunc(add[:i], func(u Tag) bool { return u.Key == t.Key }):
			return nil, ErrInvalidParameterValue.With("Tag key '%s' is given twice.", t.Key)
		}
		if j := slices.IndexFunc(out, func(u Tag) bool { return u.Key == t.Key }); j >= 0 {
			out[j].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, ErrTooManyTags.With("A resource can have at most %d tags.", MaxTags)
	}
	return out, nil
}

// elbTags are tags as Elastic Load Balancing takes them.
func elbTags(tags []Tag) []elb.Tag {
	out := make([]elb.Tag, len(tags))
	for k, t := range tags {
		out[k] = elb.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// taggedLocked returns where the tags of the resource resourceARN names
// are kept, the keys no one may change there, and the resource's
// environment when it is one; or AWS's error. s.mu must be held.
func (s *Service) taggedLocked(resourceARN string) (*[]Tag, []string, *environment, error) {
	a, err := arn.Parse(resourceARN)
	if err != nil || a.Service != "elasticbeanstalk" {
		return nil, nil, nil, ErrInvalidParameterValue.With("%s is not the ARN of an Elastic Beanstalk resource.", resourceARN)
	}
	notFound := ErrResourceNotFound.With("Resource %s not found.", resourceARN)
	if a.Region != s.region || a.AccountID != s.accountID {
		return nil, nil, nil, notFound
	}
	malformed := func(err error) error {
		return ErrInvalidParameterValue.With("The ARN %s is not valid: %v", resourceARN, err)
	}
	kind, _, _ := strings.Cut(a.Resource, "/")
	switch kind {
	case "application":
		p, err := arn.ParseApplication(resourceARN)
		if err != nil {
			return nil, nil, nil, malformed(err)
		}
		if app := s.appLocked(p.Name); app != nil {
			return &app.tags, nil, nil, nil
		}
	case "applicationversion":
		p, err := arn.ParseApplicationVersion(resourceARN)
		if err != nil {
			return nil, nil, nil, malformed(err)
		}
		if app := s.appLocked(p.Application.Name); app != nil {
			if v := app.version(p.Label); v != nil {
				return &v.tags, nil, nil, nil
			}
		}
	case "configurationtemplate":
		p, err := arn.ParseConfigurationTemplate(resourceARN)
		if err != nil {
			return nil, nil, nil, malformed(err)
		}
		if app := s.appLocked(p.Application.Name); app != nil {
			if t := app.template(p.Name); t != nil {
				return &t.tags, nil, nil, nil
			}
		}
	case "environment":
		p, err := arn.ParseEnvironment(resourceARN)
		if err != nil {
			return nil, nil, nil, malformed(err)
		}
		for _, e := range s.envs {
			if e.desc.Status != StatusTerminated && e.desc.ApplicationName == p.Application.Name && e.desc.EnvironmentName == p.Name {
				return &e.tags, defaultTagKeys, e, nil
			}
		}
	default:
		return nil, nil, nil, ErrResourceTypeNotSupported.With("Tagging is not supported for the resource type %s.", kind)
	}
	return nil, nil, nil, notFound
}

// ListTagsForResourceInput is the input of [Service.ListTagsForResource].
type ListTagsForResourceInput struct {
	// ResourceArn is the ARN of an application, application version,
	// environment or configuration template. Required.
	ResourceArn string
}

// ListTagsForResourceOutput is the output of
// [Service.ListTagsForResource].
type ListTagsForResourceOutput struct {
	ResourceArn string
	// ResourceTags are the resource's tags, in the order their keys were
	// first applied; an environment's defaults first.
	ResourceTags []Tag
}

// ListTagsForResource lists the tags of a resource.
//
// Errors: ErrResourceNotFound (no such resource, or a terminated
// environment), ErrResourceTypeNotSupported (an Elastic Beanstalk ARN
// of a kind that takes no tags here), ErrInvalidParameterValue (not an
// Elastic Beanstalk ARN), ErrMissingParameter.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.ResourceArn == "" {
		return nil, ErrMissingParameter.With("ResourceArn is required.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, _, _, err := s.taggedLocked(in.ResourceArn)
	if err != nil {
		return nil, err
	}
	return &ListTagsForResourceOutput{ResourceArn: in.ResourceArn, ResourceTags: slices.Clone(*tags)}, nil
}

// UpdateTagsForResourceInput is the input of
// [Service.UpdateTagsForResource]: TagsToAdd, TagsToRemove or both.
type UpdateTagsForResourceInput struct {
	// ResourceArn is the ARN of an application, application version,
	// environment or configuration template. Required.
	ResourceArn string
	// TagsToAdd are tags to add, or to give a new value.
	TagsToAdd []Tag
	// TagsToRemove are the keys of tags to remove; a key the resource
	// does not have is passed over.
	TagsToRemove []string
}

// UpdateTagsForResourceOutput is the output of
// [Service.UpdateTagsForResource].
type UpdateTagsForResourceOutput struct{}

// UpdateTagsForResource adds, changes and removes tags of a resource,
// the removals first. An environment's tags go on to the load balancer
// and target group it created, at once.
//
// Errors: ErrTooManyTags (more than MaxTags), ErrResourceNotFound,
// ErrResourceTypeNotSupported, ErrInvalidParameterValue (a malformed
// tag or ARN, a reserved prefix, an environment's default tag),
// ErrMissingParameter (no ARN, or nothing to add or remove).
func (s *Service) UpdateTagsForResource(ctx context.Context, in *UpdateTagsForResourceInput) (*UpdateTagsForResourceOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	switch {
	case in.ResourceArn == "":
		return nil, ErrMissingParameter.With("ResourceArn is required.")
	case len(in.TagsToAdd) == 0 && len(in.TagsToRemove) == 0:
		return nil, ErrMissingParameter.With("Specify at least one of TagsToAdd and TagsToRemove.")
	}
	s.mu.Lock()
	tags, fixed, e, err := s.taggedLocked(in.ResourceArn)
	if err == nil {
		var updated []Tag
		if updated, err = checkTags(*tags, in.TagsToAdd, in.TagsToRemove, fixed); err == nil {
			*tags = updated
		}
	}
	var lower []string // the environment's load balancer and target group
	if err == nil && e != nil && !e.classic {
		lower = slices.DeleteFunc([]string{e.loadBalancer, e.targetGroup}, func(a string) bool { return a == "" })
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if len(lower) > 0 {
		if len(in.TagsToRemove) > 0 {
			s.lbs.RemoveTags(ctx, &elb.RemoveTagsInput{ResourceArns: lower, TagKeys: in.TagsToRemove})
		}
		if len(in.TagsToAdd) > 0 {
			s.lbs.AddTags(ctx, &elb.AddTagsInput{ResourceArns: lower, Tags: elbTags(in.TagsToAdd)})
		}
	}
	return &UpdateTagsForResourceOutput{}, nil
}
