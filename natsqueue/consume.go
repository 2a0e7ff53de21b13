package natsqueue

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/mosaic-sec/mosaic"
)

// consume takes messages in until ctx ends. The pull iterator survives
// reconnects by itself; when it closes for good (the consumer was deleted,
// say) the consumer is created again and pulling resumes from its durable
// position.
func (q *Queue) consume(ctx context.Context) {
	defer close(q.done)
	wait := time.Second
	for ctx.Err() == nil {
		cons, err := q.consumer(ctx)
		if err == nil {
			err = q.pull(ctx, cons)
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			continue
		}
		q.log.Warn("queue: cannot take in records; trying again", "error", err, "in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second) // one line a try, fewer as an outage lasts
	}
}

// pull reads from one iterator until it closes or ctx ends, waiting
// whenever MaxPending records are held.
func (q *Queue) pull(ctx context.Context, cons jetstream.Consumer) error {
	it, err := cons.Messages(jetstream.PullMaxMessages(q.cfg.Batch),
		// A missed heartbeat (a reconnect, a restarting server) is
		// handled inside the iterator by pulling again; the connection's
		// handlers log the cause.
		jetstream.WithMessagesErrOnMissingHeartbeat(false))
	if err != nil {
		return err
	}
	defer it.Stop()
	// At the end, Drain rather than Stop: the messages the iterator has
	// already received are then still taken in, and Close gives them back
	// to the server at once; Stop would drop them, and the server would
	// deliver them again only after AckWait.
	stopOnCancel := context.AfterFunc(ctx, it.Drain)
	defer stopOnCancel()
	for {
		var opts []jetstream.NextOpt
		if !q.waitForRoom(ctx) {
			opts = append(opts, jetstream.NextMaxWait(time.Second)) // closing: only what is buffered
		}
		msg, err := it.Next(opts...)
		switch {
		case errors.Is(err, jetstream.ErrMsgIteratorClosed):
			return err
		case ctx.Err() != nil && err != nil:
			return nil
		case err != nil:
			q.log.Warn("queue: a pull from NATS failed", "error", err)
			continue
		}
		q.take(msg)
	}
}

// waitForRoom blocks while MaxPending records are held; false when ctx
// ended first.
func (q *Queue) waitForRoom(ctx context.Context) bool {
	for {
		q.mu.Lock()
		full := len(q.held) >= q.cfg.MaxPending
		q.mu.Unlock()
		if !full {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-q.room:
		}
	}
}

// take decodes a message and holds its record for Drain. A message that
// cannot be read is terminated (never delivered again) and logged by
// subject and sequence only: its record is in the store, and the next
// start of detection reads it from there.
func (q *Queue) take(msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err != nil {
		q.log.Warn("queue: a message without JetStream metadata is dropped", "subject", msg.Subject())
		_ = msg.Term()
		return
	}
	seq := md.Sequence.Stream
	rec, err := Decode(msg.Data())
	if err == nil {
		rec, err = q.fingerprint(rec)
	}
	q.mu.Lock()
	q.seen = max(q.seen, seq)
	if err != nil {
		q.mu.Unlock()
		// The message only: a decoding error can quote the record.
		q.log.Warn("queue: a queued record cannot be read; detection sees it from the store at its next start",
			"subject", msg.Subject(), "sequence", seq, "error", mosaic.ErrorMessage(err))
		_ = msg.Term()
		return
	}
	if i, ok := q.heldAt[seq]; ok {
		// Delivered again while held (AckWait passed during a long
		// analysis): acknowledge the latest delivery, keep one record.
		q.held[i].msg = msg
		q.mu.Unlock()
		return
	}
	q.heldAt[seq] = len(q.held)
	q.held = append(q.held, heldRecord{rec: rec, msg: msg})
	q.mu.Unlock()
	signal(q.ready)
}

// fingerprint turns a photo's fingerprint into the matcher's form.
func (q *Queue) fingerprint(rec mosaic.Record) (mosaic.Record, error) {
	p, ok := rec.(mosaic.Photo)
	if !ok || q.cfg.DecodeFingerprint == nil {
		return rec, nil
	}
	raw, ok := p.Fingerprint.(json.RawMessage)
	if !ok {
		return rec, nil
	}
	fp, err := q.cfg.DecodeFingerprint(raw)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "a queued photo's fingerprint cannot be read")
	}
	p.Fingerprint = fp
	return p, nil
}
