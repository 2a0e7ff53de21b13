package simulate

import (
	"strings"
)

// NameShare is one naming tradition's share of a mixed company
// (Config.NameMix). Origin is one of NameOrigins.
type NameShare struct {
	Origin string
	Share  float64
}

// NameOrigins are the traditions Config.NameMix can draw from. The origin
// is written to truth_names.csv, a label for auditing detection by origin
// (cmd/mosaic's fairness test); no export file carries it.
var NameOrigins = []string{"english", "hispanic", "indian", "chinese", "korean", "vietnamese", "other"}

// MixedNames are rough shares of a US software company's staff by the
// origin of their names (US Census 2020 and BLS 2023 occupation tables for
// software developers: about a third Asian-American, of whom most of
// Indian and Chinese origin; Hispanic about one in ten).
func MixedNames() []NameShare {
	return []NameShare{
		{"english", 0.44}, {"hispanic", 0.09}, {"indian", 0.15}, {"chinese", 0.11},
		{"korean", 0.04}, {"vietnamese", 0.03}, {"other", 0.14},
	}
}

// surname is a family name at its frequency among people of its origin, in
// the romanisations other systems may use for the same person.
type surname struct {
	name     string
	weight   float64 // percent of people of the origin
	variants []string
	accented string // the Vietnamese spelling with diacritics
}

// nameOrigin describes how an origin's names are drawn and written.
type nameOrigin struct {
	name     string
	given    func(r randSource) string
	surnames []surname
	weights  []float64
	// familyFirst is how often a bank or courier writes the name family
	// name first (from a passport, in the order of the name's language).
	familyFirst float64
	// romanised is how often the bank or courier spells the family name
	// in another romanisation than HR (a passport's spelling).
	romanised float64
	// middles are middle names some systems add (Vietnamese Văn, Thị).
	middles []string
}

// Surname frequencies, as percent of the origin's population:
//   - Korean: Statistics Korea, 2015 census (Kim 21.5%, Lee 14.7%, Park
//     8.4%: together about 45%).
//   - Chinese: Ministry of Public Security of China, 2020 household
//     registration report (Wang, Li, Zhang about 7% each: about 21%).
//   - Vietnamese: the commonly cited estimates (Lê Trung Hoa, Họ và tên
//     người Việt Nam, 2005): Nguyễn about 38%, Trần 11%, Lê 9.5%.
//   - Hispanic and English: US Census Bureau, 2010 surnames file (share of
//     people of Hispanic origin, and of all people, with the name).
//   - Indian: no national count exists; the ten most frequent surnames of
//     the list carry about a quarter of the weight, as in Indian-American
//     samples.
var koreanSurnames = []surname{
	{"Kim", 21.5, []string{"Gim"}, ""}, {"Lee", 14.7, []string{"Yi", "Rhee", "I"}, ""}, {"Park", 8.4, []string{"Pak", "Bak"}, ""},
	{"Choi", 4.7, []string{"Choe", "Choy"}, ""}, {"Jung", 4.3, []string{"Jeong", "Chung"}, ""}, {"Kang", 2.3, []string{"Gang"}, ""},
	{"Cho", 2.1, []string{"Jo"}, ""}, {"Yoon", 2.1, []string{"Yun"}, ""}, {"Jang", 2.0, []string{"Chang"}, ""},
	{"Lim", 1.7, []string{"Im", "Yim"}, ""}, {"Han", 1.5, nil, ""}, {"Oh", 1.4, nil, ""}, {"Seo", 1.4, []string{"Suh"}, ""},
	{"Shin", 1.4, []string{"Sin"}, ""}, {"Kwon", 1.4, []string{"Gwon"}, ""}, {"Hwang", 1.4, nil, ""}, {"Ahn", 1.3, []string{"An"}, ""},
	{"Song", 1.3, nil, ""}, {"Jeon", 1.1, []string{"Jun", "Chun"}, ""}, {"Hong", 1.1, nil, ""}, {"Yoo", 1.0, []string{"Yu", "Ryu"}, ""},
	{"Ko", 0.9, []string{"Koh", "Go"}, ""}, {"Moon", 0.9, []string{"Mun"}, ""}, {"Son", 0.9, []string{"Sohn"}, ""},
	{"Bae", 0.8, []string{"Pae"}, ""}, {"Baek", 0.7, []string{"Paik"}, ""}, {"Heo", 0.6, []string{"Hur"}, ""}, {"Nam", 0.6, nil, ""},
	{"Noh", 0.5, []string{"Roh"}, ""},
}

var chineseSurnames = []surname{
	{"Wang", 7.1, []string{"Wong"}, ""}, {"Li", 7.0, []string{"Lee"}, ""}, {"Zhang", 6.7, []string{"Chang", "Cheung"}, ""},
	{"Liu", 5.4, []string{"Lau"}, ""}, {"Chen", 4.5, []string{"Chan"}, ""}, {"Yang", 3.1, []string{"Yeung"}, ""},
	{"Huang", 2.2, []string{"Hwang"}, ""}, {"Zhao", 2.0, []string{"Chao"}, ""}, {"Wu", 2.0, []string{"Ng"}, ""},
	{"Zhou", 1.9, []string{"Chou", "Chow"}, ""}, {"Xu", 1.7, []string{"Hsu"}, ""}, {"Sun", 1.5, nil, ""}, {"Ma", 1.5, nil, ""},
	{"Zhu", 1.3, []string{"Chu"}, ""}, {"Hu", 1.3, nil, ""}, {"Guo", 1.2, []string{"Kuo"}, ""}, {"He", 1.2, []string{"Ho"}, ""},
	{"Lin", 1.2, []string{"Lam"}, ""}, {"Gao", 1.1, []string{"Kao"}, ""}, {"Luo", 1.1, []string{"Lo"}, ""},
	{"Zheng", 1.1, []string{"Cheng"}, ""}, {"Liang", 0.9, []string{"Leung"}, ""}, {"Xie", 0.8, []string{"Hsieh"}, ""},
	{"Song", 0.8, nil, ""}, {"Tang", 0.8, []string{"Tong"}, ""}, {"Feng", 0.6, []string{"Fung"}, ""}, {"Deng", 0.6, []string{"Teng"}, ""},
	{"Han", 0.6, nil, ""}, {"Cao", 0.6, nil, ""}, {"Cai", 0.5, []string{"Tsai"}, ""},
}

var vietnameseSurnames = []surname{
	{"Nguyen", 38, nil, "Nguyễn"}, {"Tran", 11, nil, "Trần"}, {"Le", 9.5, nil, "Lê"}, {"Pham", 7.1, nil, "Phạm"},
	{"Hoang", 3.1, nil, "Hoàng"}, {"Huynh", 2.0, nil, "Huỳnh"}, {"Phan", 4.5, nil, "Phan"}, {"Vu", 2.0, nil, "Vũ"},
	{"Vo", 1.9, nil, "Võ"}, {"Dang", 2.1, nil, "Đặng"}, {"Bui", 2.0, nil, "Bùi"}, {"Do", 1.4, nil, "Đỗ"},
	{"Ho", 1.3, nil, "Hồ"}, {"Ngo", 1.3, nil, "Ngô"}, {"Duong", 1.0, nil, "Dương"}, {"Ly", 0.5, nil, "Lý"},
}

var hispanicSurnames = []surname{
	{"Garcia", 2.4, nil, ""}, {"Rodriguez", 2.2, nil, ""}, {"Martinez", 2.0, nil, ""}, {"Hernandez", 1.9, nil, ""},
	{"Lopez", 1.8, nil, ""}, {"Gonzalez", 1.7, nil, ""}, {"Perez", 1.4, nil, ""}, {"Sanchez", 1.3, nil, ""},
	{"Ramirez", 1.2, nil, ""}, {"Torres", 0.9, nil, ""}, {"Flores", 0.9, nil, ""}, {"Rivera", 0.9, nil, ""},
	{"Gomez", 0.8, nil, ""}, {"Diaz", 0.8, nil, ""}, {"Reyes", 0.6, nil, ""}, {"Morales", 0.6, nil, ""},
	{"Cruz", 0.6, nil, ""}, {"Ortiz", 0.5, nil, ""}, {"Gutierrez", 0.5, nil, ""}, {"Chavez", 0.5, nil, ""},
	{"Ramos", 0.5, nil, ""}, {"Vargas", 0.4, nil, ""}, {"Castillo", 0.4, nil, ""}, {"Jimenez", 0.4, nil, ""},
	{"Moreno", 0.4, nil, ""}, {"Romero", 0.4, nil, ""}, {"Herrera", 0.4, nil, ""}, {"Medina", 0.3, nil, ""},
	{"Aguilar", 0.3, nil, ""}, {"Vega", 0.3, nil, ""},
}

// weightedSurnames gives a plain list weights falling as Zipf's law
// (1/rank), the shape of every surname frequency table above, scaled so the
// first name has top percent: used where a list has no count of its own.
func weightedSurnames(names []string, top float64) []surname {
	out := make([]surname, len(names))
	for i, n := range names {
		out[i] = surname{name: n, weight: top / float64(i+1)}
	}
	return out
}

var (
	koreanFirstSyllables  = []string{"Min", "Seo", "Ji", "Hyun", "Soo", "Jae", "Eun", "Young", "Hye", "Dong", "Sung", "Ha", "Joon", "Da", "Tae", "Yu", "Su", "Ye", "Do", "Si"}
	koreanSecondSyllables = []string{"jun", "yeon", "woo", "ah", "min", "hoon", "bin", "jin", "seok", "ho", "na", "kyung", "eun", "won", "yoon", "hee", "jung", "rin"}
	chineseSyllables      = []string{"Wei", "Jing", "Hao", "Xin", "Yang", "Li", "Jun", "Mei", "Lei", "Yan", "Hui", "Tao", "Ying", "Bo", "Fang", "Zhi", "Xiao", "Ling", "Yu", "Qiang", "Ming", "Hong", "Jie", "Na", "Min", "Ping", "Tian", "Yi"}
	chineseEnglishNames   = []string{"Kevin", "Vivian", "Jason", "Amy", "Eric", "Grace", "Tony", "Helen", "Michael", "Cindy"}
	vietnameseGiven       = []string{"Minh", "Linh", "Tuan", "Huong", "Duc", "Thao", "Quang", "Trang", "Long", "Mai", "Khoa", "Ngoc", "Bao", "Vy", "Hung", "Dung", "Ha", "Lan", "Phuong", "Anh", "Hieu", "Nam", "Thu", "Hanh", "Trung", "Tam", "Hai", "Hoa"}
	vietnameseMiddles     = []string{"Van", "Thi", "Thanh", "Ngoc", "Minh", "Duc", "Quoc", "Hoang"}
	englishMiddles        = []string{"A.", "J.", "M.", "R.", "Lee", "Marie", "Ann", "James", "Michael", "Lynn"}
)

var nameOrigins = func() []nameOrigin {
	anglo, hispanic, indian := cultures[0], cultures[1], cultures[4]
	list := []nameOrigin{
		{name: "english", given: func(r randSource) string { return pick(r, anglo.first) },
			surnames: append([]surname{{"Smith", 0.83, nil, ""}, {"Johnson", 0.65, nil, ""}, {"Williams", 0.55, nil, ""}, {"Brown", 0.49, nil, ""}, {"Jones", 0.48, nil, ""}},
				weightedSurnames(anglo.last[5:], 0.38)...),
			familyFirst: 0.02, middles: englishMiddles},
		{name: "hispanic", given: func(r randSource) string { return pick(r, hispanic.first) }, surnames: hispanicSurnames, familyFirst: 0.02},
		{name: "indian", given: func(r randSource) string { return pick(r, indian.first) }, surnames: weightedSurnames(indian.last, 6), familyFirst: 0.05},
		{name: "chinese", given: func(r randSource) string {
			switch {
			case chance(r, 0.15):
				return pick(r, chineseEnglishNames)
			case chance(r, 0.45):
				return pick(r, chineseSyllables)
			}
			return pick(r, chineseSyllables) + strings.ToLower(pick(r, chineseSyllables))
		}, surnames: chineseSurnames, familyFirst: 0.5, romanised: 0.15},
		{name: "korean", given: func(r randSource) string {
			if chance(r, 0.1) {
				return pick(r, []string{"Grace", "Daniel", "Esther", "Paul", "David", "Sarah"})
			}
			return pick(r, koreanFirstSyllables) + "-" + pick(r, koreanSecondSyllables)
		}, surnames: koreanSurnames, familyFirst: 0.4, romanised: 0.25},
		{name: "vietnamese", given: func(r randSource) string { return pick(r, vietnameseGiven) }, surnames: vietnameseSurnames,
			familyFirst: 0.6, middles: vietnameseMiddles},
	}
	// Every other tradition of the default cultures, surnames by Zipf.
	var first, last []string
	for i, c := range cultures {
		if i != 0 && i != 1 && i != 2 && i != 3 && i != 4 && i != 5 {
			first = append(first, c.first...)
			last = append(last, c.last...)
		}
	}
	list = append(list, nameOrigin{name: "other", given: func(r randSource) string { return pick(r, first) },
		surnames: weightedSurnames(last, 2), familyFirst: 0.05})
	for i := range list {
		for _, s := range list[i].surnames {
			list[i].weights = append(list[i].weights, s.weight)
		}
	}
	return list
}()

// originIndex returns the index in nameOrigins of an origin's name, or -1.
func originIndex(name string) int {
	for i, o := range nameOrigins {
		if o.name == name {
			return i
		}
	}
	return -1
}

// mixedName draws a name for a person of a mixed company from r.
func (w *world) mixedName(r randSource) (first, last string, origin int) {
	origin = w.mixOrigins[weighted(r, w.mixWeights)]
	o := &nameOrigins[origin]
	return o.given(r), o.surnames[weighted(r, o.weights)].name, origin
}

// nameSystem is a system that writes a person's name.
type nameSystem uint64

const (
	sysATS nameSystem = iota
	sysHR
	sysBank
	sysCourier
)

// streamNames is the base of the per-person streams that decide how each
// system writes a name: far above streamOktaDay's day indices.
const streamNames uint64 = 1 << 40

// written is p's name as system writes it in a mixed company: HR as the
// person's canonical name (sometimes with Vietnamese diacritics), the ATS
// as the person types it (a Korean given name joined or hyphenated), a
// bank as the account was opened (often family name first, in capitals,
// in a passport's romanisation, with middle names), a courier in capitals,
// sometimes family name first. Outside a mixed company (or for a person
// without an origin) it is "First Last", as before.
func (w *world) written(p *person, sys nameSystem) (first, last string) {
	if w.cfg.NameMix == nil || p.origin < 0 {
		return p.first, p.last
	}
	r := newRand(w.cfg.Seed, streamNames+uint64(p.idx)*8+uint64(sys))
	o := &nameOrigins[p.origin]
	given, family := p.first, p.last
	var sn *surname
	for i := range o.surnames {
		if o.surnames[i].name == p.last {
			sn = &o.surnames[i]
		}
	}
	switch sys {
	case sysHR:
		if sn != nil && sn.accented != "" && chance(r, 0.3) {
			return accentVietnamese(given), sn.accented
		}
		return given, family
	case sysATS:
		if strings.Contains(given, "-") {
			switch r.IntN(4) {
			case 0:
				given = strings.ReplaceAll(given, "-", "")
			case 1:
				given = strings.ReplaceAll(given, "-", " ")
			}
		}
		return given, family
	}
	if sn != nil && len(sn.variants) > 0 && chance(r, o.romanised) {
		family = pick(r, sn.variants)
	}
	if strings.Contains(given, "-") && chance(r, 0.5) {
		given = strings.ReplaceAll(given, "-", pick(r, []string{"", " "}))
	}
	middle, withMiddle := "", 0.15
	if o.name == "vietnamese" {
		withMiddle = 0.7 // banks keep the whole name: NGUYEN VAN MINH
	}
	if len(o.middles) > 0 && chance(r, withMiddle) {
		middle = pick(r, o.middles)
	}
	upper := sys == sysCourier && chance(r, 0.6) || sys == sysBank && chance(r, 0.4)
	familyFirst := chance(r, o.familyFirst)
	if sys == sysCourier {
		familyFirst = chance(r, o.familyFirst*0.7)
	}
	if upper {
		given, family, middle = strings.ToUpper(given), strings.ToUpper(family), strings.ToUpper(middle)
	} else if familyFirst && sys == sysBank && chance(r, 0.5) {
		family = strings.ToUpper(family) // "WANG Wei"
	}
	switch {
	case familyFirst:
		return family, strings.TrimSpace(middle + " " + given) // written "Family Middle Given"
	case sys == sysBank && chance(r, 0.15):
		return family + ",", strings.TrimSpace(given + " " + middle) // "Family, Given Middle"
	}
	return strings.TrimSpace(given + " " + middle), family
}

// writtenFull is written joined into one field.
func (w *world) writtenFull(p *person, sys nameSystem) string {
	a, b := w.written(p, sys)
	return strings.TrimSpace(a + " " + b)
}

// vietnameseAccents spells the unaccented given names with their usual
// diacritics.
var vietnameseAccents = map[string]string{
	"Tuan": "Tuấn", "Huong": "Hương", "Duc": "Đức", "Thao": "Thảo", "Ngoc": "Ngọc", "Bao": "Bảo", "Hung": "Hùng",
	"Dung": "Dũng", "Ha": "Hà", "Phuong": "Phương", "Hieu": "Hiếu", "Hanh": "Hạnh", "Tam": "Tâm", "Hai": "Hải", "Hoa": "Hòa",
}

func accentVietnamese(given string) string {
	if a, ok := vietnameseAccents[given]; ok {
		return a
	}
	return given
}
