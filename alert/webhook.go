package alert

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Webhook posts the alert JSON to a URL, signed as in the Standard Webhooks
// specification (https://www.standardwebhooks.com).
type Webhook struct {
	name      string
	url       string
	key       []byte
	client    *http.Client
	userAgent string
	now       func() time.Time
}

// ParseSecret turns a webhook secret as written in a secret file into key
// bytes: "whsec_" followed by base64 (the Standard Webhooks form) is
// decoded; anything else is used as raw bytes. Surrounding white space (the
// newline at the end of a file) is ignored. Errors never quote the secret.
func ParseSecret(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b64, ok := strings.CutPrefix(s, "whsec_"); ok {
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			// Some generators drop the padding.
			key, err = base64.RawStdEncoding.DecodeString(b64)
		}
		if err != nil {
			return nil, errors.New("webhook secret: the part after whsec_ is not base64")
		}
		if len(key) == 0 {
			return nil, errors.New("webhook secret is empty")
		}
		return key, nil
	}
	if s == "" {
		return nil, errors.New("webhook secret is empty")
	}
	return []byte(s), nil
}

// NewWebhook returns a sender named name (see DestinationName) that posts
// to target, signing with secret (see ParseSecret).
func NewWebhook(name, target, secret string, o HTTPOptions) (*Webhook, error) {
	if err := checkHTTPURL("webhook", target); err != nil {
		return nil, err
	}
	key, err := ParseSecret(secret)
	if err != nil {
		return nil, err
	}
	ua := o.UserAgent
	if ua == "" {
		ua = "mosaic"
	}
	return &Webhook{name: name, url: target, key: key, client: newHTTPClient(o), userAgent: ua, now: time.Now}, nil
}

// Name returns the destination name.
func (w *Webhook) Name() string { return w.name }

// String keeps the URL and key out of %v of a Webhook.
func (w *Webhook) String() string { return "webhook " + w.name }

// GoString does the same for %#v.
func (w *Webhook) GoString() string { return w.String() }

// Send posts a. The webhook-id is the alert id, the same on every retry, so
// receivers de-duplicate on it; the timestamp is that of this attempt, as
// the specification wants, so a receiver's replay window is measured from
// the attempt and not from when the alert was raised.
func (w *Webhook) Send(ctx context.Context, a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return Permanent(fmt.Errorf("%s: cannot encode alert: %w", w.name, err))
	}
	id := a.ID
	if id == "" {
		id = ID(a.SubjectID, string(a.Level))
	}
	ts := w.now().Unix()
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", w.userAgent)
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	h.Set("webhook-signature", Sign(w.key, id, ts, body))
	return post(ctx, w.client, w.name, w.url, h, body)
}

// Sign returns the Standard Webhooks signature header value for a message:
// "v1," and the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" under key.
func Sign(key []byte, id string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}
