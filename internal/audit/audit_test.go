package audit

import (
	"encoding/json"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 14, 9, 30, 0, 123456789, time.UTC)

// sample is an entry with every field set, not yet linked.
func sample() Entry {
	return Entry{
		Region:    "370202",
		At:        t0,
		ActorID:   42,
		Actor:     "clerk01",
		ActorName: "张三",
		Role:      "clerk",
		Action:    "case.accept",
		Subject:   "case:370202-2025-000001",
		Before:    json.RawMessage(`{"status":"submitted","days":3}`),
		After:     json.RawMessage(`{"status":"accepted","days":3}`),
		Reason:    "材料齐全",
	}
}

func TestLink(t *testing.T) {
	first := sample()
	first.Seq, first.PrevHash, first.Hash = 99, "stale", "stale"
	Link(&first, nil)

	second := sample()
	second.Action = "case.decide"
	Link(&second, &first)

	third := sample()
	third.Action = "case.close"
	Link(&third, &second)

	tests := []struct {
		name         string
		e            Entry
		wantSeq      int64
		wantPrevHash string
	}{
		{name: "first entry starts at genesis", e: first, wantSeq: 1, wantPrevHash: Genesis},
		{name: "second entry chains to first", e: second, wantSeq: 2, wantPrevHash: first.Hash},
		{name: "third entry chains to second", e: third, wantSeq: 3, wantPrevHash: second.Hash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.e.Seq != tt.wantSeq {
				t.Errorf("Seq: got %v, want %v", tt.e.Seq, tt.wantSeq)
			}
			if tt.e.PrevHash != tt.wantPrevHash {
				t.Errorf("PrevHash: got %v, want %v", tt.e.PrevHash, tt.wantPrevHash)
			}
			if want := tt.e.ComputeHash(); tt.e.Hash != want {
				t.Errorf("Hash: got %v, want %v", tt.e.Hash, want)
			}
			if len(tt.e.Hash) != 64 {
				t.Errorf("len(Hash): got %v, want %v", len(tt.e.Hash), 64)
			}
		})
	}
	if first.Hash == second.Hash || second.Hash == third.Hash {
		t.Errorf("chained entries share a hash: %v %v %v", first.Hash, second.Hash, third.Hash)
	}
}

func TestComputeHashChangesWithEveryField(t *testing.T) {
	base := sample()
	Link(&base, nil)
	baseHash := base.ComputeHash()

	tests := []struct {
		name   string
		change func(e *Entry)
	}{
		{name: "region", change: func(e *Entry) { e.Region = "370203" }},
		{name: "seq", change: func(e *Entry) { e.Seq = 2 }},
		{name: "at", change: func(e *Entry) { e.At = e.At.Add(time.Nanosecond) }},
		{name: "actor id", change: func(e *Entry) { e.ActorID = 43 }},
		{name: "actor id zero", change: func(e *Entry) { e.ActorID = 0 }},
		{name: "actor", change: func(e *Entry) { e.Actor = "clerk02" }},
		{name: "actor name", change: func(e *Entry) { e.ActorName = "李四" }},
		{name: "role", change: func(e *Entry) { e.Role = "admin" }},
		{name: "action", change: func(e *Entry) { e.Action = "case.reject" }},
		{name: "subject", change: func(e *Entry) { e.Subject = "case:370202-2025-000002" }},
		{name: "before value", change: func(e *Entry) { e.Before = json.RawMessage(`{"status":"submitted","days":4}`) }},
		{name: "before removed", change: func(e *Entry) { e.Before = nil }},
		{name: "after value", change: func(e *Entry) { e.After = json.RawMessage(`{"status":"rejected","days":3}`) }},
		{name: "after removed", change: func(e *Entry) { e.After = nil }},
		{name: "reason", change: func(e *Entry) { e.Reason = "" }},
		{name: "prev hash", change: func(e *Entry) { e.PrevHash = "1" + Genesis[1:] }},
		{name: "actor and actor name shift a byte", change: func(e *Entry) { e.Actor, e.ActorName = "clerk0", "1张三" }},
		{name: "before and after swapped", change: func(e *Entry) { e.Before, e.After = e.After, e.Before }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.change(&e)
			if got := e.ComputeHash(); got == baseHash {
				t.Errorf("got %v, want a hash other than the unchanged entry's", got)
			}
		})
	}
}

func TestComputeHashIgnoresPresentation(t *testing.T) {
	base := sample()
	Link(&base, nil)
	baseHash := base.ComputeHash()

	tests := []struct {
		name   string
		change func(e *Entry)
	}{
		{name: "nothing", change: func(e *Entry) {}},
		{name: "stored hash itself", change: func(e *Entry) { e.Hash = "" }},
		{name: "before re-spaced", change: func(e *Entry) { e.Before = json.RawMessage("{ \"status\": \"submitted\",\n  \"days\": 3 }") }},
		{name: "after re-spaced", change: func(e *Entry) { e.After = json.RawMessage("\t{\"status\" :\"accepted\" , \"days\":3}\n") }},
		{name: "time in another zone", change: func(e *Entry) { e.At = e.At.In(time.FixedZone("CST", 8*3600)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.change(&e)
			if got := e.ComputeHash(); got != baseHash {
				t.Errorf("got %v, want %v", got, baseHash)
			}
		})
	}
}

// obj decodes a JSON object the way callers hand values to Diff.
func obj(t *testing.T, s string) map[string]json.RawMessage {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return m
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name       string
		before     string // JSON object; "" for nil
		after      string
		wantBefore string
		wantAfter  string
	}{
		{
			name:       "creation: nil before",
			after:      `{"name":"食品经营许可","days":5}`,
			wantBefore: `{}`,
			wantAfter:  `{"days":5,"name":"食品经营许可"}`,
		},
		{
			name:       "creation: empty before",
			before:     `{}`,
			after:      `{"name":"a"}`,
			wantBefore: `{}`,
			wantAfter:  `{"name":"a"}`,
		},
		{
			name:       "deletion: nil after",
			before:     `{"name":"a","days":1}`,
			wantBefore: `{"days":1,"name":"a"}`,
			wantAfter:  `{}`,
		},
		{
			name:       "both nil",
			wantBefore: `{}`,
			wantAfter:  `{}`,
		},
		{
			name:       "unchanged",
			before:     `{"name":"a","days":1,"tags":["x"]}`,
			after:      `{"tags":["x"],"days":1,"name":"a"}`,
			wantBefore: `{}`,
			wantAfter:  `{}`,
		},
		{
			name:       "one field changed",
			before:     `{"name":"a","days":1}`,
			after:      `{"name":"a","days":2}`,
			wantBefore: `{"days":1}`,
			wantAfter:  `{"days":2}`,
		},
		{
			name:       "two fields changed",
			before:     `{"name":"a","days":1,"fee":"0"}`,
			after:      `{"name":"b","days":2,"fee":"0"}`,
			wantBefore: `{"days":1,"name":"a"}`,
			wantAfter:  `{"days":2,"name":"b"}`,
		},
		{
			name:       "field added",
			before:     `{"name":"a"}`,
			after:      `{"name":"a","tags":["x"]}`,
			wantBefore: `{}`,
			wantAfter:  `{"tags":["x"]}`,
		},
		{
			name:       "field removed",
			before:     `{"name":"a","tags":["x"]}`,
			after:      `{"name":"a"}`,
			wantBefore: `{"tags":["x"]}`,
			wantAfter:  `{}`,
		},
		{
			name:       "value set to null",
			before:     `{"a":1,"b":"keep"}`,
			after:      `{"a":null,"b":"keep"}`,
			wantBefore: `{"a":1}`,
			wantAfter:  `{"a":null}`,
		},
		{
			name:       "nested change reports the whole top-level field",
			before:     `{"nested":{"x":1,"y":2},"n":0}`,
			after:      `{"nested":{"x":1,"y":3},"n":0}`,
			wantBefore: `{"nested":{"x":1,"y":2}}`,
			wantAfter:  `{"nested":{"x":1,"y":3}}`,
		},
		{
			name:       "array grows",
			before:     `{"a":1,"b":[1,2]}`,
			after:      `{"a":1,"b":[1,2,3]}`,
			wantBefore: `{"b":[1,2]}`,
			wantAfter:  `{"b":[1,2,3]}`,
		},
		{
			name:       "type change of equal-looking value",
			before:     `{"a":1}`,
			after:      `{"a":"1"}`,
			wantBefore: `{"a":1}`,
			wantAfter:  `{"a":"1"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotBefore, gotAfter, err := Diff(obj(t, tt.before), obj(t, tt.after))
			if err != nil {
				t.Fatalf("Diff: got error %v, want nil", err)
			}
			if string(gotBefore) != tt.wantBefore {
				t.Errorf("before: got %v, want %v", string(gotBefore), tt.wantBefore)
			}
			if string(gotAfter) != tt.wantAfter {
				t.Errorf("after: got %v, want %v", string(gotAfter), tt.wantAfter)
			}
		})
	}
}

func TestDiffErrors(t *testing.T) {
	tests := []struct {
		name   string
		before map[string]json.RawMessage
		after  map[string]json.RawMessage
	}{
		{name: "changed before value is not JSON", before: map[string]json.RawMessage{"c": json.RawMessage("{")}},
		{name: "changed after value is not JSON", after: map[string]json.RawMessage{"f": json.RawMessage("nope")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := Diff(tt.before, tt.after); err == nil {
				t.Errorf("got %v, want an error", err)
			}
		})
	}
}
