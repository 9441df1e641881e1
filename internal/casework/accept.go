package casework

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
	"yiwang/internal/humantext"
	"yiwang/internal/workday"
)

// DeemedAcceptanceDays is Art. 32 行政许可法: without a correction notice within five
// (working, Art. 82) days of receiving the materials, they count as accepted on receipt.
const DeemedAcceptanceDays = 5

// AcceptInput is a formal acceptance.
type AcceptInput struct {
	Note string `json:"note"`
}

// Accept formally accepts a complete submission; the clock starts on the next working day.
func (c *Case) Accept(by access.Actor, it *catalog.Item, in AcceptInput, env Env) (Event, error) {
	return c.do(Accept, in.Note, func() error {
		if err := check(c, by, Accept); err != nil {
			return err
		}
		if err := text("note", &in.Note, false); err != nil {
			return err
		}
		if missing := c.missingRequired(it); len(missing) > 0 {
			return apperr.Conflictf("materials_missing",
				"必交材料未齐（%s），请一次性告知补正，或对可容缺材料容缺受理", strings.Join(missing, "、"))
		}
		return c.start(it, by.Username, c.acceptanceTime(env), env)
	})
}

// acceptanceTime is now, unless Art. 32 already made the materials accepted on the
// day they were received: a late acceptance cannot move the start of the clock.
func (c *Case) acceptanceTime(env Env) time.Time {
	if due, err := c.DeemedAcceptanceDue(env.Cal, env.today()); err == nil && due {
		c.Deemed = true
		return c.ReceivedAt
	}
	return env.Now
}

// tooLateToTurnAway refuses a correction notice or a refusal once Art. 32 has made
// the materials accepted: the five working days for telling the applicant are over.
func (c *Case) tooLateToTurnAway(env Env) error {
	due, err := c.DeemedAcceptanceDue(env.Cal, env.today())
	if err != nil {
		return err
	}
	if due {
		return apperr.Conflictf("deemed_accepted",
			"收到材料已超过五个工作日，依《行政许可法》第三十二条视为受理，不能再告知补正或不予受理")
	}
	return nil
}

// GapInput names a material accepted missing and the date it must arrive.
type GapInput struct {
	Material string       `json:"material"`
	Due      workday.Date `json:"due"`
}

// AcceptWithGapsInput is an acceptance with gaps (容缺受理).
type AcceptWithGapsInput struct {
	Gaps []GapInput `json:"gaps"`
	Note string     `json:"note"`
}

// AcceptWithGaps accepts although some non-key materials are missing; each must be
// one the item allows to be missing, and every other required material must be there.
func (c *Case) AcceptWithGaps(by access.Actor, it *catalog.Item, in AcceptWithGapsInput, env Env) (Event, error) {
	return c.do(AcceptWithGaps, in.Note, func() error {
		if err := check(c, by, AcceptWithGaps); err != nil {
			return err
		}
		if err := text("note", &in.Note, false); err != nil {
			return err
		}
		if len(in.Gaps) == 0 {
			return apperr.Required("gaps")
		}
		gaps := make([]Gap, 0, len(in.Gaps))
		for i, g := range in.Gaps {
			f := fmt.Sprintf("gaps[%d]", i)
			m, ok := it.Material(g.Material)
			switch {
			case !ok:
				return apperr.Invalidf(f+".material", "事项没有材料 %q", g.Material)
			case !m.GapAllowed:
				return apperr.Invalidf(f+".material", "材料“%s”不允许容缺", m.Name)
			case c.has(g.Material):
				return apperr.Invalidf(f+".material", "材料“%s”已提交，无须容缺", m.Name)
			case g.Due == 0:
				return apperr.Required(f + ".due")
			case g.Due <= env.today():
				return apperr.Invalidf(f+".due", "补交期限须晚于今天")
			}
			if slices.ContainsFunc(gaps, func(x Gap) bool { return x.Material == g.Material }) {
				return apperr.Invalidf(f+".material", "材料“%s”重复", m.Name)
			}
			gaps = append(gaps, Gap{Material: m.ID, Name: m.Name, Due: g.Due})
		}
		for _, id := range c.missingRequiredIDs(it) {
			if !slices.ContainsFunc(gaps, func(g Gap) bool { return g.Material == id }) {
				m, _ := it.Material(id)
				return apperr.Invalidf("gaps", "必交材料“%s”缺失且未列入容缺，请一次性告知补正", m.Name)
			}
		}
		c.Gaps = gaps
		return c.start(it, by.Username, c.acceptanceTime(env), env)
	})
}

// start begins the time limit as of acceptedAt and opens the department's tasks.
func (c *Case) start(it *catalog.Item, by string, acceptedAt time.Time, env Env) error {
	c.Status = Accepted
	c.AcceptedAt = &acceptedAt
	c.AcceptedBy = by
	c.Tasks = newTasks(it)
	c.openStage(env.Now)
	return c.refresh(env)
}

// CorrectionInput is the one-time notice of everything to correct.
type CorrectionInput struct {
	Items []CorrectionItem `json:"items"`
	Note  string           `json:"note"`
}

// RequestCorrection tells the applicant, in one notice, every missing or faulty
// material (一次性告知): it must name every required material not yet handed in, but
// those that may follow after acceptance (容缺). The
// clock does not start until the materials arrive. A later notice may only concern
// what was handed in after the previous one, or what that one asked for and is still
// missing: what was wrong before had to be in the earlier notice.
func (c *Case) RequestCorrection(by access.Actor, it *catalog.Item, in CorrectionInput, env Env) (Event, error) {
	return c.do(RequestCorrection, in.Note, func() error {
		if err := check(c, by, RequestCorrection); err != nil {
			return err
		}
		if len(in.Items) == 0 {
			return apperr.Required("items")
		}
		if err := text("note", &in.Note, false); err != nil {
			return err
		}
		if err := c.tooLateToTurnAway(env); err != nil {
			return err
		}
		var since time.Time
		if n := len(c.Corrections); n > 0 {
			since = c.Corrections[n-1].At
		}
		for i, item := range in.Items {
			f := fmt.Sprintf("items[%d]", i)
			if _, ok := it.Material(item.Material); !ok && item.Material != "form" {
				return apperr.Invalidf(f+".material", "事项没有材料 %q（申请表请写 form）", item.Material)
			}
			if err := text(f+".problem", &in.Items[i].Problem, true); err != nil {
				return err
			}
			if slices.ContainsFunc(in.Items[:i], func(x CorrectionItem) bool { return x.Material == item.Material }) {
				return apperr.Invalidf(f+".material", "材料 %q 重复，一项材料的问题请写在一起", item.Material)
			}
			if !since.IsZero() && !c.handedInSince(item.Material, since) && !c.stillMissingFromLastNotice(item.Material) {
				return apperr.Invalidf(f+".material",
					"材料 %q 在上次补正后未重新提交；一次性告知须在首次告知时列明全部问题", item.Material)
			}
		}
		for _, id := range c.missingRequiredIDs(it) {
			m, _ := it.Material(id)
			if !m.GapAllowed && !slices.ContainsFunc(in.Items, func(x CorrectionItem) bool { return x.Material == id }) {
				return apperr.Invalidf("items", "必交材料“%s”尚未提交，须列入本次一次性告知（可容缺的材料除外）", m.Name)
			}
		}
		c.Corrections = append(c.Corrections, CorrectionNotice{Items: in.Items, Note: in.Note, By: by.Username, At: env.Now})
		c.Status = AwaitingCorrection
		return nil
	})
}

// stillMissingFromLastNotice reports whether the previous notice already asked for
// material and it has still not been handed in: asking again is no new demand.
func (c *Case) stillMissingFromLastNotice(material string) bool {
	last := c.Corrections[len(c.Corrections)-1]
	asked := slices.ContainsFunc(last.Items, func(x CorrectionItem) bool { return x.Material == material })
	return asked && !c.has(material)
}

func (c *Case) handedInSince(material string, t time.Time) bool {
	for _, m := range c.Materials {
		if (material == "form" || m.Material == material) && m.At.After(t) {
			return true
		}
	}
	return false
}

// SupplementInput hands in missing materials.
type SupplementInput struct {
	Materials []MaterialInput `json:"materials"`
}

// Supplement hands in what a correction notice asked for (the case is then received
// anew and waits for acceptance), or a material accepted missing (容缺).
func (c *Case) Supplement(by access.Actor, it *catalog.Item, in SupplementInput, env Env) (Event, error) {
	return c.do(Supplement, "", func() error {
		if err := check(c, by, Supplement); err != nil {
			return err
		}
		if len(in.Materials) == 0 {
			return apperr.Required("materials")
		}
		ch := Online
		if by.Role == access.Clerk {
			ch = Window
		}
		ms, err := materials(it, ch, in.Materials, "materials", env.Now)
		if err != nil {
			return err
		}
		if c.Status == AwaitingCorrection {
			c.Materials = append(c.Materials, ms...)
			c.Status = Submitted
			c.ReceivedAt = env.Now
			return nil
		}
		if len(c.openGaps()) == 0 {
			return apperr.Conflictf("invalid_transition", "办件没有待补交的容缺材料")
		}
		for i, m := range ms {
			g := slices.IndexFunc(c.Gaps, func(g Gap) bool { return g.Material == m.Material && g.SuppliedAt == nil })
			if g < 0 {
				return apperr.Invalidf(fmt.Sprintf("materials[%d].material", i), "材料“%s”不是待补交的容缺材料", m.Name)
			}
			c.Gaps[g].SuppliedAt = &env.Now
		}
		c.Materials = append(c.Materials, ms...)
		return nil
	})
}

// ReasonInput carries a written reason: required for a refusal, optional for a withdrawal.
type ReasonInput struct {
	Reason string `json:"reason"`
}

// Refuse declines to accept (不予受理), with the written reason the law requires.
func (c *Case) Refuse(by access.Actor, in ReasonInput, env Env) (Event, error) {
	return c.do(Refuse, in.Reason, func() error {
		if err := check(c, by, Refuse); err != nil {
			return err
		}
		if err := text("reason", &in.Reason, true); err != nil {
			return err
		}
		if err := c.tooLateToTurnAway(env); err != nil {
			return err
		}
		c.Status = Refused
		c.Closure = &Closure{Reason: in.Reason, By: by.Username, At: env.Now}
		return nil
	})
}

// Withdraw ends the case at the applicant's request before a decision.
func (c *Case) Withdraw(by access.Actor, in ReasonInput, env Env) (Event, error) {
	return c.do(Withdraw, in.Reason, func() error {
		if err := check(c, by, Withdraw); err != nil {
			return err
		}
		if err := text("reason", &in.Reason, false); err != nil {
			return err
		}
		c.endSuspension(env.Now)
		c.cancelTasks()
		c.Status = Withdrawn
		c.Closure = &Closure{Reason: in.Reason, By: by.Username, At: env.Now}
		return nil
	})
}

// DeemedAcceptanceDue reports whether Art. 32 now makes c accepted: it has waited in
// submitted for more than five working days since its materials were received.
func (c *Case) DeemedAcceptanceDue(cal *workday.Calendar, today workday.Date) (bool, error) {
	if c.Status != Submitted {
		return false, nil
	}
	n, err := cal.CountWorkdays(workday.DateOf(c.ReceivedAt).AddDays(1), today)
	return n > DeemedAcceptanceDays, err
}

// deemReason is the ground of a deemed acceptance, as the audit trail records it.
const deemReason = "《行政许可法》第三十二条：收到申请材料之日起五个工作日内未一次性告知补正，自收到材料之日起即为受理"

// DeemAccept accepts c by operation of law, as of the day its materials were received.
func (c *Case) DeemAccept(it *catalog.Item, env Env) (Event, error) {
	return c.do(DeemAccept, deemReason, func() error {
		if err := check(c, access.SystemActor, DeemAccept); err != nil {
			return err
		}
		due, err := c.DeemedAcceptanceDue(env.Cal, env.today())
		if err != nil {
			return err
		}
		if !due {
			return apperr.Conflictf("invalid_transition", "尚未满《行政许可法》第三十二条规定的五个工作日")
		}
		c.Deemed = true
		return c.start(it, access.SystemActor.Username, c.ReceivedAt, env)
	})
}

func (c *Case) missingRequiredIDs(it *catalog.Item) []string {
	var ids []string
	for _, m := range it.Materials {
		if m.Required && !c.has(m.ID) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func (c *Case) missingRequired(it *catalog.Item) []string {
	var names []string
	for _, id := range c.missingRequiredIDs(it) {
		m, _ := it.Material(id)
		names = append(names, m.Name)
	}
	return names
}

// text checks and normalises a free-text field of a command (a reason, a note, an
// opinion), which is kept in the case and again in its audit trail; the rules are
// humantext's.
func text(field string, s *string, required bool) error {
	v, err := humantext.Free(field, *s, required)
	*s = v
	return err
}

// name checks and normalises a one-line name given with a command (a recipient, a
// carrier, who approved an extension).
func name(field string, s *string) error {
	v, err := humantext.Name(field, *s)
	*s = v
	return err
}
