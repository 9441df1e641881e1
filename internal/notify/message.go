package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

// Message is one message to an applicant about one of their cases. It belongs to the
// case's applicant (Applicant is the applicant's ID), so every account of that
// applicant sees it, and a case filed for an applicant at the window keeps its
// messages with that applicant.
type Message struct {
	ID        int64           `json:"id"`
	Applicant int64           `json:"-"`
	Region    string          `json:"-"`
	Case      string          `json:"case"`
	Action    casework.Action `json:"action"`
	Title     string          `json:"title"`
	Body      string          `json:"body"`
	At        time.Time       `json:"at"`
	ReadAt    *time.Time      `json:"read_at"`
}

// Unread reports whether m has not been read.
func (m Message) Unread() bool { return m.ReadAt == nil }

// Store keeps the messages. Every method runs in the caller's transaction.
type Store interface {
	// CreateMessage stores m and sets its ID.
	CreateMessage(ctx context.Context, m *Message) error
	// FindMessages returns at most limit of applicant's messages, newest first,
	// older than the message before (all of them when before is 0).
	FindMessages(ctx context.Context, applicant, before int64, limit int) ([]Message, error)
	// CountUnread counts applicant's unread messages.
	CountUnread(ctx context.Context, applicant int64) (int, error)
	// MarkRead marks applicant's message id read at now, if it was not already;
	// NotFound if applicant has no such message.
	MarkRead(ctx context.Context, applicant, id int64, at time.Time) error
	// MarkAllRead marks every unread message of applicant read at now.
	MarkAllRead(ctx context.Context, applicant int64, at time.Time) error
}

// About returns the message that the applicant of c gets for ev, which was just
// applied to c (c is the case after it), and false for an event the applicant is not
// told of: the steps inside the back office (complete_task) and the dates the sweep
// recomputes. it is the item version c was filed under, which names the materials.
func About(c *casework.Case, ev casework.Event, it *catalog.Item, at time.Time) (Message, bool) {
	w, ok := wording[ev.Action]
	if !ok || !ev.Changed() {
		return Message{}, false
	}
	title, body := w(c, ev, it)
	return Message{Applicant: c.Applicant.ID, Region: c.Region, Case: c.Number, Action: ev.Action,
		Title: title, Body: body, At: at}, true
}

// Told reports whether the applicant gets a message for action.
func Told(action casework.Action) bool {
	_, ok := wording[action]
	return ok
}

type words func(c *casework.Case, ev casework.Event, it *catalog.Item) (title, body string)

// wording is the rule of which action yields which message: one entry per action an
// applicant is told of.
var wording = map[casework.Action]words{
	casework.Submit: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		b := fmt.Sprintf("您的“%s”申请已提交，办件编号 %s。", c.ItemName, c.Number)
		if c.Handling == catalog.Instant {
			return "申请已提交", b + "这是即办件，窗口审核后当场办结。"
		}
		return "申请已提交", b + "窗口将审查材料，并在收到材料后5个工作日内告知是否受理或需要补正的全部材料。"
	},
	casework.Accept: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "申请已受理", fmt.Sprintf("您的“%s”申请已受理。%s", c.ItemName, due(c))
	},
	casework.AcceptWithGaps: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		var lines []string
		for i, g := range c.Gaps {
			if g.SuppliedAt == nil {
				lines = append(lines, fmt.Sprintf("%d. %s，请于 %s 前补交", i+1, g.Name, day(g.Due)))
			}
		}
		return "申请已容缺受理", fmt.Sprintf("您的“%s”申请已容缺受理。%s\n以下材料可以后补，请按期补交，逾期未补交的办件将终止办理：\n%s",
			c.ItemName, due(c), strings.Join(lines, "\n"))
	},
	casework.DeemAccept: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "申请已依法视为受理", fmt.Sprintf("窗口收到您的“%s”申请材料后，5个工作日内未告知需要补正，依照《行政许可法》第三十二条，"+
			"自收到材料之日（%s）起视为受理。%s", c.ItemName, c.ReceivedAt.In(workday.Beijing).Format("2006年1月2日"), due(c))
	},
	casework.RequestCorrection: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		n := c.Corrections[len(c.Corrections)-1]
		lines := make([]string, len(n.Items))
		for i, item := range n.Items {
			lines[i] = fmt.Sprintf("%d. %s：%s", i+1, materialName(it, item.Material), item.Problem)
		}
		b := fmt.Sprintf("您的“%s”申请需要补正以下材料（一次性告知）：\n%s", c.ItemName, strings.Join(lines, "\n"))
		if n.Note != "" {
			b += "\n说明：" + n.Note
		}
		return "请补正材料", b + "\n补齐后，窗口将重新审查；补正期间不计入办理期限。"
	},
	casework.Supplement: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		if c.Status == casework.Submitted {
			return "补正材料已收到", fmt.Sprintf("已收到您为“%s”补交的材料，窗口将重新审查，并告知是否受理。", c.ItemName)
		}
		return "补交材料已收到", fmt.Sprintf("已收到您为“%s”补交的容缺材料，办件继续办理。", c.ItemName)
	},
	casework.Refuse: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "申请不予受理", fmt.Sprintf("您的“%s”申请不予受理。\n原因：%s", c.ItemName, ev.Reason)
	},
	casework.Suspend: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		s := c.Suspensions[len(c.Suspensions)-1]
		b := fmt.Sprintf("您的“%s”申请因%s暂停计时，这段时间依法不计入办理期限。", c.ItemName, casework.SuspensionReasons[s.Reason])
		if s.Note != "" {
			b += "\n说明：" + s.Note
		}
		return "办理暂停计时", b
	},
	casework.Resume: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "办理恢复计时", fmt.Sprintf("您的“%s”申请恢复计时。%s", c.ItemName, due(c))
	},
	casework.Extend: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "办理期限已延长", fmt.Sprintf("您的“%s”申请经批准延长办理期限%d个工作日。\n原因：%s\n%s",
			c.ItemName, c.Extension.Days, c.Extension.Reason, due(c))
	},
	casework.Approve: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		b := fmt.Sprintf("您的“%s”申请已准予许可。", c.ItemName)
		if ev.Reason != "" {
			b += "\n意见：" + ev.Reason
		}
		return "准予许可", b + "\n许可决定将依法送达，请留意后续消息。"
	},
	casework.Deny: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "不予许可", fmt.Sprintf("您的“%s”申请不予许可。\n原因：%s\n对决定不服的，可依法申请行政复议或者提起行政诉讼。", c.ItemName, ev.Reason)
	},
	casework.Withdraw: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		b := fmt.Sprintf("您的“%s”申请已撤回，办件终止办理。", c.ItemName)
		if ev.Reason != "" {
			b += "\n原因：" + ev.Reason
		}
		return "申请已撤回", b
	},
	casework.Issue: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "证照已制作", fmt.Sprintf("您的“%s”证照已制作完成，将依法送达。", c.ItemName)
	},
	casework.Deliver: func(c *casework.Case, ev casework.Event, it *catalog.Item) (string, string) {
		return "已送达，办件办结", fmt.Sprintf("您的“%s”办理结果已送达：%s。办件已办结。", c.ItemName, delivery(c.Delivery))
	},
}

// due says by when the case is promised to be done, once it has a date.
func due(c *casework.Case) string {
	if c.PromisedDue == 0 {
		return ""
	}
	s := "承诺办结日期：" + day(c.PromisedDue)
	if c.Provisional {
		s += "（暂定，待公布节假日安排后确定）"
	}
	return s + "。"
}

func day(d workday.Date) string { return d.Time().Format("2006年1月2日") }

func materialName(it *catalog.Item, id string) string {
	if it != nil {
		if m, ok := it.Material(id); ok {
			return m.Name
		}
	}
	return "材料"
}

func delivery(d *casework.Delivery) string {
	switch d.Method {
	case casework.PickUp:
		if d.Recipient != "" {
			return "由 " + d.Recipient + " 在窗口领取"
		}
		return "在窗口领取"
	case casework.Express:
		return fmt.Sprintf("已通过%s寄出，快递单号 %s", d.Carrier, d.Tracking)
	case casework.Electronic:
		return "电子送达"
	}
	return "已送达"
}
