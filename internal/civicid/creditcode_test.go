package civicid

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// withCreditChecks completes the first 16 characters of a credit code with a
// valid organisation code check character and the GB 32100 check character.
func withCreditChecks(t testing.TB, first16 string) string {
	t.Helper()
	first17 := first16 + string(orgCheckChar(first16[8:]))
	c, err := CreditCheckChar(first17)
	if err != nil {
		t.Fatalf("CreditCheckChar(%q): %v", first17, err)
	}
	return first17 + string(c)
}

func TestParseCreditCode(t *testing.T) {
	// A code whose overall check character is right but whose organisation
	// code check character (position 17) is not: only the GB 11714 check can
	// reject it.
	badOrg17 := "91370211MA3C0YQB2"
	badOrgChar, err := CreditCheckChar(badOrg17)
	if err != nil {
		t.Fatal(err)
	}
	badOrg := badOrg17 + string(badOrgChar)

	tests := []struct {
		name    string
		in      string
		want    CreditCode
		wantErr string
	}{
		{name: "published example 1", in: "91350100M000100Y43", want: "91350100M000100Y43"},
		{name: "published example 2", in: "91110000600037341L", want: "91110000600037341L"},
		{name: "demo company", in: "91370211MA3C0YQB11", want: "91370211MA3C0YQB11"},
		{name: "demo social organisation", in: "52370211MJD4R2P5XX", want: "52370211MJD4R2P5XX"},
		{name: "demo individual business", in: "92370211MA3E5H8N82", want: "92370211MA3E5H8N82"},
		{name: "lower case", in: "91350100m000100y43", want: "91350100M000100Y43"},
		{name: "surrounding spaces", in: " 91110000600037341l\n", want: "91110000600037341L"},
		{name: "org check X", in: withCreditChecks(t, "91370211MA3C0002"), want: CreditCode(withCreditChecks(t, "91370211MA3C0002"))},
		{name: "org check 0", in: withCreditChecks(t, "91370211MA3C0007"), want: CreditCode(withCreditChecks(t, "91370211MA3C0007"))},

		{name: "empty", in: "", wantErr: reasonCreditEmpty},
		{name: "only spaces", in: " \t", wantErr: reasonCreditEmpty},
		{name: "17 characters", in: "91350100M000100Y4", wantErr: reasonCreditLength},
		{name: "19 characters", in: "91350100M000100Y433", wantErr: reasonCreditLength},
		{name: "old 15-digit registration number", in: "370200018012345", wantErr: reasonCreditLength},
		{name: "letter I", in: "91350100M000100I43", wantErr: reasonCreditChars},
		{name: "letter O", in: "91350100MO00100Y43", wantErr: reasonCreditChars},
		{name: "letter S", in: "91350100S000100Y43", wantErr: reasonCreditChars},
		{name: "letter V", in: "91350100V000100Y43", wantErr: reasonCreditChars},
		{name: "letter Z", in: "91350100Z000100Y43", wantErr: reasonCreditChars},
		{name: "lower-case i is still I", in: "91350100m000100i43", wantErr: reasonCreditChars},
		{name: "long s does not become S", in: "91350100M000100\u017f43", wantErr: reasonCreditChars},
		{name: "hyphen", in: "91350100-000100Y43", wantErr: reasonCreditChars},
		{name: "full-width", in: "９１３５０１００Ｍ０００１００Ｙ４３", wantErr: reasonCreditChars},
		{name: "letter in division code", in: "9135A100M000100Y43", wantErr: reasonCreditDivision},
		{name: "probably invalid example", in: "911100001011011200", wantErr: reasonCreditCheck},
		{name: "last character changed", in: "91350100M000100Y44", wantErr: reasonCreditCheck},
		{name: "organisation code check wrong", in: badOrg, wantErr: reasonCreditOrgCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCreditCode(tt.in)
			if reason := reasonOf(t, err); reason != tt.wantErr {
				t.Fatalf("ParseCreditCode(%q) error = %q, want %q", tt.in, reason, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseCreditCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCreditCheckChar(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    byte
		wantErr bool
	}{
		{name: "published example 1", in: "91350100M000100Y4", want: '3'},
		{name: "published example 2", in: "91110000600037341", want: 'L'},
		{name: "sum mod 31 is 0", in: "00000000000000000", want: '0'},
		{name: "16 characters", in: "91350100M000100Y", wantErr: true},
		{name: "18 characters", in: "91350100M000100Y43", wantErr: true},
		{name: "letter outside alphabet", in: "91350100M000100I4", wantErr: true},
		{name: "lower case", in: "91350100m000100y4", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CreditCheckChar(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CreditCheckChar(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if reason := reasonOf(t, err); reason != reasonCreditBody {
					t.Errorf("CreditCheckChar(%q) error = %q, want %q", tt.in, reason, reasonCreditBody)
				}
				return
			}
			if got != tt.want {
				t.Errorf("CreditCheckChar(%q) = %c, want %c", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrgCheckChar(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want byte
	}{
		{name: "published example 1", in: "M000100Y", want: '4'},
		{name: "published example 2", in: "60003734", want: '1'},
		{name: "11 - r = 10 gives X", in: "MA3C0002", want: 'X'},
		{name: "11 - r = 11 gives 0", in: "MA3C0007", want: '0'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orgCheckChar(tt.in); got != tt.want {
				t.Errorf("orgCheckChar(%q) = %c, want %c", tt.in, got, tt.want)
			}
		})
	}
}

// The mod 31 check detects every single substitution within the alphabet, and
// anything outside it fails the alphabet check, so changing any one character
// of a valid code must be rejected.
func TestParseCreditCodeRejectsEverySingleSubstitution(t *testing.T) {
	valid := []string{
		"91350100M000100Y43",
		"91110000600037341L",
		"91370211MA3C0YQB11",
		"52370211MJD4R2P5XX",
		withCreditChecks(t, "Y1370211MA3C0007"),
	}
	const replacements = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*- "
	for _, code := range valid {
		if _, err := ParseCreditCode(code); err != nil {
			t.Fatalf("fixture %s: %v", code, err)
		}
		for pos := range len(code) {
			for _, r := range []byte(replacements) {
				if r == code[pos] {
					continue
				}
				changed := code[:pos] + string(r) + code[pos+1:]
				if got, err := ParseCreditCode(changed); err == nil {
					t.Errorf("ParseCreditCode(%q) = %q, want error (changed position %d of %s)", changed, got, pos+1, code)
				}
			}
		}
	}
}

// Credit codes are public, so every output form is the code itself.
func TestCreditCodeIsNotMasked(t *testing.T) {
	c := CreditCode("91350100M000100Y43")
	for name, got := range map[string]string{
		"Masked":   c.Masked(),
		"String":   c.String(),
		"LogValue": c.LogValue().String(),
		"%v":       fmt.Sprintf("%v", c),
	} {
		if got != string(c) {
			t.Errorf("%s = %q, want %q", name, got, string(c))
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("registered", "code", c)
	if !strings.Contains(buf.String(), "code=91350100M000100Y43") {
		t.Errorf("log output %q lacks the code", buf.String())
	}
}
