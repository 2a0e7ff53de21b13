package service

import (
	"regexp"
	"strings"

	"github.com/mosaic-sec/mosaic"
)

// Personal identifiers inside explanations and link descriptions: e-mail
// addresses, phone numbers (seven or more digits with the usual
// separators), IP addresses and long digit runs (accounts, documents).
var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	phonePattern = regexp.MustCompile(`\+?\(?\d[\d ().\-]{5,}\d`)
)

// MaskText hides the personal identifiers in s for a reader who may not see
// them: an e-mail keeps its first letter and its domain's last label, a
// number its last two digits.
func MaskText(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, maskEmail)
	return phonePattern.ReplaceAllStringFunc(s, maskDigits)
}

func maskEmail(e string) string {
	local, domain, _ := strings.Cut(e, "@")
	tld := domain
	if i := strings.LastIndexByte(domain, '.'); i >= 0 {
		tld = domain[i+1:]
	}
	first := ""
	if local != "" {
		first = local[:1]
	}
	return first + "•••@•••." + tld
}

// maskDigits keeps the last two digits of a number that has at least
// seven; shorter runs (years, counts, times) stay as they are.
func maskDigits(s string) string {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 7 {
		return s
	}
	var b strings.Builder
	seen := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			seen++
			if seen <= digits-2 {
				b.WriteRune('•')
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MaskSubject returns a copy of sub with identifiers masked in every
// explanation.
func MaskSubject(sub mosaic.Subject) mosaic.Subject {
	sigs := make([]mosaic.Signal, len(sub.Signals))
	for i, g := range sub.Signals {
		g.Explanation = MaskText(g.Explanation)
		sigs[i] = g
	}
	sub.Signals = sigs
	if len(sub.MergeReasons) > 0 {
		mr := make([]string, len(sub.MergeReasons))
		for i, r := range sub.MergeReasons {
			mr[i] = MaskText(r)
		}
		sub.MergeReasons = mr
	}
	return sub
}

// Masked returns sub with identifiers masked, computed once per analysis
// and subject: twenty analysts opening the same queue mask each person once.
func (s *Service) Masked(sub mosaic.Subject) mosaic.Subject {
	snap := s.Snapshot()
	if snap == nil {
		return MaskSubject(sub)
	}
	if i, ok := snap.bySubject[sub.ID]; ok && snap.Report.Subjects[i].Score == sub.Score {
		if v, ok := snap.masked.Load(sub.ID); ok {
			return v.(mosaic.Subject)
		}
		m := MaskSubject(sub)
		snap.masked.Store(sub.ID, m)
		return m
	}
	return MaskSubject(sub)
}

// MaskCluster returns a copy of c with identifiers masked in every link.
func MaskCluster(c mosaic.Cluster) mosaic.Cluster {
	links := make([]mosaic.Link, len(c.Links))
	for i, l := range c.Links {
		l.Explanation = MaskText(l.Explanation)
		links[i] = l
	}
	c.Links = links
	return c
}
