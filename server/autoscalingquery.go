package server

import (
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/awserr"
)

// What the query handlers of Auto Scaling, Elastic Beanstalk and EC2
// share: serving an action, the readers and writers of lists of members,
// numbers, flags, timestamps and durations in seconds, and the NextToken
// and MaxRecords of their listings.

// errInvalidNextToken is the query services' refusal of a NextToken that
// no listing gave (Auto Scaling's InvalidNextToken, which Elastic
// Beanstalk shares).
var errInvalidNextToken = awserr.New("InvalidNextToken", http.StatusBadRequest)

// intPtr reads an optional integer parameter, nil when absent.
func (f *form) intPtr(name string) *int {
	n, ok := f.integer(name)
	if !ok {
		return nil
	}
	return &n
}

// boolPtr reads an optional boolean parameter, nil when absent.
func (f *form) boolPtr(name string) *bool {
	if !f.has(name) {
		return nil
	}
	b := f.boolean(name)
	return &b
}

// float reads an optional number parameter, nil when absent; NaN and
// the infinities, which no AWS number is, are refused.
func (f *form) float(name string) *float64 {
	s := f.get(name)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		if f.err == nil {
			f.err = errInvalidQueryParam.With("Value (%s) for parameter %s is invalid. Must be a number.", s, name)
		}
		return nil
	}
	return &v
}

// duration reads a parameter of whole seconds, zero when absent.
func (f *form) duration(name string) time.Duration {
	if d := f.seconds(name); d != nil {
		return *d
	}
	return 0
}

// timestamp reads an ISO 8601 timestamp parameter, as the SDKs write
// them (2026-03-02T09:00:00Z, with or without fractional seconds), zero
// when absent.
func (f *form) timestamp(name string) time.Time {
	s := f.get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && f.err == nil {
		f.err = errInvalidQueryParam.With("Value (%s) for parameter %s is invalid. Must be an ISO 8601 timestamp.", s, name)
	}
	return t
}

// members reads a list of strings NAME.member.N, N from 1.
func (f *form) members(name string) []string { return f.list(name + ".member.") }

// structs calls entry with the prefix of each member of a list of
// structures, NAME.member.N., N from 1, while one has any parameter.
func (f *form) structs(name string, entry func(p string)) { f.entries(name+".member", entry) }

// intMembers reads a list of integers NAME.member.N.
func (f *form) intMembers(name string) []int {
	var list []int
	for i := 1; ; i++ {
		n, ok := f.integer(name + ".member." + strconv.Itoa(i))
		if !ok {
			return list
		}
		list = append(list, n)
	}
}

// page is the part of a listing of n items that a request's NextToken and
// MaxRecords ask for: items [start, end), and the token of the rest ("" at
// the end). MaxRecords is def when absent and at most max. A token names
// the next item by its key (keyAt gives the key of item i) and its
// position, opaque to clients: the next page starts at that item wherever
// it is now, so that items added or removed meanwhile before it (new
// activities come first) neither repeat nor skip any, or, when it is
// gone, at its old position.
func (f *form) page(n, def, max int, keyAt func(int) string) (start, end int, next string, err error) {
	size := def
	if m, ok := f.integer("MaxRecords"); ok {
		if m < 1 || m > max {
			return 0, 0, "", errValidation.With("1 validation error detected: Value '%d' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and %d", m, max)
		}
		size = m
	}
	if f.err != nil {
		return 0, 0, "", f.err
	}
	if t := f.get("NextToken"); t != "" {
		raw, derr := base64.RawURLEncoding.DecodeString(t)
		p, key, ok := strings.Cut(string(raw), "/")
		pos, perr := strconv.Atoi(p)
		if derr != nil || !ok || perr != nil || pos < 0 {
			return 0, 0, "", errInvalidNextToken.With("The token '%s' is invalid.", t)
		}
		start = min(pos, n)
		if start == n || keyAt(start) != key {
			for i := range n {
				if keyAt(i) == key {
					start = i
					break
				}
			}
		}
	}
	end = min(start+size, n)
	if end < n {
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end) + "/" + keyAt(end)))
	}
	return start, end, next, nil
}

// writeMembers writes list as <name> with a <member> of each item, whose
// members write writes.
func writeMembers[T any](x *xmlWriter, name string, list []T, write func(*T)) {
	x.open(name)
	for i := range list {
		x.open("member")
		write(&list[i])
		x.close("member")
	}
	x.close(name)
}

// writePage writes the page of list that the request's MaxRecords (def
// when absent, at most max) and NextToken ask for, as [writeMembers] does,
// and the NextToken of the rest, which names the next item by key.
func writePage[T any](f *form, x *xmlWriter, name string, list []T, def, max int, key func(*T) string, write func(*T)) error {
	start, end, next, err := f.page(len(list), def, max, func(i int) string { return key(&list[i]) })
	if err != nil {
		return err
	}
	writeMembers(x, name, list[start:end], write)
	x.optional("NextToken", next)
	return nil
}

// errValidation is the ValidationError of the query services' front end
// for a parameter out of its bounds.
var errValidation = awserr.New("ValidationError", http.StatusBadRequest)

// memberList writes a list of strings as <name><member>s</member>…</name>.
func (x *xmlWriter) memberList(name string, list []string) {
	x.open(name)
	for _, s := range list {
		x.text("member", s)
	}
	x.close(name)
}

// integer writes <name>n</name>.
func (x *xmlWriter) integer(name string, n int) { x.text(name, strconv.Itoa(n)) }

// optionalInt writes <name>n</name> when n is not nil.
func (x *xmlWriter) optionalInt(name string, n *int) {
	if n != nil {
		x.integer(name, *n)
	}
}

// number writes <name>v</name>, a float as the SDKs read it.
func (x *xmlWriter) number(name string, v float64) {
	x.text(name, strconv.FormatFloat(v, 'g', -1, 64))
}

// boolean writes <name>true</name> or <name>false</name>.
func (x *xmlWriter) boolean(name string, b bool) { x.text(name, strconv.FormatBool(b)) }

// seconds writes a duration as <name>whole seconds</name>.
func (x *xmlWriter) seconds(name string, d time.Duration) { x.integer(name, int(d/time.Second)) }

// optionalSeconds writes a duration in seconds when d is not nil.
func (x *xmlWriter) optionalSeconds(name string, d *time.Duration) {
	if d != nil {
		x.seconds(name, *d)
	}
}

// timestamp writes an instant as ISO 8601 in UTC with milliseconds, as
// the query services do; a zero one is left out.
func (x *xmlWriter) timestamp(name string, t time.Time) {
	if !t.IsZero() {
		x.text(name, t.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
}
