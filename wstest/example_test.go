package wstest_test

import (
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsgen/wsgen/wstest"
)

// A three-step script: greet, acknowledge the client's chat message, close with an
// application close code. The records show what the client did.
func Example() {
	srv, err := wstest.Listen(nil,
		wstest.Send(`{"type":"welcome"}`),
		wstest.Expect(wstest.Contains(`"send_chat"`), 5*time.Second).
			Reply(func(msg []byte) []byte { return []byte(`{"type":"ack","id":"m1"}`) }),
		wstest.CloseWith(4001, "token expired"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ws.Close()
	_, welcome, _ := ws.ReadMessage()
	fmt.Printf("client got %s\n", welcome)
	ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"send_chat","id":"m1","text":"hi"}`))
	_, ack, _ := ws.ReadMessage()
	fmt.Printf("client got %s\n", ack)
	_, _, err = ws.ReadMessage()
	fmt.Println("client read ends:", err)

	rec, _ := srv.WaitDone(0, 5*time.Second)
	fmt.Println("server received:", wstest.Texts(rec.Received))
	fmt.Println("close sent:", rec.CloseSent.Code, "echoed by client:", rec.CloseReceived.Code)
	// Output:
	// client got {"type":"welcome"}
	// client got {"type":"ack","id":"m1"}
	// client read ends: websocket: close 4001: token expired
	// server received: [{"type":"send_chat","id":"m1","text":"hi"}]
	// close sent: 4001 echoed by client: 4001
}

// Per-connection scripts: the first connection is refused with 503, the second gets
// the default script.
func ExampleOptions_scripts() {
	srv, err := wstest.Listen(&wstest.Options{Scripts: []wstest.Script{
		{wstest.Reject(http.StatusServiceUnavailable)},
	}}, wstest.Send("hello"))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	_, resp, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
	fmt.Println("first:", err, resp.StatusCode)
	resp.Body.Close()
	ws, _, err := websocket.DefaultDialer.Dial(srv.URL(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ws.Close()
	_, msg, _ := ws.ReadMessage()
	fmt.Println("second:", string(msg))
	// Output:
	// first: websocket: bad handshake 503
	// second: hello
}

// Tokens on an injected clock: no waiting for expiry.
func ExampleTokenIssuer() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ti := wstest.NewTokenIssuer(func() time.Time { return now })
	tok := ti.Issue(time.Minute)
	_, err := ti.Check(tok)
	fmt.Println(tok, err)
	now = now.Add(time.Minute)
	_, err = ti.Check(tok)
	fmt.Println(tok, err)
	// Output:
	// wstest-1 <nil>
	// wstest-1 wstest: token expired
}

// A client dials the proxy instead of the server; the test switches faults on and off.
func ExampleProxy() {
	srv, _ := wstest.Listen(nil, wstest.Echo())
	defer srv.Close()
	p, err := wstest.NewProxy(srv.Addr())
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()

	ws, _, err := websocket.DefaultDialer.Dial(p.URL(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ws.Close()
	p.Cut() // as if the train entered a tunnel
	_, _, err = ws.ReadMessage()
	fmt.Println(err)
	// Output:
	// websocket: close 1006 (abnormal closure): unexpected EOF
}
