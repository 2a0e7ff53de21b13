package jsonrows

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mosaic-sec/mosaic"
)

// Kind is the JSON kind of a Scalar.
type Kind uint8

const (
	Absent Kind = iota // the member was not there
	Null
	String
	Number
	Bool
	Other // an object or an array
)

// Scalar is a JSON value read leniently: whatever its kind, decoding it
// never fails, so a field of an unexpected type costs only itself and the
// reader decides what that means (a required field rejects the row, an
// optional one is left out). Exporters differ on quoting numbers and
// booleans, and the raw Entra and Google samples do both.
type Scalar struct {
	Kind Kind
	Text string // a string's contents, a number's literal, "true" or "false"
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Scalar) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case '"':
		s.Kind = String
		return json.Unmarshal(b, &s.Text)
	case 'n':
		s.Kind, s.Text = Null, ""
	case 't', 'f':
		s.Kind, s.Text = Bool, string(b)
	case '{', '[':
		s.Kind, s.Text = Other, ""
	default:
		s.Kind, s.Text = Number, string(b)
	}
	return nil
}

// Str is the value of a string, trimmed; "" for other kinds and for the
// text "null", which some exporters write for a missing value.
func (s Scalar) Str() string {
	if s.Kind != String {
		return ""
	}
	t := strings.TrimSpace(s.Text)
	if t == "null" {
		return ""
	}
	return t
}

// Literal is a string's value or a number's literal: identifiers that
// APIs give either way (Google's uniqueQualifier).
func (s Scalar) Literal() string {
	if s.Kind == Number {
		return s.Text
	}
	return s.Str()
}

// Float is a finite number, or a string holding one.
func (s Scalar) Float() (float64, bool) {
	if s.Kind != Number && s.Kind != String {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s.Text), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// Int is a whole number, or a string holding one.
func (s Scalar) Int() (int64, bool) {
	f, ok := s.Float()
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Tristate is a boolean, or a string "true"/"false"; Unknown otherwise.
func (s Scalar) Tristate() mosaic.Tristate {
	switch strings.ToLower(strings.TrimSpace(s.Text)) {
	case "true":
		if s.Kind == Bool || s.Kind == String {
			return mosaic.True
		}
	case "false":
		if s.Kind == Bool || s.Kind == String {
			return mosaic.False
		}
	}
	return mosaic.Unknown
}

// Describe names the kind for a reason: "a number", "an object".
func (k Kind) Describe() string {
	switch k {
	case Null:
		return "null"
	case String:
		return "a string"
	case Number:
		return "a number"
	case Bool:
		return "true or false"
	case Other:
		return "an object or an array"
	}
	return "missing"
}

// Unmarshal decodes data into v and, when it cannot, says why in words
// that quote nothing of the row (rows hold personal data, and reasons go to
// a rejects file). column names the field at fault, if one is.
func Unmarshal(data []byte, v any) (column, reason string) {
	if !utf8.Valid(data) {
		return "", "invalid UTF-8 at byte " + strconv.Itoa(firstInvalidUTF8(data)+1)
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return "", "not a JSON object"
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return "", ""
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		if syn.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) {
			return "", "JSON cut short at byte " + strconv.Itoa(len(data))
		}
		return "", "invalid JSON at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		return typ.Field, typ.Field + " is " + jsonKind(typ.Value) + ", not " + goKind(typ.Type)
	}
	return "", "cannot decode the event"
}

func jsonKind(v string) string {
	switch v {
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "object":
		return "an object"
	case "array":
		return "an array"
	}
	if strings.HasPrefix(v, "number") {
		return "a number"
	}
	return v
}

func goKind(t reflect.Type) string {
	if t == nil {
		return "the expected type"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// NameUUID returns a name-based (version 5, SHA-1) UUID of the parts, in
// the canonical lower-case form the dataset keeps in 16 bytes. Readers of
// logs whose events have no UUID make a stable one from what identifies
// the event, so a second read of the same export de-duplicates.
func NameUUID(namespace string, parts ...string) string {
	h := sha1.New()
	h.Write([]byte(namespace))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	var id [16]byte
	copy(id[:], h.Sum(nil))
	id[6] = id[6]&0x0f | 0x50 // version 5
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	var b [36]byte
	hex.Encode(b[0:8], id[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id[10:])
	return string(b[:])
}

// LowerUUID lower-cases a GUID written in upper case, so that the dataset
// can keep it in 16 bytes (GUIDs are case-insensitive); any other id is
// returned as it is.
func LowerUUID(id string) string {
	if len(id) != 36 {
		return id
	}
	return strings.ToLower(id)
}

// ZeroID reports whether a device or object id is all zeros (Entra writes
// 00000000-0000-0000-0000-000000000000 for "none"); such an id would
// falsely tie together everyone who has none.
func ZeroID(id string) bool {
	return strings.Trim(id, "0-{}") == ""
}

// Missing says why a required string field gave nothing: "id is a
// number, not a string", or "id is missing" followed by why it is needed.
func (s Scalar) Missing(field, why string) string {
	switch s.Kind {
	case Absent, Null, String:
		return field + " is missing" + why
	}
	return field + " is " + s.Kind.Describe() + ", not a string"
}

// Printable shortens a value a reason names (a category, an application's
// name) and drops control characters from it.
func Printable(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
