package sqs

import (
	"encoding/binary"
	"encoding/hex"
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
	var b [receiptLen]byte
	if len(h) != receiptTextLen {
		return receipt{}, false
	}
	if _, err := hex.Decode(b[:], bytesOf(h)); err != nil {
		return receipt{}, false
	}
	r := receipt{
		slot:    binary.BigEndian.Uint32(b[0:]),
		seq:     binary.BigEndian.Uint64(b[4:]),
		receive: binary.BigEndian.Uint32(b[12:]),
		tag:     binary.BigEndian.Uint64(b[16:]),
	}
	return r, r.receive > 0 && r.tag == s.receiptTag(q.id, r.seq, r.receive)
}
