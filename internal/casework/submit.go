package casework

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// Env is what every command needs besides the case: the instant it happens (one
// per command, so the case and its audit entry agree) and the official calendar.
type Env struct {
	Now time.Time
	Cal *workday.Calendar
}

func (e Env) today() workday.Date { return workday.DateOf(e.Now) }

// MaterialInput is one material handed in: a stored file (Blob, with the type and
// size the blob store recorded) or a paper original checked at the window.
type MaterialInput struct {
	Material    string `json:"material"`
	Blob        string `json:"blob,omitempty"`
	Paper       bool   `json:"paper,omitempty"`
	ContentType string `json:"-"`
	Size        int64  `json:"-"`
}

// SubmitInput is a new application.
type SubmitInput struct {
	Item      *catalog.Item
	Hall      *catalog.Hall
	Channel   Channel
	Applicant Applicant
	Form      json.RawMessage
	Materials []MaterialInput
	QueryCode string
	Number    string
}

// New files a case. Applicants file their own, online or at a kiosk; a window clerk
// files for an applicant at the hall (帮办代办), and the clerk is recorded as FiledBy.
func New(by access.Actor, in SubmitInput, env Env) (*Case, Event, error) {
	if err := checkSubmitter(by, in); err != nil {
		return nil, Event{}, err
	}
	it := in.Item
	if it.Status != catalog.Published {
		return nil, Event{}, apperr.Conflictf("item_not_published", "事项 %s 未发布或已停止办理", it.Code)
	}
	c := &Case{
		Number: in.Number, Region: in.Hall.Region, Hall: in.Hall.Code, Channel: in.Channel,
		QueryCode: in.QueryCode, Applicant: in.Applicant,
		Item: it.Code, ItemVersion: it.Version, ItemName: it.Name, Department: it.Department,
		Handling: it.Handling, PromisedDays: it.PromisedDays, LegalDays: it.LegalDays, YellowDays: it.Yellow(),
		PersonalFields: it.Form.Personal(), Status: Submitted, SubmittedAt: env.Now, ReceivedAt: env.Now,
	}
	if by.Role == access.Clerk {
		c.FiledBy = by.Username
	}
	ms, err := materials(it, in.Channel, in.Materials, "materials", env.Now)
	if err != nil {
		return nil, Event{}, err
	}
	c.Materials = ms
	// The form last: its answer lists every field to fix at once.
	if c.Form, err = normaliseForm(it.Form, in.Form); err != nil {
		return nil, Event{}, err
	}
	return c, c.filed(), nil
}

// filed is the event of a new case: everything it was filed with, the form with
// its personal fields masked.
func (c *Case) filed() Event {
	return Event{Action: Submit, Changes: []Change{
		{Field: "status", After: c.Status},
		{Field: "item", After: map[string]any{"code": c.Item, "version": c.ItemVersion, "name": c.ItemName}},
		{Field: "hall", After: c.Hall},
		{Field: "channel", After: c.Channel},
		{Field: "applicant", After: c.Applicant.Masked()},
		{Field: "filed_by", After: c.FiledBy},
		{Field: "form", After: c.MaskedForm()},
		{Field: "materials", After: c.Materials},
	}}
}

// DefaultChannel is the channel of a submission that names none: a window clerk
// files at the window, an applicant online.
func DefaultChannel(role access.Role) Channel {
	if role == access.Clerk {
		return Window
	}
	return Online
}

// FilingVersion returns the version of an item that a new case is filed under: the
// published one. Conflict (item_not_published) if none is, or the item is retired.
func FilingVersion(st catalog.State) (int, error) {
	if st.Published == 0 || st.Retired {
		return 0, apperr.Conflictf("item_not_published", "事项 %s 未发布或已停止办理", st.Code)
	}
	return st.Published, nil
}

func checkSubmitter(by access.Actor, in SubmitInput) error {
	switch by.Role {
	case access.Applicant:
		if in.Channel != Online && in.Channel != Kiosk {
			return apperr.Invalidf("channel", "申请人只能通过网上或自助终端申请")
		}
		if in.Applicant.ID != by.ApplicantID {
			return apperr.Forbiddenf("申请人只能为自己申请")
		}
	case access.Clerk:
		if in.Channel != Window {
			return apperr.Invalidf("channel", "窗口人员代办的渠道须为 window")
		}
		if in.Hall.Code != by.Hall {
			return apperr.Forbiddenf("窗口人员只能在本大厅受理")
		}
	default:
		return apperr.Forbiddenf("只有申请人或窗口人员可以提交申请")
	}
	return nil
}

// MaxFormBytes bounds an application form; files belong in materials.
const MaxFormBytes = 64 << 10

// normaliseForm checks the application form (a JSON object, or nothing) against
// the item's form definition and returns it normalised.
func normaliseForm(def catalog.Form, raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = json.RawMessage("{}")
	}
	if len(raw) > MaxFormBytes {
		return nil, apperr.Invalidf("form", "申请表不能超过%d KB", MaxFormBytes>>10)
	}
	return def.Check(raw)
}

// CheckMaterialIDs checks that each handed-in material is one of the item's and is
// handed in once: a submission or a supplement holds at most one of each, so never
// more materials than the item has. The caller runs it before looking the files up,
// so that a body repeating one material thousands of times costs no more than that.
func CheckMaterialIDs(it *catalog.Item, in []MaterialInput, field string) error {
	seen := make(map[string]bool, len(in))
	for i, m := range in {
		f := fmt.Sprintf("%s[%d].material", field, i)
		def, ok := it.Material(m.Material)
		switch {
		case !ok:
			return apperr.Invalidf(f, "事项 %s 没有材料 %q", it.Code, m.Material)
		case seen[m.Material]:
			return apperr.Invalidf(f, "材料“%s”重复，每项材料只能提交一份", def.Name)
		}
		seen[m.Material] = true
	}
	return nil
}

// materials checks handed-in materials against the item: the material exists and is
// handed in once, a file fits its types and size, paper is only checked at a window.
func materials(it *catalog.Item, ch Channel, in []MaterialInput, field string, now time.Time) ([]SubmittedMaterial, error) {
	if err := CheckMaterialIDs(it, in, field); err != nil {
		return nil, err
	}
	out := make([]SubmittedMaterial, 0, len(in))
	for i, m := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		def, _ := it.Material(m.Material)
		switch {
		case m.Paper && m.Blob != "":
			return nil, apperr.Invalidf(f, "一份材料只能是文件或纸质原件之一")
		case m.Paper && ch != Window:
			return nil, apperr.Invalidf(f+".paper", "纸质材料只能在窗口提交")
		case !m.Paper && m.Blob == "":
			return nil, apperr.Required(f + ".blob")
		case !m.Paper:
			if err := def.Accepts(m.ContentType, m.Size); err != nil {
				return nil, apperr.As(err).WithField(f + ".blob")
			}
		}
		out = append(out, SubmittedMaterial{Material: m.Material, Name: def.Name, Blob: m.Blob, Paper: m.Paper, At: now})
	}
	return out, nil
}

// FormatNumber returns a case number: the Beijing date, the hall (region code and the
// hall's two-digit number) and the day's sequence, e.g. 20261125-37021101-0007.
func FormatNumber(day workday.Date, hall *catalog.Hall, seq int) string {
	d := day.String()
	return fmt.Sprintf("%s%s%s-%s%02d-%04d", d[0:4], d[5:7], d[8:10], hall.Region, hall.Seq, seq)
}
