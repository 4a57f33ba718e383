package sns

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/awssim/awssim/cloud"
	"github.com/awssim/awssim/internal/service"
)

// PublishInput is the input of [Service.Publish].
type PublishInput struct {
	// TopicArn is the topic to publish to. Exactly one of TopicArn,
	// TargetArn and PhoneNumber is required.
	TopicArn string
	// TargetArn is a topic ARN (mobile platform endpoints are not
	// simulated).
	TargetArn string
	// PhoneNumber sends the message as an SMS to this E.164 number, into
	// the outbox.
	PhoneNumber string
	// Message is the message, at most 256 KiB with its attributes.
	// Required. With MessageStructure "json" it is a JSON object of
	// messages by protocol with a "default" entry.
	Message string
	// Subject, shorter than 100 characters and without line breaks or
	// control characters, is the subject of email deliveries and is in
	// every JSON envelope. Empty means none.
	Subject string
	// MessageStructure is "" or "json".
	MessageStructure string
	// MessageAttributes are delivered with the message and are what
	// attribute-scope filter policies match.
	MessageAttributes map[string]MessageAttributeValue
	// MessageDeduplicationId deduplicates publishes to a FIFO topic within
	// [DeduplicationInterval]; required unless the topic has
	// ContentBasedDeduplication. Not allowed on standard topics.
	MessageDeduplicationId string
	// MessageGroupId orders the messages of a FIFO topic (required there);
	// on a standard topic it is passed to SQS subscribers.
	MessageGroupId string
}

// PublishOutput is the output of [Service.Publish].
type PublishOutput struct {
	MessageId string
	// SequenceNumber is set for FIFO topics.
	SequenceNumber string
}

// Publish publishes a message to a topic: every confirmed subscription
// whose filter policy matches gets it. The first delivery attempts are made
// before Publish returns, on the caller's goroutine; retries are scheduled
// on the clock. On a FIFO topic, while another call is delivering to the
// topic (another goroutine, or the handler of a delivery publishing to the
// same topic), that call makes the attempts, after its own, so that the
// topic's messages go out in sequence order.
func (s *Service) Publish(ctx context.Context, in *PublishInput) (*PublishOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validTarget(in.TopicArn, in.TargetArn, in.PhoneNumber); err != nil {
		return nil, err
	}
	m := message{
		body: in.Message, subject: in.Subject, structure: in.MessageStructure,
		attributes: in.MessageAttributes, dedupID: in.MessageDeduplicationId, groupID: in.MessageGroupId,
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	if in.PhoneNumber != "" {
		return s.publishSMS(in.PhoneNumber, &m)
	}
	arn := in.TopicArn
	if arn == "" {
		arn = in.TargetArn
	}
	out, batch, err := s.publish(arn, &m)
	if err != nil {
		return nil, err
	}
	batch.deliver(s)
	return out, nil
}

// message is a message being published, as given.
type message struct {
	body       string
	subject    string
	structure  string
	attributes map[string]MessageAttributeValue
	dedupID    string
	groupID    string
	// perProtocol are the messages by protocol of MessageStructure json,
	// with "default".
	perProtocol map[string]string
	// envelopeAttrs holds the attributes in their envelope form, sorted, when
	// MessageStructure is not json; nil without attributes.
	envelopeAttrs []envelopeAttribute
}

// validTarget checks that exactly one destination is named.
func validTarget(topicARN, targetARN, phone string) error {
	n := 0
	for _, v := range []string{topicARN, targetARN, phone} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return ErrInvalidParameterException.With("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter")
	case n > 1:
		return ErrInvalidParameterException.With("Invalid parameter: TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified")
	case phone != "" && !validPhoneNumber(phone):
		return ErrInvalidParameterException.With("Invalid parameter: PhoneNumber Reason: %s is not valid to publish to", phone)
	case topicARN != "":
		return validARN("TopicArn", topicARN)
	case targetARN != "":
		return validARN("TargetArn", targetARN)
	}
	return nil
}

// validate checks a message against the rules that do not depend on the
// topic, the size limit last, splits a json structure into its
// per-protocol messages, and, for any other, renders the attributes in
// their envelope form, all in one pass over them.
func (m *message) validate() error {
	switch {
	case m.body == "":
		return ErrInvalidParameterException.With("Invalid parameter: Empty message")
	case !utf8.ValidString(m.body):
		return ErrInvalidParameterException.With("Invalid parameter: Message Reason: the message must be UTF-8")
	case utf8.RuneCountInString(m.subject) >= MaxSubjectLength || strings.ContainsFunc(m.subject, func(r rune) bool { return r < ' ' || r == 0x7f }) || !utf8.ValidString(m.subject):
		return ErrInvalidParameterException.With("Invalid parameter: Subject")
	}
	switch m.structure {
	case "":
	case "json":
		per, err := parseStructure(m.body)
		if err != nil {
			return err
		}
		m.perProtocol = per
	default:
		return ErrInvalidParameterException.With("Invalid parameter: MessageStructure Reason: must be json")
	}
	size := len(m.body)
	if m.structure == "" && len(m.attributes) > 0 {
		m.envelopeAttrs = make([]envelopeAttribute, 0, len(m.attributes))
	}
	for name, v := range m.attributes {
		if validMessageAttribute(name, v) != nil {
			// Report the first invalid attribute in name order, so that
			// the error does not depend on map order.
			for _, name := range slices.Sorted(maps.Keys(m.attributes)) {
				if err := validMessageAttribute(name, m.attributes[name]); err != nil {
					return err
				}
			}
		}
		size += attributeSize(name, v)
		if m.envelopeAttrs != nil {
			m.envelopeAttrs = append(m.envelopeAttrs, envelopeAttributeOf(name, v))
		}
	}
	if size > MaxMessageSize {
		return ErrInvalidParameterException.With("Invalid parameter: Message too long")
	}
	sortEnvelopeAttributes(m.envelopeAttrs)
	return nil
}

// parseStructure splits a MessageStructure json message into its messages
// by protocol. Entries whose values are not strings are ignored; a
// duplicate key, a parse failure or a missing default fails the publish.
func parseStructure(body string) (map[string]string, error) {
	failed := ErrInvalidParameterException.With("Invalid parameter: Message Structure - JSON message body failed to parse")
	dec := json.NewDecoder(strings.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, failed
	}
	per := make(map[string]string)
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, failed
		}
		key := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil || seen[key] {
			return nil, failed
		}
		seen[key] = true
		var str string
		if json.Unmarshal(v, &str) == nil {
			per[key] = str
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, failed
	}
	if _, err := dec.Token(); err == nil {
		return nil, failed
	}
	if _, ok := per["default"]; !ok {
		return nil, ErrInvalidParameterException.With("Invalid parameter: Message Structure - No default entry in JSON message body")
	}
	return per, nil
}

// forProtocol is the message a subscription of the protocol gets.
func (m *message) forProtocol(protocol string) string {
	if m.perProtocol == nil {
		return m.body
	}
	if v, ok := m.perProtocol[protocol]; ok {
		return v
	}
	return m.perProtocol["default"]
}

// size is what the message counts toward [MaxMessageSize]: the message
// and each attribute's name, type and value.
func (m *message) size() int {
	n := len(m.body)
	for name, v := range m.attributes {
		n += attributeSize(name, v)
	}
	return n
}

// attributeSize is what an attribute counts toward [MaxMessageSize]: its
// name, type and value.
func attributeSize(name string, v MessageAttributeValue) int {
	return len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
}

// validMessageAttribute checks one message attribute, with AWS's
// ParameterValueInvalid messages.
func validMessageAttribute(name string, v MessageAttributeValue) error {
	switch {
	case name == "":
		return ErrInvalidParameterValueException.With("The message attribute name can not be empty.")
	case len(name) >= 256:
		return ErrInvalidParameterValueException.With("Length of message attribute name must be less than 256 bytes.")
	case name[0] == '.':
		return ErrInvalidParameterValueException.With("Invalid message attribute name starting with character '.' was found.")
	case name[len(name)-1] == '.':
		return ErrInvalidParameterValueException.With("Invalid message attribute name ending with character '.' was found.")
	case strings.Contains(name, ".."):
		return ErrInvalidParameterValueException.With("Message attribute name can not have successive '.' character.")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return ErrInvalidParameterValueException.With("Invalid non-alphanumeric character '#x%X' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.", c)
		}
	}
	if hasPrefixFold(name, "aws.") || hasPrefixFold(name, "amazon.") {
		return ErrInvalidParameterValueException.With("The message attribute name '%s' is reserved for use by AWS.", name)
	}
	switch baseDataType(v.DataType) {
	case "String":
		if v.StringValue == "" {
			return ErrInvalidParameterValueException.With("The message attribute '%s' must contain non-empty message attribute value for message attribute type 'String'.", name)
		}
		if !utf8.ValidString(v.StringValue) {
			return ErrInvalidParameterValueException.With("The message attribute '%s' has an invalid value: it must be UTF-8.", name)
		}
	case "String.Array":
		var arr []any
		if v.StringValue == "" || json.Unmarshal([]byte(v.StringValue), &arr) != nil {
			return ErrInvalidParameterValueException.With("The message attribute '%s' with type 'String.Array' must have a value that is a JSON array.", name)
		}
	case "Number":
		if v.StringValue == "" || len(v.BinaryValue) > 0 {
			return ErrInvalidParameterValueException.With("The message attribute '%s' with type 'Number' must use field 'String'.", name)
		}
		if _, err := strconv.ParseFloat(v.StringValue, 64); err != nil || strings.IndexFunc(v.StringValue, notDecimal) >= 0 {
			return ErrInvalidParameterValueException.With("An invalid or out-of-range value '%s' was supplied for the message attribute '%s' of type 'Number'.", v.StringValue, name)
		}
	case "Binary":
		if len(v.BinaryValue) == 0 || v.StringValue != "" {
			return ErrInvalidParameterValueException.With("The message attribute '%s' with type 'Binary' must use field 'Binary'.", name)
		}
	default:
		return ErrInvalidParameterValueException.With("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	return nil
}

// publish records a message on its topic and returns the deliveries it
// makes, for the caller to attempt without the lock.
func (s *Service) publish(topicARN string, m *message) (*PublishOutput, outgoing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.topicFor(topicARN)
	if err != nil {
		return nil, outgoing{}, err
	}
	if err := t.checkFIFO(m); err != nil {
		return nil, outgoing{}, err
	}
	now := s.sched.Now()
	out := &PublishOutput{}
	batch := outgoing{topic: t}
	var key dedupKey
	if t.fifo {
		t.expireDedup(now)
		key = t.dedupKeyOf(m)
		if r, ok := t.dedup[key]; ok {
			out.MessageId, out.SequenceNumber = r.messageID, r.sequence
			s.totals.Duplicates++
			if s.history {
				s.recordPublished(t.name, PublishedMessage{MessageID: r.messageID, TopicARN: t.arn, PublishedAt: now, Duplicate: true, Message: m.body, Subject: m.subject})
			}
			return out, batch, nil
		}
	}
	out.MessageId = s.rng.UUID().String()
	if t.fifo {
		t.nextSequence++
		out.SequenceNumber = strconv.FormatUint(10000000000000000000+t.nextSequence, 10)
		if t.dedup == nil {
			t.dedup = make(map[dedupKey]dedupRecord)
		}
		t.dedup[key] = dedupRecord{messageID: out.MessageId, sequence: out.SequenceNumber, expires: now.Add(DeduplicationInterval)}
		t.dedupOrder = append(t.dedupOrder, key)
	}
	// Deliveries are made after Publish returns (retries, another
	// publisher draining the topic), so the message keeps nothing of the
	// caller's: its envelope attributes, rendered now, and a copy of the
	// attributes for the deliveries that pass them on as they are.
	p := &published{topicARN: t.arn, counts: &t.counts, fifo: t.fifo, signV2: t.signatureV2, msg: *m, id: out.MessageId, sequence: out.SequenceNumber, at: now, dedupID: key.id}
	p.msg.attributes = nil
	var fin *filterInput // made for the first filter policy, then shared
	delivered, filtered := 0, 0
	for i, sub := range t.subs {
		if sub.pending {
			continue
		}
		if sub.filter != nil {
			if fin == nil {
				fin = newFilterInput(m.attributes, m.body)
			}
			if !sub.filter.match(fin) {
				filtered++
				continue
			}
		}
		if sub.raw && p.msg.attributes == nil {
			p.msg.attributes = cloneAttributes(m.attributes)
		}
		if batch.deliveries == nil {
			batch.deliveries = make([]*delivery, 0, len(t.subs)-i)
		}
		batch.deliveries = append(batch.deliveries, s.newDelivery(sub, p, len(t.subs)-i))
		delivered++
	}
	s.totals.Published++
	t.counts.published++
	t.counts.filteredOut += filtered
	if s.history {
		if p.msg.attributes == nil {
			p.msg.attributes = cloneAttributes(m.attributes)
		}
		s.recordPublished(t.name, PublishedMessage{
			MessageID: out.MessageId, TopicARN: t.arn, Subject: m.subject, Message: m.body,
			MessageStructure: m.structure, Attributes: p.msg.attributes,
			MessageGroupID: m.groupID, MessageDeduplicationID: key.id, SequenceNumber: out.SequenceNumber,
			PublishedAt: now, Subscriptions: delivered, Filtered: filtered,
		})
	}
	return out, batch, nil
}

// checkFIFO applies the publish rules that depend on the topic's type.
func (t *topic) checkFIFO(m *message) error {
	if !t.fifo {
		switch {
		case m.dedupID != "":
			return ErrInvalidParameterException.With("Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type")
		case m.groupID != "" && !validFIFOToken(m.groupID):
			return ErrInvalidParameterException.With("Invalid parameter: MessageGroupId Reason: must be 1 to 128 alphanumeric or punctuation characters")
		}
		return nil
	}
	switch {
	case m.groupID == "":
		return ErrInvalidParameterException.With("Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	case !validFIFOToken(m.groupID):
		return ErrInvalidParameterException.With("Invalid parameter: MessageGroupId Reason: must be 1 to 128 alphanumeric or punctuation characters")
	case m.dedupID == "" && !t.contentDedup:
		return ErrInvalidParameterException.With("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	case m.dedupID != "" && !validFIFOToken(m.dedupID):
		return ErrInvalidParameterException.With("Invalid parameter: MessageDeduplicationId Reason: must be 1 to 128 alphanumeric or punctuation characters")
	}
	return nil
}

// hasPrefixFold reports whether s begins with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// notDecimal reports whether r is a character that strconv.ParseFloat
// accepts and a Number attribute does not: those of hexadecimal floats (x,
// p), of NaN and Inf, and digit separators.
func notDecimal(r rune) bool {
	switch r {
	case 'x', 'X', 'p', 'P', 'n', 'N', '_', 'i', 'I':
		return true
	}
	return false
}

// validFIFOToken reports whether v fits the alphabet and length of a
// MessageGroupId or MessageDeduplicationId: 1 to 128 ASCII letters, digits
// and punctuation.
func validFIFOToken(v string) bool {
	if v == "" || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// dedupKey names a remembered deduplication ID: with FifoThroughputScope
// MessageGroup the same ID in two groups is two keys.
type dedupKey struct {
	group string
	id    string
}

// dedupRecord is what a FIFO topic remembers of a deduplicated publish:
// the answer a duplicate gets, until the window ends.
type dedupRecord struct {
	messageID string
	sequence  string
	expires   time.Time
}

// dedupKeyOf is the deduplication key of a FIFO publish: its
// MessageDeduplicationId or the SHA-256 of its message, within its group
// when the topic's throughput scope is MessageGroup.
func (t *topic) dedupKeyOf(m *message) dedupKey {
	k := dedupKey{id: m.dedupID}
	if k.id == "" {
		sum := sha256.Sum256([]byte(m.body))
		k.id = hex.EncodeToString(sum[:])
	}
	if t.groupDedup {
		k.group = m.groupID
	}
	return k
}

// expireDedup forgets the deduplication IDs whose window has ended.
func (t *topic) expireDedup(now time.Time) {
	for len(t.dedupOrder) > 0 {
		k := t.dedupOrder[0]
		if r, ok := t.dedup[k]; ok && now.Before(r.expires) {
			return
		}
		delete(t.dedup, k)
		t.dedupOrder = t.dedupOrder[1:]
	}
}

// publishSMS sends a message straight to a phone number.
func (s *Service) publishSMS(phone string, m *message) (*PublishOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.sched.Now()
	id := s.rng.UUID().String()
	s.outbox = append(s.outbox, OutboxMessage{Protocol: ProtocolSMS, Endpoint: phone, Body: m.forProtocol(ProtocolSMS), MessageID: id, SentAt: now})
	s.totals.Published++
	if s.history {
		s.recordPublished(phone, PublishedMessage{MessageID: id, PhoneNumber: phone, Message: m.body, PublishedAt: now, Subscriptions: 1})
	}
	return &PublishOutput{MessageId: id}, nil
}

// PublishBatchRequestEntry is one message of a [Service.PublishBatch].
type PublishBatchRequestEntry struct {
	// Id identifies the entry in the output: 1 to 80 letters, digits,
	// hyphens and underscores, distinct within the batch.
	Id                     string
	Message                string
	Subject                string
	MessageStructure       string
	MessageAttributes      map[string]MessageAttributeValue
	MessageDeduplicationId string
	MessageGroupId         string
}

// PublishBatchInput is the input of [Service.PublishBatch].
type PublishBatchInput struct {
	TopicArn                   string
	PublishBatchRequestEntries []PublishBatchRequestEntry
}

// PublishBatchResultEntry is a published entry of a [Service.PublishBatch].
type PublishBatchResultEntry struct {
	Id             string
	MessageId      string
	SequenceNumber string
}

// BatchResultErrorEntry is an entry that a [Service.PublishBatch] did not
// publish.
type BatchResultErrorEntry struct {
	Id          string
	Code        string
	Message     string
	SenderFault bool
}

// PublishBatchOutput is the output of [Service.PublishBatch].
type PublishBatchOutput struct {
	Successful []PublishBatchResultEntry
	Failed     []BatchResultErrorEntry
}

// PublishBatch publishes up to 10 messages to a topic, in order. An
// invalid entry, a malformed batch or one over 256 KiB fails the whole
// call, as AWS does. An entry lands in Failed only when the topic is
// deleted while the batch is being published.
func (s *Service) PublishBatch(ctx context.Context, in *PublishBatchInput) (*PublishBatchOutput, error) {
	in, err := service.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validARN("TopicArn", in.TopicArn); err != nil {
		return nil, err
	}
	entries := in.PublishBatchRequestEntries
	if err := validBatchEntries(entries); err != nil {
		return nil, err
	}
	s.mu.Lock()
	t, err := s.topicFor(in.TopicArn)
	if err == nil {
		for i := range entries {
			e := &entries[i]
			if err = t.checkFIFO(&message{dedupID: e.MessageDeduplicationId, groupID: e.MessageGroupId}); err != nil {
				break
			}
		}
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	// A malformed entry fails the whole call, as AWS does: validate all
	// before publishing any.
	msgs := make([]message, len(entries))
	for i, e := range entries {
		msgs[i] = message{
			body: e.Message, subject: e.Subject, structure: e.MessageStructure,
			attributes: e.MessageAttributes, dedupID: e.MessageDeduplicationId, groupID: e.MessageGroupId,
		}
		if err := msgs[i].validate(); err != nil {
			return nil, err
		}
	}
	out := &PublishBatchOutput{Successful: []PublishBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	var all outgoing
	for i, e := range entries {
		res, batch, err := s.publish(in.TopicArn, &msgs[i])
		if err != nil {
			// The topic was deleted while the batch was being published.
			ae := err.(*Error)
			out.Failed = append(out.Failed, BatchResultErrorEntry{Id: e.Id, Code: ae.Code, Message: ae.Message, SenderFault: true})
			continue
		}
		all.topic = batch.topic
		all.deliveries = append(all.deliveries, batch.deliveries...)
		out.Successful = append(out.Successful, PublishBatchResultEntry{Id: e.Id, MessageId: res.MessageId, SequenceNumber: res.SequenceNumber})
	}
	all.deliver(s)
	return out, nil
}

// validBatchEntries checks the shape of a batch: 1 to 10 entries with
// valid, distinct Ids, and at most 256 KiB of messages in all.
func validBatchEntries(entries []PublishBatchRequestEntry) error {
	switch {
	case len(entries) == 0:
		return ErrEmptyBatchRequestException.With("The batch request doesn't contain any entries")
	case len(entries) > MaxBatchEntries:
		return ErrTooManyEntriesInBatchRequestException.With("The batch request contains more entries than permissible.")
	}
	seen := make(map[string]bool, len(entries))
	total := 0
	for i := range entries {
		e := &entries[i]
		switch {
		case len(e.Id) > 80:
			return ErrInvalidBatchEntryIdException.With("The Id of a batch entry in a batch request is too long: %s", e.Id)
		case !validBatchID(e.Id):
			return ErrInvalidBatchEntryIdException.With("The Id of a batch entry in a batch request contains an impermissible character: %s", e.Id)
		case seen[e.Id]:
			return ErrBatchEntryIdsNotDistinctException.With("Two or more batch entries in the request have the same Id.")
		}
		seen[e.Id] = true
		total += (&message{body: e.Message, attributes: e.MessageAttributes}).size()
	}
	if total > MaxMessageSize {
		return ErrBatchRequestTooLongException.With("The length of all the messages put together is more than the limit.")
	}
	return nil
}

// validBatchID reports whether id is a non-empty run of letters, digits,
// hyphens and underscores.
func validBatchID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// accept publishes m to the topic with ARN target: it is how the service
// receives what its account's other services deliver by ARN (Lambda
// destination records and dead letters, alarm notifications). It returns
// the errors of [Service.Publish], and [ErrAuthorizationErrorException]
// when the account checks the sender's delivery ([cloud.Account.ChecksPolicy]:
// it comes from another account, or the account enforces policies) and
// the topic's access policy does not let the sender publish.
func (s *Service) accept(ctx context.Context, target string, m cloud.Message) error {
	if s.account.ChecksPolicy(m.Sender) && !s.allows(target, m.Sender) {
		return ErrAuthorizationErrorException.With("%s is not authorized to perform: SNS:Publish on resource: %s", m.Sender.Service, target)
	}
	_, err := s.Publish(ctx, &PublishInput{
		TopicArn: target, Message: m.Body, Subject: m.Subject, MessageAttributes: m.Attributes,
		MessageGroupId: m.MessageGroupID, MessageDeduplicationId: m.MessageDeduplicationID,
	})
	return err
}
