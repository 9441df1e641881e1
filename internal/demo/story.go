package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// beat is one step of the demo story, at an instant.
type beat struct {
	at time.Time
	do func(ctx context.Context) error
}

var lisi = &app.ApplicantInput{Kind: casework.Person, Name: "李四", IDNumber: "37021119900721404X", Phone: "13800000003"}
var haixian = &app.ApplicantInput{Kind: casework.Organisation, Name: "青岛海味餐饮有限公司", CreditCode: "91370211MA3C0YQB11", Phone: "13800000002"}

// cases plays the story in time order: each case reaches the state a newcomer
// should find it in (every status, every light, a suspension, an extension, gaps,
// and a case that Art. 32 will accept by itself when the server starts).
func (s *Seeder) cases(ctx context.Context, day func(int) time.Time) error {
	numbers := map[string]string{}
	var beats []beat
	add := func(at time.Time, do func(ctx context.Context) error) { beats = append(beats, beat{at, do}) }
	online := func(name, user, item string, skip ...string) func(context.Context) error {
		return func(ctx context.Context) error { return s.submit(ctx, numbers, name, user, item, nil, skip) }
	}
	window := func(name, clerk, item string, a *app.ApplicantInput, skip ...string) func(context.Context) error {
		return func(ctx context.Context) error { return s.submit(ctx, numbers, name, clerk, item, a, skip) }
	}
	act := func(name, user string, fn func(svc *app.Service, ctx context.Context, number string) (*app.CaseView, error)) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := fn(s.svc, s.as(ctx, user), numbers[name])
			if err != nil {
				return fmt.Errorf("%s by %s: %w", name, user, err)
			}
			return nil
		}
	}
	accept := func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.AcceptCase(ctx, n, casework.AcceptInput{})
	}
	hour := time.Hour
	// review completes the first open review task of the actor's department.
	review := func(opinion string) func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
			c, err := svc.Case(ctx, n)
			if err != nil {
				return nil, err
			}
			a, _ := access.FromContext(ctx)
			for _, t := range c.Tasks {
				if t.Status == casework.TaskOpen && t.Department == a.Department && t.Kind != catalog.StepDecide {
					return svc.CompleteTask(ctx, n, casework.CompleteTaskInput{Seq: t.Seq, Opinion: opinion})
				}
			}
			return nil, fmt.Errorf("demo: %s has no open review task of %s", n, a.Department)
		}
	}

	// Red: a food licence accepted twelve working days ago with a three-day promise.
	add(day(12), window("red", "clerk", "370211-XK-0001", lisi))
	add(day(12).Add(hour), act("red", "clerk", accept))
	// Extended: a pharmacy licence past its promise, extended by five days.
	add(day(14), online("extended", "zhangsan", "370211-XK-0009"))
	add(day(14).Add(hour), act("extended", "clerk", accept))
	add(day(5).Add(2*hour), act("extended", "approver", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.ExtendCase(ctx, n, casework.ExtendInput{Days: 5, Reason: "需现场核查仓储条件", ApprovedBy: "局长 李明"})
	}))
	// Approved and denied.
	add(day(10), online("approved", "zhangsan", "370211-XK-0001"))
	add(day(10).Add(hour), act("approved", "clerk", accept))
	add(day(9).Add(hour), act("approved", "approver", review("材料审查通过")))
	add(day(8).Add(hour), act("approved", "approver", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.ApproveCase(ctx, n, casework.DecisionInput{Reason: "材料齐全，符合法定条件"})
	}))
	// Issued and delivered: the food licence approved a week ago, made and collected at the hall.
	add(day(11), online("delivered", "haixian", "370211-XK-0001"))
	add(day(11).Add(hour), act("delivered", "clerk", accept))
	add(day(10).Add(hour), act("delivered", "approver", review("材料审查通过")))
	add(day(9).Add(2*hour), act("delivered", "approver", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.ApproveCase(ctx, n, casework.DecisionInput{Reason: "符合法定条件"})
	}))
	add(day(8).Add(2*hour), act("delivered", "certofficer", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.IssueCase(ctx, n, casework.IssueInput{Note: "纸质证照已打印"})
	}))
	add(day(7).Add(2*hour), act("delivered", "certofficer", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.DeliverCase(ctx, n, casework.DeliverInput{Method: casework.PickUp, Recipient: "申请人委托代理人 王五（已核验身份证）"})
	}))
	// Parallel review (并联): the planning permit reviewed by 自然资源局 while 住建局 inspects the site.
	add(day(3), online("parallel", "haixian", "370211-XK-0007"))
	add(day(3).Add(hour), act("parallel", "clerk", accept))
	add(day(2).Add(hour), act("parallel", "approver-zjj", review("现场踏勘完成，与申报图纸一致")))
	add(day(9), window("denied", "clerk", "370211-XK-0002", lisi))
	add(day(9).Add(hour), act("denied", "clerk", accept))
	add(day(8).Add(hour), act("denied", "approver-wjj", review("经现场核查，消毒设施不符合要求")))
	add(day(7).Add(hour), act("denied", "approver-wjj", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.DenyCase(ctx, n, casework.DecisionInput{Reason: "经现场核查，经营场所卫生条件不符合《公共场所卫生管理条例》要求"})
	}))
	// In review: the first review step done.
	add(day(8), online("in_review", "haixian", "370211-XK-0009"))
	add(day(8).Add(hour), act("in_review", "clerk", accept))
	add(day(6).Add(hour), act("in_review", "approver", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.CompleteTask(ctx, n, casework.CompleteTaskInput{Seq: 1, Opinion: "材料审查通过，拟现场核查"})
	}))
	// Art. 32: nobody looked at this one; the server's first sweep accepts it.
	add(day(7), online("deemed", "zhangsan", "370211-XK-0012"))
	// Suspended for a site inspection.
	add(day(6), window("suspended", "clerk", "370211-XK-0002", haixian))
	add(day(6).Add(hour), act("suspended", "clerk", accept))
	add(day(4).Add(hour), act("suspended", "approver-wjj", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.SuspendCase(ctx, n, casework.SuspendInput{Reason: casework.ForSiteInspection, Note: "预约现场勘验"})
	}))
	// Accepted with a gap (容缺): the food-safety manager's training certificate follows.
	add(day(5), window("gaps", "clerk", "370211-XK-0001", haixian, "m6"))
	add(day(5).Add(hour), act("gaps", "clerk", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		// A week ahead by the calendar, which needs no holiday data even in late December.
		due := workday.DateOf(s.clock.Now()).AddDays(7)
		return svc.AcceptCaseWithGaps(ctx, n, casework.AcceptWithGapsInput{Gaps: []casework.GapInput{{Material: "m6", Due: due}}})
	}))
	// Withdrawn by the applicant; refused at the window.
	add(day(4), online("withdrawn", "zhangsan", "370211-XK-0005"))
	add(day(3), act("withdrawn", "zhangsan", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.WithdrawCase(ctx, n, casework.ReasonInput{Reason: "经营计划调整"})
	}))
	add(day(3).Add(hour), window("refused", "clerk2", "370211-XK-0010", lisi))
	add(day(3).Add(2*hour), act("refused", "clerk2", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.RefuseCase(ctx, n, casework.ReasonInput{Reason: "申请人拟使用车辆未取得道路运输证，不符合受理条件"})
	}))
	// Yellow: accepted two working days ago with a three-day promise.
	add(day(2), online("yellow", "zhangsan", "370211-XK-0001"))
	add(day(2).Add(hour), act("yellow", "clerk", accept))
	// Awaiting correction: one notice listing everything.
	add(day(1), online("correction", "zhangsan", "370211-XK-0002", "m4"))
	add(day(1).Add(hour), act("correction", "clerk", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.RequestCorrection(ctx, n, casework.CorrectionInput{Items: []casework.CorrectionItem{
			{Material: "m4", Problem: "缺少公共场所卫生检测或评价报告"},
			{Material: "m7", Problem: "平面布局图未标注面积和消毒间位置"},
		}})
	}))
	// Instant item decided at the window.
	add(day(1).Add(2*hour), window("instant", "clerk", "370211-GG-0001", lisi))
	add(day(1).Add(2*hour+10*time.Minute), act("instant", "clerk", func(svc *app.Service, ctx context.Context, n string) (*app.CaseView, error) {
		return svc.ApproveCase(ctx, n, casework.DecisionInput{})
	}))
	// Just submitted, waiting at the window.
	add(day(0), online("submitted", "haixian", "370211-XK-0011"))

	sort.SliceStable(beats, func(i, j int) bool { return beats[i].at.Before(beats[j].at) })
	for _, b := range beats {
		s.clock.t = b.at
		if err := b.do(ctx); err != nil {
			return err
		}
	}
	return nil
}

// as returns ctx acting as the demo user username.
func (s *Seeder) as(ctx context.Context, username string) context.Context {
	u, err := s.svc.UserByUsername(ctx, username)
	if err != nil {
		panic("demo: unknown user " + username)
	}
	return access.NewContext(ctx, u.Actor())
}

// submit files a case with every material of the item except skip: files uploaded
// by an applicant online, paper originals at a window.
func (s *Seeder) submit(ctx context.Context, numbers map[string]string, name, user, code string, a *app.ApplicantInput, skip []string) error {
	uctx := s.as(ctx, user)
	it, err := s.svc.Item(uctx, code, 0)
	if err != nil {
		return err
	}
	phone := ""
	if a != nil {
		phone = a.Phone
	}
	req := app.SubmitRequest{Item: code, Applicant: a, Form: SampleForm(it, phone)}
	for _, m := range it.Materials {
		if !m.Required || slices.Contains(skip, m.ID) {
			continue
		}
		in := casework.MaterialInput{Material: m.ID, Paper: a != nil}
		if a == nil {
			pdf := fmt.Sprintf("%%PDF-1.4\n%% demo material %s %s %s\n%%%%EOF\n", name, code, m.ID)
			b, err := s.svc.PutBlob(uctx, bytes.NewReader([]byte(pdf)), "application/pdf")
			if err != nil {
				return err
			}
			in.Blob = b.ID
		}
		req.Materials = append(req.Materials, in)
	}
	v, _, err := s.svc.SubmitCase(uctx, req, "demo-"+name)
	if err != nil {
		return fmt.Errorf("submit %s: %w", name, err)
	}
	numbers[name] = v.Number
	return nil
}
