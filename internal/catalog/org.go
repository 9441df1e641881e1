package catalog

import (
	"regexp"
	"slices"

	"yiwang/internal/apperr"
	"yiwang/internal/humantext"
)

// Department is an approving agency.
type Department struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// HallKind distinguishes the district centre from street and township centres.
type HallKind string

// Hall kinds.
const (
	DistrictHall HallKind = "district"
	StreetHall   HallKind = "street"
)

// Hall is a service hall (政务服务中心 / 便民服务中心). Every case belongs to the hall
// that accepted it, and so to that hall's region (行政区划代码).
type Hall struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Kind   HallKind `json:"kind"`
	Region string   `json:"region"`
	// Seq is the hall's short number inside case numbers; given once, never changed.
	Seq int `json:"seq"`
}

var (
	orgCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	region  = regexp.MustCompile(`^[0-9]{6}$`)
)

// Validate checks a department and normalises its name.
func (d *Department) Validate() error {
	if !orgCode.MatchString(d.Code) {
		return apperr.Invalidf("code", "部门编码须为1-32位小写字母、数字或横线")
	}
	var err error
	d.Name, err = humantext.Name("name", d.Name)
	return err
}

// Validate checks a hall and normalises its name.
func (h *Hall) Validate() error {
	if !orgCode.MatchString(h.Code) {
		return apperr.Invalidf("code", "大厅编码须为1-32位小写字母、数字或横线")
	}
	var err error
	if h.Name, err = humantext.Name("name", h.Name); err != nil {
		return err
	}
	switch {
	case h.Kind != DistrictHall && h.Kind != StreetHall:
		return apperr.Invalidf("kind", "须为 district 或 street")
	case !region.MatchString(h.Region):
		return apperr.Invalidf("region", "行政区划代码须为6位数字")
	}
	return nil
}

// Bundle is an 一件事: several items applied for once. Stored and exported now;
// applying for one comes with the bundles issue.
type Bundle struct {
	Code            string            `json:"code"`
	Name            string            `json:"name"`
	Members         []string          `json:"members"`
	OptionalMembers map[string]string `json:"optional_members,omitempty"`
	PromisedDays    int               `json:"promised_days"`
	LegalDays       int               `json:"legal_days"`
	Note            string            `json:"note,omitempty"`
	Tags            []string          `json:"tags,omitempty"`
}

// Validate checks a bundle on its own; that its members exist is checked on import.
func (b *Bundle) Validate() error {
	if !codePattern.MatchString(b.Code) {
		return apperr.Invalidf("code", "编码格式不正确")
	}
	var err error
	if b.Name, err = humantext.Name("name", b.Name); err != nil {
		return err
	}
	switch {
	case len(b.Members) < 2:
		return apperr.Invalidf("members", "一件事至少包含两个事项")
	case len(slices.Compact(slices.Sorted(slices.Values(b.Members)))) != len(b.Members):
		return apperr.Invalidf("members", "一件事的成员事项不能重复")
	case b.PromisedDays < 1 || b.PromisedDays > b.LegalDays:
		return apperr.Invalidf("promised_days", "承诺时限须在1到法定时限之间")
	}
	for k := range b.OptionalMembers {
		found := false
		for _, m := range b.Members {
			found = found || m == k
		}
		if !found {
			return apperr.Invalidf("optional_members", "可选事项 %s 不在成员中", k)
		}
	}
	return nil
}

// Export is the whole catalog as one JSON document, for import and export.
type Export struct {
	Source      string       `json:"source,omitempty"`
	Departments []Department `json:"departments"`
	Halls       []Hall       `json:"halls"`
	Items       []Item       `json:"items"`
	Bundles     []Bundle     `json:"bundles"`
	// LifeEvents and Synonyms are added or replaced by code and term on import;
	// an export without them leaves those in place.
	LifeEvents []LifeEvent `json:"life_events,omitempty"`
	Synonyms   []Synonym   `json:"synonyms,omitempty"`
}
