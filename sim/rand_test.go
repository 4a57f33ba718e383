package sim_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sim"
)

func draw(r *sim.Rand, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

// TestRandSameSeedGivesSameSequence.
func TestRandSameSeedGivesSameSequence(t *testing.T) {
	a, b := sim.NewRand(42), sim.NewRand(42)
	assert.Equal(t, draw(a, 100), draw(b, 100))
	assert.Equal(t, uint64(42), a.Seed())
}

// TestRandDifferentSeedsGiveDifferentSequences.
func TestRandDifferentSeedsGiveDifferentSequences(t *testing.T) {
	assert.NotEqual(t, draw(sim.NewRand(1), 10), draw(sim.NewRand(2), 10))
}

// TestRandSequenceIsPinned: the numbers for a seed are part of the
// determinism promise across versions; a change here changes every
// recorded simulation.
func TestRandSequenceIsPinned(t *testing.T) {
	assert.Equal(t, pinnedRand42, draw(sim.NewRand(42), 3))
}

// TestDeriveDiffersByName: independent streams for different names.
func TestDeriveDiffersByName(t *testing.T) {
	names := []string{"sqs", "sns", "lambda", "elb", "autoscaling", "beanstalk", ""}
	seen := map[uint64]string{}
	for _, name := range names {
		s := sim.Derive(7, name)
		if other, dup := seen[s]; dup {
			t.Fatalf("Derive(7, %q) == Derive(7, %q)", name, other)
		}
		seen[s] = name
	}
	assert.NotEqual(t, draw(sim.NewRand(sim.Derive(7, "sqs")), 10), draw(sim.NewRand(sim.Derive(7, "sns")), 10))
}

// TestDeriveDiffersByRoot.
func TestDeriveDiffersByRoot(t *testing.T) {
	assert.NotEqual(t, sim.Derive(1, "sqs"), sim.Derive(2, "sqs"))
}

// TestDeriveIsStableForSameName: the same root and name give the same seed,
// on every call and (pinned) across versions.
func TestDeriveIsStableForSameName(t *testing.T) {
	assert.Equal(t, sim.Derive(42, "sqs"), sim.Derive(42, "sqs"))
	assert.Equal(t, pinnedDerive42SQS, sim.Derive(42, "sqs"))
}

// TestStreamIsDeriveOfSeed: Rand.Stream is NewRand(Derive(seed, name)), and
// drawing from the parent first does not change it.
func TestStreamIsDeriveOfSeed(t *testing.T) {
	root := sim.NewRand(42)
	draw(root, 5)
	s := root.Stream("sqs")
	assert.Equal(t, sim.Derive(42, "sqs"), s.Seed())
	assert.Equal(t, draw(sim.NewRand(sim.Derive(42, "sqs")), 10), draw(s, 10))
}

// TestReadIsDeterministicForAnyLength: buffers that are not a multiple of
// eight bytes are filled completely and the same way for the same seed.
func TestReadIsDeterministicForAnyLength(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 13, 16, 33} {
		a, b := make([]byte, n), make([]byte, n)
		na, err := sim.NewRand(9).Read(a)
		require.NoError(t, err)
		assert.Equal(t, n, na)
		_, _ = sim.NewRand(9).Read(b)
		assert.Equal(t, a, b, "length %d", n)
		if n >= 8 {
			assert.NotEqual(t, make([]byte, n), a, "length %d filled", n)
		}
	}
}

// TestUUIDIsDeterministicAndVersion4.
func TestUUIDIsDeterministicAndVersion4(t *testing.T) {
	a, b := sim.NewRand(42), sim.NewRand(42)
	seen := map[uuid.UUID]bool{}
	for range 100 {
		id := a.UUID()
		assert.Equal(t, id, b.UUID(), "same seed, same UUIDs")
		assert.Equal(t, uuid.Version(4), id.Version())
		assert.Equal(t, uuid.RFC4122, id.Variant())
		assert.False(t, seen[id], "UUID %s repeated", id)
		seen[id] = true
	}
	assert.NotEqual(t, sim.NewRand(1).UUID(), sim.NewRand(2).UUID())
}

// TestUUIDIsPinned.
func TestUUIDIsPinned(t *testing.T) {
	assert.Equal(t, pinnedUUID42, sim.NewRand(42).UUID().String())
}

// Pinned values, recorded from the implementation when these tests were
// written. Update them only with a change that means to reseed every
// simulation.
var (
	pinnedRand42      = []uint64{8375123303004223536, 17942726603278046784, 13265587547573730305}
	pinnedDerive42SQS = uint64(0x0b623f529adbd408)
	pinnedUUID42      = "30b8a951-456a-4a74-80d6-56f2c75e01f9"
)
