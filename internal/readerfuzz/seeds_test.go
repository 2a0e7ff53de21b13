package readerfuzz

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHeadEndsAtALine(t *testing.T) {
	data := []byte(strings.Repeat("0123456789\n", 100))
	h := head(data)
	if len(h) > seedHead || len(h) == 0 || h[len(h)-1] != '\n' {
		t.Errorf("head of %d bytes, ending %q", len(h), h[len(h)-1:])
	}
	if short := []byte("{}\n"); string(head(short)) != "{}\n" {
		t.Errorf("a small file is its own head")
	}
}

func TestFirstEventIsPruned(t *testing.T) {
	page := []byte("{\n  \"value\": [\n    {\"id\": \"a\", \"ipAddress\": \"198.51.100.1\", \"risk\": [], \"status\": {\"failureReason\": null, \"errorCode\": 0}, \"tags\": [\"x\", \"y\"], \"userAgent\": \"" + strings.Repeat("Mozilla ", 20) + "\"},\n    {\"id\": \"b\"}\n  ]\n}\n")
	event, ok := firstEvent(page)
	if !ok {
		t.Fatal("no first event")
	}
	b, _ := json.Marshal(event)
	if got, want := string(b), `{"id":"a","ipAddress":"198.51.100.1","status":{"errorCode":0},"tags":["x"],"userAgent":"Mozilla Mozilla Mozilla Mozilla Mozilla "}`; got != want {
		t.Errorf("first event\n got %s\nwant %s", got, want)
	}
	if _, ok := firstEvent([]byte("a,b\n1,2\n")); ok {
		t.Error("a CSV file has no JSON event")
	}
}

// TestDropUnreadKeepsWhatTheReaderReads: members whose removal changes the
// outcome stay, inside nested objects too; the rest go.
func TestDropUnreadKeepsWhatTheReaderReads(t *testing.T) {
	var event map[string]any
	_ = json.Unmarshal([]byte(`{"id":"a","appName":"x","status":{"errorCode":0,"detail":"y"},"device":{"os":"z"}}`), &event)
	reads := func(b []byte) string {
		var m struct {
			ID     string
			Status struct{ ErrorCode *int }
		}
		_ = json.Unmarshal(b, &m)
		return m.ID + "/" + strings.TrimSpace(strings.Repeat("set", btoi(m.Status.ErrorCode != nil)))
	}
	dropUnread(event, reads)
	b, _ := json.Marshal(event)
	if got, want := string(b), `{"id":"a","status":{"errorCode":0}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
