// Command gen converts the ip-location-db CSV files into the compact database
// that package ipinfo embeds (ipinfo/data/ipinfo.bin.gz). It runs at
// development time only; the result is committed.
//
// The sources are npm packages (tarballs hold plain CSV files):
//
//	mkdir -p /tmp/ipdb && cd /tmp/ipdb
//	npm pack @ip-location-db/asn@2.3.2026061719
//	npm pack @ip-location-db/dbip-country@2.3.2026060120
//	for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//	cd /work/main   # the module root
//	go run ./ipinfo/internal/gen \
//	  -asn /tmp/ipdb/ip-location-db-asn-2.3.2026061719/package \
//	  -country /tmp/ipdb/ip-location-db-dbip-country-2.3.2026060120/package \
//	  -meta "@ip-location-db/asn 2.3.2026061719 (RouteViews, NRO, DB-IP IP to ASN Lite; CC BY 4.0) + @ip-location-db/dbip-country 2.3.2026060120 (DB-IP IP to Country Lite; CC BY 4.0)" \
//	  -out ipinfo/data/ipinfo.bin.gz
//
// DB-IP's country data is a geolocation (where the address is used), which
// is what a claimed-versus-observed location check needs; the CC0
// asn-country package would give the registrant's country instead. Then
// update ipinfo/data/ATTRIBUTION.md with the versions used. Never feed it
// GeoLite2-derived packages: MaxMind's EULA does not allow shipping them.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mosaic-sec/mosaic/ipinfo/internal/rangedb"
)

func main() {
	asnDir := flag.String("asn", "", "folder with asn-ipv4.csv and asn-ipv6.csv (start,end,asn,org)")
	countryDir := flag.String("country", "", "folder with <name>-ipv4.csv and <name>-ipv6.csv (start,end,cc)")
	meta := flag.String("meta", "", "source description stored in the file")
	out := flag.String("out", "ipinfo/data/ipinfo.bin.gz", "output file")
	flag.Parse()
	if err := run(*asnDir, *countryDir, *meta, *out); err != nil {
		slog.Error("gen failed", "err", err)
		os.Exit(1)
	}
}

func run(asnDir, countryDir, meta, out string) error {
	if asnDir == "" || countryDir == "" {
		return errors.New("-asn and -country are required")
	}
	b := newBuilder()
	b.data.Meta = meta
	for _, family := range []string{"ipv4", "ipv6"} {
		if err := b.readASN(filepath.Join(asnDir, "asn-"+family+".csv")); err != nil {
			return err
		}
		path, err := findCSV(countryDir, family)
		if err != nil {
			return err
		}
		if err := b.readCountry(path); err != nil {
			return err
		}
	}
	d := b.finish()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := rangedb.Encode(f, d); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	slog.Info("wrote database", "file", out, "bytes", st.Size(),
		"net4", d.Net4.Len(), "net6", d.Net6.Len(), "places", len(d.Places)-1,
		"asns", len(d.ASNs)-1, "orgs", len(d.Orgs)-1, "countries", len(d.Countries)-1)
	return nil
}

// findCSV finds the one "*-<family>.csv" file (not the -num variant).
func findCSV(dir, family string) (string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*-"+family+".csv"))
	if err != nil {
		return "", err
	}
	if len(matches) != 1 {
		return "", fmt.Errorf("want one *-%s.csv in %s, found %d", family, dir, len(matches))
	}
	return matches[0], nil
}

// builder interns strings and collects ranges per table.
type builder struct {
	data      rangedb.Data
	countries map[string]uint32
	orgs      map[string]uint32
	asns      map[rangedb.ASN]uint32
	places    map[rangedb.Place]uint32
	country4  []rangedb.Range4
	asn4      []rangedb.Range4
	country6  []rangedb.Range6
	asn6      []rangedb.Range6
}

func newBuilder() *builder {
	return &builder{
		data: rangedb.Data{
			Countries: []string{""},
			Orgs:      []string{""},
			ASNs:      []rangedb.ASN{{}},
			Places:    []rangedb.Place{{}},
		},
		places:    map[rangedb.Place]uint32{{}: 0},
		countries: map[string]uint32{"": 0},
		orgs:      map[string]uint32{"": 0},
		asns:      map[rangedb.ASN]uint32{{}: 0},
	}
}

func intern[K comparable](m map[K]uint32, list *[]K, k K) uint32 {
	if i, ok := m[k]; ok {
		return i
	}
	i := uint32(len(*list))
	*list = append(*list, k)
	m[k] = i
	return i
}

// eachRow calls fn with the inclusive range and the remaining fields of
// every row of a start,end,... CSV file.
func eachRow(path string, fields int, fn func(start, end netip.Addr, rest []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = fields
	r.ReuseRecord = true
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		start, err1 := netip.ParseAddr(rec[0])
		end, err2 := netip.ParseAddr(rec[1])
		if err1 != nil || err2 != nil || start.Is4() != end.Is4() {
			return fmt.Errorf("%s:%d: bad range %q-%q", path, line, rec[0], rec[1])
		}
		if err := fn(start, end, rec[2:]); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
}

func (b *builder) add(start, end netip.Addr, value uint32, v4 *[]rangedb.Range4, v6 *[]rangedb.Range6) {
	if start.Is4() {
		*v4 = append(*v4, rangedb.Range4{Start: rangedb.From4(start.As4()), End: rangedb.From4(end.As4()), Value: value})
		return
	}
	*v6 = append(*v6, rangedb.Range6{Start: rangedb.From16(start.As16()), End: rangedb.From16(end.As16()), Value: value})
}

func (b *builder) readASN(path string) error {
	return eachRow(path, 4, func(start, end netip.Addr, rest []string) error {
		n, err := strconv.ParseUint(rest[0], 10, 32)
		if err != nil {
			return fmt.Errorf("bad ASN %q", rest[0])
		}
		org := intern(b.orgs, &b.data.Orgs, strings.TrimSpace(rest[1]))
		asn := intern(b.asns, &b.data.ASNs, rangedb.ASN{Number: uint32(n), Org: org})
		b.add(start, end, asn, &b.asn4, &b.asn6)
		return nil
	})
}

func (b *builder) readCountry(path string) error {
	return eachRow(path, 3, func(start, end netip.Addr, rest []string) error {
		cc := strings.ToUpper(strings.TrimSpace(rest[0]))
		if len(cc) != 2 {
			return fmt.Errorf("bad country code %q", rest[0])
		}
		b.add(start, end, intern(b.countries, &b.data.Countries, cc), &b.country4, &b.country6)
		return nil
	})
}

// finish builds the country and ASN tables and merges them into one per
// family, so a lookup searches once.
func (b *builder) finish() *rangedb.Data {
	d := &b.data
	place := func(country, asn uint32) uint32 {
		return intern(b.places, &d.Places, rangedb.Place{Country: country, ASN: asn})
	}
	country4, asn4 := rangedb.Build4(b.country4), rangedb.Build4(b.asn4)
	d.Net4 = rangedb.Merge4(&country4, &asn4, place)
	country6, asn6 := rangedb.Build6(b.country6), rangedb.Build6(b.asn6)
	d.Net6 = rangedb.Merge6(&country6, &asn6, place)
	return d
}
