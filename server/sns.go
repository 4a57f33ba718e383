package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/awssim/awssim/sns"
)

// snsVersion is the API version SNS's query requests carry.
const snsVersion = "2010-03-31"

// snsQuery is SNS's query protocol: its XML namespace, errors without a
// Detail, and the actions without output.
var snsQuery = &queryService{
	namespace: "http://sns.amazonaws.com/doc/2010-03-31/",
	noResult: map[string]bool{
		"DeleteTopic": true, "SetTopicAttributes": true, "Unsubscribe": true, "SetSubscriptionAttributes": true,
	},
}

// snsAPI routes SNS's query requests.
var snsAPI = &queryAPI{name: "SNS", version: snsVersion, signingName: "sns", actions: snsActions, form: snsQuery}

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

// snsHandler serves one sns.Service over the AWS query protocol.
type snsHandler struct {
	svc *sns.Service
	// links serves the URLs in SNS's messages (sns.Service.Handler).
	links http.Handler
}

// batchEntries reads PublishBatchRequestEntries.member.N.
func (f *form) batchEntries(name string) []sns.PublishBatchRequestEntry {
	var list []sns.PublishBatchRequestEntry
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i) + "."
		if !f.hasPrefix(p) {
			return list
		}
		list = append(list, sns.PublishBatchRequestEntry{
			Id:                     f.get(p + "Id"),
			Message:                f.get(p + "Message"),
			Subject:                f.get(p + "Subject"),
			MessageStructure:       f.get(p + "MessageStructure"),
			MessageAttributes:      f.messageAttributes(p + "MessageAttributes.entry."),
			MessageDeduplicationId: f.get(p + "MessageDeduplicationId"),
			MessageGroupId:         f.get(p + "MessageGroupId"),
		})
	}
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

// serveQuery runs the action of a query request whose parameters are f.
func (h *snsHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	serveAction(r, rw, f, snsQuery, h.run)
}

// run calls the service for one action and writes the result's members.
func (h *snsHandler) run(ctx context.Context, action string, f *form, x *xmlWriter) error {
	switch action {
	case "CreateTopic":
		out, err := h.svc.CreateTopic(ctx, &sns.CreateTopicInput{
			Name: f.get("Name"), Attributes: f.stringMap("Attributes.entry.", "key", "value"), Tags: formTags[sns.Tag](f, "Tags"),
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
			Attributes: f.stringMap("Attributes.entry.", "key", "value"), ReturnSubscriptionArn: f.boolean("ReturnSubscriptionArn"),
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
			MessageAttributes:      f.messageAttributes("MessageAttributes.entry."),
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
		_, err := h.svc.TagResource(ctx, &sns.TagResourceInput{ResourceArn: f.get("ResourceArn"), Tags: formTags[sns.Tag](f, "Tags")})
		return err
	case "UntagResource":
		_, err := h.svc.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: f.get("ResourceArn"), TagKeys: f.list("TagKeys.member.")})
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
