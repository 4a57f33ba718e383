package server

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/awssim/awssim/internal/awserr"
	"github.com/awssim/awssim/sns"
)

// snsVersion is the API version SNS's query requests carry.
const snsVersion = "2010-03-31"

// snsNamespace is the XML namespace of SNS's responses.
const snsNamespace = "http://sns.amazonaws.com/doc/2010-03-31/"

// snsActions are the actions the SNS handler serves; a query request with
// one of them and no Version, or SNS's Version, goes to SNS.
var snsActions = map[string]bool{
	"CreateTopic": true, "DeleteTopic": true, "ListTopics": true,
	"GetTopicAttributes": true, "SetTopicAttributes": true,
	"Subscribe": true, "Unsubscribe": true, "ConfirmSubscription": true,
	"ListSubscriptions": true, "ListSubscriptionsByTopic": true,
	"GetSubscriptionAttributes": true, "SetSubscriptionAttributes": true,
	"Publish": true, "PublishBatch": true,
	"TagResource": true, "UntagResource": true, "ListTagsForResource": true,
}

// Errors of the query protocol's front end.
var (
	errInvalidAction     = awserr.New("InvalidAction", http.StatusBadRequest)
	errMissingAction     = awserr.New("MissingAction", http.StatusBadRequest)
	errMalformedQuery    = awserr.New("MalformedQueryString", http.StatusBadRequest)
	errInvalidQueryParam = awserr.New("InvalidParameterValue", http.StatusBadRequest)
)

// snsHandler serves one sns.Service over the AWS query protocol.
type snsHandler struct {
	svc *sns.Service
	// links serves the URLs in SNS's messages (sns.Service.Handler).
	links http.Handler
}

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

// stringMap reads a map of strings as the query protocol encodes it:
// NAME.entry.N.key and NAME.entry.N.value, N from 1.
func (f *form) stringMap(name string) map[string]string {
	var m map[string]string
	for i := 1; ; i++ {
		p := name + ".entry." + strconv.Itoa(i)
		if !f.has(p + ".key") {
			return m
		}
		if m == nil {
			m = make(map[string]string)
		}
		m[f.get(p+".key")] = f.get(p + ".value")
	}
}

// strings reads a list of strings: NAME.member.N.
func (f *form) strings(name string) []string {
	var list []string
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i)
		if !f.has(p) {
			return list
		}
		list = append(list, f.get(p))
	}
}

// tags reads a list of tags: NAME.member.N.Key and .Value.
func (f *form) tags(name string) []sns.Tag {
	var list []sns.Tag
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i)
		if !f.has(p+".Key") && !f.has(p+".Value") {
			return list
		}
		list = append(list, sns.Tag{Key: f.get(p + ".Key"), Value: f.get(p + ".Value")})
	}
}

// messageAttributes reads message attributes: NAME.entry.N.Name and
// NAME.entry.N.Value.DataType, .StringValue, .BinaryValue (base64).
func (f *form) messageAttributes(name string) map[string]sns.MessageAttributeValue {
	var m map[string]sns.MessageAttributeValue
	for i := 1; ; i++ {
		p := name + ".entry." + strconv.Itoa(i)
		if !f.has(p + ".Name") {
			return m
		}
		v := sns.MessageAttributeValue{
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
			m = make(map[string]sns.MessageAttributeValue)
		}
		m[f.get(p+".Name")] = v
	}
}

// batchEntries reads PublishBatchRequestEntries.member.N.
func (f *form) batchEntries(name string) []sns.PublishBatchRequestEntry {
	var list []sns.PublishBatchRequestEntry
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i) + "."
		found := false
		for k := range f.v {
			if strings.HasPrefix(k, p) {
				found = true
				break
			}
		}
		if !found {
			return list
		}
		list = append(list, sns.PublishBatchRequestEntry{
			Id:                     f.get(p + "Id"),
			Message:                f.get(p + "Message"),
			Subject:                f.get(p + "Subject"),
			MessageStructure:       f.get(p + "MessageStructure"),
			MessageAttributes:      f.messageAttributes(p + "MessageAttributes"),
			MessageDeduplicationId: f.get(p + "MessageDeduplicationId"),
			MessageGroupId:         f.get(p + "MessageGroupId"),
		})
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

// Write appends p, so that xml.EscapeText writes into the body.
func (x *xmlWriter) Write(p []byte) (int, error) {
	x.b = append(x.b, p...)
	return len(p), nil
}

func (x *xmlWriter) escape(s string) {
	xml.EscapeText(x, []byte(s))
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

func (x *xmlWriter) subscriptions(list []sns.Subscription) {
	x.open("Subscriptions")
	for _, s := range list {
		x.open("member")
		x.text("SubscriptionArn", s.SubscriptionArn)
		x.text("Owner", s.Owner)
		x.text("Protocol", s.Protocol)
		x.text("Endpoint", s.Endpoint)
		x.text("TopicArn", s.TopicArn)
		x.close("member")
	}
	x.close("Subscriptions")
}

// serve runs the action of a query request whose parameters are v.
func (h *snsHandler) serve(ctx context.Context, rw *responseWriter, v url.Values) {
	f := &form{v: v}
	action := f.get("Action")
	x := &xmlWriter{}
	err := h.run(ctx, action, f, x)
	if err == nil {
		err = f.err
	}
	if err != nil {
		rw.queryError(err, snsNamespace)
		return
	}
	b := make([]byte, 0, len(x.b)+256)
	b = append(b, `<`...)
	b = append(b, action...)
	b = append(b, `Response xmlns="`+snsNamespace+`"><`...)
	b = append(b, action...)
	b = append(b, "Result>"...)
	b = append(b, x.b...)
	b = append(b, "</"...)
	b = append(b, action...)
	b = append(b, "Result><ResponseMetadata><RequestId>"...)
	b = append(b, rw.id...)
	b = append(b, "</RequestId></ResponseMetadata></"...)
	b = append(b, action...)
	b = append(b, "Response>"...)
	rw.xml(b)
}

// run calls the service for one action and writes the result's members.
func (h *snsHandler) run(ctx context.Context, action string, f *form, x *xmlWriter) error {
	switch action {
	case "CreateTopic":
		out, err := h.svc.CreateTopic(ctx, &sns.CreateTopicInput{
			Name: f.get("Name"), Attributes: f.stringMap("Attributes"), Tags: f.tags("Tags"),
			DataProtectionPolicy: f.get("DataProtectionPolicy"),
		})
		if err != nil {
			return err
		}
		x.text("TopicArn", out.TopicArn)
	case "DeleteTopic":
		_, err := h.svc.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: f.get("TopicArn")})
		return err
	case "ListTopics":
		out, err := h.svc.ListTopics(ctx, &sns.ListTopicsInput{NextToken: f.get("NextToken")})
		if err != nil {
			return err
		}
		x.open("Topics")
		for _, t := range out.Topics {
			x.open("member")
			x.text("TopicArn", t)
			x.close("member")
		}
		x.close("Topics")
		x.optional("NextToken", out.NextToken)
	case "GetTopicAttributes":
		out, err := h.svc.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: f.get("TopicArn")})
		if err != nil {
			return err
		}
		x.stringMap("Attributes", out.Attributes)
	case "SetTopicAttributes":
		_, err := h.svc.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{
			TopicArn: f.get("TopicArn"), AttributeName: f.get("AttributeName"), AttributeValue: f.get("AttributeValue"),
		})
		return err
	case "Subscribe":
		in := &sns.SubscribeInput{
			TopicArn: f.get("TopicArn"), Protocol: f.get("Protocol"), Endpoint: f.get("Endpoint"),
			Attributes: f.stringMap("Attributes"), ReturnSubscriptionArn: f.boolean("ReturnSubscriptionArn"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.Subscribe(ctx, in)
		if err != nil {
			return err
		}
		x.text("SubscriptionArn", out.SubscriptionArn)
	case "ConfirmSubscription":
		out, err := h.svc.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{
			TopicArn: f.get("TopicArn"), Token: f.get("Token"), AuthenticateOnUnsubscribe: f.get("AuthenticateOnUnsubscribe"),
		})
		if err != nil {
			return err
		}
		x.text("SubscriptionArn", out.SubscriptionArn)
	case "Unsubscribe":
		_, err := h.svc.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: f.get("SubscriptionArn")})
		return err
	case "ListSubscriptions":
		out, err := h.svc.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{NextToken: f.get("NextToken")})
		if err != nil {
			return err
		}
		x.subscriptions(out.Subscriptions)
		x.optional("NextToken", out.NextToken)
	case "ListSubscriptionsByTopic":
		out, err := h.svc.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{
			TopicArn: f.get("TopicArn"), NextToken: f.get("NextToken"),
		})
		if err != nil {
			return err
		}
		x.subscriptions(out.Subscriptions)
		x.optional("NextToken", out.NextToken)
	case "GetSubscriptionAttributes":
		out, err := h.svc.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: f.get("SubscriptionArn")})
		if err != nil {
			return err
		}
		x.stringMap("Attributes", out.Attributes)
	case "SetSubscriptionAttributes":
		_, err := h.svc.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{
			SubscriptionArn: f.get("SubscriptionArn"), AttributeName: f.get("AttributeName"), AttributeValue: f.get("AttributeValue"),
		})
		return err
	case "Publish":
		in := &sns.PublishInput{
			TopicArn: f.get("TopicArn"), TargetArn: f.get("TargetArn"), PhoneNumber: f.get("PhoneNumber"),
			Message: f.get("Message"), Subject: f.get("Subject"), MessageStructure: f.get("MessageStructure"),
			MessageAttributes:      f.messageAttributes("MessageAttributes"),
			MessageDeduplicationId: f.get("MessageDeduplicationId"), MessageGroupId: f.get("MessageGroupId"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.Publish(ctx, in)
		if err != nil {
			return err
		}
		x.text("MessageId", out.MessageId)
		x.optional("SequenceNumber", out.SequenceNumber)
	case "PublishBatch":
		in := &sns.PublishBatchInput{
			TopicArn: f.get("TopicArn"), PublishBatchRequestEntries: f.batchEntries("PublishBatchRequestEntries"),
		}
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.PublishBatch(ctx, in)
		if err != nil {
			return err
		}
		x.open("Successful")
		for _, e := range out.Successful {
			x.open("member")
			x.text("Id", e.Id)
			x.text("MessageId", e.MessageId)
			x.optional("SequenceNumber", e.SequenceNumber)
			x.close("member")
		}
		x.close("Successful")
		x.open("Failed")
		for _, e := range out.Failed {
			x.open("member")
			x.text("Id", e.Id)
			x.text("Code", e.Code)
			x.optional("Message", e.Message)
			x.text("SenderFault", strconv.FormatBool(e.SenderFault))
			x.close("member")
		}
		x.close("Failed")
	case "TagResource":
		_, err := h.svc.TagResource(ctx, &sns.TagResourceInput{ResourceArn: f.get("ResourceArn"), Tags: f.tags("Tags")})
		return err
	case "UntagResource":
		_, err := h.svc.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: f.get("ResourceArn"), TagKeys: f.strings("TagKeys")})
		return err
	case "ListTagsForResource":
		out, err := h.svc.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: f.get("ResourceArn")})
		if err != nil {
			return err
		}
		x.open("Tags")
		for _, t := range out.Tags {
			x.open("member")
			x.text("Key", t.Key)
			x.text("Value", t.Value)
			x.close("member")
		}
		x.close("Tags")
	case "":
		return errMissingAction.With("Missing Action")
	default:
		return errInvalidAction.With("The action %s is not valid for this endpoint.", action)
	}
	return nil
}

var contentTypeXML = []string{"text/xml"}

// xml writes a 200 response with the XML body b.
func (rw *responseWriter) xml(b []byte) {
	rw.header(contentTypeXML)
	rw.w.WriteHeader(http.StatusOK)
	rw.w.Write(b)
}

// queryError writes err as the query protocol does: the status AWS sends
// and an ErrorResponse with the fault (Type), code and message. An error
// that is not an AWS error is an InternalFailure.
func (rw *responseWriter) queryError(err error, namespace string) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		e = errInternalFailure.With("%v", err)
	}
	x := &xmlWriter{b: rw.buf[:0]}
	x.b = append(x.b, `<ErrorResponse xmlns="`...)
	x.b = append(x.b, namespace...)
	x.b = append(x.b, `"><Error>`...)
	x.text("Type", string(e.Fault))
	x.text("Code", e.Code)
	x.text("Message", e.Message)
	x.close("Error")
	x.text("RequestId", rw.id)
	x.close("ErrorResponse")
	rw.header(contentTypeXML)
	rw.w.WriteHeader(e.StatusCode)
	rw.w.Write(x.b)
}
