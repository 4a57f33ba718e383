package cloudwatch

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// The forms CloudWatch writes numbers and instants in, in state reasons,
// reason data, history items and notifications.

// javaFloat formats v as Java's Double.toString does, which is how
// CloudWatch writes numbers in reasons and JSON: "3.0", "0.5",
// "38.395433048854194", "1.0E7".
func javaFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if a := math.Abs(v); a == 0 || (a >= 1e-3 && a < 1e7) {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(v, 'E', -1, 64) // 1E+07, 1.5E-05
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// reasonTime is the form of a datapoint's time in a state reason:
// "16/07/24 13:13:00".
func reasonTime(t time.Time) string { return t.UTC().Format("02/01/06 15:04:05") }

// jsonTime is the form of instants in reason data and notifications:
// "2024-07-16T13:14:42.817+0000".
func jsonTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000-0700") }

// regionNames are the names AWS writes in the Region of alarm
// notifications.
var regionNames = map[string]string{
	"us-east-1":      "US East (N. Virginia)",
	"us-east-2":      "US East (Ohio)",
	"us-west-1":      "US West (N. California)",
	"us-west-2":      "US West (Oregon)",
	"af-south-1":     "Africa (Cape Town)",
	"ap-east-1":      "Asia Pacific (Hong Kong)",
	"ap-south-1":     "Asia Pacific (Mumbai)",
	"ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-2": "Asia Pacific (Seoul)",
	"ap-northeast-3": "Asia Pacific (Osaka)",
	"ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
	"ca-central-1":   "Canada (Central)",
	"eu-central-1":   "EU (Frankfurt)",
	"eu-west-1":      "EU (Ireland)",
	"eu-west-2":      "EU (London)",
	"eu-west-3":      "EU (Paris)",
	"eu-north-1":     "EU (Stockholm)",
	"eu-south-1":     "EU (Milan)",
	"me-south-1":     "Middle East (Bahrain)",
	"sa-east-1":      "South America (Sao Paulo)",
}

// regionName returns the name of region in notifications, the code itself
// for a region the table does not have.
func regionName(region string) string {
	if n, ok := regionNames[region]; ok {
		return n
	}
	return region
}

// jnum is a number that JSON encodes as Java does, "3.0".
type jnum float64

// MarshalJSON encodes the number as [javaFloat] writes it.
func (n jnum) MarshalJSON() ([]byte, error) { return []byte(javaFloat(float64(n))), nil }

// marshal encodes v as JSON, without escaping <, > and &, as AWS writes
// its documents.
func marshal(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("cloudwatch: encoding JSON: " + err.Error()) // the values are ours: a bug
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// subject is the Subject of an alarm notification, as AWS writes it:
// `ALARM: "high-latency" in US East (N. Virginia)`, cut to SNS's limit of
// fewer than 100 characters for long alarm names.
func (s *Service) subject(d delivery) string {
	subject := string(d.state) + ": \"" + d.alarm + "\" in " + s.regionName
	if r := []rune(subject); len(r) > maxSubject {
		subject = string(r[:maxSubject])
	}
	return subject
}

// maxSubject is the longest subject SNS accepts: one less than 100.
const maxSubject = 99
