package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/mosaic-sec/mosaic"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed schema/report.v1.schema.json
var schemaV1 []byte

// SchemaID is the $id of the embedded schema.
const SchemaID = "https://github.com/mosaic-sec/mosaic/report/schema/report.v1.schema.json"

// maxProblems caps how many schema violations one error lists; the first few
// are enough to find a bug and a broken report can have thousands.
const maxProblems = 10

// Schema returns the JSON Schema (draft 2020-12) of the report, version 1.
// The slice is a copy; callers may keep or change it.
func Schema() []byte {
	return bytes.Clone(schemaV1)
}

// Validator checks documents against the report schema. It is compiled once
// and safe for concurrent use.
type Validator struct {
	schema *jsonschema.Schema
}

// NewValidator compiles the embedded schema.
func NewValidator() (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaV1))
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "the embedded report schema is not JSON")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	// Draft 2020-12 only annotates formats by default; the contract promises
	// real date-times, so check them.
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot load the report schema")
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot compile the report schema")
	}
	return &Validator{schema: sch}, nil
}

// Validate checks one JSON document. A document that is not JSON or does not
// match the schema is a *mosaic.Error with code EINVALID whose message names
// each failing path as a JSON pointer, for example
// "at /subjects/0/level: value must be one of 'critical', ...".
func (v *Validator) Validate(doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return mosaic.Errorf(mosaic.EINVALID, "the report is not valid JSON: %v", err)
	}
	err = v.schema.Validate(inst)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return mosaic.WrapError(mosaic.EINVALID, err, "the report does not match %s", mosaic.ReportSchema)
	}
	// The message already lists every failure; wrapping verr as well would
	// print them twice.
	return mosaic.Errorf(mosaic.EINVALID, "the report does not match %s: %s", mosaic.ReportSchema, describe(verr))
}

// Validate checks doc against the report schema; see Validator.Validate. It
// compiles the schema on every call: use a Validator to check many documents.
func Validate(doc []byte) error {
	v, err := NewValidator()
	if err != nil {
		return err
	}
	return v.Validate(doc)
}

// describe lists the innermost failures of a validation error, each with the
// path of the value that failed: the outer levels only say "validation
// failed". Where alternatives (anyOf, oneOf) all failed on the same value,
// their reasons are joined with "or".
func describe(verr *jsonschema.ValidationError) string {
	printer := message.NewPrinter(language.English)
	var problems []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			problems = append(problems, p)
		}
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		at := "at " + pointer(e.InstanceLocation) + ": "
		if len(e.Causes) == 0 {
			add(at + e.ErrorKind.LocalizedString(printer))
			return
		}
		if alternatives(e) {
			reasons := make([]string, len(e.Causes))
			for i, c := range e.Causes {
				reasons[i] = c.ErrorKind.LocalizedString(printer)
			}
			add(at + strings.Join(reasons, ", or "))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(verr)
	more := len(problems) - maxProblems
	if more > 0 {
		problems = append(problems[:maxProblems], fmt.Sprintf("and %d more", more))
	}
	return strings.Join(problems, "; ")
}

// alternatives reports an anyOf or oneOf failure whose every alternative
// failed on the value itself, for a single reason each.
func alternatives(e *jsonschema.ValidationError) bool {
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
	default:
		return false
	}
	here := pointer(e.InstanceLocation)
	for _, c := range e.Causes {
		if len(c.Causes) > 0 || pointer(c.InstanceLocation) != here {
			return false
		}
	}
	return true
}

// pointer writes an instance location as a JSON pointer ("/" for the root).
func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
