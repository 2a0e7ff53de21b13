package address

// streetSuffixes maps street suffixes as typed to the USPS abbreviation
// (Publication 28, appendix C1), for the common ones.
var streetSuffixes = map[string]string{
	"alley": "aly", "aly": "aly", "allee": "aly",
	"annex": "anx", "anx": "anx",
	"arcade": "arc", "arc": "arc",
	"avenue": "ave", "ave": "ave", "av": "ave", "aven": "ave", "avenu": "ave", "avn": "ave", "avnue": "ave",
	"bayou": "byu", "beach": "bch", "bch": "bch", "bend": "bnd", "bnd": "bnd",
	"bluff": "blf", "blf": "blf", "bottom": "btm", "btm": "btm",
	"boulevard": "blvd", "blvd": "blvd", "boul": "blvd", "boulv": "blvd",
	"branch": "br", "br": "br", "bridge": "brg", "brg": "brg", "brook": "brk", "brk": "brk",
	"bypass": "byp", "byp": "byp", "canyon": "cyn", "cyn": "cyn", "cape": "cpe", "cpe": "cpe",
	"causeway": "cswy", "cswy": "cswy",
	"center": "ctr", "centre": "ctr", "ctr": "ctr", "cntr": "ctr", "cnter": "ctr", "cent": "ctr",
	"circle": "cir", "cir": "cir", "circ": "cir", "circl": "cir", "crcl": "cir", "crcle": "cir",
	"cliff": "clf", "clf": "clf", "club": "clb", "clb": "clb", "common": "cmn", "cmn": "cmn",
	"corner": "cor", "cor": "cor", "course": "crse", "crse": "crse",
	"court": "ct", "ct": "ct", "crt": "ct", "courts": "cts", "cts": "cts",
	"cove": "cv", "cv": "cv", "creek": "crk", "crk": "crk",
	"crescent": "cres", "cres": "cres", "crsnt": "cres",
	"crossing": "xing", "xing": "xing", "crssng": "xing",
	"drive": "dr", "dr": "dr", "driv": "dr", "drv": "dr",
	"estate": "est", "est": "est", "estates": "ests", "ests": "ests",
	"expressway": "expy", "expy": "expy", "expr": "expy", "express": "expy",
	"extension": "ext", "ext": "ext", "extn": "ext",
	"falls": "fls", "fls": "fls", "ferry": "fry", "fry": "fry",
	"field": "fld", "fld": "fld", "fields": "flds", "flds": "flds",
	"ford": "frd", "frd": "frd", "forest": "frst", "frst": "frst", "fork": "frk", "frk": "frk",
	"fort": "ft", "ft": "ft", "freeway": "fwy", "fwy": "fwy", "frwy": "fwy",
	"garden": "gdn", "gdn": "gdn", "gardens": "gdns", "gdns": "gdns",
	"gateway": "gtwy", "gtwy": "gtwy", "glen": "gln", "gln": "gln", "green": "grn", "grn": "grn",
	"grove": "grv", "grv": "grv", "harbor": "hbr", "hbr": "hbr", "haven": "hvn", "hvn": "hvn",
	"heights": "hts", "hts": "hts", "ht": "hts",
	"highway": "hwy", "hwy": "hwy", "hiway": "hwy", "hiwy": "hwy", "hway": "hwy",
	"hill": "hl", "hl": "hl", "hills": "hls", "hls": "hls", "hollow": "holw", "holw": "holw",
	"island": "is", "is": "is", "junction": "jct", "jct": "jct",
	"key": "ky", "ky": "ky", "knoll": "knl", "knl": "knl",
	"lake": "lk", "lk": "lk", "lakes": "lks", "lks": "lks", "landing": "lndg", "lndg": "lndg",
	"lane": "ln", "ln": "ln", "loop": "loop", "mall": "mall",
	"manor": "mnr", "mnr": "mnr", "meadow": "mdw", "mdw": "mdw", "meadows": "mdws", "mdws": "mdws",
	"mill": "ml", "ml": "ml", "mission": "msn", "msn": "msn", "motorway": "mtwy", "mtwy": "mtwy",
	"mount": "mt", "mt": "mt", "mountain": "mtn", "mtn": "mtn",
	"orchard": "orch", "orch": "orch", "oval": "oval", "park": "park", "prk": "park",
	"parkway": "pkwy", "pkwy": "pkwy", "parkwy": "pkwy", "pkway": "pkwy", "pky": "pkwy",
	"pass": "pass", "path": "path", "pike": "pike",
	"place": "pl", "pl": "pl", "plaza": "plz", "plz": "plz", "point": "pt", "pt": "pt",
	"port": "prt", "prt": "prt", "prairie": "pr", "pr": "pr", "ranch": "rnch", "rnch": "rnch",
	"ridge": "rdg", "rdg": "rdg", "river": "riv", "riv": "riv",
	"road": "rd", "rd": "rd", "route": "rte", "rte": "rte", "row": "row", "run": "run",
	"shore": "shr", "shr": "shr", "spring": "spg", "spg": "spg", "springs": "spgs", "spgs": "spgs",
	"square": "sq", "sq": "sq", "sqr": "sq", "station": "sta", "sta": "sta",
	"stream": "strm", "strm": "strm",
	"street": "st", "st": "st", "str": "st", "strt": "st",
	"summit": "smt", "smt": "smt", "terrace": "ter", "ter": "ter", "terr": "ter",
	"trace": "trce", "trce": "trce", "trail": "trl", "trl": "trl", "trails": "trl",
	"tunnel": "tunl", "tunl": "tunl", "turnpike": "tpke", "tpke": "tpke", "trnpk": "tpke",
	"valley": "vly", "vly": "vly", "view": "vw", "vw": "vw", "village": "vlg", "vlg": "vlg",
	"vista": "vis", "vis": "vis", "walk": "walk", "way": "way", "wy": "way",
}

// directionals maps compass words to their USPS abbreviations.
var directionals = map[string]string{
	"north": "n", "n": "n", "south": "s", "s": "s", "east": "e", "e": "e", "west": "w", "w": "w",
	"northeast": "ne", "ne": "ne", "northwest": "nw", "nw": "nw",
	"southeast": "se", "se": "se", "southwest": "sw", "sw": "sw",
}

// nameWords are words inside a street name that people abbreviate or spell
// out at will: "St. Charles" and "Saint Charles", "First" and "1st".
var nameWords = map[string]string{
	"saint": "st", "mount": "mt", "fort": "ft",
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
	"sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
	"eleventh": "11th", "twelfth": "12th",
}

// usStates maps state and territory names and codes to the USPS code.
var usStates = map[string]string{
	"al": "AL", "alabama": "AL", "ak": "AK", "alaska": "AK", "az": "AZ", "arizona": "AZ",
	"ar": "AR", "arkansas": "AR", "ca": "CA", "california": "CA", "co": "CO", "colorado": "CO",
	"ct": "CT", "connecticut": "CT", "de": "DE", "delaware": "DE",
	"dc": "DC", "district of columbia": "DC", "washington dc": "DC",
	"fl": "FL", "florida": "FL", "ga": "GA", "georgia": "GA", "hi": "HI", "hawaii": "HI",
	"id": "ID", "idaho": "ID", "il": "IL", "illinois": "IL", "in": "IN", "indiana": "IN",
	"ia": "IA", "iowa": "IA", "ks": "KS", "kansas": "KS", "ky": "KY", "kentucky": "KY",
	"la": "LA", "louisiana": "LA", "me": "ME", "maine": "ME", "md": "MD", "maryland": "MD",
	"ma": "MA", "massachusetts": "MA", "mi": "MI", "michigan": "MI", "mn": "MN", "minnesota": "MN",
	"ms": "MS", "mississippi": "MS", "mo": "MO", "missouri": "MO", "mt": "MT", "montana": "MT",
	"ne": "NE", "nebraska": "NE", "nv": "NV", "nevada": "NV", "nh": "NH", "new hampshire": "NH",
	"nj": "NJ", "new jersey": "NJ", "nm": "NM", "new mexico": "NM", "ny": "NY", "new york": "NY",
	"nc": "NC", "north carolina": "NC", "nd": "ND", "north dakota": "ND", "oh": "OH", "ohio": "OH",
	"ok": "OK", "oklahoma": "OK", "or": "OR", "oregon": "OR", "pa": "PA", "pennsylvania": "PA",
	"ri": "RI", "rhode island": "RI", "sc": "SC", "south carolina": "SC",
	"sd": "SD", "south dakota": "SD", "tn": "TN", "tennessee": "TN", "tx": "TX", "texas": "TX",
	"ut": "UT", "utah": "UT", "vt": "VT", "vermont": "VT", "va": "VA", "virginia": "VA",
	"wa": "WA", "washington": "WA", "wv": "WV", "west virginia": "WV",
	"wi": "WI", "wisconsin": "WI", "wy": "WY", "wyoming": "WY",
	"pr": "PR", "puerto rico": "PR", "vi": "VI", "virgin islands": "VI", "gu": "GU", "guam": "GU",
	"as": "AS", "american samoa": "AS", "mp": "MP", "northern mariana islands": "MP",
	"aa": "AA", "ae": "AE", "ap": "AP",
}

// usCountries are the countries whose addresses follow USPS rules: the US
// and the territories that have ISO codes of their own but US ZIP codes.
var usCountries = map[string]bool{"US": true, "PR": true, "VI": true, "GU": true, "AS": true, "MP": true, "UM": true}
