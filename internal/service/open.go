package service

import (
	"context"

	"github.com/awssim/awssim/internal/input"
)

// Open is how every operation begins: a nil input is treated as an empty
// one, as the AWS SDKs do (so that it fails validation with an AWS error
// instead of panicking), then a done context ends the call with its error,
// unchanged.
func Open[T any](ctx context.Context, in *T) (*T, error) {
	return input.OrEmpty(in), ctx.Err()
}
