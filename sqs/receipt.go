package sqs

import (
	"encoding/binary"
	"unsafe"
)

// A receipt handle names one receive of one message: the message's slot
// and arrival number, the receive count, and a tag that signs those and the
// queue with a key of the service's, so that a handle the service did not
// issue for this queue is told from one it did, however old. It is written
// in hex, which is cheaper to encode and decode than base64 on every
// receive and delete.

const (
	receiptLen     = 4 + 8 + 4 + 8
	receiptTextLen = 2 * receiptLen
)

type receipt struct {
	slot    uint32
	seq     uint64
	receive uint32
	tag     uint64
}

// receiptTag signs the fields of a receipt handle with the service's key.
func (s *Service) receiptTag(queueID uint32, seq uint64, receive uint32) uint64 {
	return mix64(s.receiptKey ^ mix64(uint64(queueID)<<32|uint64(receive)) ^ mix64(seq+0x9e3779b97f4a7c15))
}

// mix64 is the finaliser of SplitMix64: a bijection that spreads every bit
// of its input over its output.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// receiptHandle returns the handle of m's current receive on q, written
// to text (receiptTextLen bytes), which must not be written again.
func (s *Service) receiptHandle(q *queue, m *message, text []byte) string {
	receive := uint32(m.receiveCount)
	var b [receiptLen]byte
	binary.BigEndian.PutUint32(b[0:], uint32(m.slot))
	binary.BigEndian.PutUint64(b[4:], m.seq)
	binary.BigEndian.PutUint32(b[12:], receive)
	binary.BigEndian.PutUint64(b[16:], s.receiptTag(q.id, m.seq, receive))
	text = text[:receiptTextLen]
	encodeHex(text, b[:])
	return unsafe.String(&text[0], receiptTextLen)
}

// decodeReceipt parses a handle the service issued for q, and reports false
// for anything else.
func (s *Service) decodeReceipt(q *queue, h string) (receipt, bool) {
	if len(h) != receiptTextLen {
		return receipt{}, false
	}
	slot, ok1 := parseHex8(h[0:8])
	seqHi, ok2 := parseHex8(h[8:16])
	seqLo, ok3 := parseHex8(h[16:24])
	receive, ok4 := parseHex8(h[24:32])
	tagHi, ok5 := parseHex8(h[32:40])
	tagLo, ok6 := parseHex8(h[40:48])
	r := receipt{slot: slot, seq: uint64(seqHi)<<32 | uint64(seqLo), receive: receive, tag: uint64(tagHi)<<32 | uint64(tagLo)}
	ok := ok1 && ok2 && ok3 && ok4 && ok5 && ok6
	return r, ok && r.receive > 0 && r.tag == s.receiptTag(q.id, r.seq, r.receive)
}

// hexValues maps each byte to the value of the hex digit it is, either
// case, and every other byte to 0xFF.
var hexValues = func() (t [256]byte) {
	for i := range t {
		switch {
		case i >= '0' && i <= '9':
			t[i] = byte(i - '0')
		case i >= 'a' && i <= 'f':
			t[i] = byte(i - 'a' + 10)
		case i >= 'A' && i <= 'F':
			t[i] = byte(i - 'A' + 10)
		default:
			t[i] = 0xFF
		}
	}
	return t
}()

// parseHex8 returns the number that the eight hex digits of s (either
// case) write big-endian, as hex.Decode reads them, and reports whether
// all eight are digits. Each digit is one table lookup; a byte that is not
// a digit maps to 0xFF, which sets the high bits of the digits' union, so
// one test at the end decides (the number is then garbage, and unused).
func parseHex8(s string) (uint32, bool) {
	_ = s[7]
	h := &hexValues
	d0, d1, d2, d3 := h[s[0]], h[s[1]], h[s[2]], h[s[3]]
	d4, d5, d6, d7 := h[s[4]], h[s[5]], h[s[6]], h[s[7]]
	v := uint32(d0)<<28 | uint32(d1)<<24 | uint32(d2)<<20 | uint32(d3)<<16 |
		uint32(d4)<<12 | uint32(d5)<<8 | uint32(d6)<<4 | uint32(d7)
	return v, d0|d1|d2|d3|d4|d5|d6|d7 <= 0xF
}
