package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"yiwang/internal/testenv"
)

// TestInstantsOneEncoding: every instant the API returns is to the whole second,
// and one event shows the same instant in every answer that mentions it, even on a
// clock that reads nanoseconds, as a real one does.
func TestInstantsOneEncoding(t *testing.T) {
	env := testenv.Start(t, monday.Add(123456789*time.Nanosecond))
	clerk := env.Login("clerk")
	c := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})
	number := c["number"].(string)
	env.Clock.Add(1500 * time.Millisecond)
	accepted := act(t, env, clerk, number, "accept", nil, http.StatusOK)

	got := env.Do("GET", "/api/v1/cases/"+number, clerk, nil).Map(t)
	var list struct {
		Cases []map[string]any
	}
	env.Do("GET", "/api/v1/cases?status=accepted", clerk, nil).JSON(t, &list)
	events := env.Do("GET", "/api/v1/cases/"+number+"/events", clerk, nil).Map(t)
	at := map[string]any{}
	for _, e := range events["events"].([]any) {
		e := e.(map[string]any)
		at[e["action"].(string)] = e["at"]
	}
	if len(list.Cases) != 1 {
		t.Fatalf("list: %v", list.Cases)
	}
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"accepted_at of the case and of the accept event", got["accepted_at"], at["accept"]},
		{"accepted_at of the accept answer and of the case", accepted["accepted_at"], got["accepted_at"]},
		{"accepted_at of the list and of the case", list.Cases[0]["accepted_at"], got["accepted_at"]},
		{"submitted_at of the case and of the submit event", got["submitted_at"], at["submit"]},
		{"submitted_at of the submit answer and of the case", c["submitted_at"], got["submitted_at"]},
	} {
		if tt.got != tt.want || tt.got == nil {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	for name, answer := range map[string]any{"submit": c, "accept": accepted, "case": got, "list": list.Cases, "events": events} {
		walkInstants(answer, func(s string) {
			if strings.Contains(s, ".") {
				t.Errorf("%s answer has an instant finer than a second: %s", name, s)
			}
		})
	}
	if a, _ := time.Parse(time.RFC3339, got["accepted_at"].(string)); !a.Equal(monday.Add(time.Second)) {
		t.Errorf("accepted_at %v, want %v (the clock's instant to the second)", got["accepted_at"], monday.Add(time.Second))
	}
}

// walkInstants calls fn with every string in v that reads as an RFC 3339 instant.
func walkInstants(v any, fn func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			walkInstants(c, fn)
		}
	case []any:
		for _, c := range v {
			walkInstants(c, fn)
		}
	case []map[string]any:
		for _, c := range v {
			walkInstants(c, fn)
		}
	case string:
		if _, err := time.Parse(time.RFC3339Nano, v); err == nil {
			fn(v)
		}
	}
}
