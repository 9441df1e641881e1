package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Entry is one event of the append-only log. Entries form one chain per region
// (行政区划), so that no command ever has to touch another region's chain.
type Entry struct {
	Region    string          `json:"region"`
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	ActorID   int64           `json:"actor_id,omitempty"`
	Actor     string          `json:"actor"`
	ActorName string          `json:"actor_name"`
	Role      string          `json:"role"`
	Action    string          `json:"action"`
	Subject   string          `json:"subject"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	Reason    string          `json:"reason,omitempty"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// Genesis is the previous hash of a chain's first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Link sets e's place after prev (nil for the first entry of a region) and its hash.
func Link(e *Entry, prev *Entry) {
	e.Seq, e.PrevHash = 1, Genesis
	if prev != nil {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.Hash = e.ComputeHash()
}

// ComputeHash returns the SHA-256 over every field but Hash, each length-prefixed so
// that no two different entries encode alike.
func (e *Entry) ComputeHash() string {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, s := range []string{e.Region, fmt.Sprint(e.Seq), e.At.UTC().Format(time.RFC3339Nano),
		fmt.Sprint(e.ActorID), e.Actor, e.ActorName, e.Role, e.Action, e.Subject} {
		field([]byte(s))
	}
	field(compact(e.Before))
	field(compact(e.After))
	field([]byte(e.Reason))
	field([]byte(e.PrevHash))
	return hex.EncodeToString(h.Sum(nil))
}

// compact makes the hash independent of how a database re-spaces stored JSON.
func compact(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if len(raw) == 0 || json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// Diff returns the top-level fields of before and after (JSON objects split into
// their fields; nil for none) that differ, each side holding only those fields: the
// before/after of what a command changed. Fields are compared as encoded JSON, which
// encoding/json writes the same way for equal values.
func Diff(before, after map[string]json.RawMessage) (json.RawMessage, json.RawMessage, error) {
	db, da := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for _, k := range keys(before, after) {
		b, inBefore := before[k]
		a, inAfter := after[k]
		if inBefore == inAfter && bytes.Equal(b, a) {
			continue
		}
		if inBefore {
			db[k] = b
		}
		if inAfter {
			da[k] = a
		}
	}
	rb, err := json.Marshal(db)
	if err != nil {
		return nil, nil, err
	}
	ra, err := json.Marshal(da)
	return rb, ra, err
}

func keys(ms ...map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	var ks []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				ks = append(ks, k)
			}
		}
	}
	sort.Strings(ks)
	return ks
}
