package rangedb

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math/rand/v2"
	"net/netip"
	"testing"
)

// find4 is the obvious answer Build4 must agree with: of the ranges holding
// addr, the one starting lowest wins, ties to the earlier listed.
func find4(ranges []Range4, addr uint32) uint32 {
	best := -1
	for i, r := range ranges {
		if r.Start <= r.End && r.Start <= addr && addr <= r.End && (best < 0 || r.Start < ranges[best].Start) {
			best = i
		}
	}
	if best < 0 {
		return 0
	}
	return ranges[best].Value
}

func TestBuild4MatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		var ranges []Range4
		for i := 0; i < 1+rng.IntN(40); i++ {
			s := rng.Uint32N(1000)
			ranges = append(ranges, Range4{Start: s, End: s + rng.Uint32N(200) - 20, Value: 1 + rng.Uint32N(4)})
		}
		if round%5 == 0 {
			ranges = append(ranges, Range4{Start: ^uint32(0) - 3, End: ^uint32(0), Value: 9}, Range4{Start: 0, End: 0, Value: 8})
		}
		tab := Build4(ranges)
		checkTable4(t, &tab)
		for _, addr := range append([]uint32{0, 1, ^uint32(0), ^uint32(0) - 4}, randUint32s(rng, 2000, 1300)...) {
			if got, want := tab.Find(addr), find4(ranges, addr); got != want {
				t.Fatalf("round %d: Find(%d) = %d, want %d; ranges %v", round, addr, got, want, ranges)
			}
		}
		plain := Table4{entries: tab.entries} // no index: same answers
		for _, addr := range randUint32s(rng, 500, 1300) {
			if plain.Find(addr) != tab.Find(addr) {
				t.Fatalf("indexed and plain Find disagree at %d", addr)
			}
		}
	}
}

func randUint32s(rng *rand.Rand, n int, below uint32) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = rng.Uint32N(below)
	}
	return out
}

// checkTable4 asserts the invariants Find relies on.
func checkTable4(t *testing.T, tab *Table4) {
	t.Helper()
	if tab.Len() == 0 {
		t.Fatal("empty table")
	}
	if s, _ := tab.At(0); s != 0 {
		t.Fatalf("table starts at %d", s)
	}
	for i := 1; i < tab.Len(); i++ {
		s0, v0 := tab.At(i - 1)
		s1, v1 := tab.At(i)
		if s1 <= s0 || v1 == v0 {
			t.Fatalf("entry %d: %d/%d after %d/%d", i, s1, v1, s0, v0)
		}
	}
}

func TestBuild6MatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 50; round++ {
		var ranges []Range6
		var prefixes []netip.Prefix
		for i := 0; i < 1+rng.IntN(30); i++ {
			p := netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, byte(rng.IntN(3)), 15: byte(rng.IntN(256))}), 16+rng.IntN(113)).Masked()
			s, e := PrefixRange6(p)
			prefixes = append(prefixes, p)
			ranges = append(ranges, Range6{Start: s, End: e, Value: uint32(i + 1)})
		}
		tab := Build6(ranges)
		for i := 0; i < 2000; i++ {
			a := netip.AddrFrom16([16]byte{0x20, 0x01, byte(rng.IntN(3)), 15: byte(rng.IntN(256))})
			var want uint32
			best := -1
			for j, p := range prefixes {
				if p.Contains(a) && (best < 0 || ranges[j].Start.Compare(ranges[best].Start) < 0) {
					best = j
				}
			}
			if best >= 0 {
				want = ranges[best].Value
			}
			if got := tab.Find(From16(a.As16())); got != want {
				t.Fatalf("Find(%s) = %d, want %d", a, got, want)
			}
		}
	}
	all := Build6([]Range6{{Start: U128{}, End: U128{^uint64(0), ^uint64(0)}, Value: 5}})
	if all.Len() != 1 || all.Find(U128{^uint64(0), ^uint64(0)}) != 5 {
		t.Errorf("whole-space table = %+v", all)
	}
}

func TestPrefixRanges(t *testing.T) {
	s, e := PrefixRange4(netip.MustParsePrefix("10.1.2.3/8"))
	if s != 10<<24 || e != 11<<24-1 {
		t.Errorf("10.0.0.0/8 = %d-%d", s, e)
	}
	s, e = PrefixRange4(netip.MustParsePrefix("0.0.0.0/0"))
	if s != 0 || e != ^uint32(0) {
		t.Errorf("/0 = %d-%d", s, e)
	}
	tests := []struct {
		p          string
		start, end U128
	}{
		{"2001:db8::/32", U128{0x20010db8 << 32, 0}, U128{0x20010db8<<32 | 0xffffffff, ^uint64(0)}},
		{"2001:db8::/64", U128{0x20010db8 << 32, 0}, U128{0x20010db8 << 32, ^uint64(0)}},
		{"2001:db8::/96", U128{0x20010db8 << 32, 0}, U128{0x20010db8 << 32, 0xffffffff}},
		{"::/0", U128{}, U128{^uint64(0), ^uint64(0)}},
		{"::1/128", U128{0, 1}, U128{0, 1}},
	}
	for _, tt := range tests {
		s, e := PrefixRange6(netip.MustParsePrefix(tt.p))
		if s != tt.start || e != tt.end {
			t.Errorf("%s = %x-%x, want %x-%x", tt.p, s, e, tt.start, tt.end)
		}
	}
}

func sampleData() *Data {
	d := &Data{
		Meta:      "test data",
		Countries: []string{"", "US", "DE"},
		Orgs:      []string{"", "Example, Inc.", "Beispiel GmbH"},
		ASNs:      []ASN{{}, {64500, 1}, {64501, 2}},
		Places:    []Place{{}},
	}
	place := func(c, a uint32) uint32 {
		for i, p := range d.Places {
			if p == (Place{c, a}) {
				return uint32(i)
			}
		}
		d.Places = append(d.Places, Place{c, a})
		return uint32(len(d.Places) - 1)
	}
	c4 := Build4([]Range4{{1 << 24, 2<<24 - 1, 1}, {5 << 24, 5<<24 + 255, 2}})
	a4 := Build4([]Range4{{1 << 24, 1<<24 + 255, 1}})
	d.Net4 = Merge4(&c4, &a4, place)
	c6 := Build6([]Range6{{U128{1, 0}, U128{1, ^uint64(0)}, 2}, {U128{1 << 61, 5}, U128{1 << 61, 9}, 1}})
	a6 := Build6([]Range6{{U128{1, 0}, U128{2, 0}, 2}})
	d.Net6 = Merge6(&c6, &a6, place)
	return d
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, sampleData()); err != nil {
		t.Fatal(err)
	}
	d, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta != "test data" || len(d.Countries) != 3 || d.Orgs[2] != "Beispiel GmbH" || d.ASNs[2] != (ASN{64501, 2}) {
		t.Fatalf("decoded head = %+v", d)
	}
	at4 := func(a uint32) Place { return d.Places[d.Net4.Find(a)] }
	at6 := func(a U128) Place { return d.Places[d.Net6.Find(a)] }
	checks := []struct{ got, want Place }{
		{at4(0), Place{}},
		{at4(1<<24 + 7), Place{1, 1}},
		{at4(1<<24 + 256), Place{1, 0}},
		{at4(2 << 24), Place{}},
		{at4(5<<24 + 255), Place{2, 0}},
		{at4(5<<24 + 256), Place{}},
		{at6(U128{1, 12345}), Place{2, 2}},
		{at6(U128{2, 0}), Place{0, 2}},
		{at6(U128{2, 1}), Place{}},
		{at6(U128{1 << 61, 9}), Place{1, 0}},
		{at6(U128{1 << 61, 10}), Place{}},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %+v, want %+v", i, c.got, c.want)
		}
	}
}

func TestMergeMatchesBoth(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for round := 0; round < 30; round++ {
		var ra, rb []Range4
		for i := 0; i < 20; i++ {
			s := rng.Uint32N(1000)
			ra = append(ra, Range4{s, s + rng.Uint32N(50), 1 + rng.Uint32N(3)})
			s = rng.Uint32N(1000)
			rb = append(rb, Range4{s, s + rng.Uint32N(50), 1 + rng.Uint32N(3)})
		}
		a, b := Build4(ra), Build4(rb)
		m := Merge4(&a, &b, func(va, vb uint32) uint32 { return va*10 + vb })
		checkTable4(t, &m)
		for addr := uint32(0); addr < 1100; addr++ {
			if got, want := m.Find(addr), a.Find(addr)*10+b.Find(addr); got != want {
				t.Fatalf("Merge4 Find(%d) = %d, want %d", addr, got, want)
			}
		}
	}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestDecodeRejectsHostileInput(t *testing.T) {
	var good bytes.Buffer
	if err := Encode(&good, sampleData()); err != nil {
		t.Fatal(err)
	}
	zr, _ := gzip.NewReader(bytes.NewReader(good.Bytes()))
	var raw bytes.Buffer
	raw.ReadFrom(zr)
	inputs := map[string][]byte{
		"empty":       nil,
		"not gzip":    []byte("hello"),
		"bad magic":   gzipBytes([]byte("something else entirely")),
		"bad version": gzipBytes(append([]byte(magic), 99)),
		"huge count":  gzipBytes(append([]byte(magic), version, 0xff, 0xff, 0xff, 0xff, 0x0f)),
		"trailing":    gzipBytes(append(bytes.Clone(raw.Bytes()), 0)),
	}
	for cut := len(magic); cut < raw.Len(); cut += 3 {
		inputs["truncated"+string(rune('a'+cut%26))] = gzipBytes(raw.Bytes()[:cut])
	}
	// Flip each byte after the header: every result must be an error or a
	// table that still satisfies the invariants, never a panic.
	for i := len(magic) + 1; i < raw.Len(); i++ {
		b := bytes.Clone(raw.Bytes())
		b[i] ^= 0xff
		if d, err := DecodeBytes(gzipBytes(b)); err == nil {
			if int(d.Net4.Find(^uint32(0))) >= len(d.Places) || int(d.Net6.Find(U128{^uint64(0), ^uint64(0)})) >= len(d.Places) {
				t.Fatalf("flipped byte %d: value out of range", i)
			}
		}
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			if _, err := Decode(bytes.NewReader(in)); !errors.Is(err, ErrFormat) {
				t.Errorf("Decode = %v, want ErrFormat", err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	var good bytes.Buffer
	Encode(&good, sampleData())
	zr, _ := gzip.NewReader(bytes.NewReader(good.Bytes()))
	var raw bytes.Buffer
	raw.ReadFrom(zr)
	f.Add(raw.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(bytes.NewReader(gzipBytes(b)))
		if err != nil {
			return
		}
		for _, a := range []uint32{0, 1 << 24, ^uint32(0)} {
			if v := d.Net4.Find(a); int(v) >= len(d.Places) {
				t.Fatalf("value %d out of range", v)
			}
		}
		if v := d.Net6.Find(U128{1, 0}); int(v) >= len(d.Places) {
			t.Fatalf("value %d out of range", v)
		}
	})
}
