package catalog

import (
	"testing"
	"time"

	"yiwang/internal/apperr"
)

var (
	day1 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	day2 = day1.AddDate(0, 0, 1)
)

func TestEdit(t *testing.T) {
	tests := []struct {
		name        string
		latest      VersionStatus
		wantVersion int
	}{
		{name: "draft is edited in place", latest: Draft, wantVersion: 3},
		{name: "published opens a new draft", latest: Published, wantVersion: 4},
		{name: "retired opens a new draft", latest: Retired, wantVersion: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := State{Code: "370202-XK-001", Latest: 3, Published: 2}
			latest := validItem()
			latest.Version, latest.Status = 3, tt.latest
			next := validItem()
			next.Code, next.Version, next.Status, next.PublishedAt = "other", 9, Published, &day1

			Edit(st, latest, next, day2)

			if next.Version != tt.wantVersion {
				t.Errorf("Version: got %v, want %v", next.Version, tt.wantVersion)
			}
			if next.Status != Draft {
				t.Errorf("Status: got %v, want %v", next.Status, Draft)
			}
			if next.Code != st.Code {
				t.Errorf("Code: got %v, want %v", next.Code, st.Code)
			}
			if !next.UpdatedAt.Equal(day2) {
				t.Errorf("UpdatedAt: got %v, want %v", next.UpdatedAt, day2)
			}
			if next.PublishedAt != nil {
				t.Errorf("PublishedAt: got %v, want %v", next.PublishedAt, nil)
			}
			if latest.Version != 3 || latest.Status != tt.latest {
				t.Errorf("latest: got v%v %v, want v%v %v (unchanged)", latest.Version, latest.Status, 3, tt.latest)
			}
		})
	}
}

func TestPublish(t *testing.T) {
	tests := []struct {
		name           string
		st             State
		latest         VersionStatus
		version        int
		wantSuperseded int
		wantCode       string
	}{
		{name: "first publication", st: State{Latest: 1}, latest: Draft, version: 1, wantSuperseded: 0},
		{name: "new version replaces the published one", st: State{Latest: 3, Published: 2}, latest: Draft, version: 3, wantSuperseded: 2},
		{name: "draft of a retired item revives it", st: State{Latest: 3, Published: 2, Retired: true}, latest: Draft, version: 3, wantSuperseded: 2},
		{name: "already published", st: State{Latest: 2, Published: 2}, latest: Published, version: 2, wantCode: "nothing_to_publish"},
		{name: "retired", st: State{Latest: 2, Published: 2, Retired: true}, latest: Retired, version: 2, wantCode: "nothing_to_publish"},
		{name: "superseded", st: State{Latest: 2, Published: 3}, latest: Superseded, version: 2, wantCode: "nothing_to_publish"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			st.Code = "370202-XK-001"
			latest := validItem()
			latest.Version, latest.Status = tt.version, tt.latest

			got, err := Publish(&st, latest, day2)

			if tt.wantCode != "" {
				if !apperr.Is(err, tt.wantCode) {
					t.Fatalf("error: got %v, want code %v", err, tt.wantCode)
				}
				if apperr.KindOf(err) != apperr.Conflict {
					t.Errorf("Kind: got %v, want %v", apperr.KindOf(err), apperr.Conflict)
				}
				if got != 0 {
					t.Errorf("superseded: got %v, want %v", got, 0)
				}
				want := tt.st
				want.Code = st.Code
				if st != want {
					t.Errorf("state: got %+v, want %+v (unchanged)", st, want)
				}
				if latest.Status != tt.latest || latest.PublishedAt != nil {
					t.Errorf("latest: got %v published at %v, want %v unpublished", latest.Status, latest.PublishedAt, tt.latest)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: got %v, want nil", err)
			}
			if got != tt.wantSuperseded {
				t.Errorf("superseded: got %v, want %v", got, tt.wantSuperseded)
			}
			if latest.Status != Published {
				t.Errorf("Status: got %v, want %v", latest.Status, Published)
			}
			if latest.PublishedAt == nil || !latest.PublishedAt.Equal(day2) {
				t.Errorf("PublishedAt: got %v, want %v", latest.PublishedAt, day2)
			}
			if st.Published != tt.version {
				t.Errorf("state Published: got %v, want %v", st.Published, tt.version)
			}
			if st.Retired {
				t.Errorf("state Retired: got %v, want %v", st.Retired, false)
			}
		})
	}
}

func TestRetire(t *testing.T) {
	tests := []struct {
		name     string
		st       State
		wantCode string
	}{
		{name: "published item", st: State{Latest: 2, Published: 2}},
		{name: "published item with a newer draft", st: State{Latest: 3, Published: 2}},
		{name: "never published", st: State{Latest: 1}, wantCode: "invalid_transition"},
		{name: "already retired", st: State{Latest: 2, Published: 2, Retired: true}, wantCode: "invalid_transition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			st.Code = "370202-XK-001"
			published := validItem()
			published.Version, published.Status = 2, Published

			err := Retire(&st, published)

			if tt.wantCode != "" {
				if !apperr.Is(err, tt.wantCode) {
					t.Fatalf("error: got %v, want code %v", err, tt.wantCode)
				}
				if apperr.KindOf(err) != apperr.Conflict {
					t.Errorf("Kind: got %v, want %v", apperr.KindOf(err), apperr.Conflict)
				}
				if st.Retired != tt.st.Retired || published.Status != Published {
					t.Errorf("got Retired %v and status %v, want both unchanged", st.Retired, published.Status)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: got %v, want nil", err)
			}
			if published.Status != Retired {
				t.Errorf("Status: got %v, want %v", published.Status, Retired)
			}
			if !st.Retired {
				t.Errorf("state Retired: got %v, want %v", st.Retired, true)
			}
			if st.Published != tt.st.Published {
				t.Errorf("state Published: got %v, want %v", st.Published, tt.st.Published)
			}
		})
	}
}

// TestLifecycle walks one item through draft, publication, a second version and retirement.
func TestLifecycle(t *testing.T) {
	st := State{Code: "370202-XK-001"}
	v1 := validItem()
	v1.Version, v1.Status = 1, Draft // as the service creates an item
	st.Latest = v1.Version

	if got, err := Publish(&st, v1, day1); err != nil || got != 0 {
		t.Fatalf("first Publish: got %v, %v, want 0, nil", got, err)
	}

	v2 := validItem()
	Edit(st, v1, v2, day2)
	v2again := validItem()
	v2again.Name = "食品经营许可（新办）"
	Edit(st, v2, v2again, day2)
	if v2.Version != 2 || v2again.Version != 2 {
		t.Fatalf("versions after two edits: got %v and %v, want 2 and 2", v2.Version, v2again.Version)
	}
	st.Latest = 2

	if got, err := Publish(&st, v2again, day2); err != nil || got != 1 {
		t.Fatalf("second Publish: got %v, %v, want 1, nil", got, err)
	}
	if _, err := Publish(&st, v2again, day2); !apperr.Is(err, "nothing_to_publish") {
		t.Errorf("Publish again: got %v, want nothing_to_publish", err)
	}
	if err := Retire(&st, v2again); err != nil {
		t.Fatalf("Retire: got %v, want nil", err)
	}
	if err := Retire(&st, v2again); !apperr.Is(err, "invalid_transition") {
		t.Errorf("Retire again: got %v, want invalid_transition", err)
	}
	want := State{Code: "370202-XK-001", Latest: 2, Published: 2, Retired: true}
	if st != want {
		t.Errorf("state: got %+v, want %+v", st, want)
	}
}
