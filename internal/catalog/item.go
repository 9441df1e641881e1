package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"yiwang/internal/apperr"
	"yiwang/internal/humantext"
)

// ItemKind is the legal type of an item (事项类型).
type ItemKind string

// The item kinds of the glossary.
const (
	License       ItemKind = "license"
	Confirmation  ItemKind = "confirmation"
	Payment       ItemKind = "payment"
	Levy          ItemKind = "levy"
	Award         ItemKind = "award"
	Ruling        ItemKind = "ruling"
	OtherPower    ItemKind = "other_power"
	PublicService ItemKind = "public_service"
)

var itemKinds = []ItemKind{License, Confirmation, Payment, Levy, Award, Ruling, OtherPower, PublicService}

// Handling says whether an item is decided at the window (即办件) or within a limit (承诺件).
type Handling string

// The two handlings.
const (
	Instant  Handling = "instant"
	Promised Handling = "promised"
)

// VersionStatus is where one version of an item stands.
type VersionStatus string

// Version statuses. Exactly one version of an item is published at a time; the
// version it replaced becomes superseded, and cases filed under it keep it.
const (
	Draft      VersionStatus = "draft"
	Published  VersionStatus = "published"
	Superseded VersionStatus = "superseded"
	Retired    VersionStatus = "retired"
)

// DefaultYellowDays is the warning threshold when an item does not set one.
const DefaultYellowDays = 1

// Item is one version of a service item as published in the guide (办事指南).
type Item struct {
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Kind         ItemKind   `json:"kind"`
	Department   string     `json:"department"`
	Handling     Handling   `json:"handling"`
	LegalDays    int        `json:"legal_days"`
	PromisedDays int        `json:"promised_days"`
	YellowDays   *int       `json:"yellow_days,omitempty"`
	OnSiteVisits int        `json:"on_site_visits"`
	OnlineDepth  int        `json:"online_depth"`
	Fee          string     `json:"fee"`
	LegalBasis   string     `json:"legal_basis"`
	Procedure    []Step     `json:"procedure"`
	Materials    []Material `json:"materials"`
	// Form is the application form an applicant fills in; none for a version made
	// before forms were part of the catalog, which takes any form.
	Form   Form     `json:"form,omitempty"`
	Result string   `json:"result,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	// Conditions are who may apply and what must hold (申请条件), one a line.
	Conditions []string `json:"conditions,omitempty"`
	// Aliases are what people call the item (俗称: 准生证 for 生育登记), ranked in
	// search just below its name.
	Aliases []string `json:"aliases,omitempty"`

	Version     int           `json:"version"`
	Status      VersionStatus `json:"status"`
	UpdatedAt   time.Time     `json:"updated_at"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
}

// Yellow returns the number of working days left at which the light turns yellow.
func (it *Item) Yellow() int {
	if it.YellowDays == nil {
		return DefaultYellowDays
	}
	return *it.YellowDays
}

// Material returns the material with the given id.
func (it *Item) Material(id string) (*Material, bool) {
	for i := range it.Materials {
		if it.Materials[i].ID == id {
			return &it.Materials[i], true
		}
	}
	return nil, false
}

// MaterialForm says whether the original or a copy is to be presented.
type MaterialForm string

// Material forms.
const (
	Original MaterialForm = "original"
	Copy     MaterialForm = "copy"
)

// FileTypes a material may accept, by file extension.
var FileTypes = map[string]string{
	"pdf": "application/pdf",
	"jpg": "image/jpeg",
	"png": "image/png",
}

// MaxMaterialMB bounds a material's own size limit.
const MaxMaterialMB = 50

// Material is one document an applicant must or may provide.
type Material struct {
	ID                     string       `json:"id"`
	Name                   string       `json:"name"`
	Required               bool         `json:"required"`
	GapAllowed             bool         `json:"gap_allowed"`
	Form                   MaterialForm `json:"form"`
	Copies                 int          `json:"copies"`
	FileTypes              []string     `json:"file_types"`
	MaxMB                  int          `json:"max_mb"`
	SatisfiedByCertificate string       `json:"satisfied_by_certificate,omitempty"`
}

// Accepts reports whether a file of contentType and size bytes fits m.
func (m *Material) Accepts(contentType string, size int64) error {
	ok := false
	for _, ext := range m.FileTypes {
		if t, known := FileTypes[ext]; known && t == contentType {
			ok = true
		}
	}
	if !ok {
		return apperr.Invalidf("", "材料“%s”只接受 %v 格式", m.Name, m.FileTypes)
	}
	if size > int64(m.MaxMB)<<20 {
		return apperr.Invalidf("", "材料“%s”不能超过 %d MB", m.Name, m.MaxMB)
	}
	return nil
}

var (
	codePattern     = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$`)
	materialPattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
)

// Validate checks every field of an item and names the first one that is wrong.
func (it *Item) Validate() error {
	if !codePattern.MatchString(it.Code) {
		return apperr.Invalidf("code", "实施编码须为1-64位字母、数字、点、横线或下划线")
	}
	var err error
	if it.Name, err = humantext.Name("name", it.Name); err != nil {
		return err
	}
	if !slices.Contains(itemKinds, it.Kind) {
		return apperr.Invalidf("kind", "未知事项类型 %q", it.Kind)
	}
	if it.Department == "" {
		return apperr.Required("department")
	}
	if err := it.validateLimits(); err != nil {
		return err
	}
	if it.OnSiteVisits < 0 {
		return apperr.Invalidf("on_site_visits", "跑动次数不能为负")
	}
	if it.OnlineDepth < 0 || it.OnlineDepth > 4 {
		return apperr.Invalidf("online_depth", "网办深度须在0-4之间")
	}
	if err := it.validateProcedure(); err != nil {
		return err
	}
	if err := it.validateMaterials(); err != nil {
		return err
	}
	if err := it.validateAliases(); err != nil {
		return err
	}
	if err := it.validateConditions(); err != nil {
		return err
	}
	return it.Form.Validate()
}

func (it *Item) validateLimits() error {
	switch it.Handling {
	case Instant:
		if it.PromisedDays != 0 {
			return apperr.Invalidf("promised_days", "即办件的承诺时限须为0")
		}
	case Promised:
		if it.PromisedDays < 1 {
			return apperr.Invalidf("promised_days", "承诺件的承诺时限至少1个工作日")
		}
	default:
		return apperr.Invalidf("handling", "办件类型须为 instant 或 promised")
	}
	if it.LegalDays < 1 {
		return apperr.Invalidf("legal_days", "法定时限至少1个工作日")
	}
	if it.PromisedDays > it.LegalDays {
		return apperr.Invalidf("promised_days", "承诺时限不能超过法定时限")
	}
	if it.YellowDays != nil && (*it.YellowDays < 0 || *it.YellowDays > it.LegalDays) {
		return apperr.Invalidf("yellow_days", "黄灯阈值须在0到法定时限之间")
	}
	return nil
}

func (it *Item) validateMaterials() error {
	seen := map[string]bool{}
	for i, m := range it.Materials {
		f := func(name string) string { return fmt.Sprintf("materials[%d].%s", i, name) }
		switch {
		case !materialPattern.MatchString(m.ID):
			return apperr.Invalidf(f("id"), "材料编号须为1-32位小写字母、数字、横线或下划线")
		case seen[m.ID]:
			return apperr.Invalidf(f("id"), "材料编号 %q 重复", m.ID)
		case m.Name == "":
			return apperr.Required(f("name"))
		case m.Form != Original && m.Form != Copy:
			return apperr.Invalidf(f("form"), "须为 original 或 copy")
		case m.Copies < 1:
			return apperr.Invalidf(f("copies"), "份数至少为1")
		case len(m.FileTypes) == 0:
			return apperr.Required(f("file_types"))
		case m.MaxMB < 1 || m.MaxMB > MaxMaterialMB:
			return apperr.Invalidf(f("max_mb"), "大小限制须在1-%d MB之间", MaxMaterialMB)
		case m.GapAllowed && !m.Required:
			return apperr.Invalidf(f("gap_allowed"), "只有必交材料才能容缺")
		}
		for j, ext := range m.FileTypes {
			if _, ok := FileTypes[ext]; !ok {
				return apperr.Invalidf(fmt.Sprintf("materials[%d].file_types[%d]", i, j), "不支持的文件类型 %q", ext)
			}
		}
		seen[m.ID] = true
	}
	return nil
}

// AssignMaterialIDs gives every material without an id the next free "mN", so that
// ids stay stable across versions: an edited item keeps the ids it sends back.
func AssignMaterialIDs(ms []Material) {
	used := map[string]bool{}
	for _, m := range ms {
		used[m.ID] = true
	}
	n := 1
	for i := range ms {
		if ms[i].ID != "" {
			continue
		}
		for used["m"+strconv.Itoa(n)] {
			n++
		}
		ms[i].ID = "m" + strconv.Itoa(n)
		used[ms[i].ID] = true
	}
}

// MaxAliases bounds an item's colloquial names.
const MaxAliases = 20

func (it *Item) validateAliases() error {
	if len(it.Aliases) > MaxAliases {
		return apperr.Invalidf("aliases", "俗称最多%d个", MaxAliases)
	}
	for i := range it.Aliases {
		a, err := humantext.Line(fmt.Sprintf("aliases[%d]", i), it.Aliases[i], 40)
		if err != nil {
			return err
		}
		if a == "" {
			return apperr.Required(fmt.Sprintf("aliases[%d]", i))
		}
		it.Aliases[i] = a
	}
	return nil
}

// MaxConditions bounds an item's conditions.
const MaxConditions = 30

func (it *Item) validateConditions() error {
	if len(it.Conditions) > MaxConditions {
		return apperr.Invalidf("conditions", "申请条件最多%d条", MaxConditions)
	}
	for i := range it.Conditions {
		f := fmt.Sprintf("conditions[%d]", i)
		c, err := humantext.Line(f, it.Conditions[i], 300)
		if err != nil {
			return err
		}
		if c == "" {
			return apperr.Required(f)
		}
		it.Conditions[i] = c
	}
	return nil
}
