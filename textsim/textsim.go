// Package textsim finds near-duplicate documents (resumes) in a corpus.
//
// Fraud rings pass one resume around with the names, contact details and
// dates swapped, some bullets reworded and sections reordered. People who
// used the same bootcamp template share headings and boilerplate, but their
// content differs. textsim tells the two apart by comparing only the text
// that few documents share: phrases found in more than Options.MaxDocFreq
// documents are template, not evidence, and are dropped before comparing.
//
// The method is near-linear in the number of documents:
//
//  1. normalise each document: fold case and accents; drop emails, links,
//     phone numbers, dates, years and numbers, the person's name (the first
//     line, or the part of it before a separator) and the contact lines of
//     the header, section headings and stop words;
//  2. take word 3-shingles within each content line (so reordered sections
//     and bullets give the same set) and the words themselves;
//  3. group exact copies, so each counts once below;
//  4. drop every shingle or word found in more than MaxDocFreq documents;
//  5. sketch what is left with one-permutation MinHash (126 bins) and find
//     candidate pairs by LSH banding (42 bands of 3), never all pairs;
//  6. verify each candidate exactly: a mean of the shingle Jaccard index
//     and the word cosine (see Similarity), each weighted by its evidence.
//
// Scores are comparable only within one run: they depend on the corpus
// through the boilerplate filter.
package textsim

import (
	"log/slog"
	"math"

	"github.com/mosaic-sec/mosaic"
)

// Doc is one document to compare.
type Doc struct {
	ID   string
	Text string
	// Author, when set, names who the document came from (a person). An
	// author's documents count once towards MaxDocFreq: a persona who sent
	// a copy of the team's template with each of six applications is one
	// user of it, not six, so a ring of fifteen personas and forty copies
	// still keeps the text it shares. Empty means every document counts.
	Author string
}

// Match is a pair of near-duplicate documents, A < B.
type Match struct {
	A, B       string
	Similarity float64
}

// Defaults for the zero Options.
const (
	DefaultThreshold   = 0.6
	DefaultShingleSize = 3
	DefaultMaxDocFreq  = 20
	boilerplateShare   = 1000 // a phrase in more than one author in this many is boilerplate
	DefaultMinFeatures = 8
)

// Options tune FindNearDuplicates. The zero value uses the defaults.
type Options struct {
	// Threshold is the similarity (0..1] at which a pair is reported.
	Threshold float64

	// MaxDocFreq is the number of documents (of distinct authors, where
	// Doc.Author is given) above which a shingle or word counts as
	// boilerplate and is ignored. It is the trade-off at the core
	// of this package: a ring of up to MaxDocFreq copies keeps the text its
	// copies share and is found, while a template used by more people than
	// that loses its shared text and its users do not look alike. Exact
	// copies count once, so a ring of identical files is found at any size.
	// A ring of more reworded copies than MaxDocFreq is missed; raise it when
	// rings that large matter more than large templates.
	//
	// Zero means DefaultMaxDocFreq or one in boilerplateShare of the
	// authors, whichever is larger: in a company of 66,000 resumes ordinary
	// phrases recur in far more than 20 of them, and with a fixed 20 the
	// text a ring's template shares beyond those phrases was dropped too
	// (measured on the huge simulated company: ring pairs found 2,105 with 20,
	// 10,765 with 66; honest pairs 240 and 12). Below 20,000 authors the
	// default is 20.
	MaxDocFreq int

	// ShingleSize is the number of words in a shingle (3 by default: long
	// enough to mean a phrase, short enough to survive a reworded bullet).
	ShingleSize int

	// MinFeatures is the number of distinct words a document needs, before
	// boilerplate is removed, to be compared at all: one-word or empty files
	// are alike without being copies.
	MinFeatures int

	// Logger receives a debug summary of each run; nil logs nothing.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if math.IsNaN(o.Threshold) || o.Threshold < 0 || o.Threshold > 1 {
		return o, mosaic.Errorf(mosaic.EINVALID, "similarity threshold must be between 0 and 1, got %v", o.Threshold)
	}
	if o.MaxDocFreq == 0 {
		o.MaxDocFreq = DefaultMaxDocFreq
	}
	if o.MaxDocFreq < 2 {
		return o, mosaic.Errorf(mosaic.EINVALID, "maximum document frequency must be at least 2, got %d", o.MaxDocFreq)
	}
	if o.ShingleSize == 0 {
		o.ShingleSize = DefaultShingleSize
	}
	if o.ShingleSize < 1 || o.ShingleSize > 16 {
		return o, mosaic.Errorf(mosaic.EINVALID, "shingle size must be between 1 and 16 words, got %d", o.ShingleSize)
	}
	if o.MinFeatures == 0 {
		o.MinFeatures = DefaultMinFeatures
	}
	if o.MinFeatures < 1 {
		return o, mosaic.Errorf(mosaic.EINVALID, "minimum features must be positive, got %d", o.MinFeatures)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}
