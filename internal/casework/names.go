package casework

// The Chinese names of statuses and actions: what a person reads, on a page, in a
// message and in the domain's own refusals. The identifiers are for code only.

var statusNames = map[Status]string{
	Draft: "草稿", Submitted: "已提交，待受理", AwaitingCorrection: "待补正",
	Accepted: "已受理", InReview: "审查中", Approved: "准予许可", Denied: "不予许可",
	Refused: "不予受理", Withdrawn: "已撤回", Issued: "已出证", Closed: "已办结",
}

// Name returns the Chinese name of the status.
func (s Status) Name() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return "办理中"
}

var actionNames = map[Action]string{
	Submit: "提交申请", Accept: "受理", AcceptWithGaps: "容缺受理",
	RequestCorrection: "一次性告知补正材料", Supplement: "补正材料", Refuse: "不予受理",
	CompleteTask: "完成审查环节", Approve: "准予许可", Deny: "不予许可",
	Suspend: "暂停计时", Resume: "恢复计时", Extend: "延长办理期限",
	Withdraw: "撤回申请", DeemAccept: "逾期未处理，依法视为受理",
	RefreshDeadlines: "按节假日安排更新期限", Issue: "制证", Deliver: "送达",
}

// Name returns the Chinese name of the action.
func (a Action) Name() string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return "办理"
}
