package elb

import (
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/awssim/awssim/internal/input"
)

// Condition fields, as the API spells them.
const (
	FieldHostHeader        = "host-header"
	FieldPathPattern       = "path-pattern"
	FieldHTTPHeader        = "http-header"
	FieldHTTPRequestMethod = "http-request-method"
	FieldQueryString       = "query-string"
	FieldSourceIP          = "source-ip"
)

// Limits of a rule's conditions, from the Application Load Balancer guide.
const (
	// MaxConditionValues is the most match values of one condition.
	MaxConditionValues = 3
	// MaxRuleEvaluations is the most match values of all of a rule's
	// conditions together.
	MaxRuleEvaluations = 5
	// MaxRuleWildcards is the most wildcards of all of a rule's
	// conditions together.
	MaxRuleWildcards = 5
	// maxConditionValueLength is the longest match value.
	maxConditionValueLength = 128
)

// RuleCondition is one condition of a rule: the request matches it when
// it matches any of its values. A rule matches when every condition does.
type RuleCondition struct {
	// Field is host-header, path-pattern, http-header,
	// http-request-method, query-string or source-ip. Required.
	Field string
	// Values is the older form of the values of a host-header or
	// path-pattern condition; the configs below are the newer.
	Values                  []string
	HostHeaderConfig        *HostHeaderConditionConfig
	PathPatternConfig       *PathPatternConditionConfig
	HttpHeaderConfig        *HttpHeaderConditionConfig
	HttpRequestMethodConfig *HttpRequestMethodConditionConfig
	QueryStringConfig       *QueryStringConditionConfig
	SourceIpConfig          *SourceIpConditionConfig
}

// HostHeaderConditionConfig matches the Host header, case-insensitively,
// with the wildcards * (any run of characters) and ? (one character).
type HostHeaderConditionConfig struct{ Values []string }

// PathPatternConditionConfig matches the request's path (not its
// query), case-sensitively, with the wildcards * and ?.
type PathPatternConditionConfig struct{ Values []string }

// HttpHeaderConditionConfig matches the values of one header (named
// without wildcards), case-insensitively, with the wildcards * and ?.
type HttpHeaderConditionConfig struct {
	HttpHeaderName string
	Values         []string
}

// HttpRequestMethodConditionConfig matches the method exactly,
// case-sensitively.
type HttpRequestMethodConditionConfig struct{ Values []string }

// QueryStringConditionConfig matches query parameters: a pair with a Key
// matches a parameter of that key and value, one without matches any
// parameter's value; case-insensitively, with the wildcards * and ?.
type QueryStringConditionConfig struct {
	Values []QueryStringKeyValuePair
}

// QueryStringKeyValuePair is a key (optional) and a value of a
// query-string condition.
type QueryStringKeyValuePair struct {
	Key   string
	Value string
}

// SourceIpConditionConfig matches the client's address (that of the
// connection, not X-Forwarded-For) against CIDR blocks.
type SourceIpConditionConfig struct{ Values []string }

// clone returns a copy of c that shares no slice or config with it, so
// that the service keeps none of its caller's and hands out none of its
// own.
func (c RuleCondition) clone() RuleCondition {
	c.Values = slices.Clone(c.Values)
	if h := c.HostHeaderConfig; h != nil {
		c.HostHeaderConfig = &HostHeaderConditionConfig{Values: slices.Clone(h.Values)}
	}
	if p := c.PathPatternConfig; p != nil {
		c.PathPatternConfig = &PathPatternConditionConfig{Values: slices.Clone(p.Values)}
	}
	if h := c.HttpHeaderConfig; h != nil {
		c.HttpHeaderConfig = &HttpHeaderConditionConfig{HttpHeaderName: h.HttpHeaderName, Values: slices.Clone(h.Values)}
	}
	if m := c.HttpRequestMethodConfig; m != nil {
		c.HttpRequestMethodConfig = &HttpRequestMethodConditionConfig{Values: slices.Clone(m.Values)}
	}
	if q := c.QueryStringConfig; q != nil {
		c.QueryStringConfig = &QueryStringConditionConfig{Values: slices.Clone(q.Values)}
	}
	if ip := c.SourceIpConfig; ip != nil {
		c.SourceIpConfig = &SourceIpConditionConfig{Values: slices.Clone(ip.Values)}
	}
	return c
}

// condition is a checked condition, ready to match.
type condition struct {
	field  string
	header string // canonical header name of an http-header condition
	values []string
	pairs  []QueryStringKeyValuePair
	nets   []netip.Prefix
	spec   RuleCondition
}

// compileConditions checks a rule's conditions against AWS's limits and
// returns them ready to match.
func compileConditions(specs []RuleCondition) ([]condition, error) {
	if len(specs) == 0 {
		return nil, ErrValidationError.With("a rule needs at least one condition")
	}
	out := make([]condition, 0, len(specs))
	wildcards := 0
	for _, sp := range specs {
		sp = sp.clone()
		c := condition{field: sp.Field, spec: sp}
		once := sp.Field != FieldHTTPHeader && sp.Field != FieldQueryString
		if once && slices.ContainsFunc(out, func(o condition) bool { return o.field == sp.Field }) {
			return nil, ErrValidationError.With("a rule can have only one %s condition", sp.Field)
		}
		var err error
		switch sp.Field {
		case FieldHostHeader:
			c.values, err = legacyValues(sp, sp.HostHeaderConfig != nil, func() []string { return sp.HostHeaderConfig.Values })
			if err == nil {
				err = eachValue(c.values, validHostPattern, "host header")
			}
		case FieldPathPattern:
			c.values, err = legacyValues(sp, sp.PathPatternConfig != nil, func() []string { return sp.PathPatternConfig.Values })
			if err == nil {
				err = eachValue(c.values, validPathPattern, "path pattern")
			}
		case FieldHTTPHeader:
			if sp.HttpHeaderConfig == nil {
				return nil, ErrValidationError.With("an http-header condition needs an HttpHeaderConfig")
			}
			name := sp.HttpHeaderConfig.HttpHeaderName
			if name == "" || len(name) > 40 || strings.ContainsAny(name, "*?") || !validToken(name) {
				return nil, ErrValidationError.With("HTTP header name %q is not 1 to 40 characters of a header name without wildcards", name)
			}
			c.header = http.CanonicalHeaderKey(name)
			c.values = sp.HttpHeaderConfig.Values
			err = eachValue(c.values, visibleASCII, "HTTP header value")
		case FieldHTTPRequestMethod:
			if sp.HttpRequestMethodConfig == nil {
				return nil, ErrValidationError.With("an http-request-method condition needs an HttpRequestMethodConfig")
			}
			c.values = sp.HttpRequestMethodConfig.Values
			err = eachValue(c.values, func(v string) bool { return len(v) <= 40 && validToken(v) && !strings.ContainsAny(v, "*?") }, "HTTP request method")
		case FieldQueryString:
			if sp.QueryStringConfig == nil {
				return nil, ErrValidationError.With("a query-string condition needs a QueryStringConfig")
			}
			c.pairs = sp.QueryStringConfig.Values
			for _, p := range c.pairs {
				if p.Value == "" || !visibleASCII(p.Value) || p.Key != "" && !visibleASCII(p.Key) {
					return nil, ErrValidationError.With("query string value %q (key %q) is not 1 to 128 visible characters", p.Value, p.Key)
				}
				wildcards += strings.Count(p.Key, "*") + strings.Count(p.Key, "?") + strings.Count(p.Value, "*") + strings.Count(p.Value, "?")
			}
		case FieldSourceIP:
			if sp.SourceIpConfig == nil {
				return nil, ErrValidationError.With("a source-ip condition needs a SourceIpConfig")
			}
			c.values = sp.SourceIpConfig.Values
			for _, v := range c.values {
				p, perr := netip.ParsePrefix(v)
				if perr != nil || v == "255.255.255.255/32" {
					return nil, ErrValidationError.With("source IP %q is not a CIDR block", v)
				}
				c.nets = append(c.nets, p.Masked())
			}
		default:
			return nil, ErrValidationError.With("condition field %q is not host-header, path-pattern, http-header, http-request-method, query-string or source-ip", sp.Field)
		}
		if err != nil {
			return nil, err
		}
		n := len(c.values) + len(c.pairs)
		if n == 0 || n > MaxConditionValues {
			return nil, ErrValidationError.With("a %s condition has 1 to %d values, not %d", sp.Field, MaxConditionValues, n)
		}
		if sp.Field != FieldSourceIP && sp.Field != FieldHTTPRequestMethod {
			for _, v := range c.values {
				wildcards += strings.Count(v, "*") + strings.Count(v, "?")
			}
		}
		out = append(out, c)
	}
	total := 0
	for _, c := range out {
		total += len(c.values) + len(c.pairs)
	}
	switch {
	case total > MaxRuleEvaluations:
		return nil, ErrValidationError.With("a rule has at most %d condition values in all, not %d", MaxRuleEvaluations, total)
	case wildcards > MaxRuleWildcards:
		return nil, ErrValidationError.With("a rule has at most %d wildcards in all, not %d", MaxRuleWildcards, wildcards)
	}
	return out, nil
}

// legacyValues returns the values of a host-header or path-pattern
// condition from Values or from its config, which must not both be set.
func legacyValues(sp RuleCondition, hasConfig bool, config func() []string) ([]string, error) {
	switch {
	case hasConfig && len(sp.Values) > 0:
		return nil, ErrValidationError.With("a %s condition takes Values or its config, not both", sp.Field)
	case hasConfig:
		return config(), nil
	}
	return sp.Values, nil
}

func eachValue(values []string, valid func(string) bool, what string) error {
	for _, v := range values {
		if v == "" || len(v) > maxConditionValueLength || !valid(v) {
			return ErrValidationError.With("%s %q is not 1 to %d allowed characters", what, v, maxConditionValueLength)
		}
	}
	return nil
}

// validHostPattern: letters, digits, - . * ?, with a dot; AWS also
// wants only letters after the last dot.
func validHostPattern(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isAlnum(c) && !strings.ContainsRune("-.*?", rune(c)) {
			return false
		}
	}
	dot := strings.LastIndexByte(v, '.')
	if dot < 0 {
		return false
	}
	for i := dot + 1; i < len(v); i++ {
		if !isLetter(v[i]) && v[i] != '*' && v[i] != '?' {
			return false
		}
	}
	return true
}

// validPathPattern: letters, digits and _ - . $ / ~ " ' @ : + & * ?.
func validPathPattern(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isAlnum(c) && !strings.ContainsRune(`_-.$/~"'@:+&*?`, rune(c)) {
			return false
		}
	}
	return true
}

func visibleASCII(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] <= 0x20 && v[i] != ' ' || v[i] >= 0x7f {
			return false
		}
	}
	return len(v) <= maxConditionValueLength
}

// validToken: the characters of an HTTP token (RFC 9110).
func validToken(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isAlnum(c) && !strings.ContainsRune("!#$%&'*+-.^_`|~?", rune(c)) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool  { return isLetter(c) || '0' <= c && c <= '9' }

// request is what conditions match against, read from the request once.
type request struct {
	host   string // without the port
	path   string
	method string
	query  url.Values // parsed when a query-string condition first needs it
	rawQ   string
	header http.Header
	source netip.Addr
}

// matches reports whether the request matches c.
func (c *condition) matches(r *request) bool {
	switch c.field {
	case FieldHostHeader:
		for _, v := range c.values {
			if input.Glob(v, r.host, true) {
				return true
			}
		}
	case FieldPathPattern:
		for _, v := range c.values {
			if input.Glob(v, r.path, false) {
				return true
			}
		}
	case FieldHTTPHeader:
		for _, h := range r.header[c.header] {
			for _, v := range c.values {
				if input.Glob(v, h, true) {
					return true
				}
			}
		}
	case FieldHTTPRequestMethod:
		return slices.Contains(c.values, r.method)
	case FieldQueryString:
		if r.query == nil {
			r.query, _ = url.ParseQuery(r.rawQ)
		}
		for _, p := range c.pairs {
			for k, vs := range r.query {
				if p.Key != "" && !input.Glob(p.Key, k, true) {
					continue
				}
				for _, v := range vs {
					if input.Glob(p.Value, v, true) {
						return true
					}
				}
			}
		}
	case FieldSourceIP:
		for _, n := range c.nets {
			if n.Contains(r.source) {
				return true
			}
		}
	}
	return false
}
