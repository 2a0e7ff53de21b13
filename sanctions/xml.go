package sanctions

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// sdnXML is OFAC's SDN.XML (and CONS_PRIM.XML): sdnList of sdnEntry, each
// with an idList whose id entries carry e-mail addresses, websites and
// digital-currency addresses ("Digital Currency Address - ETH"). Element
// names are matched without their namespace, which OFAC has changed.
type sdnXML struct {
	Publish struct {
		Date string `xml:"Publish_Date"`
	} `xml:"publshInformation"`
	Entries []struct {
		UID       string   `xml:"uid"`
		FirstName string   `xml:"firstName"`
		LastName  string   `xml:"lastName"`
		Type      string   `xml:"sdnType"`
		Programs  []string `xml:"programList>program"`
		IDs       []struct {
			Type    string `xml:"idType"`
			Number  string `xml:"idNumber"`
			Country string `xml:"idCountry"`
		} `xml:"idList>id"`
		AKAs []struct {
			FirstName string `xml:"firstName"`
			LastName  string `xml:"lastName"`
		} `xml:"akaList>aka"`
		Addresses []struct {
			Line1   string `xml:"address1"`
			Line2   string `xml:"address2"`
			Line3   string `xml:"address3"`
			City    string `xml:"city"`
			State   string `xml:"stateOrProvince"`
			Postal  string `xml:"postalCode"`
			Country string `xml:"country"`
		} `xml:"addressList>address"`
		Nationalities []string `xml:"nationalityList>nationality>country"`
		DOBs          []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	} `xml:"sdnEntry"`
}

func readSDNXML(list string, data []byte) ([]Entry, time.Time, error) {
	var doc sdnXML
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, time.Time{}, mosaic.WrapError(mosaic.EINVALID, err, "the list is not OFAC SDN XML")
	}
	published, _ := time.Parse("01/02/2006", strings.TrimSpace(doc.Publish.Date))
	out := make([]Entry, 0, len(doc.Entries))
	for _, x := range doc.Entries {
		e := Entry{List: list, ID: strings.TrimSpace(x.UID), Type: entryType(x.Type), Programs: x.Programs,
			Names: []string{joinName(x.FirstName, x.LastName)}, Nationalities: x.Nationalities}
		for _, a := range x.AKAs {
			e.Names = append(e.Names, joinName(a.FirstName, a.LastName))
		}
		for _, a := range x.Addresses {
			ad := Address{Line: strings.TrimSpace(strings.Join(nonEmpty(a.Line1, a.Line2, a.Line3), ", ")),
				City: strings.TrimSpace(a.City), Region: strings.TrimSpace(a.State), Postal: strings.TrimSpace(a.Postal),
				Country: strings.TrimSpace(a.Country)}
			if ad != (Address{}) {
				e.Addresses = append(e.Addresses, ad)
			}
			if ad.Country != "" {
				e.Countries = append(e.Countries, ad.Country)
			}
		}
		for _, d := range x.DOBs {
			if v := parseListDate(d); v != "" {
				e.DOBs = append(e.DOBs, v)
			}
		}
		for _, id := range x.IDs {
			typ, num := strings.TrimSpace(id.Type), strings.TrimSpace(id.Number)
			lower := strings.ToLower(typ)
			switch {
			case num == "":
			case lower == "email address":
				e.Emails = append(e.Emails, num)
			case lower == "website":
				e.Websites = append(e.Websites, num)
			case lower == "phone number" || lower == "telephone":
				e.Phones = append(e.Phones, num)
			case strings.HasPrefix(lower, "digital currency address"):
				cur := strings.TrimSpace(typ[strings.LastIndexByte(typ, '-')+1:])
				e.Wallets = append(e.Wallets, Wallet{Currency: strings.ToUpper(cur), Address: num})
			case documentTypes[lower]:
				e.Documents = append(e.Documents, Document{Type: typ, Number: num, Country: strings.TrimSpace(id.Country)})
			}
		}
		tidy(&e)
		out = append(out, e)
	}
	return out, published, nil
}

// documentTypes are the SDN XML id types that are documents or
// registration numbers.
var documentTypes = map[string]bool{
	"passport": true, "national id no.": true, "identification number": true, "cedula no.": true,
	"c.u.r.p.": true, "d.n.i.": true, "driver's license no.": true, "ssn": true, "registration number": true,
	"tax id no.": true, "personal id card": true, "residency number": true, "birth certificate number": true,
}

// unXML is the UN Security Council Consolidated List.
type unXML struct {
	Generated   string         `xml:"dateGenerated,attr"`
	Individuals []unIndividual `xml:"INDIVIDUALS>INDIVIDUAL"`
	Entities    []unIndividual `xml:"ENTITIES>ENTITY"`
}

type unIndividual struct {
	ID          string      `xml:"DATAID"`
	Reference   string      `xml:"REFERENCE_NUMBER"`
	First       string      `xml:"FIRST_NAME"`
	Second      string      `xml:"SECOND_NAME"`
	Third       string      `xml:"THIRD_NAME"`
	Fourth      string      `xml:"FOURTH_NAME"`
	Original    string      `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType    string      `xml:"UN_LIST_TYPE"`
	Nationality []string    `xml:"NATIONALITY>VALUE"`
	Aliases     []string    `xml:"INDIVIDUAL_ALIAS>ALIAS_NAME"`
	EntityAlias []string    `xml:"ENTITY_ALIAS>ALIAS_NAME"`
	Addresses   []unAddress `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddr  []unAddress `xml:"ENTITY_ADDRESS"`
	Births      []struct {
		Type     string `xml:"TYPE_OF_DATE"`
		Date     string `xml:"DATE"`
		Year     string `xml:"YEAR"`
		FromYear string `xml:"FROM_YEAR"`
	} `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	Documents []struct {
		Type    string `xml:"TYPE_OF_DOCUMENT"`
		Number  string `xml:"NUMBER"`
		Country string `xml:"ISSUING_COUNTRY"`
	} `xml:"INDIVIDUAL_DOCUMENT"`
}

type unAddress struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

func readUNXML(data []byte) ([]Entry, time.Time, error) {
	var doc unXML
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, time.Time{}, mosaic.WrapError(mosaic.EINVALID, err, "the list is not UN consolidated list XML")
	}
	published, _ := time.Parse(time.RFC3339, strings.TrimSpace(doc.Generated))
	var out []Entry
	add := func(x unIndividual, typ string) {
		id := strings.TrimSpace(x.Reference)
		if id == "" {
			id = strings.TrimSpace(x.ID)
		}
		e := Entry{List: ListUN, ID: id, Type: typ, Names: []string{strings.Join(nonEmpty(x.First, x.Second, x.Third, x.Fourth), " ")},
			Programs: nonEmpty(x.ListType), Nationalities: nonEmpty(x.Nationality...)}
		e.Names = append(e.Names, x.Original)
		e.Names = append(e.Names, x.Aliases...)
		e.Names = append(e.Names, x.EntityAlias...)
		for _, a := range append(x.Addresses, x.EntityAddr...) {
			ad := Address{Line: strings.TrimSpace(a.Street), City: strings.TrimSpace(a.City), Region: strings.TrimSpace(a.State),
				Postal: strings.TrimSpace(a.Zip), Country: strings.TrimSpace(a.Country)}
			if ad != (Address{}) {
				e.Addresses = append(e.Addresses, ad)
			}
			if ad.Country != "" {
				e.Countries = append(e.Countries, ad.Country)
			}
		}
		for _, b := range x.Births {
			switch {
			case strings.TrimSpace(b.Date) != "":
				if d := parseListDate(b.Date); d != "" {
					e.DOBs = append(e.DOBs, d)
				}
			case strings.TrimSpace(b.Year) != "":
				e.DOBs = append(e.DOBs, strings.TrimSpace(b.Year))
			case strings.TrimSpace(b.FromYear) != "":
				e.DOBs = append(e.DOBs, strings.TrimSpace(b.FromYear))
			}
		}
		for _, d := range x.Documents {
			if n := strings.TrimSpace(d.Number); n != "" {
				e.Documents = append(e.Documents, Document{Type: strings.TrimSpace(d.Type), Number: n, Country: strings.TrimSpace(d.Country)})
			}
		}
		tidy(&e)
		if len(e.Names) > 0 {
			out = append(out, e)
		}
	}
	for _, x := range doc.Individuals {
		add(x, "individual")
	}
	for _, x := range doc.Entities {
		add(x, "entity")
	}
	return out, published, nil
}

func joinName(first, last string) string {
	return strings.Join(nonEmpty(first, last), " ")
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
