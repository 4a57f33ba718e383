package sqs_test

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awssim/awssim/sqs"
)

// A receipt handle the service never issued is ReceiptHandleIsInvalid,
// even one that names a real message by its queue, slot and number.
func TestForgedReceiptHandleIsInvalid(t *testing.T) {
	ctx := context.Background()
	_, svc := dlqSetup(t)
	url, _ := dlqCreate(t, svc, "q", nil)
	dlqSend(t, svc, url, "m")
	for _, receive := range []uint32{0, 1} {
		var b [24]byte
		binary.BigEndian.PutUint32(b[0:], 0)        // slot 0
		binary.BigEndian.PutUint64(b[4:], 1)        // first message
		binary.BigEndian.PutUint32(b[12:], receive) // no receive, or the first
		forged := hex.EncodeToString(b[:])

		_, err := svc.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: forged})
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid)
		_, err = svc.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: forged, VisibilityTimeout: time.Hour})
		require.ErrorIs(t, err, sqs.ErrReceiptHandleIsInvalid)
	}
	st, _ := svc.Inspect().Stats(url)
	assert.Equal(t, 1, st.Visible, "the message is untouched")
}
