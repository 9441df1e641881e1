package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"yiwang/internal/cli"
	"yiwang/internal/testenv"
)

// TestAuditTamperDetection edits and deletes audit rows with SQL, as someone with
// the database file could, and checks that both the API and `yiwang audit verify`
// say where.
func TestAuditTamperDetection(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, sup := env.Login("clerk"), env.Login("supervisor")
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})["number"].(string)
	act(t, env, clerk, number, "accept", nil, http.StatusOK)
	db := env.Main.DB
	ctx := context.Background()

	verify := func() map[string]any {
		t.Helper()
		return env.Do("GET", "/api/v1/audit/verify", sup, nil).Map(t)
	}
	if rep := verify(); rep["ok"] != true {
		t.Fatalf("fresh trail: %v", rep)
	}
	// The table refuses edits outright.
	if err := db.Exec(ctx, `UPDATE audit_events SET reason = 'x' WHERE action = 'accept'`); err == nil ||
		!strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update allowed: %v", err)
	}
	// Someone determined drops the guard and rewrites who accepted the case.
	for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`,
		`UPDATE audit_events SET actor = 'approver' WHERE action = 'accept'`} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rep := verify()
	problems := rep["problems"].([]any)
	if rep["ok"] != false || len(problems) != 1 || problems[0].(map[string]any)["kind"] != "edited" {
		t.Fatalf("after edit: %v", rep)
	}
	editedSeq := problems[0].(map[string]any)["seq"]

	// Deleting the submit event is found too, by the gap it leaves.
	if err := db.Exec(ctx, `DELETE FROM audit_events WHERE action = 'submit'`); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, p := range verify()["problems"].([]any) {
		kinds[p.(map[string]any)["kind"].(string)] = true
	}
	if !kinds["edited"] || !kinds["deleted"] {
		t.Fatalf("after delete: kinds %v", kinds)
	}

	// The command line says the same and exits non-zero.
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, []string{"audit", "verify", "--data", env.Dir, "--db", env.DB}, nil, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "TAMPERED") || !strings.Contains(out.String(), "edited") {
		t.Fatalf("cli: exit %d, out %s, err %s (edited seq %v)", code, out.String(), errOut.String(), editedSeq)
	}
}

// TestAuditTailDeletion: removing the newest events is noticed through the chain head.
func TestAuditTailDeletion(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput()})
	ctx := context.Background()
	for _, q := range []string{`DROP TRIGGER audit_events_no_delete`,
		`DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)`} {
		if err := env.Main.DB.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rep := env.Do("GET", "/api/v1/audit/verify", env.Login("admin"), nil).Map(t)
	if rep["ok"] != false {
		t.Fatalf("tail deletion not detected: %v", rep)
	}
}
