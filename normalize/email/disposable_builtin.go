package email

import "sync"

// builtinDisposable is a short list of well-known throwaway-mailbox
// services, each also on the public disposable-email-domains list. Operators
// who want the full public list load it with LoadDisposableFile.
var builtinDisposable = []string{
	"mailinator.com", "guerrillamail.com", "guerrillamail.net", "guerrillamail.org",
	"guerrillamail.biz", "guerrillamail.de", "guerrillamail.info", "guerrillamailblock.com",
	"grr.la", "sharklasers.com", "pokemail.net", "spam4.me", "10minutemail.com",
	"10minutemail.net", "10minutemail.co.uk", "20minutemail.com", "temp-mail.org",
	"tempmailo.com", "tempail.com", "tempr.email", "tmpmail.org", "tmpmail.net", "yopmail.com",
	"yopmail.net", "yopmail.fr", "jetable.org", "trashmail.com", "trashmail.net", "trashmail.de",
	"trash-mail.com", "throwawaymail.com", "getnada.com", "nada.email", "dispostable.com",
	"maildrop.cc", "mailnesia.com", "mintemail.com", "mohmal.com", "mytemp.email",
	"emailondeck.com", "fakeinbox.com", "fakemail.net", "discard.email", "discardmail.com",
	"spambox.us", "mailcatch.com", "mailnull.com", "moakt.com", "getairmail.com",
	"harakirimail.com", "incognitomail.org", "inboxkitten.com", "mailpoof.com", "emailfake.com",
	"generator.email", "tempinbox.com", "spamdecoy.net", "mailinator.net", "mailinator2.com",
	"notmailinator.com", "reallymymail.com", "sogetthis.com", "binkmail.com", "bobmail.info",
	"chammy.info", "devnullmail.com", "letthemeatspam.com", "mailinater.com", "suremail.info",
	"thisisnotmyrealemail.com", "tradermail.info", "veryrealemail.com", "zippymail.info",
	"spamherelots.com", "spamhereplease.com", "safetymail.info", "mailtothis.com",
	"mailmetrash.com", "trashymail.com", "mt2015.com", "mytrashmail.com", "kurzepost.de",
	"objectmail.com", "proxymail.eu", "rcpt.at", "trash-me.com", "wegwerfmail.de",
	"wegwerfmail.net", "wegwerfmail.org", "einrot.com", "spoofmail.de", "temporaryemail.net",
	"tempemail.net", "tempomail.fr", "tmail.ws", "fexbox.org", "fexpost.com", "1secmail.com",
	"1secmail.net", "1secmail.org", "esiix.com", "wwjmp.com", "xojxe.com", "yoggm.com",
	"dropmail.me", "10mail.org", "emltmp.com", "laste.ml", "minuteinbox.com", "mailto.plus",
	"fextemp.com", "any.pink", "merepost.com", "tempmail.plus", "mvrht.net", "mailforspam.com",
	"crazymailing.com", "temp-mail.ru", "mailinator.org", "spamfree24.org", "emailtemporanea.net",
	"mailexpire.com", "jourrapide.com", "armyspy.com", "cuvox.de", "dayrep.com", "einrot.de",
	"fleckens.hu", "gustr.com", "rhyta.com", "superrito.com", "teleworm.us", "yopmail.gq",
	"instaddr.ch", "zetmail.com", "0-mail.com", "0815.ru", "anonbox.net", "deadaddress.com",
	"e4ward.com", "filzmail.com",
}

// builtinOnce builds the list once: it is read-only afterwards.
var builtinOnce = sync.OnceValue(func() *DisposableList {
	return NewDisposableList(builtinDisposable...)
})

// BuiltinDisposable returns the built-in list of disposable domains.
func BuiltinDisposable() *DisposableList { return builtinOnce() }
