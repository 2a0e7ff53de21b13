// Package rules holds mosaic's detections as data, in the manner of Sigma and
// Elastic detection-rules: one YAML file per rule, a CEL condition over the
// variables described in SCHEMA.md, an explanation template, and inline test
// cases. The engine compiles every rule once at load and evaluates the rules
// of one scope against the variables the detect package computes.
//
// The built-in catalogue is embedded from builtin/*.yaml. A company can add
// rules or override built-in ones by id from its own folders, and disable
// rules by id (see Load). README.md documents the file format.
//
// Rules judge conduct and infrastructure, never identity: the loader refuses a
// rule whose logic mentions nationality, ethnicity, race, religion, language,
// accent, name origin or keyboard, or any context_* field (see guard.go).
package rules
