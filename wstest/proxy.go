package wstest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// Proxy is a TCP proxy on 127.0.0.1 that a client dials instead of the server, with
// faults a test switches on and off at any time: [Proxy.Cut], [Proxy.Blackhole],
// [Proxy.Latency], [Proxy.Throttle] and [Proxy.Refuse]. It knows nothing of WebSocket:
// it forwards bytes. It is safe for concurrent use.
type Proxy struct {
	target string
	ln     net.Listener
	done   chan struct{}
	wg     sync.WaitGroup

	mu        sync.Mutex
	closed    bool
	blackhole bool
	refuse    bool
	latency   time.Duration
	throttle  int           // bytes per second per direction; 0: unlimited
	changed   chan struct{} // closed and replaced when a switch changes
	links     map[*link]struct{}
	stats     ProxyStats
}

// ProxyStats counts what a [Proxy] has done.
type ProxyStats struct {
	Accepted int   // client connections accepted (refused ones included)
	Refused  int   // connections reset at once because of Refuse
	Active   int   // connections open now
	Cut      int   // connections ended by Cut
	Up       int64 // bytes forwarded client → target
	Down     int64 // bytes forwarded target → client
}

// link is one proxied connection: the client side and the target side.
type link struct {
	client net.Conn
	done   chan struct{} // closed by close

	mu     sync.Mutex
	target net.Conn
	closed bool
}

func (l *link) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	close(l.done)
	l.client.Close()
	if l.target != nil {
		l.target.Close()
	}
}

// setTarget records the target side; false (and t closed) when the link was cut.
func (l *link) setTarget(t net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		t.Close()
		return false
	}
	l.target = t
	return true
}

// NewProxy starts a proxy on 127.0.0.1 (an ephemeral port) to target (host:port).
// Call [Proxy.Close] when done.
func NewProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("wstest: proxy listen: %w", err)
	}
	p := &Proxy{target: target, ln: ln, done: make(chan struct{}), changed: make(chan struct{}), links: make(map[*link]struct{})}
	p.wg.Go(p.acceptLoop)
	return p, nil
}

// Addr returns the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL returns "ws://" + Addr() + "/", the WebSocket URL to dial through the proxy.
func (p *Proxy) URL() string { return "ws://" + p.Addr() + "/" }

// Target returns the address the proxy forwards to.
func (p *Proxy) Target() string { return p.target }

// Stats returns the proxy's counters.
func (p *Proxy) Stats() ProxyStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.Active = len(p.links)
	return s
}

// Cut closes every proxied connection now, both sides, without any WebSocket close
// frame: the client sees its connection end abnormally (1006). New connections are
// accepted as usual.
func (p *Proxy) Cut() {
	p.mu.Lock()
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	p.stats.Cut += len(links)
	p.mu.Unlock()
	for _, l := range links {
		l.close()
	}
}

// Blackhole, while on, stalls all traffic: bytes in flight are held, not forwarded, and
// new connections are accepted but not connected to the target. TCP stays open on both
// sides, so a client notices only through its own timeouts (heartbeats, handshake
// timeout). Turning it off delivers what was held, as TCP would after an outage.
func (p *Proxy) Blackhole(on bool) { p.set(func() { p.blackhole = on }) }

// Refuse, while on, resets every new connection at once (accept, then close with
// SO_LINGER 0: the client sees "connection reset"). Existing connections go on.
func (p *Proxy) Refuse(on bool) { p.set(func() { p.refuse = on }) }

// Latency delays every chunk of bytes by d in each direction (0 removes it). It applies
// to bytes read from then on.
func (p *Proxy) Latency(d time.Duration) { p.set(func() { p.latency = max(d, 0) }) }

// Throttle limits each direction of each connection to bytesPerSec (0 removes the
// limit).
func (p *Proxy) Throttle(bytesPerSec int) { p.set(func() { p.throttle = max(bytesPerSec, 0) }) }

func (p *Proxy) set(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
	close(p.changed)
	p.changed = make(chan struct{})
}

type proxyState struct {
	blackhole bool
	latency   time.Duration
	throttle  int
	changed   chan struct{}
}

func (p *Proxy) state() proxyState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return proxyState{p.blackhole, p.latency, p.throttle, p.changed}
}

// Close stops the proxy and closes every connection. When it returns no goroutine of
// the proxy remains.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	p.mu.Unlock()
	p.ln.Close()
	p.Cut()
	p.wg.Wait()
	return nil
}

func (p *Proxy) acceptLoop() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.stats.Accepted++
		if p.refuse || p.closed {
			p.stats.Refused++
			p.mu.Unlock()
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			c.Close()
			continue
		}
		l := &link{client: c, done: make(chan struct{})}
		p.links[l] = struct{}{}
		p.mu.Unlock()
		p.wg.Go(func() { p.serve(l) })
	}
}

func (p *Proxy) serve(l *link) {
	defer func() {
		l.close()
		p.mu.Lock()
		delete(p.links, l)
		p.mu.Unlock()
	}()
	// A blackhole accepts and stalls: do not even reach the target.
	if !p.waitOpen(l) {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { // a Cut or Close abandons the dial
		select {
		case <-l.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	d := net.Dialer{Timeout: 10 * time.Second}
	t, err := d.DialContext(ctx, "tcp", p.target)
	cancel()
	if err != nil {
		return
	}
	if !l.setTarget(t) { // cut while dialing
		return
	}
	var wg sync.WaitGroup
	wg.Go(func() { p.pipe(l, l.client, t, &p.stats.Up) })
	wg.Go(func() { p.pipe(l, t, l.client, &p.stats.Down) })
	wg.Wait()
}

// waitOpen waits while the blackhole is on; false when the link or proxy ended.
func (p *Proxy) waitOpen(l *link) bool {
	for {
		st := p.state()
		if !st.blackhole {
			return true
		}
		select {
		case <-st.changed:
		case <-l.done:
			return false
		case <-p.done:
			return false
		}
	}
}

type chunk struct {
	at   time.Time
	data []byte
}

// pipe forwards src to dst through the faults. A reader goroutine timestamps chunks;
// the writer holds each until its latency has passed, the blackhole is off and the
// throttle allows it. EOF from src half-closes dst; any error ends the link.
func (p *Proxy) pipe(l *link, src, dst net.Conn, count *int64) {
	ch := make(chan chunk, 16)
	go func() {
		defer close(ch)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				select {
				case ch <- chunk{time.Now(), buf[:n]}:
				case <-l.done:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		for range ch { // let the reader finish
		}
	}()
	var next time.Time // throttle: when the next byte may go
	for c := range ch {
		for data := c.data; len(data) > 0; {
			if !p.waitOpen(l) {
				return
			}
			st := p.state()
			if wait := time.Until(c.at.Add(st.latency)); wait > 0 {
				if !p.sleep(l, wait, st.changed) {
					return
				}
				continue // a switch may have changed while waiting
			}
			n := len(data)
			if st.throttle > 0 {
				now := time.Now()
				if next.Before(now) {
					next = now
				}
				if wait := time.Until(next); wait > 0 {
					if !p.sleep(l, wait, st.changed) {
						return
					}
					continue
				}
				n = min(n, max(1, st.throttle/20)) // ~50 ms of bandwidth per write
				next = next.Add(time.Duration(float64(n) / float64(st.throttle) * float64(time.Second)))
			}
			if _, err := dst.Write(data[:n]); err != nil {
				l.close()
				return
			}
			p.mu.Lock()
			*count += int64(n)
			p.mu.Unlock()
			data = data[n:]
		}
	}
	// src reached EOF (or the link was cut): pass the half-close on.
	select {
	case <-l.done:
	default:
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}
}

// sleep waits d; it wakes early when a switch changes. False when the link ended.
func (p *Proxy) sleep(l *link, d time.Duration, changed chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-changed:
	case <-l.done:
		return false
	case <-p.done:
		return false
	}
	return true
}
