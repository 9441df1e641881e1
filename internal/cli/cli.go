package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/demo"
	"yiwang/internal/sealed"
	"yiwang/internal/store"
)

const usage = `yiwang — 政务服务平台

usage:
  yiwang demo    [--addr 127.0.0.1:8080] [--data ./data] [--now 2026-02-13T09:30:00+08:00] [--demo-password P]
                 serve with a demo district (seeded once, into an empty data directory)
  yiwang serve   [--addr 127.0.0.1:8080] [--data ./data]     serve
  yiwang migrate [--data ./data]                              bring the database schema up to date
  yiwang create-admin --username NAME [--data ./data]         create an administrator (password on stdin)
  yiwang audit verify [--data ./data]                         check the audit trail's hash chain
  yiwang gen-data-key FILE                                    write a new key for --data-key (mode 0600)
  yiwang version

every command but version and gen-data-key also takes --db sqlite:PATH, the database (default: yiwang.db
  in --data), and --data-key FILE, the key that seals personal data in it (keep a copy apart from the database)
serve and demo also take --tls-cert FILE --tls-key FILE (HTTPS), --trusted-proxies CIDRS,
  --metrics-allow CIDRS (default loopback) and --metrics-token TOKEN; see --help
`

// Run runs the yiwang command line and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = serve(ctx, rest, stdout, log, false)
	case "demo":
		err = serve(ctx, rest, stdout, log, true)
	case "migrate":
		err = migrate(ctx, rest, stdout)
	case "create-admin":
		err = createAdmin(ctx, rest, stdin, stdout, log)
	case "audit":
		if len(rest) == 0 || rest[0] != "verify" {
			fmt.Fprint(stderr, usage)
			return 2
		}
		var ok bool
		ok, err = auditVerify(ctx, rest[1:], stdout, log)
		if err == nil && !ok {
			return 1
		}
	case "gen-data-key":
		err = genDataKey(rest, stdout)
	case "version":
		fmt.Fprintln(stdout, "yiwang", version())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "yiwang: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "yiwang:", err)
		return 1
	}
	return 0
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return bi.Main.Version + " " + s.Value
			}
		}
		return bi.Main.Version
	}
	return "unknown"
}

func parse(name string, args []string, demoFlags bool, extra func(*flag.FlagSet)) (Config, error) {
	c := defaultConfig()
	fs := flag.NewFlagSet("yiwang "+name, flag.ContinueOnError)
	c.flags(fs, demoFlags)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.Validate()
}

func serve(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger, isDemo bool) error {
	name := map[bool]string{false: "serve", true: "demo"}[isDemo]
	cfg, err := parse(name, args, isDemo, nil)
	if err != nil {
		return err
	}
	var clock app.Clock = app.SystemClock{}
	if !cfg.DemoNow.IsZero() {
		clock = app.NewOffsetClock(cfg.DemoNow)
	}
	m := &Main{Config: cfg, Log: log, Out: stdout}
	defer m.Close()
	if err := m.Open(ctx, clock); err != nil {
		return err
	}
	if err := checkClock(ctx, m.DB, clock.Now()); err != nil {
		return err
	}
	if isDemo {
		if err := seedIfEmpty(ctx, m, clock.Now(), log); err != nil {
			return err
		}
	}
	if !isDemo && !hasUsers(ctx, m) {
		db := ""
		if cfg.DB != "" {
			db = " --db " + cfg.DB
		}
		m.printf("no accounts yet: create an administrator with `yiwang create-admin --data %s%s --username NAME`\n", cfg.DataDir, db)
	}
	m.printf("yiwang %s listening on %s\n", name, m.URL)
	if isDemo {
		m.printf("clock: %s\n", clock.Now().Format(time.RFC3339))
		printLogins(m, cfg.DemoPassword)
	}
	return m.Run(ctx)
}

// checkClock refuses to start at an instant before the newest audit entry: time
// in the audit trail never runs backwards (a demo restarted with an earlier --now).
func checkClock(ctx context.Context, db *store.DB, now time.Time) error {
	var latest time.Time
	err := db.Read(ctx, func(tx *store.Tx) (err error) {
		latest, err = tx.LatestAuditTime(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if now.Before(latest) {
		return fmt.Errorf("the clock (%s) is before the newest audit entry (%s); use a later --now or a new --data directory",
			now.Format(time.RFC3339), latest.Format(time.RFC3339))
	}
	return nil
}

// The demo seed marks its start and its end in the settings, so that a seed that
// failed halfway is never served as if it were the demo.
const (
	seedStarted  = "demo_seed_started"
	seedFinished = "demo_seed_finished"
)

func seedIfEmpty(ctx context.Context, m *Main, now time.Time, log *slog.Logger) error {
	started, finished := setting(ctx, m.DB, seedStarted), setting(ctx, m.DB, seedFinished)
	_, err := m.Service.UserByUsername(ctx, "admin")
	switch {
	case started != "" && finished == "":
		return fmt.Errorf("the demo seed in %s did not finish (started %s); remove the directory or use another --data",
			m.Config.DataDir, started)
	case started != "" || err == nil:
		m.printf("data directory %s already has data: serving it as it is\n", m.Config.DataDir)
		return nil
	}
	if err := setSetting(ctx, m.DB, seedStarted, now.Format(time.RFC3339)); err != nil {
		return err
	}
	s := &demo.Seeder{DB: m.DB, Blobs: m.Blobs, Region: m.Config.Region, Password: m.Config.DemoPassword, Log: log}
	if err := s.Seed(ctx, now); err != nil {
		return fmt.Errorf("%w (remove %s before trying again)", err, m.Config.DataDir)
	}
	if err := setSetting(ctx, m.DB, seedFinished, now.Format(time.RFC3339)); err != nil {
		return err
	}
	m.printf("seeded the demo district into %s\n", m.Config.DataDir)
	return nil
}

func setting(ctx context.Context, db *store.DB, key string) string {
	var v string
	_ = db.Read(ctx, func(tx *store.Tx) (err error) {
		v, err = tx.Setting(ctx, key)
		return err
	})
	return v
}

func setSetting(ctx context.Context, db *store.DB, key, value string) error {
	return db.InTx(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, key, value) })
}

func printLogins(m *Main, password string) {
	m.printf("\ndemo logins (password %q):\n", password)
	for _, l := range demo.Logins {
		m.printf("  %-14s %-20s %s\n", l.Username, l.Role, l.Note)
	}
	m.printf("\nopen %s/ in a browser; API: POST %s/api/v1/auth/login\n", m.URL, m.URL)
}

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, err := parse("migrate", args, false, nil)
	if err != nil {
		return err
	}
	opt, err := cfg.StoreOptions()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL(), opt)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "database", db.Path, "is up to date")
	return db.Close()
}

// openService opens the database (migrating it), the blob directory and the
// service on them; Open serves it, the offline commands use it directly.
func openService(ctx context.Context, cfg Config, clock app.Clock, log *slog.Logger) (*store.DB, *blob.Dir, *app.Service, error) {
	opt, err := cfg.StoreOptions()
	if err != nil {
		return nil, nil, nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL(), opt)
	if err != nil {
		return nil, nil, nil, err
	}
	blobs, err := blob.NewDir(filepath.Join(cfg.DataDir, "blobs"), int64(cfg.MaxUploadMB)<<20)
	if err == nil {
		var svc *app.Service
		if svc, err = app.New(ctx, db, blobs, clock, app.Config{Region: cfg.Region, SessionTTL: cfg.SessionTTL}, log); err == nil {
			return db, blobs, svc, nil
		}
	}
	db.Close()
	return nil, nil, nil, err
}

func createAdmin(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	var username, name string
	cfg, err := parse("create-admin", args, false, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "administrator's username")
		fs.StringVar(&name, "name", "系统管理员", "administrator's name")
	})
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, "password: ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("no password given on standard input")
	}
	db, _, svc, err := openService(ctx, cfg, app.SystemClock{}, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := svc.BootstrapAdmin(ctx, username, name, strings.TrimRight(line, "\r\n")); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nadministrator", username, "created")
	return nil
}

func auditVerify(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) (bool, error) {
	cfg, err := parse("audit verify", args, false, nil)
	if err != nil {
		return false, err
	}
	// Verifying must not create an empty database and call it intact.
	src, err := store.ParseSource(cfg.DatabaseURL())
	if err != nil {
		return false, err
	}
	if _, err := os.Stat(src.Path); err != nil {
		return false, fmt.Errorf("no database at %s", src.Path)
	}
	db, _, svc, err := openService(ctx, cfg, app.SystemClock{}, log)
	if err != nil {
		return false, err
	}
	defer db.Close()
	rep, err := svc.VerifyAuditTrail(ctx)
	if err != nil {
		return false, err
	}
	if rep.OK {
		fmt.Fprintf(stdout, "audit trail intact: %d events verified\n", rep.Entries)
		return true, nil
	}
	fmt.Fprintf(stdout, "AUDIT TRAIL TAMPERED: %d events read, %d problems\n", rep.Entries, len(rep.Problems))
	for _, p := range rep.Problems {
		fmt.Fprintf(stdout, "  region %s event #%d: %s — %s\n", p.Region, p.Seq, p.Kind, p.Detail)
	}
	return false, nil
}

// genDataKey writes a new key for --data-key. It refuses to overwrite a file: a
// replaced key loses everything sealed with it.
func genDataKey(args []string, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return errors.New("usage: yiwang gen-data-key FILE")
	}
	if err := sealed.Generate(args[0]); err != nil {
		return fmt.Errorf("gen-data-key: %w", err)
	}
	fmt.Fprintf(stdout, "wrote a new data key to %s (mode 0600)\n"+
		"keep a copy apart from the database and its backups: without the key, the data it seals cannot be read\n", args[0])
	return nil
}

func hasUsers(ctx context.Context, m *Main) bool {
	var n int
	_ = m.DB.Read(ctx, func(tx *store.Tx) error {
		us, err := tx.FindUsers(ctx, 0, 1)
		n = len(us)
		return err
	})
	return n > 0
}
