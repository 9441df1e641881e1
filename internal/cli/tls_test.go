package cli_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yiwang/internal/cli"
)

// selfSigned writes a certificate for 127.0.0.1 and its key into dir, and returns
// their files and a pool that trusts the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "yiwang test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(file, kind string, der []byte) {
		if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "PRIVATE KEY", keyDER)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestServeTLS: with --tls-cert and --tls-key, serve speaks HTTPS, says so in the
// address it prints, and its session cookie is Secure.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	var out, errOut bytes.Buffer
	if code := cli.Run(context.Background(), []string{"create-admin", "--data", dir, "--username", "root"},
		strings.NewReader("a-long-password\n"), &out, &errOut); code != 0 {
		t.Fatalf("create-admin: %d %s", code, errOut.String())
	}
	url, _, stop := runCommand(t, "serve", "--data", dir, "--tls-cert", certFile, "--tls-key", keyFile)
	defer stop()
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("serve with a certificate prints %s, want https://", url)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()
	resp, err := client.Post(url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"root","password":"a-long-password"}`))
	if err != nil {
		t.Fatalf("log-in over HTTPS: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Fatalf("log-in over HTTPS: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "yiwang_session" {
			session = c
		}
	}
	if session == nil || !session.Secure || !session.HttpOnly {
		t.Fatalf("session cookie over HTTPS: %+v, want Secure and HttpOnly", session)
	}
	// The port speaks nothing but TLS.
	plain, err := http.Get("http://" + strings.TrimPrefix(url, "https://") + "/healthz")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode == http.StatusOK {
			t.Fatalf("plain HTTP to the TLS port: %d, want refused", plain.StatusCode)
		}
	}
}

// TestTransportFlags: --tls-cert and --tls-key come together, a certificate that
// does not load and a bad --metrics-allow stop the command naming the flag, and
// a metrics token is long enough not to be guessed.
func TestTransportFlags(t *testing.T) {
	certFile, keyFile, _ := selfSigned(t, t.TempDir())
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "certificate without key", args: []string{"--tls-cert", certFile}, want: "--tls-cert needs --tls-key"},
		{name: "key without certificate", args: []string{"--tls-key", keyFile}, want: "--tls-key needs --tls-cert"},
		{name: "missing certificate file", args: []string{"--tls-cert", filepath.Join(t.TempDir(), "none.pem"), "--tls-key", keyFile},
			want: "--tls-cert"},
		{name: "key and certificate swapped", args: []string{"--tls-cert", keyFile, "--tls-key", certFile}, want: "--tls-cert"},
		{name: "bad metrics allow list", args: []string{"--metrics-allow", "10.0.0.0/8,scraper.local"}, want: `--metrics-allow: "scraper.local"`},
		{name: "short metrics token", args: []string{"--metrics-token", "short"}, want: "--metrics-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
			code := cli.Run(context.Background(), args, nil, &out, &errOut)
			if code == 0 || !strings.Contains(errOut.String(), tt.want) {
				t.Fatalf("got %d %q, want an error saying %q", code, errOut.String(), tt.want)
			}
			if strings.Contains(out.String(), "listening") {
				t.Fatalf("listened despite the error: %s", out.String())
			}
		})
	}
}

// TestTransportEnvironment: the flags have YIWANG_* equivalents, as the others do.
func TestTransportEnvironment(t *testing.T) {
	t.Setenv("YIWANG_TLS_CERT", "cert.pem")
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, nil, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "--tls-cert needs --tls-key") {
		t.Fatalf("YIWANG_TLS_CERT alone: %d %q, want it refused like --tls-cert alone", code, errOut.String())
	}
	t.Setenv("YIWANG_TLS_CERT", "")
	t.Setenv("YIWANG_METRICS_ALLOW", "not-an-address")
	errOut.Reset()
	code = cli.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, nil, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "--metrics-allow") {
		t.Fatalf("YIWANG_METRICS_ALLOW: %d %q, want it refused", code, errOut.String())
	}
}
