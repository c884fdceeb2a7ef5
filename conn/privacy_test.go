package conn

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDialErrorsHoldNoToken: dials that fail — a refused connection, and a handshake
// answered 401 with a body and headers echoing the URL's query and the Authorization
// header — never put the bearer token or a token in the URL's query into the state
// changes, their errors, Err, notices or the log.
func TestDialErrorsHoldNoToken(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", token="`+r.Header.Get("Authorization")+`"`)
		w.Header().Set("X-Echo", r.URL.RawQuery)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, "rejected %s with %s", r.URL.String(), r.Header.Get("Authorization"))
	}))
	defer echo.Close()
	for _, tt := range []struct{ name, url string }{
		{"401 echoing the token", "ws" + strings.TrimPrefix(echo.URL, "http") + "/ws?token=q-SECRET-query&room=r"},
		{"connection refused", "ws://127.0.0.1:1/ws?token=q-SECRET-query"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu   sync.Mutex
				seen []string
			)
			add := func(s string) {
				mu.Lock()
				seen = append(seen, s)
				mu.Unlock()
			}
			var buf syncBuffer
			r := newRecorder()
			opts := fastOptions(r)
			opts.Token = TokenFunc(func(context.Context) (string, time.Time, error) {
				return "t-SECRET-bearer", time.Time{}, nil
			})
			opts.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			opts.OnState = func(sc StateChange) {
				r.state(sc)
				s := fmt.Sprintf("%v %+v", sc, sc)
				if sc.Err != nil {
					s += " " + sc.Err.Error()
				}
				add(s)
			}
			opts.OnNotice = func(n Notice) {
				r.notice(n)
				add(fmt.Sprintf("%+v", n))
			}
			c := start(t, tt.url, opts)
			r.waitFor(t, waitLong, "three failed dials", func() bool {
				mu.Lock()
				defer mu.Unlock()
				n := 0
				for _, s := range seen {
					if strings.Contains(s, "dial") || strings.Contains(s, "handshake") || strings.Contains(s, "refused") {
						n++
					}
				}
				return n >= 3
			})
			if err := c.Err(); err != nil {
				add(err.Error())
			}
			closeClient(t, c)
			mu.Lock()
			all := strings.Join(seen, "\n") + "\n" + buf.String()
			mu.Unlock()
			if strings.Contains(all, "SECRET") || strings.Contains(all, "Bearer t-") {
				t.Errorf("a token shows in the state changes, notices, errors or log:\n%s", all)
			}
			if !strings.Contains(buf.String(), `"msg":"dial failed"`) {
				t.Errorf("the log has no failed dial (the test saw nothing):\n%s", buf.String())
			}
		})
	}
}
