package natsqueue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/mosaic-sec/mosaic"
)

// encodingVersion is the version of the message body. A message is one
// record in an envelope naming the version and the record's kind:
//
//	{"v":1,"kind":"applications","record":{...}}
//
// The record is the domain struct as encoding/json writes it (field names
// as in mosaic.go). Renaming or retyping a field changes the encoding: the
// golden test (testdata/v1.jsonl) fails, and the change must keep decoding
// version 1 or bump the version, because messages written by an older
// process may still sit in the stream when a newer one reads it.
const encodingVersion = 1

// envelope is a message body as read.
type envelope struct {
	V      int             `json:"v"`
	Kind   mosaic.Kind     `json:"kind"`
	Record json.RawMessage `json:"record"`
}

// Encode writes a record as a message body. The kind tag is RecordKind,
// which names one Go type for each kind.
func Encode(r mosaic.Record) ([]byte, error) {
	kind := r.RecordKind()
	if _, ok := decoders[kind]; !ok {
		return nil, mosaic.Errorf(mosaic.EINVALID, "cannot queue a record of type %T", r)
	}
	if si, ok := r.(mosaic.SignIn); ok {
		// JSON has no NaN or infinity; the store keeps them as 0 too.
		si.Lat, si.Lon = finite(si.Lat), finite(si.Lon)
		r = si
	}
	body, err := json.Marshal(r)
	if err != nil {
		// Names the type and the input row, never the content.
		o := r.RecordOrigin()
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot encode a %s record (%s line %d) for the queue", kind, o.File, o.Line)
	}
	// By hand rather than through a second json.Marshal of an envelope:
	// the version is a number and every kind a plain word.
	out := make([]byte, 0, len(body)+len(kind)+32)
	out = fmt.Appendf(out, `{"v":%d,"kind":%q,"record":`, encodingVersion, kind)
	out = append(out, body...)
	out = append(out, '}')
	return out, nil
}

// Decode reads a message body back into a record. A photo's fingerprint
// comes back as json.RawMessage, for the caller to turn into the matcher's
// form (Config.DecodeFingerprint), as when it is read from a store.
func Decode(data []byte) (mosaic.Record, error) {
	env, ok := splitEnvelope(data)
	if !ok {
		if err := json.Unmarshal(data, &env); err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "a queued message is not a record envelope")
		}
	}
	if env.V != encodingVersion {
		return nil, mosaic.Errorf(mosaic.EINVALID, "a queued message has encoding version %d; this mosaic reads version %d", env.V, encodingVersion)
	}
	dec, ok := decoders[env.Kind]
	if !ok {
		return nil, mosaic.Errorf(mosaic.EINVALID, "a queued message has an unknown record kind %q", env.Kind)
	}
	r, err := dec(env.Record)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINVALID, err, "a queued %s record cannot be read", env.Kind)
	}
	return r, nil
}

// splitEnvelope reads the envelope as Encode writes it without a JSON
// pass over the whole body: decoding is most of a record's cost on its way
// through the queue, and the record is parsed once more anyway. Any other
// spelling of an envelope (keys in another order, spaces) is left to
// json.Unmarshal (ok false).
func splitEnvelope(data []byte) (env envelope, ok bool) {
	const head = `{"v":1,"kind":"`
	rest, found := bytes.CutPrefix(data, []byte(head))
	if !found {
		return env, false
	}
	kind, rest, found := bytes.Cut(rest, []byte(`"`))
	if !found || bytes.IndexByte(kind, '\\') >= 0 {
		return env, false
	}
	rec, found := bytes.CutPrefix(rest, []byte(`,"record":`))
	if !found {
		return env, false
	}
	rec, found = bytes.CutSuffix(rec, []byte("}"))
	if !found {
		return env, false
	}
	return envelope{V: encodingVersion, Kind: mosaic.Kind(kind), Record: rec}, true
}

// decoders has one entry for every record type; Encode refuses the others.
var decoders = map[mosaic.Kind]func([]byte) (mosaic.Record, error){
	mosaic.KindJobs:         decodeAs[mosaic.Job],
	mosaic.KindApplications: decodeAs[mosaic.Application],
	mosaic.KindEmployees:    decodeAs[mosaic.Employee],
	mosaic.KindShipments:    decodeAs[mosaic.Shipment],
	mosaic.KindPayroll:      decodeAs[mosaic.PayrollEvent],
	mosaic.KindNotes:        decodeAs[mosaic.Note],
	mosaic.KindOkta:         decodeAs[mosaic.SignIn],
	mosaic.KindOsquery:      decodeAs[mosaic.HostRow],
	mosaic.KindResume:       decodeAs[mosaic.Resume],
	mosaic.KindPhoto:        decodePhoto,
}

func decodeAs[T mosaic.Record](data []byte) (mosaic.Record, error) {
	var r T
	err := json.Unmarshal(data, &r)
	return r, err
}

// photoWire reads a photo with its fingerprint kept as written: its
// Fingerprint, shallower than the embedded one, is the field JSON fills.
type photoWire struct {
	mosaic.Photo
	Fingerprint json.RawMessage
}

func decodePhoto(data []byte) (mosaic.Record, error) {
	var w photoWire
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	p := w.Photo
	if len(w.Fingerprint) > 0 && string(w.Fingerprint) != "null" {
		p.Fingerprint = w.Fingerprint
	}
	return p, nil
}

func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
