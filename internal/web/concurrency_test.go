package web_test

import (
	"net/http"
	"sync"
	"testing"

	"yiwang/internal/testenv"
)

// TestConcurrentRequests: many requests at once neither stall nor half-succeed;
// of two clerks accepting one case at the same moment exactly one wins.
func TestConcurrentRequests(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})["number"].(string)

	var wg sync.WaitGroup
	statuses := make(chan int, 64)
	// Three logins at once for each of six accounts: a log-in takes its token from
	// the account's limit (five) and the address's (twenty) before it checks the
	// password, so that guesses sent together cannot all pass before the first
	// failure counts; a success gives them back.
	users := []string{"zhangsan", "haixian", "clerk2", "approver", "certofficer", "supervisor"}
	for i := range 18 {
		wg.Go(func() {
			statuses <- env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": users[i%len(users)], "password": testenv.Password}).Status
		})
	}
	for range 8 {
		wg.Go(func() {
			statuses <- env.Do("POST", "/api/v1/cases/"+number+"/accept", clerk, nil).Status
		})
	}
	wg.Wait()
	close(statuses)
	counts := map[int]int{}
	for s := range statuses {
		counts[s]++
	}
	if counts[http.StatusOK] != 18+1 || counts[http.StatusConflict] != 7 {
		t.Fatalf("statuses: %v, want 19×200 (18 logins, 1 accept) and 7×409", counts)
	}
}

// TestConcurrentSubmitsAuditChain: 40 submissions at once in one region each leave
// exactly one audit event, on one unbroken chain.
func TestConcurrentSubmitsAuditChain(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk, sup := env.Login("clerk"), env.Login("supervisor")
	var before struct{ Entries int }
	env.Do("GET", "/api/v1/audit/verify", sup, nil).JSON(t, &before)
	const n = 40
	var wg sync.WaitGroup
	statuses := make(chan int, n)
	form := env.Form(foodLicence)
	for range n {
		wg.Go(func() {
			statuses <- env.Do("POST", "/api/v1/cases", clerk,
				map[string]any{"item": foodLicence, "applicant": lisiInput(), "form": form, "materials": paper(foodMaterials)}).Status
		})
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusCreated {
			t.Fatalf("submit: %d", s)
		}
	}
	var rep struct {
		OK       bool
		Entries  int
		Problems []any
	}
	env.Do("GET", "/api/v1/audit/verify", sup, nil).JSON(t, &rep)
	if !rep.OK || rep.Entries != before.Entries+n {
		t.Fatalf("audit after %d submissions: %+v, want ok with %d entries", n, rep, before.Entries+n)
	}
}

// TestConcurrentIdempotentSubmits: one request sent ten times at once with one
// Idempotency-Key files one case; the others replay it.
func TestConcurrentIdempotentSubmits(t *testing.T) {
	env := testenv.Start(t, monday)
	clerk := env.Login("clerk")
	body := map[string]any{"item": foodLicence, "applicant": lisiInput(), "form": env.Form(foodLicence), "materials": paper(foodMaterials)}
	const n = 10
	var wg sync.WaitGroup
	answers := make(chan *testenv.Response, n)
	for range n {
		wg.Go(func() { answers <- env.Do("POST", "/api/v1/cases", clerk, body, "Idempotency-Key", "same-key") })
	}
	wg.Wait()
	close(answers)
	numbers, fresh := map[any]bool{}, 0
	for r := range answers {
		if r.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		numbers[r.Map(t)["number"]] = true
		if r.Header.Get("Idempotent-Replayed") != "true" {
			fresh++
		}
	}
	if len(numbers) != 1 || fresh != 1 {
		t.Fatalf("got cases %v with %d filed fresh, want one case filed once", numbers, fresh)
	}
}
