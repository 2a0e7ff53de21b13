package detect

import "testing"

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
