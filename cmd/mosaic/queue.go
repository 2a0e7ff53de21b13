package main

import (
	"context"
	"log/slog"

	"github.com/mosaic-sec/mosaic/natsqueue"
	"github.com/mosaic-sec/mosaic/service"
)

// openQueue opens the queue --queue names: "" (or "memory") is the
// in-process one, which the service makes itself (nil); nats://... a NATS
// JetStream stream (docs/service.md, One process, or several). closeQueue is
// never nil.
func openQueue(ctx context.Context, target string, log *slog.Logger) (q service.Queue, closeQueue func(), err error) {
	if target == "" || target == "memory" {
		return nil, func() {}, nil
	}
	cfg, err := natsqueue.ParseURL(target)
	if err != nil {
		return nil, nil, err
	}
	cfg.DecodeFingerprint = decodeFingerprint
	cfg.Log = log
	nq, err := natsqueue.Open(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return nq, func() { _ = nq.Close() }, nil
}
