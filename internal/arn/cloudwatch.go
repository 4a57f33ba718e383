package arn

// maxAlarmName is the longest CloudWatch alarm name, in characters.
const maxAlarmName = 255

// Alarm is the ARN of a CloudWatch alarm, metric or composite:
// arn:aws:cloudwatch:Region:AccountID:alarm:Name.
type Alarm struct {
	// Partition is "aws" when empty.
	Partition, Region, AccountID string
	// Name is 1 to 255 characters of text; it may contain colons and
	// slashes.
	Name string
}

// String formats the alarm's ARN.
func (a Alarm) String() string {
	return "arn:" + partition(a.Partition) + ":cloudwatch:" + a.Region + ":" + a.AccountID + ":alarm:" + a.Name
}

// ParseAlarm parses the ARN of a CloudWatch alarm. The name is everything
// after "alarm:".
func ParseAlarm(s string) (Alarm, error) {
	const what = "CloudWatch alarm ARN"
	a, name, err := parseResource(s, "cloudwatch", what, "alarm:")
	if err != nil {
		return Alarm{}, err
	}
	if !isText(name, maxAlarmName) {
		return Alarm{}, malformed(s, what, "the alarm name is not 1 to 255 characters of text")
	}
	return Alarm{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID, Name: name}, nil
}
