package casework

import "testing"

func TestNormalizeLookup(t *testing.T) {
	const number, code = "20260209-37021101-0001", "12345678"
	tests := []struct {
		name         string
		number, code string
	}{
		{name: "as printed", number: number, code: code},
		{name: "spaces around and inside", number: " 20260209 - 37021101 - 0001 ", code: " 1234 5678 "},
		{name: "full-width digits and dashes", number: "２０２６０２０９－３７０２１１０１－０００１", code: "１２３４５６７８"},
		{name: "ideographic space", number: "20260209\u300037021101\u30000001", code: "12345678"},
		{name: "without dashes", number: "20260209370211010001", code: code},
		{name: "en and em dashes", number: "20260209–37021101—0001", code: code},
		{name: "minus sign and katakana dash", number: "20260209−37021101ー0001", code: code},
		{name: "zero-width space", number: "20260209-37021101-\u200b0001", code: code},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, c := NormalizeLookup(tt.number, tt.code)
			if n != number || c != code {
				t.Errorf("NormalizeLookup(%q, %q) = %q, %q; want %q, %q", tt.number, tt.code, n, c, number, code)
			}
		})
	}
	// Not a case number: left as typed (but folded), so it is simply not found.
	if n, _ := NormalizeLookup("2026020937021101000", ""); n != "2026020937021101000" {
		t.Errorf("19 digits became %q", n)
	}
}
