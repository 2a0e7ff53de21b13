package rangedb

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Data is everything one database file holds. Index 0 of Countries, Orgs,
// ASNs and Places is the empty entry that value 0 points at.
type Data struct {
	Meta      string   // where the data came from, for people
	Countries []string // ISO 3166-1 alpha-2 codes
	Orgs      []string // AS organisation names
	ASNs      []ASN
	Places    []Place
	Net4      Table4 // values index Places
	Net6      Table6
}

// Place is what one range of addresses resolves to: a country and an AS,
// each an index (0 when unknown). Country and ASN data come from different
// sources with different boundaries; the generator merges them (Merge4) so
// a lookup searches one table.
type Place struct {
	Country uint32
	ASN     uint32
}

// ASN is an autonomous system number with the index of its organisation.
type ASN struct {
	Number uint32
	Org    uint32
}

// The file is gzip around: magic, then uvarint-framed sections. Tables are
// stored column by column (all start deltas, then all values) because
// similar numbers side by side compress far better.
const (
	magic   = "mosaic-ipinfo\x00"
	version = 1

	// maxDecoded bounds what a (possibly hostile) file may inflate to.
	maxDecoded = 128 << 20
)

// Encode writes d in the file format, gzip-compressed at the best level.
func Encode(w io.Writer, d *Data) error {
	var b []byte
	b = append(b, magic...)
	b = append(b, version)
	b = appendString(b, d.Meta)
	b = appendStrings(b, d.Countries[1:])
	b = appendStrings(b, d.Orgs[1:])
	b = binary.AppendUvarint(b, uint64(len(d.ASNs)-1))
	for _, a := range d.ASNs[1:] {
		b = binary.AppendUvarint(b, uint64(a.Number))
	}
	for _, a := range d.ASNs[1:] {
		b = binary.AppendUvarint(b, uint64(a.Org))
	}
	b = binary.AppendUvarint(b, uint64(len(d.Places)-1))
	for _, p := range d.Places[1:] {
		b = binary.AppendUvarint(b, uint64(p.Country))
	}
	for _, p := range d.Places[1:] {
		b = binary.AppendUvarint(b, uint64(p.ASN))
	}
	b = appendTable4(b, &d.Net4)
	b = appendTable6(b, &d.Net6)

	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	return zw.Close()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func appendTable4(b []byte, t *Table4) []byte {
	b = binary.AppendUvarint(b, uint64(t.Len()))
	var prev uint32
	for i := range t.Len() {
		s, _ := t.At(i)
		b = binary.AppendUvarint(b, uint64(s-prev))
		prev = s
	}
	for i := range t.Len() {
		_, v := t.At(i)
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

// appendTable6 stores the high half as a delta and the low half as is: real
// allocations are almost all /64 or wider, so the low half is nearly always 0
// and costs one byte before compression.
func appendTable6(b []byte, t *Table6) []byte {
	b = binary.AppendUvarint(b, uint64(t.Len()))
	var prev uint64
	for _, e := range t.entries {
		b = binary.AppendUvarint(b, e.start.Hi-prev)
		prev = e.start.Hi
	}
	for _, e := range t.entries {
		b = binary.AppendUvarint(b, e.start.Lo)
	}
	for _, e := range t.entries {
		b = binary.AppendUvarint(b, uint64(e.value))
	}
	return b
}

// ErrFormat is returned (wrapped) for a file that is not a valid database.
var ErrFormat = errors.New("not a valid ipinfo database")

// Decode reads a gzip-compressed database and checks every invariant the
// lookups rely on, so a damaged file is an error rather than a panic later.
func Decode(r io.Reader) (*Data, error) {
	return decode(r, 0)
}

// DecodeBytes decodes a database held in memory. It reads the inflated
// size from the gzip trailer to allocate once (the size is only a hint: a
// wrong one costs time, not correctness).
func DecodeBytes(b []byte) (*Data, error) {
	var hint int
	if len(b) >= 4 {
		hint = int(binary.LittleEndian.Uint32(b[len(b)-4:]))
	}
	return decode(bytes.NewReader(b), hint)
}

func decode(r io.Reader, sizeHint int) (*Data, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	var buf bytes.Buffer
	if sizeHint > 0 && sizeHint <= maxDecoded {
		buf.Grow(sizeHint + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(zr, maxDecoded+1)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	raw := buf.Bytes()
	if len(raw) > maxDecoded {
		return nil, fmt.Errorf("%w: inflates past %d bytes", ErrFormat, maxDecoded)
	}
	if !bytes.HasPrefix(raw, []byte(magic)) || len(raw) <= len(magic) {
		return nil, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v := raw[len(magic)]; v != version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrFormat, v, version)
	}
	dec := decoder{b: raw[len(magic)+1:]}
	d := &Data{}
	d.Meta = dec.string()
	d.Countries = append([]string{""}, dec.strings()...)
	d.Orgs = append([]string{""}, dec.strings()...)
	n := dec.count()
	d.ASNs = make([]ASN, n+1)
	for i := 1; i <= n; i++ {
		d.ASNs[i].Number = dec.uint32()
	}
	for i := 1; i <= n; i++ {
		d.ASNs[i].Org = dec.index(len(d.Orgs))
	}
	n = dec.count()
	d.Places = make([]Place, n+1)
	for i := 1; i <= n; i++ {
		d.Places[i].Country = dec.index(len(d.Countries))
	}
	for i := 1; i <= n; i++ {
		d.Places[i].ASN = dec.index(len(d.ASNs))
	}
	d.Net4 = dec.table4(len(d.Places))
	d.Net6 = dec.table6(len(d.Places))
	if dec.err == nil && len(dec.b) != 0 {
		dec.fail("%d trailing bytes", len(dec.b))
	}
	if dec.err != nil {
		return nil, dec.err
	}
	d.Net4.BuildIndex()
	return d, nil
}

// decoder reads uvarints from a buffer and remembers the first error, so the
// decoding code reads straight through and checks once.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or overlong number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) uint32() uint32 {
	v := d.uvarint()
	if v > 1<<32-1 {
		d.fail("number %d out of range", v)
		return 0
	}
	return uint32(v)
}

// count reads an element count, bounded by the bytes left (every element
// takes at least one byte), so a hostile count cannot force a huge allocation.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.fail("count %d exceeds the data left", v)
		return 0
	}
	return int(v)
}

func (d *decoder) index(limit int) uint32 {
	v := d.uvarint()
	if v >= uint64(limit) {
		d.fail("index %d out of range %d", v, limit)
		return 0
	}
	return uint32(v)
}

func (d *decoder) string() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strings() []string {
	n := d.count()
	ss := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		ss = append(ss, d.string())
	}
	return ss
}

func (d *decoder) table4(limit int) Table4 {
	n := d.count()
	t := Table4{entries: make([]uint64, n)}
	var prev uint64
	for i := 0; i < n; i++ {
		delta := d.uvarint()
		if i > 0 && delta == 0 {
			d.fail("IPv4 starts not increasing at entry %d", i)
		}
		prev += delta
		if prev > 1<<32-1 {
			d.fail("IPv4 start past the address space at entry %d", i)
		}
		t.entries[i] = prev << 32
	}
	for i := 0; i < n; i++ {
		t.entries[i] |= uint64(d.index(limit))
	}
	if d.err == nil && (n == 0 || t.entries[0]>>32 != 0) {
		d.fail("IPv4 table does not start at 0.0.0.0")
	}
	return t
}

func (d *decoder) table6(limit int) Table6 {
	n := d.count()
	t := Table6{entries: make([]entry6, n)}
	var prev uint64
	for i := 0; i < n; i++ {
		delta := d.uvarint()
		if prev+delta < prev {
			d.fail("IPv6 start past the address space at entry %d", i)
		}
		prev += delta
		t.entries[i].start.Hi = prev
	}
	for i := 0; i < n; i++ {
		t.entries[i].start.Lo = d.uvarint()
		if i > 0 && t.entries[i].start.Compare(t.entries[i-1].start) <= 0 {
			d.fail("IPv6 starts not increasing at entry %d", i)
		}
	}
	for i := 0; i < n; i++ {
		t.entries[i].value = d.index(limit)
	}
	if d.err == nil && (n == 0 || t.entries[0].start != U128{}) {
		d.fail("IPv6 table does not start at ::")
	}
	return t
}
