package name

// nicknames maps common English nicknames, and spelling variants of the
// same formal name, to one formal name. Keys and values are folded as
// Name.First is. A nickname that belongs to several formal names of equal
// standing (alex, sam, chris, pat, terry, jackie, jo, toni, frankie, sandy)
// is left out: guessing would join strangers.
var nicknames = map[string]string{
	// william
	"bill": "william", "billy": "william", "will": "william", "willy": "william", "willie": "william",
	// robert
	"bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "robby": "robert",
	// richard
	"rick": "richard", "ricky": "richard", "rich": "richard", "richie": "richard", "dick": "richard",
	// michael
	"mike": "michael", "mikey": "michael", "mick": "michael", "mickey": "michael",
	// james
	"jim": "james", "jimmy": "james", "jimmie": "james",
	// john
	"johnny": "john", "jonny": "john",
	// joseph
	"joe": "joseph", "joey": "joseph",
	// thomas
	"tom": "thomas", "tommy": "thomas",
	// charles
	"charlie": "charles", "chuck": "charles", "chas": "charles",
	// daniel
	"dan": "daniel", "danny": "daniel",
	// matthew
	"matt": "matthew", "matty": "matthew",
	// anthony
	"tony": "anthony",
	// donald
	"don": "donald", "donnie": "donald",
	// steven
	"steve": "steven", "stevie": "steven", "stephen": "steven",
	// andrew
	"andy": "andrew", "drew": "andrew",
	// joshua
	"josh": "joshua",
	// kenneth
	"ken": "kenneth", "kenny": "kenneth",
	// edward
	"ed": "edward", "eddie": "edward", "eddy": "edward",
	// timothy
	"tim": "timothy", "timmy": "timothy",
	// benjamin
	"ben": "benjamin", "benny": "benjamin", "benji": "benjamin",
	// nicholas
	"nick": "nicholas", "nicky": "nicholas", "nicolas": "nicholas",
	// gregory
	"greg": "gregory",
	// raymond
	"ray": "raymond",
	// patrick
	"paddy": "patrick",
	// frederick
	"fred": "frederick", "freddie": "frederick", "freddy": "frederick",
	// lawrence
	"larry": "lawrence", "laurence": "lawrence",
	// gerald
	"jerry": "gerald", "gerry": "gerald",
	// peter
	"pete": "peter",
	// douglas
	"doug": "douglas",
	// ronald
	"ron": "ronald", "ronnie": "ronald",
	// leonard
	"len": "leonard", "lenny": "leonard",
	// zachary
	"zach": "zachary", "zack": "zachary", "zak": "zachary",
	// jacob
	"jake": "jacob",
	// vincent
	"vince": "vincent", "vinny": "vincent",
	// philip
	"phil": "philip", "phillip": "philip",
	// walter
	"walt": "walter",
	// henry
	"hank": "henry",
	// theodore
	"theo": "theodore", "teddy": "theodore",
	// eugene
	"gene": "eugene",
	// stanley
	"stan": "stanley",
	// elizabeth
	"liz": "elizabeth", "lizzie": "elizabeth", "lizzy": "elizabeth", "beth": "elizabeth",
	"betty": "elizabeth", "betsy": "elizabeth", "eliza": "elizabeth", "libby": "elizabeth",
	// margaret
	"maggie": "margaret", "meg": "margaret", "peggy": "margaret", "marge": "margaret", "margie": "margaret",
	// katherine
	"kate": "katherine", "katie": "katherine", "kathy": "katherine", "cathy": "katherine",
	"kat": "katherine", "kitty": "katherine", "catherine": "katherine", "kathryn": "katherine",
	// jennifer
	"jen": "jennifer", "jenny": "jennifer", "jenn": "jennifer",
	// jessica
	"jess": "jessica", "jessie": "jessica",
	// rebecca
	"becky": "rebecca", "becca": "rebecca",
	// deborah
	"deb": "deborah", "debbie": "deborah", "debra": "deborah",
	// susan
	"sue": "susan", "susie": "susan", "suzy": "susan",
	// patricia
	"patty": "patricia", "trish": "patricia", "tricia": "patricia",
	// barbara
	"barb": "barbara", "barbie": "barbara",
	// victoria
	"vicky": "victoria", "vicki": "victoria", "tori": "victoria",
	// abigail
	"abby": "abigail", "abbie": "abigail",
	// kimberly
	"kim": "kimberly",
	// pamela
	"pam": "pamela",
	// cynthia
	"cindy": "cynthia",
	// stephanie
	"steph": "stephanie",
	// dorothy
	"dot": "dorothy", "dottie": "dorothy",
	// judith
	"judy": "judith",
	// cassandra
	"cassie": "cassandra",
	// angela
	"angie": "angela",
	// amanda
	"mandy": "amanda",
	// anne
	"ann": "anne", "annie": "anne",
	// josephine
	"josie": "josephine",
	// teresa
	"tess": "teresa", "theresa": "teresa",
}
