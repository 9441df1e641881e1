package civicid

// Error is a rejected identifier. Reason is a short Chinese message meant for
// the applicant; each cause of rejection has its own message so the applicant
// knows which part of the input to correct.
type Error struct {
	Reason string
}

// Error returns the Chinese message, so the error can be shown as is.
func (e *Error) Error() string { return e.Reason }

// The messages, one per cause. They are kept here together so that the wording
// stays consistent and the tests can name them.
const (
	reasonIDEmpty    = "请填写身份证号码"
	reasonIDLength   = "身份证号码应为18位"
	reasonIDChars    = "身份证号码前17位应为数字，最后一位应为数字或X"
	reasonIDProvince = "身份证号码中的地区代码无效"
	reasonIDBirth    = "身份证号码中的出生日期无效"
	reasonIDCheck    = "身份证号码校验位不正确"
	reasonIDBody     = "身份证号码本体码应为17位数字"

	reasonCreditEmpty    = "请填写统一社会信用代码"
	reasonCreditLength   = "统一社会信用代码应为18位"
	reasonCreditChars    = "统一社会信用代码只能包含数字和大写字母（不使用I、O、S、V、Z）"
	reasonCreditDivision = "统一社会信用代码第3至8位（行政区划码）应为数字"
	reasonCreditCheck    = "统一社会信用代码校验位不正确"
	reasonCreditOrgCode  = "统一社会信用代码中的组织机构代码无效"
	reasonCreditBody     = "统一社会信用代码本体代码应为17位有效字符"
)
