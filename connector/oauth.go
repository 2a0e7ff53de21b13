package connector

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TokenCache fetches an OAuth 2.0 access token when none is held or the
// held one is about to expire, and drops it when the API answers 401. Token
// requests go through the connector's guarded HTTP client and honour the
// caller's context.
type TokenCache struct {
	fetch func(ctx context.Context) (*oauth2.Token, error)

	mu  sync.Mutex
	tok *oauth2.Token
}

// NewTokenCache returns a cache around fetch.
func NewTokenCache(fetch func(ctx context.Context) (*oauth2.Token, error)) *TokenCache {
	return &TokenCache{fetch: fetch}
}

// ClientCredentialsCache returns a TokenCache for the OAuth 2.0 client
// credentials grant of cfg, sent through client.
func ClientCredentialsCache(cfg *clientcredentials.Config, client *http.Client) *TokenCache {
	return NewTokenCache(func(ctx context.Context) (*oauth2.Token, error) {
		return cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, client))
	})
}

// StaticTokenCache serves one fixed bearer token (tests, or a token minted
// elsewhere).
func StaticTokenCache(token Secret) *TokenCache {
	return NewTokenCache(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: token.Reveal(), TokenType: "Bearer"}, nil
	})
}

// SourceTokenCache wraps an oauth2.TokenSource (a Google service account).
func SourceTokenCache(ts oauth2.TokenSource) *TokenCache {
	return NewTokenCache(func(context.Context) (*oauth2.Token, error) { return ts.Token() })
}

// Token returns a valid token.
func (c *TokenCache) Token(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && c.tok.AccessToken != "" &&
		(c.tok.Expiry.IsZero() || time.Until(c.tok.Expiry) > time.Minute) {
		return c.tok, nil
	}
	tok, err := c.fetch(ctx)
	if err != nil {
		return nil, err
	}
	c.tok = tok
	return tok, nil
}

// Invalidate drops the held token; it returns true so it can serve as a
// Fetcher's Unauthorized hook.
func (c *TokenCache) Invalidate() bool {
	c.mu.Lock()
	c.tok = nil
	c.mu.Unlock()
	return true
}

// Authorize sets "Authorization: Bearer <token>"; it serves as a Fetcher's
// Authorize hook.
func (c *TokenCache) Authorize(ctx context.Context, req *http.Request) error {
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return nil
}
