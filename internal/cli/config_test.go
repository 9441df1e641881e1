package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"yiwang/internal/cli"
)

// TestTrustedProxies: --trusted-proxies takes CIDRs and bare addresses, and
// refuses anything else by name, before the server starts.
func TestTrustedProxies(t *testing.T) {
	tests := []struct {
		name, value string
		want        string // the prefixes, or "error"
	}{
		{name: "none", value: "", want: "[]"},
		{name: "cidrs and an address", value: "10.0.0.0/8, 192.168.1.7 ,fd00::/8", want: "[10.0.0.0/8 192.168.1.7/32 fd00::/8]"},
		{name: "host bits dropped", value: "10.1.2.3/8", want: "[10.0.0.0/8]"},
		{name: "not an address", value: "10.0.0.0/8,proxy.local", want: "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cli.Config{TrustedProxies: tt.value}
			ps, err := c.TrustedProxyPrefixes()
			got := fmt.Sprint(ps)
			if err != nil {
				got = "error"
			}
			if got != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"serve", "--data", t.TempDir(), "--trusted-proxies", "proxy.local"}, nil, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "--trusted-proxies") || !strings.Contains(errOut.String(), "proxy.local") {
		t.Fatalf("bad --trusted-proxies: %d %s", code, errOut.String())
	}
}
