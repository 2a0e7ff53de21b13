package simulate

// city is a place people live or connect from. zip is the first digits of
// its postal codes; tzKey is the Windows time zone key name osquery reports
// for a device set to tz.
type city struct {
	name, region, regionName, country, countryName string
	zip                                            string
	tz, tzKey                                      string
	lat, lon                                       float64
	areaCodes                                      []string
	isp                                            []int // residential networks serving it (indices into networks)
}

// usCities is where honest US applicants and employees live.
var usCities = []city{
	{"New York", "NY", "New York", "US", "United States", "100", "America/New_York", "Eastern Standard Time", 40.7128, -74.0060, []string{"212", "646", "917", "332"}, ispEast},
	{"Brooklyn", "NY", "New York", "US", "United States", "112", "America/New_York", "Eastern Standard Time", 40.6782, -73.9442, []string{"718", "347", "929"}, ispEast},
	{"Boston", "MA", "Massachusetts", "US", "United States", "021", "America/New_York", "Eastern Standard Time", 42.3601, -71.0589, []string{"617", "857"}, ispEast},
	{"Cambridge", "MA", "Massachusetts", "US", "United States", "021", "America/New_York", "Eastern Standard Time", 42.3736, -71.1097, []string{"617", "857"}, ispEast},
	{"Philadelphia", "PA", "Pennsylvania", "US", "United States", "191", "America/New_York", "Eastern Standard Time", 39.9526, -75.1652, []string{"215", "267"}, ispEast},
	{"Pittsburgh", "PA", "Pennsylvania", "US", "United States", "152", "America/New_York", "Eastern Standard Time", 40.4406, -79.9959, []string{"412"}, ispEast},
	{"Washington", "DC", "District of Columbia", "US", "United States", "200", "America/New_York", "Eastern Standard Time", 38.9072, -77.0369, []string{"202"}, ispEast},
	{"Baltimore", "MD", "Maryland", "US", "United States", "212", "America/New_York", "Eastern Standard Time", 39.2904, -76.6122, []string{"410", "443"}, ispEast},
	{"Arlington", "VA", "Virginia", "US", "United States", "222", "America/New_York", "Eastern Standard Time", 38.8816, -77.0910, []string{"703", "571"}, ispEast},
	{"Atlanta", "GA", "Georgia", "US", "United States", "303", "America/New_York", "Eastern Standard Time", 33.7490, -84.3880, []string{"404", "678", "470"}, ispSouth},
	{"Miami", "FL", "Florida", "US", "United States", "331", "America/New_York", "Eastern Standard Time", 25.7617, -80.1918, []string{"305", "786"}, ispSouth},
	{"Orlando", "FL", "Florida", "US", "United States", "328", "America/New_York", "Eastern Standard Time", 28.5383, -81.3792, []string{"407", "321"}, ispSouth},
	{"Tampa", "FL", "Florida", "US", "United States", "336", "America/New_York", "Eastern Standard Time", 27.9506, -82.4572, []string{"813"}, ispSouth},
	{"Charlotte", "NC", "North Carolina", "US", "United States", "282", "America/New_York", "Eastern Standard Time", 35.2271, -80.8431, []string{"704", "980"}, ispSouth},
	{"Raleigh", "NC", "North Carolina", "US", "United States", "276", "America/New_York", "Eastern Standard Time", 35.7796, -78.6382, []string{"919", "984"}, ispSouth},
	{"Columbus", "OH", "Ohio", "US", "United States", "432", "America/New_York", "Eastern Standard Time", 39.9612, -82.9988, []string{"614", "380"}, ispMid},
	{"Cleveland", "OH", "Ohio", "US", "United States", "441", "America/New_York", "Eastern Standard Time", 41.4993, -81.6944, []string{"216"}, ispMid},
	{"Detroit", "MI", "Michigan", "US", "United States", "482", "America/Detroit", "Eastern Standard Time", 42.3314, -83.0458, []string{"313"}, ispMid},
	{"Indianapolis", "IN", "Indiana", "US", "United States", "462", "America/Indiana/Indianapolis", "US Eastern Standard Time", 39.7684, -86.1581, []string{"317"}, ispMid},
	{"Jersey City", "NJ", "New Jersey", "US", "United States", "073", "America/New_York", "Eastern Standard Time", 40.7178, -74.0431, []string{"201", "551"}, ispEast},
	{"Nashville", "TN", "Tennessee", "US", "United States", "372", "America/Chicago", "Central Standard Time", 36.1627, -86.7816, []string{"615", "629"}, ispSouth},
	{"Chicago", "IL", "Illinois", "US", "United States", "606", "America/Chicago", "Central Standard Time", 41.8781, -87.6298, []string{"312", "773", "872"}, ispMid},
	{"Minneapolis", "MN", "Minnesota", "US", "United States", "554", "America/Chicago", "Central Standard Time", 44.9778, -93.2650, []string{"612"}, ispMid},
	{"St. Louis", "MO", "Missouri", "US", "United States", "631", "America/Chicago", "Central Standard Time", 38.6270, -90.1994, []string{"314"}, ispMid},
	{"Kansas City", "MO", "Missouri", "US", "United States", "641", "America/Chicago", "Central Standard Time", 39.0997, -94.5786, []string{"816"}, ispMid},
	{"Dallas", "TX", "Texas", "US", "United States", "752", "America/Chicago", "Central Standard Time", 32.7767, -96.7970, []string{"214", "469", "972"}, ispTexas},
	{"Houston", "TX", "Texas", "US", "United States", "770", "America/Chicago", "Central Standard Time", 29.7604, -95.3698, []string{"713", "281", "832"}, ispTexas},
	{"Austin", "TX", "Texas", "US", "United States", "787", "America/Chicago", "Central Standard Time", 30.2672, -97.7431, []string{"512", "737"}, ispTexas},
	{"San Antonio", "TX", "Texas", "US", "United States", "782", "America/Chicago", "Central Standard Time", 29.4241, -98.4936, []string{"210", "726"}, ispTexas},
	{"Denver", "CO", "Colorado", "US", "United States", "802", "America/Denver", "Mountain Standard Time", 39.7392, -104.9903, []string{"303", "720"}, ispWest},
	{"Salt Lake City", "UT", "Utah", "US", "United States", "841", "America/Denver", "Mountain Standard Time", 40.7608, -111.8910, []string{"801", "385"}, ispWest},
	{"Phoenix", "AZ", "Arizona", "US", "United States", "850", "America/Phoenix", "US Mountain Standard Time", 33.4484, -112.0740, []string{"602", "480", "623"}, ispWest},
	{"Las Vegas", "NV", "Nevada", "US", "United States", "891", "America/Los_Angeles", "Pacific Standard Time", 36.1699, -115.1398, []string{"702", "725"}, ispWest},
	{"Los Angeles", "CA", "California", "US", "United States", "900", "America/Los_Angeles", "Pacific Standard Time", 34.0522, -118.2437, []string{"213", "310", "323", "424"}, ispWest},
	{"San Diego", "CA", "California", "US", "United States", "921", "America/Los_Angeles", "Pacific Standard Time", 32.7157, -117.1611, []string{"619", "858"}, ispWest},
	{"San Francisco", "CA", "California", "US", "United States", "941", "America/Los_Angeles", "Pacific Standard Time", 37.7749, -122.4194, []string{"415", "628"}, ispWest},
	{"San Jose", "CA", "California", "US", "United States", "951", "America/Los_Angeles", "Pacific Standard Time", 37.3382, -121.8863, []string{"408", "669"}, ispWest},
	{"Oakland", "CA", "California", "US", "United States", "946", "America/Los_Angeles", "Pacific Standard Time", 37.8044, -122.2712, []string{"510", "341"}, ispWest},
	{"Sacramento", "CA", "California", "US", "United States", "958", "America/Los_Angeles", "Pacific Standard Time", 38.5816, -121.4944, []string{"916", "279"}, ispWest},
	{"Portland", "OR", "Oregon", "US", "United States", "972", "America/Los_Angeles", "Pacific Standard Time", 45.5152, -122.6784, []string{"503", "971"}, ispWest},
	{"Seattle", "WA", "Washington", "US", "United States", "981", "America/Los_Angeles", "Pacific Standard Time", 47.6062, -122.3321, []string{"206"}, ispWest},
	{"Bellevue", "WA", "Washington", "US", "United States", "980", "America/Los_Angeles", "Pacific Standard Time", 47.6101, -122.2015, []string{"425"}, ispWest},
	{"Honolulu", "HI", "Hawaii", "US", "United States", "968", "Pacific/Honolulu", "Hawaiian Standard Time", 21.3069, -157.8583, []string{"808"}, ispWest},
	{"Anchorage", "AK", "Alaska", "US", "United States", "995", "America/Anchorage", "Alaskan Standard Time", 61.2181, -149.9003, []string{"907"}, ispWest},
}

// farmTowns are suburbs where facilitators run laptop farms: ordinary
// houses in ordinary suburbs, as in the public cases.
var farmTowns = []city{
	{"Litchfield Park", "AZ", "Arizona", "US", "United States", "853", "America/Phoenix", "US Mountain Standard Time", 33.4934, -112.3580, []string{"623"}, ispWest},
	{"Brandon", "FL", "Florida", "US", "United States", "335", "America/New_York", "Eastern Standard Time", 27.9378, -82.2859, []string{"813"}, ispSouth},
	{"Frisco", "TX", "Texas", "US", "United States", "750", "America/Chicago", "Central Standard Time", 33.1507, -96.8236, []string{"469", "972"}, ispTexas},
	{"Gilbert", "AZ", "Arizona", "US", "United States", "852", "America/Phoenix", "US Mountain Standard Time", 33.3528, -111.7890, []string{"480"}, ispWest},
	{"Naperville", "IL", "Illinois", "US", "United States", "605", "America/Chicago", "Central Standard Time", 41.7508, -88.1535, []string{"630", "331"}, ispMid},
	{"Hillsboro", "OR", "Oregon", "US", "United States", "971", "America/Los_Angeles", "Pacific Standard Time", 45.5229, -122.9898, []string{"503", "971"}, ispWest},
	{"Fishers", "IN", "Indiana", "US", "United States", "460", "America/Indiana/Indianapolis", "US Eastern Standard Time", 39.9568, -86.0134, []string{"317"}, ispMid},
	{"Woodbridge", "VA", "Virginia", "US", "United States", "221", "America/New_York", "Eastern Standard Time", 38.6582, -77.2497, []string{"703", "571"}, ispEast},
	{"Kissimmee", "FL", "Florida", "US", "United States", "347", "America/New_York", "Eastern Standard Time", 28.2920, -81.4076, []string{"407", "321"}, ispSouth},
	{"Conroe", "TX", "Texas", "US", "United States", "773", "America/Chicago", "Central Standard Time", 30.3119, -95.4561, []string{"936"}, ispTexas},
	{"Lehi", "UT", "Utah", "US", "United States", "840", "America/Denver", "Mountain Standard Time", 40.3916, -111.8508, []string{"801", "385"}, ispWest},
	{"Bowie", "MD", "Maryland", "US", "United States", "207", "America/New_York", "Eastern Standard Time", 38.9426, -76.7302, []string{"301", "240"}, ispEast},
	{"Olathe", "KS", "Kansas", "US", "United States", "660", "America/Chicago", "Central Standard Time", 38.8814, -94.8191, []string{"913"}, ispMid},
	{"Edison", "NJ", "New Jersey", "US", "United States", "088", "America/New_York", "Eastern Standard Time", 40.5187, -74.4121, []string{"732", "848"}, ispEast},
	{"Antioch", "TN", "Tennessee", "US", "United States", "370", "America/Chicago", "Central Standard Time", 36.0601, -86.6722, []string{"615"}, ispSouth},
	{"Elk Grove", "CA", "California", "US", "United States", "956", "America/Los_Angeles", "Pacific Standard Time", 38.4088, -121.3716, []string{"916"}, ispWest},
}

// foreignCities host travellers, declared contractors abroad and the
// occasional slip of a ring. isp names the local residential network.
var foreignCities = []city{
	{"London", "ENG", "England", "GB", "United Kingdom", "", "Europe/London", "GMT Standard Time", 51.5074, -0.1278, []string{"+44 20"}, []int{netBT}},
	{"Dublin", "L", "Leinster", "IE", "Ireland", "", "Europe/Dublin", "GMT Standard Time", 53.3498, -6.2603, []string{"+353 1"}, []int{netEir}},
	{"Toronto", "ON", "Ontario", "CA", "Canada", "", "America/Toronto", "Eastern Standard Time", 43.6532, -79.3832, []string{"+1 416"}, []int{netRogers}},
	{"Vancouver", "BC", "British Columbia", "CA", "Canada", "", "America/Vancouver", "Pacific Standard Time", 49.2827, -123.1207, []string{"+1 604"}, []int{netTelus}},
	{"Mexico City", "CMX", "Ciudad de Mexico", "MX", "Mexico", "", "America/Mexico_City", "Central Standard Time (Mexico)", 19.4326, -99.1332, []string{"+52 55"}, []int{netTelmex}},
	{"Berlin", "BE", "Berlin", "DE", "Germany", "", "Europe/Berlin", "W. Europe Standard Time", 52.5200, 13.4050, []string{"+49 30"}, []int{netDTAG}},
	{"Paris", "IDF", "Ile-de-France", "FR", "France", "", "Europe/Paris", "Romance Standard Time", 48.8566, 2.3522, []string{"+33 1"}, []int{netOrange}},
	{"Madrid", "MD", "Madrid", "ES", "Spain", "", "Europe/Madrid", "Romance Standard Time", 40.4168, -3.7038, []string{"+34 91"}, []int{netTelefonica}},
	{"Warsaw", "14", "Mazowieckie", "PL", "Poland", "", "Europe/Warsaw", "Central European Standard Time", 52.2297, 21.0122, []string{"+48 22"}, []int{netOrangePL}},
	{"Lisbon", "11", "Lisboa", "PT", "Portugal", "", "Europe/Lisbon", "GMT Standard Time", 38.7223, -9.1393, []string{"+351 21"}, []int{netMEO}},
	{"Bengaluru", "KA", "Karnataka", "IN", "India", "", "Asia/Kolkata", "India Standard Time", 12.9716, 77.5946, []string{"+91 80"}, []int{netAirtel}},
	{"Manila", "NCR", "Metro Manila", "PH", "Philippines", "", "Asia/Manila", "Singapore Standard Time", 14.5995, 120.9842, []string{"+63 2"}, []int{netPLDT}},
	{"Sao Paulo", "SP", "Sao Paulo", "BR", "Brazil", "", "America/Sao_Paulo", "E. South America Standard Time", -23.5505, -46.6333, []string{"+55 11"}, []int{netVivo}},
	{"Buenos Aires", "C", "Buenos Aires", "AR", "Argentina", "", "America/Argentina/Buenos_Aires", "Argentina Standard Time", -34.6037, -58.3816, []string{"+54 11"}, []int{netTelecomAR}},
	{"Tokyo", "13", "Tokyo", "JP", "Japan", "", "Asia/Tokyo", "Tokyo Standard Time", 35.6762, 139.6503, []string{"+81 3"}, []int{netOCN}},
	{"Seoul", "11", "Seoul", "KR", "South Korea", "", "Asia/Seoul", "Korea Standard Time", 37.5665, 126.9780, []string{"+82 2"}, []int{netKT}},
	{"Kyiv", "30", "Kyiv City", "UA", "Ukraine", "", "Europe/Kyiv", "FLE Standard Time", 50.4501, 30.5234, []string{"+380 44"}, []int{netKyivstar}},
	{"Lagos", "LA", "Lagos", "NG", "Nigeria", "", "Africa/Lagos", "W. Central Africa Standard Time", 6.5244, 3.3792, []string{"+234 1"}, []int{netMTNNG}},
	{"Bogota", "DC", "Bogota D.C.", "CO", "Colombia", "", "America/Bogota", "SA Pacific Standard Time", 4.7110, -74.0721, []string{"+57 601"}, []int{netClaroCO}},
	{"Ho Chi Minh City", "SG", "Ho Chi Minh", "VN", "Vietnam", "", "Asia/Ho_Chi_Minh", "SE Asia Standard Time", 10.8231, 106.6297, []string{"+84 28"}, []int{netViettel}},
	{"Taipei", "TPE", "Taipei", "TW", "Taiwan", "", "Asia/Taipei", "Taipei Standard Time", 25.0330, 121.5654, []string{"+886 2"}, []int{netHinet}},
	{"Shanghai", "SH", "Shanghai", "CN", "China", "", "Asia/Shanghai", "China Standard Time", 31.2304, 121.4737, []string{"+86 21"}, []int{netChinaTelecom}},
}

// abroadContractorCities are where declared overseas contractors live:
// countries whose nationals companies often contract openly.
var abroadContractorCities = []int{0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 18}

// ringOriginZones are where ring workers really sit, by the public record:
// northeast China, North Korea itself, the Russian far east, Southeast Asia.
// Each gives a UTC offset (hours) and the Windows key a careless device shows.
var ringOriginZones = []struct {
	offset int
	tzKey  string
}{
	{8, "China Standard Time"},
	{9, "Korea Standard Time"},
	{9, "North Korea Standard Time"},
	{10, "Vladivostok Standard Time"},
	{7, "SE Asia Standard Time"},
	{8, "Singapore Standard Time"},
}

// zoneOffsets gives standard-time UTC offsets in hours for declared zones.
// mosaic's detectors reason in local hours; DST is ignored for simplicity and
// speed (an hour's drift does not change who works at night).
var zoneOffsets = map[string]int{
	"America/New_York": -5, "America/Detroit": -5, "America/Indiana/Indianapolis": -5, "America/Chicago": -6,
	"America/Denver": -7, "America/Phoenix": -7, "America/Los_Angeles": -8, "America/Anchorage": -9,
	"Pacific/Honolulu": -10, "Europe/London": 0, "Europe/Dublin": 0, "America/Toronto": -5, "America/Vancouver": -8,
	"America/Mexico_City": -6, "Europe/Berlin": 1, "Europe/Paris": 1, "Europe/Madrid": 1, "Europe/Warsaw": 1,
	"Europe/Lisbon": 0, "Asia/Kolkata": 5, "Asia/Manila": 8, "America/Sao_Paulo": -3,
	"America/Argentina/Buenos_Aires": -3, "Asia/Tokyo": 9, "Asia/Seoul": 9, "Europe/Kyiv": 2, "Africa/Lagos": 1,
	"America/Bogota": -5, "Asia/Ho_Chi_Minh": 7, "Asia/Taipei": 8, "Asia/Shanghai": 8,
}
