package web

import (
	"net/http"

	"yiwang/internal/apperr"
)

// pageFunc is a page handler; its error is shown as the error page by page.
type pageFunc func(w http.ResponseWriter, r *http.Request) error

// page serves fn with the quick write deadline, answering its error with the error
// page under the status the API would give the same error (statusByKind).
func (s *Server) page(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setWriteDeadline(w, quickAnswer)
		if err := fn(w, r); err != nil {
			e := publicError(r, s.log, err)
			s.errorPage(w, r, statusByKind[e.Kind], e)
		}
	})
}

// pageAdvice is what the error page of a status says happened and what to do next,
// in the words of a service hall rather than of HTTP.
var pageAdvice = map[int]struct{ heading, advice string }{
	http.StatusBadRequest:            {"请求有误", "请检查填写的内容后重新提交。"},
	http.StatusUnprocessableEntity:   {"填写的内容有误", "请按提示修改后重新提交。"},
	http.StatusNotFound:              {"没有找到您要的页面", "请核对网址或输入的编号，也可以返回首页重新查找。"},
	http.StatusMethodNotAllowed:      {"无法这样打开此页面", "请返回首页，从页面上的链接或按钮进入。"},
	http.StatusConflict:              {"暂时无法完成", "办件的状态可能已经变化，请刷新页面后再试。"},
	http.StatusForbidden:             {"没有权限查看", "此页面需要相应的办事权限；如有疑问，请咨询窗口工作人员。"},
	http.StatusUnauthorized:          {"请先登录", "登录后再打开此页面。"},
	http.StatusRequestEntityTooLarge: {"内容过大", "请缩小文件或减少内容后重新提交。"},
	http.StatusServiceUnavailable:    {"服务暂时繁忙", "请稍等片刻后再试。"},
	http.StatusTooManyRequests:       {"操作过于频繁", "为保护您的账号和办件信息，请按提示的时间稍后再试。"},
	http.StatusInternalServerError: {"系统暂时出了点问题", "这不是您的操作有误。请稍后重试；如果问题一直存在，" +
		"请把下面的请求编号告诉窗口工作人员或服务热线，以便我们查找原因。"},
}

type errorView struct {
	base
	Status    int
	Heading   string
	Message   string
	Advice    string
	RequestID string
}

// errorPage shows e under status. The message of an internal error is not shown
// (it says only 内部错误); its request ID is, to quote to staff, who find the full
// error in the log under it.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, e *apperr.Error) {
	text, ok := pageAdvice[status]
	if !ok {
		text = pageAdvice[http.StatusInternalServerError]
	}
	// No department names: an error page must not depend on the database.
	v := errorView{base: base{Title: text.heading, CSS: s.pages.cssURL, HTMX: s.pages.htmxURL}, Status: status, Heading: text.heading,
		Advice: text.advice}
	setRetryAfter(w, e)
	if e.Kind == apperr.Internal {
		v.RequestID = requestID(r.Context())
	} else {
		v.Message = e.Message
	}
	if err := s.render(w, r, status, "error", v); err != nil {
		s.log.Error("error page", "request_id", requestID(r.Context()), "err", err)
		http.Error(w, "内部错误，请稍后重试（请求编号 "+requestID(r.Context())+"）", http.StatusInternalServerError)
	}
}
