package detect

import (
	"strings"
	"testing"
)

func TestRemoteAccessCatalog(t *testing.T) {
	c := DefaultRemoteAccessCatalog()
	for _, name := range []string{"AnyDesk", "TeamViewer 15", "Chrome Remote Desktop Host", "RustDesk", "Splashtop Streamer",
		"ScreenConnect Client (a1b2)", "AnyViewer", "AteraAgent", "Zoho Assist", "RemotePC", "Parsec", "TightVNC",
		"UltraVNC", "VNC Server", "LogMeIn", "GoTo Resolve", "Mesh Agent", "NetSupport Manager", "Ammyy Admin",
		"Radmin Server 3.5", "SimpleHelp Remote Access", "UltraViewer", "ToDesk", "Sunlogin",
		"ISL Light Client", "AeroAdmin", "LiteManager Pro - Server", "Pulseway", "SyncroMSP", "Datto RMM",
		"CentraStage", "N-able Take Control Agent", "BASupSrvc", "LabTech Agent", "FleetDeck Agent", "Veyon",
		"GoToMyPC", "RuDesktop", "HelpWire", "X2Go Client", "xrdp", "cloudflared", "Remcos", "Quick Assist"} {
		if _, ok := c.Match(name); !ok {
			t.Errorf("%q not recognised", name)
		}
	}
	for _, name := range []string{"Google Chrome", "Microsoft Remote Desktop Connection Manager Docs", "Slack", "Zoom Workplace",
		"LogMeIn Hamachi", "Visual Studio Code", "GoTo Meeting", "Paradox Launcher", "Enable Viacam", "NetOps Toolkit",
		"ManageEngine ServiceDesk Plus", "Level Up Launcher", "Teleport Pro", ""} {
		if tool, ok := c.Match(name); ok {
			t.Errorf("%q wrongly recognised as %s", name, tool.Name)
		}
	}
}

// TestRemoteAccessEntriesNameThemselves: each entry's own name is
// recognised as that entry, not swallowed by an earlier, broader one.
func TestRemoteAccessEntriesNameThemselves(t *testing.T) {
	c := DefaultRemoteAccessCatalog()
	for _, tool := range c.Tools {
		name := strings.Split(strings.Split(tool.Name, " / ")[0], " (")[0]
		got, ok := c.Match(name)
		if ok && got.Name != tool.Name {
			t.Errorf("%q is recognised as %q", name, got.Name)
		}
	}
}
