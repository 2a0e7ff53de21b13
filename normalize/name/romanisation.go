package name

// familyGroups are common family names in the romanisations one person's
// name really takes across systems: a passport, a bank, a school record
// and an HR system may each use another. Each group is one name; a
// spelling may belong to several groups ("Wong" is the Cantonese of both
// Wang and Huang, "Lee" of Korean 이 and of Chinese Li), and two spellings
// are one name only when they share a group, so Wang and Huang stay apart.
//
// Sources: the Revised Romanization of Korean and McCune-Reischauer, with
// the spellings Koreans commonly use in passports (National Institute of
// Korean Language, survey of family-name romanisation, 2009); Hanyu Pinyin
// against Wade-Giles, Cantonese (Jyutping-derived Hong Kong spellings) and
// Hokkien spellings used in Taiwan, Singapore and Malaysia; Vietnamese
// names are compared without diacritics (textfold), so Nguyễn, Trần, Lê,
// Phạm need no entry; Hepburn long vowels for Japanese (Satō written Sato,
// Satoh, Satou).
//
// The table is small on purpose: it covers the names that most people of
// each origin carry (Kim, Lee, Park and Choi alone are about half of all
// Koreans), and a wrong equivalence would join strangers. Only family
// names: given names are compared joined, hyphenated or spaced, but not
// across romanisations.
var familyGroups = [][]string{
	// Korean (Statistics Korea, 2015 census: the 20 most common names
	// cover about 78% of the population).
	{"kim", "gim", "keem"},
	{"lee", "yi", "rhee", "rhie", "ri", "i", "rhi", "yee", "ree"},
	{"park", "pak", "bak", "bahk", "pack"},
	{"choi", "choe", "choy", "chey"},
	{"jung", "jeong", "chung", "cheong", "chong", "joung"},
	{"kang", "gang"},
	{"cho", "jo", "joe", "zo"},
	{"yoon", "yun", "youn", "yune"},
	{"jang", "chang"},
	{"lim", "im", "yim", "rim"},
	{"shin", "sin", "shinn"},
	{"seo", "suh", "so", "soh"},
	{"kwon", "gwon", "kweon"},
	{"hwang", "whang", "huang", "wong"},
	{"ahn", "an"},
	{"yoo", "yu", "ryu", "you", "ryoo", "rhyu"},
	{"oh", "o"},
	{"jeon", "jun", "chun", "chon"},
	{"moon", "mun"},
	{"baek", "paek", "paik", "baik"},
	{"noh", "no", "roh", "rho"},
	{"heo", "hur", "huh"},
	{"ko", "go", "koh", "gao", "kao"},
	{"son", "sohn"},
	{"bae", "pae"},
	// Chinese: Pinyin, Wade-Giles, Cantonese, Hokkien (Ministry of Public
	// Security of China, 2020 surname report: Wang, Li, Zhang, Liu and
	// Chen are about 30% of the population).
	{"li", "lee", "lei", "ly"},
	{"wang", "wong", "ong"},
	{"zhang", "chang", "cheung", "teo"},
	{"liu", "lau", "lao", "lew"},
	{"chen", "chan", "chin", "tan"},
	{"yang", "yeung", "ieong"},
	{"zhao", "chao", "chiu", "chew"},
	{"wu", "ng", "woo", "goh"},
	{"zhou", "chou", "chow", "chau"},
	{"xu", "hsu", "tsui", "hui"},
	{"sun", "suen"},
	{"ma", "mah"},
	{"zhu", "chu", "choo", "chue"},
	{"hu", "hoo"},
	{"guo", "kuo", "kwok", "kwek", "quek"},
	{"he", "ho", "hoh", "hor"},
	{"lin", "lam", "lim"},
	{"luo", "lo", "law", "loh"},
	{"zheng", "cheng"},
	{"liang", "leung", "leong"},
	{"tang", "tong"},
	{"feng", "fung", "fong"},
	{"xie", "hsieh", "tse", "chia"},
	{"cai", "tsai", "choi", "choy", "chua"},
	{"deng", "teng", "tang"},
	// Vietnamese: compared without diacritics; common misspellings in US
	// records.
	{"nguyen", "nguyn", "ngyuen", "nguen"},
	// Japanese: Hepburn long vowels.
	{"sato", "satoh", "satou"},
	{"ito", "itoh", "itou"},
	{"kato", "katoh", "katou"},
	{"saito", "saitoh", "saitou"},
	{"goto", "gotoh", "gotou"},
	{"endo", "endoh", "endou"},
	{"kondo", "kondoh", "kondou"},
	{"ono", "ohno", "oono"},
	{"ota", "ohta", "oota"},
}

// familyVariants maps a spelling to the groups it belongs to (indices into
// familyGroups). Built once from the table above and never written after:
// lookups from many goroutines are safe.
var familyVariants = func() map[string][]int {
	m := map[string][]int{}
	for i, g := range familyGroups {
		for _, s := range g {
			m[s] = append(m[s], i)
		}
	}
	return m
}()
