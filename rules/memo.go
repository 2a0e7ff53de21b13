package rules

import (
	"context"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"
)

// Memo remembers the firings of a rule set for variables already seen, so
// an engine re-run over a growing dataset (the service, after every batch
// of records) evaluates only the records and people whose variables
// changed. Rules are pure functions of their variables, so a remembered
// result is the result: the memo saves work, never changes an outcome.
// Variables are identified by a 128-bit digest of their whole content.
// Entries not used for two generations (see Advance) are dropped, so the
// memo holds about one analysis' worth.
type Memo struct {
	mu      sync.Mutex
	set     *Set
	seeds   [2]maphash.Seed
	gen     uint64
	entries map[memoKey]*memoEntry
	// Hits and Misses count evaluations answered from the memo or not.
	Hits, Misses int64
}

type memoKey struct {
	scope string
	a, b  uint64
}

type memoEntry struct {
	firings []Firing
	gen     uint64
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, entries: map[memoKey]*memoEntry{}}
}

// Advance starts a new generation and drops entries unused for two.
func (m *Memo) Advance() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	for k, e := range m.entries {
		if e.gen+2 <= m.gen {
			delete(m.entries, k)
		}
	}
}

// Evaluate is set.EvaluateContext, answered from the memo when the same set
// saw the same variables in the same scope. A nil memo evaluates.
func (m *Memo) Evaluate(ctx context.Context, set *Set, scope string, vars map[string]any) ([]Firing, error) {
	if m == nil {
		return set.EvaluateContext(ctx, scope, vars)
	}
	a, b := digest(&m.seeds, vars)
	key := memoKey{scope: scope, a: a, b: b}
	m.mu.Lock()
	if m.set != set { // another rule set (an admin changed a rule): start over
		m.set = set
		clear(m.entries)
	}
	if e, ok := m.entries[key]; ok {
		e.gen = m.gen
		m.Hits++
		m.mu.Unlock()
		return slices.Clone(e.firings), nil
	}
	m.Misses++
	m.mu.Unlock()
	fs, err := set.EvaluateContext(ctx, scope, vars)
	if err != nil {
		return fs, err // errors are not remembered
	}
	m.mu.Lock()
	if m.set == set {
		m.entries[key] = &memoEntry{firings: slices.Clone(fs), gen: m.gen}
	}
	m.mu.Unlock()
	return fs, nil
}

// digest is a 128-bit digest of v (two independent 64-bit lanes). Maps are
// digested without sorting: each entry's digest, mixed with its key, is
// summed, and a sum does not depend on order. Type tags keep different
// kinds of value apart.
func digest(seeds *[2]maphash.Seed, v any) (uint64, uint64) {
	switch x := v.(type) {
	case nil:
		return leaf(seeds, 0, "")
	case string:
		return leaf(seeds, 1, x)
	case int64:
		return leafU(seeds, 2, uint64(x))
	case int:
		return leafU(seeds, 2, uint64(int64(x)))
	case float64:
		return leafU(seeds, 3, math.Float64bits(x))
	case bool:
		if x {
			return leafU(seeds, 4, 1)
		}
		return leafU(seeds, 4, 0)
	case time.Time:
		return leafU(seeds, 5, uint64(x.UnixNano()))
	case map[string]any:
		return digestMap(seeds, x, func(e any) (uint64, uint64) { return digest(seeds, e) })
	case []any:
		return list(seeds, len(x), func(i int) (uint64, uint64) { return digest(seeds, x[i]) })
	case []string:
		return list(seeds, len(x), func(i int) (uint64, uint64) { return leaf(seeds, 1, x[i]) })
	case []map[string]any:
		return list(seeds, len(x), func(i int) (uint64, uint64) { return digest(seeds, x[i]) })
	case []int64:
		return list(seeds, len(x), func(i int) (uint64, uint64) { return leafU(seeds, 2, uint64(x[i])) })
	case map[string]bool:
		return digestMap(seeds, x, func(e bool) (uint64, uint64) { return digest(seeds, e) })
	case map[string]int64:
		return digestMap(seeds, x, func(e int64) (uint64, uint64) { return digest(seeds, e) })
	case map[string]string:
		return digestMap(seeds, x, func(e string) (uint64, uint64) { return leaf(seeds, 1, e) })
	}
	// A type the fast cases above do not know: walked by reflection,
	// through pointers, so content (never an address) is what counts.
	return digestValue(seeds, reflect.ValueOf(v))
}

// digestMap digests a map without sorting its keys: each entry's digest,
// mixed with its key, is summed, and a sum does not depend on order.
func digestMap[V any](seeds *[2]maphash.Seed, m map[string]V, value func(V) (uint64, uint64)) (uint64, uint64) {
	var a, b uint64
	for k, e := range m {
		ea, eb := value(e)
		ka, kb := entry(seeds, k, ea, eb)
		a, b = a+ka, b+kb
	}
	return mix(seeds, 6, a, b, uint64(len(m)))
}

func leaf(seeds *[2]maphash.Seed, tag byte, s string) (uint64, uint64) {
	return maphash.String(seeds[0], s) ^ uint64(tag)*0x9E3779B97F4A7C15, maphash.String(seeds[1], s) + uint64(tag)
}

func leafU(seeds *[2]maphash.Seed, tag byte, u uint64) (uint64, uint64) {
	p := [2]uint64{u, uint64(tag)}
	return maphash.Comparable(seeds[0], p), maphash.Comparable(seeds[1], p)
}

// entry mixes a map key with its value's digest.
func entry(seeds *[2]maphash.Seed, k string, a, b uint64) (uint64, uint64) {
	p := struct {
		k    string
		a, b uint64
	}{k, a, b}
	return maphash.Comparable(seeds[0], p), maphash.Comparable(seeds[1], p)
}

func mix(seeds *[2]maphash.Seed, tag byte, a, b, n uint64) (uint64, uint64) {
	p := [4]uint64{uint64(tag), a, b, n}
	return maphash.Comparable(seeds[0], p), maphash.Comparable(seeds[1], p)
}

// list digests a sequence: order matters, so elements are chained.
func list(seeds *[2]maphash.Seed, n int, elem func(int) (uint64, uint64)) (uint64, uint64) {
	a, b := uint64(7), uint64(7)
	for i := range n {
		ea, eb := elem(i)
		a, b = mix(seeds, 7, a, ea, eb)
		_, b2 := mix(seeds, 8, b, eb, ea)
		b = b2
	}
	return mix(seeds, 7, a, b, uint64(n))
}

func digestValue(seeds *[2]maphash.Seed, v reflect.Value) (uint64, uint64) {
	switch v.Kind() {
	case reflect.Invalid:
		return leaf(seeds, 0, "")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return leaf(seeds, 0, "")
		}
		a, b := digestValue(seeds, v.Elem())
		return mix(seeds, 10, a, b, 0)
	case reflect.String:
		return leaf(seeds, 1, v.String())
	case reflect.Bool:
		if v.Bool() {
			return leafU(seeds, 4, 1)
		}
		return leafU(seeds, 4, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return leafU(seeds, 2, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return leafU(seeds, 11, v.Uint())
	case reflect.Float32, reflect.Float64:
		return leafU(seeds, 3, math.Float64bits(v.Float()))
	case reflect.Slice, reflect.Array:
		return list(seeds, v.Len(), func(i int) (uint64, uint64) { return digestValue(seeds, v.Index(i)) })
	case reflect.Map:
		var a, b uint64
		it := v.MapRange()
		for it.Next() {
			ka, kb := digestValue(seeds, it.Key())
			ea, eb := digestValue(seeds, it.Value())
			x, y := mix(seeds, 12, ka, kb, ea)
			_, y2 := mix(seeds, 13, y, eb, x)
			a, b = a+x, b+y2
		}
		return mix(seeds, 6, a, b, uint64(v.Len()))
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return leafU(seeds, 5, uint64(t.UnixNano()))
		}
		return list(seeds, v.NumField(), func(i int) (uint64, uint64) {
			if !v.Type().Field(i).IsExported() {
				return 0, 0
			}
			return digestValue(seeds, v.Field(i))
		})
	}
	// Functions and channels have no content to compare.
	return leaf(seeds, 14, v.Type().String())
}
