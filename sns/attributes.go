package sns

import (
	"maps"
	"slices"
	"strings"

	"github.com/awssim/awssim/cloud"
)

// MessageAttributeValue is a message attribute of a published message: a
// DataType of String, String.Array, Number or Binary (each optionally
// followed by "." and a custom label) and the value in StringValue, or in
// BinaryValue for Binary. It is [cloud.MessageAttributeValue], the type
// SQS shares, so that attributes pass to SQS subscribers with raw message
// delivery unchanged.
type MessageAttributeValue = cloud.MessageAttributeValue

// baseDataType returns the type of a message attribute's DataType without
// its custom label: "Number.float" is a "Number", "String.Array.x" a
// "String.Array", "Binary.gz" a "Binary"; a DataType of none of the four
// types is returned whole.
func baseDataType(t string) string {
	for _, base := range [...]string{"String.Array", "String", "Number", "Binary"} {
		if strings.HasPrefix(t, base) && (len(t) == len(base) || t[len(base)] == '.') {
			return base
		}
	}
	return t
}

// cloneAttributes returns a deep copy of attrs (BinaryValue included), so
// that what the service keeps does not change with the caller's map; nil
// for none.
func cloneAttributes(attrs map[string]MessageAttributeValue) map[string]MessageAttributeValue {
	if len(attrs) == 0 {
		return nil
	}
	out := maps.Clone(attrs)
	for name, v := range out {
		if v.BinaryValue != nil {
			v.BinaryValue = slices.Clone(v.BinaryValue)
			out[name] = v
		}
	}
	return out
}
