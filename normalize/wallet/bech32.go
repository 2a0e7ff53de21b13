package wallet

import "strings"

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// Checksum constants of BIP 173 (bech32, witness version 0) and BIP 350
// (bech32m, witness versions 1 to 16).
const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

// validBech32Address reports whether a is a Bitcoin mainnet segwit address
// ("bc1...") with a valid checksum and a witness program of a permitted
// length for its version.
func validBech32Address(a string) bool {
	if len(a) < 14 || len(a) > 90 {
		return false
	}
	lower := strings.ToLower(a)
	if lower != a && strings.ToUpper(a) != a {
		return false // mixed case is invalid in bech32
	}
	if !strings.HasPrefix(lower, "bc1") {
		return false
	}
	data := make([]byte, 0, len(lower)-3)
	for i := 3; i < len(lower); i++ {
		v := strings.IndexByte(bech32Charset, lower[i])
		if v < 0 {
			return false
		}
		data = append(data, byte(v))
	}
	if len(data) < 7 { // version + checksum
		return false
	}
	version := data[0]
	want := uint32(bech32Const)
	if version > 0 {
		want = bech32mConst
	}
	if version > 16 || polymod(append(hrpExpand("bc"), data...)) != want {
		return false
	}
	program, ok := convert5to8(data[1 : len(data)-6])
	if !ok || len(program) < 2 || len(program) > 40 {
		return false
	}
	return version != 0 || len(program) == 20 || len(program) == 32
}

func hrpExpand(hrp string) []byte {
	out := make([]byte, 0, 2*len(hrp)+1)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]>>5)
	}
	out = append(out, 0)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]&31)
	}
	return out
}

func polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// convert5to8 regroups 5-bit values into bytes, rejecting non-zero or
// over-long padding as BIP 173 requires.
func convert5to8(data []byte) ([]byte, bool) {
	var acc uint32
	bits := 0
	out := make([]byte, 0, len(data)*5/8)
	for _, v := range data {
		acc = acc<<5 | uint32(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return nil, false
	}
	return out, true
}
