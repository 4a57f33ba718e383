package sns

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Message attribute helpers for the tables.

func attrString(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: "String", StringValue: v}
}

func attrNumber(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: "Number", StringValue: v}
}

func attrArray(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: "String.Array", StringValue: v}
}

func attrBinary(v string) MessageAttributeValue {
	return MessageAttributeValue{DataType: "Binary", BinaryValue: []byte(v)}
}

type attrs = map[string]MessageAttributeValue

// filterCase is one row of the policy table: a policy in a scope, and
// either the exact reason AWS refuses it with (err) or a message and
// whether the policy passes it (match).
type filterCase struct {
	name   string
	scope  string
	policy string
	attrs  attrs
	body   string
	match  bool
	err    string
}

// valueList returns a JSON array of n distinct strings.
func valueList(n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprintf("%q", fmt.Sprintf("value%d", i))
	}
	return "[" + strings.Join(vs, ",") + "]"
}

// Policies from the recorded AWS behaviour and the AWS guide, reused below.
const (
	// policyOrFlat150 has (3*6)+(3*4*4)+(3*4*7) = 150 combinations, the
	// most AWS accepts (recorded in test_policy_complexity_with_or).
	policyOrFlat150 = `{"source":["aws.cloudwatch","aws.events","aws.test"],"$or":[{"metricName":["CPUUtilization","ReadLatency","TestVal","TestVal2","TestVal3","TestVal4"]},{"metricType":["MetricType","TestType","TestType2","TestType3"],"$or":[{"metricId":[1234,4321,5678,9012]},{"spaceId":[1,2,3,4,5,6,7]}]}]}`
	// policyBodyRecorded is the nested body policy of
	// test_filter_policy_on_message_body.
	policyBodyRecorded = `{"object":{"key":[{"prefix":"auto-"},"hardcodedvalue"],"nested_key":[{"exists":false}]},"test":[{"exists":false}]}`
	// policyS3 is the AWS blog's payload-filtering example.
	policyS3 = `{"Records":{"s3":{"object":{"key":[{"prefix":"auto-"}]}},"eventName":[{"prefix":"ObjectCreated:"}]}}`
	// policyBodyOr combines "$or" at the top and inside a nested key.
	policyBodyOr = `{"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}],"detail":{"scope":["Service"],"$or":[{"source":["aws.cloudwatch"]},{"type":["CloudWatch Alarm State Change"]}]}}`
)

// filterCases is the table of policies: validation with AWS's exact
// reasons, then matching in both scopes. Comments name the AWS rule and
// where it is recorded: [LS] is LocalStack's AWS-validated snapshot
// test_sns_filter_policy.snapshot.json, [G] the SNS developer guide, [R]
// AWS's filtering engine (Event Ruler) where neither shows the case.
func filterCases() []filterCase {
	const body = filterScopeBody
	return []filterCase{
		// Validation recorded against AWS [LS] test_validate_policy.
		{name: "refuses nested array", policy: `{"key":[["value"]]}`, err: "Match value must be String, number, true, false, or null"},
		{name: "refuses unknown operator", policy: `{"key":[{"wrong-operator":true}]}`, err: "Unrecognized match type wrong-operator"},
		{name: "refuses two operators in one object", policy: `{"key":[{"suffix":"value","prefix":"value2"}]}`, err: "Only one key allowed in match expression"},
		// [LS] test_validate_policy_string_operators.
		{name: "refuses numeric suffix", policy: `{"key":[{"suffix":100}]}`, err: "suffix match pattern must be a string"},
		{name: "refuses null suffix", policy: `{"key":[{"suffix":null}]}`, err: "suffix match pattern must be a string"},
		{name: "refuses operator outside an array", policy: `{"key":{"suffix":"value"}}`, err: `"suffix" must be an object or an array`},
		{name: "refuses empty array suffix", policy: `{"key":[{"suffix":[]}]}`, err: "suffix match pattern must be a string"},
		{name: "refuses array suffix", policy: `{"key":[{"suffix":["test","test2"]}]}`, err: "suffix match pattern must be a string"},
		{name: "refuses two operators outside an array", policy: `{"key":{"suffix":"value","prefix":"value"}}`, err: `"suffix" must be an object or an array`},
		{name: "refuses scalar under a nested key", policy: `{"key":{"not-an-operator":"value"}}`, err: `"not-an-operator" must be an object or an array`},
		// [LS] test_validate_policy_numeric_operator.
		{name: "refuses empty numeric", policy: `{"key":[{"numeric":[]}]}`, err: "Invalid member in numeric match: ]"},
		{name: "refuses unknown numeric operator", policy: `{"key":[{"numeric":["operator"]}]}`, err: "Unrecognized numeric range operator: operator"},
		{name: "refuses numeric value before operator", policy: `{"key":[{"numeric":[1,"<="]}]}`, err: "Invalid member in numeric match: 1"},
		{name: "refuses string numeric equals", policy: `{"key":[{"numeric":["=","000"]}]}`, err: "Value of equals must be numeric"},
		{name: "refuses numeric operator without value", policy: `{"key":[{"numeric":[">="]}]}`, err: "Value of >= must be numeric"},
		{name: "refuses upper bound first", policy: `{"key":[{"numeric":["<",100,">",10]}]}`, err: "Too many elements in numeric expression"},
		{name: "refuses two lower bounds", policy: `{"key":[{"numeric":[">=",1,">",2]}]}`, err: "Bad numeric range operator: >"},
		{name: "refuses bottom above top", policy: `{"key":[{"numeric":[">",3,"<",1]}]}`, err: "Bottom must be less than top"},
		{name: "refuses range without top value", policy: `{"key":[{"numeric":[">",20,"<="]}]}`, err: "Value of <= must be numeric"},
		{name: "refuses range without top operator", policy: `{"key":[{"numeric":[">",20,30]}]}`, err: "Bad value in numeric range: 30"},
		{name: "refuses unknown top operator", policy: `{"key":[{"numeric":[">",20,"test"]}]}`, err: "Bad numeric range operator: test"},
		{name: "refuses string bottom", policy: `{"key":[{"numeric":[">","20","<","30"]}]}`, err: "Value of > must be numeric"},
		{name: "refuses string top", policy: `{"key":[{"numeric":[">",20,"<","30"]}]}`, err: "Value of < must be numeric"},
		{name: "refuses three bounds", policy: `{"key":[{"numeric":[">",20,"<",30,"<",50]}]}`, err: "Too many terms in numeric range expression"},
		// [LS] test_validate_policy_exists_operator.
		{name: "refuses null exists", policy: `{"key":[{"exists":null}]}`, err: "exists match pattern must be either true or false."},
		{name: "refuses string exists", policy: `{"key":[{"exists":"no"}]}`, err: "exists match pattern must be either true or false."},
		// [LS] test_validate_policy_nested_anything_but_operator.
		{name: "refuses unknown anything-but operator", policy: `{"key":[{"anything-but":{"wrong-operator":null}}]}`, err: "Unsupported anything-but pattern: wrong-operator"},
		{name: "refuses anything-but suffix", policy: `{"key":[{"anything-but":{"suffix":"test"}}]}`, err: "Unsupported anything-but pattern: suffix"},
		{name: "refuses anything-but exists", policy: `{"key":[{"anything-but":{"exists":false}}]}`, err: "Unsupported anything-but pattern: exists"},
		{name: "refuses anything-but boolean prefix", policy: `{"key":[{"anything-but":{"prefix":false}}]}`, err: "prefix match pattern must be a string"},
		// [LS] test_policy_complexity: combinations multiply array lengths.
		{name: "refuses 151 values", policy: `{"key":` + valueList(151) + `}`, err: "Filter policy is too complex"},
		{name: "refuses 100 by 51 values", policy: `{"key1":` + valueList(100) + `,"key2":` + valueList(51) + `}`, err: "Filter policy is too complex"},
		{name: "refuses six keys", policy: `{"key1":["value1"],"key2":["value2"],"key3":["value3"],"key4":["value4"],"key5":["value5"],"key6":["value6"]}`, err: "Filter policy can not have more than 5 keys"},
		// [LS] test_policy_complexity_with_or: "$or" sums its alternatives.
		{name: "refuses $or with 152 combinations", policy: strings.Replace(policyOrFlat150, `"aws.test"]`, `"aws.test","aws.test2"]`, 1), err: "Filter policy is too complex"},
		{name: "refuses nested $or with 160 combinations", scope: body, policy: `{"$or":[{"metricName":["CPUUtilization","ReadLatency","TestValue"]},{"namespace":["AWS/EC2","AWS/ES"]}],"detail":{"scope":["Service","Test"],"$or":[{"source":["aws.cloudwatch"]},{"type":["CloudWatch Alarm State Change","TestValue","TestValue2"]}]}}`, err: "Filter policy is too complex"},
		{name: "accepts $or with 150 combinations", policy: policyOrFlat150, attrs: attrs{"source": attrString("aws.test"), "spaceId": attrNumber("7"), "metricType": attrString("TestType3")}, match: true},
		// [LS] test_sub_filter_policy_nested_property(_constraints).
		{name: "refuses nested policy in attribute scope", policy: `{"object":{"key":[{"prefix":"auto-"}]}}`, err: "Filter policy scope MessageAttributes does not support nested filter policy"},
		{name: "refuses nested policy deeper than it counts", scope: body, policy: `{"key_a":{"key_b":{"key_c":["value_one","value_two","value_three","value_four"]}},"key_d":{"key_e":["value_one","value_two","value_three"]},"key_f":["value_one","value_two","value_three"]}`, err: "Filter policy is too complex"},
		{name: "refuses six keys in body scope", scope: body, policy: `{"key_a":["value_one"],"key_b":["value_two"],"key_c":["value_three"],"key_d":["value_four"],"key_e":["value_five"],"key_f":["value_six"]}`, err: "Filter policy can not have more than 5 keys"},
		{name: "quotes a key as written", policy: `{"a\"b":1}`, err: `"a"b" must be an object or an array`},
		{name: "refuses scalar key value", scope: body, policy: `{"key_a":"value_one"}`, err: `"key_a" must be an object or an array`},
		// [G] the guide's nested example: 3 x 4 x 2 x 3 = 72 is accepted.
		{name: "accepts nested policy of 72 combinations", scope: body, policy: `{"key_a":{"key_b":{"key_c":["value_one","value_two","value_three","value_four"]}},"key_d":{"key_e":["value_one","value_two","value_three"]}}`, body: `{"key_a":{"key_b":{"key_c":"value_two"}},"key_d":{"key_e":"value_three"}}`, match: true},
		// [G] only top-level keys count in body scope.
		{name: "accepts many nested keys under five parents", scope: body, policy: `{"state":["SUCCESS"],"severity":[{"exists":true}],"message":[{"exists":true}],"finding":{"standard_control":[{"exists":true}],"region":[{"exists":true}],"account":[{"exists":true}]}}`, body: `{"state":"SUCCESS","severity":1,"message":"m","finding":{"standard_control":"c","region":"r","account":"a"}}`, match: true},
		{name: "accepts five keys", policy: `{"a":["1"],"b":["2"],"c":["3"],"d":["4"],"e":["5"]}`, attrs: attrs{"a": attrString("1"), "b": attrString("2"), "c": attrString("3"), "d": attrString("4"), "e": attrString("5")}, match: true},
		{name: "counts a repeated key once", policy: `{"a":["1"],"b":["2"],"c":["3"],"d":["4"],"e":["x"],"e":["5"]}`, attrs: attrs{"a": attrString("1"), "b": attrString("2"), "c": attrString("3"), "d": attrString("4"), "e": attrString("5")}, match: true},
		// [LS]/[R] structure.
		{name: "refuses empty array", policy: `{"key":[]}`, err: "Empty arrays are not allowed"},
		{name: "refuses empty nested object", scope: body, policy: `{"key":{}}`, err: "Empty objects are not allowed"},
		{name: "refuses top-level array", policy: `[{"key":["a"]}]`, err: "Filter is not an object"},
		{name: "refuses top-level string", policy: `"key"`, err: "Filter is not an object"},
		{name: "refuses $or that is not an array", policy: `{"$or":{"a":["b"]}}`, err: "It must be an Array followed with $or."},
		{name: "refuses $or of one object", policy: `{"$or":[{"a":["b"]}]}`, err: "There must have at least 2 Objects in $or relationship."},
		{name: "refuses $or of strings", policy: `{"$or":["a","b"]}`, err: "Only JSON object is allowed in array of $or relationship."},
		{name: "refuses empty $or", policy: `{"$or":[]}`, err: "Empty arrays are not allowed"},
		{name: "refuses empty $or alternative", policy: `{"$or":[{},{"a":["b"]}]}`, err: "Empty objects are not allowed"},
		{name: "refuses nested $or alternative in attribute scope", policy: `{"$or":[{"a":{"b":["c"]}},{"d":["e"]}]}`, err: "Filter policy scope MessageAttributes does not support nested filter policy"},
		// [R] operators.
		{name: "refuses empty match expression", policy: `{"key":[{}]}`, err: "Match expression name not found"},
		{name: "refuses numeric prefix", policy: `{"key":[{"prefix":1}]}`, err: "prefix match pattern must be a string"},
		{name: "refuses boolean equals-ignore-case", policy: `{"key":[{"equals-ignore-case":true}]}`, err: "equals-ignore-case match pattern must be a string"},
		{name: "refuses numeric that is not an array", policy: `{"key":[{"numeric":5}]}`, err: "Value of numeric must be an array."},
		{name: "refuses numeric equals with extra value", policy: `{"key":[{"numeric":["=",1,2]}]}`, err: "Too many elements in numeric expression"},
		{name: "refuses two upper bounds", policy: `{"key":[{"numeric":["<",1,"<",2]}]}`, err: "Too many elements in numeric expression"},
		{name: "refuses empty numeric range", policy: `{"key":[{"numeric":[">",1,"<",1]}]}`, err: "Bottom must be less than top"},
		{name: "refuses boolean numeric operator", policy: `{"key":[{"numeric":[true]}]}`, err: "Invalid member in numeric match: true"},
		{name: "refuses null anything-but", policy: `{"key":[{"anything-but":null}]}`, err: "Value of anything-but must be an array or single string/number value."},
		{name: "refuses empty anything-but list", policy: `{"key":[{"anything-but":[]}]}`, err: "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{name: "refuses mixed anything-but list", policy: `{"key":[{"anything-but":["a",1]}]}`, err: "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{name: "refuses null in anything-but list", policy: `{"key":[{"anything-but":["a",null]}]}`, err: "Inside anything but list, start|null|boolean is not supported."},
		{name: "refuses empty anything-but object", policy: `{"key":[{"anything-but":{}}]}`, err: "Anything-But expression name not found"},
		// [LS] cidr validation.
		{name: "refuses numeric cidr", policy: `{"ip":[{"cidr":10}]}`, err: "prefix match pattern must be a string"},
		{name: "refuses cidr without mask", policy: `{"ip":[{"cidr":"10.0.0.0"}]}`, err: "Malformed CIDR, one '/' required"},
		{name: "refuses cidr with two slashes", policy: `{"ip":[{"cidr":"10.0.0.0/24/8"}]}`, err: "Malformed CIDR, one '/' required"},
		{name: "refuses cidr with word mask", policy: `{"ip":[{"cidr":"10.0.0.0/abc"}]}`, err: "Malformed CIDR, mask bits must be an integer"},
		{name: "refuses cidr with bad address", policy: `{"ip":[{"cidr":"10.0.0.300/24"}]}`, err: "Nonstandard IP address: 10.0.0.300"},
		{name: "refuses cidr with host bits", policy: `{"ip":[{"cidr":"10.0.0.1/24"}]}`, err: "Nonstandard IP address: 10.0.0.1"},
		{name: "refuses cidr mask over 32", policy: `{"ip":[{"cidr":"10.0.0.0/33"}]}`, err: "Nonstandard IP address: 10.0.0.0"},
		{name: "refuses IPv6 cidr mask over 128", policy: `{"ip":[{"cidr":"2001:db8::/129"}]}`, err: "Nonstandard IP address: 2001:db8::"},
		{name: "refuses negative cidr mask", policy: `{"ip":[{"cidr":"10.0.0.0/-1"}]}`, err: "Nonstandard IP address: 10.0.0.0"},
		// Order of checks [LS]: keys, then structure, then match expressions in document order.
		{name: "reports the first bad expression", policy: `{"a":[{"prefix":1}],"b":[{"suffix":1}]}`, err: "prefix match pattern must be a string"},
		{name: "reports structure before expressions", policy: `{"a":[{"prefix":1}],"b":[]}`, err: "Empty arrays are not allowed"},
		{name: "reports key count before structure", policy: `{"a":[],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}`, err: "Filter policy can not have more than 5 keys"},
		{name: "reports inner structure before nesting", policy: `{"a":{"b":[]}}`, err: "Empty arrays are not allowed"},
		{name: "reports complexity before expressions", policy: `{"a":[{"prefix":1}],"b":` + valueList(151) + `}`, err: "Filter policy is too complex"},
		// JSON syntax errors, in the wording of AWS's Jackson parser [LS test_sns.py].
		{name: "refuses unquoted key", policy: `{invalidjson}`, err: "failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name"},
		{name: "refuses empty policy text", policy: ``, err: "failed to parse JSON. No content to map due to end-of-input"},
		{name: "refuses unclosed object", policy: `{"a":["b"]`, err: "failed to parse JSON. Unexpected end-of-input: expected close marker for Object"},
		{name: "refuses unclosed array", policy: `{"a":["b"`, err: "failed to parse JSON. Unexpected end-of-input: expected close marker for Array"},
		{name: "refuses missing colon", policy: `{"a" ["b"]}`, err: "failed to parse JSON. Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"},
		{name: "refuses missing comma in object", policy: `{"a":["b"] "c":["d"]}`, err: "failed to parse JSON. Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"},
		{name: "refuses missing comma in array", policy: `{"a":["b" "c"]}`, err: "failed to parse JSON. Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries"},
		{name: "refuses misspelt literal", policy: `{"a":[tru]}`, err: "failed to parse JSON. Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
		{name: "refuses unclosed string", policy: `{"a":["b]}`, err: "failed to parse JSON. Unexpected end-of-input: was expecting closing quote for a string value"},
		{name: "refuses leading zero", policy: `{"a":[01]}`, err: "failed to parse JSON. Invalid numeric value: Leading zeroes not allowed"},
		{name: "refuses control character in string", policy: "{\"a\":[\"b\nc\"]}", err: "failed to parse JSON. Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value"},
		{name: "refuses bad escape", policy: `{"a":["\q"]}`, err: "failed to parse JSON. Unrecognized character escape 'q' (code 113)"},
		{name: "refuses trailing content", policy: `{"a":["b"]} x`, err: "failed to parse JSON. Unexpected character ('x' (code 120)): expected end of input"},
		{name: "refuses policy over 256 KB", policy: `{"a":["` + strings.Repeat("x", filterMaxSize) + `"]}`, err: "Filter policy is too long"},

		// Attribute scope matching [G "Attribute string value matching",
		// "Numeric value matching", "Key matching", "AND/OR logic"].
		{name: "exact string matches", policy: `{"customer_interests":["rugby","tennis"]}`, attrs: attrs{"customer_interests": attrString("rugby")}, match: true},
		{name: "exact string matches second value", policy: `{"customer_interests":["rugby","tennis"]}`, attrs: attrs{"customer_interests": attrString("tennis")}, match: true},
		{name: "exact string refuses other value", policy: `{"customer_interests":["rugby","tennis"]}`, attrs: attrs{"customer_interests": attrString("baseball")}},
		{name: "exact string is case-sensitive", policy: `{"customer_interests":["rugby"]}`, attrs: attrs{"customer_interests": attrString("Rugby")}},
		{name: "exact string refuses number attribute", policy: `{"price":["99"]}`, attrs: attrs{"price": attrNumber("99")}},
		{name: "exact number matches number attribute", policy: `{"price":[99]}`, attrs: attrs{"price": attrNumber("99")}, match: true},
		{name: "exact number compares numerically", policy: `{"price":[1]}`, attrs: attrs{"price": attrNumber("1.0")}, match: true},
		{name: "exact number matches exponent form", policy: `{"price_usd":[301.5]}`, attrs: attrs{"price_usd": attrNumber("3.015e2")}, match: true},
		{name: "exact number refuses string attribute", policy: `{"price":[99]}`, attrs: attrs{"price": attrString("99")}},
		{name: "exact zero refuses string zero", policy: `{"price":[0]}`, attrs: attrs{"price": attrString("0")}},
		{name: "exact number refuses other number", policy: `{"price":[99]}`, attrs: attrs{"price": attrNumber("99.5")}},
		{name: "missing attribute fails", policy: `{"store":["example_corp"]}`, attrs: attrs{"other": attrString("example_corp")}},
		{name: "no attributes fail", policy: `{"store":["example_corp"]}`},
		{name: "every key must match", policy: `{"store":["example_corp"],"event":["order_placed"]}`, attrs: attrs{"store": attrString("example_corp"), "event": attrString("order_placed")}, match: true},
		{name: "one failing key fails", policy: `{"store":["example_corp"],"event":["order_placed"]}`, attrs: attrs{"store": attrString("example_corp"), "event": attrString("order_cancelled")}},
		{name: "unmentioned attributes are ignored", policy: `{"store":["example_corp"]}`, attrs: attrs{"store": attrString("example_corp"), "extra": attrString("x"), "bin": attrBinary("y")}, match: true},
		{name: "null never matches an attribute", policy: `{"attr1":[null]}`, attrs: attrs{"attr1": attrString("null")}},
		// [LS] test_filter_policy: null or anything-but on a missing attribute.
		{name: "null or anything-but refuses missing attribute", policy: `{"attr1":[null,{"anything-but":"whatever"}]}`},
		{name: "null or anything-but matches other value", policy: `{"attr1":[null,{"anything-but":"whatever"}]}`, attrs: attrs{"attr1": attrString("other")}, match: true},
		{name: "prefix matches", policy: `{"customer_interests":[{"prefix":"bas"}]}`, attrs: attrs{"customer_interests": attrString("basketball")}, match: true},
		{name: "prefix refuses", policy: `{"customer_interests":[{"prefix":"bas"}]}`, attrs: attrs{"customer_interests": attrString("rugby")}},
		{name: "prefix refuses number attribute", policy: `{"price":[{"prefix":"1"}]}`, attrs: attrs{"price": attrNumber("100")}},
		{name: "suffix matches", policy: `{"customer_interests":[{"suffix":"ball"}]}`, attrs: attrs{"customer_interests": attrString("baseball")}, match: true},
		{name: "suffix refuses", policy: `{"customer_interests":[{"suffix":"ball"}]}`, attrs: attrs{"customer_interests": attrString("rugby")}},
		{name: "equals-ignore-case matches", policy: `{"customer_interests":[{"equals-ignore-case":"tennis"}]}`, attrs: attrs{"customer_interests": attrString("TeNnIs")}, match: true},
		{name: "equals-ignore-case refuses", policy: `{"customer_interests":[{"equals-ignore-case":"tennis"}]}`, attrs: attrs{"customer_interests": attrString("tennis2")}},
		{name: "anything-but list matches other value", policy: `{"customer_interests":[{"anything-but":["rugby","tennis"]}]}`, attrs: attrs{"customer_interests": attrString("baseball")}, match: true},
		{name: "anything-but list refuses listed value", policy: `{"customer_interests":[{"anything-but":["rugby","tennis"]}]}`, attrs: attrs{"customer_interests": attrString("rugby")}},
		{name: "anything-but refuses missing attribute", policy: `{"customer_interests":[{"anything-but":["rugby","tennis"]}]}`, attrs: attrs{"other": attrString("baseball")}},
		{name: "anything-but matches array with another value", policy: `{"customer_interests":[{"anything-but":["rugby","tennis"]}]}`, attrs: attrs{"customer_interests": attrArray(`["rugby","baseball"]`)}, match: true},
		{name: "anything-but refuses array of listed values", policy: `{"customer_interests":[{"anything-but":["rugby","tennis"]}]}`, attrs: attrs{"customer_interests": attrArray(`["rugby","tennis"]`)}},
		{name: "anything-but single string refuses it", policy: `{"size":[{"anything-but":"small"}]}`, attrs: attrs{"size": attrString("small")}},
		{name: "anything-but single string matches other", policy: `{"size":[{"anything-but":"small"}]}`, attrs: attrs{"size": attrString("large")}, match: true},
		{name: "anything-but numbers matches other number", policy: `{"price":[{"anything-but":[100,500]}]}`, attrs: attrs{"price": attrNumber("100.1")}, match: true},
		{name: "anything-but numbers refuses listed number", policy: `{"price":[{"anything-but":[100,500]}]}`, attrs: attrs{"price": attrNumber("100")}},
		{name: "anything-but numbers compares numerically", policy: `{"price":[{"anything-but":[100,500]}]}`, attrs: attrs{"price": attrNumber("1e2")}},
		{name: "anything-but single number", policy: `{"price":[{"anything-but":100}]}`, attrs: attrs{"price": attrNumber("101")}, match: true},
		{name: "anything-but numbers matches string attribute", policy: `{"price":[{"anything-but":[100]}]}`, attrs: attrs{"price": attrString("100")}, match: true},
		{name: "anything-but prefix matches other", policy: `{"event":[{"anything-but":{"prefix":"order-"}}]}`, attrs: attrs{"event": attrString("data-entry")}, match: true},
		{name: "anything-but prefix matches near miss", policy: `{"event":[{"anything-but":{"prefix":"order-"}}]}`, attrs: attrs{"event": attrString("order_number")}, match: true},
		{name: "anything-but prefix refuses prefix", policy: `{"event":[{"anything-but":{"prefix":"order-"}}]}`, attrs: attrs{"event": attrString("order-cancelled")}},
		{name: "anything-but prefix refuses missing", policy: `{"event":[{"anything-but":{"prefix":"order-"}}]}`},
		// [LS] test_filter_policy: numeric range on Number attributes.
		{name: "numeric range matches inside", policy: `{"attr1":[{"numeric":[">",0,"<=",100]}]}`, attrs: attrs{"attr1": attrNumber("99")}, match: true},
		{name: "numeric range refuses above", policy: `{"attr1":[{"numeric":[">",0,"<=",100]}]}`, attrs: attrs{"attr1": attrNumber("111")}},
		{name: "numeric range includes closed top", policy: `{"attr1":[{"numeric":[">",0,"<=",100]}]}`, attrs: attrs{"attr1": attrNumber("100")}, match: true},
		{name: "numeric range excludes open bottom", policy: `{"attr1":[{"numeric":[">",0,"<=",100]}]}`, attrs: attrs{"attr1": attrNumber("0")}},
		{name: "numeric range includes closed bottom", policy: `{"attr1":[{"numeric":[">=",0,"<",100]}]}`, attrs: attrs{"attr1": attrNumber("0")}, match: true},
		{name: "numeric range excludes open top", policy: `{"attr1":[{"numeric":[">=",0,"<",100]}]}`, attrs: attrs{"attr1": attrNumber("100")}},
		{name: "numeric less than matches negative", policy: `{"price_usd":[{"numeric":["<",0]}]}`, attrs: attrs{"price_usd": attrNumber("-0.5")}, match: true},
		{name: "numeric less or equal", policy: `{"price_usd":[{"numeric":["<=",5]}]}`, attrs: attrs{"price_usd": attrNumber("5")}, match: true},
		{name: "numeric greater than refuses equal", policy: `{"price_usd":[{"numeric":[">",5]}]}`, attrs: attrs{"price_usd": attrNumber("5")}},
		{name: "numeric equals matches", policy: `{"price_usd":[{"numeric":["=",301.5]}]}`, attrs: attrs{"price_usd": attrNumber("3.015e2")}, match: true},
		{name: "numeric equals refuses", policy: `{"price_usd":[{"numeric":["=",301.5]}]}`, attrs: attrs{"price_usd": attrNumber("301.6")}},
		{name: "numeric refuses string attribute", policy: `{"price_usd":[{"numeric":[">",0]}]}`, attrs: attrs{"price_usd": attrString("50")}},
		{name: "numeric refuses missing attribute", policy: `{"price_usd":[{"numeric":[">",0]}]}`},
		{name: "numeric accepts values beyond a billion", policy: `{"n":[{"numeric":[">",5000000000]}]}`, attrs: attrs{"n": attrNumber("6000000000")}, match: true},
		{name: "numeric with labelled number type", policy: `{"n":[{"numeric":[">",1]}]}`, attrs: attrs{"n": {DataType: "Number.float", StringValue: "1.5"}}, match: true},
		{name: "exact string with labelled string type", policy: `{"s":["v"]}`, attrs: attrs{"s": {DataType: "String.custom", StringValue: "v"}}, match: true},
		// [LS] test_exists_filter_policy.
		{name: "exists true matches present", policy: `{"store":[{"exists":true}]}`, attrs: attrs{"store": attrNumber("99"), "def": attrNumber("99")}, match: true},
		{name: "exists true refuses absent", policy: `{"store":[{"exists":true}]}`, attrs: attrs{"attr1": attrNumber("111")}},
		{name: "exists false matches absent", policy: `{"store":[{"exists":false}]}`, attrs: attrs{"def": attrNumber("99")}, match: true},
		{name: "exists false refuses present", policy: `{"store":[{"exists":false}]}`, attrs: attrs{"store": attrNumber("99"), "def": attrNumber("99")}},
		{name: "exists false matches no attributes", policy: `{"store":[{"exists":false}]}`, match: true},
		{name: "value or absent matches absent", policy: `{"store":["a",{"exists":false}]}`, match: true},
		{name: "value or absent matches value", policy: `{"store":["a",{"exists":false}]}`, attrs: attrs{"store": attrString("a")}, match: true},
		{name: "value or absent refuses other value", policy: `{"store":["a",{"exists":false}]}`, attrs: attrs{"store": attrString("b")}},
		// [G] Binary attributes are ignored: they count as absent.
		{name: "binary attribute counts as absent", policy: `{"store":[{"exists":false}]}`, attrs: attrs{"store": attrBinary("x")}, match: true},
		{name: "binary attribute never matches a value", policy: `{"store":[{"exists":true}]}`, attrs: attrs{"store": attrBinary("x")}},
		// [LS] test_exists_filter_policy_attributes_array: String.Array elements match one by one.
		{name: "string array matches element", policy: `{"store":["value1"]}`, attrs: attrs{"store": attrArray(`["value1","value2"]`)}, match: true},
		{name: "string array refuses without element", policy: `{"store":["value1"]}`, attrs: attrs{"store": attrArray(`["value2","value3"]`)}},
		{name: "string array numeric element", policy: `{"n":[{"numeric":[">",10]}]}`, attrs: attrs{"n": attrArray(`[1,20]`)}, match: true},
		{name: "string array exact number element", policy: `{"n":[20]}`, attrs: attrs{"n": attrArray(`[1,20.0]`)}, match: true},
		{name: "string array boolean element", policy: `{"b":[true]}`, attrs: attrs{"b": attrArray(`[false,true]`)}, match: true},
		{name: "string array null element", policy: `{"b":[null]}`, attrs: attrs{"b": attrArray(`["x",null]`)}, match: true},
		{name: "string array prefix element", policy: `{"s":[{"prefix":"ab"}]}`, attrs: attrs{"s": attrArray(`["x","abc"]`)}, match: true},
		{name: "string array that is not JSON matches nothing", policy: `{"s":["x"]}`, attrs: attrs{"s": attrArray(`x`)}},
		{name: "empty string array counts as absent", policy: `{"s":[{"exists":false}]}`, attrs: attrs{"s": attrArray(`[]`)}, match: true},
		{name: "string element does not match a plain string", policy: `{"s":["[\"x\"]"]}`, attrs: attrs{"s": attrArray(`["x"]`)}},
		// [G] cidr on string attributes.
		{name: "cidr matches network address", policy: `{"source_ip":[{"cidr":"10.0.0.0/24"}]}`, attrs: attrs{"source_ip": attrString("10.0.0.0")}, match: true},
		{name: "cidr matches last address", policy: `{"source_ip":[{"cidr":"10.0.0.0/24"}]}`, attrs: attrs{"source_ip": attrString("10.0.0.255")}, match: true},
		{name: "cidr refuses outside address", policy: `{"source_ip":[{"cidr":"10.0.0.0/24"}]}`, attrs: attrs{"source_ip": attrString("10.1.1.0")}},
		{name: "cidr matches IPv6", policy: `{"source_ip":[{"cidr":"2001:db8::/32"}]}`, attrs: attrs{"source_ip": attrString("2001:db8:1::5")}, match: true},
		{name: "cidr refuses IPv4 in IPv6 network", policy: `{"source_ip":[{"cidr":"2001:db8::/32"}]}`, attrs: attrs{"source_ip": attrString("10.0.0.1")}},
		{name: "cidr refuses non-address", policy: `{"source_ip":[{"cidr":"10.0.0.0/8"}]}`, attrs: attrs{"source_ip": attrString("10.example")}},
		{name: "cidr slash zero matches any IPv4", policy: `{"source_ip":[{"cidr":"0.0.0.0/0"}]}`, attrs: attrs{"source_ip": attrString("192.168.1.1")}, match: true},
		// [G "OR operator"]: $or across attributes.
		{name: "or matches first alternative", policy: `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, attrs: attrs{"source": attrString("aws.cloudwatch"), "metricName": attrString("CPUUtilization")}, match: true},
		{name: "or matches second alternative", policy: `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, attrs: attrs{"source": attrString("aws.cloudwatch"), "namespace": attrString("AWS/EC2")}, match: true},
		{name: "or refuses when no alternative matches", policy: `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, attrs: attrs{"source": attrString("aws.cloudwatch"), "namespace": attrString("AWS/ES")}},
		{name: "or still needs the shared key", policy: `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, attrs: attrs{"metricName": attrString("CPUUtilization")}},
		{name: "nested or matches inner alternative", policy: policyOrFlat150, attrs: attrs{"source": attrString("aws.events"), "metricType": attrString("MetricType"), "metricId": attrNumber("4321")}, match: true},
		{name: "nested or refuses without inner alternative", policy: policyOrFlat150, attrs: attrs{"source": attrString("aws.events"), "metricType": attrString("MetricType")}},
		{name: "empty policy matches everything", policy: `{}`, attrs: attrs{"a": attrString("b")}, match: true},
		{name: "attribute names with dots are not paths", policy: `{"a.b":["x"]}`, attrs: attrs{"a.b": attrString("x")}, match: true},
		{name: "many attributes are found by name", policy: `{"k13":["v13"],"k2":["v2"]}`, attrs: manyAttributes(20), match: true},
		{name: "many attributes miss a name", policy: `{"k99":[{"exists":true}]}`, attrs: manyAttributes(20)},
		{name: "attribute scope ignores the body", policy: `{"a":["b"]}`, body: `{"a":"b"}`},

		// Body scope matching [G "payload-based filtering"].
		// [LS] test_filter_policy_on_message_body.
		{name: "body prefix on nested key matches", scope: body, policy: policyBodyRecorded, body: `{"object":{"key":"auto-test"}}`, match: true},
		{name: "body exact on nested key matches", scope: body, policy: policyBodyRecorded, body: `{"object":{"key":"hardcodedvalue"}}`, match: true},
		{name: "body prefix refuses", scope: body, policy: policyBodyRecorded, body: `{"object":{"key":"test-auto"}}`},
		{name: "body exists false refuses present top key", scope: body, policy: policyBodyRecorded, body: `{"object":{"key":"auto-test"},"test":"just-exists"}`},
		{name: "body exists false refuses present nested key", scope: body, policy: policyBodyRecorded, body: `{"object":{"key":"auto-test","nested_key":"just-exists"}}`},
		{name: "body refuses missing nested key", scope: body, policy: policyBodyRecorded, body: `{"object":{"test":"auto-test"}}`},
		{name: "body refuses missing parent", scope: body, policy: policyBodyRecorded, body: `{"test":"auto-test"}`},
		{name: "body that is not JSON matches nothing", scope: body, policy: policyBodyRecorded, body: `Regular string message`},
		{name: "body that is a JSON string matches nothing", scope: body, policy: `{"test":[{"exists":false}]}`, body: `"Regular string message"`},
		{name: "body that is a JSON array matches nothing", scope: body, policy: `{"a":["b"]}`, body: `[{"a":"b"}]`},
		// [LS] test_filter_policy_on_message_body_dot_attribute.
		{name: "body dotted policy key matches nested", scope: body, policy: `{"object.nested":["string.value"]}`, body: `{"object":{"nested":"string.value"}}`, match: true},
		{name: "body dotted policy key matches dotted", scope: body, policy: `{"object.nested":["string.value"]}`, body: `{"object.nested":"string.value"}`, match: true},
		{name: "body dotted policy key refuses value", scope: body, policy: `{"object.nested":["string.value"]}`, body: `{"object":{"nested":"test-auto"}}`},
		{name: "body deep dotted key matches nested", scope: body, policy: `{"object.nested.test":["string.value"]}`, body: `{"object":{"nested":{"test":"string.value"}}}`, match: true},
		{name: "body deep dotted key matches dotted", scope: body, policy: `{"object.nested.test":["string.value"]}`, body: `{"object.nested.test":"string.value"}`, match: true},
		{name: "body deep dotted key matches half dotted", scope: body, policy: `{"object.nested.test":["string.value"]}`, body: `{"object.nested":{"test":"string.value"}}`, match: true},
		{name: "body deep dotted key matches other half", scope: body, policy: `{"object.nested.test":["string.value"]}`, body: `{"object":{"nested.test":"string.value"}}`, match: true},
		{name: "body deep dotted key refuses value", scope: body, policy: `{"object.nested.test":["string.value"]}`, body: `{"object":{"nested":{"test":"string.notvalue"}}}`},
		// [LS] test_filter_policy_on_message_body_array_attributes.
		{name: "body array refuses without value", scope: body, policy: `{"headers":{"route-to":["queue1"]}}`, body: `{"headers":{"route-to":["queue3"]}}`},
		{name: "body array matches only value", scope: body, policy: `{"headers":{"route-to":["queue1"]}}`, body: `{"headers":{"route-to":["queue1"]}}`, match: true},
		{name: "body array matches one of values", scope: body, policy: `{"headers":{"route-to":["queue2"]}}`, body: `{"headers":{"route-to":["queue1","queue2"]}}`, match: true},
		{name: "body array refuses other value", scope: body, policy: `{"headers":{"route-to":["queue1"]}}`, body: `{"headers":{"route-to":["queue2"]}}`},
		// [LS] test_filter_policy_on_message_body_array_of_object_attributes.
		{name: "body records in nested arrays match", scope: body, policy: policyS3, body: `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"object":[[{"key":"auto-insurance-2314.xml","size":17}]]}},{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"object":{"key":"home-insurance-2314.xml","size":17}}}]}`, match: true},
		{name: "body record removed refuses", scope: body, policy: policyS3, body: `{"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"object":{"key":"auto-insurance-2314.xml","size":17}}}]}`},
		{name: "body record of other key refuses", scope: body, policy: policyS3, body: `{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"home-insurance-2314.xml","size":17}}}]}`},
		{name: "body record created matches", scope: body, policy: policyS3, body: `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"auto-insurance-2314.xml","size":17}}}]}`, match: true},
		// [LS] test_filter_policy_on_message_body_or_attribute.
		{name: "body or refuses wrong scope", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","detail":{"scope":"aws.cloudwatch","type":"CloudWatch Alarm State Change"}}`},
		{name: "body or refuses wrong type", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","detail":{"scope":"Service","type":"CPUUtilization"}}`},
		{name: "body or refuses missing scope", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","detail":{"type":"CloudWatch Alarm State Change"}}`},
		{name: "body or refuses missing inner alternative", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","detail":{"scope":"Service"}}`},
		{name: "body or refuses scope at wrong level", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","scope":"Service"}`},
		{name: "body or matches metric and source", scope: body, policy: policyBodyOr, body: `{"metricName":"ReadLatency","detail":{"scope":"Service","source":"aws.cloudwatch"}}`, match: true},
		{name: "body or matches namespace and source", scope: body, policy: policyBodyOr, body: `{"namespace":"AWS/ES","detail":{"scope":"Service","source":"aws.cloudwatch"}}`, match: true},
		{name: "body or matches metric and type", scope: body, policy: policyBodyOr, body: `{"metricName":"CPUUtilization","detail":{"scope":"Service","type":"CloudWatch Alarm State Change"}}`, match: true},
		{name: "body or refuses value in wrong key", scope: body, policy: policyBodyOr, body: `{"metricName":"AWS/EC2","detail":{"scope":"Service","type":"CloudWatch Alarm State Change"}}`},
		// [G] value types in the body.
		{name: "body null matches null", scope: body, policy: `{"a":[null]}`, body: `{"a":null}`, match: true},
		{name: "body null refuses missing key", scope: body, policy: `{"a":[null]}`, body: `{"b":null}`},
		{name: "body null refuses string null", scope: body, policy: `{"a":[null]}`, body: `{"a":"null"}`},
		{name: "body true matches true", scope: body, policy: `{"a":[true]}`, body: `{"a":true}`, match: true},
		{name: "body true refuses string true", scope: body, policy: `{"a":[true]}`, body: `{"a":"true"}`},
		{name: "body false refuses true", scope: body, policy: `{"a":[false]}`, body: `{"a":true}`},
		{name: "body number compares numerically", scope: body, policy: `{"price_usd":[301.5]}`, body: `{"price_usd":3.015e2}`, match: true},
		{name: "body number refuses string", scope: body, policy: `{"price_usd":[301.5]}`, body: `{"price_usd":"301.5"}`},
		{name: "body numeric equals", scope: body, policy: `{"price_usd":[{"numeric":["=",301.5]}]}`, body: `{"price_usd":301.5}`, match: true},
		{name: "body numeric refuses string", scope: body, policy: `{"n":[{"numeric":[">",1]}]}`, body: `{"n":"5"}`},
		{name: "body numeric range in array", scope: body, policy: `{"n":[{"numeric":[">",0,"<",10]}]}`, body: `{"n":[20,5]}`, match: true},
		{name: "body anything-but numbers matches array with other", scope: body, policy: `{"price":[{"anything-but":[100,500]}]}`, body: `{"price":[100,50]}`, match: true},
		{name: "body anything-but numbers refuses listed", scope: body, policy: `{"price":[{"anything-but":[100,500]}]}`, body: `{"price":100}`},
		{name: "body anything-but refuses null", scope: body, policy: `{"a":[{"anything-but":"x"}]}`, body: `{"a":null}`},
		{name: "body anything-but matches boolean", scope: body, policy: `{"a":[{"anything-but":"x"}]}`, body: `{"a":false}`, match: true},
		{name: "body exists true refuses object value", scope: body, policy: `{"a":[{"exists":true}]}`, body: `{"a":{"b":1}}`},
		{name: "body exists true matches nested leaf", scope: body, policy: `{"a":{"b":[{"exists":true}]}}`, body: `{"a":{"b":1}}`, match: true},
		{name: "body exists true matches null leaf", scope: body, policy: `{"a":[{"exists":true}]}`, body: `{"a":null}`, match: true},
		{name: "body exists false matches object value", scope: body, policy: `{"a":[{"exists":false}]}`, body: `{"a":{"b":1}}`, match: true},
		{name: "body exists false matches empty array", scope: body, policy: `{"a":[{"exists":false}]}`, body: `{"a":[]}`, match: true},
		{name: "body cidr matches", scope: body, policy: `{"ip":[{"cidr":"10.0.0.0/24"}]}`, body: `{"ip":"10.0.0.7"}`, match: true},
		{name: "body suffix matches", scope: body, policy: `{"f":[{"suffix":".png"}]}`, body: `{"f":"cat.png"}`, match: true},
		{name: "body equals-ignore-case matches", scope: body, policy: `{"f":[{"equals-ignore-case":"ABC"}]}`, body: `{"f":"abc"}`, match: true},
		{name: "body unicode escapes decode", scope: body, policy: `{"f":["é"]}`, body: `{"f":"\u00e9"}`, match: true},
		{name: "body surrogate pair decodes", scope: body, policy: `{"f":["😀"]}`, body: `{"f":"\ud83d\ude00"}`, match: true},
		{name: "body empty policy matches", scope: body, policy: `{}`, body: `not json`, match: true},
		{name: "body scope ignores attributes", scope: body, policy: `{"a":["b"]}`, attrs: attrs{"a": attrString("b")}, body: `{}`},
		{name: "body nested or inside key", scope: body, policy: `{"d":{"$or":[{"x":["1"]},{"y":["2"]}]}}`, body: `{"d":{"y":"2"}}`, match: true},
	}
}

// manyAttributes returns n String attributes k0=v0 … so that lookups
// take the indexed path.
func manyAttributes(n int) attrs {
	a := make(attrs, n)
	for i := range n {
		a[fmt.Sprintf("k%d", i)] = attrString(fmt.Sprintf("v%d", i))
	}
	return a
}

// TestFilterPolicyTable runs every row of filterCases: a refused policy
// gives exactly AWS's reason; an accepted one decides the row's message as
// AWS does.
func TestFilterPolicyTable(t *testing.T) {
	cases := filterCases()
	require.GreaterOrEqual(t, len(cases), 150)
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.name], "duplicate case name %q", tc.name)
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			p, err := compileFilterPolicy(tc.policy, tc.scope)
			if tc.err != "" {
				require.Error(t, err)
				var pe *filterPolicyError
				require.True(t, errors.As(err, &pe), "error is %T", err)
				assert.Equal(t, tc.err, err.Error())
				assert.Nil(t, p)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.match, p.match(newFilterInput(tc.attrs, tc.body)))
		})
	}
}

// TestFilterPolicyDefaultScopeIsMessageAttributes: an empty
// FilterPolicyScope means MessageAttributes (AWS: attribute-based
// filtering is the default), so a nested policy is refused and attributes
// are matched.
func TestFilterPolicyDefaultScopeIsMessageAttributes(t *testing.T) {
	_, err := compileFilterPolicy(`{"a":{"b":["c"]}}`, "")
	require.Error(t, err)
	p, err := compileFilterPolicy(`{"a":["b"]}`, filterScopeAttributes)
	require.NoError(t, err)
	assert.True(t, p.match(newFilterInput(attrs{"a": attrString("b")}, "")))
	p, err = compileFilterPolicy(`{"a":["b"]}`, "")
	require.NoError(t, err)
	assert.True(t, p.match(newFilterInput(attrs{"a": attrString("b")}, "")))
}

// TestFilterPolicyScopeErrorStandsOutsideFilterPolicy: AWS reports a nested
// policy in the MessageAttributes scope as "Invalid parameter: Filter
// policy scope MessageAttributes does not support nested filter policy",
// without the "FilterPolicy: " it puts before every other reason [LS
// sub-filter-policy-nested-error].
func TestFilterPolicyScopeErrorStandsOutsideFilterPolicy(t *testing.T) {
	var pe *filterPolicyError
	_, err := compileFilterPolicy(`{"object":{"key":["a"]}}`, "")
	require.True(t, errors.As(err, &pe))
	assert.False(t, pe.namesFilterPolicy())

	_, err = compileFilterPolicy(`{"key":[]}`, "")
	require.True(t, errors.As(err, &pe))
	assert.True(t, pe.namesFilterPolicy())

	_, err = compileFilterPolicy(`{bad`, "")
	require.True(t, errors.As(err, &pe))
	assert.True(t, pe.namesFilterPolicy())
}

// TestFilterPolicyRejectsDeepNesting: a policy nested deeper than the
// parser follows is refused with a reason, not a stack overflow.
func TestFilterPolicyRejectsDeepNesting(t *testing.T) {
	deep := `{"a":` + strings.Repeat("[", filterMaxDepth+1) + strings.Repeat("]", filterMaxDepth+1) + `}`
	_, err := compileFilterPolicy(deep, filterScopeBody)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "failed to parse JSON. Document nesting depth"), err.Error())

	p, err := compileFilterPolicy(`{"a":[{"exists":false}]}`, filterScopeBody)
	require.NoError(t, err)
	assert.False(t, p.match(newFilterInput(nil, deep)), "a body too deep to decode is not a JSON object")
}

// TestFilterInputDecodesBodyOnce: fan-out to many subscriptions decodes
// the body once; every policy sees the same decoded properties.
func TestFilterInputDecodesBodyOnce(t *testing.T) {
	in := newFilterInput(nil, `{"a":{"b":"c"}}`)
	first := in.bodyPaths()
	require.NotNil(t, first)
	for i := range 100 {
		p, err := compileFilterPolicy(fmt.Sprintf(`{"a":{"b":["c","x%d"]}}`, i), filterScopeBody)
		require.NoError(t, err)
		require.True(t, p.match(in))
	}
	assert.Equal(t, reflect.ValueOf(first).Pointer(), reflect.ValueOf(in.bodyPaths()).Pointer())
}

// TestFilterInputConcurrentEvaluation: subscriptions may evaluate one
// filterInput from several goroutines (run with -race).
func TestFilterInputConcurrentEvaluation(t *testing.T) {
	p, err := compileFilterPolicy(`{"a":[{"prefix":"x"}]}`, filterScopeBody)
	require.NoError(t, err)
	in := newFilterInput(nil, `{"a":"xyz"}`)
	var wg sync.WaitGroup
	results := make([]bool, 8)
	for i := range results {
		wg.Go(func() { results[i] = p.match(in) })
	}
	wg.Wait()
	for _, r := range results {
		assert.True(t, r)
	}
}

// benchPolicy5Keys is a typical attribute policy with five keys, one of
// each common operator.
const benchPolicy5Keys = `{
	"store": ["example_corp", "other_corp"],
	"event": [{"prefix": "order-"}],
	"price_usd": [{"numeric": [">=", 100, "<", 500]}],
	"customer_interests": [{"anything-but": ["rugby", "tennis"]}],
	"encrypted": [{"exists": false}]
}`

// benchAttributes5 is a message that passes benchPolicy5Keys.
func benchAttributes5() attrs {
	return attrs{
		"store":              attrString("example_corp"),
		"event":              attrString("order-placed"),
		"price_usd":          attrNumber("210.75"),
		"customer_interests": attrArray(`["soccer","rugby"]`),
		"region":             attrString("eu-west-1"),
	}
}

// TestFilterPolicyMatchDoesNotAllocate holds the performance budget: a
// compiled attribute policy evaluates without allocating.
func TestFilterPolicyMatchDoesNotAllocate(t *testing.T) {
	p, err := compileFilterPolicy(benchPolicy5Keys, "")
	require.NoError(t, err)
	in := newFilterInput(benchAttributes5(), "body")
	require.True(t, p.match(in))
	allocs := testing.AllocsPerRun(1000, func() { p.match(in) })
	assert.Zero(t, allocs)
}

// BenchmarkFilterPolicy5Keys measures one evaluation of a five-key
// attribute policy against a message of five attributes (the message is
// prepared once, as fan-out shares it across subscriptions).
func BenchmarkFilterPolicy5Keys(b *testing.B) {
	p, err := compileFilterPolicy(benchPolicy5Keys, "")
	if err != nil {
		b.Fatal(err)
	}
	in := newFilterInput(benchAttributes5(), "body")
	if !p.match(in) {
		b.Fatal("benchmark message does not pass the policy")
	}
	b.ReportAllocs()
	for b.Loop() {
		p.match(in)
	}
}

// BenchmarkFilterPolicy5KeysWithInput adds the per-message cost of
// preparing the attributes, paid once per publish.
func BenchmarkFilterPolicy5KeysWithInput(b *testing.B) {
	p, err := compileFilterPolicy(benchPolicy5Keys, "")
	if err != nil {
		b.Fatal(err)
	}
	a := benchAttributes5()
	b.ReportAllocs()
	for b.Loop() {
		p.match(newFilterInput(a, "body"))
	}
}
