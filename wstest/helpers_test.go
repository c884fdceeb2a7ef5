package wstest

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wait is the generous deadline of every real-socket wait in these tests: a loaded
// 2-core machine must never make them fail, and a passing run never waits this long.
const wait = 10 * time.Second

// dial connects a gorilla client to url and closes it when the test ends.
func dial(t *testing.T, url string, h http.Header) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: wait}
	ws, resp, err := d.Dial(url, h)
	if err != nil {
		t.Fatalf("Dial(%s) = %v (response %v)", url, err, resp)
	}
	t.Cleanup(func() { ws.Close() })
	ws.SetReadDeadline(time.Now().Add(wait))
	return ws
}

// read reads one message or fails the test.
func read(t *testing.T, ws *websocket.Conn) (int, string) {
	t.Helper()
	typ, data, err := ws.ReadMessage()
	if err != nil {
		t.Fatalf("ReadMessage = %v", err)
	}
	return typ, string(data)
}

// readErr reads until an error and returns it.
func readErr(ws *websocket.Conn) error {
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			return err
		}
	}
}

func waitDone(t *testing.T, srv *Server, i int) Conn {
	t.Helper()
	c, err := srv.WaitDone(i, wait)
	if err != nil {
		t.Fatalf("WaitDone(%d) = %v; records %+v", i, err, srv.Conns())
	}
	return c
}

// rawFrame is one frame as it came off the wire.
type rawFrame struct {
	fin     bool
	op      byte
	payload string
}

// rawClient is a WebSocket client that parses frame headers itself, to see what
// gorilla/websocket hides: fragments.
type rawClient struct {
	c net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawClient {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(wait))
	key := make([]byte, 16)
	rand.Read(key)
	fmt.Fprintf(c, "GET /raw HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", addr, base64.StdEncoding.EncodeToString(key))
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("raw handshake status = %d", resp.StatusCode)
	}
	return &rawClient{c: c, r: r}
}

func (rc *rawClient) readFrame() (rawFrame, error) {
	var h [2]byte
	if _, err := io.ReadFull(rc.r, h[:]); err != nil {
		return rawFrame{}, err
	}
	if h[1]&0x80 != 0 {
		return rawFrame{}, fmt.Errorf("server frame is masked")
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(rc.r, b[:]); err != nil {
			return rawFrame{}, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(rc.r, b[:]); err != nil {
			return rawFrame{}, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(rc.r, p); err != nil {
		return rawFrame{}, err
	}
	return rawFrame{fin: h[0]&0x80 != 0, op: h[0] & 0x0f, payload: string(p)}, nil
}

// writeFrame sends one masked client frame.
func (rc *rawClient) writeFrame(op byte, payload []byte) error {
	b := []byte{0x80 | op}
	if len(payload) >= 126 {
		return fmt.Errorf("test helper: payload too long")
	}
	b = append(b, 0x80|byte(len(payload)))
	mask := []byte{1, 2, 3, 4}
	b = append(b, mask...)
	for i, c := range payload {
		b = append(b, c^mask[i%4])
	}
	_, err := rc.c.Write(b)
	return err
}

func texts(s string) []string { return strings.Split(s, "|") }
