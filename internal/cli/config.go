package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"yiwang/internal/sealed"
	"yiwang/internal/store"
)

// Config is everything a yiwang process is told. Defaults are in code, then
// YIWANG_* environment variables, then flags.
type Config struct {
	Addr    string
	DataDir string
	// DB is the database URL (sqlite:PATH); empty means the SQLite file in DataDir.
	DB           string
	Region       string
	Sync         store.Sync
	MaxUploadMB  int
	SweepEvery   time.Duration
	SessionTTL   time.Duration
	DemoPassword string
	DemoNow      time.Time // zero: the real clock
	// TrustedProxies lists, comma-separated, the CIDRs (or single addresses) of the
	// proxies whose X-Forwarded-For names the client; empty: none, the peer is the client.
	TrustedProxies string
	// TLSCert and TLSKey are the PEM files of the certificate (with its chain) and
	// key to serve HTTPS with; both or neither. Neither: plain HTTP, for behind a
	// proxy that terminates TLS.
	TLSCert, TLSKey string
	// MetricsAllow lists, comma-separated, the CIDRs (or single addresses) of the
	// clients that may read /metrics; MetricsToken, if set, lets in a request that
	// presents it as a bearer token from anywhere.
	MetricsAllow string
	MetricsToken string
	// DataKey is the file of the key that seals the personal columns (see
	// internal/sealed); empty: they are stored clear.
	DataKey string
}

// defaultMetricsAllow is loopback: a scraper on the host itself.
const defaultMetricsAllow = "127.0.0.0/8,::1"

func defaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./data", Region: "370211", Sync: store.SyncFull,
		MaxUploadMB: 20, SweepEvery: time.Minute, SessionTTL: 12 * time.Hour, DemoPassword: "yiwang-demo",
		MetricsAllow: defaultMetricsAllow}
}

// flags binds c to a flag set, after applying the environment.
func (c *Config) flags(fs *flag.FlagSet, demo bool) {
	env := func(name string, into *string) {
		if v := os.Getenv(name); v != "" {
			*into = v
		}
	}
	env("YIWANG_ADDR", &c.Addr)
	env("YIWANG_DATA", &c.DataDir)
	env("YIWANG_DB", &c.DB)
	env("YIWANG_REGION", &c.Region)
	env("YIWANG_TRUSTED_PROXIES", &c.TrustedProxies)
	env("YIWANG_TLS_CERT", &c.TLSCert)
	env("YIWANG_TLS_KEY", &c.TLSKey)
	env("YIWANG_METRICS_ALLOW", &c.MetricsAllow)
	env("YIWANG_METRICS_TOKEN", &c.MetricsToken)
	env("YIWANG_DATA_KEY", &c.DataKey)
	sync := string(c.Sync)
	env("YIWANG_SYNC", &sync)
	c.Sync = store.Sync(sync)
	if v, err := strconv.Atoi(os.Getenv("YIWANG_MAX_UPLOAD_MB")); err == nil {
		c.MaxUploadMB = v
	}
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory (uploaded materials, and the SQLite file unless --db names one)")
	fs.StringVar(&c.DB, "db", c.DB, "database URL: sqlite:PATH (default: sqlite:DATA/"+store.DefaultFile+")")
	fs.StringVar(&c.DataKey, "data-key", c.DataKey,
		"file of the key (64 hex digits, mode 0600) that seals ID numbers, credit codes and phone numbers in the database; see gen-data-key")
	fs.StringVar(&c.Region, "region", c.Region, "行政区划代码 of this installation (6 digits)")
	fs.Func("sync", "SQLite synchronous: FULL (survives power loss) or NORMAL (faster; survives a process crash)", func(s string) error {
		c.Sync = store.Sync(s)
		return nil
	})
	fs.IntVar(&c.MaxUploadMB, "max-upload-mb", c.MaxUploadMB, "largest material file accepted, in MB")
	fs.DurationVar(&c.SweepEvery, "sweep-every", c.SweepEvery, "how often deadline sweeps run")
	fs.DurationVar(&c.SessionTTL, "session-ttl", c.SessionTTL, "how long a login lasts")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies,
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For names the client (default: none)")
	fs.StringVar(&c.TLSCert, "tls-cert", c.TLSCert, "PEM certificate (and chain) to serve HTTPS with; needs --tls-key")
	fs.StringVar(&c.TLSKey, "tls-key", c.TLSKey, "PEM private key of --tls-cert")
	fs.StringVar(&c.MetricsAllow, "metrics-allow", c.MetricsAllow, "comma-separated CIDRs of clients that may read /metrics (empty: only --metrics-token)")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken,
		"bearer token that lets a scraper read /metrics from anywhere (prefer YIWANG_METRICS_TOKEN: flags show in ps)")
	if demo {
		fs.StringVar(&c.DemoPassword, "demo-password", c.DemoPassword, "password of every demo account")
		fs.Func("now", "start the demo clock at this instant (RFC 3339, e.g. 2026-02-13T09:30:00+08:00)", func(s string) error {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return fmt.Errorf("--now must be RFC 3339, like 2026-02-13T09:30:00+08:00")
			}
			c.DemoNow = t
			return nil
		})
	}
}

// DatabaseURL is the database to open: --db, or the SQLite file in the data directory.
func (c *Config) DatabaseURL() string {
	if c.DB != "" {
		return c.DB
	}
	return "sqlite:" + filepath.Join(c.DataDir, store.DefaultFile)
}

var regionPattern = regexp.MustCompile(`^[0-9]{6}$`)

// Validate reports every problem at once.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("--addr is empty"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data is empty"))
	}
	if _, err := store.ParseSource(c.DatabaseURL()); err != nil {
		errs = append(errs, fmt.Errorf("--db: %w", err))
	}
	if !regionPattern.MatchString(c.Region) {
		errs = append(errs, fmt.Errorf("--region %q is not a 6-digit 行政区划代码", c.Region))
	}
	if c.Sync != store.SyncFull && c.Sync != store.SyncNormal {
		errs = append(errs, fmt.Errorf("--sync must be FULL or NORMAL, not %q", c.Sync))
	}
	if c.MaxUploadMB < 1 || c.MaxUploadMB > 200 {
		errs = append(errs, fmt.Errorf("--max-upload-mb must be 1..200"))
	}
	if c.SweepEvery < time.Second {
		errs = append(errs, fmt.Errorf("--sweep-every must be at least 1s"))
	}
	if c.SessionTTL < time.Minute {
		errs = append(errs, fmt.Errorf("--session-ttl must be at least 1m"))
	}
	if _, err := c.TrustedProxyPrefixes(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.MetricsAllowPrefixes(); err != nil {
		errs = append(errs, err)
	}
	switch {
	case c.TLSCert != "" && c.TLSKey == "":
		errs = append(errs, errors.New("--tls-cert needs --tls-key"))
	case c.TLSKey != "" && c.TLSCert == "":
		errs = append(errs, errors.New("--tls-key needs --tls-cert"))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("--metrics-token must have at least 16 characters"))
	}
	if _, err := c.LoadDataKey(); err != nil {
		errs = append(errs, err)
	}
	if len(c.DemoPassword) < 8 {
		errs = append(errs, fmt.Errorf("--demo-password must have at least 8 characters"))
	}
	return errors.Join(errs...)
}

// LoadDataKey reads the --data-key file; nil without one.
func (c *Config) LoadDataKey() (*sealed.Key, error) {
	if c.DataKey == "" {
		return nil, nil
	}
	k, err := sealed.Load(c.DataKey)
	if err != nil {
		return nil, fmt.Errorf("--data-key: %w", err)
	}
	return k, nil
}

// StoreOptions are the database options the configuration asks for.
func (c *Config) StoreOptions() (store.Options, error) {
	k, err := c.LoadDataKey()
	return store.Options{Sync: c.Sync, DataKey: k}, err
}

// TrustedProxyPrefixes parses TrustedProxies; a bare address is a prefix of its
// full length.
func (c *Config) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	return parsePrefixes("--trusted-proxies", c.TrustedProxies)
}

// MetricsAllowPrefixes parses MetricsAllow as TrustedProxyPrefixes does.
func (c *Config) MetricsAllowPrefixes() ([]netip.Prefix, error) {
	return parsePrefixes("--metrics-allow", c.MetricsAllow)
}

// parsePrefixes parses the comma-separated CIDRs or addresses of flag.
func parsePrefixes(flag, list string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	var bad []string
	for f := range strings.SplitSeq(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				bad = append(bad, strconv.Quote(f))
				continue
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		ps = append(ps, p.Masked())
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: %s not a CIDR (like 10.0.0.0/8) or an address", flag, strings.Join(bad, ", "))
	}
	return ps, nil
}

// TestConfig is the configuration end-to-end tests run with: a fresh data
// directory, any free port on 127.0.0.1, a sweep that tests trigger themselves, and
// sessions that outlast the weeks a test moves its clock through.
func TestConfig(dataDir string) Config {
	c := defaultConfig()
	c.DataDir, c.Addr, c.SweepEvery, c.SessionTTL = dataDir, "127.0.0.1:0", time.Hour, 365*24*time.Hour
	return c
}
