// Package natsqueue carries stored records from ingest to detection through
// a NATS JetStream stream, so that the two need not share a process. It
// implements service.Queue.
//
// What travels: the records themselves, one message per record, not
// references to them. Every record is stored before it is published, so a
// reference would do for correctness, but the stores have no way to read a
// record back by its key (only everything, at start), and reading each one
// back would put a database round trip on every record the detection loop
// takes in. The cost is that the stream holds personal data while a record
// waits: acknowledged messages are deleted at once (work-queue retention),
// unconsumed ones expire after Config.MaxAge, and the sensitive columns are
// keyed hashes already, as in the store.
//
// Delivery is at least once. A message is acknowledged when Drain hands its
// record to the detection loop, which keeps it in memory and folds it into
// the dataset; nothing after that needs the message again, because a
// detection process that dies loses its whole dataset and rebuilds it from
// the store (service.Start), which holds every record that was ever
// published. A record can arrive twice (an acknowledgement lost on the
// way, a message redelivered after AckWait, a publish retried after an
// answer was lost), and the dataset keeps it once: it de-duplicates every
// kind on its natural key.
package natsqueue

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mosaic-sec/mosaic"
)

// Config names the stream and its consumer and bounds what is held.
type Config struct {
	// URL is the server, nats://host:4222 (several separated by commas).
	URL string
	// Stream is the stream's name, one per deployment (default MOSAIC_RECORDS).
	Stream string
	// Subject prefixes the subjects, Subject.<kind> (default mosaic.records).
	// Two deployments on one server need different streams and prefixes.
	Subject string
	// Consumer is the durable consumer of the detection process (default
	// mosaic-detection).
	Consumer string
	// Batch is how many messages one pull asks for (default 256).
	Batch int
	// MaxPending is the most records fetched and not yet drained, and the
	// consumer's MaxAckPending: past it the server stops delivering, so a
	// slow analysis holds back the stream rather than fill memory
	// (default 8192).
	MaxPending int
	// AckWait is how long the server waits for an acknowledgement before
	// it delivers a message again (default 5 minutes: longer than an
	// analysis of a large company, during which nothing is drained).
	AckWait time.Duration
	// MaxAge is how long a message waits for the detection process before
	// the stream drops it (default 7 days). A dropped record is still in
	// the store; the detection process reads it when it starts.
	MaxAge time.Duration
	// MaxBytes bounds the stream (default 1 GiB). A full stream refuses
	// new messages, so ingest answers 503 and its callers retry: back
	// pressure rather than an unbounded backlog.
	MaxBytes int64
	// Replicas is the stream's replication in a cluster (default 1).
	Replicas int
	// PublishWindow is how many messages Publish has in flight at once
	// (default 1024).
	PublishWindow int
	// PublishOnly opens the queue for an ingest process that does not
	// run detection: no consumer is created, Drain returns nothing.
	PublishOnly bool
	// DecodeFingerprint turns a photo fingerprint, which travels as JSON,
	// back into the matcher's form (nil: left as json.RawMessage).
	DecodeFingerprint func(json.RawMessage) (any, error)
	Log               *slog.Logger
	// Options are more connection options (credentials, TLS).
	Options []nats.Option
}

func (c *Config) defaults() {
	if c.Stream == "" {
		c.Stream = "MOSAIC_RECORDS"
	}
	if c.Subject == "" {
		c.Subject = "mosaic.records"
	}
	if c.Consumer == "" {
		c.Consumer = "mosaic-detection"
	}
	if c.Batch <= 0 {
		c.Batch = 256
	}
	if c.MaxPending <= 0 {
		c.MaxPending = 8192
	}
	if c.AckWait <= 0 {
		c.AckWait = 5 * time.Minute
	}
	if c.MaxAge <= 0 {
		c.MaxAge = 7 * 24 * time.Hour
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = 1 << 30
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.PublishWindow <= 0 {
		c.PublishWindow = 1024
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// ParseURL reads a queue URL: the server's nats:// URL, optionally with
// the stream, subject prefix, consumer and replicas as query parameters,
// nats://127.0.0.1:4222?stream=ACME&subject=acme.records&consumer=acme-detection.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
		return Config{}, mosaic.Errorf(mosaic.EINVALID, "a NATS queue is given as nats://HOST:PORT (optionally ?stream=NAME&subject=PREFIX&consumer=NAME)")
	}
	q := u.Query()
	c := Config{Stream: q.Get("stream"), Subject: q.Get("subject"), Consumer: q.Get("consumer")}
	for name := range q {
		switch name {
		case "stream", "subject", "consumer", "replicas":
		default:
			return Config{}, mosaic.Errorf(mosaic.EINVALID, "a NATS queue URL takes stream, subject, consumer and replicas, not %q", name)
		}
	}
	if r := q.Get("replicas"); r != "" {
		if c.Replicas, err = strconv.Atoi(r); err != nil || c.Replicas < 1 || c.Replicas > 5 {
			return Config{}, mosaic.Errorf(mosaic.EINVALID, "replicas in a NATS queue URL is 1 to 5, not %q", r)
		}
	}
	u.RawQuery = ""
	c.URL = u.String()
	return c, nil
}

// Queue is a service.Queue over a JetStream stream.
type Queue struct {
	cfg    Config
	log    *slog.Logger
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream

	ready chan struct{} // signalled when records were taken in
	room  chan struct{} // signalled when Drain emptied held

	mu sync.Mutex
	// held are the records fetched and not yet drained, with the messages
	// to acknowledge once they are; heldAt finds one by stream sequence,
	// so a redelivery of a held message replaces it rather than doubles it.
	held   []heldRecord
	heldAt map[uint64]int
	// seen is the highest stream sequence taken in (held, or refused as
	// unreadable); Drain reports it as how far detection has come.
	seen uint64
	// published is the highest stream sequence known: of this process's
	// own publishes, and of the stream as last asked.
	published uint64
	askedAt   time.Time

	stop context.CancelFunc
	done chan struct{}
}

type heldRecord struct {
	rec mosaic.Record
	msg jetstream.Msg
}

// Open connects, creates or updates the stream and the durable consumer,
// and starts taking in messages. Open it before the service starts (and
// reads the store): see setUp. A server that cannot be reached is an
// EUNAVAILABLE error: start fails clearly rather than wait. Once
// connected, the client reconnects for as long as it takes.
func Open(ctx context.Context, cfg Config) (*Queue, error) {
	cfg.defaults()
	q := &Queue{cfg: cfg, log: cfg.Log, ready: make(chan struct{}, 1), room: make(chan struct{}, 1),
		heldAt: map[uint64]int{}, done: make(chan struct{})}
	opts := append([]nats.Option{
		nats.Name("mosaic"),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				q.log.Warn("queue: lost the connection to NATS; reconnecting", "error", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			q.log.Info("queue: reconnected to NATS", "server", nc.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			q.log.Warn("queue: NATS reported an error", "error", err)
		}),
	}, cfg.Options...)
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot reach the NATS server %s for the queue", redact(cfg.URL))
	}
	q.nc = nc
	if err := q.setUp(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	q.stop = cancel
	if cfg.PublishOnly {
		close(q.done)
	} else {
		go q.consume(cctx)
	}
	return q, nil
}

// setUp creates the stream and the consumer, or brings them to this
// configuration, and learns how far the consumer has come.
func (q *Queue) setUp(ctx context.Context) error {
	js, err := jetstream.New(q.nc, jetstream.WithPublishAsyncTimeout(30*time.Second))
	if err != nil {
		return mosaic.WrapError(mosaic.EINTERNAL, err, "cannot use JetStream")
	}
	q.js = js
	q.stream, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.cfg.Stream,
		Description: "mosaic: stored records on their way to detection",
		Subjects:    []string{q.cfg.Subject + ".>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Discard:     jetstream.DiscardNew,
		MaxAge:      q.cfg.MaxAge,
		MaxBytes:    q.cfg.MaxBytes,
		Replicas:    q.cfg.Replicas,
	})
	if err != nil {
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot create or update the queue's stream %s", q.cfg.Stream)
	}
	if q.cfg.PublishOnly {
		return nil
	}
	if _, err := q.consumer(ctx); err != nil {
		return err
	}
	info, err := q.stream.Info(ctx)
	if err != nil {
		return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot read the queue's stream %s", q.cfg.Stream)
	}
	// Every message already in the stream was published after its record
	// was stored, so the store the service reads when it starts (after
	// opening its queue) holds them all: they count as come through, even
	// those still to be delivered (as duplicates) or redelivered after a
	// crashed process's AckWait, and the status shows nothing pending
	// once the first analysis is published.
	q.seen = info.State.LastSeq
	q.published = info.State.LastSeq
	return nil
}

// consumer creates or updates the durable consumer of the detection loop.
func (q *Queue) consumer(ctx context.Context) (jetstream.Consumer, error) {
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.cfg.Stream, jetstream.ConsumerConfig{
		Durable:       q.cfg.Consumer,
		Description:   "mosaic: the detection loop",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.cfg.AckWait,
		MaxAckPending: q.cfg.MaxPending,
		MaxDeliver:    -1,
		FilterSubject: q.cfg.Subject + ".>",
	})
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot create or update the queue's consumer %s", q.cfg.Consumer)
	}
	return cons, nil
}

// subject is where records of a kind are published.
func (q *Queue) subject(k mosaic.Kind) string { return q.cfg.Subject + "." + string(k) }

// Publish implements service.Queue: it appends one message per record and
// returns once the server has stored them all. An error (EUNAVAILABLE)
// leaves some of them perhaps stored: the caller sends the call again, and
// the records that arrive twice are kept once.
func (q *Queue) Publish(ctx context.Context, recs []mosaic.Record) error {
	futures := make([]jetstream.PubAckFuture, 0, min(len(recs), q.cfg.PublishWindow))
	for start := 0; start < len(recs); start += q.cfg.PublishWindow {
		futures = futures[:0]
		for _, r := range recs[start:min(start+q.cfg.PublishWindow, len(recs))] {
			data, err := Encode(r)
			if err != nil {
				return err
			}
			f, err := q.js.PublishMsgAsync(&nats.Msg{Subject: q.subject(r.RecordKind()), Data: data})
			if err != nil {
				return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "cannot queue the records")
			}
			futures = append(futures, f)
		}
		var last uint64
		for _, f := range futures {
			select {
			case ack := <-f.Ok():
				last = max(last, ack.Sequence)
			case err := <-f.Err():
				return mosaic.WrapError(mosaic.EUNAVAILABLE, err, "the queue did not take the records")
			case <-ctx.Done():
				return mosaic.WrapError(mosaic.EUNAVAILABLE, ctx.Err(), "the queue did not confirm the records in time")
			}
		}
		q.mu.Lock()
		q.published = max(q.published, last)
		q.mu.Unlock()
	}
	return nil
}

// Ready implements service.Queue.
func (q *Queue) Ready() <-chan struct{} { return q.ready }

// Drain implements service.Queue: it hands over every record taken in and
// acknowledges its message (see the package comment for why that is the
// moment). upTo is the highest stream sequence taken in, comparable with
// Published across processes.
func (q *Queue) Drain() ([]mosaic.Record, int64) {
	q.mu.Lock()
	held := q.held
	q.held = nil
	clear(q.heldAt)
	upTo := q.seen
	q.mu.Unlock()
	signal(q.room)
	recs := make([]mosaic.Record, len(held))
	failed := 0
	for i, h := range held {
		recs[i] = h.rec
		// Ack, not DoubleAck: a lost acknowledgement costs one duplicate,
		// which the dataset absorbs, and Drain must not wait on the network.
		if err := h.msg.Ack(); err != nil {
			failed++
		}
	}
	if failed > 0 {
		q.log.Warn("queue: some acknowledgements could not be sent; those records will arrive again", "count", failed)
	}
	return recs, int64(upTo)
}

// publishedRefresh bounds how often Published asks the server: status
// pages poll it.
const publishedRefresh = 250 * time.Millisecond

// Published implements service.Queue: the stream's last sequence, which
// counts every record published by any process (one message a record).
// When the server cannot be asked, the last known value.
func (q *Queue) Published() int64 {
	q.mu.Lock()
	// Not while reconnecting: the request would wait out its timeout
	// and the status page with it.
	stale := time.Since(q.askedAt) >= publishedRefresh && q.nc.IsConnected()
	q.mu.Unlock()
	if stale {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		info, err := q.stream.Info(ctx)
		cancel()
		q.mu.Lock()
		q.askedAt = time.Now()
		if err == nil {
			q.published = max(q.published, info.State.LastSeq)
		}
		q.mu.Unlock()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return int64(max(q.published, q.seen))
}

// Close stops taking in messages, gives the held ones back to the server
// (so the next detection process gets them at once rather than after
// AckWait) and closes the connection.
func (q *Queue) Close() error {
	q.stop()
	<-q.done
	q.mu.Lock()
	held := q.held
	q.held = nil
	clear(q.heldAt)
	q.mu.Unlock()
	for _, h := range held {
		_ = h.msg.Nak()
	}
	err := q.nc.FlushTimeout(5 * time.Second)
	q.nc.Close()
	if err != nil && len(held) > 0 {
		q.log.Warn("queue: records held at close were not given back; the server delivers them again after the ack wait", "count", len(held))
	}
	return nil
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// redact keeps a server URL's scheme and hosts, for messages.
func redact(raw string) string {
	var hosts []string
	for _, s := range strings.Split(raw, ",") {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil {
			hosts = append(hosts, u.Scheme+"://"+u.Host)
		}
	}
	return strings.Join(hosts, ",")
}
