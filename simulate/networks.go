package simulate

// netKind says who uses a network.
type netKind uint8

const (
	residential netKind = iota // home broadband
	mobile                     // cellular carriers
	hosting                    // data centres, VPS providers, VPN exit hosts
	corporate                  // the company's secure web gateway egress
)

// network is an autonomous system with a few real prefixes. Prefixes are
// approximate but belong to the named operator; exits lists the cities a
// hosting network's addresses are placed in.
type network struct {
	asn      int
	org      string // as Okta writes asOrg (lower case)
	isp      string
	kind     netKind
	prefixes []prefix
	exits    []vpnCity
}

type prefix struct {
	base uint32
	bits int
}

// vpnCity is where a data centre sits; Okta geolocates exits there.
type vpnCity struct {
	name, regionName, country string
	lat, lon                  float64
}

var (
	dcAshburn    = vpnCity{"Ashburn", "Virginia", "United States", 39.0438, -77.4874}
	dcDallas     = vpnCity{"Dallas", "Texas", "United States", 32.7767, -96.7970}
	dcLosAngeles = vpnCity{"Los Angeles", "California", "United States", 34.0522, -118.2437}
	dcNewYork    = vpnCity{"New York", "New York", "United States", 40.7128, -74.0060}
	dcSecaucus   = vpnCity{"Secaucus", "New Jersey", "United States", 40.7895, -74.0565}
	dcChicago    = vpnCity{"Chicago", "Illinois", "United States", 41.8781, -87.6298}
	dcMiami      = vpnCity{"Miami", "Florida", "United States", 25.7617, -80.1918}
	dcSeattle    = vpnCity{"Seattle", "Washington", "United States", 47.6062, -122.3321}
	dcAtlanta    = vpnCity{"Atlanta", "Georgia", "United States", 33.7490, -84.3880}
	dcSanJose    = vpnCity{"San Jose", "California", "United States", 37.3382, -121.8863}
	dcPhoenix    = vpnCity{"Phoenix", "Arizona", "United States", 33.4484, -112.0740}
	dcDenver     = vpnCity{"Denver", "Colorado", "United States", 39.7392, -104.9903}
	dcHillsboro  = vpnCity{"Hillsboro", "Oregon", "United States", 45.5229, -122.9898}
	dcFremont    = vpnCity{"Fremont", "California", "United States", 37.5485, -121.9886}
	dcVintHill   = vpnCity{"Warrenton", "Virginia", "United States", 38.7135, -77.7953}
	dcManassas   = vpnCity{"Manassas", "Virginia", "United States", 38.7509, -77.4753}
	dcAmsterdam  = vpnCity{"Amsterdam", "North Holland", "Netherlands", 52.3676, 4.9041}
)

func cidr(a, b, c, d byte, bits int) prefix {
	return prefix{uint32(a)<<24 | uint32(b)<<16 | uint32(c)<<8 | uint32(d), bits}
}

// Network indices, for the tables that refer to them.
const (
	netComcast = iota
	netCharter
	netATT
	netVerizon
	netCox
	netCenturyLink
	netFrontier
	netOptimum
	netSpectrumTX
	netTMobileHome
	netTMobile
	netVerizonWireless
	netATTMobility
	netZscaler
	netM247
	netDatacamp
	netLeaseweb
	netLeasewebUSA
	netDigitalOcean
	netOVH
	netVultr
	netHetzner
	netLinode
	netPackethub
	netQuadraNet
	netClouvider
	netAWS
	netTzulo
	netBT
	netEir
	netRogers
	netTelus
	netTelmex
	netDTAG
	netOrange
	netTelefonica
	netOrangePL
	netMEO
	netAirtel
	netPLDT
	netVivo
	netTelecomAR
	netOCN
	netKT
	netKyivstar
	netMTNNG
	netClaroCO
	netViettel
	netHinet
	netChinaTelecom
	netChinaUnicom
	netCount
)

var networks = [netCount]network{
	netComcast:         {7922, "comcast cable communications, llc", "comcast cable communications, llc", residential, []prefix{cidr(73, 0, 0, 0, 8), cidr(98, 192, 0, 0, 10), cidr(24, 0, 0, 0, 12), cidr(68, 32, 0, 0, 11)}, nil},
	netCharter:         {20115, "charter communications", "charter communications inc", residential, []prefix{cidr(24, 176, 0, 0, 13), cidr(71, 80, 0, 0, 12), cidr(97, 64, 0, 0, 11)}, nil},
	netATT:             {7018, "at&t services, inc.", "at&t internet", residential, []prefix{cidr(99, 0, 0, 0, 10), cidr(107, 128, 0, 0, 11), cidr(76, 192, 0, 0, 10)}, nil},
	netVerizon:         {701, "verizon business", "verizon fios", residential, []prefix{cidr(71, 160, 0, 0, 11), cidr(108, 0, 0, 0, 13), cidr(173, 48, 0, 0, 12)}, nil},
	netCox:             {22773, "cox communications inc.", "cox communications", residential, []prefix{cidr(68, 96, 0, 0, 11), cidr(70, 160, 0, 0, 11), cidr(98, 160, 0, 0, 11)}, nil},
	netCenturyLink:     {209, "centurylink communications, llc", "centurylink", residential, []prefix{cidr(71, 208, 0, 0, 12), cidr(75, 160, 0, 0, 11)}, nil},
	netFrontier:        {5650, "frontier communications of america, inc.", "frontier communications", residential, []prefix{cidr(47, 144, 0, 0, 12), cidr(50, 32, 0, 0, 11)}, nil},
	netOptimum:         {6128, "cablevision systems corp.", "optimum online", residential, []prefix{cidr(24, 184, 0, 0, 13), cidr(69, 112, 0, 0, 12)}, nil},
	netSpectrumTX:      {11427, "charter communications inc", "spectrum", residential, []prefix{cidr(70, 112, 0, 0, 12), cidr(66, 68, 0, 0, 14)}, nil},
	netTMobileHome:     {21928, "t-mobile usa, inc.", "t-mobile usa, inc.", residential, []prefix{cidr(172, 56, 0, 0, 13)}, nil},
	netTMobile:         {21928, "t-mobile usa, inc.", "t-mobile usa, inc.", mobile, []prefix{cidr(172, 32, 0, 0, 12)}, nil},
	netVerizonWireless: {6167, "cellco partnership dba verizon wireless", "verizon wireless", mobile, []prefix{cidr(174, 192, 0, 0, 10)}, nil},
	netATTMobility:     {20057, "at&t mobility llc", "at&t wireless", mobile, []prefix{cidr(166, 128, 0, 0, 9)}, nil},
	netZscaler:         {62044, "zscaler switzerland gmbh", "zscaler, inc.", corporate, []prefix{cidr(165, 225, 0, 0, 17), cidr(136, 226, 0, 0, 16)}, []vpnCity{dcAshburn, dcChicago, dcDallas, dcSanJose, dcNewYork, dcAtlanta}},
	netM247:            {9009, "m247 europe srl", "m247 ltd", hosting, []prefix{cidr(146, 70, 0, 0, 16), cidr(37, 120, 192, 0, 19), cidr(89, 44, 192, 0, 18)}, []vpnCity{dcDallas, dcLosAngeles, dcMiami, dcNewYork, dcChicago, dcAtlanta, dcPhoenix, dcSeattle}},
	netDatacamp:        {60068, "datacamp limited", "cdn77.com", hosting, []prefix{cidr(89, 187, 160, 0, 19), cidr(143, 244, 32, 0, 19), cidr(212, 102, 32, 0, 20)}, []vpnCity{dcAshburn, dcNewYork, dcLosAngeles, dcChicago, dcDallas, dcMiami}},
	netLeaseweb:        {60781, "leaseweb netherlands b.v.", "leaseweb netherlands b.v.", hosting, []prefix{cidr(85, 17, 0, 0, 16), cidr(37, 48, 64, 0, 18), cidr(5, 79, 64, 0, 18)}, []vpnCity{dcAmsterdam}},
	netLeasewebUSA:     {30633, "leaseweb usa, inc.", "leaseweb usa, inc.", hosting, []prefix{cidr(108, 62, 0, 0, 16), cidr(23, 82, 0, 0, 16)}, []vpnCity{dcManassas, dcDallas, dcLosAngeles, dcMiami}},
	netDigitalOcean:    {14061, "digitalocean, llc", "digitalocean, llc", hosting, []prefix{cidr(104, 131, 0, 0, 16), cidr(159, 89, 0, 0, 16), cidr(138, 197, 0, 0, 16), cidr(167, 99, 0, 0, 16), cidr(64, 225, 0, 0, 16)}, []vpnCity{dcNewYork, dcSanJose, dcNewYork, dcSecaucus}},
	netOVH:             {16276, "ovh sas", "ovh hosting, inc.", hosting, []prefix{cidr(51, 81, 0, 0, 16), cidr(15, 204, 0, 0, 16), cidr(135, 148, 0, 0, 16)}, []vpnCity{dcVintHill, dcHillsboro}},
	netVultr:           {20473, "the constant company, llc", "choopa, llc", hosting, []prefix{cidr(45, 32, 0, 0, 16), cidr(45, 63, 0, 0, 16), cidr(149, 28, 0, 0, 16), cidr(207, 148, 0, 0, 17), cidr(144, 202, 0, 0, 16)}, []vpnCity{dcDallas, dcLosAngeles, dcSecaucus, dcChicago, dcAtlanta, dcMiami, dcSeattle, dcSanJose}},
	netHetzner:         {24940, "hetzner online gmbh", "hetzner online gmbh", hosting, []prefix{cidr(5, 161, 0, 0, 16), cidr(5, 78, 0, 0, 16)}, []vpnCity{dcAshburn, dcHillsboro}},
	netLinode:          {63949, "akamai technologies, inc.", "linode, llc", hosting, []prefix{cidr(45, 33, 0, 0, 17), cidr(172, 104, 0, 0, 15), cidr(50, 116, 0, 0, 18)}, []vpnCity{dcFremont, dcDallas, dcNewYork, dcAtlanta}},
	netPackethub:       {147049, "packethub s.a.", "packethub s.a.", hosting, []prefix{cidr(181, 214, 0, 0, 16), cidr(185, 236, 200, 0, 22)}, []vpnCity{dcNewYork, dcLosAngeles, dcDallas, dcChicago, dcMiami, dcSeattle, dcAtlanta, dcDenver}},
	netQuadraNet:       {8100, "quadranet enterprises llc", "quadranet enterprises llc", hosting, []prefix{cidr(173, 44, 32, 0, 19), cidr(104, 237, 192, 0, 19), cidr(96, 44, 128, 0, 18)}, []vpnCity{dcLosAngeles, dcDallas, dcMiami, dcAtlanta}},
	netClouvider:       {62240, "clouvider limited", "clouvider limited", hosting, []prefix{cidr(45, 134, 140, 0, 22), cidr(185, 245, 84, 0, 22)}, []vpnCity{dcNewYork, dcAshburn, dcLosAngeles}},
	netAWS:             {14618, "amazon.com, inc.", "amazon.com, inc.", hosting, []prefix{cidr(52, 0, 0, 0, 11), cidr(54, 144, 0, 0, 14), cidr(3, 208, 0, 0, 12)}, []vpnCity{dcAshburn}},
	netTzulo:           {11878, "tzulo, inc.", "tzulo, inc.", hosting, []prefix{cidr(192, 253, 240, 0, 20), cidr(198, 8, 80, 0, 20)}, []vpnCity{dcChicago, dcLosAngeles}},
	netBT:              {2856, "british telecommunications plc", "bt", residential, []prefix{cidr(86, 128, 0, 0, 10)}, nil},
	netEir:             {5466, "eircom limited", "eir broadband", residential, []prefix{cidr(86, 40, 0, 0, 13)}, nil},
	netRogers:          {812, "rogers communications canada inc.", "rogers cable", residential, []prefix{cidr(99, 224, 0, 0, 11)}, nil},
	netTelus:           {852, "telus communications inc.", "telus", residential, []prefix{cidr(154, 20, 0, 0, 15)}, nil},
	netTelmex:          {8151, "uninet s.a. de c.v.", "telmex", residential, []prefix{cidr(187, 188, 0, 0, 14)}, nil},
	netDTAG:            {3320, "deutsche telekom ag", "deutsche telekom ag", residential, []prefix{cidr(87, 128, 0, 0, 10)}, nil},
	netOrange:          {3215, "orange s.a.", "orange", residential, []prefix{cidr(90, 0, 0, 0, 9)}, nil},
	netTelefonica:      {3352, "telefonica de espana s.a.u.", "movistar", residential, []prefix{cidr(83, 32, 0, 0, 11)}, nil},
	netOrangePL:        {5617, "orange polska spolka akcyjna", "orange polska", residential, []prefix{cidr(83, 0, 0, 0, 11)}, nil},
	netMEO:             {3243, "meo - servicos de comunicacoes e multimedia s.a.", "meo", residential, []prefix{cidr(85, 240, 0, 0, 13)}, nil},
	netAirtel:          {24560, "bharti airtel ltd.", "airtel broadband", residential, []prefix{cidr(122, 160, 0, 0, 12)}, nil},
	netPLDT:            {9299, "philippine long distance telephone company", "pldt", residential, []prefix{cidr(112, 198, 0, 0, 16)}, nil},
	netVivo:            {27699, "telefonica brasil s.a", "vivo", residential, []prefix{cidr(177, 32, 0, 0, 12)}, nil},
	netTelecomAR:       {7303, "telecom argentina s.a.", "telecom argentina", residential, []prefix{cidr(181, 0, 0, 0, 12)}, nil},
	netOCN:             {4713, "ntt communications corporation", "ocn", residential, []prefix{cidr(153, 128, 0, 0, 10)}, nil},
	netKT:              {4766, "korea telecom", "kt", residential, []prefix{cidr(121, 128, 0, 0, 10)}, nil},
	netKyivstar:        {15895, "kyivstar pjsc", "kyivstar", residential, []prefix{cidr(46, 211, 0, 0, 16)}, nil},
	netMTNNG:           {29465, "mtn nigeria communication limited", "mtn nigeria", residential, []prefix{cidr(102, 88, 0, 0, 15)}, nil},
	netClaroCO:         {10620, "telmex colombia s.a.", "claro colombia", residential, []prefix{cidr(181, 48, 0, 0, 13)}, nil},
	netViettel:         {7552, "viettel group", "viettel", residential, []prefix{cidr(171, 224, 0, 0, 11)}, nil},
	netHinet:           {3462, "data communication business group", "chunghwa telecom", residential, []prefix{cidr(114, 32, 0, 0, 12)}, nil},
	netChinaTelecom:    {4812, "china telecom (group)", "china telecom shanghai", residential, []prefix{cidr(101, 80, 0, 0, 13)}, nil},
	netChinaUnicom:     {4837, "china unicom china169 backbone", "china unicom liaoning", residential, []prefix{cidr(175, 160, 0, 0, 12)}, []vpnCity{{"Shenyang", "Liaoning", "China", 41.8057, 123.4315}, {"Dandong", "Liaoning", "China", 40.1290, 124.3947}}},
}

// Residential networks by region (indices into networks).
var (
	ispEast  = []int{netComcast, netVerizon, netOptimum, netCharter, netATT}
	ispSouth = []int{netComcast, netATT, netCharter, netCox, netFrontier, netTMobileHome}
	ispMid   = []int{netComcast, netATT, netCharter, netCenturyLink, netTMobileHome}
	ispTexas = []int{netATT, netSpectrumTX, netFrontier, netComcast, netTMobileHome}
	ispWest  = []int{netComcast, netCox, netCenturyLink, netCharter, netATT, netTMobileHome}
)

// consumerVPNNets carry honest consumer VPN traffic and ring traffic alike:
// the same commercial VPN exits serve both.
var consumerVPNNets = []int{netM247, netDatacamp, netPackethub, netQuadraNet, netClouvider, netLeasewebUSA, netTzulo}

// hostingNets are VPS providers where rings run their own exits or remote
// desktops.
var hostingNets = []int{netDigitalOcean, netOVH, netVultr, netHetzner, netLinode, netLeaseweb, netAWS}

var mobileNets = []int{netTMobile, netVerizonWireless, netATTMobility}

// addr draws a host address inside one of the network's prefixes, avoiding
// the network and broadcast ends of each /24.
func (n *network) addr(r randSource) uint32 {
	p := n.prefixes[r.IntN(len(n.prefixes))]
	size := uint32(1) << (32 - p.bits)
	ip := p.base + uint32(r.Uint64()%uint64(size))
	last := ip & 0xff
	if last == 0 || last == 255 {
		ip = ip&^0xff | uint32(1+r.IntN(254))
	}
	return ip
}

// exitFor places a hosting address in one of the network's cities, stably
// per /24 as geolocation databases do.
func (n *network) exitFor(ip uint32) *vpnCity {
	if len(n.exits) == 0 {
		return nil
	}
	return &n.exits[int((ip>>8)%uint32(len(n.exits)))]
}

// appendIP writes dotted-quad form without allocating.
func appendIP(b []byte, ip uint32) []byte {
	for i := 3; i >= 0; i-- {
		b = appendUint(b, uint64(ip>>(uint(i)*8)&0xff))
		if i > 0 {
			b = append(b, '.')
		}
	}
	return b
}

func ipString(ip uint32) string { return string(appendIP(nil, ip)) }
