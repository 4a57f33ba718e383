package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/awssim/awssim/internal/jsonenc"
	"github.com/awssim/awssim/sqs"
)

// sqsJSON is SQS's AWS JSON 1.0 error form.
var sqsJSON = &jsonService{
	namespace:       "com.amazonaws.sqs",
	shapes:          sqsShapes,
	queryCompatible: true,
}

// sqsShapes maps the codes of the sqs package's errors (the awsQueryError
// codes of the SQS model) to the names of their shapes, which the JSON
// protocol sends in __type and the SDKs turn into typed errors
// (*types.QueueDoesNotExist). Codes without a shape of their own in the
// model (InvalidParameterValue, MissingParameter: AWS's common errors) are
// sent as they are; the SDKs report them through x-amzn-query-error.
var sqsShapes = map[string]string{
	sqs.ErrQueueDoesNotExist.Code:            "QueueDoesNotExist",
	sqs.ErrQueueNameExists.Code:              "QueueNameExists",
	sqs.ErrQueueDeletedRecently.Code:         "QueueDeletedRecently",
	sqs.ErrPurgeQueueInProgress.Code:         "PurgeQueueInProgress",
	sqs.ErrMessageNotInflight.Code:           "MessageNotInflight",
	sqs.ErrReceiptHandleIsInvalid.Code:       "ReceiptHandleIsInvalid",
	sqs.ErrTooManyEntriesInBatchRequest.Code: "TooManyEntriesInBatchRequest",
	sqs.ErrEmptyBatchRequest.Code:            "EmptyBatchRequest",
	sqs.ErrBatchEntryIdsNotDistinct.Code:     "BatchEntryIdsNotDistinct",
	sqs.ErrBatchRequestTooLong.Code:          "BatchRequestTooLong",
	sqs.ErrInvalidBatchEntryId.Code:          "InvalidBatchEntryId",
	sqs.ErrInvalidAttributeName.Code:         "InvalidAttributeName",
	sqs.ErrInvalidAttributeValue.Code:        "InvalidAttributeValue",
	sqs.ErrInvalidMessageContents.Code:       "InvalidMessageContents",
	sqs.ErrOverLimit.Code:                    "OverLimit",
	sqs.ErrResourceNotFoundException.Code:    "ResourceNotFoundException",
}

// sqsHandler serves one sqs.Service.
type sqsHandler struct {
	svc *sqs.Service
	// prefix is the scheme and host of the service's queue URLs
	// ("https://sqs.us-east-1.amazonaws.com").
	prefix string

	// urls interns the queue URLs of requests (the same few on almost
	// every request), so that reading one costs no allocation. mu guards
	// only the map, never a call to the service.
	mu   sync.RWMutex
	urls map[string]string
}

// maxInterned bounds the URLs the handler remembers.
const maxInterned = 4096

func newSQSHandler(svc *sqs.Service) *sqsHandler {
	return &sqsHandler{
		svc:    svc,
		prefix: "https://sqs." + svc.Account().Region() + ".amazonaws.com",
		urls:   make(map[string]string),
	}
}

// queueURL reads a QueueUrl member and maps it to the service's own form.
// The service names queues https://sqs.REGION.amazonaws.com/ACCOUNT/NAME,
// and that is what the handler returns, so a client sends it back as is.
// A URL that another tool made (the handler's own address, LocalStack's
// http://localhost:4566/ACCOUNT/NAME) names the same queue when its path
// is /ACCOUNT/NAME, as AWS itself accepts its legacy
// https://queue.amazonaws.com/ACCOUNT/NAME.
func (h *sqsHandler) queueURL(d *decoder) string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	h.mu.RLock()
	u, ok := h.urls[string(b)]
	h.mu.RUnlock()
	if ok {
		return u
	}
	raw := string(b)
	u = h.canonicalURL(raw)
	h.mu.Lock()
	if len(h.urls) >= maxInterned {
		clear(h.urls)
	}
	h.urls[raw] = u
	h.mu.Unlock()
	return u
}

// canonicalURL maps a queue URL of any host to the service's form.
func (h *sqsHandler) canonicalURL(u string) string {
	if strings.HasPrefix(u, h.prefix+"/") {
		return u
	}
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return u
	}
	path := rest[slash:]
	if strings.Count(path, "/") != 2 {
		return u
	}
	return h.prefix + path
}

// serve runs one SQS operation: decode the input, call the service,
// encode the output.
func (h *sqsHandler) serve(r *http.Request, rw *responseWriter, op string, body []byte) {
	if len(bytes.TrimSpace(body)) == 0 {
		body = append(body[:0], '{', '}')
	}
	d := decoder{b: body}
	ctx := r.Context()
	bp := outputs.Get().(*[]byte)
	defer outputs.Put(bp)
	b := (*bp)[:0]
	var err error
	switch op {
	case "SendMessage":
		b, err = h.sendMessage(ctx, &d, b)
	case "ReceiveMessage":
		b, err = h.receiveMessage(ctx, &d, b)
	case "DeleteMessage":
		b, err = h.deleteMessage(ctx, &d, b)
	case "SendMessageBatch":
		b, err = h.sendMessageBatch(ctx, &d, b)
	case "DeleteMessageBatch":
		b, err = h.deleteMessageBatch(ctx, &d, b)
	case "ChangeMessageVisibility":
		b, err = h.changeMessageVisibility(ctx, &d, b)
	case "ChangeMessageVisibilityBatch":
		b, err = h.changeMessageVisibilityBatch(ctx, &d, b)
	case "CreateQueue":
		b, err = h.createQueue(ctx, &d, b)
	case "GetQueueUrl":
		b, err = h.getQueueUrl(ctx, &d, b)
	case "ListQueues":
		b, err = h.listQueues(ctx, &d, b)
	case "DeleteQueue":
		b, err = h.deleteQueue(ctx, &d, b)
	case "PurgeQueue":
		b, err = h.purgeQueue(ctx, &d, b)
	case "GetQueueAttributes":
		b, err = h.getQueueAttributes(ctx, &d, b)
	case "SetQueueAttributes":
		b, err = h.setQueueAttributes(ctx, &d, b)
	case "TagQueue":
		b, err = h.tagQueue(ctx, &d, b)
	case "UntagQueue":
		b, err = h.untagQueue(ctx, &d, b)
	case "ListQueueTags":
		b, err = h.listQueueTags(ctx, &d, b)
	case "ListDeadLetterSourceQueues":
		b, err = h.listDeadLetterSourceQueues(ctx, &d, b)
	case "StartMessageMoveTask":
		b, err = h.startMessageMoveTask(ctx, &d, b)
	case "CancelMessageMoveTask":
		b, err = h.cancelMessageMoveTask(ctx, &d, b)
	case "ListMessageMoveTasks":
		b, err = h.listMessageMoveTasks(ctx, &d, b)
	default:
		err = errUnknownOperation.With("Operation AmazonSQS.%s is not served.", op)
	}
	if err != nil {
		rw.jsonError(err, sqsJSON)
		return
	}
	rw.json(b)
	if cap(b) <= 1<<20 {
		*bp = b
	}
}

// outputs recycles response buffers.
var outputs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// members loops over the members of the input object, calling member for
// each; member reads the value or skips it. It reports the first error.
func members(d *decoder, member func(key []byte)) error {
	if d.object() {
		for first := true; d.more(&first, '}'); {
			member(d.key())
		}
	}
	d.end()
	return d.err
}

// seconds reads an integer member of whole seconds into *d, reporting
// whether one was given. Out-of-range values saturate at a value the
// service refuses, so that no overflow turns them into valid ones.
func (d *decoder) seconds(out *time.Duration) bool {
	n, ok := d.int()
	if !ok {
		return false
	}
	n = max(min(n, 1<<31), -(1 << 31))
	*out = time.Duration(n) * time.Second
	return true
}

// integer reads an integer member that the service takes as an int.
func (d *decoder) integer() int {
	n, _ := d.int()
	return int(max(min(n, 1<<31), -(1 << 31)))
}

// attributes reads a map of message attribute values
// (MessageAttributeValue and MessageSystemAttributeValue). The list
// members, which AWS reserves and does not implement, are skipped.
func (d *decoder) attributes() map[string]sqs.MessageAttributeValue {
	if !d.object() {
		return nil
	}
	out := map[string]sqs.MessageAttributeValue{}
	for first := true; d.more(&first, '}'); {
		name := string(d.key())
		var v sqs.MessageAttributeValue
		if d.object() {
			for f := true; d.more(&f, '}'); {
				switch string(d.key()) {
				case "DataType":
					v.DataType = d.str()
				case "StringValue":
					v.StringValue = d.str()
				case "BinaryValue":
					v.BinaryValue = d.blob()
				default:
					d.skip()
				}
			}
		}
		out[name] = v
	}
	return out
}

// appendAttributes appends a map of message attribute values, names in
// order.
func appendAttributes(b []byte, m map[string]sqs.MessageAttributeValue) []byte {
	b = append(b, '{')
	var stack [16]string
	for i, k := range sortedKeys(stack[:0], m) {
		if i > 0 {
			b = append(b, ',')
		}
		v := m[k]
		b = jsonenc.AppendString(b, k)
		b = append(b, ':', '{')
		first := true
		if strings.HasPrefix(v.DataType, "Binary") {
			b = appendKey(b, &first, "BinaryValue")
			b = appendBlob(b, v.BinaryValue)
		} else {
			b = appendKey(b, &first, "StringValue")
			b = jsonenc.AppendString(b, v.StringValue)
		}
		b = appendKey(b, &first, "DataType")
		b = jsonenc.AppendString(b, v.DataType)
		b = append(b, '}')
	}
	return append(b, '}')
}

func (h *sqsHandler) sendMessage(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var req struct {
		in    sqs.SendMessageInput
		delay time.Duration
	}
	in := &req.in
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "MessageBody":
			in.MessageBody = d.str()
		case "DelaySeconds":
			if d.seconds(&req.delay) {
				in.Delay = &req.delay
			}
		case "MessageAttributes":
			in.MessageAttributes = d.attributes()
		case "MessageSystemAttributes":
			in.MessageSystemAttributes = d.attributes()
		case "MessageDeduplicationId":
			in.MessageDeduplicationId = d.str()
		case "MessageGroupId":
			in.MessageGroupId = d.str()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.SendMessage(ctx, in)
	if err != nil {
		return b, err
	}
	first := true
	b = append(b, '{')
	b = appendStringMember(b, &first, "MD5OfMessageBody", out.MD5OfMessageBody)
	b = appendStringMember(b, &first, "MD5OfMessageAttributes", out.MD5OfMessageAttributes)
	b = appendStringMember(b, &first, "MD5OfMessageSystemAttributes", out.MD5OfMessageSystemAttributes)
	b = appendStringMember(b, &first, "MessageId", out.MessageId)
	b = appendStringMember(b, &first, "SequenceNumber", out.SequenceNumber)
	return append(b, '}'), nil
}

func (h *sqsHandler) sendMessageBatch(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.SendMessageBatchInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "Entries":
			if !d.array() {
				return
			}
			in.Entries = []sqs.SendMessageBatchRequestEntry{}
			for first := true; d.more(&first, ']'); {
				var e sqs.SendMessageBatchRequestEntry
				if d.object() {
					for f := true; d.more(&f, '}'); {
						switch string(d.key()) {
						case "Id":
							e.Id = d.str()
						case "MessageBody":
							e.MessageBody = d.str()
						case "DelaySeconds":
							var delay time.Duration
							if d.seconds(&delay) {
								e.Delay = &delay
							}
						case "MessageAttributes":
							e.MessageAttributes = d.attributes()
						case "MessageSystemAttributes":
							e.MessageSystemAttributes = d.attributes()
						case "MessageDeduplicationId":
							e.MessageDeduplicationId = d.str()
						case "MessageGroupId":
							e.MessageGroupId = d.str()
						default:
							d.skip()
						}
					}
				}
				in.Entries = append(in.Entries, e)
			}
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.SendMessageBatch(ctx, &in)
	if err != nil {
		return b, err
	}
	b = append(b, `{"Successful":[`...)
	for i, e := range out.Successful {
		if i > 0 {
			b = append(b, ',')
		}
		first := true
		b = append(b, '{')
		b = appendStringMember(b, &first, "Id", e.Id)
		b = appendStringMember(b, &first, "MessageId", e.MessageId)
		b = appendStringMember(b, &first, "MD5OfMessageBody", e.MD5OfMessageBody)
		b = appendStringMember(b, &first, "MD5OfMessageAttributes", e.MD5OfMessageAttributes)
		b = appendStringMember(b, &first, "MD5OfMessageSystemAttributes", e.MD5OfMessageSystemAttributes)
		b = appendStringMember(b, &first, "SequenceNumber", e.SequenceNumber)
		b = append(b, '}')
	}
	b = append(b, "],"...)
	b = appendFailed(b, out.Failed)
	return append(b, '}'), nil
}

// appendFailed appends the Failed member of a batch output.
func appendFailed(b []byte, failed []sqs.BatchResultErrorEntry) []byte {
	b = append(b, `"Failed":[`...)
	for i, e := range failed {
		if i > 0 {
			b = append(b, ',')
		}
		first := true
		b = append(b, '{')
		b = appendStringMember(b, &first, "Id", e.Id)
		b = appendKey(b, &first, "SenderFault")
		b = strconv.AppendBool(b, e.SenderFault)
		b = appendStringMember(b, &first, "Code", e.Code)
		b = appendStringMember(b, &first, "Message", e.Message)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendSuccessfulIDs appends the Successful member of a batch output
// whose entries carry only their Id.
func appendSuccessfulIDs(b []byte, n int, id func(int) string) []byte {
	b = append(b, `{"Successful":[`...)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Id":`...)
		b = jsonenc.AppendString(b, id(i))
		b = append(b, '}')
	}
	return append(b, "],"...)
}

func (h *sqsHandler) receiveMessage(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var req struct {
		in         sqs.ReceiveMessageInput
		wait, vis  time.Duration
		legacyAttr []string
	}
	in := &req.in
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "AttributeNames":
			req.legacyAttr = d.strings()
		case "MessageSystemAttributeNames":
			in.MessageSystemAttributeNames = d.strings()
		case "MessageAttributeNames":
			in.MessageAttributeNames = d.strings()
		case "MaxNumberOfMessages":
			in.MaxNumberOfMessages = d.integer()
		case "VisibilityTimeout":
			if d.seconds(&req.vis) {
				in.VisibilityTimeout = &req.vis
			}
		case "WaitTimeSeconds":
			if d.seconds(&req.wait) {
				in.WaitTime = &req.wait
			}
		case "ReceiveRequestAttemptId":
			in.ReceiveRequestAttemptId = d.str()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	in.MessageSystemAttributeNames = mergeLegacyAttributeNames(in.MessageSystemAttributeNames, req.legacyAttr)
	out, err := h.svc.ReceiveMessage(ctx, in)
	if err != nil {
		return b, err
	}
	if len(out.Messages) == 0 {
		return append(b, '{', '}'), nil
	}
	b = append(b, `{"Messages":[`...)
	for i := range out.Messages {
		m := &out.Messages[i]
		if i > 0 {
			b = append(b, ',')
		}
		first := true
		b = append(b, '{')
		b = appendStringMember(b, &first, "MessageId", m.MessageId)
		b = appendStringMember(b, &first, "ReceiptHandle", m.ReceiptHandle)
		b = appendStringMember(b, &first, "MD5OfBody", m.MD5OfBody)
		b = appendKey(b, &first, "Body")
		b = jsonenc.AppendString(b, m.Body)
		if len(m.Attributes) > 0 {
			b = appendKey(b, &first, "Attributes")
			b = appendStringMap(b, m.Attributes)
		}
		if len(m.MessageAttributes) > 0 {
			b = appendStringMember(b, &first, "MD5OfMessageAttributes", m.MD5OfMessageAttributes)
			b = appendKey(b, &first, "MessageAttributes")
			b = appendAttributes(b, m.MessageAttributes)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

// mergeLegacyAttributeNames adds the system attribute names that a
// client sent in ReceiveMessage's deprecated AttributeNames member (older
// SDKs and the AWS CLI still do) to those of MessageSystemAttributeNames,
// as AWS honours both. Names that are not message system attributes
// (AttributeNames is typed as queue attribute names) are dropped.
func mergeLegacyAttributeNames(names, legacy []string) []string {
	for _, n := range legacy {
		switch n {
		case sqs.SysAttributeAll, sqs.SysAttributeSenderId, sqs.SysAttributeSentTimestamp,
			sqs.SysAttributeApproximateReceiveCount, sqs.SysAttributeApproximateFirstReceiveTimestamp,
			sqs.SysAttributeSequenceNumber, sqs.SysAttributeMessageDeduplicationId,
			sqs.SysAttributeMessageGroupId, sqs.SysAttributeAWSTraceHeader,
			sqs.SysAttributeDeadLetterQueueSourceArn:
			names = append(names, n)
		}
	}
	return names
}

func (h *sqsHandler) deleteMessage(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.DeleteMessageInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "ReceiptHandle":
			in.ReceiptHandle = d.str()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	_, err = h.svc.DeleteMessage(ctx, &in)
	return b, err
}

// batchEntries reads the QueueUrl and Entries of a DeleteMessageBatch or
// ChangeMessageVisibilityBatch input, calling entry for each member of
// each entry.
func (h *sqsHandler) batchEntries(d *decoder, queueURL *string, newEntry func(), entry func(key []byte)) error {
	return members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			*queueURL = h.queueURL(d)
		case "Entries":
			if !d.array() {
				return
			}
			for first := true; d.more(&first, ']'); {
				newEntry()
				if d.object() {
					for f := true; d.more(&f, '}'); {
						entry(d.key())
					}
				}
			}
		default:
			d.skip()
		}
	})
}

func (h *sqsHandler) deleteMessageBatch(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	in := sqs.DeleteMessageBatchInput{Entries: []sqs.DeleteMessageBatchRequestEntry{}}
	var e *sqs.DeleteMessageBatchRequestEntry
	err := h.batchEntries(d, &in.QueueUrl, func() {
		in.Entries = append(in.Entries, sqs.DeleteMessageBatchRequestEntry{})
		e = &in.Entries[len(in.Entries)-1]
	}, func(k []byte) {
		switch string(k) {
		case "Id":
			e.Id = d.str()
		case "ReceiptHandle":
			e.ReceiptHandle = d.str()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.DeleteMessageBatch(ctx, &in)
	if err != nil {
		return b, err
	}
	b = appendSuccessfulIDs(b, len(out.Successful), func(i int) string { return out.Successful[i].Id })
	b = appendFailed(b, out.Failed)
	return append(b, '}'), nil
}

func (h *sqsHandler) changeMessageVisibility(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.ChangeMessageVisibilityInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "ReceiptHandle":
			in.ReceiptHandle = d.str()
		case "VisibilityTimeout":
			d.seconds(&in.VisibilityTimeout)
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	_, err = h.svc.ChangeMessageVisibility(ctx, &in)
	return b, err
}

func (h *sqsHandler) changeMessageVisibilityBatch(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	in := sqs.ChangeMessageVisibilityBatchInput{Entries: []sqs.ChangeMessageVisibilityBatchRequestEntry{}}
	var e *sqs.ChangeMessageVisibilityBatchRequestEntry
	err := h.batchEntries(d, &in.QueueUrl, func() {
		in.Entries = append(in.Entries, sqs.ChangeMessageVisibilityBatchRequestEntry{})
		e = &in.Entries[len(in.Entries)-1]
	}, func(k []byte) {
		switch string(k) {
		case "Id":
			e.Id = d.str()
		case "ReceiptHandle":
			e.ReceiptHandle = d.str()
		case "VisibilityTimeout":
			d.seconds(&e.VisibilityTimeout)
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.ChangeMessageVisibilityBatch(ctx, &in)
	if err != nil {
		return b, err
	}
	b = appendSuccessfulIDs(b, len(out.Successful), func(i int) string { return out.Successful[i].Id })
	b = appendFailed(b, out.Failed)
	return append(b, '}'), nil
}

// appendQueueURL appends {"QueueUrl":…}.
func appendQueueURL(b []byte, url string) []byte {
	b = append(b, `{"QueueUrl":`...)
	b = jsonenc.AppendString(b, url)
	return append(b, '}')
}

func (h *sqsHandler) createQueue(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.CreateQueueInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueName":
			in.QueueName = d.str()
		case "Attributes":
			in.Attributes = d.stringMap()
		case "tags": // sic: the model spells this member in lower case
			in.Tags = d.stringMap()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.CreateQueue(ctx, &in)
	if err != nil {
		return b, err
	}
	return appendQueueURL(b, out.QueueUrl), nil
}

func (h *sqsHandler) getQueueUrl(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.GetQueueUrlInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueName":
			in.QueueName = d.str()
		case "QueueOwnerAWSAccountId":
			in.QueueOwnerAWSAccountId = d.str()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.GetQueueUrl(ctx, &in)
	if err != nil {
		return b, err
	}
	return appendQueueURL(b, out.QueueUrl), nil
}

// appendURLList appends the members of a paged list of queue URLs.
func appendURLList(b []byte, member string, urls []string, next string, always bool) []byte {
	first := true
	b = append(b, '{')
	if len(urls) > 0 || always {
		b = appendKey(b, &first, member)
		b = appendStrings(b, urls)
	}
	b = appendStringMember(b, &first, "NextToken", next)
	return append(b, '}')
}

func (h *sqsHandler) listQueues(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.ListQueuesInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueNamePrefix":
			in.QueueNamePrefix = d.str()
		case "NextToken":
			in.NextToken = d.str()
		case "MaxResults":
			in.MaxResults = d.integer()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.ListQueues(ctx, &in)
	if err != nil {
		return b, err
	}
	return appendURLList(b, "QueueUrls", out.QueueUrls, out.NextToken, false), nil
}

func (h *sqsHandler) listDeadLetterSourceQueues(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.ListDeadLetterSourceQueuesInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "NextToken":
			in.NextToken = d.str()
		case "MaxResults":
			in.MaxResults = d.integer()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.ListDeadLetterSourceQueues(ctx, &in)
	if err != nil {
		return b, err
	}
	// sic: the model spells this member in lower case, and requires it.
	return appendURLList(b, "queueUrls", out.QueueUrls, out.NextToken, true), nil
}

// queueOnly reads an input whose only member is QueueUrl.
func (h *sqsHandler) queueOnly(d *decoder) (string, error) {
	var url string
	err := members(d, func(k []byte) {
		if string(k) == "QueueUrl" {
			url = h.queueURL(d)
			return
		}
		d.skip()
	})
	return url, err
}

func (h *sqsHandler) deleteQueue(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	url, err := h.queueOnly(d)
	if err != nil {
		return b, err
	}
	_, err = h.svc.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	return b, err
}

func (h *sqsHandler) purgeQueue(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	url, err := h.queueOnly(d)
	if err != nil {
		return b, err
	}
	_, err = h.svc.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url})
	return b, err
}

func (h *sqsHandler) listQueueTags(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	url, err := h.queueOnly(d)
	if err != nil {
		return b, err
	}
	out, err := h.svc.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: url})
	if err != nil {
		return b, err
	}
	return appendMapMember(b, "Tags", out.Tags), nil
}

// appendMapMember appends an object with one map member, or {} when the
// map is empty.
func appendMapMember(b []byte, key string, m map[string]string) []byte {
	first := true
	b = append(b, '{')
	if len(m) > 0 {
		b = appendKey(b, &first, key)
		b = appendStringMap(b, m)
	}
	return append(b, '}')
}

func (h *sqsHandler) getQueueAttributes(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.GetQueueAttributesInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "AttributeNames":
			in.AttributeNames = d.strings()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.GetQueueAttributes(ctx, &in)
	if err != nil {
		return b, err
	}
	return appendMapMember(b, "Attributes", out.Attributes), nil
}

func (h *sqsHandler) setQueueAttributes(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.SetQueueAttributesInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "Attributes":
			in.Attributes = d.stringMap()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	_, err = h.svc.SetQueueAttributes(ctx, &in)
	return b, err
}

func (h *sqsHandler) tagQueue(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.TagQueueInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "Tags":
			in.Tags = d.stringMap()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	_, err = h.svc.TagQueue(ctx, &in)
	return b, err
}

func (h *sqsHandler) untagQueue(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.UntagQueueInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "QueueUrl":
			in.QueueUrl = h.queueURL(d)
		case "TagKeys":
			in.TagKeys = d.strings()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	_, err = h.svc.UntagQueue(ctx, &in)
	return b, err
}

func (h *sqsHandler) startMessageMoveTask(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.StartMessageMoveTaskInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "SourceArn":
			in.SourceArn = d.str()
		case "DestinationArn":
			in.DestinationArn = d.str()
		case "MaxNumberOfMessagesPerSecond":
			in.MaxNumberOfMessagesPerSecond = d.integer()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.StartMessageMoveTask(ctx, &in)
	if err != nil {
		return b, err
	}
	b = append(b, `{"TaskHandle":`...)
	b = jsonenc.AppendString(b, out.TaskHandle)
	return append(b, '}'), nil
}

func (h *sqsHandler) cancelMessageMoveTask(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.CancelMessageMoveTaskInput
	err := members(d, func(k []byte) {
		if string(k) == "TaskHandle" {
			in.TaskHandle = d.str()
			return
		}
		d.skip()
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.CancelMessageMoveTask(ctx, &in)
	if err != nil {
		return b, err
	}
	b = append(b, `{"ApproximateNumberOfMessagesMoved":`...)
	b = strconv.AppendInt(b, int64(out.ApproximateNumberOfMessagesMoved), 10)
	return append(b, '}'), nil
}

func (h *sqsHandler) listMessageMoveTasks(ctx context.Context, d *decoder, b []byte) ([]byte, error) {
	var in sqs.ListMessageMoveTasksInput
	err := members(d, func(k []byte) {
		switch string(k) {
		case "SourceArn":
			in.SourceArn = d.str()
		case "MaxResults":
			in.MaxResults = d.integer()
		default:
			d.skip()
		}
	})
	if err != nil {
		return b, err
	}
	out, err := h.svc.ListMessageMoveTasks(ctx, &in)
	if err != nil {
		return b, err
	}
	b = append(b, `{"Results":[`...)
	for i, r := range out.Results {
		if i > 0 {
			b = append(b, ',')
		}
		first := true
		b = append(b, '{')
		b = appendStringMember(b, &first, "TaskHandle", r.TaskHandle)
		b = appendStringMember(b, &first, "Status", r.Status)
		b = appendStringMember(b, &first, "SourceArn", r.SourceArn)
		b = appendStringMember(b, &first, "DestinationArn", r.DestinationArn)
		if r.MaxNumberOfMessagesPerSecond > 0 {
			b = appendKey(b, &first, "MaxNumberOfMessagesPerSecond")
			b = strconv.AppendInt(b, int64(r.MaxNumberOfMessagesPerSecond), 10)
		}
		b = appendKey(b, &first, "ApproximateNumberOfMessagesMoved")
		b = strconv.AppendInt(b, int64(r.ApproximateNumberOfMessagesMoved), 10)
		b = appendKey(b, &first, "ApproximateNumberOfMessagesToMove")
		b = strconv.AppendInt(b, int64(r.ApproximateNumberOfMessagesToMove), 10)
		b = appendStringMember(b, &first, "FailureReason", r.FailureReason)
		b = appendKey(b, &first, "StartedTimestamp")
		b = strconv.AppendInt(b, r.StartedTimestamp, 10)
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}
