// Package wallet recognises cryptocurrency wallet addresses and puts them
// in one canonical form, so that two payroll records paying the same wallet
// link. Wallet addresses are sensitive: callers hash Address (see
// mosaic.Hasher) and nothing here logs or returns one in an error.
package wallet

import (
	"strings"
	"unicode"
)

// Wallet is a normalised wallet address.
type Wallet struct {
	Address string // canonical form, the key to link on
	Type    string // evm, bitcoin, tron or unknown
}

// Wallet types.
const (
	TypeEVM     = "evm"     // Ethereum and EVM chains: 0x + 40 hex, lower-cased
	TypeBitcoin = "bitcoin" // base58 P2PKH (1...) or P2SH (3...), case kept; bech32 bc1..., lower-cased
	TypeTron    = "tron"    // base58 T..., case kept
	TypeUnknown = "unknown" // an address-like string of another chain, kept as typed
)

// Bounds on an address-like string: the shortest real addresses (XRP,
// Bitcoin base58) have 25 characters, the longest (bech32) 90; the slack
// covers other chains.
const (
	minUnknown = 20
	maxUnknown = 128
)

// Normalize recognises an address as typed, with or without a payment URI
// scheme ("ethereum:", "bitcoin:") and query. Bitcoin and Tron addresses
// count as such only when their checksum holds; a string shaped like an
// address whose checksum fails (a typo, or another chain) is returned as
// is with Type "unknown", since equal typos still link. Anything that does
// not look like an address at all returns false.
func Normalize(s string) (Wallet, bool) {
	a := clean(s)
	if a == "" {
		return Wallet{}, false
	}
	switch {
	case isEVM(a):
		lower := "0x" + strings.ToLower(a[2:])
		if strings.Trim(lower[2:], "0") == "" {
			return Wallet{}, false // the zero address: a placeholder, not a wallet
		}
		return Wallet{Address: lower, Type: TypeEVM}, true
	case validBech32Address(a):
		return Wallet{Address: strings.ToLower(a), Type: TypeBitcoin}, true
	case (a[0] == '1' || a[0] == '3') && base58CheckVersion(a) == versionFor(a[0]):
		return Wallet{Address: a, Type: TypeBitcoin}, true
	case a[0] == 'T' && base58CheckVersion(a) == versionTron:
		return Wallet{Address: a, Type: TypeTron}, true
	}
	if len(a) < minUnknown || len(a) > maxUnknown {
		return Wallet{}, false
	}
	return Wallet{Address: a, Type: TypeUnknown}, true
}

// clean trims s, drops a URI scheme and anything after the address
// ("?amount=", "@chain", "/transfer"), and returns "" unless what is left
// is ASCII letters and digits.
func clean(s string) string {
	if len(s) > 4*maxUnknown {
		return ""
	}
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	if i := strings.IndexByte(s, ':'); i >= 0 {
		switch strings.ToLower(s[:i]) {
		case "ethereum", "bitcoin", "tron", "eth", "btc":
			s = s[i+1:]
		default:
			return ""
		}
	}
	if i := strings.IndexAny(s, "?@/"); i >= 0 {
		s = s[:i]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return ""
		}
	}
	return s
}

// isEVM reports 0x followed by 40 hex digits.
func isEVM(a string) bool {
	if len(a) != 42 || a[0] != '0' || (a[1] != 'x' && a[1] != 'X') {
		return false
	}
	for i := 2; i < len(a); i++ {
		c := a[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
