package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/store"
	"yiwang/internal/web"
)

// Main is one running yiwang: database, service, HTTP server and sweeper.
type Main struct {
	Config Config
	Log    *slog.Logger
	Out    io.Writer

	DB      *store.DB
	Blobs   *blob.Dir
	Service *app.Service
	// URL is where the server listens once Open has returned.
	URL string

	listener net.Listener
	server   *http.Server
	stop     context.CancelFunc
	wg       sync.WaitGroup
}

// Open opens the database (migrating it), builds the service and starts listening.
func (m *Main) Open(ctx context.Context, clock app.Clock) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	var err error
	if m.DB, m.Blobs, m.Service, err = openService(ctx, m.Config, clock, m.Log); err != nil {
		return err
	}
	proxies, err := m.Config.TrustedProxyPrefixes()
	if err != nil {
		return err
	}
	srv, err := web.New(m.Service, m.Log, web.Config{TrustedProxies: proxies})
	if err != nil {
		return err
	}
	m.listener, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.URL = "http://" + m.listener.Addr().String()
	m.server = srv.HTTPServer()
	return nil
}

// Run serves and sweeps until ctx ends or the server fails.
func (m *Main) Run(ctx context.Context) error {
	ctx, m.stop = context.WithCancel(ctx)
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.sweepLoop(ctx)
	}()
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.listener) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
		return nil
	}
}

// sweepLoop runs the deadline sweep at start and then periodically.
func (m *Main) sweepLoop(ctx context.Context) {
	t := time.NewTicker(m.Config.SweepEvery)
	defer t.Stop()
	for {
		res, err := m.Service.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			m.Log.Error("sweep", "err", err)
		}
		if res.DeemedAccepted+res.Refreshed > 0 {
			m.Log.Info("sweep", "deemed_accepted", res.DeemedAccepted, "refreshed", res.Refreshed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Close stops serving (letting requests in flight finish) and closes the database.
func (m *Main) Close() error {
	if m.stop != nil {
		m.stop()
	}
	var errs []error
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
	} else if m.listener != nil {
		errs = append(errs, m.listener.Close())
	}
	m.wg.Wait()
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

func (m *Main) printf(format string, args ...any) {
	fmt.Fprintf(m.Out, format, args...)
}
