package simulate

import (
	"bufio"
	"context"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/mosaic-sec/mosaic"
)

type program struct{ name, publisher, version string }

// baselinePrograms is what IT images onto every laptop.
var baselinePrograms = []program{
	{"Google Chrome", "Google LLC", "132.0.6834.110"},
	{"Microsoft Edge", "Microsoft Corporation", "132.0.2957.140"},
	{"Microsoft Teams", "Microsoft Corporation", "24335.206.3321.1254"},
	{"Slack", "Slack Technologies Inc.", "4.41.105"},
	{"Zoom Workplace", "Zoom Video Communications, Inc.", "6.3.6.56144"},
	{"CrowdStrike Windows Sensor", "CrowdStrike, Inc.", "7.20.19113.0"},
	{"Zscaler", "Zscaler Inc.", "4.5.0.344"},
	{"Microsoft 365 Apps for enterprise - en-us", "Microsoft Corporation", "16.0.18227.20162"},
	{"7-Zip 24.09 (x64)", "Igor Pavlov", "24.09"},
	{"1Password", "AgileBits Inc.", "8.10.58"},
	{"osquery", "osquery", "5.14.1"},
}

// optionalPrograms are what engineers add themselves over time.
var optionalPrograms = []program{
	{"Microsoft Visual Studio Code", "Microsoft Corporation", "1.96.4"},
	{"Docker Desktop", "Docker Inc.", "4.37.2"},
	{"Git", "The Git Development Community", "2.47.1"},
	{"Postman x64 11.27.3", "Postman", "11.27.3"},
	{"Node.js", "Node.js Foundation", "22.13.1"},
	{"Python 3.12.8 (64-bit)", "Python Software Foundation", "3.12.8150.0"},
	{"JetBrains GoLand 2024.3.2", "JetBrains s.r.o.", "243.23654.117"},
	{"IntelliJ IDEA Community Edition 2024.3.2", "JetBrains s.r.o.", "243.23654.189"},
	{"Notepad++ (64-bit x64)", "Notepad++ Team", "8.7.5"},
	{"Spotify", "Spotify AB", "1.2.55.235"},
	{"WinSCP 6.3.6", "Martin Prikryl", "6.3.6"},
	{"PuTTY release 0.82 (64-bit)", "Simon Tatham", "0.82.0.0"},
	{"Wireshark 4.4.3 x64", "The Wireshark developer community", "4.4.3"},
	{"Figma", "Figma, Inc.", "124.7.4"},
	{"Obsidian", "Obsidian", "1.7.7"},
}

// rmmTools are remote monitoring and management tools as they appear in
// the Windows programs list; rings use them to work the laptop from afar,
// and IT staff use them legitimately.
var rmmTools = []program{
	{"AnyDesk", "AnyDesk Software GmbH", "9.0.2"},
	{"TeamViewer", "TeamViewer", "15.61.3"},
	{"RustDesk", "RustDesk", "1.3.7"},
	{"Chrome Remote Desktop Host", "Google LLC", "132.0.6834.16"},
	{"Splashtop Streamer", "Splashtop Inc.", "3.7.2.6"},
	{"ScreenConnect Client (8f1e2b4c9d0a7e35)", "ScreenConnect Software", "24.4.4.9118"},
	{"AnyViewer", "AOMEI International Network Limited.", "4.3.0"},
	{"Atera Agent", "ATERA Networks", "1.8.7.2"},
	{"RemotePC", "IDrive Inc.", "7.6.83"},
	{"Zoho Assist - Unattended Agent", "Zoho Corporation", "1.0.0.21"},
	{"Parsec", "Parsec Cloud, Inc.", "150-97c"},
	{"NoMachine", "NoMachine S.a.r.l.", "8.14.2"},
	{"UltraViewer version 6.6.112", "DucFabulous", "6.6.112"},
	{"Supremo", "Nanosystems S.r.l.", "4.11.1.3230"},
	{"DWAgent", "DWSNET OU", "3.7.7"},
}

// itRMM are the tools IT staff legitimately carry.
var itRMM = []int{1, 5, 4, 7, 0, 3}

type usbDevice struct{ vendor, vendorID, model, modelID string }

var baselineUSB = []usbDevice{
	{"Logitech, Inc.", "046d", "USB Receiver", "c52b"},
	{"Logitech, Inc.", "046d", "HD Pro Webcam C920", "082d"},
	{"Dell Computer Corp.", "413c", "Dell Universal Dock D6000", "b06e"},
	{"Jabra", "0b0e", "Jabra Evolve2 65", "24b1"},
	{"Yubico.com", "1050", "YubiKey OTP+FIDO+CCID", "0407"},
	{"Apple, Inc.", "05ac", "Magic Keyboard", "029c"},
	{"Lenovo", "17ef", "ThinkPad USB-C Dock Gen2", "a396"},
	{"Microsoft Corp.", "045e", "Microsoft Modern Webcam", "0990"},
	{"SanDisk Corp.", "0781", "Ultra USB 3.0", "5591"},
}

// kvmDevices are IP-KVMs as they enumerate over USB; most present the Linux
// USB gadget composite device, 1d6b:0104.
var kvmDevices = []usbDevice{
	{"Linux Foundation", "1d6b", "Multifunction Composite Gadget", "0104"},
	{"PiKVM", "1d6b", "PiKVM Composite Device", "0104"},
	{"TinyPilot", "1d6b", "TinyPilot", "0104"},
	{"JetKVM", "1d6b", "JetKVM USB Emulation Device", "0104"},
	{"Lantronix", "1d6b", "Spider KVM Composite", "0104"},
	{"NanoKVM", "1d6b", "Sipeed NanoKVM", "0104"},
}

// secondLayouts are keyboard layout ids people add for a second language.
var secondLayouts = []string{"0000080a", "00000412", "00000804", "00000411", "00000419", "0000040c", "00000407", "00000439", "0000042a", "00000416", "00000401", "00000415", "00000404", "00000422"}

// hostRow is one differential result before formatting.
type hostRow struct {
	at    int64
	emp   int32
	query uint8
	item  int16 // program, USB device or layout index, by query
	slot  int8  // Preload slot for layouts; 1 for removed rows
	list  uint8 // which table item indexes
}

const (
	qPrograms uint8 = iota
	qUSB
	qLayouts
	qTimeZone
)

var queryNames = []string{"pack_mosaic_programs", "pack_mosaic_usb_devices", "pack_mosaic_keyboard_layouts", "pack_mosaic_time_zone"}

const (
	listBaseline uint8 = iota
	listOptional
	listRMM
	listKVM
	listRemoved
)

// writeOsquery writes osquery differential results for every laptop seen in
// the window: first-run rows when it first checks in, later changes as they
// happen. Rows are compact until formatting.
func (w *world) writeOsquery(ctx context.Context, dir string, progress Progress) (int64, error) {
	r := newRand(w.cfg.Seed, streamOsquery)
	var rows []hostRow
	for ei, e := range w.emps {
		if e.term != 0 && e.term < w.start {
			continue
		}
		p := w.people[e.person]
		first := max(w.start, e.delivered) + int64(between(r, 1, 10))*3600
		if first >= w.end {
			continue
		}
		add := func(at int64, q uint8, list uint8, item int, slot int) {
			rows = append(rows, hostRow{at: at - at%3600, emp: int32(ei), query: q, list: list, item: int16(item), slot: int8(slot)})
		}
		for i := range baselinePrograms {
			add(first, qPrograms, listBaseline, i, 0)
		}
		add(first+3600, qTimeZone, 0, 0, 0)
		add(first+3600, qLayouts, 0, -1, 1)
		for _, i := range r.Perm(len(baselineUSB))[:between(r, 1, 3)] {
			add(first+7200+int64(r.IntN(48))*3600, qUSB, listBaseline, i, 0)
		}
		for k := poisson(r, 1.5); k > 0; k-- {
			add(first+int64(r.IntN(int(max(1, (w.end-first)/3600))))*3600, qPrograms, listOptional, r.IntN(len(optionalPrograms)), 0)
		}
		if p.tags.has(tagBilingualKeyboard) {
			add(first+3600, qLayouts, listOptional, r.IntN(len(secondLayouts)), 2)
		}
		if p.tags.has(tagITStaff) {
			for k := between(r, 1, 2); k > 0; k-- {
				add(first+int64(between(r, 0, 72))*3600, qPrograms, listRMM, pick(r, itRMM), 0)
			}
		}
		if p.ring >= 0 {
			g := w.rings[p.ring]
			if g.foreignKeyboard != "" && chance(r, 0.5) {
				add(first+3600, qLayouts, listKVM, 0, 2) // listKVM marks the ring's layout
			}
			if p.tags.has(techRMM) {
				for k := between(r, 1, 2); k > 0; k-- {
					add(first+int64(between(r, 2, 5*24))*3600, qPrograms, listRMM, pick(r, g.rmm), 0)
				}
			}
			if p.tags.has(techIPKVM) {
				add(first+int64(between(r, 1, 7*24))*3600, qUSB, listKVM, pick(r, g.kvm), 0)
			}
		}
		if chance(r, 0.1) { // someone uninstalls Spotify
			add(first+int64(r.IntN(int(max(1, (w.end-first)/3600))))*3600, qPrograms, listRemoved, 9, 1)
		}
	}
	sort.SliceStable(rows, func(i, k int) bool {
		if rows[i].at != rows[k].at {
			return rows[i].at < rows[k].at
		}
		return rows[i].emp < rows[k].emp
	})
	path := dir + "/osquery/osqueryd.results.log"
	f, err := os.Create(path)
	if err != nil {
		return 0, mosaic.WrapError(mosaic.EINVALID, err, "cannot create %s", path)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var b []byte
	for i := range rows {
		if i%100000 == 0 {
			if err := ctx.Err(); err != nil {
				f.Close()
				return 0, err
			}
			if progress != nil {
				progress("osquery", int64(i), int64(len(rows)))
			}
		}
		b = w.appendHostRow(b[:0], &rows[i], i)
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
	}
	if err := f.Close(); err != nil {
		return 0, mosaic.WrapError(mosaic.EINTERNAL, err, "cannot write %s", path)
	}
	return int64(len(rows)), nil
}

func (w *world) appendHostRow(b []byte, h *hostRow, counter int) []byte {
	e := w.emps[h.emp]
	action := "added"
	if h.list == listRemoved {
		action = "removed"
	}
	t := time.Unix(h.at, 0).UTC()
	b = append(b, `{"action":"`...)
	b = append(b, action...)
	b = append(b, `","calendarTime":"`...)
	b = t.AppendFormat(b, "Mon Jan _2 15:04:05 2006 UTC")
	b = append(b, `","columns":{`...)
	switch h.query {
	case qPrograms:
		var pr program
		switch h.list {
		case listBaseline:
			pr = baselinePrograms[h.item]
		case listRMM:
			pr = rmmTools[h.item]
		default:
			pr = optionalPrograms[h.item]
		}
		b = append(b, `"install_date":"`...)
		b = t.AppendFormat(b, "20060102")
		b = append(b, `","name":`...)
		b = appendJSONString(b, pr.name)
		b = append(b, `,"publisher":`...)
		b = appendJSONString(b, pr.publisher)
		b = append(b, `,"version":`...)
		b = appendJSONString(b, pr.version)
	case qUSB:
		d := baselineUSB[h.item%int16(len(baselineUSB))]
		if h.list == listKVM {
			d = kvmDevices[h.item]
		}
		b = append(b, `"model":`...)
		b = appendJSONString(b, d.model)
		b = append(b, `,"model_id":"`...)
		b = append(b, d.modelID...)
		b = append(b, `","removable":"1","serial":"`...)
		b = append(b, e.serial[2:]...)
		b = strconv.AppendInt(b, int64(h.item), 16)
		b = append(b, `","vendor":`...)
		b = appendJSONString(b, d.vendor)
		b = append(b, `,"vendor_id":"`...)
		b = append(b, d.vendorID...)
		b = append(b, '"')
	case qLayouts:
		layout := "00000409"
		switch h.list {
		case listOptional:
			layout = secondLayouts[h.item]
		case listKVM:
			layout = w.rings[w.people[e.person].ring].foreignKeyboard
		}
		b = append(b, `"data":"`...)
		b = append(b, layout...)
		b = append(b, `","path":"HKEY_USERS\\S-1-5-21-`...)
		b = append(b, e.serial[2:8]...)
		b = append(b, `-1001\\Keyboard Layout\\Preload\\`...)
		b = strconv.AppendInt(b, int64(h.slot), 10)
		b = append(b, '"')
	case qTimeZone:
		b = append(b, `"time_zone_key_name":`...)
		b = appendJSONString(b, e.tzKey)
	}
	b = append(b, `},"counter":`...)
	b = strconv.AppendInt(b, int64(counter), 10)
	b = append(b, `,"decorations":{"host_uuid":"`...)
	b = append(b, e.deviceFP[:8]...)
	b = append(b, '-')
	b = append(b, e.deviceFP[8:12]...)
	b = append(b, '-')
	b = append(b, e.deviceFP[12:16]...)
	b = append(b, '-')
	b = append(b, e.deviceFP[16:20]...)
	b = append(b, '-')
	b = append(b, e.deviceFP[20:32]...)
	b = append(b, `","hostname":"`...)
	b = append(b, e.hostname...)
	b = append(b, `","serial_number":"`...)
	b = append(b, e.serial...)
	b = append(b, `","username":`...)
	b = appendJSONString(b, e.username)
	b = append(b, `},"epoch":0,"hostIdentifier":"`...)
	b = append(b, e.hostname...)
	b = append(b, `","name":"`...)
	b = append(b, queryNames[h.query]...)
	b = append(b, `","numerics":false,"unixTime":`...)
	b = strconv.AppendInt(b, h.at, 10)
	return append(b, "}\n"...)
}
