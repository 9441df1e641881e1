package cli

import (
	"context"
	"crypto/tls"
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
	// mu orders Run and Close, which a caller may start at about the same time:
	// a Close that comes first leaves Run nothing to start, and one that comes
	// after stops what Run started.
	mu     sync.Mutex
	closed bool
	stop   context.CancelFunc
	wg     sync.WaitGroup
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
	metricsAllow, err := m.Config.MetricsAllowPrefixes()
	if err != nil {
		return err
	}
	srv, err := web.New(m.Service, m.Log, web.Config{TrustedProxies: proxies,
		MetricsAllow: metricsAllow, MetricsToken: m.Config.MetricsToken})
	if err != nil {
		return err
	}
	m.server = srv.HTTPServer()
	scheme := "http"
	if m.Config.TLSCert != "" {
		// Loaded here, not when serving starts, so that a wrong file stops the
		// command with its name before it says it is listening.
		cert, err := tls.LoadX509KeyPair(m.Config.TLSCert, m.Config.TLSKey)
		if err != nil {
			return fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		m.server.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	m.listener, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.URL = scheme + "://" + m.listener.Addr().String()
	return nil
}

// serve serves on the listener, with TLS when a certificate was loaded.
func (m *Main) serve() error {
	if m.server.TLSConfig != nil {
		return m.server.ServeTLS(m.listener, "", "") // the certificate is in TLSConfig
	}
	return m.server.Serve(m.listener)
}

// Run serves and sweeps until ctx ends or the server fails.
func (m *Main) Run(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	ctx, m.stop = context.WithCancel(ctx)
	m.wg.Add(1)
	m.mu.Unlock()
	go func() {
		defer m.wg.Done()
		m.sweepLoop(ctx)
	}()
	errc := make(chan error, 1)
	go func() { errc <- m.serve() }()
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
	m.mu.Lock()
	m.closed = true
	if m.stop != nil {
		m.stop()
	}
	m.mu.Unlock()
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
