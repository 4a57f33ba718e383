package sns

import "github.com/awssim/awssim/sqs"

// MessageAttributeValue is a message attribute of a published message: a
// DataType of String, String.Array, Number or Binary (each optionally
// followed by "." and a custom label) and the value in StringValue, or in
// BinaryValue for Binary. It is the same type as SQS's, so that attributes
// pass to SQS subscribers with raw message delivery unchanged.
type MessageAttributeValue = sqs.MessageAttributeValue
