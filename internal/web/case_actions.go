package web

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/casework"
)

// caseActionRoute is one case command of the API: POST /api/v1/cases/{number}/{path}.
type caseActionRoute struct {
	action casework.Action
	// path is the action's name with hyphens, as URLs spell words.
	path string
	// input is the type of the JSON body; struct{} for a command that takes none.
	input reflect.Type
	// summary and doc describe the command in the OpenAPI document: what it does,
	// who may take it in which status, and the conflicts particular to it.
	summary, doc string
	run          func(s *Server, w http.ResponseWriter, r *http.Request, number string) (*app.CaseView, error)
}

// caseActionRoutes is every case command of the API; routes registers one route per
// row, so a new lifecycle action is one new row.
var caseActionRoutes = []caseActionRoute{
	caseCommand(casework.Accept, (*app.Service).AcceptCase, "受理",
		"本大厅综合窗口（clerk）受理已提交（submitted）的承诺件，次一工作日起计时。必交材料未齐返回 409 materials_missing；"+
			"即办件不经受理，由窗口直接 approve 或 deny。"),
	caseCommand(casework.AcceptWithGaps, (*app.Service).AcceptCaseWithGaps, "容缺受理",
		"本大厅 clerk 在允许容缺的材料缺少时受理已提交的承诺件，每份容缺材料须有补交期限；其余必交材料须齐全。"),
	caseCommand(casework.RequestCorrection, (*app.Service).RequestCorrection, "一次性告知补正",
		"本大厅 clerk 对已提交的办件一次性告知全部须补正的材料（须列出所有未交的必交材料）。"+
			"收到材料已超过五个工作日的，依《行政许可法》第三十二条视为受理，返回 409 deemed_accepted。"),
	caseCommand(casework.Supplement, (*app.Service).SupplementCase, "补正或补交容缺材料",
		"申请人本人或本大厅 clerk 在待补正（awaiting_correction）时补正，办件重新等待受理；或在受理后补交容缺材料。"),
	caseCommand(casework.Refuse, (*app.Service).RefuseCase, "不予受理",
		"本大厅 clerk 对已提交的办件不予受理，理由必填。收到材料已超过五个工作日的返回 409 deemed_accepted（《行政许可法》第三十二条）。"),
	caseCommand(casework.CompleteTask, (*app.Service).CompleteTask, "办结审查环节",
		"审批人员（approver）办结本部门开放的审查、勘验环节并填写意见（其他部门的环节返回 403）；同一阶段的环节全部办结后下一阶段开始。"+
			"决定环节以 approve 或 deny 办结；准予后的事后核查环节也以此办结。暂停计时期间不能办理审查环节。"),
	caseCommand(casework.Approve, (*app.Service).ApproveCase, "批准",
		"决定环节所属部门的 approver（即办件也可由本大厅 clerk 独任审核）作出准予决定。审查、勘验环节未全部办结返回 409 tasks_outstanding；"+
			"承诺件的受理人不能审批（403 separation_of_duties，受审分离）；容缺材料未补齐返回 409 gaps_outstanding；"+
			"即办件必交材料未齐返回 409 materials_missing。决定后制证、送达环节开始，送达期限为决定后十个工作日（第四十四条）。"),
	caseCommand(casework.Deny, (*app.Service).DenyCase, "不予批准",
		"与 approve 同一人员与状态的要求，理由必填。"),
	caseCommand(casework.Suspend, (*app.Service).SuspendCase, "暂停计时",
		"办件所属部门或在办件中有环节的部门的 approver 因听证、招标、检验、鉴定、专家评审等法定情形暂停计时（《行政许可法》第四十五条），暂停期间不计入时限。"),
	caseCommand(casework.Resume, noInput((*app.Service).ResumeCase), "恢复计时",
		"办件所属部门或在办件中有环节的部门的 approver 恢复暂停的计时。不接受任何字段。"),
	caseCommand(casework.Extend, (*app.Service).ExtendCase, "延期",
		"办件所属部门或在办件中有环节的部门的 approver 经负责人批准延长时限一次（《行政许可法》第四十二条）。已延期返回 409 already_extended，超过法定时限返回 409 legal_deadline_passed。"),
	caseCommand(casework.Withdraw, (*app.Service).WithdrawCase, "撤回",
		"申请人本人在办件办结前撤回申请；窗口办件的申请人可无账号，由本大厅 clerk 登记其书面撤回。"),
	caseCommand(casework.Issue, (*app.Service).IssueCase, "制证",
		"本大厅制证人员（certificate_officer；即办件也可由本大厅 clerk）为准予（approved）的办件制作证照，办件变为已出证（issued）。"+
			"办理流程没有制证环节的返回 409 invalid_transition，应直接送达。"),
	caseCommand(casework.Deliver, (*app.Service).DeliverCase, "送达",
		"本大厅 certificate_officer（即办件也可由本大厅 clerk）登记决定的送达：窗口领取（pickup，须填领取人）、快递（express，须填快递公司和运单号）"+
			"或电子送达（electronic）。已出证、不予批准的办件，以及无制证环节的准予办件可送达；送达后办结（closed）。须先制证的返回 409 invalid_transition。"),
}

// caseCommand is the row of a service command taking a JSON input of type T. The
// input type is taken from the command itself, so the row cannot document one body
// and decode another.
func caseCommand[T any](act casework.Action, cmd func(*app.Service, context.Context, string, T) (*app.CaseView, error), summary, doc string) caseActionRoute {
	return caseActionRoute{
		action:  act,
		path:    strings.ReplaceAll(string(act), "_", "-"),
		input:   reflect.TypeFor[T](),
		summary: summary,
		doc:     doc,
		run: func(s *Server, w http.ResponseWriter, r *http.Request, number string) (*app.CaseView, error) {
			var in T
			if err := decodeOptional(w, r, &in); err != nil {
				return nil, err
			}
			return cmd(s.svc, r.Context(), number, in)
		},
	}
}

// noInput adapts a command without input; its body may be empty or {}, and any
// field in it is refused like an unknown field of any other command.
func noInput(cmd func(*app.Service, context.Context, string) (*app.CaseView, error)) func(*app.Service, context.Context, string, struct{}) (*app.CaseView, error) {
	return func(svc *app.Service, ctx context.Context, number string, _ struct{}) (*app.CaseView, error) {
		return cmd(svc, ctx, number)
	}
}

// caseAction serves one row of caseActionRoutes.
func (s *Server) caseAction(a caseActionRoute) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := a.run(s, w, r, r.PathValue("number"))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// decodeOptional decodes a JSON body if there is one: commands without required
// fields (accept, resume) may be posted empty.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if err := decode(w, r, v); err != errEmptyBody {
		return err
	}
	return nil
}
