package civicid

import (
	"strings"
	"testing"
)

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{
		"", " ", "11010519491231002X", "11010519491231002x", " 370211198503152138 ",
		"440524188001010014", "370211199002291234", "１１０１０５１９４９１２３１００２Ｘ",
		"xxxxxxxxxxxxxxxxxx", "\u300037021119900721404X", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIDNumber(s)
		if err != nil {
			if id != "" {
				t.Fatalf("ParseIDNumber(%q) returned %q with error %v", s, id.Full(), err)
			}
			reasonOf(t, err)
			return
		}
		full := id.Full()
		again, err := ParseIDNumber(full)
		if err != nil || again != id {
			t.Fatalf("re-parsing %q = %q, %v; want it unchanged", full, again.Full(), err)
		}
		if len(full) != 18 || strings.TrimSpace(s) != full && strings.ToUpper(strings.TrimSpace(s)) != full {
			t.Fatalf("ParseIDNumber(%q) = %q is not the trimmed, upper-cased input", s, full)
		}
		c, err := IDCheckChar(full[:17])
		if err != nil || c != full[17] {
			t.Fatalf("IDCheckChar(%q) = %c, %v; want %c", full[:17], c, err, full[17])
		}
		if y, m, d := id.Birth(); y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 {
			t.Fatalf("Birth() of %q = %d-%d-%d", full, y, m, d)
		}
		if got, want := MaskIDsInText(full), id.Masked(); got != want || strings.Contains(want, full[6:14]) {
			t.Fatalf("MaskIDsInText(%q) = %q, Masked() = %q", full, got, want)
		}
	})
}

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"", "91350100M000100Y43", "91110000600037341l", "911100001011011200", "9135A100M000100Y43", "\u017f\u017f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCreditCode(s)
		if err != nil {
			if c != "" {
				t.Fatalf("ParseCreditCode(%q) returned %q with error %v", s, c, err)
			}
			reasonOf(t, err)
			return
		}
		again, err := ParseCreditCode(string(c))
		if err != nil || again != c {
			t.Fatalf("re-parsing %q = %q, %v; want it unchanged", c, again, err)
		}
		want, err := CreditCheckChar(string(c[:17]))
		if err != nil || want != c[17] {
			t.Fatalf("CreditCheckChar(%q) = %c, %v; want %c", c[:17], want, err, c[17])
		}
		if orgCheckChar(string(c[8:16])) != c[16] {
			t.Fatalf("organisation code of %q does not check", c)
		}
	})
}
