package server

import (
	"encoding/hex"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The decoder reads the examples of RFC 8949, Appendix A, that the
// protocol can send.
func TestDecodeCBORReadsTheRFCExamples(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want any
	}{
		{"00", int64(0)},
		{"1903e8", int64(1000)},
		{"1bffffffffffffffff", float64(math.MaxUint64)},
		{"3903e7", int64(-1000)},
		{"f93c00", 1.0},
		{"f97bff", 65504.0},
		{"fa47c35000", 100000.0},
		{"fb3ff199999999999a", 1.1},
		{"f4", false},
		{"f5", true},
		{"f6", nil},
		{"6449455446", "IETF"},
		{"62c3bc", "ü"},
		{"4401020304", []byte{1, 2, 3, 4}},
		{"83010203", []any{int64(1), int64(2), int64(3)}},
		{"a26161016162820203", map[string]any{"a": int64(1), "b": []any{int64(2), int64(3)}}},
		{"5f42010243030405ff", []byte{1, 2, 3, 4, 5}},
		{"7f657374726561646d696e67ff", "streaming"},
		{"9fff", []any{}},
		{"bf61610161629f0203ffff", map[string]any{"a": int64(1), "b": []any{int64(2), int64(3)}}},
		{"c11a514b67b0", time.Unix(1363896240, 0).UTC()},
		{"c1fb41d452d9ec200000", time.Unix(1363896240, 5e8).UTC()},
	} {
		b, _ := hex.DecodeString(c.hex)
		got, err := decodeCBOR(b)
		require.NoError(t, err, c.hex)
		assert.Equal(t, c.want, got, c.hex)
	}
}

// Malformed documents are SerializationExceptions, never a panic.
func TestDecodeCBORRefusesMalformedDocuments(t *testing.T) {
	for _, h := range []string{"", "18", "62c3", "a10102", "ff", "1c", "0000", "7f01ff", "62ffff"} {
		b, _ := hex.DecodeString(h)
		_, err := decodeCBOR(b)
		assert.ErrorIs(t, err, errSerialization, h)
	}
}

// What the writer writes, the decoder reads back.
func TestCBORWriterRoundTrips(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 1, 250e6, time.UTC)
	w := &cborWriter{}
	w.beginMap()
	w.str("Label", "Latency")
	w.int("Period", -60)
	w.float("Threshold", 1.5)
	w.bool("ActionsEnabled", true)
	w.time("At", at)
	w.strings("Empty", nil)
	w.key("List")
	w.beginList()
	for range 30 {
		w.beginMap()
		w.str("k", "v")
		w.end()
	}
	w.end()
	w.end()
	got, err := decodeCBOR(w.b)
	require.NoError(t, err)
	m := got.(map[string]any)
	assert.Equal(t, "Latency", m["Label"])
	assert.Equal(t, int64(-60), m["Period"])
	assert.Equal(t, 1.5, m["Threshold"])
	assert.Equal(t, true, m["ActionsEnabled"])
	assert.Equal(t, at, m["At"])
	assert.Equal(t, []any{}, m["Empty"])
	assert.Len(t, m["List"], 30)
}

// No document makes the decoder panic or loop.
func FuzzDecodeCBOR(f *testing.F) {
	for _, h := range []string{"a26161016162820203", "bf61610161629f0203ffff", "c1fb41d452d9ec200000", "5f42010243030405ff", "9f9f9f9fffffffff"} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeCBOR(b)
	})
}
