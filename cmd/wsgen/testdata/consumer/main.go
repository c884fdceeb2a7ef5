// Command app is a module of its own that uses wsgen as its README says: the generated
// greet client, run against a wstest server on loopback, or against the server at the
// URL given as its argument (wsgen serve).
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"example.com/app/greet"
	"github.com/wsgen/wsgen/wstest"
)

type handler struct {
	greet.UnimplementedHandler
	hello chan string
}

func (h handler) OnHello(_ context.Context, m *greet.Hello) error {
	h.hello <- m.Text
	return nil
}

func main() {
	url := ""
	if len(os.Args) > 1 {
		url = os.Args[1]
	} else {
		srv, err := wstest.Listen(nil,
			wstest.Send(`{"type":"hello","text":"hi from wstest"}`),
			wstest.Expect(wstest.Contains(`"say"`), 10*time.Second).Reply(func(msg []byte) []byte {
				m, err := greet.Decode(msg)
				if err != nil {
					return []byte(`{"type":"said","ref":"?","ok":false}`)
				}
				out, _ := greet.Encode(&greet.Said{Ref: m.(*greet.Say).Ref, Ok: true})
				return out
			}),
		)
		if err != nil {
			log.Fatal(err)
		}
		defer srv.Close()
		url = srv.URL()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h := handler{hello: make(chan string, 1)}
	c, err := greet.DialClient(ctx, url, h, nil)
	if err != nil {
		log.Fatal(err)
	}
	select {
	case text := <-h.hello:
		fmt.Println("hello:", text)
	case <-ctx.Done():
		log.Fatal("no hello")
	}
	said, err := c.Say(ctx, &greet.Say{Text: "hi from the client"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("said:", said.Ok)
	if err := c.Close(ctx); err != nil {
		log.Fatal(err)
	}
}
