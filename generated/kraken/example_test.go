package kraken_test

import (
	"errors"
	"fmt"

	"github.com/wsgen/wsgen/generated/kraken"
)

func ExampleDecode() {
	m, err := kraken.Decode([]byte(`{"channelID":10001,"channelName":"ohlc-5","event":"subscriptionStatus","pair":"XBT/EUR","reqid":42,"status":"unsubscribed","subscription":{"interval":5,"name":"ohlc"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := m.(*kraken.SubscriptionStatus)
	fmt.Println(s.MessageType(), *s.Reqid, *s.ChannelName, *s.Status, s.Subscription.Name)

	_, err = kraken.Decode([]byte(`{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"candles"}}`))
	var de *kraken.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Type, de.Pointer)
	}
	// Output:
	// subscriptionStatus 42 ohlc-5 unsubscribed ohlc
	// subscribe /subscription/name
}

func ExampleEncode() {
	reqid := int64(7)
	b, err := kraken.Encode(&kraken.Subscribe{
		Reqid:        &reqid,
		Pair:         &kraken.Pair{"XBT/USD", "XBT/EUR"},
		Subscription: &kraken.SubscribeSubscription{Name: kraken.NameTicker},
	})
	fmt.Println(string(b), err)
	// Output:
	// {"event":"subscribe","reqid":7,"pair":["XBT/USD","XBT/EUR"],"subscription":{"name":"ticker"}} <nil>
}
