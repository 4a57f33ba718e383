package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/sqs"
)

// sqsVersion is the API version SQS's query requests carry.
const sqsVersion = "2012-11-05"

// sqsQuery is SQS's query protocol: its XML namespace, errors with an
// empty Detail, as SQS writes them, and the actions without output.
var sqsQuery = &queryService{
	namespace: "http://queue.amazonaws.com/doc/2012-11-05/",
	detail:    true,
	noResult: map[string]bool{
		"DeleteMessage": true, "ChangeMessageVisibility": true, "DeleteQueue": true, "PurgeQueue": true,
		"SetQueueAttributes": true, "TagQueue": true, "UntagQueue": true,
	},
}

// sqsAPI routes SQS's query requests.
var sqsAPI = &queryAPI{name: "SQS", version: sqsVersion, signingName: "sqs", actions: sqsActions, form: sqsQuery}

// sqsActions are the actions the SQS handler serves; a query request with
// one of them and no Version, or SQS's Version, goes to SQS.
var sqsActions = map[string]bool{
	"CreateQueue": true, "GetQueueUrl": true, "ListQueues": true, "DeleteQueue": true,
	"GetQueueAttributes": true, "SetQueueAttributes": true, "PurgeQueue": true,
	"TagQueue": true, "UntagQueue": true, "ListQueueTags": true,
	"SendMessage": true, "SendMessageBatch": true, "ReceiveMessage": true,
	"DeleteMessage": true, "DeleteMessageBatch": true,
	"ChangeMessageVisibility": true, "ChangeMessageVisibilityBatch": true,
	"ListDeadLetterSourceQueues": true, "StartMessageMoveTask": true,
	"CancelMessageMoveTask": true, "ListMessageMoveTasks": true,
}

// serveQuery runs an SQS action of the query protocol, whose parameters
// are f: the queue's URL is the QueueUrl parameter or, as older clients
// send it, the request's path (/ACCOUNT/NAME).
func (h *sqsHandler) serveQuery(r *http.Request, rw *responseWriter, f *form) {
	ctx, path := r.Context(), r.URL.Path
	action := f.get("Action")
	queue := f.get("QueueUrl")
	if queue != "" {
		queue = h.canonicalURL(queue)
	} else if strings.Count(path, "/") == 2 && len(path) > 1 {
		queue = h.prefix + path
	}
	x := &xmlWriter{}
	err := h.runQuery(ctx, action, queue, f, x)
	if err == nil {
		err = f.err
	}
	if err != nil {
		rw.queryError(err, sqsQuery)
		return
	}
	rw.queryResult(sqsQuery, action, x.b)
}

// seconds reads an integer parameter of whole seconds, nil when absent.
func (f *form) seconds(name string) *time.Duration {
	n, ok := f.integer(name)
	if !ok {
		return nil
	}
	d := time.Duration(n) * time.Second
	return &d
}

// sendEntry reads the members of a message to send, at p ("" for
// SendMessage, "SendMessageBatchRequestEntry.N." in a batch).
func (f *form) sendEntry(p string) sqs.SendMessageBatchRequestEntry {
	return sqs.SendMessageBatchRequestEntry{
		Id:                      f.get(p + "Id"),
		MessageBody:             f.get(p + "MessageBody"),
		Delay:                   f.seconds(p + "DelaySeconds"),
		MessageAttributes:       f.messageAttributes(p + "MessageAttribute."),
		MessageSystemAttributes: f.messageAttributes(p + "MessageSystemAttribute."),
		MessageDeduplicationId:  f.get(p + "MessageDeduplicationId"),
		MessageGroupId:          f.get(p + "MessageGroupId"),
	}
}

// entries calls entry with the prefix of each member of a flattened list
// of structures, NAME.N., N from 1, while one has any parameter.
func (f *form) entries(name string, entry func(p string)) {
	for i := 1; ; i++ {
		p := name + "." + strconv.Itoa(i) + "."
		if !f.hasPrefix(p) {
			return
		}
		entry(p)
	}
}

// nameValues writes a map as flattened <element><Name/><Value/></element>
// pairs in key order, as SQS writes attributes.
func (x *xmlWriter) nameValues(element, name, value string, m map[string]string) {
	for _, k := range sortedKeys(nil, m) {
		x.open(element)
		x.text(name, k)
		x.text(value, m[k])
		x.close(element)
	}
}

// elements writes each string as <element>s</element>.
func (x *xmlWriter) elements(element string, list []string) {
	for _, s := range list {
		x.text(element, s)
	}
}

// batchErrors writes the failed entries of a batch.
func (x *xmlWriter) batchErrors(failed []sqs.BatchResultErrorEntry) {
	for _, e := range failed {
		x.open("BatchResultErrorEntry")
		x.text("Id", e.Id)
		x.text("SenderFault", strconv.FormatBool(e.SenderFault))
		x.text("Code", e.Code)
		x.optional("Message", e.Message)
		x.close("BatchResultErrorEntry")
	}
}

// batchIDs writes the successful entries of a batch that carry only an Id.
func (x *xmlWriter) batchIDs(element string, n int, id func(int) string) {
	for i := range n {
		x.open(element)
		x.text("Id", id(i))
		x.close(element)
	}
}

// message writes a received message as <Message>.
func (x *xmlWriter) message(m *sqs.Message) {
	x.open("Message")
	x.text("MessageId", m.MessageId)
	x.text("ReceiptHandle", m.ReceiptHandle)
	x.text("MD5OfBody", m.MD5OfBody)
	x.text("Body", m.Body)
	x.nameValues("Attribute", "Name", "Value", m.Attributes)
	if len(m.MessageAttributes) > 0 {
		x.text("MD5OfMessageAttributes", m.MD5OfMessageAttributes)
		for _, k := range sortedKeys(nil, m.MessageAttributes) {
			v := m.MessageAttributes[k]
			x.open("MessageAttribute")
			x.text("Name", k)
			x.open("Value")
			if strings.HasPrefix(v.DataType, "Binary") {
				x.text("BinaryValue", base64.StdEncoding.EncodeToString(v.BinaryValue))
			} else {
				x.text("StringValue", v.StringValue)
			}
			x.text("DataType", v.DataType)
			x.close("Value")
			x.close("MessageAttribute")
		}
	}
	x.close("Message")
}

// runQuery calls the service for one action and writes the result's
// members, named as SQS's query model names them.
func (h *sqsHandler) runQuery(ctx context.Context, action, queue string, f *form, x *xmlWriter) error {
	switch action {
	case "SendMessage":
		e := f.sendEntry("")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: queue, MessageBody: e.MessageBody, Delay: e.Delay,
			MessageAttributes: e.MessageAttributes, MessageSystemAttributes: e.MessageSystemAttributes,
			MessageDeduplicationId: e.MessageDeduplicationId, MessageGroupId: e.MessageGroupId,
		})
		if err != nil {
			return err
		}
		x.text("MD5OfMessageBody", out.MD5OfMessageBody)
		x.optional("MD5OfMessageAttributes", out.MD5OfMessageAttributes)
		x.optional("MD5OfMessageSystemAttributes", out.MD5OfMessageSystemAttributes)
		x.text("MessageId", out.MessageId)
		x.optional("SequenceNumber", out.SequenceNumber)
	case "SendMessageBatch":
		in := sqs.SendMessageBatchInput{QueueUrl: queue, Entries: []sqs.SendMessageBatchRequestEntry{}}
		f.entries("SendMessageBatchRequestEntry", func(p string) { in.Entries = append(in.Entries, f.sendEntry(p)) })
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.SendMessageBatch(ctx, &in)
		if err != nil {
			return err
		}
		for _, e := range out.Successful {
			x.open("SendMessageBatchResultEntry")
			x.text("Id", e.Id)
			x.text("MessageId", e.MessageId)
			x.text("MD5OfMessageBody", e.MD5OfMessageBody)
			x.optional("MD5OfMessageAttributes", e.MD5OfMessageAttributes)
			x.optional("MD5OfMessageSystemAttributes", e.MD5OfMessageSystemAttributes)
			x.optional("SequenceNumber", e.SequenceNumber)
			x.close("SendMessageBatchResultEntry")
		}
		x.batchErrors(out.Failed)
	case "ReceiveMessage":
		in := &sqs.ReceiveMessageInput{
			QueueUrl:                    queue,
			MessageSystemAttributeNames: mergeLegacyAttributeNames(f.list("MessageSystemAttributeName."), f.list("AttributeName.")),
			MessageAttributeNames:       f.list("MessageAttributeName."),
			VisibilityTimeout:           f.seconds("VisibilityTimeout"),
			WaitTime:                    f.seconds("WaitTimeSeconds"),
			ReceiveRequestAttemptId:     f.get("ReceiveRequestAttemptId"),
		}
		in.MaxNumberOfMessages, _ = f.integer("MaxNumberOfMessages")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.ReceiveMessage(ctx, in)
		if err != nil {
			return err
		}
		for i := range out.Messages {
			x.message(&out.Messages[i])
		}
	case "DeleteMessage":
		_, err := h.svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: queue, ReceiptHandle: f.get("ReceiptHandle")})
		return err
	case "DeleteMessageBatch":
		in := sqs.DeleteMessageBatchInput{QueueUrl: queue, Entries: []sqs.DeleteMessageBatchRequestEntry{}}
		f.entries("DeleteMessageBatchRequestEntry", func(p string) {
			in.Entries = append(in.Entries, sqs.DeleteMessageBatchRequestEntry{Id: f.get(p + "Id"), ReceiptHandle: f.get(p + "ReceiptHandle")})
		})
		out, err := h.svc.DeleteMessageBatch(ctx, &in)
		if err != nil {
			return err
		}
		x.batchIDs("DeleteMessageBatchResultEntry", len(out.Successful), func(i int) string { return out.Successful[i].Id })
		x.batchErrors(out.Failed)
	case "ChangeMessageVisibility":
		in := &sqs.ChangeMessageVisibilityInput{QueueUrl: queue, ReceiptHandle: f.get("ReceiptHandle")}
		if d := f.seconds("VisibilityTimeout"); d != nil {
			in.VisibilityTimeout = *d
		}
		if f.err != nil {
			return f.err
		}
		_, err := h.svc.ChangeMessageVisibility(ctx, in)
		return err
	case "ChangeMessageVisibilityBatch":
		in := sqs.ChangeMessageVisibilityBatchInput{QueueUrl: queue, Entries: []sqs.ChangeMessageVisibilityBatchRequestEntry{}}
		f.entries("ChangeMessageVisibilityBatchRequestEntry", func(p string) {
			e := sqs.ChangeMessageVisibilityBatchRequestEntry{Id: f.get(p + "Id"), ReceiptHandle: f.get(p + "ReceiptHandle")}
			if d := f.seconds(p + "VisibilityTimeout"); d != nil {
				e.VisibilityTimeout = *d
			}
			in.Entries = append(in.Entries, e)
		})
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.ChangeMessageVisibilityBatch(ctx, &in)
		if err != nil {
			return err
		}
		x.batchIDs("ChangeMessageVisibilityBatchResultEntry", len(out.Successful), func(i int) string { return out.Successful[i].Id })
		x.batchErrors(out.Failed)
	case "CreateQueue":
		out, err := h.svc.CreateQueue(ctx, &sqs.CreateQueueInput{
			QueueName: f.get("QueueName"), Attributes: f.stringMap("Attribute.", "Name", "Value"), Tags: f.stringMap("Tag.", "Key", "Value"),
		})
		if err != nil {
			return err
		}
		x.text("QueueUrl", out.QueueUrl)
	case "GetQueueUrl":
		out, err := h.svc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: f.get("QueueName"), QueueOwnerAWSAccountId: f.get("QueueOwnerAWSAccountId")})
		if err != nil {
			return err
		}
		x.text("QueueUrl", out.QueueUrl)
	case "ListQueues":
		in := &sqs.ListQueuesInput{QueueNamePrefix: f.get("QueueNamePrefix"), NextToken: f.get("NextToken")}
		in.MaxResults, _ = f.integer("MaxResults")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.ListQueues(ctx, in)
		if err != nil {
			return err
		}
		x.elements("QueueUrl", out.QueueUrls)
		x.optional("NextToken", out.NextToken)
	case "DeleteQueue":
		_, err := h.svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: queue})
		return err
	case "PurgeQueue":
		_, err := h.svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: queue})
		return err
	case "GetQueueAttributes":
		out, err := h.svc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: queue, AttributeNames: f.list("AttributeName.")})
		if err != nil {
			return err
		}
		x.nameValues("Attribute", "Name", "Value", out.Attributes)
	case "SetQueueAttributes":
		_, err := h.svc.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: queue, Attributes: f.stringMap("Attribute.", "Name", "Value")})
		return err
	case "TagQueue":
		_, err := h.svc.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: queue, Tags: f.stringMap("Tag.", "Key", "Value")})
		return err
	case "UntagQueue":
		_, err := h.svc.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: queue, TagKeys: f.list("TagKey.")})
		return err
	case "ListQueueTags":
		out, err := h.svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: queue})
		if err != nil {
			return err
		}
		x.nameValues("Tag", "Key", "Value", out.Tags)
	case "ListDeadLetterSourceQueues":
		in := &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: queue, NextToken: f.get("NextToken")}
		in.MaxResults, _ = f.integer("MaxResults")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.ListDeadLetterSourceQueues(ctx, in)
		if err != nil {
			return err
		}
		x.elements("QueueUrl", out.QueueUrls)
		x.optional("NextToken", out.NextToken)
	case "StartMessageMoveTask":
		in := &sqs.StartMessageMoveTaskInput{SourceArn: f.get("SourceArn"), DestinationArn: f.get("DestinationArn")}
		in.MaxNumberOfMessagesPerSecond, _ = f.integer("MaxNumberOfMessagesPerSecond")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.StartMessageMoveTask(ctx, in)
		if err != nil {
			return err
		}
		x.text("TaskHandle", out.TaskHandle)
	case "CancelMessageMoveTask":
		out, err := h.svc.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: f.get("TaskHandle")})
		if err != nil {
			return err
		}
		x.text("ApproximateNumberOfMessagesMoved", strconv.FormatInt(int64(out.ApproximateNumberOfMessagesMoved), 10))
	case "ListMessageMoveTasks":
		in := &sqs.ListMessageMoveTasksInput{SourceArn: f.get("SourceArn")}
		in.MaxResults, _ = f.integer("MaxResults")
		if f.err != nil {
			return f.err
		}
		out, err := h.svc.ListMessageMoveTasks(ctx, in)
		if err != nil {
			return err
		}
		for _, r := range out.Results {
			x.open("ListMessageMoveTasksResultEntry")
			x.text("TaskHandle", r.TaskHandle)
			x.text("Status", r.Status)
			x.text("SourceArn", r.SourceArn)
			x.optional("DestinationArn", r.DestinationArn)
			if r.MaxNumberOfMessagesPerSecond > 0 {
				x.text("MaxNumberOfMessagesPerSecond", strconv.Itoa(r.MaxNumberOfMessagesPerSecond))
			}
			x.text("ApproximateNumberOfMessagesMoved", strconv.FormatInt(int64(r.ApproximateNumberOfMessagesMoved), 10))
			x.text("ApproximateNumberOfMessagesToMove", strconv.FormatInt(int64(r.ApproximateNumberOfMessagesToMove), 10))
			x.optional("FailureReason", r.FailureReason)
			x.text("StartedTimestamp", strconv.FormatInt(r.StartedTimestamp, 10))
			x.close("ListMessageMoveTasksResultEntry")
		}
	case "":
		return errMissingAction.With("Missing Action")
	default:
		return errInvalidAction.With("The action %s is not valid for this endpoint.", action)
	}
	return nil
}
