// Package guard holds no code, only a test that keeps the module honest
// about time and randomness, as every service's package documentation promises.
//
// Its test parses every non-test Go file of the module outside sim/,
// examples/ and testdata, and fails when one of them
//
//   - uses a function of the time package that reads or waits on the wall
//     clock (time.Now, time.Since, time.Until, time.Sleep, time.After,
//     time.AfterFunc, time.NewTimer, time.NewTicker, time.Tick), since time
//     must come from an injected clock.Clock;
//   - uses a top-level function of math/rand or math/rand/v2 other than a
//     constructor (rand.Intn, rand.N, rand.Shuffle, …), since randomness
//     must come from a seeded sim.Rand;
//   - dot-imports either package, which would hide such uses;
//   - starts a goroutine outside a short, documented allow-list, since no
//     simulator starts goroutines of its own except to serve a blocking call.
//
// Imports are resolved by their local names, so an alias does not get past
// it. Run it with the rest of the tests: go test ./...
package guard
