package elb

import (
	"cmp"
	"slices"
	"strconv"
)

// maxPageSize is the largest PageSize of the Describe operations, and
// their page size unless one is given.
const maxPageSize = 400

// sortedBySeq returns the values of m in the order of seq, creation
// order, so that listings never depend on map order.
func sortedBySeq[T any](m map[string]T, seq func(T) uint64) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(seq(a), seq(b)) })
	return out
}

// paginate cuts one page from all: from the index the marker encodes, at
// most size items (maxPageSize when size is 0). The next marker is empty
// on the last page.
func paginate[T any](all []T, marker string, size int) (page []T, next string, err error) {
	if size == 0 {
		size = maxPageSize
	}
	if size < 1 || size > maxPageSize {
		return nil, "", ErrValidationError.With("page size %d is not from 1 to %d", size, maxPageSize)
	}
	start := 0
	if marker != "" {
		n, err := strconv.Atoi(marker)
		if err != nil || n < 0 || n > len(all) {
			return nil, "", ErrValidationError.With("marker %q is not a marker a previous call returned", marker)
		}
		start = n
	}
	end := min(start+size, len(all))
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return all[start:end], next, nil
}
