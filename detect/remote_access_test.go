package detect

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

func host(name, program string, at time.Time) mosaic.HostRow {
	return mosaic.HostRow{
		Query: "programs", Name: "pack_mosaic_programs", HostIdentifier: name, Hostname: name,
		Time: at, Action: "added", Columns: map[string]string{"name": program},
		Origin: mosaic.Origin{File: "osquery/results.log", Line: 3, EventID: "x" + name + program},
	}
}

func ship(id, emp, hostname string) mosaic.Shipment {
	return mosaic.Shipment{ID: id, EmployeeID: emp, Hostname: hostname, Origin: mosaic.Origin{File: "shipments.csv", Line: 2}}
}

func TestRemoteAccessCatalog(t *testing.T) {
	c := DefaultRemoteAccessCatalog()
	for _, name := range []string{"AnyDesk", "TeamViewer 15", "Chrome Remote Desktop Host", "RustDesk", "Splashtop Streamer",
		"ScreenConnect Client (a1b2)", "AnyViewer", "AteraAgent", "Zoho Assist", "RemotePC", "Parsec", "TightVNC",
		"UltraVNC", "VNC Server", "LogMeIn", "GoTo Resolve", "Mesh Agent", "NetSupport Manager", "Ammyy Admin",
		"Radmin Server 3.5", "SimpleHelp Remote Access", "UltraViewer", "ToDesk", "Sunlogin"} {
		if _, ok := c.Match(name); !ok {
			t.Errorf("%q not recognised", name)
		}
	}
	for _, name := range []string{"Google Chrome", "Microsoft Remote Desktop Connection Manager Docs", "Slack", "Zoom Workplace",
		"LogMeIn Hamachi", "Visual Studio Code", "GoTo Meeting", "Paradox Launcher", ""} {
		if tool, ok := c.Match(name); ok {
			t.Errorf("%q wrongly recognised as %s", name, tool.Name)
		}
	}
}

func TestRemoteAccess(t *testing.T) {
	d := newRemoteAccess(DefaultRemoteAccessCatalog())
	t.Run("AnyDesk and RustDesk days after hire: fires, stronger", func(t *testing.T) {
		got := run(t, d, employee("E1", "", "Ann", "Lee", "Backend Engineer"), ship("S1", "E1", "LT-1"),
			host("LT-1", "AnyDesk", t0.Add(48*time.Hour)), host("LT-1", "RustDesk", t0.Add(50*time.Hour)))
		s := got["S-E1"]
		if len(s) != 1 || s[0].Weight < 16 {
			t.Fatalf("want one strong signal, got %+v", s)
		}
	})
	t.Run("IT support staff: quiet", func(t *testing.T) {
		got := run(t, d, employee("E1", "", "Ann", "Lee", "IT Support Specialist"), ship("S1", "E1", "LT-1"),
			host("LT-1", "TeamViewer", t0.Add(48*time.Hour)))
		if len(got) != 0 {
			t.Fatalf("IT staff flagged: %v", got)
		}
	})
	t.Run("ordinary software: quiet", func(t *testing.T) {
		got := run(t, d, employee("E1", "", "Ann", "Lee", "Engineer"), ship("S1", "E1", "LT-1"),
			host("LT-1", "Google Chrome", t0), host("LT-1", "Slack", t0))
		if len(got) != 0 {
			t.Fatalf("flagged: %v", got)
		}
	})
	t.Run("fleet-wide company tool: quiet", func(t *testing.T) {
		var recs []mosaic.Record
		for i, n := range []string{"A", "B", "C", "D", "E", "F"} {
			e := employee("E"+n, "", n, "X", "Engineer")
			e.WorkEmail = n + "@corp.example"
			recs = append(recs, e, ship("S"+n, "E"+n, "LT-"+n), host("LT-"+n, "Splashtop Streamer", t0.Add(time.Duration(i)*time.Hour)))
		}
		if got := run(t, d, recs...); len(got) != 0 {
			t.Fatalf("fleet tool flagged: %v", got)
		}
	})
}
