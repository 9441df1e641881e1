package civicid

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// withIDCheck completes 17 digits with their check character, so fixtures are
// built by the algorithm under test rather than copied from real people.
func withIDCheck(t testing.TB, first17 string) string {
	t.Helper()
	c, err := IDCheckChar(first17)
	if err != nil {
		t.Fatalf("IDCheckChar(%q): %v", first17, err)
	}
	return first17 + string(c)
}

// reasonOf returns the Reason of err, failing the test if err is not *Error.
func reasonOf(t testing.TB, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not *Error", err, err)
	}
	if e.Reason == "" || e.Error() != e.Reason {
		t.Fatalf("Error() = %q, Reason = %q", e.Error(), e.Reason)
	}
	return e.Reason
}

func TestParseIDNumber(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    IDNumber
		wantErr string
	}{
		{name: "GB 11643 example", in: "11010519491231002X", want: "11010519491231002X"},
		{name: "lower-case x", in: "11010519491231002x", want: "11010519491231002X"},
		{name: "surrounding spaces", in: "  11010519491231002X\t\n", want: "11010519491231002X"},
		{name: "full-width space from an IME", in: "\u300011010519491231002X\u3000", want: "11010519491231002X"},
		{name: "demo Qingdao 1985", in: "370211198503152138", want: "370211198503152138"},
		{name: "demo Qingdao 1990 with X", in: "37021119900721404X", want: "37021119900721404X"},
		{name: "demo Qingdao 1990", in: "370211199011085623", want: "370211199011085623"},
		{name: "leap day 2000", in: withIDCheck(t, "37021120000229123"), want: IDNumber(withIDCheck(t, "37021120000229123"))},
		{name: "first allowed year", in: withIDCheck(t, "37021119000101123"), want: IDNumber(withIDCheck(t, "37021119000101123"))},
		{name: "Hong Kong resident permit", in: withIDCheck(t, "81000019900101123"), want: IDNumber(withIDCheck(t, "81000019900101123"))},
		{name: "Taiwan resident permit", in: withIDCheck(t, "83000019900101123"), want: IDNumber(withIDCheck(t, "83000019900101123"))},
		{name: "foreigner permanent residence", in: withIDCheck(t, "91000019900101123"), want: IDNumber(withIDCheck(t, "91000019900101123"))},

		{name: "empty", in: "", wantErr: reasonIDEmpty},
		{name: "only spaces", in: "   ", wantErr: reasonIDEmpty},
		{name: "17 characters", in: "11010519491231002", wantErr: reasonIDLength},
		{name: "19 characters", in: "11010519491231002X1", wantErr: reasonIDLength},
		{name: "old 15-digit number", in: "110105491231002", wantErr: reasonIDLength},
		{name: "inner space", in: "110105 19491231002X", wantErr: reasonIDLength},
		{name: "full-width digits", in: "１１０１０５１９４９１２３１００２Ｘ", wantErr: reasonIDChars},
		{name: "letter in body", in: "1101051949123100AX", wantErr: reasonIDChars},
		{name: "X not last", in: "1101051949123100X2", wantErr: reasonIDChars},
		{name: "other check letter", in: "11010519491231002Y", wantErr: reasonIDChars},
		{name: "province 00", in: withIDCheck(t, "00021119900101123"), wantErr: reasonIDProvince},
		{name: "province 16", in: withIDCheck(t, "16021119900101123"), wantErr: reasonIDProvince},
		{name: "province 99", in: withIDCheck(t, "99021119900101123"), wantErr: reasonIDProvince},
		// The standard's own example: its check character is right (see
		// TestIDCheckChar), but yiwang only accepts births from 1900 on.
		{name: "GB 11643 example born 1880", in: "440524188001010014", wantErr: reasonIDBirth},
		{name: "year 1899", in: withIDCheck(t, "37021118991231123"), wantErr: reasonIDBirth},
		{name: "month 00", in: withIDCheck(t, "37021119900001123"), wantErr: reasonIDBirth},
		{name: "month 13", in: withIDCheck(t, "37021119901301123"), wantErr: reasonIDBirth},
		{name: "day 00", in: withIDCheck(t, "37021119900100123"), wantErr: reasonIDBirth},
		{name: "day 32", in: withIDCheck(t, "37021119900132123"), wantErr: reasonIDBirth},
		{name: "April 31", in: withIDCheck(t, "37021119900431123"), wantErr: reasonIDBirth},
		{name: "Feb 29 in 1900, not a leap year", in: withIDCheck(t, "37021119000229123"), wantErr: reasonIDBirth},
		{name: "Feb 29 in 1990", in: withIDCheck(t, "37021119900229123"), wantErr: reasonIDBirth},
		{name: "wrong check digit", in: "370211199001011234", wantErr: reasonIDCheck},
		{name: "digit instead of X", in: "110105194912310020", wantErr: reasonIDCheck},
		{name: "X instead of digit", in: "37021119850315213X", wantErr: reasonIDCheck},
		{name: "lower-case x where a digit belongs", in: "37021119850315213x", wantErr: reasonIDCheck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIDNumber(tt.in)
			if reason := reasonOf(t, err); reason != tt.wantErr {
				t.Fatalf("ParseIDNumber(%q) error = %q, want %q", tt.in, reason, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseIDNumber(%q) = %q, want %q", tt.in, got.Full(), tt.want.Full())
			}
		})
	}
}

func TestIDCheckChar(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    byte
		wantErr bool
	}{
		{name: "GB 11643 example with X", in: "11010519491231002", want: 'X'},
		{name: "GB 11643 example born 1880", in: "44052418800101001", want: '4'},
		{name: "sum mod 11 is 0", in: "00000000000000000", want: '1'},
		{name: "Qingdao 1990", in: "37021119900101123", want: '3'},
		{name: "16 digits", in: "1101051949123100", wantErr: true},
		{name: "18 digits", in: "110105194912310021", wantErr: true},
		{name: "letter", in: "1101051949123100X", wantErr: true},
		{name: "empty", in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IDCheckChar(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("IDCheckChar(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if reason := reasonOf(t, err); reason != reasonIDBody {
					t.Errorf("IDCheckChar(%q) error = %q, want %q", tt.in, reason, reasonIDBody)
				}
				return
			}
			if got != tt.want {
				t.Errorf("IDCheckChar(%q) = %c, want %c", tt.in, got, tt.want)
			}
		})
	}
}

// MOD 11-2 detects every single-character substitution, so changing any one
// character of a valid number to anything else must be rejected.
func TestParseIDNumberRejectsEverySingleSubstitution(t *testing.T) {
	valid := []string{
		"11010519491231002X",
		"370211198503152138",
		"37021119900721404X",
		"370211199011085623",
		withIDCheck(t, "65432119991231987"),
	}
	const replacements = "0123456789XABYZ*- "
	for _, id := range valid {
		if _, err := ParseIDNumber(id); err != nil {
			t.Fatalf("fixture %s: %v", id, err)
		}
		for pos := range len(id) {
			for _, r := range []byte(replacements) {
				if r == id[pos] {
					continue
				}
				changed := id[:pos] + string(r) + id[pos+1:]
				if got, err := ParseIDNumber(changed); err == nil {
					t.Errorf("ParseIDNumber(%q) = %q, want error (changed position %d of %s)", changed, got.Full(), pos+1, id)
				}
			}
		}
	}
}

func TestIDNumberBirth(t *testing.T) {
	tests := []struct {
		name string
		in   IDNumber
		want string
	}{
		{name: "1949", in: "11010519491231002X", want: "1949-12-31"},
		{name: "1985", in: "370211198503152138", want: "1985-03-15"},
		{name: "zero value", in: "", want: "0-00-00"},
		{name: "not from Parse", in: "abc", want: "0-00-00"},
		{name: "impossible date", in: "370211199002301234", want: "0-00-00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, d := tt.in.Birth()
			if got := fmt.Sprintf("%d-%02d-%02d", y, int(m), d); got != tt.want {
				t.Errorf("Birth() = %s, want %s", got, tt.want)
			}
		})
	}
	if _, m, _ := IDNumber("370211198503152138").Birth(); m != time.March {
		t.Errorf("Birth month = %v, want March", m)
	}
}

func TestIDNumberMasked(t *testing.T) {
	tests := []struct {
		name string
		in   IDNumber
		want string
	}{
		{name: "with X", in: "11010519491231002X", want: "110105********002X"},
		{name: "digits only", in: "370211198503152138", want: "370211********2138"},
		{name: "zero value", in: "", want: ""},
		{name: "wrong length is masked completely", in: "3702111985031521", want: "****************"},
		{name: "non-ASCII is masked completely", in: "身份证号码", want: "*****"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Masked(); got != tt.want {
				t.Errorf("Masked() = %q, want %q", got, tt.want)
			}
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.in.Full(); got != string(tt.in) {
				t.Errorf("Full() = %q, want %q", got, string(tt.in))
			}
		})
	}
}

// IDs must not leak through any formatting path that goes through the type.
func TestIDNumberNeverFormatsInClear(t *testing.T) {
	id := IDNumber("11010519491231002X")
	masked := "110105********002X"
	for _, verb := range []string{"%v", "%s", "%q", "%#v", "%+v", "%x", "%X", "%d", "%20s", "%-20v"} {
		t.Run(verb, func(t *testing.T) {
			got := fmt.Sprintf(verb, id)
			if want := fmt.Sprintf(verb, masked); got != want {
				t.Errorf("Sprintf(%q, id) = %q, want %q", verb, got, want)
			}
			if strings.Contains(got, "19491231") {
				t.Errorf("Sprintf(%q, id) = %q leaks the birth date", verb, got)
			}
		})
	}

	type applicant struct {
		Name string
		ID   IDNumber
	}
	a := applicant{Name: "张三", ID: id}
	for _, s := range []string{
		fmt.Sprint(id),
		fmt.Sprintln(id),
		fmt.Sprintf("%v", a),
		fmt.Sprintf("%+v", a),
		fmt.Sprintf("%#v", a),
		fmt.Sprintf("%v", []IDNumber{id}),
		fmt.Sprintf("%v", map[string]IDNumber{"id": id}),
		fmt.Errorf("applicant %v: %w", id, errors.New("x")).Error(),
	} {
		if strings.Contains(s, "19491231") || !strings.Contains(s, masked) {
			t.Errorf("formatted %q, want masked %s and no clear value", s, masked)
		}
	}
}

func TestIDNumberLogValue(t *testing.T) {
	id := IDNumber("11010519491231002X")
	if got := id.LogValue().String(); got != "110105********002X" {
		t.Errorf("LogValue() = %q", got)
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		log := slog.New(h)
		log.Info("registered", "id", id)
		log.Info("registered", slog.Any("id", id))
		log.Info("registered", slog.Group("applicant", "id", id))
		log.With("id", id).Info("registered")
	}
	out := buf.String()
	if strings.Contains(out, "19491231") {
		t.Errorf("log output leaks the clear ID:\n%s", out)
	}
	if n := strings.Count(out, "110105********002X"); n != 8 {
		t.Errorf("log output has %d masked IDs, want 8:\n%s", n, out)
	}
}
