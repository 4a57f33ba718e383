package cloud

// MessageAttributeValue is the value of a message attribute, as SQS and SNS
// share it: DataType is "String", "Number" or "Binary" ("String.Array" for
// SNS), optionally followed by a custom label (".int", ".png"); String and
// Number values are in StringValue, Binary values in BinaryValue.
//
// sqs.MessageAttributeValue and sns.MessageAttributeValue are this type, so
// that attributes pass from a topic to its queues unchanged.
type MessageAttributeValue struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}
