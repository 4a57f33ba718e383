package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// cloudWatchVersion is the API version CloudWatch's query requests carry.
const cloudWatchVersion = "2010-08-01"

// cloudWatchAPI routes CloudWatch's query requests, which older SDKs
// send (the model still lists the query protocol beside RPC v2 CBOR and
// AWS JSON 1.0).
var cloudWatchAPI = &queryAPI{
	name: "CloudWatch", version: cloudWatchVersion, signingName: "monitoring",
	actions: cloudWatchActions, form: cloudWatchQuery,
}

// cloudWatchQuery is CloudWatch's query protocol: its XML namespace,
// errors without a Detail, and the actions without output.
var cloudWatchQuery = &queryService{
	namespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
	noResult: map[string]bool{
		"PutMetricData": true, "PutMetricAlarm": true, "PutCompositeAlarm": true, "DeleteAlarms": true,
		"SetAlarmState": true, "EnableAlarmActions": true, "DisableAlarmActions": true,
	},
}

// cloudWatchActions are the operations the CloudWatch handler serves, in
// every protocol.
var cloudWatchActions = map[string]bool{
	"PutMetricData": true, "GetMetricStatistics": true, "GetMetricData": true, "ListMetrics": true,
	"PutMetricAlarm": true, "PutCompositeAlarm": true, "DescribeAlarms": true, "DescribeAlarmsForMetric": true,
	"DeleteAlarms": true, "SetAlarmState": true, "EnableAlarmActions": true, "DisableAlarmActions": true,
	"DescribeAlarmHistory": true,
}

// serveQuery runs a CloudWatch action of the query protocol: its
// parameters are read as the document the RPC protocols decode, and its
// output written as XML.
func (h *cloudWatchHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	action := f.get("Action")
	if !cloudWatchActions[action] {
		rw.queryError(errInvalidAction.With("The action %s is not valid for this web service.", action), cloudWatchQuery)
		return
	}
	var decodeErr error
	w := &xmlDocWriter{}
	w.beginMap()
	err := h.run(r.Context(), action, docMap{m: formDocument(f.v), err: &decodeErr, text: true}, w)
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		rw.queryError(err, cloudWatchQuery)
		return
	}
	w.end()
	rw.queryResult(cloudWatchQuery, action, w.bytes())
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
		setFormPath(root, strings.Split(k, "."), vs[0])
	}
	finishForm(root)
	return root
}

// formList is a list being read, by index.
type formList map[int]any

// setFormPath sets the member that path names in m to value.
func setFormPath(m map[string]any, path []string, value string) {
	name := path[0]
	switch {
	case len(path) == 1:
		if _, ok := m[name]; !ok {
			m[name] = value
		}
	case path[1] == "member" && len(path) > 2:
		n, err := strconv.Atoi(path[2])
		if err != nil || n < 1 {
			return
		}
		l, ok := m[name].(formList)
		if !ok {
			l = formList{}
			m[name] = l
		}
		if len(path) == 3 {
			if _, ok := l[n]; !ok {
				l[n] = value
			}
			return
		}
		sub, ok := l[n].(map[string]any)
		if !ok {
			sub = map[string]any{}
			l[n] = sub
		}
		setFormPath(sub, path[3:], value)
	default:
		sub, ok := m[name].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[name] = sub
		}
		setFormPath(sub, path[1:], value)
	}
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
	// the result) and kind.
	open []xmlContainer
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
