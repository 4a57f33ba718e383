package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"

	"github.com/google/uuid"
)

// Rand is a deterministic source of randomness: the same seed gives the same
// sequence of numbers, bytes and UUIDs on every run and every platform.
// Services take their randomness from a Rand (never from the global
// math/rand functions), so that one seed reproduces a whole simulation.
//
// A Rand is not safe for concurrent use; a service uses it under its lock.
type Rand struct {
	*rand.Rand
	seed uint64
}

// NewRand returns a Rand for seed.
func NewRand(seed uint64) *Rand {
	return &Rand{Rand: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed}
}

// Seed returns the seed the Rand was made from.
func (r *Rand) Seed() uint64 { return r.seed }

// Derive returns the seed of an independent stream named name under the
// root seed. Streams are derived by name, not drawn in sequence, so adding
// a service to a composed simulation does not change the numbers any other
// service sees.
func Derive(root uint64, name string) uint64 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], root)
	h := sha256.New()
	h.Write(b[:])
	h.Write([]byte(name))
	return binary.BigEndian.Uint64(h.Sum(nil))
}

// Stream returns a new Rand for the stream named name under this Rand's
// seed; see [Derive].
func (r *Rand) Stream(name string) *Rand { return NewRand(Derive(r.seed, name)) }

// Read fills p with pseudo-random bytes. It never fails.
func (r *Rand) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], r.Uint64())
		copy(p[i:], b[:])
	}
	return len(p), nil
}

// UUID returns a version-4 UUID made from this Rand's next 16 bytes. It is
// exactly the UUID that uuid.NewRandomFromReader(r) returns, built without
// the reader so that the 16 bytes need not escape to the heap: message IDs
// are made on the hot path of every send.
func (r *Rand) UUID() uuid.UUID {
	var id uuid.UUID
	binary.LittleEndian.PutUint64(id[0:], r.Uint64())
	binary.LittleEndian.PutUint64(id[8:], r.Uint64())
	id[6] = (id[6] & 0x0f) | 0x40 // version 4
	id[8] = (id[8] & 0x3f) | 0x80 // variant RFC 4122
	return id
}
