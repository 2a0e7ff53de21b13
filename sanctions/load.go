package sanctions

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// maxListFile bounds one list file (the full SDN XML is about 100 MB).
const maxListFile = 512 << 20

// ReadDir reads the lists in a folder of downloaded files:
//
//	sdn.csv [alt.csv add.csv sdn_comments.csv] or SDN.XML     OFAC SDN
//	cons_prim.csv [cons_alt.csv cons_add.csv cons_comments.csv] or CONS_PRIM.XML
//	                                                           OFAC Consolidated
//	any .xml whose root is CONSOLIDATED_LIST                   UN Consolidated
//
// File names are matched without regard to case. A list given both as CSV
// and XML is read from the XML, which carries a publication date. now
// stamps the lists as loaded. No list at all is ENOTFOUND.
func ReadDir(dir string, now time.Time) (*Lists, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, mosaic.WrapError(mosaic.ENOTFOUND, err, "cannot read the folder %s", dir)
	}
	files := map[string]string{} // lower-case name -> path
	var xmls []string
	for _, de := range des {
		if de.IsDir() {
			continue
		}
		lower := strings.ToLower(de.Name())
		files[lower] = filepath.Join(dir, de.Name())
		if strings.HasSuffix(lower, ".xml") {
			xmls = append(xmls, filepath.Join(dir, de.Name()))
		}
	}
	sort.Strings(xmls)
	read := func(path string) ([]byte, error) {
		st, err := os.Stat(path)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", path)
		}
		if st.Size() > maxListFile {
			return nil, mosaic.Errorf(mosaic.ETOOLARGE, "%s is larger than %d MB", path, maxListFile>>20)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "cannot read %s", path)
		}
		return data, nil
	}
	optional := func(name string) ([]byte, string, error) {
		p, ok := files[name]
		if !ok {
			return nil, "", nil
		}
		data, err := read(p)
		return data, p, err
	}
	out := &Lists{}
	done := map[string]bool{}
	for _, path := range xmls {
		data, err := read(path)
		if err != nil {
			return nil, err
		}
		var l *List
		switch root := xmlRoot(data); root {
		case "sdnList":
			name := ListSDN
			if strings.Contains(strings.ToLower(filepath.Base(path)), "cons") {
				name = ListConsolidated
			}
			entries, published, err := readSDNXML(name, data)
			if err != nil {
				return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s", path)
			}
			l = &List{Name: name, Published: published, Dated: "list", Entries: entries}
		case "CONSOLIDATED_LIST":
			entries, published, err := readUNXML(data)
			if err != nil {
				return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s", path)
			}
			l = &List{Name: ListUN, Published: published, Dated: "list", Entries: entries}
		default:
			continue // not a list we read
		}
		if done[l.Name] {
			return nil, mosaic.Errorf(mosaic.EINVALID, "%s: two files of the %s list in %s", path, l.Name, dir)
		}
		if l.Published.IsZero() {
			l.Published, l.Dated = modTime(path), "file"
		}
		l.Files, l.Loaded = []string{filepath.Base(path)}, now.UTC()
		done[l.Name] = true
		out.Lists = append(out.Lists, l)
	}
	for _, set := range []struct{ name, prefix, primary, comments string }{
		{ListSDN, "", "sdn.csv", "sdn_comments.csv"}, {ListConsolidated, "cons_", "cons_prim.csv", "cons_comments.csv"},
	} {
		p, ok := files[set.primary]
		if !ok || done[set.name] {
			continue
		}
		var f ofacCSV
		var used []string
		var err error
		for _, part := range []struct {
			name string
			into *[]byte
		}{
			{set.primary, &f.primary}, {set.prefix + "alt.csv", &f.alt}, {set.prefix + "add.csv", &f.add},
			{set.comments, &f.comments},
		} {
			var path string
			*part.into, path, err = optional(part.name)
			if err != nil {
				return nil, err
			}
			if path != "" {
				used = append(used, filepath.Base(path))
			}
		}
		entries, err := readOFACCSV(set.name, f)
		if err != nil {
			return nil, mosaic.WrapError(mosaic.EINVALID, err, "%s", p)
		}
		out.Lists = append(out.Lists, &List{Name: set.name, Published: modTime(p), Dated: "file", Loaded: now.UTC(), Files: used, Entries: entries})
	}
	if len(out.Lists) == 0 {
		return nil, mosaic.Errorf(mosaic.ENOTFOUND, "no sanctions list in %s (expected sdn.csv, cons_prim.csv, SDN.XML or the UN consolidated XML)", dir)
	}
	sort.Slice(out.Lists, func(i, j int) bool { return out.Lists[i].Name < out.Lists[j].Name })
	out.Format = FormatV1
	return out, nil
}

// xmlRoot returns the local name of a document's root element.
func xmlRoot(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
}

func modTime(path string) time.Time {
	st, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return st.ModTime().UTC()
}
