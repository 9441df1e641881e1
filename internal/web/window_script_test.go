package web_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	"yiwang/internal/civicid"
)

// TestWindowScriptAgreesWithCivicid: the console's script checks an ID number or a
// credit code as civicid does (the server checks again; this keeps the message
// typed and the answer given the same): for valid numbers and for each of them
// with its check character changed, the script and civicid agree.
func TestWindowScriptAgreesWithCivicid(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("Node.js is not installed")
	}
	r := rand.New(rand.NewPCG(1, 2))
	type sample struct {
		Kind, Value string
		Valid       bool
	}
	var samples []sample
	const digits, alphabet = "0123456789", "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for range 300 {
		region := []string{"11", "37", "44", "65"}[r.IntN(4)] + string(digits[r.IntN(10)]) + string(digits[r.IntN(10)]) +
			string(digits[r.IntN(10)]) + string(digits[r.IntN(10)])
		body := region + "19" + string(digits[r.IntN(10)]) + string(digits[r.IntN(10)]) + "0" + string(digits[1+r.IntN(9)]) + "1" + string(digits[r.IntN(9)])
		for len(body) < 17 {
			body += string(digits[r.IntN(10)])
		}
		check, _ := civicid.IDCheckChar(body)
		wrong := "10X98765432"[r.IntN(11)]
		for _, s := range []string{body + string(check), body + string(wrong)} {
			_, err := civicid.ParseIDNumber(s)
			samples = append(samples, sample{"id_number", s, err == nil})
		}
		cc := "91" + "370211"
		for len(cc) < 16 {
			cc += string(alphabet[r.IntN(len(alphabet))])
		}
		// The 17th character is the organisation code's own check: find the one
		// civicid takes, so that valid codes are among the samples.
		for _, k := range "0123456789X" {
			c, _ := civicid.CreditCheckChar(cc + string(k))
			if _, err := civicid.ParseCreditCode(cc + string(k) + string(c)); err == nil {
				cc += string(k)
				break
			}
		}
		if len(cc) < 17 {
			cc += "0"
		}
		c, _ := civicid.CreditCheckChar(cc)
		for _, s := range []string{cc + string(c), cc + string(alphabet[r.IntN(len(alphabet))])} {
			_, err := civicid.ParseCreditCode(s)
			samples = append(samples, sample{"credit_code", s, err == nil})
		}
	}
	in, _ := json.Marshal(samples)
	script := `
const src = require('fs').readFileSync('static/js/window.js', 'utf8');
const body = src.slice(src.indexOf('var idWeights'), src.indexOf('// errorBeside'));
const f = new Function(body + '; return {idProblem, creditProblem};')();
const samples = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(samples.map((s) => (s.Kind === 'id_number' ? f.idProblem(s.Value) : f.creditProblem(s.Value)) === '')));
`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(samples) {
		t.Fatalf("script answered %s (%v)", out, err)
	}
	valid := 0
	for i, s := range samples {
		if got[i] != s.Valid {
			t.Errorf("%s %s: script says valid %v, civicid %v", s.Kind, s.Value, got[i], s.Valid)
		}
		if s.Valid {
			valid++
		}
	}
	if valid < len(samples)*2/5 {
		t.Errorf("only %d of %d samples valid: the samples test too little", valid, len(samples))
	}
}
