package web

import (
	"net/http"
	"net/url"
	"strconv"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/paging"
)

// messagePages routes the message centre (站内消息): the applicant's page and its
// two forms, and the API's list and read.
func (s *Server) messagePages(m *routeTable) {
	m.Handle("GET /messages", s.pageFor(s.messagesPage, access.Applicant))
	m.Handle("POST /messages/read-all", s.pageFor(s.readAllMessagesSubmit, access.Applicant))
	m.Handle("POST /messages/{id}/read", s.pageFor(s.readMessageSubmit, access.Applicant))
	m.Handle("GET /api/v1/messages", s.api(s.listMessages))
	m.Handle("POST /api/v1/messages/{id}/read", s.api(s.readMessage))
}

// maxMessageForm bounds the read forms' bodies: a cursor at most.
const maxMessageForm = 2 << 10

type messagesView struct {
	base
	List app.MessageList
	// Cursor is the page's own cursor (empty on the first page), kept by its forms.
	Cursor string
}

func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request) error {
	pr := paging.Request{Limit: paging.DefaultLimit, Cursor: r.URL.Query().Get("cursor")}
	list, err := s.svc.Messages(r.Context(), pr)
	if e := apperr.As(err); e != nil && e.Field == "cursor" {
		// The API's words name its parameter; a person followed a link.
		return apperr.New(apperr.Malformed, "bad_cursor", "这一页的链接已失效，请从最新的消息重新查看。")
	}
	if err != nil {
		return err
	}
	v := messagesView{base: s.base(r, "消息"), List: list, Cursor: pr.Cursor}
	v.Unread = list.Unread // the count read with the list, so the header and the page agree
	return s.render(w, r, http.StatusOK, "messages", v)
}

// readMessageSubmit marks one message read and returns to it on the page it was on.
func (s *Server) readMessageSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := messageID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r, maxMessageForm); err != nil {
		return err
	}
	if err := s.svc.ReadMessage(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, messagesPath(r.PostForm.Get("cursor"))+"#m"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) readAllMessagesSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r, maxMessageForm); err != nil {
		return err
	}
	if err := s.svc.ReadAllMessages(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, messagesPath(r.PostForm.Get("cursor")), http.StatusSeeOther)
	return nil
}

func messagesPath(cursor string) string {
	if cursor == "" {
		return "/messages"
	}
	return "/messages?cursor=" + url.QueryEscape(cursor)
}

// messageID reads the {id} of a message's path; one that is no number names no
// message (NotFound), as another applicant's does.
func messageID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("消息 %s 不存在", r.PathValue("id"))
	}
	return id, nil
}

// listMessages answers one page of the applicant's messages, newest first, with
// the count of all their unread ones.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) error {
	pr, err := pageRequest(r)
	if err != nil {
		return err
	}
	list, err := s.svc.Messages(r.Context(), pr)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// readMessage marks one of the applicant's messages read and answers how many remain unread.
func (s *Server) readMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := messageID(r)
	if err != nil {
		return err
	}
	if err := s.svc.ReadMessage(r.Context(), id); err != nil {
		return err
	}
	n, err := s.svc.UnreadMessages(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"unread": n})
	return nil
}
