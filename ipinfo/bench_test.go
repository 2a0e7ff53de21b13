package ipinfo_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/mosaic-sec/mosaic/ipinfo"
)

// benchAddrs returns n random public-looking addresses, so lookups touch the
// whole table as real traffic does rather than one hot cache line.
func benchAddrs(n int, v6 bool) []netip.Addr {
	rng := rand.New(rand.NewPCG(5, 6))
	out := make([]netip.Addr, n)
	for i := range out {
		if v6 {
			var b [16]byte
			b[0] = 0x20 | byte(rng.IntN(16)) // 2000::/4: where the allocations are
			for j := 1; j < 8; j++ {
				b[j] = byte(rng.IntN(256))
			}
			b[15] = 1
			out[i] = netip.AddrFrom16(b)
			continue
		}
		out[i] = netip.AddrFrom4([4]byte{byte(1 + rng.IntN(222)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
	}
	return out
}

func benchLookup(b *testing.B, db *ipinfo.DB, v6 bool) {
	addrs := benchAddrs(1<<16, v6)
	b.ReportAllocs()
	b.ResetTimer()
	var known int
	for i := 0; i < b.N; i++ {
		if db.Lookup(addrs[i&(len(addrs)-1)]).Known {
			known++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	if known == 0 {
		b.Fatal("no address was known")
	}
}

func BenchmarkLookupIPv4(b *testing.B) { benchLookup(b, mustBuiltin(b), false) }
func BenchmarkLookupIPv6(b *testing.B) { benchLookup(b, mustBuiltin(b), true) }

// BenchmarkLookupIPv4WithLists adds the public X4BNet and Tor lists (about
// 55,000 ranges) as an operator would.
func BenchmarkLookupIPv4WithLists(b *testing.B) {
	db := mustBuiltin(b).WithLists(
		loadRealList(b, "x4bnet_datacenter_ipv4.txt", ipinfo.KindHosting),
		loadRealList(b, "x4bnet_vpn_ipv4.txt", ipinfo.KindVPN),
		loadRealList(b, "tor-exit-nodes.lst", ipinfo.KindTor),
	)
	benchLookup(b, db, false)
}

func BenchmarkLookupString(b *testing.B) {
	db := mustBuiltin(b)
	addrs := benchAddrs(1<<12, false)
	strs := make([]string, len(addrs))
	for i, a := range addrs {
		strs[i] = a.String()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db.LookupString(strs[i&(len(strs)-1)])
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ipinfo.Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWithLists(b *testing.B) {
	db := mustBuiltin(b)
	lists := []ipinfo.List{
		loadRealList(b, "x4bnet_datacenter_ipv4.txt", ipinfo.KindHosting),
		loadRealList(b, "x4bnet_vpn_ipv4.txt", ipinfo.KindVPN),
		loadRealList(b, "tor-exit-nodes.lst", ipinfo.KindTor),
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db.WithLists(lists...)
	}
}
