package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/google/uuid"

	"github.com/awssim/awssim/cloud"
)

// MessageAttributeValue is the value of a message attribute. DataType is
// "String", "Number" or "Binary", optionally followed by a custom label
// (".int", ".png"); String and Number values are in StringValue, Binary
// values in BinaryValue. It is [cloud.MessageAttributeValue], the type SNS
// shares, so that attributes pass from topics to queues unchanged.
type MessageAttributeValue = cloud.MessageAttributeValue

// isBinary reports whether the value's data type is Binary or a Binary
// with a custom label.
func isBinary(v MessageAttributeValue) bool {
	return v.DataType == "Binary" || strings.HasPrefix(v.DataType, "Binary.")
}

// attributeSize is what an attribute counts toward the message size
// limit: its name, data type and value.
func attributeSize(name string, v MessageAttributeValue) int {
	return len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
}

// md5Hex returns the lower-case hex MD5 of b.
func md5Hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// hexDigits holds the two lower-case hex digits of every byte value, in
// the order they are written, so that encodeHex stores each byte's text
// with one load and one store.
var hexDigits = func() (t [256]uint16) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = uint16(digits[i>>4]) | uint16(digits[i&15])<<8
	}
	return t
}()

// encodeHex writes the lower-case hex of src to dst, which must hold
// 2*len(src) bytes, as hex.Encode does, a byte pair at a time.
func encodeHex(dst, src []byte) {
	dst = dst[:2*len(src)]
	for i, v := range src {
		binary.LittleEndian.PutUint16(dst[2*i:], hexDigits[v])
	}
}

// Lengths of the texts a message keeps in message.text.
const (
	uuidLen   = 36
	md5HexLen = 2 * md5.Size
)

// setID sets the message's ID to the text form of u
// (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), as uuid.UUID.String writes
// it, in m.text.
func (m *message) setID(u uuid.UUID) {
	b := m.text[:uuidLen]
	encodeHex(b[0:8], u[0:4])
	b[8] = '-'
	encodeHex(b[9:13], u[4:6])
	b[13] = '-'
	encodeHex(b[14:18], u[6:8])
	b[18] = '-'
	encodeHex(b[19:23], u[8:10])
	b[23] = '-'
	encodeHex(b[24:], u[10:])
}

// id returns the message's ID, set by setID.
func (m *message) id() string { return unsafe.String(&m.text[0], uuidLen) }

// setBodyMD5 writes the MD5OfBody of the message's body to m.text.
func (m *message) setBodyMD5() {
	sum := md5.Sum(bytesOf(m.body))
	encodeHex(m.text[uuidLen:], sum[:])
	m.hasMD5 = true
}

// digest returns the message's MD5OfBody when it has been computed, and
// "" otherwise.
func (m *message) digest() string {
	if !m.hasMD5 {
		return ""
	}
	return unsafe.String(&m.text[uuidLen], md5HexLen)
}

// bytesOf returns the bytes of s without copying them, for functions that
// only read their input (hashing, decoding) on the hot path. The result
// must never be written to.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// bodyMD5 returns the message's MD5OfBody, computing it on first use for a
// message that was sent without digests (a delivery by ARN, a move
// task). The caller holds the service's lock.
func (m *message) bodyMD5() string {
	if !m.hasMD5 {
		m.setBodyMD5()
	}
	return m.digest()
}

// md5OfAttributes returns MD5OfMessageAttributes as AWS computes it, or ""
// when there are no attributes: the attributes sorted by name; for each, the
// name, then the data type, each as a 4-byte big-endian length and its
// UTF-8 bytes; one transport byte (1 for String and Number, 2 for Binary);
// the value as a 4-byte length and its bytes. The digest is of the whole
// buffer.
func md5OfAttributes(attrs map[string]MessageAttributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	var buf []byte
	field := func(b []byte) {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	for _, name := range sortedKeys(attrs) {
		v := attrs[name]
		field([]byte(name))
		field([]byte(v.DataType))
		if isBinary(v) {
			buf = append(buf, 2)
			field(v.BinaryValue)
		} else {
			buf = append(buf, 1)
			field([]byte(v.StringValue))
		}
	}
	return md5Hex(buf)
}

// validBody reports whether every character of body is one SQS accepts:
// #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to
// #x10FFFF. Invalid UTF-8 is refused too.
func validBody(body string) bool {
	b := bytesOf(body)
	i := 0
	for {
		// Skip printable ASCII (0x20 to 0x7F), 32 bytes at a time while
		// all are, then eight at a time to the first byte that is not.
		for ; i+32 <= len(b); i += 32 {
			w := b[i : i+32]
			le := binary.LittleEndian
			if notPrintableASCII(le.Uint64(w[0:]))|notPrintableASCII(le.Uint64(w[8:]))|
				notPrintableASCII(le.Uint64(w[16:]))|notPrintableASCII(le.Uint64(w[24:])) != 0 {
				break
			}
		}
		for ; i+8 <= len(b); i += 8 {
			if m := notPrintableASCII(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
		}
		if i >= len(body) {
			return true
		}
		c := body[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(body[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		if (r >= 0xD800 && r < 0xE000) || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
}

// notPrintableASCII returns, for the eight bytes of w (a little-endian
// word of a string), a mask whose lowest set bit is the top bit of the
// first byte outside 0x20 to 0x7F; 0 when all eight are inside. Such a
// byte has its top bit set, or is below 0x20, and then subtracting 0x20
// from it borrows into its top bit. Bits above the lowest may be wrong
// (borrows from a flagged byte), so only the lowest is to be used.
func notPrintableASCII(w uint64) uint64 {
	const highs, spaces = 0x8080808080808080, 0x2020202020202020
	return (w | (w - spaces)) & highs
}

// copyAttributes returns a deep copy of attrs (BinaryValue included), so
// that what a message keeps does not change with the caller's map.
func copyAttributes(attrs map[string]MessageAttributeValue) map[string]MessageAttributeValue {
	c := make(map[string]MessageAttributeValue, len(attrs))
	for k, v := range attrs {
		if v.BinaryValue != nil {
			v.BinaryValue = append([]byte(nil), v.BinaryValue...)
		}
		c[k] = v
	}
	return c
}
