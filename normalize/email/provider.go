package email

import "strings"

// Mail providers whose aliasing rules Normalize folds. Only domains where
// the provider documents the rule: elsewhere "a.b" and "ab", or "a+x" and
// "a", may be different people.
const gmail = "gmail.com"

// plusTagDomains deliver "user+anything" to "user".
var plusTagDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true,
	// Microsoft consumer mail.
	"outlook.com": true, "hotmail.com": true, "live.com": true, "msn.com": true,
	"hotmail.co.uk": true, "hotmail.fr": true, "hotmail.de": true, "hotmail.it": true,
	"hotmail.es": true, "live.co.uk": true, "live.fr": true, "live.de": true,
	"live.it": true, "live.ca": true, "live.com.au": true, "outlook.fr": true,
	"outlook.de": true, "outlook.es": true, "outlook.it": true, "outlook.jp": true,
	"outlook.co.uk": true, "outlook.com.au": true,
	// Apple.
	"icloud.com": true, "me.com": true, "mac.com": true,
	// Fastmail (a few of its many domains).
	"fastmail.com": true, "fastmail.fm": true, "fastmail.net": true, "fastmail.org": true,
	"fastmail.us": true, "messagingengine.com": true,
	// Proton.
	"proton.me": true, "protonmail.com": true, "protonmail.ch": true, "pm.me": true,
}

// foldProvider applies the provider's aliasing rules to a lower-cased
// local part and ASCII domain.
func foldProvider(local, domain string) (string, string) {
	if domain == "googlemail.com" {
		domain = gmail
	}
	if !plusTagDomains[domain] {
		return local, domain
	}
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	if domain == gmail {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local, domain
}

// freeMailDomains are consumer mailbox providers: an address there says
// nothing about an employer. Disposable services are flagged separately.
var freeMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true,
	"yahoo.com": true, "ymail.com": true, "rocketmail.com": true, "yahoo.co.uk": true,
	"yahoo.fr": true, "yahoo.de": true, "yahoo.es": true, "yahoo.it": true, "yahoo.ca": true,
	"yahoo.com.au": true, "yahoo.co.in": true, "yahoo.co.jp": true, "yahoo.com.br": true,
	"yahoo.com.mx": true, "yahoo.com.sg": true, "yahoo.com.ph": true,
	"outlook.com": true, "hotmail.com": true, "live.com": true, "msn.com": true,
	"hotmail.co.uk": true, "hotmail.fr": true, "hotmail.de": true, "hotmail.it": true,
	"hotmail.es": true, "live.co.uk": true, "live.fr": true, "live.de": true,
	"live.it": true, "live.ca": true, "live.com.au": true, "outlook.fr": true,
	"outlook.de": true, "outlook.es": true, "outlook.it": true, "outlook.jp": true,
	"outlook.co.uk": true, "outlook.com.au": true,
	"icloud.com": true, "me.com": true, "mac.com": true,
	"aol.com": true, "aim.com": true, "verizon.net": true,
	"proton.me": true, "protonmail.com": true, "protonmail.ch": true, "pm.me": true,
	"tutanota.com": true, "tutanota.de": true, "tuta.io": true, "tutamail.com": true, "tuta.com": true,
	"fastmail.com": true, "fastmail.fm": true,
	"gmx.com": true, "gmx.net": true, "gmx.de": true, "gmx.at": true, "gmx.ch": true, "web.de": true,
	"mail.com": true, "email.com": true, "usa.com": true,
	"zoho.com": true, "zohomail.com": true, "hushmail.com": true, "hush.com": true,
	"yandex.com": true, "yandex.ru": true, "ya.ru": true,
	"mail.ru": true, "bk.ru": true, "inbox.ru": true, "list.ru": true, "rambler.ru": true,
	"qq.com": true, "163.com": true, "126.com": true, "yeah.net": true, "sina.com": true, "sohu.com": true,
	"naver.com": true, "daum.net": true, "hanmail.net": true, "kakao.com": true,
	"rediffmail.com": true, "lycos.com": true, "inbox.com": true, "mail.ee": true,
	"comcast.net": true, "att.net": true, "sbcglobal.net": true, "bellsouth.net": true,
	"cox.net": true, "charter.net": true, "earthlink.net": true, "optonline.net": true,
	"btinternet.com": true, "orange.fr": true, "free.fr": true, "libero.it": true,
	"t-online.de": true, "seznam.cz": true, "wp.pl": true, "o2.pl": true, "interia.pl": true,
	"ukr.net": true, "i.ua": true, "skiff.com": true, "duck.com": true,
}

func isFreeMail(domain string) bool { return freeMailDomains[domain] }
