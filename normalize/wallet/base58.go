package wallet

import (
	"bytes"
	"crypto/sha256"
)

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// Version bytes of Base58Check addresses.
const (
	versionP2PKH = 0x00 // Bitcoin "1..."
	versionP2SH  = 0x05 // Bitcoin "3..."
	versionTron  = 0x41 // Tron "T..."
	versionNone  = -1
)

// versionFor returns the version byte a Bitcoin address starting with
// first must carry.
func versionFor(first byte) int {
	if first == '1' {
		return versionP2PKH
	}
	return versionP2SH
}

// base58Index maps an ASCII byte to its base58 digit, or -1.
var base58Index = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58CheckVersion decodes a 25-byte Base58Check address (version,
// 20-byte hash, 4-byte checksum) and returns its version byte, or
// versionNone when it is not one or the checksum fails.
func base58CheckVersion(s string) int {
	if len(s) < 25 || len(s) > 35 {
		return versionNone
	}
	b, ok := base58Decode(s)
	if !ok || len(b) != 25 {
		return versionNone
	}
	first := sha256.Sum256(b[:21])
	second := sha256.Sum256(first[:])
	if !bytes.Equal(second[:4], b[21:]) {
		return versionNone
	}
	return int(b[0])
}

// base58Decode decodes s; leading "1"s are leading zero bytes.
func base58Decode(s string) ([]byte, bool) {
	// Big-endian base-256 number, grown as digits are added. s is at most
	// 35 characters, so the quadratic loop is cheap.
	var num []byte
	for i := 0; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return nil, false
		}
		carry := int(d)
		for j := len(num) - 1; j >= 0; j-- {
			carry += int(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			num = append([]byte{byte(carry)}, num...)
			carry >>= 8
		}
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	return append(make([]byte, zeros), num...), true
}
