package conn_test

import (
	"testing"

	"github.com/wsgen/wsgen/conn"
	"github.com/wsgen/wsgen/conn/outboxtest"
)

func TestMemoryOutboxConformance(t *testing.T) {
	outboxtest.Run(t, outboxtest.Store{
		New: func(t *testing.T, max int) conn.Outbox { return conn.NewMemoryOutbox(max) },
	})
}
