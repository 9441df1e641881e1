package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/paging"
)

// The back office's pages: the approver's queue and the case page from which
// staff work a case, and the supervisor's board of lights, its case lists and the
// audit chain's check. Who may see or do what is the app's and the domain's to say:
// these pages show what they are told and post what a person asks.

// staffPages routes the approver's queue and case page, and the supervisor's view.
func (s *Server) staffPages(m *routeTable) {
	m.Handle("GET /tasks", s.pageFor(s.tasksPage, access.Approver))
	m.Handle("GET /cases/{number}", s.pageFor(s.staffCasePage, staffRoles...))
	m.Handle("POST /cases/{number}/{action}", s.pageFor(s.staffCaseAction, staffRoles...))
	m.Handle("GET /supervise", s.pageFor(s.supervisePage, access.Supervisor))
	m.Handle("GET /supervise/cases", s.pageFor(s.superviseCasesPage, access.Supervisor))
	m.Handle("GET /supervise/audit", s.pageFor(s.superviseAuditPage, access.Supervisor))
}

// staffRoles may open a case page: the app then shows them only the cases of their
// own hall or department.
var staffRoles = []access.Role{access.Clerk, access.Approver, access.CertificateOfficer, access.Supervisor}

// lightOptions are the queue's light filter in the queue's order.
var lightOptions = []filterOption{{Value: string(casework.Red), Name: "红灯（已超期）"},
	{Value: string(casework.Yellow), Name: "黄灯（临近期限）"}, {Value: string(casework.Blue), Name: "蓝灯（正常）"}}

// nextPageURL is path with q and the cursor of the next page, or "" on the last page.
func nextPageURL(path string, q url.Values, cursor string, more bool) string {
	if !more || cursor == "" {
		return ""
	}
	next := url.Values{}
	for k, vs := range q {
		if k != "cursor" && len(vs) > 0 && vs[0] != "" {
			next.Set(k, vs[0])
		}
	}
	next.Set("cursor", cursor)
	return path + "?" + next.Encode()
}

type tasksView struct {
	base
	Rows              []queueRow
	Light, Item, Step string
	Lights            []filterOption
	Items, Steps      []filterOption
	Next              string
	First             bool
}

// filterOption is one choice of a queue filter, with how many tasks it has.
type filterOption struct {
	Value, Name string
	N           int
}

// queueRow is one task of the queue as the page shows it, worked out once here
// rather than by template calls in each of the 50 rows.
type queueRow struct {
	Case, Light, LightName, ItemName, Step, Applicant, Due string
}

// tasksPage is the approver's queue: the department's open tasks, red first, then
// yellow, then blue, each by due date, 50 a page, filtered by light, item and step.
func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	light, err := paramOneOf(q, "light", casework.Lights)
	if err != nil {
		return err
	}
	list, counts, err := s.svc.Queue(r.Context(), app.TaskQuery{Light: light, Item: q.Get("item"), Step: q.Get("step"),
		Page: paging.Request{Limit: paging.DefaultLimit, Cursor: q.Get("cursor")}})
	if err != nil {
		return err
	}
	v := tasksView{base: s.base(r, "待办任务"), Light: string(light), Item: q.Get("item"), Step: q.Get("step"),
		Lights: lightOptions, Next: nextPageURL("/tasks", q, list.NextCursor, list.HasMore), First: q.Get("cursor") == ""}
	v.Items, v.Steps = queueOptions(counts, v.Item)
	// A filter asked for and matching nothing stays chosen, so that the form says what is shown.
	if v.Item != "" && !slices.ContainsFunc(v.Items, func(o filterOption) bool { return o.Value == v.Item }) {
		v.Items = append(v.Items, filterOption{Value: v.Item, Name: v.Item})
	}
	if v.Step != "" && !slices.ContainsFunc(v.Steps, func(o filterOption) bool { return o.Value == v.Step }) {
		v.Steps = append(v.Steps, filterOption{Value: v.Step, Name: v.Step})
	}
	v.Rows = make([]queueRow, len(list.Tasks))
	for i, t := range list.Tasks {
		v.Rows[i] = queueRow{Case: t.Case, Light: string(t.Light), LightName: v.LightName(t.Light), ItemName: t.ItemName,
			Step: t.Step, Applicant: t.Applicant, Due: t.Due.String()}
	}
	return s.render(w, r, http.StatusOK, "tasks", v)
}

// queueOptions are the item and step filters' choices from the queue's counts:
// every item, and the steps of the chosen item (of all items when none is chosen).
func queueOptions(counts []casework.QueueCount, item string) (items, steps []filterOption) {
	add := func(opts []filterOption, value, name string, n int) []filterOption {
		if i := slices.IndexFunc(opts, func(o filterOption) bool { return o.Value == value }); i >= 0 {
			opts[i].N += n
			return opts
		}
		return append(opts, filterOption{Value: value, Name: name, N: n})
	}
	for _, c := range counts {
		items = add(items, c.Item, c.ItemName, c.N)
		if item == "" || c.Item == item {
			steps = add(steps, c.Step, c.Step, c.N)
		}
	}
	return items, steps
}

// formEntry is one answer of a case's application form, under its label.
type formEntry struct{ Label, Value string }

// materialEntry is one submitted material and how the page shows it: an image
// in place, a PDF opened in the browser, paper noted as seen at the window.
type materialEntry struct {
	Name, URL  string
	Image, PDF bool
	Paper      bool
	At         time.Time
}

// reasonOption is one ground of suspension (Art. 45) for the suspend form.
type reasonOption struct{ Code, Name string }

// suspensionReasons are the domain's grounds in the order of the glossary.
var suspensionReasons = func() []reasonOption {
	order := []casework.SuspensionReason{casework.ForCorrection, casework.ForHearing, casework.ForTender, casework.ForAuction,
		casework.ForTesting, casework.ForQuarantine, casework.ForAppraisal, casework.ForExpertReview,
		casework.ForSiteInspection, casework.ForPublicNotice}
	out := make([]reasonOption, 0, len(casework.SuspensionReasons))
	for _, r := range order {
		out = append(out, reasonOption{Code: string(r), Name: casework.SuspensionReasons[r]})
	}
	for r, n := range casework.SuspensionReasons { // a ground added to the domain and not yet ordered here
		if !slices.Contains(order, r) {
			out = append(out, reasonOption{Code: string(r), Name: n})
		}
	}
	return out
}()

type staffCaseView struct {
	base
	Desk      *app.CaseDesk
	C         *app.CaseView
	Form      []formEntry
	Materials []materialEntry
	Timeline  []timelineEntry
	Reasons   []reasonOption
	MaxDays   int
	// Done names the action just taken; Failed the one refused, with its Error
	// beside field (or above the form when no field of it is to blame) and what
	// was typed into it.
	Done   string
	Failed casework.Action
	Error  string
	field  string
	Typed  url.Values
}

// Allows reports whether the viewer may take act now.
func (v staffCaseView) Allows(act string) bool { return v.Desk.Allows(casework.Action(act)) }

// FieldError is the refusal of action act's input field, if that is what was refused.
func (v staffCaseView) FieldError(act, field string) string {
	if string(v.Failed) == act && v.field == field {
		return v.Error
	}
	return ""
}

// FormError is the refusal of act that no single input of its form caused.
func (v staffCaseView) FormError(act string) string {
	if string(v.Failed) == act && !slices.Contains(actionFields[v.Failed], v.field) {
		return v.Error
	}
	return ""
}

// Value is what was typed into act's field before a refusal.
func (v staffCaseView) Value(act, field string) string {
	if string(v.Failed) != act {
		return ""
	}
	return v.Typed.Get(field)
}

// ReasonName is the Chinese name of a suspension ground.
func (staffCaseView) ReasonName(r casework.SuspensionReason) string {
	if n, ok := casework.SuspensionReasons[r]; ok {
		return n
	}
	return "其他"
}

// TaskStatusName is the Chinese name of a task's status.
func (staffCaseView) TaskStatusName(st casework.TaskStatus) string {
	return map[casework.TaskStatus]string{casework.TaskWaiting: "未开始", casework.TaskOpen: "办理中",
		casework.TaskDone: "已办结", casework.TaskCancelled: "已取消"}[st]
}

// staffCasePage shows a case to the staff who may see it, with the actions they
// may take on it now.
func (s *Server) staffCasePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.staffCase(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	if done := casework.Action(r.URL.Query().Get("done")); slices.Contains(staffActions, done) {
		v.Done = done.Name()
	}
	return s.render(w, r, http.StatusOK, "staff_case", v)
}

func (s *Server) staffCase(r *http.Request, number string) (staffCaseView, error) {
	desk, err := s.svc.CaseDesk(r.Context(), number)
	if err != nil {
		return staffCaseView{}, err
	}
	c := desk.Case
	v := staffCaseView{base: s.base(r, "办件 "+c.Number), Desk: desk, C: c, Reasons: suspensionReasons,
		MaxDays: casework.MaxExtensionDays(c.LegalDays)}
	v.Form = formEntries(desk.Item.Form, c.Form)
	for _, m := range c.Materials {
		e := materialEntry{Name: m.Name, Paper: m.Paper, At: m.At}
		if m.Blob != "" {
			e.URL = "/api/v1/cases/" + url.PathEscape(c.Number) + "/materials/" + url.PathEscape(m.Blob)
			ct := desk.MaterialTypes[m.Blob]
			e.Image, e.PDF = strings.HasPrefix(ct, "image/"), ct == "application/pdf"
		}
		v.Materials = append(v.Materials, e)
	}
	v.Timeline = timelineOf(desk.Events, true) // staff see who acted, as s.timeline shows them
	return v, nil
}

// formEntries pairs the form's answers with the item's labels, in the form's order.
func formEntries(fields catalog.Form, raw json.RawMessage) []formEntry {
	var values map[string]any
	if err := json.Unmarshal(raw, &values); err != nil {
		return nil
	}
	var out []formEntry
	for _, fd := range fields {
		val, ok := values[fd.Key]
		if !ok || val == nil {
			continue
		}
		var text string
		switch x := val.(type) {
		case bool:
			text = map[bool]string{true: "是", false: "否"}[x]
		case float64:
			text = strconv.FormatFloat(x, 'f', -1, 64)
		case string:
			text = x
		default:
			b, _ := json.Marshal(x)
			text = string(b)
		}
		out = append(out, formEntry{Label: fd.Label, Value: text})
	}
	return out
}

// staffActions are the actions the case page offers, by their path segment.
var staffActions = []casework.Action{casework.CompleteTask, casework.Approve, casework.Deny, casework.Suspend,
	casework.Resume, casework.Extend}

// actionFields are the inputs of each action's form, that an error can stand beside.
var actionFields = map[casework.Action][]string{
	casework.CompleteTask: {"seq", "opinion"},
	casework.Approve:      {"reason"},
	casework.Deny:         {"reason"},
	casework.Suspend:      {"reason", "note"},
	casework.Extend:       {"days", "reason", "approved_by"},
}

// maxActionForm bounds an action's posted form: an opinion or reason and a few
// short fields.
const maxActionForm = 16 << 10

// staffCaseAction takes one action on a case from the case page's form and sends
// the person back to the case; a refusal is shown on the case page beside the
// input to fix, under the status the API would answer.
func (s *Server) staffCaseAction(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	act := casework.Action(strings.ReplaceAll(r.PathValue("action"), "-", "_"))
	if !slices.Contains(staffActions, act) {
		return apperr.NotFoundf("没有这项操作")
	}
	if err := parseForm(w, r, maxActionForm); err != nil {
		return err
	}
	err := s.takeAction(r, number, act, r.PostForm)
	if e := apperr.As(err); e != nil && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict || e.Kind == apperr.Forbidden) {
		v, verr := s.staffCase(r, number)
		if verr != nil {
			return verr
		}
		v.Failed, v.Error, v.field, v.Typed = act, actionMessage(e, act, v.C), e.Field, r.PostForm
		return s.render(w, r, statusByKind[e.Kind], "staff_case", v)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(number)+"?done="+string(act), http.StatusSeeOther)
	return nil
}

// fieldLabels name the inputs of the actions' forms as the forms do.
var fieldLabels = map[casework.Action]map[string]string{
	casework.CompleteTask: {"seq": "环节", "opinion": "审查意见"},
	casework.Deny:         {"reason": "不予许可的理由"},
	casework.Suspend:      {"reason": "暂停事由", "note": "说明"},
	casework.Extend:       {"days": "延长工作日", "reason": "延期理由", "approved_by": "批准人"},
}

// actionMessage is the refusal of act as a person reads it. The domain's messages
// for a missing input, a role or a status name the input, the action or the status
// by their code (缺少必填项 opinion, 不能执行 approve); the page says them in the
// words of its form.
func actionMessage(e *apperr.Error, act casework.Action, c *app.CaseView) string {
	what := act.Name()
	switch {
	case e.Code == "required":
		if l, ok := fieldLabels[act][e.Field]; ok {
			return "请填写" + l
		}
		return "请把内容填写完整"
	case e.Kind == apperr.Forbidden && e.Code != "separation_of_duties":
		return "您无权对本办件执行“" + what + "”"
	case e.Code == "invalid_transition" && c.Clock != nil && c.Suspended:
		return "办件处于暂停计时状态，须先恢复计时才能“" + what + "”"
	case e.Code == "invalid_transition":
		return "办件当前的状态（" + c.Status.Name() + "）不能“" + what + "”，请查看页面上的最新情况"
	case e.Code == "tasks_outstanding":
		return "还有审查环节尚未办结，不能作出决定"
	}
	return e.Message
}

func (s *Server) takeAction(r *http.Request, number string, act casework.Action, f url.Values) error {
	ctx := r.Context()
	var err error
	switch act {
	case casework.CompleteTask:
		seq, convErr := strconv.Atoi(f.Get("seq"))
		if convErr != nil {
			return apperr.Invalidf("seq", "请选择要办结的环节")
		}
		_, err = s.svc.CompleteTask(ctx, number, casework.CompleteTaskInput{Seq: seq, Opinion: f.Get("opinion")})
	case casework.Approve:
		_, err = s.svc.ApproveCase(ctx, number, casework.DecisionInput{Reason: f.Get("reason")})
	case casework.Deny:
		_, err = s.svc.DenyCase(ctx, number, casework.DecisionInput{Reason: f.Get("reason")})
	case casework.Suspend:
		_, err = s.svc.SuspendCase(ctx, number, casework.SuspendInput{Reason: casework.SuspensionReason(f.Get("reason")),
			Note: f.Get("note")})
	case casework.Resume:
		_, err = s.svc.ResumeCase(ctx, number)
	case casework.Extend:
		days, convErr := strconv.Atoi(strings.TrimSpace(f.Get("days")))
		if convErr != nil {
			return apperr.Invalidf("days", "请填写延长的工作日天数")
		}
		_, err = s.svc.ExtendCase(ctx, number, casework.ExtendInput{Days: days, Reason: f.Get("reason"),
			ApprovedBy: f.Get("approved_by")})
	}
	return err
}

// Abs is n without its sign: the days a case is overdue.
func (staffCaseView) Abs(n int) int { return abs(n) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
