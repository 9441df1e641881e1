package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"yiwang/internal/testenv"
)

// journey runs the browser journey browser/journeys/NAME.mjs against env's server
// in headless Chromium (see browser/lib.mjs). Its screenshots go to
// $YIWANG_SCREENSHOTS (to look at) or the test's temporary directory.
func journey(t *testing.T, env *testenv.Env, name string) {
	t.Helper()
	bin := chromium(t)
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Node.js is not installed; scripts/test installs it")
		}
		t.Skip("Node.js is not installed; run scripts/test to install it")
	}
	if _, err := os.Stat("../../node_modules/playwright-core"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("playwright-core is not installed; scripts/test runs npm ci")
		}
		t.Skip("playwright-core is not installed; run scripts/test to install it")
	}
	shots := os.Getenv("YIWANG_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shots, _ = filepath.Abs(shots)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "browser/run.mjs", name)
	cmd.Env = append(os.Environ(), "YIWANG_URL="+env.URL, "CHROMIUM="+bin, "YIWANG_SCREENSHOTS="+shots,
		"YIWANG_JOURNEY="+name, "YIWANG_PASSWORD="+testenv.Password)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("journey %s: %v\n%s", name, err, out)
	}
}

func TestBrowserSignIn(t *testing.T) {
	env := testenv.Start(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	journey(t, env, "signin")
}

// TestBrowserApply: an online application from the guide to the decision, with a
// mistake on the form, uploads, a double-clicked confirmation, a correction and its
// supplement (apply.mjs).
func TestBrowserApply(t *testing.T) {
	env := testenv.Start(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	journey(t, env, "apply")
}
