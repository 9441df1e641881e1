package audit

import "fmt"

// Problem is one place where the stored chain is not what was written.
type Problem struct {
	Region string `json:"region"`
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// Report is the result of checking every chain.
type Report struct {
	OK       bool      `json:"ok"`
	Entries  int64     `json:"entries"`
	Problems []Problem `json:"problems"`
}

// Head is the last entry of a region as recorded when it was appended, kept apart
// from the entries so that deleting the newest entries is detectable too.
type Head struct {
	Region string
	Seq    int64
	Hash   string
}

// Verifier checks entries streamed in (region, seq) order against the recorded heads.
type Verifier struct {
	heads  map[string]Head
	seen   map[string]bool
	prev   *Entry
	report Report
	// maxProblems bounds the report: after a mass edit the first places matter.
	maxProblems int
}

// NewVerifier returns a verifier that checks against heads.
func NewVerifier(heads []Head) *Verifier {
	v := &Verifier{heads: map[string]Head{}, seen: map[string]bool{}, maxProblems: 100}
	for _, h := range heads {
		v.heads[h.Region] = h
	}
	return v
}

func (v *Verifier) problem(region string, seq int64, kind, format string, args ...any) {
	if len(v.report.Problems) < v.maxProblems {
		v.report.Problems = append(v.report.Problems, Problem{region, seq, kind, fmt.Sprintf(format, args...)})
	}
}

// Add checks the next entry.
func (v *Verifier) Add(e Entry) {
	v.report.Entries++
	if v.prev == nil || v.prev.Region != e.Region {
		v.finishRegion()
		v.seen[e.Region] = true
		if e.Seq != 1 {
			v.problem(e.Region, 1, "deleted", "第1至%d条记录缺失", e.Seq-1)
		} else if e.PrevHash != Genesis {
			v.problem(e.Region, 1, "broken_link", "第一条记录的 prev_hash 不是链的起点")
		}
	} else {
		if e.Seq != v.prev.Seq+1 {
			v.problem(e.Region, v.prev.Seq+1, "deleted", "第%d至%d条记录缺失", v.prev.Seq+1, e.Seq-1)
		}
		if e.PrevHash != v.prev.Hash {
			v.problem(e.Region, e.Seq, "broken_link", "前一条记录的哈希与本条记录的 prev_hash 不符")
		}
	}
	if e.Hash != e.ComputeHash() {
		v.problem(e.Region, e.Seq, "edited", "记录内容与其哈希不符，记录被修改")
	}
	v.prev = &e
}

func (v *Verifier) finishRegion() {
	if v.prev == nil {
		return
	}
	h, ok := v.heads[v.prev.Region]
	switch {
	case !ok:
		v.problem(v.prev.Region, v.prev.Seq, "head_missing", "缺少该区划的链头记录")
	case h.Seq > v.prev.Seq:
		v.problem(v.prev.Region, v.prev.Seq+1, "deleted", "第%d至%d条记录缺失（链尾被删除）", v.prev.Seq+1, h.Seq)
	case h.Seq < v.prev.Seq || h.Hash != v.prev.Hash:
		v.problem(v.prev.Region, h.Seq, "head_mismatch", "链头记录与最后一条记录不符")
	}
}

// Report finishes and returns the result.
func (v *Verifier) Report() Report {
	v.finishRegion()
	v.prev = nil
	for r, h := range v.heads {
		if !v.seen[r] && h.Seq > 0 {
			v.problem(r, 1, "deleted", "该区划的全部%d条记录缺失", h.Seq)
		}
	}
	v.report.OK = len(v.report.Problems) == 0
	if v.report.Problems == nil {
		v.report.Problems = []Problem{}
	}
	return v.report
}
