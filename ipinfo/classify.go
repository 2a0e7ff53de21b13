package ipinfo

import "bytes"

// asnClass is the verdict on one autonomous system, worked out at load.
type asnClass struct {
	hosting, vpn, weak, mobile bool
	source                     string
}

type providerKind uint8

const (
	hosting providerKind = iota + 1
	vpn
	carrier // a mobile network: subscribers share addresses through carrier-grade NAT
)

// provider is one row of the hand-written ASN table.
type provider struct {
	name string
	kind providerKind
}

// providerASNs lists networks whose users are servers, not people at home or
// at work: a sign-in from one means a VPN, a proxy, a remote desktop or a
// cloud machine sits between the person and us. Names are as the bundled
// ASN data gives them (checked against @ip-location-db/asn 2.3.2026061719).
// Networks that mostly resell capacity to commercial VPNs (M247, Datacamp,
// HostRoyale) are hosting; "vpn" is kept for networks run by VPN companies.
// Transit carriers (Cogent, RETN) are left out on purpose: they also carry
// offices and homes.
var providerASNs = map[uint32]provider{
	// Large clouds.
	16509:  {"Amazon (AWS)", hosting},
	14618:  {"Amazon (AWS)", hosting},
	396982: {"Google Cloud", hosting},
	15169:  {"Google", hosting},
	19527:  {"Google", hosting},
	139070: {"Google Asia Pacific", hosting},
	8075:   {"Microsoft (Azure)", hosting},
	8068:   {"Microsoft", hosting},
	31898:  {"Oracle Cloud", hosting},
	36351:  {"IBM Cloud (SoftLayer)", hosting},
	45102:  {"Alibaba Cloud", hosting},
	37963:  {"Alibaba Cloud (Hangzhou)", hosting},
	24429:  {"Alibaba (Taobao)", hosting},
	134963: {"Alibaba Cloud (Singapore)", hosting},
	132203: {"Tencent Cloud", hosting},
	45090:  {"Tencent Cloud", hosting},
	136907: {"Huawei Cloud", hosting},
	55990:  {"Huawei Cloud", hosting},
	135377: {"UCloud", hosting},

	// CDNs and edge networks; Cloudflare WARP and iCloud Private Relay
	// egress through these too.
	13335: {"Cloudflare", hosting},
	54113: {"Fastly", hosting},
	20940: {"Akamai", hosting},
	16625: {"Akamai", hosting},

	// Hosting, VPS and dedicated-server providers.
	14061:  {"DigitalOcean", hosting},
	16276:  {"OVH", hosting},
	24940:  {"Hetzner", hosting},
	213230: {"Hetzner", hosting},
	212317: {"Hetzner", hosting},
	63949:  {"Linode (Akamai)", hosting},
	20473:  {"Vultr (The Constant Company, formerly Choopa)", hosting},
	60781:  {"Leaseweb NL", hosting},
	16265:  {"Leaseweb", hosting},
	28753:  {"Leaseweb DE", hosting},
	30633:  {"Leaseweb USA", hosting},
	394380: {"Leaseweb USA", hosting},
	395954: {"Leaseweb USA", hosting},
	9009:   {"M247", hosting},
	60068:  {"Datacamp (CDN77)", hosting},
	212238: {"Datacamp", hosting},
	62240:  {"Clouvider", hosting},
	8100:   {"QuadraNet", hosting},
	51167:  {"Contabo", hosting},
	40021:  {"Contabo US", hosting},
	141995: {"Contabo Asia", hosting},
	21859:  {"Zenlayer", hosting},
	199524: {"G-Core Labs", hosting},
	40676:  {"Psychz Networks", hosting},
	203020: {"HostRoyale", hosting},
	207990: {"HostRoyale", hosting},
	12876:  {"Scaleway", hosting},
	197540: {"netcup", hosting},
	3214:   {"xTom", hosting},
	42708:  {"GleSYS", hosting},
	50673:  {"Serverius", hosting},
	43350:  {"NForce Entertainment", hosting},
	49981:  {"WorldStream", hosting},
	202425: {"IP Volume", hosting},
	53667:  {"FranTech (BuyVM)", hosting},
	397423: {"Tier.Net", hosting},
	13213:  {"UK-2", hosting},
	7979:   {"Servers.com", hosting},
	35916:  {"Multacom", hosting},
	200019: {"AlexHost", hosting},
	16125:  {"Cherry Servers", hosting},
	25369:  {"Hydra Communications", hosting},
	8560:   {"IONOS", hosting},
	33387:  {"Nocix", hosting},
	11878:  {"tzulo", hosting},
	29802:  {"Hivelocity", hosting},
	23470:  {"ReliableSite", hosting},
	55286:  {"B2 Net Solutions", hosting},
	23033:  {"Wowrack", hosting},
	51852:  {"Private Layer", hosting},
	49453:  {"Global Layer", hosting},
	49544:  {"i3D.net", hosting},
	47583:  {"Hostinger", hosting},
	22612:  {"Namecheap", hosting},
	46606:  {"Unified Layer", hosting},
	36352:  {"HostPapa", hosting},
	54290:  {"HostPapa", hosting},
	26496:  {"GoDaddy", hosting},
	398101: {"GoDaddy", hosting},
	32244:  {"Liquid Web", hosting},
	19318:  {"Interserver", hosting},
	54825:  {"Packet Host (Equinix Metal)", hosting},
	9370:   {"SAKURA Internet", hosting},
	45671:  {"Servers Australia", hosting},
	136258: {"BrainStorm Network", hosting},
	63023:  {"GTHost", hosting},
	46844:  {"Sharktech", hosting},
	32097:  {"WholeSale Internet", hosting},
	18978:  {"Enzu", hosting},
	8972:   {"Host Europe", hosting},
	49505:  {"Selectel", hosting},
	50340:  {"Selectel", hosting},
	9123:   {"Timeweb", hosting},
	198610: {"Beget", hosting},
	48282:  {"Hosting technology (VDSina)", hosting},
	44066:  {"firstcolo", hosting},
	60404:  {"Liteserver (The Infrastructure Group)", hosting},
	51396:  {"Pfcloud", hosting},
	60558:  {"phoenixNAP", hosting},
	63018:  {"Dedicated.com", hosting},
	35913:  {"DediPath", hosting},

	// Hosting networks that carry much commercial-VPN egress (checked
	// against public VPN and datacenter range lists, 2026-11).
	137409: {"GSL Networks", hosting},
	136557: {"Host Universal", hosting},
	206804: {"EstNOC", hosting},
	206092: {"F.N.S. Holdings", hosting},
	4213:   {"Krypt Technologies", hosting},
	35908:  {"Krypt Technologies", hosting},
	43357:  {"Owl Limited", hosting},
	396356: {"Latitude.sh", hosting},
	215224: {"NovoServe", hosting},
	200373: {"3xK Tech", hosting},
	9312:   {"xTom Hong Kong", hosting},
	41564:  {"Orion Network", hosting},
	50304:  {"Blix Solutions", hosting},
	46562:  {"Performive", hosting},
	834:    {"IPXO", hosting},
	62904:  {"Eonix", hosting},
	57043:  {"HOSTKEY", hosting},
	46261:  {"QuickPacket", hosting},
	61317:  {"Hivelocity", hosting},
	48031:  {"Ivanov Vitaliy Sergeevich (hosting)", hosting},
	37518:  {"Fiber Grid", hosting},
	// Networks run by VPN companies.
	199218: {"Proton AG (Proton VPN)", vpn},
	209103: {"Proton AG (Proton VPN)", vpn},
	207137: {"PacketHub (NordVPN)", vpn},
	147049: {"PacketHub (NordVPN)", vpn},
	136787: {"PacketHub (NordVPN)", vpn},
	208172: {"Proton AG (Proton VPN)", vpn},
	62371:  {"Proton AG (Proton VPN)", vpn},
	39351:  {"31173 Services (Mullvad)", vpn},
	216025: {"Mullvad VPN", vpn},
	203619: {"IVPN", vpn},
	209854: {"Cyberzone (Surfshark)", vpn},
	// Mobile carriers. Their subscribers reach the internet through
	// carrier-grade NAT, so one address is shared by many strangers at
	// once and over the day: a shared address there links no one. (The
	// bundled names are the registrants', e.g. "Verizon Business" for
	// Verizon Wireless, so the numbers are listed rather than guessed
	// from names.)
	21928:  {"T-Mobile USA (incl. 5G home internet)", carrier},
	6167:   {"Cellco Partnership (Verizon Wireless)", carrier},
	22394:  {"Cellco Partnership (Verizon Wireless)", carrier},
	20057:  {"AT&T Mobility", carrier},
	10507:  {"Sprint Personal Communications Systems", carrier},
	12576:  {"EE (UK)", carrier},
	206067: {"Hutchison 3G UK (Three)", carrier},
	35228:  {"Telefonica UK (O2)", carrier},
	25135:  {"Vodafone UK", carrier},
	55836:  {"Reliance Jio", carrier},
	45609:  {"Bharti Airtel (mobile)", carrier},
	38266:  {"Vodafone Idea", carrier},
	10139:  {"Smart Communications (PH)", carrier},
}

// classifyASN gives the hand-written verdict for a known provider, else the
// weak hint from the organisation name (orgHint's result, passed in so each
// name is read once however many ASNs share it).
func classifyASN(asn uint32, hint providerKind) asnClass {
	if p, ok := providerASNs[asn]; ok {
		return asnClass{hosting: p.kind == hosting, vpn: p.kind == vpn, mobile: p.kind == carrier, source: SourceASNList}
	}
	switch hint {
	case hosting:
		return asnClass{hosting: true, weak: true, source: SourceOrgName}
	case vpn:
		return asnClass{vpn: true, weak: true, source: SourceOrgName}
	}
	return asnClass{}
}

// Words that suggest a VPN or a hosting network. Substrings catch compounds
// such as "webhosting" or "FastVPN"; whole words are used where a substring
// would also hit ordinary names ("proxy" in HAProxy, "cloud" in SoundCloud).
var (
	vpnSubstrings     = []string{"vpn"}
	vpnWords          = []string{"proxy", "proxies"}
	hostingSubstrings = []string{"hosting", "datacenter", "datacentre", "data center", "data centre", "server"}
	hostingWords      = []string{"cloud", "vps", "dedicated", "colocation", "colo"}
)

// orgHint looks for those words in an organisation name. It runs once per
// organisation at load (about 80,000), so it avoids allocating.
func orgHint(org string) providerKind {
	if org == "" {
		return 0
	}
	var buf [256]byte
	lower := buf[:0]
	for i := 0; i < len(org) && len(lower) < len(buf); i++ {
		c := org[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	switch {
	case hasHint(lower, vpnSubstrings, vpnWords):
		return vpn
	case hasHint(lower, hostingSubstrings, hostingWords):
		return hosting
	}
	return 0
}

// hasHint reports whether lower contains one of substrings, or one of
// words as a whole word (bounded by anything but an ASCII letter or digit).
func hasHint(lower []byte, substrings, words []string) bool {
	for _, s := range substrings {
		if bytes.Contains(lower, []byte(s)) {
			return true
		}
	}
	for start := 0; start < len(lower); {
		if !isWordByte(lower[start]) {
			start++
			continue
		}
		end := start
		for end < len(lower) && isWordByte(lower[end]) {
			end++
		}
		for _, w := range words {
			if string(lower[start:end]) == w {
				return true
			}
		}
		start = end
	}
	return false
}

// isWordByte treats bytes of multi-byte UTF-8 letters as word bytes, so
// "ÖKOcloud" stays one word.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c >= 0x80
}
