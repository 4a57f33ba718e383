package elb

import (
	"context"
	"slices"

	"github.com/awssim/awssim/internal/service"
)

// tags are a resource's tags, in the order their keys were first added.
type tags []Tag

// checkTags returns have with add applied (a key that exists takes the
// new value), or the error AWS gives: a key given twice, an empty or
// over-long key, more than MaxTags in all.
func checkTags(have tags, add []Tag) (tags, error) {
	out := slices.Clone(have)
	for i, t := range add {
		switch {
		case t.Key == "" || len(t.Key) > 128:
			return nil, ErrValidationError.With("tag key %q is not 1 to 128 characters", t.Key)
		case len(t.Value) > 256:
			return nil, ErrValidationError.With("the value of tag %q is longer than 256 characters", t.Key)
		case slices.ContainsFunc(add[:i], func(u Tag) bool { return u.Key == t.Key }):
			return nil, ErrDuplicateTagKeysException.With("tag key %q is given twice", t.Key)
		}
		if j := slices.IndexFunc(out, func(u Tag) bool { return u.Key == t.Key }); j >= 0 {
			out[j].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, ErrTooManyTagsException.With("a resource has at most %d tags", MaxTags)
	}
	return out, nil
}

// AddTagsInput is the input of [Service.AddTags].
type AddTagsInput struct {
	// ResourceArns are ARNs of load balancers, target groups, listeners
	// or rules, at most 20. Required.
	ResourceArns []string
	Tags         []Tag // Required.
}

// AddTagsOutput is the output of [Service.AddTags].
type AddTagsOutput struct{}

// AddTags adds tags to resources, or changes the values of their
// existing keys.
//
// Errors: ErrValidationError, ErrDuplicateTagKeysException,
// ErrTooManyTagsException, and the not-found error of the resource's
// kind (ErrLoadBalancerNotFoundException and the like).
func (s *Service) AddTags(ctx context.Context, in *AddTagsInput) (*AddTagsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, ErrValidationError.With("at least one tag must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	targets, err := s.taggables(in.ResourceArns)
	if err != nil {
		return nil, err
	}
	updated := make([]tags, len(targets))
	for i, t := range targets {
		if updated[i], err = checkTags(*t, in.Tags); err != nil {
			return nil, err
		}
	}
	for i, t := range targets {
		*t = updated[i]
	}
	return &AddTagsOutput{}, nil
}

// RemoveTagsInput is the input of [Service.RemoveTags].
type RemoveTagsInput struct {
	ResourceArns []string // Required.
	TagKeys      []string // Required.
}

// RemoveTagsOutput is the output of [Service.RemoveTags].
type RemoveTagsOutput struct{}

// RemoveTags removes tags from resources by key; a key a resource lacks
// is ignored.
//
// Errors: ErrValidationError and the not-found error of the resource's
// kind.
func (s *Service) RemoveTags(ctx context.Context, in *RemoveTagsInput) (*RemoveTagsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if len(in.TagKeys) == 0 {
		return nil, ErrValidationError.With("at least one tag key must be specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	targets, err := s.taggables(in.ResourceArns)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		*t = slices.DeleteFunc(*t, func(u Tag) bool { return slices.Contains(in.TagKeys, u.Key) })
	}
	return &RemoveTagsOutput{}, nil
}

// DescribeTagsInput is the input of [Service.DescribeTags].
type DescribeTagsInput struct {
	ResourceArns []string // Required, at most 20.
}

// DescribeTagsOutput is the output of [Service.DescribeTags].
type DescribeTagsOutput struct {
	TagDescriptions []TagDescription
}

// TagDescription is the tags of one resource.
type TagDescription struct {
	ResourceArn string
	Tags        []Tag
}

// DescribeTags returns the tags of resources, in the order asked.
//
// Errors: ErrValidationError and the not-found error of the resource's
// kind.
func (s *Service) DescribeTags(ctx context.Context, in *DescribeTagsInput) (*DescribeTagsOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	targets, err := s.taggables(in.ResourceArns)
	if err != nil {
		return nil, err
	}
	out := &DescribeTagsOutput{}
	for i, t := range targets {
		out.TagDescriptions = append(out.TagDescriptions, TagDescription{ResourceArn: in.ResourceArns[i], Tags: slices.Clone(*t)})
	}
	return out, nil
}

// taggables returns the tags of each resource named. s.mu must be held.
func (s *Service) taggables(arns []string) ([]*tags, error) {
	if len(arns) == 0 || len(arns) > 20 {
		return nil, ErrValidationError.With("between 1 and 20 resource ARNs must be specified, not %d", len(arns))
	}
	out := make([]*tags, 0, len(arns))
	for _, a := range arns {
		switch {
		case s.loadBalancers[a] != nil:
			out = append(out, &s.loadBalancers[a].tags)
		case s.targetGroups[a] != nil:
			out = append(out, &s.targetGroups[a].tags)
		case s.listeners[a] != nil:
			out = append(out, &s.listeners[a].tags)
		case s.rules[a] != nil:
			out = append(out, &s.rules[a].tags)
		default:
			return nil, s.notFound(a)
		}
	}
	return out, nil
}
