package elb

import (
	"slices"
	"strconv"
	"time"
)

// attributeSpec is one attribute a resource has: its key, its default
// and the values it takes.
type attributeSpec struct {
	key, def string
	valid    func(string) bool
	what     string // the values it takes, for messages
}

func boolAttr(key, def string) attributeSpec {
	return attributeSpec{key, def, func(v string) bool { return v == "true" || v == "false" }, "true or false"}
}

func intAttr(key, def string, lo, hi int) attributeSpec {
	return attributeSpec{key, def, func(v string) bool {
		n, err := strconv.Atoi(v)
		return err == nil && lo <= n && n <= hi
	}, "an integer from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
}

func enumAttr(key, def string, values ...string) attributeSpec {
	return attributeSpec{key, def, func(v string) bool { return slices.Contains(values, v) }, "one of " + quoteAll(values)}
}

// offOrIntAttr is an attribute that is "off" or an integer from lo to
// hi.
func offOrIntAttr(key, def string, lo, hi int) attributeSpec {
	in := intAttr(key, def, lo, hi).valid
	return attributeSpec{key, def, func(v string) bool { return v == "off" || in(v) }, "off or an integer from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
}

// zeroOrIntAttr is an attribute that is 0 (off, its default) or an
// integer from lo to hi.
func zeroOrIntAttr(key string, lo, hi int) attributeSpec {
	in := intAttr(key, "0", lo, hi).valid
	return attributeSpec{key, "0", func(v string) bool { return v == "0" || in(v) }, "0 (off) or an integer from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
}

func stringAttr(key string) attributeSpec {
	return attributeSpec{key, "", func(v string) bool { return len(v) <= 1024 }, "at most 1024 characters"}
}

// loadBalancerAttributes are the attributes of a load balancer of type
// typ, with AWS's defaults.
func loadBalancerAttributes(typ string) []attributeSpec {
	common := []attributeSpec{
		boolAttr("access_logs.s3.enabled", "false"),
		stringAttr("access_logs.s3.bucket"),
		stringAttr("access_logs.s3.prefix"),
		boolAttr("deletion_protection.enabled", "false"),
	}
	if typ == TypeNetwork {
		return append(common,
			boolAttr("load_balancing.cross_zone.enabled", "false"),
			enumAttr("dns_record.client_routing_policy", "any_availability_zone", "availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"),
		)
	}
	return append(common,
		intAttr("idle_timeout.timeout_seconds", "60", 1, 4000),
		intAttr("client_keep_alive.seconds", "3600", 60, 604800),
		boolAttr("routing.http2.enabled", "true"),
		boolAttr("routing.http.drop_invalid_header_fields.enabled", "false"),
		enumAttr("routing.http.desync_mitigation_mode", "defensive", "monitor", "defensive", "strictest"),
		boolAttr("routing.http.preserve_host_header.enabled", "false"),
		boolAttr("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"),
		boolAttr("routing.http.xff_client_port.enabled", "false"),
		enumAttr("routing.http.xff_header_processing.mode", "append", "append", "preserve", "remove"),
		boolAttr("waf.fail_open.enabled", "false"),
		// Cross-zone load balancing is always on for an Application Load
		// Balancer: the only value it takes is its default.
		enumAttr("load_balancing.cross_zone.enabled", "true", "true"),
	)
}

// attributes are a resource's attribute values, by key, with the specs
// that say which keys it has.
type attributes struct {
	specs  []attributeSpec
	values map[string]string
}

func newAttributes(specs []attributeSpec) attributes {
	a := attributes{specs: specs, values: make(map[string]string, len(specs))}
	for _, sp := range specs {
		a.values[sp.key] = sp.def
	}
	return a
}

// set checks every change, then makes them all, or none.
func (a attributes) set(changes []Attribute, resource string) error {
	for _, c := range changes {
		i := slices.IndexFunc(a.specs, func(sp attributeSpec) bool { return sp.key == c.Key })
		if i < 0 {
			return ErrInvalidConfigurationRequestException.With("attribute key %q is not recognized for this %s", c.Key, resource)
		}
		if sp := a.specs[i]; !sp.valid(c.Value) {
			return ErrInvalidConfigurationRequestException.With("attribute %q value %q is not valid: it takes %s", c.Key, c.Value, sp.what)
		}
	}
	for _, c := range changes {
		a.values[c.Key] = c.Value
	}
	return nil
}

// list returns every attribute, by key.
func (a attributes) list() []Attribute {
	out := make([]Attribute, 0, len(a.specs))
	for _, sp := range a.specs {
		out = append(out, Attribute{Key: sp.key, Value: a.values[sp.key]})
	}
	slices.SortFunc(out, func(x, y Attribute) int {
		switch {
		case x.Key < y.Key:
			return -1
		case x.Key > y.Key:
			return 1
		}
		return 0
	})
	return out
}

func (a attributes) get(key string) string { return a.values[key] }

func (a attributes) bool(key string) bool { return a.values[key] == "true" }

// seconds reads an integer attribute as a duration; a key the resource
// lacks reads as zero.
func (a attributes) seconds(key string) time.Duration {
	n, _ := strconv.Atoi(a.values[key])
	return time.Duration(n) * time.Second
}

func (a attributes) int(key string) int {
	n, _ := strconv.Atoi(a.values[key])
	return n
}

// limit reads an attribute that is "off" or an integer; on is false
// when it is off.
func (a attributes) limit(key string) (n int, on bool) {
	v := a.values[key]
	if v == "off" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

func quoteAll(values []string) string {
	s := ""
	for i, v := range values {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(v)
	}
	return s
}
