package rangedb

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

// TestDecodeRefusesABomb: a file that inflates past maxDecoded is refused
// once the limit is reached (docs/limits.md), whatever its trailer claims.
func TestDecodeRefusesABomb(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	_, _ = zw.Write([]byte(magic))
	_, _ = zw.Write([]byte{version})
	zeros := make([]byte, 1<<20)
	for n := 0; n <= maxDecoded; n += len(zeros) {
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	for name, decode := range map[string]func([]byte) (*Data, error){
		"Decode":      func(b []byte) (*Data, error) { return Decode(bytes.NewReader(b)) },
		"DecodeBytes": DecodeBytes,
	} {
		_, err := decode(bomb.Bytes())
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "inflates past") {
			t.Errorf("%s of %d KiB inflating to %d MiB: %v", name, bomb.Len()>>10, (maxDecoded>>20)+1, err)
		}
	}
}
