package asyncapi

import (
	"fmt"
	"strings"
)

// amsg is one AsyncAPI message: a Message Object reached from a channel, an operation or
// components/messages.
type amsg struct {
	name string
	n    *node // the resolved Message Object
	// sent and received: the client sends it (wsgen direction client), the client
	// receives it (server).
	sent, received bool
	inOperation    bool
	replies        []*amsg // messages that answer it, from operation replies
	units          []*unit
	refused        string // why no wsgen message stands for it, "" when one does
}

// messages lists the document's messages, in the order they first appear: channels,
// then operations, then components/messages not used elsewhere.
func (c *conv) messages() []*amsg {
	if c.major == 2 {
		c.channels2()
	} else {
		c.channels3()
		c.operations3()
	}
	if ms := c.root.get("components").get("messages"); ms != nil && ms.kind == 'o' {
		for i := range ms.keys {
			m := c.message(ms.vals[i], ms.keys[i])
			if m != nil && !m.inOperation && !m.sent && !m.received {
				c.warnf(m.n, "message %q is in no operation: wsgen cannot tell who sends it and reads it both ways", m.name)
			}
		}
	}
	return c.msgs
}

// message returns the message of the Message Object (or reference) v, adding it on
// first sight; key names it when it is not a components/messages entry.
func (c *conv) message(v *node, key string) *amsg {
	n, err := c.deref(v)
	if err != nil {
		c.errorf(v, "%v", err)
		return nil
	}
	if n.kind != 'o' {
		c.errorf(v, "a message must be an object")
		return nil
	}
	id := n.file + n.ptr
	if m, ok := c.byNode[id]; ok {
		return m
	}
	name := key
	if p, ok := strings.CutPrefix(n.ptr, "#/components/messages/"); ok && !strings.Contains(p, "/") {
		name = unescapeToken(p)
	} else if c.major == 2 {
		for _, k := range []string{"messageId", "name"} {
			if s := n.get(k); s.isStr() && s.str != "" {
				name = s.str
				break
			}
		}
	}
	// The same message written out again under the same name (a document listing
	// one request in every channel) is one message; another message of that name is
	// told apart by a suffix.
	base := name
	for i := 2; ; i++ {
		var same *amsg
		for _, o := range c.msgs {
			if o.name == name {
				same = o
			}
		}
		if same == nil {
			break
		}
		if equal(same.n, n) {
			c.byNode[id] = same
			return same
		}
		name = fmt.Sprintf("%s_%d", base, i)
	}
	m := &amsg{name: name, n: n}
	c.byNode[id] = m
	c.msgs = append(c.msgs, m)
	return m
}

// channels3 reads the channels of an AsyncAPI 3 document.
func (c *conv) channels3() {
	chs := c.root.get("channels")
	if chs == nil {
		return
	}
	if chs.kind != 'o' {
		c.errorf(chs, "channels must be an object")
		return
	}
	for i, name := range chs.keys {
		ch, err := c.deref(chs.vals[i])
		if err != nil {
			c.errorf(chs.vals[i], "%v", err)
			continue
		}
		c.channelMessages3(ch, name)
	}
}

// channelMessages3 lists a channel's messages; a channel without one is refused.
func (c *conv) channelMessages3(ch *node, name string) []*amsg {
	ms := ch.get("messages")
	if ms == nil || ms.kind != 'o' || len(ms.keys) == 0 {
		c.errorf(ch, "channel %q has no messages: wsgen cannot generate anything for it", name)
		return nil
	}
	var out []*amsg
	for i, k := range ms.keys {
		if m := c.message(ms.vals[i], k); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// operations3 gives messages their direction and request/reply pairs. The document
// describes the application (the server): the client of that server receives what it
// sends and sends what it receives.
func (c *conv) operations3() {
	ops := c.root.get("operations")
	if ops == nil {
		return
	}
	if ops.kind != 'o' {
		c.errorf(ops, "operations must be an object")
		return
	}
	for i, name := range ops.keys {
		op, err := c.deref(ops.vals[i])
		if err != nil {
			c.errorf(ops.vals[i], "%v", err)
			continue
		}
		action := op.get("action")
		if !action.isStr() || (action.str != "send" && action.str != "receive") {
			c.errorf(op, "operation %q: action must be \"send\" or \"receive\"", name)
			continue
		}
		msgs := c.opMessages(op, name)
		replies := c.opMessages(op.get("reply"), name+" reply")
		for _, m := range msgs {
			m.inOperation = true
			if action.str == "send" {
				m.received = true
			} else {
				m.sent = true
			}
		}
		for _, r := range replies {
			r.inOperation = true
			if action.str == "send" {
				r.sent = true
			} else {
				r.received = true
			}
		}
		if len(replies) > 0 {
			if action.str == "send" {
				c.warnf(op.get("reply"), "operation %q: the server's requests answered by the client are not modelled (wsgen's typed client waits for replies to its own requests only); the messages keep their directions", name)
				continue
			}
			for _, m := range msgs {
				for _, r := range replies {
					if !containsMsg(m.replies, r) {
						m.replies = append(m.replies, r)
					}
				}
			}
		}
	}
}

func containsMsg(l []*amsg, m *amsg) bool {
	for _, x := range l {
		if x == m {
			return true
		}
	}
	return false
}

// opMessages lists an operation's (or reply's) messages: its "messages", else all of
// its channel's.
func (c *conv) opMessages(op *node, name string) []*amsg {
	if op == nil {
		return nil
	}
	op, err := c.deref(op)
	if err != nil {
		c.errorf(op, "%v", err)
		return nil
	}
	if l := op.get("messages"); l != nil {
		if l.kind != 'a' {
			c.errorf(l, "operation %q: messages must be an array", name)
			return nil
		}
		var out []*amsg
		for _, e := range l.elems {
			if m := c.message(e, name); m != nil {
				out = append(out, m)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	chRef := op.get("channel")
	if chRef == nil {
		if op.has("address") {
			return nil // a reply address without a channel names no message
		}
		c.errorf(op, "operation %q has no channel", name)
		return nil
	}
	ch, err := c.deref(chRef)
	if err != nil {
		c.errorf(chRef, "%v", err)
		return nil
	}
	return c.channelMessages3(ch, name)
}

// channels2 reads an AsyncAPI 2 document: under a channel, "publish" lists what clients
// send to the application and "subscribe" what they receive from it.
func (c *conv) channels2() {
	chs := c.root.get("channels")
	if chs == nil {
		return
	}
	if chs.kind != 'o' {
		c.errorf(chs, "channels must be an object")
		return
	}
	for i, name := range chs.keys {
		ch, err := c.deref(chs.vals[i])
		if err != nil {
			c.errorf(chs.vals[i], "%v", err)
			continue
		}
		any := false
		for _, opName := range []string{"publish", "subscribe"} {
			op := ch.get(opName)
			if op == nil {
				continue
			}
			op, err := c.deref(op)
			if err != nil {
				c.errorf(ch.get(opName), "%v", err)
				continue
			}
			mv := op.get("message")
			if mv == nil {
				c.errorf(op, "channel %q: %s has no message", name, opName)
				continue
			}
			list := []*node{mv}
			if md, err := c.deref(mv); err == nil && md.get("oneOf") != nil && md.get("oneOf").kind == 'a' {
				list = md.get("oneOf").elems
			}
			for j, e := range list {
				m := c.message(e, fmt.Sprintf("%s_%s_%d", strings.Trim(name, "/"), opName, j))
				if m == nil {
					continue
				}
				any = true
				m.inOperation = true
				if opName == "publish" {
					m.sent = true
				} else {
					m.received = true
				}
			}
		}
		if !any {
			c.errorf(ch, "channel %q has no messages: wsgen cannot generate anything for it", name)
		}
	}
}
