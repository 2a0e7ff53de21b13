package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Slack posts a short message to a Slack incoming webhook.
//
// It is a plain JSON POST rather than slack-go's PostWebhook: the message is
// one field, and doing it here keeps the dial-time address check, the
// status classification and the URL redaction of the webhook sender (the
// Slack URL is a credential; net/http errors quote it).
type Slack struct {
	name      string
	url       string
	client    *http.Client
	userAgent string
}

// maxSlackReasons is how many top signals the message lists; Slack is for
// a glance, the link has the rest.
const maxSlackReasons = 3

// NewSlack returns a sender named name that posts to the incoming-webhook
// URL target.
func NewSlack(name, target string, o HTTPOptions) (*Slack, error) {
	if err := checkHTTPURL("slack", target); err != nil {
		return nil, err
	}
	ua := o.UserAgent
	if ua == "" {
		ua = "mosaic"
	}
	return &Slack{name: name, url: target, client: newHTTPClient(o), userAgent: ua}, nil
}

// Name returns the destination name.
func (s *Slack) Name() string { return s.name }

// String keeps the URL out of %v of a Slack.
func (s *Slack) String() string { return "slack " + s.name }

// GoString does the same for %#v.
func (s *Slack) GoString() string { return s.String() }

// Send posts the message for a.
func (s *Slack) Send(ctx context.Context, a Alert) error {
	body, err := json.Marshal(struct {
		Text string `json:"text"`
	}{SlackText(a)})
	if err != nil {
		return Permanent(fmt.Errorf("%s: cannot encode message: %w", s.name, err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", s.userAgent)
	return post(ctx, s.client, s.name, s.url, h, body)
}

// SlackText returns the message for a in Slack's mrkdwn: subject, level,
// score, up to three reasons and the link.
func SlackText(a Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":rotating_light: *mosaic*: subject %s is now *%s*", slackEscape(a.SubjectID), slackEscape(string(a.Level)))
	if a.PreviousLevel != "" {
		fmt.Fprintf(&b, " (was %s)", slackEscape(string(a.PreviousLevel)))
	}
	fmt.Fprintf(&b, ", score %s", strconv.FormatFloat(a.Score, 'f', 1, 64))
	for i, sg := range a.TopSignals {
		if i == maxSlackReasons {
			fmt.Fprintf(&b, "\n• and %d more", len(a.TopSignals)-i)
			break
		}
		fmt.Fprintf(&b, "\n• `%s`: %s", slackCode(sg.RuleID), slackEscape(oneLine(sg.Explanation)))
	}
	if a.URL != "" {
		// In a link, | would end the URL part and > the link itself.
		u := strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C").Replace(a.URL)
		fmt.Fprintf(&b, "\n<%s|Open %s>", u, slackEscape(a.SubjectID))
	}
	fmt.Fprintf(&b, "\nalert %s", slackEscape(a.ID))
	return b.String()
}

// slackEscape escapes the three characters Slack's mrkdwn requires, so an
// explanation quoting "<!channel>" or "<http://...|...>" cannot ping a
// channel or plant a link.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackCode escapes text for an inline code span, which cannot hold a
// backtick.
func slackCode(s string) string {
	return slackEscape(strings.ReplaceAll(s, "`", "'"))
}

// oneLine folds line breaks so one reason stays one bullet.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
