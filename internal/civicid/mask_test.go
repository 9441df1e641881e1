package civicid

import "testing"

func TestMaskIDsInText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "no digits", in: "申请已受理", want: "申请已受理"},
		{name: "ID alone", in: "11010519491231002X", want: "110105********002X"},
		{name: "lower-case x kept", in: "11010519491231002x", want: "110105********002x"},
		{name: "all digits", in: "370211198503152138", want: "370211********2138"},
		{name: "in Chinese text", in: "身份证号码11010519491231002X校验位不正确", want: "身份证号码110105********002X校验位不正确"},
		{name: "after ASCII letters", in: "id=ID11010519491231002Xok", want: "id=ID110105********002Xok"},
		{name: "two IDs", in: "370211198503152138,37021119900721404X", want: "370211********2138,370211********404X"},
		{name: "invalid check digit masked anyway", in: "370211199001011234", want: "370211********1234"},
		{name: "17 digits left alone", in: "37021119850315213", want: "37021119850315213"},
		{name: "19 digits left alone", in: "1700000000123456789", want: "1700000000123456789"},
		{name: "18 digits then X", in: "370211198503152138X", want: "370211********2138X"},
		{name: "17 digits, X, digit", in: "11010519491231002X5", want: "110105********002X5"},
		{name: "digit, 17 digits, X: the 18 digits are masked", in: "911010519491231002X", want: "911010********1002X"},
		{name: "credit code left alone", in: "91110000600037341L", want: "91110000600037341L"},
		{name: "spaced ID is not a run", in: "110105 19491231 002X", want: "110105 19491231 002X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskIDsInText(tt.in); got != tt.want {
				t.Errorf("MaskIDsInText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzMaskIDsInText(f *testing.F) {
	for _, s := range []string{"", "11010519491231002X", "x11010519491231002xx", "1234567890123456789", "身份证370211198503152138。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := MaskIDsInText(s)
		if len(got) != len(s) {
			t.Fatalf("MaskIDsInText(%q) = %q changes the length", s, got)
		}
		for i := range len(s) {
			if got[i] != s[i] && (got[i] != '*' || !isDigit(s[i])) {
				t.Fatalf("MaskIDsInText(%q) = %q changes byte %d, which is not a digit", s, got, i)
			}
		}
		// Masking a run always changes it, so a second pass that changes
		// nothing shows that no ID-looking run was left behind.
		if again := MaskIDsInText(got); again != got {
			t.Fatalf("MaskIDsInText is not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}

func TestPhone(t *testing.T) {
	if p, err := ParsePhone(" 13800000001 "); err != nil || p != "13800000001" {
		t.Errorf("ParsePhone = %q, %v", p, err)
	}
	for _, bad := range []string{"", "23800000001", "1380000000", "138000000012", "1380000000a"} {
		if _, err := ParsePhone(bad); err == nil {
			t.Errorf("ParsePhone(%q) accepted", bad)
		}
	}
	if got := MaskPhone("13800000001"); got != "138****0001" {
		t.Errorf("MaskPhone = %q", got)
	}
	if got := MaskPhone("6688"); got != "6688" {
		t.Errorf("MaskPhone of a short value = %q", got)
	}
}
