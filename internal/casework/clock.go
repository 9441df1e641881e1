package casework

import (
	"slices"
	"strings"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/workday"
)

// SuspensionReason is a ground on which time is not counted in the limit (Art. 45).
type SuspensionReason string

// The excluded-time reasons of the glossary.
const (
	ForCorrection     SuspensionReason = "correction"
	ForHearing        SuspensionReason = "hearing"
	ForTender         SuspensionReason = "tender"
	ForAuction        SuspensionReason = "auction"
	ForTesting        SuspensionReason = "testing"
	ForQuarantine     SuspensionReason = "quarantine"
	ForAppraisal      SuspensionReason = "appraisal"
	ForExpertReview   SuspensionReason = "expert_review"
	ForSiteInspection SuspensionReason = "site_inspection"
	ForPublicNotice   SuspensionReason = "public_notice"
)

// SuspensionReasons lists the reasons with their Chinese names.
var SuspensionReasons = map[SuspensionReason]string{
	ForCorrection: "补正", ForHearing: "听证", ForTender: "招标", ForAuction: "拍卖",
	ForTesting: "检验检测", ForQuarantine: "检疫", ForAppraisal: "鉴定", ForExpertReview: "专家评审",
	ForSiteInspection: "现场勘验", ForPublicNotice: "公告",
}

// Suspension is a period in which the clock stopped. The day it starts still counts;
// counting resumes on the first working day after the day it ends, just as the limit
// starts on the first working day after acceptance. So the excluded working days are
// those in (From, Until].
type Suspension struct {
	Reason SuspensionReason `json:"reason"`
	Note   string           `json:"note,omitempty"`
	From   time.Time        `json:"from"`
	Until  *time.Time       `json:"until"`
	By     string           `json:"by"`
}

// excluded returns the working days s keeps out of the limit; an open suspension
// excludes up to today.
func (s Suspension) excluded(cal *workday.Calendar, today workday.Date) (int, error) {
	end := today
	if s.Until != nil {
		end = workday.DateOf(*s.Until)
	}
	return cal.CountWorkdays(workday.DateOf(s.From).AddDays(1), end)
}

// Suspended reports whether the clock is stopped now.
func (c *Case) Suspended() bool {
	n := len(c.Suspensions)
	return n > 0 && c.Suspensions[n-1].Until == nil
}

func (c *Case) endSuspension(now time.Time) {
	if c.Suspended() {
		c.Suspensions[len(c.Suspensions)-1].Until = &now
	}
}

// SuspendInput stops the clock.
type SuspendInput struct {
	Reason SuspensionReason `json:"reason"`
	Note   string           `json:"note"`
}

// Suspend stops the clock for one of the reasons the law excludes from the limit.
func (c *Case) Suspend(by access.Actor, in SuspendInput, env Env) (Event, error) {
	return c.do(Suspend, in.Note, func() error {
		if err := check(c, by, Suspend); err != nil {
			return err
		}
		if _, ok := SuspensionReasons[in.Reason]; !ok {
			return apperr.Invalidf("reason", "暂停计时的理由须为法定情形之一：%s", strings.Join(reasonCodes(), ", "))
		}
		if err := text("note", &in.Note, false); err != nil {
			return err
		}
		c.Suspensions = append(c.Suspensions, Suspension{Reason: in.Reason, Note: in.Note, From: env.Now, By: by.Username})
		return c.refresh(env)
	})
}

func reasonCodes() []string {
	var codes []string
	for r := range SuspensionReasons {
		codes = append(codes, string(r))
	}
	slices.Sort(codes)
	return codes
}

// Resume restarts the clock.
func (c *Case) Resume(by access.Actor, env Env) (Event, error) {
	return c.do(Resume, "", func() error {
		if err := check(c, by, Resume); err != nil {
			return err
		}
		if !c.Suspended() {
			return apperr.Conflictf("invalid_transition", "办件未暂停计时")
		}
		c.endSuspension(env.Now)
		return c.refresh(env)
	})
}

// MaxExtensionDays is the longest extension Art. 42 行政许可法 allows: 10 working days,
// or 15 for a licence handled jointly or centrally within 45 days.
func MaxExtensionDays(legalDays int) int {
	if legalDays >= 45 {
		return 15
	}
	return 10
}

// ExtendInput extends the limit once, with the agency head's approval.
type ExtendInput struct {
	Days       int    `json:"days"`
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
}

// Extend extends both dates once by Days working days, never beyond what Art. 42
// allows, and only while the legal deadline has not passed.
func (c *Case) Extend(by access.Actor, in ExtendInput, env Env) (Event, error) {
	return c.do(Extend, in.Reason, func() error {
		if err := check(c, by, Extend); err != nil {
			return err
		}
		max := MaxExtensionDays(c.LegalDays)
		switch {
		case c.Extension != nil:
			return apperr.Conflictf("already_extended", "时限只能延长一次")
		case c.LegalDue != 0 && env.today() > c.LegalDue:
			return apperr.Conflictf("legal_deadline_passed", "已超过法定时限，不能再延期")
		case in.Days < 1 || in.Days > max:
			return apperr.Invalidf("days", "延长天数须在1到%d个工作日之间（《行政许可法》第四十二条）", max)
		}
		if err := text("reason", &in.Reason, true); err != nil {
			return err
		}
		if err := name("approved_by", &in.ApprovedBy); err != nil {
			return err
		}
		c.Extension = &Extension{Days: in.Days, Reason: in.Reason, ApprovedBy: in.ApprovedBy, By: by.Username, At: env.Now}
		return c.refresh(env)
	})
}

// RefreshDeadlines recomputes the dates of a case as of today; the sweep calls it
// for suspended cases, so that lists filtered by date stay right while the clock
// stands still, for provisional ones, which get their official dates once the
// year's notice is loaded, and for cases whose dates were never computed (an
// upgrade from a version without yellow days). A refresh that only notes the day
// it was made changes nothing worth an audit entry (Event.SaveOnly).
func (c *Case) RefreshDeadlines(env Env) (Event, error) {
	datesOn := c.DatesOn
	ev, err := c.do(RefreshDeadlines, refreshReason(c), func() error {
		if err := check(c, access.SystemActor, RefreshDeadlines); err != nil {
			return err
		}
		if !c.Status.clockRunning() {
			return c.datePostDecision(env)
		}
		return c.refresh(env)
	})
	ev.SaveOnly = err == nil && !ev.Changed() && c.DatesOn != datesOn
	return ev, err
}

func refreshReason(c *Case) string {
	switch {
	case c.DatesOn == 0:
		return "计算预警日期"
	case c.Provisional:
		return "节假日安排公布后按正式日历重算期限"
	}
	return "暂停计时期间顺延期限"
}

// Watched reports whether c's dates may move without a command: while it is
// suspended they move each day, while they are provisional they wait for the
// notice, and until they are first computed they are not known. The sweep looks
// at these cases only (see SweepCriteria for when).
func (c *Case) Watched() bool {
	switch c.Status {
	case Accepted, InReview:
		return c.Suspended() || c.Provisional || c.DatesOn == 0
	case Approved, Issued, Denied:
		return c.Provisional || c.DatesOn == 0
	}
	return false
}

// dated notes that the dates were computed today with cal.
func (c *Case) dated(cal *workday.Calendar, today workday.Date) {
	c.DatesOn = today
	ys := cal.Years()
	c.DatesThrough = workday.MakeDate(ys[len(ys)-1], time.December, 31)
}

// refresh recomputes the two dates, the yellow day and the review tasks' dates
// after anything that moves them: acceptance, suspension, resumption, extension.
func (c *Case) refresh(env Env) error {
	if c.AcceptedAt == nil || !c.Status.clockRunning() {
		return nil
	}
	cal, today := env.calendar(), env.today()
	shift, err := c.shift(cal, today)
	if err != nil {
		return err
	}
	start := workday.DateOf(*c.AcceptedAt)
	if c.PromisedDue, err = cal.AddWorkdays(start, c.PromisedDays+shift); err != nil {
		return err
	}
	if c.LegalDue, err = cal.AddWorkdays(start, c.LegalDays+shift); err != nil {
		return err
	}
	if c.YellowFrom, err = cal.YellowFrom(c.PromisedDue, c.YellowDays); err != nil {
		return err
	}
	// The promised date is never after the legal one, so the legal date tells.
	c.Provisional = !cal.Official(c.LegalDue) || len(c.Suspensions) > 0 && !cal.Official(today)
	c.dated(cal, today)
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if t.Kind.AfterDecision() || t.finished() {
			continue
		}
		if t.Due, err = cal.AddWorkdays(start, t.Day+shift); err != nil {
			return err
		}
		if t.YellowFrom, err = cal.YellowFrom(t.Due, c.YellowDays); err != nil {
			return err
		}
	}
	return nil
}

// provisionalYears is how far past today a provisional calendar reaches: enough
// for the longest limit (60 working days and an extension of 15) with suspensions.
const provisionalYears = 2

// calendar is the calendar the case's dates are counted with (see ProvisionalCalendar).
func (e Env) calendar() *workday.Calendar { return ProvisionalCalendar(e.Cal, e.today()) }

// ProvisionalCalendar is the official calendar extended by provisional years (see
// workday.Calendar.Provisional): a date past the loaded notices is then counted
// with weekends only and marked provisional, rather than left without a date.
func ProvisionalCalendar(cal *workday.Calendar, today workday.Date) *workday.Calendar {
	return cal.Provisional(today.Year() + provisionalYears)
}

// shift is how far the dates move: the extension plus every suspended working day.
func (c *Case) shift(cal *workday.Calendar, today workday.Date) (int, error) {
	n := 0
	if c.Extension != nil {
		n = c.Extension.Days
	}
	for _, s := range c.Suspensions {
		d, err := s.excluded(cal, today)
		if err != nil {
			return 0, err
		}
		n += d
	}
	return n, nil
}

// Light is the warning light (红黄蓝预警) of an open case.
type Light string

// The lights.
const (
	Blue   Light = "blue"
	Yellow Light = "yellow"
	Red    Light = "red"
)

// Clock is what a person watching a case needs: its light and how many working days
// are left to each date (negative once a date has passed).
type Clock struct {
	Light         Light `json:"light"`
	DaysLeft      int   `json:"days_left"`
	LegalDaysLeft int   `json:"legal_days_left"`
	LegalOverdue  bool  `json:"legal_overdue"`
	Suspended     bool  `json:"suspended"`
	// Provisional: the dates were counted with weekends only (暂定), see Case.Provisional.
	Provisional bool `json:"provisional"`
}

// LightOn returns the light, as of today, of a date due on which the light turns
// yellow on yellowFrom: none without a due date; without a yellow day, red once
// overdue and blue before. The store's lists compute the same in SQL from the
// same two columns.
func LightOn(today, due, yellowFrom workday.Date) Light {
	switch {
	case due == 0:
		return ""
	case today > due:
		return Red
	case yellowFrom != 0 && today >= yellowFrom:
		return Yellow
	}
	return Blue
}

// ClockAt returns c's clock on today, or nil when no clock runs (not yet accepted,
// or decided). A suspended case is shown with its dates as if resumed today, so its
// light stands still while the clock does.
func (c *Case) ClockAt(cal *workday.Calendar, today workday.Date) (*Clock, error) {
	if !c.Status.clockRunning() {
		return nil, nil
	}
	env := Env{Now: today.Time(), Cal: cal}
	if err := c.refresh(env); err != nil {
		return nil, err
	}
	cal = env.calendar()
	left, err := DaysLeft(cal, today, c.PromisedDue)
	if err != nil {
		return nil, err
	}
	legalLeft, err := DaysLeft(cal, today, c.LegalDue)
	if err != nil {
		return nil, err
	}
	return &Clock{Light: LightOn(today, c.PromisedDue, c.YellowFrom), DaysLeft: left, LegalDaysLeft: legalLeft,
		LegalOverdue: today > c.LegalDue, Suspended: c.Suspended(), Provisional: c.Provisional}, nil
}

// DaysLeft returns the working days after today up to and including due; when due
// has passed, minus the working days since it.
func DaysLeft(cal *workday.Calendar, today, due workday.Date) (int, error) {
	if due >= today {
		return cal.CountWorkdays(today.AddDays(1), due)
	}
	n, err := cal.CountWorkdays(due.AddDays(1), today)
	return -n, err
}
