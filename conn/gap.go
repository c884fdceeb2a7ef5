package conn

import (
	"time"
)

// Gap recovery (Protocol.Gap): when the sequencer finds a gap the missing
// events do not fill, onGap applies the protocol's policy. Each stream
// recovering has a gapState (c.gaps, guarded by c.inMu) with a deadline; one
// timer, armed for the earliest deadline, posts evGapCheck to the owner,
// which runs checkGaps. So at most one snapshot request per stream is in
// flight, a request is repeated only at its deadline (GapTimeout, then 2×,
// 4×: a snapshot that still leaves a gap does not trigger a new request at
// once), and a stream that does not recover falls back to reconnecting.

// maxSnapshotTries is how many snapshot requests a gap gets before the
// stream falls back to GapReconnect.
const maxSnapshotTries = 4

type gapState struct {
	tries int       // snapshot requests sent
	due   time.Time // when to act again
}

// onGap starts recovering g's stream. c.inMu is held.
func (c *Client) onGap(g *seqGap) {
	p := c.opts.Protocol
	if p.Gap == GapReconnect {
		c.gapReconnect(g.Stream)
		return
	}
	if _, ok := c.gaps[g.Stream]; ok {
		return // already recovering: the timer acts at its deadline
	}
	gs := &gapState{due: time.Now().Add(p.GapTimeout)}
	if c.gaps == nil {
		c.gaps = make(map[string]*gapState)
	}
	c.gaps[g.Stream] = gs
	if p.Gap == GapSnapshot && p.SnapshotRequest != nil {
		gs.tries++
		c.requestSnapshot(g.Stream, g.Expected-1)
	}
	c.armGapTimer()
}

// gapClosed forgets stream's recovery once the sequencer no longer reports
// a gap. c.inMu is held.
func (c *Client) gapClosed(stream string) {
	if _, ok := c.gaps[stream]; ok && !c.seq.IsRecovering(stream) {
		delete(c.gaps, stream)
	}
}

// gapReconnect forgets stream's state and closes the live socket, so the
// client reconnects (with backoff) and the server replays. c.inMu is held.
func (c *Client) gapReconnect(stream string) {
	c.seq.Forget(stream)
	delete(c.gaps, stream)
	c.notice(Notice{Kind: NoticeGap, Stream: stream, Reason: "reconnect"})
	c.opts.Logger.InfoContext(c.hctx, "sequence gap: reconnecting", "stream", stream)
	c.mu.Lock()
	ws := c.ws
	c.mu.Unlock()
	if ws != nil {
		ws.NetConn().Close() // the reader reports the loss; the machine reconnects
	}
}

// armGapTimer arms the timer for the earliest deadline. c.inMu is held.
func (c *Client) armGapTimer() {
	var first time.Time
	for _, gs := range c.gaps {
		if first.IsZero() || gs.due.Before(first) {
			first = gs.due
		}
	}
	if first.IsZero() {
		if c.gapTimer != nil {
			c.gapTimer.Stop()
		}
		return
	}
	d := max(time.Until(first), 0)
	if c.gapTimer == nil {
		c.gapTimer = time.AfterFunc(d, func() { c.post(event{kind: evGapCheck}) })
	} else {
		c.gapTimer.Reset(d)
	}
}

// checkGaps acts on the streams whose deadline passed: ask again (spaced by
// doubling delays), skip, or reconnect. It runs on the owner.
func (c *Client) checkGaps() {
	c.inMu.Lock()
	defer c.inMu.Unlock()
	p := c.opts.Protocol
	now := time.Now()
	for stream, gs := range c.gaps {
		if now.Before(gs.due) {
			continue
		}
		if !c.seq.IsRecovering(stream) {
			delete(c.gaps, stream)
			continue
		}
		switch {
		case p.Gap == GapSkip:
			delete(c.gaps, stream)
			res := c.seq.Skip(stream)
			c.notice(Notice{Kind: NoticeGap, Stream: stream, Reason: "skipped"})
			c.opts.Logger.InfoContext(c.hctx, "sequence gap skipped", "stream", stream, "applied", len(res.Apply))
			for _, m := range res.Apply {
				if id := eventID(m); id != "" {
					c.dedup.Add(id)
				}
				c.inbox.push(inItem{msg: m})
			}
		case p.SnapshotRequest == nil || gs.tries >= maxSnapshotTries:
			c.gapReconnect(stream)
		default:
			if last, ok := c.seq.Last(stream); ok {
				c.requestSnapshot(stream, last)
			}
			gs.due = now.Add(p.GapTimeout << gs.tries)
			gs.tries++
		}
	}
	c.armGapTimer()
}

// stopGapTimer stops the timer for good (finish).
func (c *Client) stopGapTimer() {
	c.inMu.Lock()
	if c.gapTimer != nil {
		c.gapTimer.Stop()
	}
	c.inMu.Unlock()
}
