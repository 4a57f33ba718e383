package sqs

import (
	"slices"
	"strings"
	"time"
)

// Pure validation of operation inputs. Each function returns nil or the
// *Error AWS returns for the first problem it finds, and changes nothing.

// validQueueName checks a queue name: 1 to 80 characters of letters,
// digits, hyphens and underscores, where a FIFO queue's name ends in
// ".fifo" (counted in the 80) and a standard queue's does not.
func validQueueName(name string, fifo bool) error {
	if name == "" {
		return ErrMissingParameter.With("The request must contain the parameter QueueName.")
	}
	base, isFifoName := strings.CutSuffix(name, ".fifo")
	switch {
	case isFifoName && !fifo:
		return ErrInvalidParameterValue.With("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length. The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	case fifo && !isFifoName:
		return ErrInvalidParameterValue.With("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	}
	if len(name) > 80 || base == "" || !isIDChars(base) {
		return ErrInvalidParameterValue.With("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	return nil
}

// isIDChars reports whether s has only letters, digits, hyphens and
// underscores, the alphabet of queue names and batch entry IDs.
func isIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isTokenChars reports whether s is 1 to 128 characters of letters, digits
// and ASCII punctuation: the alphabet of MessageGroupId,
// MessageDeduplicationId and ReceiveRequestAttemptId.
func isTokenChars(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", rune(c)) {
			return false
		}
	}
	return true
}

func invalidToken(param, v string) error {
	return ErrInvalidParameterValue.With("Value %s for parameter %s is invalid. Reason: %s can only include alphanumeric and punctuation characters. 1 to 128 in length.", v, param, param)
}

// validSeconds checks that an optional duration parameter is a whole number
// of seconds within [0, max].
func validSeconds(param string, d *time.Duration, max time.Duration) error {
	if d == nil {
		return nil
	}
	if *d < 0 || *d > max || *d%time.Second != 0 {
		return ErrInvalidParameterValue.With("Value %v for parameter %s is invalid. Reason: Must be a whole number of seconds >= 0 and <= %d, if provided.", *d, param, int(max/time.Second))
	}
	return nil
}

// validMessageAttributes checks up to 10 message attributes: their names,
// data types and values.
func validMessageAttributes(attrs map[string]MessageAttributeValue) error {
	if len(attrs) > MaxMessageAttributes {
		return ErrInvalidParameterValue.With("Number of message attributes [%d] exceeds the allowed maximum [%d].", len(attrs), MaxMessageAttributes)
	}
	for _, name := range sortedKeys(attrs) {
		if err := validAttributeName(name); err != nil {
			return err
		}
		if err := validAttributeValue(name, attrs[name]); err != nil {
			return err
		}
	}
	return nil
}

// validAttributeName checks a message attribute name: up to 256 letters,
// digits, underscores, hyphens and periods; no leading or trailing period,
// no two periods in a row, no "AWS." or "Amazon." prefix in any case.
func validAttributeName(name string) error {
	bad := func(reason string) error {
		return ErrInvalidParameterValue.With("Message (user) attribute name '%s' is invalid. Reason: %s", name, reason)
	}
	if name == "" {
		return ErrInvalidParameterValue.With("The request must contain non-empty message (user) attribute names.")
	}
	if len(name) > 256 {
		return bad("Message (user) attribute name must be shorter than 256 bytes.")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return bad("Can only include alphanumeric characters, hyphens, underscores, or dots.")
		}
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon."):
		return bad("Names starting with 'AWS.' or 'Amazon.' are reserved.")
	case name[0] == '.' || name[len(name)-1] == '.':
		return bad("Names cannot start or end with a period.")
	case strings.Contains(name, ".."):
		return bad("Names cannot contain successive periods.")
	}
	return nil
}

func validAttributeValue(name string, v MessageAttributeValue) error {
	base, label, _ := strings.Cut(v.DataType, ".")
	if v.DataType == "" {
		return ErrInvalidParameterValue.With("The message attribute '%s' must contain non-empty message attribute type.", name)
	}
	if len(v.DataType) > 256 || (strings.Contains(v.DataType, ".") && label == "") {
		return ErrInvalidParameterValue.With("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	switch base {
	case "String":
		if v.StringValue == "" {
			return ErrInvalidParameterValue.With("Message (user) attribute '%s' must contain a non-empty value of type 'String'.", name)
		}
		if !validBody(v.StringValue) {
			return ErrInvalidParameterValue.With("Message (user) attribute '%s' has a value with characters that are not allowed.", name)
		}
	case "Number":
		if v.StringValue == "" {
			return ErrInvalidParameterValue.With("Message (user) attribute '%s' must contain a non-empty value of type 'Number'.", name)
		}
		if !validNumber(v.StringValue) {
			return ErrInvalidParameterValue.With("Can't cast the value of message (user) attribute '%s' to a number.", name)
		}
	case "Binary":
		if len(v.BinaryValue) == 0 {
			return ErrInvalidParameterValue.With("Message (user) attribute '%s' must contain a non-empty value of type 'Binary'.", name)
		}
	default:
		return ErrInvalidParameterValue.With("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	return nil
}

// validNumber checks a Number attribute value: a decimal with an optional
// sign, fraction and exponent, of at most 38 significant digits, whose
// magnitude lies between 10^-128 and 10^+126.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, sig, sigNZ, leading, point := 0, 0, 0, true, -1
	var first byte // first significant digit
	exp10 := 0     // decimal exponent of the first significant digit
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if point >= 0 {
				return false
			}
			point = digits
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		digits++
		if leading && c == '0' {
			continue
		}
		if leading {
			leading, first = false, c
			if point >= 0 {
				exp10 = -(digits - point)
			} else {
				exp10 = 0
			}
		} else if point < 0 {
			exp10++
		}
		sig++
		if c != '0' {
			sigNZ = sig
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return false
		}
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return false
		}
		e := 0
		for ; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
			if e < 10000 {
				e = e*10 + int(s[i]-'0')
			}
		}
		if neg {
			e = -e
		}
		exp10 += e
	}
	if sig == 0 {
		return true // zero
	}
	// Trailing zeros are not significant.
	// The value is first.ddd × 10^exp10: at most 10^126 means below
	// exponent 126, or exactly 1 × 10^126.
	atMostMax := exp10 < 126 || (exp10 == 126 && first == '1' && sigNZ == 1)
	return sigNZ <= 38 && exp10 >= -128 && atMostMax
}

// validBatchEntries checks what every batch operation checks of its entry
// IDs before it looks at any entry: 1 to 10 entries, each ID valid, no ID
// twice.
func validBatchEntries(ids []string) error {
	switch {
	case len(ids) == 0:
		return ErrEmptyBatchRequest.With("There should be at least one entry in the request.")
	case len(ids) > MaxBatchEntries:
		return ErrTooManyEntriesInBatchRequest.With("Maximum number of entries per request are %d. You have sent %d.", MaxBatchEntries, len(ids))
	}
	for i, id := range ids {
		if id == "" || len(id) > 80 || !isIDChars(id) {
			return ErrInvalidBatchEntryId.With("A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if slices.Contains(ids[:i], id) { // at most 10 entries: no map needed
			return ErrBatchEntryIdsNotDistinct.With("Id %s repeated.", id)
		}
	}
	return nil
}
