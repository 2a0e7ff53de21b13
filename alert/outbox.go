package alert

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Delivery is one alert to one destination, as the outbox keeps it.
type Delivery struct {
	AlertID, Destination string
	Payload              []byte // the Alert JSON
	Attempts             int
	NextAttempt          time.Time
	LastError            string
	Delivered            bool
}

// Outbox is the durable queue of deliveries. The store implements it on its
// database so that enqueueing an alert can share a transaction with the
// score change that raised it, and a queued alert survives a restart.
// Implementations must be safe for concurrent use: the dispatcher marks
// deliveries to different destinations from different goroutines.
type Outbox interface {
	// Enqueue stores one delivery per (alert, destination); an existing
	// (alert, destination) pair is left unchanged (idempotent).
	Enqueue(ctx context.Context, alertID string, payload []byte, destinations []string) error
	// Due returns undelivered deliveries whose NextAttempt <= now, oldest
	// first, at most limit.
	Due(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	MarkDelivered(ctx context.Context, alertID, destination string, at time.Time) error
	MarkFailed(ctx context.Context, alertID, destination string, attempts int, next time.Time, errText string) error
	Pending(ctx context.Context) (int, error) // undelivered count, for metrics
}

// MemoryOutbox is an Outbox in memory, for tests and for trying things out;
// it is not durable. The zero value is ready to use.
type MemoryOutbox struct {
	mu    sync.Mutex
	seq   int
	items map[outboxKey]*memDelivery
}

type outboxKey struct{ alertID, destination string }

type memDelivery struct {
	Delivery
	seq int // enqueue order: "oldest first"
}

var _ Outbox = (*MemoryOutbox)(nil)

// Enqueue implements Outbox. New deliveries are due at once (a zero
// NextAttempt).
func (m *MemoryOutbox) Enqueue(_ context.Context, alertID string, payload []byte, destinations []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil {
		m.items = map[outboxKey]*memDelivery{}
	}
	for _, d := range destinations {
		k := outboxKey{alertID, d}
		if _, ok := m.items[k]; ok {
			continue
		}
		m.seq++
		m.items[k] = &memDelivery{seq: m.seq, Delivery: Delivery{
			AlertID: alertID, Destination: d, Payload: slices.Clone(payload)}}
	}
	return nil
}

// Due implements Outbox.
func (m *MemoryOutbox) Due(_ context.Context, now time.Time, limit int) ([]Delivery, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []*memDelivery
	for _, it := range m.items {
		if !it.Delivered && !it.NextAttempt.After(now) {
			due = append(due, it)
		}
	}
	slices.SortFunc(due, func(a, b *memDelivery) int { return a.seq - b.seq })
	if limit > 0 && len(due) > limit {
		due = due[:limit]
	}
	out := make([]Delivery, len(due))
	for i, it := range due {
		out[i] = it.Delivery
		out[i].Payload = slices.Clone(it.Payload)
	}
	return out, nil
}

// MarkDelivered implements Outbox.
func (m *MemoryOutbox) MarkDelivered(_ context.Context, alertID, destination string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it, ok := m.items[outboxKey{alertID, destination}]; ok {
		it.Delivered, it.LastError = true, ""
	}
	return nil
}

// MarkFailed implements Outbox.
func (m *MemoryOutbox) MarkFailed(_ context.Context, alertID, destination string, attempts int, next time.Time, errText string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it, ok := m.items[outboxKey{alertID, destination}]; ok && !it.Delivered {
		it.Attempts, it.NextAttempt, it.LastError = attempts, next, errText
	}
	return nil
}

// Pending implements Outbox.
func (m *MemoryOutbox) Pending(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, it := range m.items {
		if !it.Delivered {
			n++
		}
	}
	return n, nil
}

// All returns a copy of every delivery, in enqueue order; for tests.
func (m *MemoryOutbox) All() []Delivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	items := make([]*memDelivery, 0, len(m.items))
	for _, it := range m.items {
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b *memDelivery) int { return a.seq - b.seq })
	out := make([]Delivery, len(items))
	for i, it := range items {
		out[i] = it.Delivery
	}
	return out
}
