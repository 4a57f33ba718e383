package server

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/awserr"
)

// The AWS query protocol, which SNS speaks and SQS spoke before AWS JSON:
// a form of parameters (lists and maps flattened into indexed names) in,
// XML out. The codec below is the part the services share; each names
// its parameters and elements as its model does.

// Errors of the query protocol's front end.
var (
	errInvalidAction     = awserr.New("InvalidAction", http.StatusBadRequest)
	errMissingAction     = awserr.New("MissingAction", http.StatusBadRequest)
	errMalformedQuery    = awserr.New("MalformedQueryString", http.StatusBadRequest)
	errInvalidQueryParam = awserr.New("InvalidParameterValue", http.StatusBadRequest)
)

// queryAPI is one service of the query protocol as the router sees it:
// an entry of [queryAPIs]. A service's handler file declares its entry;
// its option installs the account's handler under it.
type queryAPI struct {
	// name is the service's name in messages ("SNS").
	name string
	// version is the Version its requests carry, and signingName the
	// service of their SigV4 credential scope.
	version, signingName string
	// actions are the actions it serves: a request with one of them and no
	// Version goes to it.
	actions map[string]bool
	// form is its error form and response namespace.
	form *queryService
}

// queryHandler serves the query requests of one account's service.
type queryHandler interface {
	// serveQuery runs the action of r, whose parameters are f.
	serveQuery(r *http.Request, rw *responseWriter, f *form)
}

// queryAPIs are the services of the query protocol, in the order a
// request without a Version is matched against their actions. The first
// served one's error form (the first one's, when none is) answers a
// request that names none.
var queryAPIs = []*queryAPI{snsAPI, sqsAPI, cloudWatchAPI, elbAPI, elbClassicAPI, autoScalingAPI, beanstalkAPI, ec2API}

// serveQuery serves a request of the AWS query protocol, its parameters
// in a POST's form-encoded body or a GET's query string, with the service
// of [queryAPIs] whose Version it carries or, when it has none, the first
// that serves its Action.
func (s *Server) serveQuery(r *http.Request, rw *responseWriter) {
	front := queryAPIs[0].form // the error form before the service is known
	for _, api := range queryAPIs {
		if s.served.query[api] != nil {
			front = api.form
			break
		}
	}
	var raw string
	var body []byte
	switch r.Method {
	case http.MethodGet:
		raw = r.URL.RawQuery
	case http.MethodPost:
		bp, err := readBody(r)
		defer putBody(bp)
		if err != nil {
			rw.queryError(err, front)
			return
		}
		body = *bp
		raw = string(body)
	default:
		rw.queryError(errMethodNotAllowed.With("The AWS query protocol takes POST or GET requests, not %s.", r.Method), front)
		return
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		rw.queryError(errMalformedQuery.With("The request's parameters are not a valid form: %v.", err), front)
		return
	}
	f := &form{v: v}
	version, action := f.get("Version"), f.get("Action")
	var api *queryAPI
	for _, a := range queryAPIs {
		if version == a.version || version == "" && a.actions[action] {
			api, front = a, a.form
			break
		}
	}
	if api == nil || s.served.query[api] == nil {
		rw.queryError(errInvalidAction.With("The action %s of version %q is not served; %s.", action, version, s.servedQuery()), front)
		return
	}
	acct, err := s.authenticate(r, body, api.signingName)
	if err != nil {
		rw.queryError(err, front)
		return
	}
	rw.acct = acct
	if acct, err = s.queryOwner(acct, api.signingName, action, r.URL.Path, f); err != nil {
		rw.queryError(err, front)
		return
	}
	h := acct.query[api]
	if h == nil {
		rw.queryError(errInvalidAction.With("The action %s is not served for account %s.", action, acct.id), front)
		return
	}
	h.serveQuery(r, rw, f)
}

// servedQuery says which services of the query protocol are served:
// "SNS (Version 2010-03-31) and SQS (Version 2012-11-05) are".
func (s *Server) servedQuery() string {
	var list []string
	for _, api := range queryAPIs {
		if s.served.query[api] != nil {
			list = append(list, api.name+" (Version "+api.version+")")
		}
	}
	switch len(list) {
	case 0:
		return "no service is"
	case 1:
		return list[0] + " is"
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1] + " are"
}

// serveDocument runs the action of a query request whose parameters are
// f, one of actions of the service svc: run reads the parameters as a
// document ([formDocument]) and writes the output's members as XML
// ([xmlDocWriter]), so that a service whose operations are written once
// for the RPC protocols (CloudWatch), or read as documents (ELB), serves
// the query protocol with the same code.
func serveDocument(r *http.Request, rw *responseWriter, f *form, svc *queryService, actions map[string]bool,
	run func(ctx context.Context, action string, c docMap, w docWriter) error) {
	action := f.get("Action")
	if !actions[action] {
		if action == "" {
			rw.queryError(errMissingAction.With("Missing Action"), svc)
			return
		}
		rw.queryError(errInvalidAction.With("The action %s is not valid for this web service.", action), svc)
		return
	}
	var decodeErr error
	bp := bodies.Get().(*[]byte)
	defer putBody(bp)
	w := &xmlDocWriter{x: xmlWriter{b: (*bp)[:0]}}
	w.open = w.stack[:0]
	w.beginMap()
	err := run(r.Context(), action, docMap{m: formDocument(f.v), err: &decodeErr, text: true}, w)
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		rw.queryError(err, svc)
		return
	}
	w.end()
	rw.queryResult(svc, action, w.bytes())
	*bp = w.bytes()
}

// formDocument reads a query request's parameters (but Action and
// Version) as a document of nested structures: NAME.member.N is the N-th
// member of the list NAME, N from 1, and A.B the member B of the
// structure A. The values stay strings, which a docMap with text set
// parses. A list ends at its first missing index.
func formDocument(v url.Values) map[string]any {
	root := map[string]any{}
	for k, vs := range v {
		if k == "Action" || k == "Version" || len(vs) == 0 {
			continue
		}
		setFormPath(root, k, vs[0])
	}
	finishForm(root)
	return root
}

// formList is a list being read, by index.
type formList map[int]any

// setFormPath sets the member that path names in m to value.
func setFormPath(m map[string]any, path, value string) {
	name, rest, nested := strings.Cut(path, ".")
	if !nested {
		if _, ok := m[name]; !ok {
			m[name] = value
		}
		return
	}
	if after, isList := strings.CutPrefix(rest, "member."); isList {
		index, item, ok := strings.Cut(after, ".")
		n, err := strconv.Atoi(index)
		if err != nil || n < 1 {
			return
		}
		l, isList := m[name].(formList)
		if !isList {
			l = formList{}
			m[name] = l
		}
		if !ok {
			if _, set := l[n]; !set {
				l[n] = value
			}
			return
		}
		sub, isMap := l[n].(map[string]any)
		if !isMap {
			sub = map[string]any{}
			l[n] = sub
		}
		setFormPath(sub, item, value)
		return
	}
	sub, ok := m[name].(map[string]any)
	if !ok {
		sub = map[string]any{}
		m[name] = sub
	}
	setFormPath(sub, rest, value)
}

// finishForm turns the lists read into m into []any, in index order.
func finishForm(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			finishForm(v)
		case formList:
			list := make([]any, 0, len(v))
			for i := 1; ; i++ {
				item, ok := v[i]
				if !ok {
					break
				}
				if sub, ok := item.(map[string]any); ok {
					finishForm(sub)
				}
				list = append(list, item)
			}
			m[k] = list
		}
	}
}

// xmlDocWriter writes an output document as the members of a query
// response's <ActionResult>: a member as <Name>value</Name>, a list's
// items as <member>, a map's as <entry><key/><value/></entry>, timestamps
// in ISO 8601. The outermost structure is the result itself.
type xmlDocWriter struct {
	x xmlWriter
	// open are the containers being written: each one's element ("" for
	// the result) and kind, in stack while they fit.
	open  []xmlContainer
	stack [8]xmlContainer
	// next is the name a key gave the next container.
	next string
}

type xmlContainer struct {
	name string
	kind byte // 's' structure, 'l' list, 'e' entries
}

// element opens the element of the next item, named k unless it is an
// item of a list or a map, and returns the name to close.
func (w *xmlDocWriter) element(k string) string {
	if n := len(w.open); n > 0 {
		switch w.open[n-1].kind {
		case 'l':
			k = "member"
		case 'e':
			w.x.open("entry")
			w.x.text("key", k)
			k = "value"
		}
	}
	w.x.open(k)
	return k
}

// closeElement closes an item opened by element.
func (w *xmlDocWriter) closeElement(name string) {
	w.x.close(name)
	if n := len(w.open); n > 0 && w.open[n-1].kind == 'e' {
		w.x.close("entry")
	}
}

func (w *xmlDocWriter) begin(kind byte) {
	name := ""
	if len(w.open) > 0 {
		name = w.element(w.next)
	}
	w.next = ""
	w.open = append(w.open, xmlContainer{name: name, kind: kind})
}

func (w *xmlDocWriter) beginMap()     { w.begin('s') }
func (w *xmlDocWriter) beginEntries() { w.begin('e') }
func (w *xmlDocWriter) beginList()    { w.begin('l') }

func (w *xmlDocWriter) end() {
	c := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	if len(w.open) > 0 {
		w.closeElement(c.name)
	}
}

func (w *xmlDocWriter) key(k string) { w.next = k }

// value writes the item k with its text, appended by text.
func (w *xmlDocWriter) value(k string, text func([]byte) []byte) {
	name := w.element(k)
	w.x.b = text(w.x.b)
	w.closeElement(name)
}

func (w *xmlDocWriter) str(k, v string) {
	if v != "" {
		name := w.element(k)
		w.x.escape(v)
		w.closeElement(name)
	}
}

func (w *xmlDocWriter) float(k string, v float64) {
	w.value(k, func(b []byte) []byte { return strconv.AppendFloat(b, v, 'g', -1, 64) })
}

func (w *xmlDocWriter) int(k string, v int64) {
	w.value(k, func(b []byte) []byte { return strconv.AppendInt(b, v, 10) })
}

func (w *xmlDocWriter) bool(k string, v bool) {
	w.value(k, func(b []byte) []byte { return strconv.AppendBool(b, v) })
}

// xmlTime is the form of the query protocol's timestamps.
const xmlTime = "2006-01-02T15:04:05.000Z"

func (w *xmlDocWriter) time(k string, t time.Time) {
	if !t.IsZero() {
		w.value(k, func(b []byte) []byte { return t.UTC().AppendFormat(b, xmlTime) })
	}
}

func (w *xmlDocWriter) strings(k string, list []string) {
	w.key(k)
	w.beginList()
	for _, s := range list {
		name := w.element("")
		w.x.escape(s)
		w.closeElement(name)
	}
	w.end()
}

func (w *xmlDocWriter) floats(k string, list []float64) {
	w.key(k)
	w.beginList()
	for _, f := range list {
		w.float("", f)
	}
	w.end()
}

func (w *xmlDocWriter) times(k string, list []time.Time) {
	w.key(k)
	w.beginList()
	for _, t := range list {
		w.time("", t)
	}
	w.end()
}

func (w *xmlDocWriter) bytes() []byte { return w.x.b }

// form is a query request's parameters.
type form struct {
	v   url.Values
	err error
}

func (f *form) get(name string) string {
	if vs := f.v[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func (f *form) has(name string) bool { _, ok := f.v[name]; return ok }

// boolean reads a boolean parameter: "true" or "false", any case.
func (f *form) boolean(name string) bool {
	s := f.get(name)
	switch strings.ToLower(s) {
	case "", "false":
		return false
	case "true":
		return true
	}
	if f.err == nil {
		f.err = errInvalidQueryParam.With("Value (%s) for parameter %s is invalid. Must be true or false.", s, name)
	}
	return false
}

// integer reads an integer parameter, reporting whether one was given.
func (f *form) integer(name string) (int, bool) {
	s := f.get(name)
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil && f.err == nil {
		f.err = errInvalidQueryParam.With("Value (%s) for parameter %s is invalid. Must be an integer.", s, name)
	}
	return int(n), err == nil
}

// hasPrefix reports whether any parameter's name starts with p.
func (f *form) hasPrefix(p string) bool {
	for k := range f.v {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// stringMap reads a map of strings whose entries are PREFIXN.key and
// PREFIXN.value, N from 1: "Attributes.entry." with "key" and "value"
// for SNS, "Attribute." with "Name" and "Value" for SQS.
func (f *form) stringMap(prefix, key, value string) map[string]string {
	var m map[string]string
	for i := 1; ; i++ {
		p := prefix + strconv.Itoa(i) + "."
		if !f.has(p + key) {
			return m
		}
		if m == nil {
			m = make(map[string]string)
		}
		m[f.get(p+key)] = f.get(p + value)
	}
}

// list reads a list of strings whose members are PREFIXN, N from 1:
// "TagKeys.member." for SNS, "TagKey." for SQS. A list of one may also
// be given without its index (AttributeName=All), as SQS's documentation
// writes it.
func (f *form) list(prefix string) []string {
	if name := strings.TrimSuffix(prefix, "."); !f.has(prefix+"1") && f.has(name) {
		return []string{f.get(name)}
	}
	var list []string
	for i := 1; ; i++ {
		p := prefix + strconv.Itoa(i)
		if !f.has(p) {
			return list
		}
		list = append(list, f.get(p))
	}
}

// messageAttributes reads message attributes whose entries are
// PREFIXN.Name and PREFIXN.Value.DataType, .StringValue and .BinaryValue
// (base64): "MessageAttributes.entry." for SNS, "MessageAttribute." for
// SQS.
func (f *form) messageAttributes(prefix string) map[string]cloud.MessageAttributeValue {
	var m map[string]cloud.MessageAttributeValue
	for i := 1; ; i++ {
		p := prefix + strconv.Itoa(i)
		if !f.has(p + ".Name") {
			return m
		}
		v := cloud.MessageAttributeValue{
			DataType:    f.get(p + ".Value.DataType"),
			StringValue: f.get(p + ".Value.StringValue"),
		}
		if b := p + ".Value.BinaryValue"; f.has(b) {
			raw, err := base64.StdEncoding.DecodeString(f.get(b))
			if err != nil && f.err == nil {
				f.err = errInvalidQueryParam.With("Value for parameter %s is not valid base64.", b)
			}
			v.BinaryValue = raw
			if v.BinaryValue == nil {
				v.BinaryValue = []byte{}
			}
		}
		if m == nil {
			m = make(map[string]cloud.MessageAttributeValue)
		}
		m[f.get(p+".Name")] = v
	}
}

// xmlWriter builds a response body.
type xmlWriter struct{ b []byte }

func (x *xmlWriter) open(name string) {
	x.b = append(x.b, '<')
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
}
func (x *xmlWriter) close(name string) {
	x.b = append(x.b, "</"...)
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
}

// text writes <name>escaped value</name>.
func (x *xmlWriter) text(name, value string) {
	x.open(name)
	x.escape(value)
	x.close(name)
}

// optional writes <name>value</name> when value is not empty.
func (x *xmlWriter) optional(name, value string) {
	if value != "" {
		x.text(name, value)
	}
}

// escape appends s escaped as xml.EscapeText escapes it (its output
// byte for byte, without its copy of s): the five markup characters,
// tab and line ends as character references, and a rune XML cannot
// hold, or invalid UTF-8, as U+FFFD.
func (x *xmlWriter) escape(s string) {
	b := x.b
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b = append(append(b, s[last:i]...), esc...)
			last = i + width
		}
		i += width
	}
	x.b = append(b, s[last:]...)
}

// xmlChar reports whether r is in XML's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// stringMap writes a map as <name><entry><key/><value/></entry>…</name>,
// in key order.
func (x *xmlWriter) stringMap(name string, m map[string]string) {
	x.open(name)
	for _, k := range sortedKeys(nil, m) {
		x.open("entry")
		x.text("key", k)
		x.text("value", m[k])
		x.close("entry")
	}
	x.close(name)
}

// queryService is what a service's query responses depend on.
type queryService struct {
	// namespace is the XML namespace of its responses.
	namespace string
	// detail: its errors carry an empty <Detail/>, as SQS's do.
	detail bool
	// noResult are the actions without output, whose responses have no
	// <ActionResult>.
	noResult map[string]bool
	// ec2: its errors are EC2's <Response><Errors>, not an
	// <ErrorResponse>.
	ec2 bool
}

// queryResult writes a 200 response of action with the members of its
// result: <ActionResponse> with <ActionResult> (unless the action has no
// output) and <ResponseMetadata>.
func (rw *responseWriter) queryResult(svc *queryService, action string, result []byte) {
	b := make([]byte, 0, len(result)+256)
	b = append(b, `<`...)
	b = append(b, action...)
	b = append(b, `Response xmlns="`...)
	b = append(b, svc.namespace...)
	b = append(b, `">`...)
	if !svc.noResult[action] {
		b = append(b, '<')
		b = append(b, action...)
		b = append(b, "Result>"...)
		b = append(b, result...)
		b = append(b, "</"...)
		b = append(b, action...)
		b = append(b, "Result>"...)
	}
	b = append(b, "<ResponseMetadata><RequestId>"...)
	b = append(b, rw.id...)
	b = append(b, "</RequestId></ResponseMetadata></"...)
	b = append(b, action...)
	b = append(b, "Response>"...)
	rw.xml(b)
}

var contentTypeXML = []string{"text/xml"}

// xml writes a 200 response with the XML body b.
func (rw *responseWriter) xml(b []byte) {
	rw.header(contentTypeXML)
	rw.w.WriteHeader(http.StatusOK)
	rw.w.Write(b)
}

// queryError writes err as the query protocol does: the status AWS sends
// and an ErrorResponse with the fault (Type), code and message (and, for
// SQS, an empty Detail). An error
// that is not an AWS error is an InternalFailure.
func (rw *responseWriter) queryError(err error, svc *queryService) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		e = errInternalFailure.With("%v", err)
	}
	if svc.ec2 {
		rw.ec2Error(e)
		return
	}
	x := &xmlWriter{b: rw.buf[:0]}
	x.b = append(x.b, `<ErrorResponse xmlns="`...)
	x.b = append(x.b, svc.namespace...)
	x.b = append(x.b, `"><Error>`...)
	x.text("Type", string(e.Fault))
	x.text("Code", e.Code)
	x.text("Message", e.Message)
	if svc.detail {
		x.b = append(x.b, "<Detail/>"...)
	}
	x.close("Error")
	x.text("RequestId", rw.id)
	x.close("ErrorResponse")
	rw.header(contentTypeXML)
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(x.b)
}

// serveAction runs the action of a query request whose parameters are f
// with run, which calls the service and writes the members of its
// result, and answers in svc's form.
func serveAction(r *http.Request, rw *responseWriter, f *form, svc *queryService, run func(ctx context.Context, action string, f *form, x *xmlWriter) error) {
	action := f.get("Action")
	x := &xmlWriter{b: make([]byte, 0, 4096)} // most results fit, without growing
	err := run(r.Context(), action, f, x)
	if err == nil {
		err = f.err
	}
	switch {
	case err != nil:
		rw.queryError(err, svc)
	case svc.ec2:
		rw.ec2Result(action, x.b)
	default:
		rw.queryResult(svc, action, x.b)
	}
}

// formTags reads the list of tags NAME.member.N.Key and .Value, N from 1,
// as the tag type T of a service (sns.Tag, beanstalk.Tag), which is a
// Key and a Value.
func formTags[T ~struct{ Key, Value string }](f *form, name string) []T {
	var list []T
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i)
		if !f.has(p+".Key") && !f.has(p+".Value") {
			return list
		}
		list = append(list, T{Key: f.get(p + ".Key"), Value: f.get(p + ".Value")})
	}
}
