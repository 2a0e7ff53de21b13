package simulate

// culture is a naming tradition. Names are drawn from many of them for honest
// people and ring personas alike: mosaic must never learn that a name's origin
// means anything.
type culture struct {
	first []string
	last  []string
}

// cultures is read-only. Weights in cultureWeights roughly follow a US tech
// workforce, with every culture present.
var cultures = []culture{
	{ // Anglo / general US
		first: []string{"James", "Emily", "Michael", "Sarah", "David", "Jessica", "Christopher", "Ashley", "Matthew", "Amanda", "Daniel", "Megan", "Andrew", "Rachel", "Joshua", "Lauren", "Ryan", "Hannah", "Tyler", "Olivia", "Brandon", "Kayla", "Kevin", "Brittany", "Nathan", "Samantha", "Jacob", "Grace", "Ethan", "Abigail", "Logan", "Madison", "Connor", "Chloe", "Dylan", "Natalie"},
		last:  []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Reed", "Bailey", "Bell", "Cooper", "Howard", "Ward", "Brooks", "Sanders", "Price", "Bennett", "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell", "Long", "Patterson", "Hughes", "Foster", "Butler", "Simmons", "Bryant", "Russell", "Griffin", "Hayes", "Myers", "Ford", "Hamilton", "Graham", "Sullivan", "Wallace", "West", "Cole", "Jordan", "Reynolds", "Fisher", "Ellis", "Harrison", "Gibson", "McDonald", "Marshall", "Owens", "Kennedy", "Wells", "Dixon"},
	},
	{ // Hispanic
		first: []string{"Jose", "Maria", "Luis", "Carmen", "Carlos", "Sofia", "Miguel", "Valentina", "Alejandro", "Camila", "Diego", "Lucia", "Javier", "Isabella", "Andres", "Gabriela", "Fernando", "Daniela", "Ricardo", "Paola", "Mateo", "Ximena", "Santiago", "Adriana"},
		last:  []string{"Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutierrez", "Chavez", "Ramos", "Vargas", "Castillo", "Jimenez", "Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vega"},
	},
	{ // Korean
		first: []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Soo-ah", "Dong-hyun", "Eun-ji", "Jae-won", "Ha-eun", "Sung-min", "Yuna", "Joon-ho", "Da-eun", "Tae-yang", "Hye-jin", "Grace", "Daniel", "Esther", "Paul"},
		last:  []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong"},
	},
	{ // Chinese
		first: []string{"Wei", "Jing", "Hao", "Xin", "Yang", "Li", "Jun", "Mei", "Lei", "Yan", "Chen", "Hui", "Tao", "Ying", "Bo", "Fang", "Kevin", "Vivian", "Jason", "Amy", "Zhiwei", "Xiaoling"},
		last:  []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Tang", "Feng"},
	},
	{ // Indian
		first: []string{"Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Divya", "Rohan", "Pooja", "Karthik", "Lakshmi", "Siddharth", "Neha", "Aditya", "Kavya", "Sanjay", "Meera", "Nikhil", "Shreya", "Varun", "Anjali"},
		last:  []string{"Patel", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Rao", "Nair", "Menon", "Desai", "Joshi", "Mehta", "Shah", "Agarwal", "Chatterjee", "Banerjee", "Krishnan", "Pillai", "Verma", "Mishra", "Bhat"},
	},
	{ // Vietnamese
		first: []string{"Minh", "Linh", "Tuan", "Huong", "Duc", "Thao", "Quang", "Trang", "Long", "Mai", "Khoa", "Ngoc", "Bao", "Vy"},
		last:  []string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ho", "Ngo", "Duong"},
	},
	{ // Filipino
		first: []string{"Mark", "Maria", "John Paul", "Kristine", "Angelo", "Mary Grace", "Jerome", "Rhea", "Carlo", "Joanna", "Paolo", "Camille"},
		last:  []string{"Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Aquino", "Villanueva", "Dela Cruz", "Ramos", "Castro", "Soriano", "Manalo"},
	},
	{ // Arabic
		first: []string{"Mohammed", "Fatima", "Omar", "Layla", "Yusuf", "Aisha", "Khalid", "Nour", "Hassan", "Mariam", "Ali", "Rania", "Tariq", "Salma", "Karim", "Huda"},
		last:  []string{"Haddad", "Khalil", "Nasser", "Saleh", "Hamdan", "Farouk", "Mansour", "Aziz", "Rahman", "Hussein", "Ibrahim", "Abbas", "Darwish", "Kassem"},
	},
	{ // West African
		first: []string{"Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Folake", "Kwame", "Ama", "Tunde", "Chiamaka", "Kofi", "Yetunde", "Ifeanyi", "Abena"},
		last:  []string{"Okafor", "Adeyemi", "Okonkwo", "Mensah", "Balogun", "Eze", "Nwosu", "Boateng", "Adebayo", "Owusu", "Obi", "Asante", "Ogunleye", "Danjuma"},
	},
	{ // Slavic
		first: []string{"Dmitri", "Olga", "Alexei", "Natalia", "Ivan", "Katarzyna", "Piotr", "Anastasia", "Sergei", "Tatiana", "Pavel", "Yulia", "Tomasz", "Marta", "Andriy", "Oksana"},
		last:  []string{"Ivanov", "Petrova", "Smirnov", "Kowalski", "Nowak", "Volkov", "Sokolova", "Kuznetsov", "Wisniewski", "Shevchenko", "Bondarenko", "Lewandowska", "Popov", "Morozova", "Kovalenko", "Zielinski"},
	},
	{ // Western European
		first: []string{"Lukas", "Sophie", "Jonas", "Lea", "Pierre", "Camille", "Matteo", "Giulia", "Lars", "Ingrid", "Pieter", "Anouk", "Henrik", "Chiara", "Julien", "Elena", "Sven", "Margot"},
		last:  []string{"Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lefebvre", "Moreau", "Rossi", "Russo", "Ferrari", "Bianchi", "Jansen", "de Vries", "Andersson", "Johansson", "Larsen", "Nielsen", "Bakker", "Fontaine"},
	},
	{ // Japanese
		first: []string{"Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Kenji", "Yuki", "Takumi", "Hana", "Daiki", "Emi"},
		last:  []string{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada"},
	},
	{ // Persian / Turkish
		first: []string{"Arash", "Shirin", "Dariush", "Leila", "Emre", "Elif", "Mehmet", "Zeynep", "Kaveh", "Parisa", "Burak", "Ayse"},
		last:  []string{"Hosseini", "Ahmadi", "Karimi", "Moradi", "Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Rostami", "Tehrani", "Aydin"},
	},
	{ // Brazilian / Portuguese
		first: []string{"Joao", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Rafael", "Larissa", "Thiago", "Fernanda", "Gustavo", "Juliana"},
		last:  []string{"Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira", "Carvalho", "Ribeiro", "Barbosa", "Rocha"},
	},
	{ // East African / Ethiopian
		first: []string{"Abebe", "Selam", "Dawit", "Hiwot", "Tesfaye", "Meron", "Yonas", "Liya", "Amani", "Wanjiru", "Otieno", "Nia"},
		last:  []string{"Tesfaye", "Bekele", "Haile", "Girma", "Mekonnen", "Wolde", "Kamau", "Odhiambo", "Mwangi", "Njoroge", "Kiplagat", "Achieng"},
	},
}

// cultureWeights has one weight per entry of cultures.
var cultureWeights = []float64{34, 12, 6, 7, 10, 3, 3, 3, 3, 4, 5, 2, 2, 3, 2}

// personaCultureWeights are the cultures ring personas borrow names from:
// mostly Western-sounding identities (stolen or invented), but not only.
var personaCultureWeights = []float64{45, 8, 4, 6, 6, 3, 3, 2, 2, 6, 8, 2, 1, 3, 1}

// companyStems name the simulated employer; the seed picks one when the
// config leaves Company empty.
var companyStems = []string{"Brightlane", "Halcyon", "Tessellate", "Bluefin", "Quarrystone", "Lumenridge", "Parcelwise", "Copperleaf", "Driftwood", "Saltmarsh", "Kestrel", "Ironbark", "Meridian", "Tidepool", "Granite Peak", "Larkspur", "Obsidian", "Westbrook", "Foxglove", "Cobalt Harbor"}

var emailDomains = []string{"gmail.com", "gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me", "aol.com", "fastmail.com", "me.com", "live.com"}

// personaEmailDomains lean on free webmail and privacy mail, as personas do.
var personaEmailDomains = []string{"gmail.com", "gmail.com", "gmail.com", "outlook.com", "proton.me", "protonmail.com", "hotmail.com", "yahoo.com", "tutanota.com", "mail.com"}

var streetNames = []string{"Maple", "Oak", "Cedar", "Pine", "Elm", "Walnut", "Willow", "Birch", "Lake", "Hill", "Park", "Washington", "Lincoln", "Jefferson", "Madison", "Franklin", "Highland", "Sunset", "Ridge", "Meadow", "River", "Spring", "Valley", "Church", "Mill", "Forest", "Chestnut", "Magnolia", "Sycamore", "Laurel", "Harbor", "Prospect", "Union", "Grant", "Summit", "Orchard", "Aspen", "Juniper", "Hawthorn", "Bayview"}

var streetSuffixes = []string{"Street", "St", "St.", "Avenue", "Ave", "Road", "Rd", "Drive", "Dr", "Lane", "Ln", "Court", "Ct", "Place", "Way", "Boulevard", "Blvd", "Terrace", "Circle"}

var jobTitles = []string{"Software Engineer", "Senior Software Engineer", "Backend Engineer", "Frontend Engineer", "Full Stack Developer", "Mobile Developer", "iOS Engineer", "Android Engineer", "DevOps Engineer", "Site Reliability Engineer", "Platform Engineer", "Data Engineer", "Machine Learning Engineer", "Data Scientist", "QA Automation Engineer", "Security Engineer", "Cloud Architect", "Blockchain Developer", "Smart Contract Engineer", "Solutions Engineer", "IT Support Specialist", "Technical Writer", "Product Designer", "Engineering Manager"}

var staffingAgencies = []string{"Apex Talent Partners", "BlueRiver Staffing", "Keystone Tech Solutions", "Northstar Consulting Group", "Summit Workforce", "TekBridge Staffing", "Pinnacle IT Resources", "Crestline Contractors"}

var banks = []string{"Chase", "Bank of America", "Wells Fargo", "Citibank", "US Bank", "PNC Bank", "Capital One", "TD Bank", "Truist", "Ally Bank", "Navy Federal Credit Union", "Fifth Third Bank", "Charles Schwab Bank", "Chime", "SoFi Bank", "Citizens Bank", "Regions Bank", "KeyBank"}

var bootcamps = []string{"Hack Reactor", "General Assembly", "Flatiron School", "App Academy", "Codesmith", "Tech Elevator", "Springboard", "Launch School"}

var universities = []string{"University of Washington", "UC Berkeley", "University of Texas at Austin", "Georgia Tech", "University of Michigan", "Purdue University", "Arizona State University", "Rutgers University", "University of Florida", "Penn State", "Ohio State University", "University of Illinois Urbana-Champaign", "San Jose State University", "University of Maryland", "Northeastern University", "NYU", "Boston University", "University of Minnesota", "Texas A&M University", "UCLA", "University of Toronto", "IIT Bombay", "Seoul National University", "Tsinghua University", "University of Lagos", "Universidad de Buenos Aires", "Warsaw University of Technology", "Kyiv Polytechnic Institute"}

var employers = []string{"Initech", "Globex", "Vandelay Industries", "Stark Logistics", "Hooli", "Pied Piper", "Soylent Foods", "Umbrella Health", "Cyberdyne Analytics", "Wayne Retail", "Acme Payments", "Massive Dynamic", "Oscorp Media", "Tyrell Data", "Gringotts Financial", "Aperture Labs", "Dunder Paper", "Prestige Worldwide", "Monarch Insurance", "Blue Sun Foods", "Sterling Cooper Digital", "Bluth Homes", "Wonka Retail", "Nakatomi Trading"}
