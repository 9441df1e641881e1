package audit

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const (
	regionA = "370202"
	regionB = "370211"
)

// chain returns n linked entries of region.
func chain(region string, n int) []Entry {
	var es []Entry
	for i := range n {
		e := Entry{
			Region:    region,
			At:        t0.Add(time.Duration(i) * time.Minute),
			ActorID:   int64(i + 1),
			Actor:     fmt.Sprintf("clerk%02d", i),
			ActorName: "窗口人员",
			Role:      "clerk",
			Action:    "case.accept",
			Subject:   fmt.Sprintf("case:%s-%03d", region, i),
			Before:    json.RawMessage(`{"status":"submitted"}`),
			After:     json.RawMessage(`{"status":"accepted"}`),
		}
		var prev *Entry
		if i > 0 {
			prev = &es[i-1]
		}
		Link(&e, prev)
		es = append(es, e)
	}
	return es
}

// trail is two regions' chains and their recorded heads.
type trail struct {
	entries map[string][]Entry
	heads   map[string]Head
}

func newTrail() *trail {
	tr := &trail{entries: map[string][]Entry{}, heads: map[string]Head{}}
	for _, r := range []string{regionA, regionB} {
		es := chain(r, 5)
		tr.entries[r] = es
		last := es[len(es)-1]
		tr.heads[r] = Head{Region: r, Seq: last.Seq, Hash: last.Hash}
	}
	return tr
}

// remove deletes the entry of region with seq.
func (tr *trail) remove(region string, seq int64) {
	tr.entries[region] = slices.DeleteFunc(tr.entries[region], func(e Entry) bool { return e.Seq == seq })
}

// verify streams the entries in (region, seq) order through a Verifier.
func (tr *trail) verify() Report {
	var heads []Head
	for _, h := range tr.heads {
		heads = append(heads, h)
	}
	v := NewVerifier(heads)
	regions := make([]string, 0, len(tr.entries))
	for r := range tr.entries {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	for _, r := range regions {
		for _, e := range tr.entries[r] {
			v.Add(e)
		}
	}
	return v.Report()
}

func TestVerifier(t *testing.T) {
	tests := []struct {
		name        string
		tamper      func(tr *trail)
		wantEntries int64
		want        []Problem
	}{
		{
			name:        "intact",
			tamper:      func(tr *trail) {},
			wantEntries: 10,
			want:        []Problem{},
		},
		{
			name: "before re-spaced by the database",
			tamper: func(tr *trail) {
				tr.entries[regionA][2].Before = json.RawMessage(`{ "status" : "submitted" }`)
			},
			wantEntries: 10,
			want:        []Problem{},
		},
		{
			name:        "edited actor",
			tamper:      func(tr *trail) { tr.entries[regionA][2].Actor = "intruder" },
			wantEntries: 10,
			want:        []Problem{{Region: regionA, Seq: 3, Kind: "edited"}},
		},
		{
			name:        "edited after",
			tamper:      func(tr *trail) { tr.entries[regionB][3].After = json.RawMessage(`{"status":"rejected"}`) },
			wantEntries: 10,
			want:        []Problem{{Region: regionB, Seq: 4, Kind: "edited"}},
		},
		{
			name:        "edited time",
			tamper:      func(tr *trail) { tr.entries[regionB][0].At = tr.entries[regionB][0].At.Add(-time.Hour) },
			wantEntries: 10,
			want:        []Problem{{Region: regionB, Seq: 1, Kind: "edited"}},
		},
		{
			name:        "edited last entry",
			tamper:      func(tr *trail) { tr.entries[regionB][4].Reason = "补记" },
			wantEntries: 10,
			want:        []Problem{{Region: regionB, Seq: 5, Kind: "edited"}},
		},
		{
			// The entry after the gap no longer links to its predecessor either.
			name:        "deleted middle entry",
			tamper:      func(tr *trail) { tr.remove(regionA, 3) },
			wantEntries: 9,
			want: []Problem{
				{Region: regionA, Seq: 3, Kind: "deleted"},
				{Region: regionA, Seq: 4, Kind: "broken_link"},
			},
		},
		{
			name:        "deleted first entry",
			tamper:      func(tr *trail) { tr.remove(regionB, 1) },
			wantEntries: 9,
			want:        []Problem{{Region: regionB, Seq: 1, Kind: "deleted"}},
		},
		{
			name: "deleted tail",
			tamper: func(tr *trail) {
				tr.remove(regionA, 5)
				tr.remove(regionA, 4)
			},
			wantEntries: 8,
			want:        []Problem{{Region: regionA, Seq: 4, Kind: "deleted"}},
		},
		{
			name:        "deleted tail of the last region",
			tamper:      func(tr *trail) { tr.remove(regionB, 5) },
			wantEntries: 9,
			want:        []Problem{{Region: regionB, Seq: 5, Kind: "deleted"}},
		},
		{
			name: "broken prev link, hash left stale",
			tamper: func(tr *trail) {
				tr.entries[regionA][3].PrevHash = tr.entries[regionA][1].Hash
			},
			wantEntries: 10,
			want: []Problem{
				{Region: regionA, Seq: 4, Kind: "broken_link"},
				{Region: regionA, Seq: 4, Kind: "edited"},
			},
		},
		{
			name: "broken prev link, entry rehashed",
			tamper: func(tr *trail) {
				e := &tr.entries[regionA][3]
				e.PrevHash = tr.entries[regionA][1].Hash
				e.Hash = e.ComputeHash()
			},
			wantEntries: 10,
			want: []Problem{
				{Region: regionA, Seq: 4, Kind: "broken_link"},
				{Region: regionA, Seq: 5, Kind: "broken_link"},
			},
		},
		{
			name: "head hash differs",
			tamper: func(tr *trail) {
				h := tr.heads[regionA]
				h.Hash = Genesis
				tr.heads[regionA] = h
			},
			wantEntries: 10,
			want:        []Problem{{Region: regionA, Seq: 5, Kind: "head_mismatch"}},
		},
		{
			name: "entry appended behind the head",
			tamper: func(tr *trail) {
				es := tr.entries[regionB]
				e := es[len(es)-1]
				e.Action = "case.close"
				Link(&e, &es[len(es)-1])
				tr.entries[regionB] = append(es, e)
			},
			wantEntries: 11,
			want:        []Problem{{Region: regionB, Seq: 5, Kind: "head_mismatch"}},
		},
		{
			name: "rehashed edit of the last entry with the head left alone",
			tamper: func(tr *trail) {
				e := &tr.entries[regionB][4]
				e.Subject = "case:other"
				e.Hash = e.ComputeHash()
			},
			wantEntries: 10,
			want:        []Problem{{Region: regionB, Seq: 5, Kind: "head_mismatch"}},
		},
		{
			name:        "region with a head but no entries",
			tamper:      func(tr *trail) { tr.heads["370203"] = Head{Region: "370203", Seq: 7, Hash: Genesis} },
			wantEntries: 10,
			want:        []Problem{{Region: "370203", Seq: 1, Kind: "deleted"}},
		},
		{
			name:        "every entry of a region deleted",
			tamper:      func(tr *trail) { delete(tr.entries, regionA) },
			wantEntries: 5,
			want:        []Problem{{Region: regionA, Seq: 1, Kind: "deleted"}},
		},
		{
			name:        "empty head without entries",
			tamper:      func(tr *trail) { tr.heads["370203"] = Head{Region: "370203"} },
			wantEntries: 10,
			want:        []Problem{},
		},
		{
			name:        "missing head",
			tamper:      func(tr *trail) { delete(tr.heads, regionA) },
			wantEntries: 10,
			want:        []Problem{{Region: regionA, Seq: 5, Kind: "head_missing"}},
		},
		{
			name:        "missing head of the last region",
			tamper:      func(tr *trail) { delete(tr.heads, regionB) },
			wantEntries: 10,
			want:        []Problem{{Region: regionB, Seq: 5, Kind: "head_missing"}},
		},
		{
			name: "problems in both regions",
			tamper: func(tr *trail) {
				tr.entries[regionA][0].Role = "admin"
				tr.remove(regionB, 5)
			},
			wantEntries: 9,
			want: []Problem{
				{Region: regionA, Seq: 1, Kind: "edited"},
				{Region: regionB, Seq: 5, Kind: "deleted"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTrail()
			tt.tamper(tr)
			got := tr.verify()
			if got.OK != (len(tt.want) == 0) {
				t.Errorf("OK: got %v, want %v", got.OK, len(tt.want) == 0)
			}
			if got.Entries != tt.wantEntries {
				t.Errorf("Entries: got %v, want %v", got.Entries, tt.wantEntries)
			}
			if diff := cmp.Diff(tt.want, got.Problems, cmpopts.IgnoreFields(Problem{}, "Detail")); diff != "" {
				t.Errorf("Problems mismatch (-want +got):\n%s", diff)
			}
			for _, p := range got.Problems {
				if p.Detail == "" {
					t.Errorf("problem %+v: got empty Detail, want a description", p)
				}
			}
		})
	}
}

func TestVerifierBoundsProblems(t *testing.T) {
	es := chain(regionA, 150)
	for i := range es {
		es[i].Reason = "批量篡改"
	}
	last := es[len(es)-1]
	v := NewVerifier([]Head{{Region: regionA, Seq: last.Seq, Hash: last.Hash}})
	for _, e := range es {
		v.Add(e)
	}
	got := v.Report()
	if got.OK {
		t.Errorf("OK: got %v, want %v", got.OK, false)
	}
	if got.Entries != 150 {
		t.Errorf("Entries: got %v, want %v", got.Entries, 150)
	}
	if len(got.Problems) != 100 {
		t.Errorf("len(Problems): got %v, want %v", len(got.Problems), 100)
	}
	if p := got.Problems[0]; p.Seq != 1 || p.Kind != "edited" {
		t.Errorf("first problem: got %+v, want seq 1 edited", p)
	}
}

func TestVerifierEmpty(t *testing.T) {
	got := NewVerifier(nil).Report()
	want := Report{OK: true, Entries: 0, Problems: []Problem{}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Report mismatch (-want +got):\n%s", diff)
	}
}
