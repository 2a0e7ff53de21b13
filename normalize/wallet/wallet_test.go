package wallet

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in string
		want     Wallet
		ok       bool
	}{
		{"evm lower", "0xc2a030b30dea41c5fc8d328ca148c3be952d06b6", Wallet{"0xc2a030b30dea41c5fc8d328ca148c3be952d06b6", TypeEVM}, true},
		{"evm checksummed", "0x52908400098527886E0F7030069857D2E4169EE7", Wallet{"0x52908400098527886e0f7030069857d2e4169ee7", TypeEVM}, true},
		{"evm upper prefix and spaces", "  0X52908400098527886E0F7030069857D2E4169EE7\n", Wallet{"0x52908400098527886e0f7030069857d2e4169ee7", TypeEVM}, true},
		{"evm payment uri", "ethereum:0x52908400098527886E0F7030069857D2E4169EE7@1/transfer?value=1", Wallet{"0x52908400098527886e0f7030069857d2e4169ee7", TypeEVM}, true},
		{"bitcoin p2pkh", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Wallet{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", TypeBitcoin}, true},
		{"bitcoin p2sh", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", Wallet{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", TypeBitcoin}, true},
		{"bitcoin uri", "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1", Wallet{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", TypeBitcoin}, true},
		{"bech32 p2wpkh", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Wallet{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", TypeBitcoin}, true},
		{"bech32 upper case", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Wallet{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", TypeBitcoin}, true},
		{"bech32m taproot", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", Wallet{"bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", TypeBitcoin}, true},
		{"tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Wallet{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", TypeTron}, true},

		{"bitcoin checksum typo is unknown, case kept", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", Wallet{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", TypeUnknown}, true},
		{"bech32 checksum typo is unknown", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Wallet{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", TypeUnknown}, true},
		{"bech32 mixed case is unknown", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4", Wallet{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4", TypeUnknown}, true},
		{"v0 program with bech32m checksum", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", Wallet{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", TypeUnknown}, true},
		{"solana-like", "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV", Wallet{"7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV", TypeUnknown}, true},

		{"zero address", "0x0000000000000000000000000000000000000000", Wallet{}, false},
		{"too short", "0x1234", Wallet{}, false},
		{"words", "pay me in cash", Wallet{}, false},
		{"other uri scheme", "javascript:alert(1)", Wallet{}, false},
		{"empty", "", Wallet{}, false},
		{"emoji", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", Wallet{}, false},
		{"invalid utf-8", "0x\xff2a030b30dea41c5fc8d328ca148c3be952d06b6", Wallet{}, false},
		{"control inside", "0xc2a030b30dea41c5fc8d\x00328ca148c3be952d06b6", Wallet{}, false},
		{"huge", strings.Repeat("a", 100000), Wallet{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Normalize(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Normalize(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, in := range []string{"0X52908400098527886E0F7030069857D2E4169EE7", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"} {
		w, _ := Normalize(in)
		again, ok := Normalize(w.Address)
		if !ok || again != w {
			t.Errorf("%q: %+v then %+v", in, w, again)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	in := []string{"0x52908400098527886E0F7030069857D2E4169EE7", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(in[i%len(in)])
	}
}
