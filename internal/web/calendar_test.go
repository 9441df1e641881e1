package web_test

import (
	"net/http"
	"testing"

	"yiwang/internal/testenv"
)

func TestCalendarAPI(t *testing.T) {
	env := testenv.Start(t, monday)
	tests := []struct {
		name, path string
		status     int
		key        string
		want       any
	}{
		// Spring Festival 2026: off 02-15..23; 02-14 and 02-28 (Saturdays) are working days.
		{"due across Spring Festival", "/api/v1/calendar/due?from=2026-02-12&days=3", 200, "due", "2026-02-24"},
		{"make-up Saturday is day 1", "/api/v1/calendar/due?from=2026-02-13&days=1", 200, "due", "2026-02-14"},
		{"zero days", "/api/v1/calendar/due?from=2026-02-15&days=0", 200, "due", "2026-02-15"},
		{"National Day 2025", "/api/v1/calendar/due?from=2025-09-30&days=1", 200, "due", "2025-10-09"},
		{"20 days from National Day eve 2026", "/api/v1/calendar/due?from=2026-09-30&days=20", 200, "due", "2026-11-03"},
		{"working days inclusive", "/api/v1/calendar/working-days?from=2026-02-09&to=2026-02-13", 200, "working_days", float64(5)},
		{"working days across the festival", "/api/v1/calendar/working-days?from=2026-02-13&to=2026-02-28", 200, "working_days", float64(7)},
		{"one day", "/api/v1/calendar/working-days?from=2026-02-14&to=2026-02-14", 200, "working_days", float64(1)},
		{"reversed", "/api/v1/calendar/working-days?from=2026-02-14&to=2026-02-13", 200, "working_days", float64(0)},
		{"year not loaded", "/api/v1/calendar/due?from=2026-12-20&days=20", 422, "", nil},
		{"before any year", "/api/v1/calendar/working-days?from=2023-12-01&to=2024-01-05", 422, "", nil},
		{"bad date", "/api/v1/calendar/due?from=2026-02-30&days=1", 400, "", nil},
		{"missing days", "/api/v1/calendar/due?from=2026-02-03", 422, "", nil},
		{"negative days", "/api/v1/calendar/due?from=2026-02-03&days=-1", 422, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := env.Do("GET", tt.path, "", nil)
			if r.Status != tt.status {
				t.Fatalf("got %d %s, want %d", r.Status, r.Body, tt.status)
			}
			if tt.key != "" {
				if got := r.Map(t)[tt.key]; got != tt.want {
					t.Errorf("%s: got %v, want %v", tt.key, got, tt.want)
				}
			}
		})
	}

	// The administrator loads 2027 (an illustrative notice); dates in it then work.
	admin := env.Login("admin")
	year := `{"year":2027,"source":"测试","holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-03"}],"workdays":[]}`
	if r := env.Do("POST", "/api/v1/calendar/years", admin, []byte(year)); r.Status != http.StatusCreated {
		t.Fatalf("load 2027: %d %s", r.Status, r.Body)
	}
	// 2026-12-31 Thu; 2027-01-01..03 off; Mon 01-04 is day 2.
	if got := env.Do("GET", "/api/v1/calendar/due?from=2026-12-30&days=2", "", nil).Map(t)["due"]; got != "2027-01-04" {
		t.Fatalf("due into 2027: got %v, want 2027-01-04", got)
	}
	bad := `{"year":2027,"holidays":[{"name":"元旦","from":"2027-01-03","to":"2027-01-01"}],"workdays":[]}`
	if r := env.Do("POST", "/api/v1/calendar/years", admin, []byte(bad)); r.Status != 422 || r.ErrorField() == "" {
		t.Fatalf("bad year: %d %s", r.Status, r.Body)
	}
}

// TestProvisionalDatesUntilYearLoaded: a case accepted late in the year whose legal
// date falls in an unloaded year gets a provisional date, counted with weekends only,
// and its light; loading the year replaces it by the official date, and the audit
// trail records the change. The calendar API itself still refuses to guess.
func TestProvisionalDatesUntilYearLoaded(t *testing.T) {
	env := testenv.Start(t, monday)
	env.Clock.Set(env.Clock.Now().AddDate(0, 10, 12)) // 2026-12-21
	clerk := env.Login("clerk")
	number := submit(t, env, clerk, map[string]any{"item": foodLicence, "applicant": lisiInput(), "materials": paper(foodMaterials)})["number"].(string)
	c := act(t, env, clerk, number, "accept", nil, http.StatusOK)
	// Ten weekdays after Mon 12-21, with New Year's Day counted as no notice says otherwise.
	if c["provisional"] != true || c["legal_due_date"] != "2027-01-04" || c["due_date"] != "2026-12-24" || c["light"] != "blue" {
		t.Fatalf("accepted in December: provisional %v legal %v due %v light %v", c["provisional"], c["legal_due_date"], c["due_date"], c["light"])
	}
	if r := env.Do("GET", "/api/v1/calendar/due?from=2026-12-30&days=2", "", nil); r.Status == http.StatusOK {
		t.Fatalf("the calendar API answered past the loaded years: %s", r.Body)
	}
	pub := env.Do("GET", "/api/v1/lookup?number="+number+"&code="+c["query_code"].(string), "", nil).Map(t)
	if pub["provisional"] != true || pub["due_date_provisional"] != false {
		t.Fatalf("the public look-up of a case due 2026-12-24 with a provisional legal date: %v", pub)
	}
	list := env.Do("GET", "/api/v1/cases?light=blue", env.Login("supervisor"), nil).Map(t)["cases"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["provisional"] != true {
		t.Fatalf("the list does not show the provisional case: %v", list)
	}
	year := `{"year":2027,"holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-03"}],"workdays":[]}`
	if r := env.Do("POST", "/api/v1/calendar/years", env.Login("admin"), []byte(year)); r.Status != http.StatusCreated {
		t.Fatalf("load 2027: %d %s", r.Status, r.Body)
	}
	sweep(t, env)
	c = env.Do("GET", "/api/v1/cases/"+number, clerk, nil).Map(t)
	if c["provisional"] != false || c["legal_due_date"] != "2027-01-05" {
		t.Fatalf("after loading 2027: provisional %v legal %v", c["provisional"], c["legal_due_date"])
	}
	events := env.Do("GET", "/api/v1/cases/"+number+"/events", clerk, nil).Map(t)["events"].([]any)
	last := events[len(events)-1].(map[string]any)
	before, after := last["before"].(map[string]any), last["after"].(map[string]any)
	if last["action"] != "refresh_deadlines" || before["legal_due_date"] != "2027-01-04" || after["legal_due_date"] != "2027-01-05" ||
		after["provisional"] != false {
		t.Fatalf("the audit trail does not record the official date: %v", last)
	}
}
