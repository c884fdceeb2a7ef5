package slack_test

import (
	"fmt"

	"github.com/wsgen/wsgen/generated/slack"
)

func ExampleDecode() {
	m, err := slack.Decode([]byte(`{"type":"message","channel":"C2147483705","user":"U2147483697","text":"Hello world","ts":"1355517523.000005","team":"T1"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	e := m.(*slack.MessageEvent)
	fmt.Println(e.MessageType(), *e.Channel, *e.Text, e.Extra[0].Name)

	// A Slack event the AsyncAPI document does not list.
	_, err = slack.Decode([]byte(`{"type":"user_typing","channel":"C1","user":"U1"}`))
	fmt.Println(err)
	// Output:
	// message C2147483705 Hello world team
	// slack: decode "user_typing": unknown message type "user_typing"
}

func ExampleEncode() {
	id, channel, text := 1.0, "C024BE91L", "Hello world"
	b, err := slack.Encode(&slack.MessageEvent{ID: &id, Channel: &channel, Text: &text})
	fmt.Println(string(b), err)
	// Output:
	// {"type":"message","id":1,"channel":"C024BE91L","text":"Hello world"} <nil>
}
