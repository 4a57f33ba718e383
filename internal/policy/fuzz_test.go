package policy

import (
	"errors"
	"testing"
)

// FuzzParse: no document makes Parse panic; a document either parses to a
// policy whose evaluation does not panic and is the same twice, or fails
// with an *Error.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:q","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["111111111111","*"]},"NotAction":"*","NotResource":["a*?"],"Condition":{"StringNotEqualsIfExists":{"aws:SourceAccount":[1,true]},"Null":{"k":"true"}}}}`,
		`{"Statement":[]}`,
		`{`,
	} {
		f.Add(seed, "sqs:SendMessage", "arn:aws:sns:us-east-1:111111111111:t")
	}
	f.Fuzz(func(t *testing.T, doc, action, source string) {
		p, err := Parse(doc)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || p != nil {
				t.Fatalf("Parse(%q) = %v, %v: want nil and an *Error", doc, p, err)
			}
			return
		}
		r := Request{Account: "111111111111", Service: "sns.amazonaws.com", Action: action, Resource: source,
			Context: map[string]string{"aws:SourceArn": source, "aws:SourceAccount": "111111111111"}}
		if a, b := p.Evaluate(r), p.Evaluate(r); a != b {
			t.Fatalf("Evaluate is not stable: %v then %v", a, b)
		}
	})
}
