package casework_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// Fixtures shared by the casework tests: one promised item, one instant item, the
// hall and department they belong to, and the people who act on cases.

const (
	deptCode   = "scjgj"      // 市场监督管理局
	otherDept  = "zrzyj"      // 自然资源局, which inspects on some items
	hallCode   = "xihai-zwzx" // 西海岸新区政务服务中心
	regionCode = "370211"
	ownerID    = int64(1001)

	// Materials of the fixture items.
	matLicence   = "licence"   // required, may not be missing
	matFloorplan = "floorplan" // required, may be accepted missing (容缺)
	matHealth    = "health"    // optional
	matIDCard    = "idcard"    // the instant item's only (required) material
)

func material(id, name string, required, gap bool) catalog.Material {
	return catalog.Material{ID: id, Name: name, Required: required, GapAllowed: gap, Form: catalog.Copy,
		Copies: 1, FileTypes: []string{"pdf", "jpg"}, MaxMB: 10}
}

// promisedItem is a licence with a 3-working-day promise and the 20-day legal limit.
func promisedItem() *catalog.Item {
	return &catalog.Item{
		Code: "370211-XK-0001", Name: "食品经营许可", Kind: catalog.License, Department: deptCode,
		Handling: catalog.Promised, LegalDays: 20, PromisedDays: 3,
		Procedure: procedure("受理", "审查", "决定", "制证", "送达"),
		Materials: []catalog.Material{
			material(matLicence, "营业执照", true, false),
			material(matFloorplan, "经营场所平面图", true, true),
			material(matHealth, "从业人员健康证明", false, false),
		},
		Version: 3, Status: catalog.Published,
	}
}

// instantItem is decided at the window (即办件).
func instantItem() *catalog.Item {
	return &catalog.Item{
		Code: "370211-QR-0002", Name: "个体工商户名称变更登记", Kind: catalog.Confirmation, Department: deptCode,
		Handling: catalog.Instant, LegalDays: 20, PromisedDays: 0,
		Procedure: procedure("受理", "审核:decide", "送达"),
		Materials: []catalog.Material{material(matIDCard, "身份证", true, false)},
		Version:   1, Status: catalog.Published,
	}
}

// stepKinds are the kinds of the step names the fixtures use; a name may also say
// its kind after a colon ("审核:decide").
var stepKinds = map[string]catalog.StepKind{
	"受理": catalog.StepAccept,
	"审查": catalog.StepReview, "复核": catalog.StepReview, "初审": catalog.StepReview, "复审": catalog.StepReview,
	"勘验": catalog.StepInspect,
	"决定": catalog.StepDecide, "审批": catalog.StepDecide, "核准": catalog.StepDecide,
	"制证": catalog.StepIssue, "出证": catalog.StepIssue, "发证": catalog.StepIssue,
	"送达": catalog.StepDeliver,
	"核查": catalog.StepPostCheck,
}

// procedure builds typed steps from step names, of the item's department.
func procedure(names ...string) []catalog.Step {
	out := make([]catalog.Step, 0, len(names))
	for _, n := range names {
		name, kind, explicit := strings.Cut(n, ":")
		k := catalog.StepKind(kind)
		if !explicit {
			k = stepKinds[name]
		}
		if k == "" {
			panic("procedure: no kind for step " + n)
		}
		out = append(out, catalog.Step{Name: name, Kind: k})
	}
	return out
}

// withExtraReviewStep returns it with one more review step (复核) after the first,
// so that a case can be in_review with a review step still to complete.
func withExtraReviewStep(it *catalog.Item) *catalog.Item {
	c := *it
	c.Procedure = slices.Insert(slices.Clone(it.Procedure), 2, catalog.Step{Name: "复核", Kind: catalog.StepReview})
	return &c
}

var testHall = &catalog.Hall{Code: hallCode, Name: "西海岸新区政务服务中心", Kind: catalog.DistrictHall, Region: regionCode, Seq: 1}

var (
	clerk         = access.Actor{UserID: 11, Username: "clerk.wang", Name: "王受理", Role: access.Clerk, Hall: hallCode}
	otherClerk    = access.Actor{UserID: 12, Username: "clerk.zhao", Name: "赵受理", Role: access.Clerk, Hall: "jiaonan-zwzx"}
	otherCert     = access.Actor{UserID: 32, Username: "cert.jn", Name: "钱制证", Role: access.CertificateOfficer, Hall: "jiaonan-zwzx"}
	approver      = access.Actor{UserID: 21, Username: "appr.li", Name: "李审批", Role: access.Approver, Department: deptCode}
	approver2     = access.Actor{UserID: 22, Username: "appr.sun", Name: "孙审批", Role: access.Approver, Department: deptCode}
	otherApprover = access.Actor{UserID: 23, Username: "appr.zhou", Name: "周审批", Role: access.Approver, Department: otherDept}
	certOfficer   = access.Actor{UserID: 31, Username: "cert.wu", Name: "吴制证", Role: access.CertificateOfficer, Hall: hallCode}
	supervisor    = access.Actor{UserID: 41, Username: "sup.zheng", Name: "郑督查", Role: access.Supervisor}
	admin         = access.Actor{UserID: 51, Username: "admin", Name: "管理员", Role: access.Admin}
	owner         = access.Actor{UserID: 61, Username: "zhangsan", Name: "张三", Role: access.Applicant, ApplicantID: ownerID}
	otherOwner    = access.Actor{UserID: 62, Username: "lisi", Name: "李四", Role: access.Applicant, ApplicantID: 1002}
)

var cal = workday.Embedded()

// at parses an RFC 3339 instant.
func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("bad instant %q: %v", s, err)
	}
	return t
}

// date parses a YYYY-MM-DD date.
func date(tb testing.TB, s string) workday.Date {
	tb.Helper()
	d, err := workday.ParseDate(s)
	if err != nil {
		tb.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

// envAt is the environment of a command at the instant s, with the embedded calendar.
func envAt(tb testing.TB, s string) casework.Env {
	tb.Helper()
	return casework.Env{Now: at(tb, s), Cal: cal}
}

// envOn is the environment of a command at 10:00 Beijing time on day s.
func envOn(tb testing.TB, s string) casework.Env {
	tb.Helper()
	return envAt(tb, s+"T10:00:00+08:00")
}

func file(id string) casework.MaterialInput {
	return casework.MaterialInput{Material: id, Blob: "sha256-" + id, ContentType: "application/pdf", Size: 2048}
}

func files(ids ...string) []casework.MaterialInput {
	out := make([]casework.MaterialInput, 0, len(ids))
	for _, id := range ids {
		out = append(out, file(id))
	}
	return out
}

// submitted files a case for owner online with the given materials.
func submitted(tb testing.TB, it *catalog.Item, env casework.Env, materials ...string) *casework.Case {
	tb.Helper()
	c, _, err := casework.New(owner, casework.SubmitInput{
		Item: it, Hall: testHall, Channel: casework.Online,
		Applicant: casework.Applicant{ID: ownerID, Kind: casework.Person, Name: "张三", Phone: "13800000000"},
		Form:      []byte(`{"shop":"张三小吃"}`), Materials: files(materials...),
		QueryCode: "123456", Number: "20260302-37021101-0001",
	}, env)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return c
}

// complete files a case with every material of it.
func complete(tb testing.TB, it *catalog.Item, env casework.Env) *casework.Case {
	tb.Helper()
	var ids []string
	for _, m := range it.Materials {
		ids = append(ids, m.ID)
	}
	return submitted(tb, it, env, ids...)
}

// accepted files a complete promised case and has the clerk accept it, both at env.
func accepted(tb testing.TB, it *catalog.Item, env casework.Env) *casework.Case {
	tb.Helper()
	c := complete(tb, it, env)
	if _, err := c.Accept(clerk, it, casework.AcceptInput{}, env); err != nil {
		tb.Fatalf("Accept: %v", err)
	}
	return c
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("unexpected error: %v", err)
	}
}

// ok fails tb if a command fails and returns the command's event, as in
// ev := ok(t)(c.Accept(clerk, it, in, env)).
func ok(tb testing.TB) func(casework.Event, error) casework.Event {
	tb.Helper()
	return func(ev casework.Event, err error) casework.Event {
		tb.Helper()
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return ev
	}
}

// errOf drops a command's event, for the tests about its error.
func errOf(_ casework.Event, err error) error { return err }

// errWant describes the *apperr.Error a command must return; nil means success.
type errWant struct {
	kind  apperr.Kind
	code  string
	field string // checked only when not empty
}

var (
	invalidTransition = &errWant{kind: apperr.Conflict, code: "invalid_transition"}
	forbidden         = &errWant{kind: apperr.Forbidden, code: "forbidden"}
)

func required(field string) *errWant {
	return &errWant{kind: apperr.Invalid, code: "required", field: field}
}
func invalid(field string) *errWant {
	return &errWant{kind: apperr.Invalid, code: "invalid", field: field}
}
func conflict(code string) *errWant { return &errWant{kind: apperr.Conflict, code: code} }

// checkErr fails unless err is what want describes.
func checkErr(tb testing.TB, err error, want *errWant) {
	tb.Helper()
	if want == nil {
		if err != nil {
			tb.Fatalf("got error %v, want none", err)
		}
		return
	}
	if err == nil {
		tb.Fatalf("got no error, want %s (%s)", want.code, want.field)
	}
	e := apperr.As(err)
	if e == nil {
		tb.Fatalf("got %T %v, want an *apperr.Error", err, err)
	}
	var target *apperr.Error
	if !errors.As(err, &target) {
		tb.Fatalf("errors.As(%v) failed", err)
	}
	if e.Code != want.code || e.Kind != want.kind {
		tb.Fatalf("got code %q kind %v (%v), want code %q kind %v", e.Code, e.Kind, err, want.code, want.kind)
	}
	if want.field != "" && e.Field != want.field {
		tb.Fatalf("got field %q (%v), want field %q", e.Field, err, want.field)
	}
}

// dueString shows a date, "<nil>" for none.
func dueString(d workday.Date) string {
	if d == 0 {
		return "<nil>"
	}
	return d.String()
}

// Helpers added for the lifecycle tests.

// The instants the status builders use: cases are filed on Monday 2026-03-02 and
// brought into their status (and acted on) on Tuesday 2026-03-10, the sixth working
// day after receipt, so that Art. 32 deemed acceptance is already due.
const (
	fileDay = "2026-03-02"
	actDay  = "2026-03-10"
	// noticeDay is within five working days of fileDay, when a correction notice or a
	// refusal is still lawful (Art. 32); by actDay the materials count as accepted.
	noticeDay = "2026-03-04"
)

// matrixItem returns the item of handling h on which the tests build a case in
// status s. It has two review steps, so that a case in accepted or in_review still
// has a review step that CompleteTask may finish; the promised one makes a
// certificate (制证), the instant one only delivers its decision. An instant case
// still submitted is one the window decides at once, and an item it can decide
// that way has no review step: it is the instant item itself.
func matrixItem(h catalog.Handling, s casework.Status) *catalog.Item {
	if h == catalog.Promised {
		return withExtraReviewStep(promisedItem()) // 审查, 复核, 决定, 制证, 送达
	}
	it := instantItem()
	if s != casework.Submitted {
		it.Procedure = procedure("受理", "审核:review", "复核", "核准", "送达")
	}
	return it
}

// gapMaterial is the material of it that the tests leave missing (容缺) or supplement.
func gapMaterial(it *catalog.Item) string {
	if it.Handling == catalog.Instant {
		return matIDCard
	}
	return matFloorplan
}

// decider is the person who approves or denies a case of it in the tests: the
// department's approver for a promised item, the hall's clerk for an instant one.
func decider(it *catalog.Item) access.Actor {
	if it.Handling == catalog.Instant {
		return clerk
	}
	return approver2
}

// approverOf is the approver who works the tasks of department d.
func approverOf(d string) access.Actor {
	switch d {
	case deptCode:
		return approver
	case otherDept:
		return otherApprover
	}
	return access.Actor{Username: "appr." + d, Role: access.Approver, Department: d}
}

// reviewAll has each department complete its open review and inspection tasks,
// stage after stage, until none is left and the decision may be made.
func reviewAll(tb testing.TB, c *casework.Case, env casework.Env) {
	tb.Helper()
	for seq := openReviewSeq(c); seq != 0; seq = openReviewSeq(c) {
		tk := c.Tasks[slices.IndexFunc(c.Tasks, func(t casework.Task) bool { return t.Seq == seq })]
		ok(tb)(c.CompleteTask(approverOf(tk.Department), casework.CompleteTaskInput{Seq: seq, Opinion: "符合条件"}, env))
	}
}

// reviewsDone marks every review and inspection task of c done, as if the
// departments had completed them, without the status change CompleteTask makes:
// a decision in accepted is then legal, as for a procedure without review steps.
func reviewsDone(c *casework.Case) {
	for i := range c.Tasks {
		if c.Tasks[i].Kind.BeforeDecision() {
			c.Tasks[i].Status = casework.TaskDone
		}
	}
}

// hasStep reports whether it's procedure has a step of kind.
func hasStep(it *catalog.Item, kind catalog.StepKind) bool {
	return slices.ContainsFunc(it.Procedure, func(s catalog.Step) bool { return s.Kind == kind })
}

// acceptNow brings a complete submitted case into accepted: the clerk accepts a
// promised case; an instant case (which the window cannot "accept") is accepted by
// operation of law (Art. 32), the only way an instant case reaches accepted.
func acceptNow(tb testing.TB, c *casework.Case, it *catalog.Item, env casework.Env) {
	tb.Helper()
	if it.Handling == catalog.Instant {
		ok(tb)(c.DeemAccept(it, env))
		return
	}
	ok(tb)(c.Accept(clerk, it, casework.AcceptInput{}, env))
}

// inStatus builds a complete case of it in status s through the public API; draft,
// which no command leads to, and issued for a procedure without an issue step,
// are set directly.
func inStatus(tb testing.TB, it *catalog.Item, s casework.Status) *casework.Case {
	tb.Helper()
	c := complete(tb, it, envOn(tb, fileDay))
	env := envOn(tb, actDay)
	switch s {
	case casework.Draft:
		c.Status = casework.Draft
	case casework.Submitted:
	case casework.AwaitingCorrection: // within Art. 32's five working days of receipt
		ok(tb)(c.RequestCorrection(clerk, it, casework.CorrectionInput{
			Items: []casework.CorrectionItem{{Material: matchMaterial(it), Problem: "复印件不清晰"}}}, envOn(tb, noticeDay)))
	case casework.Refused:
		ok(tb)(c.Refuse(clerk, casework.ReasonInput{Reason: "不属于本机关职权范围"}, envOn(tb, noticeDay)))
	case casework.Withdrawn:
		ok(tb)(c.Withdraw(owner, casework.ReasonInput{Reason: "不再需要"}, env))
	case casework.Accepted:
		acceptNow(tb, c, it, env)
	case casework.InReview:
		acceptNow(tb, c, it, env)
		ok(tb)(c.CompleteTask(approver, casework.CompleteTaskInput{Seq: openReviewSeq(c), Opinion: "符合条件"}, env))
	case casework.Approved, casework.Issued, casework.Closed:
		acceptNow(tb, c, it, env)
		reviewAll(tb, c, env)
		ok(tb)(c.Approve(decider(it), it, casework.DecisionInput{}, env))
		if s == casework.Approved {
			break
		}
		if hasStep(it, catalog.StepIssue) {
			ok(tb)(c.Issue(certOfficer, casework.IssueInput{}, env))
		} else if s == casework.Issued {
			c.Status = casework.Issued
		}
		if s == casework.Closed {
			ok(tb)(c.Deliver(certOfficer, casework.DeliverInput{Method: casework.Electronic}, env))
		}
	case casework.Denied:
		acceptNow(tb, c, it, env)
		reviewAll(tb, c, env)
		ok(tb)(c.Deny(decider(it), it, casework.DecisionInput{Reason: "不符合条件"}, env))
	default:
		tb.Fatalf("inStatus: unknown status %q", s)
	}
	if c.Status != s {
		tb.Fatalf("inStatus: built a case in %s, want %s", c.Status, s)
	}
	return c
}

// matchMaterial is the first material of it, named in correction notices.
func matchMaterial(it *catalog.Item) string { return it.Materials[0].ID }

// allStatuses lists every status of the lifecycle.
var allStatuses = []casework.Status{
	casework.Draft, casework.Submitted, casework.AwaitingCorrection, casework.Accepted, casework.InReview,
	casework.Approved, casework.Denied, casework.Refused, casework.Withdrawn, casework.Issued, casework.Closed,
}

// openReviewSeq returns the Seq of the first open review or inspection task, or 0 if none.
func openReviewSeq(c *casework.Case) int {
	for _, t := range c.Tasks {
		if t.Kind.BeforeDecision() && t.Status == casework.TaskOpen {
			return t.Seq
		}
	}
	return 0
}

// task returns the task of c for step.
func task(tb testing.TB, c *casework.Case, step string) casework.Task {
	tb.Helper()
	for _, t := range c.Tasks {
		if t.Step == step {
			return t
		}
	}
	tb.Fatalf("case has no task %q (tasks %+v)", step, c.Tasks)
	return casework.Task{}
}

// drop removes every handed-in file of material from c.
func drop(c *casework.Case, material string) {
	c.Materials = slices.DeleteFunc(c.Materials, func(m casework.SubmittedMaterial) bool { return m.Material == material })
}

// promisedWith returns the promised item with other limits.
func promisedWith(promised, legal int) *catalog.Item {
	it := promisedItem()
	it.PromisedDays, it.LegalDays = promised, legal
	return it
}
