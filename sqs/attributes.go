package sqs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/awssim/awssim/internal/policy"
)

// Queue attribute names, as CreateQueue, SetQueueAttributes and
// GetQueueAttributes spell them. Values are strings, as on the wire:
// durations in whole seconds, booleans "true" or "false", policies JSON.
const (
	AttributeAll                                   = "All"
	AttributeDelaySeconds                          = "DelaySeconds"
	AttributeMaximumMessageSize                    = "MaximumMessageSize"
	AttributeMessageRetentionPeriod                = "MessageRetentionPeriod"
	AttributeReceiveMessageWaitTimeSeconds         = "ReceiveMessageWaitTimeSeconds"
	AttributeVisibilityTimeout                     = "VisibilityTimeout"
	AttributeRedrivePolicy                         = "RedrivePolicy"
	AttributeRedriveAllowPolicy                    = "RedriveAllowPolicy"
	AttributeFifoQueue                             = "FifoQueue"
	AttributeContentBasedDeduplication             = "ContentBasedDeduplication"
	AttributeDeduplicationScope                    = "DeduplicationScope"
	AttributeFifoThroughputLimit                   = "FifoThroughputLimit"
	AttributeKmsMasterKeyId                        = "KmsMasterKeyId"
	AttributeKmsDataKeyReusePeriodSeconds          = "KmsDataKeyReusePeriodSeconds"
	AttributeSqsManagedSseEnabled                  = "SqsManagedSseEnabled"
	AttributePolicy                                = "Policy"
	AttributeQueueArn                              = "QueueArn"
	AttributeCreatedTimestamp                      = "CreatedTimestamp"
	AttributeLastModifiedTimestamp                 = "LastModifiedTimestamp"
	AttributeApproximateNumberOfMessages           = "ApproximateNumberOfMessages"
	AttributeApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible"
	AttributeApproximateNumberOfMessagesDelayed    = "ApproximateNumberOfMessagesDelayed"
)

// RedrivePolicy is the decoded value of the RedrivePolicy attribute: where
// messages go after MaxReceiveCount receives.
type RedrivePolicy struct {
	DeadLetterTargetArn string
	MaxReceiveCount     int
}

// RedriveAllowPolicy is the decoded value of the RedriveAllowPolicy
// attribute: which source queues may use this queue as their dead-letter
// queue. RedrivePermission is "allowAll" (the default), "denyAll" or
// "byQueue", the last with up to 10 SourceQueueArns.
type RedriveAllowPolicy struct {
	RedrivePermission string   `json:"redrivePermission"`
	SourceQueueArns   []string `json:"sourceQueueArns,omitempty"`
}

// allows reports whether the policy lets the queue sourceARN send its dead
// letters here.
func (p RedriveAllowPolicy) allows(sourceARN string) bool {
	switch p.RedrivePermission {
	case "denyAll":
		return false
	case "byQueue":
		return slices.Contains(p.SourceQueueArns, sourceARN)
	}
	return true
}

// queueConfig is a queue's settable attributes, decoded.
type queueConfig struct {
	delay           time.Duration
	maxSize         int
	retention       time.Duration
	wait            time.Duration
	visibility      time.Duration
	redrive         *RedrivePolicy
	redriveAllow    RedriveAllowPolicy
	contentDedup    bool
	dedupScope      string
	throughputLimit string
	kmsKey          string
	kmsReuse        time.Duration
	sse             bool
	policy          string
	access          *policy.Policy // policy, parsed; nil for none
}

func defaultConfig(fifo bool) queueConfig {
	c := queueConfig{
		maxSize:      DefaultMaximumMessageSize,
		retention:    DefaultRetentionPeriod,
		visibility:   DefaultVisibilityTimeout,
		redriveAllow: RedriveAllowPolicy{RedrivePermission: "allowAll"},
		kmsReuse:     5 * time.Minute,
		sse:          true,
	}
	if fifo {
		c.dedupScope = "queue"
		c.throughputLimit = "perQueue"
	}
	return c
}

// settable lists the attributes CreateQueue and SetQueueAttributes accept,
// and whether each is for FIFO queues only.
var settable = map[string]bool{
	AttributeDelaySeconds:                  false,
	AttributeMaximumMessageSize:            false,
	AttributeMessageRetentionPeriod:        false,
	AttributeReceiveMessageWaitTimeSeconds: false,
	AttributeVisibilityTimeout:             false,
	AttributeRedrivePolicy:                 false,
	AttributeRedriveAllowPolicy:            false,
	AttributeKmsMasterKeyId:                false,
	AttributeKmsDataKeyReusePeriodSeconds:  false,
	AttributeSqsManagedSseEnabled:          false,
	AttributePolicy:                        false,
	AttributeFifoQueue:                     true,
	AttributeContentBasedDeduplication:     true,
	AttributeDeduplicationScope:            true,
	AttributeFifoThroughputLimit:           true,
}

// apply returns c with attrs applied, or the AWS error for the first bad
// attribute in name order. It checks each value on its own; rules that
// involve other queues (the dead-letter target) are the caller's.
func (c queueConfig) apply(attrs map[string]string, fifo bool) (queueConfig, error) {
	for _, name := range sortedKeys(attrs) {
		v := attrs[name]
		fifoOnly, ok := settable[name]
		if !ok {
			return c, ErrInvalidAttributeName.With("Unknown Attribute %s.", name)
		}
		if fifoOnly && !fifo {
			switch name {
			case AttributeDeduplicationScope, AttributeFifoThroughputLimit:
				return c, ErrInvalidAttributeName.With("You can specify the %s only when FifoQueue is set to true.", name)
			}
			return c, ErrInvalidAttributeName.With("Unknown Attribute %s.", name)
		}
		var err error
		switch name {
		case AttributeDelaySeconds:
			c.delay, err = parseSeconds(name, v, 0, MaxDelay)
		case AttributeMaximumMessageSize:
			var n int
			n, err = parseInt(name, v, MinMaximumMessageSize, DefaultMaximumMessageSize)
			c.maxSize = n
		case AttributeMessageRetentionPeriod:
			c.retention, err = parseSeconds(name, v, MinRetentionPeriod, MaxRetentionPeriod)
		case AttributeReceiveMessageWaitTimeSeconds:
			c.wait, err = parseSeconds(name, v, 0, MaxWaitTime)
		case AttributeVisibilityTimeout:
			c.visibility, err = parseSeconds(name, v, 0, MaxVisibilityTimeout)
		case AttributeKmsDataKeyReusePeriodSeconds:
			c.kmsReuse, err = parseSeconds(name, v, time.Minute, 24*time.Hour)
		case AttributeRedrivePolicy:
			c.redrive, err = parseRedrivePolicy(v)
		case AttributeRedriveAllowPolicy:
			c.redriveAllow, err = parseRedriveAllowPolicy(v)
		case AttributeFifoQueue:
			var b bool
			b, err = parseBool(name, v)
			if err == nil && !b {
				err = ErrInvalidAttributeValue.With("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
			}
		case AttributeContentBasedDeduplication:
			c.contentDedup, err = parseBool(name, v)
		case AttributeDeduplicationScope:
			if v != "queue" && v != "messageGroup" {
				err = invalidAttributeValue(name)
			}
			c.dedupScope = v
		case AttributeFifoThroughputLimit:
			if v != "perQueue" && v != "perMessageGroupId" {
				err = invalidAttributeValue(name)
			}
			c.throughputLimit = v
		case AttributeKmsMasterKeyId:
			c.kmsKey = v
			if v != "" {
				c.sse = false
			}
		case AttributeSqsManagedSseEnabled:
			c.sse, err = parseBool(name, v)
		case AttributePolicy:
			c.access, err = parsePolicy(v)
			c.policy = v
		}
		if err != nil {
			return c, err
		}
	}
	if c.sse && c.kmsKey != "" {
		return c, ErrInvalidAttributeValue.With("You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
	}
	if fifo && c.throughputLimit == "perMessageGroupId" && c.dedupScope != "messageGroup" {
		return c, ErrInvalidAttributeValue.With("The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.")
	}
	return c, nil
}

// get returns the wire value of a settable attribute, and false when the
// queue does not have it (RedrivePolicy unset, FIFO attributes of a
// standard queue).
func (c *queueConfig) get(name string, fifo bool) (string, bool) {
	switch name {
	case AttributeDelaySeconds:
		return seconds(c.delay), true
	case AttributeMaximumMessageSize:
		return strconv.Itoa(c.maxSize), true
	case AttributeMessageRetentionPeriod:
		return seconds(c.retention), true
	case AttributeReceiveMessageWaitTimeSeconds:
		return seconds(c.wait), true
	case AttributeVisibilityTimeout:
		return seconds(c.visibility), true
	case AttributeRedrivePolicy:
		if c.redrive == nil {
			return "", false
		}
		return fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, c.redrive.DeadLetterTargetArn, c.redrive.MaxReceiveCount), true
	case AttributeRedriveAllowPolicy:
		if c.redriveAllow.RedrivePermission == "allowAll" && len(c.redriveAllow.SourceQueueArns) == 0 {
			return "", false
		}
		b, _ := json.Marshal(c.redriveAllow)
		return string(b), true
	case AttributeKmsMasterKeyId:
		return c.kmsKey, c.kmsKey != ""
	case AttributeKmsDataKeyReusePeriodSeconds:
		return seconds(c.kmsReuse), c.kmsKey != ""
	case AttributeSqsManagedSseEnabled:
		return strconv.FormatBool(c.sse), true
	case AttributePolicy:
		return c.policy, c.policy != ""
	case AttributeFifoQueue:
		return "true", fifo
	case AttributeContentBasedDeduplication:
		return strconv.FormatBool(c.contentDedup), fifo
	case AttributeDeduplicationScope:
		return c.dedupScope, fifo
	case AttributeFifoThroughputLimit:
		return c.throughputLimit, fifo
	}
	return "", false
}

// differs reports the first supplied attribute whose value differs from
// the queue's, for the idempotence rule of CreateQueue.
func (c *queueConfig) differs(attrs map[string]string, fifo bool) (string, bool) {
	want, err := c.apply(attrs, fifo)
	if err != nil {
		return "", false
	}
	for _, name := range sortedKeys(attrs) {
		have, _ := c.get(name, fifo)
		now, _ := want.get(name, fifo)
		if have != now {
			return name, true
		}
	}
	return "", false
}

func invalidAttributeValue(name string) error {
	return ErrInvalidAttributeValue.With("Invalid value for the parameter %s.", name)
}

func parseSeconds(name, v string, lo, hi time.Duration) (time.Duration, error) {
	n, err := parseInt(name, v, int(lo/time.Second), int(hi/time.Second))
	return time.Duration(n) * time.Second, err
}

func parseInt(name, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return 0, invalidAttributeValue(name)
	}
	return n, nil
}

func parseBool(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, invalidAttributeValue(name)
}

func seconds(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }

// parseRedrivePolicy decodes a RedrivePolicy value. An empty value removes
// the policy. maxReceiveCount may be a JSON number or a string of digits,
// as AWS accepts both.
func parseRedrivePolicy(v string) (*RedrivePolicy, error) {
	if v == "" {
		return nil, nil
	}
	bad := func(reason string) error {
		return ErrInvalidParameterValue.With("Value %s for parameter RedrivePolicy is invalid. Reason: %s", v, reason)
	}
	var raw struct {
		DeadLetterTargetArn *string         `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, bad("Redrive policy is not a valid JSON map.")
	}
	if raw.DeadLetterTargetArn == nil || raw.MaxReceiveCount == nil {
		return nil, bad("Redrive policy does not contain mandatory attribute: deadLetterTargetArn and maxReceiveCount.")
	}
	count := string(bytes.Trim(raw.MaxReceiveCount, `"`))
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > 1000 {
		return nil, bad(fmt.Sprintf("Invalid value for maxReceiveCount: %s, valid values are from 1 to 1000 both inclusive.", count))
	}
	return &RedrivePolicy{DeadLetterTargetArn: *raw.DeadLetterTargetArn, MaxReceiveCount: n}, nil
}

// parseRedriveAllowPolicy decodes a RedriveAllowPolicy value. An empty
// value restores the default, allowAll.
func parseRedriveAllowPolicy(v string) (RedriveAllowPolicy, error) {
	p := RedriveAllowPolicy{RedrivePermission: "allowAll"}
	if v == "" {
		return p, nil
	}
	bad := func(reason string) error {
		return ErrInvalidParameterValue.With("Value %s for parameter RedriveAllowPolicy is invalid. Reason: %s", v, reason)
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, bad("Invalid JSON.")
	}
	switch p.RedrivePermission {
	case "allowAll", "denyAll":
		if len(p.SourceQueueArns) > 0 {
			return p, bad("Only byQueue redrive permission allows specifying sourceQueueArns.")
		}
	case "byQueue":
		if len(p.SourceQueueArns) == 0 || len(p.SourceQueueArns) > 10 {
			return p, bad("byQueue redrive permission requires 1 to 10 sourceQueueArns.")
		}
	default:
		return p, bad("Invalid value for redrivePermission.")
	}
	return p, nil
}

func sortedKeys[V any](m map[string]V) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
