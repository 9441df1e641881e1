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
	for range 24 {
		wg.Go(func() {
			statuses <- env.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": "zhangsan", "password": testenv.Password}).Status
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
	if counts[http.StatusOK] != 24+1 || counts[http.StatusConflict] != 7 {
		t.Fatalf("statuses: %v, want 25×200 (24 logins, 1 accept) and 7×409", counts)
	}
}
