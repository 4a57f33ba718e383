package sns

import (
	"testing"
)

// FuzzFilterPolicy compiles a random policy in either scope and, when it
// compiles, evaluates it against a random message. Compiling either
// succeeds or fails with a non-empty *filterPolicyError reason (AWS's
// answer to bad input is always a reason); evaluating never panics and is
// the same on a second call, since a message is decided once however many
// times the shared filterInput is read. Seeds are the policies and
// messages of the table in filter_test.go.
func FuzzFilterPolicy(f *testing.F) {
	for _, tc := range filterCases() {
		name, dataType, value := "", "", ""
		for n, a := range tc.attrs {
			if n > name {
				name, dataType, value = n, a.DataType, a.StringValue
			}
		}
		f.Add(tc.policy, tc.scope == filterScopeBody, name, dataType, value, tc.body)
	}
	f.Fuzz(func(t *testing.T, policy string, bodyScope bool, name, dataType, value, body string) {
		scope := filterScopeAttributes
		if bodyScope {
			scope = filterScopeBody
		}
		p, err := compileFilterPolicy(policy, scope)
		if err != nil {
			pe, ok := err.(*filterPolicyError)
			if !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if pe.Error() == "" {
				t.Fatalf("empty reason for policy %q", policy)
			}
			if p != nil {
				t.Fatalf("policy returned with error %q", pe.Error())
			}
			return
		}
		if p == nil {
			t.Fatal("nil policy without error")
		}
		attributes := map[string]MessageAttributeValue{
			name:    {DataType: dataType, StringValue: value, BinaryValue: []byte(value)},
			"other": {DataType: "String", StringValue: value},
		}
		in := newFilterInput(attributes, body)
		first := p.match(in)
		if again := p.match(in); again != first {
			t.Fatalf("second evaluation gave %v, first %v", again, first)
		}
		if fresh := p.match(newFilterInput(attributes, body)); fresh != first {
			t.Fatalf("fresh input gave %v, shared %v", fresh, first)
		}
	})
}
