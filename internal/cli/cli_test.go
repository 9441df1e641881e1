package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"yiwang/internal/cli"
)

// syncBuffer collects a server's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (https?://\S+)`)

// runDemo runs `yiwang demo` with args until the test stops it; it returns the URL
// and the output so far.
func runDemo(t *testing.T, args ...string) (url string, out *syncBuffer, stop func() int) {
	t.Helper()
	return runCommand(t, "demo", args...)
}

// runCommand runs `yiwang demo` or `yiwang serve` on any free port, as runDemo does.
func runCommand(t *testing.T, command string, args ...string) (url string, out *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, append([]string{command, "--addr", "127.0.0.1:0"}, args...), nil, out, io.Discard)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("%s exited with %d: %s", command, code, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("%s did not start: %s", command, out.String())
	return "", nil, nil
}

func getJSON(t *testing.T, url, token string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return resp.StatusCode
}

func login(t *testing.T, url, user, password string) string {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"`+user+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("login %s: %d %v", user, resp.StatusCode, err)
	}
	return out.Token
}

// TestDemo starts the demo as a newcomer does, at a fixed instant, checks what it
// prints and serves, then restarts it later on the same data.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	url, out, stop := runDemo(t, "--data", dir, "--now", "2026-02-13T09:30:00+08:00", "--demo-password", "demo-pass-1")
	for _, want := range []string{"seeded the demo district", "clock: 2026-02-13T09:30", "admin", "clerk", "approver", "supervisor", "zhangsan", `"demo-pass-1"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	if code := getJSON(t, url+"/healthz", "", nil); code != http.StatusOK {
		t.Fatalf("healthz: %d", code)
	}
	sup := login(t, url, "supervisor", "demo-pass-1")
	var list struct {
		Cases []struct{ Status, Light string }
	}
	getJSON(t, url+"/api/v1/cases?status=submitted,awaiting_correction,accepted,in_review,approved,denied,refused,withdrawn", sup, &list)
	statuses, lights := map[string]bool{}, map[string]bool{}
	for _, c := range list.Cases {
		statuses[c.Status], lights[c.Light] = true, true
	}
	for _, s := range []string{"submitted", "awaiting_correction", "accepted", "in_review", "approved", "denied", "refused", "withdrawn"} {
		if !statuses[s] {
			t.Errorf("no demo case is %s", s)
		}
	}
	for _, l := range []string{"blue", "yellow", "red"} {
		if !lights[l] {
			t.Errorf("no demo case is %s", l)
		}
	}
	var rep struct{ OK bool }
	getJSON(t, url+"/api/v1/audit/verify", sup, &rep)
	if !rep.OK {
		t.Errorf("demo audit trail does not verify")
	}
	if code := stop(); code != 0 {
		t.Fatalf("demo exit code %d", code)
	}

	// Later, on the same directory: served as it is, not seeded again.
	url, out, stop = runDemo(t, "--data", dir, "--now", "2026-02-27T09:30:00+08:00", "--demo-password", "demo-pass-1")
	if !strings.Contains(out.String(), "already has data") || strings.Contains(out.String(), "seeded") {
		t.Errorf("restart output:\n%s", out.String())
	}
	if code := getJSON(t, url+"/healthz", "", nil); code != http.StatusOK {
		t.Fatalf("healthz after restart: %d", code)
	}
	stop()

	// Earlier than the newest audit entry: refused.
	var errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"demo", "--addr", "127.0.0.1:0", "--data", dir, "--now", "2026-02-01T09:00:00+08:00"}, nil, io.Discard, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "before the newest audit entry") {
		t.Errorf("--now in the past: exit %d, %s", code, errOut.String())
	}
}

// TestCommands covers the small subcommands.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := cli.Run(ctx, []string{"migrate", "--data", dir}, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Fatalf("migrate: %d %s %s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := cli.Run(ctx, []string{"create-admin", "--data", dir, "--username", "root"}, strings.NewReader("a-long-password\n"), &out, &errOut); code != 0 {
		t.Fatalf("create-admin: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := cli.Run(ctx, []string{"audit", "verify", "--data", dir}, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "intact") {
		t.Fatalf("audit verify: %d %s", code, out.String())
	}
	if code := cli.Run(ctx, []string{"version"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("version: %d", code)
	}
	errOut.Reset()
	if code := cli.Run(ctx, []string{"serve", "--region", "12"}, nil, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "region") {
		t.Fatalf("bad region: %d %s", code, errOut.String())
	}
	if code := cli.Run(ctx, []string{"frobnicate"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "yiwang.db")); err != nil {
		t.Fatal(err)
	}
}

// TestDatabaseFlag: --db names the SQLite file apart from the data directory, and
// an engine that is not there yet is refused by name rather than mistaken for a path.
func TestDatabaseFlag(t *testing.T) {
	ctx := context.Background()
	dir, dbDir := t.TempDir(), t.TempDir()
	file := filepath.Join(dbDir, "sub", "other.db")
	var out, errOut bytes.Buffer
	if code := cli.Run(ctx, []string{"migrate", "--data", dir, "--db", "sqlite:" + file}, nil, &out, &errOut); code != 0 {
		t.Fatalf("migrate --db: %d %s", code, errOut.String())
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("--db file not created: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "yiwang.db")); err == nil {
		t.Fatal("--db given, but the data directory got a database too")
	}
	t.Setenv("YIWANG_DB", "sqlite:"+file)
	out.Reset()
	if code := cli.Run(ctx, []string{"audit", "verify", "--data", dir}, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "intact") {
		t.Fatalf("audit verify with YIWANG_DB: %d %s %s", code, out.String(), errOut.String())
	}
	for _, tc := range []struct{ name, db, want string }{
		{"postgres", "postgres://db.example/yiwang", "not supported yet"},
		{"unknown scheme", "mysql://db.example/yiwang", `unknown database scheme "mysql"`},
		{"empty sqlite path", "sqlite:", "names no database file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errOut.Reset()
			code := cli.Run(ctx, []string{"migrate", "--data", dir, "--db", tc.db}, nil, &out, &errOut)
			if code == 0 || !strings.Contains(errOut.String(), "--db") || !strings.Contains(errOut.String(), tc.want) {
				t.Fatalf("got %d %q, want an error on --db saying %q", code, errOut.String(), tc.want)
			}
		})
	}
}

// TestCrashLosesNothingAcknowledged kills the server process with SIGKILL right
// after it acknowledged a series of submissions, restarts it, and finds them all.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "yiwang")
	if out, err := exec.Command("go", "build", "-o", bin, "yiwang/cmd/yiwang").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--data", dir, "--demo-password", "demo-pass-1")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				go io.Copy(io.Discard, stdout)
				return cmd, m[1]
			}
		}
		cmd.Process.Kill()
		t.Fatalf("server did not start")
		return nil, ""
	}
	cmd, url := start()
	token := login(t, url, "clerk", "demo-pass-1")
	var numbers []string
	for i := 0; i < 20; i++ {
		body := `{"item":"370211-GG-0001","applicant":{"kind":"person","name":"李四","id_number":"37021119900721404X","phone":"13800000003"},` +
			`"form":{"姓名":"李四","身份证号":"37021119900721404X","户籍地址":"青岛市市北区辽宁路1号","领卡方式":"窗口领取","联系电话":"13800000003"},` +
			`"materials":[{"material":"m1","paper":true}]}`
		req, _ := http.NewRequest("POST", url+"/api/v1/cases", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var c struct{ Number string }
		json.NewDecoder(resp.Body).Decode(&c)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("submit %d: %d", i, resp.StatusCode)
		}
		numbers = append(numbers, c.Number)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	cmd.Wait()

	cmd, url = start()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	token = login(t, url, "clerk", "demo-pass-1")
	for _, n := range numbers {
		if code := getJSON(t, url+"/api/v1/cases/"+n, token, nil); code != http.StatusOK {
			t.Errorf("case %s acknowledged before the crash: %d after restart", n, code)
		}
	}
	var rep struct{ OK bool }
	getJSON(t, url+"/api/v1/audit/verify", login(t, url, "supervisor", "demo-pass-1"), &rep)
	if !rep.OK {
		t.Errorf("audit trail broken after the crash")
	}
}
